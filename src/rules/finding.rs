//! How rules build findings: the one constructor, and claims as findings show them.

use std::collections::BTreeSet;

use super::Rule;
use crate::finding::{Finding, FindingClaim, Gap};
use crate::model::Case;
use crate::value::describe::relative_gap;
use crate::value::{DateSet, Interval, Value};

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
        subject,
        property,
        claims,
        ..Finding::new(rule.id(), rule.severity(), message)
    }
}

/// A finding at `info` whatever the rule's severity: a check that holds only through
/// rounding, or one that cannot run and says why.
pub(super) fn info(
    rule: &dyn Rule,
    subject: Option<String>,
    property: Option<String>,
    message: String,
    claims: Vec<FindingClaim>,
) -> Finding {
    Finding {
        severity: crate::finding::Severity::Info,
        ..finding(rule, subject, property, message, claims)
    }
}

/// A claim as findings show it, with what an editor needs to weigh it: its scope and
/// note, and who published its source, when and as what.
pub(super) fn show(case: &Case, index: usize, group: usize) -> FindingClaim {
    let claim = &case.claims[index];
    let source = case.source_of(claim);
    let text = |t: Option<&str>| t.map(str::to_string);
    let scope = claim.scope().map(|e| crate::finding::ClaimScope {
        period: text(e.period_written.as_deref()),
        since: text(e.since_written.as_deref()),
        period_dates: e.period,
        since_dates: e.since,
    });
    // Groups are counted in claims, and a case's claims in 32 bits.
    let mut shown = FindingClaim::in_texts(
        std::sync::Arc::clone(&source.context),
        (std::sync::Arc::clone(&case.texts), claim.text),
        group as u32,
    )
    .with_more(
        resolved(case, claim).map(String::into_boxed_str),
        scope,
        claim.note().map(Box::from),
    );
    shown.said_by = claim.extras.as_ref().and_then(|e| e.said_by.clone());
    shown.quote_hash = claim.quote.map(|q| q.hash);
    shown
}

/// Adds what a finding shares with all its claims: its property's unit, and the `period`
/// or `since` every claim has (as the first claim writes it), which tells apart the
/// findings of one subject and property.
pub(super) fn with_context(case: &Case, mut finding: Finding) -> Finding {
    if finding.claims.is_empty() {
        // A finding about reviews, not values.
        return finding;
    }
    let unit = finding
        .property
        .as_deref()
        .and_then(|p| case.properties.get(p))
        .and_then(|p| p.unit.clone());
    let (mut period, mut since) = (None, None);
    if let Some((first, rest)) = finding.claims.split_first() {
        let dates = first.scope_dates();
        let shared = |of: fn(&FindingClaim) -> Option<DateSet>, first: Option<DateSet>| {
            first.is_some() && rest.iter().all(|c| of(c) == first)
        };
        if shared(|c| c.scope_dates().0, dates.0) {
            period = first.period().map(str::to_string);
        }
        if shared(|c| c.scope_dates().1, dates.1) {
            since = first.since().map(str::to_string);
        }
    }
    finding.set_more(|m| (m.unit, m.period, m.since) = (unit, period, since));
    finding
}

/// What a value written relative to its source's `published` resolved to — `2014-01-08`
/// for `next Wednesday`, `born 1967-06-16..1968-06-15` for the age `56` — so reviewers see
/// what was compared; `None` for a value that says it all.
fn resolved(case: &Case, claim: &crate::model::Claim) -> Option<String> {
    use crate::value::time;
    // A time written in another zone shows the time it is on the case's clock.
    let on_case_clock = |shown: String| match case.timezone {
        Some(zone) => format!("{shown} {}", zone.name()),
        None => shown,
    };
    if let Value::Time(t) = &claim.value {
        return time::names_zone(case.written_of(claim))
            .then(|| on_case_clock(time::show_minutes(t.lo.value, t.hi.value)));
    }
    let Value::Date(d) = &claim.value else { return None };
    if d.is_timed() && time::names_zone(case.written_of(claim)) {
        return Some(on_case_clock(d.to_string()));
    }
    let age = case
        .property_of(claim)
        .and_then(|p| case.properties.get(p))
        .is_some_and(|p| p.kind == crate::value::Kind::Age);
    if age {
        return Some(format!("born {d}"));
    }
    // A bare weekday in a source without `published` resolved to no days.
    (d.days.lo.value.is_finite() && crate::value::date::is_relative(case.written_of(claim)))
        .then(|| d.to_string())
}

/// `2003 / July 2003 (2 sources)`: the distinct written values of a group and how many
/// sources state it.
pub(super) fn describe_group(case: &Case, group: &[usize]) -> String {
    let mut values: Vec<String> = Vec::new();
    for &i in group {
        let claim = &case.claims[i];
        let written = match resolved(case, claim) {
            Some(resolved) => format!("{} (= {resolved})", case.written_of(claim)),
            None => case.written_of(claim).to_string(),
        };
        if !values.contains(&written) {
            values.push(written);
        }
    }
    let sources: BTreeSet<usize> = group.iter().map(|&i| case.claims[i].source()).collect();
    let n = sources.len();
    let independent = independent_sources(case, group);
    let copies = if independent < n {
        format!(", {independent} independent")
    } else {
        String::new()
    };
    format!(
        "{} ({n} source{}{copies})",
        values.join(" / "),
        if n == 1 { "" } else { "s" }
    )
}

