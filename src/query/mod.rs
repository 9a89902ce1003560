//! The query layer: understand a query, search the item index, count facets,
//! show and export letters.
//!
//! ```no_run
//! use imr::index::ImrIndex;
//! use imr::query::{search, understand::understand, Filters};
//!
//! let index = ImrIndex::open(std::path::Path::new("index"))?;
//! let plan = understand("acupuncture upheld ODG");
//! let results = search(&index, &plan, &Filters::default(), 10, 0)?;
//! println!("{} items", results.total);
//! for hit in &results.hits {
//!     println!("{:?} {} {}", hit.case_number, hit.outcome, hit.snippet.tagged());
//! }
//! # Ok::<(), imr::Error>(())
//! ```
//!
//! Every document is one disputed item, so filters and words apply to the
//! same item: "acupuncture upheld" finds acupuncture items whose denial
//! stood, never a letter where acupuncture was overturned and something
//! else upheld.
//!
//! Ranking: free text is BM25 over `requested` (boost
//! [`REQUESTED_BOOST`]), `rationale` ([`RATIONALE_BOOST`]) and `summary`
//! ([`SUMMARY_BOOST`]); every word must match somewhere. Filters do not
//! change scores, but the words read as a treatment filter also rank when
//! nothing else does: in `acupuncture upheld ODG`, items whose treatment as
//! written names acupuncture come first, and snippets highlight acupuncture
//! and ODG in the rationale. A query with nothing to rank by at all (flags, an outcome word, a
//! case number) lists the newest UR denial dates first, ties in index
//! order, each with score 1.0.

pub mod analyst;
pub mod any_field;
pub mod export;
pub mod facets;
pub mod snippet;
pub mod understand;

#[cfg(test)]
pub(crate) mod testing;

use std::ops::Bound;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::index::schema::{from_tantivy_date, to_tantivy_date, Fields};
use crate::index::ImrIndex;
use crate::model::{Decision, Layout, Outcome};
use crate::taxonomy;
use crate::{Error, Result};

use any_field::AnyFieldQuery;
use snippet::{Highlighted, SNIPPET_CHARS};
use understand::{FreeText, Interpretation, QueryPlan};

/// Boost of the treatment as written: a word there is what was requested.
pub const REQUESTED_BOOST: f32 = 3.0;
/// Boost of the rationale: why the reviewer decided.
pub const RATIONALE_BOOST: f32 = 1.5;
/// Boost of the clinical summary, shared by every item of a letter.
pub const SUMMARY_BOOST: f32 = 1.0;
/// Free-text words at least this many letters long are retried with one
/// edit allowed when the exact query finds nothing.
pub const FUZZY_MIN_LETTERS: usize = 5;

/// Filters given apart from the query text (command-line flags). Each one
/// set must hold; they add to the filters understood from the query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// The item's outcome.
    pub outcome: Option<Outcome>,
    /// A treatment: `injection/facet`, `/injection/facet` or a category
    /// word such as `acupuncture` or `opioids`.
    pub treatment: Option<String>,
    /// A reviewer guideline: `ODG`, `ACOEM`, `/ODG/Low Back` ...
    pub guideline: Option<String>,
    /// A reviewer specialty, as letters write it (`anesthesiology`).
    pub specialty: Option<String>,
    /// Injured on or after.
    pub injured_from: Option<NaiveDate>,
    /// Injured on or before.
    pub injured_to: Option<NaiveDate>,
    /// UR denial on or after.
    pub decided_from: Option<NaiveDate>,
    /// UR denial on or before.
    pub decided_to: Option<NaiveDate>,
    /// Youngest age.
    pub age_min: Option<u64>,
    /// Oldest age.
    pub age_max: Option<u64>,
    /// The letter template.
    pub layout: Option<Layout>,
}

/// One matching item.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// IMR case number.
    pub case_number: Option<String>,
    /// The letter's file.
    pub file: String,
    /// The treatment as written.
    pub treatment: String,
    /// Treatment category.
    pub category: String,
    /// Treatment subcategory.
    pub subcategory: Option<String>,
    /// `upheld` or `overturned`.
    pub outcome: String,
    /// Guideline paths the reviewer relied on.
    pub reviewer_guidelines: Vec<String>,
    /// Guideline paths the claims administrator relied on.
    pub claims_admin_guidelines: Vec<String>,
    /// Date of injury.
    pub date_of_injury: Option<NaiveDate>,
    /// UR denial date.
    pub ur_denial_date: Option<NaiveDate>,
    /// Employee age.
    pub age: Option<u64>,
    /// Employee sex.
    pub sex: Option<String>,
    /// Reviewer specialty.
    pub reviewer_specialty: Option<String>,
    /// Relevance (1.0 for every hit of a query with nothing to rank by).
    pub score: f32,
    /// A fragment of the rationale and where the query matched in it;
    /// in JSON, `snippet` (matches in `<b>` tags) and `highlights` (byte
    /// ranges into the fragment without the tags).
    #[serde(flatten)]
    pub snippet: Highlighted,
}

/// What [`search`] found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How it was read.
    pub interpretation: Vec<Interpretation>,
    /// Items matching in all (exact count).
    pub total: u64,
    /// Whether these results come from the one-edit retry.
    pub fuzzy: bool,
    /// The requested page of items.
    pub hits: Vec<Hit>,
}

/// Every stored field of an item, as [`export`] writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemRecord {
    /// IMR case number.
    pub case_number: Option<String>,
    /// The letter's file.
    pub file: String,
    /// Position of the item in its letter (0 for the first).
    pub item: u64,
    /// The treatment as written.
    pub treatment: String,
    /// Treatment category.
    pub category: String,
    /// Treatment subcategory.
    pub subcategory: Option<String>,
    /// `upheld` or `overturned`.
    pub outcome: String,
    /// Guideline paths the reviewer relied on.
    pub reviewer_guidelines: Vec<String>,
    /// Guideline paths the claims administrator relied on.
    pub claims_admin_guidelines: Vec<String>,
    /// Reviewer specialty.
    pub reviewer_specialty: Option<String>,
    /// State of the reviewer's licence.
    pub reviewer_license_state: Option<String>,
    /// Letter template.
    pub layout: Option<String>,
    /// Year of the decision (UR denial, else assignment).
    pub year: Option<String>,
    /// Employee age.
    pub age: Option<u64>,
    /// Ten-year age band (`50-59`).
    pub age_band: Option<String>,
    /// Employee sex.
    pub sex: Option<String>,
    /// Date of injury.
    pub date_of_injury: Option<NaiveDate>,
    /// UR denial date.
    pub ur_denial_date: Option<NaiveDate>,
    /// Date assigned.
    pub date_assigned: Option<NaiveDate>,
    /// The decision rationale.
    pub rationale: String,
}

