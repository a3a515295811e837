//! The prose of what the front end infers or renames (`problems::Inference`):
//! notes, and a warning where the app does something the PRD did not say.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::{Inference, RenameReason};

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
        }
    }
}
