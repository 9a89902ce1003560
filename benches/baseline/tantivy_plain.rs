//! The plain-tantivy baseline: each letter becomes ONE document with its
//! text in a default `TEXT` field (default tokenizer, positions) and its
//! path as `STRING | STORED`, under default index settings.
//!
//! It does the least work an indexer can do with tantivy (no extraction, no
//! per-item documents, no stored text), so it bounds how fast ours could be;
//! the gap is the price of what ours adds. Threads and memory match ours:
//! rayon reads and adds documents on `threads` threads into a writer with
//! `threads` indexing threads of 200 MB each.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexWriter};

use super::{disk_bytes, Measurement};

/// Memory per indexing thread, the same as ours gives tantivy.
const MEMORY_PER_THREAD: usize = 200_000_000;

/// Indexes `corpus` into the empty folder `into` with `threads` threads.
pub fn run(corpus: &Path, into: &Path, threads: usize) -> anyhow::Result<Measurement> {
    let started = Instant::now();
    let paths = imr::corpus::letter_files(&[corpus.to_path_buf()])?;

    let mut builder = Schema::builder();
    let path_field = builder.add_text_field("path", STRING | STORED);
    let body_field = builder.add_text_field("body", TEXT);
    let index = Index::create_in_dir(into, builder.build())?;
    let writer: IndexWriter =
        index.writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the rayon pool")?;

    let input_bytes = AtomicU64::new(0);
    // true = indexed, false = skipped as undecodable; an I/O or writer
    // error ends the run, as it would leave the comparison unfair.
    let outcomes: Vec<anyhow::Result<bool>> = pool.install(|| {
        paths
            .par_iter()
            .map(|path| {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                input_bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                // The same decoding ours does, so both pay for it.
                let Ok(text) = imr::corpus::decode(&bytes) else {
                    return Ok(false);
                };
                writer.add_document(doc!(
                    path_field => path.display().to_string(),
                    body_field => text.as_ref(),
                ))?;
                Ok(true)
            })
            .collect()
    });
    let mut letters = 0;
    let mut skipped = 0;
    for outcome in outcomes {
        if outcome? {
            letters += 1;
        } else {
            skipped += 1;
        }
    }
    let mut writer = writer;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let seconds = started.elapsed().as_secs_f64();

    // Counted from the committed index, so the figure proves the work was
    // done rather than echoing our own tally.
    let documents = index.reader()?.searcher().num_docs();
    anyhow::ensure!(
        documents == letters,
        "tantivy baseline holds {documents} documents, expected {letters}"
    );
    Ok(Measurement {
        input_bytes: input_bytes.into_inner(),
        letters,
        documents,
        skipped,
        seconds,
        index_bytes: disk_bytes(into)?,
        peak_rss_bytes: 0,
    })
}
