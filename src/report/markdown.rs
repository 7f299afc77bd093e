//! The Markdown report: GitHub tables a reviewer can read in a pull request.

use std::fmt::Write;

use super::safe::shown;
use super::{Report, context_lines, scoped_value, source_context, target};
use crate::finding::Finding;

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

/// GitHub refuses a comment over 65,536 characters; the default budget leaves room for a
/// line of the workflow's own.
pub const DEFAULT_MAX_CHARS: usize = 65_000;

/// The least budget `--max-chars` accepts: room for the heading, some input problems, the
/// note of what was left out and the tally.
pub const MIN_MAX_CHARS: usize = 2_000;

/// Longest message in a finding's one-line summary, in characters.
const SUMMARY_MESSAGE: usize = 200;

/// The whole report, however long.
pub fn render(report: &Report) -> String {
    let mut out = String::from("# claimcheck report\n");
    for case in &report.cases {
        out.push_str(&case_heading(case));
        for finding in &case.findings {
            out.push_str(&in_full_block(finding));
        }
        out.push_str(&tally_section(case, usize::MAX));
    }
    out.push_str(&problems_section(report, usize::MAX));
    let _ = write!(out, "\n**{}**\n", report.tally().summary());
    out
}

/// The report in at most `max_chars` characters (for a budget of at least
/// [`MIN_MAX_CHARS`]): findings in report order, so the most severe first, in full while
/// every finding after them can still have a line, then one line each, then only counted;
/// input problems take at most a quarter of the budget, and the cases' source tallies
/// another quarter between them. A note says how many findings were shortened or left
/// out.
pub fn render_within(report: &Report, max_chars: usize) -> String {
    let chars = |text: &str| text.chars().count();
    let whole = render(report);
    if chars(&whole) <= max_chars {
        return whole;
    }
    let mut out = String::from("# claimcheck report\n");
    let tally = format!("\n**{}**\n", report.tally().summary());
    let problems = problems_section(report, max_chars / 4);
    let total: usize = report.cases.iter().map(|c| c.findings.len()).sum();
    let share = max_chars / 4 / report.cases.len().max(1);
    let tallies: Vec<String> = report.cases.iter().map(|c| tally_section(c, share)).collect();
    // The note, with counts as long as they can get, and the tallies are kept room for.
    let reserve = chars(&left_out_note(total, total, max_chars))
        + chars(&tally)
        + chars(&problems)
        + tallies.iter().map(|t| chars(t)).sum::<usize>();
    let mut room = max_chars.saturating_sub(chars(&out) + reserve);
    // Each case's heading, then its findings, with what each takes at least: a heading
    // whole, a finding one line. A finding is shown in full only when every piece after
    // it can still have at least that.
    let mut pieces: Vec<(String, Option<&Finding>)> = Vec::new();
    // Where each case's pieces end, for its tally.
    let mut ends: Vec<usize> = Vec::new();
    for case in &report.cases {
        pieces.push((case_heading(case), None));
        for finding in &case.findings {
            pieces.push((one_line(finding), Some(finding)));
        }
        ends.push(pieces.len() - 1);
    }
    // A finding's line is counted with the blank line a list may need before it.
    let least: Vec<usize> = pieces
        .iter()
        .map(|(text, finding)| chars(text) + usize::from(finding.is_some()))
        .collect();
    let mut after = least.iter().sum::<usize>();
    let (mut shortened, mut left_out) = (0, 0);
    let mut in_full = true;
    let mut skipping_case = false;
    // The last thing written was a heading or a table, which a list must not touch.
    let mut after_block = false;
    for (i, ((text, finding), least)) in pieces.iter().zip(least).enumerate() {
        after -= least;
        match finding {
            None => {
                // A case is left out whole unless its heading fits with a first line.
                let first_line = pieces
                    .get(i + 1)
                    .and_then(|(next, finding)| finding.map(|_| chars(next) + 1))
                    .unwrap_or(0);
                skipping_case = least + first_line > room;
                if !skipping_case {
                    out.push_str(text);
                    room -= least;
                    after_block = true;
                }
            }
            Some(_) if skipping_case => left_out += 1,
            Some(finding) => {
                // Built only while findings are still shown in full.
                let full = in_full.then(|| in_full_block(finding));
                if let Some(full) = full.filter(|full| chars(full) + after <= room) {
                    room -= chars(&full);
                    out.push_str(&full);
                    after_block = true;
                } else if least <= room {
                    // Once one finding is cut short, so is every one after it.
                    in_full = false;
                    if after_block {
                        out.push('\n');
                    }
                    out.push_str(text);
                    room -= least;
                    after_block = false;
                    shortened += 1;
                } else {
                    in_full = false;
                    left_out += 1;
                }
            }
        }
        if let Some(case) = ends.iter().position(|&end| end == i) {
            if !skipping_case {
                out.push_str(&tallies[case]);
                after_block = true;
            }
        }
    }
    out.push_str(&problems);
    if shortened + left_out > 0 {
        out.push_str(&left_out_note(shortened, left_out, max_chars));
    }
    out.push_str(&tally);
    out
}

