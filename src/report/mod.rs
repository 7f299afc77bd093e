//! Reports: pure functions from findings to text. Only [`crate::cli`] prints them.

pub mod github;
pub mod html;
pub mod json;
pub mod markdown;
pub mod reviewed;
mod safe;
pub mod sarif;
pub mod sources;
pub mod table;

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

pub(crate) use safe::visible;

use crate::finding::{Finding, FindingClaim, Severity};
use crate::load::{self, Problem};
use crate::model::Case;

/// The whole report, shaped as the JSON contract (spec §7).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub cases: Vec<CaseReport>,
    pub errors: Vec<Problem>,
    /// Case folders not checked because of their problems (the errors name the files).
    #[serde(skip)]
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseReport {
    pub case: String,
    #[serde(skip)]
    pub title: Option<String>,
    /// The case's folder, as its path was given.
    #[serde(skip)]
    pub dir: String,
    pub sources: usize,
    pub claims: usize,
    pub findings: Vec<Finding>,
    /// Each source's claims and findings, in source order.
    pub source_tally: Vec<sources::SourceTally>,
}

impl CaseReport {
    pub fn new(case: &Case, findings: Vec<Finding>) -> CaseReport {
        CaseReport {
            case: case.name.clone(),
            title: case.title.clone(),
            dir: load::display(&case.dir),
            sources: case.sources.len(),
            claims: case.claims.len(),
            source_tally: sources::tally(case, &findings),
            findings,
        }
    }
}

/// Counts of unreviewed findings by severity, and of reviewed ones.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub reviewed: usize,
}

impl Report {
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for finding in self.cases.iter().flat_map(|c| &c.findings) {
            match (finding.reviewed, finding.severity) {
                (true, _) => tally.reviewed += 1,
                (false, Severity::Error) => tally.errors += 1,
                (false, Severity::Warning) => tally.warnings += 1,
                (false, Severity::Info) => tally.infos += 1,
            }
        }
        tally
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Tally {
    /// `2 errors, 1 warning, 0 info`.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{}, {}, {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "info")
        );
        if self.reviewed > 0 {
            text.push_str(&format!(", {} reviewed", self.reviewed));
        }
        text
    }
}

impl Report {
    /// `3 input problems; not checked: claims/a, claims/b`, when there are problems.
    pub(crate) fn problems_line(&self) -> Option<String> {
        if self.errors.is_empty() {
            return None;
        }
        let mut line = plural(self.errors.len(), "input problem", "input problems");
        if !self.skipped.is_empty() {
            line.push_str(&format!(
                "; {} not checked: {}",
                if self.skipped.len() == 1 { "case" } else { "cases" },
                self.skipped.join(", ")
            ));
        }
        Some(line)
    }
}

/// `5 sources, 107 claims, 5 findings`.
pub(crate) fn counts(case: &CaseReport) -> String {
    format!(
        "{}, {}, {}",
        plural(case.sources, "source", "sources"),
        plural(case.claims, "claim", "claims"),
        plural(case.findings.len(), "finding", "findings")
    )
}

