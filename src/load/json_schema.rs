//! JSON Schemas (draft 2020-12) of the three kinds of file, for editors: with the YAML
//! language server, an author gets keys and values completed, described and checked as
//! they type. Each schema is built from the shape tables the loader checks files against
//! ([`super::schema`]), so its keys cannot drift from the loader's; the values the loader
//! accepts from a fixed list (types, kinds, rules) come from the loader's own lists. Given
//! a case, a source file's schema also offers that case's properties, with their types and
//! descriptions, and its entity ids.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::schema::{self, Field, Shape};
use super::{Limits, Problem};
use crate::model::{Entity, Property};
use crate::rules::RULES;
use crate::value::Kind;

/// The kinds of file a case holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A source file: `source:` and `claims:`.
    Source,
    /// `case.yaml`.
    Case,
    /// `reviewed.yaml`.
    Reviewed,
}

/// What a case's `case.yaml` declares that its files may name.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// The case's folder name.
    pub case: String,
    pub properties: BTreeMap<String, Property>,
    pub entities: BTreeMap<String, Entity>,
}

/// The vocabulary of the case `path` names (its folder, or a file in it), from its
/// `case.yaml` alone: source files are not read, so a half-written claim file does not
/// stand in the way of completing it.
pub fn vocabulary(path: &Path, limits: &Limits) -> Result<Vocabulary, Vec<Problem>> {
    let mut problems = Vec::new();
    let dirs = super::files::discover(&[path.to_path_buf()], &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let [dir] = dirs.as_slice() else {
        return Err(vec![Problem::in_file(
            path,
            super::Issue::NotOneCase { found: dirs.len() },
        )]);
    };
    let root = std::fs::canonicalize(dir).map_err(|e| {
        vec![Problem::in_file(
            dir,
            super::Issue::UnreadableFolder { error: e.to_string() },
        )]
    })?;
    let case = root
        .file_name()
        .map_or_else(|| super::display(dir), |n| n.to_string_lossy().into_owned());
    let case_path = super::files::case_file_in(dir).unwrap_or_else(|| dir.join("case.yaml"));
    let folder = super::files::CaseFolder { dir, root: &root };
    let declared = super::read(folder, &case_path, &mut problems, limits)
        .and_then(|text| super::case_file::load(&case_path, &text, &mut problems, limits));
    // A `case.yaml` with any problem gives none.
    match declared {
        Some(declared) => Ok(Vocabulary {
            case,
            properties: declared.properties,
            entities: declared.entities,
        }),
        None => Err(problems),
    }
}

/// The JSON Schema of one kind of file, with the case's vocabulary when given.
pub fn json_schema(kind: FileKind, vocabulary: Option<&Vocabulary>) -> Value {
    let (title, mut body) = match kind {
        FileKind::Source => ("a claimcheck source file", source_file(vocabulary)),
        FileKind::Case => ("a claimcheck case.yaml", case_file(vocabulary)),
        FileKind::Reviewed => ("a claimcheck reviewed.yaml", reviewed_file()),
    };
    let title = match vocabulary {
        Some(v) => format!("{title} of the case {}", v.case),
        None => title.to_string(),
    };
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
    });
    if let (Value::Object(schema), Value::Object(body)) = (&mut schema, &mut body) {
        schema.append(body);
    }
    schema
}

/// A string, number or boolean: what the loader reads as text.
fn scalar() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}

