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
    use crate::finding::{Finding, FindingClaim, Location};
    use crate::load::Problem;
    use crate::report::CaseReport;

    fn finding(severity: Severity, reviewed: bool, claims: Vec<FindingClaim>) -> Finding {
        Finding {
            reviewed,
            property: Some("head".into()),
            claims,
            ..Finding::new("name-variant", severity, "near-identical spellings".into())
        }
    }

    /// One command per unreviewed finding, at its first claim or its own location, one
    /// per problem, then the tally.
    #[test]
    fn findings_and_problems_become_annotations() {
        let claim = |file: &str, line: Option<u32>, group: u32| {
            let mut claim = FindingClaim::shown("a", "lee", "Eduard Lee", group).in_file(file);
            claim.place(
                None,
                line.map_or_else(Default::default, |line| crate::finding::Lines::at(line, 5)),
            );
            claim
        };
        let stale = Finding {
            rule: "stale-review",
            subject: None,
            property: None,
            ..finding(Severity::Warning, false, Vec::new()).with_more(crate::finding::FindingMore {
                location: Some(Location {
                    file: "/work/claims/c/reviewed.yaml".into(),
                    line: Some(9),
                    column: Some(5),
                }),
                ..Default::default()
            })
        };
        let report = Report {
            cases: vec![CaseReport {
                case: "c".into(),
                title: None,
                dir: "claims/crash".into(),
                sources: 1,
                claims: 2,
                findings: vec![
                    finding(
                        Severity::Info,
                        false,
                        vec![
                            claim("./claims/c/a.yaml", Some(3), 0),
                            claim("/work/claims/c/b.yaml", None, 1),
                        ],
                    ),
                    finding(Severity::Error, true, vec![claim("claims/c/a.yaml", Some(3), 0)]),
                    stale,
                ],
                source_tally: Vec::new(),
            }],
            errors: vec![Problem {
                file: Some("claims/c/b.yaml".into()),
                line: Some(2),
                column: None,
                code: crate::load::Code::UnknownKey,
                message: "unknown key `valeu`".into(),
            }],
            skipped: Vec::new(),
        };
        assert_eq!(
            render(&report, Path::new("/work")),
            "::notice file=claims/c/a.yaml,line=3,col=5,title=name-variant%3A head::near-identical spellings\
             %0A[1] Eduard Lee — claims/c/a.yaml:3 (lee)%0A[2] Eduard Lee — claims/c/b.yaml (lee)\n\
             ::warning file=claims/c/reviewed.yaml,line=9,col=5,title=stale-review::near-identical spellings\n\
             ::error file=claims/c/b.yaml,line=2,title=claimcheck unknown-key::unknown key `valeu`\n\
             claimcheck: 0 errors, 1 warning, 1 info, 1 reviewed\n"
        );
    }

    #[test]
    fn commands_escape_what_would_end_them() {
        let mut out = String::new();
        command(
            &mut out,
            "error",
            &[("file", "a,b.yaml".into()), ("title", "x: 100%".into())],
            "first, then\nsecond: 5%\u{1b}[2J\r\n::warning::forged",
        );
        assert_eq!(
            out,
            "::error file=a%2Cb.yaml,title=x%3A 100%25::first, then%0Asecond: 5%25\\u{1b}[2J\\r%0A::warning::forged\n"
        );
        // The forged command is inside the message, on the same line as the real one.
        assert_eq!(out.lines().count(), 1);
    }
}
