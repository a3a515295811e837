//! Lowering: the syntax tree becomes the genome and the manifest, and the
//! language's checks run (a target's own run on the genome afterwards).
//! Every problem found is a diagnostic; lowering goes on after each, so one
//! run reports them all.

mod app_name;
mod entities;
mod fields;
mod inferred_types;
mod key_references;
mod links;
mod names;
mod rename_remarks;
mod renames;
mod section;
mod stories;
mod values;

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::genome::{Entity, GENOME_VERSION, Genome, UserStory};
use crate::manifest::{Manifest, ManifestIntegration, ManifestStory};
use crate::naming;
use crate::span::Span;
use crate::syntax::{self, Prd};
use crate::vocabulary;

use entities::{is_user, lower_entities, profile_fields};
use links::check_reference_cycles;
use names::{NameRegistry, check_and_register};
use section::check_entity_section;
pub use stories::EntityWords;
use stories::{archimate, lower_integrations, lower_story};

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
    let typed = inferred_types::infer_field_types(prd, &mut diagnostics);
    let prd = typed.as_ref().unwrap_or(prd);
    let owned = key_references::owner_key_references(prd, &mut diagnostics);
    let prd = owned.as_ref().unwrap_or(prd);
    let renamed = renames::read_entity_names(prd, &mut diagnostics);
    let prd = renamed.as_ref().unwrap_or(prd);
    let solution_name = app_name::app_name(prd, &mut diagnostics);
    check_entity_section(prd, &mut diagnostics);
    rename_remarks::check_rename_remarks(prd, &mut diagnostics);

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
    let mut names = NameRegistry::for_names(
        prd.entity_sections
            .iter()
            .flat_map(|section| &section.entities)
            .map(|entity| entity.name.text.as_str()),
    );
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
        description: prd.summary.as_ref().map(|summary| summary.text.clone()),
        origin: prd
            .title
            .as_ref()
            .map_or(Span::default(), |title| title.span),
        entities,
        read_only_user_fields: user_fields
            .iter()
            .filter(|field| vocabulary::is_privilege_field(&field.name))
            .map(|field| field.name.clone())
            .collect(),
        user_fields,
        user_stories,
        integrations,
        archimate_elements,
    };
    (genome, manifest, diagnostics)
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

#[cfg(test)]
mod tests {
    use crate::diagnostics::Code;

    fn description_of(prd: &str) -> Option<String> {
        let (tree, _) = crate::syntax::parse(prd);
        super::lower_genome(&tree).0.description
    }

    /// The first paragraph of prose before the data model describes the
    /// product, past headings, and its lines are joined; a story, a name
    /// line or a paragraph inside the data model is not it.
    #[test]
    fn the_first_paragraph_is_the_description() {
        let prd = "# Harbour Log\n\n## Overview\n\nA marina keeps track of\n  its boats.\n\nNot this one.\n\n## Entities\n\n- Boat: name (string)\n";
        assert_eq!(
            description_of(prd).as_deref(),
            Some("A marina keeps track of its boats.")
        );
        let prd = "# Harbour Log\n\nProduct name: Moorings\n\n- As a skipper, I want to book a berth.\n\n## Entities\n\nBoats are kept here.\n\n- Boat: name (string)\n";
        assert_eq!(description_of(prd), None);
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
