//! The genome: the stack-neutral intermediate representation of a PRD.
//!
//! The genome is plain owned data. It says what the application is (its
//! entities, stories and integrations) and nothing about how a particular
//! stack renders it. Every item keeps the span of the PRD text it came from,
//! and named items the span of their name, so a late check (a target's)
//! can still point at the source.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Version of the genome's JSON shape, bumped when a key changes meaning.
pub const GENOME_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Genome {
    pub genome_version: u32,
    /// The PRD's title, as written (trimmed).
    pub solution_name: String,
    /// A lowercase, hyphen-separated ASCII identifier derived from the
    /// solution name, usable as a package, container or database name.
    pub bundle_id: String,
    /// What the PRD says the product is: its first paragraph of prose
    /// before the data model, as written (lines joined by spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Span of the title heading, or an empty span at 0 when the PRD has none.
    pub origin: Span,
    pub entities: Vec<Entity>,
    /// Profile fields of the built-in account, from an entity named `User`:
    /// each optional or with a default, none unique, none a link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_fields: Vec<Field>,
    /// The profile fields that say what a user may do (`role`,
    /// `is_admin`): shown in the profile, but not changeable by the user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read_only_user_fields: Vec<String>,
    pub user_stories: Vec<UserStory>,
    pub integrations: Vec<Integration>,
    pub archimate_elements: Vec<ArchimateElement>,
}

impl Genome {
    /// The built-in account as an entity (`User`, table `users`), whose
    /// fields are the profile fields: how a target writes the profile
    /// with the code it writes for entities.
    pub fn account_entity(&self) -> Entity {
        Entity {
            name: "User".into(),
            snake_name: "user".into(),
            plural_name: "users".into(),
            label: "user".into(),
            plural_label: "users".into(),
            fields: self.user_fields.clone(),
            unique_together: Vec::new(),
            renamed_from: None,
            origin: self.origin,
            name_span: self.origin,
        }
    }
}

/// A persistent business object owned by a signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Groups of fields whose values together are unique per owner, each
    /// of at least two fields named as in `fields`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique_together: Vec<UniqueTogether>,
    /// The name this entity had in the PRD an app was generated from, when
    /// the PRD says it was renamed: an update keeps its table's rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    pub origin: Span,
    /// The span of the name as written. Not in the JSON: only diagnostics
    /// read it, and the JSON's shape is versioned ([`GENOME_VERSION`]).
    #[serde(skip)]
    pub name_span: Span,
}

/// Several fields of one entity whose values together are unique per owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueTogether {
    pub fields: Vec<String>,
    pub origin: Span,
}

/// A many-to-one link from a field to another entity (or its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The referenced entity's name (`Project`).
    pub entity: String,
    /// The foreign-key column (`project_id`): the field's name with `_id`.
    pub column: String,
    /// What deleting the referenced row does while rows still point at it.
    pub on_delete: OnDelete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDelete {
    /// A required link: the delete is refused (409) while children exist.
    Restrict,
    /// An optional link: the children's link is cleared.
    SetNull,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// snake_case name as declared.
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub required: bool,
    /// Unique per owner: no two rows of one user share the value.
    pub unique: bool,
    pub indexed: bool,
    /// For [`FieldType::Reference`]: the entity linked to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// For [`FieldType::Enum`]: the allowed values, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// The value stored when a create leaves the field out, as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Numbers: the smallest and largest value; text: the length bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Number>,
    /// A regular expression the text must match somewhere (anchor it with
    /// `^` and `$` to match the whole value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// A value that matches `pattern`, built from it at compile time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern_example: Option<String>,
    /// Distinct values that match `pattern` (the first is
    /// `pattern_example`), for tests that need several rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pattern_examples: Vec<String>,
    /// The name this field had before, when the PRD says it was renamed:
    /// an update keeps its column's values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    pub origin: Span,
    /// The span of the name as written (not in the JSON; see
    /// [`Entity::name_span`]).
    #[serde(skip)]
    pub name_span: Span,
}

