//! One field: its type (a built-in type, an enumeration or a link), its
//! modifiers and keyed values, and its name.

use crate::diagnostics::{Code, Diagnostic};
use crate::genome::{Field, FieldType, OnDelete, Reference};
use crate::manifest::ManifestField;
use crate::naming;
use crate::span::Span;
use crate::spelling;
use crate::syntax;
use crate::vocabulary::{self, ModifierMeaning};

use super::entities::is_user;
use super::{DeclaredNames, did_you_mean, values};

/// A field's resolved type and flags, before its name is checked.
pub(super) struct Resolved {
    field_type: FieldType,
    required: bool,
    unique: bool,
    indexed: bool,
    /// The referenced entity, for a reference.
    target: Option<String>,
    enum_values: Vec<String>,
    default: Option<serde_json::Value>,
    min: Option<serde_json::Number>,
    max: Option<serde_json::Number>,
    pattern: Option<String>,
    pattern_example: Option<String>,
    pattern_examples: Vec<String>,
}

impl Resolved {
    /// The field as the manifest lists it, under its name as written.
    pub(super) fn manifest_field(&self, name: &str) -> ManifestField {
        ManifestField {
            name: name.to_string(),
            field_type: self.field_type.canonical_name().to_string(),
            required: self.required,
            unique: self.unique,
            indexed: self.indexed || self.target.is_some(),
            references: self.target.clone(),
            values: self.enum_values.clone(),
            default: self.default.clone(),
            min: self.min.clone(),
            max: self.max.clone(),
            pattern: self.pattern.clone(),
        }
    }
}

