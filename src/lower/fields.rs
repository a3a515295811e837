//! One field: its type (a built-in type, an enumeration or a link), its
//! modifiers and keyed values, and its name.

use crate::diagnostics::Diagnostic;
use crate::genome::{Field, FieldType, OnDelete, Reference};
use crate::manifest::ManifestField;
use crate::naming;
use crate::problems::{Inference, LowerProblem};
use crate::span::Span;
use crate::spelling;
use crate::syntax;
use crate::vocabulary::{self, ModifierMeaning};

use super::entities::is_user;
use super::{DeclaredNames, values};

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
    /// The name the field had before (`was=`).
    renamed_from: Option<String>,
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
    } else if field_type.is_none()
        && type_name.text.starts_with(|c: char| c.is_ascii_uppercase())
        && !vocabulary::is_primary_key(&type_name.text)
    {
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
        let problem = if vocabulary::is_primary_key(&type_name.text) {
            LowerProblem::PrimaryKeyField {
                span: type_name.span,
                field: &field.name.text,
                as_type: true,
            }
        } else if vocabulary::modifier(&type_name.text).is_some() {
            LowerProblem::ModifierAsType {
                span: type_name.span,
                written: &type_name.text,
                field: &field.name.text,
            }
        } else {
            LowerProblem::UnknownType {
                span: type_name.span,
                written: &type_name.text,
                field: &field.name.text,
            }
        };
        diagnostics.push(problem.into());
    }
    let comma_values = match field_type {
        Some(FieldType::Enum) => comma_separated_values(field),
        _ => 0,
    };
    let enum_values = match field_type {
        Some(FieldType::Enum) if comma_values > 0 => {
            let last = &field.modifiers[comma_values - 1];
            let first = field.enum_values.iter().flatten().map(|v| v.text.as_str());
            let rest = field.modifiers[..comma_values]
                .iter()
                .map(|m| enum_word(&m.text));
            diagnostics.push(
                LowerProblem::CommaSeparatedEnum {
                    span: type_name.span.cover(last.span),
                    field: &field.name.text,
                    values: first.chain(rest).collect(),
                }
                .into(),
            );
            None
        }
        Some(FieldType::Enum) => values::enum_values(field, diagnostics),
        _ => Some(Vec::new()),
    };

    let mut required: Option<(bool, Span)> = None;
    let mut unique: Option<(bool, Span)> = None;
    let mut indexed: Option<(bool, Span)> = None;
    let mut ok = field_type.is_some() && enum_values.is_some();
    let worded_defaults = field_type.map_or_else(Vec::new, |field_type| {
        worded_defaults(&field.modifiers[comma_values..], field_type)
    });
    let mut keyed: Vec<(values::Key, &syntax::Modifier, &syntax::Text)> = Vec::new();
    for modifier in &field.modifiers[comma_values..] {
        if is_remark(&modifier.text) {
            diagnostics.push(
                Inference::RemarkNotRead {
                    span: modifier.span,
                    written: &modifier.text,
                    field: &field.name.text,
                }
                .into(),
            );
            continue;
        }
        if let Some(value) = worded_defaults
            .iter()
            .find(|value| modifier.span.contains(value.span))
        {
            diagnostics.push(
                Inference::DefaultRead {
                    span: modifier.span,
                    written: &modifier.text,
                    value: &value.text,
                }
                .into(),
            );
            if !keyed.iter().any(|(k, ..)| *k == values::Key::Default) {
                keyed.push((values::Key::Default, modifier, value));
            }
            continue;
        }
        if let (Some(key), Some(value)) = (&modifier.key, &modifier.value)
            && vocabulary::modifier(&modifier.text).is_none()
        {
            match values::key(&key.text) {
                Some(meaning) => {
                    if !keyed.iter().any(|(k, ..)| *k == meaning) {
                        keyed.push((meaning, modifier, value));
                    }
                }
                None => {
                    ok = false;
                    diagnostics.push(
                        LowerProblem::UnknownKey {
                            span: key.span,
                            written: &key.text,
                            field: &field.name.text,
                            keys: values::KEYS,
                        }
                        .into(),
                    );
                }
            }
            continue;
        }
        let Some(meaning) = vocabulary::modifier(&modifier.text) else {
            ok = false;
            diagnostics.push(unknown_modifier(field, modifier, field_type).into());
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
                    LowerProblem::ConflictingModifiers {
                        span: modifier.span,
                        field: &field.name.text,
                        what,
                        written: &modifier.text,
                        first: *first,
                        first_written: field
                            .modifiers
                            .iter()
                            .find(|m| m.span == *first)
                            .map(|m| m.text.as_str()),
                    }
                    .into(),
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
        renamed_from: None,
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
            values::Key::Was => resolved.renamed_from = Some(value.text.clone()),
            values::Key::Default => {}
        }
    }
    if resolved.pattern.is_none() && type_name.text.eq_ignore_ascii_case("time") {
        time_of_day(field, field_type, &mut resolved, diagnostics);
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
            resolved.pattern.as_deref(),
            diagnostics,
        ) {
            Some(v) => resolved.default = Some(v),
            None => ok = false,
        }
    }
    ok.then_some(resolved)
}

