//! Lowering: the syntax tree becomes the genome and the manifest, and the
//! semantic checks run. Every problem found is a diagnostic; lowering goes
//! on after each, so one run reports them all.

mod values;

use std::collections::{HashMap, HashSet};

use crate::cores;
use crate::diagnostics::{Code, Diagnostic};
use crate::genome::{
    ArchimateElement, ArchimateKind, Entity, Field, FieldType, GENOME_VERSION, Genome, Integration,
    IntegrationCategory, OnDelete, Reference, UniqueTogether, UserStory,
};
use crate::manifest::{
    Manifest, ManifestEntity, ManifestField, ManifestIntegration, ManifestStory,
};
use crate::naming;
use crate::span::Span;
use crate::spelling;
use crate::syntax::{self, Prd};
use crate::vocabulary::{self, ModifierMeaning};

/// The title used when the PRD has none.
pub const DEFAULT_SOLUTION_NAME: &str = "Generated App";

/// What lowering produces: both views of the PRD. They are complete only
/// when no diagnostic is an error.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub genome: Genome,
    pub manifest: Manifest,
}

/// Checks the tree and builds the genome and the manifest.
pub fn lower(prd: &Prd) -> (Lowered, Vec<Diagnostic>) {
    let (genome, manifest, diagnostics) = lower_with(prd, true);
    let manifest = manifest.expect("the manifest was asked for");
    (Lowered { genome, manifest }, diagnostics)
}

/// Checks the tree and builds only the genome: all that generating an app
/// needs. The diagnostics are the same as [`lower`]'s.
pub fn lower_genome(prd: &Prd) -> (Genome, Vec<Diagnostic>) {
    let (genome, _, diagnostics) = lower_with(prd, false);
    (genome, diagnostics)
}

/// Lowers the tree; the manifest, which lists every declared field again,
/// is built only `with_manifest` (a large PRD's manifest is a sizeable
/// share of the memory lowering uses).
fn lower_with(prd: &Prd, with_manifest: bool) -> (Genome, Option<Manifest>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let solution_name = prd
        .title
        .as_ref()
        .map_or(DEFAULT_SOLUTION_NAME.to_string(), |title| {
            title.text.text.clone()
        });
    check_entity_section(prd, &mut diagnostics);

    // Every entity as written, valid or not, so that a field's type can be
    // compared with names declared further down, and a story that names an
    // entity with a bad name is not also said to name none.
    let declared_names = DeclaredNames::new(
        prd.entity_sections
            .iter()
            .flat_map(|section| &section.entities)
            .map(|entity| entity.name.text.as_str())
            .collect(),
    );
    let mut entities = Vec::new();
    let mut user_fields = Vec::new();
    let mut manifest_entities = Vec::new();
    // Names first, in declaration order, which decides the duplicate; each
    // entity with whether its name was taken.
    let mut names = NameRegistry::default();
    let declared: Vec<(&syntax::Entity, bool)> = prd
        .entity_sections
        .iter()
        .flat_map(|section| &section.entities)
        .map(|entity| {
            let valid = check_and_register(&entity.name, &mut names, &mut diagnostics);
            (entity, valid)
        })
        .collect();
    let lowered = lower_entities(&declared, &declared_names, with_manifest, &mut diagnostics);
    for (&(entity, _), (lowered, manifest_entity)) in declared.iter().zip(lowered) {
        manifest_entities.extend(manifest_entity);
        match lowered {
            // `User` adds profile fields to the built-in account.
            Some(lowered) if is_user(&lowered.name) => {
                user_fields = profile_fields(entity, lowered, &mut diagnostics);
            }
            lowered => entities.extend(lowered),
        }
    }

    // Links to an entity whose own declaration failed are dropped quietly:
    // that entity is already reported.
    let valid_names: HashSet<String> = entities.iter().map(|e: &Entity| e.name.clone()).collect();
    for entity in &mut entities {
        entity.fields.retain(|f| {
            f.reference
                .as_ref()
                .is_none_or(|r| valid_names.contains(&r.entity))
        });
    }
    check_reference_cycles(prd, &mut entities, &mut diagnostics);
    // `User` is the account, not an entity a story is about.
    let story_names: Vec<&str> = declared_names
        .in_order
        .iter()
        .copied()
        .filter(|name| !is_user(name))
        .collect();
    let vocabulary = EntityWords::new(&story_names);
    let user_stories: Vec<UserStory> = prd
        .user_stories
        .iter()
        .map(|story| lower_story(story, &vocabulary, &mut diagnostics))
        .collect();
    let integrations = lower_integrations(prd);
    let bundle_id = naming::slug(&solution_name);
    let archimate_elements =
        archimate(&solution_name, prd, &entities, &user_stories, &integrations);

    let manifest = with_manifest.then(|| Manifest {
        solution_name: solution_name.clone(),
        entities: manifest_entities,
        user_stories: user_stories
            .iter()
            .map(|story| ManifestStory {
                as_a: story.role.clone(),
                i_want: story.goal.clone(),
                so_that: story.benefit.clone().unwrap_or_default(),
            })
            .collect(),
        integrations: integrations
            .iter()
            .map(|integration| ManifestIntegration {
                name: integration.name.clone(),
                category: integration.category.as_str().to_string(),
            })
            .collect(),
    });
    let genome = Genome {
        genome_version: GENOME_VERSION,
        solution_name,
        bundle_id,
        origin: prd
            .title
            .as_ref()
            .map_or(Span::default(), |title| title.span),
        entities,
        user_fields,
        user_stories,
        integrations,
        archimate_elements,
    };
    (genome, manifest, diagnostics)
}

