//! Python literals of a field's values for the generated tests: valid
//! ones, distinct ones for rows that must not clash, and invalid ones. The
//! field-type table gives each type's own; a field's enumeration and limits
//! decide the rest.

use crate::genome::{Field, FieldType, STRING_MAX_LENGTH};
use crate::targets::fastapi::escape::py_str;
use crate::targets::fastapi::types::{self, Limits, Number};

use super::FieldView;

/// The field's `min` and `max` as numbers.
fn bounds(field: &Field) -> (Option<f64>, Option<f64>) {
    let bound = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    (bound(&field.min), bound(&field.max))
}

/// Two distinct valid Python literals of the field, within its limits.
pub(super) fn samples(field: &Field) -> (String, String) {
    let row = types::row(field.field_type);
    if field.field_type == FieldType::Enum {
        let first = field.enum_values.first().cloned().unwrap_or_default();
        let second = field
            .enum_values
            .get(1)
            .cloned()
            .unwrap_or_else(|| first.clone());
        return (py_str(&first), py_str(&second));
    }
    match row.limits {
        Limits::Value(number) if field.min.is_some() || field.max.is_some() => {
            let (a, b) = match bounds(field) {
                (Some(l), Some(h)) => (l, h),
                (Some(l), None) => (l, l + 1.0),
                (None, Some(h)) => (h, h - 1.0),
                (None, None) => (0.0, 1.0),
            };
            (number.literal(a), number.literal(b))
        }
        Limits::Length if field.min.is_some() || field.max.is_some() || field.pattern.is_some() => {
            if let Some(example) = &field.pattern_example {
                let other = field.pattern_examples.get(1).unwrap_or(example);
                return (py_str(example), py_str(other));
            }
            let low = field
                .min
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .unwrap_or(0);
            let high = field
                .max
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .unwrap_or(u64::from(STRING_MAX_LENGTH));
            let length = low.max(1).min(high);
            (
                format!("{} * {length}", py_str("a")),
                format!("{} * {length}", py_str("b")),
            )
        }
        _ => (row.valid[0].literal(), row.valid[1].literal()),
    }
}

/// Literals that must be refused with 422, including the field's limits.
pub(super) fn invalid_for(field: &Field) -> Vec<String> {
    let row = types::row(field.field_type);
    let mut out = row.invalid.clone();
    match row.limits {
        Limits::Value(number) => {
            let (low, high) = bounds(field);
            if let Some(min) = low {
                out.push(number.literal(min - number.step()));
            }
            if let Some(max) = high {
                out.push(number.literal(max + number.step()));
            }
        }
        Limits::Length => {
            if field.required {
                out.push(py_str(""));
                out.push(py_str("  \t "));
            }
            if let Some(min) = field.min.as_ref().and_then(serde_json::Number::as_u64)
                && min > 0
            {
                out.push(format!("{} * {}", py_str("x"), min - 1));
            }
            if let Some(max) = field.max.as_ref().and_then(serde_json::Number::as_u64) {
                out.push(format!("{} * {}", py_str("x"), max + 1));
            }
        }
        Limits::None => {}
    }
    out.dedup();
    out
}

impl FieldView<'_> {
    /// The `k`-th alternative value of the field in `tests/factories.py`:
    /// VALID's and OTHER's values first, then values distinct from both and
    /// from each other where the field's type and limits allow, so that one
    /// user can hold several rows whose unique fields differ.
    pub fn alternative_literal(&self, k: usize) -> String {
        alternative_literal(self, k)
    }
}

fn alternative_literal(f: &FieldView, k: usize) -> String {
    let alternate = || {
        if k % 2 == 1 {
            f.other_literal()
        } else {
            f.valid_literal()
        }
    };
    if k < 2 {
        return alternate();
    }
    let source = &f.source;
    let (low, high) = bounds(source);
    if f.field_type == FieldType::Enum {
        return source
            .enum_values
            .get(k % source.enum_values.len().max(1))
            .map_or_else(alternate, |value| py_str(value));
    }
    match f.row.limits {
        Limits::Length if source.pattern.is_some() => source
            .pattern_examples
            .get(k)
            .map_or_else(alternate, |example| py_str(example)),
        Limits::Length => {
            let fits =
                low.unwrap_or(0.0) <= 2.0 && high.unwrap_or(f64::from(STRING_MAX_LENGTH)) >= 2.0;
            if fits {
                py_str(&format!("u{k}"))
            } else {
                alternate()
            }
        }
        Limits::Value(number) => {
            // Strictly inside the limits, away from VALID's and OTHER's
            // values, which sit on them (see `samples`).
            let step = k as f64;
            let value = match (low, high) {
                (None, None) => Some(1000.0 + step),
                (Some(l), None) => Some(l + 1.0 + step),
                (None, Some(h)) => Some(h - 1.0 - step),
                (Some(l), Some(h)) if number == Number::Integer => {
                    Some(l + step - 1.0).filter(|v| *v < h)
                }
                (Some(l), Some(h)) => Some(l + (h - l) * step / 8.0),
            };
            value.map_or_else(alternate, |v| number.literal(v))
        }
        Limits::None => f.row.nth.map_or_else(alternate, |nth| py_str(&nth(k))),
    }
}
