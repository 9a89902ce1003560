//! Extraction: the text of an IMR letter in, a [`Decision`] out.
//!
//! ```
//! let letter = "Case Number: CM13-0012345\n\
//!     CLINICAL CASE SUMMARY\n\
//!     The injured worker is a 59 year old male whose date of injury is 01/16/2009.\n\
//!     IMR ISSUES, DECISIONS AND RATIONALES\n\
//!     In-Office Acupuncture, 8 Visits:  Upheld\n\
//!     MAXIMUS guideline: Decision based on MTUS Acupuncture Treatment Guidelines.\n\
//!     Decision rationale: No documented benefit.\n";
//! let decision = imr::extract::extract_text("letter.txt", letter).unwrap();
//! assert_eq!(decision.age, Some(59));
//! assert_eq!(decision.items[0].category, "acupuncture");
//! assert_eq!(decision.items[0].reviewer_guidelines, ["/MTUS/Acupuncture"]);
//! ```
//!
//! Stages: [`clean`] turns raw text into meaningful lines; the layout is
//! recognised from its section titles; [`sections`] groups lines under those
//! titles; the layout's parser ([`dwc`], [`maximus`], [`professional`])
//! reads the items; [`fields`] reads the header, age, sex and reviewer; the
//! [`taxonomy`](crate::taxonomy) normalises treatments and guidelines.

pub mod clean;
pub mod dwc;
pub mod fields;
pub mod maximus;
pub mod professional;
pub mod sections;
pub mod summary_citations;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Regex, RegexSet, RegexSetBuilder};

use crate::corpus;
use crate::model::{Decision, Item, Layout, Outcome};
use crate::taxonomy;
use crate::{Error, Result};

use clean::{clean_lines, join_collapsed, join_lines};
use sections::{Headings, Sections};

/// One item as the layout parser found it, before normalisation: the lines
/// of each part, still wrapped. A line is borrowed from the letter's
/// cleaned lines where the parser took it whole (most DWC lines), and owned
/// where the parser made it (a sentence cut out of joined lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawItem<'a> {
    /// The treatment's lines.
    pub treatment: Vec<Cow<'a, str>>,
    /// The outcome.
    pub outcome: Outcome,
    /// The claims administrator's guideline statement.
    pub claims_admin: Vec<Cow<'a, str>>,
    /// The reviewer's guideline statement.
    pub reviewer: Vec<Cow<'a, str>>,
    /// The rationale.
    pub rationale: Vec<Cow<'a, str>>,
}

/// Extracts a decision from a letter's raw bytes (UTF-8, UTF-16 with a BOM,
/// or Windows-1252 / Latin-1). `file` names the letter in errors and in
/// [`Decision::file`].
pub fn extract_bytes(file: &str, bytes: &[u8]) -> Result<Decision> {
    let text = corpus::decode(bytes).map_err(|reason| Error::Extract {
        path: file.to_string(),
        reason: reason.to_string(),
    })?;
    extract_text(file, &text)
}

