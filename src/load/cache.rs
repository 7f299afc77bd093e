//! The content cache: what loading each source file produced (its source block, its
//! validated claims with their quote results, its relation claims), kept on disk between
//! runs so that an unchanged file is never parsed twice; and, beside it, where the claims
//! that findings showed stand in the file, so that it is not read again to place them.
//!
//! An entry is found by the file's path and trusted only when its key matches: a hash of
//! the file's bytes, its path, `case.yaml`, the limits and this build of claimcheck. The
//! source's text file, named inside the file, is checked after reading the entry: its
//! bytes must hash as they did, or, when the file had none, the default text must still
//! be absent. A file with problems is never kept, so that they are always reported from
//! its current text.
//!
//! The cache can never make a report wrong: an entry that is missing, truncated,
//! corrupted (its body carries its own hash), foreign or from another build is a miss,
//! and the file is parsed. Entries are written to a temporary file and renamed into
//! place, so a reader sees a whole entry or none, whoever else is writing. A cache that
//! cannot be written (read-only, full) costs a note on standard error, never a result.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::files::{self, CaseFolder};
use super::raw::RawClaim;
use super::relations::Pending;
use super::source_file::FileResult;
use super::{FileProblems, Limits};
use crate::model::{Claim, ClaimBody, Source};

/// The first bytes of every entry.
const MAGIC: &[u8; 16] = b"claimcheck-cache";

/// The layout of an entry's body; bumped whenever a stored type changes shape.
const FORMAT: u32 = 1;

/// MAGIC, FORMAT, the key and the body's hash.
const HEADER: usize = 16 + 4 + 32 + 32;

/// What the cache's folder holds besides entries: a `.gitignore` so that it is never
/// committed, and the tag that backup tools skip.
const GITIGNORE: &str = "# Made by claimcheck: its cache, never committed.\n*\n";
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
                            # This file is a cache directory tag created by claimcheck.\n";

/// A cache folder, shared by every case of a run.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    /// The folder, links resolved: entries are read only from inside it.
    root: PathBuf,
    /// This build of claimcheck: entries of another build are misses.
    build: blake3::Hash,
    /// Cleared at the first failed write, so that a read-only or full folder costs one
    /// note, not one failure per file.
    writable: AtomicBool,
    hits: AtomicUsize,
    damaged: AtomicUsize,
    notes: Mutex<Vec<String>>,
    /// The key of each source file loaded this run, by path: where its claims stand is
    /// kept under the same key.
    keys: Mutex<HashMap<PathBuf, Key>>,
}

/// How a run used the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files loaded from the cache.
    pub hits: usize,
    /// Entries that could not be read back (truncated, corrupted, foreign), and were
    /// parsed again.
    pub damaged: usize,
}

impl Cache {
    /// The cache in `dir`, made (with its `.gitignore`) when it does not exist. A folder
    /// that cannot be made is noted, and the run reads every file. A folder that is not
    /// claimcheck's cache is refused, saying why: a link (a checkout may hold one, to lead
    /// the writes elsewhere), or a folder of other files.
    pub fn open(dir: &Path) -> Result<Cache, String> {
        let shown = || crate::report::visible(&dir.display().to_string()).to_string();
        match fs::symlink_metadata(dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(format!(
                    "`{}` is a link, and a cache is never written through one",
                    shown()
                ));
            }
            Ok(meta) if meta.is_dir() && !is_ours(dir) => {
                return Err(format!(
                    "`{}` is a folder of other files, not claimcheck's cache (it has no CACHEDIR.TAG of \
                     claimcheck's); name another --cache-dir",
                    shown()
                ));
            }
            _ => {}
        }
        let mut cache = Cache {
            dir: dir.to_path_buf(),
            root: dir.to_path_buf(),
            build: build_id(),
            writable: AtomicBool::new(true),
            hits: AtomicUsize::new(0),
            damaged: AtomicUsize::new(0),
            notes: Mutex::new(Vec::new()),
            keys: Mutex::new(HashMap::new()),
        };
        let made = fs::create_dir_all(dir).and_then(|()| {
            for (name, text) in [(".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)] {
                let path = dir.join(name);
                if fs::symlink_metadata(&path).is_err() {
                    fs::write(&path, text)?;
                }
            }
            Ok(())
        });
        if let Err(e) = made {
            cache.cannot_write(&e);
        }
        cache.root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        Ok(cache)
    }

