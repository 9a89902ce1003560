//! The index schema: the only place field names live.
//!
//! One tantivy document per disputed **item**, so that "acupuncture upheld"
//! can only match an item that is both. Case-level fields (dates, age,
//! specialty, summary) are copied onto each item so every filter works from
//! the item. The first item of a letter also stores the whole structured
//! letter (JSON) for `imr show`, and indexes the rest of the letter's text
//! (what the summary and rationales leave: [`super::remainder`]).

use chrono::{Datelike, NaiveDate};
use tantivy::schema::{
    DateOptions, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{DateTime, Index, TantivyDocument};

use crate::model::{Decision, Item};

/// Bumped whenever the schema or the meaning of a field changes; an index
/// written with another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 4;

/// Name of the analyzer for running text ([`super::analyzer::text_analyzer`]).
pub const TEXT_ANALYZER: &str = "imr_text";

/// Field handles, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// `case`: the IMR case number, exact (`CM13-0001234`).
    pub case_number: Field,
    /// `key`: what identifies a letter across runs (case number, else content hash and path).
    pub letter_key: Field,
    /// `hash`: BLAKE3 of the letter's bytes.
    pub content_hash: Field,
    /// `file`: where the letter was read from.
    pub file: Field,
    /// `item`: position of the item in its letter (0 for the first).
    pub item_index: Field,
    /// `treatment`: facet `/category/subcategory`.
    pub treatment: Field,
    /// `outcome`: facet `/upheld` or `/overturned`.
    pub outcome: Field,
    /// `guideline`: facets of the reviewer's guidelines (`/ODG/Low Back`).
    pub guideline: Field,
    /// `ca_guideline`: facets of the claims administrator's guidelines.
    pub ca_guideline: Field,
    /// `cited`: facets of guidelines cited by either party.
    pub cited: Field,
    /// `specialty`: facet of the reviewer's specialty.
    pub specialty: Field,
    /// `layout`: facet of the letter template.
    pub layout: Field,
    /// `year`: facet of the decision year (UR denial, else assignment).
    pub year: Field,
    /// `age_band`: facet of the 10-year age band (`/50-59`).
    pub age_band: Field,
    /// `state`: facet of the reviewer's licensure state.
    pub state: Field,
    /// `sex`: `male` / `female`.
    pub sex: Field,
    /// `requested`: the treatment as written (text).
    pub requested: Field,
    /// `rationale`: the decision rationale (text).
    pub rationale: Field,
    /// `summary`: the clinical case summary (text).
    pub summary: Field,
    /// `text`: the letter's text outside its summary and rationales (text;
    /// first item only). `text:` queries search it with `requested`,
    /// `rationale` and `summary`, so they reach the whole letter.
    pub text: Field,
    /// `injured`: date of injury.
    pub injured: Field,
    /// `decided`: UR denial date.
    pub decided: Field,
    /// `assigned`: date assigned.
    pub assigned: Field,
    /// `age`: employee age.
    pub age: Field,
    /// `letter`: the structured letter as JSON (stored on the first item).
    pub letter: Field,
    /// `size`: the letter file's length in bytes when indexed (fast).
    pub file_size: Field,
    /// `modified`: the letter file's modification time when indexed, in
    /// nanoseconds since 1970 (fast).
    pub file_modified: Field,
}

