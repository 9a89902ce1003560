//! Text clean-up: from what a PDF-to-text converter gives to a list of
//! meaningful lines.
//!
//! Real letters carry CRLF, form feeds, curly quotes, ligatures, trailing
//! spaces, blank lines holding a single space between every wrapped line
//! (see `corpus/imr-final-determination-sample.txt`), `Page 2 of 4` footers
//! and a header line repeated at the top of every page. None of that carries
//! meaning, so it is removed here once and every later stage sees only
//! trimmed, non-blank lines. Paragraphs are rebuilt later by [`join_lines`],
//! which also mends words hyphenated across a line break.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    // "Page 2 of 4" may share its line with a caption set apart by a wide
    // gap, as a converter lays out a footer's columns ("CM15-0142208
    // <spaces> Page 3 of 5"); in a sentence one space comes before it.
    Regex::new(r"(?i)^(?:-\s*)?page\s*\d+\s*(?:of\s*\d+)?(?:\s*-)?$|^\d+\s+of\s+\d+$|^-\s*\d+\s*-$|^\S.*?\s{2,}page\s*\d+\s*of\s*\d+$")
        .expect("fixed pattern")
});

/// Replaces typographic characters with their plain forms so that patterns
/// need only look for ASCII quotes, dashes and spaces.
fn plain_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => out.push('-'),
        '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202F}' | '\t' => out.push(' '),
        '\u{FB00}' => out.push_str("ff"),
        '\u{FB01}' => out.push_str("fi"),
        '\u{FB02}' => out.push_str("fl"),
        '\u{FB03}' => out.push_str("ffi"),
        '\u{FB04}' => out.push_str("ffl"),
        '\u{2022}' | '\u{25CF}' | '\u{25AA}' => out.push('-'),
        '\u{2026}' => out.push_str("..."),
        // Soft hyphens, zero-width characters and byte-order marks carry no text.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
        c if c.is_control() && c != '\n' && c != '\u{0C}' => {}
        c => out.push(c),
    }
}

/// Bytes [`plain_char`] keeps unchanged: printable ASCII except '`'.
/// Written without `&&` (which would branch) so that the compiler can test
/// sixteen bytes at once with it.
fn is_kept_ascii(byte: u8) -> bool {
    (byte.wrapping_sub(b' ') < b'~' - b' ' + 1) & (byte != b'`')
}

/// Whether a trimmed line could be a page footer: every form of
/// [`PAGE_FOOTER`] ends with a dash or a digit and starts with a dash,
/// "page" or a digit, unless a caption stands before "page N of M" with two
/// spaces between; so other lines skip the regex. The forms that start
/// with a digit or a caption hold "of" in some case (no character past
/// ASCII folds to 'o' or 'f'): dates and claim numbers in the header, which
/// start and end with digits, skip the regex too.
fn may_be_footer(line: &str) -> bool {
    // `is_numeric` takes in every character `\d` does.
    let ends = line
        .chars()
        .next_back()
        .is_some_and(|c| c == '-' || c.is_numeric());
    ends && line.chars().next().is_some_and(|c| match c {
        '-' | 'p' | 'P' => true,
        c if c.is_numeric() => holds_of(line),
        _ => line.contains("  ") && holds_of(line),
    })
}

/// Whether `line` holds "of" in any case.
fn holds_of(line: &str) -> bool {
    line.as_bytes()
        .windows(2)
        .any(|pair| matches!(pair, [b'o' | b'O', b'f' | b'F']))
}

/// The typist's initials a letter may end with on a line of their own
/// ("/jb"): not text, and left in place they would end the last rationale.
fn is_typist_reference(line: &str) -> bool {
    line.strip_prefix('/').is_some_and(|initials| {
        (2..=3).contains(&initials.len()) && initials.bytes().all(|byte| byte.is_ascii_lowercase())
    })
}

fn is_bare_page_number(line: &str) -> bool {
    (1..=3).contains(&line.len()) && line.bytes().all(|byte| byte.is_ascii_digit())
}

/// A letter's lines as they are cleaned, page after page: all in one list,
/// with where each page starts, so that a line is stored once and the pages
/// need not be joined at the end.
struct Pages<'t> {
    /// Trimmed, without blanks and footers.
    lines: Vec<Cow<'t, str>>,
    /// The index in `lines` of each page's first line; a page may be empty.
    page_starts: Vec<usize>,
}

