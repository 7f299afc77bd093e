//! Timelines for the review page: for each subject with dated claims, every claim's dates
//! as a bar on one time axis, a row per claim, so that an editor sees at a glance which
//! sources put an event where. Claims that an unreviewed finding shows are marked.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::{escape, text};
use crate::finding::Finding;
use crate::model::Case;
use crate::value::{DateSet, Value};

/// Most subjects drawn for a case: those some finding is about first, then by name.
const SUBJECTS: usize = 200;
/// Most claims drawn for a subject, earliest first.
const ROWS: usize = 60;
/// Longest row label, in characters.
const LABEL: usize = 34;

/// The drawing's geometry, in SVG user units.
const WIDTH: f64 = 760.0;
const LABELS: f64 = 240.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 6.0;
const ROW: f64 = 18.0;
const BAR: f64 = 11.0;
const AXIS: f64 = 24.0;
const MINUTES_PER_DAY: f64 = 1_440.0;

/// How a claim's bar is marked: shown by an unreviewed finding, only by reviewed ones, or
/// by none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Conflict,
    Reviewed,
    Plain,
}

/// One claim's row.
struct Row<'c> {
    label: String,
    title: String,
    dates: DateSet,
    mark: Mark,
    source: &'c str,
}

/// The case's timelines, under a heading, with a legend; nothing when no claim has a
/// date value.
pub(super) fn section(out: &mut String, case: &Case, findings: &[Finding]) {
    let mut by_subject: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, claim) in case.claims.iter().enumerate() {
        if let (Some(subject), Value::Date(_)) = (case.subject_of(claim), &claim.value) {
            by_subject.entry(subject).or_default().push(i);
        }
    }
    if by_subject.is_empty() {
        return;
    }
    let marks = marks(findings);
    let mark_of = |i: usize| {
        let claim = &case.claims[i];
        match marks.get(&(case.source_of(claim).id.as_str(), case.id_of(claim))) {
            Some(true) => Mark::Reviewed,
            Some(false) => Mark::Conflict,
            None => Mark::Plain,
        }
    };
    let mut subjects: Vec<(&str, Vec<usize>)> = by_subject.into_iter().collect();
    // Subjects with a marked claim first; the sort is stable, so by name within each.
    subjects.sort_by_key(|(_, claims)| claims.iter().all(|&i| mark_of(i) == Mark::Plain));
    out.push_str(
        "<h3>Timelines</h3>\n<p class=\"legend\">Each claim's dates by source: <span class=\"conflict\">in an \
         unreviewed finding</span><span class=\"reviewed\">in reviewed findings only</span><span>in no \
         finding</span>; a faded bar runs on past the edge (an open end).</p>\n",
    );
    for (n, (subject, claims)) in subjects.iter().take(SUBJECTS).enumerate() {
        let rows: Vec<Row> = claims
            .iter()
            .map(|&i| {
                let claim = &case.claims[i];
                let Value::Date(dates) = claim.value else {
                    unreachable!("only date claims are drawn")
                };
                let source = case.source_of(claim).id.as_str();
                let mark = mark_of(i);
                Row {
                    label: format!("{source}/{}", case.id_of(claim)),
                    title: format!(
                        "{source}/{} · {}: {} = {dates}{}",
                        case.id_of(claim),
                        case.property_of(claim).unwrap_or_default(),
                        case.written_of(claim),
                        match mark {
                            Mark::Conflict => " (in an unreviewed finding)",
                            Mark::Reviewed => " (in reviewed findings)",
                            Mark::Plain => "",
                        }
                    ),
                    dates,
                    mark,
                    source,
                }
            })
            .collect();
        figure(out, subject, rows, n);
    }
    if subjects.len() > SUBJECTS {
        let _ = writeln!(
            out,
            "<p class=\"legend\">{} more subjects with dated claims are not drawn.</p>",
            subjects.len() - SUBJECTS
        );
    }
}

/// Claims that findings show, by source and id: `true` when every finding showing the
/// claim is reviewed.
fn marks(findings: &[Finding]) -> HashMap<(&str, &str), bool> {
    let mut marks: HashMap<(&str, &str), bool> = HashMap::new();
    for finding in findings {
        for claim in &finding.claims {
            let reviewed = marks.entry((claim.source_id(), claim.id())).or_insert(true);
            *reviewed &= finding.reviewed;
        }
    }
    marks
}

