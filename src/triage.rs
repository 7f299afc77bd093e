//! Triage: marking findings that `reviewed.yaml` has ruled on, and reporting reviews that
//! no longer match any finding, so triage never silently rots.

use crate::finding::{Finding, Severity};
use crate::model::{Case, Review};

/// The id of findings about reviews that match nothing.
pub const STALE_REVIEW: &str = "stale-review";

pub const STALE_REVIEW_DOC: &str = include_str!("rules/docs/stale-review.md");

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

/// Marks reviewed findings with their verdicts and adds a `stale-review` finding for each
/// review that matches none; returns the findings in report order.
pub fn apply(case: &Case, mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut used = vec![false; case.reviews.len()];
    for finding in &mut findings {
        if let Some(r) = case.reviews.iter().position(|review| matches(review, finding)) {
            finding.reviewed = true;
            finding.verdict = Some(case.reviews[r].verdict.clone());
            used[r] = true;
        }
    }
    for (review, _) in case.reviews.iter().zip(used).filter(|(_, used)| !used) {
        findings.push(Finding {
            rule: STALE_REVIEW,
            severity: Severity::Warning,
            reviewed: false,
            subject: review.subject.clone(),
            property: review.property.clone(),
            message: format!(
                "the review at {} matches no `{}` finding; remove it or update it (verdict was: {})",
                review.location, review.rule, review.verdict
            ),
            claims: Vec::new(),
            verdict: None,
        });
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}
