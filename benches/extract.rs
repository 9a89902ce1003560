//! Extraction throughput on one core, in bytes of letter text per second.
//!
//! `cargo bench --bench extract` prints MB/s (10^6 bytes a second, the unit
//! of the target) for generated letters of every layout (the same mix
//! `imr gen-corpus` writes) and for the real sample letter. The target is
//! 150 MB/s on one core for generated letters.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const SAMPLE: &str = include_str!("../corpus/imr-final-determination-sample.txt");

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
