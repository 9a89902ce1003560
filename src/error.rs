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
    /// Any other failure, with its explanation.
    #[error("{0}")]
    Message(String),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