impl ItemRecord {
    /// Reads an item back from its stored document.
    pub fn from_document(fields: &Fields, doc: &TantivyDocument) -> ItemRecord {
        let text = |field: Field| -> Option<String> {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .map(str::to_string)
        };
        let facets = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|value| value.as_facet())
                .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
                .map(|facet| facet_string(&facet))
                .collect()
        };
        let first_facet = |field: Field| facets(field).into_iter().next();
        let date = |field: Field| {
            doc.get_first(field)
                .and_then(|value| value.as_datetime())
                .and_then(from_tantivy_date)
        };
        let number = |field: Field| doc.get_first(field).and_then(|value| value.as_u64());
        let treatment = first_facet(fields.treatment).unwrap_or_default();
        let mut parts = treatment.trim_start_matches('/').splitn(2, '/');
        let category = parts.next().unwrap_or_default().to_string();
        let subcategory = parts.next().map(str::to_string);
        let bare = |path: Option<String>| path.map(|p| p.trim_start_matches('/').to_string());
        ItemRecord {
            case_number: text(fields.case_number),
            file: text(fields.file).unwrap_or_default(),
            item: number(fields.item_index).unwrap_or_default(),
            treatment: text(fields.requested).unwrap_or_default(),
            category,
            subcategory,
            outcome: bare(first_facet(fields.outcome)).unwrap_or_default(),
            reviewer_guidelines: facets(fields.guideline),
            claims_admin_guidelines: facets(fields.ca_guideline),
            reviewer_specialty: bare(first_facet(fields.specialty)),
            reviewer_license_state: bare(first_facet(fields.state)),
            layout: bare(first_facet(fields.layout)),
            year: bare(first_facet(fields.year)),
            age: number(fields.age),
            age_band: bare(first_facet(fields.age_band)),
            sex: text(fields.sex),
            date_of_injury: date(fields.injured),
            ur_denial_date: date(fields.decided),
            date_assigned: date(fields.assigned),
            rationale: text(fields.rationale).unwrap_or_default(),
        }
    }
}

/// A facet as a path string, `/ODG/Low Back`.
fn facet_string(facet: &Facet) -> String {
    let path = facet.to_path();
    let mut out = String::new();
    for component in path {
        out.push('/');
        out.push_str(component);
    }
    out
}

/// Searches for `plan` narrowed by `filters`, returning `limit` hits after
/// skipping `offset`, and the exact total. When nothing matches and the
/// free text has words of [`FUZZY_MIN_LETTERS`] or more letters, those words
/// are retried allowing one edit and `fuzzy` is set.
pub fn search(
    index: &ImrIndex,
    plan: &QueryPlan,
    filters: &Filters,
    limit: usize,
    offset: usize,
) -> Result<SearchResults> {
    let searcher = index.searcher();
    let mut compiled = compile(index, plan, filters, false)?;
    let mut page = run(&searcher, &compiled, limit, offset)?;
    let mut fuzzy = false;
    if page.total == 0 && !compiled.fuzzy_candidates.is_empty() {
        let relaxed = compile(index, plan, filters, true)?;
        let relaxed_page = run(&searcher, &relaxed, limit, offset)?;
        if relaxed_page.total > 0 {
            compiled = relaxed;
            page = relaxed_page;
            fuzzy = true;
        }
    }
    let fields = &index.fields;
    let analyzer = index.index.tokenizer_for_field(fields.rationale)?;
    let mut generator =
        SnippetGenerator::create(&searcher, &*snippet_query(&compiled), fields.rationale)?;
    generator.set_max_num_chars(SNIPPET_CHARS);
    let mut hits = Vec::with_capacity(page.addresses.len());
    for (score, address) in page.addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let record = ItemRecord::from_document(fields, &doc);
        let snippet = make_snippet(&generator, &analyzer, fields, &compiled, &record.rationale);
        hits.push(Hit {
            case_number: record.case_number,
            file: record.file,
            treatment: record.treatment,
            category: record.category,
            subcategory: record.subcategory,
            outcome: record.outcome,
            reviewer_guidelines: record.reviewer_guidelines,
            claims_admin_guidelines: record.claims_admin_guidelines,
            date_of_injury: record.date_of_injury,
            ur_denial_date: record.ur_denial_date,
            age: record.age,
            sex: record.sex,
            reviewer_specialty: record.reviewer_specialty,
            score,
            snippet,
        });
    }
    Ok(SearchResults {
        query: plan.query.clone(),
        interpretation: plan.interpretation.clone(),
        total: page.total,
        fuzzy,
        hits,
    })
}

