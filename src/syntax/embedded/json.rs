//! JSON example documents (```` ```json ````): each member of the top-level
//! object whose value is a list of objects declares an entity, named by
//! the member in the singular, with a field for each key of its objects
//! and a type read from the example value (a note each, N0015).
//!
//! `//` comments, trailing commas and `...` in place of more items are
//! allowed, as examples in documents have them. Any other value of the
//! top-level object is reported (W0006) and not read, and so is a block
//! that is no JSON, from the first place it goes wrong.

use nom::Input as _;

use super::{EntityBuilder, Schema, built_in, field, field_name, not_read, note_built_in};
use crate::naming;
use crate::problems::{EmbeddedProblem, Notation, UnreadPart};
use crate::span::Span;
use crate::syntax::ast::{Field, Text};
use crate::syntax::lines::{Input, span_of};

const JSON: Notation = Notation::Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `{`, `}`, `[`, `]`, `:` or `,`.
    Punct(char),
    /// A string; the token is its content, without the quotes.
    Str,
    /// A number, `true`, `false`, `null`, `...` or any other word.
    Word,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: Input<'a>,
}

/// The tokens of the block's lines, without comments.
fn tokens<'a>(body: &[Input<'a>]) -> Result<Vec<Token<'a>>, Input<'a>> {
    let mut tokens = Vec::new();
    for &line in body {
        let text = *line.fragment();
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let c = rest.chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                at += c.len_utf8();
            } else if rest.starts_with("//") {
                break;
            } else if matches!(c, '{' | '}' | '[' | ']' | ':' | ',') {
                tokens.push(Token {
                    kind: Kind::Punct(c),
                    text: line.take_from(at).take(1),
                });
                at += 1;
            } else if c == '"' {
                let Some(end) = string_end(&rest[1..]) else {
                    return Err(line.take_from(at));
                };
                tokens.push(Token {
                    kind: Kind::Str,
                    text: line.take_from(at + 1).take(end),
                });
                at += end + 2;
            } else {
                let len = rest
                    .find(|c: char| c.is_whitespace() || "{}[]:,\"".contains(c))
                    .unwrap_or(rest.len());
                tokens.push(Token {
                    kind: Kind::Word,
                    text: line.take_from(at).take(len),
                });
                at += len;
            }
        }
    }
    Ok(tokens)
}

/// Where the string whose content starts `text` ends: the offset of its
/// closing quote, past escaped ones.
fn string_end(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(at),
            _ => escaped = false,
        }
    }
    None
}

/// A value of the example, with its text: a string's content, a number or
/// a word, or an object's or a list's opening bracket.
enum Value<'a> {
    Object(Input<'a>, Vec<(Input<'a>, Value<'a>)>),
    List(Input<'a>, Vec<Value<'a>>),
    Scalar(Kind, Input<'a>),
}

struct Reader<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
}

/// Where the example stops being JSON: the token that is not what was
/// expected, or `None` at the end of the block.
type Failure<'a> = Option<Input<'a>>;

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.at).copied()
    }

    fn next(&mut self) -> Result<Token<'a>, Failure<'a>> {
        let token = self.peek().ok_or(None)?;
        self.at += 1;
        Ok(token)
    }

    fn is(&self, c: char) -> bool {
        self.peek()
            .is_some_and(|token| token.kind == Kind::Punct(c))
    }

    /// `...` (or `…`) standing for more items or members.
    fn ellipsis(&mut self) -> bool {
        let skipped = self.peek().is_some_and(|token| {
            token.kind == Kind::Word && matches!(*token.text.fragment(), "..." | "…")
        });
        if skipped {
            self.at += 1;
        }
        skipped
    }

    fn expect(&mut self, c: char) -> Result<(), Failure<'a>> {
        let token = self.next()?;
        if token.kind == Kind::Punct(c) {
            Ok(())
        } else {
            Err(Some(token.text))
        }
    }

    fn value(&mut self) -> Result<Value<'a>, Failure<'a>> {
        let token = self.next()?;
        match token.kind {
            Kind::Punct('{') => {
                let mut members = Vec::new();
                loop {
                    if self.ellipsis() {
                        self.skip_comma();
                        continue;
                    }
                    if self.is('}') {
                        self.at += 1;
                        return Ok(Value::Object(token.text, members));
                    }
                    let key = self.next()?;
                    if key.kind != Kind::Str {
                        return Err(Some(key.text));
                    }
                    self.expect(':')?;
                    members.push((key.text, self.value()?));
                    if !self.skip_comma() && !self.is('}') {
                        return Err(self.peek().map(|token| token.text));
                    }
                }
            }
            Kind::Punct('[') => {
                let mut items = Vec::new();
                loop {
                    if self.ellipsis() {
                        self.skip_comma();
                        continue;
                    }
                    if self.is(']') {
                        self.at += 1;
                        return Ok(Value::List(token.text, items));
                    }
                    items.push(self.value()?);
                    if !self.skip_comma() && !self.is(']') {
                        return Err(self.peek().map(|token| token.text));
                    }
                }
            }
            Kind::Str => Ok(Value::Scalar(Kind::Str, token.text)),
            Kind::Word if is_word_value(token.text.fragment()) => {
                Ok(Value::Scalar(Kind::Word, token.text))
            }
            _ => Err(Some(token.text)),
        }
    }

    fn skip_comma(&mut self) -> bool {
        let comma = self.is(',');
        if comma {
            self.at += 1;
        }
        comma
    }
}

