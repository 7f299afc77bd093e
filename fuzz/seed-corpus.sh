#!/usr/bin/env bash
# Builds the fuzzers' starting corpora from the shipped case and the test fixtures:
#   fuzz/corpus/value/      every `value:` written in a claim file, once per value kind
#   fuzz/corpus/load_case/  every case folder, its files joined by NUL bytes in the
#                           order load_case.rs reads them (case, two sources, a text,
#                           reviewed.yaml)
#   fuzz/corpus/load_case.dict  the claim format's keys and words, so that mutations
#                           build claims rather than random YAML (libFuzzer's -dict=)
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out/value" "$out/load_case"

n=0
grep -rhoE '(value|period|since): *"?[^",}]+' claims tests/fixtures --include='*.yaml' \
  | sed -E 's/^[a-z_]+: *"?//' | sort -u | while IFS= read -r value; do
  for kind in 0 1 2 3 4 5 6 7 17 50; do
    n=$((n + 1))
    { printf "\\x$(printf %02x "$kind")"; printf '%s\n%s' "$value" "$value"; } >"$out/value/seed-$n"
  done
done

n=0
find claims tests/fixtures -name case.yaml | sort | while IFS= read -r case_file; do
  dir=$(dirname "$case_file")
  mapfile -t sources < <(find "$dir" -maxdepth 1 -name '*.yaml' ! -name case.yaml ! -name reviewed.yaml | sort)
  n=$((n + 1))
  {
    cat "$case_file"
    for i in 0 1; do
      printf '\0'
      [ -n "${sources[$i]:-}" ] && cat "${sources[$i]}"
    done
    printf '\0'
    text="${sources[0]:-}"
    [ -n "$text" ] && [ -f "${text%.yaml}.txt" ] && cat "${text%.yaml}.txt"
    printf '\0'
    [ -f "$dir/reviewed.yaml" ] && cat "$dir/reviewed.yaml"
    true
  } >"$out/load_case/seed-$n"
done
# Keys as written in the shipped files ("subject: "), then every short lowercase word the
# loader, value parser and rules compare against (kinds, relations, verdicts, rule ids).
{
  grep -rhoE '^[ -]*[a-z_]+:' claims tests/fixtures --include='*.yaml' | sed -E 's/^[ -]*//; s/$/ /'
  grep -rhoE '"[a-z][a-z_ -]{1,20}"' src/load src/value src/rules src/triage.rs | tr -d '"'
} | sort -u | sed -E 's/^(.*)$/"\1"/' >"$out/load_case.dict"

echo "value: $(ls "$out/value" | wc -l) inputs; load_case: $(ls "$out/load_case" | wc -l) inputs;" \
  "dictionary: $(wc -l <"$out/load_case.dict") words"
