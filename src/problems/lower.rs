//! What lowering reports: the language's checks on the syntax tree.

use crate::span::Span;

/// A problem found while lowering the syntax tree to the genome. The names
/// and word lists are borrowed from the tree and the vocabulary: a problem
/// is turned into a diagnostic where it is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerProblem<'a> {
    /// No heading opens the entity section; `headings` are the ones that do.
    NoEntitySection { headings: &'a [&'a str] },
    /// No entity section, but the heading `written` at `span` resembles
    /// `spelling`, one of `headings`. `read_as_section` when the lines
    /// under it were checked as entities.
    MisspeltEntitySection {
        span: Span,
        written: &'a str,
        spelling: &'a str,
        headings: &'a [&'a str],
        read_as_section: bool,
    },
    /// The entity section under the heading at `span` declares nothing.
    EmptyEntitySection { span: Span },
    /// An entity name that is not a capitalised identifier of the allowed
    /// length; `fix` is the name to write when it can be derived.
    InvalidEntityName {
        span: Span,
        name: &'a str,
        length: usize,
        fix: Option<String>,
    },
    /// An entity declared again; `first` is the first declaration.
    DuplicateEntity {
        span: Span,
        name: &'a str,
        first: Span,
    },
    /// An entity whose snake_case name, `snake`, is also that of `other`.
    EntityNameCollision {
        span: Span,
        name: &'a str,
        snake: &'a str,
        other: &'a str,
        first: Span,
    },
    /// A required link, `field`, of an entity to itself.
    RequiredSelfLink {
        span: Span,
        field: &'a str,
        entity: &'a str,
        label: &'a str,
    },
    /// The link `field` from `from` to `to` closes a cycle of links.
    LinkCycle {
        span: Span,
        field: &'a str,
        from: &'a str,
        to: &'a str,
    },
    /// A user story that names none of `entities`.
    StoryWithoutEntity { span: Span, entities: &'a [String] },
}
