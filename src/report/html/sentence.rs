//! The sentence a quote stands in, so the review page can show the quote in context.

use std::ops::Range;

/// Most characters of context shown on either side of a quote, when its sentence runs
/// longer (or the text has no sentence ends near it).
const CONTEXT: usize = 300;

/// The text around `quote` (a byte range of `text`): from the start of the sentence it
/// begins in to the end of the sentence it ends in, at most [`CONTEXT`] characters
/// beyond it on either side.
pub(super) fn around(text: &str, quote: Range<usize>) -> Range<usize> {
    let before = &text[..quote.start];
    let mut start = quote.start;
    for (kept, (at, c)) in before.char_indices().rev().enumerate() {
        if kept == CONTEXT || ends_sentence(text, at + c.len_utf8()) {
            break;
        }
        start = at;
    }
    let mut end = quote.end;
    if !ends_sentence(text, end) {
        for (kept, (at, c)) in text[quote.end..].char_indices().enumerate() {
            end = quote.end + at + c.len_utf8();
            if kept + 1 == CONTEXT || ends_sentence(text, end) {
                break;
            }
        }
    }
    // No space or line break at either edge.
    let inner = &text[start..end];
    let trimmed_start = start + (inner.len() - inner.trim_start().len());
    let trimmed_end = end - (inner.len() - inner.trim_end().len());
    trimmed_start.min(quote.start)..trimmed_end.max(quote.end)
}

/// Abbreviations that end in a stop within a sentence, besides words of one or two
/// letters and dotted ones: months, titles, ranks and company forms.
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mrs", "Gen", "Gov",
    "Sen", "Rep", "Col", "Sgt", "Capt", "Prof", "Rev", "Inc", "Corp", "Ltd", "Bros", "approx", "est", "etc",
    "vs",
];

/// Does a sentence end just before byte `at`? After a paragraph break (an empty line); or
/// after `.`, `!` or `?` (and any closing quotes or brackets) followed by a space, unless
/// the word ending there is an abbreviation: one or two letters (`Mr.`, `St.`, a middle
/// initial), dotted (`U.S.`), or one of [`ABBREVIATIONS`] (`Dec.`, `Gov.`).
fn ends_sentence(text: &str, at: usize) -> bool {
    let (before, after) = text.split_at(at);
    if before.ends_with("\n\n") || before.ends_with("\n\r\n") {
        return true;
    }
    if !after.starts_with(char::is_whitespace) {
        return after.is_empty();
    }
    let closed = before.trim_end_matches(['"', '\'', ')', ']', '\u{201D}', '\u{2019}']);
    let Some(word) = closed.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    if !closed.ends_with('.') {
        return true;
    }
    let word = word
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let short = letters <= 2 && word.chars().all(char::is_alphabetic) && !word.is_empty();
    !(word.contains('.') || short || ABBREVIATIONS.contains(&word))
}

/// A piece of source text as one line: each run of spaces and line breaks becomes one
/// space, at its ends too (the pieces around a quote are shown side by side).
pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, quote: &str) -> String {
        let at = text.find(quote).unwrap();
        text[around(text, at..at + quote.len())].to_string()
    }

    #[test]
    fn a_quote_is_shown_in_its_sentence() {
        let text = "The talks began. U.S. and Cuban officials met in Havana on Wednesday, Mr. Lee said. \
                    They will meet again.";
        assert_eq!(
            sentence(text, "met in Havana"),
            "U.S. and Cuban officials met in Havana on Wednesday, Mr. Lee said."
        );
        assert_eq!(sentence(text, "The talks"), "The talks began.");
        let dated = "Cuba arrested Alan P. Gross on Dec. 3, 2009, and Gov. Smith of Acme Corp. spoke. Next.";
        assert_eq!(
            sentence(dated, "Alan P. Gross"),
            "Cuba arrested Alan P. Gross on Dec. 3, 2009, and Gov. Smith of Acme Corp. spoke."
        );
        assert_eq!(sentence(text, "meet again"), "They will meet again.");
        // A quote across two sentences gets both.
        assert_eq!(
            sentence(text, "began. U.S."),
            "The talks began. U.S. and Cuban officials met in Havana on Wednesday, Mr. Lee said."
        );
    }

    #[test]
    fn sentences_end_at_paragraphs_questions_and_closing_quotes() {
        let text = "Headline without a stop\n\nHe asked: \"Why now?\" Nobody knew. Was it 2003!";
        assert_eq!(sentence(text, "asked"), "He asked: \"Why now?\"");
        assert_eq!(sentence(text, "Nobody"), "Nobody knew.");
        assert_eq!(sentence(text, "Headline"), "Headline without a stop");
        assert_eq!(sentence(text, "2003"), "Was it 2003!");
    }

    #[test]
    fn context_is_cut_in_a_text_without_sentence_ends() {
        let text = format!("{} quote {}", "a".repeat(1_000), "b".repeat(1_000));
        let at = text.find("quote").unwrap();
        let shown = around(&text, at..at + 5);
        assert_eq!(text[shown.start..at].chars().count(), CONTEXT);
        assert_eq!(text[at + 5..shown.end].chars().count(), CONTEXT);
    }

    #[test]
    fn text_is_tidied_to_one_line() {
        assert_eq!(tidy("a\n  b\t\tc "), "a b c ");
        assert_eq!(tidy("  a"), " a");
    }
}
