//! Rules: one file per rule, listed in [`RULES`]. Each turns a validated case into
//! findings; [`check`] runs them all and orders the findings.

mod before;
mod cluster;
mod conflicting_values;
mod disputed;
mod name_variant;
mod numbering;
mod quote_not_found;
mod relation;
mod timeline;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::finding::{Finding, FindingClaim, Severity};
use crate::model::{Cardinality, Case, CaseRule, Claim, ClaimBody, Param, Scope};
use crate::value::{DateSet, Interval, Kind, Value, name};

pub use before::Before;
pub use cluster::cluster;
pub use conflicting_values::ConflictingValues;
pub use disputed::Disputed;
pub use name_variant::NameVariant;
pub use numbering::Numbering;
pub use quote_not_found::QuoteNotFound;
pub use relation::RelationRule;
pub use timeline::Timeline;

/// A check over a whole case.
pub trait Rule: Sync {
    /// Kebab-case id, as shown in reports.
    fn id(&self) -> &'static str;
    /// One line for `claimcheck rules`.
    fn summary(&self) -> &'static str;
    /// Markdown with the headings *What it finds*, *Why it matters*, *Example*.
    fn doc(&self) -> &'static str;
    /// The severity of its findings (some findings may be milder; see the rule's doc).
    fn severity(&self) -> Severity;
    /// A case rule's parameters, declared beside its check: `case.yaml` is validated
    /// against them and the check reads them with [`CaseRule::get`]. Built-in rules,
    /// which always run, have none.
    fn params(&self) -> &'static [Param] {
        &[]
    }
    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding>;
}

/// Every rule, in the order `claimcheck rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &ConflictingValues,
    &Disputed,
    &NameVariant,
    &RelationRule,
    &QuoteNotFound,
    &Timeline,
    &Numbering,
    &Before,
];

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

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
pub struct Analysis {
    pub disagreements: Vec<Disagreement>,
}

impl Analysis {
    pub fn of(case: &Case) -> Analysis {
        Analysis {
            disagreements: disagreements(case),
        }
    }
}

/// Runs every rule over `case`, in report order.
pub fn check(case: &Case) -> Vec<Finding> {
    let analysis = Analysis::of(case);
    // Rules are independent of each other: run them side by side.
    let mut findings: Vec<Finding> = RULES
        .par_iter()
        .flat_map_iter(|rule| rule.check(case, &analysis))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// A claim as findings show it.
pub fn show(case: &Case, index: usize, group: usize) -> FindingClaim {
    let claim = &case.claims[index];
    FindingClaim {
        source: case.source_of(claim).id.clone(),
        id: claim.id.to_string(),
        value: claim.written.to_string(),
        said_by: claim.said_by().map(str::to_string),
        quote: claim.quote.as_deref().map(str::to_string),
        group,
    }
}

/// `2003 / July 2003 (2 sources)`: the distinct written values of a group and how many
/// sources state it.
pub fn describe_group(case: &Case, group: &[usize]) -> String {
    let mut values: Vec<String> = Vec::new();
    for &i in group {
        let claim = &case.claims[i];
        // A relative date is shown with the day it resolves to, so reviewers see what
        // was compared.
        let written = match &claim.value {
            Value::Date(d) if crate::value::date::is_relative(&claim.written) => {
                format!("{} (= {d})", claim.written)
            }
            _ => claim.written.to_string(),
        };
        if !values.contains(&written) {
            values.push(written);
        }
    }
    let sources: BTreeSet<usize> = group.iter().map(|&i| case.claims[i].source()).collect();
    let n = sources.len();
    format!(
        "{} ({n} source{})",
        values.join(" / "),
        if n == 1 { "" } else { "s" }
    )
}

/// What a subject's claims on some date properties say, read together: the intersection
/// of their intervals when they agree (sources narrow each other), their span when they
/// conflict (the conflict itself is `conflicting-values`' to report).
#[derive(Debug, Clone)]
pub struct SubjectDate<'c> {
    pub subject: &'c str,
    pub date: DateSet,
    /// The claims it is read from, in case order.
    pub claims: Vec<usize>,
}

/// Each subject's date on `properties`, in subject order.
pub fn subject_dates<'c>(case: &'c Case, properties: &[String]) -> Vec<SubjectDate<'c>> {
    let mut by_subject: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, claim) in case.claims.iter().enumerate() {
        if let (ClaimBody::Fact { subject, property }, Value::Date(_)) = (&claim.body, &claim.value) {
            if properties.iter().any(|p| **p == **property) {
                by_subject.entry(subject).or_default().push(i);
            }
        }
    }
    by_subject
        .into_iter()
        .filter_map(|(subject, claims)| {
            let dates: Vec<DateSet> = claims
                .iter()
                .filter_map(|&i| match &case.claims[i].value {
                    Value::Date(d) => Some(*d),
                    _ => None,
                })
                .collect();
            let (first, rest) = dates.split_first()?;
            let meet = rest.iter().try_fold(*first, |acc, d| acc.intersect(d));
            let date = meet.unwrap_or_else(|| {
                let days = rest.iter().fold(first.days, |acc, d| acc.span(&d.days));
                DateSet { days, weekday: None }
            });
            Some(SubjectDate {
                subject,
                date,
                claims,
            })
        })
        .collect()
}

/// The declarations of `rule` in the case's `case.yaml`.
pub fn declared<'c>(case: &'c Case, rule: &dyn Rule) -> impl Iterator<Item = &'c CaseRule> {
    let id = rule.id();
    case.rules.iter().filter(move |r| r.rule == id)
}

/// Disjoint sets over `0..n`, for grouping spellings that are variants of each other.
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub fn root(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        self.parent[i] = r;
        r
    }

    /// Joins the sets of `a` and `b`; returns the new root.
    pub fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.root(a), self.root(b));
        self.parent[ra] = rb;
        rb
    }
}

/// The claims of value groups, in group order, as findings show them.
pub fn grouped(case: &Case, groups: &[Vec<usize>]) -> Vec<FindingClaim> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(g, members)| members.iter().map(move |&i| show(case, i, g)))
        .collect()
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
pub fn is_dispute(case: &Case, disagreement: &Disagreement) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_ids_are_unique_kebab_case_and_documented() {
        let mut ids = BTreeSet::new();
        for rule in RULES {
            let id = rule.id();
            assert!(ids.insert(id), "duplicate rule id {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id} is not kebab-case"
            );
            for heading in ["What it finds", "Why it matters", "Example"] {
                assert!(rule.doc().contains(heading), "{id}'s doc lacks {heading}");
            }
            assert!(!rule.summary().contains('\n'), "{id}'s summary is one line");
        }
        let ids: Vec<&str> = ids.into_iter().collect();
        assert_eq!(
            ids,
            [
                "before",
                "conflicting-values",
                "disputed",
                "name-variant",
                "numbering",
                "quote-not-found",
                "relation",
                "timeline"
            ]
        );
    }
}
