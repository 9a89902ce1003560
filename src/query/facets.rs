//! Facet counts and cross-tabulations of matching items (or letters).
//!
//! One dimension (`--by treatment`) counts items per value, largest first,
//! with how many of them were overturned. Two dimensions (`--by treatment
//! --by outcome`) cross-tabulate: a count per (row, column) pair, and per
//! row its total, overturned items and overturn rate.
//!
//! A dimension is a facet field, optionally with a path to drill into:
//! `treatment` counts categories, `treatment/medication` the kinds of
//! medication, `guideline/ODG` the ODG chapters. Items without a value for
//! a dimension are left out of its counts (but not of the total); an item
//! with several values (guidelines) counts once under each.
//!
//! Counting letters instead of items (`cases`) needs the letter of each
//! matching item, which a custom collector reads from the `case` fast field
//! (falling back to the stored file name for letters without a case
//! number). Collectors only see live documents, so replaced letters never
//! count.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::fastfield::FacetReader;
use tantivy::schema::{Facet, Value};
use tantivy::store::StoreReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

use crate::index::schema::FACET_FIELDS;
use crate::index::ImrIndex;
use crate::{Error, Result};

use super::understand::QueryPlan;
use super::{compile, Filters};

/// One count: a value (one dimension) or a (row, column) pair (two).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetCount {
    /// The facet path counted (one dimension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The row's facet path (two dimensions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column's facet path (two dimensions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Items (or letters) counted.
    pub count: u64,
    /// Of those, overturned (one dimension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overturned: Option<u64>,
    /// `overturned / count` (one dimension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overturn_rate: Option<f64>,
}

/// A row of a cross-tabulation: its total and how much of it was overturned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowTotal {
    /// The row's facet path.
    pub row: String,
    /// Items (or letters) in the row, each once however many columns it has.
    pub total: u64,
    /// Of those, overturned (for letters: with at least one overturned item).
    pub overturned: u64,
    /// `overturned / total`.
    pub overturn_rate: f64,
}

/// What [`facet_counts`] returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FacetTable {
    /// The query as typed.
    pub query: String,
    /// Matching items (or letters, with `cases`).
    pub total: u64,
    /// The dimensions, as given.
    pub by: Vec<String>,
    /// Whether counts are letters rather than items.
    pub cases: bool,
    /// Counts, largest first (two dimensions: grouped by row, rows in
    /// [`FacetTable::rows`] order).
    pub counts: Vec<FacetCount>,
    /// Per-row totals of a cross-tabulation (empty for one dimension).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowTotal>,
}

/// Names accepted by `by` besides the facet fields.
const ALIASES: &[(&str, &str)] = &[("age", "age_band"), ("reviewer_guideline", "guideline")];

/// A dimension to count by: a facet field and the path whose children
/// are the values.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dimension {
    field: &'static str,
    /// Components of the path under which values are counted (empty: the top).
    root: Vec<String>,
}

fn dimension(by: &str) -> Result<Dimension> {
    let by = by.trim();
    let (name, rest) = match by.split_once('/') {
        Some((name, rest)) => (name, Some(rest)),
        None => (by, None),
    };
    let name = name.to_lowercase();
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name.as_str(), |(_, field)| field);
    let Some(field) = FACET_FIELDS.iter().find(|field| **field == name) else {
        return Err(Error::Query(format!(
            "cannot count by `{by}`: use one of {} (or age), optionally with a path such as treatment/medication or guideline/ODG",
            FACET_FIELDS.join(", ")
        )));
    };
    let root = match rest
        .map(|rest| rest.trim_matches('/'))
        .filter(|rest| !rest.is_empty())
    {
        None => Vec::new(),
        Some(rest) => {
            let path = match *field {
                "treatment" => super::resolve_treatment(rest)?,
                "guideline" | "ca_guideline" | "cited" => super::resolve_guideline(rest)?,
                "specialty" => super::resolve_specialty(rest)?,
                "outcome" | "layout" => format!("/{}", rest.to_lowercase()),
                _ => format!("/{rest}"),
            };
            path.trim_start_matches('/')
                .split('/')
                .map(str::to_string)
                .collect()
        }
    };
    Ok(Dimension { field, root })
}

