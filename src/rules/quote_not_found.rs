//! `quote-not-found`: a claim's quote that its source's text does not contain.

use super::finding::finding;
use super::finding::show;
use super::{Analysis, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Case;

pub(super) struct QuoteNotFound;

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
        // Quotes are matched while loading, where each source's text is at hand once.
        let mut findings = Vec::new();
        for (i, claim) in case.claims.iter().enumerate() {
            if claim.quote_found != Some(false) {
                continue;
            }
            let source = case.source_of(claim);
            let file = source
                .text_file
                .as_ref()
                .and_then(|f| f.file_name())
                .map_or_else(String::new, |f| f.to_string_lossy().to_string());
            findings.push(finding(
                self,
                claim.subject().map(str::to_string),
                claim.property().map(str::to_string),
                format!("the quote of `{}` does not occur in {file}", claim.id),
                vec![show(case, i, 0)],
            ));
        }
        findings
    }
}