/// What `shape` allows where no list of values is known. As the loader reads them, an
/// empty key (`null`) is as if it were absent.
fn shape(shape: Shape) -> Value {
    match shape {
        Shape::Scalar => json!({"type": ["string", "number", "boolean", "null"]}),
        Shape::ScalarOrList => json!({"anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {"type": "array", "items": scalar()},
        ]}),
        Shape::List => json!({"type": ["array", "null"], "items": scalar()}),
        Shape::Map(fields) => nullable(object(fields, &[], &|_| None)),
        Shape::MapOf(fields) => json!({
            "type": ["object", "null"],
            "additionalProperties": nullable(object(fields, &[], &|_| None)),
        }),
        Shape::MapOfScalars => json!({"type": ["object", "null"], "additionalProperties": scalar()}),
        Shape::ListOf(fields) => json!({"type": ["array", "null"], "items": object(fields, &[], &|_| None)}),
        Shape::ListOfParams => json!({"type": ["array", "null"], "items": {"type": "object"}}),
    }
}

/// `schema`, or nothing.
fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

/// A mapping with exactly `fields`, described by their docs: each field's schema is its
/// `refine`ment when there is one, else what its shape allows. A `required` field may
/// not be empty.
fn object(fields: &[Field], required: &[&str], refine: &dyn Fn(&str) -> Option<Value>) -> Value {
    let mut properties = Map::new();
    for field in fields {
        let mut schema = refine(field.name).unwrap_or_else(|| {
            if required.contains(&field.name) && matches!(field.shape, Shape::Scalar) {
                scalar()
            } else {
                shape(field.shape)
            }
        });
        if let Value::Object(map) = &mut schema {
            map.insert("description".into(), field.doc.into());
        }
        properties.insert(field.name.into(), schema);
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// One of `words`, or nothing when `optional`.
fn one_of_words(words: &[&str], optional: bool) -> Value {
    let mut allowed: Vec<Value> = words.iter().map(|w| Value::from(*w)).collect();
    if optional {
        allowed.push(Value::Null);
    }
    json!({"enum": allowed})
}

/// A property's type and description, as an editor shows it beside the property's name.
fn property_summary(property: &Property) -> String {
    let kind = Kind::ALL
        .iter()
        .find(|(_, k)| *k == property.kind)
        .map_or("", |(name, _)| name);
    let mut text = kind.to_string();
    if let Some(unit) = &property.unit {
        text.push_str(&format!(" in {unit}"));
    }
    if let Some(description) = &property.description {
        text.push_str(&format!(": {description}"));
    }
    text
}

/// A yes-or-no option, as the loader reads it.
fn boolean() -> Value {
    json!({"enum": [true, false, "true", "false", "yes", "no", null]})
}

fn source_file(vocabulary: Option<&Vocabulary>) -> Value {
    let source = object(schema::SOURCE, &[], &|name| match name {
        "kind" => Some(one_of_words(&super::source_file::SOURCE_KINDS, true)),
        "primary" => Some(boolean()),
        _ => None,
    });
    let claims = json!({"type": "array", "items": claim(vocabulary)});
    let mut file = object(schema::SOURCE_FILE, &["claims"], &|name| match name {
        "source" => Some(nullable(source.clone())),
        "claims" => Some(claims.clone()),
        _ => None,
    });
    file["description"] = "The claims taken from one source, and who published it when.".into();
    file
}

/// A claim: a fact (`subject`, `property`) or a relation (`relation`, `of`, `to`), each
/// with an `id` and a `value`.
fn claim(vocabulary: Option<&Vocabulary>) -> Value {
    let property = vocabulary.map(|v| {
        let choices: Vec<Value> = v
            .properties
            .iter()
            .map(|(name, p)| json!({"const": name, "description": property_summary(p)}))
            .collect();
        json!({"anyOf": choices})
    });
    let subject = vocabulary.map(|v| {
        let ids: Vec<&String> = v.entities.keys().collect();
        json!({"type": ["string", "number", "boolean"], "examples": ids})
    });
    let mut claim = object(schema::CLAIM, &["id", "value"], &|name| match name {
        "property" => Some(property.clone().unwrap_or_else(scalar)),
        "subject" => Some(subject.clone().unwrap_or_else(scalar)),
        "relation" => Some(one_of_words(&super::relations::RELATIONS, false)),
        "of" | "to" => Some(scalar()),
        _ => None,
    });
    let mut all_of = vec![json!({
        "if": {"required": ["relation"]},
        "then": {
            "required": ["of", "to"],
            "not": {"anyOf": [{"required": ["subject"]}, {"required": ["property"]}]},
        },
        "else": {
            "required": ["subject", "property"],
            "not": {"anyOf": [{"required": ["of"]}, {"required": ["to"]}]},
        },
    })];
    // Each declared property says, on its claims' `value`, what is written there.
    for (name, p) in vocabulary.iter().flat_map(|v| &v.properties) {
        all_of.push(json!({
            "if": {"required": ["property"], "properties": {"property": {"const": name}}},
            "then": {"properties": {"value": {"description": format!("`{name}`: {}", property_summary(p))}}},
        }));
    }
    claim["allOf"] = Value::Array(all_of);
    claim
}

fn case_file(vocabulary: Option<&Vocabulary>) -> Value {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|(name, _)| *name).collect();
    let property = object(schema::PROPERTY, &["type"], &|name| match name {
        "type" => Some(one_of_words(&kinds, false)),
        "cardinality" => Some(one_of_words(&["one", "many"], true)),
        "scoped_by" => Some(one_of_words(&["period", "since"], true)),
        "cumulative" => Some(boolean()),
        _ => None,
    });
    let entity = object(schema::ENTITY, &["name"], &|_| None);
    let rules = json!({"type": ["array", "null"], "items": {"oneOf": case_rules(vocabulary)}});
    let mut file = object(schema::CASE, &[], &|name| match name {
        "properties" => Some(json!({"type": ["object", "null"], "additionalProperties": property.clone()})),
        "entities" => Some(json!({"type": ["object", "null"], "additionalProperties": entity.clone()})),
        "rules" => Some(rules.clone()),
        _ => None,
    });
    file["description"] =
        "A case's vocabulary: the properties its claims use, its entities and rules.".into();
    file
}

/// One schema per case rule: its name and each of its parameters, required; given a
/// case, a parameter offers the case's properties of the parameter's type.
fn case_rules(vocabulary: Option<&Vocabulary>) -> Vec<Value> {
    RULES
        .iter()
        .filter(|rule| !rule.params().is_empty())
        .map(|rule| {
            let mut properties = Map::new();
            properties.insert(
                "rule".into(),
                json!({"const": rule.id(), "description": rule.summary()}),
            );
            let mut required = vec!["rule"];
            for param in rule.params() {
                let name = match vocabulary {
                    Some(v) => {
                        let fitting: Vec<&String> = v
                            .properties
                            .iter()
                            .filter(|(_, p)| p.kind == param.kind)
                            .map(|(name, _)| name)
                            .collect();
                        json!({"enum": fitting})
                    }
                    None => json!({"type": "string"}),
                };
                let kind = Kind::ALL
                    .iter()
                    .find(|(_, k)| *k == param.kind)
                    .map_or("", |(n, _)| n);
                properties.insert(
                    param.name.into(),
                    json!({
                        "anyOf": [name.clone(), {"type": "array", "items": name}],
                        "description": format!("a {kind} property, or a list of them"),
                    }),
                );
                required.push(param.name);
            }
            json!({
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": false,
            })
        })
        .collect()
}

fn reviewed_file() -> Value {
    let rules: Vec<&str> = RULES.iter().map(|r| r.id()).collect();
    let review = {
        let mut review = object(schema::REVIEW, &["rule", "verdict"], &|name| {
            (name == "rule").then(|| one_of_words(&rules, false))
        });
        // A review names what it covers: a subject, a property, or claims.
        review["anyOf"] = json!([
            {"required": ["subject"], "properties": {"subject": {"not": {"type": "null"}}}},
            {"required": ["property"], "properties": {"property": {"not": {"type": "null"}}}},
            {"required": ["claims"], "properties": {"claims": {"type": "array", "minItems": 1}}},
        ]);
        review
    };
    let mut file = object(schema::REVIEWED_FILE, &[], &|name| {
        (name == "reviewed").then(|| json!({"type": ["array", "null"], "items": review.clone()}))
    });
    file["description"] = "The findings of a case a fact-checker has ruled on, with the verdicts.".into();
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(schema: &Value, yaml: &str) -> bool {
        let instance: Value = serde_yaml::from_str(yaml).unwrap();
        jsonschema::validator_for(schema).unwrap().is_valid(&instance)
    }

    fn vocabulary() -> Vocabulary {
        let (dir, properties) = (
            tempfile::tempdir().unwrap(),
            "properties:\n  held_on: {type: date, description: When}\n  head: {type: name}\nentities:\n  cuba: {name: Cuba}\nrules:\n  - {rule: before, earlier: held_on, later: held_on}\n",
        );
        std::fs::write(dir.path().join("case.yaml"), properties).unwrap();
        vocabulary_of(dir.path())
    }

    fn vocabulary_of(dir: &Path) -> Vocabulary {
        super::vocabulary(dir, &Limits::default()).unwrap()
    }

    #[test]
    fn a_claim_is_a_fact_or_a_relation_with_an_id_and_a_value() {
        let schema = json_schema(FileKind::Source, None);
        assert!(valid(
            &schema,
            "claims:\n  - {id: a, subject: s, property: p, value: 2003}\n"
        ));
        assert!(valid(
            &schema,
            "source: {kind: wire}\nclaims:\n  - {id: r, relation: ratio, of: a, to: b, value: 2}\n"
        ));
        assert!(valid(&schema, "source:\nclaims: []\n"));
        // An empty optional key is as if it were absent; an empty required one is not.
        assert!(valid(
            &schema,
            "source:\n  title:\nclaims:\n  - {id: a, subject: s, property: p, value: 1, note: }\n"
        ));
        assert!(!valid(
            &schema,
            "claims:\n  - {id: a, subject: s, property: p, value: }\n"
        ));
        for wrong in [
            "claims:\n  - {id: r, relation: ratio, of: a, to: , value: 2}\n",
            "source: {id: s}\n",
            "claims:\n  - {id: a, subject: s, property: p}\n",
            "claims:\n  - {subject: s, property: p, value: 1}\n",
            "claims:\n  - {id: a, subject: s, value: 1}\n",
            "claims:\n  - {id: a, relation: ratio, of: a, to: b, subject: s, value: 2}\n",
            "claims:\n  - {id: a, subject: s, property: p, of: b, value: 2}\n",
            "claims:\n  - {id: a, relation: product, of: a, to: b, value: 2}\n",
            "claims:\n  - {id: a, subject: s, property: p, value: 1, valeu: 2}\n",
            "source: {kind: blog}\nclaims: []\n",
        ] {
            assert!(!valid(&schema, wrong), "{wrong}");
        }
    }

    #[test]
    fn a_case_schema_offers_the_case_words() {
        let vocabulary = vocabulary();
        let source = json_schema(FileKind::Source, Some(&vocabulary));
        assert!(
            source["title"]
                .as_str()
                .unwrap()
                .starts_with("a claimcheck source file of the case ")
        );
        assert!(valid(
            &source,
            "claims:\n  - {id: a, subject: cuba, property: held_on, value: 2003}\n"
        ));
        assert!(!valid(
            &source,
            "claims:\n  - {id: a, subject: cuba, property: held, value: 2003}\n"
        ));
        let claim = &source["properties"]["claims"]["items"];
        assert_eq!(claim["properties"]["subject"]["examples"], json!(["cuba"]));
        assert_eq!(
            claim["properties"]["property"]["anyOf"][1],
            json!({"const": "held_on", "description": "date: When"})
        );
        let case = json_schema(FileKind::Case, Some(&vocabulary));
        let rules = case["properties"]["rules"]["items"]["oneOf"].as_array().unwrap();
        let before = rules
            .iter()
            .find(|r| r["properties"]["rule"]["const"] == "before")
            .unwrap();
        assert_eq!(
            before["properties"]["earlier"]["description"],
            "a date property, or a list of them"
        );
        assert!(valid(
            &case,
            "rules:\n  - {rule: before, earlier: held_on, later: [held_on]}\n"
        ));
        for wrong in [
            "rules:\n  - {rule: before, earlier: head, later: held_on}\n",
            "rules:\n  - {rule: before, earlier: held_on}\n",
            "rules:\n  - {rule: befor, earlier: held_on, later: held_on}\n",
            "properties:\n  x: {type: number}\n",
            "properties:\n  x: {description: no type}\n",
            "properties:\n  x: {type: quantity, cumulative: maybe}\n",
            "properties:\n  x: {type: quantity, cardinality: some}\n",
            "properties:\n  x: {type: quantity, scoped_by: year}\n",
            "properties:\n  x: {type: quantity, scoped_by: year}\n",
            "entities:\n  x: {aliases: [y]}\n",
        ] {
            assert!(!valid(&case, wrong), "{wrong}");
        }
        assert!(valid(
            &case,
            "properties:\n  x: {type: quantity, cumulative: yes, cardinality: many, scoped_by: period}\n"
        ));
    }

    #[test]
    fn a_review_names_its_rule_verdict_and_target() {
        let schema = json_schema(FileKind::Reviewed, None);
        assert!(valid(
            &schema,
            "reviewed:\n  - {rule: disputed, subject: s, verdict: ok}\n"
        ));
        assert!(valid(
            &schema,
            "reviewed:\n  - {rule: disputed, claims: [a/b], verdict: ok}\n"
        ));
        for wrong in [
            "reviewed:\n  - {rule: disputed, verdict: ok}\n",
            "reviewed:\n  - {rule: disputed, claims: [], verdict: ok}\n",
            "reviewed:\n  - {rule: disputed, subject: s}\n",
            "reviewed:\n  - {rule: dispute, subject: s, verdict: ok}\n",
        ] {
            assert!(!valid(&schema, wrong), "{wrong}");
        }
    }

    #[test]
    fn only_one_valid_case_has_a_vocabulary() {
        let dir = tempfile::tempdir().unwrap();
        for case in ["a", "b"] {
            std::fs::create_dir(dir.path().join(case)).unwrap();
            std::fs::write(dir.path().join(case).join("case.yaml"), "properties: {}\n").unwrap();
        }
        let problems = super::vocabulary(dir.path(), &Limits::default()).unwrap_err();
        assert_eq!(problems[0].code, super::super::Code::NotOneCase);
        let problems = super::vocabulary(&dir.path().join("c"), &Limits::default()).unwrap_err();
        assert_eq!(problems[0].code, super::super::Code::NoSuchPath);
        std::fs::write(dir.path().join("a/case.yaml"), "properties: {x: {type: numbr}}\n").unwrap();
        let problems = super::vocabulary(&dir.path().join("a"), &Limits::default()).unwrap_err();
        assert_eq!(problems[0].code, super::super::Code::UnknownType);
        assert_eq!(vocabulary_of(&dir.path().join("b")).case, "b");
    }

    /// Every key of every table is in the schema, with its doc.
    #[test]
    fn each_key_of_the_loader_is_described() {
        let source = json_schema(FileKind::Source, None);
        let claim = &source["properties"]["claims"]["items"];
        for field in schema::CLAIM {
            assert_eq!(claim["properties"][field.name]["description"], field.doc);
        }
        let case = json_schema(FileKind::Case, None);
        let property = &case["properties"]["properties"]["additionalProperties"];
        for field in schema::PROPERTY {
            assert_eq!(property["properties"][field.name]["description"], field.doc);
        }
        assert_eq!(case["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}
