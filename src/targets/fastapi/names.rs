//! The names the FastAPI app cannot give to an entity or a field: Python's
//! keywords, the attributes of SQLAlchemy's and Pydantic's model classes,
//! the app's own modules, tables and account columns, and names longer than
//! a PostgreSQL column's. [`check`] reports them on the genome.

use super::problems::FastApiProblem;
use crate::cores;
use crate::diagnostics::Diagnostic;
use crate::genome::{Entity, Field, Genome};

/// The longest field name: PostgreSQL identifiers are at most 63 bytes, and
/// a link field's column adds `_id`.
pub const MAX_FIELD_NAME_LENGTH: usize = 60;

/// Python's keywords that can be spelt in lower snake_case.
pub const PYTHON_KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Field names that would shadow attributes of the generated model and
/// schema classes (SQLAlchemy's declarative base, Pydantic's `BaseModel`).
pub const RESERVED_FIELD_NAMES: &[&str] = &[
    "bool",
    "classmethod",
    "copy",
    "construct",
    "dict",
    "field_validator",
    "float",
    "from_orm",
    "int",
    "json",
    "list",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "str",
    "update_forward_refs",
    "utcnow",
    "validate",
];

/// Fields whose names SQLAlchemy takes on every model class, each with the
/// names to suggest instead.
pub const CONFLICTING_FIELDS: &[(&str, &[&str])] = &[
    ("metadata", &["details", "extra_data"]),
    ("registry", &["registry_name"]),
];

/// snake_case entity names that the generated app's own modules, test
/// files or tables already use.
pub const RESERVED_ENTITY_SNAKE_NAMES: &[&str] = &[
    "accounts",
    "auth",
    "openapi",
    "paging",
    "query_plans",
    "security",
    "types",
    "users",
];

/// Entity names that would shadow a Python constant, a `typing` name, a name
/// the generated model and router modules import (SQLAlchemy column types,
/// the app's own aliases), or one of the generated app's own modules.
pub const RESERVED_ENTITY_NAMES: &[&str] = &[
    "Annotated",
    "Any",
    "AnyHttpUrl",
    "APIRouter",
    "App",
    "Base",
    "BaseModel",
    "BigInteger",
    "Boolean",
    "CalendarDate",
    "CheckConstraint",
    "ConfigDict",
    "CurrentUser",
    "Date",
    "Datetime",
    "DbSession",
    "Decimal",
    "Dict",
    "EmailStr",
    "Enum",
    "ExactNumeric",
    "False",
    "FastAPI",
    "Float",
    "ForeignKey",
    "Index",
    "Integer",
    "Json",
    "List",
    "Literal",
    "Mapped",
    "None",
    "Numeric",
    "Optional",
    "Query",
    "Set",
    "Settings",
    "StrictJSONRoute",
    "String",
    "Text",
    "Timestamp",
    "True",
    "Tuple",
    "Type",
    "Typing",
    "Union",
    "UniqueConstraint",
    "UTCDateTime",
    "Uuid",
    "UUID",
];

/// The columns of the app's `users` table and the inputs of registration:
/// no profile field of the account may take these names.
pub const ACCOUNT_COLUMNS: &[&str] = &["email", "password", "password_hash", "token_version"];

/// The names in `genome` the FastAPI app cannot use, in genome order. Each
/// entity and field is looked at once, against lists of a fixed size:
/// linear in the genome, and split between the cores for a large one.
pub fn check(genome: &Genome) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = cores::map_chunks(&genome.entities, 256, |entities| {
        let mut found = Vec::new();
        for entity in entities {
            check_entity_name(entity, &mut found);
            for field in &entity.fields {
                check_field_name(field, &mut found);
            }
        }
        found
    })
    .into_iter()
    .flatten()
    .collect();
    for field in &genome.user_fields {
        check_field_name(field, &mut found);
        check_profile_field_name(field, &mut found);
    }
    found
}

