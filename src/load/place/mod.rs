//! Where the claims that findings show stand in their files, and what they quote: the
//! line and column of each claim and of its `value`, and its `quote`. Loading keeps no
//! positions and no quotes (a million claims would pay for them); once the findings are
//! known, only the files they cite are read again. Each is read line by line ([`lines`])
//! when its layout is the usual block YAML, which costs little more than reading it, and
//! by the full YAML parser ([`events`]) otherwise. A quote is taken only when it hashes
//! as the one loading read; one the lines do not vouch for is read as loading reads it.

mod events;
mod lines;

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

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

/// What is read again of one cited claim: its place and its quote, when its file has them.
type Read = (Option<Place>, Option<Box<str>>);

/// A cited claim, as (finding, claim) indices, and what was read of it.
type Found = ((usize, usize), Read);

/// The cited claims of one file, by id, with the hash of each one's quote as loaded.
type Wanted<'w> = FxHashMap<&'w str, Option<NonZeroU32>>;

/// What a places pack keeps of a file: its cited claims' ids, places and quotes.
type Kept = Vec<(String, Option<Place>, Option<Box<str>>)>;

/// Fills in where each claim the findings show stands and what it quotes: its file, as
/// the case's path was given, the line and column of the claim and of its value, and its
/// quote. Each cited file is read once, the files in parallel; a file that cannot be read
/// again leaves its claims unplaced and unquoted, and a quote that is not the one loading
/// read (the file changed since) is not shown.
pub fn place(case: &Case, findings: &mut [Finding], limits: &Limits, cache: Option<&Cache>) {
    let sources = case.source_finder();
    let mut cited: Vec<Cited> = vec![Vec::new(); case.sources.len()];
    for (f, finding) in findings.iter().enumerate() {
        for (c, claim) in finding.claims.iter().enumerate() {
            if let Some(s) = sources.find(claim.source_id()) {
                cited[s].push((f, c));
            }
        }
    }
    let cited: Vec<(usize, Cited)> = cited
        .into_iter()
        .enumerate()
        .filter(|(_, at)| !at.is_empty())
        .collect();
    let root = std::fs::canonicalize(&case.dir).unwrap_or_else(|_| case.dir.clone());
    // With a cache, sources are placed in the groups its packs keep together, as loading
    // grouped the case's files (in path order); without one, no path order is needed.
    let by_path: Vec<usize> = match cache {
        Some(_) => {
            let mut by_path: Vec<usize> = (0..case.sources.len()).collect();
            by_path.sort_by(|&a, &b| case.sources[a].file.cmp(&case.sources[b].file));
            by_path
        }
        None => Vec::new(),
    };
    let paths: Vec<PathBuf> = by_path.iter().map(|&s| case.sources[s].file.clone()).collect();
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
        // Without a cache, the cited files in runs of their own.
        None => {
            let mut cited = cited.into_iter().peekable();
            std::iter::from_fn(|| {
                cited.peek()?;
                Some((true, &paths[..], cited.by_ref().take(RUN).collect()))
            })
            .collect()
        }
    };
    // A few groups at a time, each batch's places and quotes written into the findings
    // before the next batch is read: those of a large case all at once held ~20 MiB more.
    let batch = rayon::current_num_threads() * 8;
    let mut groups = groups.into_iter().peekable();
    while groups.peek().is_some() {
        let read = read_groups(
            case,
            findings,
            groups.by_ref().take(batch).collect(),
            super::files::CaseFolder {
                dir: &case.dir,
                root: &root,
            },
            limits,
            cache,
        );
        for at in read {
            for ((f, c), (place, quote)) in at {
                let at = |n: usize| u32::try_from(n).ok().and_then(NonZeroU32::new);
                let lines = place.map_or_else(Default::default, |place| crate::finding::Lines {
                    line: at(place.claim.0),
                    column: at(place.claim.1),
                    value_line: place.value.and_then(|v| at(v.0)),
                    value_column: place.value.and_then(|v| at(v.1)),
                });
                findings[f].claims[c].place(quote, lines);
            }
        }
    }
}

/// How many cited files are read together without a cache (with one, a pack's group).
const RUN: usize = 32;

