//! Splitting a letter's lines into its titled sections.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::taxonomy::FirstRow;

/// A section title: its name and the pattern that recognises it at the start
/// of a line. Text after the title on the same line (`CASE SUMMARY: The
/// patient ...`) belongs to the section.
pub struct Heading {
    /// Stable name the layout parsers look sections up by.
    pub name: &'static str,
    /// The title and its colon at the start of a line, for titles that may
    /// have text after them: the text is the rest of the line.
    with_colon: Option<String>,
    /// The title alone on its line.
    alone: String,
    /// The words of [`TITLE_FIRST_WORDS`] a line matching the title can
    /// start with: lines starting with another word skip the patterns.
    first_words: &'static [&'static str],
}

impl Heading {
    /// A title that may be followed by a colon and text on the same line.
    pub fn with_text(name: &'static str, title: &str) -> Heading {
        Heading {
            name,
            with_colon: Some(format!(r"^(?:{title})\s*:")),
            alone: format!(r"^(?:{title})\s*$"),
            first_words: TITLE_FIRST_WORDS,
        }
    }

    /// A title that stands alone on its line (an optional trailing colon).
    pub fn alone(name: &'static str, title: &str) -> Heading {
        Heading {
            name,
            with_colon: None,
            alone: format!(r"^(?:{title})\s*:?\s*$"),
            first_words: TITLE_FIRST_WORDS,
        }
    }

    /// Narrows the first words a line with this title can start with (all
    /// of [`TITLE_FIRST_WORDS`] unless said): every word the title's first
    /// word may be, in capitals, as listed there. A word left out would
    /// hide the title; one too many only costs a search.
    pub fn starting_with(self, first_words: &'static [&'static str]) -> Heading {
        Heading {
            first_words,
            ..self
        }
    }
}

/// A layout's section titles, compiled together: one search of a line
/// tells which title it is, if any, trying the titles in order and each
/// title's form with a colon before its form alone on the line.
pub struct Headings {
    patterns: FirstRow,
    /// For each pattern: the title's name and whether text may follow it.
    rows: Vec<(&'static str, bool)>,
    /// [`TITLE_WORD_LENGTHS`] for the first words of these titles only.
    title_word_lengths: [u32; 128],
    /// The lines of [`USUAL_TITLE_LINES`] that are whole titles of these
    /// headings, with no text after them, each with its title's name.
    usual_lines: Vec<(&'static str, &'static str)>,
}

impl Headings {
    /// Compiles `headings`, in order.
    pub fn new(headings: Vec<Heading>) -> Headings {
        let mut patterns = Vec::new();
        let mut rows = Vec::new();
        let mut title_word_lengths = [0u32; 128];
        for heading in headings {
            for word in heading.first_words {
                assert!(
                    TITLE_FIRST_WORDS.contains(word),
                    "a title's first word is one of TITLE_FIRST_WORDS: {word}"
                );
                add_title_word(&mut title_word_lengths, word);
            }
            if let Some(with_colon) = heading.with_colon {
                patterns.push(with_colon);
                rows.push((heading.name, true));
            }
            patterns.push(heading.alone);
            rows.push((heading.name, false));
        }
        let mut headings = Headings {
            patterns: FirstRow::new(patterns),
            rows,
            title_word_lengths,
            usual_lines: Vec::new(),
        };
        headings.usual_lines = USUAL_TITLE_LINES
            .iter()
            .filter_map(|&line| match headings.find_by_patterns(line) {
                Some((name, "")) => Some((line, name)),
                _ => None,
            })
            .collect();
        headings
    }

