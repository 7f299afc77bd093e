//! The content cache can make a check faster, never different: every report with the
//! cache, cold or warm, after edits and after faults, is byte for byte the report without
//! it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test"
)]

#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What a run printed, and how many files it took from the cache (and of those, how many
/// it did not read, nor their texts, by their stamps), and placed from it.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    hits: usize,
    unread: usize,
    placed: usize,
}

/// `claimcheck check` with `args`, from the package root, with the cache in `cache` (or
/// none), under `binary`.
fn check_with(binary: &Path, cwd: &Path, cache: Option<&Path>, args: &[&str]) -> Run {
    let mut command = Command::new(binary);
    command
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("CLAIMCHECK_TIMINGS", "1")
        .arg("check")
        .args(args);
    match cache {
        Some(dir) => command.arg("--cache-dir").arg(dir),
        None => command.arg("--no-cache"),
    };
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let count = |after: &str, before: &str| -> usize {
        stderr
            .split_once(after)
            .and_then(|(_, rest)| rest.split_once(before))
            .and_then(|(number, _)| number.rsplit([' ', '(']).next().map(|n| n.parse().unwrap()))
            .expect("CLAIMCHECK_TIMINGS says how many files came from the cache")
    };
    let (hits, unread, placed) = (
        count("timings: load ", " files from the cache"),
        count("from the cache; ", " and their texts unchanged by their stamps"),
        count("rules ", " files placed from the cache"),
    );
    Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr,
        hits,
        unread,
        placed,
    }
}

fn check(cache: Option<&Path>, args: &[&str]) -> Run {
    check_from(root(), cache, args)
}

/// [`check`], run from the folder `cwd`.
fn check_from(cwd: &Path, cache: Option<&Path>, args: &[&str]) -> Run {
    check_with(Path::new(env!("CARGO_BIN_EXE_claimcheck")), cwd, cache, args)
}

/// Standard error without the timings line, which differs from run to run, and the
/// cache's own notes, which the tests of faults look at.
fn problems(run: &Run) -> String {
    run.stderr
        .lines()
        .filter(|l| !l.starts_with("timings: ") && !l.starts_with("note: "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The same report as without the cache: status, standard output, and every problem on
/// standard error.
fn assert_same(cached: &Run, uncached: &Run, what: &str) {
    assert_eq!(cached.code, uncached.code, "{what}: exit status");
    assert!(
        cached.stdout == uncached.stdout,
        "{what}: the report differs with the cache"
    );
    assert_eq!(problems(cached), problems(uncached), "{what}: standard error");
}

/// Copies the folder `from` (files and folders) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every pack of the cache (not its `.gitignore` or tag).
fn packs_in(cache: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in fs::read_dir(cache).unwrap() {
        let folder = folder.unwrap().path();
        if folder.is_dir() {
            found.extend(fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()));
        }
    }
    found.sort();
    found
}

/// The seed case and every rule fixture in the formats that read the loaded data in
/// their own ways (JSON has it all, SARIF places claims, the review page reads texts
/// again), and every invalid fixture in JSON: cold (filling the cache) and warm, the
/// same report as without it; the warm run takes every valid file from the cache.
#[test]
fn reports_are_the_same_cold_warm_and_without_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    let fixtures = |folder: &str| {
        let mut found: Vec<String> = fs::read_dir(root().join(folder))
            .unwrap()
            .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        found.sort();
        found
    };
    let mut runs: Vec<(String, &str)> = Vec::new();
    for input in std::iter::once("claims".to_string()).chain(fixtures("tests/fixtures/rules")) {
        for format in ["json", "sarif", "html"] {
            runs.push((input.clone(), format));
        }
    }
    runs.extend(
        fixtures("tests/fixtures/invalid")
            .into_iter()
            .map(|input| (input, "json")),
    );
    for (input, format) in &runs {
        let args = [input.as_str(), "--format", format];
        let without = check(None, &args);
        let cold = check(Some(cache.path()), &args);
        let warm = check(Some(cache.path()), &args);
        assert_same(&cold, &without, &format!("{input} {format} cold"));
        assert_same(&warm, &without, &format!("{input} {format} warm"));
    }
    // The seed case has five source files, all valid: all five come from the cache.
    assert_eq!(check(Some(cache.path()), &["claims"]).hits, 5);
    assert!(cache.path().join(".gitignore").is_file());
    assert!(
        fs::read_to_string(cache.path().join("CACHEDIR.TAG"))
            .unwrap()
            .starts_with("Signature: 8a477f597d28d172789f06886806bc55")
    );
}

/// A run from `dir` with the cache in `cache`, after `what` was edited: the report of the
/// run without the cache, and no note about the cache (an edit is no damage).
fn edited_as_without(dir: &Path, cache: &Path, args: &[&str], what: &str) -> Run {
    let cached = check_from(dir, Some(cache), args);
    assert_same(&cached, &check_from(dir, None, args), what);
    assert!(!cached.stderr.contains("note:"), "{what}: {}", cached.stderr);
    cached
}

/// A generated case of 12 source files (seed 11) in a folder of its own, and an empty
/// folder for its cache: the folders, and the case's.
fn generated_case() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), 1, 12, 30, 11).unwrap();
    let case = dir.path().join("case-000");
    (dir, cache, case)
}

