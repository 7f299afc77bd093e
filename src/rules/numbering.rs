//! `numbering`: "the second round since July" when the case knows of two rounds already.

use super::dates::{SubjectDate, declared, subject_dates};
use super::finding::{finding, info, not_listed, show, supporting};
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{Case, Param};
use crate::value::date::from_day_number;
use crate::value::{DateSet, Kind, Value};

/// The quantity property that numbers an occurrence; its claims carry `since`.
const NUMBER: Param = Param {
    name: "number",
    kind: Kind::Quantity,
    positions: true,
};
/// The date properties of the occurrences counted.
const EVENTS: Param = Param {
    name: "events",
    kind: Kind::Date,
    positions: false,
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

    fn check(&self, case: &Case, analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in declared(case, self) {
            let numbers = rule.get(NUMBER);
            let events = subject_dates(case, analysis, rule.get(EVENTS));
            let by_subject: std::collections::HashMap<&str, &SubjectDate> =
                events.iter().map(|e| (e.subject, e)).collect();
            // Events by earliest possible day: each window is a range of this order.
            let mut by_start: Vec<&SubjectDate> = events.iter().collect();
            by_start.sort_by(|a, b| a.date.days.lo.value_cmp(&b.date.days.lo));
            let mut numbered = Vec::new();
            for (i, claim) in case.claims.iter().enumerate() {
                let (Some(subject), Some(property), Some(since), Value::Number { interval: number, .. }) = (
                    case.subject_of(claim),
                    case.property_of(claim),
                    claim.since(),
                    &claim.value,
                ) else {
                    continue;
                };
                if !numbers.iter().any(|n| n == property) {
                    continue;
                }
                // A stated number is the whole numbers its interval allows; the largest decides.
                let Some((_, stated)) = number.whole_numbers() else {
                    continue;
                };
                // A check that cannot run says so, at `info`, so its author knows.
                let mut undecided = |why: String| {
                    findings.push(info(
                        self,
                        Some(subject.to_string()),
                        Some(property.to_string()),
                        format!(
                            "{subject}: `{}` since {since} cannot be checked: {why}",
                            case.written_of(claim)
                        ),
                        vec![show(case, i, 0)],
                    ));
                };
                // The numbered occurrence's own date: its events date, else the claim's period.
                let own: Option<DateSet> = by_subject.get(subject).map(|e| e.date).or(claim.period());
                let Some(own) = own else {
                    undecided(format!(
                        "the occurrence has no date (no `{}` date for {subject}, and the claim has no `period`)",
                        rule.get(EVENTS).join("`/`")
                    ));
                    continue;
                };
                let (start, end) = (since.days.lo.value, own.days.lo.value);
                if !start.is_finite() || !end.is_finite() {
                    let open = if start.is_finite() { own } else { since };
                    undecided(format!("{open} has no first day to count from or to"));
                    continue;
                }
                // The occurrence's own subject, dated from `end`, never lies before `end`.
                let from = starting_before(&by_start, start);
                let to = starting_before(&by_start, end).max(from);
                numbered.push(Numbered {
                    claim: i,
                    subject,
                    property,
                    stated,
                    window: (from, to),
                    end,
                    start,
                });
            }
            let counts = counts_before(&by_start, &numbered);
            for (n, count) in numbered.iter().zip(counts) {
                if (count as f64) >= n.stated {
                    findings.push(self.finding(case, &by_start, n, count));
                }
            }
        }
        findings
    }
}

/// How many of the events by start begin before `day`.
fn starting_before(by_start: &[&SubjectDate], day: f64) -> usize {
    by_start.partition_point(|e| e.date.days.lo.value < day)
}

/// A numbered occurrence and its window in the events by start.
struct Numbered<'c> {
    claim: usize,
    subject: &'c str,
    property: &'c str,
    /// The largest number the claim allows.
    stated: f64,
    /// The events whose earliest day lies in [`start`, `end`): a range of the events by start.
    window: (usize, usize),
    start: f64,
    end: f64,
}

