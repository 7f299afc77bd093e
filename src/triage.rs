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
