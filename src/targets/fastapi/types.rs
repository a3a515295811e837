//! The field-type table: one row per field type, holding everything the
//! generated app says about values of that type: the Python, SQLAlchemy
//! and migration types, the Pydantic annotation, what a module imports for
//! it, its JSON schema in `openapi.yaml`, how `min=` and `max=` apply, and
//! the literals the generated tests write. The views and the OpenAPI writer
//! read the rows, and the templates print what they derive; the code around
//! the rows adds only what depends on one field (its enumeration, link,
//! limits and default). The limits themselves (255, 2048, 18 digits) are
//! the language's, in `genome`, and `app/schemas/types.py` prints them too.
//!
//! Adding a field type to the language is adding its row here (every type
//! has one, in the order of `FieldType::ALL`, checked when the table is
//! first used) and its cases to the tests.

use std::sync::LazyLock;

use crate::genome::{
    DECIMAL_PRECISION, DECIMAL_SCALE, EMAIL_MAX_LENGTH, ENUM_VALUE_MAX_LENGTH, FieldType,
    STRING_MAX_LENGTH, URL_MAX_LENGTH,
};

use super::escape::py_str;

/// One character that is not whitespace as Python's `str.isspace` counts
/// it: the JSON-schema pattern of a required text, which the app refuses
/// when empty or blank (`value.strip()` is empty). Spelt out character by
/// character, because `\s` means a different set in each regular-expression
/// dialect that reads the schema (ECMAScript, Python, Rust).
pub const NOT_BLANK_PATTERN: &str =
    r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

/// A value in a JSON schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaValue {
    Str(&'static str),
    Int(u64),
}

/// One JSON-schema variant of a type: its keys and values, before the
/// field's own enumeration and limits.
pub type Variant = &'static [(&'static str, SchemaValue)];

/// How the tests write a number, and the JSON schema of its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    Integer,
    Float,
    /// Sent as text, to stay exact.
    Decimal,
}

impl Number {
    /// A Python literal of `value` as a request body carries it.
    pub fn literal(self, value: f64) -> String {
        match self {
            Number::Integer => format!("{}", value as i64),
            Number::Float => format!("{value:?}"),
            Number::Decimal => {
                let text = format!("{value:.4}");
                // A decimal's text has no negative zero (`-0.0000`).
                let zero = text.bytes().all(|b| matches!(b, b'-' | b'0' | b'.'));
                py_str(if zero {
                    text.trim_start_matches('-')
                } else {
                    &text
                })
            }
        }
    }

    /// How far past a bound a value is certainly refused.
    pub fn step(self) -> f64 {
        match self {
            Number::Integer => 1.0,
            Number::Float | Number::Decimal => 0.5,
        }
    }

    /// The JSON-schema type the bounds apply to, and the keys the served
    /// `app.openapi()` puts them under for this number.
    pub fn bound_keys(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Number::Integer => ("integer", "minimum", "maximum"),
            Number::Float | Number::Decimal => ("number", "minimum", "maximum"),
        }
    }
}

/// How `min=` and `max=` (and `pattern=`) apply to a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limits {
    /// They do not.
    None,
    /// They bound the value.
    Value(Number),
    /// They bound the length in characters, and a pattern may apply; the
    /// constrained type is `str`.
    Length,
}

