//! The value language (spec §4): every value is written the way an article states it and
//! parsed into an interval or a normalised form, so that agreement is overlap.
//!
//! Hands on [`Value`]s with [`Value::meet`] (the values both claims allow) to the rules.

pub mod age;
pub mod change;
pub mod date;
pub mod describe;
pub mod duration;
pub mod frequency;
pub mod interval;
pub mod name;
pub mod number;
pub mod time;
pub mod unit;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use date::DateSet;
pub use interval::Interval;

/// The type of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Date,
    Time,
    Quantity,
    Duration,
    Age,
    Frequency,
    Weekday,
    Name,
    Text,
    Boolean,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 10] = [
        ("date", Kind::Date),
        ("time", Kind::Time),
        ("quantity", Kind::Quantity),
        ("duration", Kind::Duration),
        ("age", Kind::Age),
        ("frequency", Kind::Frequency),
        ("weekday", Kind::Weekday),
        ("name", Kind::Name),
        ("text", Kind::Text),
        ("boolean", Kind::Boolean),
    ];

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Kind::ALL.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }

    /// The forms a value of this type may take, for error messages.
    pub fn accepted_forms(self) -> &'static str {
        match self {
            Kind::Date | Kind::Weekday => {
                "a date such as `2003`, `2009-07`, `2009-07-14`, `July 14, 2009`, `14 July 2009`, `Dec. 3, 2009`, \
                 `June 2`, `Friday (June 2, 2023)`, `yesterday`, `last night`, `Q3 2023`, `first half of 2023`, \
                 `early December 2009`, `mid 2009`, `late 1960s`, `1960s`, `2009-12-01..2009-12-10`, `before 2004`, \
                 `after July 2003`, `next Thursday`, `last Thursday`, `nearly 40 years ago` or a weekday `Thursday`, \
                 perhaps with a time of day: `June 2, 2023, 7:20 pm`, `2023-06-02T19:20`, `Friday 6.55pm`, \
                 `June 2 at about 7 pm IST`, `the morning of June 3`, `this morning`, `tonight`"
            }
            Kind::Time => {
                "a time of day such as `7:20 pm`, `7.20 PM`, `19:20`, `1920 hrs`, `7 pm`, `noon`, `about 7 pm`, \
                 `shortly after 9 am`, `19:20 local time`, `13:45 GMT`, `9 am ET`, `18:00 +05:30`, `morning`, \
                 `evening`, `night`"
            }
            Kind::Quantity => {
                "a quantity such as `24,727`, `3.8 billion`, `2½`, `two million`, `57.4 lakh`, `at least 20,000`, \
                 `more than 30,000`, `as many as 82`, `fewer than 10`, `about 1,500`, `nearly 2 million`, \
                 `just over 3`, `between 10 and 20`, `10 to 20`, `10-12`, `30-something`, `a dozen`, `second`, \
                 `3rd`, `dozens`, `tens of thousands`, `a third`, `three in ten`, with the property's unit \
                 before or after it (`$18.12 billion`, `79%`)"
            }
            Kind::Duration => {
                "a duration such as `2½ years`, `18 months`, `six days`, `two weeks`, `a fortnight`, `51 hours`, \
                 `a decade`, `half a century`, `47-year-old`, `more than two years`"
            }
            Kind::Age => {
                "an age such as `55`, `55 years old`, `aged 55`, `the 56-year-old`, `in his fifties`, `mid-50s`, \
                 `late 50s`, `over 60`"
            }
            Kind::Frequency => {
                "a frequency such as `twice a year`, `once a year`, `annually`, `every six months`, `semiannually`, \
                 `biannual`, `biennial`, `monthly`, `3 times a year`, `every two years`"
            }
            Kind::Name => "a name such as `Eduard Alex Lee`",
            Kind::Text => "a short text",
            Kind::Boolean => "`true`, `false`, `yes` or `no`",
        }
    }
}

/// What a property tells the parser besides its type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub unit: Option<&'a str>,
    /// More ways to write the unit, declared by the property (`unit_spellings`).
    pub unit_spellings: &'a [String],
    pub tolerance: Option<f64>,
    /// The source's publication date, for `next`/`last` weekdays and `… ago`.
    pub published: Option<&'a DateSet>,
    /// The periods the case names (`Q3 FY24`), usable wherever a date is, and the zone
    /// its clocks keep.
    pub calendar: Option<&'a date::Calendar>,
}

/// A parsed value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Date(DateSet),
    /// A time of day on the case's clock: minutes after midnight, `[from, to)` with
    /// `0 ≤ from < 1440`; `to` may pass midnight (`night`).
    Time(Interval),
    /// Quantities, durations (in days) and frequencies (events per year): every value the
    /// text allows, and how it was printed (see [`Value::printed`]).
    Number {
        interval: Interval,
        printed: Printed,
    },
    Name {
        written: Box<str>,
        entity: Option<Arc<str>>,
    },
    Text {
        key: Box<str>,
        entity: Option<Arc<str>>,
    },
    Boolean(bool),
}

