//! One source file on its own: read, parsed (in one serde pass when its shape is right,
//! else key by key), its `source:` block validated, its quotes matched against its text
//! and its claims checked. Files are independent until relations are resolved
//! ([`super::relations`]), so each is loaded in parallel and its text and raw shapes
//! are dropped as soon as its claims are built.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::Value as Yaml;

use super::cache::LoadPack;
use super::case_file::Declared;
use super::claim::{ClaimTexts, common_checks, fact, fields_within_limits, is_claim_id, within_limits};
use super::files::{self, CaseFolder};
use super::raw::{RawClaim, RawSource, Text};
use super::relations::Pending;
use super::schema::{self, did_you_mean};
use super::{FileProblems, Issue, Limits, Seg, guard, path};
use crate::model::{Claim, Source};
use crate::quote;
use crate::value::date;

pub(super) const SOURCE_KINDS: [&str; 5] = ["news", "wire", "press-release", "official", "comment"];

/// The whole file in one serde pass: the fast road for files without shape problems.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSourceFile {
    pub source: Option<RawSource>,
    #[serde(default)]
    pub claims: Vec<RawClaim>,
}

/// One source file after its own checks.
pub(super) struct FileResult {
    pub path: PathBuf,
    pub source: Source,
    /// Validated facts, in file order.
    pub facts: Vec<Claim>,
    /// The facts' ids and values as written, and their subjects.
    pub texts: ClaimTexts,
    /// Relation claims, with their index in the file and whether their quote was found,
    /// waiting for every file's facts.
    pub relations: Vec<Pending>,
    pub problems: FileProblems,
    /// The file's text, kept only when it has problems to locate.
    pub text: Option<String>,
}

/// Deserialises every source file of the case folders under `dirs` into the raw shapes,
/// on one thread, and nothing else: the floor a whole check is measured against.
/// Returns the number of claims read.
#[cfg(feature = "parse-floor")]
pub(super) fn deserialize_only(files: &[PathBuf]) -> usize {
    files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter_map(|text| serde_yaml::from_str::<RawSourceFile>(&text).ok())
        .map(|file| file.claims.len())
        .sum()
}

/// The quotes of a file's claims by claim id, read as loading reads them: for placing,
/// where the quick reading of lines cannot vouch for a quote.
pub(super) fn quotes(path: &Path, text: &str, limits: &Limits) -> HashMap<String, String> {
    let (_, claims) = parse_raw(text, &mut FileProblems::new(path), limits);
    claims
        .into_iter()
        .filter_map(|(_, claim)| Some((claim.id?.0, claim.quote?.0)))
        .collect()
}

/// The raw source block and claims of a file, each claim with its index in the file.
type RawParts = (Option<RawSource>, Vec<(usize, RawClaim)>);

/// Parses a file: in one serde pass when its shape is right, else key by key so that every
/// shape problem is reported and the claims without one are still checked.
fn parse_raw(text: &str, problems: &mut FileProblems, limits: &Limits) -> RawParts {
    // The guard costs about as much as a parse, so the fast road runs it only where
    // serde_yaml's work could outgrow the file; the slow road always runs it.
    if guard::needed(text) && !super::guard(text, problems, limits) {
        return (None, Vec::new());
    }
    if let Ok(file) = serde_yaml::from_str::<RawSourceFile>(text) {
        return (file.source, file.claims.into_iter().enumerate().collect());
    }
    let Some(tree) = super::parse_yaml(text, problems, limits) else {
        return (None, Vec::new());
    };
    if tree.is_null() {
        problems.at_position(None, Issue::EmptySourceFile);
        return (None, Vec::new());
    }
    let mut shape = Vec::new();
    schema::check_map(&tree, schema::SOURCE_FILE, &mut Vec::new(), &mut shape);
    let bad: Vec<Vec<Seg>> = shape.iter().map(|p| p.path.clone()).collect();
    problems.shape(shape);
    let under = |prefix: &[Seg]| bad.iter().any(|p| p.starts_with(prefix) || prefix.starts_with(p));
    let mut source = None;
    if let Some(block) = tree
        .get("source")
        .filter(|b| !b.is_null() && !under(&[Seg::Key("source".into())]))
    {
        match serde_yaml::from_value::<RawSource>(block.clone()) {
            Ok(raw) => source = Some(raw),
            Err(e) => problems.at(
                path!["source"],
                Issue::Malformed {
                    message: e.to_string(),
                },
            ),
        }
    }
    let mut claims = Vec::new();
    match tree.get("claims").and_then(Yaml::as_sequence) {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                if under(&[Seg::Key("claims".into()), Seg::Index(i)]) {
                    continue;
                }
                match serde_yaml::from_value::<RawClaim>(item.clone()) {
                    Ok(raw) => claims.push((i, raw)),
                    Err(e) => problems.at(
                        path!["claims", i],
                        Issue::Malformed {
                            message: e.to_string(),
                        },
                    ),
                }
            }
        }
        None if !under(&[Seg::Key("claims".into())]) && tree.is_mapping() && tree.get("claims").is_none() => {
            problems.at(Vec::new(), Issue::MissingClaims);
        }
        None => {}
    }
    (source, claims)
}

