//! Claim files arrive in pull requests, so a claim file is hostile input: these cases are
//! built the way an attacker would, in a temporary folder (links, pipes and sockets
//! cannot be committed), and claimcheck must refuse each with a clear error, never read
//! outside the case, never hang, and never skip anything without a word.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test"
)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A secret outside every case: nothing of it may ever appear in a report.
const SECRET: &str = "CI_TOKEN=ghp_s3cr3tv4lu3";

/// Runs `claimcheck check --format json` on `paths`; fails the test rather than hang.
fn check(paths: &[&Path]) -> (i32, Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "json"])
        .args(paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("claimcheck hung on {paths:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "the secret leaked"
    );
    (
        output.status.code().unwrap(),
        serde_json::from_str(&stdout).unwrap(),
        stderr,
    )
}

/// The (file name, code) of every problem.
fn problems(report: &Value) -> Vec<(String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let file = e["file"].as_str().unwrap_or_default();
            let name = Path::new(file).file_name().unwrap().to_string_lossy().to_string();
            (name, e["code"].as_str().unwrap().to_string())
        })
        .collect()
}

/// A temporary folder with a secret file beside a valid case `case/`.
struct Scene {
    dir: tempfile::TempDir,
}

impl Scene {
    fn new() -> Scene {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.txt"), format!("{SECRET}\n")).unwrap();
        std::fs::write(
            dir.path().join("secret.yaml"),
            format!("claims:\n  - {{id: s, subject: x, property: p, value: \"{SECRET}\"}}\n"),
        )
        .unwrap();
        let case = dir.path().join("case");
        std::fs::create_dir(&case).unwrap();
        std::fs::write(case.join("case.yaml"), "properties:\n  p: {type: text}\n").unwrap();
        std::fs::write(
            case.join("a.yaml"),
            "claims:\n  - {id: a, subject: x, property: p, value: fine}\n",
        )
        .unwrap();
        Scene { dir }
    }

    fn case(&self) -> PathBuf {
        self.dir.path().join("case")
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.case().join(name), text).unwrap();
    }
}

#[test]
fn a_text_outside_the_case_is_never_read() {
    for text in [
        "/etc/passwd",
        "/proc/self/environ",
        "../secret.txt",
        "sub/../../secret.txt",
    ] {
        let scene = Scene::new();
        std::fs::create_dir(scene.case().join("sub")).unwrap();
        // A quote that guesses the secret's start: its answer must not be given.
        scene.write(
            "b.yaml",
            &format!(
                "source: {{text: \"{text}\"}}\nclaims:\n  - {{id: b, subject: x, property: p, value: fine, quote: CI_TOKEN=g}}\n"
            ),
        );
        let (code, report, _) = check(&[&scene.case()]);
        assert_eq!(code, 2, "{text}");
        assert_eq!(
            report["cases"],
            Value::Array(Vec::new()),
            "{text}: the case is not checked"
        );
        let expected = if text.starts_with('/') {
            "text-not-relative"
        } else {
            "unreadable-text"
        };
        assert_eq!(problems(&report), [("b.yaml".into(), expected.into())], "{text}");
        let message = report["errors"][0]["message"].as_str().unwrap();
        if expected == "unreadable-text" {
            assert!(
                message
                    .ends_with("resolves to a file outside the case folder; only files of the case are read"),
                "{message}"
            );
        }
    }
}

#[test]
fn linked_files_that_resolve_outside_the_case_are_refused() {
    let cases: [(&str, &str); 4] = [
        ("b.yaml", "../secret.yaml"),
        ("case.yaml", "../secret.yaml"),
        ("reviewed.yaml", "../secret.yaml"),
        ("a.txt", "../secret.txt"),
    ];
    for (name, target) in cases {
        let scene = Scene::new();
        if name == "case.yaml" {
            std::fs::remove_file(scene.case().join("case.yaml")).unwrap();
        }
        if name == "a.txt" {
            scene.write(
                "a.yaml",
                "claims:\n  - {id: a, subject: x, property: p, value: fine, quote: CI_TOKEN}\n",
            );
        }
        symlink(target, scene.case().join(name)).unwrap();
        let (code, report, stderr) = check(&[&scene.case()]);
        assert_eq!(code, 2, "{name}: {stderr}");
        let codes = problems(&report);
        let expected = if name == "a.txt" {
            "unreadable-text"
        } else {
            "outside-case"
        };
        let file = if name == "a.txt" { "a.yaml" } else { name };
        assert_eq!(codes, [(file.to_string(), expected.to_string())], "{name}");
        assert!(
            !stderr.contains("secret"),
            "the link's target is not named: {stderr}"
        );
    }
}

