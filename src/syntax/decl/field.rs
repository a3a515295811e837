//! Fields: on a line of their own and in the list on an entity's line.

use nom::Input as _;

use super::enum_values::{enum_values, is_enum_word};
use super::modifiers::{ModifierEnd, modifiers, value_quote};
use super::tokens::{emphasised_name, separator, trim_start, type_token};
use super::untyped::untyped_field;
use crate::problems::FieldFault;
use crate::span::Span;
use crate::syntax::ast::{Field, Text};
use crate::syntax::lines::{Input, skip, span_of, text_of, trim};

/// Why a field declaration could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub span: Span,
    pub fault: FieldFault,
}

pub(super) fn field_error(span: Span, fault: FieldFault) -> FieldError {
    FieldError { span, fault }
}

/// After a complete field: nothing, a full stop, or a description after a
/// dash or colon.
fn expect_end(rest: Input) -> Result<(), FieldError> {
    let trimmed = trim(rest);
    let text = *trimmed.fragment();
    if text.is_empty() || text == "." {
        return Ok(());
    }
    if separator(rest).is_ok() {
        return Ok(());
    }
    if text.starts_with('(') {
        return Err(field_error(
            span_of(&trimmed),
            FieldFault::SecondModifierList,
        ));
    }
    Err(field_error(
        span_of(&trimmed),
        FieldFault::TextAfterDeclaration,
    ))
}

/// A field on a line of its own: `name: type (modifiers)`,
/// `name — type, modifiers` or `name (type, modifiers)`; or, when no type
/// is written (`name`, `name: a description`), a field whose type
/// lowering infers.
pub(crate) fn field_line(content: Input) -> Result<Field, FieldError> {
    typed_field_line(content).or_else(|error| untyped_field(content).ok_or(error))
}

fn typed_field_line(content: Input) -> Result<Field, FieldError> {
    let whole = span_of(&content);
    let Ok((rest, (name, inner_colon))) = emphasised_name(content) else {
        return Err(field_error(whole, FieldFault::NoName));
    };
    let name_text = text_of(&name);
    let after_name = trim(rest);
    if !inner_colon && after_name.fragment().starts_with('(') {
        let (rest, field) = parenthesised_field(whole.start, name_text, skip(after_name, 1))?;
        expect_end(rest)?;
        return Ok(field);
    }
    let after_sep = if inner_colon {
        rest
    } else {
        match separator(rest) {
            Ok((after, _)) => after,
            Err(_) => {
                let after = trim(rest);
                if let Some(error) = spaced_name(&name_text, after) {
                    return Err(error);
                }
                let at_end = after.fragment().is_empty();
                let span = if at_end {
                    name_text.span
                } else {
                    span_of(&after)
                };
                return Err(field_error(
                    span,
                    FieldFault::NoSeparator {
                        name: name_text.text,
                        at_end,
                    },
                ));
            }
        }
    };
    let after_sep = trim_start(after_sep);
    let (rest, type_name) =
        type_token(after_sep).map_err(|_| missing_type(&name_text, &after_sep))?;
    if let Some(error) = list_type(&name_text, after_sep, &type_name, rest) {
        return Err(error);
    }
    let (rest, enum_values) = if is_enum_word(&type_name) {
        enum_values(rest, ModifierEnd::Line)?
    } else {
        (rest, None)
    };
    let type_name = text_of(&type_name);
    // The type and its values, without the whitespace before a
    // description.
    let declared = &after_sep.fragment()[..rest.location_offset() - after_sep.location_offset()];
    let values_end = after_sep.location_offset() + declared.trim_end().len();
    let rest_trimmed = trim_start(rest);
    let (rest, modifiers, end) = if rest_trimmed.fragment().starts_with('(') {
        let (rest, modifiers) = modifiers(skip(rest_trimmed, 1), ModifierEnd::Paren)?;
        let rest = close_paren(rest, &name_text)?;
        let end = rest.location_offset();
        (rest, modifiers, end)
    } else if rest_trimmed.fragment().starts_with(',') {
        let (rest, modifiers) = modifiers(skip(rest_trimmed, 1), ModifierEnd::Line)?;
        let end = modifiers.last().map_or(values_end, |m| m.span.end);
        (rest, modifiers, end)
    } else {
        (rest, Vec::new(), values_end)
    };
    expect_end(rest)?;
    let end = end.max(values_end);
    Ok(Field {
        span: Span::new(whole.start, end),
        name: name_text,
        type_name,
        enum_values,
        modifiers,
    })
}

