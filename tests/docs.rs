//! The format reference (`docs/format.md`) is checked against the code: its example cases
//! load, every value form it lists parses as its type, and it lists every rule and every
//! problem code. The README and the reference link nothing outside the repository.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use claimcheck::value::{self, DateSet, Entities, Kind, Measure, Options, date};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn reference() -> String {
    std::fs::read_to_string(root().join("docs/format.md")).unwrap()
}

/// The fenced blocks whose info string is `yaml example=CASE/FILE`, by case.
fn examples(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut cases: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(target) = line.strip_prefix("```yaml example=") else {
            continue;
        };
        let (case, file) = target.split_once('/').expect("example=CASE/FILE");
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        cases
            .entry(case.to_string())
            .or_default()
            .push((file.to_string(), body.join("\n") + "\n"));
    }
    cases
}

#[test]
fn every_example_case_loads_and_checks() {
    let cases = examples(&reference());
    assert_eq!(
        cases.keys().map(String::as_str).collect::<Vec<_>>(),
        ["minimal", "relation", "rules"]
    );
    let dir = tempfile::tempdir().unwrap();
    for (case, files) in &cases {
        let folder = dir.path().join(case);
        std::fs::create_dir(&folder).unwrap();
        for (file, text) in files {
            std::fs::write(folder.join(file), text).unwrap();
        }
        let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .args(["check", "--format", "json"])
            .arg(&folder)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["errors"], serde_json::json!([]), "{case}: {report:#}");
        // Each example is correct as written: the one timeline finding is reviewed.
        assert_eq!(output.status.code(), Some(0), "{case}: {report:#}");
        let findings = report["cases"][0]["findings"].as_array().unwrap();
        let rules: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
        let expected: &[&str] = if case == "rules" { &["timeline"] } else { &[] };
        assert_eq!(rules, expected, "{case}");
    }
}

/// The tables that follow `<!-- values: KIND -->` or `<!-- values: KIND unit=UNIT -->`, as
/// (kind and unit, the forms of the first column).
fn value_tables(text: &str) -> Vec<(String, Vec<String>)> {
    let mut tables = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(kind) = line
            .strip_prefix("<!-- values: ")
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            continue;
        };
        let mut forms = Vec::new();
        for row in lines.by_ref().skip(2).take_while(|l| l.starts_with('|')) {
            let first = row.split('|').nth(1).unwrap().trim();
            forms.push(first.trim_matches('`').to_string());
        }
        tables.push((kind.to_string(), forms));
    }
    tables
}

#[test]
fn every_value_form_in_the_reference_parses_as_its_type() {
    let tables = value_tables(&reference());
    let kinds: Vec<&str> = tables.iter().map(|(k, _)| k.as_str()).collect();
    for (name, _) in Kind::ALL {
        assert!(kinds.contains(&name), "no table of {name} values");
    }
    let published: DateSet = date::parse("2014-01-06", None).unwrap();
    // The reference's examples are on an Indian clock.
    let calendar = date::Calendar {
        periods: date::Periods::new(),
        zone: value::time::iana("Asia/Kolkata"),
    };
    let mut count = 0;
    for (table, forms) in &tables {
        let (kind, unit) = match table.split_once(" unit=") {
            Some((kind, unit)) => (kind, Some(unit)),
            None => (table.as_str(), None),
        };
        for form in forms {
            let parsed = match kind {
                "ratio" => value::parse_relation(form, Measure::Ratio, None).map(|_| ()),
                "change" => value::parse_relation(form, Measure::Change, None).map(|_| ()),
                "date difference" => value::parse_relation(form, Measure::DateDifference, None).map(|_| ()),
                _ => {
                    let kind = Kind::from_name(kind).unwrap_or_else(|| panic!("no type {kind}"));
                    let options = Options {
                        unit: unit.or((kind == Kind::Quantity).then_some("visas")),
                        unit_spellings: &[],
                        tolerance: None,
                        published: Some(&published),
                        calendar: Some(&calendar),
                    };
                    value::parse(form, kind, options, &Entities::new()).map(|_| ())
                }
            };
            assert!(parsed.is_ok(), "{table}: {form}: {}", parsed.unwrap_err());
            count += 1;
        }
    }
    assert!(count > 150, "{count} forms");
}

#[test]
fn the_reference_lists_every_rule_and_every_problem_code() {
    let text = reference();
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("rules")
        .output()
        .unwrap();
    let listing = String::from_utf8(output.stdout).unwrap();
    for id in listing.lines().filter_map(|l| l.split_whitespace().next()) {
        assert!(
            text.contains(&format!("| `{id}` |")),
            "the reference lacks rule {id}"
        );
    }
    for code in claimcheck::load::Code::all() {
        assert!(
            text.contains(&format!("| `{}` |", code.as_str())),
            "the reference lacks problem code {}",
            code.as_str()
        );
    }
}

/// A user who clones the repository has what it links to.
#[test]
fn documentation_links_stay_inside_the_repository() {
    for file in ["README.md", "docs/format.md", "docs/architecture.md"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let dir = root().join(file).parent().unwrap().to_path_buf();
        for (i, _) in text.match_indices("](") {
            let target = &text[i + 2..];
            let target = &target[..target.find(')').unwrap()];
            if target.starts_with('#') || target.starts_with("https://") {
                continue;
            }
            let path = target.split('#').next().unwrap();
            let resolved = dir.join(path).canonicalize();
            assert!(
                resolved.as_ref().is_ok_and(|p| p.starts_with(root())),
                "{file} links to {target}, which is not in the repository"
            );
        }
    }
}