/// A number, `true`, `false` or `null`.
fn is_word_value(word: &str) -> bool {
    matches!(word, "true" | "false" | "null")
        || (word.starts_with(|c: char| c.is_ascii_digit() || c == '-')
            && word.parse::<f64>().is_ok())
}

pub(super) fn read(body: &[Input], schema: &mut Schema) {
    let tokens = match tokens(body) {
        Ok(tokens) => tokens,
        Err(at) => return malformed(Some(at), body, schema),
    };
    let mut reader = Reader { tokens, at: 0 };
    let value = match reader.value() {
        Ok(value) => value,
        Err(at) => return malformed(at, body, schema),
    };
    if let Some(extra) = reader.peek() {
        return malformed(Some(extra.text), body, schema);
    }
    match value {
        Value::Object(_, members) => {
            for (key, value) in members {
                match value {
                    Value::List(_, items)
                        if !items.is_empty()
                            && items.iter().all(|item| matches!(item, Value::Object(..))) =>
                    {
                        entity(key, &items, schema);
                    }
                    _ => not_read(key, JSON, UnreadPart::NotRecords, schema),
                }
            }
        }
        Value::List(open, _) | Value::Scalar(_, open) => {
            not_read(open, JSON, UnreadPart::NotRecords, schema);
        }
    }
}

/// The block is no JSON from `at` (or its last line): nothing of it is
/// read.
fn malformed(at: Failure, body: &[Input], schema: &mut Schema) {
    let Some(at) = at.or_else(|| {
        body.iter()
            .rev()
            .find(|line| !line.fragment().trim().is_empty())
            .copied()
    }) else {
        return;
    };
    not_read(at, JSON, UnreadPart::Malformed, schema);
}

/// The entity the list `key` declares, with the keys of its objects.
fn entity(key: Input, items: &[Value], schema: &mut Schema) {
    let mut builder = EntityBuilder::new(key, span_of(&key), schema);
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        let Value::Object(_, members) = item else {
            continue;
        };
        for (name, value) in members {
            let snake = naming::snake_case(name.fragment());
            if seen.contains(&snake) {
                continue;
            }
            seen.push(snake.clone());
            if let Some(kind) = built_in(&snake) {
                note_built_in(*name, kind, schema);
                continue;
            }
            let name_text = field_name(*name, schema);
            builder.push(member_field(name_text, &snake, value, schema));
        }
    }
    builder.finish(schema);
}