/// Extracts a decision from a letter's text.
pub fn extract_text(file: &str, text: &str) -> Result<Decision> {
    let fail = |reason: String| Error::Extract {
        path: file.to_string(),
        reason,
    };
    let lines = clean_lines(text);
    if lines.is_empty() {
        return Err(fail("empty file: no text".to_string()));
    }
    let layout = detect_layout(&lines).ok_or_else(|| {
        fail(
            "not an IMR decision letter: found none of the section titles of the three known layouts \
             (\"IMR ISSUES, DECISIONS AND RATIONALES\", \"IMR DECISION(S) AND RATIONALE(S)\", \
             \"MEDICAL PROFESSIONAL REVIEW\" / \"ISSUE AT DISPUTE\")"
                .to_string(),
        )
    })?;
    let headings: &Headings = match layout {
        Layout::DwcFinal => &DWC_HEADINGS,
        Layout::MaximusLetter => &MAXIMUS_HEADINGS,
        Layout::ProfessionalReview => &PROFESSIONAL_HEADINGS,
    };
    let sections = Sections::split(&lines, headings);
    // A DWC item's lines are borrowed from `sections`.
    let (raw_items, summary_name, reviewer_sections): (Vec<RawItem<'_>>, &str, &[&str]) =
        match layout {
            Layout::DwcFinal => (
                dwc::items(&sections.get(dwc::ISSUES)),
                dwc::SUMMARY,
                &[dwc::HOW],
            ),
            Layout::MaximusLetter => (
                maximus::items(&sections.get(maximus::DECISIONS)),
                maximus::SUMMARY,
                &["how", "reviewer"],
            ),
            Layout::ProfessionalReview => (
                professional::items(&sections),
                professional::SUMMARY,
                &[professional::QUALIFICATIONS],
            ),
        };
    if raw_items.is_empty() {
        return Err(fail(format!(
            "truncated or incomplete letter: recognised the {} layout but found no disputed item with an outcome",
            layout.as_str()
        )));
    }

    let mut header = fields::parse_header(&sections.preamble);
    // Reviewer lines ("State(s) of Licensure:") may stand anywhere.
    let labelled: Vec<&str> = lines
        .iter()
        .map(|line| line.as_ref())
        .filter(|line| may_hold_reviewer_label(line) && REVIEWER_LABELS.is_match(line))
        .collect();
    let reviewer_header = fields::parse_header(&labelled);
    header.license_state = header.license_state.or(reviewer_header.license_state);
    header.specialty = header.specialty.or(reviewer_header.specialty);

    let summary = clinical_summary(&sections.get(summary_name));
    let reviewer_text = {
        let lines: Vec<&str> = reviewer_sections
            .iter()
            .flat_map(|name| sections.get(name))
            .collect();
        join_lines(&lines)
    };
    // The whole text is only for fallbacks when a field is missing from its
    // usual place; most letters never need it, so it is joined on first use.
    let whole_text = std::cell::LazyCell::new(|| join_lines(&lines));

    let case_number = header
        .case_number
        .clone()
        .or_else(|| fields::find_case_number(&whole_text));
    let date_of_injury = header
        .date_of_injury
        .or_else(|| fields::date_of_injury_from_prose(&summary))
        .or_else(|| fields::date_of_injury_from_prose(&whole_text));
    let (mut age, mut sex) = fields::age_and_sex(&summary);
    if age.is_none() || sex.is_none() {
        // Only what the summary lacks is looked for in the whole text.
        (age, sex) = fields::fill_age_and_sex(&whole_text, age, sex);
    }
    let reviewer_specialty = header
        .specialty
        .clone()
        .or_else(|| fields::specialty_from_prose(&reviewer_text))
        .or_else(|| taxonomy::normalize_specialty(&reviewer_text).map(str::to_string))
        .or_else(|| fields::specialty_from_prose(&whole_text));
    let reviewer_license_state = header
        .license_state
        .clone()
        .or_else(|| fields::license_state_from_prose(&reviewer_text))
        .or_else(|| fields::license_state_from_letter(&whole_text, &lines));

    let items = raw_items.into_iter().map(normalize_item).collect();
    Ok(Decision {
        file: file.to_string(),
        layout,
        case_number,
        claim_number: header.claim_number,
        date_assigned: header.date_assigned,
        ur_denial_date: header.ur_denial_date,
        date_of_injury,
        letter_date: header.letter_date,
        age,
        sex,
        reviewer_specialty,
        reviewer_license_state,
        diagnoses: fields::diagnoses(&summary),
        clinical_summary: summary,
        items,
    })
}

// Section titles are compiled once, not per letter.
static DWC_HEADINGS: LazyLock<Headings> = LazyLock::new(|| Headings::new(dwc::headings()));
static MAXIMUS_HEADINGS: LazyLock<Headings> = LazyLock::new(|| Headings::new(maximus::headings()));
static PROFESSIONAL_HEADINGS: LazyLock<Headings> =
    LazyLock::new(|| Headings::new(professional::headings()));

static REVIEWER_LABELS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:state\(?s?\)?\s+of\s+licensure|certification\(?s?\)?\s*/\s*specialty)\s*:",
    )
    .expect("fixed pattern")
});

/// Whether `line` can match [`REVIEWER_LABELS`], by tests much cheaper than
/// the regex: after any white space the label starts with "State" or
/// "Certification", and it ends in a colon, which most lines lack. Many
/// lines start with an S or a C ("Case Number:", "Claim Number:", "cc:");
/// their first five bytes rule them out.
fn may_hold_reviewer_label(line: &str) -> bool {
    // `trim_start` and the pattern's `\s` both mean Unicode White_Space.
    let start = line.trim_start().as_bytes();
    // The first byte rules out most lines; only those starting as a label
    // may are compared further.
    let may_start_label = match start.first() {
        Some(b's' | b'S') => may_start_with_word(start, "state"),
        Some(b'c' | b'C') => may_start_with_word(start, "certi"),
        Some(0x80..) => true,
        _ => false,
    };
    may_start_label && line.contains(':')
}

/// Whether `text` may start with `word` (ASCII, lowercase) as a
/// case-insensitive pattern reads it. An ASCII letter of the pattern takes
/// only its two ASCII cases among ASCII bytes, so ASCII text is compared
/// byte for byte. A byte past ASCII may belong to a character that folds
/// to a letter of the word ('ſ' to 's'), spanning more bytes than the
/// letter: such text is left to the pattern. Text shorter than the word
/// cannot hold it, as no character folds to a longer one.
fn may_start_with_word(text: &[u8], word: &str) -> bool {
    let Some(head) = text.get(..word.len()) else {
        return false;
    };
    !head.is_ascii() || head.eq_ignore_ascii_case(word.as_bytes())
}

/// Section titles that tell the layouts apart, most specific first.
static LAYOUT_TITLES: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new([
        r"^IMR\s+ISSUES?\s*,?\s+DECISIONS?\s*,?\s+AND\s+RATIONALES?\s*:?$",
        r"^IMR\s+DECISION\s*\(?S?\)?\s+AND\s+RATIONALE\s*\(?S?\)?\s*:?$",
        r"^MEDICAL\s+PROFESSIONAL\s+REVIEW\s*:?$|^ISSUE\s*\(?S?\)?\s+(?:AT|IN|OF)\s+DISPUTE\s*:",
    ])
    .case_insensitive(true)
    .build()
    .expect("fixed patterns")
});

