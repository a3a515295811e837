//! The schemas of an entity (`Create`, `Update`, `Response`, `Page`),
//! written as YAML directly: a large app has four per entity, and building
//! each as a value first costs more than writing it. `reference.rs` builds
//! the same schemas as values; the tests check that both give the same
//! document.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::genome::Field;
use crate::genome::FieldType;
use crate::targets::fastapi::api::SchemaKind;
use crate::targets::fastapi::decimal_text;
use crate::targets::fastapi::escape::{py_doc_value, yaml_str_into};
use crate::targets::fastapi::types::{Limits, NOT_BLANK_PATTERN, Number, SchemaValue};
use crate::targets::fastapi::view::{EntityView, FieldView};
use crate::targets::fastapi::yaml;

use super::{Mode, schema_pointer};

/// A value in a schema written directly: what `push_scalar` would print
/// for the JSON value it stands for.
#[derive(Clone)]
enum Scalar<'a> {
    Str(&'a str),
    /// Text made for this schema (a decimal's pattern).
    Text(String),
    Float(f64),
    Int(u64),
    Number(&'a serde_json::Number),
    Bool(bool),
    /// A list of strings, one per line.
    Strings(&'a [String]),
    /// A list of one schema holding only this pattern: the `allOf` of a
    /// field with a pattern of its own that must also not be blank.
    PatternList(&'a str),
}

/// One map of a schema: entries in any order, written sorted by key (as a
/// `serde_json::Map` orders them); setting a key again replaces its value.
#[derive(Default)]
pub(super) struct SchemaMap<'a>(Vec<(&'a str, Scalar<'a>)>);

impl<'a> SchemaMap<'a> {
    fn set(&mut self, key: &'a str, value: Scalar<'a>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub(super) fn to_value(&self) -> Value {
        let entries = self.0.iter().map(|(key, value)| {
            let value = match value {
                Scalar::Str(s) => json!(s),
                Scalar::Text(s) => json!(s),
                Scalar::Float(x) => json!(x),
                Scalar::Int(n) => json!(n),
                Scalar::Number(n) => Value::Number((*n).clone()),
                Scalar::Bool(b) => json!(b),
                Scalar::Strings(items) => json!(items),
                Scalar::PatternList(pattern) => json!([{ "pattern": pattern }]),
            };
            (key.to_string(), value)
        });
        Value::Object(entries.collect())
    }

    fn has_type(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|(k, v)| *k == "type" && matches!(v, Scalar::Str(t) if *t == name))
    }

    fn sorted(mut self) -> Vec<(&'a str, Scalar<'a>)> {
        self.0.sort_by(|a, b| a.0.cmp(b.0));
        self.0
    }
}

/// Appends `value` after its key: inline, or, for a list that is not
/// empty, its items on lines of their own (without the last line break).
fn push_value(value: Scalar, indent: usize, buf: &mut String) {
    match value {
        Scalar::Str(s) => yaml_str_into(s, buf),
        Scalar::Text(s) => yaml_str_into(&s, buf),
        Scalar::Float(x) => {
            let _ = write!(buf, "{}", json!(x));
        }
        Scalar::Int(n) => {
            let _ = write!(buf, "{n}");
        }
        Scalar::Number(n) => {
            let _ = write!(buf, "{n}");
        }
        Scalar::Bool(b) => buf.push_str(if b { "true" } else { "false" }),
        Scalar::Strings([]) => buf.push_str("[]"),
        Scalar::Strings(items) => {
            for item in items {
                buf.push('\n');
                yaml::pad(indent + 2, buf);
                buf.push_str("- ");
                yaml_str_into(item, buf);
            }
        }
        Scalar::PatternList(pattern) => {
            buf.push('\n');
            yaml::pad(indent + 2, buf);
            buf.push_str("- pattern: ");
            yaml_str_into(pattern, buf);
        }
    }
}

/// `key: value` at `indent`, the line's indentation already written.
fn push_entry_here(key: &str, value: Scalar, indent: usize, buf: &mut String) {
    yaml::push_key(key, buf);
    buf.push(':');
    if !matches!(value, Scalar::Strings([_, ..]) | Scalar::PatternList(_)) {
        buf.push(' ');
    }
    push_value(value, indent, buf);
    buf.push('\n');
}

fn push_entry(key: &str, value: Scalar, indent: usize, buf: &mut String) {
    yaml::pad(indent, buf);
    push_entry_here(key, value, indent, buf);
}

/// The JSON-schema variants of a field without null: its type's (see the
/// field-type table), with the field's enumeration and limits.
pub(super) fn variant_entries<'a>(f: &FieldView<'a>, mode: Mode) -> Vec<SchemaMap<'a>> {
    let src = f.source;
    let pieces = match mode {
        Mode::Input => f.row.request,
        Mode::Output => f.row.response,
    };
    let mut variants: Vec<SchemaMap> = pieces
        .iter()
        .map(|variant| {
            SchemaMap(
                variant
                    .iter()
                    .map(|&(key, value)| {
                        let value = match value {
                            SchemaValue::Str(text) => Scalar::Str(text),
                            SchemaValue::Int(n) => Scalar::Int(n),
                        };
                        (key, value)
                    })
                    .collect(),
            )
        })
        .collect();
    if f.field_type == FieldType::Enum {
        for variant in &mut variants {
            variant.set("enum", Scalar::Strings(&src.enum_values));
        }
        return variants;
    }
    match f.row.limits {
        Limits::Value(Number::Decimal) if mode == Mode::Input => {
            // A decimal as a number: on the grid of its places and below
            // the limit of exact floats; as text: its pattern, which
            // states the bounds too.
            for variant in &mut variants {
                if variant.has_type("number") {
                    for (key, value) in decimal_text::number_keys() {
                        variant.set(key, Scalar::Float(value));
                    }
                } else {
                    let pattern = decimal_text::pattern(src.min.as_ref(), src.max.as_ref());
                    variant.set("pattern", Scalar::Text(pattern));
                }
            }
            bound(&mut variants, Number::Decimal, src);
        }
        Limits::Value(number) => bound(&mut variants, number, src),
        Limits::Length if src.min.is_some() || src.max.is_some() || src.pattern.is_some() => {
            for variant in &mut variants {
                if let Some(min) = &src.min {
                    variant.set("minLength", Scalar::Number(min));
                }
                if let Some(max) = &src.max {
                    variant.set("maxLength", Scalar::Number(max));
                }
                if let Some(pattern) = &src.pattern {
                    variant.set("pattern", Scalar::Str(pattern));
                }
            }
        }
        Limits::Length | Limits::None => {}
    }
    if f.row.limits == Limits::Length && f.required {
        // A required text refuses empty and blank values (`NOT_BLANK`).
        for variant in &mut variants {
            if variant.0.iter().any(|(key, _)| *key == "pattern") {
                variant.set("allOf", Scalar::PatternList(NOT_BLANK_PATTERN));
            } else {
                variant.set("pattern", Scalar::Str(NOT_BLANK_PATTERN));
            }
        }
    }
    variants
}

/// Bounds the variant of the number's own JSON type (a decimal sent as
/// text states its bounds in its pattern).
fn bound<'a>(variants: &mut [SchemaMap<'a>], number: Number, src: &'a Field) {
    let (type_name, low, high) = number.bound_keys();
    for variant in variants.iter_mut().filter(|v| v.has_type(type_name)) {
        if let Some(min) = &src.min {
            variant.set(low, Scalar::Number(min));
        }
        if let Some(max) = &src.max {
            variant.set(high, Scalar::Number(max));
        }
    }
}

