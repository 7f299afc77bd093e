//! The disagreement analysis several rules share, computed once per case: the claims on
//! each subject and single-valued property (within each scope) split into clusters that
//! agree among themselves. `conflicting-values` and `disputed` report it.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::cluster::cluster;
use super::union_find::UnionFind;
use crate::model::{Cardinality, Case, Claim, Review, Scope, index32};
use crate::value::{DateSet, Interval, Kind, Value, name};

/// Claims on one subject and property (and scope) whose values do not all agree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub subject: String,
    pub property: String,
    /// Groups of claims (indices into `case.claims`) that agree among themselves, in value order.
    pub clusters: Vec<Vec<usize>>,
}

/// The facts on one subject and property, in case order. In 16 bytes, indices rather
/// than strings: a large case has a hundred thousand groups while the rules run.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// Index into [`Case::subjects`] (see [`Facts::subject`]).
    subject: u32,
    /// Index into [`Case::property_names`] (see [`Facts::property`]).
    property: u32,
    /// Where their indices into `case.claims` (ascending) stand in the analysis's
    /// `members` (see [`Analysis::claims`]): one list for all groups, not one each.
    start: u32,
    end: u32,
}

impl Facts {
    /// The facts' subject, in `case`, whose analysis grouped them.
    pub fn subject<'c>(&self, case: &'c Case) -> &'c str {
        case.subjects.get(self.subject as usize).map_or("", |s| &**s)
    }

    /// The facts' property, in `case`, whose analysis grouped them.
    pub fn property<'c>(&self, case: &'c Case) -> &'c str {
        case.property_names
            .get(self.property as usize)
            .map_or("", |p| &**p)
    }
}

/// What several rules need, computed once per case.
#[derive(Debug, Default)]
pub struct Analysis<'c> {
    /// Every fact on its subject and property, sorted by subject then property; empty
    /// after triage (see [`super::Stage`]).
    pub facts: Vec<Facts>,
    /// The facts' indices into `case.claims`, group after group.
    members: Vec<u32>,
    pub disagreements: Vec<Disagreement>,
    /// The reviews that matched no finding, once triage has run (see [`super::Stage`]).
    pub unmatched_reviews: Vec<&'c Review>,
    /// The reviews that covered several findings, once triage has run.
    pub broad_reviews: Vec<BroadReview<'c>>,
}

/// A review that gave its verdict to more than one finding: how many, and the first of
/// them in words (`q1 · revenue (wire/rev, blog/rev)`).
#[derive(Debug)]
pub struct BroadReview<'c> {
    pub review: &'c Review,
    pub count: usize,
    pub named: Vec<String>,
}

impl<'c> Analysis<'c> {
    pub fn of(case: &'c Case) -> Analysis<'c> {
        let (facts, members) = fact_groups(case);
        Analysis {
            disagreements: disagreements(case, &facts, &members),
            facts,
            members,
            unmatched_reviews: Vec::new(),
            broad_reviews: Vec::new(),
        }
    }

    /// What the rules that run after triage read: the reviews that matched no finding, and
    /// those that covered several (see [`super::Stage`]).
    pub(super) fn of_reviews(unmatched: Vec<&'c Review>, broad: Vec<BroadReview<'c>>) -> Analysis<'c> {
        Analysis {
            unmatched_reviews: unmatched,
            broad_reviews: broad,
            ..Analysis::default()
        }
    }

    /// The indices into `case.claims` of the facts of `facts`, one of [`Analysis::facts`],
    /// ascending.
    pub fn claims(&self, facts: &Facts) -> &[u32] {
        self.members
            .get(facts.start as usize..facts.end as usize)
            .unwrap_or_default()
    }
}

/// Groups of claims that may be compared under a scope: connected runs of overlapping
/// scope dates; claims without a scope date are compared only among themselves.
fn scope_groups(case: &Case, claims: &[usize], scope: Scope) -> Vec<Vec<usize>> {
    let date_of = |i: usize| -> Option<DateSet> {
        let claim = &case.claims[i];
        match scope {
            Scope::Period => claim.period(),
            Scope::Since => claim.since(),
        }
    };
    let mut dated: Vec<(usize, Interval)> = Vec::new();
    let mut undated: Vec<usize> = Vec::new();
    for &i in claims {
        match date_of(i) {
            // Instants, not days: a morning and an evening period are apart.
            Some(date) => dated.push((i, date.instants())),
            None => undated.push(i),
        }
    }
    dated.sort_by(|a, b| a.1.order(&b.1));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (i, instants) in dated {
        match groups.last_mut() {
            Some(group) if instants.lo.value < reach => group.push(i),
            _ => groups.push(vec![i]),
        }
        reach = reach.max(instants.hi.value);
    }
    if !undated.is_empty() {
        groups.push(undated);
    }
    groups
}

