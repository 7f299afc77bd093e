//! Times of day as reporters write them — `7:20 pm`, `7.20 PM`, `19:20 local time`,
//! `13:45 GMT`, `at about 7 pm`, `shortly after 9 am`, `morning` — and the zones they
//! are written in. Hands a [`Clock`] (minutes of a day, in a [`Zone`]) to `date` (a day
//! with a time) and to the `time` type (a time of day alone).

use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::interval::Interval;
use super::number::strip_word_prefix;

/// Minutes in a day.
pub const DAY: i32 = 1440;

/// A time of day as written: the minutes `[from, to)` after the midnight that starts its
/// day (`to` may pass midnight: a night runs into the next morning), and its zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    pub from: i32,
    pub to: i32,
    pub zone: Zone,
}

/// The zone a time is written in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// No zone written, or `local time`: the case's own clock.
    Local,
    /// A fixed offset east of UTC, in minutes: `GMT`, `IST`, `EST`, `+05:30`.
    Offset(i32),
    /// A zone whose offset depends on the date: `ET`, `PT`, an IANA name.
    Named(Tz),
}

/// Zone abbreviations news copy uses. `IST` is India's (the Irish and Israeli zones of
/// the same letters are rare in copy and can be written as offsets or IANA names);
/// `ET`, `CT` and `PT` follow daylight saving, the others are fixed.
const ABBREVIATIONS: [(&str, Zone); 32] = [
    ("utc", Zone::Offset(0)),
    ("gmt", Zone::Offset(0)),
    ("z", Zone::Offset(0)),
    ("wet", Zone::Offset(0)),
    ("bst", Zone::Offset(60)),
    ("west", Zone::Offset(60)),
    ("cet", Zone::Offset(60)),
    ("cest", Zone::Offset(120)),
    ("eet", Zone::Offset(120)),
    ("eest", Zone::Offset(180)),
    ("msk", Zone::Offset(180)),
    ("pkt", Zone::Offset(300)),
    ("ist", Zone::Offset(330)),
    ("npt", Zone::Offset(345)),
    ("wib", Zone::Offset(420)),
    ("sgt", Zone::Offset(480)),
    ("hkt", Zone::Offset(480)),
    ("jst", Zone::Offset(540)),
    ("kst", Zone::Offset(540)),
    ("aest", Zone::Offset(600)),
    ("aedt", Zone::Offset(660)),
    ("est", Zone::Offset(-300)),
    ("edt", Zone::Offset(-240)),
    ("cst", Zone::Offset(-360)),
    ("cdt", Zone::Offset(-300)),
    ("mst", Zone::Offset(-420)),
    ("mdt", Zone::Offset(-360)),
    ("pst", Zone::Offset(-480)),
    ("pdt", Zone::Offset(-420)),
    ("et", Zone::Named(Tz::America__New_York)),
    ("ct", Zone::Named(Tz::America__Chicago)),
    ("pt", Zone::Named(Tz::America__Los_Angeles)),
];

/// Parts of a day, as minutes after its midnight. They overlap where usage does (`5:30
/// pm` is afternoon and evening), so that no reading of a word is a false alarm.
const PARTS_OF_DAY: [(&str, i32, i32); 9] = [
    ("morning", 4 * 60, 12 * 60),
    ("early morning", 3 * 60, 9 * 60),
    ("early hours", 0, 6 * 60),
    ("afternoon", 12 * 60, 18 * 60),
    ("evening", 17 * 60, DAY),
    ("night", 20 * 60, DAY + 6 * 60),
    ("late night", 22 * 60, DAY + 4 * 60),
    ("overnight", 20 * 60, DAY + 6 * 60),
    // `tonight`: the evening and the night after it.
    ("tonight", 17 * 60, DAY + 6 * 60),
];

/// `about 7 pm` is the time it stands for, widened by this many minutes each side.
pub const ABOUT_MINUTES: i32 = 15;
/// `shortly after 7 pm` is the half hour after it; `shortly before`, the half hour before.
pub const SHORTLY_MINUTES: i32 = 30;

const ABOUT: [&str; 9] = [
    "about",
    "around",
    "approximately",
    "approx.",
    "roughly",
    "circa",
    "c.",
    "some time around",
    "sometime around",
];
const SHORTLY_AFTER: [&str; 4] = ["shortly after", "just after", "soon after", "a little after"];
const SHORTLY_BEFORE: [&str; 3] = ["shortly before", "just before", "a little before"];

