//! The import blocks of the generated modules, formatted as ruff's isort
//! formats them.

use crate::genome::FieldType;

use super::FieldView;

/// `"a", "b"`: names as the body of a Python list or tuple.
pub(super) fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// isort's order-by-type key: CONSTANTS, then Classes, then functions.
fn import_name_key(name: &str) -> (u8, String) {
    let bare = name.split(" as ").next().unwrap_or(name);
    let class = if bare.len() > 1 && bare.chars().all(|c| !c.is_lowercase()) {
        0
    } else if bare.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    (class, bare.to_lowercase())
}

/// What a model module imports for its columns.
pub(super) struct ColumnImports {
    /// Standard-library import lines, in isort's order.
    pub(super) stdlib: Vec<String>,
    /// Names from `sqlalchemy`.
    pub(super) sqlalchemy: Vec<&'static str>,
    /// Names from `app.database`.
    pub(super) database: Vec<&'static str>,
}

/// The imports the columns of `fields` need, on top of `sqlalchemy_base`;
/// `type_checking` adds `TYPE_CHECKING` for imports of linked models.
pub(super) fn column_imports(
    fields: &[FieldView],
    sqlalchemy_base: &[&'static str],
    type_checking: bool,
) -> ColumnImports {
    let has = |t: FieldType| fields.iter().any(|f| f.field_type == t);
    let mut typing = Vec::new();
    if type_checking {
        typing.push("TYPE_CHECKING");
    }
    if has(FieldType::Json) {
        typing.push("Any");
    }
    let mut stdlib = Vec::new();
    if has(FieldType::Decimal) {
        stdlib.push("from decimal import Decimal".to_string());
    }
    if !typing.is_empty() {
        stdlib.push(from_import("typing", &typing));
    }
    stdlib.push("from uuid import UUID, uuid4".to_string());
    let mut sqlalchemy = sqlalchemy_base.to_vec();
    for f in fields {
        let ctor = f.sa_type.split('(').next().unwrap_or_default();
        // UTCDateTime is the app's own type, imported from app.database.
        if ctor != "UTCDateTime" {
            sqlalchemy.push(ctor);
        }
    }
    if fields.iter().any(|f| f.column_args().contains("text(")) {
        sqlalchemy.push("text");
    }
    let mut database = vec!["Base", "Timestamp", "UTCDateTime", "utcnow"];
    if has(FieldType::Date) {
        database.push("CalendarDate");
    }
    ColumnImports {
        stdlib,
        sqlalchemy,
        database,
    }
}

/// A `from module import a, b` statement formatted as ruff's isort does:
/// names ordered by type, wrapped in parentheses past 88 columns.
pub fn from_import(module: &str, names: &[&str]) -> String {
    let mut names: Vec<&str> = names.to_vec();
    names.sort_by_cached_key(|n| import_name_key(n));
    names.dedup();
    let line = format!("from {module} import {}", names.join(", "));
    if line.len() <= 88 {
        return line;
    }
    let mut out = format!("from {module} import (\n");
    for n in names {
        out.push_str("    ");
        out.push_str(n);
        out.push_str(",\n");
    }
    out.push(')');
    out
}

/// Sections of import statements joined with blank lines; empty sections
/// are dropped.
pub(super) fn import_block(sections: Vec<Vec<String>>) -> String {
    sections
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The imports of a schema module: an entity's, or (`account_profile`) the
/// account's profile fields, which have no id, owner or timestamps.
pub(super) fn schema_imports(
    fields: &[FieldView],
    required: &[&str],
    account_profile: bool,
) -> String {
    let annotations: String = fields
        .iter()
        .map(|f| format!("{} {} ", f.create_type(), f.update_type()))
        .collect();
    let mut stdlib = Vec::new();
    if annotations.contains("Decimal(") {
        stdlib.push("from decimal import Decimal".to_string());
    }
    let mut typing = Vec::new();
    if annotations.contains("Annotated[") {
        typing.push("Annotated");
    }
    if fields.iter().any(|f| f.field_type == FieldType::Json) {
        typing.push("Any");
    }
    if annotations.contains("Literal[") {
        typing.push("Literal");
    }
    if !typing.is_empty() {
        stdlib.push(from_import("typing", &typing));
    }
    if account_profile {
        if annotations.contains("UUID") {
            stdlib.push("from uuid import UUID".to_string());
        }
    } else {
        stdlib.push("from uuid import UUID".to_string());
    }
    let mut pyd = vec!["BaseModel", "ConfigDict"];
    if !account_profile || annotations.contains("AwareDatetime") {
        pyd.push("AwareDatetime");
    }
    if annotations.contains("Field(") {
        pyd.push("Field");
    }
    if annotations.contains("StringConstraints(") {
        pyd.push("StringConstraints");
    }
    if !required.is_empty() {
        pyd.push("field_validator");
    }
    let mut types: Vec<&str> = [
        "ShortText",
        "Int64",
        "FiniteFloat",
        "ExactDecimal",
        "CalendarDate",
        "EmailAddress",
        "HttpUrl",
    ]
    .into_iter()
    .filter(|t| {
        annotations
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == *t)
    })
    .collect();
    types.sort_unstable();
    types.dedup();
    let mut first_party = Vec::new();
    if !types.is_empty() {
        first_party.push(from_import("app.schemas.types", &types));
    }
    import_block(vec![
        stdlib,
        vec![from_import("pydantic", &pyd)],
        first_party,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_ordered_by_type_and_wrapped() {
        assert_eq!(
            from_import("sqlalchemy", &["Uuid", "JSON", "ForeignKey"]),
            "from sqlalchemy import JSON, ForeignKey, Uuid"
        );
        let long = from_import(
            "pydantic",
            &[
                "AfterValidator",
                "AnyHttpUrl",
                "EmailStr",
                "Field",
                "StringConstraints",
                "TypeAdapter",
            ],
        );
        assert!(long.starts_with("from pydantic import (\n    AfterValidator,\n"));
    }
}
