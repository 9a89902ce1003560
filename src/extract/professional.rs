//! The "MEDICAL PROFESSIONAL REVIEW" layout.
//!
//! ```text
//! MEDICAL PROFESSIONAL REVIEW
//! ISSUE AT DISPUTE:
//! 1. Lumbar ESI L4-5: Upheld
//! CASE SUMMARY: ...
//! DOCUMENTS REVIEWED FOR DETERMINATION: ...
//! MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY: ...
//! RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY: ...
//! MEDICAL REVIEWER QUALIFICATIONS: ...
//! ```
//!
//! Items are listed under ISSUE AT DISPUTE; the guideline and rationale
//! sections hold one numbered block per item when there are several.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::model::Outcome;

use super::clean::{join_lines, strip_prefix_ignore_ascii_case};
use super::maximus::{
    last_necessity, number_prefix_end, owned_lines, split_item_sentence, split_parts, NECESSITY,
};
use super::sections::{Heading, Sections};
use super::summary_citations;
use super::RawItem;

/// The disputed items.
pub const ISSUES: &str = "issues";
/// The case summary.
pub const SUMMARY: &str = "summary";
/// Guidelines relied upon.
pub const GUIDELINES: &str = "guidelines";
/// The rationale.
pub const RATIONALE: &str = "rationale";
/// The reviewer's qualifications.
pub const QUALIFICATIONS: &str = "qualifications";
/// A separate determination statement, when present.
pub const DETERMINATION: &str = "determination";

/// This layout's section titles.
pub fn headings() -> Vec<Heading> {
    vec![
        Heading::with_text(ISSUES, r"ISSUE\s*\(?S?\)?\s+(?:AT|IN|OF)\s+DISPUTE"),
        Heading::with_text(SUMMARY, r"(?:CLINICAL\s+)?CASE\s+SUMMARY"),
        Heading::with_text(
            "documents",
            r"DOCUMENTS\s+REVIEWED(?:\s+FOR\s+(?:THE\s+)?DETERMINATION)?",
        ),
        Heading::with_text(
            GUIDELINES,
            r"(?:MEDICAL\s+TREATMENT\s+)?GUIDELINE\s*\(?S?\)?\s+RELIED\s+UPON(?:\s+BY\s+(?:THE\s+)?PROFESSIONAL\s+REVIEWER)?(?:\s+AND\s+WHY)?",
        ),
        Heading::with_text(RATIONALE, r"RATIONALE(?:\s+FOR\s+WHY[\w\s/]*?)?"),
        Heading::with_text(
            QUALIFICATIONS,
            r"(?:MEDICAL\s+)?REVIEWER(?:'S)?\s+QUALIFICATIONS",
        ),
        Heading::with_text(DETERMINATION, r"(?:FINAL\s+)?(?:DETERMINATION|DECISION)"),
    ]
}

/// Whether `sections` look like this layout.
pub fn detect(sections: &Sections) -> bool {
    sections.has(ISSUES)
}

fn pattern(source: &str) -> Regex {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .build()
        .expect("fixed pattern")
}

/// An outcome word attached to a treatment: `X: Upheld`, `X - OVERTURNED`, `X (upheld)`.
static OUTCOME_WORD: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\s*(?:[:\-(\[]|\bis\b|\bwas\b|\bdenial\b)?\s*(?:decision\s*:\s*|determination\s*:\s*)?\b(?P<outcome>upheld|overturned)\b\s*[)\]]?\s*\.?",
    )
});
static TRAILING_NECESSITY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\s*(?:\b(?:is|are|was|were|be)\s+)?(?:not\s+)?medically\s+necessary(?:\s+(?:and|or)\s+appropriate)?\s*[?.]?\s*$",
    )
});
static QUESTION: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^(?:whether|is|are|was|were)\s+(?:or\s+not\s+)?|\s*\?\s*$"));

