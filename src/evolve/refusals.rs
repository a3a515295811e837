//! The changes an update cannot make on its own: a new required field
//! the rows already there have no value for, a drop not allowed, a field
//! whose type changed in a way its values cannot follow. Each points at the
//! new PRD. Besides, a rename remark naming an entity the app never had.

use std::collections::HashMap;

use crate::genome::{Entity, Field, Genome};
use crate::problems::UpdateProblem;
use crate::span::Span;

use super::conversions::{Conversion, conversion};
use super::diff::{Alteration, Change, GenomeDiff, Owner};

/// What `diff` (from `old`, an app's genome, to `new`) asks that an update
/// cannot do, and the rename remarks it cannot follow, in the new PRD's
/// order; dropping is allowed with `allow_drop`.
pub fn refusals(
    old: &Genome,
    new: &Genome,
    diff: &GenomeDiff,
    allow_drop: bool,
) -> Vec<UpdateProblem> {
    let entities: HashMap<&str, &Entity> =
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
    let entity_of = |owner: &Owner| match owner {
        Owner::Entity(entity) => Some(entity.clone()),
        Owner::Profile => None,
    };
    let mut found = Vec::new();
    for change in &diff.changes {
        match change {
            Change::AddEntity { entity } => {
                if let Some(declared) = entities.get(entity.as_str())
                    && let Some(old_name) = &declared.renamed_from
                {
                    found.push(UpdateProblem::UnknownRename {
                        span: declared.name_span,
                        entity: entity.clone(),
                        old: old_name.clone(),
                    });
                }
            }
            Change::AddField { owner, field } => {
                let new_table = matches!(owner, Owner::Entity(e) if added.contains(&e.as_str()));
                if let Some(declared) = field_of(owner, field)
                    && declared.required
                    && declared.default.is_none()
                    && !new_table
                {
                    found.push(UpdateProblem::RequiredWithoutDefault {
                        span: declared.name_span,
                        entity: entity_of(owner),
                        field: field.clone(),
                    });
                }
            }
            Change::DropField { owner, field } if !allow_drop => {
                found.push(UpdateProblem::FieldDropped {
                    span: owner_span(owner),
                    entity: entity_of(owner),
                    field: field.clone(),
                });
            }
            Change::DropEntity { entity } if !allow_drop => {
                found.push(UpdateProblem::EntityDropped {
                    span: where_it_was(old, new, entity),
                    entity: entity.clone(),
                });
            }
            Change::AlterField {
                owner,
                field,
                alterations,
            } => {
                let span = field_of(owner, field).map_or(new.origin, |f| f.name_span);
                for alteration in alterations {
                    let (from, to, link) = match alteration {
                        Alteration::Type { from, to }
                            if conversion(*from, *to) == Conversion::Lossy =>
                        {
                            (
                                from.canonical_name().to_string(),
                                to.canonical_name().to_string(),
                                false,
                            )
                        }
                        Alteration::Link { from, to } => (from.clone(), to.clone(), true),
                        _ => continue,
                    };
                    found.push(UpdateProblem::TypeChanged {
                        span,
                        entity: entity_of(owner),
                        field: field.clone(),
                        from,
                        to,
                        link,
                    });
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|problem| problem.span().start);
    found
}

/// The nearest place in the new PRD to where the entity `dropped` of `old`
/// was: the entity declared before it that is still there (under its name
/// or renamed), or else the first entity; the PRD's start when none is.
fn where_it_was(old: &Genome, new: &Genome, dropped: &str) -> Span {
    let now_named: HashMap<&str, &Entity> = new
        .entities
        .iter()
        .flat_map(|e| {
            std::iter::once((e.name.as_str(), e))
                .chain(e.renamed_from.as_deref().map(|from| (from, e)))
        })
        .collect();
    let before = old
        .entities
        .iter()
        .take_while(|e| e.name != dropped)
        .collect::<Vec<_>>();
    before
        .iter()
        .rev()
        .find_map(|e| now_named.get(e.name.as_str()))
        .or(new.entities.first().as_ref())
        .map_or(new.origin, |e| e.name_span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evolve::diff;
    use crate::genome::{FieldType, GENOME_VERSION};

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
        let refused = refusals(&old, &new, &changes, false);
        assert_eq!(
            refused,
            vec![
                UpdateProblem::FieldDropped {
                    span: crate::span::Span::new(3, 7),
                    entity: Some("Hive".into()),
                    field: "queen_seen".into(),
                },
                UpdateProblem::RequiredWithoutDefault {
                    span: crate::span::Span::new(10, 14),
                    entity: Some("Hive".into()),
                    field: "colour".into(),
                },
            ]
        );
        let allowed = refusals(&old, &new, &changes, true);
        assert_eq!(allowed.len(), 1, "{allowed:?}");
    }

    #[test]
    fn a_lossy_type_change_is_refused_and_a_widening_one_is_not() {
        let old = genome(vec![field("weight", FieldType::String, false)]);
        let new = genome(vec![field("weight", FieldType::Decimal, false)]);
        let refused = refusals(&old, &new, &diff(&old, &new), false);
        assert!(
            matches!(&refused[..], [UpdateProblem::TypeChanged { from, to, link: false, .. }] if from == "string" && to == "decimal"),
            "{refused:?}"
        );
        let wider = genome(vec![field("weight", FieldType::Text, false)]);
        assert_eq!(
            refusals(&old, &wider, &diff(&old, &wider), false),
            Vec::new()
        );
    }

    #[test]
    fn a_rename_from_an_entity_the_app_never_had_is_reported() {
        let old = genome(vec![field("frames", FieldType::Integer, false)]);
        let mut new = old.clone();
        let mut apiary = new.entities[0].clone();
        apiary.name = "Apiary".into();
        apiary.renamed_from = Some("Yard".into());
        apiary.name_span = crate::span::Span::new(20, 26);
        new.entities.push(apiary);
        let found = refusals(&old, &new, &diff(&old, &new), false);
        assert_eq!(
            found,
            vec![UpdateProblem::UnknownRename {
                span: crate::span::Span::new(20, 26),
                entity: "Apiary".into(),
                old: "Yard".into(),
            }]
        );
    }

    #[test]
    fn a_dropped_entity_is_pointed_at_where_it_was() {
        let mut old = genome(vec![field("frames", FieldType::Integer, false)]);
        let mut yard = old.entities[0].clone();
        yard.name = "Yard".into();
        old.entities.push(yard);
        let new = genome(vec![field("frames", FieldType::Integer, false)]);
        let found = refusals(&old, &new, &diff(&old, &new), false);
        assert_eq!(
            found,
            vec![UpdateProblem::EntityDropped {
                span: crate::span::Span::new(3, 7),
                entity: "Yard".into(),
            }]
        );
    }
}
