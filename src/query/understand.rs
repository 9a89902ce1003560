//! Query understanding: what a user types becomes a [`QueryPlan`].
//!
//! ```
//! use imr::query::understand::{understand, Kind};
//!
//! let plan = understand("acupuncture upheld ODG weaning");
//! assert_eq!(plan.treatments, ["/acupuncture"]);
//! assert_eq!(plan.outcomes, ["/upheld"]);
//! assert_eq!(plan.guidelines, ["/ODG"]);
//! assert_eq!(plan.interpretation[3].kind, Kind::Text);
//! ```
//!
//! Words and phrases are matched longest first, ignoring case, against
//! small tables: outcomes (`upheld`, `overturned`), guidelines (`ODG`,
//! `MTUS`, `ACOEM`, `chronic pain guidelines` ...), treatment categories
//! ([`taxonomy::CATEGORY_WORDS`]) and reviewer specialties
//! ([`taxonomy::SPECIALTIES`]). Those become facet filters, because an IMR
//! reader who types "acupuncture upheld" means items *about* acupuncture
//! whose denial *stood*, not rationales that happen to say both words.
//! Specific drug and procedure names stay free text but expand through
//! [`taxonomy::SYNONYM_GROUPS`] ("hydrocodone" also finds "Norco").
//! `"Quoted text"` is always free text.
//!
//! Anything in tantivy's own syntax (`field:value`, `+word`, `-word`,
//! ranges, `AND`/`OR`/`NOT`, parentheses) is the analyst part, handed to
//! tantivy's query parser. When the query has no operators or parentheses,
//! the plain words around the analyst pieces are still understood as above;
//! otherwise the whole query is parsed as written.

use std::sync::LazyLock;

use regex::{Captures, Regex, RegexBuilder};
use serde::Serialize;

use crate::index::schema::DATE_FIELDS;
use crate::taxonomy;

/// How one word or phrase of the query was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A filter on the item's outcome facet.
    Outcome,
    /// A filter on the reviewer's guideline facet.
    Guideline,
    /// A filter on the treatment facet.
    Treatment,
    /// A filter on the reviewer's specialty facet.
    Specialty,
    /// A filter on the case number.
    Case,
    /// Free text expanded to a group of synonyms (on `requested`).
    Synonyms,
    /// Free text.
    Text,
    /// A quoted phrase, free text.
    Phrase,
    /// Tantivy query syntax, parsed by tantivy.
    Analyst,
    /// A common word left out of the search.
    Ignored,
}

impl Kind {
    /// The lowercase name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Guideline => "guideline",
            Kind::Treatment => "treatment",
            Kind::Specialty => "specialty",
            Kind::Case => "case",
            Kind::Synonyms => "synonyms",
            Kind::Text => "text",
            Kind::Phrase => "phrase",
            Kind::Analyst => "analyst",
            Kind::Ignored => "ignored",
        }
    }
}

/// One reading: `{"word": "upheld", "as": "outcome", "value": "/upheld"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interpretation {
    /// The word or phrase as typed.
    pub word: String,
    /// What it was read as.
    #[serde(rename = "as")]
    pub kind: Kind,
    /// The facet path, synonym list, text or rewritten query it became.
    pub value: String,
}

/// A unit of free text; every unit must match (conjunction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeText {
    /// One word (it may still tokenize into several, such as `10/325`).
    Word(String),
    /// A quoted phrase.
    Phrase(String),
    /// A word or phrase with its synonym group (lowercase, itself included).
    Synonyms {
        /// As typed.
        word: String,
        /// The group, from [`taxonomy::SYNONYM_GROUPS`].
        group: Vec<String>,
    },
}

/// The analyst part of a query, for tantivy's query parser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analyst {
    /// The analyst text as typed.
    pub original: String,
    /// The text after rewriting dates to RFC 3339 and tidying facet values.
    pub rewritten: String,
    /// Whether this is the whole query (operators or parentheses were used),
    /// so no plain word was understood.
    pub whole: bool,
    /// Whether every piece excludes (`-norco -rationale:weaning`): then it
    /// narrows the rest of the query and does not rank.
    pub excludes_only: bool,
}

/// What a query means: facet filters, free text and an analyst part.
/// Several values in one filter dimension are alternatives (an item has one
/// treatment and one outcome); different dimensions must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QueryPlan {
    /// The query as typed.
    pub query: String,
    /// Every reading, in query order.
    pub interpretation: Vec<Interpretation>,
    /// Outcome facet paths (`/upheld`).
    pub outcomes: Vec<String>,
    /// Treatment facet paths (`/injection/facet`).
    pub treatments: Vec<String>,
    /// Reviewer guideline facet paths (`/ODG`, `/MTUS/ACOEM`).
    pub guidelines: Vec<String>,
    /// Reviewer specialty facet paths (`/Anesthesiology`).
    pub specialties: Vec<String>,
    /// Case numbers (`CM13-0012345`).
    pub cases: Vec<String>,
    /// Free text units, all required.
    pub text: Vec<FreeText>,
    /// The analyst part, if any.
    pub analyst: Option<Analyst>,
}