/// A generated corpus, edited between runs as an author would: a value, a quote's text
/// file, a new file, a deleted file, `case.yaml` and `reviewed.yaml`. After each edit the
/// warm run is the run without the cache, and only the edited files are parsed again.
#[test]
fn edits_between_runs_are_seen() {
    let (dir, cache, case) = generated_case();
    // Run from the corpus's folder, so that the paths given, whose hashes group the
    // files into packs, are the same on every run of the test.
    let args = ["case-000", "--format", "json"];
    let same_as_without = |what: &str| edited_as_without(dir.path(), cache.path(), &args, what);
    assert_eq!(same_as_without("cold").hits, 0);
    assert_eq!(same_as_without("warm").hits, 12);

    // A value changed in one file.
    let first = case.join("source-00000.yaml");
    let yaml = fs::read_to_string(&first).unwrap();
    assert!(
        yaml.contains("value: \"Ostick\""),
        "the corpus of seed 11 changed"
    );
    fs::write(&first, yaml.replacen("value: \"Ostick\"", "value: \"Oztick\"", 1)).unwrap();
    assert_eq!(same_as_without("a value edited").hits, 11);

    // A comment line on top of a file: every claim of it stands a line lower.
    let second = case.join("source-00005.yaml");
    let yaml = fs::read_to_string(&second).unwrap();
    fs::write(&second, format!("# checked again\n{yaml}")).unwrap();
    assert_eq!(same_as_without("a line added").hits, 11);

    // A text file rewritten: its quotes are no longer found, though its YAML is unchanged.
    fs::write(case.join("source-00001.txt"), "Nothing of what was quoted.\n").unwrap();
    assert_eq!(same_as_without("a text edited").hits, 11);

    // A text file removed: the default text is gone, and so are its quote checks.
    fs::remove_file(case.join("source-00002.txt")).unwrap();
    assert_eq!(same_as_without("a text removed").hits, 11);
    // ... and put back: the source without a text had been cached; now it has one again.
    fs::write(case.join("source-00002.txt"), "Nothing of what was quoted.\n").unwrap();
    assert_eq!(same_as_without("a text added").hits, 11);

    // A new source file, a copy of another under a new id.
    let copy = fs::read_to_string(case.join("source-00003.yaml"))
        .unwrap()
        .replace("id: source-00003", "id: source-00099");
    fs::write(case.join("source-00099.yaml"), copy).unwrap();
    assert_eq!(same_as_without("a file added").hits, 12);

    // A file deleted.
    fs::remove_file(case.join("source-00004.yaml")).unwrap();
    assert_eq!(same_as_without("a file deleted").hits, 12);

    // A review: read every run, whatever the cache holds.
    let report: serde_json::Value =
        serde_json::from_slice(&check_from(dir.path(), None, &args).stdout).unwrap();
    let finding = &report["cases"][0]["findings"][0];
    fs::write(
        case.join("reviewed.yaml"),
        format!(
            "- rule: {}\n  subject: {}\n  property: {}\n  verdict: checked\n",
            finding["rule"], finding["subject"], finding["property"]
        ),
    )
    .unwrap();
    assert_eq!(same_as_without("a review added").hits, 12);

    // `case.yaml` changed: every file was checked against it, so every file is parsed.
    let declared = fs::read_to_string(case.join("case.yaml")).unwrap();
    fs::write(
        case.join("case.yaml"),
        declared.replacen("title: Generated case", "title: Renamed", 1),
    )
    .unwrap();
    assert_eq!(same_as_without("case.yaml edited").hits, 0);
    assert_eq!(same_as_without("case.yaml edited, warm").hits, 12);
}

