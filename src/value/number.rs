//! Numbers as articles write them: `24,727`, `3.8 billion`, `₹10 lakh` (once the unit is
//! gone), `2½`, `two million`, `first`, `dozens`, `a third`, and the qualifiers around them
//! (`at least`, `about`, `between … and …`, `10-12`, `30-something`).
//!
//! A bare figure stands for every value that rounds to it at its written precision
//! (`3.8 billion` is 3.75 ≤ x < 3.85 billion); [`Number::printed`] keeps the figure
//! exactly as printed, which relations use to tell a rounding from an error.

use super::interval::Interval;

/// How a number was qualified, which decides its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Qualifier {
    /// A bare figure: the values that round to it (durations: ± the tolerance).
    Bare,
    /// `about`, `around`, `approximately`, `roughly`, a dozen, a spelled fraction:
    /// ± the tolerance.
    About,
    /// Any other qualifier, a range or a vague count (`dozens`): the interval is stated.
    Stated,
}

/// A parsed quantity before units are applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// Every value the text allows: a bare figure's rounding interval, or what the
    /// qualifier states.
    pub interval: Interval,
    /// The figure exactly as printed: a point for a bare figure, else [`Number::interval`].
    pub printed: Interval,
    pub qualifier: Qualifier,
    /// Written as a fraction (`a third`, `three in ten`), so a percentage is 100 times it.
    pub fraction: bool,
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

