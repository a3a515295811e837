//! The words of the PRD language: type names, modifiers, section headings,
//! vendors, and the names the generated code reserves for itself.
//!
//! These are lexical facts shared by the parser (which uses them to tell a
//! declaration from prose) and the lowering (which gives them meaning).

use crate::genome::{FieldType, IntegrationCategory};

/// Every accepted spelling of a field type, lowercase, with its meaning.
pub const TYPE_WORDS: &[(&str, FieldType)] = &[
    ("string", FieldType::String),
    ("str", FieldType::String),
    ("varchar", FieldType::String),
    ("text", FieldType::Text),
    ("integer", FieldType::Integer),
    ("int", FieldType::Integer),
    ("float", FieldType::Float),
    ("double", FieldType::Float),
    ("decimal", FieldType::Decimal),
    ("money", FieldType::Decimal),
    ("boolean", FieldType::Boolean),
    ("bool", FieldType::Boolean),
    ("date", FieldType::Date),
    ("datetime", FieldType::DateTime),
    ("timestamp", FieldType::DateTime),
    ("uuid", FieldType::Uuid),
    ("json", FieldType::Json),
    ("email", FieldType::Email),
    ("url", FieldType::Url),
];

/// Looks a type word up, ignoring case.
pub fn field_type(word: &str) -> Option<FieldType> {
    TYPE_WORDS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(word))
        .map(|&(_, field_type)| field_type)
}

/// What a modifier says about a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModifierMeaning {
    Required(bool),
    Unique(bool),
    Indexed(bool),
}

/// Every accepted modifier spelling, lowercase with single spaces.
pub const MODIFIER_WORDS: &[(&str, ModifierMeaning)] = &[
    ("required", ModifierMeaning::Required(true)),
    ("not null", ModifierMeaning::Required(true)),
    ("non-null", ModifierMeaning::Required(true)),
    ("optional", ModifierMeaning::Required(false)),
    ("not required", ModifierMeaning::Required(false)),
    ("nullable", ModifierMeaning::Required(false)),
    ("unique", ModifierMeaning::Unique(true)),
    ("not unique", ModifierMeaning::Unique(false)),
    ("indexed", ModifierMeaning::Indexed(true)),
    ("index", ModifierMeaning::Indexed(true)),
    ("not indexed", ModifierMeaning::Indexed(false)),
    ("unindexed", ModifierMeaning::Indexed(false)),
];

pub fn modifier(text: &str) -> Option<ModifierMeaning> {
    MODIFIER_WORDS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
        .map(|&(_, meaning)| meaning)
}

/// Headings that open the entity section, lowercase.
pub const ENTITY_SECTION_HEADINGS: &[&str] = &[
    "entities",
    "data models",
    "domain models",
    "entity list",
    "entity data model",
    "entity data models",
];

/// The entity section heading that `heading` is probably a misspelling
/// of (`Entites`), or the singular of (`Data Model`).
pub fn near_section_heading(heading: &str) -> Option<&'static str> {
    let words = heading.trim_end_matches(':').trim().to_ascii_lowercase();
    if ENTITY_SECTION_HEADINGS.contains(&words.as_str()) {
        return None;
    }
    // `Data Model` and `Domain Model` are close in meaning, not in spelling.
    let plural = format!("{words}s");
    ENTITY_SECTION_HEADINGS
        .iter()
        .copied()
        .find(|spelling| *spelling == plural)
        .or_else(|| closest(&words, ENTITY_SECTION_HEADINGS.iter().copied()))
}

/// Known vendors and their categories, in the order the manifest lists them.
pub const VENDORS: &[(&str, &str, IntegrationCategory)] = &[
    ("stripe", "Stripe", IntegrationCategory::Payments),
    ("auth0", "Auth0", IntegrationCategory::Auth),
    ("clerk", "Clerk", IntegrationCategory::Auth),
    ("supabase", "Supabase", IntegrationCategory::Auth),
    ("sendgrid", "SendGrid", IntegrationCategory::Email),
    ("postmark", "Postmark", IntegrationCategory::Email),
    ("twilio", "Twilio", IntegrationCategory::Sms),
    ("datadog", "Datadog", IntegrationCategory::Observability),
    ("segment", "Segment", IntegrationCategory::Analytics),
];

/// Vendors whose name is also an everyday word: they count only when
/// capitalised, so "a customer segment" is not an analytics integration.
pub const VENDORS_NEEDING_CAPITAL: &[&str] = &["segment"];

