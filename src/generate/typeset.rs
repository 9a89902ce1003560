//! Turning a letter's blocks into the bytes a PDF-to-text tool would have
//! produced: hard wraps, words hyphenated across lines, page headers and
//! footers, form feeds, the sample letter's single-space "blank" lines,
//! trailing spaces, curly quotes, ligatures, CRLF and Windows-1252 bytes.
//!
//! None of this touches the truth: every transformation here can be undone
//! by a careful reader (see the round-trip test in `mod.rs`).

use rand::Rng;

use super::pick;

/// A piece of a letter before typesetting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A line set as is: header fields, section titles. Never wrapped.
    Line(String),
    /// Running text: wrapped, may break at its own hyphens.
    Para(String),
    /// Prose (summary, rationale, reviewer text): like [`Block::Para`], and
    /// may also get ligatures and a rare syllable hyphen.
    Prose(String),
    /// The space between paragraphs.
    Gap,
}

/// How paragraphs are separated and lines spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spacing {
    /// An empty line between paragraphs.
    Plain,
    /// A line holding a single space between paragraphs.
    SpaceLine,
    /// As in the sample letter: an empty line after every line, and a
    /// single-space line between paragraphs.
    Interleaved,
}

/// Spaces left at line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trailing {
    None,
    /// One space after every non-empty line (the sample letter).
    Every,
    /// A space or two after some lines.
    Some,
}

/// Capitalisation of section titles and outcome words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Casing {
    Upper,
    Title,
    Lower,
}

impl Casing {
    /// Writes a section title given in upper case.
    pub(crate) fn title(self, title: &str) -> String {
        match self {
            Casing::Upper => title.to_string(),
            Casing::Title | Casing::Lower => title_case(title, self == Casing::Lower),
        }
    }

    /// Writes an outcome word given in title case ("Upheld").
    pub(crate) fn word(self, word: &str) -> String {
        match self {
            Casing::Upper => word.to_uppercase(),
            Casing::Title => word.to_string(),
            Casing::Lower => word.to_lowercase(),
        }
    }
}

