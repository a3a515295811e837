//! The changes an update cannot make on its own: a new required field
//! the rows already there have no value for, a drop not allowed, a field
//! whose type changed. Each points at the new PRD.

use std::collections::HashMap;

use crate::genome::{Field, FieldType, Genome};
use crate::span::Span;

use super::diff::{Alteration, Change, GenomeDiff, Owner};

/// Why an update stops before writing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A required field added to an entity (or the account) whose rows
    /// exist: they need a value, from `default=`.
    RequiredWithoutDefault {
        owner: Owner,
        field: String,
        span: Span,
    },
    /// A field the new PRD no longer declares, without `--allow-drop`:
    /// `span` is its entity's name in the new PRD.
    FieldDropped {
        owner: Owner,
        field: String,
        span: Span,
    },
    /// An entity the new PRD no longer declares, without `--allow-drop`:
    /// `span` is the PRD's title.
    EntityDropped { entity: String, span: Span },
    /// A field whose type (or linked entity) changed: its values cannot
    /// be converted in place.
    TypeChanged {
        owner: Owner,
        field: String,
        from: String,
        to: String,
        span: Span,
    },
}

/// What `diff` (from an app's genome to `new`) asks that an update cannot
/// do; dropping is allowed with `allow_drop`.
pub fn refusals(new: &Genome, diff: &GenomeDiff, allow_drop: bool) -> Vec<Refusal> {
    let entities: HashMap<&str, &crate::genome::Entity> =
        new.entities.iter().map(|e| (e.name.as_str(), e)).collect();
    let added: Vec<&str> = diff
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::AddEntity { entity } => Some(entity.as_str()),
            _ => None,
        })
        .collect();
    let field_of = |owner: &Owner, name: &str| -> Option<&Field> {
        let fields = match owner {
            Owner::Entity(entity) => &entities.get(entity.as_str())?.fields,
            Owner::Profile => &new.user_fields,
        };
        fields.iter().find(|f| f.name == name)
    };
    let owner_span = |owner: &Owner| match owner {
        Owner::Entity(entity) => entities
            .get(entity.as_str())
            .map_or(new.origin, |e| e.name_span),
        Owner::Profile => new.origin,
    };
    let mut found = Vec::new();
    for change in &diff.changes {
        match change {
            Change::AddField { owner, field } => {
                let new_table = matches!(owner, Owner::Entity(e) if added.contains(&e.as_str()));
                if let Some(declared) = field_of(owner, field)
                    && declared.required
                    && declared.default.is_none()
                    && !new_table
                {
                    found.push(Refusal::RequiredWithoutDefault {
                        owner: owner.clone(),
                        field: field.clone(),
                        span: declared.name_span,
                    });
                }
            }
            Change::DropField { owner, field } if !allow_drop => {
                found.push(Refusal::FieldDropped {
                    owner: owner.clone(),
                    field: field.clone(),
                    span: owner_span(owner),
                });
            }
            Change::DropEntity { entity } if !allow_drop => {
                found.push(Refusal::EntityDropped {
                    entity: entity.clone(),
                    span: new.origin,
                });
            }
            Change::AlterField {
                owner,
                field,
                alterations,
            } => {
                let span = field_of(owner, field).map_or(new.origin, |f| f.name_span);
                for alteration in alterations {
                    let (from, to) = match alteration {
                        Alteration::Type { from, to } => {
                            (type_name(*from).to_string(), type_name(*to).to_string())
                        }
                        Alteration::Link { from, to } => (from.clone(), to.clone()),
                        _ => continue,
                    };
                    found.push(Refusal::TypeChanged {
                        owner: owner.clone(),
                        field: field.clone(),
                        from,
                        to,
                        span,
                    });
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|r| match r {
        Refusal::RequiredWithoutDefault { span, .. }
        | Refusal::FieldDropped { span, .. }
        | Refusal::EntityDropped { span, .. }
        | Refusal::TypeChanged { span, .. } => span.start,
    });
    found
}

fn type_name(field_type: FieldType) -> &'static str {
    field_type.canonical_name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evolve::diff;
    use crate::genome::{Entity, GENOME_VERSION};

    fn genome(fields: Vec<Field>) -> Genome {
        Genome {
            genome_version: GENOME_VERSION,
            solution_name: "Beekeeping".into(),
            bundle_id: "beekeeping".into(),
            description: None,
            origin: Default::default(),
            entities: vec![Entity {
                name: "Hive".into(),
                snake_name: "hive".into(),
                plural_name: "hives".into(),
                label: "hive".into(),
                plural_label: "hives".into(),
                fields,
                unique_together: Vec::new(),
                renamed_from: None,
                origin: Default::default(),
                name_span: crate::span::Span::new(3, 7),
            }],
            user_fields: Vec::new(),
            read_only_user_fields: Vec::new(),
            user_stories: Vec::new(),
            integrations: Vec::new(),
            archimate_elements: Vec::new(),
        }
    }

    fn field(name: &str, field_type: FieldType, required: bool) -> Field {
        Field::plain(name, field_type, required, crate::span::Span::new(10, 14))
    }

    #[test]
    fn a_new_required_field_needs_a_default_and_a_drop_needs_permission() {
        let old = genome(vec![field("queen_seen", FieldType::Boolean, false)]);
        let mut with_default = field("frames", FieldType::Integer, true);
        with_default.default = Some(serde_json::json!(10));
        let new = genome(vec![field("colour", FieldType::String, true), with_default]);
        let changes = diff(&old, &new);
        let refused = refusals(&new, &changes, false);
        assert_eq!(
            refused,
            vec![
                Refusal::FieldDropped {
                    owner: Owner::Entity("Hive".into()),
                    field: "queen_seen".into(),
                    span: crate::span::Span::new(3, 7),
                },
                Refusal::RequiredWithoutDefault {
                    owner: Owner::Entity("Hive".into()),
                    field: "colour".into(),
                    span: crate::span::Span::new(10, 14),
                },
            ]
        );
        let allowed = refusals(&new, &changes, true);
        assert_eq!(allowed.len(), 1, "{allowed:?}");
    }

    #[test]
    fn a_type_change_is_refused() {
        let old = genome(vec![field("weight", FieldType::String, false)]);
        let new = genome(vec![field("weight", FieldType::Decimal, false)]);
        let refused = refusals(&new, &diff(&old, &new), false);
        assert!(
            matches!(&refused[..], [Refusal::TypeChanged { from, to, .. }] if from == "string" && to == "decimal"),
            "{refused:?}"
        );
    }
}
