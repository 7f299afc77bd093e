//! Numbers for messages: intervals shown in the unit a relation's value was written in,
//! with enough digits that two values that differ never print alike.

use super::interval::Interval;
use super::{Kind, Reading, Value};

const DAYS_PER_YEAR: f64 = 365.25;

/// How a computed value and a stated one are shown side by side: `2.08`, `> 2`, `80.2%`,
/// `+9.8%`, `47.77–47.84 years`, `47–48 years`.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    reading: Reading,
    /// A relative change (`of ÷ to` shown as `+12%`), not a ratio.
    change: bool,
    /// A multiplier: `1.75 times`.
    times: bool,
    years: bool,
    decimals: usize,
}

impl Shown {
    /// The style for showing `a` beside `b`: the fewest decimals (none for whole numbers,
    /// else at least two) at which their closest ends print differently.
    pub fn for_pair(a: &Interval, b: &Interval, reading: Reading, change: bool) -> Shown {
        let largest = [a.lo.value, a.hi.value, b.lo.value, b.hi.value]
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let mut shown = Shown {
            reading,
            // A multiplier (`tripled`) is shown as a ratio, in times.
            change: change && reading == Reading::Percent,
            times: change && reading != Reading::Percent,
            years: reading == Reading::Duration && largest >= DAYS_PER_YEAR,
            decimals: 0,
        };
        let whole = [a, b]
            .iter()
            .flat_map(|i| [i.lo.value, i.hi.value])
            .filter(|v| v.is_finite())
            .all(|v| close_to_whole(shown.unit(v)));
        shown.decimals = if whole { 0 } else { 2 };
        let closest = if a.hi.value <= b.lo.value {
            Some((a.hi.value, b.lo.value))
        } else if b.hi.value <= a.lo.value {
            Some((b.hi.value, a.lo.value))
        } else {
            None
        };
        if let Some((x, y)) = closest.filter(|(x, y)| x != y && x.is_finite() && y.is_finite()) {
            while shown.decimals < 12 && shown.number(x) == shown.number(y) {
                shown.decimals += 1;
            }
        }
        shown
    }

    /// A value in the unit it is shown in.
    fn unit(&self, v: f64) -> f64 {
        match (self.reading, self.change, self.years) {
            (Reading::Percent, true, _) => (v - 1.0) * 100.0,
            (Reading::Percent, false, _) => v * 100.0,
            (Reading::Duration, _, true) => v / DAYS_PER_YEAR,
            _ => v,
        }
    }

    fn number(&self, v: f64) -> String {
        let v = self.unit(v);
        let sign = if self.change && v > 0.0 { "+" } else { "" };
        let percent = if self.reading == Reading::Percent { "%" } else { "" };
        // A whole number printed whole is exact, so never mistaken for another.
        let decimals = if close_to_whole(v) { 0 } else { self.decimals };
        format!("{sign}{}{percent}", grouped(v, decimals))
    }

    /// An interval: `2.08`, `1.23–1.83`, `> 2`, `+11.5% to +12.5%`, `47–48 years`.
    pub fn interval(&self, i: &Interval) -> String {
        let (lo, hi) = (i.lo.value, i.hi.value);
        let separator = if self.change { " to " } else { "–" };
        let body = if i.is_point() || (lo.is_finite() && self.number(lo) == self.number(hi)) {
            self.number(lo)
        } else if lo.is_infinite() && hi.is_infinite() {
            "any value".to_string()
        } else if lo.is_infinite() {
            format!("{} {}", if i.hi.closed { "≤" } else { "<" }, self.number(hi))
        } else if hi.is_infinite() {
            format!("{} {}", if i.lo.closed { "≥" } else { ">" }, self.number(lo))
        } else {
            format!("{}{separator}{}", self.number(lo), self.number(hi))
        };
        let unit = match (self.reading, self.years) {
            (Reading::Duration, true) | (Reading::Age, _) => " years",
            (Reading::Duration, false) => " days",
            _ if self.times => " times",
            _ => "",
        };
        format!("{body}{unit}")
    }
}

fn close_to_whole(v: f64) -> bool {
    (v - v.round()).abs() < 1e-9 * v.abs().max(1.0)
}

