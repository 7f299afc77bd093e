//! The terminal report: a heading per finding and its claims side by side (comfy-table).

use std::fmt::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::safe::shown;
use super::sources::SourceTally;
use super::{Report, context_lines, finding_sources, scoped_value, target};
use crate::finding::Finding;

/// The words of an id: each ends after a `-`, `_` or `.`.
fn id_words(id: &str) -> impl Iterator<Item = &str> {
    id.split_inclusive(['-', '_', '.'])
}

/// The width of an id column: see [`column_width`].
fn id_width<'a>(ids: impl Iterator<Item = &'a str> + Clone, table: u16) -> usize {
    column_width(
        ids.clone().map(|id| id.chars().count()),
        ids.flat_map(id_words).map(|w| w.chars().count()),
        table,
    )
}

/// The width of a column of short cells (values, ids): its longest cell when that fits
/// in a quarter of the table, else its longest word, and never more than a third.
fn column_width(cells: impl Iterator<Item = usize>, words: impl Iterator<Item = usize>, table: u16) -> usize {
    let longest_cell = cells.max().unwrap_or(1);
    let longest_word = words.max().unwrap_or(1);
    let (quarter, third) = (usize::from(table) / 4, usize::from(table) / 3);
    longest_cell.min(quarter.max(longest_word)).min(third).max(1)
}

/// `id` in lines of at most `width` characters, broken only between its words (a word
/// longer than a line is broken where it must be).
fn wrap_id(id: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in id_words(id) {
        if !line.is_empty() && line.chars().count() + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// Longest cell shown, in characters: a quote is rarely longer; the JSON has all of it.
const CELL: usize = 500;
/// Longest message or heading shown.
const LINE: usize = 2_000;

/// Renders the report for a terminal `width` columns wide. Every text from a claim file
/// goes through [`shown`]: no escape or override reaches the terminal.
pub fn render(report: &Report, width: u16) -> String {
    render_styled(report, width, false)
}

/// The ANSI colour of each severity's name: bold red, yellow and cyan.
fn coloured(severity: crate::finding::Severity) -> String {
    use crate::finding::Severity;
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    };
    format!("\x1b[{code}m{}\x1b[0m", severity.name())
}

/// [`render`], with severities coloured when `color` is set. The only escapes in the
/// output are these, which claimcheck writes itself.
pub fn render_styled(report: &Report, width: u16, color: bool) -> String {
    let mut out = String::new();
    for case in &report.cases {
        let title = case
            .title
            .as_deref()
            .map(|t| format!(" — {t}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}", shown(&format!("{}{title}", case.case), LINE));
        let _ = writeln!(out, "{}", super::counts(case));
        for finding in &case.findings {
            let reviewed = if finding.reviewed { " (reviewed)" } else { "" };
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{}[{}]{reviewed} {}",
                if color {
                    coloured(finding.severity)
                } else {
                    finding.severity.name().to_string()
                },
                finding.rule,
                shown(&target(finding), LINE)
            );
            let _ = writeln!(out, "  {}", shown(&finding.message, LINE));
            for (label, text) in context_lines(finding) {
                let _ = writeln!(out, "  {label}: {}", shown(&text, LINE));
            }
            if let Some(verdict) = &finding.more().verdict {
                let _ = writeln!(out, "  verdict: {}", shown(verdict, LINE));
            }
            if finding.claims.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{}", claims_table(finding, width));
            for (source, context) in finding_sources(finding) {
                let _ = writeln!(out, "  {}: {}", shown(source, CELL), shown(&context, LINE));
            }
            for claim in &finding.claims {
                if let Some(note) = claim.note() {
                    let _ = writeln!(
                        out,
                        "  note on {}/{}: {}",
                        shown(claim.source_id(), CELL),
                        shown(claim.id(), CELL),
                        shown(note, LINE)
                    );
                }
            }
        }
        if !case.source_tally.is_empty() {
            let _ = writeln!(out, "\nSources of {}:", shown(&case.case, LINE));
            let _ = writeln!(out, "{}", tally_table(&case.source_tally, width));
        }
        let _ = writeln!(out);
    }
    out.push_str(&summary(report));
    out
}

/// The report's last lines: its input problems, if any, and the tally of findings, as
/// `--quiet` prints them alone.
pub fn summary(report: &Report) -> String {
    let mut out = String::new();
    if let Some(problems) = report.problems_line() {
        let _ = writeln!(out, "{} (see standard error)", shown(&problems, LINE));
    }
    let cases = report.cases.len();
    let _ = writeln!(
        out,
        "{} in {cases} case{}",
        report.tally().summary(),
        if cases == 1 { "" } else { "s" }
    );
    out
}

/// A case's sources, one row each: who published them, and how they fare in findings.
fn tally_table(rows: &[SourceTally], width: u16) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header([
            "Source",
            "Publisher",
            "Published",
            "Kind",
            "Claims",
            "In findings",
            "Findings",
            "Alone",
        ]);
    // Source ids wrap only between their words, as in a finding's table.
    let ids: Vec<String> = rows.iter().map(|r| shown(&r.source, CELL)).collect();
    let source_width = id_width(ids.iter().map(String::as_str).chain(["Source"]), width);
    if let Some(column) = table.column_mut(0) {
        let cells = u16::try_from(source_width + 2).unwrap_or(u16::MAX);
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(cells)));
    }
    let dash = |text: &Option<String>| shown(text.as_deref().unwrap_or("—"), CELL);
    for (row, id) in rows.iter().zip(ids) {
        let kind = match (&row.kind, row.primary) {
            (Some(kind), true) => format!("{}, primary", shown(kind, CELL)),
            (None, true) => "primary".to_string(),
            (kind, false) => dash(kind),
        };
        table.add_row([
            wrap_id(&id, source_width),
            dash(&row.publisher),
            dash(&row.published),
            kind,
            row.claims.to_string(),
            row.claims_in_findings.to_string(),
            row.findings.to_string(),
            row.alone.to_string(),
        ]);
    }
    table
}

