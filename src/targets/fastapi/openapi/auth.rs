//! The entries of the built-in account: its paths and schemas, fixed but
//! for the profile fields, and the security schemes.

use serde_json::{Map, Value, json};

use crate::targets::fastapi::api::{
    ERROR_MESSAGE, ERROR_MESSAGE_DESCRIPTION, auth_route_errors, error_statuses,
};
use crate::targets::fastapi::view::ProfileView;

use super::Mode;
use super::values::{Operation, error_response, field_schema, object_schema, properties};

const AUTH_PATHS: &str = r##"{
"/api/auth/register": {"post": {"tags": ["auth"], "summary": "Register", "description": "Create an account. E-mail addresses are unique, ignoring case.", "operationId": "register", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Registration"}}}, "required": true}, "responses": {"201": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserResponse"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}}},
"/api/auth/login": {"post": {"tags": ["auth"], "summary": "Login", "description": "Exchange credentials for a token, returned and set as an httpOnly cookie.", "operationId": "login", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credentials"}}}, "required": true}, "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}}},
"/api/auth/password": {"post": {"tags": ["auth"], "summary": "Change Password", "description": "Change the password: tokens issued before end; the answer holds a new one.", "operationId": "change_password", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PasswordChange"}}}, "required": true}, "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}}, "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}, "security": [{"HTTPBearer": []}, {"APIKeyCookie": []}]}},
"/api/auth/logout": {"post": {"tags": ["auth"], "summary": "Logout", "description": "End the session: every token issued so far stops working.", "operationId": "logout", "responses": {"204": {"description": "Successful Response"}}, "security": [{"HTTPBearer": []}, {"APIKeyCookie": []}]}},
"/api/auth/me": {"get": {"tags": ["auth"], "summary": "Read Me", "description": "The signed-in user.", "operationId": "read_me", "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserResponse"}}}}}, "security": [{"HTTPBearer": []}, {"APIKeyCookie": []}]}}
}"##;

const AUTH_SCHEMAS: &str = r##"{
"Credentials": {"properties": {"email": {"type": "string", "maxLength": 320, "format": "email", "title": "Email"}, "password": {"type": "string", "maxLength": 128, "minLength": 1, "title": "Password"}}, "additionalProperties": false, "type": "object", "required": ["email", "password"], "title": "Credentials", "description": "Body of login."},
"PasswordChange": {"properties": {"current_password": {"type": "string", "maxLength": 128, "minLength": 1, "title": "Current Password"}, "new_password": {"type": "string", "maxLength": 128, "minLength": 12, "title": "New Password"}}, "additionalProperties": false, "type": "object", "required": ["current_password", "new_password"], "title": "PasswordChange", "description": "Body of a password change."},
"Registration": {"properties": {"email": {"type": "string", "maxLength": 320, "format": "email", "title": "Email"}, "password": {"type": "string", "maxLength": 128, "minLength": 12, "title": "Password"}}, "additionalProperties": false, "type": "object", "required": ["email", "password"], "title": "Registration", "description": "Body of register."},
"Token": {"properties": {"access_token": {"type": "string", "title": "Access Token"}, "token_type": {"type": "string", "title": "Token Type", "default": "bearer"}}, "type": "object", "required": ["access_token"], "title": "Token", "description": "A signed access token; the same token is also set as a cookie."},
"UserResponse": {"properties": {"id": {"type": "string", "format": "uuid", "title": "Id"}, "email": {"type": "string", "title": "Email"}, "created_at": {"type": "string", "format": "date-time", "title": "Created At"}}, "type": "object", "required": ["id", "email", "created_at"], "title": "UserResponse", "description": "The public view of an account."},
"HTTPValidationError": {"properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"}}, "type": "object", "title": "HTTPValidationError"},
"ValidationError": {"properties": {"loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"}, "msg": {"type": "string", "title": "Message"}, "type": {"type": "string", "title": "Error Type"}, "input": {"title": "Input"}, "ctx": {"type": "object", "title": "Context"}}, "type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError"}
}"##;

/// The account's `paths` and `components.schemas` entries, with its
/// profile fields.
pub(super) fn account_entries(account: &ProfileView) -> (Map<String, Value>, Map<String, Value>) {
    let mut paths = auth_map(AUTH_PATHS);
    let mut schemas = auth_map(AUTH_SCHEMAS);
    for operation in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in operation.values_mut().filter_map(Value::as_object_mut) {
            document_errors(operation);
        }
    }
    schemas.insert(
        ERROR_MESSAGE.into(),
        json!({
            "properties": { "detail": { "type": "string", "title": "Detail" } },
            "type": "object",
            "required": ["detail"],
            "title": ERROR_MESSAGE,
            "description": ERROR_MESSAGE_DESCRIPTION,
        }),
    );
    profile(account, &mut paths, &mut schemas);
    (paths, schemas)
}

/// The error statuses of one of the account's operations, from
/// [`AUTH_ROUTE_ERRORS`](crate::targets::fastapi::api::AUTH_ROUTE_ERRORS).
fn document_errors(operation: &mut Map<String, Value>) {
    let id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let errors = auth_route_errors(id);
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        responses.retain(|code, _| code.starts_with('2'));
        for status in error_statuses(errors) {
            responses.insert(status.code.to_string(), error_response(status));
        }
    }
}

/// The account's profile fields: in `UserResponse` (inherited, so first),
/// and `PATCH /api/auth/me` with its `ProfileUpdate` body.
fn profile(p: &ProfileView, paths: &mut Map<String, Value>, schemas: &mut Map<String, Value>) {
    if p.fields.is_empty() {
        return;
    }
    if let Some(Value::Object(response)) = schemas.get_mut("UserResponse")
        && let Some(Value::Object(own)) = response.get("properties").cloned()
    {
        let mut properties = properties(&p.fields, Mode::Output);
        properties.extend(own);
        response.insert("properties".into(), Value::Object(properties));
    }
    let mut update = Map::new();
    for f in &p.update_fields {
        update.insert(
            f.name.to_string(),
            field_schema(f, Mode::Input, !f.required),
        );
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
        status: 200,
        response: Some("UserResponse".into()),
        errors: auth_route_errors("update_me"),
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

pub(super) fn security_schemes() -> Value {
    json!({
        "HTTPBearer": { "type": "http", "scheme": "bearer" },
        "APIKeyCookie": { "type": "apiKey", "in": "cookie", "name": "access_token" },
    })
}
