//! What users see: the command's output and exit status on the shipped cases and on one
//! fixture folder per situation. Snapshots live in `snapshots/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test or benchmark"
)]

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `claimcheck` run from the package root, so paths in its output are stable.
fn claimcheck() -> Command {
    let mut command = Command::new(get_cargo_bin("claimcheck"));
    command.current_dir(root()).env("NO_COLOR", "1");
    command
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(root()).unwrap_or(path).to_path_buf()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = claimcheck().args(args).output().expect("claimcheck runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, _) = run(&all);
    (
        code,
        serde_json::from_str(&stdout).expect("stdout is one JSON object"),
    )
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

// --- the shipped cases -------------------------------------------------------------

#[test]
fn shipped_cases_table() {
    settings().bind(|| assert_cmd_snapshot!("claims_table", claimcheck().args(["check", "claims"])));
}

#[test]
fn shipped_cases_markdown() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_markdown",
            claimcheck().args(["check", "claims", "--format", "markdown"])
        )
    });
}

#[test]
fn shipped_cases_json() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_json",
            claimcheck().args(["check", "claims", "--format", "json"])
        )
    });
}

/// A pull-request comment has a size limit: past `--max-chars`, findings shrink to a line.
#[test]
fn shipped_cases_markdown_within_a_budget() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_markdown_3000",
            claimcheck().args(["check", "claims", "--format", "markdown", "--max-chars", "3000"])
        )
    });
    let (code, stdout, _) = run(&["check", "claims", "--format", "markdown", "--max-chars", "3000"]);
    assert_eq!(code, 1);
    assert!(stdout.chars().count() <= 3000);
    let (code, _, stderr) = run(&["check", "claims", "--format", "markdown", "--max-chars", "1999"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--max-chars"), "{stderr}");
}

#[test]
fn shipped_cases_reviewed() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_reviewed",
            claimcheck().args(["check", "claims", "--format", "reviewed"])
        )
    });
}

/// On every rule fixture, the entries `--format reviewed` prints (with their `period` or
/// `since`, written as claims wrote them or as the dates they read as), verdicts written
/// and added to the fixture's own reviews, review every open finding, each its own, and
/// leave no review stale or broad.
#[test]
fn reviewed_entries_review_every_fixtures_findings() {
    for fixture in std::fs::read_dir(root().join("tests/fixtures/rules")).unwrap() {
        let fixture = fixture.unwrap().path();
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join(fixture.file_name().unwrap());
        std::fs::create_dir(&case).unwrap();
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), case.join(entry.file_name())).unwrap();
        }
        let case = case.to_str().unwrap();
        let (_, before) = json(&[case]);
        let (_, entries, _) = run(&["check", "--format", "reviewed", case]);
        let open = |report: &Value, rule: &str| {
            report["cases"][0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["reviewed"] == false && (rule.is_empty() || f["rule"] == rule))
                .count()
        };
        let reviewed = format!("{case}/reviewed.yaml");
        let existing = std::fs::read_to_string(&reviewed).unwrap_or_else(|_| "reviewed:\n".into());
        let added: String = entries
            .lines()
            .filter(|l| !l.starts_with('#') && *l != "reviewed:")
            .map(|l| format!("{}\n", l.replace("verdict:", "verdict: checked")))
            .collect();
        std::fs::write(&reviewed, format!("{existing}{added}")).unwrap();
        let (code, after) = json(&[case]);
        assert_ne!(code, 2, "{fixture:?}: {after}");
        let name = fixture.display();
        for rule in ["stale-review", "broad-review"] {
            assert_eq!(open(&after, rule), open(&before, rule), "{name}: {rule}");
        }
        assert_eq!(
            open(&after, ""),
            open(&before, "stale-review") + open(&before, "broad-review"),
            "{name}: {entries}"
        );
    }
}

/// The entries `--format reviewed` prints, once their verdicts are written, review every
/// finding, each its own; left empty, they are refused.
#[test]
fn reviewed_entries_from_the_report_review_each_finding_once() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("us-cuba-migration-talks");
    std::fs::create_dir(&case).unwrap();
    for entry in std::fs::read_dir(root().join("claims/us-cuba-migration-talks")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), case.join(entry.file_name())).unwrap();
    }
    let case = case.to_str().unwrap();
    let (code, entries, _) = run(&["check", "--format", "reviewed", case]);
    assert_eq!(code, 1);
    std::fs::write(format!("{case}/reviewed.yaml"), &entries).unwrap();
    let (code, _, stderr) = run(&["check", case]);
    assert_eq!(code, 2);
    assert_eq!(stderr.matches("error[missing-verdict]").count(), 7, "{stderr}");
    std::fs::write(
        format!("{case}/reviewed.yaml"),
        entries.replace("verdict:\n", "verdict: checked\n"),
    )
    .unwrap();
    let (code, report) = json(&[case]);
    assert_eq!(code, 0);
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 7);
    assert!(
        findings
            .iter()
            .all(|f| f["reviewed"] == true && f["verdict"] == "checked"),
        "{findings:#?}"
    );
    let (_, again, _) = run(&["check", "--format", "reviewed", case]);
    assert_eq!(again, "# No unreviewed findings.\n");
}

#[test]
fn shipped_cases_github() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_github",
            claimcheck().args(["check", "claims", "--format", "github"])
        )
    });
}

#[test]
fn shipped_cases_html() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_html",
            claimcheck().args(["check", "claims", "--format", "html"])
        )
    });
}

#[test]
fn shipped_cases_sarif() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_sarif",
            claimcheck().args(["check", "claims", "--format", "sarif"])
        )
    });
}

