//! One claim of a source file: the checks every claim needs, a fact claim validated
//! against the case's properties, and the [`Claim`] a valid one becomes.

use std::sync::Arc;

use super::case_file::Declared;
use super::raw::{RawClaim, Text};
use super::{FileProblems, Issue, Limits, path};
use crate::model::{Claim, ClaimBody, ClaimScope, Extras, Source, Texts};
use crate::value::{self, DateSet, Interval, Kind, Options, Value, date};

/// What the claims of one file point into, built as they are validated: their ids and
/// values as written, and the facts' subjects, each once (a case's facts name a few
/// thousand subjects a million times).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct ClaimTexts {
    pub texts: Texts,
    pub subjects: Subjects,
}

impl ClaimTexts {
    /// Done with validating: the index of subjects is not kept.
    pub(super) fn finish(&mut self) {
        self.subjects.index = Default::default();
        self.subjects.joined.shrink_to_fit();
        self.texts.shrink_to_fit();
    }
}

/// A file's subjects numbered in the order first met, each once. Kept as one string and
/// where each subject ends in it: a file's entry in the cache reads back in two
/// allocations, not one a subject (a million for a large case).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Subjects {
    joined: String,
    ends: Vec<u32>,
    /// Each subject's number, while they are being numbered.
    #[serde(skip)]
    index: rustc_hash::FxHashMap<String, u32>,
}

impl Subjects {
    /// The number of `subject`, numbered if new.
    pub(super) fn number(&mut self, subject: &str) -> u32 {
        if let Some(&n) = self.index.get(subject) {
            return n;
        }
        let n = index32(self.ends.len());
        self.joined.push_str(subject);
        self.ends.push(index32(self.joined.len()));
        self.index.insert(subject.to_string(), n);
        n
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The subjects in number order; `None` for one that does not lie in the string (a
    /// damaged cache entry).
    pub(super) fn iter(&self) -> impl Iterator<Item = Option<&str>> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.joined.get(start as usize..end as usize))
    }
}

/// A case's subjects numbered in the order first met, each once: [`crate::model::Case::subjects`].
#[derive(Debug, Default)]
pub(super) struct Numbering {
    pub list: Vec<Arc<str>>,
    index: rustc_hash::FxHashMap<Arc<str>, u32>,
}

impl Numbering {
    /// The number of `string`, numbered (and copied) if new.
    pub(super) fn number(&mut self, string: &str) -> u32 {
        if let Some(&n) = self.index.get(string) {
            return n;
        }
        let n = index32(self.list.len());
        let string: Arc<str> = string.into();
        self.list.push(Arc::clone(&string));
        self.index.insert(string, n);
        n
    }
}

pub(super) fn is_claim_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// Whether every field of a claim is within `--max-value-length`; reports those that are
/// not. A claim with an over-long field is checked no further, so that no message
/// repeats a field that long.
pub(super) fn within_limits(raw: &RawClaim, at: usize, problems: &mut FileProblems, limits: &Limits) -> bool {
    fields_within_limits(raw.fields(), |key| path!["claims", at, key], problems, limits)
}

/// Reports every field of `fields` over `--max-value-length`, each at `at(key)`; whether
/// all are within it. Shared by claims and the `source:` block.
pub(super) fn fields_within_limits<'t>(
    fields: impl IntoIterator<Item = (&'static str, Option<&'t Text>)>,
    at: impl Fn(&'static str) -> super::locate::YamlPath,
    problems: &mut FileProblems,
    limits: &Limits,
) -> bool {
    let mut ok = true;
    for (key, text) in fields {
        let chars = text.map_or(0, |t| t.0.chars().count());
        if chars > limits.max_value_chars {
            problems.at(
                at(key),
                Issue::ValueTooLong {
                    key: key.to_string(),
                    chars,
                    limit: limits.max_value_chars,
                },
            );
            ok = false;
        }
    }
    ok
}

/// Checks every claim needs, fact or relation: an id and a value, and no fields of the
/// other kind. Returns whether the claim can be built.
pub(super) fn common_checks(raw: &RawClaim, at: usize, problems: &mut FileProblems) -> bool {
    let mut ok = true;
    match &raw.id {
        Some(id) if is_claim_id(&id.0) => {}
        Some(id) => {
            problems.at(
                path!["claims", at, "id"],
                Issue::BadId {
                    what: "claim",
                    id: id.0.clone(),
                },
            );
            ok = false;
        }
        None => {
            problems.at(path!["claims", at], Issue::MissingField { what: "an `id`" });
            ok = false;
        }
    }
    if raw.value.is_none() {
        problems.at(path!["claims", at], Issue::MissingField { what: "a `value`" });
        ok = false;
    }
    if raw.relation.is_some() {
        for (key, present) in [
            ("subject", raw.subject.is_some()),
            ("property", raw.property.is_some()),
        ] {
            if present {
                problems.at_key(path!["claims", at, key], Issue::FactFieldOnRelation { key });
                ok = false;
            }
        }
    } else {
        for (key, present) in [("of", raw.of.is_some()), ("to", raw.to.is_some())] {
            if present {
                problems.at_key(path!["claims", at, key], Issue::RelationFieldOnFact { key });
                ok = false;
            }
        }
    }
    ok
}

