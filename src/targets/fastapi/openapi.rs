//! The OpenAPI document of the generated app, built from the genome.
//!
//! It reproduces what FastAPI's `app.openapi()` returns for the generated
//! code; the generated test suite compares the two.

use std::fmt::Write as _;
use std::io;
use std::sync::LazyLock;

use serde_json::{Map, Value, json};

use crate::genome::{FieldType, Genome};

use super::escape::yaml_str_into;
use super::render_text;
use super::templates::{CollectionPath, ItemPath, OperationText};
use super::view::{EntityView, FieldView, ProfileView, python_title};
use super::yaml;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Request bodies (Pydantic validation schema).
    Input,
    /// Responses (Pydantic serialization schema).
    Output,
}

const SECURITY: &str = r#"[{"HTTPBearer": []}, {"APIKeyCookie": []}]"#;

/// Built once: every operation of every entity carries a copy.
static SECURITY_VALUE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SECURITY).expect("valid JSON"));

fn security() -> Value {
    SECURITY_VALUE.clone()
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_body(name: &str) -> Value {
    json!({ "content": { "application/json": { "schema": schema_ref(name) } }, "required": true })
}

fn ok_response(name: &str) -> Value {
    json!({ "description": "Successful Response", "content": { "application/json": { "schema": schema_ref(name) } } })
}

/// Built once: every operation with a parameter or a body carries a copy.
static VALIDATION_ERROR: LazyLock<Value> = LazyLock::new(|| {
    ok_response("HTTPValidationError")
        .as_object()
        .map(|o| {
            let mut o = o.clone();
            o.insert("description".into(), json!("Validation Error"));
            Value::Object(o)
        })
        .expect("object")
});

fn validation_error() -> Value {
    VALIDATION_ERROR.clone()
}

/// The variants with the field's enumeration, link and limits, as values
/// (for the account's profile fields, and the tests' reference schemas).
fn field_variants(f: &FieldView, mode: Mode) -> Vec<Value> {
    variant_entries(f, mode)
        .iter()
        .map(SchemaMap::to_value)
        .collect()
}

fn field_schema(f: &FieldView, mode: Mode, nullable: bool) -> Value {
    field_schema_with(f, mode, nullable, false)
}

fn field_schema_with(f: &FieldView, mode: Mode, nullable: bool, with_default: bool) -> Value {
    let mut variants = field_variants(f, mode);
    let mut schema = Map::new();
    if nullable {
        variants.push(json!({ "type": "null" }));
        schema.insert("anyOf".into(), Value::Array(variants));
    } else if variants.len() == 1 {
        if let Some(Value::Object(o)) = variants.pop() {
            schema = o;
        }
    } else {
        schema.insert("anyOf".into(), Value::Array(variants));
    }
    schema.insert("title".into(), json!(f.title()));
    if with_default {
        if let Some(default) = f.default_json() {
            schema.insert("default".into(), default.clone());
        }
    }
    Value::Object(schema)
}

fn object_schema(
    title: &str,
    description: &str,
    properties: Map<String, Value>,
    required: Vec<String>,
    forbid_extra: bool,
) -> Value {
    let mut o = Map::new();
    o.insert("properties".into(), Value::Object(properties));
    if forbid_extra {
        o.insert("additionalProperties".into(), json!(false));
    }
    o.insert("type".into(), json!("object"));
    if !required.is_empty() {
        o.insert("required".into(), json!(required));
    }
    o.insert("title".into(), json!(title));
    o.insert("description".into(), json!(description));
    Value::Object(o)
}

/// Docstring text as Python reads it back (see `escape::py_doc`).
fn doc(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

/// The schemas of `fields` keyed by name, with their defaults; optional
/// fields may be null.
fn properties(fields: &[FieldView], mode: Mode) -> Map<String, Value> {
    fields
        .iter()
        .map(|f| {
            (
                f.name.to_string(),
                field_schema_with(f, mode, !f.required, true),
            )
        })
        .collect()
}

/// The four schemas of an entity, in the order of their name suffixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SchemaKind {
    Create,
    Update,
    Response,
    Page,
}

impl SchemaKind {
    const ALL: [SchemaKind; 4] = [
        SchemaKind::Create,
        SchemaKind::Update,
        SchemaKind::Response,
        SchemaKind::Page,
    ];

    fn suffix(self) -> &'static str {
        match self {
            SchemaKind::Create => "Create",
            SchemaKind::Update => "Update",
            SchemaKind::Response => "Response",
            SchemaKind::Page => "Page",
        }
    }
}

