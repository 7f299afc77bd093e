//! The quick reading: claims laid out as people and generators write them, `claims:` at
//! the top of the file and one block mapping per item (`- id: …` with its keys below),
//! each scalar on one line. It reads lines, not YAML, so it answers only when every line
//! it passes is plainly in that layout. Anything else (a flow item, a quoted scalar over
//! several lines, an anchor, a tab in the indentation, a second document) makes it give
//! up, and the full parser places the file instead: a wrong line is worse than a slow one.

use memchr::{memchr_iter, memchr2};

use super::{Place, Position};

/// One scalar or collection as a line starts it.
#[derive(Debug, PartialEq, Eq)]
enum Node<'a> {
    /// Nothing before the end of the line or a comment: the node is on the next lines.
    Empty,
    /// A plain scalar, without its comment.
    Plain(&'a str),
    /// A quoted scalar without escapes, its quotes stripped.
    Quoted(&'a str),
    /// A quoted scalar with escapes, or a flow collection, closed on its line.
    Closed,
    /// `|` or `>`: a block scalar on the lines indented below it.
    Block,
}

/// A claim's `quote` as the quick reading sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote<'a> {
    /// The claim has no `quote` key.
    Absent,
    /// A plain or quoted scalar without escapes, on its line: its text.
    Text(&'a str),
    /// Written otherwise (escapes, a block scalar, a scalar over lines): only a parser
    /// reads it.
    Unread,
}

/// The claim item being read.
struct Item<'a> {
    id: Option<&'a str>,
    /// Where its mapping starts, once a line with content is seen.
    claim: Option<Position>,
    /// The (0-based) column its keys stand at, once known.
    keys: usize,
    value: Option<Position>,
    /// `value:` ended its line: the value starts on the next line with content.
    value_next: bool,
    /// A plain `id` ended the last line with content: a deeper line would continue it.
    id_open: bool,
    quote: Quote<'a>,
    /// A plain `quote` ended the last line with content: a deeper line continues it.
    quote_open: bool,
    /// The claim was a flow mapping, closed on its line: nothing may follow below it.
    closed: bool,
}

impl<'a> Item<'a> {
    fn place(&self) -> Option<(&'a str, Place, Quote<'a>)> {
        Some((
            self.id?,
            Place {
                claim: self.claim?,
                value: self.value,
            },
            self.quote,
        ))
    }
}

