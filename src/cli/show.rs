//! `imr show`: one letter, as stored in the index.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use imr::index::ImrIndex;
use imr::model::Decision;
use imr::query::show;
use imr::query::snippet::Highlighted;

use super::Status;

/// Output formats of `imr show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Readable text.
    Text,
    /// The structured letter as JSON (as `imr extract` prints it).
    Json,
}

/// Arguments of `imr show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The IMR case number, such as CM13-0012345.
    #[arg(value_name = "CASE_NUMBER")]
    case_number: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
    /// The index folder.
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// Width text is wrapped to.
const WIDTH: usize = 100;

/// Runs `imr show`: 0 when the letter was found, 1 when it is not indexed.
pub fn run(args: ShowArgs) -> anyhow::Result<Status> {
    let index = ImrIndex::open(&args.index)?;
    let Some(decision) = show(&index, &args.case_number)? else {
        eprintln!(
            "imr: no letter with case number {} in {}",
            args.case_number.trim(),
            args.index.display()
        );
        return Ok(Status::Partial);
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ShowFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &decision).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ShowFormat::Text => write_text(&mut out, &decision)?,
    }
    out.flush()?;
    Ok(Status::Success)
}

fn or_dash<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map_or_else(|| "-".to_string(), T::to_string)
}

fn paragraph(out: &mut impl Write, indent: &str, text: &str) -> std::io::Result<()> {
    let plain = Highlighted {
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        highlights: Vec::new(),
    };
    for line in plain.wrap(WIDTH - indent.len()) {
        writeln!(out, "{indent}{}", line.text)?;
    }
    Ok(())
}

fn write_text(out: &mut impl Write, decision: &Decision) -> std::io::Result<()> {
    writeln!(
        out,
        "Case {}  ({}, {})",
        or_dash(&decision.case_number),
        decision.layout.as_str(),
        decision.file
    )?;
    writeln!(
        out,
        "Injured {}   UR denial {}   Assigned {}   Dated {}",
        or_dash(&decision.date_of_injury),
        or_dash(&decision.ur_denial_date),
        or_dash(&decision.date_assigned),
        or_dash(&decision.letter_date)
    )?;
    writeln!(
        out,
        "Employee {}, {}   Reviewer {} ({})",
        or_dash(&decision.age),
        decision.sex.map_or("-", |sex| sex.as_str()),
        or_dash(&decision.reviewer_specialty),
        or_dash(&decision.reviewer_license_state)
    )?;
    if !decision.diagnoses.is_empty() {
        writeln!(out, "Diagnoses: {}", decision.diagnoses.join("; "))?;
    }
    if !decision.clinical_summary.is_empty() {
        writeln!(out, "\nClinical case summary:")?;
        paragraph(out, "  ", &decision.clinical_summary)?;
    }
    for (number, item) in decision.items.iter().enumerate() {
        let category = match &item.subcategory {
            Some(sub) => format!("{}/{sub}", item.category),
            None => item.category.clone(),
        };
        writeln!(out)?;
        writeln!(
            out,
            "{}. {}: {}  [{category}]",
            number + 1,
            item.treatment,
            item.outcome.as_str().to_uppercase()
        )?;
        writeln!(
            out,
            "   Reviewer guidelines: {}",
            join_or_dash(&item.reviewer_guidelines)
        )?;
        writeln!(
            out,
            "   Claims administrator guidelines: {}",
            join_or_dash(&item.claims_admin_guidelines)
        )?;
        paragraph(out, "   ", &format!("Rationale: {}", item.rationale))?;
    }
    Ok(())
}

fn join_or_dash(paths: &[String]) -> String {
    if paths.is_empty() {
        "-".to_string()
    } else {
        paths.join("; ")
    }
}
