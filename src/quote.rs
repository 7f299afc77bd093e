//! Quote matching (spec §3): a quote must occur in its source's text, ignoring case,
//! runs of whitespace, quote and apostrophe styles and dash kinds; an ellipsis in the
//! quote matches any run of text.

/// Folds the differences quote matching ignores.
pub fn fold(text: &str) -> String {
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
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Does `quote` occur in `folded`, a text already [`fold`]ed (each source is folded once)?
pub fn occurs_in_folded(quote: &str, folded: &str) -> bool {
    let quote = fold(&quote.replace('\u{2026}', "..."));
    let mut from = 0;
    for segment in quote.split("...").map(str::trim).filter(|s| !s.is_empty()) {
        // memchr's SIMD search: quotes are checked against whole articles, a million times
        // in a large corpus.
        match memchr::memmem::find(&folded.as_bytes()[from..], segment.as_bytes()) {
            Some(at) => from += at + segment.len(),
            None => return false,
        }
    }
    true
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
