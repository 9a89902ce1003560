//! The library's error type. Every variant names what failed and why, so the
//! binary can print it as one line.

use std::path::PathBuf;

/// Errors from reading, extracting, indexing and querying.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A letter could not be made sense of.
    #[error("{path}: {reason}")]
    Extract {
        /// The letter's file.
        path: String,
        /// Why it could not be read as an IMR decision.
        reason: String,
    },
    /// No index where one was expected.
    #[error("no index at {path}: build one with `imr index` (for example `imr index corpus/ --index {path}`)")]
    NoIndex {
        /// The index folder.
        path: PathBuf,
    },
    /// The index was written by an incompatible version of the schema.
    #[error("the index at {path} was written with schema version {found}, this imr uses version {expected}: run `imr index --rebuild --index {path}`")]
    SchemaVersion {
        /// The index folder.
        path: PathBuf,
        /// The version the index says it has.
        found: String,
        /// The version this build writes.
        expected: u32,
    },
    /// Another writer holds the index.
    #[error("index is locked: another `imr index` is writing to {path}; wait for it to finish")]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// A query could not be understood.
    #[error("{0}")]
    Query(String),
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Any other failure, with its explanation.
    #[error("{0}")]
    Message(String),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