/// Each cited claim of the sources in `groups` with its place and quote, if found; the
/// groups side by side. No id is copied.
fn read_groups(
    case: &Case,
    findings: &[Finding],
    groups: Vec<Group>,
    folder: super::files::CaseFolder,
    limits: &Limits,
    cache: Option<&Cache>,
) -> Vec<Vec<Found>> {
    groups
        .into_par_iter()
        .flat_map_iter(|(tail, group, members)| {
            let pack = cache.map(|cache| cache.places_pack(&case.dir, group, tail, limits));
            let placed: Vec<Vec<Found>> = members
                .into_par_iter()
                .map(|(s, at)| {
                    // Each cited claim's id and quote hash, read once (findings lie far
                    // apart in memory, and a large case cites hundreds of thousands).
                    let cited: Vec<(&str, Option<NonZeroU32>)> = at
                        .iter()
                        .map(|&(f, c)| (findings[f].claims[c].id(), findings[f].claims[c].quote_hash))
                        .collect();
                    let path = &case.sources[s].file;
                    if let Some(read) = pack.as_ref().and_then(|pack| kept(pack, path, &cited)) {
                        return at.iter().copied().zip(read).collect();
                    }
                    let wanted: Wanted = cited.iter().copied().collect();
                    let read = match super::files::read_text(folder, path, limits) {
                        Ok(text) => read_claims(path, &text, &wanted, limits),
                        Err(_) => FxHashMap::default(),
                    };
                    if let Some(pack) = &pack {
                        let mut kept: Kept = wanted
                            .keys()
                            .map(|&id| {
                                let (place, quote) = read.get(id).cloned().unwrap_or_default();
                                (id.to_string(), place, quote)
                            })
                            .collect();
                        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                        pack.put(path, &kept);
                    }
                    at.iter()
                        .zip(&cited)
                        .map(|(claim, (id, _))| (*claim, read.get(id).cloned().unwrap_or_default()))
                        .collect()
                })
                .collect();
            if let Some(pack) = pack {
                pack.finish();
            }
            placed
        })
        .collect()
}

/// What the cache kept of the `cited` claims (ids and quote hashes) of the file at `path`
/// from an earlier run, each cited claim's in turn, when the file is as it was then, they
/// were all cited then too and each quote is the one loading read.
fn kept(pack: &PlacesPack, path: &Path, cited: &[(&str, Option<NonZeroU32>)]) -> Option<Vec<Read>> {
    // Kept sorted by id (as `place` writes it): looked up by halving.
    let find = |kept: &Kept, id: &str| kept.binary_search_by(|(k, _, _)| k.as_str().cmp(id)).ok();
    let mut found = Vec::with_capacity(cited.len());
    let kept: Kept = pack.get(path, |kept: &Kept| {
        cited.iter().all(|(id, hash)| {
            find(kept, id).is_some_and(|i| {
                found.push(i);
                kept[i].2.as_deref().map(crate::quote::hash) == *hash
            })
        })
    })?;
    Some(
        found
            .into_iter()
            .map(|i| (kept[i].1, kept[i].2.clone()))
            .collect(),
    )
}

/// The places and quotes of the `wanted` claims in a file's text.
fn read_claims<'w>(
    path: &Path,
    text: &str,
    wanted: &Wanted<'w>,
    limits: &Limits,
) -> FxHashMap<&'w str, Read> {
    let (places, quick) = places_of(text, wanted);
    let quote_of = |id: &str, quote: &str| {
        (wanted.get(id).copied().flatten() == Some(crate::quote::hash(quote))).then(|| quote.into())
    };
    let mut read: FxHashMap<&'w str, Read> = wanted
        .keys()
        .map(|&id| {
            let quote = quick.get(id).and_then(|quote| quote_of(id, quote));
            (id, (places.get(id).copied(), quote))
        })
        .collect();
    // The quotes the lines did not vouch for, read as loading read them.
    let unread = wanted
        .iter()
        .any(|(id, hash)| hash.is_some() && read.get(id).is_none_or(|(_, quote)| quote.is_none()));
    if unread {
        let quotes = super::source_file::quotes(path, text, limits);
        for (id, (_, quote)) in &mut read {
            if quote.is_none() {
                *quote = quotes.get(*id).and_then(|q| quote_of(id, q));
            }
        }
    }
    read
}

