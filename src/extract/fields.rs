//! Field parsers shared by the three layouts: header labels, dates, age and
//! sex, reviewer specialty and licensure, section headings.
//!
//! Every pattern is compiled once. Parsers take cleaned text and return
//! `Option`s: a field a letter does not give is `None`, never an error.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;
use regex::{Regex, RegexBuilder};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::start;
use rustc_hash::FxHashMap;

use crate::model::Sex;
use crate::taxonomy::{self, FirstRow, RowMatch};

use super::clean::{collapse_spaces, join_lines, strip_prefix_ignore_ascii_case};

fn pattern(source: &str) -> Regex {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .build()
        .expect("extraction patterns are fixed at compile time and covered by tests")
}

/// The pattern `(?:lead)([^stop]{min,max})`, case-insensitive: lead words,
/// then a captured run of at most `max` characters that are none of `stop`.
///
/// Bounded repetitions like that run is are slow in every engine of the
/// regex crate (the lazy DFA's states multiply by `max`, the backtracker
/// steps through each), so the lead is found by a regex of its own and the
/// run is read by hand. The matches are the same: at the leftmost lead, the
/// whole pattern takes the lead's preferred form and then the longest run.
/// Only when that run is shorter than `min` can the whole pattern match
/// otherwise (a shorter lead leaving spaces or words to the run, or a later
/// start), and that rare case asks the whole pattern.
struct LeadThenRun {
    lead: regex_automata::meta::Regex,
    whole: Regex,
    stop: &'static [char],
    min: usize,
    max: usize,
}

impl LeadThenRun {
    fn new(lead: &str, stop: &'static [char], min: usize, max: usize) -> LeadThenRun {
        assert!(
            stop.iter().all(char::is_ascii),
            "run stops are read with a byte search"
        );
        let class: String = stop.iter().map(|c| regex::escape(&c.to_string())).collect();
        LeadThenRun {
            lead: regex_automata::meta::Regex::builder()
                .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                .build(lead)
                .expect("extraction patterns are fixed at compile time and covered by tests"),
            whole: pattern(&format!("(?:{lead})([^{class}]{{{min},{max}}})")),
            stop,
            min,
            max,
        }
    }

    /// The captured runs of successive matches, as `captures_iter` would
    /// give group 1 of the whole pattern.
    fn runs<'t>(&'t self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at > text.len() {
                return None;
            }
            let (end, run) = self.find_at(text, at)?;
            at = end;
            Some(run)
        })
    }

    /// The length in bytes of the run that opens `rest`: up to the first
    /// stop character, and at most `max` characters. The stops are ASCII
    /// (checked in [`LeadThenRun::new`]), so a byte search finds the first.
    fn run_len(&self, rest: &str) -> usize {
        let bytes = rest.as_bytes();
        let stop_at = match *self.stop {
            [one] => memchr::memchr(one as u8, bytes),
            [one, two] => memchr::memchr2(one as u8, two as u8, bytes),
            _ => bytes
                .iter()
                .position(|byte| self.stop.contains(&char::from(*byte))),
        }
        .unwrap_or(rest.len());
        // No more bytes than `max` means no more characters either.
        if stop_at <= self.max {
            return stop_at;
        }
        rest[..stop_at]
            .char_indices()
            .nth(self.max)
            .map_or(stop_at, |(index, _)| index)
    }

    /// The end of the first match at or after `at`, and its run.
    fn find_at<'t>(&self, text: &'t str, at: usize) -> Option<(usize, &'t str)> {
        // The run needs only the lead's end, which a forward search finds;
        // its start (a search backwards) only for the rare short run.
        let from = regex_automata::Input::new(text).range(at..);
        let lead_end = self.lead.search_half(&from)?.offset();
        let rest = &text[lead_end..];
        let run = &rest[..self.run_len(rest)];
        if run.chars().nth(self.min - 1).is_some() {
            return Some((lead_end + run.len(), run));
        }
        let lead = self.lead.search(&from)?;
        let caps = self.whole.captures_at(text, lead.start())?;
        Some((caps.get(0)?.end(), caps.get(1)?.as_str()))
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})\b"));
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"));
static WORDY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b",
    )
});

fn month_number(name: &str) -> Option<u32> {
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix: String = name.chars().take(3).collect::<String>().to_lowercase();
    months
        .iter()
        .position(|month| *month == prefix)
        .map(|index| index as u32 + 1)
}

/// Two-digit years: letters date injuries from the 1950s on and decisions
/// from 2013 on, so `09` is 2009 and `95` is 1995.
fn full_year(year: &str) -> Option<i32> {
    Some(year_with_century(year.parse().ok()?, year.len()))
}

/// The year written `value` with `digits` digits (see [`full_year`]).
fn year_with_century(value: i32, digits: usize) -> i32 {
    match (digits, value) {
        (2, 0..=40) => 2000 + value,
        (2, _) => 1900 + value,
        _ => value,
    }
}

/// The first date written in `text`: `01/16/2009`, `1/16/09`, `2009-01-16`,
/// `January 16, 2009`, `16 Jan 2009`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if let Some(date) = slashed_date_alone(text) {
        return date;
    }
    // Every form has a day or year that must parse as an ASCII number, so
    // text without an ASCII digit (most lines) skips the three searches.
    if !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return None;
    }
    if let Some(date) = wordy_date_alone(text) {
        return date;
    }
    // A form whose first match reads no date gives nothing, as if it had
    // not matched. A match reads a date only with ASCII digits (`parse`
    // takes no others) and, in the wordy form, a month name of ASCII
    // letters (`month_number` reads no other: the long s that
    // case-insensitive matching takes for an `s` lowercases to itself). So
    // a form is searched for only where such a match can stand, which most
    // header values that are not dates (case and claim numbers) lack.
    let bytes = text.as_bytes();
    let iso_possible = (0..bytes.len()).any(|at| iso_date_may_start(bytes, at));
    let numeric_possible = (0..bytes.len()).any(|at| numeric_date_may_start(bytes, at));
    let wordy_possible = MONTH_PREFIXES.is_match(text);
    date_by_search(text, [iso_possible, numeric_possible, wordy_possible])
}

/// The earliest date the ISO, numeric and wordy forms read in `text`,
/// searching only the forms marked possible (in that order).
fn date_by_search(text: &str, possible: [bool; 3]) -> Option<NaiveDate> {
    let [iso_possible, numeric_possible, wordy_possible] = possible;
    let candidates = [
        first_form(iso_possible, &ISO_DATE, text, |caps| {
            NaiveDate::from_ymd_opt(
                caps[1].parse().ok()?,
                caps[2].parse().ok()?,
                caps[3].parse().ok()?,
            )
        }),
        first_form(numeric_possible, &NUMERIC_DATE, text, |caps| {
            month_day_year(&caps[1], &caps[2], &caps[3])
        }),
        first_form(wordy_possible, &WORDY_DATE, text, |caps| {
            match caps.get(1) {
                Some(month) => NaiveDate::from_ymd_opt(
                    caps[3].parse().ok()?,
                    month_number(month.as_str())?,
                    caps[2].parse().ok()?,
                ),
                None => NaiveDate::from_ymd_opt(
                    caps[6].parse().ok()?,
                    month_number(&caps[5])?,
                    caps[4].parse().ok()?,
                ),
            }
        }),
    ];
    candidates
        .into_iter()
        .flatten()
        .min_by_key(|(start, _)| *start)
        .map(|(_, date)| date)
}

/// The three-letter month prefixes in any ASCII case: every month name
/// [`month_number`] reads starts with one.
static MONTH_PREFIXES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ])
        .expect("fixed words")
});

/// Whether a byte of a word character (`\w`) is ASCII and so known: a
/// byte of a non-ASCII character may belong to a word character or not.
fn is_ascii_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Whether white space (`\s`) may cover `byte`: ASCII white space (with
/// the vertical tab, which `u8::is_ascii_whitespace` leaves out), or a byte
/// of a non-ASCII character, which may be Unicode white space.
fn may_be_space(byte: u8) -> bool {
    is_ascii_space(byte) || !byte.is_ascii()
}

/// Whether an [`ISO_DATE`] match with ASCII digits may start at `at`: four
/// ASCII digits, a dash and a digit, after no ASCII word character.
fn iso_date_may_start(bytes: &[u8], at: usize) -> bool {
    let after_word = at > 0 && is_ascii_word_byte(bytes[at - 1]);
    !after_word
        && bytes.len() >= at + 6
        && bytes[at..at + 4].iter().all(u8::is_ascii_digit)
        && bytes[at + 4] == b'-'
        && bytes[at + 5].is_ascii_digit()
}

/// Whether a [`NUMERIC_DATE`] match with ASCII digits may start at `at`:
/// one or two digits, a separator, one or two digits, a separator and a
/// digit, with possible white space around each separator, after no ASCII
/// word character.
fn numeric_date_may_start(bytes: &[u8], at: usize) -> bool {
    if at > 0 && is_ascii_word_byte(bytes[at - 1]) {
        return false;
    }
    let digit_at = |index: usize| bytes.get(index).is_some_and(u8::is_ascii_digit);
    let one_or_two_digits = |index: usize| {
        if !digit_at(index) {
            None
        } else if digit_at(index + 1) {
            Some(index + 2)
        } else {
            Some(index + 1)
        }
    };
    let separator = |index: usize| {
        let mut index = index;
        while bytes.get(index).is_some_and(|&byte| may_be_space(byte)) {
            index += 1;
        }
        if !matches!(bytes.get(index), Some(b'/' | b'.' | b'-')) {
            return None;
        }
        index += 1;
        while bytes.get(index).is_some_and(|&byte| may_be_space(byte)) {
            index += 1;
        }
        Some(index)
    };
    one_or_two_digits(at)
        .and_then(separator)
        .and_then(one_or_two_digits)
        .and_then(separator)
        .is_some_and(digit_at)
}

/// What [`parse_date`] reads from `text` when `text` is a numeric date with
/// slashes and nothing else (`01/16/2009`, `1/16/09`), as most header values
/// are: read without a search. (Only the numeric form can match there, at
/// the start, with these digits as its groups; the date is `None` when they
/// name no day, as `13/45/2009`.) `None` for any other text.
fn slashed_date_alone(text: &str) -> Option<Option<NaiveDate>> {
    if let Some(date) = padded_slashed_date_alone(text.as_bytes()) {
        return Some(date);
    }
    // Month, day and year, each as its value and its count of digits, read
    // in one pass over the bytes.
    let mut parts = [(0u32, 0usize); 3];
    let mut part = 0;
    for &byte in text.as_bytes() {
        match byte {
            b'0'..=b'9' => {
                let (value, digits) = &mut parts[part];
                if *digits == 4 {
                    return None;
                }
                *value = *value * 10 + u32::from(byte - b'0');
                *digits += 1;
            }
            b'/' if part < 2 => part += 1,
            _ => return None,
        }
    }
    let [(month, month_digits), (day, day_digits), (year, year_digits)] = parts;
    if part != 2
        || !(1..=2).contains(&month_digits)
        || !(1..=2).contains(&day_digits)
        || !matches!(year_digits, 2 | 4)
    {
        return None;
    }
    // At most four digits: the year fits an i32.
    let year = year_with_century(year as i32, year_digits);
    Some(NaiveDate::from_ymd_opt(year, month, day))
}

/// What [`slashed_date_alone`] reads from `text` when `text` is a date
/// written `MM/DD/YYYY`, as nearly every header date is: the same digits
/// taken as the same month, day and four-digit year, read without a
/// branch for each byte. `None` for any other text.
fn padded_slashed_date_alone(text: &[u8]) -> Option<Option<NaiveDate>> {
    let &[m1, m2, b'/', d1, d2, b'/', y1, y2, y3, y4] = text else {
        return None;
    };
    let digits = [m1, m2, d1, d2, y1, y2, y3, y4];
    if !digits
        .iter()
        .fold(true, |all, digit| all & digit.is_ascii_digit())
    {
        return None;
    }
    let [m1, m2, d1, d2, y1, y2, y3, y4] = digits.map(|digit| u32::from(digit - b'0'));
    let year = ((y1 * 10 + y2) * 10 + y3) * 10 + y4;
    // Four digits: the year fits an i32.
    Some(NaiveDate::from_ymd_opt(
        year as i32,
        m1 * 10 + m2,
        d1 * 10 + d2,
    ))
}

/// What [`parse_date`] reads from `text` when `text` is a wordy date and
/// nothing else, in ASCII with spaces (`October 16, 2015`, `Sept. 3rd
/// 2014`), as the `Dated:` values of some letters are: read without a
/// search. `None` for any other text.
///
/// There the wordy form matches at the start, and the others nowhere (no
/// dash, and no slash or dot after a digit): the month's letters all go to
/// its name (a dot or space must follow them), its first three name the
/// month, the day's one or two digits all go to the day (its suffix,
/// comma or space must follow them), the optional suffix and comma are
/// taken, and the year is the last four digits.
fn wordy_date_alone(text: &str) -> Option<Option<NaiveDate>> {
    let bytes = text.as_bytes();
    let count = |from: usize, wanted: fn(&u8) -> bool| {
        bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|byte| wanted(byte)).count()
        })
    };
    let letters = count(0, u8::is_ascii_alphabetic);
    let month = ascii_month_number(bytes.get(..3.min(letters))?)?;
    let mut at = letters;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
    }
    let spaces = count(at, |byte| *byte == b' ');
    let day_digits = count(at + spaces, u8::is_ascii_digit);
    if spaces == 0 || !(1..=2).contains(&day_digits) {
        return None;
    }
    let day: u32 = text[at + spaces..at + spaces + day_digits].parse().ok()?;
    at += spaces + day_digits;
    let suffix = bytes.get(at..at + 2).unwrap_or_default();
    if [b"st", b"nd", b"rd", b"th"]
        .iter()
        .any(|ordinal| suffix.eq_ignore_ascii_case(*ordinal))
    {
        at += 2;
    }
    if bytes.get(at) == Some(&b',') {
        at += 1;
    }
    let spaces = count(at, |byte| *byte == b' ');
    let year_digits = count(at + spaces, u8::is_ascii_digit);
    if spaces == 0 || year_digits != 4 || at + spaces + year_digits != bytes.len() {
        return None;
    }
    let year: i32 = text[at + spaces..].parse().ok()?;
    Some(NaiveDate::from_ymd_opt(year, month, day))
}

