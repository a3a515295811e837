//! Splitting the source into lines and telling what kind of Markdown line
//! each is. Everything here works on located input, so every piece keeps
//! its byte offset in the source.

use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while_m_n, take_while1};
use nom::character::complete::one_of;
use nom::combinator::{eof, peek, recognize};
use nom::sequence::terminated;
use nom::{IResult, Input as _, Parser};
use nom_locate::LocatedSpan;

use super::ast::Text;
use crate::span::Span;

pub(crate) type Input<'a> = LocatedSpan<&'a str>;

pub(crate) fn span_of(input: &Input) -> Span {
    let start = input.location_offset();
    Span::new(start, start + input.fragment().len())
}

pub(crate) fn text_of(input: &Input) -> Text {
    Text {
        text: (*input.fragment()).to_string(),
        span: span_of(input),
    }
}

/// The input without leading and trailing whitespace.
pub(crate) fn trim(input: Input) -> Input {
    let fragment = *input.fragment();
    let leading = fragment.len() - fragment.trim_start().len();
    let rest = input.take_from(leading);
    let kept = rest.fragment().trim_end().len();
    rest.take(kept)
}

/// The input without a prefix of `n` bytes.
pub(crate) fn skip(input: Input, n: usize) -> Input {
    input.take_from(n)
}

/// One line of the source, without its line terminator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub full: Input<'a>,
    /// Leading whitespace width, a tab counting to the next multiple of 4.
    pub indent: usize,
    pub kind: LineKind<'a>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum LineKind<'a> {
    Blank,
    /// A code fence line (```` ``` ```` or `~~~`), with its marker character
    /// and length.
    Fence {
        marker: char,
        length: usize,
    },
    Heading {
        level: u8,
        text: Input<'a>,
    },
    ListItem {
        content: Input<'a>,
    },
    TableRow,
    Prose {
        content: Input<'a>,
    },
}

/// Splits the source into lines. A byte-order mark at the start is skipped.
///
/// Each line is sliced from the rest of the input in turn, so the located
/// input's line counting stays linear in the length of the source.
pub(crate) fn split_lines(source: &str) -> Vec<Line<'_>> {
    let mut rest = Input::new(source);
    if source.starts_with('\u{feff}') {
        rest = skip(rest, '\u{feff}'.len_utf8());
    }
    // Sized once: a large document's lines are not copied as the vector
    // grows.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1);
    loop {
        let fragment = *rest.fragment();
        let (line, next) = match fragment.find('\n') {
            Some(end) => (rest.take(end), Some(end + 1)),
            None => (rest, None),
        };
        let line = match line.fragment().strip_suffix('\r') {
            Some(stripped) => line.take(stripped.len()),
            None => line,
        };
        if !(next.is_none() && line.fragment().is_empty() && !lines.is_empty()) {
            lines.push(classify(line));
        }
        match next {
            Some(next) => rest = skip(rest, next),
            None => break,
        }
    }
    lines
}

fn indent_width(fragment: &str) -> (usize, usize) {
    let mut width = 0;
    let mut bytes = 0;
    for c in fragment.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
        bytes += c.len_utf8();
    }
    (width, bytes)
}

fn classify(full: Input) -> Line {
    let (indent, indent_bytes) = indent_width(full.fragment());
    let body = skip(full, indent_bytes);
    let kind = if body.fragment().trim().is_empty() {
        LineKind::Blank
    } else if let Ok((_, (marker, length))) = fence(body) {
        LineKind::Fence { marker, length }
    } else if let Ok((_, (level, text))) = heading(body) {
        LineKind::Heading { level, text }
    } else if let Ok((content, _)) = list_marker(body) {
        LineKind::ListItem {
            content: trim(content),
        }
    } else if body.fragment().starts_with('|') {
        LineKind::TableRow
    } else {
        LineKind::Prose {
            content: trim(body),
        }
    };
    Line { full, indent, kind }
}

fn fence(input: Input) -> IResult<Input, (char, usize)> {
    let (rest, marks) = alt((
        take_while_m_n(3, usize::MAX, |c| c == '`'),
        take_while_m_n(3, usize::MAX, |c| c == '~'),
    ))
    .parse(input)?;
    let marker = marks.fragment().chars().next().unwrap_or('`');
    Ok((rest, (marker, marks.fragment().len())))
}