/// `validated`, `encrypted`: a word among the modifiers that remarks on
/// the field and declares nothing.
fn is_remark(text: &str) -> bool {
    vocabulary::REMARK_WORDS
        .iter()
        .any(|word| word.eq_ignore_ascii_case(text))
}

/// The values of the modifiers `default VALUE` (two words, no `=`) whose
/// value suits the field's type, each as a text spanning the value.
fn worded_defaults(modifiers: &[syntax::Modifier], field_type: FieldType) -> Vec<syntax::Text> {
    modifiers
        .iter()
        .filter(|modifier| modifier.key.is_none())
        .filter_map(|modifier| {
            let (word, value) = modifier.text.split_once(' ')?;
            let single = !value.is_empty() && !value.contains(' ');
            (word.eq_ignore_ascii_case("default")
                && single
                && worded_value_fits(field_type, "default", value))
            .then(|| syntax::Text {
                text: value.to_string(),
                span: Span::new(modifier.span.end - value.len(), modifier.span.end),
            })
        })
        .collect()
}

/// A field of the type word `time` holds a time of day: text checked by
/// [`vocabulary::TIME_OF_DAY_PATTERN`], with its examples.
fn time_of_day(
    field: &syntax::Field,
    field_type: FieldType,
    resolved: &mut Resolved,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let value = syntax::Text {
        text: vocabulary::TIME_OF_DAY_PATTERN.to_string(),
        span: field.type_name.span,
    };
    let modifier = syntax::Modifier {
        text: format!("pattern={}", value.text),
        span: field.type_name.span,
        key: None,
        value: None,
    };
    if let Some(examples) = values::pattern(field, field_type, &modifier, &value, diagnostics) {
        resolved.pattern = Some(value.text);
        resolved.pattern_example = examples.first().cloned();
        resolved.pattern_examples = examples;
    }
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
        // `userId` is not offered `user_id`, which every entity has.
        let fixable = snake.starts_with(|c: char| c.is_ascii_lowercase())
            && snake
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !vocabulary::PROVIDED_FIELDS.contains(&snake.as_str())
            && snake != vocabulary::OWNER_COLUMN;
        diagnostics.push(
            LowerProblem::InvalidFieldName {
                span: name.span,
                name: text,
                fix: fixable.then_some(snake),
            }
            .into(),
        );
        return None;
    }
    if vocabulary::PROVIDED_FIELDS.contains(&text) {
        diagnostics.push(
            LowerProblem::ProvidedField {
                span: name.span,
                name: text,
            }
            .into(),
        );
        return None;
    }
    if text == vocabulary::OWNER_COLUMN {
        diagnostics.push(
            LowerProblem::OwnerColumnField {
                span: name.span,
                name: text,
            }
            .into(),
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
    if let Some(reference) = &reference
        && reference.column == vocabulary::OWNER_COLUMN
    {
        diagnostics.push(
            LowerProblem::LinkInOwnerColumn {
                span: name.span,
                name: text,
                column: &reference.column,
            }
            .into(),
        );
        return None;
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
        renamed_from: resolved.renamed_from,
        origin: field.span,
        name_span: name.span,
    })
}

