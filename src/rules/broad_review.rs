//! `broad-review`: a `reviewed.yaml` entry that gave its verdict to more than one finding,
//! so that one line never clears several findings unawares. Runs after triage, over the
//! reviews it found covering several.

use super::finding::finding;
use super::{Analysis, Rule, Stage};
use crate::finding::{Finding, FindingMore, Severity};
use crate::model::Case;

pub(super) struct BroadReviewRule;

impl Rule for BroadReviewRule {
    fn id(&self) -> &'static str {
        "broad-review"
    }

    fn summary(&self) -> &'static str {
        "a `reviewed.yaml` entry whose one verdict covers several findings"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/broad-review.md")
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn stage(&self) -> Stage {
        Stage::Reviews
    }

    fn check(&self, _case: &Case, analysis: &Analysis) -> Vec<Finding> {
        analysis
            .broad_reviews
            .iter()
            .map(|broad| {
                let review = broad.review;
                let mut covers = broad.named.join("; ");
                if broad.count > broad.named.len() {
                    covers.push_str(&format!(" and {} more", broad.count - broad.named.len()));
                }
                let location = FindingMore {
                    location: Some(review.location.clone()),
                    ..FindingMore::default()
                };
                finding(
                        self,
                        review.subject.clone(),
                        review.property.clone(),
                        format!(
                            "the review at {} covers {} `{}` findings with one verdict: {}; give each \
                             finding its own entry, pinned with `claims:` or `period:`, unless the verdict is true of all",
                            review.location, broad.count, review.rule, covers
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

    const CASE: &str = "properties:\n  revenue: {type: quantity, scoped_by: period}\n";
    const A: &str = "claims:
  - {id: q1, subject: nvidia, property: revenue, value: 100, period: Q1 2024}
  - {id: q2, subject: nvidia, property: revenue, value: 200, period: Q2 2024}
";
    const B: &str = "claims:
  - {id: q1, subject: nvidia, property: revenue, value: 150, period: Q1 2024}
  - {id: q2, subject: nvidia, property: revenue, value: 250, period: Q2 2024}
";

    /// One entry by subject and property covers both quarters' findings: it is named, with
    /// both findings; the findings stay reviewed.
    #[test]
    fn one_verdict_for_several_findings_is_a_warning_naming_them() {
        let reviewed = "reviewed:
  - {rule: conflicting-values, subject: nvidia, property: revenue, verdict: the wire is right}
";
        let case = case(&[
            ("case.yaml", CASE),
            ("a.yaml", A),
            ("b.yaml", B),
            ("reviewed.yaml", reviewed),
        ]);
        let broad = findings_of(&case, "broad-review");
        assert_eq!(broad.len(), 1);
        assert_eq!(broad[0].severity, Severity::Warning);
        assert!(
            broad[0]
                .message
                .contains("covers 2 `conflicting-values` findings with one verdict")
                && broad[0]
                    .message
                    .contains(
                        "nvidia · revenue · period Q1 2024 (a/q1, b/q1); nvidia · revenue · period Q2 2024 (a/q2, b/q2)"
                    ),
            "{}",
            broad[0].message
        );
        assert_eq!(broad[0].more().location.as_ref().unwrap().line, Some(2));
        let conflicts = findings_of(&case, "conflicting-values");
        assert!(conflicts.iter().all(|f| f.reviewed));
    }

    /// An entry pinned to a period covers the finding of that period only, whichever way
    /// the period is written; a period of no finding leaves the entry stale.
    #[test]
    fn a_period_pins_a_review_to_one_finding() {
        for (period, reviewed_q1, reviewed_q2) in [
            ("Q1 2024", true, false),
            ("2024-01..2024-03", true, false),
            ("second quarter of 2024", false, true),
            ("Q3 2024", false, false),
        ] {
            let reviewed = format!(
                "reviewed:\n  - {{rule: conflicting-values, subject: nvidia, property: revenue, period: {period}, verdict: checked}}\n"
            );
            let case = case(&[
                ("case.yaml", CASE),
                ("a.yaml", A),
                ("b.yaml", B),
                ("reviewed.yaml", &reviewed),
            ]);
            assert!(findings_of(&case, "broad-review").is_empty(), "{period}");
            let conflicts = findings_of(&case, "conflicting-values");
            let reviewed: Vec<bool> = conflicts.iter().map(|f| f.reviewed).collect();
            assert_eq!(reviewed, [reviewed_q1, reviewed_q2], "{period}");
            let stale = findings_of(&case, "stale-review").len();
            assert_eq!(stale, usize::from(!reviewed_q1 && !reviewed_q2), "{period}");
        }
    }

    /// An entry by subject alone covering many findings names five and counts the rest.
    #[test]
    fn a_review_of_many_findings_names_a_few() {
        let mut a = String::from("claims:\n");
        let mut b = String::from("claims:\n");
        for q in 1..=4 {
            for year in 2020..2022 {
                let period = format!("Q{q} {year}");
                a.push_str(&format!("  - {{id: r{q}-{year}, subject: nvidia, property: revenue, value: 100, period: {period}}}\n"));
                b.push_str(&format!("  - {{id: r{q}-{year}, subject: nvidia, property: revenue, value: 150, period: {period}}}\n"));
            }
        }
        let reviewed = "reviewed:\n  - {rule: conflicting-values, subject: nvidia, verdict: all fine}\n";
        let case = case(&[
            ("case.yaml", CASE),
            ("a.yaml", &a),
            ("b.yaml", &b),
            ("reviewed.yaml", reviewed),
        ]);
        let broad = findings_of(&case, "broad-review");
        assert!(
            broad[0]
                .message
                .contains("covers 8 `conflicting-values` findings"),
            "{}",
            broad[0].message
        );
        assert_eq!(broad[0].message.matches("nvidia · revenue · period Q").count(), 5);
        assert!(
            broad[0].message.contains(" and 3 more; give each"),
            "{}",
            broad[0].message
        );
    }

    /// Entries pinned to one finding each are quiet.
    #[test]
    fn one_verdict_per_finding_is_no_finding() {
        let reviewed = "reviewed:
  - {rule: conflicting-values, claims: [a/q1, b/q1], verdict: the wire is right}
  - {rule: conflicting-values, claims: [a/q2], verdict: the blog misread the table}
";
        let case = case(&[
            ("case.yaml", CASE),
            ("a.yaml", A),
            ("b.yaml", B),
            ("reviewed.yaml", reviewed),
        ]);
        assert!(findings_of(&case, "broad-review").is_empty());
        assert!(findings_of(&case, "stale-review").is_empty());
    }
}
