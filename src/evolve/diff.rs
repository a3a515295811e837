//! The difference between two genomes, as plain data: what changed in the
//! entities, their fields, their unique groups and the account's profile
//! fields. It names no stack; a target turns it into a migration.

use std::collections::HashMap;

use serde::Serialize;

use crate::genome::{Entity, Field, FieldType, Genome};

/// Every change from an old genome to a new one, in the new genome's
/// order (entities, then the fields of each), removals after the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GenomeDiff {
    pub changes: Vec<Change>,
}

/// Whose columns a field change is about: an entity's table, or the
/// account's profile fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The entity, by its name in the new genome (the old one for a removal).
    Entity(String),
    Profile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    AddEntity {
        entity: String,
    },
    DropEntity {
        entity: String,
    },
    RenameEntity {
        from: String,
        to: String,
    },
    AddField {
        owner: Owner,
        field: String,
    },
    DropField {
        owner: Owner,
        field: String,
    },
    RenameField {
        owner: Owner,
        from: String,
        to: String,
    },
    /// A field kept under its name (or renamed) whose declaration changed.
    AlterField {
        owner: Owner,
        field: String,
        alterations: Vec<Alteration>,
    },
    AddUniqueGroup {
        entity: String,
        fields: Vec<String>,
    },
    DropUniqueGroup {
        entity: String,
        fields: Vec<String>,
    },
}

/// One way a field's declaration changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Alteration {
    Type {
        from: FieldType,
        to: FieldType,
    },
    Required {
        from: bool,
        to: bool,
    },
    Unique {
        from: bool,
        to: bool,
    },
    Indexed {
        from: bool,
        to: bool,
    },
    Default,
    Min,
    Max,
    Pattern,
    EnumValues {
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// A link now points at another entity.
    Link {
        from: String,
        to: String,
    },
}

impl Alteration {
    /// Whether rows stored under the old declaration may break the new one,
    /// so the data must be checked before the change is made.
    pub fn narrows(&self) -> bool {
        match self {
            Alteration::Type { from, to } => {
                super::conversions::conversion(*from, *to)
                    != super::conversions::Conversion::Widening
            }
            Alteration::Min | Alteration::Max | Alteration::Pattern => true,
            Alteration::Required { from, to } | Alteration::Unique { from, to } => !from && *to,
            Alteration::EnumValues { removed, .. } => !removed.is_empty(),
            Alteration::Link { .. } => true,
            Alteration::Indexed { .. } | Alteration::Default => false,
        }
    }
}

impl GenomeDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The changes from `old` to `new`. An entity or field of `new` matches the
/// one of `old` with its name, or the one it says it was renamed from; what
/// `old` holds and nothing matches was dropped. Linear in the genomes.
pub fn diff(old: &Genome, new: &Genome) -> GenomeDiff {
    let mut changes = Vec::new();
    let old_entities: HashMap<&str, &Entity> =
        old.entities.iter().map(|e| (e.name.as_str(), e)).collect();
    let mut matched: HashMap<&str, ()> = HashMap::new();
    // A link to a renamed entity follows it: the same link, not a new one.
    let renamed: HashMap<&str, &str> = new
        .entities
        .iter()
        .filter_map(|e| {
            let from = e.renamed_from.as_deref()?;
            (old_entities.contains_key(from) && !old_entities.contains_key(e.name.as_str()))
                .then_some((from, e.name.as_str()))
        })
        .collect();
    for entity in &new.entities {
        let previous = old_entities.get(entity.name.as_str()).or_else(|| {
            entity
                .renamed_from
                .as_deref()
                .and_then(|from| old_entities.get(from))
        });
        let Some(previous) = previous else {
            changes.push(Change::AddEntity {
                entity: entity.name.clone(),
            });
            continue;
        };
        matched.insert(previous.name.as_str(), ());
        if previous.name != entity.name {
            changes.push(Change::RenameEntity {
                from: previous.name.clone(),
                to: entity.name.clone(),
            });
        }
        let owner = Owner::Entity(entity.name.clone());
        diff_fields(
            &owner,
            &previous.fields,
            &entity.fields,
            &renamed,
            &mut changes,
        );
        diff_unique_groups(previous, entity, &mut changes);
    }
    diff_fields(
        &Owner::Profile,
        &old.user_fields,
        &new.user_fields,
        &renamed,
        &mut changes,
    );
    for entity in &old.entities {
        if !matched.contains_key(entity.name.as_str()) {
            changes.push(Change::DropEntity {
                entity: entity.name.clone(),
            });
        }
    }
    GenomeDiff { changes }
}

