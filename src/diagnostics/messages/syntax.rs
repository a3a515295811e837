//! The parser's problems: the bytes of the input, the lines of the entity
//! section, user stories and field declarations.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::{FieldFault, StoryFault, StoryFix, SyntaxProblem};
use crate::span::Span;

impl From<SyntaxProblem> for Diagnostic {
    fn from(problem: SyntaxProblem) -> Self {
        match problem {
            SyntaxProblem::InvalidUtf8 {
                span,
                valid,
                invalid,
                length,
            } => Diagnostic::new(
                Code::InvalidUtf8,
                span,
                format!(
                    "the input is not valid UTF-8 text (byte {} of {length})",
                    valid + 1
                ),
            )
            .with_label(format!(
                "{invalid} invalid byte{} here",
                if invalid == 1 { "" } else { "s" }
            ))
            .with_help(
                "save the PRD as UTF-8 text; most editors offer this under \"Save with encoding\"",
            ),
            SyntaxProblem::NulByte { span } => Diagnostic::new(
                Code::NulByte,
                span,
                format!("the input contains a NUL byte (byte {})", span.start + 1),
            )
            .with_label("NUL byte here")
            .with_help("a PRD is a plain text file; this looks like a binary file"),
            SyntaxProblem::UnreadTable { row, under_entity } => {
                let (message, label, help) = if under_entity {
                    (
                        "this table's header does not name a field column and a type column",
                        "expected columns such as `Field | Type | Constraints`",
                        "name the columns `Field` (or `Name`), `Type`, and optionally `Constraints`, `Required` and `Default`",
                    )
                } else {
                    (
                        "this table does not follow an entity heading",
                        "this table is not read",
                        "put the table right under the entity's heading, such as `### Task`, with columns `Field | Type | Constraints`",
                    )
                };
                Diagnostic::new(Code::UnsupportedTable, row, message)
                    .with_label(label)
                    .with_help(help)
            }
            SyntaxProblem::TooManyEntities { span, limit } => Diagnostic::new(
                Code::TooManyEntities,
                span,
                format!("the PRD declares more than {limit} entities"),
            )
            .with_label("this entity and the ones after it are not read")
            .with_help(format!(
                "split the PRD into several applications; microcodegen reads at most {limit} entities"
            )),
            SyntaxProblem::HeadingNotEntity { span } => Diagnostic::new(
                Code::UnrecognisedLine,
                span,
                "this heading in the entity section does not name an entity",
            )
            .with_label("not an entity name")
            .with_help(
                "an entity heading is one capitalised name, such as `### OrderItem`; the lines under this heading are read as entities only if they are entity list items",
            ),
            SyntaxProblem::FieldOutsideEntity {
                span,
                entity,
                section,
            } => {
                let diagnostic = Diagnostic::new(
                    Code::FieldOutsideEntity,
                    span,
                    "this field is not under any entity",
                )
                .with_label("a field declaration outside an entity");
                match entity {
                    Some((entity, name)) => diagnostic
                        .with_secondary(entity, "the entity above")
                        .with_help(format!(
                            "to add it to `{name}`, indent it under the entity's line; an entity is a capitalised name, such as `- Project: name (string)`"
                        )),
                    None => diagnostic
                        .with_secondary(section, "the entity section starts here")
                        .with_help(
                            "declare the entity first, then its fields indented under it:\n  - **Project**\n    - name: string (required)",
                        ),
                }
            }
            SyntaxProblem::NotADeclaration {
                span,
                subsection,
                section,
                lower_name,
            } => {
                let help = match lower_name {
                    // `- loaf` with fields under it: a lower-case name is a
                    // field's, so say how to make it an entity's.
                    Some((name, entity)) => format!(
                        "a lower-case name alone is neither an entity nor a field; if `{name}` names an entity, capitalise it, `- {entity}`, or put it in bold, `- **{name}**`, with its fields indented under it; if it is a field, give it a type under its entity: `- {name}: string`"
                    ),
                    None => "an entity is a capitalised name, optionally followed by its fields: `- Project: name (string, required)`; move other remarks out of the entity section".to_string(),
                };
                let diagnostic = Diagnostic::new(
                    Code::UnrecognisedLine,
                    span,
                    "this list item in the entity section is not a declaration",
                )
                .with_label("ignored")
                .with_help(help);
                match subsection {
                    Some(heading) => diagnostic.with_secondary(heading, "in this subsection"),
                    None => diagnostic.with_secondary(section, "in the entity section"),
                }
            }
            SyntaxProblem::FieldWithoutListMarker { span, entity } => {
                let diagnostic = Diagnostic::new(
                    Code::FieldWithoutListMarker,
                    span,
                    "this line reads like a field but is not a list item, so it is not read",
                )
                .with_label("read as prose");
                // Only under an entity does the list marker make it a field;
                // elsewhere it would be a field outside any entity.
                match entity {
                    Some(name) => diagnostic
                        .with_secondary(name, "the entity it would belong to")
                        .with_help("write fields as list items: put `- ` in front of the line")
                        .with_suggestion(Span::new(span.start, span.start), "- "),
                    None => diagnostic.with_help(
                        "declare the entity first (`### Parcel`), then its fields as list items under it (`- weight: integer`)",
                    ),
                }
            }
            SyntaxProblem::ProseSkipped { span, section } => Diagnostic::new(
                Code::ProseSkipped,
                span,
                "this paragraph in the entity section is prose and declares nothing",
            )
            .with_label("read as prose")
            .with_secondary(section, "in this entity section")
            .with_help(
                "to declare fields, write them as list items under the entity: `- title: string (required)`",
            ),
            SyntaxProblem::EntityRemark {
                span,
                entity,
                section,
            } => Diagnostic::new(
                Code::ProseSkipped,
                span,
                format!("the remark after the entity `{entity}` is prose and declares nothing"),
            )
            .with_label("read as prose")
            .with_secondary(section, "in this entity section")
            .with_help(format!(
                "a remark after an entity's name describes the entity; the fields of `{entity}` are the list items under this line: `- title: string (required)`"
            )),
            SyntaxProblem::MalformedStory { span, fault, fix } => {
                let shape = "`As a <role>, I want <goal> so that <benefit>.`";
                let diagnostic = Diagnostic::new(
                    Code::MalformedStory,
                    span,
                    "this line looks like a user story but is not read as one",
                )
                .with_label(match fault {
                    StoryFault::NotRead => "not read as a user story",
                    StoryFault::NotIWant => "a user story says `I want` here",
                })
                .with_note(format!("a user story has the shape {shape}"));
                match fix {
                    Some((at, fix)) => diagnostic
                        .with_help(match fix {
                            StoryFix::IWant => "write `I want`",
                        })
                        .with_suggestion(at, fix.replacement()),
                    None => diagnostic.with_help(format!(
                        "write it as {shape}, with the words `I want`"
                    )),
                }
            }
            SyntaxProblem::MalformedField { span, fault } => malformed_field(span, fault),
        }
    }
}

