//! Prisma schemas: `model` blocks are entities, `enum` blocks named
//! enumerations.

use nom::Parser;
use nom::bytes::complete::tag;
use nom::character::complete::char;
use nom::combinator::opt;

use super::scan::{bare_name, blank, group, keyword, literal, space, split_top, uncommented};
use super::{
    EntityBuilder, Enumeration, Schema, built_in, field, field_name, flag, is_account_entity,
    keyed, not_read, note_built_in,
};
use crate::naming;
use crate::problems::{BuiltInColumn, EmbeddedProblem, Notation, UnreadPart};
use crate::syntax::ast::{Text, UniqueGroup};
use crate::syntax::lines::{Input, span_of, text_of, trim};

const PRISMA: Notation = Notation::Prisma;

enum Block {
    Model {
        builder: EntityBuilder,
        /// The scalar columns that hold a link (`@relation(fields: [..])`).
        link_columns: Vec<String>,
    },
    Enum(Enumeration),
    /// A `datasource`, `generator` or other block, not read.
    Other,
}

pub(super) fn read(body: &[Input], schema: &mut Schema) {
    let mut block: Option<Block> = None;
    for &line in body {
        let line = uncommented(line, "//");
        if line.fragment().is_empty() {
            continue;
        }
        if line.fragment().starts_with('}') {
            match block.take() {
                Some(Block::Model {
                    mut builder,
                    link_columns,
                }) => {
                    builder.extend_to(span_of(&line));
                    // A link's column is the link's: neither a field nor
                    // a renamed one.
                    let columns: Vec<_> = builder
                        .entity
                        .fields
                        .iter()
                        .filter(|field| link_columns.contains(&field.name.text))
                        .map(|field| field.name.span)
                        .collect();
                    let mut renamed = Vec::new();
                    schema.problems.retain(|problem| match problem {
                        EmbeddedProblem::Renamed { span, .. } if columns.contains(span) => {
                            renamed.push(problem.clone());
                            false
                        }
                        _ => true,
                    });
                    let entity_span = builder.entity.name.span;
                    let (keys, kept) = std::mem::take(&mut builder.entity.fields)
                        .into_iter()
                        .partition(|field| link_columns.contains(&field.name.text));
                    builder.entity.fields = kept;
                    for column in keys {
                        let note = renamed
                            .iter()
                            .position(|problem| matches!(problem, EmbeddedProblem::Renamed { span, .. } if *span == column.name.span))
                            .map(|at| renamed.remove(at));
                        schema.key_columns.push(super::KeyColumn {
                            entity: entity_span,
                            link: link_or_column(&column.name.text, &link_columns),
                            column,
                            renamed: note,
                        });
                    }
                    builder.finish(schema);
                }
                Some(Block::Enum(enumeration)) => schema.enumerations.push(enumeration),
                _ => {}
            }
            continue;
        }
        match &mut block {
            Some(Block::Model {
                builder,
                link_columns,
            }) => model_line(line, builder, link_columns, schema),
            Some(Block::Enum(enumeration)) => match bare_name(line) {
                Ok((rest, value))
                    if rest.fragment().trim().is_empty()
                        || rest.fragment().trim_start().starts_with('@') =>
                {
                    enumeration.values.push(text_of(&value));
                }
                _ => not_read(line, PRISMA, UnreadPart::Line, schema),
            },
            Some(_) => {}
            None => block = Some(opening(line, schema)),
        }
    }
    if let Some(Block::Model { builder, .. }) = block {
        builder.finish(schema);
    }
}

/// The block a line outside any block opens.
fn opening(line: Input, schema: &mut Schema) -> Block {
    let header = |word: &'static str| {
        (keyword(word), space_name, space_brace)
            .parse(line)
            .map(|(_, (_, name, _))| name)
    };
    if let Ok(name) = header("model") {
        return Block::Model {
            builder: EntityBuilder::new(name, span_of(&line), schema),
            link_columns: Vec::new(),
        };
    }
    if let Ok(name) = header("enum") {
        return Block::Enum(Enumeration {
            name: text_of(&name),
            values: Vec::new(),
        });
    }
    not_read(line, PRISMA, UnreadPart::Statement, schema);
    Block::Other
}

fn space_name(input: Input) -> super::scan::Scan<Input> {
    bare_name(space(input))
}

fn space_brace(input: Input) -> super::scan::Scan<char> {
    char('{').parse(space(input))
}

