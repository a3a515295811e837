//! View data: everything the templates print, computed from the genome.
//!
//! Templates only loop and branch; names, Python and SQL types, import
//! blocks and test values are all decided here.

use crate::genome::{Entity, Field, FieldType, Genome};

use super::escape::py_str;

/// One field of an entity, as the templates need it.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: String,
    /// Python's `str.title()` of the name with `_` as spaces: Pydantic's
    /// default JSON-schema title.
    pub title: String,
    pub field_type: FieldType,
    /// The canonical type name (`decimal`).
    pub kind: &'static str,
    pub required: bool,
    /// Unique per owner. Never set for JSON, which has no equality in SQL.
    pub unique: bool,
    /// Indexed. Never set for JSON.
    pub indexed: bool,
    /// `Mapped[...]` argument.
    pub model_type: String,
    /// Column type in the model (`String(255)`).
    pub sa_type: &'static str,
    /// Column type in the migration (`sa.String(length=255)`).
    pub migration_type: &'static str,
    /// Annotation and default in the Base/Create schema.
    pub create_type: String,
    /// Annotation and default in the Update schema.
    pub update_type: String,
    pub valid_literal: String,
    pub other_literal: String,
    pub invalid_literals: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct EntityView {
    pub name: String,
    pub snake: String,
    pub plural: String,
    pub table: String,
    /// `/api/<plural with hyphens>`.
    pub url: String,
    pub tag: String,
    pub label: String,
    pub plural_label: String,
    pub fields: Vec<FieldView>,
    pub unique_fields: Vec<String>,
    /// `"a", "b"` for `field_validator(...)`; empty when none.
    pub required_names: String,
    pub required_json_fields: String,
    /// `"a", "b"` list body, for tests.
    pub required_list: String,
    pub unique_list: String,
    /// Tuple body: `()`-less, e.g. `"a",` or `"a", "b"`.
    pub unique_tuple: String,
    pub has_invalid: bool,
    pub model_imports: String,
    pub schema_imports: String,
    pub router_model_import: String,
    pub router_schema_import: String,
}

impl FieldView {
    fn new(field: &Field) -> Self {
        let t = field.field_type;
        let json = t == FieldType::Json;
        let (py, sa, migration) = column_types(t);
        let model_type = if field.required {
            py.to_string()
        } else {
            format!("{py} | None")
        };
        let schema = schema_type(t);
        let create_type = if field.required {
            schema.to_string()
        } else {
            format!("{schema} | None = None")
        };
        FieldView {
            name: field.name.clone(),
            title: python_title(&field.name.replace('_', " ")),
            field_type: t,
            kind: t.canonical_name(),
            required: field.required,
            unique: field.unique && !json,
            indexed: field.indexed && !json,
            model_type,
            sa_type: sa,
            migration_type: migration,
            create_type,
            update_type: format!("{schema} | None = None"),
            valid_literal: sample_literal(t, 1),
            other_literal: sample_literal(t, 2),
            invalid_literals: invalid_literals(t),
        }
    }
}

/// (Python type for `Mapped`, model column type, migration column type).
fn column_types(t: FieldType) -> (&'static str, &'static str, &'static str) {
    match t {
        FieldType::String => ("str", "String(255)", "sa.String(length=255)"),
        FieldType::Text => ("str", "Text()", "sa.Text()"),
        FieldType::Integer => ("int", "BigInteger()", "sa.BigInteger()"),
        FieldType::Float => ("float", "Double()", "sa.Double()"),
        FieldType::Decimal => (
            "Decimal",
            "Numeric(18, 4)",
            "sa.Numeric(precision=18, scale=4)",
        ),
        FieldType::Boolean => ("bool", "Boolean()", "sa.Boolean()"),
        FieldType::Date => ("CalendarDate", "Date()", "sa.Date()"),
        FieldType::DateTime => ("Timestamp", "UTCDateTime()", "sa.DateTime(timezone=True)"),
        FieldType::Uuid => ("UUID", "Uuid()", "sa.Uuid()"),
        FieldType::Json => ("Any", "JSON()", "sa.JSON()"),
        FieldType::Email => ("str", "String(320)", "sa.String(length=320)"),
        FieldType::Url => ("str", "String(2048)", "sa.String(length=2048)"),
    }
}

