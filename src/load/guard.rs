//! A guard over a YAML file's events, run before any tree is built: it stops files that
//! nest too deeply or whose aliases expand too far ("billion laughs"), and says where.
//!
//! serde_yaml has its own ceilings (128 levels, and aliases replayed up to 100 times the
//! file's events), but those are far above anything a claim file needs and not settable;
//! 100× a 64 MiB file is still enough to exhaust memory. This pass uses saphyr's event
//! parser, which keeps no tree, so it costs one scan and almost no memory.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use super::{Issue, Limits};

/// A limit hit while scanning: where, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Exceeded {
    pub line: usize,
    pub column: usize,
    pub issue: Issue,
}

/// Whether a file must pass the guard before serde_yaml may read it on the fast road.
///
/// Two things can make serde_yaml (libyaml) costly beyond the file's size:
/// - aliases, which need anchors, and every anchor is written with `&`;
/// - deep flow nesting: libyaml's scanner walks every open flow level (`[` or `{`) at
///   each token, so its work is at most bytes × (flow levels + 1), and each level needs
///   one of those bytes. 200 KB of `[` took it 20 seconds.
///
/// Files below both bars skip the guard, which costs about as much as a parse.
pub(super) fn needed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr::memchr(b'&', bytes).is_some() {
        return true;
    }
    let openers = memchr::memchr2_iter(b'[', b'{', bytes).count() as u64;
    (bytes.len() as u64).saturating_mul(openers + 1) > LIBYAML_WORK_BUDGET
}

/// Steps of libyaml's scanner allowed without the guard first: about 40 ms of its work.
/// A real 20 KB file of 200 claims in flow style needs at most 4 million.
const LIBYAML_WORK_BUDGET: u64 = 20_000_000;

/// Scans `text` for nesting deeper than `limits.max_depth` and alias expansion beyond
/// `limits.max_alias_expansion`. A syntax error ends the scan quietly: the YAML parser
/// proper reports it, with its own message and position.
pub(super) fn check(text: &str, limits: &Limits) -> Result<(), Exceeded> {
    // The expanded size of every anchored node, in bytes of scalar text plus one per node.
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    // Open collections: their anchor (0 for none) and expanded size so far.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut expansion: u64 = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(item) => item,
            // The scanner gives up past 255 nested flow collections, before it hands the
            // first of them on: that is deeper than any allowed limit.
            Err(e) if e.info() == "recursion limit exceeded" => {
                return Err(Exceeded {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                    issue: Issue::TooDeep {
                        limit: limits.max_depth,
                    },
                });
            }
            Err(_) => break,
        };
        let at = |issue: Issue| Exceeded {
            line: span.start.line(),
            column: span.start.col() + 1,
            issue,
        };
        let node_size = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                if open.len() > limits.max_depth {
                    return Err(at(Issue::TooDeep {
                        limit: limits.max_depth,
                    }));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((anchor, size)) = open.pop() else {
                    continue;
                };
                if anchor != 0 {
                    anchors.insert(anchor, size);
                }
                size
            }
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() as u64 + 1;
                if anchor != 0 {
                    anchors.insert(anchor, size);
                }
                size
            }
            Event::Alias(anchor) => {
                let size = anchors.get(&anchor).copied().unwrap_or(0);
                expansion = expansion.saturating_add(size);
                if expansion > limits.max_alias_expansion {
                    return Err(at(Issue::AliasExpansion {
                        limit: limits.max_alias_expansion,
                    }));
                }
                size
            }
            _ => continue,
        };
        if let Some((_, size)) = open.last_mut() {
            *size = size.saturating_add(node_size);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_depth: usize, max_alias_expansion: u64) -> Limits {
        Limits {
            max_depth,
            max_alias_expansion,
            ..Limits::default()
        }
    }

    #[test]
    fn depth_is_counted_in_block_and_flow_style() {
        // The root, `a`, `b`, the list and the inner list: five levels.
        let yaml = "a:\n  b:\n    c: [1, [2]]\n";
        assert!(check(yaml, &limits(5, 0)).is_ok());
        let err = check(yaml, &limits(4, 0)).unwrap_err();
        assert_eq!((err.line, err.column), (3, 12));
        assert_eq!(err.issue, Issue::TooDeep { limit: 4 });
    }

    #[test]
    fn alias_expansion_compounds_through_nested_anchors() {
        // Each level doubles: c expands to 4 copies of a's 3 bytes (+ the nodes of b).
        let yaml = "a: &a xy\nb: &b [*a, *a]\nc: [*b, *b]\n";
        // a = 3; b = 1 + 3 + 3 = 7; expansion = 3 + 3 + 7 + 7 = 20.
        assert!(check(yaml, &limits(10, 20)).is_ok());
        let err = check(yaml, &limits(10, 19)).unwrap_err();
        assert_eq!((err.line, err.column), (3, 9));
        assert_eq!(err.issue, Issue::AliasExpansion { limit: 19 });
    }

    #[test]
    fn a_billion_laughs_stops_early() {
        let mut yaml = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*l{}", level - 1); 9].join(", ");
            yaml.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        }
        let err = check(&yaml, &Limits::default()).unwrap_err();
        assert_eq!(err.issue.code(), super::super::Code::AliasExpansion);
    }

    #[test]
    fn nesting_past_the_scanners_own_ceiling_is_a_depth_error() {
        let yaml = format!("claims: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = check(&yaml, &Limits::default()).unwrap_err();
        assert_eq!(err.issue, Issue::TooDeep { limit: 32 });
    }

    #[test]
    fn deep_block_nesting_stops_at_the_limit() {
        let yaml: String = (0..5_000)
            .map(|level| format!("{}k:\n", " ".repeat(level)))
            .collect();
        let err = check(&yaml, &Limits::default()).unwrap_err();
        // The root mapping is level 1, so the 33rd level is the mapping under line 32's key.
        assert_eq!((err.line, err.column), (33, 33), "{}", err.issue);
    }

    #[test]
    fn syntax_errors_are_left_to_the_parser() {
        assert!(check("a: [1, 2\nb: }", &Limits::default()).is_ok());
    }

    #[test]
    fn the_guard_is_needed_for_anchors_and_for_many_flow_levels() {
        assert!(!needed("claims:\n  - {id: a, value: '[1]'}\n"));
        assert!(needed("x: &a 1\n"));
        assert!(!needed(&format!(
            "claims: {}{}",
            "[".repeat(1_000),
            "]".repeat(1_000)
        )));
        assert!(needed(&format!(
            "claims: {}{}",
            "[".repeat(5_000),
            "]".repeat(5_000)
        )));
    }
}
