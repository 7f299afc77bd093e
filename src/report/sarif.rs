//! SARIF 2.1.0, the static analysis format GitHub code scanning and other tools read: one
//! run; every rule with its `explain` text as help; one result per finding with each of
//! its claims as a location (the first is where the finding is shown); reviewed findings
//! as suppressed results, with their verdicts; input problems as tool notifications.
//! Written as it is serialised, like the JSON report.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde::ser::Serializer;

use super::{Report, claim_lines, target, workspace_path};
use crate::finding::{Finding, FindingClaim, Severity};
use crate::load::Problem;
use crate::rules::{RULES, Rule};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Writes the SARIF log of `report` to `out`, paths made relative to `cwd`.
pub fn write(report: &Report, cwd: &Path, out: impl std::io::Write) -> std::io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "claimcheck",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: Rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results: Results { report, cwd },
            invocations: [Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: Notifications { report, cwd },
            }],
        }],
    };
    super::json::write_pretty(&log, out)
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Columns count characters, as claimcheck's do everywhere.
    column_kind: &'static str,
    results: Results<'a>,
    invocations: [Invocation<'a>; 1],
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Rules,
}

/// Every rule of the registry, in its order: results name theirs by index too.
struct Rules;

impl Serialize for Rules {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(RULES.iter().map(|rule| RuleDescriptor::new(*rule)))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    short_description: Text,
    help: Help,
    default_configuration: Configuration,
}

impl RuleDescriptor {
    fn new(rule: &dyn Rule) -> RuleDescriptor {
        let doc = rule.doc().trim_end().to_string();
        RuleDescriptor {
            id: rule.id(),
            short_description: Text::new(rule.summary()),
            help: Help {
                text: doc.clone(),
                markdown: doc,
            },
            default_configuration: Configuration {
                level: level(rule.severity()),
            },
        }
    }
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One result per finding, every case's in turn, built as they are written.
struct Results<'a> {
    report: &'a Report,
    cwd: &'a Path,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.report.cases.iter().flat_map(|case| {
            case.findings
                .iter()
                .map(move |finding| SarifResult::new(&case.case, finding, self.cwd))
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    properties: ResultProperties<'a>,
}

impl<'a> SarifResult<'a> {
    fn new(case: &'a str, finding: &'a Finding, cwd: &Path) -> SarifResult<'a> {
        SarifResult {
            rule_id: finding.rule,
            rule_index: RULES.iter().position(|r| r.id() == finding.rule).unwrap_or(0),
            level: level(finding.severity),
            message: Text::new(match (&finding.subject, &finding.property) {
                (None, None) => format!("{}{}", finding.message, claim_lines(finding, cwd, usize::MAX)),
                _ => format!(
                    "{}: {}{}",
                    target(finding),
                    finding.message,
                    claim_lines(finding, cwd, usize::MAX)
                ),
            }),
            locations: match &finding.more().location {
                Some(at) if finding.claims.is_empty() => {
                    vec![file_location(&at.file, at.line, at.column, cwd)]
                }
                _ => finding
                    .claims
                    .iter()
                    .filter_map(|claim| claim_location(claim, cwd))
                    .collect(),
            },
            partial_fingerprints: Fingerprints {
                finding: fingerprint(finding),
            },
            // A reviewed finding was ruled on in `reviewed.yaml`, outside the source files.
            suppressions: match (finding.reviewed, &finding.more().verdict) {
                (true, verdict) => vec![Suppression {
                    kind: "external",
                    status: "accepted",
                    justification: verdict.as_deref(),
                }],
                (false, _) => Vec::new(),
            },
            properties: ResultProperties {
                case,
                subject: finding.subject.as_deref(),
                property: finding.property.as_deref(),
                gap: finding.more().gap,
                unit: finding.more().unit.as_deref(),
                period: finding.more().period.as_deref(),
                since: finding.more().since.as_deref(),
            },
        }
    }
}

/// A hash of what makes the finding itself, never of its lines ([`fingerprint`]). It must
/// stay the same from version to version, or code scanning would see every finding as new;
/// a new hash would take a new key.
#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "claimcheckFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    case: &'a str,
    subject: Option<&'a str>,
    property: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap: Option<crate::finding::Gap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
}

/// Where a claim stands, when its file is known, with its value and id as the message.
fn claim_location(claim: &FindingClaim, cwd: &Path) -> Option<Location> {
    let mut location = file_location(
        claim.file()?,
        super::widen(claim.line()),
        super::widen(claim.column()),
        cwd,
    );
    location.message = Some(Text::new(format!("{} ({})", claim.shown_value(), claim.id())));
    Some(location)
}