/// When a claim of a cumulative count stood: its `period`, else its source's `published`.
pub(super) fn moment(case: &Case, claim: &Claim) -> Option<DateSet> {
    claim.period().or(case.source_of(claim).published)
}

/// Groups of claims of a cumulative count that may be compared: those at the same moment
/// (the same days and times, however written). A count may have risen between moments that merely
/// overlap, so those are not compared; claims with no moment only among themselves.
fn moment_groups(case: &Case, claims: &[usize]) -> Vec<Vec<usize>> {
    let mut by_moment: std::collections::BTreeMap<(i64, i64), Vec<usize>> = Default::default();
    let mut undated = Vec::new();
    for &i in claims {
        match moment(case, &case.claims[i]) {
            Some(m) => {
                let (from, to) = m.minutes();
                by_moment.entry((from as i64, to as i64)).or_default().push(i)
            }
            None => undated.push(i),
        }
    }
    let mut groups: Vec<Vec<usize>> = by_moment.into_values().collect();
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

/// Every fact of the case on its subject and property, sorted by subject then property.
///
/// Grouped by the indices loading numbers each subject and property with (one each),
/// rather than by hashing a million pairs of strings: subjects are ranked by name once,
/// properties are numbered in name order already, so sorting the triples (subject's
/// rank, property, fact) in place (twelve bytes a fact) puts the groups in order. Returns
/// the groups and their members, one list for all.
fn fact_groups(case: &Case) -> (Vec<Facts>, Vec<u32>) {
    let mut by_name: Vec<u32> = (0..index32(case.subjects.len())).collect();
    by_name.par_sort_unstable_by(|&a, &b| case.subjects[a as usize].cmp(&case.subjects[b as usize]));
    let mut rank = vec![0; case.subjects.len()];
    for (r, &subject) in by_name.iter().enumerate() {
        rank[subject as usize] = index32(r);
    }
    // Gathered on one thread into a list sized once: collected in parallel, the lists
    // of each thread and their joining briefly held the facts two or three times over.
    let mut keyed: Vec<(u32, u32, u32)> = Vec::with_capacity(case.claims.len());
    keyed.extend(case.claims.iter().enumerate().filter_map(|(i, claim)| {
        let (subject, property) = claim.fact()?;
        Some((*rank.get(subject as usize)?, property, index32(i)))
    }));
    keyed.par_sort_unstable();
    let mut groups: Vec<Facts> = Vec::new();
    let mut start = 0;
    for run in keyed.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        // A fact's property is always one of the case's (loading and the cache see to it).
        groups.push(Facts {
            subject: by_name[run[0].0 as usize],
            property: run[0].1,
            start: index32(start),
            end: index32(start + run.len()),
        });
        start += run.len();
    }
    let members: Vec<u32> = keyed.iter().map(|k| k.2).collect();
    (groups, members)
}

