//! The problems of schemas embedded in a PRD (fenced SQL, Prisma,
//! TypeScript and Mermaid blocks) and of the data model's blocks that
//! declare no entity.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::{
    BuiltInColumn, EmbeddedProblem, NameKind, Notation, SkippedBlock, UnreadPart,
};

impl From<EmbeddedProblem> for Diagnostic {
    fn from(problem: EmbeddedProblem) -> Self {
        match problem {
            EmbeddedProblem::NotRead {
                span,
                notation,
                written,
                part,
            } => {
                let (what, help) = match part {
                    UnreadPart::Statement => (
                        "this statement",
                        "only tables, models, interfaces and enumerations are read from a schema; the statement can stay in the PRD as documentation",
                    ),
                    UnreadPart::Line if notation == Notation::Tree => (
                        "this line",
                        "write an entity's name on a line of its own and each of its fields on a branch under it, as `├── name`",
                    ),
                    UnreadPart::Line => (
                        "this line",
                        "write one column per line, as `name TYPE constraints`",
                    ),
                    UnreadPart::DeleteRule => (
                        "the delete rule",
                        "the app refuses to delete a row that a required link points at, and clears an optional link",
                    ),
                    UnreadPart::ComputedDefault => (
                        "the computed default",
                        "a default is a literal value, such as `default=0`; the app sets `created_at` and `updated_at` itself",
                    ),
                    UnreadPart::Index => (
                        "the index",
                        "the app indexes every link and unique field; write `indexed` on a field to index it",
                    ),
                    UnreadPart::Type => (
                        "the type",
                        "the types are: string, text, integer, float, decimal, boolean, date, datetime, uuid, json, email, url",
                    ),
                    UnreadPart::UndeclaredRelation => (
                        "the link to an undeclared model",
                        "its key column is kept as a field of its own type; declare the model in the data model to make it a link",
                    ),
                    UnreadPart::NotRecords => (
                        "this value",
                        "only a list of objects declares an entity (its name the list's, in the singular); write the value's entity as such a list, or in the language's own form",
                    ),
                    UnreadPart::NestedRecords => (
                        "the shape of the nested records",
                        "the list is stored whole as a `json` field; to give its records their own table, declare them as an entity with a link to this one",
                    ),
                    UnreadPart::Malformed => (
                        "the rest of the block",
                        "write the example as JSON: keys and strings in double quotes, `//` comments and `...` for more items are allowed",
                    ),
                    UnreadPart::Remark => (
                        "the remark",
                        "a field's type comes from its name (N0013); write `name: type` in the language's own form to say more",
                    ),
                    UnreadPart::Option => (
                        "the option",
                        "the option has no equivalent in the generated app; remove it or describe it in prose",
                    ),
                };
                Diagnostic::new(
                    Code::EmbeddedPartNotRead,
                    span,
                    format!(
                        "{what} of the {} schema is not read: `{written}`",
                        notation.name()
                    ),
                )
                .with_label("not read")
                .with_help(help)
            }
            EmbeddedProblem::BuiltIn { span, column, kind } => {
                let why = match kind {
                    BuiltInColumn::Id => "every entity has its own `id`",
                    BuiltInColumn::CreatedAt => "the app sets `created_at` when a row is created",
                    BuiltInColumn::UpdatedAt => "the app sets `updated_at` when a row changes",
                    BuiltInColumn::Owner => "every row belongs to the signed-in user who made it",
                };
                Diagnostic::new(
                    Code::BuiltInColumn,
                    span,
                    format!("the column `{column}` is one the app provides"),
                )
                .with_label("built in")
                .with_help(why)
            }
            EmbeddedProblem::Renamed {
                span,
                written,
                name,
                kind,
            } => {
                let (what, rule) = match kind {
                    NameKind::Entity => (
                        "entity",
                        "entity names are singular capitalised identifiers",
                    ),
                    NameKind::Field => ("field", "field names are lower snake_case"),
                };
                Diagnostic::new(
                    Code::EmbeddedRename,
                    span,
                    format!("`{written}` is read as the {what} `{name}`"),
                )
                .with_label(format!("read as `{name}`"))
                .with_help(rule)
            }
            EmbeddedProblem::Skipped { span, block } => {
                let (message, help) = match block {
                    SkippedBlock::Prose { words } => (
                        format!("the block `{words}` declares no entity and is read as prose"),
                        "entities are declared under headings or labels of their own names; this block stays in the PRD for people to read",
                    ),
                    SkippedBlock::Code => (
                        "this code block in the data model is no schema and is skipped".to_string(),
                        "schemas are read from fenced SQL, Prisma, TypeScript and Mermaid `erDiagram` blocks, JSON examples and ASCII trees; name the notation after the opening fence, such as ```sql",
                    ),
                };
                Diagnostic::new(Code::BlockSkipped, span, message)
                    .with_label("skipped")
                    .with_help(help)
            }
            EmbeddedProblem::ExampleType {
                span,
                field,
                type_word,
            } => Diagnostic::new(
                Code::ExampleType,
                span,
                format!("`{field}` is read as `{type_word}` from its example value"),
            )
            .with_label(format!("read as `{type_word}`"))
            .with_help(format!(
                "write the field as `{field}: {type_word}` in the language's own form to say so yourself"
            )),
            EmbeddedProblem::InverseLink {
                span,
                field,
                entity,
            } => Diagnostic::new(
                Code::InverseLink,
                span,
                format!("`{field}` lists the rows of `{entity}` that link here"),
            )
            .with_label("the other side of a link")
            .with_help(format!(
                "the link is a field of `{entity}`; its rows are listed by its list endpoint, filtered by the link"
            )),
            EmbeddedProblem::ManyToMany { span, left, right } => Diagnostic::new(
                Code::ManyToManyRelationship,
                span,
                format!("the relationship between `{left}` and `{right}` is many-to-many: no link is generated for it"),
            )
            .with_label("many-to-many")
            .with_help(format!(
                "declare an entity that links to both, with the fields `{}: {left}` and `{}: {right}`",
                field_word(&left),
                field_word(&right)
            )),
            EmbeddedProblem::RelationshipNotRead { span, unknown } => {
                let (message, label) = match &unknown {
                    Some(name) => (
                        format!("this relationship names `{name}`, which is no entity of the data model: no link is generated for it"),
                        format!("`{name}` is not declared"),
                    ),
                    None => (
                        "this line of the Relationships block is not read as a relationship: no link is generated for it".to_string(),
                        "not a relationship".to_string(),
                    ),
                };
                Diagnostic::new(Code::RelationshipNotRead, span, message)
                    .with_label(label)
                    .with_help(
                        "write `A Project has many Tasks`, `Each Task belongs to one Project`, `Task -> Project (many-to-one)` or `Project 1--* Task`, with the entities' names",
                    )
            }
        }
    }
}

/// The field a link to `entity` is usually named: `Course` -> `course`.
fn field_word(entity: &str) -> String {
    let mut word = String::with_capacity(entity.len() + 2);
    for (i, c) in entity.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            word.push('_');
        }
        word.extend(c.to_lowercase());
    }
    word
}
