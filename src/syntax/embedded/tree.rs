//! ASCII trees in a fence: a name on a line of its own (`Recipe`) is an
//! entity, and each branch under it (`├── title`, `└── tags[]`, or with
//! `|--`, `+--`, `` `-- ``) a field. A field is written with its name
//! alone, its type then inferred from the name (N0013); `name[]` is a
//! list, stored as `json`; `name (a | b | c)` an enumeration; any other
//! text in parentheses a remark, reported (W0006). Records nested in a
//! field (`items[] { text, quantity }`, or branches under a branch) are
//! kept in the field as `json`, and their fields reported (W0006). An
//! ellipsis (`...`) stands for fields not written and declares nothing.

use nom::Input as _;

use super::scan::bare_name;
use super::{EntityBuilder, Schema, built_in, field, field_name, not_read, note_built_in};
use crate::naming;
use crate::problems::{Notation, UnreadPart};
use crate::span::Span;
use crate::syntax::ast::{Field, Text};
use crate::syntax::lines::{Input, span_of, trim};

const TREE: Notation = Notation::Tree;

/// The markers that open a branch, the box-drawing ones followed by any
/// number of `─`.
const MARKERS: &[&str] = &["├", "└", "|--", "+--", "`--"];

/// Whether the block's lines hold a tree: a branch marker at the start of
/// a line, after whitespace or the bars of outer branches.
pub(super) fn is_tree(body: &[Input]) -> bool {
    body.iter().any(|line| branch(*line).is_some())
}

/// A branch line's depth (1 right under the entity) and the text after
/// its marker.
fn branch(line: Input) -> Option<(usize, Input)> {
    let text = *line.fragment();
    let (at, marker) = MARKERS
        .iter()
        .filter_map(|marker| text.find(marker).map(|at| (at, *marker)))
        .min_by_key(|(at, _)| *at)?;
    let prefix = &text[..at];
    if !prefix
        .chars()
        .all(|c| c.is_whitespace() || c == '│' || c == '|')
    {
        return None;
    }
    let mut end = at + marker.len();
    end += text[end..].len() - text[end..].trim_start_matches(['─', '-']).len();
    // A branch's marker is followed by a space and a name (`+---+` is a
    // table's border).
    let after = &text[end..];
    if !after.starts_with([' ', '\t'])
        || !after
            .trim_start()
            .starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '.' || c == '…')
    {
        return None;
    }
    let nested = prefix.contains(['│', '|']) || prefix.chars().count() >= 2;
    Some((if nested { 2 } else { 1 }, trim(line.take_from(end))))
}

pub(super) fn read(body: &[Input], schema: &mut Schema) {
    let mut builder: Option<EntityBuilder> = None;
    for &line in body {
        let text = line.fragment().trim();
        if text.is_empty()
            || text
                .chars()
                .all(|c| c == '│' || c == '|' || c.is_whitespace())
        {
            continue;
        }
        if let Some((depth, content)) = branch(line) {
            let Some(open) = &mut builder else {
                not_read(content, TREE, UnreadPart::Line, schema);
                continue;
            };
            if is_ellipsis(content.fragment()) {
                continue;
            }
            if depth > 1 {
                nested_in_last(open, content, schema);
            } else {
                member(open, content, schema);
            }
            continue;
        }
        let name = trim(line);
        let name = name.take(name.fragment().trim_end_matches(':').len());
        match bare_name(name) {
            Ok((rest, name)) if rest.fragment().is_empty() => {
                if let Some(done) = builder.take() {
                    done.finish(schema);
                }
                builder = Some(EntityBuilder::new(name, span_of(&name), schema));
            }
            _ => not_read(trim(line), TREE, UnreadPart::Line, schema),
        }
    }
    if let Some(done) = builder {
        done.finish(schema);
    }
}

fn is_ellipsis(text: &str) -> bool {
    matches!(text, "..." | "…")
}

/// A branch under a field: a field of records nested in it, which is
/// kept as `json`.
fn nested_in_last(builder: &mut EntityBuilder, content: Input, schema: &mut Schema) {
    if let Some(last) = builder.entity.fields.last_mut() {
        last.type_name.text = "json".to_string();
        last.enum_values = None;
    }
    not_read(content, TREE, UnreadPart::NestedRecords, schema);
}

