//! The content cache: what loading each source file produced (its source block, its
//! validated claims with their quote results, its relation claims), kept on disk between
//! runs so that an unchanged file is never parsed twice; and where the claims that
//! findings showed stand in it, so that it is not read again to place them.
//!
//! Entries are kept in packs, a pack per group of about 128 of a case's source files: a
//! file system pays per file written, and a cold run of a million claims would otherwise
//! write tens of thousands. Groups are cut where a path's hash says so (content-defined,
//! like rsync's blocks), so that adding or removing a file changes its own group only.
//! A run rewrites the packs whose files changed.
//!
//! An entry is trusted only when its key matches: a hash of the file's bytes, its path,
//! `case.yaml`, the limits and this build of claimcheck. The source's text file, named
//! inside the file, is checked after reading the entry: its bytes must hash as they did,
//! or, when the file had none, the default text must still be absent. A file with
//! problems is never kept, so that they are always reported from its current text.
//!
//! Like git's index, an entry also keeps the [`Stamp`]s of its file and text file as
//! they were read (device, inode, size, modification and change times): a file whose
//! stamp is unchanged hashes as it did, and is not read again. Reading and hashing every
//! file was half of what a re-check of a large case cost.
//!
//! The cache can never make a report wrong: a pack that is missing, truncated, corrupted
//! (a pack carries a hash of its body), foreign or from another build is a miss, and its
//! files are parsed. Packs are written to a temporary file and renamed into place, so a
//! reader sees a whole pack or none, whoever else is writing. A cache that cannot be
//! written (read-only, full) costs a note on standard error, never a result.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::claim::ClaimTexts;
use super::files::{self, CaseFolder, Stamp};
use super::raw::RawClaim;
use super::relations::Pending;
use super::source_file::FileResult;
use super::{FileProblems, Limits};
use crate::model::{Claim, ClaimBody, Source};

/// The first bytes of every entry.
const MAGIC: &[u8; 16] = b"claimcheck-cache";

/// The layout of a pack; bumped whenever a stored type changes shape.
const FORMAT: u32 = 7;

/// MAGIC, FORMAT and the body's hash.
const HEADER: usize = 16 + 4 + 32;

/// A group of files ends at a path whose hash starts with a byte below this: one in 128.
const GROUP_END: u8 = 2;

/// Most files in a group, whatever the hashes say.
const GROUP_MOST: usize = 512;

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
    unread: AtomicUsize,
    placed: AtomicUsize,
    damaged: AtomicUsize,
    notes: Mutex<Vec<String>>,
    /// The key of each source file loaded this run, by path: where its claims stand is
    /// kept under the same key.
    keys: Mutex<HashMap<Vec<u8>, Key>>,
}