impl QueryPlan {
    /// Whether the plan has something to rank by (free text or analyst syntax).
    pub fn has_text(&self) -> bool {
        !self.text.is_empty()
            || self
                .analyst
                .as_ref()
                .is_some_and(|analyst| !analyst.excludes_only)
    }

    /// Whether the plan restricts anything at all.
    pub fn is_empty(&self) -> bool {
        !self.has_text()
            && self.analyst.is_none()
            && self.outcomes.is_empty()
            && self.treatments.is_empty()
            && self.guidelines.is_empty()
            && self.specialties.is_empty()
            && self.cases.is_empty()
    }
}

/// Outcome words. "Upheld" is about the UR denial: it stood.
const OUTCOME_WORDS: &[(&str, &str)] = &[
    ("upheld", "/upheld"),
    ("uphold", "/upheld"),
    ("overturned", "/overturned"),
    ("overturn", "/overturned"),
];

/// Guideline names, reviewer guideline facet paths (see
/// `taxonomy::normalize_guidelines` for the paths the indexer writes).
const GUIDELINE_WORDS: &[(&str, &str)] = &[
    ("official disability guidelines", "/ODG"),
    ("official disability guideline", "/ODG"),
    ("odg", "/ODG"),
    ("mtus", "/MTUS"),
    ("acoem", "/MTUS/ACOEM"),
    (
        "chronic pain medical treatment guidelines",
        "/MTUS/Chronic Pain",
    ),
    ("chronic pain treatment guidelines", "/MTUS/Chronic Pain"),
    ("chronic pain guidelines", "/MTUS/Chronic Pain"),
    ("chronic pain guideline", "/MTUS/Chronic Pain"),
    (
        "acupuncture medical treatment guidelines",
        "/MTUS/Acupuncture",
    ),
    ("acupuncture treatment guidelines", "/MTUS/Acupuncture"),
    ("acupuncture guidelines", "/MTUS/Acupuncture"),
    ("acupuncture guideline", "/MTUS/Acupuncture"),
    ("postsurgical treatment guidelines", "/MTUS/Postsurgical"),
    ("postsurgical guidelines", "/MTUS/Postsurgical"),
    ("post-surgical guidelines", "/MTUS/Postsurgical"),
    ("postsurgical guideline", "/MTUS/Postsurgical"),
];

/// Words too common to require: a search for "acupuncture for neck pain"
/// should not need "for" in the rationale.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "for", "to", "in", "on", "with", "and", "or", "by", "at", "is", "was",
    "be", "as", "from", "that", "this",
];

/// The longest table phrase, in words.
const MAX_PHRASE_WORDS: usize = 6;

/// Reviewer specialties, anchored so that a phrase must *be* a specialty
/// name, not merely contain one: one alternation with a group per
/// [`taxonomy::SPECIALTIES`] row, the first matching row winning.
///
/// One regex with ASCII classes (`unicode(false)`), because compiling the
/// table (once per process) was the largest cost of a one-shot
/// `imr search`: Unicode `\w` with case folding, times fifteen regexes.
/// Specialty names are English, so nothing is lost.
static SPECIALTY_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    let rows: Vec<String> = taxonomy::SPECIALTIES
        .iter()
        .enumerate()
        .map(|(row, (_, pattern))| format!("(?P<row{row}>{})", lowercase_literals(pattern)))
        .collect();
    // Phrases arrive lowercased, so lowercased literals match them without
    // case folding, which more than doubles the compile time.
    RegexBuilder::new(&format!("^(?:{})$", rows.join("|")))
        .unicode(false)
        .build()
        .expect("taxonomy specialty patterns are fixed and tested")
});

/// `pattern` with its literal letters lowercased and its escapes left alone
/// (`\S`, `\W` and `\B` mean other things than `\s`, `\w` and `\b`).
fn lowercase_literals(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut escaped = false;
    for c in pattern.chars() {
        out.push(if escaped { c } else { c.to_ascii_lowercase() });
        escaped = !escaped && c == '\\';
    }
    out
}

