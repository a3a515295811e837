//! The whole document built as one JSON value, as FastAPI would serve it:
//! the reference the tests check the entries written directly and through
//! templates against.

use serde_json::{Map, Value, json};

use crate::genome::Genome;
use crate::targets::fastapi::view::{EntityView, ProfileView};

use super::auth::{account_entries, security_schemes};
use super::values::{Operation, field_schema, object_schema, properties, schema_ref};
use crate::targets::fastapi::api::{
    API_DESCRIPTION, COUNT_PARAMETER, CURSOR_PARAMETER, LIMIT, Method, OFFSET, Resource,
    SORT_PARAMETER, SchemaKind,
};
use crate::targets::fastapi::escape::py_doc_value;

use super::Mode;

/// An entity's schema of `kind` as a value: what [`write_entity_schema`]
/// must write, which the tests check.
pub(super) fn entity_schema(e: &EntityView, kind: SchemaKind) -> Value {
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
                update.insert(
                    f.name.to_string(),
                    field_schema(f, Mode::Input, !f.required),
                );
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
                &format!("One stored {}.", py_doc_value(&e.label)),
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
            for (key, title) in [("limit", "Limit"), ("offset", "Offset")] {
                page.insert(key.into(), json!({ "type": "integer", "title": title }));
            }
            page.insert(
                "total".into(),
                json!({ "anyOf": [{ "type": "integer" }, { "type": "null" }], "title": "Total" }),
            );
            page.insert(
                "next".into(),
                json!({ "anyOf": [{ "type": "string" }, { "type": "null" }], "title": "Next" }),
            );
            object_schema(
                &format!("{name}Page"),
                &format!(
                    "One page of {}, oldest first.",
                    py_doc_value(&e.plural_label)
                ),
                page,
                ["items", "total", "limit", "offset", "next"]
                    .map(String::from)
                    .to_vec(),
                false,
            )
        }
    }
}

fn item_id_param() -> Value {
    json!({ "name": "item_id", "in": "path", "required": true,
            "schema": { "type": "string", "format": "uuid", "title": "Item Id" } })
}

/// The path item of an entity's collection (`url`, `false`) or of one of
/// its items (`url/{item_id}`, `true`), as a value: what the templates of
/// `paths::collection_path` and `paths::item_path` must write, which the
/// tests check.
fn entity_path(e: &EntityView, item_path: bool) -> Value {
    let resource = Resource::new(e);
    let mut o = Map::new();
    for route in resource.routes() {
        if route.on_item != item_path {
            continue;
        }
        let params = if route.on_item {
            vec![item_id_param()]
        } else if route.method != Method::Get {
            Vec::new()
        } else {
            let mut page = vec![
                json!({ "name": "limit", "in": "query", "required": false,
                        "schema": { "type": "integer", "maximum": LIMIT.max, "minimum": LIMIT.min, "default": LIMIT.default, "title": "Limit" } }),
                json!({ "name": "offset", "in": "query", "required": false,
                        "schema": { "type": "integer", "maximum": OFFSET.max, "minimum": OFFSET.min, "default": OFFSET.default, "title": "Offset" } }),
                json!({ "name": "cursor", "in": "query", "required": false, "description": CURSOR_PARAMETER,
                        "schema": { "anyOf": [{ "type": "string" }, { "type": "null" }], "description": CURSOR_PARAMETER, "title": "Cursor" } }),
                json!({ "name": "count", "in": "query", "required": false, "description": COUNT_PARAMETER,
                        "schema": { "type": "boolean", "default": true, "description": COUNT_PARAMETER, "title": "Count" } }),
            ];
            let sorts = resource.sorts();
            if !sorts.is_empty() {
                page.push(json!({ "name": "sort", "in": "query", "required": false, "description": SORT_PARAMETER,
                    "schema": { "type": "string", "enum": sorts, "default": "created_at", "description": SORT_PARAMETER, "title": "Sort" } }));
            }
            for f in resource.filters() {
                page.push(json!({ "name": f.name, "in": "query", "required": false,
                    "schema": { "anyOf": [{ "type": "string", "format": "uuid" }, { "type": "null" }], "title": f.title() } }));
            }
            page
        };
        let operation = Operation {
            function: route.operation_id.clone(),
            description: route.description.clone(),
            tag: resource.tag(),
            params,
            body: route.request.clone(),
            status: route.status,
            response: route.response.clone(),
            errors: route.errors,
        };
        o.insert(route.method.to_string(), operation.render());
    }
    Value::Object(o)
}

/// The OpenAPI document as a JSON value (all of it in memory; the tests
/// check the parts of a [`Layout`] against it).
pub(super) fn document(genome: &Genome, entities: &[EntityView], account: &ProfileView) -> Value {
    let (mut paths, mut schemas) = account_entries(account);
    for e in entities {
        let resource = Resource::new(e);
        paths.insert(resource.path().to_string(), entity_path(e, false));
        paths.insert(resource.item_path(), entity_path(e, true));
        for kind in SchemaKind::ALL {
            schemas.insert(
                format!("{}{}", e.name, kind.suffix()),
                entity_schema(e, kind),
            );
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "description": API_DESCRIPTION,
            "title": genome.solution_name,
            "version": "0.1.0",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes(),
        },
    })
}
