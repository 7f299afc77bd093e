//! `--format html`: the review page, one self-contained file an editor opens in a browser.
//! Findings with their context, filterable by rule, severity and review; each quote marked
//! in its sentence of the source's text; the source tally; and, for each subject with
//! dated claims, a timeline drawn as inline SVG.
//!
//! Everything is inline (style, script, drawings): the page loads nothing, so it works
//! offline, from a file or a CI artifact. Every text from a claim file goes through
//! [`text`], which escapes markup after making hidden characters visible; and the page's
//! Content-Security-Policy lets only its own script run (by its hash), so even markup
//! that slipped through could run nothing.

mod sentence;
mod timeline;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use base64_digest::sha256_base64;

use super::sources::SourceTally;
use super::{CaseReport, Report, context_lines, scoped_value, source_context, target};
use crate::finding::{Finding, FindingClaim};
use crate::load::Limits;
use crate::model::Case;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Most claims a finding lists in full; the rest are folded away, so that a finding of
/// hundreds of claims keeps the page readable.
const CLAIMS_SHOWN: usize = 20;

/// Most claims a finding lists at all; the JSON report has the rest. A finding of
/// thousands of claims would otherwise weigh more than the rest of the page.
const CLAIMS_LISTED: usize = 200;

/// Longest text shown from a claim file, in characters (the JSON has all of it).
const LONGEST: usize = 2_000;

/// Claim-file text for the page: hidden characters made visible, cut to [`LONGEST`], and
/// `&`, `<`, `>`, `"` and `'` escaped, so that it is text in an element or an attribute
/// and never markup.
fn text(raw: &str) -> String {
    escape(&super::safe::shown(raw, LONGEST))
}

/// `&`, `<`, `>`, `"` and `'` as character references.
fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The review page of `report`, whose cases are `cases` in the same order; source texts
/// are read again, under `limits`, to show quotes in their sentences.
pub fn render(report: &Report, cases: &[Case], limits: &Limits) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         img-src data:; script-src 'sha256-{}'\">\n\
         <meta name=\"generator\" content=\"claimcheck {}\">\n<title>claimcheck review</title>\n\
         <style>\n{STYLE}</style>\n</head>\n<body>\n",
        sha256_base64(SCRIPT),
        env!("CARGO_PKG_VERSION")
    );
    let tally = report.tally();
    let _ = writeln!(
        out,
        "<header><h1>claimcheck review</h1><p class=\"summary\">{} in {}</p></header>",
        escape(&tally.summary()),
        super::plural(report.cases.len(), "case", "cases")
    );
    filters(&mut out, report);
    out.push_str("<main>\n");
    let mut number = 0;
    for (case_report, case) in report.cases.iter().zip(cases) {
        case_section(&mut out, case_report, case, limits, &mut number);
    }
    problems(&mut out, report);
    out.push_str("</main>\n");
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// The filter bar: a choice of each rule and severity the findings have, with counts.
fn filters(out: &mut String, report: &Report) {
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    let mut severities: BTreeMap<crate::finding::Severity, usize> = BTreeMap::new();
    for finding in report.cases.iter().flat_map(|c| &c.findings) {
        *rules.entry(finding.rule).or_default() += 1;
        *severities.entry(finding.severity).or_default() += 1;
    }
    out.push_str("<nav class=\"filters\" aria-label=\"Filters\">\n");
    out.push_str("<label>Rule <select id=\"filter-rule\"><option value=\"\">all</option>");
    for (rule, n) in &rules {
        let _ = write!(out, "<option value=\"{rule}\">{rule} ({n})</option>");
    }
    out.push_str("</select></label>\n");
    out.push_str("<label>Severity <select id=\"filter-severity\"><option value=\"\">all</option>");
    for (severity, n) in &severities {
        let name = severity.name();
        let _ = write!(out, "<option value=\"{name}\">{name} ({n})</option>");
    }
    out.push_str("</select></label>\n");
    out.push_str(
        "<label>Review <select id=\"filter-reviewed\"><option value=\"\">all</option>\
         <option value=\"no\">unreviewed</option><option value=\"yes\">reviewed</option></select></label>\n\
         <label>Text <input id=\"filter-text\" type=\"search\" placeholder=\"subject, source, value…\"></label>\n\
         <span id=\"shown\" role=\"status\"></span>\n</nav>\n",
    );
}