/// Every claim of `text` with an `id`, where it and its `value` start, and its quote when
/// written on its line; `None` when some line before the end of the `claims:` list is
/// outside the layout this reads.
pub(super) fn places(text: &str) -> Option<Vec<(&str, Place, Quote<'_>)>> {
    // YAML breaks lines at a lone `\r` too, which `str::lines` does not.
    let bytes = text.as_bytes();
    if memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut places = Vec::new();
    // The column of the claims' `-`, once `claims:` is read and then its first item.
    let mut claims: Option<Option<usize>> = None;
    let mut item: Option<Item> = None;
    // Inside a block scalar whose key (or `-`) stands at this column.
    let mut block: Option<usize> = None;
    let mut started = false;
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let content = &line[indent..];
        if let Some(column) = block {
            // Blank means spaces and tabs only: YAML reads any other space as text.
            if content.trim_matches([' ', '\t']).is_empty() || indent > column {
                continue;
            }
            block = None;
        }
        let trimmed = content.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if content.starts_with('\t') {
            return None;
        }
        if indent == 0 && (marker(content, "---") || marker(content, "...")) {
            // `...` ends a document; a `---` is passed over only when it opens the one
            // document with nothing after it.
            if content.starts_with('.') {
                return None;
            }
            if started || !plain_end(&content[3..]) {
                return None;
            }
            started = true;
            continue;
        }
        started = true;
        if let Some(Some(dash)) = claims {
            if let Some(open) = item.as_mut() {
                if open.id_open && indent > open.keys {
                    return None;
                }
                if open.quote_open && indent > open.keys {
                    open.quote = Quote::Unread;
                }
                open.id_open = false;
                open.quote_open = false;
                if open.claim.is_none() {
                    // The line after a bare `-`: the mapping starts here.
                    if indent <= dash {
                        return None;
                    }
                    open.claim = Some((number, indent + 1));
                    open.keys = indent;
                } else if open.value_next {
                    if indent <= open.keys {
                        return None;
                    }
                    open.value = Some((number, indent + 1));
                    open.value_next = false;
                }
            }
            if indent < dash || (indent == dash && !is_dash(content)) {
                // The list has ended; a second `claims:` key would start another.
                places.extend(item.take().and_then(|i| i.place()));
                claims = None;
            }
        }
        let dash = match claims {
            None => {
                // Outside `claims:`: top-level keys, and whatever lies below them.
                if indent == 0 {
                    let (key, at) = key(content)?;
                    if key == "claims" {
                        if node(&content[at..])? != Node::Empty {
                            return None;
                        }
                        claims = Some(None);
                        continue;
                    }
                }
                if let Some(column) = below(content, indent)? {
                    block = Some(column);
                }
                continue;
            }
            Some(Some(dash)) => dash,
            Some(None) if is_dash(content) => {
                claims = Some(Some(indent));
                indent
            }
            Some(None) => return None,
        };
        if indent == dash {
            places.extend(item.take().and_then(|i| i.place()));
            let rest = &content[1..];
            let spaces = rest.bytes().take_while(|&b| b == b' ').count();
            let first = &rest[spaces..];
            if first.starts_with('\t') || is_dash(first) {
                return None;
            }
            let keys = dash + 1 + spaces;
            let mut open = Item {
                id: None,
                claim: None,
                keys,
                value: None,
                value_next: false,
                id_open: false,
                quote: Quote::Absent,
                quote_open: false,
                closed: false,
            };
            if first.starts_with('{') {
                // A whole claim on its line: `- {id: a, subject: s, value: 3}`.
                if node(first)? != Node::Closed {
                    return None;
                }
                let (id, value, quote) = flow_entries(first)?;
                open.id = id;
                open.quote = quote;
                open.closed = true;
                open.claim = Some((number, keys + 1));
                open.value = value.map(|at| (number, keys + first[..at].chars().count() + 1));
            } else if !first.is_empty() && !first.starts_with('#') {
                open.claim = Some((number, keys + 1));
                block = claim_key(&mut open, first, number)?;
            }
            item = Some(open);
            continue;
        }
        let open = item.as_mut()?;
        if open.closed {
            return None;
        }
        block = match indent.cmp(&open.keys) {
            std::cmp::Ordering::Equal => claim_key(open, content, number)?,
            std::cmp::Ordering::Greater => below(content, indent)?,
            std::cmp::Ordering::Less => return None,
        };
    }
    // `value:` and nothing after it to the end: an empty value, which the parser places
    // (found by the generated files below).
    if item.as_ref().is_some_and(|i| i.value_next) {
        return None;
    }
    places.extend(item.and_then(|i| i.place()));
    Some(places)
}

/// Reads one `key: node` line of a claim's mapping, which starts at `column` of its line:
/// the claim's id and where its value starts. Returns the column a block scalar it opens
/// is indented below.
fn claim_key<'a>(item: &mut Item<'a>, content: &'a str, number: usize) -> Option<Option<usize>> {
    let (key, at) = key(content)?;
    let node = node(&content[at..])?;
    match key {
        "id" => {
            item.id = Some(match node {
                Node::Plain(id) => {
                    item.id_open = true;
                    id
                }
                Node::Quoted(id) => id,
                _ => return None,
            });
        }
        "quote" => {
            item.quote = match node {
                Node::Plain(quote) => {
                    item.quote_open = true;
                    Quote::Text(quote)
                }
                Node::Quoted(quote) => Quote::Text(quote),
                _ => Quote::Unread,
            };
        }
        // The key, its colon and the spaces after it are ASCII: bytes count as columns.
        "value" if node == Node::Empty => item.value_next = true,
        // The parser places a block scalar where its text starts, lines below.
        "value" if node == Node::Block => return None,
        "value" => item.value = Some((number, item.keys + at + 1)),
        _ => {}
    }
    Some((node == Node::Block).then_some(item.keys))
}

/// Checks a line below a key, which starts at `column`: `- ` items, then a key or a
/// scalar, all closed on the line. Returns the column a block scalar it opens is indented
/// below: its key's, or the column of the `-` it is the item of.
fn below(content: &str, column: usize) -> Option<Option<usize>> {
    let (mut owner, mut column) = (column, column);
    let mut rest = content;
    while is_dash(rest) {
        let spaces = rest[1..].bytes().take_while(|&b| b == b' ').count();
        if rest[1 + spaces..].starts_with('\t') {
            return None;
        }
        owner = column;
        column += 1 + spaces;
        rest = &rest[1 + spaces..];
    }
    let node = match key(rest) {
        Some((_, at)) => {
            owner = column;
            node(&rest[at..])?
        }
        None => node(rest)?,
    };
    Some((node == Node::Block).then_some(owner))
}

