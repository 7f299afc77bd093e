//! The per-source tally that ends each case's report: how many claims each source makes,
//! how many of them findings show, and how often the source stands alone against the
//! others, so that the outlet that is wrong six times is seen at a glance.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use crate::finding::Finding;
use crate::model::Case;

/// One source's line of the tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceTally {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub primary: bool,
    /// Claims in the source's file.
    pub claims: usize,
    /// Of them, those that some finding shows.
    pub claims_in_findings: usize,
    /// Findings that show a claim of the source.
    pub findings: usize,
    /// Findings where the source is alone against the others: its claims stand on one
    /// side that no other source is on, and other sources say otherwise (in the findings
    /// of rules whose groups are sides: conflicting values, name variants, disputes, a
    /// count that went down).
    pub alone: usize,
}

/// The tally of every source of `case`, in source order (by id).
pub fn tally(case: &Case, findings: &[Finding]) -> Vec<SourceTally> {
    let mut rows: Vec<SourceTally> = case
        .sources
        .iter()
        .map(|s| SourceTally {
            source: s.id.clone(),
            publisher: s.publisher.clone(),
            published: s.published.map(|d| d.to_string()),
            kind: s.kind.clone(),
            primary: s.primary,
            claims: 0,
            claims_in_findings: 0,
            findings: 0,
            alone: 0,
        })
        .collect();
    for claim in &case.claims {
        rows[claim.source()].claims += 1;
    }
    let row = |id: &str| case.sources.binary_search_by(|s| s.id.as_str().cmp(id)).ok();
    let mut shown: HashSet<(&str, &str)> = HashSet::new();
    for finding in findings {
        let sources: BTreeSet<&str> = finding.claims.iter().map(|c| c.source.as_str()).collect();
        for source in &sources {
            if let Some(r) = row(source) {
                rows[r].findings += 1;
            }
        }
        for claim in &finding.claims {
            if shown.insert((&claim.source, &claim.id)) {
                if let Some(r) = row(&claim.source) {
                    rows[r].claims_in_findings += 1;
                }
            }
        }
        for source in sources {
            if finding.has_sides() && stands_alone(finding, source) {
                if let Some(r) = row(source) {
                    rows[r].alone += 1;
                }
            }
        }
    }
    rows
}

/// Whether `source`'s claims in `finding` all stand in one group that holds no other
/// source's claim, while another group holds some other source's claim.
fn stands_alone(finding: &Finding, source: &str) -> bool {
    let groups: BTreeSet<usize> = finding
        .claims
        .iter()
        .filter(|c| c.source == source)
        .map(|c| c.group)
        .collect();
    let [group] = groups.into_iter().collect::<Vec<_>>()[..] else {
        return false;
    };
    let others = finding.claims.iter().filter(|c| c.source != source);
    let mut against = false;
    for claim in others {
        if claim.group == group {
            return false;
        }
        against = true;
    }
    against
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::case;

    const CASE: &str = "properties:\n  held_on: {type: date}\n  toll: {type: quantity}\n";

    /// Three sources agree on two facts; one of them is alone on a third, and another
    /// stands with a second source against it.
    #[test]
    fn a_source_alone_against_the_others_is_counted() {
        let case = case(&[
            ("case.yaml", CASE),
            (
                "a.yaml",
                "source: {publisher: Alpha Daily, published: 2024-05-01, kind: news}\nclaims:\n  - {id: t, subject: s, property: toll, value: 10}\n  - {id: h, subject: s, property: held_on, value: 2024-04-01}\n  - {id: x, subject: q, property: toll, value: 3}\n",
            ),
            (
                "b.yaml",
                "source: {kind: official}\nclaims:\n  - {id: t, subject: s, property: toll, value: 12}\n  - {id: h, subject: s, property: held_on, value: 2024-04-02}\n",
            ),
            (
                "c.yaml",
                "claims:\n  - {id: t, subject: s, property: toll, value: 12}\n  - {id: h, subject: s, property: held_on, value: 2024-04-01}\n",
            ),
        ]);
        let findings = crate::pipeline::check_case(&case);
        let rows = super::tally(&case, &findings);
        let line = |r: &super::SourceTally| {
            (
                r.source.clone(),
                r.claims,
                r.claims_in_findings,
                r.findings,
                r.alone,
                r.primary,
            )
        };
        assert_eq!(
            rows.iter().map(line).collect::<Vec<_>>(),
            [
                ("a".to_string(), 3, 2, 2, 1, false),
                ("b".to_string(), 2, 2, 2, 1, true),
                ("c".to_string(), 2, 2, 2, 0, false),
            ]
        );
        assert_eq!(rows[0].publisher.as_deref(), Some("Alpha Daily"));
        assert_eq!(rows[0].published.as_deref(), Some("2024-05-01"));
        assert_eq!(rows[1].kind.as_deref(), Some("official"));
    }

    /// A source on both sides of a finding, or with another source on its side, or
    /// alone in a finding of one group, is not alone against the others.
    #[test]
    fn standing_alone_needs_one_group_of_its_own_and_others_against_it() {
        use crate::finding::{Finding, FindingClaim, Severity};
        let claim = |source: &str, group: usize| FindingClaim {
            source: source.into(),
            id: format!("{source}{group}"),
            group,
            ..FindingClaim::default()
        };
        let finding = |claims: Vec<FindingClaim>| Finding {
            rule: "conflicting-values",
            severity: Severity::Error,
            reviewed: false,
            subject: None,
            property: None,
            message: String::new(),
            claims,
            gap: None,
            verdict: None,
            location: None,
            unit: None,
            period: None,
            since: None,
        };
        let alone = super::stands_alone;
        assert!(alone(&finding(vec![claim("a", 0), claim("b", 1)]), "a"));
        assert!(alone(
            &finding(vec![claim("a", 0), claim("a", 0), claim("b", 1)]),
            "a"
        ));
        assert!(!alone(
            &finding(vec![claim("a", 0), claim("a", 1), claim("b", 1)]),
            "a"
        ));
        assert!(!alone(
            &finding(vec![claim("a", 0), claim("c", 0), claim("b", 1)]),
            "a"
        ));
        assert!(!alone(&finding(vec![claim("a", 0)]), "a"));
        assert!(!alone(&finding(vec![claim("b", 0)]), "a"));
    }
}
