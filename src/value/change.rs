//! How a figure changed, as a relation states it — `up 12%`, `down 3%`, `+12%`, `12%
//! higher`, `rose 206%`, `more than doubled`, `tripled`, `threefold`, `3x`, `nearly 6x`,
//! `halved` — as the ratio new ÷ old it allows.
//!
//! A percentage keeps its stated precision (`up 12%` is a rise of 11.5% to 12.5%); a
//! multiplier figure too (`3x` is 2.5 to 3.5 times); a verb (`tripled`) reads like
//! `about` (± the tolerance).

use super::interval::Interval;
use super::number::{self, strip_word_prefix, tidy};
use super::unit;

/// A stated change as ratios of the new value to the old.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// Every ratio the text allows.
    pub interval: Interval,
    /// The ratio exactly as printed.
    pub printed: Interval,
    /// Written as a percentage change (`up 12%`), so shown as one.
    pub percent: bool,
}

/// Words before a percentage that say which way it went.
const UP: [&str; 16] = [
    "up",
    "rose",
    "risen",
    "rise",
    "rising",
    "increased",
    "increase",
    "grew",
    "grown",
    "gained",
    "jumped",
    "climbed",
    "surged",
    "soared",
    "higher",
    "an increase of",
];
const DOWN: [&str; 14] = [
    "down",
    "fell",
    "fallen",
    "fall",
    "falling",
    "decreased",
    "decrease",
    "declined",
    "dropped",
    "lost",
    "slid",
    "shrank",
    "lower",
    "a decrease of",
];
/// Words after a percentage that say which way it went: `12% higher`.
const UP_AFTER: [&str; 7] = ["higher", "more", "up", "increase", "rise", "gain", "jump"];
const DOWN_AFTER: [&str; 7] = ["lower", "less", "down", "decrease", "fall", "drop", "decline"];

/// Verbs of multiplying, and the multiplier they stand for.
const VERBS: [(&str, f64); 6] = [
    ("doubled", 2.0),
    ("tripled", 3.0),
    ("trebled", 3.0),
    ("quadrupled", 4.0),
    ("quintupled", 5.0),
    ("halved", 0.5),
];

/// Qualifiers that may come before a verb or multiplier: `more than doubled`.
const QUALIFIERS: [&str; 16] = [
    "more than",
    "over",
    "less than",
    "under",
    "at least",
    "at most",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "just over",
    "just under",
    "some",
    "close to",
];

/// Parses a stated change; `tolerance` is the relative width of `about` and of verbs.
pub fn parse(text: &str, tolerance: f64) -> Option<Change> {
    let text = tidy(text);
    percentage(&text, tolerance).or_else(|| multiplier(&text, tolerance))
}

/// `up 12%`, `rose by 206%`, `+12%`, `-3%`, `12% higher`, `down about 3 percent`.
fn percentage(text: &str, tolerance: f64) -> Option<Change> {
    let (sign, rest) = if let Some(rest) = strip_word_prefix(text, &UP) {
        (1.0, rest)
    } else if let Some(rest) = strip_word_prefix(text, &DOWN) {
        (-1.0, rest)
    } else if let Some((rest, word)) = text.rsplit_once(' ') {
        if UP_AFTER.contains(&word) {
            (1.0, rest)
        } else if DOWN_AFTER.contains(&word) {
            (-1.0, rest)
        } else {
            (0.0, text)
        }
    } else {
        (0.0, text)
    };
    let rest = strip_word_prefix(rest, &["by"]).unwrap_or(rest);
    let bare = unit::strip(rest, Some("percent"), &[]).ok()?;
    if bare == tidy(rest) {
        return None; // no percent sign or word: not a percentage
    }
    let signed = bare.starts_with(['+', '-']);
    if sign == 0.0 && !signed {
        return None; // `12%` alone says no direction
    }
    if sign != 0.0 && signed {
        return None; // `up -3%` contradicts itself
    }
    let number = number::parse(&bare, tolerance)?;
    let to_ratio = |i: Interval| {
        let i = if sign < 0.0 { i.negate() } else { i };
        i.scale(0.01).shift(1.0)
    };
    Some(Change {
        interval: to_ratio(number.interval),
        printed: to_ratio(number.printed),
        percent: true,
    })
}

