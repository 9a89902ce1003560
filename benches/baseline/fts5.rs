//! The SQLite FTS5 baseline: one table
//! `fts5(path UNINDEXED, body)` in a file database, every letter inserted
//! by one prepared statement inside one transaction.
//!
//! Single-threaded because SQLite has one writer per database. Settings are
//! SQLite's defaults (rollback journal, `synchronous = FULL`): with one
//! transaction they cost a single sync at commit. FTS5 also stores the body
//! text itself, so its size includes a copy of the corpus.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use rusqlite::{params, Connection};

use super::{disk_bytes, Measurement};

/// The database file inside the run's folder.
const DATABASE: &str = "letters.db";

/// Indexes `corpus` into a new database in the folder `into`.
pub fn run(corpus: &Path, into: &Path) -> anyhow::Result<Measurement> {
    let started = Instant::now();
    let paths = imr::corpus::letter_files(&[corpus.to_path_buf()])?;
    let database = into.join(DATABASE);
    let mut connection = Connection::open(&database)
        .with_context(|| format!("cannot create {}", database.display()))?;
    connection.execute_batch("CREATE VIRTUAL TABLE letters USING fts5(path UNINDEXED, body)")?;

    let mut input_bytes = 0;
    let mut letters = 0;
    let mut skipped = 0;
    let transaction = connection.transaction()?;
    {
        let mut insert = transaction.prepare("INSERT INTO letters (path, body) VALUES (?1, ?2)")?;
        for path in &paths {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            input_bytes += bytes.len() as u64;
            // The same decoding ours does, so both pay for it.
            let Ok(text) = imr::corpus::decode(&bytes) else {
                skipped += 1;
                continue;
            };
            insert.execute(params![path.display().to_string(), text.as_ref()])?;
            letters += 1;
        }
    }
    transaction.commit()?;
    connection
        .close()
        .map_err(|(_, error)| error)
        .context("cannot close the database")?;
    let seconds = started.elapsed().as_secs_f64();

    // Counted from the database, after timing, to prove the rows are there.
    let connection = Connection::open(&database)?;
    let documents: i64 =
        connection.query_row("SELECT count(*) FROM letters", [], |row| row.get(0))?;
    drop(connection);
    let documents = u64::try_from(documents).context("negative row count")?;
    anyhow::ensure!(
        documents == letters,
        "FTS5 table holds {documents} rows, expected {letters}"
    );
    Ok(Measurement {
        input_bytes,
        letters,
        documents,
        skipped,
        seconds,
        // The whole folder: the database plus any journal left behind.
        index_bytes: disk_bytes(into)?,
        peak_rss_bytes: 0,
    })
}
