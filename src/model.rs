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
    /// What each relation claim relates, in the order its claim's body numbers them (see
    /// [`Case::relation_of`]).
    pub relations: Vec<RelationBody>,
    /// Every claim's id and value as written (see [`Case::id_of`], [`Case::written_of`]);
    /// shared with the claims findings show, which read theirs there too.
    pub texts: Arc<Texts>,
    /// The subjects of the case's facts, each once (see [`Case::subject_of`]).
    pub subjects: Vec<Arc<str>>,
    /// The names of the case's properties, in name order: what a fact's property index
    /// names (see [`Case::property_of`]).
    pub property_names: Vec<Arc<str>>,
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
    /// Its position among the case's properties in name order: what a fact names it by
    /// ([`Case::property_names`]).
    pub index: u32,
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

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimBody {
    /// `subject` has `property` = `value`: indices into [`Case::subjects`] (an entity id
    /// when the subject names one) and [`Case::property_names`].
    Fact { subject: u32, property: u32 },
    /// value(`of`) ÷ or − value(`to`) = `value`: what it relates is the case's
    /// [`Case::relations`] at this index.
    Relation(u32),
}

/// A [`ClaimBody`] as a claim keeps it: in 8 bytes, where the enum takes 12 (and a claim
/// 8 more): a relation's index stands where a fact's subject does, beside a property
/// index no case reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Body {
    subject: u32,
    property: u32,
}

impl Body {
    const RELATION: u32 = u32::MAX;

    fn of(body: ClaimBody) -> Body {
        match body {
            ClaimBody::Fact { subject, property } => {
                debug_assert!(property != Body::RELATION, "a property index below 2^32 - 1");
                Body { subject, property }
            }
            ClaimBody::Relation(index) => Body {
                subject: index,
                property: Body::RELATION,
            },
        }
    }

    fn get(self) -> ClaimBody {
        match self.property {
            Body::RELATION => ClaimBody::Relation(self.subject),
            property => ClaimBody::Fact {
                subject: self.subject,
                property,
            },
        }
    }
}

/// What a relation claim relates, and how its stated value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RelationBody {
    pub relation: Relation,
    pub of: Operand,
    pub to: Operand,
    /// How the stated value was written.
    pub reading: Reading,
}

/// One validated claim: a fact, or a relation between two facts.
///
/// Kept compact, since a large case holds a million of them: the id and the value as
/// written are kept in the case's [`Texts`], subjects and properties are indices into
/// the case's lists, what a relation relates is kept in the case's, speakers are shared,
/// the quote is kept as hashes and the rare fields are boxed together.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// Index into [`Case::sources`] (see [`Claim::source`]).
    pub source: u32,
    /// Whether the quote occurs in the source's text; `None` without a quote or a text.
    pub quote_found: Option<bool>,
    /// Where the claim's id and value as written stand in its case's [`Texts`].
    pub text: TextSpan,
    /// What the claim is about (see [`Claim::body`]).
    body: Body,
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
    /// A claim of `source` whose id and value as written are `text` in their texts.
    pub fn new(source: u32, text: TextSpan, body: ClaimBody, value: Value) -> Claim {
        Claim {
            source,
            quote_found: None,
            text,
            body: Body::of(body),
            value,
            quote: None,
            extras: None,
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

    /// What the claim is about.
    pub fn body(&self) -> ClaimBody {
        self.body.get()
    }

    /// Sets what the claim is about.
    pub fn set_body(&mut self, body: ClaimBody) {
        self.body = Body::of(body);
    }

    /// The fact's subject and property indices; `None` for a relation.
    pub fn fact(&self) -> Option<(u32, u32)> {
        match self.body() {
            ClaimBody::Fact { subject, property } => Some((subject, property)),
            ClaimBody::Relation(_) => None,
        }
    }
}

/// The ids and values as written of many claims, end to end: each claim keeps where its
/// own stand ([`TextSpan`]), not a string of its own; a million small strings were a
/// sixth of a large case's memory. The offsets are 32 bits: a case holds at most 4 GiB
/// of them, and loading refuses a larger one.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Texts(String);

/// Where one claim's id and value as written stand in their [`Texts`]: `len` bytes from
/// `at`, the id, a space, and the value (an id never holds a space).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextSpan {
    at: u32,
    len: u32,
}

impl Texts {
    /// Adds a claim's `id` (which never holds a space) and value as `written`; `None`
    /// when the texts would pass 4 GiB.
    pub fn push(&mut self, id: &str, written: &str) -> Option<TextSpan> {
        let at = u32::try_from(self.0.len()).ok()?;
        let len = u32::try_from(id.len() + 1 + written.len()).ok()?;
        at.checked_add(len)?;
        self.0.push_str(id);
        self.0.push(' ');
        self.0.push_str(written);
        Some(TextSpan { at, len })
    }

    /// Appends `other`, and returns by how much the spans of `other` move; `None` when
    /// the texts would pass 4 GiB.
    pub fn append(&mut self, other: &Texts) -> Option<u32> {
        let at = u32::try_from(self.0.len()).ok()?;
        at.checked_add(u32::try_from(other.0.len()).ok()?)?;
        self.0.push_str(&other.0);
        Some(at)
    }

