//! What the claims administrator cited, where a letter says it only in the
//! case summary: "Utilization review on 10/31/2013 non-certified Nexium
//! citing the Official Disability Guidelines, Pain chapter, non-certified
//! the CMP citing the California MTUS Chronic Pain Medical Treatment
//! Guidelines, and non-certified the internal medicine referral citing the
//! ACOEM Practice Guidelines, Chapter 7."
//!
//! Each decision in such a sentence ("non-certified Nexium citing ...") is
//! a clause: what it decided, then what it cited. A clause belongs to the
//! items whose words of their own (words no other item's treatment holds)
//! it names; in a letter of one item, every clause is that item's.

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::{meta, Input};

/// Words that name utilization review or the claims administrator: a
/// sentence without one is not about their decision. "UR" is matched in
/// capitals only ("our" is not it). Word boundaries here and below are
/// ASCII ones, which the lazy DFA handles in any text; a Unicode boundary
/// would send a summary holding a curly quote to a slower engine.
///
/// Every professional review's summary is searched for these words, so the
/// search runs without a prefilter: the words' case-insensitive beginnings
/// ("uti", "cla", "pee") make a literal prefilter stop at so many places
/// ("routine", "claimant", "speech") that checking them all costs several
/// times what the automaton alone does walking the text.
static UR_WORDS: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::builder()
        .configure(meta::Config::new().auto_prefilter(false))
        .build(
            r"(?i:(?-u:\b)utilization\s+review(?:er)?(?-u:\b)|(?-u:\b)claims?\s+administrator(?-u:\b)|(?-u:\b)peer\s+review(?:er)?(?-u:\b))|(?-u:\b)UR(?-u:\b)",
        )
        .expect("fixed pattern")
});

/// A decision on a request, which starts a clause.
static DECIDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:non-?certified|noncertified|denied|modified|did\s+not\s+certify|not\s+certified|declined\s+to\s+certify|non-?certification\s+of|denial\s+of)(?-u:\b)",
    )
    .expect("fixed pattern")
});

/// The words that introduce what a decision cited.
static CITING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:citing|cited|with\s+reference\s+to|referencing|relying\s+(?:up)?on|relied\s+(?:up)?on|based\s+on|according\s+to|in\s+accordance\s+with|pursuant\s+to|per|under)(?-u:\b)",
    )
    .expect("fixed pattern")
});

/// Words that name no treatment of their own.
const COMMON_WORDS: [&str; 12] = [
    "the", "and", "for", "with", "of", "to", "per", "a", "an", "in", "on", "or",
];

/// For each of `treatments` (the items, in order), what the case summary
/// says the claims administrator cited in deciding it, as the text of the
/// citations (`None` where the summary names none for it).
pub fn claims_admin_citations(summary: &str, treatments: &[&str]) -> Vec<Option<String>> {
    let mut citations: Vec<Option<String>> = vec![None; treatments.len()];
    let sentences = sentences_naming_utilization_review(summary);
    if treatments.is_empty() || sentences.is_empty() {
        return citations;
    }
    let stems: Vec<Vec<String>> = treatments.iter().map(|t| word_stems(t)).collect();
    let own_stems: Vec<Vec<&str>> = stems
        .iter()
        .enumerate()
        .map(|(index, item_stems)| {
            item_stems
                .iter()
                .filter(|stem| {
                    stems
                        .iter()
                        .enumerate()
                        .all(|(other, other_stems)| other == index || !other_stems.contains(stem))
                })
                .map(String::as_str)
                .collect()
        })
        .collect();
    let mut unplaced: Vec<&str> = Vec::new();
    for sentence in sentences {
        // Most such sentences cite nothing ("Utilization review
        // non-certified the request."): one forward search tells.
        if !CITING.is_match(sentence) {
            continue;
        }
        for clause in clauses(sentence) {
            let names = |text: &str| -> Vec<usize> {
                let decided_stems = word_stems(text);
                (0..treatments.len())
                    .filter(|&index| {
                        own_stems[index]
                            .iter()
                            .any(|stem| decided_stems.iter().any(|word| word == stem))
                    })
                    .collect()
            };
            let cited = clause.cited;
            let named: Vec<usize> = if treatments.len() == 1 {
                vec![0]
            } else {
                let after = names(clause.decided_after);
                if after.is_empty() {
                    names(clause.decided_before)
                } else {
                    after
                }
            };
            if named.is_empty() {
                unplaced.push(cited);
            }
            for index in named {
                let citation = citations[index].get_or_insert_with(String::new);
                if !citation.is_empty() {
                    citation.push(' ');
                }
                citation.push_str(cited);
            }
        }
    }
    // One decision naming none of several items ("non-certified the
    // requests citing ...") is every item's.
    if citations.iter().all(Option::is_none) && unplaced.len() == 1 {
        citations.fill(Some(unplaced[0].to_string()));
    }
    citations
}

