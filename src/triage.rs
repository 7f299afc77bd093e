//! Triage: marking the findings that `reviewed.yaml` has ruled on with their verdicts,
//! and handing on the reviews that matched none (the `stale-review` rule reports them).

use std::collections::{HashMap, HashSet};

use crate::finding::Finding;
use crate::model::{Case, Review};
use crate::rules::BroadReview;

fn matches(review: &Review, finding: &Finding) -> bool {
    review.rule == finding.rule
        && review
            .subject
            .as_ref()
            .is_none_or(|s| Some(s) == finding.subject.as_ref())
        && review
            .property
            .as_ref()
            .is_none_or(|p| Some(p) == finding.property.as_ref())
        && shows_all(finding, &review.claims)
        && in_scope(review.period, finding, |c| c.scope_dates().0)
        && in_scope(review.since, finding, |c| c.scope_dates().1)
}

/// A review that pins a `period` (or `since`) covers only a finding with a claim of
/// that scope: the same dates, however each wrote them.
fn in_scope(
    pinned: Option<crate::value::DateSet>,
    finding: &Finding,
    scope: fn(&crate::finding::FindingClaim) -> Option<crate::value::DateSet>,
) -> bool {
    pinned.is_none_or(|pinned| finding.claims.iter().any(|c| scope(c) == Some(pinned)))
}

/// Does the finding show every one of `claims`?
fn shows_all(finding: &Finding, claims: &[(String, String)]) -> bool {
    if claims.len() * finding.claims.len() <= 64 {
        return claims.iter().all(|(source, id)| {
            finding
                .claims
                .iter()
                .any(|c| c.source_id() == &**source && c.id() == &**id)
        });
    }
    let shown: HashSet<(&str, &str)> = finding.claims.iter().map(|c| (c.source_id(), c.id())).collect();
    claims
        .iter()
        .all(|(source, id)| shown.contains(&(source.as_str(), id.as_str())))
}

/// Reviews by what a finding must have for them to match, so that each finding looks at
/// the few reviews that could cover it, not at every review: by rule, subject and
/// property (either may be left open), and, for reviews that name only claims, by their
/// first claim.
#[derive(Default)]
struct Index<'c> {
    by_target: HashMap<Target<'c>, Vec<usize>>,
    by_claim: HashMap<(&'c str, &'c str, &'c str), Vec<usize>>,
}

/// A rule, and a subject and property that are given or left open.
type Target<'c> = (&'c str, Option<&'c str>, Option<&'c str>);

impl<'c> Index<'c> {
    fn new(reviews: &'c [Review]) -> Self {
        let mut index = Index::default();
        for (r, review) in reviews.iter().enumerate() {
            let (subject, property) = (review.subject.as_deref(), review.property.as_deref());
            match (subject, property, review.claims.first()) {
                (None, None, Some((source, id))) => {
                    index
                        .by_claim
                        .entry((&review.rule, source, id))
                        .or_default()
                        .push(r);
                }
                _ => index
                    .by_target
                    .entry((&review.rule, subject, property))
                    .or_default()
                    .push(r),
            }
        }
        index
    }

    /// The first review, in file order, that matches the finding.
    fn first_match(&self, reviews: &[Review], finding: &Finding) -> Option<usize> {
        let (subject, property) = (finding.subject.as_deref(), finding.property.as_deref());
        let targets = [
            (subject, property),
            (subject, None),
            (None, property),
            (None, None),
        ];
        let by_target = targets
            .iter()
            .filter_map(|&(s, p)| self.by_target.get(&(finding.rule, s, p)))
            .flatten();
        // Without reviews of claims, a finding's claims are not read (a large case's
        // findings show hundreds of thousands).
        let claims = if self.by_claim.is_empty() {
            &[][..]
        } else {
            &finding.claims[..]
        };
        let by_claim = claims
            .iter()
            .filter_map(|c| self.by_claim.get(&(finding.rule, c.source_id(), c.id())))
            .flatten();
        by_target
            .chain(by_claim)
            .copied()
            .filter(|&r| matches(&reviews[r], finding))
            .min()
    }
}

