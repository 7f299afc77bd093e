//! Source files: the `source:` block and its claims, and the assembly of a whole case —
//! ids, values, quotes, and the references of relation claims resolved across files.
//!
//! Files are independent until relations are resolved, so each is read, parsed,
//! validated and quote-checked on its own (in parallel); its text and raw shapes are
//! dropped as soon as its claims are built.

use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;
use serde_yaml::Value as Yaml;

use super::case_file::Declared;
use super::raw::{RawClaim, RawSource, Text};
use super::schema::{self, did_you_mean};
use super::{FileProblems, Limits, Problem, Progress, Seg, guard, path};
use crate::model::{Case, Claim, ClaimBody, Extras, Operand, Relation, Source};
use crate::quote;
use crate::value::{self, DateSet, Kind, Options, Value, date};

const SOURCE_KINDS: [&str; 5] = ["news", "wire", "press-release", "official", "comment"];

fn is_claim_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// The whole file in one serde pass: the fast road for files without shape problems.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceFile {
    source: Option<RawSource>,
    #[serde(default)]
    claims: Vec<RawClaim>,
}

/// One source file after its own checks.
struct FileResult {
    path: PathBuf,
    source: Source,
    /// Validated facts, in file order.
    facts: Vec<Claim>,
    /// Relation claims, with their index in the file and whether their quote was found,
    /// waiting for every file's facts.
    relations: Vec<(usize, RawClaim, Option<bool>)>,
    problems: FileProblems,
    /// The file's text, kept only when it has problems to locate.
    text: Option<String>,
}

/// Deserialises every source file of the case folders under `dirs` into the raw shapes,
/// on one thread, and nothing else: the floor a whole check is measured against.
/// Returns the number of claims read.
pub fn deserialize_only(files: &[PathBuf]) -> usize {
    files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter_map(|text| serde_yaml::from_str::<RawSourceFile>(&text).ok())
        .map(|file| file.claims.len())
        .sum()
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
        problems.at_position(
            None,
            None,
            "the source file is empty; expected `source:` and `claims:`",
        );
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
            Err(e) => problems.at(path!["source"], e.to_string()),
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
                    Err(e) => problems.at(path!["claims", i], e.to_string()),
                }
            }
        }
        None if !under(&[Seg::Key("claims".into())]) && tree.is_mapping() && tree.get("claims").is_none() => {
            problems.at(Vec::new(), "a source file needs `claims:`, a list of claims");
        }
        None => {}
    }
    (source, claims)
}

/// The `source:` block, validated; a matcher over the text file for quote checks.
fn source_block(
    dir: &FsPath,
    path: &FsPath,
    raw: RawSource,
    problems: &mut FileProblems,
    limits: &Limits,
) -> (Source, Option<quote::Matcher>) {
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
        text_file: None,
        file: path.to_path_buf(),
    };
    if let Some(id) = raw.id {
        if is_claim_id(&id.0) {
            source.id = id.0;
        } else {
            problems.at(
                path!["source", "id"],
                format!("source id `{}` may use only `a-z`, `0-9`, `.`, `_` and `-`", id.0),
            );
        }
    }
    if let Some(published) = raw.published {
        match date::parse(&published.0, None) {
            Ok(d) if d.days.lo.value.is_finite() && d.days.hi.value.is_finite() && d.weekday.is_none() => {
                source.published = Some(d);
            }
            _ => problems.at(
                path!["source", "published"],
                format!(
                    "`published` must be a calendar date or range such as `2009-12-05`, `December 2009` or \
                     `2015-01-08..2015-01-12`; found `{}`",
                    published.0
                ),
            ),
        }
    }
    if let Some(kind) = raw.kind {
        if SOURCE_KINDS.contains(&kind.0.as_str()) {
            source.kind = Some(kind.0);
        } else {
            problems.at(
                path!["source", "kind"],
                format!(
                    "unknown source kind `{}`{}; expected one of {}",
                    kind.0,
                    did_you_mean(&kind.0, SOURCE_KINDS),
                    SOURCE_KINDS.map(|k| format!("`{k}`")).join(", ")
                ),
            );
        }
    }
    let (text_file, explicit) = match raw.text {
        Some(t) => (dir.join(&t.0), true),
        None => (dir.join(format!("{stem}.txt")), false),
    };
    let mut matcher = None;
    if explicit || text_file.is_file() {
        match super::read_text(&text_file, limits) {
            Ok(content) => {
                matcher = Some(quote::Matcher::new(content));
                source.text_file = Some(text_file);
            }
            Err(problem) => {
                let place = match (problem.line, problem.column) {
                    (Some(line), Some(column)) => format!(" (line {line}, column {column})"),
                    _ => String::new(),
                };
                // "cannot read file: …" would repeat what the message already says.
                let why = problem
                    .message
                    .strip_prefix("cannot read file: ")
                    .unwrap_or(&problem.message);
                problems.at(
                    path!["source", "text"],
                    format!(
                        "cannot read the source text `{}`{place}: {why}",
                        super::display(&text_file)
                    ),
                );
            }
        }
    }
    (source, matcher)
}