fn case_section(out: &mut String, report: &CaseReport, case: &Case, limits: &Limits, number: &mut usize) {
    let title = report
        .title
        .as_deref()
        .map(|t| format!(" — {}", text(t)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<section class=\"case\"><h2>{}{title}</h2>\n<p class=\"counts\">{}</p>",
        text(&report.case),
        escape(&super::counts(report))
    );
    let mut texts = Texts::new(case, limits);
    for finding in &report.findings {
        *number += 1;
        finding_article(out, finding, &mut texts, *number);
    }
    timeline::section(out, case, &report.findings);
    tally_table(out, &report.source_tally);
    out.push_str("</section>\n");
}

/// A finding: its heading, message, context, claims, quotes in their sentences and notes.
fn finding_article(out: &mut String, finding: &Finding, texts: &mut Texts, number: usize) {
    let severity = finding.severity.name();
    let reviewed = if finding.reviewed { "yes" } else { "no" };
    let _ = write!(
        out,
        "<article class=\"finding\" id=\"finding-{number}\" data-rule=\"{}\" data-severity=\"{severity}\" \
         data-reviewed=\"{reviewed}\">\n<h3><span class=\"badge {severity}\">{severity}</span> <code>{}</code> {}{}</h3>\n\
         <p class=\"message\">{}</p>\n",
        finding.rule,
        finding.rule,
        text(&target(finding)),
        if finding.reviewed {
            " <span class=\"badge reviewed\">reviewed</span>"
        } else {
            ""
        },
        text(&finding.message)
    );
    let mut context: Vec<(String, String)> = context_lines(finding)
        .into_iter()
        .map(|(label, line)| (label.to_string(), text(&line)))
        .collect();
    if let Some(verdict) = &finding.more().verdict {
        context.push(("verdict".to_string(), text(verdict)));
    }
    if let Some(location) = &finding.more().location {
        context.push(("entry".to_string(), text(&location.to_string())));
    }
    if !context.is_empty() {
        out.push_str("<dl class=\"context\">");
        for (label, line) in context {
            let _ = write!(out, "<dt>{label}</dt><dd>{line}</dd>");
        }
        out.push_str("</dl>\n");
    }
    if !finding.claims.is_empty() {
        let listed = &finding.claims[..finding.claims.len().min(CLAIMS_LISTED)];
        let (first, rest) = listed.split_at(listed.len().min(CLAIMS_SHOWN));
        claims_table(out, finding, first);
        if !rest.is_empty() {
            let _ = write!(
                out,
                "<details class=\"more\"><summary>{} more claims</summary>",
                finding.claims.len() - first.len()
            );
            claims_table(out, finding, rest);
            if finding.claims.len() > listed.len() {
                let _ = write!(
                    out,
                    "<p class=\"legend\">and {} more; <code>--format json</code> lists them all.</p>",
                    finding.claims.len() - listed.len()
                );
            }
            out.push_str("</details>\n");
        }
        quotes(out, finding, texts);
    }
    for claim in &finding.claims {
        if let Some(note) = claim.note() {
            let _ = writeln!(
                out,
                "<p class=\"note\">Note on <code>{}/{}</code>: {}</p>",
                text(claim.source_id()),
                text(claim.id()),
                text(note)
            );
        }
    }
    out.push_str("</article>\n");
}

fn claims_table(out: &mut String, finding: &Finding, claims: &[FindingClaim]) {
    out.push_str(
        "<table class=\"claims\"><thead><tr><th>#</th><th>Value</th><th>Source</th><th>Claim</th>\
         <th>Said by</th></tr></thead><tbody>\n",
    );
    for claim in claims {
        let source = match source_context(claim) {
            Some(context) => format!(
                "{}<br><small>{}</small>",
                text(&claim.source_at()),
                text(&context)
            ),
            None => text(&claim.source_at()),
        };
        let _ = writeln!(
            out,
            "<tr{}><td>{}</td><td>{}</td><td>{source}</td><td><code>{}</code></td><td>{}</td></tr>",
            if claim.primary() { " class=\"primary\"" } else { "" },
            claim.group + 1,
            text(&scoped_value(finding, claim)),
            text(claim.id()),
            claim.said_by.as_deref().map_or_else(|| "—".to_string(), text)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// Each quoted claim's quote, marked in its sentence of the source's text when the text
/// is there and holds it; otherwise the quote alone, saying why.
fn quotes(out: &mut String, finding: &Finding, texts: &mut Texts) {
    for claim in finding.claims.iter().take(CLAIMS_SHOWN) {
        let Some(quote) = claim.quote() else { continue };
        let caption = format!("{}/{}", text(claim.source_id()), text(claim.id()));
        let shown = match texts.get(claim.source_id()) {
            Some(source_text) => match crate::quote::locate(quote, source_text) {
                Some(at) => {
                    let around = sentence::around(source_text, at.clone());
                    let part = |range: std::ops::Range<usize>| text(&sentence::tidy(&source_text[range]));
                    Some(format!(
                        "{}{}<mark>{}</mark>{}{}",
                        if around.start > 0 { "… " } else { "" },
                        part(around.start..at.start),
                        part(at.clone()),
                        part(at.end..around.end),
                        if around.end < source_text.len() {
                            " …"
                        } else {
                            ""
                        }
                    ))
                }
                None => None,
            },
            None => None,
        };
        let (body, why) = match shown {
            Some(body) => (body, String::new()),
            None => (
                format!("“{}”", text(quote)),
                if texts.get(claim.source_id()).is_some() {
                    " — not found in the source's text".to_string()
                } else {
                    " — the source's text is not in the case".to_string()
                },
            ),
        };
        let _ = writeln!(
            out,
            "<figure class=\"quote\"><blockquote>{body}</blockquote><figcaption>{caption}{why}</figcaption></figure>"
        );
    }
}

/// The source tally as a table.
fn tally_table(out: &mut String, rows: &[SourceTally]) {
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Sources</h3>\n<table class=\"tally\"><thead><tr><th>Source</th><th>Publisher</th><th>Published</th>\
         <th>Kind</th><th>Claims</th><th>In findings</th><th>Findings</th><th>Alone</th></tr></thead><tbody>\n",
    );
    let dash = |t: &Option<String>| t.as_deref().map_or_else(|| "—".to_string(), text);
    for row in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            text(&row.source),
            dash(&row.publisher),
            dash(&row.published),
            dash(&row.kind),
            if row.primary {
                "<span class=\"primary-tag\">primary</span>"
            } else {
                ""
            },
            row.claims,
            row.claims_in_findings,
            row.findings,
            row.alone
        );
    }
    out.push_str("</tbody></table>\n");
}

fn problems(out: &mut String, report: &Report) {
    let Some(line) = report.problems_line() else {
        return;
    };
    let _ = writeln!(
        out,
        "<section class=\"problems\"><h2>Input problems</h2><p>{}</p><ul>",
        text(&line)
    );
    for problem in &report.errors {
        let _ = writeln!(
            out,
            "<li><code>{}</code> {}</li>",
            problem.code,
            text(&problem.to_string())
        );
    }
    out.push_str("</ul></section>\n");
}

/// The texts of a case's sources, each read again once, when a quote of it is shown.
struct Texts<'c> {
    case: &'c Case,
    limits: &'c Limits,
    read: HashMap<String, Option<String>>,
}