    /// The case folder that `dir` would lie in, if any: `dir` itself or the nearest
    /// folder above it that exists, links resolved, or any folder above that, holding
    /// `case.yaml`.
    pub fn case_holding(dir: &Path) -> Option<PathBuf> {
        let existing = dir.ancestors().find_map(|a| {
            let a = if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            };
            fs::canonicalize(a).ok()
        })?;
        existing
            .ancestors()
            .find(|folder| files::case_file_in(folder).is_some())
            .map(Path::to_path_buf)
    }

    /// What the run should say about the cache on standard error: at most one line
    /// each about writing and about damaged entries.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.notes.lock().map(|n| n.clone()).unwrap_or_default();
        let damaged = self.damaged.load(Ordering::Relaxed);
        if damaged > 0 {
            notes.push(format!(
                "{} in {} could not be read back and {} read again",
                crate::report::plural(damaged, "cache entry", "cache entries"),
                self.dir.display(),
                if damaged == 1 {
                    "its file was"
                } else {
                    "their files were"
                }
            ));
        }
        notes
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            damaged: self.damaged.load(Ordering::Relaxed),
        }
    }

    /// The cache for the files of one case, whose `case.yaml` reads `case_text`.
    pub(super) fn for_case(&self, case_text: &str, limits: &Limits) -> CaseCache<'_> {
        let mut base = blake3::Hasher::new();
        base.update(self.build.as_bytes());
        base.update(format!("{limits:?}").as_bytes());
        base.update(blake3::hash(case_text.as_bytes()).as_bytes());
        CaseCache { cache: self, base }
    }

    fn cannot_write(&self, error: &std::io::Error) {
        if self.writable.swap(false, Ordering::Relaxed) {
            if let Ok(mut notes) = self.notes.lock() {
                notes.push(format!(
                    "cannot write the cache in {}: {error}; files are parsed as if there were none",
                    self.dir.display()
                ));
            }
        }
    }

    /// The body of the entry at `entry` when it was written under `key`: `None` when it
    /// is missing or of another key or format, and also, counted as damaged, when it is
    /// not whole.
    fn read(&self, entry: &Path, key: Key, limits: &Limits) -> Option<Vec<u8>> {
        // Read as case files are: a regular file inside the cache folder, links resolved,
        // never a pipe, within the size limit.
        let mut bytes = files::read_bytes(&self.root, entry, limits).ok()?;
        match header(&bytes) {
            Header::Ours { key: stored, .. } if stored == key => {}
            // Another version of the file, or of claimcheck: an ordinary miss.
            Header::Ours { .. } | Header::OtherFormat => return None,
            Header::Damaged => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
                return None;
            }
        }
        bytes.drain(..HEADER);
        Some(bytes)
    }

    /// Writes `body` as the entry at `entry`, under `key`.
    fn write(&self, entry: &Path, key: Key, body: &[u8]) {
        if !self.writable.load(Ordering::Relaxed) {
            return;
        }
        let mut bytes = Vec::with_capacity(HEADER + body.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(key.0.as_bytes());
        bytes.extend_from_slice(blake3::hash(body).as_bytes());
        bytes.extend_from_slice(body);
        if let Err(e) = write_atomically(entry, &bytes) {
            self.cannot_write(&e);
        }
    }

    /// What [`Cache::put_places`] kept for the source file at `path`, when the file is
    /// as it was: the places of its claims, which placing would otherwise read it again
    /// for.
    pub(super) fn places<T: serde::de::DeserializeOwned>(&self, path: &Path, limits: &Limits) -> Option<T> {
        let key = *self.keys.lock().ok()?.get(path)?;
        let body = self.read(&places_entry(&self.entry(path)), key, limits)?;
        match postcard::take_from_bytes::<T>(&body) {
            Ok((places, [])) => Some(places),
            _ => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps the places of the claims of the source file at `path`, under the key it was
    /// loaded with this run.
    pub(super) fn put_places<T: Serialize>(&self, path: &Path, places: &T) {
        let Some(key) = self.keys.lock().ok().and_then(|keys| keys.get(path).copied()) else {
            return;
        };
        if let Ok(body) = postcard::to_stdvec(places) {
            self.write(&places_entry(&self.entry(path)), key, &body);
        }
    }

    /// Where the entry of the file at `path` (as given) lives: one entry per file, so the
    /// cache holds at most one version of each.
    fn entry(&self, path: &Path) -> PathBuf {
        let name = blake3::hash(path.as_os_str().as_encoded_bytes()).to_hex();
        self.dir.join(&name[..2]).join(&name[2..])
    }
}

/// Whether the folder `dir` is claimcheck's cache, or empty (a cache yet to be made).
fn is_ours(dir: &Path) -> bool {
    match fs::read_to_string(dir.join("CACHEDIR.TAG")) {
        Ok(tag) => tag == CACHEDIR_TAG,
        Err(_) => fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none()),
    }
}

/// Where the places of a file's claims are kept: beside its entry.
fn places_entry(entry: &Path) -> PathBuf {
    entry.with_extension("places")
}

/// This claimcheck, on this machine: its version, the entry format, and the executable
/// file's size, modification time and (on Unix) device and inode. A rebuilt binary never
/// trusts what an older one stored; and entries made anywhere else, such as a cache folder
/// committed in a pull request, can never carry a key that this binary makes.
fn build_id() -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&FORMAT.to_le_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| fs::metadata(exe).ok())
    {
        hasher.update(&meta.len().to_le_bytes());
        if let Some(since) = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        {
            hasher.update(&since.as_nanos().to_le_bytes());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            hasher.update(&meta.dev().to_le_bytes());
            hasher.update(&meta.ino().to_le_bytes());
        }
    }
    hasher.finalize()
}

