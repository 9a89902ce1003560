//! The analyzer for running text, and the stemming filter it ends with.
//!
//! Words are split on non-alphanumerics, lowercased, accent-folded and
//! English-stemmed ("injections" finds "injection"). Doses such as `10/325`
//! and case numbers such as `CM13-0001234` become adjacent tokens, found
//! exactly as phrases.
//!
//! Stemming was the largest single cost of indexing (about a quarter of the
//! indexer's CPU time under `perf`), yet IMR letters repeat a small
//! vocabulary: the same few thousand words make up nearly every letter. So
//! [`CachedEnglishStemmer`] remembers the stem of each word its thread has
//! seen. The
//! stems are the Snowball English stems tantivy's own `Stemmer` gives
//! (same `frostem` algorithm), which a test checks, so queries analysed with
//! either agree.

use std::cell::RefCell;
use std::mem;

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
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
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedEnglishStemmer)
        .build()
}

/// English Snowball stemming with a memory of stems, one per thread: the
/// memory outlives the analyzer clones tantivy makes (one per segment
/// writer, and one per snippet), and needs no lock.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CachedEnglishStemmer`] wraps around its inner one.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

thread_local! {
    static STEMS: RefCell<StemMemory> = RefCell::new(StemMemory::default());
}

/// Word -> stem, cleared when full.
struct StemMemory {
    stemmer: frostem::Stemmer,
    /// Keyed with FxHash: the keys are short words, where SipHash's
    /// per-call cost showed up in profiles.
    stems: FxHashMap<String, String>,
}

impl Default for StemMemory {
    fn default() -> Self {
        StemMemory {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            stems: FxHashMap::default(),
        }
    }
}

impl StemMemory {
    /// Replaces `word` with its stem.
    fn stem_in_place(&mut self, word: &mut String) {
        // Snowball English leaves words of two letters or fewer alone, and
        // its suffixes are all letters, so numbers (doses, dates, case
        // numbers: a good share of a letter's tokens) never change.
        if word.len() <= 2 || word.bytes().all(|byte| byte.is_ascii_digit()) {
            return;
        }
        if let Some(stem) = self.stems.get(word.as_str()) {
            if stem != word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = self.stemmer.stem(word).into_owned();
        if self.stems.len() >= CACHE_CAPACITY {
            self.stems.clear();
        }
        let original = mem::replace(word, stem.clone());
        self.stems.insert(original, stem);
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &mut self.tail.token_mut().text;
        STEMS.with(|memory| memory.borrow_mut().stem_in_place(word));
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
                    is as us ss 4s 10s 2014 x2 is's";
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

    #[test]
    fn memory_is_cleared_when_full_and_stems_stay_right() {
        let mut memory = StemMemory::default();
        for number in 0..CACHE_CAPACITY + 10 {
            let mut word = format!("word{number}s");
            memory.stem_in_place(&mut word);
        }
        assert!(memory.stems.len() <= CACHE_CAPACITY);
        let mut word = "therapies".to_string();
        memory.stem_in_place(&mut word);
        assert_eq!(word, "therapi");
    }
}