#[test]
fn check_defaults_to_the_claims_folder() {
    let (code, stdout, _) = run(&["check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("us-cuba-migration-talks"));
}

#[test]
fn json_report_follows_the_contract_field_by_field() {
    let (code, report) = json(&["claims"]);
    assert_eq!(code, 1, "the seed case has error findings");
    assert_eq!(keys(&report), ["claimcheck", "format_version", "cases", "errors"]);
    assert_eq!(report["claimcheck"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["format_version"], 1);
    assert_eq!(report["errors"], Value::Array(Vec::new()));
    let case = &report["cases"][0];
    assert_eq!(
        keys(case),
        ["case", "sources", "claims", "findings", "source_tally"]
    );
    assert_eq!(case["case"], "us-cuba-migration-talks");
    assert_eq!(case["sources"], 5);
    assert!(case["claims"].as_u64().unwrap() >= 60);
    // The tally has a line per source, whose claims add up to the case's.
    let tally = case["source_tally"].as_array().unwrap();
    assert_eq!(tally.len(), 5);
    let claims: u64 = tally.iter().map(|s| s["claims"].as_u64().unwrap()).sum();
    assert_eq!(claims, case["claims"].as_u64().unwrap());
    for source in tally {
        assert_eq!(
            keys(source),
            [
                "source",
                "publisher",
                "published",
                "kind",
                "claims",
                "claims_in_findings",
                "findings",
                "alone"
            ]
        );
        assert!(source["claims_in_findings"].as_u64() <= source["claims"].as_u64());
        assert!(source["alone"].as_u64() <= source["findings"].as_u64());
    }
    for finding in case["findings"].as_array().unwrap() {
        let mut expected = vec![
            "rule", "severity", "reviewed", "subject", "property", "message", "claims",
        ];
        // Findings that compare numbers or dates say how far apart they are; names not.
        if let Some(gap) = finding.get("gap") {
            assert!(
                ["conflicting-values", "disputed", "relation"].contains(&finding["rule"].as_str().unwrap())
            );
            expected.push("gap");
            let gap = gap.as_object().unwrap();
            assert!(gap.contains_key("days") ^ gap.contains_key("relative"), "{gap:?}");
        }
        // Dates have no unit; no seed claim has a period.
        if finding.get("unit").is_some() {
            expected.push("unit");
        }
        assert_eq!(keys(finding), expected);
        assert!(["error", "warning", "info"].contains(&finding["severity"].as_str().unwrap()));
        assert_eq!(finding["reviewed"], false);
        for claim in finding["claims"].as_array().unwrap() {
            // A value relative to `published` also says what it resolved to; each claim
            // says where it and its value stand.
            let mut expected = vec!["source", "id", "value"];
            if claim.get("resolved").is_some() {
                expected.push("resolved");
            }
            expected.extend([
                "said_by",
                "quote",
                "file",
                "line",
                "column",
                "value_line",
                "value_column",
                "group",
            ]);
            // Then the claim's note, if it has one, and its source's publisher, date and
            // kind, which every seed source gives.
            if claim.get("note").is_some() {
                expected.push("note");
            }
            expected.extend(["publisher", "published", "source_kind"]);
            assert_eq!(keys(claim), expected);
            assert!(claim["group"].as_u64().unwrap() >= 1, "groups count from 1");
            let source = tally.iter().find(|s| s["source"] == claim["source"]).unwrap();
            for (key, tally_key) in [
                ("publisher", "publisher"),
                ("published", "published"),
                ("source_kind", "kind"),
            ] {
                assert_eq!(claim[key], source[tally_key], "{claim}");
            }
            let file = claim["file"].as_str().unwrap();
            assert!(
                file.starts_with("claims/us-cuba-migration-talks/") && file.ends_with(".yaml"),
                "{file}"
            );
            // The claim's line holds its id, and the value's line and column its value.
            let text = std::fs::read_to_string(root().join(file)).unwrap();
            // The publisher is the one the claim's file gives.
            let publisher = format!("publisher: {}", claim["publisher"].as_str().unwrap());
            assert!(text.contains(&publisher), "{publisher}");
            let line = |key: &str| {
                text.lines()
                    .nth(claim[key].as_u64().unwrap() as usize - 1)
                    .unwrap()
            };
            assert!(line("line").contains(claim["id"].as_str().unwrap()), "{claim}");
            let value_line = line("value_line");
            let column = claim["value_column"].as_u64().unwrap() as usize;
            let from: String = value_line.chars().skip(column - 1).collect();
            let value = claim["value"].as_str().unwrap();
            assert!(
                from.trim_start_matches('"').starts_with(value),
                "{from} / {value}"
            );
        }
    }
}

/// A case is named by its folder however its path is written: `.` inside it, `./`, a
/// path through `..`, an absolute path, or a link to it.
#[test]
fn a_case_is_named_by_its_folder_however_its_path_is_written() {
    let folder = root().join("claims/us-cuba-migration-talks");
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("seed-link");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&folder, &link).unwrap();
    let mut written: Vec<(PathBuf, String)> = vec![
        (folder.clone(), ".".to_string()),
        (folder.clone(), "./".to_string()),
        (folder.join("../.."), "claims/us-cuba-migration-talks".to_string()),
        (
            root().join("claims"),
            "../claims/us-cuba-migration-talks/.".to_string(),
        ),
        (root().to_path_buf(), folder.display().to_string()),
    ];
    if cfg!(unix) {
        written.push((root().to_path_buf(), link.display().to_string()));
    }
    for (dir, path) in written {
        let output = Command::new(get_cargo_bin("claimcheck"))
            .current_dir(&dir)
            .args(["check", "--format", "json", &path])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(
            report["cases"][0]["case"],
            "us-cuba-migration-talks",
            "{path} in {}",
            dir.display()
        );
    }
}

/// Completion scripts and manual pages come from the same definitions as `--help`: every
/// subcommand and flag is in them.
#[test]
fn completions_and_manual_pages_cover_every_subcommand_and_flag() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script, _) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for word in [
            "check",
            "explain",
            "parse",
            "completions",
            "fail-on",
            "max-depth",
            "timezone",
        ] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let (code, _, error) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(
        error.contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{error}"
    );
    let (code, page, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH claimcheck 1"), "{page}");
    for sub in ["check", "rules", "explain", "parse", "completions", "man"] {
        assert!(
            page.contains(&format!("claimcheck\\-{sub}")),
            "the page lacks {sub}"
        );
    }
    let (code, page, _) = run(&["man", "check"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH claimcheck-check 1"), "{page}");
    assert!(
        page.contains("\\-\\-fail\\-on") && page.contains("Exit status"),
        "{page}"
    );
    let (code, _, error) = run(&["man", "chek"]);
    assert_eq!(code, 2);
    assert!(
        error.contains("no subcommand `chek` (did you mean `check`?)"),
        "{error}"
    );
}

/// `--output` writes the report that standard output would carry, and nothing goes to
/// standard output; `--quiet` leaves only the summary.
#[test]
fn output_goes_to_a_file_or_shrinks_to_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["table", "markdown", "json"] {
        let file = dir.path().join(format!("report.{format}"));
        let (code, stdout, _) = run(&["check", "--format", format]);
        let (code_to_file, nothing, _) =
            run(&["check", "--format", format, "--output", file.to_str().unwrap()]);
        assert_eq!((code_to_file, nothing.as_str()), (code, ""));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout, "{format}");
    }
    let (code, summary, _) = run(&["check", "--quiet"]);
    assert_eq!(code, 1);
    assert_eq!(summary, "5 errors, 2 warnings, 0 info in 1 case\n");
    // Input problems stay on standard error; the summary says there were some.
    let (code, summary, errors) = run(&["check", "-q", "tests/fixtures/invalid/unknown-key"]);
    assert_eq!(code, 2);
    assert_eq!(summary.lines().count(), 2, "{summary}");
    assert!(
        summary.starts_with("4 input problems; case not checked"),
        "{summary}"
    );
    assert!(errors.contains("error[unknown-key]"), "{errors}");
}

/// The report never lands among claim files, even through a link, and a report that
/// cannot be written is an error.
#[test]
fn output_is_never_written_among_claim_files() {
    let case = root().join("claims/us-cuba-migration-talks");
    let (code, _, error) = run(&["check", "--output", "claims/us-cuba-migration-talks/report.md"]);
    assert_eq!(code, 2);
    assert!(
        error.contains("lies inside `claims`, a folder being checked"),
        "{error}"
    );
    assert!(!case.join("report.md").exists());
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("report.yaml");
        std::os::unix::fs::symlink(case.join("efe-2010-02-18.yaml"), &link).unwrap();
        let before = std::fs::read(case.join("efe-2010-02-18.yaml")).unwrap();
        let (code, _, _) = run(&["check", "--output", link.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert_eq!(std::fs::read(case.join("efe-2010-02-18.yaml")).unwrap(), before);
    }
    let (code, _, error) = run(&["check", "--output", "/nonexistent-folder/report.md"]);
    assert_eq!(code, 2);
    assert!(
        error.starts_with("error: cannot write `/nonexistent-folder/report.md`"),
        "{error}"
    );
}

/// Severities are coloured only when asked, or on a terminal: a pipe or file gets none.
#[test]
fn severities_are_coloured_when_asked() {
    let (_, coloured, _) = run(&["check", "--color", "always"]);
    assert!(
        coloured.contains("\x1b[1;31merror\x1b[0m[conflicting-values]"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[1;33mwarning\x1b[0m[name-variant]"),
        "{coloured}"
    );
    // The colours are the only difference.
    let (_, plain, _) = run(&["check", "--color", "never"]);
    let stripped = coloured
        .replace("\x1b[1;31m", "")
        .replace("\x1b[1;33m", "")
        .replace("\x1b[0m", "");
    assert_eq!(stripped, plain);
    // Standard output here is a pipe: `auto` colours nothing, and neither does a file.
    let (_, auto, _) = run(&["check"]);
    assert_eq!(auto, plain);
    assert!(!plain.contains('\x1b'));
    let (_, markdown, _) = run(&["check", "--color", "always", "--format", "markdown"]);
    assert!(!markdown.contains('\x1b'));
}

/// A file of a case stands for the case that holds it, as a pre-commit hook passes
/// files: several files of one case check it once; a file outside any case is an error.
#[test]
fn files_check_the_case_that_holds_them() {
    let (code, whole) = json(&["claims/us-cuba-migration-talks"]);
    let (code_of_files, of_files) = json(&[
        "claims/us-cuba-migration-talks/efe-2010-02-18.yaml",
        "claims/us-cuba-migration-talks/ap-2009-12-05.txt",
        "claims/us-cuba-migration-talks/case.yaml",
    ]);
    assert_eq!((code_of_files, &of_files), (code, &whole));
    assert_eq!(of_files["cases"].as_array().unwrap().len(), 1);
    let (code, report) = json(&["README.md", "claims/us-cuba-migration-talks/case.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(report["errors"][0]["file"], "README.md");
    assert_eq!(report["errors"][0]["code"], "not-a-folder");
    // The case beside it is still checked.
    assert_eq!(report["cases"][0]["case"], "us-cuba-migration-talks");
    // The hook the repository ships passes files to `claimcheck check`.
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(
        hooks.contains("id: claimcheck") && hooks.contains("entry: claimcheck check"),
        "{hooks}"
    );
}

/// The seed report's three known discrepancies, and none of its agreements.
#[test]
fn seed_case_shows_the_discrepancies_and_not_the_agreements() {
    let (_, report) = json(&["claims/us-cuba-migration-talks"]);
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    let has = |rule: &str, property: &str| {
        findings
            .iter()
            .any(|f| f["rule"] == rule && f["property"] == property)
    };
    let suspended = findings
        .iter()
        .find(|f| f["subject"] == "suspension-2003")
        .expect("2003 vs 2004");
    assert_eq!(suspended["rule"], "conflicting-values");
    assert_eq!(
        suspended["message"],
        "suspended: 2003 (2 sources) vs 2004 (1 source)"
    );
    assert!(
        has("name-variant", "head_of_us_delegation"),
        "Eduard vs Edward Alex Lee"
    );
    assert!(
        has("disputed", "postponement_requested_by"),
        "each side blames the other"
    );
    for agreement in [
        "visas_per_year",
        "people_involved",
        "talks_frequency",
        "broken_off",
        "immigrant_visas_issued",
        "tourist_visas_issued",
        "resumed",
        "title",
    ] {
        assert!(
            !findings.iter().any(|f| f["property"] == agreement),
            "{agreement} agrees across sources"
        );
    }
}

// --- one fixture per situation ----------------------------------------------------

#[test]
fn clean_case_exits_zero() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/clean"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("0 errors, 0 warnings, 0 info in 1 case"),
        "{stdout}"
    );
    assert!(stderr.is_empty());
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        settings().bind(|| {
            assert_cmd_snapshot!(claimcheck().args(["check", "--format", "markdown"]).arg(&path));
        });
    });
}

/// Each fixture's review page, from its `<main>` on: the style and script, the same on
/// every page, are in the seed case's snapshot.
#[test]
fn rule_fixtures_html() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        let (_, stdout, _) = run(&["check", "--format", "html", path.to_str().unwrap()]);
        let main = &stdout[stdout.find("<main>").unwrap()..stdout.find("</main>").unwrap()];
        settings().bind(|| insta::assert_snapshot!(main));
    });
}

