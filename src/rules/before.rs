//! `before`: a subject whose later date is surely before its earlier one.

use super::dates::{SubjectDate, declared, subject_dates};
use super::finding::show;
use super::finding::{finding, info};
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{Case, Param};
use crate::value::Kind;

/// The date that should come first (an arrest).
const EARLIER: Param = Param {
    name: "earlier",
    kind: Kind::Date,
    positions: false,
};
/// The date that should come second (the release being announced).
const LATER: Param = Param {
    name: "later",
    kind: Kind::Date,
    positions: false,
};

pub(super) struct Before;

impl Rule for Before {
    fn id(&self) -> &'static str {
        "before"
    }

    fn summary(&self) -> &'static str {
        "a subject whose `later` date is surely before its `earlier` date (case rule)"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/before.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn params(&self) -> &'static [Param] {
        &[EARLIER, LATER]
    }

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self) {
            let earlier = subject_dates(case, analysis, rule.get(EARLIER));
            let earlier: std::collections::HashMap<&str, &SubjectDate> =
                earlier.iter().map(|e| (e.subject, e)).collect();
            for later in subject_dates(case, analysis, rule.get(LATER)) {
                let Some(first) = earlier.get(later.subject) else {
                    continue;
                };
                let name = |claims: &[usize]| {
                    case.property_of(&case.claims[claims[0]])
                        .unwrap_or_default()
                        .to_string()
                };
                let mut claims: Vec<_> = first.claims.iter().map(|&i| show(case, i, 0)).collect();
                claims.extend(later.claims.iter().map(|&i| show(case, i, 1)));
                // Whole days, or minutes when both dates have a time; the same day (or
                // minute) counts as in order.
                let ((later_first, later_last), (first_first, first_last)) =
                    if later.date.is_timed() && first.date.is_timed() {
                        let minutes = |d: &crate::value::DateSet| {
                            let (from, to) = d.minutes();
                            (from, to - 1.0)
                        };
                        (minutes(&later.date), minutes(&first.date))
                    } else {
                        let days = |d: &crate::value::DateSet| (d.days.lo.value, d.days.hi.value);
                        (days(&later.date), days(&first.date))
                    };
                // Surely in order: nothing to say.
                if later_first >= first_last {
                    continue;
                }
                // Neither surely in order nor surely not: the check cannot run, and says so.
                let undecided = later_last >= first_first;
                let (later_name, earlier_name) = (name(&later.claims), name(&first.claims));
                let message = if undecided {
                    format!(
                        "{}: cannot tell whether {later_name} ({}) comes after {earlier_name} ({}): the dates overlap",
                        later.subject, later.date, first.date
                    )
                } else {
                    format!(
                        "{}: {later_name} ({}) is before {earlier_name} ({})",
                        later.subject, later.date, first.date
                    )
                };
                let make = if undecided { info } else { finding };
                findings.push(make(
                    self,
                    Some(later.subject.to_string()),
                    Some(later_name),
                    message,
                    claims,
                ));
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, findings_of};

    fn findings(claims: &str) -> Vec<String> {
        let case = case(&[
            (
                "case.yaml",
                "properties:
  arrested: {type: date}
  released: {type: date}
rules:
  - {rule: before, earlier: arrested, later: released}
",
            ),
            ("a.yaml", claims),
        ]);
        findings_of(&case, "before")
            .into_iter()
            .map(|f| format!("{}: {}", f.severity.name(), f.message))
            .collect()
    }

    #[test]
    fn times_on_one_day_are_ordered_by_the_minute() {
        let found = findings(
            "claims:
  - {id: a, subject: early-release, property: arrested, value: \"June 3, 2023, 9:15 am\"}
  - {id: b, subject: early-release, property: released, value: \"June 3, 2023, 8:40 am\"}
  - {id: c, subject: same-minute, property: arrested, value: \"June 3, 2023, 9:15 am\"}
  - {id: d, subject: same-minute, property: released, value: \"June 3, 2023, 9:15 am\"}
  - {id: e, subject: morning, property: arrested, value: \"June 3, 2023, 9:15 am\"}
  - {id: f, subject: morning, property: released, value: \"June 3, 2023, morning\"}
  - {id: g, subject: whole-day, property: arrested, value: \"June 3, 2023, 9:15 am\"}
  - {id: h, subject: whole-day, property: released, value: 2023-06-03}
",
        );
        // A date without a time is its whole day: the same day is in order, as before.
        assert_eq!(
            found,
            [
                "error: early-release: released (2023-06-03 08:40) is before arrested (2023-06-03 09:15)",
                "info: morning: cannot tell whether released (2023-06-03 04:00..11:59) comes after arrested \
                 (2023-06-03 09:15): the dates overlap",
            ]
        );
    }

    #[test]
    fn a_later_date_surely_before_the_earlier_one() {
        let found = findings(
            "claims:
  - {id: a, subject: gross, property: arrested, value: 2009-12-03}
  - {id: b, subject: gross, property: released, value: 2009-12-02}
  - {id: c, subject: same-day, property: arrested, value: 2009-12-03}
  - {id: d, subject: same-day, property: released, value: 2009-12-03}
  - {id: e, subject: overlapping, property: arrested, value: December 2009}
  - {id: f, subject: overlapping, property: released, value: 2009-12-02}
  - {id: g, subject: in-order, property: arrested, value: 2009}
  - {id: h, subject: in-order, property: released, value: 2014}
  - {id: i, subject: no-arrest, property: released, value: 2014}
",
        );
        // The same day, years in order, and a release with no arrest say nothing; dates
        // that overlap cannot be ordered, and say so.
        assert_eq!(
            found,
            [
                "error: gross: released (2009-12-02) is before arrested (2009-12-03)",
                "info: overlapping: cannot tell whether released (2009-12-02) comes after arrested \
                 (2009-12-01..2009-12-31): the dates overlap",
            ]
        );
    }

    #[test]
    fn touching_ends_are_in_order() {
        let found = findings(
            "claims:
  - {id: a, subject: x, property: arrested, value: 2009-12-01..2009-12-03}
  - {id: b, subject: x, property: released, value: 2009-12-03..2009-12-05}
",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
