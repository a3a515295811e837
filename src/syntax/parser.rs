//! The document-level parser: sections, the entity section's structure,
//! user stories and vendor mentions. Line-level forms are in `decl`.

use nom::Input as _;

use super::ast::{
    Entity, EntitySection, EntityShape, Heading, IntegrationMention, Prd, Text, Title,
};
use super::decl::{self, EntityLine, FieldError};
use super::lines::{
    Input, Line, LineKind, emphasis, span_of, split_lines, strip_number, text_of, trim,
};
use crate::diagnostics::Diagnostic;
use crate::problems::SyntaxProblem;
use crate::span::Span;
use crate::vocabulary;

pub(crate) fn parse_document(source: &str) -> (Prd, Vec<Diagnostic>) {
    let (prd, diagnostics) = parse_pass(source, false);
    // Without an entity section, read again taking headings that resemble
    // one as one, so a misspelt heading is one diagnostic and the entities
    // under it are still checked.
    if prd.entity_sections.is_empty()
        && prd.headings.iter().any(|heading| {
            heading.level <= 3 && vocabulary::near_section_heading(&heading.text.text).is_some()
        })
    {
        return parse_pass(source, true);
    }
    (prd, diagnostics)
}

fn parse_pass(source: &str, accept_near_miss: bool) -> (Prd, Vec<Diagnostic>) {
    let mut parser = Parser {
        accept_near_miss,
        prd: Prd {
            span: Span::new(0, source.len()),
            ..Prd::default()
        },
        diagnostics: Vec::new(),
        section: None,
        seen_section: false,
        closed_entities: 0,
        entity_limit_reached: false,
    };
    let mut fence: Option<(char, usize)> = None;
    for line in split_lines(source) {
        if let LineKind::Fence { marker, length } = line.kind {
            fence = match fence {
                None => Some((marker, length)),
                Some((open, open_length)) if open == marker && length >= open_length => None,
                still_open => still_open,
            };
            continue;
        }
        if fence.is_some() {
            continue;
        }
        parser.mentions(line.full);
        parser.line(line);
    }
    parser.close_section();
    (parser.prd, parser.diagnostics)
}

struct Parser {
    /// Whether headings that resemble the entity section's open it.
    accept_near_miss: bool,
    prd: Prd,
    diagnostics: Vec<Diagnostic>,
    section: Option<SectionBuilder>,
    seen_section: bool,
    /// Entities in the sections already closed.
    closed_entities: usize,
    /// Set once [`MAX_ENTITIES`] is passed: later entity lines are skipped,
    /// so memory stays bounded however long the input.
    entity_limit_reached: bool,
}

/// The most entities a PRD may declare. Far beyond any real application
/// (each entity becomes a table, a router, schemas and tests), and low
/// enough that a runaway or generated input is refused quickly instead of
/// filling memory.
pub const MAX_ENTITIES: usize = 20_000;

struct SectionBuilder {
    heading: Text,
    near_miss: Option<&'static str>,
    start: usize,
    end: usize,
    entities: Vec<Entity>,
    context: Option<Context>,
    /// The table being read, if the last line was a table row.
    table: Option<TableState>,
    /// The heading of the level-3 subsection the parser is in, if any.
    subheading: Option<Span>,
}

/// A table under an entity heading: which column says what.
struct TableState {
    /// `None` once the table is known not to be readable (reported).
    columns: Option<TableColumns>,
    delimiter_seen: bool,
}

struct TableColumns {
    name: usize,
    type_: usize,
    constraints: Vec<usize>,
    required: Option<usize>,
    default: Option<usize>,
}

/// What a table header cell names, from its words.
fn column_role(header: &str) -> Option<&'static str> {
    let words = header
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | ':' | '?'))
        .to_ascii_lowercase();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match words.as_str() {
        "field" | "fields" | "name" | "field name" | "attribute" | "attribute name" | "column"
        | "column name" | "property" => "name",
        "type" | "data type" | "datatype" | "field type" | "kind" => "type",
        "constraints" | "constraint" | "modifiers" | "modifier" | "options" | "rules"
        | "validation" | "validations" => "constraints",
        "required" | "mandatory" => "required",
        "default" | "default value" => "default",
        _ => return None,
    })
}

