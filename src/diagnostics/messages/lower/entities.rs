//! Lowering's problems with the entity section, the entities' names,
//! the links between entities and the user stories.

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::{LowerProblem, RenameFault, SectionNear};

/// The diagnostic of a problem with the entity section, an entity or a
/// story; `From` in `mod.rs` sends only those here.
pub(super) fn diagnostic(problem: LowerProblem<'_>) -> Diagnostic {
    match problem {
        LowerProblem::NoEntitySection { headings, near } => {
            let help = format!(
                "add a section listing the entities, for example:\n\n## Data Model\n- Project: name (string, required), description (text)\n\nThe heading may be one of {}",
                section_headings(headings)
            );
            let message = "the PRD has no entity section";
            let Some((span, near)) = near else {
                return Diagnostic::whole_document(Code::MissingEntitySection, message)
                    .with_help(help);
            };
            let label = match near {
                SectionNear::Heading { words } => format!(
                    "`{words}` is not one of the entity section's headings"
                ),
                SectionNear::Declaration => {
                    "this reads as a declaration, but it is not under an entity section's heading"
                        .to_string()
                }
                SectionNear::FirstHeading => {
                    "no heading in the PRD opens the entity section".to_string()
                }
            };
            let help = match near {
                SectionNear::Heading { .. } => format!(
                    "if the entities are under this heading, name it as the entity section is named: one of {}; otherwise add a section listing them, such as `## Data Model` followed by `- Project: name (string, required)`",
                    section_headings(headings)
                ),
                SectionNear::Declaration => format!(
                    "put a heading such as `## Data Model` above the declarations; the entity section's heading is one of {}",
                    section_headings(headings)
                ),
                SectionNear::FirstHeading => help,
            };
            Diagnostic::new(Code::MissingEntitySection, span, message)
                .with_label(label)
                .with_help(help)
        }
        LowerProblem::MisspeltEntitySection {
            span,
            written,
            spelling,
            headings,
            read_as_section,
            empty,
        } => {
            let diagnostic = Diagnostic::new(
                Code::MissingEntitySection,
                span,
                format!("the PRD has no entity section, but `{written}` looks like one"),
            )
            .with_label(format!("did you mean `{}`?", title_case(spelling)))
            .with_help(format!(
                "the entity section's heading is one of {}",
                section_headings(headings)
            ))
            ;
            let diagnostic = if empty {
                diagnostic.with_note("nothing under this heading reads as an entity")
            } else {
                diagnostic.with_suggestion(span, title_case(spelling))
            };
            if read_as_section {
                diagnostic.with_note(
                    "the lines under this heading were checked as if it were the entity section",
                )
            } else {
                diagnostic
            }
        }
        LowerProblem::EmptyEntitySection { span, ended_by } => {
            let diagnostic = Diagnostic::new(
                Code::EmptyEntitySection,
                span,
                "the entity section declares no entities",
            )
            .with_label("no entity is declared under this heading");
            match ended_by {
                Some(heading) => diagnostic
                    .with_secondary(
                        heading,
                        "this heading is of the section's own level, so it ends the section",
                    )
                    .with_help(
                        "write the entities' headings one level deeper than the section's heading (`#### Task` under `### Data Model`), or the section's heading one level higher",
                    ),
                None => diagnostic.with_help(
                    "declare each entity as a list item under the heading, e.g. `- Project: name (string, required), description (text)`",
                ),
            }
        }
        LowerProblem::InvalidEntityName {
            span,
            name,
            length,
            fix,
        } => {
            let diagnostic = Diagnostic::new(
                Code::InvalidEntityName,
                span,
                format!("`{name}` is not a valid entity name"),
            )
            .with_label(if length > 41 {
                "longer than 41 characters"
            } else if length < 2 {
                "shorter than 2 characters"
            } else {
                "not a capitalised identifier"
            });
            match fix {
                Some(fix) => diagnostic
                    .with_help(format!("write it as one capitalised word: `{fix}`"))
                    .with_suggestion(span, fix),
                None => diagnostic.with_help("an entity name has 2 to 41 letters and digits and starts with a capital, such as `OrderItem`"),
            }
        }
        LowerProblem::DuplicateEntity { span, name, first } => Diagnostic::new(
            Code::DuplicateEntity,
            span,
            format!("the entity `{name}` is declared twice"),
        )
        .with_label("declared again here")
        .with_secondary(first, "first declared here")
        .with_help("merge the two declarations into one, or rename one of the entities"),
        LowerProblem::InvalidRename {
            span,
            entity,
            old,
            fault,
        } => {
            let diagnostic = Diagnostic::new(
                Code::InvalidRename,
                span,
                match fault {
                    RenameFault::SameName => {
                        format!("the entity `{entity}` says it was `{old}`, its own name")
                    }
                    RenameFault::ClaimedTwice { .. } => {
                        format!("two entities say they were `{old}`")
                    }
                    RenameFault::StillDeclared { .. } => format!(
                        "the entity `{entity}` says it was `{old}`, which the PRD still declares"
                    ),
                },
            );
            match fault {
                RenameFault::SameName => diagnostic
                    .with_label("the old name is the new one")
                    .with_help(format!(
                        "remove `(was {old})`, or write the name the entity had before"
                    )),
                RenameFault::ClaimedTwice { first } => diagnostic
                    .with_label(format!("`{entity}` says it was `{old}` too"))
                    .with_secondary(first, "the first entity that says so")
                    .with_help("only one entity can keep the old table and its rows: remove the remark from the other"),
                RenameFault::StillDeclared { declared } => diagnostic
                    .with_label(format!("`{old}` is not gone"))
                    .with_secondary(declared, format!("`{old}` is declared here"))
                    .with_help(format!(
                        "remove `(was {old})` if `{entity}` is a new entity, or rename the other declaration"
                    )),
            }
        }
        LowerProblem::EntityNameCollision {
            span,
            name,
            snake,
            other,
            first,
        } => Diagnostic::new(
            Code::NameCollision,
            span,
            format!("the entities `{name}` and `{other}` would get the same name in the generated code"),
        )
        .with_label(format!("becomes `{snake}`, like `{other}`"))
        .with_secondary(first, format!("`{other}` declared here"))
        .with_note("module, table and URL names are lower snake_case, so names that differ only in case or underscores collide")
        .with_help("rename one of the entities, or merge them if they are the same thing"),
        LowerProblem::RequiredSelfLink {
            span,
            field,
            entity,
            label,
        } => Diagnostic::new(
            Code::ReferenceCycle,
            span,
            format!("`{field}` links every {label} to another one, and is required"),
        )
        .with_label("a required link to the entity itself")
        .with_note("the first row could never be created: there is nothing yet to link it to")
        .with_help(format!("make the link optional: `{field} ({entity}, optional)`")),
        LowerProblem::LinkCycle {
            span,
            field,
            from,
            to,
        } => Diagnostic::new(
            Code::ReferenceCycle,
            span,
            format!("the required link `{field}` from `{from}` to `{to}` closes a circle of required links"),
        )
        .with_label(format!("`{to}` links back to `{from}` through required links"))
        .with_note("no row of the circle could be created first: each needs a row of the next to exist")
        .with_help("make one link of the circle optional, or remove it"),
        LowerProblem::StoryWithoutEntity { span, entities } => {
            // A long list is cut: the help line names a few.
            let mut names: Vec<String> = entities
                .iter()
                .take(8)
                .map(|name| format!("`{name}`"))
                .collect();
            if entities.len() > 8 {
                names.push("…".into());
            }
            Diagnostic::new(
                Code::StoryWithoutEntity,
                span,
                "this user story names none of the entities",
            )
            .with_label("no entity is named here")
            .with_note("stories are linked to the entities they name, singular or plural, for the traceability table in the generated ARCHITECTURE.md")
            .with_help(format!(
                "name the entity this story is about; the entities are {}",
                names.join(", ")
            ))
        }
        other => unreachable!("{other:?} is not about the entities"),
    }
}

/// The headings that open the entity section, as a reader writes them.
fn section_headings(headings: &[&str]) -> String {
    headings
        .iter()
        .map(|heading| format!("`## {}`", title_case(heading)))
        .collect::<Vec<_>>()
        .join(", ")
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
