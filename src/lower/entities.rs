//! One entity at a time: its fields, the columns of its links, its unique
//! groups, and the profile fields of the built-in account.

use std::collections::HashMap;

use crate::cores;
use crate::diagnostics::Diagnostic;
use crate::genome::{Entity, Field, FieldType, UniqueTogether};
use crate::manifest::ManifestEntity;
use crate::naming;
use crate::problems::{Inference, LowerProblem};
use crate::span::Span;
use crate::syntax;
use crate::vocabulary;

use super::DeclaredNames;
use super::fields::{check_field_name, lower_field};

/// Lowers every entity (with whether its name was taken), in order. Each
/// entity's fields are checked on their own, so a large PRD is split
/// between the cores; the diagnostics are put in source order afterwards.
pub(super) fn lower_entities(
    entities: &[(&syntax::Entity, bool)],
    declared_names: &DeclaredNames,
    with_manifest: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Option<Entity>, Option<ManifestEntity>)> {
    let mut lowered = Vec::with_capacity(entities.len());
    for (chunk, found) in cores::map_chunks(entities, 256, |chunk| {
        let mut found = Vec::new();
        let chunk: Vec<_> = chunk
            .iter()
            .map(|&(entity, valid)| {
                lower_entity(entity, valid, declared_names, with_manifest, &mut found)
            })
            .collect();
        (chunk, found)
    }) {
        lowered.extend(chunk);
        diagnostics.extend(found);
    }
    lowered
}

fn lower_entity(
    entity: &syntax::Entity,
    valid: bool,
    declared_names: &DeclaredNames,
    with_manifest: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Entity>, Option<ManifestEntity>) {
    let name = &entity.name;
    let snake_name = naming::snake_case(&name.text);
    let plural_name = naming::plural(&snake_name);

    let mut fields = Vec::new();
    let mut declared = Vec::new();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let first_of_entity = diagnostics.len();
    for field in &entity.fields {
        // `id (uuid, PK)`, `created_at (timestamp)`: a column every entity
        // has, reported once as such (W0001), however it is written.
        let resolved = if vocabulary::PROVIDED_FIELDS.contains(&field.name.text.as_str()) {
            lower_field(field, declared_names, &mut Vec::new())
        } else {
            lower_field(field, declared_names, diagnostics)
        };
        if let Some(flags) = resolved.as_ref().filter(|_| with_manifest) {
            declared.push(flags.manifest_field(&field.name.text));
        }
        if let Some(first) = seen.get(field.name.text.as_str()) {
            diagnostics.push(
                LowerProblem::DuplicateField {
                    span: field.name.span,
                    entity: &name.text,
                    field: &field.name.text,
                    first: *first,
                }
                .into(),
            );
            continue;
        }
        seen.insert(&field.name.text, field.name.span);
        // The name is checked even when the type or a modifier is wrong:
        // that is a separate mistake, not a consequence of the first.
        if let Some(field) = check_field_name(field, resolved, diagnostics) {
            fields.push(field);
        }
    }
    // The profile checks (E0028) run only on fields that were read, so a
    // fix to a field of the account (`requird`, a comma-separated
    // enumeration, `primary key` to `unique`) could bring out a profile
    // error the field hid: the account's fields are fixed by hand.
    if is_user(&name.text) {
        for diagnostic in &mut diagnostics[first_of_entity..] {
            diagnostic.suggestion = None;
        }
    }
    check_columns(&mut fields, diagnostics);
    let unique_together = unique_groups(entity, &fields, diagnostics);
    if entity.fields.is_empty() && entity.unreadable_fields == 0 {
        diagnostics.push(
            LowerProblem::EntityWithoutFields {
                span: name.span,
                entity: &name.text,
            }
            .into(),
        );
    }
    let manifest = with_manifest.then(|| ManifestEntity {
        name: name.text.clone(),
        fields: declared,
    });
    let lowered = valid.then(|| Entity {
        name: name.text.clone(),
        label: naming::label(&snake_name),
        plural_label: naming::label(&plural_name),
        snake_name,
        plural_name,
        fields,
        unique_together,
        renamed_from: entity.renamed_from.as_ref().map(|old| old.text.clone()),
        origin: entity.span,
        name_span: name.span,
    });
    (lowered, manifest)
}

