//! `imr facets`: counts of matching items (or letters) by one facet, or a
//! cross-tabulation by two with overturn rates.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::Args;

use imr::index::ImrIndex;
use imr::query::facets::{facet_counts, FacetTable};
use imr::query::understand::understand;

use super::filters::{csv_error, joined, truncate, FilterArgs};
use super::{OutputFormat, Status};

/// Arguments of `imr facets`.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Optional query narrowing what is counted (as in `imr search`).
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// What to count by: treatment, treatment/medication, outcome,
    /// guideline, guideline/ODG, ca_guideline, cited, specialty, year, age,
    /// layout or state. Give it twice for a cross-tabulation (rows, then
    /// columns).
    #[arg(long = "by", value_name = "FACET", required = true)]
    by: Vec<String>,
    /// Count letters (distinct cases) instead of items.
    #[arg(long)]
    cases: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// Width of the table.
const WIDTH: usize = 100;

/// Runs `imr facets`: 0 when something was counted, 1 when nothing matched.
pub fn run(args: FacetsArgs) -> anyhow::Result<Status> {
    let filters = args.filters.to_filters()?;
    let index = ImrIndex::open(&args.index)?;
    let plan = understand(&joined(&args.query));
    let table = facet_counts(&index, &plan, &filters, &args.by, args.cases)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &table).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        OutputFormat::Csv => write_csv(&mut out, &table)?,
        OutputFormat::Table if table.by.len() == 1 => write_counts(&mut out, &table)?,
        OutputFormat::Table => write_cross(&mut out, &table)?,
    }
    out.flush()?;
    Ok(if table.total > 0 {
        Status::Success
    } else {
        Status::Partial
    })
}

fn unit(table: &FacetTable) -> &'static str {
    match (table.cases, table.total == 1) {
        (true, true) => "letter",
        (true, false) => "letters",
        (false, true) => "item",
        (false, false) => "items",
    }
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

fn write_counts(out: &mut impl Write, table: &FacetTable) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<60} {:>12} {:>12} {:>10}",
        table.by[0].to_uppercase(),
        "COUNT",
        "OVERTURNED",
        "RATE"
    )?;
    for count in &table.counts {
        writeln!(
            out,
            "{:<60} {:>12} {:>12} {:>10}",
            truncate(count.value.as_deref().unwrap_or("-"), 60),
            count.count,
            count.overturned.unwrap_or(0),
            percent(count.overturn_rate.unwrap_or(0.0))
        )?;
    }
    writeln!(out, "{} {} matched", table.total, unit(table))
}

/// A matrix when it fits the width, else one line per cell.
fn write_cross(out: &mut impl Write, table: &FacetTable) -> std::io::Result<()> {
    let mut columns: Vec<(String, u64)> = Vec::new();
    let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
    for count in &table.counts {
        let (Some(row), Some(column)) = (count.row.as_deref(), count.column.as_deref()) else {
            continue;
        };
        cells.insert((row, column), count.count);
        match columns.iter_mut().find(|(name, _)| name == column) {
            Some((_, sum)) => *sum += count.count,
            None => columns.push((column.to_string(), count.count)),
        }
    }
    columns.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let row_width = table
        .rows
        .iter()
        .map(|row| row.row.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, 32);
    let column_width = columns
        .iter()
        .map(|(name, _)| name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 16);
    let fixed = row_width + 2 * 9 + 3;
    let fits = fixed + columns.len() * (column_width + 1) <= WIDTH;
    if fits {
        write!(
            out,
            "{:<row_width$}",
            truncate(&table.by[0].to_uppercase(), row_width)
        )?;
        for (name, _) in &columns {
            write!(out, " {:>column_width$}", truncate(name, column_width))?;
        }
        writeln!(out, " {:>9} {:>9}", "TOTAL", "OVERTURN")?;
        for row in &table.rows {
            write!(out, "{:<row_width$}", truncate(&row.row, row_width))?;
            for (name, _) in &columns {
                let count = cells
                    .get(&(row.row.as_str(), name.as_str()))
                    .copied()
                    .unwrap_or(0);
                write!(out, " {count:>column_width$}")?;
            }
            writeln!(out, " {:>9} {:>9}", row.total, percent(row.overturn_rate))?;
        }
    } else {
        writeln!(
            out,
            "{:<40} {:<40} {:>10}",
            table.by[0].to_uppercase(),
            table.by[1].to_uppercase(),
            "COUNT"
        )?;
        for count in &table.counts {
            writeln!(
                out,
                "{:<40} {:<40} {:>10}",
                truncate(count.row.as_deref().unwrap_or("-"), 40),
                truncate(count.column.as_deref().unwrap_or("-"), 40),
                count.count
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{:<60} {:>12} {:>12} {:>10}",
            "ROW", "TOTAL", "OVERTURNED", "RATE"
        )?;
        for row in &table.rows {
            writeln!(
                out,
                "{:<60} {:>12} {:>12} {:>10}",
                truncate(&row.row, 60),
                row.total,
                row.overturned,
                percent(row.overturn_rate)
            )?;
        }
    }
    writeln!(out, "{} {} matched", table.total, unit(table))
}

fn write_csv(out: &mut impl Write, table: &FacetTable) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    if table.by.len() == 1 {
        writer
            .write_record(["value", "count", "overturned", "overturn_rate"])
            .map_err(csv_error)?;
        for count in &table.counts {
            writer
                .write_record([
                    count.value.clone().unwrap_or_default(),
                    count.count.to_string(),
                    count.overturned.unwrap_or(0).to_string(),
                    count.overturn_rate.unwrap_or(0.0).to_string(),
                ])
                .map_err(csv_error)?;
        }
    } else {
        let rows: HashMap<&str, _> = table
            .rows
            .iter()
            .map(|row| (row.row.as_str(), row))
            .collect();
        writer
            .write_record(["row", "column", "count", "row_total", "row_overturn_rate"])
            .map_err(csv_error)?;
        for count in &table.counts {
            let row = count.row.as_deref().unwrap_or_default();
            let totals = rows.get(row);
            writer
                .write_record([
                    row.to_string(),
                    count.column.clone().unwrap_or_default(),
                    count.count.to_string(),
                    totals.map(|t| t.total.to_string()).unwrap_or_default(),
                    totals
                        .map(|t| t.overturn_rate.to_string())
                        .unwrap_or_default(),
                ])
                .map_err(csv_error)?;
        }
    }
    writer.flush()?;
    Ok(())
}