/// Reads the items of a professional review.
pub fn items(sections: &Sections) -> Vec<RawItem<'static>> {
    let issue_lines = sections.get(ISSUES);
    let mut entries = entries(&issue_lines);
    // An issue list of bare lines, none with an outcome, reads as one
    // entry; where the guideline section's title stands once for each
    // line, each line is an item.
    if entries.len() == 1
        && issue_lines.len() > 1
        && sections.each(GUIDELINES).len() == issue_lines.len()
    {
        entries = issue_lines
            .iter()
            .map(|line| line.trim().to_string())
            .collect();
    }
    let determination = join_lines(&sections.get(DETERMINATION));
    // What each entry asks for, as a block may open with it in place of a
    // number: each read only when a section's blocks are neither numbered
    // nor labelled and the blocks before it were found.
    let heads: Vec<std::cell::OnceCell<Option<String>>> = vec![Default::default(); entries.len()];
    let head = |index: usize| -> Option<&str> {
        heads
            .get(index)?
            .get_or_init(|| {
                read_entry(&entries[index], "", &determination, entries.len()).map(|(head, _)| head)
            })
            .as_deref()
    };
    let section_blocks = |name: &str| match per_item_sections(sections, name, entries.len()) {
        Some(blocks) => blocks,
        None => blocks(&sections.get(name), entries.len(), &head),
    };
    let guideline_blocks = section_blocks(GUIDELINES);
    let mut rationale_blocks = section_blocks(RATIONALE);
    let mut items: Vec<RawItem<'static>> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            // Each entry has its own block, so it is taken, not copied.
            let rationale = rationale_blocks
                .get_mut(index)
                .map(std::mem::take)
                .unwrap_or_default();
            let (treatment, outcome) =
                read_entry(entry, &rationale, &determination, entries.len())?;
            let guidelines = guideline_blocks.get(index).map_or("", String::as_str);
            let (claims_admin, mut reviewer, lead) = split_parts(guidelines);
            // Before the labelled statements, a block restates the item's
            // heading; only a block without a reviewer's label is the
            // reviewer's statement itself.
            if reviewer.is_empty() {
                reviewer = lead;
            }
            Some(RawItem {
                treatment: vec![Cow::Owned(treatment)],
                outcome,
                claims_admin: owned_lines(claims_admin),
                reviewer: owned_lines(reviewer),
                rationale: if rationale.is_empty() {
                    vec![]
                } else {
                    vec![Cow::Owned(rationale)]
                },
            })
        })
        .collect();
    // Where the guideline section does not say what utilization review
    // cited, the lines between an item's heading and that section may
    // ("ISSUE #2 - ...", "Guideline(s) cited by Utilization Review: ..."),
    // or else the case summary ("Utilization review ... non-certified
    // Nexium citing the ODG ...").
    if items.len() > 1 && items.iter().any(|item| item.claims_admin.is_empty()) {
        let preambles = per_item_preambles(sections, items.len());
        for (item, preamble) in items.iter_mut().zip(preambles) {
            if item.claims_admin.is_empty() && !preamble.is_empty() {
                item.claims_admin = vec![Cow::Owned(preamble)];
            }
        }
    }
    if items.iter().any(|item| item.claims_admin.is_empty()) {
        let summary = join_lines(&sections.get(SUMMARY));
        let treatments: Vec<String> = items.iter().map(|item| item.treatment.concat()).collect();
        let treatments: Vec<&str> = treatments.iter().map(String::as_str).collect();
        let citations = summary_citations::claims_admin_citations(&summary, &treatments);
        for (item, citation) in items.iter_mut().zip(citations) {
            if let (true, Some(citation)) = (item.claims_admin.is_empty(), citation) {
                item.claims_admin = vec![Cow::Owned(citation)];
            }
        }
    }
    items
}

/// The item entries under ISSUE AT DISPUTE: numbered lines (with their
/// wrapped continuations), or else one entry per line, a line without an
/// outcome joining the next when that one carries it.
fn entries<'a>(lines: &[&'a str]) -> Vec<String> {
    // A list that follows a question ("Whether ... : (1) ...; (2) ..."),
    // even where a number happens to open a line.
    let opens_with_list = lines
        .first()
        .is_some_and(|line| line.trim_start().starts_with("(1)"));
    if !opens_with_list {
        if let Some(inline) = inline_entries(&join_lines(lines)) {
            return inline;
        }
    }
    let numbered = lines
        .iter()
        .any(|line| may_start_with_number(line) && number_prefix_end(line).is_some());
    // The entries' lines are borrowed, and copied only once joined.
    let mut entries: Vec<Vec<&'a str>> = Vec::new();
    if numbered {
        for &line in lines {
            if number_of(line) == Some(entries.len() + 1) || entries.is_empty() {
                entries.push(vec![strip_number(line)]);
            } else if let Some(last) = entries.last_mut() {
                last.push(line);
            }
        }
    } else {
        let mut pending: Vec<&'a str> = Vec::new();
        for &line in lines {
            pending.push(line);
            let text = join_lines(&pending);
            if OUTCOME_WORD.is_match(&text) || NECESSITY.is_match(&text) || text.ends_with('?') {
                entries.push(std::mem::take(&mut pending));
            }
        }
        if !pending.is_empty() {
            // Text with no outcome of its own after the last entry wraps it.
            let several = entries.len() > 1;
            match entries.last_mut() {
                Some(last) if several => last.extend(pending),
                _ => entries.push(pending),
            }
        }
    }
    entries
        .iter()
        .map(|entry| join_lines(entry))
        .filter(|entry| !entry.trim().is_empty())
        .collect()
}