/// A literal of the generated tests: a string (escaped when written) or
/// Python source written as it is.
#[derive(Clone, Copy, Debug)]
pub enum Py {
    Str(&'static str),
    Code(&'static str),
}

impl Py {
    /// The literal as Python source.
    pub fn literal(self) -> String {
        match self {
            Py::Str(text) => py_str(text),
            Py::Code(code) => code.to_string(),
        }
    }
}

/// What the generated app says about one field type.
#[derive(Debug)]
pub struct TypeRow {
    pub field_type: FieldType,
    /// The Python type of a model's attribute (`Mapped[...]`).
    pub python: &'static str,
    /// The column type in a model (`String(255)`), and what it is
    /// imported as (a name of `sqlalchemy`, or of the app's own
    /// `app.database`).
    pub column: String,
    pub column_import: (&'static str, &'static str),
    /// The column type in the migration (`sa.String(length=255)`).
    pub migration: String,
    /// Whether SQL can compare two values: only then may a column be
    /// unique or indexed.
    pub comparable: bool,
    /// Other imports of a model module with a column of this type.
    pub model_imports: &'static [(&'static str, &'static str)],
    /// The Pydantic annotation of a field without limits.
    pub schema: &'static str,
    /// Whether `schema` is an alias from `app/schemas/types.py`.
    pub alias: bool,
    /// Whether the annotation accepts null (`Any` does): a required field of
    /// the type then refuses it in a validator of its own.
    pub accepts_null: bool,
    /// Imports of a schema module with a field of this type.
    pub schema_imports: &'static [(&'static str, &'static str)],
    /// The JSON-schema variants of a request's value, and of a response's.
    pub request: &'static [Variant],
    pub response: &'static [Variant],
    pub limits: Limits,
    /// Whether a response gives a value back exactly as the tests write it
    /// (a decimal, a time, an address or a URL may come back normalised),
    /// so a test may compare the two.
    pub json_exact: bool,
    /// Two distinct valid values; for an enumeration or a link, the field
    /// decides.
    pub valid: [Py; 2],
    /// Python literals a request must be refused for (422).
    pub invalid: Vec<String>,
    /// The `k`-th distinct valid value (`k` from 2), for the rows of one
    /// user whose unique fields must all differ; `None` when the two of
    /// `valid` are all the type offers or the field decides.
    pub nth: Option<fn(usize) -> String>,
}

const STRING: SchemaValue = SchemaValue::Str("string");

/// The rows, in the order of [`FieldType::ALL`], so that a type's row is
/// found by its position.
static TABLE: LazyLock<[TypeRow; 14]> = LazyLock::new(|| {
    let table = rows_in_order();
    assert!(
        table
            .iter()
            .zip(FieldType::ALL)
            .all(|(row, field_type)| row.field_type == field_type),
        "the field-type table lists the types in the order of FieldType::ALL"
    );
    table
});

fn rows_in_order() -> [TypeRow; 14] {
    let max = |t: FieldType| t.max_length().expect("a bounded text type");
    [
        TypeRow {
            field_type: FieldType::String,
            python: "str",
            column: format!("String({})", max(FieldType::String)),
            column_import: ("sqlalchemy", "String"),
            migration: format!("sa.String(length={})", max(FieldType::String)),
            comparable: true,
            model_imports: &[],
            schema: "ShortText",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[STRING_MAX],
            response: &[STRING_MAX],
            limits: Limits::Length,
            json_exact: true,
            valid: [Py::Str("First \u{e9} value"), Py::Str("Second value")],
            invalid: vec![
                format!("{} * {}", py_str("x"), max(FieldType::String) + 1),
                "12345".into(),
            ],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Text,
            python: "str",
            column: "Text()".into(),
            column_import: ("sqlalchemy", "Text"),
            migration: "sa.Text()".into(),
            comparable: true,
            model_imports: &[],
            schema: "str",
            alias: false,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[("type", STRING)]],
            response: &[&[("type", STRING)]],
            limits: Limits::Length,
            json_exact: true,
            valid: [
                Py::Str("Some longer text.\nSecond line."),
                Py::Str("Other text"),
            ],
            invalid: vec!["12345".into()],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Integer,
            python: "int",
            column: "BigInteger()".into(),
            column_import: ("sqlalchemy", "BigInteger"),
            migration: "sa.BigInteger()".into(),
            comparable: true,
            model_imports: &[],
            schema: "Int64",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[
                ("type", SchemaValue::Str("integer")),
                ("format", SchemaValue::Str("int64")),
            ]],
            response: &[&[
                ("type", SchemaValue::Str("integer")),
                ("format", SchemaValue::Str("int64")),
            ]],
            limits: Limits::Value(Number::Integer),
            json_exact: true,
            valid: [Py::Code("9007199254740993"), Py::Code("-42")],
            invalid: vec![r#""abc""#.into(), "1.5".into(), "2**63".into()],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Float,
            python: "float",
            column: "Double()".into(),
            column_import: ("sqlalchemy", "Double"),
            migration: "sa.Double()".into(),
            comparable: true,
            model_imports: &[],
            schema: "FiniteFloat",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[("type", SchemaValue::Str("number"))]],
            response: &[&[("type", SchemaValue::Str("number"))]],
            limits: Limits::Value(Number::Float),
            json_exact: false,
            valid: [Py::Code("1.5"), Py::Code("-0.25")],
            invalid: vec![r#""abc""#.into()],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Decimal,
            python: "Decimal",
            // The app's own type: exact on SQLite too, where it is kept as
            // text (a sign, the digits and the point).
            column: format!("ExactNumeric({DECIMAL_PRECISION}, {DECIMAL_SCALE})"),
            column_import: ("app.database", "ExactNumeric"),
            migration: format!(
                "sa.Numeric(precision={DECIMAL_PRECISION}, scale={DECIMAL_SCALE})\
                 .with_variant(sa.String(length={}), \"sqlite\")",
                DECIMAL_PRECISION + 2
            ),
            comparable: true,
            model_imports: &[("decimal", "Decimal")],
            schema: "ExactDecimal",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            // Pydantic takes a number or its text, and answers with text.
            request: &[&[("type", SchemaValue::Str("number"))], &[("type", STRING)]],
            response: &[&[("type", STRING)]],
            limits: Limits::Value(Number::Decimal),
            json_exact: false,
            valid: [Py::Str("1234.5000"), Py::Str("-7.2500")],
            invalid: vec![
                r#""not a number""#.into(),
                format!("{} * {}", py_str("1"), DECIMAL_PRECISION + 2),
            ],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Boolean,
            python: "bool",
            column: "Boolean()".into(),
            column_import: ("sqlalchemy", "Boolean"),
            migration: "sa.Boolean()".into(),
            comparable: true,
            model_imports: &[],
            schema: "StrictBoolean",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[("type", SchemaValue::Str("boolean"))]],
            response: &[&[("type", SchemaValue::Str("boolean"))]],
            limits: Limits::None,
            json_exact: true,
            valid: [Py::Code("True"), Py::Code("False")],
            // Only `true` and `false`: not the numbers and words that
            // Pydantic's lax mode would take.
            invalid: vec![r#""maybe""#.into(), "1".into(), r#""yes""#.into()],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Date,
            python: "CalendarDate",
            column: "Date()".into(),
            column_import: ("sqlalchemy", "Date"),
            migration: "sa.Date()".into(),
            comparable: true,
            model_imports: &[("app.database", "CalendarDate")],
            schema: "CalendarDate",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[("type", STRING), ("format", SchemaValue::Str("date"))]],
            response: &[&[("type", STRING), ("format", SchemaValue::Str("date"))]],
            limits: Limits::None,
            json_exact: false,
            valid: [Py::Str("2024-02-29"), Py::Str("2023-12-31")],
            // A number would be read as seconds since 1970; JSON writes a
            // date as text.
            invalid: vec![r#""2024-13-45""#.into(), "0".into()],
            nth: Some(|k| format!("2022-01-{:02}", k + 1)),
        },
        TypeRow {
            field_type: FieldType::DateTime,
            python: "Timestamp",
            column: "UTCDateTime()".into(),
            // The app's own type: stored in UTC, read back with its zone.
            column_import: ("app.database", "UTCDateTime"),
            migration: "sa.DateTime(timezone=True)".into(),
            comparable: true,
            model_imports: &[],
            // Answered in UTC, as the database gives it back.
            schema: "UtcDatetime",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[("type", STRING), ("format", SchemaValue::Str("date-time"))]],
            response: &[&[("type", STRING), ("format", SchemaValue::Str("date-time"))]],
            limits: Limits::None,
            json_exact: false,
            valid: [
                Py::Str("2024-03-01T12:30:00+02:00"),
                Py::Str("2023-01-01T00:00:00Z"),
            ],
            // Not a date, no offset, and instants past year 9999 or before
            // year 1 once in UTC.
            invalid: vec![
                r#""not a date""#.into(),
                "1700000000".into(),
                r#""2024-01-01T00:00:00""#.into(),
                r#""9999-12-31T23:59:59-14:00""#.into(),
                r#""0001-01-01T00:00:00+14:00""#.into(),
            ],
            nth: Some(|k| format!("2022-01-01T00:{k:02}:00Z")),
        },
        TypeRow {
            field_type: FieldType::Uuid,
            python: "UUID",
            column: "Uuid()".into(),
            column_import: ("sqlalchemy", "Uuid"),
            migration: "sa.Uuid()".into(),
            comparable: true,
            model_imports: &[],
            schema: "UUID",
            alias: false,
            accepts_null: false,
            schema_imports: &[],
            request: &[UUID],
            response: &[UUID],
            limits: Limits::None,
            json_exact: false,
            valid: [
                Py::Str("0d9bd3c4-4a7e-4b51-9a41-8a1f4ea1c001"),
                Py::Str("6f1c2b7e-2b8a-4c3e-8d6f-1a2b3c4d5e02"),
            ],
            invalid: vec![r#""not-a-uuid""#.into()],
            nth: Some(|k| format!("00000000-0000-4000-8000-{k:012}")),
        },
        TypeRow {
            field_type: FieldType::Json,
            python: "Any",
            column: "JSON()".into(),
            column_import: ("sqlalchemy", "JSON"),
            migration: "sa.JSON()".into(),
            comparable: false,
            model_imports: &[("typing", "Any")],
            // Bounded in depth and size.
            schema: "BoundedJson",
            alias: true,
            accepts_null: true,
            schema_imports: &[],
            // Any JSON value: the empty schema.
            request: &[&[]],
            response: &[&[]],
            limits: Limits::None,
            json_exact: false,
            valid: [
                Py::Code(r#"{"key": [1, "two", None, True]}"#),
                Py::Code(r#"["x", 2]"#),
            ],
            // Nested deeper than 32 levels, and longer than 64 KiB.
            invalid: vec![
                format!("{}{}", "[".repeat(33), "]".repeat(33)),
                format!("{{{}: {} * 70000}}", py_str("k"), py_str("x")),
            ],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Email,
            python: "str",
            column: format!("String({})", max(FieldType::Email)),
            column_import: ("sqlalchemy", "String"),
            migration: format!("sa.String(length={})", max(FieldType::Email)),
            comparable: true,
            model_imports: &[],
            schema: "EmailAddress",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[EMAIL],
            response: &[EMAIL],
            limits: Limits::None,
            json_exact: false,
            valid: [Py::Str("first@example.com"), Py::Str("second@example.com")],
            invalid: vec![r#""not-an-email""#.into()],
            nth: Some(|k| format!("u{k}@example.com")),
        },
        TypeRow {
            field_type: FieldType::Url,
            python: "str",
            column: format!("String({})", max(FieldType::Url)),
            column_import: ("sqlalchemy", "String"),
            migration: format!("sa.String(length={})", max(FieldType::Url)),
            comparable: true,
            model_imports: &[],
            schema: "HttpUrl",
            alias: true,
            accepts_null: false,
            schema_imports: &[],
            request: &[URL],
            response: &[URL],
            limits: Limits::None,
            json_exact: false,
            valid: [
                Py::Str("https://example.com/first"),
                Py::Str("https://example.org/second?x=1"),
            ],
            invalid: vec![r#""not a url""#.into(), r#""ftp://example.com/x""#.into()],
            nth: Some(|k| format!("https://example.com/u{k}")),
        },
        TypeRow {
            field_type: FieldType::Enum,
            python: "str",
            // Wide enough for any value the language allows.
            column: format!("String({ENUM_VALUE_MAX_LENGTH})"),
            column_import: ("sqlalchemy", "String"),
            migration: format!("sa.String(length={ENUM_VALUE_MAX_LENGTH})"),
            comparable: true,
            model_imports: &[],
            // The field's values decide: `Literal[...]` in a schema, an
            // `enum` list in the JSON schema, the values in the tests.
            schema: "str",
            alias: false,
            accepts_null: false,
            schema_imports: &[],
            request: &[&[("type", STRING)]],
            response: &[&[("type", STRING)]],
            limits: Limits::None,
            json_exact: true,
            valid: [Py::Code("None"), Py::Code("None")],
            invalid: vec!["12345".into(), py_str("not-a-listed-value")],
            nth: None,
        },
        TypeRow {
            field_type: FieldType::Reference,
            python: "UUID",
            column: "Uuid()".into(),
            column_import: ("sqlalchemy", "Uuid"),
            migration: "sa.Uuid()".into(),
            comparable: true,
            model_imports: &[],
            schema: "UUID",
            alias: false,
            accepts_null: false,
            schema_imports: &[],
            request: &[UUID],
            response: &[UUID],
            limits: Limits::None,
            json_exact: false,
            // The linked row's id: the tests create that row first.
            valid: [Py::Code("None"), Py::Code("None")],
            // Not a uuid, and the nil uuid, which no row has.
            invalid: vec![
                r#""not-a-uuid""#.into(),
                py_str("00000000-0000-0000-0000-000000000000"),
            ],
            nth: None,
        },
    ]
}

const STRING_MAX: Variant = &[
    ("type", STRING),
    ("maxLength", SchemaValue::Int(STRING_MAX_LENGTH as u64)),
];
const UUID: Variant = &[("type", STRING), ("format", SchemaValue::Str("uuid"))];
const EMAIL: Variant = &[
    ("type", STRING),
    ("maxLength", SchemaValue::Int(EMAIL_MAX_LENGTH as u64)),
    ("format", SchemaValue::Str("email")),
];
const URL: Variant = &[
    ("type", STRING),
    ("maxLength", SchemaValue::Int(URL_MAX_LENGTH as u64)),
    ("minLength", SchemaValue::Int(1)),
    ("format", SchemaValue::Str("uri")),
];

/// The row of `field_type`.
pub fn row(field_type: FieldType) -> &'static TypeRow {
    &TABLE[field_type as usize]
}

/// Every row, in the order of [`FieldType::ALL`].
pub fn rows() -> &'static [TypeRow] {
    &TABLE[..]
}
