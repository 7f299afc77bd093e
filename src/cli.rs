//! The command line: subcommands and flags, running the pipeline, and the only place
//! that prints.
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::{load, pipeline, report, rules};

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
    Check(CheckArgs),
    /// List every rule with its one-line summary.
    Rules,
    /// Print a rule's documentation: what it finds, why it matters, an example.
    Explain {
        /// A rule id, as `claimcheck rules` lists them.
        rule: String,
    },
    /// Show how claimcheck reads a value: the interval it stands for, or the error an
    /// author would get.
    ///
    /// Example: claimcheck parse --type quantity --unit USD '$18.12 billion'
    ///
    /// Exit status: 0 when the value parses, 2 when it does not.
    Parse(ParseArgs),
    /// Print a JSON Schema (draft 2020-12) of a kind of file, for editors: with the YAML
    /// language server, keys and values are completed and checked as you type.
    ///
    /// Given a case (its folder, or a file in it), a source file's schema also offers the
    /// case's properties, with their types and descriptions, and its entity ids.
    ///
    /// Example: claimcheck schema claims/crash > .schemas/crash.json
    ///
    /// Exit status: 0, or 2 when the case's `case.yaml` cannot be read or is invalid.
    Schema(SchemaArgs),
    /// Print a completion script for a shell, from the same definitions as --help.
    ///
    /// Example: claimcheck completions bash > ~/.local/share/bash-completion/completions/claimcheck
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff), from the same definitions as --help: claimcheck(1),
    /// or with a subcommand its own page, such as claimcheck-check(1).
    ///
    /// Example: claimcheck man check > claimcheck-check.1 && man ./claimcheck-check.1
    Man {
        /// A subcommand: check, rules, explain, parse, schema, completions or man.
        subcommand: Option<String>,
    },
}

/// `claimcheck parse`: a value and what its property would declare.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The value as a claim would write it.
    pub value: String,
    /// The property's type.
    #[arg(
        long = "type",
        value_name = "TYPE",
        default_value = "quantity",
        value_parser = clap::builder::PossibleValuesParser::new(crate::value::Kind::ALL.map(|(name, _)| name))
    )]
    pub kind: String,
    /// The property's unit (quantities): `USD`, `percent`, `km/h`, `visas`.
    #[arg(long)]
    pub unit: Option<String>,
    /// Another way to write the unit, as `unit_spellings` declares it; repeatable.
    #[arg(long = "unit-spelling", value_name = "SPELLING")]
    pub unit_spellings: Vec<String>,
    /// The property's `tolerance`: the relative width of `about` (and of bare durations).
    #[arg(long, value_parser = tolerance)]
    pub tolerance: Option<f64>,
    /// The source's publication date, for `next Thursday` or `40 years ago`.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// The case's `timezone:`, the clock times are compared on: `Asia/Kolkata`, `UTC`.
    #[arg(long, value_name = "ZONE", value_parser = timezone)]
    pub timezone: Option<chrono_tz::Tz>,
    /// Read the value as a relation claim's stated value instead.
    #[arg(long, value_enum)]
    pub relation: Option<RelationValue>,
}

