//! What the readers of schemas embedded in a PRD report, and what the
//! parser reports about the blocks of a data model that declare no entity.

use crate::span::Span;

/// The notation of a fenced schema block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    Sql,
    Prisma,
    TypeScript,
    Mermaid,
    /// A JSON example document (```` ```json ````).
    Json,
    /// An ASCII tree (`Recipe` then `├── title`).
    Tree,
}

impl Notation {
    pub fn name(self) -> &'static str {
        match self {
            Notation::Sql => "SQL",
            Notation::Prisma => "Prisma",
            Notation::TypeScript => "TypeScript",
            Notation::Mermaid => "Mermaid",
            Notation::Json => "JSON example",
            Notation::Tree => "tree",
        }
    }
}

/// A part of a schema block with no equivalent in the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadPart {
    /// A statement or declaration other than a table, model or enumeration.
    Statement,
    /// A line inside a declaration that declares no column.
    Line,
    /// `ON DELETE CASCADE` and the like.
    DeleteRule,
    /// A default computed by the database (`now()`, `uuid()`).
    ComputedDefault,
    /// An index, which the app creates for its links and unique fields.
    Index,
    /// A type the language has no equivalent of.
    Type,
    /// Any other option of a column or a table (`@map`, `COLLATE`).
    Option,
    /// A link to a model the document never declares: its key column
    /// is read as a field instead.
    UndeclaredRelation,
    /// A value of a JSON example that is no list of records (a number, a
    /// list of numbers, a single object, a map).
    NotRecords,
    /// A list of nested records (`items[] { text, quantity }`), kept as a
    /// `json` field.
    NestedRecords,
    /// Where a JSON example stops being JSON: the block is not read.
    Malformed,
    /// A remark in parentheses after a field of a tree.
    Remark,
}

/// A column every generated app has, declared in a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltInColumn {
    Id,
    CreatedAt,
    UpdatedAt,
    /// The row's owner (`user_id`, `owner_id`, a link to the users).
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Entity,
    Field,
}

/// A block of the data model that is not read as declarations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkippedBlock {
    /// A block under a heading or label such as `Business Rules`.
    Prose { words: String },
    /// A fenced block in no schema notation (a diagram, an example).
    Code,
}

/// A problem found in an embedded schema or a block of the data model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbeddedProblem {
    NotRead {
        span: Span,
        notation: Notation,
        written: String,
        part: UnreadPart,
    },
    BuiltIn {
        span: Span,
        column: String,
        kind: BuiltInColumn,
    },
    Renamed {
        span: Span,
        written: String,
        name: String,
        kind: NameKind,
    },
    Skipped {
        span: Span,
        block: SkippedBlock,
    },
    /// A list of linked rows (`tasks Task[]`): the other side of the link
    /// that `entity` declares.
    InverseLink {
        span: Span,
        field: String,
        entity: String,
    },
    /// A field of a JSON example whose type is read from its example
    /// value (`"price": 5.50` is `decimal`).
    ExampleType {
        span: Span,
        field: String,
        type_word: &'static str,
    },
    /// A many-to-many relationship between `left` and `right`.
    ManyToMany {
        span: Span,
        left: String,
        right: String,
    },
    /// A relationship that is not read: it names `unknown`, which is no
    /// entity, or (when `None`) its shape is not one the parser knows.
    RelationshipNotRead {
        span: Span,
        unknown: Option<String>,
    },
}