/// An entity's schema of `kind` as a value: what [`write_entity_schema`]
/// must write, which the tests check.
#[cfg(test)]
fn entity_schema(e: &EntityView, kind: SchemaKind) -> Value {
    let name = &e.name;
    let required = || -> Vec<String> {
        e.fields
            .iter()
            .filter(|f| f.required && !f.has_default)
            .map(|f| f.name.to_string())
            .collect()
    };
    match kind {
        SchemaKind::Create => {
            let create = properties(&e.fields, Mode::Input);
            object_schema(
                &format!("{name}Create"),
                "Body of POST (create) and PUT (full replacement).",
                create,
                required(),
                true,
            )
        }
        SchemaKind::Update => {
            let mut update = Map::new();
            for f in &e.fields {
                update.insert(f.name.to_string(), field_schema(f, Mode::Input, true));
            }
            object_schema(
                &format!("{name}Update"),
                "Body of PATCH: only the fields sent are changed.",
                update,
                Vec::new(),
                true,
            )
        }
        SchemaKind::Response => {
            let mut response = properties(&e.fields, Mode::Output);
            for (key, format, title) in [
                ("id", "uuid", "Id"),
                ("user_id", "uuid", "User Id"),
                ("created_at", "date-time", "Created At"),
                ("updated_at", "date-time", "Updated At"),
            ] {
                response.insert(
                    key.into(),
                    json!({ "type": "string", "format": format, "title": title }),
                );
            }
            let mut response_required = required();
            response_required
                .extend(["id", "user_id", "created_at", "updated_at"].map(String::from));
            object_schema(
                &format!("{name}Response"),
                &format!("One stored {}.", doc(&e.label)),
                response,
                response_required,
                false,
            )
        }
        SchemaKind::Page => {
            let mut page = Map::new();
            let mut items = Map::new();
            items.insert("items".into(), schema_ref(&format!("{name}Response")));
            items.insert("type".into(), json!("array"));
            items.insert("title".into(), json!("Items"));
            page.insert("items".into(), Value::Object(items));
            for (key, title) in [("total", "Total"), ("limit", "Limit"), ("offset", "Offset")] {
                page.insert(key.into(), json!({ "type": "integer", "title": title }));
            }
            object_schema(
                &format!("{name}Page"),
                &format!("One page of {}, oldest first.", doc(&e.plural_label)),
                page,
                ["items", "total", "limit", "offset"]
                    .map(String::from)
                    .to_vec(),
                false,
            )
        }
    }
}

// Entity schemas, written as YAML directly: a large app has four per
// entity, and building each as a value first costs more than writing it.
// `entity_schema` builds the same schemas as values; the tests check that
// both give the same document.

