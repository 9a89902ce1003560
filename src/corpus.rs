//! The corpus: finding letter files and turning their bytes into text.
//!
//! Letters come as UTF-8, as Windows-1252 / Latin-1 (older exports), or now
//! and then as UTF-16 with a byte-order mark. Anything else is refused with
//! a reason a user can act on, never guessed at.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// File extensions read as letters.
pub const LETTER_EXTENSIONS: &[&str] = &["txt"];

/// Why a file's bytes are not a letter's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Zero bytes, or only white space.
    #[error("empty file: no text")]
    Empty,
    /// NUL bytes where text has none.
    #[error("binary file: contains NUL bytes at offset {offset}; not a text letter")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// Neither UTF-8 nor Windows-1252.
    #[error("undecodable text: not UTF-8, and byte 0x{byte:02X} at offset {offset} is not Windows-1252 either")]
    Undecodable {
        /// The offending byte.
        byte: u8,
        /// Its offset.
        offset: usize,
    },
}

/// Bytes Windows-1252 leaves undefined: their presence means the file is in
/// some other encoding, so decoding it as Windows-1252 would invent text.
const UNDEFINED_IN_WINDOWS_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Decodes a letter's bytes: UTF-8 (with or without BOM), UTF-16 with a
/// BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return non_empty(text);
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => non_empty(Cow::Borrowed(text)),
        Err(_) => {
            if let Some(offset) = first_undefined_in_windows_1252(bytes) {
                return Err(DecodeError::Undecodable {
                    byte: bytes[offset],
                    offset,
                });
            }
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            non_empty(text)
        }
    }
}

fn first_undefined_in_windows_1252(bytes: &[u8]) -> Option<usize> {
    // The undefined bytes are all past ASCII, and letters are nearly all
    // ASCII: blocks of pure ASCII are passed over with one vectorised OR,
    // and only a block holding a high byte is looked at byte by byte.
    const BLOCK: usize = 32;
    bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(|(_, block)| block.iter().fold(0, |high, byte| high | byte) >= 0x80)
        .find_map(|(number, block)| {
            block
                .iter()
                .position(|byte| UNDEFINED_IN_WINDOWS_1252.contains(byte))
                .map(|offset| number * BLOCK + offset)
        })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    // A vectorised search: every letter is searched end to end, as text
    // holds no NUL.
    memchr::memchr(0, bytes)
}

fn non_empty(text: Cow<'_, str>) -> Result<Cow<'_, str>, DecodeError> {
    if text.trim().is_empty() {
        Err(DecodeError::Empty)
    } else {
        Ok(text)
    }
}

/// Whether `path` has a letter's extension.
pub fn is_letter_file(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            LETTER_EXTENSIONS
                .iter()
                .any(|wanted| wanted.eq_ignore_ascii_case(extension))
        })
}

/// Every letter file under `paths`, streamed: files as given, folders walked
/// recursively in name order (so runs are reproducible) without holding the
/// whole listing in memory. A path that does not exist is an error naming
/// it. Inside folders only files with a letter extension are letters
/// (`truth.jsonl` and the like are passed over).
pub fn walk_letter_files(paths: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf>> + '_ {
    paths
        .iter()
        .flat_map(|path| -> Box<dyn Iterator<Item = Result<PathBuf>>> {
            match std::fs::metadata(path) {
                Err(source) => Box::new(std::iter::once(Err(Error::Io {
                    path: path.clone(),
                    source,
                }))),
                Ok(metadata) if metadata.is_file() => Box::new(std::iter::once(Ok(path.clone()))),
                Ok(_) => Box::new(
                    walkdir::WalkDir::new(path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(move |entry| match entry {
                            Ok(entry)
                                if entry.file_type().is_file() && is_letter_file(entry.path()) =>
                            {
                                Some(Ok(entry.into_path()))
                            }
                            Ok(_) => None,
                            Err(error) => {
                                let at = error.path().unwrap_or(path).to_path_buf();
                                let source = error
                                    .into_io_error()
                                    .unwrap_or_else(|| std::io::Error::other("file system loop"));
                                Some(Err(Error::Io { path: at, source }))
                            }
                        }),
                ),
            }
        })
}

/// Every letter file under `paths`, collected (see [`walk_letter_files`]).
pub fn letter_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    walk_letter_files(paths).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_windows_1252_and_utf16() {
        assert_eq!(decode("caf\u{e9}".as_bytes()).unwrap(), "caf\u{e9}");
        assert_eq!(
            decode(b"caf\xe9 \x93quoted\x94").unwrap(),
            "caf\u{e9} \u{201c}quoted\u{201d}"
        );
        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&utf16).unwrap(), "hi");
        assert_eq!(decode(b"\xEF\xBB\xBFhello").unwrap(), "hello");
    }

    #[test]
    fn refuses_what_is_not_text_with_a_reason() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n \n"), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"%PDF\x00\x01"),
            Err(DecodeError::Binary { offset: 4 })
        );
        assert_eq!(
            decode(b"abc\x81def\xff"),
            Err(DecodeError::Undecodable {
                byte: 0x81,
                offset: 3
            })
        );
        let message = decode(b"ab\x00").unwrap_err().to_string();
        assert!(message.contains("binary"), "{message}");
    }

    #[test]
    fn finds_exactly_the_bytes_windows_1252_leaves_undefined() {
        for byte in 0..=u8::MAX {
            let letter = [b'a', byte, b'b', byte];
            let expected = UNDEFINED_IN_WINDOWS_1252.contains(&byte).then_some(1);
            assert_eq!(
                first_undefined_in_windows_1252(&letter),
                expected,
                "{byte:#04x}"
            );
        }
    }

    #[test]
    fn walks_folders_for_letters_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/one.txt"), "x").unwrap();
        std::fs::write(dir.path().join("a/two.TXT"), "x").unwrap();
        std::fs::write(dir.path().join("a/truth.jsonl"), "x").unwrap();
        let files = letter_files(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(files.len(), 2);
        let missing = letter_files(&[dir.path().join("nope")])
            .unwrap_err()
            .to_string();
        assert!(missing.contains("nope"), "{missing}");
    }
}
