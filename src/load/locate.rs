//! Finding line and column of paths in a YAML file. serde_yaml keeps no positions, so
//! when a file has problems its events are read once more with saphyr's parser. No tree
//! is built, and the reading stops once every path is placed: the limit on claims, found
//! at the top of a 60 MB file, is placed at once rather than after the whole file.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span};

/// One step into a YAML tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

pub(super) type YamlPath = Vec<Seg>;

/// A 1-based line and column.
pub(super) type Position = (usize, usize);

fn position(span: &Span) -> Position {
    (span.start.line(), span.start.col() + 1)
}

/// What is known of one node on the way to a requested path.
#[derive(Default)]
struct Node {
    /// Where the node starts, and where its key does when it is a mapping's value.
    start: Option<(Position, Option<Position>)>,
    /// Requests for exactly this path.
    exact: Vec<usize>,
    /// Requests for this path or one below it.
    under: Vec<usize>,
}

/// An open collection.
struct Open {
    mapping: bool,
    /// Its path leads to a requested one, so its children are looked up.
    wanted: bool,
    /// Sequences: the index of the next item.
    next: usize,
    /// Mappings: the key just read, waiting for its value, and where it starts; the key
    /// text is `None` for keys that are not scalars, which no path names.
    key: Option<(Option<String>, Position)>,
}

/// The position of each requested path in `text` (of its key when the flag is set), or of
/// the deepest node on the way when the path leaves the tree; `None` when not even the
/// document's root was read. Only the first document is searched.
pub(super) fn positions(text: &str, requests: &[(&[Seg], bool)]) -> Vec<Option<Position>> {
    let mut nodes: HashMap<&[Seg], Node> = HashMap::new();
    for (r, (path, _)) in requests.iter().enumerate() {
        for depth in 0..=path.len() {
            nodes.entry(&path[..depth]).or_default().under.push(r);
        }
        nodes.entry(path).or_default().exact.push(r);
    }
    // A request is settled when its node starts, or when the deepest node on its way
    // ends without it; the reading stops when none is left.
    let mut found: Vec<Option<Option<Position>>> = vec![None; requests.len()];
    let mut remaining = requests.len();

    let mut path: YamlPath = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    for item in Parser::new_from_str(text) {
        if remaining == 0 {
            break;
        }
        let Ok((event, span)) = item else { break };
        let container = match &event {
            Event::Scalar(..) | Event::Alias(..) => false,
            Event::SequenceStart(..) | Event::MappingStart(..) => true,
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(closed) = open.pop() else { break };
                if closed.wanted {
                    if let Some(node) = nodes.get(path.as_slice()) {
                        remaining -= settle(&node.under, requests, &nodes, &mut found);
                    }
                    path.pop();
                }
                continue;
            }
            Event::DocumentEnd | Event::StreamEnd => break,
            _ => continue,
        };
        // Which step this node is from its parent (`None` for the root, `Some(None)` for
        // a step no path names), where its key starts, and whether the parent is wanted.
        let (step, key_at, parent_wanted) = match open.last_mut() {
            None => (None, None, true),
            Some(parent) if parent.mapping => match parent.key.take() {
                Some((key, key_at)) => (Some(key.map(Seg::Key)), Some(key_at), parent.wanted),
                None => {
                    // The node is a key, remembered for its value; no path leads into
                    // it, not even when it is a collection.
                    let text = match &event {
                        Event::Scalar(value, ..) => Some(value.to_string()),
                        _ => None,
                    };
                    parent.key = Some((text, position(&span)));
                    (Some(None), None, false)
                }
            },
            Some(parent) => {
                parent.next += 1;
                (Some(Some(Seg::Index(parent.next - 1))), None, parent.wanted)
            }
        };
        let is_root = step.is_none();
        let wanted = parent_wanted
            && match step {
                None => true,
                Some(Some(step)) => {
                    path.push(step);
                    let wanted = nodes.contains_key(path.as_slice());
                    if !wanted {
                        path.pop();
                    }
                    wanted
                }
                Some(None) => false,
            };
        if wanted {
            if let Some(node) = nodes.get_mut(path.as_slice()) {
                node.start.get_or_insert((position(&span), key_at));
            }
            if let Some(node) = nodes.get(path.as_slice()) {
                remaining -= settle(&node.exact, requests, &nodes, &mut found);
                // Nothing lies below a scalar: requests through it are as near as they get.
                if !container {
                    remaining -= settle(&node.under, requests, &nodes, &mut found);
                }
            }
            if !container && !is_root {
                path.pop();
            }
        }
        if container {
            open.push(Open {
                mapping: matches!(event, Event::MappingStart(..)),
                wanted,
                next: 0,
                key: None,
            });
        }
    }
    found
        .into_iter()
        .zip(requests)
        .map(|(found, &request)| found.unwrap_or_else(|| place(request, &nodes)))
        .collect()
}