/// A bare figure exactly as printed (`3.8 billion`), or nothing when the text states its
/// interval (a qualifier, a range). One `f64` with `NaN` for nothing, not an interval nor
/// an `Option`: a large case holds a million claims, and this keeps a claim's size.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Printed(f64);

impl Printed {
    const STATED: Printed = Printed(f64::NAN);

    fn figure(self) -> Option<f64> {
        (!self.0.is_nan()).then_some(self.0)
    }
}

impl PartialEq for Printed {
    fn eq(&self, other: &Self) -> bool {
        match (self.figure(), other.figure()) {
            (Some(a), Some(b)) => Interval::point(a) == Interval::point(b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// Why a value did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Entity lookup: normalised name or alias → entity id.
pub type Entities = HashMap<String, Arc<str>>;

/// Default width of `about`-words.
const ABOUT: f64 = 0.1;

/// Parses `text` as a value of type `kind`.
pub fn parse(text: &str, kind: Kind, options: Options<'_>, entities: &Entities) -> Result<Value, ValueError> {
    let unparsed = || {
        if let Some(reading) =
            time::ambiguous_reading(text).filter(|_| matches!(kind, Kind::Date | Kind::Time))
        {
            let which = if reading == text.trim() {
                String::new()
            } else {
                format!("`{text}`: ")
            };
            return ValueError(format!(
                "{which}`{reading}` could be morning or evening; write `{reading} am` or `{reading} pm`, \
                 or a 24-hour time with two digits for the hour (`07:20`, `19:20`)"
            ));
        }
        ValueError(format!(
            "`{text}` is not a valid {} value; expected {}",
            kind.name(),
            kind.accepted_forms()
        ))
    };
    match kind {
        // In a `weekday` property a bare weekday stays any such weekday; in a `date`
        // property it is the one within six days of publication.
        Kind::Date | Kind::Weekday => match date::parse_in_case(
            text,
            options
                .published
                .filter(|_| kind == Kind::Date || !date::is_bare_weekday(text)),
            options.calendar.unwrap_or(&date::Calendar::default()),
        ) {
            Ok(d) => Ok(Value::Date(d)),
            Err(date::DateError::NeedsPublished) => Err(ValueError(format!(
                "`{text}` is relative to the publication date, but the source has no `published` date"
            ))),
            Err(date::DateError::Unparsed) => Err(unparsed()),
            Err(date::DateError::WrongWeekday { date, said }) => {
                Err(ValueError(format!("`{text}`: {}", weekday_mismatch(date, said))))
            }
            Err(date::DateError::TimeWithoutDate) => Err(ValueError(format!(
                "`{text}` is a time of day without a day; give the day (`June 2 at 7 pm`, `yesterday at 7 pm`), \
                 or declare the property with `type: time`"
            ))),
            Err(date::DateError::NoCaseZone) => Err(no_case_zone(text)),
        },
        Kind::Time => {
            let clock = time::parse(&number::tidy(text)).ok_or_else(unparsed)?;
            let day = options
                .published
                .and_then(|p| date::from_day_number(p.days.lo.value));
            let zone = options.calendar.and_then(|c| c.zone);
            time::time_of_day(clock, day, zone)
                .map(Value::Time)
                .map_err(|_| no_case_zone(text))
        }
        Kind::Quantity => {
            // Without a unit there is nothing to strip (and no copy to make).
            let bare = match options.unit {
                None => std::borrow::Cow::Borrowed(text),
                Some(unit) => unit::strip(text, Some(unit), options.unit_spellings)
                    .map_err(|other| other_currency(text, &other, unit))?
                    .into(),
            };
            let number = number::parse(&bare, options.tolerance.unwrap_or(ABOUT))
                .ok_or_else(|| too_many_digits(text).unwrap_or_else(unparsed))?;
            // `a third` of a percentage is 33⅓ percent.
            let scale = if number.fraction && unit::is_percent(options.unit) {
                100.0
            } else {
                1.0
            };
            Ok(Value::number(
                number.interval.scale(scale),
                number.printed.scale(scale),
            ))
        }
        Kind::Duration => duration::parse(text, options.tolerance)
            .map(Value::exact)
            .ok_or_else(unparsed),
        // An age is true on the day it was published: it stands for the birth dates it allows.
        Kind::Age => {
            let years = age::parse(text, options.tolerance.unwrap_or(ABOUT)).ok_or_else(unparsed)?;
            let published = options.published.ok_or_else(|| {
                ValueError(format!(
                    "`{text}` is an age, which is true on the publication date, but the source has no \
                     `published` date"
                ))
            })?;
            age::born(&years, published).map(Value::Date).ok_or_else(unparsed)
        }
        Kind::Frequency => frequency::parse(text, options.tolerance.unwrap_or(ABOUT))
            .map(Value::exact)
            .ok_or_else(unparsed),
        Kind::Name => {
            if name::tokens(text).is_empty() {
                return Err(unparsed());
            }
            let entity = entities.get(&name::key(text)).cloned();
            Ok(Value::Name {
                written: text.trim().into(),
                entity,
            })
        }
        Kind::Text => {
            let key = name::tokens(text).join(" ");
            if key.is_empty() {
                return Err(unparsed());
            }
            let entity = entities.get(&name::key(text)).cloned();
            Ok(Value::Text {
                key: key.into(),
                entity,
            })
        }
        Kind::Boolean => match number::tidy(text).as_str() {
            "true" | "yes" => Ok(Value::Boolean(true)),
            "false" | "no" => Ok(Value::Boolean(false)),
            _ => Err(unparsed()),
        },
    }
}

/// The error for a time in a named zone in a case without a clock of its own.
fn no_case_zone(text: &str) -> ValueError {
    ValueError(format!(
        "`{text}` names a time zone, but case.yaml sets no `timezone:` to compare times in; add one, \
         such as `timezone: Asia/Kolkata` or `timezone: UTC`"
    ))
}

/// The error for a figure with more significant digits than can be compared exactly.
fn too_many_digits(text: &str) -> Option<ValueError> {
    let figure = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|run| run.replace(',', ""))
        .find(|run| number::too_precise(run))?;
    Some(ValueError(format!(
        "`{text}` has a figure of more than {} significant digits ({} of them), which cannot be \
         compared exactly; round it as the source would",
        number::MAX_DIGITS,
        number::significant_digits(&figure)
    )))
}

/// What a relation computes, which decides how its stated value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// `of ÷ to`: a plain number, a percentage (`79%` is 0.79) or a fraction (`a quarter`).
    Ratio,
    /// `of` relative to `to`: `up 12%`, `tripled`, read as the ratio `of ÷ to`.
    Change,
    /// `of − to` of two dates: a duration, or an age in whole years (`56`, `aged 56`).
    DateDifference,
    /// `of − to` of two numbers of this kind, in the unit of `of`.
    Difference(Kind),
}

/// How a relation's stated value was written, so findings show the computed value alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reading {
    Plain,
    /// A percentage of a ratio (`79%`) or a percentage change (`up 12%`).
    Percent,
    /// Days, shown in days or years.
    Duration,
    /// Whole years between two dates, counted on the calendar.
    Age,
}

/// Parses the stated `value` of a relation.
pub fn parse_relation(
    text: &str,
    measure: Measure,
    unit: Option<&str>,
) -> Result<(Value, Reading), ValueError> {
    let none = Entities::new();
    let unparsed = |expected: &str| {
        ValueError(format!(
            "`{text}` is not a valid relation value; expected {expected}"
        ))
    };
    match measure {
        Measure::Ratio => {
            let percent =
                unit::strip(text, Some("percent"), &[]).is_ok_and(|bare| bare != number::tidy(text));
            let options = Options {
                unit: percent.then_some("percent"),
                ..Options::default()
            };
            let value = parse(text, Kind::Quantity, options, &none).map_err(|_| {
                unparsed(
                    "a ratio such as `2`, `more than 2`, `about 1.5`, `79%`, `a quarter` or `two-thirds`",
                )
            })?;
            Ok(if percent {
                (value.map_number(|i| i.scale(0.01)), Reading::Percent)
            } else {
                (value, Reading::Plain)
            })
        }
        Measure::Change => {
            let change = change::parse(text, ABOUT).ok_or_else(|| {
                unparsed(
                    "a change such as `up 12%`, `down 3%`, `+12%`, `12% higher`, `rose 206%`, `more than doubled`, \
                     `tripled`, `threefold`, `three times`, `3x`, `nearly 6x` or `halved`",
                )
            })?;
            let reading = if change.percent {
                Reading::Percent
            } else {
                Reading::Plain
            };
            Ok((Value::number(change.interval, change.printed), reading))
        }
        Measure::DateDifference => {
            if let Some(days) = duration::parse(text, None) {
                return Ok((Value::exact(days), Reading::Duration));
            }
            age::parse(text, ABOUT)
                .map(|years| (Value::exact(years), Reading::Age))
                .ok_or_else(|| {
                    unparsed(&format!(
                        "{}, or an age such as `56`, `aged 56` or `in his fifties`",
                        Kind::Duration.accepted_forms()
                    ))
                })
        }
        Measure::Difference(kind) => {
            let options = Options {
                unit: unit.filter(|_| kind == Kind::Quantity),
                ..Options::default()
            };
            let reading = if kind == Kind::Duration {
                Reading::Duration
            } else {
                Reading::Plain
            };
            parse(text, kind, options, &none).map(|v| (v, reading))
        }
    }
}

/// `June 2, 2023 was a Friday, not a Thursday`.
pub fn weekday_mismatch(date: chrono::NaiveDate, said: chrono::Weekday) -> String {
    use chrono::Datelike;
    let word = |day: chrono::Weekday| {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][day.num_days_from_monday() as usize]
    };
    format!(
        "{} was a {}, not a {}",
        date.format("%B %-d, %Y"),
        word(date.weekday()),
        word(said)
    )
}

