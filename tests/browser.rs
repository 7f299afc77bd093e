//! The review page (`--format html`) in a real browser: headless Chromium opens the page of
//! the seed case and of a fixture full of hostile text, and the checks read the page as
//! rendered, after its script ran (Chromium's `--dump-dom`), not the HTML claimcheck
//! wrote. Screenshots are saved under `target/browser/`.
//!
//! Chromium is found as `$CLAIMCHECK_CHROMIUM`, or `chromium`, `chromium-browser` or
//! `google-chrome` on the `PATH`. CI installs it (`.ci/run`) and the test fails there
//! without it; on a machine without it the test says so and passes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    reason = "a failed unwrap is a failed test; the note that the test did not run is for the developer"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The browser, or `None` where none is installed (outside CI).
fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("CLAIMCHECK_CHROMIUM").map(PathBuf::from);
    let found = named.or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install Chromium (apt-get install chromium) or set CLAIMCHECK_CHROMIUM"
        );
        eprintln!("browser test not run: no Chromium found (set CLAIMCHECK_CHROMIUM, or install chromium)");
    }
    found
}

/// Runs headless Chromium on `url` with `args` and returns what it printed, killing it
/// after a minute. Background networking is off: the page must need no network.
fn headless(browser: &Path, args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
        text
    });
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("Chromium took over a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// The page as the browser built it, after its script ran.
fn rendered(browser: &Path, page: &Path, fragment: &str) -> String {
    let url = format!("file://{}{fragment}", page.display());
    let dom = headless(browser, &["--dump-dom"], &url);
    assert!(dom.contains("</html>"), "no page rendered from {url}: {dom}");
    dom
}

fn screenshot(browser: &Path, page: &Path, name: &str) -> PathBuf {
    let dir = root().join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    let _ = std::fs::remove_file(&file);
    headless(
        browser,
        &[
            &format!("--screenshot={}", file.display()),
            "--window-size=1280,1600",
        ],
        &format!("file://{}", page.display()),
    );
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "the screenshot {} is missing or blank",
        file.display()
    );
    file
}

/// Writes the review page of `case` into `dir`, and its JSON report for the counts.
fn review_page(case: &str, dir: &Path) -> (PathBuf, serde_json::Value) {
    let page = dir.join("review.html");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .current_dir(root())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "check",
        case,
        "--format",
        "html",
        "--output",
        page.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = run(&["check", case, "--format", "json"]);
    (page, serde_json::from_slice(&json.stdout).unwrap())
}

/// How many times an element with `class` opens in the page.
fn count(dom: &str, start: &str) -> usize {
    dom.matches(start).count()
}

#[test]
fn review_pages_render_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();

    // The probe: a script in a page does run in this browser, and the checks below would
    // see what it did.
    let probe = dir.path().join("probe.html");
    std::fs::write(
        &probe,
        "<!DOCTYPE html><html><body><script>document.body.setAttribute('data-pwned','probe')</script></body></html>",
    )
    .unwrap();
    assert!(rendered(&browser, &probe, "").contains("data-pwned=\"probe\""));

    // The seed case: every finding, quotes marked in their sentences, timelines with the
    // conflicting claims marked, the source tally, and the filters working.
    let seed_dir = dir.path().join("seed");
    std::fs::create_dir(&seed_dir).unwrap();
    let (page, report) = review_page("claims", &seed_dir);
    let findings = report["cases"][0]["findings"].as_array().unwrap();
    let dom = rendered(&browser, &page, "");
    assert!(
        dom.contains("data-ready=\"yes\""),
        "the page's script did not run"
    );
    assert_eq!(count(&dom, "<article class=\"finding\""), findings.len());
    assert!(dom.contains(&format!("{0} of {0} findings shown", findings.len())));
    let quotes: usize = findings
        .iter()
        .flat_map(|f| f["claims"].as_array().unwrap())
        .filter(|c| !c["quote"].is_null())
        .count();
    assert_eq!(
        count(&dom, "<mark>"),
        quotes,
        "every seed quote is found in its text"
    );
    assert!(dom.contains("<mark>President George W. Bush suspended the migration talks, held twice a year since 1995, in 2003.</mark>"));
    assert!(count(&dom, "<figure class=\"timeline\">") >= 5);
    assert!(dom.contains("<figcaption>suspension-2003</figcaption>"));
    assert!(count(&dom, "class=\"bar conflict\"") >= 3);
    assert!(dom.contains("<h3>Sources</h3>"));
    assert!(!dom.contains("data-pwned"));
    screenshot(&browser, &page, "review-page.png");

    // Filtering by the address's fragment: only the warnings stay shown.
    let warnings = findings.iter().filter(|f| f["severity"] == "warning").count();
    let dom = rendered(&browser, &page, "#severity=warning");
    assert!(
        dom.contains(&format!("{warnings} of {} findings shown", findings.len())),
        "{dom}"
    );
    let hidden = dom
        .split("<article ")
        .skip(1)
        .filter(|a| a.contains("hidden=\"\""))
        .count();
    assert_eq!(hidden, findings.len() - warnings);
    let dom = rendered(&browser, &page, "#rule=timeline&text=round-2011");
    assert!(dom.contains(&format!("1 of {} findings shown", findings.len())));

    // Hostile text: shown as text everywhere, and no script from it ran.
    let hostile_dir = dir.path().join("hostile");
    std::fs::create_dir(&hostile_dir).unwrap();
    let (page, report) = review_page("tests/fixtures/rules/hostile-text", &hostile_dir);
    let dom = rendered(&browser, &page, "");
    assert!(
        dom.contains("data-ready=\"yes\""),
        "the page's script did not run"
    );
    assert!(
        !dom.contains("data-pwned=\""),
        "a script from claim text ran: {dom}"
    );
    assert!(
        !dom.contains("<script>document"),
        "claim text became a script element"
    );
    assert!(!dom.contains("<img src=\"x\""), "claim text became an image");
    assert!(!dom.contains("<svg onload"), "claim text became a drawing");
    assert!(
        dom.contains(
            "&lt;script&gt;document.body.setAttribute('data-pwned','value')&lt;/script&gt;contractor"
        )
    );
    assert!(
        dom.contains("Blog \\u{202e} reversed"),
        "a bidirectional override is shown, not obeyed"
    );
    let findings = report["cases"][0]["findings"].as_array().unwrap().len();
    assert_eq!(count(&dom, "<article class=\"finding\""), findings);
    // The hostile quote is marked in its sentence, as text.
    assert!(dom.contains(
        "<mark>&lt;script&gt;document.body.setAttribute('data-pwned','quote')&lt;/script&gt;contractor Alan Gross</mark>"
    ));
    assert!(dom.contains("<figcaption>accused</figcaption>"));
    screenshot(&browser, &page, "review-page-hostile.png");
}