/// The entries of an issue list written as one sentence: "Whether the
/// following requested treatments are medically necessary: (1) chiropractic
/// manipulation, 2 times per week for 4 weeks; (2) MRI of the thoracic
/// spine." Each "(N)", in sequence from 1, opens an entry and the next ends
/// it; what comes before "(1)" asks the question. `None` unless there are
/// two or more.
fn inline_entries(text: &str) -> Option<Vec<String>> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    loop {
        let marker = format!("({})", spans.len() + 1);
        let Some(found) = text[from..].find(&marker) else {
            break;
        };
        let at = from + found;
        // "(1)" opens the text or follows a colon; a later number follows a
        // semicolon, a comma, "and" or "or": not "one (1) tablet".
        let before = text[..at].trim_end();
        let opens = if spans.is_empty() {
            before.is_empty() || before.ends_with(':')
        } else {
            before.ends_with([';', ',']) || before.ends_with(" and") || before.ends_with(" or")
        };
        from = at + marker.len();
        if opens {
            spans.push((at, from));
        }
    }
    if spans.len() < 2 {
        return None;
    }
    let entries = spans
        .iter()
        .enumerate()
        .map(|(index, &(_, begin))| {
            let end = spans.get(index + 1).map_or(text.len(), |&(next, _)| next);
            let entry = text[begin..end].trim().trim_end_matches([';', ',', '.']);
            let entry = entry
                .strip_suffix(" and")
                .or_else(|| entry.strip_suffix(" or"))
                .unwrap_or(entry);
            entry.trim_end_matches([';', ',']).trim().to_string()
        })
        .collect();
    Some(entries)
}

/// One block per item where a letter repeats the section's title for each
/// of its `count` items ("ITEM 1: ...", guidelines, rationale, "ITEM 2:
/// ...", guidelines, rationale): `None` unless the title stands `count`
/// times. The line naming the next item, which ends a block, is not its
/// text.
fn per_item_sections(sections: &Sections, name: &str, count: usize) -> Option<Vec<String>> {
    let each = sections.each(name);
    if count < 2 || each.len() != count {
        return None;
    }
    let blocks = each
        .iter()
        .enumerate()
        .map(|(index, lines)| {
            let next_item = index + 2;
            let names_next_item = |line: &&str| {
                labelled_number(line).is_some_and(|(number, _)| number == next_item)
                    || number_of(line) == Some(next_item)
            };
            // A heading naming the next item ("ISSUE #2 - ...") ends the
            // block, wherever it stands; what follows it is the next
            // item's ([`per_item_preambles`]).
            let lines = match lines.iter().position(|line| {
                labelled_number(line).is_some_and(|(number, _)| number == next_item)
            }) {
                Some(next) => &lines[..next],
                None => match lines.split_last() {
                    Some((last, before)) if names_next_item(last) => before,
                    _ => lines,
                },
            };
            let mut block = blocks(lines, 1, &|_| None);
            block.pop().unwrap_or_default()
        })
        .collect();
    Some(blocks)
}

/// Where a letter repeats the guideline section's title for each of its
/// `count` items, the lines between each item's heading ("ISSUE #2 -
/// Relaxation training, 6 sessions") and that title, which stand at the end
/// of the section before it: "Guideline(s) cited by Utilization Review:
/// ..." for that item. Empty where there are none.
fn per_item_preambles(sections: &Sections, count: usize) -> Vec<String> {
    let mut preambles = vec![String::new(); count];
    let mut item = 0;
    for (position, (name, _)) in sections.sections.iter().enumerate() {
        if *name != GUIDELINES {
            continue;
        }
        item += 1;
        let Some((_, before)) = position.checked_sub(1).map(|at| &sections.sections[at]) else {
            continue;
        };
        let heading = before
            .iter()
            .position(|line| labelled_number(line).is_some_and(|(number, _)| number == item));
        if let (Some(heading), Some(preamble)) = (heading, preambles.get_mut(item - 1)) {
            *preamble = join_lines(&before[heading + 1..]);
        }
    }
    preambles
}

