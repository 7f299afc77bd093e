//! Loading: case folders → raw shapes (serde) → the validated [`crate::model`],
//! collecting every problem in every file as a [`Problem`] with file, line and column.
//!
//! serde_yaml stays inside this module, so a swap to a maintained fork touches only here.

mod assemble;
mod case_file;
mod claim;
mod guard;
mod locate;
mod raw;
mod relations;
mod reviewed;
mod schema;
mod source_file;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path as FsPath, PathBuf};

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Case;
pub use locate::{Path, Seg};
pub use schema::{did_you_mean, suggest};

/// One problem with the input: the file, where in it (when known), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, thiserror::Error)]
pub struct Problem {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => {
                write!(f, "{file}:{line}:{column}: {}", self.message)
            }
            (Some(file), _, _) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl Problem {
    pub fn in_file(file: &FsPath, message: impl Into<String>) -> Problem {
        Problem {
            file: Some(display(file)),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// Paths as users gave them, with `/` separators on every platform for stable reports.
pub fn display(path: &FsPath) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Problems found in one file, by path into its YAML tree; positions are looked up only
/// when there are any, since that needs a second, position-keeping parse.
pub struct FileProblems {
    file: PathBuf,
    pending: Vec<(Path, bool, String)>,
    located: Vec<Problem>,
}

impl FileProblems {
    pub fn new(file: &FsPath) -> Self {
        FileProblems {
            file: file.to_path_buf(),
            pending: Vec::new(),
            located: Vec::new(),
        }
    }

    /// A problem with the value at `path`.
    pub fn at(&mut self, path: Path, message: impl Into<String>) {
        self.pending.push((path, false, message.into()));
    }

    /// A problem with the key at the end of `path`.
    pub fn at_key(&mut self, path: Path, message: impl Into<String>) {
        self.pending.push((path, true, message.into()));
    }

    /// The problems of a shape check.
    pub fn shape(&mut self, problems: Vec<schema::ShapeProblem>) {
        self.pending
            .extend(problems.into_iter().map(|p| (p.path, p.at_key, p.message)));
    }

    /// A problem found before the file could be parsed, such as an encoding error.
    pub fn problem(&mut self, problem: Problem) {
        self.located.push(problem);
    }

    /// A problem whose position is already known (from the YAML parser).
    pub fn at_position(&mut self, line: Option<usize>, column: Option<usize>, message: impl Into<String>) {
        self.located.push(Problem {
            file: Some(display(&self.file)),
            line,
            column,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty() && self.located.is_empty()
    }

    /// Like [`FileProblems::finish`], reading the file again when its text was not kept
    /// (it is needed only to locate problems, which are rare).
    pub fn finish_reading(self, text: Option<String>, out: &mut Vec<Problem>) {
        if self.pending.is_empty() {
            out.extend(self.located);
            return;
        }
        let text = text
            .or_else(|| std::fs::read_to_string(&self.file).ok())
            .unwrap_or_default();
        self.finish(&text, out);
    }

    /// Resolves positions in the file's `text` and hands the problems on.
    pub fn finish(self, text: &str, out: &mut Vec<Problem>) {
        let file = display(&self.file);
        out.extend(self.located);
        if self.pending.is_empty() {
            return;
        }
        let requests: Vec<(&[Seg], bool)> = self
            .pending
            .iter()
            .map(|(path, at_key, _)| (path.as_slice(), *at_key))
            .collect();
        let positions = locate::positions(text, &requests);
        for ((_, _, message), position) in self.pending.into_iter().zip(positions) {
            out.push(Problem {
                file: Some(file.clone()),
                line: position.map(|p| p.0),
                column: position.map(|p| p.1),
                message,
            });
        }
    }
}

/// Builds a path from keys and indices: `path!["claims", 3, "value"]`.
macro_rules! at_path {
    ($($seg:expr),* $(,)?) => {
        vec![$($crate::load::IntoSeg::into_seg($seg)),*]
    };
}
pub(crate) use at_path as path;

pub trait IntoSeg {
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
}

const CASE_FILES: [&str; 2] = ["case.yaml", "case.yml"];
/// Files in a case folder that are not sources.
const NOT_SOURCES: [&str; 4] = ["case.yaml", "case.yml", "reviewed.yaml", "reviewed.yml"];

fn is_yaml(path: &FsPath) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn case_file_in(dir: &FsPath) -> Option<PathBuf> {
    CASE_FILES.iter().map(|name| dir.join(name)).find(|p| p.is_file())
}

fn sorted_entries(dir: &FsPath) -> Result<Vec<PathBuf>, Problem> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Problem::in_file(dir, format!("cannot read folder: {e}")))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// The case folders at `path`: the folder itself when it holds `case.yaml`, else each
/// subfolder that does.
fn discover(path: &FsPath, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    if !path.exists() {
        problems.push(Problem::in_file(path, "no such file or folder"));
        return Vec::new();
    }
    if !path.is_dir() {
        problems.push(Problem::in_file(
            path,
            "expected a case folder (holding `case.yaml`) or a folder of case folders",
        ));
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
            problems.push(Problem::in_file(
                dir,
                "holds YAML files but no `case.yaml`, so it is not a case",
            ));
        }
    }
    if cases.is_empty() && entries.iter().any(|p| is_yaml(p)) {
        problems.push(Problem::in_file(
            path,
            "holds YAML files but no `case.yaml`, so it is not a case",
        ));
    } else if cases.is_empty() {
        problems.push(Problem::in_file(
            path,
            "no case found: expected `case.yaml` here or in a subfolder",
        ));
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
pub fn load_with_progress(paths: &[PathBuf], progress: &Progress, limits: &Limits) -> Loaded {
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
    for result in results {
        match result {
            Ok(case) => {
                by_name.insert(format!("{}\u{0}{}", case.name, display(&case.dir)), case);
            }
            Err(problems) => loaded.problems.extend(problems),
        }
    }
    loaded.cases = by_name.into_values().collect();
    loaded
}

/// The parse floor for benchmarks: deserialises every source file under `paths` into the
/// raw shapes with serde_yaml on one thread, and does nothing else. Returns the claims read.
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
pub fn read_text(path: &FsPath, limits: &Limits) -> Result<String, Problem> {
    let size = std::fs::metadata(path)
        .map_err(|e| Problem::in_file(path, format!("cannot read file: {e}")))?
        .len();
    if size > limits.max_file_bytes {
        return Err(Problem::in_file(
            path,
            format!(
                "the file is {size} bytes, over the limit of {} (raise it with --max-file-size)",
                limits.max_file_bytes
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Problem::in_file(path, format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        Problem {
            file: Some(display(path)),
            line: Some(line),
            column: Some(column),
            message: "the file is not UTF-8 text; save it as UTF-8".to_string(),
        }
    })
}

/// Reads a file, or records why it cannot be read.
fn read(path: &FsPath, problems: &mut Vec<Problem>, limits: &Limits) -> Option<String> {
    read_text(path, limits)
        .map_err(|problem| problems.push(problem))
        .ok()
}

/// Runs the depth and alias guard, recording the limit hit with its position.
fn guard(text: &str, problems: &mut FileProblems, limits: &Limits) -> bool {
    match guard::check(text, limits) {
        Ok(()) => true,
        Err(hit) => {
            problems.at_position(Some(hit.line), Some(hit.column), hit.message);
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
            let location = e.location();
            let message = e.to_string();
            // serde_yaml appends " at line L column C"; the position has its own fields.
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            problems.at_position(
                location.as_ref().map(|l| l.line()),
                location.as_ref().map(|l| l.column()),
                format!("invalid YAML: {message}"),
            );
            None
        }
    }
}

/// Loads one case folder.
pub fn load_case(dir: &FsPath, progress: &Progress, limits: &Limits) -> Result<Case, Vec<Problem>> {
    let mut problems = Vec::new();
    let name = dir
        .file_name()
        .map_or_else(|| display(dir), |n| n.to_string_lossy().to_string());
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
