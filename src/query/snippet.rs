//! Snippets: a fragment of an item's rationale with the matched words
//! marked, rendered as `<b>` tags, ANSI bold or plain text.
//!
//! tantivy's `SnippetGenerator` picks the fragment; this module keeps the
//! fragment and its highlight byte ranges apart so every rendering (JSON,
//! a terminal, a pipe) is built from the same two pieces.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::tokenizer::TextAnalyzer;

/// Characters of rationale a snippet shows.
pub const SNIPPET_CHARS: usize = 180;

/// A fragment of text and the byte ranges in it that matched. Serialises
/// as `{"snippet": <tagged text>, "highlights": [[start, end], ...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// The plain fragment.
    pub text: String,
    /// Non-overlapping, sorted byte ranges of `text` that matched.
    pub highlights: Vec<Range<usize>>,
}

impl Highlighted {
    /// Takes a tantivy snippet's fragment and ranges.
    pub fn from_snippet(snippet: &Snippet) -> Highlighted {
        Highlighted {
            text: snippet.fragment().to_string(),
            highlights: tantivy::snippet::collapse_overlapped_ranges(snippet.highlighted()),
        }
    }

    /// The start of `text`, cut at a word boundary, with nothing marked:
    /// what an item shows when the query named no rationale words.
    pub fn leading(text: &str, max_chars: usize) -> Highlighted {
        let text = text.trim();
        if text.chars().count() <= max_chars {
            return Highlighted {
                text: text.to_string(),
                highlights: Vec::new(),
            };
        }
        let cut = text
            .char_indices()
            .nth(max_chars)
            .map_or(text.len(), |(at, _)| at);
        let cut = text[..cut].rfind(char::is_whitespace).unwrap_or(cut);
        Highlighted {
            text: text[..cut].trim_end().to_string(),
            highlights: Vec::new(),
        }
    }

    /// The fragment with each match between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + self.highlights.len() * 8);
        let mut at = 0;
        for range in &self.highlights {
            out.push_str(&self.text[at..range.start]);
            out.push_str(open);
            out.push_str(&self.text[range.clone()]);
            out.push_str(close);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        out
    }

    /// The fragment with `<b>`..`</b>` around matches. Not HTML-escaped:
    /// removing the tags gives back [`Highlighted::text`] exactly, to which
    /// the ranges refer.
    pub fn tagged(&self) -> String {
        self.marked("<b>", "</b>")
    }

    /// The ranges as `[start, end]` pairs, for JSON.
    pub fn pairs(&self) -> Vec<[usize; 2]> {
        self.highlights
            .iter()
            .map(|range| [range.start, range.end])
            .collect()
    }

    /// Splits the fragment into lines of at most `width` characters at
    /// spaces, each keeping its own highlights.
    pub fn wrap(&self, width: usize) -> Vec<Highlighted> {
        let width = width.max(10);
        let mut lines = Vec::new();
        let mut line_start = 0;
        let mut last_break: Option<usize> = None;
        let mut chars_in_line = 0;
        for (at, c) in self.text.char_indices() {
            if c == ' ' {
                last_break = Some(at);
            }
            chars_in_line += 1;
            if chars_in_line > width {
                let end = match last_break {
                    Some(space) if space > line_start => space,
                    _ => at,
                };
                lines.push(self.slice(line_start..end));
                line_start = if self.text[end..].starts_with(' ') {
                    end + 1
                } else {
                    end
                };
                last_break = None;
                let next = at + c.len_utf8();
                chars_in_line = if line_start >= next {
                    0
                } else {
                    self.text[line_start..next].chars().count()
                };
            }
        }
        if line_start < self.text.len() || lines.is_empty() {
            lines.push(self.slice(line_start..self.text.len()));
        }
        lines
    }

    fn slice(&self, range: Range<usize>) -> Highlighted {
        let highlights = self
            .highlights
            .iter()
            .filter(|h| h.end > range.start && h.start < range.end)
            .map(|h| h.start.max(range.start) - range.start..h.end.min(range.end) - range.start)
            .collect();
        Highlighted {
            text: self.text[range].to_string(),
            highlights,
        }
    }
}

impl Serialize for Highlighted {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("snippet", &self.tagged())?;
        map.serialize_entry("highlights", &self.pairs())?;
        map.end()
    }
}

/// A snippet of `text` marking words within one edit of any of `tokens`
/// (already analysed): what a fuzzy match found, which tantivy's generator
/// cannot see because a fuzzy query names no terms.
pub fn fuzzy_snippet(
    analyzer: &TextAnalyzer,
    field: Field,
    text: &str,
    tokens: &[String],
) -> Highlighted {
    let mut analyzer = analyzer.clone();
    let mut terms: BTreeMap<String, f32> = BTreeMap::new();
    {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let token = &stream.token().text;
            if tokens.iter().any(|wanted| within_one_edit(wanted, token)) {
                terms.insert(token.clone(), 1.0);
            }
        }
    }
    let mut generator = SnippetGenerator::new(terms, analyzer, field, SNIPPET_CHARS);
    generator.set_max_num_chars(SNIPPET_CHARS);
    Highlighted::from_snippet(&generator.snippet(text))
}

/// Whether two words are at most one insertion, deletion, substitution or
/// swap of neighbours apart (what `FuzzyTermQuery` with distance 1 and
/// transpositions allows).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true;
    }
    if short.len() == long.len() {
        let substitution = short[prefix + 1..] == long[prefix + 1..];
        let swap = prefix + 1 < short.len()
            && short[prefix] == long[prefix + 1]
            && short[prefix + 1] == long[prefix]
            && short[prefix + 2..] == long[prefix + 2..];
        substitution || swap
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Highlighted {
        // "no documented functional improvement"
        Highlighted {
            text: "no documented functional improvement".into(),
            highlights: vec![14..24, 25..36],
        }
    }

    #[test]
    fn renders_marks_and_pairs() {
        let snippet = sample();
        assert_eq!(
            snippet.tagged(),
            "no documented <b>functional</b> <b>improvement</b>"
        );
        assert_eq!(snippet.pairs(), vec![[14, 24], [25, 36]]);
        assert_eq!(
            snippet.marked("[", "]"),
            "no documented [functional] [improvement]"
        );
    }

    #[test]
    fn wraps_keeping_highlights() {
        let lines = sample().wrap(20);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["no documented", "functional", "improvement"]);
        assert_eq!(lines[1].highlights, vec![0..10]);
        assert_eq!(lines[2].highlights, vec![0..11]);
        for line in &lines {
            assert!(line.text.chars().count() <= 20);
        }
        let long = Highlighted {
            text: "x".repeat(25),
            highlights: vec![],
        };
        assert_eq!(long.wrap(10).len(), 3);
    }

    #[test]
    fn leading_cuts_at_a_word() {
        let cut = Highlighted::leading("one two three four", 9);
        assert_eq!(cut.text, "one two");
        assert_eq!(Highlighted::leading(" short ", 50).text, "short");
    }

    #[test]
    fn one_edit() {
        let table = [
            ("acupunctur", "acupunctr", true),
            ("radiculopathi", "radiculopati", true),
            ("improv", "imrpov", true),
            ("improv", "improve", true),
            ("improv", "improv", true),
            ("improv", "imprxx", false),
            ("weaning", "wean", false),
            ("abc", "bca", false),
        ];
        for (a, b, expected) in table {
            assert_eq!(within_one_edit(a, b), expected, "{a} {b}");
            assert_eq!(within_one_edit(b, a), expected, "{b} {a}");
        }
    }
}
