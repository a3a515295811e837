//! Groups of fields unique together.

use nom::Input as _;
use nom::Parser;
use nom::bytes::complete::tag_no_case;

use super::tokens::trim_start;
use crate::syntax::ast::UniqueGroup;
use crate::syntax::lines::{Input, skip, span_of, text_of, trim};
use crate::vocabulary;

/// `unique: (project, title)`, `unique together: project, title`,
/// `unique (project + title)` or `unique project and title`: a group of
/// fields unique together. `None` when the line is something else, such as
/// a field named `unique`.
pub(crate) fn unique_group(content: Input) -> Option<UniqueGroup> {
    let content = trim(content);
    let (rest, _) = word_no_case(content, "unique")?;
    let mut rest = trim_start(rest);
    let mut marked = false;
    if let Some((after, _)) = word_no_case(rest, "together") {
        rest = trim_start(after);
        marked = true;
    }
    if rest.fragment().starts_with(':') {
        rest = trim_start(skip(rest, 1));
        marked = true;
    }
    let body = if rest.fragment().starts_with('(') {
        let inner = skip(rest, 1);
        let close = inner.fragment().find(')')?;
        if !inner.fragment()[close + 1..]
            .trim()
            .trim_end_matches('.')
            .is_empty()
        {
            return None;
        }
        inner.take(close)
    } else {
        let text = rest.fragment().trim_end();
        rest.take(text.trim_end_matches('.').len())
    };
    if !marked && body.fragment().is_empty() {
        return None;
    }
    let mut names = Vec::new();
    let mut piece_rest = body;
    loop {
        let (piece, after) = match unique_separator(piece_rest.fragment()) {
            Some((at, len)) => {
                let (after, piece) = piece_rest.take_split(at);
                (piece, Some(skip(after, len)))
            }
            None => (piece_rest, None),
        };
        let piece = trim(piece);
        let stripped = piece.fragment().trim_start_matches(['`', '*', '_']).len();
        let piece = skip(piece, piece.fragment().len() - stripped);
        let kept = piece.fragment().trim_end_matches(['`', '*', '_']).len();
        names.push(text_of(&piece.take(kept)));
        match after {
            Some(after) => piece_rest = after,
            None => break,
        }
    }
    let first = names.first()?;
    let first_word = first.text.split_whitespace().next().unwrap_or_default();
    if vocabulary::field_type(first_word).is_some() || first_word.eq_ignore_ascii_case("enum") {
        return None;
    }
    Some(UniqueGroup {
        fields: names,
        span: span_of(&content),
    })
}

/// `word`, ignoring case, as a whole word at the start of the input.
fn word_no_case<'a>(input: Input<'a>, word: &str) -> Option<(Input<'a>, Input<'a>)> {
    let (rest, found) = tag_no_case::<_, _, nom::error::Error<Input>>(word)
        .parse(input)
        .ok()?;
    let boundary = !rest
        .fragment()
        .starts_with(|c: char| c.is_alphanumeric() || c == '_');
    boundary.then_some((rest, found))
}

/// Where the next name of a unique group starts: the byte offset and
/// length of the first `,`, `+` or whitespace-separated `and`.
fn unique_separator(text: &str) -> Option<(usize, usize)> {
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == ',' || c == '+' {
            return Some((i, 1));
        }
        if previous.is_some_and(char::is_whitespace) && c.eq_ignore_ascii_case(&'a') {
            let after = &text[i..];
            let is_and = after.len() >= 3
                && after.is_char_boundary(3)
                && after[..3].eq_ignore_ascii_case("and")
                && after[3..].starts_with(char::is_whitespace);
            if is_and {
                let start = text[..i].trim_end().len();
                let end = i + 3 + (after[3..].len() - after[3..].trim_start().len());
                return Some((start, end - start));
            }
        }
        previous = Some(c);
    }
    None
}