/// Counts matching items (or, with `cases`, letters) by one dimension, or
/// cross-tabulates by two. `by` names are facet fields, optionally with a
/// path to drill into (`treatment/medication`, `guideline/ODG`); `age` is
/// `age_band`.
pub fn facet_counts(
    index: &ImrIndex,
    plan: &QueryPlan,
    filters: &Filters,
    by: &[String],
    cases: bool,
) -> Result<FacetTable> {
    if by.is_empty() || by.len() > 2 {
        return Err(Error::Query(format!(
            "count by one or two facets, not {}: for example --by treatment --by outcome",
            by.len()
        )));
    }
    let dimensions = by
        .iter()
        .map(|name| dimension(name))
        .collect::<Result<Vec<_>>>()?;
    let compiled = compile(index, plan, filters, false)?;
    let collector = TabCollector {
        dimensions,
        letters: cases,
    };
    let tally = index.searcher().search(&*compiled.query, &collector)?;
    Ok(tally.into_table(plan, by, cases))
}

/// Items and, when counting letters, the letters among them.
#[derive(Debug, Default)]
struct Counter {
    items: u64,
    letters: HashSet<u64>,
}

impl Counter {
    fn add(&mut self, letter: Option<u64>) {
        self.items += 1;
        if let Some(letter) = letter {
            self.letters.insert(letter);
        }
    }

    fn merge(&mut self, other: Counter) {
        self.items += other.items;
        self.letters.extend(other.letters);
    }

    fn value(&self, letters: bool) -> u64 {
        if letters {
            self.letters.len() as u64
        } else {
            self.items
        }
    }
}

/// Counts keyed by bucket names; cells are (row, column), column `None`
/// for one dimension.
#[derive(Debug, Default)]
struct Tally {
    total: Counter,
    cells: HashMap<(String, Option<String>), Counter>,
    rows: HashMap<String, (Counter, Counter)>,
}

fn rate(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        // Four decimals are plenty for a share and keep JSON readable.
        (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0
    }
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.total.merge(other.total);
        for (key, counter) in other.cells {
            self.cells.entry(key).or_default().merge(counter);
        }
        for (key, (total, overturned)) in other.rows {
            let row = self.rows.entry(key).or_default();
            row.0.merge(total);
            row.1.merge(overturned);
        }
    }

    fn into_table(self, plan: &QueryPlan, by: &[String], letters: bool) -> FacetTable {
        let total = self.total.value(letters);
        let mut rows: Vec<RowTotal> = self
            .rows
            .iter()
            .map(|(row, (all, overturned))| {
                let total = all.value(letters);
                let overturned = overturned.value(letters);
                RowTotal {
                    row: row.clone(),
                    total,
                    overturned,
                    overturn_rate: rate(overturned, total),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.row.cmp(&b.row)));
        let mut counts: Vec<FacetCount>;
        if by.len() == 1 {
            counts = rows
                .iter()
                .map(|row| FacetCount {
                    value: Some(row.row.clone()),
                    row: None,
                    column: None,
                    count: row.total,
                    overturned: Some(row.overturned),
                    overturn_rate: Some(row.overturn_rate),
                })
                .collect();
            rows.clear();
        } else {
            let order: HashMap<&str, usize> = rows
                .iter()
                .enumerate()
                .map(|(i, row)| (row.row.as_str(), i))
                .collect();
            counts = self
                .cells
                .iter()
                .map(|((row, column), counter)| FacetCount {
                    value: None,
                    row: Some(row.clone()),
                    column: column.clone(),
                    count: counter.value(letters),
                    overturned: None,
                    overturn_rate: None,
                })
                .collect();
            counts.sort_by(|a, b| {
                let rank = |count: &FacetCount| {
                    count
                        .row
                        .as_deref()
                        .and_then(|row| order.get(row))
                        .copied()
                        .unwrap_or(usize::MAX)
                };
                rank(a)
                    .cmp(&rank(b))
                    .then_with(|| b.count.cmp(&a.count))
                    .then_with(|| a.column.cmp(&b.column))
            });
        }
        FacetTable {
            query: plan.query.clone(),
            total,
            by: by.to_vec(),
            cases: letters,
            counts,
            rows,
        }
    }
}

struct TabCollector {
    dimensions: Vec<Dimension>,
    letters: bool,
}

/// A facet column of one segment, read through tantivy's `FacetReader`,
/// with each ordinal's bucket remembered in a table indexed by ordinal
/// (ordinals are dense per segment): counting reads this table once per
/// item, and a hash map there was most of the cost of counting.
struct DimensionReader {
    reader: Option<FacetReader>,
    root: Vec<String>,
    /// Per ordinal: not looked up yet (`None`), no bucket, or the bucket.
    buckets: Vec<Option<Option<u32>>>,
}

