//! `imr gen-corpus`: write realistic synthetic letters and their truth.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::Status;

/// Arguments of `imr gen-corpus`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write the letters and `truth.jsonl` into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// How many letters.
    #[arg(long, default_value_t = 1000)]
    n: u64,
    /// Seed: the same seed always writes the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Runs `imr gen-corpus`.
pub fn run(args: GenerateArgs) -> anyhow::Result<Status> {
    let summary = imr::generate::generate_corpus(&args.out, args.n, args.seed)
        .with_context(|| format!("generating letters into {}", args.out.display()))?;
    eprintln!(
        "wrote {} letters ({} items, {:.1} MB) and truth.jsonl to {}",
        summary.letters,
        summary.items,
        summary.bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(Status::Success)
}
