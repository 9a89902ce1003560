//! Extraction against plain tantivy indexing, by turns, on one core:
//!
//! ```text
//! cargo bench --bench extract_vs_tantivy -- [--rounds R (default 11)]
//! ```
//!
//! The extraction target (150 MB/s on one core) was set beside a second
//! figure: plain tantivy indexes these letters at about 80 MB/s per core
//! here. On a shared machine an absolute rate moves with the neighbours'
//! load (the same build has measured anywhere from 110 to 150 MB/s within
//! an hour), so this bench measures both in each round, one after the
//! other, and reports the median of the per-round ratios beside the median
//! rates. The target's two figures make a ratio of 150 / 80 = 1.875.
//!
//! - Extraction: `imr::extract::extract_bytes` over 400 generated letters
//!   (the mix `imr gen-corpus` writes), `EXTRACTION_PASSES` times.
//! - Plain tantivy: the same letters, decoded as ours decodes them, added
//!   `INDEXING_PASSES` times as one default `TEXT` document each (with the
//!   file name as `STRING | STORED`, like the `index_baselines` plain
//!   baseline) into a new index in a temporary folder, by one indexing
//!   thread, committed.

mod stats;

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use stats::median;
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexWriter};

const LETTERS: u64 = 400;
const EXTRACTION_PASSES: usize = 10;
const INDEXING_PASSES: usize = 4;
/// The memory the plain baseline of `index_baselines` gives each thread.
const INDEXING_MEMORY: usize = 200_000_000;
const TARGET_RATIO: f64 = 150.0 / 80.0;
const USAGE: &str = "usage: cargo bench --bench extract_vs_tantivy -- [--rounds R (default 11)]";

struct Letter {
    file_name: String,
    bytes: Vec<u8>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("extract_vs_tantivy: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let rounds = parse_rounds(std::env::args().skip(1))?;
    let letters: Vec<Letter> = (0..LETTERS)
        .map(|index| {
            let letter = imr::generate::generate_letter(42, index);
            Letter {
                file_name: letter.file_name,
                bytes: letter.bytes,
            }
        })
        .collect();
    let letter_bytes: usize = letters.iter().map(|letter| letter.bytes.len()).sum();

    // One untimed pass of each warms the caches and the lazily built
    // automata, and checks that the work is real.
    let items = extract_all(&letters)?;
    anyhow::ensure!(
        items >= letters.len(),
        "generated letters hold at least one item each"
    );
    index_all(&letters, 1)?;

    let mut extraction_rates = Vec::with_capacity(rounds);
    let mut indexing_rates = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Alternating which goes first spreads drift over both.
        let (extraction, indexing) = if round % 2 == 0 {
            let extraction = time_extraction(&letters, letter_bytes)?;
            (extraction, time_indexing(&letters, letter_bytes)?)
        } else {
            let indexing = time_indexing(&letters, letter_bytes)?;
            (time_extraction(&letters, letter_bytes)?, indexing)
        };
        eprintln!(
            "round {:>2}: extraction {extraction:6.1} MB/s, plain tantivy {indexing:5.1} MB/s, ratio {:.2}",
            round + 1,
            extraction / indexing
        );
        extraction_rates.push(extraction);
        indexing_rates.push(indexing);
        ratios.push(extraction / indexing);
    }
    let ratio = median(&mut ratios);
    println!(
        "{} generated letters ({:.2} MB), {rounds} rounds, medians:",
        letters.len(),
        letter_bytes as f64 / 1e6
    );
    println!(
        "  extraction (one core)                 {:7.1} MB/s",
        median(&mut extraction_rates)
    );
    println!(
        "  plain tantivy indexing (one thread)   {:7.1} MB/s",
        median(&mut indexing_rates)
    );
    println!(
        "  extraction / plain tantivy            {ratio:7.2}x  (target {TARGET_RATIO:.2}x = 150 / 80 MB/s: {})",
        if ratio >= TARGET_RATIO { "met" } else { "missed" }
    );
    Ok(())
}

fn parse_rounds(mut args: impl Iterator<Item = String>) -> anyhow::Result<usize> {
    let mut rounds = 11;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                let value = args.next().context(USAGE)?;
                rounds = value
                    .parse()
                    .ok()
                    .filter(|&rounds| rounds > 0)
                    .with_context(|| format!("--rounds {value}: not a positive number\n{USAGE}"))?;
            }
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => {}
            other => anyhow::bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    Ok(rounds)
}

/// Extracts every letter once; the number of items found.
fn extract_all(letters: &[Letter]) -> anyhow::Result<usize> {
    letters.iter().try_fold(0, |items, letter| {
        let decision = imr::extract::extract_bytes(&letter.file_name, &letter.bytes)?;
        Ok(items + decision.items.len())
    })
}

fn time_extraction(letters: &[Letter], letter_bytes: usize) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut items = 0;
    for _ in 0..EXTRACTION_PASSES {
        items += std::hint::black_box(extract_all(letters)?);
    }
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(items > 0, "extraction found no items");
    Ok((letter_bytes * EXTRACTION_PASSES) as f64 / seconds / 1e6)
}

/// Indexes the letters `passes` times into a new index in a temporary
/// folder with one indexing thread, and commits; the number of documents,
/// and the folder (removed when dropped, which the caller does untimed).
fn index_all(letters: &[Letter], passes: usize) -> anyhow::Result<(u64, tempfile::TempDir)> {
    let folder = tempfile::tempdir().context("cannot make a temporary folder")?;
    let mut builder = Schema::builder();
    let path_field = builder.add_text_field("path", STRING | STORED);
    let body_field = builder.add_text_field("body", TEXT);
    let index = Index::create_in_dir(folder.path(), builder.build())?;
    let mut writer: IndexWriter = index.writer_with_num_threads(1, INDEXING_MEMORY)?;
    for _ in 0..passes {
        for letter in letters {
            // The same decoding extraction does, so both pay for it.
            let text = imr::corpus::decode(&letter.bytes)
                .map_err(|error| anyhow::anyhow!("{}: {error}", letter.file_name))?;
            writer.add_document(doc!(
                path_field => letter.file_name.as_str(),
                body_field => text.as_ref(),
            ))?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let documents = index.reader()?.searcher().num_docs();
    Ok((documents, folder))
}

fn time_indexing(letters: &[Letter], letter_bytes: usize) -> anyhow::Result<f64> {
    let started = Instant::now();
    let (documents, _folder) = index_all(letters, INDEXING_PASSES)?;
    let seconds = started.elapsed().as_secs_f64();
    // Counted from the committed index: the work was done.
    anyhow::ensure!(
        documents == (letters.len() * INDEXING_PASSES) as u64,
        "the index holds {documents} documents, expected {}",
        letters.len() * INDEXING_PASSES
    );
    Ok((letter_bytes * INDEXING_PASSES) as f64 / seconds / 1e6)
}