/// A value in a schema written directly: what `push_scalar` would print
/// for the JSON value it stands for.
#[derive(Clone, Copy)]
enum Scalar<'a> {
    Str(&'a str),
    Int(u64),
    Number(&'a serde_json::Number),
    Bool(bool),
    /// A list of strings, one per line.
    Strings(&'a [String]),
}

/// One map of a schema: entries in any order, written sorted by key (as a
/// `serde_json::Map` orders them); setting a key again replaces its value.
#[derive(Default)]
struct SchemaMap<'a>(Vec<(&'a str, Scalar<'a>)>);

impl<'a> SchemaMap<'a> {
    fn set(&mut self, key: &'a str, value: Scalar<'a>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    fn to_value(&self) -> Value {
        let entries = self.0.iter().map(|&(key, value)| {
            let value = match value {
                Scalar::Str(s) => json!(s),
                Scalar::Int(n) => json!(n),
                Scalar::Number(n) => Value::Number(n.clone()),
                Scalar::Bool(b) => json!(b),
                Scalar::Strings(items) => json!(items),
            };
            (key.to_string(), value)
        });
        Value::Object(entries.collect())
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
    }
}

/// `key: value` at `indent`, the line's indentation already written.
fn push_entry_here(key: &str, value: Scalar, indent: usize, buf: &mut String) {
    yaml::push_key(key, buf);
    buf.push(':');
    if !matches!(value, Scalar::Strings([_, ..])) {
        buf.push(' ');
    }
    push_value(value, indent, buf);
    buf.push('\n');
}

fn push_entry(key: &str, value: Scalar, indent: usize, buf: &mut String) {
    yaml::pad(indent, buf);
    push_entry_here(key, value, indent, buf);
}

/// The JSON-schema variants of a field without null: its type's, with the
/// field's enumeration, link and limits.
fn variant_entries<'a>(f: &FieldView<'a>, mode: Mode) -> Vec<SchemaMap<'a>> {
    use Scalar::{Int, Str};
    let one = |entries: &[(&'a str, Scalar<'a>)]| vec![SchemaMap(entries.to_vec())];
    let src = f.source;
    let mut variants = match f.field_type {
        FieldType::Enum => {
            return one(&[
                ("type", Str("string")),
                ("enum", Scalar::Strings(&src.enum_values)),
            ]);
        }
        FieldType::Reference => return one(&[("type", Str("string")), ("format", Str("uuid"))]),
        FieldType::String => one(&[("type", Str("string")), ("maxLength", Int(255))]),
        FieldType::Text => one(&[("type", Str("string"))]),
        FieldType::Integer => one(&[("type", Str("integer")), ("format", Str("int64"))]),
        FieldType::Float => one(&[("type", Str("number"))]),
        FieldType::Decimal => match mode {
            Mode::Input => vec![
                SchemaMap(vec![("type", Str("number"))]),
                SchemaMap(vec![("type", Str("string"))]),
            ],
            Mode::Output => one(&[("type", Str("string"))]),
        },
        FieldType::Boolean => one(&[("type", Str("boolean"))]),
        FieldType::Date => one(&[("type", Str("string")), ("format", Str("date"))]),
        FieldType::DateTime => one(&[("type", Str("string")), ("format", Str("date-time"))]),
        FieldType::Uuid => one(&[("type", Str("string")), ("format", Str("uuid"))]),
        FieldType::Json => vec![SchemaMap::default()],
        FieldType::Email => one(&[
            ("type", Str("string")),
            ("maxLength", Int(320)),
            ("format", Str("email")),
        ]),
        FieldType::Url => one(&[
            ("type", Str("string")),
            ("maxLength", Int(2048)),
            ("minLength", Int(1)),
            ("format", Str("uri")),
        ]),
    };
    let numeric_type = match f.field_type {
        FieldType::Integer => Some(("integer", "ge", "le")),
        FieldType::Float | FieldType::Decimal => Some(("number", "minimum", "maximum")),
        _ => None,
    };
    let text = matches!(f.field_type, FieldType::String | FieldType::Text);
    for variant in &mut variants {
        if let Some((type_name, low, high)) = numeric_type {
            let is_numeric = variant
                .0
                .iter()
                .any(|(k, v)| *k == "type" && matches!(v, Str(t) if *t == type_name));
            if is_numeric {
                if let Some(min) = &src.min {
                    variant.set(low, Scalar::Number(min));
                }
                if let Some(max) = &src.max {
                    variant.set(high, Scalar::Number(max));
                }
            }
        }
        if text && (src.min.is_some() || src.max.is_some() || src.pattern.is_some()) {
            if let Some(min) = &src.min {
                variant.set("minLength", Scalar::Number(min));
            }
            if let Some(max) = &src.max {
                variant.set("maxLength", Scalar::Number(max));
            }
            if let Some(pattern) = &src.pattern {
                variant.set("pattern", Str(pattern));
            }
        }
    }
    variants
}

/// The schema of a field, as the block after its `name:` line at `indent`:
/// what [`field_schema_with`] builds, written directly.
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
fn write_entity_schema(e: &EntityView, kind: SchemaKind, key: &str, buf: &mut String) {
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
            fields(|_| true, false),
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
                    description: format!("One stored {}.", doc(&e.label)),
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
                description: format!("One page of {}, oldest first.", doc(&e.plural_label)),
                required: vec!["items", "total", "limit", "offset"],
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
        for (key, title) in [("limit", "Limit"), ("offset", "Offset"), ("total", "Total")] {
            yaml::pad(PROPERTY, buf);
            buf.push_str(key);
            buf.push_str(":\n");
            push_entry("title", Scalar::Str(title), PROPERTY + 2, buf);
            push_entry("type", Scalar::Str("integer"), PROPERTY + 2, buf);
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

struct Operation<'a> {
    function: String,
    description: String,
    tag: &'a str,
    params: Vec<Value>,
    body: Option<String>,
    status: &'static str,
    response: Option<String>,
}

impl Operation<'_> {
    fn render(self) -> Value {
        let mut o = Map::new();
        o.insert("tags".into(), json!([self.tag]));
        o.insert(
            "summary".into(),
            json!(python_title(&self.function.replace('_', " "))),
        );
        o.insert("description".into(), json!(self.description));
        o.insert("operationId".into(), json!(self.function));
        o.insert("security".into(), security());
        let has_input = !self.params.is_empty() || self.body.is_some();
        if !self.params.is_empty() {
            o.insert("parameters".into(), Value::Array(self.params));
        }
        if let Some(body) = &self.body {
            o.insert("requestBody".into(), json_body(body));
        }
        let mut responses = Map::new();
        responses.insert(
            self.status.into(),
            match &self.response {
                Some(name) => ok_response(name),
                None => json!({ "description": "Successful Response" }),
            },
        );
        if has_input {
            responses.insert("422".into(), validation_error());
        }
        o.insert("responses".into(), Value::Object(responses));
        Value::Object(o)
    }
}

#[cfg(test)]
fn item_id_param() -> Value {
    json!({ "name": "item_id", "in": "path", "required": true,
            "schema": { "type": "string", "format": "uuid", "title": "Item Id" } })
}

/// The path item of an entity's collection (`url`, `false`) or of one of
/// its items (`url/{item_id}`, `true`), as a value: what the templates of
/// [`collection_path`] and [`item_path`] must write, which the tests check.
#[cfg(test)]
fn entity_path(e: &EntityView, item_path: bool) -> Value {
    let (name, snake, plural, tag) = (&e.name, &e.snake, &e.plural, e.tag.as_str());
    let label = doc(&e.label);
    let plural_label = doc(&e.plural_label);
    let mut pagination = vec![
        json!({ "name": "limit", "in": "query", "required": false,
                "schema": { "type": "integer", "maximum": 100, "minimum": 1, "default": 50, "title": "Limit" } }),
        json!({ "name": "offset", "in": "query", "required": false,
                "schema": { "type": "integer", "maximum": i64::MAX, "minimum": 0, "default": 0, "title": "Offset" } }),
    ];
    for r in e.references() {
        pagination.push(json!({ "name": r.name, "in": "query", "required": false,
            "schema": { "anyOf": [{ "type": "string", "format": "uuid" }, { "type": "null" }], "title": r.title() } }));
    }
    let list = Operation {
        function: format!("list_{plural}"),
        description: format!("List the signed-in user's {plural_label}, oldest first."),
        tag,
        params: pagination,
        body: None,
        status: "200",
        response: Some(format!("{name}Page")),
    };
    let create = Operation {
        function: format!("create_{snake}"),
        description: format!("Create one {label} owned by the signed-in user."),
        tag,
        params: Vec::new(),
        body: Some(format!("{name}Create")),
        status: "201",
        response: Some(format!("{name}Response")),
    };
    if !item_path {
        let mut o = Map::new();
        o.insert("get".into(), list.render());
        o.insert("post".into(), create.render());
        return Value::Object(o);
    }

    let item =
        |function: String, description: String, body: Option<String>, status, response| Operation {
            function,
            description,
            tag,
            params: vec![item_id_param()],
            body,
            status,
            response,
        };
    let get = item(
        format!("get_{snake}"),
        format!("Read one of the signed-in user's {plural_label}."),
        None,
        "200",
        Some(format!("{name}Response")),
    );
    let put = item(
        format!("replace_{snake}"),
        "Replace every field; optional fields left out are cleared.".into(),
        Some(format!("{name}Create")),
        "200",
        Some(format!("{name}Response")),
    );
    let patch = item(
        format!("update_{snake}"),
        "Change only the fields sent.".into(),
        Some(format!("{name}Update")),
        "200",
        Some(format!("{name}Response")),
    );
    let delete = item(
        format!("delete_{snake}"),
        format!("Delete one {label}."),
        None,
        "204",
        None,
    );
    let mut o = Map::new();
    o.insert("get".into(), get.render());
    o.insert("put".into(), put.render());
    o.insert("patch".into(), patch.render());
    o.insert("delete".into(), delete.render());
    Value::Object(o)
}

/// An operation's texts, the summary derived from the function as FastAPI
/// derives it.
fn operation(function: String, description: String) -> OperationText {
    OperationText {
        summary: python_title(&function.replace('_', " ")),
        function,
        description,
    }
}

fn schema_pointer(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// The `paths` entry of an entity's collection.
fn collection_path<'a>(e: &'a EntityView<'a>) -> CollectionPath<'a> {
    let (name, snake, plural) = (&e.name, &e.snake, &e.plural);
    CollectionPath {
        e,
        list: operation(
            format!("list_{plural}"),
            format!(
                "List the signed-in user's {}, oldest first.",
                doc(&e.plural_label)
            ),
        ),
        create: operation(
            format!("create_{snake}"),
            format!("Create one {} owned by the signed-in user.", doc(&e.label)),
        ),
        page_ref: schema_pointer(&format!("{name}Page")),
        create_ref: schema_pointer(&format!("{name}Create")),
        response_ref: schema_pointer(&format!("{name}Response")),
    }
}

/// The `paths` entry of one of an entity's items.
fn item_path<'a>(e: &'a EntityView<'a>) -> ItemPath<'a> {
    let (name, snake) = (&e.name, &e.snake);
    ItemPath {
        e,
        url: item_url(e),
        delete: operation(
            format!("delete_{snake}"),
            format!("Delete one {}.", doc(&e.label)),
        ),
        get: operation(
            format!("get_{snake}"),
            format!("Read one of the signed-in user's {}.", doc(&e.plural_label)),
        ),
        patch: operation(
            format!("update_{snake}"),
            "Change only the fields sent.".into(),
        ),
        put: operation(
            format!("replace_{snake}"),
            "Replace every field; optional fields left out are cleared.".into(),
        ),
        create_ref: schema_pointer(&format!("{name}Create")),
        update_ref: schema_pointer(&format!("{name}Update")),
        response_ref: schema_pointer(&format!("{name}Response")),
    }
}

fn item_url(e: &EntityView) -> String {
    format!("{}/{{item_id}}", e.url)
}

const AUTH_PATHS: &str = r##"{
"/api/auth/register": {"post": {"tags": ["auth"], "summary": "Register", "description": "Create an account. E-mail addresses are unique, ignoring case.", "operationId": "register", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credentials"}}}, "required": true}, "responses": {"201": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserResponse"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}}},
"/api/auth/login": {"post": {"tags": ["auth"], "summary": "Login", "description": "Exchange credentials for a token, returned and set as an httpOnly cookie.", "operationId": "login", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credentials"}}}, "required": true}, "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}}},
"/api/auth/logout": {"post": {"tags": ["auth"], "summary": "Logout", "description": "End the session: every token issued so far stops working.", "operationId": "logout", "responses": {"204": {"description": "Successful Response"}}, "security": [{"HTTPBearer": []}, {"APIKeyCookie": []}]}},
"/api/auth/me": {"get": {"tags": ["auth"], "summary": "Read Me", "description": "The signed-in user.", "operationId": "read_me", "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserResponse"}}}}}, "security": [{"HTTPBearer": []}, {"APIKeyCookie": []}]}}
}"##;

