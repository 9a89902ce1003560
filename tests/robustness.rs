//! Property tests: extraction never panics, whatever the bytes, and what it
//! returns always lies inside the taxonomy.

use proptest::prelude::*;

const SAMPLE: &str = include_str!("../corpus/imr-final-determination-sample.txt");

fn check_decision(decision: &imr::model::Decision) {
    for item in &decision.items {
        assert!(
            imr::taxonomy::CATEGORIES.contains(&item.category.as_str()),
            "{}",
            item.category
        );
        for path in item
            .reviewer_guidelines
            .iter()
            .chain(&item.claims_admin_guidelines)
        {
            assert!(
                path.starts_with("/MTUS/")
                    || path.starts_with("/ODG/")
                    || path.starts_with("/Other/"),
                "{path}"
            );
        }
    }
}

/// A mangling of a real letter: cut, duplicate or splice random spans,
/// insert junk, change line ends.
#[derive(Debug, Clone)]
enum Mangle {
    Truncate(usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, String),
    Crlf,
    FormFeeds(usize),
}

fn mangle_strategy() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        (0usize..4000).prop_map(Mangle::Truncate),
        (0usize..4000, 0usize..400).prop_map(|(at, len)| Mangle::Delete(at, len)),
        (0usize..4000, 0usize..400).prop_map(|(at, len)| Mangle::Duplicate(at, len)),
        (0usize..4000, ".{0,40}").prop_map(|(at, text)| Mangle::Insert(at, text)),
        Just(Mangle::Crlf),
        (1usize..60).prop_map(Mangle::FormFeeds),
    ]
}

fn apply(text: &str, mangles: &[Mangle]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for mangle in mangles {
        let len = bytes.len();
        match mangle {
            Mangle::Truncate(at) => bytes.truncate((*at).min(len)),
            Mangle::Delete(at, n) => {
                let start = (*at).min(len);
                let end = (start + n).min(len);
                bytes.drain(start..end);
            }
            Mangle::Duplicate(at, n) => {
                let start = (*at).min(len);
                let end = (start + n).min(len);
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mangle::Insert(at, junk) => {
                let at = (*at).min(len);
                bytes.splice(at..at, junk.bytes());
            }
            Mangle::Crlf => {
                bytes = String::from_utf8_lossy(&bytes)
                    .replace('\n', "\r\n")
                    .into_bytes();
            }
            Mangle::FormFeeds(every) => {
                let text = String::from_utf8_lossy(&bytes).to_string();
                bytes = text
                    .lines()
                    .enumerate()
                    .map(|(index, line)| {
                        if index % every == every - 1 {
                            format!("Page {} of 9\n\u{0C}{line}\n", index / every + 1)
                        } else {
                            format!("{line}\n")
                        }
                    })
                    .collect::<String>()
                    .into_bytes();
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        if let Ok(decision) = imr::extract::extract_bytes("random.txt", &bytes) {
            check_decision(&decision);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,2000}") {
        if let Ok(decision) = imr::extract::extract_text("random.txt", &text) {
            check_decision(&decision);
        }
    }

    #[test]
    fn mangled_real_letters_never_panic(mangles in proptest::collection::vec(mangle_strategy(), 1..6)) {
        let bytes = apply(SAMPLE, &mangles);
        if let Ok(decision) = imr::extract::extract_bytes("mangled.txt", &bytes) {
            check_decision(&decision);
        }
    }

    #[test]
    fn mangled_generated_letters_never_panic(
        index in 0u64..500,
        mangles in proptest::collection::vec(mangle_strategy(), 1..6),
    ) {
        let letter = imr::generate::generate_letter(5, index);
        let text = String::from_utf8_lossy(&letter.bytes).to_string();
        let bytes = apply(&text, &mangles);
        if let Ok(decision) = imr::extract::extract_bytes("mangled.txt", &bytes) {
            check_decision(&decision);
        }
    }

    #[test]
    fn classification_is_total_and_stable(text in "[ -~]{0,80}") {
        let class = imr::taxonomy::classify_treatment(&text);
        prop_assert!(imr::taxonomy::CATEGORIES.contains(&class.category));
        prop_assert_eq!(imr::taxonomy::classify_treatment(&text), class);
    }

    #[test]
    fn guideline_paths_are_well_formed_and_unique(text in "[ -~]{0,200}") {
        let paths = imr::taxonomy::normalize_guidelines(&text);
        for path in &paths {
            prop_assert!(path.starts_with("/MTUS/") || path.starts_with("/ODG/") || path.starts_with("/Other/"));
            prop_assert_eq!(paths.iter().filter(|other| *other == path).count(), 1);
        }
    }
}