/// A plain key and its colon at the start of `content`: the key, and the byte offset of
/// what follows the colon and its spaces.
fn key(content: &str) -> Option<(&str, usize)> {
    let first = content.chars().next()?;
    if "\"'?[]{},&*!|>%@`#-:".contains(first) {
        return None;
    }
    let bytes = content.as_bytes();
    let colon = memchr_iter(b':', bytes).find(|&i| matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')))?;
    let key = content[..colon].trim_end_matches([' ', '\t']);
    // A comment before the colon: not a key (bytes, as a substring search costs more).
    if key
        .as_bytes()
        .windows(2)
        .any(|w| w[1] == b'#' && matches!(w[0], b' ' | b'\t'))
    {
        return None;
    }
    let after = &content[colon + 1..];
    let at = colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
    Some((key, at))
}

/// What a node written on one line is, or `None` when it does not close on its line or
/// is anything but a scalar or a flow collection (an anchor, an alias, a tag…).
fn node(text: &str) -> Option<Node<'_>> {
    let Some(first) = text.chars().next() else {
        return Some(Node::Empty);
    };
    match first {
        '#' => Some(Node::Empty),
        '"' | '\'' => {
            let quote = if first == '"' { b'"' } else { b'\'' };
            let end = quoted_end(text.as_bytes(), quote)?;
            if !plain_end(&text[end + 1..]) {
                return None;
            }
            // Escaped: `\` in double quotes, a doubled `'` in single ones.
            let inner = &text[1..end];
            let escape = if first == '"' { '\\' } else { '\'' };
            Some(if inner.contains(escape) {
                Node::Closed
            } else {
                Node::Quoted(inner)
            })
        }
        '[' | '{' => flow(text).then_some(Node::Closed),
        '|' | '>' => {
            let header = text[1..].trim_start_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
            plain_end(header).then_some(Node::Block)
        }
        '&' | '*' | '!' | '%' | '@' | '`' | ']' | '}' | ',' => None,
        '-' | '?' | ':' if matches!(text.as_bytes().get(1), None | Some(b' ' | b'\t')) => None,
        _ => {
            // A plain scalar ends at a comment.
            let bytes = text.as_bytes();
            let end = memchr_iter(b'#', bytes)
                .find(|&i| i > 0 && matches!(bytes[i - 1], b' ' | b'\t'))
                .unwrap_or(bytes.len());
            Some(Node::Plain(text[..end].trim_end_matches([' ', '\t'])))
        }
    }
}

/// The `id`, the byte offset of the `value` and the `quote` of a flow mapping closed on
/// its line, `{id: a, subject: s, value: 3}`; `None` unless every entry is a plain key, a
/// colon and a node, and the id a scalar without escapes.
fn flow_entries(text: &str) -> Option<(Option<&str>, Option<usize>, Quote<'_>)> {
    let bytes = text.as_bytes();
    let spaces = |mut i: usize| {
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let (mut id, mut value, mut quote) = (None, None, Quote::Absent);
    let mut i = spaces(1);
    while bytes.get(i) != Some(&b'}') {
        // The key: plain, up to a colon before a space or the end of the entry.
        if "\"'?[]{},&*!|>%@`#-:".contains(char::from(*bytes.get(i)?)) {
            return None;
        }
        let start = i;
        let colon = loop {
            match bytes.get(i)? {
                b',' | b'}' | b']' | b'{' | b'[' | b'#' => return None,
                b':' if matches!(bytes.get(i + 1), Some(b' ' | b'\t' | b',' | b'}')) => break i,
                _ => i += 1,
            }
        };
        let key = text[start..colon].trim_end_matches([' ', '\t']);
        // The node, up to the comma or brace after it.
        let at = spaces(colon + 1);
        let (end, scalar) = match *bytes.get(at)? {
            quote @ (b'"' | b'\'') => {
                let end = at + quoted_end(&bytes[at..], quote)? + 1;
                let inner = &text[at + 1..end - 1];
                // Without escapes (`\\` in double quotes, `''` in single ones).
                let plain = !inner.contains(if quote == b'"' { '\\' } else { '\'' });
                (end, plain.then_some(inner))
            }
            b'[' | b'{' => {
                let mut depth = 0usize;
                let mut j = at;
                loop {
                    match *bytes.get(j)? {
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        b'"' | b'\'' => return None,
                        _ => {}
                    }
                    j += 1;
                }
                (j + 1, None)
            }
            b',' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'#' => return None,
            _ => {
                let mut j = at;
                while let Some(&b) = bytes.get(j) {
                    let colon = b == b':' && matches!(bytes.get(j + 1), Some(b' ' | b'\t' | b',' | b'}'));
                    let comment = b == b'#' && matches!(bytes[j - 1], b' ' | b'\t');
                    if matches!(b, b',' | b'}' | b']' | b'{' | b'[') || colon || comment {
                        break;
                    }
                    j += 1;
                }
                (j, Some(text[at..j].trim_end_matches([' ', '\t'])))
            }
        };
        match key {
            "id" => id = Some(scalar?),
            "value" => value = Some(at),
            "quote" => quote = scalar.map_or(Quote::Unread, Quote::Text),
            _ => {}
        }
        i = spaces(end);
        match bytes.get(i)? {
            b',' => i = spaces(i + 1),
            b'}' => {}
            _ => return None,
        }
    }
    Some((id, value, quote))
}

/// Whether a flow collection closes on its line, with nothing but a comment after it.
/// Quotes inside count only where a scalar may start, after a bracket, comma or colon.
fn flow(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut scalar_may_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => {
                depth += 1;
                scalar_may_start = true;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return plain_end(&text[i + 1..]);
                }
                scalar_may_start = false;
            }
            b',' | b':' => scalar_may_start = true,
            b' ' | b'\t' => {}
            quote @ (b'"' | b'\'') if scalar_may_start => {
                let Some(close) = quoted_end(&bytes[i..], quote) else {
                    return false;
                };
                i += close;
                scalar_may_start = false;
            }
            b'#' if bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => return false,
            _ => scalar_may_start = false,
        }
        i += 1;
    }
    false
}

