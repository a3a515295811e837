//! The document-level parser: sections, the entity section's structure,
//! user stories and vendor mentions. Field tables are read in
//! `field_table`, vendor mentions found in `vendor_mentions`, and the
//! line-level forms in `decl`.

mod bare_header;
mod column_list;
mod field_table;
mod model_blocks;
mod numbered_title;
mod phrase_items;
mod section;
mod vendor_mentions;

use super::ast::{Entity, EntitySection, EntityShape, Heading, Prd, Text, Title};
use super::decl::{self, EntityLine, FieldError};
use super::embedded::{self, Enumeration, KeyColumn};
use super::lines::{
    Input, Line, LineKind, skip, span_of, split_lines, strip_number, text_of, trim,
};
use crate::diagnostics::Diagnostic;
use crate::naming;
use crate::problems::{EmbeddedProblem, Notation, SkippedBlock, SyntaxProblem};
use crate::span::Span;
use crate::vocabulary;
use field_table::TableState;
use model_blocks::{BlockKind, RelationshipLine};

pub(crate) fn parse_document(source: &str) -> (Prd, Vec<Diagnostic>) {
    let (prd, diagnostics) = parse_pass(source, false);
    // Without an entity section, read again taking headings that resemble
    // one as one, so a misspelt heading is one diagnostic and the entities
    // under it are still checked.
    if prd.entity_sections.is_empty()
        && prd.headings.iter().any(|heading| {
            heading.level <= MAX_SECTION_LEVEL
                && vocabulary::near_section_heading(&heading.text.text).is_some()
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
        summary: SummaryState::Waiting,
        closed_entities: 0,
        entity_limit_reached: false,
        story_open: false,
        enumerations: Vec::new(),
        outside_schemas: Vec::new(),
        key_columns: Vec::new(),
        caption: None,
        field_item_next: false,
    };
    let mut fence: Option<Fence> = None;
    let lines = split_lines(source);
    for (index, line) in lines.iter().copied().enumerate() {
        if let LineKind::Fence { marker, length } = line.kind {
            // A code block ends a paragraph of prose, and a story's criteria.
            parser.end_paragraph();
            parser.story_open = false;
            fence = match fence {
                None => Some(Fence {
                    marker,
                    length,
                    opening: line.full,
                    body: Vec::new(),
                }),
                Some(open) if open.marker == marker && length >= open.length => {
                    parser.code_block(&open, line.full);
                    None
                }
                still_open => still_open,
            };
            continue;
        }
        if let Some(open) = &mut fence {
            // Only the data model's blocks are read; elsewhere, only until
            // the document is known to have a data model.
            if parser.section.is_some() || !parser.seen_section {
                open.body.push(line.full);
            }
            continue;
        }
        parser.mentions(line.full);
        // Only a bare line in the entity section asks: the next line is not
        // read as a field everywhere else.
        parser.field_item_next = parser.section.is_some()
            && matches!(line.kind, LineKind::Prose { .. })
            && lines.get(index + 1).is_some_and(bare_header::is_field_item);
        parser.line(line);
    }
    if let Some(open) = fence {
        let end = open.body.last().copied().unwrap_or(open.opening);
        parser.code_block(&open, end);
    }
    parser.close_section();
    parser.read_outside_schemas();
    for section in &mut parser.prd.entity_sections {
        model_blocks::resolve_enumerations(&mut section.entities, &parser.enumerations);
    }
    parser.restore_undeclared_links();
    (parser.prd, parser.diagnostics)
}

/// An open code fence and the lines inside it so far.
struct Fence<'a> {
    marker: char,
    length: usize,
    opening: Input<'a>,
    body: Vec<Input<'a>>,
}

