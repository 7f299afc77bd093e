//! Ages — `55`, `aged 55`, `the 56-year-old`, `in his fifties`, `mid-50s` — as whole years.
//!
//! An age is the number of full years lived, so `55` is 55 ≤ age < 56 years: `55` and
//! `56` disagree, unlike bare durations, which carry ±10%. An age claim is true on its
//! source's publication date, so it stands for the birth dates it allows ([`born`]):
//! `55` in May and `56` in July agree when a birthday fell between them.

use chrono::{Datelike, NaiveDate};

use super::date::{DateSet, day_number, from_day_number};
use super::interval::Interval;
use super::number::{self, Qualifier, strip_word_prefix, tidy};

/// Decades of life as words: `fifties` is 50 ≤ age < 60.
const DECADES: [(&str, f64); 9] = [
    ("teens", 13.0),
    ("twenties", 20.0),
    ("thirties", 30.0),
    ("forties", 40.0),
    ("fifties", 50.0),
    ("sixties", 60.0),
    ("seventies", 70.0),
    ("eighties", 80.0),
    ("nineties", 90.0),
];

/// Parses an age into an interval of years; `tolerance` widens `about`.
pub fn parse(text: &str, tolerance: f64) -> Option<Interval> {
    let text = tidy(text);
    let mut text = text.as_str();
    // `the 56-year-old`, `aged 55`, `in his fifties`: words that only say it is an age.
    for prefixes in [
        &["in his", "in her", "in their", "in its"][..],
        &["the", "a", "an"],
        &["aged", "age", "ages"],
    ] {
        text = strip_word_prefix(text, prefixes).unwrap_or(text);
    }
    if let Some(decade) = decade(text) {
        return Some(decade);
    }
    let figure = [
        "-years-old",
        "-year-old",
        " years old",
        " year old",
        " yrs old",
        " years",
        " year",
        " y.o.",
    ]
    .iter()
    .find_map(|suffix| text.strip_suffix(suffix))
    .unwrap_or(text);
    let parsed = number::parse(figure, tolerance)?;
    let interval = match parsed.qualifier {
        // A bare age is a whole number of years, and lasts a year.
        Qualifier::Bare => {
            let n = parsed.printed.lo.value;
            if n.fract() != 0.0 || n < 0.0 {
                return None;
            }
            Interval::half_open(n, n + 1.0)
        }
        // `over 60`, `about 55`: the whole years the words allow, each lasting a year.
        Qualifier::About | Qualifier::Stated => {
            let (first, last) = parsed.interval.whole_numbers()?;
            let mut years = Interval::half_open(first, last + 1.0);
            years.lo.closed = first.is_finite();
            years
        }
    };
    (interval.lo.value >= 0.0 || interval.lo.value.is_infinite()).then_some(interval)
}

