#!/usr/bin/env bash
# Mutation testing (cargo-mutants) of the code whose boundaries decide findings: the
# value language, quote matching, the rules and triage; and of what says where a finding
# stands and who it is across runs: placing claims, and SARIF fingerprints. Do the tests notice when the
# code changes? Not part of CI: about 1,200 mutants, an hour or more on 2 cores.
# Install once with `cargo install cargo-mutants --locked`.
#
#   scripts/mutants.sh                              # all of it
#   scripts/mutants.sh -f src/value/interval.rs     # one file (any cargo-mutants arguments)
#
# Each mutant is decided by the unit tests beside the code (`--lib`): one library build
# and a few seconds of tests, instead of rebuilding the binary for the CLI snapshots.
# The results land in mutants.out/; missed.txt lists the mutants no test noticed. A
# mutant that cannot change behaviour (a shortcut that only saves time) is excluded in
# .cargo/mutants.toml with the reason; every other miss is a missing test.
set -euo pipefail
cd "$(dirname "$0")/.."

# The property tests run 64 cases a mutant (256 in CI): a tenth of the time, and the
# unit tests pin the boundaries.
export PROPTEST_CASES=${PROPTEST_CASES:-64}

if [ $# -eq 0 ]; then
  set -- -f 'src/value/**/*.rs' -f src/quote.rs -f 'src/rules/**/*.rs' -f src/triage.rs \
    -f 'src/load/place/*.rs' -f src/report/sarif.rs
fi
exec cargo mutants --cargo-test-arg=--lib "$@"