/// The Pydantic annotation of a field type (see `app/schemas/types.py`).
fn schema_type(t: FieldType) -> &'static str {
    match t {
        FieldType::String => "ShortText",
        FieldType::Text => "str",
        FieldType::Integer => "Int64",
        FieldType::Float => "FiniteFloat",
        FieldType::Decimal => "ExactDecimal",
        FieldType::Boolean => "bool",
        FieldType::Date => "CalendarDate",
        FieldType::DateTime => "AwareDatetime",
        FieldType::Uuid => "UUID",
        FieldType::Json => "Any",
        FieldType::Email => "EmailAddress",
        FieldType::Url => "HttpUrl",
    }
}

/// A valid Python literal of the type; `n` (1 or 2) picks one of two
/// distinct values.
fn sample_literal(t: FieldType, n: u32) -> String {
    let first = n == 1;
    match t {
        FieldType::String => py_str(if first {
            "First \u{e9} value"
        } else {
            "Second value"
        }),
        FieldType::Text => py_str(if first {
            "Some longer text.\nSecond line."
        } else {
            "Other text"
        }),
        FieldType::Integer => (if first { "9007199254740993" } else { "-42" }).into(),
        FieldType::Float => (if first { "1.5" } else { "-0.25" }).into(),
        FieldType::Decimal => py_str(if first { "1234.5000" } else { "-7.2500" }),
        FieldType::Boolean => (if first { "True" } else { "False" }).into(),
        FieldType::Date => py_str(if first { "2024-02-29" } else { "2023-12-31" }),
        FieldType::DateTime => py_str(if first {
            "2024-03-01T12:30:00+02:00"
        } else {
            "2023-01-01T00:00:00Z"
        }),
        FieldType::Uuid => py_str(if first {
            "0d9bd3c4-4a7e-4b51-9a41-8a1f4ea1c001"
        } else {
            "6f1c2b7e-2b8a-4c3e-8d6f-1a2b3c4d5e02"
        }),
        FieldType::Json => (if first {
            r#"{"key": [1, "two", None, True]}"#
        } else {
            r#"["x", 2]"#
        })
        .into(),
        FieldType::Email => py_str(if first {
            "first@example.com"
        } else {
            "second@example.com"
        }),
        FieldType::Url => py_str(if first {
            "https://example.com/first"
        } else {
            "https://example.org/second?x=1"
        }),
    }
}

