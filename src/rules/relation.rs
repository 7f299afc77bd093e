//! `relation`: a stated ratio, difference or change that the related claims do not give.
//!
//! Operands are read at their stated precision: a relation that no rounding of them can
//! make hold is an error; one that holds only within their rounding is `info`.

use super::finding::finding;
use super::finding::show;
use super::{Analysis, Rule};
use crate::finding::{Finding, FindingClaim, Gap, Severity};
use crate::model::{Case, ClaimBody, Operand, Relation};
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
                Value::Number { interval, printed } => (*interval, *printed),
                _ => return None,
            };
            Some(Side {
                reads,
                printed,
                name: format!("{}/{}", case.source_of(claim).id, claim.id),
                written: claim.written.to_string(),
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
    let youngest = match years(later.lo.value, born.hi.value) {
        Some(y) => y,
        None if later.lo.value.is_infinite() || born.hi.value.is_infinite() => f64::NEG_INFINITY,
        None => return None,
    };
    let oldest = match years(later.hi.value, born.lo.value) {
        Some(y) => y,
        None if later.hi.value.is_infinite() || born.lo.value.is_infinite() => f64::INFINITY,
        None => return None,
    };
    let mut ages = Interval::closed(youngest, oldest);
    ages.lo.closed &= youngest.is_finite();
    ages.hi.closed &= oldest.is_finite();
    Some(ages)
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
            let ClaimBody::Relation {
                relation,
                of,
                to,
                reading,
            } = &claim.body
            else {
                continue;
            };
            let (Some(a), Some(b), Value::Number { interval: stated, .. }) =
                (side(case, *of), side(case, *to), &claim.value)
            else {
                continue;
            };
            let Some(computed) = compute(*relation, *reading, &a.reads, &b.reads) else {
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
                        claim.written,
                        shown.interval(stated),
                    ),
                    dedup(claims),
                );
                f.gap = Some(Gap::Relative(relative_gap(&computed, stated)));
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
            let mut f = finding(
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
                    claim.written,
                    shown.interval(stated),
                ),
                dedup(claims),
            );
            f.severity = Severity::Info;
            f.gap = Some(Gap::Relative(relative_gap(&as_printed, stated)));
            findings.push(f);
        }
        findings
    }
}

/// `of` and `to` may be the same claim; show it once.
fn dedup(mut claims: Vec<FindingClaim>) -> Vec<FindingClaim> {
    let mut seen = std::collections::BTreeSet::new();
    claims.retain(|c| seen.insert((c.source.clone(), c.id.clone())));
    claims
}

#[cfg(test)]
mod tests {
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
        let shown = |f: &crate::finding::Finding| -> Vec<(String, usize)> {
            f.claims.iter().map(|c| (c.id.clone(), c.group)).collect()
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
}