/// The canonical specialty a whole phrase (lowercase) names.
fn specialty_named(phrase: &str) -> Option<&'static str> {
    let captures = SPECIALTY_NAMES.captures(phrase)?;
    (0..taxonomy::SPECIALTIES.len())
        .find(|row| captures.name(&format!("row{row}")).is_some())
        .map(|row| taxonomy::SPECIALTIES[row].0)
}

static CASE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)^CM\d{2}-\d{4,8}$").expect("fixed pattern"));

/// Whether `piece` starts with a field name and a colon: `rationale:`,
/// `-outcome:` (`[+-]?[A-Za-z_][A-Za-z0-9_.]*:`). A scan rather than a
/// regex: every query reads its words through here, and compiling a regex
/// costs a one-shot `imr search` process more than the scan ever will.
fn has_field_prefix(piece: &str) -> bool {
    let name = piece.strip_prefix(['+', '-']).unwrap_or(piece);
    let Some((field, _)) = name.split_once(':') else {
        return false;
    };
    let mut chars = field.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
}

/// Reads a query. Never fails: text that is not understood stays free text,
/// and analyst syntax is checked when the query runs.
pub fn understand(text: &str) -> QueryPlan {
    let mut plan = QueryPlan {
        query: text.to_string(),
        ..QueryPlan::default()
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return plan;
    }
    if is_complex(trimmed) {
        let rewritten = rewrite_analyst(&filters_in_place(&mut plan, trimmed));
        plan.interpretation.push(Interpretation {
            word: trimmed.to_string(),
            kind: Kind::Analyst,
            value: rewritten.clone(),
        });
        plan.analyst = Some(Analyst {
            original: trimmed.to_string(),
            rewritten,
            whole: true,
            excludes_only: false,
        });
        return plan;
    }
    let mut analyst_pieces: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for piece in split_pieces(trimmed) {
        match piece {
            Piece::Analyst(piece) => {
                read_words(&mut plan, &words);
                words.clear();
                analyst_pieces.push(piece);
            }
            Piece::Quoted(phrase) => {
                read_words(&mut plan, &words);
                words.clear();
                if !phrase.trim().is_empty() {
                    plan.interpretation.push(Interpretation {
                        word: format!("\"{phrase}\""),
                        kind: Kind::Phrase,
                        value: phrase.clone(),
                    });
                    plan.text.push(FreeText::Phrase(phrase));
                }
            }
            Piece::Word(word) => words.push(word),
        }
    }
    read_words(&mut plan, &words);
    if !analyst_pieces.is_empty() {
        let original = analyst_pieces.join(" ");
        let rewritten = rewrite_analyst(&original);
        plan.interpretation.push(Interpretation {
            word: original.clone(),
            kind: Kind::Analyst,
            value: rewritten.clone(),
        });
        plan.analyst = Some(Analyst {
            excludes_only: analyst_pieces.iter().all(|piece| piece.starts_with('-')),
            original,
            rewritten,
            whole: false,
        });
    }
    plan
}

/// Operators or parentheses outside quotes: the query's structure is the
/// user's, so it goes to tantivy whole.
fn is_complex(text: &str) -> bool {
    let mut outside = String::with_capacity(text.len());
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
            outside.push(' ');
        } else if !quoted {
            outside.push(c);
        }
    }
    outside.contains(['(', ')'])
        || outside
            .split_whitespace()
            .any(|word| matches!(word, "AND" | "OR" | "NOT" | "&&" | "||"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Word(String),
    Quoted(String),
    Analyst(String),
}

/// Splits on whitespace, keeping `"quoted text"`, `field:"quoted text"` and
/// `field:[a TO b]` together.
fn split_pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if chars[i] == '"' {
            let end = find(&chars, i + 1, '"').unwrap_or(chars.len());
            let phrase: String = chars[i + 1..end].iter().collect();
            pieces.push(Piece::Quoted(phrase));
            i = end + 1;
            continue;
        }
        while i < chars.len() && !chars[i].is_whitespace() {
            match chars[i] {
                '"' => i = find(&chars, i + 1, '"').map_or(chars.len(), |end| end + 1),
                '[' | '{' => {
                    i = chars[i..]
                        .iter()
                        .position(|c| matches!(c, ']' | '}'))
                        .map_or(chars.len(), |offset| i + offset + 1)
                }
                _ => i += 1,
            }
        }
        let piece: String = chars[start..i].iter().collect();
        let analyst = piece.starts_with(['+', '-']) && piece.len() > 1
            || piece.starts_with(['[', '{'])
            || has_field_prefix(&piece)
            || piece == "*";
        pieces.push(if analyst {
            Piece::Analyst(piece)
        } else {
            Piece::Word(piece)
        });
    }
    pieces
}