/// The changes from the fields `old` to `new`; `renamed` maps an entity's
/// old name to its new one.
fn diff_fields(
    owner: &Owner,
    old: &[Field],
    new: &[Field],
    renamed: &HashMap<&str, &str>,
    changes: &mut Vec<Change>,
) {
    let by_name: HashMap<&str, &Field> = old.iter().map(|f| (f.name.as_str(), f)).collect();
    let mut matched: HashMap<&str, ()> = HashMap::new();
    for field in new {
        let previous = by_name.get(field.name.as_str()).or_else(|| {
            field
                .renamed_from
                .as_deref()
                .and_then(|from| by_name.get(from))
        });
        let Some(previous) = previous else {
            changes.push(Change::AddField {
                owner: owner.clone(),
                field: field.name.clone(),
            });
            continue;
        };
        matched.insert(previous.name.as_str(), ());
        if previous.name != field.name {
            changes.push(Change::RenameField {
                owner: owner.clone(),
                from: previous.name.clone(),
                to: field.name.clone(),
            });
        }
        let mut alterations = alterations(previous, field);
        alterations.retain(|alteration| {
            !matches!(alteration, Alteration::Link { from, to }
                if renamed.get(from.as_str()) == Some(&to.as_str()))
        });
        if !alterations.is_empty() {
            changes.push(Change::AlterField {
                owner: owner.clone(),
                field: field.name.clone(),
                alterations,
            });
        }
    }
    for field in old {
        if !matched.contains_key(field.name.as_str()) {
            changes.push(Change::DropField {
                owner: owner.clone(),
                field: field.name.clone(),
            });
        }
    }
}

/// How `new` differs from `old`, the same field under two declarations.
pub fn alterations(old: &Field, new: &Field) -> Vec<Alteration> {
    let mut found = Vec::new();
    if old.field_type != new.field_type {
        found.push(Alteration::Type {
            from: old.field_type,
            to: new.field_type,
        });
    }
    if old.required != new.required {
        found.push(Alteration::Required {
            from: old.required,
            to: new.required,
        });
    }
    if old.unique != new.unique {
        found.push(Alteration::Unique {
            from: old.unique,
            to: new.unique,
        });
    }
    if old.indexed != new.indexed {
        found.push(Alteration::Indexed {
            from: old.indexed,
            to: new.indexed,
        });
    }
    if old.default != new.default {
        found.push(Alteration::Default);
    }
    if old.min != new.min {
        found.push(Alteration::Min);
    }
    if old.max != new.max {
        found.push(Alteration::Max);
    }
    if old.pattern != new.pattern {
        found.push(Alteration::Pattern);
    }
    if old.field_type == new.field_type && old.enum_values != new.enum_values {
        let added = new
            .enum_values
            .iter()
            .filter(|v| !old.enum_values.contains(v))
            .cloned()
            .collect();
        let removed = old
            .enum_values
            .iter()
            .filter(|v| !new.enum_values.contains(v))
            .cloned()
            .collect();
        found.push(Alteration::EnumValues { added, removed });
    }
    if let (Some(from), Some(to)) = (&old.reference, &new.reference)
        && from.entity != to.entity
    {
        found.push(Alteration::Link {
            from: from.entity.clone(),
            to: to.entity.clone(),
        });
    }
    found
}

