//! Loading: case folders → raw shapes (serde) → the validated [`crate::model`],
//! collecting every problem in every file as a [`Problem`] with file, line and column.
//!
//! serde_yaml stays inside this module, so a swap to a maintained fork touches only here.

mod assemble;
mod cache;
mod case_file;
mod claim;
mod files;
mod guard;
pub mod json_schema;
mod locate;
mod place;
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
pub use cache::{Cache, CacheStats};
pub(crate) use locate::Seg;
pub use place::place;
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
    /// Longest `value`, `quote` or any other field or key, in characters.
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

/// Loads every case under `paths`. A case with any problem is left out of `cases`; the
/// others are still loaded.
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_with_progress(paths, &Progress::default(), &Limits::default(), None)
}

/// [`load`], counting loaded files in `progress`, and taking unchanged files from `cache`
/// when there is one. Cases and their files load in parallel; the result does not depend
/// on the order they finish in, nor on the cache.
pub(crate) fn load_with_progress(
    paths: &[PathBuf],
    progress: &Progress,
    limits: &Limits,
    cache: Option<&Cache>,
) -> Loaded {
    let mut loaded = Loaded::default();
    let dirs = files::discover(paths, &mut loaded.problems);
    let results: Vec<Result<Case, Vec<Problem>>> = dirs
        .par_iter()
        .map(|dir| load_case(dir, progress, limits, cache))
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
    // A path given twice, or a folder reached twice, is reported once.
    let mut seen = std::collections::HashSet::new();
    loaded.problems.retain(|problem| seen.insert(problem.clone()));
    loaded.cases = by_name.into_values().collect();
    loaded
}

/// The parse floor for benchmarks: deserialises every source file under `paths` into the
/// raw shapes with serde_yaml on one thread, and does nothing else. Returns the claims read.
/// Built only with the `parse-floor` feature (`examples/parse_floor.rs`), not shipped.
#[cfg(feature = "parse-floor")]
pub fn deserialize_only(paths: &[PathBuf]) -> usize {
    let mut ignored = Vec::new();
    let sources: Vec<PathBuf> = files::discover(paths, &mut ignored)
        .iter()
        .flat_map(|dir| files::source_files(dir).unwrap_or_default())
        .collect();
    source_file::deserialize_only(&sources)
}

/// Reads a file of the case folder (see [`files::read_text`]), or records why it cannot be
/// read.
fn read(
    folder: files::CaseFolder,
    path: &Path,
    problems: &mut Vec<Problem>,
    limits: &Limits,
) -> Option<String> {
    files::read_text(folder, path, limits)
        .map_err(|(position, issue)| problems.push(Problem::new(Some(display(path)), position, issue)))
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
    let mut patched = std::borrow::Cow::Borrowed(text);
    // Each integer too large for 128 bits is read as the text it is, like any other
    // scalar where text is expected; a file of them all stops at a bound.
    for _ in 0..MAX_HUGE_INTEGERS {
        match serde_yaml::from_str::<serde_yaml::Value>(&patched) {
            Err(e) if e.to_string().contains(" as u128") || e.to_string().contains(" as i128") => {
                let Some(quoted) = e
                    .location()
                    .and_then(|l| quote_number_at(&patched, l.line(), l.column()))
                else {
                    break;
                };
                patched = std::borrow::Cow::Owned(quoted);
            }
            _ => break,
        }
    }
    match serde_yaml::from_str::<serde_yaml::Value>(&patched) {
        Ok(value) => Some(value),
        Err(e) => {
            let mut position = e.location().map(|l| (l.line(), l.column()));
            let message = e.to_string();
            if message.contains("more than one document") {
                position = locate::second_document(text);
            }
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

/// The most integers beyond 128 bits read as text in one file.
const MAX_HUGE_INTEGERS: usize = 1_000;

/// `text` with the number that starts at 1-based `line` and `column` in quotes.
fn quote_number_at(text: &str, line: usize, column: usize) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let start = line_start + text[line_start..].char_indices().nth(column.checked_sub(1)?)?.0;
    let len = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '_')))
        .unwrap_or(text.len() - start);
    if len == 0 {
        return None;
    }
    Some(format!(
        "{}\"{}\"{}",
        &text[..start],
        &text[start..start + len],
        &text[start + len..]
    ))
}

/// Reads a file of `case` again, for a report that shows it (the review page's quotes in
/// their sentences), under the guards loading reads it with: inside the case folder,
/// within the size limit, UTF-8. `None` when it cannot be read so.
pub fn read_again(case: &Case, path: &Path, limits: &Limits) -> Option<String> {
    let root = std::fs::canonicalize(&case.dir).ok()?;
    let folder = files::CaseFolder {
        dir: &case.dir,
        root: &root,
    };
    files::read_text(folder, path, limits).ok()
}

/// Loads one case folder.
fn load_case(
    dir: &Path,
    progress: &Progress,
    limits: &Limits,
    cache: Option<&Cache>,
) -> Result<Case, Vec<Problem>> {
    let mut problems = Vec::new();
    // Every file read for the case must lie inside this folder, links resolved.
    let root = std::fs::canonicalize(dir).map_err(|e| {
        vec![Problem::in_file(
            dir,
            Issue::UnreadableFolder { error: e.to_string() },
        )]
    })?;
    // A case is named by its folder, however its path was written (`.`, `..`, `./`, a
    // link): the folder's own name once links and dots are resolved.
    let name = root
        .file_name()
        .or_else(|| dir.file_name())
        .map_or_else(|| display(dir), |n| n.to_string_lossy().to_string());
    let case_path = files::case_file_in(dir).unwrap_or_else(|| dir.join("case.yaml"));
    let folder = files::CaseFolder { dir, root: &root };
    let case_text = read(folder, &case_path, &mut problems, limits);
    let declared = case_text
        .as_deref()
        .and_then(|text| case_file::load(&case_path, text, &mut problems, limits));
    // Source files are checked against `case.yaml`: its text is part of every key.
    let cache = cache
        .zip(case_text.as_deref())
        .filter(|_| declared.is_some())
        .map(|(cache, text)| cache.for_case(dir, text, limits));
    // Reviews read their scopes in the case's calendar.
    let calendar = declared.as_ref().map(|d| d.calendar.clone()).unwrap_or_default();
    let sources = files::source_files(dir).map_err(|p| vec![p])?;
    progress.add_files(sources.len());
    let folder = files::CaseFolder { dir, root: &root };
    let mut case = assemble::assemble(
        name,
        folder,
        declared,
        sources,
        (progress, limits, cache.as_ref()),
        &mut problems,
    );
    if let Some(case) = case.as_mut() {
        if let Some(path) = files::review_file_in(dir) {
            if let Some(text) = read(folder, &path, &mut problems, limits) {
                case.reviews = reviewed::load(&path, &text, (case, &calendar), &mut problems, limits);
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
