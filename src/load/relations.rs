//! Relation claims: their `of` and `to` resolved against the facts of every file of the
//! case, and their stated value typed by what the operands measure. Runs once all files
//! are loaded; each file's problems stay with its file.

use std::collections::HashMap;

use rayon::prelude::*;

use super::case_file::Declared;
use super::claim::{self, build, index32};
use super::raw::RawClaim;
use super::schema::did_you_mean;
use super::source_file::FileResult;
use super::{FileProblems, Issue, path};
use crate::model::{Claim, ClaimBody, Operand, Relation, RelationBody, Source, Texts};
use crate::value::{self, Kind, Measure};

/// A relation claim that passed its file's own checks, waiting for every file's facts.
pub(super) struct Pending {
    /// Its index in the file's `claims:`.
    pub at: usize,
    pub raw: RawClaim,
    /// Whether its quote was found in the source's text.
    pub quote_found: Option<bool>,
}

/// Resolves every pending relation claim against the facts (whose ids and values are
/// `texts`); returns the valid ones as claims and what each relates (the case's
/// [`crate::model::Case::relations`], which their bodies number), their own ids and
/// values added to `texts`, and records the problems of the others with their files.
pub(super) fn resolve(
    declared: &Declared,
    (claims, texts): (&[Claim], &mut Texts),
    first_fact: &[usize],
    files: &mut [FileResult],
) -> (Vec<Claim>, Vec<RelationBody>) {
    let source_ids: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.source.id.clone(), i))
        .collect();
    let ids: Vec<String> = files.iter().map(|f| f.source.id.clone()).collect();
    let relation_ids: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            f.relations
                .iter()
                .filter_map(|p| p.raw.id.as_ref().map(|t| t.0.clone()))
                .collect()
        })
        .collect();
    // Files side by side, each thread with its own index of the facts it looked up, each
    // file's relation claims with their own texts; the claims in file order.
    let facts: &Texts = texts;
    let resolved: Vec<(Vec<(Claim, RelationBody)>, Texts)> = files
        .par_iter_mut()
        .enumerate()
        .map_init(
            || Resolver {
                declared,
                claims,
                source_ids: &source_ids,
                ids: &ids,
                relation_ids: &relation_ids,
                index: FactIndex {
                    claims,
                    texts: facts,
                    first_fact,
                    by_file: HashMap::new(),
                },
            },
            |resolver, (file, result)| {
                let mut own = Texts::default();
                let claims = std::mem::take(&mut result.relations)
                    .into_iter()
                    .filter_map(|pending| {
                        resolver.relation(file, &result.source, pending, (&mut own, &mut result.problems))
                    })
                    .collect();
                (claims, own)
            },
        )
        .collect();
    let (mut all, mut bodies) = (Vec::new(), Vec::new());
    for (file, (claims, own)) in resolved.into_iter().enumerate() {
        match texts.append(&own) {
            Some(by) => {
                for (mut claim, body) in claims {
                    claim.text = claim.text.moved(by);
                    claim.set_body(ClaimBody::Relation(index32(bodies.len())));
                    bodies.push(body);
                    all.push(claim);
                }
            }
            None => files[file].problems.at(Vec::new(), Issue::CaseTooLarge),
        }
    }
    (all, bodies)
}

/// What resolving needs to know about the whole case.
struct Resolver<'c> {
    declared: &'c Declared,
    claims: &'c [Claim],
    /// Source id → file index.
    source_ids: &'c HashMap<String, usize>,
    /// File index → source id.
    ids: &'c [String],
    /// The ids of each file's relation claims, to say why one cannot be an operand.
    relation_ids: &'c [Vec<String>],
    index: FactIndex<'c>,
}