/// The entity that the following lines add fields to.
#[derive(Clone, Copy)]
struct Context {
    /// Fields belong to it when indented deeper than this, or at any
    /// indentation when `any_indent` (under a heading or a bare label).
    indent: usize,
    any_indent: bool,
}

impl Parser {
    fn line(&mut self, line: Line) {
        match line.kind {
            LineKind::Heading { level, text } => self.heading(line, level, text),
            LineKind::ListItem { content } | LineKind::Prose { content } => {
                if let Some(story) = decl::user_story(content) {
                    self.prd.user_stories.push(story);
                } else if let Some(error) = decl::story_like(content) {
                    self.story_shape(error);
                } else if matches!(line.kind, LineKind::Prose { .. }) && is_section_label(content) {
                    self.open_section(&line, content, None);
                } else if self.section.is_some() && !self.entity_limit_reached {
                    self.section_line(line);
                    self.enforce_entity_limit();
                }
            }
            LineKind::TableRow => self.table_row(line),
            LineKind::Blank | LineKind::Fence { .. } => {}
        }
        if !matches!(line.kind, LineKind::TableRow) {
            if let Some(section) = &mut self.section {
                section.table = None;
            }
        }
    }

    fn table_row(&mut self, line: Line) {
        let Some(section) = &mut self.section else {
            return;
        };
        let row = span_of(&trim(line.full));
        section.end = section.end.max(row.end);
        let cells = decl::table_cells(line.full);
        let Some(table) = &mut section.table else {
            // The header row.
            let under_entity = section.context.is_some_and(|c| c.any_indent)
                && section.entities.last().is_some_and(|e| e.fields.is_empty());
            let mut columns = TableColumns {
                name: usize::MAX,
                type_: usize::MAX,
                constraints: Vec::new(),
                required: None,
                default: None,
            };
            for (i, cell) in cells.iter().enumerate() {
                match column_role(cell.fragment()) {
                    Some("name") if columns.name == usize::MAX => columns.name = i,
                    Some("type") if columns.type_ == usize::MAX => columns.type_ = i,
                    Some("constraints") => columns.constraints.push(i),
                    Some("required") => columns.required = Some(i),
                    Some("default") => columns.default = Some(i),
                    _ => {}
                }
            }
            let readable = columns.name != usize::MAX && columns.type_ != usize::MAX;
            let read = under_entity && readable;
            if !read {
                self.diagnostics
                    .push(SyntaxProblem::UnreadTable { row, under_entity }.into());
            }
            section.table = Some(TableState {
                columns: read.then_some(columns),
                delimiter_seen: false,
            });
            return;
        };
        let Some(columns) = &table.columns else {
            return;
        };
        if !table.delimiter_seen && decl::is_delimiter_row(&cells) {
            table.delimiter_seen = true;
            return;
        }
        if cells.iter().all(|cell| cell.fragment().trim().is_empty()) {
            return;
        }
        let end_of_row = Input::new("");
        let cell = |i: usize| -> Input {
            cells.get(i).copied().unwrap_or_else(|| {
                let last = trim(line.full);
                nom::Input::take_from(&last, last.fragment().len())
            })
        };
        let _ = end_of_row;
        let result = decl::table_field(decl::TableRowCells {
            row,
            name: cell(columns.name),
            type_cell: cell(columns.type_),
            constraints: columns
                .constraints
                .iter()
                .filter_map(|&i| cells.get(i).copied())
                .collect(),
            required: columns.required.and_then(|i| cells.get(i).copied()),
            default: columns.default.and_then(|i| cells.get(i).copied()),
        });
        match result {
            Ok(field) => section.add_field(field),
            Err(error) => {
                section.add_unreadable();
                self.field_error(error);
            }
        }
    }