/// The sentences of `text` that name utilization review or the claims
/// administrator, each once, in order: found from where those words stand
/// rather than by splitting the whole text into sentences.
fn sentences_naming_utilization_review(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let mut searched_to = 0;
    while let Some(words) = UR_WORDS.find(Input::new(text).range(searched_to..)) {
        let start = sentence_start(text, words.start());
        let end = sentence_end(text, words.end());
        found.push(text[start..end].trim());
        searched_to = end;
    }
    found
}

/// Where the sentence holding `at` starts: after the last full stop before
/// it that ends a sentence ([`ends_sentence`]), or at the start of `text`.
fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .match_indices(". ")
        .filter(|&(stop, _)| ends_sentence(text, stop))
        .last()
        .map_or(0, |(stop, _)| stop + 1)
}

/// Where the sentence holding `at` ends: just after the first full stop
/// from `at` on that ends a sentence ([`ends_sentence`]), or at the end of
/// `text`.
fn sentence_end(text: &str, at: usize) -> usize {
    text[at..]
        .match_indices(". ")
        .map(|(stop, _)| at + stop)
        .find(|&stop| ends_sentence(text, stop))
        .map_or(text.len(), |stop| stop + 1)
}

/// Whether the full stop at `stop` (followed by a space) ends a sentence:
/// white space and a capital letter or a digit follow it, and the word
/// before it is longer than two letters ("Dr.", "No.", "p." end nothing).
fn ends_sentence(text: &str, stop: usize) -> bool {
    let next = text[stop + 1..].trim_start().bytes().next();
    let opens = next.is_some_and(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit());
    let word_before = text[..stop]
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    opens && word_before.len() > 2
}

/// A decision that cites something.
struct Clause<'s> {
    /// Between the decision word and the first citing word: what was
    /// decided, in the active voice ("non-certified the CMP citing ...").
    decided_after: &'s str,
    /// Before the decision word, from the previous decision or the start
    /// of the sentence: what was decided, in the passive voice ("the CT
    /// myelogram was denied per ...").
    decided_before: &'s str,
    /// What was cited, from the citing word to the next decision.
    cited: &'s str,
}

/// The decisions of a sentence that cite something. A clause runs from its
/// decision word to the next.
fn clauses(sentence: &str) -> Vec<Clause<'_>> {
    let decisions: Vec<(usize, usize)> = DECIDED
        .find_iter(sentence)
        .map(|found| (found.start(), found.end()))
        .collect();
    let mut found = Vec::new();
    for (index, &(start, end)) in decisions.iter().enumerate() {
        let clause_end = decisions
            .get(index + 1)
            .map_or(sentence.len(), |&(next, _)| next);
        let clause = &sentence[end..clause_end];
        let Some(citing) = CITING.find(clause) else {
            continue;
        };
        let cited = clause[citing.start()..]
            .trim()
            .trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .trim_end_matches(" and")
            .trim_end_matches(',');
        let before_start = index
            .checked_sub(1)
            .map_or(0, |previous| decisions[previous].1);
        found.push(Clause {
            decided_after: clause[..citing.start()].trim(),
            decided_before: sentence[before_start..start].trim(),
            cited,
        });
    }
    found
}

