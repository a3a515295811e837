//! The words of the PRD language: type names, modifiers, section headings,
//! vendors, and the names every application has for itself (a target's
//! own reserved names are its business: see `targets`).
//!
//! These are lexical facts shared by the parser (which uses them to tell a
//! declaration from prose) and the lowering (which gives them meaning).

use crate::spelling::closest;

/// Every accepted spelling of a field type, lowercase, with the type's
/// canonical name (the genome's name for it).
pub const TYPE_WORDS: &[(&str, &str)] = &[
    ("string", "string"),
    ("str", "string"),
    ("varchar", "string"),
    ("char", "string"),
    ("text", "text"),
    ("integer", "integer"),
    ("int", "integer"),
    ("int4", "integer"),
    ("int8", "integer"),
    ("smallint", "integer"),
    ("bigint", "integer"),
    ("long", "integer"),
    ("float", "float"),
    ("double", "float"),
    ("real", "float"),
    ("number", "float"),
    ("decimal", "decimal"),
    ("numeric", "decimal"),
    ("money", "decimal"),
    ("boolean", "boolean"),
    ("bool", "boolean"),
    ("date", "date"),
    ("datetime", "datetime"),
    ("timestamp", "datetime"),
    ("timestamptz", "datetime"),
    // A time of day: text of the form `HH:MM` or `HH:MM:SS`, checked by
    // [`TIME_OF_DAY_PATTERN`].
    ("time", "string"),
    ("uuid", "uuid"),
    ("json", "json"),
    ("email", "email"),
    ("url", "url"),
];

/// The pattern a field of the type word `time` matches: a time of day on
/// the 24-hour clock, `HH:MM` or `HH:MM:SS`.
pub const TIME_OF_DAY_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";

/// Words written after a field's type that remark on it (`validated`,
/// `encrypted`) but declare nothing the language has: each is reported
/// and not read.
pub const REMARK_WORDS: &[&str] = &[
    "validated",
    "encrypted",
    "hashed",
    "sanitized",
    "sanitised",
    "trimmed",
    "normalized",
    "normalised",
];

/// Looks a type word up, ignoring case: the canonical name of its type.
pub fn field_type(word: &str) -> Option<&'static str> {
    TYPE_WORDS
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(word))
        .map(|&(_, canonical)| canonical)
}

/// A limit or a default written in words (`max 100 chars`, `up to 80
/// characters`, `min 0`, `>= 1`, `default false`, `defaults to "draft"`):
/// the key of the modifier it means and the value, as written.
pub fn worded_modifier(text: &str) -> Option<(&'static str, &str)> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    // The value keeps its case: find it in the original text.
    let value_after = |prefix_words: usize| -> Option<&str> {
        let mut rest = text.trim_start();
        for _ in 0..prefix_words {
            let end = rest.find(char::is_whitespace)?;
            rest = rest[end..].trim_start();
        }
        (!rest.is_empty()).then_some(rest.trim_end())
    };
    let number = |word: &str| word.parse::<f64>().is_ok();
    let units = |rest: &[&str]| {
        rest.is_empty()
            || (rest.len() == 1
                && matches!(
                    rest[0],
                    "chars" | "char" | "characters" | "character" | "letters"
                ))
    };
    match words.as_slice() {
        ["at", "most", n, rest @ ..] if number(n) && units(rest) => Some(("max", n_of(text, 2)?)),
        ["at", "least", n, rest @ ..] if number(n) && units(rest) => Some(("min", n_of(text, 2)?)),
        ["max" | "maximum", n, rest @ ..] if number(n) && units(rest) => {
            Some(("max", n_of(text, 1)?))
        }
        ["up", "to", n, rest @ ..] if number(n) && units(rest) => Some(("max", n_of(text, 2)?)),
        ["min" | "minimum", n, rest @ ..] if number(n) && units(rest) => {
            Some(("min", n_of(text, 1)?))
        }
        ["<=", n] | ["≤", n] if number(n) => Some(("max", n_of(text, 1)?)),
        [">=", n] | ["≥", n] if number(n) => Some(("min", n_of(text, 1)?)),
        ["default", _, ..] => Some(("default", value_after(1)?)),
        ["defaults", "to", _, ..] => Some(("default", value_after(2)?)),
        _ => None,
    }
}

/// The word at `index` of `text` (split on whitespace).
fn n_of(text: &str, index: usize) -> Option<&str> {
    text.split_whitespace().nth(index)
}

/// A lower bound written `> N`: the number as written.
pub fn strict_lower_bound(text: &str) -> Option<&str> {
    let rest = text.trim().strip_prefix('>')?.trim();
    (rest.parse::<f64>().is_ok()).then_some(rest)
}

/// Whether `text` says "primary key": `PK`, `primary key`, `primary_key`.
pub fn is_primary_key(text: &str) -> bool {
    let words: Vec<&str> = text
        .split([' ', '\t', '_'])
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [word] => word.eq_ignore_ascii_case("pk") || word.eq_ignore_ascii_case("primarykey"),
        [primary, key] => {
            primary.eq_ignore_ascii_case("primary") && key.eq_ignore_ascii_case("key")
        }
        _ => false,
    }
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

/// Headings in Korean that open the entity section as their English
/// words do (`데이터 모델` is `data model`), with single spaces. They are
/// not offered in messages, which name the English ones.
pub const KOREAN_SECTION_HEADINGS: &[&str] = &["데이터 모델", "엔티티"];