    /// The title `line` is and the text after it on the line, if any.
    fn find<'t>(&self, line: &'t str) -> Option<(&'static str, &'t str)> {
        // A line that is one of the usual title lines in some case is
        // what the patterns make of that title line. The lines are ASCII,
        // so such a line differs from one only in the case of ASCII
        // letters; the patterns are case-insensitive, and every character
        // or class in them that takes an ASCII letter takes it in both
        // cases, so they match the two alike, to the same row and end.
        // Comparing a few short strings touches much less memory than the
        // patterns' automaton, whose tables other searches keep evicting.
        let usual = self
            .usual_lines
            .iter()
            .find(|(title, _)| title.len() == line.len() && title.eq_ignore_ascii_case(line));
        if let Some(&(_, name)) = usual {
            return Some((name, ""));
        }
        self.find_by_patterns(line)
    }

    /// [`Headings::find`] by the patterns alone.
    fn find_by_patterns<'t>(&self, line: &'t str) -> Option<(&'static str, &'t str)> {
        // Every pattern is anchored at the line's start, so the first row
        // matching at the leftmost position is the first title matching.
        let found = self.patterns.find(line)?;
        let (name, text_may_follow) = self.rows[found.row];
        let rest = if text_may_follow {
            line[found.end..].trim()
        } else {
            ""
        };
        Some((name, rest))
    }
}

/// A letter's lines grouped under their section titles, borrowed from the
/// letter's lines rather than copied.
#[derive(Debug, Default)]
pub struct Sections<'a> {
    /// Lines before the first title (the header block).
    pub preamble: Vec<&'a str>,
    /// Each titled section in order: (name, lines). A line is owned only
    /// when it is the text after a title wrapped over two lines.
    pub sections: Vec<(&'static str, Vec<Cow<'a, str>>)>,
}

impl<'a> Sections<'a> {
    /// Splits `lines` at the titles in `headings`. A title that is wrapped
    /// onto a second line (a long one in a narrow column) is recognised when
    /// its first line alone does not match but the two joined do.
    pub fn split<S: AsRef<str>>(lines: &'a [S], headings: &Headings) -> Sections<'a> {
        // The titles are found first, so that each section's list of lines
        // is made its size once instead of growing line by line.
        // A letter has each title about once: room for one of each is
        // nearly always all the list needs.
        let mut titles: Vec<Title<'a>> = Vec::with_capacity(headings.rows.len());
        let mut index = 0;
        while index < lines.len() {
            match heading_at(lines, index, headings) {
                Some((name, rest, lines_used)) => {
                    titles.push(Title {
                        at: index,
                        name,
                        rest,
                        lines_used,
                    });
                    index += lines_used;
                }
                None => index += 1,
            }
        }
        let first_title = titles.first().map_or(lines.len(), |title| title.at);
        let preamble = lines[..first_title].iter().map(AsRef::as_ref).collect();
        let mut sections = Vec::with_capacity(titles.len());
        let mut titles = titles.into_iter().peekable();
        while let Some(title) = titles.next() {
            // Each section ends where the next title starts.
            let end = titles.peek().map_or(lines.len(), |next| next.at);
            let body_lines = &lines[title.at + title.lines_used..end];
            let mut body = Vec::with_capacity(body_lines.len() + 1);
            if !title.rest.is_empty() {
                body.push(title.rest);
            }
            body.extend(
                body_lines
                    .iter()
                    .map(|line| line.as_ref())
                    .filter(|line| !is_running_head(line))
                    .map(Cow::Borrowed),
            );
            sections.push((title.name, body));
        }
        Sections { preamble, sections }
    }

    /// All lines of the sections called `name`, in order.
    pub fn get(&self, name: &str) -> Vec<&str> {
        let named = || self.sections.iter().filter(|(section, _)| *section == name);
        // Counted first, so that the list is made its size once rather
        // than growing through its lines.
        let mut lines = Vec::with_capacity(named().map(|(_, lines)| lines.len()).sum());
        for (_, section_lines) in named() {
            lines.extend(section_lines.iter().map(|line| line.as_ref()));
        }
        lines
    }

    /// The lines of each section called `name`, one list per time its
    /// title stands in the letter.
    pub fn each(&self, name: &str) -> Vec<Vec<&str>> {
        self.sections
            .iter()
            .filter(|(section, _)| *section == name)
            .map(|(_, lines)| lines.iter().map(|line| line.as_ref()).collect())
            .collect()
    }

    /// Whether a section called `name` was found.
    pub fn has(&self, name: &str) -> bool {
        self.sections.iter().any(|(section, _)| *section == name)
    }
}

/// A title as [`Sections::split`] found it.
struct Title<'a> {
    /// The index of its (first) line.
    at: usize,
    name: &'static str,
    /// The text after it on its line.
    rest: Cow<'a, str>,
    /// One, or two for a title wrapped onto the next line.
    lines_used: usize,
}

