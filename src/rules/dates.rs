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
                DateSet { days, weekday: None }
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