#[test]
fn rule_fixtures_table() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        settings().bind(|| {
            assert_cmd_snapshot!(claimcheck().args(["check", "--format", "table"]).arg(&path));
        });
    });
}

#[test]
fn rule_fixtures_json() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        let (_, stdout, _) = run(&["check", "--format", "json", path.to_str().unwrap()]);
        let report: Value = serde_json::from_str(&stdout).unwrap();
        settings().bind(|| insta::assert_json_snapshot!(report["cases"]));
    });
}

#[test]
fn rule_fixtures_github() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        settings().bind(|| {
            assert_cmd_snapshot!(claimcheck().args(["check", "--format", "github"]).arg(&path));
        });
    });
}

#[test]
fn rule_fixtures_reviewed() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        settings().bind(|| {
            assert_cmd_snapshot!(claimcheck().args(["check", "--format", "reviewed"]).arg(&path));
        });
    });
}

/// The results of each fixture's SARIF log; the rules and the tool, the same in every
/// log, are in the seed case's snapshot.
#[test]
fn rule_fixtures_sarif() {
    insta::glob!("fixtures/rules/*", |path| {
        let path = relative(path);
        let (_, stdout, _) = run(&["check", "--format", "sarif", path.to_str().unwrap()]);
        let log: Value = serde_json::from_str(&stdout).unwrap();
        settings().bind(|| insta::assert_json_snapshot!(log["runs"][0]["results"]));
    });
}

