//! An update's problems: the changes of the PRD an app cannot follow
//! without losing data, each pointing at the new PRD.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::UpdateProblem;

/// Whose field a problem is about, for people.
fn owner(entity: &Option<String>) -> String {
    match entity {
        Some(entity) => format!("`{entity}`"),
        None => "the account's profile".into(),
    }
}

impl From<UpdateProblem> for Diagnostic {
    fn from(problem: UpdateProblem) -> Self {
        match problem {
            UpdateProblem::RequiredWithoutDefault {
                span,
                entity,
                field,
            } => Diagnostic::new(
                Code::RequiredWithoutDefault,
                span,
                format!(
                    "the new required field `{field}` of {} has no default",
                    owner(&entity)
                ),
            )
            .with_label("the rows already in the table have no value for it")
            .with_help("give the field a value for those rows with `default=...`, or make it optional"),
            UpdateProblem::FieldDropped {
                span,
                entity,
                field,
            } => Diagnostic::new(
                Code::FieldDropped,
                span,
                format!(
                    "{} no longer declares the field `{field}`, whose column holds data",
                    owner(&entity)
                ),
            )
            .with_label(format!("`{field}` was declared under this entity"))
            .with_help(format!(
                "to drop the column and its values, update with `--allow-drop`; if it was renamed, add `was={field}` to the modifiers of its new name"
            )),
            UpdateProblem::EntityDropped { span, entity } => Diagnostic::new(
                Code::EntityDropped,
                span,
                format!("the PRD no longer declares the entity `{entity}`, whose table holds data"),
            )
            .with_label(format!("`{entity}` was declared about here"))
            .with_help(format!(
                "to drop the table and its rows, update with `--allow-drop`; if it was renamed, write `(was {entity})` after its new name"
            )),
            UpdateProblem::TypeChanged {
                span,
                entity,
                field,
                from,
                to,
                link,
            } => {
                let (message, label) = if link {
                    (
                        format!(
                            "the link `{field}` of {} now points at `{to}` instead of `{from}`",
                            owner(&entity)
                        ),
                        format!("its values are rows of `{from}`, which `{to}` does not have"),
                    )
                } else {
                    (
                        format!(
                            "the field `{field}` of {} changed from {from} to {to}",
                            owner(&entity)
                        ),
                        format!("not every {from} is a {to}: values would be lost or refused"),
                    )
                };
                Diagnostic::new(Code::LossyTypeChange, span, message)
                    .with_label(label)
                    .with_help("keep the old field, add a new one of the new type, copy the values over (in a migration of your own or by hand), then remove the old field with `--allow-drop`")
            }
            UpdateProblem::UnknownRename { span, entity, old } => Diagnostic::new(
                Code::UnknownRename,
                span,
                format!("the app has no entity `{old}` for `{entity}` to be renamed from"),
            )
            .with_label(format!("`{entity}` is made as a new, empty table"))
            .with_help(format!(
                "write the name the entity has in the app's GENOME.json, or remove `(was {old})` if `{entity}` is new"
            )),
        }
    }
}