/// Splits a section into `count` blocks, one per item, when it has exactly
/// that many: numbered ("1. ..."), numbered after a word ("Issue 1 - ..."),
/// or each opening with its item as the issue list names it (`head(index)`
/// giving the item's). Otherwise every item gets the whole section.
fn blocks<'a, 'h>(
    lines: &[&'a str],
    count: usize,
    head: &impl Fn(usize) -> Option<&'h str>,
) -> Vec<String> {
    let mut whole = join_lines(lines);
    if count <= 1 {
        let number_end = whole.len() - strip_number(&whole).len();
        whole.replace_range(..number_end, "");
        if let Some((1, rest)) = labelled_number(&whole) {
            whole = rest.to_string();
        }
        return vec![whole];
    }
    // A block's first line may restate its item as a heading before the
    // text: "1. Nexium 40mg #30", "Orthovisc injections: The ODG ...". The
    // heading is not the block's text.
    let without_head = |line: &'a str, next: usize| -> &'a str {
        // A heading is short or ends in a colon or a dash: most first lines
        // of a block are sentences of its text, and skip reading the item.
        let may_be_heading = line.contains(':') || line.contains(" - ") || line.len() < 60;
        may_be_heading
            .then(|| head(next - 1))
            .flatten()
            .and_then(|head| after_restated_head(line, head))
            .unwrap_or(line)
    };
    let numbered = split_at_starts(lines, count, |line, next| {
        (number_of(line) == Some(next)).then(|| without_head(strip_number(line), next))
    });
    let found = numbered
        .or_else(|| {
            // Every heading names its item with the word the first uses:
            // "Treatment 2 times a week" inside block 1 is not block 2.
            let label = lines
                .iter()
                .find(|line| matches!(labelled_number(line), Some((1, _))))
                .map(|line| label_word(line))?;
            split_at_starts(lines, count, |line, next| {
                let (number, rest) = labelled_number(line)?;
                (number == next && label_word(line) == label).then_some(rest)
            })
        })
        .or_else(|| {
            split_at_starts(lines, count, |line, next| {
                opens_with_head(line, head(next - 1)?).then(|| without_head(line, next))
            })
        })
        .or_else(|| {
            // Headings that name their item in short: "Orthovisc
            // injections:" for "Orthovisc injections, right knee, series of
            // 3", "Weight loss program:" for "Medifast weight loss program".
            split_at_starts(lines, count, |line, next| {
                after_label_of(line, head(next - 1)?)
            })
        })
        .or_else(|| {
            split_at_starts(lines, count, |line, next| {
                introduces_head(line, head(next - 1)?).then_some(line)
            })
        });
    match found {
        Some(found) => found.iter().map(|block| join_lines(block)).collect(),
        None => vec![whole; count],
    }
}

/// The lines grouped into blocks at the lines `starts` accepts as the start
/// of block `next` (numbered from 1, in order), each start line replaced by
/// what `starts` returns; `None` unless there are exactly `count` blocks.
/// Only the next block in sequence can start: a wrapped line may well begin
/// "58.  These guidelines ..." (a page number).
fn split_at_starts<'a>(
    lines: &[&'a str],
    count: usize,
    starts: impl Fn(&'a str, usize) -> Option<&'a str>,
) -> Option<Vec<Vec<&'a str>>> {
    // The blocks' lines are borrowed, and copied only once joined.
    let mut found: Vec<Vec<&'a str>> = Vec::new();
    for &line in lines {
        if let Some(start) = starts(line, found.len() + 1) {
            found.push(vec![start]);
        } else if let Some(last) = found.last_mut() {
            last.push(line);
        }
    }
    (found.len() == count).then_some(found)
}

/// A block heading that numbers its item after a word: "Issue 1 -",
/// "Item #2:", "Request 3.", "Item 1 (trigger finger release):". The number is followed by a separator or ends
/// the line: "Treatment 2 times a week" is prose.
static LABELLED_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^(?:issue|item|request|treatment|service|question|dispute)\s*(?:no\.?|number|#)?\s*(\d{1,2})\s*(?:\((?:[^()]|\([^()]*\)){1,80}\)\s*)?(?:[-:.)]\s*|$)",
    )
});

/// The word a [`LABELLED_NUMBER`] heading opens with, lowercased.
fn label_word(line: &str) -> String {
    line.split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// The number of a [`LABELLED_NUMBER`] heading and the text after it.
fn labelled_number(line: &str) -> Option<(usize, &str)> {
    // Every heading opens with one of these letters, in some case; no
    // character past ASCII folds to one of them but 'ſ' to 's' (and 'K',
    // the Kelvin sign, to no initial here). Other lines skip the regex.
    let may_open = line.bytes().next().is_some_and(|first| {
        matches!(
            first.to_ascii_lowercase(),
            b'i' | b'r' | b't' | b's' | b'q' | b'd'
        ) || !first.is_ascii()
    });
    if !may_open {
        return None;
    }
    let caps = LABELLED_NUMBER.captures(line)?;
    let number = caps[1].parse().ok()?;
    Some((number, line[caps.get(0)?.end()..].trim_start()))
}

/// Whether `line` opens with `head` (in any case) as a heading does,
/// followed by a colon, a dash or other punctuation or by nothing, or is
/// the start of a `head` wrapped over more than one line. Prose that merely
/// starts with the item's name ("acupuncture in the past ...") is not.
fn opens_with_head(line: &str, head: &str) -> bool {
    let line = line.trim();
    // An item named by a word or two's worth of letters opens too much.
    if head.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return false;
    }
    let starts_with = |text: &str, prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|start| start.to_lowercase() == prefix.to_lowercase())
    };
    if starts_with(line, head) {
        let rest = line[head.len()..].trim_start();
        let after = rest.chars().next();
        // Or the block's first sentence decides it: "MRI of the thoracic
        // spine is medically necessary."
        return after.is_none_or(|c| matches!(c, ':' | '-' | '.' | ',' | ';'))
            || DECIDES.iter().any(|decides| starts_with(rest, decides));
    }
    // A wrapped head: a line long enough not to be a word or two of it.
    line.chars().count() >= 20 && starts_with(head, line)
}