impl Resolver<'_> {
    /// One relation claim of `file` and what it relates (its body numbers no relation
    /// yet), or `None` with its problems recorded.
    fn relation(
        &mut self,
        file: usize,
        source: &Source,
        Pending { at, raw, quote_found }: Pending,
        (texts, problems): (&mut Texts, &mut FileProblems),
    ) -> Option<(Claim, RelationBody)> {
        let anchor = source.published.as_ref();
        // Every field is checked, so that one run shows all of a claim's problems.
        let dates = (anchor, &self.declared.calendar);
        let period = claim::date_field(&raw.period, path!["claims", at, "period"], dates, problems);
        let since = claim::date_field(&raw.since, path!["claims", at, "since"], dates, problems);
        let relation = relation_kind(&raw, at, problems);
        let of = self.operand(file, "of", &raw, at, problems);
        let to = self.operand(file, "to", &raw, at, problems);
        let (relation, (of, kind_of), (to, kind_to)) = (relation?, of?, to?);
        let measure = match measure(relation, kind_of, kind_to) {
            Ok(measure) => measure,
            Err(issue) => {
                problems.at(path!["claims", at, "relation"], issue);
                return None;
            }
        };
        let uses_published = [of, to].iter().any(|o| matches!(o, Operand::Published(_)));
        if uses_published && anchor.is_none() {
            problems.at(path!["claims", at], Issue::PublishedMissing);
            return None;
        }
        let value_text = raw.value.as_ref().map_or("", |t| t.0.as_str());
        let unit = match of {
            Operand::Claim(i) => {
                property(self.declared, &self.claims[i as usize]).and_then(|p| p.unit.as_deref())
            }
            Operand::Published(_) => None,
        };
        let (value, reading) = match value::parse_relation(value_text, measure, unit) {
            Ok(v) => v,
            Err(e) => {
                problems.at(path!["claims", at, "value"], Issue::InvalidValue { message: e.0 });
                return None;
            }
        };
        let (Ok(period), Ok(since)) = (period, since) else {
            return None;
        };
        let body = ClaimBody::Relation(0);
        let mut claim = build(raw, at, file, body, value, (period, since), (texts, problems))?;
        claim.quote_found = quote_found;
        let relates = RelationBody {
            relation,
            of,
            to,
            reading,
        };
        Some((claim, relates))
    }

    /// The claim (or `published`) that `of` or `to` names, with what it measures.
    fn operand(
        &mut self,
        file: usize,
        key: &'static str,
        raw: &RawClaim,
        at: usize,
        problems: &mut FileProblems,
    ) -> Option<(Operand, Kind)> {
        let written = if key == "of" { &raw.of } else { &raw.to };
        let Some(written) = written else {
            problems.at(path!["claims", at], Issue::MissingOperand { key });
            return None;
        };
        let written = written.0.as_str();
        if written == "published" {
            return Some((Operand::Published(index32(file)), Kind::Date));
        }
        let (target_file, claim_id) = match written.split_once('/') {
            Some((source, claim_id)) => (self.source_ids.get(source).copied(), claim_id),
            None => (Some(file), written),
        };
        if let Some(target) = target_file.and_then(|f| self.index.get(f, claim_id)) {
            let kind = operand_kind(self.declared, &self.claims[target])?;
            return Some((Operand::Claim(index32(target)), kind));
        }
        let issue = if target_file.is_some_and(|f| self.relation_ids[f].iter().any(|r| r == claim_id)) {
            Issue::OperandIsRelation {
                written: written.to_string(),
            }
        } else {
            let suggestion = match target_file {
                Some(f) if f != file => problems
                    .suggest(claim_id, self.index.ids_of(f))
                    .map(|c| format!(" (did you mean `{}/{c}`?)", self.ids[f]))
                    .unwrap_or_default(),
                _ => problems.did_you_mean(written, self.index.ids_of(file)),
            };
            Issue::UnknownOperand {
                key,
                written: written.to_string(),
                hint: suggestion,
            }
        };
        problems.at(path!["claims", at, key], issue);
        None
    }
}

/// The words `relation:` accepts.
pub(super) const RELATIONS: [&str; 3] = ["ratio", "difference", "change"];

/// `relation: ratio`, `difference` or `change`.
fn relation_kind(raw: &RawClaim, at: usize, problems: &mut FileProblems) -> Option<Relation> {
    match raw.relation.as_ref().map_or("", |t| t.0.as_str()) {
        "ratio" => Some(Relation::Ratio),
        "difference" => Some(Relation::Difference),
        "change" => Some(Relation::Change),
        other => {
            problems.at(
                path!["claims", at, "relation"],
                Issue::UnknownRelation {
                    written: other.to_string(),
                    hint: did_you_mean(other, RELATIONS),
                },
            );
            None
        }
    }
}

