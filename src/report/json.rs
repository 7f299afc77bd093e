//! The JSON report (spec §7): one object, stable field order.

use serde::Serialize;

use super::Report;

/// The version of the JSON report's shape. It changes only when an existing key changes
/// meaning or goes away; new keys may appear within a version.
pub const FORMAT_VERSION: u32 = 1;

/// The report with what wrote it, first, so a consumer can tell before reading on.
#[derive(Serialize)]
struct Versioned<'r> {
    claimcheck: &'static str,
    format_version: u32,
    #[serde(flatten)]
    report: &'r Report,
}

fn versioned(report: &Report) -> Versioned<'_> {
    Versioned {
        claimcheck: env!("CARGO_PKG_VERSION"),
        format_version: FORMAT_VERSION,
        report,
    }
}

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&versioned(report))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Writes the report to `out` as it is serialised.
pub fn write(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    write_pretty(&versioned(report), out)
}

/// Writes `value` as pretty JSON and a newline to `out`, as it is serialised.
///
/// Buffered here, whatever `out` is: the serialiser writes a piece at a time (a quote, a
/// key, a comma), and through a `dyn Write` each piece cost a call of its own (a third
/// of the time a large report took to write).
pub(super) fn write_pretty(value: &impl Serialize, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}
