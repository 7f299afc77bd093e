//! The per-source tally that ends each case's report: how many claims each source makes,
//! how many of them findings show, and how often the source stands alone against the
//! others, so that the outlet that is wrong six times is seen at a glance.

use rayon::prelude::*;
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
    // Each finding's claims by their source's row (rows are in source order).
    let sources = case.source_finder();
    // Every claim shown, once per finding showing it; counted once each below. A sorted
    // list takes half the memory of a set, and a case may show a million claims.
    let mut shown: Vec<(u32, &str)> = Vec::new();
    let mut sides: Vec<(usize, usize)> = Vec::new();
    for finding in findings {
        sides.clear();
        for claim in &finding.claims {
            let Some(r) = sources.find(claim.source_id()) else {
                continue;
            };
            sides.push((r, claim.group as usize));
            shown.push((r as u32, claim.id()));
        }
        sides.sort_unstable();
        sides.dedup();
        let has_sides = finding.has_sides();
        for (i, &(r, group)) in sides.iter().enumerate() {
            // Each source once: at its first (row, group) pair.
            if i > 0 && sides[i - 1].0 == r {
                continue;
            }
            rows[r].findings += 1;
            if has_sides && stands_alone(&sides, r, group) {
                rows[r].alone += 1;
            }
        }
    }
    shown.par_sort_unstable();
    shown.dedup();
    for (r, _) in shown {
        rows[r as usize].claims_in_findings += 1;
    }
    rows
}

/// Whether source `r`, whose first group is `group`, stands alone in a finding whose
/// claims are `sides` (each source's row and group, sorted, once each): all its claims in
/// that one group, which holds no other source's claim, while another source's claim
/// stands in another group.
fn stands_alone(sides: &[(usize, usize)], r: usize, group: usize) -> bool {
    let mut against = false;
    for &(other, other_group) in sides {
        if other == r {
            if other_group != group {
                return false;
            }
        } else if other_group == group {
            return false;
        } else {
            against = true;
        }
    }
    against
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::case;

    const CASE: &str = "properties:\n  held_on: {type: date}\n  toll: {type: quantity}\n";

    /// Three sources disagree on two facts, each of the first two alone once; on a third,
    /// one source is on both sides.
    #[test]
    fn a_source_alone_against_the_others_is_counted() {
        let case = case(&[
            ("case.yaml", CASE),
            (
                "a.yaml",
                "source: {publisher: Alpha Daily, published: 2024-05-01, kind: news}\nclaims:\n  - {id: t, subject: s, property: toll, value: 10}\n  - {id: h, subject: s, property: held_on, value: 2024-04-01}\n  - {id: x, subject: q, property: toll, value: 3}\n  - {id: w, subject: w, property: toll, value: 5}\n",
            ),
            (
                "b.yaml",
                "source: {kind: official}\nclaims:\n  - {id: t, subject: s, property: toll, value: 12}\n  - {id: h, subject: s, property: held_on, value: 2024-04-02}\n",
            ),
            (
                "c.yaml",
                "claims:\n  - {id: t, subject: s, property: toll, value: 12}\n  - {id: h, subject: s, property: held_on, value: 2024-04-01}\n  - {id: w5, subject: w, property: toll, value: 5}\n  - {id: w6, subject: w, property: toll, value: 6}\n",
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
                ("a".to_string(), 4, 3, 3, 1, false),
                ("b".to_string(), 2, 2, 2, 1, true),
                // On both sides of subject w's finding: counted once, and not alone.
                ("c".to_string(), 4, 4, 3, 0, false),
            ]
        );
        assert_eq!(rows[0].publisher.as_deref(), Some("Alpha Daily"));
        assert_eq!(rows[0].published.as_deref(), Some("2024-05-01"));
        assert_eq!(rows[1].kind.as_deref(), Some("official"));
        // Shown claims naming their sources with strings of their own count the same.
        let mut apart = findings.clone();
        for claim in apart.iter_mut().flat_map(|f| &mut f.claims) {
            claim.source = std::sync::Arc::new(crate::finding::SourceContext {
                source: std::sync::Arc::from(claim.source_id()),
                ..(*claim.source).clone()
            });
        }
        let rows_apart = super::tally(&case, &apart);
        assert_eq!(
            rows_apart.iter().map(line).collect::<Vec<_>>(),
            rows.iter().map(line).collect::<Vec<_>>()
        );
        // The findings over again: findings add up, each claim shown still counts once.
        let repeated: Vec<_> = (0..3).flat_map(|_| findings.iter().cloned()).collect();
        let rows_repeated = super::tally(&case, &repeated);
        assert_eq!(
            rows_repeated.iter().map(line).collect::<Vec<_>>(),
            rows.iter()
                .map(|r| {
                    let (source, claims, shown, found, alone, primary) = line(r);
                    (source, claims, shown, found * 3, alone * 3, primary)
                })
                .collect::<Vec<_>>()
        );
    }

    /// A source on both sides of a finding, or with another source on its side, or
    /// alone in a finding of one group, is not alone against the others. Sources are
    /// rows: `a` is 0, `b` 1, `c` 2.
    #[test]
    fn standing_alone_needs_one_group_of_its_own_and_others_against_it() {
        let alone = super::stands_alone;
        assert!(alone(&[(0, 0), (1, 1)], 0, 0));
        assert!(alone(&[(0, 1), (1, 0)], 0, 1));
        assert!(alone(&[(0, 0), (1, 1), (2, 2)], 0, 0));
        assert!(!alone(&[(0, 0), (0, 1), (1, 1)], 0, 0));
        assert!(!alone(&[(0, 0), (1, 1), (2, 0)], 0, 0));
        assert!(!alone(&[(0, 0)], 0, 0));
        assert!(!alone(&[(0, 0), (1, 0)], 1, 0));
    }
}