/// `claimcheck schema`: which file, and of which case.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// A case folder, or a file in it, whose `case.yaml` names the properties and entities
    /// to offer; without it, any property name is accepted.
    pub case: Option<PathBuf>,
    /// The kind of file the schema describes.
    #[arg(long, value_enum, default_value_t = SchemaFile::Source)]
    pub file: SchemaFile,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The kinds of file `claimcheck schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// A source file: `source:` and `claims:`.
    Source,
    /// `case.yaml`.
    Case,
    /// `reviewed.yaml`.
    Reviewed,
}

/// What relation a stated value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RelationValue {
    /// `of ÷ to`: `more than 2`, `79%`, `a quarter`.
    Ratio,
    /// How `of` changed from `to`: `up 12%`, `tripled`, `3x`.
    Change,
    /// `of − to` of two dates: a duration, or an age such as `56`.
    DateDifference,
}

fn timezone(text: &str) -> Result<chrono_tz::Tz, String> {
    crate::value::time::iana(text).ok_or_else(|| {
        "an IANA time zone name, such as `Asia/Kolkata`, `America/New_York` or `UTC`".to_string()
    })
}

fn tolerance(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err("a relative number between 0 and 1, such as `0.05`".to_string()),
    }
}

/// `claimcheck check`: what to check, how to report it, and the limits on input.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Case folders (holding case.yaml), or folders of case folders.
    #[arg(default_value = "claims")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Check again whenever a source file, a text, case.yaml or reviewed.yaml under the
    /// paths changes, redrawing the report (using the cache), until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// Where unchanged source files are kept loaded between runs.
#[derive(Debug, clap::Args)]
pub struct CacheArgs {
    /// Keep what loading each source file produced in DIR, so that a file left unchanged
    /// is not parsed again (made with a .gitignore, so never committed; never inside a
    /// case folder) [default: .claimcheck_cache]
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Parse every file, and neither read nor write the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,
}

/// How the report is written and when the run fails.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The least severe unreviewed finding that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the report to FILE instead of standard output; input problems still go to
    /// standard error. FILE must lie outside the folders being checked.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print only the summary line (and input problems, on standard error).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Markdown: the most characters the report takes; findings past it are shown in one
    /// line each, then only counted (GitHub refuses a comment over 65,536).
    #[arg(
        long,
        value_name = "CHARS",
        default_value_t = report::markdown::DEFAULT_MAX_CHARS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(report::markdown::MIN_MAX_CHARS as u64..)
    )]
    pub max_chars: usize,
    /// Colour severities in the table: `auto` on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    pub color: Color,
}

/// When the table colours severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless the NO_COLOR environment variable is set and not empty.
    Auto,
    /// Always, into a pipe or a file too.
    Always,
    /// Never.
    Never,
}

impl Color {
    fn wanted(self, terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// The limits that stop a hostile input; each converts into [`load::Limits`].
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LimitArgs {
    /// Largest YAML or text file read, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = load::Limits::default().max_file_bytes)]
    pub max_file_size: u64,
    /// Most claims in one source file.
    #[arg(long, value_name = "N", default_value_t = load::Limits::default().max_claims_per_file)]
    pub max_claims_per_file: usize,
    /// Longest `value`, `quote` or any other field or key, in characters.
    #[arg(long, value_name = "CHARS", default_value_t = load::Limits::default().max_value_chars)]
    pub max_value_length: usize,
    /// Deepest nesting of mappings and lists in a YAML file (8 to 100).
    #[arg(
        long,
        value_name = "LEVELS",
        default_value_t = load::Limits::default().max_depth,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new()
            .range(*load::Limits::DEPTH_RANGE.start() as u64..=*load::Limits::DEPTH_RANGE.end() as u64)
    )]
    pub max_depth: usize,
    /// Most bytes of YAML that aliases (`*name`) may expand to in one file.
    #[arg(long, value_name = "BYTES", default_value_t = load::Limits::default().max_alias_expansion)]
    pub max_alias_expansion: u64,
}

impl From<LimitArgs> for load::Limits {
    fn from(args: LimitArgs) -> Self {
        load::Limits {
            max_file_bytes: args.max_file_size,
            max_claims_per_file: args.max_claims_per_file,
            max_value_chars: args.max_value_length,
            max_depth: args.max_depth,
            max_alias_expansion: args.max_alias_expansion,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// GitHub-flavoured Markdown, for review in a pull request.
    Markdown,
    /// One JSON object, for machines.
    Json,
    /// GitHub Actions annotations: one workflow command per finding and input problem.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// Ready-to-fill `reviewed.yaml` entries for the unreviewed findings.
    Reviewed,
    /// One self-contained HTML review page: filterable findings, quotes in their
    /// sentences, source tallies and timelines (write it with `--output`).
    Html,
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
    /// The output could not be written.
    Failed,
}

/// Loads, checks and reports; with `--watch`, again after each change.
pub fn check(args: CheckArgs) -> Outcome {
    if !args.watch {
        return check_once(&args, Ending::Exit);
    }
    let redraw = args.output.output.is_none() && std::io::stdout().is_terminal();
    let mut output = Output::default();
    let watched = crate::watch::run(
        &args.paths,
        || {
            if redraw {
                // Clear the terminal and start at its top: the report replaces the last.
                let _ = std::io::stdout().write_all(b"\x1b[2J\x1b[H");
            }
            check_once(&args, Ending::Continue);
        },
        |line| output.error(line),
    );
    match watched {
        Ok(()) => output.outcome(Outcome::Clean),
        Err(why) => {
            output.error(&format!("error: {why}"));
            output.outcome(Outcome::BadInput)
        }
    }
}

/// What follows a check: the process's exit, or another check (`--watch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Exit,
    Continue,
}

