//! The prose of what the front end infers or renames (`problems::Inference`):
//! notes, and a warning where the app does something the PRD did not say.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::{Inference, RenameReason, TypeRule};

impl From<Inference<'_>> for Diagnostic {
    fn from(inference: Inference<'_>) -> Self {
        match inference {
            Inference::EntityRenamed {
                span,
                written,
                name,
                reasons,
            } => {
                let why: Vec<&str> = reasons
                    .iter()
                    .map(|reason| match reason {
                        RenameReason::Plural => {
                            "an entity is named in the singular, and its routes take the plural"
                        }
                        RenameReason::LowerCase => "an entity name is capitalised",
                    })
                    .collect();
                Diagnostic::new(
                    Code::EntityRenamed,
                    span,
                    format!("the entity `{written}` is read as `{name}`"),
                )
                .with_label(format!("read as `{name}`"))
                .with_note(why.join("; "))
                .with_help(format!("write `{name}` to say so yourself"))
            }
            Inference::LinkRead {
                span,
                written,
                name,
                entity,
            } => Diagnostic::new(
                Code::LinkRead,
                span,
                format!("`{written}` is read as a link to `{entity}`"),
            )
            .with_label(format!("the link `{name}`, whose column is `{name}_id`"))
            .with_note("a link's column holds the id of a row of the linked entity; that row must exist and belong to the same user")
            .with_help(format!("write `{name}: {entity}` to say so yourself")),
            Inference::ForeignKeyUnresolved {
                span,
                field,
                written,
            } => Diagnostic::new(
                Code::ForeignKeyUnresolved,
                span,
                format!("`{written}` on the field `{field}` names no entity of this PRD"),
            )
            .with_label("not read: the field keeps its type")
            .with_note("a foreign key without a table is a link to the entity its name names (`owner_id` beside `Owner`); no entity is named by this field's name")
            .with_help(format!("declare the entity it points at, or write the link with its name (`{field}: Entity`), or remove `{written}`")),
            Inference::AccountField { span, field } => Diagnostic::new(
                Code::AccountField,
                span,
                format!("`{field}` is a field of the built-in account"),
            )
            .with_label("provided by the built-in account")
            .with_note("every app has accounts with an id, an e-mail address and a password (stored as an Argon2id hash); the other fields of this entity become the account's profile")
            .with_help(format!("remove `{field}` from the entity to say nothing twice")),
            Inference::PrivilegeField { span, field } => Diagnostic::new(
                Code::PrivilegeField,
                span,
                format!("the profile field `{field}` is read-only for the user"),
            )
            .with_label("not changeable through `PATCH /api/auth/me`")
            .with_note("a field that says what a user may do must not be set by that user; the app shows it in the profile but refuses it in an update")
            .with_help(format!("if users may set `{field}` themselves, give it a name that does not speak of privileges")),
            Inference::TypeInferred {
                span,
                written,
                name,
                type_word,
                rule,
            } => {
                let renamed = if written == name {
                    String::new()
                } else {
                    format!(", named `{name}`")
                };
                let read_as = if rule == TypeRule::Link {
                    format!("a link to `{type_word}`")
                } else {
                    format!("`{type_word}`")
                };
                Diagnostic::new(
                    Code::TypeInferred,
                    span,
                    format!("`{written}` has no type: it is read as {read_as}{renamed}"),
                )
                .with_label(format!("read as `{name}: {type_word}`"))
                .with_note(rule_note(rule))
                .with_help(format!("write `{name}: {type_word}`, or the type you mean, to say so yourself"))
            }
            Inference::DefaultRead {
                span,
                written,
                value,
            } => Diagnostic::new(
                Code::DefaultRead,
                span,
                format!("`{written}` is read as `default={value}`"),
            )
            .with_label(format!("read as `default={value}`"))
            .with_note("a field left out of a create request takes its default")
            .with_help(format!("write `default={value}` to say so yourself")),
            Inference::RemarkNotRead {
                span,
                written,
                field,
            } => Diagnostic::new(
                Code::RemarkNotRead,
                span,
                format!("`{written}` on the field `{field}` is a remark the app does not act on"),
            )
            .with_label("not read")
            .with_note("the app checks a value's type, its limits and its pattern, nothing else")
            .with_help(format!("to check the value's form, give `{field}` a `pattern=\"...\"`; otherwise move the remark into a description after a dash")),
        }
    }
}

/// Why the name implies the type, as the table of rules says.
fn rule_note(rule: TypeRule) -> &'static str {
    match rule {
        TypeRule::Id => "`id` is the id every row has",
        TypeRule::Link => "a name that names an entity, alone or before `_id`, links to it",
        TypeRule::ForeignIdentifier => {
            "a name ending in `_id` that names no entity holds an identifier from elsewhere, as text"
        }
        TypeRule::Moment => "a name ending in `_at` or `_time` holds a date and time",
        TypeRule::Day => "a name ending in `date` or `_on` holds a date",
        TypeRule::Birth => "`dob` is a date of birth",
        TypeRule::Position => "an order, a position, a rank or a streak is a whole number",
        TypeRule::Money => {
            "an amount, a price, a total, a cost, a balance or a fee holds money, as a decimal"
        }
        TypeRule::Email => "a name ending in `email` holds an e-mail address",
        TypeRule::Url => "a link, a website or a name ending in `url` holds a URL",
        TypeRule::Flag => {
            "a name starting with `is_` or `has_`, or ending in `_enabled`, is yes or no"
        }
        TypeRule::Count => {
            "a count, a quantity, a number of things or of times, or an age is a whole number"
        }
        TypeRule::LongText => "a description, notes, a comment, a body or a content is long text",
        TypeRule::Other => "a name the table has no rule for holds a line of text",
    }
}