/// What a relation computes, from what its operands measure: two dates differ by a
/// duration or an age; ratios and changes are plain numbers; other differences keep their
/// operands' type.
fn measure(relation: Relation, of: Kind, to: Kind) -> Result<Measure, Issue> {
    let numeric = |k: Kind| matches!(k, Kind::Quantity | Kind::Duration | Kind::Frequency);
    match relation {
        Relation::Ratio if of == to && numeric(of) => Ok(Measure::Ratio),
        Relation::Change if of == to && numeric(of) => Ok(Measure::Change),
        Relation::Difference if of == Kind::Date && to == Kind::Date => Ok(Measure::DateDifference),
        Relation::Difference if of == to && numeric(of) => Ok(Measure::Difference(of)),
        _ => {
            let needs = match relation {
                Relation::Ratio => "a ratio needs two quantities, durations or frequencies",
                Relation::Change => "a change needs two quantities, durations or frequencies",
                Relation::Difference => {
                    "a difference needs two dates (an age is a birth date), two quantities or two durations"
                }
            };
            Err(Issue::OperandTypes {
                needs,
                of: of.name(),
                to: to.name(),
            })
        }
    }
}

/// The declared property of a fact; `None` for a relation.
fn property<'d>(declared: &'d Declared, claim: &Claim) -> Option<&'d crate::model::Property> {
    let (_, property) = claim.fact()?;
    declared
        .properties
        .get(&**declared.property_names.get(property as usize)?)
}

/// What an operand of a relation measures.
fn operand_kind(declared: &Declared, claim: &Claim) -> Option<Kind> {
    let kind = property(declared, claim)?.kind;
    // A weekday is a date; an age claim stands for the birth dates it allows.
    Some(if matches!(kind, Kind::Weekday | Kind::Age) {
        Kind::Date
    } else {
        kind
    })
}

/// Finds facts by id within a file, building each file's index only when a relation
/// refers into it: the file's facts sorted by id, four bytes a fact (relations into every
/// file of a large case would otherwise hold a map of all its ids).
struct FactIndex<'c> {
    claims: &'c [Claim],
    /// The facts' ids and values.
    texts: &'c Texts,
    first_fact: &'c [usize],
    by_file: HashMap<usize, Box<[u32]>>,
}

impl<'c> FactIndex<'c> {
    /// The fact of `file` with the id `id`; of several (a duplicate id, which is a problem
    /// of its own), the last.
    fn get(&mut self, file: usize, id: &str) -> Option<usize> {
        let (claims, range) = (self.claims, self.first_fact[file]..self.first_fact[file + 1]);
        let id_of = |i: u32| self.texts.get(claims[i as usize].text).0;
        let index = self.by_file.entry(file).or_insert_with(|| {
            let mut facts: Vec<u32> = range.map(super::claim::index32).collect();
            // Stable: facts with one id stay in file order.
            facts.sort_by(|&a, &b| id_of(a).cmp(id_of(b)));
            facts.into_boxed_slice()
        });
        let after = index.partition_point(|&i| id_of(i) <= id);
        let last = *index.get(after.checked_sub(1)?)?;
        (id_of(last) == id).then_some(last as usize)
    }

    fn ids_of(&self, file: usize) -> impl Iterator<Item = &'c str> + 'c {
        let (claims, texts) = (self.claims, self.texts);
        (self.first_fact[file]..self.first_fact[file + 1]).map(move |i| texts.get(claims[i].text).0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimBody;
    use crate::value::Value;

    /// Facts are found by id within their own file only; of two with one id, the last.
    #[test]
    fn facts_are_found_by_id_within_their_file() {
        let mut texts = Texts::default();
        let mut fact = |id: &str| {
            let body = ClaimBody::Fact {
                subject: 0,
                property: 0,
            };
            Claim::new(0, texts.push(id, "1").unwrap(), body, Value::Boolean(true))
        };
        let claims: Vec<Claim> = ["b", "a", "c", "b", "a", "z"]
            .into_iter()
            .map(&mut fact)
            .collect();
        // Two files: the first four facts, then two.
        let first_fact = [0, 4, 6];
        let mut index = FactIndex {
            claims: &claims,
            texts: &texts,
            first_fact: &first_fact,
            by_file: HashMap::new(),
        };
        assert_eq!(index.get(0, "a"), Some(1));
        assert_eq!(index.get(0, "b"), Some(3));
        assert_eq!(index.get(0, "c"), Some(2));
        assert_eq!(index.get(0, "z"), None);
        assert_eq!(index.get(0, ""), None);
        assert_eq!(index.get(1, "a"), Some(4));
        assert_eq!(index.get(1, "z"), Some(5));
        assert_eq!(index.get(1, "b"), None);
        assert_eq!(index.get(1, "zz"), None);
    }
}
