//! The parse floor: deserialise every source file under the given case folders into
//! claimcheck's raw shapes with serde_yaml, on one thread, and nothing else. A whole
//! `claimcheck check` is measured against this.
//!
//! ```sh
//! cargo run --release --features parse-floor --example parse_floor -- PATH...
//! ```
#![allow(clippy::print_stdout, reason = "a command-line example")]

use std::path::PathBuf;

/// The same allocator as `claimcheck` itself, so the comparison is like for like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let claims = claimcheck::load::deserialize_only(&paths);
    println!("{claims} claims deserialised");
}