/// One subject's timeline: a row per claim (earliest first), on an axis from the earliest
/// to the latest finite date of its claims.
fn figure(out: &mut String, subject: &str, mut rows: Vec<Row>, n: usize) {
    rows.sort_by(|a, b| {
        let (a_from, _) = a.dates.minutes();
        let (b_from, _) = b.dates.minutes();
        a_from.total_cmp(&b_from).then_with(|| a.source.cmp(b.source))
    });
    let hidden = rows.len().saturating_sub(ROWS);
    rows.truncate(ROWS);
    let ends: Vec<f64> = rows
        .iter()
        .flat_map(|r| {
            let (from, to) = r.dates.minutes();
            [from, to]
        })
        .filter(|m| m.is_finite())
        .collect();
    let (Some(first), Some(last)) = (
        ends.iter().copied().reduce(f64::min),
        ends.iter().copied().reduce(f64::max),
    ) else {
        return;
    };
    // A little room on either side; a day at least, for claims of one instant.
    let pad = ((last - first) * 0.03).max(MINUTES_PER_DAY / 2.0);
    let axis = Axis {
        from: first - pad,
        to: last + pad,
    };
    let height = TOP + ROW * rows.len() as f64 + AXIS;
    let _ = write!(
        out,
        "<figure class=\"timeline\"><figcaption>{}</figcaption>\n\
         <svg viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"timeline-{n}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"timeline-{n}\">Timeline of {}</title>\n",
        text(subject),
        text(subject)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let (from, to) = row.dates.minutes();
        let open = !from.is_finite() || !to.is_finite();
        let x1 = axis.x(from.max(axis.from));
        let x2 = axis.x(to.min(axis.to)).max(x1 + 2.0);
        let class = match row.mark {
            Mark::Conflict => "bar conflict",
            Mark::Reviewed => "bar reviewed",
            Mark::Plain => "bar",
        };
        let label: String = row.label.chars().take(LABEL).collect();
        let more = if row.label.chars().count() > LABEL {
            "…"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}{more}</text>\
             <rect class=\"{class}{}\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{BAR}\" rx=\"2\"><title>{}</title></rect>",
            LABELS - 8.0,
            y + BAR - 1.0,
            text(&label),
            if open { " open" } else { "" },
            y + (ROW - BAR) / 2.0 - 2.0,
            x2 - x1,
            text(&row.title)
        );
    }
    let base = TOP + ROW * rows.len() as f64;
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LABELS}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\"/>",
        WIDTH - RIGHT
    );
    for (at, label) in axis.ticks() {
        let x = axis.x(at);
        let _ = writeln!(
            out,
            "<line class=\"axis\" x1=\"{x:.1}\" y1=\"{base:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>\
             <text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base + 4.0,
            base + 16.0,
            escape(&label)
        );
    }
    out.push_str("</svg>");
    if hidden > 0 {
        let _ = write!(
            out,
            "<p class=\"legend\">{hidden} later claims are not drawn.</p>"
        );
    }
    out.push_str("</figure>\n");
}

/// The time axis: minutes since the start of day 0 from `from` to `to`, drawn from the
/// labels' edge to the right margin.
struct Axis {
    from: f64,
    to: f64,
}

impl Axis {
    fn x(&self, minutes: f64) -> f64 {
        LABELS + (minutes - self.from) / (self.to - self.from) * (WIDTH - RIGHT - LABELS)
    }

