//! The early MAXIMUS letter layout and the item sentences it shares with the
//! professional review.
//!
//! ```text
//! MAXIMUS FEDERAL SERVICES, INC.
//! Independent Medical Review
//! ...
//! IMR DECISION(S) AND RATIONALE(S)
//! 1. Norco 10/325mg #120 is not medically necessary and appropriate.
//! The Claims Administrator based its decision on the ...
//! The Expert Reviewer based his/her decision on the ...
//! The Expert Reviewer's decision rationale: ...
//! ```

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::model::Outcome;

use crate::taxonomy::{FirstRow, RowMatch};

use super::clean::{join_lines, strip_prefix_ignore_ascii_case};
use super::sections::{Heading, Sections};
use super::RawItem;

/// The documents list.
pub const DOCUMENTS: &str = "documents";
/// The clinical case summary.
pub const SUMMARY: &str = "summary";
/// The numbered decisions.
pub const DECISIONS: &str = "decisions";

/// This layout's section titles.
pub fn headings() -> Vec<Heading> {
    vec![
        Heading::alone(DOCUMENTS, r"DOCUMENTS\s+REVIEWED").starting_with(&["DOCUMENTS"]),
        Heading::alone(SUMMARY, r"CLINICAL\s+CASE\s+SUMMARY").starting_with(&["CLINICAL"]),
        Heading::alone(
            DECISIONS,
            r"IMR\s+DECISION\s*\(?S?\)?\s+AND\s+RATIONALE\s*\(?S?\)?",
        )
        .starting_with(&["IMR"]),
        Heading::alone(
            "how",
            r"HOW\s+THE\s+(?:IMR\s+)?(?:FINAL\s+)?DETERMINATION\s+WAS\s+MADE",
        )
        .starting_with(&["HOW"]),
        Heading::alone(
            "reviewer",
            r"(?:EXPERT\s+)?REVIEWER(?:'S)?\s+QUALIFICATIONS",
        )
        .starting_with(&["EXPERT", "REVIEWER", "REVIEWER'S"]),
    ]
}

/// Whether `sections` look like this layout.
pub fn detect(sections: &Sections) -> bool {
    sections.has(DECISIONS)
}

fn pattern(source: &str) -> Regex {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .build()
        .expect("fixed pattern")
}

/// "... is (not) medically necessary (and appropriate)": row 0 says "not"
/// (the denial is upheld), row 1 does not (it is overturned). At any one
/// position at most one row can match, as "not" either follows the verb or
/// does not.
pub(crate) static NECESSITY: LazyLock<FirstRow> = LazyLock::new(|| {
    let statement = |not: &str| {
        format!(
            r"\s*,?\s*\b(?:is|are|was|were|be)\s+{not}(?:considered\s+)?medically\s+necessary(?:\s+(?:and|or|nor)\s+appropriate)?\s*\.?"
        )
    };
    FirstRow::new([statement(r"not\s+"), statement("")])
});

/// The outcome a [`NECESSITY`] match states.
pub(crate) fn necessity_outcome(found: RowMatch) -> Outcome {
    if found.row == 0 {
        Outcome::Upheld
    } else {
        Outcome::Overturned
    }
}

/// The outcome the last [`NECESSITY`] statement of `text` gives: a
/// rationale's conclusion.
pub(crate) fn last_necessity(text: &str) -> Option<Outcome> {
    NECESSITY.find_iter(text).last().map(necessity_outcome)
}

/// An item number at the start of a line: "1. ", "(2) ", "3: ".
static NUMBER_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{1,2}\s*[.):]\s+").expect("fixed pattern"));

/// The item number's digits and the text after the number, when `text`
/// starts with a [`NUMBER_PREFIX`]. The text must hold no line break (a
/// cleaned line never does), as in the form `^\(?(\d{1,2})\s*[.):]\s+(.*)$`;
/// only the short prefix is matched, and without capturing, which costs a
/// second search.
fn split_number(text: &str) -> Option<(&str, &str)> {
    let prefix_end = number_prefix_end(text)?;
    let rest = &text[prefix_end..];
    if rest.contains('\n') {
        return None;
    }
    // The digits run from after the optional "(" to the white space or
    // punctuation after them.
    let number = &text[..prefix_end];
    let number = number.strip_prefix('(').unwrap_or(number);
    let digits_end = number
        .find(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | ':'))
        .unwrap_or(number.len());
    Some((&number[..digits_end], rest))
}

