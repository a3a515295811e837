//! SQL `CREATE TABLE` statements (and `CREATE TYPE ... AS ENUM`): one
//! table an entity, one column a field.

use nom::Input as _;
use nom::Parser;
use nom::combinator::opt;

use super::scan::{
    Scan, group, keyword, literal, name, phrase, qualified_name, quoted, space, split_top, token,
    uncommented,
};
use super::{
    EntityBuilder, Enumeration, Schema, built_in, entity_word, field, field_name, flag,
    is_account_entity, keyed, link_name, not_read, note_built_in, scalar_type,
};
use crate::problems::{BuiltInColumn, Notation, UnreadPart};
use crate::syntax::ast::{Text, UniqueGroup};
use crate::syntax::lines::{Input, span_of, text_of, trim};

const SQL: Notation = Notation::Sql;

pub(super) fn read(body: &[Input], schema: &mut Schema) {
    let mut table: Option<EntityBuilder> = None;
    // Inside a statement that is not read, up to its `;`.
    let mut skipping = false;
    for &line in body {
        let line = uncommented(line, "--");
        if line.fragment().is_empty() {
            continue;
        }
        if let Some(builder) = &mut table {
            let (inside, closed) = match close_at(line.fragment()) {
                Some(at) => (trim(line.take(at)), true),
                None => (line, false),
            };
            for part in split_top(inside, ',') {
                definition(part, builder, schema);
            }
            builder.extend_to(span_of(&line));
            if closed && let Some(builder) = table.take() {
                builder.finish(schema);
            }
            continue;
        }
        if skipping {
            skipping = !line.fragment().ends_with(';');
            continue;
        }
        if let Ok((rest, written)) = create_table(line) {
            let mut builder = EntityBuilder::new(written, span_of(&line), schema);
            match group('(', ')')(rest) {
                Ok((_, inside)) => {
                    for part in split_top(inside, ',') {
                        definition(part, &mut builder, schema);
                    }
                    builder.finish(schema);
                }
                Err(_) => {
                    let after = rest.fragment().trim_start();
                    let inside = trim(nom::Input::take_from(
                        &rest,
                        rest.fragment().len() - after.len() + usize::from(after.starts_with('(')),
                    ));
                    for part in split_top(inside, ',') {
                        definition(part, &mut builder, schema);
                    }
                    table = Some(builder);
                }
            }
        } else if let Ok(enumeration) = create_enum(line) {
            schema.enumerations.push(enumeration);
        } else {
            let index = keyword("create")
                .and(opt(space_then(keyword("unique"))))
                .and(space_then(keyword("index")))
                .parse(line)
                .is_ok();
            let part = if index {
                UnreadPart::Index
            } else {
                UnreadPart::Statement
            };
            not_read(line, SQL, part, schema);
            skipping = !line.fragment().ends_with(';');
        }
    }
    if let Some(builder) = table {
        builder.finish(schema);
    }
}

fn space_then<'a, T>(
    mut parser: impl Parser<Input<'a>, Output = T, Error = nom::error::Error<Input<'a>>>,
) -> impl FnMut(Input<'a>) -> Scan<'a, T> {
    move |input| parser.parse(space(input))
}

/// `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name`: the name.
fn create_table(line: Input) -> Scan<Input> {
    let (rest, _) = keyword("create").parse(line)?;
    let (rest, _) = opt(space_then(keyword("temporary").or(keyword("temp")))).parse(rest)?;
    let (rest, _) = space_then(keyword("table")).parse(rest)?;
    let (rest, _) = opt(space_then(phrase(&["if", "not", "exists"]))).parse(rest)?;
    let (rest, written) = space_then(qualified_name).parse(rest)?;
    Ok((space(rest), written))
}

/// `CREATE TYPE name AS ENUM ('a', 'b');` on one line.
fn create_enum(line: Input) -> Result<Enumeration, ()> {
    let parsed: Scan<(Input, Input)> = (|| {
        let (rest, _) = keyword("create").parse(line)?;
        let (rest, _) = space_then(keyword("type")).parse(rest)?;
        let (rest, written) = space_then(qualified_name).parse(rest)?;
        let (rest, _) = space_then(phrase(&["as", "enum"])).parse(rest)?;
        let (rest, inside) = space_then(group('(', ')')).parse(rest)?;
        Ok((rest, (written, inside)))
    })();
    let (_, (written, inside)) = parsed.map_err(|_| ())?;
    Ok(Enumeration {
        name: text_of(&written),
        values: quoted_values(inside),
    })
}

/// The quoted values of a list: `'a', 'b'`.
fn quoted_values(inside: Input) -> Vec<Text> {
    split_top(inside, ',')
        .into_iter()
        .map(|part| match quoted(part) {
            Ok((_, value)) => text_of(&value),
            Err(_) => text_of(&part),
        })
        .collect()
}

/// Where a `)` closes the table's column list on this line, quotes and
/// nested brackets respected.
fn close_at(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' => {
                if depth == 0 {
                    return Some(at);
                }
                depth -= 1;
            }
            None => {}
        }
    }
    None
}

