//! `relation`: a stated ratio or difference that the related claims do not give.

use super::finding::finding;
use super::finding::show;
use super::{Analysis, Rule};
use crate::finding::{Finding, FindingClaim, Severity};
use crate::model::{Case, ClaimBody, Operand, Relation};
use crate::value::{Interval, Value, describe_interval};

pub(super) struct RelationRule;

/// An operand's interval (days for dates), its name in messages, and whether it is a date.
fn operand(case: &Case, operand: Operand) -> Option<(Interval, String, bool)> {
    match operand {
        Operand::Claim(i) => {
            let claim = &case.claims[i as usize];
            let name = format!("{}/{}", case.source_of(claim).id, claim.id);
            match &claim.value {
                Value::Date(d) => Some((d.days, name, true)),
                Value::Number(n) => Some((*n, name, false)),
                _ => None,
            }
        }
        Operand::Published(s) => case.sources[s as usize]
            .published
            .map(|d| (d.days, "published".to_string(), true)),
    }
}

impl Rule for RelationRule {
    fn id(&self) -> &'static str {
        "relation"
    }

    fn summary(&self) -> &'static str {
        "a stated ratio or difference between two claims that their values cannot give"
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
            let ClaimBody::Relation { relation, of, to } = &claim.body else {
                continue;
            };
            let (Some((a, a_name, dates)), Some((b, b_name, _)), Value::Number(stated)) =
                (operand(case, *of), operand(case, *to), &claim.value)
            else {
                continue;
            };
            let computed = match relation {
                Relation::Ratio => match a.divided_by(&b) {
                    Some(ratio) => ratio,
                    // A divisor that may be zero allows any ratio: nothing to decide.
                    None => continue,
                },
                Relation::Difference => a.minus(&b),
            };
            if computed.overlaps(stated) {
                continue;
            }
            // A ratio is a plain number whatever it divides; a difference keeps the unit.
            let is_duration =
                *relation == Relation::Difference && (dates || case_property_is_duration(case, *of));
            let (what, sign) = match relation {
                Relation::Ratio => ("ratio", "÷"),
                Relation::Difference => ("difference", "−"),
            };
            let mut claims = vec![show(case, i, 0)];
            claims.extend([of, to].into_iter().enumerate().filter_map(|(g, o)| match o {
                Operand::Claim(j) => Some(show(case, *j as usize, g + 1)),
                Operand::Published(_) => None,
            }));
            findings.push(finding(
                self,
                None,
                None,
                format!(
                    "{what} {a_name} {sign} {b_name}: computed {} vs stated {} ({})",
                    describe_interval(&computed, is_duration),
                    claim.written,
                    describe_interval(stated, is_duration),
                ),
                dedup(claims),
            ));
        }
        findings
    }
}

fn case_property_is_duration(case: &Case, operand: Operand) -> bool {
    let Operand::Claim(i) = operand else { return false };
    case.claims[i as usize]
        .property()
        .and_then(|p| case.properties.get(p))
        .is_some_and(|p| p.kind == crate::value::Kind::Duration)
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
                && found[0].ends_with(" days vs stated two years (1.80–2.20 years)"),
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
                "difference a/fy2013 − a/fy2012: computed 50 vs stated 70 (70)",
                "ratio a/fy2013 ÷ a/fy2013: computed 1 vs stated 2 (2)",
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
