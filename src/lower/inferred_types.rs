//! Fields written without a type (`- amount`, `- amount: the total
//! spent`): each gets a type from its name by a fixed table, and a note
//! says which type and how to write it. The name itself is read as
//! written words are (`createdAt`, `Price`): in snake_case. A PRD that has
//! no such field is not copied.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::naming;
use crate::problems::{BuiltInColumn, EmbeddedProblem, Inference, TypeRule};
use crate::syntax::{Entity, Prd};

/// The PRD with a type for every field written without one, or `None`
/// when every field has its type.
pub(super) fn infer_field_types(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) -> Option<Prd> {
    let entities = || prd.entity_sections.iter().flat_map(|s| &s.entities);
    let untyped = entities()
        .flat_map(|entity| &entity.fields)
        .any(|field| field.type_name.text.is_empty());
    if !untyped {
        return None;
    }
    // Every way a field's name may name an entity (`customer`,
    // `customers`), with the entity's name as written.
    // Looked up once per untyped field: a map, so that a large PRD is not
    // searched whole for each; the first entity a word names keeps it.
    let mut entity_words: HashMap<String, String> = HashMap::new();
    for entity in entities() {
        let written = &entity.name.text;
        let snake = naming::snake_case(written);
        let singular = naming::singular(&snake).unwrap_or_else(|| snake.clone());
        for word in [naming::plural(&singular), singular, snake] {
            entity_words.entry(word).or_insert_with(|| written.clone());
        }
    }
    let mut prd = prd.clone();
    let owner_named = entity_words.contains_key("owner");
    for entity in prd.entity_sections.iter_mut().flat_map(|s| &mut s.entities) {
        built_in_keys(entity, owner_named, diagnostics);
    }
    let fields = prd
        .entity_sections
        .iter_mut()
        .flat_map(|s| &mut s.entities)
        .flat_map(|entity| &mut entity.fields)
        .filter(|field| field.type_name.text.is_empty());
    for field in fields {
        let snake = naming::snake_case(&field.name.text);
        let inferred = type_for_name(&snake, &entity_words);
        let name = inferred.name.unwrap_or(snake);
        diagnostics.push(
            Inference::TypeInferred {
                span: field.name.span,
                written: &field.name.text,
                name: &name,
                type_word: &inferred.type_word,
                rule: inferred.rule,
            }
            .into(),
        );
        if matches!(inferred.rule, TypeRule::Link) {
            // `account_id (Foreign Key)`: the link the name names is what
            // the remark says.
            field
                .modifiers
                .retain(|modifier| !super::renames::is_bare_foreign_key(&modifier.text));
        }
        field.type_name.text = inferred.type_word;
        field.name.text = name;
    }
    Some(prd)
}

/// Takes out of `entity` the fields written without a type that are keys
/// every row has: the owner's (`user_id`, `userId`, and `owner_id` when no
/// entity is named `Owner`) and the entity's own (`transaction_id` in
/// `Transactions`), each noted as built in.
fn built_in_keys(entity: &mut Entity, owner_named: bool, diagnostics: &mut Vec<Diagnostic>) {
    let own = naming::snake_case(&entity.name.text);
    let own = naming::singular(&own).unwrap_or(own);
    entity.fields.retain(|field| {
        if !field.type_name.text.is_empty() {
            return true;
        }
        let snake = naming::snake_case(&field.name.text);
        let kind = if snake.strip_suffix("_id") == Some(own.as_str()) {
            BuiltInColumn::Id
        } else if super::key_references::is_owner_column(&snake, owner_named) {
            BuiltInColumn::Owner
        } else {
            return true;
        };
        diagnostics.push(
            EmbeddedProblem::BuiltIn {
                span: field.name.span,
                column: field.name.text.clone(),
                kind,
            }
            .into(),
        );
        false
    });
}

/// What the table says of a field's name.
pub(super) struct InferredType {
    /// A type word, or the name of the entity the field links to.
    pub type_word: String,
    /// The field's name when it is not its snake_case name as written: a
    /// link's, without `_id`.
    pub name: Option<String>,
    pub rule: TypeRule,
}

