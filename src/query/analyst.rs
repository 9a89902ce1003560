//! The analyst part of a query: checked, then parsed by tantivy's
//! `QueryParser`, with errors a person can act on.
//!
//! tantivy's own messages name the problem but not always where it is or
//! what to write instead, so the common mistakes (unbalanced quotes,
//! parentheses and brackets, a range without `TO`, an unknown field) are
//! found here first and reported as one line: what, where, and an example.

use std::sync::LazyLock;

use regex::Regex;
use tantivy::query::{Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{self, Occur, UserInputAst, UserInputLeaf};

use crate::index::schema::FIELD_HELP;
use crate::index::ImrIndex;
use crate::{Error, Result};

use super::{RATIONALE_BOOST, REQUESTED_BOOST, SUMMARY_BOOST};

/// An example of well-formed analyst syntax, shown with syntax errors.
pub const EXAMPLE: &str =
    "rationale:\"functional improvement\" AND decided:[2014-01-01 TO 2014-06-30]";

/// Parses analyst syntax (already rewritten by
/// [`understand::rewrite_analyst`](super::understand::rewrite_analyst)).
/// Words without a field search `requested`, `rationale` and `summary`
/// with the same boosts as free text, and all of them must match.
pub fn parse(index: &ImrIndex, original: &str, rewritten: &str) -> Result<Box<dyn Query>> {
    check_fields(original)?;
    check_syntax(original)?;
    let fields = &index.fields;
    let mut parser = QueryParser::for_index(
        &index.index,
        vec![fields.requested, fields.rationale, fields.summary],
    );
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.requested, REQUESTED_BOOST);
    parser.set_field_boost(fields.rationale, RATIONALE_BOOST);
    parser.set_field_boost(fields.summary, SUMMARY_BOOST);
    let (ast, syntax_errors) = query_grammar::parse_query_lenient(rewritten);
    if let Some(error) = syntax_errors.into_iter().next() {
        return Err(explain(
            QueryParserError::SyntaxError(format!(
                "{} at character {}",
                error.message,
                position(rewritten, error.pos)
            )),
            original,
            rewritten,
        ));
    }
    let (query, errors) =
        parser.build_query_from_user_input_ast_lenient(whole_letter(everything_else(ast)));
    match errors.into_iter().next() {
        None => Ok(query),
        Some(error) => Err(explain(error, original, rewritten)),
    }
}

/// Gives every group that only excludes something to exclude it *from*:
/// everything. tantivy matches nothing for such a group, so without this
/// `norco AND NOT upheld` (parsed as `+norco +(-upheld)`) finds nothing,
/// and `NOT upheld` alone is refused.
fn everything_else(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(children) => {
            let children: Vec<(Option<Occur>, UserInputAst)> = children
                .into_iter()
                .map(|(occur, child)| (occur, everything_else(child)))
                .collect();
            let excludes_only = !children.is_empty()
                && children
                    .iter()
                    .all(|(occur, _)| *occur == Some(Occur::MustNot));
            if excludes_only {
                let mut with_all = vec![(
                    Some(Occur::Must),
                    UserInputAst::Leaf(Box::new(UserInputLeaf::All)),
                )];
                with_all.extend(children);
                UserInputAst::Clause(with_all)
            } else {
                UserInputAst::Clause(children)
            }
        }
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(everything_else(*inner)), boost)
        }
        leaf => leaf,
    }
}

/// The fields that hold a letter's text between them: the `text` field
/// holds only what the summary and rationales leave
/// ([`crate::index::remainder`]).
const WHOLE_LETTER: [&str; 4] = ["text", "summary", "rationale", "requested"];

/// Makes every `text:` clause search the whole letter: any of
/// [`WHOLE_LETTER`].
fn whole_letter(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(children) => UserInputAst::Clause(
            children
                .into_iter()
                .map(|(occur, child)| (occur, whole_letter(child)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(whole_letter(*inner)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) if literal.field_name.as_deref() == Some("text") => {
                UserInputAst::Clause(
                    WHOLE_LETTER
                        .iter()
                        .map(|field| {
                            let mut copy = literal.clone();
                            copy.field_name = Some((*field).to_string());
                            (
                                Some(Occur::Should),
                                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(copy))),
                            )
                        })
                        .collect(),
                )
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The names `imr fields` lists: the only ones a query may use.
pub fn field_names() -> Vec<&'static str> {
    FIELD_HELP.iter().map(|(name, _, _)| *name).collect()
}

fn unknown_field(name: &str) -> Error {
    Error::Query(format!(
        "unknown field `{name}`: the fields are {} (see `imr fields`)",
        field_names().join(", ")
    ))
}

/// `name:` at the start of a term (after space, `(`, `+` or `-`).
static FIELD_USE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(+\-])([A-Za-z_][A-Za-z0-9_.]*):").expect("fixed pattern")
});