fn find(chars: &[char], from: usize, wanted: char) -> Option<usize> {
    chars
        .iter()
        .skip(from)
        .position(|c| *c == wanted)
        .map(|offset| from + offset)
}

/// What a table phrase means.
enum Meaning {
    Filter(Kind, String),
    Synonyms(&'static [&'static str]),
    Case(String),
}

/// Reads a run of plain words, longest table phrase first.
fn read_words(plan: &mut QueryPlan, words: &[String]) {
    let cleaned: Vec<String> = words.iter().map(|word| clean_word(word)).collect();
    let mut i = 0;
    while i < words.len() {
        if cleaned[i].is_empty() {
            i += 1;
            continue;
        }
        let longest = MAX_PHRASE_WORDS.min(words.len() - i);
        let found = (1..=longest).rev().find_map(|len| {
            let span = &cleaned[i..i + len];
            if span.iter().any(String::is_empty) {
                return None;
            }
            lookup(&span.join(" ").to_lowercase()).map(|meaning| (len, meaning))
        });
        match found {
            Some((len, meaning)) => {
                let word = cleaned[i..i + len].join(" ");
                apply(plan, word, meaning);
                i += len;
            }
            None => {
                let word = cleaned[i].clone();
                if STOPWORDS.contains(&word.to_lowercase().as_str()) {
                    plan.interpretation.push(Interpretation {
                        value: String::new(),
                        word,
                        kind: Kind::Ignored,
                    });
                } else {
                    plan.interpretation.push(Interpretation {
                        value: word.to_lowercase(),
                        word: word.clone(),
                        kind: Kind::Text,
                    });
                    plan.text.push(FreeText::Word(word));
                }
                i += 1;
            }
        }
    }
}

/// A stretch of a query with operators, for [`filters_in_place`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Space(String),
    /// A plain word that may name a filter.
    Bare(String),
    /// Parentheses, operators, quoted text, `field:value`, `+word`, ranges.
    Other(String),
}

fn segments(text: &str) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let c = chars[i];
        if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            out.push(Segment::Space(chars[start..i].iter().collect()));
            continue;
        }
        if matches!(c, '(' | ')') {
            out.push(Segment::Other(c.to_string()));
            i += 1;
            continue;
        }
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
            match chars[i] {
                '"' => i = find(&chars, i + 1, '"').map_or(chars.len(), |end| end + 1),
                '[' | '{' => {
                    i = chars[i..]
                        .iter()
                        .position(|c| matches!(c, ']' | '}'))
                        .map_or(chars.len(), |offset| i + offset + 1)
                }
                // A field's value may be a parenthesised group
                // (`rationale:(a OR b)`): its words are that field's text.
                ':' if chars.get(i + 1) == Some(&'(') => {
                    i = group_end(&chars, i + 1);
                    break;
                }
                _ => i += 1,
            }
        }
        let piece: String = chars[start..i].iter().collect();
        let bare = !matches!(piece.as_str(), "AND" | "OR" | "NOT" | "&&" | "||" | "*")
            && !piece.starts_with(['+', '-', '[', '{', '"'])
            && !piece.contains(['"', ':']);
        out.push(if bare {
            Segment::Bare(piece)
        } else {
            Segment::Other(piece)
        });
    }
    out
}

/// The index just past the `)` matching the `(` at `open` (or the end).
fn group_end(chars: &[char], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            '"' => i = find(chars, i + 1, '"').unwrap_or(chars.len()),
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The field a filter reading is written on in analyst syntax.
fn filter_field(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Outcome => Some("outcome"),
        Kind::Guideline => Some("guideline"),
        Kind::Treatment => Some("treatment"),
        Kind::Specialty => Some("specialty"),
        Kind::Case => Some("case"),
        _ => None,
    }
}

