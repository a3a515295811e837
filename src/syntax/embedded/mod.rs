//! Schemas embedded in a PRD: fenced SQL `CREATE TABLE`, Prisma `model`,
//! TypeScript `interface` (and Convex `defineTable`) and Mermaid
//! `erDiagram` blocks, read into the same entities and fields as the
//! language's own forms, with spans inside the block.
//!
//! Each notation has its reader, one file each; this module picks the
//! notation and holds what they share. A reader translates the notation's
//! types into the language's type words (the span stays on the type as
//! written), drops the columns every app has with a note, renames what is
//! not in the language's form with a note, and reports every part it does
//! not read.

mod json;
mod mermaid;
mod prisma;
mod scan;
mod sql;
mod tree;
mod typescript;

use super::ast::{Entity, EntityShape, Field, Modifier, Text};
use super::lines::{Input, span_of, text_of};
use crate::naming;
use crate::problems::{BuiltInColumn, EmbeddedProblem, NameKind, Notation, UnreadPart};
use crate::span::Span;

/// An enumeration declared by name (`enum Status { ... }`, `CREATE TYPE
/// status AS ENUM (...)`), which fields may name as their type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Enumeration {
    pub name: Text,
    pub values: Vec<Text>,
}

/// What a schema block declares, and what its reader reports.
#[derive(Debug, Default)]
pub(crate) struct Schema {
    pub entities: Vec<Entity>,
    pub enumerations: Vec<Enumeration>,
    pub problems: Vec<EmbeddedProblem>,
    /// The key columns of the links read, set aside: a link to a model
    /// the document never declares gives its column back.
    pub key_columns: Vec<KeyColumn>,
}

/// The column that holds a link (`branchId` of `@relation(fields:
/// [branchId])`), left out of its entity while the link stands for it.
#[derive(Debug)]
pub(crate) struct KeyColumn {
    /// Where the entity's name is, which tells the entity.
    pub entity: Span,
    /// The link's name: the column's without `_id`.
    pub link: String,
    pub column: Field,
    /// The note that the column was renamed, if it was.
    pub renamed: Option<EmbeddedProblem>,
}

/// The notation of a fenced block, from the word after its opening fence
/// or, when there is none, from its first line.
pub(crate) fn notation(info: &str, body: &[Input]) -> Option<Notation> {
    let word = info
        .trim()
        .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match word.as_str() {
        "sql" | "postgresql" | "postgres" | "pgsql" | "mysql" | "sqlite" | "plpgsql" => {
            return Some(Notation::Sql);
        }
        "prisma" => return Some(Notation::Prisma),
        "typescript" | "ts" | "tsx" | "javascript" | "js" => return Some(Notation::TypeScript),
        "mermaid" => {
            return body
                .iter()
                .map(|line| line.fragment().trim())
                .find(|line| !line.is_empty() && !line.starts_with("%%"))
                .filter(|line| line.starts_with("erDiagram"))
                .map(|_| Notation::Mermaid);
        }
        "json" | "jsonc" | "json5" => return Some(Notation::Json),
        "text" | "txt" | "plain" | "plaintext" | "tree" => {
            return tree::is_tree(body).then_some(Notation::Tree);
        }
        "" => {}
        _ => return None,
    }
    let first = body
        .iter()
        .map(|line| line.fragment().trim())
        .find(|line| !line.is_empty())?;
    let lower = first.to_ascii_lowercase();
    if lower.starts_with("create table") {
        Some(Notation::Sql)
    } else if first.starts_with("model ") || first.starts_with("enum ") {
        Some(Notation::Prisma)
    } else if first.starts_with("erDiagram") {
        Some(Notation::Mermaid)
    } else if first.starts_with("interface ") || first.starts_with("export interface ") {
        Some(Notation::TypeScript)
    } else if tree::is_tree(body) {
        Some(Notation::Tree)
    } else {
        None
    }
}

/// Reads a fenced block's lines (without the fences) in `notation`.
pub(crate) fn read(notation: Notation, body: &[Input]) -> Schema {
    let mut schema = Schema::default();
    match notation {
        Notation::Sql => sql::read(body, &mut schema),
        Notation::Prisma => prisma::read(body, &mut schema),
        Notation::TypeScript => typescript::read(body, &mut schema),
        Notation::Mermaid => mermaid::read(body, &mut schema),
        Notation::Json => json::read(body, &mut schema),
        Notation::Tree => tree::read(body, &mut schema),
    }
    schema
}

