//! The indexes that serve an entity's list queries: the user's rows alone
//! (`user_id`, for the list's total), the user's rows in the list's order
//! (`user_id, created_at, id`), and for each link the rows
//! that hold a given linked row in the same order (the link's column first,
//! so the same index serves the database's own foreign-key checks and the
//! delete that looks for rows still linked). Unique fields and groups are
//! served by their own constraints, which start with `user_id`. A field the
//! PRD marks indexed is a key the list can be sorted by: its index holds the
//! user's rows in that order.
//!
//! The model, the initial migration and an update's revision all take them
//! from here, so `alembic check` finds the database as the model says.

use sha2::{Digest, Sha256};

use super::FieldView;

/// PostgreSQL's longest identifier, in bytes.
const MAX_NAME_BYTES: usize = 63;

/// One index that is not unique: its name and its columns, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexView {
    pub name: String,
    pub columns: Vec<String>,
}

impl IndexView {
    /// `"user_id", "created_at", "id"`: the columns as Python strings, for
    /// the model's `Index(...)` and the migration's `create_index`.
    pub fn quoted_columns(&self) -> String {
        self.columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The list order every list query ends with, after `user_id`.
const ORDER: [&str; 2] = ["created_at", "id"];

/// The indexes of the table `table`, whose fields are `fields`: the user's
/// rows, the list order, one per indexed field (the user's rows sorted by it, then in the
/// list's order: what `sort` asks for), then one per link, in declaration
/// order.
pub(super) fn list_indexes(table: &str, fields: &[FieldView]) -> Vec<IndexView> {
    let ordered = |lead: Option<&str>| {
        let mut columns: Vec<String> = lead.iter().map(|c| (*c).to_string()).collect();
        columns.push("user_id".into());
        columns.extend(ORDER.iter().map(|c| (*c).to_string()));
        columns
    };
    let mut out = vec![
        // What a list's total counts: the narrowest index of the user's
        // rows, so that counting reads the fewest pages.
        IndexView {
            name: index_name(&format!("ix_{table}_user_id")),
            columns: vec!["user_id".to_string()],
        },
        IndexView {
            name: index_name(&format!("ix_{table}_user_id_created_at_id")),
            columns: ordered(None),
        },
    ];
    for f in fields.iter().filter(|f| f.indexed) {
        let mut columns = vec!["user_id".to_string(), f.name.to_string()];
        columns.extend(ORDER.iter().map(|c| (*c).to_string()));
        out.push(IndexView {
            name: index_name(&format!("ix_{table}_user_id_{}_created_at_id", f.name)),
            columns,
        });
    }
    for f in fields.iter().filter(|f| f.source.reference.is_some()) {
        out.push(IndexView {
            name: index_name(&format!("ix_{table}_{}_user_id_created_at_id", f.name)),
            columns: ordered(Some(f.name)),
        });
    }
    out
}

/// The indexes of the table `table`, whose fields are `fields`, by the
/// schema rules before the list indexes (version 1 of
/// [`crate::targets::fastapi::revision::SCHEMA_VERSION`]): `user_id`
/// alone, and each link and each field marked indexed alone. An update of
/// an app made then starts from these.
pub(in crate::targets::fastapi) fn before_list_indexes(
    table: &str,
    fields: &[FieldView],
) -> Vec<IndexView> {
    let alone = |column: &str| IndexView {
        name: format!("ix_{table}_{column}"),
        columns: vec![column.to_string()],
    };
    let mut out = vec![alone("user_id")];
    out.extend(
        fields
            .iter()
            .filter(|f| f.source.indexed && f.row.comparable)
            .map(|f| alone(f.name)),
    );
    out
}

/// `name`, or when it is longer than PostgreSQL takes, its start and a
/// digest of the whole, so that two long names stay apart.
fn index_name(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let mut cut = MAX_NAME_BYTES - hex.len() - 1;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hex}", &name[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_name_is_kept() {
        assert_eq!(
            index_name("ix_tasks_user_id_created_at_id"),
            "ix_tasks_user_id_created_at_id"
        );
    }

    #[test]
    fn a_long_name_is_cut_to_63_bytes_with_a_digest_of_the_whole() {
        let long = format!("ix_{}_user_id_created_at_id", "a".repeat(60));
        let other = format!("ix_{}_user_id_created_at_id", "a".repeat(61));
        let (one, two) = (index_name(&long), index_name(&other));
        assert_eq!(one.len(), 63);
        assert_eq!(two.len(), 63);
        assert_ne!(one, two);
        assert!(one.starts_with("ix_aaaa"));
    }

    #[test]
    fn a_cut_falls_on_a_character_boundary() {
        let long = format!("ix_{}", "é".repeat(40));
        let name = index_name(&long);
        assert!(name.len() <= 63);
        assert!(name.is_char_boundary(name.len() - 9));
    }
}
