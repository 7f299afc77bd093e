//! The shape of each file, checked over the parsed YAML tree before deserialising, so
//! that every unknown key and misplaced value in a file is reported in one run, each with
//! a near-miss suggestion (serde stops at the first).

use serde_yaml::Value;

use super::Issue;
use super::locate::{Seg, YamlPath};

/// What a key holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    /// A string, number or boolean.
    Scalar,
    /// A scalar or a list of scalars.
    ScalarOrList,
    /// A list of scalars.
    List,
    /// A mapping with these keys.
    Map(&'static [Field]),
    /// A mapping from free names to mappings with these keys.
    MapOf(&'static [Field]),
    /// A mapping from free names to single values.
    MapOfScalars,
    /// A list of mappings with these keys.
    ListOf(&'static [Field]),
    /// A list of mappings from free names to names or lists of names: case rules, whose
    /// keys are checked against each rule's declared parameters.
    ListOfParams,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    pub name: &'static str,
    pub shape: Shape,
    /// What the key holds, in a line: the JSON Schema's description, which an editor shows.
    pub doc: &'static str,
}

const fn scalar(name: &'static str, doc: &'static str) -> Field {
    Field {
        name,
        shape: Shape::Scalar,
        doc,
    }
}

const fn field(name: &'static str, shape: Shape, doc: &'static str) -> Field {
    Field { name, shape, doc }
}

pub(super) const PROPERTY: &[Field] = &[
    scalar(
        "type",
        "How its values are written and compared: date, time, quantity, duration, age, frequency, weekday, name, text or boolean (required).",
    ),
    scalar(
        "cardinality",
        "`one` (the default): a subject has a single true value, so claims that disagree are a finding; `many`: several values may all be true.",
    ),
    scalar(
        "unit",
        "Quantities: the unit a figure is written with, such as `visas`, `percent` or an ISO 4217 currency code such as `USD`.",
    ),
    field(
        "unit_spellings",
        Shape::List,
        "More ways the sources write the `unit`, such as `[kmph, km per hour]` (needs a `unit`).",
    ),
    scalar(
        "scoped_by",
        "`period` or `since`: claims are compared only when their periods (or since dates) overlap.",
    ),
    scalar(
        "cumulative",
        "Quantities: `true` for a count that only grows, such as a death toll; a surely later, smaller count is a finding.",
    ),
    scalar(
        "tolerance",
        "A number from 0 to 1 (default 0.1): the relative width of `about` and of a bare duration.",
    ),
    scalar(
        "description",
        "What the property means, for the people who write claims.",
    ),
];

pub(super) const ENTITY: &[Field] = &[
    scalar("name", "The entity's name (required)."),
    field(
        "aliases",
        Shape::List,
        "Other names it goes by, such as `[U.S., USA, Washington]`.",
    ),
];

pub(super) const CASE: &[Field] = &[
    scalar("title", "The story, shown above the case's findings."),
    field(
        "properties",
        Shape::MapOf(PROPERTY),
        "The properties claims may use, by snake_case name.",
    ),
    field(
        "entities",
        Shape::MapOf(ENTITY),
        "Things that go by several names, by id.",
    ),
    field(
        "rules",
        Shape::ListOfParams,
        "Case rules and their parameters, such as `{rule: timeline, pause: suspended, resume: resumed, events: held_on}`.",
    ),
    field(
        "periods",
        Shape::MapOfScalars,
        "Periods the case names, such as fiscal quarters: `{Q3 FY24: 2023-07-31..2023-10-29}`.",
    ),
    scalar(
        "timezone",
        "The zone the story's clocks keep, an IANA name such as `Asia/Kolkata` or `UTC`.",
    ),
];

pub(super) const SOURCE: &[Field] = &[
    scalar(
        "id",
        "The source's id, unique in the case (a-z, 0-9, `.`, `_`, `-`); by default the file's name.",
    ),
    scalar("title", "The article's title."),
    scalar("publisher", "Who published it."),
    scalar("author", "Who wrote it."),
    scalar(
        "published",
        "The publication date (a day, month, year or range); relative dates in claims are resolved against it.",
    ),
    scalar("url", "Where it was published."),
    scalar(
        "kind",
        "One of `news`, `wire`, `press-release`, `official`, `comment`.",
    ),
    scalar(
        "text",
        "The source's text file, relative to the case folder; quotes are checked against it.",
    ),
    scalar(
        "primary",
        "`true` for a primary source (the party's own statement); `official` and `press-release` sources are primary unless `false`.",
    ),
];

pub(super) const CLAIM: &[Field] = &[
    scalar(
        "id",
        "The claim's id, unique in the file (a-z, 0-9, `.`, `_`, `-`; required).",
    ),
    scalar(
        "subject",
        "What the claim is about: any slug, or an entity's id, name or alias.",
    ),
    scalar("property", "A property declared in `case.yaml`."),
    scalar("value", "The value as the source states it (required)."),
    scalar(
        "relation",
        "A relation claim's kind: `ratio` or `difference` (instead of `subject` and `property`).",
    ),
    scalar(
        "of",
        "A relation's first operand: `<claim-id>`, `<source-id>/<claim-id>` or `published`.",
    ),
    scalar(
        "to",
        "A relation's second operand: `<claim-id>`, `<source-id>/<claim-id>` or `published`.",
    ),
    scalar(
        "period",
        "When the claim holds: a date, times included, or a period the case names.",
    ),
    scalar("since", "Where a count starts: a date, as `period`."),
    scalar(
        "said_by",
        "Who the source attributes the claim to; without it, the claim is the source's own voice.",
    ),
    scalar("quote", "The words of the source the claim was taken from."),
    scalar("note", "Why the claim was written as it was."),
];

pub(super) const SOURCE_FILE: &[Field] = &[
    field("source", Shape::Map(SOURCE), "Who published what, and when."),
    field(
        "claims",
        Shape::ListOf(CLAIM),
        "The claims taken from the source.",
    ),
];

pub(super) const REVIEW: &[Field] = &[
    scalar("rule", "The rule of the finding reviewed (required)."),
    scalar("subject", "The finding's subject."),
    scalar("property", "The finding's property."),
    field(
        "claims",
        Shape::List,
        "Claims the finding must show, as `<source-id>/<claim-id>`.",
    ),
    scalar(
        "period",
        "The period of the finding's claims, pinning the review to that scope.",
    ),
    scalar(
        "since",
        "The `since` of the finding's claims, pinning the review to that scope.",
    ),
    scalar("verdict", "The fact-checker's ruling (required)."),
    scalar("note", "Anything more for the next reviewer."),
];

pub(super) const REVIEWED_FILE: &[Field] = &[field(
    "reviewed",
    Shape::ListOf(REVIEW),
    "The findings a fact-checker has ruled on.",
)];

/// One shape problem: where, whether it points at the key rather than the value, and what.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapeProblem {
    pub path: YamlPath,
    pub at_key: bool,
    pub issue: Issue,
}

/// Names longer than this get no suggestion, and are none: a typo is made in a short
/// name, and comparing long ones costs their product.
const SUGGESTED_CHARS: usize = 64;

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo;
/// `budget` counts down the comparisons allowed, so that a file of thousands of unknown
/// names costs a bounded time.
pub(super) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<&'a str> {
    if word.len() > SUGGESTED_CHARS {
        return None;
    }
    candidates
        .into_iter()
        .take_while(|_| {
            let left = *budget > 0;
            *budget = budget.saturating_sub(1);
            left
        })
        .filter(|c| c.len() <= SUGGESTED_CHARS)
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)` or nothing, among a short fixed list of words.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    hint(suggest(word, candidates, &mut usize::MAX.clone()))
}

/// ` (did you mean `x`?)` or nothing.
pub(super) fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        other => describe(other).to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Every text and key in `value` longer than `limit` characters, so that a hostile file
/// cannot make a name or a message megabytes long. The tree is no deeper than the guard
/// allows.
pub(super) fn too_long(value: &Value, limit: usize, path: &mut YamlPath, out: &mut Vec<ShapeProblem>) {
    match value {
        Value::String(text) => {
            let chars = text.chars().count();
            if chars > limit {
                let key = match path.last() {
                    Some(Seg::Key(key)) => key.clone(),
                    _ => "an item".to_string(),
                };
                out.push(ShapeProblem {
                    path: path.clone(),
                    at_key: false,
                    issue: Issue::ValueTooLong { key, chars, limit },
                });
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                too_long(item, limit, path, out);
                path.pop();
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map {
                let name = key.as_str().unwrap_or_default();
                let chars = name.chars().count();
                path.push(Seg::Key(name.to_string()));
                if chars > limit {
                    out.push(ShapeProblem {
                        path: path.clone(),
                        at_key: true,
                        issue: Issue::KeyTooLong {
                            start: if chars > 20 {
                                name.chars().take(20).chain(['…']).collect()
                            } else {
                                name.to_string()
                            },
                            chars,
                            limit,
                        },
                    });
                } else {
                    too_long(item, limit, path, out);
                }
                path.pop();
            }
        }
        Value::Tagged(tagged) => too_long(&tagged.value, limit, path, out),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Checks `value` against a mapping with `fields`, appending problems to `out`.
pub(super) fn check_map(value: &Value, fields: &[Field], path: &mut YamlPath, out: &mut Vec<ShapeProblem>) {
    let Value::Mapping(map) = value else {
        out.push(ShapeProblem {
            path: path.clone(),
            at_key: false,
            issue: Issue::NotAMapping {
                found: describe(value),
            },
        });
        return;
    };
    for (key, item) in map {
        let Some(key) = key.as_str() else {
            let hint = if key.is_number() {
                // `{value: July 17, 2013}` splits at the comma inside a flow mapping.
                "; a value with a comma must be quoted inside `{ }`: `value: \"July 17, 2013\"`"
            } else {
                ""
            };
            out.push(ShapeProblem {
                path: path.clone(),
                at_key: false,
                issue: Issue::KeyNotAName {
                    key: scalar_text(key),
                    hint,
                },
            });
            continue;
        };
        path.push(Seg::Key(key.to_string()));
        match fields.iter().find(|f| f.name == key) {
            None => out.push(ShapeProblem {
                path: path.clone(),
                at_key: true,
                issue: Issue::UnknownKey {
                    key: key.to_string(),
                    hint: if key.chars().all(|c| c.is_ascii_digit()) {
                        // `{value: 20,000}` splits at the comma inside a flow mapping.
                        " (a number with a thousands comma must be quoted inside `{ }`: `value: \"20,000\"`)"
                            .to_string()
                    } else {
                        did_you_mean(key, fields.iter().map(|f| f.name))
                    },
                    expected: fields
                        .iter()
                        .map(|f| format!("`{}`", f.name))
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            }),
            Some(field) => check_shape(item, field.shape, key, path, out),
        }
        path.pop();
    }
}

