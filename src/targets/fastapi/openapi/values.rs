//! Entries of the document as JSON values: the security requirement,
//! responses and schemas that the account's profile entries and the
//! tests' reference document are made of.

use std::sync::LazyLock;

use serde_json::{Map, Value, json};

use crate::targets::fastapi::api::{ErrorStatus, SECURITY_SCHEMES, error_statuses};
use crate::targets::fastapi::view::{FieldView, python_title};

use super::Mode;
use super::schemas::{SchemaMap, variant_entries};

/// An operation's `security`: any one of the schemes. Built once: every
/// operation of every entity carries a copy.
static SECURITY_VALUE: LazyLock<Value> = LazyLock::new(|| {
    SECURITY_SCHEMES
        .iter()
        .map(|scheme| json!({ *scheme: [] }))
        .collect()
});

fn security() -> Value {
    SECURITY_VALUE.clone()
}

pub(super) fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_body(name: &str) -> Value {
    json!({ "content": { "application/json": { "schema": schema_ref(name) } }, "required": true })
}

fn ok_response(name: &str) -> Value {
    json!({ "description": "Successful Response", "content": { "application/json": { "schema": schema_ref(name) } } })
}

/// The documented answer of an error status.
pub(super) fn error_response(status: ErrorStatus) -> Value {
    json!({
        "description": status.description,
        "content": { "application/json": { "schema": schema_ref(status.schema()) } },
    })
}

/// The variants with the field's enumeration, link and limits, as values
/// (for the account's profile fields, and the tests' reference schemas).
fn field_variants(f: &FieldView, mode: Mode) -> Vec<Value> {
    variant_entries(f, mode)
        .iter()
        .map(SchemaMap::to_value)
        .collect()
}

pub(super) fn field_schema(f: &FieldView, mode: Mode, nullable: bool) -> Value {
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
    if with_default && let Some(default) = f.default_json() {
        schema.insert("default".into(), default.clone());
    }
    Value::Object(schema)
}

pub(super) fn object_schema(
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

/// The schemas of `fields` keyed by name, with their defaults; optional
/// fields may be null.
pub(super) fn properties(fields: &[FieldView], mode: Mode) -> Map<String, Value> {
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

pub(super) struct Operation<'a> {
    pub(super) function: String,
    pub(super) description: String,
    pub(super) tag: &'a str,
    pub(super) params: Vec<Value>,
    pub(super) body: Option<String>,
    pub(super) status: u16,
    pub(super) response: Option<String>,
    /// The documented error statuses, 422 included where there is one.
    pub(super) errors: &'static [u16],
}

impl Operation<'_> {
    pub(super) fn render(self) -> Value {
        let mut o = Map::new();
        o.insert("tags".into(), json!([self.tag]));
        o.insert(
            "summary".into(),
            json!(python_title(&self.function.replace('_', " "))),
        );
        o.insert("description".into(), json!(self.description));
        o.insert("operationId".into(), json!(self.function));
        o.insert("security".into(), security());
        if !self.params.is_empty() {
            o.insert("parameters".into(), Value::Array(self.params));
        }
        if let Some(body) = &self.body {
            o.insert("requestBody".into(), json_body(body));
        }
        let mut responses = Map::new();
        responses.insert(
            self.status.to_string(),
            match &self.response {
                Some(name) => ok_response(name),
                None => json!({ "description": "Successful Response" }),
            },
        );
        for status in error_statuses(self.errors) {
            responses.insert(status.code.to_string(), error_response(status));
        }
        o.insert("responses".into(), Value::Object(responses));
        Value::Object(o)
    }
}