/// Where the [`NUMBER_PREFIX`] match at the start of `text` ends, if it
/// has one.
pub(crate) fn number_prefix_end(text: &str) -> Option<usize> {
    // In ASCII the pattern reads: an optional "(", one or two digits, any
    // white space, one of ".):", then all the white space that follows
    // (the last `\s+` takes all it can, nothing coming after it). A third
    // digit fits neither the digits nor what follows them, so however the
    // regex backtracks, three digits do not match. `\d` and `\s` take in
    // digits and white space past ASCII too: where the walk stops at a
    // byte past ASCII, the regex decides.
    let bytes = text.as_bytes();
    let by_regex = || NUMBER_PREFIX.find(text).map(|found| found.end());
    let stops_past_ascii = |at: usize| bytes.get(at).is_some_and(|byte| !byte.is_ascii());
    let is_space = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|&byte| matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
    };
    let digits_start = usize::from(bytes.first() == Some(&b'('));
    let mut at = digits_start;
    while at < digits_start + 2 && bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    if at < digits_start + 2 && stops_past_ascii(at) {
        return by_regex();
    }
    if at == digits_start {
        return None;
    }
    while is_space(at) {
        at += 1;
    }
    match bytes.get(at) {
        Some(b'.' | b')' | b':') => at += 1,
        Some(byte) if !byte.is_ascii() => return by_regex(),
        _ => return None,
    }
    let spaces_start = at;
    while is_space(at) {
        at += 1;
    }
    if stops_past_ascii(at) {
        return by_regex();
    }
    (at > spaces_start).then_some(at)
}

static REQUEST_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^(?:(?:the|a|an)\s+)?(?:retrospective\s+|prospective\s+)?(?:request(?:ed)?\s+(?:for|of)\s+|requested\s+)(?:(?:the|a|an)\s+)?",
    )
});
/// Which part of an item's body a [`PART_MARKER`] row begins.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    ClaimsAdmin,
    Reviewer,
    Rationale,
}

/// The rows of [`PART_MARKER`], in its order.
const PARTS: [Part; 4] = [
    Part::ClaimsAdmin,
    Part::Reviewer,
    Part::Rationale,
    Part::ClaimsAdmin,
];

/// The row of [`PART_MARKER`] for "Utilization review cited": a marker only
/// where a sentence or a label's value starts, as "the UR physician cited"
/// inside the reviewer's sentence is not the claims administrator's
/// statement.
const CITED_ROW: usize = 3;

/// Whether `at` in `body` starts the text or follows the end of a sentence
/// or a colon (then white space).
fn starts_sentence(body: &str, at: usize) -> bool {
    let before = body[..at].trim_end();
    before.is_empty() || before.ends_with(['.', ':', ';'])
}