/// Could `text` (tidied) hold a time of day? One pass over its words, so that plain
/// dates pay next to nothing (a search per marker word cost more than the date).
pub fn may_hold_time(text: &str) -> bool {
    if text.as_bytes().get(10) == Some(&b't') {
        return true;
    }
    text.split([' ', ',', '(', ')']).any(|word| {
        let b = word.as_bytes();
        let starts_with_digit = b.first().is_some_and(u8::is_ascii_digit);
        b.contains(&b':')
            || matches!(
                word,
                "am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m" | "noon" | "midday" | "morning" | "afternoon"
                    | "evening" | "night" | "tonight" | "overnight" | "hrs" | "hours"
            )
            // `7pm`, `1920hrs`, `19.20`
            || (starts_with_digit
                && (["am", "pm", "a.m.", "p.m.", "a.m", "p.m", "hrs", "h"].iter().any(|s| word.ends_with(s))
                    || (b.len() == 5 && b[2] == b'.')))
    })
}

/// A time of day with its qualifier and zone: `at about 7:20 pm IST`, `19:20 local time`,
/// `the morning`. `text` is tidied (lower case, single spaces).
pub fn parse(text: &str) -> Option<Clock> {
    let text = text.trim().trim_end_matches(['.', ',']).trim();
    let text = strip_word_prefix(text, &["at", "in the", "the"]).unwrap_or(text);
    let (text, zone) = zone_suffix(text);
    if let Some(rest) = strip_word_prefix(text, &ABOUT) {
        let (from, to) = reading(strip_word_prefix(rest, &["at"]).unwrap_or(rest))?.span();
        return Some(Clock {
            from: from - ABOUT_MINUTES,
            to: to + ABOUT_MINUTES,
            zone,
        });
    }
    if let Some(rest) = strip_word_prefix(text, &SHORTLY_AFTER) {
        let at = reading(rest)?.nominal()?;
        return Some(Clock {
            from: at,
            to: at + SHORTLY_MINUTES,
            zone,
        });
    }
    if let Some(rest) = strip_word_prefix(text, &SHORTLY_BEFORE) {
        let at = reading(rest)?.nominal()?;
        return Some(Clock {
            from: at - SHORTLY_MINUTES,
            to: at,
            zone,
        });
    }
    let (from, to) = reading(text)?.span();
    Some(Clock { from, to, zone })
}

/// What a clock reading says before any qualifier.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    /// Written to the minute (`7:20 pm`, `19:20`): that minute.
    Minute(i32),
    /// Written to the hour (`7 pm`): the hour it rounds to, half an hour either side.
    Hour(i32),
    /// A part of the day.
    Part(i32, i32),
}

impl Reading {
    fn span(self) -> (i32, i32) {
        match self {
            Reading::Minute(m) => (m, m + 1),
            Reading::Hour(m) => (m - 30, m + 30),
            Reading::Part(from, to) => (from, to),
        }
    }

    /// The clock time written, for `shortly after`; a part of the day has none.
    fn nominal(self) -> Option<i32> {
        match self {
            Reading::Minute(m) | Reading::Hour(m) => Some(m),
            Reading::Part(..) => None,
        }
    }
}

/// `7:20 pm`, `7.20pm`, `7 p.m.`, `19:20`, `07.20`, `1920 hrs`, `19:20:05`, `noon`, `morning`.
fn reading(text: &str) -> Option<Reading> {
    if let Some((_, from, to)) = PARTS_OF_DAY.iter().find(|(w, _, _)| *w == text) {
        return Some(Reading::Part(*from, *to));
    }
    if matches!(text, "noon" | "midday" | "12 noon") {
        return Some(Reading::Minute(12 * 60));
    }
    let (body, meridiem) = meridiem(text);
    if let Some(pm) = meridiem {
        // The 12-hour clock: `12 am` is midnight, `12 pm` noon.
        let (hour, minute) = hour_minute(body, false)?;
        if !(1..=12).contains(&hour) {
            return None;
        }
        let hour = hour % 12 + if pm { 12 } else { 0 };
        return Some(match minute {
            Some(m) => Reading::Minute(hour * 60 + m),
            None => Reading::Hour(hour * 60),
        });
    }
    // The 24-hour clock needs a two-digit hour or `hrs`: `7:20` alone could be morning or
    // evening, and a careful reader would not guess.
    let (body, hours) = match body
        .strip_suffix("hrs")
        .or_else(|| body.strip_suffix("hours"))
        .or_else(|| body.strip_suffix('h'))
    {
        Some(b) => (b.trim_end(), true),
        None => (body, false),
    };
    if !hours && body.split([':', '.']).next().is_none_or(|h| h.len() != 2) {
        return None;
    }
    let (hour, minute) = hour_minute(body, hours)?;
    (hour <= 23).then_some(Reading::Minute(hour * 60 + minute?))
}

/// A clock reading in `text` that could be morning or evening (`7:20`, `7.20` without
/// `am` or `pm`), for an error that says so.
pub fn ambiguous_reading(text: &str) -> Option<&str> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    words.iter().enumerate().find_map(|(i, word)| {
        let b = word.as_bytes();
        let reading = b.len() == 4
            && b[0].is_ascii_digit()
            && b[0] != b'0'
            && matches!(b[1], b':' | b'.')
            && b[2].is_ascii_digit()
            && b[3].is_ascii_digit()
            && b[2] < b'6';
        let meridiem = words
            .get(i + 1)
            .is_some_and(|next| next.to_lowercase().starts_with(['a', 'p']));
        (reading && !meridiem).then_some(*word)
    })
}

