//! `timeline`: an event dated inside a pause — after a suspension, before its resumption.

use super::dates::{SubjectDate, declared, subject_dates};
use super::finding::{finding, info, not_listed, show, supporting};
use super::{Analysis, Rule};
use crate::finding::{Finding, FindingClaim, Severity};
use crate::model::{Case, Param};
use crate::value::Kind;

/// Subjects with these date properties are pauses (a suspension).
const PAUSE: Param = Param {
    name: "pause",
    kind: Kind::Date,
    positions: false,
};
/// Subjects with these are resumptions.
const RESUME: Param = Param {
    name: "resume",
    kind: Kind::Date,
    positions: false,
};
/// Subjects with these are the events (rounds of talks) that may fall inside a pause.
const EVENTS: Param = Param {
    name: "events",
    kind: Kind::Date,
    positions: false,
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

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self) {
            let pauses = subject_dates(case, analysis, rule.get(PAUSE));
            let resumes = subject_dates(case, analysis, rule.get(RESUME));
            let events = subject_dates(case, analysis, rule.get(EVENTS));
            let pauses = resumed(&pauses, &resumes);
            // Pauses by latest possible start: the pauses an event is surely after are a
            // prefix of this order; for each prefix, the two that last longest (two, in
            // case the first is the event's own subject).
            let mut longest: Vec<[Option<usize>; 2]> = Vec::with_capacity(pauses.len());
            let mut top: [Option<usize>; 2] = [None, None];
            for (k, pause) in pauses.iter().enumerate() {
                let lasts = |i: Option<usize>| i.map_or(f64::NEG_INFINITY, |i| pauses[i].resumed_by);
                if pause.resumed_by > lasts(top[0]) {
                    top = [Some(k), top[0]];
                } else if pause.resumed_by > lasts(top[1]) {
                    top[1] = Some(k);
                }
                longest.push(top);
            }
            // The pauses not surely begun before an event are a suffix of the same order:
            // the one among them that may begin earliest, for an event that may be inside.
            let mut earliest_from: Vec<Option<usize>> = vec![None; pauses.len() + 1];
            for k in (0..pauses.len()).rev() {
                let starts =
                    |i: Option<usize>| i.map_or(f64::INFINITY, |i| pauses[i].date.date.days.lo.value);
                earliest_from[k] = if pauses[k].date.date.days.lo.value <= starts(earliest_from[k + 1]) {
                    Some(k)
                } else {
                    earliest_from[k + 1]
                };
            }
            // One finding per event, against the pause that lasts longest past it: the
            // report grows with the events, not with events times pauses.
            for event in &events {
                let (first, last) = (event.date.days.lo.value, event.date.days.hi.value);
                let k = pauses.partition_point(|p| p.date.date.days.hi.value < first);
                let held = k.checked_sub(1).and_then(|prefix| {
                    longest[prefix]
                        .into_iter()
                        .flatten()
                        .map(|i| &pauses[i])
                        .find(|p| p.date.subject != event.subject)
                });
                if let Some(pause) = held {
                    if last < pause.resumed_by {
                        findings.push(self.finding(case, event, pause));
                        continue;
                    }
                    // Surely after the pause began, perhaps on a day before it resumed
                    // (unless the event is the resumption itself). On the day it resumed,
                    // as on the day it began, an event is taken to be outside the pause.
                    let resumption = pause.resumption.filter(|r| r.subject != event.subject);
                    if resumption.is_some_and(|r| first < r.date.days.hi.value) {
                        findings.push(self.undecided(case, event, pause, Undecided::Resumption));
                        continue;
                    }
                }
                // Perhaps after a pause began, which it may then be inside.
                let starting = earliest_from[k]
                    .map(|i| &pauses[i])
                    .filter(|p| p.date.subject != event.subject && p.date.date.days.lo.value < last)
                    .filter(|p| p.resumption.is_none_or(|r| first < r.date.days.hi.value));
                if let Some(pause) = starting {
                    findings.push(self.undecided(case, event, pause, Undecided::Start));
                }
            }
        }
        findings
    }
}

/// A pause, and when it surely ends: the earliest day its first resumption can begin.
struct Pause<'d, 'c> {
    date: &'d SubjectDate<'c>,
    /// `∞` when nothing resumes the pause: it lasts on.
    resumed_by: f64,
    /// The resumption that ends the pause soonest.
    resumption: Option<&'d SubjectDate<'c>>,
}

