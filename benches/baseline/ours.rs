//! imr's own indexer, called exactly as `imr index --rebuild` calls it.

use std::path::Path;
use std::time::Instant;

use imr::index::writer::{index_paths, IndexOptions};

use super::{disk_bytes, Measurement};

/// Indexes `corpus` into the index folder `into` with `threads` threads.
pub fn run(corpus: &Path, into: &Path, threads: usize) -> anyhow::Result<Measurement> {
    let options = IndexOptions {
        threads,
        rebuild: true,
        ..IndexOptions::default()
    };
    let started = Instant::now();
    let report = index_paths(into, &[corpus.to_path_buf()], &options, &|_, _| {})?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(Measurement {
        input_bytes: report.bytes,
        letters: report.indexed,
        documents: report.items,
        skipped: report.skipped.len() as u64,
        seconds,
        // Only the tantivy index counts: the folder's other files (schema
        // version, skip report, lock) are a few bytes of bookkeeping.
        index_bytes: disk_bytes(&into.join(imr::index::ITEMS_DIR))?,
        peak_rss_bytes: 0,
    })
}