/// The error for money in another currency than the property's.
fn other_currency(text: &str, other: &unit::OtherCurrency, unit: &str) -> ValueError {
    ValueError(format!(
        "`{text}` is written in `{}` ({}), but the property's unit is {unit}; claimcheck does not \
         convert currencies, so write the figure in {unit} or give it a property of its own",
        other.written,
        match other.codes.as_slice() {
            [one] => one.to_string(),
            [first @ .., last] if first.len() < 3 => format!("{} or {last}", first.join(", ")),
            many => format!("{} or another", many[..3].join(", ")),
        },
    ))
}

impl Value {
    /// A number whose printed form is all it allows: durations, ages, frequencies.
    pub fn exact(interval: Interval) -> Value {
        Value::Number {
            interval,
            printed: Printed::STATED,
        }
    }

    /// A number that allows `interval` and was printed as `printed`: a point inside it for
    /// a bare figure, or the interval itself.
    pub fn number(interval: Interval, printed: Interval) -> Value {
        Value::Number {
            interval,
            printed: if printed.is_point() && printed != interval {
                Printed(printed.lo.value)
            } else {
                Printed::STATED
            },
        }
    }

    /// A number's figure as printed: a point for a bare figure, else what it allows.
    pub fn printed(&self) -> Option<Interval> {
        match self {
            Value::Number { interval, printed } => Some(printed.figure().map_or(*interval, Interval::point)),
            _ => None,
        }
    }