/// Whether a line starting with `bytes` may match a [`LAYOUT_TITLES`]
/// pattern, by its first two bytes. Every title starts with "IMR",
/// "MEDICAL" or "ISSUE". Under the patterns' case folding, 'I', 'M' and 'E'
/// fold to no other character, and 'S' also to 'ſ' (U+017F, whose UTF-8
/// starts with 0xC5). Many lines start with 'I' or 'M'; few go on as a
/// title does, so one branch, nearly always not taken, rules out the rest.
fn may_start_layout_title(bytes: &[u8]) -> bool {
    let [first, second, ..] = *bytes else {
        return false;
    };
    // `byte | 0x20` is a small letter exactly when `byte` is that letter in
    // either case. The tests are combined without `&&` or `||`: one
    // branch, not one per test.
    let (first, second_folded) = (first | 0x20, second | 0x20);
    let imr_or_issue =
        (first == b'i') & ((second_folded == b'm') | (second_folded == b's') | (second == 0xC5));
    let medical = (first == b'm') & (second_folded == b'e');
    imr_or_issue | medical
}

/// Whether a line that [`may_start_layout_title`] may go on as a
/// [`LAYOUT_TITLES`] pattern, by its second word's initial when its first
/// word is "IMR" or "MEDICAL" followed by one space: "IMR Case Number:"
/// and "Medical Director" start as titles do, and are common. The titles'
/// second words start with 'I' or 'D' ("IMR ISSUES", "IMR DECISION") and
/// 'P' ("MEDICAL PROFESSIONAL"), which fold to no other character. Any
/// other start (more white space, a byte past ASCII, "ISSUE") is left to
/// the patterns.
fn may_go_on_as_layout_title(bytes: &[u8]) -> bool {
    // The byte after `word` in any case and one space, when it is ASCII
    // and not white space: the second word's initial.
    let second_initial = |word: &str| {
        let after = bytes
            .get(..word.len())
            .filter(|start| start.eq_ignore_ascii_case(word.as_bytes()))
            .and_then(|_| bytes.get(word.len()..word.len() + 2))?;
        match *after {
            [b' ', initial]
                if initial.is_ascii() && !initial.is_ascii_whitespace() && initial != 0x0B =>
            {
                Some(initial | 0x20)
            }
            _ => None,
        }
    };
    if let Some(initial) = second_initial("IMR") {
        return matches!(initial, b'i' | b'd');
    }
    if let Some(initial) = second_initial("MEDICAL") {
        return initial == b'p';
    }
    true
}

/// Layout titles as letters usually print them, each alone on its line in
/// capitals with single spaces, with the [`LAYOUT_TITLES`] patterns it
/// matches: the usual section title lines that tell a layout, and the
/// professional review's opening line.
static USUAL_LAYOUT_TITLES: LazyLock<Vec<(&'static str, Vec<usize>)>> = LazyLock::new(|| {
    sections::USUAL_TITLE_LINES
        .iter()
        .copied()
        .chain(["MEDICAL PROFESSIONAL REVIEW"])
        .filter_map(|title| {
            let matched: Vec<usize> = LAYOUT_TITLES.matches(title).into_iter().collect();
            (!matched.is_empty()).then_some((title, matched))
        })
        .collect()
});

/// The [`LAYOUT_TITLES`] patterns `line` matches when it is a usual layout
/// title in some case. The titles are ASCII, so such a line differs from
/// one only in the case of ASCII letters; the patterns are
/// case-insensitive, and every character or class in them that takes an
/// ASCII letter takes it in both cases, so they match the two alike.
/// Comparing a few short strings touches much less memory than the
/// patterns' automaton, whose tables other searches keep evicting.
fn usual_layout_title(line: &str) -> Option<&'static [usize]> {
    USUAL_LAYOUT_TITLES
        .iter()
        .find(|(title, _)| title.len() == line.len() && title.eq_ignore_ascii_case(line))
        .map(|(_, indices)| indices.as_slice())
}

fn detect_layout(lines: &[Cow<'_, str>]) -> Option<Layout> {
    let mut seen = [false; 3];
    for line in lines {
        if !may_start_layout_title(line.as_bytes()) || !may_go_on_as_layout_title(line.as_bytes()) {
            continue;
        }
        // Titles are short; skip the regexes for running text.
        if line.len() > 60
            && !line
                .get(..5)
                .is_some_and(|start| start.eq_ignore_ascii_case("ISSUE"))
        {
            continue;
        }
        match usual_layout_title(line) {
            Some(indices) => indices.iter().for_each(|&index| seen[index] = true),
            None => LAYOUT_TITLES
                .matches(line)
                .iter()
                .for_each(|index| seen[index] = true),
        }
    }
    match seen {
        [true, _, _] => Some(Layout::DwcFinal),
        [_, true, _] => Some(Layout::MaximusLetter),
        [_, _, true] => Some(Layout::ProfessionalReview),
        _ => None,
    }
}

static SUMMARY_BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the\s+expert\s+reviewer\s+developed\s+the\s+following\s+clinical\s+case\s+summary[^:]*:\s*")
        .expect("fixed pattern")
});

/// The words [`SUMMARY_BOILERPLATE`] starts with, as letters print them:
/// with one space between them.
const SUMMARY_BOILERPLATE_START: &str =
    "the expert reviewer developed the following clinical case summary";

