//! Dates as articles write them — `2003`, `Dec. 3, 2009`, `early 1960s`, `next Thursday`,
//! `nearly 40 years ago`, a bare `Thursday` — as sets of days.

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use super::duration;
use super::interval::Interval;
use super::number::{strip_word_prefix, tidy};
use super::time::{self, Clock, DAY};

/// A set of days: an interval of day numbers (days since 1 January of year 1, inclusive
/// ends), optionally restricted to one weekday, and narrowed by a time of day.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DateSet {
    pub days: Interval,
    pub weekday: Option<Weekday>,
    /// Where the set begins within its first day, in minutes after midnight: 0 for whole
    /// days. Minutes, not a second interval, keep a claim's size.
    pub start: u16,
    /// Where the set ends within its last day, in minutes after midnight, exclusive: 1440
    /// for whole days.
    pub end: u16,
}

/// Periods a case names in `case.yaml` (`Q3 FY24: 2023-07-31..2023-10-29`), by their
/// name folded as [`period_key`] folds it.
pub type Periods = std::collections::HashMap<String, DateSet>;

/// What a case sets for all its dates: the periods it names and the zone its clocks
/// keep (`timezone:`).
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    pub periods: Periods,
    pub zone: Option<Tz>,
}

/// A period's name as claims may write it: case and spacing folded, a leading `in`,
/// `on` or `the` ignored.
pub fn period_key(text: &str) -> String {
    let text = tidy(text);
    let text = clean(&text);
    strip_word_prefix(text, &["the"]).unwrap_or(text).to_string()
}

/// A date, or the name of one of the case's periods, on the case's clock.
pub fn parse_in_case(
    text: &str,
    published: Option<&DateSet>,
    calendar: &Calendar,
) -> Result<DateSet, DateError> {
    match calendar.periods.get(&period_key(text)) {
        Some(period) => Ok(*period),
        None => parse_on_clock(text, published, calendar.zone),
    }
}

/// Why a date did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date form at all.
    Unparsed,
    /// A relative date (`next Thursday`, `… ago`, `yesterday`, `June 2`) in a source
    /// without `published`.
    NeedsPublished,
    /// A weekday beside a date it does not fall on: `Thursday (June 2, 2023)`.
    WrongWeekday { date: NaiveDate, said: Weekday },
    /// A time of day without a day (`at about 7 pm`) where a date is expected.
    TimeWithoutDate,
    /// A time in a named zone (`13:45 GMT`) in a case whose `case.yaml` sets no
    /// `timezone:` to compare it in.
    NoCaseZone,
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
    /// Whole days: `days`, perhaps only those on `weekday`.
    pub fn whole(days: Interval, weekday: Option<Weekday>) -> DateSet {
        DateSet {
            days,
            weekday,
            start: 0,
            end: DAY as u16,
        }
    }

    fn span(first: NaiveDate, last: NaiveDate) -> DateSet {
        DateSet::whole(Interval::closed(day_number(first), day_number(last)), None)
    }

    /// Does a time of day narrow the set?
    pub fn is_timed(&self) -> bool {
        self.start != 0 || self.end != DAY as u16
    }

    /// The set as minutes since the start of day 0, `[from, to)`; open ends stay infinite.
    pub fn minutes(&self) -> (f64, f64) {
        let day = f64::from(DAY);
        (
            self.days.lo.value * day + f64::from(self.start),
            self.days.hi.value * day + f64::from(self.end),
        )
    }

    /// The instants of the set, in minutes: for telling apart moments of one day.
    pub fn instants(&self) -> Interval {
        let (from, to) = self.minutes();
        Interval::half_open(from, to)
    }

    /// The set of minutes `[from, to)` (since the start of day 0).
    fn from_minutes(from: f64, to: f64, weekday: Option<Weekday>) -> DateSet {
        let day = f64::from(DAY);
        let first = (from / day).floor();
        let last = ((to - 1.0) / day).floor();
        DateSet {
            days: Interval::closed(first, last),
            weekday,
            start: if from.is_finite() {
                (from - first * day) as u16
            } else {
                0
            },
            end: if to.is_finite() {
                (to - last * day) as u16
            } else {
                DAY as u16
            },
        }
    }

    /// The fewest whole minutes between a minute of each set: 25 from `6:55 pm` to
    /// `7:20 pm`, 0 when they share one.
    pub fn minutes_apart(&self, other: &DateSet) -> f64 {
        time::linear_gap(self.minutes(), other.minutes())
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
        // The spans overlap; weekdays may still keep the days apart, by 6 at most. Days
        // are counted whole, whatever their times.
        let own = DateSet::whole(self.days, self.weekday);
        let shifted = |k: i64| {
            DateSet::whole(
                other.days.shift(k as f64),
                other.weekday.map(|w| {
                    let mut w = w;
                    for _ in 0..k.rem_euclid(7) {
                        w = w.succ();
                    }
                    w
                }),
            )
        };
        (0..7)
            .find(|&k| own.intersect(&shifted(k)).is_some() || own.intersect(&shifted(-k)).is_some())
            .unwrap_or(0) as f64
    }

    /// The days (and times) both sets allow, `None` when they are disjoint.
    pub fn intersect(&self, other: &DateSet) -> Option<DateSet> {
        let days = self.days.intersect(&other.days)?;
        let weekday = match (self.weekday, other.weekday) {
            (Some(a), Some(b)) if a != b => return None,
            (a, b) => a.or(b),
        };
        let meet = if self.is_timed() || other.is_timed() {
            let ((a0, a1), (b0, b1)) = (self.minutes(), other.minutes());
            let (from, to) = (a0.max(b0), a1.min(b1));
            if from >= to {
                return None;
            }
            DateSet::from_minutes(from, to, weekday)
        } else {
            DateSet::whole(days, weekday)
        };
        (!meet.is_empty()).then_some(meet)
    }
}

