//! The terminal report: a heading per finding and its claims side by side (comfy-table).

use std::fmt::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::{Report, target};

/// Renders the report for a terminal `width` columns wide.
pub fn render(report: &Report, width: u16) -> String {
    let mut out = String::new();
    for case in &report.cases {
        let title = case
            .title
            .as_deref()
            .map(|t| format!(" — {t}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}{title}", case.case);
        let _ = writeln!(out, "{}", super::counts(case));
        for finding in &case.findings {
            let reviewed = if finding.reviewed { " (reviewed)" } else { "" };
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{}[{}]{reviewed} {}",
                finding.severity.name(),
                finding.rule,
                target(finding)
            );
            let _ = writeln!(out, "  {}", finding.message);
            if let Some(verdict) = &finding.verdict {
                let _ = writeln!(out, "  verdict: {verdict}");
            }
            if finding.claims.is_empty() {
                continue;
            }
            let mut table = Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width)
                .set_header(["#", "Value", "Source", "Claim", "Said by", "Quote"]);
            for claim in &finding.claims {
                table.add_row([
                    (claim.group + 1).to_string(),
                    claim.value.clone(),
                    claim.source.clone(),
                    claim.id.clone(),
                    claim.said_by.clone().unwrap_or_else(|| "—".into()),
                    claim.quote.clone().unwrap_or_else(|| "—".into()),
                ]);
            }
            let _ = writeln!(out, "{table}");
        }
        let _ = writeln!(out);
    }
    if !report.errors.is_empty() {
        let _ = writeln!(
            out,
            "{} (see standard error)",
            super::plural(report.errors.len(), "input problem", "input problems")
        );
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