/// For every numbered occurrence, how many events of its window surely lie before it
/// (their latest day is before its first). Counted for all at once: occurrences by their
/// first day, events by their latest, each event marked at its place among the events by
/// start once it ends before the occurrence — a sort and a sweep, not windows times events.
fn counts_before(by_start: &[&SubjectDate], numbered: &[Numbered]) -> Vec<usize> {
    let mut by_end: Vec<usize> = (0..numbered.len()).collect();
    by_end.sort_by(|&a, &b| numbered[a].end.total_cmp(&numbered[b].end));
    let mut by_finish: Vec<usize> = (0..by_start.len()).collect();
    by_finish.sort_by(|&a, &b| by_start[a].date.days.hi.value_cmp(&by_start[b].date.days.hi));
    let mut marked = Marks::new(by_start.len());
    let mut counts = vec![0; numbered.len()];
    let mut next = 0;
    for q in by_end {
        let n = &numbered[q];
        while next < by_finish.len() && by_start[by_finish[next]].date.days.hi.value < n.end {
            marked.mark(by_finish[next]);
            next += 1;
        }
        counts[q] = marked.before(n.window.1) - marked.before(n.window.0);
    }
    counts
}

/// Marked positions, counted by prefix in logarithmic time (a Fenwick tree).
struct Marks(Vec<usize>);

impl Marks {
    fn new(len: usize) -> Self {
        Marks(vec![0; len + 1])
    }