/// Splits `am`/`pm` (`p.m.`, attached or not) off a reading: `Some(true)` for pm.
fn meridiem(text: &str) -> (&str, Option<bool>) {
    for (suffix, pm) in [
        ("a.m.", false),
        ("a.m", false),
        ("am", false),
        ("p.m.", true),
        ("p.m", true),
        ("pm", true),
    ] {
        if let Some(body) = text.strip_suffix(suffix) {
            return (body.trim_end(), Some(pm));
        }
    }
    (text, None)
}

/// `7`, `7:20`, `7.20`, `19:20:05`, and with `compact` also `1920`: the hour and, when
/// written, the minute.
fn hour_minute(body: &str, compact: bool) -> Option<(i32, Option<i32>)> {
    // Too many digits make an hour or second out of range, refused by the caller.
    let digits = |s: &str| -> Option<i32> { s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok())? };
    if compact && body.len() == 4 && body.bytes().all(|b| b.is_ascii_digit()) {
        let (h, m) = body.split_at(2);
        return minute_of(digits(h)?, digits(m)?);
    }
    let mut parts = body.split([':', '.']);
    let hour = digits(parts.next()?)?;
    let Some(minute) = parts.next() else {
        return Some((hour, None));
    };
    if minute.len() != 2 {
        return None;
    }
    // Seconds only place the time within its minute.
    if let Some(seconds) = parts.next() {
        if digits(seconds).is_none_or(|s| s > 59) || parts.next().is_some() {
            return None;
        }
    }
    minute_of(hour, digits(minute)?)
}

fn minute_of(hour: i32, minute: i32) -> Option<(i32, Option<i32>)> {
    (minute <= 59).then_some((hour, Some(minute)))
}

/// Splits a zone off the end: `13:45 gmt`, `19:20 local time`, `9 am (ist)`,
/// `13:45 utc+5:30`, `18:00 +05:30`, `9 am et`, `18:00 europe/london`.
fn zone_suffix(text: &str) -> (&str, Zone) {
    for local in [" local time", " (local time)", " local"] {
        if let Some(rest) = text.strip_suffix(local) {
            return (rest.trim_end_matches(',').trim_end(), Zone::Local);
        }
    }
    let Some((rest, last)) = text.rsplit_once(' ') else {
        return (text, Zone::Local);
    };
    let last = last.trim_start_matches('(').trim_end_matches(')');
    match zone(last) {
        Some(zone) => (rest.trim_end_matches(',').trim_end(), zone),
        None => (text, Zone::Local),
    }
}

/// A zone written on its own: an abbreviation, an offset (`+05:30`, `utc+5:30`, `gmt-4`)
/// or an IANA name (`asia/kolkata`).
pub fn zone(word: &str) -> Option<Zone> {
    if let Some((_, zone)) = ABBREVIATIONS.iter().find(|(w, _)| *w == word) {
        return Some(*zone);
    }
    let offset = ["utc", "gmt"]
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(word);
    if let Some(minutes) = offset_minutes(offset) {
        return Some(Zone::Offset(minutes));
    }
    if word.contains('/') {
        return iana(word).map(Zone::Named);
    }
    None
}

/// An IANA zone name in any case: `asia/kolkata`, `America/New_York`, `UTC`.
pub fn iana(name: &str) -> Option<Tz> {
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(name))
        .copied()
}

/// `+05:30`, `+0530`, `-4`, `+5:30`: minutes east of UTC, at most 14 hours.
fn offset_minutes(text: &str) -> Option<i32> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' | 0xE2 => -1,
        _ => return None,
    };
    let body = text.strip_prefix(['+', '-']).or_else(|| text.strip_prefix('−'))?;
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h, m),
        None if body.len() == 4 => body.split_at(2),
        None => (body, "0"),
    };
    // Digits only: `parse` alone would take a second sign.
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<i32>().ok())?
    };
    let (h, m) = (number(h)?, number(m)?);
    (h <= 14 && m <= 59).then_some(sign * (h * 60 + m))
}

/// An ISO 8601 time after the `T`: `19:20`, `19:20:00`, `19:20z`, `19:20+05:30`,
/// `19:20:00.000-04:00`.
pub fn iso(text: &str) -> Option<Clock> {
    let (body, zone) = if let Some(body) = text.strip_suffix('z') {
        (body, Zone::Offset(0))
    } else if let Some(at) = text.rfind(['+', '-']) {
        (&text[..at], Zone::Offset(offset_minutes(&text[at..])?))
    } else {
        (text, Zone::Local)
    };
    let body = body.split_once('.').map_or(body, |(whole, _)| whole);
    if body.split(':').next().is_none_or(|h| h.len() != 2) {
        return None;
    }
    let (hour, minute) = hour_minute(body, false)?;
    let minute = hour * 60 + minute?;
    (hour <= 23).then_some(Clock {
        from: minute,
        to: minute + 1,
        zone,
    })
}