/// What snippets highlight: the query's words, and the extra words it
/// asks to highlight (only their terms are read, the query is not run).
fn snippet_query(compiled: &Compiled) -> Box<dyn Query> {
    if compiled.highlight.is_empty() {
        return compiled.query.box_clone();
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Should, compiled.query.box_clone())];
    for term in &compiled.highlight {
        clauses.push((
            Occur::Should,
            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn make_snippet(
    generator: &SnippetGenerator,
    analyzer: &TextAnalyzer,
    fields: &Fields,
    compiled: &Compiled,
    rationale: &str,
) -> Highlighted {
    let found = if compiled.fuzzy {
        snippet::fuzzy_snippet(
            analyzer,
            fields.rationale,
            rationale,
            &compiled.fuzzy_candidates,
        )
    } else {
        Highlighted::from_snippet(&generator.snippet(rationale))
    };
    if found.highlights.is_empty() {
        // The match was elsewhere (treatment, summary, a filter): show how
        // the rationale begins rather than nothing.
        Highlighted::leading(rationale, SNIPPET_CHARS)
    } else {
        found
    }
}

struct Page {
    total: u64,
    addresses: Vec<(f32, DocAddress)>,
}

fn run(searcher: &Searcher, compiled: &Compiled, limit: usize, offset: usize) -> Result<Page> {
    let query = &*compiled.query;
    // TopDocs refuses a limit of 0; a count alone answers that.
    if limit == 0 {
        let total = searcher.search(query, &Count)? as u64;
        return Ok(Page {
            total,
            addresses: Vec::new(),
        });
    }
    let top = TopDocs::with_limit(limit).and_offset(offset);
    if compiled.ranks {
        let (total, addresses) = searcher.search(query, &(Count, top.order_by_score()))?;
        Ok(Page {
            total: total as u64,
            addresses,
        })
    } else {
        let by_date = top.order_by_fast_field::<tantivy::DateTime>("decided", Order::Desc);
        let (total, addresses) = searcher.search(query, &(Count, by_date))?;
        Ok(Page {
            total: total as u64,
            addresses: addresses
                .into_iter()
                .map(|(_, address)| (1.0, address))
                .collect(),
        })
    }
}

/// A plan and filters made into one tantivy query.
pub(crate) struct Compiled {
    /// The query.
    pub query: Box<dyn Query>,
    /// Whether there is text to rank by (else: filter-only).
    pub ranks: bool,
    /// Analysed free-text words long enough for the fuzzy retry.
    pub fuzzy_candidates: Vec<String>,
    /// Whether those words were made fuzzy.
    pub fuzzy: bool,
    /// Words to highlight in snippets beyond the query's own: the filter
    /// words of a query of filters only, looked for in the rationale.
    pub highlight: Vec<Term>,
}

/// Builds the tantivy query for a plan and filters. `fuzzy` allows one
/// edit in free-text words of [`FUZZY_MIN_LETTERS`]+ letters.
pub(crate) fn compile(
    index: &ImrIndex,
    plan: &QueryPlan,
    filters: &Filters,
    fuzzy: bool,
) -> Result<Compiled> {
    let fields = &index.fields;
    let mut analyzer = index.index.tokenizer_for_field(fields.requested)?;
    let mut scoring: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut filtering: Vec<Box<dyn Query>> = Vec::new();
    let mut fuzzy_candidates = Vec::new();

    for unit in &plan.text {
        let clause = match unit {
            FreeText::Word(word) => {
                let tokens = analyse(&mut analyzer, word);
                let long_enough =
                    word.chars().filter(|c| c.is_alphabetic()).count() >= FUZZY_MIN_LETTERS;
                if tokens.len() == 1 && long_enough {
                    fuzzy_candidates.push(tokens[0].clone());
                    if fuzzy {
                        Some(fuzzy_clause(fields, &tokens[0]))
                    } else {
                        across_fields(fields, &tokens)
                    }
                } else {
                    across_fields(fields, &tokens)
                }
            }
            FreeText::Phrase(phrase) => across_fields(fields, &analyse(&mut analyzer, phrase)),
            FreeText::Synonyms { word, group } => {
                synonym_clause(fields, &mut analyzer, word, group)
            }
        };
        if let Some(clause) = clause {
            scoring.push((Occur::Must, clause));
        }
    }

    // The treatment as written is the item's title: an item whose title has
    // every plain word typed ranks above one that has them only in its
    // letter's summary ("knee" on a knee operation, not on a shoulder one
    // whose summary mentions the knee).
    let plain_words: Vec<String> = plan
        .text
        .iter()
        .filter_map(|unit| match unit {
            FreeText::Word(word) => Some(word.clone()),
            _ => None,
        })
        .flat_map(|word| analyse(&mut analyzer, &word))
        .collect();
    if !fuzzy && !plain_words.is_empty() && plain_words.len() == plan.text.len() {
        let mut all_in_title: Vec<(Occur, Box<dyn Query>)> = plain_words
            .iter()
            .map(|token| {
                let term: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.requested, token),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Must, term)
            })
            .collect();
        let title: Box<dyn Query> = match all_in_title.len() {
            1 => all_in_title.pop().map(|(_, term)| term).expect("one term"),
            _ => Box::new(BooleanQuery::new(all_in_title)),
        };
        scoring.push((Occur::Should, boosted(title, REQUESTED_BOOST)));
    }

    // Words read as a treatment filter still say what the user wants first:
    // "knee arthroscopy" keeps surgery only, and ranks the arthroscopies
    // above other knee surgery. They only rank, never narrow further, and
    // only on the treatment as written: every item left is of that
    // treatment, so its rationale and summary name it as a matter of
    // course, and asking them about each match cost a third of such a
    // query for no better order.
    if !scoring.is_empty() {
        for reading in &plan.interpretation {
            if reading.kind == understand::Kind::Treatment {
                // By word family on the treatment as written: the stemmer
                // leaves "arthroscopy" and "arthroscopic" apart, a shared
                // stem prefix brings them together.
                let tokens = analyse(&mut analyzer, &reading.word);
                if let Some(clause) = field_query(fields.requested, &tokens) {
                    scoring.push((Occur::Should, boosted(clause, REQUESTED_BOOST)));
                }
                for token in tokens {
                    let keep = token.chars().count().saturating_sub(2).max(5);
                    let prefix: String = token.chars().take(keep).collect();
                    let family = FuzzyTermQuery::new_prefix(
                        Term::from_field_text(fields.requested, &prefix),
                        0,
                        false,
                    );
                    let boosted: Box<dyn Query> =
                        Box::new(BoostQuery::new(Box::new(family), REQUESTED_BOOST));
                    scoring.push((Occur::Should, boosted));
                }
            }
        }
    }

    let mut ranks = !scoring.is_empty();
    if let Some(analyst) = &plan.analyst {
        if analyst.excludes_only {
            // "-norco" beside plain words narrows them and does not rank.
            filtering.push(analyst::parse(
                index,
                &analyst.original,
                &analyst.rewritten,
            )?);
        } else {
            scoring.push((
                Occur::Must,
                analyst::parse(index, &analyst.original, &analyst.rewritten)?,
            ));
            ranks = true;
        }
    }

    // A query of filters only ("acupuncture upheld ODG") still ranks, best
    // first: items whose treatment as written names the treatment asked for
    // come first, and snippets highlight where the rationale names the
    // treatment or guideline. These clauses only rank; the filters alone
    // decide which items match, and the total. Only the treatment as
    // written ranks: an optional clause is run over every item holding its
    // word, and "therapy" or "MTUS" is in nearly every rationale, which
    // cost milliseconds per query for no better order.
    let mut highlight = Vec::new();
    if scoring.is_empty() {
        for reading in &plan.interpretation {
            let kind = reading.kind;
            if !matches!(
                kind,
                understand::Kind::Treatment | understand::Kind::Guideline
            ) {
                continue;
            }
            for token in analyse(&mut analyzer, &reading.word) {
                if kind == understand::Kind::Treatment {
                    let term: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(fields.requested, &token),
                        IndexRecordOption::WithFreqs,
                    ));
                    scoring.push((Occur::Should, boosted(term, REQUESTED_BOOST)));
                }
                highlight.push(Term::from_field_text(fields.rationale, &token));
            }
        }
        ranks = !scoring.is_empty();
    }

    let facet_any = |field: Field, paths: &[String]| -> Result<Option<Box<dyn Query>>> {
        let mut terms: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for path in paths {
            let facet = Facet::from_text(path)
                .map_err(|error| Error::Query(format!("`{path}` is not a facet path: {error}")))?;
            terms.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_facet(field, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(match terms.len() {
            0 => None,
            1 => terms.pop().map(|(_, query)| query),
            _ => Some(Box::new(BooleanQuery::new(terms))),
        })
    };
    let plan_filters = [
        (fields.outcome, &plan.outcomes),
        (fields.treatment, &plan.treatments),
        (fields.guideline, &plan.guidelines),
        (fields.specialty, &plan.specialties),
    ];
    for (field, paths) in plan_filters {
        if let Some(query) = facet_any(field, paths)? {
            filtering.push(query);
        }
    }
    if !plan.cases.is_empty() {
        let cases: Vec<(Occur, Box<dyn Query>)> = plan
            .cases
            .iter()
            .map(|case| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.case_number, case),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        filtering.push(Box::new(BooleanQuery::new(cases)));
    }
    for (field, path) in resolve_filters(filters)? {
        let field = match field {
            FacetFilter::Outcome => fields.outcome,
            FacetFilter::Treatment => fields.treatment,
            FacetFilter::Guideline => fields.guideline,
            FacetFilter::Specialty => fields.specialty,
            FacetFilter::Layout => fields.layout,
        };
        if let Some(query) = facet_any(field, &[path])? {
            filtering.push(query);
        }
    }
    for (field, from, to) in [
        (fields.injured, filters.injured_from, filters.injured_to),
        (fields.decided, filters.decided_from, filters.decided_to),
    ] {
        if from.is_none() && to.is_none() {
            continue;
        }
        let bound = |date: Option<NaiveDate>| match date {
            Some(date) => Bound::Included(Term::from_field_date(field, to_tantivy_date(date))),
            None => Bound::Unbounded,
        };
        filtering.push(Box::new(RangeQuery::new(bound(from), bound(to))));
    }
    if filters.age_min.is_some() || filters.age_max.is_some() {
        let bound = |age: Option<u64>| match age {
            Some(age) => Bound::Included(Term::from_field_u64(fields.age, age)),
            None => Bound::Unbounded,
        };
        filtering.push(Box::new(RangeQuery::new(
            bound(filters.age_min),
            bound(filters.age_max),
        )));
    }

    let mut clauses = scoring;
    for filter in filtering {
        // Filters decide membership, not rank.
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    let clauses = arrange_unions(&index.searcher(), clauses)?;
    let query: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Compiled {
        query,
        ranks,
        fuzzy_candidates,
        fuzzy,
        highlight,
    })
}

/// A union whose estimated matches exceed this many times those of the
/// rarest required clause is asked about that clause's documents one at a
/// time ([`AnyFieldQuery`]) rather than read window by window.
const LAZY_UNION_RATIO: u64 = 4;

/// Chooses how each union of the query is read, without changing what
/// matches or any score. tantivy's `BooleanQuery` reads a union through a
/// buffer that scores every document of a 4,096-document window: the
/// fastest way through a union read from end to end, but wasteful when the
/// union only has to answer for the documents a rarer clause matches ("pain"
/// beside "neuropathic", a word beside a treatment filter, the ranking
/// clauses beside any required ones). Those unions become lazy
/// [`AnyFieldQuery`]s; a required word's union that leads (the rarest, or
/// nearly so) stays buffered.
fn arrange_unions(
    searcher: &Searcher,
    clauses: Vec<(Occur, Box<dyn Query>)>,
) -> Result<Vec<(Occur, Box<dyn Query>)>> {
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut excluded = Vec::new();
    for (occur, clause) in clauses {
        match occur {
            Occur::Must => required.push(clause),
            Occur::Should => optional.push(clause),
            Occur::MustNot => excluded.push(clause),
        }
    }
    let estimates = required
        .iter()
        .map(|clause| estimated_matches(searcher, clause.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    let rarest = estimates.iter().flatten().copied().min();
    let mut arranged: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (clause, estimate) in required.into_iter().zip(estimates) {
        let clause = match clause.downcast_ref::<AnyFieldQuery>() {
            Some(any) => {
                let follows = match (estimate, rarest) {
                    (Some(estimate), Some(rarest)) => {
                        estimate > rarest.saturating_mul(LAZY_UNION_RATIO)
                    }
                    _ => false,
                };
                if follows {
                    clause
                } else {
                    Box::new(any.clone().into_boolean())
                }
            }
            None => clause,
        };
        arranged.push((Occur::Must, clause));
    }
    let has_required = !arranged.is_empty();
    if has_required && optional.len() > 1 {
        // Ranking clauses beside required ones are asked only about the
        // required clauses' documents.
        arranged.push((Occur::Should, Box::new(AnyFieldQuery::new(optional))));
    } else {
        for clause in optional {
            let clause = match clause.downcast_ref::<AnyFieldQuery>() {
                Some(any) if !has_required => Box::new(any.clone().into_boolean()),
                _ => clause,
            };
            arranged.push((Occur::Should, clause));
        }
    }
    arranged.extend(excluded.into_iter().map(|clause| (Occur::MustNot, clause)));
    Ok(arranged)
}

/// How many items a clause may match, as the sum of its terms' document
/// frequencies; `None` when it names no term (a range, all items).
fn estimated_matches(searcher: &Searcher, query: &dyn Query) -> Result<Option<u64>> {
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| terms.push(term.clone()));
    if terms.is_empty() {
        return Ok(None);
    }
    let mut total = 0u64;
    for term in &terms {
        total = total.saturating_add(searcher.doc_freq(term)?);
    }
    Ok(Some(total))
}

fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        tokens.push(stream.token().text.clone());
    }
    tokens
}

