//! Characters that must not pass unseen: a claim file is untrusted, and an identifier or
//! a report line can be made to look like something it is not.

/// Control characters (C0 and C1: ESC, CR, TAB, newline…, DEL), line and paragraph
/// separators, bidirectional marks, overrides and isolates, zero-width characters and the
/// soft hyphen: none shows as itself on a terminal or a page.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}'
                | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
}

/// The scripts whose letters look alike (`a` and Cyrillic `а`), by letter.
fn script(c: char) -> Option<&'static str> {
    match u32::from(c) {
        _ if c.is_ascii_alphabetic() => Some("Latin"),
        0x00C0..=0x024F | 0x1E00..=0x1EFF => Some("Latin"),
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Some("Greek"),
        0x0400..=0x052F => Some("Cyrillic"),
        _ => None,
    }
}

/// Why `id` cannot serve as an identifier, if it cannot: empty, holding a hidden
/// character, or mixing look-alike scripts (`tаlks` with a Cyrillic `а`).
pub(crate) fn identifier_problem(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        return Some("is empty".to_string());
    }
    if let Some(c) = id.chars().find(|&c| is_hidden(c)) {
        return Some(format!("holds the hidden character U+{:04X}", u32::from(c)));
    }
    let mut scripts = id.chars().filter_map(|c| script(c).map(|s| (c, s)));
    let (_, first) = scripts.next()?;
    let (odd, other) = scripts.find(|(_, s)| *s != first)?;
    Some(format!(
        "mixes scripts: `{odd}` (U+{:04X}) is {other} among {first} letters",
        u32::from(odd)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_that_hide_or_imitate() {
        assert_eq!(identifier_problem("talks-2009"), None);
        assert_eq!(identifier_problem("José Martí"), None);
        assert_eq!(identifier_problem("переговоры"), None);
        assert_eq!(identifier_problem("会谈"), None);
        assert_eq!(identifier_problem(" "), Some("is empty".to_string()));
        assert_eq!(identifier_problem(""), Some("is empty".to_string()));
        assert_eq!(
            identifier_problem("talks\u{200B}"),
            Some("holds the hidden character U+200B".to_string())
        );
        assert_eq!(
            identifier_problem("abc\u{202E}"),
            Some("holds the hidden character U+202E".to_string())
        );
        assert_eq!(
            identifier_problem("t\u{430}lks"),
            Some("mixes scripts: `\u{430}` (U+0430) is Cyrillic among Latin letters".to_string())
        );
        assert!(identifier_problem("\u{3b1}lpha").is_some_and(|w| w.contains("Latin among Greek")));
        assert!(is_hidden('\u{1b}') && is_hidden('\t') && is_hidden('\u{85}') && is_hidden('\u{7f}'));
        assert!(!is_hidden('é') && !is_hidden(' ') && !is_hidden('“'));
    }
}