/// One item of a column list: a column or a table constraint.
fn definition(part: Input, table: &mut EntityBuilder, schema: &mut Schema) {
    let part = match (keyword("constraint"), space_then(name)).parse(part) {
        Ok((rest, _)) => trim(rest),
        Err(_) => part,
    };
    if let Ok((rest, key)) = phrase(&["primary", "key"])(part) {
        let columns = group('(', ')')(space(rest)).map(|(_, inside)| split_top(inside, ','));
        match columns.as_deref() {
            Ok([column]) if built_in(&naming_snake(column)) == Some(BuiltInColumn::Id) => {
                note_built_in(*column, BuiltInColumn::Id, schema);
            }
            Ok(columns) if !columns.is_empty() => unique(key, part, columns, table, schema),
            _ => not_read(part, SQL, UnreadPart::Line, schema),
        }
        return;
    }
    if let Ok((rest, key)) = keyword("unique").parse(part)
        && let Ok((_, inside)) = group('(', ')')(space(rest))
    {
        unique(key, part, &split_top(inside, ','), table, schema);
        return;
    }
    if let Ok((rest, _)) = phrase(&["foreign", "key"])(part) {
        foreign_key(part, rest, table, schema);
        return;
    }
    if let Ok((rest, _)) = keyword("check").parse(part) {
        if let Ok((_, inside)) = group('(', ')')(space(rest))
            && let Some((column, values)) = check_in(inside)
        {
            let snake = naming_snake(&column);
            let snake = table
                .field_mut(&snake)
                .map(|_| snake.clone())
                .unwrap_or_else(|| link_name(&text_of(&column)).text);
            if let Some(field) = table.field_mut(&snake) {
                make_enum(field, values);
                return;
            }
        }
        not_read(part, SQL, UnreadPart::Option, schema);
        return;
    }
    if keyword("index").or(keyword("key")).parse(part).is_ok() {
        not_read(part, SQL, UnreadPart::Index, schema);
        return;
    }
    column(part, table, schema);
}

fn naming_snake(input: &Input) -> String {
    crate::naming::snake_case(input.fragment())
}

/// A unique group (or a unique field, when it names one column).
fn unique(
    key: Input,
    whole: Input,
    columns: &[Input],
    table: &mut EntityBuilder,
    schema: &mut Schema,
) {
    let names: Vec<Text> = columns
        .iter()
        .map(|column| {
            let snake = naming_snake(column);
            let name = Text {
                text: snake.clone(),
                span: span_of(column),
            };
            if table.field_mut(&snake).is_none() {
                let linked = link_name(&name);
                if table.field_mut(&linked.text).is_some() {
                    return Text {
                        text: linked.text,
                        span: name.span,
                    };
                }
            }
            name
        })
        .collect();
    if let [only] = names.as_slice() {
        match table.field_mut(&only.text) {
            Some(field) => field.modifiers.push(flag("unique", key)),
            None => not_read(key, SQL, UnreadPart::Line, schema),
        }
        return;
    }
    let span = span_of(&whole);
    table.extend_to(span);
    table.entity.unique_groups.push(UniqueGroup {
        fields: names,
        span,
    });
}

