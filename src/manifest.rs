//! The manifest: what the PRD declares, in the reference implementation's
//! JSON shape, so the two can be compared on the same input.
//!
//! Unlike the genome, the manifest lists every declared field, including
//! those the generated app provides itself.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub solution_name: String,
    pub entities: Vec<ManifestEntity>,
    pub user_stories: Vec<ManifestStory>,
    pub integrations: Vec<ManifestIntegration>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntity {
    pub name: String,
    pub fields: Vec<ManifestField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestField {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: String,
    pub required: bool,
    pub unique: bool,
    pub indexed: bool,
    /// Language v2, present only when declared: the linked entity, the
    /// enumeration's values, the default, the limits and the pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub references: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestStory {
    pub as_a: String,
    pub i_want: String,
    /// Empty when the story has no "so that" clause.
    pub so_that: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestIntegration {
    pub name: String,
    pub category: String,
}