impl DimensionReader {
    fn open(segment: &SegmentReader, field: &str, root: Vec<String>) -> tantivy::Result<Self> {
        // A segment where no item has a value may have no column at all.
        let reader = segment.fast_fields().str(field)?.map(FacetReader::new);
        let buckets = vec![None; reader.as_ref().map_or(0, FacetReader::num_facets)];
        Ok(DimensionReader {
            reader,
            root,
            buckets,
        })
    }

    /// Replaces `found` with the buckets of `doc`, interned in `names`.
    fn buckets(&mut self, doc: DocId, names: &mut Interner, found: &mut Vec<u32>) {
        found.clear();
        let Some(reader) = &self.reader else {
            return;
        };
        for ord in reader.facet_ords(doc) {
            let slot = ord as usize;
            if slot >= self.buckets.len() {
                self.buckets.resize(slot + 1, None);
            }
            let bucket = *self.buckets[slot].get_or_insert_with(|| {
                let mut facet = Facet::root();
                reader.facet_from_ord(ord, &mut facet).ok()?;
                bucket_of(&facet, &self.root).map(|name| names.id(name))
            });
            if let Some(bucket) = bucket {
                if !found.contains(&bucket) {
                    found.push(bucket);
                }
            }
        }
    }
}

/// The value a facet counts under for `root`: the child of `root` on its
/// path, or `root` itself when the facet is `root`.
fn bucket_of(facet: &Facet, root: &[String]) -> Option<String> {
    let path = facet.to_path();
    if path.len() < root.len() || path.iter().zip(root).any(|(a, b)| *a != b.as_str()) {
        return None;
    }
    let depth = (root.len() + 1).min(path.len());
    if depth == 0 {
        return None;
    }
    let mut name = String::new();
    for component in &path[..depth] {
        name.push('/');
        name.push_str(component);
    }
    Some(name)
}

#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, name: String) -> u32 {
        if let Some(id) = self.ids.get(&name) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }
}

/// What identifies the letter of an item within one segment.
struct LetterReader {
    segment: SegmentOrdinal,
    cases: Option<StrColumn>,
    known: HashMap<u64, u64>,
    store: Option<StoreReader>,
    file: tantivy::schema::Field,
}

impl LetterReader {
    fn letter_of(&mut self, doc: DocId) -> u64 {
        if let Some(cases) = &self.cases {
            if let Some(ord) = cases.term_ords(doc).next() {
                if let Some(id) = self.known.get(&ord) {
                    return *id;
                }
                let mut case = String::new();
                if cases.ord_to_str(ord, &mut case).unwrap_or(false) {
                    let id = hash(("case", case.as_str()));
                    self.known.insert(ord, id);
                    return id;
                }
            }
        }
        // No case number: the file is the letter (its key is hash and path).
        let file = self
            .store
            .as_ref()
            .and_then(|store| store.get::<TantivyDocument>(doc).ok())
            .and_then(|stored| {
                stored
                    .get_first(self.file)
                    .and_then(|value| value.as_str())
                    .map(str::to_string)
            });
        match file {
            Some(file) => hash(("file", file.as_str())),
            None => hash(("doc", self.segment, doc)),
        }
    }
}