/// `FOREIGN KEY (column) REFERENCES table (id)`: the column becomes a link.
fn foreign_key(part: Input, rest: Input, table: &mut EntityBuilder, schema: &mut Schema) {
    let parsed: Scan<(Input, Input)> = (|| {
        let (rest, inside) = group('(', ')')(space(rest))?;
        let (rest, _) = space_then(keyword("references")).parse(rest)?;
        let (rest, target) = space_then(qualified_name).parse(rest)?;
        Ok((rest, (inside, target)))
    })();
    let Ok((rest, (column, target))) = parsed else {
        not_read(part, SQL, UnreadPart::Line, schema);
        return;
    };
    let column = trim(column);
    let entity = entity_word(target.fragment());
    let snake = naming_snake(&column);
    if is_account_entity(&entity) {
        table.entity.fields.retain(|field| field.name.text != snake);
        note_built_in(column, BuiltInColumn::Owner, schema);
        return;
    }
    let Some(field) = table.field_mut(&snake) else {
        not_read(part, SQL, UnreadPart::Line, schema);
        return;
    };
    field.name = link_name(&field.name);
    field.type_name = Text {
        text: entity,
        span: span_of(&target),
    };
    let linked = field.name.text.clone();
    for group in &mut table.entity.unique_groups {
        for name in &mut group.fields {
            if name.text == snake {
                name.text.clone_from(&linked);
            }
        }
    }
    let rule = trim(rest);
    let rule = group('(', ')')(space(rule)).map_or(rule, |(after, _)| trim(after));
    if !rule.fragment().is_empty() {
        not_read(rule, SQL, UnreadPart::DeleteRule, schema);
    }
}

/// `column IN ('a', 'b')`: the column and the values.
fn check_in(inside: Input) -> Option<(Input, Vec<Text>)> {
    let (rest, column) = name(trim(inside)).ok()?;
    let (rest, _) = space_then(keyword("in")).parse(rest).ok()?;
    let (rest, values) = space_then(group('(', ')')).parse(rest).ok()?;
    rest.fragment()
        .trim()
        .is_empty()
        .then(|| (column, quoted_values(values)))
}

fn make_enum(field: &mut crate::syntax::ast::Field, values: Vec<Text>) {
    field.type_name.text = "enum".to_string();
    field.enum_values = Some(values);
    field
        .modifiers
        .retain(|modifier| modifier.key.as_ref().is_none_or(|key| key.text != "max"));
}