/// Finds field names that are not in the schema, outside quotes.
fn check_fields(text: &str) -> Result<()> {
    let outside = blank_quotes(text);
    for caps in FIELD_USE.captures_iter(&outside) {
        let name = &caps[1];
        if !field_names().contains(&name) {
            return Err(unknown_field(name));
        }
    }
    Ok(())
}

/// The text with what is inside quotes blanked (the quotes stay), so
/// syntax inside a phrase is not mistaken for structure and byte
/// positions stay where they were.
fn blank_quotes(text: &str) -> String {
    let mut quoted = false;
    text.chars()
        .map(|c| {
            if c == '"' {
                quoted = !quoted;
                c
            } else if quoted && c.is_ascii() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// 1-based character position of byte `at`, as a person counts.
fn position(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].chars().count() + 1
}

fn malformed(what: &str, text: &str, at: usize, fix: &str) -> Error {
    Error::Query(format!(
        "malformed query: {what} at character {} of `{text}`; {fix}",
        position(text, at)
    ))
}

/// Finds unbalanced quotes, parentheses and brackets, ranges without `TO`
/// or a field, and fields with nothing after them.
fn check_syntax(text: &str) -> Result<()> {
    if let Some(at) = unclosed_quote(text) {
        return Err(malformed(
            "unclosed `\"`",
            text,
            at,
            "close the phrase, for example rationale:\"functional improvement\"",
        ));
    }
    let outside = blank_quotes(text);
    let mut open_parens: Vec<usize> = Vec::new();
    let mut chars = outside.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '(' => open_parens.push(at),
            // The guard pops the matching `(`; only an unmatched `)` gets here.
            ')' if open_parens.pop().is_none() => {
                return Err(malformed(
                    "`)` without a `(` before it",
                    text,
                    at,
                    "for example (rationale:weaning OR rationale:taper) AND upheld",
                ));
            }
            '[' | '{' => {
                let rest = &outside[at + 1..];
                let Some(close) = rest.find([']', '}']) else {
                    return Err(malformed(
                        "unclosed range",
                        text,
                        at,
                        "close it with `]`, for example decided:[2014-01-01 TO 2014-06-30]",
                    ));
                };
                let inside = &rest[..close];
                let words: Vec<&str> = inside.split_whitespace().collect();
                if words.len() != 3 || words[1] != "TO" {
                    return Err(malformed(
                        &format!(
                            "range `{}` is not `[FROM TO UPTO]`",
                            &text[at..at + close + 2]
                        ),
                        text,
                        at,
                        "write it like age:[50 TO 65] or decided:[2014-01-01 TO *]",
                    ));
                }
                if !outside[..at].ends_with(':') {
                    return Err(malformed(
                        "range without a field",
                        text,
                        at,
                        "name the field, for example age:[50 TO 65]",
                    ));
                }
            }
            ':' => {
                let next = chars.peek().map(|(_, c)| *c);
                if next.is_none_or(|c| c.is_whitespace() || c == ')') {
                    let name_start = outside[..at]
                        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                        .map_or(0, |i| i + 1);
                    let name = &outside[name_start..at];
                    let example = FIELD_HELP
                        .iter()
                        .find(|(field, _, _)| *field == name)
                        .map_or("rationale:weaning", |(_, _, example)| *example);
                    return Err(malformed(
                        &format!("nothing after `{name}:`"),
                        text,
                        at,
                        &format!("give a value, for example {example}"),
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some(at) = open_parens.pop() {
        return Err(malformed(
            "unclosed `(`",
            text,
            at,
            "close it, for example (rationale:weaning OR rationale:taper) AND upheld",
        ));
    }
    let words: Vec<&str> = outside.split_whitespace().collect();
    if let Some(first) = words.first() {
        if matches!(*first, "AND" | "OR") {
            return Err(malformed(
                &format!("`{first}` with nothing before it"),
                text,
                0,
                "for example weaning AND upheld",
            ));
        }
    }
    if let Some(last) = words.last() {
        if matches!(*last, "AND" | "OR" | "NOT") {
            let at = outside.rfind(last).unwrap_or(0);
            return Err(malformed(
                &format!("`{last}` with nothing after it"),
                text,
                at,
                "for example weaning AND upheld",
            ));
        }
    }
    Ok(())
}

fn unclosed_quote(text: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c == '"' {
            open = match open {
                Some(_) => None,
                None => Some(at),
            };
        }
    }
    open
}

/// Turns tantivy's error into one line with the fix.
fn explain(error: QueryParserError, original: &str, rewritten: &str) -> Error {
    let message = match error {
        QueryParserError::FieldDoesNotExist(name) => return unknown_field(&name),
        QueryParserError::SyntaxError(what) => {
            format!("malformed query `{rewritten}`: {what}; for example {EXAMPLE}")
        }
        QueryParserError::ExpectedInt(_) => format!(
            "malformed query `{original}`: `age` and `item` take whole numbers, for example age:[50 TO 65]"
        ),
        QueryParserError::DateFormatError(_) => format!(
            "malformed query `{original}`: dates are written YYYY-MM-DD, for example decided:[2014-01-01 TO 2014-06-30]"
        ),
        QueryParserError::FacetFormatError(what) => format!(
            "malformed query `{original}`: {what}; facet values are paths, for example treatment:/injection/facet or guideline:\"/ODG/Low Back\""
        ),
        QueryParserError::AllButQueryForbidden => format!(
            "malformed query `{original}`: it only excludes; say what to find too, for example upheld AND NOT rationale:weaning"
        ),
        QueryParserError::RangeMustNotHavePhrase => format!(
            "malformed query `{original}`: a range bound must be one word, for example age:[50 TO 65]"
        ),
        QueryParserError::FieldNotIndexed(name) => {
            format!("malformed query `{original}`: field `{name}` cannot be searched (see `imr fields`)")
        }
        QueryParserError::FieldDoesNotHavePositionsIndexed(name) => format!(
            "malformed query `{original}`: field `{name}` takes one exact value, not a phrase (see `imr fields`)"
        ),
        other => format!("malformed query `{original}`: {other}; for example {EXAMPLE}"),
    };
    Error::Query(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<()>) -> String {
        match result {
            Err(Error::Query(message)) => message,
            other => panic!("expected a query error, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_say_what_where_and_how() {
        let table = [
            (
                "rationale:\"functional improvement",
                "unclosed `\"` at character 11",
                "rationale:\"functional improvement\"",
            ),
            (
                "(rationale:weaning OR upheld",
                "unclosed `(` at character 1",
                "(rationale:weaning OR rationale:taper)",
            ),
            (
                "rationale:weaning) OR upheld",
                "`)` without a `(` before it at character 18",
                "for example",
            ),
            (
                "decided:[2014-01-01 2014-06-30]",
                "is not `[FROM TO UPTO]` at character 9",
                "decided:[2014-01-01 TO *]",
            ),
            (
                "decided:[2014-01-01 TO 2014-06-30",
                "unclosed range at character 9",
                "]",
            ),
            (
                "weaning AND [1 TO 2]",
                "range without a field at character 13",
                "age:[50 TO 65]",
            ),
            (
                "weaning AND",
                "`AND` with nothing after it at character 9",
                "weaning AND upheld",
            ),
            (
                "age: AND weaning",
                "nothing after `age:` at character 4",
                "age:[50 TO 65]",
            ),
        ];
        for (query, what, fix) in table {
            let text = message(check_syntax(query));
            assert!(text.contains(what), "{query}: {text}");
            assert!(text.contains(fix), "{query}: {text}");
            assert!(!text.contains('\n'), "{query}: {text}");
        }
        for good in [
            "rationale:\"a (b\" AND decided:[2014-01-01 TO *]",
            "(a OR b) AND c",
            "age:{50 TO 65]",
        ] {
            check_syntax(good).unwrap();
        }
    }

    #[test]
    fn unknown_fields_list_the_fields() {
        let text = message(check_fields("drug:norco"));
        assert!(text.starts_with("unknown field `drug`"), "{text}");
        for name in field_names() {
            assert!(text.contains(name), "{name} missing from {text}");
        }
        check_fields("rationale:\"note: see drug:x\" -outcome:/upheld").unwrap();
        check_fields("decided:[2014-01-01T00:00:00Z TO *]").unwrap();
    }
}
