//! `quote-not-found`: a claim's quote that its source's text does not contain.

use super::{Analysis, Rule, show};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub struct QuoteNotFound;

/// Folds the differences quote matching ignores: case, whitespace runs, quote and
/// apostrophe styles, dash kinds.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Does `quote` occur in `text`, already [`fold`]ed (each source is folded once)? An
/// ellipsis in the quote matches any run of text, in order.
fn occurs_in_folded(quote: &str, text: &str) -> bool {
    let quote = fold(&quote.replace('\u{2026}', "..."));
    let mut from = 0;
    for segment in quote.split("...").map(str::trim).filter(|s| !s.is_empty()) {
        match text[from..].find(segment) {
            Some(at) => from += at + segment.len(),
            None => return false,
        }
    }
    true
}

impl Rule for QuoteNotFound {
    fn id(&self) -> &'static str {
        "quote-not-found"
    }

    fn summary(&self) -> &'static str {
        "a claim's quote that does not occur in its source's text"
    }

    fn doc(&self) -> &'static str {
        include_str!("docs/quote-not-found.md")
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check(&self, case: &Case, _analysis: &Analysis) -> Vec<Finding> {
        let mut findings = Vec::new();
        let folded: Vec<Option<String>> = case
            .sources
            .iter()
            .map(|s| s.text.as_ref().map(|t| fold(&t.content)))
            .collect();
        for (i, claim) in case.claims.iter().enumerate() {
            let source = case.source_of(claim);
            let (Some(quote), Some(text), Some(folded)) = (&claim.quote, &source.text, &folded[claim.source])
            else {
                continue;
            };
            if occurs_in_folded(quote, folded) {
                continue;
            }
            let file = text
                .file
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().to_string());
            findings.push(Finding {
                rule: self.id(),
                severity: self.severity(),
                reviewed: false,
                subject: claim.subject().map(str::to_string),
                property: claim.property().map(str::to_string),
                message: format!("the quote of `{}` does not occur in {file}", claim.id),
                claims: vec![show(case, i, 0)],
                verdict: None,
            });
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurs(quote: &str, text: &str) -> bool {
        occurs_in_folded(quote, &fold(text))
    }

    #[test]
    fn matching_ignores_case_spacing_quotes_and_dashes() {
        let text = "He said: “At the Cuban government’s request,\n  the talks\u{2014}rescheduled.”";
        assert!(occurs(
            "\"at the Cuban government's request, the talks-rescheduled.\"",
            text
        ));
        assert!(!occurs("at the Cuban government's demand", text));
    }

    #[test]
    fn ellipsis_matches_any_run_in_order() {
        let text = "The talks were held twice a year since 1995, and suspended in 2003.";
        assert!(occurs("held twice a year ... suspended in 2003", text));
        assert!(occurs("held twice a year … in 2003", text));
        assert!(!occurs("suspended in 2003 ... held twice a year", text));
    }
}