/// Where [`SUMMARY_BOILERPLATE`] ends in `text`, if it is there.
///
/// When `text` starts with [`SUMMARY_BOILERPLATE_START`] in some case,
/// those bytes are ASCII and the pattern's one way through them is fixed:
/// each `\s+` takes the one space (a letter follows it), each letter
/// matches in either case. Then `[^:]*:` runs to the first colon after
/// them, and there is no match without one; `\s*` takes the white space
/// after it, the characters `trim_start` removes (both mean Unicode
/// White_Space). That is found without walking the pattern's automaton
/// over the long sentence. Other text is left to the pattern.
fn summary_boilerplate_end(text: &str) -> Option<usize> {
    let start = SUMMARY_BOILERPLATE_START;
    let usual_start = text
        .get(..start.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(start));
    if !usual_start {
        return SUMMARY_BOILERPLATE.find(text).map(|found| found.end());
    }
    let colon = start.len() + memchr::memchr(b':', &text.as_bytes()[start.len()..])?;
    let after_colon = &text[colon + 1..];
    Some(text.len() - after_colon.trim_start().len())
}

fn clinical_summary(lines: &[&str]) -> String {
    let text = join_collapsed(lines);
    // The boilerplate is anchored at the start: when it is there, the
    // summary is what follows it; otherwise the text is kept, not copied.
    match summary_boilerplate_end(&text) {
        Some(end) => text[end..].to_string(),
        None => text,
    }
}

static LEADING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{1,2}\s*[.)]\s+").expect("fixed pattern"));

/// Whether `treatment` may start with a [`LEADING_NUMBER`], by its first
/// byte: a match starts the text with '(' or a `\d`, which is any Unicode
/// digit, so a first byte that is ASCII but neither '(' nor a digit rules
/// it out and spares the regex.
fn may_start_with_number(treatment: &str) -> bool {
    treatment
        .as_bytes()
        .first()
        .is_some_and(|&first| first == b'(' || !first.is_ascii() || first.is_ascii_digit())
}

/// A reviewer's statement that adopts the claims administrator's
/// guidelines, as MAXIMUS letters put it: "The Expert Reviewer found the
/// Guidelines used by the Claims Administrator relevant and appropriate for
/// the employee's clinical circumstance."
static ADOPTS_CLAIMS_ADMINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bfound\s+the\s+guidelines?(?:\(s\))?\s+(?:used|cited|relied\s+(?:on|upon)|applied)\s+by\s+the\s+(?:claims?\s+administrator|utilization\s+review(?:er)?|UR(?:\s+physician|\s+reviewer)?|prior\s+reviewer)\s+(?:to\s+be\s+|as\s+)?(?:relevant|appropriate|applicable)\b|\bthe\s+guidelines?(?:\(s\))?\s+used\s+by\s+the\s+(?:claims?\s+administrator|utilization\s+review(?:er)?|UR(?:\s+physician|\s+reviewer)?|prior\s+reviewer)\s+(?:is|are|was|were)\s+(?:relevant|appropriate|applicable)\b",
    )
    .expect("fixed pattern")
});

/// Whether `text` holds `words` (ASCII, lowercase, single spaces) in any
/// case: what a pattern that needs them needs, in text whose white space
/// [`join_collapsed`] made single spaces. Few statements hold them, and
/// looking for one of their letters, `words[anchor]` (a rare one), costs
/// much less than the pattern.
fn holds_words(text: &str, words: &str, anchor: usize) -> bool {
    let bytes = text.as_bytes();
    let letter = words.as_bytes()[anchor];
    memchr::memchr2_iter(letter, letter.to_ascii_uppercase(), bytes).any(|at| {
        at.checked_sub(anchor)
            .and_then(|start| bytes.get(start..start + words.len()))
            .is_some_and(|found| found.eq_ignore_ascii_case(words.as_bytes()))
    })
}

/// Whether `statement` finds the claims administrator's guidelines relevant
/// ([`ADOPTS_CLAIMS_ADMINS`]) without taking it back in the same sentence:
/// not "relevant but not applicable to this request", "appropriate only in
/// part", "... except ...".
fn adopts_without_reserve(statement: &str) -> bool {
    ADOPTS_CLAIMS_ADMINS.find(statement).is_some_and(|found| {
        let rest = &statement[found.end()..];
        let sentence = &rest[..rest.find('.').unwrap_or(rest.len())].to_ascii_lowercase();
        ![
            "but not",
            "not applicable",
            "only in part",
            "except",
            "but did not",
        ]
        .iter()
        .any(|reserve| sentence.contains(reserve))
    })
}

/// A statement that names no guideline of its own but points at the other
/// party's: "cited the same section", "relied on the same guidelines",
/// "cited the same."
static CITES_THE_SAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:cited|relied\s+(?:on|upon)|referenced|used|applied)\s+the\s+same(?:\s+(?:sections?|guidelines?|criteria|chapters?|citations?|pages?|references?|sources?)\b|\s*[.;,]|\s*$)",
    )
    .expect("fixed pattern")
});