/// A line of a model: a field or a block attribute (`@@unique([a, b])`).
fn model_line(
    line: Input,
    builder: &mut EntityBuilder,
    link_columns: &mut Vec<String>,
    schema: &mut Schema,
) {
    if let Ok((rest, attribute)) = tag::<_, _, nom::error::Error<Input>>("@@")
        .and(bare_name)
        .parse(line)
    {
        let columns = group('(', ')')(rest)
            .ok()
            .map(|(_, inside)| list_argument(inside))
            .filter(|columns| columns.len() >= 2);
        match (*attribute.1.fragment(), columns) {
            ("unique", Some(columns)) => {
                builder.extend_to(span_of(&line));
                builder.entity.unique_groups.push(UniqueGroup {
                    fields: columns
                        .iter()
                        .map(|column| Text {
                            text: link_or_column(
                                &naming::snake_case(column.fragment()),
                                link_columns,
                            ),
                            span: span_of(column),
                        })
                        .collect(),
                    span: span_of(&line),
                });
            }
            ("index", _) => not_read(line, PRISMA, UnreadPart::Index, schema),
            _ => not_read(line, PRISMA, UnreadPart::Option, schema),
        }
        return;
    }
    let Ok((rest, written)) = bare_name(line) else {
        not_read(line, PRISMA, UnreadPart::Line, schema);
        return;
    };
    let Ok((rest, (type_written, list, optional))) =
        (bare_name, opt(tag("[]")), opt(tag("?"))).parse(space(rest))
    else {
        not_read(line, PRISMA, UnreadPart::Line, schema);
        return;
    };
    let snake = naming::snake_case(written.fragment());
    let attributes = attributes(space(rest));
    if let Some(kind) = built_in(&snake) {
        note_built_in(written, kind, schema);
        return;
    }
    if attributes
        .iter()
        .any(|(name, _, _)| *name.fragment() == "id")
    {
        note_built_in(written, BuiltInColumn::Id, schema);
        return;
    }
    let scalar = scalar(type_written.fragment());
    if scalar.is_none() && list.is_some() {
        schema.problems.push(EmbeddedProblem::InverseLink {
            span: span_of(&written).cover(span_of(&type_written)),
            field: written.fragment().to_string(),
            entity: type_written.fragment().to_string(),
        });
        return;
    }
    let relation = attributes
        .iter()
        .find(|(name, _, _)| *name.fragment() == "relation");
    if scalar.is_none() && is_account_entity(type_written.fragment()) {
        if let Some((_, Some(arguments), _)) = relation {
            link_columns.extend(relation_fields(*arguments));
        }
        note_built_in(written, BuiltInColumn::Owner, schema);
        return;
    }
    let type_word = match (scalar, list) {
        (Some(Err(())), _) => {
            not_read(type_written, PRISMA, UnreadPart::Type, schema);
            return;
        }
        (Some(_), Some(_)) => "json",
        (Some(Ok(word)), None) => word,
        (None, _) => type_written.fragment(),
    };
    let end = attributes
        .last()
        .map_or(span_of(&type_written), |(_, _, whole)| span_of(whole));
    let name = field_name(written, schema);
    let mut declared = field(name, type_word, type_written, span_of(&written).cover(end));
    declared.modifiers.push(match optional {
        Some(mark) => {
            declared.span = declared.span.cover(span_of(&mark));
            flag("optional", mark)
        }
        None => flag("required", type_written),
    });
    for (attribute, arguments, whole) in &attributes {
        match (*attribute.fragment(), arguments) {
            ("unique", _) => declared.modifiers.push(flag("unique", *whole)),
            ("relation", Some(arguments)) => link_columns.extend(relation_fields(*arguments)),
            ("relation", None) => {}
            ("default", Some(value)) => match literal(trim(*value)) {
                Ok((rest, found)) if rest.fragment().is_empty() => {
                    declared.modifiers.push(keyed("default", found, *attribute));
                }
                _ if scalar.is_none()
                    && bare_name(trim(*value))
                        .is_ok_and(|(rest, _)| rest.fragment().is_empty()) =>
                {
                    // A default naming an enumeration's value.
                    declared
                        .modifiers
                        .push(keyed("default", trim(*value), *attribute));
                }
                _ => not_read(*whole, PRISMA, UnreadPart::ComputedDefault, schema),
            },
            ("db.VarChar" | "db.Char", Some(length))
                if length.fragment().chars().all(|c| c.is_ascii_digit()) =>
            {
                declared.modifiers.push(keyed("max", *length, *attribute));
            }
            _ => not_read(*whole, PRISMA, UnreadPart::Option, schema),
        }
    }
    builder.push(declared);
}

/// The link a column of `@relation(fields: [..])` stands for, or the
/// column itself.
fn link_or_column(snake: &str, link_columns: &[String]) -> String {
    if link_columns.iter().any(|column| column == snake)
        && let Some(stem) = snake.strip_suffix("_id")
    {
        return stem.to_string();
    }
    snake.to_string()
}