    /// A number with `f` applied to what it allows and to its printed figure alike.
    pub fn map_number(&self, f: impl Fn(Interval) -> Interval) -> Value {
        match (self, self.printed()) {
            (Value::Number { interval, .. }, Some(printed)) => Value::number(f(*interval), f(printed)),
            _ => self.clone(),
        }
    }

    /// What both values allow, or `None` when they disagree. Names whose parts are a subset
    /// of the other's agree (and meet in the fuller name); spelling variants do not.
    pub fn meet(&self, other: &Value) -> Option<Value> {
        match (self, other) {
            (Value::Date(a), Value::Date(b)) => a.intersect(b).map(Value::Date),
            // Times of day meet around the clock: 23:55 and 00:05 are ten minutes apart.
            (Value::Time(a), Value::Time(b)) => [0.0, f64::from(time::DAY), -f64::from(time::DAY)]
                .iter()
                .find_map(|&turn| a.intersect(&b.shift(turn)))
                .map(|meet| Value::Time(time::around_the_clock(meet))),
            (Value::Number { interval: a, .. }, Value::Number { interval: b, .. }) => {
                a.intersect(b).map(Value::exact)
            }
            (Value::Boolean(a), Value::Boolean(b)) => (a == b).then_some(Value::Boolean(*a)),
            (Value::Text { key: ka, entity: ea }, Value::Text { key: kb, entity: eb }) => {
                let same = match (ea, eb) {
                    (Some(a), Some(b)) => a == b,
                    _ => ka == kb,
                };
                same.then(|| self.clone())
            }
            // Names are split into their parts only when entities do not decide.
            (Value::Name { written: wa, .. }, Value::Name { written: wb, .. }) => self
                .entities_meet(other)
                .unwrap_or_else(|| self.meet_names(&name::tokens(wa), other, &name::tokens(wb))),
            _ => None,
        }
    }

    /// [`Value::meet`] of two names, given the [`name::tokens`] of each (clustering
    /// splits each name once, not at every comparison); `None` when either is not a name.
    pub fn meet_names(&self, tokens: &[String], other: &Value, other_tokens: &[String]) -> Option<Value> {
        let (Value::Name { written: wa, .. }, Value::Name { written: wb, .. }) = (self, other) else {
            return None;
        };
        if let Some(met) = self.entities_meet(other) {
            return met;
        }
        match name::compare_parts(wa, wb, tokens, other_tokens) {
            name::Spelling::Same | name::Spelling::AccentsOnly => Some(self.clone()),
            name::Spelling::Subset => {
                let fuller = if tokens.len() >= other_tokens.len() {
                    self
                } else {
                    other
                };
                Some(fuller.clone())
            }
            name::Spelling::NearVariant | name::Spelling::Different => None,
        }
    }

    /// Two names of entities meet when they are one entity, whatever their spellings;
    /// `None` unless both are names of entities.
    fn entities_meet(&self, other: &Value) -> Option<Option<Value>> {
        match (self, other) {
            (Value::Name { entity: Some(a), .. }, Value::Name { entity: Some(b), .. }) => {
                Some((a == b).then(|| self.clone()))
            }
            _ => None,
        }
    }

    pub fn agrees(&self, other: &Value) -> bool {
        self.meet(other).is_some()
    }

