//! Where the claims that findings show stand in their files: the line and column of each
//! claim and of its `value`. Loading keeps no positions (a million claims would pay for
//! them); once the findings are known, only the files they cite are read again. Each is
//! read line by line ([`lines`]) when its layout is the usual block YAML, which costs
//! little more than reading it, and by the full YAML parser ([`events`]) otherwise.

mod events;
mod lines;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Limits;
use crate::finding::Finding;
use crate::model::Case;

/// A 1-based line and column; columns count characters.
type Position = (usize, usize);

/// Where one claim stands in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    /// The claim's mapping: its first key, after the `- `.
    claim: Position,
    /// Its `value`, when it has one.
    value: Option<Position>,
}

/// The claims of one source that findings show, as (finding, claim) indices.
type Cited = Vec<(usize, usize)>;

/// Fills in where each claim the findings show stands: its file, as the case's path was
/// given, and the line and column of the claim and of its value. Each cited file is read
/// once, the files in parallel; a file that cannot be read again leaves its claims
/// unplaced.
pub fn place(case: &Case, findings: &mut [Finding], limits: &Limits) {
    // Sources are sorted by id.
    let mut cited: HashMap<usize, Cited> = HashMap::new();
    for (f, finding) in findings.iter().enumerate() {
        for (c, claim) in finding.claims.iter().enumerate() {
            if let Ok(s) = case
                .sources
                .binary_search_by(|s| s.id.as_str().cmp(&claim.source))
            {
                cited.entry(s).or_default().push((f, c));
            }
        }
    }
    let root = std::fs::canonicalize(&case.dir).unwrap_or_else(|_| case.dir.clone());
    let placed: Vec<(usize, Cited, HashMap<String, Place>)> = cited
        .into_par_iter()
        .map(|(s, at)| {
            let wanted: FxHashSet<&str> = at
                .iter()
                .map(|&(f, c)| findings[f].claims[c].id.as_str())
                .collect();
            let places = match super::files::read_text(&root, &case.sources[s].file, limits) {
                Ok(text) => places_of(&text, &wanted),
                Err(_) => HashMap::new(),
            };
            (s, at, places)
        })
        .collect();
    for (s, at, places) in placed {
        let file = shown_path(&case.sources[s].file);
        for (f, c) in at {
            let claim = &mut findings[f].claims[c];
            claim.file = Some(file.clone());
            if let Some(place) = places.get(&claim.id) {
                claim.line = Some(place.claim.0);
                claim.column = Some(place.claim.1);
                claim.value_line = place.value.map(|v| v.0);
                claim.value_column = place.value.map(|v| v.1);
            }
        }
    }
}

/// Where the `wanted` claims of a file's text stand: read line by line when that reading
/// vouches for the layout and finds them all, else by the full parser.
fn places_of(text: &str, wanted: &FxHashSet<&str>) -> HashMap<String, Place> {
    if let Some(all) = lines::places(text) {
        let all: FxHashMap<&str, Place> = all.into_iter().collect();
        let found: Option<HashMap<String, Place>> = wanted
            .iter()
            .map(|&id| all.get(id).map(|&place| (id.to_string(), place)))
            .collect();
        if let Some(found) = found {
            return found;
        }
    }
    events::places(text)
        .into_iter()
        .filter(|(id, _)| wanted.contains(id.as_str()))
        .collect()
}

/// A path as a report shows it: as given, without a leading `./`.
fn shown_path(path: &Path) -> String {
    let shown = path.display().to_string();
    match shown.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => shown,
    }
}
