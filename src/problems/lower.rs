//! What lowering reports: the language's checks on the syntax tree.

use serde_json::Number;

use crate::genome::FieldType;
use crate::span::Span;

/// Where a PRD without an entity section comes closest to having one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionNear<'a> {
    /// A heading that shares a word with the section names (`Database`,
    /// `Model`), written `words`.
    Heading { words: &'a str },
    /// A line outside any section that declares an entity or a field.
    Declaration,
    /// The first heading of a PRD in which nothing came close.
    FirstHeading,
}

/// Why a `(was ...)` remark is not a rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameFault {
    /// The old name is the entity's own.
    SameName,
    /// Another entity's remark, at `first`, names the same old name.
    ClaimedTwice { first: Span },
    /// The PRD still declares an entity of that name, at `declared`.
    StillDeclared { declared: Span },
}

/// Where the application's name was found when the title names no product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// The title's words other than the generic ones (`PRD: Cookbook`).
    TitleWords,
    /// A `Product name:` or `Name:` line.
    NameLine,
    /// The first level-2 heading.
    FirstSubheading,
    /// The name of the PRD's file.
    FileName,
    /// Nowhere: the default name.
    Default,
}

/// A problem found while lowering the syntax tree to the genome. The names
/// and word lists are borrowed from the tree and the vocabulary: a problem
/// is turned into a diagnostic where it is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerProblem<'a> {
    /// No heading opens the entity section; `headings` are the ones that do.
    /// `near` is the place that came closest, and why.
    NoEntitySection {
        headings: &'a [&'a str],
        near: Option<(Span, SectionNear<'a>)>,
    },
    /// No entity section, but the heading `written` at `span` resembles
    /// `spelling`, one of `headings`. `read_as_section` when the lines
    /// under it were checked as entities.
    MisspeltEntitySection {
        span: Span,
        written: &'a str,
        spelling: &'a str,
        headings: &'a [&'a str],
        read_as_section: bool,
        /// When read as the section, nothing under it was an entity: the
        /// heading is not renamed by `--fix`, which would save nothing.
        empty: bool,
    },
    /// The entity section under the heading at `span` declares nothing.
    /// `ended_by` is the heading of the section's own level that ended it,
    /// when it came right after it: its entities were meant to be deeper.
    EmptyEntitySection {
        span: Span,
        ended_by: Option<Span>,
    },
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
    /// A `(was old)` remark on the entity `entity` that cannot be an
    /// update's rename, for `fault`.
    InvalidRename {
        span: Span,
        entity: &'a str,
        old: &'a str,
        fault: RenameFault,
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
    /// The required link `field` from `from` to `to` closes a circle of
    /// required links.
    LinkCycle {
        span: Span,
        field: &'a str,
        from: &'a str,
        to: &'a str,
    },
    /// The application's name `name` comes from `source`, not from the
    /// title, which names no product; `span` is where it was found (`None`
    /// for the file's name).
    AppNameChosen {
        span: Option<Span>,
        name: &'a str,
        source: NameSource,
    },
    /// A user story that names none of `entities`.
    StoryWithoutEntity {
        span: Span,
        entities: &'a [String],
    },
    /// An entity that declares the field `field` again.
    DuplicateField {
        span: Span,
        entity: &'a str,
        field: &'a str,
        first: Span,
    },
    /// An entity with no field at all.
    EntityWithoutFields {
        span: Span,
        entity: &'a str,
    },
    /// A profile field of `User` that links to the entity `to`.
    ProfileFieldLink {
        span: Span,
        field: &'a str,
        to: &'a str,
    },
    /// A required profile field without a default; `type_name` is its
    /// type's canonical name.
    ProfileFieldRequired {
        span: Span,
        field: &'a str,
        type_name: &'a str,
    },
    ProfileFieldUnique {
        span: Span,
        field: &'a str,
    },
    /// A unique group declared on `User`.
    ProfileUniqueGroup {
        span: Span,
    },
    /// The link `field` is stored in `column`, the name of the field at
    /// `other`.
    LinkColumnTaken {
        span: Span,
        field: &'a str,
        column: &'a str,
        other: Span,
    },
    /// A unique group that lists `name` twice.
    UniqueGroupRepeats {
        span: Span,
        name: &'a str,
    },
    /// A unique group that lists `name` (at `name_span`), not a field of
    /// `entity`, whose fields are `fields`.
    UniqueGroupUnknownField {
        span: Span,
        name_span: Span,
        name: &'a str,
        entity: &'a str,
        fields: &'a [&'a str],
    },
    /// A unique group of fewer than two fields.
    UniqueGroupTooSmall {
        span: Span,
    },
    /// A unique group with a `json` field.
    UniqueGroupJson {
        span: Span,
    },
    /// The type `written` of `field` is none of the language's types.
    UnknownType {
        span: Span,
        written: &'a str,
        field: &'a str,
    },
    /// A keyed modifier whose key, `written`, is none of `keys`.
    UnknownKey {
        span: Span,
        written: &'a str,
        field: &'a str,
        keys: &'a [&'a str],
    },
    /// A limit or default written in words (`max 100 chars`, `default
    /// false`): `key` and `value` are the keyed modifier it means, and `fits`
    /// when that value suits the field's type, so the rewrite is a fix.
    ModifierInWords {
        span: Span,
        written: &'a str,
        field: &'a str,
        key: &'static str,
        value: &'a str,
        fits: bool,
    },
    /// A strict lower bound, `> 0`, which `min=` says only of whole numbers:
    /// `whole_min` is the `min` that means it for an integer field.
    StrictLowerBound {
        span: Span,
        written: &'a str,
        field: &'a str,
        bound: &'a str,
        whole_min: Option<i64>,
    },
    /// A field other than `id` said to be the primary key (`code (PK)`);
    /// `as_type` when it is written where the type goes.
    PrimaryKeyField {
        span: Span,
        field: &'a str,
        as_type: bool,
    },
    /// A modifier word written where the type goes (`note: optional`).
    ModifierAsType {
        span: Span,
        written: &'a str,
        field: &'a str,
    },
    /// A modifier, `written`, that is none of the language's.
    UnknownModifier {
        span: Span,
        written: &'a str,
        field: &'a str,
    },
    /// `written` says the opposite of the modifier at `first` (written
    /// `first_written`, when it can be found) about `what`: `required`,
    /// `unique` or `indexed`.
    ConflictingModifiers {
        span: Span,
        field: &'a str,
        what: &'a str,
        written: &'a str,
        first: Span,
        first_written: Option<&'a str>,
    },
    /// A field name that is not lower snake_case; `fix` is the name to
    /// write when it can be derived.
    InvalidFieldName {
        span: Span,
        name: &'a str,
        fix: Option<String>,
    },
    /// A field every entity has already (`id`, `created_at`, `updated_at`).
    ProvidedField {
        span: Span,
        name: &'a str,
    },
    /// A field named like the owner's column.
    OwnerColumnField {
        span: Span,
        name: &'a str,
    },
    /// A link whose column, `column`, is the owner's.
    LinkInOwnerColumn {
        span: Span,
        name: &'a str,
        column: &'a str,
    },
    /// The field `field` links to `written`, the built-in account.
    LinkToAccount {
        span: Span,
        field: &'a str,
        written: &'a str,
    },
    /// The field `field` links to `written`, none of `entities` (every
    /// entity name as declared, in order).
    UnknownEntity {
        span: Span,
        field: &'a str,
        written: &'a str,
        entities: &'a [&'a str],
    },
    /// `enum` without values.
    EnumWithoutValues {
        span: Span,
        field: &'a str,
    },
    /// An empty value in an enumeration's list.
    EmptyEnumValue {
        span: Span,
        field: &'a str,
    },
    /// An enumeration value that is not a word of at most `max_length`
    /// characters.
    InvalidEnumValue {
        span: Span,
        value: &'a str,
        max_length: usize,
    },
    /// An enumeration value listed again; `first` is the first listing.
    RepeatedEnumValue {
        span: Span,
        field: &'a str,
        value: &'a str,
        first: Span,
    },
    /// `enum: a, b, c`: the values after the first were read as modifiers;
    /// `span` covers the enumeration from `enum` to the last value.
    CommaSeparatedEnum {
        span: Span,
        field: &'a str,
        values: Vec<&'a str>,
    },
    /// An enumeration of fewer than two values.
    TooFewEnumValues {
        span: Span,
        field: &'a str,
    },
    /// `min` or `max` (`key`) on a field whose type has no such limit.
    BoundNotApplicable {
        span: Span,
        key: &'a str,
        field: &'a str,
        field_type: FieldType,
    },
    /// A `min` or `max` (`key`) whose value is not the `measure` it takes.
    InvalidBound {
        span: Span,
        key: &'a str,
        value: &'a str,
        field: &'a str,
        measure: Measure,
    },
    /// A limit on a `string` above the most characters it holds, `most`.
    StringBoundTooLarge {
        span: Span,
        most: u32,
    },
    /// `max` (`high`, at `span`) below `min` (`low`, at `low_span`).
    InvertedRange {
        span: Span,
        field: &'a str,
        low: &'a Number,
        high: &'a Number,
        low_span: Span,
    },
    /// A default that is not a value of the field's type.
    DefaultNotOfType {
        span: Span,
        value: &'a str,
        field: &'a str,
        field_type: FieldType,
    },
    /// A default outside `min` and `max` (of its length, for text).
    DefaultOutsideLimits {
        span: Span,
        value: &'a str,
        field: &'a str,
        length: bool,
    },
    /// A text default that the field's own `pattern` refuses.
    DefaultNotMatchingPattern {
        span: Span,
        value: &'a str,
        field: &'a str,
        pattern: &'a str,
    },
    /// A default that is none of the enumeration's `values`.
    DefaultNotListed {
        span: Span,
        value: &'a str,
        field: &'a str,
        values: &'a [String],
    },
    /// A default on a field whose type takes none.
    DefaultNotSupported {
        span: Span,
        field_type: FieldType,
    },
    /// `pattern` on a field that is not text.
    PatternNotApplicable {
        span: Span,
        field: &'a str,
        field_type: FieldType,
    },
    EmptyPattern {
        span: Span,
    },
    /// A pattern the regular expression engine refuses, with its reason.
    InvalidPattern {
        span: Span,
        error: &'a str,
    },
}

/// What a `min` or `max` of a field's type measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The length of text, in characters.
    Length,
    WholeNumber,
    Number,
}
