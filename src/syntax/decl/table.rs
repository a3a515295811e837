//! The rows of a field table under an entity heading.

use nom::Input as _;

use super::enum_values::{enum_values, is_enum_word};
use super::field::{FieldError, close_paren, field_error, missing_type};
use super::modifiers::{ModifierEnd, modifiers};
use super::tokens::{emphasised_name, type_token};
use crate::problems::FieldFault;
use crate::span::Span;
use crate::syntax::ast::{Field, Modifier, Text};
use crate::syntax::lines::{Input, skip, span_of, text_of, trim};

/// The cells of a table row, without the outer pipes; `\|` does not end a
/// cell.
pub(crate) fn table_cells(line: Input) -> Vec<Input> {
    let line = trim(line);
    let line = match line.fragment().strip_prefix('|') {
        Some(_) => skip(line, 1),
        None => line,
    };
    let mut cells = Vec::new();
    let mut rest = line;
    loop {
        let fragment = *rest.fragment();
        let bytes = fragment.as_bytes();
        let at = (0..bytes.len()).find(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'));
        match at {
            Some(at) => {
                let (after, cell) = rest.take_split(at);
                cells.push(cell);
                rest = skip(after, 1);
            }
            None => {
                if !fragment.trim().is_empty() {
                    cells.push(rest);
                }
                return cells;
            }
        }
    }
}

/// Whether a row is a table's delimiter row (`|---|:--:|`).
pub(crate) fn is_delimiter_row(cells: &[Input]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|cell| {
            let text = cell.fragment().trim();
            !text.is_empty() && text.chars().all(|c| matches!(c, '-' | ':' | ' '))
        })
}

/// Cell text without emphasis or backticks around it.
fn unemphasised(cell: Input) -> Input {
    let cell = trim(cell);
    let text = *cell.fragment();
    let start = text.len() - text.trim_start_matches(['`', '*', '_']).len();
    let cell = skip(cell, start);
    let kept = cell.fragment().trim_end_matches(['`', '*', '_']).len();
    trim(cell.take(kept))
}

/// The cells of one table row that declare a field.
pub(crate) struct TableRowCells<'a> {
    pub row: Span,
    pub name: Input<'a>,
    pub type_cell: Input<'a>,
    pub constraints: Vec<Input<'a>>,
    pub required: Option<Input<'a>>,
    pub default: Option<Input<'a>>,
}

/// A field from a table row; a cell that cannot be read is the error's span.
pub(crate) fn table_field(cells: TableRowCells) -> Result<Field, FieldError> {
    let name_cell = trim(cells.name);
    if name_cell.fragment().is_empty() {
        return Err(field_error(
            Span::new(name_cell.location_offset(), name_cell.location_offset()),
            FieldFault::EmptyNameCell,
        ));
    }
    let (rest, (name, _)) = emphasised_name(name_cell)
        .map_err(|_| field_error(span_of(&name_cell), FieldFault::NotANameCell))?;
    let leftover = trim(rest);
    if !leftover.fragment().is_empty() {
        return Err(field_error(
            span_of(&leftover),
            FieldFault::TextAfterNameCell,
        ));
    }
    let name = text_of(&name);
    let type_cell = unemphasised(cells.type_cell);
    let (type_name, enum_values, mut found) = match key_reference(type_cell) {
        // `→ customers.id`: the key of a row of the table named, which
        // lowering reads as a link (N0012).
        Some(reference) => (text_of(&reference), None, Vec::new()),
        None if type_cell.fragment().starts_with(['\u{2192}'])
            || type_cell.fragment().starts_with("->") =>
        {
            return Err(field_error(
                span_of(&type_cell),
                FieldFault::KeyReferenceCell { name: name.text },
            ));
        }
        None => typed_cell(type_cell, &name)?,
    };
    for cell in cells.constraints {
        let cell = trim(cell);
        let text = cell.fragment().trim();
        if text.is_empty() || matches!(text, "-" | "—" | "–") {
            continue;
        }
        let (_, modifiers) = modifiers(cell, ModifierEnd::Cell)?;
        found.extend(modifiers);
    }
    if let Some(cell) = cells.required {
        let cell = unemphasised(cell);
        let text = cell.fragment().to_ascii_lowercase();
        let word = match text.as_str() {
            "" | "-" | "—" | "–" => None,
            "yes" | "y" | "true" | "x" | "✓" | "✔" | "required" => Some("required"),
            "no" | "n" | "false" | "optional" => Some("optional"),
            _ => {
                return Err(field_error(span_of(&cell), FieldFault::UnclearRequiredCell));
            }
        };
        if let Some(word) = word {
            found.push(Modifier {
                text: word.to_string(),
                span: span_of(&cell),
                key: None,
                value: None,
            });
        }
    }
    if let Some(cell) = cells.default {
        let cell = trim(cell);
        let text = cell.fragment().trim();
        if !text.is_empty() && !matches!(text, "-" | "—" | "–") {
            let value = unemphasised(cell);
            found.push(Modifier {
                text: format!("default={}", value.fragment()),
                span: span_of(&cell),
                key: Some(Text {
                    text: "default".into(),
                    span: span_of(&cell),
                }),
                value: Some(text_of(&value)),
            });
        }
    }
    Ok(Field {
        name,
        type_name,
        enum_values,
        modifiers: found,
        span: cells.row,
    })
}

/// A type cell's type, its enumeration's values and the modifiers in
/// parentheses after it.
fn typed_cell(type_cell: Input, name: &Text) -> Result<TypedCell, FieldError> {
    let (rest, type_name) = type_token(type_cell).map_err(|_| missing_type(name, &type_cell))?;
    let (rest, enum_values) = if is_enum_word(&type_name) {
        enum_values(rest, ModifierEnd::Cell)?
    } else {
        (rest, None)
    };
    let type_name = text_of(&type_name);
    let rest = trim(rest);
    let mut found = Vec::new();
    if rest.fragment().starts_with('(') {
        let (after, modifiers) = modifiers(skip(rest, 1), ModifierEnd::Paren)?;
        close_paren(after, name)?;
        found.extend(modifiers);
    } else if !rest.fragment().is_empty() {
        return Err(field_error(
            span_of(&rest),
            FieldFault::TextAfterTypeCell {
                name: name.text.clone(),
            },
        ));
    }
    Ok((type_name, enum_values, found))
}

type TypedCell = (Text, Option<Vec<Text>>, Vec<Modifier>);

/// A type cell that names the key of another table's row: an arrow, then
/// the table and its `id` column (`→ customers.id`, `-> customers.id`).
fn key_reference(cell: Input) -> Option<Input> {
    let text = *cell.fragment();
    let after = text
        .strip_prefix('\u{2192}')
        .or_else(|| text.strip_prefix("->"))?
        .trim_start_matches([' ', '\t']);
    let at = after
        .len()
        .checked_sub(3)
        .filter(|&at| after.is_char_boundary(at))?;
    let table = &after[..at];
    let named = after[at..].eq_ignore_ascii_case(".id")
        && table.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    named.then_some(cell)
}
