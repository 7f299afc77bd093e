//! `case.yaml`: the case's vocabulary — properties, entities and case rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::raw::{OneOrMany, RawCase, RawEntity, RawProperty, RawRule};
use super::schema::{self, did_you_mean};
use super::{FileProblems, Issue, Limits, Problem, path};
use crate::model::{Cardinality, CaseRule, Entity, Property, Scope};
use crate::rules::{self, Rule};
use crate::value::{Entities, Kind, name};

/// What `case.yaml` declares.
#[derive(Debug, Clone)]
pub(super) struct Declared {
    pub title: Option<String>,
    pub properties: BTreeMap<String, Property>,
    pub entities: BTreeMap<String, Entity>,
    pub entity_keys: Entities,
    pub rules: Vec<CaseRule>,
    /// The properties' names in name order: what a fact's property index names.
    pub property_names: Vec<Arc<str>>,
    /// The periods the case names and the zone its clocks keep, for dates and `period`s.
    pub calendar: crate::value::date::Calendar,
}

impl Declared {
    /// Whether a case rule reads the values of `property` as positions (`second`).
    pub(super) fn holds_positions(&self, property: &str) -> bool {
        self.rules
            .iter()
            .flat_map(|r| &r.params)
            .any(|(param, properties)| param.positions && properties.iter().any(|p| p == property))
    }
}

/// `` `a`, `b`, `c` ``: accepted words for a message.
fn quoted<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub(super) fn load(file: &Path, text: &str, out: &mut Vec<Problem>, limits: &Limits) -> Option<Declared> {
    let mut problems = FileProblems::new(file);
    let declared = parse(text, &mut problems, limits);
    let ok = problems.is_empty();
    problems.finish(text, out);
    declared.filter(|_| ok)
}

fn parse(text: &str, problems: &mut FileProblems, limits: &Limits) -> Option<Declared> {
    let tree = super::parse_yaml(text, problems, limits)?;
    if tree.is_null() {
        problems.at_position(None, Issue::EmptyCaseFile);
        return None;
    }
    let mut shape = Vec::new();
    schema::too_long(&tree, limits.max_value_chars, &mut Vec::new(), &mut shape);
    if !shape.is_empty() {
        problems.shape(shape);
        return None;
    }
    schema::check_map(&tree, schema::CASE, &mut Vec::new(), &mut shape);
    if !shape.is_empty() {
        problems.shape(shape);
        return None;
    }
    let raw: RawCase = match serde_yaml::from_value(tree) {
        Ok(raw) => raw,
        Err(e) => {
            problems.at(
                Vec::new(),
                Issue::Malformed {
                    message: e.to_string(),
                },
            );
            return None;
        }
    };

    let (mut properties, broken) = properties(raw.properties, problems);
    for (index, property) in properties.values_mut().enumerate() {
        property.index = super::claim::index32(index);
    }
    let property_names = properties.values().map(|p| Arc::clone(&p.name)).collect();
    let (entities, entity_keys) = entities(raw.entities, problems);
    let rules = case_rules(&raw.rules, &properties, &broken, problems);
    let zone = timezone(raw.timezone, problems);
    let periods = periods(raw.periods, zone, problems);
    Some(Declared {
        title: raw.title.map(|t| t.0),
        properties,
        entities,
        entity_keys,
        rules,
        property_names,
        calendar: crate::value::date::Calendar { periods, zone },
    })
}

