//! Checks and hand-built genomes shared by the test suites; each suite
//! uses some of them.

#![allow(dead_code)]

use microcodegen::analyze;
use microcodegen::span::Span;
use microcodegen::syntax;

/// Every span of the tree lies within the source and inside its parent,
/// every diagnostic span lies within the source, and diagnostics come in
/// source order.
pub fn assert_spans_nest(source: &str) {
    let (prd, _) = syntax::parse(source);
    let inside = |child: Span, parent: Span, what: &str| {
        assert!(
            parent.contains(child),
            "{what} {child:?} is outside its parent {parent:?}"
        );
        assert!(
            source.is_char_boundary(child.start) && source.is_char_boundary(child.end),
            "{what} {child:?} splits a character"
        );
    };
    let whole = Span::new(0, source.len());
    inside(prd.span, whole, "the document");
    if let Some(title) = &prd.title {
        inside(title.span, prd.span, "the title");
        inside(title.text.span, title.span, "the title text");
    }
    for heading in &prd.headings {
        inside(heading.span, prd.span, "a heading");
        inside(heading.text.span, heading.span, "a heading's text");
    }
    for section in &prd.entity_sections {
        inside(section.span, prd.span, "an entity section");
        inside(section.heading.span, section.span, "a section heading");
        for entity in &section.entities {
            inside(entity.span, section.span, "an entity");
            inside(entity.name.span, entity.span, "an entity name");
            for field in &entity.fields {
                inside(field.span, entity.span, "a field");
                inside(field.name.span, field.span, "a field name");
                inside(field.type_name.span, field.span, "a type name");
                for modifier in &field.modifiers {
                    inside(modifier.span, field.span, "a modifier");
                }
            }
        }
    }
    for story in &prd.user_stories {
        inside(story.span, prd.span, "a user story");
        inside(story.role.span, story.span, "a role");
        inside(story.goal.span, story.span, "a goal");
        if let Some(benefit) = &story.benefit {
            inside(benefit.span, story.span, "a benefit");
        }
    }
    for mention in &prd.integration_mentions {
        inside(mention.span, prd.span, "a vendor mention");
    }
    let analysis = analyze(source.as_bytes());
    let mut previous = 0;
    for diagnostic in &analysis.diagnostics {
        inside(diagnostic.primary.span, whole, "a diagnostic");
        for label in &diagnostic.secondary {
            inside(label.span, whole, "a secondary label");
        }
        if let Some(suggestion) = &diagnostic.suggestion {
            inside(suggestion.span, whole, "a suggestion");
        }
        assert!(
            diagnostic.primary.span.start >= previous,
            "diagnostics are out of source order"
        );
        previous = diagnostic.primary.span.start;
    }
}

use microcodegen::genome::{
    ArchimateElement, ArchimateKind, Entity, Field, FieldType, GENOME_VERSION, Genome, Integration,
    IntegrationCategory, UserStory,
};

fn span() -> Span {
    Span::new(0, 0)
}

fn field(name: &str, field_type: FieldType, required: bool, unique: bool, indexed: bool) -> Field {
    Field {
        unique,
        indexed,
        ..Field::plain(name, field_type, required, span())
    }
}

fn entity(
    name: &str,
    snake: &str,
    plural: &str,
    label: &str,
    plural_label: &str,
    fields: Vec<Field>,
) -> Entity {
    Entity {
        name: name.into(),
        snake_name: snake.into(),
        plural_name: plural.into(),
        label: label.into(),
        plural_label: plural_label.into(),
        fields,
        unique_together: Vec::new(),
        renamed_from: None,
        origin: span(),
        name_span: span(),
    }
}

/// PRD text that breaks naive escaping in every output language.
pub const HOSTILE: &str = "Q's \"Tracker\" `x` \\ {{ a }} {% b %} {# c #} $HOME ${x} 🚀 </script> : # - * & ! | % @ [y] ~";

/// A genome with every field type, required and optional, unique and
/// indexed, a multi-word entity and hostile free text.
pub fn full_genome() -> Genome {
    use FieldType::*;
    Genome {
        genome_version: GENOME_VERSION,
        solution_name: HOSTILE.into(),
        bundle_id: "qs-tracker".into(),
        description: None,
        origin: span(),
        entities: vec![
            entity(
                "Project",
                "project",
                "projects",
                "project",
                "projects",
                vec![
                    field("name", String, true, true, true),
                    field("description", Text, false, false, false),
                    field("budget", Decimal, false, false, false),
                    field("start_date", Date, false, false, true),
                    field("is_active", Boolean, true, false, false),
                    field("website", Url, false, false, false),
                    field("contact_email", Email, false, true, false),
                    field("priority", Integer, false, false, false),
                ],
            ),
            entity(
                "OrderItem",
                "order_item",
                "order_items",
                "order item",
                "order items",
                vec![
                    field("sku", String, true, true, false),
                    field("quantity", Integer, true, false, true),
                    field("unit_price", Decimal, true, false, false),
                    field("weight", Float, false, false, false),
                    field("date", Date, true, false, false),
                    field("shipped_at", DateTime, false, false, true),
                    field("uuid", Uuid, false, true, false),
                    field("attributes", Json, true, true, true),
                    field("buyer_email", Email, true, false, false),
                    field("product_url", Url, true, true, false),
                    field("notes", Text, true, false, false),
                    field("gift", Boolean, false, false, false),
                    field("score", Float, true, false, false),
                    field("due", DateTime, true, false, false),
                    field("ref2x", Uuid, true, false, false),
                    field("extra", Json, false, false, false),
                ],
            ),
            entity(
                "Tag",
                "tag",
                "tags",
                "tag",
                "tags",
                vec![field("label", String, true, true, true)],
            ),
        ],
        user_fields: vec![],
        read_only_user_fields: vec![],
        user_stories: vec![
            UserStory {
                role: "project \"lead\" | admin".into(),
                goal: "create projects with `code` & <b>html</b>\\ {{ x }}".into(),
                benefit: Some("work: #1 * priority! 🚀".into()),
                is_workflow: true,
                entities: vec!["Project".into()],
                acceptance_criteria: vec![
                    "Given a `code` | pipe <b>x</b>, when {{ x }} runs, then #1 * 🚀".into(),
                ],
                origin: span(),
            },
            UserStory {
                role: "auditor".into(),
                goal: "read order items".into(),
                benefit: None,
                is_workflow: false,
                entities: vec!["OrderItem".into()],
                acceptance_criteria: vec![],
                origin: span(),
            },
        ],
        integrations: vec![Integration {
            name: "stripe".into(),
            display_name: "Stripe".into(),
            category: IntegrationCategory::Payments,
            origin: span(),
        }],
        archimate_elements: vec![
            ArchimateElement {
                id: "application-component-app".into(),
                kind: ArchimateKind::ApplicationComponent,
                name: HOSTILE.into(),
                origin: span(),
            },
            ArchimateElement {
                id: "data-object-order-item".into(),
                kind: ArchimateKind::DataObject,
                name: "Order item".into(),
                origin: span(),
            },
        ],
    }
}

/// The smallest genome: one entity with no fields, nothing else.
pub fn minimal_genome() -> Genome {
    Genome {
        genome_version: GENOME_VERSION,
        solution_name: "Notes".into(),
        bundle_id: "notes".into(),
        description: None,
        origin: span(),
        entities: vec![entity("Note", "note", "notes", "note", "notes", vec![])],
        user_fields: vec![],
        read_only_user_fields: vec![],
        user_stories: vec![],
        integrations: vec![],
        archimate_elements: vec![],
    }
}
