//! Splitting the claims on one subject and property into clusters that agree, the first
//! step of finding a disagreement.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::Case;
use crate::value::{Value, name};

/// Splits claims into groups that agree, greedily over value order: each group keeps
/// the values all its members allow, so a value joins only if it agrees with them all.
pub(super) fn cluster(case: &Case, claims: Vec<usize>) -> Vec<Vec<usize>> {
    cluster_by(claims, |i| &case.claims[i].value)
}

/// [`cluster`] over the items `value_of` gives the value of.
fn cluster_by<'v>(claims: Vec<usize>, value_of: impl Fn(usize) -> &'v Value) -> Vec<Vec<usize>> {
    // Each name is split into its parts once: its place in the order, the index of parts
    // and its look-up all read them (splitting took a fifth of clustering a large case).
    let mut items: Vec<(usize, &Value, Option<Vec<String>>)> = claims
        .into_iter()
        .map(|i| {
            let value = value_of(i);
            (i, value, written(value).map(parts))
        })
        .collect();
    items.sort_by_cached_key(|(i, value, parts)| (sort_key(value, parts.as_deref()), *i));
    let mut names = NameIndex::new(items.iter().filter_map(|(_, _, parts)| parts.as_deref()));
    // Each cluster's value, its name's parts when it is a name, and its members.
    let mut clusters: Vec<(Value, Option<Vec<String>>, Vec<usize>)> = Vec::new();
    for (i, value, parts) in items {
        // Sorted by lower end, an interval can only join the last cluster: every earlier
        // cluster ended before a value that starts no later than this one. Names can agree
        // across the order (a subset name), so they look at every cluster that could
        // agree, the last first; so do times of day, which meet around the clock (a
        // day holds at most 1440 clusters of them).
        let candidates = match (value, &parts) {
            (Value::Name { entity, .. }, Some(parts)) => names.candidates(parts, entity.as_ref()),
            (Value::Time(_), _) => (0..clusters.len()).rev().collect(),
            _ => clusters.len().checked_sub(1).into_iter().collect(),
        };
        let joined = candidates.into_iter().find_map(|c| {
            let (joined, joined_parts, _) = &clusters[c];
            let narrowed = match (joined_parts, &parts) {
                (Some(a), Some(b)) => joined.meet_names(tokens(a), value, tokens(b)),
                _ => joined.meet(value),
            };
            narrowed.map(|narrowed| (c, narrowed))
        });
        match joined {
            Some((c, narrowed)) => {
                if narrowed != clusters[c].0 {
                    // A name grown fuller (rare): split once more.
                    let narrowed_parts = written(&narrowed).map(self::parts);
                    if let (Value::Name { entity, .. }, Some(parts)) = (&narrowed, &narrowed_parts) {
                        names.record(c, parts.clone(), entity.as_ref());
                    }
                    clusters[c].1 = narrowed_parts;
                    clusters[c].0 = narrowed;
                }
                clusters[c].2.push(i);
            }
            None => {
                if let (Value::Name { entity, .. }, Some(parts)) = (value, &parts) {
                    names.record(clusters.len(), parts.clone(), entity.as_ref());
                }
                clusters.push((value.clone(), parts, vec![i]));
            }
        }
    }
    clusters
        .into_iter()
        .map(|(_, _, mut members)| {
            members.sort_unstable();
            members
        })
        .collect()
}

/// [`Value::sort_key`], reading a name's `parts` rather than splitting it again.
fn sort_key<'v>(value: &'v Value, parts: Option<&[String]>) -> (i64, i64, std::borrow::Cow<'v, str>) {
    match (value, parts) {
        // A name without parts has the one empty part of [`parts`], and none of its own.
        (Value::Name { .. }, Some([empty])) if empty.is_empty() => crate::value::name_sort_key(&[]),
        (Value::Name { .. }, Some(parts)) => crate::value::name_sort_key(parts),
        _ => value.sort_key(),
    }
}

fn written(value: &Value) -> Option<&str> {
    match value {
        Value::Name { written, .. } => Some(written),
        _ => None,
    }
}

/// Which name clusters a name could agree with, so that five thousand different names
/// are not each compared with every cluster.
///
/// Two names agree when they are one entity, or when one's parts are all among the
/// other's ([`name::compare`]). Names arrive fullest first ([`Value::sort_key`]), so a
/// cluster's name has at least as many parts as the new one, and the new name can only
/// be within it: then the cluster holds the new name's rarest part. So the clusters that
/// hold that part, and those of its entity, are every cluster it could agree with;
/// [`Value::meet`] still decides. A cluster's name only ever grows to a fuller one, so
/// entries are added and never need removing.
struct NameIndex {
    /// How many names of the group have each part: rarity, fixed before clustering.
    frequency: HashMap<String, usize>,
    /// Part → clusters whose name has (or had) it.
    holding: HashMap<String, Vec<usize>>,
    /// Entity → clusters whose name is (or was) that entity.
    entities: HashMap<Arc<str>, Vec<usize>>,
}