static PART_MARKER: LazyLock<FirstRow> = LazyLock::new(|| {
    // Who relied on what: "The Claims Administrator based its decision on",
    // "Utilization review relied on:", "Claims Administrator guideline:",
    // "The Claims Administrator did not cite any evidence-based criteria",
    // "The Expert Reviewer based his/her decision on", "Professional
    // reviewer:", "MAXIMUS guideline:", then the rationale. Utilization
    // review's statement may also open "Utilization review cited" or "The
    // UR determination cited". Letters of 2013 label the parts "Guidelines
    // relied upon by the Claims Administrator:", "... by the Expert
    // Reviewer:" and "Rationale used by the Expert Reviewer:", or
    // "Guidelines Relied on by the Claims Administrator (Utilization Review)
    // to make its decision:", "Medical Treatment Guideline(s) which the
    // Expert Reviewer found applicable to make its decision:" and
    // "Rationale for the Decision:".
    let relied = r"(?:\s+(?:relied|based\s+(?:its|his|her|his/her|their|the)?\s*(?:decision|determination)|made\s+(?:its|his|her|his/her|their|the)?\s*(?:decision|determination)|(?:decision|determination)\s+was\s+based)\s+(?:on|upon))";
    // A word of its own: "UR" is not the end of "our" or "four".
    let claims_admin = r"(?-u:\b)(?:the\s+)?(?:claims?\s+administrator|utilization\s+review(?:er)?|UR(?:\s+physician)?(?:\s+peer)?(?:\s+reviewer)?|peer\s+reviewer|prior\s+reviewer)";
    let cited = r"\b(?:the\s+)?(?:utilization\s+review|UR)(?:\s+(?:determination|decision|reviewer|physician))?\s+(?:cited|referenced|quoted)\b";
    let reviewer = r"(?:the\s+)?(?:professional|expert|IMR|medical|maximus|physician)\s+reviewer";
    let guideline_label = r"(?:'s)?\s+guidelines?(?:\(s\))?\s*:";
    let guidelines = r"(?:medical\s+treatment\s+)?guidelines?(?:\(s\))?";
    FirstRow::new([
        format!(
            r"{guidelines}\s+(?:(?:relied\s+(?:up)?on|used|applied|cited)\s+by\s+{claims_admin}|(?:which\s+|that\s+)?{claims_admin}(?:{relied}|\s+used|\s+applied|\s+cited))[^:.]{{0,60}}:|{claims_admin}{relied}\s*:?|{claims_admin}'s\s+rationale\s+(?:referenced|cited)|{claims_admin}\s+applied\b|{claims_admin}{guideline_label}|{claims_admin}\s*:|{claims_admin}\s+did\s+not\s+(?:cite|rely|base|reference|provide)\b"
        ),
        format!(
            r"{guidelines}\s+(?:(?:relied\s+(?:up)?on|used|applied|cited)\s+by\s+{reviewer}|(?:which\s+|that\s+)?{reviewer}\s+(?:found\s+(?:applicable|relevant)|used|applied|relied\s+(?:up)?on))[^:.]{{0,60}}:|{reviewer}{relied}\s*:?|{reviewer}\s+applied\b|the\s+(?:expert|physician)\s+reviewer\s+(?:found|did\s+not\s+base|noted\s+that\s+the\s+MTUS)|(?:{reviewer}|maximus|reviewer){guideline_label}|{reviewer}\s*:|guidelines?\s+relied\s+upon\s*:?|\breviewer{relied}\s*:"
        ),
        format!(
            r"the\s+expert\s+reviewer'?s\s+(?:decision\s+)?rationale\s*:?|decision\s+rationale\s*:|rationale(?:\s+used)?\s*:|rationale\s+used\s+by\s+{reviewer}\s*:|rationale\s+for\s+(?:the|this)\s+(?:decision|determination)\s*:"
        ),
        cited.to_string(),
    ])
});

/// Splits an item sentence "1. The request for X is not medically necessary
/// and appropriate." into the treatment as written and the outcome.
pub fn split_item_sentence(sentence: &str) -> Option<(String, Outcome, usize)> {
    let found = NECESSITY.find(sentence)?;
    let outcome = necessity_outcome(found);
    let before = sentence[..found.start].trim();
    let before = split_number(before).map_or(before, |(_, rest)| rest);
    let treatment = strip_request_prefix(before.trim());
    let treatment = treatment.trim().trim_end_matches([',', ':']).trim();
    if treatment.is_empty() {
        return None;
    }
    Some((treatment.to_string(), outcome, found.end))
}

/// Removes a leading "The request for" / "Retrospective request for".
/// The pattern is anchored at the text's start, so what `replace` would
/// remove is the text up to the match's end.
pub fn strip_request_prefix(text: &str) -> &str {
    REQUEST_PREFIX
        .find(text)
        .map_or(text, |found| &text[found.end()..])
}

