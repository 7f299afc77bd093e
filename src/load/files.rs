//! The file system as the loader sees it. Claim files arrive in pull requests, so they are
//! untrusted: a file is read for a case only when it is a regular file inside the case's
//! folder once symbolic links are resolved. It is never opened before its type is known
//! (opening a named pipe would block), it is opened without blocking all the same, and it
//! is read up to the size limit plus one byte, never further, whatever its metadata says.
//!
//! Discovery walks every folder under a path given on the command line, without
//! recursion, and finds every case at any depth; a folder that is not a case but holds
//! YAML files is an error, so nothing is skipped without a word.

use std::collections::BTreeSet;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Issue, Limits, Problem};

const CASE_FILES: [&str; 2] = ["case.yaml", "case.yml"];
const REVIEW_FILES: [&str; 2] = ["reviewed.yaml", "reviewed.yml"];

/// A case folder, as given (for messages) and as it really is (every file read for the
/// case must lie inside it).
#[derive(Debug, Clone, Copy)]
pub(super) struct CaseFolder<'a> {
    pub dir: &'a Path,
    pub root: &'a Path,
}

/// A line and column, where a problem in a file's bytes has one.
type Position = Option<(usize, usize)>;

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// `case.yaml` (or `case.yml`) in `dir`, when there is something by that name.
pub(super) fn case_file_in(dir: &Path) -> Option<PathBuf> {
    named_in(dir, &CASE_FILES)
}

/// `reviewed.yaml` (or `reviewed.yml`) in `dir`, when there is something by that name.
pub(super) fn review_file_in(dir: &Path) -> Option<PathBuf> {
    named_in(dir, &REVIEW_FILES)
}

/// The first of `names` that exists in `dir`, whatever it is: a folder or a pipe by that
/// name is reported when it is read, not passed over.
fn named_in(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .map(|name| dir.join(name))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// An entry of a folder: its path, and whether it is a folder (or a link to one).
struct Entry {
    path: PathBuf,
    folder: bool,
}

/// The entries of a folder, sorted so that every report is in the same order: by name,
/// which within one folder is the order of their paths. Whether each is a folder comes
/// with the listing; only a link is looked up (a case of 10,000 sources holds 20,000
/// files, and a lookup of each took as long as the listing).
fn sorted_entries(dir: &Path) -> Result<Vec<Entry>, Problem> {
    let unreadable =
        |e: std::io::Error| Problem::in_file(dir, Issue::UnreadableFolder { error: e.to_string() });
    let mut named = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let path = entry.path();
        let folder = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => path.is_dir(),
        };
        named.push((entry.file_name(), Entry { path, folder }));
    }
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(named.into_iter().map(|(_, entry)| entry).collect())
}

/// The source files of a case: every YAML file in its folder but `case.yaml` and
/// `reviewed.yaml`. Whether each is a regular file inside the case is checked when it is
/// read, so a pipe or a link named `x.yaml` is reported, not skipped.
pub(super) fn source_files(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    Ok(sorted_entries(dir)?
        .into_iter()
        .map(|entry| entry.path)
        .filter(|path| {
            let name = file_name(path);
            is_yaml(path) && !CASE_FILES.contains(&name.as_str()) && !REVIEW_FILES.contains(&name.as_str())
        })
        .collect())
}

/// Every case folder under the paths given, in the order given and sorted within each,
/// each once however it was spelled; every path or folder that is not, or does not hold,
/// a case is a problem.
pub(super) fn discover(paths: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut cases = Vec::new();
    for path in paths {
        for case in discover_under(path, problems) {
            // `x` and `./x` are one case; so is a folder reached through a link.
            let real = std::fs::canonicalize(&case).unwrap_or_else(|_| case.clone());
            if seen.insert(real) {
                cases.push(case);
            }
        }
    }
    cases
}