/// Validates a fact claim: its property, value and dates.
pub(super) fn fact(
    declared: &Declared,
    at: usize,
    raw: RawClaim,
    (source, texts): (&Source, &mut ClaimTexts),
    problems: &mut FileProblems,
) -> Option<Claim> {
    let anchor = source.published.as_ref();
    let period = date_field(
        &raw.period,
        path!["claims", at, "period"],
        (anchor, &declared.calendar),
        problems,
    );
    let since = date_field(
        &raw.since,
        path!["claims", at, "since"],
        (anchor, &declared.calendar),
        problems,
    );
    let (Some(subject), Some(property)) = (&raw.subject, &raw.property) else {
        problems.at(
            path!["claims", at],
            Issue::MissingField {
                what: "`subject` and `property` (or, for a relation claim, `relation`, `of` and `to`)",
            },
        );
        return None;
    };
    if let Some(why) = crate::chars::identifier_problem(&subject.0) {
        problems.at(
            path!["claims", at, "subject"],
            Issue::BadIdentifier {
                what: "subject",
                written: subject.0.clone(),
                why,
            },
        );
        return None;
    }
    let Some(prop) = declared.properties.get(&property.0) else {
        let hint = problems.did_you_mean(&property.0, declared.properties.keys().map(String::as_str));
        problems.at(
            path!["claims", at, "property"],
            Issue::UndeclaredProperty {
                property: property.0.clone(),
                hint,
            },
        );
        return None;
    };
    let options = Options {
        unit: prop.unit.as_deref(),
        unit_spellings: &prop.unit_spellings,
        calendar: Some(&declared.calendar),
        tolerance: prop.tolerance,
        published: source.published.as_ref(),
    };
    let value_text = raw.value.as_ref().map_or("", |t| t.0.as_str());
    let value = match value::parse(value_text, prop.kind, options, &declared.entity_keys) {
        Ok(v) => v,
        Err(e) => {
            problems.at(path!["claims", at, "value"], Issue::InvalidValue { message: e.0 });
            return None;
        }
    };
    // A position (`the second round`) is a whole number from 1.
    if let Value::Number { interval, .. } = &value {
        if declared.holds_positions(&prop.name) && !allows_position(interval) {
            problems.at(
                path!["claims", at, "value"],
                Issue::NotAPosition {
                    written: value_text.to_string(),
                },
            );
            return None;
        }
    }
    let subject: &str = match declared.entity_keys.get(&value::name::key(&subject.0)) {
        Some(entity) => entity,
        None => &subject.0,
    };
    let (Ok(period), Ok(since)) = (period, since) else {
        return None;
    };
    let body = ClaimBody::Fact {
        subject: texts.subjects.number(subject),
        property: prop.index,
    };
    build(
        raw,
        at,
        usize::MAX,
        body,
        value,
        (period, since),
        (&mut texts.texts, problems),
    )
}

/// Whether an interval holds a whole number from 1: the smallest whole number above its
/// lower end (or at it, when that end is closed) is no more than its upper end.
fn allows_position(n: &Interval) -> bool {
    n.whole_numbers().is_some_and(|(_, last)| last >= 1.0)
}

/// The claim a validated raw claim (the file's `at`th) becomes; the fields that need no
/// checking are copied, its id and value as written into `texts`. `None` when they do
/// not fit there (see [`Texts`]).
pub(super) fn build(
    raw: RawClaim,
    at: usize,
    source: usize,
    body: ClaimBody,
    value: Value,
    dates: (Option<DateSet>, Option<DateSet>),
    (texts, problems): (&mut Texts, &mut FileProblems),
) -> Option<Claim> {
    let boxed = |t: Option<Text>| t.map(|t| t.0.into_boxed_str());
    fn text(t: &Option<Text>) -> &str {
        t.as_ref().map_or("", |t| t.0.as_str())
    }
    let Some(span) = texts.push(text(&raw.id), text(&raw.value)) else {
        problems.at(path!["claims", at], Issue::CaseTooLarge);
        return None;
    };
    let mut claim = Claim::new(index32(source), span, body, value);
    claim.quote = raw.quote.map(|q| crate::model::QuoteMark::of(&q.0));
    claim.extras = match (dates, raw.said_by, raw.note) {
        ((None, None), None, None) => None,
        ((period, since), said_by, note) => Some(Box::new(Extras {
            scope: (period.is_some() || since.is_some()).then(|| {
                Box::new(ClaimScope {
                    // Kept only with the date it was read as.
                    period_written: period.and(boxed(raw.period)),
                    since_written: since.and(boxed(raw.since)),
                    period,
                    since,
                })
            }),
            said_by: said_by.map(|t| t.0.into()),
            note: boxed(note),
        })),
    };
    Some(claim)
}

