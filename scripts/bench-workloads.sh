#!/usr/bin/env bash
# Whole-process benchmarks on large generated corpora, beside the serde_yaml parse floor.
#
#   scripts/bench-workloads.sh            # workloads A and B, 3 runs each (medians)
#   RUNS=5 scripts/bench-workloads.sh a   # one workload, more runs
#
# Workload A: one case of 1,000,000 claims in 10,000 source files.
# Workload B: 100 cases of 10,000 claims each.
# The corpora are generated once (deterministically) under target/workloads/.
# Each workload is checked without the cache, cold (filling an empty cache), and warm
# after one source file was edited (a quote, changed back and forth between runs).
# Not part of CI: it needs a few minutes and ~1.2 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
OUT=target/workloads
WORKLOADS=${*:-a b}

cargo build --release --quiet --features parse-floor --bin claimcheck --example gen_corpus --example parse_floor
BIN=target/release
[ -d "$OUT/a" ] || "$BIN/examples/gen_corpus" "$OUT/a" 10000 100
[ -d "$OUT/b" ] || "$BIN/examples/gen_corpus" "$OUT/b" 100 100 --cases 100

# measure LABEL COMMAND...: the median wall time, the largest peak RSS and the median
# peak RSS of $RUNS runs, each after running $SETUP (a shell command; nothing by default).
# Peak RSS varies run to run (the rules run side by side), so both are shown.
SETUP=true
measure() {
  local label=$1
  shift
  local times=() rss=0 peaks=()
  for _ in $(seq "$RUNS"); do
    eval "$SETUP"
    /usr/bin/time -f "%e %M" -o /tmp/claimcheck-bench.$$ "$@" >/dev/null 2>&1 || true
    # The last line: time(1) first reports a non-zero exit status (1: findings).
    read -r t m < <(tail -1 /tmp/claimcheck-bench.$$)
    times+=("$t")
    peaks+=("$m")
    ((m > rss)) && rss=$m
  done
  rm -f /tmp/claimcheck-bench.$$
  local median median_rss
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  median_rss=$(printf '%s\n' "${peaks[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$label $median $rss $median_rss"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
for w in $WORKLOADS; do
  yaml_bytes=$(find "$OUT/$w" -name '*.yaml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  cache="$OUT/cache-$w"
  edited="$OUT/$w/case-000/source-00000.yaml"
  SETUP=true
  read -r _ floor floor_rss _ < <(measure floor "$BIN/examples/parse_floor" "$OUT/$w")
  read -r _ check check_rss check_median_rss < <(measure check "$BIN/claimcheck" check "$OUT/$w" --format json --no-cache)
  SETUP="rm -rf '$cache'"
  read -r _ cold cold_rss _ < <(measure cold "$BIN/claimcheck" check "$OUT/$w" --format json --cache-dir "$cache")
  # One file edited before each warm run: its first quote gains or loses " (edited)",
  # which its text then lacks, so the report changes too.
  SETUP="sed -i -e '0,/^    quote: /{/^    quote: /{s/ (edited)\"\$/\"/;t' -e 's/\"\$/ (edited)\"/}}' '$edited'"
  read -r _ warm warm_rss _ < <(measure warm "$BIN/claimcheck" check "$OUT/$w" --format json --cache-dir "$cache")
  sed -i 's/ (edited)"$/"/' "$edited"
  SETUP=true
  awk -v w="$w" -v y="$yaml_bytes" -v f="$floor" -v c="$check" -v r="$check_rss" -v n="$RUNS" \
    -v cm="$check_median_rss" -v cold="$cold" -v cr="$cold_rss" -v warm="$warm" -v wr="$warm_rss" 'BEGIN {
    printf "workload %s: %.0f MB of YAML, medians of %d runs\n", w, y / 1e6, n
    printf "  parse floor (serde_yaml, 1 thread):  %6.2f s\n", f
    printf "  claimcheck check --format json:\n"
    printf "    without the cache:                 %6.2f s  (ratio to the floor %.2f)  peak RSS %.0f MiB (%.2f x the YAML; median of the runs %.0f MiB, %.2f x)\n", c, c / f, r / 1024, r * 1024 / y, cm / 1024, cm * 1024 / y
    printf "    cold, filling an empty cache:      %6.2f s  peak RSS %.0f MiB\n", cold, cr / 1024
    printf "    warm, after editing one file:      %6.2f s  (%.0f%% of the cold run, %.0f%% of the run without)  peak RSS %.0f MiB\n", warm, 100 * warm / cold, 100 * warm / c, wr / 1024
  }'
done