/// `2014-01-08`, `2015-01-21..2015-01-22`, `..2003-12-31`, with a weekday when one is set;
/// with a time, `2023-06-02 19:20`, `2023-06-03 04:00..11:59` (the last minute included,
/// as the last day of a range is).
impl DateSet {
    /// The dates as claimcheck reads them back: a timed set with the day at both ends
    /// (`2023-06-03 17:00..2023-06-03 23:59`), as a review's `period` may write it; other
    /// sets as they are shown.
    pub fn as_written(&self) -> String {
        let (from, to) = self.minutes();
        if self.is_timed() && from.is_finite() && to.is_finite() {
            let minute = |m: f64| time::datetime(m as i64).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
            if let (Some(first), Some(last)) = (minute(from), minute(to - 1.0)) {
                return if first == last {
                    first
                } else {
                    format!("{first}..{last}")
                };
            }
        }
        self.to_string()
    }
}

impl std::fmt::Display for DateSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (from, to) = self.minutes();
        // `before June 3, 2023, 9:00 am` ends at a minute.
        if self.is_timed() && from.is_finite() != to.is_finite() {
            let minute = |m: f64| time::datetime(m as i64).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
            if let Some(last) = minute(to - 1.0).filter(|_| to.is_finite()) {
                return write!(f, "..{last}");
            }
            if let Some(first) = minute(from) {
                return write!(f, "{first}..");
            }
        }
        if self.is_timed() && from.is_finite() && to.is_finite() {
            let (first, last) = (time::datetime(from as i64), time::datetime(to as i64 - 1));
            if let (Some(first), Some(last)) = (first, last) {
                let first_day = first.date();
                write!(f, "{first_day} {}", first.format("%H:%M"))?;
                if last == first {
                    return Ok(());
                }
                if last.date() == first_day {
                    return write!(f, "..{}", last.format("%H:%M"));
                }
                write!(f, "..{}", last.format("%Y-%m-%d %H:%M"))?;
                return match self.weekday {
                    Some(day) => write!(f, " ({day})"),
                    None => Ok(()),
                };
            }
        }
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

/// Is this written date relative to the publication date? Then reports show what it
/// resolved to.
pub fn is_relative(text: &str) -> bool {
    let remember = text.len() <= KNOWN_LONGEST;
    if let Some(known) = KNOWN.with_borrow(|known| known.get(text).copied()) {
        return known;
    }
    let relative = matches!(parse(text, None), Err(DateError::NeedsPublished)) || is_bare_weekday(text);
    if remember {
        KNOWN.with_borrow_mut(|known| {
            if known.len() >= KNOWN_MOST {
                known.clear();
            }
            known.insert(text.into(), relative);
        });
    }
    relative
}

// Findings ask [`is_relative`] of every date they show, and most are written alike
// (`2003`, `mid-July 2009`): parsing each again took a fifth of making a large case's
// findings. Short texts only are remembered, and at most `KNOWN_MOST` of them a thread.
thread_local! {
    static KNOWN: std::cell::RefCell<std::collections::HashMap<Box<str>, bool>> = Default::default();
}
const KNOWN_MOST: usize = 4096;
const KNOWN_LONGEST: usize = 64;

/// Is this a weekday alone (`Thursday`, `on Sunday`)?
pub fn is_bare_weekday(text: &str) -> bool {
    weekday(clean(&tidy(text))).is_some()
}

/// Days named relative to the publication day: `yesterday` is the day before.
const DAY_WORDS: [(&str, f64); 3] = [("today", 0.0), ("yesterday", -1.0), ("tomorrow", 1.0)];

/// Words for a part of a day relative to publication: `last night` is the night of the
/// day before, which runs past midnight into the publication day.
const PARTS_OF_DAY_WORDS: [(&str, &str, &str); 5] = [
    ("tonight", "today", "tonight"),
    ("last night", "yesterday", "night"),
    ("this morning", "today", "morning"),
    ("this afternoon", "today", "afternoon"),
    ("this evening", "today", "evening"),
];

/// A day of a month without its year — `June 2`, `Oct. 29`, `2 June`, `June 2nd` — as
/// (month, day).
fn month_day(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once(' ')?;
    match (month_index(a), month_index(b)) {
        (Some(m), None) => Some((m, day_of_month(b)?)),
        (None, Some(m)) => Some((m, day_of_month(a)?)),
        _ => None,
    }
}

