//! Quote matching (spec §3): a quote must occur in its source's text, ignoring case,
//! runs of whitespace, quote and apostrophe styles and dash kinds; an ellipsis in the
//! quote matches any run of text.

/// Folds the differences quote matching ignores. Text beyond ASCII is first brought to
/// its compatibility form (NFKC), so a composed `é` matches a decomposed one, a ligature
/// `ﬁ` its letters and a no-break or thin space a space; soft hyphens and zero-width
/// characters, which a reader never sees, are dropped.
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        let mut folded = Vec::with_capacity(text.len());
        fold_ascii(text.as_bytes(), &mut folded);
        // ASCII in, ASCII out.
        return String::from_utf8(folded).unwrap_or_default();
    }
    use unicode_normalization::UnicodeNormalization;
    let normalized: String = text.nfkc().filter(|&c| !is_invisible(c)).collect();
    fold_plain(&normalized)
}

/// Fewest words a quote needs for the sources that carry it to count as copies of one
/// text: a short phrase (`suspended in 2003`) is written alike by reporters working
/// apart, a sentence of reprinted agency copy is not.
pub(crate) const COPIED_WORDS: usize = 8;

/// A quote's text hashed to 32 bits, never 0 (see [`crate::model::QuoteMark`]).
pub(crate) fn hash(text: &str) -> std::num::NonZeroU32 {
    hash_bytes(text.as_bytes())
}

fn hash_bytes(bytes: &[u8]) -> std::num::NonZeroU32 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    let hash = hasher.finish();
    // Both halves, so that no bit of the hash is lost.
    std::num::NonZeroU32::new((hash ^ (hash >> 32)) as u32).unwrap_or(std::num::NonZeroU32::MIN)
}

/// What tells copies of one text apart from quotes written independently: the quote
/// folded (so that copies differing in case, spaces or quote marks are one text) and
/// hashed, for a quote of at least [`COPIED_WORDS`] words; `None` for a shorter one.
pub(crate) fn copy_key(quote: &str) -> Option<std::num::NonZeroU32> {
    if !quote.is_ascii() {
        quote.split_whitespace().nth(COPIED_WORDS - 1)?;
        return Some(hash(&fold(quote)));
    }
    // Every quote of a case is keyed while it loads: ASCII ones, nearly all, are folded
    // byte by byte into one buffer per thread, where words stand one space apart.
    thread_local! {
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        fold_ascii(quote.as_bytes(), folded);
        memchr::memchr_iter(b' ', folded).nth(COPIED_WORDS - 2)?;
        Some(hash_bytes(folded))
    })
}

/// [`fold`] of ASCII text, into `out`: what [`fold_plain`] makes of it, byte by byte
/// instead of character by character (most quotes and texts are ASCII).
fn fold_ascii(text: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut space = false;
    for &b in text {
        if b.is_ascii_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(b' ');
        }
        space = false;
        out.push(if b == b'`' { b'\'' } else { b.to_ascii_lowercase() });
    }
}

/// Soft hyphen, zero-width space, joiners, word joiner and byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// [`fold`] after normalisation: case, whitespace runs, quote and dash kinds.
fn fold_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        // Most text is ASCII: fold it without the Unicode tables.
        let c =
            if c.is_ascii() {
                if c.is_ascii_whitespace() {
                    ' '
                } else if c == '`' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                }
            } else {
                match c {
                    '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => '\'',
                    '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
                    | '\u{00BB}' => '"',
                    '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
                    | '\u{2212}' => '-',
                    c if c.is_whitespace() => ' ',
                    c => {
                        if space && !out.is_empty() {
                            out.push(' ');
                        }
                        space = false;
                        out.extend(c.to_lowercase());
                        continue;
                    }
                }
            };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The first occurrence of `needle` in `haystack`. Searching for a short prefix first
/// and comparing the rest keeps the per-quote setup cheap; natural text rarely repeats
/// its first sixteen bytes. A text that does (repetitive, or hostile: a long quote of
/// `a`s against megabytes of `a`s would cost their product) falls back after a few
/// misses to memmem's full search, which is linear in the worst case.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    const PREFIX: usize = 16;
    const MISSES: usize = 16;
    if needle.len() <= PREFIX {
        return memchr::memmem::find(haystack, needle);
    }
    for (misses, at) in memchr::memmem::find_iter(haystack, &needle[..PREFIX]).enumerate() {
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        if misses == MISSES {
            return memchr::memmem::find(&haystack[at..], needle).map(|found| at + found);
        }
    }
    None
}