#[test]
fn invalid_fixtures() {
    insta::glob!("fixtures/invalid/*", |path| {
        let path = relative(path);
        settings().bind(|| {
            assert_cmd_snapshot!(claimcheck().args(["check", "--format", "table"]).arg(&path));
        });
    });
}

#[test]
fn invalid_fixtures_github() {
    insta::glob!("fixtures/invalid/*", |path| {
        let path = relative(path);
        settings().bind(|| {
            assert_cmd_snapshot!(claimcheck().args(["check", "--format", "github"]).arg(&path));
        });
    });
}

// --- CI formats --------------------------------------------------------------------

/// Every folder the SARIF tests run on: the shipped cases and each fixture.
fn sarif_inputs() -> Vec<String> {
    let mut inputs = vec!["claims".to_string()];
    for group in ["tests/fixtures/rules", "tests/fixtures/invalid"] {
        let mut folders: Vec<String> = std::fs::read_dir(root().join(group))
            .unwrap()
            .map(|e| format!("{group}/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        folders.sort();
        inputs.extend(folders);
    }
    inputs
}

/// Each SARIF log the shipped cases and fixtures give passes the official SARIF 2.1.0
/// schema (OASIS errata 01, kept in `tests/schemas/`), formats included.
#[test]
fn sarif_passes_the_official_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    // The schema itself catches a broken log: a result without its message.
    let mut broken: Value = serde_json::from_str(&run(&["check", "claims", "--format", "sarif"]).1).unwrap();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
    for input in sarif_inputs() {
        let (_, stdout, _) = run(&["check", "--format", "sarif", &input]);
        let log: Value = serde_json::from_str(&stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{input}: {errors:#?}");
    }
}

/// A SARIF result per finding, with the finding's claims as its locations in order, its
/// severity as its level, and reviewed findings suppressed with their verdicts; input
/// problems are notifications.
#[test]
fn sarif_results_are_the_findings() {
    for input in ["claims", "tests/fixtures/rules/reviewed", "tests/fixtures/mixed"] {
        let (json_code, report) = json(&[input]);
        let (code, stdout, _) = run(&["check", "--format", "sarif", input]);
        assert_eq!(code, json_code);
        let log: Value = serde_json::from_str(&stdout).unwrap();
        let run = &log["runs"][0];
        let rules: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let findings: Vec<&Value> = report["cases"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["findings"].as_array().unwrap())
            .collect();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), findings.len(), "{input}");
        for (result, finding) in results.iter().zip(&findings) {
            assert_eq!(result["ruleId"], finding["rule"]);
            assert_eq!(
                rules[result["ruleIndex"].as_u64().unwrap() as usize],
                finding["rule"]
            );
            let level = match finding["severity"].as_str().unwrap() {
                "info" => "note",
                severity => severity,
            };
            assert_eq!(result["level"], level);
            let locations = result["locations"].as_array().unwrap();
            let claims = finding["claims"].as_array().unwrap();
            if let Some(at) = finding.get("location") {
                // A stale or broad review stands at its entry in `reviewed.yaml`.
                assert!(["stale-review", "broad-review"].contains(&finding["rule"].as_str().unwrap()));
                let physical = &locations[0]["physicalLocation"];
                assert_eq!(physical["artifactLocation"]["uri"], at["file"]);
                assert_eq!(physical["region"]["startLine"], at["line"]);
                assert_eq!(locations.len(), 1);
                continue;
            }
            assert_eq!(locations.len(), claims.len());
            for (location, claim) in locations.iter().zip(claims) {
                let physical = &location["physicalLocation"];
                assert_eq!(physical["artifactLocation"]["uri"], claim["file"]);
                assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
                assert_eq!(physical["region"]["startLine"], claim["line"]);
                assert_eq!(physical["region"]["startColumn"], claim["column"]);
            }
            match finding.get("verdict") {
                Some(verdict) => {
                    assert_eq!(result["suppressions"][0]["kind"], "external");
                    assert_eq!(&result["suppressions"][0]["justification"], verdict);
                }
                None => assert!(result.get("suppressions").is_none()),
            }
        }
        let problems = report["errors"].as_array().unwrap();
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], problems.is_empty());
        let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(notifications.len(), problems.len());
        for (notification, problem) in notifications.iter().zip(problems) {
            assert_eq!(notification["descriptor"]["id"], problem["code"]);
            assert_eq!(notification["message"]["text"], problem["message"]);
            assert_eq!(
                notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                problem["file"]
            );
        }
    }
}