/// Loads, checks and reports once.
fn check_once(args: &CheckArgs, ending: Ending) -> Outcome {
    let mut output = Output::default();
    // Refused before any work: the report must never land among claim files.
    if let Some(file) = &args.output.output {
        if let Some(folder) = inside_checked(file, &args.paths) {
            output.error(&format!(
                "error: --output `{}` lies inside `{}`, a folder being checked; claimcheck never writes \
                 among claim files, so write the report elsewhere",
                report::visible(&file.display().to_string()),
                report::visible(&folder.display().to_string())
            ));
            return output.outcome(Outcome::BadInput);
        }
    }
    let limits = load::Limits::from(args.limits);
    let progress = load::Progress::default();
    let cache = open_cache(&args.cache, &mut output);
    let done = std::sync::atomic::AtomicBool::new(false);
    let checked = std::thread::scope(|scope| {
        let bar = scope.spawn(|| show_progress(&progress, &done));
        // Only the HTML page reads the claims once the report is made.
        let kept = match args.output.format {
            Format::Html => pipeline::Kept::Claims,
            _ => pipeline::Kept::Report,
        };
        let checked = pipeline::check_cached(&args.paths, &limits, &progress, cache.as_ref(), kept);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = bar.join();
        checked
    });
    let report_started = std::time::Instant::now();
    let report = &checked.report;
    for note in cache.iter().flat_map(|c| c.notes()) {
        output.error(&format!("note: {}", report::visible(&note)));
    }
    for problem in &report.errors {
        // A problem quotes claim files: no escape in them reaches the terminal.
        output.error(&format!(
            "error[{}]: {}",
            problem.code,
            report::visible(&problem.to_string())
        ));
    }
    let destination = args.output.output.as_deref();
    let terminal = destination.is_none() && std::io::stdout().is_terminal();
    output.write_to(destination, |stdout| match args.output.format {
        _ if args.output.quiet => stdout.write_all(report::table::summary(report).as_bytes()),
        Format::Table => {
            let width = if terminal {
                comfy_table::Table::new().width().unwrap_or(120).max(60)
            } else {
                120
            };
            let color = args.output.color.wanted(terminal);
            stdout.write_all(report::table::render_styled(report, width, color).as_bytes())
        }
        Format::Markdown => {
            stdout.write_all(report::markdown::render_within(report, args.output.max_chars).as_bytes())
        }
        // Streamed: a large report is never held as one string.
        Format::Json => report::json::write(report, stdout),
        Format::Github => stdout.write_all(report::github::render(report, &working_dir()).as_bytes()),
        Format::Sarif => report::sarif::write(report, &working_dir(), stdout),
        Format::Reviewed => stdout.write_all(report::reviewed::render(report).as_bytes()),
        Format::Html => stdout.write_all(report::html::render(report, &checked.cases, &limits).as_bytes()),
    });
    // For performance work: where the time of a run goes.
    if std::env::var_os("CLAIMCHECK_TIMINGS").is_some() {
        let t = checked.timings;
        let mib = |bytes: Option<u64>| {
            bytes.map_or_else(|| "unknown".to_string(), |b| format!("{} MiB", b / (1024 * 1024)))
        };
        let stats = cache.as_ref().map(load::Cache::stats).unwrap_or_default();
        output.error(&format!(
            "timings: load {:.2?} ({} files from the cache; {} and their texts unchanged by their stamps), rules {:.2?} (claims of {} files placed from the \
             cache), report {:.2?}; \
             peak memory after load {}, rules {}, report {}",
            t.load,
            stats.hits,
            stats.unread,
            t.rules,
            stats.placed,
            report_started.elapsed(),
            mib(t.peak_after_load),
            mib(t.peak_after_rules),
            mib(pipeline::peak_memory())
        ));
    }
    let outcome = if !report.errors.is_empty() {
        Outcome::BadInput
    } else if args.output.fail_on.threshold().is_some_and(|threshold| {
        report
            .cases
            .iter()
            .flat_map(|c| &c.findings)
            .any(|f| !f.reviewed && f.severity <= threshold)
    }) {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // The run ends here: freeing a million claims, and the findings' shown claims, one
    // allocation at a time would add a noticeable share to a large check, and the process
    // exit returns the memory at once. A watch checks again, and frees them.
    if ending == Ending::Exit {
        std::mem::forget(checked);
    }
    output.outcome(outcome)
}

/// The cache the options ask for. Never one inside a case folder: claimcheck writes
/// nothing among claim files, so a run from inside a case (`claimcheck check .`) goes
/// without, and says so only when `--cache-dir` asked for that place.
fn open_cache(args: &CacheArgs, output: &mut Output) -> Option<load::Cache> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(".claimcheck_cache"));
    if let Some(case) = load::Cache::case_holding(&dir) {
        if args.cache_dir.is_some() {
            output.error(&format!(
                "note: no cache kept: `{}` lies inside the case folder `{}`, and claimcheck never writes \
                 among claim files",
                report::visible(&dir.display().to_string()),
                report::visible(&case.display().to_string())
            ));
        }
        return None;
    }
    match load::Cache::open(&dir) {
        Ok(cache) => Some(cache),
        Err(why) => {
            output.error(&format!("note: no cache kept: {why}"));
            None
        }
    }
}

