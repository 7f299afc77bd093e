//! `stale-review`: a `reviewed.yaml` entry that matches no finding, so triage never
//! silently rots. Runs after triage, over the reviews it left unmatched.

use super::finding::finding;
use super::{Analysis, Rule, Stage};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub(super) struct StaleReview;

impl Rule for StaleReview {
    fn id(&self) -> &'static str {
        "stale-review"
    }

    fn summary(&self) -> &'static str {
        "a `reviewed.yaml` entry that matches no finding"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/stale-review.md")
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn stage(&self) -> Stage {
        Stage::Reviews
    }

    fn check(&self, _case: &Case, analysis: &Analysis) -> Vec<Finding> {
        analysis
            .unmatched_reviews
            .iter()
            .map(|review| {
                finding(
                    self,
                    review.subject.clone(),
                    review.property.clone(),
                    format!(
                        "the review at {} matches no `{}` finding; remove it or update it (verdict was: {})",
                        review.location, review.rule, review.verdict
                    ),
                    Vec::new(),
                )
            })
            .collect()
    }
}
