//! The import blocks of the generated modules, formatted as ruff's isort
//! formats them.

use std::collections::{BTreeMap, HashSet};

use crate::targets::fastapi::types;

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
    // Standard-library modules, in isort's order (by name).
    let mut stdlib: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    stdlib.insert("uuid", vec!["UUID", "uuid4"]);
    if type_checking {
        stdlib.entry("typing").or_default().push("TYPE_CHECKING");
    }
    let mut sqlalchemy = sqlalchemy_base.to_vec();
    let mut database = vec!["Base", "Timestamp", "UTCDateTime", "utcnow"];
    for f in fields {
        for &(module, name) in std::iter::once(&f.row.column_import).chain(f.row.model_imports) {
            match module {
                "sqlalchemy" => sqlalchemy.push(name),
                "app.database" => database.push(name),
                _ => stdlib.entry(module).or_default().push(name),
            }
        }
    }
    if fields.iter().any(|f| f.column_args().contains("text(")) {
        sqlalchemy.push("text");
    }
    ColumnImports {
        stdlib: stdlib
            .iter()
            .map(|(module, names)| from_import(module, names))
            .collect(),
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
    // Standard-library modules, in isort's order (by name).
    let mut stdlib: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut import = |module, name| stdlib.entry(module).or_default().push(name);
    if annotations.contains("Decimal(") {
        import("decimal", "Decimal");
    }
    if annotations.contains("Annotated[") {
        import("typing", "Annotated");
    }
    for f in fields {
        for &(module, name) in f.row.schema_imports {
            import(module, name);
        }
    }
    if annotations.contains("Literal[") {
        import("typing", "Literal");
    }
    if !account_profile || annotations.contains("UUID") {
        import("uuid", "UUID");
    }
    let stdlib: Vec<String> = stdlib
        .iter()
        .map(|(module, names)| from_import(module, names))
        .collect();
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
    // The aliases of `app/schemas/types.py` the annotations name (the
    // words gathered once: a large app asks this of every entity).
    let words: HashSet<&str> = annotations
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect();
    let mut types: Vec<&str> = types::rows()
        .iter()
        .filter(|row| row.alias)
        .map(|row| row.schema)
        .filter(|alias| words.contains(alias))
        .collect();
    if annotations.contains("NOT_BLANK") {
        types.push("NOT_BLANK");
    }
    for marker in ["DecimalWithin", "Int64Within"] {
        if annotations.contains(&format!("{marker}(")) {
            types.push(marker);
        }
    }
    types.sort_unstable();
    types.dedup();
    let mut first_party = Vec::new();
    if !types.is_empty() {
        first_party.push(from_import("app.schemas.types", &types));
    }
    let mut third_party = vec![from_import("pydantic", &pyd)];
    if annotations.contains("SkipJsonSchema[") {
        third_party.push(from_import("pydantic.json_schema", &["SkipJsonSchema"]));
    }
    import_block(vec![stdlib, third_party, first_party])
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