impl NameIndex {
    /// The index of the names whose parts are `names`, before any cluster.
    fn new<'a>(names: impl Iterator<Item = &'a [String]>) -> Self {
        let mut frequency: HashMap<String, usize> = HashMap::new();
        for parts in names {
            for (k, part) in parts.iter().enumerate() {
                // Each part counted once a name.
                if parts[..k].contains(part) {
                    continue;
                }
                match frequency.get_mut(part) {
                    Some(count) => *count += 1,
                    None => {
                        frequency.insert(part.clone(), 1);
                    }
                }
            }
        }
        NameIndex {
            frequency,
            holding: HashMap::new(),
            entities: HashMap::new(),
        }
    }

    fn rarest<'p>(&self, parts: &'p [String]) -> Option<&'p String> {
        parts
            .iter()
            .min_by_key(|part| (self.frequency.get(*part).copied().unwrap_or(0), *part))
    }

    /// Records that cluster `c` now stands for the name of `parts` and `entity`.
    fn record(&mut self, c: usize, parts: Vec<String>, entity: Option<&Arc<str>>) {
        for part in parts {
            self.holding.entry(part).or_default().push(c);
        }
        if let Some(entity) = entity {
            self.entities.entry(entity.clone()).or_default().push(c);
        }
    }

    /// The clusters the name of `parts` and `entity` could agree with, the last first.
    fn candidates(&self, parts: &[String], entity: Option<&Arc<str>>) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        if let Some(rarest) = self.rarest(parts) {
            found.extend(self.holding.get(rarest).into_iter().flatten());
        }
        if let Some(entity) = entity {
            found.extend(self.entities.get(entity).into_iter().flatten());
        }
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.dedup();
        found
    }
}

/// The [`name::tokens`] that a name's [`parts`] stand for.
fn tokens(parts: &[String]) -> &[String] {
    match parts {
        [empty] if empty.is_empty() => &[],
        _ => parts,
    }
}

/// A name's parts as [`name::compare`] sees them; a name with none (`—`) agrees only with
/// another with none, so it gets one empty part that no other name has.
fn parts(written: &str) -> Vec<String> {
    let parts = name::tokens(written);
    if parts.is_empty() {
        vec![String::new()]
    } else {
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The clusters of the plain greedy search, every cluster tried, the last first.
    fn every_cluster(values: &[Value]) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by_cached_key(|&i| (values[i].sort_key(), i));
        let mut clusters: Vec<(Value, Vec<usize>)> = Vec::new();
        for i in order {
            let joined = (0..clusters.len())
                .rev()
                .find_map(|c| clusters[c].0.meet(&values[i]).map(|narrowed| (c, narrowed)));
            match joined {
                Some((c, narrowed)) => {
                    clusters[c].0 = narrowed;
                    clusters[c].1.push(i);
                }
                None => clusters.push((values[i].clone(), vec![i])),
            }
        }
        clusters
            .into_iter()
            .map(|(_, mut members)| {
                members.sort_unstable();
                members
            })
            .collect()
    }

    fn name_value(written: &str, entity: Option<&str>) -> Value {
        Value::Name {
            written: written.into(),
            entity: entity.map(Arc::from),
        }
    }

    /// A cluster keeps what all its members allow: a value that agrees with the first
    /// member but not with a narrower second one starts a cluster of its own.
    #[test]
    fn a_cluster_narrows_to_what_every_member_allows() {
        let date = |text: &str| Value::Date(crate::value::date::parse(text, None).unwrap());
        let values = [date("2003..2005"), date("mid 2003"), date("2004")];
        assert_eq!(cluster_by(vec![0, 1, 2], |i| &values[i]), [vec![0, 1], vec![2]]);
        // Any order of the input gives the same clusters.
        assert_eq!(cluster_by(vec![2, 1, 0], |i| &values[i]), [vec![0, 1], vec![2]]);
    }

    /// Times of day meet around the clock: a time just before midnight joins the cluster
    /// of one just after it, though a time between them in value order came first.
    #[test]
    fn times_join_a_cluster_across_midnight() {
        let time = |from: f64, to: f64| Value::Time(crate::value::Interval::half_open(from, to));
        // 00:05, noon, and 23:40–00:11 (`about 11:55 pm`).
        let values = [time(5.0, 6.0), time(720.0, 721.0), time(1420.0, 1451.0)];
        assert_eq!(cluster_by(vec![0, 1, 2], |i| &values[i]), [vec![0, 2], vec![1]]);
    }

    #[test]
    fn a_shorter_name_joins_the_fuller_cluster_that_came_first() {
        let values = [
            name_value("Edward Alex Lee", None),
            name_value("Josefina Vidal", None),
            name_value("Alex Lee", None),
            name_value("Lee", None),
            name_value("Vidal", None),
            name_value("Eduard Alex Lee", None),
            name_value("—", None),
            name_value("…", None),
        ];
        let clusters = cluster_by((0..values.len()).collect(), |i| &values[i]);
        assert_eq!(clusters, every_cluster(&values));
        assert!(clusters.contains(&vec![1, 4]), "{clusters:?}");
        assert!(clusters.contains(&vec![6, 7]), "{clusters:?}");
    }

    #[test]
    fn aliases_of_one_entity_agree_without_sharing_a_part() {
        let values = [
            name_value("U.S.", Some("usa")),
            name_value("United States", Some("usa")),
            name_value("Washington", None),
        ];
        let clusters = cluster_by((0..values.len()).collect(), |i| &values[i]);
        assert_eq!(clusters, every_cluster(&values));
        assert!(clusters.contains(&vec![0, 1]), "{clusters:?}");
    }

    proptest! {
        #[test]
        fn name_clusters_match_trying_every_cluster(
            names in proptest::collection::vec(
                (proptest::collection::vec("[abcd]{1,2}", 0..4), proptest::option::of("[xy]")),
                1..40,
            )
        ) {
            let values: Vec<Value> = names
                .iter()
                .map(|(parts, entity)| name_value(&parts.join(" "), entity.as_deref()))
                .collect();
            let clusters = cluster_by((0..values.len()).collect(), |i| &values[i]);
            prop_assert_eq!(clusters, every_cluster(&values));
        }
    }
}
