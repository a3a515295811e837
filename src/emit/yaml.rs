//! A small, deterministic YAML writer for JSON values.
//!
//! Block style throughout; every string is double-quoted (JSON escapes are
//! valid YAML), keys are plain only when they cannot be misread.

use serde_json::Value;

use super::escape::yaml_str;

/// YAML 1.1 words a plain scalar would turn into a boolean or null.
const AMBIGUOUS: &[&str] = &[
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
];

fn key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !AMBIGUOUS.contains(&k.to_ascii_lowercase().as_str());
    if plain { k.to_string() } else { yaml_str(k) }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(yaml_str(s)),
        Value::Array(a) if a.is_empty() => Some("[]".into()),
        Value::Object(o) if o.is_empty() => Some("{}".into()),
        _ => None,
    }
}

fn write(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                out.push_str(&pad);
                out.push_str(&key(k));
                out.push(':');
                match scalar(v) {
                    Some(s) => {
                        out.push(' ');
                        out.push_str(&s);
                        out.push('\n');
                    }
                    None => {
                        out.push('\n');
                        write(v, indent + 2, out);
                    }
                }
            }
        }
        Value::Array(a) => {
            for item in a {
                match scalar(item) {
                    Some(s) => {
                        out.push_str(&pad);
                        out.push_str("- ");
                        out.push_str(&s);
                        out.push('\n');
                    }
                    None => {
                        let mut nested = String::new();
                        write(item, indent + 2, &mut nested);
                        // The first line of the nested block carries the dash.
                        out.push_str(&pad);
                        out.push_str("- ");
                        out.push_str(&nested[indent + 2..]);
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&scalar(other).unwrap_or_default());
            out.push('\n');
        }
    }
}

/// The value as a YAML document.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match scalar(v) {
        Some(s) => {
            out.push_str(&s);
            out.push('\n');
        }
        None => write(v, 0, &mut out),
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