/// The folder that paths in CI formats are relative to.
fn working_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// The checked folder that `file` would be written into, if any: the report must never
/// land among claim files.
fn inside_checked(file: &Path, paths: &[PathBuf]) -> Option<PathBuf> {
    // An existing file is where its links lead; a new one is in its folder.
    let parent = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = std::fs::canonicalize(file)
        .or_else(|_| std::fs::canonicalize(parent))
        .ok()?;
    paths
        .iter()
        .find(|path| std::fs::canonicalize(path).is_ok_and(|checked| folder.starts_with(checked)))
        .cloned()
}

/// Writes for a command. A closed pipe (`claimcheck check | head`) ends the output
/// quietly, as for any command-line tool; any other failure to write (a full disk, a
/// closed terminal) is said where it still can be, and the run exits 2.
#[derive(Default)]
struct Output {
    failed: bool,
}

impl Output {
    /// Writes to `file` (created or replaced) or, without one, to standard output.
    fn write_to(&mut self, file: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        let Some(file) = file else {
            return self.stdout(write);
        };
        let result = std::fs::File::create(file).and_then(|created| {
            let mut out = std::io::BufWriter::new(created);
            write(&mut out).and_then(|()| out.flush())
        });
        if let Err(e) = result {
            self.failed = true;
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: cannot write `{}`: {e}",
                report::visible(&file.display().to_string())
            );
        }
    }

    /// Writes to standard output through a buffer, flushed at the end.
    fn stdout(&mut self, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let result = write(&mut stdout).and_then(|()| stdout.flush());
        self.note(result);
    }

    /// Writes a line to standard error.
    fn error(&mut self, line: &str) {
        let result = writeln!(std::io::stderr().lock(), "{line}");
        self.note(result);
    }

    fn note(&mut self, result: std::io::Result<()>) {
        match result {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe && !self.failed => {
                self.failed = true;
                let _ = writeln!(std::io::stderr().lock(), "error: cannot write the output: {e}");
            }
            _ => {}
        }
    }

    fn outcome(&self, outcome: Outcome) -> Outcome {
        if self.failed { Outcome::Failed } else { outcome }
    }
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
    let mut output = Output::default();
    output.stdout(|stdout| {
        for rule in rules::RULES {
            writeln!(
                stdout,
                "{:<width$}  {:<7}  {}",
                rule.id(),
                rule.severity().name(),
                rule.summary()
            )?;
        }
        Ok(())
    });
    output.outcome(Outcome::Clean)
}