/// The zone's offset east of UTC, in minutes, at a local time written in it: both
/// offsets when the time falls in a change of clocks (written twice, or skipped).
fn offsets_at(zone: Zone, local: NaiveDateTime) -> (i32, i32) {
    let seconds = |o: chrono::FixedOffset| o.local_minus_utc() / 60;
    match zone {
        Zone::Local => (0, 0),
        Zone::Offset(m) => (m, m),
        Zone::Named(tz) => {
            let before = seconds(
                tz.offset_from_utc_datetime(&(local - chrono::Duration::hours(26)))
                    .fix(),
            );
            let after = seconds(
                tz.offset_from_utc_datetime(&(local + chrono::Duration::hours(26)))
                    .fix(),
            );
            match tz.offset_from_local_datetime(&local) {
                chrono::LocalResult::Single(o) => (seconds(o.fix()), seconds(o.fix())),
                _ => (before.min(after), before.max(after)),
            }
        }
    }
}

/// A zone's offset at a UTC time.
fn offset_at_utc(tz: Tz, utc: NaiveDateTime) -> i32 {
    tz.offset_from_utc_datetime(&utc).fix().local_minus_utc() / 60
}

/// Absolute minutes (since the start of day number 0) as a date and time.
pub(super) fn datetime(minutes: i64) -> Option<NaiveDateTime> {
    let day = i32::try_from(minutes.div_euclid(i64::from(DAY))).ok()?;
    let date = NaiveDate::from_num_days_from_ce_opt(day)?;
    Some(date.and_hms_opt(0, 0, 0)? + chrono::Duration::minutes(minutes.rem_euclid(i64::from(DAY))))
}

/// Why a time could not be placed on the case's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoCaseZone;

/// Moves `[from, to)` (absolute minutes written in `zone`) onto the case's clock. A time
/// on the case's own clock stays; one in another zone needs the case's zone.
pub fn to_case_clock(from: i64, to: i64, zone: Zone, case: Option<Tz>) -> Result<(i64, i64), NoCaseZone> {
    if zone == Zone::Local || matches!((zone, case), (Zone::Named(a), Some(b)) if a == b) {
        return Ok((from, to));
    }
    let case = case.ok_or(NoCaseZone)?;
    let moved = |minutes: i64, pick_low: bool| -> Option<i64> {
        let local = datetime(minutes)?;
        let (low, high) = offsets_at(zone, local);
        // The earliest instant for the start, the latest for the end.
        let offset = if pick_low { high } else { low };
        let utc = local - chrono::Duration::minutes(i64::from(offset));
        let there = utc + chrono::Duration::minutes(i64::from(offset_at_utc(case, utc)));
        Some(there.and_utc().timestamp().div_euclid(60) + EPOCH_MINUTES)
    };
    // The start moves by the larger offset and the end by the smaller, so the span only
    // widens. Beyond the calendar's range, a time stays as written.
    match (moved(from, true), moved(to, false)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Ok((from, to)),
    }
}

/// Day number 0 (31 December of 1 BC) to the Unix epoch, in minutes.
const EPOCH_MINUTES: i64 = 719_163 * DAY as i64;

/// A time of day alone, on the case's clock: `[from, to)` minutes after midnight with
/// `0 ≤ from < 1440`. A zone's offset is the one on `day` (the source's publication day);
/// without one, every offset the two zones take in a year, so the time widens rather
/// than guesses.
pub fn time_of_day(clock: Clock, day: Option<NaiveDate>, case: Option<Tz>) -> Result<Interval, NoCaseZone> {
    let days: Vec<NaiveDate> = match day {
        Some(d) => vec![d],
        None => [1, 7]
            .iter()
            .filter_map(|&m| NaiveDate::from_ymd_opt(2024, m, 1))
            .collect(),
    };
    let (mut from, mut to) = (i64::MAX, i64::MIN);
    for d in days {
        let base = i64::from(super::date::day_number(d) as i32) * i64::from(DAY);
        let (a, b) = to_case_clock(
            base + i64::from(clock.from),
            base + i64::from(clock.to),
            clock.zone,
            case,
        )?;
        from = from.min(a - base);
        to = to.max(b - base);
    }
    let shift = from.div_euclid(i64::from(DAY)) * i64::from(DAY);
    Ok(Interval::half_open((from - shift) as f64, (to - shift) as f64))
}

