//! Findings: plain serialisable data that rules produce and reports render.

use serde::Serialize;

use std::num::NonZeroU32;
use std::sync::Arc;

use crate::model::{TextSpan, Texts};
use crate::value::DateSet;

/// How serious a finding is; ordered from most to least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One discrepancy, with the claims that show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub reviewed: bool,
    pub subject: Option<String>,
    pub property: Option<String>,
    pub message: String,
    pub claims: Vec<FindingClaim>,
    /// The rarer parts, boxed together (read and set with [`Finding::more`] and
    /// [`Finding::set_more`]): most findings have none of them, and the findings' list
    /// is held twice while the rules' lists are gathered.
    #[serde(flatten)]
    pub rare: Rare,
}

/// The rarer parts of a finding.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FindingMore {
    /// How far apart the disagreeing values are, for rules that compare numbers or dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<Gap>,
    /// The fact-checker's verdict from `reviewed.yaml`, for reviewed findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// Where a finding about no claim stands (a stale review's entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The unit of the finding's property, when it declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The `period` (or `since`) every claim of the finding shares, as its first claim
    /// writes it: what tells the findings of one subject and property apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

impl FindingMore {
    /// No rarer part: what a finding without them lends out (see [`Finding::more`]).
    const NONE: FindingMore = FindingMore {
        gap: None,
        verdict: None,
        location: None,
        unit: None,
        period: None,
        since: None,
    };
}

/// A finding's rarer parts, boxed when it has any: read as none when not.
#[derive(Debug, Clone, Default)]
pub struct Rare(Option<Box<FindingMore>>);

impl Rare {
    fn get(&self) -> &FindingMore {
        self.0.as_deref().unwrap_or(&FindingMore::NONE)
    }
}

/// Findings alike whether their rarer parts, all none, are boxed or not.
impl PartialEq for Rare {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Serialize for Rare {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

/// Where a finding stands that is about no claim: the `reviewed.yaml` entry a
/// `stale-review` finding reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl std::fmt::Display for Location {
    /// `file:line:column`, or as much of it as is known.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// How far apart the disagreeing values of a finding are: between the closest values of
/// its furthest-apart groups (or of computed and stated), so an editor can tell a 0.4%
/// slip from a 580% error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gap {
    /// Relative to the smaller value: `0.004` is 0.4%.
    Relative(f64),
    /// Days between dates.
    Days(f64),
    /// Minutes between times, or between dates less than a day apart.
    Minutes(f64),
}

impl Gap {
    /// `0.4%`, `580%`, `365 days`, `1 day`.
    pub fn describe(self) -> String {
        match self {
            Gap::Relative(r) => {
                let percent = r * 100.0;
                if percent >= 10.0 || percent == 0.0 {
                    format!("{}%", crate::value::describe::grouped(percent, 0))
                } else if percent >= 0.1 {
                    format!("{percent:.1}%")
                } else {
                    // A slip smaller than a thousandth still shows its size.
                    format!("{percent:.2}%").replace("0.00%", "<0.01%")
                }
            }
            Gap::Days(1.0) => "1 day".to_string(),
            Gap::Days(d) => format!("{d:.0} days"),
            Gap::Minutes(m) => {
                let plural = |n: f64, word: &str| format!("{n:.0} {word}{}", if n == 1.0 { "" } else { "s" });
                let (hours, minutes) = ((m / 60.0).floor(), m % 60.0);
                match (hours, minutes) {
                    (0.0, _) => plural(minutes, "minute"),
                    (_, 0.0) => plural(hours, "hour"),
                    _ => format!("{} {}", plural(hours, "hour"), plural(minutes, "minute")),
                }
            }
        }
    }
}

/// A claim as a finding shows it. A report may show a million claims: strings are boxed
/// (no spare capacity) or shared, the rarer parts are boxed together, what placing finds
/// is boxed too (the rules, which make the claims while the case's claims are all held,
/// leave it empty), and positions are 32 bits.
///
/// Serialised by hand (below) in the order of the JSON contract: `source`, `id`, `value`,
/// `resolved`, `said_by`, `quote`, where it stands, `group`, its scope and note, then its
/// source's context.
#[derive(Debug, Clone, Default)]
pub struct FindingClaim {
    /// Who published the claim's source, as what and when, and the source's id: one per
    /// source, shared by every claim shown of it.
    pub source: Arc<SourceContext>,
    /// The claim's id and value as written (see [`FindingClaim::id`] and
    /// [`FindingClaim::value`]): where they stand in its case's texts, shared with the
    /// case rather than copied for each claim shown.
    texts: Arc<Texts>,
    text: TextSpan,
    pub said_by: Option<Arc<str>>,
    /// The claim's quote and where it stands, once placed (see [`FindingClaim::quote`]
    /// and [`FindingClaim::lines`]).
    placed: Option<Box<Placed>>,
    /// Claims with the same group agree with each other (one value cluster); 0-based
    /// here, numbered from 1 in every report.
    pub group: u32,
    /// The hash of the quote loading read ([`crate::model::QuoteMark`]): placing takes
    /// a quote it reads again only when it is that one.
    pub quote_hash: Option<NonZeroU32>,
    /// What the value resolved to, the scope and the note: most claims have none.
    more: Option<Box<ShownMore>>,
}

/// The 1-based lines and columns of a shown claim's mapping and of its `value`, when
/// known (columns count characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lines {
    pub line: Option<NonZeroU32>,
    pub column: Option<NonZeroU32>,
    pub value_line: Option<NonZeroU32>,
    pub value_column: Option<NonZeroU32>,
}

