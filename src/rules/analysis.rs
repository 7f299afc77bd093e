//! The disagreement analysis several rules share, computed once per case: the claims on
//! each subject and single-valued property (within each scope) split into clusters that
//! agree among themselves. `conflicting-values` and `disputed` report it.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::cluster::cluster;
use super::union_find::UnionFind;
use crate::model::{Cardinality, Case, Claim, ClaimBody, Review, Scope};
use crate::value::{DateSet, Interval, Kind, Value, name};

/// Claims on one subject and property (and scope) whose values do not all agree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub subject: String,
    pub property: String,
    /// Groups of claims (indices into `case.claims`) that agree among themselves, in value order.
    pub clusters: Vec<Vec<usize>>,
}

/// What several rules need, computed once per case.
#[derive(Debug, Default)]
pub struct Analysis<'c> {
    pub disagreements: Vec<Disagreement>,
    /// The reviews that matched no finding, once triage has run (see [`super::Stage`]).
    pub unmatched_reviews: Vec<&'c Review>,
}

impl<'c> Analysis<'c> {
    pub fn of(case: &'c Case) -> Analysis<'c> {
        Analysis {
            disagreements: disagreements(case),
            unmatched_reviews: Vec::new(),
        }
    }
}

/// Groups of claims that may be compared under a scope: connected runs of overlapping
/// scope dates; claims without a scope date are compared only among themselves.
fn scope_groups(case: &Case, claims: Vec<usize>, scope: Option<Scope>) -> Vec<Vec<usize>> {
    let Some(scope) = scope else {
        return vec![claims];
    };
    let date_of = |i: usize| -> Option<DateSet> {
        let claim = &case.claims[i];
        match scope {
            Scope::Period => claim.period(),
            Scope::Since => claim.since(),
        }
    };
    let mut dated: Vec<(usize, Interval)> = Vec::new();
    let mut undated: Vec<usize> = Vec::new();
    for i in claims {
        match date_of(i) {
            Some(date) => dated.push((i, date.days)),
            None => undated.push(i),
        }
    }
    dated.sort_by(|a, b| a.1.order(&b.1));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (i, days) in dated {
        match groups.last_mut() {
            Some(group) if days.lo.value <= reach => group.push(i),
            _ => groups.push(vec![i]),
        }
        reach = reach.max(days.hi.value);
    }
    if !undated.is_empty() {
        groups.push(undated);
    }
    groups
}

/// For names, clusters whose spellings differ only slightly are one value: that is a
/// `name-variant` finding, not a conflict.
fn merge_spellings(case: &Case, clusters: &[Vec<usize>]) -> usize {
    // One written name per cluster and spelling, with the cluster it stands for.
    let mut names: Vec<(&str, usize)> = Vec::new();
    for (c, members) in clusters.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for &i in members {
            if let Value::Name { written, .. } = &case.claims[i].value {
                if seen.insert(name::tokens_keeping_accents(written)) {
                    names.push((written, c));
                }
            }
        }
    }
    let written: Vec<&str> = names.iter().map(|(w, _)| *w).collect();
    let mut sets = UnionFind::new(clusters.len());
    for (a, b, _) in name::variant_pairs(&written) {
        sets.union(names[a].1, names[b].1);
    }
    (0..clusters.len()).filter(|&i| sets.root(i) == i).count()
}

fn disagreements(case: &Case) -> Vec<Disagreement> {
    // Hashed, then sorted once: cheaper than an ordered map over a million claims.
    let mut by_key: std::collections::HashMap<(&str, &str), Vec<usize>> = Default::default();
    for (i, claim) in case.claims.iter().enumerate() {
        if let ClaimBody::Fact { subject, property } = &claim.body {
            by_key.entry((subject, property)).or_default().push(i);
        }
    }
    let mut by_key: Vec<((&str, &str), Vec<usize>)> = by_key.into_iter().collect();
    by_key.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Groups are independent: cluster them side by side (the order is kept).
    by_key
        .into_par_iter()
        .flat_map_iter(|((subject, property), claims)| {
            let mut found = Vec::new();
            let Some(prop) = case.properties.get(property) else {
                return found;
            };
            if prop.cardinality == Cardinality::Many || claims.len() < 2 {
                return found;
            }
            for group in scope_groups(case, claims, prop.scoped_by) {
                let clusters = cluster(case, group);
                if clusters.len() < 2 || (prop.kind == Kind::Name && merge_spellings(case, &clusters) < 2) {
                    continue;
                }
                found.push(Disagreement {
                    subject: subject.to_string(),
                    property: property.to_string(),
                    clusters,
                });
            }
            found
        })
        .collect()
}

/// Is every claim of this disagreement from one source, attributed to two or more speakers?
pub(super) fn is_dispute(case: &Case, disagreement: &Disagreement) -> bool {
    let claims: Vec<&Claim> = disagreement
        .clusters
        .iter()
        .flatten()
        .map(|&i| &case.claims[i])
        .collect();
    let sources: BTreeSet<usize> = claims.iter().map(|c| c.source()).collect();
    let speakers: BTreeSet<Option<&str>> = claims.iter().map(|c| c.said_by()).collect();
    sources.len() == 1 && speakers.len() >= 2
}