/// Prints a rule's documentation.
pub fn explain(id: &str) -> Outcome {
    let mut output = Output::default();
    let outcome = match rules::find(id) {
        Some(rule) => {
            output.stdout(|stdout| {
                writeln!(
                    stdout,
                    "# {id} ({})\n\n{}\n\n{}",
                    rule.severity().name(),
                    rule.summary(),
                    rule.doc().trim_end()
                )
            });
            Outcome::Clean
        }
        None => {
            output.error(&format!(
                "error: no rule `{}`{}; `claimcheck rules` lists them",
                report::visible(id),
                load::did_you_mean(id, rules::RULES.iter().map(|r| r.id()))
            ));
            Outcome::BadInput
        }
    };
    output.outcome(outcome)
}

/// Prints how a value reads, or why it does not.
pub fn parse(args: &ParseArgs) -> Outcome {
    use crate::value::{self, Entities, Kind, Measure, Options, describe};
    let mut output = Output::default();
    let published = match args.published.as_deref().map(|d| value::date::parse(d, None)) {
        None => None,
        Some(Ok(date)) => Some(date),
        Some(Err(_)) => {
            output.error(&format!(
                "error: --published `{}` is not a date; expected {}",
                report::visible(args.published.as_deref().unwrap_or_default()),
                Kind::Date.accepted_forms()
            ));
            return output.outcome(Outcome::BadInput);
        }
    };
    // The parser allows only the names of `Kind::ALL`.
    let kind = Kind::from_name(&args.kind).unwrap_or(Kind::Quantity);
    let calendar = value::date::Calendar {
        periods: value::date::Periods::new(),
        zone: args.timezone,
    };
    let parsed = match args.relation {
        Some(relation) => {
            let measure = match relation {
                RelationValue::Ratio => Measure::Ratio,
                RelationValue::Change => Measure::Change,
                RelationValue::DateDifference => Measure::DateDifference,
            };
            value::parse_relation(&args.value, measure, args.unit.as_deref())
                .map(|(value, reading)| (value, Some(reading)))
        }
        None => {
            let options = Options {
                unit: args.unit.as_deref(),
                unit_spellings: &args.unit_spellings,
                tolerance: args.tolerance,
                published: published.as_ref(),
                calendar: Some(&calendar),
            };
            value::parse(&args.value, kind, options, &Entities::new()).map(|value| (value, None))
        }
    };
    match parsed {
        Ok((value, reading)) => {
            // A percentage change reads best as one: `up 12%` is +11.5% to +12.5%.
            let percent_change =
                args.relation == Some(RelationValue::Change) && reading == Some(value::Reading::Percent);
            let value = if percent_change {
                value.map_number(|i| i.shift(-1.0))
            } else {
                value
            };
            let what = match args.relation {
                Some(RelationValue::Ratio) => "ratio".to_string(),
                Some(RelationValue::Change) if percent_change => {
                    "change, as a percentage of the old value".to_string()
                }
                Some(RelationValue::Change) => "change, as the ratio new ÷ old".to_string(),
                Some(RelationValue::DateDifference) => "difference of two dates".to_string(),
                None => match &args.unit {
                    Some(unit) => format!("{} in {unit}", kind.name()),
                    None => kind.name().to_string(),
                },
            };
            let mut lines = vec![("value", args.value.clone()), ("type", what)];
            let unit = args
                .unit
                .as_deref()
                .filter(|_| kind == Kind::Quantity && args.relation.is_none());
            lines.extend(describe::reading(&value, kind, unit, reading));
            let width = lines
                .iter()
                .map(|(name, _)| name.chars().count())
                .max()
                .unwrap_or(0)
                + 1;
            output.stdout(|stdout| {
                for (name, text) in &lines {
                    writeln!(stdout, "{:<width$} {}", format!("{name}:"), report::visible(text))?;
                }
                Ok(())
            });
            output.outcome(Outcome::Clean)
        }
        Err(e) => {
            let relative = value::date::is_relative(&args.value) || kind == Kind::Age;
            let hint = if published.is_none() && relative && args.relation.is_none() {
                "; pass --published DATE to read it"
            } else {
                ""
            };
            output.error(&format!("error: {}{hint}", report::visible(&e.0)));
            output.outcome(Outcome::BadInput)
        }
    }
}

