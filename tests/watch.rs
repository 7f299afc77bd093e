//! `check --watch` follows edits: a report after each change, problems shown while the
//! input is invalid, and a clean exit on Ctrl-C.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test"
)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Long enough for a slow machine to notice a change and check again.
const PATIENCE: Duration = Duration::from_secs(30);

fn copy_case(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("claims/us-cuba-migration-talks");
    for entry in std::fs::read_dir(seed).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Lines as they arrive, from a reader on its own thread.
fn lines(reader: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    rx
}

/// The next line, or a failed test when none comes.
fn next(lines: &mpsc::Receiver<String>, waiting_for: &str) -> String {
    lines
        .recv_timeout(PATIENCE)
        .unwrap_or_else(|_| panic!("no line while waiting for {waiting_for}"))
}

/// Lines of standard error up to the watch's status line, which ends each check.
fn until_watching(lines: &mpsc::Receiver<String>) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let line = next(lines, "the status line");
        if line.starts_with("watching ") {
            return seen;
        }
        seen.push(line);
    }
}

#[test]
fn watch_follows_edits_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("claims/talks");
    copy_case(&case);
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(dir.path())
        .args(["check", "--watch", "claims", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());

    let first = next(&stdout, "the first report");
    assert_eq!(first, "5 errors, 2 warnings, 0 info in 1 case");
    assert_eq!(until_watching(&stderr), Vec::<String>::new());

    // Invalid input: the problem is shown, and the watch goes on.
    let wire = case.join("ap-2009-12-05.yaml");
    let valid = std::fs::read_to_string(&wire).unwrap();
    std::fs::write(&wire, "claims: [\n").unwrap();
    let broken = next(&stdout, "the report of the broken file");
    assert!(
        broken.starts_with("1 input problem; case not checked"),
        "{broken}"
    );
    assert_eq!(
        next(&stdout, "its summary"),
        "0 errors, 0 warnings, 0 info in 0 cases"
    );
    let problems = until_watching(&stderr);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("error[invalid-yaml]: claims/talks/ap-2009-12-05.yaml")),
        "{problems:?}"
    );

    // Mended: the first report again. The cache directory is beside the case, and its
    // writes wake nothing: no report follows until the next edit.
    std::fs::write(&wire, &valid).unwrap();
    assert_eq!(next(&stdout, "the report once mended"), first);
    until_watching(&stderr);
    assert!(dir.path().join(".claimcheck_cache/CACHEDIR.TAG").is_file());
    assert!(
        stdout.recv_timeout(Duration::from_secs(1)).is_err(),
        "a report without an edit"
    );

    // A reviewed.yaml added: a change of its own.
    std::fs::write(
        case.join("reviewed.yaml"),
        "reviewed:\n  - rule: conflicting-values\n    subject: alan-gross\n    property: role\n    verdict: checked with the ministry\n",
    )
    .unwrap();
    assert_eq!(
        next(&stdout, "the report with a review"),
        "4 errors, 2 warnings, 0 info, 1 reviewed in 1 case"
    );

    // Ctrl-C: a clean exit.
    let stopped = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "the watch did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}
