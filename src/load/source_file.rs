//! Source files: the `source:` block and its claims, and the assembly of a whole case —
//! ids, values, and the references of relation claims resolved across files.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path as FsPath, PathBuf};

use serde_yaml::Value as Yaml;

use super::case_file::Declared;
use super::raw::{RawClaim, RawSource};
use super::schema::{self, did_you_mean};
use super::{FileProblems, Path, Problem, Seg, path};
use crate::model::{Case, Claim, ClaimBody, Operand, Relation, Source, SourceText};
use crate::value::{self, DateSet, Kind, Options, Value, date};

const SOURCE_KINDS: [&str; 5] = ["news", "wire", "press-release", "official", "comment"];

fn is_claim_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// One source file after its own checks.
struct ParsedFile {
    path: PathBuf,
    text: String,
    problems: FileProblems,
    source: Source,
    /// Claims that passed the shape check, with their index in the file.
    claims: Vec<(usize, RawClaim)>,
}

fn shape_problems(tree: &Yaml, problems: &mut FileProblems) -> Vec<Path> {
    let mut shape = Vec::new();
    schema::check_map(tree, schema::SOURCE_FILE, &mut Vec::new(), &mut shape);
    let paths = shape.iter().map(|p| p.path.clone()).collect();
    problems.shape(shape);
    paths
}