/// How many of the field's modifiers are the values of `enum: a, b, c`
/// after the first: an enumeration of one value followed by words that are
/// no modifier but could be values (the last perhaps after `or`).
fn comma_separated_values(field: &syntax::Field) -> usize {
    if field
        .enum_values
        .as_ref()
        .is_none_or(|values| values.len() != 1)
    {
        return 0;
    }
    field
        .modifiers
        .iter()
        .take_while(|modifier| {
            let word = enum_word(&modifier.text);
            modifier.key.is_none()
                && vocabulary::modifier(&modifier.text).is_none()
                && word.starts_with(|c: char| c.is_ascii_alphanumeric())
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
        .count()
}

/// A value of `enum: a, b, or c` as written after its comma.
fn enum_word(text: &str) -> &str {
    text.strip_prefix("or ").unwrap_or(text).trim()
}

/// A modifier that is none of the language's words: perhaps a limit or a
/// default written in words, whose keyed form is offered when it suits
/// the field's type.
fn unknown_modifier<'a>(
    field: &'a syntax::Field,
    modifier: &'a syntax::Modifier,
    field_type: Option<FieldType>,
) -> LowerProblem<'a> {
    let (span, written, name) = (
        modifier.span,
        modifier.text.as_str(),
        field.name.text.as_str(),
    );
    if vocabulary::is_primary_key(written) {
        return LowerProblem::PrimaryKeyField {
            span,
            field: name,
            as_type: false,
        };
    }
    if let Some((key, value)) = vocabulary::worded_modifier(written) {
        return LowerProblem::ModifierInWords {
            span,
            written,
            field: name,
            key,
            value,
            // Alone, so that the keyed form cannot clash with another limit.
            fits: field_type.is_some_and(|t| worded_value_fits(t, key, value))
                && field.modifiers.iter().all(|other| {
                    std::ptr::eq(other, modifier)
                        || (other.key.is_none()
                            && vocabulary::worded_modifier(&other.text).is_none()
                            && vocabulary::strict_lower_bound(&other.text).is_none())
                }),
        };
    }
    if let Some(bound) = vocabulary::strict_lower_bound(written) {
        return LowerProblem::StrictLowerBound {
            span,
            written,
            field: name,
            bound,
            whole_min: (field_type == Some(FieldType::Integer)
                && field.modifiers.iter().all(|other| {
                    std::ptr::eq(other, modifier)
                        || (other.key.is_none()
                            && vocabulary::worded_modifier(&other.text).is_none())
                }))
            .then(|| bound.parse::<i64>().ok()?.checked_add(1))
            .flatten(),
        };
    }
    LowerProblem::UnknownModifier {
        span,
        written,
        field: name,
    }
}

/// Whether `key=value` is a keyed modifier the field's type takes.
fn worded_value_fits(field_type: FieldType, key: &str, value: &str) -> bool {
    let whole = value.parse::<u32>().ok();
    match (key, field_type) {
        ("max" | "min", FieldType::String) => {
            whole.is_some_and(|n| n <= crate::genome::STRING_MAX_LENGTH)
        }
        ("max" | "min", FieldType::Text) => whole.is_some(),
        ("max" | "min", FieldType::Integer) => value.parse::<i64>().is_ok(),
        ("max" | "min", FieldType::Float | FieldType::Decimal) => value.parse::<f64>().is_ok(),
        ("default", FieldType::String | FieldType::Text) => true,
        ("default", FieldType::Boolean) => {
            value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
        }
        ("default", FieldType::Integer) => value.parse::<i64>().is_ok(),
        ("default", FieldType::Float | FieldType::Decimal) => value.parse::<f64>().is_ok(),
        _ => false,
    }
}

/// A capitalised type that is not an entity declared in the PRD, or the
/// built-in account.
fn unknown_entity(field: &syntax::Field, declared_names: &[&str]) -> Diagnostic {
    let type_name = &field.type_name;
    if naming::snake_case(&type_name.text) == "user" {
        return LowerProblem::LinkToAccount {
            span: type_name.span,
            field: &field.name.text,
            written: &type_name.text,
        }
        .into();
    }
    LowerProblem::UnknownEntity {
        span: type_name.span,
        field: &field.name.text,
        written: &type_name.text,
        entities: declared_names,
    }
    .into()
}
