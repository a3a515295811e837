//! What an update finds between the genome an app was generated from and
//! the changed PRD's: changes it cannot make without losing data, and a
//! rename remark that names nothing the app has.

use crate::span::Span;

/// Why an update stops before writing anything, or (`UnknownRename`) what
/// it could not do as the PRD says. `entity` is `None` for the account's
/// profile fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateProblem {
    /// A required field added to an entity (or the account) whose rows
    /// exist: they need a value, from `default=`.
    RequiredWithoutDefault {
        span: Span,
        entity: Option<String>,
        field: String,
    },
    /// A field the new PRD no longer declares, without `--allow-drop`:
    /// `span` is its entity's name in the new PRD.
    FieldDropped {
        span: Span,
        entity: Option<String>,
        field: String,
    },
    /// An entity the new PRD no longer declares, without `--allow-drop`:
    /// `span` is where it was declared, or the nearest place in the new PRD.
    EntityDropped { span: Span, entity: String },
    /// A field whose type changed in a way its values cannot follow
    /// (`from` and `to` are type names), or a link that now points at
    /// another entity (`from` and `to` are entity names, `link`).
    TypeChanged {
        span: Span,
        entity: Option<String>,
        field: String,
        from: String,
        to: String,
        link: bool,
    },
    /// `(was old)` on `entity`, but the app has no entity `old` (nor
    /// `entity`): the entity is made as a new table.
    UnknownRename {
        span: Span,
        entity: String,
        old: String,
    },
}

impl UpdateProblem {
    pub fn span(&self) -> Span {
        match self {
            UpdateProblem::RequiredWithoutDefault { span, .. }
            | UpdateProblem::FieldDropped { span, .. }
            | UpdateProblem::EntityDropped { span, .. }
            | UpdateProblem::TypeChanged { span, .. }
            | UpdateProblem::UnknownRename { span, .. } => *span,
        }
    }
}
