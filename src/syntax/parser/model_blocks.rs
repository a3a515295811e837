//! The blocks of a data model that declare no entity: Relationships and
//! Enums blocks, read for the links and enumerations they declare, and
//! Business Rules, Indexes, Validation, Notes, Permissions and diagrams,
//! skipped as prose. A block opens at a heading or a label line (`**Enums:**`)
//! of its own inside the data model.

use nom::Input as _;

use super::super::ast::{Entity, Field, Modifier, Text};
use super::super::embedded::{Enumeration, entity_word, link_name};
use super::super::lines::{Input, strip_number, text_of, trim};
use crate::naming;
use crate::problems::EmbeddedProblem;
use crate::span::Span;

/// What a block of the data model declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Relationships,
    Enums,
    /// Read as prose.
    Prose,
}

/// The kind of block that a heading's or label's words open, if any.
pub(super) fn block_kind(words: Input) -> Option<(BlockKind, Input)> {
    let words = trim(strip_number(words));
    let bare = words
        .fragment()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '`' | ':' | ' ' | '\t'));
    let lower = bare.to_lowercase();
    let lower = lower
        .split_once(" (")
        .map_or(lower.as_str(), |(head, _)| head)
        .trim();
    let kind = match lower {
        "relationships"
        | "relationship"
        | "relations"
        | "entity relationships"
        | "key relationships"
        | "associations" => BlockKind::Relationships,
        "enums" | "enum" | "enumerations" | "enum types" | "enumerated types" | "status values" => {
            BlockKind::Enums
        }
        "business rules"
        | "rules"
        | "indexes"
        | "indices"
        | "index"
        | "validation"
        | "validations"
        | "validation rules"
        | "notes"
        | "note"
        | "permissions"
        | "access control"
        | "constraints"
        | "entity relationship diagram"
        | "er diagram"
        | "erd"
        | "diagram"
        | "invariants"
        | "data integrity" => BlockKind::Prose,
        _ => return None,
    };
    let start = words.fragment().find(bare).unwrap_or(0);
    Some((kind, words.take_from(start).take(bare.len())))
}

/// `- Status: todo, doing, done`, `**Priority** — one of low / high`,
/// `Mood ('calm' | 'busy')`: a named enumeration.
pub(super) fn enumeration(content: Input) -> Option<Enumeration> {
    let content = trim(content);
    let fragment = *content.fragment();
    let name_start = fragment.find(|c: char| c.is_alphanumeric())?;
    let name_length = fragment[name_start..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(fragment.len() - name_start);
    let name = content.take_from(name_start).take(name_length);
    let rest = content.take_from(name_start + name_length);
    let after = rest
        .fragment()
        .trim_start_matches(['*', '_', '`', ' ', '\t']);
    let separator = after.chars().next()?;
    if !matches!(separator, ':' | '(' | '—' | '–' | '-' | '=') {
        return None;
    }
    let values_start = rest.fragment().len() - after.len() + separator.len_utf8();
    let values = rest.take_from(values_start);
    let values = trim(values);
    let values = match values.fragment().strip_suffix(')') {
        Some(inner) if separator == '(' => values.take(inner.len()),
        _ => values,
    };
    let mut values_text = values;
    for lead in ["one of", "enum:", "enum", "values:"] {
        // `get`: the lead's length may fall inside a character (`ze — …`).
        let head = values_text.fragment().get(..lead.len());
        if head.is_some_and(|head| head.eq_ignore_ascii_case(lead)) {
            values_text = trim(values_text.take_from(lead.len()));
        }
    }
    let found = split_values(values_text);
    (found.len() >= 2).then(|| Enumeration {
        name: text_of(&name),
        values: found,
    })
}

/// Values separated by `,`, `|`, `/` or `or`, perhaps quoted.
fn split_values(input: Input) -> Vec<Text> {
    let fragment = *input.fragment();
    let mut values = Vec::new();
    let mut start = None;
    let is_value = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    for (at, c) in fragment.char_indices().chain([(fragment.len(), ' ')]) {
        match (start, is_value(c)) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                let word = &fragment[from..at];
                let word = word.trim_end_matches('.');
                if !word.is_empty() && word != "or" && word != "and" {
                    values.push(text_of(&input.take_from(from).take(word.len())));
                }
                start = None;
            }
            _ => {}
        }
    }
    values
}

/// A relationship line kept until the entities are known.
#[derive(Debug, Clone)]
pub(super) struct RelationshipLine {
    pub text: String,
    pub span: Span,
}

/// The way a relationship line relates the first entity it names to the
/// second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cardinality {
    /// The first has many of the second: the second links to the first.
    OneToMany,
    /// Many of the first to one of the second: the first links to it;
    /// `required` when the line says the first belongs to the second.
    ManyToOne {
        required: bool,
    },
    ManyToMany,
}

