//! `--format reviewed`: ready-to-fill `reviewed.yaml` entries for the unreviewed findings,
//! so triage starts from the report. Each entry is pinned to its finding's claims, so it
//! can never cover another finding; its verdict is left empty, which `check` refuses
//! (`missing-verdict`) until the fact-checker writes one.

use std::fmt::Write;

use super::{Report, visible};
use crate::finding::Finding;
use crate::rules::Stage;

/// Whether a finding can be reviewed: findings of the rules that run after triage (about
/// reviews themselves) cannot.
fn reviewable(finding: &Finding) -> bool {
    crate::rules::find(finding.rule).is_none_or(|rule| rule.stage() != Stage::Reviews)
}

/// One `reviewed:` list per case with unreviewed findings, under a comment naming the file
/// it belongs in.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for case in &report.cases {
        let open: Vec<&Finding> = case
            .findings
            .iter()
            .filter(|f| !f.reviewed && reviewable(f))
            .collect();
        if open.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "# {}/reviewed.yaml: {} unreviewed; write each verdict (an empty one is refused).\n\
             # When the file exists, add the entries under its `reviewed:`.\nreviewed:",
            visible(&case.dir),
            super::plural(open.len(), "finding", "findings")
        );
        for finding in open {
            entry(&mut out, finding);
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("# No unreviewed findings.\n");
    }
    out
}

/// One entry: the finding as a comment, then its rule, subject, property and claims.
fn entry(out: &mut String, finding: &Finding) {
    let _ = writeln!(
        out,
        "  # {} {}: {}",
        finding.severity.name(),
        finding.rule,
        visible(&finding.message)
    );
    let _ = writeln!(out, "  - rule: {}", finding.rule);
    if let Some(subject) = &finding.subject {
        let _ = writeln!(out, "    subject: {}", quoted(subject));
    }
    if let Some(property) = &finding.property {
        let _ = writeln!(out, "    property: {}", quoted(property));
    }
    let claims: Vec<String> = finding
        .claims
        .iter()
        .map(|c| quoted(&format!("{}/{}", c.source_id(), c.id())))
        .collect();
    if !claims.is_empty() {
        let _ = writeln!(out, "    claims: [{}]", claims.join(", "));
    }
    let first = finding.claims.first();
    if let Some(period) = scope(
        finding.more().period.as_deref(),
        first.and_then(|c| c.scope_dates().0),
    ) {
        let _ = writeln!(out, "    period: {}", quoted(&period));
    }
    if let Some(since) = scope(
        finding.more().since.as_deref(),
        first.and_then(|c| c.scope_dates().1),
    ) {
        let _ = writeln!(out, "    since: {}", quoted(&since));
    }
    let _ = writeln!(out, "    verdict:");
}

/// A finding's shared scope as a review writes it: as its claims wrote it, or, when that
/// was relative to their source's date (`last year`), as the dates it read as.
fn scope(written: Option<&str>, dates: Option<crate::value::DateSet>) -> Option<String> {
    let written = written?;
    if crate::value::date::is_relative(written) {
        return dates.map(|d| d.as_written());
    }
    Some(written.to_string())
}

/// A YAML double-quoted scalar: a JSON string is one, with every character escaped that
/// would end it.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_as_yaml_reads_it() {
        for text in ["plain", "a: b", "# not a comment", "quote \" and \\ and\nline"] {
            let read: String = serde_yaml::from_str(&quoted(text)).unwrap();
            assert_eq!(read, text);
        }
    }
}