/// How a run used the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files loaded from the cache.
    pub hits: usize,
    /// Of those, files found unchanged, with their texts, by their stamps: neither was
    /// read.
    pub unread: usize,
    /// Files whose cited claims were placed from the cache.
    pub placed: usize,
    /// Packs, and entries in them, that could not be read back (truncated, corrupted,
    /// foreign, or not what loading writes), whose files were read again.
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
            unread: AtomicUsize::new(0),
            placed: AtomicUsize::new(0),
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
                crate::report::plural(damaged, "cache file", "cache files"),
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
            unread: self.unread.load(Ordering::Relaxed),
            placed: self.placed.load(Ordering::Relaxed),
            damaged: self.damaged.load(Ordering::Relaxed),
        }
    }

    /// The cache for the files of the case in `dir` (as given), whose `case.yaml` reads
    /// `case_text`.
    pub(super) fn for_case(&self, dir: &Path, case_text: &str, limits: &Limits) -> CaseCache<'_> {
        let mut base = blake3::Hasher::new();
        base.update(self.build.as_bytes());
        base.update(format!("{limits:?}").as_bytes());
        base.update(blake3::hash(case_text.as_bytes()).as_bytes());
        CaseCache {
            cache: self,
            base,
            dir: dir.to_path_buf(),
            limits: *limits,
        }
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

    /// The pack named `name`, as far as it can be read: a missing pack, or one of another
    /// format, is empty; a damaged one is empty and counted.
    fn pack(&self, name: &[u8], limits: &Limits) -> Pack<'_> {
        let hex = blake3::hash(name).to_hex();
        let file = self.dir.join(&hex[..2]).join(&hex[2..]);
        let mut old = HashMap::new();
        // Read as case files are: a regular file inside the cache folder, links resolved,
        // never a pipe, within the size limit.
        let folder = CaseFolder {
            dir: &self.dir,
            root: &self.root,
        };
        let read = files::read_bytes(folder, &file, limits);
        let found = read.is_ok();
        let bytes = read.unwrap_or_default();
        if found {
            // Another version of claimcheck's pack is an ordinary miss; anything else
            // that is not a whole pack of entries is damage.
            let entries = match body(&bytes) {
                Body::Whole(body) => postcard::take_from_bytes::<Vec<PackEntry>>(body).ok(),
                Body::OtherFormat => Some((Vec::new(), &[][..])),
                Body::Damaged => None,
            };
            match entries {
                Some((entries, [])) => {
                    // Each body as where it lies in `bytes`: read in place, never copied.
                    let at = |slice: &[u8]| {
                        let start = slice.as_ptr() as usize - bytes.as_ptr() as usize;
                        start..start + slice.len()
                    };
                    old = entries
                        .into_iter()
                        .map(|e| {
                            let head = Head {
                                key: Key(blake3::Hash::from_bytes(e.key)),
                                stamps: e.stamps,
                            };
                            (e.path.to_vec(), (head, at(e.body)))
                        })
                        .collect();
                }
                _ => {
                    self.damaged.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        Pack {
            cache: self,
            file,
            bytes,
            old: Mutex::new(old),
            kept: Mutex::new(Vec::new()),
            changed: AtomicBool::new(false),
        }
    }

    /// The key the source file at `path` (as given, its bytes) was loaded with this run.
    fn key_of(&self, path: &[u8]) -> Option<Key> {
        self.keys.lock().ok()?.get(path).copied()
    }
}

/// The entries read from a pack, by the path of their source file: the key each was
/// kept under, and where in the pack what was kept lies.
type Entries = HashMap<Vec<u8>, (Head, Range<usize>)>;

/// What a pack says of an entry besides its body: the key it was kept under, and how its
/// files stood when they were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    key: Key,
    stamps: Option<Stamps>,
}

/// A source file as read when its entry was kept: the hash of its content and its stamp,
/// with its text file's stamp when it has a text file with one. A file whose stamp is
/// this one again has this content, and a text file whose stamp is this one again hashes
/// as the entry's text did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamps {
    content: [u8; 32],
    file: Stamp,
    text: Option<Stamp>,
}

/// What a pack is to hold for a file after this run: what it held, or something new.
enum Kept {
    Old(Range<usize>),
    New(Vec<u8>),
}

/// The entries of one group of source files: those read from the pack, taken as their
/// files are looked up, and those the pack is to hold after this run.
pub(super) struct Pack<'c> {
    cache: &'c Cache,
    file: PathBuf,
    /// The pack as read (empty when there was none).
    bytes: Vec<u8>,
    old: Mutex<Entries>,
    kept: Mutex<Vec<(Vec<u8>, Head, Kept)>>,
    /// Whether the pack must be written again: an entry changed, came or went.
    changed: AtomicBool,
}

/// One entry of a pack: a source file (its path as given), the key it was kept under, and
/// what was kept; read in place from the pack's bytes.
#[derive(Serialize, Deserialize)]
struct PackEntry<'a> {
    path: &'a [u8],
    key: [u8; 32],
    stamps: Option<Stamps>,
    body: &'a [u8],
}

