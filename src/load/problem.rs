//! Input problems: every kind of problem a file or folder can have, each with a stable
//! kebab-case code (the variant's name) and its wording, written here and nowhere else;
//! and [`FileProblems`], which collects one file's problems and places them by line and
//! column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use strum::{EnumDiscriminants, EnumIter, IntoStaticStr};

use super::locate::{self, Seg, YamlPath};
use super::schema::ShapeProblem;

/// What is wrong. The variant names, in kebab-case, are the codes users see
/// (`errors[].code` in JSON, `error[code]` in text) and match on: renaming one is a
/// breaking change, which the snapshot of all codes makes visible in review.
///
/// Fields named `hint` hold a " (did you mean `x`?)" suggestion or nothing; `expected`
/// a list of the accepted words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, EnumDiscriminants)]
#[strum_discriminants(
    name(Code),
    derive(EnumIter, IntoStaticStr, PartialOrd, Ord, Hash),
    strum(serialize_all = "kebab-case")
)]
pub enum Issue {
    // --- files and folders -------------------------------------------------------
    #[error("no such file or folder{hint}")]
    NoSuchPath { hint: &'static str },
    #[error(
        "expected a case folder (holding `case.yaml`), a folder of case folders, or a file of a case; no \
         `case.yaml` lies beside this file"
    )]
    NotAFolder,
    #[error("holds YAML files but no `case.yaml`, so it is not a case")]
    NoCaseYaml,
    #[error("no case found: expected `case.yaml` here or in a subfolder")]
    NoCaseFound,
    #[error("holds {found} cases; `claimcheck schema` describes one: name its folder, or a file in it")]
    NotOneCase { found: usize },
    #[error("cannot read folder: {error}")]
    UnreadableFolder { error: String },
    #[error("cannot read file: {error}")]
    UnreadableFile { error: String },
    #[error("the file is {size} bytes, over the limit of {limit} (raise it with --max-file-size)")]
    FileTooLarge { size: String, limit: u64 },
    #[error("resolves to a file outside the case folder; only files of the case are read")]
    OutsideCase,
    #[error("is {what}, not a regular file; it is not read")]
    NotARegularFile { what: &'static str },
    #[error("is a symbolic link to nothing")]
    DanglingLink,
    #[error("is a symbolic link that cannot be resolved: {error}")]
    UnresolvableLink { error: String },
    #[error("is a link to a folder outside the path given; it is not followed")]
    LinkOutsidePath,
    #[error("the file is not UTF-8 text; save it as UTF-8")]
    NotUtf8,

    // --- YAML ----------------------------------------------------------------------
    #[error("invalid YAML: {message}{hint}")]
    InvalidYaml { message: String, hint: &'static str },
    #[error("the key `{key}` appears twice in this mapping; keep one")]
    DuplicateKey { key: String },
    #[error("the YAML nests more than {limit} levels deep here, the limit (raise it with --max-depth)")]
    TooDeep { limit: usize },
    #[error(
        "aliases in this file expand to more than {limit} bytes of YAML, the limit (raise it with \
         --max-alias-expansion)"
    )]
    AliasExpansion { limit: u64 },
    #[error("the source file is empty; expected `source:` and `claims:`")]
    EmptySourceFile,
    #[error("`case.yaml` is empty; expected `properties:` and optionally `title:`, `entities:`, `rules:`")]
    EmptyCaseFile,

    // --- shape: keys and what they hold -------------------------------------------
    #[error("expected a mapping, found {found}")]
    NotAMapping { found: &'static str },
    #[error("keys must be names, found `{key}`{hint}")]
    KeyNotAName { key: String, hint: &'static str },
    #[error("unknown key `{key}`{hint}; expected one of {expected}")]
    UnknownKey {
        key: String,
        hint: String,
        expected: String,
    },
    #[error("`{key}` must be {expected}, found {found}")]
    WrongShape {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("items of `{key}` must be single values, found {found}")]
    WrongItemShape { key: String, found: &'static str },
    /// What serde said about a shape the tables let through.
    #[error("{message}")]
    Malformed { message: String },

    // --- case.yaml -----------------------------------------------------------------
    #[error("property name `{name}` must be snake_case (`a-z`, `0-9`, `_`)")]
    PropertyNameNotSnakeCase { name: String },
    #[error("property `{property}` needs a `type`")]
    MissingType { property: String },
    #[error("unknown type `{written}`{hint}; expected one of {expected}")]
    UnknownType {
        written: String,
        hint: String,
        expected: String,
    },
    #[error(
        "unknown time zone `{written}`{hint}; expected an IANA name such as `Asia/Kolkata`, \
         `America/New_York`, `Europe/London` or `UTC`"
    )]
    UnknownTimezone { written: String, hint: String },
    #[error("unknown cardinality `{written}`{hint}; expected `one` or `many`")]
    UnknownCardinality { written: String, hint: String },
    #[error("unknown scope `{written}`{hint}; expected `period` or `since`")]
    UnknownScope { written: String, hint: String },
    #[error("`{option}` applies to {applies_to} properties; `{property}` is a {kind}")]
    OptionNotForType {
        option: &'static str,
        applies_to: &'static str,
        property: String,
        kind: &'static str,
    },
    #[error("`{key}` `{written}`: {mismatch}")]
    WrongWeekday {
        key: &'static str,
        written: String,
        /// `June 2, 2023 was a Friday, not a Sunday`.
        mismatch: String,
    },
    #[error("`{option}` is `true` or `false`; found `{written}`")]
    NotABoolean { option: &'static str, written: String },
    #[error("`unit_spellings` are other ways to write the property's `unit`, but it declares none")]
    SpellingsWithoutUnit,
    #[error("`tolerance` must be a relative number between 0 and 1, such as `0.05`; found `{written}`")]
    BadTolerance { written: String },
    #[error("entity `{id}` needs a `name`")]
    MissingEntityName { id: String },
    #[error(
        "`{spelling}` of entity `{id}` also names entity `{other}`; an alias may stand for one entity only"
    )]
    SharedAlias {
        spelling: String,
        id: String,
        other: String,
    },
    #[error("a case rule needs `rule:` naming it ({expected})")]
    MissingCaseRuleName { expected: String },
    #[error("unknown case rule `{written}`{hint}; expected {expected}")]
    UnknownCaseRule {
        written: String,
        hint: String,
        expected: String,
    },
    #[error("`{rule}` takes no `{key}`{hint}; its parameters are {expected}")]
    UnknownRuleParam {
        rule: String,
        key: String,
        hint: String,
        expected: String,
    },
    #[error("this `{rule}` rule repeats rule {first} of `rules:`; declare each once")]
    DuplicateCaseRule { rule: &'static str, first: usize },
    #[error("`{rule}` needs `{param}`")]
    MissingRuleParam { rule: String, param: &'static str },
    #[error("`{param}` names `{property}`, which is not a property of this case{hint}")]
    UndeclaredRuleProperty {
        param: &'static str,
        property: String,
        hint: String,
    },
    #[error("`{param}` needs a {needed} property, but `{property}` is a {kind}")]
    RulePropertyType {
        param: &'static str,
        needed: &'static str,
        property: String,
        kind: &'static str,
    },

    // --- source files ----------------------------------------------------------------
    #[error("a source file needs `claims:`, a list of claims")]
    MissingClaims,
    #[error("{what} id `{id}` may use only `a-z`, `0-9`, `.`, `_` and `-`")]
    BadId { what: &'static str, id: String },
    #[error(
        "`published` must be a calendar date or range such as `2009-12-05`, `December 2009` or \
         `2015-01-08..2015-01-12`; found `{written}`"
    )]
    BadPublished { written: String },
    #[error("unknown source kind `{written}`{hint}; expected one of {expected}")]
    UnknownSourceKind {
        written: String,
        hint: String,
        expected: String,
    },
    #[error("`text` must be a path relative to the case folder, such as `ap-2009-12-05.txt`")]
    TextNotRelative,
    #[error("cannot read the source text `{file}`{place}: {why}")]
    UnreadableText {
        file: String,
        place: String,
        why: String,
    },
    #[error("the file has {count} claims, over the limit of {limit} (raise it with --max-claims-per-file)")]
    TooManyClaims { count: usize, limit: usize },
    #[error(
        "the case's claim ids and values as written pass 4 GiB with this file, more than one case holds; split \
         the case"
    )]
    CaseTooLarge,
    #[error("source id `{id}` is also used by `{other}`; source ids must be unique in a case")]
    DuplicateSourceId { id: String, other: String },

    // --- claims ------------------------------------------------------------------------
    #[error(
        "`{key}` is {chars} characters long, over the limit of {limit} (raise it with --max-value-length)"
    )]
    ValueTooLong { key: String, chars: usize, limit: usize },
    #[error(
        "a key of {chars} characters (`{start}`) is over the limit of {limit} (raise it with \
         --max-value-length)"
    )]
    KeyTooLong {
        start: String,
        chars: usize,
        limit: usize,
    },
    #[error("claim id `{id}` is already used by claim {first} in this file")]
    DuplicateClaimId { id: String, first: usize },
    #[error("a claim needs {what}")]
    MissingField { what: &'static str },
    #[error("a relation claim has `relation`, `of`, `to` and `value` instead of `{key}`")]
    FactFieldOnRelation { key: &'static str },
    #[error("`{key}` belongs to relation claims; add `relation: ratio` or `relation: difference`")]
    RelationFieldOnFact { key: &'static str },
    #[error("property `{property}` is not declared in case.yaml{hint}")]
    UndeclaredProperty { property: String, hint: String },
    /// A value that does not parse for its property's type; the value language words it.
    #[error("{message}")]
    InvalidValue { message: String },
    #[error("the {what} `{written}` {why}")]
    BadIdentifier {
        what: &'static str,
        written: String,
        why: String,
    },
    #[error(
        "the file name gives the source id `{stem}`, which may use only `a-z`, `0-9`, `.`, `_` and `-`; \
         rename the file or give `source: {{id: …}}`"
    )]
    BadFileName { stem: String },
    #[error("`{written}` is no position in a sequence: a numbering counts first, second, third…")]
    NotAPosition { written: String },
    #[error("`{key}` must be a date; `{written}` is not one. Expected {forms}")]
    InvalidDate {
        key: &'static str,
        written: String,
        forms: &'static str,
    },
    #[error(
        "`{key}` `{written}` is relative to the publication date, but the source has no `published` date"
    )]
    RelativeWithoutPublished { key: &'static str, written: String },
    #[error(
        "`{key}` `{written}` is a time of day without a day; give the day (`June 3 at 7 pm`, `this morning`)"
    )]
    TimeWithoutDate { key: &'static str, written: String },
    #[error(
        "`{key}` `{written}` names a time zone, but case.yaml sets no `timezone:` to compare times in; add \
         one, such as `timezone: Asia/Kolkata` or `timezone: UTC`"
    )]
    NoTimezone { key: &'static str, written: String },

    // --- relation claims -----------------------------------------------------------------
    #[error("unknown relation `{written}`{hint}; expected `ratio` or `difference`")]
    UnknownRelation { written: String, hint: String },
    #[error("a relation claim needs `{key}`")]
    MissingOperand { key: &'static str },
    #[error("`{written}` is itself a relation; relations relate facts")]
    OperandIsRelation { written: String },
    #[error(
        "`{key}` refers to `{written}`, which is no claim of this case{hint}; write `<claim-id>`, \
         `<source-id>/<claim-id>` or `published`"
    )]
    UnknownOperand {
        key: &'static str,
        written: String,
        hint: String,
    },
    #[error("{needs}; `of` is a {of} and `to` is a {to}")]
    OperandTypes {
        needs: &'static str,
        of: &'static str,
        to: &'static str,
    },
    #[error("`published` is an operand, but the source has no `published` date")]
    PublishedMissing,

    // --- reviewed.yaml ---------------------------------------------------------------------
    #[error("a review needs the `rule` of the finding it triages")]
    MissingReviewRule,
    #[error("unknown rule `{written}`{hint}")]
    UnknownRule { written: String, hint: String },
    #[error("a review needs a `verdict`")]
    MissingVerdict,
    #[error("a review names the finding by `subject` and `property`, or by `claims`")]
    MissingReviewTarget,
    #[error("`{written}` is no claim of this case{hint}; write `<source-id>/<claim-id>`")]
    UnknownClaimRef { written: String, hint: String },
    #[error(
        "a review's `{key}` `{written}` is relative to no date; name the dates as the finding shows them (`2023`, `Q3 2023`)"
    )]
    RelativeReviewScope { key: &'static str, written: String },
}