/// First words of every section title of the three layouts: a line that
/// starts otherwise is running text, and skips the title patterns.
const TITLE_FIRST_WORDS: &[&str] = &[
    "HOW",
    "CLINICAL",
    "IMR",
    "DOCUMENTS",
    "ISSUE",
    "ISSUES",
    "ISSUE(S)",
    "CASE",
    "MEDICAL",
    "GUIDELINE",
    "GUIDELINES",
    "GUIDELINE(S)",
    "RATIONALE",
    "REVIEWER",
    "REVIEWER'S",
    "EXPERT",
    "FINAL",
    "DETERMINATION",
    "DECISION",
];

/// Section titles as letters usually print them, each alone on its line,
/// in capitals with single spaces (in any case, a line is compared with
/// them before the patterns). Each layout's [`Headings`] keeps those that
/// its patterns take as a whole title, and layout detection those that
/// tell a layout; a title printed otherwise is left to the patterns.
pub(crate) const USUAL_TITLE_LINES: &[&str] = &[
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "IMR DECISION(S) AND RATIONALE(S)",
    "DOCUMENTS REVIEWED",
    "ISSUE AT DISPUTE:",
    "ISSUE(S) AT DISPUTE:",
    "CASE SUMMARY:",
    "DOCUMENTS REVIEWED FOR DETERMINATION:",
    "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
    "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
    "MEDICAL REVIEWER QUALIFICATIONS:",
];

/// Whether the first word of `line` (up to white space or a colon) is one
/// of [`TITLE_FIRST_WORDS`], in any case, among those whose lengths
/// `title_word_lengths` (indexed like [`TITLE_WORD_LENGTHS`]) holds.
// Every line of a letter is asked, and most are ruled out by their first
// byte: inlined, that costs less than the call.
#[inline(always)]
fn starts_with_title_word(line: &str, title_word_lengths: &[u32; 128]) -> bool {
    let bytes = line.as_bytes();
    let Some(&initial) = bytes.first() else {
        return false;
    };
    // Most lines start with a word whose initial and length no title word
    // has. Rather than finding where the first word ends, each length a
    // title word with this initial has is tried: a title word is ASCII
    // letters, '(', ')' and '\'', none of which ends a word, so when the
    // line starts with one and a word end follows it, that is where the
    // first word ends.
    let mut lengths = title_word_lengths
        .get(usize::from(initial))
        .copied()
        .unwrap_or(0);
    while lengths != 0 {
        let length = lengths.trailing_zeros() as usize;
        lengths &= lengths - 1;
        let Some(word) = bytes.get(..length) else {
            // The lengths come shortest first.
            return false;
        };
        // A set length bit means an ASCII letter as initial.
        let title = TITLE_WORD_BY_SHAPE[usize::from(initial.to_ascii_uppercase() - b'A')][length];
        // The word end is tested first: it rules out most lines with one
        // byte.
        if may_end_word_at(bytes, length)
            && is_title_in_any_case(word, title)
            && ends_word_at(line, length)
        {
            return true;
        }
    }
    false
}