/// `IMR DECISION(S) AND RATIONALE(S)` as `IMR Decision(s) and Rationale(s)`
/// (or, `sentence`, `IMR decision(s) and rationale(s)`).
fn title_case(title: &str, sentence: bool) -> String {
    const KEEP: &[&str] = &["IMR", "MTUS", "MAXIMUS", "ODG"];
    const SMALL: &[&str] = &[
        "and", "of", "for", "by", "the", "is/was", "why", "at", "a", "to", "upon",
    ];
    title
        .split(' ')
        .enumerate()
        .map(|(position, word)| {
            if KEEP.contains(&word.trim_end_matches(':')) {
                return word.to_string();
            }
            let lower = word.to_lowercase();
            if position > 0 && (sentence || SMALL.contains(&lower.as_str())) {
                return lower;
            }
            lower
                .split('/')
                .map(super::vocab::capitalize)
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How the first-page header fields are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderLayout {
    /// `Label:  value`, one per line.
    OnePerLine,
    /// Two label/value pairs side by side.
    TwoPerLine,
    /// All labels on consecutive lines, then all values (a two-column PDF
    /// read column by column).
    LabelsThenValues,
}

/// Page breaks and what repeats on every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paging {
    /// Body lines per page.
    pub(crate) lines: usize,
    /// Footer format, with `{p}` and `{n}`; `None` for no footer.
    pub(crate) footer: Option<&'static str>,
    /// Indent before the footer (footers are often centred or right-aligned).
    pub(crate) footer_indent: usize,
    /// Whether pages after the first repeat a running head.
    pub(crate) head: bool,
    /// Form feed between pages.
    pub(crate) form_feed: bool,
}

/// Everything random about how one letter looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Style {
    /// Hard wrap column; `None` leaves each paragraph on one line.
    pub(crate) width: Option<usize>,
    pub(crate) spacing: Spacing,
    pub(crate) trailing: Trailing,
    /// Break words at their own hyphens at line ends ("Non-" / "MTUS").
    pub(crate) hyphen_breaks: bool,
    /// Occasionally split a long word with a hyphen ("medi-" / "cally").
    pub(crate) syllable_breaks: bool,
    pub(crate) paging: Option<Paging>,
    pub(crate) crlf: bool,
    pub(crate) curly_quotes: bool,
    pub(crate) ligatures: bool,
    /// Two spaces after a full stop.
    pub(crate) double_space: bool,
    /// Encode as Windows-1252 rather than UTF-8.
    pub(crate) cp1252: bool,
    pub(crate) titles: Casing,
    pub(crate) outcomes: Casing,
    /// A leading space before section titles (the sample's first line).
    pub(crate) indent_titles: bool,
    pub(crate) header: HeaderLayout,
}

impl Style {
    /// A random style; each kind of mess affects a realistic share of letters.
    pub(crate) fn random<R: Rng>(rng: &mut R) -> Style {
        let spacing = match rng.random_range(0..100) {
            0..=54 => Spacing::Plain,
            55..=69 => Spacing::SpaceLine,
            _ => Spacing::Interleaved,
        };
        let width = rng.random_bool(0.85).then(|| rng.random_range(82..=100));
        let paging = rng.random_bool(0.7).then(|| {
            let base = rng.random_range(46..=58);
            Paging {
                lines: if spacing == Spacing::Interleaved {
                    base * 2
                } else {
                    base
                },
                footer: rng.random_bool(0.75).then(|| {
                    pick(
                        rng,
                        &[
                            "Page {p} of {n}",
                            "Page {p} of {n}",
                            "Page {p}",
                            "- {p} -",
                            "{p}",
                        ],
                    )
                }),
                footer_indent: if rng.random_bool(0.3) {
                    rng.random_range(30..=80)
                } else {
                    0
                },
                head: rng.random_bool(0.5),
                form_feed: rng.random_bool(0.6),
            }
        });
        let cp1252 = rng.random_bool(0.08);
        Style {
            width,
            spacing,
            trailing: match rng.random_range(0..100) {
                0..=49 => Trailing::None,
                50..=79 => Trailing::Every,
                _ => Trailing::Some,
            },
            hyphen_breaks: rng.random_bool(0.6),
            syllable_breaks: rng.random_bool(0.08),
            paging,
            crlf: rng.random_bool(0.25),
            // Windows-1252 letters always carry typographic quotes: that is
            // how those bytes got into the real corpus.
            curly_quotes: cp1252 || rng.random_bool(0.25),
            ligatures: !cp1252 && rng.random_bool(0.05),
            double_space: rng.random_bool(0.5),
            cp1252,
            titles: match rng.random_range(0..100) {
                0..=74 => Casing::Upper,
                75..=94 => Casing::Title,
                _ => Casing::Lower,
            },
            outcomes: match rng.random_range(0..100) {
                0..=69 => Casing::Title,
                70..=89 => Casing::Upper,
                _ => Casing::Lower,
            },
            indent_titles: rng.random_bool(0.15),
            header: match rng.random_range(0..100) {
                0..=44 => HeaderLayout::OnePerLine,
                45..=79 => HeaderLayout::TwoPerLine,
                _ => HeaderLayout::LabelsThenValues,
            },
        }
    }
}

/// Typesets `blocks` into bytes. `running_head` is repeated at the top of
/// pages after the first when the style pages; `protected` lists lowercase
/// words never split by a syllable hyphen.
pub(crate) fn typeset<R: Rng>(
    rng: &mut R,
    blocks: &[Block],
    style: &Style,
    running_head: Option<&str>,
    protected: &[String],
) -> Vec<u8> {
    let mut syllable_budget = if style.syllable_breaks {
        rng.random_range(1..=3)
    } else {
        0
    };
    // Physical lines; `None` marks a paragraph gap, spaced later.
    let mut lines: Vec<Option<String>> = Vec::new();
    for block in blocks {
        match block {
            Block::Gap => lines.push(None),
            Block::Line(text) => lines.push(Some(dress(text, style, false, false))),
            Block::Para(text) | Block::Prose(text) => {
                let prose = matches!(block, Block::Prose(_));
                let text = dress(text, style, prose, true);
                match style.width {
                    Some(width) => {
                        // Only prose gets syllable hyphens.
                        let mut no_syllables = 0;
                        let mut breaks = Breaks {
                            hyphens: style.hyphen_breaks,
                            syllables: if prose {
                                &mut syllable_budget
                            } else {
                                &mut no_syllables
                            },
                            protected,
                        };
                        for line in wrap(&text, width, &mut breaks, rng) {
                            lines.push(Some(line));
                        }
                    }
                    None => lines.push(Some(text)),
                }
            }
        }
    }

    let spaced = space(&lines, style.spacing);
    let paged = match &style.paging {
        Some(paging) => paginate(&spaced, paging, style.spacing, running_head),
        None => spaced,
    };

    let newline = if style.crlf { "\r\n" } else { "\n" };
    let mut text = String::with_capacity(paged.iter().map(|line| line.len() + 2).sum());
    for line in paged {
        text.push_str(&line);
        let trailing = match style.trailing {
            Trailing::Every if !line.is_empty() && !line.ends_with(' ') => " ",
            Trailing::Some if !line.is_empty() && rng.random_bool(0.15) => pick(rng, &[" ", "  "]),
            _ => "",
        };
        text.push_str(trailing);
        text.push_str(newline);
    }
    if style.cp1252 {
        encode_cp1252(&text)
    } else {
        text.into_bytes()
    }
}

/// Text-level changes: typographic quotes, ligatures, double spaces.
fn dress(text: &str, style: &Style, prose: bool, running: bool) -> String {
    let mut out = if style.curly_quotes {
        curl_quotes(text)
    } else {
        text.to_string()
    };
    if running && style.double_space {
        out = double_space(&out);
    }
    if prose && style.ligatures {
        out = out.replace("fi", "\u{FB01}").replace("fl", "\u{FB02}");
    }
    out
}

/// Straight quotes to typographic ones, by position.
fn curl_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let opening = previous.is_none_or(|p| p.is_whitespace() || p == '(' || p == '[');
        let curled = match c {
            '\'' if opening => '\u{2018}',
            '\'' => '\u{2019}',
            '"' if opening => '\u{201C}',
            '"' => '\u{201D}',
            other => other,
        };
        out.push(curled);
        previous = Some(c);
    }
    out
}