impl<'t> Pages<'t> {
    fn new(text_len: usize) -> Pages<'t> {
        Pages {
            // Lines run to some 50 bytes; room for shorter ones saves
            // growing the list.
            lines: Vec::with_capacity(text_len / 32 + 1),
            // Letters run to a few pages; room for them saves growing
            // the list page by page.
            page_starts: {
                let mut page_starts = Vec::with_capacity(8);
                page_starts.push(0);
                page_starts
            },
        }
    }

    fn start_page(&mut self) {
        self.page_starts.push(self.lines.len());
    }

    /// The lines of the page being filled.
    fn last_page(&self) -> &[Cow<'t, str>] {
        let start = self.page_starts.last().copied().unwrap_or(0);
        &self.lines[start..]
    }

    /// The non-empty pages, as ranges of `lines`.
    fn non_empty_pages(&self) -> Vec<Range<usize>> {
        let ends = self
            .page_starts
            .iter()
            .skip(1)
            .copied()
            .chain([self.lines.len()]);
        self.page_starts
            .iter()
            .zip(ends)
            .map(|(&start, end)| start..end)
            .filter(|page| !page.is_empty())
            .collect()
    }
}

/// `line` with [`plain_char`] applied to each character.
fn plain_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        // Runs of bytes `plain_char` keeps are copied whole: most of a
        // line that needs a change is plain ASCII still.
        let run = rest
            .bytes()
            .position(|byte| !is_kept_ascii(byte))
            .unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        let Some(c) = rest[run..].chars().next() else {
            return out;
        };
        plain_char(c, &mut out);
        rest = &rest[run + c.len_utf8()..];
    }
}

/// Sixteen bytes of a text from `at` on; past the end of the text, `pad`
/// stands in for the missing bytes.
fn block_at(bytes: &[u8], at: usize, pad: u8) -> [u8; 16] {
    match bytes.get(at..at + 16) {
        Some(block) => block.try_into().expect("a range of sixteen bytes"),
        None => {
            let mut block = [pad; 16];
            let rest = &bytes[at..];
            block[..rest.len()].copy_from_slice(rest);
            block
        }
    }
}

/// The index in `block` of the first byte of which `class` holds, or 16.
///
/// Lines and the blank lines between them are short and of every length,
/// so a loop stopping at the first such byte would mistake where it stops
/// about once a line. Here each byte's answer becomes a byte of all ones or
/// zeros (the compiler compares the sixteen together) and the first one
/// set is counted from the end of a 128-bit number: no branch on the bytes.
/// `class` must be written without `&&` and `||`, which would branch.
#[inline(always)]
fn first_in_block(block: &[u8; 16], class: impl Fn(u8) -> bool) -> usize {
    let mut flags = [0u8; 16];
    for (flag, &byte) in flags.iter_mut().zip(block) {
        *flag = 0u8.wrapping_sub(u8::from(class(byte)));
    }
    (u128::from_le_bytes(flags).trailing_zeros() / 8) as usize
}

/// Where the line starting at `start` ends (its CR, LF or form feed, or the
/// end of the text) and whether [`plain_char`] keeps every byte of it, so
/// that it can be borrowed as it is.
///
/// Letters are nearly all printable ASCII: one pass finds the first byte
/// `plain_char` does not keep, which in such a line is its line break.
/// Searching for the break and then testing the line's bytes took two
/// passes, each ending at a place a branch predictor cannot guess.
fn scan_line(bytes: &[u8], start: usize) -> (usize, bool) {
    let rest = &bytes[start..];
    // Blocks of kept bytes are passed over with one test each: the
    // compiler tests a block's sixteen bytes together.
    let kept_blocks = rest
        .chunks_exact(16)
        .take_while(|block| {
            block
                .iter()
                .fold(true, |kept, &byte| kept & is_kept_ascii(byte))
        })
        .count();
    let at = kept_blocks * 16;
    // Past the text, a line break stands in: it ends the last line.
    let block = block_at(rest, at, b'\n');
    let first_not_kept = start + at + first_in_block(&block, |byte| !is_kept_ascii(byte));
    match bytes.get(first_not_kept) {
        None | Some(b'\r' | b'\n' | 0x0C) => (first_not_kept, true),
        Some(_) => {
            let end = memchr::memchr3(b'\r', b'\n', 0x0C, &bytes[first_not_kept..])
                .map_or(bytes.len(), |offset| first_not_kept + offset);
            (end, false)
        }
    }
}

