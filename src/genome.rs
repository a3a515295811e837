//! The genome: the stack-neutral intermediate representation of a PRD.
//!
//! The genome is plain owned data. It says what the application is (its
//! entities, stories and integrations) and nothing about how a particular
//! stack renders it. Every item keeps the span of the PRD text it came from,
//! so a late check can still point at the source.

use serde::Serialize;

use crate::syntax::Span;

/// Version of the genome's JSON shape, bumped when a key changes meaning.
pub const GENOME_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Genome {
    pub genome_version: u32,
    /// The PRD's title, as written (trimmed).
    pub solution_name: String,
    /// A lowercase, hyphen-separated ASCII identifier derived from the
    /// solution name, usable as a package, container or database name.
    pub bundle_id: String,
    /// Span of the title heading, or an empty span at 0 when the PRD has none.
    pub origin: Span,
    pub entities: Vec<Entity>,
    pub user_stories: Vec<UserStory>,
    pub integrations: Vec<Integration>,
    pub archimate_elements: Vec<ArchimateElement>,
}

/// A persistent business object owned by a signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// PascalCase name as declared (`OrderItem`).
    pub name: String,
    /// Singular snake_case (`order_item`): module and variable names.
    pub snake_name: String,
    /// Plural snake_case (`order_items`): table names and URL segments.
    pub plural_name: String,
    /// Human-readable singular (`order item`) and plural (`order items`).
    pub label: String,
    pub plural_label: String,
    /// Fields the PRD declares, in declaration order. The fields every
    /// entity gets (`id`, `user_id`, `created_at`, `updated_at`) are not here.
    pub fields: Vec<Field>,
    pub origin: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// snake_case name as declared.
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub required: bool,
    /// Unique per owner: no two rows of one user share the value.
    pub unique: bool,
    pub indexed: bool,
    pub origin: Span,
}

/// The normalised type of a field.
///
/// Each variant has one meaning in every stack: a `Date` is a calendar date,
/// never a string; a `Decimal` is exact, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Short text with a maximum length of [`STRING_MAX_LENGTH`] characters.
    String,
    /// Unbounded text.
    Text,
    /// A 64-bit signed integer.
    Integer,
    /// A double-precision float.
    Float,
    /// An exact decimal with [`DECIMAL_PRECISION`] digits, [`DECIMAL_SCALE`]
    /// after the point.
    Decimal,
    Boolean,
    Date,
    /// An instant with a time zone.
    #[serde(rename = "datetime")]
    DateTime,
    Uuid,
    /// Any JSON value.
    Json,
    /// A validated e-mail address.
    Email,
    /// A validated absolute http or https URL.
    Url,
}

pub const STRING_MAX_LENGTH: u32 = 255;
pub const EMAIL_MAX_LENGTH: u32 = 320;
pub const URL_MAX_LENGTH: u32 = 2048;
pub const DECIMAL_PRECISION: u32 = 18;
pub const DECIMAL_SCALE: u32 = 4;

impl FieldType {
    /// The canonical lowercase name, as printed in the manifest.
    pub const fn canonical_name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Float => "float",
            FieldType::Decimal => "decimal",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
            FieldType::Uuid => "uuid",
            FieldType::Json => "json",
            FieldType::Email => "email",
            FieldType::Url => "url",
        }
    }

    /// The maximum length in characters, for the bounded text types.
    pub const fn max_length(self) -> Option<u32> {
        match self {
            FieldType::String => Some(STRING_MAX_LENGTH),
            FieldType::Email => Some(EMAIL_MAX_LENGTH),
            FieldType::Url => Some(URL_MAX_LENGTH),
            _ => None,
        }
    }
}

/// `As a <role>, I want <goal> [so that <benefit>].`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserStory {
    pub role: String,
    pub goal: String,
    pub benefit: Option<String>,
    /// Whether the goal starts with a workflow verb (create, approve, ...):
    /// such stories are business processes in the architecture model.
    pub is_workflow: bool,
    /// The entities the story names (singular or plural, any case, whole
    /// words), in order of first mention, each once.
    pub entities: Vec<String>,
    pub origin: Span,
}

/// A third-party service the PRD mentions by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Integration {
    /// Lowercase vendor name (`stripe`).
    pub name: String,
    /// Display name (`Stripe`).
    pub display_name: String,
    pub category: IntegrationCategory,
    /// The first mention.
    pub origin: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationCategory {
    Payments,
    Auth,
    Email,
    Sms,
    Observability,
    Analytics,
}

impl IntegrationCategory {
    pub const fn as_str(self) -> &'static str {
        match self {
            IntegrationCategory::Payments => "payments",
            IntegrationCategory::Auth => "auth",
            IntegrationCategory::Email => "email",
            IntegrationCategory::Sms => "sms",
            IntegrationCategory::Observability => "observability",
            IntegrationCategory::Analytics => "analytics",
        }
    }
}

/// An element of the ArchiMate 3.2 view of the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchimateElement {
    /// Stable identifier, unique within the genome (`data-object-order-item`).
    pub id: String,
    #[serde(rename = "type")]
    pub kind: ArchimateKind,
    pub name: String,
    pub origin: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ArchimateKind {
    ApplicationComponent,
    DataObject,
    BusinessProcess,
    ApplicationService,
}

impl ArchimateKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ArchimateKind::ApplicationComponent => "ApplicationComponent",
            ArchimateKind::DataObject => "DataObject",
            ArchimateKind::BusinessProcess => "BusinessProcess",
            ArchimateKind::ApplicationService => "ApplicationService",
        }
    }
}
