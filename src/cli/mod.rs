//! Command-line interface: clap definitions, one module per subcommand, and
//! the exit status convention (0 success or matches, 1 nothing matched or
//! something skipped, 2 error). `filters` holds the filter flags that
//! `search`, `facets` and `export` share.

mod export;
mod extract;
mod facets;
mod fields;
mod filters;
mod generate;
mod index;
mod search;
mod show;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// The outcome of a command, mapped to the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything handled / something matched.
    Success,
    /// Some input skipped / nothing matched.
    Partial,
    /// The command failed.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Success => ExitCode::from(0),
            Status::Partial => ExitCode::from(1),
            Status::Error => ExitCode::from(2),
        }
    }
}

/// Fast, exact search over California workers' compensation Independent
/// Medical Review (IMR) decisions.
#[derive(Debug, Parser)]
#[command(name = "imr", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract structured records from IMR letters (files or folders).
    Extract(extract::ExtractArgs),
    /// Build or update the search index from letters.
    Index(index::IndexArgs),
    /// Show counts and ranges of an index.
    Stats(index::StatsArgs),
    /// Write realistic synthetic IMR letters and their truth.
    GenCorpus(generate::GenerateArgs),
    /// Search items: "acupuncture upheld ODG", "hydrocodone weaning", rationale:"functional improvement".
    Search(search::SearchArgs),
    /// Count matching items (or letters) by a facet, or cross-tabulate two.
    Facets(facets::FacetsArgs),
    /// Show one letter by its case number.
    Show(show::ShowArgs),
    /// Write every matching item with every field as CSV or NDJSON.
    Export(export::ExportArgs),
    /// List the fields a query can name.
    Fields,
}

/// Output formats for record listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// One JSON object per line.
    Json,
    /// A human-readable table.
    Table,
}

/// Output formats for query results and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for a terminal.
    Table,
    /// JSON.
    Json,
    /// Comma-separated values.
    Csv,
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<Status> {
    let args = Args::parse();
    match args.command {
        Command::Extract(args) => extract::run(args),
        Command::Index(args) => index::run(args),
        Command::Stats(args) => index::stats(args),
        Command::GenCorpus(args) => generate::run(args),
        Command::Search(args) => search::run(args),
        Command::Facets(args) => facets::run(args),
        Command::Show(args) => show::run(args),
        Command::Export(args) => export::run(args),
        Command::Fields => fields::run(),
    }
}