/// A file unchanged since its entry was kept is taken by its stamp, unread; a file whose
/// bytes changed is read again, even when its size and modification time are put back
/// as they were (an editor's "keep times", `touch -d`, `cp -p`): writing sets its change
/// time, which nothing sets back. The same for a text file. A file touched, its bytes
/// unchanged, is read again and taken from the cache. Files unread are still checked
/// against `case.yaml` as it is.
#[cfg(unix)]
#[test]
fn files_unchanged_by_their_stamps_are_not_read() {
    let (dir, cache, case) = generated_case();
    // A stamp is kept only for a file last changed two seconds before it was read.
    std::thread::sleep(std::time::Duration::from_millis(2_200));
    let args = ["case-000", "--format", "json"];
    let same_as_without = |what: &str| {
        let cached = edited_as_without(dir.path(), cache.path(), &args, what);
        (cached.hits, cached.unread)
    };
    assert_eq!(same_as_without("cold"), (0, 0));
    assert_eq!(same_as_without("warm"), (12, 12));

    // Rewrites `file` with `edit` applied, as long as it was, its modification time put
    // back.
    let rewrite = |file: &Path, edit: &dyn Fn(String) -> String| {
        let modified = fs::metadata(file).unwrap().modified().unwrap();
        let before = fs::read_to_string(file).unwrap();
        let after = edit(before.clone());
        assert_eq!(before.len(), after.len());
        fs::write(file, after).unwrap();
        fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(fs::metadata(file).unwrap().modified().unwrap(), modified);
    };
    let first = case.join("source-00000.yaml");
    rewrite(&first, &|yaml| {
        assert!(
            yaml.contains("value: \"Ostick\""),
            "the corpus of seed 11 changed"
        );
        yaml.replacen("value: \"Ostick\"", "value: \"Oztick\"", 1)
    });
    assert_eq!(same_as_without("a value edited, its time put back"), (11, 11));

    let text = case.join("source-00001.txt");
    rewrite(&text, &|text| text.replacen('e', "a", 1));
    assert_eq!(same_as_without("a text edited, its time put back"), (11, 10));

    // Touched, not changed: read again, and the same.
    let third = case.join("source-00003.yaml");
    fs::File::options()
        .write(true)
        .open(&third)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let (hits, unread) = same_as_without("a file touched");
    assert_eq!(hits, 12);
    assert!(unread <= 11, "a touched file is read again");

    // A file unchanged by its stamp is still checked against `case.yaml` as it is now.
    let declared = fs::read_to_string(case.join("case.yaml")).unwrap();
    fs::write(
        case.join("case.yaml"),
        declared.replacen("title: Generated case", "title: Renamed", 1),
    )
    .unwrap();
    assert_eq!(same_as_without("case.yaml edited"), (0, 0));
}

/// Damaged packs (truncated, a byte flipped, foreign bytes, emptied) and packs of
/// another format are misses: the report is the report without the cache, damage costs
/// one note, and the next run has whole packs again.
#[test]
fn damaged_entries_fall_back_to_parsing() {
    let cache = tempfile::tempdir().unwrap();
    let args = ["claims", "--format", "json"];
    let without = check(None, &args);
    check(Some(cache.path()), &args);
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 5] = [
        ("truncated", |b| b.truncate(b.len() / 2)),
        ("a byte of the body flipped", |b| {
            let last = b.len() - 1;
            b[last] ^= 0x40;
        }),
        ("a byte of the hash flipped", |b| b[30] ^= 1),
        ("foreign bytes", |b| {
            *b = b"not an entry of claimcheck's cache".to_vec()
        }),
        ("emptied", Vec::clear),
    ];
    for (what, damage) in damages {
        let all = packs_in(cache.path());
        for entry in &all {
            let mut bytes = fs::read(entry).unwrap();
            damage(&mut bytes);
            fs::write(entry, bytes).unwrap();
        }
        let run = check(Some(cache.path()), &args);
        assert_same(&run, &without, what);
        assert_eq!(run.hits, 0, "{what}");
        assert!(
            run.stderr.contains(&format!("{} cache files in", all.len()))
                && run.stderr.contains("could not be read back"),
            "{what}: {}",
            run.stderr
        );
        // Parsed again, and kept again.
        assert_eq!(check(Some(cache.path()), &args).hits, 5, "{what}: rewritten");
    }
    // Another entry format: an ordinary miss, without a note.
    for entry in packs_in(cache.path()) {
        let mut bytes = fs::read(&entry).unwrap();
        bytes[16] = bytes[16].wrapping_add(1);
        fs::write(&entry, bytes).unwrap();
    }
    let run = check(Some(cache.path()), &args);
    assert_same(&run, &without, "another format");
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    assert_eq!((run.hits, run.placed), (0, 0));
}