/// Reads and checks one source file on its own.
fn load_file(dir: &FsPath, path: PathBuf, declared: Option<&Declared>, limits: &Limits) -> FileResult {
    let mut problems = FileProblems::new(&path);
    let text = match super::read_text(&path, limits) {
        Ok(text) => text,
        Err(problem) => {
            problems.problem(problem);
            String::new()
        }
    };
    let (raw_source, raw_claims) = if text.trim().is_empty() {
        if problems.is_empty() {
            problems.at_position(
                None,
                None,
                "the source file is empty; expected `source:` and `claims:`",
            );
        }
        (None, Vec::new())
    } else {
        parse_raw(&text, &mut problems, limits)
    };
    if raw_claims.len() > limits.max_claims_per_file {
        problems.at(
            path!["claims"],
            format!(
                "the file has {} claims, over the limit of {} (raise it with --max-claims-per-file)",
                raw_claims.len(),
                limits.max_claims_per_file
            ),
        );
    }
    let raw_claims = if raw_claims.len() > limits.max_claims_per_file {
        Vec::new()
    } else {
        raw_claims
    };
    let (source, mut matcher) =
        source_block(dir, &path, raw_source.unwrap_or_default(), &mut problems, limits);
    let mut facts = Vec::with_capacity(raw_claims.len());
    let mut relations = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(raw_claims.len());
    for (at, raw) in &raw_claims {
        if let Some(id) = &raw.id {
            if let Some(first) = seen.insert(&id.0, *at) {
                problems.at(
                    path!["claims", *at, "id"],
                    format!(
                        "claim id `{}` is already used by claim {} in this file",
                        id.0,
                        first + 1
                    ),
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
        let ok = common_checks(&raw, at, &mut problems, limits);
        if raw.relation.is_some() {
            if ok {
                relations.push((at, raw, quote_found));
            }
        } else if let Some(declared) = declared {
            if let Some(mut claim) = fact(declared, at, raw, &source, &mut problems).filter(|_| ok) {
                claim.quote_found = quote_found;
                facts.push(claim);
            }
        }
    }
    let text = (!problems.is_empty()).then_some(text);
    FileResult {
        path,
        source,
        facts,
        relations,
        problems,
        text,
    }
}

/// Assembles a case from its declarations and source files; `None` when anything is wrong.
pub fn assemble(
    name: String,
    dir: &FsPath,
    declared: Option<Declared>,
    paths: Vec<PathBuf>,
    (progress, limits): (&Progress, &Limits),
    out: &mut Vec<Problem>,
) -> Option<Case> {
    // Files load in parallel a chunk at a time, and each chunk's facts are appended as it
    // completes, so a large case never holds its claims twice.
    let mut files: Vec<FileResult> = Vec::with_capacity(paths.len());
    // The claims array is sized once, after the first chunk, from its claims per byte of
    // YAML: growing by doubling would briefly hold the old and the new array.
    let sizes: Vec<u64> = paths
        .iter()
        .map(|p| p.metadata().map_or(0, |m| m.len()))
        .collect();
    let mut claims: Vec<Claim> = Vec::new();
    let mut first_fact = Vec::with_capacity(paths.len() + 1);
    let mut interner = Interner::default();
    for chunk in paths.chunks(CHUNK) {
        let loaded: Vec<FileResult> = chunk
            .par_iter()
            .map(|path| {
                let file = load_file(dir, path.clone(), declared.as_ref(), limits);
                progress.file_done();
                file
            })
            .collect();
        if claims.capacity() == 0 {
            let (facts, bytes) = (
                loaded.iter().map(|f| f.facts.len()).sum::<usize>(),
                sizes[..chunk.len()].iter().sum::<u64>(),
            );
            let rest: u64 = sizes[chunk.len()..].iter().sum();
            let estimate = facts as f64 + rest as f64 * facts as f64 / bytes.max(1) as f64 * 1.05;
            claims.reserve(estimate as usize);
        }
        for mut file in loaded {
            first_fact.push(claims.len());
            let f = files.len();
            claims.extend(std::mem::take(&mut file.facts).into_iter().map(|mut claim| {
                claim.source = index32(f);
                interner.share(&mut claim);
                claim
            }));
            files.push(file);
        }
    }
    first_fact.push(claims.len());
    // Sources in id order; ids default to the file stems, so this is usually the order
    // the files were read in already.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| {
        files[a]
            .source
            .id
            .cmp(&files[b].source.id)
            .then(files[a].path.cmp(&files[b].path))
    });
    if order.iter().enumerate().any(|(k, &f)| k != f) {
        (files, claims, first_fact) = reorder(files, claims, &first_fact, &order);
    }
    for i in 1..files.len() {
        if files[i].source.id == files[i - 1].source.id {
            let message = format!(
                "source id `{}` is also used by `{}`; source ids must be unique in a case",
                files[i].source.id,
                super::display(&files[i - 1].path)
            );
            files[i].problems.at(path!["source", "id"], message);
        }
    }
    if let Some(declared) = &declared {
        let resolved = resolve_relations(declared, &claims, &first_fact, &mut files);
        claims.extend(resolved);
    }

    let mut ok = declared.is_some();
    for file in files.iter_mut() {
        ok &= file.problems.is_empty();
        let problems = std::mem::replace(&mut file.problems, FileProblems::new(&file.path));
        problems.finish_reading(file.text.take(), out);
    }
    let declared = declared.filter(|_| ok)?;
    Some(Case {
        name,
        dir: dir.to_path_buf(),
        title: declared.title,
        properties: declared.properties,
        entities: declared.entities,
        entity_keys: declared.entity_keys,
        rules: declared.rules,
        sources: files.into_iter().map(|f| f.source).collect(),
        claims,
        reviews: Vec::new(),
    })
}

fn parse_date_field(
    written: &Option<Text>,
    key: &str,
    at: usize,
    source: &Source,
    problems: &mut FileProblems,
) -> Result<Option<DateSet>, ()> {
    let Some(written) = written else { return Ok(None) };
    date::parse(&written.0, source.published.as_ref())
        .map(Some)
        .map_err(|_| {
            problems.at(
                path!["claims", at, key],
                format!(
                    "`{key}` must be a date; `{}` is not one. Expected {}",
                    written.0,
                    Kind::Date.accepted_forms()
                ),
            );
        })
}

/// Source files loaded in parallel at a time.
const CHUNK: usize = 256;

/// Makes claims with the same subject or speaker share one string: files are loaded
/// apart, so each built its own.
#[derive(Default)]
struct Interner {
    seen: std::collections::HashSet<Arc<str>>,
}

impl Interner {
    fn shared(&mut self, s: &mut Arc<str>) {
        match self.seen.get(&**s) {
            Some(existing) => *s = existing.clone(),
            None => {
                self.seen.insert(s.clone());
            }
        }
    }

    fn share(&mut self, claim: &mut Claim) {
        if let ClaimBody::Fact { subject, .. } = &mut claim.body {
            self.shared(subject);
        }
        if let Some(said_by) = claim.extras.as_mut().and_then(|e| e.said_by.as_mut()) {
            self.shared(said_by);
        }
    }
}

/// Puts files, and their facts, in `order`.
fn reorder(
    files: Vec<FileResult>,
    claims: Vec<Claim>,
    first_fact: &[usize],
    order: &[usize],
) -> (Vec<FileResult>, Vec<Claim>, Vec<usize>) {
    let mut old: Vec<Option<Claim>> = claims.into_iter().map(Some).collect();
    let mut old_files: Vec<Option<FileResult>> = files.into_iter().map(Some).collect();
    let (mut files, mut claims, mut starts) = (Vec::new(), Vec::with_capacity(old.len()), Vec::new());
    for (new, &f) in order.iter().enumerate() {
        starts.push(claims.len());
        for slot in &mut old[first_fact[f]..first_fact[f + 1]] {
            if let Some(mut claim) = slot.take() {
                claim.source = index32(new);
                claims.push(claim);
            }
        }
        files.extend(old_files[f].take());
    }
    starts.push(claims.len());
    (files, claims, starts)
}

/// Checks every claim needs, fact or relation: an id and a value, and no fields of the
/// other kind. Returns whether the claim can be built.
fn common_checks(raw: &RawClaim, at: usize, problems: &mut FileProblems, limits: &Limits) -> bool {
    let mut ok = true;
    for (key, text) in [("value", &raw.value), ("quote", &raw.quote)] {
        let chars = text.as_ref().map_or(0, |t| t.0.chars().count());
        if chars > limits.max_value_chars {
            problems.at(
                path!["claims", at, key],
                format!(
                    "`{key}` is {chars} characters long, over the limit of {} (raise it with --max-value-length)",
                    limits.max_value_chars
                ),
            );
            ok = false;
        }
    }
    match &raw.id {
        Some(id) if is_claim_id(&id.0) => {}
        Some(id) => {
            problems.at(
                path!["claims", at, "id"],
                format!("claim id `{}` may use only `a-z`, `0-9`, `.`, `_` and `-`", id.0),
            );
            ok = false;
        }
        None => {
            problems.at(path!["claims", at], "a claim needs an `id`");
            ok = false;
        }
    }
    if raw.value.is_none() {
        problems.at(path!["claims", at], "a claim needs a `value`");
        ok = false;
    }
    if raw.relation.is_some() {
        for (key, present) in [
            ("subject", raw.subject.is_some()),
            ("property", raw.property.is_some()),
        ] {
            if present {
                problems.at_key(
                    path!["claims", at, key],
                    format!("a relation claim has `relation`, `of`, `to` and `value` instead of `{key}`"),
                );
                ok = false;
            }
        }
    } else {
        for (key, present) in [("of", raw.of.is_some()), ("to", raw.to.is_some())] {
            if present {
                problems.at_key(
                    path!["claims", at, key],
                    format!(
                        "`{key}` belongs to relation claims; add `relation: ratio` or `relation: difference`"
                    ),
                );
                ok = false;
            }
        }
    }
    ok
}

/// Validates a fact claim: its property, value and dates.
fn fact(
    declared: &Declared,
    at: usize,
    raw: RawClaim,
    source: &Source,
    problems: &mut FileProblems,
) -> Option<Claim> {
    let period = parse_date_field(&raw.period, "period", at, source, problems);
    let since = parse_date_field(&raw.since, "since", at, source, problems);
    let (Some(subject), Some(property)) = (&raw.subject, &raw.property) else {
        problems.at(
            path!["claims", at],
            "a claim needs `subject` and `property` (or, for a relation claim, `relation`, `of` and `to`)",
        );
        return None;
    };
    let Some(prop) = declared.properties.get(&property.0) else {
        problems.at(
            path!["claims", at, "property"],
            format!(
                "property `{}` is not declared in case.yaml{}",
                property.0,
                did_you_mean(&property.0, declared.properties.keys().map(String::as_str))
            ),
        );
        return None;
    };
    let options = Options {
        unit: prop.unit.as_deref(),
        tolerance: prop.tolerance,
        published: source.published.as_ref(),
    };
    let value_text = raw.value.as_ref().map_or("", |t| t.0.as_str());
    let value = match value::parse(value_text, prop.kind, options, &declared.entity_keys) {
        Ok(v) => v,
        Err(e) => {
            problems.at(path!["claims", at, "value"], e.0);
            return None;
        }
    };
    let subject: Arc<str> = match declared.entity_keys.get(&value::name::key(&subject.0)) {
        Some(entity) => entity.clone(),
        None => subject.0.as_str().into(),
    };
    let (Ok(period), Ok(since)) = (period, since) else {
        return None;
    };
    let body = ClaimBody::Fact {
        subject,
        property: prop.name.clone(),
    };
    Some(build(raw, usize::MAX, body, value, (period, since)))
}

/// The claim a validated raw claim becomes; the fields that need no checking are copied.
fn build(
    raw: RawClaim,
    source: usize,
    body: ClaimBody,
    value: Value,
    dates: (Option<DateSet>, Option<DateSet>),
) -> Claim {
    let boxed = |t: Option<Text>| t.map(|t| t.0.into_boxed_str());
    Claim {
        source: index32(source),
        id: boxed(raw.id).unwrap_or_default(),
        body,
        written: boxed(raw.value).unwrap_or_default(),
        value,
        quote: boxed(raw.quote),
        quote_found: None,
        extras: match (dates, raw.said_by, raw.note) {
            ((None, None), None, None) => None,
            ((period, since), said_by, note) => Some(Box::new(Extras {
                period,
                since,
                said_by: said_by.map(|t| t.0.into()),
                note: boxed(note),
            })),
        },
    }
}

/// What an operand of a relation measures.
fn operand_kind(declared: &Declared, claim: &Claim) -> Option<Kind> {
    let kind = declared.properties.get(claim.property()?)?.kind;
    Some(if kind == Kind::Weekday { Kind::Date } else { kind })
}

/// Finds facts by id within a file, building each file's index only when a relation
/// refers into it.
struct FactIndex<'c> {
    claims: &'c [Claim],
    first_fact: &'c [usize],
    by_file: HashMap<usize, HashMap<&'c str, usize>>,
}

