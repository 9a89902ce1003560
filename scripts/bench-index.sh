#!/usr/bin/env bash
# Indexing benchmark: imr against plain tantivy and SQLite FTS5 on one
# corpus (speed, index size, peak memory); see benches/index_baselines.rs.
#
# usage: scripts/bench-index.sh [N_LETTERS] [THREADS] [CORPUS_DIR]
#
#   N_LETTERS   letters to generate with `imr gen-corpus` (default 20000)
#   THREADS     indexing threads for imr and the tantivy baseline (default 2)
#   CORPUS_DIR  an existing folder of letters to use instead of generating
#   ROUNDS      (environment) measurements per system, medians reported (default 3)
#
# The corpus is generated once, into target/bench-corpus-N (seed 7), and
# reused on later runs. Without `imr gen-corpus` and without CORPUS_DIR, it
# falls back to copies of the fixture letters with distinct case numbers,
# which is runnable but flatters compression: say so when quoting sizes.
set -euo pipefail

cd "$(dirname "$0")/.."

letters=${1:-20000}
threads=${2:-2}
corpus=${3:-}
rounds=${ROUNDS:-3}

echo "== machine"
echo "cores:  $(nproc)"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
free -g
echo

echo "== build (release)"
cargo build --release --bin imr
cargo bench --bench index_baselines --no-run
echo

if [[ -z "$corpus" ]]; then
    corpus="target/bench-corpus-$letters"
    if [[ -d "$corpus" ]]; then
        echo "== corpus: reusing $corpus"
    elif target/release/imr gen-corpus --help >/dev/null 2>&1; then
        echo "== corpus: generating $letters letters into $corpus"
        # Generated beside its final name and renamed when complete, so an
        # interrupted run never leaves a half corpus that later runs reuse.
        rm -rf "$corpus.partial"
        target/release/imr gen-corpus --out "$corpus.partial" --n "$letters" --seed 7
        mv "$corpus.partial" "$corpus"
    else
        corpus="target/bench-copies-$letters"
        echo "!! 'imr gen-corpus' is not available in this build, and no CORPUS_DIR was given."
        echo "!! Falling back to $corpus: copies of corpus/*.txt and tests/fixtures/letters/*.txt"
        echo "!! with distinct case numbers. Repeated text compresses far better than real"
        echo "!! letters, so index sizes from it are optimistic. Pass a real folder as the"
        echo "!! third argument:  scripts/bench-index.sh $letters $threads path/to/letters"
        if [[ ! -d "$corpus" ]]; then
            rm -rf "$corpus.partial"
            mkdir -p "$corpus.partial"
            # Letter i is fixture (i mod count) with every case number
            # replaced by CMyy-1nnnnnn, unique per letter, so imr keys each
            # copy as its own letter instead of replacing the previous one.
            perl -e '
                my ($out, $n, @files) = @ARGV;
                my @texts = map { local $/; open my $in, "<", $_ or die "$_: $!"; scalar <$in> } @files;
                for my $i (0 .. $n - 1) {
                    my $text = $texts[$i % @texts];
                    my $case = sprintf("CM%02d-%07d", 13 + $i % 4, 1000000 + $i);
                    $text =~ s/\bCM\d{2}-\d{4,8}\b/$case/g;
                    my $path = sprintf("%s/letter-%06d.txt", $out, $i);
                    open my $file, ">", $path or die "$path: $!";
                    print $file $text;
                    close $file or die "$path: $!";
                }
            ' "$corpus.partial" "$letters" corpus/*.txt tests/fixtures/letters/*.txt
            mv "$corpus.partial" "$corpus"
        fi
    fi
elif [[ ! -d "$corpus" ]]; then
    echo "bench-index: $corpus is not a folder" >&2
    exit 2
fi
echo

echo "== index benchmark"
mkdir -p target/bench-work
cargo bench --bench index_baselines -- "$corpus" \
    --threads "$threads" --rounds "$rounds" --work-dir target/bench-work