/// Labels `diagnostic` with the candidate closest to `word`, as a
/// machine-applicable replacement of `span`, or with `otherwise` when none
/// is close enough.
pub(crate) fn did_you_mean<'a>(
    diagnostic: Diagnostic,
    span: Span,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> Diagnostic {
    match spelling::closest(word, candidates) {
        Some(near) => diagnostic
            .with_label(format!("did you mean `{near}`?"))
            .with_suggestion(span, near),
        None => diagnostic.with_label(otherwise),
    }
}

fn check_entity_section(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) {
    let accepted = vocabulary::ENTITY_SECTION_HEADINGS
        .iter()
        .map(|heading| format!("`## {}`", title_case(heading)))
        .collect::<Vec<_>>()
        .join(", ");
    if prd.entity_sections.is_empty() {
        let diagnostic = match prd.headings.iter().find_map(|heading| {
            vocabulary::near_section_heading(&heading.text.text).map(|spelling| (heading, spelling))
        }) {
            Some((heading, spelling)) => misspelt_section(&heading.text, spelling, &accepted),
            None => Diagnostic::whole_document(
                Code::MissingEntitySection,
                "the PRD has no entity section",
            )
            .with_help(format!(
                "add a section listing the entities, for example:\n\n## Entities\n- Project: name (string, required), description (text)\n\nThe heading may be one of {accepted}"
            )),
        };
        diagnostics.push(diagnostic);
        return;
    }
    // Headings read as the entity section only because they resemble it
    // (see the parser); each is reported once, and an empty one is not
    // also reported as empty.
    let mut near_miss = false;
    for section in &prd.entity_sections {
        if let Some(spelling) = section.near_miss {
            near_miss = true;
            diagnostics.push(
                misspelt_section(&section.heading, spelling, &accepted).with_note(
                    "the lines under this heading were checked as if it were the entity section",
                ),
            );
        }
    }
    if !near_miss
        && prd
            .entity_sections
            .iter()
            .all(|section| section.entities.is_empty())
    {
        let section = &prd.entity_sections[0];
        diagnostics.push(
            Diagnostic::new(
                Code::EmptyEntitySection,
                section.heading.span,
                "the entity section declares no entities",
            )
            .with_label("no entity is declared under this heading")
            .with_help(
                "declare each entity as a list item under the heading, e.g. `- Project: name (string, required), description (text)`",
            ),
        );
    }
}

fn misspelt_section(heading: &syntax::Text, spelling: &str, accepted: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingEntitySection,
        heading.span,
        format!(
            "the PRD has no entity section, but `{}` looks like one",
            heading.text
        ),
    )
    .with_label(format!("did you mean `{}`?", title_case(spelling)))
    .with_help(format!("the entity section's heading is one of {accepted}"))
    .with_suggestion(heading.span, title_case(spelling))
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every entity name as written, valid or not: in declaration order, and
/// as a set for looking a field's type up.
struct DeclaredNames<'a> {
    in_order: Vec<&'a str>,
    set: HashSet<&'a str>,
}

impl<'a> DeclaredNames<'a> {
    fn new(in_order: Vec<&'a str>) -> Self {
        let set = in_order.iter().copied().collect();
        DeclaredNames { in_order, set }
    }
}

/// The names taken so far, to report duplicates and collisions.
#[derive(Default)]
struct NameRegistry {
    /// Keyed by exact name, snake_case name, lower-cased name and plural.
    exact: HashMap<String, Span>,
    folded: HashMap<String, (String, Span)>,
}

/// Checks an entity's name and takes it: false when it is malformed, taken
/// already, or collides with one taken.
fn check_and_register(
    name: &syntax::Text,
    names: &mut NameRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if !check_entity_name(name, diagnostics) {
        return false;
    }
    let snake_name = naming::snake_case(&name.text);
    let plural_name = naming::plural(&snake_name);
    register_entity(name, &snake_name, &plural_name, names, diagnostics)
}

