//! The table of diagnostic codes. Codes are stable: once published, a code
//! keeps its meaning, and a retired code is never reused.

use serde::Serialize;

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        /// Every code, in code order.
        pub const CODES: &[CodeInfo] = &[
            $(CodeInfo { code: Code::$variant, id: $code, severity: Severity::$severity, summary: $summary },)*
        ];

        impl Code {
            /// The code as written in diagnostics (`E0003`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    InvalidUtf8 = "E0001", Error, "the input is not valid UTF-8 text";
    NulByte = "E0002", Error, "the input contains a NUL byte";
    UnknownType = "E0003", Error, "a field has a type the compiler does not know";
    DuplicateEntity = "E0004", Error, "two entities have the same name";
    DuplicateField = "E0005", Error, "an entity declares the same field twice";
    NameCollision = "E0006", Error, "two names become the same once snake_cased or lower-cased";
    ReservedName = "E0007", Error, "a name is a Python keyword or would shadow a name the generated code needs";
    ManagedFieldConflict = "E0008", Error, "a field takes a name the generated app uses for its own column";
    UserEntity = "E0009", Error, "an entity is named `User`, which the built-in account model owns";
    InvalidFieldName = "E0010", Error, "a field name is not lower snake_case";
    InvalidEntityName = "E0011", Error, "an entity name is not a capitalised identifier of 2 to 41 characters";
    MalformedField = "E0012", Error, "a field declaration cannot be read";
    UnknownModifier = "E0013", Error, "a field has a modifier the compiler does not know";
    ConflictingModifiers = "E0014", Error, "a field has modifiers that contradict each other";
    MissingEntitySection = "E0015", Error, "the PRD has no entity section";
    EmptyEntitySection = "E0016", Error, "the entity section declares no entities";
    FieldOutsideEntity = "E0017", Error, "a field declaration is not under any entity";
    UnsupportedTable = "E0018", Error, "a Markdown table in the entity section is not supported yet";
    ManagedFieldIgnored = "W0001", Warning, "a field the generated app provides itself is declared";
    UnrecognisedLine = "W0002", Warning, "a list item in the entity section is not a declaration";
    EntityWithoutFields = "W0003", Warning, "an entity declares no fields";
}

/// One row of the code table.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: Code,
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

impl Code {
    /// Looks a code up by its written form, ignoring case (`e0003`).
    pub fn parse(text: &str) -> Option<Code> {
        CODES
            .iter()
            .find(|info| info.id.eq_ignore_ascii_case(text.trim()))
            .map(|info| info.code)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
