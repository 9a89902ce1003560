//! `imr extract`: print the structured record of each letter.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;

use imr::model::Decision;

use super::{RecordFormat, Status};

/// Arguments of `imr extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Letter files or folders (walked recursively for .txt files).
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    paths: Vec<PathBuf>,
    /// Output format: JSON Lines (one record per letter) or a table (one row per item).
    #[arg(long, value_enum, default_value_t = RecordFormat::Json)]
    format: RecordFormat,
}

/// Letters extracted at once: enough to keep every core busy, few enough
/// that a folder of a million letters does not sit in memory.
const BATCH: usize = 1024;

/// Runs `imr extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<Status> {
    let files = imr::corpus::letter_files(&args.paths)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.format == RecordFormat::Table {
        writeln!(
            out,
            "{:<14} {:<20} {:>3} {:<6} {:<34} {:<24} {:<10}",
            "CASE", "LAYOUT", "AGE", "SEX", "TREATMENT", "CATEGORY", "OUTCOME"
        )?;
    }
    let mut failed = 0usize;
    for batch in files.chunks(BATCH) {
        let results: Vec<(String, Result<Decision, String>)> = batch
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let result = std::fs::read(path)
                    .map_err(|error| format!("cannot read: {error}"))
                    .and_then(|bytes| {
                        imr::extract::extract_bytes(&name, &bytes).map_err(|error| match error {
                            imr::Error::Extract { reason, .. } => reason,
                            other => other.to_string(),
                        })
                    });
                (name, result)
            })
            .collect();
        for (name, result) in results {
            match result {
                Ok(decision) => write_record(&mut out, &decision, args.format)?,
                Err(reason) => {
                    failed += 1;
                    eprintln!("imr: {name}: {reason}");
                    if args.format == RecordFormat::Json {
                        let line = serde_json::json!({ "file": name, "error": reason });
                        writeln!(out, "{line}")?;
                    }
                }
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(if failed > 0 {
        Status::Partial
    } else {
        Status::Success
    })
}

fn write_record(
    out: &mut impl Write,
    decision: &Decision,
    format: RecordFormat,
) -> anyhow::Result<()> {
    match format {
        RecordFormat::Json => {
            serde_json::to_writer(&mut *out, decision)?;
            writeln!(out)?;
        }
        RecordFormat::Table => {
            for item in &decision.items {
                let category = match &item.subcategory {
                    Some(sub) => format!("{}/{}", item.category, sub),
                    None => item.category.clone(),
                };
                writeln!(
                    out,
                    "{:<14} {:<20} {:>3} {:<6} {:<34} {:<24} {:<10}",
                    decision.case_number.as_deref().unwrap_or("-"),
                    decision.layout.as_str(),
                    decision.age.map_or("-".to_string(), |age| age.to_string()),
                    decision.sex.map_or("-", |sex| sex.as_str()),
                    truncate(&item.treatment, 34),
                    truncate(&category, 24),
                    item.outcome.as_str(),
                )?;
            }
        }
    }
    Ok(())
}

/// Cuts `text` to at most `width` characters, marking the cut with `~`.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('~');
        cut
    }
}
