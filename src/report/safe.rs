//! Text from claim files, made safe to show. A claim file is untrusted: a value, a quote
//! or a folder name may hold terminal escapes, bidirectional overrides that reorder what
//! a reviewer reads, or invisible characters. In the table, the Markdown and on standard
//! error they are shown as escapes (`\u{202e}`), never passed through; very long texts are
//! cut for display. The JSON report keeps every text as it is (JSON escapes it already).

use std::borrow::Cow;
use std::fmt::Write;

use crate::chars::is_hidden;

/// `text` with every unsafe character written as an escape: `\n`, `\t`, `\r`, or
/// `\u{1b}` and the like.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`visible`], and cut after `max` characters with a note of how many more there are.
pub(crate) fn shown(text: &str, max: usize) -> String {
    let text = visible(text);
    let chars = text.chars().count();
    if chars <= max {
        return text.into_owned();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}… ({} more characters)", chars - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_invisible_characters_are_escaped() {
        assert_eq!(visible("plain text, “quoted” — é"), "plain text, “quoted” — é");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(visible("\u{1b}[31mred\u{1b}[0m"), "\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(visible("a\nb\rc\td"), "a\\nb\\rc\\td");
        assert_eq!(visible("x\u{7f}\u{85}y"), "x\\u{7f}\\u{85}y");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(
            visible("in\u{200b}visible\u{feff}"),
            "in\\u{200b}visible\\u{feff}"
        );
        assert_eq!(visible("line\u{2028}sep"), "line\\u{2028}sep");
    }

    #[test]
    fn long_texts_are_cut_with_a_count() {
        assert_eq!(shown("short", 10), "short");
        assert_eq!(shown("0123456789", 10), "0123456789");
        assert_eq!(shown("0123456789abc", 10), "0123456789… (3 more characters)");
        // Escapes count as what is shown.
        assert_eq!(shown("\u{1b}\u{1b}", 7), "\\u{1b}\\… (5 more characters)");
    }
}