/// Settles those of `which` not settled yet, and says how many that was.
fn settle(
    which: &[usize],
    requests: &[(&[Seg], bool)],
    nodes: &HashMap<&[Seg], Node>,
    found: &mut [Option<Option<Position>>],
) -> usize {
    let mut settled = 0;
    for &r in which {
        if found[r].is_none() {
            found[r] = Some(place(requests[r], nodes));
            settled += 1;
        }
    }
    settled
}

/// Where a request is, from the nodes read so far: its node's start (or its key's), or
/// else the start of the deepest node read on its way.
fn place((path, at_key): (&[Seg], bool), nodes: &HashMap<&[Seg], Node>) -> Option<Position> {
    match nodes.get(path).and_then(|node| node.start) {
        Some((start, key)) => Some(if at_key { key.unwrap_or(start) } else { start }),
        None => (0..path.len())
            .rev()
            .find_map(|depth| nodes.get(&path[..depth]).and_then(|node| node.start))
            .map(|(start, _)| start),
    }
}

/// Where the second YAML document of `text` starts: claim files hold one, and serde_yaml
/// says so without a place.
pub(super) fn second_document(text: &str) -> Option<Position> {
    Parser::new_from_str(text)
        .filter_map(Result::ok)
        .filter(|(event, _)| matches!(event, Event::DocumentStart(..)))
        .nth(1)
        .map(|(_, span)| position(&span))
}

