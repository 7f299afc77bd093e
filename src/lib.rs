//! claimcheck: find where news sources disagree about the same facts.
//!
//! The pipeline, in module order:
//!
//! 1. [`load`] reads case folders: YAML text → raw shapes → a validated [`model::Case`],
//!    collecting every problem in every file as a [`load::Problem`].
//!    [`quote`] matches quotes against source texts while files load.
//! 2. [`value`] is the value language: dates, quantities, durations, frequencies and
//!    names as written in articles, parsed into intervals so agreement is overlap.
//! 3. [`rules`] holds one file per rule and the registry; each turns a case into
//!    [`finding::Finding`]s.
//!    [`triage`] then applies `reviewed.yaml`: verdicts, and reviews that went stale.
//!    [`load::place`] then finds the line and column of each claim the findings show.
//! 4. [`report`] renders findings as a table, Markdown, JSON, GitHub annotations or
//!    SARIF — pure functions.
//! 5. [`cli`] parses arguments, runs the pipeline, prints, and picks the exit code.
#![forbid(unsafe_code)]

mod chars;

pub mod cli;
pub mod finding;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod quote;
pub mod report;
pub mod rules;
mod triage;
pub mod value;
mod watch;