/// The offset of the quote closing a quoted scalar that starts `bytes`: the next `"`
/// not escaped by `\\`, or the next `'` not doubled.
fn quoted_end(bytes: &[u8], quote: u8) -> Option<usize> {
    let mut from = 1;
    loop {
        let i = from + memchr2(quote, b'\\', &bytes[from..])?;
        match bytes[i] {
            b'\\' if quote == b'"' => from = i + 2,
            b'\\' => from = i + 1,
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => from = i + 2,
            _ => return Some(i),
        }
        if from >= bytes.len() {
            return None;
        }
    }
}

/// Whether what follows a node on its line is only spaces and perhaps a comment.
fn plain_end(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches([' ', '\t']);
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// Whether `content` starts a block sequence item: `-` then a space or the end.
fn is_dash(content: &str) -> bool {
    content.starts_with('-') && matches!(content.as_bytes().get(1), None | Some(b' ' | b'\t'))
}

/// Whether `content` is the document marker `marker`, alone or before a space.
fn marker(content: &str, marker: &str) -> bool {
    content.starts_with(marker) && matches!(content.as_bytes().get(3), None | Some(b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::events;
    use super::*;

    fn placed(text: &str) -> Option<Vec<(&str, Position, Option<Position>)>> {
        Some(
            places(text)?
                .into_iter()
                .map(|(id, p, _)| (id, p.claim, p.value))
                .collect(),
        )
    }

    /// Whether the whole text is one well-formed YAML stream, so that the full parser's
    /// places are the truth to compare with.
    fn well_formed(text: &str) -> bool {
        saphyr_parser::Parser::new_from_str(text).all(|event| event.is_ok())
    }

    /// Wherever the line reading answers, it answers as the full parser does.
    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(quick) = places(text) {
            let quick: Vec<(String, Place)> =
                quick.into_iter().map(|(id, p, _)| (id.to_string(), p)).collect();
            prop_assert_eq!(quick, events::places(text), "{}", text);
        }
        Ok(())
    }

    /// A quote on its line is read from it, unescaped scalars only; a plain one that the
    /// next line continues, or any other, is left to the parser. A claim without one has
    /// none, and a flow mapping's quote is read as a block one is.
    #[test]
    fn quotes_on_their_line_are_read() {
        let text = "claims:
  - id: plain
    quote: talks resumed  # as printed
    value: 3
  - id: continued
    quote: talks
      resumed
    value: 3
  - id: last-plain
    quote: at the end
  - id: escaped
    quote: \"a \\\"b\\\"\"
  - id: doubled
    quote: 'it''s'
  - id: block
    quote: |
      text
  - id: none
    value: 3
  - {id: flow, quote: 'in a flow', value: 3}
  - {id: flow-escaped, quote: \"a\\tb\"}
";
        let quotes: Vec<(&str, Quote)> = places(text)
            .expect("the usual layout")
            .into_iter()
            .map(|(id, _, quote)| (id, quote))
            .collect();
        assert_eq!(
            quotes,
            [
                ("plain", Quote::Text("talks resumed")),
                ("continued", Quote::Unread),
                ("last-plain", Quote::Text("at the end")),
                ("escaped", Quote::Unread),
                ("doubled", Quote::Unread),
                ("block", Quote::Unread),
                ("none", Quote::Absent),
                ("flow", Quote::Text("in a flow")),
                ("flow-escaped", Quote::Unread),
            ]
        );
    }

    #[test]
    fn the_usual_layout_is_read() {
        let text = "# A source
---
source:
  id: agency
  title: \"Talks: a \\\"new\\\" round\"
  notes: |
    claims:
    - id: not-a-claim
claims:
  - id: first
    subject: talks
    value: 2009  # the year
  -   id: 'second'
      quote: >-
        - id: fake
        value: fake
      value:
        # the value follows
        \"July 14, 2009\"
  -
    id: third
    value: 3
    quote: |
      a block
  - subject: no-id
    value: 3
  - id: last
other: 1
";
        assert_eq!(
            placed(text),
            Some(vec![
                ("first", (10, 5), Some((12, 12))),
                ("second", (13, 7), Some((19, 9))),
                ("third", (21, 5), Some((22, 12))),
                ("last", (27, 5), None),
            ])
        );
        agrees(text).unwrap();
        // Claims in flow mappings, one per line.
        let text = "source: {id: s, published: 2023-06-04}
claims:
  - {id: toll, subject: crash, property: deaths, value: 261 people}  # stale
  - { id : \"é-1\", subject: Zürich, value: [1, 2], note: 'a, b' }
  - {subject: no-id, value: 3}
  - {id: no-value, note: \"}\"}
";
        assert_eq!(
            placed(text),
            Some(vec![
                ("toll", (3, 5), Some((3, 57))),
                ("é-1", (4, 5), Some((4, 43))),
                ("no-value", (6, 5), None),
            ])
        );
        agrees(text).unwrap();
        // Windows line ends, and a list at the key's own indentation.
        let text = "claims:\r\n- id: a\r\n  value: 1\r\n";
        assert_eq!(placed(text), Some(vec![("a", (2, 3), Some((3, 10)))]));
        agrees(text).unwrap();
    }

    /// Scalars and collections on one line, quoted, escaped, commented, and block scalars
    /// whose lines would mislead if read as keys: all read as the parser reads them.
    #[test]
    fn what_fits_on_a_line_is_read_whatever_it_holds() {
        let text = r#"ab: 1
source:
  title: "Talks \"resume\" # not a comment"
  note: 'it''s C:\'
  tags: [a, "b, c", 'd''e', {x: "]"}]  # a comment
  map: {a: 1, b: [2, 3]}
  a#b: not a comment
  two words: -3%
  list:
    - - x
    - |
      "not closed {
    - >+
      - id: fake
claims:
  - id: a
    quote: |2
        He said "no
      [ and left
    value: # follows
      "x"
  - id: b
    value: -3%
    note: 'a # b'
    two words: x
    said_by:
      - k: |
          "not closed
  - {id: c, note: 'it''s, "odd"', url: http://x.org/a, value: "x, y"}  # comment
  - {id: "d", value: [1, {e: 2}]}
  - {id: e, value: é}
"#;
        assert_eq!(
            placed(text),
            Some(vec![
                ("a", (16, 5), Some((21, 7))),
                ("b", (22, 5), Some((23, 12))),
                ("c", (29, 5), Some((29, 63))),
                ("d", (30, 5), Some((30, 22))),
                ("e", (31, 5), Some((31, 20))),
            ])
        );
        agrees(text).unwrap();
    }

    /// Each of these is valid YAML the line reading cannot vouch for.
    #[test]
    fn anything_else_is_left_to_the_parser() {
        for text in [
            "claims:\n  - {id: a, value: 1}\n  - {id: b, ? value}\n",
            "claims:\n  - {id: a, value: 1, note: {x: 'y'}}\n",
            "claims:\n  - {id: 'it''s', value: 1}\n",
            "claims:\n  - id: a\n    quote: \"over\n      two lines\"\n",
            "claims:\n  - id: a\n    quote: 'over\n      two lines'\n",
            "claims:\n  - id: a\n    value: &v 3\n",
            "claims:\n  - id: a\n    value: |\n      3\n",
            "claims:\n  - id: a\n    value: !!str 3\n",
            "claims:\n  - id: a\n    value: [1,\n      2]\n",
            "claims:\n  - id: two\n      words\n",
            "claims:\n  - id: a\n    value:\n  - id: b\n",
            "claims:\n  - id: a\n    value:\n    - 1\n",
            "claims:\n  - - id: a\n",
            "claims:\n  -\tid: a\n",
            "claims:\r  - id: a\r",
            "source: {id: s,\n  kind: wire}\nclaims:\n  - id: a\n",
            "claims: []\n",
            "%YAML 1.2\n---\nclaims:\n  - id: a\n",
            "---\nclaims: []\n---\nclaims:\n  - id: a\n",
            "\"claims\":\n  - id: a\n",
            "claims:\n  - id: \"a\\u0062\"\n",
            "claims:\n  - ? id\n    : a\n",
            "---\nsource: {id: s}\n---\nclaims:\n  - id: a\n",
            "claims:\n  - id: a\n...\n",
            "claims:\n  x: 1\n",
            "claims:\n  aid: x\n",
            "source:\n  a:\n    - \"over\n      lines\"\nclaims:\n  - id: a\n",
            "--- {claims: [{id: a}]}\n",
            "claims:\n  - {id: a, b, value: 1}\n",
            "claims:\n  - {id: a}\n  # …\n  - {id: b,\n     value: 1}\n",
            // An empty `value` at the end of the file.
            "claims:\n   - id: a\n     value: # c\n",
            "claims:\n  - id: a\n    value:\n",
        ] {
            assert!(well_formed(text), "{text}");
            assert_eq!(placed(text), None, "{text}");
        }
    }

    /// Every shipped case and fixture is read as the full parser reads it, and nearly all
    /// are read quickly.
    #[test]
    fn the_shipped_files_agree_with_the_parser() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![root.join("claims"), root.join("tests/fixtures")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        let (mut with_claims, mut quick) = (0, 0);
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            if well_formed(&text) {
                agrees(&text).unwrap();
            }
            if !events::places(&text).is_empty() {
                with_claims += 1;
                quick += usize::from(places(&text).is_some());
            }
        }
        // Left to the parser: an anchor (the fixture of resource limits), a second document
        // and a syntax error (two invalid fixtures).
        assert_eq!((with_claims - quick, with_claims > 70), (3, true));
    }

    /// Lines a claim file may hold, tricky ones included; the generated files mix them at
    /// several indentations.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("id: a".to_string()),
            Just("id: b # note".to_string()),
            Just("id: 'c'".to_string()),
            Just("id: \"d\"".to_string()),
            Just("id:".to_string()),
            Just("value: 3".to_string()),
            Just("value: \"x: \\\"y\\\"\"".to_string()),
            Just("value: 'it''s'".to_string()),
            Just("value:".to_string()),
            Just("value: |".to_string()),
            Just("value: [1, \"2]\"]".to_string()),
            Just("value: {a: 1}".to_string()),
            Just("value: &x 1".to_string()),
            Just("quote: \"open".to_string()),
            Just("close\"".to_string()),
            Just("quote: >-".to_string()),
            Just("- id: fake".to_string()),
            Just("- {id: e, value: 1}".to_string()),
            Just("- { id : 'f', note: \"a, b}\", value: [1, {x: 2}] }".to_string()),
            Just("- {value: é, id: g}  # note".to_string()),
            Just("- {id: h,".to_string()),
            Just("- {id: j, k, value: 1}".to_string()),
            Just("- |".to_string()),
            Just("- - |".to_string()),
            Just("value: # c".to_string()),
            Just("'q''q': 1".to_string()),
            Just("x: \"a\\\\\" # c".to_string()),
            Just("...".to_string()),
            Just("- {id: \"i\\\"\", value: 1}".to_string()),
            Just("-".to_string()),
            Just("- - x".to_string()),
            Just("claims:".to_string()),
            Just("# comment".to_string()),
            Just("---".to_string()),
            Just(String::new()),
            Just("plain words".to_string()),
            Just("\tvalue: 1".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn generated_files_agree_with_the_parser(
            lines in proptest::collection::vec((0usize..7, line()), 1..14),
            crlf in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("source:{end}  id: s{end}claims:{end}");
            for (indent, line) in &lines {
                text.push_str(&" ".repeat(*indent));
                text.push_str(line);
                text.push_str(end);
            }
            if well_formed(&text) {
                agrees(&text)?;
            }
        }
    }
}
