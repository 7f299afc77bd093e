//! Raw shapes: serde mirrors of the YAML files, exactly as written. Every scalar that a
//! fact-checker might write as a YAML number or date is a [`Text`].

use std::collections::BTreeMap;

use serde::Deserialize;

/// A scalar kept as the text it was written as: YAML integers, floats and booleans are
/// accepted where a string is expected (`value: 2003`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                // A float is written back as text; one too large to hold its digits
                // (`1e400`, twenty digits and a point) would come back changed.
                if !v.is_finite() || v.abs() >= 1e15 {
                    return Err(E::custom(
                        "a number too large to be read exactly; quote it, as in `value: \"1.5e21\"`",
                    ));
                }
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A parameter written as one name or a list of names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

impl OneOrMany {
    /// The name, when one was written rather than a list.
    pub(super) fn as_one(&self) -> Option<&str> {
        match self {
            OneOrMany::One(t) => Some(&t.0),
            OneOrMany::Many(_) => None,
        }
    }

    pub(super) fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(t) => vec![t.0],
            OneOrMany::Many(v) => v.into_iter().map(|t| t.0).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCase {
    pub title: Option<Text>,
    #[serde(default)]
    pub properties: BTreeMap<String, RawProperty>,
    #[serde(default)]
    pub entities: BTreeMap<String, RawEntity>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub periods: BTreeMap<String, Text>,
    pub timezone: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProperty {
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    pub cardinality: Option<Text>,
    pub unit: Option<Text>,
    #[serde(default)]
    pub unit_spellings: Vec<Text>,
    pub scoped_by: Option<Text>,
    pub cumulative: Option<Text>,
    pub tolerance: Option<Text>,
    pub description: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntity {
    pub name: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
}

/// A case rule: `rule:` and its parameters, by name. The keys a rule takes are declared
/// beside its check ([`crate::rules::Rule::params`]) and checked against that.
pub(super) type RawRule = BTreeMap<String, OneOrMany>;

// A source file is taken apart key by key (`source:` → [`RawSource`], each item of
// `claims:` → [`RawClaim`]) so that one bad claim does not hide the problems of the others.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub publisher: Option<Text>,
    pub author: Option<Text>,
    pub published: Option<Text>,
    pub url: Option<Text>,
    pub kind: Option<Text>,
    pub text: Option<Text>,
    pub primary: Option<Text>,
}

impl RawSource {
    /// Every field, by key, for checks that apply to all of them.
    pub(super) fn fields(&self) -> [(&'static str, Option<&Text>); 9] {
        [
            ("id", self.id.as_ref()),
            ("title", self.title.as_ref()),
            ("publisher", self.publisher.as_ref()),
            ("author", self.author.as_ref()),
            ("published", self.published.as_ref()),
            ("url", self.url.as_ref()),
            ("kind", self.kind.as_ref()),
            ("text", self.text.as_ref()),
            ("primary", self.primary.as_ref()),
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClaim {
    pub id: Option<Text>,
    pub subject: Option<Text>,
    pub property: Option<Text>,
    pub value: Option<Text>,
    pub relation: Option<Text>,
    pub of: Option<Text>,
    pub to: Option<Text>,
    pub period: Option<Text>,
    pub since: Option<Text>,
    pub said_by: Option<Text>,
    pub quote: Option<Text>,
    pub note: Option<Text>,
}

impl RawClaim {
    /// Every field, by key, for checks that apply to all of them.
    pub(super) fn fields(&self) -> [(&'static str, Option<&Text>); 12] {
        [
            ("id", self.id.as_ref()),
            ("subject", self.subject.as_ref()),
            ("property", self.property.as_ref()),
            ("value", self.value.as_ref()),
            ("relation", self.relation.as_ref()),
            ("of", self.of.as_ref()),
            ("to", self.to.as_ref()),
            ("period", self.period.as_ref()),
            ("since", self.since.as_ref()),
            ("said_by", self.said_by.as_ref()),
            ("quote", self.quote.as_ref()),
            ("note", self.note.as_ref()),
        ]
    }
}

impl RawClaim {
    /// The fields as plain strings, in [`RawClaim::fields`] order: how the cache keeps a
    /// relation claim until every file's facts are there to resolve it.
    pub(super) fn to_stored(&self) -> [Option<String>; 12] {
        self.fields().map(|(_, field)| field.map(|t| t.0.clone()))
    }

    /// The claim [`RawClaim::to_stored`] kept.
    pub(super) fn from_stored(fields: [Option<String>; 12]) -> RawClaim {
        let [
            id,
            subject,
            property,
            value,
            relation,
            of,
            to,
            period,
            since,
            said_by,
            quote,
            note,
        ] = fields.map(|field| field.map(Text));
        RawClaim {
            id,
            subject,
            property,
            value,
            relation,
            of,
            to,
            period,
            since,
            said_by,
            quote,
            note,
        }
    }
}

// `reviewed.yaml` is taken apart entry by entry, like a source file's claims.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReview {
    pub rule: Option<Text>,
    pub subject: Option<Text>,
    pub property: Option<Text>,
    #[serde(default)]
    pub claims: Vec<Text>,
    pub period: Option<Text>,
    pub since: Option<Text>,
    pub verdict: Option<Text>,
    pub note: Option<Text>,
}