/// The month whose three-letter name `prefix` is, in any ASCII case.
fn ascii_month_number(prefix: &[u8]) -> Option<u32> {
    let months: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    months
        .iter()
        .position(|month| month.eq_ignore_ascii_case(prefix))
        .map(|index| index as u32 + 1)
}

/// The date of a numeric `month/day/year` (two- or four-digit year), if
/// it names one.
fn month_day_year(month: &str, day: &str, year: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(full_year(year)?, month.parse().ok()?, day.parse().ok()?)
}

/// Where one date form first matches in `text` and the date it reads,
/// searched for only when `possible`. The first match counts even when it is
/// no valid date (then `None`), as a later one of the same form would not.
fn first_form(
    possible: bool,
    form: &Regex,
    text: &str,
    read: impl Fn(&regex::Captures) -> Option<NaiveDate>,
) -> Option<(usize, NaiveDate)> {
    if !possible {
        return None;
    }
    let caps = form.captures(text)?;
    let start = caps.get(0)?.start();
    Some((start, read(&caps)?))
}

// ---------------------------------------------------------------------------
// Header labels
// ---------------------------------------------------------------------------

/// The header fields a letter's first page gives, by label.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Header {
    /// `Case Number:`.
    pub case_number: Option<String>,
    /// `Claim Number:`.
    pub claim_number: Option<String>,
    /// `Date Assigned:`.
    pub date_assigned: Option<NaiveDate>,
    /// `UR Denial Date:`.
    pub ur_denial_date: Option<NaiveDate>,
    /// `Date of Injury:`.
    pub date_of_injury: Option<NaiveDate>,
    /// `Dated:`.
    pub letter_date: Option<NaiveDate>,
    /// `State(s) of Licensure:`.
    pub license_state: Option<String>,
    /// `Certification(s)/Specialty:`.
    pub specialty: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    CaseNumber,
    ClaimNumber,
    DateAssigned,
    UrDenialDate,
    DateOfInjury,
    LetterDate,
    LicenseState,
    Specialty,
    /// A label we read past (Employee, Employer ...) so that its value is
    /// not taken for another field's.
    Other,
}

impl Label {
    fn wants_date(self) -> bool {
        matches!(
            self,
            Label::DateAssigned | Label::UrDenialDate | Label::DateOfInjury | Label::LetterDate
        )
    }
}

/// Header labels and their fields. Longer labels first.
static LABELS: &[(&str, Label)] = &[
    (r"(?:IMR\s+)?Case\s*(?:Number|No\.?|#)", Label::CaseNumber),
    (r"Claim\s*(?:Number|No\.?|#)", Label::ClaimNumber),
    (
        r"Date\s+Assigned|Assignment\s+Date|Date\s+of\s+Assignment",
        Label::DateAssigned,
    ),
    (
        r"Date\s+of\s+UR\s+(?:Denial|Determination|Decision)|Date\s+of\s+(?:Denial|Determination)|UR\s+(?:Denial|Determination|Decision)\s+Date",
        Label::UrDenialDate,
    ),
    (r"Date\s+of\s+Injury|DOI|D/I", Label::DateOfInjury),
    (
        r"Dated|Letter\s+Date|Date\s+of\s+(?:this\s+)?(?:Letter|Notice|Decision)",
        Label::LetterDate,
    ),
    (
        r"State\(?s?\)?\s+of\s+Licensure|Licensure\s+State|State\s+of\s+License",
        Label::LicenseState,
    ),
    (
        r"Certification\(?s?\)?\s*/\s*Specialty|Specialty|Board\s+Certification",
        Label::Specialty,
    ),
    (
        r"Priority|Application\s+Received|Employee|Employer|Claims\s+Administrator|Treating\s+Provider|Disputed\s+Treatment|Requesting\s+Provider|Injured\s+Worker|Claimant|Patient|Re|Insurer|Reviewer|Date\s+Received|Review\s+Type",
        Label::Other,
    ),
];

/// Each label at the start of a line or after a space, in the order of
/// [`LABELS`]. "MAXIMUS Case Number:", "IMR Application Received:": an
/// issuer's name may stand before a label.
static LABEL_AT: LazyLock<FirstRow> = LazyLock::new(|| FirstRow::new(label_at_sources()));

/// The patterns of [`LABEL_AT`], one per row of [`LABELS`].
fn label_at_sources() -> impl Iterator<Item = String> {
    LABELS
        .iter()
        .map(|(source, _)| format!(r"(?:^|\s)(?:(?:MAXIMUS|IMR|DWC)\s+)?(?:{source})\s*:"))
}

/// [`LABEL_AT`] as a fully built DFA for anchored searches only, which is
/// what header lines need: a walk through its table costs a few
/// instructions a byte, with none of the general regex's set-up for each
/// search (its cache pool, its choice of engine). ASCII labels are looked
/// up in [`LABEL_FORMS`], drawn from this DFA, which touches less memory
/// than a walk through its large table. Every engine of the regex
/// crate finds the same leftmost-first match, so this finds the row and end
/// [`LABEL_AT`] finds. The patterns have no word boundary, the only thing
/// that can make such a DFA give up, and a few hundred states (about
/// 350 KiB, built once).
static LABEL_AT_ANCHORED: LazyLock<dense::DFA<Vec<u32>>> = LazyLock::new(|| {
    let sources: Vec<String> = label_at_sources().collect();
    dense::Builder::new()
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
        .configure(dense::Config::new().start_kind(StartKind::Anchored))
        .build_many(&sources)
        .expect("header label patterns are fixed at compile time and covered by tests")
});

/// The label of [`LABEL_AT`] that starts exactly at `at` in `line`, if any:
/// the row and span [`FirstRow::find_starting_at`] gives.
fn label_starting_at(line: &str, at: usize) -> Option<RowMatch> {
    if let Some(found) = ascii_label_starting_at(line.as_bytes(), at) {
        return found;
    }
    let input = regex_automata::Input::new(line)
        .range(at..)
        .anchored(regex_automata::Anchored::Yes);
    match LABEL_AT_ANCHORED.try_search_fwd(&input) {
        Ok(found) => found.map(|end| RowMatch {
            row: end.pattern().as_usize(),
            start: at,
            end: end.offset(),
        }),
        // Not expected (see LABEL_AT_ANCHORED); the general regex decides.
        Err(_) => LABEL_AT.find_starting_at(line, at),
    }
}

/// Every label as [`normal_label`] writes it, with its row: the texts that
/// [`LABEL_AT_ANCHORED`] matches in full, colon added, from a line's
/// start, that are lowercase ASCII with single spaces and no space at
/// either end. The DFA is walked over every such text it can match; white
/// space repeats only in `\s+` and `\s*`, so with single spaces the texts
/// are finitely many (a few hundred), and the row is the one the DFA's
/// match gives.
///
/// A label is found by one lookup here instead of a walk through the
/// DFA's table, whose large rows cost a cache miss for nearly every byte.
static LABEL_FORMS: LazyLock<FxHashMap<LabelKey, usize>> = LazyLock::new(|| {
    let dfa = &*LABEL_AT_ANCHORED;
    let start = dfa
        .start_state(&start::Config::new().anchored(regex_automata::Anchored::Yes))
        .expect("the DFA is built for anchored searches");
    // Lowercase ASCII with no white space but the space.
    let bytes: Vec<u8> = (0..0x80)
        .filter(|&byte: &u8| byte == b' ' || !(byte.is_ascii_uppercase() || is_ascii_space(byte)))
        .collect();
    let mut forms = FxHashMap::default();
    let mut pending = vec![(start, Vec::new())];
    while let Some((state, text)) = pending.pop() {
        let end = dfa.next_eoi_state(dfa.next_state(state, b':'));
        if dfa.is_match_state(end) && !text.ends_with(b" ") {
            let key = LabelKey::of(&text).expect("every label fits a key");
            forms.insert(key, dfa.match_pattern(end, 0).as_usize());
        }
        for &byte in &bytes {
            let repeats_space = byte == b' ' && text.last().is_none_or(|&last| last == b' ');
            let next = dfa.next_state(state, byte);
            // A colon ends every label.
            if byte == b':' || repeats_space || dfa.is_dead_state(next) {
                continue;
            }
            let mut longer = text.clone();
            longer.push(byte);
            pending.push((next, longer));
        }
    }
    forms
});

