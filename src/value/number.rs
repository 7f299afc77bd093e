//! Numbers as articles write them: `24,727`, `2½`, `two million`, `first`, `dozens`,
//! and the qualifiers around them (`at least`, `about`, `between … and …`).

use super::interval::Interval;

/// How a number was qualified, which decides its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Qualifier {
    /// A bare number: exact, or for durations ±10%.
    Exact,
    /// `about`, `around`, `approximately`, `roughly`: ± the tolerance.
    About,
    /// Any other qualifier or a vague count (`dozens`): the interval is already stated.
    Stated,
}

/// A parsed quantity before units and tolerances are applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub interval: Interval,
    pub qualifier: Qualifier,
}

const UNITS: [(&str, f64); 20] = [
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

const TENS: [(&str, f64); 8] = [
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const ORDINALS: [(&str, f64); 20] = [
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twentieth", 20.0),
];

const SCALES: [(&str, f64); 5] = [
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Vague counts, longest phrase first so `tens of thousands` wins over `thousands`.
const VAGUE: [(&str, f64, f64); 7] = [
    ("hundreds of thousands", 100_000.0, 999_999.0),
    ("tens of thousands", 10_000.0, 99_999.0),
    ("dozens", 12.0, 143.0),
    ("hundreds", 100.0, 999.0),
    ("thousands", 1_000.0, 9_999.0),
    ("millions", 1_000_000.0, 999_999_999.0),
    ("billions", 1e9, 999_999_999_999.0),
];

fn lookup(table: &[(&str, f64)], word: &str) -> Option<f64> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Lowercases, trims and collapses whitespace; keeps everything else.
pub fn tidy(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Digits with optional thousands commas, a decimal part and a vulgar fraction: `24,727`, `2½`.
fn numeral(word: &str) -> Option<f64> {
    let (digits, fraction) = match word.char_indices().last() {
        Some((i, '½')) => (&word[..i], 0.5),
        Some((i, '¼')) => (&word[..i], 0.25),
        Some((i, '¾')) => (&word[..i], 0.75),
        _ => (word, 0.0),
    };
    if digits.is_empty() {
        return (fraction > 0.0).then_some(fraction);
    }
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, digits),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if digits.contains(',') {
        // Thousands separators must sit between groups of three digits.
        let int_part = digits.split('.').next().unwrap_or(digits);
        let groups: Vec<&str> = int_part.split(',').collect();
        let well_formed =
            groups[0].len() <= 3 && !groups[0].is_empty() && groups[1..].iter().all(|g| g.len() == 3);
        if !well_formed {
            return None;
        }
    }
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    if !plain.chars().all(|c| c.is_ascii_digit() || c == '.') || too_precise(&plain) {
        return None;
    }
    plain.parse::<f64>().ok().map(|v| sign * (v + fraction))
}

/// The most significant digits a figure may have: beyond 15 a 64-bit float no longer
/// holds every such number exactly, so two figures could compare equal that differ.
pub(super) const MAX_DIGITS: usize = 15;

/// Whether a plain figure (`123456789012345678`, `0.0000001234`) has more significant
/// digits than can be compared exactly; leading and trailing zeros do not count.
pub(super) fn too_precise(plain: &str) -> bool {
    significant_digits(plain) > MAX_DIGITS
}

/// The digits of a plain figure but its leading and trailing zeros.
pub(super) fn significant_digits(plain: &str) -> usize {
    plain
        .trim_matches(|c| c == '0' || c == '.')
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

/// `1st`, `2nd`, `23rd`, `4th`, or a spelled ordinal.
fn ordinal(word: &str) -> Option<f64> {
    if let Some(v) = lookup(&ORDINALS, word) {
        return Some(v);
    }
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<f64>().ok()
}

/// Spelled numbers: `two`, `twenty-five`, `a hundred`, `two million`, `1.5 million`, `half`.
fn cardinal(words: &[&str]) -> Option<f64> {
    if words.is_empty() {
        return None;
    }
    if words.len() == 1 {
        if let Some(v) = ordinal(words[0]) {
            return Some(v);
        }
    }
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    for (i, word) in words.iter().enumerate() {
        if let Some(scale) = lookup(&SCALES, word) {
            let base = current.unwrap_or(if i == 0 { return None } else { 1.0 });
            if scale == 100.0 {
                current = Some(base * scale);
            } else {
                total += base * scale;
                current = Some(0.0);
            }
            continue;
        }
        // `and` joins parts; `a` is one only where it starts a number (`a hundred`),
        // not after one (`half a million`, `one and a half`).
        if matches!(*word, "and" | "a" | "an") && current.is_some() {
            continue;
        }
        let value = if let Some(v) = numeral(word) {
            v
        } else if matches!(*word, "a" | "an") {
            1.0
        } else if *word == "half" {
            0.5
        } else if *word == "dozen" {
            current = Some(current.unwrap_or(1.0) * 12.0);
            continue;
        } else if let Some((tens, unit)) = word.split_once('-') {
            lookup(&TENS, tens)? + lookup(&UNITS, unit)?
        } else {
            lookup(&UNITS, word).or_else(|| lookup(&TENS, word))?
        };
        current = Some(current.unwrap_or(0.0) + value);
    }
    Some(total + current.unwrap_or(0.0))
}

/// A single count: a cardinal, an ordinal or a vague count.
fn count(text: &str) -> Option<(Interval, bool)> {
    let text = text.trim();
    if let Some((_, lo, hi)) = VAGUE.iter().find(|(phrase, _, _)| *phrase == text) {
        return Some((Interval::closed(*lo, *hi), true));
    }
    // Counts of occurrences: `held twice in 2010`.
    if let Some(v) = lookup(&[("once", 1.0), ("twice", 2.0), ("thrice", 3.0)], text) {
        return Some((Interval::point(v), false));
    }
    let words: Vec<&str> = text.split(' ').collect();
    cardinal(&words).map(|v| (Interval::point(v), false))
}

/// Strips one of `prefixes` (followed by a space) from the start of `text`.
pub fn strip_word_prefix<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p).and_then(|rest| rest.strip_prefix(' ')))
}

/// A quantity with its qualifiers; `tolerance` is the relative width of `about`.
pub fn parse(text: &str, tolerance: f64) -> Option<Number> {
    let text = tidy(text);
    if let Some(rest) = strip_word_prefix(
        &text,
        &[
            "about",
            "around",
            "approximately",
            "roughly",
            "some",
            "an estimated",
            "approx.",
        ],
    ) {
        let inner = parse_range_or_count(rest)?;
        return Some(Number {
            interval: inner.widen(tolerance),
            qualifier: Qualifier::About,
        });
    }
    if let Some(rest) = strip_word_prefix(&text, &["nearly", "almost", "close to", "just under"]) {
        let (inner, _) = count(rest)?;
        let v = inner.hi.value;
        return Some(stated(Interval::closed(0.9 * v, v)));
    }
    if let Some(rest) = strip_word_prefix(
        &text,
        &["at least", "no less than", "no fewer than", "a minimum of"],
    ) {
        return Some(stated(Interval::at_least(count(rest)?.0.lo.value, true)));
    }
    if let Some(rest) = strip_word_prefix(
        &text,
        &[
            "more than",
            "over",
            "greater than",
            "upwards of",
            "above",
            "in excess of",
        ],
    ) {
        return Some(stated(Interval::at_least(count(rest)?.0.lo.value, false)));
    }
    if let Some(rest) = strip_word_prefix(&text, &["at most", "up to", "no more than", "a maximum of"]) {
        return Some(stated(Interval::at_most(count(rest)?.0.hi.value, true)));
    }
    if let Some(rest) = strip_word_prefix(&text, &["fewer than", "less than", "under", "below"]) {
        return Some(stated(Interval::at_most(count(rest)?.0.hi.value, false)));
    }
    let is_range = text.starts_with("between ") || text.contains(" to ");
    let interval = parse_range_or_count(&text)?;
    let vague = !is_range && count(&text).is_some_and(|(_, vague)| vague);
    Some(Number {
        interval,
        qualifier: if is_range || vague {
            Qualifier::Stated
        } else {
            Qualifier::Exact
        },
    })
}

fn stated(interval: Interval) -> Number {
    Number {
        interval,
        qualifier: Qualifier::Stated,
    }
}

/// `between 10 and 20`, `10 to 20`, or a single count.
fn parse_range_or_count(text: &str) -> Option<Interval> {
    let pair = if let Some(rest) = text.strip_prefix("between ") {
        rest.split_once(" and ")
    } else {
        text.split_once(" to ")
    };
    match pair {
        Some((a, b)) => {
            let (a, _) = count(a)?;
            let (b, _) = count(b)?;
            (a.lo.value <= b.hi.value).then(|| Interval::closed(a.lo.value, b.hi.value))
        }
        None => count(text).map(|(i, _)| i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Interval {
        parse(text, 0.1)
            .unwrap_or_else(|| panic!("{text} should parse"))
            .interval
    }

    #[test]
    fn numerals() {
        assert_eq!(value("24727"), Interval::point(24727.0));
        assert_eq!(value("24,727"), Interval::point(24727.0));
        assert_eq!(value("2.5"), Interval::point(2.5));
        assert_eq!(value("2½"), Interval::point(2.5));
        assert!(parse("24,72", 0.1).is_none());
    }

    #[test]
    fn number_words_and_scales() {
        assert_eq!(value("two"), Interval::point(2.0));
        assert_eq!(value("twenty"), Interval::point(20.0));
        assert_eq!(value("twenty-five"), Interval::point(25.0));
        assert_eq!(value("2 million"), Interval::point(2e6));
        assert_eq!(value("two million"), Interval::point(2e6));
        assert_eq!(value("1.5 million"), Interval::point(1.5e6));
        assert_eq!(value("three hundred thousand"), Interval::point(300_000.0));
        assert_eq!(value("a dozen"), Interval::point(12.0));
        assert_eq!(value("twice"), Interval::point(2.0));
    }

    #[test]
    fn ordinals() {
        assert_eq!(value("first"), Interval::point(1.0));
        assert_eq!(value("tenth"), Interval::point(10.0));
        assert_eq!(value("2nd"), Interval::point(2.0));
        assert_eq!(value("3rd"), Interval::point(3.0));
        assert_eq!(value("14th"), Interval::point(14.0));
        for not_ordinal in ["1.5th", "-2nd", "+3rd", "th", "x1st"] {
            assert!(parse(not_ordinal, 0.1).is_none(), "{not_ordinal}");
        }
    }

    #[test]
    fn qualifiers() {
        assert_eq!(value("at least 20,000"), Interval::at_least(20_000.0, true));
        assert_eq!(value("more than 30,000"), Interval::at_least(30_000.0, false));
        assert_eq!(value("over 30,000"), Interval::at_least(30_000.0, false));
        assert_eq!(value("at most 5"), Interval::at_most(5.0, true));
        assert_eq!(value("up to 5"), Interval::at_most(5.0, true));
        assert_eq!(value("fewer than 10"), Interval::at_most(10.0, false));
        assert_eq!(value("less than 0"), Interval::at_most(0.0, false));
        assert_eq!(value("about 1,500"), Interval::closed(1350.0, 1650.0));
        assert_eq!(value("nearly 2 million"), Interval::closed(1.8e6, 2e6));
        assert_eq!(value("almost 10"), Interval::closed(9.0, 10.0));
    }

    #[test]
    fn ranges_are_inclusive() {
        assert_eq!(value("between 10 and 20"), Interval::closed(10.0, 20.0));
        assert_eq!(value("10 to 20"), Interval::closed(10.0, 20.0));
        assert_eq!(value("around 46 to 48"), Interval::closed(41.4, 52.8));
        assert!(parse("20 to 10", 0.1).is_none());
    }

    #[test]
    fn vague_counts() {
        assert_eq!(value("dozens"), Interval::closed(12.0, 143.0));
        assert_eq!(value("hundreds"), Interval::closed(100.0, 999.0));
        assert_eq!(value("thousands"), Interval::closed(1_000.0, 9_999.0));
        assert_eq!(value("tens of thousands"), Interval::closed(10_000.0, 99_999.0));
        assert_eq!(
            value("hundreds of thousands"),
            Interval::closed(100_000.0, 999_999.0)
        );
        assert_eq!(value("millions"), Interval::closed(1e6, 999_999_999.0));
        assert_eq!(value("billions"), Interval::closed(1e9, 999_999_999_999.0));
    }

    #[test]
    fn qualifier_kinds() {
        assert_eq!(parse("20", 0.1).map(|n| n.qualifier), Some(Qualifier::Exact));
        assert_eq!(
            parse("about 20", 0.1).map(|n| n.qualifier),
            Some(Qualifier::About)
        );
        assert_eq!(parse("dozens", 0.1).map(|n| n.qualifier), Some(Qualifier::Stated));
    }

    #[test]
    fn vulgar_fractions_and_signs() {
        assert_eq!(value("2¼"), Interval::point(2.25));
        assert_eq!(value("2¾"), Interval::point(2.75));
        assert_eq!(value("½"), Interval::point(0.5));
        assert_eq!(value("¼"), Interval::point(0.25));
        assert_eq!(value("-5"), Interval::point(-5.0));
        assert_eq!(value("-2½"), Interval::point(-2.5));
        assert_eq!(value("-1,500"), Interval::point(-1500.0));
        assert_eq!(value("less than -3"), Interval::at_most(-3.0, false));
        assert_eq!(value("between -5 and 5"), Interval::closed(-5.0, 5.0));
        assert!(parse("-", 0.1).is_none());
        assert!(parse("--5", 0.1).is_none());
        assert!(parse("2½½", 0.1).is_none());
        assert!(parse("x½", 0.1).is_none());
    }

    #[test]
    fn thousands_commas_sit_between_groups_of_three() {
        assert_eq!(value("1,000,000"), Interval::point(1e6));
        assert_eq!(value("999,999.5"), Interval::point(999_999.5));
        for bad in [",100", "1,00", "1000,000", "1,0000", "12,34,567", "1.2.3"] {
            assert!(parse(bad, 0.1).is_none(), "{bad}");
        }
    }

    #[test]
    fn qualifiers_of_ranges_and_their_ends() {
        // `about` widens a range at both ends; other qualifiers take one end of a count.
        assert_eq!(value("about 10 to 20"), Interval::closed(9.0, 22.0));
        assert_eq!(value("roughly between 10 and 20"), Interval::closed(9.0, 22.0));
        assert_eq!(value("some 40"), Interval::closed(36.0, 44.0));
        assert_eq!(value("at least dozens"), Interval::at_least(12.0, true));
        assert_eq!(value("more than hundreds"), Interval::at_least(100.0, false));
        assert_eq!(value("up to thousands"), Interval::at_most(9_999.0, true));
        assert_eq!(value("fewer than dozens"), Interval::at_most(143.0, false));
        assert_eq!(value("nearly thousands"), Interval::closed(8_999.1, 9_999.0));
        assert_eq!(value("no fewer than 5"), Interval::at_least(5.0, true));
        assert_eq!(value("no more than 5"), Interval::at_most(5.0, true));
        assert_eq!(value("upwards of 5"), Interval::at_least(5.0, false));
        assert_eq!(value("under 5"), Interval::at_most(5.0, false));
        assert_eq!(value("just under 10"), Interval::closed(9.0, 10.0));
        assert_eq!(value("10 to 10"), Interval::point(10.0));
        assert!(parse("between 20 and 10", 0.1).is_none());
        assert!(parse("at least 10 to 20", 0.1).is_none());
        // A range is stated, not exact.
        assert_eq!(
            parse("10 to 20", 0.1).map(|n| n.qualifier),
            Some(Qualifier::Stated)
        );
        assert_eq!(
            parse("more than 5", 0.1).map(|n| n.qualifier),
            Some(Qualifier::Stated)
        );
    }

    #[test]
    fn spelled_numbers_with_scales() {
        assert_eq!(value("a hundred"), Interval::point(100.0));
        assert_eq!(value("one hundred and five"), Interval::point(105.0));
        assert_eq!(value("two thousand three hundred"), Interval::point(2_300.0));
        // Found by these tests: `half a million` was read as 1.5 million.
        assert_eq!(value("half a million"), Interval::point(500_000.0));
        assert_eq!(value("one and a half"), Interval::point(1.5));
        assert_eq!(value("two and a half million"), Interval::point(2.5e6));
        assert_eq!(value("two dozen"), Interval::point(24.0));
        assert_eq!(value("ninety-nine"), Interval::point(99.0));
        assert_eq!(value("thrice"), Interval::point(3.0));
        assert_eq!(value("once"), Interval::point(1.0));
        assert_eq!(value("twentieth"), Interval::point(20.0));
        assert_eq!(value("21st"), Interval::point(21.0));
        assert!(parse("million", 0.1).is_none());
        assert!(parse("twenty-apple", 0.1).is_none());
        assert!(parse("th", 0.1).is_none());
        assert!(parse("1x1st", 0.1).is_none());
    }

    #[test]
    fn figures_beyond_exact_comparison_are_refused() {
        assert_eq!(value("123456789012345"), Interval::point(123_456_789_012_345.0));
        assert_eq!(value("1,000,000,000,000,000,000,000"), Interval::point(1e21));
        assert_eq!(value("0.000000000000000000123"), Interval::point(1.23e-19));
        for huge in [
            "1234567890123456".to_string(),
            "123456789012345678901234567890".to_string(),
            "9".repeat(400),
            format!("0.{}", "1".repeat(20)),
        ] {
            assert!(parse(&huge, 0.1).is_none(), "{huge}");
            assert!(too_precise(&huge), "{huge}");
        }
    }

    #[test]
    fn rejects_words_that_are_not_numbers() {
        assert!(parse("many", 0.1).is_none());
        assert!(parse("two apples", 0.1).is_none());
        assert!(parse("", 0.1).is_none());
    }
}