/// A cache that cannot be written (its folder is a file, or is read-only) costs one note;
/// the report is the report without it.
#[test]
fn an_unwritable_cache_costs_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["claims", "--format", "json"];
    let without = check(None, &args);
    let file = dir.path().join("a-file");
    fs::write(&file, "").unwrap();
    let run = check(Some(&file.join("cache")), &args);
    assert_same(&run, &without, "under a file");
    assert_eq!(
        run.stderr.matches("note: cannot write the cache in").count(),
        1,
        "{}",
        run.stderr
    );

    // Read-only: filled first, then read; one file edited, so the run would write. (Root
    // writes anyway.)
    let claims = dir.path().join("claims");
    copy_tree(&root().join("claims"), &claims);
    let args = [claims.to_str().unwrap(), "--format", "json"];
    let cache = dir.path().join("read-only");
    check(Some(&cache), &args);
    let read_only = |on: bool| {
        for folder in
            std::iter::once(cache.clone()).chain(fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()))
        {
            if folder.is_dir() {
                let mut permissions = fs::metadata(&folder).unwrap().permissions();
                permissions.set_readonly(on);
                fs::set_permissions(&folder, permissions).unwrap();
            }
        }
    };
    let edited = claims.join("us-cuba-migration-talks/efe-2010-02-18.yaml");
    let yaml = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, format!("# read again\n{yaml}")).unwrap();
    read_only(true);
    let run = check(Some(&cache), &args);
    read_only(false);
    assert_same(&run, &check(None, &args), "read-only");
    assert_eq!(run.hits, 4, "the files left as they were are read from it");
}

/// Four runs filling one cache at once each print the report without the cache, and
/// leave it whole.
#[test]
fn runs_at_once_share_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), 2, 8, 20, 5).unwrap();
    let path = dir.path().to_str().unwrap().to_string();
    let args = [path.as_str(), "--format", "json"];
    let without = check(None, &args);
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| check(Some(cache.path()), &args)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in &runs {
        assert_same(run, &without, "at once");
    }
    let warm = check(Some(cache.path()), &args);
    assert_same(&warm, &without, "after");
    assert_eq!(warm.hits, 16);
    // No temporary file is left behind.
    assert!(
        packs_in(cache.path())
            .iter()
            .all(|e| !e.file_name().unwrap().to_string_lossy().starts_with(".tmp"))
    );
}

/// Entries are trusted only by the binary that wrote them: a copy of claimcheck (as a
/// cache committed in a pull request would be to CI's claimcheck) reads none of them.
#[test]
fn another_binary_trusts_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let args = ["claims", "--format", "json"];
    check(Some(&cache), &args);
    assert_eq!(check(Some(&cache), &args).hits, 5);
    let copy = dir.path().join("claimcheck-copy");
    fs::copy(env!("CARGO_BIN_EXE_claimcheck"), &copy).unwrap();
    let run = check_with(&copy, root(), Some(&cache), &args);
    assert_eq!(run.hits, 0);
    assert_same(&run, &check(None, &args), "another binary");
}