/// The fewest whole minutes between a minute of each of two times of day, around the
/// clock: 10 from `23:55` to `00:05`.
pub fn minutes_apart(a: &Interval, b: &Interval) -> f64 {
    [0.0, f64::from(DAY), -f64::from(DAY)]
        .iter()
        .map(|&turn| linear_gap((a.lo.value, a.hi.value), (b.lo.value + turn, b.hi.value + turn)))
        .fold(f64::INFINITY, f64::min)
}

/// The fewest whole minutes between a minute of `[a0, a1)` and one of `[b0, b1)`.
pub fn linear_gap((a0, a1): (f64, f64), (b0, b1): (f64, f64)) -> f64 {
    if a1 <= b0 {
        b0 - (a1 - 1.0)
    } else if b1 <= a0 {
        a0 - (b1 - 1.0)
    } else {
        0.0
    }
}

/// A time of day moved to start within the day: `[1500, 1501)` is `[60, 61)`.
pub fn around_the_clock(minutes: Interval) -> Interval {
    let day = f64::from(DAY);
    minutes.shift(-(minutes.lo.value / day).floor() * day)
}

/// `19:20`, or `18:30..19:29` (the last minute included, as day ranges include their
/// last day); minutes past midnight wrap.
pub fn show_minutes(from: f64, to: f64) -> String {
    let hm = |m: f64| {
        let m = (m as i64).rem_euclid(i64::from(DAY));
        format!("{:02}:{:02}", m / 60, m % 60)
    };
    if to - from <= 1.0 {
        hm(from)
    } else {
        format!("{}..{}", hm(from), hm(to - 1.0))
    }
}

/// Does the written value name a zone, so that reports show the time it became?
pub fn names_zone(text: &str) -> bool {
    let text = super::number::tidy(text);
    let (_, zone) = zone_suffix(text.trim_end_matches('.'));
    zone != Zone::Local || iso_date_time(&text).is_some_and(|(_, clock)| clock.zone != Zone::Local)
}