/// A column: `name TYPE constraints`.
fn column(part: Input, table: &mut EntityBuilder, schema: &mut Schema) {
    let Ok((rest, written)) = name(part) else {
        not_read(part, SQL, UnreadPart::Line, schema);
        return;
    };
    let snake = naming_snake(&written);
    if let Some(kind) = built_in(&snake) {
        note_built_in(written, kind, schema);
        return;
    }
    let Ok((rest, (type_written, arguments, array))) = column_type(space(rest)) else {
        not_read(part, SQL, UnreadPart::Line, schema);
        return;
    };
    let lower = type_written.fragment().to_ascii_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let type_word = if array.is_some() {
        "json"
    } else {
        // A type with no equivalent keeps its words, lower-cased so that it
        // is reported as an unknown type, not taken for a link.
        scalar_type(&lower).unwrap_or(&lower)
    };
    let type_span = span_of(&type_written).cover(
        array
            .or(arguments)
            .map_or(span_of(&type_written), |end| span_of(&end)),
    );
    let name = field_name(written, schema);
    let mut column = field(name, type_word, type_written, span_of(&part));
    column.type_name.span = type_span;
    if type_word == "string"
        && let Some(arguments) = arguments
        && let [length] = split_top(arguments, ',').as_slice()
        && length.fragment().chars().all(|c| c.is_ascii_digit())
    {
        column.modifiers.push(keyed("max", *length, *length));
    }
    let mut rest = space(rest);
    let mut delete_rule: Option<(Input, String)> = None;
    while !rest.fragment().is_empty() {
        if let Ok((after, found)) = phrase(&["not", "null"])(rest) {
            column.modifiers.push(flag("required", found));
            rest = space(after);
        } else if let Ok((after, found)) = keyword("null").parse(rest) {
            column.modifiers.push(flag("optional", found));
            rest = space(after);
        } else if let Ok((after, found)) = keyword("unique").parse(rest) {
            column.modifiers.push(flag("unique", found));
            rest = space(after);
        } else if let Ok((after, found)) = phrase(&["primary", "key"])(rest) {
            column.modifiers.push(flag("unique", found));
            column.modifiers.push(flag("required", found));
            rest = space(after);
        } else if let Ok((after, found)) = keyword("default").parse(rest) {
            let after = space(after);
            match literal(after) {
                Ok((next, value)) if ends_item(next) => {
                    column.modifiers.push(keyed("default", value, found));
                    rest = space(next);
                }
                _ => {
                    let (next, expression) = expression(after);
                    let written = rest.take(
                        expression.location_offset() + expression.fragment().len()
                            - rest.location_offset(),
                    );
                    not_read(written, SQL, UnreadPart::ComputedDefault, schema);
                    rest = space(next);
                }
            }
        } else if let Ok((after, _)) = keyword("references").parse(rest) {
            let Ok((after, target)) = qualified_name(space(after)) else {
                break;
            };
            let after = group('(', ')')(space(after)).map_or(after, |(next, _)| next);
            let entity = entity_word(target.fragment());
            if is_account_entity(&entity) {
                note_built_in(written, BuiltInColumn::Owner, schema);
                return;
            }
            column.name = link_name(&column.name);
            column.type_name = Text {
                text: entity,
                span: span_of(&target),
            };
            rest = space(after);
        } else if let Ok((after, found)) = on_action(rest) {
            delete_rule = Some((found, found.fragment().to_ascii_lowercase()));
            rest = space(after);
        } else if let Ok((after, _)) = keyword("check").parse(rest) {
            match group('(', ')')(space(after)) {
                Ok((next, inside)) => {
                    match check_in(inside) {
                        Some((_, values)) => make_enum(&mut column, values),
                        None => not_read(
                            rest.take(next.location_offset() - rest.location_offset()),
                            SQL,
                            UnreadPart::Option,
                            schema,
                        ),
                    }
                    rest = space(next);
                }
                Err(_) => break,
            }
        } else {
            break;
        }
    }
    if !rest.fragment().is_empty() {
        not_read(rest, SQL, UnreadPart::Option, schema);
    }
    if let Some((found, rule)) = delete_rule {
        let required = column.modifiers.iter().any(|m| m.text == "required");
        let as_the_app_does = if rule.contains("update") {
            false
        } else if required {
            rule.ends_with("restrict") || rule.ends_with("no action")
        } else {
            rule.ends_with("set null")
        };
        if !as_the_app_does {
            not_read(found, SQL, UnreadPart::DeleteRule, schema);
        }
    }
    table.push(column);
}

/// Whether nothing but a constraint keyword or the item's end follows.
fn ends_item(rest: Input) -> bool {
    let next = rest.fragment().trim_start();
    next.is_empty() || next.starts_with(|c: char| c.is_alphabetic())
}

/// A default's expression: a call with its arguments, or a word.
fn expression(input: Input) -> (Input, Input) {
    let start = input;
    let mut rest = input;
    if let Ok((after, _)) = name(rest) {
        rest = after;
    } else if let Ok((after, _)) = group('(', ')')(rest) {
        rest = after;
    }
    while let Ok((after, _)) = group('(', ')')(space(rest)) {
        rest = after;
    }
    if let Ok((after, _)) = token("::")(rest)
        && let Ok((after, _)) = name(after)
    {
        rest = after;
    }
    let length = rest.location_offset() - start.location_offset();
    (
        rest,
        nom::Input::take(&start, length.max(1).min(start.fragment().len())),
    )
}

/// `ON DELETE CASCADE`, `ON UPDATE SET NULL`, ...
fn on_action(input: Input) -> Scan<Input> {
    let start = input;
    let (rest, _) = keyword("on").parse(input)?;
    let (rest, _) = space_then(keyword("delete").or(keyword("update"))).parse(rest)?;
    let (rest, _) = space_then(
        phrase(&["set", "null"])
            .or(phrase(&["set", "default"]))
            .or(phrase(&["no", "action"]))
            .or(keyword("cascade"))
            .or(keyword("restrict")),
    )
    .parse(rest)?;
    let length = rest.location_offset() - start.location_offset();
    Ok((rest, nom::Input::take(&start, length)))
}

