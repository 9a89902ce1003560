//! What of a letter's text the other text fields do not already index.
//!
//! The `text` field answers "anywhere in the letter", yet most of a letter
//! is its clinical summary and its rationales, which every item indexes in
//! `summary` and `rationale` already. Indexing the whole letter again made
//! `text` the costliest field to build (about 45% of the time spent adding
//! items to tantivy) and a third of the postings on disk. So `text` holds
//! the rest: headings, header fields, documents reviewed, guideline
//! statements, the reviewer's qualifications; and a `text:` query searches
//! it together with `requested`, `rationale` and `summary`
//! ([`crate::query::analyst`]).
//!
//! A summary or rationale is cut out only where it is found in the letter
//! word for word (whitespace aside); one that extraction had to mend (a
//! running page header inside it, a word hyphenated across lines) is left
//! in, so nothing the letter says is ever lost from `text:`.

use std::borrow::Cow;

/// Passages shorter than this (in bytes) are left in: short ones are not
/// worth the search and could match elsewhere.
const SHORTEST_CUT: usize = 40;

/// The letter `text` without the `passages` (summary, rationales) it
/// contains word for word, whitespace aside. Each cut leaves a line break,
/// so the words on either side stay apart.
pub fn letter_remainder<'a>(text: &'a str, passages: &[&str]) -> Cow<'a, str> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for passage in passages {
        let passage = passage.trim_matches(|c: char| c.is_ascii_whitespace());
        if passage.len() < SHORTEST_CUT {
            continue;
        }
        if let Some(cut) = find_loosely(text.as_bytes(), passage.as_bytes(), &cuts) {
            cuts.push(cut);
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    cuts.sort_unstable();
    let mut rest = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in cuts {
        rest.push_str(&text[at..start]);
        rest.push('\n');
        at = end;
    }
    rest.push_str(&text[at..]);
    Cow::Owned(rest)
}

/// The first occurrence of `passage` (trimmed, not empty) in `text` where
/// any run of whitespace in one stands for any run in the other, on word
/// boundaries and overlapping none of `taken`: candidates are the places
/// its first word occurs, each checked by walking both.
fn find_loosely(text: &[u8], passage: &[u8], taken: &[(usize, usize)]) -> Option<(usize, usize)> {
    let first_word_len = passage
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(passage.len());
    let first_word = &passage[..first_word_len];
    for start in memchr::memmem::find_iter(text, first_word) {
        if start > 0 && !text[start - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(end) = matches_at(text, start, passage) else {
            continue;
        };
        if end < text.len() && !text[end].is_ascii_whitespace() {
            continue;
        }
        let free = taken
            .iter()
            .all(|(taken_start, taken_end)| end <= *taken_start || start >= *taken_end);
        if free {
            // Both ends border whitespace or the text's ends, and only
            // ASCII bytes were compared across: character boundaries.
            return Some((start, end));
        }
    }
    None
}

/// Where in `text` a loose match of `passage` starting at `start` ends.
fn matches_at(text: &[u8], start: usize, passage: &[u8]) -> Option<usize> {
    let (mut i, mut j) = (start, 0);
    while j < passage.len() {
        if passage[j].is_ascii_whitespace() {
            if !text.get(i)?.is_ascii_whitespace() {
                return None;
            }
            while passage.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            while text.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
        } else {
            if *text.get(i)? != passage[j] {
                return None;
            }
            i += 1;
            j += 1;
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> String {
        text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
    }

    proptest! {
        /// Any text, any passages taken from it: no panic, and what is
        /// left is the text with some stretches taken out.
        #[test]
        fn cuts_only_take_out(
            text in "[a-zé “”\n\t]{0,300}",
            spans in proptest::collection::vec((0usize..300, 0usize..300), 0..4),
        ) {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let passages: Vec<&str> = spans
                .iter()
                .filter(|_| !chars.is_empty())
                .map(|(a, b)| {
                    let (a, b) = (a % chars.len(), b % chars.len());
                    let (from, to) = (a.min(b), a.max(b));
                    &text[chars[from].0..chars[to].0]
                })
                .collect();
            let rest = letter_remainder(&text, &passages);
            let (left, all) = (words(&rest), words(&text));
            let mut remaining = all.chars();
            prop_assert!(left.chars().all(|c| remaining.any(|d| d == c)));
        }
    }

    const LETTER: &str = "CLINICAL CASE SUMMARY\n  The patient is a 59 year old male who was injured\non 06/21/2010.  He has chronic low back pain  \n\nIMR ISSUES, DECISIONS AND RATIONALES\nAcupuncture:  Upheld\nDecision rationale: The guidelines allow\n3 to 6 treatments; no functional improvement was documented.\nReviewed by a physician Board Certified in Anesthesiology.\n";

    const SUMMARY: &str = "The patient is a 59 year old male who was injured on 06/21/2010. He has chronic low back pain";
    const RATIONALE: &str =
        "The guidelines allow 3 to 6 treatments; no functional improvement was documented.";

    #[test]
    fn summary_and_rationale_come_out_and_the_rest_stays() {
        let rest = letter_remainder(LETTER, &[SUMMARY, RATIONALE]);
        assert_eq!(
            rest,
            "CLINICAL CASE SUMMARY\n  \n  \n\nIMR ISSUES, DECISIONS AND RATIONALES\nAcupuncture:  Upheld\nDecision rationale: \n\nReviewed by a physician Board Certified in Anesthesiology.\n"
        );
    }

    #[test]
    fn a_passage_not_found_word_for_word_stays() {
        // Extraction mended a hyphenated word: not in the letter as such.
        let mended = "The patient is a 59 year old male who was injured on 06/21/2010. He has chronic lowback pain";
        assert_eq!(letter_remainder(LETTER, &[mended]), LETTER);
        // Too short to be worth cutting.
        assert_eq!(letter_remainder(LETTER, &["Upheld"]), LETTER);
        // Only on word boundaries: a passage ending inside a word stays.
        let partial = "The patient is a 59 year old male who was injured on 06/21/2010. He has chronic low ba";
        assert_eq!(letter_remainder(LETTER, &[partial]), LETTER);
    }

    #[test]
    fn two_items_with_the_same_rationale_cut_both_copies() {
        let letter = format!("A: Upheld\n{RATIONALE}\nB: Upheld\n{RATIONALE}\nend");
        let rest = letter_remainder(&letter, &[RATIONALE, RATIONALE, RATIONALE]);
        assert_eq!(rest, "A: Upheld\n\n\nB: Upheld\n\n\nend");
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        let letter = "Résumé — “quoted” intro\nThe reviewer’s rationale: naïve patients respond poorly to opioids at first.\nFin";
        let passage =
            "The reviewer’s rationale: naïve patients respond poorly to opioids at first.";
        assert_eq!(
            letter_remainder(letter, &[passage]),
            "Résumé — “quoted” intro\n\n\nFin"
        );
    }
}