/// An ISO 8601 date and time, `2023-06-02t19:20` (tidied) or `2023-06-02 19:20`: the day's
/// text and the time.
pub fn iso_date_time(text: &str) -> Option<(&str, Clock)> {
    let bytes = text.as_bytes();
    // `2023-06-02t19:20` is the shortest.
    if bytes.len() >= 16 && bytes[4] == b'-' && bytes[7] == b'-' && matches!(bytes[10], b't' | b' ') {
        return iso(&text[11..]).map(|clock| (&text[..10], clock));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(text: &str) -> Clock {
        parse(&super::super::number::tidy(text)).unwrap_or_else(|| panic!("{text}"))
    }

    fn span(text: &str) -> (i32, i32) {
        let c = clock(text);
        (c.from, c.to)
    }

    const fn hm(h: i32, m: i32) -> i32 {
        h * 60 + m
    }

    #[test]
    fn a_time_written_to_the_minute_is_that_minute() {
        for text in [
            "7:20 pm",
            "7.20 PM",
            "7.20pm",
            "7:20 p.m.",
            "7:20 P.M",
            "at 7:20 pm",
            "19:20",
            "19.20",
            "1920 hrs",
            "19:20 hrs",
            "1920 hours",
            "19:20:45",
        ] {
            assert_eq!(span(text), (hm(19, 20), hm(19, 21)), "{text}");
        }
        assert_eq!(span("07:05"), (hm(7, 5), hm(7, 6)));
        assert_eq!(span("19:20:59"), (hm(19, 20), hm(19, 21)));
        assert!(parse("19:20:60").is_none());
        assert_eq!(span("12:30 am"), (hm(0, 30), hm(0, 31)));
        assert_eq!(span("12:05 pm"), (hm(12, 5), hm(12, 6)));
        assert_eq!(span("noon"), (hm(12, 0), hm(12, 1)));
        assert_eq!(span("12 noon"), (hm(12, 0), hm(12, 1)));
        assert_eq!(span("00:00"), (0, 1));
        assert_eq!(span("23:59"), (hm(23, 59), DAY));
    }

    #[test]
    fn a_time_written_to_the_hour_is_the_hour_it_rounds_to() {
        for text in ["7 pm", "7pm", "7 p.m.", "at 7 PM"] {
            assert_eq!(span(text), (hm(18, 30), hm(19, 30)), "{text}");
        }
        assert_eq!(span("12 am"), (-30, 30));
        assert_eq!(span("12 pm"), (hm(11, 30), hm(12, 30)));
    }

    #[test]
    fn qualifiers_widen_or_move_the_time() {
        assert_eq!(span("about 7 pm"), (hm(18, 15), hm(19, 45)));
        assert_eq!(span("at about 7:20 pm"), (hm(19, 5), hm(19, 36)));
        assert_eq!(span("around 19:20"), (hm(19, 5), hm(19, 36)));
        assert_eq!(span("approximately 7.20pm"), (hm(19, 5), hm(19, 36)));
        assert_eq!(span("shortly after 7 pm"), (hm(19, 0), hm(19, 30)));
        assert_eq!(span("just after 6:55 pm"), (hm(18, 55), hm(19, 25)));
        assert_eq!(span("shortly before 9 am"), (hm(8, 30), hm(9, 0)));
        assert!(parse("shortly after morning").is_none());
    }

    #[test]
    fn parts_of_the_day_are_intervals() {
        assert_eq!(span("morning"), (hm(4, 0), hm(12, 0)));
        assert_eq!(span("in the afternoon"), (hm(12, 0), hm(18, 0)));
        assert_eq!(span("evening"), (hm(17, 0), DAY));
        assert_eq!(span("night"), (hm(20, 0), DAY + hm(6, 0)));
        // Evening and afternoon share 5 to 6 pm; morning and evening share nothing.
        let (a, e, m) = (span("afternoon"), span("evening"), span("morning"));
        assert!(a.1 > e.0 && m.1 < e.0);
    }

    #[test]
    fn ambiguous_or_impossible_times_are_refused() {
        for text in [
            "7:20",
            "7.20",
            "7",
            "13 pm",
            "0 am",
            "7:60 pm",
            "24:00",
            "19:2",
            "19:200",
            "7:20:61 pm",
            "pm",
            "seven pm",
            "19:20:05:01",
            "1920",
        ] {
            assert!(parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn readings_that_could_be_morning_or_evening_are_named() {
        assert_eq!(ambiguous_reading("7:20"), Some("7:20"));
        assert_eq!(ambiguous_reading("June 2, 2023, 7.20"), Some("7.20"));
        for clear in [
            "7:20 pm",
            "7:20 A.M.",
            "07:20",
            "19:20",
            "7:60",
            "0:20",
            "3.5 million",
            "2023",
        ] {
            assert_eq!(ambiguous_reading(clear), None, "{clear}");
        }
    }

    #[test]
    fn every_time_is_noticed_by_the_cheap_look() {
        for text in [
            "7:20 pm",
            "7.20pm",
            "7 pm",
            "7 p.m.",
            "19.20",
            "1920 hrs",
            "1920hrs",
            "noon",
            "midday",
            "morning",
            "in the afternoon",
            "evening",
            "night",
            "tonight",
            "overnight",
            "early hours",
            "13:45 gmt",
            "june 2, 2023, 19.20",
            "2023-06-02t19:20",
            "friday 6.55pm",
            "7 pm (ist)",
            "june 3, 2023, morning",
        ] {
            assert!(may_hold_time(text), "{text}");
        }
        for text in [
            "2003",
            "july 14, 2009",
            "next thursday",
            "late 1960s",
            "early 1960s",
            "2009-12-01..2009-12-10",
            "3.5",
        ] {
            assert!(!may_hold_time(text), "{text}");
        }
    }

    #[test]
    fn zones_are_read_from_the_end() {
        assert_eq!(clock("13:45 GMT").zone, Zone::Offset(0));
        assert_eq!(clock("13:45 UTC").zone, Zone::Offset(0));
        assert_eq!(clock("7:20 pm IST").zone, Zone::Offset(330));
        assert_eq!(clock("7:20 pm (IST)").zone, Zone::Offset(330));
        assert_eq!(clock("9 am ET").zone, Zone::Named(Tz::America__New_York));
        assert_eq!(clock("9 am EDT").zone, Zone::Offset(-240));
        assert_eq!(clock("9 am PT").zone, Zone::Named(Tz::America__Los_Angeles));
        assert_eq!(clock("18:00 CET").zone, Zone::Offset(60));
        assert_eq!(clock("13:45 UTC+5:30").zone, Zone::Offset(330));
        assert_eq!(clock("13:45 GMT-4").zone, Zone::Offset(-240));
        assert_eq!(clock("13:45 +05:30").zone, Zone::Offset(330));
        assert_eq!(clock("13:45 -0400").zone, Zone::Offset(-240));
        assert_eq!(clock("19:20 local time").zone, Zone::Local);
        assert_eq!(clock("19:20 (local time)").zone, Zone::Local);
        assert_eq!(clock("19:20").zone, Zone::Local);
        assert_eq!(clock("19:20 Asia/Kolkata").zone, Zone::Named(Tz::Asia__Kolkata));
        assert_eq!(span("about 7 pm IST"), (hm(18, 15), hm(19, 45)));
        for bad in [
            "13:45 XYZ",
            "13:45 +15:00",
            "13:45 utc+",
            "13:45 mars/olympus",
            "13:45 ++05:30",
            "13:45 +05:60",
            "13:45 +5:3x",
            "13:45 +x5",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    /// Each fixed abbreviation is the offset its zone keeps in that season, by the zone
    /// database.
    #[test]
    fn abbreviations_are_their_zones_offsets() {
        let (january, july) = (day(2023, 1, 15), day(2023, 7, 15));
        for (word, tz, on) in [
            ("utc", Tz::UTC, january),
            ("gmt", Tz::Europe__London, january),
            ("wet", Tz::Europe__Lisbon, january),
            ("west", Tz::Europe__Lisbon, july),
            ("bst", Tz::Europe__London, july),
            ("cet", Tz::Europe__Paris, january),
            ("cest", Tz::Europe__Paris, july),
            ("eet", Tz::Europe__Athens, january),
            ("eest", Tz::Europe__Athens, july),
            ("msk", Tz::Europe__Moscow, july),
            ("pkt", Tz::Asia__Karachi, july),
            ("ist", Tz::Asia__Kolkata, july),
            ("npt", Tz::Asia__Kathmandu, july),
            ("wib", Tz::Asia__Jakarta, july),
            ("sgt", Tz::Asia__Singapore, july),
            ("hkt", Tz::Asia__Hong_Kong, july),
            ("jst", Tz::Asia__Tokyo, july),
            ("kst", Tz::Asia__Seoul, july),
            ("aest", Tz::Australia__Sydney, july),
            ("aedt", Tz::Australia__Sydney, january),
            ("est", Tz::America__New_York, january),
            ("edt", Tz::America__New_York, july),
            ("cst", Tz::America__Chicago, january),
            ("cdt", Tz::America__Chicago, july),
            ("mst", Tz::America__Denver, january),
            ("mdt", Tz::America__Denver, july),
            ("pst", Tz::America__Los_Angeles, january),
            ("pdt", Tz::America__Los_Angeles, july),
        ] {
            let noon = on.and_hms_opt(12, 0, 0).unwrap();
            assert_eq!(zone(word), Some(Zone::Offset(offset_at_utc(tz, noon))), "{word}");
        }
        assert_eq!(zone("z"), Some(Zone::Offset(0)));
    }

    #[test]
    fn every_part_of_the_day_is_its_span() {
        for (text, from, to) in [
            ("early morning", hm(3, 0), hm(9, 0)),
            ("early hours", 0, hm(6, 0)),
            ("late night", hm(22, 0), DAY + hm(4, 0)),
            ("overnight", hm(20, 0), DAY + hm(6, 0)),
            ("tonight", hm(17, 0), DAY + hm(6, 0)),
            ("the morning", hm(4, 0), hm(12, 0)),
        ] {
            assert_eq!(span(text), (from, to), "{text}");
        }
    }

    #[test]
    fn iso_times() {
        assert_eq!(
            iso("19:20"),
            Some(Clock {
                from: hm(19, 20),
                to: hm(19, 21),
                zone: Zone::Local
            })
        );
        assert_eq!(iso("19:20:00z").map(|c| c.zone), Some(Zone::Offset(0)));
        assert_eq!(iso("19:20+05:30").map(|c| c.zone), Some(Zone::Offset(330)));
        assert_eq!(
            iso("19:20:00.000-04:00").map(|c| (c.from, c.zone)),
            Some((hm(19, 20), Zone::Offset(-240)))
        );
        for bad in ["7:20", "19:20+25:00", "25:00", "19"] {
            assert!(iso(bad).is_none(), "{bad}");
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn times_of_day_move_to_the_case_clock() {
        let kolkata = Some(Tz::Asia__Kolkata);
        let on = Some(day(2023, 6, 2));
        let at = |text: &str, case| time_of_day(clock(text), on, case);
        // 13:45 GMT is 19:15 in India.
        assert_eq!(at("13:45 GMT", kolkata), Ok(Interval::half_open(1155.0, 1156.0)));
        assert_eq!(at("19:15", kolkata), Ok(Interval::half_open(1155.0, 1156.0)));
        assert_eq!(
            at("19:15 local time", kolkata),
            Ok(Interval::half_open(1155.0, 1156.0))
        );
        // 22:00 GMT is 03:30 the next morning in India: the time of day wraps.
        assert_eq!(at("22:00 GMT", kolkata), Ok(Interval::half_open(210.0, 211.0)));
        // New York keeps daylight saving time in June, standard time in January.
        let ny = Some(Tz::America__New_York);
        assert_eq!(at("13:45 GMT", ny), Ok(Interval::half_open(585.0, 586.0)));
        let january = time_of_day(clock("13:45 GMT"), Some(day(2023, 1, 2)), ny);
        assert_eq!(january, Ok(Interval::half_open(525.0, 526.0)));
        // Without a day, both offsets stay possible.
        let unknown = time_of_day(clock("13:45 GMT"), None, ny);
        assert_eq!(unknown, Ok(Interval::half_open(525.0, 586.0)));
        // A zone needs the case's zone to compare in.
        assert_eq!(at("13:45 GMT", None), Err(NoCaseZone));
        assert_eq!(at("19:15", None), Ok(Interval::half_open(1155.0, 1156.0)));
        assert_eq!(at("9 am ET", ny), Ok(Interval::half_open(510.0, 570.0)));
    }

    #[test]
    fn a_time_in_a_change_of_clocks_allows_both_offsets() {
        // 01:30 on 5 November 2023 happened twice in New York (EDT, then EST).
        let ny = Zone::Named(Tz::America__New_York);
        let base = i64::from(super::super::date::day_number(day(2023, 11, 5)) as i32) * i64::from(DAY);
        let (from, to) = to_case_clock(base + 90, base + 91, ny, Some(Tz::UTC)).unwrap();
        assert_eq!(
            (from - base, to - base),
            (i64::from(hm(5, 30)), i64::from(hm(6, 31)))
        );
    }

    /// On the day clocks change, a time away from the change keeps the day's own offset.
    #[test]
    fn a_time_on_the_day_clocks_change_keeps_that_times_offset() {
        let ny = Zone::Named(Tz::America__New_York);
        // Clocks went forward at 2 am on 12 March 2023: 9 am is EDT, 13:00 UTC.
        let base = i64::from(super::super::date::day_number(day(2023, 3, 12)) as i32) * i64::from(DAY);
        let (from, to) =
            to_case_clock(base + hm(9, 0) as i64, base + hm(9, 1) as i64, ny, Some(Tz::UTC)).unwrap();
        assert_eq!(
            (from - base, to - base),
            (i64::from(hm(13, 0)), i64::from(hm(13, 1)))
        );
    }

    #[test]
    fn a_meet_across_midnight_lies_within_the_day() {
        use crate::value::Value;
        let just_after = Value::Time(Interval::half_open(5.0, 6.0));
        let about_midnight = Value::Time(Interval::half_open(1420.0, 1451.0));
        for meet in [just_after.meet(&about_midnight), about_midnight.meet(&just_after)] {
            assert_eq!(meet, Some(just_after.clone()));
        }
        assert_eq!(
            around_the_clock(Interval::half_open(-20.0, 11.0)),
            Interval::half_open(1420.0, 1451.0)
        );
    }

    #[test]
    fn minutes_show_as_clock_times() {
        assert_eq!(show_minutes(1160.0, 1161.0), "19:20");
        assert_eq!(show_minutes(1110.0, 1170.0), "18:30..19:29");
        assert_eq!(show_minutes(1200.0, 1800.0), "20:00..05:59");
    }

    #[test]
    fn zones_named_in_values_are_noticed() {
        assert!(names_zone("13:45 GMT"));
        assert!(names_zone("2023-06-02T13:45Z"));
        assert!(names_zone("2023-06-02 13:45+01:00"));
        assert!(!names_zone("June 2, 2023, 13:45"));
        assert!(names_zone("June 2, 2023, 7:20 pm IST"));
        assert!(!names_zone("19:20 local time"));
        assert!(!names_zone("2023-06-02T19:20"));
        assert!(!names_zone("June 2"));
    }

    mod properties {
        use super::*;
        use crate::value::Value;
        use proptest::prelude::*;

        /// A time of day on the case's clock: a minute, an hour's rounding, or a part of
        /// the day, perhaps past midnight.
        fn a_time() -> impl Strategy<Value = Interval> {
            (0i32..DAY, prop_oneof![Just(1), Just(60), 1i32..600]).prop_map(|(from, len)| {
                around_the_clock(Interval::half_open(f64::from(from), f64::from(from + len)))
            })
        }

        proptest! {
            /// Times agree around the clock, symmetrically, and exactly when no minute
            /// lies between them.
            #[test]
            fn times_meet_around_the_clock(a in a_time(), b in a_time()) {
                let (va, vb) = (Value::Time(a), Value::Time(b));
                prop_assert_eq!(va.agrees(&vb), vb.agrees(&va));
                let apart = minutes_apart(&a, &b);
                prop_assert_eq!(apart, minutes_apart(&b, &a));
                prop_assert!(apart <= f64::from(DAY / 2));
                prop_assert_eq!(va.agrees(&vb), apart == 0.0, "{:?} {:?}", a, b);
                if let Some(Value::Time(meet)) = va.meet(&vb) {
                    let start = meet.lo.value;
                    prop_assert!((0.0..f64::from(DAY)).contains(&start));
                }
            }

            /// A time in another zone moves by its offset, around the clock.
            #[test]
            fn a_time_of_day_moves_by_its_offset(minute in 0i32..DAY, offset in -720i32..=840) {
                let clock = Clock { from: minute, to: minute + 1, zone: Zone::Offset(offset) };
                let there = time_of_day(clock, Some(NaiveDate::from_ymd_opt(2023, 6, 2).unwrap()), Some(Tz::UTC)).unwrap();
                let expected = (minute - offset).rem_euclid(DAY);
                prop_assert_eq!(there, Interval::half_open(f64::from(expected), f64::from(expected + 1)));
            }
        }
    }
}
