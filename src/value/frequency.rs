//! Frequencies — `twice a year`, `every six months`, `biennial` — as events per year.

use super::duration::unit_days;
use super::interval::Interval;
use super::number::{self, strip_word_prefix, tidy};

const DAYS_PER_YEAR: f64 = 365.25;

const WORDS: [(&str, f64); 14] = [
    ("annually", 1.0),
    ("annual", 1.0),
    ("yearly", 1.0),
    ("semiannually", 2.0),
    ("semiannual", 2.0),
    ("semi-annually", 2.0),
    ("semi-annual", 2.0),
    ("biannual", 2.0),
    ("biannually", 2.0),
    ("biennial", 0.5),
    ("biennially", 0.5),
    ("quarterly", 4.0),
    ("monthly", 12.0),
    ("weekly", DAYS_PER_YEAR / 7.0),
];

/// Events per unit: `a year` → 1 per year.
fn per(unit: &str) -> Option<f64> {
    let unit = strip_word_prefix(unit, &["a", "an", "per", "each", "every"])?;
    Some(DAYS_PER_YEAR / unit_days(unit)?)
}

fn times(count: &str) -> Option<f64> {
    match count {
        "once" => Some(1.0),
        "twice" => Some(2.0),
        "thrice" => Some(3.0),
        _ => {
            let count = count
                .strip_suffix(" times")
                .or_else(|| count.strip_suffix(" time"))?;
            let n = number::parse(count, 0.0)?.printed;
            n.is_point().then_some(n.lo.value)
        }
    }
}

/// Parses a frequency into events per year; `about`-words widen by `tolerance`.
pub fn parse(text: &str, tolerance: f64) -> Option<Interval> {
    let text = tidy(text);
    // One `about` at most: the rest is read without it, so no frequency recurses.
    if let Some(rest) = strip_word_prefix(&text, &["about", "around", "roughly", "approximately"]) {
        return plain(rest).map(|i| i.widen(tolerance));
    }
    plain(&text)
}

/// A frequency without `about`.
fn plain(text: &str) -> Option<Interval> {
    if let Some((_, rate)) = WORDS.iter().find(|(w, _)| *w == text) {
        return Some(Interval::point(*rate));
    }
    if let Some(rest) = text.strip_prefix("every ") {
        if let Some(unit) = rest.strip_prefix("other ") {
            return Some(Interval::point(DAYS_PER_YEAR / unit_days(unit)? / 2.0));
        }
        if let Some(days) = unit_days(rest) {
            return Some(Interval::point(DAYS_PER_YEAR / days));
        }
        let (count, unit) = rest.rsplit_once(' ')?;
        let n = number::parse(count, 0.0)?.printed;
        if !n.is_point() || n.lo.value <= 0.0 {
            return None;
        }
        return Some(Interval::point(DAYS_PER_YEAR / (n.lo.value * unit_days(unit)?)));
    }
    // `3 times a year`, `twice a month`
    let split = text
        .rfind(" a ")
        .or_else(|| text.rfind(" an "))
        .or_else(|| text.rfind(" per "))
        .or_else(|| text.rfind(" each "))?;
    let (count, unit) = text.split_at(split);
    Some(Interval::point(times(count)? * per(unit.trim_start())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> f64 {
        let i = parse(text, 0.1).unwrap_or_else(|| panic!("{text} should parse"));
        assert!(i.is_point(), "{text}");
        i.lo.value
    }

    #[test]
    fn about_widens_once_and_never_recurses() {
        let about = parse("about twice a year", 0.1).unwrap();
        assert_eq!(about, Interval::closed(1.8, 2.2));
        let hostile = format!("{}twice a year", "about ".repeat(50_000));
        assert_eq!(parse(&hostile, 0.1), None);
    }

    #[test]
    fn forms() {
        assert_eq!(rate("twice a year"), 2.0);
        assert_eq!(rate("once a year"), 1.0);
        assert_eq!(rate("annually"), 1.0);
        assert_eq!(rate("semiannually"), 2.0);
        assert_eq!(rate("biannual"), 2.0);
        assert_eq!(rate("biennial"), 0.5);
        assert_eq!(rate("monthly"), 12.0);
        assert_eq!(rate("3 times a year"), 3.0);
        assert_eq!(rate("every two years"), 0.5);
        assert_eq!(rate("every other year"), 0.5);
        assert_eq!(rate("twice a month"), 2.0 * 365.25 / 30.4375);
        assert_eq!(rate("weekly"), 365.25 / 7.0);
        assert_eq!(rate("every week"), 365.25 / 7.0);
        assert_eq!(rate("every month"), 12.0);
        assert_eq!(rate("every other month"), 6.0);
        assert_eq!(rate("every 18 months"), 365.25 / (18.0 * 30.4375));
        assert_eq!(rate("thrice a year"), 3.0);
        assert_eq!(rate("quarterly"), 4.0);
    }

    #[test]
    fn counts_that_are_no_single_positive_number_are_refused() {
        for text in [
            "every 0 months",
            "every -2 years",
            "every 2 to 3 months",
            "every dozens of years",
            "many times a year",
        ] {
            assert_eq!(parse(text, 0.1), None, "{text}");
        }
    }

    #[test]
    fn twice_a_year_agrees_with_every_six_months() {
        let a = parse("twice a year", 0.1).unwrap();
        let b = parse("every six months", 0.1).unwrap();
        assert!(a.overlaps(&b));
        assert!(b.overlaps(&a));
        assert!(!a.overlaps(&parse("once a year", 0.1).unwrap()));
    }

    #[test]
    fn rejects_non_frequencies() {
        assert_eq!(parse("often", 0.1), None);
        assert_eq!(parse("twice", 0.1), None);
        assert_eq!(parse("every blue moon", 0.1), None);
    }
}
