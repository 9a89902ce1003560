//! Extraction: the text of an IMR letter in, a [`Decision`](crate::model::Decision) out.

use crate::model::Decision;
use crate::{Error, Result};

/// Extracts a decision from a letter's raw bytes (UTF-8, or Windows-1252 /
/// Latin-1 when the bytes are not UTF-8). `file` names the letter in errors
/// and in [`Decision::file`].
pub fn extract_bytes(file: &str, bytes: &[u8]) -> Result<Decision> {
    let _ = bytes;
    Err(Error::Extract {
        path: file.to_string(),
        reason: "extraction not implemented yet".to_string(),
    })
}

/// Extracts a decision from a letter's text.
pub fn extract_text(file: &str, text: &str) -> Result<Decision> {
    extract_bytes(file, text.as_bytes())
}
