//! Findings: plain serialisable data that rules produce and reports render.

use serde::Serialize;

use std::sync::Arc;

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
/// (no spare capacity) or shared, positions are 32 bits.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FindingClaim {
    /// The claim's source's id, shared by the claims shown of it.
    pub source: Arc<str>,
    pub id: Box<str>,
    pub value: Box<str>,
    /// What a value relative to the source's `published` resolved to (`2014-01-08` for
    /// `next Wednesday`), or an age's birth dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Box<str>>,
    pub said_by: Option<Arc<str>>,
    /// The claim's quote, read again from its file when the claim is placed.
    pub quote: Option<Box<str>>,
    /// The hash of the quote loading read ([`crate::model::QuoteMark`]): placing takes
    /// a quote it reads again only when it is that one.
    #[serde(skip)]
    pub quote_hash: Option<std::num::NonZeroU32>,
    /// The claim's source file, as the case's path was given, and the 1-based line and
    /// column of the claim (and of its `value`): placed once the findings are known.
    pub file: Option<std::sync::Arc<str>>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_column: Option<u32>,
    /// Claims with the same group agree with each other (one value cluster); 0-based
    /// here, numbered from 1 in every report.
    #[serde(serialize_with = "numbered_from_one")]
    pub group: u32,
    /// The claim's `period` and `since`, for the claims that have one (boxed: a report
    /// may show a million claims).
    #[serde(flatten)]
    pub scope: Option<Box<ClaimScope>>,
    /// The author's `note`: why the claim was written as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Box<str>>,
    /// Who published the claim's source, as what and when: one per source, shared by
    /// every claim shown of it.
    #[serde(flatten)]
    pub source_context: Option<Arc<SourceContext>>,
}

/// A claim's `period` and `since`, as written and as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimScope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// What they read as, for matching a review's `period` or `since`.
    #[serde(skip)]
    pub period_dates: Option<DateSet>,
    #[serde(skip)]
    pub since_dates: Option<DateSet>,
}

/// A source's publisher, publication date and kind as its file gives them, and whether it
/// is a primary source (the party's own word).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(rename = "source_kind", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub primary: bool,
    /// The source's id, which every claim shown of it shares.
    #[serde(skip)]
    pub source: Arc<str>,
}

fn numbered_from_one<S: serde::Serializer>(group: &u32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(*group as u64 + 1)
}

impl FindingClaim {
    /// The source and where the claim stands in it, for a table row: `agency.yaml:6` (the
    /// file within its case folder, and the claim's line) when the file is named for the
    /// source, else `agency (wire.yaml:6)`; the source id alone when it was not placed.
    pub fn source_at(&self) -> String {
        let path = self.file.as_deref().map(std::path::Path::new);
        let (Some(name), Some(stem)) = (
            path.and_then(|p| p.file_name()).map(|n| n.to_string_lossy()),
            path.and_then(|p| p.file_stem()).map(|n| n.to_string_lossy()),
        ) else {
            return self.source.to_string();
        };
        let at = match self.line {
            Some(line) => format!("{name}:{line}"),
            None => name.to_string(),
        };
        if *stem == *self.source {
            at
        } else {
            format!("{} ({at})", self.source)
        }
    }

    /// The claim's `period`, as written.
    pub fn period(&self) -> Option<&str> {
        self.scope.as_ref()?.period.as_deref()
    }

    /// The claim's `since`, as written.
    pub fn since(&self) -> Option<&str> {
        self.scope.as_ref()?.since.as_deref()
    }

    /// The dates the claim's `period` and `since` read as.
    pub fn scope_dates(&self) -> (Option<DateSet>, Option<DateSet>) {
        self.scope
            .as_ref()
            .map_or((None, None), |s| (s.period_dates, s.since_dates))
    }

    /// Whether the claim's source is a primary one.
    pub fn primary(&self) -> bool {
        self.source_context.as_ref().is_some_and(|s| s.primary)
    }

    /// The value as written, with what it resolved to: `next Wednesday (= 2014-01-08)`.
    pub fn shown_value(&self) -> String {
        match &self.resolved {
            Some(resolved) => format!("{} (= {resolved})", self.value),
            None => self.value.to_string(),
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
            gap: None,
            verdict: None,
            location: None,
            unit: None,
            period: None,
            since: None,
        }
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
                .any(|&(s, g)| *s == *claim.source && g == claim.group)
            {
                sides.push((&claim.source, claim.group));
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

    /// The deterministic report order: severity, rule, subject, property, then first claim.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.severity,
            self.rule,
            self.subject.as_deref(),
            self.property.as_deref(),
            self.claims.first().map(|c| (&*c.source, &*c.id)),
            self.message.as_str(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{FindingClaim, Gap};

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

    /// A report may show a million claims: each byte of a shown claim is a megabyte.
    #[test]
    fn a_shown_claim_stays_small() {
        assert_eq!(std::mem::size_of::<FindingClaim>(), 184);
    }

    /// A primary source is named with the group it supports, each source and group once;
    /// findings of one group, without a primary source, or whose groups are roles, say
    /// nothing.
    #[test]
    fn a_primary_source_is_named_with_the_side_it_supports() {
        use super::{Finding, Severity};
        let claim = |source: &str, group: u32, primary: bool| FindingClaim {
            source: source.into(),
            group,
            source_context: Some(std::sync::Arc::new(super::SourceContext {
                primary,
                ..super::SourceContext::default()
            })),
            ..FindingClaim::default()
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

    /// Reports number groups from 1, as the tables' `#` column does; the scope and the
    /// source's context are flattened into the claim.
    #[test]
    fn a_claim_serialises_with_its_group_scope_and_source() {
        use super::{ClaimScope, SourceContext};
        let claim = FindingClaim {
            source: "wire".into(),
            id: "toll".into(),
            group: 2,
            scope: Some(Box::new(ClaimScope {
                period: Some("Q3 FY24".into()),
                since: Some("2009".into()),
                ..ClaimScope::default()
            })),
            source_context: Some(std::sync::Arc::new(SourceContext {
                publisher: Some("Wire".into()),
                kind: Some("wire".into()),
                primary: true,
                ..SourceContext::default()
            })),
            ..FindingClaim::default()
        };
        let json = serde_json::to_value(&claim).unwrap();
        assert_eq!(json["group"], 3);
        assert_eq!(json["period"], "Q3 FY24");
        assert_eq!(json["since"], "2009");
        assert_eq!(json["publisher"], "Wire");
        assert_eq!(json["source_kind"], "wire");
        assert_eq!(json["primary"], true);
        assert!(json.get("published").is_none() && json.get("note").is_none());
        assert_eq!((claim.period(), claim.since()), (Some("Q3 FY24"), Some("2009")));
        let first = FindingClaim::default();
        assert_eq!(serde_json::to_value(&first).unwrap()["group"], 1);
        assert_eq!(
            (first.period(), first.since(), first.primary()),
            (None, None, false)
        );
    }

    /// A row names the file and line of its claim, and the source only when the file is
    /// not named for it.
    #[test]
    fn a_claim_shows_where_it_stands() {
        let claim = |source: &str, file: Option<&str>, line: Option<u32>| FindingClaim {
            source: source.into(),
            file: file.map(Into::into),
            line,
            ..FindingClaim::default()
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
