//! The on-disk index: a folder holding the tantivy index of items
//! (`items/`), the schema version (`imr.json`) and the last run's skip
//! report (`skipped.jsonl`).
//!
//! Writing happens in [`writer`]; this module opens an index for reading,
//! checks that its schema version is ours, and reports statistics.

pub mod analyzer;
pub mod remainder;
pub mod schema;
pub mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, FacetCollector};
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, Term};

use crate::{Error, Result};
use schema::{Fields, SCHEMA_VERSION};

/// The tantivy index inside the index folder.
pub const ITEMS_DIR: &str = "items";
/// Our metadata file inside the index folder.
pub const META_FILE: &str = "imr.json";
/// The skip report inside the index folder.
pub const SKIPPED_FILE: &str = "skipped.jsonl";
/// The writer lock inside the index folder.
pub const LOCK_FILE: &str = "imr.lock";

/// What `imr.json` records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    /// The schema version the index was written with.
    pub schema_version: u32,
    /// The imr version that wrote it.
    pub written_by: String,
}

/// An index opened for searching.
pub struct ImrIndex {
    /// The index folder.
    pub root: PathBuf,
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// A reader on the last commit.
    pub reader: IndexReader,
}

/// Reads `imr.json` and checks that the index was written with our schema version.
pub fn check_version(root: &Path) -> Result<()> {
    let meta_path = root.join(META_FILE);
    let found = match std::fs::read_to_string(&meta_path) {
        Ok(text) => match serde_json::from_str::<IndexMeta>(&text) {
            Ok(meta) if meta.schema_version == SCHEMA_VERSION => return Ok(()),
            Ok(meta) => meta.schema_version.to_string(),
            Err(_) => "unreadable".to_string(),
        },
        Err(_) => "unknown (no imr.json)".to_string(),
    };
    Err(Error::SchemaVersion {
        path: root.to_path_buf(),
        found,
        expected: SCHEMA_VERSION,
    })
}

/// Whether `root` holds an index (committed at least once).
pub fn exists(root: &Path) -> bool {
    root.join(ITEMS_DIR).join("meta.json").is_file()
}

impl ImrIndex {
    /// Opens the index in `root` for reading.
    pub fn open(root: &Path) -> Result<ImrIndex> {
        writer::recover_interrupted_swap(root)?;
        if !exists(root) {
            return Err(Error::NoIndex {
                path: root.to_path_buf(),
            });
        }
        check_version(root)?;
        let index = Index::open_in_dir(root.join(ITEMS_DIR))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema()).map_err(|_| Error::SchemaVersion {
            path: root.to_path_buf(),
            found: "a different schema".to_string(),
            expected: SCHEMA_VERSION,
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(ImrIndex {
            root: root.to_path_buf(),
            index,
            fields,
            reader,
        })
    }

    /// A searcher on the last commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Counts and ranges describing the index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.searcher();
        let first_items = TermQuery::new(
            Term::from_field_u64(self.fields.item_index, 0),
            IndexRecordOption::Basic,
        );
        let letters = searcher.search(&first_items, &Count)? as u64;
        let items = searcher.num_docs();
        let by_layout = facet_counts(&searcher, &first_items, "layout")?;
        let by_outcome = facet_counts(&searcher, &AllQuery, "outcome")?;
        let mut from: Option<tantivy::DateTime> = None;
        let mut to: Option<tantivy::DateTime> = None;
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().date("decided")?;
            if column.num_docs() == 0 || column.values.num_vals() == 0 {
                continue;
            }
            let (low, high) = (column.min_value(), column.max_value());
            from = Some(from.map_or(low, |seen| seen.min(low)));
            to = Some(to.map_or(high, |seen| seen.max(high)));
        }
        Ok(Stats {
            letters,
            items,
            by_layout,
            by_outcome,
            date_range: DateRange {
                from: from
                    .and_then(schema::from_tantivy_date)
                    .map(|d| d.to_string()),
                to: to
                    .and_then(schema::from_tantivy_date)
                    .map(|d| d.to_string()),
            },
            index_bytes: folder_bytes(&self.root.join(ITEMS_DIR)),
            schema_version: SCHEMA_VERSION,
        })
    }
}

fn facet_counts(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    field: &str,
) -> Result<BTreeMap<String, u64>> {
    let mut collector = FacetCollector::for_field(field);
    collector.add_facet("/");
    let counts = searcher.search(query, &collector)?;
    Ok(counts
        .get("/")
        .map(|(facet, count)| (facet.to_path().join("/"), count))
        .collect())
}

/// The total size of the files under `path`.
pub fn folder_bytes(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}

/// What `imr stats` reports.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stats {
    /// Letters indexed.
    pub letters: u64,
    /// Items indexed.
    pub items: u64,
    /// Letters per layout.
    pub by_layout: BTreeMap<String, u64>,
    /// Items per outcome.
    pub by_outcome: BTreeMap<String, u64>,
    /// Earliest and latest UR denial date.
    pub date_range: DateRange,
    /// Bytes the index takes on disk.
    pub index_bytes: u64,
    /// The schema version.
    pub schema_version: u32,
}

/// A span of dates, `YYYY-MM-DD`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DateRange {
    /// First date, if any.
    pub from: Option<String>,
    /// Last date, if any.
    pub to: Option<String>,
}
