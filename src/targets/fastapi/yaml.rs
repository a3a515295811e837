//! A small, deterministic YAML writer for JSON values.
//!
//! Block style throughout; every string is double-quoted (JSON escapes are
//! valid YAML), keys are plain only when they cannot be misread.

use serde_json::Value;

use std::fmt::Write;

use super::escape::yaml_str_into;

/// YAML 1.1 words a plain scalar would turn into a boolean or null.
const AMBIGUOUS: &[&str] = &[
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
];

/// Whether a key can be written plain (unquoted).
fn plain_key(k: &str) -> bool {
    k.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !AMBIGUOUS.iter().any(|a| a.eq_ignore_ascii_case(k))
}

pub fn push_key(k: &str, out: &mut String) {
    if plain_key(k) {
        out.push_str(k);
    } else {
        yaml_str_into(k, out);
    }
}

/// Appends `v` as a one-line scalar and returns true, or returns false (and
/// appends nothing) when it needs a block.
fn push_scalar(v: &Value, out: &mut String) -> bool {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => yaml_str_into(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        _ => return false,
    }
    true
}

pub fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Appends `key: value` at `indent`, the value inline when it is a scalar
/// and as a block indented by two more spaces otherwise.
pub fn write_entry(k: &str, v: &Value, indent: usize, out: &mut String) {
    pad(indent, out);
    write_entry_here(k, v, indent, out);
}

/// [`write_entry`] where the line's indentation is already written.
fn write_entry_here(k: &str, v: &Value, indent: usize, out: &mut String) {
    push_key(k, out);
    out.push(':');
    out.push(' ');
    if push_scalar(v, out) {
        out.push('\n');
    } else {
        out.pop();
        out.push('\n');
        write(v, indent + 2, false, out);
    }
}

/// Appends the block for `v` at `indent`; with `dashed`, the caller has
/// already written the first line's indentation and `- `.
fn write(v: &Value, indent: usize, dashed: bool, out: &mut String) {
    let mut first = dashed;
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                if first {
                    first = false;
                    write_entry_here(k, v, indent, out);
                } else {
                    write_entry(k, v, indent, out);
                }
            }
        }
        Value::Array(a) => {
            for item in a {
                if first {
                    first = false;
                } else {
                    pad(indent, out);
                }
                out.push_str("- ");
                if push_scalar(item, out) {
                    out.push('\n');
                } else {
                    // The first line of the nested block carries the dash.
                    write(item, indent + 2, true, out);
                }
            }
        }
        other => {
            if !first {
                pad(indent, out);
            }
            push_scalar(other, out);
            out.push('\n');
        }
    }
}

/// The value as a YAML document.
#[cfg(test)]
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    if push_scalar(v, &mut out) {
        out.push('\n');
    } else {
        write(v, 0, false, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_blocks() {
        let v = json!({"a": [{"b": 1, "c": "x"}, 2], "on": {}, "/p": []});
        assert_eq!(
            to_yaml(&v),
            "\"/p\": []\na:\n  - b: 1\n    c: \"x\"\n  - 2\n\"on\": {}\n"
        );
    }
}