/// The declared properties. Also returns the names of those whose `type` is missing or
/// unknown: they are reported once, here, and never again as undeclared by a rule.
fn properties(
    raw: BTreeMap<String, RawProperty>,
    problems: &mut FileProblems,
) -> (BTreeMap<String, Property>, BTreeSet<String>) {
    let mut broken = BTreeSet::new();
    let mut properties = BTreeMap::new();
    for (prop_name, raw_prop) in raw {
        let at = |key: &str| path!["properties", &prop_name, key];
        if !is_snake_case(&prop_name) {
            problems.at_key(
                path!["properties", &prop_name],
                Issue::PropertyNameNotSnakeCase {
                    name: prop_name.clone(),
                },
            );
        }
        let kind = match raw_prop.kind.as_ref().map(|t| t.0.as_str()) {
            None => {
                problems.at(
                    path!["properties", &prop_name],
                    Issue::MissingType {
                        property: prop_name.clone(),
                    },
                );
                broken.insert(prop_name);
                continue;
            }
            Some(written) => match Kind::from_name(written) {
                Some(kind) => kind,
                None => {
                    problems.at(
                        at("type"),
                        Issue::UnknownType {
                            written: written.to_string(),
                            hint: did_you_mean(written, Kind::ALL.iter().map(|(n, _)| *n)),
                            expected: quoted(Kind::ALL.iter().map(|(n, _)| *n)),
                        },
                    );
                    broken.insert(prop_name);
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
                    Issue::UnknownCardinality {
                        written: other.to_string(),
                        hint: did_you_mean(other, ["one", "many"]),
                    },
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
                    Issue::UnknownScope {
                        written: other.to_string(),
                        hint: did_you_mean(other, ["period", "since"]),
                    },
                );
                None
            }
        };
        let cumulative = match raw_prop.cumulative.as_ref().map(|t| t.0.as_str()) {
            None | Some("false" | "no") => false,
            Some("true" | "yes") => {
                if kind != Kind::Quantity {
                    problems.at(
                        at("cumulative"),
                        Issue::OptionNotForType {
                            option: "cumulative",
                            applies_to: "quantity",
                            property: prop_name.clone(),
                            kind: kind.name(),
                        },
                    );
                }
                true
            }
            Some(other) => {
                problems.at(
                    at("cumulative"),
                    Issue::NotABoolean {
                        option: "cumulative",
                        written: other.to_string(),
                    },
                );
                false
            }
        };
        if !raw_prop.unit_spellings.is_empty() && raw_prop.unit.is_none() {
            problems.at(at("unit_spellings"), Issue::SpellingsWithoutUnit);
        }
        if raw_prop.unit.is_some() && kind != Kind::Quantity {
            problems.at(
                at("unit"),
                Issue::OptionNotForType {
                    option: "unit",
                    applies_to: "quantity",
                    property: prop_name.clone(),
                    kind: kind.name(),
                },
            );
        }
        let tolerance = match raw_prop.tolerance.as_ref() {
            None => None,
            Some(t) => match t.0.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => {
                    if !matches!(
                        kind,
                        Kind::Quantity | Kind::Duration | Kind::Frequency | Kind::Age
                    ) {
                        problems.at(
                            at("tolerance"),
                            Issue::OptionNotForType {
                                option: "tolerance",
                                applies_to: "quantity, duration, age and frequency",
                                property: prop_name.clone(),
                                kind: kind.name(),
                            },
                        );
                    }
                    Some(v)
                }
                _ => {
                    problems.at(at("tolerance"), Issue::BadTolerance { written: t.0.clone() });
                    None
                }
            },
        };
        properties.insert(
            prop_name.clone(),
            Property {
                name: prop_name.as_str().into(),
                // Numbered once all are known.
                index: 0,
                kind,
                cardinality,
                unit: raw_prop.unit.map(|t| t.0),
                unit_spellings: raw_prop.unit_spellings.into_iter().map(|t| t.0).collect(),
                scoped_by,
                cumulative,
                tolerance,
                description: raw_prop.description.map(|t| t.0),
            },
        );
    }

    (properties, broken)
}

/// The zone the case's clocks keep (`timezone: Asia/Kolkata`): an IANA name.
fn timezone(raw: Option<super::raw::Text>, problems: &mut FileProblems) -> Option<chrono_tz::Tz> {
    let written = raw?.0;
    let zone = crate::value::time::iana(written.trim());
    if zone.is_none() {
        let hint = problems.did_you_mean(&written, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()));
        problems.at(path!["timezone"], Issue::UnknownTimezone { written, hint });
    }
    zone
}

/// The periods the case names (`Q3 FY24: 2023-07-31..2023-10-29`): each an absolute date
/// or range, since a case has no publication date of its own.
fn periods(
    raw: BTreeMap<String, super::raw::Text>,
    zone: Option<chrono_tz::Tz>,
    problems: &mut FileProblems,
) -> crate::value::date::Periods {
    use crate::value::date;
    let mut periods = date::Periods::new();
    for (name, written) in raw {
        match date::parse_on_clock(&written.0, None, zone) {
            Ok(days) => {
                periods.insert(date::period_key(&name), days);
            }
            Err(_) => problems.at(
                path!["periods", &name],
                Issue::InvalidDate {
                    key: "periods",
                    written: written.0,
                    forms: Kind::Date.accepted_forms(),
                },
            ),
        }
    }
    periods
}

