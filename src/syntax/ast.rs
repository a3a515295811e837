//! The spanned abstract syntax tree of a PRD.
//!
//! Type names match the production names of `grammar/prd.ebnf`. The tree is
//! purely syntactic: type names and modifiers are kept as written, and their
//! meaning is decided when the tree is lowered to the genome.

use serde::Serialize;

use crate::span::Span;

/// A whole PRD document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Prd {
    pub span: Span,
    /// The first level-1 heading before the entity section.
    pub title: Option<Title>,
    /// Every heading outside code blocks, in order; used to suggest an entity
    /// section heading when there is none.
    pub headings: Vec<Heading>,
    pub entity_sections: Vec<EntitySection>,
    pub user_stories: Vec<UserStory>,
    pub integration_mentions: Vec<IntegrationMention>,
    /// Outside any entity section, the first line that reads as an entity
    /// or a field with a known type: where to point when the PRD has no
    /// entity section.
    #[serde(skip)]
    pub entity_like: Option<Span>,
    /// Before the first entity section, the name a `Product name:` (or
    /// `Name:`) line gives.
    pub name_line: Option<Text>,
    /// The first paragraph of prose before the first entity section, its
    /// lines joined by single spaces: what the document says the product
    /// is. Its span runs from the paragraph's first line to its last.
    #[serde(skip)]
    pub summary: Option<Text>,
    /// The name of the file the PRD was read from, without its extension;
    /// `None` for standard input or text in memory. Not read from the text:
    /// the caller sets it, and it names the app when nothing else does.
    #[serde(skip)]
    pub file_stem: Option<String>,
}

/// Text as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    pub text: Text,
    pub span: Span,
}

/// An ATX heading (`## Text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    /// The heading text without the `#` marks, list number or emphasis.
    pub text: Text,
    pub span: Span,
}

/// The section that declares entities, from its heading to the next heading
/// of the same level or a higher one (level 1 or 2 for a line of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySection {
    /// The heading (`## Entities`) or bare label line (`Entities:`).
    pub heading: Text,
    /// When the PRD has no entity section, a heading that only resembles
    /// one (`## Entites`, `## Data Model`) is read as one so that the
    /// entities under it are still checked; this is the spelling it
    /// resembles (lowercase, from the vocabulary).
    pub near_miss: Option<&'static str>,
    pub entities: Vec<Entity>,
    /// The heading that ended the section when it is of the section's own
    /// level (a deeper one would have been an entity's).
    #[serde(skip)]
    pub ended_by_peer: Option<Span>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityShape {
    /// `- Project: name (string), ...`: fields on the entity's own line.
    Inline,
    /// `- **Task**` (or a bare `Task` line) with fields as sub-bullets.
    Bullet,
    /// `### Comment` with fields as bullets under the heading.
    Heading,
    /// A table, model or interface of a schema embedded in a code block.
    Embedded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub name: Text,
    pub shape: EntityShape,
    pub fields: Vec<Field>,
    /// Field lines under the entity that could not be read (each already
    /// reported), so the entity is not also said to have no fields.
    pub unreadable_fields: usize,
    /// `- unique: (project, title)` lines under the entity.
    pub unique_groups: Vec<UniqueGroup>,
    /// The name in a `(was Customer)` remark after the entity's name: the
    /// name the entity had in the PRD an app was generated from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<Text>,
    /// From the declaration line to its last field.
    pub span: Span,
}

/// `unique: (a, b)`: fields whose values together are unique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UniqueGroup {
    pub fields: Vec<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: Text,
    /// The type as written (`Int`, `datetime`, `Project`, `enum`); empty,
    /// with an empty span right after the name, when no type is written
    /// (`- amount`, `- amount: the total spent`): lowering infers it from
    /// the name.
    pub type_name: Text,
    /// After `enum`: the values as written (`enum: a | b`, `enum(a, b)`);
    /// `None` when the type is not followed by values. An empty value is
    /// kept, with an empty span where it is missing.
    pub enum_values: Option<Vec<Text>>,
    pub modifiers: Vec<Modifier>,
    pub span: Span,
}

/// A modifier as written (`required`, `not null`), whitespace collapsed.
/// A `key=value` or `key: value` modifier (`default=todo`, `pattern="^a"`)
/// also has its key and its value, the value without surrounding quotes or
/// backticks and not collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Modifier {
    pub text: String,
    pub span: Span,
    pub key: Option<Text>,
    pub value: Option<Text>,
}

/// `As a <role>, I want [to] <goal> [so that <benefit>].`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserStory {
    pub role: Text,
    pub goal: Text,
    pub benefit: Option<Text>,
    pub span: Span,
    /// Given/When/Then lines right under the story, each as written.
    pub criteria: Vec<Text>,
}

/// A word naming a known vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrationMention {
    /// The vendor's lowercase name (`sendgrid`).
    pub vendor: &'static str,
    pub span: Span,
}
