//! Extraction throughput on one core, in bytes of letter text per second.
//!
//! `cargo bench --bench extract` prints MB/s (10^6 bytes a second, the unit
//! of the target) for generated letters of every layout (the same mix
//! `imr gen-corpus` writes) and for the real sample letter. The target is
//! 150 MB/s on one core for generated letters.
//!
//! `generated_letters` extracts the same 400 letters again and again, so
//! every state the searches' lazy automata need was built in the warm-up;
//! `first_seen_letters` extracts letters never extracted before, as an
//! indexer meets a corpus, where a search whose automaton needs new states
//! for new text pays for building them.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const SAMPLE: &str = include_str!("../corpus/imr-final-determination-sample.txt");

/// Letters per measured batch of `first_seen_letters`. Its throughput is
/// counted at the mean size of the 400 letters of `generated_letters` (the
/// same generator and mix): a batch of 1,000 differs from that by a few
/// percent either way (batches of 100 measured 0.99-1.08), and a
/// measurement's many batches average out.
const FIRST_SEEN_BATCH: u64 = 1000;

fn generated_letters(count: u64) -> Vec<(String, Vec<u8>)> {
    (0..count)
        .map(|index| {
            let letter = imr::generate::generate_letter(42, index);
            (letter.file_name, letter.bytes)
        })
        .collect()
}

fn extraction(c: &mut Criterion) {
    let letters = generated_letters(400);
    let bytes: u64 = letters.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    // The work must be done: every generated letter extracts.
    for (name, letter) in &letters {
        let decision =
            imr::extract::extract_bytes(name, letter).expect("generated letters extract");
        assert!(!decision.items.is_empty());
    }
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::BytesDecimal(bytes));
    group.bench_function("generated_letters", |b| {
        b.iter(|| {
            let mut items = 0usize;
            for (name, letter) in &letters {
                if let Ok(decision) = imr::extract::extract_bytes(name, letter) {
                    items += decision.items.len();
                }
            }
            items
        })
    });
    group.throughput(Throughput::BytesDecimal(
        FIRST_SEEN_BATCH * bytes / letters.len() as u64,
    ));
    // Far past the letters above, and counting up: no letter comes twice.
    let mut next_index = 1_000_000;
    group.bench_function("first_seen_letters", |b| {
        b.iter_custom(|iterations| {
            let mut elapsed = Duration::ZERO;
            for _ in 0..iterations {
                // Made before the clock starts; only extraction is timed.
                let batch: Vec<_> = (0..FIRST_SEEN_BATCH)
                    .map(|offset| imr::generate::generate_letter(42, next_index + offset))
                    .collect();
                next_index += FIRST_SEEN_BATCH;
                let start = Instant::now();
                for letter in &batch {
                    let _ = black_box(imr::extract::extract_bytes(
                        &letter.file_name,
                        &letter.bytes,
                    ));
                }
                elapsed += start.elapsed();
            }
            elapsed
        })
    });
    group.throughput(Throughput::BytesDecimal(SAMPLE.len() as u64));
    group.bench_function("real_sample_letter", |b| {
        b.iter_batched(
            || SAMPLE.as_bytes(),
            |letter| imr::extract::extract_bytes("sample.txt", letter).map(|d| d.items.len()),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
