//! `stale-review`: a `reviewed.yaml` entry that matches no finding, so triage never
//! silently rots. Runs after triage, over the reviews it left unmatched.

use super::finding::finding;
use super::{Analysis, Rule, Stage};
use crate::finding::{Finding, FindingMore, Severity};
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
                let location = FindingMore {
                    location: Some(review.location.clone()),
                    ..FindingMore::default()
                };
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
                .with_more(location)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{case, findings_of};

    #[test]
    fn a_review_matching_nothing_is_a_warning_pointing_at_it() {
        let case = case(&[
            ("case.yaml", "properties:\n  suspended: {type: date}\n"),
            (
                "a.yaml",
                "claims:\n  - {id: s, subject: talks, property: suspended, value: 2003}\n",
            ),
            (
                "reviewed.yaml",
                "reviewed:\n  - rule: conflicting-values\n    subject: talks\n    property: suspended\n    verdict: 2003\n",
            ),
        ]);
        let found = findings_of(&case, "stale-review");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].subject.as_deref(), Some("talks"));
        assert_eq!(found[0].property.as_deref(), Some("suspended"));
        assert!(
            found[0].message.ends_with(
                "reviewed.yaml:2:5 matches no `conflicting-values` finding; remove it or update it (verdict was: 2003)"
            ),
            "{}",
            found[0].message
        );
        assert!(found[0].claims.is_empty());
    }
}