/// A column's type: its words (`DOUBLE PRECISION`, `TIMESTAMP WITH TIME
/// ZONE`), its arguments (`(255)`) and `[]` if it is an array.
#[allow(clippy::type_complexity)]
fn column_type(input: Input) -> Scan<(Input, Option<Input>, Option<Input>)> {
    let (rest, words) = phrase(&["timestamp", "with", "time", "zone"])
        .or(phrase(&["timestamp", "without", "time", "zone"]))
        .or(phrase(&["double", "precision"]))
        .or(phrase(&["character", "varying"]))
        .or(super::scan::bare_name)
        .parse(input)?;
    let (rest, arguments) = opt(group('(', ')')).parse(rest)?;
    let (rest, array) = opt(nom::bytes::complete::tag("[]")).parse(rest)?;
    Ok((rest, (words, arguments, array)))
}

#[cfg(test)]
mod tests {
    use super::super::unread_parts;
    use super::*;

    fn read_text(text: &str) -> Schema {
        super::super::read_text(super::super::Notation::Sql, text)
    }

    #[test]
    fn a_table_becomes_an_entity_with_its_columns() {
        let schema = read_text(
            "CREATE TABLE shelves (\n  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),\n  label VARCHAR(40) NOT NULL UNIQUE,\n  aisle_id INT REFERENCES aisles(id) ON DELETE RESTRICT,\n  kind TEXT CHECK (kind IN ('open', 'closed')),\n  depth NUMERIC(6, 2) DEFAULT 0.5\n);",
        );
        let [shelf] = schema.entities.as_slice() else {
            panic!("one entity: {schema:?}");
        };
        assert_eq!(shelf.name.text, "Shelf");
        let fields: Vec<(&str, &str)> = shelf
            .fields
            .iter()
            .map(|field| (field.name.text.as_str(), field.type_name.text.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("label", "string"),
                ("aisle", "Aisle"),
                ("kind", "enum"),
                ("depth", "decimal")
            ]
        );
        let modifiers: Vec<&str> = shelf.fields[0]
            .modifiers
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(modifiers, ["max=40", "required", "unique"]);
        let values: Vec<&str> = shelf.fields[2]
            .enum_values
            .iter()
            .flatten()
            .map(|v| v.text.as_str())
            .collect();
        assert_eq!(values, ["open", "closed"]);
        assert_eq!(shelf.fields[3].modifiers[0].text, "default=0.5");
        // The rename to `Shelf` and the built-in `id` are notes; nothing
        // is left unread, as `ON DELETE RESTRICT` on an optional link is
        // not what the app does.
        assert_eq!(schema.problems.len(), 3, "{:?}", schema.problems);
    }

    #[test]
    fn parts_without_an_equivalent_are_reported() {
        let schema = read_text(
            "CREATE TABLE crate (\n  packed_on DATE DEFAULT now(),\n  lid_id INT NOT NULL REFERENCES lids(id) ON DELETE CASCADE\n);\nCREATE INDEX crate_lid ON crate (lid_id);",
        );
        let unread: Vec<UnreadPart> = unread_parts(&schema);
        assert_eq!(
            unread,
            [
                UnreadPart::ComputedDefault,
                UnreadPart::DeleteRule,
                UnreadPart::Index
            ]
        );
    }

    #[test]
    fn table_constraints_make_groups_links_and_enumerations() {
        let schema = read_text(
            "CREATE TYPE mood AS ENUM ('calm', 'busy');\ncreate table slots (\n  hall_id integer not null,\n  starts_at timestamptz not null,\n  state text,\n  unique (hall_id, starts_at),\n  foreign key (hall_id) references halls (id),\n  check (state in ('free', 'held'))\n);",
        );
        assert_eq!(schema.enumerations[0].name.text, "mood");
        let slot = &schema.entities[0];
        assert_eq!(slot.fields[0].name.text, "hall");
        assert_eq!(slot.fields[0].type_name.text, "Hall");
        assert_eq!(slot.fields[2].type_name.text, "enum");
        let group: Vec<&str> = slot.unique_groups[0]
            .fields
            .iter()
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(group, ["hall", "starts_at"]);
    }
}