fn cardinality(lower: &str) -> Option<Cardinality> {
    let has = |words: &[&str]| words.iter().any(|word| lower.contains(word));
    let both_ways = ["has many", "have many"]
        .iter()
        .map(|words| lower.matches(words).count())
        .sum::<usize>()
        >= 2;
    if both_ways
        || has(&[
            "many-to-many",
            "many to many",
            "m:n",
            "n:m",
            "n:n",
            "*──*",
            "*--*",
            "}o--o{",
            "<->",
            "↔",
        ])
    {
        return Some(Cardinality::ManyToMany);
    }
    if has(&["belongs to", "belong to", "is part of", "references"]) {
        return Some(Cardinality::ManyToOne { required: true });
    }
    if has(&[
        "many-to-one",
        "many to one",
        "n:1",
        "*:1",
        "*──1",
        "*--1",
        "n-1",
    ]) {
        return Some(Cardinality::ManyToOne { required: false });
    }
    if has(&[
        "one-to-many",
        "one to many",
        "1:n",
        "1:*",
        "1──*",
        "1--*",
        "1-*",
        "1-n",
        "has many",
        "have many",
        "has multiple",
        "have multiple",
        "contains many",
        "can have many",
        "has zero or more",
        "has one or more",
        "has several",
        "owns many",
        "includes many",
    ]) {
        return Some(Cardinality::OneToMany);
    }
    if has(&[
        "one-to-one",
        "one to one",
        "1:1",
        "1──1",
        "1--1",
        "has one",
        "has a ",
        "has an ",
    ]) {
        // One-to-one: the second links to the first, as for one-to-many.
        return Some(Cardinality::OneToMany);
    }
    if has(&["→", "->", "──>", "-->"]) {
        return Some(Cardinality::ManyToOne { required: false });
    }
    None
}

/// Words that open a sentence and name no entity.
const SENTENCE_WORDS: &[&str] = &[
    "A", "An", "Each", "Every", "One", "The", "Many", "Zero", "Any",
];

/// Reads the relationship lines against the entities: each becomes a link
/// on the many side, or is reported.
pub(super) fn resolve_relationships(
    lines: &[RelationshipLine],
    entities: &mut [Entity],
    problems: &mut Vec<EmbeddedProblem>,
) {
    for line in lines {
        let text = line.text.as_str();
        let lower = text.to_lowercase();
        let mut named: Vec<(usize, Span)> = Vec::new();
        let mut unknown: Option<String> = None;
        for (at, word) in words(text) {
            let span = Span::new(line.span.start + at, line.span.start + at + word.len());
            let singular = entity_word(word);
            match entities
                .iter()
                .position(|entity| entity.name.text == word || entity.name.text == singular)
            {
                Some(index) if !named.iter().any(|(seen, _)| *seen == index) => {
                    named.push((index, span));
                }
                Some(_) => {}
                None if word.starts_with(|c: char| c.is_uppercase())
                    && !SENTENCE_WORDS.contains(&word)
                    && unknown.is_none() =>
                {
                    unknown = Some(word.to_string());
                }
                None => {}
            }
        }
        let (Some(kind), [(first, first_span), (second, second_span), ..]) =
            (cardinality(&lower), named.as_slice())
        else {
            problems.push(EmbeddedProblem::RelationshipNotRead {
                span: line.span,
                unknown: if named.len() < 2 { unknown } else { None },
            });
            continue;
        };
        let (holder, target, target_span, required) = match kind {
            Cardinality::ManyToMany => {
                problems.push(EmbeddedProblem::ManyToMany {
                    span: line.span,
                    left: entities[*first].name.text.clone(),
                    right: entities[*second].name.text.clone(),
                });
                continue;
            }
            Cardinality::OneToMany => (*second, *first, *first_span, false),
            Cardinality::ManyToOne { required } => (*first, *second, *second_span, required),
        };
        let target_name = entities[target].name.text.clone();
        add_link(
            &mut entities[holder],
            &target_name,
            target_span,
            line.span,
            required,
        );
    }
}

/// Adds a link to `target` to `holder`, unless it has one: a field whose
/// type is `target`, or turns its `<target>_id` field into the link.
fn add_link(holder: &mut Entity, target: &str, target_span: Span, line: Span, required: bool) {
    if holder
        .fields
        .iter()
        .any(|field| field.type_name.text == target)
    {
        return;
    }
    let snake = naming::snake_case(target);
    let column = format!("{snake}_id");
    if let Some(field) = holder
        .fields
        .iter_mut()
        .find(|field| field.name.text == column)
    {
        field.name = link_name(&field.name);
        field.type_name.text = target.to_string();
        return;
    }
    let mut modifiers = Vec::new();
    if required {
        modifiers.push(Modifier {
            text: "required".to_string(),
            span: line,
            key: None,
            value: None,
        });
    }
    holder.span = holder.span.cover(line);
    holder.fields.push(Field {
        name: Text {
            text: snake,
            span: target_span,
        },
        type_name: Text {
            text: target.to_string(),
            span: target_span,
        },
        enum_values: None,
        modifiers,
        span: line,
    });
}

/// The words of a line (letters, digits and `_`) with their offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &text[at..];
        let start = rest.find(|c: char| c.is_alphanumeric() || c == '_')?;
        let length = rest[start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - start);
        let found = (at + start, &rest[start..start + length]);
        at += start + length;
        Some(found)
    })
}

