//! Findings: plain serialisable data that rules produce and reports render.

use serde::Serialize;

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
    /// The fact-checker's verdict from `reviewed.yaml`, for reviewed findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}

/// A claim as a finding shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingClaim {
    pub source: String,
    pub id: String,
    pub value: String,
    pub said_by: Option<String>,
    pub quote: Option<String>,
    /// Claims with the same group agree with each other (one value cluster).
    #[serde(skip)]
    pub group: usize,
}

impl Finding {
    /// The deterministic report order: severity, rule, subject, property, then first claim.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.severity,
            self.rule,
            self.subject.as_deref(),
            self.property.as_deref(),
            self.claims.first().map(|c| (c.source.as_str(), c.id.as_str())),
            self.message.as_str(),
        )
    }
}
