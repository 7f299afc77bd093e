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
    let mut text = Vec::new();
    match write(report, &mut text) {
        Ok(()) => String::from_utf8(text).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Writes the report to `out` as it is serialised: the text serialising [`Versioned`]
/// pretty gives, but each case's findings (nearly all of a large report) are serialised
/// on every thread, a batch at a time, and written in order.
pub fn write(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let v = versioned(report);
    out.write_all(b"{")?;
    field(&mut out, 1, "claimcheck", &v.claimcheck, First)?;
    field(&mut out, 1, "format_version", &v.format_version, Later)?;
    open(&mut out, 1, "cases", b'[', Later)?;
    for (i, case) in report.cases.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        indent(&mut out, 2)?;
        out.write_all(b"{")?;
        field(&mut out, 3, "case", &case.case, First)?;
        field(&mut out, 3, "sources", &case.sources, Later)?;
        field(&mut out, 3, "claims", &case.claims, Later)?;
        findings(&mut out, &case.findings)?;
        field(&mut out, 3, "source_tally", &case.source_tally, Later)?;
        close(&mut out, 2, b'}', true)?;
    }
    close(&mut out, 1, b']', !report.cases.is_empty())?;
    field(&mut out, 1, "errors", &report.errors, Later)?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// Whether a field is its object's first (no comma before it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    First,
    Later,
}
use Order::{First, Later};

/// Shown claims serialised together: enough to keep every thread busy, few enough (a few
/// megabytes of text; a shown claim takes ~700 bytes) to add little to memory. Counted
/// in claims, not findings: one finding may show thousands.
const BATCH_CLAIMS: usize = 4096;

/// A case's `findings`: a batch at a time, each finding of the batch serialised on its
/// own, on every thread, while the batch before is written.
fn findings(out: &mut impl std::io::Write, findings: &[crate::finding::Finding]) -> std::io::Result<()> {
    use rayon::prelude::*;
    open(out, 3, "findings", b'[', Later)?;
    // Batches are serialised on the pool from a thread of their own and handed over as
    // each is done: the writer stays on this thread (standard output's is not `Send`).
    let (send, batches) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<Vec<u8>>>>(0);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for batch in batches_of(findings) {
                let texts = batch.par_iter().map(|f| nested(f, 4)).collect();
                if send.send(texts).is_err() {
                    // The writer failed, and stopped reading.
                    return;
                }
            }
        });
        let mut first = true;
        for texts in batches {
            for text in texts? {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                indent(out, 4)?;
                out.write_all(&text)?;
            }
        }
        Ok::<(), std::io::Error>(())
    })?;
    close(out, 3, b']', !findings.is_empty())
}

/// `findings` in batches of about [`BATCH_CLAIMS`] shown claims, each of one finding at
/// least, in order.
fn batches_of(findings: &[crate::finding::Finding]) -> impl Iterator<Item = &[crate::finding::Finding]> {
    let mut rest = findings;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut claims = 0;
        let end = rest
            .iter()
            .position(|f| {
                claims += f.claims.len() + 1;
                claims > BATCH_CLAIMS
            })
            .map_or(rest.len(), |at| at.max(1));
        let (batch, after) = rest.split_at(end);
        rest = after;
        Some(batch)
    })
}

/// `"key": value` at `depth`, after a comma unless it is the first.
fn field(
    out: &mut impl std::io::Write,
    depth: usize,
    key: &str,
    value: &impl Serialize,
    order: Order,
) -> std::io::Result<()> {
    key_at(out, depth, key, order)?;
    out.write_all(&nested(value, depth)?)
}

/// `"key": [` (or `{`) at `depth`, after a comma unless it is the first.
fn open(
    out: &mut impl std::io::Write,
    depth: usize,
    key: &str,
    bracket: u8,
    order: Order,
) -> std::io::Result<()> {
    key_at(out, depth, key, order)?;
    out.write_all(&[bracket])
}

/// Closes what [`open`] opened as the pretty serialiser does: on a line of its own at
/// `depth` after members, right after the opening bracket without any (`[]`).
fn close(out: &mut impl std::io::Write, depth: usize, bracket: u8, members: bool) -> std::io::Result<()> {
    if members {
        out.write_all(b"\n")?;
        indent(out, depth)?;
    }
    out.write_all(&[bracket])
}

fn key_at(out: &mut impl std::io::Write, depth: usize, key: &str, order: Order) -> std::io::Result<()> {
    out.write_all(if order == First { b"\n" } else { b",\n" })?;
    indent(out, depth)?;
    serde_json::to_writer(&mut *out, key)?;
    out.write_all(b": ")
}

fn indent(out: &mut (impl std::io::Write + ?Sized), depth: usize) -> std::io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// `value` serialised pretty as it reads `depth` levels deep: each line after the first
/// indented by as many levels.
fn nested(value: &impl Serialize, depth: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        Nested {
            depth,
            has_value: false,
        },
    );
    value.serialize(&mut serializer)?;
    Ok(out)
}

/// serde_json's pretty layout (two spaces a level, `PrettyFormatter`'s very steps),
/// starting `depth` levels deep: written in place rather than indented again after.
struct Nested {
    depth: usize,
    /// Whether the array or object being written has a member yet.
    has_value: bool,
}

