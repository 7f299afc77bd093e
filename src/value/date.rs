//! Dates as articles write them — `2003`, `Dec. 3, 2009`, `early 1960s`, `next Thursday`,
//! `nearly 40 years ago`, a bare `Thursday` — as sets of days.

use chrono::{Datelike, NaiveDate, Weekday};

use super::duration;
use super::interval::Interval;
use super::number::{strip_word_prefix, tidy};

/// A set of days: an interval of day numbers (days since 1 January of year 1, inclusive
/// ends), optionally restricted to one weekday.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateSet {
    pub days: Interval,
    pub weekday: Option<Weekday>,
}

/// Why a date did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date form at all.
    Unparsed,
    /// A relative date (`next Thursday`, `… ago`) in a source without `published`.
    NeedsPublished,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

pub fn day_number(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

/// The date of a day number, for days from about 9000 BC to AD 10,900: every year a date
/// can be written with (four digits, and `after 9999`) renders as a date.
pub fn from_day_number(day: f64) -> Option<NaiveDate> {
    if !day.is_finite() || day.abs() > 4_000_000.0 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(day.round() as i32)
}

impl DateSet {
    fn span(first: NaiveDate, last: NaiveDate) -> DateSet {
        DateSet {
            days: Interval::closed(day_number(first), day_number(last)),
            weekday: None,
        }
    }

    pub fn day(date: NaiveDate) -> DateSet {
        DateSet::span(date, date)
    }

    /// Is there any day in the set?
    pub fn is_empty(&self) -> bool {
        if self.days.is_empty() {
            return true;
        }
        let Some(weekday) = self.weekday else {
            return false;
        };
        let (lo, hi) = (self.days.lo.value, self.days.hi.value);
        if !lo.is_finite() || !hi.is_finite() || hi - lo >= 6.0 {
            return false;
        }
        let mut day = lo.ceil();
        while day <= hi {
            if from_day_number(day).is_some_and(|d| d.weekday() == weekday) {
                return false;
            }
            day += 1.0;
        }
        true
    }

    /// The fewest days between a day of each set: 0 when they share one, 1 from a
    /// Wednesday to the Thursdays of its month.
    pub fn days_apart(&self, other: &DateSet) -> f64 {
        let (a, b) = (self.days, other.days);
        if a.hi.value < b.lo.value {
            return b.lo.value - a.hi.value;
        }
        if b.hi.value < a.lo.value {
            return a.lo.value - b.hi.value;
        }
        // The spans overlap; weekdays may still keep the days apart, by 6 at most.
        let shifted = |k: i64| DateSet {
            days: other.days.shift(k as f64),
            weekday: other.weekday.map(|w| {
                let mut w = w;
                for _ in 0..k.rem_euclid(7) {
                    w = w.succ();
                }
                w
            }),
        };
        (0..7)
            .find(|&k| self.intersect(&shifted(k)).is_some() || self.intersect(&shifted(-k)).is_some())
            .unwrap_or(0) as f64
    }

    /// The days both sets allow, `None` when they are disjoint.
    pub fn intersect(&self, other: &DateSet) -> Option<DateSet> {
        let days = self.days.intersect(&other.days)?;
        let weekday = match (self.weekday, other.weekday) {
            (Some(a), Some(b)) if a != b => return None,
            (a, b) => a.or(b),
        };
        let meet = DateSet { days, weekday };
        (!meet.is_empty()).then_some(meet)
    }
}

/// `2014-01-08`, `2015-01-21..2015-01-22`, `..2003-12-31`, with a weekday when one is set.
impl std::fmt::Display for DateSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lo, hi) = (
            from_day_number(self.days.lo.value),
            from_day_number(self.days.hi.value),
        );
        match (lo, hi) {
            (Some(lo), Some(hi)) if lo == hi => write!(f, "{lo}")?,
            (Some(lo), Some(hi)) => write!(f, "{lo}..{hi}")?,
            (Some(lo), None) => write!(f, "{lo}..")?,
            (None, Some(hi)) => write!(f, "..{hi}")?,
            (None, None) => {}
        }
        match (self.weekday, lo.is_some() && lo == hi) {
            (Some(day), false) if lo.is_none() && hi.is_none() => write!(f, "{day}"),
            (Some(day), false) => write!(f, " ({day})"),
            _ => Ok(()),
        }
    }
}

