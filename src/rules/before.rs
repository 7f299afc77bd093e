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

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self) {
            let earlier = subject_dates(case, rule.get(EARLIER));
            let earlier: std::collections::HashMap<&str, &SubjectDate> =
                earlier.iter().map(|e| (e.subject, e)).collect();
            for later in subject_dates(case, rule.get(LATER)) {
                let Some(first) = earlier.get(later.subject) else {
                    continue;
                };
                let name =
                    |claims: &[usize]| case.claims[claims[0]].property().unwrap_or_default().to_string();
                let mut claims: Vec<_> = first.claims.iter().map(|&i| show(case, i, 0)).collect();
                claims.extend(later.claims.iter().map(|&i| show(case, i, 1)));
                // Surely in order: nothing to say.
                if later.date.days.lo.value >= first.date.days.hi.value {
                    continue;
                }
                // Neither surely in order nor surely not: the check cannot run, and says so.
                let undecided = later.date.days.hi.value >= first.date.days.lo.value;
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