const AUTH_SCHEMAS: &str = r##"{
"Credentials": {"properties": {"email": {"type": "string", "maxLength": 320, "format": "email", "title": "Email"}, "password": {"type": "string", "maxLength": 72, "minLength": 8, "title": "Password"}}, "additionalProperties": false, "type": "object", "required": ["email", "password"], "title": "Credentials", "description": "Body of register and login."},
"Token": {"properties": {"access_token": {"type": "string", "title": "Access Token"}, "token_type": {"type": "string", "title": "Token Type", "default": "bearer"}}, "type": "object", "required": ["access_token"], "title": "Token", "description": "A signed access token; the same token is also set as a cookie."},
"UserResponse": {"properties": {"id": {"type": "string", "format": "uuid", "title": "Id"}, "email": {"type": "string", "title": "Email"}, "created_at": {"type": "string", "format": "date-time", "title": "Created At"}}, "type": "object", "required": ["id", "email", "created_at"], "title": "UserResponse", "description": "The public view of an account."},
"HTTPValidationError": {"properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"}}, "type": "object", "title": "HTTPValidationError"},
"ValidationError": {"properties": {"loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"}, "msg": {"type": "string", "title": "Message"}, "type": {"type": "string", "title": "Error Type"}, "input": {"title": "Input"}, "ctx": {"type": "object", "title": "Context"}}, "type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError"}
}"##;

