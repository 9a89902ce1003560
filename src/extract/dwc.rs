//! The DWC "IMR Final Determination" layout.
//!
//! ```text
//! Case Number: CM13-0012345        Date Assigned: 03/05/2014
//! ...
//! HOW THE IMR FINAL DETERMINATION WAS MADE
//! ... Board Certified in Anesthesiology and is licensed to practice in California ...
//! CLINICAL CASE SUMMARY
//! ...
//! IMR ISSUES, DECISIONS AND RATIONALES
//! In-Office Acupuncture, 8 Visits, Unspecified Frequency:  Upheld
//! Claims Administrator guideline: Decision based on MTUS ACOEM ...
//! MAXIMUS guideline: Decision based on MTUS Acupuncture Treatment Guidelines.
//! Decision rationale: ...
//! ```

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::model::Outcome;
use crate::taxonomy::FirstRow;

use super::clean::collapsed;
use super::sections::{Heading, Sections};
use super::RawItem;

/// Section names of this layout.
pub const HOW: &str = "how";
/// The clinical case summary.
pub const SUMMARY: &str = "summary";
/// The items with their decisions.
pub const ISSUES: &str = "issues";

/// This layout's section titles.
pub fn headings() -> Vec<Heading> {
    vec![
        Heading::alone(
            HOW,
            r"HOW\s+THE\s+(?:IMR\s+)?(?:FINAL\s+)?DETERMINATION\s+WAS\s+MADE",
        )
        .starting_with(&["HOW"]),
        Heading::alone(SUMMARY, r"CLINICAL\s+CASE\s+SUMMARY").starting_with(&["CLINICAL"]),
        Heading::alone(
            ISSUES,
            r"IMR\s+ISSUES?\s*,?\s+DECISIONS?\s*,?\s+AND\s+RATIONALES?",
        )
        .starting_with(&["IMR"]),
        Heading::alone("documents", r"DOCUMENTS\s+REVIEWED").starting_with(&["DOCUMENTS"]),
    ]
}

/// Which part of an item a [`PART_LABEL`] row begins.
const LABELLED_PARTS: [Part; 3] = [Part::ClaimsAdmin, Part::Reviewer, Part::Rationale];

// The three part labels start a line; the part's text is the rest of the
// line. Only the label is matched: capturing the rest would walk the whole
// (often long) line a second time. One search tries the three in order; as
// each is anchored at the line's start and they begin with different words,
// at most one can match.
static PART_LABEL: LazyLock<FirstRow> = LazyLock::new(|| {
    FirstRow::new([
        r"^claims?\s+administrator(?:'s)?\s+guidelines?(?:\(s\))?\s*:",
        r"^(?:maximus|expert\s+reviewer|reviewer|imr)(?:'s)?\s+guidelines?(?:\(s\))?\s*:",
        r"^(?:decision\s+)?rationale\s*:",
    ])
});

/// The part a labelled line begins and the text after its label.
fn labelled_part(line: &str) -> Option<(Part, &str)> {
    // Every row is anchored at the line's start and begins with one of the
    // letters c, m, e, r, i or d (in either case: the table ignores case,
    // and no character past ASCII folds to one of them); a line starting
    // with another ASCII byte is no label.
    let starts_like_label = line.bytes().next().is_some_and(|initial| {
        !initial.is_ascii()
            || matches!(
                initial.to_ascii_lowercase(),
                b'c' | b'm' | b'e' | b'r' | b'i' | b'd'
            )
    });
    if !starts_like_label {
        return None;
    }
    for (label, part) in COMMON_LABELS {
        if let Some(text) = line.strip_prefix(label) {
            return Some((part, text));
        }
    }
    // The labels end in a colon; most other lines have none.
    memchr::memchr(b':', line.as_bytes())?;
    labelled_part_by_pattern(line)
}

/// The labels as letters nearly always print them. A line starting with one
/// is that part's label as [`PART_LABEL`] finds it: the label's row matches
/// it, no other row can (they begin with other words), and the match ends
/// at the label's colon, as the pattern ends at the first colon after
/// "guideline" or "rationale" and white space.
const COMMON_LABELS: [(&str, Part); 3] = [
    ("Claims Administrator guideline:", Part::ClaimsAdmin),
    ("MAXIMUS guideline:", Part::Reviewer),
    ("Decision rationale:", Part::Rationale),
];

