//! Where the claims that findings show stand in their files: the line and column of each
//! claim and of its `value`. Loading keeps no positions (a million claims would pay for
//! them); once the findings are known, only the files they cite are read again. Each is
//! read line by line ([`lines`]) when its layout is the usual block YAML, which costs
//! little more than reading it, and by the full YAML parser ([`events`]) otherwise.

mod events;
mod lines;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::cache::PlacesPack;
use super::{Cache, Limits};
use crate::finding::Finding;
use crate::model::Case;

/// A 1-based line and column; columns count characters.
type Position = (usize, usize);

/// Where one claim stands in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Place {
    /// The claim's mapping: its first key, after the `- `.
    claim: Position,
    /// Its `value`, when it has one.
    value: Option<Position>,
}

/// The claims of one source that findings show, as (finding, claim) indices.
type Cited = Vec<(usize, usize)>;

/// Source files placed together (a group of the cache's packs, and whether it is the
/// case's last), and the claims cited of each of them.
type Group<'p> = (bool, &'p [PathBuf], Vec<(usize, Cited)>);

/// A cited claim, as (finding, claim) indices, and its place when its file has it.
type Found = ((usize, usize), Option<Place>);

/// Fills in where each claim the findings show stands: its file, as the case's path was
/// given, and the line and column of the claim and of its value. Each cited file is read
/// once, the files in parallel; a file that cannot be read again leaves its claims
/// unplaced.
pub fn place(case: &Case, findings: &mut [Finding], limits: &Limits, cache: Option<&Cache>) {
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
    // With a cache, sources are placed in the groups its packs keep together, as loading
    // grouped the case's files (in path order).
    let mut by_path: Vec<usize> = (0..case.sources.len()).collect();
    if cache.is_some() {
        by_path.sort_by(|&a, &b| case.sources[a].file.cmp(&case.sources[b].file));
    }
    let paths: Vec<PathBuf> = match cache {
        Some(_) => by_path.iter().map(|&s| case.sources[s].file.clone()).collect(),
        None => Vec::new(),
    };
    let groups: Vec<Group> = match cache {
        Some(_) => {
            let ranges = super::cache::groups(&paths);
            let mut group_of = vec![0; case.sources.len()];
            for (g, range) in ranges.iter().enumerate() {
                for &s in &by_path[range.clone()] {
                    group_of[s] = g;
                }
            }
            let mut members: Vec<Vec<(usize, Cited)>> = vec![Vec::new(); ranges.len()];
            for (s, at) in cited {
                members[group_of[s]].push((s, at));
            }
            ranges
                .into_iter()
                .zip(members)
                .filter(|(_, members)| !members.is_empty())
                .map(|(range, members)| (range.end == paths.len(), &paths[range], members))
                .collect()
        }
        None => vec![(true, &paths[..], cited.into_iter().collect())],
    };
    // Each cited claim with its place, if found; no id is copied.
    let placed: Vec<(usize, Vec<Found>)> = groups
        .into_par_iter()
        .flat_map_iter(|(tail, group, members)| {
            let pack = cache.map(|cache| cache.places_pack(&case.dir, group, tail, limits));
            let placed: Vec<(usize, Vec<Found>)> = members
                .into_par_iter()
                .map(|(s, at)| {
                    let id = |&(f, c): &(usize, usize)| findings[f].claims[c].id.as_str();
                    let wanted: FxHashSet<&str> = at.iter().map(id).collect();
                    let path = &case.sources[s].file;
                    let places = pack
                        .as_ref()
                        .and_then(|pack| kept_places(pack, path, &wanted))
                        .unwrap_or_else(|| {
                            let places = match super::files::read_text(&root, path, limits) {
                                Ok(text) => places_of(&text, &wanted),
                                Err(_) => FxHashMap::default(),
                            };
                            if let Some(pack) = &pack {
                                let mut kept: Vec<(&str, Option<Place>)> =
                                    wanted.iter().map(|&id| (id, places.get(id).copied())).collect();
                                kept.sort_unstable_by_key(|(id, _)| *id);
                                pack.put(path, &kept);
                            }
                            places
                        });
                    let at = at
                        .iter()
                        .map(|claim| (*claim, places.get(id(claim)).copied()))
                        .collect();
                    (s, at)
                })
                .collect();
            if let Some(pack) = pack {
                pack.finish();
            }
            placed
        })
        .collect();
    for (s, at) in placed {
        // One path for all the claims of a file.
        let file: Arc<str> = shown_path(&case.sources[s].file).into();
        for ((f, c), place) in at {
            let claim = &mut findings[f].claims[c];
            claim.file = Some(Arc::clone(&file));
            if let Some(place) = place {
                claim.line = Some(place.claim.0);
                claim.column = Some(place.claim.1);
                claim.value_line = place.value.map(|v| v.0);
                claim.value_column = place.value.map(|v| v.1);
            }
        }
    }
}

