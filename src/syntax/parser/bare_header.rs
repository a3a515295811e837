//! A lower-case name alone on a line of prose in the entity section, with
//! neither emphasis nor a colon (`crumb`, `order line`), directly followed
//! by field list items: the header of the entity those fields belong to,
//! capitalised and made singular when lowering like any lower-case name.
//! Without the list items below it, the line stays prose, and in a
//! plain-text paste a bare lower-case line under an entity stays a field.

use super::super::ast::EntityShape;
use super::super::decl;
use super::super::lines::{Line, LineKind, span_of};
use super::{Parser, numbered_title};
use crate::syntax::lines::Input;

impl Parser {
    /// Reads `content`, a line of prose, as a bare entity header when the
    /// next line is a field list item. Whether it did.
    pub(super) fn bare_header(&mut self, line: &Line, content: Input, nested: bool) -> bool {
        let Some(section) = &mut self.section else {
            return false;
        };
        if !self.field_item_next
            || (section.ends_at_title && nested && numbered_title::is_plain_field(content))
        {
            return false;
        }
        let Some(name) = decl::lowercase_phrase(content) else {
            return false;
        };
        section.open_entity(
            name,
            content,
            EntityShape::Bullet,
            span_of(&content),
            line.indent,
        );
        true
    }
}

/// Whether `line` is a list item that reads as a field (`- texture: string`).
pub(super) fn is_field_item(line: &Line) -> bool {
    matches!(line.kind, LineKind::ListItem { content } if decl::field_line(content).is_ok())
}
