//! `relation`: a stated ratio, difference or change that the related claims do not give.
//!
//! Operands are read at their stated precision: a relation that no rounding of them can
//! make hold is an error; one that holds only within their rounding is `info`.

use super::finding::show;
use super::finding::{finding, info};
use super::{Analysis, Rule};
use crate::finding::{Finding, FindingClaim, Gap, Severity};
use crate::model::{Case, Operand, Relation, RelationBody};
use crate::value::date::from_day_number;
use crate::value::describe::{Shown, relative_gap};
use crate::value::{Interval, Reading, Value};

pub(super) struct RelationRule;

/// One side of a relation: every value it allows, the figure as printed (days for dates),
/// and how messages name it and its value.
struct Side {
    reads: Interval,
    printed: Interval,
    name: String,
    written: String,
}

fn side(case: &Case, operand: Operand) -> Option<Side> {
    match operand {
        Operand::Claim(i) => {
            let claim = &case.claims[i as usize];
            let (reads, printed) = match &claim.value {
                Value::Date(d) => (d.days, d.days),
                Value::Number { interval, .. } => (*interval, claim.value.printed().unwrap_or(*interval)),
                _ => return None,
            };
            Some(Side {
                reads,
                printed,
                name: format!("{}/{}", case.source_of(claim).id, case.id_of(claim)),
                written: case.written_of(claim).to_string(),
            })
        }
        Operand::Published(s) => case.sources[s as usize].published.map(|d| Side {
            reads: d.days,
            printed: d.days,
            name: "published".to_string(),
            written: d.to_string(),
        }),
    }
}

/// The relation computed over two intervals; `None` when any value is possible (a
/// divisor that may be zero, a date without end).
fn compute(relation: Relation, reading: Reading, of: &Interval, to: &Interval) -> Option<Interval> {
    match relation {
        Relation::Ratio | Relation::Change => of.divided_by(to),
        Relation::Difference if reading == Reading::Age => age_between(of, to),
        Relation::Difference => Some(of.minus(to)),
    }
}

/// The whole years lived between two sets of days, on the calendar: the fewest from the
/// latest birth day to the earliest later day, the most the other way round.
fn age_between(later: &Interval, born: &Interval) -> Option<Interval> {
    use chrono::Datelike;
    let years = |on: f64, born: f64| -> Option<f64> {
        let (on, born) = (from_day_number(on)?, from_day_number(born)?);
        let birthday_to_come = (on.month(), on.day()) < (born.month(), born.day());
        Some(f64::from(on.year() - born.year() - i32::from(birthday_to_come)))
    };
    // Every finite day of a parsed date is a calendar day, so only an open end (`before
    // 1970`) gives no year: the age is then unbounded that way.
    let youngest = years(later.lo.value, born.hi.value).unwrap_or(f64::NEG_INFINITY);
    let oldest = years(later.hi.value, born.lo.value).unwrap_or(f64::INFINITY);
    Some(Interval::closed(youngest, oldest))
}

/// The gap between computed and stated, in the unit the value was written in: a
/// percentage change (`up 21%` against +9%) is compared as a change, not as a ratio.
fn gap(computed: &Interval, stated: &Interval, percent_change: bool) -> Gap {
    if percent_change {
        Gap::Relative(relative_gap(&computed.shift(-1.0), &stated.shift(-1.0)))
    } else {
        Gap::Relative(relative_gap(computed, stated))
    }
}