/// Facet fields users can count by, with their names.
pub const FACET_FIELDS: &[&str] = &[
    "treatment",
    "outcome",
    "guideline",
    "ca_guideline",
    "cited",
    "specialty",
    "layout",
    "year",
    "age_band",
    "state",
];

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let stored_text = TextOptions::default()
        .set_indexing_options(text_indexing.clone())
        .set_stored();
    let text = TextOptions::default().set_indexing_options(text_indexing);
    let facet = FacetOptions::default().set_stored();
    let date = DateOptions::default().set_indexed().set_fast().set_stored();
    builder.add_text_field("case", STRING | STORED | FAST);
    builder.add_text_field("key", STRING);
    builder.add_text_field("hash", STRING);
    builder.add_text_field("file", STRING | STORED);
    builder.add_u64_field(
        "item",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    for name in FACET_FIELDS {
        // `cited` is the union of two stored fields; storing it again would
        // only grow the doc store every hit has to decompress.
        let options = if *name == "cited" {
            FacetOptions::default()
        } else {
            facet.clone()
        };
        builder.add_facet_field(name, options);
    }
    builder.add_text_field("sex", STRING | STORED);
    builder.add_text_field("requested", stored_text.clone());
    builder.add_text_field("rationale", stored_text);
    builder.add_text_field("summary", text.clone());
    builder.add_text_field("text", text);
    builder.add_date_field("injured", date.clone());
    builder.add_date_field("decided", date.clone());
    builder.add_date_field("assigned", date);
    builder.add_u64_field("age", INDEXED | STORED | FAST);
    builder.add_text_field("letter", STORED);
    // What the file looked like on disk, so a re-run can pass over a file
    // whose length and modification time are unchanged without reading it.
    builder.add_u64_field("size", FAST);
    builder.add_i64_field("modified", FAST);
    builder.build()
}

/// Every searchable field with its type and an example, for `imr fields`.
pub const FIELD_HELP: &[(&str, &str, &str)] = &[
    ("case", "exact string", "case:CM13-0012345"),
    ("file", "exact string", "file:\"corpus/letter.txt\""),
    ("item", "number (0 = first item)", "item:0"),
    ("treatment", "facet", "treatment:/injection/facet"),
    ("outcome", "facet", "outcome:/overturned"),
    (
        "guideline",
        "facet (reviewer)",
        "guideline:\"/ODG/Low Back\"",
    ),
    (
        "ca_guideline",
        "facet (claims administrator)",
        "ca_guideline:/MTUS/ACOEM",
    ),
    ("cited", "facet (either party)", "cited:/ODG"),
    ("specialty", "facet", "specialty:/Anesthesiology"),
    ("layout", "facet", "layout:/dwc_final"),
    ("year", "facet (UR denial year)", "year:/2014"),
    ("age_band", "facet", "age_band:/50-59"),
    ("state", "facet (reviewer licensure)", "state:/California"),
    ("sex", "exact string", "sex:female"),
    (
        "requested",
        "text (treatment as written)",
        "requested:norco",
    ),
    ("rationale", "text", "rationale:\"functional improvement\""),
    (
        "summary",
        "text (clinical case summary)",
        "summary:radiculopathy",
    ),
    ("text", "text (whole letter)", "text:\"Board Certified\""),
    (
        "injured",
        "date (date of injury)",
        "injured:[2009-01-01 TO 2010-12-31]",
    ),
    (
        "decided",
        "date (UR denial date)",
        "decided:[2014-01-01 TO 2014-06-30]",
    ),
    (
        "assigned",
        "date (date assigned)",
        "assigned:[2014-01-01 TO *]",
    ),
    ("age", "number", "age:[50 TO 65]"),
];

/// Date-typed fields, whose `YYYY-MM-DD` values the query layer rewrites.
pub const DATE_FIELDS: &[&str] = &["injured", "decided", "assigned"];

