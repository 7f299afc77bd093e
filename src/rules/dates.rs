//! Subjects' dates as the case rules read them, and which case rules `case.yaml` declares.

use super::Rule;
use crate::model::{Case, CaseRule, ClaimBody};
use crate::value::{DateSet, Value};

/// What a subject's claims on some date properties say, read together: the intersection
/// of their intervals when they agree (sources narrow each other), their span when they
/// conflict (the conflict itself is `conflicting-values`' to report).
#[derive(Debug, Clone)]
pub(super) struct SubjectDate<'c> {
    pub subject: &'c str,
    pub date: DateSet,
    /// The claims it is read from, in case order.
    pub claims: Vec<usize>,
}

/// Each subject's date on `properties`, in subject order.
pub(super) fn subject_dates<'c>(case: &'c Case, properties: &[String]) -> Vec<SubjectDate<'c>> {
    let mut by_subject: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, claim) in case.claims.iter().enumerate() {
        if let (ClaimBody::Fact { subject, property }, Value::Date(_)) = (&claim.body, &claim.value) {
            if properties.iter().any(|p| **p == **property) {
                by_subject.entry(subject).or_default().push(i);
            }
        }
    }
    by_subject
        .into_iter()
        .filter_map(|(subject, claims)| {
            let dates: Vec<DateSet> = claims
                .iter()
                .filter_map(|&i| match &case.claims[i].value {
                    Value::Date(d) => Some(*d),
                    _ => None,
                })
                .collect();
            let (first, rest) = dates.split_first()?;
            let meet = rest.iter().try_fold(*first, |acc, d| acc.intersect(d));
            let date = meet.unwrap_or_else(|| {
                let days = rest.iter().fold(first.days, |acc, d| acc.span(&d.days));
                DateSet::whole(days, None)
            });
            Some(SubjectDate {
                subject,
                date,
                claims,
            })
        })
        .collect()
}

/// The declarations of `rule` in the case's `case.yaml`.
pub(super) fn declared<'c>(case: &'c Case, rule: &dyn Rule) -> impl Iterator<Item = &'c CaseRule> {
    let id = rule.id();
    case.rules.iter().filter(move |r| r.rule == id)
}

#[cfg(test)]
mod tests {
    use super::subject_dates;
    use crate::rules::testing::case;

    #[test]
    fn a_subjects_date_is_what_its_claims_agree_on_or_their_span() {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  held_on: {type: date}\n  started: {type: date}\n  other: {type: date}\n",
            ),
            (
                "a.yaml",
                "claims:
  - {id: a, subject: agreed, property: held_on, value: 2010}
  - {id: b, subject: agreed, property: started, value: February 2010}
  - {id: c, subject: conflicting, property: held_on, value: 2010-02-19}
  - {id: d, subject: conflicting, property: held_on, value: 2011-03-01}
  - {id: e, subject: elsewhere, property: other, value: 2012}
",
            ),
        ]);
        let dates = subject_dates(&case, &["held_on".to_string(), "started".to_string()]);
        let shown: Vec<(&str, String, usize)> = dates
            .iter()
            .map(|d| (d.subject, d.date.to_string(), d.claims.len()))
            .collect();
        assert_eq!(
            shown,
            [
                ("agreed", "2010-02-01..2010-02-28".to_string(), 2),
                ("conflicting", "2010-02-19..2011-03-01".to_string(), 2),
            ]
        );
    }
}