/// Whether `word` is `title` (in capitals, as every title word is) in any
/// case. Of ASCII characters, only a letter's two cases fold together, so
/// this is `eq_ignore_ascii_case` with one side's case known.
fn is_title_in_any_case(word: &[u8], title: &str) -> bool {
    word.len() == title.len()
        && word
            .iter()
            .zip(title.as_bytes())
            .all(|(&byte, &capital)| byte.to_ascii_uppercase() == capital)
}

/// The longest a title word may be, for the tables below.
const TITLE_WORD_MAX_LEN: usize = 15;

/// The one word of [`TITLE_FIRST_WORDS`] with each initial (indexed from
/// 'A') and each length, or "" if none: no two title words share both, so a
/// line's first word is compared with one title word at most per length.
const TITLE_WORD_BY_SHAPE: [[&str; TITLE_WORD_MAX_LEN + 1]; 26] = {
    let mut table = [[""; TITLE_WORD_MAX_LEN + 1]; 26];
    let mut index = 0;
    while index < TITLE_FIRST_WORDS.len() {
        let word = TITLE_FIRST_WORDS[index];
        let initial = word.as_bytes()[0];
        let mut at = 0;
        while at < word.len() {
            assert!(
                !word.as_bytes()[at].is_ascii_lowercase(),
                "title words are in capitals"
            );
            at += 1;
        }
        assert!(initial.is_ascii_uppercase() && word.len() <= TITLE_WORD_MAX_LEN);
        let slot = &mut table[(initial - b'A') as usize][word.len()];
        assert!(slot.is_empty(), "two title words share initial and length");
        *slot = word;
        index += 1;
    }
    table
};

/// Whether a word may end at byte `at`: [`ends_word_at`] without the test
/// of a character past ASCII, and so without needing `at` to be a character
/// boundary.
fn may_end_word_at(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at)
        .is_none_or(|&byte| byte == b':' || is_ascii_space(byte) || !byte.is_ascii())
}

/// Whether the first word of `line` ends at byte `at`, a character
/// boundary: at the line's end, a colon or white space.
fn ends_word_at(line: &str, at: usize) -> bool {
    match line.as_bytes().get(at) {
        None => true,
        Some(&byte) if byte.is_ascii() => byte == b':' || is_ascii_space(byte),
        Some(_) => line[at..].starts_with(char::is_whitespace),
    }
}

/// The ASCII characters `char::is_whitespace` accepts: space, tab, LF, VT,
/// FF and CR.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// For each ASCII byte, the lengths of the [`TITLE_FIRST_WORDS`] starting
/// with it in either case, as bits: bit `n` is set when one is `n` bytes
/// long. Zero for bytes no title word starts with.
/// The layouts' [`Headings`] build their own, for their titles' words.
#[cfg(test)]
const TITLE_WORD_LENGTHS: [u32; 128] = {
    let mut lengths = [0u32; 128];
    let mut index = 0;
    while index < TITLE_FIRST_WORDS.len() {
        add_title_word(&mut lengths, TITLE_FIRST_WORDS[index]);
        index += 1;
    }
    lengths
};

/// Adds a title word's length to `lengths` under its initial in both cases.
const fn add_title_word(lengths: &mut [u32; 128], word: &str) {
    let word = word.as_bytes();
    let bit = 1u32 << word.len();
    lengths[word[0].to_ascii_uppercase() as usize] |= bit;
    lengths[word[0].to_ascii_lowercase() as usize] |= bit;
}