pub(super) fn lower_field(
    field: &syntax::Field,
    declared_names: &DeclaredNames,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let type_name = &field.type_name;
    let mut target = None;
    let mut field_type =
        vocabulary::field_type(&type_name.text).and_then(FieldType::from_canonical_name);
    if type_name.text.eq_ignore_ascii_case("enum") {
        field_type = Some(FieldType::Enum);
    } else if field_type.is_none() && type_name.text.starts_with(|c: char| c.is_ascii_uppercase()) {
        if is_user(&type_name.text) {
            diagnostics.push(unknown_entity(field, &declared_names.in_order));
            return None;
        }
        if let Some(name) = declared_names.set.get(type_name.text.as_str()) {
            field_type = Some(FieldType::Reference);
            target = Some((*name).to_string());
        } else if spelling::closest(
            &type_name.text,
            vocabulary::TYPE_WORDS.iter().map(|(w, _)| *w),
        )
        .is_none()
        {
            diagnostics.push(unknown_entity(field, &declared_names.in_order));
            return None;
        }
    }
    if field_type.is_none() {
        let words = vocabulary::TYPE_WORDS.iter().map(|(word, _)| *word);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownType,
            type_name.span,
            format!(
                "unknown type `{}` for the field `{}`",
                type_name.text, field.name.text
            ),
        );
        diagnostic = did_you_mean(
            diagnostic,
            type_name.span,
            &type_name.text,
            words,
            "not a known type",
        );
        let listed = "string, text, integer, float, decimal, boolean, date, datetime, uuid, json, email, url, enum, or an entity's name";
        diagnostic = diagnostic.with_help(format!("the types are: {listed}"));
        diagnostics.push(diagnostic);
    }
    let enum_values = match field_type {
        Some(FieldType::Enum) => values::enum_values(field, diagnostics),
        _ => Some(Vec::new()),
    };

    let mut required: Option<(bool, Span)> = None;
    let mut unique: Option<(bool, Span)> = None;
    let mut indexed: Option<(bool, Span)> = None;
    let mut ok = field_type.is_some() && enum_values.is_some();
    let mut keyed: Vec<(values::Key, &syntax::Modifier, &syntax::Text)> = Vec::new();
    for modifier in &field.modifiers {
        if let (Some(key), Some(value)) = (&modifier.key, &modifier.value) {
            if vocabulary::modifier(&modifier.text).is_none() {
                match values::key(&key.text) {
                    Some(meaning) => {
                        if !keyed.iter().any(|(k, ..)| *k == meaning) {
                            keyed.push((meaning, modifier, value));
                        }
                    }
                    None => {
                        ok = false;
                        let mut diagnostic = Diagnostic::new(
                            Code::UnknownModifier,
                            key.span,
                            format!(
                                "unknown modifier `{}` on the field `{}`",
                                key.text, field.name.text
                            ),
                        );
                        diagnostic = did_you_mean(
                            diagnostic,
                            key.span,
                            &key.text,
                            values::KEYS.iter().copied(),
                            "not a known modifier",
                        );
                        diagnostics.push(diagnostic.with_help(
                            "the modifiers with a value are `default=`, `min=`, `max=` and `pattern=`",
                        ));
                    }
                }
                continue;
            }
        }
        let Some(meaning) = vocabulary::modifier(&modifier.text) else {
            ok = false;
            let words = vocabulary::MODIFIER_WORDS.iter().map(|(word, _)| *word);
            let mut diagnostic = Diagnostic::new(
                Code::UnknownModifier,
                modifier.span,
                format!(
                    "unknown modifier `{}` on the field `{}`",
                    modifier.text, field.name.text
                ),
            );
            diagnostic = did_you_mean(
                diagnostic,
                modifier.span,
                &modifier.text,
                words,
                "not a known modifier",
            );
            diagnostics.push(diagnostic.with_help(
                "the modifiers are `required` (or `not null`), `optional`, `unique` and `indexed` (or `index`)",
            ));
            continue;
        };
        let (slot, value, what) = match meaning {
            ModifierMeaning::Required(value) => (&mut required, value, "required"),
            ModifierMeaning::Unique(value) => (&mut unique, value, "unique"),
            ModifierMeaning::Indexed(value) => (&mut indexed, value, "indexed"),
        };
        match slot {
            Some((earlier, first)) if *earlier != value => {
                ok = false;
                diagnostics.push(
                    Diagnostic::new(
                        Code::ConflictingModifiers,
                        modifier.span,
                        format!(
                            "the field `{}` is both {} and not {what}",
                            field.name.text, what,
                        ),
                    )
                    .with_label("contradicts the earlier modifier")
                    .with_secondary(*first, "first said here")
                    .with_help(format!(
                        "keep either `{}` or `{}`, whichever describes the field",
                        field
                            .modifiers
                            .iter()
                            .find(|m| m.span == *first)
                            .map_or("the first", |m| m.text.as_str()),
                        modifier.text
                    )),
                );
            }
            Some(_) => {}
            None => *slot = Some((value, modifier.span)),
        }
    }
    let field_type = field_type?;
    let enum_values = enum_values?;
    let mut resolved = Resolved {
        field_type,
        required: required.is_some_and(|(value, _)| value),
        unique: unique.is_some_and(|(value, _)| value),
        indexed: indexed.is_some_and(|(value, _)| value),
        target,
        enum_values,
        default: None,
        min: None,
        max: None,
        pattern: None,
        pattern_example: None,
        pattern_examples: Vec::new(),
    };
    let mut min_span = None;
    let mut max_span = None;
    for &(key, modifier, value) in &keyed {
        match key {
            values::Key::Min | values::Key::Max => {
                match values::bound(field, field_type, modifier, value, diagnostics) {
                    Some(n) if key == values::Key::Min => {
                        resolved.min = Some(n);
                        min_span = Some(value.span);
                    }
                    Some(n) => {
                        resolved.max = Some(n);
                        max_span = Some(value.span);
                    }
                    None => ok = false,
                }
            }
            values::Key::Pattern => {
                match values::pattern(field, field_type, modifier, value, diagnostics) {
                    Some(examples) => {
                        resolved.pattern = Some(value.text.clone());
                        resolved.pattern_example = examples.first().cloned();
                        resolved.pattern_examples = examples;
                    }
                    None => ok = false,
                }
            }
            values::Key::Default => {}
        }
    }
    if !values::check_range(
        field,
        resolved.min.as_ref().zip(min_span),
        resolved.max.as_ref().zip(max_span),
        diagnostics,
    ) {
        ok = false;
    }
    if let Some(&(_, modifier, value)) = keyed.iter().find(|(k, ..)| *k == values::Key::Default) {
        match values::default_value(
            field,
            field_type,
            &resolved.enum_values,
            value,
            modifier.span,
            resolved.min.as_ref(),
            resolved.max.as_ref(),
            diagnostics,
        ) {
            Some(v) => resolved.default = Some(v),
            None => ok = false,
        }
    }
    ok.then_some(resolved)
}