fn check_entity_name(entity: &Entity, found: &mut Vec<Diagnostic>) {
    let text = entity.name.as_str();
    let snake = &entity.snake_name;
    let reserved = RESERVED_ENTITY_NAMES
        .iter()
        .find(|reserved| reserved.eq_ignore_ascii_case(text))
        .copied()
        .or_else(|| {
            RESERVED_ENTITY_SNAKE_NAMES
                .contains(&snake.as_str())
                .then_some(text)
        });
    // The snake_case name is a module name (`app/models/<name>.py`), so it
    // cannot be a keyword: `from app.models.pass import Pass` does not parse.
    let problem = match reserved {
        Some(reserved) => FastApiProblem::EntityNameTaken {
            span: entity.name_span,
            name: text.to_string(),
            taken: reserved.to_string(),
        },
        None if PYTHON_KEYWORDS.contains(&snake.as_str()) => FastApiProblem::EntityModuleKeyword {
            span: entity.name_span,
            name: text.to_string(),
            module: snake.clone(),
        },
        None => return,
    };
    found.push(problem.into());
}

fn check_field_name(field: &Field, found: &mut Vec<Diagnostic>) {
    let text = field.name.as_str();
    let span = field.name_span;
    let name = || text.to_string();
    let problem = if text.len() > MAX_FIELD_NAME_LENGTH {
        FastApiProblem::FieldNameTooLong {
            span,
            name: name(),
            limit: MAX_FIELD_NAME_LENGTH,
        }
    } else if let Some((_, instead)) = CONFLICTING_FIELDS
        .iter()
        .find(|(reserved, _)| *reserved == text)
    {
        FastApiProblem::FieldNameOfLibrary {
            span,
            name: name(),
            instead,
        }
    } else if PYTHON_KEYWORDS.contains(&text) {
        FastApiProblem::FieldNameKeyword { span, name: name() }
    } else if RESERVED_FIELD_NAMES.contains(&text) {
        FastApiProblem::FieldNameOfModel { span, name: name() }
    } else {
        return;
    };
    found.push(problem.into());
}

/// A profile field of the account (from an entity named `User`) may not
/// take the name of one of the account's own columns.
fn check_profile_field_name(field: &Field, found: &mut Vec<Diagnostic>) {
    if ACCOUNT_COLUMNS.contains(&field.name.as_str()) {
        found.push(
            FastApiProblem::ProfileFieldOfAccount {
                span: field.name_span,
                name: field.name.clone(),
            }
            .into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Code;

    /// The codes of a PRD's diagnostics, with the text each points at.
    fn found(prd: &str) -> Vec<(Code, &str)> {
        crate::analyze(prd.as_bytes())
            .diagnostics
            .iter()
            .map(|d| (d.code, &prd[d.primary.span.range()]))
            .collect()
    }

    /// A genome lowering found errors in is checked too: one run reports a
    /// misspelt type and a reserved name elsewhere.
    #[test]
    fn the_target_checks_the_genome_of_a_prd_with_errors() {
        assert_eq!(
            found("# T\n\n## Entities\n- Lesson: size (intger), from (date)\n- Base: x (text)\n"),
            [
                (Code::UnknownType, "intger"),
                (Code::ReservedName, "from"),
                (Code::ReservedName, "Base"),
            ]
        );
    }

    /// What the language refused is not in the genome, so the target says
    /// nothing about it until the language's problem is fixed.
    #[test]
    fn a_field_the_language_refused_is_not_checked() {
        assert_eq!(
            found("# T\n\n## Entities\n- Lesson: class (strnig)\n"),
            [(Code::UnknownType, "strnig")]
        );
    }

    /// At one place, the target's diagnostic comes before the language's.
    #[test]
    fn at_one_place_the_target_speaks_first() {
        assert_eq!(
            found("# T\n\n## Entities\n- Pass\n- Note: body (text)\n"),
            [
                (Code::ReservedName, "Pass"),
                (Code::EntityWithoutFields, "Pass")
            ]
        );
    }
}
