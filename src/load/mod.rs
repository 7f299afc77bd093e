//! Loading: case folders → raw shapes (serde) → the validated [`crate::model`],
//! collecting every problem in every file as a [`Problem`] with file, line and column.
//!
//! serde_yaml stays inside this module, so a swap to a maintained fork touches only here.

mod assemble;
mod case_file;
mod claim;
mod guard;
mod locate;
mod problem;
mod raw;
mod relations;
mod reviewed;
mod schema;
mod source_file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::model::Case;
pub(crate) use locate::Seg;
pub use problem::{Code, Problem};
pub(crate) use problem::{FileProblems, Issue, display};
pub(crate) use schema::did_you_mean;

/// Builds a path from keys and indices: `path!["claims", 3, "value"]`.
macro_rules! at_path {
    ($($seg:expr),* $(,)?) => {
        vec![$($crate::load::IntoSeg::into_seg($seg)),*]
    };
}
pub(crate) use at_path as path;

pub(crate) trait IntoSeg {
    fn into_seg(self) -> Seg;
}

impl IntoSeg for &str {
    fn into_seg(self) -> Seg {
        Seg::Key(self.to_string())
    }
}

impl IntoSeg for &String {
    fn into_seg(self) -> Seg {
        Seg::Key(self.clone())
    }
}

impl IntoSeg for usize {
    fn into_seg(self) -> Seg {
        Seg::Index(self)
    }
}

/// How far loading has come, for a progress display; shared across threads.
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress {
    fn add_files(&self, n: usize) {
        self.total.fetch_add(n as u64, Ordering::Relaxed);
    }

    fn file_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Source files loaded so far, and found so far.
    pub fn files(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Limits that stop a hostile or broken input from exhausting memory or time. The
/// defaults never bother a real case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest YAML or text file read, in bytes.
    pub max_file_bytes: u64,
    /// Most claims in one source file.
    pub max_claims_per_file: usize,
    /// Longest `value` or `quote`, in characters.
    pub max_value_chars: usize,
    /// Deepest nesting of mappings and lists in a YAML file. Valid claim files nest at
    /// most 4 levels; the YAML parser's own ceiling is 128.
    pub max_depth: usize,
    /// Most bytes of YAML that aliases may expand to in one file.
    pub max_alias_expansion: u64,
}

impl Limits {
    /// The range `max_depth` may be set in: below 8 a valid file could be refused on
    /// one road and not the other; above 100 the YAML parser's own ceiling comes first.
    pub const DEPTH_RANGE: std::ops::RangeInclusive<usize> = 8..=100;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_claims_per_file: 100_000,
            max_value_chars: 10_000,
            max_depth: 32,
            max_alias_expansion: 1_000_000,
        }
    }
}

/// Everything loaded from the paths given: the valid cases, and every problem.
#[derive(Debug, Default)]
pub struct Loaded {
    pub cases: Vec<Case>,
    pub problems: Vec<Problem>,
    /// The case folders left unchecked because of their problems, as given.
    pub skipped: Vec<String>,
}

const CASE_FILES: [&str; 2] = ["case.yaml", "case.yml"];
/// Files in a case folder that are not sources.
const NOT_SOURCES: [&str; 4] = ["case.yaml", "case.yml", "reviewed.yaml", "reviewed.yml"];

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn case_file_in(dir: &Path) -> Option<PathBuf> {
    CASE_FILES.iter().map(|name| dir.join(name)).find(|p| p.is_file())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Problem::in_file(dir, Issue::UnreadableFolder { error: e.to_string() }))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// The case folders at `path`: the folder itself when it holds `case.yaml`, else each
/// subfolder that does.
fn discover(path: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    if !path.exists() {
        // `claimcheck check` run inside a case looks for `claims/` and finds nothing.
        let hint = if path.is_relative() && case_file_in(Path::new(".")).is_some() {
            "; this folder holds `case.yaml`: to check it, run `claimcheck check .`"
        } else {
            ""
        };
        problems.push(Problem::in_file(path, Issue::NoSuchPath { hint }));
        return Vec::new();
    }
    if !path.is_dir() {
        problems.push(Problem::in_file(path, Issue::NotAFolder));
        return Vec::new();
    }
    if case_file_in(path).is_some() {
        return vec![path.to_path_buf()];
    }
    let entries = match sorted_entries(path) {
        Ok(entries) => entries,
        Err(problem) => {
            problems.push(problem);
            return Vec::new();
        }
    };
    let mut cases = Vec::new();
    for dir in entries.iter().filter(|p| p.is_dir()) {
        if case_file_in(dir).is_some() {
            cases.push(dir.clone());
        } else if sorted_entries(dir).is_ok_and(|files| files.iter().any(|f| is_yaml(f))) {
            problems.push(Problem::in_file(dir, Issue::NoCaseYaml));
        }
    }
    if cases.is_empty() && entries.iter().any(|p| is_yaml(p)) {
        problems.push(Problem::in_file(path, Issue::NoCaseYaml));
    } else if cases.is_empty() {
        problems.push(Problem::in_file(path, Issue::NoCaseFound));
    }
    cases
}

/// Loads every case under `paths`. A case with any problem is left out of `cases`; the
/// others are still loaded.
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_with_progress(paths, &Progress::default(), &Limits::default())
}