/// The schema of a field, as the block after its `name:` line at `indent`:
/// what `values::field_schema_with` builds, written directly.
fn write_field_schema(
    f: &FieldView,
    mode: Mode,
    nullable: bool,
    with_default: bool,
    indent: usize,
    buf: &mut String,
) {
    let mut variants = variant_entries(f, mode);
    let title = f.title();
    let default = f.default_json().filter(|_| with_default);
    if !nullable && variants.len() == 1 {
        // The one variant's keys, the title's and the default's, sorted:
        // `default` sorts before every key a variant has.
        if let Some(default) = default {
            yaml::write_entry("default", default, indent, buf);
        }
        let mut own = variants.pop().unwrap_or_default();
        own.set("title", Scalar::Str(&title));
        for (key, value) in own.sorted() {
            push_entry(key, value, indent, buf);
        }
        return;
    }
    yaml::pad(indent, buf);
    buf.push_str("anyOf:\n");
    if nullable {
        variants.push(SchemaMap(vec![("type", Scalar::Str("null"))]));
    }
    for variant in variants {
        yaml::pad(indent + 2, buf);
        buf.push_str("- ");
        let entries = variant.sorted();
        if entries.is_empty() {
            buf.push_str("{}\n");
        }
        for (at, (key, value)) in entries.into_iter().enumerate() {
            if at == 0 {
                push_entry_here(key, value, indent + 4, buf);
            } else {
                push_entry(key, value, indent + 4, buf);
            }
        }
    }
    if let Some(default) = default {
        yaml::write_entry("default", default, indent, buf);
    }
    push_entry("title", Scalar::Str(&title), indent, buf);
}

