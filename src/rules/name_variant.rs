//! `name-variant`: near-identical spellings of one name anywhere in the case.

use rustc_hash::FxHashMap;
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
    fn sides(&self) -> bool {
        true
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        // Distinct spellings (case and spacing ignored, accents kept) → the first as
        // written and the claims. A name is written the same way by many claims: each
        // way it is written is split into parts once.
        let mut spellings: Vec<(String, Vec<usize>)> = Vec::new();
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_written: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, claim) in case.claims.iter().enumerate() {
            if let Value::Name {
                written,
                entity: None,
            } = &claim.value
            {
                let spelling = *by_written.entry(written).or_insert_with(|| {
                    let key = name::tokens_keeping_accents(written).join(" ");
                    *by_key.entry(key).or_insert_with(|| {
                        spellings.push((written.to_string(), Vec::new()));
                        spellings.len() - 1
                    })
                });
                spellings[spelling].1.push(i);
            }
        }
        let names: Vec<&(String, Vec<usize>)> = by_key.values().map(|&s| &spellings[s]).collect();
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
                let shared = |get: for<'c> fn(&'c Case, &'c crate::model::Claim) -> Option<&'c str>| {
                    let first = get(case, &case.claims[all[0]]);
                    all.iter()
                        .all(|&i| get(case, &case.claims[i]) == first)
                        .then(|| first.map(str::to_string))
                        .flatten()
                };
                let accents_only = !spelling_link[r];
                let described: Vec<String> = groups.iter().map(|g| describe_group(case, g)).collect();
                let finding = finding(
                    self,
                    shared(Case::subject_of),
                    shared(Case::property_of),
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

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{case, findings_of};

    const CASE: &str = "properties:
  head: {type: name}
  deputy: {type: name}
entities:
  lee:
    name: Edward Alex Lee
    aliases: [Eduardo Lee]
";

    fn variants(claims: &str) -> Vec<(Severity, Option<String>, Option<String>, String)> {
        findings_of(&case(&[("case.yaml", CASE), ("a.yaml", claims)]), "name-variant")
            .into_iter()
            .map(|f| (f.severity, f.subject, f.property, f.message))
            .collect()
    }

    #[test]
    fn near_identical_spellings_across_the_case_are_a_warning() {
        let found = variants(
            "claims:
  - {id: a, subject: round-1, property: head, value: Bisa Wiliams}
  - {id: b, subject: round-2, property: deputy, value: Bisa Williams}
  - {id: c, subject: round-3, property: head, value: Bisa Williams}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let (severity, subject, property, message) = &found[0];
        assert_eq!(*severity, Severity::Warning);
        // Claims on different subjects and properties: the finding has neither.
        assert_eq!((subject, property), (&None, &None));
        assert_eq!(
            message,
            "near-identical spellings: Bisa Wiliams (1 source) vs Bisa Williams (1 source)"
        );
    }

    #[test]
    fn accents_alone_are_info_and_keep_a_shared_subject() {
        let found = variants(
            "claims:
  - {id: a, subject: round-1, property: head, value: José Bolaños}
  - {id: b, subject: round-1, property: head, value: Jose Bolanos}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let (severity, subject, property, message) = &found[0];
        assert_eq!(*severity, Severity::Info);
        assert_eq!(
            (subject.as_deref(), property.as_deref()),
            (Some("round-1"), Some("head"))
        );
        assert!(message.starts_with("names differ only by accents: "), "{message}");
    }

    #[test]
    fn accents_and_a_spelling_in_one_group_are_a_spelling_variant() {
        let found = variants(
            "claims:
  - {id: a, subject: r, property: head, value: José Bolaños}
  - {id: b, subject: r, property: head, value: Jose Bolanos}
  - {id: c, subject: r, property: head, value: Jose Bolanoz}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Warning);
    }

    #[test]
    fn subsets_distinct_names_and_entity_names_are_no_finding() {
        let found = variants(
            "claims:
  - {id: a, subject: r, property: head, value: Alex Lee}
  - {id: b, subject: r, property: head, value: Edward Alex Lee}
  - {id: c, subject: s, property: head, value: Eduardo Lee}
  - {id: d, subject: t, property: head, value: Roberta Jacobson}
  - {id: e, subject: t, property: deputy, value: Bisa Williams}
",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
