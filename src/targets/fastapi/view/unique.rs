//! An entity's unique fields and groups, as the model, the migration and
//! the router enforce them. E-mail addresses compare case-insensitively
//! (stored as given): a constraint that holds one is a unique index on
//! `lower(column)`, which SQLite and PostgreSQL both support.

use crate::genome::{Entity, FieldType};

use super::FieldView;
use super::imports::quoted_list;

/// One unique field or group, with the owner's `user_id` first.
#[derive(Debug, Clone)]
pub struct UniqueView {
    /// The constraint's (or index's) name, as the metadata's naming
    /// convention would make it: `uq_<table>_user_id_<columns>`.
    pub name: String,
    /// Its columns after `user_id`, each with whether it compares
    /// lower-cased (an e-mail address).
    columns: Vec<(String, bool)>,
}

impl UniqueView {
    /// The unique field or group made of `columns` in `table`.
    pub(super) fn new(table: &str, columns: &[String], fields: &[FieldView]) -> Self {
        let caseless = |column: &String| {
            fields
                .iter()
                .any(|f| f.name == column && f.field_type == FieldType::Email)
        };
        UniqueView {
            name: format!("uq_{table}_user_id_{}", columns.join("_")),
            columns: columns.iter().map(|c| (c.clone(), caseless(c))).collect(),
        }
    }

    /// Whether it holds an e-mail address, so is a unique index on its
    /// lower-cased value rather than a unique constraint.
    pub fn caseless(&self) -> bool {
        self.columns.iter().any(|(_, lower)| *lower)
    }

    /// Whether `column` is one of its columns.
    pub(super) fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(c, _)| c == column)
    }

    /// `"user_id", "a", "b"`: a `UniqueConstraint`'s columns.
    pub fn constraint_columns(&self) -> String {
        let mut out = String::from("\"user_id\"");
        for (column, _) in &self.columns {
            out.push_str(&format!(", \"{column}\""));
        }
        out
    }

    /// `Contact.user_id, func.lower(Contact.email)`: the model's index.
    pub fn index_expressions(&self, class: &str) -> String {
        let mut out = format!("{class}.user_id");
        for (column, lower) in &self.columns {
            if *lower {
                out.push_str(&format!(", func.lower({class}.{column})"));
            } else {
                out.push_str(&format!(", {class}.{column}"));
            }
        }
        out
    }

    /// `"user_id", sa.text('lower("email")')`: the migration's index.
    pub fn index_columns(&self) -> String {
        let mut out = String::from("\"user_id\"");
        for (column, lower) in &self.columns {
            if *lower {
                out.push_str(&format!(", sa.text('lower(\"{column}\")')"));
            } else {
                out.push_str(&format!(", \"{column}\""));
            }
        }
        out
    }
}

/// The entity's unique fields (`unique_fields`, their columns), then its
/// unique groups.
pub(super) fn uniques(
    entity: &Entity,
    unique_fields: &[String],
    fields: &[FieldView],
) -> Vec<UniqueView> {
    let mut uniques: Vec<UniqueView> = unique_fields
        .iter()
        .map(|f| UniqueView::new(&entity.plural_name, std::slice::from_ref(f), fields))
        .collect();
    uniques.extend(entity.unique_together.iter().map(|group| {
        let columns: Vec<String> = group
            .fields
            .iter()
            .map(|name| {
                entity
                    .fields
                    .iter()
                    .find(|f| f.name == *name)
                    .map_or(name.to_string(), |f| f.column().to_string())
            })
            .collect();
        UniqueView::new(&entity.plural_name, &columns, fields)
    }));
    uniques
}

/// The e-mail columns that take part in a unique field or group, as the
/// body of a Python tuple (`"email",`, for the router), and the unique
/// e-mail fields, as the body of a list (`"a", "b"`, for the tests); each
/// empty when there is none.
pub(super) fn email_columns(uniques: &[UniqueView], fields: &[FieldView]) -> (String, String) {
    let emails = || fields.iter().filter(|f| f.field_type == FieldType::Email);
    let compared: Vec<&str> = emails()
        .filter(|f| uniques.iter().any(|u| u.has(f.name)))
        .map(|f| f.name)
        .collect();
    let compared = match compared.as_slice() {
        [] => String::new(),
        [one] => format!("\"{one}\","),
        many => quoted_list(many),
    };
    let unique: Vec<&str> = emails().filter(|f| f.unique).map(|f| f.name).collect();
    (compared, quoted_list(&unique))
}
