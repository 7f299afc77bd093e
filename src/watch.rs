//! `check --watch`: the report again each time a file of the checked cases changes — a
//! source file, a text, `case.yaml` or `reviewed.yaml` — so that it follows an author's
//! typing. Changes are debounced (an editor's save is several events), each re-check
//! takes the files left unchanged from the cache, invalid input is shown like any report,
//! and Ctrl-C ends the watch cleanly. Reading a file is an event too (the check reads
//! them all): only writes, creations, removals and renames wake the watch.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// How long the files must be quiet before a re-check: an editor writes a file in several
/// steps, and a `git checkout` changes many at once.
const QUIET: Duration = Duration::from_millis(200);

/// What wakes the watch.
enum Wake {
    Changed,
    Stop,
    Failed(String),
}

/// Whether a change to `path` can change a report: claim files, texts, `case.yaml` and
/// `reviewed.yaml`. The cache's own entries, and anything else, cannot.
fn matters(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "txt")
}

/// Whether `kind` changes a file: not a read (opening, closing unwritten, access).
fn changes(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

/// Runs `check` once, then again after each change under `paths`, until Ctrl-C. `say`
/// writes a status line (standard error). Returns why the watch ended: `Ok` on Ctrl-C,
/// or what kept it from watching.
pub(crate) fn run(
    paths: &[PathBuf],
    mut check: impl FnMut(),
    mut say: impl FnMut(&str),
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Wake::Stop);
    })
    .map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;
    let changed = tx.clone();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let wake = match result {
            Ok(event) if changes(&event.kind) && event.paths.iter().any(|p| matters(p)) => Wake::Changed,
            Ok(_) => return,
            Err(e) => Wake::Failed(e.to_string()),
        };
        let _ = changed.send(wake);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut watched = 0;
    for path in paths {
        match watcher.watch(path, RecursiveMode::Recursive) {
            Ok(()) => watched += 1,
            Err(e) => say(&format!(
                "warning: cannot watch `{}`: {e}",
                crate::report::visible(&path.display().to_string())
            )),
        }
    }
    if watched == 0 {
        return Err("nothing to watch: no path given can be watched".to_string());
    }
    loop {
        let started = Instant::now();
        check();
        say(&format!(
            "watching {} for changes (checked at {} in {:.2} s); Ctrl-C to stop",
            crate::report::plural(watched, "path", "paths"),
            chrono::Local::now().format("%H:%M:%S"),
            started.elapsed().as_secs_f64()
        ));
        // A change, then quiet: everything until the files are quiet for a moment (an
        // editor's save, a checkout) is one change.
        let mut next = rx.recv();
        while let Ok(Wake::Changed) = next {
            match rx.recv_timeout(QUIET) {
                Ok(wake) => next = Ok(wake),
                Err(_) => break,
            }
        }
        match next {
            Ok(Wake::Changed) => continue,
            Ok(Wake::Stop) | Err(_) => return Ok(()),
            Ok(Wake::Failed(error)) => say(&format!("warning: watching files: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use notify::EventKind;

    /// Claim files, texts, `case.yaml` and `reviewed.yaml` matter; the cache's entries,
    /// its tag and an editor's swap file do not; nor does reading a file.
    #[test]
    fn only_files_of_a_case_wake_the_watch() {
        for path in ["c/wire.yaml", "c/case.yml", "c/reviewed.yaml", "c/wire.txt"] {
            assert!(super::matters(Path::new(path)), "{path}");
        }
        for path in [
            ".claimcheck_cache/ab/cdef",
            ".claimcheck_cache/CACHEDIR.TAG",
            ".claimcheck_cache/ab/.tmp-1-2",
            "c/.wire.yaml.swp",
            "c",
        ] {
            assert!(!super::matters(Path::new(path)), "{path}");
        }
        use notify::event::{AccessKind, CreateKind, DataChange, ModifyKind, RemoveKind};
        assert!(super::changes(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(super::changes(&EventKind::Create(CreateKind::File)));
        assert!(super::changes(&EventKind::Remove(RemoveKind::File)));
        assert!(!super::changes(&EventKind::Access(AccessKind::Open(
            notify::event::AccessMode::Read
        ))));
    }
}