/// Lowers every entity (with whether its name was taken), in order. Each
/// entity's fields are checked on their own, so a large PRD is split
/// between the cores; the diagnostics are put in source order afterwards.
fn lower_entities(
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
            declared.push(ManifestField {
                name: field.name.text.clone(),
                field_type: flags.field_type.canonical_name().to_string(),
                required: flags.required,
                unique: flags.unique,
                indexed: flags.indexed || flags.target.is_some(),
                references: flags.target.clone(),
                values: flags.enum_values.clone(),
                default: flags.default.clone(),
                min: flags.min.clone(),
                max: flags.max.clone(),
                pattern: flags.pattern.clone(),
            });
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
fn is_user(name: &str) -> bool {
    naming::snake_case(name) == "user"
}

/// The fields of `User`, checked as profile fields of the built-in account:
/// registration only takes an e-mail address and a password, and the users
/// table is shared by every account.
fn profile_fields(
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

/// Links between different entities must not form a cycle (no row of
/// the cycle could be created first), and a link to the entity's own rows
/// must be optional.
fn check_reference_cycles(prd: &Prd, entities: &mut [Entity], diagnostics: &mut Vec<Diagnostic>) {
    let type_spans: HashMap<Span, Span> = prd
        .entity_sections
        .iter()
        .flat_map(|s| &s.entities)
        .flat_map(|e| &e.fields)
        .map(|f| (f.span, f.type_name.span))
        .collect();
    let type_span = |origin: Span| type_spans.get(&origin).copied().unwrap_or(origin);
    // A link from one entity to another closes a cycle exactly when both
    // lie in the same strongly connected component of the link graph.
    let component = link_components(entities);
    let mut bad: HashSet<(usize, &str)> = HashSet::new();
    for (at, entity) in entities.iter().enumerate() {
        for field in &entity.fields {
            let Some(reference) = &field.reference else {
                continue;
            };
            if reference.entity == entity.name {
                if field.required {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ReferenceCycle,
                            type_span(field.origin),
                            format!("`{}` links every {} to another one, and is required", field.name, entity.label),
                        )
                        .with_label("a required link to the entity itself")
                        .with_note("the first row could never be created: there is nothing yet to link it to")
                        .with_help(format!(
                            "make the link optional: `{} ({}, optional)`",
                            field.name, entity.name
                        )),
                    );
                    bad.insert((at, &field.name));
                }
                continue;
            }
            if component.get(reference.entity.as_str()) == component.get(entity.name.as_str()) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ReferenceCycle,
                        type_span(field.origin),
                        format!(
                            "the link `{}` from `{}` to `{}` closes a cycle of links",
                            field.name, entity.name, reference.entity
                        ),
                    )
                    .with_label(format!("`{}` links back to `{}`", reference.entity, entity.name))
                    .with_help("links between entities must not go round in a circle; remove one of the links in the cycle"),
                );
                bad.insert((at, &field.name));
            }
        }
    }
    if !bad.is_empty() {
        let bad: HashSet<(usize, String)> = bad
            .into_iter()
            .map(|(at, name)| (at, name.to_string()))
            .collect();
        for (at, entity) in entities.iter_mut().enumerate() {
            entity
                .fields
                .retain(|f| !bad.contains(&(at, f.name.clone())));
        }
    }
}

