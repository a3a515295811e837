//! The entity section: present, not empty, and under a heading spelt as
//! the language spells it.

use crate::diagnostics::Diagnostic;
use crate::problems::{LowerProblem, SectionNear};
use crate::span::Span;
use crate::syntax::Prd;
use crate::vocabulary;

pub(super) fn check_entity_section(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) {
    let headings = vocabulary::ENTITY_SECTION_HEADINGS;
    if prd.entity_sections.is_empty() {
        let problem = match prd.headings.iter().find_map(|heading| {
            vocabulary::near_section_heading(&heading.text.text).map(|spelling| (heading, spelling))
        }) {
            Some((heading, spelling)) => LowerProblem::MisspeltEntitySection {
                span: heading.text.span,
                written: &heading.text.text,
                spelling,
                headings,
                read_as_section: false,
                empty: false,
            },
            None => LowerProblem::NoEntitySection {
                headings,
                near: nearest_place(prd),
            },
        };
        diagnostics.push(problem.into());
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
                LowerProblem::MisspeltEntitySection {
                    span: section.heading.span,
                    written: &section.heading.text,
                    spelling,
                    headings,
                    read_as_section: true,
                    empty: section.entities.is_empty(),
                }
                .into(),
            );
        }
    }
    if !near_miss
        && prd
            .entity_sections
            .iter()
            .all(|section| section.entities.is_empty())
    {
        diagnostics.push(
            LowerProblem::EmptyEntitySection {
                span: prd.entity_sections[0].heading.span,
                ended_by: prd.entity_sections[0].ended_by_peer,
            }
            .into(),
        );
    }
}

/// Words that section headings are made of, and that headings describing
/// a data model in other words share with them.
const SECTION_WORDS: &[&str] = &[
    "data", "database", "db", "domain", "entities", "entity", "erd", "model", "models", "schema",
    "schemas", "table", "tables",
];

/// Where a PRD without an entity section comes closest to one: a heading
/// sharing a word with the section names, else a declaration seen outside
/// any section, else the first heading.
fn nearest_place(prd: &Prd) -> Option<(Span, SectionNear<'_>)> {
    let shares_a_word = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|word| SECTION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)))
    };
    if let Some(heading) = prd
        .headings
        .iter()
        .find(|heading| shares_a_word(&heading.text.text))
    {
        return Some((
            heading.text.span,
            SectionNear::Heading {
                words: &heading.text.text,
            },
        ));
    }
    if let Some(span) = prd.entity_like {
        return Some((span, SectionNear::Declaration));
    }
    prd.headings
        .first()
        .map(|heading| (heading.span, SectionNear::FirstHeading))
}