fn diff_unique_groups(old: &Entity, new: &Entity, changes: &mut Vec<Change>) {
    for group in &new.unique_together {
        if !old.unique_together.iter().any(|g| g.fields == group.fields) {
            changes.push(Change::AddUniqueGroup {
                entity: new.name.clone(),
                fields: group.fields.clone(),
            });
        }
    }
    for group in &old.unique_together {
        if !new.unique_together.iter().any(|g| g.fields == group.fields) {
            changes.push(Change::DropUniqueGroup {
                entity: new.name.clone(),
                fields: group.fields.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genome::{Field, FieldType, GENOME_VERSION, UniqueTogether};

    fn entity(name: &str, fields: Vec<Field>) -> Entity {
        let snake = name.to_lowercase();
        Entity {
            name: name.into(),
            plural_name: format!("{snake}s"),
            label: snake.clone(),
            plural_label: format!("{snake}s"),
            snake_name: snake,
            fields,
            unique_together: Vec::new(),
            renamed_from: None,
            origin: Default::default(),
            name_span: Default::default(),
        }
    }

    fn field(name: &str, field_type: FieldType, required: bool) -> Field {
        Field::plain(name, field_type, required, Default::default())
    }

    fn genome(entities: Vec<Entity>) -> Genome {
        Genome {
            genome_version: GENOME_VERSION,
            solution_name: "Greenhouse".into(),
            bundle_id: "greenhouse".into(),
            description: None,
            origin: Default::default(),
            entities,
            user_fields: Vec::new(),
            read_only_user_fields: Vec::new(),
            user_stories: Vec::new(),
            integrations: Vec::new(),
            archimate_elements: Vec::new(),
        }
    }

    fn plant(fields: Vec<Field>) -> Entity {
        entity("Plant", fields)
    }

    #[test]
    fn the_same_genome_has_no_changes() {
        let g = genome(vec![plant(vec![field("species", FieldType::String, true)])]);
        assert!(diff(&g, &g).is_empty());
    }

    #[test]
    fn added_and_dropped_entities_and_fields_are_listed() {
        let old = genome(vec![
            plant(vec![
                field("species", FieldType::String, true),
                field("height", FieldType::Integer, false),
            ]),
            entity("Pot", vec![field("volume", FieldType::Float, true)]),
        ]);
        let new = genome(vec![
            plant(vec![
                field("species", FieldType::String, true),
                field("watered_on", FieldType::Date, false),
            ]),
            entity("Tray", vec![field("slots", FieldType::Integer, true)]),
        ]);
        let plant_owner = Owner::Entity("Plant".into());
        assert_eq!(
            diff(&old, &new).changes,
            vec![
                Change::AddField {
                    owner: plant_owner.clone(),
                    field: "watered_on".into()
                },
                Change::DropField {
                    owner: plant_owner,
                    field: "height".into()
                },
                Change::AddEntity {
                    entity: "Tray".into()
                },
                Change::DropEntity {
                    entity: "Pot".into()
                },
            ]
        );
    }

    #[test]
    fn a_declared_rename_keeps_the_field_and_the_entity() {
        let old = genome(vec![plant(vec![field("name", FieldType::String, false)])]);
        let mut renamed = field("species", FieldType::String, true);
        renamed.renamed_from = Some("name".into());
        let mut seedling = entity("Seedling", vec![renamed]);
        seedling.renamed_from = Some("Plant".into());
        let new = genome(vec![seedling]);
        let owner = Owner::Entity("Seedling".into());
        assert_eq!(
            diff(&old, &new).changes,
            vec![
                Change::RenameEntity {
                    from: "Plant".into(),
                    to: "Seedling".into()
                },
                Change::RenameField {
                    owner: owner.clone(),
                    from: "name".into(),
                    to: "species".into()
                },
                Change::AlterField {
                    owner,
                    field: "species".into(),
                    alterations: vec![Alteration::Required {
                        from: false,
                        to: true
                    }],
                },
            ]
        );
    }

    #[test]
    fn a_link_to_a_renamed_entity_follows_it() {
        let link = |entity: &str| {
            let mut f = field("plant", FieldType::Reference, true);
            f.reference = Some(crate::genome::Reference {
                entity: entity.into(),
                column: "plant_id".into(),
                on_delete: crate::genome::OnDelete::Restrict,
            });
            f
        };
        let old = genome(vec![
            plant(vec![field("species", FieldType::String, true)]),
            entity("Pot", vec![link("Plant")]),
        ]);
        let mut seedling = entity("Seedling", vec![field("species", FieldType::String, true)]);
        seedling.renamed_from = Some("Plant".into());
        let new = genome(vec![seedling, entity("Pot", vec![link("Seedling")])]);
        assert_eq!(
            diff(&old, &new).changes,
            vec![Change::RenameEntity {
                from: "Plant".into(),
                to: "Seedling".into()
            }]
        );
        // Without the remark, the link points at another entity.
        let mut unrelated = new.clone();
        unrelated.entities[0].renamed_from = None;
        assert!(diff(&old, &unrelated).changes.iter().any(|c| matches!(
            c,
            Change::AlterField { alterations, .. }
                if alterations.contains(&Alteration::Link { from: "Plant".into(), to: "Seedling".into() })
        )));
    }

    #[test]
    fn each_alteration_is_found_and_narrowing_ones_say_so() {
        let mut old = field("stage", FieldType::Enum, false);
        old.enum_values = vec!["seed".into(), "sprout".into()];
        old.max = Some(40.into());
        let mut new = old.clone();
        new.enum_values = vec!["sprout".into(), "bloom".into()];
        new.max = Some(20.into());
        new.unique = true;
        new.default = Some(serde_json::json!("sprout"));
        let found = alterations(&old, &new);
        assert_eq!(
            found,
            vec![
                Alteration::Unique {
                    from: false,
                    to: true
                },
                Alteration::Default,
                Alteration::Max,
                Alteration::EnumValues {
                    added: vec!["bloom".into()],
                    removed: vec!["seed".into()]
                },
            ]
        );
        let narrowing: Vec<bool> = found.iter().map(Alteration::narrows).collect();
        assert_eq!(narrowing, vec![true, false, true, true]);
        let widening = Alteration::EnumValues {
            added: vec!["bloom".into()],
            removed: Vec::new(),
        };
        assert!(!widening.narrows());
        assert!(
            !Alteration::Required {
                from: true,
                to: false
            }
            .narrows()
        );
    }

    #[test]
    fn unique_groups_and_profile_fields_are_compared() {
        let mut old = genome(vec![plant(vec![
            field("species", FieldType::String, true),
            field("bed", FieldType::String, true),
        ])]);
        let mut new = old.clone();
        new.entities[0].unique_together = vec![UniqueTogether {
            fields: vec!["species".into(), "bed".into()],
            origin: Default::default(),
        }];
        new.user_fields = vec![field("nickname", FieldType::String, false)];
        assert_eq!(
            diff(&old, &new).changes,
            vec![
                Change::AddUniqueGroup {
                    entity: "Plant".into(),
                    fields: vec!["species".into(), "bed".into()]
                },
                Change::AddField {
                    owner: Owner::Profile,
                    field: "nickname".into()
                },
            ]
        );
        std::mem::swap(&mut old, &mut new);
        assert!(
            diff(&old, &new)
                .changes
                .iter()
                .any(|c| matches!(c, Change::DropUniqueGroup { .. }))
        );
    }
}
