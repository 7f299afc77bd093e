//! The Markdown report: GitHub tables a reviewer can read in a pull request.

use std::fmt::Write;

use super::safe::shown;
use super::{Report, target};

/// Longest cell or line shown, in characters; the JSON report has all of it.
const CELL: usize = 1_000;

/// Claim-file text for a Markdown page: controls and invisible characters escaped (see
/// [`shown`]), and everything that would break a table cell or be read as markup escaped
/// too — pipes, backslashes, the `<` that starts HTML or an autolink, and link and image
/// brackets — so that a report pasted into a pull request cannot inject markup or load an
/// image. Backticks stay: with `<` and `[` escaped, a code span can hold nothing harmful,
/// and messages use them for names.
fn cell(text: &str) -> String {
    let text = shown(text, CELL);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &Report) -> String {
    let mut out = String::from("# claimcheck report\n");
    for case in &report.cases {
        let _ = writeln!(out, "\n## {}\n", cell(&case.case));
        if let Some(title) = &case.title {
            let _ = writeln!(out, "{}\n", cell(title));
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
            if let Some(gap) = finding.gap {
                let _ = writeln!(out, "Gap: {}\n", gap.describe());
            }
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
                    cell(&claim.shown_value()),
                    cell(&claim.source_at()),
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
    fn cells_escape_pipes_newlines_and_controls() {
        assert_eq!(cell("a|b\nc"), "a\\|b\\\\nc");
        assert_eq!(cell("\u{1b}[2J"), "\\\\u{1b}\\[2J");
    }

    #[test]
    fn cells_cannot_carry_markup_links_or_images() {
        assert_eq!(
            cell("<img src=https://t.example/p.png>"),
            "&lt;img src=https://t.example/p.png>"
        );
        assert_eq!(
            cell("![x](https://t.example/p.png)"),
            "!\\[x\\](https://t.example/p.png)"
        );
        assert_eq!(cell("[click](javascript:x)"), "\\[click\\](javascript:x)");
        assert_eq!(cell("`code` & more > less"), "`code` & more > less");
        assert_eq!(cell("<https://t.example/p.png>"), "&lt;https://t.example/p.png>");
    }
}