/// The title starting at `lines[index]`, the text after it, and how many
/// lines it takes: one, or two when a title in capitals wrapped and only
/// this line and the next joined match.
fn heading_at<'a, S: AsRef<str>>(
    lines: &'a [S],
    index: usize,
    headings: &Headings,
) -> Option<(&'static str, Cow<'a, str>, usize)> {
    let line: &'a str = lines[index].as_ref();
    // The joined line's first word is this line's (a space ends it if
    // nothing in the line did), so a line not starting with a title word
    // starts no title, wrapped or not.
    if !starts_with_title_word(line, &headings.title_word_lengths) {
        return None;
    }
    if let Some((name, rest)) = headings.find(line) {
        return Some((name, Cow::Borrowed(rest), 1));
    }
    let next = lines.get(index + 1)?;
    if !is_shouting(line) {
        return None;
    }
    let joined = format!("{} {}", line, next.as_ref());
    let (name, rest) = headings.find(&joined)?;
    Some((name, Cow::Owned(rest.to_string()), 2))
}

static CASE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bCM\d{2}-\d{4,8}\b").expect("fixed pattern"));

/// A page's running head left in the body: a short line that is little more
/// than the case number ("CM15-5238361", "IMR Case No. CM15-5238361",
/// "MAXIMUS Federal Services - CM14-0012345"). When a converter drops the
/// page break, nothing else marks it; inside a section no real sentence
/// looks like this.
fn is_running_head(line: &str) -> bool {
    // A page number alone on its line, when no form feed marked the page.
    if (1..=3).contains(&line.len()) && line.bytes().all(|byte| byte.is_ascii_digit()) {
        return true;
    }
    // In an ASCII line a case number is at most 13 bytes ("CM", two
    // digits, a hyphen and at most eight digits, a byte each), which
    // leaves more than 50 bytes around it in a line of 64 bytes or more.
    // Most lines of running text are that long and ASCII, and one check of
    // three fixed blocks, with no branch on the text, rules them out, with
    // the lines too long for any running head.
    if line.len() >= 64 && (line.len() > 90) | starts_and_ends_ascii(line.as_bytes()) {
        return false;
    }
    if line.ends_with('.') {
        return false;
    }
    // A case number has a hyphen, "CM" and a digit; most lines lack one of
    // them and skip the search. The hyphen is the rarest and the cheapest
    // to look for, and what stands before it rules out most of the rest.
    let bytes = line.as_bytes();
    if !memchr::memchr_iter(b'-', bytes).any(|hyphen| may_end_case_number_prefix(bytes, hyphen)) {
        return false;
    }
    let has_cm = memchr::memchr2_iter(b'c', b'C', bytes)
        .any(|at| matches!(bytes.get(at + 1), Some(b'm' | b'M')));
    if !has_cm || !bytes.iter().any(u8::is_ascii_digit) {
        return false;
    }
    match CASE_NUMBER.find(line) {
        Some(found) => line.len() - found.as_str().len() <= 50,
        None => false,
    }
}

/// Whether the first 64 and the last 32 of `bytes` (64 at least) are all
/// ASCII: all of them when there are no more than 96.
fn starts_and_ends_ascii(bytes: &[u8]) -> bool {
    let block_bits = |block: &[u8]| block.iter().fold(0u8, |bits, &byte| bits | byte);
    let bits = block_bits(&bytes[..32])
        | block_bits(&bytes[32..64])
        | block_bits(&bytes[bytes.len() - 32..]);
    bits.is_ascii()
}

/// Whether the hyphen at `bytes[hyphen]` may be the one of a [`CASE_NUMBER`]
/// match, after "CM" and two digits. No character past ASCII folds to 'c'
/// or 'm', so the four bytes before it are "CM" and two ASCII digits in any
/// case, or hold a byte of a digit past ASCII (`\d` takes in every Unicode
/// digit).
fn may_end_case_number_prefix(bytes: &[u8], hyphen: usize) -> bool {
    let before = &bytes[hyphen.saturating_sub(4)..hyphen];
    matches!(before, [b'c' | b'C', b'm' | b'M', b'0'..=b'9', b'0'..=b'9']) || !before.is_ascii()
}