/// Checks the field's name; returns the genome field unless the name is
/// invalid, the field is one the app provides itself, or its type and
/// modifiers did not resolve.
pub(super) fn check_field_name(
    field: &syntax::Field,
    resolved: Option<Resolved>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Field> {
    let name = &field.name;
    let text = name.text.as_str();
    let is_snake = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !is_snake {
        let snake = naming::snake_case(text);
        let mut diagnostic = Diagnostic::new(
            Code::InvalidFieldName,
            name.span,
            format!("the field name `{text}` is not lower snake_case"),
        )
        .with_label("field names are lowercase words joined by underscores");
        let fixable = snake.starts_with(|c: char| c.is_ascii_lowercase())
            && snake
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if fixable {
            diagnostic = diagnostic
                .with_help(format!("write `{snake}`"))
                .with_suggestion(name.span, snake);
        } else {
            diagnostic = diagnostic.with_help(
                "start with a lowercase letter, then use lowercase letters, digits and underscores",
            );
        }
        diagnostics.push(diagnostic);
        return None;
    }
    if vocabulary::PROVIDED_FIELDS.contains(&text) {
        diagnostics.push(
            Diagnostic::new(
                Code::ManagedFieldIgnored,
                name.span,
                format!("`{text}` is provided automatically"),
            )
            .with_label("every entity already has this field; this declaration is ignored")
            .with_note("each entity gets `id`, `created_at` and `updated_at`, filled in by the generated app")
            .with_help("remove this field from the PRD"),
        );
        return None;
    }
    if text == vocabulary::OWNER_COLUMN {
        diagnostics.push(
            Diagnostic::new(
                Code::ManagedFieldConflict,
                name.span,
                format!("a field cannot be named `{text}`"),
            )
            .with_label(format!(
                "`{text}` is taken: it is the ownership column that ties each row to its user"
            ))
            .with_help("choose another name, such as `assignee_id` or `author_id`"),
        );
        return None;
    }
    let resolved = resolved?;
    let reference = resolved.target.map(|entity| Reference {
        entity,
        column: format!("{text}_id"),
        on_delete: if resolved.required {
            OnDelete::Restrict
        } else {
            OnDelete::SetNull
        },
    });
    if let Some(reference) = &reference {
        if reference.column == vocabulary::OWNER_COLUMN {
            diagnostics.push(
                Diagnostic::new(
                    Code::ManagedFieldConflict,
                    name.span,
                    format!(
                        "the link `{text}` would be stored in `{}`",
                        reference.column
                    ),
                )
                .with_label(format!("`{}` is the owner's column", reference.column))
                .with_help("name the link after its role, such as `assignee` or `author`"),
            );
            return None;
        }
    }
    Some(Field {
        name: text.to_string(),
        field_type: resolved.field_type,
        required: resolved.required,
        unique: resolved.unique,
        indexed: resolved.indexed || reference.is_some(),
        reference,
        enum_values: resolved.enum_values,
        default: resolved.default,
        min: resolved.min,
        max: resolved.max,
        pattern: resolved.pattern,
        pattern_example: resolved.pattern_example,
        pattern_examples: resolved.pattern_examples,
        origin: field.span,
        name_span: name.span,
    })
}

/// A capitalised type that is not an entity declared in the PRD, or the
/// built-in account.
fn unknown_entity(field: &syntax::Field, declared_names: &[&str]) -> Diagnostic {
    let type_name = &field.type_name;
    if naming::snake_case(&type_name.text) == "user" {
        return Diagnostic::new(
            Code::UnknownEntity,
            type_name.span,
            format!("the field `{}` links to `{}`, the signed-in account", field.name.text, type_name.text),
        )
        .with_label("accounts cannot be linked to")
        .with_note("every row already belongs to the signed-in user, and one user cannot see another")
        .with_help("drop the field: the owner is recorded automatically; to name another person, store their name or e-mail address in a `string` or `email` field");
    }
    let mut diagnostic = Diagnostic::new(
        Code::UnknownEntity,
        type_name.span,
        format!(
            "the field `{}` links to `{}`, which is not an entity of this PRD",
            field.name.text, type_name.text
        ),
    );
    // Only a difference of case is fixed mechanically: a misspelt name may
    // as well be an entity the author forgot to declare.
    let same_but_case = declared_names
        .iter()
        .find(|name| name.eq_ignore_ascii_case(&type_name.text))
        .copied();
    let near = same_but_case
        .or_else(|| spelling::closest(&type_name.text, declared_names.iter().copied()));
    diagnostic = match (near, same_but_case) {
        (Some(name), Some(_)) => diagnostic
            .with_label(format!("did you mean `{name}`?"))
            .with_suggestion(type_name.span, name),
        (Some(name), None) => diagnostic.with_label(format!("did you mean `{name}`?")),
        (None, _) => diagnostic.with_label("no entity has this name"),
    };
    let names = declared_names
        .iter()
        .take(8)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    diagnostic.with_help(if names.is_empty() {
        "a capitalised type links to an entity; declare the entity, or use one of the types"
            .to_string()
    } else {
        format!("a capitalised type links to an entity; the entities are {names}")
    })
}
