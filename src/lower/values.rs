//! The checks of language v2 on one field: enumeration values, defaults,
//! `min`/`max` and `pattern`, each checked against the field's type.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Number, Value};

use crate::diagnostics::Diagnostic;
use crate::genome::{ENUM_VALUE_MAX_LENGTH, FieldType, STRING_MAX_LENGTH};
use crate::problems::{LowerProblem, Measure};
use crate::span::Span;
use crate::syntax::{self, Text};

/// Checks the values after `enum`; returns them when all are valid.
pub fn enum_values(
    field: &syntax::Field,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let Some(values) = &field.enum_values else {
        diagnostics.push(
            LowerProblem::EnumWithoutValues {
                span: field.type_name.span,
                field: &field.name.text,
            }
            .into(),
        );
        return None;
    };
    let mut ok = true;
    let mut seen: Vec<&Text> = Vec::new();
    for value in values {
        let text = value.text.as_str();
        let well_formed = text.starts_with(|c: char| c.is_ascii_alphanumeric())
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            && text.len() <= ENUM_VALUE_MAX_LENGTH;
        if text.is_empty() {
            ok = false;
            diagnostics.push(
                LowerProblem::EmptyEnumValue {
                    span: value.span,
                    field: &field.name.text,
                }
                .into(),
            );
        } else if !well_formed {
            ok = false;
            diagnostics.push(
                LowerProblem::InvalidEnumValue {
                    span: value.span,
                    value: text,
                    max_length: ENUM_VALUE_MAX_LENGTH,
                }
                .into(),
            );
        } else if let Some(first) = seen.iter().find(|seen| seen.text == text) {
            ok = false;
            diagnostics.push(
                LowerProblem::RepeatedEnumValue {
                    span: value.span,
                    field: &field.name.text,
                    value: text,
                    first: first.span,
                }
                .into(),
            );
        } else {
            seen.push(value);
        }
    }
    if ok && seen.len() < 2 {
        ok = false;
        diagnostics.push(
            LowerProblem::TooFewEnumValues {
                span: field.type_name.span,
                field: &field.name.text,
            }
            .into(),
        );
    }
    ok.then(|| values.iter().map(|v| v.text.clone()).collect())
}

/// A number written in a modifier; integers stay integers.
fn number(text: &str) -> Option<Number> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(Number::from(n));
    }
    let plain = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    if !plain {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(Number::from_f64)
}

fn as_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or(0.0)
}

fn is_numeric(t: FieldType) -> bool {
    matches!(
        t,
        FieldType::Integer | FieldType::Float | FieldType::Decimal
    )
}

fn is_text(t: FieldType) -> bool {
    matches!(t, FieldType::String | FieldType::Text)
}

