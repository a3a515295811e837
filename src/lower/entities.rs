//! One entity at a time: its fields, the columns of its links, its unique
//! groups, and the profile fields of the built-in account.

use std::collections::HashMap;

use crate::cores;
use crate::diagnostics::{Code, Diagnostic};
use crate::genome::{Entity, Field, FieldType, UniqueTogether};
use crate::manifest::ManifestEntity;
use crate::naming;
use crate::span::Span;
use crate::syntax;

use super::fields::{check_field_name, lower_field};
use super::{DeclaredNames, did_you_mean};

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
    for field in &entity.fields {
        let resolved = lower_field(field, declared_names, diagnostics);
        if let Some(flags) = resolved.as_ref().filter(|_| with_manifest) {
            declared.push(flags.manifest_field(&field.name.text));
        }
        if let Some(first) = seen.get(field.name.text.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateField,
                    field.name.span,
                    format!(
                        "`{}` declares the field `{}` twice",
                        name.text, field.name.text
                    ),
                )
                .with_label("declared again here")
                .with_secondary(*first, "first declared here")
                .with_help("remove one of the declarations, or rename one of the fields"),
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
    check_columns(&mut fields, diagnostics);
    let unique_together = unique_groups(entity, &fields, diagnostics);
    if entity.fields.is_empty() && entity.unreadable_fields == 0 {
        diagnostics.push(
            Diagnostic::new(
                Code::EntityWithoutFields,
                name.span,
                format!("the entity `{}` declares no fields", name.text),
            )
            .with_label("no fields follow this entity")
            .with_help(format!(
                "add fields, either on the same line, `{0}: title (string, required)`, or as indented list items under it, `  - title: string (required)`",
                name.text
            )),
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
                Diagnostic::new(
                    Code::InvalidProfileField,
                    type_span(&field),
                    format!(
                        "the profile field `{}` links to `{}`",
                        field.name, reference.entity
                    ),
                )
                .with_label("a profile field cannot link to an entity")
                .with_note("every row of an entity already belongs to a user; a link from the account to one of them is not supported")
                .with_help(format!(
                    "put the link on `{}` instead, or store a name in a `string` field",
                    reference.entity
                )),
            );
            continue;
        }
        if field.required && field.default.is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidProfileField,
                    field.name_span,
                    format!("the profile field `{}` is required but has no default", field.name),
                )
                .with_label("registration could not fill this in")
                .with_note("registration only takes an e-mail address and a password; profile fields are set later with `PATCH /api/auth/me`")
                .with_help(format!(
                    "give it a default, such as `{} ({}, required, default=...)`, or make it optional",
                    field.name,
                    field.field_type.canonical_name()
                )),
            );
            continue;
        }
        if field.unique {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidProfileField,
                    field.name_span,
                    format!("the profile field `{}` cannot be unique", field.name),
                )
                .with_label("unique across every account")
                .with_note("the users table is shared by all accounts: a conflict would tell one user what another has chosen")
                .with_help("remove `unique`; `indexed` is allowed"),
            );
            continue;
        }
        kept.push(field);
    }
    for group in &lowered.unique_together {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidProfileField,
                group.origin,
                "a unique group cannot be declared on `User`",
            )
            .with_label("unique across every account")
            .with_note("the users table is shared by all accounts: a conflict would tell one user what another has chosen")
            .with_help("remove the unique group"),
        );
    }
    kept
}

/// A link's column (`project_id`) must not be another field's name.
fn check_columns(fields: &mut Vec<Field>, diagnostics: &mut Vec<Diagnostic>) {
    let mut clashes = Vec::new();
    for field in fields.iter() {
        if let Some(reference) = &field.reference {
            if let Some(other) = fields.iter().find(|f| f.name == reference.column) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        field.name_span,
                        format!(
                            "the link `{}` is stored in `{}`, which is also a field",
                            field.name, reference.column
                        ),
                    )
                    .with_label(format!("becomes the column `{}`", reference.column))
                    .with_secondary(other.origin, "the other field")
                    .with_help("rename one of the two fields"),
                );
                clashes.push(field.name.clone());
            }
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
                        Diagnostic::new(
                            Code::InvalidUniqueGroup,
                            name.span,
                            format!("`{}` is listed twice in this unique group", name.text),
                        )
                        .with_label("listed again here")
                        .with_help("list each field once"),
                    );
                }
                Some(field) => names.push(field.name.clone()),
                None => {
                    ok = false;
                    let declared = entity.fields.iter().any(|f| f.name.text == name.text);
                    let mut diagnostic = Diagnostic::new(
                        Code::InvalidUniqueGroup,
                        if name.text.is_empty() {
                            group.span
                        } else {
                            name.span
                        },
                        format!("`{}` is not a field of `{}`", name.text, entity.name.text),
                    );
                    if declared {
                        // The field itself has a reported problem.
                        continue;
                    }
                    diagnostic = did_you_mean(
                        diagnostic,
                        name.span,
                        &name.text,
                        fields.iter().map(|f| f.name.as_str()),
                        "no such field",
                    );
                    let listed = fields
                        .iter()
                        .map(|f| format!("`{}`", f.name))
                        .collect::<Vec<_>>()
                        .join(", ");
                    diagnostics.push(diagnostic.with_help(format!(
                        "a unique group names fields of the entity above it: {listed}"
                    )));
                }
            }
        }
        if ok && names.len() < 2 {
            ok = false;
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUniqueGroup,
                    group.span,
                    "a unique group needs at least two fields",
                )
                .with_label("only one field here")
                .with_help("for one field, add `unique` to its modifiers instead"),
            );
        }
        if ok
            && names.iter().any(|n| {
                fields
                    .iter()
                    .any(|f| &f.name == n && f.field_type == FieldType::Json)
            })
        {
            ok = false;
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUniqueGroup,
                    group.span,
                    "a `json` field cannot be part of a unique group",
                )
                .with_label("JSON values cannot be compared")
                .with_help("leave the json field out of the group"),
            );
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
