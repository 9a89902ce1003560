//! Export: every matching item, one record each, streamed.
//!
//! Matches are walked segment by segment with the query's own doc set, so
//! memory stays flat however many items match; each item's stored fields
//! are read and handed to the caller, who writes CSV or NDJSON. Items come
//! in index order (segment, then document), not by relevance.

use tantivy::query::EnableScoring;
use tantivy::{DocSet, TantivyDocument, TERMINATED};

use crate::index::ImrIndex;
use crate::Error;

use super::understand::QueryPlan;
use super::{compile, Filters, ItemRecord};

/// Documents read from one segment's store between hand-offs; the store
/// decompresses by block, so neighbours come cheap.
const STORE_CACHE_BLOCKS: usize = 16;

/// Column names of a CSV export, in order; NDJSON uses the same keys.
pub const CSV_HEADER: &[&str] = &[
    "case_number",
    "file",
    "item",
    "treatment",
    "category",
    "subcategory",
    "outcome",
    "reviewer_guidelines",
    "claims_admin_guidelines",
    "reviewer_specialty",
    "reviewer_license_state",
    "layout",
    "year",
    "age",
    "age_band",
    "sex",
    "date_of_injury",
    "ur_denial_date",
    "date_assigned",
    "rationale",
];

/// An optional text cell: empty when unknown.
pub(crate) fn text_cell(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// An optional date cell, `YYYY-MM-DD`, empty when unknown.
pub(crate) fn date_cell(value: Option<chrono::NaiveDate>) -> String {
    value.map(|date| date.to_string()).unwrap_or_default()
}

impl super::Hit {
    /// Column names of `imr search --format csv`, in order.
    pub const CSV_HEADER: &'static [&'static str] = &[
        "case_number",
        "file",
        "treatment",
        "category",
        "subcategory",
        "outcome",
        "reviewer_guidelines",
        "claims_admin_guidelines",
        "date_of_injury",
        "ur_denial_date",
        "age",
        "sex",
        "reviewer_specialty",
        "score",
        "snippet",
    ];

    /// The hit as CSV cells in [`Self::CSV_HEADER`] order; several
    /// guideline paths are joined with `; `, the snippet is plain text.
    pub fn csv_row(&self) -> Vec<String> {
        vec![
            text_cell(&self.case_number),
            self.file.clone(),
            self.treatment.clone(),
            self.category.clone(),
            text_cell(&self.subcategory),
            self.outcome.clone(),
            self.reviewer_guidelines.join("; "),
            self.claims_admin_guidelines.join("; "),
            date_cell(self.date_of_injury),
            date_cell(self.ur_denial_date),
            self.age.map(|age| age.to_string()).unwrap_or_default(),
            text_cell(&self.sex),
            text_cell(&self.reviewer_specialty),
            format!("{:.4}", self.score),
            self.snippet.text.clone(),
        ]
    }
}

impl ItemRecord {
    /// The record as CSV cells in [`CSV_HEADER`] order; several guideline
    /// paths are joined with `; `.
    pub fn csv_row(&self) -> Vec<String> {
        let text = text_cell;
        let date = date_cell;
        vec![
            text(&self.case_number),
            self.file.clone(),
            self.item.to_string(),
            self.treatment.clone(),
            self.category.clone(),
            text(&self.subcategory),
            self.outcome.clone(),
            self.reviewer_guidelines.join("; "),
            self.claims_admin_guidelines.join("; "),
            text(&self.reviewer_specialty),
            text(&self.reviewer_license_state),
            text(&self.layout),
            text(&self.year),
            self.age.map(|age| age.to_string()).unwrap_or_default(),
            text(&self.age_band),
            text(&self.sex),
            date(self.date_of_injury),
            date(self.ur_denial_date),
            date(self.date_assigned),
            self.rationale.clone(),
        ]
    }
}