/// How many of a group's sources wrote their claims independently: sources whose claims
/// in the group carry the same quote (of at least [`crate::quote::COPIED_WORDS`] words, compared as
/// quote matching compares) reprint one text and count once, as do sources linked
/// through a chain of such quotes.
pub(super) fn independent_sources(case: &Case, group: &[usize]) -> usize {
    let sources: Vec<usize> = group
        .iter()
        .map(|&i| case.claims[i].source())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if sources.len() < 2 {
        return sources.len();
    }
    let at = |source: usize| sources.binary_search(&source).unwrap_or(0);
    let mut linked = super::union_find::UnionFind::new(sources.len());
    let mut first_with: rustc_hash::FxHashMap<std::num::NonZeroU32, usize> = rustc_hash::FxHashMap::default();
    for &i in group {
        let claim = &case.claims[i];
        let Some(copy) = claim.quote.and_then(|q| q.copy) else {
            continue;
        };
        let source = at(claim.source());
        let first = *first_with.entry(copy).or_insert(source);
        linked.union(first, source);
    }
    (0..sources.len()).filter(|&s| linked.root(s) == s).count()
}

/// How far apart disagreeing groups of numbers or dates are: between the closest values
/// of the two groups furthest apart (the one ending first and the one starting last).
/// Each group stands for what all its claims allow. `None` for names, texts and booleans.
pub(super) fn gap(case: &Case, groups: &[Vec<usize>]) -> Option<Gap> {
    let values: Vec<Value> = groups
        .iter()
        .map(|members| {
            let value = |i: usize| &case.claims[i].value;
            let first = value(*members.first()?).clone();
            // Claims of a group agree pairwise; should all of them not meet, its first stands.
            let all = members[1..]
                .iter()
                .try_fold(first.clone(), |meet, &i| meet.meet(value(i)));
            Some(all.unwrap_or(first))
        })
        .collect::<Option<_>>()?;
    let span = |v: &Value| match v {
        Value::Number { interval, .. } => Some(*interval),
        Value::Date(d) => Some(d.days),
        Value::Time(t) => Some(*t),
        _ => None,
    };
    let spans: Vec<Interval> = values.iter().map(span).collect::<Option<_>>()?;
    let first = (0..spans.len()).min_by(|&a, &b| spans[a].hi.value_cmp(&spans[b].hi))?;
    let last = (0..spans.len())
        .filter(|&g| g != first)
        .max_by(|&a, &b| spans[a].lo.value_cmp(&spans[b].lo))?;
    match (&values[first], &values[last]) {
        // Two times less than a day apart are minutes apart; a whole day is days away.
        (Value::Date(a), Value::Date(b)) if a.is_timed() && b.is_timed() => {
            let minutes = a.minutes_apart(b);
            Some(if minutes < f64::from(crate::value::time::DAY) {
                Gap::Minutes(minutes)
            } else {
                Gap::Days(a.days_apart(b))
            })
        }
        (Value::Date(a), Value::Date(b)) => Some(Gap::Days(a.days_apart(b))),
        (Value::Time(a), Value::Time(b)) => Some(Gap::Minutes(crate::value::time::minutes_apart(a, b))),
        _ => Some(Gap::Relative(relative_gap(&spans[first], &spans[last]))),
    }
}

/// The claims of value groups, in group order, as findings show them.
pub(super) fn grouped(case: &Case, groups: &[Vec<usize>]) -> Vec<FindingClaim> {
    // Sized exactly: a case's findings may show a million claims, and a list grown by
    // doubling holds a third more than it shows, on average.
    let mut shown = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    for (g, members) in groups.iter().enumerate() {
        shown.extend(members.iter().map(|&i| show(case, i, g)));
    }
    shown
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::case;

    /// A shown claim carries what a report prints of it: source, id, value as written,
    /// speaker, note and scope as written, the source's context, and the hash placing
    /// checks its quote against; not the quote, which placing reads again.
    #[test]
    fn a_shown_claim_carries_what_reports_print() {
        let case = case(&[
            (
                "case.yaml",
                "properties:\n  revenue: {type: quantity, scoped_by: period}\n",
            ),
            (
                "wire.yaml",
                "source: {id: wire, publisher: Wire}\nclaims:\n  - {id: r, subject: co, property: revenue, \
                 value: 9.2 billion, period: 2023, said_by: the chief, note: as printed, quote: revenue rose}\n",
            ),
        ]);
        let shown = show(&case, 0, 1);
        assert_eq!(
            (shown.source_id(), shown.id(), shown.value(), shown.group),
            ("wire", "r", "9.2 billion", 1)
        );
        assert_eq!(shown.said_by.as_deref(), Some("the chief"));
        assert_eq!(shown.note(), Some("as printed"));
        assert_eq!(shown.period(), Some("2023"));
        assert_eq!(shown.quote(), None);
        assert_eq!(shown.quote_hash, Some(crate::quote::hash("revenue rose")));
        assert_eq!(shown.source.publisher.as_deref(), Some("Wire"));
    }
}