/// Scale words and their abbreviations, for every quantity: `3.8 billion`, `18.12bn`,
/// `€5m`, `10k`, `57.4 lakh` (10⁵), `1.95 crore` (10⁷).
pub(super) const SCALES: [(&str, f64); 23] = [
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("k", 1e3),
    ("lakh", 1e5),
    ("lakhs", 1e5),
    ("lac", 1e5),
    ("lacs", 1e5),
    ("million", 1e6),
    ("millions", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("m", 1e6),
    ("crore", 1e7),
    ("crores", 1e7),
    ("cr", 1e7),
    ("billion", 1e9),
    ("billions", 1e9),
    ("bn", 1e9),
    ("b", 1e9),
    ("trillion", 1e12),
    ("trillions", 1e12),
    ("tn", 1e12),
    ("trn", 1e12),
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

/// Denominators of spelled fractions: `a third`, `two-fifths`, `three quarters`.
const DENOMINATORS: [(&str, f64); 17] = [
    ("half", 2.0),
    ("halves", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fourth", 4.0),
    ("fourths", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("sixth", 6.0),
    ("sixths", 6.0),
    ("eighth", 8.0),
    ("eighths", 8.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
    ("hundredth", 100.0),
];

/// Words that make a number approximate: ± the tolerance.
const ABOUT: [&str; 11] = [
    "about",
    "around",
    "approximately",
    "approx.",
    "approx",
    "roughly",
    "some",
    "an estimated",
    "estimated",
    "circa",
    "c.",
];

fn lookup(table: &[(&str, f64)], word: &str) -> Option<f64> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// The size of a scale word or abbreviation.
pub(super) fn scale_of(word: &str) -> Option<f64> {
    lookup(&SCALES, word)
}

/// Lowercases, trims and collapses whitespace; keeps everything else.
pub fn tidy(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A figure and the size of a unit of its last written digit (`3.80` → 0.01), or 0 when
/// it is exact (`2½`, an ordinal).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figure {
    value: f64,
    step: f64,
}

impl Figure {
    /// Every value that rounds to the figure: from half a step below (inclusive) to half
    /// a step above (exclusive), so adjacent roundings never meet.
    fn rounding(self) -> Interval {
        if self.step == 0.0 {
            return Interval::point(self.value);
        }
        Interval::half_open(self.value - self.step / 2.0, self.value + self.step / 2.0)
    }

    fn scaled(self, scale: f64) -> Figure {
        Figure {
            value: self.value * scale,
            step: self.step * scale,
        }
    }
}

/// Digits with optional thousands commas, a sign, a decimal part and a vulgar fraction:
/// `24,727`, `+81.5`, `2½`.
fn numeral(word: &str) -> Option<Figure> {
    let (digits, fraction) = match word.char_indices().last() {
        Some((i, '½')) => (&word[..i], 0.5),
        Some((i, '¼')) => (&word[..i], 0.25),
        Some((i, '¾')) => (&word[..i], 0.75),
        _ => (word, 0.0),
    };
    if digits.is_empty() {
        return (fraction > 0.0).then_some(Figure {
            value: fraction,
            step: 0.0,
        });
    }
    let (sign, digits) = match (digits.strip_prefix('-'), digits.strip_prefix('+')) {
        (Some(rest), _) => (-1.0, rest),
        (_, Some(rest)) => (1.0, rest),
        _ => (1.0, digits),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, decimals) = match digits.split_once('.') {
        Some((int_part, decimals)) => (int_part, Some(decimals)),
        None => (digits, None),
    };
    if int_part.contains(',') {
        // Thousands separators must sit between groups of three digits.
        let groups: Vec<&str> = int_part.split(',').collect();
        let well_formed =
            groups[0].len() <= 3 && !groups[0].is_empty() && groups[1..].iter().all(|g| g.len() == 3);
        if !well_formed {
            return None;
        }
    }
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    let decimals_ok = decimals.is_none_or(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if !decimals_ok || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') || too_precise(&plain) {
        return None;
    }
    let value = plain.parse::<f64>().ok()?;
    // A vulgar fraction is exact; otherwise the last written digit sets the precision.
    let step = match (fraction > 0.0, decimals) {
        (true, _) => 0.0,
        (false, Some(d)) => 10f64.powi(-(d.len() as i32)),
        (false, None) => 1.0,
    };
    Some(Figure {
        value: sign * (value + fraction),
        step,
    })
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

/// A figure with a scale abbreviation attached: `18.12bn`, `5m`, `10k`, `2cr`.
fn attached_scale(word: &str) -> Option<(Figure, f64)> {
    let split = word.find(|c: char| c.is_alphabetic())?;
    let (figure, scale) = word.split_at(split);
    Some((numeral(figure)?, scale_of(scale)?))
}

/// A spelled number: `two`, `twenty-five`, `a hundred`, `two million`, `1.5 million`,
/// `43 lakh 63 thousand 35`, `half a million`. Number words count like the digits they
/// stand for: `hundred` composes digits (`three hundred` is `300`), larger scales multiply
/// the precision (`two million` is `2 million`, 1.5–2.5 million). Also says whether a
/// `dozen` made it loose.
fn cardinal(words: &[&str]) -> Option<(Figure, bool)> {
    if let [word] = words {
        if let Some(v) = ordinal(word) {
            return Some((Figure { value: v, step: 0.0 }, false));
        }
    }
    let mut total = 0.0;
    let mut step = 0.0;
    let mut part: Option<Figure> = None;
    let mut started = false;
    let mut loose = false;
    for word in words {
        let (figure, scale) = match attached_scale(word) {
            Some((figure, scale)) => (Some(figure), Some(scale)),
            None => (None, scale_of(word)),
        };
        if let Some(figure) = figure {
            part = Some(add(part, figure));
            started = true;
        }
        if let Some(scale) = scale {
            let base = part.take()?;
            if scale == 100.0 {
                part = Some(Figure {
                    value: base.value * scale,
                    step: base.step,
                });
            } else {
                let scaled = base.scaled(scale);
                total += scaled.value;
                step = scaled.step;
            }
            continue;
        }
        if figure.is_some() {
            continue;
        }
        // `and` joins parts; `a` is one only where it starts a number (`a hundred`),
        // not after one (`half a million`, `one and a half`).
        if matches!(*word, "and" | "a" | "an") && started {
            continue;
        }
        if *word == "dozen" {
            let base = part.take().unwrap_or(Figure {
                value: 1.0,
                step: 1.0,
            });
            part = Some(base.scaled(12.0));
            started = true;
            loose = true;
            continue;
        }
        let figure = if let Some(figure) = numeral(word) {
            figure
        } else if matches!(*word, "a" | "an") {
            Figure {
                value: 1.0,
                step: 1.0,
            }
        } else if *word == "half" {
            // `half a million` reads like `0.5 million`.
            Figure {
                value: 0.5,
                step: 0.1,
            }
        } else if let Some((tens, unit)) = word.split_once('-') {
            Figure {
                value: lookup(&TENS, tens)? + lookup(&UNITS, unit)?,
                step: 1.0,
            }
        } else {
            Figure {
                value: lookup(&UNITS, word).or_else(|| lookup(&TENS, word))?,
                step: 1.0,
            }
        };
        part = Some(add(part, figure));
        started = true;
    }
    if let Some(part) = part {
        total += part.value;
        step = part.step;
    } else if !started {
        return None;
    }
    Some((Figure { value: total, step }, loose))
}

/// `one hundred` and `five`: the precision is the last written part's.
fn add(part: Option<Figure>, figure: Figure) -> Figure {
    match part {
        Some(p) => Figure {
            value: p.value + figure.value,
            step: figure.step,
        },
        None => figure,
    }
}

/// A spelled fraction: `half`, `a third`, `one-fifth`, `two-thirds`, `three in ten`,
/// `1 in 4`, `one out of five`.
fn fraction(text: &str) -> Option<f64> {
    let (numerator, denominator) =
        if let Some((n, d)) = text.split_once(" in ").or_else(|| text.split_once(" out of ")) {
            let count = |t: &str| cardinal(&t.split(' ').collect::<Vec<_>>()).map(|(f, _)| f.value);
            (count(n)?, count(d)?)
        } else {
            // Alone, only `half` is a fraction: `third` and `tenth` are ordinals.
            let (n, d) = match text.rsplit_once([' ', '-']) {
                Some((n, d)) => (n, d),
                None if text == "half" => ("a", text),
                None => return None,
            };
            let numerator = match n {
                "a" | "an" | "one" => 1.0,
                _ => lookup(&UNITS, n).or_else(|| numeral(n).map(|f| f.value))?,
            };
            let denominator = lookup(&DENOMINATORS, d)?;
            // `one thirds` is no fraction, nor `two third`.
            if d.ends_with('s') != (numerator > 1.0) {
                return None;
            }
            (numerator, denominator)
        };
    (denominator > 0.0 && numerator <= denominator).then(|| numerator / denominator)
}

/// A single count as written: a figure, a vague count or a fraction.
struct Count {
    /// The figure as printed: a point, or a vague count's range.
    printed: Interval,
    /// A bare figure's rounding interval.
    rounding: Interval,
    kind: CountKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CountKind {
    Figure,
    /// `dozens`, `thousands`: a stated range.
    Vague,
    /// `a dozen`, `two dozen`: approximate.
    Loose,
    /// `a third`, `three in ten`: approximate, and a percentage is 100 times it.
    Fraction,
}

fn count(text: &str) -> Option<Count> {
    let text = text.trim();
    if let Some((_, lo, hi)) = VAGUE.iter().find(|(phrase, _, _)| *phrase == text) {
        let range = Interval::closed(*lo, *hi);
        return Some(Count {
            printed: range,
            rounding: range,
            kind: CountKind::Vague,
        });
    }
    // Counts of occurrences: `held twice in 2010`.
    if let Some(v) = lookup(&[("once", 1.0), ("twice", 2.0), ("thrice", 3.0)], text) {
        return Some(Count {
            printed: Interval::point(v),
            rounding: Interval::point(v),
            kind: CountKind::Figure,
        });
    }
    if let Some(v) = fraction(text) {
        return Some(Count {
            printed: Interval::point(v),
            rounding: Interval::point(v),
            kind: CountKind::Fraction,
        });
    }
    let words: Vec<&str> = text.split(' ').collect();
    let (figure, loose) = cardinal(&words)?;
    Some(Count {
        printed: Interval::point(figure.value),
        rounding: figure.rounding(),
        kind: if loose {
            CountKind::Loose
        } else {
            CountKind::Figure
        },
    })
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
    let text = text.as_str();
    if let Some(rest) = strip_word_prefix(text, &ABOUT) {
        let (inner, fraction) = range_or_count(rest)?;
        let about = inner.widen(tolerance);
        return Some(Number {
            interval: about,
            printed: about,
            qualifier: Qualifier::About,
            fraction,
        });
    }
    // Longer phrases first: `just under` before `under`, `just over` before `over`.
    let bounded: [(&[&str], Bound); 7] = [
        (
            &[
                "just under",
                "slightly less than",
                "a little less than",
                "a little under",
                "slightly under",
                "just below",
                "just shy of",
            ],
            Bound::JustUnder,
        ),
        (
            &[
                "just over",
                "slightly more than",
                "a little more than",
                "a little over",
                "slightly over",
                "just above",
            ],
            Bound::JustOver,
        ),
        (&["nearly", "almost", "close to"], Bound::Nearly),
        (
            &["at least", "no less than", "no fewer than", "a minimum of"],
            Bound::AtLeast,
        ),
        (
            &[
                "more than",
                "over",
                "greater than",
                "upwards of",
                "above",
                "in excess of",
            ],
            Bound::MoreThan,
        ),
        (
            &[
                "at most",
                "up to",
                "no more than",
                "a maximum of",
                "as many as",
                "as much as",
            ],
            Bound::AtMost,
        ),
        (&["fewer than", "less than", "under", "below"], Bound::LessThan),
    ];
    for (prefixes, bound) in bounded {
        if let Some(rest) = strip_word_prefix(text, prefixes) {
            let inner = count(rest)?;
            let fraction = inner.kind == CountKind::Fraction;
            // A fraction word is itself approximate: `nearly two-thirds` may be 66.8%. Yet
            // `more than half` is more than 50%.
            let approximate = matches!(bound, Bound::JustUnder | Bound::JustOver | Bound::Nearly);
            let mut interval = bound.apply(inner.printed);
            if fraction && approximate {
                interval = interval.span(&bound.apply(inner.printed.widen(tolerance)));
            }
            return Some(stated(interval, fraction));
        }
    }
    if let Some(decade) = something(text) {
        return Some(stated(decade, false));
    }
    if let Some((interval, fraction)) = range(text)? {
        return Some(stated(interval, fraction));
    }
    let count = count(text)?;
    let fraction = count.kind == CountKind::Fraction;
    Some(match count.kind {
        CountKind::Figure => Number {
            interval: count.rounding,
            printed: count.printed,
            qualifier: Qualifier::Bare,
            fraction,
        },
        CountKind::Vague => stated(count.printed, fraction),
        CountKind::Loose | CountKind::Fraction => {
            let about = count.printed.widen(tolerance);
            Number {
                interval: about,
                printed: about,
                qualifier: Qualifier::About,
                fraction,
            }
        }
    })
}

/// One-sided qualifiers, applied to the figure as printed.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// `just under 10`: 9 ≤ x < 10.
    JustUnder,
    /// `just over 10`: 10 < x ≤ 11.
    JustOver,
    /// `nearly 10`: 9 ≤ x ≤ 10.
    Nearly,
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

impl Bound {
    fn apply(self, printed: Interval) -> Interval {
        let (lo, hi) = (printed.lo.value, printed.hi.value);
        match self {
            Bound::JustUnder => Interval::half_open(0.9 * hi, hi),
            Bound::JustOver => {
                let mut i = Interval::closed(lo, 1.1 * lo);
                i.lo.closed = false;
                i
            }
            Bound::Nearly => Interval::closed(0.9 * hi, hi),
            Bound::AtLeast => Interval::at_least(lo, true),
            Bound::MoreThan => Interval::at_least(lo, false),
            Bound::AtMost => Interval::at_most(hi, true),
            Bound::LessThan => Interval::at_most(hi, false),
        }
    }
}

fn stated(interval: Interval, fraction: bool) -> Number {
    Number {
        interval,
        printed: interval,
        qualifier: Qualifier::Stated,
        fraction,
    }
}

/// `30-something`, `thirty-something`: 30 ≤ x < 40.
fn something(text: &str) -> Option<Interval> {
    let decade = text
        .strip_suffix("-something")
        .or_else(|| text.strip_suffix(" something"))?;
    let (figure, _) = cardinal(&[decade])?;
    let tens = figure.value;
    (tens > 0.0 && tens % 10.0 == 0.0).then(|| Interval::half_open(tens, tens + 10.0))
}

/// A range — `between 10 and 20`, `10 to 20`, `10-12`, `10–12`, `3-4 billion` — as the
/// closed interval of its printed ends; `Some(None)` when `text` is no range, `None` when
/// it is one that does not parse. A scale written once applies to both ends.
fn range(text: &str) -> Option<Option<(Interval, bool)>> {
    let pair = if let Some(rest) = text.strip_prefix("between ") {
        rest.split_once(" and ")
    } else {
        text.split_once(" to ").or_else(|| dash_range(text))
    };
    let Some((a, b)) = pair else { return Some(None) };
    let (a, b) = (a.trim(), b.trim());
    let shared_scale = trailing_scale(b).filter(|_| trailing_scale(a).is_none());
    let (a, b) = (count(a)?, count(b)?);
    let lo = a.printed.lo.value * shared_scale.unwrap_or(1.0);
    let fraction = a.kind == CountKind::Fraction && b.kind == CountKind::Fraction;
    Some((lo <= b.printed.hi.value).then(|| (Interval::closed(lo, b.printed.hi.value), fraction)))
}

/// `10-12`, `3-4 billion`, `1½-2`, `10–12`, `10 — 12`: a dash between figures; `-3` and
/// `twenty-five` are no ranges.
fn dash_range(text: &str) -> Option<(&str, &str)> {
    if let Some(split) = text.split_once(['–', '—']) {
        return Some(split);
    }
    let figure_end = |c: char| c.is_ascii_digit() || matches!(c, '½' | '¼' | '¾');
    let mut chars = text.char_indices().peekable();
    let mut before = None;
    while let Some((at, c)) = chars.next() {
        let after = chars.peek().map(|&(_, n)| n);
        if c == '-' && before.is_some_and(figure_end) && after.is_some_and(|n: char| n.is_ascii_digit()) {
            return Some((&text[..at], &text[at + 1..]));
        }
        before = Some(c);
    }
    None
}

/// The scale a count ends with: `4 billion` → 10⁹, `4bn` → 10⁹, `4` → none.
fn trailing_scale(text: &str) -> Option<f64> {
    let last = text.rsplit(' ').next()?;
    scale_of(last).or_else(|| attached_scale(last).map(|(_, s)| s))
}

/// `between 10 and 20`, `10 to 20`, or a single count, as printed (for `about`).
fn range_or_count(text: &str) -> Option<(Interval, bool)> {
    match range(text)? {
        Some(range) => Some(range),
        None => count(text).map(|c| (c.printed, c.kind == CountKind::Fraction)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figure as printed.
    fn value(text: &str) -> Interval {
        parse(text, 0.1)
            .unwrap_or_else(|| panic!("{text} should parse"))
            .printed
    }

    /// Every value the text allows.
    fn reads(text: &str) -> Interval {
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
        // `a dozen` is a loose count, read like `about 12`.
        assert_eq!(value("a dozen"), Interval::closed(10.8, 13.2));
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
        assert_eq!(parse("20", 0.1).map(|n| n.qualifier), Some(Qualifier::Bare));
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
        for bad in [
            ",100",
            "1,00",
            "1000,000",
            "1,0000",
            "12,34,567",
            "1.2.3",
            "5.",
            "5.x",
            ".5.",
        ] {
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
        assert_eq!(value("just under 10"), Interval::half_open(9.0, 10.0));
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
        assert_eq!(value("two dozen"), Interval::closed(21.6, 26.4));
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

    fn half_open(lo: f64, hi: f64) -> Interval {
        Interval::half_open(lo, hi)
    }

    /// The issue's examples of stated precision, and reporters' variants of them.
    #[test]
    fn a_bare_figure_stands_for_every_value_that_rounds_to_it() {
        assert_eq!(reads("3.8 billion"), half_open(3.75e9, 3.85e9));
        assert_eq!(reads("18.12"), half_open(18.115, 18.125));
        assert_eq!(reads("81"), half_open(80.5, 81.5));
        assert_eq!(reads("294"), half_open(293.5, 294.5));
        // Trailing zeros are written digits.
        assert_eq!(reads("1,100"), half_open(1_099.5, 1_100.5));
        assert_eq!(reads("3.80"), half_open(3.795, 3.805));
        assert_eq!(reads("20"), half_open(19.5, 20.5));
        // Number words count like the digits they stand for.
        assert_eq!(reads("two million"), reads("2 million"));
        assert_eq!(reads("2 million"), half_open(1.5e6, 2.5e6));
        assert_eq!(reads("twenty-five"), half_open(24.5, 25.5));
        assert_eq!(reads("three hundred"), half_open(299.5, 300.5));
        assert_eq!(reads("three hundred thousand"), half_open(299_500.0, 300_500.0));
        assert_eq!(reads("one hundred and five"), half_open(104.5, 105.5));
        assert_eq!(reads("half a million"), half_open(450_000.0, 550_000.0));
        assert_eq!(reads("1.5 million"), half_open(1.45e6, 1.55e6));
        assert_eq!(reads("two and a half million"), half_open(2.45e6, 2.55e6));
        assert_eq!(reads("-3"), half_open(-3.5, -2.5));
        assert_eq!(reads("+81.5"), half_open(81.45, 81.55));
        // Vulgar fractions and ordinals are exact.
        assert_eq!(reads("2½"), Interval::point(2.5));
        assert_eq!(reads("2½ million"), Interval::point(2.5e6));
        assert_eq!(reads("second"), Interval::point(2.0));
        assert_eq!(reads("3rd"), Interval::point(3.0));
        // The figure as printed is kept beside its rounding.
        assert_eq!(value("3.8 billion"), Interval::point(3.8e9));
        assert_eq!(
            parse("3.8 billion", 0.1).map(|n| n.qualifier),
            Some(Qualifier::Bare)
        );
    }

    #[test]
    fn the_rounding_examples_of_real_coverage_agree_and_adjacent_roundings_do_not() {
        let agree = |a: &str, b: &str| reads(a).overlaps(&reads(b));
        assert!(agree("3.8 billion", "3,833 million"));
        assert!(agree("2.86 billion", "2.856 billion"));
        assert!(agree("81", "81.5"));
        assert!(agree("9.2 billion", "9,243 million"));
        assert!(agree("42", "42.31"));
        assert!(agree("4.36 million", "4,363,035"));
        assert!(agree("57.4 lakh", "57,41,000".replace(',', "").as_str()));
        assert!(!agree("294", "295"));
        assert!(!agree("79", "80"));
        assert!(!agree("3.8 billion", "3.9 billion"));
        assert!(!agree("9.2 billion", "9,253 million"));
        assert!(!agree("55", "56"));
    }

    #[test]
    fn scale_words_and_abbreviations() {
        for (text, v) in [
            ("18.12bn", 18.12e9),
            ("18.12 bn", 18.12e9),
            ("5m", 5e6),
            ("5 mn", 5e6),
            ("5 mln", 5e6),
            ("10k", 1e4),
            ("10K", 1e4),
            ("3.2tn", 3.2e12),
            ("3.2 trillion", 3.2e12),
            ("10 lakh", 1e6),
            ("57.4 lakh", 5.74e6),
            ("1.95 crore", 1.95e7),
            ("2 crores", 2e7),
            ("5 lakhs", 5e5),
            ("43 lakh 63 thousand 35", 4_363_035.0),
        ] {
            let number = parse(text, 0.1).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(number.printed, Interval::point(v), "{text}");
        }
        assert_eq!(reads("10 lakh"), half_open(9.5e5, 10.5e5));
        assert_eq!(reads("1.95 crore"), half_open(1.945e7, 1.955e7));
        assert_eq!(
            reads("43 lakh 63 thousand 35"),
            half_open(4_363_034.5, 4_363_035.5)
        );
        assert_eq!(reads("5k"), half_open(4_500.0, 5_500.0));
        for bad in ["bn", "5 bn bn", "5xyz", "5 lakh lakh"] {
            assert!(
                parse(bad, 0.1).is_none_or(|n| n.printed != Interval::point(5e5)),
                "{bad}"
            );
        }
        assert!(parse("bn", 0.1).is_none());
        assert!(parse("5xyz", 0.1).is_none());
    }

    #[test]
    fn ranges_with_dashes_and_a_shared_scale() {
        assert_eq!(value("10-12"), Interval::closed(10.0, 12.0));
        assert_eq!(value("10–12"), Interval::closed(10.0, 12.0));
        assert_eq!(value("10 – 12"), Interval::closed(10.0, 12.0));
        assert_eq!(value("3-4 billion"), Interval::closed(3e9, 4e9));
        assert_eq!(value("3 to 4 billion"), Interval::closed(3e9, 4e9));
        assert_eq!(value("between 2 and 3 million"), Interval::closed(2e6, 3e6));
        assert_eq!(value("3 billion to 4 billion"), Interval::closed(3e9, 4e9));
        assert_eq!(value("900 million to 1.2 billion"), Interval::closed(9e8, 1.2e9));
        assert_eq!(value("20-25"), Interval::closed(20.0, 25.0));
        assert_eq!(value("1½-2"), Interval::closed(1.5, 2.0));
        assert_eq!(value("2 to 3 hundred"), Interval::closed(200.0, 300.0));
        assert_eq!(value("2-3 thousand"), Interval::closed(2_000.0, 3_000.0));
        for no_range in ["2-x", "x-2", "½-x", "-", "2-"] {
            assert!(parse(no_range, 0.1).is_none(), "{no_range}");
        }
        // A range of fractions is a fraction (a share of 100 for a percentage).
        assert!(parse("a third to a half", 0.1).is_some_and(|n| n.fraction));
        assert!(parse("a third to 40", 0.1).is_some_and(|n| !n.fraction));
        assert!(parse("about a third", 0.1).is_some_and(|n| n.fraction));
        assert!(parse("about 30", 0.1).is_some_and(|n| !n.fraction));
        // A range is stated: its ends are as printed.
        assert_eq!(reads("10-12"), Interval::closed(10.0, 12.0));
        // No ranges: a sign, and a spelled number with a hyphen.
        assert_eq!(value("-12"), Interval::point(-12.0));
        assert_eq!(value("twenty-five"), Interval::point(25.0));
        assert!(parse("12-10", 0.1).is_none());
        assert!(parse("10-", 0.1).is_none());
    }

    #[test]
    fn loose_counts() {
        assert_eq!(value("as many as 82"), Interval::at_most(82.0, true));
        assert_eq!(value("as much as 5 million"), Interval::at_most(5e6, true));
        assert_eq!(value("30-something"), half_open(30.0, 40.0));
        assert_eq!(value("thirty-something"), half_open(30.0, 40.0));
        assert!(parse("35-something", 0.1).is_none());
        assert!(parse("0-something", 0.1).is_none());
        assert_eq!(value("more than a dozen"), Interval::at_least(12.0, false));
        assert_eq!(value("just under 3"), half_open(2.7, 3.0));
        assert_eq!(value("slightly less than 3"), half_open(2.7, 3.0));
        assert_eq!(value("a little under 3"), half_open(2.7, 3.0));
        let just_over = value("just over 3");
        assert_eq!((just_over.lo.value, just_over.lo.closed), (3.0, false));
        assert_eq!(
            (just_over.hi.value, just_over.hi.closed),
            (3.3000000000000003, true)
        );
        assert_eq!(value("a little more than 3"), just_over);
        assert_eq!(value("slightly more than 3"), just_over);
        assert!(!just_over.overlaps(&Interval::point(3.0)));
        assert!(!value("just under 3").overlaps(&Interval::point(3.0)));
        assert_eq!(value("circa 100"), Interval::closed(90.0, 110.0));
        assert_eq!(value("an estimated 100"), Interval::closed(90.0, 110.0));
    }

    #[test]
    fn fractions() {
        for (text, v) in [
            ("half", 0.5),
            ("a half", 0.5),
            ("a third", 1.0 / 3.0),
            ("one third", 1.0 / 3.0),
            ("one-third", 1.0 / 3.0),
            ("a quarter", 0.25),
            ("three quarters", 0.75),
            ("three-quarters", 0.75),
            ("one-fifth", 0.2),
            ("two-thirds", 2.0 / 3.0),
            ("two fifths", 0.4),
            ("three in ten", 0.3),
            ("one in five", 0.2),
            ("1 in 4", 0.25),
            ("one out of five", 0.2),
        ] {
            let number = parse(text, 0.1).unwrap_or_else(|| panic!("{text}"));
            assert!(number.fraction, "{text}");
            assert_eq!(number.qualifier, Qualifier::About, "{text}");
            assert_eq!(number.printed, Interval::point(v).widen(0.1), "{text}");
        }
        assert_eq!(value("more than half"), Interval::at_least(0.5, false));
        // A fraction word is approximate even when qualified, but only by `nearly` and the like.
        assert_eq!(value("nearly a third"), Interval::closed(0.3, 1.1 / 3.0));
        assert!(value("nearly two-thirds").overlaps(&Interval::point(0.668)));
        assert_eq!(value("more than half"), Interval::at_least(0.5, false));
        for not_fraction in [
            "third",
            "tenth",
            "one thirds",
            "two third",
            "five in four",
            "a thirds",
            "zero in zero",
            "one in zero",
        ] {
            assert!(
                parse(not_fraction, 0.1).is_none_or(|n| !n.fraction),
                "{not_fraction}"
            );
        }
    }
}

#[cfg(test)]
mod properties {
    //! The precision rule over generated figures: `12.34 million` stands for exactly the
    //! values that round to it at its last written digit.
    use proptest::prelude::*;

    use super::*;

    /// `mantissa` with `decimals` decimals and a scale word: (text, value, step).
    fn written(mantissa: u64, decimals: usize, scale: (&str, f64)) -> (String, f64, f64) {
        let digits = format!("{mantissa:0>width$}", width = decimals + 1);
        let (whole, fraction) = digits.split_at(digits.len() - decimals);
        let figure = if decimals == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{fraction}")
        };
        let text = format!("{figure} {}", scale.0).trim_end().to_string();
        let step = 10f64.powi(-(decimals as i32)) * scale.1;
        (text, mantissa as f64 * step, step)
    }

    fn scale() -> impl Strategy<Value = (&'static str, f64)> {
        prop::sample::select(vec![
            ("", 1.0),
            ("thousand", 1e3),
            ("million", 1e6),
            ("bn", 1e9),
            ("lakh", 1e5),
        ])
    }

    proptest! {
        #[test]
        fn a_figure_contains_exactly_the_values_that_round_to_it(
            mantissa in 1u64..100_000,
            decimals in 0usize..4,
            scale in scale(),
            tenth in -12i64..12,
        ) {
            let (text, _, step) = written(mantissa, decimals, scale);
            let reads = parse(&text, 0.1).map(|n| n.interval);
            prop_assert!(reads.is_some(), "{} does not parse", text);
            let reads = reads.unwrap_or(Interval::point(0.0));
            // A value a tenth of a step at a time around the figure, edges included.
            let x = (mantissa as f64 * 10.0 + tenth as f64) * step / 10.0;
            let rounds_to_it = (-5..5).contains(&tenth);
            prop_assert_eq!(reads.overlaps(&Interval::point(x)), rounds_to_it, "{} and {}", text, x);
        }

        #[test]
        fn adjacent_roundings_never_overlap(mantissa in 1u64..100_000, decimals in 0usize..4, scale in scale()) {
            let (a, _, _) = written(mantissa, decimals, scale);
            let (b, _, _) = written(mantissa + 1, decimals, scale);
            let read = |t: &str| parse(t, 0.1).map(|n| n.interval);
            prop_assert_eq!(read(&a).zip(read(&b)).map(|(a, b)| a.overlaps(&b)), Some(false), "{} and {}", a, b);
            prop_assert_eq!(read(&a).map(|a| a.overlaps(&a)), Some(true));
        }
    }
}