struct Parser {
    /// Whether headings that resemble the entity section's open it.
    accept_near_miss: bool,
    prd: Prd,
    diagnostics: Vec<Diagnostic>,
    section: Option<SectionBuilder>,
    seen_section: bool,
    /// Where the reading of the document's first paragraph is.
    summary: SummaryState,
    /// Entities in the sections already closed.
    closed_entities: usize,
    /// Set once [`MAX_ENTITIES`] is passed: later entity lines are skipped,
    /// so memory stays bounded however long the input.
    entity_limit_reached: bool,
    /// Whether the last line was a user story or one of its acceptance
    /// criteria, so that a Given/When/Then line belongs to that story.
    story_open: bool,
    /// The named enumerations of every schema and Enums block.
    enumerations: Vec<Enumeration>,
    /// Schemas read outside any entity section, used when the document has
    /// none (see [`Parser::read_outside_schemas`]).
    outside_schemas: Vec<(Span, embedded::Schema)>,
    /// The key columns of the schemas' links, set aside.
    key_columns: Vec<KeyColumn>,
    /// The last heading in the entity section that named no entity, with
    /// the index of its diagnostic: a schema block right under it that
    /// declares the entity it names (`#### movies` over `CREATE TABLE
    /// movies`) makes it the block's caption, no longer a problem. A
    /// heading read as an entity of its own (a lower-case name) is such a
    /// caption too while it has no fields.
    caption: Option<(Caption, String)>,
    /// Whether the line after the one being read is a list item that reads
    /// as a field: what makes a bare lower-case line its entity's header.
    field_item_next: bool,
}

/// The most entities a PRD may declare. Far beyond any real application
/// (each entity becomes a table, a router, schemas and tests), and low
/// enough that a runaway or generated input is refused quickly instead of
/// filling memory.
pub const MAX_ENTITIES: usize = 20_000;

/// The deepest heading that opens an entity section.
const MAX_SECTION_LEVEL: u8 = 4;

/// A section opened by a line of its own ends, like a level-2 heading's,
/// at the next heading of level 1 or 2.
const LABEL_SECTION_LEVEL: u8 = 2;

struct SectionBuilder {
    heading: Text,
    /// The level of its heading: a heading of this level or a higher one
    /// (fewer `#`) ends the section, deeper ones are its entities'.
    level: u8,
    near_miss: Option<&'static str>,
    ended_by_peer: Option<Span>,
    start: usize,
    end: usize,
    entities: Vec<Entity>,
    context: Option<Context>,
    /// The table being read, if the last line was a table row.
    table: Option<TableState>,
    /// The heading of the level-3 subsection the parser is in, if any.
    subheading: Option<Span>,
    /// The paragraph of prose being read, reported as prose when it ends.
    prose: Option<Span>,
    /// Whether the line just read was prose, continuing `prose`.
    in_prose: bool,
    /// The block of the data model that declares no entity the parser is
    /// in, and the level of its heading (7 for a label, ended by any
    /// heading).
    block: Option<(BlockKind, u8)>,
    /// Whether the previous line was a row of a table in such a block.
    block_table: bool,
    /// The Relationships blocks' lines, read once the entities are known.
    relationships: Vec<RelationshipLine>,
    /// Whether a thematic break (`---`) ends the section: one opened by a
    /// line of its own.
    ends_at_rule: bool,
    /// Whether the next numbered title ends the section: one opened by a
    /// numbered title in a document without headings.
    ends_at_title: bool,
}

/// The level of a block opened by a label line: any heading ends it.
const LABEL_BLOCK_LEVEL: u8 = 7;

/// The first paragraph of prose before the data model: not begun, being
/// read, or read (or no longer possible).
#[derive(Clone, Copy, PartialEq, Eq)]
enum SummaryState {
    Waiting,
    Reading,
    Done,
}