/// Python's keywords that can be spelt in lower snake_case.
pub const PYTHON_KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Field names that would shadow attributes of the generated model and
/// schema classes (SQLAlchemy's declarative base, Pydantic's `BaseModel`).
pub const RESERVED_FIELD_NAMES: &[&str] = &[
    "bool",
    "classmethod",
    "copy",
    "construct",
    "dict",
    "field_validator",
    "float",
    "from_orm",
    "int",
    "json",
    "list",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "str",
    "update_forward_refs",
    "utcnow",
    "validate",
];

/// snake_case entity names that the generated app's own modules, test files
/// or tables already use.
pub const RESERVED_ENTITY_SNAKE_NAMES: &[&str] = &["auth", "openapi", "types", "user", "users"];

/// Fields every generated table has; declaring them is redundant.
pub const PROVIDED_FIELDS: &[&str] = &["id", "created_at", "updated_at"];

/// Fields whose names the generated code uses for something else.
pub const CONFLICTING_FIELDS: &[(&str, &str)] = &[
    (
        "user_id",
        "it is the ownership column that ties each row to its user",
    ),
    ("metadata", "SQLAlchemy reserves it on every model class"),
    ("registry", "SQLAlchemy reserves it on every model class"),
];

/// Entity names that would shadow a Python constant, a `typing` name, a name
/// the generated model and router modules import (SQLAlchemy column types,
/// the app's own aliases), or one of the generated app's own modules.
pub const RESERVED_ENTITY_NAMES: &[&str] = &[
    "Annotated",
    "Any",
    "AnyHttpUrl",
    "APIRouter",
    "App",
    "Base",
    "BaseModel",
    "BigInteger",
    "Boolean",
    "CalendarDate",
    "CheckConstraint",
    "ConfigDict",
    "CurrentUser",
    "Date",
    "Datetime",
    "DbSession",
    "Decimal",
    "Dict",
    "EmailStr",
    "Enum",
    "False",
    "FastAPI",
    "Float",
    "ForeignKey",
    "Index",
    "Integer",
    "Json",
    "List",
    "Literal",
    "Mapped",
    "None",
    "Numeric",
    "Optional",
    "Query",
    "Set",
    "Settings",
    "String",
    "Text",
    "Timestamp",
    "True",
    "Tuple",
    "Type",
    "Typing",
    "Union",
    "UniqueConstraint",
    "UTCDateTime",
    "Uuid",
    "UUID",
];

/// Verbs that make a user story a business process in the architecture
/// model: the story changes something, rather than only looking at it.
pub const WORKFLOW_VERBS: &[&str] = &[
    "add",
    "approve",
    "archive",
    "assign",
    "book",
    "cancel",
    "close",
    "complete",
    "create",
    "delete",
    "edit",
    "invite",
    "manage",
    "mark",
    "merge",
    "move",
    "order",
    "pay",
    "place",
    "process",
    "publish",
    "register",
    "reject",
    "remove",
    "renew",
    "request",
    "reschedule",
    "schedule",
    "send",
    "set",
    "ship",
    "sign",
    "submit",
    "subscribe",
    "track",
    "transfer",
    "update",
    "upload",
    "write",
];

/// Damerau-Levenshtein distance (optimal string alignment), ignoring case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: at most one edit for short words, two for longer ones.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Very long words are never misspellings of short vocabulary words, and
    // the distance is quadratic in length.
    if word.chars().count() > 64 {
        return None;
    }
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(word, candidate);
            // An abbreviation (`uniq`, `bool`-like cut-offs) counts as close.
            let abbreviates = lower.len() >= 3 && candidate.starts_with(lower.as_str());
            (distance <= limit || abbreviates).then_some((distance, candidate))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(edit_distance("intger", "integer"), 1);
        assert_eq!(edit_distance("strnig", "string"), 1);
        assert_eq!(edit_distance("Entites", "entities"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_prefers_the_nearest_candidate() {
        let types = TYPE_WORDS.iter().map(|(word, _)| *word);
        assert_eq!(closest("intger", types.clone()), Some("integer"));
        assert_eq!(closest("datetim", types.clone()), Some("datetime"));
        assert_eq!(closest("banana", types.clone()), None);
        assert_eq!(closest("uniq", ["unique", "indexed"]), Some("unique"));
    }
}