impl Rule for RelationRule {
    fn id(&self) -> &'static str {
        "relation"
    }

    fn summary(&self) -> &'static str {
        "a stated ratio, difference or change between two claims that their values cannot give"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/relation.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (i, claim) in case.claims.iter().enumerate() {
            let Some(RelationBody {
                relation,
                of,
                to,
                reading,
            }) = case.relation_of(claim)
            else {
                continue;
            };
            let (Some(a), Some(b), Value::Number { interval: stated, .. }) =
                (side(case, *of), side(case, *to), &claim.value)
            else {
                continue;
            };
            let (what, sign) = match relation {
                Relation::Ratio => ("ratio", "÷"),
                Relation::Difference => ("difference", "−"),
                Relation::Change => ("change", "from"),
            };
            let change = *relation == Relation::Change;
            let mut claims = vec![show(case, i, 0)];
            claims.extend([of, to].into_iter().enumerate().filter_map(|(g, o)| match o {
                Operand::Claim(j) => Some(show(case, *j as usize, g + 1)),
                Operand::Published(_) => None,
            }));
            // A check that cannot run says so, at `info`, so its author knows.
            let undecided = |why: String| {
                info(
                    self,
                    None,
                    None,
                    format!("{what} {} {sign} {} cannot be checked: {why}", a.name, b.name),
                    dedup(claims.clone()),
                )
            };
            let Some(computed) = compute(*relation, *reading, &a.reads, &b.reads) else {
                findings.push(undecided(format!(
                    "{} ({}) may be zero, so any {what} is possible",
                    b.name, b.written
                )));
                continue;
            };
            if computed.lo.value.is_infinite() && computed.hi.value.is_infinite() {
                findings.push(undecided(format!(
                    "{} ({}) and {} ({}) are too imprecise: any {what} is possible",
                    a.name, a.written, b.name, b.written
                )));
                continue;
            }
            if !computed.overlaps(stated) {
                let shown = Shown::for_pair(&computed, stated, *reading, change);
                let mut f = finding(
                    self,
                    None,
                    None,
                    format!(
                        "{what} {} {sign} {}: computed {} vs stated {} ({})",
                        a.name,
                        b.name,
                        shown.interval(&computed),
                        case.written_of(claim),
                        shown.interval(stated),
                    ),
                    dedup(claims),
                );
                f.set_more(|m| m.gap = Some(gap(&computed, stated, change && *reading == Reading::Percent)));
                findings.push(f);
                continue;
            }
            // Holds within the operands' precision; does it hold as they were printed?
            let Some(as_printed) = compute(*relation, *reading, &a.printed, &b.printed) else {
                continue;
            };
            if as_printed.overlaps(stated) {
                continue;
            }
            let shown = Shown::for_pair(&as_printed, stated, *reading, change);
            let mut f = info(
                self,
                None,
                None,
                format!(
                    "{what} {} {sign} {} holds only through rounding: as printed {} {sign} {} is {}, \
                     stated {} ({})",
                    a.name,
                    b.name,
                    a.written,
                    b.written,
                    shown.interval(&as_printed),
                    case.written_of(claim),
                    shown.interval(stated),
                ),
                dedup(claims),
            );
            f.set_more(|m| m.gap = Some(gap(&as_printed, stated, change && *reading == Reading::Percent)));
            findings.push(f);
        }
        findings
    }
}

/// `of` and `to` may be the same claim; show it once.
fn dedup(mut claims: Vec<FindingClaim>) -> Vec<FindingClaim> {
    let mut seen = std::collections::BTreeSet::new();
    claims.retain(|c| seen.insert((c.source_id().to_string(), c.id().to_string())));
    claims
}

#[cfg(test)]
mod tests {
    use crate::finding::{Gap, Severity};
    use crate::rules::testing::{case, findings_of};

    const CASE: &str = "properties:\n  gap: {type: duration}\n  term: {type: duration}\n";