fn parse_file(dir: &FsPath, path: PathBuf, text: String) -> ParsedFile {
    let mut problems = FileProblems::new(&path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut source = Source {
        id: stem.clone(),
        title: None,
        publisher: None,
        author: None,
        published: None,
        url: None,
        kind: None,
        text: None,
        file: path.clone(),
    };
    let mut claims = Vec::new();
    let tree = super::parse_yaml(&text, &mut problems);
    let tree = match tree {
        Some(Yaml::Null) => {
            problems.at_position(
                None,
                None,
                "the source file is empty; expected `source:` and `claims:`",
            );
            None
        }
        other => other,
    };
    let mut raw_source = RawSource::default();
    if let Some(tree) = &tree {
        let bad = shape_problems(tree, &mut problems);
        let under = |prefix: &[Seg]| bad.iter().any(|p| p.starts_with(prefix) || prefix.starts_with(p));
        if let Some(block) = tree
            .get("source")
            .filter(|_| !under(&[Seg::Key("source".into())]))
        {
            if !block.is_null() {
                match serde_yaml::from_value::<RawSource>(block.clone()) {
                    Ok(raw) => raw_source = raw,
                    Err(e) => problems.at(path!["source"], e.to_string()),
                }
            }
        }
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
            None if !under(&[Seg::Key("claims".into())]) && tree.is_mapping() => {
                problems.at(Vec::new(), "a source file needs `claims:`, a list of claims");
            }
            None => {}
        }
    }

    if let Some(id) = raw_source.id {
        if is_claim_id(&id.0) {
            source.id = id.0;
        } else {
            problems.at(
                path!["source", "id"],
                format!("source id `{}` may use only `a-z`, `0-9`, `.`, `_` and `-`", id.0),
            );
        }
    }
    source.title = raw_source.title.map(|t| t.0);
    source.publisher = raw_source.publisher.map(|t| t.0);
    source.author = raw_source.author.map(|t| t.0);
    source.url = raw_source.url.map(|t| t.0);
    if let Some(published) = raw_source.published {
        match date::parse(&published.0, None) {
            Ok(d) if d.days.lo.value.is_finite() && d.days.hi.value.is_finite() && d.weekday.is_none() => {
                source.published = Some(d);
            }
            _ => problems.at(path!["source", "published"], format!(
                "`published` must be a calendar date or range such as `2009-12-05`, `December 2009` or `2015-01-08..2015-01-12`; found `{}`",
                published.0
            )),
        }
    }
    if let Some(kind) = raw_source.kind {
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
    let (text_file, explicit) = match raw_source.text {
        Some(t) => (dir.join(&t.0), true),
        None => (dir.join(format!("{stem}.txt")), false),
    };
    if explicit || text_file.is_file() {
        match std::fs::read_to_string(&text_file) {
            Ok(content) => {
                source.text = Some(SourceText {
                    file: text_file,
                    content,
                })
            }
            Err(e) => problems.at(
                path!["source", "text"],
                format!(
                    "cannot read the source text `{}`: {e}",
                    super::display(&text_file)
                ),
            ),
        }
    }
    ParsedFile {
        path,
        text,
        problems,
        source,
        claims,
    }
}

/// A claim before relation references are resolved.
struct Draft {
    file: usize,
    at: usize,
    raw: RawClaim,
    claim: Option<Claim>,
}

/// Assembles a case from its declarations and source files; `None` when anything is wrong.
pub fn assemble(
    name: String,
    dir: &FsPath,
    declared: Option<Declared>,
    files: Vec<(PathBuf, String)>,
    out: &mut Vec<Problem>,
) -> Option<Case> {
    let mut parsed: Vec<ParsedFile> = files
        .into_iter()
        .map(|(path, text)| parse_file(dir, path, text))
        .collect();
    parsed.sort_by(|a, b| a.source.id.cmp(&b.source.id).then(a.path.cmp(&b.path)));
    for i in 1..parsed.len() {
        if parsed[i].source.id == parsed[i - 1].source.id {
            let message = format!(
                "source id `{}` is also used by `{}`; source ids must be unique in a case",
                parsed[i].source.id,
                super::display(&parsed[i - 1].path)
            );
            parsed[i].problems.at(path!["source", "id"], message);
        }
    }

    let mut drafts = Vec::new();
    if let Some(declared) = &declared {
        for (f, file) in parsed.iter_mut().enumerate() {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (at, raw) in std::mem::take(&mut file.claims) {
                if let Some(id) = &raw.id {
                    if let Some(first) = seen.insert(id.0.clone(), at) {
                        file.problems.at(
                            path!["claims", at, "id"],
                            format!(
                                "claim id `{}` is already used by claim {} in this file",
                                id.0,
                                first + 1
                            ),
                        );
                    }
                }
                let claim = fact(declared, f, at, &raw, &file.source, &mut file.problems);
                drafts.push(Draft {
                    file: f,
                    at,
                    raw,
                    claim,
                });
            }
        }
        resolve_relations(declared, &mut drafts, &mut parsed);
    }

    let mut ok = declared.is_some();
    for file in parsed.iter_mut() {
        ok &= file.problems.is_empty();
        std::mem::replace(&mut file.problems, FileProblems::new(&file.path)).finish(&file.text, out);
    }
    let declared = declared?;
    let claims: Option<Vec<Claim>> = drafts.into_iter().map(|d| d.claim).collect();
    let claims = claims.filter(|_| ok)?;
    Some(Case {
        name,
        dir: dir.to_path_buf(),
        title: declared.title,
        properties: declared.properties,
        entities: declared.entities,
        entity_keys: declared.entity_keys,
        rules: declared.rules,
        sources: parsed.into_iter().map(|f| f.source).collect(),
        claims,
        reviews: Vec::new(),
    })
}

fn parse_date_field(
    written: &Option<super::raw::Text>,
    key: &str,
    at: usize,
    source: &Source,
    problems: &mut FileProblems,
) -> Result<Option<DateSet>, ()> {
    let Some(written) = written else {
        return Ok(None);
    };
    match date::parse(&written.0, source.published.as_ref()) {
        Ok(d) => Ok(Some(d)),
        Err(_) => {
            problems.at(
                path!["claims", at, key],
                format!(
                    "`{key}` must be a date; `{}` is not one. Expected {}",
                    written.0,
                    Kind::Date.accepted_forms()
                ),
            );
            Err(())
        }
    }
}

/// Validates a claim; for relation claims only what can be checked before resolution,
/// returning `None` so that [`resolve_relations`] completes it.
fn fact(
    declared: &Declared,
    file: usize,
    at: usize,
    raw: &RawClaim,
    source: &Source,
    problems: &mut FileProblems,
) -> Option<Claim> {
    let mut ok = true;
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
    let period = parse_date_field(&raw.period, "period", at, source, problems);
    let since = parse_date_field(&raw.since, "since", at, source, problems);
    let Some(value_text) = &raw.value else {
        problems.at(path!["claims", at], "a claim needs a `value`");
        return None;
    };
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
            }
        }
        return None;
    }
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
    let value = match value::parse(&value_text.0, prop.kind, options, &declared.entity_keys) {
        Ok(v) => v,
        Err(e) => {
            problems.at(path!["claims", at, "value"], e.0);
            return None;
        }
    };
    let subject_key = value::name::key(&subject.0);
    let subject = declared
        .entity_keys
        .get(&subject_key)
        .cloned()
        .unwrap_or_else(|| subject.0.clone());
    let (Ok(period), Ok(since)) = (period, since) else {
        return None;
    };
    ok.then(|| {
        let body = ClaimBody::Fact {
            subject,
            property: property.0.clone(),
        };
        build(raw, file, body, value, (period, since))
    })
}

/// The claim a validated raw claim becomes; the fields that need no checking are copied.
fn build(
    raw: &RawClaim,
    source: usize,
    body: ClaimBody,
    value: Value,
    dates: (Option<DateSet>, Option<DateSet>),
) -> Claim {
    let text = |t: &Option<super::raw::Text>| t.as_ref().map(|t| t.0.clone());
    Claim {
        source,
        id: text(&raw.id).unwrap_or_default(),
        body,
        written: text(&raw.value).unwrap_or_default(),
        value,
        period: dates.0,
        since: dates.1,
        said_by: text(&raw.said_by),
        quote: text(&raw.quote),
        note: text(&raw.note),
    }
}

