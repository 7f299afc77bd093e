//! How rules build findings: the one constructor, and claims as findings show them.

use std::collections::BTreeSet;

use super::Rule;
use crate::finding::{Finding, FindingClaim};
use crate::model::Case;
use crate::value::Value;

/// A finding of `rule` at the rule's severity, not yet reviewed: every finding is made
/// here, so a rule's check reads as logic and its wording stays in one place.
pub(super) fn finding(
    rule: &dyn Rule,
    subject: Option<String>,
    property: Option<String>,
    message: String,
    claims: Vec<FindingClaim>,
) -> Finding {
    Finding {
        rule: rule.id(),
        severity: rule.severity(),
        reviewed: false,
        subject,
        property,
        message,
        claims,
        verdict: None,
    }
}

/// A claim as findings show it.
pub(super) fn show(case: &Case, index: usize, group: usize) -> FindingClaim {
    let claim = &case.claims[index];
    FindingClaim {
        source: case.source_of(claim).id.clone(),
        id: claim.id.to_string(),
        value: claim.written.to_string(),
        said_by: claim.said_by().map(str::to_string),
        quote: claim.quote.as_deref().map(str::to_string),
        group,
    }
}

/// `2003 / July 2003 (2 sources)`: the distinct written values of a group and how many
/// sources state it.
pub(super) fn describe_group(case: &Case, group: &[usize]) -> String {
    let mut values: Vec<String> = Vec::new();
    for &i in group {
        let claim = &case.claims[i];
        // A relative date is shown with the day it resolves to, so reviewers see what
        // was compared.
        let written = match &claim.value {
            Value::Date(d) if crate::value::date::is_relative(&claim.written) => {
                format!("{} (= {d})", claim.written)
            }
            _ => claim.written.to_string(),
        };
        if !values.contains(&written) {
            values.push(written);
        }
    }
    let sources: BTreeSet<usize> = group.iter().map(|&i| case.claims[i].source()).collect();
    let n = sources.len();
    format!(
        "{} ({n} source{})",
        values.join(" / "),
        if n == 1 { "" } else { "s" }
    )
}

/// The claims of value groups, in group order, as findings show them.
pub(super) fn grouped(case: &Case, groups: &[Vec<usize>]) -> Vec<FindingClaim> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(g, members)| members.iter().map(move |&i| show(case, i, g)))
        .collect()
}

/// Claims of a subject that a finding cites in support (a pause, an earlier event), shown
/// a few at a time: many findings may cite the same subject, and repeating all its claims
/// in each would grow the report faster than the case.
pub(super) const SUPPORTING: usize = 3;

/// The first [`SUPPORTING`] of `claims`, and how many are left out.
pub(super) fn supporting(claims: &[usize]) -> (&[usize], usize) {
    let shown = &claims[..claims.len().min(SUPPORTING)];
    (shown, claims.len() - shown.len())
}

/// `; 4 more claims are not listed`, or nothing.
pub(super) fn not_listed(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "; 1 more claim is not listed".to_string(),
        n => format!("; {n} more claims are not listed"),
    }
}