/// Whether an entity name is the built-in account's.
pub(super) fn is_user(name: &str) -> bool {
    naming::snake_case(name) == "user"
}

/// The fields of `User`, checked as profile fields of the built-in account:
/// registration only takes an e-mail address and a password, and the users
/// table is shared by every account.
pub(super) fn profile_fields(
    entity: &syntax::Entity,
    lowered: Entity,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Field> {
    let type_span = |field: &Field| {
        entity
            .fields
            .iter()
            .find(|f| f.span == field.origin)
            .map_or(field.origin, |f| f.type_name.span)
    };
    let mut kept = Vec::new();
    for field in lowered.fields {
        if let Some(reference) = &field.reference {
            diagnostics.push(
                LowerProblem::ProfileFieldLink {
                    span: type_span(&field),
                    field: &field.name,
                    to: &reference.entity,
                }
                .into(),
            );
            continue;
        }
        if field.required && field.default.is_none() {
            diagnostics.push(
                LowerProblem::ProfileFieldRequired {
                    span: field.name_span,
                    field: &field.name,
                    type_name: field.field_type.canonical_name(),
                }
                .into(),
            );
            continue;
        }
        if field.unique {
            diagnostics.push(
                LowerProblem::ProfileFieldUnique {
                    span: field.name_span,
                    field: &field.name,
                }
                .into(),
            );
            continue;
        }
        if vocabulary::is_privilege_field(&field.name) {
            diagnostics.push(
                Inference::PrivilegeField {
                    span: field.name_span,
                    field: &field.name,
                }
                .into(),
            );
        }
        kept.push(field);
    }
    for group in &lowered.unique_together {
        diagnostics.push(LowerProblem::ProfileUniqueGroup { span: group.origin }.into());
    }
    kept
}

/// A link's column (`project_id`) must not be another field's name.
fn check_columns(fields: &mut Vec<Field>, diagnostics: &mut Vec<Diagnostic>) {
    let mut clashes = Vec::new();
    for field in fields.iter() {
        if let Some(reference) = &field.reference
            && let Some(other) = fields.iter().find(|f| f.name == reference.column)
        {
            diagnostics.push(
                LowerProblem::LinkColumnTaken {
                    span: field.name_span,
                    field: &field.name,
                    column: &reference.column,
                    other: other.origin,
                }
                .into(),
            );
            clashes.push(field.name.clone());
        }
    }
    fields.retain(|f| !clashes.contains(&f.name));
}

/// `unique: (a, b)` groups: each names two or more fields of the entity.
fn unique_groups(
    entity: &syntax::Entity,
    fields: &[Field],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<UniqueTogether> {
    let mut groups = Vec::new();
    for group in &entity.unique_groups {
        let mut names: Vec<String> = Vec::new();
        let mut ok = true;
        for name in &group.fields {
            let found = fields
                .iter()
                .find(|f| f.name == name.text || f.column() == name.text);
            match found {
                Some(field) if names.contains(&field.name) => {
                    ok = false;
                    diagnostics.push(
                        LowerProblem::UniqueGroupRepeats {
                            span: name.span,
                            name: &name.text,
                        }
                        .into(),
                    );
                }
                Some(field) => names.push(field.name.clone()),
                None => {
                    ok = false;
                    if entity.fields.iter().any(|f| f.name.text == name.text) {
                        // The field itself has a reported problem.
                        continue;
                    }
                    let field_names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                    diagnostics.push(
                        LowerProblem::UniqueGroupUnknownField {
                            span: if name.text.is_empty() {
                                group.span
                            } else {
                                name.span
                            },
                            name_span: name.span,
                            name: &name.text,
                            entity: &entity.name.text,
                            fields: &field_names,
                        }
                        .into(),
                    );
                }
            }
        }
        if ok && names.len() < 2 {
            ok = false;
            diagnostics.push(LowerProblem::UniqueGroupTooSmall { span: group.span }.into());
        }
        if ok
            && names.iter().any(|n| {
                fields
                    .iter()
                    .any(|f| &f.name == n && f.field_type == FieldType::Json)
            })
        {
            ok = false;
            diagnostics.push(LowerProblem::UniqueGroupJson { span: group.span }.into());
        }
        if ok {
            groups.push(UniqueTogether {
                fields: names,
                origin: group.span,
            });
        }
    }
    groups
}
