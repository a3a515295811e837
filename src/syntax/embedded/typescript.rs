//! TypeScript declarations: an `interface` or an object `type` is an
//! entity, a union of string literals or an `enum` a named enumeration.
//! Convex schemas are read too: `name: defineTable({ ... })` with
//! validators (`v.string()`), and a bare object under a `// name` comment
//! with `Id<"table">` links.

use nom::Parser;
use nom::bytes::complete::tag;
use nom::character::complete::char;
use nom::combinator::opt;

use super::scan::{bare_name, blank, group, keyword, quoted, space, split_top, uncommented};
use super::{
    EntityBuilder, Enumeration, Schema, built_in, entity_word, field, field_name, flag,
    is_account_entity, link_name, not_read, note_built_in,
};
use crate::naming;
use crate::problems::{BuiltInColumn, EmbeddedProblem, Notation, UnreadPart};
use crate::syntax::ast::Text;
use crate::syntax::lines::{Input, span_of, text_of, trim};

const TS: Notation = Notation::TypeScript;

enum Block {
    Entity {
        builder: EntityBuilder,
        /// How deep inside a nested object the reader is (its lines are
        /// reported once, at the field that opens it).
        nested: usize,
    },
    Enum(Enumeration),
}

pub(super) fn read(body: &[Input], schema: &mut Schema) {
    let mut block: Option<Block> = None;
    let mut comment: Option<Input> = None;
    for &raw in body {
        let line = uncommented(raw, "//");
        if line.fragment().is_empty() {
            let text = trim(raw);
            comment = text.fragment().strip_prefix("//").map(|rest| {
                trim(nom::Input::take_from(
                    &text,
                    text.fragment().len() - rest.len(),
                ))
            });
            continue;
        }
        let after_comment = comment.take();
        match &mut block {
            Some(Block::Entity { builder, nested }) => {
                if *nested > 0 {
                    *nested = (*nested + opens(&line)).saturating_sub(closes(&line));
                    continue;
                }
                if line.fragment().starts_with('}') {
                    builder.extend_to(span_of(&line));
                    if let Some(at) = line.fragment().find(".index(") {
                        not_read(
                            nom::Input::take_from(&line, at + 1),
                            TS,
                            UnreadPart::Index,
                            schema,
                        );
                    }
                    if let Some(Block::Entity { builder, .. }) = block.take() {
                        builder.finish(schema);
                    }
                    continue;
                }
                if let Some(depth) = member(line, builder, schema) {
                    *nested = depth;
                }
            }
            Some(Block::Enum(enumeration)) => {
                if line.fragment().starts_with('}') {
                    if let Some(Block::Enum(enumeration)) = block.take() {
                        schema.enumerations.push(enumeration);
                    }
                    continue;
                }
                match enum_member(line) {
                    Some(value) => enumeration.values.push(value),
                    None => not_read(line, TS, UnreadPart::Line, schema),
                }
            }
            None => block = opening(line, after_comment, schema),
        }
    }
    match block {
        Some(Block::Entity { builder, .. }) => builder.finish(schema),
        Some(Block::Enum(enumeration)) => schema.enumerations.push(enumeration),
        None => {}
    }
}

fn opens(line: &Input) -> usize {
    line.fragment().matches('{').count()
}

fn closes(line: &Input) -> usize {
    line.fragment().matches('}').count()
}

/// Lines that hold a schema together without declaring anything.
fn scaffolding(text: &str) -> bool {
    text.starts_with("import ")
        || text.contains("defineSchema(")
        || text.trim_end_matches([';', ',']) == "})"
        || text.trim_end_matches([';', ',']) == "}"
}