fn field_query(field: Field, tokens: &[String]) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [token] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, token),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new(
            tokens
                .iter()
                .map(|token| Term::from_field_text(field, token))
                .collect(),
        ))),
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// The same words in any of the three text fields, with their boosts.
fn across_fields(fields: &Fields, tokens: &[String]) -> Option<Box<dyn Query>> {
    let clauses: Vec<Box<dyn Query>> = [
        (fields.requested, REQUESTED_BOOST),
        (fields.rationale, RATIONALE_BOOST),
        (fields.summary, SUMMARY_BOOST),
    ]
    .into_iter()
    .filter_map(|(field, boost)| field_query(field, tokens).map(|query| boosted(query, boost)))
    .collect();
    any_of(clauses)
}

/// One union of per-field clauses, scored lazily ([`AnyFieldQuery`]).
fn any_of(clauses: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    if clauses.is_empty() {
        None
    } else {
        Some(Box::new(AnyFieldQuery::new(clauses)))
    }
}

fn fuzzy_clause(fields: &Fields, token: &str) -> Box<dyn Query> {
    let clauses: Vec<Box<dyn Query>> = [
        (fields.requested, REQUESTED_BOOST),
        (fields.rationale, RATIONALE_BOOST),
        (fields.summary, SUMMARY_BOOST),
    ]
    .into_iter()
    .map(|(field, boost)| {
        let query = FuzzyTermQuery::new(Term::from_field_text(field, token), 1, true);
        boosted(Box::new(query), boost)
    })
    .collect();
    Box::new(AnyFieldQuery::new(clauses))
}

/// Any name of the group in the treatment as written (boosted), or the
/// word itself in the rationale or summary.
fn synonym_clause(
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    word: &str,
    group: &[String],
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for member in group {
        if let Some(query) = field_query(fields.requested, &analyse(analyzer, member)) {
            clauses.push(boosted(query, REQUESTED_BOOST));
        }
    }
    let tokens = analyse(analyzer, word);
    for (field, boost) in [
        (fields.rationale, RATIONALE_BOOST),
        (fields.summary, SUMMARY_BOOST),
    ] {
        if let Some(query) = field_query(field, &tokens) {
            clauses.push(boosted(query, boost));
        }
    }
    any_of(clauses)
}

