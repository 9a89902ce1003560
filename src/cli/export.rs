//! `imr export`: every matching item with every field, as CSV or NDJSON.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use imr::index::ImrIndex;
use imr::query::export::{export, CSV_HEADER};
use imr::query::understand::understand;

use super::filters::{csv_error, joined, FilterArgs};
use super::Status;

/// Output formats of `imr export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header; several guidelines joined by `; `.
    Csv,
    /// One JSON object per line (see scripts/quickwit/imr-items.yaml).
    Ndjson,
}

/// Arguments of `imr export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Optional query choosing the items (as in `imr search`); all items without one.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// Runs `imr export`: 0 when items were written, 1 when none matched.
pub fn run(args: ExportArgs) -> anyhow::Result<Status> {
    let filters = args.filters.to_filters()?;
    let index = ImrIndex::open(&args.index)?;
    let plan = understand(&joined(&args.query));
    let out = BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(CSV_HEADER).map_err(csv_error)?;
            let written = export(&index, &plan, &filters, |row| -> anyhow::Result<()> {
                writer.write_record(row.csv_row()).map_err(csv_error)?;
                Ok(())
            })?;
            writer.flush()?;
            written
        }
        ExportFormat::Ndjson => {
            let mut out = out;
            let written = export(&index, &plan, &filters, |row| -> anyhow::Result<()> {
                serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
            out.flush()?;
            written
        }
    };
    Ok(if written > 0 {
        Status::Success
    } else {
        Status::Partial
    })
}