/// The cache as the files of one case see it.
pub(super) struct CaseCache<'c> {
    cache: &'c Cache,
    /// The build, the limits and `case.yaml`, hashed: every key starts from here.
    base: blake3::Hasher,
}

/// What identifies one version of a source file, with everything it was loaded against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key(blake3::Hash);

/// An entry's body.
#[derive(Clone, Serialize, Deserialize)]
struct Stored {
    /// The hash of the source's text file as it was read, or `None` when it had none.
    text: Option<[u8; 32]>,
    source: Source,
    facts: Vec<Claim>,
    relations: Vec<StoredPending>,
}

#[derive(Clone, Serialize, Deserialize)]
struct StoredPending {
    at: usize,
    fields: [Option<String>; 12],
    quote_found: Option<bool>,
}

impl CaseCache<'_> {
    /// The key of the file at `path` (as given) whose text is `text`.
    pub(super) fn key(&self, path: &Path, text: &str) -> Key {
        let mut hasher = self.base.clone();
        let bytes = path.as_os_str().as_encoded_bytes();
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
        hasher.update(text.as_bytes());
        let key = Key(hasher.finalize());
        if let Ok(mut keys) = self.cache.keys.lock() {
            keys.insert(path.to_path_buf(), key);
        }
        key
    }

    /// What loading the file at `path` produced, when its entry is whole and `key` is
    /// still its key, and its text file is as it was.
    pub(super) fn get(
        &self,
        key: Key,
        folder: CaseFolder,
        path: &Path,
        limits: &Limits,
    ) -> Option<FileResult> {
        let body = self.cache.read(&self.cache.entry(path), key, limits)?;
        let Ok((stored, rest)) = postcard::take_from_bytes::<Stored>(&body) else {
            return self.damaged();
        };
        if !rest.is_empty() || !stored.is_sound(path) {
            return self.damaged();
        }
        if !text_unchanged(stored.text, &stored.source, folder, path, limits) {
            return None;
        }
        self.cache.hits.fetch_add(1, Ordering::Relaxed);
        let mut source = stored.source;
        source.make_context();
        Some(FileResult {
            path: path.to_path_buf(),
            source,
            facts: stored.facts,
            relations: stored
                .relations
                .into_iter()
                .map(|p| Pending {
                    at: p.at,
                    raw: RawClaim::from_stored(p.fields),
                    quote_found: p.quote_found,
                })
                .collect(),
            problems: FileProblems::new(path),
            text: None,
        })
    }

    fn damaged(&self) -> Option<FileResult> {
        self.cache.damaged.fetch_add(1, Ordering::Relaxed);
        None
    }

    /// Keeps what loading a file without problems produced, under `key`; `text` is the
    /// hash of the source's text file as it was read.
    pub(super) fn put(&self, key: Key, file: &FileResult, text: Option<blake3::Hash>) {
        if !file.problems.is_empty() {
            return;
        }
        let stored = StoredRef {
            text: text.map(|h| *h.as_bytes()),
            source: &file.source,
            facts: &file.facts,
            relations: file
                .relations
                .iter()
                .map(|p| StoredPending {
                    at: p.at,
                    fields: p.raw.to_stored(),
                    quote_found: p.quote_found,
                })
                .collect(),
        };
        if let Ok(body) = postcard::to_stdvec(&stored) {
            self.cache.write(&self.cache.entry(&file.path), key, &body);
        }
    }
}

/// [`Stored`], borrowing what it can from the file being kept.
#[derive(Serialize)]
struct StoredRef<'a> {
    text: Option<[u8; 32]>,
    source: &'a Source,
    facts: &'a [Claim],
    relations: Vec<StoredPending>,
}

impl Stored {
    /// What loading always produces: the source of this file, and facts that are facts
    /// (a relation's operands index other files, and are made only when all are loaded).
    fn is_sound(&self, path: &Path) -> bool {
        self.source.file == path
            && self
                .facts
                .iter()
                .all(|c| matches!(c.body, ClaimBody::Fact { .. }))
            && self.text.is_some() == self.source.text_file.is_some()
    }
}