/// The index of the first byte from `at` on that is neither a space nor a
/// line break. Converted letters put a blank line, often holding a space,
/// between every two lines; cleaning would drop each of them (and the
/// spaces starting the next line), so they are stepped over at once rather
/// than read as lines.
fn after_blank_lines(bytes: &[u8], at: usize) -> usize {
    let mut at = at;
    loop {
        // Past the text, a byte that is not blank stands in: the search
        // stops at the end.
        let block = block_at(bytes, at, b'x');
        let offset = first_in_block(&block, |byte| {
            !((byte == b' ') | (byte == b'\r') | (byte == b'\n'))
        });
        at += offset;
        if offset < 16 {
            return at;
        }
    }
}

/// Files a finished line on the last page, unless it is blank or a page
/// footer; `new_page` when a form feed ended it.
fn flush<'t>(line: Cow<'t, str>, pages: &mut Pages<'t>, new_page: bool) {
    let trimmed = match line {
        // A line is only borrowed while every byte in it is one that
        // `plain_char` keeps, printable ASCII, whose only white space is
        // ' ': trimming ASCII white space is trimming all of it.
        Cow::Borrowed(line) => Cow::Borrowed(line.trim_ascii()),
        Cow::Owned(line) => Cow::Owned(line.trim().to_string()),
    };
    if !trimmed.is_empty() && !is_typist_reference(&trimmed) {
        let is_footer = may_be_footer(&trimmed) && PAGE_FOOTER.is_match(&trimmed);
        if !is_footer {
            pages.lines.push(trimmed);
        } else if !new_page {
            // A footer ends its page even when no form feed follows.
            pages.start_page();
        }
    }
    if new_page {
        // A bare number ending a page is its page number.
        if pages
            .last_page()
            .last()
            .is_some_and(|last| is_bare_page_number(last))
        {
            pages.lines.pop();
        }
        pages.start_page();
    }
}

/// `text` after `prefix`, when `text` starts with it in any ASCII case.
pub fn strip_prefix_ignore_ascii_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    text.get(..prefix.len())
        .filter(|start| start.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

/// Cleans a letter's text into its meaningful lines: trimmed, non-blank,
/// with page footers and repeated page headers removed. A line is borrowed
/// from `text` unless a character in it had to be replaced.
pub fn clean_lines(text: &str) -> Vec<Cow<'_, str>> {
    let mut pages = Pages::new(text.len());
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        // A line ends at CR, LF or a form feed: ASCII bytes, so `line_end`
        // is a character boundary. `plain_char` never makes one of them, so
        // lines can be found before their characters are replaced.
        let (line_end, all_kept) = scan_line(bytes, line_start);
        let raw = &text[line_start..line_end];
        let line = if all_kept {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(plain_line(raw))
        };
        let new_page = bytes.get(line_end) == Some(&0x0C);
        flush(line, &mut pages, new_page);
        // Any "\n" of a CRLF goes with the blank lines.
        line_start = after_blank_lines(bytes, (line_end + 1).min(bytes.len()));
    }
    let mut page_ranges = pages.non_empty_pages();
    if page_ranges.len() > 1 {
        if let Some(last_page) = page_ranges.last_mut() {
            if is_bare_page_number(&pages.lines[last_page.end - 1]) {
                last_page.end -= 1;
            }
        }
    }
    remove_running_headers(&pages.lines, &mut page_ranges);
    keep_pages(pages.lines, &page_ranges)
}

/// The `lines` within `pages` (ranges in order, not overlapping), in order.
fn keep_pages<'t>(mut lines: Vec<Cow<'t, str>>, pages: &[Range<usize>]) -> Vec<Cow<'t, str>> {
    let kept: usize = pages.iter().map(|page| page.len()).sum();
    if kept == lines.len() {
        return lines;
    }
    let mut keep = vec![false; lines.len()];
    for page in pages {
        keep[page.clone()].fill(true);
    }
    // `retain` visits the lines once each, in order.
    let mut keep = keep.into_iter();
    lines.retain(|_| keep.next().unwrap_or(false));
    lines
}

