//! `case.yaml`: the case's vocabulary — properties, entities and case rules.

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use super::raw::RawCase;
use super::schema::{self, did_you_mean};
use super::{FileProblems, Limits, Problem, path};
use crate::model::{Cardinality, CaseRule, Entity, Property, Scope};
use crate::value::{Entities, Kind, name};

/// What `case.yaml` declares.
#[derive(Debug, Clone)]
pub struct Declared {
    pub title: Option<String>,
    pub properties: BTreeMap<String, Property>,
    pub entities: BTreeMap<String, Entity>,
    pub entity_keys: Entities,
    pub rules: Vec<CaseRule>,
}

/// The case rules and the parameters each takes, with the property types they need.
pub const CASE_RULES: [(&str, &[(&str, Kind)]); 3] = [
    (
        "timeline",
        &[
            ("pause", Kind::Date),
            ("resume", Kind::Date),
            ("events", Kind::Date),
        ],
    ),
    ("numbering", &[("number", Kind::Quantity), ("events", Kind::Date)]),
    ("before", &[("earlier", Kind::Date), ("later", Kind::Date)]),
];

fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub fn load(file: &FsPath, text: &str, out: &mut Vec<Problem>, limits: &Limits) -> Option<Declared> {
    let mut problems = FileProblems::new(file);
    let declared = parse(text, &mut problems, limits);
    let ok = problems.is_empty();
    problems.finish(text, out);
    declared.filter(|_| ok)
}

