//! The validated model: what rules may trust. Built only by [`crate::load`]; no I/O here.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::Location;
use crate::value::{DateSet, Entities, Kind, Reading, Value};

/// One story checked as a whole: a folder with `case.yaml` and source files.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder's name, e.g. `us-cuba-migration-talks`.
    pub name: String,
    pub dir: PathBuf,
    pub title: Option<String>,
    pub properties: BTreeMap<String, Property>,
    pub entities: BTreeMap<String, Entity>,
    /// Normalised entity name or alias → entity id.
    pub entity_keys: Entities,
    pub rules: Vec<CaseRule>,
    /// The zone the case's clocks keep (`timezone:`), when it names one.
    pub timezone: Option<chrono_tz::Tz>,
    /// Sorted by id.
    pub sources: Vec<Source>,
    /// Sorted by source, then by position in the source file.
    pub claims: Vec<Claim>,
    /// Triaged findings from `reviewed.yaml`.
    pub reviews: Vec<Review>,
}

/// One entry of `reviewed.yaml`: which finding it triages, and the verdict.
#[derive(Debug, Clone)]
pub struct Review {
    pub rule: String,
    pub subject: Option<String>,
    pub property: Option<String>,
    /// `(source id, claim id)` of claims the finding must show.
    pub claims: Vec<(String, String)>,
    /// The `period` and `since` some claim of the finding must have.
    pub period: Option<crate::value::DateSet>,
    pub since: Option<crate::value::DateSet>,
    pub verdict: String,
    pub note: Option<String>,
    /// Where the entry is, for reporting it when it has gone stale.
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    One,
    Many,
}

/// What makes two claims on a scoped property comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Period,
    Since,
}

#[derive(Debug, Clone)]
pub struct Property {
    /// Shared by every claim on the property.
    pub name: Arc<str>,
    pub kind: Kind,
    pub cardinality: Cardinality,
    pub unit: Option<String>,
    /// More ways articles write the unit (`unit_spellings`).
    pub unit_spellings: Vec<String>,
    pub scoped_by: Option<Scope>,
    /// A count that only grows (a death toll): claims are compared at the same moment
    /// (`period`, else the source's `published`), and a later, smaller count is a finding.
    pub cumulative: bool,
    pub tolerance: Option<f64>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// A parameter of a case rule: its key under `rules:` in `case.yaml` and the type of the
/// properties it names. Each case rule declares its parameters beside its check
/// ([`crate::rules::Rule::params`]); the loader validates `case.yaml` against them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    /// The properties' values are positions in a sequence (`second`, `3rd`): each must
    /// allow a whole number from 1, or the claim is refused where it is written.
    pub positions: bool,
}

/// A case rule from `rules:` in `case.yaml`, every declared parameter given and naming
/// properties of its type.
#[derive(Debug, Clone)]
pub struct CaseRule {
    pub rule: &'static str,
    /// Each declared parameter with the property names it was given.
    pub params: Vec<(Param, Vec<String>)>,
}

