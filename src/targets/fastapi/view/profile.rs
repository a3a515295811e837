//! The view of the account's profile fields.

use crate::genome::{FieldType, Genome};
use crate::targets::fastapi::types;

use super::field::default_literal;
use super::imports::{
    ColumnImports, column_imports, from_import, import_block, quoted_list, schema_imports,
};
use super::{EntityView, FieldView, Links};

/// The profile fields of the built-in account (from an entity named
/// `User`), as the user model, migration, schemas and tests print them.
#[derive(Debug, Clone)]
pub struct ProfileView<'g> {
    pub fields: Vec<FieldView<'g>>,
    /// The fields `PATCH /api/auth/me` changes: all but those that say
    /// what the user may do.
    pub update_fields: Vec<FieldView<'g>>,
    /// The read-only fields, which `PATCH /api/auth/me` refuses.
    pub read_only: Vec<String>,
    pub checks: Vec<(String, String)>,
    /// The required fields an update may send, which it may not clear.
    pub required_names: String,
    pub model_imports: String,
    pub schema_imports: String,
    /// `"id", "email", "created_at"` and the profile fields: the keys of
    /// `GET /api/auth/me`.
    pub me_keys: String,
    /// Test lines: (field, Python literal of the value a new account starts
    /// with), for the fields whose JSON value is exact.
    pub starts_with: Vec<(String, String)>,
    /// (field, invalid Python literal) pairs, each answered with 422.
    pub invalid: Vec<(String, String)>,
    /// The account's e-mail address column, in the model and in the
    /// migration: an `email` field's.
    pub email_column: &'static str,
    pub email_migration: &'static str,
}

impl<'g> ProfileView<'g> {
    pub fn new(genome: &'g Genome, links: &Links<'g>) -> Self {
        let account = genome.account_entity();
        let view = EntityView::new(&account, &genome.user_fields, links);
        let ColumnImports {
            stdlib,
            sqlalchemy: mut sa_names,
            database: db_names,
        } = column_imports(&view.fields, &["Integer", "String", "Uuid"], false);
        if !view.checks.is_empty() {
            sa_names.push("CheckConstraint");
        }
        let model_imports = import_block(vec![
            stdlib,
            vec![
                from_import("sqlalchemy", &sa_names),
                "from sqlalchemy.orm import Mapped, mapped_column".to_string(),
            ],
            vec![from_import("app.database", &db_names)],
        ]);
        let read_only = &genome.read_only_user_fields;
        let update_fields: Vec<FieldView> = view
            .fields
            .iter()
            .filter(|f| !read_only.iter().any(|name| name == f.name))
            .cloned()
            .collect();
        let required: Vec<&str> = update_fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let required_names = quoted_list(&required);
        let schema_imports = schema_imports(&view.fields, &required, true);
        let mut keys = vec![
            "\"id\"".to_string(),
            "\"email\"".to_string(),
            "\"created_at\"".to_string(),
        ];
        keys.extend(view.fields.iter().map(|f| format!("\"{}\"", f.name)));
        let exact = |f: &FieldView| f.row.json_exact;
        let starts_with = view
            .fields
            .iter()
            .filter(|f| exact(f) || f.default_json().is_none())
            .map(|f| {
                let literal = match &f.default_json() {
                    Some(d) => default_literal(f.source, d),
                    None => "None".to_string(),
                };
                (f.name.to_string(), literal)
            })
            .collect();
        let mut invalid: Vec<(String, String)> = view
            .fields
            .iter()
            .flat_map(|f| {
                f.invalid_literals()
                    .into_iter()
                    .map(move |v| (f.name.to_string(), v))
            })
            .collect();
        invalid.extend(
            view.fields
                .iter()
                .filter(|f| f.required)
                .map(|f| (f.name.to_string(), "None".to_string())),
        );
        ProfileView {
            starts_with,
            invalid,
            checks: view.checks.clone(),
            required_names,
            update_fields,
            read_only: read_only.clone(),
            fields: view.fields,
            model_imports,
            schema_imports,
            me_keys: keys.join(", "),
            email_column: &types::row(FieldType::Email).column,
            email_migration: &types::row(FieldType::Email).migration,
        }
    }
}