/// Removes lines repeated at the top (or bottom) of two or more pages, such
/// as a case number or letterhead printed on every page, by narrowing the
/// pages (ranges of `lines`). The first page keeps its copy: there it is
/// the real header.
fn remove_running_headers(lines: &[Cow<'_, str>], pages: &mut [Range<usize>]) {
    if pages.len() < 2 {
        return;
    }
    let first_line = |page: &Range<usize>| (!page.is_empty()).then(|| lines[page.start].as_ref());
    let last_line = |page: &Range<usize>| (!page.is_empty()).then(|| lines[page.end - 1].as_ref());
    // One list serves for the tops of each pass and then for the bottoms.
    let mut tops: Vec<Option<&str>> = Vec::with_capacity(pages.len());
    // Headers can be two lines deep; look twice.
    for _ in 0..2 {
        tops.clear();
        tops.extend(pages.iter().map(first_line));
        let mut removed_any = false;
        for index in 1..pages.len() {
            let Some(top) = tops[index] else { continue };
            let repeats = tops
                .iter()
                .enumerate()
                .filter(|(other, line)| *other != index && **line == Some(top))
                .count();
            if repeats > 0 && top.len() <= 120 && looks_like_running_line(top) {
                pages[index].start += 1;
                removed_any = true;
            }
        }
        if !removed_any {
            break;
        }
    }
    let mut bottoms = tops;
    bottoms.clear();
    bottoms.extend(pages.iter().map(last_line));
    for index in 0..pages.len() {
        let Some(bottom) = bottoms[index] else {
            continue;
        };
        let repeats = bottoms
            .iter()
            .enumerate()
            .filter(|(other, line)| *other != index && **line == Some(bottom))
            .count();
        // Only short lines: a long repeated closing line is more likely text.
        if repeats > 0 && bottom.len() <= 80 && looks_like_running_line(bottom) {
            pages[index].end -= 1;
        }
    }
}

/// A running header or footer is a caption, not the end of a sentence (two
/// pages may well both end with "...medically necessary and appropriate.")
/// nor a label introducing text.
fn looks_like_running_line(line: &str) -> bool {
    // A label ending in ':' introduces what follows it: two pages may both
    // start with "The Expert Reviewer's decision rationale:" (a page break
    // before each item's rationale), and it must stay.
    if line.ends_with(':') {
        return false;
    }
    let sentence_end = line.ends_with('.') || line.ends_with('?') || line.ends_with('!');
    let shouting =
        line.chars().any(|c| c.is_alphabetic()) && !line.chars().any(|c| c.is_lowercase());
    !sentence_end || shouting
}

/// Word fragments that keep their hyphen when a line break splits them:
/// "Non-" + "MTUS", "follow-" + "up", "59-year-" + "old".
const KEEP_HYPHEN_AFTER: &[&str] = &[
    "non", "pre", "post", "anti", "self", "co", "re", "multi", "inter", "intra", "sub", "semi",
    "well", "long", "short", "right", "left", "x", "in", "out", "over", "on", "off", "mid",
];
const KEEP_HYPHEN_BEFORE: &[&str] = &[
    "old",
    "up",
    "based",
    "term",
    "related",
    "like",
    "specific",
    "induced",
    "free",
    "ups",
    "year",
    "month",
    "day",
    "week",
    "time",
    "office",
    "the",
    "op",
    "operative",
    "dominant",
    "handed",
    "level",
    "wide",
];

/// Joins wrapped lines into running text with single spaces, mending words
/// hyphenated across a line end: `medi-` + `cally` becomes `medically`,
/// while `Non-` + `MTUS` and `59-year-` + `old` keep their hyphen.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|line| line.as_ref().len() + 1).sum());
    for line in lines {
        let line = trim_unless_trimmed(line.as_ref());
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if out.ends_with('-') && ends_in_hyphenated_word(&out) {
            if !keeps_hyphen(&out, line) {
                out.pop();
            }
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(line);
        }
    }
    out
}