impl Lines {
    /// A claim at `line` and `column`, its value's place unknown (for tests).
    #[cfg(test)]
    pub(crate) fn at(line: u32, column: u32) -> Lines {
        Lines {
            line: NonZeroU32::new(line),
            column: NonZeroU32::new(column),
            ..Lines::default()
        }
    }
}

/// What placing finds of a shown claim.
#[derive(Debug, Clone, Default)]
struct Placed {
    /// The claim's quote, read again from its file.
    quote: Option<Box<str>>,
    /// Where the claim (and its `value`) stands in its file.
    at: Lines,
}

/// The rarer parts of a shown claim.
#[derive(Debug, Clone, Default, PartialEq)]
struct ShownMore {
    /// What a value relative to the source's `published` resolved to (`2014-01-08` for
    /// `next Wednesday`), or an age's birth dates.
    resolved: Option<Box<str>>,
    scope: ClaimScope,
    /// The author's `note`: why the claim was written as it was.
    note: Option<Box<str>>,
}

/// A claim's `period` and `since`, as written and as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimScope {
    pub period: Option<String>,
    pub since: Option<String>,
    /// What they read as, for matching a review's `period` or `since`.
    pub period_dates: Option<DateSet>,
    pub since_dates: Option<DateSet>,
}

/// Claims shown alike: by their id and value, not by the texts those stand in.
impl PartialEq for FindingClaim {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && (self.id(), self.value()) == (other.id(), other.value())
            && self.said_by == other.said_by
            && (self.quote(), self.lines()) == (other.quote(), other.lines())
            && self.group == other.group
            && self.quote_hash == other.quote_hash
            && self.more == other.more
    }
}

