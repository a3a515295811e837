//! The tokens the schema notations share, as nom parsers over located
//! input: names (bare, quoted or in backticks), quoted strings, groups in
//! balanced brackets, keywords, and the comments that end a line.

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_till, take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::{not, peek, recognize};
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Input as _, Parser};

use crate::syntax::lines::{Input, trim};

pub(super) type Scan<'a, T> = IResult<Input<'a>, T>;

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whitespace, perhaps none.
pub(super) fn space(input: Input) -> Input {
    take_while::<_, _, nom::error::Error<Input>>(|c: char| c == ' ' || c == '\t')
        .parse(input)
        .map_or(input, |(rest, _)| rest)
}

/// Whitespace, perhaps none, as a parser that always succeeds.
pub(super) fn blank(input: Input) -> Scan<Input> {
    take_while(|c: char| c == ' ' || c == '\t').parse(input)
}

/// A bare name: letters, digits and `_`, not starting with a digit.
pub(super) fn bare_name(input: Input) -> Scan<Input> {
    recognize((
        take_while1(|c: char| c.is_alphabetic() || c == '_'),
        take_while(is_name_char),
    ))
    .parse(input)
}

/// A name, bare or in double quotes, backticks or brackets; the name
/// without them.
pub(super) fn name(input: Input) -> Scan<Input> {
    alt((
        delimited(char('"'), take_while1(|c: char| c != '"'), char('"')),
        delimited(char('`'), take_while1(|c: char| c != '`'), char('`')),
        delimited(char('['), take_while1(|c: char| c != ']'), char(']')),
        bare_name,
    ))
    .parse(input)
}

/// A name perhaps qualified by a schema (`public.orders`): the last part.
pub(super) fn qualified_name(input: Input) -> Scan<Input> {
    let (mut rest, mut last) = name(input)?;
    while let Ok((after, part)) = preceded(char('.'), name).parse(rest) {
        rest = after;
        last = part;
    }
    Ok((rest, last))
}

/// A keyword in any case, not followed by a name character.
pub(super) fn keyword<'a>(word: &'static str) -> impl Fn(Input<'a>) -> Scan<'a, Input<'a>> {
    move |input| terminated(tag_no_case(word), not(peek(take_while1(is_name_char)))).parse(input)
}

/// Keywords separated by whitespace (`NOT NULL`, `PRIMARY KEY`): the text
/// from the first to the last.
pub(super) fn phrase<'a>(
    words: &'static [&'static str],
) -> impl Fn(Input<'a>) -> Scan<'a, Input<'a>> {
    move |input| {
        let start = input;
        let mut rest = input;
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                let after = space(rest);
                if after.location_offset() == rest.location_offset() {
                    return Err(nom::Err::Error(nom::error::Error::new(
                        rest,
                        nom::error::ErrorKind::Space,
                    )));
                }
                rest = after;
            }
            rest = keyword(word)(rest)?.0;
        }
        let length = rest.location_offset() - start.location_offset();
        Ok((rest, start.take(length)))
    }
}

/// A string in single or double quotes: its text without them.
pub(super) fn quoted(input: Input) -> Scan<Input> {
    alt((
        delimited(char('\''), take_till(|c| c == '\''), char('\'')),
        delimited(char('"'), take_till(|c| c == '"'), char('"')),
    ))
    .parse(input)
}

/// A group in balanced `open` and `close` brackets, quotes respected: the
/// text inside them.
pub(super) fn group(open: char, close: char) -> impl Fn(Input) -> Scan<Input> {
    move |input: Input| {
        let (after_open, _) = char(open).parse(input)?;
        let mut depth = 1usize;
        let mut quote: Option<char> = None;
        for (at, c) in after_open.fragment().char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '\'' || c == '"' => quote = Some(c),
                None if c == open => depth += 1,
                None if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        let inside = after_open.take(at);
                        return Ok((after_open.take_from(at + c.len_utf8()), inside));
                    }
                }
                None => {}
            }
        }
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Char,
        )))
    }
}

/// The line without a comment that starts with `marker` outside quotes,
/// trimmed.
pub(super) fn uncommented<'a>(line: Input<'a>, marker: &str) -> Input<'a> {
    let fragment = *line.fragment();
    let mut quote: Option<char> = None;
    for (at, c) in fragment.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if fragment[at..].starts_with(marker) => return trim(line.take(at)),
            None => {}
        }
    }
    trim(line)
}

/// The parts of `input` separated by `separator` outside brackets and
/// quotes, each trimmed; empty parts are left out.
pub(super) fn split_top<'a>(input: Input<'a>, separator: char) -> Vec<Input<'a>> {
    let fragment = *input.fragment();
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (at, c) in fragment.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if matches!(c, '(' | '[' | '{' | '<') => depth += 1,
            None if matches!(c, ')' | ']' | '}' | '>') => depth = depth.saturating_sub(1),
            None if c == separator && depth == 0 => {
                parts.push(trim(input.take_from(start).take(at - start)));
                start = at + c.len_utf8();
            }
            None => {}
        }
    }
    parts.push(trim(input.take_from(start)));
    parts.retain(|part| !part.fragment().is_empty());
    parts
}

/// A literal: a number, a quoted string (its text), `true` or `false`.
pub(super) fn literal(input: Input) -> Scan<Input> {
    alt((
        quoted,
        recognize((
            take_while(|c: char| c == '-' || c == '+'),
            take_while1(|c: char| c.is_ascii_digit()),
            take_while(|c: char| c.is_ascii_digit() || c == '.'),
            not(peek(take_while1(is_name_char))),
        )),
        keyword("true"),
        keyword("false"),
    ))
    .parse(input)
}

/// `tag` then whitespace.
pub(super) fn token<'a>(text: &'static str) -> impl Fn(Input<'a>) -> Scan<'a, Input<'a>> {
    move |input| {
        let (rest, found) = tag(text).parse(space(input))?;
        Ok((space(rest), found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_balanced_and_quotes_respected() {
        let (rest, inside) = group('(', ')')(Input::new("(a IN ('x)', 'y')) tail")).unwrap();
        assert_eq!(*inside.fragment(), "a IN ('x)', 'y')");
        assert_eq!(*rest.fragment(), " tail");
        assert!(group('(', ')')(Input::new("(open")).is_err());
    }

    #[test]
    fn comments_end_a_line_outside_quotes() {
        let line = Input::new("note TEXT DEFAULT '--', -- remark");
        assert_eq!(
            *uncommented(line, "--").fragment(),
            "note TEXT DEFAULT '--',"
        );
    }

    #[test]
    fn parts_split_outside_brackets() {
        let parts = split_top(Input::new("a DECIMAL(10, 2), b INT,"), ',');
        let texts: Vec<&str> = parts.iter().map(|part| *part.fragment()).collect();
        assert_eq!(texts, ["a DECIMAL(10, 2)", "b INT"]);
    }

    #[test]
    fn phrases_take_their_words_in_any_case() {
        let (rest, found) = phrase(&["not", "null"])(Input::new("Not  NULL,")).unwrap();
        assert_eq!(*found.fragment(), "Not  NULL");
        assert_eq!(*rest.fragment(), ",");
        assert!(phrase(&["not", "null"])(Input::new("nothing")).is_err());
    }
}