/// The account's profile fields: in `UserResponse` (inherited, so first),
/// and `PATCH /api/auth/me` with its `ProfileUpdate` body.
fn profile(p: &ProfileView, paths: &mut Map<String, Value>, schemas: &mut Map<String, Value>) {
    if p.fields.is_empty() {
        return;
    }
    if let Some(Value::Object(response)) = schemas.get_mut("UserResponse") {
        if let Some(Value::Object(own)) = response.get("properties").cloned() {
            let mut properties = properties(&p.fields, Mode::Output);
            properties.extend(own);
            response.insert("properties".into(), Value::Object(properties));
        }
    }
    let mut update = Map::new();
    for f in &p.fields {
        update.insert(f.name.to_string(), field_schema(f, Mode::Input, true));
    }
    schemas.insert(
        "ProfileUpdate".into(),
        object_schema(
            "ProfileUpdate",
            "Body of PATCH /api/auth/me: only the fields sent are changed.",
            update,
            Vec::new(),
            true,
        ),
    );
    let patch = Operation {
        function: "update_me".into(),
        description: "Change the signed-in user's profile fields: only the fields sent.".into(),
        tag: "auth",
        params: Vec::new(),
        body: Some("ProfileUpdate".into()),
        status: "200",
        response: Some("UserResponse".into()),
    };
    if let Some(Value::Object(me)) = paths.get_mut("/api/auth/me") {
        me.insert("patch".into(), patch.render());
    }
}

