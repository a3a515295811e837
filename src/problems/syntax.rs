//! What the parser reports.

use crate::span::Span;

/// A problem found while reading the text into the syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// The input is not UTF-8: `valid` bytes read, then `invalid` bad ones,
    /// of `length`. `span` is the U+FFFD they become in the lossy text.
    InvalidUtf8 {
        span: Span,
        valid: usize,
        invalid: usize,
        length: usize,
    },
    /// A NUL byte at `span`.
    NulByte { span: Span },
    /// A table that is not read: not under an entity heading, or its header
    /// lacks a field or a type column.
    UnreadTable { row: Span, under_entity: bool },
    /// The entity at `span` goes past the most entities a PRD may declare.
    TooManyEntities { span: Span, limit: usize },
    /// A heading in the entity section that names no entity.
    HeadingNotEntity { span: Span },
    /// A field at the entities' level. `entity` is the entity above, if
    /// any, otherwise `section` is the section's heading.
    FieldOutsideEntity {
        span: Span,
        entity: Option<(Span, String)>,
        section: Span,
    },
    /// A list item in the entity section that declares nothing, in the
    /// subsection `subsection` or else the section headed at `section`.
    NotADeclaration {
        span: Span,
        subsection: Option<Span>,
        section: Span,
        /// The item's text when it is one lower-case name (`- loaf`),
        /// which may be meant as an entity, and that entity's name (`Loaf`).
        lower_name: Option<(String, String)>,
    },
    /// A line that opens like a user story but does not read as one.
    MalformedStory {
        span: Span,
        fault: StoryFault,
        fix: Option<(Span, StoryFix)>,
    },
    /// A field declaration that cannot be read.
    MalformedField { span: Span, fault: FieldFault },
    /// A line in the entity section that reads as a field but is no list
    /// item; `entity` is the name of the entity it is under, if any.
    FieldWithoutListMarker { span: Span, entity: Option<Span> },
    /// A paragraph of prose inside the entity section, read as prose.
    ProseSkipped { span: Span, section: Span },
    /// The remark after an entity's name in bold (`**Project** the work we
    /// track`), read as prose.
    EntityRemark {
        span: Span,
        entity: String,
        section: Span,
    },
}

/// Why a story-like line is not a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryFault {
    /// Comma and `I want` are both there, yet the line does not parse.
    NotRead,
    /// Another phrase stands where `I want` goes.
    NotIWant,
}

/// The replacement that makes a story-like line a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryFix {
    IWant,
}

impl StoryFix {
    /// The text that replaces the fix's span.
    pub fn replacement(self) -> &'static str {
        match self {
            StoryFix::IWant => "I want",
        }
    }
}

/// Where a field declaration stops making sense; `name` is the field's
/// name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFault {
    UnclosedQuote,
    EmptyModifier,
    UnclosedEnumValues,
    SecondModifierList,
    TextAfterDeclaration,
    /// A field line that does not start with a name.
    NoName,
    /// A name of several words (`first name: string`); `snake` is the name
    /// to write.
    SpacedName {
        written: String,
        snake: String,
    },
    /// A list where the type goes (`list of Plot`, `string[]`): `of` is
    /// what the list holds.
    ListType {
        name: String,
        of: String,
    },
    /// Neither `:` nor `(` after the name; `at_end` when nothing follows it.
    NoSeparator {
        name: String,
        at_end: bool,
    },
    NoType {
        name: String,
    },
    UnclosedModifiers {
        name: String,
    },
    /// Text inside the parentheses that is neither `,` nor `)`.
    TextInParentheses {
        name: String,
    },
    /// An item of an inline field list that does not start with a name.
    NotInlineField,
    /// No `(` and type after an inline field's name; `at_end` when nothing
    /// follows it.
    NoInlineType {
        name: String,
        at_end: bool,
    },
    TextAfterInlineField,
    /// A table row's name cell is empty.
    EmptyNameCell,
    NotANameCell,
    TextAfterNameCell,
    TextAfterTypeCell {
        name: String,
    },
    UnclearRequiredCell,
    /// A type cell that opens with an arrow but is no key reference
    /// (`→ gyms`, `→ gyms.id (required)`).
    KeyReferenceCell {
        name: String,
    },
}