/// Reads `text`, a block's body, in `notation`: what the readers' tests
/// start from.
#[cfg(test)]
fn read_text(notation: Notation, text: &str) -> Schema {
    let lines: Vec<Input> = crate::syntax::lines::split_lines(text)
        .into_iter()
        .map(|line| line.full)
        .collect();
    read(notation, &lines)
}

/// Each entity's name and its fields' names and types, in order: what the
/// readers' tests compare.
#[cfg(test)]
fn entity_fields(schema: &Schema) -> Vec<(String, Vec<(String, String)>)> {
    schema
        .entities
        .iter()
        .map(|entity| {
            let fields = entity
                .fields
                .iter()
                .map(|field| (field.name.text.clone(), field.type_name.text.clone()))
                .collect();
            (entity.name.text.clone(), fields)
        })
        .collect()
}

/// The parts of the block reported as not read, in order.
#[cfg(test)]
fn unread_parts(schema: &Schema) -> Vec<UnreadPart> {
    schema
        .problems
        .iter()
        .filter_map(|problem| match problem {
            EmbeddedProblem::NotRead { part, .. } => Some(*part),
            _ => None,
        })
        .collect()
}

/// The entity being read from a declaration, and what its reader adds.
struct EntityBuilder {
    entity: Entity,
}

impl EntityBuilder {
    /// An entity named by `written`, a table, model or interface name,
    /// renamed to a singular capitalised identifier with a note.
    fn new(written: Input, declaration: Span, schema: &mut Schema) -> Self {
        let name = entity_name(written, schema);
        EntityBuilder {
            entity: Entity {
                name,
                shape: EntityShape::Embedded,
                fields: Vec::new(),
                unreadable_fields: 0,
                unique_groups: Vec::new(),
                renamed_from: None,
                span: declaration,
            },
        }
    }

    fn extend_to(&mut self, span: Span) {
        self.entity.span = self.entity.span.cover(span);
    }

    fn push(&mut self, field: Field) {
        self.extend_to(field.span);
        self.entity.fields.push(field);
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.entity
            .fields
            .iter_mut()
            .find(|field| field.name.text == name)
    }

    fn finish(self, schema: &mut Schema) {
        schema.entities.push(self.entity);
    }
}

/// The entity a table, model or interface name stands for: `bookings` and
/// `BOOKING` are `Booking`, `line_items` is `LineItem`.
fn entity_name(written: Input, schema: &mut Schema) -> Text {
    let name = entity_word(written.fragment());
    if name != *written.fragment() {
        schema.problems.push(EmbeddedProblem::Renamed {
            span: span_of(&written),
            written: written.fragment().to_string(),
            name: name.clone(),
            kind: NameKind::Entity,
        });
    }
    Text {
        text: name,
        span: span_of(&written),
    }
}

/// `bookings` -> `Booking`, `LINE-ITEM` -> `LineItem`, `OrderItem` kept.
pub(crate) fn entity_word(written: &str) -> String {
    let all_caps =
        written.chars().any(char::is_alphabetic) && !written.chars().any(char::is_lowercase);
    let snake = if all_caps {
        written.to_lowercase().replace('-', "_")
    } else {
        naming::snake_case(written)
    };
    let (head, last) = match snake.rfind('_') {
        Some(at) => snake.split_at(at + 1),
        None => ("", snake.as_str()),
    };
    naming::pascal_case(&format!("{head}{}", singular(last)))
}

