#!/usr/bin/env bash
# Query benchmark: imr's query latency in process and as a command, and
# against plain tantivy and SQLite FTS5 on the same letters; see
# benches/query_baselines.rs.
#
# usage: scripts/bench-query.sh [N_LETTERS] [CORPUS_DIR]
#
#   N_LETTERS     letters to generate with `imr gen-corpus` (default 100000;
#                 20000 is a quicker run)
#   CORPUS_DIR    an existing folder of letters to use instead of generating
#   REPS          (environment) timed runs per query in process (default 30)
#   PROCESS_REPS  (environment) timed `imr search` processes per query (default 10)
#   WARMUP        (environment) untimed runs per query first (default 3)
#   THREADS       (environment) threads for building the indexes (default 2)
#
# The corpus is generated once, into target/bench-corpus-N (seed 7), and the
# three indexes once, into target/bench-query-N (or target/bench-query-NAME
# for a CORPUS_DIR); later runs reuse both. Builds once, then runs the bench
# binary directly. Exit status 0 whatever the figures (misses are printed).
set -euo pipefail

cd "$(dirname "$0")/.."

letters=${1:-100000}
corpus=${2:-}
reps=${REPS:-30}
process_reps=${PROCESS_REPS:-10}
warmup=${WARMUP:-3}
threads=${THREADS:-2}

echo "== machine"
echo "cores:  $(nproc)"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "== build (release)"
cargo build --release --bin imr
# Built once; the executable's path comes from cargo's JSON messages.
bench=$(cargo bench --bench query_baselines --no-run --message-format=json \
    | grep -o '"executable":"[^"]*query_baselines[^"]*"' | tail -n1 | cut -d'"' -f4)
if [[ -z "$bench" || ! -x "$bench" ]]; then
    echo "bench-query: cannot find the query_baselines executable" >&2
    exit 2
fi
echo "bench:  $bench"
echo

if [[ -z "$corpus" ]]; then
    corpus="target/bench-corpus-$letters"
    work="target/bench-query-$letters"
    if [[ -d "$corpus" ]]; then
        echo "== corpus: reusing $corpus"
    else
        echo "== corpus: generating $letters letters into $corpus"
        # Generated beside its final name and renamed when complete, so an
        # interrupted run never leaves a half corpus that later runs reuse.
        rm -rf "$corpus.partial"
        target/release/imr gen-corpus --out "$corpus.partial" --n "$letters" --seed 7
        mv "$corpus.partial" "$corpus"
    fi
elif [[ -d "$corpus" ]]; then
    work="target/bench-query-$(basename "$corpus")"
    echo "== corpus: $corpus"
else
    echo "bench-query: $corpus is not a folder" >&2
    exit 2
fi
echo

echo "== query benchmark"
"$bench" "$corpus" --work-dir "$work" --reps "$reps" --process-reps "$process_reps" \
    --warmup "$warmup" --threads "$threads" --imr target/release/imr