    fn heading(&mut self, line: Line, level: u8, text: Input) {
        let heading = Heading {
            level,
            text: text_of(&heading_words(text)),
            span: span_of(&trim(line.full)),
        };
        self.prd.headings.push(heading.clone());
        if level <= 3 && is_section_heading(text) {
            self.open_section(&line, text, None);
            return;
        }
        if level <= 3 && self.accept_near_miss {
            if let Some(spelling) = vocabulary::near_section_heading(&heading.text.text) {
                self.open_section(&line, text, Some(spelling));
                return;
            }
        }
        if level <= 2 {
            self.close_section();
        }
        if level == 1
            && self.prd.title.is_none()
            && !self.seen_section
            && !heading.text.text.is_empty()
        {
            self.prd.title = Some(Title {
                text: heading.text.clone(),
                span: heading.span,
            });
        }
        if self.section.is_some() && !self.entity_limit_reached {
            self.entity_heading(line, text);
            self.enforce_entity_limit();
        }
    }

    fn open_section(&mut self, line: &Line, text: Input, near_miss: Option<&'static str>) {
        self.close_section();
        self.seen_section = true;
        let full = span_of(&trim(line.full));
        self.section = Some(SectionBuilder {
            heading: text_of(&heading_words(text)),
            near_miss,
            start: full.start,
            end: full.end,
            entities: Vec::new(),
            context: None,
            table: None,
            subheading: None,
        });
    }

    /// Refuses the entity that goes past [`MAX_ENTITIES`], once.
    fn enforce_entity_limit(&mut self) {
        let Some(section) = &mut self.section else {
            return;
        };
        if self.closed_entities + section.entities.len() <= MAX_ENTITIES {
            return;
        }
        let Some(excess) = section.entities.pop() else {
            return;
        };
        section.context = None;
        self.entity_limit_reached = true;
        self.diagnostics.push(
            SyntaxProblem::TooManyEntities {
                span: excess.name.span,
                limit: MAX_ENTITIES,
            }
            .into(),
        );
    }

    fn close_section(&mut self) {
        if let Some(section) = self.section.take() {
            self.closed_entities += section.entities.len();
            self.prd.entity_sections.push(EntitySection {
                heading: section.heading,
                near_miss: section.near_miss,
                entities: section.entities,
                span: Span::new(section.start, section.end),
            });
        }
    }

    /// A level-3 or deeper heading inside the entity section.
    fn entity_heading(&mut self, line: Line, text: Input) {
        let Some(section) = &mut self.section else {
            return;
        };
        let full = span_of(&trim(line.full));
        section.end = full.end;
        section.subheading = Some(full);
        let text = strip_number(text);
        match decl::entity_line(text) {
            EntityLine::Header { name } => {
                section.start_entity(name, EntityShape::Heading, full);
                section.context = Some(Context {
                    indent: 0,
                    any_indent: true,
                });
            }
            EntityLine::Inline { name, fields } => {
                section.start_entity(name, EntityShape::Heading, full);
                section.context = Some(Context {
                    indent: 0,
                    any_indent: true,
                });
                self.inline_fields(fields);
            }
            EntityLine::FieldLike | EntityLine::Prose => {
                section.context = None;
                self.diagnostics.push(
                    SyntaxProblem::HeadingNotEntity {
                        span: span_of(&text),
                    }
                    .into(),
                );
            }
        }
    }