/// One property of an entity schema.
enum Property<'f, 'g> {
    Field {
        field: &'f FieldView<'g>,
        nullable: bool,
        with_default: bool,
    },
    /// A column every row has: (format, title).
    Builtin(&'static str, &'static str),
}

/// The common tail and head of an entity schema: everything but the
/// properties, which the caller writes between.
struct ObjectSchema<'a> {
    title: String,
    description: String,
    required: Vec<&'a str>,
    forbid_extra: bool,
}

/// Writes the entry `key:` at indent 4 of `components.schemas` for an
/// entity's schema of `kind`: what `entity_schema` builds, written
/// directly.
pub(super) fn write_entity_schema(e: &EntityView, kind: SchemaKind, key: &str, buf: &mut String) {
    const INDENT: usize = 6;
    const PROPERTY: usize = INDENT + 2;
    let name = &e.name;
    let required = || -> Vec<&str> {
        e.fields
            .iter()
            .filter(|f| f.required && !f.has_default)
            .map(|f| f.name)
            .collect()
    };
    let fields = |mode_nullable: fn(&FieldView) -> bool, with_default: bool| {
        e.fields
            .iter()
            .map(|f| {
                (
                    f.name,
                    Property::Field {
                        field: f,
                        nullable: mode_nullable(f),
                        with_default,
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    let (object, mode, mut properties) = match kind {
        SchemaKind::Create => (
            ObjectSchema {
                title: format!("{name}Create"),
                description: "Body of POST (create) and PUT (full replacement).".into(),
                required: required(),
                forbid_extra: true,
            },
            Mode::Input,
            fields(|f| !f.required, true),
        ),
        SchemaKind::Update => (
            ObjectSchema {
                title: format!("{name}Update"),
                description: "Body of PATCH: only the fields sent are changed.".into(),
                required: Vec::new(),
                forbid_extra: true,
            },
            Mode::Input,
            fields(|f| !f.required, false),
        ),
        SchemaKind::Response => {
            let mut properties = fields(|f| !f.required, true);
            properties.extend([
                ("id", Property::Builtin("uuid", "Id")),
                ("user_id", Property::Builtin("uuid", "User Id")),
                ("created_at", Property::Builtin("date-time", "Created At")),
                ("updated_at", Property::Builtin("date-time", "Updated At")),
            ]);
            let mut required = required();
            required.extend(["id", "user_id", "created_at", "updated_at"]);
            (
                ObjectSchema {
                    title: format!("{name}Response"),
                    description: format!("One stored {}.", py_doc_value(&e.label)),
                    required,
                    forbid_extra: false,
                },
                Mode::Output,
                properties,
            )
        }
        SchemaKind::Page => (
            ObjectSchema {
                title: format!("{name}Page"),
                description: format!(
                    "One page of {}, oldest first.",
                    py_doc_value(&e.plural_label)
                ),
                required: vec!["items", "total", "limit", "offset", "next"],
                forbid_extra: false,
            },
            Mode::Output,
            Vec::new(),
        ),
    };

    yaml::pad(4, buf);
    yaml::push_key(key, buf);
    buf.push_str(":\n");
    if object.forbid_extra {
        push_entry("additionalProperties", Scalar::Bool(false), INDENT, buf);
    }
    push_entry("description", Scalar::Str(&object.description), INDENT, buf);
    yaml::pad(INDENT, buf);
    if properties.is_empty() && kind != SchemaKind::Page {
        // An entity whose fields are all the app's own.
        buf.push_str("properties: {}\n");
    } else {
        buf.push_str("properties:\n");
    }
    if kind == SchemaKind::Page {
        let pointer = schema_pointer(&format!("{name}Response"));
        yaml::pad(PROPERTY, buf);
        buf.push_str("items:\n");
        yaml::pad(PROPERTY + 2, buf);
        buf.push_str("items:\n");
        push_entry("$ref", Scalar::Str(&pointer), PROPERTY + 4, buf);
        push_entry("title", Scalar::Str("Items"), PROPERTY + 2, buf);
        push_entry("type", Scalar::Str("array"), PROPERTY + 2, buf);
        // Each field's name, title, type, and whether it may be null:
        // `next` on the last page, `total` when not counted.
        for (key, title, kind, nullable) in [
            ("limit", "Limit", "integer", false),
            ("next", "Next", "string", true),
            ("offset", "Offset", "integer", false),
            ("total", "Total", "integer", true),
        ] {
            yaml::pad(PROPERTY, buf);
            buf.push_str(key);
            buf.push_str(":\n");
            if nullable {
                yaml::pad(PROPERTY + 2, buf);
                buf.push_str("anyOf:\n");
                for variant in [kind, "null"] {
                    yaml::pad(PROPERTY + 4, buf);
                    buf.push_str("- type: \"");
                    buf.push_str(variant);
                    buf.push_str("\"\n");
                }
            }
            push_entry("title", Scalar::Str(title), PROPERTY + 2, buf);
            if !nullable {
                push_entry("type", Scalar::Str(kind), PROPERTY + 2, buf);
            }
        }
    }
    // As map keys: sorted, and of equal keys the last one wins.
    properties.sort_by(|a, b| a.0.cmp(b.0));
    let mut at = 0;
    while at < properties.len() {
        let last = (at..properties.len())
            .take_while(|&i| properties[i].0 == properties[at].0)
            .last()
            .unwrap_or(at);
        let (key, property) = &properties[last];
        yaml::pad(PROPERTY, buf);
        yaml::push_key(key, buf);
        buf.push_str(":\n");
        match property {
            Property::Field {
                field,
                nullable,
                with_default,
            } => write_field_schema(field, mode, *nullable, *with_default, PROPERTY + 2, buf),
            Property::Builtin(format, title) => {
                push_entry("format", Scalar::Str(format), PROPERTY + 2, buf);
                push_entry("title", Scalar::Str(title), PROPERTY + 2, buf);
                push_entry("type", Scalar::Str("string"), PROPERTY + 2, buf);
            }
        }
        at = last + 1;
    }
    if !object.required.is_empty() {
        yaml::pad(INDENT, buf);
        buf.push_str("required:\n");
        for name in &object.required {
            yaml::pad(INDENT + 2, buf);
            buf.push_str("- ");
            yaml_str_into(name, buf);
            buf.push('\n');
        }
    }
    push_entry("title", Scalar::Str(&object.title), INDENT, buf);
    push_entry("type", Scalar::Str("object"), INDENT, buf);
}