fn case_heading(case: &super::CaseReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## {}\n", cell(&case.case));
    if let Some(title) = &case.title {
        let _ = writeln!(out, "{}\n", cell(title));
    }
    let _ = writeln!(out, "{}.", super::counts(case));
    out
}

/// A finding with its message, gap, verdict and table of claims.
fn in_full_block(finding: &Finding) -> String {
    let mut out = String::new();
    let reviewed = if finding.reviewed { " (reviewed)" } else { "" };
    let _ = writeln!(
        out,
        "\n### {} `{}`{reviewed}: {}\n",
        finding.severity.name(),
        finding.rule,
        cell(&target(finding))
    );
    let _ = writeln!(out, "{}\n", cell(&finding.message));
    for (label, text) in context_lines(finding) {
        let mut label = label.to_string();
        label[..1].make_ascii_uppercase();
        let _ = writeln!(out, "{label}: {}\n", cell(&text));
    }
    if let Some(verdict) = &finding.more().verdict {
        let _ = writeln!(out, "> **Verdict:** {}\n", cell(verdict));
    }
    if finding.claims.is_empty() {
        // No table follows: the block ends on its last line, as one with a table does.
        out.pop();
        return out;
    }
    let _ = writeln!(out, "| # | Value | Source | Claim | Said by | Quote |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for claim in &finding.claims {
        // The source's file and line, then who published it, as what and when.
        let source = match source_context(claim) {
            Some(context) => format!("{}<br>{}", cell(&claim.source_at()), cell(&context)),
            None => cell(&claim.source_at()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {source} | `{}` | {} | {} |",
            claim.group + 1,
            cell(&scoped_value(finding, claim)),
            cell(claim.id()),
            cell(claim.said_by.as_deref().unwrap_or("—")),
            claim
                .quote()
                .map_or_else(|| "—".to_string(), |q| format!("“{}”", cell(q)))
        );
    }
    let notes: Vec<&crate::finding::FindingClaim> =
        finding.claims.iter().filter(|c| c.note().is_some()).collect();
    if !notes.is_empty() {
        out.push('\n');
    }
    for claim in notes {
        let _ = writeln!(
            out,
            "- Note on `{}/{}`: {}",
            cell(claim.source_id()),
            cell(claim.id()),
            cell(claim.note().unwrap_or_default())
        );
    }
    out
}

/// A case's sources as a table, within `max` characters: rows in source order while they
/// fit, then a line counting the rest.
fn tally_section(case: &super::CaseReport, max: usize) -> String {
    if case.source_tally.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n#### Sources of {}\n\n| Source | Publisher | Published | Kind | Claims | In findings | Findings | Alone |\n|---|---|---|---|---|---|---|---|\n",
        cell(&case.case)
    );
    // Room for the line counting the rows left out.
    let mut room = max.saturating_sub(out.chars().count() + 80);
    let dash = |text: &Option<String>| text.as_deref().map_or_else(|| "—".to_string(), cell);
    for (i, row) in case.source_tally.iter().enumerate() {
        let kind = match (&row.kind, row.primary) {
            (Some(kind), true) => format!("{}, **primary**", cell(kind)),
            (None, true) => "**primary**".to_string(),
            (kind, false) => dash(kind),
        };
        let line = format!(
            "| {} | {} | {} | {kind} | {} | {} | {} | {} |\n",
            cell(&row.source),
            dash(&row.publisher),
            dash(&row.published),
            row.claims,
            row.claims_in_findings,
            row.findings,
            row.alone
        );
        let n = line.chars().count();
        if n > room {
            let _ = writeln!(
                out,
                "\n*And {} more sources; `--format json` has them all.*",
                case.source_tally.len() - i
            );
            break;
        }
        out.push_str(&line);
        room -= n;
    }
    out
}