/// Reads the numbered items of the decisions section.
pub fn items(lines: &[&str]) -> Vec<RawItem<'static>> {
    // The letter's copy list ("cc: Division of Workers' Compensation")
    // follows the last item and is none of its text.
    let lines = lines
        .iter()
        .position(|line| {
            line.get(..3)
                .is_some_and(|start| start.eq_ignore_ascii_case("cc:"))
        })
        .map_or(lines, |copies| &lines[..copies]);
    // Items are numbered 1, 2, 3 ...: only the next number starts one, so
    // a wrapped rationale line such as "2. The patient ..." inside item 3
    // cannot.
    let mut starts: Vec<(usize, ItemSentence)> = Vec::new();
    for index in 0..lines.len() {
        // A numbered line starts with "(" or a digit; others skip the regex.
        let numbered = lines[index]
            .chars()
            .next()
            .is_some_and(|c| c == '(' || c.is_numeric());
        let number = numbered
            .then(|| split_number(lines[index]))
            .flatten()
            .and_then(|(digits, _)| digits.parse::<usize>().ok());
        if number == Some(starts.len() + 1) {
            if let Some(sentence) = sentence_at(lines, index).or_else(|| heading_at(lines, index)) {
                starts.push((index, sentence));
            }
        }
    }
    if starts.is_empty() {
        // One unnumbered item: the first sentence saying "medically necessary".
        return (0..lines.len())
            .find_map(|index| {
                let sentence = sentence_at(lines, index)?;
                item_from(lines, index, lines.len(), sentence)
            })
            .into_iter()
            .collect();
    }
    let mut items = Vec::with_capacity(starts.len());
    let mut starts = starts.into_iter().peekable();
    while let Some((start, sentence)) = starts.next() {
        // Each item ends where the next starts.
        let end = starts.peek().map_or(lines.len(), |(next, _)| *next);
        items.extend(item_from(lines, start, end, sentence));
    }
    items
}

/// An item numbered under a heading that does not decide it: "1) Regarding
/// the request for chiropractic manipulation, 2 times a week for 4 weeks:"
/// (its outcome in the rationale's last "is (not) medically necessary"), or
/// "1) Work hardening program, 10 sessions" over "Determination: NOT
/// MEDICALLY NECESSARY AND APPROPRIATE (UR decision upheld)".
fn heading_at(lines: &[&str], index: usize) -> Option<ItemSentence> {
    let first = split_number(lines[index])?.1.trim();
    if let Some(determination) = lines
        .get(index + 1)
        .and_then(|next| after_determination_label(next))
    {
        let outcome = determination_outcome(determination)?;
        return Some(ItemSentence {
            treatment: first.trim_end_matches([':', '.']).trim().to_string(),
            outcome: Some(outcome),
            lines_used: 2,
            rest: String::new(),
        });
    }
    strip_prefix_ignore_ascii_case(first, REGARDING)?;
    // The heading ends at its colon, perhaps a line or two further on.
    let lines_used = (1..=3)
        .take_while(|used| index + used <= lines.len())
        .find(|used| lines[index + used - 1].trim_end().ends_with(':'))?;
    let heading = join_lines(&lines[index..index + lines_used]);
    let heading = split_number(&heading).map_or(heading.as_str(), |(_, rest)| rest);
    let treatment = strip_request_prefix(heading[REGARDING.len()..].trim());
    let treatment = treatment.trim().trim_end_matches(':').trim();
    (!treatment.is_empty()).then(|| ItemSentence {
        treatment: treatment.to_string(),
        outcome: None,
        lines_used,
        rest: String::new(),
    })
}

const REGARDING: &str = "Regarding ";

/// The text after a "Determination:" label that opens `line`.
fn after_determination_label(line: &str) -> Option<&str> {
    let line = line.trim_start();
    [
        "Determination:",
        "IMR Determination:",
        "Decision:",
        "IMR Decision:",
    ]
    .iter()
    .find_map(|label| strip_prefix_ignore_ascii_case(line, label))
}

/// The outcome a determination states: "NOT MEDICALLY NECESSARY", "Medically
/// necessary", "UPHELD", "Overturned".
fn determination_outcome(text: &str) -> Option<Outcome> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("not medically necessary") {
        Some(Outcome::Upheld)
    } else if lower.contains("medically necessary") {
        Some(Outcome::Overturned)
    } else {
        lower
            .split(|c: char| !c.is_ascii_alphabetic())
            .find_map(Outcome::parse)
    }
}