/// A finding's fingerprint is the same from run to run, and when its claims move in their
/// files; it differs from every other finding's.
#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let fingerprints = |case: &Path| -> Vec<(String, u64)> {
        let (_, stdout, _) = run(&["check", "--format", "sarif", case.to_str().unwrap()]);
        let log: Value = serde_json::from_str(&stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["claimcheckFinding/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("us-cuba-migration-talks");
    std::fs::create_dir(&case).unwrap();
    for entry in std::fs::read_dir(root().join("claims/us-cuba-migration-talks")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), case.join(entry.file_name())).unwrap();
    }
    let before = fingerprints(&case);
    assert_eq!(before, fingerprints(&case));
    let mut unique: Vec<&String> = before.iter().map(|(f, _)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), before.len());
    // Three lines of comment above every claim of every source.
    for entry in std::fs::read_dir(&case).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("# one\n# two\n# three\n{text}")).unwrap();
        }
    }
    let after = fingerprints(&case);
    assert_eq!(after.len(), before.len());
    for ((f_before, line_before), (f_after, line_after)) in before.iter().zip(&after) {
        assert_eq!(f_before, f_after);
        assert_eq!(line_before + 3, *line_after);
    }
}

// --- editors ------------------------------------------------------------------------

/// Input problems a JSON Schema can say, so the editor flags them as the author types;
/// the rest (a value that does not parse, a duplicate id, a missing text file) only a
/// check finds.
const SAID_BY_ANY_SCHEMA: &[&str] = &[
    "empty-source-file",
    "empty-case-file",
    "not-a-mapping",
    "unknown-key",
    "wrong-shape",
    "wrong-item-shape",
    "missing-type",
    "unknown-type",
    "unknown-cardinality",
    "unknown-scope",
    "not-a-boolean",
    "missing-entity-name",
    "missing-case-rule-name",
    "unknown-case-rule",
    "unknown-rule-param",
    "missing-rule-param",
    "missing-claims",
    "unknown-source-kind",
    "missing-field",
    "fact-field-on-relation",
    "relation-field-on-fact",
    "unknown-relation",
    "missing-operand",
    "missing-review-rule",
    "unknown-rule",
    "missing-verdict",
    "missing-review-target",
];

/// What only a schema that knows the case's vocabulary can say.
const SAID_BY_A_CASE_SCHEMA: &[&str] = &[
    "undeclared-property",
    "undeclared-rule-property",
    "rule-property-type",
];

/// Every folder under `dir` that holds a `case.yaml`.
fn case_folders(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("case.yaml").is_file() {
        out.push(dir.to_path_buf());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for entry in entries {
        case_folders(&entry, out);
    }
}

/// The schemas agree with the loader on every file of every shipped case and fixture: a
/// file the loader accepts, the schema accepts; a file with a problem the schema can say,
/// the schema rejects. So the two never drift.
#[test]
fn schemas_accept_what_the_loader_accepts_and_reject_what_they_can_say() {
    let mut cases = Vec::new();
    case_folders(&root().join("claims"), &mut cases);
    case_folders(&root().join("tests/fixtures"), &mut cases);
    assert!(cases.len() > 40, "{cases:?}");
    let (mut accepted, mut rejected) = (0, 0);
    for case in &cases {
        let case = relative(case);
        let case = case.to_str().unwrap();
        let (_, report) = json(&[case]);
        let mut codes: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for error in report["errors"].as_array().unwrap() {
            if let Some(file) = error["file"].as_str() {
                codes
                    .entry(file.to_string())
                    .or_default()
                    .push(error["code"].as_str().unwrap().to_string());
            }
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(case))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            let kind = match file.file_name().unwrap().to_str().unwrap() {
                "case.yaml" => "case",
                "reviewed.yaml" => "reviewed",
                _ => "source",
            };
            // The case's own schema, or the plain one when its `case.yaml` is invalid.
            let (code, schema, _) = run(&["schema", case, "--file", kind]);
            let knows_the_case = code == 0;
            let schema = if knows_the_case {
                schema
            } else {
                run(&["schema", "--file", kind]).1
            };
            let schema: Value = serde_json::from_str(&schema).unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            // What YAML cannot say in JSON (a syntax error, a key that is a number), no
            // schema judges.
            let Ok(instance) = serde_yaml::from_str::<Value>(&text) else {
                continue;
            };
            let shown = relative(&file).to_str().unwrap().to_string();
            let problems = codes.get(&shown).cloned().unwrap_or_default();
            let valid = validator.is_valid(&instance);
            let sayable = problems.iter().any(|c| {
                SAID_BY_ANY_SCHEMA.contains(&c.as_str())
                    || (knows_the_case && SAID_BY_A_CASE_SCHEMA.contains(&c.as_str()))
            });
            if problems.is_empty() {
                let errors: Vec<String> = validator
                    .iter_errors(&instance)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                assert!(valid, "{shown} is valid, but its schema says {errors:#?}");
                accepted += 1;
            } else if sayable {
                assert!(!valid, "{shown} has {problems:?}, which its schema accepts");
                rejected += 1;
            }
        }
    }
    assert!(
        accepted > 80 && rejected > 10,
        "{accepted} accepted, {rejected} rejected"
    );
}

#[test]
fn seed_case_source_schema() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "claims_schema",
            claimcheck().args(["schema", "claims/us-cuba-migration-talks"])
        )
    });
}