    fn messages(relations: &str) -> Vec<String> {
        let claims = format!(
            "claims:
  - {{id: gap, subject: talks, property: gap, value: 18 months}}
  - {{id: term, subject: talks, property: term, value: a year}}
{relations}"
        );
        findings_of(&case(&[("case.yaml", CASE), ("a.yaml", &claims)]), "relation")
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_difference_of_durations_is_checked_in_days_and_shown_in_their_unit() {
        let found = messages(
            "  - {id: wrong, relation: difference, of: gap, to: term, value: two years}
  - {id: right, relation: difference, of: gap, to: term, value: six months}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("difference a/gap − a/term: computed ")
                && found[0].ends_with(" years vs stated two years (1.80–2.20 years)"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn a_ratio_of_durations_is_a_number() {
        let found = messages(
            "  - {id: wrong, relation: ratio, of: gap, to: term, value: more than 2}
  - {id: right, relation: ratio, of: gap, to: term, value: about 1.5}
",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("ratio a/gap ÷ a/term: computed 1.23–1.83 vs stated more than 2 (> 2)"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn a_difference_of_dates_is_a_duration_and_of_quantities_a_plain_number() {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  started: {type: date}\n  visas: {type: quantity, scoped_by: period}\n",
            ),
            (
                "a.yaml",
                "source: {published: 2009-12-05}
claims:
  - {id: embargo, subject: embargo, property: started, value: February 1962}
  - {id: age, relation: difference, of: published, to: embargo, value: 30 years}
  - {id: fy2012, subject: m, property: visas, value: 100, period: 2012}
  - {id: fy2013, subject: m, property: visas, value: 150, period: 2013}
  - {id: growth, relation: difference, of: fy2013, to: fy2012, value: 70}
  - {id: same, relation: ratio, of: fy2013, to: fy2013, value: 2}
",
            ),
        ]);
        let found = findings_of(&case, "relation");
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "difference published − a/embargo: computed 47.77–47.84 years vs stated 30 years (27–33 years)",
                // Bare figures stand for what rounds to them: 150 − 100 is 49 to 51.
                "difference a/fy2013 − a/fy2012: computed 49–51 vs stated 70 (69.50–70.50)",
                "ratio a/fy2013 ÷ a/fy2013: computed 0.99–1.01 vs stated 2 (1.50–2.50)",
            ]
        );
        // The relation claim first, then its operands, each in its own group; `published`
        // is no claim, and an operand named twice is shown once.
        let shown = |f: &crate::finding::Finding| -> Vec<(String, u32)> {
            f.claims.iter().map(|c| (c.id().to_string(), c.group)).collect()
        };
        assert_eq!(
            shown(&found[0]),
            [("age".to_string(), 0), ("embargo".to_string(), 2)]
        );
        assert_eq!(
            shown(&found[1]),
            [
                ("growth".to_string(), 0),
                ("fy2013".to_string(), 1),
                ("fy2012".to_string(), 2)
            ]
        );
        assert_eq!(
            shown(&found[2]),
            [("same".to_string(), 0), ("fy2013".to_string(), 1)]
        );
    }