fn auth_map(json: &str) -> Map<String, Value> {
    match serde_json::from_str(json) {
        Ok(Value::Object(o)) => o,
        _ => unreachable!("the auth paths and schemas are JSON objects"),
    }
}

/// Where an entry of `paths` or `components.schemas` comes from.
#[derive(Clone, Copy)]
enum Source {
    /// An auth or profile entry, by index into [`Layout::fixed`].
    Fixed(usize),
    /// An entity's collection (`false`) or item (`true`) path.
    Path(usize, bool),
    Schema(usize, SchemaKind),
}

/// Entries, each to be written as one YAML map entry.
type Entries = Vec<(String, Source)>;

/// Sorts entries by key as a JSON object (`serde_json::Map`, a BTreeMap)
/// orders them; of equal keys the last one inserted wins, as in a map.
fn sorted(mut entries: Entries) -> Entries {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Entries = Vec::with_capacity(entries.len());
    for entry in entries {
        match out.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => out.push(entry),
        }
    }
    out
}

/// Flushes `buf` to `out` once it holds this much.
const FLUSH_AT: usize = 1 << 16;

/// About this many entries go in one part (an entity has six: two paths
/// and four schemas, about 11 KB of YAML): parts of a few megabytes,
/// enough of them to keep every core busy on a large document.
const ENTRIES_PER_PART: usize = 2_000;

/// The OpenAPI document, laid out but not rendered: its entries in
/// document order, so that it can be written in parts, each on its own
/// thread, which concatenated give the whole document.
pub struct Layout {
    /// The auth and profile entries, already values.
    fixed: Vec<Value>,
    /// `components.schemas`, in key order.
    schemas: Entries,
    /// `paths`, in key order.
    paths: Entries,
}

