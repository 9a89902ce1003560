//! `imr fields`: the fields a query can name, with their types and examples.

use std::io::Write;

use imr::index::schema::FIELD_HELP;

use super::Status;

/// Runs `imr fields`.
pub fn run() -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:<14} {:<30} EXAMPLE", "FIELD", "TYPE")?;
    for (name, kind, example) in FIELD_HELP {
        writeln!(out, "{name:<14} {kind:<30} {example}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Dates are YYYY-MM-DD; ranges are [FROM TO UPTO] (inclusive) with * for open ends."
    )?;
    writeln!(
        out,
        "Facet values are paths (/injection/facet); quote those with spaces (\"/ODG/Low Back\")."
    )?;
    writeln!(
        out,
        "Combine with AND, OR, NOT, parentheses, +required and -excluded."
    )?;
    Ok(Status::Success)
}