/// What triage leaves for the rules that read it.
#[derive(Debug, Default)]
pub(crate) struct Triaged<'c> {
    /// The reviews that matched no finding.
    pub unmatched: Vec<&'c Review>,
    /// The reviews that gave their verdict to several findings.
    pub broad: Vec<BroadReview<'c>>,
}

/// How many claims of a covered finding its description names.
const NAMED_CLAIMS: usize = 3;

/// How many of the findings a broad review covers it names; the rest are counted, so an
/// entry covering thousands stays one readable warning.
const NAMED_FINDINGS: usize = 5;

/// Marks reviewed findings with their verdicts, each with the first review that matches
/// it; returns the reviews that matched no finding, and those that covered several.
pub(crate) fn apply<'c>(case: &'c Case, findings: &mut [Finding]) -> Triaged<'c> {
    let index = Index::new(&case.reviews);
    // For each review, how many findings it covers and the first few of them.
    let mut covered: Vec<(usize, Vec<String>)> = vec![(0, Vec::new()); case.reviews.len()];
    for finding in findings {
        if let Some(r) = index.first_match(&case.reviews, finding) {
            finding.reviewed = true;
            finding.set_more(|m| m.verdict = Some(case.reviews[r].verdict.clone()));
            let (count, named) = &mut covered[r];
            *count += 1;
            if named.len() < NAMED_FINDINGS {
                named.push(describe(finding));
            }
        }
    }
    let mut triaged = Triaged::default();
    for (review, (count, named)) in case.reviews.iter().zip(covered) {
        match count {
            0 => triaged.unmatched.push(review),
            1 => {}
            _ => triaged.broad.push(BroadReview { review, count, named }),
        }
    }
    triaged
}

/// `q1 · revenue (wire/rev, blog/rev, …)`: a finding as a broad review names it.
fn describe(finding: &Finding) -> String {
    let mut claims: Vec<String> = finding
        .claims
        .iter()
        .take(NAMED_CLAIMS)
        .map(|c| format!("{}/{}", c.source_id(), c.id()))
        .collect();
    if finding.claims.len() > NAMED_CLAIMS {
        claims.push("…".to_string());
    }
    format!("{} ({})", crate::report::target(finding), claims.join(", "))
}

#[cfg(test)]
mod tests {
    /// A covered finding is named by its target and first three claims, then `…`.
    #[test]
    fn a_covered_finding_is_named_by_its_first_claims() {
        use crate::finding::{Finding, FindingClaim, Severity};
        let finding = |claims: usize| Finding {
            subject: Some("nvidia".into()),
            property: Some("revenue".into()),
            claims: (1..=claims)
                .map(|i| FindingClaim::named("wire", &format!("q{i}")))
                .collect(),
            ..Finding::new("conflicting-values", Severity::Error, String::new())
        };
        assert_eq!(
            super::describe(&finding(3)),
            "nvidia · revenue (wire/q1, wire/q2, wire/q3)"
        );
        assert_eq!(
            super::describe(&finding(4)),
            "nvidia · revenue (wire/q1, wire/q2, wire/q3, …)"
        );
    }

    use crate::rules::testing::{case, findings_of};

    const CASE: &str = "properties:\n  suspended: {type: date}\n  held_on: {type: date}\n";
    const A: &str = "claims:
  - {id: s, subject: suspension, property: suspended, value: 2003}
  - {id: h, subject: round, property: held_on, value: 2010}
";
    const B: &str = "claims:
  - {id: s, subject: suspension, property: suspended, value: 2004}
  - {id: h, subject: round, property: held_on, value: 2011}
";

    /// The `conflicting-values` findings of the case with this `reviewed.yaml`, as
    /// (subject, reviewed), and the stale reviews' messages.
    fn triaged(reviewed: &str) -> (Vec<(String, bool)>, usize) {
        let case = case(&[
            ("case.yaml", CASE),
            ("a.yaml", A),
            ("b.yaml", B),
            ("reviewed.yaml", reviewed),
        ]);
        let conflicts = findings_of(&case, "conflicting-values")
            .into_iter()
            .map(|f| (f.subject.unwrap_or_default(), f.reviewed))
            .collect();
        (conflicts, findings_of(&case, "stale-review").len())
    }