/// The declared entities, and the lookup from each normalised spelling to its entity.
fn entities(
    raw: BTreeMap<String, RawEntity>,
    problems: &mut FileProblems,
) -> (BTreeMap<String, Entity>, Entities) {
    let mut entities = BTreeMap::new();
    let mut entity_keys = Entities::new();
    for (id, raw_entity) in raw {
        if let Some(why) = crate::chars::identifier_problem(&id) {
            problems.at_key(
                path!["entities", &id],
                Issue::BadIdentifier {
                    what: "entity id",
                    written: id.clone(),
                    why,
                },
            );
            continue;
        }
        let Some(entity_name) = raw_entity.name.map(|t| t.0) else {
            problems.at(
                path!["entities", &id],
                Issue::MissingEntityName { id: id.clone() },
            );
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
                    problems.at(
                        at,
                        Issue::SharedAlias {
                            spelling,
                            id: id.clone(),
                            other: other.to_string(),
                        },
                    );
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

    (entities, entity_keys)
}

/// The case rules, each validated against the parameters its rule declares
/// ([`crate::rules::Rule::params`]): every parameter given, no other, each naming
/// properties of the declared type.
fn case_rules(
    raw: &[RawRule],
    properties: &BTreeMap<String, Property>,
    broken: &BTreeSet<String>,
    problems: &mut FileProblems,
) -> Vec<CaseRule> {
    let case_rules: Vec<&dyn Rule> = rules::RULES
        .iter()
        .copied()
        .filter(|r| !r.params().is_empty())
        .collect();
    let names = || {
        let mut names: Vec<String> = case_rules.iter().map(|r| format!("`{}`", r.id())).collect();
        let last = names.pop().unwrap_or_default();
        if names.is_empty() {
            last
        } else {
            format!("{} or {last}", names.join(", "))
        }
    };
    // Each rule with its index under `rules:`.
    let mut rules: Vec<(usize, CaseRule)> = Vec::new();
    for (i, written) in raw.iter().enumerate() {
        let Some(rule_name) = written.get("rule").and_then(OneOrMany::as_one) else {
            problems.at(
                path!["rules", i],
                Issue::MissingCaseRuleName { expected: names() },
            );
            continue;
        };
        let Some(rule) = case_rules.iter().find(|r| r.id() == rule_name) else {
            problems.at(
                path!["rules", i, "rule"],
                Issue::UnknownCaseRule {
                    written: rule_name.to_string(),
                    hint: did_you_mean(rule_name, case_rules.iter().map(|r| r.id())),
                    expected: names(),
                },
            );
            continue;
        };
        let declared = rule.params();
        let mut ok = true;
        for key in written.keys().filter(|k| *k != "rule") {
            if !declared.iter().any(|p| p.name == key) {
                problems.at_key(
                    path!["rules", i, key],
                    Issue::UnknownRuleParam {
                        rule: rule_name.to_string(),
                        key: key.clone(),
                        hint: did_you_mean(key, declared.iter().map(|p| p.name)),
                        expected: quoted(declared.iter().map(|p| p.name)),
                    },
                );
                ok = false;
            }
        }
        let mut params = Vec::new();
        for &param in declared {
            let Some(given) = written.get(param.name) else {
                problems.at(
                    path!["rules", i],
                    Issue::MissingRuleParam {
                        rule: rule_name.to_string(),
                        param: param.name,
                    },
                );
                ok = false;
                continue;
            };
            let props = given.clone().into_vec();
            for (j, prop) in props.iter().enumerate() {
                let at = match given {
                    OneOrMany::One(_) => path!["rules", i, param.name],
                    OneOrMany::Many(_) => path!["rules", i, param.name, j],
                };
                match properties.get(prop) {
                    // Its missing or unknown `type` is reported where it is declared.
                    None if broken.contains(prop) => ok = false,
                    None => {
                        let hint = problems.did_you_mean(prop, properties.keys().map(String::as_str));
                        problems.at(
                            at,
                            Issue::UndeclaredRuleProperty {
                                param: param.name,
                                property: prop.clone(),
                                hint,
                            },
                        );
                        ok = false;
                    }
                    Some(p) if p.kind != param.kind => {
                        problems.at(
                            at,
                            Issue::RulePropertyType {
                                param: param.name,
                                needed: param.kind.name(),
                                property: prop.clone(),
                                kind: p.kind.name(),
                            },
                        );
                        ok = false;
                    }
                    Some(_) => {}
                }
            }
            params.push((param, props));
        }
        // The same rule declared twice would report every finding twice.
        let twin = rules
            .iter()
            .find(|(_, r): &&(usize, CaseRule)| r.rule == rule.id() && r.params == params);
        if let Some((first, _)) = twin {
            problems.at(
                path!["rules", i],
                Issue::DuplicateCaseRule {
                    rule: rule.id(),
                    first: first + 1,
                },
            );
            ok = false;
        }
        if ok {
            rules.push((
                i,
                CaseRule {
                    rule: rule.id(),
                    params,
                },
            ));
        }
    }
    rules.into_iter().map(|(_, rule)| rule).collect()
}

#[cfg(test)]
mod tests {
    use crate::load::load;
    use crate::model::Case;
    use crate::value::Value;

    fn loaded(files: &[(&str, &str)]) -> (Vec<Case>, Vec<String>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let loaded = load(&[dir.path().to_path_buf()]);
        let problems = loaded
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.code, p.message))
            .collect();
        (loaded.cases, problems)
    }

    const CASE: &str = "properties:
  revenue: {type: quantity, scoped_by: period}
  quarter_end: {type: date}
periods:
  Q3 FY25: 2024-07-01..2024-09-30
  fiscal 2025: 2023-10-01..2024-09-30
";

    /// A case names its fiscal periods once; claims use the names wherever a date goes.
    #[test]
    fn named_periods_stand_for_their_dates() {
        let (cases, problems) = loaded(&[
            ("case.yaml", CASE),
            (
                "a.yaml",
                "claims:
  - {id: a, subject: x, property: revenue, value: '9', period: Q3 FY25}
  - {id: b, subject: x, property: revenue, value: '9', period: in q3 fy25}
  - {id: c, subject: x, property: revenue, value: '9', period: the Fiscal 2025}
  - {id: d, subject: q3, property: quarter_end, value: Q3 FY25}
",
            ),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let claims = &cases[0].claims;
        let q3 = crate::value::date::parse("2024-07-01..2024-09-30", None).unwrap();
        assert_eq!(claims[0].period(), Some(q3));
        assert_eq!(claims[1].period(), Some(q3));
        assert_eq!(
            claims[2].period(),
            Some(crate::value::date::parse("2023-10-01..2024-09-30", None).unwrap())
        );
        assert_eq!(claims[3].value, Value::Date(q3));
    }

    #[test]
    fn a_period_must_be_an_absolute_date() {
        let (_, problems) = loaded(&[
            (
                "case.yaml",
                "properties:\n  n: {type: quantity}\nperiods:\n  Q3 FY25: next Thursday\n  FY26: someday\n  H1: [1, 2]\n",
            ),
            ("a.yaml", "claims: []\n"),
        ]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("wrong-item-shape"), "{problems:?}");
        let (_, problems) = loaded(&[
            (
                "case.yaml",
                "properties:\n  n: {type: quantity}\nperiods:\n  Q3 FY25: next Thursday\n  FY26: someday\n",
            ),
            ("a.yaml", "claims: []\n"),
        ]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems.iter().all(|p| p.starts_with("invalid-date")),
            "{problems:?}"
        );
        assert!(problems[0].contains("next Thursday"), "{problems:?}");
    }

    #[test]
    fn cumulative_is_a_boolean_of_quantities() {
        let (cases, problems) = loaded(&[
            (
                "case.yaml",
                "properties:\n  deaths: {type: quantity, cumulative: true}\n  injured: {type: quantity, cumulative: no}\n",
            ),
            ("a.yaml", "claims: []\n"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(cases[0].properties["deaths"].cumulative);
        assert!(!cases[0].properties["injured"].cumulative);
        let (_, problems) = loaded(&[
            (
                "case.yaml",
                "properties:\n  deaths: {type: quantity, cumulative: always}\n  held: {type: date, cumulative: true}\n",
            ),
            ("a.yaml", "claims: []\n"),
        ]);
        assert_eq!(
            problems,
            [
                "not-a-boolean: `cumulative` is `true` or `false`; found `always`",
                "option-not-for-type: `cumulative` applies to quantity properties; `held` is a date",
            ]
        );
    }
}