/// [`labelled_part`] by the [`PART_LABEL`] search alone.
fn labelled_part_by_pattern(line: &str) -> Option<(Part, &str)> {
    let found = PART_LABEL.find(line)?;
    Some((LABELLED_PARTS[found.row], &line[found.end..]))
}

/// An item title, `<treatment>:  Upheld` (the treatment may be on the lines
/// before): the treatment as written and the outcome word. The line ends in
/// the outcome word, then optional spaces and one optional period; before
/// the word stands a colon or dash, spaces either side of it, or nothing
/// at all. It reads as `^(.*?)\s*(?:[:\-]\s*|^)(upheld|overturned)\s*\.?$`
/// would, case-insensitively, without the regex's lazy `.*?` (slow to rule
/// out on every line). No non-ASCII character case-folds to a letter of
/// either word.
fn split_title(line: &str) -> Option<(&str, &str)> {
    let end = line.strip_suffix('.').unwrap_or(line).trim_end();
    let word_start = ["upheld", "overturned"].iter().find_map(|word| {
        let start = end.len().checked_sub(word.len())?;
        (end.is_char_boundary(start) && end[start..].eq_ignore_ascii_case(word)).then_some(start)
    })?;
    let before = &end[..word_start];
    if line.contains('\n') {
        return None;
    }
    if before.is_empty() {
        return Some(("", &end[word_start..]));
    }
    let treatment = before.trim_end().strip_suffix([':', '-'])?.trim_end();
    Some((treatment, &end[word_start..]))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Preface,
    Treatment,
    ClaimsAdmin,
    Reviewer,
    Rationale,
}

/// An item being read: its lines borrowed from the section's.
#[derive(Default)]
struct Builder<'a> {
    treatment: Vec<Cow<'a, str>>,
    outcome: Option<Outcome>,
    claims_admin: Vec<Cow<'a, str>>,
    reviewer: Vec<Cow<'a, str>>,
    rationale: Vec<Cow<'a, str>>,
}

impl<'a> Builder<'a> {
    fn finish(self) -> Option<RawItem<'a>> {
        let outcome = self.outcome?;
        Some(RawItem {
            treatment: self.treatment,
            outcome,
            claims_admin: self.claims_admin,
            reviewer: self.reviewer,
            rationale: self.rationale,
        })
    }
}

/// A line that ends a sentence or a lead-in: the text before an item title
/// ends on one of these, so lines after it belong to the title.
fn ends_statement(line: &str) -> bool {
    line.ends_with('.') || line.ends_with(':') || line.ends_with('?') || line.ends_with('!')
}