/// Which facet a command-line filter is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FacetFilter {
    Outcome,
    Treatment,
    Guideline,
    Specialty,
    Layout,
}

fn resolve_filters(filters: &Filters) -> Result<Vec<(FacetFilter, String)>> {
    let mut out = Vec::new();
    if let Some(outcome) = filters.outcome {
        out.push((FacetFilter::Outcome, format!("/{}", outcome.as_str())));
    }
    if let Some(treatment) = &filters.treatment {
        out.push((FacetFilter::Treatment, resolve_treatment(treatment)?));
    }
    if let Some(guideline) = &filters.guideline {
        out.push((FacetFilter::Guideline, resolve_guideline(guideline)?));
    }
    if let Some(specialty) = &filters.specialty {
        out.push((FacetFilter::Specialty, resolve_specialty(specialty)?));
    }
    if let Some(layout) = filters.layout {
        out.push((FacetFilter::Layout, format!("/{}", layout.as_str())));
    }
    Ok(out)
}

/// The treatment facet path for a filter value: a category word
/// (`acupuncture`, `opioids`, `ESI`), `category` or `category/subcategory`.
pub fn resolve_treatment(value: &str) -> Result<String> {
    if let Some(path) = understand::treatment_path(value) {
        return Ok(path);
    }
    let bare = value.trim().trim_matches('/').to_lowercase();
    let mut parts = bare.splitn(2, '/');
    let category = parts.next().unwrap_or_default();
    let subcategory = parts.next();
    let unknown = || {
        Error::Query(format!(
            "unknown treatment `{value}`: use a category ({}) or category/subcategory such as injection/facet",
            taxonomy::CATEGORIES.join(", ")
        ))
    };
    if !taxonomy::CATEGORIES.contains(&category) {
        return Err(unknown());
    }
    match subcategory {
        None => Ok(format!("/{category}")),
        Some(sub) => {
            let known = taxonomy::TREATMENT_RULES
                .iter()
                .any(|rule| rule.category == category && rule.subcategory == Some(sub));
            if known {
                Ok(format!("/{category}/{sub}"))
            } else {
                let subs: Vec<&str> = taxonomy::TREATMENT_RULES
                    .iter()
                    .filter(|rule| rule.category == category)
                    .filter_map(|rule| rule.subcategory)
                    .collect();
                Err(Error::Query(format!(
                    "unknown treatment `{value}`: {category} has the subcategories {}",
                    if subs.is_empty() {
                        "(none)".to_string()
                    } else {
                        subs.join(", ")
                    }
                )))
            }
        }
    }
}

/// The reviewer guideline facet path for a filter value: `ODG`, `MTUS`,
/// `ACOEM`, `chronic pain guidelines` or a path under `/ODG`, `/MTUS`,
/// `/Other`.
pub fn resolve_guideline(value: &str) -> Result<String> {
    if let Some(path) = understand::guideline_path(value) {
        return Ok(path.to_string());
    }
    let bare = value.trim().trim_start_matches('/');
    let mut parts = bare.splitn(2, '/');
    let top = match parts.next().unwrap_or_default().to_lowercase().as_str() {
        "odg" => "ODG",
        "mtus" => "MTUS",
        "other" => "Other",
        _ => {
            return Err(Error::Query(format!(
                "unknown guideline `{value}`: use ODG, MTUS, ACOEM, \"chronic pain guidelines\", \"acupuncture guidelines\", \"postsurgical guidelines\" or a path such as \"/ODG/Low Back\""
            )))
        }
    };
    Ok(match parts.next() {
        Some(rest) => format!("/{top}/{rest}"),
        None => format!("/{top}"),
    })
}

/// The specialty facet path for a filter value, through
/// [`taxonomy::normalize_specialty`].
pub fn resolve_specialty(value: &str) -> Result<String> {
    taxonomy::normalize_specialty(value.trim_start_matches('/'))
        .map(|name| format!("/{name}"))
        .ok_or_else(|| {
            let names: Vec<&str> = taxonomy::SPECIALTIES
                .iter()
                .map(|(name, _)| *name)
                .collect();
            Error::Query(format!(
                "unknown specialty `{value}`: use one of {}",
                names.join(", ")
            ))
        })
}

/// The letter with this case number: the JSON stored with its first item,
/// with each item's rationale read back from the item's own document;
/// `None` when no such case is indexed.
pub fn show(index: &ImrIndex, case_number: &str) -> Result<Option<Decision>> {
    let fields = &index.fields;
    let case = case_number.trim().to_uppercase();
    let query = TermQuery::new(
        Term::from_field_text(fields.case_number, &case),
        IndexRecordOption::Basic,
    );
    let searcher = index.searcher();
    // A letter has at most a few dozen items; this bound is far above any.
    let found = searcher.search(&query, &TopDocs::with_limit(10_000).order_by_score())?;
    let mut letter: Option<&str> = None;
    let mut rationales = Vec::with_capacity(found.len());
    let documents: Vec<TantivyDocument> = found
        .iter()
        .map(|(_, address)| searcher.doc(*address))
        .collect::<tantivy::Result<_>>()?;
    for doc in &documents {
        if let Some(json) = doc
            .get_first(fields.letter)
            .and_then(|value| value.as_str())
        {
            letter = Some(json);
        }
        let item = doc
            .get_first(fields.item_index)
            .and_then(|value| value.as_u64());
        let rationale = doc
            .get_first(fields.rationale)
            .and_then(|value| value.as_str());
        if let (Some(item), Some(rationale)) = (item, rationale) {
            rationales.push((item as usize, rationale.to_string()));
        }
    }
    if documents.is_empty() {
        return Ok(None);
    }
    let Some(json) = letter else {
        return Err(Error::Message(format!(
            "case {case} is indexed without its letter; rebuild with `imr index --rebuild`"
        )));
    };
    let mut decision: Decision = serde_json::from_str(json).map_err(|error| {
        Error::Message(format!(
            "the stored letter of case {case} cannot be read ({error}); rebuild with `imr index --rebuild`"
        ))
    })?;
    crate::index::schema::restore_rationales(&mut decision, rationales);
    Ok(Some(decision))
}

#[cfg(test)]
mod tests {
    use super::testing::{build, sample_letters, TestIndex};
    use super::understand::understand;
    use super::*;

    fn sample() -> TestIndex {
        build(&sample_letters())
    }

    fn find(index: &ImrIndex, query: &str) -> SearchResults {
        search(index, &understand(query), &Filters::default(), 20, 0)
            .unwrap_or_else(|error| panic!("{query}: {error}"))
    }