/// The birth dates of someone whose age in whole years lies in `years` on a day of
/// `published`: from the day after `published` minus the upper end, to `published` minus
/// the lower end, on the calendar (29 February counts from 28 February in other years).
pub fn born(years: &Interval, published: &DateSet) -> Option<DateSet> {
    let minus_years = |day: f64, years: f64| -> Option<NaiveDate> {
        let date = from_day_number(day)?;
        let year = date.year() - i32::try_from(years as i64).ok()?;
        NaiveDate::from_ymd_opt(year, date.month(), date.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
    };
    // The oldest: one more year than the upper end allows, plus a day.
    let (oldest_age, youngest_age) = (years.hi.value, years.lo.value);
    let earliest = if oldest_age.is_finite() {
        let whole = if years.hi.closed {
            oldest_age + 1.0
        } else {
            oldest_age.ceil()
        };
        day_number(minus_years(published.days.lo.value, whole)?) + 1.0
    } else {
        f64::NEG_INFINITY
    };
    let latest = if youngest_age.is_finite() {
        let whole = if years.lo.closed {
            youngest_age.ceil()
        } else {
            youngest_age.floor() + 1.0
        };
        day_number(minus_years(published.days.hi.value, whole)?)
    } else {
        f64::INFINITY
    };
    // An infinite end is open.
    let days = Interval::closed(earliest, latest);
    (!days.is_empty()).then_some(DateSet::whole(days, None))
}

/// `fifties`, `50s`, `50's`, `early 50s`, `mid-fifties`, `late 50s`. The parts of a decade
/// overlap by a year, as readers' do: early is 0–3, mid 3–6, late 6–9.
fn decade(text: &str) -> Option<Interval> {
    let (part, rest) = match text.split_once([' ', '-']) {
        Some((part @ ("early" | "mid" | "late"), rest)) => (Some(part), rest),
        _ => (None, text),
    };
    let start = DECADES
        .iter()
        .find(|(w, _)| *w == rest)
        .map(|(_, v)| *v)
        .or_else(|| {
            let digits = rest.strip_suffix("'s").or_else(|| rest.strip_suffix('s'))?;
            let n: f64 = digits
                .parse()
                .ok()
                .filter(|_| digits.chars().all(|c| c.is_ascii_digit()))?;
            (n >= 10.0 && n % 10.0 == 0.0).then_some(n)
        })?;
    let width = if start == 13.0 { 7.0 } else { 10.0 };
    let (lo, hi) = match part {
        None => (start, start + width),
        Some("early") => (start, start + 4.0),
        Some("mid") => (start + 3.0, start + 7.0),
        Some(_) => (start + 6.0, start + width),
    };
    Some(Interval::half_open(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(text: &str) -> Interval {
        parse(text, 0.1).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn a_bare_age_is_one_whole_year() {
        for text in [
            "55",
            "55 years old",
            "aged 55",
            "age 55",
            "the 55-year-old",
            "55-year-old",
            "a 55-year-old",
            "55 years",
        ] {
            assert_eq!(age(text), Interval::half_open(55.0, 56.0), "{text}");
        }
        assert!(!age("55").overlaps(&age("56")), "55 and 56 disagree");
        assert!(age("fifty-five").overlaps(&age("55")));
        assert_eq!(age("0"), Interval::half_open(0.0, 1.0));
    }

    #[test]
    fn decades_of_life() {
        assert_eq!(age("in his fifties"), Interval::half_open(50.0, 60.0));
        assert_eq!(age("in her 50s"), Interval::half_open(50.0, 60.0));
        assert_eq!(age("50's"), Interval::half_open(50.0, 60.0));
        assert_eq!(age("early 50s"), Interval::half_open(50.0, 54.0));
        assert_eq!(age("mid-50s"), Interval::half_open(53.0, 57.0));
        assert_eq!(age("mid-fifties"), Interval::half_open(53.0, 57.0));
        assert_eq!(age("late 50s"), Interval::half_open(56.0, 60.0));
        assert_eq!(age("in their late fifties"), Interval::half_open(56.0, 60.0));
        assert_eq!(age("teens"), Interval::half_open(13.0, 20.0));
        assert!(age("late 50s").overlaps(&age("59")));
        assert!(!age("late 50s").overlaps(&age("60")));
        assert!(!age("in his fifties").overlaps(&age("49")));
    }

    #[test]
    fn qualified_ages_are_whole_years() {
        assert_eq!(age("over 60"), Interval::at_least(61.0, true));
        assert_eq!(age("at least 18"), Interval::at_least(18.0, true));
        assert_eq!(age("under 30"), Interval::at_most(30.0, false));
        assert_eq!(age("about 50"), Interval::half_open(45.0, 56.0));
        assert_eq!(age("between 30 and 35"), Interval::half_open(30.0, 36.0));
        assert!(age("under 30").overlaps(&age("29")));
        assert!(!age("under 30").overlaps(&age("30")));
    }

    #[test]
    fn not_ages() {
        for text in ["55.5", "-3", "fifty apples", "5s", "early", "the", "15s"] {
            assert_eq!(parse(text, 0.1), None, "{text}");
        }
    }

    #[test]
    fn ages_stand_for_birth_dates_on_the_publication_day() {
        let day = |text: &str| super::super::date::parse(text, None).unwrap();
        let born_on = |age: &str, published: &str| born(&parse(age, 0.1).unwrap(), &day(published)).unwrap();
        // 55 on 15 June 2024: born 16 June 1968 to 15 June 1969.
        assert_eq!(born_on("55", "2024-06-15"), day("1968-06-16..1969-06-15"));
        // 55 in May and 56 in July agree: a birthday fell between them.
        assert!(
            born_on("55", "2024-05-01")
                .intersect(&born_on("56", "2024-07-01"))
                .is_some()
        );
        // On the same day they do not.
        assert!(
            born_on("55", "2024-06-15")
                .intersect(&born_on("56", "2024-06-15"))
                .is_none()
        );
        // A leap day: 1 on 29 February 2024 is born 1 March 2022 to 28 February 2023.
        assert_eq!(born_on("1", "2024-02-29"), day("2022-03-01..2023-02-28"));
        assert_eq!(
            born_on("in his fifties", "2024-06-15"),
            day("1964-06-16..1974-06-15")
        );
        let over = born_on("over 60", "2024-06-15");
        assert_eq!({ over.days.lo.value }, f64::NEG_INFINITY);
        assert_eq!(over.days.hi, day("1963-06-15").days.hi);
        let under = born_on("under 30", "2024-06-15");
        assert_eq!(under.days.lo, day("1994-06-16").days.lo);
        assert_eq!({ under.days.hi.value }, f64::INFINITY);
        // Open ends stay open, and closed ends count their whole year.
        assert_eq!(
            over.days,
            Interval::at_most(day("1963-06-15").days.hi.value, true)
        );
        assert_eq!(
            under.days,
            Interval::at_least(day("1994-06-16").days.lo.value, true)
        );
        let published = day("2024-06-15");
        let closed = born(&Interval::closed(55.0, 56.0), &published).unwrap();
        assert_eq!(closed, day("1967-06-16..1969-06-15"));
        let open_below = Interval {
            lo: Interval::at_least(55.0, false).lo,
            hi: Interval::half_open(0.0, 57.0).hi,
        };
        assert_eq!(
            born(&open_below, &published).unwrap(),
            day("1967-06-16..1968-06-15")
        );
    }
}