/// A Prisma scalar's type word: `Ok` with the language's word, `Err` for
/// a scalar with no equivalent (`Bytes`), `None` for a model or an
/// enumeration.
fn scalar(written: &str) -> Option<Result<&'static str, ()>> {
    Some(Ok(match written {
        "String" => "string",
        "Int" | "BigInt" => "integer",
        "Float" => "float",
        "Decimal" => "decimal",
        "Boolean" => "boolean",
        "DateTime" => "datetime",
        "Json" => "json",
        "Bytes" | "Unsupported" => return Some(Err(())),
        _ => return None,
    }))
}

/// The attributes after a field's type: each one's name (`default`,
/// `db.VarChar`), its arguments and its whole text.
fn attributes(mut rest: Input) -> Vec<(Input, Option<Input>, Input)> {
    let mut found = Vec::new();
    while let Ok((after, (_, name))) = (
        char::<_, nom::error::Error<Input>>('@'),
        nom::combinator::recognize((bare_name, opt((char('.'), bare_name)))),
    )
        .parse(rest)
    {
        let (after, arguments) = opt(group('(', ')')).parse(after).unwrap_or((after, None));
        let length = after.location_offset() - rest.location_offset();
        found.push((name, arguments, nom::Input::take(&rest, length)));
        rest = space(after);
    }
    found
}

/// The names in a list argument: `[a, b]` or `fields: [a, b]`.
fn list_argument(inside: Input) -> Vec<Input> {
    let inside = trim(inside);
    let inside = match (bare_name, blank, char::<_, nom::error::Error<Input>>(':')).parse(inside) {
        Ok((rest, _)) => trim(rest),
        Err(_) => inside,
    };
    let inside = split_top(inside, ',').into_iter().next().unwrap_or(inside);
    match group('[', ']')(inside) {
        Ok((_, names)) => split_top(names, ','),
        Err(_) => Vec::new(),
    }
}

/// The columns `fields: [a, b]` of a `@relation(...)`, snake_cased.
fn relation_fields(arguments: Input) -> Vec<String> {
    split_top(arguments, ',')
        .into_iter()
        .filter(|argument| argument.fragment().starts_with("fields"))
        .flat_map(|argument| {
            let names = argument
                .fragment()
                .find('[')
                .map(|at| nom::Input::take_from(&argument, at));
            names
                .and_then(|names| group('[', ']')(names).ok())
                .map(|(_, inside)| split_top(inside, ','))
                .unwrap_or_default()
        })
        .map(|name| naming::snake_case(name.fragment()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::unread_parts;
    use super::*;

    fn read_text(text: &str) -> Schema {
        super::super::read_text(super::super::Notation::Prisma, text)
    }

    #[test]
    fn models_become_entities_and_relations_links() {
        let schema = read_text(
            "model Hive {\n  id        String   @id @default(uuid())\n  label     String   @unique @db.VarChar(30)\n  frames    Int      @default(10)\n  apiaryId  String\n  apiary    Apiary   @relation(fields: [apiaryId], references: [id])\n  mood      Mood?\n  checks    Check[]\n  createdAt DateTime @default(now())\n  @@unique([apiaryId, label])\n}\n\nenum Mood {\n  CALM\n  RESTLESS\n}",
        );
        let hive = &schema.entities[0];
        let fields: Vec<(&str, &str)> = hive
            .fields
            .iter()
            .map(|field| (field.name.text.as_str(), field.type_name.text.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("label", "string"),
                ("frames", "integer"),
                ("apiary", "Apiary"),
                ("mood", "Mood")
            ]
        );
        let label: Vec<&str> = hive.fields[0]
            .modifiers
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(label, ["required", "unique", "max=30"]);
        assert_eq!(hive.fields[3].modifiers[0].text, "optional");
        let group: Vec<&str> = hive.unique_groups[0]
            .fields
            .iter()
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(group, ["apiary", "label"]);
        assert_eq!(schema.enumerations[0].values.len(), 2);
        assert!(
            schema
                .problems
                .iter()
                .any(|problem| matches!(problem, EmbeddedProblem::InverseLink { .. }))
        );
    }

    #[test]
    fn attributes_without_an_equivalent_are_reported() {
        let schema = read_text(
            "generator client {\n  provider = \"x\"\n}\nmodel Jar {\n  lid Bytes\n  note String @map(\"n\")\n  @@index([note])\n}",
        );
        let unread: Vec<UnreadPart> = unread_parts(&schema);
        assert_eq!(
            unread,
            [
                UnreadPart::Statement,
                UnreadPart::Type,
                UnreadPart::Option,
                UnreadPart::Index
            ]
        );
    }
}