impl CaseRule {
    /// The property names given for `param`, one of the rule's declared parameters.
    pub fn get(&self, param: Param) -> &[String] {
        self.params
            .iter()
            .find(|(p, _)| *p == param)
            .map_or(&[], |(_, props)| props.as_slice())
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateSet>,
    pub url: Option<String>,
    pub kind: Option<String>,
    /// A primary source: the party's own word (`kind: official` or `press-release`, or
    /// `primary: true`), which findings point out.
    pub primary: bool,
    /// Publisher, date, kind and primacy as findings show them, made once per source
    /// (see [`Source::make_context`]); derived, so never stored in the cache.
    #[serde(skip)]
    pub context: Arc<crate::finding::SourceContext>,
    /// The source's text file, when it has one; quotes were verified against it.
    pub text_file: Option<PathBuf>,
    /// The source file, as given on the command line joined with its name.
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Relation {
    Ratio,
    Difference,
    /// How `of` changed relative to `to`: `up 12%`, `tripled`; computed as `of ÷ to`.
    Change,
}

/// One side of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Operand {
    /// Index into [`Case::claims`].
    Claim(u32),
    /// The publication date of the source with this index into [`Case::sources`].
    Published(u32),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum ClaimBody {
    /// `subject` has `property` = `value`. `subject` is an entity id when it names one.
    Fact { subject: Arc<str>, property: Arc<str> },
    /// value(`of`) ÷ or − value(`to`) = `value`.
    Relation {
        relation: Relation,
        of: Operand,
        to: Operand,
        /// How the stated value was written.
        reading: Reading,
    },
}

/// One validated claim: a fact, or a relation between two facts.
///
/// Kept compact, since a large case holds a million of them: the id and the value as
/// written share one string (no spare capacity), subjects, properties and speakers are
/// shared, the quote is kept as hashes and the rare fields are boxed together.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// Index into [`Case::sources`] (see [`Claim::source`]).
    pub source: u32,
    /// Whether the quote occurs in the source's text; `None` without a quote or a text.
    pub quote_found: Option<bool>,
    /// The id, a space, and the value as written (see [`Claim::id`], [`Claim::written`]):
    /// an id never holds a space.
    text: Box<str>,
    pub body: ClaimBody,
    pub value: Value,
    /// What is kept of the claim's quote: not its text, which a large case holds as much
    /// of as of everything else, and which only the claims findings show print.
    pub quote: Option<QuoteMark>,
    /// The rarer fields, boxed together: most claims have none of them.
    pub extras: Option<Box<Extras>>,
}

/// A claim's quote as loading keeps it: hashes, not the text. Placing reads the text
/// again for the claims findings show (`load::place`), and takes it only when it hashes
/// as the quote loading read.
///
/// Each hash has 32 bits: it is only ever compared with a few others (the quote read again
/// with the one loaded, quotes within one finding's group), never looked up among all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuoteMark {
    /// The quote exactly as loaded, hashed.
    pub hash: std::num::NonZeroU32,
    /// The quote folded as quote matching folds it, hashed, when it is long enough that
    /// sources carrying it reprint one text ([`crate::quote::COPIED_WORDS`]).
    pub copy: Option<std::num::NonZeroU32>,
}

impl QuoteMark {
    pub fn of(quote: &str) -> QuoteMark {
        QuoteMark {
            hash: crate::quote::hash(quote),
            copy: crate::quote::copy_key(quote),
        }
    }
}

/// `period`, `since`, `said_by` and `note` of a claim that has any of them. The scope is
/// boxed again: a speaker is far more common than a scope, and needs none of its bytes.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Extras {
    pub scope: Option<Box<ClaimScope>>,
    pub said_by: Option<Arc<str>>,
    pub note: Option<Box<str>>,
}

/// A claim's `period` and `since`, as read and as written.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ClaimScope {
    pub period: Option<DateSet>,
    pub since: Option<DateSet>,
    /// `period` and `since` as written, for reports (`Q3 FY24`, not its days).
    pub period_written: Option<Box<str>>,
    pub since_written: Option<Box<str>>,
}

impl Claim {
    /// A claim of `source` with the id `id` (never holding a space) and the value
    /// `written`, kept in one string.
    pub fn new(source: u32, id: &str, written: &str, body: ClaimBody, value: Value) -> Claim {
        let mut text = String::with_capacity(id.len() + 1 + written.len());
        text.push_str(id);
        text.push(' ');
        text.push_str(written);
        Claim {
            source,
            quote_found: None,
            text: text.into_boxed_str(),
            body,
            value,
            quote: None,
            extras: None,
        }
    }

    /// The claim's id within its source file.
    pub fn id(&self) -> &str {
        self.text.split_once(' ').map_or(&*self.text, |(id, _)| id)
    }

    /// The value as written, for reports.
    pub fn written(&self) -> &str {
        self.text.split_once(' ').map_or("", |(_, written)| written)
    }

    pub fn subject(&self) -> Option<&str> {
        match &self.body {
            ClaimBody::Fact { subject, .. } => Some(subject),
            ClaimBody::Relation { .. } => None,
        }
    }

    /// Index into [`Case::sources`].
    pub fn source(&self) -> usize {
        self.source as usize
    }

    pub fn period(&self) -> Option<DateSet> {
        self.scope().and_then(|s| s.period)
    }

