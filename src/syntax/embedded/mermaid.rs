//! Mermaid `erDiagram` blocks: each entity with its attributes, and each
//! relationship a link on its many side.

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::char;
use nom::combinator::opt;

use super::scan::{Scan, bare_name, blank, group, quoted, space, split_top, uncommented};
use super::{
    EntityBuilder, Schema, built_in, entity_word, field, field_name, flag, link_name, not_read,
    note_built_in, scalar_type,
};
use crate::naming;
use crate::problems::{BuiltInColumn, EmbeddedProblem, Notation, UnreadPart};
use crate::syntax::ast::Text;
use crate::syntax::lines::{Input, span_of, trim};

const MERMAID: Notation = Notation::Mermaid;

/// A relationship line: its two entities and their cardinalities.
struct Relationship<'a> {
    line: Input<'a>,
    left: Input<'a>,
    left_card: Input<'a>,
    right: Input<'a>,
    right_card: Input<'a>,
}

pub(super) fn read(body: &[Input], schema: &mut Schema) {
    let mut builders: Vec<EntityBuilder> = Vec::new();
    let mut open: Option<usize> = None;
    let mut relationships = Vec::new();
    for &raw in body {
        let line = uncommented(raw, "%%");
        let text = *line.fragment();
        if text.is_empty() || text == "erDiagram" || text.starts_with("direction ") {
            continue;
        }
        if let Some(at) = open {
            if text.starts_with('}') {
                builders[at].extend_to(span_of(&line));
                open = None;
            } else {
                attribute(line, &mut builders[at], schema);
            }
            continue;
        }
        if let Ok((rest, name)) = entity_name(line)
            && let Ok((rest, _)) = char::<_, nom::error::Error<Input>>('{').parse(space(rest))
        {
            let at = entity_at(&mut builders, name, line, schema);
            builders[at].extend_to(span_of(&line));
            // `A { string name }` on one line.
            if let Some(close) = rest.fragment().find('}') {
                for part in split_top(trim(nom::Input::take(&rest, close)), '\n') {
                    attribute(part, &mut builders[at], schema);
                }
            } else {
                open = Some(at);
            }
            continue;
        }
        match relationship(line) {
            Ok((_, relationship)) => relationships.push(relationship),
            Err(_) => not_read(line, MERMAID, UnreadPart::Line, schema),
        }
    }
    for relationship in relationships {
        link(&relationship, &mut builders, schema);
    }
    for builder in builders {
        builder.finish(schema);
    }
}

/// An entity's name: a word (`LINE-ITEM` too) or a quoted name, with an
/// optional alias in brackets.
fn entity_name(input: Input) -> Scan<Input> {
    let (rest, name) = alt((
        quoted,
        take_while1(|c: char| c.is_alphanumeric() || c == '_' || c == '-'),
    ))
    .parse(input)?;
    let (rest, _) = opt(group('[', ']')).parse(rest)?;
    Ok((rest, name))
}

/// The index of the entity named `name`, declared now if it is new.
fn entity_at(
    builders: &mut Vec<EntityBuilder>,
    name: Input,
    line: Input,
    schema: &mut Schema,
) -> usize {
    let word = entity_word(name.fragment());
    if let Some(at) = builders
        .iter()
        .position(|builder| builder.entity.name.text == word)
    {
        return at;
    }
    builders.push(EntityBuilder::new(name, span_of(&line), schema));
    builders.len() - 1
}

/// `type name [PK, FK] ["comment"]`.
fn attribute(line: Input, builder: &mut EntityBuilder, schema: &mut Schema) {
    let parsed = (
        bare_name,
        opt(group('(', ')')),
        opt(tag("[]")),
        blank,
        bare_name,
    )
        .parse(line);
    let Ok((rest, (type_written, arguments, array, _, written))) = parsed else {
        not_read(line, MERMAID, UnreadPart::Line, schema);
        return;
    };
    let mut keys: Vec<Input> = Vec::new();
    let mut rest = space(rest);
    while let Ok((after, key)) = alt((
        tag::<_, _, nom::error::Error<Input>>("PK"),
        tag("FK"),
        tag("UK"),
    ))
    .parse(rest)
    {
        keys.push(key);
        rest = space(after);
        if let Ok((after, _)) = char::<_, nom::error::Error<Input>>(',').parse(rest) {
            rest = space(after);
        }
    }
    if let Ok((after, _)) = quoted(rest) {
        rest = space(after);
    }
    if !rest.fragment().is_empty() {
        not_read(rest, MERMAID, UnreadPart::Option, schema);
    }
    let snake = naming::snake_case(written.fragment());
    let is_key = |word: &str| keys.iter().any(|key| *key.fragment() == word);
    if let Some(kind) = built_in(&snake) {
        note_built_in(written, kind, schema);
        return;
    }
    let lower = type_written.fragment().to_ascii_lowercase();
    let type_word = if array.is_some() {
        "json"
    } else {
        scalar_type(&lower).unwrap_or(&lower)
    };
    let end = arguments.map_or(span_of(&type_written), |found| span_of(&found));
    let name = field_name(written, schema);
    let mut declared = field(name, type_word, type_written, span_of(&line));
    declared.type_name.span = declared.type_name.span.cover(end);
    if is_key("FK") && snake.ends_with("_id") {
        declared.name = link_name(&declared.name);
        declared.type_name.text = entity_word(&declared.name.text);
        if super::is_account_entity(&declared.type_name.text) {
            note_built_in(written, BuiltInColumn::Owner, schema);
            return;
        }
    }
    for key in &keys {
        if matches!(*key.fragment(), "PK" | "UK") {
            declared.modifiers.push(flag("unique", *key));
        }
    }
    builder.push(declared);
}

