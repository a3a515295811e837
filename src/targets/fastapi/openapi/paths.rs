//! An entity's two path items (its collection, and one of its items), as
//! the templates under `templates/fastapi/openapi/` write them.

use crate::targets::fastapi::templates::{CollectionPath, ItemPath, OperationText};
use crate::targets::fastapi::view::{EntityView, python_title};

use super::{doc, schema_pointer};

/// An operation's texts, the summary derived from the function as FastAPI
/// derives it.
fn operation(function: String, description: String) -> OperationText {
    OperationText {
        summary: python_title(&function.replace('_', " ")),
        function,
        description,
    }
}

/// The `paths` entry of an entity's collection.
pub(super) fn collection_path<'a>(e: &'a EntityView<'a>) -> CollectionPath<'a> {
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
pub(super) fn item_path<'a>(e: &'a EntityView<'a>) -> ItemPath<'a> {
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

pub(super) fn item_url(e: &EntityView) -> String {
    format!("{}/{{item_id}}", e.url)
}