impl<'c> FactIndex<'c> {
    fn get(&mut self, file: usize, id: &str) -> Option<usize> {
        let (claims, range) = (self.claims, self.first_fact[file]..self.first_fact[file + 1]);
        let index = self
            .by_file
            .entry(file)
            .or_insert_with(|| range.clone().map(|i| (&*claims[i].id, i)).collect());
        index.get(id).copied()
    }

    fn ids_of(&self, file: usize) -> impl Iterator<Item = &'c str> + 'c {
        let claims = self.claims;
        (self.first_fact[file]..self.first_fact[file + 1]).map(move |i| &*claims[i].id)
    }
}

/// Resolves every relation claim against the facts; returns the valid ones as claims.
fn resolve_relations(
    declared: &Declared,
    claims: &[Claim],
    first_fact: &[usize],
    files: &mut [FileResult],
) -> Vec<Claim> {
    let source_ids: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.source.id.clone(), i))
        .collect();
    let ids: Vec<String> = files.iter().map(|f| f.source.id.clone()).collect();
    let relation_ids: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            f.relations
                .iter()
                .filter_map(|(_, raw, _)| raw.id.as_ref().map(|t| t.0.clone()))
                .collect()
        })
        .collect();
    let mut index = FactIndex {
        claims,
        first_fact,
        by_file: HashMap::new(),
    };
    let mut resolved = Vec::new();
    for (file, result) in files.iter_mut().enumerate() {
        let anchor = result.source.published;
        for (at, raw, quote_found) in std::mem::take(&mut result.relations) {
            let problems = &mut result.problems;
            let relation = match raw.relation.as_ref().map_or("", |t| t.0.as_str()) {
                "ratio" => Some(Relation::Ratio),
                "difference" => Some(Relation::Difference),
                other => {
                    problems.at(
                        path!["claims", at, "relation"],
                        format!(
                            "unknown relation `{other}`{}; expected `ratio` or `difference`",
                            did_you_mean(other, ["ratio", "difference"])
                        ),
                    );
                    None
                }
            };
            let mut operands = Vec::new();
            for (key, written) in [("of", &raw.of), ("to", &raw.to)] {
                let Some(written) = written else {
                    problems.at(path!["claims", at], format!("a relation claim needs `{key}`"));
                    continue;
                };
                let written = written.0.as_str();
                if written == "published" {
                    operands.push((Operand::Published(index32(file)), Some(Kind::Date)));
                    continue;
                }
                let (target_file, claim_id) = match written.split_once('/') {
                    Some((src, claim_id)) => (source_ids.get(src).copied(), claim_id),
                    None => (Some(file), written),
                };
                let target = target_file.and_then(|f| index.get(f, claim_id));
                match target {
                    Some(t) => {
                        operands.push((Operand::Claim(index32(t)), operand_kind(declared, &claims[t])))
                    }
                    None if target_file.is_some_and(|f| relation_ids[f].iter().any(|r| r == claim_id)) => {
                        problems.at(
                            path!["claims", at, key],
                            format!("`{written}` is itself a relation; relations relate facts"),
                        );
                    }
                    None => {
                        let here: Vec<&str> = index.ids_of(file).collect();
                        let suggestion = match target_file {
                            Some(f) if f != file => {
                                let there: Vec<String> =
                                    index.ids_of(f).map(|c| format!("{}/{c}", ids[f])).collect();
                                did_you_mean(written, there.iter().map(String::as_str))
                            }
                            _ => did_you_mean(written, here.iter().copied()),
                        };
                        problems.at(
                            path!["claims", at, key],
                            format!(
                                "`{key}` refers to `{written}`, which is no claim of this case{suggestion}; write \
                                 `<claim-id>`, `<source-id>/<claim-id>` or `published`"
                            ),
                        );
                    }
                }
            }
            let (Some(relation), [(of, Some(kind_of)), (to, Some(kind_to))]) =
                (relation, operands.as_slice())
            else {
                continue;
            };
            let numeric = |k: &Kind| matches!(k, Kind::Quantity | Kind::Duration | Kind::Frequency);
            let value_kind = match relation {
                Relation::Ratio if kind_of == kind_to && numeric(kind_of) => Kind::Quantity,
                Relation::Difference if *kind_of == Kind::Date && *kind_to == Kind::Date => Kind::Duration,
                Relation::Difference if kind_of == kind_to && numeric(kind_of) => *kind_of,
                _ => {
                    let what = if relation == Relation::Ratio {
                        "a ratio needs two quantities, durations or frequencies"
                    } else {
                        "a difference needs two dates, two quantities or two durations"
                    };
                    problems.at(
                        path!["claims", at, "relation"],
                        format!(
                            "{what}; `of` is a {} and `to` is a {}",
                            kind_of.name(),
                            kind_to.name()
                        ),
                    );
                    continue;
                }
            };
            let uses_published = [of, to].iter().any(|o| matches!(o, Operand::Published(_)));
            if uses_published && anchor.is_none() {
                problems.at(
                    path!["claims", at],
                    "`published` is an operand, but the source has no `published` date",
                );
                continue;
            }
            let value_text = raw.value.as_ref().map_or("", |t| t.0.as_str());
            let value = match value::parse(value_text, value_kind, Options::default(), &declared.entity_keys)
            {
                Ok(v) => v,
                Err(e) => {
                    problems.at(path!["claims", at, "value"], e.0);
                    continue;
                }
            };
            let period = raw
                .period
                .as_ref()
                .and_then(|p| date::parse(&p.0, anchor.as_ref()).ok());
            let since = raw
                .since
                .as_ref()
                .and_then(|p| date::parse(&p.0, anchor.as_ref()).ok());
            let body = ClaimBody::Relation {
                relation,
                of: *of,
                to: *to,
            };
            let mut claim = build(raw, file, body, value, (period, since));
            claim.quote_found = quote_found;
            resolved.push(claim);
        }
    }
    resolved
}

/// Claim and source indices are stored as `u32` to keep claims small; a case of four
/// billion claims would not fit in memory anyway.
fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
