//! Entity names as PRDs write them, read as the language's: a plural
//! (`Bookings`) becomes singular, a lower-case name (`customers`, from a
//! bold line or a heading) is capitalised, and an account entity (`Users`,
//! or `Account` or `Member` declaring an e-mail address or a password)
//! becomes `User`, whose fields the built-in account already has are set
//! aside. Each change is a note; the rest of lowering sees the names it
//! knows. A PRD that needs none of this is not copied.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::naming;
use crate::problems::{Inference, RenameReason};
use crate::syntax::{self, EntityShape, Prd};

/// The fields of the account entity that the built-in account has.
const ACCOUNT_FIELDS: &[&str] = &["id", "email", "password", "password_hash"];

/// The PRD with its entities renamed and the account's own fields set
/// aside, or `None` when nothing changes.
pub(super) fn read_entity_names(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) -> Option<Prd> {
    let entities = || prd.entity_sections.iter().flat_map(|s| &s.entities);
    let written: Vec<&str> = entities().map(|e| e.name.text.as_str()).collect();
    let declares_user = written.iter().any(|name| *name == "User");
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut taken: Vec<String> = written.iter().map(|name| name.to_string()).collect();
    let mut found = Vec::new();
    for entity in entities() {
        let name = &entity.name.text;
        let mut reasons = Vec::new();
        let mut new_name = name.clone();
        // A lower-case name is an entity's only where the line says so (a
        // bold line or a heading); `order_line: qty (integer)` keeps its
        // own error.
        let lower_case = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && entity.shape != EntityShape::Inline;
        if lower_case {
            new_name = naming::pascal_case(name);
            reasons.push(RenameReason::LowerCase);
        }
        let snake = naming::snake_case(&new_name);
        if let Some(singular) = naming::singular(&snake) {
            new_name = naming::pascal_case(&singular);
            reasons.push(RenameReason::Plural);
        }
        if !declares_user
            && matches!(new_name.as_str(), "Account" | "Member")
            && entity
                .fields
                .iter()
                .any(|f| matches!(f.name.text.as_str(), "email" | "password" | "password_hash"))
        {
            new_name = "User".to_string();
        }
        if new_name == *name || new_name.len() < 2 || taken.contains(&new_name) {
            continue;
        }
        taken.push(new_name.clone());
        found.push((entity.name.span, name.clone(), new_name.clone(), reasons));
        renames.insert(name.clone(), new_name);
    }
    for (span, written, name, reasons) in &found {
        diagnostics.push(
            Inference::EntityRenamed {
                span: *span,
                written,
                name,
                reasons,
            }
            .into(),
        );
    }
    let is_account = |name: &str| renames.get(name).map_or(name, String::as_str) == "User";
    let has_account_fields = entities().any(|e| {
        is_account(&e.name.text)
            && e.fields
                .iter()
                .any(|f| ACCOUNT_FIELDS.contains(&f.name.text.as_str()))
    });
    if renames.is_empty() && !has_account_fields {
        return None;
    }
    let mut prd = prd.clone();
    for entity in prd.entity_sections.iter_mut().flat_map(|s| &mut s.entities) {
        if let Some(new_name) = renames.get(&entity.name.text) {
            entity.name.text = new_name.clone();
        }
        for field in &mut entity.fields {
            if let Some(new_name) = renames.get(&field.type_name.text) {
                field.type_name.text = new_name.clone();
            }
        }
        if entity.name.text == "User" {
            set_account_fields_aside(entity, diagnostics);
        }
    }
    Some(prd)
}

/// Removes the fields the built-in account has from the account entity,
/// with a note for each.
fn set_account_fields_aside(entity: &mut syntax::Entity, diagnostics: &mut Vec<Diagnostic>) {
    let before = entity.fields.len();
    entity.fields.retain(|field| {
        let own = ACCOUNT_FIELDS.contains(&field.name.text.as_str());
        if own {
            diagnostics.push(
                Inference::AccountField {
                    span: field.name.span,
                    field: &field.name.text,
                }
                .into(),
            );
        }
        !own
    });
    // The entity declared fields, so it is not said to declare none.
    if entity.fields.is_empty() && before > 0 {
        entity.unreadable_fields += 1;
    }
}
