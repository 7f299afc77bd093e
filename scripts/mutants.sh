#!/usr/bin/env bash
# Mutation testing (cargo-mutants) of the code whose boundaries decide findings: do the
# tests notice when the code changes? Not part of CI: about 800 mutants, one to two
# hours on 2 cores. Install once with `cargo install cargo-mutants --locked`.
#
#   scripts/mutants.sh                 # both parts below
#   scripts/mutants.sh values          # the value language and quote matching only
#   scripts/mutants.sh rules           # the rules and triage only
#   scripts/mutants.sh -- -f src/value/interval.rs   # any cargo-mutants arguments
#
# Results land in mutants.out/ (missed.txt lists the mutants no test noticed). A mutant
# that cannot change behaviour (a shortcut that only saves time) is excluded in
# .cargo/mutants.toml with the reason; every other miss is a missing test.
set -euo pipefail
cd "$(dirname "$0")/.."

parts=${1:-all}
[ "$parts" = "--" ] && { shift; exec cargo mutants "$@"; }

# The value language and quote matching are decided by the unit tests beside them: one
# library build and a few seconds of tests per mutant.
if [ "$parts" = all ] || [ "$parts" = values ]; then
  cargo mutants -f 'src/value/**/*.rs' -f src/quote.rs --cargo-test-arg=--lib \
    --output target/mutants-values
fi
# The rules and triage are also decided by the fixture snapshots in tests/cli.rs.
if [ "$parts" = all ] || [ "$parts" = rules ]; then
  cargo mutants -f 'src/rules/**/*.rs' -f src/triage.rs --output target/mutants-rules
fi