/// `#{1,6}` followed by whitespace or the end of the line; the closing
/// sequence of `#` is not part of the text.
fn heading(input: Input) -> IResult<Input, (u8, Input)> {
    let (rest, hashes) = terminated(
        take_while_m_n(1, 6, |c| c == '#'),
        peek(alt((recognize(one_of(" \t")), eof))),
    )
    .parse(input)?;
    let mut text = trim(rest);
    let without_closing = text.fragment().trim_end_matches('#');
    if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        text = trim(text.take(without_closing.len()));
    }
    if text.fragment().is_empty() {
        // An empty heading (`# `) has empty text right after its marks, not
        // past the trailing blanks, which the heading's own span leaves out.
        text = rest.take(0);
    }
    Ok((rest, (hashes.fragment().len() as u8, text)))
}

/// A bullet (`-`, `*`, `+`) or an ordered-list number (`1.`, `2)`),
/// followed by whitespace or the end of the line.
fn list_marker(input: Input) -> IResult<Input, Input> {
    let bullet = recognize(one_of("-*+"));
    let number = recognize((
        take_while_m_n(1, 9, |c: char| c.is_ascii_digit()),
        one_of(".)"),
    ));
    terminated(
        alt((bullet, number)),
        alt((take_while1(|c| c == ' ' || c == '\t'), eof)),
    )
    .parse(input)
}

/// Strips a leading section number (`3.`, `2.1`, `4)`) from heading text.
pub(crate) fn strip_number(input: Input) -> Input {
    let number = (
        take_while1(|c: char| c.is_ascii_digit()),
        take_while(|c: char| c.is_ascii_digit() || c == '.'),
        take_while(|c| c == ')'),
        take_while1(|c| c == ' ' || c == '\t'),
    );
    let parsed: IResult<Input, Input> = recognize(number).parse(input);
    match parsed {
        Ok((rest, _)) => rest,
        Err(_) => input,
    }
}

/// Emphasis markers around a name: `**`, `__`, `*`, `_` or a backtick.
/// Tried at the start of nearly every line of an entity section, several
/// times, so it looks at the first two bytes rather than trying each
/// marker in turn.
pub(crate) fn emphasis(input: Input) -> IResult<Input, Input> {
    let marks = match input.fragment().as_bytes() {
        [b'*', b'*', ..] | [b'_', b'_', ..] => 2,
        [b'*' | b'_' | b'`', ..] => 1,
        _ => {
            return Err(nom::Err::Error(nom::error::Error::new(
                input,
                nom::error::ErrorKind::Tag,
            )));
        }
    };
    Ok(input.take_split(marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<String> {
        split_lines(source)
            .iter()
            .map(|line| match line.kind {
                LineKind::Blank => "blank".to_string(),
                LineKind::Fence { .. } => "fence".to_string(),
                LineKind::Heading { level, text } => format!("h{level}:{}", text.fragment()),
                LineKind::ListItem { content } => {
                    format!("li{}:{}", line.indent, content.fragment())
                }
                LineKind::TableRow => "table".to_string(),
                LineKind::Prose { content } => format!("p:{}", content.fragment()),
            })
            .collect()
    }

    #[test]
    fn classifies_markdown_lines() {
        assert_eq!(
            kinds("\u{feff}# Title #\r\n\r\n- a\n\t* b\n**Bold**\n1. one\n| x |\n```\n##nope"),
            [
                "h1:Title",
                "blank",
                "li0:a",
                "li4:b",
                "p:**Bold**",
                "li0:one",
                "table",
                "fence",
                "p:##nope"
            ]
        );
    }

    #[test]
    fn offsets_survive_crlf_and_bom() {
        let source = "\u{feff}# T\r\n- x";
        let lines = split_lines(source);
        let LineKind::ListItem { content } = lines[1].kind else {
            panic!("expected a list item");
        };
        assert_eq!(&source[span_of(&content).range()], "x");
    }

    #[test]
    fn an_empty_heading_has_its_empty_text_inside_the_heading() {
        for source in ["# ", "##  \t", "# #"] {
            let lines = split_lines(source);
            let LineKind::Heading { text, .. } = lines[0].kind else {
                panic!("expected a heading in {source:?}");
            };
            assert!(text.fragment().is_empty(), "{source:?}");
            assert_eq!(
                span_of(&text).start,
                source.find(' ').expect("a blank"),
                "{source:?}"
            );
        }
    }
}