/// The declaration a line outside any declaration opens, if any.
fn opening(line: Input, comment: Option<Input>, schema: &mut Schema) -> Option<Block> {
    let text = *line.fragment();
    if scaffolding(text) {
        return None;
    }
    let (rest, _) = opt((keyword("export"), blank))
        .parse(line)
        .unwrap_or((line, None));
    let rest = match (keyword("declare"), blank).parse(rest) {
        Ok((after, _)) => after,
        Err(_) => rest,
    };
    if let Ok((after, (_, name))) = (keyword("interface"), space_name).parse(rest) {
        let mut builder = EntityBuilder::new(name, span_of(&line), schema);
        let after = trim(after);
        if keyword("extends").parse(after).is_ok() {
            let end = after
                .fragment()
                .rfind('{')
                .unwrap_or(after.fragment().len());
            not_read(
                trim(nom::Input::take(&after, end)),
                TS,
                UnreadPart::Option,
                schema,
            );
        }
        builder.extend_to(span_of(&line));
        return Some(Block::Entity { builder, nested: 0 });
    }
    if let Ok((after, (_, name))) = (keyword("type"), space_name).parse(rest) {
        let after = space(after);
        if let Ok((value, _)) = char::<_, nom::error::Error<Input>>('=').parse(after) {
            let value = trim(space(value));
            let value = trim_end(value, ';');
            if value.fragment().starts_with('{') {
                return Some(Block::Entity {
                    builder: EntityBuilder::new(name, span_of(&line), schema),
                    nested: 0,
                });
            }
            if let Some(values) = literal_union(value) {
                schema.enumerations.push(Enumeration {
                    name: text_of(&name),
                    values,
                });
                return None;
            }
        }
        not_read(line, TS, UnreadPart::Statement, schema);
        return None;
    }
    if let Ok((after, (_, name))) = (keyword("enum"), space_name).parse(rest) {
        let mut enumeration = Enumeration {
            name: text_of(&name),
            values: Vec::new(),
        };
        // `enum Wind { CALM = 'calm', GUSTY = 'gusty' }` on one line.
        if let Ok((_, members)) = group('{', '}')(space(after)) {
            for part in split_top(members, ',') {
                match enum_member(part) {
                    Some(value) => enumeration.values.push(value),
                    None => not_read(part, TS, UnreadPart::Line, schema),
                }
            }
            schema.enumerations.push(enumeration);
            return None;
        }
        return Some(Block::Enum(enumeration));
    }
    if let Ok((after, name)) = bare_name(line)
        && let Ok((_, _)) = (blank, char(':'), blank, tag("defineTable(")).parse(after)
    {
        return Some(Block::Entity {
            builder: EntityBuilder::new(name, span_of(&line), schema),
            nested: 0,
        });
    }
    if text == "{"
        && let Some(comment) = comment
        && let Ok((rest, name)) = bare_name(comment)
        && rest.fragment().trim().is_empty()
    {
        return Some(Block::Entity {
            builder: EntityBuilder::new(name, span_of(&comment), schema),
            nested: 0,
        });
    }
    not_read(line, TS, UnreadPart::Statement, schema);
    None
}

fn space_name(input: Input) -> super::scan::Scan<Input> {
    bare_name(space(input))
}

fn trim_end(input: Input, c: char) -> Input {
    match input.fragment().strip_suffix(c) {
        Some(rest) => trim(nom::Input::take(&input, rest.len())),
        None => input,
    }
}

/// `'a' | 'b' | "c"`: the values, when every part is a string literal.
fn literal_union(value: Input) -> Option<Vec<Text>> {
    let value = match value.fragment().strip_prefix('|') {
        Some(rest) => trim(nom::Input::take_from(
            &value,
            value.fragment().len() - rest.len(),
        )),
        None => value,
    };
    let parts = split_top(value, '|');
    let values: Vec<Text> = parts
        .iter()
        .filter_map(|part| match quoted(*part) {
            Ok((rest, inside)) if rest.fragment().is_empty() => Some(text_of(&inside)),
            _ => None,
        })
        .collect();
    (!values.is_empty() && values.len() == parts.len()).then_some(values)
}

/// `A = 'a',` or `A,`: the value (the string if there is one).
fn enum_member(line: Input) -> Option<Text> {
    let line = trim_end(line, ',');
    let (rest, name) = bare_name(line).ok()?;
    let rest = trim(rest);
    if rest.fragment().is_empty() {
        return Some(text_of(&name));
    }
    let (value, _) = char::<_, nom::error::Error<Input>>('=').parse(rest).ok()?;
    match quoted(trim(value)) {
        Ok((after, inside)) if after.fragment().is_empty() => Some(text_of(&inside)),
        _ => Some(text_of(&name)),
    }
}