#[test]
fn links_inside_the_case_are_followed() {
    let scene = Scene::new();
    std::fs::create_dir(scene.case().join("texts")).unwrap();
    std::fs::write(scene.case().join("texts/b.txt"), "the talks were fine").unwrap();
    symlink("texts/b.txt", scene.case().join("b.txt")).unwrap();
    scene.write(
        "b.yaml",
        "claims:\n  - {id: b, subject: y, property: p, value: fine, quote: talks were fine}\n",
    );
    let (code, report, stderr) = check(&[&scene.case()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["cases"][0]["findings"], Value::Array(Vec::new()));
}

/// A named pipe, a socket, a folder, a dangling link or a loop where a file is expected is
/// named in an error; none is opened, so nothing blocks, and none is skipped.
#[test]
fn only_regular_files_are_read() {
    let scene = Scene::new();
    let case = scene.case();
    let status = Command::new("mkfifo")
        .arg(case.join("pipe.yaml"))
        .arg(case.join("a.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket = std::os::unix::net::UnixListener::bind(case.join("socket.yaml")).unwrap();
    std::fs::create_dir(case.join("folder.yaml")).unwrap();
    symlink("nowhere.yaml", case.join("dangling.yaml")).unwrap();
    symlink("loop.yaml", case.join("loop.yaml")).unwrap();
    let (code, report, stderr) = check(&[&case]);
    assert_eq!(code, 2, "{stderr}");
    let mut codes = problems(&report);
    codes.sort();
    assert_eq!(
        codes,
        [
            ("a.yaml".into(), "unreadable-text".into()),
            ("dangling.yaml".into(), "dangling-link".into()),
            ("folder.yaml".into(), "not-a-regular-file".into()),
            ("loop.yaml".into(), "unresolvable-link".into()),
            ("pipe.yaml".into(), "not-a-regular-file".into()),
            ("socket.yaml".into(), "not-a-regular-file".into()),
        ]
    );
    assert!(
        stderr.contains("pipe.yaml: is a named pipe, not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("socket.yaml: is a socket, not a regular file"),
        "{stderr}"
    );
}

/// Sizes are enforced while reading, not taken on trust from metadata.
#[test]
fn large_and_endless_files_stop_at_the_limit() {
    let scene = Scene::new();
    // A sparse file claims a gigabyte without using the disk.
    let sparse = std::fs::File::create(scene.case().join("a.txt")).unwrap();
    sparse.set_len(1 << 30).unwrap();
    let started = Instant::now();
    let (code, report, _) = check(&[&scene.case()]);
    assert_eq!(code, 2);
    assert!(started.elapsed() < Duration::from_secs(10));
    let message = report["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("over the limit of 67108864"), "{message}");
    // A device behind a link is outside the case and never opened.
    std::fs::remove_file(scene.case().join("a.txt")).unwrap();
    symlink("/dev/zero", scene.case().join("a.txt")).unwrap();
    let (code, report, _) = check(&[&scene.case()]);
    assert_eq!(code, 2);
    assert_eq!(problems(&report), [("a.yaml".into(), "unreadable-text".into())]);
}

/// Every folder holding `case.yaml` under a path is a case, at any depth, inside another
/// case or beside one; a folder of YAML that is no case is an error; a case given twice
/// is checked once.
#[test]
fn discovery_finds_every_case_and_drops_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let make_case = |path: &str| {
        let case = dir.path().join(path);
        std::fs::create_dir_all(&case).unwrap();
        std::fs::write(case.join("case.yaml"), "properties:\n  p: {type: text}\n").unwrap();
        std::fs::write(
            case.join("a.yaml"),
            "claims:\n  - {id: a, subject: x, property: p, value: v}\n",
        )
        .unwrap();
    };
    make_case("claims/outer");
    make_case("claims/outer/inner");
    make_case("claims/2014/deep/case");
    std::fs::create_dir_all(dir.path().join("claims/stray")).unwrap();
    std::fs::write(dir.path().join("claims/stray/a.yaml"), "claims: []\n").unwrap();
    let claims = dir.path().join("claims");
    let (code, report, _) = check(&[&claims]);
    assert_eq!(code, 2, "the stray folder is an error");
    let cases: Vec<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"].as_str().unwrap())
        .collect();
    assert_eq!(cases, ["case", "inner", "outer"]);
    assert_eq!(problems(&report), [("stray".into(), "no-case-yaml".into())]);
    // The same case under two spellings is checked once; its problems are reported once.
    let outer = claims.join("outer");
    let dotted = claims.join("./outer");
    let (_, report, _) = check(&[&outer, &dotted, &outer]);
    assert_eq!(
        report["cases"].as_array().unwrap().len(),
        2,
        "outer and inner, once each"
    );
    let stray = claims.join("stray");
    let (_, report, _) = check(&[&stray, &stray]);
    assert_eq!(problems(&report).len(), 1);
}

#[test]
fn links_to_folders_outside_the_path_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("case.yaml"), "properties:\n  p: {type: text}\n").unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    symlink(&elsewhere, claims.join("linked")).unwrap();
    let (code, report, _) = check(&[&claims]);
    assert_eq!(code, 2);
    assert_eq!(problems(&report), [("linked".into(), "link-outside-path".into())]);
    assert_eq!(report["cases"], Value::Array(Vec::new()));
}

/// Runs claimcheck with its standard output sent to `stdout`.
fn run_to(args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (output.status.code(), String::from_utf8(output.stderr).unwrap())
}

/// A full disk is an error worth exit status 2; a closed pipe (`| head`) is not.
#[test]
fn write_errors_are_reported_and_closed_pipes_are_not() {
    let full = || Stdio::from(std::fs::File::create("/dev/full").unwrap());
    for args in [
        &["check", "claims"][..],
        &["check", "claims", "--format", "json"],
        &["check", "claims", "--format", "markdown"],
        &["rules"],
        &["explain", "timeline"],
    ] {
        let (code, stderr) = run_to(args, full());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    for (args, expected) in [
        (&["check", "claims"][..], 1),
        (&["rules"], 0),
        (&["explain", "timeline"], 0),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, as `| head -0` would.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("cannot write"),
            "{args:?}: {stderr}"
        );
    }
}

/// Terminal escapes, bidirectional overrides and Markdown from claim files are shown,
/// never obeyed.
#[test]
fn output_cannot_be_injected() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case\u{1b}[2J");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(case.join("case.yaml"), "properties:\n  p: {type: text}\n").unwrap();
    let hostile = "\"\\e]0;owned\\a\\e[31mred \\u202Eevil\\u200B <img src=https://t.example/p.png> ![x](https://t.example/i.png)\"";
    std::fs::write(
        case.join("a.yaml"),
        format!("claims:\n  - {{id: a, subject: \"s\\e[1m\", property: p, value: {hostile}, quote: {hostile}, said_by: {hostile}}}\n"),
    )
    .unwrap();
    std::fs::write(
        case.join("b.yaml"),
        "claims:\n  - {id: b, subject: \"s\\e[1m\", property: p, value: plain}\n",
    )
    .unwrap();
    std::fs::write(
        case.join("c.yaml"),
        format!("claims:\n  - {{id: c, subject: x, property: \"q\\e[1m\", value: {hostile}}}\n"),
    )
    .unwrap();
    for format in ["table", "markdown"] {
        let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .args(["check", "--format", format])
            .arg(&case)
            .output()
            .unwrap();
        for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(text);
            for forbidden in ['\u{1b}', '\u{7}', '\u{202e}', '\u{200b}'] {
                assert!(
                    !text.contains(forbidden),
                    "{format} {stream} passes {forbidden:?} through:\n{text}"
                );
            }
            if format == "markdown" && stream == "stdout" {
                assert!(!text.contains("<img") && !text.contains("]("), "{text}");
            }
        }
    }
    // The problem about `c.yaml` quotes its property, escaped.
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("check")
        .arg(&case)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("property `q\\u{1b}[1m` is not declared"),
        "{stderr}"
    );
}
