//! View data: everything the templates print, computed from the genome.
//!
//! Templates only loop and branch; names, Python and SQL types, import
//! blocks and test values are all decided here.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::genome::{Entity, Field, FieldType, Genome, OnDelete, STRING_MAX_LENGTH};

use super::escape::py_str;

/// A link from another entity to this one: deleting a row checks it.
#[derive(Debug, Clone)]
pub struct ChildLink {
    pub class: String,
    pub snake: String,
    pub column: String,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct EntityView<'g> {
    pub name: String,
    pub snake: String,
    pub plural: String,
    pub table: String,
    /// `/api/<plural with hyphens>`.
    pub url: String,
    pub tag: String,
    pub label: String,
    pub plural_label: String,
    pub fields: Vec<FieldView<'g>>,
    pub unique_fields: Vec<String>,
    /// `"a", "b"` for `field_validator(...)`; empty when none.
    pub required_names: String,
    pub required_json_fields: String,
    /// `"a", "b"` list body, for tests.
    pub required_list: String,
    pub unique_list: String,
    pub has_invalid: bool,
    /// Composite unique groups as tuple bodies (`"project_id", "title"`).
    pub unique_groups: Vec<String>,
    /// Names of composite constraints' columns joined with `_`.
    pub unique_group_names: Vec<String>,
    /// (constraint name suffix, SQL) CHECK constraints.
    pub checks: Vec<(String, String)>,
    /// Links from this entity, as indices into `fields` (see
    /// [`EntityView::references`]).
    reference_fields: Vec<usize>,
    /// `("a",), ("a", "b")` body of `UNIQUE` for the router.
    pub unique_tuple_groups: String,
    /// `(("project_id", Project),)` body for the router.
    pub reference_tuple: String,
    /// Required links from other entities (checked on delete).
    pub children_tuple: String,
    /// Links filled in by the tests: (column, parent URL), without links
    /// to the entity itself.
    pub test_links: Vec<(String, String)>,
    /// `"a", "b"`: the links of `test_links` for which the tests' OTHER body
    /// needs a row of its own, because VALID and OTHER would otherwise clash
    /// on them (a unique link, or a unique group in which nothing else
    /// differs between the two); empty when none.
    pub distinct_links: String,
    /// (field, Python literal of its default).
    pub defaults: Vec<(String, String)>,
    /// Every link: (column, parent URL, required).
    pub all_links: Vec<(String, String, bool)>,
    pub router_imports: String,
    pub model_imports: String,
    pub schema_imports: String,
    pub router_schema_import: String,
}

/// One field of an entity, as the templates need it.
///
/// Only what is cheap to keep is stored: a large app holds the views of
/// all its entities while its files are written, so the text a single
/// template prints (annotations, column arguments, test literals) is
/// computed when that template asks for it.
#[derive(Debug, Clone)]
pub struct FieldView<'g> {
    /// The column name: the field's own, or `<name>_id` for a link.
    pub name: &'g str,
    pub field_type: FieldType,
    /// The canonical type name (`decimal`).
    pub kind: &'static str,
    pub required: bool,
    /// Unique per owner. Never set for JSON, which has no equality in SQL.
    pub unique: bool,
    /// Indexed. Never set for JSON.
    pub indexed: bool,
    /// Column type in the model (`String(255)`).
    pub sa_type: &'static str,
    /// Column type in the migration (`sa.String(length=255)`).
    pub migration_type: &'static str,
    /// For a link: `RESTRICT` or `SET NULL`; empty otherwise.
    pub on_delete: &'static str,
    /// Whether the field has a default (omitted on create means the default).
    pub has_default: bool,
    /// For a link: the linked entity.
    target: Option<&'g Entity>,
    /// For a link: whether it links to its own entity (a tree of rows).
    links_to_owner: bool,
    /// The genome field.
    pub source: &'g Field,
}

impl<'g> FieldView<'g> {
    fn new(field: &'g Field, links: &Links<'g>, owner: &Entity) -> Self {
        let t = field.field_type;
        let json = t == FieldType::Json;
        let (_, sa, migration) = column_types(field);
        let target = field
            .reference
            .as_ref()
            .and_then(|r| links.entity(&r.entity));
        let on_delete = match field.reference.as_ref().map(|r| r.on_delete) {
            Some(OnDelete::Restrict) => "RESTRICT",
            Some(OnDelete::SetNull) => "SET NULL",
            None => "",
        };
        FieldView {
            name: field.column(),
            field_type: t,
            kind: t.canonical_name(),
            required: field.required,
            unique: field.unique && !json,
            indexed: field.indexed && !json,
            sa_type: sa,
            migration_type: migration,
            on_delete,
            has_default: field.default.is_some(),
            target,
            links_to_owner: target.is_some_and(|e| e.name == owner.name),
            source: field,
        }
    }