/// Is this written date relative to the publication date?
pub fn is_relative(text: &str) -> bool {
    let text = tidy(text);
    text.starts_with("next ") || text.starts_with("last ") || text.ends_with(" ago")
}

fn month_index(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" { "sep" } else { word };
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))
        .map(|i| i as u32 + 1)
}

fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(w, _)| *w == word).map(|(_, d)| *d)
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn month_span(year: i32, month: u32) -> Option<DateSet> {
    Some(DateSet::span(
        NaiveDate::from_ymd_opt(year, month, 1)?,
        last_day_of_month(year, month)?,
    ))
}

fn year_span(year: i32) -> Option<DateSet> {
    Some(DateSet::span(
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// `1960s` → 1960.
fn decade(word: &str) -> Option<i32> {
    let start = year(word.strip_suffix('s')?)?;
    (start % 10 == 0).then_some(start)
}

/// A day of the month, `3` or `3,` or `3rd`.
fn day_of_month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(',');
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let day: u32 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// Absolute calendar dates without qualifiers.
fn calendar(text: &str) -> Option<DateSet> {
    if let Some(y) = year(text) {
        return year_span(y);
    }
    if let Some(start) = decade(text.strip_prefix("the ").unwrap_or(text)) {
        return Some(DateSet::span(
            NaiveDate::from_ymd_opt(start, 1, 1)?,
            NaiveDate::from_ymd_opt(start + 9, 12, 31)?,
        ));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(DateSet::day(date));
    }
    if let Some((y, m)) = text.split_once('-') {
        // `2009-07`: the month always has two digits.
        if let (Some(y), true) = (year(y), m.len() == 2) {
            return month_span(y, m.parse().ok()?);
        }
    }
    let words: Vec<&str> = text.split(' ').collect();
    match words.as_slice() {
        // July 2009
        [m, y] => month_span(year(y)?, month_index(m)?),
        // July 14, 2009 / Dec. 3, 2009 / 14 July 2009 / January 21-22, 2015
        [a, b, y] => {
            let y = year(y)?;
            if let Some(m) = month_index(a) {
                let b = b.trim_end_matches(',');
                if let Some((first, last)) = b.split_once(['-', '–']) {
                    let first = NaiveDate::from_ymd_opt(y, m, day_of_month(first)?)?;
                    let last = NaiveDate::from_ymd_opt(y, m, day_of_month(last)?)?;
                    return (first <= last).then(|| DateSet::span(first, last));
                }
                Some(DateSet::day(NaiveDate::from_ymd_opt(y, m, day_of_month(b)?)?))
            } else {
                let m = month_index(b)?;
                Some(DateSet::day(NaiveDate::from_ymd_opt(y, m, day_of_month(a)?)?))
            }
        }
        _ => None,
    }
}

/// `early`/`mid`/`late` part of a month, year or decade.
fn part_of(part: &str, rest: &str) -> Option<DateSet> {
    let words: Vec<&str> = rest.split(' ').collect();
    if let [m, y] = words.as_slice() {
        let (y, m) = (year(y)?, month_index(m)?);
        let last = last_day_of_month(y, m)?.day();
        let (a, b) = match part {
            "early" => (1, 10),
            "mid" => (11, 20),
            _ => (21, last),
        };
        return Some(DateSet::span(
            NaiveDate::from_ymd_opt(y, m, a)?,
            NaiveDate::from_ymd_opt(y, m, b)?,
        ));
    }
    if let Some(y) = year(rest) {
        let (a, b) = match part {
            "early" => (1, 4),
            "mid" => (5, 8),
            _ => (9, 12),
        };
        return Some(DateSet::span(
            NaiveDate::from_ymd_opt(y, a, 1)?,
            last_day_of_month(y, b)?,
        ));
    }
    let start = decade(rest.strip_prefix("the ").unwrap_or(rest))?;
    let (a, b) = match part {
        "early" => (0, 3),
        "mid" => (4, 6),
        _ => (7, 9),
    };
    Some(DateSet::span(
        NaiveDate::from_ymd_opt(start + a, 1, 1)?,
        NaiveDate::from_ymd_opt(start + b, 12, 31)?,
    ))
}

/// Parses a date; `published` anchors `next`/`last` weekdays and `… ago`.
///
/// A range's ends, and what `before` or `after` qualify, are single dates: nothing here
/// recurses, so no written date, however long, can exhaust the stack.
pub fn parse(text: &str, published: Option<&DateSet>) -> Result<DateSet, DateError> {
    let text = tidy(text);
    if let Some((a, b)) = text.split_once("..") {
        let (a, b) = (bounded(a, published)?, bounded(b, published)?);
        if a.days.lo.value > b.days.hi.value {
            return Err(DateError::Unparsed);
        }
        return Ok(DateSet {
            days: Interval::closed(a.days.lo.value, b.days.hi.value),
            weekday: None,
        });
    }
    bounded(&text, published)
}

/// A date that is not a range: `before` or `after` a single date, or a single date.
fn bounded(text: &str, published: Option<&DateSet>) -> Result<DateSet, DateError> {
    let text = clean(text);
    if text.contains("..") {
        return Err(DateError::Unparsed);
    }
    if let Some(rest) = strip_word_prefix(text, &["before"]) {
        let limit = single(clean(rest), published)?.days.lo.value;
        if !limit.is_finite() {
            return Err(DateError::Unparsed);
        }
        return Ok(DateSet {
            days: Interval::at_most(limit - 1.0, true),
            weekday: None,
        });
    }
    if let Some(rest) = strip_word_prefix(text, &["after"]) {
        let limit = single(clean(rest), published)?.days.hi.value;
        if !limit.is_finite() {
            return Err(DateError::Unparsed);
        }
        return Ok(DateSet {
            days: Interval::at_least(limit + 1.0, true),
            weekday: None,
        });
    }
    single(text, published)
}

/// Without a final full stop, surrounding spaces, or a leading `in`/`on`.
fn clean(text: &str) -> &str {
    let text = text.trim().trim_end_matches('.').trim();
    strip_word_prefix(text, &["in", "on"]).unwrap_or(text)
}

/// One date: a calendar date, a part of one, a weekday, or a date relative to `published`.
fn single(text: &str, published: Option<&DateSet>) -> Result<DateSet, DateError> {
    if let Some(day) = weekday(text) {
        return Ok(DateSet {
            days: Interval::closed(f64::NEG_INFINITY, f64::INFINITY),
            weekday: Some(day),
        });
    }
    for (direction, step) in [("next", 1.0), ("last", -1.0)] {
        if let Some(day) = strip_word_prefix(text, &[direction]).and_then(weekday) {
            let published = published.ok_or(DateError::NeedsPublished)?;
            let lo = nearest(published.days.lo.value, day, step).ok_or(DateError::Unparsed)?;
            let hi = nearest(published.days.hi.value, day, step).ok_or(DateError::Unparsed)?;
            return Ok(DateSet {
                days: Interval::closed(lo.min(hi), lo.max(hi)),
                weekday: Some(day),
            });
        }
    }
    if let Some(ago) = text.strip_suffix(" ago") {
        let span = duration::parse(ago, None).ok_or(DateError::Unparsed)?;
        let published = published.ok_or(DateError::NeedsPublished)?;
        let lo = (published.days.lo.value - span.hi.value).floor();
        let hi = (published.days.hi.value - span.lo.value).ceil();
        return Ok(DateSet {
            days: Interval::closed(lo, hi),
            weekday: None,
        });
    }
    for part in ["early", "mid", "late"] {
        let rest = text
            .strip_prefix(part)
            .and_then(|r| r.strip_prefix(' ').or_else(|| r.strip_prefix('-')));
        if let Some(rest) = rest {
            return part_of(part, rest).ok_or(DateError::Unparsed);
        }
    }
    calendar(text).ok_or(DateError::Unparsed)
}

/// The nearest day with `weekday` strictly after (`step` 1) or before (`step` -1) `from`.
fn nearest(from: f64, weekday: Weekday, step: f64) -> Option<f64> {
    let mut day = from + step;
    for _ in 0..7 {
        if from_day_number(day)?.weekday() == weekday {
            return Some(day);
        }
        day += step;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn span(a: NaiveDate, b: NaiveDate) -> DateSet {
        DateSet::span(a, b)
    }

    fn date(text: &str) -> DateSet {
        parse(text, None).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    /// A 72 KB `period` of repeated range marks overflowed the stack, ending the whole run.
    #[test]
    fn long_hostile_dates_are_refused_without_recursion() {
        for hostile in [
            "2003..".repeat(20_000),
            format!("{}2003", "before ".repeat(20_000)),
            format!("{}2003", "after ".repeat(20_000)),
            "..".repeat(40_000),
            "2003..2004..2005".to_string(),
        ] {
            assert_eq!(
                parse(&hostile, None),
                Err(DateError::Unparsed),
                "{}",
                &hostile[..30]
            );
        }
        // Ranges still take `before`, `after`, spaces and prepositions at either end.
        assert_eq!(
            date("in 2009-12-01 .. on 2009-12-10."),
            span(ymd(2009, 12, 1), ymd(2009, 12, 10))
        );
        assert_eq!(date("after 2003..2005").to_string(), "2004-01-01..2005-12-31");
    }

    #[test]
    fn years_have_four_digits() {
        for not_a_year in ["203", "12345", "20o3", "two thousand"] {
            assert_eq!(parse(not_a_year, None), Err(DateError::Unparsed), "{not_a_year}");
        }
        assert_eq!(date("0203"), span(ymd(203, 1, 1), ymd(203, 12, 31)));
    }

    #[test]
    fn a_range_may_be_a_single_day() {
        assert_eq!(date("2009-12-10..2009-12-10"), DateSet::day(ymd(2009, 12, 10)));
        assert_eq!(parse("2009-12-11..2009-12-10", None), Err(DateError::Unparsed));
    }

    #[test]
    fn ago_spans_the_stated_durations_back_from_published() {
        let published = DateSet::day(ymd(2014, 1, 6));
        let ago = parse("nearly 40 years ago", Some(&published)).unwrap();
        // `nearly 40 years` is 36 to 40 years of 365.25 days.
        let back = |days: i64| ymd(2014, 1, 6) - chrono::Duration::days(days);
        assert_eq!(ago, span(back(14_610), back(13_149)));
    }

    #[test]
    fn the_largest_years_render_as_dates() {
        assert_eq!(date("9999").to_string(), "9999-01-01..9999-12-31");
        // ISO 8601 writes years past 9999 with a sign.
        assert_eq!(date("after 9999").to_string(), "+10000-01-01..");
        assert_eq!(date("before 0001").to_string(), "..0000-12-31");
    }

    #[test]
    fn days_apart_counts_the_nearest_days_and_weekdays() {
        let d = |text: &str| parse(text, None).unwrap();
        assert_eq!(d("2003").days_apart(&d("2004")), 1.0);
        assert_eq!(d("2004").days_apart(&d("2003")), 1.0);
        assert_eq!(d("2014-01-08").days_apart(&d("2014-01-18")), 10.0);
        assert_eq!(d("2003").days_apart(&d("July 2003")), 0.0);
        let thursdays = d("January 2014").intersect(&d("Thursday")).unwrap();
        // 8 January 2014 was a Wednesday, the day before a Thursday.
        assert_eq!(thursdays.days_apart(&d("2014-01-08")), 1.0);
        assert_eq!(d("2014-01-08").days_apart(&thursdays), 1.0);
        assert_eq!(d("Monday").days_apart(&d("Thursday")), 3.0);
        assert_eq!(d("Thursday").days_apart(&d("Monday")), 3.0);
    }

    #[test]
    fn day_numbers_are_dates_within_four_million_days() {
        let limit = 4_000_000.0;
        assert!(from_day_number(limit).is_some());
        assert!(from_day_number(-limit).is_some());
        assert_eq!(from_day_number(limit + 1.0), None);
        assert_eq!(from_day_number(-limit - 1.0), None);
        assert_eq!(from_day_number(f64::INFINITY), None);
        assert_eq!(from_day_number(f64::NAN), None);
        assert_eq!(
            from_day_number(day_number(ymd(2014, 1, 8))),
            Some(ymd(2014, 1, 8))
        );
    }

    #[test]
    fn a_weekday_set_is_empty_only_when_no_day_in_it_has_that_weekday() {
        let thursday = |days: Interval| DateSet {
            days,
            weekday: Some(Weekday::Thu),
        };
        let day = |d: NaiveDate| day_number(d);
        // 2014-01-06 is a Monday: Monday to Wednesday has no Thursday, Monday to Thursday has.
        assert!(thursday(Interval::closed(day(ymd(2014, 1, 6)), day(ymd(2014, 1, 8)))).is_empty());
        assert!(!thursday(Interval::closed(day(ymd(2014, 1, 6)), day(ymd(2014, 1, 9)))).is_empty());
        // Seven days or more always hold one, as does an open end.
        assert!(!thursday(Interval::closed(day(ymd(2014, 1, 10)), day(ymd(2014, 1, 16)))).is_empty());
        assert!(!thursday(Interval::at_least(day(ymd(2014, 1, 10)), true)).is_empty());
        assert!(!thursday(Interval::at_most(day(ymd(2014, 1, 8)), true)).is_empty());
        // Without a weekday, any day will do.
        assert!(!DateSet::day(ymd(2014, 1, 7)).is_empty());
    }

    #[test]
    fn weekdays_meet_dates_that_fall_on_them() {
        let thursday = date("Thursday");
        assert_eq!(thursday.intersect(&thursday), Some(thursday));
        let day = date("2014-01-09");
        assert_eq!(
            thursday.intersect(&day),
            Some(DateSet {
                days: day.days,
                weekday: Some(Weekday::Thu)
            })
        );
        assert_eq!(date("Friday").intersect(&day), None);
        assert_eq!(date("Friday").intersect(&thursday), None);
    }

    #[test]
    fn dates_display_as_days_ranges_and_weekdays() {
        assert_eq!(date("2014-01-08").to_string(), "2014-01-08");
        assert_eq!(date("January 2014").to_string(), "2014-01-01..2014-01-31");
        assert_eq!(date("after 2003").to_string(), "2004-01-01..");
        assert_eq!(date("before 2004").to_string(), "..2003-12-31");
        assert_eq!(date("Thursday").to_string(), "Thu");
        let week = date("2014-01-06..2014-01-12")
            .intersect(&date("Thursday"))
            .unwrap();
        assert_eq!(week.to_string(), "2014-01-06..2014-01-12 (Thu)");
        let day = date("2014-01-09").intersect(&date("Thursday")).unwrap();
        assert_eq!(day.to_string(), "2014-01-09");
        let open = date("after 2003").intersect(&date("Thursday")).unwrap();
        assert_eq!(open.to_string(), "2004-01-01.. (Thu)");
        let open = date("before 2004").intersect(&date("Thursday")).unwrap();
        assert_eq!(open.to_string(), "..2003-12-31 (Thu)");
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(date("2003"), span(ymd(2003, 1, 1), ymd(2003, 12, 31)));
        assert_eq!(date("2009-07"), span(ymd(2009, 7, 1), ymd(2009, 7, 31)));
        assert_eq!(date("2009-07-14"), DateSet::day(ymd(2009, 7, 14)));
        assert_eq!(date("July 2009"), span(ymd(2009, 7, 1), ymd(2009, 7, 31)));
        assert_eq!(date("July 14, 2009"), DateSet::day(ymd(2009, 7, 14)));
        assert_eq!(date("14 July 2009"), DateSet::day(ymd(2009, 7, 14)));
        assert_eq!(date("Dec. 3, 2009"), DateSet::day(ymd(2009, 12, 3)));
        assert_eq!(date("Sept. 30, 2013"), DateSet::day(ymd(2013, 9, 30)));
        assert_eq!(date("February 2010"), span(ymd(2010, 2, 1), ymd(2010, 2, 28)));
        assert_eq!(
            date("January 21-22, 2015"),
            span(ymd(2015, 1, 21), ymd(2015, 1, 22))
        );
    }

    #[test]
    fn parts_of_months_years_and_decades() {
        assert_eq!(
            date("early December 2009"),
            span(ymd(2009, 12, 1), ymd(2009, 12, 10))
        );
        assert_eq!(
            date("mid-December 2009"),
            span(ymd(2009, 12, 11), ymd(2009, 12, 20))
        );
        assert_eq!(
            date("late December 2009"),
            span(ymd(2009, 12, 21), ymd(2009, 12, 31))
        );
        assert_eq!(
            date("late February 2012"),
            span(ymd(2012, 2, 21), ymd(2012, 2, 29))
        );
        assert_eq!(date("early 2009"), span(ymd(2009, 1, 1), ymd(2009, 4, 30)));
        assert_eq!(date("mid 2009"), span(ymd(2009, 5, 1), ymd(2009, 8, 31)));
        assert_eq!(date("late 2009"), span(ymd(2009, 9, 1), ymd(2009, 12, 31)));
        assert_eq!(date("1960s"), span(ymd(1960, 1, 1), ymd(1969, 12, 31)));
        assert_eq!(date("early 1960s"), span(ymd(1960, 1, 1), ymd(1963, 12, 31)));
        assert_eq!(date("mid 1960s"), span(ymd(1964, 1, 1), ymd(1966, 12, 31)));
        assert_eq!(date("late 1960s"), span(ymd(1967, 1, 1), ymd(1969, 12, 31)));
    }

    #[test]
    fn ranges_and_open_ends() {
        assert_eq!(
            date("2009-12-01..2009-12-10"),
            span(ymd(2009, 12, 1), ymd(2009, 12, 10))
        );
        let before = date("before 2004");
        assert_eq!(before.days.hi.value, day_number(ymd(2003, 12, 31)));
        assert!(before.days.lo.value.is_infinite());
        let after = date("after July 2003");
        assert_eq!(after.days.lo.value, day_number(ymd(2003, 8, 1)));
        assert!(parse("2004..2003", None).is_err());
    }

    #[test]
    fn relative_dates_use_published() {
        // 2014-01-06 was a Monday.
        let published = DateSet::day(ymd(2014, 1, 6));
        assert_eq!(
            parse("next Wednesday", Some(&published)).unwrap().days,
            DateSet::day(ymd(2014, 1, 8)).days
        );
        assert_eq!(
            parse("last Thursday", Some(&published)).unwrap().days,
            DateSet::day(ymd(2014, 1, 2)).days
        );
        // Strictly after: next Monday from a Monday is a week later.
        assert_eq!(
            parse("next Monday", Some(&published)).unwrap().days,
            DateSet::day(ymd(2014, 1, 13)).days
        );
        assert_eq!(parse("next Wednesday", None), Err(DateError::NeedsPublished));
        let ago = parse("half a century ago", Some(&published)).unwrap();
        assert!(ago.intersect(&date("1964")).is_some());
        assert!(ago.intersect(&date("1950")).is_none());
    }

    #[test]
    fn display() {
        assert_eq!(date("2014-01-08").to_string(), "2014-01-08");
        assert_eq!(date("early December 2009").to_string(), "2009-12-01..2009-12-10");
        assert_eq!(date("after 2003").to_string(), "2004-01-01..");
        assert_eq!(date("Thursday").to_string(), "Thu");
        assert!(is_relative("next Wednesday") && is_relative("50 years ago") && !is_relative("2003"));
    }

    #[test]
    fn relative_to_an_uncertain_publication_spans() {
        let published = date("2015-01-08..2015-01-12");
        let next = parse("next Wednesday", Some(&published)).unwrap();
        assert_eq!(next.days, span(ymd(2015, 1, 14), ymd(2015, 1, 14)).days);
    }

    #[test]
    fn weekdays_agree_with_dates_that_fall_on_them() {
        let thursday = date("Thursday");
        assert!(thursday.intersect(&date("2014-01-09")).is_some());
        assert!(thursday.intersect(&date("2014-01-08")).is_none());
        assert!(thursday.intersect(&date("2014")).is_some());
        assert!(thursday.intersect(&date("Wednesday")).is_none());
    }

    #[test]
    fn agreement_examples_from_the_spec() {
        assert!(date("2003").intersect(&date("July 2003")).is_some());
        assert!(date("July 2003").intersect(&date("2003")).is_some());
        assert!(date("2003").intersect(&date("2004")).is_none());
        assert!(date("early 1960s").intersect(&date("1961")).is_some());
        assert!(date("1961").intersect(&date("early 1960s")).is_some());
    }

    #[test]
    fn rejects_non_dates() {
        for text in ["soon", "2009-13", "February 30, 2010", "Smarch 2009", "next week"] {
            assert_eq!(parse(text, None), Err(DateError::Unparsed), "{text}");
        }
    }
}