    pub fn since(&self) -> Option<DateSet> {
        self.scope().and_then(|s| s.since)
    }

    /// The claim's `period` and `since`, when it has either.
    pub fn scope(&self) -> Option<&ClaimScope> {
        self.extras.as_ref()?.scope.as_deref()
    }

    /// The claim's `note`: why it was written as it was.
    pub fn note(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|e| e.note.as_deref())
    }

    /// Who the source attributes the claim to; `None` for the source's own voice.
    pub fn said_by(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|e| e.said_by.as_deref())
    }

    pub fn property(&self) -> Option<&str> {
        match &self.body {
            ClaimBody::Fact { property, .. } => Some(property),
            ClaimBody::Relation { .. } => None,
        }
    }
}

impl Source {
    /// Makes [`Source::context`] from the source's fields, once they are all set.
    pub fn make_context(&mut self) {
        self.context = Arc::new(crate::finding::SourceContext {
            publisher: self.publisher.clone(),
            published: self.published.map(|d| d.to_string()),
            kind: self.kind.clone(),
            primary: self.primary,
            source: self.id.as_str().into(),
        });
    }
}

impl Case {
    pub fn source_of(&self, claim: &Claim) -> &Source {
        &self.sources[claim.source()]
    }

    /// Finds the case's sources by the id a shown claim names them with.
    pub(crate) fn source_finder(&self) -> SourceFinder<'_> {
        SourceFinder {
            sources: &self.sources,
            by_address: self
                .sources
                .iter()
                .enumerate()
                .map(|(s, source)| (source.context.source.as_ptr(), s))
                .collect(),
        }
    }
}

/// A case's sources found by the id a shown claim names its source with: by the address
/// of the string the source's context shares with every claim shown of it (a report may
/// show a million claims, and comparing ids took a sizeable share of placing them), else
/// by the id itself.
pub(crate) struct SourceFinder<'c> {
    sources: &'c [Source],
    by_address: rustc_hash::FxHashMap<*const u8, usize>,
}

impl SourceFinder<'_> {
    /// The index of the source with the id `id`.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.by_address.get(&id.as_ptr()).copied().or_else(|| {
            // Sources are sorted by id.
            self.sources.binary_search_by(|s| s.id.as_str().cmp(id)).ok()
        })
    }
}

/// Claim and source indices are stored as `u32` to keep claims small; a case of four
/// billion claims would not fit in memory anyway.
pub(crate) fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source is found by the id string its context shares, and by an id of its own.
    #[test]
    fn sources_are_found_by_their_shared_id_or_by_the_id() {
        let claim = "claims:\n  - {id: c, subject: s, property: p, value: x}\n";
        let case = crate::rules::testing::case(&[
            ("case.yaml", "properties:\n  p: {type: text}\n"),
            ("a.yaml", claim),
            ("b.yaml", claim),
        ]);
        let sources = case.source_finder();
        assert_eq!(sources.find(&case.sources[1].context.source), Some(1));
        assert_eq!(sources.find(&String::from("b")), Some(1));
        assert_eq!(sources.find("a"), Some(0));
        assert_eq!(sources.find("c"), None);
    }

    /// A large case holds a million claims: each byte of a claim is a megabyte of it.
    #[test]
    fn a_claim_stays_small() {
        assert_eq!(std::mem::size_of::<Claim>(), 120);
    }

    /// The id and the value as written share one string; a value may hold spaces, an id
    /// never does, and a claim may have no id.
    #[test]
    fn id_and_value_as_written_are_told_apart() {
        let claim = |id: &str, written: &str| {
            Claim::new(
                0,
                id,
                written,
                ClaimBody::Fact {
                    subject: "s".into(),
                    property: "p".into(),
                },
                Value::Boolean(true),
            )
        };
        let both = claim("c-1", "about 3 to 4 million ");
        assert_eq!((both.id(), both.written()), ("c-1", "about 3 to 4 million "));
        let no_id = claim("", "June 2");
        assert_eq!((no_id.id(), no_id.written()), ("", "June 2"));
        let no_value = claim("c.2", "");
        assert_eq!((no_value.id(), no_value.written()), ("c.2", ""));
    }
}
