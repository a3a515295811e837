//! The target's problems: the names its generated code cannot use.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::TargetProblem;
use crate::span::Span;

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
