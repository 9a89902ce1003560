//! The indexers the `index_baselines` bench compares, each run the same
//! way: list the letters, read and index them into a fresh folder, and
//! report a [`Measurement`].
//!
//! - [`ours`]: `imr::index::writer::index_paths`, the real indexer
//!   (extraction, one document per item, facets, stored JSON).
//! - [`ours_documents`]: the tantivy part of ours alone, on documents
//!   built before the clock starts (a bound on ours, not a system to use).
//! - [`tantivy_plain`]: the cheapest honest use of tantivy, one default
//!   `TEXT` document per letter, as a newcomer would write it.
//! - [`fts5`]: SQLite FTS5, the usual "just use SQLite" alternative.
//!
//! Each system runs in its own process (see the bench's `//!` docs), so the
//! peak memory read here from `/proc/self/status` is that system's alone.

pub mod fts5;
pub mod ours;
pub mod ours_documents;
pub mod tantivy_plain;

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// The systems compared, in the order the table lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// imr's own indexer.
    Ours,
    /// imr's tantivy work alone, on documents built before timing.
    OursDocuments,
    /// Plain tantivy, one document per letter.
    TantivyPlain,
    /// SQLite FTS5.
    Fts5,
}

impl System {
    /// The systems that build a searchable index, which the query bench
    /// compares.
    #[allow(dead_code)] // each bench compiles this module; the index bench has no use for it
    pub const SEARCHABLE: [System; 3] = [System::Ours, System::TantivyPlain, System::Fts5];

    /// Every system the index bench measures, in table order.
    pub const ALL: [System; 4] = [
        System::Ours,
        System::OursDocuments,
        System::TantivyPlain,
        System::Fts5,
    ];

    /// The name used on the command line (`--only NAME`).
    pub fn name(self) -> &'static str {
        match self {
            System::Ours => "ours",
            System::OursDocuments => "ours-documents",
            System::TantivyPlain => "tantivy",
            System::Fts5 => "fts5",
        }
    }

    /// The label used in the printed table.
    pub fn label(self) -> &'static str {
        match self {
            System::Ours => "ours (imr index)",
            System::OursDocuments => "ours, tantivy part",
            System::TantivyPlain => "tantivy, 1 doc/letter",
            System::Fts5 => "sqlite fts5",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<System> {
        System::ALL.into_iter().find(|system| system.name() == name)
    }

    /// Indexes the letters under `corpus` into the empty folder `into`.
    pub fn run(self, corpus: &Path, into: &Path, threads: usize) -> anyhow::Result<Measurement> {
        let mut measurement = match self {
            System::Ours => ours::run(corpus, into, threads),
            System::OursDocuments => ours_documents::run(corpus, into, threads),
            System::TantivyPlain => tantivy_plain::run(corpus, into, threads),
            System::Fts5 => fts5::run(corpus, into),
        }
        .with_context(|| format!("{} failed", self.name()))?;
        // Read last, after the index is closed, so the figure covers the
        // whole run including the final commit and merges.
        measurement.peak_rss_bytes = peak_rss_bytes()?;
        Ok(measurement)
    }
}

/// What one run of one system did; a child process prints it as one JSON
/// line for the parent to collect.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Measurement {
    /// Letter bytes read (should equal the corpus size).
    pub input_bytes: u64,
    /// Letters indexed.
    pub letters: u64,
    /// Documents (tantivy) or rows (FTS5) written; ours writes one per item.
    pub documents: u64,
    /// Letters not indexed (undecodable, or for ours also unextractable).
    pub skipped: u64,
    /// Wall-clock seconds from listing the letters to the durable commit.
    pub seconds: f64,
    /// Bytes of the index on disk.
    pub index_bytes: u64,
    /// Peak resident memory of the process (`VmHWM`).
    pub peak_rss_bytes: u64,
}

/// The process's peak resident set size, from `VmHWM` in
/// `/proc/self/status` (Linux reports it in kB).
pub fn peak_rss_bytes() -> anyhow::Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("cannot read /proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kilobytes| kilobytes * 1024)
        .context("no VmHWM line in /proc/self/status")
}

/// Total size of the files under `path` (a file or a folder).
pub fn disk_bytes(path: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in walkdir::WalkDir::new(path) {
        let entry = entry.with_context(|| format!("cannot walk {}", path.display()))?;
        if entry.file_type().is_file() {
            total += entry
                .metadata()
                .with_context(|| format!("cannot stat {}", entry.path().display()))?
                .len();
        }
    }
    Ok(total)
}
