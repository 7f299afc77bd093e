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
                case.subject_of(claim).map(str::to_string),
                case.property_of(claim).map(str::to_string),
                format!("the quote of `{}` does not occur in {file}", case.id_of(claim)),
                vec![show(case, i, 0)],
            ));
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{case, findings_of};

    #[test]
    fn a_quote_missing_from_the_text_is_reported_with_its_claim() {
        let case = case(&[
            ("case.yaml", "properties:\n  suspended: {type: date}\n"),
            (
                "a.yaml",
                "claims:
  - {id: found, subject: s, property: suspended, value: 2003, quote: talks were suspended}
  - {id: missing, subject: t, property: suspended, value: 2004, quote: talks were cancelled}
  - {id: unquoted, subject: u, property: suspended, value: 2005}
",
            ),
            ("a.txt", "In 2003 the talks were suspended."),
            // A source without a text has nothing to check its quotes against.
            (
                "b.yaml",
                "claims:\n  - {id: q, subject: s, property: suspended, value: 2003, quote: anything at all}\n",
            ),
        ]);
        let found = findings_of(&case, "quote-not-found");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "the quote of `missing` does not occur in a.txt");
        assert_eq!(found[0].subject.as_deref(), Some("t"));
        assert_eq!(found[0].property.as_deref(), Some("suspended"));
        assert_eq!(found[0].claims.len(), 1);
        assert_eq!(
            (found[0].claims[0].source_id(), found[0].claims[0].id()),
            ("a", "missing")
        );
    }
}
