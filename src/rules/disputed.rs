//! `disputed`: sources report speakers who contradict each other.

use std::collections::BTreeSet;

use super::analysis::is_dispute;
use super::finding::finding;
use super::finding::{gap, grouped};
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub(super) struct Disputed;

impl Rule for Disputed {
    fn id(&self) -> &'static str {
        "disputed"
    }

    fn summary(&self) -> &'static str {
        "disagreeing claims attributed to speakers who contradict each other, in one source or across sources"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/disputed.md")
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn sides(&self) -> bool {
        true
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
                        let values: BTreeSet<&str> = members
                            .iter()
                            .map(|&i| case.written_of(&case.claims[i]))
                            .collect();
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
                let sources: BTreeSet<&str> = d
                    .clusters
                    .iter()
                    .flatten()
                    .map(|&i| case.sources[case.claims[i].source()].id.as_str())
                    .collect();
                let place = match sources.len() {
                    1 => format!("in {}", sources.into_iter().collect::<String>()),
                    _ => format!(
                        "as reported by {}",
                        sources.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                };
                let mut f = finding(
                    self,
                    Some(d.subject.clone()),
                    Some(d.property.clone()),
                    format!("{}: {} {place}", d.property, sides.join(" vs ")),
                    grouped(case, &d.clusters),
                );
                f.set_more(|m| m.gap = gap(case, &d.clusters));
                f
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

    fn across(files: &[(&str, &str)]) -> (Vec<String>, usize) {
        let mut all = vec![(
            "case.yaml",
            "properties:\n  deaths: {type: quantity}\nentities:\n  railways:\n    name: Ministry of Railways\n    aliases: [railways, Indian Railways]\n",
        )];
        all.extend_from_slice(files);
        let case = case(&all);
        let disputed = findings_of(&case, "disputed")
            .into_iter()
            .map(|f| f.message)
            .collect();
        (disputed, findings_of(&case, "conflicting-values").len())
    }

    /// Two outlets print the same agency copy: the state government says 275, the
    /// railways 278. The outlets are right to report both.
    #[test]
    fn reprinted_agency_copy_with_two_speakers_is_a_dispute_across_sources() {
        let copy = "claims:
  - {id: state, subject: crash, property: deaths, value: '275', said_by: state government}
  - {id: railways, subject: crash, property: deaths, value: '278', said_by: Indian Railways}
";
        let (disputed, conflicts) = across(&[
            ("a.yaml", copy),
            (
                "b.yaml",
                "claims:
  - {id: state, subject: crash, property: deaths, value: '275', said_by: State Government}
  - {id: railways, subject: crash, property: deaths, value: '278', said_by: Ministry of Railways}
",
            ),
        ]);
        assert_eq!(
            disputed,
            [
                "deaths: 275 (said by State Government, state government) vs 278 (said by Indian Railways, \
              Ministry of Railways) as reported by a, b"
            ]
        );
        assert_eq!(conflicts, 0);
    }

    #[test]
    fn an_unattributed_claim_or_a_speaker_on_both_sides_is_a_conflict() {
        let (disputed, conflicts) = across(&[
            (
                "a.yaml",
                "claims:\n  - {id: s, subject: crash, property: deaths, value: '275', said_by: state government}\n",
            ),
            (
                "b.yaml",
                "claims:\n  - {id: r, subject: crash, property: deaths, value: '278'}\n",
            ),
        ]);
        assert!(disputed.is_empty());
        assert_eq!(conflicts, 1);
        // The railways said 278 in one outlet and 288 in another: they are on two sides.
        let (disputed, conflicts) = across(&[
            (
                "a.yaml",
                "claims:\n  - {id: r, subject: crash, property: deaths, value: '278', said_by: railways}\n",
            ),
            (
                "b.yaml",
                "claims:\n  - {id: r, subject: crash, property: deaths, value: '288', said_by: Indian Railways}\n",
            ),
        ]);
        assert!(disputed.is_empty());
        assert_eq!(conflicts, 1);
    }
}