/// Reads the items of the `IMR ISSUES, DECISIONS AND RATIONALES` section.
pub fn items<'a>(lines: &[&'a str]) -> Vec<RawItem<'a>> {
    let mut items = Vec::new();
    let mut current = Builder::default();
    let mut part = Part::Preface;
    let mut preface: Vec<Cow<'a, str>> = Vec::new();
    for (index, &line) in lines.iter().enumerate() {
        if let Some((labelled, text)) = labelled_part(line) {
            part = labelled;
            let part_lines = match labelled {
                Part::ClaimsAdmin => &mut current.claims_admin,
                Part::Reviewer => &mut current.reviewer,
                // The only other part a label begins. A rationale runs over
                // several lines, at most the rest of the section's: room
                // for those, made once, spares the list growing step by
                // step.
                _ => {
                    current.rationale.reserve(lines.len() - index);
                    &mut current.rationale
                }
            };
            push_text(part_lines, text);
            continue;
        }
        let title = split_title(line).filter(|(treatment, _)| {
            // An outcome word alone on its line is a title only when the
            // title's text ended the line before with a colon; otherwise it
            // is a wrapped sentence ending "... is upheld".
            !treatment.trim().is_empty()
                || last_line(&part, &preface, &current)
                    .is_some_and(|previous| previous.ends_with(':'))
        });
        if let Some((treatment, outcome)) = title {
            let outcome = Outcome::parse(outcome);
            let inline = treatment.trim();
            // The title may have wrapped: take the unfinished lines before it
            // back from wherever they were filed.
            let source = match part {
                Part::Preface => &mut preface,
                Part::Treatment => &mut current.treatment,
                Part::ClaimsAdmin => &mut current.claims_admin,
                Part::Reviewer => &mut current.reviewer,
                Part::Rationale => &mut current.rationale,
            };
            let mut carried: Vec<Cow<'a, str>> = Vec::new();
            while carried.len() < 3 {
                match source.last() {
                    Some(previous)
                        if !ends_statement(previous)
                            || (inline.is_empty()
                                && carried.is_empty()
                                && previous.ends_with(':')) =>
                    {
                        carried.insert(0, source.pop().unwrap_or_default());
                    }
                    _ => break,
                }
            }
            if part != Part::Treatment || current.outcome.is_some() {
                if let Some(item) = std::mem::take(&mut current).finish() {
                    items.push(item);
                }
            }
            current.treatment = carried;
            if !inline.is_empty() {
                current.treatment.push(Cow::Borrowed(inline));
            }
            if let Some(last) = current.treatment.last_mut() {
                *last = without_title_colon(std::mem::take(last));
            }
            current.outcome = outcome;
            part = Part::Treatment;
            continue;
        }
        match part {
            Part::Preface => preface.push(Cow::Borrowed(line)),
            Part::Treatment => current.treatment.push(Cow::Borrowed(line)),
            Part::ClaimsAdmin => current.claims_admin.push(Cow::Borrowed(line)),
            Part::Reviewer => current.reviewer.push(Cow::Borrowed(line)),
            Part::Rationale => current.rationale.push(Cow::Borrowed(line)),
        }
    }
    if let Some(item) = current.finish() {
        items.push(item);
    }
    items
}

fn last_line<'b, 'a>(
    part: &Part,
    preface: &'b [Cow<'a, str>],
    current: &'b Builder<'a>,
) -> Option<&'b Cow<'a, str>> {
    match part {
        Part::Preface => preface.last(),
        Part::Treatment => current.treatment.last(),
        Part::ClaimsAdmin => current.claims_admin.last(),
        Part::Reviewer => current.reviewer.last(),
        Part::Rationale => current.rationale.last(),
    }
}

fn push_text<'a>(lines: &mut Vec<Cow<'a, str>>, text: &'a str) {
    let text = collapsed(text);
    if !text.is_empty() {
        lines.push(text);
    }
}