    /// Python's `str.title()` of the name with `_` as spaces: Pydantic's
    /// default JSON-schema title.
    pub fn title(&self) -> String {
        python_title(&self.name.replace('_', " "))
    }

    /// `Mapped[...]` argument.
    pub fn model_type(&self) -> String {
        let (py, _, _) = column_types(self.source);
        if self.required {
            py.to_string()
        } else {
            format!("{py} | None")
        }
    }

    /// Annotation and default in the Base/Create schema.
    pub fn create_type(&self) -> String {
        let schema = schema_annotation(self.source);
        let default = self.source.default.as_ref();
        match (
            default.map(|d| default_literal(self.source, d)),
            self.required,
        ) {
            (Some(d), true) => format!("{schema} = {d}"),
            (Some(d), false) => format!("{schema} | None = {d}"),
            (None, true) => schema,
            (None, false) => format!("{schema} | None = None"),
        }
    }

    /// Annotation and default in the Update schema.
    pub fn update_type(&self) -> String {
        format!("{} | None = None", schema_annotation(self.source))
    }

    /// A valid Python literal of the field, within its limits.
    pub fn valid_literal(&self) -> String {
        samples(self.source).0
    }

    /// A second valid literal, distinct from [`FieldView::valid_literal`]
    /// where the field's type and limits allow.
    pub fn other_literal(&self) -> String {
        samples(self.source).1
    }

    /// Literals that must be refused with 422, including the field's limits.
    pub fn invalid_literals(&self) -> Vec<String> {
        invalid_for(self.source)
    }

    /// The rest of `mapped_column(...)` after the type: foreign key, index,
    /// server default.
    pub fn column_args(&self) -> String {
        let mut args = String::new();
        if self.source.reference.is_some() {
            args.push_str(&format!(
                ", ForeignKey(\"{}.id\", ondelete=\"{}\")",
                self.ref_table(),
                self.on_delete
            ));
        }
        if self.indexed {
            args.push_str(", index=True");
        }
        if let Some(default) = &self.source.default {
            args.push_str(&format!(
                ", server_default={}",
                server_default(self.source, default).0
            ));
        }
        args
    }

    /// `, server_default=...` in the migration, or empty.
    pub fn migration_default(&self) -> String {
        self.source.default.as_ref().map_or_else(String::new, |d| {
            format!(", server_default={}", server_default(self.source, d).1)
        })
    }

    /// For a link: the relationship line of the model; empty otherwise.
    pub fn relationship(&self) -> String {
        if self.source.reference.is_none() {
            return String::new();
        }
        let class = self.ref_class();
        let annotation = if self.required {
            format!("\"{class}\"")
        } else {
            format!("\"{class} | None\"")
        };
        let remote = if self.links_to_owner {
            ", remote_side=[id]"
        } else {
            ""
        };
        format!(
            "    {}: Mapped[{annotation}] = relationship(foreign_keys=[{}]{remote})\n",
            self.source.name, self.name
        )
    }

    /// For a link: the linked class; empty otherwise.
    pub fn ref_class(&self) -> &'g str {
        self.target.map_or("", |e| e.name.as_str())
    }

    /// For a link: the linked table; empty otherwise.
    pub fn ref_table(&self) -> &'g str {
        self.target.map_or("", |e| e.plural_name.as_str())
    }

    /// For a link: the linked entity's module; empty otherwise.
    pub fn ref_snake(&self) -> &'g str {
        self.target.map_or("", |e| e.snake_name.as_str())
    }

    /// Pydantic's JSON default, for OpenAPI.
    pub fn default_json(&self) -> Option<&'g serde_json::Value> {
        self.source.default.as_ref()
    }
}

/// The Python literal of a default value.
fn default_literal(field: &Field, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Bool(true) => "True".into(),
        serde_json::Value::Bool(false) => "False".into(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) if field.field_type == FieldType::Decimal => {
            format!("Decimal({})", py_str(s))
        }
        serde_json::Value::String(s) => py_str(s),
        _ => "None".into(),
    }
}

/// (model, migration) server defaults.
fn server_default(field: &Field, value: &serde_json::Value) -> (String, String) {
    let sql = match value {
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) if field.field_type == FieldType::Decimal => s.clone(),
        serde_json::Value::String(s) => {
            return (py_str(s), py_str(s));
        }
        _ => "NULL".into(),
    };
    (
        format!("text({})", py_str(&sql)),
        format!("sa.text({})", py_str(&sql)),
    )
}