/// `CUSTOMER ||--o{ ORDER : places`.
fn relationship(line: Input) -> Scan<Relationship> {
    let card = |input| {
        alt((
            tag::<_, _, nom::error::Error<Input>>("||"),
            tag("|o"),
            tag("o|"),
            tag("}o"),
            tag("}|"),
            tag("o{"),
            tag("|{"),
        ))
        .parse(input)
    };
    let (rest, left) = entity_name(line)?;
    let (rest, left_card) = card(space(rest))?;
    let (rest, _) = alt((tag("--"), tag(".."))).parse(rest)?;
    let (rest, right_card) = card(rest)?;
    let (rest, right) = entity_name(space(rest))?;
    let rest = space(rest);
    let rest = match char::<_, nom::error::Error<Input>>(':').parse(rest) {
        Ok((after, _)) => space(nom::Input::take_from(&after, after.fragment().len())),
        Err(_) => rest,
    };
    Ok((
        rest,
        Relationship {
            line,
            left,
            left_card,
            right,
            right_card,
        },
    ))
}

/// The link a relationship stands for, on its many side (the right side
/// of a one-to-one one).
fn link(relationship: &Relationship, builders: &mut Vec<EntityBuilder>, schema: &mut Schema) {
    let many = |card: &Input| card.fragment().contains(['{', '}']);
    let (left_many, right_many) = (
        many(&relationship.left_card),
        many(&relationship.right_card),
    );
    let left = entity_at(builders, relationship.left, relationship.line, schema);
    let right = entity_at(builders, relationship.right, relationship.line, schema);
    if left_many && right_many {
        schema.problems.push(EmbeddedProblem::ManyToMany {
            span: span_of(&relationship.line),
            left: builders[left].entity.name.text.clone(),
            right: builders[right].entity.name.text.clone(),
        });
        return;
    }
    let (one, one_written, one_card, holder) = if left_many {
        (right, relationship.right, relationship.right_card, left)
    } else {
        (left, relationship.left, relationship.left_card, right)
    };
    let target = builders[one].entity.name.text.clone();
    if super::is_account_entity(&target) {
        note_built_in(one_written, BuiltInColumn::Owner, schema);
        return;
    }
    let snake = naming::snake_case(&target);
    let holder = &mut builders[holder];
    if holder
        .entity
        .fields
        .iter()
        .any(|field| field.type_name.text == target)
    {
        return;
    }
    let column = format!("{snake}_id");
    if let Some(field) = holder.field_mut(&column) {
        field.name = link_name(&field.name);
        field.type_name.text = target;
        return;
    }
    let mut declared = field(
        Text {
            text: snake,
            span: span_of(&one_written),
        },
        &target,
        one_written,
        span_of(&relationship.line),
    );
    if *one_card.fragment() == "||" {
        declared.modifiers.push(flag("required", one_card));
    }
    holder.push(declared);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Schema {
        super::super::read_text(super::super::Notation::Mermaid, text)
    }

    #[test]
    fn entities_attributes_and_relationships_are_read() {
        let schema = read_text(
            "erDiagram\n  GARDEN ||--o{ PLOT : holds\n  PLOT }o--|| SOIL_TYPE : uses\n  PLOT }o--o{ SEED : grows\n  GARDEN {\n    uuid id PK\n    string name UK \"shown on signs\"\n  }\n  PLOT {\n    int size\n    string soil_type_id FK\n  }",
        );
        let names: Vec<&str> = schema
            .entities
            .iter()
            .map(|e| e.name.text.as_str())
            .collect();
        assert_eq!(names, ["Garden", "Plot", "SoilType", "Seed"]);
        let plot: Vec<(&str, &str)> = schema.entities[1]
            .fields
            .iter()
            .map(|f| (f.name.text.as_str(), f.type_name.text.as_str()))
            .collect();
        assert_eq!(
            plot,
            [
                ("size", "integer"),
                ("soil_type", "SoilType"),
                ("garden", "Garden")
            ]
        );
        assert_eq!(schema.entities[1].fields[2].modifiers[0].text, "required");
        assert!(
            schema
                .problems
                .iter()
                .any(|problem| matches!(problem, EmbeddedProblem::ManyToMany { .. }))
        );
    }
}