/// `first name: string`: the words of a name written with spaces, up to
/// a separator or `(`.
fn spaced_name(first: &Text, after: Input) -> Option<FieldError> {
    let mut words = vec![first.text.clone()];
    let mut rest = after;
    let mut end = first.span.end;
    while let Ok((next, word)) = super::tokens::name_token(rest) {
        words.push((*word.fragment()).to_string());
        end = word.location_offset() + word.fragment().len();
        rest = trim_start(next);
    }
    let declares = rest.fragment().starts_with(['(', ':']) || separator(rest).is_ok();
    if words.len() < 2 || !declares {
        return None;
    }
    let written = words.join(" ");
    Some(field_error(
        Span::new(first.span.start, end),
        FieldFault::SpacedName {
            snake: crate::naming::snake_case(&words.join("_")),
            written,
        },
    ))
}

/// `list of Plot`, `array of string`, `string[]`: a list where the type
/// goes.
fn list_type(name: &Text, at: Input, type_name: &Input, rest: Input) -> Option<FieldError> {
    let word = type_name.fragment().to_ascii_lowercase();
    let after = rest.fragment().trim_start();
    let of = if after.starts_with("[]") {
        (*type_name.fragment()).to_string()
    } else if matches!(word.as_str(), "list" | "array" | "set")
        && let Some(of) = after.strip_prefix("of ")
    {
        of.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| !w.is_empty())?
            .to_string()
    } else {
        return None;
    };
    let end = at.location_offset() + at.fragment().trim_end().len();
    Some(field_error(
        Span::new(at.location_offset(), end),
        FieldFault::ListType {
            name: name.text.clone(),
            of,
        },
    ))
}

pub(super) fn missing_type(name: &Text, at: &Input) -> FieldError {
    let found = at.fragment().chars().next();
    let span = match found {
        Some(c) => Span::new(at.location_offset(), at.location_offset() + c.len_utf8()),
        None => Span::new(at.location_offset(), at.location_offset()),
    };
    field_error(
        span,
        FieldFault::NoType {
            name: name.text.clone(),
        },
    )
}

pub(super) fn close_paren<'a>(rest: Input<'a>, name: &Text) -> Result<Input<'a>, FieldError> {
    if rest.fragment().starts_with(')') {
        Ok(skip(rest, 1))
    } else {
        Err(field_error(
            Span::new(rest.location_offset(), rest.location_offset()),
            FieldFault::UnclosedModifiers {
                name: name.text.clone(),
            },
        ))
    }
}

/// `(type, modifier, ...)` after a field name; `input` starts after `(`.
/// The field's span starts at `start`, where its declaration does (at
/// the emphasis around the name, if any).
fn parenthesised_field<'a>(
    start: usize,
    name: Text,
    input: Input<'a>,
) -> Result<(Input<'a>, Field), FieldError> {
    let input = trim_start(input);
    let (rest, type_name) = type_token(input).map_err(|_| missing_type(&name, &input))?;
    let (rest, enum_values) = if is_enum_word(&type_name) {
        enum_values(rest, ModifierEnd::Paren)?
    } else {
        (rest, None)
    };
    let type_name = text_of(&type_name);
    // `(INTEGER PRIMARY KEY)`, `(VARCHAR UNIQUE)`: a schema's column
    // constraints follow the type after a space, not a comma.
    let spaced = enum_values.is_none()
        && rest.fragment().starts_with([' ', '\t'])
        && trim_start(rest)
            .fragment()
            .starts_with(|c: char| c.is_ascii_alphabetic());
    let rest = trim_start(rest);
    let (rest, modifiers) = if rest.fragment().starts_with(',') {
        modifiers(skip(rest, 1), ModifierEnd::Paren)?
    } else if spaced {
        modifiers(rest, ModifierEnd::Paren)?
    } else {
        (rest, Vec::new())
    };
    if !rest.fragment().starts_with(')') {
        let at = trim(rest);
        if at.fragment().is_empty() {
            return Err(close_paren(rest, &name)
                .err()
                .unwrap_or_else(|| missing_type(&name, &rest)));
        }
        return Err(field_error(
            span_of(&at),
            FieldFault::TextInParentheses { name: name.text },
        ));
    }
    let rest = skip(rest, 1);
    let end = rest.location_offset();
    Ok((
        rest,
        Field {
            span: Span::new(start, end),
            name,
            type_name,
            enum_values,
            modifiers,
        },
    ))
}