    /// A sort key that puts overlapping intervals next to each other and equal names and
    /// texts together, for clustering; computed once per claim, and borrowing what it can
    /// (only a name's key is made).
    pub fn sort_key(&self) -> (i64, i64, Cow<'_, str>) {
        // Orders f64 by `total_cmp` as integers.
        fn ordered(v: f64) -> i64 {
            let bits = v.to_bits() as i64;
            if bits < 0 { bits ^ i64::MAX } else { bits }
        }
        let none = Cow::Borrowed("");
        match self {
            Value::Date(d) => (ordered(d.days.lo.value), ordered(d.days.hi.value), none),
            Value::Time(t) => (ordered(t.lo.value), ordered(t.hi.value), none),
            Value::Number { interval: n, .. } => (ordered(n.lo.value), ordered(n.hi.value), none),
            Value::Name { written, .. } => name_sort_key(&name::tokens(written)),
            Value::Text { key, entity } => (0, 0, Cow::Borrowed(entity.as_deref().unwrap_or(key))),
            Value::Boolean(b) => (i64::from(*b), 0, none),
        }
    }

    /// A total order that puts overlapping intervals next to each other, for clustering.
    pub fn order(&self, other: &Value) -> std::cmp::Ordering {
        match (self, other) {
            (Value::Date(a), Value::Date(b)) => a.days.order(&b.days),
            (Value::Time(a), Value::Time(b)) => a.order(b),
            (Value::Number { interval: a, .. }, Value::Number { interval: b, .. }) => a.order(b),
            (Value::Name { written: a, .. }, Value::Name { written: b, .. }) => name::tokens(b)
                .len()
                .cmp(&name::tokens(a).len())
                .then_with(|| name::key(a).cmp(&name::key(b))),
            (Value::Text { key: a, .. }, Value::Text { key: b, .. }) => a.cmp(b),
            (Value::Boolean(a), Value::Boolean(b)) => a.cmp(b),
            _ => std::cmp::Ordering::Equal,
        }
    }
}

