//! Synthetic IMR decision letters with their truth, for demos, tests and
//! benchmarks.
//!
//! [`generate_letter`] writes one letter, deterministically from a seed and
//! an index, in one of the three layouts of [`Layout`]: the DWC final
//! determination (60%), the early MAXIMUS letter (25%) and the medical
//! professional review (15%). [`generate_corpus`] writes many, streaming, with
//! a `truth.jsonl` of the [`Decision`] each letter encodes.
//!
//! ```no_run
//! let summary = imr::generate::generate_corpus(std::path::Path::new("corpus/generated"), 1000, 42)?;
//! assert_eq!(summary.letters, 1000);
//! let letter = imr::generate::generate_letter(42, 7);
//! assert_eq!(letter.file_name, letter.truth.file);
//! # Ok::<(), imr::Error>(())
//! ```
//!
//! # What the truth means
//!
//! The truth is what a perfect extractor would read from the letter once
//! the PDF-to-text damage is undone: text fields (`treatment`, `rationale`,
//! `clinical_summary`, the `*_guideline_text` statements) are the letter's
//! words with lines joined by single spaces, hyphenated line breaks
//! rejoined, page headers and footers dropped, runs of spaces collapsed,
//! typographic quotes written as ASCII quotes and ligatures as letters.
//! Fields a letter leaves out are `None`. Treatment categories and guideline
//! paths are decided by the generator's own tables (`vocab.rs`,
//! `guideline.rs`), not by [`crate::taxonomy`], so that comparing the two
//! can find mistakes in either.
//!
//! # The mess
//!
//! Per letter, at random (`typeset.rs`): hard wraps at 82 to 100 columns,
//! words broken at their hyphens across lines (`Non-` / `MTUS`) and, rarely,
//! long prose words split mid-word; pages with footers (`Page 2 of 4`),
//! repeated running heads and form feeds; CRLF line ends; trailing spaces;
//! the sample letter's empty line after every line with single-space lines
//! between paragraphs; two spaces after full stops; curly quotes; `ﬁ`/`ﬂ`
//! ligatures; section titles and outcome words in upper, title or lower
//! case; header fields one per line, two per line, or all labels then all
//! values; optional fields missing; and some letters in Windows-1252 bytes.

mod case;
mod guideline;
mod render;
mod typeset;
mod vocab;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::model::{Decision, Layout};
use crate::{Error, Result};

/// One generated letter: where it goes, its bytes, and the decision it encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedLetter {
    /// Path relative to the corpus folder, e.g. `letters/000/CM14-0123456.txt`;
    /// equal to `truth.file`.
    pub file_name: String,
    /// The letter's bytes: UTF-8, or Windows-1252 for some letters.
    pub bytes: Vec<u8>,
    /// What the letter says.
    pub truth: Decision,
}

/// What [`generate_corpus`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Letters written.
    pub letters: u64,
    /// Disputed items across all letters.
    pub items: u64,
    /// Bytes written: letters plus `truth.jsonl`.
    pub bytes: u64,
}

/// Letters generated and written per step of [`generate_corpus`]; bounds
/// its memory whatever the corpus size.
const CHUNK: u64 = 1024;

/// The random stream of letter `index` under `seed`: both go into the
/// ChaCha key, so any letter can be made on its own, in any order.
fn letter_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&index.to_le_bytes());
    key[16..].copy_from_slice(b"imr-search gen 1");
    ChaCha8Rng::from_seed(key)
}