impl Fields {
    /// Resolves the handles from a schema built by [`build_schema`].
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        Ok(Fields {
            case_number: get("case")?,
            letter_key: get("key")?,
            content_hash: get("hash")?,
            file: get("file")?,
            item_index: get("item")?,
            treatment: get("treatment")?,
            outcome: get("outcome")?,
            guideline: get("guideline")?,
            ca_guideline: get("ca_guideline")?,
            cited: get("cited")?,
            specialty: get("specialty")?,
            layout: get("layout")?,
            year: get("year")?,
            age_band: get("age_band")?,
            state: get("state")?,
            sex: get("sex")?,
            requested: get("requested")?,
            rationale: get("rationale")?,
            summary: get("summary")?,
            text: get("text")?,
            injured: get("injured")?,
            decided: get("decided")?,
            assigned: get("assigned")?,
            age: get("age")?,
            letter: get("letter")?,
            file_size: get("size")?,
            file_modified: get("modified")?,
        })
    }

    /// Builds item `index` of `decision` as a document. The first item also
    /// carries `rest_of_text` (the letter's text outside its summary and
    /// rationales) and the structured JSON.
    pub fn item_document(
        &self,
        decision: &Decision,
        index: usize,
        item: &Item,
        identity: &LetterIdentity,
        rest_of_text: Option<&str>,
    ) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        if let Some(case) = &decision.case_number {
            doc.add_text(self.case_number, case);
        }
        doc.add_text(self.letter_key, &identity.key);
        doc.add_text(self.content_hash, &identity.hash);
        doc.add_text(self.file, &decision.file);
        doc.add_u64(self.item_index, index as u64);
        if let Some(stamp) = identity.stamp {
            doc.add_u64(self.file_size, stamp.size);
            doc.add_i64(self.file_modified, stamp.modified_nanos);
        }
        doc.add_facet(self.treatment, facet_path(&treatment_path(item)).as_str());
        doc.add_facet(self.outcome, format!("/{}", item.outcome.as_str()).as_str());
        for path in &item.reviewer_guidelines {
            doc.add_facet(self.guideline, facet_path(path).as_str());
            doc.add_facet(self.cited, facet_path(path).as_str());
        }
        for path in &item.claims_admin_guidelines {
            doc.add_facet(self.ca_guideline, facet_path(path).as_str());
            if !item.reviewer_guidelines.contains(path) {
                doc.add_facet(self.cited, facet_path(path).as_str());
            }
        }
        if let Some(specialty) = &decision.reviewer_specialty {
            doc.add_facet(
                self.specialty,
                facet_path(&format!("/{specialty}")).as_str(),
            );
        }
        doc.add_facet(
            self.layout,
            format!("/{}", decision.layout.as_str()).as_str(),
        );
        if let Some(year) = decision.decision_year() {
            doc.add_facet(self.year, format!("/{year}").as_str());
        }
        if let Some(age) = decision.age {
            doc.add_facet(self.age_band, age_band(age).as_str());
            doc.add_u64(self.age, u64::from(age));
        }
        if let Some(state) = &decision.reviewer_license_state {
            doc.add_facet(self.state, facet_path(&format!("/{state}")).as_str());
        }
        if let Some(sex) = decision.sex {
            doc.add_text(self.sex, sex.as_str());
        }
        doc.add_text(self.requested, &item.treatment);
        doc.add_text(self.rationale, &item.rationale);
        doc.add_text(self.summary, &decision.clinical_summary);
        for (field, date) in [
            (self.injured, decision.date_of_injury),
            (self.decided, decision.ur_denial_date),
            (self.assigned, decision.date_assigned),
        ] {
            if let Some(date) = date {
                doc.add_date(field, to_tantivy_date(date));
            }
        }
        if index == 0 {
            if let Some(text) = rest_of_text {
                doc.add_text(self.text, text);
            }
            doc.add_text(self.letter, stored_letter_json(decision));
        }
        doc
    }
}

/// The letter as stored for `imr show`: its JSON without the items'
/// rationales, which each item document stores already (and
/// [`restore_rationales`] puts back). Storing them twice made the doc store,
/// which every search hit decompresses a block of, a fifth larger.
pub fn stored_letter_json(decision: &Decision) -> String {
    let mut lean = decision.clone();
    for item in &mut lean.items {
        item.rationale.clear();
    }
    serde_json::to_string(&lean).expect("a Decision is plain data and always serialises")
}

/// Puts the rationales read from the item documents (item index ->
/// rationale) back into a letter read with [`stored_letter_json`].
pub fn restore_rationales(
    decision: &mut Decision,
    rationales: impl IntoIterator<Item = (usize, String)>,
) {
    for (index, rationale) in rationales {
        if let Some(item) = decision.items.get_mut(index) {
            item.rationale = rationale;
        }
    }
}

/// What identifies a letter: its key (case number, else content hash and
/// path), the hash of its bytes (to tell a changed letter from the same),
/// and what its file looked like on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterIdentity {
    /// Case number, or `hash:<content hash>:<path>` when the letter has none.
    pub key: String,
    /// BLAKE3 of the bytes, hex.
    pub hash: String,
    /// The file's length and modification time, when known.
    pub stamp: Option<FileStamp>,
}