/// In a query with operators, writes the plain words that name a filter
/// as that filter (`upheld AND (rationale:weaning OR rationale:taper)`
/// becomes `outcome:"/upheld" AND (...)`), keeping the user's structure.
/// Other words stay as they are, for tantivy to search as text.
fn filters_in_place(plan: &mut QueryPlan, text: &str) -> String {
    let mut segments = segments(text);
    let mut i = 0;
    while i < segments.len() {
        // A run: bare words with single spaces between them.
        let mut run: Vec<usize> = Vec::new();
        let mut j = i;
        while let Some(Segment::Bare(_)) = segments.get(j) {
            run.push(j);
            match segments.get(j + 1) {
                Some(Segment::Space(_))
                    if matches!(segments.get(j + 2), Some(Segment::Bare(_))) =>
                {
                    j += 2
                }
                _ => break,
            }
        }
        if run.is_empty() {
            i += 1;
            continue;
        }
        let words: Vec<String> = run
            .iter()
            .map(|&at| match &segments[at] {
                Segment::Bare(word) => clean_word(word),
                _ => String::new(),
            })
            .collect();
        let mut k = 0;
        while k < words.len() {
            let longest = MAX_PHRASE_WORDS.min(words.len() - k);
            let found = (1..=longest).rev().find_map(|len| {
                let span = &words[k..k + len];
                if span.iter().any(String::is_empty) {
                    return None;
                }
                match lookup(&span.join(" ").to_lowercase()) {
                    Some(Meaning::Filter(kind, path)) => Some((len, kind, path)),
                    Some(Meaning::Case(case)) => Some((len, Kind::Case, case)),
                    _ => None,
                }
            });
            let Some((len, kind, value)) = found else {
                k += 1;
                continue;
            };
            let Some(field) = filter_field(kind) else {
                k += 1;
                continue;
            };
            plan.interpretation.push(Interpretation {
                word: words[k..k + len].join(" "),
                kind,
                value: value.clone(),
            });
            let first = run[k];
            let last = run[k + len - 1];
            segments[first] = Segment::Other(format!("{field}:\"{value}\""));
            for segment in segments.iter_mut().take(last + 1).skip(first + 1) {
                *segment = Segment::Space(String::new());
            }
            k += len;
        }
        i = run.last().map_or(i + 1, |last| last + 1);
    }
    segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Space(text) | Segment::Bare(text) | Segment::Other(text) => text,
        })
        .collect()
}

/// Strips punctuation a sentence puts around a word ("acupuncture,",
/// "(ODG)"), keeping what is inside ("x-ray", "10/325").
fn clean_word(word: &str) -> String {
    word.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')' | '\''))
        .to_string()
}

fn lookup(phrase: &str) -> Option<Meaning> {
    if let Some((_, path)) = OUTCOME_WORDS.iter().find(|(word, _)| *word == phrase) {
        return Some(Meaning::Filter(Kind::Outcome, (*path).to_string()));
    }
    if let Some((_, path)) = GUIDELINE_WORDS.iter().find(|(word, _)| *word == phrase) {
        return Some(Meaning::Filter(Kind::Guideline, (*path).to_string()));
    }
    let specialty = specialty_named(phrase);
    let treatment = treatment_path(phrase);
    // A person ("chiropractor", "acupuncturist") is who reviewed; a practice
    // ("chiropractic", "acupuncture") is what was requested.
    match (treatment, specialty) {
        (Some(_), Some(name)) if names_a_person(phrase) => {
            return Some(Meaning::Filter(Kind::Specialty, format!("/{name}")))
        }
        (Some(path), _) => return Some(Meaning::Filter(Kind::Treatment, path)),
        (None, Some(name)) => return Some(Meaning::Filter(Kind::Specialty, format!("/{name}"))),
        (None, None) => {}
    }
    if CASE_NUMBER.is_match(phrase) {
        return Some(Meaning::Case(phrase.to_uppercase()));
    }
    taxonomy::synonyms_of(phrase).map(Meaning::Synonyms)
}

fn names_a_person(phrase: &str) -> bool {
    ["ist", "ists", "or", "ors", "eon", "eons", "ian", "ians"]
        .iter()
        .any(|ending| phrase.ends_with(ending))
}

/// The treatment facet path a word or phrase names: a category word from
/// the taxonomy, or a category's own name (`physical_therapy`).
pub fn treatment_path(phrase: &str) -> Option<String> {
    let phrase = phrase.trim().to_lowercase();
    if let Some((_, category, subcategory)) = taxonomy::CATEGORY_WORDS
        .iter()
        .find(|(word, _, _)| *word == phrase)
    {
        return Some(match subcategory {
            Some(sub) => format!("/{category}/{sub}"),
            None => format!("/{category}"),
        });
    }
    let underscored = phrase.replace([' ', '-'], "_");
    taxonomy::CATEGORIES
        .iter()
        .find(|category| **category == underscored)
        .map(|category| format!("/{category}"))
}

/// The reviewer guideline facet path a name stands for (`ODG` -> `/ODG`,
/// `ACOEM` -> `/MTUS/ACOEM`), if it is one of the names understood.
pub fn guideline_path(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    GUIDELINE_WORDS
        .iter()
        .find(|(word, _)| *word == name)
        .map(|(_, path)| *path)
}