/// `min=` or `max=`: a number for numeric fields, a length for text.
pub fn bound(
    field: &syntax::Field,
    field_type: FieldType,
    modifier: &syntax::Modifier,
    value: &Text,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Number> {
    let key = modifier.key.as_ref().map_or("min", |k| k.text.as_str());
    if !is_numeric(field_type) && !is_text(field_type) {
        diagnostics.push(
            LowerProblem::BoundNotApplicable {
                span: modifier.span,
                key,
                field: &field.name.text,
                field_type,
            }
            .into(),
        );
        return None;
    }
    let parsed = number(&value.text);
    let fits = match (&parsed, field_type) {
        (Some(n), FieldType::Integer) => n.is_i64(),
        (Some(n), t) if is_text(t) => n.as_u64().is_some(),
        (Some(_), _) => true,
        (None, _) => false,
    };
    if !fits {
        let measure = if is_text(field_type) {
            Measure::Length
        } else if field_type == FieldType::Integer {
            Measure::WholeNumber
        } else {
            Measure::Number
        };
        diagnostics.push(
            LowerProblem::InvalidBound {
                span: if value.text.is_empty() {
                    modifier.span
                } else {
                    value.span
                },
                key,
                value: &value.text,
                field: &field.name.text,
                measure,
            }
            .into(),
        );
        return None;
    }
    let n = parsed?;
    if field_type == FieldType::String && as_f64(&n) > f64::from(STRING_MAX_LENGTH) {
        diagnostics.push(
            LowerProblem::StringBoundTooLarge {
                span: value.span,
                most: STRING_MAX_LENGTH,
            }
            .into(),
        );
        return None;
    }
    Some(n)
}

/// `min` is not above `max`.
pub fn check_range(
    field: &syntax::Field,
    min: Option<(&Number, Span)>,
    max: Option<(&Number, Span)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if let (Some((low, low_span)), Some((high, high_span))) = (min, max)
        && as_f64(low) > as_f64(high)
    {
        diagnostics.push(
            LowerProblem::InvertedRange {
                span: high_span,
                field: &field.name.text,
                low,
                high,
                low_span,
            }
            .into(),
        );
        return false;
    }
    true
}

/// The default value as JSON, checked against the type, the limits and the
/// pattern.
#[allow(clippy::too_many_arguments)]
pub fn default_value(
    field: &syntax::Field,
    field_type: FieldType,
    enum_values: &[String],
    value: &Text,
    span: Span,
    min: Option<&Number>,
    max: Option<&Number>,
    pattern: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let text = value.text.as_str();
    let at = if text.is_empty() { span } else { value.span };
    let parsed = match field_type {
        FieldType::Integer => text.parse::<i64>().ok().map(|n| Value::Number(n.into())),
        FieldType::Float => number(text).map(Value::Number),
        FieldType::Decimal => number(text).and_then(|n| {
            let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
            let digits = text.chars().filter(char::is_ascii_digit).count();
            (decimals <= 4 && digits <= 18).then(|| {
                let text = n.to_string();
                // `Decimal("0")` reads better as `Decimal("0.0")` (and ruff says so).
                Value::String(if text.contains('.') {
                    text
                } else {
                    format!("{text}.0")
                })
            })
        }),
        FieldType::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(Value::Bool(true)),
            "false" | "no" => Some(Value::Bool(false)),
            _ => None,
        },
        FieldType::String | FieldType::Text => Some(Value::String(text.to_string())),
        FieldType::Enum => {
            if enum_values.iter().any(|v| v == text) {
                Some(Value::String(text.to_string()))
            } else {
                diagnostics.push(
                    LowerProblem::DefaultNotListed {
                        span: at,
                        value: text,
                        field: &field.name.text,
                        values: enum_values,
                    }
                    .into(),
                );
                return None;
            }
        }
        other => {
            diagnostics.push(
                LowerProblem::DefaultNotSupported {
                    span,
                    field_type: other,
                }
                .into(),
            );
            return None;
        }
    };
    let Some(parsed) = parsed else {
        diagnostics.push(
            LowerProblem::DefaultNotOfType {
                span: at,
                value: text,
                field: &field.name.text,
                field_type,
            }
            .into(),
        );
        return None;
    };
    let measure = match &parsed {
        Value::Number(n) => Some(as_f64(n)),
        Value::String(s) if is_text(field_type) => Some(s.chars().count() as f64),
        Value::String(s) if field_type == FieldType::Decimal => s.parse::<f64>().ok(),
        _ => None,
    };
    if let Some(measure) = measure {
        let too_long = field_type == FieldType::String && measure > f64::from(STRING_MAX_LENGTH);
        let below = min.is_some_and(|m| measure < as_f64(m));
        let above = max.is_some_and(|m| measure > as_f64(m));
        if too_long || below || above {
            diagnostics.push(
                LowerProblem::DefaultOutsideLimits {
                    span: at,
                    value: text,
                    field: &field.name.text,
                    length: is_text(field_type),
                }
                .into(),
            );
            return None;
        }
    }
    if let (Value::String(s), Some(pattern)) = (&parsed, pattern)
        && !matches_pattern(pattern, s)
    {
        diagnostics.push(
            LowerProblem::DefaultNotMatchingPattern {
                span: at,
                value: text,
                field: &field.name.text,
                pattern,
            }
            .into(),
        );
        return None;
    }
    Some(parsed)
}

/// Whether the app's validation accepts `text` for `pattern`: it searches
/// the text for a match (the pattern's own anchors make it whole), with
/// the syntax [`pattern`] checked.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).map_or(true, |regex| regex.is_match(text))
}

/// Compiles the pattern with the syntax of the regex engine the app's
/// validation uses; returns an example value that matches it.
pub fn pattern(
    field: &syntax::Field,
    field_type: FieldType,
    modifier: &syntax::Modifier,
    value: &Text,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    if !is_text(field_type) {
        diagnostics.push(
            LowerProblem::PatternNotApplicable {
                span: modifier.span,
                field: &field.name.text,
                field_type,
            }
            .into(),
        );
        return None;
    }
    if value.text.is_empty() {
        diagnostics.push(
            LowerProblem::EmptyPattern {
                span: modifier.span,
            }
            .into(),
        );
        return None;
    }
    // Both stages report a span into the pattern; point there.
    let mut report = |span: &regex_syntax::ast::Span, kind: String| {
        push_pattern_error(
            value,
            span.start.offset,
            span.end.offset,
            &kind,
            diagnostics,
        );
    };
    let ast = match regex_syntax::ast::parse::Parser::new().parse(&value.text) {
        Ok(ast) => ast,
        Err(error) => {
            report(error.span(), error.kind().to_string());
            return None;
        }
    };
    let hir = match regex_syntax::hir::translate::Translator::new().translate(&value.text, &ast) {
        Ok(hir) => hir,
        Err(error) => {
            report(error.span(), error.kind().to_string());
            return None;
        }
    };
    let mut slots = Vec::new();
    Some(if build_example(&hir, &mut slots, 0) {
        examples(&slots)
    } else {
        Vec::new()
    })
}

