//! imr's tantivy work alone: the same documents `imr index` writes, built
//! before the clock starts, then added, committed and merged by the same
//! writer (`create_items_index`, `open_items_writer`).
//!
//! Reading, extraction and building documents are left out, so this is the
//! fastest `imr index` could be with free extraction: its ratio to the plain
//! baseline bounds ours. Its peak memory holds every document at once and
//! says nothing about `imr index`.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use tantivy::TantivyDocument;

use imr::index::schema::{Fields, LetterIdentity};
use imr::index::writer::{create_items_index, letter_documents, open_items_writer};

use super::{disk_bytes, Measurement};

/// One letter, ready to add: its bytes read, and its documents (`None`
/// when it cannot be decoded or extracted).
struct Prepared {
    bytes: u64,
    documents: Option<Vec<TantivyDocument>>,
}

/// Indexes the letters of `corpus`, prepared beforehand, into the empty
/// folder `into` with `threads` threads; only the tantivy part is timed.
pub fn run(corpus: &Path, into: &Path, threads: usize) -> anyhow::Result<Measurement> {
    let paths = imr::corpus::letter_files(&[corpus.to_path_buf()])?;
    let index_dir = into.join(imr::index::ITEMS_DIR);
    std::fs::create_dir_all(&index_dir)
        .with_context(|| format!("cannot create {}", index_dir.display()))?;
    let index = create_items_index(&index_dir)?;
    let fields = Fields::new(&index.schema())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the rayon pool")?;

    let prepared: Vec<Prepared> = pool.install(|| {
        paths
            .par_iter()
            .map(|path| -> anyhow::Result<Prepared> {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let name = path.display().to_string();
                let documents = imr::corpus::decode(&bytes).ok().and_then(|text| {
                    let decision = imr::extract::extract_text(&name, &text).ok()?;
                    let identity =
                        LetterIdentity::of(decision.case_number.as_deref(), &name, &bytes, None);
                    Some(letter_documents(&fields, &decision, &text, &identity))
                });
                Ok(Prepared {
                    bytes: bytes.len() as u64,
                    documents,
                })
            })
            .collect::<anyhow::Result<_>>()
    })?;
    let input_bytes = prepared.iter().map(|letter| letter.bytes).sum();
    let letters = prepared
        .iter()
        .filter(|letter| letter.documents.is_some())
        .count() as u64;
    let skipped = prepared.len() as u64 - letters;
    let prepared_documents: u64 = prepared
        .iter()
        .filter_map(|letter| letter.documents.as_ref())
        .map(|documents| documents.len() as u64)
        .sum();

    let started = Instant::now();
    let mut writer = open_items_writer(&index, threads)?;
    pool.install(|| {
        prepared
            .into_par_iter()
            .flat_map_iter(|letter| letter.documents.into_iter().flatten())
            .try_for_each(|document| writer.add_document(document).map(|_| ()))
    })?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let seconds = started.elapsed().as_secs_f64();

    // Counted from the committed index, so the figure proves the work was
    // done rather than echoing our own tally.
    let documents = index.reader()?.searcher().num_docs();
    anyhow::ensure!(
        documents == prepared_documents,
        "the index holds {documents} documents, {prepared_documents} were added"
    );
    Ok(Measurement {
        input_bytes,
        letters,
        documents,
        skipped,
        seconds,
        index_bytes: disk_bytes(&index_dir)?,
        peak_rss_bytes: 0,
    })
}