impl Serialize for FindingClaim {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let line = |n: Option<NonZeroU32>| n.map(NonZeroU32::get);
        let more = self.more.as_deref();
        let scope = more.map(|m| &m.scope);
        let source = &*self.source;
        let mut out = serializer.serialize_struct("FindingClaim", 19)?;
        let (id, value) = self.texts.get(self.text);
        out.serialize_field("source", &*source.source)?;
        out.serialize_field("id", id)?;
        out.serialize_field("value", value)?;
        if let Some(resolved) = self.resolved() {
            out.serialize_field("resolved", resolved)?;
        }
        out.serialize_field("said_by", &self.said_by)?;
        out.serialize_field("quote", &self.quote())?;
        out.serialize_field("file", &self.file())?;
        let at = self.lines();
        out.serialize_field("line", &line(at.line))?;
        out.serialize_field("column", &line(at.column))?;
        if let Some(value_line) = at.value_line {
            out.serialize_field("value_line", &value_line)?;
        }
        if let Some(value_column) = at.value_column {
            out.serialize_field("value_column", &value_column)?;
        }
        out.serialize_field("group", &(u64::from(self.group) + 1))?;
        if let Some(period) = scope.and_then(|s| s.period.as_ref()) {
            out.serialize_field("period", period)?;
        }
        if let Some(since) = scope.and_then(|s| s.since.as_ref()) {
            out.serialize_field("since", since)?;
        }
        if let Some(note) = self.note() {
            out.serialize_field("note", note)?;
        }
        if let Some(publisher) = &source.publisher {
            out.serialize_field("publisher", publisher)?;
        }
        if let Some(published) = &source.published {
            out.serialize_field("published", published)?;
        }
        if let Some(kind) = &source.kind {
            out.serialize_field("source_kind", kind)?;
        }
        if source.primary {
            out.serialize_field("primary", &true)?;
        }
        out.end()
    }
}

/// A source as the claims shown of it show it: its publisher, publication date and kind
/// as its file gives them, whether it is a primary source (the party's own word), its
/// id and its file. One per source, shared by every claim shown of it, and written with
/// each ([`FindingClaim`]'s `Serialize`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceContext {
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub kind: Option<String>,
    pub primary: bool,
    /// The source's id.
    pub source: Arc<str>,
    /// The source's file, as the case's path was given.
    pub file: Option<Arc<str>>,
}

impl FindingClaim {
    /// The claim of the source `source` whose id and value as written stand at `text`
    /// in `texts`, in `group`; the rest is added with the `with_` methods, and by placing.
    pub fn in_texts(
        source: Arc<SourceContext>,
        (texts, text): (Arc<Texts>, TextSpan),
        group: u32,
    ) -> FindingClaim {
        FindingClaim {
            source,
            texts,
            text,
            group,
            ..FindingClaim::default()
        }
    }

    /// The claim `id` of the source `source` with the value `written`, in `group`, in
    /// texts of its own.
    pub fn new(source: Arc<SourceContext>, id: &str, written: &str, group: u32) -> FindingClaim {
        let mut texts = Texts::default();
        let text = texts.push(id, written).unwrap_or_default();
        FindingClaim::in_texts(source, (Arc::new(texts), text), group)
    }

    /// A claim shown with only its source's id and its own (for findings about reviews,
    /// and tests).
    pub fn named(source: &str, id: &str) -> FindingClaim {
        let source = Arc::new(SourceContext {
            source: source.into(),
            ..SourceContext::default()
        });
        FindingClaim::new(source, id, "", 0)
    }

    /// The claim `id` of a source named `source` with the value `written`, in `group`,
    /// its source's context empty: for tests.
    #[cfg(test)]
    pub(crate) fn shown(source: &str, id: &str, written: &str, group: u32) -> FindingClaim {
        let source = Arc::new(SourceContext {
            source: source.into(),
            ..SourceContext::default()
        });
        FindingClaim::new(source, id, written, group)
    }

    /// The same claim with its source's context `context`, which keeps the source's id.
    #[cfg(test)]
    pub(crate) fn in_context(mut self, context: SourceContext) -> FindingClaim {
        self.source = Arc::new(SourceContext {
            source: Arc::clone(&self.source.source),
            ..context
        });
        self
    }

    /// The same claim with its source's file `file` (for tests).
    #[cfg(test)]
    pub(crate) fn in_file(mut self, file: &str) -> FindingClaim {
        self.source = Arc::new(SourceContext {
            file: Some(file.into()),
            ..(*self.source).clone()
        });
        self
    }

    /// With what the value resolved to, its scope and its note, when it has any.
    pub fn with_more(
        mut self,
        resolved: Option<Box<str>>,
        scope: Option<ClaimScope>,
        note: Option<Box<str>>,
    ) -> FindingClaim {
        self.more = (resolved.is_some() || scope.is_some() || note.is_some()).then(|| {
            Box::new(ShownMore {
                resolved,
                scope: scope.unwrap_or_default(),
                note,
            })
        });
        self
    }