/// The singular of an English plural noun; a word that is not a plural is
/// kept.
pub(crate) fn singular(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("people", "person"),
        ("children", "child"),
        ("men", "man"),
        ("women", "woman"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("data", "data"),
        ("media", "media"),
        ("series", "series"),
        ("species", "species"),
        ("news", "news"),
        ("shelves", "shelf"),
        ("knives", "knife"),
        ("leaves", "leaf"),
        ("wives", "wife"),
        ("lives", "life"),
        ("halves", "half"),
        ("wolves", "wolf"),
        ("calves", "calf"),
        ("loaves", "loaf"),
        ("thieves", "thief"),
    ];
    if let Some((_, one)) = IRREGULAR.iter().find(|(many, _)| *many == word) {
        return (*one).to_string();
    }
    /// Nouns ending in `ie`, whose plural is not a `y` word's.
    const IE_NOUNS: &[&str] = &[
        "movie", "cookie", "pie", "tie", "calorie", "zombie", "rookie", "selfie", "hoodie",
        "genie", "prairie", "brownie", "smoothie", "lie", "goalie", "sortie", "auntie",
    ];
    let ends = |suffix: &str| word.len() > suffix.len() + 1 && word.ends_with(suffix);
    if word.len() > 4 && word.ends_with("ies") && IE_NOUNS.contains(&&word[..word.len() - 1]) {
        word[..word.len() - 1].to_string()
    } else if ends("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zzes") {
        word[..word.len() - 2].to_string()
    } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// A column's name as a field name, lower snake_case, with a note when it
/// is renamed.
fn field_name(written: Input, schema: &mut Schema) -> Text {
    let name = naming::snake_case(written.fragment());
    if name != *written.fragment() {
        schema.problems.push(EmbeddedProblem::Renamed {
            span: span_of(&written),
            written: written.fragment().to_string(),
            name: name.clone(),
            kind: NameKind::Field,
        });
    }
    Text {
        text: name,
        span: span_of(&written),
    }
}

/// The column every app has that a field name stands for, if any.
fn built_in(snake: &str) -> Option<BuiltInColumn> {
    match snake.trim_start_matches('_') {
        "id" => Some(BuiltInColumn::Id),
        "created_at" | "creation_time" | "created_on" => Some(BuiltInColumn::CreatedAt),
        "updated_at" | "modified_at" | "updated_on" => Some(BuiltInColumn::UpdatedAt),
        "user_id" | "owner_id" => Some(BuiltInColumn::Owner),
        _ => None,
    }
}

/// Whether `entity`, a name the schema links to, is the accounts' table.
fn is_account_entity(entity: &str) -> bool {
    matches!(entity, "User" | "Account")
}

fn note_built_in(written: Input, kind: BuiltInColumn, schema: &mut Schema) {
    schema.problems.push(EmbeddedProblem::BuiltIn {
        span: span_of(&written),
        column: written.fragment().to_string(),
        kind,
    });
}

fn not_read(written: Input, notation: Notation, part: UnreadPart, schema: &mut Schema) {
    schema.problems.push(EmbeddedProblem::NotRead {
        span: span_of(&written),
        notation,
        written: written.fragment().trim().to_string(),
        part,
    });
}

/// A field of the language's type word `type_word`, the span of which is
/// the type as written.
fn field(name: Text, type_word: &str, type_written: Input, span: Span) -> Field {
    Field {
        name,
        type_name: Text {
            text: type_word.to_string(),
            span: span_of(&type_written),
        },
        enum_values: None,
        modifiers: Vec::new(),
        span,
    }
}

/// A modifier with no value (`required`, `unique`) standing for the text
/// `written` of the notation.
fn flag(word: &str, written: Input) -> Modifier {
    Modifier {
        text: word.to_string(),
        span: span_of(&written),
        key: None,
        value: None,
    }
}

/// A keyed modifier (`max=255`, `default=0`) whose value is `value` as
/// written; the key stands for the text `written` of the notation.
fn keyed(key: &str, value: Input, written: Input) -> Modifier {
    let value = text_of(&value);
    Modifier {
        text: format!("{key}={}", value.text),
        span: span_of(&written).cover(value.span),
        key: Some(Text {
            text: key.to_string(),
            span: span_of(&written),
        }),
        value: Some(value),
    }
}

/// The type word of a scalar of SQL, Prisma, TypeScript or Mermaid,
/// lower-cased, in the language; `None` when it has no equivalent.
fn scalar_type(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "uuid" | "uniqueidentifier" => "uuid",
        "varchar" | "character varying" | "char" | "character" | "nvarchar" | "nchar"
        | "string" | "str" | "varchar2" | "cuid" => "string",
        "text" | "citext" | "mediumtext" | "longtext" | "clob" => "text",
        "int" | "integer" | "int2" | "int4" | "int8" | "smallint" | "bigint" | "tinyint"
        | "mediumint" | "serial" | "bigserial" | "smallserial" | "long" | "int64" => "integer",
        "decimal" | "numeric" | "money" | "number_decimal" => "decimal",
        "real" | "float" | "float4" | "float8" | "double" | "double precision" | "number"
        | "float64" => "float",
        "bool" | "boolean" | "bit" => "boolean",
        "date" => "date",
        "timestamp"
        | "timestamptz"
        | "datetime"
        | "timestamp with time zone"
        | "timestamp without time zone"
        | "datetime2"
        | "datetimeoffset" => "datetime",
        "json" | "jsonb" => "json",
        _ => return None,
    })
}