/// A label in [`LABEL_FORMS`]: its text packed into words, zeros after
/// its end. Keys of one size are hashed and compared without a loop over
/// their length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LabelKey([u64; 5]);

impl LabelKey {
    /// The most bytes a key holds: more than the longest label.
    const BYTES: usize = 40;

    /// The key of `text`, if it fits one.
    fn of(text: &[u8]) -> Option<LabelKey> {
        let mut bytes = [0u8; LabelKey::BYTES];
        bytes.get_mut(..text.len())?.copy_from_slice(text);
        Some(LabelKey::from_bytes(&bytes))
    }

    fn from_bytes(bytes: &[u8; LabelKey::BYTES]) -> LabelKey {
        LabelKey(std::array::from_fn(|word| {
            let (eight, _) = bytes[word * 8..]
                .split_first_chunk()
                .expect("keys are whole words");
            u64::from_le_bytes(*eight)
        }))
    }
}

impl std::hash::Hash for LabelKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for word in self.0 {
            state.write_u64(word);
        }
    }
}

/// [`label_starting_at`] when the label's place in `line` is ASCII, by a
/// lookup in [`LABEL_FORMS`]; `None` when a byte past ASCII stands there
/// (then only the DFA can tell).
///
/// Why the lookup finds what the DFA finds in ASCII text: a label match
/// opens with `(?:^|\s)`, which takes one white space byte at `at` if
/// there is one (the labels themselves start with a letter), or else
/// nothing at the line's start, and then the label (a byte past ASCII at
/// `at` may start white space, so that case is the DFA's). No label holds a
/// colon, so the match ends just after the first colon from there. The
/// text between matches a label in any case (in ASCII text, Unicode case
/// folding of the patterns' ASCII letters gives only their ASCII other
/// case) and with any run of white space where the patterns allow some
/// (`\s+` and `\s*`, never two of them side by side, so one run stands in
/// one of them); so the text matches exactly when its [`normal_label`]
/// does, which is when that is one of the [`LABEL_FORMS`]. The match, and
/// so its row, ends at the colon whatever follows it (the patterns have
/// no look-ahead).
fn ascii_label_starting_at(line: &[u8], at: usize) -> Option<Option<RowMatch>> {
    let label_start = match line.get(at) {
        Some(&byte) if is_ascii_space(byte) => at + 1,
        // Perhaps white space past ASCII.
        Some(&byte) if !byte.is_ascii() => return None,
        Some(_) if at == 0 => at,
        Some(_) | None => return Some(None),
    };
    let rest = &line[label_start..];
    let (colon, key) = match normal_label(rest) {
        LabelText::Colon(colon, Some(key)) => (label_start + colon, key),
        LabelText::Colon(_, None) | LabelText::NoColon => return Some(None),
        LabelText::Undecided => return None,
    };
    Some(LABEL_FORMS.get(&key).map(|&row| RowMatch {
        row,
        start: at,
        end: colon + 1,
    }))
}

/// The text that opens a line's rest up to its first colon, as
/// [`normal_label`] reads it.
#[derive(Debug, PartialEq, Eq)]
enum LabelText {
    /// No colon: no label.
    NoColon,
    /// The text before the colon is not ASCII, or too long to normalise
    /// here: the label searches will tell.
    Undecided,
    /// Where the colon is, and the key of the text before it (`None` when
    /// that is too long for a label).
    Colon(usize, Option<LabelKey>),
}

/// The label that opens `rest` up to its first colon, with its key as
/// [`LABEL_FORMS`] writes labels: lowercase, each run of white space one
/// space, none at the end. White space first stays (as one space): no
/// label starts so.
///
/// One pass finds the colon, checks for bytes past ASCII and normalises,
/// instead of a search for the colon and a second pass for the others.
fn normal_label(rest: &[u8]) -> LabelText {
    let mut buffer = [0u8; 64];
    // A label text of at most 64 bytes has its colon within 65.
    let window = &rest[..rest.len().min(buffer.len() + 1)];
    let mut colon = None;
    // Each byte is written without a branch on what it is; a space after a
    // space is written over by the next byte.
    let mut len = 0;
    let mut after_space = false;
    let mut bytes_or = 0u8;
    for (index, &byte) in window.iter().enumerate() {
        if byte == b':' {
            colon = Some(index);
            break;
        }
        bytes_or |= byte;
        let normal = NORMAL_LABEL_BYTE[usize::from(byte & 0x7f)];
        let space = normal == b' ';
        // `len` stays at most the bytes seen before, so below 65; what the
        // 65th byte writes (at 0) is never read, as no colon came before it.
        buffer[len & 63] = normal;
        len += usize::from(!(space & after_space));
        after_space = space;
    }
    let Some(colon) = colon else {
        // A colon further on ends a label text too long for the buffer.
        return match memchr::memchr(b':', &rest[window.len()..]) {
            Some(_) => LabelText::Undecided,
            None => LabelText::NoColon,
        };
    };
    if !bytes_or.is_ascii() {
        return LabelText::Undecided;
    }
    // A space written last ends the text: drop it.
    len -= usize::from(after_space);
    if len > LabelKey::BYTES {
        return LabelText::Colon(colon, None);
    }
    // Spaces written over or dropped may stand after the end.
    buffer[len..LabelKey::BYTES].fill(0);
    let (key_bytes, _) = buffer.split_first_chunk().expect("64 bytes hold a key");
    LabelText::Colon(colon, Some(LabelKey::from_bytes(key_bytes)))
}

/// Each ASCII byte as [`normal_label`] writes it: white space (`\s`) as a
/// space, a capital as its small letter, any other byte as itself.
const NORMAL_LABEL_BYTE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte: u8 = 0;
    while byte < 128 {
        // `\s` in ASCII: `u8::is_ascii_whitespace` and the vertical tab.
        table[byte as usize] = if byte.is_ascii_whitespace() || byte == 0x0b {
            b' '
        } else {
            byte.to_ascii_lowercase()
        };
        byte += 1;
    }
    table
};

static CASE_NUMBER: LazyLock<Regex> = LazyLock::new(|| pattern(r"\bCM\d{2}-\d{4,8}\b"));

/// The first IMR case number (`CM13-0001234`) written anywhere in `text`.
pub fn find_case_number(text: &str) -> Option<String> {
    if is_case_number_alone(text) {
        // The whole text is the leftmost match, with its greedy digits.
        return Some(text.to_ascii_uppercase());
    }
    CASE_NUMBER
        .find(text)
        .map(|found| found.as_str().to_ascii_uppercase())
}

/// Whether `text` is a case number and nothing else, in ASCII, as most
/// `Case Number:` values are: `CM`, two digits, a dash, four to eight
/// digits.
fn is_case_number_alone(text: &str) -> bool {
    let bytes = text.as_bytes();
    let serial = bytes.get(5..).unwrap_or_default();
    bytes.len() >= 9
        && bytes[..2].eq_ignore_ascii_case(b"CM")
        && bytes[2..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && (4..=8).contains(&serial.len())
        && serial.iter().all(u8::is_ascii_digit)
}

/// Reads labelled header fields from `lines` (a letter's lines before its
/// first section). Copes with two labels on one line and with columns that
/// a converter emitted label-block-then-value-block: labels without a value
/// queue up and take the following unlabelled lines in order, dates going
/// only to date fields.
pub fn parse_header<S: AsRef<str>>(lines: &[S]) -> Header {
    let mut header = Header::default();
    let mut waiting: std::collections::VecDeque<Label> = std::collections::VecDeque::new();
    let mut found: Vec<(usize, usize, Label)> = Vec::new();
    for line in lines {
        let line = line.as_ref();
        opening_labels(line, &mut found);
        if found.is_empty() {
            // A label we do not read ("Priority:") among a block of labels
            // whose values follow it, one a line: it takes its value's turn.
            if !waiting.is_empty() && is_bare_label(line) {
                waiting.push_back(Label::Other);
                continue;
            }
            // An unlabelled line: the value of the oldest label still waiting.
            // Only a line offered to a date label needs a date search.
            let mut is_date = None;
            while let Some(label) = waiting.pop_front() {
                if label.wants_date() && !*is_date.get_or_insert_with(|| parse_date(line).is_some())
                {
                    continue;
                }
                assign(&mut header, label, line);
                break;
            }
            continue;
        }
        // A labelled value ends any label block: labels still waiting had
        // no value of their own ("Claim Number:" left blank).
        if found
            .iter()
            .any(|&(_, end, _)| !line[end..].chars().all(char::is_whitespace))
        {
            waiting.clear();
        }
        for (position, &(_, end, label)) in found.iter().enumerate() {
            let value_end = found.get(position + 1).map_or(line.len(), |next| next.0);
            let value = trim_spaces(&line[end..value_end]);
            if value.is_empty() {
                waiting.push_back(label);
            } else {
                assign(&mut header, label, value);
            }
        }
    }
    header
}

/// Whether `line` is a label alone: a few words starting with a letter,
/// ending in its only colon ("Application Received:").
fn is_bare_label(line: &str) -> bool {
    let line = line.trim();
    line.strip_suffix(':').is_some_and(|words| {
        words.starts_with(|c: char| c.is_alphabetic())
            && !words.contains(':')
            && words.len() <= 40
            && words.split_whitespace().count() <= 5
    })
}

/// Fills `found` with the labels of `line` (start, end, label), every
/// match of [`LABEL_AT`] in order, when the line opens with one after
/// white space; leaves it empty when it does not.
fn opening_labels(line: &str, found: &mut Vec<(usize, usize, Label)>) {
    found.clear();
    // Every label ends in a colon: most lines have none and need no search.
    let Some(last_colon) = memchr::memrchr(b':', line.as_bytes()) else {
        return;
    };
    // A label opening the line starts where its `(?:^|\s)` does: at the
    // line's start, or at the last white space before the first word
    // (labels start with a letter, so none can start earlier). The
    // leftmost match starts there if any does, so one anchored search
    // tells whether the line opens with a label.
    let indent = line.len() - line.trim_start().len();
    let opening = line[..indent]
        .char_indices()
        .next_back()
        .map_or(0, |(at, _)| at);
    let Some(first) = label_starting_at(line, opening) else {
        return;
    };
    found.push((first.start, first.end, LABELS[first.row].1));
    // Further labels end in further colons.
    if last_colon < first.end {
        return;
    }
    if !line.is_ascii() {
        found.extend(
            LABEL_AT
                .find_iter_from(line, first.end)
                .map(|label| (label.start, label.end, LABELS[label.row].1)),
        );
        return;
    }
    // In ASCII text a further label starts at a white space byte just
    // before a letter (every label and issuer name opens with one), and
    // before the last colon. Anchored searches at each such place in turn
    // find the matches `find_iter` would: the first place that matches is
    // the leftmost match, and the search goes on from its end.
    let bytes = line.as_bytes();
    let mut at = first.end;
    while at < last_colon {
        let may_start =
            is_ascii_space(bytes[at]) && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic);
        match may_start.then(|| label_starting_at(line, at)).flatten() {
            Some(label) => {
                found.push((label.start, label.end, LABELS[label.row].1));
                at = label.end;
            }
            None => at += 1,
        }
    }
}