/// `collapse_spaces(&join_lines(lines))`, without the copy that collapsing
/// makes when there is nothing to collapse, as in most of an item's parts.
pub fn join_collapsed<S: AsRef<str>>(lines: &[S]) -> String {
    let joined = join_lines(lines);
    match collapsed(&joined) {
        // Borrowed whole: collapsing left the joined text as it is.
        Cow::Borrowed(text) if text.len() == joined.len() => joined,
        changed => changed.into_owned(),
    }
}

/// Whether the hyphen ending `joined` (a word broken at the line end, see
/// [`ends_in_hyphenated_word`]) stays when `next_line` follows it.
fn keeps_hyphen(joined: &str, next_line: &str) -> bool {
    let fragment = last_word_before_hyphen(joined);
    let next_word: String = next_line
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let starts_lower = next_line.chars().next().is_some_and(|c| c.is_lowercase());
    !starts_lower
        || fragment.contains('-')
        || fragment.chars().any(|c| c.is_ascii_digit())
        || fragment.chars().count() <= 2
        || KEEP_HYPHEN_AFTER.contains(&fragment.to_lowercase().as_str())
        || KEEP_HYPHEN_BEFORE.contains(&next_word.as_str())
}

/// `line.trim()`, skipped when the line starts and ends with a printable
/// ASCII character, as the lines of a letter (trimmed when cleaned) do.
fn trim_unless_trimmed(line: &str) -> &str {
    match line.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => line,
        _ => line.trim(),
    }
}

/// Whether the text ends in `<letter>-`, a word broken at the line end
/// (and not a spaced dash such as `pain -`).
fn ends_in_hyphenated_word(text: &str) -> bool {
    let mut chars = text.chars().rev();
    chars.next() == Some('-') && chars.next().is_some_and(|c| c.is_alphanumeric())
}

/// The word fragment before the final hyphen, itself possibly hyphenated
/// (`59-year` in `a 59-year-`).
fn last_word_before_hyphen(text: &str) -> &str {
    let body = &text[..text.len() - 1];
    // The character ending the text before the fragment may be white space
    // past ASCII, longer than one byte.
    let start = body
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '/')
        .map_or(0, |(index, c)| index + c.len_utf8());
    &body[start..]
}

/// Two spaces: where a run of spaces starts, found by a vectorised search.
static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("  "));

/// Collapses runs of white space to single spaces and trims.
pub fn collapse_spaces(text: &str) -> String {
    collapsed(text).into_owned()
}

/// [`collapse_spaces`], borrowing `text` (trimmed) when it has no run of
/// white space to collapse.
pub fn collapsed(text: &str) -> Cow<'_, str> {
    // Text joined from clean lines is nearly always ASCII with no white
    // space but ' '; one pass over it tells.
    if is_ascii_with_plain_spaces(text.as_bytes()) {
        return collapse_plain_spaces(text.trim_ascii());
    }
    if text.is_ascii() {
        return Cow::Owned(collapse_ascii_spaces(text));
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `bytes` are all ASCII and hold no white space but ' ' (of the
/// ASCII characters `char::is_whitespace` accepts: space, tab, LF, VT, FF
/// and CR).
fn is_ascii_with_plain_spaces(bytes: &[u8]) -> bool {
    let plain = |byte: u8| byte.is_ascii() && !matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let all_plain = |chunk: &[u8]| chunk.iter().fold(true, |all, &byte| all & plain(byte));
    if bytes.len() < 16 {
        return bytes.iter().all(|&byte| plain(byte));
    }
    // Sixteen bytes are checked at a time, without stopping early, so that
    // the compiler can check them together; the last sixteen, overlapping
    // the last whole chunk, stand for the remainder.
    bytes.chunks_exact(16).all(all_plain) && all_plain(&bytes[bytes.len() - 16..])
}

/// [`collapse_spaces`] for ASCII text holding white space other than ' '.
fn collapse_ascii_spaces(text: &str) -> String {
    let is_space = |byte: u8| matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let trimmed = text.trim_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let bytes = trimmed.as_bytes();
    let mut out = String::with_capacity(trimmed.len());
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !is_space(bytes[at]) {
            at += 1;
        }
        if start < at {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&trimmed[start..at]);
        }
    }
    out
}