/// A file's length and modification time: unchanged, they let a re-run
/// pass over the file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Length in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub modified_nanos: i64,
}

impl FileStamp {
    /// The stamp of a file's metadata; `None` when the platform gives no
    /// modification time.
    pub fn of(metadata: &std::fs::Metadata) -> Option<FileStamp> {
        let modified = metadata.modified().ok()?;
        let nanos = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos()).ok()?,
            Err(before) => -i64::try_from(before.duration().as_nanos()).ok()?,
        };
        Some(FileStamp {
            size: metadata.len(),
            modified_nanos: nanos,
        })
    }
}

impl LetterIdentity {
    /// The identity of a letter read from `file` with `bytes`.
    pub fn of(
        case_number: Option<&str>,
        file: &str,
        bytes: &[u8],
        stamp: Option<FileStamp>,
    ) -> LetterIdentity {
        let hash = blake3::hash(bytes).to_hex().to_string();
        let key = match case_number {
            Some(case) => case.to_string(),
            None => format!("hash:{hash}:{file}"),
        };
        LetterIdentity { key, hash, stamp }
    }
}

/// The treatment facet path of an item: `/injection/facet`, `/acupuncture`.
pub fn treatment_path(item: &Item) -> String {
    match &item.subcategory {
        Some(sub) => format!("/{}/{}", item.category, sub),
        None => format!("/{}", item.category),
    }
}

/// A facet path tidied for tantivy: one leading `/`, components trimmed.
pub fn facet_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for component in path.trim_start_matches('/').split('/') {
        out.push('/');
        out.push_str(component.trim());
    }
    out
}

/// The 10-year band of an age: `/50-59`.
pub fn age_band(age: u8) -> String {
    let low = age / 10 * 10;
    format!("/{}-{}", low, low + 9)
}

/// Converts a calendar date to tantivy's date type (midnight UTC).
pub fn to_tantivy_date(date: NaiveDate) -> DateTime {
    let seconds = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists on every date")
        .and_utc()
        .timestamp();
    DateTime::from_timestamp_secs(seconds)
}

/// Converts tantivy's date back to a calendar date.
pub fn from_tantivy_date(date: DateTime) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(date.into_timestamp_secs(), 0).map(|utc| utc.date_naive())
}

/// The year of a calendar date, for facets.
pub fn year_of(date: NaiveDate) -> i32 {
    date.year()
}

/// Registers the analyzers the schema names on `index` (needed after every open).
pub fn register_analyzers(index: &Index) {
    index
        .tokenizers()
        .register(TEXT_ANALYZER, super::analyzer::text_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_paths() {
        assert_eq!(age_band(59), "/50-59");
        assert_eq!(age_band(18), "/10-19");
        assert_eq!(
            facet_path("/ODG/Neck and Upper Back"),
            "/ODG/Neck and Upper Back"
        );
        let date = NaiveDate::from_ymd_opt(2009, 1, 16).unwrap();
        assert_eq!(from_tantivy_date(to_tantivy_date(date)), Some(date));
    }

    #[test]
    fn the_stored_letter_leaves_rationales_to_the_items_and_gets_them_back() {
        let text = include_str!("../../corpus/imr-final-determination-sample.txt");
        let decision = crate::extract::extract_text("sample.txt", text).unwrap();
        let json = stored_letter_json(&decision);
        let mut stored: Decision = serde_json::from_str(&json).unwrap();
        assert!(stored.items.iter().all(|item| item.rationale.is_empty()));
        let rationales: Vec<(usize, String)> = decision
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| (index, item.rationale.clone()))
            .collect();
        restore_rationales(&mut stored, rationales);
        assert_eq!(stored, decision);
    }

    #[test]
    fn schema_has_every_documented_field() {
        let schema = build_schema();
        for (name, _, _) in FIELD_HELP {
            assert!(schema.get_field(name).is_ok(), "{name}");
        }
        Fields::new(&schema).unwrap();
    }
}