/// A file's path as CI tools want it: relative to the working directory `cwd` when it lies
/// below it, without `.` steps (`./claims/a.yaml` is `claims/a.yaml`), with `/` between
/// folders. A path outside `cwd` stays as it was given.
pub(crate) fn workspace_path(file: &str, cwd: &Path) -> String {
    let path = Path::new(file);
    let path = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let shown = clean.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        shown.into_owned()
    } else {
        shown.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// A position as reports use it.
pub(crate) fn widen(n: Option<u32>) -> Option<usize> {
    n.map(|n| n as usize)
}

/// Where the CI formats show a finding: at its first claim, or where a finding about no
/// claim stands (a stale review's entry); `None` when neither is known.
pub(crate) fn shown_at(finding: &Finding) -> Option<(&str, Option<usize>, Option<usize>)> {
    match finding.claims.first() {
        Some(claim) => Some((claim.file()?, widen(claim.line()), widen(claim.column()))),
        None => {
            let at = finding.more().location.as_ref()?;
            Some((at.file.as_str(), at.line, at.column))
        }
    }
}

/// A finding's context and claims as lines of plain text, for the CI formats: `Unit: …`,
/// `Gap: 1 day`, `Primary: …`, then `[1] 2003 — claims/crash/agency.yaml:25
/// (suspended-2003; Miami Herald · news · 2014-01-06)` for each claim, with its group,
/// value, file and line (relative to `cwd`), id and source, then the claims' notes.
/// Values and notes longer than `max` characters are cut.
pub(crate) fn claim_lines(finding: &Finding, cwd: &Path, max: usize) -> String {
    let mut text = String::new();
    for (label, line) in context_lines(finding) {
        let mut label = label.to_string();
        label[..1].make_ascii_uppercase();
        text.push_str(&format!("\n{label}: {line}"));
    }
    for claim in &finding.claims {
        let at = match (claim.file(), claim.line()) {
            (Some(file), Some(line)) => format!("{}:{line}", workspace_path(file, cwd)),
            (Some(file), None) => workspace_path(file, cwd),
            (None, _) => claim.source_id().to_string(),
        };
        let value: String = scoped_value(finding, claim).chars().take(max).collect();
        let source = source_context(claim)
            .map(|s| format!("; {s}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "\n[{}] {value} — {at} ({}{source})",
            claim.group + 1,
            claim.id()
        ));
    }
    for claim in &finding.claims {
        if let Some(note) = claim.note() {
            let note: String = note.chars().take(max).collect();
            text.push_str(&format!("\nNote on {}/{}: {note}", claim.source_id(), claim.id()));
        }
    }
    text
}

/// `suspension-2003 · suspended`, or `—` for a finding on neither; with the scope its
/// claims share (`nvidia · revenue · period Q3 FY24`), which tells apart the findings
/// of one subject and property.
pub(crate) fn target(finding: &Finding) -> String {
    let mut target = match (&finding.subject, &finding.property) {
        (Some(s), Some(p)) => format!("{s} · {p}"),
        (Some(s), None) => s.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => "—".to_string(),
    };
    let first = finding
        .claims
        .first()
        .map(FindingClaim::scope_dates)
        .unwrap_or_default();
    if let Some(period) = &finding.more().period {
        target.push_str(&format!(" · period {}", scope_shown(period, first.0)));
    }
    if let Some(since) = &finding.more().since {
        target.push_str(&format!(" · since {}", scope_shown(since, first.1)));
    }
    target
}

/// A `period` or `since` as written, with the dates it read as when it was written
/// relative to its source's date: `this evening (= 2023-06-03 17:00..23:59)`.
fn scope_shown(written: &str, dates: Option<crate::value::DateSet>) -> String {
    match dates {
        Some(dates) if crate::value::date::is_relative(written) => format!("{written} (= {dates})"),
        _ => written.to_string(),
    }
}

/// A claim's value as a finding's rows show it: with what it resolved to, and with its
/// own `period` or `since` when the finding's claims do not all share one.
pub(crate) fn scoped_value(finding: &Finding, claim: &FindingClaim) -> String {
    let mut value = claim.shown_value();
    let (period_dates, since_dates) = claim.scope_dates();
    if let (None, Some(period)) = (&finding.more().period, claim.period()) {
        value.push_str(&format!(" (period {})", scope_shown(period, period_dates)));
    }
    if let (None, Some(since)) = (&finding.more().since, claim.since()) {
        value.push_str(&format!(" (since {})", scope_shown(since, since_dates)));
    }
    value
}

/// The lines that set a finding's values in context, after its message: `unit: million
/// USD`, `gap: 0.4%`, `primary source: company-q3 supports #2`, each as `(label, text)`.
pub(crate) fn context_lines(finding: &Finding) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(unit) = &finding.more().unit {
        lines.push(("unit", unit.clone()));
    }
    if let Some(gap) = finding.more().gap {
        lines.push(("gap", gap.describe()));
    }
    if let Some(primary) = finding.primary_line() {
        let several = primary.contains(", ");
        lines.push((
            if several {
                "primary sources"
            } else {
                "primary source"
            },
            primary,
        ));
    }
    lines
}

