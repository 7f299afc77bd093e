//! The command line: subcommands and flags, running the pipeline, and the only place
//! that prints.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "cli is the one module that prints"
)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::finding::Severity;
use crate::report::{self, CaseReport, Report};
use crate::{load, rules, triage};

/// Find where news sources disagree: check structured claims extracted from each source
/// and print discrepancy tables.
#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check case folders and report discrepancies.
    ///
    /// Exit status: 0 when no unreviewed finding is at or above --fail-on, 1 when one is,
    /// 2 when any input could not be read or is invalid.
    Check {
        /// Case folders (holding case.yaml), or folders of case folders.
        #[arg(default_value = "claims")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The least severe unreviewed finding that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Largest YAML or text file read, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = load::Limits::default().max_file_bytes)]
        max_file_size: u64,
        /// Most claims in one source file.
        #[arg(long, value_name = "N", default_value_t = load::Limits::default().max_claims_per_file)]
        max_claims_per_file: usize,
        /// Longest `value` or `quote`, in characters.
        #[arg(long, value_name = "CHARS", default_value_t = load::Limits::default().max_value_chars)]
        max_value_length: usize,
        /// Deepest nesting of mappings and lists in a YAML file (8 to 100).
        #[arg(
            long,
            value_name = "LEVELS",
            default_value_t = load::Limits::default().max_depth,
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new()
                .range(*load::Limits::DEPTH_RANGE.start() as u64..=*load::Limits::DEPTH_RANGE.end() as u64)
        )]
        max_depth: usize,
        /// Most bytes of YAML that aliases (`*name`) may expand to in one file.
        #[arg(long, value_name = "BYTES", default_value_t = load::Limits::default().max_alias_expansion)]
        max_alias_expansion: u64,
    },
    /// List every rule with its one-line summary.
    Rules,
    /// Print a rule's documentation: what it finds, why it matters, an example.
    Explain {
        /// A rule id, as `claimcheck rules` lists them.
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// GitHub-flavoured Markdown, for review in a pull request.
    Markdown,
    /// One JSON object, for machines.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// How a run ended, for `main`'s exit-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
    BadInput,
}

/// Loads, checks and reports.
pub fn check(paths: &[PathBuf], format: Format, fail_on: FailOn, limits: &load::Limits) -> Outcome {
    let started = std::time::Instant::now();
    let progress = load::Progress::default();
    let done = std::sync::atomic::AtomicBool::new(false);
    let loaded = std::thread::scope(|scope| {
        let bar = scope.spawn(|| show_progress(&progress, &done));
        let loaded = load::load_with_progress(paths, &progress, limits);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = bar.join();
        loaded
    });
    let loaded_at = started.elapsed();
    let loaded_rss = peak_memory();
    let cases = loaded
        .cases
        .par_iter()
        .map(|case| CaseReport::new(case, triage::apply(case, rules::check(case))))
        .collect();
    let checked_at = started.elapsed();
    let checked_rss = peak_memory();
    let report = Report {
        cases,
        errors: loaded.problems,
    };
    for problem in &report.errors {
        eprintln!("error: {problem}");
    }
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = match format {
        Format::Table => {
            let width = if std::io::stdout().is_terminal() {
                comfy_table::Table::new().width().unwrap_or(120).max(60)
            } else {
                120
            };
            stdout.write_all(report::table::render(&report, width).as_bytes())
        }
        Format::Markdown => stdout.write_all(report::markdown::render(&report).as_bytes()),
        // Streamed: a large report is never held as one string.
        Format::Json => report::json::write(&report, &mut stdout),
    };
    let _ = stdout.flush();
    drop(stdout);
    // For performance work: where the time of a run goes.
    if std::env::var_os("CLAIMCHECK_TIMINGS").is_some() {
        eprintln!(
            "timings: load {:.2?}, rules {:.2?}, report {:.2?}; peak memory after load {}, rules {}, report {}",
            loaded_at,
            checked_at - loaded_at,
            started.elapsed() - checked_at,
            loaded_rss,
            checked_rss,
            peak_memory()
        );
    }
    // The run ends here: freeing a million claims one allocation at a time would add a
    // noticeable share to a large check, and the process exit returns the memory at once.
    std::mem::forget(loaded.cases);
    if !report.errors.is_empty() {
        return Outcome::BadInput;
    }
    let failing = fail_on.threshold().is_some_and(|threshold| {
        report
            .cases
            .iter()
            .flat_map(|c| &c.findings)
            .any(|f| !f.reviewed && f.severity <= threshold)
    });
    if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The process's peak resident memory so far, from `/proc` (Linux), for the timings line.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// A progress bar on standard error for long loads: shown only when standard error is a
/// terminal and loading has taken two seconds, so pipes and snapshots stay clean.
fn show_progress(progress: &load::Progress, done: &std::sync::atomic::AtomicBool) {
    use std::sync::atomic::Ordering;
    use std::time::{Duration, Instant};
    if !std::io::stderr().is_terminal() {
        return;
    }
    let started = Instant::now();
    let mut bar: Option<indicatif::ProgressBar> = None;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() < Duration::from_secs(2) {
            continue;
        }
        let (loaded, total) = progress.files();
        let bar = bar.get_or_insert_with(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} files ({eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_message("loading");
            bar
        });
        bar.set_length(total);
        bar.set_position(loaded);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

/// Prints the rule list.
pub fn list_rules() -> Outcome {
    let width = rules::RULES.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for rule in rules::RULES {
        println!(
            "{:<width$}  {:<7}  {}",
            rule.id(),
            rule.severity().name(),
            rule.summary()
        );
    }
    Outcome::Clean
}

/// Prints a rule's documentation.
pub fn explain(id: &str) -> Outcome {
    let doc = match rules::find(id) {
        Some(rule) => Some((rule.summary(), rule.severity().name(), rule.doc())),
        None if id == triage::STALE_REVIEW => Some((
            "a reviewed.yaml entry that matches no finding",
            "warning",
            triage::STALE_REVIEW_DOC,
        )),
        None => None,
    };
    match doc {
        Some((summary, severity, doc)) => {
            println!("# {id} ({severity})\n\n{summary}\n\n{}", doc.trim_end());
            Outcome::Clean
        }
        None => {
            let ids = rules::RULES.iter().map(|r| r.id()).chain([triage::STALE_REVIEW]);
            eprintln!(
                "error: no rule `{id}`{}; `claimcheck rules` lists them",
                load::did_you_mean(id, ids)
            );
            Outcome::BadInput
        }
    }
}

pub fn run(args: Args) -> Outcome {
    match args.command {
        Command::Check {
            paths,
            format,
            fail_on,
            max_file_size,
            max_claims_per_file,
            max_value_length,
            max_depth,
            max_alias_expansion,
        } => {
            let limits = load::Limits {
                max_file_bytes: max_file_size,
                max_claims_per_file,
                max_value_chars: max_value_length,
                max_depth,
                max_alias_expansion,
            };
            check(&paths, format, fail_on, &limits)
        }
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(&rule),
    }
}