    fn found(results: &SearchResults) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = results
            .hits
            .iter()
            .map(|hit| {
                (
                    hit.case_number.clone().unwrap_or_default(),
                    hit.treatment.clone(),
                )
            })
            .collect();
        found.sort();
        found
    }

    fn query_error(index: &ImrIndex, query: &str) -> String {
        match search(index, &understand(query), &Filters::default(), 10, 0) {
            Err(Error::Query(message)) => message,
            Err(other) => panic!("{query}: expected a query error, got {other}"),
            Ok(results) => panic!("{query}: expected an error, found {}", results.total),
        }
    }

    #[test]
    fn filters_and_words_apply_to_the_same_item() {
        let test = sample();
        // CM14-0000001 has acupuncture overturned and Norco upheld: it must
        // not answer "acupuncture upheld".
        let results = find(&test.index, "acupuncture upheld");
        assert_eq!(results.total, 2);
        assert_eq!(
            found(&results),
            [
                ("CM14-0000002".into(), "Acupuncture, 8 sessions".into()),
                ("CM15-0000005".into(), "Acupuncture, 12 visits".into()),
            ]
        );
        assert!(results.hits.iter().all(|hit| hit.outcome == "upheld"));
        let results = find(&test.index, "acupuncture overturned");
        assert_eq!(
            found(&results),
            [("CM14-0000001".into(), "Acupuncture, 6 sessions".into())]
        );
    }

    #[test]
    fn acupuncture_upheld_odg() {
        let test = sample();
        let results = find(&test.index, "acupuncture upheld ODG");
        let json = serde_json::to_value(&results).unwrap();
        assert_eq!(
            json["interpretation"],
            serde_json::json!([
                {"word": "acupuncture", "as": "treatment", "value": "/acupuncture"},
                {"word": "upheld", "as": "outcome", "value": "/upheld"},
                {"word": "ODG", "as": "guideline", "value": "/ODG"},
            ])
        );
        assert_eq!(results.total, 2);
        for hit in &results.hits {
            assert_eq!(hit.category, "acupuncture");
            assert_eq!(hit.outcome, "upheld");
            assert_eq!(hit.reviewer_guidelines, ["/ODG/Low Back"]);
            // The treatment word also ranks, on the treatment as written.
            assert!(hit.score > 1.0, "{}", hit.score);
        }
        // Snippets highlight where the rationale names acupuncture or ODG;
        // one of the two rationales names neither.
        let tagged: Vec<String> = results
            .hits
            .iter()
            .map(|hit| hit.snippet.tagged().to_lowercase())
            .collect();
        assert_eq!(
            tagged
                .iter()
                .filter(|snippet| snippet.contains("<b>acupuncture</b>"))
                .count(),
            1,
            "{tagged:?}"
        );
        assert_eq!(
            results
                .hits
                .iter()
                .filter(|hit| hit.snippet.highlights.is_empty())
                .count(),
            1
        );
        // The MTUS acupuncture guidelines are another filter.
        let results = find(&test.index, "acupuncture guidelines");
        assert_eq!(
            found(&results),
            [("CM14-0000001".into(), "Acupuncture, 6 sessions".into())]
        );
    }

    #[test]
    fn json_hits_have_exactly_the_documented_keys() {
        let test = sample();
        let results = find(&test.index, "weaning");
        let json = serde_json::to_value(&results).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 5);
        for key in ["query", "interpretation", "total", "fuzzy", "hits"] {
            assert!(keys.contains(&key), "{key}");
        }
        let hit = json["hits"][0].as_object().unwrap();
        let mut keys: Vec<&str> = hit.keys().map(String::as_str).collect();
        keys.sort();
        let mut expected = vec![
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
            "highlights",
        ];
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(json["hits"][0]["date_of_injury"], "2010-06-21");
        assert_eq!(json["hits"][0]["ur_denial_date"], "2014-03-12");
        assert_eq!(json["hits"][0]["age"], 59);
        assert_eq!(json["hits"][0]["sex"], "male");
        assert_eq!(json["hits"][0]["reviewer_specialty"], "Anesthesiology");
        assert_eq!(json["hits"][0]["subcategory"], "opioid");
        assert_eq!(
            json["hits"][0]["claims_admin_guidelines"],
            serde_json::json!(["/MTUS/Chronic Pain"])
        );
    }

    #[test]
    fn drug_names_find_their_synonyms() {
        let test = sample();
        let results = find(&test.index, "hydrocodone");
        assert_eq!(
            found(&results),
            [
                ("CM14-0000001".into(), "Norco 10/325mg #120".into()),
                ("CM14-0000003".into(), "Norco 5/325 #60".into()),
            ]
        );
        assert_eq!(results.interpretation[0].kind, understand::Kind::Synonyms);
        assert!(!results.fuzzy);
        // With a filter: the upheld one only.
        let results = find(&test.index, "Vicodin upheld");
        assert_eq!(
            found(&results),
            [("CM14-0000001".into(), "Norco 10/325mg #120".into())]
        );
    }

    #[test]
    fn snippets_mark_matches_with_byte_ranges() {
        let test = sample();
        let results = find(&test.index, "\"functional improvement\"");
        assert_eq!(results.total, 2);
        for hit in &results.hits {
            let plain = &hit.snippet.text;
            assert!(hit
                .snippet
                .tagged()
                .contains("<b>functional</b> <b>improvement</b>"));
            let words: Vec<&str> = hit
                .snippet
                .pairs()
                .iter()
                .map(|[a, b]| &plain[*a..*b])
                .collect();
            assert_eq!(words, ["functional", "improvement"]);
            assert_eq!(
                hit.snippet.tagged().replace("<b>", "").replace("</b>", ""),
                *plain
            );
        }
        // A hit found by filters that name nothing in its text shows how
        // its rationale begins.
        let flags = Filters {
            treatment: Some("physical_therapy".into()),
            ..Filters::default()
        };
        let results = search(&test.index, &understand("CM13-0000004"), &flags, 20, 0).unwrap();
        assert_eq!(results.total, 1);
        assert!(results.hits[0]
            .snippet
            .text
            .starts_with("She has completed extensive therapy"));
        assert!(results.hits[0].snippet.highlights.is_empty());
    }

    #[test]
    fn misspelt_words_are_retried_with_one_edit() {
        let test = sample();
        // (Stemming already forgives some: "weanning" stems to "wean".)
        let results = find(&test.index, "objectve");
        assert!(results.fuzzy);
        assert_eq!(
            found(&results),
            [("CM14-0000002".into(), "Acupuncture, 8 sessions".into())]
        );
        let snippet = results.hits[0].snippet.tagged();
        assert!(snippet.contains("<b>objective</b>"), "{snippet}");
        // In the shared summary: both items of the letter.
        let results = find(&test.index, "radiculopaty");
        assert!(results.fuzzy);
        assert_eq!(results.total, 2);
        // Spelt right: exact, not fuzzy.
        let results = find(&test.index, "weaning");
        assert!(!results.fuzzy);
        assert_eq!(results.total, 1);
        // Short words are not retried; nothing is nothing.
        let results = find(&test.index, "wean xyzzyq");
        assert_eq!(results.total, 0);
        assert!(!results.fuzzy);
    }

    #[test]
    fn analyst_syntax_with_facets_dates_and_ages() {
        let test = sample();
        let table: &[(&str, u64)] = &[
            ("treatment:/medication/opioid AND age:[50 TO 65]", 1),
            ("treatment:opioid", 2),
            ("outcome:/overturned", 2),
            ("guideline:\"/ODG/Low Back\"", 3),
            ("cited:/MTUS/ACOEM", 0),
            ("specialty:anesthesiology AND outcome:overturned", 2),
            ("upheld decided:[2014-01-01 TO 2014-06-30]", 2),
            ("injured:[2009-01-01 TO 2010-12-31]", 4),
            ("decided:2014", 5),
            ("decided:>=2015-01-01", 1),
            ("age:[60 TO *]", 2),
            ("rationale:weaning OR rationale:radicular", 2),
            ("requested:norco AND NOT outcome:/upheld", 1),
            ("NOT rationale:weaning", 7),
            ("-outcome:upheld", 2),
            ("acupuncture OR NOT outcome:upheld", 4),
            ("upheld -norco", 5),
            ("acupuncture -rationale:visits", 2),
            ("case:CM14-0000003", 2),
            ("sex:female", 3),
        ];
        for (query, expected) in table {
            let results = find(&test.index, query);
            assert_eq!(results.total, *expected, "{query}: {:?}", found(&results));
        }
        // Plain words around simple analyst pieces are still understood.
        let plan = understand("upheld requested:norco");
        assert_eq!(plan.outcomes, ["/upheld"]);
        assert_eq!(
            search(&test.index, &plan, &Filters::default(), 5, 0)
                .unwrap()
                .total,
            1
        );
    }

    #[test]
    fn text_queries_reach_the_whole_letter() {
        let test = sample();
        // In the reviewer's qualifications, which only `text` holds: the
        // first item of every letter.
        assert_eq!(find(&test.index, "text:\"Board Certified\"").total, 5);
        // In a summary: every item of that letter.
        let results = find(&test.index, "text:pallet");
        assert_eq!(
            found(&results),
            [
                ("CM14-0000001".into(), "Acupuncture, 6 sessions".into()),
                ("CM14-0000001".into(), "Norco 10/325mg #120".into()),
            ]
        );
        // In one item's rationale: that item.
        let results = find(&test.index, "text:weaning");
        assert_eq!(
            found(&results),
            [("CM14-0000001".into(), "Norco 10/325mg #120".into())]
        );
        // Phrases and booleans keep working inside the rewrite.
        assert_eq!(
            find(
                &test.index,
                "text:\"functional improvement\" AND -outcome:upheld"
            )
            .total,
            0
        );
        assert_eq!(
            find(&test.index, "text:\"functional improvement\"").total,
            2
        );
    }

    #[test]
    fn malformed_queries_say_what_where_and_how() {
        let test = sample();
        let message = query_error(&test.index, "rationale:\"weaning AND upheld");
        assert!(
            message.contains("unclosed `\"` at character 11"),
            "{message}"
        );
        let message = query_error(&test.index, "decided:[2014/01/01 TO 2014-06-30]");
        assert!(message.contains("YYYY-MM-DD"), "{message}");
        assert!(
            message.contains("decided:[2014-01-01 TO 2014-06-30]"),
            "{message}"
        );
        let message = query_error(&test.index, "age:[fifty TO 60]");
        assert!(message.contains("age:[50 TO 65]"), "{message}");
        for query in ["(weaning", "weaning OR", "[1 TO 2]"] {
            let message = query_error(&test.index, query);
            assert!(message.starts_with("malformed query"), "{message}");
            assert!(message.contains("character"), "{message}");
            assert!(message.contains("for example"), "{message}");
            assert!(!message.contains('\n'));
        }
    }

    #[test]
    fn unknown_fields_are_named_with_the_valid_ones() {
        let test = sample();
        let message = query_error(&test.index, "drug:norco upheld");
        assert!(message.starts_with("unknown field `drug`"), "{message}");
        assert!(message.contains("rationale"), "{message}");
        assert!(message.contains("decided"), "{message}");
    }

    #[test]
    fn command_line_filters() {
        let test = sample();
        let all = |filters: Filters| {
            search(&test.index, &understand(""), &filters, 20, 0)
                .unwrap()
                .total
        };
        assert_eq!(all(Filters::default()), 8);
        let table: Vec<(Filters, u64)> = vec![
            (
                Filters {
                    treatment: Some("injection/facet".into()),
                    ..Filters::default()
                },
                1,
            ),
            (
                Filters {
                    treatment: Some("/medication".into()),
                    ..Filters::default()
                },
                3,
            ),
            (
                Filters {
                    treatment: Some("opioids".into()),
                    ..Filters::default()
                },
                2,
            ),
            (
                Filters {
                    outcome: Some(Outcome::Overturned),
                    ..Filters::default()
                },
                2,
            ),
            (
                Filters {
                    guideline: Some("ODG".into()),
                    ..Filters::default()
                },
                5,
            ),
            (
                Filters {
                    guideline: Some("/odg/Low Back".into()),
                    ..Filters::default()
                },
                3,
            ),
            (
                Filters {
                    guideline: Some("chronic pain guidelines".into()),
                    ..Filters::default()
                },
                2,
            ),
            (
                Filters {
                    specialty: Some("Board Certified in Anesthesiology".into()),
                    ..Filters::default()
                },
                5,
            ),
            (
                Filters {
                    age_min: Some(50),
                    age_max: Some(60),
                    ..Filters::default()
                },
                3,
            ),
            (
                Filters {
                    age_min: Some(60),
                    ..Filters::default()
                },
                2,
            ),
            (
                Filters {
                    decided_from: NaiveDate::from_ymd_opt(2014, 1, 1),
                    decided_to: NaiveDate::from_ymd_opt(2014, 12, 31),
                    ..Filters::default()
                },
                5,
            ),
            (
                Filters {
                    injured_to: NaiveDate::from_ymd_opt(2010, 6, 21),
                    ..Filters::default()
                },
                4,
            ),
            (
                Filters {
                    layout: Some(Layout::DwcFinal),
                    ..Filters::default()
                },
                8,
            ),
            (
                Filters {
                    layout: Some(Layout::MaximusLetter),
                    ..Filters::default()
                },
                0,
            ),
        ];
        for (filters, expected) in table {
            assert_eq!(all(filters.clone()), expected, "{filters:?}");
        }
        // Flags and words both hold.
        let filters = Filters {
            outcome: Some(Outcome::Upheld),
            ..Filters::default()
        };
        let results = search(
            &test.index,
            &understand("acupuncture anesthesiology"),
            &filters,
            10,
            0,
        )
        .unwrap();
        assert_eq!(
            found(&results),
            [("CM15-0000005".into(), "Acupuncture, 12 visits".into())]
        );
        for (filters, expected) in [
            (
                Filters {
                    treatment: Some("injection/foo".into()),
                    ..Filters::default()
                },
                "injection has the subcategories",
            ),
            (
                Filters {
                    treatment: Some("yoga".into()),
                    ..Filters::default()
                },
                "unknown treatment `yoga`",
            ),
            (
                Filters {
                    guideline: Some("NICE".into()),
                    ..Filters::default()
                },
                "unknown guideline `NICE`",
            ),
            (
                Filters {
                    specialty: Some("astrology".into()),
                    ..Filters::default()
                },
                "Anesthesiology",
            ),
        ] {
            match search(&test.index, &understand(""), &filters, 10, 0) {
                Err(Error::Query(message)) => assert!(message.contains(expected), "{message}"),
                other => panic!("{filters:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn pages_and_totals() {
        let test = sample();
        let first = search(
            &test.index,
            &understand("upheld"),
            &Filters::default(),
            2,
            0,
        )
        .unwrap();
        let second = search(
            &test.index,
            &understand("upheld"),
            &Filters::default(),
            2,
            2,
        )
        .unwrap();
        let none = search(
            &test.index,
            &understand("upheld"),
            &Filters::default(),
            0,
            0,
        )
        .unwrap();
        assert_eq!((first.total, second.total, none.total), (6, 6, 6));
        assert_eq!(
            (first.hits.len(), second.hits.len(), none.hits.len()),
            (2, 2, 0)
        );
        let dates: Vec<_> = first
            .hits
            .iter()
            .chain(&second.hits)
            .map(|hit| hit.ur_denial_date)
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);
        // Ranked queries score by relevance, best first.
        let ranked = find(&test.index, "acupuncture pain");
        assert!(ranked
            .hits
            .windows(2)
            .all(|pair| pair[0].score >= pair[1].score));
        assert!(ranked.hits.iter().all(|hit| hit.score > 0.0));
    }

    #[test]
    fn show_reads_the_stored_letter() {
        let test = sample();
        let decision = show(&test.index, "cm14-0000003").unwrap().unwrap();
        assert_eq!(decision.case_number.as_deref(), Some("CM14-0000003"));
        assert_eq!(decision.items.len(), 2);
        assert_eq!(decision.items[1].subcategory.as_deref(), Some("facet"));
        assert_eq!(decision.age, Some(38));
        // Rationales are stored once, with their items, and put back.
        assert!(decision
            .items
            .iter()
            .all(|item| item.rationale.split_whitespace().count() > 3));
        assert!(show(&test.index, "CM99-0000000").unwrap().is_none());
    }

    #[test]
    fn replaced_letters_are_found_once() {
        let mut test = sample();
        let mut letters = sample_letters();
        letters[1].items[0].outcome = "Overturned";
        test.replace(&letters[1]);
        let results = find(&test.index, "acupuncture");
        assert_eq!(results.total, 3);
        assert_eq!(find(&test.index, "acupuncture overturned").total, 2);
        assert_eq!(
            show(&test.index, "CM14-0000002").unwrap().unwrap().items[0].outcome,
            Outcome::Overturned
        );
    }

    /// The query with every lazy union read through tantivy's buffered
    /// union instead.
    fn all_buffered(query: &dyn Query) -> Box<dyn Query> {
        if let Some(any) = query.downcast_ref::<AnyFieldQuery>() {
            let clauses = any
                .clone()
                .into_clauses()
                .iter()
                .map(|clause| (Occur::Should, all_buffered(clause.as_ref())))
                .collect();
            return Box::new(BooleanQuery::new(clauses));
        }
        if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
            let clauses = boolean
                .clauses()
                .iter()
                .map(|(occur, clause)| (*occur, all_buffered(clause.as_ref())))
                .collect();
            return Box::new(BooleanQuery::new(clauses));
        }
        query.box_clone()
    }

    fn has_lazy_union(query: &dyn Query) -> bool {
        query.is::<AnyFieldQuery>()
            || query.downcast_ref::<BooleanQuery>().is_some_and(|boolean| {
                boolean
                    .clauses()
                    .iter()
                    .any(|(_, clause)| has_lazy_union(clause.as_ref()))
            })
    }

    #[test]
    fn lazy_unions_change_no_match_and_no_score() {
        let dir = tempfile::TempDir::new().unwrap();
        let corpus = dir.path().join("corpus");
        crate::generate::generate_corpus(&corpus, 400, 5).unwrap();
        let root = dir.path().join("index");
        let options = crate::index::writer::IndexOptions {
            threads: 1,
            ..Default::default()
        };
        crate::index::writer::index_paths(&root, &[corpus], &options, &|_, _| {}).unwrap();
        let index = ImrIndex::open(&root).unwrap();
        let searcher = index.searcher();
        let mut lazy_queries = 0;
        for text in [
            "neuropathic pain",
            "cervical facet",
            "weaning opioids",
            "home exercise program",
            "sleep hygiene",
            "knee arthroscopy",
            "radiculopathy upheld",
            "functional improvement norco",
            "rationale:improvement AND pain",
        ] {
            let compiled = compile(&index, &understand(text), &Filters::default(), false).unwrap();
            if has_lazy_union(compiled.query.as_ref()) {
                lazy_queries += 1;
            }
            let buffered = all_buffered(compiled.query.as_ref());
            let collect = (Count, TopDocs::with_limit(400).order_by_score());
            let (lazy_total, lazy_top) = searcher.search(&compiled.query, &collect).unwrap();
            let (total, top) = searcher.search(&buffered, &collect).unwrap();
            assert!(total > 0, "{text}");
            assert_eq!(lazy_total, total, "{text}");
            assert_eq!(lazy_top.len(), top.len(), "{text}");
            let sorted = |hits: Vec<(f32, DocAddress)>| {
                let mut hits: Vec<(DocAddress, f32)> =
                    hits.into_iter().map(|(score, doc)| (doc, score)).collect();
                hits.sort_by_key(|(doc, _)| *doc);
                hits
            };
            for ((lazy_doc, lazy_score), (doc, score)) in
                sorted(lazy_top).into_iter().zip(sorted(top))
            {
                assert_eq!(lazy_doc, doc, "{text}");
                assert!(
                    (lazy_score - score).abs() < 1e-4,
                    "{text}: {lazy_score} vs {score}"
                );
            }
        }
        assert!(
            lazy_queries >= 3,
            "only {lazy_queries} queries read a union lazily"
        );
    }
}