/// No cache inside a case folder: claimcheck writes nothing among claim files. Run from
/// inside a case it goes without (saying so when `--cache-dir` asked for it there); a
/// cache beside the cases, under a folder being checked, is passed over as a case.
#[test]
fn the_cache_stays_out_of_case_folders() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("claims"), &dir.path().join("claims"));
    let case = dir.path().join("claims/us-cuba-migration-talks");
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(&case)
        .args(["check", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!case.join(".claimcheck_cache").exists());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .current_dir(dir.path())
        .args([
            "check",
            "claims",
            "--cache-dir",
            "claims/us-cuba-migration-talks/cache",
        ])
        .output()
        .unwrap();
    assert!(!case.join("cache").exists());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("note: no cache kept"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // The default cache, beside `claims/` and under `.`, which is checked: not a case.
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    run(&["check", "."]);
    assert!(dir.path().join(".claimcheck_cache/CACHEDIR.TAG").is_file());
    let warm = run(&["check", ".", "--format", "json"]);
    assert_eq!(warm.status.code(), Some(1));
    assert!(
        warm.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&warm.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&warm.stdout).unwrap();
    assert_eq!(report["cases"].as_array().unwrap().len(), 1);
}

/// A cache folder can come with a checkout, so it is untrusted like a claim file: a link
/// (to lead writes elsewhere) or a folder of other files is refused with a note; links
/// and pipes planted as entries or folders of entries are never followed. Nothing is
/// written outside the cache, no run hangs, and every report is the report without it.
#[cfg(unix)]
#[test]
fn a_planted_cache_is_not_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let args = ["claims", "--format", "json"];
    let without = check(None, &args);
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();

    // The cache folder is a link.
    let link = dir.path().join("linked-cache");
    symlink(&elsewhere, &link).unwrap();
    let run = check(Some(&link), &args);
    assert_same(&run, &without, "a linked cache");
    assert!(
        run.stderr.contains("note: no cache kept:") && run.stderr.contains("is a link"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "written through the link"
    );

    // A folder of other files.
    fs::write(elsewhere.join("notes.md"), "mine").unwrap();
    let run = check(Some(&elsewhere), &args);
    assert_same(&run, &without, "a folder of other files");
    assert!(run.stderr.contains("not claimcheck's cache"), "{}", run.stderr);
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);

    // A real cache whose entries are links to a pipe, to a device and to a file outside,
    // and whose folders of entries are links elsewhere.
    let cache = dir.path().join("cache");
    check(Some(&cache), &args);
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let outside = dir.path().join("outside");
    fs::write(&outside, "outside").unwrap();
    let planted = packs_in(&cache);
    for (entry, target) in planted
        .iter()
        .zip([fifo.as_path(), Path::new("/dev/zero"), &outside].iter().cycle())
    {
        fs::remove_file(entry).unwrap();
        symlink(target, entry).unwrap();
    }
    let run = check(Some(&cache), &args);
    assert_same(&run, &without, "entries that are links");
    assert_eq!(run.hits, 0);
    let folder = planted[0].parent().unwrap().to_path_buf();
    fs::remove_dir_all(&folder).unwrap();
    symlink(&elsewhere, &folder).unwrap();
    let run = check(Some(&cache), &args);
    assert_same(&run, &without, "a folder of entries that is a link");
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        1,
        "written through a planted folder"
    );
    assert_eq!(fs::read_to_string(&outside).unwrap(), "outside");
}

/// A case of many files is kept in several packs: a warm run takes every file and every
/// place from them and writes none again; an edit rewrites the edited file's pack alone.
#[test]
fn packs_are_written_when_their_files_change() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), 1, 600, 2, 3).unwrap();
    let case = dir.path().join("case-000");
    let path = case.to_str().unwrap().to_string();
    let args = [path.as_str(), "--format", "json"];
    let without = check(None, &args);
    let cold = check(Some(cache.path()), &args);
    assert_same(&cold, &without, "cold");
    let packs = |what: &str| -> Vec<(PathBuf, std::time::SystemTime)> {
        let all: Vec<_> = packs_in(cache.path())
            .into_iter()
            .map(|p| {
                let modified = fs::metadata(&p).unwrap().modified().unwrap();
                (p, modified)
            })
            .collect();
        assert!(all.len() >= 4, "{what}: {} packs", all.len());
        all
    };
    let before = packs("cold");
    let warm = check(Some(cache.path()), &args);
    assert_same(&warm, &without, "warm");
    let cited = warm.placed;
    assert_eq!((warm.hits, cold.placed), (600, 0));
    assert!(cited > 100, "{cited} files placed from the cache");
    assert_eq!(packs("warm"), before, "a warm run without changes wrote a pack");

    // One file edited: its pack and its places' pack are written again, no other.
    let edited = case.join("source-00300.yaml");
    let yaml = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, format!("# edited\n{yaml}")).unwrap();
    let run = check(Some(cache.path()), &args);
    assert_same(&run, &check(None, &args), "one file edited");
    assert_eq!(run.hits, 599);
    let after = packs("edited");
    let rewritten = after.iter().filter(|pack| !before.contains(pack)).count();
    assert!((1..=2).contains(&rewritten), "{rewritten} packs written again");
}
