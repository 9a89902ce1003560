//! The analyzer for running text, and the word filter it ends with.
//!
//! Words are split on non-alphanumerics, lowercased, accent-folded and
//! English-stemmed ("injections" finds "injection"). Doses such as `10/325`
//! and case numbers such as `CM13-0001234` become adjacent tokens, found
//! exactly as phrases.
//!
//! Turning a word into its indexed form was the largest single cost of
//! indexing after tantivy's own postings (three filters, each visiting every
//! token), yet IMR letters repeat a small vocabulary: the same few thousand
//! words make up nearly every letter. So [`RememberedWordForms`] does the
//! lowercasing, folding and stemming in one step and remembers, per thread,
//! the form of each word as written. A word met for the first time goes
//! through tantivy's own `LowerCaser` and `AsciiFoldingFilter` and the
//! Snowball English stemmer tantivy's `Stemmer` uses (same `frostem`
//! algorithm), and a test checks the whole chain against tantivy's, so
//! queries analysed with either agree.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Longest token kept, in bytes; longer ones are noise (base64, rulers).
const LONGEST_TOKEN: usize = 40;

/// Words remembered per thread before the memory is cleared. A few
/// megabytes at most; a letter corpus's vocabulary fits many times over, and
/// clearing (rather than growing) keeps memory flat on any input.
const CACHE_CAPACITY: usize = 50_000;

/// The analyzer for running text (see the module docs).
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(RememberedWordForms)
        .build()
}

/// Lowercasing, ASCII folding and English Snowball stemming as one filter,
/// with a memory of word forms, one per thread: the memory outlives the
/// analyzer clones tantivy makes (one per segment writer, and one per
/// snippet), and needs no lock.
#[derive(Clone, Copy, Debug, Default)]
pub struct RememberedWordForms;

impl TokenFilter for RememberedWordForms {
    type Tokenizer<T: Tokenizer> = WordFormFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordFormFilter<T> {
        WordFormFilter { inner: tokenizer }
    }
}

/// The tokenizer [`RememberedWordForms`] wraps around its inner one.
#[derive(Clone)]
pub struct WordFormFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for WordFormFilter<T> {
    type TokenStream<'a> = WordFormStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordFormStream {
            tail: self.inner.token_stream(text),
        }
    }
}

thread_local! {
    static FORMS: RefCell<WordForms> = RefCell::new(WordForms::default());
}

/// Word as written -> indexed form, cleared when full.
struct WordForms {
    /// tantivy's lowercasing and folding, applied to one word at a time.
    fold: TextAnalyzer,
    stemmer: frostem::Stemmer,
    /// Words of up to 16 bytes (nearly all), keyed by [`packed`]: hashing
    /// and comparing one integer costs a few instructions, where a `String`
    /// key costs a loop over its bytes and a `memcmp` call, and this lookup
    /// runs for every token indexed.
    short: FxHashMap<u128, Box<str>>,
    /// Longer words. FxHash: the keys are short, where SipHash's per-call
    /// cost showed up in profiles.
    long: FxHashMap<String, Box<str>>,
}

impl Default for WordForms {
    fn default() -> Self {
        WordForms {
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

/// A word of up to 16 bytes as one integer, its bytes zero-padded. Tokens
/// are alphanumeric, so no word holds a zero byte and the padding cannot
/// make two words equal.
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut padded = [0u8; 16];
    padded.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(padded))
}

impl WordForms {
    /// Replaces `word` with its indexed form.
    fn transform_in_place(&mut self, word: &mut String) {
        // Numbers (doses, dates, case numbers: a good share of a letter's
        // tokens) have no case, accents or suffixes: they stay as they are.
        if word.bytes().all(|byte| byte.is_ascii_digit()) {
            return;
        }
        let key = packed(word);
        let known = match key {
            Some(key) => self.short.get(&key),
            None => self.long.get(word.as_str()),
        };
        if let Some(form) = known {
            word.clear();
            word.push_str(form);
            return;
        }
        let form = self.form_of(word);
        if self.short.len() + self.long.len() >= CACHE_CAPACITY {
            self.short.clear();
            self.long.clear();
        }
        let written = std::mem::replace(word, form.clone());
        match key {
            Some(key) => self.short.insert(key, form.into_boxed_str()),
            None => self.long.insert(written, form.into_boxed_str()),
        };
    }

    /// The indexed form of a word met for the first time.
    fn form_of(&mut self, word: &str) -> String {
        let mut folded = String::new();
        self.fold
            .token_stream(word)
            .process(&mut |token| folded.push_str(&token.text));
        // Snowball English leaves words of two letters or fewer alone, and
        // its suffixes are all letters, so numbers never change.
        if folded.len() <= 2 || folded.bytes().all(|byte| byte.is_ascii_digit()) {
            return folded;
        }
        self.stemmer.stem(&folded).into_owned()
    }
}

/// The token stream of [`WordFormFilter`].
pub struct WordFormStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for WordFormStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        FORMS.with(|forms| forms.borrow_mut().transform_in_place(word));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, Stemmer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        out
    }

    fn tantivy_stemming() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    #[test]
    fn stems_match_tantivys_stemmer_on_first_and_repeated_words() {
        let text = "Injections were requested; the injection was DENIED. Físical \
                    therapies, therapy and Norco 10/325 #60 for CM13-0001234 running runs ran \
                    is as us ss 4s 10s 2014 x2 is's Electromyography electrodiagnostically \
                    ÉLECTRODIAGNOSTIC";
        let mut ours = text_analyzer();
        let mut theirs = tantivy_stemming();
        // Twice: the second pass is answered from memory.
        assert_eq!(tokens(&mut ours, text), tokens(&mut theirs, text));
        assert_eq!(tokens(&mut ours, text), tokens(&mut theirs, text));
        let words: Vec<String> = tokens(&mut ours, "injections Injection")
            .into_iter()
            .map(|token| token.0)
            .collect();
        assert_eq!(words, ["inject", "inject"]);
    }

    proptest::proptest! {
        /// Any text, in any case and script, analyses to the tokens
        /// tantivy's own chain gives, the first time and from memory.
        #[test]
        fn forms_match_tantivys_chain_on_any_text(
            text in "([A-Za-z]{1,24}|[0-9]{1,6}|[ÀÉÍÓÚàéíóúÑñÇçßÆæŒœİı]{1,3}|\\PC{1,3}|[ .,/#-]{1,3}){0,40}"
        ) {
            let mut ours = text_analyzer();
            let mut theirs = tantivy_stemming();
            proptest::prop_assert_eq!(tokens(&mut ours, &text), tokens(&mut theirs, &text));
            proptest::prop_assert_eq!(tokens(&mut ours, &text), tokens(&mut theirs, &text));
        }
    }

    #[test]
    fn memory_is_cleared_when_full_and_forms_stay_right() {
        let mut memory = WordForms::default();
        for number in 0..CACHE_CAPACITY + 10 {
            let mut word = format!("Word{number}s");
            memory.transform_in_place(&mut word);
        }
        assert!(memory.short.len() + memory.long.len() <= CACHE_CAPACITY);
        let mut word = "Therapies".to_string();
        memory.transform_in_place(&mut word);
        assert_eq!(word, "therapi");
    }
}