/// Calls `each` with every item matching `plan` and `filters`, returning how
/// many there were. Stops at the first error `each` returns (a closed pipe,
/// say) and passes it on.
pub fn export<E: From<Error>>(
    index: &ImrIndex,
    plan: &QueryPlan,
    filters: &Filters,
    mut each: impl FnMut(ItemRecord) -> Result<(), E>,
) -> Result<u64, E> {
    let compiled = compile(index, plan, filters, false)?;
    let searcher = index.searcher();
    let weight = compiled
        .query
        .weight(EnableScoring::disabled_from_searcher(&searcher))
        .map_err(Error::from)?;
    let mut written = 0u64;
    for segment in searcher.segment_readers() {
        let store = segment
            .get_store_reader(STORE_CACHE_BLOCKS)
            .map_err(|error| Error::Tantivy(error.into()))?;
        let alive = segment.alive_bitset();
        let mut docs = weight.scorer(segment, 1.0).map_err(Error::from)?;
        let mut doc = docs.doc();
        while doc != TERMINATED {
            // Scorers walk deleted documents too; a replaced letter's old
            // items must not be exported.
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                let stored: TantivyDocument = store.get(doc).map_err(Error::from)?;
                each(ItemRecord::from_document(&index.fields, &stored))?;
                written += 1;
            }
            doc = docs.advance();
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::super::search;
    use super::super::testing::{build, sample_letters};
    use super::super::understand::understand;
    use super::*;

    fn rows(index: &ImrIndex, query: &str, filters: &Filters) -> Vec<ItemRecord> {
        let mut rows = Vec::new();
        let count = export(index, &understand(query), filters, |row| {
            rows.push(row);
            Ok::<(), Error>(())
        })
        .unwrap();
        assert_eq!(count, rows.len() as u64);
        rows
    }

    #[test]
    fn exports_as_many_rows_as_search_counts() {
        let mut test = build(&sample_letters());
        for query in [
            "",
            "upheld",
            "acupuncture",
            "hydrocodone",
            "decided:2014",
            "-norco",
        ] {
            let total = search(&test.index, &understand(query), &Filters::default(), 1, 0)
                .unwrap()
                .total;
            assert_eq!(
                rows(&test.index, query, &Filters::default()).len() as u64,
                total,
                "{query}"
            );
        }
        // Deleted items (a replaced letter's old version) are not exported.
        let mut letters = sample_letters();
        letters[2].items.pop();
        test.replace(&letters[2]);
        assert_eq!(rows(&test.index, "", &Filters::default()).len(), 7);
    }

    #[test]
    fn rows_carry_every_field() {
        let test = build(&sample_letters());
        let filters = Filters {
            treatment: Some("injection/facet".into()),
            ..Filters::default()
        };
        let found = rows(&test.index, "", &filters);
        assert_eq!(found.len(), 1);
        let row = &found[0];
        assert_eq!(row.case_number.as_deref(), Some("CM14-0000003"));
        assert_eq!(row.item, 1);
        assert_eq!(row.treatment, "Lumbar facet injection L4-5");
        assert_eq!(
            (row.category.as_str(), row.subcategory.as_deref()),
            ("injection", Some("facet"))
        );
        assert_eq!(row.outcome, "upheld");
        assert_eq!(row.reviewer_guidelines, ["/ODG/Low Back"]);
        assert_eq!(row.claims_admin_guidelines, ["/MTUS/Chronic Pain"]);
        assert_eq!(row.reviewer_specialty.as_deref(), Some("Anesthesiology"));
        assert_eq!(row.reviewer_license_state.as_deref(), Some("California"));
        assert_eq!(row.layout.as_deref(), Some("dwc_final"));
        assert_eq!(row.year.as_deref(), Some("2014"));
        assert_eq!(
            (row.age, row.age_band.as_deref()),
            (Some(38), Some("30-39"))
        );
        assert_eq!(row.sex.as_deref(), Some("male"));
        assert_eq!(
            row.date_of_injury.map(|d| d.to_string()).as_deref(),
            Some("2013-02-14")
        );
        assert_eq!(
            row.ur_denial_date.map(|d| d.to_string()).as_deref(),
            Some("2014-07-20")
        );
        assert_eq!(
            row.date_assigned.map(|d| d.to_string()).as_deref(),
            Some("2014-03-24")
        );
        assert!(row
            .rationale
            .starts_with("Facet injections are not recommended"));
        let cells = row.csv_row();
        assert_eq!(cells.len(), CSV_HEADER.len());
        // NDJSON keys are the CSV header.
        let json = serde_json::to_value(row).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut header = CSV_HEADER.to_vec();
        keys.sort();
        header.sort();
        assert_eq!(keys, header);
    }

    #[test]
    fn the_callers_error_stops_the_export() {
        let test = build(&sample_letters());
        let mut seen = 0;
        let result = export(&test.index, &understand(""), &Filters::default(), |_| {
            seen += 1;
            if seen == 3 {
                Err(Error::Message("pipe closed".into()))
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(Error::Message(_))));
        assert_eq!(seen, 3);
    }
}