/// A line in capitals, as long section titles are.
fn is_shouting(line: &str) -> bool {
    line.chars().any(|c| c.is_alphabetic()) && !line.chars().any(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn title_words_are_whole_first_words() {
        for line in [
            "IMR ISSUES",
            "imr",
            "Case Summary: text",
            "ISSUE(S) AT",
            "Decision\u{2003}x",
        ] {
            assert!(starts_with_title_word(line, &TITLE_WORD_LENGTHS), "{line}");
        }
        for line in [
            "",
            "IMRS",
            "The case",
            "Cases",
            "Ca",
            "Décision",
            "Issue-x",
            "DETERMINATIONS",
            "DECISION\u{e9}",
        ] {
            assert!(!starts_with_title_word(line, &TITLE_WORD_LENGTHS), "{line}");
        }
        for word in TITLE_FIRST_WORDS {
            assert!(starts_with_title_word(word, &TITLE_WORD_LENGTHS), "{word}");
            assert!(
                starts_with_title_word(&format!("{}:", word.to_lowercase()), &TITLE_WORD_LENGTHS),
                "{word}"
            );
        }
    }

    fn layout_headings() -> [Headings; 3] {
        [
            Headings::new(crate::extract::dwc::headings()),
            Headings::new(crate::extract::maximus::headings()),
            Headings::new(crate::extract::professional::headings()),
        ]
    }

    #[test]
    fn every_usual_title_line_is_a_title_of_some_layout() {
        let layouts = layout_headings();
        for line in USUAL_TITLE_LINES {
            assert!(line.is_ascii() && !line.contains("  "), "{line}");
            assert!(
                layouts
                    .iter()
                    .any(|headings| headings.usual_lines.iter().any(|(usual, _)| usual == line)),
                "{line}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn usual_title_lines_in_any_case_are_found_as_the_patterns_find_them(
            which in 0..USUAL_TITLE_LINES.len(),
            lower in proptest::collection::vec(proptest::bool::ANY, 100),
            tail in proptest::sample::select(vec!["", " ", ":", " x", "  ", "\t", "\u{17f}"]),
        ) {
            let line: String = USUAL_TITLE_LINES[which]
                .chars()
                .zip(lower.iter().cycle())
                .map(|(c, &lower)| if lower { c.to_ascii_lowercase() } else { c })
                .chain(tail.chars())
                .collect();
            for headings in layout_headings() {
                proptest::prop_assert_eq!(headings.find(&line), headings.find_by_patterns(&line));
            }
        }
    }

    #[test]
    fn case_number_prefixes_are_told_from_other_hyphens() {
        for (line, hyphen) in [
            ("CM15-5238361", 4),
            ("No. cm14-0012345", 8),
            ("CM\u{661}\u{662}-1234", 6),
        ] {
            assert!(
                may_end_case_number_prefix(line.as_bytes(), hyphen),
                "{line}"
            );
        }
        for (line, hyphen) in [
            ("59-year-old", 2),
            ("CM1-5", 3),
            ("L4-5", 2),
            ("-x", 0),
            ("XM15-1", 4),
        ] {
            assert!(
                !may_end_case_number_prefix(line.as_bytes(), hyphen),
                "{line}"
            );
        }
        assert!(is_running_head("IMR Case No. CM15-5238361"));
        assert!(!is_running_head("a 59-year-old man, L4-5"));
    }

    /// [`is_running_head`] by the regex alone, without its shortcuts.
    fn is_running_head_by_search(line: &str) -> bool {
        if (1..=3).contains(&line.len()) && line.bytes().all(|byte| byte.is_ascii_digit()) {
            return true;
        }
        if line.len() > 90 || line.ends_with('.') {
            return false;
        }
        CASE_NUMBER
            .find(line)
            .is_some_and(|found| line.len() - found.as_str().len() <= 50)
    }

    #[test]
    fn running_heads_are_told_as_the_regex_tells_them() {
        let padding = "x".repeat(60);
        for line in [
            format!("{padding}CM15-5238361"),
            format!("{}CM15-5238361", &padding[..37]),
            format!("{}CM15-5238361", &padding[..38]),
            format!("{}CM15-52383612", &padding[..40]),
            format!(
                "{}CM\u{661}\u{662}-\u{661}\u{662}\u{663}\u{664}",
                &padding[..50]
            ),
            format!(
                "{}cm15-\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7ce}",
                &padding[..45]
            ),
            format!("{padding}\u{e9}CM15-5238361"),
        ] {
            assert_eq!(
                is_running_head(&line),
                is_running_head_by_search(&line),
                "{line}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn running_heads_are_told_as_the_regex_tells_them_in_any_line(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "CM", "cm", "Cm", "15", "5238361", "12345678", "-", " ", "IMR Case No. ",
                    "MAXIMUS Federal Services - ", "x", "the patient ", "L4-5", ".", "1",
                    "\u{661}\u{662}", "\u{1d7ce}", "\u{e9}", "\u{a0}", "59-year-old ",
                ]),
                0..30,
            ),
        ) {
            let line = pieces.concat();
            proptest::prop_assert_eq!(is_running_head(&line), is_running_head_by_search(&line));
        }
    }

    #[test]
    fn lines_starting_with_another_layouts_title_word_skip_the_patterns() {
        let headings = Headings::new(vec![
            Heading::alone("issues", r"IMR\s+ISSUES").starting_with(&["IMR"])
        ]);
        let imr_only = &headings.title_word_lengths;
        assert!(starts_with_title_word("imr issues", imr_only));
        assert!(!starts_with_title_word("Decision rationale: x", imr_only));
        assert!(starts_with_title_word(
            "Decision rationale: x",
            &TITLE_WORD_LENGTHS
        ));
        let all = Headings::new(vec![Heading::alone("issues", r"IMR\s+ISSUES")]);
        assert_eq!(all.title_word_lengths, TITLE_WORD_LENGTHS);
    }

    #[test]
    fn splits_at_titles_in_any_case_with_text_after_a_colon() {
        let headings = Headings::new(vec![
            Heading::with_text("summary", r"CASE\s+SUMMARY"),
            Heading::alone("issues", r"IMR\s+ISSUES"),
        ]);
        let lines = lines(
            "Case Number: CM13-0000001\nCase Summary: A 40 year old man\nmore\nimr issues\nitem",
        );
        let sections = Sections::split(&lines, &headings);
        assert_eq!(sections.preamble, vec!["Case Number: CM13-0000001"]);
        assert_eq!(sections.get("summary"), vec!["A 40 year old man", "more"]);
        assert_eq!(sections.get("issues"), vec!["item"]);
        assert!(!sections.has("other"));
    }

    #[test]
    fn running_heads_left_in_a_section_are_dropped() {
        let headings = Headings::new(vec![Heading::alone("issues", r"IMR\s+ISSUES")]);
        let lines = lines("Case Number: CM15-5238361\nIMR ISSUES\nset forth below:\nCM15-5238361\nIMR Case No. CM15-5238361\nKnee MRI: Upheld");
        let sections = Sections::split(&lines, &headings);
        assert_eq!(sections.preamble, vec!["Case Number: CM15-5238361"]);
        assert_eq!(
            sections.get("issues"),
            vec!["set forth below:", "Knee MRI: Upheld"]
        );
    }

    #[test]
    fn a_title_wrapped_onto_two_lines_is_found() {
        let headings = Headings::new(vec![Heading::with_text(
            "rationale",
            r"RATIONALE\s+FOR\s+WHY\s+THE\s+REQUESTED\s+TREATMENT/SERVICE\s+IS/WAS\s+NOT\s+MEDICALLY\s+NECESSARY",
        )]);
        let lines = lines("RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT\nMEDICALLY NECESSARY:\nBecause.");
        let sections = Sections::split(&lines, &headings);
        assert_eq!(sections.get("rationale"), vec!["Because."]);
    }
}