/// Two spaces after a sentence's full stop (typewriter habit, common in
/// the letters): ". T" becomes ".  T".
fn double_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if c == ' '
            && i > 0
            && chars[i - 1] == '.'
            && chars
                .get(i + 1)
                .is_some_and(|next| next.is_ascii_uppercase())
        {
            out.push(' ');
        }
    }
    out
}

struct Breaks<'a> {
    hyphens: bool,
    syllables: &'a mut u32,
    protected: &'a [String],
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Greedy wrap at `width` columns. Runs of spaces survive (a line may end
/// in one, as in the sample), leading spaces of a new line are dropped.
fn wrap<R: Rng>(text: &str, width: usize, breaks: &mut Breaks<'_>, rng: &mut R) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for token in text.split(' ') {
        if current.is_empty() {
            if !token.is_empty() {
                current.push_str(token);
                current_len = char_len(token);
            }
            continue;
        }
        let token_len = char_len(token);
        if current_len + 1 + token_len <= width {
            current.push(' ');
            current.push_str(token);
            current_len += 1 + token_len;
            continue;
        }
        let room = width.saturating_sub(current_len + 1);
        match split_token(token, room, breaks, rng) {
            Some((head, tail)) => {
                current.push(' ');
                current.push_str(&head);
                lines.push(std::mem::take(&mut current));
                current_len = char_len(&tail);
                current = tail;
            }
            None => {
                lines.push(std::mem::take(&mut current));
                current_len = token_len;
                current = token.to_string();
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Splits a word that does not fit: at its own hyphen ("Non-" / "MTUS",
/// "59-" / "year-old"), or rarely mid-word ("docu-" / "mentation").
fn split_token<R: Rng>(
    token: &str,
    room: usize,
    breaks: &mut Breaks<'_>,
    rng: &mut R,
) -> Option<(String, String)> {
    if room < 3 {
        return None;
    }
    let chars: Vec<char> = token.chars().collect();
    if breaks.hyphens {
        // The last hyphen that fits, between a letter or digit and a letter:
        // never inside "L4-5" or "2x6".
        let at = (1..chars.len().saturating_sub(2)).rev().find(|&i| {
            chars[i] == '-'
                && i < room
                && chars[i - 1].is_alphanumeric()
                && chars[i + 1].is_alphabetic()
        });
        if let Some(i) = at {
            let head: String = chars[..=i].iter().collect();
            let tail: String = chars[i + 1..].iter().collect();
            return Some((head, tail));
        }
    }
    if *breaks.syllables > 0
        && chars.len() >= 10
        && chars.iter().all(|c| c.is_ascii_lowercase())
        && !breaks.protected.iter().any(|word| word.as_str() == token)
        && rng.random_bool(0.5)
    {
        let cut = (room - 1).min(chars.len() - 4);
        if cut >= 4 {
            *breaks.syllables -= 1;
            let head: String = chars[..cut].iter().chain(['-'].iter()).collect();
            let tail: String = chars[cut..].iter().collect();
            return Some((head, tail));
        }
    }
    None
}

/// Turns paragraph gaps into the style's blank lines.
fn space(lines: &[Option<String>], spacing: Spacing) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len() * 2);
    for line in lines {
        match (line, spacing) {
            (Some(text), Spacing::Interleaved) => {
                out.push(text.clone());
                out.push(String::new());
            }
            (Some(text), _) => out.push(text.clone()),
            (None, Spacing::Plain) => out.push(String::new()),
            (None, Spacing::SpaceLine) => out.push(" ".to_string()),
            (None, Spacing::Interleaved) => {
                out.push(" ".to_string());
                out.push(String::new());
            }
        }
    }
    out
}

fn paginate(
    lines: &[String],
    paging: &Paging,
    spacing: Spacing,
    running_head: Option<&str>,
) -> Vec<String> {
    let per_page = paging.lines.max(10);
    let pages: Vec<&[String]> = lines.chunks(per_page).collect();
    let count = pages.len();
    let blank = |out: &mut Vec<String>| {
        out.push(String::new());
        if spacing == Spacing::Interleaved {
            out.push(String::new());
        }
    };
    let mut out = Vec::with_capacity(lines.len() + count * 6);
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let mut first_line_of_page = out.len();
        if number > 1 {
            if let (true, Some(head)) = (paging.head, running_head) {
                out.push(head.to_string());
                blank(&mut out);
            }
        }
        out.extend(page.iter().cloned());
        if let Some(footer) = paging.footer {
            blank(&mut out);
            let text = footer
                .replace("{p}", &number.to_string())
                .replace("{n}", &count.to_string());
            out.push(format!("{}{text}", " ".repeat(paging.footer_indent)));
        }
        if number > 1 && paging.form_feed {
            // pdftotext ends each page with a form feed; put it at the start
            // of the next page's first line.
            if first_line_of_page >= out.len() {
                first_line_of_page = out.len() - 1;
            }
            out[first_line_of_page].insert(0, '\u{0C}');
        }
    }
    out
}

/// Encodes text as Windows-1252. Every character the generator writes is
/// ASCII, Latin-1 or a typographic quote, all of which cp1252 holds.
fn encode_cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn wrap_breaks_at_hyphens_and_keeps_double_spaces() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut none = 0;
        let mut breaks = Breaks {
            hyphens: true,
            syllables: &mut none,
            protected: &[],
        };
        let text = "Claims Administrator guideline: Decision based on MTUS ACOEM.  Decision based on Non-MTUS Citation Official Disability Guidelines for facet injections.";
        let lines = wrap(text, 80, &mut breaks, &mut rng);
        assert_eq!(
            lines[0],
            "Claims Administrator guideline: Decision based on MTUS ACOEM.  Decision based on"
        );
        assert_eq!(
            lines[1],
            "Non-MTUS Citation Official Disability Guidelines for facet injections."
        );
        // 86 columns hold "... based on Non-" (85) but not "... Non-MTUS" (89).
        let lines = wrap(text, 86, &mut breaks, &mut rng);
        assert!(lines[0].ends_with("based on Non-"), "{lines:?}");
        assert!(lines[1].starts_with("MTUS Citation"));
        for line in &lines {
            assert!(char_len(line) <= 86);
        }
    }

    #[test]
    fn hyphen_breaks_skip_spine_levels() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut none = 0;
        let mut breaks = Breaks {
            hyphens: true,
            syllables: &mut none,
            protected: &[],
        };
        assert_eq!(split_token("L4-5", 3, &mut breaks, &mut rng), None);
        assert_eq!(
            split_token("59-year-old", 9, &mut breaks, &mut rng),
            Some(("59-year-".to_string(), "old".to_string()))
        );
    }

    #[test]
    fn titles_change_case() {
        assert_eq!(
            Casing::Title.title("IMR DECISION(S) AND RATIONALE(S)"),
            "IMR Decision(s) and Rationale(s)"
        );
        assert_eq!(
            Casing::Lower.title("CLINICAL CASE SUMMARY"),
            "Clinical case summary"
        );
        assert_eq!(
            Casing::Title.title(
                "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:"
            ),
            "Rationale for why the Requested Treatment/Service is/was Not Medically Necessary:"
        );
        assert_eq!(Casing::Upper.word("Upheld"), "UPHELD");
    }

    #[test]
    fn quotes_curl_and_encode_as_cp1252() {
        let curled = curl_quotes("the worker's \"good\" day");
        assert_eq!(curled, "the worker\u{2019}s \u{201C}good\u{201D} day");
        let bytes = encode_cp1252(&format!("{curled} Peña"));
        assert!(bytes.contains(&0x92) && bytes.contains(&0xF1));
        assert!(std::str::from_utf8(&bytes).is_err());
    }

    #[test]
    fn interleaved_spacing_matches_the_sample() {
        let lines = vec![
            Some("a".to_string()),
            Some("b".to_string()),
            None,
            Some("c".to_string()),
        ];
        assert_eq!(
            space(&lines, Spacing::Interleaved),
            ["a", "", "b", "", " ", "", "c", ""]
        );
    }
}