/// The words of `text` in lowercase, without common words, each without a
/// plural's final 's' ("x-rays" and "x-ray" are one word).
fn word_stems(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/'))
        .map(|word| word.trim_matches(['-', '/']).to_lowercase())
        .filter(|word| word.len() >= 2 && !COMMON_WORDS.contains(&word.as_str()))
        .map(|word| match word.strip_suffix('s') {
            Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
            _ => word,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_decision_is_the_citation_of_the_items_it_names() {
        let summary = "She takes Nexium daily. Utilization review on 10/31/2013 non-certified \
                       Nexium citing the Official Disability Guidelines, Pain chapter (proton pump \
                       inhibitors), non-certified the CMP citing the California MTUS Chronic Pain \
                       Medical Treatment Guidelines, and non-certified the internal medicine \
                       referral citing the ACOEM Practice Guidelines, Chapter 7.";
        let treatments = [
            "Nexium 40mg #30",
            "Comprehensive metabolic panel (CMP)",
            "Referral to internal medicine specialist for hypertension",
        ];
        assert_eq!(
            claims_admin_citations(summary, &treatments),
            vec![
                Some("citing the Official Disability Guidelines, Pain chapter (proton pump inhibitors)".to_string()),
                Some("citing the California MTUS Chronic Pain Medical Treatment Guidelines".to_string()),
                Some("citing the ACOEM Practice Guidelines, Chapter 7.".to_string()),
            ]
        );
    }

    #[test]
    fn a_decision_naming_two_items_is_both_of_theirs() {
        let summary =
            "On 07/26/2016 utilization review denied the Orthovisc injections citing the \
                       ODG Knee & Leg chapter, denied the x-rays and the brace citing the ACOEM \
                       Practice Guidelines, Chapter 13, and denied the weight loss program citing \
                       Aetna Clinical Policy Bulletin #0039.";
        let treatments = [
            "Orthovisc injections, right knee, series of 3",
            "Standing x-rays of both knees (AP, lateral, sunrise views)",
            "Hinged knee brace, right",
            "Medifast weight loss program, 12 weeks",
        ];
        let found = claims_admin_citations(summary, &treatments);
        assert_eq!(
            found[0].as_deref(),
            Some("citing the ODG Knee & Leg chapter")
        );
        assert_eq!(
            found[1].as_deref(),
            Some("citing the ACOEM Practice Guidelines, Chapter 13")
        );
        assert_eq!(found[1], found[2]);
        assert_eq!(
            found[3].as_deref(),
            Some("citing Aetna Clinical Policy Bulletin #0039.")
        );
    }

    #[test]
    fn one_item_takes_every_decision_and_one_decision_takes_every_item() {
        let summary = "Utilization review of 10/20/15 non-certified the request, citing the ACOEM \
                       Practice Guidelines, Chapter 8.";
        assert_eq!(
            claims_admin_citations(summary, &["Home cervical traction unit"]),
            vec![Some(
                "citing the ACOEM Practice Guidelines, Chapter 8.".to_string()
            )]
        );
        let summary = "The UR physician denied the requests per the MTUS Chronic Pain guidelines.";
        assert_eq!(
            claims_admin_citations(summary, &["Norco", "TENS unit"]),
            vec![
                Some("per the MTUS Chronic Pain guidelines.".to_string()),
                Some("per the MTUS Chronic Pain guidelines.".to_string()),
            ]
        );
    }

    #[test]
    fn what_was_decided_may_stand_before_the_decision() {
        let summary = "The microdiscectomy was denied by utilization review with reference to the \
                       ODG Low Back chapter. The CT myelogram was denied per ACOEM Chapter 12.";
        let found = claims_admin_citations(
            summary,
            &[
                "Right L5-S1 microdiscectomy",
                "CT myelogram of the lumbar spine",
            ],
        );
        assert_eq!(
            found[0].as_deref(),
            Some("with reference to the ODG Low Back chapter.")
        );
        // The second sentence does not name utilization review.
        assert_eq!(found[1], None);
    }

    #[test]
    fn sentences_are_found_around_the_words_that_name_utilization_review() {
        let summary = "Seen on 5/1/2015. The UR physician, Dr. Lee, denied it per the ODG. \
                       Utilization review also wrote. She improved. The claims administrator \
                       agreed to review item No. 5 again";
        assert_eq!(
            sentences_naming_utilization_review(summary),
            vec![
                "The UR physician, Dr. Lee, denied it per the ODG.",
                "Utilization review also wrote.",
                "The claims administrator agreed to review item No. 5 again",
            ]
        );
    }

    #[test]
    fn sentences_without_utilization_review_or_a_citation_give_nothing() {
        let treatments = ["Norco", "TENS unit"];
        for summary in [
            "Her physician denied that Norco helped, per the notes.",
            "Utilization review denied the Norco and the TENS unit.",
            "",
        ] {
            assert_eq!(
                claims_admin_citations(summary, &treatments),
                vec![None, None],
                "{summary}"
            );
        }
    }
}