fn discover_under(path: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let Ok(meta) = std::fs::metadata(path) else {
        // `claimcheck check` run inside a case looks for `claims/` and finds nothing.
        let hint = if path.is_relative() && case_file_in(Path::new(".")).is_some() {
            "; this folder holds `case.yaml`: to check it, run `claimcheck check .`"
        } else {
            ""
        };
        problems.push(Problem::in_file(path, Issue::NoSuchPath { hint }));
        return Vec::new();
    };
    if !meta.is_dir() {
        // A file of a case (a source file, its text, `case.yaml`, `reviewed.yaml`), as a
        // pre-commit hook passes them, stands for the case that holds it.
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if case_file_in(folder).is_some() {
            return vec![folder.to_path_buf()];
        }
        problems.push(Problem::in_file(path, Issue::NotAFolder));
        return Vec::new();
    }
    // Links to folders are followed only while they stay under the path given: a pull
    // request must not make claimcheck read a case elsewhere on the machine.
    let root = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let problems_before = problems.len();
    let mut cases = Vec::new();
    let mut visited = BTreeSet::new();
    // Depth first, in sorted order: a stack of folders still to look at, last first.
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let real = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !real.starts_with(&root) {
            problems.push(Problem::in_file(&dir, Issue::LinkOutsidePath));
            continue;
        }
        if !visited.insert(real) {
            continue;
        }
        let entries = match sorted_entries(&dir) {
            Ok(entries) => entries,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let is_case = case_file_in(&dir).is_some();
        if is_case {
            cases.push(dir.clone());
        } else if entries.iter().any(|e| is_yaml(&e.path)) {
            problems.push(Problem::in_file(&dir, Issue::NoCaseYaml));
        }
        // A case may hold other cases; any folder may, but a cache (claimcheck's own, or
        // any tagged as one) holds none.
        let folders = entries
            .into_iter()
            .filter(|e| e.folder && std::fs::symlink_metadata(e.path.join("CACHEDIR.TAG")).is_err())
            .map(|e| e.path);
        stack.extend(folders.rev());
    }
    if cases.is_empty() && problems.len() == problems_before {
        problems.push(Problem::in_file(path, Issue::NoCaseFound));
    }
    cases
}

/// What stands at a path where a regular file is expected.
fn kind_of(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// The real path of `path`, when it is a regular file inside `folder`, with its metadata;
/// otherwise why not, without naming where a link points.
fn resolve(folder: CaseFolder, path: &Path) -> Result<(PathBuf, Metadata), Issue> {
    let link = std::fs::symlink_metadata(path).map_err(|e| Issue::UnreadableFile { error: e.to_string() })?;
    // A regular file named in the folder itself (nearly every file a case reads) is the
    // file of that name in the real folder: its path need not be resolved part by part
    // again (ten system calls a file, a tenth of loading a large case from the cache).
    // Compared as bytes, not part by part (as `Path`s compare): a path spelled otherwise
    // (`dir/./x`) only takes the longer way.
    let parent = path.parent().map(Path::as_os_str);
    if link.is_file() && parent == Some(folder.dir.as_os_str()) {
        if let Some(name) = path.file_name() {
            return Ok((folder.root.join(name), link));
        }
    }
    let root = folder.root;
    let real = std::fs::canonicalize(path).map_err(|e| match link.file_type().is_symlink() {
        true if e.kind() == std::io::ErrorKind::NotFound => Issue::DanglingLink,
        true => Issue::UnresolvableLink { error: e.to_string() },
        false => Issue::UnreadableFile { error: e.to_string() },
    })?;
    if !real.starts_with(root) {
        return Err(Issue::OutsideCase);
    }
    // `stat` does not open the file: a named pipe is seen for what it is without blocking.
    let meta = std::fs::metadata(&real).map_err(|e| Issue::UnreadableFile { error: e.to_string() })?;
    if !meta.is_file() {
        return Err(Issue::NotARegularFile { what: kind_of(&meta) });
    }
    Ok((real, meta))
}

/// Opens a file without waiting on it: should a pipe take a regular file's place after it
/// was looked at, reading it fails instead of hanging.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of `path`, a regular file inside `folder`, at most `limits.max_file_bytes`
/// of them.
pub(super) fn read_bytes(folder: CaseFolder, path: &Path, limits: &Limits) -> Result<Vec<u8>, Issue> {
    read_stamped(folder, path, limits).map(|(bytes, _)| bytes)
}

/// [`read_bytes`], with the file's stamp as it was when opened.
fn read_stamped(folder: CaseFolder, path: &Path, limits: &Limits) -> Result<(Vec<u8>, Option<Stamp>), Issue> {
    let (real, _) = resolve(folder, path)?;
    let unreadable = |e: std::io::Error| Issue::UnreadableFile { error: e.to_string() };
    let file = open(&real).map_err(unreadable)?;
    // The clock is read before the file's times: a stamp is kept only when they lie
    // well before it (see `Stamp`).
    let now = std::time::SystemTime::now();
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Issue::NotARegularFile { what: kind_of(&meta) });
    }
    let limit = limits.max_file_bytes;
    if meta.len() > limit {
        return Err(Issue::FileTooLarge {
            size: meta.len().to_string(),
            limit,
        });
    }
    // The metadata may understate (a file still growing): read one byte past the limit
    // to know, and no more.
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Issue::FileTooLarge {
            size: format!("more than {limit}"),
            limit,
        });
    }
    Ok((bytes, Stamp::of(&meta, now)))
}

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Reads a UTF-8 text file of `folder` (see [`read_bytes`]); otherwise says why not, with
/// the line and column of the first byte that is not UTF-8.
pub(super) fn read_text(
    folder: CaseFolder,
    path: &Path,
    limits: &Limits,
) -> Result<String, (Position, Issue)> {
    read_text_stamped(folder, path, limits).map(|(text, _)| text)
}

