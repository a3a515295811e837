//! The prose of every diagnostic: each problem a phase reports (see
//! `crate::problems`) becomes a [`Diagnostic`] here, with the code whose
//! explanation is in `codes.rs`, its message, labels, notes and help. The
//! phases come in pipeline order: the parser's, lowering's, the target's.

use super::{Code, Diagnostic};
use crate::genome::FieldType;
use crate::problems::{
    FieldFault, LowerProblem, Measure, StoryFault, StoryFix, SyntaxProblem, TargetProblem,
};
use crate::span::Span;
use crate::{spelling, vocabulary};

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
            } => {
                let diagnostic = Diagnostic::new(
                    Code::UnrecognisedLine,
                    span,
                    "this list item in the entity section is not a declaration",
                )
                .with_label("ignored")
                .with_help(
                    "an entity is a capitalised name, optionally followed by its fields: `- Project: name (string, required)`; move other remarks out of the entity section",
                );
                match subsection {
                    Some(heading) => diagnostic.with_secondary(heading, "in this subsection"),
                    None => diagnostic.with_secondary(section, "in the entity section"),
                }
            }
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
                    StoryFault::NoComma => "expected a comma after the role",
                })
                .with_note(format!("a user story has the shape {shape}"));
                match fix {
                    Some((at, fix)) => diagnostic
                        .with_help(match fix {
                            StoryFix::Comma => "add a comma after the role",
                            StoryFix::IWant => "write `I want`",
                            StoryFix::CommaAndIWant => {
                                "add a comma after the role and write `I want`"
                            }
                        })
                        .with_suggestion(at, fix.replacement()),
                    None => diagnostic.with_help(format!(
                        "write it as {shape}, with a comma after the role and the words `I want`"
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

impl From<LowerProblem<'_>> for Diagnostic {
    fn from(problem: LowerProblem<'_>) -> Self {
        match problem {
            LowerProblem::NoEntitySection { headings } => Diagnostic::whole_document(
                Code::MissingEntitySection,
                "the PRD has no entity section",
            )
            .with_help(format!(
                "add a section listing the entities, for example:\n\n## Entities\n- Project: name (string, required), description (text)\n\nThe heading may be one of {}",
                section_headings(headings)
            )),
            LowerProblem::MisspeltEntitySection {
                span,
                written,
                spelling,
                headings,
                read_as_section,
            } => {
                let diagnostic = Diagnostic::new(
                    Code::MissingEntitySection,
                    span,
                    format!("the PRD has no entity section, but `{written}` looks like one"),
                )
                .with_label(format!("did you mean `{}`?", title_case(spelling)))
                .with_help(format!(
                    "the entity section's heading is one of {}",
                    section_headings(headings)
                ))
                .with_suggestion(span, title_case(spelling));
                if read_as_section {
                    diagnostic.with_note(
                        "the lines under this heading were checked as if it were the entity section",
                    )
                } else {
                    diagnostic
                }
            }
            LowerProblem::EmptyEntitySection { span } => Diagnostic::new(
                Code::EmptyEntitySection,
                span,
                "the entity section declares no entities",
            )
            .with_label("no entity is declared under this heading")
            .with_help(
                "declare each entity as a list item under the heading, e.g. `- Project: name (string, required), description (text)`",
            ),
            LowerProblem::InvalidEntityName {
                span,
                name,
                length,
                fix,
            } => {
                let diagnostic = Diagnostic::new(
                    Code::InvalidEntityName,
                    span,
                    format!("`{name}` is not a valid entity name"),
                )
                .with_label(if length > 41 {
                    "longer than 41 characters"
                } else if length < 2 {
                    "shorter than 2 characters"
                } else {
                    "not a capitalised identifier"
                });
                match fix {
                    Some(fix) => diagnostic
                        .with_help(format!("write it as one capitalised word: `{fix}`"))
                        .with_suggestion(span, fix),
                    None => diagnostic.with_help("an entity name has 2 to 41 letters and digits and starts with a capital, such as `OrderItem`"),
                }
            }
            LowerProblem::DuplicateEntity { span, name, first } => Diagnostic::new(
                Code::DuplicateEntity,
                span,
                format!("the entity `{name}` is declared twice"),
            )
            .with_label("declared again here")
            .with_secondary(first, "first declared here")
            .with_help("merge the two declarations into one, or rename one of the entities"),
            LowerProblem::EntityNameCollision {
                span,
                name,
                snake,
                other,
                first,
            } => Diagnostic::new(
                Code::NameCollision,
                span,
                format!("the entities `{name}` and `{other}` would get the same name in the generated code"),
            )
            .with_label(format!("becomes `{snake}`, like `{other}`"))
            .with_secondary(first, format!("`{other}` declared here"))
            .with_note("module, table and URL names are lower snake_case, so names that differ only in case or underscores collide")
            .with_help("rename one of the entities, or merge them if they are the same thing"),
            LowerProblem::RequiredSelfLink {
                span,
                field,
                entity,
                label,
            } => Diagnostic::new(
                Code::ReferenceCycle,
                span,
                format!("`{field}` links every {label} to another one, and is required"),
            )
            .with_label("a required link to the entity itself")
            .with_note("the first row could never be created: there is nothing yet to link it to")
            .with_help(format!("make the link optional: `{field} ({entity}, optional)`")),
            LowerProblem::LinkCycle {
                span,
                field,
                from,
                to,
            } => Diagnostic::new(
                Code::ReferenceCycle,
                span,
                format!("the link `{field}` from `{from}` to `{to}` closes a cycle of links"),
            )
            .with_label(format!("`{to}` links back to `{from}`"))
            .with_help("links between entities must not go round in a circle; remove one of the links in the cycle"),
            LowerProblem::StoryWithoutEntity { span, entities } => {
                // A long list is cut: the help line names a few.
                let mut names: Vec<String> = entities
                    .iter()
                    .take(8)
                    .map(|name| format!("`{name}`"))
                    .collect();
                if entities.len() > 8 {
                    names.push("…".into());
                }
                Diagnostic::new(
                    Code::StoryWithoutEntity,
                    span,
                    "this user story names none of the entities",
                )
                .with_label("no entity is named here")
                .with_note("stories are linked to the entities they name, singular or plural, for the traceability table in the generated ARCHITECTURE.md")
                .with_help(format!(
                    "name the entity this story is about; the entities are {}",
                    names.join(", ")
                ))
            }
            LowerProblem::DuplicateField {
                span,
                entity,
                field,
                first,
            } => Diagnostic::new(
                Code::DuplicateField,
                span,
                format!("`{entity}` declares the field `{field}` twice"),
            )
            .with_label("declared again here")
            .with_secondary(first, "first declared here")
            .with_help("remove one of the declarations, or rename one of the fields"),
            LowerProblem::EntityWithoutFields { span, entity } => Diagnostic::new(
                Code::EntityWithoutFields,
                span,
                format!("the entity `{entity}` declares no fields"),
            )
            .with_label("no fields follow this entity")
            .with_help(format!(
                "add fields, either on the same line, `{entity}: title (string, required)`, or as indented list items under it, `  - title: string (required)`"
            )),
            LowerProblem::ProfileFieldLink { span, field, to } => Diagnostic::new(
                Code::InvalidProfileField,
                span,
                format!("the profile field `{field}` links to `{to}`"),
            )
            .with_label("a profile field cannot link to an entity")
            .with_note("every row of an entity already belongs to a user; a link from the account to one of them is not supported")
            .with_help(format!(
                "put the link on `{to}` instead, or store a name in a `string` field"
            )),
            LowerProblem::ProfileFieldRequired {
                span,
                field,
                type_name,
            } => Diagnostic::new(
                Code::InvalidProfileField,
                span,
                format!("the profile field `{field}` is required but has no default"),
            )
            .with_label("registration could not fill this in")
            .with_note("registration only takes an e-mail address and a password; profile fields are set later with `PATCH /api/auth/me`")
            .with_help(format!(
                "give it a default, such as `{field} ({type_name}, required, default=...)`, or make it optional"
            )),
            LowerProblem::ProfileFieldUnique { span, field } => Diagnostic::new(
                Code::InvalidProfileField,
                span,
                format!("the profile field `{field}` cannot be unique"),
            )
            .with_label("unique across every account")
            .with_note(SHARED_USERS_TABLE)
            .with_help("remove `unique`; `indexed` is allowed"),
            LowerProblem::ProfileUniqueGroup { span } => Diagnostic::new(
                Code::InvalidProfileField,
                span,
                "a unique group cannot be declared on `User`",
            )
            .with_label("unique across every account")
            .with_note(SHARED_USERS_TABLE)
            .with_help("remove the unique group"),
            LowerProblem::LinkColumnTaken {
                span,
                field,
                column,
                other,
            } => Diagnostic::new(
                Code::NameCollision,
                span,
                format!("the link `{field}` is stored in `{column}`, which is also a field"),
            )
            .with_label(format!("becomes the column `{column}`"))
            .with_secondary(other, "the other field")
            .with_help("rename one of the two fields"),
            LowerProblem::UniqueGroupRepeats { span, name } => Diagnostic::new(
                Code::InvalidUniqueGroup,
                span,
                format!("`{name}` is listed twice in this unique group"),
            )
            .with_label("listed again here")
            .with_help("list each field once"),
            LowerProblem::UniqueGroupUnknownField {
                span,
                name_span,
                name,
                entity,
                fields,
            } => did_you_mean(
                Diagnostic::new(
                    Code::InvalidUniqueGroup,
                    span,
                    format!("`{name}` is not a field of `{entity}`"),
                ),
                name_span,
                name,
                fields.iter().copied(),
                "no such field",
            )
            .with_help(format!(
                "a unique group names fields of the entity above it: {}",
                listed(fields)
            )),
            LowerProblem::UniqueGroupTooSmall { span } => Diagnostic::new(
                Code::InvalidUniqueGroup,
                span,
                "a unique group needs at least two fields",
            )
            .with_label("only one field here")
            .with_help("for one field, add `unique` to its modifiers instead"),
            LowerProblem::UniqueGroupJson { span } => Diagnostic::new(
                Code::InvalidUniqueGroup,
                span,
                "a `json` field cannot be part of a unique group",
            )
            .with_label("JSON values cannot be compared")
            .with_help("leave the json field out of the group"),
            LowerProblem::UnknownType {
                span,
                written,
                field,
            } => did_you_mean(
                Diagnostic::new(
                    Code::UnknownType,
                    span,
                    format!("unknown type `{written}` for the field `{field}`"),
                ),
                span,
                written,
                vocabulary::TYPE_WORDS.iter().map(|(word, _)| *word),
                "not a known type",
            )
            .with_help("the types are: string, text, integer, float, decimal, boolean, date, datetime, uuid, json, email, url, enum, or an entity's name"),
            LowerProblem::UnknownKey {
                span,
                written,
                field,
                keys,
            } => did_you_mean(
                unknown_modifier(span, written, field),
                span,
                written,
                keys.iter().copied(),
                "not a known modifier",
            )
            .with_help("the modifiers with a value are `default=`, `min=`, `max=` and `pattern=`"),
            LowerProblem::UnknownModifier {
                span,
                written,
                field,
            } => did_you_mean(
                unknown_modifier(span, written, field),
                span,
                written,
                vocabulary::MODIFIER_WORDS.iter().map(|(word, _)| *word),
                "not a known modifier",
            )
            .with_help("the modifiers are `required` (or `not null`), `optional`, `unique` and `indexed` (or `index`)"),
            LowerProblem::ConflictingModifiers {
                span,
                field,
                what,
                written,
                first,
                first_written,
            } => Diagnostic::new(
                Code::ConflictingModifiers,
                span,
                format!("the field `{field}` is both {what} and not {what}"),
            )
            .with_label("contradicts the earlier modifier")
            .with_secondary(first, "first said here")
            .with_help(format!(
                "keep either `{}` or `{written}`, whichever describes the field",
                first_written.unwrap_or("the first")
            )),
            LowerProblem::InvalidFieldName { span, name, fix } => {
                let diagnostic = Diagnostic::new(
                    Code::InvalidFieldName,
                    span,
                    format!("the field name `{name}` is not lower snake_case"),
                )
                .with_label("field names are lowercase words joined by underscores");
                match fix {
                    Some(fix) => diagnostic
                        .with_help(format!("write `{fix}`"))
                        .with_suggestion(span, fix),
                    None => diagnostic.with_help(
                        "start with a lowercase letter, then use lowercase letters, digits and underscores",
                    ),
                }
            }
            LowerProblem::ProvidedField { span, name } => Diagnostic::new(
                Code::ManagedFieldIgnored,
                span,
                format!("`{name}` is provided automatically"),
            )
            .with_label("every entity already has this field; this declaration is ignored")
            .with_note("each entity gets `id`, `created_at` and `updated_at`, filled in by the generated app")
            .with_help("remove this field from the PRD"),
            LowerProblem::OwnerColumnField { span, name } => Diagnostic::new(
                Code::ManagedFieldConflict,
                span,
                format!("a field cannot be named `{name}`"),
            )
            .with_label(format!(
                "`{name}` is taken: it is the ownership column that ties each row to its user"
            ))
            .with_help("choose another name, such as `assignee_id` or `author_id`"),
            LowerProblem::LinkInOwnerColumn { span, name, column } => Diagnostic::new(
                Code::ManagedFieldConflict,
                span,
                format!("the link `{name}` would be stored in `{column}`"),
            )
            .with_label(format!("`{column}` is the owner's column"))
            .with_help("name the link after its role, such as `assignee` or `author`"),
            LowerProblem::LinkToAccount {
                span,
                field,
                written,
            } => Diagnostic::new(
                Code::UnknownEntity,
                span,
                format!("the field `{field}` links to `{written}`, the signed-in account"),
            )
            .with_label("accounts cannot be linked to")
            .with_note("every row already belongs to the signed-in user, and one user cannot see another")
            .with_help("drop the field: the owner is recorded automatically; to name another person, store their name or e-mail address in a `string` or `email` field"),
            LowerProblem::UnknownEntity {
                span,
                field,
                written,
                entities,
            } => {
                let diagnostic = Diagnostic::new(
                    Code::UnknownEntity,
                    span,
                    format!(
                        "the field `{field}` links to `{written}`, which is not an entity of this PRD"
                    ),
                );
                // Only a difference of case is fixed mechanically: a
                // misspelt name may as well be an entity the author forgot
                // to declare.
                let same_but_case = entities
                    .iter()
                    .find(|name| name.eq_ignore_ascii_case(written))
                    .copied();
                let near = same_but_case
                    .or_else(|| spelling::closest(written, entities.iter().copied()));
                let diagnostic = match (near, same_but_case) {
                    (Some(name), Some(_)) => diagnostic
                        .with_label(format!("did you mean `{name}`?"))
                        .with_suggestion(span, name),
                    (Some(name), None) => diagnostic.with_label(format!("did you mean `{name}`?")),
                    (None, _) => diagnostic.with_label("no entity has this name"),
                };
                let names = listed(&entities[..entities.len().min(8)]);
                diagnostic.with_help(if names.is_empty() {
                    "a capitalised type links to an entity; declare the entity, or use one of the types"
                        .to_string()
                } else {
                    format!("a capitalised type links to an entity; the entities are {names}")
                })
            }
            LowerProblem::EnumWithoutValues { span, field } => Diagnostic::new(
                Code::InvalidEnum,
                span,
                format!("the enumeration `{field}` lists no values"),
            )
            .with_label("expected the values after `enum`")
            .with_help(format!(
                "list the values after a colon, separated by `|`: `{field} (enum: todo | doing | done)`"
            )),
            LowerProblem::EmptyEnumValue { span, field } => Diagnostic::new(
                Code::InvalidEnum,
                span,
                format!("the enumeration `{field}` has an empty value"),
            )
            .with_label("expected a value here")
            .with_help("remove the extra `|`, or write the missing value"),
            LowerProblem::InvalidEnumValue {
                span,
                value,
                max_length,
            } => Diagnostic::new(
                Code::InvalidEnum,
                span,
                format!("`{value}` is not a valid enumeration value"),
            )
            .with_label("not a word")
            .with_help(format!(
                "a value is a word of letters, digits, `_`, `-` and `.`, at most {max_length} characters, such as `in_progress`"
            )),
            LowerProblem::RepeatedEnumValue {
                span,
                field,
                value,
                first,
            } => Diagnostic::new(
                Code::InvalidEnum,
                span,
                format!("the enumeration `{field}` lists `{value}` twice"),
            )
            .with_label("listed again here")
            .with_secondary(first, "first listed here")
            .with_help("remove one of them"),
            LowerProblem::TooFewEnumValues { span, field } => Diagnostic::new(
                Code::InvalidEnum,
                span,
                format!("the enumeration `{field}` has fewer than two values"),
            )
            .with_label("an enumeration offers a choice")
            .with_help("list at least two values, or use a `string` field"),
            LowerProblem::BoundNotApplicable {
                span,
                key,
                field,
                field_type,
            } => Diagnostic::new(
                Code::InvalidConstraint,
                span,
                format!(
                    "`{key}` does not apply to the {} field `{field}`",
                    field_type.canonical_name()
                ),
            )
            .with_label(format!(
                "not a limit a {} can have",
                field_type.canonical_name()
            ))
            .with_help("`min` and `max` limit numbers (`integer`, `float`, `decimal`) and the length of `string` and `text` fields"),
            LowerProblem::InvalidBound {
                span,
                key,
                value,
                field,
                measure,
            } => {
                let (what, example) = match measure {
                    Measure::Length => (
                        "a length: a whole number of characters, 0 or more",
                        "max=80",
                    ),
                    Measure::WholeNumber => ("a whole number", "min=1"),
                    Measure::Number => ("a number", "min=0.5"),
                };
                Diagnostic::new(
                    Code::InvalidConstraint,
                    span,
                    format!("`{value}` is not a valid `{key}` for the field `{field}`"),
                )
                .with_label(format!("expected {what}"))
                .with_help(format!("write {what}, such as `{example}`"))
            }
            LowerProblem::StringBoundTooLarge { span, most } => Diagnostic::new(
                Code::InvalidConstraint,
                span,
                format!("a `string` holds at most {most} characters"),
            )
            .with_label(format!("more than {most}"))
            .with_help("lower the limit, or make the field `text` for longer values"),
            LowerProblem::InvertedRange {
                span,
                field,
                low,
                high,
                low_span,
            } => Diagnostic::new(
                Code::InvalidConstraint,
                span,
                format!("the field `{field}` has `max` below `min`"),
            )
            .with_label(format!("{high} is less than {low}"))
            .with_secondary(low_span, "the minimum")
            .with_help("swap the two limits, or correct one of them"),
            LowerProblem::DefaultNotOfType {
                span,
                value,
                field,
                field_type,
            } => {
                let expected = match field_type {
                    FieldType::Integer => "a whole number, such as `default=0`",
                    FieldType::Float => "a number, such as `default=1.5`",
                    FieldType::Decimal => {
                        "a number with at most 4 decimals, such as `default=9.99`"
                    }
                    _ => "`true` or `false`",
                };
                invalid_default(
                    span,
                    value,
                    field,
                    format!("not a valid {} value", field_type.canonical_name()),
                    format!("write {expected}"),
                )
            }
            LowerProblem::DefaultOutsideLimits {
                span,
                value,
                field,
                length,
            } => invalid_default(
                span,
                value,
                field,
                format!(
                    "{} outside the field's limits",
                    if length { "its length is" } else { "it is" }
                ),
                "choose a default that satisfies `min` and `max`".into(),
            ),
            LowerProblem::DefaultNotListed {
                span,
                value,
                field,
                values,
            } => did_you_mean(
                Diagnostic::new(
                    Code::InvalidDefault,
                    span,
                    format!("the default `{value}` is not one of the values of `{field}`"),
                ),
                span,
                value,
                values.iter().map(String::as_str),
                "not a listed value",
            )
            .with_help(format!(
                "the values are {}",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            LowerProblem::DefaultNotSupported { span, field_type } => Diagnostic::new(
                Code::InvalidDefault,
                span,
                format!(
                    "a {} field cannot have a default",
                    field_type.canonical_name()
                ),
            )
            .with_label("defaults are not supported for this type")
            .with_help("defaults are for `string`, `text`, `integer`, `float`, `decimal`, `boolean` and `enum` fields; remove this one"),
            LowerProblem::PatternNotApplicable {
                span,
                field,
                field_type,
            } => Diagnostic::new(
                Code::InvalidPattern,
                span,
                format!(
                    "`pattern` does not apply to the {} field `{field}`",
                    field_type.canonical_name()
                ),
            )
            .with_label("only text is matched against a pattern")
            .with_help("`pattern` applies to `string` and `text` fields"),
            LowerProblem::EmptyPattern { span } => {
                Diagnostic::new(Code::InvalidPattern, span, "the pattern is empty")
                    .with_label("expected a regular expression")
                    .with_help(
                        "write the pattern in quotes or backticks, such as pattern=\"^[A-Z]{3}$\"",
                    )
            }
            LowerProblem::InvalidPattern { span, error } => Diagnostic::new(
                Code::InvalidPattern,
                span,
                "the pattern is not a valid regular expression",
            )
            .with_label(error)
            .with_help("fix the regular expression; put it in quotes or backticks so that commas and parentheses stay part of it"),
        }
    }
}

fn invalid_default(
    span: Span,
    value: &str,
    field: &str,
    label: String,
    help: String,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidDefault,
        span,
        format!("`{value}` is not a valid default for the field `{field}`"),
    )
    .with_label(label)
    .with_help(help)
}

/// Why nothing of the account's profile may be unique, said of a field and
/// of a group alike.
const SHARED_USERS_TABLE: &str = "the users table is shared by all accounts: a conflict would tell one user what another has chosen";

fn unknown_modifier(span: Span, written: &str, field: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownModifier,
        span,
        format!("unknown modifier `{written}` on the field `{field}`"),
    )
}

/// Labels `diagnostic` with the candidate closest to `word`, as a
/// machine-applicable replacement of `span`, or with `otherwise` when none
/// is close enough.
fn did_you_mean<'a>(
    diagnostic: Diagnostic,
    span: Span,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> Diagnostic {
    match spelling::closest(word, candidates) {
        Some(near) => diagnostic
            .with_label(format!("did you mean `{near}`?"))
            .with_suggestion(span, near),
        None => diagnostic.with_label(otherwise),
    }
}

/// Names in backticks, separated by commas.
fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The headings that open the entity section, as a reader writes them.
fn section_headings(headings: &[&str]) -> String {
    headings
        .iter()
        .map(|heading| format!("`## {}`", title_case(heading)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl From<TargetProblem> for Diagnostic {
    fn from(problem: TargetProblem) -> Self {
        match problem {
            TargetProblem::EntityNameTaken { span, name, taken } => reserved_entity(
                span,
                &name,
                format!("`{taken}` is a name the generated Python code already uses"),
            ),
            TargetProblem::EntityModuleKeyword { span, name, module } => reserved_entity(
                span,
                &name,
                format!("its module would be named `{module}`, a Python keyword"),
            ),
            TargetProblem::FieldNameTooLong { span, name, limit } => Diagnostic::new(
                Code::FieldNameTooLong,
                span,
                format!(
                    "the field name `{name}` is {} characters long, more than {limit}",
                    name.len()
                ),
            )
            .with_label("too long for a database column")
            .with_note("PostgreSQL cuts names longer than 63 bytes, and a link to another entity adds `_id` to the name")
            .with_help("choose a shorter name; the description can go after the type, e.g. `notes: text - what the customer told us`"),
            TargetProblem::FieldNameOfLibrary {
                span,
                name,
                instead,
            } => Diagnostic::new(
                Code::ManagedFieldConflict,
                span,
                format!("a field cannot be named `{name}`"),
            )
            .with_label(format!(
                "`{name}` is taken: SQLAlchemy reserves it on every model class"
            ))
            .with_help(format!(
                "choose another name, such as {}",
                instead
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
            TargetProblem::FieldNameKeyword { span, name } => {
                reserved_field(span, &name, format!("`{name}` is a Python keyword"))
            }
            TargetProblem::FieldNameOfModel { span, name } => reserved_field(
                span,
                &name,
                format!("`{name}` would shadow an attribute of the generated model classes"),
            ),
            TargetProblem::ProfileFieldOfAccount { span, name } => Diagnostic::new(
                Code::AccountFieldConflict,
                span,
                format!("a profile field cannot be named `{name}`"),
            )
            .with_label("the built-in account already has this")
            .with_note("every account has an e-mail address and a password; `GET /api/auth/me` shows the address")
            .with_help(format!(
                "name the field after what it holds, such as `backup_{name}` or `display_name`"
            )),
        }
    }
}

fn reserved_entity(span: Span, name: &str, why: String) -> Diagnostic {
    Diagnostic::new(
        Code::ReservedName,
        span,
        format!("an entity cannot be named `{name}`"),
    )
    .with_label(why)
    .with_help(format!(
        "choose a more specific name, such as `{name}Record` or `Project{name}`"
    ))
}

fn reserved_field(span: Span, name: &str, why: String) -> Diagnostic {
    Diagnostic::new(
        Code::ReservedName,
        span,
        format!("a field cannot be named `{name}`"),
    )
    .with_label(why)
    .with_help(format!(
        "choose a more specific name, such as `{name}_name` or `{name}_value`"
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Number;

    use super::*;
    use crate::diagnostics::CODES;

    /// One problem of every kind, each as its phase reports it.
    fn one_of_each() -> Vec<Diagnostic> {
        let at = Span::new(0, 1);
        let name = "name";
        let names: &[&str] = &["Project", "Task"];
        let values = ["todo".to_string(), "done".to_string()];
        let entities = ["Project".to_string()];
        let (low, high) = (Number::from(2), Number::from(1));
        let syntax = [
            SyntaxProblem::InvalidUtf8 {
                span: at,
                valid: 0,
                invalid: 1,
                length: 1,
            },
            SyntaxProblem::NulByte { span: at },
            SyntaxProblem::UnreadTable {
                row: at,
                under_entity: true,
            },
            SyntaxProblem::TooManyEntities { span: at, limit: 1 },
            SyntaxProblem::HeadingNotEntity { span: at },
            SyntaxProblem::FieldOutsideEntity {
                span: at,
                entity: None,
                section: at,
            },
            SyntaxProblem::NotADeclaration {
                span: at,
                subsection: None,
                section: at,
            },
            SyntaxProblem::MalformedStory {
                span: at,
                fault: StoryFault::NoComma,
                fix: Some((at, StoryFix::Comma)),
            },
            SyntaxProblem::MalformedField {
                span: at,
                fault: FieldFault::NoType { name: name.into() },
            },
        ];
        let lower = [
            LowerProblem::NoEntitySection { headings: names },
            LowerProblem::MisspeltEntitySection {
                span: at,
                written: name,
                spelling: name,
                headings: names,
                read_as_section: true,
            },
            LowerProblem::EmptyEntitySection { span: at },
            LowerProblem::InvalidEntityName {
                span: at,
                name,
                length: 4,
                fix: Some("Name".into()),
            },
            LowerProblem::DuplicateEntity {
                span: at,
                name,
                first: at,
            },
            LowerProblem::EntityNameCollision {
                span: at,
                name,
                snake: name,
                other: name,
                first: at,
            },
            LowerProblem::RequiredSelfLink {
                span: at,
                field: name,
                entity: name,
                label: name,
            },
            LowerProblem::LinkCycle {
                span: at,
                field: name,
                from: name,
                to: name,
            },
            LowerProblem::StoryWithoutEntity {
                span: at,
                entities: &entities,
            },
            LowerProblem::DuplicateField {
                span: at,
                entity: name,
                field: name,
                first: at,
            },
            LowerProblem::EntityWithoutFields {
                span: at,
                entity: name,
            },
            LowerProblem::ProfileFieldLink {
                span: at,
                field: name,
                to: name,
            },
            LowerProblem::ProfileFieldRequired {
                span: at,
                field: name,
                type_name: "string",
            },
            LowerProblem::ProfileFieldUnique {
                span: at,
                field: name,
            },
            LowerProblem::ProfileUniqueGroup { span: at },
            LowerProblem::LinkColumnTaken {
                span: at,
                field: name,
                column: name,
                other: at,
            },
            LowerProblem::UniqueGroupRepeats { span: at, name },
            LowerProblem::UniqueGroupUnknownField {
                span: at,
                name_span: at,
                name,
                entity: name,
                fields: names,
            },
            LowerProblem::UniqueGroupTooSmall { span: at },
            LowerProblem::UniqueGroupJson { span: at },
            LowerProblem::UnknownType {
                span: at,
                written: "strng",
                field: name,
            },
            LowerProblem::UnknownKey {
                span: at,
                written: "maxx",
                field: name,
                keys: &["max"],
            },
            LowerProblem::UnknownModifier {
                span: at,
                written: "requird",
                field: name,
            },
            LowerProblem::ConflictingModifiers {
                span: at,
                field: name,
                what: "required",
                written: "optional",
                first: at,
                first_written: None,
            },
            LowerProblem::InvalidFieldName {
                span: at,
                name,
                fix: None,
            },
            LowerProblem::ProvidedField { span: at, name },
            LowerProblem::OwnerColumnField { span: at, name },
            LowerProblem::LinkInOwnerColumn {
                span: at,
                name,
                column: name,
            },
            LowerProblem::LinkToAccount {
                span: at,
                field: name,
                written: "User",
            },
            LowerProblem::UnknownEntity {
                span: at,
                field: name,
                written: "Projet",
                entities: names,
            },
            LowerProblem::EnumWithoutValues {
                span: at,
                field: name,
            },
            LowerProblem::EmptyEnumValue {
                span: at,
                field: name,
            },
            LowerProblem::InvalidEnumValue {
                span: at,
                value: name,
                max_length: 1,
            },
            LowerProblem::RepeatedEnumValue {
                span: at,
                field: name,
                value: name,
                first: at,
            },
            LowerProblem::TooFewEnumValues {
                span: at,
                field: name,
            },
            LowerProblem::BoundNotApplicable {
                span: at,
                key: "min",
                field: name,
                field_type: FieldType::Date,
            },
            LowerProblem::InvalidBound {
                span: at,
                key: "min",
                value: name,
                field: name,
                measure: Measure::Number,
            },
            LowerProblem::StringBoundTooLarge { span: at, most: 1 },
            LowerProblem::InvertedRange {
                span: at,
                field: name,
                low: &low,
                high: &high,
                low_span: at,
            },
            LowerProblem::DefaultNotOfType {
                span: at,
                value: name,
                field: name,
                field_type: FieldType::Integer,
            },
            LowerProblem::DefaultOutsideLimits {
                span: at,
                value: name,
                field: name,
                length: false,
            },
            LowerProblem::DefaultNotListed {
                span: at,
                value: "tod",
                field: name,
                values: &values,
            },
            LowerProblem::DefaultNotSupported {
                span: at,
                field_type: FieldType::Date,
            },
            LowerProblem::PatternNotApplicable {
                span: at,
                field: name,
                field_type: FieldType::Integer,
            },
            LowerProblem::EmptyPattern { span: at },
            LowerProblem::InvalidPattern {
                span: at,
                error: "unclosed group",
            },
        ];
        let target = [
            TargetProblem::EntityNameTaken {
                span: at,
                name: name.into(),
                taken: name.into(),
            },
            TargetProblem::EntityModuleKeyword {
                span: at,
                name: name.into(),
                module: name.into(),
            },
            TargetProblem::FieldNameTooLong {
                span: at,
                name: name.into(),
                limit: 1,
            },
            TargetProblem::FieldNameOfLibrary {
                span: at,
                name: name.into(),
                instead: &["details"],
            },
            TargetProblem::FieldNameKeyword {
                span: at,
                name: name.into(),
            },
            TargetProblem::FieldNameOfModel {
                span: at,
                name: name.into(),
            },
            TargetProblem::ProfileFieldOfAccount {
                span: at,
                name: name.into(),
            },
        ];
        syntax
            .into_iter()
            .map(Diagnostic::from)
            .chain(lower.into_iter().map(Diagnostic::from))
            .chain(target.into_iter().map(Diagnostic::from))
            .collect()
    }

    /// The mapping from problems to codes is total: no code of the table
    /// is left without a problem that reports it.
    #[test]
    fn every_code_is_reported_by_some_problem() {
        let reported: BTreeSet<Code> = one_of_each().iter().map(|d| d.code).collect();
        let missing: Vec<&str> = CODES
            .iter()
            .filter(|info| !reported.contains(&info.code))
            .map(|info| info.id)
            .collect();
        assert!(missing.is_empty(), "no problem reports {missing:?}");
    }

    /// Every problem says what is wrong and what to do: a message, a label
    /// under the place it points at, and a help line.
    #[test]
    fn every_problem_has_a_message_a_label_and_help() {
        for diagnostic in one_of_each() {
            let code = diagnostic.code.as_str();
            assert!(!diagnostic.message.is_empty(), "{code}: no message");
            assert!(
                diagnostic.whole_document || !diagnostic.primary.message.is_empty(),
                "{code}: no label"
            );
            assert!(
                diagnostic
                    .help
                    .as_deref()
                    .is_some_and(|help| !help.is_empty()),
                "{code}: no help"
            );
        }
    }

    /// A misspelt word is answered with the nearest candidate the problem
    /// carries, as a fix.
    #[test]
    fn spelling_suggestions_come_from_the_candidates() {
        let at = Span::new(10, 15);
        let diagnostic = Diagnostic::from(LowerProblem::UnknownType {
            span: at,
            written: "strng",
            field: "title",
        });
        assert_eq!(diagnostic.primary.message, "did you mean `string`?");
        let suggestion = diagnostic.suggestion.expect("a fix");
        assert_eq!(
            (suggestion.span, suggestion.replacement.as_str()),
            (at, "string")
        );
        let values = ["todo".to_string(), "done".to_string()];
        let far = Diagnostic::from(LowerProblem::DefaultNotListed {
            span: at,
            value: "archived",
            field: "status",
            values: &values,
        });
        assert_eq!(far.primary.message, "not a listed value");
        assert_eq!(far.suggestion, None);
    }
}
