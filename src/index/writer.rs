//! The indexer: letters in, tantivy index out; parallel, incremental, and
//! losing nothing.
//!
//! Files stream from the corpus walk in batches; rayon reads, hashes and
//! extracts each batch across the cores and feeds one shared
//! `IndexWriter` (adding a document takes `&self`). A file indexed from the
//! same path with the same length and modification time is passed over
//! unread; a letter whose bytes are already indexed is passed over once
//! read and hashed; a letter whose key (its case number) is indexed with
//! other bytes has its old items deleted first. Every file ends either
//! indexed or in the skip report with its reason.
//!
//! Safety: tantivy publishes a commit by atomically replacing `meta.json`, so
//! a kill at any point leaves the last commit readable. `--rebuild` writes a
//! fresh index beside the old one and swaps the folders only once it is
//! committed. One writer at a time: a second gets [`Error::Locked`].

use std::collections::HashSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use fs2::FileExt;
use rayon::prelude::*;
use serde::Serialize;
use tantivy::columnar::Column;
use tantivy::indexer::LogMergePolicy;
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocId, Index, IndexSettings, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use super::remainder;
use super::schema::{self, Fields, FileStamp, LetterIdentity, SCHEMA_VERSION};
use super::{IndexMeta, ITEMS_DIR, LOCK_FILE, META_FILE, SKIPPED_FILE};
use crate::model::Decision;
use crate::{corpus, extract, Error, Result};

/// How to index.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Threads for reading and extraction (and for tantivy's indexing).
    pub threads: usize,
    /// Start from an empty index instead of updating.
    pub rebuild: bool,
    /// Letters between intermediate commits, so a long run keeps its progress.
    pub commit_every: u64,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            rebuild: false,
            commit_every: 100_000,
        }
    }
}

/// A file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Skip {
    /// The file.
    pub file: String,
    /// Why it was not indexed.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Letter files found.
    pub files: u64,
    /// Letters newly indexed or replaced.
    pub indexed: u64,
    /// Letters replacing an older version with the same key.
    pub replaced: u64,
    /// Letters already indexed with the same bytes.
    pub unchanged: u64,
    /// Items written.
    pub items: u64,
    /// Files not indexed, with reasons.
    pub skipped: Vec<Skip>,
    /// Bytes read.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl IndexReport {
    /// Input megabytes per second.
    pub fn megabytes_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1_000_000.0 / self.seconds
        } else {
            0.0
        }
    }
}

/// Files handled per batch: enough to keep every core busy, few enough that
/// memory does not grow with the corpus.
const BATCH: usize = 2048;
/// tantivy's indexing memory per thread.
const MEMORY_PER_THREAD: usize = 200_000_000;
/// Largest segment (in items) that merges make; see `index_paths`.
const MAX_DOCS_PER_MERGE: usize = 500_000;

