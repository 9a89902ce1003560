//! Filter flags shared by `imr search`, `imr facets` and `imr export`, and
//! small helpers for their output.

use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;

use imr::model::{Layout, Outcome};
use imr::query::Filters;

/// Flags that narrow the items a query looks at. Each adds to what the
/// query's own words say ("upheld" in the query and `--outcome upheld`
/// agree; `--outcome overturned` with "upheld" finds nothing).
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only items with this outcome: upheld (denial stood) or overturned.
    #[arg(long, value_name = "OUTCOME", value_parser = parse_outcome)]
    outcome: Option<Outcome>,
    /// Only this treatment: a category (acupuncture), a category word
    /// (opioids, ESI, MRI) or category/subcategory (injection/facet).
    #[arg(long, value_name = "TREATMENT")]
    treatment: Option<String>,
    /// Only items whose reviewer relied on this guideline: ODG, MTUS, ACOEM,
    /// "chronic pain guidelines" or a path such as "/ODG/Low Back".
    #[arg(long, value_name = "GUIDELINE")]
    guideline: Option<String>,
    /// Only letters whose reviewer has this specialty (anesthesiology,
    /// "orthopedic surgery", chiropractor).
    #[arg(long, value_name = "SPECIALTY")]
    specialty: Option<String>,
    /// Injured on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    injured_from: Option<NaiveDate>,
    /// Injured on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    injured_to: Option<NaiveDate>,
    /// UR denial on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    decided_from: Option<NaiveDate>,
    /// UR denial on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    decided_to: Option<NaiveDate>,
    /// Employee age: MIN..MAX, MIN.., ..MAX or one age.
    #[arg(long, value_name = "MIN..MAX", value_parser = parse_age)]
    age: Option<AgeRange>,
    /// Only letters in this layout: dwc_final, maximus_letter or
    /// professional_review.
    #[arg(long, value_name = "LAYOUT", value_parser = parse_layout)]
    layout: Option<Layout>,
}

/// An inclusive age range; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRange {
    min: Option<u64>,
    max: Option<u64>,
}

impl FilterArgs {
    /// The library's filters, after checking that ranges run forwards.
    pub fn to_filters(&self) -> anyhow::Result<Filters> {
        for (flag, from, to) in [
            (
                "--injured-from/--injured-to",
                self.injured_from,
                self.injured_to,
            ),
            (
                "--decided-from/--decided-to",
                self.decided_from,
                self.decided_to,
            ),
        ] {
            if let (Some(from), Some(to)) = (from, to) {
                if from > to {
                    bail!("{flag}: {from} is after {to}");
                }
            }
        }
        Ok(Filters {
            outcome: self.outcome,
            treatment: self.treatment.clone(),
            guideline: self.guideline.clone(),
            specialty: self.specialty.clone(),
            injured_from: self.injured_from,
            injured_to: self.injured_to,
            decided_from: self.decided_from,
            decided_to: self.decided_to,
            age_min: self.age.and_then(|age| age.min),
            age_max: self.age.and_then(|age| age.max),
            layout: self.layout,
        })
    }
}

fn parse_outcome(value: &str) -> Result<Outcome, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "overturn" => Ok(Outcome::Overturned),
        "uphold" => Ok(Outcome::Upheld),
        _ => Outcome::parse(value)
            .ok_or_else(|| format!("`{value}` is not an outcome: use upheld or overturned")),
    }
}

fn parse_layout(value: &str) -> Result<Layout, String> {
    Layout::parse(value).ok_or_else(|| {
        let names: Vec<&str> = Layout::ALL.iter().map(|layout| layout.as_str()).collect();
        format!("`{value}` is not a layout: use {}", names.join(", "))
    })
}

fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{value}` is not a date: write YYYY-MM-DD, for example 2014-06-30"))
}

fn parse_age(value: &str) -> Result<AgeRange, String> {
    let bad = || format!("`{value}` is not an age range: write 50..65, 50.., ..65 or 59");
    let number = |text: &str| -> Result<Option<u64>, String> {
        let text = text.trim();
        if text.is_empty() {
            Ok(None)
        } else {
            text.parse::<u64>().map(Some).map_err(|_| bad())
        }
    };
    let range = match value.split_once("..") {
        Some((min, max)) => AgeRange {
            min: number(min)?,
            max: number(max.trim_start_matches('=').trim())?,
        },
        None => {
            let age = number(value)?.ok_or_else(bad)?;
            AgeRange {
                min: Some(age),
                max: Some(age),
            }
        }
    };
    match (range.min, range.max) {
        (None, None) => Err(bad()),
        (Some(min), Some(max)) if min > max => Err(format!("`{value}`: {min} is more than {max}")),
        _ => Ok(range),
    }
}

/// `text` cut to `width` characters, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A csv error as the io error beneath it when there is one, so that
/// `main` still recognises a closed pipe (csv's own conversion to
/// `io::Error` hides the kind).
pub fn csv_error(error: csv::Error) -> std::io::Error {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => std::io::Error::other(message),
    }
}

/// The query words as one string (`imr search acupuncture upheld` needs no quotes).
pub fn joined(words: &[String]) -> String {
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        let table = [
            ("50..65", Some((Some(50), Some(65)))),
            ("50..", Some((Some(50), None))),
            ("..65", Some((None, Some(65)))),
            ("50..=65", Some((Some(50), Some(65)))),
            ("59", Some((Some(59), Some(59)))),
            ("..", None),
            ("65..50", None),
            ("old", None),
        ];
        for (text, expected) in table {
            let got = parse_age(text).ok().map(|range| (range.min, range.max));
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn outcomes_dates_layouts() {
        assert_eq!(parse_outcome("Upheld"), Ok(Outcome::Upheld));
        assert_eq!(parse_outcome("overturn"), Ok(Outcome::Overturned));
        assert!(parse_outcome("denied")
            .unwrap_err()
            .contains("upheld or overturned"));
        assert_eq!(
            parse_date("2014-06-30"),
            Ok(NaiveDate::from_ymd_opt(2014, 6, 30).unwrap())
        );
        assert!(parse_date("06/30/2014").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(parse_layout("DWC_FINAL"), Ok(Layout::DwcFinal));
        assert!(parse_layout("pdf").is_err());
        let backwards = FilterArgs {
            decided_from: NaiveDate::from_ymd_opt(2015, 1, 1),
            decided_to: NaiveDate::from_ymd_opt(2014, 1, 1),
            ..FilterArgs::default()
        };
        assert!(backwards.to_filters().is_err());
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Norco 10/325mg #120", 8), "Norco 1…");
        assert_eq!(truncate("short", 8), "short");
    }
}