/// A finding's claims side by side.
fn claims_table(finding: &Finding, width: u16) -> Table {
    let claims = &finding.claims;
    let rows: Vec<[String; 5]> = claims
        .iter()
        .map(|c| {
            [
                shown(&scoped_value(finding, c), CELL),
                shown(&c.source_at(), CELL),
                shown(c.id(), CELL),
                shown(c.said_by.as_deref().unwrap_or("—"), CELL),
                shown(c.quote().unwrap_or("—"), CELL),
            ]
        })
        .collect();
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(["#", "Value", "Source", "Claim", "Said by", "Quote"]);
    // Ids are wrapped only between their words (after `-`, `_` or `.`), never inside one:
    // the id columns get the width of their longest word at least.
    let source_width = id_width(rows.iter().map(|r| r[1].as_str()).chain(["Source"]), width);
    let claim_width = id_width(rows.iter().map(|r| r[2].as_str()).chain(["Claim"]), width);
    // Each cell is padded by one space on either side.
    let cells = |content: usize| u16::try_from(content + 2).unwrap_or(u16::MAX);
    for (column, content) in [(2, source_width), (3, claim_width)] {
        if let Some(column) = table.column_mut(column) {
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(cells(content))));
        }
    }
    // A value wraps at its spaces, and its longest word (`2009-12-04..2009-12-31`) stays
    // whole too.
    let value_width = column_width(
        rows.iter().map(|r| r[0].chars().count()).chain([5]),
        rows.iter()
            .flat_map(|r| r[0].split_whitespace())
            .chain(["Value"])
            .map(|w| w.chars().count()),
        width,
    );
    if let Some(column) = table.column_mut(1) {
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(cells(value_width))));
    }
    for (claim, [value, source, id, said_by, quote]) in claims.iter().zip(rows) {
        table.add_row([
            (claim.group + 1).to_string(),
            value,
            wrap_id(&source, source_width),
            wrap_id(&id, claim_width),
            said_by,
            quote,
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_wrap_between_their_words() {
        assert_eq!(wrap_id("miami-herald-2014-01-06", 23), "miami-herald-2014-01-06");
        assert_eq!(
            wrap_id("miami-herald-2014-01-06", 14),
            "miami-herald-\n2014-01-06"
        );
        assert_eq!(
            wrap_id("miami-herald-2014-01-06", 13),
            "miami-herald-\n2014-01-06"
        );
        assert_eq!(wrap_id("gross-subcontractor", 8), "gross-\nsubcontractor");
        assert_eq!(wrap_id("a_b.c", 2), "a_\nb.\nc");
    }

    #[test]
    fn id_columns_are_as_wide_as_their_longest_word_at_least() {
        let ids = ["miami-herald-2014-01-06", "efe-2010-02-18"];
        // Room enough: the whole id.
        assert_eq!(id_width(ids.iter().copied(), 120), 23);
        // A narrow table: the longest word, `herald-`.
        assert_eq!(id_width(ids.iter().copied(), 60), 15);
        assert_eq!(id_width(ids.iter().copied(), 20), 6);
        assert_eq!(id_width(["subcontractor-x"].iter().copied(), 40), 13);
    }
}