/// `doubled`, `more than doubled`, `threefold`, `three times`, `3x`, `nearly 6x`, `halved`.
fn multiplier(text: &str, tolerance: f64) -> Option<Change> {
    let (qualifier, rest) = QUALIFIERS
        .iter()
        .find_map(|q| strip_word_prefix(text, &[q]).map(|rest| (Some(*q), rest)))
        .unwrap_or((None, text));
    let rest = strip_word_prefix(rest, &["by", "a"]).unwrap_or(rest);
    let (figure, verb) = if let Some((_, m)) = VERBS.iter().find(|(w, _)| *w == rest) {
        (format!("{m}"), true)
    } else {
        let figure = rest
            .strip_suffix("-fold")
            .or_else(|| rest.strip_suffix("fold"))
            .or_else(|| rest.strip_suffix(" times"))
            .or_else(|| rest.strip_suffix(" times over"))
            .or_else(|| rest.strip_suffix('x'))
            .or_else(|| rest.strip_suffix('×'))?;
        (figure.trim().to_string(), false)
    };
    let written = match qualifier {
        Some(q) => format!("{q} {figure}"),
        // A bare verb is approximate; a bare figure keeps its printed precision.
        None if verb => format!("about {figure}"),
        None => figure,
    };
    let number = number::parse(&written, tolerance)?;
    // A multiplier is never below zero: `up to 3x` is 0 to 3 times; `-3x` is no multiplier.
    let positive = Interval::at_least(0.0, true);
    Some(Change {
        interval: number.interval.intersect(&positive)?,
        printed: number.printed.intersect(&positive)?,
        percent: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(text: &str) -> Change {
        parse(text, 0.1).unwrap_or_else(|| panic!("{text} should parse"))
    }

    fn ratio(text: &str) -> Interval {
        change(text).interval
    }

    #[test]
    fn percentages_up_and_down() {
        let up = Interval::half_open(1.115, 1.125);
        for text in [
            "up 12%",
            "+12%",
            "12% higher",
            "rose 12%",
            "increased by 12%",
            "up 12 percent",
            "grew 12 per cent",
        ] {
            assert_eq!(ratio(text), up, "{text}");
            assert_eq!(change(text).printed, Interval::point(1.12), "{text}");
            assert!(change(text).percent, "{text}");
        }
        let down = Interval {
            lo: Interval::point(0.965).lo,
            hi: Interval::half_open(0.0, 0.975).hi,
        };
        let mut expected = down;
        expected.lo.closed = false;
        expected.hi.closed = true;
        for text in ["down 3%", "3% lower", "fell 3%", "declined by 3%"] {
            assert_eq!(ratio(text), expected, "{text}");
        }
        // A signed figure rounds like any other: -3.5 ≤ x < -2.5.
        assert_eq!(ratio("-3%"), Interval::half_open(0.965, 0.975));
        assert_eq!(ratio("rose 206%"), Interval::half_open(3.055, 3.065));
        assert_eq!(ratio("up more than 200%"), Interval::at_least(3.0, false));
        assert_eq!(ratio("up about 10%"), Interval::closed(1.09, 1.11));
    }

    #[test]
    fn multipliers() {
        assert_eq!(ratio("doubled"), Interval::closed(1.8, 2.2));
        assert_eq!(ratio("more than doubled"), Interval::at_least(2.0, false));
        assert_eq!(ratio("nearly tripled"), Interval::closed(2.7, 3.0));
        assert_eq!(ratio("tripled"), Interval::closed(2.7, 3.3));
        assert_eq!(ratio("halved"), Interval::closed(0.45, 0.55));
        assert_eq!(ratio("threefold"), Interval::half_open(2.5, 3.5));
        assert_eq!(ratio("three-fold"), Interval::half_open(2.5, 3.5));
        assert_eq!(ratio("three times"), Interval::half_open(2.5, 3.5));
        assert_eq!(ratio("3x"), Interval::half_open(2.5, 3.5));
        assert_eq!(ratio("nearly 6x"), Interval::closed(5.4, 6.0));
        assert_eq!(ratio("2.5x"), Interval::half_open(2.45, 2.55));
        assert!(!change("3x").percent);
        assert_eq!(ratio("up to 3x"), Interval::closed(0.0, 3.0));
        assert_eq!(ratio("less than 2 times"), Interval::half_open(0.0, 2.0));
        assert_eq!(ratio("0x"), Interval::half_open(0.0, 0.5));
    }

    #[test]
    fn not_changes() {
        for text in ["12%", "12", "up", "up -3%", "doubles", "many times", "x", "-3x"] {
            assert_eq!(parse(text, 0.1), None, "{text}");
        }
    }
}