/// What a heading right above a schema block left behind, which the block
/// takes back when it declares the entity the heading names.
#[derive(Clone, Copy)]
enum Caption {
    /// The index of the heading's diagnostic (it named no entity).
    Diagnostic(usize),
    /// The index of the entity the heading declared, still without fields.
    Entity(usize),
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
        if !matches!(line.kind, LineKind::Blank) {
            self.caption = None;
        }
        self.summary_line(&line);
        match line.kind {
            LineKind::Heading { level, text } => self.heading(line, level, text),
            LineKind::Prose { content }
                if is_thematic_break(content.fragment())
                    && self.section.as_ref().is_some_and(|s| s.ends_at_rule) =>
            {
                // A section opened by a line of its own has no heading
                // level to end it: a plain-text document's rule does.
                self.close_section();
            }
            LineKind::ListItem { content } | LineKind::Prose { content } => {
                let quoted = unquoted(content);
                let under_story = std::mem::take(&mut self.story_open);
                if self.numbered_title(&line) {
                } else if let Some(story) = decl::user_story(quoted) {
                    self.prd.user_stories.push(story);
                    self.story_open = true;
                } else if under_story && decl::is_criteria_label(quoted) {
                    self.story_open = true;
                } else if under_story
                    && let Some(criterion) = decl::acceptance_criterion(quoted)
                    && let Some(story) = self.prd.user_stories.last_mut()
                {
                    story.criteria.push(text_of(&criterion));
                    self.story_open = true;
                } else if let Some(error) = decl::story_like(quoted) {
                    self.story_shape(error);
                } else if let Some(name) = matches!(line.kind, LineKind::Prose { .. })
                    .then(|| section::label_name(content))
                    .flatten()
                {
                    self.open_section(&line, name, LABEL_SECTION_LEVEL, None);
                    if let Some(section) = &mut self.section {
                        section.ends_at_rule = true;
                    }
                } else if self.section.is_some() && self.block_line(&line, content) {
                } else if self.section.is_some() && !self.entity_limit_reached {
                    self.section_line(line);
                    self.enforce_entity_limit();
                } else if self.section.is_none() {
                    if self.prd.entity_like.is_none() {
                        self.prd.entity_like = entity_like(content);
                    }
                    if !self.seen_section
                        && self.prd.name_line.is_none()
                        && let Some(name) = decl::product_name_line(content)
                    {
                        self.prd.name_line = Some(text_of(&name));
                    }
                }
            }
            LineKind::TableRow => {
                self.story_open = false;
                if let Some(section) = &mut self.section
                    && let Some((kind, _)) = section.block
                {
                    // A table in a block: its header row names columns; a
                    // Relationships table's rows are relationships.
                    let header = !section.block_table;
                    section.block_table = true;
                    section.end = section.end.max(span_of(&trim(line.full)).end);
                    if kind == BlockKind::Relationships
                        && !header
                        && !decl::is_delimiter_row(&decl::table_cells(line.full))
                    {
                        section.relationships.push(RelationshipLine {
                            text: line.full.fragment().to_string(),
                            span: span_of(&trim(line.full)),
                        });
                    }
                    return;
                }
                self.table_row(line)
            }
            LineKind::Blank | LineKind::Fence { .. } => self.story_open = false,
        }
        if !matches!(line.kind, LineKind::TableRow)
            && let Some(section) = &mut self.section
        {
            section.block_table = false;
        }
        if !matches!(line.kind, LineKind::TableRow)
            && let Some(section) = &mut self.section
        {
            section.table = None;
        }
        self.end_prose();
    }

    /// Reads the document's first paragraph of prose, before any entity
    /// section: plain lines (not a story, a `Product name:` line or a
    /// section's label) until a blank line or anything else.
    fn summary_line(&mut self, line: &Line) {
        if self.summary == SummaryState::Done {
            return;
        }
        let prose = match line.kind {
            LineKind::Prose { content }
                if self.section.is_none()
                    && !self.seen_section
                    && decl::user_story(unquoted(content)).is_none()
                    && decl::product_name_line(content).is_none()
                    && section::label_name(content).is_none() =>
            {
                Some(content)
            }
            _ => None,
        };
        match (prose, self.summary) {
            (Some(content), _) => {
                let words = content
                    .fragment()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let span = span_of(&trim(content));
                match &mut self.prd.summary {
                    Some(summary) if self.summary == SummaryState::Reading => {
                        summary.text.push(' ');
                        summary.text.push_str(&words);
                        summary.span = summary.span.cover(span);
                    }
                    _ => self.prd.summary = Some(Text { text: words, span }),
                }
                self.summary = SummaryState::Reading;
            }
            (None, SummaryState::Reading) => self.summary = SummaryState::Done,
            (None, _) => {
                if self.section.is_some() || self.seen_section {
                    self.summary = SummaryState::Done;
                }
            }
        }
    }

    fn heading(&mut self, line: Line, level: u8, text: Input) {
        self.story_open = false;
        let section_name = if level <= MAX_SECTION_LEVEL {
            section::heading_name(text)
        } else {
            None
        };
        let heading = Heading {
            level,
            text: text_of(&section_name.unwrap_or_else(|| heading_words(text))),
            span: span_of(&trim(line.full)),
        };
        self.prd.headings.push(heading.clone());
        if let Some(name) = section_name {
            self.open_section(&line, name, level, None);
            return;
        }
        if level <= MAX_SECTION_LEVEL
            && self.accept_near_miss
            && let Some(spelling) = vocabulary::near_section_heading(&heading.text.text)
        {
            self.open_section(&line, heading_words(text), level, Some(spelling));
            return;
        }
        if let Some(section) = &mut self.section
            && level <= section.level
        {
            // `### Clay` right under `### Data Model` was meant as an
            // entity of the section.
            let words = strip_number(text);
            let names_entity = matches!(decl::entity_line(words),
                    EntityLine::Header { name } if is_bare_name(words, name));
            if level == section.level && section.entities.is_empty() && names_entity {
                section.ended_by_peer = Some(span_of(&trim(line.full)));
            }
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
        if let Some(section) = &mut self.section {
            if section
                .block
                .is_some_and(|(_, block_level)| level <= block_level)
            {
                section.block = None;
            }
            if let Some((kind, words)) = model_blocks::block_kind(text) {
                let span = span_of(&trim(line.full));
                section.end = section.end.max(span.end);
                section.context = None;
                section.subheading = Some(span);
                section.block = Some((kind, level));
                if kind == BlockKind::Prose {
                    self.diagnostics.push(
                        EmbeddedProblem::Skipped {
                            span,
                            block: SkippedBlock::Prose {
                                words: words.fragment().to_string(),
                            },
                        }
                        .into(),
                    );
                }
                return;
            }
        }
        if self.section.is_some() && !self.entity_limit_reached {
            let before = self.diagnostics.len();
            let entities_before = self.section.as_ref().map_or(0, |s| s.entities.len());
            self.entity_heading(line, text);
            let entities_after = self.section.as_ref().map_or(0, |s| s.entities.len());
            if self.diagnostics.len() == before + 1 {
                self.caption = Some((Caption::Diagnostic(before), heading.text.text.clone()));
            } else if self.diagnostics.len() == before && entities_after == entities_before + 1 {
                self.caption = Some((Caption::Entity(entities_before), heading.text.text.clone()));
            }
            self.enforce_entity_limit();
        }
    }

    /// A line in the entity section that opens a block declaring no
    /// entity (`**Relationships:**`), or a line inside such a block:
    /// whether it was one.
    fn block_line(&mut self, line: &Line, content: Input) -> bool {
        let Some(section) = &mut self.section else {
            return false;
        };
        let top_level = matches!(line.kind, LineKind::Prose { .. })
            || section
                .context
                .is_none_or(|context| line.indent <= context.indent);
        // A label is in emphasis, or capitalised and ends with a colon: a
        // bare word on a line of its own is prose, and `notes:` in lower
        // case names a table as often as a block.
        let fragment = content.fragment();
        // The emphasis must close (`**Enums:**`): `* associations` is a
        // list marker's star, not emphasis.
        let label = (fragment.starts_with(['*', '_'])
            && fragment.trim_end_matches(':').ends_with(['*', '_']))
            || (fragment.ends_with(':') && fragment.starts_with(|c: char| c.is_uppercase()));
        if top_level
            && label
            && let Some((kind, words)) = model_blocks::block_kind(content)
        {
            let span = span_of(&content);
            section.end = section.end.max(span.end);
            section.context = None;
            section.block = Some((kind, LABEL_BLOCK_LEVEL));
            if kind == BlockKind::Prose {
                self.diagnostics.push(
                    EmbeddedProblem::Skipped {
                        span,
                        block: SkippedBlock::Prose {
                            words: words.fragment().to_string(),
                        },
                    }
                    .into(),
                );
            }
            return true;
        }
        let Some((kind, _)) = section.block else {
            return false;
        };
        let span = span_of(&content);
        section.end = section.end.max(span.end);
        match kind {
            BlockKind::Relationships => section.relationships.push(RelationshipLine {
                text: content.fragment().to_string(),
                span,
            }),
            BlockKind::Enums => match model_blocks::enumeration(content) {
                Some(enumeration) => self.enumerations.push(enumeration),
                None => self.diagnostics.push(
                    SyntaxProblem::NotADeclaration {
                        span,
                        subsection: section.subheading,
                        section: section.heading.span,
                        lower_name: None,
                    }
                    .into(),
                ),
            },
            BlockKind::Prose => {}
        }
        true
    }

    /// A fenced block that has just closed at `closing`: a schema, read as
    /// declarations in the entity section (and kept for later outside
    /// one), or, in the entity section, a block that is skipped.
    fn code_block(&mut self, fence: &Fence, closing: Input) {
        let info = fence
            .opening
            .fragment()
            .trim_start()
            .trim_start_matches(fence.marker);
        let notation = embedded::notation(info, &fence.body);
        let span = span_of(&trim(fence.opening)).cover(span_of(&trim(closing)));
        let Some(section) = &mut self.section else {
            // Outside the data model a TypeScript block declares too many
            // things besides stored data to be read as entities, and an
            // example document or a tree may show anything.
            if let Some(notation) = notation
                .filter(|n| matches!(n, Notation::Sql | Notation::Prisma | Notation::Mermaid))
                && !self.seen_section
            {
                self.outside_schemas
                    .push((span, embedded::read(notation, &fence.body)));
            }
            return;
        };
        section.end = section.end.max(span.end);
        let Some(notation) = notation else {
            self.diagnostics.push(
                EmbeddedProblem::Skipped {
                    span: span_of(&trim(fence.opening)),
                    block: SkippedBlock::Code,
                }
                .into(),
            );
            return;
        };
        let schema = embedded::read(notation, &fence.body);
        if let Some((caption, words)) = self.caption.take()
            && schema.entities.len() == 1
            && schema.entities[0].name.text == embedded::entity_word(words.trim_matches('`'))
        {
            match caption {
                Caption::Diagnostic(index) => {
                    self.diagnostics.remove(index);
                }
                Caption::Entity(index) => {
                    if section.entities.len() == index + 1
                        && section.entities[index].fields.is_empty()
                    {
                        section.entities.pop();
                    }
                }
            }
        }
        self.add_schema(schema);
    }

    fn add_schema(&mut self, schema: embedded::Schema) {
        self.enumerations.extend(schema.enumerations);
        self.key_columns.extend(schema.key_columns);
        self.diagnostics
            .extend(schema.problems.into_iter().map(Into::into));
        for entity in schema.entities {
            if self.entity_limit_reached {
                return;
            }
            let Some(section) = &mut self.section else {
                return;
            };
            section.context = None;
            section.end = section.end.max(entity.span.end);
            section.entities.push(entity);
            self.enforce_entity_limit();
        }
    }

    /// A schema's link to a model the document never declares (a Prisma
    /// `branch Branch @relation(fields: [branchId], ...)` without a model
    /// `Branch`) is not read: its key column (`branch_id`) takes its
    /// place, with a warning.
    fn restore_undeclared_links(&mut self) {
        if self.key_columns.is_empty() {
            return;
        }
        let declared: std::collections::HashSet<String> = self
            .prd
            .entity_sections
            .iter()
            .flat_map(|section| &section.entities)
            .map(|entity| entity.name.text.clone())
            .chain(self.enumerations.iter().map(|e| e.name.text.clone()))
            .collect();
        let mut columns = std::mem::take(&mut self.key_columns);
        for entity in self
            .prd
            .entity_sections
            .iter_mut()
            .flat_map(|section| &mut section.entities)
            .filter(|entity| entity.shape == super::ast::EntityShape::Embedded)
        {
            let mut index = 0;
            while index < entity.fields.len() {
                let field = &entity.fields[index];
                let undeclared = field
                    .type_name
                    .text
                    .starts_with(|c: char| c.is_ascii_uppercase())
                    && vocabulary::field_type(&field.type_name.text).is_none()
                    && !declared.contains(&field.type_name.text);
                let key = undeclared
                    .then(|| {
                        columns.iter().position(|key| {
                            key.entity == entity.name.span && key.link == field.name.text
                        })
                    })
                    .flatten();
                let Some(key) = key else {
                    index += 1;
                    continue;
                };
                let key = columns.remove(key);
                let column_name = key.column.name.text.clone();
                let link = std::mem::replace(&mut entity.fields[index], key.column);
                // `@@unique([branchId, name])` named the link; it names
                // the column again.
                for name in entity
                    .unique_groups
                    .iter_mut()
                    .flat_map(|group| &mut group.fields)
                    .filter(|name| name.text == link.name.text)
                {
                    name.text.clone_from(&column_name);
                }
                self.diagnostics.push(
                    EmbeddedProblem::NotRead {
                        span: link.span,
                        notation: Notation::Prisma,
                        written: format!("{} {}", link.name.text, link.type_name.text),
                        part: crate::problems::UnreadPart::UndeclaredRelation,
                    }
                    .into(),
                );
                if let Some(renamed) = key.renamed {
                    self.diagnostics.push(renamed.into());
                }
                index += 1;
            }
        }
    }

    /// Without an entity section, the SQL, Prisma and Mermaid schemas
    /// anywhere in the document are its data model, under the first
    /// block's opening fence.
    fn read_outside_schemas(&mut self) {
        if !self.prd.entity_sections.is_empty()
            || !self
                .outside_schemas
                .iter()
                .any(|(_, schema)| !schema.entities.is_empty())
        {
            return;
        }
        let schemas = std::mem::take(&mut self.outside_schemas);
        let first = schemas[0].0;
        self.section = Some(SectionBuilder::new(
            super::ast::Text {
                text: String::new(),
                span: Span::new(first.start, first.start),
            },
            LABEL_SECTION_LEVEL,
            None,
            first,
        ));
        for (span, schema) in schemas {
            if let Some(section) = &mut self.section {
                section.end = section.end.max(span.end);
            }
            self.add_schema(schema);
        }
        self.close_section();
    }

    /// Opens an entity section at a heading of `level` (a label line counts
    /// as level 2), named by the words `name`.
    fn open_section(
        &mut self,
        line: &Line,
        name: Input,
        level: u8,
        near_miss: Option<&'static str>,
    ) {
        self.close_section();
        self.seen_section = true;
        let full = span_of(&trim(line.full));
        self.section = Some(SectionBuilder::new(text_of(&name), level, near_miss, full));
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
        self.end_paragraph();
        if let Some(mut section) = self.section.take() {
            let mut problems = Vec::new();
            model_blocks::resolve_relationships(
                &section.relationships,
                &mut section.entities,
                &mut problems,
            );
            self.diagnostics
                .extend(problems.into_iter().map(Diagnostic::from));
            self.closed_entities += section.entities.len();
            self.prd.entity_sections.push(EntitySection {
                heading: section.heading,
                near_miss: section.near_miss,
                entities: section.entities,
                ended_by_peer: section.ended_by_peer,
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
        // `### customers`: a heading in the entity section that is one
        // lower-case name names an entity (renamed when lowering).
        let lower = decl::lowercase_name_alone(text).or_else(|| decl::lowercase_with_remark(text));
        let shape = match lower {
            Some(name) => EntityLine::Header { name },
            None => decl::entity_line(text),
        };
        match shape {
            EntityLine::Header { name } => {
                section.open_entity(name, text, EntityShape::Heading, full, 0);
            }
            EntityLine::Inline { name, fields } => {
                section.open_entity(name, text, EntityShape::Heading, full, 0);
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
        if nested
            && is_item
            && let Some(group) = decl::unique_group(content)
        {
            section.add_unique_group(group);
            return;
        }
        if (!nested || section.context.is_some_and(|c| c.any_indent))
            && let Some(columns) = decl::columns_line(content)
        {
            self.column_list(content, line.indent, columns);
            return;
        }
        // `**customers**` alone on its line names an entity (renamed when
        // lowering), where a plain lower-case word would be a field.
        let lower = decl::lowercase_header(content).or_else(|| {
            // `patients:` on a line of its own names a table in a
            // plain-text schema; in a list it is a field.
            (!is_item).then(|| decl::lowercase_label(content)).flatten()
        });
        let shape = match lower {
            Some(name) if !is_item || !nested || section.context.is_some_and(|c| c.any_indent) => {
                EntityLine::Header { name }
            }
            _ => decl::entity_line(content),
        };
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
            // `**Dog** — the animals we board`: a name in bold followed by a
            // remark is an entity too.
            let bare_label = matches!(shape, EntityLine::Header { name }
                if is_bare_name(decl::skip_declaration_word(content), name)
                    || content.fragment().starts_with(['*', '_']));
            // `**Project** the work we track`: the name in bold is the
            // entity's, the remark after it prose, reported as such.
            let remarked = matches!(shape, EntityLine::Prose)
                .then(|| decl::remarked_name(content))
                .flatten();
            if let Some((name, remark)) = remarked {
                let span = span_of(&content);
                section.open_entity(name, content, EntityShape::Bullet, span, line.indent);
                self.diagnostics.push(
                    SyntaxProblem::EntityRemark {
                        span: span_of(&remark),
                        entity: name.fragment().to_string(),
                        section: section.heading.span,
                    }
                    .into(),
                );
                return;
            }
            match shape {
                EntityLine::Header { name } if bare_label => {
                    let span = span_of(&content);
                    section.open_entity(name, content, EntityShape::Bullet, span, line.indent);
                }
                EntityLine::Inline { name, fields } if all_fields_parse(fields) => {
                    let span = span_of(&content);
                    section.open_entity(name, content, EntityShape::Inline, span, line.indent);
                    self.inline_fields(fields);
                }
                _ if section.ends_at_title
                    && nested
                    && !section.entities.is_empty()
                    && numbered_title::is_plain_field(content) =>
                {
                    match decl::field_line(content) {
                        Ok(field) => section.add_field(field),
                        Err(error) => {
                            section.add_unreadable();
                            self.field_error(error);
                        }
                    }
                }
                _ if self.bare_header(&line, content, nested) => {}
                _ => self.prose_line(nested, content),
            }
            return;
        }
        if starts_entity {
            let span = span_of(&content);
            match shape {
                EntityLine::Header { name } => {
                    section.start_entity(name, content, EntityShape::Bullet, span);
                }
                EntityLine::Inline { name, fields } => {
                    section.start_entity(name, content, EntityShape::Inline, span);
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
                Ok(field) => match decl::grouped_fields(content, &field) {
                    Some(read) => self.phrase_fields(read),
                    None => section.add_field(field),
                },
                Err(error) => self.phrase_item(content, error),
            }
            return;
        }
        match shape {
            EntityLine::FieldLike => {
                // `order-line: qty (integer)` at the entities' level is an
                // entity with a badly written name (reported when lowering,
                // with the name to write), not a field without an entity.
                if let Some((name, fields)) = decl::misnamed_inline_entity(content) {
                    section.start_entity(name, content, EntityShape::Inline, span_of(&content));
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
                        lower_name: decl::lowercase_name_alone(content).map(|name| {
                            (
                                name.fragment().to_string(),
                                naming::pascal_case(name.fragment()),
                            )
                        }),
                    }
                    .into(),
                );
            }
        }
    }

    /// A line of prose in the entity section: a field without its list
    /// marker is reported; anything else joins the
    /// paragraph [`Parser::end_prose`] reports as prose.
    fn prose_line(&mut self, nested: bool, content: Input) {
        let Some(section) = &mut self.section else {
            return;
        };
        let span = span_of(&content);
        // Only a well-formed name and a type (a type word, `enum` or an
        // entity's capitalised name): anything looser is a sentence's.
        if decl::field_line(content).is_ok_and(|field| {
            let type_name = field.type_name.text.as_str();
            is_field_name(&field.name.text)
                && (vocabulary::field_type(type_name).is_some()
                    || type_name.eq_ignore_ascii_case("enum")
                    || type_name.starts_with(|c: char| c.is_ascii_uppercase()))
        }) {
            let entity = nested
                .then(|| section.entities.last().map(|entity| entity.name.span))
                .flatten();
            self.diagnostics
                .push(SyntaxProblem::FieldWithoutListMarker { span, entity }.into());
            return;
        }
        section.prose = Some(
            section
                .prose
                .map_or(span, |paragraph| paragraph.cover(span)),
        );
        section.in_prose = true;
    }

    /// Ends the paragraph of prose being read, if any.
    fn end_paragraph(&mut self) {
        if let Some(section) = &mut self.section {
            section.in_prose = false;
        }
        self.end_prose();
    }

    /// Reports the paragraph of prose that the last lines made, once a line
    /// that is not part of it comes.
    fn end_prose(&mut self) {
        let Some(section) = &mut self.section else {
            return;
        };
        if std::mem::take(&mut section.in_prose) {
            return;
        }
        if let Some(span) = section.prose.take() {
            self.diagnostics.push(
                SyntaxProblem::ProseSkipped {
                    span,
                    section: section.heading.span,
                }
                .into(),
            );
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
}

impl SectionBuilder {
    fn new(heading: Text, level: u8, near_miss: Option<&'static str>, full: Span) -> Self {
        SectionBuilder {
            heading,
            level,
            near_miss,
            ended_by_peer: None,
            start: full.start,
            end: full.end,
            entities: Vec::new(),
            context: None,
            table: None,
            subheading: None,
            prose: None,
            in_prose: false,
            block: None,
            block_table: false,
            relationships: Vec::new(),
            ends_at_rule: false,
            ends_at_title: false,
        }
    }

    /// An entity named `name` in `declaration`, the text of its line.
    fn start_entity(&mut self, name: Input, declaration: Input, shape: EntityShape, line: Span) {
        self.entities.push(Entity {
            name: text_of(&name),
            shape,
            fields: Vec::new(),
            unreadable_fields: 0,
            unique_groups: Vec::new(),
            renamed_from: decl::renamed_from(declaration, name).map(|old| text_of(&old)),
            span: line,
        });
        self.end = self.end.max(line.end);
    }

    /// Starts an entity whose fields follow it at any indentation from
    /// `indent` on (a heading's, a bold name's, a bare name's).
    fn open_entity(
        &mut self,
        name: Input,
        declaration: Input,
        shape: EntityShape,
        line: Span,
        indent: usize,
    ) {
        self.start_entity(name, declaration, shape, line);
        self.context = Some(Context {
            indent,
            any_indent: true,
        });
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
    section::unwrap_words(strip_number(text))
}

/// Whether the whole line is the entity's name with optional emphasis and
/// colon: `Task`, `**Task**`, `Task:`.
fn is_bare_name(content: Input, name: Input) -> bool {
    // `Client (was Customer)` is bare too: its rename remark is set aside.
    let text = *content.fragment();
    let remark = decl::renamed_from(content, name).and_then(|old| {
        let at = old.location_offset() - content.location_offset();
        let open = text[..at].rfind('(')?;
        let close = at + text[at..].find(')')?;
        Some(open..close + 1)
    });
    let (before, after) = match remark {
        Some(range) => (&text[..range.start], &text[range.end..]),
        None => (text, ""),
    };
    before
        .chars()
        .chain(after.chars())
        .filter(|c| !matches!(c, '*' | '_' | '`' | ':' | ' ' | '\t'))
        .eq(name.fragment().chars().filter(|c| *c != '_'))
}

/// Outside the entity section, a line that declares an entity with fields
/// or a field of a known type: `- Project: name (string)`, `- title: text`.
fn entity_like(content: Input) -> Option<Span> {
    let known = |field: &super::ast::Field| vocabulary::field_type(&field.type_name.text).is_some();
    let declares = match decl::entity_line(content) {
        EntityLine::Inline { fields, .. } => {
            let fields = decl::inline_fields(fields);
            fields.iter().all(Result::is_ok) && fields.iter().flatten().any(known)
        }
        _ => decl::field_line(content).is_ok_and(|field| known(&field)),
    };
    declares.then(|| span_of(&content))
}

/// A line without the `>` marks of a blockquote, and the list marker of a
/// list inside one: where a quoted user story starts.
fn unquoted(content: Input) -> Input {
    let fragment = *content.fragment();
    if !fragment.starts_with('>') {
        return content;
    }
    let quote = fragment.len() - fragment.trim_start_matches(['>', ' ', '\t']).len();
    let rest = skip(content, quote);
    let text = *rest.fragment();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = if text.starts_with(['-', '*', '+']) {
        1
    } else if digits > 0 && digits <= 9 && text[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        0
    };
    let after = &text[marker..];
    if marker > 0 && after.starts_with([' ', '\t']) {
        skip(
            rest,
            marker + after.len() - after.trim_start_matches([' ', '\t']).len(),
        )
    } else {
        rest
    }
}

/// A thematic break: three or more `-`, `*` or `_` and nothing else.
fn is_thematic_break(text: &str) -> bool {
    let text = text.trim_end();
    ['-', '*', '_']
        .iter()
        .any(|&mark| text.len() >= 3 && text.chars().all(|c| c == mark))
}

/// A lower snake_case name, as the grammar's `FieldName`.
fn is_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
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
