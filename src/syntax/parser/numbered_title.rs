//! A document pasted without Markdown, whose titles are numbered lines:
//! `11. Data Model (High Level)` opens the entity section when the document
//! has no heading, and the next numbered line at the left margin (the next
//! title) ends it. Under such a title, a capitalised name alone on its line
//! opens an entity, and a lower-case name alone (`passwordHash`) or with
//! its type in parentheses (`done (boolean)`) is a field of it.

use super::super::lines::{Input, Line, LineKind};
use super::{LABEL_SECTION_LEVEL, Parser, section};

impl Parser {
    /// Reads `line` as a numbered title: one that ends the section it
    /// titles, or one that opens the entity section. Whether it opened one.
    pub(super) fn numbered_title(&mut self, line: &Line) -> bool {
        let LineKind::ListItem { content } = line.kind else {
            return false;
        };
        if line.indent != 0
            || !line
                .full
                .fragment()
                .starts_with(|c: char| c.is_ascii_digit())
        {
            return false;
        }
        if self.section.as_ref().is_some_and(|s| s.ends_at_title) {
            self.close_section();
        }
        if self.section.is_some() || !self.prd.headings.is_empty() {
            return false;
        }
        let Some(name) = section::heading_name(content) else {
            return false;
        };
        self.open_section(line, name, LABEL_SECTION_LEVEL, None);
        if let Some(section) = &mut self.section {
            section.ends_at_title = true;
            section.ends_at_rule = true;
        }
        true
    }
}

/// Whether a line of its own, under an entity in a section opened by a
/// numbered title, is a field: a lower-case name alone, or followed by
/// what it holds in parentheses.
pub(super) fn is_plain_field(content: Input) -> bool {
    let text = content.fragment().trim_end();
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    if !text.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let rest = text[name_len..].trim_start();
    rest.is_empty()
        || (rest.starts_with('(') && rest.ends_with(')') && rest.len() < text.len() - name_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_field_is_a_lower_case_name_perhaps_with_its_type() {
        for line in ["id", "passwordHash", "done (boolean)", "due_on"] {
            assert!(is_plain_field(Input::new(line)), "{line}");
        }
        for line in [
            "Habit",
            "done(boolean)",
            "the habits of a user",
            "done (boolean) daily",
            "",
            "id:",
        ] {
            assert!(!is_plain_field(Input::new(line)), "{line}");
        }
    }
}