/// [`read_text`], with the file's [`Stamp`] as it was when opened, when it can stand for
/// these bytes.
pub(super) fn read_text_stamped(
    folder: CaseFolder,
    path: &Path,
    limits: &Limits,
) -> Result<(String, Option<Stamp>), (Position, Issue)> {
    let (bytes, stamp) = read_content(folder, path, limits).map_err(|issue| (None, issue))?;
    Ok((into_text(bytes)?, stamp))
}

/// The bytes of a file of `folder` that is to be UTF-8 text (see [`read_bytes`]), without
/// a byte-order mark (editors on Windows start UTF-8 files with one; it is not content).
/// What is looked up in the cache: whether it is UTF-8 ([`into_text`]) matters only to a
/// file read afresh.
/// With the file's [`Stamp`] as it was when opened, when it can stand for these bytes.
pub(super) fn read_content(
    folder: CaseFolder,
    path: &Path,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<Stamp>), Issue> {
    let (mut bytes, stamp) = read_stamped(folder, path, limits)?;
    if bytes.starts_with(BYTE_ORDER_MARK) {
        bytes.drain(..BYTE_ORDER_MARK.len());
    }
    Ok((bytes, stamp))
}

/// The [`Stamp`] of `path`, a regular file inside `folder`, when it has one, without
/// opening or reading it.
pub(super) fn stamp(folder: CaseFolder, path: &Path) -> Option<Stamp> {
    let now = std::time::SystemTime::now();
    let (_, meta) = resolve(folder, path).ok()?;
    Stamp::of(&meta, now)
}

/// What a file's metadata says of the file's bytes: its device, inode, size, and times of
/// last modification and last change. Like git's index, the cache keeps a file's stamp
/// beside the hash of its bytes, and a file whose stamp is the same later is taken to
/// hash the same without being read. Every write to a file sets its change time to the
/// clock's time, and no program can set it back (`touch -d`, `cp -p` and archive tools
/// set the modification time only), so a file rewritten, replaced or copied back keeps
/// no stamp it had.
///
/// A stamp is kept only for a file last changed at least [`Stamp::SETTLED`] before it was
/// read: file times come from a coarse clock, and a file written twice within one of its
/// ticks, at the same size, would otherwise keep the stamp of the first write although
/// it was read in between. Only Unix has change times and inodes; elsewhere no file has a
/// stamp, and every file is hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Stamp {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// How long before it is read a file must have last changed for its stamp to be kept:
    /// far more than the file clock's tick (a few milliseconds on Linux), and than the
    /// difference between the clocks of a file server and of the machine.
    pub(super) const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

    #[cfg(unix)]
    fn of(meta: &Metadata, now: std::time::SystemTime) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let stamp = Stamp {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        };
        let now = now.duration_since(std::time::UNIX_EPOCH).ok()?;
        stamp.settled(now).then_some(stamp)
    }

    #[cfg(not(unix))]
    fn of(_: &Metadata, _: std::time::SystemTime) -> Option<Stamp> {
        None
    }

    /// Whether the file last changed at least [`Stamp::SETTLED`] before `now` (since the
    /// epoch). A file system that gives no inode or no change time (zero) gives no stamp.
    fn settled(&self, now: std::time::Duration) -> bool {
        let (seconds, nanos) = self.changed;
        let changed = u64::try_from(seconds)
            .ok()
            .zip(u32::try_from(nanos).ok())
            .map(|(s, n)| std::time::Duration::new(s, n));
        self.inode != 0
            && changed.is_some_and(|changed| {
                !changed.is_zero()
                    && now
                        .checked_sub(Self::SETTLED)
                        .is_some_and(|cutoff| changed < cutoff)
            })
    }
}