impl Pack<'_> {
    /// The stamps kept for the file at `path`, left in the pack.
    fn stamps(&self, path: &Path) -> Option<Stamps> {
        let old = self.old.lock().ok()?;
        old.get(path.as_os_str().as_encoded_bytes())?.0.stamps
    }

    /// The head and where the body kept for the file at `path` under `key` lie, taken
    /// out of the pack.
    fn take(&self, path: &Path, key: Key) -> Option<(Head, Range<usize>)> {
        let found = self
            .old
            .lock()
            .ok()
            .and_then(|mut old| old.remove(path.as_os_str().as_encoded_bytes()));
        match found {
            Some((head, body)) if head.key == key => Some((head, body)),
            _ => {
                self.changed.store(true, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps, for the file at `path` under `head`, what it held or something new.
    fn keep(&self, path: &Path, head: Head, body: Kept) {
        if matches!(body, Kept::New(_)) {
            self.changed.store(true, Ordering::Relaxed);
        }
        if let Ok(mut kept) = self.kept.lock() {
            kept.push((path.as_os_str().as_encoded_bytes().to_vec(), head, body));
        }
    }

    /// A body taken out of the pack that does not decode as it must: counted, and the
    /// pack written again.
    fn damaged(&self) {
        self.cache.damaged.fetch_add(1, Ordering::Relaxed);
        self.changed.store(true, Ordering::Relaxed);
    }

    /// Writes the pack again when its entries changed; the entries left in it that this
    /// run did not take are kept when `keep_rest` holds for them.
    fn finish(self, keep_rest: impl Fn(&[u8], Key) -> bool) {
        let rest = self.old.into_inner().unwrap_or_default();
        let mut kept = self.kept.into_inner().unwrap_or_default();
        let mut changed = self.changed.into_inner();
        for (path, (head, body)) in rest {
            if keep_rest(&path, head.key) {
                kept.push((path, head, Kept::Old(body)));
            } else {
                changed = true;
            }
        }
        if !changed || !self.cache.writable.load(Ordering::Relaxed) {
            return;
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let entries: Vec<PackEntry> = kept
            .iter()
            .map(|(path, head, body)| PackEntry {
                path,
                key: *head.key.0.as_bytes(),
                stamps: head.stamps,
                body: match body {
                    Kept::Old(range) => &self.bytes[range.clone()],
                    Kept::New(bytes) => bytes,
                },
            })
            .collect();
        let Ok(body) = postcard::to_stdvec(&entries) else {
            return;
        };
        let mut bytes = Vec::with_capacity(HEADER + body.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(blake3::hash(&body).as_bytes());
        bytes.extend_from_slice(&body);
        if let Err(e) = write_atomically(&self.file, &bytes) {
            self.cache.cannot_write(&e);
        }
    }
}

/// The places of the claims findings show, kept per group of a case's source files as
/// loading grouped them.
pub(super) struct PlacesPack<'c>(Pack<'c>);

impl Cache {
    /// The places kept for the source files `group` of the case in `dir`; `tail` when
    /// it is the case's last group.
    pub(super) fn places_pack(
        &self,
        dir: &Path,
        group: &[PathBuf],
        tail: bool,
        limits: &Limits,
    ) -> PlacesPack<'_> {
        PlacesPack(self.pack(&pack_name(b"places", dir, group, tail), limits))
    }
}

impl PlacesPack<'_> {
    /// What was kept for the source file at `path`, when the file is as it was and
    /// `enough` says it answers this run (else [`PlacesPack::put`] keeps what does).
    pub(super) fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &Path,
        enough: impl FnOnce(&T) -> bool,
    ) -> Option<T> {
        let key = self.0.cache.key_of(path.as_os_str().as_encoded_bytes())?;
        let (head, at) = self.0.take(path, key)?;
        match postcard::take_from_bytes::<T>(&self.0.bytes[at.clone()]) {
            Ok((places, [])) if enough(&places) => {
                self.0.keep(path, head, Kept::Old(at));
                self.0.cache.placed.fetch_add(1, Ordering::Relaxed);
                Some(places)
            }
            Ok((_, [])) => {
                self.0.changed.store(true, Ordering::Relaxed);
                None
            }
            _ => {
                self.0.damaged();
                None
            }
        }
    }

    /// Keeps `places` for the source file at `path`, under the key it was loaded with.
    pub(super) fn put<T: Serialize>(&self, path: &Path, places: &T) {
        let key = self.0.cache.key_of(path.as_os_str().as_encoded_bytes());
        if let (Some(key), Ok(body)) = (key, postcard::to_stdvec(places)) {
            self.0.keep(path, Head { key, stamps: None }, Kept::New(body));
        }
    }

    /// Writes the pack again if it changed, keeping the places of the files no finding
    /// cited this time while they are unchanged.
    pub(super) fn finish(self) {
        let cache = self.0.cache;
        self.0.finish(|path, key| cache.key_of(path) == Some(key));
    }
}

/// The name of the pack of `kind` for the files `group` of the case in `dir`: its last
/// file names it, but for the files after the case's last group end (`tail`: the last
/// group, when no hash ended it), whose last file changes as files are added at the end.
fn pack_name(kind: &[u8], dir: &Path, group: &[PathBuf], tail: bool) -> Vec<u8> {
    let mut name = kind.to_vec();
    name.push(0);
    name.extend_from_slice(dir.as_os_str().as_encoded_bytes());
    name.push(0);
    match group.last() {
        Some(last) if !tail || ends_group(last) => {
            name.extend_from_slice(last.as_os_str().as_encoded_bytes())
        }
        _ => name.extend_from_slice(b"\0tail"),
    }
    name
}

/// Whether a group of files ends at `path`.
fn ends_group(path: &Path) -> bool {
    blake3::hash(path.as_os_str().as_encoded_bytes()).as_bytes()[0] < GROUP_END
}

/// The case's source files `paths` (sorted) in groups: each ends at a path whose hash
/// says so, or at [`GROUP_MOST`] files, or with the files.
pub(super) fn groups(paths: &[PathBuf]) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    for (i, path) in paths.iter().enumerate() {
        if ends_group(path) || i + 1 - start == GROUP_MOST {
            groups.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < paths.len() {
        groups.push(start..paths.len());
    }
    groups
}

/// Whether the folder `dir` is claimcheck's cache, or empty (a cache yet to be made).
fn is_ours(dir: &Path) -> bool {
    match fs::read_to_string(dir.join("CACHEDIR.TAG")) {
        Ok(tag) => tag == CACHEDIR_TAG,
        Err(_) => fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none()),
    }
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
    /// The case folder, as given: packs are named in it.
    dir: PathBuf,
    limits: Limits,
}

/// The entries of one group of a case's source files, as loading reads and keeps them.
pub(super) struct LoadPack<'c> {
    case: &'c CaseCache<'c>,
    pack: Pack<'c>,
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
    texts: ClaimTexts,
    relations: Vec<StoredPending>,
}