    fn section_line(&mut self, line: Line) {
        let Some(section) = &mut self.section else {
            return;
        };
        let is_item = matches!(line.kind, LineKind::ListItem { .. });
        let (LineKind::ListItem { content } | LineKind::Prose { content }) = line.kind else {
            return;
        };
        let nested = section
            .context
            .is_some_and(|context| context.any_indent || line.indent > context.indent);
        // `unique` is a keyword in any case, so `- Unique: (a, b)` under an
        // entity is its unique group, not an entity named `Unique`.
        if nested && is_item {
            if let Some(group) = decl::unique_group(content) {
                section.add_unique_group(group);
                return;
            }
        }
        let shape = decl::entity_line(content);
        let starts_entity = match &shape {
            EntityLine::Header { .. } => {
                !nested || section.context.is_some_and(|c| c.any_indent && is_item)
            }
            EntityLine::Inline { .. } => !nested || section.context.is_some_and(|c| c.any_indent),
            _ => false,
        };
        if !is_item {
            // Prose inside the section is ignored unless it is a whole entity
            // declaration: a bare `Task` line, or `Project: name (string)`.
            let bare_label =
                matches!(shape, EntityLine::Header { name } if is_bare_name(content, name));
            match shape {
                EntityLine::Header { name } if bare_label => {
                    let span = span_of(&content);
                    section.start_entity(name, EntityShape::Bullet, span);
                    section.context = Some(Context {
                        indent: line.indent,
                        any_indent: true,
                    });
                }
                EntityLine::Inline { name, fields } if all_fields_parse(fields) => {
                    let span = span_of(&content);
                    section.start_entity(name, EntityShape::Inline, span);
                    section.context = Some(Context {
                        indent: line.indent,
                        any_indent: true,
                    });
                    self.inline_fields(fields);
                }
                _ => {}
            }
            return;
        }
        if starts_entity {
            let span = span_of(&content);
            match shape {
                EntityLine::Header { name } => {
                    section.start_entity(name, EntityShape::Bullet, span);
                }
                EntityLine::Inline { name, fields } => {
                    section.start_entity(name, EntityShape::Inline, span);
                    section.context = Some(Context {
                        indent: line.indent,
                        any_indent: false,
                    });
                    self.inline_fields(fields);
                    return;
                }
                _ => {}
            }
            section.context = Some(Context {
                indent: line.indent,
                any_indent: false,
            });
            return;
        }
        if nested {
            match decl::field_line(content) {
                Ok(field) => section.add_field(field),
                Err(error) => {
                    section.add_unreadable();
                    self.field_error(error);
                }
            }
            return;
        }
        match shape {
            EntityLine::FieldLike => {
                // `order-line: qty (integer)` at the entities' level is an
                // entity with a badly written name (reported when lowering,
                // with the name to write), not a field without an entity.
                if let Some((name, fields)) = decl::misnamed_inline_entity(content) {
                    section.start_entity(name, EntityShape::Inline, span_of(&content));
                    section.context = Some(Context {
                        indent: line.indent,
                        any_indent: false,
                    });
                    self.inline_fields(fields);
                    return;
                }
                self.diagnostics.push(
                    SyntaxProblem::FieldOutsideEntity {
                        span: span_of(&content),
                        entity: section
                            .entities
                            .last()
                            .map(|entity| (entity.name.span, entity.name.text.clone())),
                        section: section.heading.span,
                    }
                    .into(),
                );
            }
            _ => {
                section.context = None;
                self.diagnostics.push(
                    SyntaxProblem::NotADeclaration {
                        span: span_of(&content),
                        subsection: section.subheading,
                        section: section.heading.span,
                    }
                    .into(),
                );
            }
        }
    }

    fn story_shape(&mut self, error: decl::StoryShapeError) {
        self.diagnostics.push(
            SyntaxProblem::MalformedStory {
                span: error.span,
                fault: error.fault,
                fix: error.fix,
            }
            .into(),
        );
    }

    fn inline_fields(&mut self, fields: Input) {
        for result in decl::inline_fields(fields) {
            match result {
                Ok(field) => {
                    if let Some(section) = &mut self.section {
                        section.add_field(field);
                    }
                }
                Err(error) => {
                    if let Some(section) = &mut self.section {
                        section.add_unreadable();
                    }
                    self.field_error(error);
                }
            }
        }
    }

    fn field_error(&mut self, error: FieldError) {
        self.diagnostics.push(
            SyntaxProblem::MalformedField {
                span: error.span,
                fault: error.fault,
            }
            .into(),
        );
    }

