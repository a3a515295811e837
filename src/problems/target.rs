//! What a target's check reports: names and limits of its stack that the
//! language allows. The facts are the stack's (its keywords, its libraries'
//! attributes, its database's limits), so a target adds variants for the
//! rules of its own stack.

use crate::span::Span;

/// A name in the genome the target cannot generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetProblem {
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