    /// The id of the claim's source.
    pub fn source_id(&self) -> &str {
        &self.source.source
    }

    /// The claim's id within its source file.
    pub fn id(&self) -> &str {
        self.texts.get(self.text).0
    }

    /// The value as written.
    pub fn value(&self) -> &str {
        self.texts.get(self.text).1
    }

    /// What a value relative to the source's `published` resolved to (`2014-01-08` for
    /// `next Wednesday`), or an age's birth dates.
    pub fn resolved(&self) -> Option<&str> {
        self.more.as_ref()?.resolved.as_deref()
    }

    /// The author's `note`: why the claim was written as it was.
    pub fn note(&self) -> Option<&str> {
        self.more.as_ref()?.note.as_deref()
    }

    /// The claim's source file, as the case's path was given.
    pub fn file(&self) -> Option<&str> {
        self.source.file.as_deref()
    }

    /// The claim's quote, read again from its file when the claim is placed.
    pub fn quote(&self) -> Option<&str> {
        self.placed.as_ref()?.quote.as_deref()
    }

    /// Where the claim (and its `value`) stands in its file, once placed.
    pub fn lines(&self) -> Lines {
        self.placed.as_ref().map_or_else(Lines::default, |p| p.at)
    }

    /// Places the claim: its quote read again, and where it stands.
    pub fn place(&mut self, quote: Option<Box<str>>, at: Lines) {
        self.placed = (quote.is_some() || at != Lines::default()).then(|| Box::new(Placed { quote, at }));
    }

    /// The 1-based line of the claim in its file, once placed.
    pub fn line(&self) -> Option<u32> {
        self.lines().line.map(NonZeroU32::get)
    }

    /// The 1-based column of the claim in its file, once placed.
    pub fn column(&self) -> Option<u32> {
        self.lines().column.map(NonZeroU32::get)
    }

    /// The source and where the claim stands in it, for a table row: `agency.yaml:6` (the
    /// file within its case folder, and the claim's line) when the file is named for the
    /// source, else `agency (wire.yaml:6)`; the source id alone when it was not placed.
    pub fn source_at(&self) -> String {
        let path = self.file().map(std::path::Path::new);
        let (Some(name), Some(stem)) = (
            path.and_then(|p| p.file_name()).map(|n| n.to_string_lossy()),
            path.and_then(|p| p.file_stem()).map(|n| n.to_string_lossy()),
        ) else {
            return self.source_id().to_string();
        };
        let at = match self.line() {
            Some(line) => format!("{name}:{line}"),
            None => name.to_string(),
        };
        if *stem == *self.source_id() {
            at
        } else {
            format!("{} ({at})", self.source_id())
        }
    }

    /// The claim's `period`, as written.
    pub fn period(&self) -> Option<&str> {
        self.more.as_ref()?.scope.period.as_deref()
    }

    /// The claim's `since`, as written.
    pub fn since(&self) -> Option<&str> {
        self.more.as_ref()?.scope.since.as_deref()
    }

    /// The dates the claim's `period` and `since` read as.
    pub fn scope_dates(&self) -> (Option<DateSet>, Option<DateSet>) {
        self.more
            .as_ref()
            .map_or((None, None), |m| (m.scope.period_dates, m.scope.since_dates))
    }

    /// Whether the claim's source is a primary one.
    pub fn primary(&self) -> bool {
        self.source.primary
    }

    /// The value as written, with what it resolved to: `next Wednesday (= 2014-01-08)`.
    pub fn shown_value(&self) -> String {
        match self.resolved() {
            Some(resolved) => format!("{} (= {resolved})", self.value()),
            None => self.value().to_string(),
        }
    }
}

impl Finding {
    /// A finding of `rule` at `severity` saying `message`, about nothing yet: no subject,
    /// property or claims, unreviewed, without context.
    pub fn new(rule: &'static str, severity: Severity, message: String) -> Finding {
        Finding {
            rule,
            severity,
            reviewed: false,
            subject: None,
            property: None,
            message,
            claims: Vec::new(),
            rare: Rare::default(),
        }
    }