/// The `source:` block, validated; a matcher over the text file for quote checks.
fn source_block(
    folder: CaseFolder,
    path: &Path,
    raw: RawSource,
    problems: &mut FileProblems,
    limits: &Limits,
    hash_text: bool,
) -> (Source, Option<quote::Matcher>, Option<TextMark>) {
    // Over-long fields are reported and dropped, so that no message repeats them.
    fields_within_limits(raw.fields(), |key| path!["source", key], problems, limits);
    let within = |t: Option<Text>| t.filter(|t| t.0.chars().count() <= limits.max_value_chars);
    let raw = RawSource {
        id: within(raw.id),
        title: within(raw.title),
        publisher: within(raw.publisher),
        author: within(raw.author),
        published: within(raw.published),
        url: within(raw.url),
        kind: within(raw.kind),
        text: within(raw.text),
        primary: within(raw.primary),
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut source = Source {
        id: stem.clone(),
        title: raw.title.map(|t| t.0),
        publisher: raw.publisher.map(|t| t.0),
        author: raw.author.map(|t| t.0),
        published: None,
        url: raw.url.map(|t| t.0),
        kind: None,
        primary: false,
        context: Default::default(),
        text_file: None,
        file: path.to_path_buf(),
    };
    match raw.id {
        Some(id) if is_claim_id(&id.0) => source.id = id.0,
        Some(id) => problems.at(
            path!["source", "id"],
            Issue::BadId {
                what: "source",
                id: id.0.clone(),
            },
        ),
        // The file's name is the id, so it follows the same rules.
        None if !is_claim_id(&stem) => problems.at_position(None, Issue::BadFileName { stem: stem.clone() }),
        None => {}
    }
    if let Some(published) = raw.published {
        match date::parse(&published.0, None) {
            Ok(d) if d.days.lo.value.is_finite() && d.days.hi.value.is_finite() && d.weekday.is_none() => {
                source.published = Some(d);
            }
            _ => problems.at(
                path!["source", "published"],
                Issue::BadPublished {
                    written: published.0.clone(),
                },
            ),
        }
    }
    if let Some(kind) = raw.kind {
        if SOURCE_KINDS.contains(&kind.0.as_str()) {
            source.kind = Some(kind.0);
        } else {
            problems.at(
                path!["source", "kind"],
                Issue::UnknownSourceKind {
                    hint: did_you_mean(&kind.0, SOURCE_KINDS),
                    written: kind.0.clone(),
                    expected: SOURCE_KINDS.map(|k| format!("`{k}`")).join(", "),
                },
            );
        }
    }
    // A company's own release or an official statement speaks for the facts it reports.
    source.primary = matches!(source.kind.as_deref(), Some("official" | "press-release"));
    match raw.primary.as_ref().map(|t| t.0.as_str()) {
        None => {}
        Some("true" | "yes") => source.primary = true,
        Some("false" | "no") => source.primary = false,
        Some(other) => problems.at(
            path!["source", "primary"],
            Issue::NotABoolean {
                option: "primary",
                written: other.to_string(),
            },
        ),
    }
    source.make_context();
    let text_file = match raw.text {
        // The text must be a file of the case: a relative path, which reading then keeps
        // inside the case folder.
        Some(t) if !is_relative_path(&t.0) => {
            problems.at(path!["source", "text"], Issue::TextNotRelative);
            None
        }
        Some(t) => Some(folder.dir.join(&t.0)),
        // The default text is read when something of that name exists; a folder or a
        // pipe by that name is then reported, not passed over.
        None => Some(default_text(folder, path)).filter(|default| std::fs::symlink_metadata(default).is_ok()),
    };
    let (mut matcher, mut hash) = (None, None);
    if let Some(text_file) = text_file {
        match files::read_text_stamped(folder, &text_file, limits) {
            Ok((content, stamp)) => {
                hash = hash_text.then(|| (blake3::hash(content.as_bytes()), stamp));
                matcher = Some(quote::Matcher::new(content));
                source.text_file = Some(text_file);
            }
            Err((position, issue)) => {
                let place = position.map_or_else(String::new, |(line, column)| {
                    format!(" (line {line}, column {column})")
                });
                let why = match issue {
                    // "cannot read file: …" would repeat what the message already says.
                    Issue::UnreadableFile { error } => error,
                    other => other.to_string(),
                };
                problems.at(
                    path!["source", "text"],
                    Issue::UnreadableText {
                        file: super::display(&text_file),
                        place,
                        why,
                    },
                );
            }
        }
    }
    (source, matcher, hash)
}

/// The text a source file has when its `source:` block names none: `<stem>.txt` beside it.
pub(super) fn default_text(folder: CaseFolder, path: &Path) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    folder.dir.join(format!("{stem}.txt"))
}

