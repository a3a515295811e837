//! An entity whose columns are listed on its own line after a label:
//! `**Loans (Entity):** Books lent out. Columns: id, book_id (Foreign
//! Key), due_on, status (ENUM: OPEN, RETURNED).` The words between the
//! entity's label and `Columns:` describe it and are prose; each column is
//! a name, perhaps with remarks in parentheses, and gets its type from its
//! name when lowered.

use nom::Input as _;

use crate::span::Span;
use crate::syntax::ast::{Field, Modifier, Text};
use crate::syntax::lines::{Input, skip, text_of, trim};

/// The words that introduce the list of columns.
const LIST_LABELS: &[&str] = &["Columns:"];

/// The remarks that may follow the entity's name inside its label.
const NAME_REMARKS: &[&str] = &["(entity)", "(table)", "(model)"];

/// An entity line with its columns.
pub(crate) struct ColumnsLine<'a> {
    pub name: Input<'a>,
    pub columns: Vec<Field>,
    /// An `etc.` ending the list: more columns the line does not name.
    pub etc: Option<Input<'a>>,
}

/// The entity and columns of `content`, or `None` when the line is not a
/// bold entity label followed, on the same line, by a list label.
pub(crate) fn columns_line(content: Input) -> Option<ColumnsLine> {
    let fragment = *content.fragment();
    let inner = fragment.strip_prefix("**")?;
    let label_end = inner.find("**")?;
    let label = inner[..label_end]
        .trim_end()
        .trim_end_matches(':')
        .trim_end();
    let name_len = label
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(label.len());
    let remark = label[name_len..].trim();
    if name_len == 0
        || !label.starts_with(|c: char| c.is_ascii_uppercase())
        || !(remark.is_empty() || NAME_REMARKS.iter().any(|r| r.eq_ignore_ascii_case(remark)))
    {
        return None;
    }
    let name = skip(content, 2).take(name_len);
    let after_label = 2 + label_end + 2;
    let (at, list_label) = LIST_LABELS
        .iter()
        .filter_map(|list| {
            let found = fragment[after_label..].find(list)?;
            let at = after_label + found;
            // The label starts a word: `Columns:` and not `SubColumns:`.
            let starts_word = !fragment[..at].ends_with(|c: char| c.is_alphanumeric());
            starts_word.then_some((at, *list))
        })
        .min_by_key(|(at, _)| *at)?;
    let list = skip(content, at + list_label.len());
    let (columns, etc) = columns(list);
    (!columns.is_empty()).then_some(ColumnsLine { name, columns, etc })
}

/// The columns of a list, split at the commas outside parentheses, and the
/// `etc.` that ends it, if any.
fn columns(list: Input) -> (Vec<Field>, Option<Input>) {
    let mut fields = Vec::new();
    let mut etc = None;
    for item in split_top_level(list) {
        let item = without_full_stop(trim(item));
        let text = *item.fragment();
        if text.is_empty() {
            continue;
        }
        if text.eq_ignore_ascii_case("etc") || text.eq_ignore_ascii_case("etc.") {
            etc = Some(item);
            continue;
        }
        fields.push(column(item));
    }
    (fields, etc)
}

/// `name` or `name (remark, remark)`, or `name (ENUM: A, B)`.
fn column(item: Input) -> Field {
    let text = *item.fragment();
    let (name, remarks) = match text.find('(') {
        Some(open) if text.ends_with(')') => (
            trim(item.take(open)),
            Some(skip(item, open + 1).take(text.len() - open - 2)),
        ),
        _ => (item, None),
    };
    let name_end = name.location_offset() + name.fragment().len();
    let mut field = Field {
        name: text_of(&name),
        type_name: Text {
            text: String::new(),
            span: Span::new(name_end, name_end),
        },
        enum_values: None,
        modifiers: Vec::new(),
        span: Span::new(item.location_offset(), item.location_offset() + text.len()),
    };
    let Some(remarks) = remarks else {
        return field;
    };
    let inner = trim(remarks);
    let word = inner.fragment().split(':').next().unwrap_or_default();
    if inner.fragment().contains(':') && word.trim().eq_ignore_ascii_case("enum") {
        // `ENUM: A, B`: every comma separates values.
        field.type_name = Text {
            text: "enum".to_string(),
            span: Span::new(
                inner.location_offset(),
                inner.location_offset() + word.trim_end().len(),
            ),
        };
        let values = skip(inner, word.len() + 1);
        field.enum_values = Some(
            split_top_level(values)
                .into_iter()
                .map(|value| text_of(&trim(value)))
                .collect(),
        );
        return field;
    }
    field.modifiers = split_top_level(inner)
        .into_iter()
        .map(|remark| {
            let remark = trim(remark);
            Modifier {
                text: remark
                    .fragment()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                span: Span::new(
                    remark.location_offset(),
                    remark.location_offset() + remark.fragment().len(),
                ),
                key: None,
                value: None,
            }
        })
        .collect();
    field
}

/// `text` without the full stop that ends a sentence, unless it is the
/// stop of `etc.`.
fn without_full_stop(text: Input) -> Input {
    let fragment = *text.fragment();
    match fragment.strip_suffix('.') {
        Some(before) if !before.eq_ignore_ascii_case("etc") => text.take(before.len()),
        _ => text,
    }
}

/// The pieces of `list` between the commas that are not in parentheses.
pub(super) fn split_top_level(list: Input) -> Vec<Input> {
    let fragment = *list.fragment();
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in fragment.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                pieces.push(skip(list, start).take(at - start));
                start = at + 1;
            }
            _ => {}
        }
    }
    pieces.push(skip(list, start));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(String, Vec<String>, bool)> {
        columns_line(Input::new(line)).map(|line| {
            let columns = line
                .columns
                .iter()
                .map(|field| {
                    let mut text = field.name.text.clone();
                    if !field.type_name.text.is_empty() {
                        text.push(':');
                        text.push_str(&field.type_name.text);
                    }
                    for value in field.enum_values.iter().flatten() {
                        text.push('|');
                        text.push_str(&value.text);
                    }
                    for modifier in &field.modifiers {
                        text.push('+');
                        text.push_str(&modifier.text);
                    }
                    text
                })
                .collect();
            (
                line.name.fragment().to_string(),
                columns,
                line.etc.is_some(),
            )
        })
    }

    #[test]
    fn a_bold_label_and_a_list_of_columns_declare_an_entity() {
        let (name, columns, etc) = read(
            "**Loans (Entity):** Books lent out. Columns: loan_no, book_id (Foreign Key), state (ENUM: OPEN, SHUT), due_on (Unique,  Indexed), etc.",
        )
        .unwrap();
        assert_eq!(name, "Loans");
        assert_eq!(
            columns,
            [
                "loan_no",
                "book_id+Foreign Key",
                "state:enum|OPEN|SHUT",
                "due_on+Unique+Indexed"
            ]
        );
        assert!(etc);
        let (_, columns, etc) = read("**Shelf:** Columns: label, room.").unwrap();
        assert_eq!(columns, ["label", "room"]);
        assert!(!etc);
    }

    #[test]
    fn other_lines_are_not_column_lists() {
        for line in [
            "**Loans** lent out",
            "**Loans (lent books):** Columns: id",
            "**loans:** Columns: id",
            "Loans: Columns: id",
            "**Loans:** SubColumns: id",
            "**Loans:** Columns:",
        ] {
            assert!(read(line).is_none(), "{line}");
        }
    }
}