/// Python literals that must be refused with 422.
fn invalid_literals(t: FieldType) -> Vec<String> {
    let v: &[&str] = match t {
        FieldType::String => &[r#""x" * 256"#, "12345"],
        FieldType::Text => &["12345"],
        FieldType::Integer => &[r#""abc""#, "1.5", "2**63"],
        FieldType::Float => &[r#""abc""#],
        FieldType::Decimal => &[r#""not a number""#, r#""1" * 20"#],
        FieldType::Boolean => &[r#""maybe""#],
        FieldType::Date => &[r#""2024-13-45""#],
        FieldType::DateTime => &[r#""not a date""#, r#""2024-01-01T00:00:00""#],
        FieldType::Uuid => &[r#""not-a-uuid""#],
        FieldType::Json => &[],
        FieldType::Email => &[r#""not-an-email""#],
        FieldType::Url => &[r#""not a url""#, r#""ftp://example.com/x""#],
    };
    v.iter().map(|s| s.to_string()).collect()
}

/// Python's `str.title()`: a letter is upper-cased after a non-letter and
/// lower-cased after a letter.
pub fn python_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_lowercase() || c.is_uppercase();
    }
    out
}

fn quoted_list(names: &[&str]) -> String {
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

/// A `from module import a, b` statement formatted as ruff's isort does:
/// names ordered by type, wrapped in parentheses past 88 columns.
pub fn from_import(module: &str, names: &[&str]) -> String {
    let mut names: Vec<&str> = names.to_vec();
    names.sort_by_key(|n| import_name_key(n));
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
fn import_block(sections: Vec<Vec<String>>) -> String {
    sections
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl EntityView {
    pub fn new(entity: &Entity) -> Self {
        let fields: Vec<FieldView> = entity.fields.iter().map(FieldView::new).collect();
        let has = |t: FieldType| fields.iter().any(|f| f.field_type == t);
        let unique_fields: Vec<String> = fields
            .iter()
            .filter(|f| f.unique)
            .map(|f| f.name.clone())
            .collect();
        let unique_refs: Vec<&str> = unique_fields.iter().map(String::as_str).collect();
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.as_str())
            .collect();
        let required_json: Vec<&str> = fields
            .iter()
            .filter(|f| f.required && f.field_type == FieldType::Json)
            .map(|f| f.name.as_str())
            .collect();

        // Model imports.
        let mut stdlib = Vec::new();
        if has(FieldType::Decimal) {
            stdlib.push("from decimal import Decimal".to_string());
        }
        if has(FieldType::Json) {
            stdlib.push("from typing import Any".to_string());
        }
        stdlib.push("from uuid import UUID, uuid4".to_string());
        let mut sa_names = vec!["ForeignKey", "Uuid"];
        for f in &fields {
            let ctor = f.sa_type.split('(').next().unwrap_or_default();
            if ctor != "UTCDateTime" {
                sa_names.push(ctor);
            }
        }
        if !unique_fields.is_empty() {
            sa_names.push("UniqueConstraint");
        }
        let mut db_names = vec!["Base", "Timestamp", "UTCDateTime", "utcnow"];
        if has(FieldType::Date) {
            db_names.push("CalendarDate");
        }
        let model_imports = import_block(vec![
            stdlib,
            vec![
                from_import("sqlalchemy", &sa_names),
                "from sqlalchemy.orm import Mapped, mapped_column".to_string(),
            ],
            vec![from_import("app.database", &db_names)],
        ]);

        // Schema imports.
        let mut stdlib = Vec::new();
        if has(FieldType::Json) {
            stdlib.push("from typing import Any".to_string());
        }
        stdlib.push("from uuid import UUID".to_string());
        let mut pyd = vec!["AwareDatetime", "BaseModel", "ConfigDict"];
        if !required.is_empty() {
            pyd.push("field_validator");
        }
        let mut types: Vec<&str> = fields
            .iter()
            .map(|f| schema_type(f.field_type))
            .filter(|t| {
                matches!(
                    *t,
                    "ShortText"
                        | "Int64"
                        | "FiniteFloat"
                        | "ExactDecimal"
                        | "CalendarDate"
                        | "EmailAddress"
                        | "HttpUrl"
                )
            })
            .collect();
        types.sort_unstable();
        types.dedup();
        let mut first_party = Vec::new();
        if !types.is_empty() {
            first_party.push(from_import("app.schemas.types", &types));
        }
        let schema_imports = import_block(vec![
            stdlib,
            vec![from_import("pydantic", &pyd)],
            first_party,
        ]);

        let name = entity.name.clone();
        let router_model_import =
            from_import(&format!("app.models.{}", entity.snake_name), &[&name]);
        let router_schema_import = from_import(
            &format!("app.schemas.{}", entity.snake_name),
            &[
                &format!("{name}Create"),
                &format!("{name}Page"),
                &format!("{name}Response"),
                &format!("{name}Update"),
            ],
        );
        let unique_tuple = match unique_refs.len() {
            0 => String::new(),
            1 => format!("\"{}\",", unique_refs[0]),
            _ => quoted_list(&unique_refs),
        };
        let url_segment = entity.plural_name.replace('_', "-");
        EntityView {
            name,
            snake: entity.snake_name.clone(),
            plural: entity.plural_name.clone(),
            table: entity.plural_name.clone(),
            url: format!("/api/{url_segment}"),
            tag: entity.plural_name.clone(),
            label: entity.label.clone(),
            plural_label: entity.plural_label.clone(),
            has_invalid: fields.iter().any(|f| !f.invalid_literals.is_empty()),
            required_names: quoted_list(&required),
            required_json_fields: quoted_list(&required_json),
            required_list: quoted_list(&required),
            unique_list: quoted_list(&unique_refs),
            unique_tuple,
            unique_fields,
            fields,
            model_imports,
            schema_imports,
            router_model_import,
            router_schema_import,
        }
    }
}

/// Entity views in genome order.
pub fn entity_views(genome: &Genome) -> Vec<EntityView> {
    genome.entities.iter().map(EntityView::new).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matches_python() {
        assert_eq!(python_title("owner email"), "Owner Email");
        assert_eq!(python_title("item2x id"), "Item2X Id");
    }

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
