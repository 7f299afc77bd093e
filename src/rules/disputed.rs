//! `disputed`: one source reports speakers who contradict each other.

use std::collections::BTreeSet;

use super::analysis::is_dispute;
use super::finding::finding;
use super::finding::grouped;
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub(super) struct Disputed;

impl Rule for Disputed {
    fn id(&self) -> &'static str {
        "disputed"
    }

    fn summary(&self) -> &'static str {
        "disagreeing claims inside one source, attributed to different speakers"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/disputed.md")
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        analysis
            .disagreements
            .iter()
            .filter(|d| is_dispute(case, d))
            .map(|d| {
                let sides: Vec<String> = d
                    .clusters
                    .iter()
                    .map(|members| {
                        let values: BTreeSet<&str> =
                            members.iter().map(|&i| &*case.claims[i].written).collect();
                        let speakers: BTreeSet<&str> = members
                            .iter()
                            .map(|&i| case.claims[i].said_by().unwrap_or("the source itself"))
                            .collect();
                        format!(
                            "{} (said by {})",
                            values.into_iter().collect::<Vec<_>>().join(" / "),
                            speakers.into_iter().collect::<Vec<_>>().join(", ")
                        )
                    })
                    .collect();
                let source = &case.sources[case.claims[d.clusters[0][0]].source()].id;
                finding(
                    self,
                    Some(d.subject.clone()),
                    Some(d.property.clone()),
                    format!("{}: {} in {source}", d.property, sides.join(" vs ")),
                    grouped(case, &d.clusters),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, findings_of};

    #[test]
    fn each_side_is_shown_with_its_speakers_and_the_source() {
        let case = case(&[
            ("case.yaml", "properties:\n  requested_by: {type: text}\n"),
            (
                "ap.yaml",
                "claims:
  - {id: a, subject: delay, property: requested_by, value: Cuba, said_by: U.S. official}
  - {id: b, subject: delay, property: requested_by, value: Cuba, said_by: diplomat}
  - {id: c, subject: delay, property: requested_by, value: United States, said_by: Cuban official}
  - {id: d, subject: delay, property: requested_by, value: united states}
",
            ),
        ]);
        let found = findings_of(&case, "disputed");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "requested_by: Cuba (said by U.S. official, diplomat) vs United States / united states \
             (said by Cuban official, the source itself) in ap"
        );
        assert_eq!(found[0].claims.len(), 4);
        assert!(findings_of(&case, "conflicting-values").is_empty());
    }
}