impl Issue {
    pub fn code(&self) -> Code {
        Code::from(self)
    }
}

impl Code {
    /// The kebab-case code users see.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every code, in declaration order.
    pub fn all() -> impl Iterator<Item = Code> {
        <Code as strum::IntoEnumIterator>::iter()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem with the input: the file, where in it (when known), what kind, and what
/// is wrong in words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, thiserror::Error)]
pub struct Problem {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub code: Code,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => {
                write!(f, "{file}:{line}:{column}: {}", self.message)
            }
            (Some(file), _, _) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl Problem {
    pub fn new(file: Option<String>, position: Option<(usize, usize)>, issue: Issue) -> Problem {
        Problem {
            file,
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            code: issue.code(),
            message: issue.to_string(),
        }
    }

    /// A problem with a whole file or folder.
    pub fn in_file(file: &Path, issue: Issue) -> Problem {
        Problem::new(Some(display(file)), None, issue)
    }
}

/// Paths as users gave them, with `/` separators on every platform for stable reports.
pub(crate) fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Name comparisons each file may spend on suggestions: about a tenth of a second.
const SUGGESTION_BUDGET: usize = 200_000;

/// Problems found in one file, by path into its YAML tree; positions are looked up only
/// when there are any, since that needs a second, position-keeping parse.
pub(crate) struct FileProblems {
    /// Comparisons left for "did you mean" suggestions in this file.
    suggestions: usize,
    file: PathBuf,
    pending: Vec<(YamlPath, bool, Issue)>,
    located: Vec<Problem>,
}

impl FileProblems {
    pub(crate) fn new(file: &Path) -> Self {
        FileProblems {
            suggestions: SUGGESTION_BUDGET,
            file: file.to_path_buf(),
            pending: Vec::new(),
            located: Vec::new(),
        }
    }

    /// ` (did you mean `x`?)` for `word` among `candidates`, or nothing: within a budget
    /// per file, so thousands of unknown names among thousands of known ones cost
    /// milliseconds; the first problems of a file get their suggestions.
    pub(crate) fn did_you_mean<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> String {
        super::schema::hint(self.suggest(word, candidates))
    }

    /// The likely intended one of `candidates`, within the same budget.
    pub(crate) fn suggest<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        super::schema::suggest(word, candidates, &mut self.suggestions)
    }

    /// A problem with the value at `path`.
    pub(crate) fn at(&mut self, path: YamlPath, issue: Issue) {
        self.pending.push((path, false, issue));
    }

    /// A problem with the key at the end of `path`.
    pub(crate) fn at_key(&mut self, path: YamlPath, issue: Issue) {
        self.pending.push((path, true, issue));
    }

    /// The problems of a shape check.
    pub(crate) fn shape(&mut self, problems: Vec<ShapeProblem>) {
        self.pending
            .extend(problems.into_iter().map(|p| (p.path, p.at_key, p.issue)));
    }

    /// A problem whose position is already known (from the YAML parser), or that has none.
    pub(crate) fn at_position(&mut self, position: Option<(usize, usize)>, issue: Issue) {
        self.located
            .push(Problem::new(Some(display(&self.file)), position, issue));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pending.is_empty() && self.located.is_empty()
    }

    /// Like [`FileProblems::finish`], reading the file again when its text was not kept
    /// (it is needed only to locate problems, which are rare).
    /// `reread` reads the file again the way it was read the first time.
    pub(crate) fn finish_reading(
        self,
        text: Option<String>,
        reread: impl FnOnce(&Path) -> Option<String>,
        out: &mut Vec<Problem>,
    ) {
        if self.pending.is_empty() {
            out.extend(self.located);
            return;
        }
        let text = text.or_else(|| reread(&self.file)).unwrap_or_default();
        self.finish(&text, out);
    }

    /// Resolves positions in the file's `text` and hands the problems on.
    pub(crate) fn finish(self, text: &str, out: &mut Vec<Problem>) {
        let file = display(&self.file);
        out.extend(self.located);
        if self.pending.is_empty() {
            return;
        }
        let requests: Vec<(&[Seg], bool)> = self
            .pending
            .iter()
            .map(|(path, at_key, _)| (path.as_slice(), *at_key))
            .collect();
        let positions = locate::positions(text, &requests);
        for ((_, _, issue), position) in self.pending.into_iter().zip(positions) {
            out.push(Problem::new(Some(file.clone()), position, issue));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_words() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::all() {
            let text = code.as_str();
            assert!(seen.insert(text), "duplicate code {text}");
            assert!(
                text.split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{text} is not kebab-case"
            );
        }
        assert!(seen.len() > 40);
    }

    #[test]
    fn a_problem_carries_the_code_of_its_issue() {
        let problem = Problem::new(Some("a.yaml".into()), Some((3, 5)), Issue::MissingVerdict);
        assert_eq!(problem.code, Code::MissingVerdict);
        assert_eq!(problem.code.as_str(), "missing-verdict");
        assert_eq!(problem.to_string(), "a.yaml:3:5: a review needs a `verdict`");
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["code"], "missing-verdict");
    }
}