/// [`collapse_spaces`] for trimmed text whose only white space is ' ':
/// each run of two or more spaces (two spaces after a full stop, in most
/// letters) becomes one, found by a vectorised search for "  ".
fn collapse_plain_spaces(trimmed: &str) -> Cow<'_, str> {
    let bytes = trimmed.as_bytes();
    let Some(first_run) = DOUBLE_SPACE.find(bytes) else {
        return Cow::Borrowed(trimmed);
    };
    let mut out = String::with_capacity(trimmed.len());
    let mut run_start = first_run;
    let mut copied_to = 0;
    loop {
        // Keep the text and the run's first space, skip the rest of the run.
        out.push_str(&trimmed[copied_to..=run_start]);
        copied_to = run_start
            + bytes[run_start..]
                .iter()
                .position(|&byte| byte != b' ')
                .unwrap_or(bytes.len() - run_start);
        match DOUBLE_SPACE.find(&bytes[copied_to..]) {
            Some(next) => run_start = copied_to + next,
            None => break,
        }
    }
    out.push_str(&trimmed[copied_to..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_blank_and_single_space_lines_and_trailing_spaces() {
        let text = "CLINICAL CASE SUMMARY \n\n \n\nThe injured worker is a 59 year old male \n";
        assert_eq!(
            clean_lines(text),
            vec![
                "CLINICAL CASE SUMMARY",
                "The injured worker is a 59 year old male"
            ]
        );
    }

    /// What [`scan_line`] finds, the plain way: the first line break, and
    /// whether every byte before it is kept.
    fn scan_line_reference(bytes: &[u8], start: usize) -> (usize, bool) {
        let end = memchr::memchr3(b'\r', b'\n', 0x0C, &bytes[start..])
            .map_or(bytes.len(), |offset| start + offset);
        (
            end,
            bytes[start..end].iter().all(|&byte| is_kept_ascii(byte)),
        )
    }

    /// What [`after_blank_lines`] finds, the plain way.
    fn after_blank_lines_reference(bytes: &[u8], at: usize) -> usize {
        at + bytes[at..]
            .iter()
            .position(|&byte| !matches!(byte, b' ' | b'\r' | b'\n'))
            .unwrap_or(bytes.len() - at)
    }

    #[test]
    fn kept_bytes_are_told_apart_without_branches() {
        for byte in 0..=u8::MAX {
            assert_eq!(
                is_kept_ascii(byte),
                (b' '..=b'~').contains(&byte) && byte != b'`',
                "{byte}"
            );
        }
        assert_eq!(plain_line("\u{201C}x\u{201D}\t`y`"), "\"x\" 'y'");
    }

    #[test]
    fn lines_and_blank_runs_are_found_at_any_length_and_place() {
        let text = "The patient's pain, 10/10; see notes and more than sixteen bytes.";
        for len in 0..text.len() {
            for (at, byte) in (0..len).flat_map(|at| {
                [b'\r', b'\n', 0x0C, b' ', b'`', b'\t', 0xC3, 0x7F, b'x'].map(|byte| (at, byte))
            }) {
                let mut line = text.as_bytes()[..len].to_vec();
                line[at] = byte;
                for start in [0, at, at.saturating_sub(1), len] {
                    assert_eq!(
                        scan_line(&line, start),
                        scan_line_reference(&line, start),
                        "{len} {at} {byte} {start}"
                    );
                }
            }
        }
        let blanks = "one\r\n \r\n\r\n  two \n\n\u{0C} \n three\r \r                  \n\n  x";
        for at in 0..=blanks.len() {
            assert_eq!(
                after_blank_lines(blanks.as_bytes(), at),
                after_blank_lines_reference(blanks.as_bytes(), at),
                "{at}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn scanning_agrees_with_the_plain_searches(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b' ', b'\r', b'\n', 0x0C, b'a', b'`', b'\t', 0xE2, 0x80, 0x7F]),
                0..80,
            ),
            start in 0usize..80,
        ) {
            let start = start.min(bytes.len());
            proptest::prop_assert_eq!(scan_line(&bytes, start), scan_line_reference(&bytes, start));
            proptest::prop_assert_eq!(
                after_blank_lines(&bytes, start),
                after_blank_lines_reference(&bytes, start)
            );
        }
    }

    #[test]
    fn unchanged_lines_are_borrowed() {
        let lines = clean_lines("plain line \n\u{201C}quoted\u{201D}\n");
        assert!(matches!(lines[0], Cow::Borrowed("plain line")));
        assert!(matches!(&lines[1], Cow::Owned(line) if line == "\"quoted\""));
    }

    #[test]
    fn blank_lines_are_stepped_over() {
        let text = "one\r\n \r\n\r\n  two \n\n\u{0C} \n three\r \r";
        assert_eq!(after_blank_lines(text.as_bytes(), 3), 12);
        assert_eq!(clean_lines(text), vec!["one", "two", "three"]);
        assert_eq!(after_blank_lines(b"x \n", 1), 3);
    }

    #[test]
    fn handles_crlf_cr_and_form_feeds() {
        let text = "one\r\ntwo\rthree\u{0C}four";
        assert_eq!(clean_lines(text), vec!["one", "two", "three", "four"]);
    }

    #[test]
    fn removes_page_footers_and_running_headers() {
        let text = "Case Number: CM13-0001234\nfirst page text\nPage 1 of 3\n\u{0C}\
                    Case Number: CM13-0001234\nsecond page text\nPage 2 of 3\n\u{0C}\
                    Case Number: CM13-0001234\nthird page text\nPAGE 3 OF 3\n";
        assert_eq!(
            clean_lines(text),
            vec![
                "Case Number: CM13-0001234",
                "first page text",
                "second page text",
                "third page text"
            ]
        );
    }

    #[test]
    fn labels_at_the_top_of_several_pages_stay() {
        // Two pages break just before a rationale: under the running
        // header, both start with the same label, which is text.
        let text = "Letter CM13-0001234\nfirst page\nPage 1 of 3\n\u{0C}\
                    Letter CM13-0001234\nDecision rationale:\nfirst reason\nPage 2 of 3\n\u{0C}\
                    Letter CM13-0001234\nDecision rationale:\nsecond reason\n/jb\nPage 3 of 3\n";
        assert_eq!(
            clean_lines(text),
            vec![
                "Letter CM13-0001234",
                "first page",
                "Decision rationale:",
                "first reason",
                "Decision rationale:",
                "second reason"
            ]
        );
        assert!(is_typist_reference("/jb") && is_typist_reference("/dmr"));
        for text in ["/", "/j", "/JB", "/jbxy", "jb", "/j8"] {
            assert!(!is_typist_reference(text), "{text}");
        }
    }

    #[test]
    fn footer_prefilter_lets_every_footer_through() {
        for line in [
            "Page 2",
            "page 2 of 4",
            "- Page 3 -",
            "PAGE 3 OF 3",
            "2 of 4",
            "- 3 -",
            "CM15-0142208                          Page 3 of 5",
            "IMR Case Number CM14-0031177   page 2 of 4",
        ] {
            assert!(may_be_footer(line), "{line}");
            assert!(PAGE_FOOTER.is_match(line), "{line}");
        }
        for line in [
            "physical therapy",
            "1. Norco is not medically necessary.",
            "The page 2",
            "12/06/2014",
            "04-93207-148",
        ] {
            assert!(!may_be_footer(line), "{line}");
        }
        // In a sentence "page 3 of 5" follows one space: not a footer.
        let sentence = "as the report notes on page 3 of 5";
        assert!(!(may_be_footer(sentence) && PAGE_FOOTER.is_match(sentence)));
        assert!(may_be_footer("2 OF 4") && PAGE_FOOTER.is_match("2 OF 4"));
    }

    #[test]
    fn bare_page_numbers_before_a_form_feed_are_footers() {
        let text = "first page\n1\n\u{0C}second page\n2\n";
        assert_eq!(clean_lines(text), vec!["first page", "second page"]);
    }

    #[test]
    fn footer_without_form_feed_still_ends_the_page() {
        let text = "IMR Letter CM13-0001234\nfirst\nPage 1 of 2\nIMR Letter CM13-0001234\nsecond\nPage 2 of 2";
        assert_eq!(
            clean_lines(text),
            vec!["IMR Letter CM13-0001234", "first", "second"]
        );
    }

    #[test]
    fn plain_characters_replace_typographic_ones() {
        let text = "\u{201C}quoted\u{201D} \u{2018}x\u{2019} \u{FB01}le 10\u{2013}12\u{00A0}mg";
        assert_eq!(clean_lines(text), vec!["\"quoted\" 'x' file 10-12 mg"]);
    }

    #[test]
    fn collapses_ascii_and_unicode_white_space_alike() {
        for text in [
            "  one \t two\r\n three\u{0B}\u{0C}four  ",
            "one.  Two   three  four five",
            "a  b",
            "  a    b  ",
            "one",
            "",
            " \t ",
            "caf\u{e9}\u{00A0} au\u{2003}lait  x",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_spaces(text), expected, "{text:?}");
            assert_eq!(collapsed(text), expected, "{text:?}");
        }
    }

    #[test]
    fn text_with_nothing_to_collapse_is_borrowed() {
        assert!(matches!(collapsed(" one two "), Cow::Borrowed("one two")));
        assert!(matches!(collapsed("one  two"), Cow::Owned(_)));
        assert!(matches!(collapsed("one\ttwo"), Cow::Owned(_)));
    }

    #[test]
    fn plain_spaced_ascii_is_told_apart() {
        assert!(is_ascii_with_plain_spaces(
            b"one  two, three.  Four five six seven"
        ));
        assert!(is_ascii_with_plain_spaces(b""));
        let text = "one two three four five six seven eight nine ten";
        for len in 0..text.len() {
            let mut changed = text.as_bytes()[..len].to_vec();
            assert!(is_ascii_with_plain_spaces(&changed), "{len}");
            if let Some(last) = changed.last_mut() {
                *last = b'\r';
                assert!(!is_ascii_with_plain_spaces(&changed), "{len}");
            }
        }
        for text in [
            "one two three four five six\tseven",
            "x\r",
            "caf\u{e9}",
            "a\u{0B}b",
        ] {
            assert!(!is_ascii_with_plain_spaces(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn joining_collapsed_equals_collapsing_the_joined() {
        let table: &[&[&str]] = &[
            &["Decision based on Non-", "MTUS  Citation"],
            &["is not  medi-", "cally   necessary"],
            &["a 59-year-", "old male"],
            &["a 59-", "year-old  male"],
            &["needs follow-", "up care"],
            &["back pain  -", "chronic"],
            &["back pain\u{2003}-", "chronic"],
            &["the medi\u{2003}-", "cally"],
            &["one", "", "  ", "two"],
            &[" one\u{2003}", "\u{a0}two ", "x"],
            &["  one.  Two   three ", "\tfour\u{0B}\u{0C}five \r\n", "six"],
            &["caf\u{e9}\u{00A0} au\u{2003}lait  x-", "y", "(pre-", "op)"],
            &[
                "sixteen bytes or more of text  with  runs   of spaces",
                "and more  text.",
            ],
            &["x  ", "  y"],
            &["ends-", "  Upper"],
            &["\u{3000}", "\u{2028}a\u{2028}\u{2028}b-", "c"],
            &[],
            &[""],
        ];
        for lines in table {
            assert_eq!(
                join_collapsed(lines),
                collapse_spaces(&join_lines(lines)),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn joins_lines_and_mends_hyphenation() {
        let table: &[(&[&str], &str)] = &[
            (
                &["Decision based on Non-", "MTUS Citation"],
                "Decision based on Non-MTUS Citation",
            ),
            (
                &["is not medi-", "cally necessary"],
                "is not medically necessary",
            ),
            (&["a 59-year-", "old male"], "a 59-year-old male"),
            (&["a 59-", "year-old male"], "a 59-year-old male"),
            (&["needs follow-", "up care"], "needs follow-up care"),
            (&["back pain -", "chronic"], "back pain - chronic"),
            (&["one", "", "two"], "one two"),
            (&[" one\u{2003}", "\u{a0}two ", "x"], "one two x"),
        ];
        for (lines, expected) in table {
            assert_eq!(join_lines(lines), *expected, "{lines:?}");
        }
    }
}
