//! Fields typed as the key of another table's row (`→ profiles.id` in a
//! field table) that are the owner column every row has: `user_id`, and
//! `owner_id` when no entity is named `Owner`. Each is taken out of its
//! entity with a note (N0001), as a schema's owner column is; any other
//! such field is read as a link by [`super::renames`].

use crate::diagnostics::Diagnostic;
use crate::naming;
use crate::problems::{BuiltInColumn, EmbeddedProblem};
use crate::syntax::Prd;
use crate::vocabulary;

use super::renames::key_reference_target;

/// The PRD without its owner columns typed as keys, or `None` when it has
/// none.
pub(super) fn owner_key_references(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) -> Option<Prd> {
    let entities = || prd.entity_sections.iter().flat_map(|s| &s.entities);
    let owner_named = entities().any(|e| naming::snake_case(&e.name.text) == "owner");
    let is_owner_key = |field: &crate::syntax::Field| {
        key_reference_target(&field.type_name.text).is_some()
            && is_owner_column(&field.name.text, owner_named)
    };
    if !entities().flat_map(|e| &e.fields).any(is_owner_key) {
        return None;
    }
    let mut prd = prd.clone();
    for entity in prd.entity_sections.iter_mut().flat_map(|s| &mut s.entities) {
        entity.fields.retain(|field| {
            if !is_owner_key(field) {
                return true;
            }
            diagnostics.push(
                EmbeddedProblem::BuiltIn {
                    span: field.name.span,
                    column: field.name.text.clone(),
                    kind: BuiltInColumn::Owner,
                }
                .into(),
            );
            false
        });
    }
    Some(prd)
}

/// Whether the snake_case field name `name` is the owner column every row
/// has: `user_id`, or `owner_id` when no entity is named `Owner`.
pub(super) fn is_owner_column(name: &str, owner_named: bool) -> bool {
    name == vocabulary::OWNER_COLUMN || (name == "owner_id" && !owner_named)
}