/// Where `quote` ends in `folded`, looking first from `hint` (claims mostly follow the
/// article's order, so the previous quote's end is a good start), then from the top.
pub(crate) fn find_quote(quote: &str, folded: &str, hint: usize) -> Option<usize> {
    let quote = if quote.contains('\u{2026}') {
        fold(&quote.replace('\u{2026}', "..."))
    } else {
        fold(quote)
    };
    let segments: Vec<&str> = quote
        .split("...")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let search = |start: usize| {
        let mut from = start;
        for segment in &segments {
            let at = find(folded.as_bytes().get(from..)?, segment.as_bytes())?;
            from += at + segment.len();
        }
        Some(from)
    };
    let hint = hint.min(folded.len());
    search(hint).or_else(|| if hint > 0 { search(0) } else { None })
}

/// Where `quote` stands in `text`, as a byte range of the text, for a report that marks
/// its words: from the start of its first segment to the end of its last (an ellipsis
/// spans what it leaves out). Matched as [`Matcher::contains`] matches, but traced back
/// to the text's own characters. `None` when the quote is not in the text, or matches
/// only once characters are merged (a letter and a separate accent), which no single
/// character of the text stands for.
pub(crate) fn locate(quote: &str, text: &str) -> Option<std::ops::Range<usize>> {
    let verbatim = !quote.contains("...") && !quote.contains('\u{2026}') && !quote.trim().is_empty();
    if verbatim {
        if let Some(at) = find(text.as_bytes(), quote.as_bytes()) {
            return Some(at..at + quote.len());
        }
    }
    let quote = fold(&quote.replace('\u{2026}', "..."));
    let (folded, from) = fold_traced(text);
    let mut segments = quote.split("...").map(str::trim).filter(|s| !s.is_empty());
    let first = segments.next()?;
    let start = find(folded.as_bytes(), first.as_bytes())?;
    let mut end = start + first.len();
    for segment in segments {
        end += find(folded.as_bytes().get(end..)?, segment.as_bytes())? + segment.len();
    }
    // Each folded byte came from one character of the text.
    let (first_char, _) = from[start];
    let (_, last_char_end) = from[end - 1];
    Some(first_char..last_char_end)
}

/// [`fold`], one character of the text at a time, with the text's byte range each folded
/// byte came from. A run of spaces folds to one, traced to the whole run.
fn fold_traced(text: &str) -> (String, Vec<(usize, usize)>) {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut from: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    // Where the pending run of spaces began and ended, if one is pending.
    let mut space: Option<(usize, usize)> = None;
    let mut piece = String::new();
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        piece.clear();
        if c.is_ascii() {
            piece.push(c);
        } else {
            piece.extend(std::iter::once(c).nfkc().filter(|&c| !is_invisible(c)));
        }
        let folded = fold_plain(&piece);
        if folded.is_empty() {
            // A space, or a character a reader never sees.
            if piece.chars().any(char::is_whitespace) {
                space = Some(space.map_or((at, end), |(first, _)| (first, end)));
            }
            continue;
        }
        if let Some(run) = space.take() {
            if !out.is_empty() {
                out.push(' ');
                from.push(run);
            }
        }
        out.push_str(&folded);
        from.extend(std::iter::repeat_n((at, end), folded.len()));
    }
    (out, from)
}

/// Checks the quotes of one source against its text. Most quotes are copied verbatim,
/// so each is first looked up as written; the text is folded only when one is not found
/// that way (or uses an ellipsis). Claims mostly follow the article's order, so each
/// search starts where the previous quote ended.
pub struct Matcher {
    text: String,
    folded: Option<String>,
    hint: usize,
    folded_hint: usize,
}

impl Matcher {
    pub fn new(text: String) -> Self {
        Matcher {
            text,
            folded: None,
            hint: 0,
            folded_hint: 0,
        }
    }