/// Each pause with its resumption, ordered by the pause's latest possible day.
fn resumed<'d, 'c>(pauses: &'d [SubjectDate<'c>], resumes: &'d [SubjectDate<'c>]) -> Vec<Pause<'d, 'c>> {
    // Resumptions by latest possible day, with the earliest start among those that end
    // later: a pause's following resumptions are a suffix of this order.
    let mut resumes: Vec<&SubjectDate> = resumes.iter().collect();
    resumes.sort_by(|a, b| a.date.days.hi.value_cmp(&b.date.days.hi));
    let mut earliest_after = vec![f64::INFINITY; resumes.len() + 1];
    for k in (0..resumes.len()).rev() {
        earliest_after[k] = earliest_after[k + 1].min(resumes[k].date.days.lo.value);
    }
    let mut resumed: Vec<Pause> = pauses
        .iter()
        .map(|pause| {
            // A resumption follows the pause when it can lie after the pause began.
            let first = resumes.partition_point(|r| r.date.days.hi.value <= pause.date.days.lo.value);
            let resumed_by = earliest_after[first];
            let resumption = resumes[first..]
                .iter()
                .find(|r| r.date.days.lo.value == resumed_by)
                .copied();
            Pause {
                date: pause,
                resumed_by,
                resumption,
            }
        })
        .collect();
    // Stable: pauses with the same latest day stay in subject order.
    resumed.sort_by(|a, b| a.date.date.days.hi.value_cmp(&b.date.date.days.hi));
    resumed
}

/// The claims a timeline finding shows, a group each: the event's (all of them, or a few
/// like the others'), a few of the pause's and of its resumption's; and how many were
/// left out.
fn claims_of(
    case: &Case,
    event: &SubjectDate,
    pause: &SubjectDate,
    resumption: Option<&SubjectDate>,
    event_in_full: bool,
) -> (Vec<FindingClaim>, usize) {
    let dates = [Some(event), Some(pause), resumption];
    // Each group's claims listed, and how many are left out.
    let listed: Vec<(usize, &[usize], usize)> = dates
        .into_iter()
        .enumerate()
        .filter_map(|(group, date)| {
            let claims = date?.claims.as_slice();
            let (shown, more) = if group == 0 && event_in_full {
                (claims, 0)
            } else {
                supporting(claims)
            };
            Some((group, shown, more))
        })
        .collect();
    // Sized exactly: timeline findings may show a million claims between them.
    let mut claims = Vec::with_capacity(listed.iter().map(|(_, shown, _)| shown.len()).sum());
    let mut unlisted = 0;
    for (group, shown, more) in listed {
        claims.extend(shown.iter().map(|&i| show(case, i, group)));
        unlisted += more;
    }
    (claims, unlisted)
}

/// Which end of a pause an event cannot be placed against.
#[derive(Clone, Copy)]
enum Undecided {
    Start,
    Resumption,
}

impl Timeline {
    /// An event that may or may not fall inside a pause: the check cannot run, and says
    /// which dates keep it from running, with a few claims of each to find them by (an
    /// imprecise pause may leave many events unchecked).
    fn undecided(&self, case: &Case, event: &SubjectDate, pause: &Pause, which: Undecided) -> Finding {
        let resumption = pause
            .resumption
            .filter(|_| matches!(which, Undecided::Resumption));
        let (claims, unlisted) = claims_of(case, event, pause.date, resumption, false);
        let why = match resumption {
            Some(r) => format!(
                "it is surely after {} began ({}), but the dates cannot tell whether it came before {} ({}) \
                     resumed it",
                pause.date.subject, pause.date.date, r.subject, r.date
            ),
            None => format!(
                "the dates cannot tell whether it came after the pause {} ({}) began",
                pause.date.subject, pause.date.date
            ),
        };
        let property = case
            .property_of(&case.claims[event.claims[0]])
            .map(str::to_string);
        info(
            self,
            Some(event.subject.to_string()),
            property,
            format!(
                "{} ({}) cannot be checked: {why}{}",
                event.subject,
                event.date,
                not_listed(unlisted)
            ),
            claims,
        )
    }