/// Indexes the letters under `paths` into the index folder `root`.
/// `progress` is called after each batch with the letters handled and the
/// bytes read so far.
pub fn index_paths(
    root: &Path,
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: &dyn Fn(u64, u64),
) -> Result<IndexReport> {
    let started = Instant::now();
    std::fs::create_dir_all(root).map_err(|source| Error::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let _lock = lock(root)?;
    recover_interrupted_swap(root)?;

    let live = root.join(ITEMS_DIR);
    let staging = root.join(format!("{ITEMS_DIR}.rebuild"));
    let target = if options.rebuild || !super::exists(root) {
        if staging.exists() {
            remove_dir(&staging)?;
        }
        create_dir(&staging)?;
        staging.clone()
    } else {
        super::check_version(root)?;
        live.clone()
    };
    let index = if target == live {
        let index = Index::open_in_dir(&target)?;
        schema::register_analyzers(&index);
        index
    } else {
        create_items_index(&target)?
    };
    let fields = Fields::new(&index.schema())?;
    let threads = options.threads.max(1);
    let mut writer = open_items_writer(&index, threads).map_err(|error| match error {
        tantivy::TantivyError::LockFailure(..) => Error::Locked {
            path: root.to_path_buf(),
        },
        other => Error::Tantivy(other),
    })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|error| Error::Message(format!("cannot start {threads} threads: {error}")))?;

    let mut run = Run {
        fields: &fields,
        committed: Committed::of(reader.searcher()),
        keys_since_commit: Mutex::new(HashSet::new()),
        bytes: AtomicU64::new(0),
    };
    let mut report = IndexReport::default();
    let mut since_commit = 0u64;
    let mut batch: Vec<PathBuf> = Vec::with_capacity(BATCH);
    let mut walk = corpus::walk_letter_files(paths).peekable();
    while walk.peek().is_some() {
        batch.clear();
        for found in walk.by_ref().take(BATCH) {
            batch.push(found?);
        }
        let shared = &writer;
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .par_iter()
                .map(|path| run.index_file(shared, path))
                .collect()
        });
        for outcome in outcomes {
            report.files += 1;
            match outcome {
                Outcome::Indexed { items, replaced } => {
                    report.indexed += 1;
                    report.items += items;
                    report.replaced += u64::from(replaced);
                }
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Skipped(skip) => report.skipped.push(skip),
            }
        }
        since_commit += batch.len() as u64;
        progress(report.files, run.bytes.load(Ordering::Relaxed));
        if since_commit >= options.commit_every {
            writer.commit()?;
            since_commit = 0;
            // The letters committed are now in the index, where the next
            // batches look them up; the set of keys starts again, so it
            // holds at most `commit_every` keys however large the corpus.
            reader.reload()?;
            run.committed = Committed::of(reader.searcher());
            run.keys_since_commit
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clear();
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    write_meta(root)?;
    write_skipped(root, &report.skipped)?;
    if target == staging {
        swap_in(root, &staging, &live)?;
    }
    report.bytes = run.bytes.load(Ordering::Relaxed);
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Creates an empty items index in the folder `dir`, with our schema,
/// settings and analyzers.
pub fn create_items_index(dir: &Path) -> tantivy::Result<Index> {
    let settings = IndexSettings {
        // zstd level 1 rather than the default 3: the doc store comes out 5%
        // larger (1.6% of the index) for 30% less compression work, which
        // shares the cores with indexing.
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 65_536,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema::build_schema())
        .settings(settings)
        .create_in_dir(dir)?;
    schema::register_analyzers(&index);
    Ok(index)
}

/// A writer on `index` with `threads` indexing threads, tantivy's memory
/// budget per thread and our merge policy.
pub fn open_items_writer(index: &Index, threads: usize) -> tantivy::Result<IndexWriter> {
    let writer: IndexWriter =
        index.writer_with_num_threads(threads, threads * MEMORY_PER_THREAD)?;
    // Merged segments stop growing at this size: merging costs memory in
    // proportion to the documents merged, and memory must not grow with
    // the corpus.
    let mut merge_policy = LogMergePolicy::default();
    merge_policy.set_max_docs_before_merge(MAX_DOCS_PER_MERGE);
    writer.set_merge_policy(Box::new(merge_policy));
    Ok(writer)
}

/// The documents of one extracted letter, one per item: `text` is the
/// letter's text, whose part outside the summary and rationales goes to
/// the first item.
pub fn letter_documents(
    fields: &Fields,
    decision: &Decision,
    text: &str,
    identity: &LetterIdentity,
) -> Vec<TantivyDocument> {
    let mut passages = vec![decision.clinical_summary.as_str()];
    passages.extend(decision.items.iter().map(|item| item.rationale.as_str()));
    let rest_of_text = remainder::letter_remainder(text, &passages);
    decision
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            fields.item_document(decision, index, item, identity, Some(&rest_of_text))
        })
        .collect()
}

/// The file length and modification time columns of one segment.
struct StampColumns {
    size: Column<u64>,
    modified: Column<i64>,
}

/// The index as of the last commit, with each segment's stamp columns
/// opened once: opening a column per lookup cost more than reading the
/// file would.
struct Committed {
    searcher: Searcher,
    /// Per segment, in the searcher's order.
    stamps: Vec<Option<StampColumns>>,
}

impl Committed {
    fn of(searcher: Searcher) -> Committed {
        let stamps = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Some(StampColumns {
                    size: fast.u64("size").ok()?,
                    modified: fast.i64("modified").ok()?,
                })
            })
            .collect();
        Committed { searcher, stamps }
    }
}

enum Outcome {
    Indexed { items: u64, replaced: bool },
    Unchanged,
    Skipped(Skip),
}

struct Run<'a> {
    fields: &'a Fields,
    /// The index as of the last commit.
    committed: Committed,
    /// Keys of letters added since the last commit (not yet searchable).
    keys_since_commit: Mutex<HashSet<String>>,
    bytes: AtomicU64,
}