/// An item sentence as [`sentence_at`] read it, or an item heading as
/// [`heading_at`] read it.
struct ItemSentence {
    /// The treatment as written.
    treatment: String,
    /// `None` for a heading that leaves the outcome to the rationale.
    outcome: Option<Outcome>,
    /// How many lines the sentence took.
    lines_used: usize,
    /// The text after the sentence on its last line.
    rest: String,
}

/// The item sentence starting at `lines[index]`.
fn sentence_at(lines: &[&str], index: usize) -> Option<ItemSentence> {
    for used in 1..=4 {
        if index + used > lines.len() {
            break;
        }
        // One line joined alone is that line trimmed: it is borrowed, not
        // copied.
        let joined: Cow<str> = match used {
            1 => Cow::Borrowed(lines[index].trim()),
            _ => Cow::Owned(join_lines(&lines[index..index + used])),
        };
        if let Some((treatment, outcome, end)) = split_item_sentence(&joined) {
            // "... is not medically necessary and" / "appropriate.": when the
            // sentence runs to the line's end, its tail may be on the next line.
            let tail = joined[end..].trim();
            // A statement that ends in its full stop cannot run on: the
            // pattern ends there, and nothing before it can start a match
            // that reaches the next line. Only a sentence ending without
            // one is read again with the next line.
            let unfinished = (tail.is_empty() && !joined[..end].ends_with('.'))
                || ["and", "or", "nor"].contains(&tail);
            if unfinished && index + used < lines.len() {
                let longer = join_lines(&lines[index..index + used + 1]);
                if let Some((_, _, longer_end)) = split_item_sentence(&longer) {
                    if longer_end > end {
                        let rest = longer[longer_end..].trim().to_string();
                        return Some(ItemSentence {
                            treatment,
                            outcome: Some(outcome),
                            lines_used: used + 1,
                            rest,
                        });
                    }
                }
            }
            return Some(ItemSentence {
                treatment,
                outcome: Some(outcome),
                lines_used: used,
                rest: tail.to_string(),
            });
        }
    }
    None
}

/// The item whose sentence starts at `lines[start]`, its body running to
/// `lines[end]`; `None` for a heading whose body never decides it.
fn item_from(
    lines: &[&str],
    start: usize,
    end: usize,
    sentence: ItemSentence,
) -> Option<RawItem<'static>> {
    // A sentence can only run into the next item's line in a garbled
    // letter; never read past this item.
    let body_lines = &lines[(start + sentence.lines_used).min(end)..end];
    let mut body: Vec<&str> = Vec::with_capacity(body_lines.len() + 1);
    if !sentence.rest.is_empty() {
        body.push(&sentence.rest);
    }
    body.extend_from_slice(body_lines);
    let body = join_lines(&body);
    // A heading's item is decided by the last "is (not) medically
    // necessary" of its body, the rationale's conclusion.
    let outcome = sentence.outcome.or_else(|| last_necessity(&body))?;
    let (claims_admin, reviewer, rationale) = split_parts(&body);
    Some(RawItem {
        treatment: vec![Cow::Owned(sentence.treatment)],
        outcome,
        claims_admin: owned_lines(claims_admin),
        reviewer: owned_lines(reviewer),
        rationale: owned_lines(rationale),
    })
}

/// Lines made here, for a [`RawItem`].
pub(crate) fn owned_lines(lines: Vec<String>) -> Vec<Cow<'static, str>> {
    lines.into_iter().map(Cow::Owned).collect()
}