    fn finding(&self, case: &Case, event: &SubjectDate, pause: &Pause) -> Finding {
        let resumed = match pause.resumption {
            None => "which nothing resumes".to_string(),
            Some(r) => format!("before it resumed: {} ({})", r.subject, r.date),
        };
        // The event's own claims in full; the pause's and the resumption's, which every
        // event inside the pause repeats, a few of each.
        let (claims, unlisted) = claims_of(case, event, pause.date, pause.resumption, true);
        let property = case
            .property_of(&case.claims[event.claims[0]])
            .map(str::to_string);
        let pause = pause.date;
        finding(
            self,
            Some(event.subject.to_string()),
            property,
            format!(
                "{} ({}) falls inside the pause {} ({}), {resumed}{}",
                event.subject,
                event.date,
                pause.subject,
                pause.date,
                not_listed(unlisted)
            ),
            claims,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{case, subjects};

    const CASE: &str = "properties:
  suspended: {type: date}
  resumed: {type: date}
  held_on: {type: date}
rules:
  - {rule: timeline, pause: suspended, resume: resumed, events: held_on}
";

    /// The case's timeline findings.
    fn timeline_findings(claims: &str) -> Vec<crate::finding::Finding> {
        crate::rules::testing::findings_of(&case(&[("case.yaml", CASE), ("a.yaml", claims)]), "timeline")
    }

    /// The subjects of the errors: the events surely inside a pause.
    fn inside(claims: &str) -> Vec<String> {
        by_severity(claims).0
    }

    /// The subjects of the errors, and of the events the rule could not place.
    fn by_severity(claims: &str) -> (Vec<String>, Vec<String>) {
        let found = timeline_findings(claims);
        let subjects = |severity: Severity| -> Vec<String> {
            found
                .iter()
                .filter(|f| f.severity == severity)
                .map(|f| f.subject.clone().unwrap_or_default())
                .collect()
        };
        (subjects(Severity::Error), subjects(Severity::Info))
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
    fn events_that_may_fall_outside_the_pause_are_not_errors_but_unchecked() {
        let (errors, unchecked) = by_severity(
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
        assert_eq!(errors, ["day-after-the-pause", "day-before-the-resumption"]);
        // The pause's own day is outside it; each of the others may be inside or outside,
        // and the rule says it cannot check them.
        assert_eq!(
            unchecked,
            ["may-run-past-the-resumption", "on-the-resumption-first-day"]
        );
    }

    /// An event that may be before or after a pause began is unchecked, against the pause
    /// that may begin earliest; one before every pause may begin says nothing.
    #[test]
    fn events_perhaps_after_a_pause_began_are_unchecked() {
        let (errors, unchecked) = by_severity(
            "claims:
  - {id: p, subject: pause-2010, property: suspended, value: 2010}
  - {id: q, subject: pause-later, property: suspended, value: 2011-01-01..2012-12-31}
  - {id: a, subject: round-may-2010, property: held_on, value: May 2010}
  - {id: b, subject: round-2009, property: held_on, value: 2009-06-01}
",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(unchecked, ["round-may-2010"]);
        let found = timeline_findings(
            "claims:
  - {id: q, subject: pause-later, property: suspended, value: 2011-01-01..2012-12-31}
  - {id: p, subject: pause-2010, property: suspended, value: 2010}
  - {id: a, subject: round-may-2010, property: held_on, value: May 2010}
",
        );
        assert_eq!(
            found[0].message,
            "round-may-2010 (2010-05-01..2010-05-31) cannot be checked: the dates cannot tell whether it came \
             after the pause pause-2010 (2010-01-01..2010-12-31) began"
        );
    }

    /// The pause that may begin earliest holds an unchecked event, though another that
    /// surely ends sooner may begin later.
    #[test]
    fn an_unchecked_event_is_set_against_the_pause_that_may_begin_earliest() {
        let found = timeline_findings(
            "claims:
  - {id: a, subject: pause-december, property: suspended, value: 2010-12}
  - {id: b, subject: pause-long, property: suspended, value: 2009-06-01..2011-06-30}
  - {id: e, subject: round, property: held_on, value: 2010-06-15}
  - {id: r, subject: resumption, property: resumed, value: 2012}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .ends_with("whether it came after the pause pause-long (2009-06-01..2011-06-30) began"),
            "{}",
            found[0].message
        );
    }

    /// On the day a pause resumed, an event is outside it, however the pause is dated.
    #[test]
    fn an_event_on_the_day_of_the_resumption_is_outside_the_pause() {
        let (errors, unchecked) = by_severity(
            "claims:
  - {id: p, subject: pause, property: suspended, value: 2009}
  - {id: r, subject: resumption, property: resumed, value: 2011-06-15}
  - {id: a, subject: round-on-the-day, property: held_on, value: 2011-06-15}
  - {id: q, subject: pause-2012, property: suspended, value: 2012}
  - {id: s, subject: resumption-2012, property: resumed, value: 2012-05-10}
  - {id: b, subject: round-on-that-day, property: held_on, value: 2012-05-10}
",
        );
        assert!(
            errors.is_empty() && unchecked.is_empty(),
            "{errors:?} {unchecked:?}"
        );
    }

    /// An unchecked event names a few claims of each date, and counts the rest.
    #[test]
    fn an_unchecked_event_lists_a_few_claims_of_each_date() {
        let mut claims = String::from("claims:\n");
        // Two of the round's claims, one of the pause's and three of the resumption's
        // are left out.
        let mut add = |n: usize, id: &str, subject: &str, property: &str, value: &str| {
            for i in 0..n {
                claims.push_str(&format!(
                    "  - {{id: {id}{i}, subject: {subject}, property: {property}, value: {value}}}\n"
                ));
            }
        };
        add(5, "a", "round", "held_on", "2011");
        add(4, "p", "pause", "suspended", "2009");
        add(6, "r", "resumption", "resumed", "2011");
        let found = timeline_findings(&claims);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0].message.ends_with("; 6 more claims are not listed"),
            "{}",
            found[0].message
        );
        let groups: Vec<u32> = found[0].claims.iter().map(|c| c.group).collect();
        assert_eq!(groups, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
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

    /// A report linear in the case: one finding per event however many pauses hold it,
    /// and a few of a pause's claims however many it has.
    #[test]
    fn each_event_is_reported_once_with_a_few_of_the_pauses_claims() {
        let mut claims = String::from("claims:\n");
        for i in 0..50 {
            claims.push_str(&format!(
                "  - {{id: p{i}, subject: pause-{i:02}, property: suspended, value: 2009-12-{:02}}}\n",
                i % 28 + 1
            ));
        }
        for i in 0..10 {
            claims.push_str(&format!(
                "  - {{id: q{i}, subject: long-pause, property: suspended, value: 2009}}\n"
            ));
        }
        claims.push_str("  - {id: r, subject: resumption, property: resumed, value: 2013-07-17}\n");
        claims.push_str("  - {id: a, subject: round, property: held_on, value: 2011-05-01}\n");
        let many_pauses = case(&[("case.yaml", CASE), ("a.yaml", &claims)]);
        let found = crate::rules::testing::findings_of(&many_pauses, "timeline");
        assert_eq!(found.len(), 1, "{found:?}");
        // Every pause ends at the one resumption; the first in order of latest start wins.
        assert!(
            found[0]
                .message
                .starts_with("round (2011-05-01) falls inside the pause ")
        );
        assert_eq!(found[0].claims.len(), 1 + 1 + 1, "{:?}", found[0].claims);
        // A pause with ten claims shows three.
        let mut claims = String::from("claims:\n");
        for i in 0..10 {
            claims.push_str(&format!(
                "  - {{id: q{i}, subject: long-pause, property: suspended, value: 2009}}\n"
            ));
        }
        claims.push_str("  - {id: a, subject: round, property: held_on, value: 2011-05-01}\n");
        let long_pause = case(&[("case.yaml", CASE), ("a.yaml", &claims)]);
        let found = crate::rules::testing::findings_of(&long_pause, "timeline");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].claims.len(), 1 + 3);
        assert!(
            found[0]
                .message
                .ends_with("which nothing resumes; 7 more claims are not listed"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_pause_that_lasts_longest_is_the_one_reported() {
        let found = timeline_findings(
            "claims:
  - {id: p1, subject: early-pause, property: suspended, value: 2005}
  - {id: r1, subject: early-resumption, property: resumed, value: 2006}
  - {id: p2, subject: later-pause, property: suspended, value: 2009}
  - {id: a, subject: round, property: held_on, value: 2010}
",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "round (2010-01-01..2010-12-31) falls inside the pause later-pause (2009-01-01..2009-12-31), which nothing resumes"
        );
    }

    #[test]
    fn a_subject_is_never_inside_its_own_pause() {
        let case_yaml = "properties:
  suspended: {type: date}
  held_on: {type: date}
rules:
  - {rule: timeline, pause: suspended, resume: held_on, events: [held_on, suspended]}
";
        let found = subjects(
            &case(&[
                ("case.yaml", case_yaml),
                (
                    "a.yaml",
                    "claims:
  - {id: p1, subject: a-pause, property: suspended, value: 2005}
  - {id: p2, subject: b-pause, property: suspended, value: 2009}
  - {id: p3, subject: b-pause, property: held_on, value: 2010}
",
                ),
            ]),
            "timeline",
        );
        // b-pause's dates span 2009–2010; only a-pause can hold it, and a-pause is
        // resumed by b-pause itself in 2009: nothing is surely inside.
        assert!(found.is_empty(), "{found:?}");
    }

    /// When the event's own subject is the pause that lasts longest, the next one that
    /// holds it is reported: of pauses that last as long, the first to begin.
    #[test]
    fn the_next_pause_holds_an_event_that_is_itself_a_pause() {
        let found = timeline_findings(
            "claims:
  - {id: s, subject: talks, property: suspended, value: 2004}
  - {id: h, subject: talks, property: held_on, value: 2010}
  - {id: p, subject: embargo-pause, property: suspended, value: 2005}
  - {id: q, subject: later-pause, property: suspended, value: 2006}
  - {id: r, subject: resumption, property: resumed, value: 2012}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("talks (2010-01-01..2010-12-31) falls inside the pause embargo-pause"),
            "{}",
            found[0].message
        );
    }

    /// A pause ends at the earliest start among the resumptions that can follow it, even
    /// one that ends late.
    #[test]
    fn a_long_resumption_that_starts_early_ends_the_pause() {
        let found = inside(
            "claims:
  - {id: p, subject: pause, property: suspended, value: 2009}
  - {id: r1, subject: resumption-late, property: resumed, value: 2013}
  - {id: r2, subject: resumption-long, property: resumed, value: 2011-01-01..2014-12-31}
  - {id: a, subject: round-2010, property: held_on, value: 2010}
  - {id: b, subject: round-2012, property: held_on, value: 2012}
",
        );
        assert_eq!(found, ["round-2010"]);
        // 2012 may be before the long resumption began, or after: unchecked, and said.
        let found = timeline_findings(
            "claims:
  - {id: p, subject: pause, property: suspended, value: 2009}
  - {id: r2, subject: resumption-long, property: resumed, value: 2011-01-01..2014-12-31}
  - {id: b, subject: round-2012, property: held_on, value: 2012}
",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].message,
            "round-2012 (2012-01-01..2012-12-31) cannot be checked: it is surely after pause began \
             (2009-01-01..2009-12-31), but the dates cannot tell whether it came before resumption-long \
             (2011-01-01..2014-12-31) resumed it"
        );
        let groups: Vec<u32> = found[0].claims.iter().map(|c| c.group).collect();
        assert_eq!(groups, [0, 1, 2]);
    }

    #[test]
    fn claims_left_out_of_the_pause_and_the_resumption_are_counted() {
        let mut claims = String::from("claims:\n");
        // Two of the pause's claims and three of the resumption's are left out (counts
        // that differ, so a product is no sum).
        for i in 0..5 {
            claims.push_str(&format!(
                "  - {{id: p{i}, subject: pause, property: suspended, value: 2009}}\n"
            ));
        }
        for i in 0..6 {
            claims.push_str(&format!(
                "  - {{id: r{i}, subject: resumption, property: resumed, value: 2013}}\n"
            ));
        }
        claims.push_str("  - {id: a, subject: round, property: held_on, value: 2011}\n");
        let found = timeline_findings(&claims);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.ends_with("; 5 more claims are not listed"),
            "{}",
            found[0].message
        );
        let groups: Vec<u32> = found[0].claims.iter().map(|c| c.group).collect();
        assert_eq!(groups, [0, 1, 1, 1, 2, 2, 2]);
    }
}
