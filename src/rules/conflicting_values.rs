//! `conflicting-values`: sources that give one subject different values.

use super::analysis::is_dispute;
use super::finding::finding;
use super::finding::{describe_group, grouped};
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
                finding(
                    self,
                    Some(d.subject.clone()),
                    Some(d.property.clone()),
                    format!("{}: {}", d.property, groups.join(" vs ")),
                    grouped(case, &d.clusters),
                )
            })
            .collect()
    }
}