impl Nested {
    /// An array or object opens one level deeper, with no member yet.
    fn open(&mut self, out: &mut (impl std::io::Write + ?Sized), bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    /// It closes on a line of its own after members, right after opening without any.
    fn close(&mut self, out: &mut (impl std::io::Write + ?Sized), bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(bracket)
    }

    /// Each member on a line of its own, after a comma unless it is the first.
    fn member(&self, out: &mut (impl std::io::Write + ?Sized), first: bool) -> std::io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        indent(out, self.depth)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.member(out, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.member(out, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, FindingClaim, Severity};
    use crate::load::{Code, Problem};
    use crate::report::CaseReport;

    /// What serde writes for the whole report at once: the text the report must be.
    fn serialised_whole(report: &Report) -> String {
        serde_json::to_string_pretty(&versioned(report)).unwrap() + "\n"
    }

    /// A case of `findings` findings, the `i`th showing `i % 7 + 1` claims, whose quotes
    /// and messages need escaping.
    fn case(name: &str, findings: usize) -> CaseReport {
        let finding = |i: usize| {
            let claims = (0..i % 7 + 1)
                .map(|c| {
                    let mut claim = FindingClaim::shown("wire", &format!("c{i}-{c}"), "3 to 4", c as u32);
                    claim.place(
                        Some(format!("said \"{i}\"\n\tand\\ more — ✓").into()),
                        Default::default(),
                    );
                    claim
                })
                .collect();
            Finding {
                subject: Some(format!("subject-{i}")),
                claims,
                ..Finding::new("conflicting-values", Severity::Error, format!("{i} vs\n5"))
            }
        };
        let tally = crate::report::sources::SourceTally {
            source: "wire".into(),
            publisher: Some("Wire".into()),
            published: None,
            kind: None,
            primary: true,
            claims: 2,
            claims_in_findings: 1,
            findings: 1,
            alone: 0,
        };
        CaseReport {
            case: name.into(),
            title: None,
            dir: format!("claims/{name}"),
            sources: 2,
            claims: findings * 2,
            findings: (0..findings).map(finding).collect(),
            source_tally: if findings > 0 { vec![tally] } else { Vec::new() },
        }
    }

    /// The report written piece by piece, its findings in parallel batches, is the text
    /// serde writes for it whole: with no case, with cases without and with findings (in
    /// one batch and across several), with and without problems, and with strings that
    /// need escaping.
    #[test]
    fn the_report_written_in_pieces_is_the_whole_serialised() {
        let problem = Problem {
            file: Some("claims/crash/s.yaml".into()),
            line: Some(3),
            column: Some(5),
            code: Code::UnknownKey,
            message: "unknown key `valeu`\n(did you mean `value`?)".into(),
        };
        let report = |cases: Vec<CaseReport>, errors: Vec<Problem>| Report {
            cases,
            errors,
            skipped: Vec::new(),
        };
        let reports = [
            report(Vec::new(), Vec::new()),
            report(Vec::new(), vec![problem.clone()]),
            report(vec![case("empty", 0)], Vec::new()),
            report(
                vec![case("one", 1), case("few", 40)],
                vec![problem.clone(), problem],
            ),
            report(vec![case("batches", 3 * BATCH_CLAIMS / 4 + 3)], Vec::new()),
        ];
        for report in &reports {
            assert_eq!(render(report), serialised_whole(report));
        }
    }

    /// A value written some levels deep is serde's pretty text with each line after the
    /// first indented by as many levels: empty and nested arrays and objects, scalars, and
    /// strings holding line breaks and indentation of their own.
    #[test]
    fn nested_values_are_the_pretty_text_indented() {
        let values = [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!("a\n  b"),
            serde_json::json!(3.5),
            serde_json::json!(null),
            serde_json::json!({"a": [], "b": {}, "c": [[], [1, {"d": "e\n"}]], "f": {"g": {"h": true}}}),
            serde_json::json!([{"claims": []}, {"claims": [{"id": "x", "line": 3}]}, "  "]),
        ];
        for value in &values {
            let pretty = serde_json::to_string_pretty(value).unwrap();
            for depth in [0, 1, 4] {
                let expected = pretty.replace('\n', &format!("\n{}", "  ".repeat(depth)));
                let written = String::from_utf8(nested(value, depth).unwrap()).unwrap();
                assert_eq!(written, expected, "{value} at {depth}");
            }
        }
    }

    /// Batches hold about a batch's worth of shown claims, at least one finding each, and
    /// together every finding once, in order.
    #[test]
    fn findings_are_batched_by_the_claims_they_show() {
        let findings = case("c", 3 * BATCH_CLAIMS / 4 + 3).findings;
        let batches: Vec<&[Finding]> = batches_of(&findings).collect();
        assert!(batches.len() > 1);
        let joined: Vec<&Finding> = batches.iter().flat_map(|b| b.iter()).collect();
        assert!(joined.iter().zip(&findings).all(|(a, b)| std::ptr::eq(*a, b)));
        assert_eq!(joined.len(), findings.len());
        for batch in &batches[..batches.len() - 1] {
            let claims: usize = batch.iter().map(|f| f.claims.len() + 1).sum();
            assert!(claims <= BATCH_CLAIMS && claims + 8 > BATCH_CLAIMS, "{claims}");
        }
        // A batch is full at a batch's worth exactly.
        let mut even = findings[..BATCH_CLAIMS / 2].to_vec();
        for finding in &mut even {
            finding.claims = vec![FindingClaim::named("wire", "c"); 3];
        }
        let sizes: Vec<usize> = batches_of(&even).map(<[Finding]>::len).collect();
        assert_eq!(sizes, [BATCH_CLAIMS / 4, BATCH_CLAIMS / 4]);
        // One finding over a batch's worth is a batch of its own.
        let mut huge = findings[..2].to_vec();
        huge[0].claims = vec![FindingClaim::named("wire", "c"); BATCH_CLAIMS + 10];
        let sizes: Vec<usize> = batches_of(&huge).map(<[Finding]>::len).collect();
        assert_eq!(sizes, [1, 1]);
        assert_eq!(batches_of(&[]).count(), 0);
    }
}