impl Layout {
    pub fn new(entities: &[EntityView], account: &ProfileView) -> Self {
        let mut auth_paths = auth_map(AUTH_PATHS);
        let mut auth_schemas = auth_map(AUTH_SCHEMAS);
        profile(account, &mut auth_paths, &mut auth_schemas);
        let mut fixed = Vec::with_capacity(auth_paths.len() + auth_schemas.len());
        let mut fixed_entries = |map: Map<String, Value>| -> Entries {
            map.into_iter()
                .map(|(key, value)| {
                    fixed.push(value);
                    (key, Source::Fixed(fixed.len() - 1))
                })
                .collect()
        };
        let mut paths = fixed_entries(auth_paths);
        let mut schemas = fixed_entries(auth_schemas);
        paths.reserve(entities.len() * 2);
        schemas.reserve(entities.len() * 4);
        for (at, e) in entities.iter().enumerate() {
            paths.push((e.url.clone(), Source::Path(at, false)));
            paths.push((item_url(e), Source::Path(at, true)));
            for kind in SchemaKind::ALL {
                schemas.push((
                    format!("{}{}", e.name, kind.suffix()),
                    Source::Schema(at, kind),
                ));
            }
        }
        Layout {
            fixed,
            schemas: sorted(schemas),
            paths: sorted(paths),
        }
    }

    fn entries(&self) -> usize {
        self.schemas.len() + self.paths.len()
    }

    /// The number of parts: one for any ordinary app.
    pub fn parts(&self) -> usize {
        self.entries().div_ceil(ENTRIES_PER_PART).max(1)
    }