pub fn run(args: Args) -> Outcome {
    match args.command {
        Command::Check(check_args) => check(check_args),
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(&rule),
        Command::Parse(parse_args) => parse(&parse_args),
        Command::Schema(schema_args) => schema(&schema_args),
        Command::Completions { shell } => completions(shell),
        Command::Man { subcommand } => man(subcommand.as_deref()),
    }
}

/// The JSON Schema of a kind of file, with a case's vocabulary when one is named.
fn schema(args: &SchemaArgs) -> Outcome {
    use load::json_schema::{self, FileKind};
    let mut output = Output::default();
    let vocabulary = match &args.case {
        Some(case) => match json_schema::vocabulary(case, &load::Limits::from(args.limits)) {
            Ok(vocabulary) => Some(vocabulary),
            Err(problems) => {
                for problem in &problems {
                    output.error(&format!(
                        "error[{}]: {}",
                        problem.code,
                        report::visible(&problem.to_string())
                    ));
                }
                return output.outcome(Outcome::BadInput);
            }
        },
        None => None,
    };
    let kind = match args.file {
        SchemaFile::Source => FileKind::Source,
        SchemaFile::Case => FileKind::Case,
        SchemaFile::Reviewed => FileKind::Reviewed,
    };
    let schema = json_schema::json_schema(kind, vocabulary.as_ref());
    output.stdout(|stdout| {
        serde_json::to_writer_pretty(&mut *stdout, &schema)?;
        stdout.write_all(b"\n")
    });
    output.outcome(Outcome::Clean)
}

/// A shell's completion script for every subcommand and flag.
fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut output = Output::default();
    output.stdout(|stdout| {
        clap_complete::generate(
            shell,
            &mut <Args as clap::CommandFactory>::command(),
            "claimcheck",
            stdout,
        );
        Ok(())
    });
    output.outcome(Outcome::Clean)
}

/// The manual page `claimcheck(1)`, or a subcommand's, `claimcheck-check(1)`.
fn man(subcommand: Option<&str>) -> Outcome {
    let command = <Args as clap::CommandFactory>::command();
    let mut output = Output::default();
    let page = match subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub
                .clone()
                .name(format!("claimcheck-{name}"))
                .version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                let hint = crate::load::did_you_mean(name, names.iter().copied());
                output.error(&format!(
                    "error: no subcommand `{}`{hint}; expected one of {}",
                    report::visible(name),
                    names.join(", ")
                ));
                return output.outcome(Outcome::BadInput);
            }
        },
    };
    output.stdout(|stdout| clap_mangen::Man::new(page).render(stdout));
    output.outcome(Outcome::Clean)
}