/// `text.trim()`, with ASCII white space at either end skipped a byte at a
/// time first: header lines pad their columns with long runs of spaces,
/// and only what those runs leave needs the Unicode check. (The bytes
/// skipped are ASCII, so the cuts fall on character boundaries.)
fn trim_spaces(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|&byte| !is_ascii_space(byte))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&byte| !is_ascii_space(byte))
        .map_or(start, |index| index + 1);
    text[start..end].trim()
}

/// Whether `byte` is white space (`\s`) in ASCII text:
/// `u8::is_ascii_whitespace` leaves out the vertical tab, which Unicode
/// counts.
fn is_ascii_space(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'\x0b'
}

fn assign(header: &mut Header, label: Label, value: &str) {
    let value = value.trim();
    match label {
        Label::CaseNumber => {
            if header.case_number.is_none() {
                header.case_number = find_case_number(value);
            }
        }
        Label::ClaimNumber => {
            let claim = collapse_spaces(value);
            if header.claim_number.is_none() && !claim.is_empty() && !is_redacted(&claim) {
                header.claim_number = Some(claim);
            }
        }
        Label::DateAssigned => set_date(&mut header.date_assigned, value),
        Label::UrDenialDate => set_date(&mut header.ur_denial_date, value),
        Label::DateOfInjury => set_date(&mut header.date_of_injury, value),
        Label::LetterDate => set_date(&mut header.letter_date, value),
        Label::LicenseState => {
            if header.license_state.is_none() {
                header.license_state = taxonomy::normalize_state(value).map(str::to_string);
            }
        }
        Label::Specialty => {
            if header.specialty.is_none() && !value.is_empty() {
                header.specialty = Some(normalize_specialty_or_raw(value));
            }
        }
        Label::Other => {}
    }
}

fn set_date(slot: &mut Option<NaiveDate>, value: &str) {
    if slot.is_none() {
        *slot = parse_date(value);
    }
}

/// Whether a claim number is hidden ("[REDACTED]", "N/A", "XXXX"), in
/// any ASCII case: compared without a lowercased copy.
fn is_redacted(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes
        .windows(b"redacted".len())
        .any(|window| window.eq_ignore_ascii_case(b"redacted"))
        || bytes.eq_ignore_ascii_case(b"n/a")
        || bytes.eq_ignore_ascii_case(b"none")
        || bytes
            .iter()
            .all(|byte| matches!(byte, b'*' | b'x' | b'X' | b'_'))
}

/// The canonical specialty named in `text`, or the text itself tidied when
/// it names none we know (so a new specialty is not lost).
pub fn normalize_specialty_or_raw(text: &str) -> String {
    match taxonomy::normalize_specialty(text) {
        Some(name) => name.to_string(),
        None => collapse_spaces(text.trim_end_matches(['.', ',', ';'])),
    }
}

// ---------------------------------------------------------------------------
// Reviewer prose
// ---------------------------------------------------------------------------

static BOARD_CERTIFIED: LazyLock<LeadThenRun> = LazyLock::new(|| {
    LeadThenRun::new(
        // "Board Certified in ...", "Board Certified: ...", "Board
        // Certification(s): ...".
        r"board[\s-]*(?:certified(?:\s*:\s*|\s+)|certifications?(?:\(s\))?\s*:\s*)(?:in\s+|by\s+the\s+american\s+board\s+of\s+)?(?:the\s+field\s+of\s+)?",
        &['.', ';'],
        3,
        120,
    )
});
static LICENSED_IN: LazyLock<LeadThenRun> = LazyLock::new(|| {
    LeadThenRun::new(
        // A word of its own: not "unlicensed in".
        // Also a label naming a state: "License state: CA".
        r"(?-u:\b)licen(?:(?:[sc]ed?|sure)\s+(?:to\s+practice\s+)?(?:medicine\s+|psychology\s+|chiropractic\s+|acupuncture\s+)?(?:in|by)(?:\s*:\s*|\s+)|(?:sure|[sc]e)\s+state\s*:\s*)(?:the\s+state\s+of\s+|the\s+states?\s+of\s+)?",
        &['.', ';'],
        2,
        80,
    )
});
/// A bare licence label, "Licensure: Pennsylvania": its value names a state
/// in full, as "License: MD" or "Licensure: DC" may be a degree.
static LICENSE_LABEL: LazyLock<LeadThenRun> =
    LazyLock::new(|| LeadThenRun::new(r"(?-u:\b)licen(?:sure|[sc]e)\s*:\s*", &['.', ';'], 3, 80));
static SPECIALTY_PROSE: LazyLock<LeadThenRun> = LazyLock::new(|| {
    LeadThenRun::new(
        r"(?:specialty|specialt(?:y|ies)\s+(?:is|are|of)|specializ\w+\s+in|practic\w+\s+(?:in\s+)?)\s*:?\s*",
        &['.', ';'],
        3,
        80,
    )
});

/// The reviewer's specialty from prose such as "Board Certified in
/// Anesthesiology and is licensed to practice in California".
pub fn specialty_from_prose(text: &str) -> Option<String> {
    if let Some(run) = BOARD_CERTIFIED.runs(text).next() {
        let named = before_first(run, &AND_IS);
        let named = before_first(named, &AND_LICENSED);
        if let Some(name) = taxonomy::normalize_specialty(named) {
            return Some(name.to_string());
        }
        // "Board Certified: Yes" answers a question and names no board.
        let first_word = named.split(|c: char| !c.is_alphabetic()).next();
        let answers = first_word.is_some_and(|word| {
            ["yes", "no", "n", "na", "none", "pending", "board", "not"]
                .iter()
                .any(|answer| word.eq_ignore_ascii_case(answer))
        });
        if !answers {
            return Some(normalize_specialty_or_raw(named));
        }
    }
    if let Some(run) = SPECIALTY_PROSE.runs(text).next() {
        if let Some(name) = taxonomy::normalize_specialty(run) {
            return Some(name.to_string());
        }
    }
    None
}

/// The words " and is " and " and licensed", each searched for with one
/// searcher built once.
static AND_IS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" and is "));
static AND_LICENSED: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" and licensed"));

/// `text` up to the first place `words` stand, as
/// `text.split(words).next()` gives it without building a searcher.
fn before_first<'t>(text: &'t str, words: &memchr::memmem::Finder<'_>) -> &'t str {
    // The words are ASCII, so the cut falls on a character boundary.
    words.find(text.as_bytes()).map_or(text, |at| &text[..at])
}

/// The reviewer's licensure state from prose ("licensed to practice in
/// California", "holds a license to practice medicine in Florida",
/// "Licensed in: Arizona").
pub fn license_state_from_prose(text: &str) -> Option<String> {
    LICENSED_IN
        .runs(text)
        .find_map(taxonomy::normalize_state)
        .or_else(|| LICENSE_LABEL.runs(text).find_map(taxonomy::state_named_in))
        .map(str::to_string)
}

/// The reviewer's licensure state from anywhere in a letter, for when the
/// reviewer's own part does not give it: prose such as "licensed to
/// practice in California", or a line that opens with a bare licence label
/// ("Licensure: Pennsylvania"). Inside a sentence a bare label is about
/// someone else ("his driver license: suspended in Nevada").
pub fn license_state_from_letter<S: AsRef<str>>(whole_text: &str, lines: &[S]) -> Option<String> {
    LICENSED_IN
        .runs(whole_text)
        .find_map(taxonomy::normalize_state)
        .or_else(|| {
            lines.iter().find_map(|line| {
                let value = bare_license_label_value(line.as_ref())?;
                taxonomy::state_named_in(value.split(['.', ';']).next().unwrap_or(value))
            })
        })
        .map(str::to_string)
}

/// What follows a bare licence label ("License:", "Licence:", "Licensure:")
/// that opens `line`, in any ASCII case.
fn bare_license_label_value(line: &str) -> Option<&str> {
    let line = line.trim_start();
    // Nearly every line is ruled out by its first letter.
    if !line.starts_with(['l', 'L']) {
        return None;
    }
    let after_label = ["license", "licence", "licensure"]
        .iter()
        .find_map(|label| strip_prefix_ignore_ascii_case(line, label))?;
    after_label.trim_start().strip_prefix(':')
}

// ---------------------------------------------------------------------------
// Age and sex
// ---------------------------------------------------------------------------

const AGE_AND_SEX_SOURCE: &str = r"\b(\d{1,3})\s*-?\s*(?:years?|yrs?\.?|y/?o)(?:\s*-?\s*old|\s+of\s+age)?(?:[\s,-]+(?:[a-z]+[\s-]+){0,4}?(male|female|man|woman|gentleman|lady|gentlemen|boy|girl))?\b";
static AGE_AND_SEX: LazyLock<Regex> = LazyLock::new(|| pattern(AGE_AND_SEX_SOURCE));
/// [`AGE_AND_SEX`] for anchored searches that want only a match's end.
static AGE_AND_SEX_END: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    regex_automata::meta::Regex::builder()
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
        .build(AGE_AND_SEX_SOURCE)
        .expect("extraction patterns are fixed at compile time and covered by tests")
});
static AGE_WORD: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\b(?:age|aged|age of)\s*:?\s*(\d{1,3})\b"));
/// A word naming the sex, with `{b}` for a word boundary. Every boundary
/// stands next to an ASCII letter of the pattern.
const SEX_WORD_SOURCE: &str =
    r"{b}(male|female|man|woman|gentleman|lady|miss){b}|{b}(mr|mrs|ms)\.|{b}sex\s*:\s*([mf]){b}";
static SEX_WORD: LazyLock<Regex> =
    LazyLock::new(|| pattern(&SEX_WORD_SOURCE.replace("{b}", r"\b")));
/// [`SEX_WORD`] with ASCII word boundaries, which the regex crate's fast
/// engine can follow through non-ASCII text (it gives up on Unicode ones
/// there). A Unicode boundary next to an ASCII letter is an ASCII one too,
/// so this finds every match [`SEX_WORD`] finds, and a few more only where
/// a non-ASCII character stands next to the match.
static SEX_WORD_ASCII_BOUNDARIES: LazyLock<Regex> =
    LazyLock::new(|| pattern(&SEX_WORD_SOURCE.replace("{b}", r"(?-u:\b)")));

/// The first match of [`SEX_WORD`] in `text`.
fn first_sex_word(text: &str) -> Option<regex::Captures<'_>> {
    let caps = SEX_WORD_ASCII_BOUNDARIES.captures(text)?;
    let whole = caps.get(0)?;
    let before = text[..whole.start()].chars().next_back();
    let after = text[whole.end()..].chars().next();
    if before.is_none_or(|c| c.is_ascii()) && after.is_none_or(|c| c.is_ascii()) {
        // Both boundaries hold in Unicode terms too, so SEX_WORD would
        // find this match first as well.
        Some(caps)
    } else {
        SEX_WORD.captures(text)
    }
}
static PRONOUNS: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b(he|his|him|she|her|hers)\b"));

fn sex_of(word: &str) -> Option<Sex> {
    let word = word.to_ascii_lowercase();
    match word.as_str() {
        "male" | "man" | "gentleman" | "gentlemen" | "boy" | "mr" | "m" => Some(Sex::Male),
        "female" | "woman" | "lady" | "girl" | "mrs" | "ms" | "miss" | "f" => Some(Sex::Female),
        _ => None,
    }
}

