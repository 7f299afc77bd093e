//! The full reading: saphyr's YAML events, for files whose layout the quick line reading
//! ([`super::lines`]) does not vouch for. It follows the document's structure exactly, so
//! flow mappings, multi-line scalars and anchors place as well as plain block YAML.

use saphyr_parser::{Event, Parser, Span};

use super::{Place, Position};

fn position(span: &Span) -> Position {
    (span.start.line(), span.start.col() + 1)
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
pub(super) fn places(text: &str) -> Vec<(String, Place)> {
    let mut places: Vec<(String, Place)> = Vec::new();
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
                    places.push((id, Place { claim, value }));
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

#[cfg(test)]
mod tests {
    use super::super::Position;
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
        let places = places(text);
        let got: Vec<(&str, Position, Option<Position>)> = places
            .iter()
            .map(|(id, p)| (id.as_str(), p.claim, p.value))
            .collect();
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
        assert!(places(text).is_empty());
        let text =
            "source: {id: claims}\nclaims:\n  - {id: y, value: 2}\n---\nclaims:\n  - {id: z, value: 3}\n";
        let ids: Vec<String> = places(text).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["y"]);
    }
}
