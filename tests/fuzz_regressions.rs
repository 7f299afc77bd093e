//! Every input a fuzzer ever crashed on, and every hostile input found by hand (a 20-second
//! stall in libyaml, an alias bomb), kept in `fuzz/regressions/<target>/` and replayed
//! through the same checks the fuzz targets run, so a fixed crash stays fixed without a
//! fuzzer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed unwrap is a failed test"
)]

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no regression inputs in {}", dir.display());
    for input in inputs {
        let data = std::fs::read(&input).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails again", input.display());
    }
}

#[test]
fn value_parser_regressions() {
    replay("value", checks::value);
}

#[test]
fn load_case_regressions() {
    replay("load_case", checks::load_case);
    checks::remove_folder();
}