/// [`Value::sort_key`] of a name whose parts ([`name::tokens`]) are `tokens`: fullest
/// first, then by [`name::key`] (its parts joined). Clustering, which has split the name
/// already, orders names by it too.
pub(crate) fn name_sort_key(tokens: &[String]) -> (i64, i64, Cow<'static, str>) {
    (-(tokens.len() as i64), 0, Cow::Owned(tokens.concat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities() -> Entities {
        [
            ("unitedstates", "united-states"),
            ("us", "united-states"),
            ("washington", "united-states"),
            ("cuba", "cuba"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Arc::from(v)))
        .collect()
    }

    fn value(text: &str, kind: Kind) -> Value {
        parse(text, kind, Options::default(), &entities()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn agree(a: &str, b: &str, kind: Kind) -> bool {
        let (a, b) = (value(a, kind), value(b, kind));
        assert_eq!(a.agrees(&b), b.agrees(&a), "agreement must be symmetric");
        a.agrees(&b)
    }

    #[test]
    fn spec_agreement_examples() {
        assert!(agree("2003", "July 2003", Kind::Date));
        assert!(!agree("2003", "2004", Kind::Date));
        assert!(agree("at least 20,000", "20,000", Kind::Quantity));
        assert!(agree("more than 30,000", "tens of thousands", Kind::Quantity));
        assert!(agree("early 1960s", "1961", Kind::Date));
        assert!(agree("twice a year", "every six months", Kind::Frequency));
        assert!(!agree("24,727", "26,720", Kind::Quantity));
    }

    #[test]
    fn weekdays_and_dates() {
        assert!(agree("Wednesday", "2014-01-08", Kind::Weekday));
        assert!(!agree("Wednesday", "Thursday", Kind::Weekday));
    }

    #[test]
    fn bare_durations_agree_within_rounding() {
        assert!(agree("four years", "3.7 years", Kind::Duration));
        assert!(!agree("four years", "three years", Kind::Duration));
    }

    #[test]
    fn property_tolerance_widens_about() {
        let options = Options {
            tolerance: Some(0.5),
            ..Options::default()
        };
        let wide = parse("about 100", Kind::Quantity, options, &entities()).unwrap();
        assert!(wide.agrees(&value("140", Kind::Quantity)));
        assert!(!value("about 100", Kind::Quantity).agrees(&value("140", Kind::Quantity)));
    }

    #[test]
    fn units_are_stripped() {
        let options = Options {
            unit: Some("visas"),
            ..Options::default()
        };
        for text in ["20,000 visas", "1 visa", "at least 20,000 visas"] {
            assert!(
                parse(text, Kind::Quantity, options, &entities()).is_ok(),
                "{text}"
            );
        }
        assert!(parse("20,000 apples", Kind::Quantity, options, &entities()).is_err());
        let people = Options {
            unit: Some("people"),
            ..Options::default()
        };
        assert!(parse("more than 30,000 people", Kind::Quantity, people, &entities()).is_ok());
        assert!(parse("one person", Kind::Quantity, people, &entities()).is_ok());
    }

    #[test]
    fn entity_aliases_for_text_and_names() {
        assert!(agree("Washington", "United States", Kind::Text));
        assert!(agree("U.S.", "Washington", Kind::Name));
        assert!(!agree("Cuba", "Washington", Kind::Text));
        assert!(agree("Havana ", "havana", Kind::Text));
    }

    #[test]
    fn names() {
        assert!(agree("Alex Lee", "Edward Alex Lee", Kind::Name));
        assert!(!agree("Eduard Alex Lee", "Edward Alex Lee", Kind::Name));
        assert!(agree("José Bolaños", "Jose Bolanos", Kind::Name));
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for (name, kind) in Kind::ALL {
            assert_eq!(Kind::from_name(name), Some(kind));
            assert_eq!(kind.name(), name);
        }
        assert_eq!(Kind::from_name("dates"), None);
        assert_eq!(Kind::from_name(""), None);
    }

    #[test]
    fn figures_beyond_exact_comparison_say_so() {
        let message = |text: &str| {
            parse(text, Kind::Quantity, Options::default(), &entities())
                .unwrap_err()
                .0
        };
        assert_eq!(
            message("123456789012345678"),
            "`123456789012345678` has a figure of more than 15 significant digits (18 of them), which \
             cannot be compared exactly; round it as the source would"
        );
        assert!(message("about 1,234,567,890,123,456,789 visas").contains("(19 of them)"));
        assert!(message("0.1234567890123456").contains("(16 of them)"));
        assert!(message("between 5 and 12345678901234567").contains("(17 of them)"));
        // Other bad values keep the list of forms.
        assert!(message("lots").contains("expected a quantity such as"));
        assert!(message("12 lots").contains("expected a quantity such as"));
    }

    #[test]
    fn value_errors_display_their_message() {
        let err = parse("lots", Kind::Quantity, Options::default(), &entities()).unwrap_err();
        assert_eq!(err.to_string(), err.0);
        assert!(
            err.to_string()
                .starts_with("`lots` is not a valid quantity value")
        );
    }

    #[test]
    fn unit_words_and_abbreviations() {
        let ok = |unit: &str, text: &str| {
            let options = Options {
                unit: Some(unit),
                ..Options::default()
            };
            parse(text, Kind::Quantity, options, &entities()).is_ok()
        };
        for text in ["25%", "25 %", "25 pct", "25 percent", "about 25 percent"] {
            assert!(ok("percent", text), "{text}");
        }
        assert!(!ok("visas", "25%"), "`%` is a unit only of percentages");
        for text in ["5 usd", "5 dollars", "5 dollar", "5 USD"] {
            assert!(ok("dollars", text), "{text}");
        }
        assert!(ok("kilometres", "5 km"));
        assert!(ok("kilometers", "5 km"));
        assert!(!ok("miles", "5 km"));
        // Singular of `-ies`, plural of a singular unit, and prefixes of two letters or more.
        for text in ["1 casualty", "3 casualties", "3 cas.", "3 ca"] {
            assert!(ok("casualties", text), "{text}");
        }
        for text in ["3 c", "3 casualtiesx", "3 victims"] {
            assert!(!ok("casualties", text), "{text}");
        }
        assert!(ok("vote", "3 votes"));
        assert!(ok("vote", "1 vote"));
        assert!(ok("people", "2 persons") && ok("people", "1 person"));
        // Without a unit nothing is stripped.
        assert!(parse("3 votes", Kind::Quantity, Options::default(), &entities()).is_err());
    }

    #[test]
    fn a_subset_name_meets_in_the_fuller_name_from_either_side() {
        let short = value("Alex Lee", Kind::Name);
        let full = value("Edward Alex Lee", Kind::Name);
        let written = |v: Option<Value>| match v {
            Some(Value::Name { written, .. }) => written.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(written(short.meet(&full)), "Edward Alex Lee");
        assert_eq!(written(full.meet(&short)), "Edward Alex Lee");
    }

    #[test]
    fn sort_keys_order_numbers_like_the_numbers() {
        let key = |v: &Value| {
            let (lo, hi, text) = v.sort_key();
            (lo, hi, text.into_owned())
        };
        let numbers = [-2000.0, -1.5, -0.0, 0.0, 0.5, 3.0, 1e9];
        let sorted: Vec<(i64, i64, String)> = numbers
            .iter()
            .map(|&n| key(&Value::exact(Interval::point(n))))
            .collect();
        assert!(sorted.windows(2).all(|w| w[0] < w[1]), "{sorted:?}");
        let wide = key(&Value::exact(Interval::closed(1.0, 5.0)));
        let narrow = key(&Value::exact(Interval::closed(1.0, 2.0)));
        assert!(narrow < wide);
        // Names: fuller first, then by spelling; texts by their entity, else their key.
        let of = |n: &str, kind: Kind| key(&value(n, kind));
        assert!(of("Edward Alex Lee", Kind::Name) < of("Alex Lee", Kind::Name));
        assert!(of("Alex Lee", Kind::Name) < of("Bea Lee", Kind::Name));
        assert_eq!(of("Alex  LEE", Kind::Name), (-2, 0, "alexlee".to_string()));
        assert!(of("Havana", Kind::Text) < of("Washington DC", Kind::Text));
        assert_eq!(of("Washington", Kind::Text).2, "united-states");
        assert!(key(&Value::Boolean(false)) < key(&Value::Boolean(true)));
    }

    #[test]
    fn order_within_each_kind() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let o = |a: &str, b: &str, kind: Kind| value(a, kind).order(&value(b, kind));
        assert_eq!(o("7 pm", "9 pm", Kind::Time), Less);
        assert_eq!(o("9 pm", "7 pm", Kind::Time), Greater);
        assert_eq!(o("2003", "2004", Kind::Date), Less);
        assert_eq!(o("2004", "2003", Kind::Date), Greater);
        assert_eq!(o("2003", "July 2003", Kind::Date), Less);
        assert_eq!(o("5", "3", Kind::Quantity), Greater);
        assert_eq!(o("at least 3", "3", Kind::Quantity), Greater);
        assert_eq!(o("3", "3", Kind::Quantity), Equal);
        assert_eq!(o("Edward Alex Lee", "Alex Lee", Kind::Name), Less);
        assert_eq!(o("Alex Lee", "Bea Lee", Kind::Name), Less);
        assert_eq!(o("Havana", "Washington DC", Kind::Text), Less);
        assert_eq!(o("Washington DC", "Havana", Kind::Text), Greater);
        assert_eq!(o("no", "yes", Kind::Boolean), Less);
        assert_eq!(o("yes", "no", Kind::Boolean), Greater);
        assert_eq!(
            value("yes", Kind::Boolean).order(&value("2003", Kind::Date)),
            Equal
        );
    }

    #[test]
    fn a_clock_reading_that_could_be_morning_or_evening_is_named() {
        let error =
            |text: &str, kind: Kind| parse(text, kind, Options::default(), &entities()).unwrap_err().0;
        assert!(error("7:20", Kind::Time).starts_with("`7:20` could be morning or evening; write `7:20 am`"));
        assert!(
            error("June 2, 2023, 7.20", Kind::Date)
                .starts_with("`June 2, 2023, 7.20`: `7.20` could be morning or evening")
        );
        // Elsewhere a figure is no clock reading.
        assert!(error("7:20", Kind::Frequency).starts_with("`7:20` is not a valid frequency value"));
    }

    /// In a `weekday` property a bare weekday is any such weekday, even beside
    /// `published`; other relative forms still resolve against it.
    #[test]
    fn a_bare_weekday_stays_any_such_weekday_in_a_weekday_property() {
        let published = date::parse("2014-01-06", None).unwrap();
        let options = Options {
            published: Some(&published),
            ..Options::default()
        };
        let weekday = |text: &str| parse(text, Kind::Weekday, options, &entities()).unwrap();
        assert!(weekday("Wednesday").agrees(&value("2020-01-01", Kind::Date)));
        assert!(!weekday("next Wednesday").agrees(&value("2020-01-01", Kind::Date)));
        assert!(weekday("next Wednesday").agrees(&value("2014-01-08", Kind::Date)));
        // In a `date` property it is the one within six days.
        let day = parse("Wednesday", Kind::Date, options, &entities()).unwrap();
        assert!(!day.agrees(&value("2020-01-01", Kind::Date)));
    }

    /// A large case holds a million claims: a value is as large as a name's two strings
    /// and its tag, and neither a date nor a number's printed figure beside its interval
    /// (18 bytes, packed) grows it.
    #[test]
    fn a_value_stays_as_small_as_a_name() {
        assert_eq!(std::mem::size_of::<Interval>(), 18);
        assert_eq!(std::mem::size_of::<DateSet>(), 24);
        assert_eq!(std::mem::size_of::<Value>(), 40);
        let bare = value("3.8 billion", Kind::Quantity);
        assert_eq!(bare.printed(), Some(Interval::point(3.8e9)));
        assert_eq!(
            value("about 5", Kind::Quantity).printed(),
            Some(Interval::closed(4.5, 5.5))
        );
        assert_eq!(value("2½", Kind::Quantity).printed(), Some(Interval::point(2.5)));
        assert_eq!(value("yes", Kind::Boolean).printed(), None);
        // Equal values compare equal, stated or printed.
        assert_eq!(value("about 5", Kind::Quantity), value("about 5", Kind::Quantity));
        assert_eq!(bare, value("3.8 billion", Kind::Quantity));
        assert_ne!(bare, value("3.80 billion", Kind::Quantity));
        assert_ne!(
            value("3.8", Kind::Quantity),
            value("3.75 to 3.85", Kind::Quantity)
        );
    }

    #[test]
    fn booleans() {
        assert!(agree("yes", "true", Kind::Boolean));
        assert!(!agree("no", "true", Kind::Boolean));
    }

    #[test]
    fn errors_list_the_accepted_forms() {
        let err = parse("someday", Kind::Date, Options::default(), &entities()).unwrap_err();
        assert!(err.0.contains("`someday` is not a valid date value"), "{err}");
        assert!(err.0.contains("early December 2009"), "{err}");
        let err = parse("next Friday", Kind::Date, Options::default(), &entities()).unwrap_err();
        assert!(err.0.contains("no `published` date"), "{err}");
    }
}

#[cfg(test)]
mod properties {
    //! Properties of the value semantics, over generated values.
    use proptest::prelude::*;

    use super::*;

    fn interval() -> impl Strategy<Value = Interval> {
        (-1_000i64..1_000, 0i64..500, any::<bool>(), any::<bool>()).prop_map(
            |(lo, width, lo_closed, hi_closed)| {
                let (lo, hi) = (lo as f64, (lo + width) as f64);
                let mut i = Interval::closed(lo, hi);
                // A point must stay closed to be non-empty.
                if width > 0 {
                    i.lo.closed = lo_closed;
                    i.hi.closed = hi_closed;
                }
                i
            },
        )
    }

    fn contains(i: &Interval, v: f64) -> bool {
        i.overlaps(&Interval::point(v))
    }

    proptest! {
        #[test]
        fn agreement_is_symmetric_and_reflexive(a in interval(), b in interval()) {
            let (va, vb) = (Value::exact(a), Value::exact(b));
            prop_assert_eq!(va.agrees(&vb), vb.agrees(&va));
            prop_assert!(va.agrees(&va));
        }

        #[test]
        fn an_interval_agrees_with_every_value_inside_it(a in interval(), t in 0.0f64..=1.0) {
            let v = a.lo.value + (a.hi.value - a.lo.value) * t;
            if contains(&a, v) {
                prop_assert!(Value::exact(a).agrees(&Value::exact(Interval::point(v))));
            }
        }

        /// Relations hold exactly when some integers inside the operands give a value
        /// inside the stated interval (checked by brute force on small closed intervals).
        #[test]
        fn difference_matches_brute_force(a0 in -20i64..20, aw in 0i64..5, b0 in -20i64..20, bw in 0i64..5, s0 in -50i64..50, sw in 0i64..5) {
            let (a, b, stated) = (
                Interval::closed(a0 as f64, (a0 + aw) as f64),
                Interval::closed(b0 as f64, (b0 + bw) as f64),
                Interval::closed(s0 as f64, (s0 + sw) as f64),
            );
            let brute = (a0..=a0 + aw).any(|x| (b0..=b0 + bw).any(|y| (s0..=s0 + sw).contains(&(x - y))));
            prop_assert_eq!(a.minus(&b).overlaps(&stated), brute);
        }

        #[test]
        fn ratio_matches_brute_force(a0 in 1i64..30, aw in 0i64..4, b0 in 1i64..10, bw in 0i64..3, s0 in 0i64..20, sw in 0i64..3) {
            let (a, b, stated) = (
                Interval::closed(a0 as f64, (a0 + aw) as f64),
                Interval::closed(b0 as f64, (b0 + bw) as f64),
                Interval::closed(s0 as f64, (s0 + sw) as f64),
            );
            // Over reals a ratio interval is continuous, so compare with the real range.
            let (lo, hi) = (a0 as f64 / (b0 + bw) as f64, (a0 + aw) as f64 / b0 as f64);
            let real = lo <= (s0 + sw) as f64 && s0 as f64 <= hi;
            let computed = a.divided_by(&b).is_some_and(|r| r.overlaps(&stated));
            prop_assert_eq!(computed, real);
        }

        /// A parsed date, rendered and parsed again, is the same set of days.
        #[test]
        fn dates_round_trip(year in 1900i32..2100, month in 1u32..=12, day in 1u32..=28, span in 0i64..400) {
            let first = chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
            let last = first + chrono::Duration::days(span);
            let written = format!("{first}..{last}");
            let parsed = date::parse(&written, None).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let again = date::parse(&parsed.to_string(), None).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(parsed, again);
        }

        /// Quantities written with thousands separators parse to the number.
        #[test]
        fn quantities_round_trip(n in 0u64..10_000_000) {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let parsed = parse(&grouped, Kind::Quantity, Options::default(), &Entities::new());
            let Ok(parsed) = parsed else { return Err(TestCaseError::fail(grouped)) };
            prop_assert_eq!(parsed.printed(), Some(Interval::point(n as f64)));
            prop_assert_eq!(parsed, Value::number(Interval::half_open(n as f64 - 0.5, n as f64 + 0.5), Interval::point(n as f64)));
        }
    }
}
