//! The entity-relationship diagram of the generated ARCHITECTURE.md, in
//! Mermaid's `erDiagram` syntax: each entity with its columns, and each
//! link an edge with its cardinality.
//!
//! Entity names are quoted, so that one spelt like a word of Mermaid's
//! (`One`, `End`, `Class`) stays a name; a column named like a key (`pk`,
//! `fk`, `uk`) is written in backticks. Types are the language's canonical
//! type names, single words as Mermaid requires.

use super::{EntityView, FieldView, ProfileView};

/// One attribute line: `type name [keys] ["required"]`. The columns every
/// table has are not marked required: only the fields the PRD declares.
fn attribute(kind: &str, name: &str, keys: &[&str], required: bool) -> String {
    let mut line = format!("{kind} {}", attribute_name(name));
    if !keys.is_empty() {
        line.push(' ');
        line.push_str(&keys.join(", "));
    }
    if required {
        line.push_str(" \"required\"");
    }
    line
}

/// A column's name as Mermaid reads it: one that is also a key word is
/// put in backticks.
fn attribute_name(name: &str) -> String {
    if ["pk", "fk", "uk"]
        .iter()
        .any(|key| name.eq_ignore_ascii_case(key))
    {
        format!("`{name}`")
    } else {
        name.to_string()
    }
}

/// A field's attribute line: a link is its `uuid` column, a foreign key.
fn field_attribute(field: &FieldView) -> String {
    let link = field.source.reference.is_some();
    let kind = if link { "uuid" } else { field.kind };
    let mut keys = Vec::with_capacity(2);
    if link {
        keys.push("FK");
    }
    if field.unique {
        keys.push("UK");
    }
    attribute(kind, field.name, &keys, field.required)
}

/// The columns every table has after its own: the timestamps.
fn timestamps() -> [String; 2] {
    [
        attribute("datetime", "created_at", &[], false),
        attribute("datetime", "updated_at", &[], false),
    ]
}

impl EntityView<'_> {
    /// The entity's attribute lines: its key, its owner, its fields and
    /// the timestamps.
    pub fn er_attributes(&self) -> Vec<String> {
        let mut lines = vec![
            attribute("uuid", "id", &["PK"], false),
            attribute("uuid", "user_id", &["FK"], false),
        ];
        lines.extend(self.fields.iter().map(field_attribute));
        lines.extend(timestamps());
        lines
    }

    /// The edges of the diagram that end at this entity: its owner, and
    /// one per link, from the linked entity (exactly one when the link is
    /// required, zero or one when optional) to any number of this one's
    /// rows, labelled with the link's name.
    pub fn er_edges(&self) -> Vec<String> {
        let mut edges = vec![format!("\"User\" ||--o{{ \"{}\" : \"owns\"", self.name)];
        edges.extend(self.references().map(|link| {
            let one = if link.required { "||" } else { "|o" };
            format!(
                "\"{}\" {one}--o{{ \"{}\" : \"{}\"",
                link.ref_class(),
                self.name,
                link.source.name
            )
        }));
        edges
    }
}

impl ProfileView<'_> {
    /// The account's attribute lines: its own columns, then the profile
    /// fields.
    pub fn er_attributes(&self) -> Vec<String> {
        let mut lines = vec![
            attribute("uuid", "id", &["PK"], false),
            attribute("email", "email", &["UK"], false),
            attribute("string", "password_hash", &[], false),
            attribute("integer", "token_version", &[], false),
        ];
        lines.extend(self.fields.iter().map(field_attribute));
        lines.extend(timestamps());
        lines
    }
}