/// What an operand of a relation measures.
fn operand_kind(declared: &Declared, claim: &Claim) -> Option<Kind> {
    let kind = declared.properties.get(claim.property()?)?.kind;
    Some(if kind == Kind::Weekday { Kind::Date } else { kind })
}

fn resolve_relations(declared: &Declared, drafts: &mut [Draft], parsed: &mut [ParsedFile]) {
    let index: BTreeMap<(usize, String), usize> = drafts
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.raw.id.as_ref().map(|id| ((d.file, id.0.clone()), i)))
        .collect();
    let source_ids: HashMap<String, usize> = parsed
        .iter()
        .enumerate()
        .map(|(i, f)| (f.source.id.clone(), i))
        .collect();
    let ids: Vec<String> = parsed.iter().map(|f| f.source.id.clone()).collect();
    let published: Vec<Option<DateSet>> = parsed.iter().map(|f| f.source.published).collect();

    for i in 0..drafts.len() {
        let Some(relation_text) = drafts[i].raw.relation.clone() else {
            continue;
        };
        let (file, at) = (drafts[i].file, drafts[i].at);
        let problems = &mut parsed[file].problems;
        let anchor = published[file];
        let relation = match relation_text.0.as_str() {
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
        for key in ["of", "to"] {
            let written = if key == "of" {
                &drafts[i].raw.of
            } else {
                &drafts[i].raw.to
            };
            let Some(written) = written else {
                problems.at(path!["claims", at], format!("a relation claim needs `{key}`"));
                continue;
            };
            let written = written.0.as_str();
            if written == "published" {
                operands.push((key, Operand::Published(file), Some(Kind::Date)));
                continue;
            }
            let (src, claim_id) = match written.split_once('/') {
                Some((src, claim_id)) => (source_ids.get(src).copied(), claim_id),
                None => (Some(file), written),
            };
            let target = src.and_then(|s| index.get(&(s, claim_id.to_string())).copied());
            match target {
                None => {
                    let candidates: Vec<String> = index
                        .keys()
                        .map(|(s, c)| {
                            if *s == file {
                                c.clone()
                            } else {
                                format!("{}/{c}", ids[*s])
                            }
                        })
                        .collect();
                    problems.at(path!["claims", at, key], format!(
                        "`{key}` refers to `{written}`, which is no claim of this case{}; write `<claim-id>`, `<source-id>/<claim-id>` or `published`",
                        did_you_mean(written, candidates.iter().map(String::as_str))
                    ));
                }
                Some(t) if t == i => {
                    problems.at(path!["claims", at, key], "a relation cannot refer to itself")
                }
                Some(t) => match &drafts[t].claim {
                    Some(target) if target.subject().is_some() => {
                        operands.push((key, Operand::Claim(t), operand_kind(declared, target)));
                    }
                    Some(_) | None if drafts[t].raw.relation.is_some() => {
                        problems.at(
                            path!["claims", at, key],
                            format!("`{written}` is itself a relation; relations relate facts"),
                        );
                    }
                    _ => {}
                },
            }
        }
        let Some(relation) = relation else { continue };
        if operands.len() != 2 {
            continue;
        }
        let (kind_of, kind_to) = (operands[0].2, operands[1].2);
        let value_kind = match (relation, kind_of, kind_to) {
            (_, None, _) | (_, _, None) => continue,
            (Relation::Ratio, Some(a), Some(b))
                if a == b && matches!(a, Kind::Quantity | Kind::Duration | Kind::Frequency) =>
            {
                Kind::Quantity
            }
            (Relation::Difference, Some(Kind::Date), Some(Kind::Date)) => Kind::Duration,
            (Relation::Difference, Some(a), Some(b))
                if a == b && matches!(a, Kind::Quantity | Kind::Duration | Kind::Frequency) =>
            {
                a
            }
            (_, Some(a), Some(b)) => {
                let what = if relation == Relation::Ratio {
                    "a ratio needs two quantities, durations or frequencies"
                } else {
                    "a difference needs two dates, two quantities or two durations"
                };
                problems.at(
                    path!["claims", at, "relation"],
                    format!("{what}; `of` is a {} and `to` is a {}", a.name(), b.name()),
                );
                continue;
            }
        };
        if operands
            .iter()
            .any(|(_, o, _)| matches!(o, Operand::Published(_)))
            && anchor.is_none()
        {
            problems.at(
                path!["claims", at],
                "`published` is an operand, but the source has no `published` date",
            );
            continue;
        }
        let value_text = drafts[i].raw.value.clone().map(|t| t.0).unwrap_or_default();
        let value = match value::parse(&value_text, value_kind, Options::default(), &declared.entity_keys) {
            Ok(v) => v,
            Err(e) => {
                problems.at(path!["claims", at, "value"], e.0);
                continue;
            }
        };
        let raw = &drafts[i].raw;
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
            of: operands[0].1,
            to: operands[1].1,
        };
        drafts[i].claim = Some(build(raw, file, body, value, (period, since)));
    }
}