/// A member of an object type: `name?: type;`. Returns the depth of a
/// nested object it opens, whose lines are skipped.
fn member(line: Input, builder: &mut EntityBuilder, schema: &mut Schema) -> Option<usize> {
    let Ok((rest, (written, question, _))) =
        (quoted_or_bare, opt(tag("?")), (blank, char(':'), blank)).parse(line)
    else {
        not_read(line, TS, UnreadPart::Line, schema);
        return None;
    };
    let value = trim_end(trim_end(trim(rest), ','), ';');
    let depth = opens(&value).saturating_sub(closes(&value));
    if depth > 0 {
        not_read(line, TS, UnreadPart::Type, schema);
        return Some(depth);
    }
    let snake = naming::snake_case(written.fragment());
    if let Some(kind) = built_in(&snake) {
        note_built_in(written, kind, schema);
        return None;
    }
    let Some(typed) = value_type(value) else {
        not_read(value, TS, UnreadPart::Type, schema);
        return None;
    };
    if let Kind::Link(entity) = &typed.kind
        && is_account_entity(entity)
    {
        note_built_in(written, BuiltInColumn::Owner, schema);
        return None;
    }
    let name = field_name(written, schema);
    let required = question.is_none() && !typed.optional;
    let mut declared = field(name, "", value, span_of(&written).cover(span_of(&value)));
    match typed.kind {
        Kind::Word(word) => declared.type_name.text = word.to_string(),
        Kind::Named(written) => declared.type_name.text = written,
        Kind::Link(entity) => {
            declared.name = link_name(&declared.name);
            declared.type_name.text = entity;
            // `cardId` is read as the link `card` (its column `card_id`).
            if let Some(EmbeddedProblem::Renamed { span, name, .. }) = schema.problems.last_mut()
                && *span == span_of(&written)
            {
                name.clone_from(&declared.name.text);
            }
        }
        Kind::Enum(values) => {
            declared.type_name.text = "enum".to_string();
            declared.enum_values = Some(values);
        }
    }
    declared.modifiers.push(flag(
        if required { "required" } else { "optional" },
        question.unwrap_or(value),
    ));
    builder.push(declared);
    None
}

fn quoted_or_bare(input: Input) -> super::scan::Scan<Input> {
    quoted.or(bare_name).parse(input)
}

