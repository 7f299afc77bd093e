//! Fuzz target: the value parser (see `checks::value`).
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::value(data));