/// The first key that appears twice in one mapping, in document order, and where its
/// second appearance starts: serde_yaml reports a duplicate at the mapping, and the
/// fact-checker needs the line to delete.
pub(super) fn first_duplicate_key(text: &str) -> Option<(String, Position)> {
    // Open collections: for mappings, the keys seen and whether the next node is a key.
    let mut open: Vec<Option<(std::collections::HashSet<String>, bool)>> = Vec::new();
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { return None };
        // Whether this node is a key of the innermost mapping; the next node is then its value.
        let is_key = match open.last_mut() {
            Some(Some((_, expecting_key))) => {
                let is_key = *expecting_key;
                *expecting_key = !is_key;
                is_key
            }
            _ => false,
        };
        match event {
            Event::Scalar(value, ..) if is_key => {
                if let Some(Some((keys, _))) = open.last_mut() {
                    if !keys.insert(value.to_string()) {
                        return Some((value.to_string(), position(&span)));
                    }
                }
            }
            Event::MappingStart(..) => open.push(Some((Default::default(), true))),
            Event::SequenceStart(..) => open.push(None),
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
            }
            Event::DocumentEnd | Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_appearance_of_a_duplicate_key_is_found() {
        let text = "claims:\n  - id: a\n    value: x\n    note: {value: 1, other: 2}\n    value: y\n";
        assert_eq!(first_duplicate_key(text), Some(("value".to_string(), (5, 5))));
        // Keys that repeat in different mappings, or values equal to keys, are fine.
        let text = "a: {k: 1}\nb: {k: k}\nk: [k, k]\n";
        assert_eq!(first_duplicate_key(text), None);
        let text = "- {a: 1, a: 2}\n";
        assert_eq!(first_duplicate_key(text), Some(("a".to_string(), (1, 10))));
    }
    use proptest::prelude::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    fn one(text: &str, path: &[Seg], at_key: bool) -> Option<Position> {
        positions(text, &[(path, at_key)])[0]
    }

    #[test]
    fn finds_values_and_keys() {
        let text = "source:\n  id: a\nclaims:\n  - id: x\n    value: 2003\n  - id: y\n    valeu: 1\n";
        let claims = key("claims");
        let value = [claims.clone(), Seg::Index(0), key("value")];
        let misspelt = [claims.clone(), Seg::Index(1), key("valeu")];
        let missing = [claims.clone(), Seg::Index(1), key("value")];
        let found = positions(text, &[(&value, false), (&misspelt, true), (&missing, false)]);
        // A missing key points at its mapping.
        assert_eq!(found, [Some((5, 12)), Some((7, 5)), Some((6, 5))]);
    }

    #[test]
    fn a_path_that_leaves_the_tree_points_at_the_last_node_on_its_way() {
        let text = "claims:\n  - id: x\n    value: 2003\n";
        // Past the end of the list, and into a scalar.
        assert_eq!(one(text, &[key("claims"), Seg::Index(5)], false), Some((2, 3)));
        assert_eq!(
            one(text, &[key("claims"), Seg::Index(0), key("id"), key("x")], false),
            Some((2, 9))
        );
        // A file that is not a mapping: its root.
        assert_eq!(one("- a\n- b\n", &[key("claims")], false), Some((1, 1)));
        assert_eq!(one("", &[key("claims")], false), None);
    }

    #[test]
    fn flow_style_and_keys_that_are_collections_are_followed() {
        let text = "{[a, b]: {value: 1}, claims: [{id: x, value: 2}, {id: y}]}\n";
        assert_eq!(
            one(text, &[key("claims"), Seg::Index(1), key("id")], true),
            Some((1, 51))
        );
        assert_eq!(
            one(text, &[key("claims"), Seg::Index(0), key("value")], false),
            Some((1, 46))
        );
        assert_eq!(one(text, &[key("value")], false), Some((1, 1)));
    }

    #[test]
    fn a_path_placed_before_a_syntax_error_keeps_its_position() {
        // The reading stops once the path is found, before the broken line.
        let text = "claims:\n  - id: x\n    value: [2003\n";
        assert_eq!(
            one(text, &[key("claims"), Seg::Index(0), key("id")], false),
            Some((2, 9))
        );
    }

    /// The old way: build saphyr's marked tree, then walk it.
    fn by_tree(text: &str, path: &[Seg], at_key: bool) -> Option<Position> {
        use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
        let docs = MarkedYaml::load_from_str(text).ok()?;
        let mut node = docs.first()?;
        let at = |node: &MarkedYaml<'_>| (node.span.start.line(), node.span.start.col() + 1);
        let mut found = at(node);
        for (i, seg) in path.iter().enumerate() {
            match (seg, &node.data) {
                (Seg::Key(k), YamlData::Mapping(map)) => {
                    let entry = map
                        .iter()
                        .find(|(key, _)| matches!(&key.data, YamlData::Value(Scalar::String(s)) if s == k));
                    let Some((key, value)) = entry else {
                        return Some(found);
                    };
                    if i + 1 == path.len() && at_key {
                        return Some(at(key));
                    }
                    node = value;
                }
                (Seg::Index(n), YamlData::Sequence(items)) => match items.get(*n) {
                    Some(item) => node = item,
                    None => return Some(found),
                },
                _ => return Some(found),
            }
            found = at(node);
        }
        Some(found)
    }

    /// A small YAML tree, written out in block or flow style.
    #[derive(Debug, Clone)]
    enum Tree {
        Leaf(String),
        List(Vec<Tree>),
        Map(Vec<(String, Tree)>),
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = "[a-c]{1,3}".prop_map(Tree::Leaf);
        leaf.prop_recursive(4, 40, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Tree::List),
                proptest::collection::btree_map("[k-m]", inner, 0..4)
                    .prop_map(|map| Tree::Map(map.into_iter().collect())),
            ]
        })
    }

    fn flow(tree: &Tree) -> String {
        match tree {
            Tree::Leaf(s) => s.clone(),
            Tree::List(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
            Tree::Map(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", flow(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn block(tree: &Tree, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match tree {
            Tree::Leaf(_) => {}
            Tree::List(items) => {
                for item in items {
                    match item {
                        Tree::Leaf(s) => out.push_str(&format!("{pad}- {s}\n")),
                        _ if is_empty(item) => out.push_str(&format!("{pad}- {}\n", flow(item))),
                        _ => {
                            out.push_str(&format!("{pad}-\n"));
                            block(item, indent + 2, out);
                        }
                    }
                }
            }
            Tree::Map(entries) => {
                for (k, v) in entries {
                    match v {
                        Tree::Leaf(s) => out.push_str(&format!("{pad}{k}: {s}\n")),
                        _ if is_empty(v) => out.push_str(&format!("{pad}{k}: {}\n", flow(v))),
                        _ => {
                            out.push_str(&format!("{pad}{k}:\n"));
                            block(v, indent + 2, out);
                        }
                    }
                }
            }
        }
    }

    fn is_empty(tree: &Tree) -> bool {
        matches!(tree, Tree::List(v) if v.is_empty()) || matches!(tree, Tree::Map(v) if v.is_empty())
    }

    proptest! {
        /// Reading events gives the same positions as walking the whole tree, for paths
        /// that exist, leave the tree, or go where nothing is.
        #[test]
        fn positions_match_walking_the_tree(
            tree in tree(),
            block_style in any::<bool>(),
            paths in proptest::collection::vec(
                (proptest::collection::vec(prop_oneof!["[k-m]".prop_map(Seg::Key), (0usize..4).prop_map(Seg::Index)], 0..5), any::<bool>()),
                1..8,
            ),
        ) {
            let text = match (&tree, block_style) {
                (Tree::Leaf(_), _) | (_, false) => flow(&tree),
                _ if is_empty(&tree) => flow(&tree),
                _ => { let mut out = String::new(); block(&tree, 0, &mut out); out }
            };
            let requests: Vec<(&[Seg], bool)> = paths.iter().map(|(p, k)| (p.as_slice(), *k)).collect();
            let expected: Vec<Option<Position>> = paths.iter().map(|(p, k)| by_tree(&text, p, *k)).collect();
            prop_assert_eq!(positions(&text, &requests), expected, "{}", text);
        }
    }
}