#[derive(Clone, Serialize, Deserialize)]
struct StoredPending {
    at: usize,
    fields: [Option<String>; 12],
    quote_found: Option<bool>,
}

impl<'c> CaseCache<'c> {
    /// The pack of the source files `group` (one of [`groups`]); `tail` when it is the
    /// case's last group.
    pub(super) fn pack(&'c self, group: &[PathBuf], tail: bool) -> LoadPack<'c> {
        LoadPack {
            case: self,
            pack: self
                .cache
                .pack(&pack_name(b"load", &self.dir, group, tail), &self.limits),
        }
    }
}

/// A source file as this run read it, or found it unchanged by its stamp: its key, the
/// hash of its content, and its stamp when it has one.
#[derive(Debug, Clone, Copy)]
pub(super) struct Read {
    key: Key,
    content: [u8; 32],
    stamp: Option<Stamp>,
    /// Whether the file was found unchanged by its stamp, and not read.
    unread: bool,
}

impl LoadPack<'_> {
    /// The file at `path` (as given) whose content is `content` (its bytes, without a
    /// byte-order mark) and whose stamp was `stamp` when it was read.
    pub(super) fn read(&self, path: &Path, content: &[u8], stamp: Option<Stamp>) -> Read {
        self.known(path, *blake3::hash(content).as_bytes(), stamp, false)
    }