/// The type a field's snake_case name implies, and the rule that says so.
/// The rules are tried in this order; the first that matches decides.
/// `entity_words` are the words naming each entity, with its name.
pub(super) fn type_for_name(name: &str, entity_words: &HashMap<String, String>) -> InferredType {
    let entity_named = |word: &str| entity_words.get(word).cloned();
    let stem = ["_id", "_reference", "_ref"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix));
    if name != "id"
        && let Some(entity) = entity_named(stem.unwrap_or(name))
    {
        return InferredType {
            type_word: entity,
            name: stem.map(str::to_string),
            rule: TypeRule::Link,
        };
    }
    // `parent_category` beside `Category`: a link in a role.
    if let Some((_, last)) = name.rsplit_once('_')
        && !matches!(last, "id" | "reference" | "ref")
        && let Some(entity) = entity_named(last)
    {
        return InferredType {
            type_word: entity,
            name: None,
            rule: TypeRule::Link,
        };
    }
    let (type_word, rule) = type_word_for_name(name);
    InferredType {
        type_word: type_word.to_string(),
        name: None,
        rule,
    }
}

/// The type word a name implies when it names no entity.
fn type_word_for_name(name: &str) -> (&'static str, TypeRule) {
    let words: Vec<&str> = name.split('_').collect();
    let last = words.last().copied().unwrap_or(name);
    let first = words.first().copied().unwrap_or(name);
    if name == "id" {
        return ("uuid", TypeRule::Id);
    }
    if name.ends_with("_id") {
        return ("string", TypeRule::ForeignIdentifier);
    }
    if (words.len() > 1 && matches!(last, "at" | "time")) || name == "timestamp" {
        return ("datetime", TypeRule::Moment);
    }
    if name == "dob" {
        return ("date", TypeRule::Birth);
    }
    if name.ends_with("date") || (words.len() > 1 && last == "on") {
        return ("date", TypeRule::Day);
    }
    if matches!(
        last,
        "amount" | "price" | "total" | "cost" | "balance" | "fee"
    ) {
        return ("decimal", TypeRule::Money);
    }
    if last == "email" {
        return ("email", TypeRule::Email);
    }
    if matches!(name, "link" | "website") || last == "url" {
        return ("url", TypeRule::Url);
    }
    if (words.len() > 1 && matches!(first, "is" | "has")) || name.ends_with("_enabled") {
        return ("boolean", TypeRule::Flag);
    }
    if matches!(name, "count" | "quantity" | "age")
        || name.starts_with("number_of_")
        || (words.len() > 1 && first == "times")
        || (words.len() > 1 && last == "count")
    {
        return ("integer", TypeRule::Count);
    }
    if matches!(name, "order" | "sort_order" | "position" | "rank") || last == "streak" {
        return ("integer", TypeRule::Position);
    }
    if matches!(
        name,
        "description" | "notes" | "comment" | "body" | "content"
    ) {
        return ("text", TypeRule::LongText);
    }
    ("string", TypeRule::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_decides_by_the_name() {
        let entities = HashMap::from([
            ("shelf".to_string(), "Shelves".to_string()),
            ("shelves".to_string(), "Shelves".to_string()),
        ]);
        for (name, expected) in [
            ("id", "uuid"),
            ("shelf_id", "Shelves"),
            ("shelf", "Shelves"),
            ("tracking_id", "string"),
            ("paid_at", "datetime"),
            ("start_time", "datetime"),
            ("date", "date"),
            ("due_date", "date"),
            ("birthdate", "date"),
            ("dob", "date"),
            ("shipped_on", "date"),
            ("amount", "decimal"),
            ("unit_price", "decimal"),
            ("total", "decimal"),
            ("email", "email"),
            ("contact_email", "email"),
            ("website", "url"),
            ("photo_url", "url"),
            ("is_archived", "boolean"),
            ("has_paid", "boolean"),
            ("alerts_enabled", "boolean"),
            ("quantity", "integer"),
            ("page_count", "integer"),
            ("number_of_seats", "integer"),
            ("times_cooked", "integer"),
            ("age", "integer"),
            ("order", "integer"),
            ("rank", "integer"),
            ("best_streak", "integer"),
            ("order_note", "string"),
            ("notes", "text"),
            ("description", "text"),
            ("colour", "string"),
            ("at", "string"),
            ("is", "string"),
        ] {
            assert_eq!(type_for_name(name, &entities).type_word, expected, "{name}");
        }
    }

    #[test]
    fn a_link_written_as_a_key_is_named_without_its_suffix() {
        let entities = HashMap::from([("shelf".to_string(), "Shelf".to_string())]);
        assert_eq!(
            type_for_name("shelf_id", &entities).name.as_deref(),
            Some("shelf")
        );
        assert_eq!(type_for_name("shelf", &entities).name, None);
        assert_eq!(
            type_for_name("shelf_reference", &entities).name.as_deref(),
            Some("shelf")
        );
        let role = type_for_name("top_shelf", &entities);
        assert_eq!((role.type_word.as_str(), role.name), ("Shelf", None));
    }
}
