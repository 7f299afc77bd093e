//! `numbering`: "the second round since July" when the case knows of two rounds already.

use super::dates::{SubjectDate, declared, subject_dates};
use super::finding::finding;
use super::finding::show;
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{Case, Param};
use crate::value::date::from_day_number;
use crate::value::{DateSet, Kind, Value};

/// The quantity property that numbers an occurrence; its claims carry `since`.
const NUMBER: Param = Param {
    name: "number",
    kind: Kind::Quantity,
};
/// The date properties of the occurrences counted.
const EVENTS: Param = Param {
    name: "events",
    kind: Kind::Date,
};

pub(super) struct Numbering;

impl Rule for Numbering {
    fn id(&self) -> &'static str {
        "numbering"
    }

    fn summary(&self) -> &'static str {
        "a numbered occurrence (\"the second round since July\") that the known events contradict (case rule)"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/numbering.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn params(&self) -> &'static [Param] {
        &[NUMBER, EVENTS]
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self) {
            let numbers = rule.get(NUMBER);
            let events = subject_dates(case, rule.get(EVENTS));
            let by_subject: std::collections::HashMap<&str, &SubjectDate> =
                events.iter().map(|e| (e.subject, e)).collect();
            // Events by earliest possible day, for a range search per numbered claim.
            let mut by_start: Vec<&SubjectDate> = events.iter().collect();
            by_start.sort_by(|a, b| a.date.days.lo.value.total_cmp(&b.date.days.lo.value));
            for (i, claim) in case.claims.iter().enumerate() {
                let (Some(subject), Some(property), Some(since), Value::Number(number)) =
                    (claim.subject(), claim.property(), claim.since(), &claim.value)
                else {
                    continue;
                };
                if !numbers.iter().any(|n| n == property) {
                    continue;
                }
                // The numbered occurrence's own date: its events date, else the claim's period.
                let own: Option<DateSet> = by_subject.get(subject).map(|e| e.date).or(claim.period());
                let Some(own) = own else { continue };
                let (start, end) = (since.days.lo.value, own.days.lo.value);
                if !start.is_finite() || !end.is_finite() {
                    continue;
                }
                let from = by_start.partition_point(|e| e.date.days.lo.value < start);
                let to = by_start.partition_point(|e| e.date.days.lo.value < end);
                let before: Vec<_> = by_start[from..to.max(from)]
                    .iter()
                    .filter(|e| e.subject != subject && e.date.days.hi.value < end)
                    .collect();
                if (before.len() as f64) < number.hi.value {
                    continue;
                }
                let window = match (from_day_number(start), from_day_number(end - 1.0)) {
                    (Some(a), Some(b)) => format!("{a}..{b}"),
                    _ => "the window".to_string(),
                };
                let listed: Vec<String> = before
                    .iter()
                    .map(|e| format!("{} ({})", e.subject, e.date))
                    .collect();
                let mut claims = vec![show(case, i, 0)];
                for (g, e) in before.iter().enumerate() {
                    claims.extend(e.claims.iter().map(|&j| show(case, j, g + 1)));
                }
                findings.push(finding(
                    self,
                    Some(subject.to_string()),
                    Some(property.to_string()),
                    format!(
                        "{subject} is numbered {}, but {} other event{} already lie in {window}: {}",
                        claim.written,
                        before.len(),
                        if before.len() == 1 { "" } else { "s" },
                        listed.join(", ")
                    ),
                    claims,
                ));
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, subjects};

    const CASE: &str = "properties:
  held_on: {type: date}
  round_number: {type: quantity, scoped_by: since}
rules:
  - {rule: numbering, number: round_number, events: held_on}
";

    fn contradicted(claims: &str) -> Vec<String> {
        subjects(&case(&[("case.yaml", CASE), ("a.yaml", claims)]), "numbering")
    }

    #[test]
    fn an_event_on_the_first_day_of_the_window_counts() {
        let found = contradicted(
            "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: b, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: n, subject: round-2, property: round_number, value: first, since: 2013-07-17}
",
        );
        assert_eq!(found, ["round-2"]);
        // The day before the window does not count.
        let found = contradicted(
            "claims:
  - {id: a, subject: round-0, property: held_on, value: 2013-07-16}
  - {id: b, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: n, subject: round-2, property: round_number, value: first, since: 2013-07-17}
",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_count_must_reach_the_stated_number() {
        let claims = |number: &str| {
            format!(
                "claims:
  - {{id: a, subject: round-1, property: held_on, value: 2013-07-17}}
  - {{id: b, subject: round-2, property: held_on, value: 2013-09}}
  - {{id: c, subject: round-3, property: held_on, value: 2014-01-09}}
  - {{id: n, subject: round-3, property: round_number, value: {number}, since: July 2013}}
"
            )
        };
        assert!(contradicted(&claims("third")).is_empty());
        assert_eq!(contradicted(&claims("second")), ["round-3"]);
        assert_eq!(contradicted(&claims("first")), ["round-3"]);
    }

    #[test]
    fn an_event_that_may_fall_after_the_numbered_one_does_not_count() {
        let found = contradicted(
            "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: b, subject: round-maybe-later, property: held_on, value: January 2014}
  - {id: c, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: n, subject: round-2, property: round_number, value: second, since: 2013-07-17}
",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_window_open_at_either_end_decides_nothing() {
        let found = contradicted(
            "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: c, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: n, subject: round-2, property: round_number, value: first, since: before 2014}
  - {id: d, subject: round-3, property: held_on, value: before 2015}
  - {id: m, subject: round-3, property: round_number, value: first, since: 2013-07-17}
",
        );
        assert!(found.is_empty(), "{found:?}");
        // An occurrence dated only `after 2014` surely follows the two rounds.
        let found = contradicted(
            "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: c, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: d, subject: round-3, property: held_on, value: after 2014}
  - {id: m, subject: round-3, property: round_number, value: second, since: 2013-07-17}
",
        );
        assert_eq!(found, ["round-3"]);
    }

    #[test]
    fn the_claims_period_dates_an_occurrence_with_no_event_date() {
        let found = contradicted(
            "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: n, subject: round-2, property: round_number, value: first, since: 2013-07-17, period: 2014-01-09}
  - {id: m, subject: round-3, property: round_number, value: first, since: 2013-07-17}
",
        );
        assert_eq!(found, ["round-2"]);
    }
}