/// A case's schema offers its properties, with their types and descriptions, and its
/// entity ids; a folder of several cases, or an invalid `case.yaml`, is refused.
#[test]
fn a_case_schema_offers_its_vocabulary() {
    let (code, schema, _) = run(&["schema", "claims/us-cuba-migration-talks/efe-2010-02-18.yaml"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let claim = &schema["properties"]["claims"]["items"];
    let choices = claim["properties"]["property"]["anyOf"].as_array().unwrap();
    let suspended = choices.iter().find(|c| c["const"] == "suspended").unwrap();
    assert_eq!(suspended["description"], "date: When the talks were suspended");
    assert!(
        claim["properties"]["subject"]["examples"]
            .as_array()
            .unwrap()
            .contains(&Value::from("united-states"))
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let claim_of = |property: &str| serde_json::json!({"claims": [{"id": "a", "subject": "s", "property": property, "value": "2003"}]});
    assert!(validator.is_valid(&claim_of("suspended")));
    assert!(!validator.is_valid(&claim_of("suspendd")));
    let (code, _, stderr) = run(&["schema", "claims"]);
    assert_eq!(
        (code, stderr.contains("error[not-one-case]")),
        (0, false),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["schema", "tests/fixtures/rules"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error[not-one-case]") && stderr.contains("cases; `claimcheck schema` describes one"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["schema", "tests/fixtures/invalid/case-file"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("error["), "{stderr}");
}

/// One annotation per unreviewed finding, on the line of its first claim, in a path
/// relative to the working directory however the case was named; then the summary.
#[test]
fn github_annotations_sit_on_the_first_claim() {
    let absolute = root().join("claims/us-cuba-migration-talks");
    for input in ["claims", "./claims/", absolute.to_str().unwrap()] {
        let (code, stdout, _) = run(&["check", "--format", "github", input]);
        assert_eq!(code, 1);
        let (_, report) = json(&[input]);
        let findings: Vec<&Value> = report["cases"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["reviewed"] == false)
            .collect();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), findings.len() + 1, "{stdout}");
        assert_eq!(lines.last().unwrap(), &"claimcheck: 5 errors, 2 warnings, 0 info");
        for (line, finding) in lines.iter().zip(&findings) {
            let level = match finding["severity"].as_str().unwrap() {
                "info" => "notice",
                severity => severity,
            };
            let claim = &finding["claims"][0];
            let file = claim["file"].as_str().unwrap();
            let shown = file
                .strip_prefix(&format!("{}/", root().display()))
                .unwrap_or(file);
            let shown = shown.strip_prefix("./").unwrap_or(shown);
            assert!(shown.starts_with("claims/us-cuba-migration-talks/"), "{shown}");
            let expected = format!(
                "::{level} file={shown},line={},col={},title={}%3A ",
                claim["line"],
                claim["column"],
                finding["rule"].as_str().unwrap()
            );
            assert!(line.starts_with(&expected), "{line}\n{expected}");
            // The annotated line holds the claim.
            let text = std::fs::read_to_string(root().join(shown)).unwrap();
            let annotated = text
                .lines()
                .nth(claim["line"].as_u64().unwrap() as usize - 1)
                .unwrap();
            assert!(annotated.contains(claim["id"].as_str().unwrap()), "{annotated}");
        }
    }
}

#[test]
fn invalid_input_is_reported_in_json_with_positions() {
    let (code, report) = json(&["tests/fixtures/invalid/unknown-key"]);
    assert_eq!(code, 2);
    assert_eq!(report["cases"], Value::Array(Vec::new()));
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 4, "every unknown key in every file: {errors:#?}");
    for error in errors {
        assert_eq!(keys(error), ["file", "line", "column", "code", "message"]);
        assert!(error["line"].is_u64() && error["column"].is_u64(), "{error}");
        assert_eq!(error["code"], "unknown-key");
    }
    let valeu = errors.iter().find(|e| e["line"] == 7).unwrap();
    assert_eq!(valeu["file"], "tests/fixtures/invalid/unknown-key/a.yaml");
    assert_eq!(
        (valeu["line"].as_u64(), valeu["column"].as_u64()),
        (Some(7), Some(5))
    );
}

#[test]
fn a_valid_case_beside_an_invalid_one_is_still_checked() {
    let (code, report) = json(&["tests/fixtures/mixed"]);
    assert_eq!(code, 2, "invalid input dominates the exit status");
    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["case"], "good");
    assert_eq!(cases[0]["findings"][0]["rule"], "conflicting-values");
    assert_eq!(report["errors"][0]["file"], "tests/fixtures/mixed/bad/a.yaml");
}

#[test]
fn missing_path_is_bad_input() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/does-not-exist"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error[no-such-path]: tests/fixtures/does-not-exist:"),
        "{stderr}"
    );
    assert!(
        stdout.contains("1 input problem (see standard error)"),
        "{stdout}"
    );
    let (_, report) = json(&["tests/fixtures/does-not-exist"]);
    assert_eq!(report["errors"][0]["code"], "no-such-path");
    assert_eq!(report["errors"][0]["line"], Value::Null);
}

/// Every problem code, so that adding, renaming or removing one is reviewed: codes are
/// what users and their scripts match on.
#[test]
fn problem_codes() {
    let codes: Vec<&str> = claimcheck::load::Code::all().map(|c| c.as_str()).collect();
    settings().bind(|| insta::assert_snapshot!("problem_codes", codes.join("\n")));
}

#[test]
fn fail_on_sets_the_threshold() {
    let names = "tests/fixtures/rules/name-variant";
    assert_eq!(run(&["check", names]).0, 0, "warnings do not fail by default");
    assert_eq!(run(&["check", names, "--fail-on", "warning"]).0, 1);
    assert_eq!(run(&["check", "claims", "--fail-on", "never"]).0, 0);
}

#[test]
fn usage_errors_exit_two() {
    let (code, _, stderr) = run(&["check", "--format", "yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid value 'yaml'"), "{stderr}");
}

#[test]
fn help() {
    settings().bind(|| {
        assert_cmd_snapshot!("help", claimcheck().arg("--help"));
        assert_cmd_snapshot!("check_help", claimcheck().args(["check", "--help"]));
    });
}

#[test]
fn rules_lists_every_rule() {
    settings().bind(|| assert_cmd_snapshot!("rules", claimcheck().arg("rules")));
}

#[test]
fn checking_never_writes_claim_files() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir(&case).unwrap();
    for name in ["case.yaml", "a.yaml", "b.yaml", "c.yaml"] {
        std::fs::copy(
            root().join("tests/fixtures/rules/conflicting-values").join(name),
            case.join(name),
        )
        .unwrap();
    }
    let before: Vec<_> = std::fs::read_dir(&case)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let (code, _, _) = run(&["check", case.to_str().unwrap()]);
    assert_eq!(code, 1);
    let after: Vec<_> = std::fs::read_dir(&case)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(std::fs::read_dir(&case).unwrap().count(), 4);
}

// --- reasoning rules, triage and explain ------------------------------------------

#[test]
fn seed_case_shows_the_rounds_held_during_the_suspension() {
    let (_, report) = json(&["claims/us-cuba-migration-talks"]);
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    let inside: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "timeline")
        .map(|f| f["subject"].as_str().unwrap())
        .collect();
    assert_eq!(inside, ["round-2010-02", "round-2011"]);
    // The visa arithmetic, the 2½-year gap and the "second round since July" all hold.
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "relation" || f["rule"] == "numbering")
    );
}

