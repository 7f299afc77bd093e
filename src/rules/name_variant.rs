//! `name-variant`: near-identical spellings of one name anywhere in the case.

use std::collections::BTreeMap;

use super::finding::{describe_group, finding, grouped};
use super::union_find::UnionFind;
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Case;
use crate::value::{Value, name};

pub(super) struct NameVariant;

impl Rule for NameVariant {
    fn id(&self) -> &'static str {
        "name-variant"
    }

    fn summary(&self) -> &'static str {
        "near-identical spellings of a name (one edit per part, or accents only) across the case"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/name-variant.md")
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        // Distinct spellings (case and spacing ignored, accents kept) → their claims.
        let mut spellings: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (i, claim) in case.claims.iter().enumerate() {
            if let Value::Name {
                written,
                entity: None,
            } = &claim.value
            {
                let key = name::tokens_keeping_accents(written).join(" ");
                spellings
                    .entry(key)
                    .or_insert_with(|| (written.to_string(), Vec::new()))
                    .1
                    .push(i);
            }
        }
        let names: Vec<&(String, Vec<usize>)> = spellings.values().collect();
        // Union spellings that are variants of each other; remember if any link is more
        // than accents.
        let mut sets = UnionFind::new(names.len());
        let mut spelling_link = vec![false; names.len()];
        let written: Vec<&str> = names.iter().map(|(w, _)| w.as_str()).collect();
        for (a, b, relation) in name::variant_pairs(&written) {
            let (ra, rb) = (sets.root(a), sets.root(b));
            let beyond_accents =
                relation == name::Spelling::NearVariant || spelling_link[ra] || spelling_link[rb];
            let root = sets.union(a, b);
            spelling_link[root] = beyond_accents;
        }
        let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..names.len() {
            let r = sets.root(i);
            components.entry(r).or_default().push(i);
        }
        components
            .into_iter()
            .filter(|(_, members)| members.len() > 1)
            .map(|(r, members)| {
                let groups: Vec<Vec<usize>> = members.iter().map(|&m| names[m].1.clone()).collect();
                let all: Vec<usize> = groups.iter().flat_map(|g| g.iter().copied()).collect();
                let shared = |get: fn(&crate::model::Claim) -> Option<&str>| {
                    let first = get(&case.claims[all[0]]);
                    all.iter()
                        .all(|&i| get(&case.claims[i]) == first)
                        .then(|| first.map(str::to_string))
                        .flatten()
                };
                let accents_only = !spelling_link[r];
                let described: Vec<String> = groups.iter().map(|g| describe_group(case, g)).collect();
                let finding = finding(
                    self,
                    shared(|c| c.subject()),
                    shared(|c| c.property()),
                    format!(
                        "{}: {}",
                        if accents_only {
                            "names differ only by accents"
                        } else {
                            "near-identical spellings"
                        },
                        described.join(" vs ")
                    ),
                    grouped(case, &groups),
                );
                if accents_only {
                    Finding {
                        severity: Severity::Info,
                        ..finding
                    }
                } else {
                    finding
                }
            })
            .collect()
    }
}
