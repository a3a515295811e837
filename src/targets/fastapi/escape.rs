//! Escaping of PRD-provided text for each language it lands in.
//!
//! Every function returns text that, read back by the target language's
//! parser, yields exactly the input string.

use std::fmt::Write as _;

/// `()`, `(a,)` or `(a, b)`: a Python tuple of `items`, each already
/// written as Python, on one line (split as the formatter splits it when
/// the file is written). One item keeps its comma, without which it would
/// be the item in parentheses.
pub fn py_tuple(items: impl IntoIterator<Item = impl std::fmt::Display>) -> String {
    let items: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    let trailing_comma = if items.len() == 1 { "," } else { "" };
    format!("({}{trailing_comma})", items.join(", "))
}

/// A Python string literal whose value is `s`.
///
/// Only printable ASCII is written as is; everything else is a `\x`, `\u` or
/// `\U` escape, so the literal survives any editor or encoding mishap. The
/// quotes are the formatter's (`ruff format`): double, unless the text holds
/// more double quotes than single ones, so the app's code is already formatted.
pub fn py_str(s: &str) -> String {
    // Counted byte by byte: a quote is one byte in UTF-8, and a search for
    // each one costs more than the loop.
    let count = |quote: u8| s.bytes().filter(|&b| b == quote).count();
    let quote = if count(b'"') > count(b'\'') {
        '\''
    } else {
        '"'
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    // Most names and samples are printable ASCII with nothing to escape.
    if s.bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'\\' && char::from(b) != quote)
    {
        out.push_str(s);
        out.push(quote);
        return out;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) < 0x100 => write!(out, "\\x{:02x}", c as u32).unwrap(),
            c if (c as u32) < 0x1_0000 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => write!(out, "\\U{:08x}", c as u32).unwrap(),
        }
    }
    out.push(quote);
    out
}

/// Text safe inside a Python triple-double-quoted docstring, reading back as
/// `s` (on one line).
pub fn py_doc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => write!(out, "\\x{:02x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out
}

/// What Python reads back from a docstring written with [`py_doc`]: `s`
/// on one line.
pub fn py_doc_value(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

/// A YAML double-quoted scalar whose value is `s`.
///
/// JSON string syntax is a subset of YAML's double-quoted style, so a JSON
/// string literal is used; non-printable characters are escaped.
pub fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    yaml_str_into(s, &mut out);
    out
}

/// Appends [`yaml_str`] of `s` to `out`.
pub(crate) fn yaml_str_into(s: &str, out: &mut String) {
    out.push('"');
    let plain = |c: char| {
        !matches!(c, '\\' | '"')
            && !c.is_control()
            && !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
    };
    // Printable ASCII but `\\` and `"` is plain: checked byte by byte first.
    let plain_ascii = |b: u8| matches!(b, b' '..=b'~') && b != b'\\' && b != b'"';
    if s.bytes().all(plain_ascii) || s.chars().all(plain) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // YAML forbids these unescaped even in quoted scalars.
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                write!(out, "\\u{:04x}", c as u32).unwrap()
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON string literal whose value is `s`.
pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

/// Inline Markdown text that renders as `s` literally, also inside a table
/// cell: Markdown punctuation is backslash-escaped, HTML is neutralised and
/// line breaks become spaces.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '$' | '"' | '\'' | ':' | '@' | '%' | '=' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literal_escapes_everything_risky() {
        assert_eq!(py_str(r#"a"b\c"#), r#"'a"b\\c'"#);
        assert_eq!(py_str(r#"a"b'c'"#), r#""a\"b'c'""#);
        assert_eq!(py_str("é🚀\n{{x}}"), r#""\xe9\U0001f680\n{{x}}""#);
    }

    #[test]
    fn a_tuple_of_one_item_keeps_its_comma() {
        assert_eq!(py_tuple(Vec::<String>::new()), "()");
        assert_eq!(py_tuple(["'a'"]), "('a',)");
        assert_eq!(py_tuple(["1", "2"]), "(1, 2)");
    }

    #[test]
    fn yaml_and_json_quote() {
        assert_eq!(yaml_str("a: #b"), "\"a: #b\"");
        assert_eq!(json_str("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn markdown_neutralises_tables_and_html() {
        assert_eq!(md("a|b </script>"), "a\\|b &lt;/script&gt;");
    }
}