enum Header {
    Ours {
        key: Key,
    },
    /// Written by a claimcheck with another entry format.
    OtherFormat,
    /// Not an entry (truncated, foreign), or a body that does not hash as it did.
    Damaged,
}

fn header(bytes: &[u8]) -> Header {
    if bytes.len() < HEADER || &bytes[..16] != MAGIC {
        return Header::Damaged;
    }
    if bytes[16..20] != FORMAT.to_le_bytes() {
        return Header::OtherFormat;
    }
    let hash = |range: std::ops::Range<usize>| {
        <[u8; 32]>::try_from(&bytes[range])
            .map_or(blake3::Hash::from_bytes([0; 32]), blake3::Hash::from_bytes)
    };
    let body = &bytes[HEADER..];
    if blake3::hash(body) != hash(52..84) {
        return Header::Damaged;
    }
    Header::Ours {
        key: Key(hash(20..52)),
    }
}

/// Whether the source's text file is what it was when the entry was written: the same
/// bytes, or, for a source without one, still no default text beside the file.
fn text_unchanged(
    stored: Option<[u8; 32]>,
    source: &Source,
    folder: CaseFolder,
    path: &Path,
    limits: &Limits,
) -> bool {
    match (stored, &source.text_file) {
        (Some(hash), Some(text_file)) => files::read_text(folder.root, text_file, limits)
            .is_ok_and(|text| blake3::hash(text.as_bytes()) == blake3::Hash::from_bytes(hash)),
        (None, None) => fs::symlink_metadata(super::source_file::default_text(folder, path)).is_err(),
        _ => false,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place: a reader sees the old entry or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    // Never through a link: a folder of entries must be the cache's own.
    if !fs::symlink_metadata(dir)?.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a folder",
            dir.display()
        )));
    }
    let temporary = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        WRITTEN.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::File::create(&temporary).and_then(|mut file| file.write_all(bytes));
    match written.and_then(|()| fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = fs::remove_file(&temporary);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry under the right key whose body is not what loading that file produces
    /// (another file's source, a relation among its facts, a text where the source has
    /// none) is damaged, not trusted: the key vouches for the file, `is_sound` for the
    /// body.
    #[test]
    fn an_entry_that_loading_could_not_have_written_is_damaged() {
        let case_dir = tempfile::tempdir().expect("a folder");
        let cache_dir = tempfile::tempdir().expect("a folder");
        let case_text = "properties:\n  toll: {type: quantity}\n";
        let file_text = "claims:\n  - {id: t, subject: s, property: toll, value: 10}\n";
        std::fs::write(case_dir.path().join("case.yaml"), case_text).expect("write");
        let path = case_dir.path().join("a.yaml");
        std::fs::write(&path, file_text).expect("write");
        let limits = Limits::default();
        let case = crate::rules::testing::case(&[("case.yaml", case_text), ("a.yaml", file_text)]);
        let cache = Cache::open(&cache_dir.path().join("cache")).expect("a cache");
        let case_cache = cache.for_case(case_text, &limits);
        let key = case_cache.key(&path, file_text);
        let root = std::fs::canonicalize(case_dir.path()).expect("a folder");
        let folder = CaseFolder {
            dir: case_dir.path(),
            root: &root,
        };
        let source = Source {
            file: path.clone(),
            ..case.sources[0].clone()
        };
        let sound = Stored {
            text: None,
            source: source.clone(),
            facts: case.claims.clone(),
            relations: Vec::new(),
        };
        let relation = ClaimBody::Relation {
            relation: crate::model::Relation::Ratio,
            of: crate::model::Operand::Claim(0),
            to: crate::model::Operand::Claim(0),
            reading: crate::value::Reading::Plain,
        };
        let unsound = [
            Stored {
                source: Source {
                    file: case_dir.path().join("b.yaml"),
                    ..source.clone()
                },
                ..sound.clone()
            },
            Stored {
                facts: vec![Claim {
                    body: relation,
                    ..case.claims[0].clone()
                }],
                ..sound.clone()
            },
            Stored {
                text: Some([0; 32]),
                ..sound.clone()
            },
        ];
        let put = |stored: &Stored| {
            let body = postcard::to_stdvec(stored).expect("serialised");
            cache.write(&cache.entry(&path), key, &body);
        };
        put(&sound);
        assert!(case_cache.get(key, folder, &path, &limits).is_some());
        for (n, stored) in unsound.iter().enumerate() {
            put(stored);
            assert!(case_cache.get(key, folder, &path, &limits).is_none(), "{n}");
            assert_eq!(cache.stats().damaged, n + 1);
        }
    }
}
