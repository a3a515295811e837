//! The entity section: present, not empty, and under a heading spelt as
//! the language spells it.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::{self, Prd};
use crate::vocabulary;

pub(super) fn check_entity_section(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) {
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
