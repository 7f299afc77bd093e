//! Finding line and column of a path in a YAML file. serde_yaml keeps no positions, so
//! when a file has problems it is parsed once more with saphyr's marked parser.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// One step into a YAML tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Seg>;

/// A 1-based line and column.
pub type Position = (usize, usize);

/// Resolves paths to positions in one file's text.
pub struct Locator<'a> {
    root: Option<MarkedYaml<'a>>,
}

fn scalar_text(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

fn position(node: &MarkedYaml<'_>) -> Position {
    (node.span.start.line(), node.span.start.col() + 1)
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let root = MarkedYaml::load_from_str(text)
            .ok()
            .and_then(|docs| docs.into_iter().next());
        Locator { root }
    }

    /// The position of the node at `path` (of its key when `at_key`), or of the deepest
    /// node on the way when the path leaves the tree.
    pub fn find(&self, path: &[Seg], at_key: bool) -> Option<Position> {
        let mut node = self.root.as_ref()?;
        let mut found = position(node);
        for (i, seg) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            match (seg, &node.data) {
                (Seg::Key(key), YamlData::Mapping(map)) => {
                    let Some((k, v)) = map.iter().find(|(k, _)| scalar_text(k).as_deref() == Some(key))
                    else {
                        return Some(found);
                    };
                    if last && at_key {
                        return Some(position(k));
                    }
                    node = v;
                }
                (Seg::Index(index), YamlData::Sequence(items)) => match items.get(*index) {
                    Some(item) => node = item,
                    None => return Some(found),
                },
                _ => return Some(found),
            }
            found = position(node);
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_keys() {
        let text = "source:\n  id: a\nclaims:\n  - id: x\n    value: 2003\n  - id: y\n    valeu: 1\n";
        let locator = Locator::new(text);
        let claims = Seg::Key("claims".into());
        assert_eq!(
            locator.find(&[claims.clone(), Seg::Index(0), Seg::Key("value".into())], false),
            Some((5, 12))
        );
        assert_eq!(
            locator.find(&[claims.clone(), Seg::Index(1), Seg::Key("valeu".into())], true),
            Some((7, 5))
        );
        // A missing key points at its mapping.
        assert_eq!(
            locator.find(&[claims, Seg::Index(1), Seg::Key("value".into())], false),
            Some((6, 5))
        );
    }
}
