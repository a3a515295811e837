//! An entity line that lists its columns after a label
//! (`**Loans (Entity):** ... Columns: a, b (Unique)`): the entity, its
//! fields, and a note for an `etc.` that names no column.

use super::super::decl::ColumnsLine;
use super::super::lines::{Input, span_of};
use super::{Context, Parser};
use crate::problems::SyntaxProblem;
use crate::syntax::ast::EntityShape;

impl Parser {
    /// Declares the entity of `columns`, written on the line `content` at
    /// `indent`, with its columns as fields.
    pub(super) fn column_list(&mut self, content: Input, indent: usize, columns: ColumnsLine) {
        let Some(section) = &mut self.section else {
            return;
        };
        section.start_entity(
            columns.name,
            content,
            EntityShape::Inline,
            span_of(&content),
        );
        section.context = Some(Context {
            indent,
            any_indent: false,
        });
        for field in columns.columns {
            section.add_field(field);
        }
        if let Some(etc) = columns.etc {
            // `etc.` stands for columns the line does not name: prose.
            self.diagnostics.push(
                SyntaxProblem::ProseSkipped {
                    span: span_of(&etc),
                    section: section.heading.span,
                }
                .into(),
            );
        }
    }
}
