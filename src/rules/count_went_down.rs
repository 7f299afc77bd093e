//! `count-went-down`: a running count that is surely smaller at a surely later moment.

use super::analysis::moment;
use super::finding::{finding, show};
use super::{Analysis, Rule};
use crate::finding::{Finding, Gap, Severity};
use crate::model::Case;
use crate::value::describe::relative_gap;
use crate::value::{Interval, Value};

pub(super) struct CountWentDown;

/// A claim of a cumulative count: when it stood and what it allows.
struct Count {
    claim: usize,
    moment: Interval,
    value: Interval,
}

impl Rule for CountWentDown {
    fn id(&self) -> &'static str {
        "count-went-down"
    }

    fn summary(&self) -> &'static str {
        "a running count (a toll) surely smaller at a surely later moment: revised down, or a stale figure"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/count-went-down.md")
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn sides(&self) -> bool {
        true
    }

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        // Most cases count nothing cumulative: no look at their claims.
        if !case.properties.values().any(|p| p.cumulative) {
            return Vec::new();
        }
        let mut groups: Vec<((&str, &str), Vec<Count>)> = Vec::new();
        for facts in &analysis.facts {
            if !case
                .properties
                .get(facts.property(case))
                .is_some_and(|p| p.cumulative)
            {
                continue;
            }
            let counts: Vec<Count> = analysis
                .claims(facts)
                .iter()
                .map(|&i| i as usize)
                .filter_map(|i| {
                    let claim = &case.claims[i];
                    let Value::Number { interval, .. } = &claim.value else {
                        return None;
                    };
                    Some(Count {
                        claim: i,
                        moment: moment(case, claim)?.instants(),
                        value: *interval,
                    })
                })
                .collect();
            if !counts.is_empty() {
                groups.push(((facts.subject(case), facts.property(case)), counts));
            }
        }
        let mut findings = Vec::new();
        for ((subject, property), counts) in groups {
            // A sweep: counts by when they start; those that surely ended before, by when
            // they end, feeding the largest count known to stand earlier. Moments are
            // half-open instants: one that ends as another starts is surely before it.
            let mut by_end: Vec<&Count> = counts.iter().collect();
            by_end.sort_by(|a, b| a.moment.hi.value_cmp(&b.moment.hi));
            let mut by_start: Vec<&Count> = counts.iter().collect();
            by_start.sort_by(|a, b| a.moment.lo.value_cmp(&b.moment.lo));
            let mut ended = 0;
            let mut highest: Option<&Count> = None;
            for later in by_start {
                // `later` itself is in `by_end` and ends no sooner than it starts, so the look
                // stops before the end.
                while let Some(&earlier) = by_end
                    .get(ended)
                    .filter(|e| e.moment.hi.value <= later.moment.lo.value)
                {
                    // The first of equally high counts is cited.
                    if highest.is_none_or(|h| earlier.value.lo.value > h.value.lo.value) {
                        highest = Some(earlier);
                    }
                    ended += 1;
                }
                let Some(earlier) = highest else { continue };
                if later.value.hi.value >= earlier.value.lo.value {
                    continue;
                }
                let (a, b) = (&case.claims[earlier.claim], &case.claims[later.claim]);
                let when = |c: &Count| {
                    moment(case, &case.claims[c.claim]).map_or_else(String::new, |m| m.to_string())
                };
                let mut f = finding(
                    self,
                    Some(subject.to_string()),
                    Some(property.to_string()),
                    format!(
                        "{property}: {} at {}, then {} at {}: the count went down",
                        case.written_of(a),
                        when(earlier),
                        case.written_of(b),
                        when(later)
                    ),
                    vec![show(case, earlier.claim, 0), show(case, later.claim, 1)],
                );
                f.set_more(|m| m.gap = Some(Gap::Relative(relative_gap(&later.value, &earlier.value))));
                findings.push(f);
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, findings_of};

    fn went_down(claims: &str) -> Vec<String> {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  deaths: {type: quantity, cumulative: true}\n",
            ),
            ("a.yaml", claims),
        ]);
        findings_of(&case, "count-went-down")
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    /// A toll revised down is reported; one that rose, or stood at overlapping moments,
    /// is not.
    #[test]
    fn a_later_smaller_count_is_reported() {
        let found = went_down(
            "claims:
  - {id: a, subject: crash, property: deaths, value: '238', period: 2023-06-02}
  - {id: b, subject: crash, property: deaths, value: '288', period: 2023-06-03}
  - {id: c, subject: crash, property: deaths, value: '275', period: 2023-06-05}
  - {id: d, subject: crash, property: deaths, value: '300', period: June 2023}
",
        );
        assert_eq!(
            found,
            ["deaths: 288 at 2023-06-03, then 275 at 2023-06-05: the count went down"]
        );
    }

    #[test]
    fn rises_and_same_or_overlapping_moments_are_never_reported() {
        assert!(
            went_down(
                "claims:
  - {id: a, subject: crash, property: deaths, value: '238', period: 2023-06-02}
  - {id: b, subject: crash, property: deaths, value: '261', period: 2023-06-02..2023-06-03}
  - {id: c, subject: crash, property: deaths, value: about 250, period: 2023-06-04}
  - {id: d, subject: crash, property: deaths, value: '290', period: 2023-06-05}
"
            )
            .is_empty()
        );
        // A rounding of the earlier figure is no fall: 288 then `nearly 290`, `about 280`.
        assert!(
            went_down(
                "claims:
  - {id: a, subject: crash, property: deaths, value: '288', period: 2023-06-03}
  - {id: b, subject: crash, property: deaths, value: about 280, period: 2023-06-04}
"
            )
            .is_empty()
        );
    }

    /// The moment of a claim without a period is its source's publication date.
    #[test]
    fn the_moment_defaults_to_publication() {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  deaths: {type: quantity, cumulative: true}\n",
            ),
            (
                "a.yaml",
                "source: {published: 2023-06-03}\nclaims:\n  - {id: a, subject: crash, property: deaths, value: '288'}\n",
            ),
            (
                "b.yaml",
                "source: {published: 2023-06-06}\nclaims:\n  - {id: b, subject: crash, property: deaths, value: '261'}\n",
            ),
            (
                "c.yaml",
                "claims:\n  - {id: c, subject: crash, property: deaths, value: '100'}\n",
            ),
        ]);
        let found = findings_of(&case, "count-went-down");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "deaths: 288 at 2023-06-03, then 261 at 2023-06-06: the count went down"
        );
        // The same moment must agree as any count must; moments that differ are not compared.
        assert!(findings_of(&case, "conflicting-values").is_empty());
    }

    /// Only a surely earlier moment counts: the same day is one moment, and the first of
    /// equally high earlier counts is the one cited.
    #[test]
    fn same_day_counts_and_ties() {
        assert!(
            went_down(
                "claims:
  - {id: a, subject: crash, property: deaths, value: '290', period: 2023-06-03}
  - {id: b, subject: crash, property: deaths, value: '288', period: 2023-06-03}
"
            )
            .is_empty()
        );
        assert_eq!(
            went_down(
                "claims:
  - {id: a, subject: crash, property: deaths, value: '288', period: 2023-06-02}
  - {id: b, subject: crash, property: deaths, value: '288', period: 2023-06-03}
  - {id: c, subject: crash, property: deaths, value: '275', period: 2023-06-05}
"
            ),
            ["deaths: 288 at 2023-06-02, then 275 at 2023-06-05: the count went down"]
        );
    }

    /// Counts at the same moment must agree as any count must, dated or not.
    #[test]
    fn counts_at_one_moment_are_compared_as_usual() {
        let conflicts = |claims: &str| -> Vec<String> {
            let case = case(&[
                (
                    "case.yaml",
                    "properties:\n  deaths: {type: quantity, cumulative: true}\n",
                ),
                ("a.yaml", claims),
            ]);
            findings_of(&case, "conflicting-values")
                .into_iter()
                .map(|f| f.message)
                .collect()
        };
        assert_eq!(
            conflicts(
                "claims:
  - {id: a, subject: crash, property: deaths, value: '288', period: 2023-06-03}
  - {id: b, subject: crash, property: deaths, value: '290', period: 'June 3, 2023'}
  - {id: c, subject: crash, property: deaths, value: '300', period: 2023-06-04}
"
            ),
            ["deaths: 288 (1 source) vs 290 (1 source)"]
        );
        assert_eq!(
            conflicts(
                "claims:
  - {id: a, subject: crash, property: deaths, value: '100'}
  - {id: b, subject: crash, property: deaths, value: '200'}
"
            ),
            ["deaths: 100 (1 source) vs 200 (1 source)"]
        );
    }
}