fn bound_text(n: &serde_json::Number) -> String {
    n.to_string()
}

/// The Pydantic annotation of a field, with its limits.
fn schema_annotation(field: &Field) -> String {
    let t = field.field_type;
    match t {
        FieldType::Enum => format!(
            "Literal[{}]",
            field
                .enum_values
                .iter()
                .map(|v| py_str(v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        FieldType::Reference => "UUID".into(),
        FieldType::Integer | FieldType::Float | FieldType::Decimal
            if field.min.is_some() || field.max.is_some() =>
        {
            let mut args = Vec::new();
            if let Some(min) = &field.min {
                args.push(format!("ge={}", bound_text(min)));
            }
            if let Some(max) = &field.max {
                args.push(format!("le={}", bound_text(max)));
            }
            format!("Annotated[{}, Field({})]", schema_type(t), args.join(", "))
        }
        FieldType::String | FieldType::Text
            if field.min.is_some() || field.max.is_some() || field.pattern.is_some() =>
        {
            let mut args = Vec::new();
            if let Some(min) = &field.min {
                args.push(format!("min_length={}", bound_text(min)));
            }
            match (&field.max, t) {
                (Some(max), _) => args.push(format!("max_length={}", bound_text(max))),
                (None, FieldType::String) => args.push(format!("max_length={STRING_MAX_LENGTH}")),
                _ => {}
            }
            if let Some(pattern) = &field.pattern {
                args.push(format!("pattern={}", py_str(pattern)));
            }
            format!("Annotated[str, StringConstraints({})]", args.join(", "))
        }
        _ => schema_type(t).to_string(),
    }
}

/// Two distinct valid Python literals of the field, within its limits.
fn samples(field: &Field) -> (String, String) {
    let t = field.field_type;
    match t {
        FieldType::Enum => {
            let first = field.enum_values.first().cloned().unwrap_or_default();
            let second = field
                .enum_values
                .get(1)
                .cloned()
                .unwrap_or_else(|| first.clone());
            (py_str(&first), py_str(&second))
        }
        FieldType::Reference => ("None".into(), "None".into()),
        FieldType::Integer | FieldType::Float | FieldType::Decimal
            if field.min.is_some() || field.max.is_some() =>
        {
            let low = field.min.as_ref().and_then(serde_json::Number::as_f64);
            let high = field.max.as_ref().and_then(serde_json::Number::as_f64);
            let (a, b) = match (low, high) {
                (Some(l), Some(h)) => (l, h),
                (Some(l), None) => (l, l + 1.0),
                (None, Some(h)) => (h, h - 1.0),
                (None, None) => (0.0, 1.0),
            };
            let render = |v: f64| match t {
                FieldType::Integer => format!("{}", v as i64),
                FieldType::Float => format!("{v:?}"),
                _ => py_str(&format!("{v:.4}")),
            };
            (render(a), render(b))
        }
        FieldType::String | FieldType::Text
            if field.min.is_some() || field.max.is_some() || field.pattern.is_some() =>
        {
            if let Some(example) = &field.pattern_example {
                let other = field.pattern_examples.get(1).unwrap_or(example);
                return (py_str(example), py_str(other));
            }
            let low = field
                .min
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .unwrap_or(0);
            let high = field
                .max
                .as_ref()
                .and_then(serde_json::Number::as_u64)
                .unwrap_or(u64::from(STRING_MAX_LENGTH));
            let length = low.max(1).min(high);
            (
                format!("{} * {length}", py_str("a")),
                format!("{} * {length}", py_str("b")),
            )
        }
        _ => (sample_literal(t, 1), sample_literal(t, 2)),
    }
}

/// Literals that must be refused with 422, including the field's limits.
fn invalid_for(field: &Field) -> Vec<String> {
    let t = field.field_type;
    let mut out = invalid_literals(t);
    match t {
        FieldType::Enum => out.push(py_str("not-a-listed-value")),
        FieldType::Reference => out.push(py_str("00000000-0000-0000-0000-000000000000")),
        FieldType::Integer | FieldType::Float | FieldType::Decimal => {
            let offset = if t == FieldType::Integer { 1.0 } else { 0.5 };
            let render = |v: f64| match t {
                FieldType::Integer => format!("{}", v as i64),
                FieldType::Float => format!("{v:?}"),
                _ => py_str(&format!("{v:.4}")),
            };
            if let Some(min) = field.min.as_ref().and_then(serde_json::Number::as_f64) {
                out.push(render(min - offset));
            }
            if let Some(max) = field.max.as_ref().and_then(serde_json::Number::as_f64) {
                out.push(render(max + offset));
            }
        }
        FieldType::String | FieldType::Text => {
            if let Some(min) = field.min.as_ref().and_then(serde_json::Number::as_u64) {
                if min > 0 {
                    out.push(format!("{} * {}", py_str("x"), min - 1));
                }
            }
            if let Some(max) = field.max.as_ref().and_then(serde_json::Number::as_u64) {
                out.push(format!("{} * {}", py_str("x"), max + 1));
            }
        }
        _ => {}
    }
    out
}

/// (Python type for `Mapped`, model column type, migration column type).
fn column_types(field: &Field) -> (&'static str, &'static str, &'static str) {
    match field.field_type {
        FieldType::Enum => ("str", "String(64)", "sa.String(length=64)"),
        FieldType::Reference => ("UUID", "Uuid()", "sa.Uuid()"),
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
        FieldType::Enum => "str",
        FieldType::Reference => "UUID",
    }
}

/// A valid Python literal of the type; `n` (1 or 2) picks one of two
/// distinct values.
fn sample_literal(t: FieldType, n: u32) -> String {
    let first = n == 1;
    match t {
        FieldType::Enum | FieldType::Reference => "None".into(),
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
        FieldType::Enum => &["12345"],
        FieldType::Reference => &[r#""not-a-uuid""#],
    };
    v.iter().map(|s| s.to_string()).collect()
}

/// Python's `str.title()`: a letter is upper-cased after a non-letter and
/// lower-cased after a letter.
pub fn python_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        // ASCII first: every field's title is asked for several times in a
        // large OpenAPI document.
        if c.is_ascii() {
            out.push(if prev_cased {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            });
            prev_cased = c.is_ascii_alphabetic();
            continue;
        }
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

/// What a model module imports for its columns.
struct ColumnImports {
    /// Standard-library import lines, in isort's order.
    stdlib: Vec<String>,
    /// Names from `sqlalchemy`.
    sqlalchemy: Vec<&'static str>,
    /// Names from `app.database`.
    database: Vec<&'static str>,
}

/// The imports the columns of `fields` need, on top of `sqlalchemy_base`;
/// `type_checking` adds `TYPE_CHECKING` for imports of linked models.
fn column_imports(
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
fn import_block(sections: Vec<Vec<String>>) -> String {
    sections
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The imports of a schema module: an entity's, or (`account_profile`) the
/// account's profile fields, which have no id, owner or timestamps.
fn schema_imports(fields: &[FieldView], required: &[&str], account_profile: bool) -> String {
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

impl<'g> EntityView<'g> {
    /// The view of `entity`, whose fields are `fields` (the genome's own, so
    /// that each field view can point at its source).
    pub fn new(entity: &Entity, fields: &'g [Field], links: &Links<'g>) -> Self {
        let fields: Vec<FieldView> = fields
            .iter()
            .map(|f| FieldView::new(f, links, entity))
            .collect();
        let unique_fields: Vec<String> = fields
            .iter()
            .filter(|f| f.unique)
            .map(|f| f.name.to_string())
            .collect();
        let unique_refs: Vec<&str> = unique_fields.iter().map(String::as_str).collect();
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let required_json: Vec<&str> = fields
            .iter()
            .filter(|f| f.required && f.field_type == FieldType::Json)
            .map(|f| f.name)
            .collect();

        // Model imports.
        let reference_fields: Vec<usize> = (0..fields.len())
            .filter(|&at| fields[at].field_type == FieldType::Reference)
            .collect();
        let references: Vec<&FieldView> = reference_fields.iter().map(|&at| &fields[at]).collect();
        let foreign: Vec<&FieldView> = {
            let mut seen: Vec<&FieldView> = Vec::new();
            for f in &references {
                if f.ref_class() != entity.name
                    && !seen.iter().any(|s| s.ref_class() == f.ref_class())
                {
                    seen.push(f);
                }
            }
            seen
        };
        let ColumnImports {
            stdlib,
            sqlalchemy: mut sa_names,
            database: db_names,
        } = column_imports(&fields, &["ForeignKey", "Uuid"], !foreign.is_empty());
        if !unique_fields.is_empty() || !entity.unique_together.is_empty() {
            sa_names.push("UniqueConstraint");
        }
        let checks = checks(entity);
        if !checks.is_empty() {
            sa_names.push("CheckConstraint");
        }
        let model_imports = import_block(vec![
            stdlib,
            vec![
                from_import("sqlalchemy", &sa_names),
                if references.is_empty() {
                    "from sqlalchemy.orm import Mapped, mapped_column".to_string()
                } else {
                    "from sqlalchemy.orm import Mapped, mapped_column, relationship".to_string()
                },
            ],
            vec![from_import("app.database", &db_names)],
        ]);
        let model_imports = if foreign.is_empty() {
            model_imports
        } else {
            let mut lines: Vec<String> = foreign
                .iter()
                .map(|f| {
                    format!(
                        "    from app.models.{} import {}",
                        f.ref_snake(),
                        f.ref_class()
                    )
                })
                .collect();
            lines.sort();
            format!(
                "{model_imports}

if TYPE_CHECKING:
{}",
                lines.join(
                    "
"
                )
            )
        };

        let schema_imports = schema_imports(&fields, &required, false);

        let name = entity.name.clone();
        let router_schema_import = from_import(
            &format!("app.schemas.{}", entity.snake_name),
            &[
                &format!("{name}Create"),
                &format!("{name}Page"),
                &format!("{name}Response"),
                &format!("{name}Update"),
            ],
        );

        let url_segment = entity.plural_name.replace('_', "-");
        let column_of = |name: &str| {
            entity
                .fields
                .iter()
                .find(|f| f.name == name)
                .map_or(name.to_string(), |f| f.column().to_string())
        };
        let groups: Vec<Vec<String>> = entity
            .unique_together
            .iter()
            .map(|g| g.fields.iter().map(|n| column_of(n)).collect())
            .collect();
        let unique_groups: Vec<String> = groups
            .iter()
            .map(|g| quoted_list(&g.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let unique_group_names: Vec<String> = groups.iter().map(|g| g.join("_")).collect();
        let mut tuple_groups: Vec<String> =
            unique_refs.iter().map(|f| format!("(\"{f}\",)")).collect();
        tuple_groups.extend(unique_groups.iter().map(|g| format!("({g})")));
        let unique_tuple_groups = match tuple_groups.len() {
            0 => String::new(),
            1 => format!("{},", tuple_groups[0]),
            _ => tuple_groups.join(", "),
        };
        let reference_items: Vec<String> = references
            .iter()
            .map(|f| format!("(\"{}\", {})", f.name, f.ref_class()))
            .collect();
        let reference_tuple = match reference_items.len() {
            0 => String::new(),
            1 => format!("{},", reference_items[0]),
            _ => reference_items.join(", "),
        };
        let children = links.children_of(&entity.name);
        let child_items: Vec<String> = children
            .iter()
            .filter(|c| c.required)
            .map(|c| format!("({}, \"{}\")", c.class, c.column))
            .collect();
        let children_tuple = match child_items.len() {
            0 => String::new(),
            1 => format!("{},", child_items[0]),
            _ => child_items.join(", "),
        };
        let mut router_models: Vec<(String, String)> = references
            .iter()
            .map(|f| (f.ref_snake().to_string(), f.ref_class().to_string()))
            .chain(
                children
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| (c.snake.clone(), c.class.clone())),
            )
            .filter(|(_, class)| *class != entity.name)
            .collect();
        router_models.push((entity.snake_name.clone(), entity.name.clone()));
        router_models.sort();
        router_models.dedup();
        let router_imports = router_models
            .iter()
            .map(|(snake, class)| from_import(&format!("app.models.{snake}"), &[class.as_str()]))
            .collect::<Vec<_>>()
            .join("\n");
        let url_of = |class: &str| {
            links.entity(class).map_or(String::new(), |e| {
                format!("/api/{}", e.plural_name.replace('_', "-"))
            })
        };
        let all_links: Vec<(String, String, bool)> = references
            .iter()
            .map(|r| (r.name.to_string(), url_of(r.ref_class()), r.required))
            .collect();
        let test_links: Vec<(String, String)> = references
            .iter()
            .filter(|r| r.ref_class() != entity.name)
            .map(|r| (r.name.to_string(), url_of(r.ref_class())))
            .collect();
        let same_in_both = |column: &String| {
            fields.iter().any(|f| {
                f.name == *column
                    && (f.field_type == FieldType::Reference
                        || f.valid_literal() == f.other_literal())
            })
        };
        let distinct: Vec<&str> = test_links
            .iter()
            .map(|(column, _)| column.as_str())
            .filter(|column| {
                unique_refs.contains(column)
                    || groups
                        .iter()
                        .any(|g| g.iter().any(|c| c == column) && g.iter().all(&same_in_both))
            })
            .collect();
        EntityView {
            distinct_links: quoted_list(&distinct),
            test_links,
            all_links,
            unique_groups,
            unique_group_names,
            checks,
            reference_fields,
            unique_tuple_groups,
            reference_tuple,
            children_tuple,
            router_imports,
            name,
            snake: entity.snake_name.clone(),
            plural: entity.plural_name.clone(),
            table: entity.plural_name.clone(),
            url: format!("/api/{url_segment}"),
            tag: entity.plural_name.clone(),
            label: entity.label.clone(),
            plural_label: entity.plural_label.clone(),
            has_invalid: fields.iter().any(|f| !f.invalid_literals().is_empty()),
            required_names: quoted_list(&required),
            required_json_fields: quoted_list(&required_json),
            required_list: quoted_list(
                &fields
                    .iter()
                    .filter(|f| f.required && !f.has_default)
                    .map(|f| f.name)
                    .collect::<Vec<_>>(),
            ),
            defaults: fields
                .iter()
                .filter_map(|f| {
                    f.default_json()
                        .as_ref()
                        .map(|d| (f.name.to_string(), default_literal(f.source, d)))
                })
                .collect(),
            unique_list: quoted_list(&unique_refs),
            unique_fields,
            fields,
            model_imports,
            schema_imports,
            router_schema_import,
        }
    }
}

impl<'g> EntityView<'g> {
    /// The fields that link to another entity, in declaration order.
    pub fn references(&self) -> impl Iterator<Item = &FieldView<'g>> {
        self.reference_fields.iter().map(|&at| &self.fields[at])
    }
}

/// The links between the genome's entities, indexed once, so that building
/// every entity's view stays linear in the size of the genome.
pub struct Links<'g> {
    /// Each entity by name.
    by_name: HashMap<&'g str, &'g Entity>,
    /// The links to each entity, in genome order of the linking entity and
    /// then of its fields.
    children: HashMap<&'g str, Vec<ChildLink>>,
}

impl<'g> Links<'g> {
    pub fn new(genome: &'g Genome) -> Self {
        let mut by_name = HashMap::with_capacity(genome.entities.len());
        let mut children: HashMap<&'g str, Vec<ChildLink>> = HashMap::new();
        for child in &genome.entities {
            by_name.entry(child.name.as_str()).or_insert(child);
            for field in &child.fields {
                if let Some(reference) = &field.reference {
                    children
                        .entry(reference.entity.as_str())
                        .or_default()
                        .push(ChildLink {
                            class: child.name.clone(),
                            snake: child.snake_name.clone(),
                            column: reference.column.clone(),
                            required: field.required,
                        });
                }
            }
        }
        Links { by_name, children }
    }

    fn entity(&self, name: &str) -> Option<&'g Entity> {
        self.by_name.get(name).copied()
    }

    fn children_of(&self, name: &str) -> &[ChildLink] {
        self.children.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Entity views in genome order, built on every available core (a large
/// app's views take a noticeable share of the whole run).
pub fn entity_views<'g>(genome: &'g Genome, links: &Links<'g>) -> Vec<EntityView<'g>> {
    let mut views = Vec::with_capacity(genome.entities.len());
    for chunk in crate::cores::map_chunks(&genome.entities, 256, |entities| {
        entities
            .iter()
            .map(|e| EntityView::new(e, &e.fields, links))
            .collect::<Vec<_>>()
    }) {
        views.extend(chunk);
    }
    views
}

/// The entities in an order where every linked entity comes before the
/// entities linking to it (links form no cycle; see lowering), for the
/// migration.
pub fn migration_order<'a>(entities: &'a [EntityView<'a>]) -> Vec<&'a EntityView<'a>> {
    // Kahn's algorithm, always taking the first entity (in genome order)
    // whose linked entities are all placed: the order a person would pick,
    // in time linear in entities and links.
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(entities.len());
    for (at, entity) in entities.iter().enumerate() {
        position.entry(entity.name.as_str()).or_insert(at);
    }
    let mut waiting_on = vec![0usize; entities.len()];
    let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); entities.len()];
    for (at, entity) in entities.iter().enumerate() {
        for reference in entity.references() {
            if reference.ref_class() == entity.name {
                continue;
            }
            if let Some(&target) = position.get(reference.ref_class()) {
                waiting_on[at] += 1;
                dependants[target].push(at);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..entities.len())
        .filter(|&at| waiting_on[at] == 0)
        .map(Reverse)
        .collect();
    let mut placed = vec![false; entities.len()];
    let mut ordered: Vec<&EntityView> = Vec::with_capacity(entities.len());
    let mut unplaced = 0;
    while ordered.len() < entities.len() {
        // A cycle would have been refused; take the first left to stay total.
        let at = match ready.pop() {
            Some(Reverse(at)) => at,
            None => {
                while placed[unplaced] {
                    unplaced += 1;
                }
                unplaced
            }
        };
        if placed[at] {
            continue;
        }
        placed[at] = true;
        ordered.push(&entities[at]);
        for &dependant in &dependants[at] {
            waiting_on[dependant] -= 1;
            if waiting_on[dependant] == 0 {
                ready.push(Reverse(dependant));
            }
        }
    }
    ordered
}

/// CHECK constraints: (name suffix, SQL).
/// `expr >= min AND expr <= max`, for whichever bounds are set.
fn bounds_check<T: std::fmt::Display>(
    expr: &str,
    min: &Option<T>,
    max: &Option<T>,
) -> Option<String> {
    let parts: Vec<String> = [
        min.as_ref().map(|min| format!("{expr} >= {min}")),
        max.as_ref().map(|max| format!("{expr} <= {max}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

fn checks(entity: &Entity) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in &entity.fields {
        let column = format!("\"{}\"", f.column());
        match f.field_type {
            FieldType::Enum => {
                let values = f
                    .enum_values
                    .iter()
                    .map(|v| format!("'{v}'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push((
                    format!("{}_enum", f.name),
                    format!("{column} IN ({values})"),
                ));
            }
            FieldType::Integer | FieldType::Float | FieldType::Decimal => {
                if let Some(check) = bounds_check(&column, &f.min, &f.max) {
                    out.push((format!("{}_range", f.name), check));
                }
            }
            FieldType::String | FieldType::Text => {
                let length = format!("length({column})");
                if let Some(check) = bounds_check(&length, &f.min, &f.max) {
                    out.push((format!("{}_length", f.name), check));
                }
            }
            _ => {}
        }
    }
    out
}

/// The end of `tests/factories.py`. A row to link to may be an existing
/// one when the unique fields of its entity leave room for no other (a
/// unique boolean allows two rows per user), so that chains of links can
/// be created any number of times.
const CREATE_ROW: &str = r#"}


def create_row(client: TestClient, headers: dict[str, str], url: str, reuse: bool = False) -> str:
    """Create a row at url owned by the headers' user; return its id.

    With reuse, an existing row of the user will do if no new one fits.
    """
    bodies, links = ROWS[url]
    linked = {column: create_row(client, headers, parent, True) for column, parent in links.items()}
    for body in bodies:
        response = client.post(url, json={**body, **linked}, headers=headers)
        if response.status_code == 201:
            return str(response.json()["id"])
    if reuse and response.status_code == 409:
        rows = client.get(url, params={"limit": 1}, headers=headers).json()["items"]
        if rows:
            return str(rows[0]["id"])
    raise AssertionError(f"cannot create a row at {url}: {response.text}")
"#;

/// `tests/factories.py`: creates a row of any entity, with the rows it
/// links to, for the tests of entities that link to it. Written entity by
/// entity: for a large app the file is several megabytes.
pub fn write_factories(
    entities: &[EntityView],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(
        b"\"\"\"Create rows of any entity, with the rows they link to, for the tests.\"\"\"\n\nfrom typing import Any\n\nfrom fastapi.testclient import TestClient\n\n# URL -> (alternative bodies of the required fields and of the unique ones with a default,\n#         required links: column -> URL)\nROWS: dict[str, tuple[list[dict[str, Any]], dict[str, str]]] = {\n",
    )?;
    let url_by_name: HashMap<&str, &str> = entities
        .iter()
        .rev()
        .map(|e| (e.name.as_str(), e.url.as_str()))
        .collect();
    for e in entities {
        let body = |k: usize| {
            // The required fields, and the unique ones with a default: left
            // out, every row would take the same default.
            let items: Vec<String> = e
                .fields
                .iter()
                .filter(|f| f.required || (f.unique && f.has_default))
                .filter(|f| f.field_type != FieldType::Reference)
                .map(|f| format!("\"{}\": {}", f.name, alternative_literal(f, k)))
                .collect();
            format!("{{{}}}", items.join(", "))
        };
        let links: Vec<String> = e
            .references()
            .filter(|r| r.required)
            .filter_map(|r| {
                url_by_name
                    .get(r.ref_class())
                    .map(|url| format!("\"{}\": \"{}\"", r.name, url))
            })
            .collect();
        let line = format!(
            "    \"{}\": ([{}], {{{}}}),\n",
            e.url,
            (0..8).map(body).collect::<Vec<_>>().join(", "),
            links.join(", ")
        );
        out.write_all(line.as_bytes())?;
    }
    out.write_all(CREATE_ROW.as_bytes())
}

/// The `k`-th alternative value of a field in `tests/factories.py`: VALID's
/// and OTHER's values first, then values distinct from both and from each
/// other where the field's type and limits allow, so that one user can hold
/// several rows whose unique fields differ.
fn alternative_literal(f: &FieldView, k: usize) -> String {
    let alternate = || {
        if k % 2 == 1 {
            f.other_literal()
        } else {
            f.valid_literal()
        }
    };
    if k < 2 {
        return alternate();
    }
    let source = &f.source;
    let bound = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    let (low, high) = (bound(&source.min), bound(&source.max));
    match f.field_type {
        FieldType::String | FieldType::Text if source.pattern.is_some() => source
            .pattern_examples
            .get(k)
            .map_or_else(alternate, |example| py_str(example)),
        FieldType::String | FieldType::Text => {
            let fits =
                low.unwrap_or(0.0) <= 2.0 && high.unwrap_or(f64::from(STRING_MAX_LENGTH)) >= 2.0;
            if fits {
                py_str(&format!("u{k}"))
            } else {
                alternate()
            }
        }
        FieldType::Enum => source
            .enum_values
            .get(k % source.enum_values.len().max(1))
            .map_or_else(alternate, |value| py_str(value)),
        FieldType::Integer | FieldType::Float | FieldType::Decimal => {
            // Strictly inside the limits, away from VALID's and OTHER's
            // values, which sit on them (see `samples`).
            let step = k as f64;
            let value = match (low, high) {
                (None, None) => Some(1000.0 + step),
                (Some(l), None) => Some(l + 1.0 + step),
                (None, Some(h)) => Some(h - 1.0 - step),
                (Some(l), Some(h)) if f.field_type == FieldType::Integer => {
                    Some(l + step - 1.0).filter(|v| *v < h)
                }
                (Some(l), Some(h)) => Some(l + (h - l) * step / 8.0),
            };
            match value {
                Some(v) if f.field_type == FieldType::Integer => format!("{}", v as i64),
                Some(v) if f.field_type == FieldType::Float => format!("{v:?}"),
                Some(v) => py_str(&format!("{v:.4}")),
                None => alternate(),
            }
        }
        FieldType::Email => py_str(&format!("u{k}@example.com")),
        FieldType::Url => py_str(&format!("https://example.com/u{k}")),
        FieldType::Uuid => py_str(&format!("00000000-0000-4000-8000-{k:012}")),
        FieldType::Date => py_str(&format!("2022-01-{:02}", k + 1)),
        FieldType::DateTime => py_str(&format!("2022-01-01T00:{k:02}:00Z")),
        FieldType::Boolean | FieldType::Json | FieldType::Reference => alternate(),
    }
}

/// The profile fields of the built-in account (from an entity named
/// `User`), as the user model, migration, schemas and tests print them.
#[derive(Debug, Clone)]
pub struct ProfileView<'g> {
    pub fields: Vec<FieldView<'g>>,
    pub checks: Vec<(String, String)>,
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
}

impl<'g> ProfileView<'g> {
    pub fn new(genome: &'g Genome, links: &Links<'g>) -> Self {
        let account = Entity {
            name: "User".into(),
            snake_name: "user".into(),
            plural_name: "users".into(),
            label: "user".into(),
            plural_label: "users".into(),
            fields: genome.user_fields.clone(),
            unique_together: Vec::new(),
            origin: genome.origin,
            name_span: genome.origin,
        };
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
        let required: Vec<&str> = view
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        let schema_imports = schema_imports(&view.fields, &required, true);
        let mut keys = vec![
            "\"id\"".to_string(),
            "\"email\"".to_string(),
            "\"created_at\"".to_string(),
        ];
        keys.extend(view.fields.iter().map(|f| format!("\"{}\"", f.name)));
        let exact = |f: &FieldView| {
            matches!(
                f.field_type,
                FieldType::String
                    | FieldType::Text
                    | FieldType::Enum
                    | FieldType::Integer
                    | FieldType::Boolean
            )
        };
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
            required_names: view.required_names.clone(),
            fields: view.fields,
            model_imports,
            schema_imports,
            me_keys: keys.join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matches_python() {
        assert_eq!(python_title("owner email"), "Owner Email");
        assert_eq!(python_title("item2x id"), "Item2X Id");
        assert_eq!(python_title("élan ñu 3d ÉTÉ"), "Élan Ñu 3D Été");
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

    #[test]
    fn migration_places_linked_entities_first_in_declaration_order() {
        let prd = "# Shop\n\n## Entities\n\n\
            - Line: order (Order, required), product (Product, required), note (string)\n\
            - Order: customer (Customer, required), parent (Order, optional)\n\
            - Product: name (string)\n\
            - Customer: name (string)\n\
            - Tag: label (string)\n";
        let genome = crate::analyze(prd.as_bytes())
            .genome
            .expect("the PRD is valid");
        let views = entity_views(&genome, &Links::new(&genome));
        let order: Vec<&str> = migration_order(&views)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(order, ["Product", "Customer", "Order", "Line", "Tag"]);
    }
}
