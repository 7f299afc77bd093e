//! Reports: pure functions from findings to text. Only [`crate::cli`] prints them.

pub mod github;
pub mod json;
pub mod markdown;
pub mod reviewed;
mod safe;
pub mod sarif;
pub mod table;

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

pub(crate) use safe::visible;

use crate::finding::{Finding, Severity};
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
}

impl CaseReport {
    pub fn new(case: &Case, findings: Vec<Finding>) -> CaseReport {
        CaseReport {
            case: case.name.clone(),
            title: case.title.clone(),
            dir: load::display(&case.dir),
            sources: case.sources.len(),
            claims: case.claims.len(),
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

/// Where the CI formats show a finding: at its first claim, or where a finding about no
/// claim stands (a stale review's entry); `None` when neither is known.
pub(crate) fn shown_at(finding: &Finding) -> Option<(&str, Option<usize>, Option<usize>)> {
    match finding.claims.first() {
        Some(claim) => Some((claim.file.as_deref()?, claim.line, claim.column)),
        None => {
            let at = finding.location.as_ref()?;
            Some((at.file.as_str(), at.line, at.column))
        }
    }
}

/// A finding's gap and claims as lines of plain text, for the CI formats: `Gap: 1 day`,
/// then `[1] 2003 — claims/crash/agency.yaml:25 (suspended-2003)` for each claim, with its
/// group, value, file and line (relative to `cwd`) and id. Values longer than `max`
/// characters are cut.
pub(crate) fn claim_lines(finding: &Finding, cwd: &Path, max: usize) -> String {
    let mut text = String::new();
    if let Some(gap) = finding.gap {
        text.push_str(&format!("\nGap: {}", gap.describe()));
    }
    for claim in &finding.claims {
        let at = match (&claim.file, claim.line) {
            (Some(file), Some(line)) => format!("{}:{line}", workspace_path(file, cwd)),
            (Some(file), None) => workspace_path(file, cwd),
            (None, _) => claim.source.clone(),
        };
        let value: String = claim.shown_value().chars().take(max).collect();
        text.push_str(&format!("\n[{}] {value} — {at} ({})", claim.group + 1, claim.id));
    }
    text
}

/// `suspension-2003 · suspended`, or `—` for a finding on neither.
pub(crate) fn target(finding: &Finding) -> String {
    match (&finding.subject, &finding.property) {
        (Some(s), Some(p)) => format!("{s} · {p}"),
        (Some(s), None) => s.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => "—".to_string(),
    }
}