/// The occurrence of a month and day nearest `published`, for each end of `published`;
/// a tie goes to the earlier.
fn nearest_occurrence(month: u32, day: u32, published: &DateSet) -> Option<DateSet> {
    let nearest = |from: f64| -> Option<f64> {
        let year = from_day_number(from)?.year();
        (year - 1..=year + 1)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .map(day_number)
            .min_by(|a, b| (a - from).abs().total_cmp(&(b - from).abs()).then(a.total_cmp(b)))
    };
    let (lo, hi) = (
        nearest(published.days.lo.value)?,
        nearest(published.days.hi.value)?,
    );
    Some(DateSet::whole(Interval::closed(lo.min(hi), lo.max(hi)), None))
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
    if let Some(part) = quarter_or_half(text) {
        return Some(part);
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

/// Calendar quarters and halves: `Q3 2023`, `3Q23`, `3Q 2023`, `third quarter of 2023`,
/// `the 3rd quarter of 2023`, `H1 2023`, `1H23`, `first half of 2023`. A two-digit year
/// is in this century.
fn quarter_or_half(text: &str) -> Option<DateSet> {
    let text = text.strip_prefix("the ").unwrap_or(text);
    let full_year = |y: &str| -> Option<i32> {
        year(y).or_else(|| {
            (y.len() == 2 && y.chars().all(|c| c.is_ascii_digit()))
                .then(|| 2000 + y.parse::<i32>().unwrap_or(0))
        })
    };
    // (months in the part, which part, year)
    let (months, n, y): (u32, u32, i32) = if let Some((part, y)) = text
        .split_once(" quarter of ")
        .or_else(|| text.split_once(" quarter "))
    {
        (3, ordinal_up_to_four(part)?, year(y)?)
    } else if let Some((part, y)) = text.split_once(" half of ").or_else(|| text.split_once(" half ")) {
        (6, ordinal_up_to_four(part).filter(|&n| n <= 2)?, year(y)?)
    } else {
        // `q3 2023`, `3q 2023`, `3q23`, `h1 2023`, `1h23`.
        let (code, y) = match text.split_once(' ') {
            Some((code, y)) => (code, full_year(y)?),
            None if text.len() == 4 => (&text[..2], full_year(&text[2..])?),
            None => return None,
        };
        let mut chars = code.chars();
        let (a, b) = (chars.next()?, chars.next()?);
        if chars.next().is_some() {
            return None;
        }
        let (letter, digit) = if a.is_ascii_digit() { (b, a) } else { (a, b) };
        let n = digit.to_digit(10)?;
        match letter {
            'q' if (1..=4).contains(&n) => (3, n, y),
            'h' if (1..=2).contains(&n) => (6, n, y),
            _ => return None,
        }
    };
    let first = (n - 1) * months + 1;
    Some(DateSet::span(
        NaiveDate::from_ymd_opt(y, first, 1)?,
        last_day_of_month(y, first + months - 1)?,
    ))
}

/// `first` to `fourth`, or `1st` to `4th`.
fn ordinal_up_to_four(word: &str) -> Option<u32> {
    let n = match word {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    };
    Some(n)
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

/// Parses a date; `published` anchors `next`/`last` weekdays and `… ago`. A time in a
/// named zone needs a case clock: see [`parse_on_clock`].
///
/// A range's ends, and what `before` or `after` qualify, are single dates: nothing here
/// recurses, so no written date, however long, can exhaust the stack.
pub fn parse(text: &str, published: Option<&DateSet>) -> Result<DateSet, DateError> {
    parse_on_clock(text, published, None)
}

/// Parses a date whose times are placed on the clock of `zone` (the case's `timezone:`).
pub fn parse_on_clock(
    text: &str,
    published: Option<&DateSet>,
    zone: Option<Tz>,
) -> Result<DateSet, DateError> {
    let text = tidy(text);
    if let Some((a, b)) = text.split_once("..") {
        let (a, b) = (bounded(a, published, zone)?, bounded(b, published, zone)?);
        let ((from, _), (_, to)) = (a.minutes(), b.minutes());
        if from >= to {
            return Err(DateError::Unparsed);
        }
        return Ok(DateSet::from_minutes(from, to, None));
    }
    bounded(&text, published, zone)
}

/// A date that is not a range: `before` or `after` a single date, or a single date.
fn bounded(text: &str, published: Option<&DateSet>, zone: Option<Tz>) -> Result<DateSet, DateError> {
    let text = clean(text);
    if text.contains("..") {
        return Err(DateError::Unparsed);
    }
    if let Some(rest) = strip_word_prefix(text, &["before"]) {
        let (limit, _) = single(clean(rest), published, zone)?.minutes();
        if !limit.is_finite() {
            return Err(DateError::Unparsed);
        }
        return Ok(DateSet::from_minutes(f64::NEG_INFINITY, limit, None));
    }
    if let Some(rest) = strip_word_prefix(text, &["after"]) {
        let (_, limit) = single(clean(rest), published, zone)?.minutes();
        if !limit.is_finite() {
            return Err(DateError::Unparsed);
        }
        return Ok(DateSet::from_minutes(limit, f64::INFINITY, None));
    }
    single(text, published, zone)
}

/// Without a final full stop, surrounding spaces, or a leading `in`/`on`.
fn clean(text: &str) -> &str {
    let text = text.trim().trim_end_matches('.').trim();
    strip_word_prefix(text, &["in", "on"]).unwrap_or(text)
}

/// One date, perhaps with a time of day: `June 2, 2023, 7:20 pm`, `the morning of June 3`.
fn single(text: &str, published: Option<&DateSet>, zone: Option<Tz>) -> Result<DateSet, DateError> {
    if time::may_hold_time(text) {
        // The first reading whose day is a date; else the most telling error of a day.
        let mut error = DateError::Unparsed;
        for (day, clock) in time_splits(text) {
            match weekday_and_day(day, published) {
                Ok(day) => return at_time(day, clock, zone),
                Err(DateError::Unparsed) => {}
                Err(other) => error = other,
            }
        }
        if time::parse(text).is_some() {
            return Err(DateError::TimeWithoutDate);
        }
        if error != DateError::Unparsed {
            return Err(error);
        }
    }
    weekday_and_day(text, published)
}

/// The ways to read `text` as a day and a time: an ISO date-time, a day word with a part
/// of the day (`tonight`), the time after the day (`June 2, 2023, 7:20 pm`, `June 2 at 7
/// pm`, `Friday night`) or before it (`7:20 pm on June 2`, `the morning of June 3`,
/// `7 pm yesterday`), the longest time first.
fn time_splits(text: &str) -> Vec<(&str, Clock)> {
    let mut splits = Vec::new();
    splits.extend(time::iso_date_time(text));
    if let Some((_, day, part)) = PARTS_OF_DAY_WORDS.iter().find(|(w, _, _)| *w == text) {
        splits.extend(time::parse(part).map(|clock| (*day, clock)));
    }
    // Every split is read, each in time linear in the text: only a text of a few words
    // (`shortly after 7:20 pm local time on Friday, June 2, 2023` has eleven) can be a
    // day with a time, and a long one must not cost its length squared.
    let spaces: Vec<usize> = text.match_indices(' ').take(MAX_WORDS).map(|(i, _)| i).collect();
    if spaces.len() >= MAX_WORDS {
        return splits;
    }
    for &i in &spaces {
        if let Some(clock) = time::parse(&text[i + 1..]) {
            splits.push((text[..i].trim_end_matches(',').trim_end(), clock));
        }
    }
    for &i in spaces.iter().rev() {
        if let Some(clock) = time::parse(text[..i].trim_end_matches(',')) {
            let day = &text[i + 1..];
            splits.push((strip_word_prefix(day, &["on", "of"]).unwrap_or(day), clock));
        }
    }
    splits
}

/// The most words a day with a time is read from.
const MAX_WORDS: usize = 16;

/// Narrows whole days to a time of day on each, placed on the case's clock.
fn at_time(day: DateSet, clock: Clock, zone: Option<Tz>) -> Result<DateSet, DateError> {
    let (first, last) = (day.days.lo.value, day.days.hi.value);
    // A time is of one day (or of one weekday near publication): `2004 at 7 pm` is no date,
    // nor is `Friday 6.55pm` without a publication date to find the Friday by.
    if !first.is_finite() || (first != last && day.weekday.is_none()) {
        return Err(DateError::Unparsed);
    }
    let minutes = |day: f64, minute: i32| day as i64 * i64::from(DAY) + i64::from(minute);
    let (from, to) = time::to_case_clock(
        minutes(first, clock.from),
        minutes(last, clock.to),
        clock.zone,
        zone,
    )
    .map_err(|_| DateError::NoCaseZone)?;
    // Moved to another zone's clock, the time may fall on another weekday.
    let weekday = day
        .weekday
        .filter(|_| (from, to) == (minutes(first, clock.from), minutes(last, clock.to)));
    let placed = DateSet::from_minutes(from as f64, to as f64, weekday);
    if placed.is_empty() {
        return Err(DateError::Unparsed);
    }
    Ok(placed)
}

/// One day, perhaps after its weekday: `Friday (June 2, 2023)`, `Friday, June 2`. The
/// weekday must fit the date. The date after it is read without a weekday of its own,
/// so nothing recurses.
fn weekday_and_day(text: &str, published: Option<&DateSet>) -> Result<DateSet, DateError> {
    if let Some((first, rest)) = text.split_once([' ', ',']) {
        if let Some(said) = weekday(first) {
            let rest = rest.trim_start_matches([',', ' ', '(']).trim_end_matches(')');
            let date = plain(rest, published)?;
            let with_weekday = DateSet::whole(date.days, Some(said));
            return match date.intersect(&with_weekday) {
                Some(meet) => Ok(meet),
                None => Err(DateError::WrongWeekday {
                    date: from_day_number(date.days.lo.value).ok_or(DateError::Unparsed)?,
                    said,
                }),
            };
        }
    }
    plain(text, published)
}

/// One date without a weekday before it: a calendar date, a part of one, a weekday, or a
/// date relative to `published`.
fn plain(text: &str, published: Option<&DateSet>) -> Result<DateSet, DateError> {
    if let Some(day) = weekday(text) {
        // A bare weekday is the one within six days of publication: that day itself, or
        // the last or the next one, both possible. Without `published`, any such weekday.
        let days = match published {
            Some(p) => {
                let last = nearest(p.days.lo.value + 1.0, day, -1.0).ok_or(DateError::Unparsed)?;
                let next = nearest(p.days.hi.value - 1.0, day, 1.0).ok_or(DateError::Unparsed)?;
                Interval::closed(last, next)
            }
            None => Interval::closed(f64::NEG_INFINITY, f64::INFINITY),
        };
        return Ok(DateSet::whole(days, Some(day)));
    }
    if let Some((_, shift)) = DAY_WORDS.iter().find(|(w, _)| *w == text) {
        let published = published.ok_or(DateError::NeedsPublished)?;
        return Ok(DateSet::whole(published.days.shift(*shift), None));
    }
    if let Some((month, day)) = month_day(text.trim_end_matches(',')) {
        let published = published.ok_or(DateError::NeedsPublished)?;
        return nearest_occurrence(month, day, published).ok_or(DateError::Unparsed);
    }
    for (direction, step) in [("next", 1.0), ("last", -1.0)] {
        if let Some(day) = strip_word_prefix(text, &[direction]).and_then(weekday) {
            let published = published.ok_or(DateError::NeedsPublished)?;
            let lo = nearest(published.days.lo.value, day, step).ok_or(DateError::Unparsed)?;
            let hi = nearest(published.days.hi.value, day, step).ok_or(DateError::Unparsed)?;
            return Ok(DateSet::whole(
                Interval::closed(lo.min(hi), lo.max(hi)),
                Some(day),
            ));
        }
    }
    if let Some(ago) = text.strip_suffix(" ago") {
        let span = duration::parse(ago, None).ok_or(DateError::Unparsed)?;
        let published = published.ok_or(DateError::NeedsPublished)?;
        let lo = (published.days.lo.value - span.hi.value).floor();
        let hi = (published.days.hi.value - span.lo.value).ceil();
        return Ok(DateSet::whole(Interval::closed(lo, hi), None));
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

    fn on(published: &str) -> DateSet {
        parse(published, None).unwrap()
    }

    #[test]
    fn calendar_quarters_and_halves() {
        let d = |text: &str| parse(text, None).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        for text in [
            "Q3 2023",
            "q3 2023",
            "3Q23",
            "3Q 2023",
            "third quarter of 2023",
            "the third quarter of 2023",
            "3rd quarter 2023",
        ] {
            assert_eq!(d(text), d("2023-07-01..2023-09-30"), "{text}");
        }
        assert_eq!(d("Q1 2024"), d("2024-01-01..2024-03-31"));
        assert_eq!(d("Q4 2023"), d("2023-10-01..2023-12-31"));
        assert_eq!(d("fourth quarter of 2023"), d("2023-10-01..2023-12-31"));
        assert_eq!(d("the 1st quarter of 2023"), d("2023-01-01..2023-03-31"));
        assert_eq!(d("second quarter of 2023"), d("2023-04-01..2023-06-30"));
        for text in ["H1 2023", "1H23", "first half of 2023", "the first half of 2023"] {
            assert_eq!(d(text), d("2023-01-01..2023-06-30"), "{text}");
        }
        assert_eq!(d("second half of 2023"), d("2023-07-01..2023-12-31"));
        assert_eq!(d("in Q2 2023"), d("2023-04-01..2023-06-30"));
        assert!(d("Q3 2023").intersect(&d("August 2023")).is_some());
        assert!(d("Q3 2023").intersect(&d("October 2023")).is_none());
        for bad in [
            "Q5 2023",
            "Q0 2023",
            "H3 2023",
            "H0 2023",
            "fifth quarter of 2023",
            "third half of 2023",
            "Q3",
            "QQ23",
            "Q3 20234",
        ] {
            assert!(parse(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_with_a_time_of_day() {
        for text in [
            "June 2, 2023, 7:20 pm",
            "June 2, 2023 at 7:20 pm",
            "June 2, 2023 at 7.20 PM",
            "2 June 2023, 19:20",
            "2023-06-02T19:20",
            "2023-06-02T19:20:00",
            "2023-06-02 19:20",
            "7:20 pm on June 2, 2023",
            "7.20pm, June 2, 2023",
            "Friday, June 2, 2023, 7:20 pm",
            "on June 2, 2023 at 1920 hrs",
        ] {
            assert_eq!(date(text).to_string(), "2023-06-02 19:20", "{text}");
        }
        assert_eq!(
            date("June 2, 2023, at about 7 pm").to_string(),
            "2023-06-02 18:15..19:44"
        );
        assert_eq!(
            date("June 3, 2023, morning").to_string(),
            "2023-06-03 04:00..11:59"
        );
        assert_eq!(
            date("June 3 2023 in the morning").to_string(),
            "2023-06-03 04:00..11:59"
        );
        assert_eq!(
            date("the night of June 2, 2023").to_string(),
            "2023-06-02 20:00..2023-06-03 05:59"
        );
        // A minute agrees with its day and its part of the day, not with another time.
        let (minute, evening) = (date("June 2, 2023, 7:20 pm"), date("the evening of June 2, 2023"));
        assert_eq!(minute.intersect(&date("2023-06-02")), Some(minute));
        assert_eq!(date("2023-06-02").intersect(&minute), Some(minute));
        assert!(minute.intersect(&evening).is_some());
        assert!(minute.intersect(&date("June 2, 2023, 6:55 pm")).is_none());
        assert!(minute.intersect(&date("June 2, 2023, morning")).is_none());
        assert!(minute.intersect(&date("2023-06-03")).is_none());
        assert_eq!(minute.minutes_apart(&date("June 2, 2023, 6:55 pm")), 25.0);
        assert_eq!(date("June 2, 2023, 6:55 pm").minutes_apart(&minute), 25.0);
        assert_eq!(minute.minutes_apart(&evening), 0.0);
        // Whole days are counted whole, whatever the time.
        assert_eq!(minute.days_apart(&date("June 3, 2023, 1 am")), 1.0);
        // A time alone is no date.
        assert_eq!(parse("at about 7 pm", None), Err(DateError::TimeWithoutDate));
        assert_eq!(parse("noon", None), Err(DateError::TimeWithoutDate));
        assert_eq!(parse("7pm", None), Err(DateError::TimeWithoutDate));
        assert_eq!(parse("Friday 6.55pm", None), Err(DateError::Unparsed));
        let published = parse("2023-06-05", None).unwrap();
        assert_eq!(
            parse("Friday 6.55pm", Some(&published)).map(|d| d.to_string()),
            Ok("2023-06-02 18:55..2023-06-09 18:55 (Fri)".to_string())
        );
        assert_eq!(parse("19:20", None), Err(DateError::TimeWithoutDate));
        for bad in ["June 2, 2023, 7:20", "June 2, 2023, 25:00", "before 2004 at 7 pm"] {
            assert!(parse(bad, None).is_err(), "{bad}");
        }
    }

    /// A 10,000-character value of words ending in `pm` was split at each of its spaces,
    /// each split read in full: the length squared, per value.
    #[test]
    fn long_values_are_not_split_into_a_day_and_a_time() {
        let long = format!("{}7 pm", "June ".repeat(2_000));
        assert!(time_splits(&tidy(&long)).is_empty());
        assert_eq!(parse(&long, None), Err(DateError::Unparsed));
        let longest = "shortly after 7:20 pm local time on friday, june 2, 2023";
        assert_eq!(
            time_splits(longest).first().map(|(day, _)| *day),
            Some("friday, june 2, 2023")
        );
    }

    #[test]
    fn times_in_a_zone_move_to_the_case_clock() {
        let kolkata = Some(Tz::Asia__Kolkata);
        let at = |text: &str| parse_on_clock(text, None, kolkata).map(|d| d.to_string());
        assert_eq!(at("June 2, 2023, 13:45 GMT"), Ok("2023-06-02 19:15".to_string()));
        assert_eq!(at("2023-06-02T13:45Z"), Ok("2023-06-02 19:15".to_string()));
        assert_eq!(at("2023-06-02T19:15+05:30"), Ok("2023-06-02 19:15".to_string()));
        assert_eq!(
            at("June 2, 2023, 7:15 pm local time"),
            Ok("2023-06-02 19:15".to_string())
        );
        // Late in the evening in London is the next morning in India.
        assert_eq!(at("June 2, 2023, 23:30 BST"), Ok("2023-06-03 04:00".to_string()));
        assert_eq!(
            at("June 2, 2023, 9 am ET"),
            Ok("2023-06-02 18:00..18:59".to_string())
        );
        assert_eq!(
            at("Jan. 2, 2023, 9 am ET"),
            Ok("2023-01-02 19:00..19:59".to_string())
        );
        // A weekday is checked on the day as written, before the move.
        let friday = at("Friday, June 2, 2023, 23:30 BST");
        assert_eq!(friday, Ok("2023-06-03 04:00".to_string()));
        // Without a case clock, a zone cannot be compared; a local time can.
        assert_eq!(parse("June 2, 2023, 13:45 GMT", None), Err(DateError::NoCaseZone));
        assert_eq!(
            date("June 2, 2023, 19:15 local time").to_string(),
            "2023-06-02 19:15"
        );
    }

    #[test]
    fn ranges_and_bounds_keep_their_times() {
        assert_eq!(
            date("June 3, 2023, 8 am..June 3, 2023, 6 pm").to_string(),
            "2023-06-03 07:30..18:29"
        );
        assert_eq!(
            parse("June 3, 2023, 6 pm..June 3, 2023, 8 am", None),
            Err(DateError::Unparsed)
        );
        let before = date("before June 3, 2023, 9:00 am");
        assert_eq!(before.to_string(), "..2023-06-03 08:59");
        assert_eq!(
            date("after June 3, 2023, 9:00 am").to_string(),
            "2023-06-03 09:01.."
        );
        assert!(before.intersect(&date("June 3, 2023, 8:59 am")).is_some());
        assert!(before.intersect(&date("June 3, 2023, 9:00 am")).is_none());
        let after = date("after June 3, 2023, 9:00 am");
        assert!(after.intersect(&date("June 3, 2023, 9:00 am")).is_none());
        assert!(after.intersect(&date("June 3, 2023, 9:01 am")).is_some());
        assert!(after.intersect(&date("2023-06-04")).is_some());
        // Whole-day bounds stay whole days.
        assert_eq!(
            date("before June 3, 2023"),
            DateSet::whole(Interval::at_most(day_number(ymd(2023, 6, 2)), true), None)
        );
    }

    #[test]
    fn dates_without_a_year_take_the_occurrence_nearest_publication() {
        let at = |text: &str, published: &str| parse(text, Some(&on(published))).unwrap();
        for text in ["June 2", "Jun. 2", "2 June", "June 2nd", "on June 2"] {
            assert_eq!(at(text, "2023-06-05"), on("2023-06-02"), "{text}");
        }
        // With a part of the day, the day is found the same way.
        assert_eq!(
            at("on the evening of June 2", "2023-06-05").to_string(),
            "2023-06-02 17:00..23:59"
        );
        assert_eq!(
            at("the morning of Jan. 1", "2023-12-30").to_string(),
            "2024-01-01 04:00..11:59"
        );
        // Around New Year: the nearer year wins, either way.
        assert_eq!(at("Dec. 31", "2024-01-02"), on("2023-12-31"));
        assert_eq!(at("Jan. 2", "2023-12-30"), on("2024-01-02"));
        assert_eq!(at("Oct. 29", "2023-06-05"), on("2023-10-29"));
        // A tie goes to the earlier: 2 July 2023 and 2 July 2024 are both 183 days from
        // 1 January 2024.
        assert_eq!(at("July 2", "2024-01-01"), on("2023-07-02"));
        // 29 February only where it exists.
        assert_eq!(at("Feb. 29", "2023-06-05"), on("2024-02-29"));
        assert_eq!(parse("June 2", None), Err(DateError::NeedsPublished));
        // A published range: the nearest for each end.
        assert_eq!(at("June 2", "2023-06-01..2023-06-03"), on("2023-06-02"));
    }

    /// Whether a date is written relative to publication is answered alike however often
    /// it is asked (answers are remembered), for texts remembered and too long to be, and
    /// after more texts than are remembered at once.
    #[test]
    fn relative_dates_are_told_alike_when_asked_again() {
        let long_relative = format!("{}yesterday", " ".repeat(70));
        let long_absolute = format!("{}2003", " ".repeat(70));
        let asked = [
            "June 2",
            "2003",
            "mid-July 2009",
            "Sunday",
            "next Wednesday",
            &long_relative,
            &long_absolute,
        ];
        let first: Vec<bool> = asked.iter().map(|t| is_relative(t)).collect();
        assert_eq!(first, [true, false, false, true, true, true, false]);
        let known = || KNOWN.with_borrow(|known| (known.len(), known.contains_key(long_relative.as_str())));
        assert!(!known().1, "a long text is not remembered");
        for year in 0..5000 {
            assert!(!is_relative(&format!("{}", 1000 + year % 9000)), "{year}");
            assert!(known().0 <= KNOWN_MOST);
        }
        assert!(known().0 > 100, "short texts are remembered");
        let again: Vec<bool> = asked.iter().map(|t| is_relative(t)).collect();
        assert_eq!(again, first);
    }

    #[test]
    fn days_named_from_publication() {
        let at = |text: &str| parse(text, Some(&on("2023-06-05"))).unwrap();
        for (text, day) in [
            ("today", "2023-06-05"),
            ("yesterday", "2023-06-04"),
            ("tomorrow", "2023-06-06"),
        ] {
            assert_eq!(at(text), on(day), "{text}");
        }
        for (text, shown) in [
            ("this morning", "2023-06-05 04:00..11:59"),
            ("this afternoon", "2023-06-05 12:00..17:59"),
            ("this evening", "2023-06-05 17:00..23:59"),
            ("tonight", "2023-06-05 17:00..2023-06-06 05:59"),
            ("yesterday morning", "2023-06-04 04:00..11:59"),
            ("yesterday evening", "2023-06-04 17:00..23:59"),
            // The night before publication runs past midnight into the publication day.
            ("last night", "2023-06-04 20:00..2023-06-05 05:59"),
            ("tomorrow at 9 am", "2023-06-06 08:30..09:29"),
            ("7 pm yesterday", "2023-06-04 18:30..19:29"),
        ] {
            assert_eq!(at(text).to_string(), shown, "{text}");
        }
        assert_eq!(parse("yesterday", None), Err(DateError::NeedsPublished));
        assert!(is_relative("yesterday") && is_relative("June 2") && is_relative("Sunday"));
        assert!(!is_relative("June 2, 2023") && !is_relative("2003"));
    }

    #[test]
    fn a_weekday_beside_a_date_must_fit_it() {
        let at = |text: &str| parse(text, Some(&on("2023-06-05")));
        assert_eq!(
            at("Friday (June 2, 2023)"),
            Ok(DateSet {
                weekday: Some(Weekday::Fri),
                ..on("2023-06-02")
            })
        );
        assert_eq!(at("Friday, June 2").map(|d| d.days), Ok(on("2023-06-02").days));
        assert_eq!(
            at("Thursday (June 2, 2023)"),
            Err(DateError::WrongWeekday {
                date: ymd(2023, 6, 2),
                said: Weekday::Thu
            })
        );
        // A weekday before a month narrows it to that weekday's days.
        let fridays = at("Friday, June 2023").unwrap();
        assert_eq!(fridays.weekday, Some(Weekday::Fri));
        // One weekday at most: nothing recurses.
        assert_eq!(at("Friday Friday June 2"), Err(DateError::Unparsed));
        let hostile = format!("{}June 2", "Friday ".repeat(50_000));
        assert_eq!(at(&hostile), Err(DateError::Unparsed));
    }

    #[test]
    fn a_bare_weekday_is_the_one_within_six_days_of_publication() {
        // Monday 5 June 2023: the last Sunday is the 4th, the next the 11th; both stay possible.
        let sunday = parse("on Sunday", Some(&on("2023-06-05"))).unwrap();
        assert_eq!(sunday.days, on("2023-06-04..2023-06-11").days);
        assert!(sunday.intersect(&on("2023-06-04")).is_some());
        assert!(sunday.intersect(&on("2023-06-11")).is_some());
        assert!(sunday.intersect(&on("2023-05-28")).is_none());
        assert!(sunday.intersect(&on("2023-06-18")).is_none());
        // Published on the weekday itself: that day.
        assert_eq!(
            parse("Monday", Some(&on("2023-06-05"))).map(|d| d.days),
            Ok(on("2023-06-05").days)
        );
        // Without `published`, any such weekday.
        assert_eq!(
            parse("Monday", None).map(|d| d.days.lo.value),
            Ok(f64::NEG_INFINITY)
        );
    }

    #[test]
    fn days_apart_counts_the_nearest_days_and_weekdays() {
        let d = |text: &str| parse(text, None).unwrap();
        assert_eq!(d("2003").days_apart(&d("2004")), 1.0);
        assert_eq!(d("2004").days_apart(&d("2003")), 1.0);
        assert_eq!(d("2014-01-08").days_apart(&d("2014-01-18")), 10.0);
        assert_eq!(d("2014-01-18").days_apart(&d("2014-01-08")), 10.0);
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
        let thursday = |days: Interval| DateSet::whole(days, Some(Weekday::Thu));
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
            Some(DateSet::whole(day.days, Some(Weekday::Thu)))
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
        assert_eq!({ before.days.hi.value }, day_number(ymd(2003, 12, 31)));
        assert!(before.days.lo.value.is_infinite());
        let after = date("after July 2003");
        assert_eq!({ after.days.lo.value }, day_number(ymd(2003, 8, 1)));
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A day from 1990 to 2040, as a date.
        fn a_day() -> impl Strategy<Value = NaiveDate> {
            (0i64..18_262).prop_map(|n| ymd(1990, 1, 1) + chrono::Duration::days(n))
        }

        /// Whole days, one minute, or a span of minutes within two days.
        fn a_set() -> impl Strategy<Value = DateSet> {
            (a_day(), 0u16..3, 0i64..1440, 1i64..2880).prop_map(|(day, shape, from, len)| {
                let base = day_number(day) * 1440.0;
                match shape {
                    0 => DateSet::day(day),
                    1 => DateSet::from_minutes(base + from as f64, base + from as f64 + 1.0, None),
                    _ => DateSet::from_minutes(base + from as f64, base + (from + len) as f64, None),
                }
            })
        }

        proptest! {
            /// An ISO date-time is that minute: inside its day, and in no other.
            #[test]
            fn an_iso_minute_is_inside_its_day(day in a_day(), minute in 0u32..1440) {
                let text = format!("{day}T{:02}:{:02}", minute / 60, minute % 60);
                let parsed = parse(&text, None).unwrap();
                prop_assert_eq!(parsed.minutes_apart(&parsed), 0.0);
                prop_assert!(parsed.intersect(&DateSet::day(day)).is_some());
                prop_assert!(parsed.intersect(&DateSet::day(day.succ_opt().unwrap())).is_none());
                prop_assert!(parsed.intersect(&DateSet::day(day.pred_opt().unwrap())).is_none());
                // Shown as written, and read back the same.
                prop_assert_eq!(parse(&parsed.to_string(), None), Ok(parsed));
            }

            /// A time with an offset is the same instant on a UTC clock whatever the offset.
            #[test]
            fn an_offset_moves_the_time_by_itself(day in a_day(), minute in 0i64..1440, offset in -720i64..=840) {
                let sign = if offset < 0 { '-' } else { '+' };
                let text = format!(
                    "{day}T{:02}:{:02}{sign}{:02}:{:02}",
                    minute / 60, minute % 60, offset.abs() / 60, offset.abs() % 60
                );
                let on_utc = parse_on_clock(&text, None, Some(Tz::UTC)).unwrap();
                let local = day_number(day) * 1440.0 + minute as f64;
                prop_assert_eq!(on_utc.minutes(), (local - offset as f64, local - offset as f64 + 1.0));
            }

            /// Agreement is symmetric, and what two sets share lies in both.
            #[test]
            fn a_meet_lies_in_both(a in a_set(), b in a_set()) {
                let (ab, ba) = (a.intersect(&b), b.intersect(&a));
                prop_assert_eq!(ab, ba);
                prop_assert_eq!(ab.is_some(), a.minutes_apart(&b) == 0.0);
                if let Some(meet) = ab {
                    let ((m0, m1), (a0, a1), (b0, b1)) = (meet.minutes(), a.minutes(), b.minutes());
                    prop_assert!(a0.max(b0) == m0 && a1.min(b1) == m1, "{meet} of {a} and {b}");
                    prop_assert!(meet.days.lo.value >= a.days.lo.value.max(b.days.lo.value));
                }
                prop_assert_eq!(a.minutes_apart(&b), b.minutes_apart(&a));
            }

            /// Minutes make a set again: its days cover them, and only them.
            #[test]
            fn minutes_round_trip(a in a_set()) {
                let (from, to) = a.minutes();
                prop_assert_eq!(DateSet::from_minutes(from, to, None), a);
                prop_assert_eq!(a.is_timed(), from % 1440.0 != 0.0 || to % 1440.0 != 0.0);
            }
        }
    }
}
