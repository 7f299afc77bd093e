//! Rules: the [`Rule`] trait and the registry [`RULES`], one file per rule. Each rule
//! turns a validated case into findings; [`check`] runs the rules that read claims,
//! [`after_triage`] those that read what triage left (stale reviews).
//!
//! Shared by several rules: [`analysis`] (which claims disagree), [`dates`] (subjects'
//! dates for the case rules), [`cluster`] and [`union_find`] (grouping values), and
//! [`finding`] (the one constructor of findings).

mod analysis;
mod cluster;
mod dates;
mod finding;
mod union_find;

mod before;
mod broad_review;
mod conflicting_values;
mod count_went_down;
mod disputed;
mod name_variant;
mod numbering;
mod quote_not_found;
mod relation;
mod stale_review;
mod timeline;

use rayon::prelude::*;

use crate::finding::{Finding, Severity};
use crate::model::{Case, Param};

pub use analysis::{Analysis, BroadReview, Disagreement};

/// When a rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Over the case's claims.
    Claims,
    /// After triage, over the reviews that matched no finding.
    Reviews,
}

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
    /// against them and the check reads them with [`crate::model::CaseRule::get`].
    /// Built-in rules, which always run, have none.
    fn params(&self) -> &'static [Param] {
        &[]
    }
    /// Whether the groups of its findings are sides that disagree (values that agree with
    /// each other against other values), rather than roles (an event, a pause, a
    /// resumption): only sides can be supported by a primary source, or have a source
    /// alone against the others.
    fn sides(&self) -> bool {
        false
    }
    fn stage(&self) -> Stage {
        Stage::Claims
    }
    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding>;
}

/// Every rule, in the order `claimcheck rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &conflicting_values::ConflictingValues,
    &disputed::Disputed,
    &count_went_down::CountWentDown,
    &name_variant::NameVariant,
    &relation::RelationRule,
    &quote_not_found::QuoteNotFound,
    &timeline::Timeline,
    &numbering::Numbering,
    &before::Before,
    &stale_review::StaleReview,
    &broad_review::BroadReviewRule,
];

pub(crate) fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

/// Runs the rules of `stage` with `analysis`, side by side (rules are independent of
/// each other), and puts the findings in report order.
fn run(case: &Case, analysis: &Analysis, stage: Stage, mut findings: Vec<Finding>) -> Vec<Finding> {
    // Each rule's findings in a list of its own, moved into one list sized once: gathered
    // as they came, their lists grew by doubling and were copied again.
    let found: Vec<Vec<Finding>> = RULES
        .par_iter()
        .filter(|rule| rule.stage() == stage)
        .map(|rule| {
            let found = rule.check(case, analysis);
            found
                .into_iter()
                .map(|f| finding::with_context(case, f))
                .collect()
        })
        .collect();
    findings.reserve_exact(found.iter().map(Vec::len).sum());
    for mut rule_found in found {
        findings.append(&mut rule_found);
    }
    sort_in_report_order(&mut findings);
    findings
}

/// Sorts findings in [`Finding::report_order`], keeping the order of those it ties,
/// without the scratch a stable sort of them would take (as large as the list itself: a
/// large case's peak memory): their positions are sorted, and the findings swapped into
/// theirs, a cycle of the permutation at a time.
fn sort_in_report_order(findings: &mut [Finding]) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| findings[a].report_order(&findings[b]));
    // The finding at `order[k]` belongs at `k`; a position is marked done with `usize::MAX`.
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != usize::MAX {
            let from = std::mem::replace(&mut order[k], usize::MAX);
            if from == start {
                break;
            }
            findings.swap(k, from);
            k = from;
        }
    }
}

/// Runs every rule over the case's claims, in report order.
pub fn check(case: &Case) -> Vec<Finding> {
    run(case, &Analysis::of(case), Stage::Claims, Vec::new())
}

