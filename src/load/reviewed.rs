//! `reviewed.yaml`: findings a fact-checker has triaged, checked against the case.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::raw::RawReview;

/// The entries of `reviewed:` that deserialised, with their index in the file.
struct RawReviewed {
    reviewed: Vec<(usize, RawReview)>,
}
use super::schema::{self, did_you_mean};
use super::{FileProblems, Issue, Limits, Problem, Seg, path};
use crate::finding::Location;
use crate::model::{Case, Review};
use crate::value::date::{self, Calendar};
use crate::value::name;

pub(super) fn load(
    file: &Path,
    text: &str,
    (case, calendar): (&Case, &Calendar),
    out: &mut Vec<Problem>,
    limits: &Limits,
) -> Vec<Review> {
    let mut problems = FileProblems::new(file);
    let reviews = parse(file, text, (case, calendar), &mut problems, limits);
    problems.finish(text, out);
    reviews
}

fn parse(
    file: &Path,
    text: &str,
    (case, calendar): (&Case, &Calendar),
    problems: &mut FileProblems,
    limits: &Limits,
) -> Vec<Review> {
    let Some(tree) = super::parse_yaml(text, problems, limits) else {
        return Vec::new();
    };
    if tree.is_null() {
        return Vec::new();
    }
    let mut shape = Vec::new();
    schema::too_long(&tree, limits.max_value_chars, &mut Vec::new(), &mut shape);
    if !shape.is_empty() {
        problems.shape(shape);
        return Vec::new();
    }
    schema::check_map(&tree, schema::REVIEWED_FILE, &mut Vec::new(), &mut shape);
    // Entries with shape problems are reported and skipped; the others are still checked.
    let broken: Vec<usize> = shape
        .iter()
        .map(|p| match p.path.get(1) {
            Some(Seg::Index(i)) => *i,
            _ => usize::MAX,
        })
        .collect();
    problems.shape(shape);
    if broken.contains(&usize::MAX) {
        return Vec::new();
    }
    let mut raw = RawReviewed { reviewed: Vec::new() };
    if let Some(items) = tree.get("reviewed").and_then(serde_yaml::Value::as_sequence) {
        for (i, item) in items.iter().enumerate() {
            match serde_yaml::from_value(item.clone()) {
                Ok(entry) => raw.reviewed.push((i, entry)),
                Err(e) if !broken.contains(&i) => problems.at(
                    path!["reviewed", i],
                    Issue::Malformed {
                        message: e.to_string(),
                    },
                ),
                Err(_) => {}
            }
        }
    }
    let rule_ids: Vec<&str> = crate::rules::RULES.iter().map(|r| r.id()).collect();
    // Where each entry starts, for the `stale-review` warning that points back at it.
    let entry_paths: Vec<Vec<Seg>> = raw
        .reviewed
        .iter()
        .map(|(i, _)| vec![Seg::Key("reviewed".into()), Seg::Index(*i)])
        .collect();
    let requests: Vec<(&[Seg], bool)> = entry_paths.iter().map(|p| (p.as_slice(), false)).collect();
    let entry_positions = super::locate::positions(text, &requests);
    // Every claim of the case by source, to look references up in constant time.
    let mut by_source: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for claim in &case.claims {
        by_source
            .entry(&case.source_of(claim).id)
            .or_default()
            .push(case.id_of(claim));
    }
    let known: HashSet<(&str, &str)> = by_source
        .iter()
        .flat_map(|(source, ids)| ids.iter().map(move |id| (*source, *id)))
        .collect();
    let mut reviews = Vec::new();
    for ((i, entry), at) in raw.reviewed.into_iter().zip(entry_positions) {
        let mut ok = true;
        let rule = entry.rule.map(|t| t.0).unwrap_or_default();
        if rule.is_empty() {
            problems.at(path!["reviewed", i], Issue::MissingReviewRule);
            ok = false;
        } else if !rule_ids.contains(&rule.as_str()) {
            problems.at(
                path!["reviewed", i, "rule"],
                Issue::UnknownRule {
                    hint: did_you_mean(&rule, rule_ids.iter().copied()),
                    written: rule.clone(),
                },
            );
            ok = false;
        }
        let Some(verdict) = entry.verdict.map(|t| t.0) else {
            problems.at(path!["reviewed", i], Issue::MissingVerdict);
            continue;
        };
        if entry.subject.is_none() && entry.property.is_none() && entry.claims.is_empty() {
            problems.at(path!["reviewed", i], Issue::MissingReviewTarget);
            ok = false;
        }
        let mut claims = Vec::new();
        for (j, reference) in entry.claims.iter().enumerate() {
            let split = reference.0.split_once('/');
            let (source, claim) = split.unwrap_or(("", &reference.0));
            if known.contains(&(source, claim)) {
                claims.push((source.to_string(), claim.to_string()));
                continue;
            }
            // A near miss of the claim within its source, of the source, or (for a bare
            // claim id) of any claim.
            let hint = match (split, by_source.get(source)) {
                (Some(_), Some(ids)) => problems
                    .suggest(claim, ids.iter().copied())
                    .map(|c| format!(" (did you mean `{source}/{c}`?)")),
                (Some(_), None) => problems
                    .suggest(source, by_source.keys().copied())
                    .map(|s| format!(" (did you mean `{s}/{claim}`?)")),
                (None, _) => problems
                    .suggest(claim, by_source.values().flatten().copied())
                    .and_then(|c| {
                        let (s, _) = by_source.iter().find(|(_, ids)| ids.contains(&c))?;
                        Some(format!(" (did you mean `{s}/{c}`?)"))
                    }),
            };
            problems.at(
                path!["reviewed", i, "claims", j],
                Issue::UnknownClaimRef {
                    written: reference.0.clone(),
                    hint: hint.unwrap_or_default(),
                },
            );
            ok = false;
        }
        // A scope is read as claims' scopes are, in the case's calendar; with no source
        // to be relative to, it must name its dates.
        let mut scope = |written: &Option<super::raw::Text>, key: &'static str| {
            let Some(text) = written else { return None };
            if date::is_relative(&text.0) {
                problems.at(
                    path!["reviewed", i, key],
                    Issue::RelativeReviewScope {
                        key,
                        written: text.0.clone(),
                    },
                );
                ok = false;
                return None;
            }
            let read =
                super::claim::date_field(written, path!["reviewed", i, key], (None, calendar), problems);
            ok &= read.is_ok();
            read.ok().flatten()
        };
        let period = scope(&entry.period, "period");
        let since = scope(&entry.since, "since");
        // Subjects are matched as claims name them: an entity alias stands for the entity.
        let subject = entry.subject.map(|t| {
            case.entity_keys
                .get(&name::key(&t.0))
                .map_or(t.0, |e| e.to_string())
        });
        if ok {
            let location = Location {
                file: super::display(file),
                line: at.map(|(line, _)| line),
                column: at.map(|(_, column)| column),
            };
            reviews.push(Review {
                rule,
                subject,
                property: entry.property.map(|t| t.0),
                claims,
                period,
                since,
                verdict,
                note: entry.note.map(|t| t.0),
                location,
            });
        }
    }
    reviews
}
