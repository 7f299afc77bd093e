//! Triage: marking the findings that `reviewed.yaml` has ruled on with their verdicts,
//! and handing on the reviews that matched none (the `stale-review` rule reports them).

use crate::finding::Finding;
use crate::model::{Case, Review};

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
        && review
            .claims
            .iter()
            .all(|(source, id)| finding.claims.iter().any(|c| &c.source == source && &c.id == id))
}

/// Marks reviewed findings with their verdicts; returns the reviews that matched no
/// finding.
pub(crate) fn apply<'c>(case: &'c Case, findings: &mut [Finding]) -> Vec<&'c Review> {
    let mut used = vec![false; case.reviews.len()];
    for finding in findings {
        if let Some(r) = case.reviews.iter().position(|review| matches(review, finding)) {
            finding.reviewed = true;
            finding.verdict = Some(case.reviews[r].verdict.clone());
            used[r] = true;
        }
    }
    case.reviews
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(review, _)| review)
        .collect()
}

#[cfg(test)]
mod tests {
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