    #[test]
    fn a_review_matches_its_rule_subject_property_and_claims() {
        let (found, stale) = triaged(
            "reviewed:
  - {rule: conflicting-values, subject: suspension, property: suspended, claims: [a/s, b/s], verdict: 2003}
",
        );
        assert_eq!(found, [("round".into(), false), ("suspension".into(), true)]);
        assert_eq!(stale, 0);
    }

    #[test]
    fn a_review_for_another_rule_matches_nothing() {
        let (found, stale) = triaged(
            "reviewed:\n  - {rule: disputed, subject: suspension, property: suspended, verdict: x}\n",
        );
        assert!(found.iter().all(|(_, reviewed)| !reviewed), "{found:?}");
        assert_eq!(stale, 1);
    }

    #[test]
    fn a_review_with_another_subject_or_property_matches_nothing() {
        for review in [
            "{rule: conflicting-values, subject: suspension, property: held_on, verdict: x}",
            "{rule: conflicting-values, subject: elsewhere, property: suspended, verdict: x}",
        ] {
            let (found, stale) = triaged(&format!("reviewed:\n  - {review}\n"));
            assert!(found.iter().all(|(_, reviewed)| !reviewed), "{review}: {found:?}");
            assert_eq!(stale, 1, "{review}");
        }
    }

    #[test]
    fn claims_must_match_on_source_and_id() {
        // `a/h` is a claim of the case, but not one the suspension finding shows.
        let (found, stale) = triaged(
            "reviewed:\n  - {rule: conflicting-values, subject: suspension, claims: [a/h], verdict: x}\n",
        );
        assert!(found.iter().all(|(_, reviewed)| !reviewed), "{found:?}");
        assert_eq!(stale, 1);
        // Every listed claim must be shown, not just one of them.
        let (found, _) =
            triaged("reviewed:\n  - {rule: conflicting-values, claims: [a/s, a/h], verdict: x}\n");
        assert!(found.iter().all(|(_, reviewed)| !reviewed), "{found:?}");
    }

    #[test]
    fn a_review_by_subject_alone_covers_that_subject() {
        let (found, stale) =
            triaged("reviewed:\n  - {rule: conflicting-values, subject: round, verdict: x}\n");
        assert_eq!(found, [("round".into(), true), ("suspension".into(), false)]);
        assert_eq!(stale, 0);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::finding::{FindingClaim, Severity};

    fn name(i: u8) -> Option<String> {
        (i > 0).then(|| format!("n{i}"))
    }

    fn claim(source: u8, id: u8) -> (String, String) {
        (format!("s{source}"), format!("c{id}"))
    }

    proptest! {
        /// The index finds exactly the review that trying every review in order finds.
        #[test]
        fn the_index_finds_the_first_matching_review(
            reviews in prop::collection::vec((0u8..2, 0u8..3, 0u8..3, prop::collection::vec((0u8..2, 0u8..3), 0..3)), 0..12),
            findings in prop::collection::vec((0u8..2, 0u8..3, 0u8..3, prop::collection::vec((0u8..2, 0u8..3), 0..4)), 1..12),
        ) {
            let rules = ["conflicting-values", "disputed"];
            let reviews: Vec<Review> = reviews
                .into_iter()
                .map(|(rule, subject, property, claims)| Review {
                    rule: rules[rule as usize].to_string(),
                    subject: name(subject),
                    property: name(property),
                    claims: claims.into_iter().map(|(s, c)| claim(s, c)).collect(),
                    period: None,
                    since: None,
                    verdict: String::new(),
                    note: None,
                    location: crate::finding::Location::default(),
                })
                .collect();
            let index = Index::new(&reviews);
            for (rule, subject, property, claims) in findings {
                let finding = Finding {
                    subject: name(subject),
                    property: name(property),
                    claims: claims
                        .into_iter()
                        .map(|(s, c)| {
                            let (source, id) = claim(s, c);
                            FindingClaim::named(&source, &id)
                        })
                        .collect(),
                    ..Finding::new(rules[rule as usize], Severity::Error, String::new())
                };
                let expected = reviews.iter().position(|r| matches(r, &finding));
                prop_assert_eq!(index.first_match(&reviews, &finding), expected);
            }
        }
    }
}