/// [`load`], counting loaded files in `progress`. Cases and their files load in parallel;
/// the result does not depend on the order they finish in.
pub(crate) fn load_with_progress(paths: &[PathBuf], progress: &Progress, limits: &Limits) -> Loaded {
    let mut loaded = Loaded::default();
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| discover(p, &mut loaded.problems))
        .collect();
    dirs.dedup();
    let results: Vec<Result<Case, Vec<Problem>>> = dirs
        .par_iter()
        .map(|dir| load_case(dir, progress, limits))
        .collect();
    let mut by_name: BTreeMap<String, Case> = BTreeMap::new();
    for (result, dir) in results.into_iter().zip(&dirs) {
        match result {
            Ok(case) => {
                by_name.insert(format!("{}\u{0}{}", case.name, display(&case.dir)), case);
            }
            Err(problems) => {
                loaded.problems.extend(problems);
                loaded.skipped.push(display(dir));
            }
        }
    }
    loaded.cases = by_name.into_values().collect();
    loaded
}

/// The parse floor for benchmarks: deserialises every source file under `paths` into the
/// raw shapes with serde_yaml on one thread, and does nothing else. Returns the claims read.
/// Built only with the `parse-floor` feature (`examples/parse_floor.rs`), not shipped.
#[cfg(feature = "parse-floor")]
pub fn deserialize_only(paths: &[PathBuf]) -> usize {
    let mut ignored = Vec::new();
    let mut files = Vec::new();
    for dir in paths.iter().flat_map(|p| discover(p, &mut ignored)) {
        for path in sorted_entries(&dir).unwrap_or_default() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if is_yaml(&path) && !NOT_SOURCES.contains(&name.as_str()) {
                files.push(path);
            }
        }
    }
    source_file::deserialize_only(&files)
}

/// Reads a UTF-8 text file; otherwise says why not, with the line and column of the
/// first byte that is not UTF-8.
pub(crate) fn read_text(path: &Path, limits: &Limits) -> Result<String, Problem> {
    read_checked(path, limits).map_err(|(position, issue)| Problem::new(Some(display(path)), position, issue))
}

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// [`read_text`], the problem not yet tied to its file: a source's text file reports it
/// as the source's problem.
fn read_checked(path: &Path, limits: &Limits) -> Result<String, (Option<(usize, usize)>, Issue)> {
    let unreadable = |e: std::io::Error| (None, Issue::UnreadableFile { error: e.to_string() });
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > limits.max_file_bytes {
        return Err((
            None,
            Issue::FileTooLarge {
                size,
                limit: limits.max_file_bytes,
            },
        ));
    }
    let mut bytes = std::fs::read(path).map_err(unreadable)?;
    // Editors on Windows start UTF-8 files with a byte-order mark; it is not content.
    if bytes.starts_with(BYTE_ORDER_MARK) {
        bytes.drain(..BYTE_ORDER_MARK.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        (Some((line, column)), Issue::NotUtf8)
    })
}

/// Reads a file, or records why it cannot be read.
fn read(path: &Path, problems: &mut Vec<Problem>, limits: &Limits) -> Option<String> {
    read_text(path, limits)
        .map_err(|problem| problems.push(problem))
        .ok()
}

/// Runs the depth and alias guard, recording the limit hit with its position.
fn guard(text: &str, problems: &mut FileProblems, limits: &Limits) -> bool {
    match guard::check(text, limits) {
        Ok(()) => true,
        Err(hit) => {
            problems.at_position(Some((hit.line, hit.column)), hit.issue);
            false
        }
    }
}

/// Parses YAML text into a tree, after the guard, recording a syntax error with its
/// position.
fn parse_yaml(text: &str, problems: &mut FileProblems, limits: &Limits) -> Option<serde_yaml::Value> {
    if !guard(text, problems, limits) {
        return None;
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => Some(value),
        Err(e) => {
            let position = e.location().map(|l| (l.line(), l.column()));
            let message = e.to_string();
            // serde_yaml appends " at line L column C"; the position has its own fields.
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            if message.contains("duplicate entry with key") {
                if let Some((key, at)) = locate::first_duplicate_key(text) {
                    problems.at_position(Some(at), Issue::DuplicateKey { key });
                    return None;
                }
            }
            // `value: Time: 7 pm`: a second `: ` in a plain value starts a mapping.
            let hint = if message.contains("mapping values are not allowed") {
                "; a value that contains `: ` must be quoted, as in `value: \"Time: 7 pm\"`"
            } else {
                ""
            };
            problems.at_position(position, Issue::InvalidYaml { message, hint });
            None
        }
    }
}

/// Loads one case folder.
fn load_case(dir: &Path, progress: &Progress, limits: &Limits) -> Result<Case, Vec<Problem>> {
    let mut problems = Vec::new();
    // `.` and `..` are named by the folder they stand for.
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .or_else(|| {
            let absolute = std::fs::canonicalize(dir).ok()?;
            Some(absolute.file_name()?.to_string_lossy().to_string())
        })
        .unwrap_or_else(|| display(dir));
    let case_path = case_file_in(dir).unwrap_or_else(|| dir.join("case.yaml"));
    let declared = read(&case_path, &mut problems, limits)
        .and_then(|text| case_file::load(&case_path, &text, &mut problems, limits));
    let mut files = Vec::new();
    for path in sorted_entries(dir).map_err(|p| vec![p])? {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if path.is_file() && is_yaml(&path) && !NOT_SOURCES.contains(&file_name.as_str()) {
            files.push(path);
        }
    }
    progress.add_files(files.len());
    let mut case = assemble::assemble(name, dir, declared, files, (progress, limits), &mut problems);
    if let Some(case) = case.as_mut() {
        let review_file = ["reviewed.yaml", "reviewed.yml"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file());
        if let Some(path) = review_file {
            if let Some(text) = read(&path, &mut problems, limits) {
                case.reviews = reviewed::load(&path, &text, case, &mut problems, limits);
            }
        }
    }
    match case {
        Some(case) if problems.is_empty() => Ok(case),
        _ => {
            problems.sort();
            problems.dedup();
            Err(problems)
        }
    }
}