/// The field a branch declares.
fn member(builder: &mut EntityBuilder, content: Input, schema: &mut Schema) {
    let Ok((rest, name)) = bare_name(content) else {
        not_read(content, TREE, UnreadPart::Line, schema);
        return;
    };
    let snake = naming::snake_case(name.fragment());
    if let Some(kind) = built_in(&snake) {
        note_built_in(name, kind, schema);
        return;
    }
    let field_text = field_name(name, schema);
    let mut declared = untyped(field_text, span_of(&name));
    let mut rest = rest;
    if let Some(after) = rest.fragment().strip_prefix("[]") {
        let list = rest.take(2);
        declared = field(
            declared.name,
            "json",
            list,
            span_of(&name).cover(span_of(&list)),
        );
        rest = rest.take_from(rest.fragment().len() - after.len());
    }
    let rest = trim(rest);
    let text = *rest.fragment();
    if text.starts_with('{') && text.ends_with('}') {
        declared.type_name.text = "json".to_string();
        not_read(rest, TREE, UnreadPart::NestedRecords, schema);
    } else if text.starts_with('(') && text.ends_with(')') && text.contains('|') {
        let inner = trim(rest.take_from(1).take(text.len() - 2));
        declared.type_name = Text {
            text: "enum".to_string(),
            span: span_of(&rest),
        };
        declared.enum_values = Some(values(inner));
        declared.span = declared.span.cover(span_of(&rest));
    } else if !text.is_empty() {
        not_read(rest, TREE, UnreadPart::Remark, schema);
    }
    builder.push(declared);
}

/// The values of `a | b | c`, each trimmed.
fn values(inner: Input) -> Vec<Text> {
    let mut values = Vec::new();
    let mut rest = inner;
    loop {
        let text = *rest.fragment();
        let end = text.find('|').unwrap_or(text.len());
        let value = trim(rest.take(end));
        values.push(Text {
            text: value.fragment().trim_matches(['\'', '"', '`']).to_string(),
            span: span_of(&value),
        });
        if end == text.len() {
            return values;
        }
        rest = rest.take_from(end + 1);
    }
}

/// A field with no type, which lowering infers from the name.
fn untyped(name: Text, span: Span) -> Field {
    Field {
        type_name: Text {
            text: String::new(),
            span: Span::new(span.end, span.end),
        },
        span,
        name,
        enum_values: None,
        modifiers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{entity_fields, read_text, unread_parts};
    use super::*;
    use crate::problems::EmbeddedProblem;

    #[test]
    fn names_are_entities_and_branches_fields() {
        let schema = read_text(
            Notation::Tree,
            "Plot\n├── id\n├── bed_name\n├── soil (loam | clay | sand)\n├── crops[]\n├── harvests[] { weight, picked_on }\n├── shade (morning, evening)\n│   └── hours\n└── ...\n\nGardener\n|-- name\n`-- plot_id",
        );
        let entities: Vec<(String, Vec<(String, String)>)> = entity_fields(&schema);
        assert_eq!(
            entities,
            vec![
                (
                    "Plot".to_string(),
                    vec![
                        ("bed_name".into(), String::new()),
                        ("soil".into(), "enum".into()),
                        ("crops".into(), "json".into()),
                        ("harvests".into(), "json".into()),
                        ("shade".into(), "json".into()),
                    ]
                ),
                (
                    "Gardener".to_string(),
                    vec![
                        ("name".into(), String::new()),
                        ("plot_id".into(), String::new())
                    ]
                ),
            ]
        );
        let soil = &schema.entities[0].fields[1];
        let values: Vec<&str> = soil
            .enum_values
            .iter()
            .flatten()
            .map(|value| value.text.as_str())
            .collect();
        assert_eq!(values, ["loam", "clay", "sand"]);
        let parts: Vec<UnreadPart> = unread_parts(&schema);
        assert_eq!(
            parts,
            [
                UnreadPart::NestedRecords,
                UnreadPart::Remark,
                UnreadPart::NestedRecords
            ]
        );
    }

    #[test]
    fn a_branch_before_any_name_is_not_read() {
        let schema = read_text(Notation::Tree, "├── title\nPlot\n└── bed");
        assert_eq!(schema.entities.len(), 1);
        assert!(matches!(
            schema.problems.as_slice(),
            [EmbeddedProblem::NotRead { part: UnreadPart::Line, written, .. }] if written == "title"
        ));
    }
}
