//! `timeline`: an event dated inside a pause — after a suspension, before its resumption.

use super::dates::{SubjectDate, declared, subject_dates};
use super::finding::finding;
use super::finding::show;
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{Case, Param};
use crate::value::Kind;

/// Subjects with these date properties are pauses (a suspension).
const PAUSE: Param = Param {
    name: "pause",
    kind: Kind::Date,
};
/// Subjects with these are resumptions.
const RESUME: Param = Param {
    name: "resume",
    kind: Kind::Date,
};
/// Subjects with these are the events (rounds of talks) that may fall inside a pause.
const EVENTS: Param = Param {
    name: "events",
    kind: Kind::Date,
};

pub(super) struct Timeline;

impl Rule for Timeline {
    fn id(&self) -> &'static str {
        "timeline"
    }

    fn summary(&self) -> &'static str {
        "an event surely after a pause began and surely before anything resumed it (case rule)"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/timeline.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn params(&self) -> &'static [Param] {
        &[PAUSE, RESUME, EVENTS]
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self) {
            let pauses = subject_dates(case, rule.get(PAUSE));
            let resumes = subject_dates(case, rule.get(RESUME));
            let events = subject_dates(case, rule.get(EVENTS));
            // Resumptions by latest possible day, with the earliest start among those that
            // end later: a pause's following resumptions are a suffix of this order.
            let mut resumes: Vec<&SubjectDate> = resumes.iter().collect();
            resumes.sort_by(|a, b| a.date.days.hi.value.total_cmp(&b.date.days.hi.value));
            let mut earliest_after = vec![f64::INFINITY; resumes.len() + 1];
            for k in (0..resumes.len()).rev() {
                earliest_after[k] = earliest_after[k + 1].min(resumes[k].date.days.lo.value);
            }
            // Events by earliest possible day, for a range search per pause.
            let mut events: Vec<&SubjectDate> = events.iter().collect();
            events.sort_by(|a, b| a.date.days.lo.value.total_cmp(&b.date.days.lo.value));
            for pause in &pauses {
                // A resumption follows the pause when it can lie after the pause began.
                let first = resumes.partition_point(|r| r.date.days.hi.value <= pause.date.days.lo.value);
                let resumed_by = earliest_after[first];
                // The resumption that ends the pause soonest is the one to show.
                let resumption = resumes[first..]
                    .iter()
                    .find(|r| r.date.days.lo.value == resumed_by)
                    .copied();
                // Surely after the pause: earliest day past the pause's latest day.
                let start = events.partition_point(|e| e.date.days.lo.value <= pause.date.days.hi.value);
                let end = events.partition_point(|e| e.date.days.lo.value < resumed_by);
                for event in &events[start..end.max(start)] {
                    let surely_before = event.date.days.hi.value < resumed_by;
                    if surely_before && event.subject != pause.subject {
                        findings.push(self.finding(case, event, pause, resumption));
                    }
                }
            }
        }
        findings
    }
}

impl Timeline {
    fn finding(
        &self,
        case: &Case,
        event: &SubjectDate,
        pause: &SubjectDate,
        resumption: Option<&SubjectDate>,
    ) -> Finding {
        let resumed = match resumption {
            None => "which nothing resumes".to_string(),
            Some(r) => format!("before it resumed: {} ({})", r.subject, r.date),
        };
        let mut claims: Vec<_> = event.claims.iter().map(|&i| show(case, i, 0)).collect();
        claims.extend(pause.claims.iter().map(|&i| show(case, i, 1)));
        if let Some(r) = resumption {
            claims.extend(r.claims.iter().map(|&i| show(case, i, 2)));
        }
        let property = case.claims[event.claims[0]].property().map(str::to_string);
        finding(
            self,
            Some(event.subject.to_string()),
            property,
            format!(
                "{} ({}) falls inside the pause {} ({}), {resumed}",
                event.subject, event.date, pause.subject, pause.date
            ),
            claims,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, subjects};

    const CASE: &str = "properties:
  suspended: {type: date}
  resumed: {type: date}
  held_on: {type: date}
rules:
  - {rule: timeline, pause: suspended, resume: resumed, events: held_on}
";

    fn inside(claims: &str) -> Vec<String> {
        subjects(&case(&[("case.yaml", CASE), ("a.yaml", claims)]), "timeline")
    }

    #[test]
    fn the_earliest_resumption_after_the_pause_ends_it() {
        let found = inside(
            "claims:
  - {id: p, subject: pause, property: suspended, value: 2009-12-04}
  - {id: before, subject: resumed-before, property: resumed, value: 2005}
  - {id: late, subject: resumed-late, property: resumed, value: 2013-07-17}
  - {id: early, subject: resumed-early, property: resumed, value: 2011-06}
  - {id: a, subject: round-inside, property: held_on, value: 2010-02-19}
  - {id: b, subject: round-after-early, property: held_on, value: 2012-01-10}
",
        );
        assert_eq!(found, ["round-inside"]);
    }

    #[test]
    fn events_that_may_fall_outside_the_pause_are_not_reported() {
        let found = inside(
            "claims:
  - {id: p, subject: pause, property: suspended, value: 2009-12-04}
  - {id: r, subject: resumption, property: resumed, value: 2011-06}
  - {id: a, subject: on-the-pause-day, property: held_on, value: 2009-12-04}
  - {id: b, subject: on-the-resumption-first-day, property: held_on, value: 2011-06-01}
  - {id: c, subject: may-run-past-the-resumption, property: held_on, value: 2011}
  - {id: d, subject: day-after-the-pause, property: held_on, value: 2009-12-05}
  - {id: e, subject: day-before-the-resumption, property: held_on, value: 2011-05-31}
",
        );
        assert_eq!(found, ["day-after-the-pause", "day-before-the-resumption"]);
    }

    #[test]
    fn a_pause_that_nothing_resumes_lasts_on() {
        let found = inside(
            "claims:
  - {id: p, subject: pause, property: suspended, value: 2009-12-04}
  - {id: r, subject: resumed-before, property: resumed, value: 2009-12-04}
  - {id: a, subject: round-years-later, property: held_on, value: 2020}
",
        );
        assert_eq!(found, ["round-years-later"]);
    }
}