impl Run<'_> {
    fn index_file(&self, writer: &IndexWriter, path: &Path) -> Outcome {
        let name = path.display().to_string();
        // A file indexed from this path with the same length and
        // modification time is passed over unread, so a daily run over a
        // large corpus costs a lookup per old letter, not a read and a hash.
        let stamp = std::fs::metadata(path)
            .ok()
            .and_then(|metadata| FileStamp::of(&metadata));
        if stamp.is_some_and(|stamp| self.unchanged_on_disk(&name, stamp)) {
            return Outcome::Unchanged;
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Outcome::Skipped(Skip {
                    file: name,
                    reason: format!("cannot read: {error}"),
                })
            }
        };
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let hash = blake3::hash(&bytes).to_hex().to_string();
        // Same bytes as a letter indexed already. When it is this very file
        // with a new modification time (touched, copied back from a
        // backup), it is indexed again, once, to record the new time; else
        // every later run would read it again.
        let restamp = if self.already_indexed(self.fields.content_hash, &hash) {
            if stamp.is_none() || !self.already_indexed(self.fields.file, &name) {
                return Outcome::Unchanged;
            }
            true
        } else {
            false
        };
        let text = match corpus::decode(&bytes) {
            Ok(text) => text,
            Err(reason) => {
                return Outcome::Skipped(Skip {
                    file: name,
                    reason: reason.to_string(),
                })
            }
        };
        let decision = match extract::extract_text(&name, &text) {
            Ok(decision) => decision,
            Err(Error::Extract { reason, .. }) => {
                return Outcome::Skipped(Skip { file: name, reason })
            }
            Err(other) => {
                return Outcome::Skipped(Skip {
                    file: name,
                    reason: other.to_string(),
                })
            }
        };
        let identity = LetterIdentity::of(decision.case_number.as_deref(), &name, &bytes, stamp);
        let seen_since_commit = !self
            .keys_since_commit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(identity.key.clone());
        let replaced =
            seen_since_commit || self.already_indexed(self.fields.letter_key, &identity.key);
        if replaced {
            // Deletes apply to documents added before them, so the new
            // version added next survives.
            writer.delete_term(Term::from_field_text(self.fields.letter_key, &identity.key));
        }
        let documents = letter_documents(self.fields, &decision, &text, &identity);
        let items = documents.len() as u64;
        for document in documents {
            if let Err(error) = writer.add_document(document) {
                return Outcome::Skipped(Skip {
                    file: name,
                    reason: format!("index writer failed: {error}"),
                });
            }
        }
        if restamp {
            Outcome::Unchanged
        } else {
            Outcome::Indexed { items, replaced }
        }
    }

    fn already_indexed(&self, field: tantivy::schema::Field, value: &str) -> bool {
        self.first_live_document(field, value).is_some()
    }

    /// Whether the committed index holds `file` with this length and
    /// modification time.
    fn unchanged_on_disk(&self, file: &str, stamp: FileStamp) -> bool {
        let Some((segment, doc)) = self.first_live_document(self.fields.file, file) else {
            return false;
        };
        let Some(Some(columns)) = self.committed.stamps.get(segment) else {
            return false;
        };
        columns.size.first(doc) == Some(stamp.size)
            && columns.modified.first(doc) == Some(stamp.modified_nanos)
    }

    /// The first live committed document with `value` in `field`: its
    /// segment's position among the committed segments, and the document.
    fn first_live_document(
        &self,
        field: tantivy::schema::Field,
        value: &str,
    ) -> Option<(usize, DocId)> {
        use tantivy::DocSet;
        let term = Term::from_field_text(field, value);
        let mut segments = self.committed.searcher.segment_readers().iter().enumerate();
        segments.find_map(|(position, segment)| {
            let mut postings = segment
                .inverted_index(field)
                .ok()?
                .read_postings(&term, IndexRecordOption::Basic)
                .ok()??;
            let alive = segment.alive_bitset();
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if alive.is_none_or(|bits| bits.is_alive(doc)) {
                    return Some((position, doc));
                }
                doc = postings.advance();
            }
            None
        })
    }
}

fn lock(root: &Path) -> Result<File> {
    let path = root.join(LOCK_FILE);
    let file = File::create(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    file.try_lock_exclusive().map_err(|_| Error::Locked {
        path: root.to_path_buf(),
    })?;
    Ok(file)
}

fn write_meta(root: &Path) -> Result<()> {
    let meta = IndexMeta {
        schema_version: SCHEMA_VERSION,
        written_by: format!("imr {}", env!("CARGO_PKG_VERSION")),
    };
    let json = serde_json::to_string_pretty(&meta).expect("plain data serialises");
    write_atomically(&root.join(META_FILE), json.as_bytes())
}

fn write_skipped(root: &Path, skipped: &[Skip]) -> Result<()> {
    let mut lines = Vec::new();
    for skip in skipped {
        serde_json::to_writer(&mut lines, skip).expect("plain data serialises");
        lines.push(b'\n');
    }
    write_atomically(&root.join(SKIPPED_FILE), &lines)
}

/// Writes a file by writing a temporary sibling and renaming it over the
/// target, so a reader never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = path.with_extension("tmp");
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::create(&temporary).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}