    /// The finding's rarer parts: its gap, verdict, location, unit, period and since.
    pub fn more(&self) -> &FindingMore {
        self.rare.get()
    }

    /// Sets some of the finding's rarer parts: they are boxed only while any is set, so
    /// a rule may set one that may be none (`|m| m.gap = gap(..)`) without a box for it.
    pub fn set_more(&mut self, set: impl FnOnce(&mut FindingMore)) {
        let mut more = self.rare.0.take().unwrap_or_default();
        set(&mut more);
        self.rare = Rare((*more != FindingMore::NONE).then_some(more));
    }

    /// With `more` as its rarer parts.
    pub fn with_more(mut self, more: FindingMore) -> Finding {
        self.rare = Rare((more != FindingMore::NONE).then(|| Box::new(more)));
        self
    }

    /// `company-q3 supports #2`: which group (the `#` of a report's rows) each primary
    /// source among the finding's claims stands in; `None` when no claim comes from a
    /// primary source, or the finding's groups are not sides (or are one).
    pub fn primary_line(&self) -> Option<String> {
        if !self.has_sides() {
            return None;
        }
        let groups: std::collections::BTreeSet<u32> = self.claims.iter().map(|c| c.group).collect();
        if groups.len() < 2 {
            return None;
        }
        let mut sides: Vec<(&str, u32)> = Vec::new();
        for claim in self.claims.iter().filter(|c| c.primary()) {
            if !sides
                .iter()
                .any(|&(s, g)| s == claim.source_id() && g == claim.group)
            {
                sides.push((claim.source_id(), claim.group));
            }
        }
        let (first, rest) = sides.split_first()?;
        let side = |(source, group): &(&str, u32)| format!("{source} supports #{}", group + 1);
        let mut line = side(first);
        for other in rest {
            line.push_str(&format!(", {}", side(other)));
        }
        Some(line)
    }

    /// Whether the finding's groups are sides that disagree, not roles (see
    /// [`crate::rules::Rule::sides`]).
    pub fn has_sides(&self) -> bool {
        crate::rules::find(self.rule).is_some_and(|rule| rule.sides())
    }

    /// The deterministic report order: severity, rule, subject, property, then first claim
    /// (its source's id and its own) and message. The first claim's id is looked up only
    /// when all before it are equal: a large case sorts tens of thousands of findings.
    pub fn report_order(&self, other: &Finding) -> std::cmp::Ordering {
        fn head(f: &Finding) -> (Severity, &str, Option<&str>, Option<&str>) {
            (f.severity, f.rule, f.subject.as_deref(), f.property.as_deref())
        }
        fn first_claim(f: &Finding) -> Option<(&str, &str)> {
            f.claims.first().map(|c| (c.source_id(), c.id()))
        }
        head(self)
            .cmp(&head(other))
            .then_with(|| first_claim(self).cmp(&first_claim(other)))
            .then_with(|| self.message.cmp(&other.message))
    }
}

#[cfg(test)]
mod tests {
    use super::{ClaimScope, Finding, FindingClaim, FindingMore, Gap, Lines, Severity, SourceContext};
    use std::num::NonZeroU32;

    /// Findings sort by severity, rule, subject and property, then by their first claim
    /// (its source, then its id) and their message; a finding without claims first.
    #[test]
    fn findings_sort_in_report_order() {
        use super::{Finding, Severity};
        let finding = |severity, rule, subject: &str, claim: Option<(&str, &str)>, message: &str| Finding {
            subject: Some(subject.to_string()),
            property: Some("p".to_string()),
            claims: claim.map_or_else(Vec::new, |(source, id)| {
                vec![FindingClaim::shown(source, id, "1", 0)]
            }),
            ..Finding::new(rule, severity, message.to_string())
        };
        let sorted = [
            finding(Severity::Error, "a", "s", Some(("x", "c2")), "m"),
            finding(Severity::Error, "b", "s", Some(("x", "c1")), "m"),
            Finding {
                property: Some("q".to_string()),
                ..finding(Severity::Error, "b", "s", Some(("a", "a")), "a")
            },
            finding(Severity::Error, "b", "t", None, "m"),
            finding(Severity::Error, "b", "t", Some(("w", "c9")), "m"),
            finding(Severity::Error, "b", "t", Some(("x", "c1")), "m"),
            finding(Severity::Error, "b", "t", Some(("x", "c2")), "a"),
            finding(Severity::Error, "b", "t", Some(("x", "c2")), "b"),
            finding(Severity::Warning, "a", "a", Some(("a", "a")), "a"),
        ];
        for (i, a) in sorted.iter().enumerate() {
            for (j, b) in sorted.iter().enumerate() {
                assert_eq!(a.report_order(b), i.cmp(&j), "{i} vs {j}");
            }
        }
    }

