//! The pipeline as one call: case folders and limits in, a [`Report`] out. The CLI, the
//! fuzz targets and the benchmarks all run a check through here, so the steps are
//! assembled in one place: load → rules → triage → the rules that read triage.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::finding::Finding;
use crate::load::{self, Cache, Limits, Progress};
use crate::model::Case;
use crate::report::{CaseReport, Report};
use crate::{rules, triage};

/// A finished check: the report, the cases it was made from, and where the time went.
#[derive(Debug)]
pub struct Checked {
    pub report: Report,
    /// The valid cases, kept for callers that look further (their claims only when asked
    /// for, [`Kept::Claims`]); a caller about to exit may `std::mem::forget` them rather
    /// than free them piece by piece.
    pub cases: Vec<Case>,
    pub timings: Timings,
}

/// What a caller reads of the cases once their report is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The report alone: each case's claims (most of a large check's memory) are freed
    /// once its findings and tally are made, before the claims they show are placed and
    /// the report is written, which need none of them.
    Report,
    /// The claims too: the HTML page draws each case's timelines from them.
    Claims,
}

/// How long loading and checking took, and the process's peak memory after each (from
/// `/proc`, on Linux; `None` elsewhere).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub rules: Duration,
    pub peak_after_load: Option<u64>,
    pub peak_after_rules: Option<u64>,
}

/// Loads every case under `paths`, checks each and applies its triage. Files are counted
/// in `progress` as they load.
pub fn check(paths: &[PathBuf], limits: &Limits, progress: &Progress) -> Checked {
    check_cached(paths, limits, progress, None, Kept::Claims)
}

/// [`check`], taking the source files that have not changed from `cache`. The report is
/// the same with the cache as without it.
pub fn check_cached(
    paths: &[PathBuf],
    limits: &Limits,
    progress: &Progress,
    cache: Option<&Cache>,
    kept: Kept,
) -> Checked {
    let started = Instant::now();
    let loaded = load::load_with_progress(paths, progress, limits, cache);
    let load = started.elapsed();
    let peak_after_load = peak_memory();
    let (cases, reports): (Vec<Case>, Vec<CaseReport>) = loaded
        .cases
        .into_par_iter()
        .map(|mut case| {
            let mut report = CaseReport::new(&case, check_case(&case));
            if kept == Kept::Report {
                // Freed on a thread of their own while placing reads files: freeing a
                // million claims one by one took a large case ~30 ms. (Were the thread
                // refused, they are freed here, with the closure.)
                let claims = (std::mem::take(&mut case.claims), std::mem::take(&mut case.texts));
                let _ = std::thread::Builder::new().spawn(move || drop(claims));
            }
            // Only the files the findings cite are read again, to place their claims.
            load::place(&case, &mut report.findings, limits, cache);
            (case, report)
        })
        .unzip();
    Checked {
        report: Report {
            cases: reports,
            errors: loaded.problems,
            skipped: loaded.skipped,
        },
        cases,
        timings: Timings {
            load,
            rules: started.elapsed() - load,
            peak_after_load,
            peak_after_rules: peak_memory(),
        },
    }
}

/// Every finding of one case, triaged, in report order.
pub fn check_case(case: &Case) -> Vec<Finding> {
    let mut findings = rules::check(case);
    let triaged = triage::apply(case, &mut findings);
    rules::after_triage(case, findings, triaged)
}

/// The process's peak resident memory so far, in bytes.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line[6..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}
