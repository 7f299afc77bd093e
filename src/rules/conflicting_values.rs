//! `conflicting-values`: sources that give one subject different values.

use super::analysis::is_dispute;
use super::finding::finding;
use super::finding::{describe_group, gap, grouped};
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub(super) struct ConflictingValues;

impl Rule for ConflictingValues {
    fn id(&self) -> &'static str {
        "conflicting-values"
    }

    fn summary(&self) -> &'static str {
        "claims on the same subject and single-valued property whose values do not agree"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/conflicting-values.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        analysis
            .disagreements
            .iter()
            .filter(|d| !is_dispute(case, d))
            .map(|d| {
                let groups: Vec<String> = d.clusters.iter().map(|g| describe_group(case, g)).collect();
                let mut f = finding(
                    self,
                    Some(d.subject.clone()),
                    Some(d.property.clone()),
                    format!("{}: {}", d.property, groups.join(" vs ")),
                    grouped(case, &d.clusters),
                );
                f.gap = gap(case, &d.clusters);
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{case, findings_of};

    #[test]
    fn groups_are_shown_in_value_order_with_their_sources() {
        let case = case(&[
            ("case.yaml", "properties:\n  suspended: {type: date}\n"),
            (
                "a.yaml",
                "source: {published: 2014-01-06}\nclaims:\n  - {id: s, subject: talks, property: suspended, value: 2004}\n",
            ),
            (
                "b.yaml",
                "claims:\n  - {id: s, subject: talks, property: suspended, value: 2003}\n",
            ),
            (
                "c.yaml",
                "claims:\n  - {id: s, subject: talks, property: suspended, value: July 2003}\n",
            ),
        ]);
        let found = findings_of(&case, "conflicting-values");
        assert_eq!(found.len(), 1);
        let finding = &found[0];
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(
            (finding.subject.as_deref(), finding.property.as_deref()),
            (Some("talks"), Some("suspended"))
        );
        assert_eq!(
            finding.message,
            "suspended: 2003 / July 2003 (2 sources) vs 2004 (1 source)"
        );
        let shown: Vec<(&str, usize)> = finding
            .claims
            .iter()
            .map(|c| (c.source.as_str(), c.group))
            .collect();
        assert_eq!(shown, [("b", 0), ("c", 0), ("a", 1)]);
    }

    #[test]
    fn relative_dates_are_shown_with_the_day_they_resolve_to() {
        let case = case(&[
            ("case.yaml", "properties:\n  held_on: {type: date}\n"),
            (
                "a.yaml",
                "source: {published: 2014-01-06}\nclaims:\n  - {id: s, subject: round, property: held_on, value: next Wednesday}\n",
            ),
            (
                "b.yaml",
                "source: {published: 2014-01-10}\nclaims:\n  - {id: s, subject: round, property: held_on, value: last Thursday}\n  - {id: t, subject: round, property: held_on, value: 2014-01-09}\n",
            ),
        ]);
        let found = findings_of(&case, "conflicting-values");
        assert_eq!(
            found[0].message,
            "held_on: next Wednesday (= 2014-01-08) (1 source) vs last Thursday (= 2014-01-09) / 2014-01-09 (1 source)"
        );
    }
}
