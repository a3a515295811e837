//! The view of one field: what the model, schema, migration and test
//! templates print for it.

use crate::genome::{DECIMAL_PRECISION, DECIMAL_SCALE, Entity, Field, FieldType, OnDelete};
use crate::targets::fastapi::decimal_text;
use crate::targets::fastapi::escape::py_str;
use crate::targets::fastapi::types::{self, Limits, Number, TypeRow};

use super::Links;
use super::literals::{invalid_for, samples};

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
    /// Unique per owner. Never set for a type SQL cannot compare (JSON).
    pub unique: bool,
    /// Indexed on its own column (a profile field of the account). Never
    /// set for a type SQL cannot compare, nor for a link; an entity's view
    /// clears it, as its indexes are made with the owner's (`indexes.rs`).
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
    /// For a link: whether its foreign key is added once both tables exist
    /// (an optional step of a circle of links; see `order.rs`).
    pub deferred: bool,
    /// The genome field.
    pub source: &'g Field,
    /// Its type's row of the field-type table.
    pub row: &'static TypeRow,
}

impl<'g> FieldView<'g> {
    pub(super) fn new(field: &'g Field, links: &Links<'g>, owner: &Entity) -> Self {
        let t = field.field_type;
        let row = types::row(t);
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
            unique: field.unique && row.comparable,
            // A link's index is the one its list filter uses (`indexes.rs`),
            // which starts with its column.
            indexed: field.indexed && row.comparable && field.reference.is_none(),
            sa_type: &row.column,
            migration_type: &row.migration,
            on_delete,
            has_default: field.default.is_some(),
            target,
            links_to_owner: target.is_some_and(|e| e.name == owner.name),
            deferred: target.is_some_and(|e| links.deferred(&owner.name, &e.name)),
            source: field,
            row,
        }
    }

    /// Python's `str.title()` of the name with `_` as spaces: Pydantic's
    /// default JSON-schema title.
    pub fn title(&self) -> String {
        python_title(&self.name.replace('_', " "))
    }

    /// `Mapped[...]` argument.
    pub fn model_type(&self) -> String {
        let py = self.row.python;
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

    /// Annotation and default in the Update schema. A required field may be
    /// left out but not cleared: its `None` is only the "not sent" default
    /// (a validator refuses an explicit null), so the JSON schema leaves
    /// null out and says what the app accepts.
    pub fn update_type(&self) -> String {
        let schema = schema_annotation(self.source);
        if self.required {
            format!("{schema} | SkipJsonSchema[None] = None")
        } else {
            format!("{schema} | None = None")
        }
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

    /// Values at the edges of what the field stores, each of which a write
    /// must accept and every later read give back exactly; none when the
    /// field's limits or type leave no edge to test.
    pub fn edge_literals(&self) -> Vec<String> {
        let unbounded = self.source.min.is_none() && self.source.max.is_none();
        match self.field_type {
            FieldType::Decimal if unbounded => {
                let largest = format!(
                    "{}.{}",
                    "9".repeat((DECIMAL_PRECISION - DECIMAL_SCALE) as usize),
                    "9".repeat(DECIMAL_SCALE as usize)
                );
                vec![
                    py_str(&largest),
                    py_str(&format!("-{largest}")),
                    py_str("12.5"),
                ]
            }
            FieldType::Float if unbounded => vec![
                "-0.0".into(),
                "5e-324".into(),
                "1.7976931348623157e308".into(),
            ],
            FieldType::DateTime => vec![
                py_str("2024-06-01T12:30:00.5+01:00"),
                py_str("9999-12-31T23:59:59.999999Z"),
                py_str("0001-01-01T00:00:00Z"),
            ],
            FieldType::Date => vec![py_str("0001-01-01"), py_str("9999-12-31")],
            FieldType::Json => vec![
                format!("{}{}", "[".repeat(32), "]".repeat(32)),
                format!("{{{}: 2**80, {}: -0.0}}", py_str("big"), py_str("zero")),
            ],
            _ => Vec::new(),
        }
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
            // A deferred link's foreign key is created after both tables.
            let alter = if self.deferred {
                ", use_alter=True"
            } else {
                ""
            };
            args.push_str(&format!(
                ", ForeignKey(\"{}.id\", ondelete=\"{}\"{alter})",
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

/// Whether the field's values are exact numbers, written as text in JSON.
fn is_decimal(field: &Field) -> bool {
    types::row(field.field_type).limits == Limits::Value(Number::Decimal)
}

/// The Python literal of a default value.
pub(super) fn default_literal(field: &Field, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Bool(true) => "True".into(),
        serde_json::Value::Bool(false) => "False".into(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) if is_decimal(field) => {
            format!("{}({})", types::row(field.field_type).python, py_str(s))
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
        serde_json::Value::String(s) if is_decimal(field) => s.clone(),
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

/// The Pydantic annotation of a field, with its enumeration and limits.
fn schema_annotation(field: &Field) -> String {
    let row = types::row(field.field_type);
    if field.field_type == FieldType::Enum {
        return format!(
            "Literal[{}]",
            field
                .enum_values
                .iter()
                .map(|v| py_str(v))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut args = Vec::new();
    // A required text is refused when empty or blank.
    let not_blank = if row.limits == Limits::Length && field.required {
        ", NOT_BLANK"
    } else {
        ""
    };
    match row.limits {
        Limits::Value(Number::Decimal) if field.min.is_some() || field.max.is_some() => {
            // Exact bounds, and the pattern of the texts within them.
            if let Some(min) = &field.min {
                args.push(format!("ge=Decimal({})", py_str(&bound_text(min))));
            }
            if let Some(max) = &field.max {
                args.push(format!("le=Decimal({})", py_str(&bound_text(max))));
            }
            let text = decimal_text::pattern(field.min.as_ref(), field.max.as_ref());
            args.push(format!("text={}", py_str(&text)));
            format!("Annotated[Decimal, DecimalWithin({})]", args.join(", "))
        }
        Limits::Value(Number::Integer) if field.min.is_some() || field.max.is_some() => {
            // The bounds within the 64-bit range, in one marker: a
            // constraint after it would not reach the integer's schema.
            if let Some(min) = &field.min {
                args.push(format!("ge={}", bound_text(min)));
            }
            if let Some(max) = &field.max {
                args.push(format!("le={}", bound_text(max)));
            }
            format!("Annotated[int, Int64Within({})]", args.join(", "))
        }
        Limits::Value(_) if field.min.is_some() || field.max.is_some() => {
            if let Some(min) = &field.min {
                args.push(format!("ge={}", bound_text(min)));
            }
            if let Some(max) = &field.max {
                args.push(format!("le={}", bound_text(max)));
            }
            format!("Annotated[{}, Field({})]", row.schema, args.join(", "))
        }
        Limits::Length if field.min.is_some() || field.max.is_some() || field.pattern.is_some() => {
            if let Some(min) = &field.min {
                args.push(format!("min_length={}", bound_text(min)));
            }
            // The type's own bound too, which the constraints replace.
            if let Some(max) = field.max_length() {
                args.push(format!("max_length={}", bound_text(&max)));
            }
            if let Some(pattern) = &field.pattern {
                args.push(format!("pattern={}", py_str(pattern)));
            }
            format!(
                "Annotated[str, StringConstraints({}){not_blank}]",
                args.join(", ")
            )
        }
        _ if !not_blank.is_empty() => format!("Annotated[{}{not_blank}]", row.schema),
        _ => row.schema.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matches_python() {
        assert_eq!(python_title("owner email"), "Owner Email");
        assert_eq!(python_title("item2x id"), "Item2X Id");
        assert_eq!(python_title("élan ñu 3d ÉTÉ"), "Élan Ñu 3D Été");
    }
}
