//! What the FastAPI target's check reports, and how it is said: names and
//! limits of its stack (Python's keywords, SQLAlchemy's and Pydantic's
//! attributes, the app's own names, PostgreSQL's identifier length) that
//! the language allows. The codes and their explanations are the
//! diagnostics' table; the facts and the prose are this target's.

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;

/// A name in the genome the FastAPI target cannot generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FastApiProblem {
    /// An entity name the generated code already uses; `taken` is the name
    /// as the target lists it.
    EntityNameTaken {
        span: Span,
        name: String,
        taken: String,
    },
    /// An entity whose module name, `module`, is a keyword.
    EntityModuleKeyword {
        span: Span,
        name: String,
        module: String,
    },
    /// A field name longer than `limit`, the most a column name may take.
    FieldNameTooLong {
        span: Span,
        name: String,
        limit: usize,
    },
    /// A field name the database library takes on every model class, and
    /// names to use instead.
    FieldNameOfLibrary {
        span: Span,
        name: String,
        instead: &'static [&'static str],
    },
    /// A field name that is a keyword.
    FieldNameKeyword { span: Span, name: String },
    /// A field name that would shadow an attribute of the model classes.
    FieldNameOfModel { span: Span, name: String },
    /// A profile field named like a column of the account.
    ProfileFieldOfAccount { span: Span, name: String },
}

impl From<FastApiProblem> for Diagnostic {
    fn from(problem: FastApiProblem) -> Self {
        match problem {
            FastApiProblem::EntityNameTaken { span, name, taken } => reserved_entity(
                span,
                &name,
                format!("`{taken}` is a name the generated Python code already uses"),
            ),
            FastApiProblem::EntityModuleKeyword { span, name, module } => reserved_entity(
                span,
                &name,
                format!("its module would be named `{module}`, a Python keyword"),
            ),
            FastApiProblem::FieldNameTooLong { span, name, limit } => Diagnostic::new(
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
            FastApiProblem::FieldNameOfLibrary {
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
            FastApiProblem::FieldNameKeyword { span, name } => {
                reserved_field(span, &name, format!("`{name}` is a Python keyword"))
            }
            FastApiProblem::FieldNameOfModel { span, name } => reserved_field(
                span,
                &name,
                format!("`{name}` would shadow an attribute of the generated model classes"),
            ),
            FastApiProblem::ProfileFieldOfAccount { span, name } => Diagnostic::new(
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
pub(crate) use tests::one_of_each;

#[cfg(test)]
mod tests {
    use super::*;

    /// One problem of every kind the target reports.
    pub(crate) fn one_of_each() -> Vec<Diagnostic> {
        let at = Span::new(0, 1);
        let name = || "name".to_string();
        [
            FastApiProblem::EntityNameTaken {
                span: at,
                name: name(),
                taken: name(),
            },
            FastApiProblem::EntityModuleKeyword {
                span: at,
                name: name(),
                module: name(),
            },
            FastApiProblem::FieldNameTooLong {
                span: at,
                name: name(),
                limit: 1,
            },
            FastApiProblem::FieldNameOfLibrary {
                span: at,
                name: name(),
                instead: &["details"],
            },
            FastApiProblem::FieldNameKeyword {
                span: at,
                name: name(),
            },
            FastApiProblem::FieldNameOfModel {
                span: at,
                name: name(),
            },
            FastApiProblem::ProfileFieldOfAccount {
                span: at,
                name: name(),
            },
        ]
        .into_iter()
        .map(Diagnostic::from)
        .collect()
    }
}