    #[test]
    fn severities_are_named_as_reports_write_them() {
        use super::Severity;
        let names: Vec<&str> = [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .map(Severity::name)
            .collect();
        assert_eq!(names, ["error", "warning", "info"]);
    }

    #[test]
    fn gaps_read_as_percentages_and_days() {
        assert_eq!(Gap::Relative(5.8).describe(), "580%");
        assert_eq!(Gap::Minutes(25.0).describe(), "25 minutes");
        assert_eq!(Gap::Minutes(1.0).describe(), "1 minute");
        assert_eq!(Gap::Minutes(60.0).describe(), "1 hour");
        assert_eq!(Gap::Minutes(91.0).describe(), "1 hour 31 minutes");
        assert_eq!(Gap::Minutes(120.0).describe(), "2 hours");
        assert_eq!(Gap::Minutes(121.0).describe(), "2 hours 1 minute");
        assert_eq!(Gap::Relative(9_970.87).describe(), "997,087%");
        assert_eq!(Gap::Relative(0.104).describe(), "10%");
        assert_eq!(Gap::Relative(0.004).describe(), "0.4%");
        assert_eq!(Gap::Relative(0.0004).describe(), "0.04%");
        assert_eq!(Gap::Relative(0.000_01).describe(), "<0.01%");
        assert_eq!(Gap::Relative(0.0).describe(), "0%");
        assert_eq!(Gap::Days(1.0).describe(), "1 day");
        assert_eq!(Gap::Days(366.0).describe(), "366 days");
    }

    /// A finding's rarer parts read as none until set, and a finding whose rarer parts
    /// are all none is alike whether they were boxed or not; the list of findings is
    /// held twice while the rules' lists are gathered, so a finding stays small.
    #[test]
    fn a_finding_keeps_its_rarer_parts_apart() {
        let plain = Finding::new("timeline", Severity::Warning, "m".into());
        assert_eq!(plain.more(), &FindingMore::default());
        let mut touched = plain.clone();
        touched.set_more(|m| m.unit = None);
        assert!(touched.rare.0.is_none(), "no box for parts all none");
        assert_eq!(touched, plain);
        assert_eq!(plain.clone().with_more(FindingMore::default()), plain);
        let mut gapped = plain.clone();
        gapped.set_more(|m| m.gap = Some(Gap::Days(3.0)));
        let mut emptied = gapped.clone();
        emptied.set_more(|m| m.gap = None);
        assert!(emptied.rare.0.is_none(), "the box goes with its last part");
        assert_ne!(gapped, plain);
        assert_eq!(gapped.more().gap, Some(Gap::Days(3.0)));
        let located = plain.clone().with_more(FindingMore {
            verdict: Some("right".into()),
            ..FindingMore::default()
        });
        assert_eq!(located.more().verdict.as_deref(), Some("right"));
        assert_ne!(located, gapped);
        assert_eq!(
            serde_json::to_value(&gapped).unwrap()["gap"],
            serde_json::json!({"days": 3.0})
        );
        assert!(serde_json::to_value(&plain).unwrap().get("gap").is_none());
        assert_eq!(std::mem::size_of::<Finding>(), 128);
    }

    /// A report may show a million claims: each byte of a shown claim is a megabyte.
    #[test]
    fn a_shown_claim_stays_small() {
        assert_eq!(std::mem::size_of::<FindingClaim>(), 64);
    }

    /// A primary source is named with the group it supports, each source and group once;
    /// findings of one group, without a primary source, or whose groups are roles, say
    /// nothing.
    #[test]
    fn a_primary_source_is_named_with_the_side_it_supports() {
        use super::{Finding, Severity};
        let claim = |source: &str, group: u32, primary: bool| {
            FindingClaim::shown(source, "c", "1", group).in_context(super::SourceContext {
                primary,
                ..super::SourceContext::default()
            })
        };
        let finding = |rule: &'static str, claims: Vec<FindingClaim>| Finding {
            claims,
            ..Finding::new(rule, Severity::Error, String::new())
        };
        let line = |rule, claims| finding(rule, claims).primary_line();
        let values = "conflicting-values";
        assert_eq!(
            line(values, vec![claim("wire", 0, false), claim("release", 1, true)]).as_deref(),
            Some("release supports #2")
        );
        assert_eq!(
            line(
                values,
                vec![
                    claim("release", 0, true),
                    claim("release", 0, true),
                    claim("wire", 1, false),
                    claim("agency", 1, true),
                ]
            )
            .as_deref(),
            Some("release supports #1, agency supports #2")
        );
        // Two primary sources on one side are both named.
        assert_eq!(
            line(
                values,
                vec![
                    claim("release", 0, true),
                    claim("agency", 0, true),
                    claim("wire", 1, false)
                ]
            )
            .as_deref(),
            Some("release supports #1, agency supports #1")
        );
        assert_eq!(
            line(values, vec![claim("wire", 0, false), claim("blog", 1, false)]),
            None
        );
        assert_eq!(
            line(values, vec![claim("release", 0, true), claim("wire", 0, false)]),
            None
        );
        assert_eq!(
            line(
                "timeline",
                vec![claim("wire", 0, false), claim("release", 1, true)]
            ),
            None
        );
    }