/// Age and sex from a case summary: "a 59 year old male", "59-year-old
/// female", "45 year-old woman", "age 62 ... gentleman"; failing a noun, the
/// pronouns the summary uses.
pub fn age_and_sex(summary: &str) -> (Option<u8>, Option<Sex>) {
    fill_age_and_sex(summary, None, None)
}

/// `age` and `sex`, each as given or, when `None`, as [`age_and_sex`]
/// reads it from `text`. Only the missing facts are searched for: a known
/// sex spares the searches for sex words and the count of pronouns over
/// the whole `text`, and a known age the search for "age 62".
pub fn fill_age_and_sex(
    text: &str,
    age: Option<u8>,
    sex: Option<Sex>,
) -> (Option<u8>, Option<Sex>) {
    let (wants_age, wants_sex) = (age.is_none(), sex.is_none());
    if !wants_age && !wants_sex {
        return (age, sex);
    }
    let mut found_age = None;
    let mut found_sex = None;
    // A search is skipped where no match can stand: the whole letter is
    // searched when its summary lacks a fact, and then mostly lacks it too.
    let phrases = may_hold_age_phrase(text.as_bytes())
        .then(|| age_phrases(text))
        .into_iter()
        .flatten();
    for (digits, sex_word) in phrases {
        let Ok(years) = digits.parse::<u16>() else {
            continue;
        };
        if !(14..=100).contains(&years) {
            continue;
        }
        found_age.get_or_insert(years as u8);
        // The first age is the one read; only a sex still wanted is
        // looked for in later phrases.
        if !wants_sex {
            break;
        }
        if let Some(word) = sex_word {
            found_sex = sex_of(word);
            break;
        }
    }
    if wants_age && found_age.is_none() && may_hold_age_word(text.as_bytes()) {
        found_age = AGE_WORD
            .captures(text)
            .and_then(|caps| caps[1].parse::<u8>().ok())
            .filter(|years| (14..=100).contains(years));
    }
    if wants_sex && found_sex.is_none() {
        found_sex = first_sex_word(text).and_then(|caps| {
            let word = (1..=3).find_map(|group| caps.get(group))?;
            sex_of(word.as_str())
        });
    }
    if wants_sex && found_sex.is_none() {
        found_sex = sex_by_pronouns(text);
    }
    (age.or(found_age), sex.or(found_sex))
}

/// Whether an [`AGE_AND_SEX`] match may stand in `text`: a `y` (every
/// unit opens with one) after a digit, with white space and a dash
/// between as the pattern allows. The letter `y` has no other case outside
/// ASCII, and a byte past ASCII where the digit or the white space would
/// stand may belong to a Unicode one: such places may hold a match too.
fn may_hold_age_phrase(text: &[u8]) -> bool {
    memchr::memchr2_iter(b'y', b'Y', text).any(|unit| {
        age_gap_start(text, unit)
            .checked_sub(1)
            .is_some_and(|last| text[last].is_ascii_digit() || !text[last].is_ascii())
    })
}

/// Where the ASCII white space and dash that [`AGE_AND_SEX`] allows
/// between the age's digits and the unit start, for a unit whose `y`
/// stands at `unit`: the end of the digits, if a match has its unit there
/// and writes them in ASCII.
fn age_gap_start(text: &[u8], unit: usize) -> usize {
    let before_spaces = |mut end: usize| {
        while end > 0 && is_ascii_space(text[end - 1]) {
            end -= 1;
        }
        end
    };
    let end = before_spaces(unit);
    if end > 0 && text[end - 1] == b'-' {
        before_spaces(end - 1)
    } else {
        end
    }
}

/// The spans of the matches of [`AGE_AND_SEX`] in ASCII `text`, as
/// `find_iter` gives them, found without a search backwards from each
/// match's end for its start, nor a search through the text before it.
///
/// In ASCII text a match starts where a run of ASCII digits does (after a
/// word boundary, and `\d{1,3}` must take every digit, as the unit cannot
/// follow one), and the `y` opening its unit follows that run after the
/// white space and dash the pattern allows. So the run before each `y`
/// and its gap is the one place a match with that unit may start, and
/// these places come in order. An anchored search there finds the match
/// that starts there, if any; the first found at or after the previous
/// match's end is the next match.
fn ascii_age_phrase_spans(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    memchr::memchr2_iter(b'y', b'Y', bytes).filter_map(move |unit| {
        let digits_end = age_gap_start(bytes, unit);
        let digits = bytes[..digits_end]
            .iter()
            .rev()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        let start = digits_end - digits;
        if digits == 0 || start < from {
            return None;
        }
        let input = regex_automata::Input::new(text)
            .range(start..)
            .anchored(regex_automata::Anchored::Yes);
        let end = AGE_AND_SEX_END.search_half(&input)?.offset();
        from = end;
        Some(start..end)
    })
}

/// Whether an [`AGE_WORD`] match may stand in `text`: "age" in any case
/// and after no ASCII word byte, then only white space, colons and the letters of "d" and " of" before
/// a digit. These letters have no other case outside ASCII, and a byte
/// past ASCII where the white space or the digit would stand may belong
/// to a Unicode one: such places may hold a match too.
fn may_hold_age_word(text: &[u8]) -> bool {
    memchr::memchr2_iter(b'g', b'G', text).any(|g| {
        // "age" after no ASCII word byte, as the word boundary needs.
        let is_age = g.checked_sub(1).is_some_and(|a| {
            text[a].eq_ignore_ascii_case(&b'a')
                && a.checked_sub(1)
                    .is_none_or(|before| !is_ascii_word_byte(text[before]))
        }) && text
            .get(g + 1)
            .is_some_and(|e| e.eq_ignore_ascii_case(&b'e'));
        if !is_age {
            return false;
        }
        let rest = &text[g + 2..];
        let gap = rest
            .iter()
            .take_while(|&&byte| {
                is_ascii_space(byte)
                    || matches!(byte.to_ascii_lowercase(), b':' | b'd' | b'o' | b'f')
            })
            .count();
        rest.get(gap)
            .is_some_and(|&byte| byte.is_ascii_digit() || !byte.is_ascii())
    })
}

/// The sex whose pronouns `text` uses more often, if either.
fn sex_by_pronouns(text: &str) -> Option<Sex> {
    let (male, female) =
        pronoun_counts_by_bytes(text.as_bytes()).unwrap_or_else(|| pronoun_counts(text));
    match male.cmp(&female) {
        std::cmp::Ordering::Greater => Some(Sex::Male),
        std::cmp::Ordering::Less => Some(Sex::Female),
        std::cmp::Ordering::Equal => None,
    }
}

/// The male and female pronouns (of [`PRONOUNS`]) that `text` uses.
/// "He/she" in boilerplate says nothing: pronouns beside a '/' are skipped.
fn pronoun_counts(text: &str) -> (usize, usize) {
    let (mut male, mut female) = (0, 0);
    for found in PRONOUNS.find_iter(text) {
        let before = text[..found.start()].chars().next_back();
        let after = text[found.end()..].chars().next();
        if before == Some('/') || after == Some('/') {
            continue;
        }
        match found.as_str().to_ascii_lowercase().as_str() {
            "he" | "his" | "him" => male += 1,
            _ => female += 1,
        }
    }
    (male, female)
}

/// The counts [`pronoun_counts`] gives, read from the bytes around each
/// `h` instead of by a search, which stops at every "the", "this" and
/// "which" to test its word boundaries. `None` when only the search can
/// tell.
///
/// Why they are the same: the letters of [`PRONOUNS`] have no other case
/// outside ASCII but the long s `ſ` (of `s`), so in text without one a
/// match is ASCII letters. It stands between word boundaries, and ASCII
/// word bytes (letters, digits, `_`) are word characters, so a match is a
/// whole run of ASCII word bytes, and every run that is a pronoun is one
/// match (where the alternation tries a shorter pronoun first, the
/// boundary after it fails); runs do not overlap. Every pronoun has an
/// `h`, first or after the `s` of "she". A byte past ASCII beside such a
/// run may belong to a word character or not (and to a '/' or not): then
/// the search decides.
fn pronoun_counts_by_bytes(text: &[u8]) -> Option<(usize, usize)> {
    if memchr::memmem::find(text, "\u{17f}".as_bytes()).is_some() {
        return None;
    }
    let (mut male, mut female) = (0, 0);
    for h in memchr::memchr2_iter(b'h', b'H', text) {
        let start = match h.checked_sub(1) {
            Some(before) if text[before].eq_ignore_ascii_case(&b's') => before,
            _ => h,
        };
        let before = start.checked_sub(1).map(|index| text[index]);
        if before.is_some_and(is_ascii_word_byte) {
            continue;
        }
        // A run of more than four bytes is no pronoun.
        let len = text[start..]
            .iter()
            .take(5)
            .take_while(|&&byte| is_ascii_word_byte(byte))
            .count();
        let run = &text[start..start + len];
        let is_male = [&b"he"[..], b"his", b"him"]
            .iter()
            .any(|pronoun| run.eq_ignore_ascii_case(pronoun));
        let is_female = [&b"she"[..], b"her", b"hers"]
            .iter()
            .any(|pronoun| run.eq_ignore_ascii_case(pronoun));
        if !is_male && !is_female {
            continue;
        }
        let after = text.get(start + len).copied();
        if before.is_some_and(|byte| !byte.is_ascii()) || after.is_some_and(|byte| !byte.is_ascii())
        {
            return None;
        }
        if before == Some(b'/') || after == Some(b'/') {
            continue;
        }
        if is_male {
            male += 1;
        } else {
            female += 1;
        }
    }
    Some((male, female))
}

/// The words of [`AGE_AND_SEX`]'s second group.
const AGE_SEX_WORDS: [&str; 9] = [
    "male",
    "female",
    "man",
    "woman",
    "gentleman",
    "lady",
    "gentlemen",
    "boy",
    "girl",
];

/// The two groups of each match of [`AGE_AND_SEX`] in `text`: the age's
/// digits and the word naming the sex, if the match has one.
///
/// Reading groups costs the regex crate a slower engine than finding the
/// match, and in ASCII text the match alone tells them: the age is the
/// digits that open it (the greedy `\d{1,3}` must take every digit, as
/// the unit cannot follow one), and the sex word is the one that ends it
/// after white space, a comma or a dash. Only the optional last group can
/// end a match that way (the units, `old` and `age` end in no sex word),
/// and no other sex word ends there after such a character (`female`
/// ends in `male` after an `e`, `woman` and `gentleman` in `man` after a
/// letter).
fn age_phrases(text: &str) -> Box<dyn Iterator<Item = (&str, Option<&str>)> + '_> {
    if !text.is_ascii() {
        return Box::new(
            AGE_AND_SEX
                .captures_iter(text)
                .filter_map(|caps| Some((caps.get(1)?.as_str(), caps.get(2).map(|m| m.as_str())))),
        );
    }
    Box::new(ascii_age_phrase_spans(text).map(|span| {
        let phrase = &text[span];
        let digits = phrase.bytes().take_while(u8::is_ascii_digit).count();
        (&phrase[..digits], sex_word_ending(phrase))
    }))
}