/// A link field's name from its column's: `screen_id` -> `screen`. Its
/// span leaves out the written `_id` when the name was not renamed (so the
/// span stays on the text's character boundaries), else it is the
/// column's.
pub(crate) fn link_name(name: &Text) -> Text {
    match name.text.strip_suffix("_id") {
        Some(stem) if !stem.is_empty() => Text {
            text: stem.to_string(),
            span: if name.text.len() == name.span.len() {
                Span::new(name.span.start, name.span.end - "_id".len())
            } else {
                name.span
            },
        },
        _ => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_become_singular_entity_names() {
        for (written, expected) in [
            ("bookings", "Booking"),
            ("line_items", "LineItem"),
            ("LINE_ITEM", "LineItem"),
            ("CUSTOMER", "Customer"),
            ("categories", "Category"),
            ("addresses", "Address"),
            ("OrderItem", "OrderItem"),
            ("status", "Status"),
            ("people", "Person"),
            ("class", "Class"),
            ("movies", "Movie"),
        ] {
            assert_eq!(entity_word(written), expected, "{written}");
        }
    }

    #[test]
    fn spans_stay_on_character_boundaries_whatever_the_names() {
        let source = "## Data Model\n```sql\nCREATE TABLE \"Ünïcödé_İtems\" (\n  \"İd_Käse_id\" INT REFERENCES \"Käse\"(id) ON DELETE CASCADE,\n  名前 TEXT DEFAULT 'é',\n  Ölçü_ID INT NOT NULL REFERENCES ölçüs(id)\n);\n```\n```mermaid\nerDiagram\n  KÄSE ||--o{ \"Ünïcödé_İtems\" : hat\n```\n";
        let (prd, diagnostics) = crate::syntax::parse(source);
        let mut spans = Vec::new();
        for entity in prd
            .entity_sections
            .iter()
            .flat_map(|section| &section.entities)
        {
            spans.push(entity.name.span);
            for field in &entity.fields {
                spans.extend([field.span, field.name.span, field.type_name.span]);
                spans.extend(field.modifiers.iter().map(|modifier| modifier.span));
            }
        }
        spans.extend(diagnostics.iter().map(|diagnostic| diagnostic.primary.span));
        assert!(spans.len() > 10);
        for span in spans {
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "{span:?}"
            );
        }
    }

    #[test]
    fn the_notation_comes_from_the_fence_or_the_first_line() {
        let lines =
            |text: &'static str| -> Vec<Input<'static>> { text.lines().map(Input::new).collect() };
        assert_eq!(notation("sql", &[]), Some(Notation::Sql));
        assert_eq!(
            notation("", &lines("\nCREATE TABLE a (b INT);")),
            Some(Notation::Sql)
        );
        assert_eq!(
            notation("mermaid", &lines("erDiagram\n  A ||--o{ B : has")),
            Some(Notation::Mermaid)
        );
        assert_eq!(notation("mermaid", &lines("flowchart LR")), None);
        assert_eq!(
            notation("", &lines("model Shelf {")),
            Some(Notation::Prisma)
        );
        assert_eq!(notation("json", &lines("{")), Some(Notation::Json));
        assert_eq!(notation("", &lines("+---+")), None);
        assert_eq!(notation("", &lines("Plot\n├── bed")), Some(Notation::Tree));
        assert_eq!(notation("text", &lines("Plot\nbed")), None);
    }
}
