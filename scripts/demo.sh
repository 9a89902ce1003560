#!/usr/bin/env bash
# The main job on the shipped corpus: build the index, then show what it holds
# and answer a few typical questions.
#
# The shipped corpus holds one real letter; to make the demo meaningful a few
# thousand realistic synthetic letters are generated next to it first
# (corpus/generated/, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

letters="${DEMO_LETTERS:-3000}"
cargo build --release --quiet
imr=target/release/imr

if [ ! -f corpus/generated/truth.jsonl ]; then
  echo "== generating $letters synthetic letters into corpus/generated/"
  "$imr" gen-corpus --out corpus/generated --n "$letters" --seed 1
fi

echo "== indexing corpus/ into index/"
# Incremental when index/ holds a readable index of this version; rebuilt
# when it is missing or was written by another version of imr.
if "$imr" stats --index index >/dev/null 2>&1; then
  "$imr" index corpus --index index
else
  "$imr" index corpus --index index --rebuild
fi

echo
echo "== imr stats"
"$imr" stats --index index

run() {
  echo
  echo "== imr $*"
  # grep-style exit codes: 1 means "no match", which is an answer, not a failure.
  "$imr" "$@" || [ $? -eq 1 ]
}

run search "acupuncture upheld ODG" --limit 5 --explain
run search "norco weaning" --limit 5
run search "epidural radiculopathy" --outcome overturned --limit 5
run facets --by treatment
run facets --by treatment --by outcome
run facets "opioids" --by guideline --cases
# Show the letter behind the first acupuncture hit that has a case number
# (from CSV; a letter whose first page is missing has none).
case_number=$("$imr" search acupuncture --limit 20 --format csv | awk -F, 'NR > 1 && $1 != "" { print $1; exit }')
run show "$case_number"
