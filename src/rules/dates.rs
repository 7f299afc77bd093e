//! Subjects' dates as the case rules read them, and which case rules `case.yaml` declares.

use super::Analysis;
use super::Rule;
use crate::model::{Case, CaseRule};
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

/// Each subject's date on `properties`, in subject order, from the case's facts grouped
/// by subject and property ([`Analysis::facts`]).
pub(super) fn subject_dates<'c>(
    case: &'c Case,
    analysis: &Analysis<'c>,
    properties: &[String],
) -> Vec<SubjectDate<'c>> {
    let mut by_subject: Vec<(&str, Vec<usize>)> = Vec::new();
    for facts in &analysis.facts {
        if !properties.iter().any(|p| p == facts.property(case)) {
            continue;
        }
        let dated = analysis
            .claims(facts)
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| matches!(case.claims[i].value, Value::Date(_)));
        match by_subject.last_mut() {
            // A subject's groups are next to each other: its claims join in case order.
            Some((subject, claims)) if *subject == facts.subject(case) => {
                claims.extend(dated);
                claims.sort_unstable();
            }
            _ => by_subject.push((facts.subject(case), dated.collect())),
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
    use crate::rules::Analysis;
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
            (
                "b.yaml",
                "claims:
  - {id: g, subject: agreed, property: held_on, value: 2010-02}
  - {id: h, subject: later, property: started, value: 2013}
",
            ),
        ]);
        let analysis = Analysis::of(&case);
        let dates = subject_dates(&case, &analysis, &["held_on".to_string(), "started".to_string()]);
        let shown: Vec<(&str, String, Vec<usize>)> = dates
            .iter()
            .map(|d| (d.subject, d.date.to_string(), d.claims.clone()))
            .collect();
        // Each subject's claims in case order, across its properties (and files).
        assert_eq!(
            shown,
            [
                ("agreed", "2010-02-01..2010-02-28".to_string(), vec![0, 1, 5]),
                ("conflicting", "2010-02-19..2011-03-01".to_string(), vec![2, 3]),
                ("later", "2013-01-01..2013-12-31".to_string(), vec![6]),
            ]
        );
    }
}
