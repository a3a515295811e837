//! The HTTP API of the generated app, described once: one resource per
//! entity with its six routes (method, path, operation id, success status,
//! request and response schemas), the pagination of lists, and the
//! credentials every route needs. The routers and the path items of
//! `openapi.yaml` are written from this description, and so is the
//! reference document the tests check `openapi.yaml` against.
//!
//! A resource's routes are made when a template asks for them: a large app
//! holds the views of all its entities while its files are written, and
//! keeping every route's texts as well would double that.

use std::fmt;

use super::escape::py_doc_value;
use super::view::{EntityView, FieldView, python_title};

/// The method of a route, as FastAPI's decorators and OpenAPI spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        })
    }
}

/// The four schemas of an entity, in the order of their name suffixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    /// The body of a create or a full replacement.
    Create,
    /// The body of a partial change.
    Update,
    /// One stored row.
    Response,
    /// One page of a list.
    Page,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 4] = [
        SchemaKind::Create,
        SchemaKind::Update,
        SchemaKind::Response,
        SchemaKind::Page,
    ];

    pub fn suffix(self) -> &'static str {
        match self {
            SchemaKind::Create => "Create",
            SchemaKind::Update => "Update",
            SchemaKind::Response => "Response",
            SchemaKind::Page => "Page",
        }
    }
}

/// The default and bounds of an integer query parameter.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

impl Bounds {
    /// The largest value as Python source: `2**63 - 1` for the largest
    /// 64-bit integer, which reads better than its digits.
    pub fn python_max(&self) -> String {
        if self.max == i64::MAX {
            "2**63 - 1".to_string()
        } else {
            self.max.to_string()
        }
    }
}

/// `limit`: the most rows one page of a list holds.
pub const LIMIT: Bounds = Bounds {
    default: 50,
    min: 1,
    max: 100,
};

/// `offset`: how many rows a list skips, oldest first.
pub const OFFSET: Bounds = Bounds {
    default: 0,
    min: 0,
    max: i64::MAX,
};

/// The security schemes a signed-in user is known by: the access token as a
/// bearer token, or the cookie that login sets. Every route of a resource
/// needs one of them.
pub const SECURITY_SCHEMES: [&str; 2] = ["HTTPBearer", "APIKeyCookie"];

/// The API's description (`info.description`): what holds for every
/// operation and that no schema of one can say.
pub const API_DESCRIPTION: &str = "Text never holds the NUL character (U+0000): a request with \
    one is answered 422, as no database column could keep it. A decimal is answered as text, \
    to stay exact, and is sent as text or, below 10^11, as a JSON number.";

/// What a list's `cursor` parameter is, as the API documents it.
pub const CURSOR_PARAMETER: &str =
    "The `next` of the page before: this page starts after its last row, quick at any depth.";

/// What a list's `count` parameter is, as the API documents it.
pub const COUNT_PARAMETER: &str =
    "Count every row the list holds for `total`; false leaves `total` null and reads less.";

/// What a list's `sort` parameter is, as the API documents it.
pub const SORT_PARAMETER: &str =
    "An indexed field to order by first; a sorted list pages by `offset`, its `next` null.";

/// The documented body of every error the app answers itself, but a 422
/// (which lists its problems as a validation error does): its schema's
/// name and description, which is the model's docstring.
pub const ERROR_MESSAGE: &str = "ErrorMessage";
pub const ERROR_MESSAGE_DESCRIPTION: &str =
    "The body of an error the app answers itself: what went wrong, in words.";

/// The body of every 422: FastAPI's validation error, which the app's own
/// 422s (a missing linked row, a weak password, ...) take the shape of.
pub const VALIDATION_ERROR: &str = "HTTPValidationError";

/// An error status a route documents, with its description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorStatus {
    pub code: u16,
    pub description: &'static str,
}

impl ErrorStatus {
    /// The name of the schema of the error's body.
    pub fn schema(&self) -> &'static str {
        if self.code == 422 {
            VALIDATION_ERROR
        } else {
            ERROR_MESSAGE
        }
    }
}

