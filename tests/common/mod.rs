//! Checks shared by the test suites.

use microcodegen::analyze;
use microcodegen::syntax::{self, Span};

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
