//! What the front end reads into a PRD that the PRD does not spell out in
//! the language's own words: a name it renames, a type it infers, a field
//! it gives to the built-in account. Each is reported (a note, or a warning
//! when the app behaves differently from what was written), so nothing is
//! decided in silence.

use crate::span::Span;

/// Why an entity was renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameReason {
    /// `Bookings`: an entity is named in the singular.
    Plural,
    /// `customers`, `order_item`: an entity name is capitalised.
    LowerCase,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inference<'a> {
    /// The entity written `written` is read as `name`.
    EntityRenamed {
        span: Span,
        written: &'a str,
        name: &'a str,
        reasons: &'a [RenameReason],
    },
    /// The field written `written` (`customer_id (uuid, FK to customers)`,
    /// `project_id` beside an entity `Project`) is read as the link `name`
    /// to `entity`.
    LinkRead {
        span: Span,
        written: &'a str,
        name: &'a str,
        entity: &'a str,
    },
    /// A field said to be a foreign key without naming its table
    /// (`therapist_id (INTEGER FOREIGN KEY)`) whose name names no entity
    /// of the PRD: it keeps its type, and the words are not read.
    ForeignKeyUnresolved {
        span: Span,
        field: &'a str,
        written: &'a str,
    },
    /// A field of the account entity (`User`, `Users`) that the built-in
    /// account already has (`email`, `password`, `id`).
    AccountField { span: Span, field: &'a str },
    /// A field of the account's profile that says what a user may do
    /// (`role`, `is_admin`): the user cannot change it through
    /// `PATCH /api/auth/me`.
    PrivilegeField { span: Span, field: &'a str },
    /// A field written without a type (`- amount`, `- amount: the total
    /// spent`) is read as `name` of the type `type_word`, inferred from the
    /// name by `rule`.
    TypeInferred {
        span: Span,
        written: &'a str,
        name: &'a str,
        type_word: &'a str,
        rule: TypeRule,
    },
    /// `default TRUE`: a default written without `=`, read as `default=`
    /// with `value`.
    DefaultRead {
        span: Span,
        written: &'a str,
        value: &'a str,
    },
    /// `validated` after a field's type: a remark that declares nothing the
    /// app does, so it is not read.
    RemarkNotRead {
        span: Span,
        written: &'a str,
        field: &'a str,
    },
}

/// Which rule of the fixed table inferred a field's type from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRule {
    /// `id`: the id every row has.
    Id,
    /// `project` or `project_id` beside an entity `Project`: a link to it.
    Link,
    /// `tracking_id` naming no entity: an identifier from elsewhere.
    ForeignIdentifier,
    /// `*_at`, `*_time`, `timestamp`: a moment.
    Moment,
    /// `date`, `*_date`, `*date`, `*_on`: a day.
    Day,
    /// `dob`: a date of birth.
    Birth,
    /// `order`, `sort_order`, `position`, `rank`, `streak`, `*_streak`: a
    /// place in a list or a run, as a whole number.
    Position,
    /// `amount`, `price`, `total`, `cost`, `balance`, `fee`: money.
    Money,
    /// `email`, `*_email`.
    Email,
    /// `url`, `link`, `website`, `*_url`.
    Url,
    /// `is_*`, `has_*`, `*_enabled`: yes or no.
    Flag,
    /// `count`, `quantity`, `number_of_*`, `times_*`, `*_count`, `age`: a
    /// whole number.
    Count,
    /// `description`, `notes`, `comment`, `body`, `content`: long text.
    LongText,
    /// Any other name: a line of text.
    Other,
}
