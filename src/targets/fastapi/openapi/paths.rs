//! An entity's two path items (its collection, and one of its items), as
//! the templates under `templates/fastapi/openapi/` write them from the
//! API's description.

use crate::targets::fastapi::api::{LIMIT, OFFSET, Resource, SECURITY_SCHEMES};
use crate::targets::fastapi::templates::{CollectionPath, ItemPath};
use crate::targets::fastapi::view::EntityView;

use super::schema_pointer;

/// The `paths` entry of an entity's collection.
pub(super) fn collection_path<'a>(e: &'a EntityView<'a>) -> CollectionPath<'a> {
    let r = Resource::new(e);
    let (list, create) = (r.list(), r.create());
    CollectionPath {
        r,
        page_ref: schema_pointer(list.response_schema()),
        create_ref: schema_pointer(create.request_schema()),
        response_ref: schema_pointer(create.response_schema()),
        list,
        create,
        limit: LIMIT,
        offset: OFFSET,
        security: &SECURITY_SCHEMES,
    }
}

/// The `paths` entry of one of an entity's items.
pub(super) fn item_path<'a>(e: &'a EntityView<'a>) -> ItemPath<'a> {
    let r = Resource::new(e);
    let (get, replace, update) = (r.get(), r.replace(), r.update());
    ItemPath {
        url: r.item_path(),
        create_ref: schema_pointer(replace.request_schema()),
        update_ref: schema_pointer(update.request_schema()),
        response_ref: schema_pointer(get.response_schema()),
        delete: r.delete(),
        get,
        update,
        replace,
        r,
        security: &SECURITY_SCHEMES,
    }
}