#[test]
fn reviewed_findings_do_not_fail_the_run_but_stale_reviews_are_reported() {
    let (code, report) = json(&["tests/fixtures/rules/reviewed"]);
    assert_eq!(code, 0, "both errors are reviewed; the stale review is a warning");
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    let reviewed: Vec<&Value> = findings.iter().filter(|f| f["reviewed"] == true).collect();
    assert_eq!(reviewed.len(), 2);
    assert_eq!(reviewed[0]["verdict"], "the talks ran over two days");
    let stale = findings
        .iter()
        .find(|f| f["rule"] == "stale-review")
        .expect("a stale review");
    assert_eq!(stale["severity"], "warning");
    assert!(
        stale["message"].as_str().unwrap().contains("reviewed.yaml:9:5"),
        "{stale}"
    );
    assert_eq!(
        run(&["check", "tests/fixtures/rules/reviewed", "--fail-on", "warning"]).0,
        1
    );
}

#[test]
fn explain_prints_a_rule_doc() {
    settings().bind(|| assert_cmd_snapshot!("explain_timeline", claimcheck().args(["explain", "timeline"])));
    let (code, _, stderr) = run(&["explain", "timelin"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `timeline`?"), "{stderr}");
}

/// The README's rule list is written from the same summaries `claimcheck rules` prints.
#[test]
fn readme_lists_every_rule_with_its_summary() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_, listing, _) = run(&["rules"]);
    for line in listing.lines() {
        let mut parts = line.splitn(3, "  ").map(str::trim).filter(|p| !p.is_empty());
        let id = parts.next().unwrap();
        let summary = line.rsplit("  ").next().unwrap().trim();
        assert!(readme.contains(&format!("| `{id}` |")), "README lacks {id}");
        assert!(
            readme.contains(summary),
            "README lacks the summary of {id}: {summary}"
        );
    }
}

// --- scale ----------------------------------------------------------------------------

/// Loading and checking run in parallel; the report must not depend on it.
#[test]
fn parallel_output_is_byte_identical_to_sequential() {
    let dir = tempfile::tempdir().unwrap();
    let generated = corpus::generate(dir.path(), 3, 12, 40, 7).unwrap();
    assert!(generated.planted > 0);
    let corpus = dir.path().to_str().unwrap();
    let run_with = |threads: &str| {
        let output = claimcheck()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "check",
                "claims",
                corpus,
                "tests/fixtures/rules",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        output.stdout
    };
    let sequential = run_with("1");
    assert!(sequential.len() > 10_000);
    assert_eq!(sequential, run_with("4"));
}

/// The generated corpus is valid, and its planted disagreements and misquotes are found.
#[test]
fn generated_corpus_findings() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), 1, 20, 100, 42).unwrap();
    let (code, report) = json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(report["errors"], Value::Array(Vec::new()));
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    for rule in ["conflicting-values", "quote-not-found", "name-variant"] {
        assert!(findings.iter().any(|f| f["rule"] == rule), "no {rule} finding");
    }
}

/// Sources are ordered by id, so renaming files (and so the order they are read in)
/// changes nothing in the report but where its claims stand.
#[test]
fn output_does_not_depend_on_file_order() {
    let fixture = root().join("tests/fixtures/rules/conflicting-values");
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("conflicting-values");
    std::fs::create_dir(&case).unwrap();
    std::fs::copy(fixture.join("case.yaml"), case.join("case.yaml")).unwrap();
    for (from, to) in [("a", "z"), ("b", "y"), ("c", "x")] {
        let text = std::fs::read_to_string(fixture.join(format!("{from}.yaml"))).unwrap();
        std::fs::write(
            case.join(format!("{to}.yaml")),
            format!("source: {{id: {from}}}\n{text}"),
        )
        .unwrap();
    }
    let unplaced = |mut report: Value| {
        for finding in report["cases"][0]["findings"].as_array_mut().unwrap() {
            for claim in finding["claims"].as_array_mut().unwrap() {
                let claim = claim.as_object_mut().unwrap();
                for key in ["file", "line", "column", "value_line", "value_column"] {
                    claim.remove(key);
                }
            }
        }
        report["cases"][0]["findings"].take()
    };
    let (_, original) = json(&["tests/fixtures/rules/conflicting-values"]);
    let (_, renamed) = json(&[case.to_str().unwrap()]);
    assert_eq!(unplaced(original), unplaced(renamed));
}

#[test]
fn every_limit_is_named_when_hit_and_the_defaults_allow_a_real_case() {
    let fixture = "tests/fixtures/limits";
    assert_eq!(run(&["check", fixture]).0, 0, "the defaults accept the fixture");
    assert_eq!(
        run(&["check", "--max-depth", "8", fixture]).0,
        0,
        "valid files nest less than 8 deep"
    );
    let mut report = String::new();
    for (flag, value, problem) in [
        ("--max-file-size", "100", "file-too-large"),
        ("--max-claims-per-file", "2", "too-many-claims"),
        ("--max-value-length", "5", "value-too-long"),
        ("--max-alias-expansion", "10", "alias-expansion"),
    ] {
        let (code, _, stderr) = run(&["check", flag, value, fixture]);
        assert_eq!(code, 2, "{flag} {value}");
        assert!(
            stderr.starts_with(&format!("error[{problem}]: ")),
            "{flag}: {stderr}"
        );
        assert!(
            stderr.contains(flag),
            "{flag}: the error says which flag raises it: {stderr}"
        );
        report.push_str(&format!(
            "$ claimcheck check {flag} {value} {fixture}\n{stderr}\n"
        ));
    }
    settings().bind(|| insta::assert_snapshot!("limits", report));
    // Out of range: a usage error, not a silently clamped limit.
    let (code, _, stderr) = run(&["check", "--max-depth", "7", fixture]);
    assert_eq!(code, 2);
    assert!(stderr.contains("8..=100"), "{stderr}");
}