    /// The file at `path`, when its stamp says it is as it was when its entry was kept:
    /// it need not be read again.
    pub(super) fn unread(&self, folder: CaseFolder, path: &Path) -> Option<Read> {
        let kept = self.pack.stamps(path)?;
        (files::stamp(folder, path)? == kept.file)
            .then(|| self.known(path, kept.content, Some(kept.file), true))
    }

    /// The file at `path` whose content hashes to `content`, keyed.
    fn known(&self, path: &Path, content: [u8; 32], stamp: Option<Stamp>, unread: bool) -> Read {
        let mut hasher = self.case.base.clone();
        let bytes = path.as_os_str().as_encoded_bytes();
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
        hasher.update(&content);
        let key = Key(hasher.finalize());
        if let Ok(mut keys) = self.case.cache.keys.lock() {
            keys.insert(bytes.to_vec(), key);
        }
        Read {
            key,
            content,
            stamp,
            unread,
        }
    }

    /// What loading the file at `path` produced, when its entry is whole and kept under
    /// the key of the file as `read`, and its text file is as it was.
    pub(super) fn get(
        &self,
        read: Read,
        (folder, properties): (CaseFolder, usize),
        path: &Path,
        limits: &Limits,
    ) -> Option<FileResult> {
        let (head, at) = self.pack.take(path, read.key)?;
        let Ok((stored, rest)) = postcard::take_from_bytes::<Stored>(&self.pack.bytes[at.clone()]) else {
            return self.damaged();
        };
        if !rest.is_empty() || !stored.is_sound(path, properties) {
            return self.damaged();
        }
        let kept_text = head.stamps.and_then(|s| s.text);
        let Some(text) = text_unchanged(stored.text, kept_text, &stored.source, folder, path, limits) else {
            self.pack.changed.store(true, Ordering::Relaxed);
            return None;
        };
        self.case.cache.hits.fetch_add(1, Ordering::Relaxed);
        if read.unread && !text.read {
            self.case.cache.unread.fetch_add(1, Ordering::Relaxed);
        }
        let now = read.head(text.stamp);
        if now != head {
            // Stamps that changed or came (a file touched, or settled since) are kept,
            // so that the next run need not read it.
            self.pack.changed.store(true, Ordering::Relaxed);
        }
        self.pack.keep(path, now, Kept::Old(at));
        let mut source = stored.source;
        source.make_context();
        Some(FileResult {
            path: path.to_path_buf(),
            source,
            facts: stored.facts,
            texts: stored.texts,
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
        self.pack.damaged();
        None
    }

    /// Keeps what loading a file without problems produced, under the key of the file as
    /// `read`; `text` is the hash of the source's text file as it was read, with its stamp.
    pub(super) fn put(&self, read: Read, file: &FileResult, text: Option<(blake3::Hash, Option<Stamp>)>) {
        if !file.problems.is_empty() {
            return;
        }
        let stored = StoredRef {
            text: text.map(|(h, _)| *h.as_bytes()),
            source: &file.source,
            facts: &file.facts,
            texts: &file.texts,
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
            let head = read.head(text.and_then(|(_, stamp)| stamp));
            self.pack.keep(&file.path, head, Kept::New(body));
        }
    }

    /// Writes the pack again if its files changed; files no longer in the group leave it.
    pub(super) fn finish(self) {
        self.pack.finish(|_, _| false);
    }
}

/// [`Stored`], borrowing what it can from the file being kept.
#[derive(Serialize)]
struct StoredRef<'a> {
    text: Option<[u8; 32]>,
    source: &'a Source,
    facts: &'a [Claim],
    texts: &'a ClaimTexts,
    relations: Vec<StoredPending>,
}

impl Stored {
    /// What loading always produces: the source of this file, and facts that are facts
    /// (a relation's operands index other files, and are made only when all are loaded)
    /// of the case's `properties`, whose subjects and texts the entry holds.
    fn is_sound(&self, path: &Path, properties: usize) -> bool {
        let sound = |claim: &Claim| match claim.body() {
            ClaimBody::Fact { subject, property } => {
                (subject as usize) < self.texts.subjects.len()
                    && (property as usize) < properties
                    && self.texts.texts.holds(claim.text)
            }
            ClaimBody::Relation(_) => false,
        };
        self.source.file == path
            && self.texts.subjects.iter().all(|s| s.is_some())
            && self.facts.iter().all(sound)
            && self.text.is_some() == self.source.text_file.is_some()
    }
}

/// What a pack's bytes are.
enum Body<'a> {
    /// A whole pack of this format, its body hashing as written.
    Whole(&'a [u8]),
    /// A pack of another format, written by another claimcheck.
    OtherFormat,
    /// Not a whole pack: truncated, corrupted, or not a pack at all.
    Damaged,
}

fn body(bytes: &[u8]) -> Body<'_> {
    if bytes.len() < HEADER || &bytes[..16] != MAGIC {
        return Body::Damaged;
    }
    if bytes[16..20] != FORMAT.to_le_bytes() {
        return Body::OtherFormat;
    }
    let body = &bytes[HEADER..];
    if blake3::hash(body).as_bytes()[..] == bytes[20..52] {
        Body::Whole(body)
    } else {
        Body::Damaged
    }
}