/// Fields that name an enumeration as their type take its values; the
/// spans of the values are the type's, where the field names it.
pub(super) fn resolve_enumerations(entities: &mut [Entity], enumerations: &[Enumeration]) {
    if enumerations.is_empty() {
        return;
    }
    let entity_names: Vec<String> = entities
        .iter()
        .map(|entity| entity.name.text.clone())
        .collect();
    for entity in entities.iter_mut() {
        for field in &mut entity.fields {
            if field.enum_values.is_some() || entity_names.contains(&field.type_name.text) {
                continue;
            }
            let written = naming::snake_case(&field.type_name.text);
            if let Some(enumeration) = enumerations
                .iter()
                .find(|enumeration| naming::snake_case(&enumeration.name.text) == written)
            {
                let span = field.type_name.span;
                field.type_name.text = "enum".to_string();
                field.enum_values = Some(
                    enumeration
                        .values
                        .iter()
                        .map(|value| Text {
                            text: value.text.clone(),
                            span,
                        })
                        .collect(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_words_name_their_kind() {
        for (words, kind) in [
            ("Relationships", Some(BlockKind::Relationships)),
            ("**Enums:**", Some(BlockKind::Enums)),
            ("4.3 Business Rules", Some(BlockKind::Prose)),
            ("Indexes (PostgreSQL)", Some(BlockKind::Prose)),
            ("Task", None),
        ] {
            assert_eq!(
                block_kind(Input::new(words)).map(|(kind, _)| kind),
                kind,
                "{words}"
            );
        }
    }

    #[test]
    fn enumerations_take_any_separator() {
        for line in [
            "Status: todo, doing, done",
            "**Status** — one of todo / doing / done",
            "Status ('todo' | 'doing' | 'done')",
            "Status: todo, doing, or done",
        ] {
            let enumeration = enumeration(Input::new(line)).expect(line);
            assert_eq!(enumeration.name.text, "Status");
            let values: Vec<&str> = enumeration.values.iter().map(|v| v.text.as_str()).collect();
            assert_eq!(values, ["todo", "doing", "done"], "{line}");
        }
        assert!(enumeration(Input::new("Status")).is_none());
    }

    #[test]
    fn a_lead_word_may_not_end_inside_a_character() {
        // "enum:" is five bytes long; the fifth byte here is inside the dash.
        let enumeration = enumeration(Input::new("Size: ab — cd, ef")).expect("enumeration");
        let values: Vec<&str> = enumeration.values.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(values, ["ab", "cd", "ef"]);
    }

    fn entity(name: &str, fields: &[(&str, &str)]) -> Entity {
        Entity {
            name: Text {
                text: name.into(),
                span: Span::new(0, 0),
            },
            shape: crate::syntax::EntityShape::Heading,
            fields: fields
                .iter()
                .map(|(name, type_name)| Field {
                    name: Text {
                        text: (*name).into(),
                        span: Span::new(0, 0),
                    },
                    type_name: Text {
                        text: (*type_name).into(),
                        span: Span::new(0, 0),
                    },
                    enum_values: None,
                    modifiers: Vec::new(),
                    span: Span::new(0, 0),
                })
                .collect(),
            unreadable_fields: 0,
            unique_groups: Vec::new(),
            renamed_from: None,
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn relationships_become_links_on_the_many_side() {
        let source = "A Shelf has many Jars\nEach Lid belongs to one Jar\nJar → Label (many-to-one)\nShelf 1──* Label\nA Jar has many Spoons and a Spoon has many Jars\nA Pantry has many Jars";
        let mut entities = vec![
            entity("Shelf", &[]),
            entity("Jar", &[]),
            entity("Lid", &[("jar_id", "uuid")]),
            entity("Label", &[]),
            entity("Spoon", &[]),
        ];
        let mut lines = Vec::new();
        let mut at = 0;
        for line in source.split('\n') {
            lines.push(RelationshipLine {
                text: line.to_string(),
                span: Span::new(at, at + line.len()),
            });
            at += line.len() + 1;
        }
        let mut problems = Vec::new();
        resolve_relationships(&lines, &mut entities, &mut problems);
        let links = |entity: &Entity| -> Vec<(String, String)> {
            entity
                .fields
                .iter()
                .map(|field| (field.name.text.clone(), field.type_name.text.clone()))
                .collect()
        };
        assert_eq!(
            links(&entities[1]),
            [
                ("shelf".into(), "Shelf".into()),
                ("label".into(), "Label".into())
            ]
        );
        assert_eq!(links(&entities[2]), [("jar".into(), "Jar".into())]);
        assert_eq!(links(&entities[3]), [("shelf".into(), "Shelf".into())]);
        assert_eq!(
            problems,
            [
                EmbeddedProblem::ManyToMany {
                    span: lines[4].span,
                    left: "Jar".into(),
                    right: "Spoon".into()
                },
                EmbeddedProblem::RelationshipNotRead {
                    span: lines[5].span,
                    unknown: Some("Pantry".into())
                },
            ]
        );
    }
}