    /// Ticks at whole years, months, days or hours (whichever the span suits), each with
    /// its label: at most eight years, seven months, or five days or hours, whose labels
    /// are longer.
    fn ticks(&self) -> Vec<(f64, String)> {
        let (Some(first), Some(last)) = (datetime(self.from), datetime(self.to)) else {
            return Vec::new();
        };
        let days = (self.to - self.from) / MINUTES_PER_DAY;
        let every = |count: f64, most: f64| (count / most).ceil().max(1.0) as i64;
        let minutes_of = |date: NaiveDate| f64::from(date.num_days_from_ce()) * MINUTES_PER_DAY;
        let mut ticks = Vec::new();
        if days > 730.0 {
            let step = every(f64::from(last.year() - first.year()), 8.0);
            let mut year = first.year() + 1;
            while year <= last.year() {
                if let Some(date) = NaiveDate::from_ymd_opt(year, 1, 1) {
                    ticks.push((minutes_of(date), year.to_string()));
                }
                year += i32::try_from(step).unwrap_or(1);
            }
        } else if days > 60.0 {
            let months = |d: NaiveDateTime| i64::from(d.year()) * 12 + i64::from(d.month0());
            let step = every((months(last) - months(first)) as f64, 7.0);
            let mut month = months(first) + 1;
            while month <= months(last) {
                let (year, month0) = (month.div_euclid(12), month.rem_euclid(12));
                if let Some(date) = NaiveDate::from_ymd_opt(year as i32, month0 as u32 + 1, 1) {
                    ticks.push((minutes_of(date), date.format("%Y-%m").to_string()));
                }
                month += step;
            }
        } else if days > 2.0 {
            let step = every(days, 5.0);
            let mut day = first.date().num_days_from_ce() + 1;
            while day <= last.date().num_days_from_ce() {
                if let Some(date) = NaiveDate::from_num_days_from_ce_opt(day) {
                    ticks.push((minutes_of(date), date.format("%Y-%m-%d").to_string()));
                }
                day += i32::try_from(step).unwrap_or(1);
            }
        } else {
            let hours = (self.to - self.from) / 60.0;
            let step = every(hours, 5.0) as f64 * 60.0;
            let mut at = (self.from / step).ceil() * step;
            while at <= self.to {
                if let Some(time) = datetime(at) {
                    ticks.push((at, time.format("%m-%d %H:%M").to_string()));
                }
                at += step;
            }
        }
        ticks
    }
}

/// The date and time `minutes` after the start of day 0, within the years chrono keeps.
fn datetime(minutes: f64) -> Option<NaiveDateTime> {
    let day = (minutes / MINUTES_PER_DAY).floor();
    let date = crate::value::date::from_day_number(day)?;
    let rest = (minutes - day * MINUTES_PER_DAY) as i64;
    Some(date.and_hms_opt(0, 0, 0)? + chrono::Duration::minutes(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str) -> f64 {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        f64::from(date.num_days_from_ce()) * MINUTES_PER_DAY
    }

    fn labels(from: &str, to: &str) -> Vec<String> {
        Axis {
            from: at(from),
            to: at(to),
        }
        .ticks()
        .into_iter()
        .map(|(_, label)| label)
        .collect()
    }

    /// The ticks suit the span: years, months, days, hours, at most about eight.
    #[test]
    fn ticks_suit_the_span() {
        assert_eq!(
            labels("2009-06-01", "2014-02-01"),
            ["2010", "2011", "2012", "2013", "2014"]
        );
        assert_eq!(labels("1950-01-01", "2020-01-01").len(), 8);
        assert_eq!(
            labels("2013-05-15", "2013-09-02"),
            ["2013-06", "2013-07", "2013-08", "2013-09"]
        );
        assert_eq!(
            labels("2014-01-05", "2014-01-09"),
            ["2014-01-06", "2014-01-07", "2014-01-08", "2014-01-09"]
        );
        let hours = Axis {
            from: at("2023-06-03") + 17.0 * 60.0,
            to: at("2023-06-03") + 21.5 * 60.0,
        }
        .ticks();
        let hours: Vec<&str> = hours.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            hours,
            [
                "06-03 17:00",
                "06-03 18:00",
                "06-03 19:00",
                "06-03 20:00",
                "06-03 21:00"
            ]
        );
        let two_days = Axis {
            from: at("2010-02-18") + 12.0 * 60.0,
            to: at("2010-02-20") + 12.0 * 60.0,
        }
        .ticks();
        assert_eq!(two_days.len(), 5);
        assert_eq!(labels("2009-12-01", "2010-01-02").len(), 5);
    }

    /// The axis maps its ends to the plot's edges.
    #[test]
    fn the_axis_spans_the_plot() {
        let axis = Axis { from: 0.0, to: 100.0 };
        assert_eq!(axis.x(0.0), LABELS);
        assert_eq!(axis.x(100.0), WIDTH - RIGHT);
        assert_eq!(axis.x(50.0), LABELS + (WIDTH - RIGHT - LABELS) / 2.0);
    }
}