/// A path that names a file under the case folder: no root, drive or leading `/`.
fn is_relative_path(written: &str) -> bool {
    let path = Path::new(written);
    path.is_relative() && !path.has_root() && !written.is_empty()
}

/// The hash of a source's text file as it was read, with the file's stamp when it has one.
type TextMark = (blake3::Hash, Option<files::Stamp>);

/// Reads and checks one source file on its own, or takes what that produced from the
/// case's `cache` when the file and its text are unchanged (and keeps it there when not).
pub(super) fn load(
    folder: CaseFolder,
    path: PathBuf,
    declared: Option<&Declared>,
    limits: &Limits,
    cache: Option<&LoadPack>,
) -> FileResult {
    let properties = declared.map_or(0, |d| d.property_names.len());
    // A file whose stamp is as its entry kept it is not read at all.
    if let Some(cache) = cache {
        let unread = cache.unread(folder, &path);
        if let Some(file) = unread.and_then(|read| cache.get(read, (folder, properties), &path, limits)) {
            return file;
        }
    }
    let mut problems = FileProblems::new(&path);
    let (content, stamp) = match files::read_content(folder, &path, limits) {
        Ok(read) => read,
        Err(issue) => {
            problems.at_position(None, issue);
            return check(folder, path, String::new(), problems, declared, limits, false).0;
        }
    };
    let cache = cache.map(|cache| (cache, cache.read(&path, &content, stamp)));
    if let Some((cache, read)) = cache {
        if let Some(file) = cache.get(read, (folder, properties), &path, limits) {
            return file;
        }
    }
    // Only a file checked afresh needs its text: one that is not UTF-8 is never kept.
    let text = match files::into_text(content) {
        Ok(text) => text,
        Err((position, issue)) => {
            problems.at_position(position, issue);
            String::new()
        }
    };
    match cache {
        Some((cache, read)) => {
            let (file, text) = check(folder, path, text, problems, declared, limits, true);
            cache.put(read, &file, text);
            file
        }
        None => check(folder, path, text, problems, declared, limits, false).0,
    }
}

/// Checks one source file whose text has been read (empty when it could not be, with the
/// reason in `problems`); with the hash of its source's text file when `hash_text`.
fn check(
    folder: CaseFolder,
    path: PathBuf,
    text: String,
    mut problems: FileProblems,
    declared: Option<&Declared>,
    limits: &Limits,
    hash_text: bool,
) -> (FileResult, Option<TextMark>) {
    let (raw_source, raw_claims) = if text.trim().is_empty() {
        if problems.is_empty() {
            problems.at_position(None, Issue::EmptySourceFile);
        }
        (None, Vec::new())
    } else {
        parse_raw(&text, &mut problems, limits)
    };
    if raw_claims.len() > limits.max_claims_per_file {
        problems.at(
            path!["claims"],
            Issue::TooManyClaims {
                count: raw_claims.len(),
                limit: limits.max_claims_per_file,
            },
        );
    }
    let raw_claims = if raw_claims.len() > limits.max_claims_per_file {
        Vec::new()
    } else {
        raw_claims
    };
    // Over-long fields are reported once, and their claims are checked no further.
    let raw_claims: Vec<(usize, RawClaim)> = raw_claims
        .into_iter()
        .filter(|(at, raw)| within_limits(raw, *at, &mut problems, limits))
        .collect();
    let (source, mut matcher, text_hash) = source_block(
        folder,
        &path,
        raw_source.unwrap_or_default(),
        &mut problems,
        limits,
        hash_text,
    );
    let mut facts = Vec::with_capacity(raw_claims.len());
    let mut texts = ClaimTexts::default();
    let mut relations = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(raw_claims.len());
    for (at, raw) in &raw_claims {
        if let Some(id) = &raw.id {
            if let Some(first) = seen.insert(&id.0, *at) {
                problems.at(
                    path!["claims", *at, "id"],
                    Issue::DuplicateClaimId {
                        id: id.0.clone(),
                        first: first + 1,
                    },
                );
            }
        }
    }
    drop(seen);
    for (at, raw) in raw_claims {
        let quote_found = match (&raw.quote, matcher.as_mut()) {
            (Some(q), Some(matcher)) => Some(matcher.contains(&q.0)),
            _ => None,
        };
        // A claim that fails the common checks is still validated, to report all its problems.
        let ok = common_checks(&raw, at, &mut problems);
        if raw.relation.is_some() {
            if ok {
                relations.push(Pending { at, raw, quote_found });
            }
        } else if let Some(declared) = declared {
            if let Some(mut claim) =
                fact(declared, at, raw, (&source, &mut texts), &mut problems).filter(|_| ok)
            {
                claim.quote_found = quote_found;
                facts.push(claim);
            }
        }
    }
    let text = (!problems.is_empty()).then_some(text);
    texts.finish();
    let file = FileResult {
        path,
        source,
        facts,
        texts,
        relations,
        problems,
        text,
    };
    (file, text_hash)
}
