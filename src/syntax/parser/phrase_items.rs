//! A list item under an entity that is no field as the language writes it:
//! fields named in words (`- Opening hours`, `- Dates (opened, closed)`),
//! read with their remarks reported as prose; a sentence, reported and not
//! read; anything else, the field's error.

use super::super::decl::{self, FieldError, PhraseFields};
use super::super::lines::{Input, span_of};
use super::Parser;
use crate::problems::SyntaxProblem;

impl Parser {
    /// Reads the item `content`, whose reading as a field failed with
    /// `error`.
    pub(super) fn phrase_item(&mut self, content: Input, error: FieldError) {
        if let Some(read) = decl::phrase_fields(content) {
            self.phrase_fields(read);
            return;
        }
        let Some(section) = &mut self.section else {
            return;
        };
        if decl::is_sentence_item(content) {
            section.add_unreadable();
            self.diagnostics.push(
                SyntaxProblem::NotADeclaration {
                    span: span_of(&content),
                    subsection: section.subheading,
                    section: section.heading.span,
                    lower_name: None,
                }
                .into(),
            );
            return;
        }
        section.add_unreadable();
        self.field_error(error);
    }

    /// Adds the fields named in words to the entity, and reports their
    /// remarks and labels as prose.
    pub(super) fn phrase_fields(&mut self, read: PhraseFields) {
        let Some(section) = &mut self.section else {
            return;
        };
        for field in read.fields {
            section.add_field(field);
        }
        for span in read.prose {
            self.diagnostics.push(
                SyntaxProblem::ProseSkipped {
                    span,
                    section: section.heading.span,
                }
                .into(),
            );
        }
    }
}