fn file_location(file: &str, line: Option<usize>, column: Option<usize>, cwd: &Path) -> Location {
    let path = workspace_path(file, cwd);
    // Relative to the working directory, which is the repository's root in CI; a file
    // outside it is named by its absolute `file:` URI.
    let artifact_location = if Path::new(&path).is_absolute() {
        ArtifactLocation {
            uri: format!("file://{}", uri_path(&path)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: uri_path(&path),
            uri_base_id: Some("%SRCROOT%"),
        }
    };
    Location {
        physical_location: PhysicalLocation {
            artifact_location,
            region: line.map(|start_line| Region {
                start_line,
                start_column: column,
            }),
        },
        message: None,
    }
}

/// A path as a URI reference: every byte but letters, digits, `-._~` and `/`
/// percent-encoded (RFC 3986), so a space or an accent in a file name stays a valid URI.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The finding's identity across runs: its rule, subject, property and the claims it
/// shows (by source and id, sorted), hashed with 64-bit FNV-1a. Lines, values and
/// messages stay out, so moving or editing a claim keeps the finding's identity.
fn fingerprint(finding: &Finding) -> String {
    let mut claims: Vec<(&str, &str)> = finding.claims.iter().map(|c| (c.source_id(), c.id())).collect();
    claims.sort_unstable();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        // Each part ends with a byte no text holds, so `ab`+`c` differs from `a`+`bc`.
        for byte in text.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(finding.rule);
    feed(finding.subject.as_deref().unwrap_or(""));
    feed(finding.property.as_deref().unwrap_or(""));
    for (source, id) in claims {
        feed(source);
        feed(id);
    }
    format!("{hash:016x}")
}

/// Input problems, as the notifications of the one invocation.
struct Notifications<'a> {
    report: &'a Report,
    cwd: &'a Path,
}

impl Serialize for Notifications<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.report
                .errors
                .iter()
                .map(|problem| Notification::new(problem, self.cwd)),
        )
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Notifications<'a>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: Descriptor,
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct Descriptor {
    id: String,
}

impl Notification {
    fn new(problem: &Problem, cwd: &Path) -> Notification {
        Notification {
            level: "error",
            message: Text::new(problem.message.clone()),
            descriptor: Descriptor {
                id: problem.code.to_string(),
            },
            locations: problem
                .file
                .as_deref()
                .map(|file| file_location(file, problem.line, problem.column, cwd))
                .into_iter()
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CaseReport;

    fn claim(source: &str, id: &str, file: &str, line: u32) -> FindingClaim {
        let mut claim = FindingClaim::shown(source, id, "2003", 0).in_file(file);
        claim.place(None, crate::finding::Lines::at(line, 5));
        claim
    }

    fn finding(severity: Severity, claims: Vec<FindingClaim>) -> Finding {
        Finding {
            subject: Some("talks".into()),
            property: Some("suspended".into()),
            claims,
            ..Finding::new("conflicting-values", severity, "suspended: 2003 vs 2004".into())
        }
    }

    fn log(findings: Vec<Finding>, cwd: &str) -> serde_json::Value {
        let report = Report {
            cases: vec![CaseReport {
                case: "crash".into(),
                title: None,
                dir: "claims/crash".into(),
                sources: 2,
                claims: 2,
                findings,
                source_tally: Vec::new(),
            }],
            errors: Vec::new(),
            skipped: Vec::new(),
        };
        let mut out = Vec::new();
        write(&report, Path::new(cwd), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    /// The hash is part of the format: code scanning keeps it between runs and versions.
    #[test]
    fn a_finding_keeps_its_fingerprint_wherever_its_claims_move() {
        let a = claim("agency", "toll", "claims/crash/agency.yaml", 6);
        let b = claim("wire", "toll", "claims/crash/wire.yaml", 9);
        let one = fingerprint(&finding(Severity::Error, vec![a.clone(), b.clone()]));
        // 64-bit FNV-1a of `conflicting-values`, `talks`, `suspended`, `agency`, `toll`, `wire`,
        // `toll`, each followed by 0xff, as computed independently.
        assert_eq!(one, "4b54f83be608fe03");
        let moved = claim("wire", "toll", "claims/crash/wire.yaml", 40);
        assert_eq!(
            fingerprint(&finding(Severity::Warning, vec![moved, a.clone()])),
            one
        );
        // Another claim, rule or property is another finding; the parts do not run together.
        assert_ne!(fingerprint(&finding(Severity::Error, vec![a.clone()])), one);
        let other_rule = Finding {
            rule: "disputed",
            ..finding(Severity::Error, vec![a.clone(), b.clone()])
        };
        assert_ne!(fingerprint(&other_rule), one);
        let run_together = claim("agencyt", "oll", "claims/crash/agency.yaml", 6);
        assert_ne!(fingerprint(&finding(Severity::Error, vec![run_together, b])), one);
    }

    #[test]
    fn levels_suppressions_and_paths_follow_the_finding() {
        let mut reviewed = finding(Severity::Info, vec![claim("a", "x", "/elsewhere/a b.yaml", 3)]);
        reviewed.reviewed = true;
        reviewed.set_more(|m| m.verdict = Some("2003 is right".into()));
        let log = log(vec![reviewed], "/work");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["level"], "note");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(
            result["suppressions"][0],
            serde_json::json!({"kind": "external", "status": "accepted", "justification": "2003 is right"})
        );
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(
            artifact,
            &serde_json::json!({"uri": "file:///elsewhere/a%20b.yaml"})
        );
        let log = self::log(
            vec![finding(
                Severity::Warning,
                vec![claim("a", "x", "/work/claims/a.yaml", 3)],
            )],
            "/work",
        );
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["level"], "warning");
        assert!(result.get("suppressions").is_none());
        assert_eq!(
            result["locations"][0]["physicalLocation"],
            serde_json::json!({
                "artifactLocation": {"uri": "claims/a.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 5},
            })
        );
        assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_path("claims/crash/agency.yaml"), "claims/crash/agency.yaml");
        assert_eq!(
            uri_path("claims/Zürich crash/a#1.yaml"),
            "claims/Z%C3%BCrich%20crash/a%231.yaml"
        );
    }
}