/// A finding as one list item: severity, rule, target and the start of its message.
fn one_line(finding: &Finding) -> String {
    let reviewed = if finding.reviewed { " (reviewed)" } else { "" };
    format!(
        "- {} `{}`{reviewed}: {} — {}\n",
        finding.severity.name(),
        finding.rule,
        cell(&target(finding)),
        shown(&cell(&finding.message), SUMMARY_MESSAGE)
    )
}

/// The input problems, one line each, within `max` characters.
fn problems_section(report: &Report, max: usize) -> String {
    let Some(problems) = report.problems_line() else {
        return String::new();
    };
    let mut out = format!("\n## Input problems\n\n{}.\n", cell(&problems));
    let mut room = max.saturating_sub(out.chars().count() + 60);
    for (i, problem) in report.errors.iter().enumerate() {
        let line = format!("- `{}` {}\n", problem.code, cell(&problem.to_string()));
        let n = line.chars().count();
        if n > room {
            let _ = writeln!(
                out,
                "- and {} more (`--format json` lists them all)",
                report.errors.len() - i
            );
            break;
        }
        out.push_str(&line);
        room -= n;
    }
    out
}

/// `To keep this report under 65000 characters, 12 findings are shown in one line and 3
/// left out; …`, naming only what happened.
fn left_out_note(shortened: usize, left_out: usize, max_chars: usize) -> String {
    let findings = |n: usize| {
        if n == 1 {
            "1 finding is".to_string()
        } else {
            format!("{n} findings are")
        }
    };
    let what = match (shortened, left_out) {
        (0, n) => format!("{} left out", findings(n)),
        (n, 0) => format!("{} shown in one line", findings(n)),
        (s, l) => format!("{} shown in one line and {l} left out", findings(s)),
    };
    format!(
        "\n*To keep this report under {max_chars} characters, {what}; `claimcheck check --format json` \
         has them all.*\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::finding::{FindingClaim, Severity};
    use crate::load::{Code, Problem};
    use crate::report::CaseReport;

    fn report(findings: usize, problems: usize) -> Report {
        let finding = |i: usize| Finding {
            subject: Some(format!("subject-{i}")),
            property: Some("deaths".into()),
            claims: vec![{
                let mut claim = FindingClaim::shown("agency", &format!("claim-{i}"), "261", 0);
                claim.place(Some("q".repeat(400).into()), Default::default());
                claim
            }],
            ..Finding::new(
                "conflicting-values",
                if i < findings / 2 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                format!("deaths: {} vs 288", "2".repeat(300)),
            )
        };
        Report {
            cases: vec![CaseReport {
                case: "crash".into(),
                title: Some("A crash".into()),
                dir: "claims/crash".into(),
                sources: 1,
                claims: findings,
                findings: (0..findings).map(finding).collect(),
                source_tally: Vec::new(),
            }],
            errors: (0..problems)
                .map(|i| Problem {
                    file: Some(format!("claims/crash/s{i}.yaml")),
                    line: Some(3),
                    column: Some(5),
                    code: Code::UnknownKey,
                    message: "unknown key `valeu` (did you mean `value`?)".into(),
                })
                .collect(),
            skipped: Vec::new(),
        }
    }

    /// Within the budget: the first findings in full, then one line each, then counted,
    /// and a note that adds up to every finding.
    #[test]
    fn a_long_report_keeps_within_its_budget() {
        let long = report(500, 0);
        // Any budget: never a character over.
        let shorter = report(60, 0);
        for budget in (MIN_MAX_CHARS..40_000).step_by(397) {
            assert!(
                render_within(&shorter, budget).chars().count() <= budget,
                "{budget}"
            );
        }
        for budget in [MIN_MAX_CHARS, 10_000, DEFAULT_MAX_CHARS] {
            let text = render_within(&long, budget);
            assert!(
                text.chars().count() <= budget,
                "{budget}: {}",
                text.chars().count()
            );
            let full = text.matches("\n### ").count();
            let lines = text.matches("\n- error").count() + text.matches("\n- warning").count();
            let note = text
                .lines()
                .find(|l| l.starts_with("*To keep this report"))
                .unwrap();
            let numbers: Vec<usize> = note
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            let left_out = if note.contains("left out") {
                *numbers.last().unwrap()
            } else {
                0
            };
            assert_eq!(full + lines + left_out, 500, "{budget}: {note}");
            assert!(text.ends_with("**250 errors, 250 warnings, 0 info**\n"));
        }
        // A budget the whole report fits, to the character, is the whole report.
        let small = report(3, 0);
        let whole = render(&small);
        assert_eq!(render_within(&small, whole.chars().count()), whole);
        let cut = render_within(&small, whole.chars().count() - 1);
        assert!(cut.contains("To keep this report") && cut.chars().count() < whole.chars().count());
        assert_eq!(render(&small).matches("\n### ").count(), 3);
        assert!(!render(&small).contains("To keep this report"));
    }

    /// Nothing that fits is left out: what is left unused is less than a finding's line and
    /// the slack of the note; a case whose heading no longer fits is counted whole.
    #[test]
    fn a_budget_is_used_up_before_findings_are_left_out() {
        let mut long = report(300, 0);
        let mut second = long.cases[0].clone();
        second.case = "flood".into();
        long.cases.push(second);
        let line = one_line(&long.cases[0].findings[0]).chars().count() + 1;
        for budget in [MIN_MAX_CHARS, 5_000, 20_000] {
            let text = render_within(&long, budget);
            let used = text.chars().count();
            assert!(used <= budget && budget - used < line + 20, "{budget}: {used}");
            assert!(!text.contains("## flood"), "{budget}");
            assert!(text.contains("left out"));
        }
        // With room for both cases, the second one's heading is there too.
        let text = render_within(&long, 150_000);
        assert!(text.contains("## flood") && text.contains("## crash"));
    }

    /// A case's source tally ends it, in full when the report fits; within a budget the
    /// tallies share a quarter of it, listing sources while they fit and counting the rest.
    #[test]
    fn source_tallies_end_each_case_within_their_share() {
        use crate::report::sources::SourceTally;
        let mut long = report(300, 0);
        long.cases[0].source_tally = (0..2_000)
            .map(|i| SourceTally {
                source: format!("outlet-{i:04}"),
                publisher: Some(format!("Outlet {i}")),
                published: Some("2024-05-01".into()),
                kind: Some("news".into()),
                primary: i == 0,
                claims: 10,
                claims_in_findings: 2,
                findings: 2,
                alone: 1,
            })
            .collect();
        let whole = render(&long);
        assert!(whole.contains("#### Sources of crash") && whole.contains("| outlet-1999 |"));
        assert!(whole.contains("| news, **primary** |"));
        for budget in [MIN_MAX_CHARS, 10_000, DEFAULT_MAX_CHARS] {
            let text = render_within(&long, budget);
            assert!(text.chars().count() <= budget, "{budget}");
            let tally = &text[text.find("#### Sources of crash").unwrap()..];
            let tally = &tally[..tally.find("\n*To keep").unwrap()];
            let rows = tally.matches("\n| outlet-").count();
            assert!(rows > 0, "{budget}: {tally}");
            assert!(tally.chars().count() <= budget / 4, "{budget}");
            assert!(
                tally.contains(&format!("*And {} more sources;", 2_000 - rows)),
                "{budget}: {tally}"
            );
            // The tally comes after the case's findings.
            assert!(text.find("#### Sources").unwrap() > text.rfind("conflicting-values").unwrap());
        }
        // Two cases share the quarter: each tally within an eighth.
        let mut two = report(2, 0);
        two.cases[0].source_tally = long.cases[0].source_tally.clone();
        two.cases.push(two.cases[0].clone());
        two.cases[1].case = "flood".into();
        let text = render_within(&two, 40_000);
        for case in ["crash", "flood"] {
            let tally = &text[text.find(&format!("#### Sources of {case}")).unwrap()..];
            // It ends with the line counting the sources left out.
            let counted = tally.find("more sources;").unwrap();
            let end = counted + tally[counted..].find('\n').unwrap();
            assert!(tally[..end].chars().count() <= 40_000 / 8, "{case}");
        }
        // A row that just fits is shown.
        let mut one = long.cases[0].clone();
        one.source_tally.truncate(1);
        let whole = tally_section(&one, usize::MAX).chars().count();
        let fits = tally_section(&one, whole + 80);
        assert!(
            fits.contains("| outlet-0000 |") && !fits.contains("more sources"),
            "{fits}"
        );
        let cut = tally_section(&one, whole + 79);
        assert!(cut.contains("*And 1 more sources;"), "{cut}");
    }

    /// Input problems take at most a quarter of the budget, and say how many are left.
    #[test]
    fn input_problems_are_counted_past_their_share() {
        let text = render_within(&report(0, 1_000), 8_000);
        assert!(text.chars().count() <= 8_000);
        let shown = text.matches("- `unknown-key`").count();
        assert!(shown > 10 && shown < 1_000, "{shown}");
        assert!(text.contains(&format!(
            "- and {} more (`--format json` lists them all)",
            1_000 - shown
        )));
    }

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