fn apply(plan: &mut QueryPlan, word: String, meaning: Meaning) {
    match meaning {
        Meaning::Filter(kind, path) => {
            let list = match kind {
                Kind::Outcome => &mut plan.outcomes,
                Kind::Guideline => &mut plan.guidelines,
                Kind::Treatment => &mut plan.treatments,
                _ => &mut plan.specialties,
            };
            if !list.contains(&path) {
                list.push(path.clone());
            }
            plan.interpretation.push(Interpretation {
                word,
                kind,
                value: path,
            });
        }
        Meaning::Case(case) => {
            plan.cases.push(case.clone());
            plan.interpretation.push(Interpretation {
                word,
                kind: Kind::Case,
                value: case,
            });
        }
        Meaning::Synonyms(group) => {
            let group: Vec<String> = group.iter().map(|member| member.to_string()).collect();
            plan.interpretation.push(Interpretation {
                word: word.clone(),
                kind: Kind::Synonyms,
                value: group.join(" OR "),
            });
            plan.text.push(FreeText::Synonyms { word, group });
        }
    }
}

/// `decided:[2014-01-01 TO 2014-06-30]`, `injured:>=2010-01-01`,
/// `assigned:2014-03-05`: a date field and its value.
static DATE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"\b({}):(\s*)([\[{{][^\]}}]*[\]}}]|[<>]=?[^\s()]+|"[^"]*"|[^\s()\[{{]+)"#,
        DATE_FIELDS.join("|")
    ))
    .expect("fixed pattern")
});

/// A calendar date, possibly followed by a time already.
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}-\d{2}-\d{2})(T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?").expect("fixed pattern")
});

static YEAR_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})$").expect("fixed pattern"));

/// `treatment:acupuncture`, `-outcome:Upheld`, `specialty:"pain medicine"`.
static FACET_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(treatment|outcome|guideline|ca_guideline|cited|specialty|layout|year|age_band|state):("[^"]*"|[^\s()"\[{]+)"#)
        .expect("fixed pattern")
});

/// Rewrites analyst syntax so tantivy accepts what users naturally write:
/// `YYYY-MM-DD` in date fields becomes RFC 3339 midnight UTC (how the
/// indexer stores dates), a bare year on a date field becomes that year's
/// range, and facet values get their leading `/` and canonical case.
pub fn rewrite_analyst(text: &str) -> String {
    let dated = DATE_VALUE.replace_all(text, |caps: &Captures| {
        let value = &caps[3];
        let value = match YEAR_ONLY.captures(value) {
            Some(year) => format!("[{0}-01-01 TO {0}-12-31]", &year[1]),
            None => value.to_string(),
        };
        let value = ISO_DATE.replace_all(&value, |date: &Captures| match date.get(2) {
            Some(_) => date[0].to_string(),
            None => format!("{}T00:00:00Z", &date[1]),
        });
        format!("{}:{}{}", &caps[1], &caps[2], value)
    });
    FACET_VALUE
        .replace_all(&dated, |caps: &Captures| {
            let field = &caps[1];
            let raw = &caps[2];
            let inner = raw.trim_matches('"');
            let value = canonical_facet(field, inner);
            // Always quoted: unquoted, tantivy reads `/a/b` as a regex.
            format!("{field}:\"{value}\"")
        })
        .into_owned()
}