/// A title's treatment line without the colon (and spaces) ending it,
/// still borrowed if it was.
fn without_title_colon(line: Cow<'_, str>) -> Cow<'_, str> {
    match line {
        Cow::Borrowed(line) => Cow::Borrowed(line.trim_end_matches(':').trim_end()),
        Cow::Owned(line) => Cow::Owned(line.trim_end_matches(':').trim_end().to_string()),
    }
}

/// Whether `sections` look like this layout.
pub fn detect(sections: &Sections) -> bool {
    sections.has(ISSUES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::clean::join_lines;

    fn lines(text: &str) -> Vec<&str> {
        text.lines().collect()
    }

    #[test]
    fn part_labels_start_their_lines() {
        let table: &[(&str, Option<(Part, &str)>)] = &[
            (
                "Claims Administrator guideline: Decision based on MTUS.",
                Some((Part::ClaimsAdmin, " Decision based on MTUS.")),
            ),
            (
                "CLAIMS ADMINISTRATOR'S GUIDELINES(S):x",
                Some((Part::ClaimsAdmin, "x")),
            ),
            ("MAXIMUS guideline: ODG.", Some((Part::Reviewer, " ODG."))),
            (
                "Expert Reviewer's guidelines : ODG.",
                Some((Part::Reviewer, " ODG.")),
            ),
            ("Decision rationale: No.", Some((Part::Rationale, " No."))),
            ("RATIONALE:", Some((Part::Rationale, ""))),
            ("The rationale: none", None),
            ("Claims Administrator guideline", None),
        ];
        for (line, expected) in table {
            assert_eq!(labelled_part(line), *expected, "{line}");
            assert_eq!(labelled_part_by_pattern(line), *expected, "{line}");
        }
    }

    #[test]
    fn common_labels_are_read_as_the_pattern_reads_them() {
        for (label, _) in COMMON_LABELS {
            for text in [
                "",
                " x",
                ": x",
                "  Decision based on MTUS.",
                "(s): x",
                "s: x",
            ] {
                let line = format!("{label}{text}");
                assert_eq!(
                    labelled_part(&line),
                    labelled_part_by_pattern(&line),
                    "{line}"
                );
            }
        }
    }

    #[test]
    fn item_titles_end_in_an_outcome() {
        let table: &[(&str, Option<(&str, &str)>)] = &[
            (
                "Norco 10/325mg #120:  Upheld",
                Some(("Norco 10/325mg #120", "Upheld")),
            ),
            (
                "Lumbar MRI - OVERTURNED .",
                Some(("Lumbar MRI", "OVERTURNED")),
            ),
            ("Knee brace:-upheld", Some(("Knee brace:", "upheld"))),
            ("Upheld", Some(("", "Upheld"))),
            (": Overturned.", Some(("", "Overturned"))),
            ("the denial is upheld", None),
            ("Lumbar MRI: Upheld. ", None),
            ("Lumbar MRI: Upheld..", None),
            ("  Upheld", None),
            ("caf\u{e9}: upheld", Some(("caf\u{e9}", "upheld"))),
        ];
        for (line, expected) in table {
            assert_eq!(split_title(line), *expected, "{line}");
        }
    }

    #[test]
    fn reads_items_with_their_parts() {
        let section = lines(
            "The Final Determination was based on decisions for the disputed items/services set forth below:\n\
             Norco 10/325mg #120:  Upheld\n\
             Claims Administrator guideline: Decision based on MTUS Chronic Pain.\n\
             MAXIMUS guideline: Decision based on MTUS Chronic Pain, Opioids.\n\
             Decision rationale: No functional improvement is documented.\n\
             As such the request is not medically necessary and appropriate.\n\
             Physical therapy 2x6 for the lumbar spine:  OVERTURNED\n\
             Claims Administrator guideline: ODG Low Back.\n\
             MAXIMUS guideline: MTUS ACOEM.\n\
             Decision rationale: Indicated.",
        );
        let found = items(&section);
        assert_eq!(found.len(), 2);
        assert_eq!(join_lines(&found[0].treatment), "Norco 10/325mg #120");
        assert_eq!(found[0].outcome, Outcome::Upheld);
        assert_eq!(join_lines(&found[0].rationale), "No functional improvement is documented. As such the request is not medically necessary and appropriate.");
        assert_eq!(
            join_lines(&found[1].treatment),
            "Physical therapy 2x6 for the lumbar spine"
        );
        assert_eq!(found[1].outcome, Outcome::Overturned);
        assert_eq!(join_lines(&found[1].reviewer), "MTUS ACOEM.");
    }

    #[test]
    fn a_wrapped_item_title_is_rejoined() {
        let section = lines(
            "Decision rationale: Not indicated. As such, the request is not medically necessary.\n\
             Retrospective request for compounded cream flurbiprofen 20%, cyclobenzaprine 4%,\n\
             240 grams:  Upheld\n\
             Claims Administrator guideline: Decision based on MTUS Chronic Pain.\n\
             Decision rationale: Topicals are largely experimental.\n\
             Lumbar MRI:\n\
             Overturned\n\
             Decision rationale: Red flags.",
        );
        let found = items(&section);
        assert_eq!(found.len(), 2);
        assert_eq!(
            join_lines(&found[0].treatment),
            "Retrospective request for compounded cream flurbiprofen 20%, cyclobenzaprine 4%, 240 grams"
        );
        assert_eq!(join_lines(&found[1].treatment), "Lumbar MRI");
        assert_eq!(found[1].outcome, Outcome::Overturned);
    }
}