impl Read {
    /// The head of an entry for the file as read, whose text file's stamp is `text`.
    fn head(self, text: Option<Stamp>) -> Head {
        Head {
            key: self.key,
            stamps: self.stamp.map(|file| Stamps {
                content: self.content,
                file,
                text,
            }),
        }
    }
}

/// A source's text file found as it was: its stamp (when it has one), and whether it
/// was read to know.
struct TextSeen {
    stamp: Option<Stamp>,
    read: bool,
}

/// Whether the source's text file is what it was when the entry was written: the same
/// stamp as `kept`, or the same bytes, or, for a source without one, still no default
/// text beside the file.
fn text_unchanged(
    stored: Option<[u8; 32]>,
    kept: Option<Stamp>,
    source: &Source,
    folder: CaseFolder,
    path: &Path,
    limits: &Limits,
) -> Option<TextSeen> {
    match (stored, &source.text_file) {
        (Some(_), Some(text_file)) if kept.is_some() && files::stamp(folder, text_file) == kept => {
            Some(TextSeen {
                stamp: kept,
                read: false,
            })
        }
        // Hashed as read, without checking it is UTF-8: it was when it hashed so.
        (Some(hash), Some(text_file)) => {
            let (content, stamp) = files::read_content(folder, text_file, limits).ok()?;
            (blake3::hash(&content) == blake3::Hash::from_bytes(hash))
                .then_some(TextSeen { stamp, read: true })
        }
        (None, None) => fs::symlink_metadata(super::source_file::default_text(folder, path))
            .is_err()
            .then_some(TextSeen {
                stamp: None,
                read: false,
            }),
        _ => None,
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

    fn paths(n: usize) -> Vec<PathBuf> {
        (0..n)
            .map(|i| PathBuf::from(format!("claims/crash/source-{i:05}.yaml")))
            .collect()
    }

    /// Groups cover the files in order, each ending where a path's hash says so or at
    /// the most a group may hold; about 128 files on average.
    #[test]
    fn groups_end_where_the_hashes_say() {
        let all = paths(5_000);
        let groups = groups(&all);
        assert_eq!(groups.first().map(|g| g.start), Some(0));
        assert_eq!(groups.last().map(|g| g.end), Some(all.len()));
        for pair in groups.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for group in &groups[..groups.len() - 1] {
            assert!(ends_group(&all[group.end - 1]) || group.len() == GROUP_MOST);
            assert!(all[group.start..group.end - 1].iter().all(|p| !ends_group(p)));
        }
        assert!(groups.iter().all(|g| !g.is_empty()));
        // One file in 128 ends a group: some 39 groups of 5,000 files.
        assert!((28..=50).contains(&groups.len()), "{} groups", groups.len());
        // A long run without an end is cut at the most a group holds.
        let unended: Vec<PathBuf> = paths(20_000)
            .into_iter()
            .filter(|p| !ends_group(p))
            .take(1_100)
            .collect();
        let cut = super::groups(&unended);
        assert_eq!(cut.iter().map(|g| g.len()).collect::<Vec<_>>(), [512, 512, 76]);
    }

    /// The pack each file of `all` is kept in.
    fn pack_of(all: &[PathBuf]) -> HashMap<PathBuf, Vec<u8>> {
        let groups = groups(all);
        let last = groups.len() - 1;
        let mut packs = HashMap::new();
        for (g, range) in groups.into_iter().enumerate() {
            let name = pack_name(b"load", Path::new("claims/crash"), &all[range.clone()], g == last);
            for path in &all[range] {
                packs.insert(path.clone(), name.clone());
            }
        }
        packs
    }

    /// A file added moves no file of another group to another pack: in the middle, and
    /// after a last file that ends a group by its hash (the tail then begins after it).
    #[test]
    fn a_file_added_changes_its_own_group_only() {
        let added = |before: Vec<PathBuf>, new: PathBuf| {
            let mut after = before.clone();
            after.push(new.clone());
            after.sort();
            let (was, is) = (pack_of(&before), pack_of(&after));
            let joined = &is[&new];
            let moved = before
                .iter()
                .filter(|p| was[*p] != is[*p] && is[*p] != *joined)
                .count();
            let with_it = before.iter().filter(|p| is[*p] == *joined).count();
            (moved, with_it)
        };
        let (moved, with_it) = added(paths(3_000), PathBuf::from("claims/crash/source-01499a.yaml"));
        assert_eq!(moved, 0);
        assert!(with_it < GROUP_MOST);
        // A case whose last file ends a group: a file after it starts the tail, and the
        // files before keep their pack.
        let all = paths(3_000);
        let end = all
            .iter()
            .position(|p| ends_group(p))
            .expect("a file that ends a group");
        let before = all[..=end].to_vec();
        let (moved, with_it) = added(
            before.clone(),
            PathBuf::from(format!("{}z", before[end].display())),
        );
        assert_eq!((moved, with_it), (0, 0));
    }

    /// An entry under the right key whose body is not what loading that file produces
    /// (another file's source, a relation among its facts, a text where the source has
    /// none) is damaged, not trusted: the key vouches for the file, `is_sound` for the
    /// body.
    /// Facts taken from the cache read as the facts loading builds: their ids, values,
    /// subjects and properties, with each subject numbered once across files.
    #[test]
    fn facts_from_the_cache_read_as_loaded() {
        let case_dir = tempfile::tempdir().expect("a folder");
        let cache_dir = tempfile::tempdir().expect("a folder");
        std::fs::write(
            case_dir.path().join("case.yaml"),
            "properties:\n  toll: {type: quantity}\n  held_on: {type: date}\n",
        )
        .expect("write");
        std::fs::write(
            case_dir.path().join("a.yaml"),
            "claims:\n  - {id: t, subject: s, property: toll, value: 10}\n  - {id: d, subject: s, property: held_on, value: 2009}\n",
        )
        .expect("write");
        std::fs::write(
            case_dir.path().join("b.yaml"),
            "claims:\n  - {id: u, subject: r, property: toll, value: about 12}\n  - {id: v, subject: s, property: toll, value: 11}\n",
        )
        .expect("write");
        let cache = Cache::open(&cache_dir.path().join("cache")).expect("a cache");
        let load = || {
            crate::load::load_with_progress(
                &[case_dir.path().to_path_buf()],
                &crate::load::Progress::default(),
                &Limits::default(),
                Some(&cache),
            )
        };
        let read = |case: &crate::model::Case| -> Vec<(String, String, String, String)> {
            case.claims
                .iter()
                .map(|c| {
                    let text = |t: Option<&str>| t.unwrap_or("-").to_string();
                    (
                        case.id_of(c).to_string(),
                        case.written_of(c).to_string(),
                        text(case.subject_of(c)),
                        text(case.property_of(c)),
                    )
                })
                .collect()
        };
        let cold = load();
        let warm = load();
        assert_eq!(cache.stats().hits, 2);
        let case = &warm.cases[0];
        let expected = [
            ("t", "10", "s", "toll"),
            ("d", "2009", "s", "held_on"),
            ("u", "about 12", "r", "toll"),
            ("v", "11", "s", "toll"),
        ]
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()));
        assert_eq!(read(case), expected);
        assert_eq!(read(&cold.cases[0]), expected);
        assert_eq!(case.subjects.len(), 2, "each subject once");
    }

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
        let case_cache = cache.for_case(case_dir.path(), case_text, &limits);
        let group = [path.clone()];
        let root = std::fs::canonicalize(case_dir.path()).expect("a folder");
        let folder = CaseFolder {
            dir: case_dir.path(),
            root: &root,
        };
        let source = Source {
            file: path.clone(),
            ..case.sources[0].clone()
        };
        let mut texts = ClaimTexts::default();
        texts.texts = (*case.texts).clone();
        for subject in &case.subjects {
            texts.subjects.number(subject);
        }
        let sound = Stored {
            text: None,
            source: source.clone(),
            facts: case.claims.clone(),
            texts,
            relations: Vec::new(),
        };
        let relation = ClaimBody::Relation(0);
        let fact = |subject: u32, property: u32, text: crate::model::TextSpan| Stored {
            facts: vec![{
                let mut claim = case.claims[0].clone();
                claim.set_body(ClaimBody::Fact { subject, property });
                claim.text = text;
                claim
            }],
            ..sound.clone()
        };
        let span = case.claims[0].text;
        let unsound = [
            Stored {
                source: Source {
                    file: case_dir.path().join("b.yaml"),
                    ..source.clone()
                },
                ..sound.clone()
            },
            Stored {
                facts: vec![{
                    let mut claim = case.claims[0].clone();
                    claim.set_body(relation);
                    claim
                }],
                ..sound.clone()
            },
            Stored {
                text: Some([0; 32]),
                ..sound.clone()
            },
            // A subject, property or text the entry does not hold.
            fact(1, 0, span),
            fact(0, 1, span),
            fact(0, 0, span.moved(1)),
        ];
        assert!(sound.is_sound(&path, 1) && fact(0, 0, span).is_sound(&path, 1));
        let put = |stored: &Stored| {
            let pack = case_cache.pack(&group, true);
            let read = pack.read(&path, file_text.as_bytes(), None);
            let _ = pack.pack.take(&path, read.key);
            let body = postcard::to_stdvec(stored).expect("serialised");
            pack.pack.keep(&path, read.head(None), Kept::New(body));
            pack.finish();
        };
        let get = || {
            let pack = case_cache.pack(&group, true);
            let read = pack.read(&path, file_text.as_bytes(), None);
            pack.get(read, (folder, 1), &path, &limits).is_some()
        };
        put(&sound);
        assert!(get());
        for (n, stored) in unsound.iter().enumerate() {
            put(stored);
            assert!(!get(), "{n}");
            assert_eq!(cache.stats().damaged, n + 1);
        }
    }
}