impl<'c> Texts<'c> {
    fn new(case: &'c Case, limits: &'c Limits) -> Self {
        Texts {
            case,
            limits,
            read: HashMap::new(),
        }
    }

    fn get(&mut self, source: &str) -> Option<&str> {
        let (case, limits) = (self.case, self.limits);
        self.read
            .entry(source.to_string())
            .or_insert_with(|| {
                let at = case
                    .sources
                    .binary_search_by(|s| s.id.as_str().cmp(source))
                    .ok()?;
                let path = case.sources[at].text_file.as_ref()?;
                crate::load::read_again(case, path, limits)
            })
            .as_deref()
    }
}

/// The page's script hash for its Content-Security-Policy.
mod base64_digest {
    use sha2::{Digest, Sha256};

    /// The SHA-256 of `text`, in standard Base64 with padding, as CSP writes hashes.
    pub(super) fn sha256_base64(text: &str) -> String {
        base64(&Sha256::digest(text.as_bytes()))
    }

    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[cfg(test)]
    mod tests {
        /// RFC 4648's test vectors, and the hash of `alert('Hello, world.');` that the
        /// CSP specification gives.
        #[test]
        fn hashes_are_written_as_csp_reads_them() {
            for (bytes, encoded) in [
                ("", ""),
                ("f", "Zg=="),
                ("fo", "Zm8="),
                ("foo", "Zm9v"),
                ("foob", "Zm9vYg=="),
                ("fooba", "Zm9vYmE="),
                ("foobar", "Zm9vYmFy"),
            ] {
                assert_eq!(super::base64(bytes.as_bytes()), encoded);
            }
            assert_eq!(
                super::sha256_base64("alert('Hello, world.');"),
                "qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that could start markup or end an attribute is escaped, and hidden
    /// characters are shown.
    #[test]
    fn claim_text_is_never_markup() {
        assert_eq!(
            text("<script>alert(\"x\")</script> & 'q'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
        );
        assert_eq!(text("a\u{202e}b"), "a\\u{202e}b");
    }

    /// A finding of 202 claims lists 20 in full and 180 more folded away, and counts the
    /// two it leaves to the JSON report; one of 30 lists them all.
    #[test]
    fn a_finding_of_many_claims_lists_two_hundred() {
        let article = |per_side: usize| {
            let claims = |value: u32| {
                (0..per_side)
                    .map(|i| format!("  - {{id: t{i}, subject: s, property: toll, value: {value}}}\n"))
                    .collect::<String>()
            };
            let case = crate::rules::testing::case(&[
                ("case.yaml", "properties:\n  toll: {type: quantity}\n"),
                ("a.yaml", &format!("claims:\n{}", claims(10))),
                ("b.yaml", &format!("claims:\n{}", claims(12))),
            ]);
            let findings = crate::pipeline::check_case(&case);
            assert_eq!(findings[0].claims.len(), 2 * per_side);
            let report = Report {
                cases: vec![CaseReport::new(&case, findings)],
                errors: Vec::new(),
                skipped: Vec::new(),
            };
            let page = render(&report, std::slice::from_ref(&case), &Limits::default());
            let first = page.find("<article").unwrap_or(0);
            let end = page[first..]
                .find("</article>")
                .map_or(page.len(), |end| first + end);
            page[first..end].to_string()
        };
        let many = article(101);
        assert_eq!(many.matches("<tr><td>").count(), 200);
        assert!(many.contains("<summary>182 more claims</summary>"), "{many}");
        assert!(many.contains("and 2 more; <code>--format json</code> lists them all."));
        let some = article(15);
        assert_eq!(some.matches("<tr><td>").count(), 30);
        assert!(some.contains("<summary>10 more claims</summary>"), "{some}");
        assert!(!some.contains("lists them all"));
    }

    /// Input problems close the page, each with its code.
    #[test]
    fn input_problems_are_listed() {
        let report = Report {
            cases: Vec::new(),
            errors: vec![crate::load::Problem::new(
                Some("wire.yaml".into()),
                Some((3, 7)),
                crate::load::Issue::EmptySourceFile,
            )],
            skipped: Vec::new(),
        };
        let page = render(&report, &[], &Limits::default());
        let problems = &page[page.find("<section class=\"problems\">").unwrap_or(0)..];
        assert!(problems.contains("<h2>Input problems</h2>"), "{page}");
        assert!(
            problems.contains("<li><code>empty-source-file</code> wire.yaml:3:7"),
            "{problems}"
        );
    }
}
