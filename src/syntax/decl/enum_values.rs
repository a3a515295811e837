//! The values of an `enum` field as written.

use nom::Input as _;

use super::field::{FieldError, field_error};
use super::modifiers::ModifierEnd;
use super::tokens::trim_start;
use crate::problems::FieldFault;
use crate::span::Span;
use crate::syntax::ast::Text;
use crate::syntax::lines::{Input, skip, text_of, trim};

/// Whether a type word is `enum`, which takes a list of values.
pub(super) fn is_enum_word(word: &Input) -> bool {
    word.fragment().eq_ignore_ascii_case("enum")
}

/// One enum value as written: trimmed, without quotes, backticks or the
/// backslash of a `\|` escaped in a table.
fn enum_value(piece: Input) -> Text {
    let mut piece = trim(piece);
    if let Some(stripped) = piece.fragment().strip_suffix('\\') {
        piece = trim(piece.take(stripped.len()));
    }
    let text = *piece.fragment();
    for quote in ['"', '`', '\''] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            piece = skip(piece.take(text.len() - 1), 1);
            break;
        }
    }
    text_of(&piece)
}

/// The values after `enum`, which `input` starts right after: `(a, b)`,
/// or `: a | b` up to where the modifiers start, or for `Line` a
/// description or a full stop ending the line.
/// Returns what follows, the values and where they end.
pub(super) fn enum_values(
    input: Input,
    end: ModifierEnd,
) -> Result<(Input, Option<Vec<Text>>), FieldError> {
    let after = trim_start(input);
    let fragment = *after.fragment();
    if fragment.starts_with('(') {
        let inner = skip(after, 1);
        let Some(close) = inner.fragment().find(')') else {
            return Err(field_error(
                Span::new(after.location_offset(), after.location_offset() + 1),
                FieldFault::UnclosedEnumValues,
            ));
        };
        let (rest, body) = inner.take_split(close);
        return Ok((skip(rest, 1), Some(split_values(body, &[',', '|']))));
    }
    if !fragment.starts_with(':') {
        return Ok((input, None));
    }
    let body = skip(after, 1);
    let stops: &[char] = match end {
        ModifierEnd::Paren => &[',', ')'],
        ModifierEnd::Line => &['(', ','],
        ModifierEnd::Cell => &['('],
    };
    let fragment = *body.fragment();
    let mut length = fragment.find(stops).unwrap_or(fragment.len());
    if end == ModifierEnd::Line {
        if let Some(at) = description_start(&fragment[..length]) {
            length = at;
        } else if length == fragment.len()
            && let Some(kept) = fragment.trim_end().strip_suffix('.')
        {
            length = kept.len();
        }
    }
    let (rest, body) = body.take_split(length);
    Ok((rest, Some(split_values(body, &['|']))))
}

/// Where a description after a dash starts: at an em or en dash, or at a
/// hyphen with whitespace before it and whitespace or nothing after it.
fn description_start(text: &str) -> Option<usize> {
    text.char_indices().find_map(|(i, c)| match c {
        '—' | '–' => Some(i),
        '-' if hyphen_separates(text, i) => Some(i - 1),
        _ => None,
    })
}

/// Whether the hyphen at `i` separates a description, as in
/// `title: string - shown in lists`.
pub(super) fn hyphen_separates(text: &str, i: usize) -> bool {
    let after = &text[i + 1..];
    text[..i].ends_with([' ', '\t']) && (after.is_empty() || after.starts_with([' ', '\t']))
}

/// Splits at any of `separators`, slicing forwards.
fn split_values(body: Input, separators: &[char]) -> Vec<Text> {
    let mut values = Vec::new();
    let mut rest = body;
    loop {
        match rest.fragment().find(|c: char| separators.contains(&c)) {
            Some(at) => {
                let (after, piece) = rest.take_split(at);
                values.push(enum_value(piece));
                rest = skip(after, 1);
            }
            None => {
                values.push(enum_value(rest));
                return values;
            }
        }
    }
}