/// A piece of an example value: fixed text, or a choice of characters.
enum Slot {
    Text(String),
    Choice(Vec<char>),
}

/// The most distinct examples kept for one pattern: enough for the
/// generated tests and the black-box check to give each row of a unique
/// field its own value.
const MAX_EXAMPLES: usize = 100;

/// Distinct values the slots spell: the n-th picks its characters by the
/// digits of n, the last choice varying fastest. The first picks the first
/// character of every choice.
fn examples(slots: &[Slot]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in 0..MAX_EXAMPLES {
        let mut rest = n;
        let mut parts: Vec<String> = Vec::with_capacity(slots.len());
        for slot in slots.iter().rev() {
            match slot {
                Slot::Text(text) => parts.push(text.clone()),
                Slot::Choice(chars) => {
                    let len = chars.len().max(1);
                    parts.push(
                        chars
                            .get(rest % len)
                            .map(char::to_string)
                            .unwrap_or_default(),
                    );
                    rest /= len;
                }
            }
        }
        if rest > 0 {
            break;
        }
        parts.reverse();
        let value = parts.concat();
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

fn push_pattern_error(
    value: &Text,
    start: usize,
    end: usize,
    why: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let base = value.span.start;
    let len = value.text.len();
    let start = start.min(len);
    let mut end = end.clamp(start, len);
    if end == start && start < len {
        end = start + value.text[start..].chars().next().map_or(0, char::len_utf8);
    }
    diagnostics.push(
        LowerProblem::InvalidPattern {
            span: Span::new(base + start, base + end),
            error: why,
        }
        .into(),
    );
}

/// Appends the slots of strings the expression matches; `false` when it
/// cannot tell (a look-around or an empty class).
fn build_example(hir: &Hir, out: &mut Vec<Slot>, depth: usize) -> bool {
    if depth > 64 || out.len() > 4096 {
        return false;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => {
                out.push(Slot::Text(text.to_string()));
                true
            }
            Err(_) => false,
        },
        HirKind::Class(Class::Unicode(class)) => {
            let choices: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .filter(char::is_ascii_alphanumeric)
                .take(62)
                .collect();
            if !choices.is_empty() {
                out.push(Slot::Choice(choices));
                return true;
            }
            match class.ranges().first().map(|r| r.start()) {
                Some(c) if c != '\0' && !c.is_control() => {
                    out.push(Slot::Text(c.to_string()));
                    true
                }
                _ => false,
            }
        }
        HirKind::Class(Class::Bytes(class)) => match class.ranges().first() {
            Some(range) if range.start().is_ascii_graphic() => {
                out.push(Slot::Text(char::from(range.start()).to_string()));
                true
            }
            _ => false,
        },
        HirKind::Repetition(repetition) => {
            let times = if repetition.max == Some(0) {
                0
            } else {
                repetition.min.clamp(1, 64)
            };
            (0..times).all(|_| build_example(&repetition.sub, out, depth + 1))
        }
        HirKind::Capture(capture) => build_example(&capture.sub, out, depth + 1),
        HirKind::Concat(parts) => parts.iter().all(|part| build_example(part, out, depth + 1)),
        HirKind::Alternation(options) => options
            .first()
            .is_some_and(|first| build_example(first, out, depth + 1)),
    }
}

/// The modifier keys of language v2, for "did you mean".
pub const KEYS: &[&str] = &["default", "min", "max", "pattern", "was"];

/// What a `key=value` modifier sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Default,
    Min,
    Max,
    Pattern,
    /// The name the field had before, so that an update keeps its values.
    Was,
}

pub fn key(word: &str) -> Option<Key> {
    Some(match word.to_ascii_lowercase().as_str() {
        "default" => Key::Default,
        "min" | "minimum" | "min_length" | "minlength" => Key::Min,
        "max" | "maximum" | "max_length" | "maxlength" => Key::Max,
        "pattern" | "regex" => Key::Pattern,
        "was" => Key::Was,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples_of(pattern: &str) -> Vec<String> {
        let ast = regex_syntax::ast::parse::Parser::new()
            .parse(pattern)
            .expect("a valid pattern");
        let hir = regex_syntax::hir::translate::Translator::new()
            .translate(pattern, &ast)
            .expect("a valid pattern");
        let mut slots = Vec::new();
        assert!(build_example(&hir, &mut slots, 0));
        examples(&slots)
    }

    #[test]
    fn patterns_give_distinct_examples_the_first_unchanged() {
        let isbn = examples_of("^[0-9]{13}$");
        assert_eq!(isbn.len(), MAX_EXAMPLES);
        assert_eq!(isbn[0], "0000000000000");
        assert_eq!(isbn[1], "0000000000001");
        let code = examples_of("^[A-Z]{2}-[0-9]$");
        assert_eq!(&code[..3], ["AA-0", "AA-1", "AA-2"]);
        assert_eq!(examples_of("^ab$"), ["ab"]);
    }
}