fn parse(text: &str, problems: &mut FileProblems, limits: &Limits) -> Option<Declared> {
    let tree = super::parse_yaml(text, problems, limits)?;
    if tree.is_null() {
        problems.at_position(
            None,
            None,
            "`case.yaml` is empty; expected `properties:` and optionally `title:`, `entities:`, `rules:`",
        );
        return None;
    }
    let mut shape = Vec::new();
    schema::check_map(&tree, schema::CASE, &mut Vec::new(), &mut shape);
    if !shape.is_empty() {
        problems.shape(shape);
        return None;
    }
    let raw: RawCase = match serde_yaml::from_value(tree) {
        Ok(raw) => raw,
        Err(e) => {
            problems.at(Vec::new(), e.to_string());
            return None;
        }
    };

    let mut properties = BTreeMap::new();
    for (prop_name, raw_prop) in raw.properties {
        let at = |key: &str| path!["properties", &prop_name, key];
        if !is_snake_case(&prop_name) {
            problems.at_key(
                path!["properties", &prop_name],
                format!("property name `{prop_name}` must be snake_case (`a-z`, `0-9`, `_`)"),
            );
        }
        let kind = match raw_prop.kind.as_ref().map(|t| t.0.as_str()) {
            None => {
                problems.at(
                    path!["properties", &prop_name],
                    format!("property `{prop_name}` needs a `type`"),
                );
                continue;
            }
            Some(written) => match Kind::from_name(written) {
                Some(kind) => kind,
                None => {
                    problems.at(
                        at("type"),
                        format!(
                            "unknown type `{written}`{}; expected one of {}",
                            did_you_mean(written, Kind::ALL.iter().map(|(n, _)| *n)),
                            Kind::ALL
                                .iter()
                                .map(|(n, _)| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    continue;
                }
            },
        };
        let cardinality = match raw_prop.cardinality.as_ref().map(|t| t.0.as_str()) {
            None | Some("one") => Cardinality::One,
            Some("many") => Cardinality::Many,
            Some(other) => {
                problems.at(
                    at("cardinality"),
                    format!(
                        "unknown cardinality `{other}`{}; expected `one` or `many`",
                        did_you_mean(other, ["one", "many"])
                    ),
                );
                Cardinality::One
            }
        };
        let scoped_by = match raw_prop.scoped_by.as_ref().map(|t| t.0.as_str()) {
            None => None,
            Some("period") => Some(Scope::Period),
            Some("since") => Some(Scope::Since),
            Some(other) => {
                problems.at(
                    at("scoped_by"),
                    format!(
                        "unknown scope `{other}`{}; expected `period` or `since`",
                        did_you_mean(other, ["period", "since"])
                    ),
                );
                None
            }
        };
        if raw_prop.unit.is_some() && kind != Kind::Quantity {
            problems.at(
                at("unit"),
                format!(
                    "`unit` applies to quantity properties; `{prop_name}` is a {}",
                    kind.name()
                ),
            );
        }
        let tolerance = match raw_prop.tolerance.as_ref() {
            None => None,
            Some(t) => match t.0.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => {
                    if !matches!(kind, Kind::Quantity | Kind::Duration | Kind::Frequency) {
                        problems.at(at("tolerance"), format!("`tolerance` applies to quantity and duration properties; `{prop_name}` is a {}", kind.name()));
                    }
                    Some(v)
                }
                _ => {
                    problems.at(at("tolerance"), format!("`tolerance` must be a relative number between 0 and 1, such as `0.05`; found `{}`", t.0));
                    None
                }
            },
        };
        properties.insert(
            prop_name.clone(),
            Property {
                name: prop_name.as_str().into(),
                kind,
                cardinality,
                unit: raw_prop.unit.map(|t| t.0),
                scoped_by,
                tolerance,
                description: raw_prop.description.map(|t| t.0),
            },
        );
    }

    let mut entities = BTreeMap::new();
    let mut entity_keys = Entities::new();
    for (id, raw_entity) in raw.entities {
        let Some(entity_name) = raw_entity.name.map(|t| t.0) else {
            problems.at(path!["entities", &id], format!("entity `{id}` needs a `name`"));
            continue;
        };
        let aliases: Vec<String> = raw_entity.aliases.into_iter().map(|t| t.0).collect();
        let mut spellings = vec![
            (id.clone(), path!["entities", &id]),
            (entity_name.clone(), path!["entities", &id, "name"]),
        ];
        spellings.extend(
            aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (a.clone(), path!["entities", &id, "aliases", i])),
        );
        for (spelling, at) in spellings {
            let key = name::key(&spelling);
            match entity_keys.get(&key) {
                Some(other) if **other != *id => {
                    problems.at(at, format!("`{spelling}` of entity `{id}` also names entity `{other}`; an alias may stand for one entity only"));
                }
                _ => {
                    entity_keys.insert(key, id.as_str().into());
                }
            }
        }
        entities.insert(
            id.clone(),
            Entity {
                id,
                name: entity_name,
                aliases,
            },
        );
    }

    let mut rules = Vec::new();
    for (i, raw_rule) in raw.rules.iter().enumerate() {
        let Some(rule_name) = raw_rule.rule.as_ref().map(|t| t.0.as_str()) else {
            problems.at(
                path!["rules", i],
                "a case rule needs `rule:` naming it (`timeline`, `numbering` or `before`)",
            );
            continue;
        };
        let Some((_, params)) = CASE_RULES.iter().find(|(n, _)| *n == rule_name) else {
            problems.at(
                path!["rules", i, "rule"],
                format!(
                    "unknown case rule `{rule_name}`{}; expected `timeline`, `numbering` or `before`",
                    did_you_mean(rule_name, CASE_RULES.iter().map(|(n, _)| *n))
                ),
            );
            continue;
        };
        let written = raw_rule.params();
        let mut checked = BTreeMap::new();
        for (param, props) in &written {
            let Some((_, needed)) = params.iter().find(|(p, _)| p == param) else {
                problems.at_key(
                    path!["rules", i, *param],
                    format!(
                        "`{rule_name}` takes no `{param}`{}; its parameters are {}",
                        did_you_mean(param, params.iter().map(|(p, _)| *p)),
                        params
                            .iter()
                            .map(|(p, _)| format!("`{p}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            };
            for (j, prop) in props.iter().enumerate() {
                let at = if props.len() == 1 {
                    path!["rules", i, *param]
                } else {
                    path!["rules", i, *param, j]
                };
                match properties.get(prop) {
                    None => problems.at(
                        at,
                        format!(
                            "`{param}` names `{prop}`, which is not a property of this case{}",
                            did_you_mean(prop, properties.keys().map(String::as_str))
                        ),
                    ),
                    Some(p) if p.kind != *needed => problems.at(
                        at,
                        format!(
                            "`{param}` needs a {} property, but `{prop}` is a {}",
                            needed.name(),
                            p.kind.name()
                        ),
                    ),
                    Some(_) => {}
                }
            }
            checked.insert(param.to_string(), props.clone());
        }
        for (param, _) in params.iter() {
            if !written.iter().any(|(p, _)| p == param) {
                problems.at(path!["rules", i], format!("`{rule_name}` needs `{param}`"));
            }
        }
        rules.push(CaseRule {
            rule: rule_name.to_string(),
            params: checked,
        });
    }

    Some(Declared {
        title: raw.title.map(|t| t.0),
        properties,
        entities,
        entity_keys,
        rules,
    })
}