/// Puts a freshly built index in place of the live one: live -> old,
/// staging -> live, remove old. [`recover_interrupted_swap`] finishes the
/// job if a crash stops it half way.
fn swap_in(root: &Path, staging: &Path, live: &Path) -> Result<()> {
    let old = root.join(format!("{ITEMS_DIR}.old"));
    if old.exists() {
        remove_dir(&old)?;
    }
    if live.exists() {
        rename(live, &old)?;
    }
    rename(staging, live)?;
    if old.exists() {
        remove_dir(&old)?;
    }
    Ok(())
}

/// After a crash between the two renames of a swap, the live index is
/// missing and `items.old` holds the last good one: put it back.
pub fn recover_interrupted_swap(root: &Path) -> Result<()> {
    let live = root.join(ITEMS_DIR);
    let old = root.join(format!("{ITEMS_DIR}.old"));
    if !live.exists() && old.join("meta.json").exists() {
        rename(&old, &live)?;
    }
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|source| Error::Io {
        path: from.to_path_buf(),
        source,
    })
}

fn remove_dir(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ImrIndex;

    /// A file with the length and modification time it was indexed with is
    /// not read again: here its bytes are replaced by others of the same
    /// length and its time put back, and the run still calls it unchanged
    /// (had it been read, it would have been skipped as not a letter).
    #[test]
    fn files_unchanged_on_disk_are_passed_over_unread() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        crate::generate::generate_corpus(&corpus, 12, 3).unwrap();
        let root = dir.path().join("ix");
        let options = IndexOptions {
            threads: 2,
            ..IndexOptions::default()
        };
        let corpora = [corpus.clone()];
        let first = index_paths(&root, &corpora, &options, &|_, _| {}).unwrap();
        assert_eq!(first.indexed, 12);

        let file = corpus::walk_letter_files(&corpora).next().unwrap().unwrap();
        let original = std::fs::read(&file).unwrap();
        let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::fs::write(&file, vec![b'x'; original.len()]).unwrap();
        let set_time = |time| {
            File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_modified(time)
                .unwrap()
        };
        set_time(modified);
        let again = index_paths(&root, &corpora, &options, &|_, _| {}).unwrap();
        assert!(again.skipped.is_empty(), "{:?}", again.skipped);
        assert_eq!(again.unchanged, 12);
        assert_eq!(again.bytes, 0, "nothing was read");

        // A new modification time: read, and its bytes decide.
        std::fs::write(&file, &original).unwrap();
        set_time(modified + std::time::Duration::from_secs(60));
        let touched = index_paths(&root, &corpora, &options, &|_, _| {}).unwrap();
        assert_eq!(touched.unchanged, 12);
        assert_eq!(touched.bytes, original.len() as u64);
        assert_eq!(touched.indexed, 0);
        // ... and its new time recorded, so the next run reads nothing.
        let next = index_paths(&root, &corpora, &options, &|_, _| {}).unwrap();
        assert_eq!((next.unchanged, next.bytes), (12, 0));
        let stats = crate::index::ImrIndex::open(&root)
            .unwrap()
            .stats()
            .unwrap();
        assert_eq!(stats.letters, 12);
    }

    /// More letters than one batch, committing after every batch: copies
    /// and a changed version of letters from the first batch, read after
    /// that batch was committed, are found in the index (not in the keys
    /// since the commit, which were cleared) and counted once.
    #[test]
    fn periodic_commits_find_what_earlier_batches_committed() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let letters = BATCH as u64 + 10;
        let generated = crate::generate::generate_corpus(&corpus.join("a"), letters, 5).unwrap();
        let firsts: Vec<PathBuf> = corpus::walk_letter_files(&[corpus.join("a")])
            .take(4)
            .map(|found| found.unwrap())
            .collect();
        // "zz" is walked after "a", so in the last batch.
        let later = corpus.join("zz");
        std::fs::create_dir_all(&later).unwrap();
        for (n, path) in firsts.iter().enumerate() {
            let mut bytes = std::fs::read(path).unwrap();
            if n == 3 {
                bytes.extend_from_slice(b"\nA later page.\n");
            }
            std::fs::write(later.join(format!("copy{n}.txt")), bytes).unwrap();
        }

        let options = IndexOptions {
            threads: 2,
            rebuild: false,
            commit_every: 1,
        };
        let root = dir.path().join("ix");
        let report = index_paths(&root, &[corpus], &options, &|_, _| {}).unwrap();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert_eq!(report.files, letters + 4);
        assert_eq!(report.unchanged, 3, "same bytes: already indexed");
        assert_eq!(report.replaced, 1, "same case, new bytes: replaced");
        let stats = ImrIndex::open(&root).unwrap().stats().unwrap();
        assert_eq!(stats.letters, letters);
        assert_eq!(stats.items, generated.items);
    }
}
