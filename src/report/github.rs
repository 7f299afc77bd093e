//! GitHub Actions workflow commands: one annotation per unreviewed finding, on the line of
//! its first claim (`::error file=…,line=…,col=…,title=…::message`), and one per input
//! problem. A workflow step that prints them shows each on the pull request's diff. The
//! other claims of a finding are listed in its message with their files and lines.

use std::fmt::Write;
use std::path::Path;

use super::{Report, claim_lines, shown_at, target, visible, workspace_path};
use crate::finding::Severity;

/// Longest value shown in a message line, in characters; the JSON report has all of it.
const VALUE: usize = 200;

/// The commands for `report`, paths made relative to `cwd`, then the summary line.
pub fn render(report: &Report, cwd: &Path) -> String {
    let mut out = String::new();
    for case in &report.cases {
        // A reviewed finding is settled: annotating it again would only be noise.
        for finding in case.findings.iter().filter(|f| !f.reviewed) {
            let level = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = Vec::new();
            if let Some((file, line, column)) = shown_at(finding) {
                properties.extend(position(file, line, column, cwd));
            }
            let title = match (&finding.subject, &finding.property) {
                (None, None) => finding.rule.to_string(),
                _ => format!("{}: {}", finding.rule, target(finding)),
            };
            properties.push(("title", title));
            let message = format!("{}{}", finding.message, claim_lines(finding, cwd, VALUE));
            command(&mut out, level, &properties, &message);
        }
    }
    for problem in &report.errors {
        let mut properties = Vec::new();
        if let Some(file) = &problem.file {
            properties.extend(position(file, problem.line, problem.column, cwd));
        }
        properties.push(("title", format!("claimcheck {}", problem.code)));
        command(&mut out, "error", &properties, &problem.message);
    }
    let _ = writeln!(out, "claimcheck: {}", report.tally().summary());
    out
}

/// The `file`, `line` and `col` properties of a command.
fn position(
    file: &str,
    line: Option<usize>,
    column: Option<usize>,
    cwd: &Path,
) -> Vec<(&'static str, String)> {
    let mut properties = vec![("file", workspace_path(file, cwd))];
    if let Some(line) = line {
        properties.push(("line", line.to_string()));
        if let Some(column) = column {
            properties.push(("col", column.to_string()));
        }
    }
    properties
}

/// Appends one workflow command. Claim-file text is made visible first, so that no line
/// break or control character in a claim can end the command and start another.
fn command(out: &mut String, level: &str, properties: &[(&str, String)], message: &str) {
    out.push_str("::");
    out.push_str(level);
    for (i, (key, value)) in properties.iter().enumerate() {
        out.push(if i == 0 { ' ' } else { ',' });
        let _ = write!(out, "{key}={}", escape(&visible(value), true));
    }
    out.push_str("::");
    let lines: Vec<String> = message
        .split('\n')
        .map(|line| escape(&visible(line), false))
        .collect();
    out.push_str(&lines.join("%0A"));
    out.push('\n');
}

/// GitHub's escaping of a command's message, and of its properties when `property`: `%`,
/// line breaks, and in properties the `:` and `,` that would end one.
fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_what_would_end_them() {
        let mut out = String::new();
        command(
            &mut out,
            "error",
            &[("file", "a,b.yaml".into()), ("title", "x: 100%".into())],
            "first\nsecond: 5%\u{1b}[2J\r\n::warning::forged",
        );
        assert_eq!(
            out,
            "::error file=a%2Cb.yaml,title=x%3A 100%25::first%0Asecond: 5%25\\u{1b}[2J\\r%0A::warning::forged\n"
        );
        // The forged command is inside the message, on the same line as the real one.
        assert_eq!(out.lines().count(), 1);
    }
}