    fn mark(&mut self, position: usize) {
        let mut i = position + 1;
        while i < self.0.len() {
            self.0[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many of the positions below `end` are marked.
    fn before(&self, end: usize) -> usize {
        let (mut i, mut count) = (end, 0);
        while i > 0 {
            count += self.0[i];
            i -= i & i.wrapping_neg();
        }
        count
    }
}

/// Events named in a finding's message, and the most looked at to find them.
const LISTED: usize = 5;
const SCANNED: usize = 1_000;

impl Numbering {
    fn finding(&self, case: &Case, by_start: &[&SubjectDate], n: &Numbered, count: usize) -> Finding {
        let window = match (from_day_number(n.start), from_day_number(n.end - 1.0)) {
            (Some(a), Some(b)) => format!("{a}..{b}"),
            _ => "the window".to_string(),
        };
        // A few of the events, found in a bounded look: the count above is exact.
        let listed: Vec<&&SubjectDate> = by_start[n.window.0..n.window.1]
            .iter()
            .take(SCANNED)
            .filter(|e| e.subject != n.subject && e.date.days.hi.value < n.end)
            .take(LISTED)
            .collect();
        let mut names: Vec<String> = listed
            .iter()
            .map(|e| format!("{} ({})", e.subject, e.date))
            .collect();
        if count > names.len() {
            names.push(format!("{} more", count - names.len()));
        }
        let mut claims = vec![show(case, n.claim, 0)];
        let mut unlisted = 0;
        for (g, e) in listed.iter().enumerate() {
            let (shown, more) = supporting(&e.claims);
            claims.extend(shown.iter().map(|&j| show(case, j, g + 1)));
            unlisted += more;
        }
        finding(
            self,
            Some(n.subject.to_string()),
            Some(n.property.to_string()),
            format!(
                "{} is numbered {}, but {count} other event{} already lie in {window}: {}{}",
                n.subject,
                case.written_of(&case.claims[n.claim]),
                if count == 1 { "" } else { "s" },
                names.join(", "),
                not_listed(unlisted)
            ),
            claims,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::testing::{case, findings_of};

    const CASE: &str = "properties:
  held_on: {type: date}
  round_number: {type: quantity, scoped_by: since}
rules:
  - {rule: numbering, number: round_number, events: held_on}
";

    /// The subjects of the error findings.
    fn contradicted(claims: &str) -> Vec<String> {
        findings_of(&case(&[("case.yaml", CASE), ("a.yaml", claims)]), "numbering")
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.subject)
            .collect()
    }

    /// The messages of the `info` findings: the checks that could not run.
    fn undecided(claims: &str) -> Vec<String> {
        findings_of(&case(&[("case.yaml", CASE), ("a.yaml", claims)]), "numbering")
            .into_iter()
            .filter(|f| f.severity == Severity::Info)
            .map(|f| f.message)
            .collect()
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
    fn an_event_on_the_day_of_the_numbered_one_does_not_count() {
        let found = contradicted(
            "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: b, subject: same-day, property: held_on, value: 2014-01-09}
  - {id: e, subject: eve-to-day, property: held_on, value: 2014-01-08..2014-01-09}
  - {id: c, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: n, subject: round-2, property: round_number, value: second, since: 2013-07-17}
",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    /// Only events surely before the numbered one are named, each with its claims in a
    /// group of its own after the numbered claim.
    #[test]
    fn the_message_names_exactly_the_events_counted() {
        let case = case(&[
            ("case.yaml", CASE),
            (
                "a.yaml",
                "claims:
  - {id: a, subject: round-1, property: held_on, value: 2013-07-17}
  - {id: b, subject: maybe-later, property: held_on, value: January 2014}
  - {id: c, subject: same-day, property: held_on, value: 2014-01-09}
  - {id: e, subject: eve-to-day, property: held_on, value: 2014-01-08..2014-01-09}
  - {id: d, subject: round-2, property: held_on, value: 2014-01-09}
  - {id: n, subject: round-2, property: round_number, value: first, since: 2013-07-17}
",
            ),
        ]);
        let found = crate::rules::testing::findings_of(&case, "numbering");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "round-2 is numbered first, but 1 other event already lie in 2013-07-17..2014-01-08: round-1 (2013-07-17)"
        );
        let groups: Vec<(&str, u32)> = found[0].claims.iter().map(|c| (c.id(), c.group)).collect();
        assert_eq!(groups, [("n", 0), ("a", 1)]);
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
        // Neither check runs, and each says why.
        assert_eq!(
            undecided(
                "claims:
  - {id: n, subject: round-2, property: round_number, value: first, since: before 2014, period: 2014-01-09}
  - {id: d, subject: round-3, property: held_on, value: before 2015}
  - {id: m, subject: round-3, property: round_number, value: first, since: 2013-07-17}
"
            ),
            [
                "round-2: `first` since ..2013-12-31 cannot be checked: ..2013-12-31 has no first day to count from or to",
                "round-3: `first` since 2013-07-17 cannot be checked: ..2014-12-31 has no first day to count from or to",
            ]
        );
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
        assert_eq!(
            undecided(
                "claims:
  - {id: m, subject: round-3, property: round_number, value: first, since: 2013-07-17}
"
            ),
            [
                "round-3: `first` since 2013-07-17 cannot be checked: the occurrence has no date (no `held_on` date \
                 for round-3, and the claim has no `period`)"
            ]
        );
    }

    /// The count is exact; the message names five events and counts the rest, and each
    /// named event brings a few of its claims.
    #[test]
    fn many_earlier_events_are_counted_and_a_few_named() {
        let mut claims = String::from("claims:\n");
        for day in 1..=20 {
            claims.push_str(&format!(
                "  - {{id: e{day}, subject: round-{day:02}, property: held_on, value: 2013-08-{day:02}}}\n"
            ));
        }
        for k in 0..4 {
            claims.push_str(&format!(
                "  - {{id: x{k}, subject: round-01, property: held_on, value: August 2013}}\n"
            ));
        }
        claims.push_str("  - {id: n, subject: round-99, property: round_number, value: tenth, since: July 2013, period: 2014-01-09}\n");
        let found = crate::rules::testing::findings_of(
            &case(&[("case.yaml", CASE), ("a.yaml", &claims)]),
            "numbering",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "round-99 is numbered tenth, but 20 other events already lie in 2013-07-01..2014-01-08: \
             round-01 (2013-08-01), round-02 (2013-08-02), round-03 (2013-08-03), round-04 (2013-08-04), \
             round-05 (2013-08-05), 15 more; 2 more claims are not listed"
        );
        assert_eq!(found[0].claims.len(), 1 + 3 + 4);
    }
}
