//! `imr index` and `imr stats`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use imr::index::writer::{index_paths, IndexOptions};
use imr::index::{ImrIndex, Stats, SKIPPED_FILE};

use super::{OutputFormat, Status};

/// Arguments of `imr index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Letter files or folders to index (walked recursively).
    #[arg(value_name = "PATH", default_values = ["corpus"])]
    paths: Vec<PathBuf>,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Threads for extraction and indexing (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Start from an empty index (the old one stays usable until the new one is complete).
    #[arg(long)]
    rebuild: bool,
    /// No progress bar and no summary.
    #[arg(long)]
    quiet: bool,
}

/// Runs `imr index`: 0 when every letter was indexed, 1 when some were skipped.
pub fn run(args: IndexArgs) -> anyhow::Result<Status> {
    let mut options = IndexOptions {
        rebuild: args.rebuild,
        ..IndexOptions::default()
    };
    if let Some(threads) = args.threads {
        anyhow::ensure!(threads > 0, "--threads must be at least 1");
        options.threads = threads;
    }
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} letters  {msg}  [{elapsed}]")
                .expect("fixed template"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    };
    let started = std::time::Instant::now();
    let progress = |letters: u64, bytes: u64| {
        bar.set_position(letters);
        let seconds = started.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!("{:.1} MB/s", bytes as f64 / 1e6 / seconds));
    };
    let report = index_paths(&args.index, &args.paths, &options, &progress)
        .with_context(|| format!("indexing into {}", args.index.display()))?;
    bar.finish_and_clear();
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "indexed {} letters ({} items) in {:.2} s, {:.1} MB/s; {} unchanged, {} replaced, {} skipped",
            report.indexed,
            report.items,
            report.seconds,
            report.megabytes_per_second(),
            report.unchanged,
            report.replaced,
            report.skipped.len(),
        )?;
        for skip in report.skipped.iter().take(20) {
            writeln!(err, "skipped {}: {}", skip.file, skip.reason)?;
        }
        if report.skipped.len() > 20 {
            writeln!(err, "... and {} more", report.skipped.len() - 20)?;
        }
        if !report.skipped.is_empty() {
            writeln!(
                err,
                "the full list is in {}",
                args.index.join(SKIPPED_FILE).display()
            )?;
        }
    }
    Ok(if report.skipped.is_empty() {
        Status::Success
    } else {
        Status::Partial
    })
}

/// Arguments of `imr stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

/// Runs `imr stats`.
pub fn stats(args: StatsArgs) -> anyhow::Result<Status> {
    let index = ImrIndex::open(&args.index)?;
    let stats = index.stats()?;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json | OutputFormat::Csv => {
            serde_json::to_writer_pretty(&mut out, &stats)?;
            writeln!(out)?;
        }
        OutputFormat::Table => print_stats(&mut out, &stats)?,
    }
    Ok(Status::Success)
}

fn print_stats(out: &mut impl Write, stats: &Stats) -> std::io::Result<()> {
    writeln!(out, "letters         {}", stats.letters)?;
    writeln!(out, "items           {}", stats.items)?;
    for (layout, count) in &stats.by_layout {
        writeln!(out, "  layout {layout:<22} {count}")?;
    }
    for (outcome, count) in &stats.by_outcome {
        let share = *count as f64 * 100.0 / stats.items.max(1) as f64;
        writeln!(out, "  outcome {outcome:<21} {count} ({share:.1}%)")?;
    }
    writeln!(
        out,
        "UR denial dates {} .. {}",
        stats.date_range.from.as_deref().unwrap_or("-"),
        stats.date_range.to.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "index size      {:.1} MB",
        stats.index_bytes as f64 / 1e6
    )?;
    writeln!(out, "schema version  {}", stats.schema_version)
}