/// Where the `wanted` claims of a file's text stand, and the quotes the line reading
/// vouches for: read line by line when that reading vouches for the layout and finds
/// them all, else by the full parser.
fn places_of<'w, 't>(
    text: &'t str,
    wanted: &Wanted<'w>,
) -> (FxHashMap<&'w str, Place>, FxHashMap<&'w str, &'t str>) {
    if let Some(all) = lines::places(text) {
        let mut quotes = FxHashMap::default();
        let found: FxHashMap<&'w str, Place> = all
            .into_iter()
            .filter_map(|(id, place, quote)| {
                let (&id, _) = wanted.get_key_value(id)?;
                if let lines::Quote::Text(quote) = quote {
                    quotes.insert(id, quote);
                }
                Some((id, place))
            })
            .collect();
        if found.len() == wanted.len() {
            return (found, quotes);
        }
    }
    let places = events::places(text)
        .into_iter()
        .filter_map(|(id, place)| wanted.get_key_value(id.as_str()).map(|(&id, _)| (id, place)))
        .collect();
    (places, FxHashMap::default())
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
        // A shown claim naming its source with a string of its own (not the one its
        // source's context shares) is placed all the same.
        let claim = &mut findings[0].claims[1];
        claim.source = std::sync::Arc::new(crate::finding::SourceContext {
            source: std::sync::Arc::from(claim.source_id()),
            ..(*claim.source).clone()
        });
        place(&case, &mut findings, &Limits::default(), None);
        let placed: Vec<_> = findings[0]
            .claims
            .iter()
            .map(|c| {
                (
                    c.file().unwrap().to_string(),
                    c.line(),
                    c.column(),
                    c.lines().value_line.map(NonZeroU32::get),
                    c.lines().value_column.map(NonZeroU32::get),
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

    /// The cited claims `ids`, none of them with a quote.
    fn wanted<'w>(ids: &[&'w str]) -> Wanted<'w> {
        ids.iter().map(|&id| (id, None)).collect()
    }

    /// The quick reading answers when it finds every claim wanted; otherwise the parser
    /// does, and a claim it cannot find either stays unplaced.
    #[test]
    fn a_claim_the_quick_reading_misses_is_looked_for_by_the_parser() {
        let text = "claims:\n  - id: a\n    value: 1\n  - {id: b,\n     value: 2}\n";
        let (places, _) = places_of(text, &wanted(&["a", "missing"]));
        assert_eq!(places.len(), 1);
        assert_eq!(
            places["a"],
            Place {
                claim: (2, 5),
                value: Some((3, 12))
            }
        );
        assert_eq!(places_of(text, &wanted(&["b"])).0["b"].claim, (4, 5));
    }

    /// Quotes are read again as loading read them, however they are written: on their
    /// line by the quick reading, and otherwise (escapes, block scalars, lines continued,
    /// flow mappings, anchors) as loading parses the file; each only when it hashes as the
    /// quote loading kept.
    #[test]
    fn quotes_are_read_again_as_loading_read_them() {
        let text = r#"claims:
  - id: plain
    quote: talks were suspended in 2003  # as printed
  - id: double
    quote: "the talks, it said, \"resume\" today"
  - id: single
    quote: 'it''s over'
  - id: folded
    quote: >-
      a quote folded
      over two lines
  - id: continued
    quote: a plain quote
      continued below
  - {id: flow, quote: "in a flow mapping"}
  - id: anchored
    quote: &q the same words
  - id: alias
    quote: *q
  - id: none
    value: 3
"#;
        let expected = [
            ("plain", "talks were suspended in 2003"),
            ("double", "the talks, it said, \"resume\" today"),
            ("single", "it's over"),
            ("folded", "a quote folded over two lines"),
            ("continued", "a plain quote continued below"),
            ("flow", "in a flow mapping"),
            ("anchored", "the same words"),
            ("alias", "the same words"),
        ];
        let mut wanted: Wanted = expected
            .iter()
            .map(|&(id, quote)| (id, Some(crate::quote::hash(quote))))
            .collect();
        wanted.insert("none", None);
        let read = read_claims(Path::new("a.yaml"), text, &wanted, &Limits::default());
        for (id, quote) in expected {
            assert_eq!(read[id].1.as_deref(), Some(quote), "{id}");
            assert!(read[id].0.is_some(), "{id} is placed");
        }
        assert_eq!(
            read["none"],
            (
                Some(Place {
                    claim: (20, 5),
                    value: Some((21, 12))
                }),
                None
            )
        );
        // A quote that is not the one loading read (the file changed since) is not shown.
        let changed: Wanted = [("plain", Some(crate::quote::hash("talks were suspended in 2004")))]
            .into_iter()
            .collect();
        assert_eq!(
            read_claims(Path::new("a.yaml"), text, &changed, &Limits::default())["plain"].1,
            None
        );
    }

    /// On the usual layout the lines vouch for quotes on their line, so the file is not
    /// parsed again; a quote they cannot read is left to the parser.
    #[test]
    fn the_quick_reading_vouches_for_quotes_on_their_line() {
        let text = "claims:\n  - id: a\n    quote: \"as written\"\n  - id: b\n    quote: |\n      a block\n";
        let (_, quotes) = places_of(text, &wanted(&["a", "b"]));
        assert_eq!(quotes.get("a"), Some(&"as written"));
        assert_eq!(quotes.get("b"), None);
    }
}