impl Field {
    /// A plain field of a built-in type, without v2 extras; its name is
    /// taken to span its whole `origin`.
    pub fn plain(name: &str, field_type: FieldType, required: bool, origin: Span) -> Self {
        Field {
            name: name.to_string(),
            field_type,
            required,
            unique: false,
            indexed: false,
            reference: None,
            enum_values: Vec::new(),
            default: None,
            min: None,
            max: None,
            pattern: None,
            pattern_example: None,
            pattern_examples: Vec::new(),
            renamed_from: None,
            origin,
            name_span: origin,
        }
    }

    /// The longest value a text field holds, in characters: the PRD's
    /// `max`, else its type's own bound ([`FieldType::max_length`]). A
    /// number's `max` is a value, not a length: ask this of text only.
    pub fn max_length(&self) -> Option<serde_json::Number> {
        self.max
            .clone()
            .or_else(|| self.field_type.max_length().map(Into::into))
    }

    /// The column and API key: `project_id` for a reference, else the name.
    pub fn column(&self) -> &str {
        self.reference
            .as_ref()
            .map_or(self.name.as_str(), |r| r.column.as_str())
    }
}

/// The normalised type of a field.
///
/// Each variant has one meaning in every stack: a `Date` is a calendar date,
/// never a string; a `Decimal` is exact, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// One of a fixed list of values (`Field::enum_values`).
    Enum,
    /// A link to a row of another entity (`Field::reference`).
    Reference,
}

pub const STRING_MAX_LENGTH: u32 = 255;
pub const EMAIL_MAX_LENGTH: u32 = 320;
pub const URL_MAX_LENGTH: u32 = 2048;
pub const DECIMAL_PRECISION: u32 = 18;
pub const DECIMAL_SCALE: u32 = 4;
/// The longest value of an enumeration, in characters.
pub const ENUM_VALUE_MAX_LENGTH: usize = 64;

impl FieldType {
    pub const ALL: [FieldType; 14] = [
        FieldType::String,
        FieldType::Text,
        FieldType::Integer,
        FieldType::Float,
        FieldType::Decimal,
        FieldType::Boolean,
        FieldType::Date,
        FieldType::DateTime,
        FieldType::Uuid,
        FieldType::Json,
        FieldType::Email,
        FieldType::Url,
        FieldType::Enum,
        FieldType::Reference,
    ];

    /// The type named by its canonical name.
    pub fn from_canonical_name(name: &str) -> Option<FieldType> {
        Self::ALL
            .into_iter()
            .find(|field_type| field_type.canonical_name() == name)
    }

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
            FieldType::Enum => "enum",
            FieldType::Reference => "reference",
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Its Given/When/Then acceptance criteria, each as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acceptance_criteria: Vec<String>,
    pub origin: Span,
}

/// A third-party service the PRD mentions by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integration {
    /// Lowercase vendor name (`stripe`).
    pub name: String,
    /// Display name (`Stripe`).
    pub display_name: String,
    pub category: IntegrationCategory,
    /// The first mention.
    pub origin: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    pub const ALL: [IntegrationCategory; 6] = [
        IntegrationCategory::Payments,
        IntegrationCategory::Auth,
        IntegrationCategory::Email,
        IntegrationCategory::Sms,
        IntegrationCategory::Observability,
        IntegrationCategory::Analytics,
    ];

    /// The category named by its lowercase name.
    pub fn from_name(name: &str) -> Option<IntegrationCategory> {
        Self::ALL
            .into_iter()
            .find(|category| category.as_str() == name)
    }

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchimateElement {
    /// Stable identifier, unique within the genome (`data-object-order-item`).
    pub id: String,
    #[serde(rename = "type")]
    pub kind: ArchimateKind,
    pub name: String,
    pub origin: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