fn disagreements(case: &Case, facts: &[Facts], members: &[u32]) -> Vec<Disagreement> {
    // Groups are independent: cluster them side by side (the order is kept).
    facts
        .par_iter()
        .flat_map_iter(|facts| {
            let (subject, property) = (facts.subject(case), facts.property(case));
            let mut found = Vec::new();
            let members = &members[facts.start as usize..facts.end as usize];
            let Some(prop) = case.properties.get(property) else {
                return found;
            };
            if prop.cardinality == Cardinality::Many || members.len() < 2 {
                return found;
            }
            let claims: Vec<usize> = members.iter().map(|&i| i as usize).collect();
            let groups = match (prop.cumulative, prop.scoped_by) {
                (true, _) => moment_groups(case, &claims),
                (false, Some(scope)) => scope_groups(case, &claims, scope),
                (false, None) => vec![claims],
            };
            for group in groups {
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

/// Is this disagreement a dispute the sources report, rather than an error of theirs?
///
/// Inside one source: its claims are attributed to two or more speakers (a claim without
/// `said_by` is the source's own voice). Across sources: every claim is attributed, and no
/// speaker is on two sides — outlets printing the same agency copy faithfully report that
/// the speakers disagree. Speakers are compared as names are, and through entity aliases.
pub(super) fn is_dispute(case: &Case, disagreement: &Disagreement) -> bool {
    let claims: Vec<&Claim> = disagreement
        .clusters
        .iter()
        .flatten()
        .map(|&i| &case.claims[i])
        .collect();
    let sources: BTreeSet<usize> = claims.iter().map(|c| c.source()).collect();
    if sources.len() == 1 {
        let speakers: BTreeSet<Option<&str>> = claims.iter().map(|c| c.said_by()).collect();
        return speakers.len() >= 2;
    }
    let mut side_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (side, members) in disagreement.clusters.iter().enumerate() {
        for &i in members {
            let Some(speaker) = case.claims[i].said_by() else {
                return false;
            };
            if *side_of.entry(speaker_key(case, speaker)).or_insert(side) != side {
                return false;
            }
        }
    }
    true
}

/// A speaker as disputes compare them: its entity, or its name folded.
pub(super) fn speaker_key(case: &Case, said_by: &str) -> String {
    let key = name::key(said_by);
    match case.entity_keys.get(&key) {
        Some(entity) => entity.to_string(),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, findings_of};

    /// Facts are grouped by subject and property in string order, each group in case
    /// order; relations belong to no group; the same strings held apart (not shared, as
    /// loading shares them) still make one group.
    #[test]
    fn facts_are_grouped_by_subject_and_property() {
        let case = case(&[
            ("case.yaml", CASE),
            (
                "a.yaml",
                "claims:
  - {id: a, subject: m, property: visas, value: 100, period: 2012}
  - {id: b, subject: k, property: visas, value: 100, period: 2012}
  - {id: c, subject: m, property: head, value: Ana Diaz}
  - {id: d, subject: m, property: visas, value: 200, period: 2012}
  - {id: r, relation: ratio, of: a, to: d, value: 0.5}
",
            ),
            (
                "b.yaml",
                "claims:\n  - {id: e, subject: m, property: visas, value: 300, period: 2012}\n",
            ),
        ]);
        let groups = |case: &crate::model::Case| -> Vec<(String, String, Vec<usize>)> {
            let analysis = super::Analysis::of(case);
            analysis
                .facts
                .iter()
                .map(|f| {
                    let claims = analysis.claims(f).iter().map(|&i| i as usize).collect();
                    (f.subject(case).to_string(), f.property(case).to_string(), claims)
                })
                .collect()
        };
        let expected = [
            ("k".to_string(), "visas".to_string(), vec![1]),
            ("m".to_string(), "head".to_string(), vec![2]),
            ("m".to_string(), "visas".to_string(), vec![0, 3, 4]),
        ];
        assert_eq!(groups(&case), expected);
        assert_eq!(case.claims.len(), 6, "the relation is a claim of no group");
    }

    const CASE: &str = "properties:
  visas: {type: quantity, scoped_by: period}
  round_number: {type: quantity, scoped_by: since}
  suspended: {type: date}
  members: {type: name, cardinality: many}
  head: {type: name}
  requested_by: {type: text}
";

    /// The (subject, message) of every `conflicting-values` and `disputed` finding.
    fn disagreements(files: &[(&str, &str)]) -> Vec<(String, String, String)> {
        let mut all = vec![("case.yaml", CASE)];
        all.extend_from_slice(files);
        let case = case(&all);
        ["conflicting-values", "disputed"]
            .iter()
            .flat_map(|rule| findings_of(&case, rule))
            .map(|f| (f.rule.to_string(), f.subject.unwrap_or_default(), f.message))
            .collect()
    }

    #[test]
    fn scoped_claims_are_compared_within_runs_of_overlapping_periods() {
        let found = disagreements(&[(
            "a.yaml",
            "claims:
  - {id: a, subject: m, property: visas, value: 100, period: 2012}
  - {id: b, subject: m, property: visas, value: 200, period: 2013}
  - {id: c, subject: m, property: visas, value: 300, period: 2013-06}
  - {id: d, subject: m, property: visas, value: 100, period: 2012-01..2012-12}
  - {id: e, subject: m, property: visas, value: 400}
  - {id: f, subject: m, property: visas, value: 500}
",
        )]);
        // 2012 agrees with itself; 2013 and June 2013 overlap and differ; the claims
        // without a period are compared only with each other.
        assert_eq!(
            found,
            [
                (
                    "conflicting-values".into(),
                    "m".into(),
                    "visas: 200 (1 source) vs 300 (1 source)".into()
                ),
                (
                    "conflicting-values".into(),
                    "m".into(),
                    "visas: 400 (1 source) vs 500 (1 source)".into()
                ),
            ]
        );
    }

    #[test]
    fn periods_that_only_touch_at_their_ends_form_one_run() {
        let found = disagreements(&[(
            "a.yaml",
            "claims:
  - {id: a, subject: m, property: visas, value: 100, period: 2012-01-01..2012-06-30}
  - {id: b, subject: m, property: visas, value: 200, period: 2012-06-30..2012-12-31}
  - {id: c, subject: m, property: visas, value: 300, period: 2013-01-01..2013-12-31}
",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "visas: 100 (1 source) vs 200 (1 source)");
    }

    #[test]
    fn counts_since_different_starts_are_not_compared() {
        let found = disagreements(&[(
            "a.yaml",
            "claims:
  - {id: a, subject: r, property: round_number, value: second, since: July 2013}
  - {id: b, subject: r, property: round_number, value: fifth, since: 2012}
  - {id: c, subject: r, property: round_number, value: third, since: July 2013}
",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "round_number: second (1 source) vs third (1 source)");
    }

    #[test]
    fn many_valued_properties_and_single_claims_are_never_disagreements() {
        let found = disagreements(&[(
            "a.yaml",
            "claims:
  - {id: a, subject: d, property: members, value: Edward Lee}
  - {id: b, subject: d, property: members, value: Bisa Williams}
  - {id: c, subject: s, property: suspended, value: 2003}
",
        )]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn spelling_variants_are_one_value_here_and_a_name_variant_finding_elsewhere() {
        let found = disagreements(&[(
            "a.yaml",
            "claims:
  - {id: a, subject: d, property: head, value: Eduard Alex Lee}
  - {id: b, subject: d, property: head, value: Edward Alex Lee}
  - {id: c, subject: e, property: head, value: Edward Alex Lee}
  - {id: x, subject: e, property: head, value: Bisa Williams}
",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "e");
    }

    #[test]
    fn one_source_two_speakers_is_a_dispute_one_voice_is_a_conflict() {
        let dispute = "claims:
  - {id: a, subject: t, property: requested_by, value: Cuba, said_by: U.S. official}
  - {id: b, subject: t, property: requested_by, value: United States, said_by: Cuban official}
";
        let found = disagreements(&[("a.yaml", dispute)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "disputed");
        // The source contradicting itself in its own voice is its own error.
        let same_voice = "claims:
  - {id: a, subject: t, property: requested_by, value: Cuba}
  - {id: b, subject: t, property: requested_by, value: United States}
";
        assert_eq!(
            disagreements(&[("a.yaml", same_voice)])[0].0,
            "conflicting-values"
        );
        // One speaker against the source's own voice is still two voices.
        let one_speaker = "claims:
  - {id: a, subject: t, property: requested_by, value: Cuba, said_by: U.S. official}
  - {id: b, subject: t, property: requested_by, value: United States}
";
        assert_eq!(disagreements(&[("a.yaml", one_speaker)])[0].0, "disputed");
        // Across sources, speakers who each keep to one side are a dispute the sources
        // report; one speaker on both sides is a conflict.
        let across = |x: &str, y: &str| {
            disagreements(&[
                (
                    "a.yaml",
                    &format!("claims:\n  - {{id: a, subject: t, property: requested_by, value: Cuba, said_by: {x}}}\n"),
                ),
                (
                    "b.yaml",
                    &format!("claims:\n  - {{id: b, subject: t, property: requested_by, value: Spain, said_by: {y}}}\n"),
                ),
            ])[0]
                .0
                .clone()
        };
        assert_eq!(across("x", "y"), "disputed");
        assert_eq!(across("x", "X"), "conflicting-values");
    }
}
