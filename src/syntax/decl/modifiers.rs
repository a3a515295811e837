//! Modifier lists, with keyed and quoted values.

use nom::Input as _;

use super::enum_values::hyphen_separates;
use super::field::{FieldError, field_error};
use crate::problems::FieldFault;
use crate::span::Span;
use crate::syntax::ast::{Modifier, Text};
use crate::syntax::lines::{Input, skip, span_of, text_of, trim};

/// Where a list of modifiers ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModifierEnd {
    /// At `)`: inside a field's parentheses.
    Paren,
    /// At the end of the line, or a dash that starts a description.
    Line,
    /// At the end of a table cell.
    Cell,
}

/// Where a keyed value in quotes opens in the modifier at the start of
/// `modifier`: the byte offset and character of a `"`, `'` or backtick
/// right after `key=` or `key:`. A quote anywhere else is an ordinary
/// character, so an apostrophe in a value (`default=it's`) opens nothing.
pub(super) fn value_quote(modifier: &str) -> Option<(usize, char)> {
    let key = modifier.trim_start();
    let key_length = key
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .filter(|&length| length > 0)?;
    let value = key[key_length..]
        .trim_start()
        .strip_prefix(['=', ':'])?
        .trim_start();
    let quote = value
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    Some((modifier.len() - value.len(), quote))
}

/// The byte length of the modifier at the start of `fragment`: up to a
/// comma (or the end the mode says) outside a quoted value.
fn modifier_length(fragment: &str, end: ModifierEnd) -> Result<usize, usize> {
    let mut from = 0;
    if let Some((at, quote)) = value_quote(fragment) {
        let close = fragment[at + 1..].find(quote).ok_or(at)?;
        from = at + 1 + close + 1;
    }
    for (i, c) in fragment[from..].char_indices() {
        let i = from + i;
        match c {
            ',' => return Ok(i),
            ')' if end == ModifierEnd::Paren => return Ok(i),
            '—' | '–' if end == ModifierEnd::Line => return Ok(i),
            '-' if end == ModifierEnd::Line && hyphen_separates(fragment, i) => {
                return Ok(i - 1);
            }
            // A full stop that ends the line ends the sentence.
            '.' if end == ModifierEnd::Line && fragment[i + 1..].trim().is_empty() => {
                return Ok(i);
            }
            _ => {}
        }
    }
    Ok(fragment.len())
}

/// `key=value` or `key: value`: the key and the value without quotes.
fn key_value(raw: Input) -> (Option<Text>, Option<Text>) {
    let fragment = *raw.fragment();
    let Some(at) = fragment.find(['=', ':']) else {
        return (None, None);
    };
    let key = trim(raw.take(at));
    if key.fragment().is_empty()
        || !key
            .fragment()
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_')
    {
        return (None, None);
    }
    let mut value = trim(skip(raw, at + 1));
    let text = *value.fragment();
    for quote in ['"', '`', '\''] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            value = value.take(text.len() - 1);
            value = skip(value, 1);
            break;
        }
    }
    (Some(text_of(&key)), Some(text_of(&value)))
}

/// Reads modifiers separated by commas up to where `end` says, stopping
/// for `Line` at a dash that starts a description. Commas and parentheses
/// inside a quoted value belong to the modifier.
pub(super) fn modifiers(
    mut input: Input,
    end: ModifierEnd,
) -> Result<(Input, Vec<Modifier>), FieldError> {
    let mut found = Vec::new();
    loop {
        let fragment = *input.fragment();
        let length = modifier_length(fragment, end).map_err(|at| {
            let start = input.location_offset() + at;
            field_error(Span::new(start, start + 1), FieldFault::UnclosedQuote)
        })?;
        let (rest, raw) = input.take_split(length);
        let raw = trim(raw);
        if raw.fragment().is_empty() {
            return Err(field_error(span_of(&raw), FieldFault::EmptyModifier));
        }
        let (key, value) = key_value(raw);
        found.push(Modifier {
            text: raw
                .fragment()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            span: span_of(&raw),
            key,
            value,
        });
        if rest.fragment().starts_with(',') {
            input = skip(rest, 1);
            continue;
        }
        // Most fields have one or two modifiers; a grown vector would hold
        // room for four in every field of the tree.
        found.shrink_to_fit();
        return Ok((rest, found));
    }
}