    /// Writes part `part` of [`Layout::parts`]: the document is
    /// `components.schemas`, the other top-level keys, then `paths` (the
    /// keys in a map's order), and each part holds a run of its entries.
    pub fn write_part(
        &self,
        genome: &Genome,
        entities: &[EntityView],
        part: usize,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let (total, parts) = (self.entries(), self.parts());
        let range = part * total / parts..(part + 1) * total / parts;
        let mut buf = String::with_capacity(FLUSH_AT * 2);
        if part == 0 {
            buf.push_str("components:\n  schemas:\n");
        }
        for at in range {
            let (key, source, indent) = if at < self.schemas.len() {
                let (key, source) = &self.schemas[at];
                (key, source, 4)
            } else {
                if at == self.schemas.len() {
                    yaml::write_entry("securitySchemes", &security_schemes(), 2, &mut buf);
                    yaml::write_entry(
                        "info",
                        &json!({ "title": genome.solution_name, "version": "0.1.0" }),
                        0,
                        &mut buf,
                    );
                    yaml::write_entry("openapi", &json!("3.1.0"), 0, &mut buf);
                    buf.push_str("paths:\n");
                }
                let (key, source) = &self.paths[at - self.schemas.len()];
                (key, source, 2)
            };
            match *source {
                Source::Fixed(i) => yaml::write_entry(key, &self.fixed[i], indent, &mut buf),
                // An entity's path items differ from another's only by
                // names and link parameters: a template writes them
                // without building values.
                Source::Path(e, false) => render_text(&collection_path(&entities[e]), &mut buf)?,
                Source::Path(e, true) => render_text(&item_path(&entities[e]), &mut buf)?,
                Source::Schema(e, kind) => write_entity_schema(&entities[e], kind, key, &mut buf),
            }
            if buf.len() >= FLUSH_AT {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        out.write_all(buf.as_bytes())
    }
}

fn security_schemes() -> Value {
    json!({
        "HTTPBearer": { "type": "http", "scheme": "bearer" },
        "APIKeyCookie": { "type": "apiKey", "in": "cookie", "name": "access_token" },
    })
}

/// The OpenAPI document as a JSON value (all of it in memory; the tests
/// check the parts of a [`Layout`] against it).
#[cfg(test)]
pub fn document(genome: &Genome, entities: &[EntityView], account: &ProfileView) -> Value {
    let mut paths = auth_map(AUTH_PATHS);
    let mut schemas = auth_map(AUTH_SCHEMAS);
    profile(account, &mut paths, &mut schemas);
    for e in entities {
        paths.insert(e.url.clone(), entity_path(e, false));
        paths.insert(format!("{}/{{item_id}}", e.url), entity_path(e, true));
        for kind in SchemaKind::ALL {
            schemas.insert(
                format!("{}{}", e.name, kind.suffix()),
                entity_schema(e, kind),
            );
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": genome.solution_name, "version": "0.1.0" },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::fastapi::view::{Links, entity_views};

    /// A PRD's OpenAPI document rendered whole, and its parts as written.
    fn whole_and_parts(prd: &[u8]) -> (String, Vec<Vec<u8>>) {
        let genome = crate::analyze(prd).genome.expect("the PRD is valid");
        let links = Links::new(&genome);
        let entities = entity_views(&genome, &links);
        let account = ProfileView::new(&genome, &links);
        let layout = Layout::new(&entities, &account);
        let parts = (0..layout.parts())
            .map(|part| {
                let mut piece = Vec::new();
                layout
                    .write_part(&genome, &entities, part, &mut piece)
                    .unwrap();
                piece
            })
            .collect();
        let whole = yaml::to_yaml(&document(&genome, &entities, &account));
        (whole, parts)
    }

    /// Writing the document piecewise, the entities' path items through
    /// their templates, gives the bytes of the whole value.
    #[test]
    fn streamed_yaml_equals_the_whole_document() {
        for prd in [
            &include_bytes!("../../../examples/bookshop.md")[..],
            &include_bytes!("../../../examples/pet_clinic.md")[..],
            &include_bytes!("../../../examples/conference.md")[..],
            // Links: each adds a query parameter to its entity's list.
            &include_bytes!("../../../examples/studio_planner.md")[..],
            &include_bytes!("../../../tests/data/ok/link_chains/input.md")[..],
        ] {
            let (whole, parts) = whole_and_parts(prd);
            assert_eq!(parts.len(), 1);
            assert_eq!(String::from_utf8(parts.concat()).unwrap(), whole);
        }
    }

    /// Every field type, with and without limits, patterns, defaults and
    /// `required`, and an entity with no fields of its own, in every
    /// schema: the schemas written directly equal the schemas built as
    /// values.
    #[test]
    fn schemas_written_directly_equal_the_values() {
        let fields = [
            "a (string)",
            "b (string, required, min=2, max=9)",
            "c (string, pattern=\"^[A-Z]{2}$\", default=\"AB\")",
            "d (text, max=500)",
            "e (text, required, default=\"x\")",
            "f (integer, min=1)",
            "g (integer, required, min=-5, max=5, default=0)",
            "h (float, max=2.5)",
            "i (float, required, min=0.5, default=1.5)",
            "j (decimal, min=0, max=100)",
            "k (decimal, required, default=\"1.25\")",
            "l (boolean, default=true)",
            "m (boolean, required)",
            "n (date)",
            "o (datetime, required)",
            "p (uuid, unique)",
            "q (json)",
            "r (json, required)",
            "s (email, required, unique)",
            "t (url)",
            "u (enum: low | high, default=low)",
            "v (enum: one | two | three, required)",
            "on (string)",
            "owner (Owner, required)",
            "backup (Owner)",
        ];
        let prd = format!(
            "# Every type\n\n## Entities\n\n- Owner: name (string)\n- Thing: {}\n\
             - Bare: created_at (datetime)\n",
            fields.join(", ")
        );
        let genome = crate::analyze(prd.as_bytes())
            .genome
            .expect("the PRD is valid");
        let links = Links::new(&genome);
        let entities = entity_views(&genome, &links);
        for e in &entities {
            for kind in SchemaKind::ALL {
                let key = format!("{}{}", e.name, kind.suffix());
                let mut written = String::new();
                write_entity_schema(e, kind, &key, &mut written);
                let mut expected = String::new();
                yaml::write_entry(&key, &entity_schema(e, kind), 4, &mut expected);
                assert_eq!(written, expected, "{key}");
            }
        }
    }

    /// A document large enough to come in several parts is cut between
    /// entries, and the parts joined are the whole document.
    #[test]
    fn parts_join_into_the_whole_document() {
        let (whole, parts) = whole_and_parts(crate::test_prds::many_entities(500).as_bytes());
        assert_eq!(parts.len(), 2);
        for (at, piece) in parts.iter().enumerate() {
            assert!(piece.ends_with(b"\n"), "part {at} ends mid-line");
        }
        assert_eq!(String::from_utf8(parts.concat()).unwrap(), whole);
    }
}