    /// The id and the value as written at `span`.
    pub fn get(&self, span: TextSpan) -> (&str, &str) {
        let text = self.at(span).unwrap_or_default();
        text.split_once(' ').unwrap_or((text, ""))
    }

    /// Whether `span` lies within the texts, on character boundaries.
    pub fn holds(&self, span: TextSpan) -> bool {
        self.at(span).is_some()
    }

    fn at(&self, span: TextSpan) -> Option<&str> {
        let start = span.at as usize;
        self.0.get(start..start.saturating_add(span.len as usize))
    }

    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl TextSpan {
    /// The same span in texts appended `by` bytes further on ([`Texts::append`]).
    pub fn moved(self, by: u32) -> TextSpan {
        TextSpan {
            at: self.at.saturating_add(by),
            len: self.len,
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
            file: Some(shown_path(&self.file).into()),
        });
    }
}

impl Case {
    pub fn source_of(&self, claim: &Claim) -> &Source {
        &self.sources[claim.source()]
    }

    /// The claim's id within its source file.
    pub fn id_of(&self, claim: &Claim) -> &str {
        self.texts.get(claim.text).0
    }

    /// The claim's value as written, for reports.
    pub fn written_of(&self, claim: &Claim) -> &str {
        self.texts.get(claim.text).1
    }

    /// What a relation claim relates; `None` for a fact.
    pub fn relation_of(&self, claim: &Claim) -> Option<&RelationBody> {
        match claim.body() {
            ClaimBody::Relation(index) => self.relations.get(index as usize),
            ClaimBody::Fact { .. } => None,
        }
    }

    /// The fact's subject; `None` for a relation.
    pub fn subject_of(&self, claim: &Claim) -> Option<&str> {
        let (subject, _) = claim.fact()?;
        self.subjects.get(subject as usize).map(|s| &**s)
    }

    /// The fact's property; `None` for a relation.
    pub fn property_of(&self, claim: &Claim) -> Option<&str> {
        let (_, property) = claim.fact()?;
        self.property_names.get(property as usize).map(|p| &**p)
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

/// A file's path as reports name it: as the case's path was given, without a leading
/// `./`.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    let shown = path.display().to_string();
    match shown.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => shown,
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

    #[test]
    fn paths_are_shown_without_a_leading_dot() {
        use std::path::Path;
        assert_eq!(shown_path(Path::new("./claims/a.yaml")), "claims/a.yaml");
        assert_eq!(shown_path(Path::new("claims/a.yaml")), "claims/a.yaml");
    }

    /// A large case holds a million claims: each byte of a claim is a megabyte of it.
    #[test]
    fn a_claim_stays_small() {
        assert_eq!(std::mem::size_of::<Claim>(), 80);
        assert_eq!(std::mem::size_of::<Body>(), 8);
    }

    /// A claim's body reads back as it was set, at the ends of its indices too.
    #[test]
    fn a_claim_body_reads_back_as_set() {
        let bodies = [
            ClaimBody::Fact {
                subject: 0,
                property: 0,
            },
            ClaimBody::Fact {
                subject: u32::MAX,
                property: u32::MAX - 1,
            },
            ClaimBody::Relation(0),
            ClaimBody::Relation(u32::MAX),
        ];
        for body in bodies {
            assert_eq!(Body::of(body).get(), body);
        }
        let fact = ClaimBody::Fact {
            subject: 3,
            property: 0,
        };
        assert_ne!(Body::of(ClaimBody::Relation(3)), Body::of(fact));
    }

    /// Ids and values as written are kept end to end and told apart again: a value may
    /// hold spaces, an id never does, a claim may have no id or no value, and texts
    /// appended elsewhere are found at their moved spans.
    #[test]
    fn ids_and_values_as_written_are_kept_and_told_apart() {
        let mut texts = Texts::default();
        let both = texts.push("c-1", "about 3 to 4 million ").unwrap();
        let no_id = texts.push("", "June 2").unwrap();
        let no_value = texts.push("c.2", "").unwrap();
        assert_eq!(texts.get(both), ("c-1", "about 3 to 4 million "));
        assert_eq!(texts.get(no_id), ("", "June 2"));
        assert_eq!(texts.get(no_value), ("c.2", ""));
        let mut other = Texts::default();
        let accented = other.push("é", "Åland ✓").unwrap();
        let by = texts.append(&other).unwrap();
        assert_eq!(
            by as usize,
            "c-1 about 3 to 4 million ".len() + " June 2".len() + "c.2 ".len()
        );
        assert_eq!(texts.get(accented.moved(by)), ("é", "Åland ✓"));
        assert_eq!(texts.get(both), ("c-1", "about 3 to 4 million "));
        assert!(texts.holds(accented.moved(by)));
        // A span past the end, or not on a character boundary, holds nothing.
        assert!(!texts.holds(accented.moved(by + 1)));
        assert!(!other.holds(accented.moved(1)));
        assert_eq!(other.get(accented.moved(1)), ("", ""));
    }
}
