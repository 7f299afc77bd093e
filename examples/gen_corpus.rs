//! Generates a synthetic corpus for benchmarks (see `tests/support/corpus.rs`).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- OUT SOURCES CLAIMS [--cases N] [--seed S]
//! ```
//!
//! writes `OUT/case-000/…` (one folder per case), each with `case.yaml`, SOURCES source
//! files of CLAIMS claims and their texts. The same seed always gives the same files.
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line example")]

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus OUT SOURCES CLAIMS [--cases N] [--seed S]";
    let flag = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let parsed = (
        args.first(),
        args.get(1).and_then(|s| s.parse().ok()),
        args.get(2).and_then(|s| s.parse().ok()),
    );
    let (Some(out), Some(sources), Some(claims)) = parsed else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let cases = flag("--cases", 1) as usize;
    match corpus::generate(&PathBuf::from(out), cases, sources, claims, flag("--seed", 42)) {
        Ok(g) => println!(
            "{} claims in {cases} case(s), {} planted disagreements",
            g.claims, g.planted
        ),
        Err(e) => {
            eprintln!("cannot write the corpus: {e}");
            std::process::exit(1);
        }
    }
}
