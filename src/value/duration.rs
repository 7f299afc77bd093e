//! Durations — `2½ years`, `18 months`, `half a century`, `47-year-old` — as days.

use super::interval::Interval;
use super::number::{self, Qualifier, tidy};

/// Days per unit; months and years are calendar averages.
pub const UNITS: [(&str, &str, f64); 11] = [
    ("minute", "minutes", 1.0 / 1440.0),
    ("min", "mins", 1.0 / 1440.0),
    ("hour", "hours", 1.0 / 24.0),
    ("hr", "hrs", 1.0 / 24.0),
    ("day", "days", 1.0),
    ("week", "weeks", 7.0),
    ("fortnight", "fortnights", 14.0),
    ("month", "months", 30.4375),
    ("year", "years", 365.25),
    ("decade", "decades", 3652.5),
    ("century", "centuries", 36525.0),
];

/// The rounding tolerance of a bare duration (`four years` = 3.6–4.4 years).
pub const DEFAULT_TOLERANCE: f64 = 0.1;

pub fn unit_days(word: &str) -> Option<f64> {
    UNITS
        .iter()
        .find(|(one, many, _)| *one == word || *many == word)
        .map(|(_, _, days)| *days)
}

/// Parses a duration into an interval of days. `tolerance` replaces the ±10% of bare
/// durations and `about`-words.
pub fn parse(text: &str, tolerance: Option<f64>) -> Option<Interval> {
    let tolerance = tolerance.unwrap_or(DEFAULT_TOLERANCE);
    let mut text = tidy(text);
    // `a year and a half` reads as `a and a half year`, which the count parser knows.
    if let Some((count, unit)) = text.strip_suffix(" and a half").and_then(|t| t.rsplit_once(' ')) {
        text = format!("{count} and a half {unit}");
    }
    // `47-year-old embargo`: the age form names the duration.
    let text = text
        .strip_suffix("-old")
        .or_else(|| text.strip_suffix(" old"))
        .unwrap_or(&text);
    let (count, unit) = match text.rsplit_once([' ', '-']) {
        Some((count, unit)) => (count.to_string(), unit),
        None => return None,
    };
    let days = unit_days(unit)?;
    // `half a century`, `over half a century`, `two and a half years`.
    let count = match count
        .strip_suffix("half a")
        .or_else(|| count.strip_suffix("half an"))
    {
        Some(qualifiers) => format!("{qualifiers}0.5"),
        None => count
            .strip_suffix(" and a half")
            .map_or_else(|| count.clone(), |whole| format!("{whole} and 0.5")),
    };
    let parsed = number::parse(&count, tolerance)?;
    let interval = match parsed.qualifier {
        Qualifier::Bare => parsed.printed.widen(tolerance),
        Qualifier::About | Qualifier::Stated => parsed.interval,
    };
    Some(interval.scale(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(lo: f64, hi: f64) -> Interval {
        Interval::closed(lo * 365.25, hi * 365.25)
    }

    #[test]
    fn bare_durations_carry_ten_percent() {
        assert_eq!(parse("four years", None), Some(years(3.6, 4.4)));
        assert_eq!(parse("2½ years", None), Some(years(2.25, 2.75)));
        assert_eq!(
            parse("18 months", None),
            Some(Interval::closed(16.2 * 30.4375, 19.8 * 30.4375))
        );
        assert_eq!(parse("six days", None), Some(Interval::closed(5.4, 6.6)));
        assert_eq!(parse("two weeks", None), Some(Interval::closed(12.6, 15.4)));
        assert_eq!(parse("a decade", None), Some(years(9.0, 11.0)));
        assert_eq!(parse("half a century", None), Some(years(45.0, 55.0)));
        assert_eq!(parse("47-year-old", None), Some(years(42.3, 51.7)));
    }

    #[test]
    fn hours_minutes_and_fortnights() {
        assert_eq!(
            parse("51 hours", None),
            Some(Interval::closed(45.9 / 24.0, 56.1 / 24.0))
        );
        assert_eq!(parse("a fortnight", None), Some(Interval::closed(12.6, 15.4)));
        assert_eq!(parse("two fortnights", None), Some(Interval::closed(25.2, 30.8)));
        assert_eq!(
            parse("90 minutes", None),
            Some(Interval::closed(81.0 / 1440.0, 99.0 / 1440.0))
        );
        assert_eq!(parse("90 mins", None), parse("90 minutes", None));
        assert_eq!(
            parse("an hour", None),
            Some(Interval::closed(0.9 / 24.0, 1.1 / 24.0))
        );
        assert!(parse("51 hours", None).is_some_and(|h| h.overlaps(&parse("two days", None).unwrap_or(h))));
    }

    #[test]
    fn property_tolerance_overrides() {
        assert_eq!(parse("four years", Some(0.0)), Some(years(4.0, 4.0)));
        assert_eq!(parse("four years", Some(0.25)), Some(years(3.0, 5.0)));
    }

    #[test]
    fn qualifiers_state_their_interval() {
        assert_eq!(
            parse("more than two years", None),
            Some(Interval::at_least(730.5, false))
        );
        assert_eq!(
            parse("almost two weeks", None),
            Some(Interval::closed(12.6, 14.0))
        );
        assert_eq!(
            parse("over half a century", None),
            Some(Interval::at_least(0.5 * 36525.0, false))
        );
        assert_eq!(parse("a year and a half", None), Some(years(1.35, 1.65)));
        assert_eq!(parse("two and a half years", None), Some(years(2.25, 2.75)));
    }

    #[test]
    fn rejects_non_durations() {
        assert_eq!(parse("forever", None), None);
        assert_eq!(parse("two apples", None), None);
        assert_eq!(parse("years", None), None);
    }
}