/// An item of `key`'s list or mapping that must be a single value.
fn not_scalar(key: &str, at: Seg, item: &Value, path: &mut YamlPath, out: &mut Vec<ShapeProblem>) {
    if is_scalar(item) {
        return;
    }
    path.push(at);
    out.push(ShapeProblem {
        path: path.clone(),
        at_key: false,
        issue: Issue::WrongItemShape {
            key: key.to_string(),
            found: describe(item),
        },
    });
    path.pop();
}

fn check_shape(value: &Value, shape: Shape, key: &str, path: &mut YamlPath, out: &mut Vec<ShapeProblem>) {
    let mut wrong = |expected: &'static str| {
        out.push(ShapeProblem {
            path: path.clone(),
            at_key: false,
            issue: Issue::WrongShape {
                key: key.to_string(),
                expected,
                found: describe(value),
            },
        });
    };
    match shape {
        Shape::Scalar => {
            if !is_scalar(value) && !value.is_null() {
                wrong("a single value");
            }
        }
        Shape::ScalarOrList | Shape::List => match value {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    not_scalar(key, Seg::Index(i), item, path, out);
                }
            }
            v if matches!(shape, Shape::ScalarOrList) && is_scalar(v) => {}
            Value::Null => {}
            _ => wrong(if matches!(shape, Shape::List) {
                "a list"
            } else {
                "a name or a list of names"
            }),
        },
        Shape::Map(fields) => match value {
            Value::Null => {}
            v => check_map(v, fields, path, out),
        },
        Shape::MapOfScalars => match value {
            Value::Mapping(map) => {
                for (name, item) in map {
                    let name = name.as_str().map_or_else(|| format!("{name:?}"), str::to_string);
                    not_scalar(key, Seg::Key(name), item, path, out);
                }
            }
            Value::Null => {}
            _ => wrong("a mapping of names to dates"),
        },
        Shape::MapOf(fields) => match value {
            Value::Mapping(map) => {
                for (name, item) in map {
                    let name = name.as_str().map_or_else(|| format!("{name:?}"), str::to_string);
                    path.push(Seg::Key(name));
                    match item {
                        Value::Null => {}
                        item => check_map(item, fields, path, out),
                    }
                    path.pop();
                }
            }
            Value::Null => {}
            _ => wrong("a mapping"),
        },
        Shape::ListOfParams => match value {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    match item {
                        Value::Mapping(map) => {
                            for (name, item) in map {
                                let Some(name) = name.as_str() else {
                                    out.push(ShapeProblem {
                                        path: path.clone(),
                                        at_key: false,
                                        issue: Issue::KeyNotAName {
                                            key: scalar_text(name),
                                            hint: "",
                                        },
                                    });
                                    continue;
                                };
                                path.push(Seg::Key(name.to_string()));
                                check_shape(item, Shape::ScalarOrList, name, path, out);
                                path.pop();
                            }
                        }
                        other => out.push(ShapeProblem {
                            path: path.clone(),
                            at_key: false,
                            issue: Issue::NotAMapping {
                                found: describe(other),
                            },
                        }),
                    }
                    path.pop();
                }
            }
            Value::Null => {}
            _ => wrong("a list"),
        },
        Shape::ListOf(fields) => match value {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    check_map(item, fields, path, out);
                    path.pop();
                }
            }
            Value::Null => {}
            _ => wrong("a list"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str, fields: &[Field]) -> Vec<ShapeProblem> {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut out = Vec::new();
        check_map(&value, fields, &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let found = problems(
            "claims:\n  - id: a\n    valeu: 1\n  - id: b\n    qoute: x\n",
            SOURCE_FILE,
        );
        assert_eq!(found.len(), 2);
        let Issue::UnknownKey { key, hint, .. } = &found[0].issue else {
            panic!("{:?}", found[0].issue)
        };
        assert_eq!(
            (key.as_str(), hint.as_str()),
            ("valeu", " (did you mean `value`?)")
        );
        assert_eq!(
            found[0].path,
            vec![Seg::Key("claims".into()), Seg::Index(0), Seg::Key("valeu".into())]
        );
        assert!(found[0].at_key);
        assert!(
            matches!(&found[1].issue, Issue::UnknownKey { hint, .. } if hint == " (did you mean `quote`?)")
        );
    }

    #[test]
    fn wrong_shapes() {
        let found = problems("claims:\n  - id: [a, b]\n", SOURCE_FILE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].issue,
            Issue::WrongShape {
                key: "id".into(),
                expected: "a single value",
                found: "a list"
            }
        );
        let found = problems("claims: many\n", SOURCE_FILE);
        assert_eq!(
            found[0].issue,
            Issue::WrongShape {
                key: "claims".into(),
                expected: "a list",
                found: "a string"
            }
        );
    }

    /// The keys a serde mirror accepts, read from the "unknown field" error that lists
    /// them all, so the test follows the structs as they are, not a copy of them.
    fn serde_keys<T: serde::de::DeserializeOwned + std::fmt::Debug>() -> Vec<&'static str> {
        let error = serde_yaml::from_str::<T>("not_a_key_of_any_file: 1")
            .unwrap_err()
            .to_string();
        let expected = error.split_once("expected").expect(&error).1;
        let mut keys: Vec<&'static str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|k| &*k.to_string().leak())
            .collect();
        keys.sort_unstable();
        keys
    }

    fn schema_keys(fields: &[Field]) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = fields.iter().map(|f| f.name).collect();
        keys.sort_unstable();
        keys
    }

    /// A file without shape problems is read in one serde pass; one with problems is
    /// checked key by key against these tables. Both roads must take the same keys, or a
    /// key would be accepted or refused depending on what else is wrong in the file.
    #[test]
    fn serde_mirrors_and_shape_tables_take_exactly_the_same_keys() {
        use crate::load::raw::*;
        let pairs: [(&str, Vec<&str>, &[Field]); 7] = [
            (
                "source file",
                serde_keys::<crate::load::source_file::RawSourceFile>(),
                SOURCE_FILE,
            ),
            ("source", serde_keys::<RawSource>(), SOURCE),
            ("claim", serde_keys::<RawClaim>(), CLAIM),
            ("case.yaml", serde_keys::<RawCase>(), CASE),
            ("property", serde_keys::<RawProperty>(), PROPERTY),
            ("entity", serde_keys::<RawEntity>(), ENTITY),
            ("review", serde_keys::<RawReview>(), REVIEW),
        ];
        for (what, serde, fields) in pairs {
            assert!(!serde.is_empty(), "{what}: no keys read from serde");
            assert_eq!(
                serde,
                schema_keys(fields),
                "{what}: serde and the shape table differ"
            );
        }
        // `reviewed.yaml` is read key by key only; case rules' keys are each rule's params.
        assert_eq!(schema_keys(REVIEWED_FILE), ["reviewed"]);
    }

    #[test]
    fn far_misses_get_no_suggestion() {
        let found = problems("zzz: 1\n", CASE);
        assert!(
            matches!(&found[0].issue, Issue::UnknownKey { hint, .. } if hint.is_empty()),
            "{:?}",
            found[0].issue
        );
    }
}