    /// A shown claim is written with the JSON contract's keys in its order, every one
    /// there is; the optional ones are left out when empty, the others written as null,
    /// and its group numbered from 1.
    #[test]
    fn a_claim_serialises_in_the_contracts_order() {
        let scope = ClaimScope {
            period: Some("Q3".into()),
            since: Some("2009".into()),
            ..ClaimScope::default()
        };
        let mut full = FindingClaim::shown("wire", "toll", "next Monday", 0)
            .with_more(Some("2024-01-08".into()), Some(scope), Some("as printed".into()))
            .in_context(SourceContext {
                publisher: Some("Wire".into()),
                published: Some("2024-01-03".into()),
                kind: Some("news".into()),
                primary: true,
                ..SourceContext::default()
            });
        full.said_by = Some("the mayor".into());
        full = full.in_file("c/wire.yaml");
        let at = Lines {
            value_line: NonZeroU32::new(8),
            value_column: NonZeroU32::new(12),
            ..Lines::at(6, 5)
        };
        full.place(Some("on Monday".into()), at);
        assert_eq!(
            serde_json::to_string(&full).unwrap(),
            concat!(
                r#"{"source":"wire","id":"toll","value":"next Monday","resolved":"2024-01-08","#,
                r#""said_by":"the mayor","quote":"on Monday","file":"c/wire.yaml","line":6,"#,
                r#""column":5,"value_line":8,"value_column":12,"group":1,"period":"Q3","#,
                r#""since":"2009","note":"as printed","publisher":"Wire","#,
                r#""published":"2024-01-03","source_kind":"news","primary":true}"#
            )
        );
        assert_eq!(
            serde_json::to_string(&FindingClaim::shown("wire", "toll", "3 to 4", 1)).unwrap(),
            concat!(
                r#"{"source":"wire","id":"toll","value":"3 to 4","said_by":null,"quote":null,"#,
                r#""file":null,"line":null,"column":null,"group":2}"#
            )
        );
        // Groups are numbered from 1, as the tables' `#` column does; a scope, and a
        // context, write the parts they have.
        let scope = ClaimScope {
            period: Some("Q3 FY24".into()),
            since: Some("2009".into()),
            ..ClaimScope::default()
        };
        let partial = FindingClaim::shown("wire", "toll", "", 2)
            .with_more(None, Some(scope), None)
            .in_context(SourceContext {
                publisher: Some("Wire".into()),
                kind: Some("wire".into()),
                primary: true,
                ..SourceContext::default()
            });
        assert_eq!(
            serde_json::to_string(&partial).unwrap(),
            concat!(
                r#"{"source":"wire","id":"toll","value":"","said_by":null,"quote":null,"file":null,"#,
                r#""line":null,"column":null,"group":3,"period":"Q3 FY24","since":"2009","#,
                r#""publisher":"Wire","source_kind":"wire","primary":true}"#
            )
        );
        assert_eq!(
            (partial.period(), partial.since(), partial.primary()),
            (Some("Q3 FY24"), Some("2009"), true)
        );
        let first = FindingClaim::default();
        assert_eq!(serde_json::to_value(&first).unwrap()["group"], 1);
        assert_eq!(
            (first.period(), first.since(), first.primary()),
            (None, None, false)
        );
    }