fn malformed_field(span: Span, fault: FieldFault) -> Diagnostic {
    let (message, label, help): (String, &str, String) = match fault {
        FieldFault::UnclosedQuote => (
            "a quoted value is not closed".into(),
            "this quote has no closing partner",
            "close the value with the same quote or backtick it opens with, for example pattern=\"^[A-Z]+$\"".into(),
        ),
        FieldFault::EmptyModifier => (
            "a modifier is empty".into(),
            "expected a modifier here",
            "list modifiers separated by commas, for example `(required, unique)`".into(),
        ),
        FieldFault::UnclosedEnumValues => (
            "the values of the enumeration are missing a closing `)`".into(),
            "opened here",
            "close the list of values: `enum(todo, doing, done)`".into(),
        ),
        FieldFault::SecondModifierList => (
            "the field has a second list of modifiers".into(),
            "unexpected text after the field",
            "put all modifiers in one pair of parentheses, separated by commas".into(),
        ),
        FieldFault::TextAfterDeclaration => (
            "unexpected text after the field declaration".into(),
            "not part of the declaration",
            "put modifiers in parentheses, `title: string (required)`, and a description after a dash, `title: string - shown in lists`".into(),
        ),
        FieldFault::NoName => (
            "this line is not a field declaration".into(),
            "expected a field name",
            "write a field as `name: type`, for example `due_date: date`".into(),
        ),
        FieldFault::SpacedName { written, snake } => (
            format!("the field name `{written}` has spaces in it"),
            "a field name is one word",
            format!("write the name in snake_case: `{snake}`"),
        ),
        FieldFault::ListType { name, of } => (
            format!("the field `{name}` is a list of `{of}`, but a field holds one value"),
            "a list is not a field type",
            if of.starts_with(|c: char| c.is_ascii_uppercase()) {
                format!("a row cannot hold many `{of}` rows: give `{of}` a field that links to this entity instead (its type is this entity's name); to keep a list of values, write `{name}: json`")
            } else {
                format!("to keep a list of values, write `{name}: json`, which holds any JSON array")
            },
        ),
        FieldFault::NoSeparator { name, at_end } => (
            "expected `:` or `(` after the field name".into(),
            if at_end {
                "expected `: type` after this name"
            } else {
                "expected `:` before this"
            },
            format!("write `{name}: type`, for example `{name}: string`"),
        ),
        FieldFault::NoType { name } => (
            format!("the field `{name}` has no type"),
            "expected a type such as `string`, `integer` or `date`",
            format!("write `{name}: string`, or another type"),
        ),
        FieldFault::UnclosedModifiers { name } => (
            format!("the modifiers of `{name}` are missing a closing `)`"),
            "expected `)`",
            "close the parentheses after the last modifier".into(),
        ),
        FieldFault::TextInParentheses { name } => (
            format!("unexpected text in the declaration of `{name}`"),
            "expected `,` or `)` here",
            format!("write the type first, then modifiers: `{name} (string, required)`"),
        ),
        FieldFault::NotInlineField => (
            "this is not a field declaration".into(),
            "expected a field such as `title (string)`",
            "separate fields with commas and give each its type in parentheses".into(),
        ),
        FieldFault::NoInlineType { name, at_end } => (
            if at_end {
                format!("the field `{name}` has no type")
            } else {
                format!("expected `(` and a type after `{name}`")
            },
            "expected a type in parentheses",
            format!("write `{name} (string)`, or another type"),
        ),
        FieldFault::TextAfterInlineField => (
            "unexpected text after the field".into(),
            "not part of the declaration",
            "separate fields with commas".into(),
        ),
        FieldFault::EmptyNameCell => (
            "the row has no field name".into(),
            "expected a field name in this cell",
            "write the field's name in lower snake_case, such as `due_date`".into(),
        ),
        FieldFault::NotANameCell => (
            "this cell is not a field name".into(),
            "expected a name such as `due_date`",
            "a field name is lowercase words joined by underscores".into(),
        ),
        FieldFault::TextAfterNameCell => (
            "unexpected text after the field name".into(),
            "a name cell holds only the name",
            "put the type and the constraints in their own columns".into(),
        ),
        FieldFault::TextAfterTypeCell { name } => (
            format!("unexpected text after the type of `{name}`"),
            "not part of the type",
            "put constraints in the constraints column, separated by commas".into(),
        ),
        FieldFault::KeyReferenceCell { name } => (
            format!("the type of `{name}` is not read as a key reference"),
            "expected an arrow and a table's `id` alone, such as `→ gyms.id`",
            "write the table's `id` after the arrow (`→ gyms.id`), alone in the cell; put constraints in the constraints column".into(),
        ),
        FieldFault::UnclearRequiredCell => (
            "this cell does not say whether the field is required".into(),
            "expected `yes` or `no`",
            "write `yes` for a required field and `no` (or nothing) for an optional one".into(),
        ),
    };
    Diagnostic::new(Code::MalformedField, span, message)
        .with_label(label)
        .with_help(help)
}
