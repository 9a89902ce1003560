//! Extraction accuracy on generated letters: at least 99.5% of case fields,
//! of items and of item rationales must match the generator's truth.
//!
//! The generator writes every layout with the mess real letters carry
//! (wraps, hyphenation, page furniture, CRLF, Windows-1252 ...), and its
//! truth is written independently of the extractor's tables.

use std::collections::BTreeMap;

use imr::model::{Decision, Item};

const LETTERS: u64 = 3000;
const SEED: u64 = 20_261_128;
const REQUIRED: f64 = 0.995;

fn item_key(item: &Item) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        item.treatment
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        &item.category,
        &item.subcategory,
        item.outcome,
        &item.reviewer_guidelines,
        &item.claims_admin_guidelines,
    )
}

/// A rationale as compared: words in order, case aside (a letter may set a
/// paragraph in capitals).
fn rationale_words(item: &Item) -> String {
    item.rationale
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn case_fields(decision: &Decision) -> Vec<(&'static str, String)> {
    vec![
        ("layout", decision.layout.as_str().to_string()),
        ("case_number", format!("{:?}", decision.case_number)),
        ("claim_number", format!("{:?}", decision.claim_number)),
        ("date_assigned", format!("{:?}", decision.date_assigned)),
        ("ur_denial_date", format!("{:?}", decision.ur_denial_date)),
        ("date_of_injury", format!("{:?}", decision.date_of_injury)),
        ("age", format!("{:?}", decision.age)),
        ("sex", format!("{:?}", decision.sex)),
        (
            "reviewer_specialty",
            format!("{:?}", decision.reviewer_specialty),
        ),
        (
            "reviewer_license_state",
            format!("{:?}", decision.reviewer_license_state),
        ),
    ]
}

#[test]
fn generated_letters_extract_at_99_5_percent() {
    let mut fields_total = 0usize;
    let mut fields_matched = 0usize;
    let mut items_total = 0usize;
    let mut items_matched = 0usize;
    let mut rationales_matched = 0usize;
    let mut misses: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut note = |key: String, example: String| {
        let entry = misses.entry(key).or_insert((0, example));
        entry.0 += 1;
    };
    for index in 0..LETTERS {
        let letter = imr::generate::generate_letter(SEED, index);
        let truth = &letter.truth;
        let case_total = case_fields(truth).len();
        let got = match imr::extract::extract_bytes(&letter.file_name, &letter.bytes) {
            Ok(got) => got,
            Err(error) => {
                fields_total += case_total;
                items_total += truth.items.len();
                note(
                    "extraction failed".into(),
                    format!("{}: {error}", letter.file_name),
                );
                continue;
            }
        };
        for ((name, expected), (_, actual)) in case_fields(truth).into_iter().zip(case_fields(&got))
        {
            fields_total += 1;
            if expected == actual {
                fields_matched += 1;
            } else {
                note(
                    format!("{}: {name}", truth.layout.as_str()),
                    format!("{}: expected {expected}, got {actual}", letter.file_name),
                );
            }
        }
        for (position, expected) in truth.items.iter().enumerate() {
            items_total += 1;
            if let Some(actual) = got.items.get(position) {
                if rationale_words(actual) == rationale_words(expected) {
                    rationales_matched += 1;
                } else {
                    note(
                        format!("{}: rationale", truth.layout.as_str()),
                        format!(
                            "{} item {position}: expected {:?}, got {:?}",
                            letter.file_name,
                            rationale_words(expected),
                            rationale_words(actual)
                        ),
                    );
                }
            }
            match got.items.get(position) {
                Some(actual) if item_key(actual) == item_key(expected) => items_matched += 1,
                Some(actual) => note(
                    format!("{}: item", truth.layout.as_str()),
                    format!(
                        "{} item {position}: expected {:?}, got {:?}",
                        letter.file_name,
                        item_key(expected),
                        item_key(actual)
                    ),
                ),
                None => note(
                    format!("{}: missing item", truth.layout.as_str()),
                    format!(
                        "{} has {} items, expected {}",
                        letter.file_name,
                        got.items.len(),
                        truth.items.len()
                    ),
                ),
            }
        }
    }
    let field_rate = fields_matched as f64 / fields_total as f64;
    let item_rate = items_matched as f64 / items_total as f64;
    let rationale_rate = rationales_matched as f64 / items_total as f64;
    let report: Vec<String> = misses
        .iter()
        .map(|(key, (count, example))| format!("{count:>5}  {key}\n       e.g. {example}"))
        .collect();
    println!(
        "fields {fields_matched}/{fields_total} ({:.3}%), items {items_matched}/{items_total} ({:.3}%), \
         rationales {rationales_matched}/{items_total} ({:.3}%)\n{}",
        field_rate * 100.0,
        item_rate * 100.0,
        rationale_rate * 100.0,
        report.join("\n")
    );
    assert!(
        fields_total > 0 && items_total as u64 >= LETTERS,
        "the generator wrote letters"
    );
    assert!(
        field_rate >= REQUIRED && item_rate >= REQUIRED && rationale_rate >= REQUIRED,
        "accuracy below {:.1}%: fields {:.3}%, items {:.3}%, rationales {:.3}%\n{}",
        REQUIRED * 100.0,
        field_rate * 100.0,
        item_rate * 100.0,
        rationale_rate * 100.0,
        report.join("\n")
    );
}