/// A denial of [`CITES_THE_SAME`]: "had not used the same guidelines".
static DOES_NOT_CITE_THE_SAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnot\s+(?:\w+\s+)?(?:cited|relied|referenced|used|applied)\s+the\s+same\b")
        .expect("fixed pattern")
});

/// Whether `statement` points at the other party's guidelines.
fn cites_the_same(statement: &str) -> bool {
    holds_words(statement, "the same", 6)
        && CITES_THE_SAME.is_match(statement)
        && !DOES_NOT_CITE_THE_SAME.is_match(statement)
}

fn normalize_item(raw: RawItem<'_>) -> Item {
    let mut treatment = join_collapsed(&raw.treatment);
    if may_start_with_number(&treatment) {
        if let Cow::Owned(unnumbered) = LEADING_NUMBER.replace(&treatment, "") {
            treatment = unnumbered;
        }
    }
    let class = taxonomy::classify_treatment(&treatment);
    let reviewer_text = join_collapsed(&raw.reviewer);
    let claims_admin_text = join_collapsed(&raw.claims_admin);
    let (mut reviewer_guidelines, mut reviewer_based_on_mtus) =
        taxonomy::normalize_guidelines_and_mtus_basis(&reviewer_text);
    let mut claims_admin_guidelines = taxonomy::normalize_guidelines(&claims_admin_text);
    // "The UR determination cited the same section": the reviewer's.
    if claims_admin_guidelines.is_empty() && cites_the_same(&claims_admin_text) {
        claims_admin_guidelines = reviewer_guidelines.clone();
    }
    // "The professional reviewer relied on the same guideline" (together
    // with ...), "The Expert Reviewer found the Guidelines used by the
    // Claims Administrator relevant and appropriate": the claims
    // administrator's first, then any the reviewer also cited.
    let adopts = |reviewer_text: &str| {
        cites_the_same(reviewer_text)
            || ((holds_words(reviewer_text, "found the", 0)
                || holds_words(reviewer_text, "used by the", 0))
                && adopts_without_reserve(reviewer_text))
    };
    if !claims_admin_guidelines.is_empty()
        && claims_admin_guidelines != reviewer_guidelines
        && adopts(&reviewer_text)
    {
        let own = std::mem::replace(&mut reviewer_guidelines, claims_admin_guidelines.clone());
        for path in own {
            if !reviewer_guidelines.contains(&path) {
                reviewer_guidelines.push(path);
            }
        }
        reviewer_based_on_mtus = taxonomy::based_on_mtus(&reviewer_text, &reviewer_guidelines);
    }
    Item {
        reviewer_based_on_mtus,
        category: class.category.to_string(),
        subcategory: class.subcategory.map(str::to_string),
        outcome: raw.outcome,
        reviewer_guidelines,
        claims_admin_guidelines,
        reviewer_guideline_text: reviewer_text,
        claims_admin_guideline_text: claims_admin_text,
        rationale: join_collapsed(&raw.rationale),
        treatment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const SAMPLE: &str = include_str!("../../corpus/imr-final-determination-sample.txt");

    #[test]
    fn a_reviewer_finding_the_claims_administrators_guidelines_relevant_adopts_them() {
        let letter = "MAXIMUS FEDERAL SERVICES, INC.\n\
            Independent Medical Review\n\
            IMR DECISION(S) AND RATIONALE(S)\n\
            1. Acupuncture, 6 visits is not medically necessary and appropriate.\n\
            Guidelines relied upon by the Claims Administrator: The Claims Administrator based its\n\
            decision on the MTUS Acupuncture Medical Treatment Guidelines.\n\
            Guidelines relied upon by the Expert Reviewer: The Expert Reviewer found the Guidelines\n\
            used by the Claims Administrator relevant and appropriate for the employee's clinical\n\
            circumstance. The Expert Reviewer also cited the ODG, Low Back Chapter.\n\
            Rationale used by the Expert Reviewer: The ODG and the MTUS Chronic Pain Guidelines\n\
            agree that no functional improvement was shown.\n\
            2. Norco 10/325mg #60 is not medically necessary and appropriate.\n\
            Guidelines relied upon by the Claims Administrator: The Claims Administrator based its\n\
            decision on the MTUS Chronic Pain Medical Treatment Guidelines.\n\
            Guidelines relied upon by the Expert Reviewer: The Expert Reviewer did not find the\n\
            Guidelines used by the Claims Administrator relevant, and based his/her decision on the\n\
            ODG, Pain (Chronic) Chapter.\n\
            Rationale used by the Expert Reviewer: No benefit.\n";
        let decision = extract_text("letter.txt", letter).unwrap();
        let acupuncture = &decision.items[0];
        assert_eq!(acupuncture.claims_admin_guidelines, ["/MTUS/Acupuncture"]);
        assert_eq!(
            acupuncture.reviewer_guidelines,
            ["/MTUS/Acupuncture", "/ODG/Low Back"]
        );
        assert_eq!(acupuncture.reviewer_based_on_mtus, Some(true));
        assert_eq!(
            acupuncture.rationale,
            "The ODG and the MTUS Chronic Pain Guidelines agree that no functional improvement was shown."
        );
        // "did not find ... relevant" adopts nothing.
        assert_eq!(
            decision.items[1].reviewer_guidelines,
            ["/ODG/Pain (Chronic)"]
        );
        // The reviewer's paths for a reviewer's statement, the claims
        // administrator having relied on the MTUS ACOEM.
        let reviewer_paths = |statement: &str| {
            normalize_item(RawItem {
                treatment: vec![Cow::Borrowed("Acupuncture, 6 visits")],
                outcome: Outcome::Upheld,
                claims_admin: vec![Cow::Borrowed(
                    "The Claims Administrator based its decision on the MTUS ACOEM.",
                )],
                reviewer: vec![Cow::Owned(statement.to_string())],
                rationale: vec![],
            })
            .reviewer_guidelines
        };
        // Taken back in the same sentence, it adopts nothing.
        for reserve in [
            "The Expert Reviewer found the Guideline(s) used by the Claims Administrator relevant but not applicable to this request, and based his/her decision on the ODG, Low Back Chapter.",
            "The Expert Reviewer found the guidelines used by the Claims Administrator appropriate only in part; the ODG, Low Back Chapter, applies.",
        ] {
            assert_eq!(reviewer_paths(reserve), ["/ODG/Low Back"], "{reserve}");
        }
        // Said of the guideline rather than found by the reviewer, and of a
        // "prior reviewer", it adopts alike.
        for adopting in [
            "The guideline used by the utilization reviewer is appropriate to this request and was also relied upon by this reviewer.",
            "The reviewer found the guideline used by the prior reviewer appropriate.",
        ] {
            assert_eq!(reviewer_paths(adopting), ["/MTUS/ACOEM"], "{adopting}");
        }
        // In capitals alike.
        let shouting = extract_text("letter.txt", &letter.to_uppercase()).unwrap();
        assert_eq!(
            shouting.items[0].reviewer_guidelines,
            acupuncture.reviewer_guidelines
        );
    }

    #[test]
    fn only_text_starting_with_a_digit_or_parenthesis_may_be_numbered() {
        for treatment in ["1. MRI", "(2) PT", "12) Norco", "\u{0663}. Norco", "Ālpha"] {
            assert!(may_start_with_number(treatment), "{treatment}");
        }
        for treatment in ["MRI", "", " 1. MRI", "#1 Norco"] {
            assert!(!may_start_with_number(treatment), "{treatment}");
            assert!(!LEADING_NUMBER.is_match(treatment), "{treatment}");
        }
        // An Arabic-Indic digit is a `\d`.
        assert!(LEADING_NUMBER.is_match("\u{0663}. Norco"));
    }

    #[test]
    fn a_claims_administrator_citing_the_same_has_the_reviewers_guidelines() {
        let item = |claims_admin: &'static str| {
            normalize_item(RawItem {
                treatment: vec![Cow::Borrowed("Duloxetine 60mg #30")],
                outcome: Outcome::Overturned,
                claims_admin: vec![Cow::Borrowed(claims_admin)],
                reviewer: vec![Cow::Borrowed(
                    "The MTUS Chronic Pain Medical Treatment Guidelines, pages 13-16, were relied upon.",
                )],
                rationale: vec![],
            })
        };
        let same = item("The UR determination cited the same section, pages 13-16.");
        assert_eq!(same.claims_admin_guidelines, ["/MTUS/Chronic Pain"]);
        // Its own citation stands; "the same" citing nothing else is not it.
        let own = item("The UR determination cited the same ODG Pain chapter.");
        assert_eq!(own.claims_admin_guidelines, ["/ODG/Pain (Chronic)"]);
        let none = item("The UR determination cited no guideline.");
        assert!(none.claims_admin_guidelines.is_empty());
        for other in [
            "Utilization review cited the same lack of functional improvement.",
            "Utilization review had not used the same guidelines.",
        ] {
            assert!(item(other).claims_admin_guidelines.is_empty(), "{other}");
        }
        assert_eq!(
            item("Utilization review relied on the same guidelines.").claims_admin_guidelines,
            ["/MTUS/Chronic Pain"]
        );
    }

    #[test]
    fn a_reviewer_citing_the_same_has_the_claims_administrators_guidelines() {
        let item = |reviewer: &'static str| {
            normalize_item(RawItem {
                treatment: vec![Cow::Borrowed("Post-operative occupational therapy, 12 visits")],
                outcome: Outcome::Upheld,
                claims_admin: vec![Cow::Borrowed(
                    "The utilization review relied on the MTUS Postsurgical Treatment Guidelines, page 22.",
                )],
                reviewer: vec![Cow::Borrowed(reviewer)],
                rationale: vec![],
            })
        };
        let same = item("The professional reviewer relied on the same guideline.");
        assert_eq!(same.reviewer_guidelines, ["/MTUS/Postsurgical"]);
        assert_eq!(same.reviewer_based_on_mtus, Some(true));
        let own =
            item("The professional reviewer relied on the same ODG Forearm, Wrist & Hand chapter.");
        assert_eq!(own.reviewer_guidelines, ["/ODG/Forearm Wrist & Hand"]);
        let not = item("The professional reviewer had not used the same guidelines.");
        assert!(not.reviewer_guidelines.is_empty());
        // The same, and more: the claims administrator's first.
        let more = item(
            "The professional reviewer relied on the same guideline, together with the ODG Forearm, Wrist & Hand Chapter.",
        );
        assert_eq!(
            more.reviewer_guidelines,
            ["/MTUS/Postsurgical", "/ODG/Forearm Wrist & Hand"]
        );
    }

    #[test]
    fn the_real_sample_letter() {
        let decision = extract_text("sample.txt", SAMPLE).unwrap();
        assert_eq!(decision.layout, Layout::DwcFinal);
        assert_eq!(decision.age, Some(59));
        assert_eq!(decision.sex, Some(crate::model::Sex::Male));
        assert_eq!(
            decision.date_of_injury,
            NaiveDate::from_ymd_opt(2009, 1, 16)
        );
        assert_eq!(
            decision.reviewer_specialty.as_deref(),
            Some("Anesthesiology")
        );
        assert_eq!(
            decision.reviewer_license_state.as_deref(),
            Some("California")
        );
        assert_eq!(decision.items.len(), 2);
        let facet = &decision.items[0];
        assert_eq!(
            facet.treatment,
            "In-Office, Cervical Facet Joint Injection, C4/5, C5/6, C6/7, Bilaterally"
        );
        assert_eq!(
            (facet.category.as_str(), facet.subcategory.as_deref()),
            ("injection", Some("facet"))
        );
        assert_eq!(facet.outcome, Outcome::Upheld);
        assert_eq!(facet.reviewer_guidelines, ["/ODG/Neck and Upper Back"]);
        assert_eq!(
            facet.claims_admin_guidelines,
            ["/MTUS/ACOEM", "/ODG/Unspecified"]
        );
        assert_eq!(facet.reviewer_based_on_mtus, Some(false));
        assert!(facet.rationale.starts_with("The request is excessive"));
        assert!(facet
            .rationale
            .ends_with("not medically necessary and appropriate."));
        let acupuncture = &decision.items[1];
        assert_eq!(acupuncture.category, "acupuncture");
        assert_eq!(acupuncture.outcome, Outcome::Upheld);
        assert_eq!(acupuncture.reviewer_guidelines, ["/MTUS/Acupuncture"]);
        assert_eq!(
            acupuncture.claims_admin_guidelines,
            ["/MTUS/ACOEM", "/MTUS/Chronic Pain", "/ODG/Unspecified"]
        );
        assert!(decision
            .clinical_summary
            .starts_with("The injured worker is a 59 year old male"));
    }

    #[test]
    fn the_sample_survives_crlf_form_feeds_and_windows_1252() {
        let expected = extract_text("sample.txt", SAMPLE).unwrap();
        let crlf = SAMPLE.replace('\n', "\r\n");
        assert_eq!(extract_text("sample.txt", &crlf).unwrap(), expected);
        let paged = SAMPLE.replacen(
            "CLINICAL CASE SUMMARY",
            "Page 1 of 2\n\u{0C}CLINICAL CASE SUMMARY",
            1,
        );
        assert_eq!(extract_text("sample.txt", &paged).unwrap(), expected);
        let quoted = SAMPLE.replace("The request is", "The \u{201C}request\u{201D} is");
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&quoted);
        let decoded = extract_bytes("sample.txt", &cp1252).unwrap();
        assert!(decoded.items[0].rationale.starts_with("The \"request\" is"));
    }

    #[test]
    fn layout_title_prefilter_lets_every_title_through() {
        let titles = [
            "IMR ISSUES, DECISIONS AND RATIONALES",
            "IMR DECISION(S) AND RATIONALE(S)",
            "MEDICAL PROFESSIONAL REVIEW",
            "ISSUE AT DISPUTE:",
        ];
        for title in titles {
            for (first, second) in
                (0..=u8::MAX).flat_map(|first| (0..=u8::MAX).map(move |second| (first, second)))
            {
                let mut line = vec![first, second];
                line.extend_from_slice(&title.as_bytes()[2..]);
                let Ok(line) = std::str::from_utf8(&line) else {
                    continue;
                };
                if LAYOUT_TITLES.is_match(line) {
                    assert!(may_start_layout_title(line.as_bytes()), "{line}");
                    assert!(may_go_on_as_layout_title(line.as_bytes()), "{line}");
                }
            }
        }
        for line in ["I\u{17f}sue at dispute:", "i\u{17f}\u{17f}UE AT DISPUTE:"] {
            assert!(LAYOUT_TITLES.is_match(line), "{line}");
            assert!(may_start_layout_title(line.as_bytes()), "{line}");
        }
        for title in titles
            .iter()
            .filter(|title| title.starts_with("IMR ") || title.starts_with("MEDICAL "))
        {
            let at = title.find(' ').unwrap() + 1;
            for byte in 0..=u8::MAX {
                let mut line = title.as_bytes().to_vec();
                line[at] = byte;
                let Ok(line) = std::str::from_utf8(&line) else {
                    continue;
                };
                if LAYOUT_TITLES.is_match(line) {
                    assert!(may_go_on_as_layout_title(line.as_bytes()), "{line}");
                }
            }
            for space in ["  ", "\t", "\u{0B}", "\u{a0}", "\u{2003}"] {
                let line = title.replacen(' ', space, 1);
                assert!(LAYOUT_TITLES.is_match(&line), "{line:?}");
                assert!(may_go_on_as_layout_title(line.as_bytes()), "{line:?}");
            }
        }
        for line in ["IMR Case Number: CM13-0000001", "Medical Director", "imr x"] {
            assert!(!may_go_on_as_layout_title(line.as_bytes()), "{line}");
        }
        for line in ["", "I", "In the", "Mr. Smith", "MRI", "It is"] {
            assert!(!may_start_layout_title(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn usual_layout_titles_tell_every_layout() {
        for layout in 0..3 {
            assert!(
                USUAL_LAYOUT_TITLES
                    .iter()
                    .any(|(_, indices)| indices.contains(&layout)),
                "{layout}"
            );
        }
        assert_eq!(USUAL_LAYOUT_TITLES.len(), 5);
    }

    proptest::proptest! {
        #[test]
        fn usual_layout_titles_in_any_case_match_as_the_patterns_say(
            which in 0..USUAL_LAYOUT_TITLES.len(),
            lower in proptest::collection::vec(proptest::bool::ANY, 40),
            tail in proptest::sample::select(vec!["", " ", ":", " x", "\u{17f}"]),
        ) {
            let (title, indices) = &USUAL_LAYOUT_TITLES[which];
            proptest::prop_assert!(!indices.is_empty());
            let line: String = title
                .chars()
                .zip(lower.iter().cycle())
                .map(|(c, &lower)| if lower { c.to_ascii_lowercase() } else { c })
                .chain(tail.chars())
                .collect();
            let by_patterns: Vec<usize> = LAYOUT_TITLES.matches(&line).into_iter().collect();
            match usual_layout_title(&line) {
                Some(found) => proptest::prop_assert_eq!(found, by_patterns.as_slice()),
                None => proptest::prop_assert!(!tail.is_empty()),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn summary_boilerplate_ends_where_the_pattern_says(
            upper in proptest::collection::vec(proptest::bool::ANY, 70),
            tail in "[a-z :\t\u{a0}\u{2003}\u{17f}]{0,12}",
            rest in "[a-z :\u{a0}]{0,12}",
        ) {
            let start: String = SUMMARY_BOILERPLATE_START
                .chars()
                .zip(upper.iter().cycle())
                .map(|(c, &upper)| if upper { c.to_ascii_uppercase() } else { c })
                .collect();
            for text in [
                format!("{start}{tail}{rest}"),
                format!("{start}{tail}"),
                format!("{}{tail}", start.replacen(' ', "  ", 1)),
                format!("{}{tail}", start.replacen('s', "\u{17f}", 1)),
                tail.clone(),
            ] {
                proptest::prop_assert_eq!(
                    summary_boilerplate_end(&text),
                    SUMMARY_BOILERPLATE.find(&text).map(|found| found.end()),
                    "{:?}", text
                );
            }
        }
    }

    #[test]
    fn reviewer_label_prefilter_lets_every_label_through() {
        for line in [
            "State(s) of Licensure: California",
            "  state of licensure: CA",
            "Certification(s)/Specialty: Anesthesiology",
            "\u{017F}tate of licensure: CA",
        ] {
            assert!(may_hold_reviewer_label(line), "{line}");
            assert!(REVIEWER_LABELS.is_match(line), "{line}");
        }
        for line in [
            "The patient: stable",
            "State of Licensure California",
            "",
            "Case Number: CM13-0012345",
            "Claim Number: 12345",
            "cc: Claims Administrator",
            "Stat: 1",
        ] {
            assert!(!may_hold_reviewer_label(line), "{line}");
        }
    }

    proptest::proptest! {
        /// The prefilter lets through every line the pattern matches: lines
        /// made of the labels' words and look-alikes, in any case, after
        /// any white space.
        #[test]
        fn reviewer_label_prefilter_never_drops_a_label(
            leading in proptest::sample::select(vec!["", " ", "\t", "\u{2003}", "\u{a0} "]),
            first in proptest::sample::select(vec![
                "State", "STATE", "ſtate", "ſTATE", "Stat", "Sate", "Case",
                "Certification", "CERTIFICATION", "certiﬁcation", "Cert", "Claim",
            ]),
            tail in proptest::sample::select(vec![
                "(s) of Licensure:", " of licensure :", "(S)\u{2003}OF LICENSURE:", "s of licensure:",
                " of Licensure", "(s)/Specialty:", " / SPECIALTY :", "s/specialty:", "(S)/Specialty",
                ": x", "",
            ]),
        ) {
            let line = format!("{leading}{first}{tail}");
            if REVIEWER_LABELS.is_match(&line) {
                proptest::prop_assert!(may_hold_reviewer_label(&line), "{:?}", line);
            }
        }
    }

    #[test]
    fn errors_name_the_file_and_reason() {
        let error = extract_text("notes.txt", "Dear diary, nothing here.").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("notes.txt: not an IMR decision letter"),
            "{error}"
        );
        let error = extract_bytes("blank.txt", b"").unwrap_err();
        assert_eq!(error.to_string(), "blank.txt: empty file: no text");
        let cut = &SAMPLE[..SAMPLE.find("In-Office, Cervical").unwrap()];
        let error = extract_text("cut.txt", cut).unwrap_err();
        assert!(error.to_string().contains("truncated"), "{error}");
    }
}