#[test]
fn pathological_yaml_is_refused_by_the_guard_with_a_position() {
    // 100,000 nested flow lists kept libyaml busy for 20 seconds before the guard; block
    // nesting and compact lists are refused the same way.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.yaml"), "properties:\n  p: {type: text}\n").unwrap();
    let cases = [
        (
            "flow",
            format!("claims: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "block",
            (0..10_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect(),
        ),
        ("compact", format!("claims:\n{}x\n", "- ".repeat(10_000))),
    ];
    for (name, yaml) in cases {
        std::fs::write(dir.path().join("a.yaml"), yaml).unwrap();
        let (code, _, stderr) = run(&["check", dir.path().to_str().unwrap()]);
        assert_eq!(code, 2, "{name}");
        assert!(
            stderr.contains("error[too-deep]: ")
                && stderr.contains("a.yaml:")
                && stderr.contains("--max-depth"),
            "{name}: {stderr}"
        );
    }
}

// --- defects found trying the tool ------------------------------------------------------

/// Editors on Windows save UTF-8 with a byte-order mark; it is not content, in any file.
#[test]
fn byte_order_marks_are_ignored_in_every_kind_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("bom");
    std::fs::create_dir(&case).unwrap();
    let bom = "\u{FEFF}";
    let files = [
        ("case.yaml", "properties:\n  suspended: {type: date}\n"),
        (
            "a.yaml",
            "claims:\n  - {id: s, subject: talks, property: suspended, value: 2003, quote: \"Talks were suspended\"}\n",
        ),
        ("a.txt", "Talks were suspended in 2003."),
        (
            "b.yaml",
            "claims:\n  - {id: s, subject: talks, property: suspended, value: 2004}\n",
        ),
        (
            "reviewed.yaml",
            "reviewed:\n  - {rule: conflicting-values, subject: talks, verdict: 2003 is right}\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(case.join(name), format!("{bom}{text}")).unwrap();
    }
    let (code, report) = json(&[case.to_str().unwrap()]);
    assert_eq!(report["errors"], Value::Array(Vec::new()), "{report:#}");
    assert_eq!(code, 0, "the one conflict is reviewed: {report:#}");
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        1,
        "no quote-not-found, no stale review: {report:#}"
    );
    assert_eq!(findings[0]["reviewed"], true);
    // A problem in a file with a mark is placed as if the mark were not there.
    std::fs::write(
        case.join("b.yaml"),
        format!("{bom}claims:\n  - {{id: s, subject: talks, property: suspendd, value: 2004}}\n"),
    )
    .unwrap();
    let (code, report) = json(&[case.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(report["errors"][0]["code"], "undeclared-property");
    assert_eq!(
        (
            report["errors"][0]["line"].as_u64(),
            report["errors"][0]["column"].as_u64()
        ),
        (Some(2), Some(39))
    );
}

/// `claimcheck check .` inside a case names the case by its folder, and a bare
/// `claimcheck check` there (which looks for `claims/`) says what to run instead.
#[test]
fn checking_from_inside_a_case_folder() {
    let case = root().join("tests/fixtures/rules/conflicting-values");
    let inside = |args: &[&str]| {
        let output = Command::new(get_cargo_bin("claimcheck"))
            .current_dir(&case)
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = inside(&["check", ".", "--format", "json"]);
    assert_eq!(code, Some(1));
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["cases"][0]["case"], "conflicting-values");
    let (code, _, stderr) = inside(&["check"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error[no-such-path]: claims: no such file or folder; this folder holds `case.yaml`: to check it, run `claimcheck check .`"),
        "{stderr}"
    );
    // Outside a case the message has no such hint.
    let (_, _, stderr) = run(&["check", "tests/fixtures/nowhere"]);
    assert!(!stderr.contains("claimcheck check ."), "{stderr}");
}

/// When a case is left out for its problems, the summary says which.
#[test]
fn the_summary_names_the_cases_not_checked() {
    let (code, stdout, _) = run(&["check", "tests/fixtures/mixed"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("1 input problem; case not checked: tests/fixtures/mixed/bad (see standard error)"),
        "{stdout}"
    );
    let (_, markdown, _) = run(&["check", "--format", "markdown", "tests/fixtures/mixed"]);
    assert!(
        markdown.contains("1 input problem; case not checked: tests/fixtures/mixed/bad."),
        "{markdown}"
    );
}

/// The table never breaks an id inside a word, however narrow the terminal.
#[test]
fn table_cells_keep_ids_whole_words() {
    let (_, table, _) = run(&["check", "claims"]);
    // Every claim id of the seed report appears whole on one line of the table.
    let (_, report) = json(&["claims"]);
    for finding in report["cases"][0]["findings"].as_array().unwrap() {
        for claim in finding["claims"].as_array().unwrap() {
            let id = claim["id"].as_str().unwrap();
            assert!(table.contains(&format!(" {id} ")), "{id} is split in the table");
        }
    }
}

/// `claimcheck parse` shows authors how values read, in the forms reporters use.
#[test]
fn parse_shows_how_values_read() {
    let cases: &[&[&str]] = &[
        &["--unit", "USD", "$18.12 billion"],
        &["--unit", "USD", "more than $200 million"],
        &["--unit", "INR", "Rs 1.95 crore"],
        &["--unit", "percent", "about 25%"],
        &["--unit", "votes", "57.4 lakh votes"],
        &["--type", "age", "--published", "2024-06-15", "in his fifties"],
        &["--type", "duration", "51 hours"],
        &["--relation", "change", "rose 206%"],
        &["--relation", "ratio", "a quarter"],
        &["--type", "date", "--published", "2014-01-06", "next Thursday"],
    ];
    let mut shown = String::new();
    for args in cases {
        let mut all = vec!["parse"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = run(&all);
        assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
        shown.push_str(&format!("$ claimcheck {}\n{stdout}\n", all.join(" ")));
    }
    settings().bind(|| insta::assert_snapshot!("parse", shown));
}

#[test]
fn parse_says_why_a_value_is_refused() {
    let (code, stdout, stderr) = run(&["parse", "--unit", "USD", "€5m"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr.trim_end(),
        "error: `€5m` is written in `€` (EUR), but the property's unit is USD; claimcheck does not convert \
         currencies, so write the figure in USD or give it a property of its own"
    );
    let (code, _, stderr) = run(&["parse", "--type", "date", "next Thursday"]);
    assert_eq!(code, 2);
    assert!(stderr.ends_with("pass --published DATE to read it\n"), "{stderr}");
    let (code, _, stderr) = run(&["parse", "--type", "date", "--published", "someday", "2003"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --published `someday` is not a date"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["parse", "--tolerance", "2", "5"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("a relative number between 0 and 1"), "{stderr}");
    let (code, _, stderr) = run(&["parse", "lots"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: `lots` is not a valid quantity value"),
        "{stderr}"
    );
}