/// 64-bit identity of a letter; collisions among a few million letters
/// are vanishingly unlikely and would only undercount by one.
fn hash(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

struct TabSegment {
    dimensions: Vec<DimensionReader>,
    outcome: DimensionReader,
    overturned: Option<u32>,
    letters: Option<LetterReader>,
    names: Interner,
    total: Counter,
    /// Per (row, column) bucket ids.
    cells: HashMap<(u32, Option<u32>), Counter>,
    /// Per row bucket id (ids are small and dense): items, overturned.
    rows: Vec<Option<(Counter, Counter)>>,
    /// Buffers reused for every item, so counting allocates nothing per item.
    row_buckets: Vec<u32>,
    column_buckets: Vec<u32>,
    outcome_buckets: Vec<u32>,
}

impl Collector for TabCollector {
    type Fruit = Tally;
    type Child = TabSegment;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TabSegment> {
        let dimensions = self
            .dimensions
            .iter()
            .map(|dimension| {
                DimensionReader::open(segment, dimension.field, dimension.root.clone())
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let outcome = DimensionReader::open(segment, "outcome", Vec::new())?;
        let letters = if self.letters {
            Some(LetterReader {
                segment: segment_ord,
                cases: segment.fast_fields().str("case")?,
                known: HashMap::new(),
                store: Some(segment.get_store_reader(1)?),
                file: segment.schema().get_field("file")?,
            })
        } else {
            None
        };
        let mut names = Interner::default();
        let overturned = Some(names.id("/overturned".to_string()));
        Ok(TabSegment {
            dimensions,
            outcome,
            overturned,
            letters,
            names,
            total: Counter::default(),
            cells: HashMap::new(),
            rows: Vec::new(),
            row_buckets: Vec::new(),
            column_buckets: Vec::new(),
            outcome_buckets: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut all = Tally::default();
        for fruit in fruits {
            all.merge(fruit);
        }
        Ok(all)
    }
}

impl SegmentCollector for TabSegment {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let letter = self.letters.as_mut().map(|letters| letters.letter_of(doc));
        self.outcome
            .buckets(doc, &mut self.names, &mut self.outcome_buckets);
        let overturned = self
            .outcome_buckets
            .iter()
            .any(|bucket| Some(*bucket) == self.overturned);
        self.total.add(letter);
        self.dimensions[0].buckets(doc, &mut self.names, &mut self.row_buckets);
        let crossed = self.dimensions.len() > 1;
        if let Some(dimension) = self.dimensions.get_mut(1) {
            dimension.buckets(doc, &mut self.names, &mut self.column_buckets);
        }
        for &row in &self.row_buckets {
            let slot = row as usize;
            if slot >= self.rows.len() {
                self.rows.resize_with(slot + 1, || None);
            }
            let counters = self.rows[slot].get_or_insert_with(Default::default);
            counters.0.add(letter);
            if overturned {
                counters.1.add(letter);
            }
            if crossed {
                for &column in &self.column_buckets {
                    self.cells
                        .entry((row, Some(column)))
                        .or_default()
                        .add(letter);
                }
            }
        }
    }

    fn harvest(self) -> Tally {
        let name = |id: u32| self.names.names[id as usize].clone();
        Tally {
            total: self.total,
            cells: self
                .cells
                .into_iter()
                .map(|((row, column), counter)| ((name(row), column.map(name)), counter))
                .collect(),
            rows: self
                .rows
                .into_iter()
                .enumerate()
                .filter_map(|(row, counters)| Some((name(row as u32), counters?)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{build, sample_letters};
    use super::super::understand::understand;
    use super::*;

    fn counts(table: &FacetTable) -> Vec<(String, u64)> {
        table
            .counts
            .iter()
            .map(|count| (count.value.clone().unwrap_or_default(), count.count))
            .collect()
    }

    fn pairs(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
        expected.iter().map(|(v, c)| (v.to_string(), *c)).collect()
    }

    fn by(index: &ImrIndex, query: &str, dims: &[&str], cases: bool) -> FacetTable {
        let dims: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
        facet_counts(index, &understand(query), &Filters::default(), &dims, cases)
            .unwrap_or_else(|error| panic!("{query} {dims:?}: {error}"))
    }

    #[test]
    fn counts_one_dimension_largest_first() {
        let test = build(&sample_letters());
        let table: &[(&str, &[(&str, u64)])] = &[
            (
                "treatment",
                &[
                    ("/acupuncture", 3),
                    ("/medication", 3),
                    ("/injection", 1),
                    ("/physical_therapy", 1),
                ],
            ),
            (
                "treatment/medication",
                &[("/medication/opioid", 2), ("/medication/topical", 1)],
            ),
            ("treatment/injection", &[("/injection/facet", 1)]),
            ("outcome", &[("/upheld", 6), ("/overturned", 2)]),
            ("guideline", &[("/ODG", 5), ("/MTUS", 3)]),
            (
                "guideline/odg",
                &[("/ODG/Low Back", 3), ("/ODG/Pain (Chronic)", 2)],
            ),
            ("ca_guideline", &[("/MTUS", 8)]),
            (
                "specialty",
                &[
                    ("/Anesthesiology", 5),
                    ("/Orthopedic Surgery", 2),
                    ("/Chiropractic", 1),
                ],
            ),
            ("year", &[("/2014", 5), ("/2013", 2), ("/2015", 1)]),
            (
                "age",
                &[("/50-59", 3), ("/30-39", 2), ("/60-69", 2), ("/40-49", 1)],
            ),
            ("layout", &[("/dwc_final", 8)]),
            ("state", &[("/California", 8)]),
        ];
        for (dimension, expected) in table {
            let result = by(&test.index, "", &[dimension], false);
            assert_eq!(result.total, 8, "{dimension}");
            assert_eq!(counts(&result), pairs(expected), "{dimension}");
            assert!(result.rows.is_empty());
        }
        // The query narrows what is counted, and each value knows its overturns.
        let result = by(&test.index, "anesthesiology", &["treatment"], false);
        assert_eq!(result.total, 5);
        let acupuncture = &result.counts[0];
        assert_eq!(acupuncture.value.as_deref(), Some("/acupuncture"));
        assert_eq!((acupuncture.count, acupuncture.overturned), (2, Some(1)));
        assert_eq!(acupuncture.overturn_rate, Some(0.5));
    }

    #[test]
    fn cross_tabulates_with_overturn_rates() {
        let test = build(&sample_letters());
        let result = by(&test.index, "", &["treatment", "outcome"], false);
        let cells: Vec<(String, String, u64)> = result
            .counts
            .iter()
            .map(|c| (c.row.clone().unwrap(), c.column.clone().unwrap(), c.count))
            .collect();
        let expected = [
            ("/acupuncture", "/upheld", 2),
            ("/acupuncture", "/overturned", 1),
            ("/medication", "/upheld", 2),
            ("/medication", "/overturned", 1),
            ("/injection", "/upheld", 1),
            ("/physical_therapy", "/upheld", 1),
        ];
        let expected: Vec<(String, String, u64)> = expected
            .iter()
            .map(|(r, c, n)| (r.to_string(), c.to_string(), *n))
            .collect();
        assert_eq!(cells, expected);
        let rows: Vec<(&str, u64, u64, f64)> = result
            .rows
            .iter()
            .map(|r| (r.row.as_str(), r.total, r.overturned, r.overturn_rate))
            .collect();
        assert_eq!(
            rows,
            [
                ("/acupuncture", 3, 1, 0.3333),
                ("/medication", 3, 1, 0.3333),
                ("/injection", 1, 0, 0.0),
                ("/physical_therapy", 1, 0, 0.0),
            ]
        );
        // Columns that are not the outcome: rows still carry the overturn rate.
        let result = by(&test.index, "", &["specialty", "guideline"], false);
        let anesthesiology = &result.rows[0];
        assert_eq!(anesthesiology.row, "/Anesthesiology");
        assert_eq!((anesthesiology.total, anesthesiology.overturned), (5, 2));
        assert_eq!(anesthesiology.overturn_rate, 0.4);
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(
            json["counts"][0],
            serde_json::json!({"row": "/Anesthesiology", "column": "/ODG", "count": 3})
        );
        assert_eq!(json["rows"][0]["overturn_rate"], 0.4);
    }

    #[test]
    fn cases_count_distinct_letters() {
        let mut test = build(&sample_letters());
        let result = by(&test.index, "", &["specialty"], true);
        assert_eq!(result.total, 5);
        assert_eq!(
            counts(&result),
            pairs(&[
                ("/Anesthesiology", 3),
                ("/Chiropractic", 1),
                ("/Orthopedic Surgery", 1)
            ])
        );
        let result = by(&test.index, "", &["outcome"], true);
        assert_eq!(
            counts(&result),
            pairs(&[("/upheld", 5), ("/overturned", 2)])
        );
        let result = by(&test.index, "", &["treatment", "outcome"], true);
        let medication = result.rows.iter().find(|r| r.row == "/medication").unwrap();
        // Norco in two letters and Lidoderm in a third; one letter had an overturn.
        assert_eq!((medication.total, medication.overturned), (3, 1));

        // A replaced letter leaves deleted items behind in its segment;
        // they must not count.
        let mut letters = sample_letters();
        letters[0].items.pop();
        test.replace(&letters[0]);
        let result = by(&test.index, "", &["outcome"], true);
        assert_eq!(result.total, 5);
        assert_eq!(
            counts(&result),
            pairs(&[("/upheld", 4), ("/overturned", 2)])
        );
        let result = by(&test.index, "", &["outcome"], false);
        assert_eq!(result.total, 7);
    }

    #[test]
    fn unknown_dimensions_are_refused() {
        let test = build(&sample_letters());
        for (dims, expected) in [
            (vec!["colour"], "cannot count by `colour`"),
            (vec![], "count by one or two facets"),
            (vec!["outcome", "year", "state"], "not 3"),
            (vec!["treatment/yoga"], "unknown treatment"),
        ] {
            let dims: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
            match facet_counts(
                &test.index,
                &understand(""),
                &Filters::default(),
                &dims,
                false,
            ) {
                Err(Error::Query(message)) => assert!(message.contains(expected), "{message}"),
                other => panic!("{dims:?}: {other:?}"),
            }
        }
    }
}