/// The text of a file's content ([`read_content`]); otherwise why not, with the line and
/// column of the first byte that is not UTF-8.
pub(super) fn into_text(bytes: Vec<u8>) -> Result<String, (Position, Issue)> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        (Some((line, column)), Issue::NotUtf8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A stamp stands for a file's bytes only once the file last changed at least
    /// `SETTLED` before it was read, and only with an inode and a change time.
    #[test]
    fn a_stamp_is_kept_for_a_settled_file_only() {
        let changed = Duration::new(1_700_000_000, 500);
        let stamp = Stamp {
            device: 1,
            inode: 2,
            size: 3,
            modified: (1_600_000_000, 0),
            changed: (1_700_000_000, 500),
        };
        let later = |by: Duration| changed + by;
        assert!(stamp.settled(later(Stamp::SETTLED + Duration::from_nanos(1))));
        assert!(stamp.settled(later(Duration::from_secs(3600))));
        assert!(!stamp.settled(later(Stamp::SETTLED)), "exactly SETTLED later");
        assert!(!stamp.settled(later(Duration::from_millis(10))));
        assert!(!stamp.settled(changed), "read as it changed");
        assert!(
            !stamp.settled(Duration::from_secs(1)),
            "a clock behind the file's"
        );
        let no_inode = Stamp { inode: 0, ..stamp };
        assert!(!no_inode.settled(later(Duration::from_secs(3600))));
        let no_change_time = Stamp {
            changed: (0, 0),
            ..stamp
        };
        assert!(!no_change_time.settled(Duration::from_secs(3600)));
        let before_the_epoch = Stamp {
            changed: (-5, 0),
            ..stamp
        };
        assert!(!before_the_epoch.settled(Duration::from_secs(3600)));
    }

    /// A file named in the folder resolves to the real folder's file of that name however
    /// the folder's path was given (here through a link); a link in the folder is resolved
    /// to where it points; a file named through another folder is resolved part by part.
    #[cfg(unix)]
    #[test]
    fn files_resolve_to_their_real_paths() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let real = tmp.path().join("real");
        std::fs::create_dir_all(real.join("texts")).expect("folders");
        std::fs::write(real.join("a.yaml"), "a").expect("write");
        std::fs::write(real.join("texts/b.txt"), "b").expect("write");
        std::os::unix::fs::symlink("texts/b.txt", real.join("b.txt")).expect("link");
        std::os::unix::fs::symlink(&real, tmp.path().join("given")).expect("link");
        let root = std::fs::canonicalize(&real).expect("canonical");
        let dir = tmp.path().join("given");
        let folder = CaseFolder {
            dir: &dir,
            root: &root,
        };
        assert_eq!(
            resolve(folder, &dir.join("a.yaml")).ok().map(|(real, _)| real),
            Some(root.join("a.yaml"))
        );
        assert_eq!(
            resolve(folder, &dir.join("b.txt")).ok().map(|(real, _)| real),
            Some(root.join("texts/b.txt"))
        );
        assert_eq!(
            resolve(folder, &dir.join("texts/../a.yaml"))
                .ok()
                .map(|(real, _)| real),
            Some(root.join("a.yaml"))
        );
        assert!(matches!(
            resolve(folder, &dir.join("missing.yaml")),
            Err(Issue::UnreadableFile { .. })
        ));
        // The folder itself is not a file of it.
        assert!(matches!(
            resolve(folder, &dir.join("texts")),
            Err(Issue::NotARegularFile { .. })
        ));
        let outside = tmp.path().join("outside.yaml");
        std::fs::write(&outside, "x").expect("write");
        std::os::unix::fs::symlink(&outside, real.join("out.yaml")).expect("link");
        assert!(matches!(
            resolve(folder, &dir.join("out.yaml")),
            Err(Issue::OutsideCase)
        ));
    }
}
