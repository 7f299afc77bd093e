//! The Markdown report: GitHub tables a reviewer can read in a pull request.

use std::fmt::Write;

use super::{Report, target};

/// Escapes what would break a table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

pub fn render(report: &Report) -> String {
    let mut out = String::from("# claimcheck report\n");
    for case in &report.cases {
        let _ = writeln!(out, "\n## {}\n", case.case);
        if let Some(title) = &case.title {
            let _ = writeln!(out, "{title}\n");
        }
        let _ = writeln!(out, "{}.", super::counts(case));
        for finding in &case.findings {
            let reviewed = if finding.reviewed { " (reviewed)" } else { "" };
            let _ = writeln!(
                out,
                "\n### {} `{}`{reviewed}: {}\n",
                finding.severity.name(),
                finding.rule,
                cell(&target(finding))
            );
            let _ = writeln!(out, "{}\n", cell(&finding.message));
            if let Some(verdict) = &finding.verdict {
                let _ = writeln!(out, "> **Verdict:** {}\n", cell(verdict));
            }
            if finding.claims.is_empty() {
                continue;
            }
            let _ = writeln!(out, "| # | Value | Source | Claim | Said by | Quote |");
            let _ = writeln!(out, "|---|---|---|---|---|---|");
            for claim in &finding.claims {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | `{}` | {} | {} |",
                    claim.group + 1,
                    cell(&claim.value),
                    cell(&claim.source),
                    cell(&claim.id),
                    cell(claim.said_by.as_deref().unwrap_or("—")),
                    claim
                        .quote
                        .as_deref()
                        .map_or_else(|| "—".to_string(), |q| format!("“{}”", cell(q)))
                );
            }
        }
    }
    if let Some(problems) = report.problems_line() {
        let _ = writeln!(out, "\n## Input problems\n\n{}.\n", cell(&problems));
        for problem in &report.errors {
            let _ = writeln!(out, "- `{}` {}", problem.code, cell(&problem.to_string()));
        }
    }
    let _ = writeln!(out, "\n**{}**", report.tally().summary());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
