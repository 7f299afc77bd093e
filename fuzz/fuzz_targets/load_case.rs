//! Fuzz target: a whole case from arbitrary bytes (see `checks::load_case`).
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::load_case(data));