/// The sex word (of [`AGE_SEX_WORDS`], in any ASCII case) that ends
/// `phrase` after white space, a comma or a dash.
fn sex_word_ending(phrase: &str) -> Option<&str> {
    let bytes = phrase.as_bytes();
    AGE_SEX_WORDS.iter().find_map(|word| {
        let start = bytes.len().checked_sub(word.len())?;
        let before = *bytes.get(start.checked_sub(1)?)?;
        let follows_gap = is_ascii_space(before) || before == b',' || before == b'-';
        (follows_gap && bytes[start..].eq_ignore_ascii_case(word.as_bytes()))
            .then(|| &phrase[start..])
    })
}

static DATE_OF_INJURY_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?:date\s+of\s+injury|injured\s+on|injury\s+(?:on|of|dated)|\bDOI\b)\s*(?:is|was|of|:)?\s*([^.;]{0,40})",
    )
});

/// A date of injury stated in prose ("whose date of injury is 01/16/2009").
pub fn date_of_injury_from_prose(text: &str) -> Option<NaiveDate> {
    DATE_OF_INJURY_PROSE
        .captures_iter(text)
        .find_map(|caps| parse_date(&caps[1]))
}

static DIAGNOSIS_LIST: LazyLock<LeadThenRun> = LazyLock::new(|| {
    LeadThenRun::new(
        r"(?:diagnos(?:is|es|ed)(?:\s+(?:include|includes|included|of|with|are|is))?|assessment\s+(?:notes|includes?))\s*:?\s*",
        &['.'],
        3,
        400,
    )
});

/// Diagnoses listed in a summary ("Diagnoses include lumbar radiculopathy,
/// cervical strain and ..."), as lowercase phrases.
pub fn diagnoses(summary: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for list in DIAGNOSIS_LIST.runs(summary) {
        for part in split_at_commas(list) {
            for piece in split_on_and(part) {
                let piece = strip_repeated_prefix(trim_spaces(piece), "and ");
                let piece = trim_spaces(strip_repeated_prefix(piece, "of ")).to_lowercase();
                if piece.len() >= 3
                    && piece.len() <= 80
                    && !reads_as_clause(&piece)
                    && !found.contains(&piece)
                {
                    found.push(piece);
                }
            }
        }
    }
    found
}

/// The parts of `text` between commas and semicolons, as
/// `text.split([',', ';'])` gives them, found with a vectorised byte search
/// (both are ASCII, so every cut falls on a character boundary).
fn split_at_commas(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr2_iter(b',', b';', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let part = &text[start..end];
            start = end + 1;
            part
        })
}

/// The word " and ", searched for with one searcher built once.
static AND: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" and "));