    fn mentions(&mut self, line: Input) {
        let fragment = *line.fragment();
        let bytes = fragment.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let word = &fragment[start..i];
            // A word glued to other letters (`Stripe` in `Stripeless`) is
            // already excluded by the run; non-ASCII letters end a run, so
            // they must not touch it either.
            let touches_letter = fragment[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                || fragment[i..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if touches_letter || word.len() > 8 {
                continue;
            }
            let lower = word.to_ascii_lowercase();
            if let Some(&(vendor, display, _)) =
                vocabulary::VENDORS.iter().find(|(name, ..)| *name == lower)
            {
                if vocabulary::VENDORS_NEEDING_CAPITAL.contains(&vendor) && word != display {
                    continue;
                }
                let offset = line.location_offset();
                self.prd.integration_mentions.push(IntegrationMention {
                    vendor,
                    span: Span::new(offset + start, offset + i),
                });
            }
        }
    }
}

impl SectionBuilder {
    fn start_entity(&mut self, name: Input, shape: EntityShape, line: Span) {
        self.entities.push(Entity {
            name: text_of(&name),
            shape,
            fields: Vec::new(),
            unreadable_fields: 0,
            unique_groups: Vec::new(),
            span: line,
        });
        self.end = self.end.max(line.end);
    }

    fn add_unreadable(&mut self) {
        if let Some(entity) = self.entities.last_mut() {
            entity.unreadable_fields += 1;
        }
    }

    fn add_unique_group(&mut self, group: super::ast::UniqueGroup) {
        self.end = self.end.max(group.span.end);
        if let Some(entity) = self.entities.last_mut() {
            entity.span = entity.span.cover(group.span);
            entity.unique_groups.push(group);
        }
    }

    fn add_field(&mut self, field: super::ast::Field) {
        self.end = self.end.max(field.span.end);
        if let Some(entity) = self.entities.last_mut() {
            entity.span = entity.span.cover(field.span);
            entity.fields.push(field);
        }
    }
}

/// Heading text without a section number, emphasis or a trailing colon.
fn heading_words(text: Input) -> Input {
    let mut text = trim(strip_number(text));
    loop {
        let fragment = *text.fragment();
        let stripped = fragment
            .trim_end_matches(':')
            .trim_end_matches(['*', '_', '`'])
            .trim_end_matches(':')
            .trim_end();
        let mut changed = stripped.len() != fragment.len();
        text = text.take(stripped.len());
        if let Ok((rest, _)) = emphasis(text) {
            text = trim(rest);
            changed = true;
        }
        if !changed || text.fragment().is_empty() {
            return text;
        }
    }
}

fn is_section_heading(text: Input) -> bool {
    let words = heading_words(text);
    let normalised = words
        .fragment()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    vocabulary::ENTITY_SECTION_HEADINGS
        .iter()
        .any(|heading| heading.eq_ignore_ascii_case(&normalised))
}

/// A line that is only an entity section heading without `#`, such as
/// `Entities:` or `**Data Models**`.
fn is_section_label(content: Input) -> bool {
    is_section_heading(content)
}

/// Whether the whole line is the entity's name with optional emphasis and
/// colon: `Task`, `**Task**`, `Task:`.
fn is_bare_name(content: Input, name: Input) -> bool {
    content
        .fragment()
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | ':' | ' ' | '\t'))
        .eq(name.fragment().chars().filter(|c| *c != '_'))
}

fn all_fields_parse(fields: Input) -> bool {
    decl::inline_fields(fields).iter().all(Result::is_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_words_strip_decoration() {
        for (text, expected) in [
            ("3. Data Models:", "Data Models"),
            ("**Entities**", "Entities"),
            ("entities:", "entities"),
            ("**Entities:**", "Entities"),
            ("`Data Models`", "Data Models"),
        ] {
            let input = Input::new(text);
            assert_eq!(*heading_words(input).fragment(), expected, "{text}");
        }
    }
}