/// The strongly connected component of every entity in the graph of links
/// between different entities, by name (Tarjan's algorithm, iterative, so
/// a long chain of links cannot overflow the stack): linear in entities
/// and links.
fn link_components(entities: &[Entity]) -> HashMap<&str, usize> {
    let mut index_of: HashMap<&str, usize> = HashMap::with_capacity(entities.len());
    for (at, entity) in entities.iter().enumerate() {
        index_of.entry(entity.name.as_str()).or_insert(at);
    }
    let links: Vec<Vec<usize>> = entities
        .iter()
        .map(|entity| {
            entity
                .fields
                .iter()
                .filter_map(|f| f.reference.as_ref())
                .filter(|r| r.entity != entity.name)
                .filter_map(|r| index_of.get(r.entity.as_str()).copied())
                .collect()
        })
        .collect();

    const UNVISITED: usize = usize::MAX;
    let count = entities.len();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    // Each frame: a node and how many of its links have been followed.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        frames.push((root, 0));
        while let Some(&mut (node, ref mut followed)) = frames.last_mut() {
            if *followed == 0 && order[node] == UNVISITED {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = links[node].get(*followed) {
                *followed += 1;
                if order[next] == UNVISITED {
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    index_of
        .into_iter()
        .map(|(name, at)| (name, component[at]))
        .collect()
}

fn check_entity_name(name: &syntax::Text, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let text = name.text.as_str();
    let well_formed = text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let length = text.chars().count();
    if !well_formed || !(2..=41).contains(&length) {
        let pascal = naming::pascal_case(text);
        let mut diagnostic = Diagnostic::new(
            Code::InvalidEntityName,
            name.span,
            format!("`{text}` is not a valid entity name"),
        )
        .with_label(if length > 41 {
            "longer than 41 characters"
        } else if length < 2 {
            "shorter than 2 characters"
        } else {
            "not a capitalised identifier"
        });
        let fits = (2..=41).contains(&pascal.chars().count());
        diagnostic = if well_formed || !fits {
            diagnostic.with_help("an entity name has 2 to 41 letters and digits and starts with a capital, such as `OrderItem`")
        } else {
            diagnostic
                .with_help(format!("write it as one capitalised word: `{pascal}`"))
                .with_suggestion(name.span, pascal)
        };
        diagnostics.push(diagnostic);
        return false;
    }
    true
}

fn register_entity(
    name: &syntax::Text,
    snake_name: &str,
    plural_name: &str,
    names: &mut NameRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(first) = names.exact.get(&name.text) {
        diagnostics.push(
            Diagnostic::new(
                Code::DuplicateEntity,
                name.span,
                format!("the entity `{}` is declared twice", name.text),
            )
            .with_label("declared again here")
            .with_secondary(*first, "first declared here")
            .with_help("merge the two declarations into one, or rename one of the entities"),
        );
        return false;
    }
    let keys = [
        snake_name.to_string(),
        name.text.to_lowercase(),
        format!("plural:{plural_name}"),
    ];
    for key in &keys {
        if let Some((other, first)) = names.folded.get(key) {
            diagnostics.push(
                Diagnostic::new(
                    Code::NameCollision,
                    name.span,
                    format!("the entities `{}` and `{other}` would get the same name in the generated code", name.text),
                )
                .with_label(format!("becomes `{snake_name}`, like `{other}`"))
                .with_secondary(*first, format!("`{other}` declared here"))
                .with_note("module, table and URL names are lower snake_case, so names that differ only in case or underscores collide")
                .with_help("rename one of the entities, or merge them if they are the same thing"),
            );
            return false;
        }
    }
    names.exact.insert(name.text.clone(), name.span);
    for key in keys {
        names.folded.insert(key, (name.text.clone(), name.span));
    }
    true
}

/// A field's resolved type and flags, before its name is checked.
struct Resolved {
    field_type: FieldType,
    required: bool,
    unique: bool,
    indexed: bool,
    /// The referenced entity, for a reference.
    target: Option<String>,
    enum_values: Vec<String>,
    default: Option<serde_json::Value>,
    min: Option<serde_json::Number>,
    max: Option<serde_json::Number>,
    pattern: Option<String>,
    pattern_example: Option<String>,
    pattern_examples: Vec<String>,
}

fn lower_field(
    field: &syntax::Field,
    declared_names: &DeclaredNames,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let type_name = &field.type_name;
    let mut target = None;
    let mut field_type =
        vocabulary::field_type(&type_name.text).and_then(FieldType::from_canonical_name);
    if type_name.text.eq_ignore_ascii_case("enum") {
        field_type = Some(FieldType::Enum);
    } else if field_type.is_none() && type_name.text.starts_with(|c: char| c.is_ascii_uppercase()) {
        if is_user(&type_name.text) {
            diagnostics.push(unknown_entity(field, &declared_names.in_order));
            return None;
        }
        if let Some(name) = declared_names.set.get(type_name.text.as_str()) {
            field_type = Some(FieldType::Reference);
            target = Some((*name).to_string());
        } else if spelling::closest(
            &type_name.text,
            vocabulary::TYPE_WORDS.iter().map(|(w, _)| *w),
        )
        .is_none()
        {
            diagnostics.push(unknown_entity(field, &declared_names.in_order));
            return None;
        }
    }
    if field_type.is_none() {
        let words = vocabulary::TYPE_WORDS.iter().map(|(word, _)| *word);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownType,
            type_name.span,
            format!(
                "unknown type `{}` for the field `{}`",
                type_name.text, field.name.text
            ),
        );
        diagnostic = did_you_mean(
            diagnostic,
            type_name.span,
            &type_name.text,
            words,
            "not a known type",
        );
        let listed = "string, text, integer, float, decimal, boolean, date, datetime, uuid, json, email, url, enum, or an entity's name";
        diagnostic = diagnostic.with_help(format!("the types are: {listed}"));
        diagnostics.push(diagnostic);
    }
    let enum_values = match field_type {
        Some(FieldType::Enum) => values::enum_values(field, diagnostics),
        _ => Some(Vec::new()),
    };

    let mut required: Option<(bool, Span)> = None;
    let mut unique: Option<(bool, Span)> = None;
    let mut indexed: Option<(bool, Span)> = None;
    let mut ok = field_type.is_some() && enum_values.is_some();
    let mut keyed: Vec<(values::Key, &syntax::Modifier, &syntax::Text)> = Vec::new();
    for modifier in &field.modifiers {
        if let (Some(key), Some(value)) = (&modifier.key, &modifier.value) {
            if vocabulary::modifier(&modifier.text).is_none() {
                match values::key(&key.text) {
                    Some(meaning) => {
                        if !keyed.iter().any(|(k, ..)| *k == meaning) {
                            keyed.push((meaning, modifier, value));
                        }
                    }
                    None => {
                        ok = false;
                        let mut diagnostic = Diagnostic::new(
                            Code::UnknownModifier,
                            key.span,
                            format!(
                                "unknown modifier `{}` on the field `{}`",
                                key.text, field.name.text
                            ),
                        );
                        diagnostic = did_you_mean(
                            diagnostic,
                            key.span,
                            &key.text,
                            values::KEYS.iter().copied(),
                            "not a known modifier",
                        );
                        diagnostics.push(diagnostic.with_help(
                            "the modifiers with a value are `default=`, `min=`, `max=` and `pattern=`",
                        ));
                    }
                }
                continue;
            }
        }
        let Some(meaning) = vocabulary::modifier(&modifier.text) else {
            ok = false;
            let words = vocabulary::MODIFIER_WORDS.iter().map(|(word, _)| *word);
            let mut diagnostic = Diagnostic::new(
                Code::UnknownModifier,
                modifier.span,
                format!(
                    "unknown modifier `{}` on the field `{}`",
                    modifier.text, field.name.text
                ),
            );
            diagnostic = did_you_mean(
                diagnostic,
                modifier.span,
                &modifier.text,
                words,
                "not a known modifier",
            );
            diagnostics.push(diagnostic.with_help(
                "the modifiers are `required` (or `not null`), `optional`, `unique` and `indexed` (or `index`)",
            ));
            continue;
        };
        let (slot, value, what) = match meaning {
            ModifierMeaning::Required(value) => (&mut required, value, "required"),
            ModifierMeaning::Unique(value) => (&mut unique, value, "unique"),
            ModifierMeaning::Indexed(value) => (&mut indexed, value, "indexed"),
        };
        match slot {
            Some((earlier, first)) if *earlier != value => {
                ok = false;
                diagnostics.push(
                    Diagnostic::new(
                        Code::ConflictingModifiers,
                        modifier.span,
                        format!(
                            "the field `{}` is both {} and not {what}",
                            field.name.text, what,
                        ),
                    )
                    .with_label("contradicts the earlier modifier")
                    .with_secondary(*first, "first said here")
                    .with_help(format!(
                        "keep either `{}` or `{}`, whichever describes the field",
                        field
                            .modifiers
                            .iter()
                            .find(|m| m.span == *first)
                            .map_or("the first", |m| m.text.as_str()),
                        modifier.text
                    )),
                );
            }
            Some(_) => {}
            None => *slot = Some((value, modifier.span)),
        }
    }
    let field_type = field_type?;
    let enum_values = enum_values?;
    let mut resolved = Resolved {
        field_type,
        required: required.is_some_and(|(value, _)| value),
        unique: unique.is_some_and(|(value, _)| value),
        indexed: indexed.is_some_and(|(value, _)| value),
        target,
        enum_values,
        default: None,
        min: None,
        max: None,
        pattern: None,
        pattern_example: None,
        pattern_examples: Vec::new(),
    };
    let mut min_span = None;
    let mut max_span = None;
    for &(key, modifier, value) in &keyed {
        match key {
            values::Key::Min | values::Key::Max => {
                match values::bound(field, field_type, modifier, value, diagnostics) {
                    Some(n) if key == values::Key::Min => {
                        resolved.min = Some(n);
                        min_span = Some(value.span);
                    }
                    Some(n) => {
                        resolved.max = Some(n);
                        max_span = Some(value.span);
                    }
                    None => ok = false,
                }
            }
            values::Key::Pattern => {
                match values::pattern(field, field_type, modifier, value, diagnostics) {
                    Some(examples) => {
                        resolved.pattern = Some(value.text.clone());
                        resolved.pattern_example = examples.first().cloned();
                        resolved.pattern_examples = examples;
                    }
                    None => ok = false,
                }
            }
            values::Key::Default => {}
        }
    }
    if !values::check_range(
        field,
        resolved.min.as_ref().zip(min_span),
        resolved.max.as_ref().zip(max_span),
        diagnostics,
    ) {
        ok = false;
    }
    if let Some(&(_, modifier, value)) = keyed.iter().find(|(k, ..)| *k == values::Key::Default) {
        match values::default_value(
            field,
            field_type,
            &resolved.enum_values,
            value,
            modifier.span,
            resolved.min.as_ref(),
            resolved.max.as_ref(),
            diagnostics,
        ) {
            Some(v) => resolved.default = Some(v),
            None => ok = false,
        }
    }
    ok.then_some(resolved)
}

/// Checks the field's name; returns the genome field unless the name is
/// invalid, the field is one the app provides itself, or its type and
/// modifiers did not resolve.
fn check_field_name(
    field: &syntax::Field,
    resolved: Option<Resolved>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Field> {
    let name = &field.name;
    let text = name.text.as_str();
    let is_snake = text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !is_snake {
        let snake = naming::snake_case(text);
        let mut diagnostic = Diagnostic::new(
            Code::InvalidFieldName,
            name.span,
            format!("the field name `{text}` is not lower snake_case"),
        )
        .with_label("field names are lowercase words joined by underscores");
        let fixable = snake.starts_with(|c: char| c.is_ascii_lowercase())
            && snake
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if fixable {
            diagnostic = diagnostic
                .with_help(format!("write `{snake}`"))
                .with_suggestion(name.span, snake);
        } else {
            diagnostic = diagnostic.with_help(
                "start with a lowercase letter, then use lowercase letters, digits and underscores",
            );
        }
        diagnostics.push(diagnostic);
        return None;
    }
    if vocabulary::PROVIDED_FIELDS.contains(&text) {
        diagnostics.push(
            Diagnostic::new(
                Code::ManagedFieldIgnored,
                name.span,
                format!("`{text}` is provided automatically"),
            )
            .with_label("every entity already has this field; this declaration is ignored")
            .with_note("each entity gets `id`, `created_at` and `updated_at`, filled in by the generated app")
            .with_help("remove this field from the PRD"),
        );
        return None;
    }
    if text == vocabulary::OWNER_COLUMN {
        diagnostics.push(
            Diagnostic::new(
                Code::ManagedFieldConflict,
                name.span,
                format!("a field cannot be named `{text}`"),
            )
            .with_label(format!(
                "`{text}` is taken: it is the ownership column that ties each row to its user"
            ))
            .with_help("choose another name, such as `assignee_id` or `author_id`"),
        );
        return None;
    }
    let resolved = resolved?;
    let reference = resolved.target.map(|entity| Reference {
        entity,
        column: format!("{text}_id"),
        on_delete: if resolved.required {
            OnDelete::Restrict
        } else {
            OnDelete::SetNull
        },
    });
    if let Some(reference) = &reference {
        if reference.column == vocabulary::OWNER_COLUMN {
            diagnostics.push(
                Diagnostic::new(
                    Code::ManagedFieldConflict,
                    name.span,
                    format!(
                        "the link `{text}` would be stored in `{}`",
                        reference.column
                    ),
                )
                .with_label(format!("`{}` is the owner's column", reference.column))
                .with_help("name the link after its role, such as `assignee` or `author`"),
            );
            return None;
        }
    }
    Some(Field {
        name: text.to_string(),
        field_type: resolved.field_type,
        required: resolved.required,
        unique: resolved.unique,
        indexed: resolved.indexed || reference.is_some(),
        reference,
        enum_values: resolved.enum_values,
        default: resolved.default,
        min: resolved.min,
        max: resolved.max,
        pattern: resolved.pattern,
        pattern_example: resolved.pattern_example,
        pattern_examples: resolved.pattern_examples,
        origin: field.span,
        name_span: name.span,
    })
}

/// A capitalised type that is not an entity declared in the PRD, or the
/// built-in account.
fn unknown_entity(field: &syntax::Field, declared_names: &[&str]) -> Diagnostic {
    let type_name = &field.type_name;
    if naming::snake_case(&type_name.text) == "user" {
        return Diagnostic::new(
            Code::UnknownEntity,
            type_name.span,
            format!("the field `{}` links to `{}`, the signed-in account", field.name.text, type_name.text),
        )
        .with_label("accounts cannot be linked to")
        .with_note("every row already belongs to the signed-in user, and one user cannot see another")
        .with_help("drop the field: the owner is recorded automatically; to name another person, store their name or e-mail address in a `string` or `email` field");
    }
    let mut diagnostic = Diagnostic::new(
        Code::UnknownEntity,
        type_name.span,
        format!(
            "the field `{}` links to `{}`, which is not an entity of this PRD",
            field.name.text, type_name.text
        ),
    );
    // Only a difference of case is fixed mechanically: a misspelt name may
    // as well be an entity the author forgot to declare.
    let same_but_case = declared_names
        .iter()
        .find(|name| name.eq_ignore_ascii_case(&type_name.text))
        .copied();
    let near = same_but_case
        .or_else(|| spelling::closest(&type_name.text, declared_names.iter().copied()));
    diagnostic = match (near, same_but_case) {
        (Some(name), Some(_)) => diagnostic
            .with_label(format!("did you mean `{name}`?"))
            .with_suggestion(type_name.span, name),
        (Some(name), None) => diagnostic.with_label(format!("did you mean `{name}`?")),
        (None, _) => diagnostic.with_label("no entity has this name"),
    };
    let names = declared_names
        .iter()
        .take(8)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    diagnostic.with_help(if names.is_empty() {
        "a capitalised type links to an entity; declare the entity, or use one of the types"
            .to_string()
    } else {
        format!("a capitalised type links to an entity; the entities are {names}")
    })
}

/// The words by which a story can name each entity: its name, singular or
/// plural, as one word (`OrderItem`, `orderitems`) or as separate words
/// (`order item`, `Order-Items`, `order_items`), in any case.
struct EntityWords {
    /// The entity names, in declaration order, each once.
    names: Vec<String>,
    /// Every spelling, as lowercase words, and the entity it names; the
    /// first entity declared with a spelling keeps it.
    by_spelling: HashMap<Vec<String>, String>,
    /// The number of words in the longest spelling.
    longest_spelling: usize,
}

impl EntityWords {
    fn new(names: &[&str]) -> Self {
        let mut by_spelling: HashMap<Vec<String>, String> = HashMap::new();
        let mut longest_spelling = 0;
        let mut seen = HashSet::new();
        let mut unique_names = Vec::new();
        for name in names {
            if !seen.insert(*name) {
                continue;
            }
            unique_names.push(name.to_string());
            let snake = naming::snake_case(name);
            let plural = naming::plural(&snake);
            for spelling in [
                words(&naming::label(&snake)),
                words(&naming::label(&plural)),
                vec![snake.replace('_', "")],
                vec![plural.replace('_', "")],
            ] {
                if spelling.is_empty() {
                    continue;
                }
                longest_spelling = longest_spelling.max(spelling.len());
                by_spelling
                    .entry(spelling)
                    .or_insert_with(|| name.to_string());
            }
        }
        EntityWords {
            names: unique_names,
            by_spelling,
            longest_spelling,
        }
    }

    /// The entities `text` names, in order of first mention, each once.
    /// Words are read left to right taking the longest spelling that
    /// matches, so "order items" names `OrderItem` and not also `Order`.
    /// Each word costs at most one lookup per possible spelling length,
    /// whatever the number of entities.
    fn named_in(&self, text: &str) -> Vec<String> {
        let tokens = words(text);
        let mut found: Vec<String> = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            let longest = (1..=self.longest_spelling.min(tokens.len() - at))
                .rev()
                .find_map(|length| {
                    self.by_spelling
                        .get(&tokens[at..at + length])
                        .map(|name| (name, length))
                });
            match longest {
                Some((name, length)) => {
                    if !found.contains(name) {
                        found.push(name.clone());
                    }
                    at += length;
                }
                None => at += 1,
            }
        }
        found
    }
}

/// Lowercase words: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn lower_story(
    story: &syntax::UserStory,
    entity_words: &EntityWords,
    diagnostics: &mut Vec<Diagnostic>,
) -> UserStory {
    let first_word = story
        .goal
        .text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The role is left out: a "project manager" is a person, and naming
    // one does not make the story about projects.
    let text = match &story.benefit {
        Some(benefit) => format!("{} {}", story.goal.text, benefit.text),
        None => story.goal.text.clone(),
    };
    let entities = entity_words.named_in(&text);
    if entities.is_empty() && !entity_words.names.is_empty() {
        let mut names: Vec<String> = entity_words
            .names
            .iter()
            .take(8)
            .map(|name| format!("`{name}`"))
            .collect();
        if entity_words.names.len() > 8 {
            names.push("…".into());
        }
        diagnostics.push(
            Diagnostic::new(
                Code::StoryWithoutEntity,
                story.goal.span,
                "this user story names none of the entities",
            )
            .with_label("no entity is named here")
            .with_note("stories are linked to the entities they name, singular or plural, for the traceability table in the generated ARCHITECTURE.md")
            .with_help(format!(
                "name the entity this story is about; the entities are {}",
                names.join(", ")
            )),
        );
    }
    UserStory {
        role: story.role.text.clone(),
        goal: story.goal.text.clone(),
        benefit: story.benefit.as_ref().map(|benefit| benefit.text.clone()),
        is_workflow: vocabulary::WORKFLOW_VERBS.contains(&first_word.as_str()),
        entities,
        origin: story.span,
    }
}

/// One integration per vendor mentioned, in the vendor table's order, each
/// pointing at its first mention.
fn lower_integrations(prd: &Prd) -> Vec<Integration> {
    vocabulary::VENDORS
        .iter()
        .filter_map(|&(vendor, display_name, category)| {
            let mention = prd
                .integration_mentions
                .iter()
                .find(|mention| mention.vendor == vendor)?;
            Some(Integration {
                name: vendor.to_string(),
                display_name: display_name.to_string(),
                category: IntegrationCategory::from_name(category)
                    .expect("the vendor table names only known categories"),
                origin: mention.span,
            })
        })
        .collect()
}

fn archimate(
    solution_name: &str,
    prd: &Prd,
    entities: &[Entity],
    stories: &[UserStory],
    integrations: &[Integration],
) -> Vec<ArchimateElement> {
    let mut elements = vec![ArchimateElement {
        id: "application-component".to_string(),
        kind: ArchimateKind::ApplicationComponent,
        name: solution_name.to_string(),
        origin: prd
            .title
            .as_ref()
            .map_or(Span::default(), |title| title.span),
    }];
    elements.extend(entities.iter().map(|entity| ArchimateElement {
        id: format!("data-object-{}", entity.snake_name.replace('_', "-")),
        kind: ArchimateKind::DataObject,
        name: entity.name.clone(),
        origin: entity.origin,
    }));
    elements.extend(
        stories
            .iter()
            .enumerate()
            .filter(|(_, story)| story.is_workflow)
            .map(|(index, story)| ArchimateElement {
                id: format!("business-process-{}", index + 1),
                kind: ArchimateKind::BusinessProcess,
                name: story.goal.clone(),
                origin: story.origin,
            }),
    );
    elements.extend(integrations.iter().map(|integration| ArchimateElement {
        id: format!("application-service-{}", integration.name),
        kind: ArchimateKind::ApplicationService,
        name: integration.display_name.clone(),
        origin: integration.origin,
    }));
    elements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_name_entities_singular_or_plural_in_any_case() {
        let words = EntityWords::new(&["OrderItem", "Category", "Person", "Order"]);
        for (text, expected) in [
            ("add order items to a basket", vec!["OrderItem"]),
            ("edit an OrderItem", vec!["OrderItem"]),
            ("remove one order item", vec!["OrderItem"]),
            ("export Order-Items and order_items", vec!["OrderItem"]),
            ("list categories of people", vec!["Category", "Person"]),
            (
                "see people, then orders, then a category",
                vec!["Person", "Order", "Category"],
            ),
            ("cross the border", vec![]),
            ("reorder things", vec![]),
        ] {
            assert_eq!(words.named_in(text), expected, "{text}");
        }
    }

    #[test]
    fn only_links_inside_a_cycle_are_refused() {
        let prd = "# Loops\n\n## Entities\n\n\
            - Alpha: beta (Beta, optional), delta (Delta, optional)\n\
            - Beta: gamma (Gamma, optional)\n\
            - Gamma: alpha (Alpha, optional), gamma (Gamma, optional)\n\
            - Delta: epsilon (Epsilon, optional)\n\
            - Epsilon: name (string)\n";
        let analysis = crate::analyze(prd.as_bytes());
        let cycles: Vec<String> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ReferenceCycle)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            cycles,
            [
                "the link `beta` from `Alpha` to `Beta` closes a cycle of links",
                "the link `gamma` from `Beta` to `Gamma` closes a cycle of links",
                "the link `alpha` from `Gamma` to `Alpha` closes a cycle of links",
            ]
        );
    }

    /// A PRD large enough to be lowered on several cores gives its entities
    /// in declaration order and each mistake once, in source order.
    #[test]
    fn a_large_prd_is_lowered_in_order_with_every_mistake() {
        let entity = |i: usize| match i {
            100 => format!("- Thing{i}: name (string), name (text)\n"),
            550 => format!("- Thing{i}: size (intger)\n"),
            599 => "- Thing3: name (string)\n".to_string(),
            _ => format!(
                "- Thing{i}: name (string), next (Thing{}, optional)\n",
                i + 1
            ),
        };
        let header = "# Many\n\n## Entities\n\n";
        let broken: String = header.to_string() + &(0..600).map(entity).collect::<String>();
        let analysis = crate::analyze(broken.as_bytes());
        let found: Vec<(Code, usize)> = analysis
            .diagnostics
            .iter()
            .map(|d| (d.code, broken[..d.primary.span.start].lines().count()))
            .collect();
        assert_eq!(
            found,
            [
                (Code::DuplicateField, 105),
                (Code::UnknownType, 555),
                // Thing598 links to Thing599, which is not declared.
                (Code::UnknownEntity, 603),
                (Code::DuplicateEntity, 604),
            ]
        );

        let valid: String = header.to_string()
            + &(0..600)
                .map(|i| match i {
                    0 => "- Thing0: name (string)\n".to_string(),
                    _ => format!(
                        "- Thing{i}: name (string), previous (Thing{}, required)\n",
                        i - 1
                    ),
                })
                .collect::<String>();
        let genome = crate::analyze(valid.as_bytes()).genome.expect("valid");
        let names: Vec<String> = genome.entities.iter().map(|e| e.name.clone()).collect();
        let expected: Vec<String> = (0..600).map(|i| format!("Thing{i}")).collect();
        assert_eq!(names, expected);
    }
}
