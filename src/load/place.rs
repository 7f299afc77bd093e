//! Where the claims that findings show stand in their files: the line and column of each
//! claim and of its `value`. Loading keeps no positions (a million claims would pay for
//! them); once the findings are known, only the files they cite are read again.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, Span};

use super::Limits;
use crate::finding::Finding;
use crate::model::Case;

/// A 1-based line and column.
type Position = (usize, usize);

fn position(span: &Span) -> Position {
    (span.start.line(), span.start.col() + 1)
}

/// Where one claim of a file stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClaimPlace {
    pub id: String,
    /// The claim's mapping, after its `- `.
    pub claim: Position,
    /// Its `value`, when it has one.
    pub value: Option<Position>,
}

/// What an open collection of the claim file is to the scan.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The file's top mapping.
    Top,
    /// The `claims:` list.
    Claims,
    /// One claim's mapping.
    Claim,
    /// Anything else, inside which nothing is placed.
    Other,
}

struct Open {
    role: Role,
    mapping: bool,
    /// Mappings: the next node is a key.
    expecting_key: bool,
    /// Mappings: the key the next node is the value of.
    key: Option<String>,
}

/// Every claim of a source file's text, in order: its id and where it and its `value`
/// start. Claims without a scalar `id` are left out; only the first document is read.
pub(crate) fn claim_places(text: &str) -> Vec<ClaimPlace> {
    let mut places: Vec<ClaimPlace> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // The claim being read, with its id once seen.
    let mut current: Option<(Option<String>, Position, Option<Position>)> = None;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        if matches!(event, Event::DocumentEnd | Event::StreamEnd) {
            break;
        }
        if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
            if open.pop().is_some_and(|closed| closed.role == Role::Claim) {
                if let Some((Some(id), claim, value)) = current.take() {
                    places.push(ClaimPlace { id, claim, value });
                }
            }
            continue;
        }
        let starts = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        if !starts && !matches!(event, Event::Scalar(..) | Event::Alias(..)) {
            continue;
        }
        // What this node is to its parent: a key, or a value under a key, or an item.
        let (role, key) = match open.last_mut() {
            None => (Role::Top, None),
            Some(parent) if parent.mapping && parent.expecting_key => {
                parent.expecting_key = false;
                parent.key = match &event {
                    Event::Scalar(value, ..) => Some(value.to_string()),
                    _ => None,
                };
                (Role::Other, None)
            }
            Some(parent) if parent.mapping => {
                parent.expecting_key = true;
                let key = parent.key.take();
                let role = match (parent.role, key.as_deref()) {
                    (Role::Top, Some("claims")) => Role::Claims,
                    _ => Role::Other,
                };
                (role, key.map(|k| (parent.role, k)))
            }
            Some(parent) => (
                if parent.role == Role::Claims {
                    Role::Claim
                } else {
                    Role::Other
                },
                None,
            ),
        };
        // A claim's `id` and `value`.
        if let (Some((Role::Claim, key)), Some((id, _, value))) = (&key, current.as_mut()) {
            match (key.as_str(), &event) {
                ("id", Event::Scalar(text, ..)) => *id = Some(text.to_string()),
                ("value", _) => *value = Some(position(&span)),
                _ => {}
            }
        }
        if starts {
            let mapping = matches!(event, Event::MappingStart(..));
            let role = if role == Role::Claim && !mapping {
                Role::Other
            } else {
                role
            };
            if role == Role::Claim {
                current = Some((None, position(&span), None));
            }
            open.push(Open {
                role,
                mapping,
                expecting_key: mapping,
                key: None,
            });
        }
    }
    places
}

/// Fills in where each claim the findings show stands: its file, as the case's path was
/// given, and the line and column of the claim and of its value. Each cited file is read
/// once; a file that cannot be read again leaves its claims unplaced.
pub fn place(case: &Case, findings: &mut [Finding], limits: &Limits) {
    let mut by_source: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (f, finding) in findings.iter().enumerate() {
        for (c, claim) in finding.claims.iter().enumerate() {
            by_source.entry(claim.source.clone()).or_default().push((f, c));
        }
    }
    let root = std::fs::canonicalize(&case.dir).unwrap_or_else(|_| case.dir.clone());
    for (source_id, cited) in by_source {
        // Sources are sorted by id.
        let Ok(s) = case.sources.binary_search_by(|s| s.id.cmp(&source_id)) else {
            continue;
        };
        let source = &case.sources[s];
        let places: HashMap<String, ClaimPlace> = match super::files::read_text(&root, &source.file, limits) {
            Ok(text) => claim_places(&text)
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
            Err(_) => HashMap::new(),
        };
        let file = shown_path(&source.file);
        for (f, c) in cited {
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

    #[test]
    fn claims_are_placed_by_their_ids() {
        let text = "source: {id: a, published: 2014-01-06}
claims:
  - id: first
    subject: talks
    property: held_on
    value: 2009
  - {id: second, subject: talks, property: held_on, value: \"July 14, 2009\"}
  - id: nested
    quote: {not: a claim}
    value:
      - odd
  - subject: no-id
    value: 3
";
        let places = claim_places(text);
        let got: Vec<(&str, Position, Option<Position>)> =
            places.iter().map(|p| (p.id.as_str(), p.claim, p.value)).collect();
        assert_eq!(
            got,
            [
                ("first", (3, 5), Some((6, 12))),
                ("second", (7, 5), Some((7, 60))),
                ("nested", (8, 5), Some((11, 7))),
            ]
        );
    }

    #[test]
    fn keys_elsewhere_are_not_claims() {
        let text = "claims: []\nother:\n  - {id: x, value: 1}\n";
        assert!(claim_places(text).is_empty());
        let text =
            "source: {id: claims}\nclaims:\n  - {id: y, value: 2}\n---\nclaims:\n  - {id: z, value: 3}\n";
        let ids: Vec<String> = claim_places(text).into_iter().map(|p| p.id).collect();
        assert_eq!(ids, ["y"]);
    }
}