/// `Miami Herald · news · 2014-01-06 · primary`: who published a claim's source, as what
/// and when; `None` when its file says none of it.
pub(crate) fn source_context(claim: &FindingClaim) -> Option<String> {
    let context = &*claim.source;
    let parts: Vec<&str> = [
        context.publisher.as_deref(),
        context.kind.as_deref(),
        context.published.as_deref(),
        context.primary.then_some("primary"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Each source of a finding's claims once, in claim order, with its context.
pub(crate) fn finding_sources(finding: &Finding) -> Vec<(&str, String)> {
    let mut sources: Vec<(&str, String)> = Vec::new();
    for claim in &finding.claims {
        if sources.iter().any(|(s, _)| *s == claim.source_id()) {
            continue;
        }
        if let Some(context) = source_context(claim) {
            sources.push((claim.source_id(), context));
        }
    }
    sources
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::finding::{ClaimScope, Gap, SourceContext};

    fn claim(source: &str, group: u32, context: Option<SourceContext>) -> FindingClaim {
        let claim = FindingClaim::shown(source, &format!("{source}-{group}"), "288", group);
        match context {
            Some(context) => claim.in_context(context),
            None => claim,
        }
    }

    fn finding(claims: Vec<FindingClaim>) -> Finding {
        Finding {
            subject: Some("crash".into()),
            property: Some("deaths".into()),
            claims,
            ..Finding::new("conflicting-values", Severity::Error, String::new())
        }
        .with_more(crate::finding::FindingMore {
            gap: Some(Gap::Relative(0.1)),
            unit: Some("people".into()),
            ..Default::default()
        })
    }

    fn scoped(claim: FindingClaim, period: &str, dates: &str) -> FindingClaim {
        let scope = ClaimScope {
            period: Some(period.into()),
            period_dates: crate::value::date::parse(dates, None).ok(),
            ..ClaimScope::default()
        };
        claim.with_more(None, Some(scope), None)
    }

    /// A scope written relative to its source's date shows what it read as; one written
    /// with its dates does not; a claim shows its own scope only when the finding's claims
    /// do not share one.
    #[test]
    fn scopes_show_their_dates_when_written_relative() {
        let evening = scoped(claim("wire", 0, None), "this evening", "2023-06-03");
        let q3 = scoped(claim("blog", 1, None), "Q3 2023", "2023-07..2023-09");
        let mut shared = finding(vec![evening.clone()]);
        shared.set_more(|m| m.period = Some("this evening".into()));
        assert_eq!(
            target(&shared),
            "crash · deaths · period this evening (= 2023-06-03)"
        );
        assert_eq!(scoped_value(&shared, &evening), "288");
        let apart = finding(vec![evening.clone(), q3.clone()]);
        assert_eq!(target(&apart), "crash · deaths");
        assert_eq!(
            scoped_value(&apart, &evening),
            "288 (period this evening (= 2023-06-03))"
        );
        assert_eq!(scoped_value(&apart, &q3), "288 (period Q3 2023)");
        let mut since = finding(vec![claim("wire", 0, None)]);
        since.set_more(|m| m.since = Some("2009".into()));
        assert_eq!(target(&since), "crash · deaths · since 2009");
    }

    /// Context lines come in order, each only when there is something to say; a source is
    /// described by what its file gives, and named once per finding.
    #[test]
    fn context_says_unit_gap_primary_and_sources() {
        let release = SourceContext {
            publisher: Some("Agency".into()),
            published: Some("2023-06-03".into()),
            kind: Some("official".into()),
            primary: true,
            ..SourceContext::default()
        };
        let wire = SourceContext {
            kind: Some("wire".into()),
            ..SourceContext::default()
        };
        let both = finding(vec![
            claim("agency", 0, Some(release.clone())),
            claim("agency", 0, Some(release)),
            claim("wire", 1, Some(wire)),
            claim("blog", 1, None),
        ]);
        let lines: Vec<(&str, String)> = context_lines(&both);
        assert_eq!(
            lines,
            [
                ("unit", "people".to_string()),
                ("gap", "10%".to_string()),
                ("primary source", "agency supports #1".to_string())
            ]
        );
        assert_eq!(
            finding_sources(&both),
            [
                ("agency", "Agency · official · 2023-06-03 · primary".to_string()),
                ("wire", "wire".to_string())
            ]
        );
        assert_eq!(source_context(&both.claims[3]), None);
        assert_eq!(
            source_context(&claim("x", 0, Some(SourceContext::default()))),
            None,
            "a file that says nothing of its source gets no line"
        );
        let two = finding(vec![
            claim(
                "agency",
                0,
                Some(SourceContext {
                    primary: true,
                    ..SourceContext::default()
                }),
            ),
            claim(
                "ministry",
                1,
                Some(SourceContext {
                    primary: true,
                    ..SourceContext::default()
                }),
            ),
        ]);
        assert_eq!(
            context_lines(&two)[2],
            (
                "primary sources",
                "agency supports #1, ministry supports #2".to_string()
            )
        );
        let bare = finding(vec![claim("blog", 0, None)]).with_more(Default::default());
        assert!(context_lines(&bare).is_empty());
    }
}
