//! `before`: a subject whose later date is surely before its earlier one.

use super::dates::{SubjectDate, declared, subject_dates};
use super::finding::finding;
use super::finding::show;
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{Case, Param};
use crate::value::Kind;

/// The date that should come first (an arrest).
const EARLIER: Param = Param {
    name: "earlier",
    kind: Kind::Date,
};
/// The date that should come second (the release being announced).
const LATER: Param = Param {
    name: "later",
    kind: Kind::Date,
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
                if later.date.days.hi.value >= first.date.days.lo.value {
                    continue;
                }
                let name =
                    |claims: &[usize]| case.claims[claims[0]].property().unwrap_or_default().to_string();
                let mut claims: Vec<_> = first.claims.iter().map(|&i| show(case, i, 0)).collect();
                claims.extend(later.claims.iter().map(|&i| show(case, i, 1)));
                findings.push(finding(
                    self,
                    Some(later.subject.to_string()),
                    Some(name(&later.claims)),
                    format!(
                        "{}: {} ({}) is before {} ({})",
                        later.subject,
                        name(&later.claims),
                        later.date,
                        name(&first.claims),
                        first.date
                    ),
                    claims,
                ));
            }
        }
        findings
    }
}
