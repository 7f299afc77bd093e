//! What the fuzz targets check, shared with `tests/fuzz_regressions.rs`, which replays
//! every input the fuzzers ever crashed on (`fuzz/regressions/`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap or assertion is what a fuzzer looks for"
)]
#![allow(dead_code, reason = "each fuzz target uses one of the checks")]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use claimcheck::report;
use claimcheck::value::{self, DateSet, Entities, Kind, Measure, Options, date};
use claimcheck::{load, pipeline};

/// The value parser on arbitrary text: two values of one kind, parsed and compared.
/// The first byte picks the kind and options; the rest, split at the first newline, is
/// the two values. Nothing may panic, and agreement must be symmetric and reflexive.
pub(crate) fn value(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (kind_name, kind) = Kind::ALL[usize::from(selector) % Kind::ALL.len()];
    let published: Option<DateSet> = (selector & 0x10 != 0)
        .then(|| date::parse("2014-01-06", None).ok())
        .flatten();
    let options = Options {
        unit: match selector & 0xA0 {
            0x20 => Some("visas"),
            0x80 => Some("USD"),
            0xA0 => Some("percent"),
            _ => None,
        },
        unit_spellings: &[],
        tolerance: (selector & 0x40 != 0).then_some(0.05),
        published: published.as_ref(),
        calendar: None,
    };
    let mut entities = Entities::new();
    entities.insert("u.s.".to_string(), Arc::from("united-states"));
    entities.insert("washington".to_string(), Arc::from("united-states"));
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    let parsed_a = value::parse(a, kind, options, &entities);
    let parsed_b = value::parse(b, kind, options, &entities);
    if let (Ok(va), Ok(vb)) = (&parsed_a, &parsed_b) {
        assert_eq!(
            va.agrees(vb),
            vb.agrees(va),
            "{kind_name}: agreement of {a:?} and {b:?}"
        );
        assert!(va.agrees(va), "{kind_name}: {a:?} disagrees with itself");
        let _ = va.meet(vb);
        let _ = va.order(vb);
        let _ = va.sort_key();
    }
    // Error messages are built for users; they must build for any input.
    if let Err(e) = parsed_a {
        let _ = e.to_string();
    }
    // Relations' stated values read the same text their own ways.
    for measure in [Measure::Ratio, Measure::Change, Measure::DateDifference] {
        let _ = value::parse_relation(a, measure, options.unit);
    }
}

/// The files of a case, in the order the input's NUL-separated parts fill them.
pub(crate) const FILES: [&str; 5] = ["case.yaml", "a.yaml", "b.yaml", "a.txt", "reviewed.yaml"];

/// One folder per process, rewritten for every input.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("claimcheck-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        dir
    })
}

/// Removes this process's folder, for the regression test; a fuzzer leaves it to the end.
pub(crate) fn remove_folder() {
    let _ = std::fs::remove_dir_all(folder());
}

/// A whole case from arbitrary bytes, through every stage: load, rules, triage and all
/// three report formats. The input is split at NUL bytes into [`FILES`]; a missing part
/// is a missing file. Nothing may panic, and every problem must name its file.
pub(crate) fn load_case(data: &[u8]) {
    let dir = folder();
    let mut parts = data.split(|&b| b == 0);
    for name in FILES {
        let path = dir.join(name);
        match parts.next() {
            Some(content) => std::fs::write(&path, content).expect("write"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let checked = pipeline::check(
        std::slice::from_ref(dir),
        &load::Limits::default(),
        &load::Progress::default(),
    );
    let report = checked.report;
    for problem in &report.errors {
        assert!(problem.file.is_some(), "a problem without a file: {problem}");
        assert!(!problem.message.is_empty());
    }
    let _ = report::table::render(&report, 100);
    let _ = report::markdown::render(&report);
    let json = report::json::render(&report);
    assert!(json.starts_with('{'));
}