/// What follows `head` where `line` restates it as a heading: the head in
/// full, alone or before a colon or a dash, or named in short before a
/// colon ([`after_label_of`]). `None` where the line does not restate it,
/// as where a sentence opens with the item ("MRI of the thoracic spine is
/// medically necessary").
fn after_restated_head<'l>(line: &'l str, head: &str) -> Option<&'l str> {
    let trimmed = line.trim();
    let in_full = trimmed
        .get(..head.len())
        .filter(|start| !head.is_empty() && start.eq_ignore_ascii_case(head))
        .map(|_| trimmed[head.len()..].trim_start())
        .and_then(|rest| {
            if rest.is_empty() {
                return Some(rest);
            }
            rest.strip_prefix([':', '-']).map(str::trim_start)
        });
    in_full.or_else(|| after_label_of(line, head))
}

/// What follows a label that names the item `head` in short: words before
/// a colon that stand in the head as words of their own, in any ASCII case
/// ("Weight loss program:" for "Medifast weight loss program, 12 weeks").
/// A label of fewer than three letters or digits, or holding the end of a
/// sentence, names nothing.
fn after_label_of<'l>(line: &'l str, head: &str) -> Option<&'l str> {
    let (label, rest) = line.trim_start().split_once(':')?;
    let label = label.trim();
    let letters = label.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 3 || label.len() > 80 || label.contains(['.', ';', '?', '!']) {
        return None;
    }
    let head_lower = head.to_ascii_lowercase();
    let label_lower = label.to_ascii_lowercase();
    let is_word_edge = |at: usize| {
        let before = head_lower[..at].chars().next_back();
        let after = head_lower[at + label_lower.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    head_lower
        .match_indices(&label_lower)
        .any(|(at, _)| is_word_edge(at))
        .then(|| rest.trim_start())
}

/// How a sentence that opens with its item goes on to decide it.
const DECIDES: [&str; 6] = [
    "is medically",
    "is not medically",
    "was medically",
    "was not medically",
    "are medically",
    "are not medically",
];

/// Whether `line` opens a paragraph about the item `head` names: "For the
/// MRI, utilization review applied ...", "Regarding the chiropractic
/// request, ...": an opening phrase, then the first word of `head` as a
/// word of its own.
fn introduces_head(line: &str, head: &str) -> bool {
    let Some(first_word) = head
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .filter(|word| word.chars().count() >= 2)
    else {
        return false;
    };
    let line = line.trim_start();
    let Some(rest) = [
        "For the ",
        "For ",
        "Regarding the ",
        "Regarding ",
        "As to the ",
        "As for the ",
    ]
    .iter()
    .find_map(|opening| strip_prefix_ignore_ascii_case(line, opening)) else {
        return false;
    };
    rest.get(..first_word.len())
        .is_some_and(|word| word.eq_ignore_ascii_case(first_word))
        && rest[first_word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `line` may start with an item number ([`number_prefix_end`]),
/// which begins with "(" or a digit (`\d` takes in digits past ASCII):
/// other lines skip the search.
fn may_start_with_number(line: &str) -> bool {
    line.bytes()
        .next()
        .is_some_and(|first| first == b'(' || first.is_ascii_digit() || !first.is_ascii())
}

/// The item number a line starts with (`1.`, `(2)`, `3)`), if any.
fn number_of(line: &str) -> Option<usize> {
    if !may_start_with_number(line) {
        return None;
    }
    line[..number_prefix_end(line)?]
        .trim_start_matches('(')
        .trim_end()
        .trim_end_matches(['.', ')', ':'])
        .trim()
        .parse()
        .ok()
}

/// `text` without the item number it starts with, if any.
fn strip_number(text: &str) -> &str {
    &text[number_prefix_end(text).unwrap_or(0)..]
}

/// The treatment and outcome of one entry, the outcome taken from the entry
/// itself, else from the determination, else from the rationale's
/// "is (not) medically necessary".
fn read_entry(
    entry: &str,
    rationale: &str,
    determination: &str,
    count: usize,
) -> Option<(String, Outcome)> {
    let is_question = QUESTION.is_match(entry);
    if let Some(caps) = OUTCOME_WORD.captures(entry) {
        let whole = caps.get(0)?;
        let outcome = Outcome::parse(&caps["outcome"])?;
        let mut treatment = format!("{} {}", &entry[..whole.start()], &entry[whole.end()..]);
        treatment = treatment
            .trim()
            .trim_end_matches([':', '-', ','])
            .trim()
            .to_string();
        if !treatment.is_empty() {
            return Some((clean_question(&treatment), outcome));
        }
    }
    if !is_question {
        if let Some((treatment, outcome, _)) = split_item_sentence(entry) {
            return Some((treatment, outcome));
        }
    }
    let treatment = clean_question(entry);
    if treatment.is_empty() {
        return None;
    }
    let from_determination = if count == 1 {
        OUTCOME_WORD
            .captures(determination)
            .and_then(|caps| Outcome::parse(&caps["outcome"]))
            .or_else(|| last_necessity(determination))
    } else {
        None
    };
    // The rationale section's title says "... IS/WAS NOT MEDICALLY
    // NECESSARY": a review that states nothing else upholds the denial.
    let outcome = from_determination
        .or_else(|| last_necessity(rationale))
        .unwrap_or(Outcome::Upheld);
    Some((treatment, outcome))
}

fn clean_question(entry: &str) -> String {
    let text = QUESTION.replace_all(entry.trim(), "");
    let text = TRAILING_NECESSITY.replace(&text, "");
    let text = super::maximus::strip_request_prefix(text.trim());
    text.trim()
        .trim_end_matches(['?', '.', ':', ','])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sections::Headings;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn the_number_prefilter_lets_every_numbered_line_through() {
        for line in ["1. Norco", "(2) MRI", "12: x", "\u{661}. y"] {
            assert!(may_start_with_number(line), "{line}");
        }
        for line in ["", "Norco 1. x", " 1. x"] {
            assert!(!may_start_with_number(line), "{line}");
            assert_eq!(number_prefix_end(line), None, "{line}");
        }
        assert_eq!(number_of("(2) MRI"), Some(2));
    }

    fn review_items(text: &str) -> Vec<RawItem<'static>> {
        let lines = lines(text);
        items(&Sections::split(&lines, &Headings::new(headings())))
    }

    #[test]
    fn numbered_issues_with_outcomes_and_blocks() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Lumbar ESI L4-5: Upheld\n\
             2. Physical therapy 2x6 for the\n\
             lumbar spine - OVERTURNED\n\
             CASE SUMMARY: A 44 year old man.\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             1. ODG Low Back chapter.\n\
             2. MTUS Chronic Pain Medical Treatment Guidelines.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             1. No radiculopathy.\n\
             2. Functional gains documented.\n\
             MEDICAL REVIEWER QUALIFICATIONS: Board certified in Neurology.",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].treatment, vec!["Lumbar ESI L4-5"]);
        assert_eq!(found[0].outcome, Outcome::Upheld);
        assert_eq!(found[0].reviewer, vec!["ODG Low Back chapter."]);
        assert_eq!(
            found[1].treatment,
            vec!["Physical therapy 2x6 for the lumbar spine"]
        );
        assert_eq!(found[1].outcome, Outcome::Overturned);
        assert_eq!(found[1].rationale, vec!["Functional gains documented."]);
    }

    #[test]
    fn an_issue_list_written_as_one_sentence() {
        let lines = [
            "Whether the following requested treatments are medically necessary: (1) chiropractic",
            "manipulation, 2 times per week for 4 weeks; (2) MRI of the thoracic spine; and (3)",
            "TENS unit (rental).",
        ];
        assert_eq!(
            entries(&lines),
            [
                "chiropractic manipulation, 2 times per week for 4 weeks",
                "MRI of the thoracic spine",
                "TENS unit (rental)",
            ]
        );
        // One bracketed number, numbers out of sequence or numbers in
        // prose list nothing.
        assert_eq!(inline_entries("Norco (1) tablet twice a day: Upheld"), None);
        assert_eq!(inline_entries("Massage x(1) and x(2) visits: Upheld"), None);
        assert_eq!(
            inline_entries(
                "Norco 10/325mg, one (1) tablet every 6 hours, with two (2) refills - UPHELD"
            ),
            None
        );
        let lines = [
            "Butrans 10mcg/hour transdermal patch, one (1) box of 4 - UPHELD",
            "Lyrica 75mg, two (2) capsules daily, #60 - OVERTURNED",
        ];
        assert_eq!(entries(&lines), lines);
    }

    #[test]
    fn blocks_numbered_after_a_word() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. LSO back brace: Upheld\n\
             2. 3-in-1 bedside commode: Upheld\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             Issue 1 - LSO back brace\n\
             UR reviewer's guideline(s): ODG Low Back, Back brace.\n\
             Professional reviewer's guideline(s): MTUS ACOEM Chapter 12, page 301.\n\
             Issue 2 - 3-in-1 bedside commode\n\
             UR reviewer's guideline(s): ODG Knee & Leg Chapter, DME.\n\
             Professional reviewer's guideline(s): ODG Knee & Leg Chapter, DME.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Item #1: Supports have no lasting benefit.\n\
             Item #2: She is independent with toileting.",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].reviewer,
            vec!["Professional reviewer's guideline(s): MTUS ACOEM Chapter 12, page 301."]
        );
        assert_eq!(
            found[1].claims_admin,
            vec!["UR reviewer's guideline(s): ODG Knee & Leg Chapter, DME."]
        );
        assert_eq!(
            found[0].rationale,
            vec!["Supports have no lasting benefit."]
        );
        assert_eq!(
            found[1].rationale,
            vec!["She is independent with toileting."]
        );
    }

    #[test]
    fn blocks_numbered_after_a_word_with_the_item_in_brackets() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Trigger finger release: Overturned\n\
             2. Cortisone injection: Upheld\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             Item 1 (trigger finger release): The utilization review determination was based on\n\
             the MTUS ACOEM Practice Guidelines, Chapter 11. The professional reviewer relied on\n\
             the same chapter.\n\
             Item 2 (injection): The utilization review relied on the ODG, Forearm, Wrist & Hand\n\
             Chapter. The professional reviewer relied on the MTUS ACOEM Practice Guidelines.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Item 1 (release): Conservative care failed.\n\
             Item 2 (injection): Two injections were given.",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].claims_admin,
            vec!["The utilization review determination was based on the MTUS ACOEM Practice Guidelines, Chapter 11."]
        );
        assert_eq!(
            found[1].reviewer,
            vec!["The professional reviewer relied on the MTUS ACOEM Practice Guidelines."]
        );
        assert_eq!(found[0].rationale, vec!["Conservative care failed."]);
        assert_eq!(found[1].rationale, vec!["Two injections were given."]);
    }

    #[test]
    fn paragraphs_introducing_their_item_and_sentences_deciding_it() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             Whether the following are medically necessary: (1) aquatic therapy, 8 sessions;\n\
             (2) CT scan of the lumbar spine.\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             For the aquatic therapy request the utilization reviewer applied the MTUS Chronic\n\
             Pain Medical Treatment Guidelines, page 22. The professional reviewer applied the same\n\
             section, together with the ODG Low Back Chapter.\n\
             Regarding the CT, utilization review applied the MTUS ACOEM Practice Guidelines,\n\
             Chapter 12. The professional reviewer applied the ODG Low Back Chapter.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Aquatic therapy, 8 sessions, is not medically necessary. Land-based therapy suffices.\n\
             CT scan of the lumbar spine is medically necessary. A fracture is suspected.",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].outcome, Outcome::Upheld);
        assert_eq!(found[1].outcome, Outcome::Overturned);
        assert_eq!(
            found[0].claims_admin.join(" "),
            "the utilization reviewer applied the MTUS Chronic Pain Medical Treatment Guidelines, page 22."
        );
        assert_eq!(
            found[1].reviewer.join(" "),
            "The professional reviewer applied the ODG Low Back Chapter."
        );
        assert_eq!(
            found[1].rationale.join(" "),
            "CT scan of the lumbar spine is medically necessary. A fracture is suspected."
        );
        // A paragraph must name the item's first word as a word.
        assert!(introduces_head(
            "For the CT, utilization review ...",
            "CT scan of the spine"
        ));
        assert!(!introduces_head(
            "For the CTA, utilization review ...",
            "CT scan of the spine"
        ));
        assert!(!introduces_head(
            "The CT was reviewed.",
            "CT scan of the spine"
        ));
    }

    #[test]
    fn unnumbered_blocks_opening_with_their_item() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Celebrex (celecoxib) 200mg #30 - OVERTURNED\n\
             2. Trigger point injections x 3, bilateral upper trapezius - UPHELD\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             Celebrex (celecoxib) 200mg #30: The MTUS Chronic Pain Guidelines, NSAIDs,\n\
             were relied upon.\n\
             TRIGGER POINT INJECTIONS X 3, bilateral upper\n\
             trapezius: The MTUS Chronic Pain Guidelines, page 122, were relied upon.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             The requests were reviewed together.",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].reviewer,
            vec!["The MTUS Chronic Pain Guidelines, NSAIDs, were relied upon."]
        );
        assert_eq!(
            found[1].reviewer,
            vec!["TRIGGER POINT INJECTIONS X 3, bilateral upper trapezius: The MTUS Chronic Pain Guidelines, page 122, were relied upon."]
        );
        // The rationale opens with no item: each item has all of it.
        assert_eq!(found[0].rationale, found[1].rationale);
        assert_eq!(
            found[1].rationale,
            vec!["The requests were reviewed together."]
        );
    }

    #[test]
    fn a_guideline_block_restating_its_heading_keeps_only_the_statements() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Chiropractic manipulation, lumbar spine: Upheld\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             1. Chiropractic manipulation, lumbar spine\n\
             Utilization review: MTUS Chronic Pain, Manual therapy.\n\
             Professional reviewer: ODG Low Back, Manipulation.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             1. No flare-up is documented.",
        );
        assert_eq!(
            found[0].claims_admin,
            vec!["Utilization review: MTUS Chronic Pain, Manual therapy."]
        );
        assert_eq!(
            found[0].reviewer,
            vec!["Professional reviewer: ODG Low Back, Manipulation."]
        );
    }

    #[test]
    fn prose_starting_with_an_item_or_a_label_word_starts_no_block() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Physical therapy: Upheld\n\
             2. Acupuncture: Upheld\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Physical therapy: She had 24 visits and has also tried\n\
             acupuncture in the past without benefit.\n\
             Acupuncture: Not recommended beyond 6 visits.",
        );
        assert_eq!(
            found[0].rationale,
            vec!["She had 24 visits and has also tried acupuncture in the past without benefit."]
        );
        assert_eq!(found[1].rationale, vec!["Not recommended beyond 6 visits."]);
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Physical therapy: Upheld\n\
             2. Aquatic therapy: Upheld\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Issue 1 - Land therapy was requested at\n\
             Treatment 2 times a week.\n\
             Issue 2 - Aquatic therapy is for those who cannot bear weight.",
        );
        assert_eq!(
            found[0].rationale,
            vec!["Land therapy was requested at Treatment 2 times a week."]
        );
    }

    #[test]
    fn blocks_headed_by_their_item_named_in_short() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Orthovisc injections, right knee, series of 3 - UPHELD\n\
             2. Right long finger A1 pulley release (trigger finger release) - OVERTURNED\n\
             3. Medifast weight loss program, 12 weeks - UPHELD\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             Orthovisc injections: ODG Knee & Leg, Hyaluronic acid injections.\n\
             Right long finger A1 pulley release: MTUS ACOEM, Chapter 11.\n\
             Weight loss program: Peer-reviewed literature.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Orthovisc injections, right knee, series of 3:\n\
             No aspiration or steroid injection was tried first.\n\
             Right long finger A1 pulley release: Two injections failed.\n\
             Weight: the program is commercial. A weight loss program: not covered.",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(
            found[0].reviewer,
            vec!["ODG Knee & Leg, Hyaluronic acid injections."]
        );
        assert_eq!(found[2].reviewer, vec!["Peer-reviewed literature."]);
        assert_eq!(
            found[0].rationale,
            vec!["No aspiration or steroid injection was tried first."]
        );
        assert_eq!(found[1].rationale, vec!["Two injections failed."]);
        // "Weight:" names a word of the head, but the blocks must open in
        // order and number three: here the third opens at "Weight".
        assert_eq!(
            found[2].rationale,
            vec!["the program is commercial. A weight loss program: not covered."]
        );
    }

    #[test]
    fn a_numbered_block_loses_the_heading_restating_its_item() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Nexium 40mg #30 - UPHELD\n\
             2. Comprehensive metabolic panel (CMP) - OVERTURNED\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             1. Nexium 40mg #30\n\
             She takes no NSAID.\n\
             2. Comprehensive metabolic panel (CMP) - no panel was ever drawn.",
        );
        assert_eq!(found[0].rationale, vec!["She takes no NSAID."]);
        assert_eq!(found[1].rationale, vec!["no panel was ever drawn."]);
        // Neither the end of a sentence nor a word cut short is a label.
        assert_eq!(after_label_of("Nexium. Note: stop", "Nexium 40mg"), None);
        assert_eq!(after_label_of("Nex: stop", "Nexium 40mg"), None);
        assert_eq!(after_label_of("40mg: stop", "Nexium 40mg"), Some("stop"));
    }

    #[test]
    fn sections_repeated_under_each_items_heading() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             Psychological testing (3 hours)\n\
             Relaxation training, 6 sessions\n\
             CASE SUMMARY:\n\
             Utilization review non-certified both requests.\n\
             DOCUMENTS REVIEWED FOR DETERMINATION:\n\
             IMR application\n\
             ISSUE #1 - Psychological testing (3 hours)\n\
             Guideline(s) cited by Utilization Review: MTUS Chronic Pain, page 100.\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             ODG Pain chapter, Psychological tests.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Testing will guide care. The requested testing is medically necessary.\n\
             DETERMINATION: The UR denial is OVERTURNED.\n\
             ISSUE #2 - Relaxation training, 6 sessions\n\
             Guideline(s) cited by Utilization Review: ODG Mental Illness & Stress.\n\
             MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n\
             MTUS Chronic Pain, Behavioral interventions, page 23.\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Six sessions exceed the trial. The request is not medically necessary.",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].treatment, vec!["Psychological testing (3 hours)"]);
        assert_eq!(found[0].outcome, Outcome::Overturned);
        assert_eq!(found[1].outcome, Outcome::Upheld);
        assert_eq!(
            found[0].claims_admin,
            vec!["Guideline(s) cited by Utilization Review: MTUS Chronic Pain, page 100."]
        );
        assert_eq!(
            found[1].claims_admin,
            vec!["Guideline(s) cited by Utilization Review: ODG Mental Illness & Stress."]
        );
        // The next item's heading and what follows it are not this item's.
        assert_eq!(
            found[0].rationale,
            vec!["Testing will guide care. The requested testing is medically necessary."]
        );
    }

    #[test]
    fn a_single_item_loses_its_heading_label() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE:\n\
             1. Lumbar MRI: Upheld\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             Item #1: No red flags are documented.",
        );
        assert_eq!(found[0].rationale, vec!["No red flags are documented."]);
    }

    #[test]
    fn a_question_takes_its_outcome_from_the_rationale() {
        let found = review_items(
            "MEDICAL PROFESSIONAL REVIEW\n\
             ISSUE AT DISPUTE: Is the request for a TENS unit medically necessary?\n\
             RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n\
             The trial was successful. The TENS unit is medically necessary and appropriate.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].treatment, vec!["TENS unit"]);
        assert_eq!(found[0].outcome, Outcome::Overturned);
    }
}