/// Adds the findings of the rules that run after triage (a review that matched no
/// finding is stale) to the triaged `findings`, in report order.
pub(crate) fn after_triage<'c>(
    case: &'c Case,
    findings: Vec<Finding>,
    triaged: crate::triage::Triaged<'c>,
) -> Vec<Finding> {
    let analysis = Analysis::of_reviews(triaged.unmatched, triaged.broad);
    run(case, &analysis, Stage::Reviews, findings)
}

/// Cases written inline for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::finding::Finding;
    use crate::model::Case;

    /// Loads a case from `(file name, text)` pairs written to a temporary folder; every
    /// file must be valid.
    pub(crate) fn case(files: &[(&str, &str)]) -> Case {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let mut loaded = crate::load::load(&[dir.path().to_path_buf()]);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        loaded.cases.remove(0)
    }

    /// Every finding of `rule` in the case, triaged, in report order.
    pub(crate) fn findings_of(case: &Case, rule: &str) -> Vec<Finding> {
        crate::pipeline::check_case(case)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// The subjects of `rule`'s findings.
    pub(crate) fn subjects(case: &Case, rule: &str) -> Vec<String> {
        findings_of(case, rule)
            .into_iter()
            .map(|f| f.subject.unwrap_or_default())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Sorted by their positions, findings end as a stable sort leaves them, ties in
    /// the order they came, from every order they may come in.
    #[test]
    fn findings_are_sorted_as_a_stable_sort_would() {
        // Each finding is told apart by its unit, which the order does not read: four
        // keys, each held by three findings.
        let findings: Vec<Finding> = (0..12)
            .map(|i| {
                Finding {
                    subject: Some(["s", "t"][i % 2].to_string()),
                    ..Finding::new(["a", "b"][i % 4 / 2], Severity::Error, String::new())
                }
                .with_more(crate::finding::FindingMore {
                    unit: Some(i.to_string()),
                    ..Default::default()
                })
            })
            .collect();
        let mut seed = 7_u64;
        for round in 0..200 {
            let mut shuffled = findings.clone();
            if round > 0 {
                for k in (1..shuffled.len()).rev() {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    shuffled.swap(k, (seed >> 33) as usize % (k + 1));
                }
            }
            let mut expected = shuffled.clone();
            expected.sort_by(Finding::report_order);
            sort_in_report_order(&mut shuffled);
            assert_eq!(shuffled, expected, "round {round}");
        }
        let mut none: Vec<Finding> = Vec::new();
        sort_in_report_order(&mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn rules_are_found_by_id() {
        for rule in RULES {
            assert_eq!(find(rule.id()).map(|r| r.id()), Some(rule.id()));
        }
        assert!(find("timelines").is_none());
        assert!(find("").is_none());
    }

    /// The README's rule table is written from these summaries (and checked against
    /// `claimcheck rules` too); a summary must say something.
    #[test]
    fn summaries_are_the_ones_the_readme_lists() {
        let readme = include_str!("../../README.md");
        for rule in RULES {
            let summary = rule.summary();
            assert!(summary.len() > 20, "{}", rule.id());
            assert!(
                readme.contains(summary),
                "README lacks the summary of {}",
                rule.id()
            );
        }
    }

    #[test]
    fn only_case_rules_take_parameters() {
        let case_rules: Vec<&str> = RULES
            .iter()
            .filter(|r| !r.params().is_empty())
            .map(|r| r.id())
            .collect();
        assert_eq!(case_rules, ["timeline", "numbering", "before"]);
        let after_triage: Vec<&str> = RULES
            .iter()
            .filter(|r| r.stage() == Stage::Reviews)
            .map(|r| r.id())
            .collect();
        assert_eq!(after_triage, ["stale-review", "broad-review"]);
    }

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
                "broad-review",
                "conflicting-values",
                "count-went-down",
                "disputed",
                "name-variant",
                "numbering",
                "quote-not-found",
                "relation",
                "stale-review",
                "timeline"
            ]
        );
    }
}
