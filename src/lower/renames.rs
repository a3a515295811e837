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
use crate::span::Span;
use crate::syntax::{self, EntityShape, Prd};
use crate::vocabulary;

/// The fields of the account entity that the built-in account has.
const ACCOUNT_FIELDS: &[&str] = &["id", "email", "password", "password_hash"];

/// The PRD with its entities renamed and the account's own fields set
/// aside, or `None` when nothing changes.
pub(super) fn read_entity_names(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) -> Option<Prd> {
    let entities = || prd.entity_sections.iter().flat_map(|s| &s.entities);
    let written: Vec<&str> = entities().map(|e| e.name.text.as_str()).collect();
    let declares_user = written.contains(&"User");
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut taken: Vec<String> = written.iter().map(|name| name.to_string()).collect();
    let mut found = Vec::new();
    for entity in entities() {
        let name = &entity.name.text;
        let mut reasons = Vec::new();
        let mut new_name = name.clone();
        // A lower-case name is an entity's only where the line says so (a
        // bold line, a heading, or words alone above field items);
        // `order_line: qty (integer)` keeps its own error.
        let lower_case = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
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
    let ForeignKeys { links, unresolved } = foreign_keys(prd, &renames);
    for key in &unresolved {
        let field =
            &prd.entity_sections[key.section].entities[key.entity_index].fields[key.field_index];
        let modifier = &field.modifiers[key.modifier];
        diagnostics.push(
            Inference::ForeignKeyUnresolved {
                span: modifier.span,
                field: &field.name.text,
                written: &modifier.text,
            }
            .into(),
        );
    }
    for link in &links {
        diagnostics.push(
            Inference::LinkRead {
                span: link.span,
                written: &link.written,
                name: &link.name,
                entity: &link.entity,
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
    if renames.is_empty() && !has_account_fields && links.is_empty() && unresolved.is_empty() {
        return None;
    }
    let mut prd = prd.clone();
    for key in unresolved {
        prd.entity_sections[key.section].entities[key.entity_index].fields[key.field_index]
            .modifiers
            .remove(key.modifier);
    }
    for link in links {
        let field = &mut prd.entity_sections[link.section].entities[link.entity_index].fields
            [link.field_index];
        field.name.text = link.name;
        field.type_name.text = link.entity;
        if let Some(modifier) = link.modifier {
            field.modifiers.remove(modifier);
        }
    }
    for entity in prd.entity_sections.iter_mut().flat_map(|s| &mut s.entities) {
        let mut renamed_account = false;
        if let Some(new_name) = renames.get(&entity.name.text) {
            renamed_account = new_name == "User";
            entity.name.text = new_name.clone();
        }
        // `users:` over `username (VARCHAR UNIQUE)`: a table of accounts
        // written as a schema; a profile field cannot be unique (E0028),
        // so the word is reported and not read.
        if renamed_account {
            for field in &mut entity.fields {
                field.modifiers.retain(|modifier| {
                    let unique = modifier.text.eq_ignore_ascii_case("unique");
                    if unique {
                        diagnostics.push(
                            Inference::RemarkNotRead {
                                span: modifier.span,
                                written: &modifier.text,
                                field: &field.name.text,
                            }
                            .into(),
                        );
                    }
                    !unique
                });
            }
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

/// A field written as a foreign key, to be read as a link.
struct ForeignKey {
    section: usize,
    entity_index: usize,
    field_index: usize,
    /// The modifier that said so (`FK to customers`), if one did.
    modifier: Option<usize>,
    span: Span,
    written: String,
    /// The link's name: the field's without `_id`.
    name: String,
    entity: String,
}

/// The fields written as foreign keys: `customer_id (uuid, FK to
/// customers)`, `references customers(id)`, `FK → Customer`, or a field
/// `customer_id` of type `uuid` or `integer` beside an entity `Customer`.
/// The entity may be named by its name, its table (`customers`) or its
/// name as written before renaming.
fn foreign_keys(prd: &Prd, renames: &HashMap<String, String>) -> ForeignKeys {
    let mut entities: HashMap<String, String> = HashMap::new();
    for entity in prd.entity_sections.iter().flat_map(|s| &s.entities) {
        let written = &entity.name.text;
        let name = renames.get(written).unwrap_or(written);
        let snake = naming::snake_case(name);
        for key in [
            written.to_ascii_lowercase(),
            naming::snake_case(written),
            name.to_ascii_lowercase(),
            naming::plural(&snake),
            snake,
        ] {
            entities.entry(key).or_insert_with(|| name.clone());
        }
    }
    let mut found = ForeignKeys {
        links: Vec::new(),
        unresolved: Vec::new(),
    };
    for (section_index, section) in prd.entity_sections.iter().enumerate() {
        for (entity_index, entity) in section.entities.iter().enumerate() {
            for (field_index, field) in entity.fields.iter().enumerate() {
                let said = field
                    .modifiers
                    .iter()
                    .enumerate()
                    .find_map(|(i, modifier)| {
                        let target = foreign_key_target(&modifier.text)?;
                        let entity = entities.get(&target.to_ascii_lowercase())?;
                        Some((Some(i), entity.clone()))
                    })
                    .or_else(|| {
                        // `→ customers.id` where the type goes.
                        let target = key_reference_target(&field.type_name.text)?;
                        let entity = entities.get(&target.to_ascii_lowercase())?;
                        Some((None, entity.clone()))
                    });
                let stem = field.name.text.strip_suffix("_id");
                // `owner_id (INTEGER FOREIGN KEY)`: a foreign key that
                // names no table links to the entity its name names.
                let bare = field
                    .modifiers
                    .iter()
                    .position(|modifier| is_bare_foreign_key(&modifier.text));
                let implied = || {
                    let stem = stem?;
                    let key_type = bare.is_some()
                        || matches!(
                            field.type_name.text.to_ascii_lowercase().as_str(),
                            "uuid" | "integer" | "int" | "bigint" | "int4" | "int8"
                        );
                    let entity = entities.get(stem)?;
                    key_type.then(|| (bare, entity.clone()))
                };
                let provided = vocabulary::PROVIDED_FIELDS.contains(&field.name.text.as_str());
                let Some((modifier, target)) = said.or_else(implied) else {
                    if let Some(index) = bare.filter(|_| !provided) {
                        found.unresolved.push(Unresolved {
                            section: section_index,
                            entity_index,
                            field_index,
                            modifier: index,
                        });
                    }
                    continue;
                };
                // `user_id` and `owner_id` are the owner column every row
                // has, reported as such; `owner_id` beside an entity
                // `Owner` is a link to it.
                let name = stem.unwrap_or(&field.name.text);
                let owner = name == "owner" && target != "Owner";
                if matches!(name, "user" | "") || owner || target == "User" {
                    continue;
                }
                found.links.push(ForeignKey {
                    section: section_index,
                    entity_index,
                    field_index,
                    modifier,
                    span: field.name.span,
                    written: field.name.text.clone(),
                    name: name.to_string(),
                    entity: target,
                });
            }
        }
    }
    found
}

/// The fields written as foreign keys: those read as links, and those
/// whose bare `FOREIGN KEY` names no entity.
struct ForeignKeys {
    links: Vec<ForeignKey>,
    unresolved: Vec<Unresolved>,
}

/// A bare foreign-key modifier that names no entity: not read.
struct Unresolved {
    section: usize,
    entity_index: usize,
    field_index: usize,
    modifier: usize,
}

/// The table a type written as a row's key names: `→ customers.id`,
/// `-> customers.id`.
pub(super) fn key_reference_target(type_text: &str) -> Option<&str> {
    let after = type_text
        .strip_prefix('\u{2192}')
        .or_else(|| type_text.strip_prefix("->"))?;
    after.trim_start().strip_suffix(".id")
}

/// `FOREIGN KEY` or `FK` alone, naming no table.
pub(super) fn is_bare_foreign_key(modifier: &str) -> bool {
    modifier.eq_ignore_ascii_case("foreign key") || modifier.eq_ignore_ascii_case("fk")
}

/// The table or entity a foreign-key modifier names: `FK to customers`,
/// `FK → Customer`, `references customers(id)`, `foreign key to
/// customers.id`.
fn foreign_key_target(modifier: &str) -> Option<&str> {
    const OPENINGS: &[&str] = &[
        "foreign key to",
        "foreign key references",
        "foreign key",
        "references",
        "fk to",
        "fk",
        "ref",
    ];
    // Compared in place: every modifier of every field comes here.
    let opening = OPENINGS.iter().find(|opening| {
        modifier
            .get(..opening.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(opening))
    })?;
    let rest = modifier[opening.len()..].trim_start();
    let rest = ["→", "->", ":", "="]
        .iter()
        .find_map(|arrow| rest.strip_prefix(arrow))
        .unwrap_or(rest)
        .trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(end);
    let after = after.trim();
    let closed =
        after.is_empty() || after.eq_ignore_ascii_case("(id)") || after.eq_ignore_ascii_case(".id");
    (!name.is_empty() && closed).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_key_opening_is_read_in_any_case_and_next_to_any_character() {
        assert_eq!(foreign_key_target("Foreign Key to Owner"), Some("Owner"));
        assert_eq!(foreign_key_target("FK → Pet.id"), Some("Pet"));
        assert_eq!(foreign_key_target("references visit (id)"), Some("visit"));
        // The opening's length falls inside a character here.
        assert_eq!(foreign_key_target("ré"), None);
        assert_eq!(foreign_key_target("fk—"), None);
        assert_eq!(foreign_key_target("required"), None);
    }
}