/// `v` with `decimals` decimals and thousands separators: `15,565`, `-1,993.50`.
pub(crate) fn grouped(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    // `-0.00` is `0.00`.
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// How claimcheck reads a parsed value, for `claimcheck parse`: one `name: text` pair per
/// line, the interval first.
pub fn reading(
    value: &Value,
    kind: Kind,
    unit: Option<&str>,
    reading: Option<Reading>,
) -> Vec<(&'static str, String)> {
    match value {
        Value::Number { interval, .. } => {
            let printed = &value.printed().unwrap_or(*interval);
            let named = unit.map(|u| format!(" {u}")).unwrap_or_default();
            let (scale, unit) = match (kind, reading) {
                (_, Some(Reading::Percent)) => (0.01, "%"),
                (Kind::Duration, _) | (_, Some(Reading::Duration)) => (1.0, " days"),
                (Kind::Age, _) | (_, Some(Reading::Age)) => (1.0, " years"),
                (Kind::Frequency, _) => (1.0, " times a year"),
                (Kind::Quantity, None) if super::unit::is_percent(unit) => (1.0, "%"),
                _ => (1.0, named.as_str()),
            };
            let mut lines = vec![("reads", inequality(interval, scale, unit))];
            // Only a bare figure is printed apart from what it allows: its rounding.
            if interval != printed {
                lines.push(("as printed", inequality(printed, scale, unit)));
                lines.push((
                    "precision",
                    format!(
                        "rounded to the nearest {}{unit}: every value from half a unit below (inclusive) to \
                         half a unit above (exclusive)",
                        plain((interval.hi.value - interval.lo.value) / scale)
                    ),
                ));
            }
            if matches!(kind, Kind::Duration) && interval.hi.value >= 365.0 {
                lines.push(("in years", inequality(interval, DAYS_PER_YEAR, " years")));
            }
            lines
        }
        Value::Date(d) if kind == Kind::Age => vec![("reads", format!("born {d}"))],
        Value::Date(d) if d.is_timed() => vec![("reads", format!("the time {d}"))],
        Value::Date(d) => vec![("reads", format!("the days {d}"))],
        Value::Time(t) => vec![(
            "reads",
            format!(
                "the time of day {} on the case's clock",
                super::time::show_minutes(t.lo.value, t.hi.value)
            ),
        )],
        Value::Name { written, entity } => {
            let mut lines = vec![("reads", format!("the name {written}"))];
            lines.push(("compared as", super::name::key(written)));
            if let Some(entity) = entity {
                lines.push(("entity", entity.to_string()));
            }
            lines
        }
        Value::Text { key, entity } => {
            let mut lines = vec![("compared as", key.to_string())];
            if let Some(entity) = entity {
                lines.push(("entity", entity.to_string()));
            }
            lines
        }
        Value::Boolean(b) => vec![("reads", b.to_string())],
    }
}

/// `3.75 billion ≤ x < 3.85 billion` in plain figures: `3,750,000,000 ≤ x < 3,850,000,000`.
fn inequality(i: &Interval, scale: f64, unit: &str) -> String {
    let (lo, hi) = (i.lo.value / scale, i.hi.value / scale);
    let below = if i.lo.closed { "≤" } else { "<" };
    let above = if i.hi.closed { "≤" } else { "<" };
    if i.is_point() {
        format!("x = {}{unit}", plain(lo))
    } else if lo.is_infinite() && hi.is_infinite() {
        "any value".to_string()
    } else if lo.is_infinite() {
        format!("x {above} {}{unit}", plain(hi))
    } else if hi.is_infinite() {
        format!("x {} {}{unit}", if i.lo.closed { "≥" } else { ">" }, plain(lo))
    } else {
        format!("{}{unit} {below} x {above} {}{unit}", plain(lo), plain(hi))
    }
}

/// A number in plain figures to twelve significant digits, without trailing zeros:
/// `18,115,000,000`, `0.785`, `-2.5`.
fn plain(v: f64) -> String {
    let magnitude = if v == 0.0 {
        0
    } else {
        v.abs().log10().floor() as i32
    };
    let decimals = (11 - magnitude).clamp(0, 15) as usize;
    let text = format!("{:.*}", decimals, v);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    grouped(text.parse::<f64>().unwrap_or(v), decimals)
}

/// The relative distance between the closest values of two intervals that do not meet:
/// `0.004` for 100 against 100.4; relative to the smaller in size, so a figure five times
/// too large is 4 (400%) off whichever side is right. `0` when they meet.
pub fn relative_gap(a: &Interval, b: &Interval) -> f64 {
    let (x, y) = if a.hi.value <= b.lo.value {
        (a.hi.value, b.lo.value)
    } else if b.hi.value <= a.lo.value {
        (b.hi.value, a.lo.value)
    } else {
        return 0.0;
    };
    // Across zero, or from zero, only the larger value gives a scale.
    let base = if x.signum() == y.signum() && x != 0.0 && y != 0.0 {
        x.abs().min(y.abs())
    } else {
        x.abs().max(y.abs())
    };
    if base == 0.0 {
        return 0.0;
    }
    (y - x) / base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: Interval, b: Interval, reading: Reading) -> (String, String) {
        let shown = Shown::for_pair(&a, &b, reading, false);
        (shown.interval(&a), shown.interval(&b))
    }

    #[test]
    fn values_that_differ_never_print_alike() {
        // The example: a share computed 0.7953 against a stated 79%.
        let (computed, stated) = pair(
            Interval::point(0.7953),
            Interval::half_open(0.785, 0.795),
            Reading::Percent,
        );
        assert_eq!((computed.as_str(), stated.as_str()), ("79.53%", "78.50%–79.50%"));
        let (computed, stated) = pair(
            Interval::point(0.8),
            Interval::half_open(0.785, 0.795),
            Reading::Percent,
        );
        assert_eq!((computed.as_str(), stated.as_str()), ("80%", "78.50%–79.50%"));
        let (computed, stated) = pair(
            Interval::point(2.0001),
            Interval::at_least(2.0002, false),
            Reading::Plain,
        );
        assert_eq!((computed.as_str(), stated.as_str()), ("2.0001", "> 2.0002"));
        let (computed, stated) = pair(Interval::point(15_565.0), Interval::point(70.0), Reading::Plain);
        assert_eq!((computed.as_str(), stated.as_str()), ("15,565", "70"));
        let (computed, _) = pair(Interval::point(-1_993.5), Interval::point(0.0), Reading::Plain);
        assert_eq!(computed, "-1,993.50");
    }

    #[test]
    fn digits_are_chosen_from_the_closest_ends_either_way_round() {
        // Stated below computed.
        let (computed, stated) = pair(
            Interval::point(2.0004),
            Interval::at_most(2.0001, true),
            Reading::Plain,
        );
        assert_eq!((computed.as_str(), stated.as_str()), ("2.0004", "≤ 2.0001"));
        // Touching ends need no more digits than usual.
        let (computed, stated) = pair(
            Interval::closed(1.5, 2.5),
            Interval::at_least(2.5, false),
            Reading::Plain,
        );
        assert_eq!((computed.as_str(), stated.as_str()), ("1.50–2.50", "> 2.50"));
        // Values closer than twelve decimals are shown with twelve, no more.
        let (computed, stated) = pair(Interval::point(1.5), Interval::point(1.5 + 1e-13), Reading::Plain);
        assert_eq!(
            (computed.as_str(), stated.as_str()),
            ("1.500000000000", "1.500000000000")
        );
    }

    #[test]
    fn signs_zeros_and_whole_numbers() {
        let change = Shown::for_pair(
            &Interval::point(1.0),
            &Interval::point(1.5),
            Reading::Percent,
            true,
        );
        assert_eq!(
            change.interval(&Interval::point(1.0)),
            "0%",
            "no change has no sign"
        );
        assert_eq!(change.interval(&Interval::point(1.5)), "+50%");
        // An interval whose ends print alike is shown once.
        let plain = Shown::for_pair(
            &Interval::point(2.5),
            &Interval::point(3.5),
            Reading::Plain,
            false,
        );
        assert_eq!(plain.interval(&Interval::closed(2.001, 2.002)), "2.00");
        // Rounding noise in a large number is still a whole number.
        assert_eq!(plain.interval(&Interval::point(1_000.000_000_1)), "1,000");
        assert_eq!(plain.interval(&Interval::point(1.000_000_1)), "1.00");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(-0.5, 2), "-0.50");
        assert_eq!(grouped(1_234_567.0, 0), "1,234,567");
    }

    #[test]
    fn frequencies_read_in_times_a_year() {
        let twice = Value::exact(Interval::closed(1.8, 2.2));
        assert_eq!(
            reading(&twice, Kind::Frequency, None, None),
            [("reads", "1.8 times a year ≤ x ≤ 2.2 times a year".to_string())]
        );
    }

    #[test]
    fn ages_read_as_birth_dates() {
        let born = Value::Date(super::super::date::parse("1968-06-16..1969-06-15", None).unwrap());
        assert_eq!(
            reading(&born, Kind::Age, None, None),
            [("reads", "born 1968-06-16..1969-06-15".to_string())]
        );
        assert_eq!(
            reading(&born, Kind::Date, None, None),
            [("reads", "the days 1968-06-16..1969-06-15".to_string())]
        );
    }

    #[test]
    fn durations_ages_and_changes() {
        let (a, b) = pair(
            Interval::closed(17_447.0, 17_475.0),
            Interval::closed(27.0 * 365.25, 33.0 * 365.25),
            Reading::Duration,
        );
        assert_eq!((a.as_str(), b.as_str()), ("47.77–47.84 years", "27–33 years"));
        let (a, b) = pair(
            Interval::closed(5.4, 6.6),
            Interval::point(9.0),
            Reading::Duration,
        );
        assert_eq!((a.as_str(), b.as_str()), ("5.40–6.60 days", "9 days"));
        let (a, b) = pair(
            Interval::point(48.0),
            Interval::half_open(47.0, 48.0),
            Reading::Age,
        );
        assert_eq!((a.as_str(), b.as_str()), ("48 years", "47–48 years"));
        let computed = Interval::point(1.098);
        let stated = Interval::half_open(1.115, 1.125);
        let shown = Shown::for_pair(&computed, &stated, Reading::Percent, true);
        assert_eq!(shown.interval(&computed), "+9.80%");
        assert_eq!(shown.interval(&stated), "+11.50% to +12.50%");
        assert_eq!(shown.interval(&Interval::point(1.12)), "+12%");
        assert_eq!(shown.interval(&Interval::point(0.97)), "-3%");
    }

    #[test]
    fn readings_for_authors() {
        let bare = Value::number(Interval::half_open(18.115e9, 18.125e9), Interval::point(18.12e9));
        let lines = reading(&bare, Kind::Quantity, None, None);
        assert_eq!(
            lines[0],
            ("reads", "18,115,000,000 ≤ x < 18,125,000,000".to_string())
        );
        assert_eq!(lines[1], ("as printed", "x = 18,120,000,000".to_string()));
        assert!(
            lines[2].1.starts_with("rounded to the nearest 10,000,000:"),
            "{lines:?}"
        );
        let share = Value::number(Interval::half_open(0.785, 0.795), Interval::point(0.79));
        assert_eq!(
            reading(&share, Kind::Quantity, None, Some(Reading::Percent))[0].1,
            "78.5% ≤ x < 79.5%"
        );
        let more = Value::exact(Interval::at_least(2.0, false));
        assert_eq!(
            reading(&more, Kind::Quantity, None, None),
            [("reads", "x > 2".to_string())]
        );
        let under = Value::exact(Interval::at_most(30.0, false));
        assert_eq!(reading(&under, Kind::Age, None, None)[0].1, "x < 30 years");
        let years = Value::exact(Interval::closed(3.6 * 365.25, 4.4 * 365.25));
        let lines = reading(&years, Kind::Duration, None, None);
        assert_eq!(lines[0].1, "1,314.9 days ≤ x ≤ 1,607.1 days");
        assert_eq!(lines[1], ("in years", "3.6 years ≤ x ≤ 4.4 years".to_string()));
        let percent = Value::number(Interval::half_open(80.5, 81.5), Interval::point(81.0));
        assert_eq!(
            reading(&percent, Kind::Quantity, Some("percent"), None)[0].1,
            "80.5% ≤ x < 81.5%"
        );
        assert_eq!(
            reading(&percent, Kind::Quantity, Some("USD"), None)[1].1,
            "x = 81 USD"
        );
        assert_eq!(plain(-2.5), "-2.5");
        assert_eq!(plain(0.0), "0");
        assert_eq!(plain(1e-7), "0.0000001");
    }

    #[test]
    fn gaps_are_relative_to_the_smaller_value() {
        assert!((relative_gap(&Interval::point(100.0), &Interval::point(100.4)) - 0.004).abs() < 1e-12);
        assert!((relative_gap(&Interval::point(680.0), &Interval::point(100.0)) - 5.8).abs() < 1e-12);
        assert_eq!(
            relative_gap(&Interval::closed(1.0, 3.0), &Interval::closed(2.0, 4.0)),
            0.0
        );
        assert_eq!(relative_gap(&Interval::point(0.0), &Interval::point(5.0)), 1.0);
        assert_eq!(
            relative_gap(&Interval::at_most(0.0, false), &Interval::point(15_564.0)),
            1.0
        );
        assert!((relative_gap(&Interval::point(-1.0), &Interval::point(3.0)) - 4.0 / 3.0).abs() < 1e-12);
        assert!(
            (relative_gap(&Interval::at_most(10.0, false), &Interval::at_least(20.0, true)) - 1.0).abs()
                < 1e-12
        );
    }
}