/// A uniformly chosen element of one of our fixed tables.
///
/// Panics on an empty slice; every table passed here is a non-empty
/// constant (the modules' tests draw from all of them).
fn pick<T: Copy, R: Rng>(rng: &mut R, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The letter, and the style it was set in (tests look at the style).
fn build(seed: u64, index: u64) -> (GeneratedLetter, typeset::Style) {
    let mut rng = letter_rng(seed, index);
    let case = case::build(&mut rng, seed, index);
    let style = typeset::Style::random(&mut rng);
    let blocks = render::render(&mut rng, &case, &style);
    let head = render::running_head(&mut rng, &case);
    let bytes = typeset::typeset(
        &mut rng,
        &blocks,
        &style,
        head.as_deref(),
        &case.protected_words(),
    );
    let letter = GeneratedLetter {
        file_name: case.truth.file.clone(),
        bytes,
        truth: case.truth,
    };
    (letter, style)
}

/// Generates letter number `index` of the corpus seeded by `seed`. The same
/// pair always gives the same letter, byte for byte.
pub fn generate_letter(seed: u64, index: u64) -> GeneratedLetter {
    build(seed, index).0
}

/// Writes letters `0..n` under `out` (in `letters/NNN/`, a thousand per
/// folder) and their truth, one JSON [`Decision`] per line in index order,
/// to `out/truth.jsonl`.
///
/// Letters are made in parallel a chunk at a time and written before the
/// next chunk starts, so memory stays flat however large `n` is.
pub fn generate_corpus(out: &Path, n: u64, seed: u64) -> Result<GenerateSummary> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    fs::create_dir_all(out).map_err(io_error(out))?;
    let truth_path = out.join("truth.jsonl");
    let mut truth = BufWriter::new(File::create(&truth_path).map_err(io_error(&truth_path))?);
    let mut summary = GenerateSummary::default();

    let mut start = 0;
    while start < n {
        let end = n.min(start + CHUNK);
        let letters: Vec<(GeneratedLetter, Vec<u8>)> = (start..end)
            .into_par_iter()
            .map(|index| {
                let letter = generate_letter(seed, index);
                let json = serde_json::to_vec(&letter.truth)
                    .expect("a Decision is plain data with string keys: serialising cannot fail");
                (letter, json)
            })
            .collect();

        let mut folders: Vec<PathBuf> = letters
            .iter()
            .filter_map(|(letter, _)| out.join(&letter.file_name).parent().map(Path::to_path_buf))
            .collect();
        folders.dedup();
        for folder in &folders {
            fs::create_dir_all(folder).map_err(io_error(folder))?;
        }
        letters.par_iter().try_for_each(|(letter, _)| {
            let path = out.join(&letter.file_name);
            fs::write(&path, &letter.bytes).map_err(io_error(&path))
        })?;

        for (letter, json) in &letters {
            truth.write_all(json).map_err(io_error(&truth_path))?;
            truth.write_all(b"\n").map_err(io_error(&truth_path))?;
            summary.letters += 1;
            summary.items += letter.truth.items.len() as u64;
            summary.bytes += letter.bytes.len() as u64 + json.len() as u64 + 1;
        }
        start = end;
    }
    truth.flush().map_err(io_error(&truth_path))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use regex::Regex;

    use super::*;
    use crate::model::Outcome;

    #[test]
    fn same_seed_and_index_give_the_same_letter() {
        for index in [0, 1, 999, 123_456] {
            assert_eq!(generate_letter(42, index), generate_letter(42, index));
        }
    }

    #[test]
    fn different_seeds_and_indices_differ() {
        assert_ne!(generate_letter(1, 0).bytes, generate_letter(2, 0).bytes);
        assert_ne!(generate_letter(1, 0).bytes, generate_letter(1, 1).bytes);
        assert_ne!(generate_letter(1, 0).truth, generate_letter(2, 0).truth);
    }

    fn sample(n: u64) -> Vec<(GeneratedLetter, typeset::Style)> {
        (0..n)
            .into_par_iter()
            .map(|index| build(2024, index))
            .collect()
    }

    #[test]
    fn outcomes_items_and_layouts_have_realistic_shares() {
        let letters = sample(2000);
        let items: Vec<_> = letters
            .iter()
            .flat_map(|(letter, _)| &letter.truth.items)
            .collect();
        let upheld = items
            .iter()
            .filter(|item| item.outcome == Outcome::Upheld)
            .count();
        let share = upheld as f64 / items.len() as f64;
        assert!((0.85..=0.91).contains(&share), "upheld share {share}");

        let mut per_letter: HashMap<usize, usize> = HashMap::new();
        for (letter, _) in &letters {
            *per_letter.entry(letter.truth.items.len()).or_default() += 1;
        }
        let mean = items.len() as f64 / letters.len() as f64;
        assert!((1.75..=2.05).contains(&mean), "mean items {mean}");
        assert!(
            per_letter.keys().all(|count| (1..=8).contains(count)),
            "{per_letter:?}"
        );
        let one_to_three: usize = (1..=3)
            .map(|count| per_letter.get(&count).copied().unwrap_or(0))
            .sum();
        assert!(
            one_to_three as f64 / letters.len() as f64 > 0.85,
            "{per_letter:?}"
        );
        assert!(
            per_letter.get(&1).copied().unwrap_or(0) > per_letter.get(&2).copied().unwrap_or(0)
        );
        assert!(
            (5..=8).any(|count| per_letter.contains_key(&count)),
            "{per_letter:?}"
        );

        for layout in Layout::ALL {
            let count = letters
                .iter()
                .filter(|(letter, _)| letter.truth.layout == layout)
                .count();
            let expected = match layout {
                Layout::DwcFinal => 0.60,
                Layout::MaximusLetter => 0.25,
                Layout::ProfessionalReview => 0.15,
            };
            let share = count as f64 / letters.len() as f64;
            assert!((share - expected).abs() < 0.04, "{layout:?} {share}");
        }

        // Injections are upheld more often than psychological services.
        let share_of = |category: &str| {
            let chosen: Vec<_> = items
                .iter()
                .filter(|item| item.category == category)
                .collect();
            chosen
                .iter()
                .filter(|item| item.outcome == Outcome::Upheld)
                .count() as f64
                / chosen.len() as f64
        };
        assert!(share_of("injection") > share_of("psychological"));
    }

    #[test]
    fn layouts_carry_their_section_titles() {
        let needles: &[(Layout, &[&str])] = &[
            (
                Layout::DwcFinal,
                &[
                    "application received:",
                    "how the imr final determination was made",
                    "imr issues, decisions and rationales",
                    "maximus guideline:",
                ],
            ),
            (
                Layout::MaximusLetter,
                &[
                    "maximus federal services, inc.",
                    "documents reviewed",
                    "imr decision(s) and rationale(s)",
                    "decision rationale:",
                ],
            ),
            (
                Layout::ProfessionalReview,
                &[
                    "medical professional review",
                    "at dispute:",
                    "case summary:",
                    "medical reviewer qualifications:",
                ],
            ),
        ];
        for (letter, _) in sample(120) {
            let text = decode(&letter.bytes).to_lowercase();
            for (layout, titles) in needles {
                if letter.truth.layout == *layout {
                    for title in *titles {
                        assert!(text.contains(title), "{} lacks {title:?}", letter.file_name);
                    }
                }
            }
        }
    }

    #[test]
    fn cp1252_letters_are_not_utf8() {
        let letters = sample(600);
        let mut windows = 0;
        for (letter, style) in &letters {
            let utf8 = std::str::from_utf8(&letter.bytes).is_ok();
            if style.cp1252 {
                windows += 1;
                assert!(!utf8, "{} should be Windows-1252", letter.file_name);
            } else {
                assert!(utf8, "{} should be UTF-8", letter.file_name);
            }
        }
        assert!(windows > 10, "only {windows} Windows-1252 letters");
    }

    #[test]
    fn messiness_occurs() {
        let letters = sample(400);
        let share = |test: &dyn Fn(&str) -> bool| {
            letters
                .iter()
                .filter(|(letter, _)| test(&decode(&letter.bytes)))
                .count() as f64
                / letters.len() as f64
        };
        assert!(share(&|text| text.contains("\r\n")) > 0.1);
        assert!(share(&|text| text.contains('\u{0C}')) > 0.1);
        assert!(share(&|text| text.contains("Page 2")) > 0.1);
        assert!(share(&|text| text.contains("\n \n")) > 0.1);
        assert!(share(&|text| text.contains(" \n")) > 0.2);
        assert!(share(&|text| text.contains('\u{2019}')) > 0.1);
        assert!(share(&|text| text.contains("UPHELD") || text.contains("upheld")) > 0.1);
        let hyphen_break = Regex::new(r"[A-Za-z]-[ ]*\r?\n").unwrap();
        assert!(share(&|text| hyphen_break.is_match(text)) > 0.05);
        let ages =
            Regex::new(r"\d\d[ -]year[ -]old (male|female|man|woman|gentleman|lady)").unwrap();
        assert!(share(&|text| ages.is_match(text)) > 0.5);
    }

    fn decode(bytes: &[u8]) -> String {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        }
    }

    /// Undoes the typesetting the way an extractor would: drops page
    /// furniture, rejoins lines, folds quotes and ligatures. Hyphens are
    /// deleted on both sides of the comparison, since a reader cannot tell
    /// "Non-" + "MTUS" from "medi-" + "cally".
    fn flatten(letter: &GeneratedLetter) -> String {
        let furniture = Regex::new(r"^\s*(Page \d+( of \d+)?|- \d+ -|\d+)\s*$").unwrap();
        let number = letter
            .truth
            .case_number
            .clone()
            .unwrap_or_else(|| "\u{0}".to_string());
        let text = decode(&letter.bytes)
            .replace(['\r', '\u{0C}'], "")
            .replace(['\u{2018}', '\u{2019}'], "'")
            .replace(['\u{201C}', '\u{201D}'], "\"")
            .replace('\u{FB01}', "fi")
            .replace('\u{FB02}', "fl");
        let mut out = String::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if furniture.is_match(line)
                || (trimmed.contains(&number) && trimmed.len() < number.len() + 32)
            {
                continue;
            }
            if out.ends_with('-') {
                out.push_str(trimmed);
            } else {
                out.push(' ');
                out.push_str(trimmed);
            }
        }
        squash(&out)
    }

    fn squash(text: &str) -> String {
        text.replace('-', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn truth_text_is_recoverable_from_the_letter() {
        for (letter, _) in sample(300) {
            let flat = flatten(&letter);
            let truth = &letter.truth;
            let mut wanted: Vec<&str> = vec![truth.clinical_summary.as_str()];
            for item in &truth.items {
                wanted.push(&item.treatment);
                wanted.push(&item.rationale);
                wanted.push(&item.reviewer_guideline_text);
                wanted.push(&item.claims_admin_guideline_text);
            }
            wanted.extend(truth.diagnoses.iter().map(String::as_str));
            for text in wanted {
                assert!(
                    flat.contains(&squash(text)),
                    "{}: {text:?} not found",
                    letter.file_name
                );
            }
        }
    }

    #[test]
    fn corpus_is_written_with_its_truth() {
        let dir = tempfile::TempDir::new().unwrap();
        let n = 57;
        let summary = generate_corpus(dir.path(), n, 7).unwrap();
        assert_eq!(summary.letters, n);

        let files: Vec<PathBuf> = walkdir::WalkDir::new(dir.path().join("letters"))
            .into_iter()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.into_path())
            .collect();
        assert_eq!(files.len() as u64, n);

        let lines = fs::read_to_string(dir.path().join("truth.jsonl")).unwrap();
        let decisions: Vec<Decision> = lines
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(decisions.len() as u64, n);
        let items: u64 = decisions
            .iter()
            .map(|decision| decision.items.len() as u64)
            .sum();
        assert_eq!(summary.items, items);
        let mut bytes = lines.len() as u64;
        for (index, decision) in decisions.iter().enumerate() {
            let path = dir.path().join(&decision.file);
            let written = fs::read(&path).unwrap();
            let expected = generate_letter(7, index as u64);
            assert_eq!(written, expected.bytes);
            assert_eq!(*decision, expected.truth);
            bytes += written.len() as u64;
        }
        assert_eq!(summary.bytes, bytes);
    }

    #[test]
    fn file_names_are_unique_and_foldered() {
        let mut names: Vec<String> = (0..3000)
            .map(|index| generate_letter(5, index).file_name)
            .collect();
        assert!(names
            .iter()
            .all(|name| name.starts_with("letters/00") && name.ends_with(".txt")));
        assert!(names[2500].starts_with("letters/002/"));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 3000);
    }
}