    pub fn contains(&mut self, quote: &str) -> bool {
        let verbatim = !quote.contains("...") && !quote.contains('\u{2026}') && !quote.trim().is_empty();
        if verbatim {
            let hint = self.hint.min(self.text.len());
            let bytes = self.text.as_bytes();
            let at = find(&bytes[hint..], quote.as_bytes())
                .map(|at| hint + at)
                .or_else(|| {
                    if hint > 0 {
                        find(bytes, quote.as_bytes())
                    } else {
                        None
                    }
                });
            if let Some(at) = at {
                self.hint = at + quote.len();
                return true;
            }
        }
        let folded = self.folded.get_or_insert_with(|| fold(&self.text));
        match find_quote(quote, folded, self.folded_hint) {
            Some(end) => {
                self.folded_hint = end;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// ASCII text is folded byte by byte as the character fold folds any text.
        #[test]
        fn ascii_is_folded_as_text_is(text in "[ -~\t\n\r\x0b\x0c]{0,40}") {
            let mut folded = Vec::new();
            fold_ascii(text.as_bytes(), &mut folded);
            proptest::prop_assert_eq!(String::from_utf8(folded).unwrap(), fold_plain(&text));
            proptest::prop_assert_eq!(fold(&text), fold_plain(&text));
        }
    }

    /// Quotes of eight words or more that differ in case, spacing or quote marks are one
    /// text to copy detection; shorter ones have no key, and other words another one.
    #[test]
    fn copies_are_keyed_alike() {
        let key = copy_key("The talks, officials said, were suspended in 2003");
        assert!(key.is_some());
        assert_eq!(
            copy_key("  the TALKS,\tofficials said, were  suspended in 2003 "),
            key
        );
        assert_ne!(copy_key("The talks, officials said, were suspended in 2004"), key);
        assert_eq!(copy_key("the talks were suspended in 2003 officially"), None);
        // Beyond ASCII, text is folded as quote matching folds it.
        assert_eq!(
            copy_key("The talks, officials said, were \u{201C}suspended\u{201D} in 2003"),
            copy_key("The talks, officials said, were \"suspended\" in 2003")
        );
        assert_eq!(
            copy_key("It\u{2019}s what the talks, officials said, were \u{2014} suspended"),
            copy_key("it's what the talks, officials said, were - suspended")
        );
    }

    #[test]
    fn unicode_forms_a_reader_cannot_see_are_folded() {
        // Composed quote, decomposed text, and the other way round.
        assert!(occurs("José Martí", "said Jose\u{301} Marti\u{301} yesterday"));
        assert!(occurs("Jose\u{301} Marti\u{301}", "said José Martí yesterday"));
        // A ligature matches its letters, both ways.
        assert!(occurs("the final figures", "the \u{FB01}nal \u{FB01}gures"));
        assert!(occurs("the \u{FB01}nal figures", "the final figures"));
        // Soft hyphens and zero-width characters in the text are invisible.
        assert!(occurs("migration talks", "mi\u{AD}gra\u{AD}tion\u{200B} talks"));
        assert!(occurs("talks resumed", "talks\u{2060} re\u{200D}sumed"));
        // No-break, thin and narrow no-break spaces, and line separators, are spaces.
        assert!(occurs("talks resumed", "talks\u{2028}resumed"));
        assert!(occurs("talks resumed", "talks\u{3000}resumed"));
        assert!(occurs("20 000 visas", "20\u{202F}000\u{A0}visas"));
        assert!(occurs("on 14 July", "on\u{2009}14\u{00A0}July"));
        // Different letters stay different.
        assert!(!occurs("Jose Marti", "José Martí"));
        assert!(!occurs("Edward", "Eduard"));
    }

    /// A quote is traced to the text's own characters: as written, across folded spaces,
    /// quote and dash styles, case and ligatures, and across an ellipsis.
    #[test]
    fn a_quote_is_located_in_the_texts_own_characters() {
        let located = |quote: &str, text: &str| locate(quote, text).map(|r| text[r].to_string());
        let text = "Officials said. The talks,\n  held on \u{201C}Thursday\u{201D} \u{2014} in Havana \u{2014} were \u{FB01}nal.";
        assert_eq!(located("held on", text).as_deref(), Some("held on"));
        assert_eq!(
            located("The talks, held on \"Thursday\" - in Havana", text).as_deref(),
            Some("The talks,\n  held on \u{201C}Thursday\u{201D} \u{2014} in Havana")
        );
        assert_eq!(located("THE TALKS", text).as_deref(), Some("The talks"));
        assert_eq!(located("were final", text).as_deref(), Some("were \u{FB01}nal"));
        assert_eq!(
            located("The talks ... were final", text).as_deref(),
            Some(
                "The talks,\n  held on \u{201C}Thursday\u{201D} \u{2014} in Havana \u{2014} were \u{FB01}nal"
            )
        );
        assert_eq!(
            located("The talks \u{2026} in Havana", text).as_deref(),
            Some("The talks,\n  held on \u{201C}Thursday\u{201D} \u{2014} in Havana")
        );
        assert_eq!(located("in Moscow", text), None);
        assert_eq!(located("", text), None);
        assert_eq!(located("...", text), None);
        // Soft hyphens inside a word are passed over but kept in the marked range.
        assert_eq!(
            located("migration talks", "the mi\u{AD}gration talks").as_deref(),
            Some("mi\u{AD}gration talks")
        );
    }

    /// Folding one character at a time gives what folding the whole text gives, for
    /// text without a separate accent.
    #[test]
    fn traced_folding_folds_as_folding_does() {
        for text in [
            "  Two  spaces\tand\ttabs\n\nand lines  ",
            "\u{201C}Curly\u{201D} \u{2018}quotes\u{2019} and \u{2013} dashes \u{2212} minus",
            "Ligatures \u{FB01}nal, NBSP\u{A0}here, thin\u{2009}space, soft\u{AD}hyphen",
            "ÉCOLE Straße İstanbul",
            "",
            "   ",
        ] {
            assert_eq!(fold_traced(text).0, fold(text), "{text:?}");
        }
    }

    #[test]
    fn the_matcher_finds_unicode_variants_after_a_verbatim_miss() {
        let mut matcher = Matcher::new("He cited the of\u{FB01}cial \u{FB01}gures.".to_string());
        assert!(matcher.contains("the official figures"));
        assert!(!matcher.contains("the unofficial figures"));
    }

    #[test]
    fn a_repeated_prefix_still_finds_the_right_place() {
        let needle = format!("{}b", "a".repeat(40));
        for text in [
            format!("{}b", "a".repeat(1_000)),
            format!("{}b{}", "a".repeat(30), "a".repeat(500)),
        ] {
            let expected = text.find(&needle);
            assert_eq!(
                find(text.as_bytes(), needle.as_bytes()),
                expected,
                "{}",
                text.len()
            );
        }
    }

    fn occurs(quote: &str, text: &str) -> bool {
        find_quote(quote, &fold(text), 0).is_some()
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

    #[test]
    fn the_matcher_finds_verbatim_and_folded_quotes_in_any_order() {
        let mut matcher = Matcher::new("He said: “Talks  resumed.” Then “they stopped”.".to_string());
        assert!(matcher.contains("“they stopped”"));
        assert!(matcher.contains("He said"));
        assert!(matcher.contains("\"talks resumed.\""));
        assert!(matcher.contains("said ... stopped"));
        assert!(!matcher.contains("talks stopped"));
    }

    #[test]
    fn a_hint_past_the_quote_still_finds_it() {
        let folded = fold("first sentence here. second sentence there.");
        let end = find_quote("second sentence", &folded, 0).unwrap();
        assert_eq!(find_quote("first sentence", &folded, end), Some(14));
        assert_eq!(find_quote("third sentence", &folded, end), None);
    }

    #[test]
    fn long_quotes_whose_prefix_repeats() {
        let text = "the talks were held in havana, and the talks were held in washington in july 2013";
        assert!(occurs("the talks were held in washington", text));
        assert!(!occurs("the talks were held in new york", text));
        assert_eq!(
            fold("Ünïcode  “Quotes” — ÉCLAT\tend"),
            "ünïcode \"quotes\" - éclat end"
        );
    }
}
