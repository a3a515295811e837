//! Python literals of a field's values for the generated tests: valid
//! ones, distinct ones for rows that must not clash, and invalid ones.

use crate::genome::{Field, FieldType, STRING_MAX_LENGTH};
use crate::targets::fastapi::escape::py_str;

use super::FieldView;

/// Two distinct valid Python literals of the field, within its limits.
pub(super) fn samples(field: &Field) -> (String, String) {
    let t = field.field_type;
    match t {
        FieldType::Enum => {
            let first = field.enum_values.first().cloned().unwrap_or_default();
            let second = field
                .enum_values
                .get(1)
                .cloned()
                .unwrap_or_else(|| first.clone());
            (py_str(&first), py_str(&second))
        }
        FieldType::Reference => ("None".into(), "None".into()),
        FieldType::Integer | FieldType::Float | FieldType::Decimal
            if field.min.is_some() || field.max.is_some() =>
        {
            let low = field.min.as_ref().and_then(serde_json::Number::as_f64);
            let high = field.max.as_ref().and_then(serde_json::Number::as_f64);
            let (a, b) = match (low, high) {
                (Some(l), Some(h)) => (l, h),
                (Some(l), None) => (l, l + 1.0),
                (None, Some(h)) => (h, h - 1.0),
                (None, None) => (0.0, 1.0),
            };
            let render = |v: f64| match t {
                FieldType::Integer => format!("{}", v as i64),
                FieldType::Float => format!("{v:?}"),
                _ => py_str(&format!("{v:.4}")),
            };
            (render(a), render(b))
        }
        FieldType::String | FieldType::Text
            if field.min.is_some() || field.max.is_some() || field.pattern.is_some() =>
        {
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
        _ => (sample_literal(t, 1), sample_literal(t, 2)),
    }
}

/// Literals that must be refused with 422, including the field's limits.
pub(super) fn invalid_for(field: &Field) -> Vec<String> {
    let t = field.field_type;
    let mut out = invalid_literals(t);
    match t {
        FieldType::Enum => out.push(py_str("not-a-listed-value")),
        FieldType::Reference => out.push(py_str("00000000-0000-0000-0000-000000000000")),
        FieldType::Integer | FieldType::Float | FieldType::Decimal => {
            let offset = if t == FieldType::Integer { 1.0 } else { 0.5 };
            let render = |v: f64| match t {
                FieldType::Integer => format!("{}", v as i64),
                FieldType::Float => format!("{v:?}"),
                _ => py_str(&format!("{v:.4}")),
            };
            if let Some(min) = field.min.as_ref().and_then(serde_json::Number::as_f64) {
                out.push(render(min - offset));
            }
            if let Some(max) = field.max.as_ref().and_then(serde_json::Number::as_f64) {
                out.push(render(max + offset));
            }
        }
        FieldType::String | FieldType::Text => {
            if let Some(min) = field.min.as_ref().and_then(serde_json::Number::as_u64) {
                if min > 0 {
                    out.push(format!("{} * {}", py_str("x"), min - 1));
                }
            }
            if let Some(max) = field.max.as_ref().and_then(serde_json::Number::as_u64) {
                out.push(format!("{} * {}", py_str("x"), max + 1));
            }
        }
        _ => {}
    }
    out
}

/// A valid Python literal of the type; `n` (1 or 2) picks one of two
/// distinct values.
fn sample_literal(t: FieldType, n: u32) -> String {
    let first = n == 1;
    match t {
        FieldType::Enum | FieldType::Reference => "None".into(),
        FieldType::String => py_str(if first {
            "First \u{e9} value"
        } else {
            "Second value"
        }),
        FieldType::Text => py_str(if first {
            "Some longer text.\nSecond line."
        } else {
            "Other text"
        }),
        FieldType::Integer => (if first { "9007199254740993" } else { "-42" }).into(),
        FieldType::Float => (if first { "1.5" } else { "-0.25" }).into(),
        FieldType::Decimal => py_str(if first { "1234.5000" } else { "-7.2500" }),
        FieldType::Boolean => (if first { "True" } else { "False" }).into(),
        FieldType::Date => py_str(if first { "2024-02-29" } else { "2023-12-31" }),
        FieldType::DateTime => py_str(if first {
            "2024-03-01T12:30:00+02:00"
        } else {
            "2023-01-01T00:00:00Z"
        }),
        FieldType::Uuid => py_str(if first {
            "0d9bd3c4-4a7e-4b51-9a41-8a1f4ea1c001"
        } else {
            "6f1c2b7e-2b8a-4c3e-8d6f-1a2b3c4d5e02"
        }),
        FieldType::Json => (if first {
            r#"{"key": [1, "two", None, True]}"#
        } else {
            r#"["x", 2]"#
        })
        .into(),
        FieldType::Email => py_str(if first {
            "first@example.com"
        } else {
            "second@example.com"
        }),
        FieldType::Url => py_str(if first {
            "https://example.com/first"
        } else {
            "https://example.org/second?x=1"
        }),
    }
}

/// Python literals that must be refused with 422.
fn invalid_literals(t: FieldType) -> Vec<String> {
    let v: &[&str] = match t {
        FieldType::String => &[r#""x" * 256"#, "12345"],
        FieldType::Text => &["12345"],
        FieldType::Integer => &[r#""abc""#, "1.5", "2**63"],
        FieldType::Float => &[r#""abc""#],
        FieldType::Decimal => &[r#""not a number""#, r#""1" * 20"#],
        FieldType::Boolean => &[r#""maybe""#],
        FieldType::Date => &[r#""2024-13-45""#],
        FieldType::DateTime => &[r#""not a date""#, r#""2024-01-01T00:00:00""#],
        FieldType::Uuid => &[r#""not-a-uuid""#],
        FieldType::Json => &[],
        FieldType::Email => &[r#""not-an-email""#],
        FieldType::Url => &[r#""not a url""#, r#""ftp://example.com/x""#],
        FieldType::Enum => &["12345"],
        FieldType::Reference => &[r#""not-a-uuid""#],
    };
    v.iter().map(|s| s.to_string()).collect()
}

/// The `k`-th alternative value of a field in `tests/factories.py`: VALID's
/// and OTHER's values first, then values distinct from both and from each
/// other where the field's type and limits allow, so that one user can hold
/// several rows whose unique fields differ.
pub fn alternative_literal(f: &FieldView, k: usize) -> String {
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
    let bound = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    let (low, high) = (bound(&source.min), bound(&source.max));
    match f.field_type {
        FieldType::String | FieldType::Text if source.pattern.is_some() => source
            .pattern_examples
            .get(k)
            .map_or_else(alternate, |example| py_str(example)),
        FieldType::String | FieldType::Text => {
            let fits =
                low.unwrap_or(0.0) <= 2.0 && high.unwrap_or(f64::from(STRING_MAX_LENGTH)) >= 2.0;
            if fits {
                py_str(&format!("u{k}"))
            } else {
                alternate()
            }
        }
        FieldType::Enum => source
            .enum_values
            .get(k % source.enum_values.len().max(1))
            .map_or_else(alternate, |value| py_str(value)),
        FieldType::Integer | FieldType::Float | FieldType::Decimal => {
            // Strictly inside the limits, away from VALID's and OTHER's
            // values, which sit on them (see `samples`).
            let step = k as f64;
            let value = match (low, high) {
                (None, None) => Some(1000.0 + step),
                (Some(l), None) => Some(l + 1.0 + step),
                (None, Some(h)) => Some(h - 1.0 - step),
                (Some(l), Some(h)) if f.field_type == FieldType::Integer => {
                    Some(l + step - 1.0).filter(|v| *v < h)
                }
                (Some(l), Some(h)) => Some(l + (h - l) * step / 8.0),
            };
            match value {
                Some(v) if f.field_type == FieldType::Integer => format!("{}", v as i64),
                Some(v) if f.field_type == FieldType::Float => format!("{v:?}"),
                Some(v) => py_str(&format!("{v:.4}")),
                None => alternate(),
            }
        }
        FieldType::Email => py_str(&format!("u{k}@example.com")),
        FieldType::Url => py_str(&format!("https://example.com/u{k}")),
        FieldType::Uuid => py_str(&format!("00000000-0000-4000-8000-{k:012}")),
        FieldType::Date => py_str(&format!("2022-01-{:02}", k + 1)),
        FieldType::DateTime => py_str(&format!("2022-01-01T00:{k:02}:00Z")),
        FieldType::Boolean | FieldType::Json | FieldType::Reference => alternate(),
    }
}