    /// A shown claim reads its id and value in its case's texts, wherever they stand
    /// there, and equals one showing the same id and value from texts of its own.
    #[test]
    fn claims_shown_alike_are_equal_wherever_their_texts_stand() {
        let own = FindingClaim::shown("wire", "c1", "3 to 4", 0);
        let mut texts = crate::model::Texts::default();
        texts.push("c0", "5");
        let at = texts.push("c1", "3 to 4").unwrap();
        let shared = FindingClaim::in_texts(
            std::sync::Arc::clone(&own.source),
            (std::sync::Arc::new(texts), at),
            0,
        );
        assert_eq!((shared.id(), shared.value()), ("c1", "3 to 4"));
        assert_eq!(own, shared);
        let other = FindingClaim::in_texts(
            std::sync::Arc::clone(&own.source),
            (std::sync::Arc::clone(&shared.texts), at),
            1,
        );
        assert_ne!(shared, other, "another group");
        assert_ne!(own, FindingClaim::shown("wire", "c1", "3 to 5", 0));
        assert_ne!(own, FindingClaim::shown("wire", "c2", "3 to 4", 0));
    }

    /// Placing keeps a quote without a place, a place without a quote, and both; a claim
    /// placed with neither is as one not placed.
    #[test]
    fn a_placed_claim_keeps_its_quote_and_lines() {
        let unplaced = FindingClaim::shown("wire", "c1", "3", 0);
        let placed = |quote: Option<&str>, at: Lines| {
            let mut claim = unplaced.clone();
            claim.place(quote.map(Into::into), at);
            claim
        };
        assert_eq!(placed(None, Lines::default()), unplaced);
        let quoted = placed(Some("three"), Lines::default());
        assert_eq!((quoted.quote(), quoted.line()), (Some("three"), None));
        let lined = placed(None, Lines::at(3, 5));
        assert_eq!(
            (lined.quote(), lined.line(), lined.column()),
            (None, Some(3), Some(5))
        );
        let both = placed(Some("three"), Lines::at(3, 5));
        assert_eq!((both.quote(), both.lines()), (Some("three"), Lines::at(3, 5)));
        assert_ne!(both, lined);
        assert_ne!(both, quoted);
    }

    /// A row names the file and line of its claim, and the source only when the file is
    /// not named for it.
    #[test]
    fn a_claim_shows_where_it_stands() {
        let claim = |source: &str, file: Option<&str>, line: Option<u32>| {
            let claim = FindingClaim::shown(source, "c", "1", 0);
            let mut claim = file.map_or_else(|| claim.clone(), |file| claim.clone().in_file(file));
            claim.place(None, line.map_or_else(Lines::default, |line| Lines::at(line, 5)));
            claim
        };
        assert_eq!(
            claim("agency", Some("cases/crash/agency.yaml"), Some(6)).source_at(),
            "agency.yaml:6"
        );
        assert_eq!(
            claim("agency", Some("cases/crash/wire.yaml"), Some(6)).source_at(),
            "agency (wire.yaml:6)"
        );
        assert_eq!(
            claim("agency", Some("cases/crash/agency.yaml"), None).source_at(),
            "agency.yaml"
        );
        assert_eq!(claim("agency", None, None).source_at(), "agency");
    }
}
