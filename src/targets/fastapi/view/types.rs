//! What each field type is in Python, SQLAlchemy and the migration.

use crate::genome::{Field, FieldType};

/// (Python type for `Mapped`, model column type, migration column type).
pub(super) fn column_types(field: &Field) -> (&'static str, &'static str, &'static str) {
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
pub(super) fn schema_type(t: FieldType) -> &'static str {
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