/// The field a key declares, typed from its value; a `null` value and a
/// key ending in `_id` get no type here, so that one is inferred from the
/// name.
fn member_field(name: Text, snake: &str, value: &Value, schema: &mut Schema) -> Field {
    let (text, type_word) = match value {
        Value::Object(open, _) | Value::List(open, _) => (*open, Some("json")),
        Value::Scalar(Kind::Str, text) => (*text, Some(string_type(text.fragment()))),
        Value::Scalar(_, text) => (
            *text,
            match *text.fragment() {
                "null" => None,
                "true" | "false" => Some("boolean"),
                number if number.contains(['.', 'e', 'E']) => Some("decimal"),
                _ => Some("integer"),
            },
        ),
    };
    // The member spans its key and its value's first token, the quotes of
    // both included.
    let value_span = match value {
        Value::Scalar(Kind::Str, _) => quoted(span_of(&text)),
        _ => span_of(&text),
    };
    let span = quoted(name.span).cover(value_span);
    match type_word {
        Some(type_word) if !snake.ends_with("_id") => {
            schema.problems.push(EmbeddedProblem::ExampleType {
                span: value_span,
                field: name.text.clone(),
                type_word,
            });
            let mut declared = field(name, type_word, text, span);
            declared.type_name.span = value_span;
            declared
        }
        _ => Field {
            type_name: Text {
                text: String::new(),
                span: Span::new(name.span.end, name.span.end),
            },
            span,
            name,
            enum_values: None,
            modifiers: Vec::new(),
        },
    }
}

/// A string's span with its quotes, from its content's.
fn quoted(content: Span) -> Span {
    Span::new(content.start - 1, content.end + 1)
}

/// The type an example string implies.
fn string_type(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let is_date = |len: usize| {
        len >= 10
            && digits(0..4)
            && bytes[4] == b'-'
            && digits(5..7)
            && bytes[7] == b'-'
            && digits(8..10)
    };
    if bytes.len() == 10 && is_date(10) {
        "date"
    } else if bytes.len() >= 16
        && is_date(bytes.len())
        && matches!(bytes[10], b'T' | b' ')
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
    {
        "datetime"
    } else if text.starts_with("http://") || text.starts_with("https://") {
        "url"
    } else if !text.contains(char::is_whitespace)
        && let Some((user, domain)) = text.split_once('@')
        && !user.is_empty()
        && domain.contains('.')
    {
        "email"
    } else {
        "string"
    }
}

#[cfg(test)]
mod tests {
    use super::super::{entity_fields, read_text};
    use super::*;

    #[test]
    fn lists_of_objects_are_entities_typed_from_their_values() {
        let schema = read_text(
            Notation::Json,
            "{\n  \"plots\": [\n    { \"id\": \"p1\", \"bedName\": \"North\", \"area\": 4.5, \"rows\": 3, // rows\n      \"sownOn\": \"2024-04-02\", \"wateredAt\": \"2024-04-03T07:00:00Z\", \"organic\": true, \"crops\": [\"kale\"], \"gardenId\": \"g1\", \"note\": null },\n    ...\n  ],\n  \"season\": 2024,\n}",
        );
        assert_eq!(
            entity_fields(&schema),
            vec![(
                "Plot".to_string(),
                vec![
                    ("bed_name".into(), "string".into()),
                    ("area".into(), "decimal".into()),
                    ("rows".into(), "integer".into()),
                    ("sown_on".into(), "date".into()),
                    ("watered_at".into(), "datetime".into()),
                    ("organic".into(), "boolean".into()),
                    ("crops".into(), "json".into()),
                    ("garden_id".into(), String::new()),
                    ("note".into(), String::new()),
                ]
            )]
        );
        assert!(schema.problems.iter().any(|problem| matches!(
            problem,
            EmbeddedProblem::NotRead { written, part: UnreadPart::NotRecords, .. } if written == "season"
        )));
    }

    #[test]
    fn a_block_that_is_no_json_is_not_read() {
        let schema = read_text(Notation::Json, "{\n  \"plots\": [ { \"name\" 3 } ]\n}");
        assert!(schema.entities.is_empty());
        assert!(matches!(
            schema.problems.as_slice(),
            [EmbeddedProblem::NotRead { written, part: UnreadPart::Malformed, .. }] if written == "3"
        ));
    }

    #[test]
    fn strings_say_their_type_by_their_form() {
        for (text, expected) in [
            ("2024-01-31", "date"),
            ("2024-01-31 08:15", "datetime"),
            ("ann@example.org", "email"),
            ("https://example.org", "url"),
            ("2024-01", "string"),
            ("at @ noon", "string"),
            ("Kale", "string"),
        ] {
            assert_eq!(string_type(text), expected, "{text}");
        }
    }
}