/// Headings that open the entity section, lowercase, with single spaces.
pub const ENTITY_SECTION_HEADINGS: &[&str] = &[
    "entities",
    "data model",
    "data models",
    "domain model",
    "domain models",
    "entity list",
    "entity data model",
    "entity data models",
    "key entities",
    "core entities",
    "models",
    "schema",
    "database schema",
];

/// Words before an entity section's name that qualify it
/// (`High-Level Database Schema`), lowercase.
pub const SECTION_LEADING_QUALIFIERS: &[&str] = &[
    "high-level",
    "high level",
    "proposed",
    "initial",
    "simplified",
    "conceptual",
    "logical",
];

/// Whether `words` (any case, any spacing) is an entity section heading.
pub fn is_section_heading(words: &str) -> bool {
    let mut normalised = String::with_capacity(words.len());
    for word in words.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(' ');
        }
        normalised.push_str(word);
    }
    ENTITY_SECTION_HEADINGS
        .iter()
        .chain(KOREAN_SECTION_HEADINGS)
        .any(|heading| heading.eq_ignore_ascii_case(&normalised))
}

/// The entity section heading that `heading` is probably a misspelling
/// of (`Entites`), or the singular of (`Entity`).
pub fn near_section_heading(heading: &str) -> Option<&'static str> {
    let words = heading.trim_end_matches(':').trim().to_ascii_lowercase();
    if is_section_heading(&words) {
        return None;
    }
    // `Entity` is close to `Entities` in meaning more than in spelling.
    let plural = if let Some(stem) = words.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{words}s")
    };
    ENTITY_SECTION_HEADINGS
        .iter()
        .copied()
        .find(|spelling| *spelling == plural)
        .or_else(|| closest(&words, ENTITY_SECTION_HEADINGS.iter().copied()))
}

/// Known vendors: lowercase key, display name and category, in the order
/// the manifest lists them.
pub const VENDORS: &[(&str, &str, &str)] = &[
    ("stripe", "Stripe", "payments"),
    ("auth0", "Auth0", "auth"),
    ("clerk", "Clerk", "auth"),
    ("supabase", "Supabase", "auth"),
    ("sendgrid", "SendGrid", "email"),
    ("postmark", "Postmark", "email"),
    ("twilio", "Twilio", "sms"),
    ("datadog", "Datadog", "observability"),
    ("segment", "Segment", "analytics"),
];

/// Vendors whose name is also an everyday word: they count only when
/// capitalised, so "a customer segment" is not an analytics integration.
pub const VENDORS_NEEDING_CAPITAL: &[&str] = &["segment"];

/// Fields every entity has, whatever the target; declaring them is
/// redundant.
pub const PROVIDED_FIELDS: &[&str] = &["id", "created_at", "updated_at"];

/// Whether a profile field's name says what its user may do (`role`,
/// `is_admin`, `permissions`, `access_level`): a field the user must not
/// set.
pub fn is_privilege_field(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "role",
        "roles",
        "permission",
        "permissions",
        "privilege",
        "privileges",
        "scope",
        "scopes",
        "access_level",
        "user_type",
        "account_type",
        "subscription_tier",
        "credits",
        "balance",
        "verified",
        "approved",
        "banned",
    ];
    NAMES.contains(&name)
        || name.ends_with("_role")
        || name.ends_with("_roles")
        || name.ends_with("_permissions")
        || ["is_", "can_"].iter().any(|prefix| {
            name.strip_prefix(prefix).is_some_and(|rest| {
                matches!(
                    rest,
                    "admin"
                        | "staff"
                        | "superuser"
                        | "moderator"
                        | "verified"
                        | "approved"
                        | "active"
                        | "banned"
                        | "owner"
                ) || rest.starts_with("admin")
                    || name.starts_with("can_")
            })
        })
}

/// The column that ties each row to the user who owns it: every entity has
/// it, so no field may take its name.
pub const OWNER_COLUMN: &str = "user_id";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn privilege_fields_are_told_by_their_names() {
        for name in [
            "role",
            "is_admin",
            "is_staff",
            "permissions",
            "can_publish",
            "team_role",
        ] {
            assert!(is_privilege_field(name), "{name}");
        }
        for name in [
            "nickname",
            "island",
            "is_public_profile",
            "roleplay_name",
            "theme",
        ] {
            assert!(!is_privilege_field(name), "{name}");
        }
    }

    #[test]
    fn type_words_are_found_whatever_the_case() {
        assert_eq!(field_type("INT"), Some("integer"));
        assert_eq!(field_type("Timestamp"), Some("datetime"));
        assert_eq!(field_type("banana"), None);
    }

    #[test]
    fn limits_and_defaults_in_words_are_keyed_modifiers() {
        for (text, expected) in [
            ("max 100 chars", Some(("max", "100"))),
            ("Up to 80 characters", Some(("max", "80"))),
            ("at least 2", Some(("min", "2"))),
            ("min 0", Some(("min", "0"))),
            (">= 1", Some(("min", "1"))),
            ("default false", Some(("default", "false"))),
            ("defaults to \"Draft\"", Some(("default", "\"Draft\""))),
            ("max chars", None),
            ("up to 80 pages", None),
            ("defaults", None),
        ] {
            assert_eq!(worded_modifier(text), expected, "{text}");
        }
        assert_eq!(strict_lower_bound("> 0"), Some("0"));
        assert_eq!(strict_lower_bound(">x"), None);
    }

    #[test]
    fn every_canonical_type_name_is_a_spelling_of_itself() {
        for &(_, canonical) in TYPE_WORDS {
            assert_eq!(field_type(canonical), Some(canonical));
        }
    }
}
