//! `imr search`: find items, grep-style exit status (0 found, 1 none, 2 error).

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use imr::index::ImrIndex;
use imr::query::snippet::Highlighted;
use imr::query::understand::{understand, Interpretation, Kind};
use imr::query::{search, Hit, SearchResults};

use super::filters::{csv_error, joined, truncate, FilterArgs};
use super::{OutputFormat, Status};

/// Arguments of `imr search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to find: words ("acupuncture upheld ODG"), "quoted phrases" and
    /// tantivy syntax (rationale:weaning, decided:[2014-01-01 TO 2014-06-30],
    /// AND/OR/NOT; see `imr fields`). Treatment, outcome, guideline and
    /// specialty words become filters; the rest is searched as text.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Items to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Items to skip first (for the next page).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Show how the query was read (in JSON it always is).
    #[arg(long)]
    explain: bool,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// Width of the table.
const WIDTH: usize = 100;

/// Runs `imr search`: 0 when something matched, 1 when nothing did.
pub fn run(args: SearchArgs) -> anyhow::Result<Status> {
    let filters = args.filters.to_filters()?;
    let index = ImrIndex::open(&args.index)?;
    let plan = understand(&joined(&args.query));
    let results = search(&index, &plan, &filters, args.limit, args.offset)?;
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &results).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        OutputFormat::Csv => {
            if args.explain {
                let mut err = std::io::stderr().lock();
                write_explanation(&mut err, &results.interpretation)?;
            }
            write_csv(&mut out, &results)?;
        }
        OutputFormat::Table => {
            if args.explain {
                write_explanation(&mut out, &results.interpretation)?;
            }
            write_table(&mut out, &results, args.offset, color)?;
        }
    }
    out.flush()?;
    Ok(if results.total > 0 {
        Status::Success
    } else {
        Status::Partial
    })
}

/// One line per reading of the query.
pub fn write_explanation(
    out: &mut impl Write,
    interpretation: &[Interpretation],
) -> std::io::Result<()> {
    if interpretation.is_empty() {
        return writeln!(out, "query: (empty: every item)");
    }
    writeln!(out, "query read as:")?;
    for reading in interpretation {
        let meaning = match reading.kind {
            Kind::Treatment => format!(
                "treatment filter {} (items naming it rank first)",
                reading.value
            ),
            Kind::Guideline => format!(
                "guideline filter {} (highlighted in rationales)",
                reading.value
            ),
            Kind::Outcome | Kind::Specialty => {
                format!("{} filter {}", reading.kind.as_str(), reading.value)
            }
            Kind::Case => format!("case number {}", reading.value),
            Kind::Synonyms => format!("any of {} (treatment as written)", reading.value),
            Kind::Text => "text in treatment, rationale or summary".to_string(),
            Kind::Phrase => "phrase in treatment, rationale or summary".to_string(),
            Kind::Analyst => format!("tantivy query {}", reading.value),
            Kind::Ignored => "ignored (too common)".to_string(),
        };
        writeln!(out, "  {:<28} -> {meaning}", truncate(&reading.word, 28))?;
    }
    writeln!(out)
}

fn write_table(
    out: &mut impl Write,
    results: &SearchResults,
    offset: usize,
    color: bool,
) -> std::io::Result<()> {
    // 12 + 10 + 26 + 41 + 7 columns and 4 spaces: 100.
    if !results.hits.is_empty() {
        writeln!(
            out,
            "{:<12} {:<10} {:<26} {:<41} {:>7}",
            "CASE", "OUTCOME", "CATEGORY", "TREATMENT", "SCORE"
        )?;
    }
    for hit in &results.hits {
        let category = match &hit.subcategory {
            Some(sub) => format!("{}/{sub}", hit.category),
            None => hit.category.clone(),
        };
        writeln!(
            out,
            "{:<12} {:<10} {:<26} {:<41} {:>7.2}",
            truncate(hit.case_number.as_deref().unwrap_or("-"), 12),
            hit.outcome,
            truncate(&category, 26),
            truncate(&hit.treatment, 41),
            hit.score
        )?;
        if !hit.snippet.text.is_empty() {
            for line in hit.snippet.wrap(WIDTH - 4) {
                writeln!(out, "    {}", render(&line, color))?;
            }
        }
    }
    let shown = results.hits.len();
    let noun = if results.total == 1 { "item" } else { "items" };
    if shown == 0 {
        writeln!(out, "{} {noun} matched", results.total)?;
    } else {
        writeln!(
            out,
            "{} {noun} matched; showing {}-{}",
            results.total,
            offset + 1,
            offset + shown
        )?;
    }
    if results.fuzzy {
        writeln!(
            out,
            "(nothing matched exactly; these allow one letter different in longer words)"
        )?;
    }
    Ok(())
}

/// A snippet line with matches in bold on a terminal, plain otherwise.
fn render(line: &Highlighted, color: bool) -> String {
    if color {
        line.marked("\x1b[1m", "\x1b[0m")
    } else {
        line.text.clone()
    }
}

fn write_csv(out: &mut impl Write, results: &SearchResults) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(Hit::CSV_HEADER).map_err(csv_error)?;
    for hit in &results.hits {
        writer.write_record(hit.csv_row())?;
    }
    writer.flush()?;
    Ok(())
}