/// The fields on an entity's own line: `name (type, ...), other (type)`.
/// Every item is read even when an earlier one fails.
pub(crate) fn inline_fields(input: Input) -> Vec<Result<Field, FieldError>> {
    let mut results = Vec::new();
    for item in split_top_level(input) {
        let item = trim(item);
        let item = match item.fragment().strip_suffix('.') {
            Some(stripped) => trim(item.take(stripped.len())),
            None => item,
        };
        if item.fragment().is_empty() {
            continue;
        }
        results.push(inline_field(item));
    }
    results
}

fn inline_field(item: Input) -> Result<Field, FieldError> {
    let whole = span_of(&item);
    let Ok((rest, (name, _))) = emphasised_name(item) else {
        return Err(field_error(whole, FieldFault::NotInlineField));
    };
    let name = text_of(&name);
    let rest = trim_start(rest);
    if !rest.fragment().starts_with('(') {
        let at_end = rest.fragment().is_empty();
        return Err(field_error(
            if at_end {
                name.span
            } else {
                span_of(&trim(rest))
            },
            FieldFault::NoInlineType {
                name: name.text,
                at_end,
            },
        ));
    }
    let (rest, field) = parenthesised_field(whole.start, name, skip(rest, 1))?;
    let leftover = trim(rest);
    if !leftover.fragment().is_empty() {
        return Err(field_error(
            span_of(&leftover),
            FieldFault::TextAfterInlineField,
        ));
    }
    Ok(field)
}

/// Splits at commas and semicolons outside parentheses.
///
/// Each piece is sliced from the rest of the input in turn, which keeps the
/// located input's line counting linear in the length of the line.
fn split_top_level(input: Input) -> Vec<Input> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut rest = input;
    let mut piece_start = 0;
    // The quote that opens the keyed value of the modifier being read inside
    // the parentheses, if it has one: any other quote is an ordinary
    // character.
    let mut value_opens: Option<(usize, char)> = None;
    let mut quote: Option<char> = None;
    let fragment = *input.fragment();
    let opens_after = |i: usize| value_quote(&fragment[i + 1..]).map(|(at, q)| (i + 1 + at, q));
    for (i, c) in fragment.char_indices() {
        if let Some(open) = quote {
            if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' if depth > 0 && value_opens == Some((i, c)) => quote = Some(c),
            '(' => {
                depth += 1;
                value_opens = opens_after(i);
            }
            ',' if depth > 0 => value_opens = opens_after(i),
            // `(W default=`m)`)`: a schema's constraints follow the type
            // after a space, and may be keyed values too.
            ' ' | '\t' if depth > 0 => {
                if let Some(open) = opens_after(i) {
                    value_opens = Some(open);
                }
            }
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                let (after, piece) = rest.take_split(i - piece_start);
                pieces.push(piece);
                rest = skip(after, 1);
                piece_start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_after_a_spaced_type_keeps_its_bracket() {
        let fields = inline_fields(Input::new(
            "code (Tag default=`a)`, unique), label (string, default=\"b)\")",
        ));
        assert_eq!(fields.len(), 2);
        let code = fields[0].as_ref().expect("the first field reads");
        assert_eq!(code.modifiers.len(), 2);
        assert!(fields[1].is_ok());
    }
}