/// Reads a date-like field (`period`, `since`) at `at`, its path, whose last key names
/// it; relative dates are resolved against the source's `published` date. The one way
/// claims of both kinds and reviews read them, so an unparsable one is always reported.
pub(super) fn date_field(
    written: &Option<Text>,
    at: super::locate::YamlPath,
    (published, calendar): (Option<&DateSet>, &date::Calendar),
    problems: &mut FileProblems,
) -> Result<Option<DateSet>, ()> {
    let Some(written) = written else { return Ok(None) };
    let key = match at.last() {
        Some(super::Seg::Key(key)) if key == "since" => "since",
        _ => "period",
    };
    date::parse_in_case(&written.0, published, calendar)
        .map(Some)
        .map_err(|e| {
            let written = written.0.clone();
            let issue = match e {
                date::DateError::NeedsPublished => Issue::RelativeWithoutPublished { key, written },
                date::DateError::WrongWeekday { date, said } => Issue::WrongWeekday {
                    key,
                    written,
                    mismatch: crate::value::weekday_mismatch(date, said),
                },
                date::DateError::TimeWithoutDate => Issue::TimeWithoutDate { key, written },
                date::DateError::NoCaseZone => Issue::NoTimezone { key, written },
                date::DateError::Unparsed => Issue::InvalidDate {
                    key,
                    written,
                    forms: Kind::Date.accepted_forms(),
                },
            };
            problems.at(at, issue);
        })
}

pub(super) use crate::model::index32;

#[cfg(test)]
mod tests {
    use super::{Numbering, Subjects, allows_position};
    use crate::value::Interval;

    /// A file's subjects are numbered once each, in the order met, and read back in that
    /// order from their one string, after the round trip through the cache's encoding too;
    /// a subject that does not lie in the string (a damaged entry) reads as none.
    #[test]
    fn subjects_are_numbered_once_and_read_back_in_order() {
        let mut subjects = Subjects::default();
        let numbers: Vec<u32> = ["talks", "visas", "talks", "", "Ćuba"]
            .iter()
            .map(|s| subjects.number(s))
            .collect();
        assert_eq!(numbers, [0, 1, 0, 2, 3]);
        assert_eq!(subjects.len(), 4);
        let read: Vec<Option<&str>> = subjects.iter().collect();
        assert_eq!(read, [Some("talks"), Some("visas"), Some(""), Some("Ćuba")]);
        let stored = postcard::to_stdvec(&subjects).expect("encoded");
        let back: Subjects = postcard::from_bytes(&stored).expect("decoded");
        assert_eq!(back.iter().collect::<Vec<_>>(), read);
        let damaged = Subjects {
            joined: "abĆ".into(),
            ends: vec![1, 3, 2, 9],
            ..Subjects::default()
        };
        assert_eq!(damaged.iter().collect::<Vec<_>>(), [Some("a"), None, None, None]);
        // A case numbers each subject once across files, copying it only when new.
        let mut case = Numbering::default();
        assert_eq!([case.number("b"), case.number("a"), case.number("b")], [0, 1, 0]);
        assert_eq!(case.list, ["b".into(), "a".into()]);
    }

    #[test]
    fn positions_are_whole_numbers_from_one() {
        assert!(allows_position(&Interval::point(1.0)));
        assert!(allows_position(&Interval::point(2.0)));
        assert!(allows_position(&Interval::at_least(3.0, false)));
        assert!(allows_position(&Interval::closed(0.5, 1.0)));
        assert!(allows_position(&Interval::at_most(1.0, true)));
        assert!(!allows_position(&Interval::point(0.0)));
        assert!(!allows_position(&Interval::point(-2.0)));
        assert!(!allows_position(&Interval::point(2.5)));
        assert!(!allows_position(&Interval::closed(1.2, 1.8)));
        assert!(!allows_position(&Interval::at_most(1.0, false)));
        let open_above_one = Interval {
            lo: crate::value::interval::Bound {
                value: 1.0,
                closed: false,
            },
            hi: crate::value::interval::Bound {
                value: 2.0,
                closed: false,
            },
        };
        assert!(!allows_position(&open_above_one));
    }
}