/// Splits an item's body at "The Claims Administrator based its decision
/// on", "The Expert Reviewer based his/her decision on" and "The Expert
/// Reviewer's decision rationale:". Once the rationale begins, everything
/// after it is rationale (it may well mention the Expert Reviewer again).
pub fn split_parts(body: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut claims_admin = Vec::new();
    let mut reviewer = Vec::new();
    let mut rationale = Vec::new();
    let mut markers: Vec<(usize, usize, Part)> = Vec::new();
    for found in PART_MARKER.find_iter(body) {
        if found.row == CITED_ROW && !starts_sentence(body, found.start) {
            continue;
        }
        let kind = PARTS[found.row];
        markers.push((found.start, found.end, kind));
        // Everything after the rationale's marker is rationale: no later
        // marker is read, so the search ends there rather than running
        // through the rationale, most of the body.
        if kind == Part::Rationale {
            break;
        }
    }
    let lead = body[..markers.first().map_or(body.len(), |m| m.0)].trim();
    if !lead.is_empty() {
        rationale.push(lead.to_string());
    }
    for (position, &(start, end, kind)) in markers.iter().enumerate() {
        if kind == Part::Rationale {
            let text = body[end..].trim();
            if !text.is_empty() {
                rationale.push(text.to_string());
            }
            break;
        }
        let next = markers.get(position + 1).map_or(body.len(), |m| m.0);
        let text = body[start..next].trim().to_string();
        match kind {
            Part::ClaimsAdmin => claims_admin.push(text),
            _ => reviewer.push(text),
        }
    }
    (claims_admin, reviewer, rationale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn item_numbers_and_the_text_after_them() {
        let table: &[(&str, Option<(&str, &str)>)] = &[
            ("1. Norco", Some(("1", "Norco"))),
            ("(12)  x y", Some(("12", "x y"))),
            ("3 : x", Some(("3", "x"))),
            ("4) ", Some(("4", ""))),
            ("123. x", None),
            ("1.x", None),
            ("1. x\ny", None),
            ("Norco", None),
        ];
        for (text, expected) in table {
            assert_eq!(split_number(text), *expected, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn number_prefixes_end_where_the_regex_ends_them(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "(", ")", "1", "2", "0", ".", ":", " ", "  ", "\t", "\n", "\u{b}", "x",
                    "\u{a0}", "\u{85}", "\u{2003}", "\u{661}", "\u{e9}", "Norco",
                ]),
                0..8,
            ),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                number_prefix_end(&text),
                NUMBER_PREFIX.find(&text).map(|found| found.end())
            );
        }
    }

    #[test]
    fn item_sentences() {
        let table = [
            (
                "1. Norco 10/325mg #120 is not medically necessary and appropriate.",
                "Norco 10/325mg #120",
                Outcome::Upheld,
            ),
            (
                "2. The request for physical therapy 2x6 is medically necessary and appropriate.",
                "physical therapy 2x6",
                Outcome::Overturned,
            ),
            (
                "3) Retrospective request for urine drug screen was not medically necessary",
                "urine drug screen",
                Outcome::Upheld,
            ),
            (
                "Lumbar MRI is Medically Necessary And Appropriate",
                "Lumbar MRI",
                Outcome::Overturned,
            ),
        ];
        for (sentence, treatment, outcome) in table {
            let (got_treatment, got_outcome, _) = split_item_sentence(sentence).expect(sentence);
            assert_eq!(
                (got_treatment.as_str(), got_outcome),
                (treatment, outcome),
                "{sentence}"
            );
        }
        assert!(split_item_sentence("The patient reports pain.").is_none());
    }

    #[test]
    fn request_prefixes_are_removed_as_the_regex_replaces_them() {
        for text in [
            "The request for a TENS unit",
            "retrospective request of the urine drug screen",
            "Requested  an MRI",
            "A Prospective Requested x",
            "request for",
            "Norco 10/325mg",
            "the requested\u{a0}the knee brace",
            "",
        ] {
            assert_eq!(
                strip_request_prefix(text),
                REQUEST_PREFIX.replace(text, ""),
                "{text}"
            );
        }
    }

    #[test]
    fn a_claims_administrator_citing_nothing_is_its_statement_not_the_rationale() {
        let (claims_admin, reviewer, rationale) = split_parts(
            "The Claims Administrator did not cite any evidence-based criteria for its decision. \
             The Expert Reviewer based his/her decision on the MTUS. \
             The Expert Reviewer's decision rationale: No trigger points are documented.",
        );
        assert_eq!(
            claims_admin,
            vec!["The Claims Administrator did not cite any evidence-based criteria for its decision."]
        );
        assert_eq!(
            reviewer,
            vec!["The Expert Reviewer based his/her decision on the MTUS."]
        );
        assert_eq!(rationale, vec!["No trigger points are documented."]);
    }

    #[test]
    fn utilization_review_citing_is_the_claims_administrators_statement() {
        for (text, statement) in [
            (
                "1. Shoulder arthroscopy. Utilization review cited the ACOEM Practice Guidelines, Chapter 9. \
                 The professional reviewer relied on the ODG Shoulder chapter.",
                "Utilization review cited the ACOEM Practice Guidelines, Chapter 9.",
            ),
            (
                "The MTUS Chronic Pain Guidelines were relied upon. \
                 The UR determination cited MTUS Chronic Pain, NSAIDs, pages 67-68.",
                "The UR determination cited MTUS Chronic Pain, NSAIDs, pages 67-68.",
            ),
        ] {
            let (claims_admin, _, _) = split_parts(text);
            assert_eq!(claims_admin.last().map(String::as_str), Some(statement), "{text}");
        }
        // Inside the reviewer's sentence, or inside a word, it is not.
        for text in [
            "The professional reviewer relied on the MTUS, which the UR physician cited as well, \
             and on the ODG Pain chapter.",
            "The professional reviewer relied on the MTUS. Your physician cited the ODG.",
        ] {
            let (claims_admin, reviewer, _) = split_parts(text);
            assert!(claims_admin.is_empty(), "{text}: {claims_admin:?}");
            assert_eq!(reviewer, vec![text], "{text}");
        }
    }

    #[test]
    fn parts_labelled_guidelines_relied_upon_and_rationale_used_by() {
        let body = "Guidelines relied upon by the Claims Administrator: The Claims Administrator \
                    based its decision on the MTUS ACOEM Practice Guidelines, Chapter 9. \
                    Guidelines relied upon by the Expert Reviewer: The Expert Reviewer based \
                    his/her decision on the ODG, Shoulder Chapter. \
                    Rationale used by the Expert Reviewer: The ODG notes pain is expected.";
        let (claims_admin, reviewer, rationale) = split_parts(body);
        assert_eq!(
            claims_admin.join(" "),
            "Guidelines relied upon by the Claims Administrator: The Claims Administrator \
             based its decision on the MTUS ACOEM Practice Guidelines, Chapter 9."
        );
        assert_eq!(
            reviewer.join(" "),
            "Guidelines relied upon by the Expert Reviewer: The Expert Reviewer based \
             his/her decision on the ODG, Shoulder Chapter."
        );
        assert_eq!(rationale, vec!["The ODG notes pain is expected."]);
    }

    #[test]
    fn items_under_headings_that_do_not_decide_them() {
        let section = [
            "1) Regarding the request for chiropractic manipulation, 2 times a week for 4 weeks, lumbar",
            "spine:",
            "Medical Treatment Guideline(s) which the Claims Administrator based its decision on:",
            "The Claims Administrator based its decision on the MTUS.",
            "Medical Treatment Guideline(s) the Expert Reviewer used for the Expert Reviewer's decision:",
            "The Expert Reviewer based his/her decision on the ODG.",
            "Rationale for the Decision:",
            "Eighteen visits brought no gain. The request is not medically necessary and appropriate.",
            "2) Work hardening program, 10 sessions",
            "Determination: MEDICALLY NECESSARY AND APPROPRIATE (UR decision overturned)",
            "The prior reviewer relied upon the ODG Fitness for Duty chapter.",
            "Rationale: A job is waiting for her.",
            "cc: Division of Workers' Compensation",
        ];
        let found = items(&section);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].treatment,
            vec!["chiropractic manipulation, 2 times a week for 4 weeks, lumbar spine"]
        );
        assert_eq!(found[0].outcome, Outcome::Upheld);
        assert_eq!(
            found[0].rationale,
            vec!["Eighteen visits brought no gain. The request is not medically necessary and appropriate."]
        );
        assert_eq!(
            found[1].treatment,
            vec!["Work hardening program, 10 sessions"]
        );
        assert_eq!(found[1].outcome, Outcome::Overturned);
        assert_eq!(
            found[1].claims_admin,
            vec!["The prior reviewer relied upon the ODG Fitness for Duty chapter."]
        );
        // The copy list is no item's text.
        assert_eq!(found[1].rationale, vec!["A job is waiting for her."]);
        // A heading whose body never decides it is no item.
        assert!(items(&["1) Regarding the request for a TENS unit:", "Pending."]).is_empty());
    }

    #[test]
    fn a_bare_reviewer_label_starts_the_reviewers_part() {
        let body = "UR relied upon: California MTUS, Chronic Pain Medical Treatment Guidelines, \
                    page 101. Reviewer relied upon: the ODG, Pain (Chronic) Chapter.";
        let (claims_admin, reviewer, _) = split_parts(body);
        assert_eq!(
            claims_admin,
            vec!["UR relied upon: California MTUS, Chronic Pain Medical Treatment Guidelines, page 101."]
        );
        assert_eq!(
            reviewer,
            vec!["Reviewer relied upon: the ODG, Pain (Chronic) Chapter."]
        );
        // Without the colon it is prose, not a label; a UR's peer reviewer
        // is the claims administrator's.
        for body in [
            "UR relied upon: the MTUS; the reviewer relied upon the ODG as well.",
            "UR relied upon: the MTUS; its peer reviewer relied upon the ODG as well.",
            "UR Physician Reviewer relied upon: the MTUS. Peer Reviewer relied upon: the ODG.",
        ] {
            let (claims_admin, reviewer, _) = split_parts(body);
            assert_eq!(claims_admin.join(" "), body);
            assert!(reviewer.is_empty(), "{body}: {reviewer:?}");
        }
        // "UR" is a word of its own: "Our decision" is not the UR's.
        let body =
            "The Expert Reviewer based his/her decision on the ODG. Our decision was based on \
                    the ODG because the MTUS is silent.";
        let (claims_admin, reviewer, _) = split_parts(body);
        assert!(claims_admin.is_empty(), "{claims_admin:?}");
        assert_eq!(reviewer, vec![body]);
        // The labels of 2013 need their colon.
        let body = "The Expert Reviewer relied on the ODG. The rationale used by the Expert \
                    Reviewer follows.";
        let (_, reviewer, rationale) = split_parts(body);
        assert!(rationale.is_empty(), "{rationale:?}");
        assert_eq!(reviewer, vec![body]);
        let body = "The Expert Reviewer did not find the guidelines relied upon by the Claims \
                    Administrator relevant, and based his/her decision on the ODG.";
        let (claims_admin, _, _) = split_parts(body);
        assert!(claims_admin.is_empty(), "{claims_admin:?}");
    }

    #[test]
    fn numbered_items_with_wrapped_sentences_and_parts() {
        let section = lines(
            "1. Norco 10/325mg #120 is not medically necessary and\n\
             appropriate.\n\
             The Claims Administrator based its decision on the MTUS Chronic Pain Medical Treatment\n\
             Guidelines, pages 74-96.\n\
             The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment Guidelines.\n\
             The Expert Reviewer's decision rationale:\n\
             There is no documented improvement. The Expert Reviewer found no benefit.\n\
             2. Lumbar MRI is medically necessary and appropriate.\n\
             The Expert Reviewer's decision rationale: Red flags are present.",
        );
        let found = items(&section);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].treatment, vec!["Norco 10/325mg #120"]);
        assert_eq!(found[0].outcome, Outcome::Upheld);
        assert_eq!(
            found[0].claims_admin,
            vec!["The Claims Administrator based its decision on the MTUS Chronic Pain Medical Treatment Guidelines, pages 74-96."]
        );
        assert_eq!(
            found[0].rationale,
            vec!["There is no documented improvement. The Expert Reviewer found no benefit."]
        );
        assert_eq!(found[1].outcome, Outcome::Overturned);
        assert_eq!(found[1].rationale, vec!["Red flags are present."]);
    }
}