/// Every error status a route of the app documents, in order. The 422 is
/// FastAPI's own description, which it writes for every route that reads
/// parameters or a body.
pub const ERROR_STATUSES: [ErrorStatus; 8] = [
    ErrorStatus {
        code: 400,
        description: "The current password is not the account's",
    },
    ErrorStatus {
        code: 401,
        description: "Not signed in, the sign-in has ended, or the credentials are wrong",
    },
    ErrorStatus {
        code: 403,
        description: "A change signed in by the cookie, sent from another site",
    },
    ErrorStatus {
        code: 404,
        description: "No such row among the signed-in user's",
    },
    ErrorStatus {
        code: 409,
        description: "The change conflicts with stored data: a unique value taken, or rows still linking to this one",
    },
    ErrorStatus {
        code: 413,
        description: "The request body is larger than the app accepts",
    },
    ErrorStatus {
        code: 422,
        description: "Validation Error",
    },
    ErrorStatus {
        code: 429,
        description: "Too many attempts: try again later",
    },
];

/// The documented error statuses `codes`, in order. Every code is one of
/// [`ERROR_STATUSES`]: a route naming another is a mistake in this file,
/// which every test that generates an app stops at.
pub fn error_statuses(codes: &[u16]) -> impl Iterator<Item = ErrorStatus> + '_ {
    codes.iter().filter_map(|code| {
        let status = ERROR_STATUSES.iter().find(|status| status.code == *code);
        debug_assert!(status.is_some(), "{code} is not among ERROR_STATUSES");
        status.copied()
    })
}

/// The error statuses of each route of the account (`app/routers/auth.py`),
/// by operation id, 422 included where FastAPI writes it.
pub const AUTH_ROUTE_ERRORS: [(&str, &[u16]); 6] = [
    ("register", &[409, 413, 422, 429]),
    ("login", &[401, 413, 422, 429]),
    ("change_password", &[400, 401, 403, 413, 422, 429]),
    ("logout", &[401, 403]),
    ("read_me", &[401]),
    ("update_me", &[401, 403, 413, 422]),
];

/// The error statuses of the account's route `operation_id`.
pub fn auth_route_errors(operation_id: &str) -> &'static [u16] {
    AUTH_ROUTE_ERRORS
        .iter()
        .find(|(id, _)| *id == operation_id)
        .map_or(&[], |(_, codes)| codes)
}

/// `responses=...` of the decorator of the account's route `operation_id`.
pub fn auth_responses(operation_id: &str) -> String {
    python_responses(auth_route_errors(operation_id))
}

/// `responses=...` of a route's decorator: the statuses among `codes` the
/// app answers itself (FastAPI adds the 422 on its own).
pub fn python_responses(codes: &[u16]) -> String {
    let own: Vec<String> = codes
        .iter()
        .filter(|&&code| code != 422)
        .map(u16::to_string)
        .collect();
    format!("error_responses({})", own.join(", "))
}

/// One route of a resource.
#[derive(Clone, Debug)]
pub struct Route {
    pub method: Method,
    /// On one item (`{url}/{item_id}`) rather than the collection (`{url}`).
    pub on_item: bool,
    /// The operation id, also the name of the router's function.
    pub operation_id: String,
    /// What the route does: the router function's docstring, as Python
    /// reads it back.
    pub description: String,
    /// The status of a success.
    pub status: u16,
    /// The schema of the request body, if any.
    pub request: Option<String>,
    /// The schema of the response body, if any.
    pub response: Option<String>,
    /// The error statuses the route documents, in order, 422 included.
    pub errors: &'static [u16],
}

impl Route {
    /// FastAPI's summary: the words of the operation id, title-cased.
    pub fn summary(&self) -> String {
        python_title(&self.operation_id.replace('_', " "))
    }

    /// The route's path under its resource's (the router's prefix).
    pub fn subpath(&self) -> &'static str {
        if self.on_item { "/{item_id}" } else { "" }
    }

    /// The name of the success status among Starlette's constants.
    pub fn status_constant(&self) -> &'static str {
        match self.status {
            201 => "HTTP_201_CREATED",
            204 => "HTTP_204_NO_CONTENT",
            _ => "HTTP_200_OK",
        }
    }

    /// The schema of the response body; empty when there is none.
    pub fn response_schema(&self) -> &str {
        self.response.as_deref().unwrap_or_default()
    }

    /// The schema of the request body; empty when there is none.
    pub fn request_schema(&self) -> &str {
        self.request.as_deref().unwrap_or_default()
    }

    /// The documented error statuses, in order.
    pub fn error_statuses(&self) -> Vec<ErrorStatus> {
        error_statuses(self.errors).collect()
    }

    /// `responses=...` of the route's decorator.
    pub fn python_responses(&self) -> String {
        python_responses(self.errors)
    }
}

/// The resource of one entity: its collection and its items.
#[derive(Clone, Copy)]
pub struct Resource<'a> {
    e: &'a EntityView<'a>,
}