/// A facet value as the index spells it.
fn canonical_facet(field: &str, value: &str) -> String {
    let bare = value.trim().trim_start_matches('/');
    match field {
        "treatment" => {
            if let Some(path) = treatment_path(bare) {
                return path;
            }
            format!("/{}", bare.to_lowercase())
        }
        "outcome" | "layout" => format!("/{}", bare.to_lowercase()),
        "specialty" => match taxonomy::normalize_specialty(bare) {
            Some(name) => format!("/{name}"),
            None => format!("/{bare}"),
        },
        "guideline" | "ca_guideline" | "cited" => {
            if let Some(path) = guideline_path(bare) {
                return path.to_string();
            }
            let mut parts = bare.splitn(2, '/');
            let top = parts.next().unwrap_or_default();
            let top = match top.to_lowercase().as_str() {
                "odg" => "ODG".to_string(),
                "mtus" => "MTUS".to_string(),
                "other" => "Other".to_string(),
                _ => top.to_string(),
            };
            match parts.next() {
                Some(rest) => format!("/{top}/{rest}"),
                None => format!("/{top}"),
            }
        }
        _ => format!("/{bare}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_prefixes_are_recognised_without_a_regex() {
        for (piece, expected) in [
            ("rationale:x", true),
            ("-outcome:/upheld", true),
            ("+case:CM13-0001234", true),
            ("age_band:/50-59", true),
            ("a.b:c", true),
            ("rationale", false),
            (":x", false),
            ("1field:x", false),
            ("-:x", false),
            ("10/325", false),
            ("norco:", true),
            ("fa ce:x", false),
        ] {
            assert_eq!(has_field_prefix(piece), expected, "{piece}");
        }
    }

    #[test]
    fn specialty_patterns_keep_their_escapes_when_lowercased() {
        assert_eq!(lowercase_literals(r"PM\s*&\s*R|\S+\W"), r"pm\s*&\s*r|\S+\W");
        assert_eq!(lowercase_literals(r"a\\B"), r"a\\b");
        for (phrase, expected) in [
            ("anesthesiology", Some("Anesthesiology")),
            ("pain management", Some("Pain Medicine")),
            ("pm&r", Some("Physical Medicine & Rehabilitation")),
            ("pm & r", Some("Physical Medicine & Rehabilitation")),
            ("chiropractor", Some("Chiropractic")),
            ("orthopedic surgeon", Some("Orthopedic Surgery")),
            ("pain", None),
            ("anesthesiology injections", None),
        ] {
            assert_eq!(specialty_named(phrase), expected, "{phrase}");
        }
    }

    fn kinds(plan: &QueryPlan) -> Vec<(String, Kind, String)> {
        plan.interpretation
            .iter()
            .map(|i| (i.word.clone(), i.kind, i.value.clone()))
            .collect()
    }

    /// A query and the readings expected of it.
    type Case<'a> = (&'a str, &'a [(&'a str, Kind, &'a str)]);

    #[test]
    fn words_become_filters() {
        let table: &[Case] = &[
            (
                "acupuncture upheld ODG",
                &[
                    ("acupuncture", Kind::Treatment, "/acupuncture"),
                    ("upheld", Kind::Outcome, "/upheld"),
                    ("ODG", Kind::Guideline, "/ODG"),
                ],
            ),
            (
                "Facet Injection overturned",
                &[
                    ("Facet Injection", Kind::Treatment, "/injection/facet"),
                    ("overturned", Kind::Outcome, "/overturned"),
                ],
            ),
            (
                "acupuncture guidelines",
                &[(
                    "acupuncture guidelines",
                    Kind::Guideline,
                    "/MTUS/Acupuncture",
                )],
            ),
            (
                "official disability guidelines ESI",
                &[
                    ("official disability guidelines", Kind::Guideline, "/ODG"),
                    ("ESI", Kind::Treatment, "/injection/epidural"),
                ],
            ),
            (
                "ACOEM MRI",
                &[
                    ("ACOEM", Kind::Guideline, "/MTUS/ACOEM"),
                    ("MRI", Kind::Treatment, "/imaging/mri"),
                ],
            ),
            (
                "chronic pain guidelines opioids",
                &[
                    (
                        "chronic pain guidelines",
                        Kind::Guideline,
                        "/MTUS/Chronic Pain",
                    ),
                    ("opioids", Kind::Treatment, "/medication/opioid"),
                ],
            ),
            (
                "postsurgical guidelines PT",
                &[
                    (
                        "postsurgical guidelines",
                        Kind::Guideline,
                        "/MTUS/Postsurgical",
                    ),
                    ("PT", Kind::Treatment, "/physical_therapy"),
                ],
            ),
            (
                "anesthesiology overturn",
                &[
                    ("anesthesiology", Kind::Specialty, "/Anesthesiology"),
                    ("overturn", Kind::Outcome, "/overturned"),
                ],
            ),
            (
                "orthopedic surgery",
                &[("orthopedic surgery", Kind::Specialty, "/Orthopedic Surgery")],
            ),
            (
                "chiropractor chiropractic",
                &[
                    ("chiropractor", Kind::Specialty, "/Chiropractic"),
                    ("chiropractic", Kind::Treatment, "/chiropractic"),
                ],
            ),
            (
                "CM14-0031187",
                &[("CM14-0031187", Kind::Case, "CM14-0031187")],
            ),
            (
                "physical_therapy",
                &[("physical_therapy", Kind::Treatment, "/physical_therapy")],
            ),
        ];
        for (query, expected) in table {
            let plan = understand(query);
            let expected: Vec<(String, Kind, String)> = expected
                .iter()
                .map(|(w, k, v)| (w.to_string(), *k, v.to_string()))
                .collect();
            assert_eq!(kinds(&plan), expected, "{query}");
            assert!(plan.text.is_empty(), "{query}");
        }
    }

    #[test]
    fn drugs_expand_and_the_rest_is_text() {
        let plan = understand("Hydrocodone weaning for \"functional improvement\"");
        assert_eq!(
            plan.text,
            vec![
                FreeText::Synonyms {
                    word: "Hydrocodone".into(),
                    group: vec![
                        "norco".into(),
                        "hydrocodone".into(),
                        "vicodin".into(),
                        "lortab".into()
                    ],
                },
                FreeText::Word("weaning".into()),
                FreeText::Phrase("functional improvement".into()),
            ]
        );
        assert_eq!(plan.interpretation[2].kind, Kind::Ignored);
        let plan = understand("ms contin");
        assert!(
            matches!(&plan.text[..], [FreeText::Synonyms { group, .. }] if group.contains(&"morphine".to_string()))
        );
        // Quoted words are never filters.
        let plan = understand("\"acupuncture\" upheld,");
        assert_eq!(plan.text, vec![FreeText::Phrase("acupuncture".into())]);
        assert_eq!(plan.outcomes, ["/upheld"]);
    }

    #[test]
    fn analyst_pieces_keep_plain_words_understood() {
        let plan = understand("upheld rationale:weaning decided:[2014-01-01 TO 2014-06-30] -norco");
        assert_eq!(plan.outcomes, ["/upheld"]);
        let analyst = plan.analyst.unwrap();
        assert!(!analyst.whole);
        assert_eq!(
            analyst.rewritten,
            "rationale:weaning decided:[2014-01-01T00:00:00Z TO 2014-06-30T00:00:00Z] -norco"
        );
    }

    #[test]
    fn operators_make_the_whole_query_analyst() {
        let plan = understand("upheld AND (rationale:weaning OR rationale:taper)");
        // Filter words are written in place, so the structure holds.
        assert!(plan.outcomes.is_empty());
        assert_eq!(plan.interpretation[0].kind, Kind::Outcome);
        let analyst = plan.analyst.unwrap();
        assert!(analyst.whole);
        assert_eq!(
            analyst.rewritten,
            "outcome:\"/upheld\" AND (rationale:weaning OR rationale:taper)"
        );
        let table = [
            (
                "(acupuncture OR chiropractic) AND NOT orthopedic surgery",
                "(treatment:\"/acupuncture\" OR treatment:\"/chiropractic\") AND NOT specialty:\"/Orthopedic Surgery\"",
            ),
            (
                "norco weaning OR overturned",
                "norco weaning OR outcome:\"/overturned\"",
            ),
            (
                "rationale:(upheld OR taper) AND \"upheld\" AND -upheld",
                "rationale:(upheld OR taper) AND \"upheld\" AND -upheld",
            ),
            (
                "ODG AND decided:[2014-01-01 TO *]",
                "guideline:\"/ODG\" AND decided:[2014-01-01T00:00:00Z TO *]",
            ),
        ];
        for (query, expected) in table {
            let plan = understand(query);
            assert_eq!(plan.analyst.unwrap().rewritten, expected, "{query}");
        }
        // Operators inside quotes are words.
        assert!(understand("\"pain AND suffering\"").analyst.is_none());
    }

    #[test]
    fn analyst_rewrites() {
        let table = [
            (
                "injured:[2009-01-01 TO 2010-12-31]",
                "injured:[2009-01-01T00:00:00Z TO 2010-12-31T00:00:00Z]",
            ),
            ("decided:>=2014-03-01", "decided:>=2014-03-01T00:00:00Z"),
            ("assigned:2014-03-05", "assigned:2014-03-05T00:00:00Z"),
            (
                "decided:2014",
                "decided:[2014-01-01T00:00:00Z TO 2014-12-31T00:00:00Z]",
            ),
            (
                "decided:[2014-01-01T00:00:00Z TO *]",
                "decided:[2014-01-01T00:00:00Z TO *]",
            ),
            ("age:[50 TO 65]", "age:[50 TO 65]"),
            ("treatment:acupuncture", "treatment:\"/acupuncture\""),
            (
                "treatment:injection/facet",
                "treatment:\"/injection/facet\"",
            ),
            ("-outcome:Upheld", "-outcome:\"/upheld\""),
            ("specialty:anesthesiology", "specialty:\"/Anesthesiology\""),
            ("guideline:odg", "guideline:\"/ODG\""),
            ("guideline:\"odg/Low Back\"", "guideline:\"/ODG/Low Back\""),
            ("cited:acoem", "cited:\"/MTUS/ACOEM\""),
            ("rationale:2014-01-01", "rationale:2014-01-01"),
        ];
        for (input, expected) in table {
            assert_eq!(rewrite_analyst(input), expected, "{input}");
        }
    }

    #[test]
    fn empty_and_punctuation() {
        assert!(understand("   ").is_empty());
        // Parentheses make it analyst syntax, parsed whole.
        let plan = understand("acupuncture, (ODG)");
        assert!(plan.treatments.is_empty());
        assert!(plan.analyst.is_some_and(|analyst| analyst.whole));
        let plan = understand("acupuncture, ODG.");
        assert_eq!(plan.guidelines, ["/ODG"]);
    }
}