/// Where the `wanted` claims of the file at `path` stand, as the cache kept them from an
/// earlier run, when the file is as it was then and they were all wanted then too.
fn kept_places<'w>(
    pack: &PlacesPack,
    path: &Path,
    wanted: &FxHashSet<&'w str>,
) -> Option<FxHashMap<&'w str, Place>> {
    let kept: Vec<(String, Option<Place>)> = pack.get(path, |kept: &Vec<(String, Option<Place>)>| {
        let ids: FxHashSet<&str> = kept.iter().map(|(id, _)| id.as_str()).collect();
        wanted.iter().all(|id| ids.contains(id))
    })?;
    let kept: FxHashMap<&str, Option<Place>> = kept.iter().map(|(id, place)| (id.as_str(), *place)).collect();
    Some(
        wanted
            .iter()
            .filter_map(|&id| kept.get(id).copied().flatten().map(|place| (id, place)))
            .collect(),
    )
}

/// Where the `wanted` claims of a file's text stand: read line by line when that reading
/// vouches for the layout and finds them all, else by the full parser.
fn places_of<'w>(text: &str, wanted: &FxHashSet<&'w str>) -> FxHashMap<&'w str, Place> {
    if let Some(all) = lines::places(text) {
        let found: FxHashMap<&'w str, Place> = all
            .into_iter()
            .filter_map(|(id, place)| wanted.get(id).map(|&id| (id, place)))
            .collect();
        if found.len() == wanted.len() {
            return found;
        }
    }
    events::places(text)
        .into_iter()
        .filter_map(|(id, place)| wanted.get(id.as_str()).map(|&id| (id, place)))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A case from `(file name, text)` pairs, with the folder kept for reading again.
    fn case(files: &[(&str, &str)]) -> (tempfile::TempDir, Case) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let mut loaded = crate::load::load(&[dir.path().to_path_buf()]);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        (dir, loaded.cases.remove(0))
    }

    /// Claims are placed in both layouts, the usual one read line by line and a claim
    /// over several lines read by the parser; the file is named as the case's path was.
    #[test]
    fn each_claim_a_finding_shows_is_placed() {
        let (dir, case) = case(&[
            ("case.yaml", "properties:\n  held_on: {type: date}\n"),
            (
                "a.yaml",
                "claims:\n  # first\n  - id: early\n    subject: round\n    property: held_on\n    value: 2009\n",
            ),
            (
                "b.yaml",
                "claims:\n  - {id: late, subject: round,\n     property: held_on, value: 2010}\n",
            ),
        ]);
        let mut findings = crate::pipeline::check_case(&case);
        assert_eq!(findings.len(), 1);
        place(&case, &mut findings, &Limits::default(), None);
        let placed: Vec<_> = findings[0]
            .claims
            .iter()
            .map(|c| {
                (
                    c.file.as_deref().unwrap().to_string(),
                    c.line,
                    c.column,
                    c.value_line,
                    c.value_column,
                )
            })
            .collect();
        let file = |name: &str| dir.path().join(name).display().to_string();
        assert_eq!(
            placed,
            [
                (file("a.yaml"), Some(3), Some(5), Some(6), Some(12)),
                (file("b.yaml"), Some(2), Some(5), Some(3), Some(32)),
            ]
        );
    }

    /// The quick reading answers when it finds every claim wanted; otherwise the parser
    /// does, and a claim it cannot find either stays unplaced.
    #[test]
    fn a_claim_the_quick_reading_misses_is_looked_for_by_the_parser() {
        let text = "claims:\n  - id: a\n    value: 1\n  - {id: b,\n     value: 2}\n";
        let wanted: FxHashSet<&str> = ["a", "missing"].into_iter().collect();
        let places = places_of(text, &wanted);
        assert_eq!(places.len(), 1);
        assert_eq!(
            places["a"],
            Place {
                claim: (2, 5),
                value: Some((3, 12))
            }
        );
        let wanted: FxHashSet<&str> = ["b"].into_iter().collect();
        assert_eq!(places_of(text, &wanted)["b"].claim, (4, 5));
    }

    #[test]
    fn paths_are_shown_without_a_leading_dot() {
        assert_eq!(shown_path(Path::new("./claims/a.yaml")), "claims/a.yaml");
        assert_eq!(shown_path(Path::new("claims/a.yaml")), "claims/a.yaml");
    }
}