impl<'a> Resource<'a> {
    pub fn new(e: &'a EntityView<'a>) -> Self {
        Resource { e }
    }

    /// The collection's path (`/api/order-items`).
    pub fn path(&self) -> &'a str {
        &self.e.url
    }

    /// The path of one item (`/api/order-items/{item_id}`).
    pub fn item_path(&self) -> String {
        format!("{}/{{item_id}}", self.e.url)
    }

    /// The tag that groups the routes in the API's documentation.
    pub fn tag(&self) -> &'a str {
        &self.e.tag
    }

    /// The query parameters of the list besides the page's: one per link,
    /// each keeping the rows that link to one row.
    pub fn filters(&self) -> impl Iterator<Item = &'a FieldView<'a>> + 'a {
        self.e.references()
    }

    /// The values of the list's `sort` parameter: `created_at`, the list's
    /// own order, then each field the PRD marks indexed; empty when there is
    /// no such field (the list takes no `sort`).
    pub fn sorts(&self) -> Vec<&'a str> {
        if self.e.sort_fields.is_empty() {
            return Vec::new();
        }
        let mut sorts = vec!["created_at"];
        sorts.extend(self.e.sort_fields.iter().copied());
        sorts
    }

    /// Every route, in the order the router declares them.
    pub fn routes(&self) -> [Route; 6] {
        [
            self.list(),
            self.create(),
            self.get(),
            self.replace(),
            self.update(),
            self.delete(),
        ]
    }

    /// The name of the entity's schema of `kind`.
    fn schema(&self, kind: SchemaKind) -> String {
        format!("{}{}", self.e.name, kind.suffix())
    }

    /// `GET {url}`: one page of the signed-in user's rows, oldest first.
    pub fn list(&self) -> Route {
        Route {
            method: Method::Get,
            on_item: false,
            operation_id: format!("list_{}", self.e.plural),
            description: format!(
                "List the signed-in user's {}, oldest first.",
                py_doc_value(&self.e.plural_label)
            ),
            status: 200,
            request: None,
            response: Some(self.schema(SchemaKind::Page)),
            errors: &[401, 422],
        }
    }

    /// `POST {url}`: a new row, owned by the signed-in user.
    pub fn create(&self) -> Route {
        Route {
            method: Method::Post,
            on_item: false,
            operation_id: format!("create_{}", self.e.snake),
            description: format!(
                "Create one {} owned by the signed-in user.",
                py_doc_value(&self.e.label)
            ),
            status: 201,
            request: Some(self.schema(SchemaKind::Create)),
            response: Some(self.schema(SchemaKind::Response)),
            errors: &[401, 403, 409, 413, 422],
        }
    }

    /// `GET {url}/{item_id}`: one row.
    pub fn get(&self) -> Route {
        Route {
            method: Method::Get,
            on_item: true,
            operation_id: format!("get_{}", self.e.snake),
            description: format!(
                "Read one of the signed-in user's {}.",
                py_doc_value(&self.e.plural_label)
            ),
            status: 200,
            request: None,
            response: Some(self.schema(SchemaKind::Response)),
            errors: &[401, 404, 422],
        }
    }

    /// `PUT {url}/{item_id}`: every field of a row replaced.
    pub fn replace(&self) -> Route {
        Route {
            method: Method::Put,
            on_item: true,
            operation_id: format!("replace_{}", self.e.snake),
            description: "Replace every field; optional fields left out are cleared.".to_string(),
            status: 200,
            request: Some(self.schema(SchemaKind::Create)),
            response: Some(self.schema(SchemaKind::Response)),
            errors: &[401, 403, 404, 409, 413, 422],
        }
    }

    /// `PATCH {url}/{item_id}`: the fields sent changed.
    pub fn update(&self) -> Route {
        Route {
            method: Method::Patch,
            on_item: true,
            operation_id: format!("update_{}", self.e.snake),
            description: "Change only the fields sent.".to_string(),
            status: 200,
            request: Some(self.schema(SchemaKind::Update)),
            response: Some(self.schema(SchemaKind::Response)),
            errors: &[401, 403, 404, 409, 413, 422],
        }
    }

    /// `DELETE {url}/{item_id}`: a row removed.
    pub fn delete(&self) -> Route {
        Route {
            method: Method::Delete,
            on_item: true,
            operation_id: format!("delete_{}", self.e.snake),
            description: format!("Delete one {}.", py_doc_value(&self.e.label)),
            status: 204,
            request: None,
            response: None,
            errors: &[401, 403, 404, 409, 422],
        }
    }
}