enum Kind {
    Word(&'static str),
    /// A capitalised name: an entity (a link) or an enumeration.
    Named(String),
    /// A link to the entity named.
    Link(String),
    Enum(Vec<Text>),
}

struct Typed {
    kind: Kind,
    optional: bool,
}

/// A member's type, TypeScript or a Convex validator; `None` when it has
/// no equivalent.
fn value_type(value: Input) -> Option<Typed> {
    if let Ok((rest, _)) = tag::<_, _, nom::error::Error<Input>>("v.").parse(value) {
        return validator(rest);
    }
    let parts = split_top(value, '|');
    let (empty, parts): (Vec<Input>, Vec<Input>) = parts
        .into_iter()
        .partition(|part| matches!(*part.fragment(), "null" | "undefined"));
    let optional = !empty.is_empty();
    if let Some(values) = literal_union_parts(&parts) {
        return Some(Typed {
            kind: Kind::Enum(values),
            optional,
        });
    }
    let [single] = parts.as_slice() else {
        return None;
    };
    let text = *single.fragment();
    let kind = if text.ends_with("[]") || text.starts_with("Array<") {
        Kind::Word("json")
    } else if let Some(table) = text
        .strip_prefix("Id<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        link_to(table)?
    } else {
        match text {
            "string" => Kind::Word("string"),
            "number" => Kind::Word("float"),
            "bigint" => Kind::Word("integer"),
            "boolean" => Kind::Word("boolean"),
            "Date" | "DateTime" => Kind::Word("datetime"),
            "any" | "unknown" | "object" => Kind::Word("json"),
            _ if text.starts_with("Record<") => Kind::Word("json"),
            _ if bare_name(*single).is_ok_and(|(rest, _)| rest.fragment().is_empty())
                && text.starts_with(|c: char| c.is_uppercase()) =>
            {
                Kind::Named(text.to_string())
            }
            _ => return None,
        }
    };
    Some(Typed { kind, optional })
}

fn literal_union_parts(parts: &[Input]) -> Option<Vec<Text>> {
    let values: Vec<Text> = parts
        .iter()
        .filter_map(|part| match quoted(*part) {
            Ok((rest, inside)) if rest.fragment().is_empty() => Some(text_of(&inside)),
            _ => None,
        })
        .collect();
    (!values.is_empty() && values.len() == parts.len()).then_some(values)
}

/// `"tasks"` in `Id<"tasks">` or `v.id("tasks")`: a link to `Task`; a
/// system table (`_storage`) has no entity.
fn link_to(table: &str) -> Option<Kind> {
    let table = table.trim().trim_matches(|c| c == '"' || c == '\'');
    if table.starts_with('_') || table.is_empty() {
        return None;
    }
    Some(Kind::Link(entity_word(table)))
}

/// A Convex validator after `v.`: `string()`, `optional(v.number())`, ...
fn validator(input: Input) -> Option<Typed> {
    let (rest, name) = bare_name(input).ok()?;
    let (rest, arguments) = group('(', ')')(rest).ok()?;
    if !rest.fragment().trim().is_empty() {
        return None;
    }
    let arguments = trim(arguments);
    let kind = match *name.fragment() {
        "string" => Kind::Word("string"),
        "number" | "float64" => Kind::Word("float"),
        "int64" => Kind::Word("integer"),
        "boolean" => Kind::Word("boolean"),
        "any" | "array" | "record" => Kind::Word("json"),
        "id" => link_to(arguments.fragment())?,
        "optional" => {
            let inner = value_type(arguments)?;
            return Some(Typed {
                optional: true,
                ..inner
            });
        }
        "union" => {
            let mut values = Vec::new();
            for part in split_top(arguments, ',') {
                let (rest, _) = tag::<_, _, nom::error::Error<Input>>("v.literal")
                    .parse(part)
                    .ok()?;
                let (_, inside) = group('(', ')')(rest).ok()?;
                let (_, value) = quoted(trim(inside)).ok()?;
                values.push(text_of(&value));
            }
            Kind::Enum(values)
        }
        _ => return None,
    };
    Some(Typed {
        kind,
        optional: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Schema {
        super::super::read_text(super::super::Notation::TypeScript, text)
    }

    fn fields(schema: &Schema, entity: usize) -> Vec<(String, String)> {
        schema.entities[entity]
            .fields
            .iter()
            .map(|field| (field.name.text.clone(), field.type_name.text.clone()))
            .collect()
    }

    #[test]
    fn interfaces_and_unions_become_entities_and_enumerations() {
        let schema = read_text(
            "export interface Kite {\n  id: string;\n  tailLength?: number; // metres\n  colour: 'red' | 'blue';\n  flownAt: Date | null;\n  spool: Spool;\n  tags: string[];\n}\ntype Spool = 'short' | 'long';\nenum Wind { CALM = 'calm', GUSTY = 'gusty' }",
        );
        assert_eq!(
            fields(&schema, 0),
            [
                ("tail_length".into(), "float".into()),
                ("colour".into(), "enum".into()),
                ("flown_at".into(), "datetime".into()),
                ("spool".into(), "Spool".into()),
                ("tags".into(), "json".into()),
            ]
        );
        let kite = &schema.entities[0];
        assert_eq!(kite.fields[0].modifiers[0].text, "optional");
        assert_eq!(kite.fields[1].modifiers[0].text, "required");
        assert_eq!(kite.fields[2].modifiers[0].text, "optional");
        assert_eq!(schema.enumerations[0].name.text, "Spool");
        let wind: Vec<&str> = schema.enumerations[1]
            .values
            .iter()
            .map(|v| v.text.as_str())
            .collect();
        assert_eq!(wind, ["calm", "gusty"]);
        assert!(
            !schema
                .problems
                .iter()
                .any(|problem| matches!(problem, EmbeddedProblem::NotRead { .. }))
        );
    }

    #[test]
    fn convex_tables_are_read_with_their_validators_and_links() {
        let schema = read_text(
            "export default defineSchema({\n  decks: defineTable({\n    title: v.string(),\n    ownerId: v.string(),\n  }),\n  cards: defineTable({\n    deckId: v.id(\"decks\"),\n    face: v.optional(v.string()),\n    side: v.union(v.literal(\"front\"), v.literal(\"back\")),\n    image: v.id(\"_storage\"),\n  }).index(\"by_deck\", [\"deckId\"]),\n});\n// pins\n{\n  _id: Id<\"pins\">,\n  cardId: Id<\"cards\">,\n}",
        );
        assert_eq!(schema.entities.len(), 3);
        assert_eq!(schema.entities[0].name.text, "Deck");
        assert_eq!(fields(&schema, 0), [("title".into(), "string".into())]);
        assert_eq!(
            fields(&schema, 1),
            [
                ("deck".into(), "Deck".into()),
                ("face".into(), "string".into()),
                ("side".into(), "enum".into()),
            ]
        );
        assert_eq!(fields(&schema, 2), [("card".into(), "Card".into())]);
        let unread = schema
            .problems
            .iter()
            .filter(|problem| matches!(problem, EmbeddedProblem::NotRead { .. }))
            .count();
        assert_eq!(
            unread, 2,
            "the storage link and the index: {:?}",
            schema.problems
        );
    }
}