    fn money_case(relations: &str) -> Vec<crate::finding::Finding> {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  revenue: {type: quantity, unit: USD, scoped_by: period}\n  \
                 share: {type: quantity, unit: percent}\n",
            ),
            (
                "a.yaml",
                &format!(
                    "claims:
  - {{id: q3, subject: acme, property: revenue, value: $7 million, period: 2024-09}}
  - {{id: q2, subject: acme, property: revenue, value: $4 million, period: 2024-06}}
  - {{id: q1, subject: acme, property: revenue, value: $3.83 million, period: 2024-03}}
{relations}"
                ),
            ),
        ]);
        findings_of(&case, "relation")
    }

    /// The example: 7 million ÷ 4 million is 1.75 as printed, but the figures
    /// are rounded: 7.49 ÷ 3.5 is more than 2.
    #[test]
    fn a_relation_that_holds_only_through_rounding_is_info() {
        let found = money_case("  - {id: doubled, relation: ratio, of: q3, to: q2, value: more than 2}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].message,
            "ratio a/q3 ÷ a/q2 holds only through rounding: as printed $7 million ÷ $4 million is 1.75, \
             stated more than 2 (> 2)"
        );
        let Some(Gap::Relative(gap)) = found[0].more().gap else {
            panic!("{:?}", found[0].more().gap)
        };
        assert!((gap - (2.0 / 1.75 - 1.0)).abs() < 1e-12, "{gap}");
        // No rounding of the figures makes it triple: an error.
        let found = money_case("  - {id: tripled, relation: ratio, of: q3, to: q2, value: more than 3}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(
            found[0].message,
            "ratio a/q3 ÷ a/q2: computed 1.44–2.14 vs stated more than 3 (> 3)"
        );
        // Holding as printed is silence.
        assert!(money_case("  - {id: r, relation: ratio, of: q3, to: q2, value: 1.75}\n").is_empty());
        assert!(money_case("  - {id: r, relation: ratio, of: q3, to: q2, value: about 1.8}\n").is_empty());
    }

    /// A check that cannot run is never silent.
    #[test]
    fn relations_that_cannot_be_decided_say_why_at_info() {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  n: {type: quantity, scoped_by: period}\n",
            ),
            (
                "a.yaml",
                "claims:
  - {id: none, subject: x, property: n, value: at most 3, period: 2012}
  - {id: some, subject: x, property: n, value: '12', period: 2013}
  - {id: many, subject: x, property: n, value: more than 2, period: 2014}
  - {id: more, subject: x, property: n, value: at least 1, period: 2015}
  - {id: r, relation: ratio, of: some, to: none, value: more than 2}
  - {id: c, relation: change, of: some, to: none, value: up 12%}
  - {id: any, relation: ratio, of: many, to: more, value: '2'}
  - {id: d, relation: difference, of: many, to: more, value: '5'}
",
            ),
        ]);
        let found = findings_of(&case, "relation");
        let said: Vec<(Severity, &str)> = found.iter().map(|f| (f.severity, f.message.as_str())).collect();
        assert_eq!(
            said,
            [
                (
                    Severity::Info,
                    "ratio a/many ÷ a/more cannot be checked: a/many (more than 2) and a/more (at least 1) are too \
                     imprecise: any ratio is possible"
                ),
                (
                    Severity::Info,
                    "change a/some from a/none cannot be checked: a/none (at most 3) may be zero, so any change is possible"
                ),
                (
                    Severity::Info,
                    "difference a/many − a/more cannot be checked: a/many (more than 2) and a/more (at least 1) are \
                     too imprecise: any difference is possible"
                ),
                (
                    Severity::Info,
                    "ratio a/some ÷ a/none cannot be checked: a/none (at most 3) may be zero, so any ratio is possible"
                ),
            ]
        );
        assert!(found.iter().all(|f| f.more().gap.is_none()));
    }

    /// A ratio written as a percentage is compared as a ratio, not as a change.
    #[test]
    fn the_gap_of_a_percentage_ratio_is_between_ratios() {
        let found = money_case("  - {id: r, relation: ratio, of: q3, to: q2, value: more than 200%}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Info);
        let Some(Gap::Relative(gap)) = found[0].more().gap else {
            panic!("{:?}", found[0].more().gap)
        };
        assert!((gap - (2.0 - 1.75) / 1.75).abs() < 1e-9, "{gap}");
        assert_eq!(
            found[0].message,
            "ratio a/q3 ÷ a/q2 holds only through rounding: as printed $7 million ÷ $4 million is 175%, \
             stated more than 200% (> 200%)"
        );
    }

    #[test]
    fn changes_as_percentages_and_multipliers() {
        let messages = |relations: &str| -> Vec<(Severity, String)> {
            money_case(relations)
                .into_iter()
                .map(|f| (f.severity, f.message))
                .collect()
        };
        // 7 ÷ 4 is a rise of 75%; within rounding, 56% to 114%.
        assert!(messages("  - {id: c, relation: change, of: q3, to: q2, value: up 75%}\n").is_empty());
        assert!(messages("  - {id: c, relation: change, of: q3, to: q2, value: +75%}\n").is_empty());
        assert!(messages("  - {id: c, relation: change, of: q3, to: q2, value: 75% higher}\n").is_empty());
        assert_eq!(
            messages("  - {id: c, relation: change, of: q3, to: q2, value: down 3%}\n"),
            [(
                Severity::Error,
                "change a/q3 from a/q2: computed +44.44% to +114.29% vs stated down 3% (-3.50% to -2.50%)"
                    .to_string()
            )]
        );
        assert_eq!(
            messages("  - {id: c, relation: change, of: q3, to: q2, value: doubled}\n"),
            [(
                Severity::Info,
                "change a/q3 from a/q2 holds only through rounding: as printed $7 million from $4 million is 1.75 \
                 times, stated doubled (1.80–2.20 times)"
                    .to_string()
            )]
        );
        assert_eq!(
            messages("  - {id: c, relation: change, of: q3, to: q2, value: nearly doubled}\n")[0].0,
            Severity::Info,
            "1.75 is not nearly 2 (1.8 to 2), but $7.49 million ÷ $3.5 million is"
        );
        assert!(messages("  - {id: c, relation: change, of: q3, to: q2, value: 1.75x}\n").is_empty());
        assert!(messages("  - {id: c, relation: change, of: q3, to: q2, value: rose 75%}\n").is_empty());
        assert_eq!(
            messages("  - {id: c, relation: change, of: q3, to: q2, value: tripled}\n")[0].0,
            Severity::Error
        );
        // Within rounding $4 million may be $4.49 million, so a rise of 5.5% from $3.83
        // million is possible; as printed it is 4.44%, shown with the digits to see it.
        assert_eq!(
            messages("  - {id: c, relation: change, of: q2, to: q1, value: up 5.5%}\n"),
            [(
                Severity::Info,
                "change a/q2 from a/q1 holds only through rounding: as printed $4 million from $3.83 million \
                 is +4.44%, stated up 5.5% (+5.45% to +5.55%)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_share_written_as_a_percentage_is_shown_as_one() {
        let found = money_case("  - {id: share, relation: ratio, of: q1, to: q2, value: 79%}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "ratio a/q1 ÷ a/q2: computed 85%–109.57% vs stated 79% (78.50%–79.50%)"
        );
        let found = money_case("  - {id: share, relation: ratio, of: q1, to: q2, value: a quarter}\n");
        assert_eq!(
            found[0].message,
            "ratio a/q1 ÷ a/q2: computed 0.85–1.10 vs stated a quarter (0.23–0.28)"
        );
    }

    /// A candidate's age misreported by a year: published minus born, in whole years.
    #[test]
    fn an_age_between_dates_is_counted_on_the_calendar() {
        let ages = |born: &str, stated: &str| -> Vec<String> {
            let case = case(&[
                ("case.yaml", "properties:\n  born: {type: date}\n"),
                (
                    "a.yaml",
                    &format!(
                        "source: {{published: 2024-06-15}}
claims:
  - {{id: born, subject: candidate, property: born, value: {born}}}
  - {{id: age, relation: difference, of: published, to: born, value: {stated}}}
"
                    ),
                ),
            ]);
            findings_of(&case, "relation")
                .into_iter()
                .map(|f| f.message)
                .collect()
        };
        // Born 16 June 1968: 55 on 15 June 2024, 56 the next day.
        assert!(ages("1968-06-16", "55").is_empty());
        assert!(ages("1968-06-16", "aged 55").is_empty());
        assert!(ages("1968-06-16", "the 55-year-old").is_empty());
        assert_eq!(
            ages("1968-06-16", "56"),
            ["difference published − a/born: computed 55 years vs stated 56 (56–57 years)"]
        );
        // Born on the publication day's date: the birthday has come.
        assert!(ages("1968-06-15", "56").is_empty());
        assert_eq!(ages("1968-06-15", "55").len(), 1);
        // A birth month allows both ages; a birth year 55 or 56.
        assert!(ages("June 1968", "55").is_empty() && ages("June 1968", "56").is_empty());
        assert_eq!(ages("June 1968", "57").len(), 1);
        assert!(ages("1968", "in his fifties").is_empty());
        assert_eq!(ages("1968", "in his sixties").len(), 1);
        // Bare durations keep their ±10%.
        assert!(ages("1968-06-16", "60 years").is_empty());
    }

    #[test]
    fn ages_between_open_dates_are_open_ended() {
        use super::age_between;
        use crate::value::Interval;
        use crate::value::date::parse;
        let days = |text: &str| parse(text, None).unwrap().days;
        let on = days("2024-06-15");
        // Born before 1970: at least 54 on 15 June 2024, perhaps far older.
        assert_eq!(
            age_between(&on, &days("before 1970")),
            Some(Interval::at_least(54.0, true))
        );
        // Born after 2000: at most 23, perhaps not born yet.
        assert_eq!(
            age_between(&on, &days("after 2000")),
            Some(Interval::at_most(23.0, true))
        );
        assert_eq!(
            age_between(&days("after 2024"), &days("1968-06-16")),
            Some(Interval::at_least(56.0, true))
        );
        assert_eq!(
            age_between(&days("before 2024"), &days("1968-06-16")),
            Some(Interval::at_most(55.0, true))
        );
        assert_eq!(
            age_between(&on, &days("1968")),
            Some(Interval::closed(55.0, 56.0))
        );
    }

    /// A percentage change's gap is between changes: `down 3%` against a rise of 44% is
    /// more than 100% off, though the ratios 0.975 and 1.44 are 48% apart.
    #[test]
    fn the_gap_of_a_percentage_change_is_between_changes() {
        let gap = |relations: &str| match money_case(relations).first().and_then(|f| f.more().gap) {
            Some(Gap::Relative(g)) => g,
            other => panic!("{other:?}"),
        };
        let down = gap("  - {id: c, relation: change, of: q3, to: q2, value: down 3%}\n");
        assert!(
            (down - (0.025 + 6.5 / 4.5 - 1.0) / (6.5 / 4.5 - 1.0)).abs() < 1e-9,
            "{down}"
        );
        let up = gap("  - {id: c, relation: change, of: q2, to: q1, value: up 5.5%}\n");
        let printed = 4.0 / 3.83 - 1.0;
        assert!((up - (0.0545 - printed) / printed).abs() < 1e-9, "{up}");
        // A multiplier's gap is between ratios.
        let tripled = gap("  - {id: c, relation: change, of: q3, to: q2, value: tripled}\n");
        assert!(
            (tripled - (2.7 - 7.5 / 3.5) / (7.5 / 3.5)).abs() < 1e-9,
            "{tripled}"
        );
    }

    /// An age claim stands for the birth dates it allows, so it can be an operand: the
    /// age on election day of a candidate who was 55 when the profile was published.
    #[test]
    fn an_age_claim_is_an_operand_as_its_birth_dates() {
        let at_election = |stated: &str| -> Vec<String> {
            let case = case(&[
                (
                    "case.yaml",
                    "properties:\n  age: {type: age}\n  held_on: {type: date}\n",
                ),
                (
                    "a.yaml",
                    &format!(
                        "source: {{published: 2024-01-15}}
claims:
  - {{id: age, subject: candidate, property: age, value: aged 55}}
  - {{id: vote, subject: election, property: held_on, value: 2024-06-05}}
  - {{id: age-then, relation: difference, of: vote, to: age, value: {stated}}}
"
                    ),
                ),
            ]);
            findings_of(&case, "relation")
                .into_iter()
                .map(|f| f.message)
                .collect()
        };
        // 55 on 15 January: 55 or 56 by 5 June.
        assert!(at_election("55").is_empty());
        assert!(at_election("56").is_empty());
        assert_eq!(
            at_election("57"),
            ["difference a/vote − a/age: computed 55–56 years vs stated 57 (57–58 years)"]
        );
    }
}