/// The pieces of `text` between the words " and ", as `text.split(" and ")`
/// gives them, without building a substring searcher for each piece.
fn split_on_and(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match AND.find(current.as_bytes()) {
            Some(at) => {
                rest = Some(&current[at + AND.needle().len()..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// `text` without any repeats of `prefix` at its start, as
/// `text.trim_start_matches(prefix)` gives it without building a searcher.
fn strip_repeated_prefix<'t>(mut text: &'t str, prefix: &str) -> &'t str {
    if prefix.is_empty() {
        return text;
    }
    while let Some(rest) = text.strip_prefix(prefix) {
        text = rest;
    }
    text
}

/// Whether a piece of a diagnosis list is a clause rather than a diagnosis:
/// "lumbar facet syndrome; there are no radicular findings" lists one
/// diagnosis and one negative finding. Diagnoses are noun phrases; a verb
/// of being or having, or a leading "no", marks a finding.
fn reads_as_clause(piece: &str) -> bool {
    const CLAUSE_WORDS: &[&str] = &["is", "are", "was", "were", "has", "have", "had", "there"];
    piece.starts_with("no ")
        || piece
            .split_whitespace()
            .any(|word| CLAUSE_WORDS.contains(&word))
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

/// Normalises a line for heading comparison: uppercase, single spaces, no
/// trailing colon.
pub fn heading_key(line: &str) -> String {
    collapse_spaces(line)
        .trim_end_matches(':')
        .trim()
        .to_ascii_uppercase()
}

/// Unwraps `lines` into running text (see [`join_lines`]).
pub fn paragraph(lines: &[String]) -> String {
    join_lines(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_every_written_form() {
        let table = [
            ("01/16/2009", date(2009, 1, 16)),
            ("1/16/09", date(2009, 1, 16)),
            ("01-16-2009", date(2009, 1, 16)),
            ("2009-01-16", date(2009, 1, 16)),
            ("January 16, 2009", date(2009, 1, 16)),
            ("Jan. 16 2009", date(2009, 1, 16)),
            ("16 January 2009", date(2009, 1, 16)),
            ("03/10/95", date(1995, 3, 10)),
            ("13/45/2009", None),
            ("no date here", None),
        ];
        for (text, expected) in table {
            assert_eq!(parse_date(text), expected, "{text}");
        }
    }

    #[test]
    fn slashed_dates_alone_read_as_the_search_reads_them() {
        let search = |text: &str| {
            NUMERIC_DATE
                .captures(text)
                .and_then(|caps| month_day_year(&caps[1], &caps[2], &caps[3]))
        };
        for text in [
            "01/16/2009",
            "1/6/09",
            "12/31/1999",
            "13/45/2009",
            "02/30/2013",
            "0/0/0000",
            "00/00/0000",
            "09/31/2015",
            "02/29/2016",
            "02/29/2015",
        ] {
            assert_eq!(slashed_date_alone(text), Some(search(text)), "{text}");
        }
        for text in [
            "01/16/209",
            "01/16/2009 ",
            "1/16",
            "001/16/2009",
            "1/16/2009/1",
            "1-16-2009",
            "a/16/2009",
            "/16/2009",
            "\u{661}/16/2009",
            "12/12/12345",
            "1/2/3/4",
            "1//2009",
            "01/16/20x9",
            "1x/16/2009",
            "",
        ] {
            assert_eq!(slashed_date_alone(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Any text of digits and slashes that is read without a search is
        /// read as the search reads it.
        #[test]
        fn slashed_dates_alone_read_as_the_search_reads_them_anywhere(
            text in "[0-9/x ]{0,12}|[0-9]{2}/[0-9]{2}/[0-9]{4}"
        ) {
            if let Some(date) = slashed_date_alone(&text) {
                let search = NUMERIC_DATE
                    .captures(&text)
                    .and_then(|caps| month_day_year(&caps[1], &caps[2], &caps[3]));
                proptest::prop_assert_eq!(date, search, "{:?}", text);
            }
        }
    }

    /// [`parse_date`] as the three searches alone read a date.
    fn date_by_search_alone(text: &str) -> Option<NaiveDate> {
        date_by_search(text, [true; 3])
    }

    #[test]
    fn date_forms_skipped_only_where_they_read_no_date() {
        for text in [
            "CM14-3200291",
            "2541926-WC-14",
            "04-93207-148",
            "9639-9187-62",
            "A12-345678",
            "x2009-01-16",
            "2009-01-16x and 2010-02-03",
            "\u{661}\u{662}/16/2009 or 03/04/2005",
            "1 / 16 / 09",
            "1\u{a0}/\u{a0}16/2009",
            "1\u{b}.16.2009",
            "a1/16/2009, 2/17/2010",
            "123/4/2009",
            "12/345/2009",
            "12/3/2",
            "\u{17f}ept 16, 2009 or Sept 17, 2009",
            "SEPT. 16TH, 2009",
            "16 dec 2009",
            "Kelvin 5 2009",
            "April 31, 2009 then May 1, 2009",
            "October 16, 2015",
            "Sept. 3rd 2014",
            "sEPTEMBER 03RD,  2014",
            "February 30, 2015",
            "May 1,2015",
            "May 123, 2015",
            "Ma 12, 2015",
            "Mayday 12 2015",
            "Jan.12, 2015",
            "Jan 12, 20155",
            "Jan 12, 2015.",
            "Jan 12th, 2015 ",
            "Jan 12 th 2015",
            "Jan  1  2015",
            "Jan 1, 95",
            "13/45/2009 then 01/16/2009",
        ] {
            assert_eq!(parse_date(text), date_by_search_alone(text), "{text}");
        }
    }

    #[test]
    fn spaces_trimmed_as_str_trim_trims_them() {
        for text in [
            "",
            "   ",
            "  a b  ",
            "\u{b}\t x \u{a0} \r\n",
            "\u{3000} \u{e9} \u{2003}",
            "x",
        ] {
            assert_eq!(trim_spaces(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn case_numbers_alone_read_as_the_search_reads_them() {
        let search = |text: &str| {
            CASE_NUMBER
                .find(text)
                .map(|found| found.as_str().to_ascii_uppercase())
        };
        for text in [
            "CM13-0012345",
            "cm13-1234",
            "Cm13-12345678",
            "CM13-123456789",
            "CM13-123",
            "CM1-12345",
            "CM13-12a45",
            "CM13-0012345 ",
            "xCM13-0012345",
            "CM13-\u{661}\u{662}\u{663}\u{664}",
        ] {
            assert_eq!(find_case_number(text), search(text), "{text}");
        }
    }

    #[test]
    fn further_labels_found_as_the_whole_search_finds_them() {
        for line in [
            "Date of Injury:  09/01/1997                   UR Denial Date:  04/30/2016",
            "Case Number:  CM16-5545970                    Date Assigned:  06/06/2016",
            "Employee: Re: x Claim Number:Specialty:",
            "Claim Number: CM Dated:\tDated : DOI:",
            "Dated: 01/02/2014 MAXIMUS Case No.: CM14-1234567\u{b}Priority: Standard",
            "Dated: x\u{a0}Priority: y",
            "Employee: Date: none: here:",
            "Employee:Employer:",
        ] {
            let mut found = Vec::new();
            opening_labels(line, &mut found);
            let first = LABEL_AT.find(line).expect("the line opens with a label");
            let whole: Vec<(usize, usize, Label)> = std::iter::once(first)
                .chain(LABEL_AT.find_iter_from(line, first.end))
                .map(|label| (label.start, label.end, LABELS[label.row].1))
                .collect();
            assert_eq!(found, whole, "{line}");
        }
    }

    #[test]
    fn anchored_labels_found_as_the_general_regex_finds_them() {
        for line in [
            "Claim Number:  3089648010",
            "MAXIMUS Case Number:  CM16-5545970",
            "  IMR Case No.: CM13-1",
            "Date of UR Decision:  04/30/2016  Date of Injury: 09/01/1997",
            "Date of this Notice : x",
            "State(s) of Licensure: CA\tCertification(s) / Specialty: Psychiatry",
            "\u{17f}tate of licen\u{17f}ure: CA",
            "\u{a0}Employee:\u{2003}Re:",
            "DWC\u{3000}Review Type:",
            "Dear Sir: hello",
            "Dated",
            "",
            // ASCII lines, read by lookup: any case, any white space where
            // the patterns allow it, and near misses.
            "CASE   NUMBER :\tCM13-1 claim\x0bno. : 2",
            "CaseNumber: x ClaimNo: y Case#: z Case No: w",
            "State (s) of Licensure: CA State s) of Licensure: CA",
            "Certification(s) /Specialty: x Certification( /  Specialty: y",
            "Certifications/Specialty: x Certification()/Specialty:",
            "DWC  Date of this Letter:\tMAXIMUS\t\tDated:",
            "IMR IMR Case #: x IMR MAXIMUS Case #: y",
            "Date of  Injury  : x Date ofInjury: y DateofInjury: z",
            " \tDated: x  Dated: y Datedx: z xDated: w",
            "Date of UR Determination\r: x UR Decision Date: y Licensure State:",
            "Re: Re : re:Re:: :Re: Date Received: Review Type:",
            "Employee :: Employer:Claimant: Patient Insurer: Reviewer:",
            "Board Certification: x Specialty: y State of License:",
            "Date: Case: Number: Date of: :",
            "Date of Injury: x Date of \u{e9}: Date of Injury\u{a0}:",
            "MAXIMUS Certification(s) / Specialty (a very long label text):",
        ] {
            assert_labels_found_as_the_regex_finds_them(line);
        }
    }

    /// That the label starting at each place of `line` is the one the
    /// general regex finds there.
    fn assert_labels_found_as_the_regex_finds_them(line: &str) {
        for at in (0..=line.len()).filter(|&at| line.is_char_boundary(at)) {
            assert_eq!(
                label_starting_at(line, at),
                LABEL_AT.find_starting_at(line, at),
                "{line:?} at {at}"
            );
        }
    }

    #[test]
    fn labels_about_the_normalising_buffer_found_as_the_general_regex_finds_them() {
        // Label texts of 62 to 67 bytes before the colon (the buffer holds
        // 64), lines without a colon, and colons further on.
        let mut lines = Vec::new();
        for spaces in 50..=56 {
            let gap = " ".repeat(spaces);
            lines.push(format!("Case Number{gap}: CM13-1"));
            lines.push(format!("Case{gap}Number: x"));
            lines.push(format!(" Dated{gap}"));
            lines.push(format!("Dated{gap}x{gap}: y"));
            lines.push(format!("Date of Injury{gap}\u{e9}: y"));
        }
        for line in &lines {
            assert_labels_found_as_the_regex_finds_them(line);
        }
    }

    #[test]
    fn label_forms_are_the_labels_written_plainly() {
        let row = |form: &str| LABEL_FORMS.get(&LabelKey::of(form.as_bytes())?).copied();
        assert_eq!(row("maximus case number"), Some(0));
        assert_eq!(row("imr case no."), Some(0));
        assert_eq!(row("casenumber"), Some(0));
        assert_eq!(row("date of ur decision"), Some(3));
        assert_eq!(row("state(s) of licensure"), Some(6));
        assert_eq!(row("certification(s)/ specialty"), Some(7));
        assert_eq!(row("re"), Some(LABELS.len() - 1));
        for not_a_form in [
            "case  number",
            " case number",
            "case number ",
            "Case Number",
            "",
        ] {
            assert_eq!(row(not_a_form), None, "{not_a_form:?}");
        }
        // Every form, with its spaces widened and its letters in capitals,
        // is still that row's label.
        for (key, &row) in LABEL_FORMS.iter() {
            let bytes: Vec<u8> = key.0.iter().flat_map(|word| word.to_le_bytes()).collect();
            let form = std::str::from_utf8(&bytes).unwrap().trim_end_matches('\0');
            let line = format!("{}\t:", form.replace(' ', " \t ").to_ascii_uppercase());
            let found = LABEL_AT.find_starting_at(&line, 0).map(|found| found.row);
            assert_eq!(found, Some(row), "{line:?}");
        }
    }

    proptest::proptest! {
        /// On any line of label words, white space and punctuation, ASCII
        /// or not, the label found at any place is the general regex's.
        #[test]
        fn labels_anywhere_found_as_the_general_regex_finds_them(
            line in "((?i:maximus|imr|dwc|case|claim|number|no|date|dated|of|ur|injury|state|licensure|certification|specialty|re|employee|this|letter)|[ \t\x0b]{1,3}|[:.()/#s]|\u{a0}|\u{17f}|\u{e9}){0,14}"
        ) {
            for at in (0..=line.len()).filter(|&at| line.is_char_boundary(at)) {
                proptest::prop_assert_eq!(
                    label_starting_at(&line, at),
                    LABEL_AT.find_starting_at(&line, at),
                    "{:?} at {}", line, at
                );
            }
        }
    }

    #[test]
    fn age_phrases_read_as_the_groups_read_them() {
        for text in [
            "a 59 year old male, 2 yrs ago, age 45-yo lady",
            "59 year old, female; 59 yo male-female; 59 yo\tMan",
            "a 40 year-old right-hand dominant gentleman and 40 Years of Age Woman",
            "5 yrs. old boy, 45 y/o GIRL, 46 y/o a b c d e gentlemen",
            "12 year old x y z w man, 13 year old x y z w v man",
            "1234 years, 123 y/o woman, 30 year old woman,",
            "22 years old female-identified, 23 years old females",
            "no age here",
        ] {
            let groups: Vec<(&str, Option<&str>)> = AGE_AND_SEX
                .captures_iter(text)
                .map(|caps| {
                    (
                        caps.get(1).unwrap().as_str(),
                        caps.get(2).map(|m| m.as_str()),
                    )
                })
                .collect();
            assert_eq!(age_phrases(text).collect::<Vec<_>>(), groups, "{text}");
        }
    }

    proptest::proptest! {
        /// On any ASCII text of the pattern's pieces, the phrases found
        /// from each `y` are the matches `find_iter` finds.
        #[test]
        fn age_phrases_anywhere_found_as_find_iter_finds_them(
            text in "((?i:years?|yrs?\\.?|y/?o|y|old|of|age|male|woman|lady|boys?|a|right)|[ \t\x0b,.x_-]|[0-9]{1,4}){0,14}"
        ) {
            let spans: Vec<_> = ascii_age_phrase_spans(&text).collect();
            let matches: Vec<_> = AGE_AND_SEX.find_iter(&text).map(|found| found.range()).collect();
            proptest::prop_assert_eq!(spans, matches, "{:?}", text);
        }
    }

    #[test]
    fn ages_and_sexes() {
        let table = [
            (
                "The injured worker is a 59 year old male whose",
                Some(59),
                Some(Sex::Male),
            ),
            ("a 59-year-old female", Some(59), Some(Sex::Female)),
            ("a 45 year-old woman", Some(45), Some(Sex::Female)),
            (
                "This 62 year old right-hand dominant gentleman",
                Some(62),
                Some(Sex::Male),
            ),
            ("The patient is a 38 yo lady", Some(38), Some(Sex::Female)),
            (
                "The applicant, age 51, reports that she fell",
                Some(51),
                Some(Sex::Female),
            ),
            (
                "A 40-year-old injured worker. He/she ... He reports pain",
                Some(40),
                Some(Sex::Male),
            ),
            ("Nothing here", None, None),
        ];
        for (text, expected_age, expected_sex) in table {
            assert_eq!(age_and_sex(text), (expected_age, expected_sex), "{text}");
        }
    }

    #[test]
    fn only_missing_facts_are_filled() {
        let texts = [
            "The injured worker is a 59 year old male whose",
            "The applicant, age 51, reports that she fell",
            "A 40-year-old injured worker. He/she ... He reports pain",
            "a 12 year old boy; she is 45 year old; her knee",
            "Nothing here",
        ];
        let knowns = [
            (None, None),
            (Some(30), None),
            (None, Some(Sex::Female)),
            (Some(30), Some(Sex::Male)),
        ];
        for text in texts {
            let (read_age, read_sex) = age_and_sex(text);
            for (age, sex) in knowns {
                assert_eq!(
                    fill_age_and_sex(text, age, sex),
                    (age.or(read_age), sex.or(read_sex)),
                    "{text} {age:?} {sex:?}"
                );
            }
        }
    }

    #[test]
    fn sex_words_next_to_non_ascii_characters() {
        for text in [
            "a lady",
            "\u{e9}man, then a woman",
            "\u{a7}man",
            "Mr.\u{e9} x",
            "sex: f\u{e9}",
            "s\u{e9}x: m",
            "none here",
        ] {
            let first =
                |caps: Option<regex::Captures<'_>>| caps.map(|caps| caps.get(0).map(|m| m.range()));
            assert_eq!(
                first(first_sex_word(text)),
                first(SEX_WORD.captures(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn pronoun_letters_have_no_other_case_outside_ascii_but_the_long_s() {
        let letters = pattern("^[ehimrs]$");
        let others: Vec<char> = (0x80..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| letters.is_match(&c.to_string()))
            .collect();
        assert_eq!(others, ['\u{17f}']);
    }

    #[test]
    fn pronouns_counted_by_bytes_as_the_search_counts_them() {
        for text in [
            "He reports pain. She said his/her knee; HIM, hers and her",
            "the then this which shed sheep hew hiss herself h he",
            "He/she he/ /she his/her /him/ she/ /hers",
            "_he he_ 2he he2 he. (she) \"him\" -her- 'hers'",
            "\u{e9}he she\u{e9} \u{2019}his\u{2019} caf\u{e9} him",
            "\u{17f}he reports",
            "Sh\u{17f} he",
            "s he, sHe, ShE, hE, Hi, hIS, HERS, hersh",
            "",
            "h",
            "sh",
        ] {
            if let Some(counts) = pronoun_counts_by_bytes(text.as_bytes()) {
                assert_eq!(counts, pronoun_counts(text), "{text:?}");
            }
        }
        assert_eq!(
            pronoun_counts_by_bytes(b"He said she/he saw her; his hers HIM"),
            Some((3, 2))
        );
        assert_eq!(pronoun_counts_by_bytes("\u{e9}he".as_bytes()), None);
        assert_eq!(pronoun_counts_by_bytes("the \u{17f}".as_bytes()), None);
    }

    proptest::proptest! {
        /// On any text of pronoun letters, word bytes, slashes and
        /// characters past ASCII, the counts read from bytes are the
        /// search's whenever they are given.
        #[test]
        fn pronouns_anywhere_counted_by_bytes_as_the_search_counts_them(
            text in "((?i:he|his|him|she|her|hers|s|h|t)|[ /._2\n]|\u{e9}|\u{2019}|\u{17f}|\u{a0}){0,16}"
        ) {
            if let Some(counts) = pronoun_counts_by_bytes(text.as_bytes()) {
                proptest::prop_assert_eq!(counts, pronoun_counts(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn age_letters_have_no_other_case_outside_ascii() {
        let letters = pattern("^[adefgoy]$");
        let others = (0x80..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| letters.is_match(&c.to_string()))
            .count();
        assert_eq!(others, 0);
    }

    #[test]
    fn age_searches_skipped_only_where_they_cannot_match() {
        for text in [
            "a 59 year old male",
            "59-year-old",
            "59 - yo",
            "59\t-\u{b}Years",
            "59\u{a0}years",
            "\u{663}\u{662} years",
            "age 62",
            "AGED: 62",
            "age of 62",
            "Age\u{a0}62",
            "age \u{663}",
            "age:\t\u{b}7",
            "they were 5 - - years; 59x years; page 5; a ge 5; agent 5",
            "59 yo",
            "",
            "y",
            "ag",
            "age",
            "_age 5",
            "\u{e9}age 5",
            "x.age 5",
        ] {
            if !may_hold_age_phrase(text.as_bytes()) {
                assert!(!AGE_AND_SEX.is_match(text), "{text:?}");
            }
            if !may_hold_age_word(text.as_bytes()) {
                assert!(!AGE_WORD.is_match(text), "{text:?}");
            }
        }
        assert!(!may_hold_age_phrase(
            b"they were 5 - - years; 59x years; by"
        ));
        assert!(!may_hold_age_word(b"page 5; a ge 5; agent 5; aged x 5"));
    }

    proptest::proptest! {
        /// On any text of the patterns' pieces, white space, digits and
        /// characters past ASCII, a search skipped would find no match.
        #[test]
        fn age_searches_skipped_anywhere_only_where_they_cannot_match(
            text in "((?i:years?|yrs?|y/?o|y|age|aged|of|old|male|d|o|f)|[ \t\x0b:/.,x-]|[0-9]{1,4}|\u{a0}|\u{663}|\u{e9}){0,12}"
        ) {
            if !may_hold_age_phrase(text.as_bytes()) {
                proptest::prop_assert!(!AGE_AND_SEX.is_match(&text), "{:?}", text);
            }
            if !may_hold_age_word(text.as_bytes()) {
                proptest::prop_assert!(!AGE_WORD.is_match(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn redacted_claims_found_as_the_lowercased_copy_finds_them() {
        let by_lowercasing = |value: &str| {
            let lower = value.to_ascii_lowercase();
            lower.contains("redacted")
                || lower == "n/a"
                || lower == "none"
                || lower.chars().all(|c| c == '*' || c == 'x' || c == '_')
        };
        for value in [
            "[REDACTED]",
            "Redacted",
            "redacte",
            "N/A",
            "n/a ",
            "None",
            "NONE!",
            "XX**__x",
            "XX**__y",
            "\u{d7}x",
            "",
            "12345",
            "un-REDACTED-ish",
        ] {
            assert_eq!(is_redacted(value), by_lowercasing(value), "{value:?}");
        }
    }

    #[test]
    fn header_labels_inline_paired_and_in_blocks() {
        let lines: Vec<String> = [
            "Case Number: CM13-0012345     Date Assigned: 03/05/2014",
            "UR Denial Date: 02/20/2014",
            "Date of Injury:",
            "Claim Number:",
            "Employee:",
            "01/16/2009",
            "ABC-123-456",
            "[redacted]",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let header = parse_header(&lines);
        assert_eq!(header.case_number.as_deref(), Some("CM13-0012345"));
        assert_eq!(header.date_assigned, date(2014, 3, 5));
        assert_eq!(header.ur_denial_date, date(2014, 2, 20));
        assert_eq!(header.date_of_injury, date(2009, 1, 16));
        assert_eq!(header.claim_number.as_deref(), Some("ABC-123-456"));
    }

    #[test]
    fn label_block_with_issuer_prefixes() {
        let lines: Vec<String> = [
            "Employee:",
            "Claim Number:",
            "Date of UR Decision:",
            "IMR Application Received:",
            "Date Assigned:",
            "MAXIMUS Case Number:",
            "[redacted]",
            "9639918762",
            "04/18/2014",
            "05/04/2014",
            "05/17/2014",
            "CM14-3509966",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let header = parse_header(&lines);
        assert_eq!(header.claim_number.as_deref(), Some("9639918762"));
        assert_eq!(header.ur_denial_date, date(2014, 4, 18));
        assert_eq!(header.date_assigned, date(2014, 5, 17));
        assert_eq!(header.case_number.as_deref(), Some("CM14-3509966"));
    }

    #[test]
    fn label_block_holding_labels_we_do_not_read() {
        // As a converter may give a first page laid out in two columns.
        let lines = [
            "Case Number:",
            "Date Assigned:",
            "Date of Injury:",
            "UR Denial Date:",
            "Priority:",
            "Application Received:",
            "Employee Name:",
            "Claim Number:",
            "Treating Provider:",
            "CM15-0087213",
            "05/08/2015",
            "06/19/2012",
            "04/27/2015",
            "Standard",
            "05/04/2015",
            "[Redacted]",
            "77-2013-00451",
            "[Redacted]",
        ];
        let header = parse_header(&lines);
        assert_eq!(header.case_number.as_deref(), Some("CM15-0087213"));
        assert_eq!(header.date_assigned, date(2015, 5, 8));
        assert_eq!(header.date_of_injury, date(2012, 6, 19));
        assert_eq!(header.ur_denial_date, date(2015, 4, 27));
        assert_eq!(header.claim_number.as_deref(), Some("77-2013-00451"));
        let header = parse_header(&["IMR Assignment Date:      12/10/2014", "D/I: 05/30/13"]);
        assert_eq!(header.date_assigned, date(2014, 12, 10));
        assert_eq!(header.date_of_injury, date(2013, 5, 30));
        // With no label waiting, a line ending in a colon is no label's value.
        assert!(!is_bare_label(
            "Dear [Redacted]: MAXIMUS has completed the review:"
        ));
        assert!(is_bare_label("  Application Received:"));
    }

    #[test]
    fn reviewer_from_prose() {
        let text = "The expert reviewer is Board Certified in Anesthesiology and is licensed to practice in California. He/she has been";
        assert_eq!(
            specialty_from_prose(text).as_deref(),
            Some("Anesthesiology")
        );
        assert_eq!(
            license_state_from_prose(text).as_deref(),
            Some("California")
        );
        let text = "The reviewer is board-certified in Physical Medicine and Rehabilitation, licensed in the State of Texas.";
        assert_eq!(
            specialty_from_prose(text).as_deref(),
            Some("Physical Medicine & Rehabilitation")
        );
        assert_eq!(license_state_from_prose(text).as_deref(), Some("Texas"));
    }

    #[test]
    fn reviewer_from_other_phrasings_and_labels() {
        let text =
            "This case was reviewed by a physician who is board-certified in Orthopaedic Surgery, \
                    and holds an active, unrestricted license to practice medicine in Florida.";
        assert_eq!(license_state_from_prose(text).as_deref(), Some("Florida"));
        // A label block, joined: the board certification, not the
        // subspecialty after it, is the specialty.
        let text = "Board Certified: Orthopaedic Surgery Subspecialty: Sports Medicine Licensed in: Arizona \
                    The reviewer has been in active clinical practice for more than five years.";
        assert_eq!(
            specialty_from_prose(text).as_deref(),
            Some("Orthopedic Surgery")
        );
        assert_eq!(license_state_from_prose(text).as_deref(), Some("Arizona"));
        assert_eq!(
            license_state_from_prose("Her licensure in the State of Oregon is current.").as_deref(),
            Some("Oregon")
        );
        assert_eq!(
            specialty_from_prose(
                "Board Certified: Yes Licensed in: Arizona. Specialty: Neurology."
            ),
            Some("Neurology".to_string())
        );
        // "in" must be a word of its own.
        assert_eq!(
            license_state_from_prose("The drug is licensed indefinitely; Texas law applies."),
            None
        );
        // Labels in a block of qualifications.
        let block =
            "Board Certification:     Anesthesiology Subspecialty:            Pain Medicine \
                     Licensure:               Pennsylvania Years in practice:       more than 15; \
                     currently in active practice";
        assert_eq!(
            specialty_from_prose(block).as_deref(),
            Some("Anesthesiology")
        );
        assert_eq!(
            license_state_from_prose(block).as_deref(),
            Some("Pennsylvania")
        );
        assert_eq!(
            license_state_from_prose("License state: CA. Board Certifications: none").as_deref(),
            Some("California")
        );
        assert_eq!(license_state_from_prose("License: pending."), None);
        // A bare label's value names a state in full: "MD" is a degree.
        for degree in [
            "License: MD. Board Certification: Pending",
            "Licensure: DC; chiropractor",
        ] {
            assert_eq!(license_state_from_prose(degree), None, "{degree}");
            assert_eq!(specialty_from_prose(degree), None, "{degree}");
        }
        // So must "licensed".
        assert_eq!(
            license_state_from_prose("She saw an unlicensed in Texas masseuse. No change."),
            None
        );
        assert_eq!(
            license_state_from_prose("Relicensed in Ohio, 2001; (licensed in Texas)").as_deref(),
            Some("Texas")
        );
    }

    #[test]
    fn a_bare_licence_label_names_the_reviewers_state_only_where_a_line_opens_with_it() {
        let summary = "He drives for work; his driver license: suspended in Nevada last year.";
        assert_eq!(license_state_from_letter(summary, &[summary]), None);
        let lines = [
            summary,
            "  LICENSURE:  Pennsylvania; Ohio",
            "Board Certified: Yes",
        ];
        let whole = lines.join(" ");
        assert_eq!(
            license_state_from_letter(&whole, &lines).as_deref(),
            Some("Pennsylvania")
        );
        // "License: MD" is a degree; prose still counts wherever it stands.
        let lines = ["License: MD", "She is licensed to practice in Oregon."];
        assert_eq!(
            license_state_from_letter(&lines.join(" "), &lines).as_deref(),
            Some("Oregon")
        );
        assert_eq!(
            license_state_from_letter("License: MD", &["License: MD"]),
            None
        );
    }

    #[test]
    fn runs_end_at_a_stop_or_after_the_most_characters() {
        let stops: &'static [char] = &['.', ';'];
        let run = LeadThenRun::new("x", stops, 1, 4);
        let by_chars = |rest: &str| {
            rest.char_indices()
                .enumerate()
                .find(|&(count, (_, c))| count == 4 || stops.contains(&c))
                .map_or(rest.len(), |(_, (index, _))| index)
        };
        for rest in [
            "",
            "ab",
            "abcd",
            "abcdef",
            "ab;cd",
            "a.b",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}.",
            "\u{e9}b.c",
        ] {
            assert_eq!(run.run_len(rest), by_chars(rest), "{rest}");
        }
    }

    #[test]
    fn and_splits_and_prefix_strips_as_the_str_methods_do() {
        for text in [
            "a and b",
            " and and x",
            "and x",
            "x and ",
            "",
            "band andy and",
            "of of of pain",
            "a, b; c",
            ",;,",
            "\u{e9},\u{e9};",
        ] {
            let split: Vec<&str> = split_on_and(text).collect();
            assert_eq!(split, text.split(" and ").collect::<Vec<_>>(), "{text}");
            let split: Vec<&str> = split_at_commas(text).collect();
            assert_eq!(split, text.split([',', ';']).collect::<Vec<_>>(), "{text}");
            assert_eq!(
                before_first(text, &AND),
                text.split(" and ").next().unwrap(),
                "{text}"
            );
            for prefix in ["and ", "of "] {
                assert_eq!(
                    strip_repeated_prefix(text, prefix),
                    text.trim_start_matches(prefix),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn diagnoses_are_split_into_phrases() {
        let found =
            diagnoses("Diagnoses include lumbar radiculopathy, cervical strain and depression.");
        assert_eq!(
            found,
            vec!["lumbar radiculopathy", "cervical strain", "depression"]
        );
        let found = diagnoses(
            "Diagnoses are lumbar sprain/strain and lumbar facet syndrome; there are no \
             radicular findings.",
        );
        assert_eq!(found, vec!["lumbar sprain/strain", "lumbar facet syndrome"]);
        let found = diagnoses("Diagnoses: cervical strain; no neurological deficit.");
        assert_eq!(found, vec!["cervical strain"]);
    }
}
