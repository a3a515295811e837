//! The tokens the line-level forms share: names, type words, a name with
//! emphasis around it, the separator after a name, and leading space.

use nom::IResult;
use nom::Input as _;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::{eof, opt, recognize};
use nom::error::ErrorKind;
use nom::multi::many0;

use crate::syntax::lines::{Input, emphasis, skip};

/// A name token: a letter or underscore, then letters, digits, underscores,
/// and hyphens between them (`due-date` is read whole so it can be
/// reported as one name).
pub(super) fn name_token(input: Input) -> IResult<Input, Input> {
    recognize((
        take_while1(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        many0((
            char('-'),
            take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        )),
    ))
    .parse(input)
}

/// A type token: a letter, then letters, digits and underscores.
pub(super) fn type_token(input: Input) -> IResult<Input, Input> {
    recognize((
        take_while1(|c: char| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

/// A name with optional emphasis around it (`**Task**`, `` `title` ``), and
/// a colon the emphasis may enclose (`**Task:**`).
pub(super) fn emphasised_name(input: Input) -> IResult<Input, (Input, bool)> {
    let (start, open) = opt(emphasis).parse(input)?;
    let (mut input, mut name) = name_token(start)?;
    // Underscores are part of a name, so `_Task_` reads `Task_` whole: the
    // closing emphasis is given back.
    if let Some(open) = open.filter(|open| open.fragment().starts_with('_')) {
        let marks = open.fragment().len();
        let kept = name.fragment().len().saturating_sub(marks);
        if kept > 0 && name.fragment()[kept..] == **open.fragment() {
            input = skip(start, kept);
            name = name.take(kept);
        }
    }
    let (input, inner_colon) = opt(char(':')).parse(input)?;
    let input = match open {
        Some(open) => match tag::<_, _, nom::error::Error<Input>>(*open.fragment()).parse(input) {
            Ok((rest, _)) => rest,
            Err(_) => input,
        },
        None => input,
    };
    Ok((input, (name, inner_colon.is_some())))
}

/// A separator between a name and what follows it: `:`, an em or en dash,
/// or a hyphen with whitespace before it.
pub(super) fn separator(input: Input) -> IResult<Input, Input> {
    let (after_space, spaces) = space0(input)?;
    if let Some(c) = after_space.fragment().chars().next() {
        if matches!(c, ':' | '—' | '–') {
            return Ok(after_space.take_split(c.len_utf8()));
        }
        if c == '-' && !spaces.fragment().is_empty() {
            let (rest, dash) = after_space.take_split(1);
            let (rest, _) = alt((space1, eof)).parse(rest)?;
            return Ok((rest, dash));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        ErrorKind::Tag,
    )))
}

pub(super) fn trim_start(input: Input) -> Input {
    let fragment = *input.fragment();
    skip(input, fragment.len() - fragment.trim_start().len())
}
