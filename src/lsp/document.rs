//! An open document: its text as the editor has it, and what the compiler
//! reads in it, computed when first asked for after a change (a burst of
//! keystrokes is read once).
//!
//! [`Symbols`] is the map an editor navigates by: every entity and field
//! with the places that name it (a link's type, a unique group, a story),
//! from the tree as written, with the genome's meaning where the language
//! accepted the declaration.

use std::collections::HashMap;

use lsp_types::TextDocumentContentChangeEvent;

use super::position::{Encoding, Lines};
use crate::genome::{self, Genome};
use crate::span::Span;
use crate::targets::Target;
use crate::{Reading, lower, read_for_target};

pub struct Document {
    pub text: String,
    pub version: i32,
    /// The file's name without its extension, which names the app when
    /// the PRD does not (as on the command line).
    file_stem: Option<String>,
    pub lines: Lines,
    read: Option<(Reading, Symbols)>,
}

impl Document {
    pub fn new(text: String, version: i32, file_stem: Option<String>) -> Self {
        Document {
            file_stem,
            lines: Lines::new(&text),
            text,
            version,
            read: None,
        }
    }

    /// Applies one change: a range replaced, or the whole text when it has
    /// no range. Ranges out of the text are clamped to it.
    pub fn apply(&mut self, change: TextDocumentContentChangeEvent, encoding: Encoding) {
        match change.range {
            Some(range) => {
                let span = self.lines.span(&self.text, range, encoding);
                self.text.replace_range(span.range(), &change.text);
            }
            None => self.text = change.text,
        }
        self.lines = Lines::new(&self.text);
        self.read = None;
    }

    /// Reads the text, unless it was read since the last change.
    pub fn read(&mut self, target: &dyn Target) {
        if self.read.is_none() {
            let reading = read_for_target(self.text.as_bytes(), target, self.file_stem.as_deref());
            let symbols = Symbols::new(&reading, &self.text);
            self.read = Some((reading, symbols));
        }
    }

    /// What the compiler read in the text, and the map of its names: `None`
    /// when the text changed since [`Document::read`].
    pub fn read_already(&self) -> Option<(&Reading, &Symbols)> {
        self.read
            .as_ref()
            .map(|(reading, symbols)| (reading, symbols))
    }
}

/// The entities and fields of a document and where each is named.
#[derive(Debug, Default)]
pub struct Symbols {
    pub entities: Vec<EntitySymbol>,
    pub stories: Vec<StorySymbol>,
}

#[derive(Debug)]
pub struct EntitySymbol {
    pub name: String,
    pub name_span: Span,
    /// The declaration, from its name to its last field.
    pub span: Span,
    /// Its index in the genome's entities, when the language accepted it.
    pub genome: Option<usize>,
    pub fields: Vec<FieldSymbol>,
    /// The types of the fields that link to it.
    pub links: Vec<Span>,
    /// Where user stories name it.
    pub mentions: Vec<Span>,
}

#[derive(Debug)]
pub struct FieldSymbol {
    pub name: String,
    pub name_span: Span,
    pub type_span: Span,
    pub span: Span,
    /// Its index in its genome entity's fields.
    pub genome: Option<usize>,
    /// The entity its type links to (an index into [`Symbols::entities`]).
    pub link: Option<usize>,
    /// The enumeration values as written.
    pub enum_values: Vec<String>,
    /// Unique groups that name it.
    pub uses: Vec<Span>,
}

#[derive(Debug)]
pub struct StorySymbol {
    pub span: Span,
    /// Its index in the genome's stories.
    pub genome: Option<usize>,
}

/// What is at a place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Entity(usize),
    Field(usize, usize),
    Story(usize),
}

impl Symbols {
    fn new(reading: &Reading, text: &str) -> Self {
        let genome = reading.genome.as_ref();
        let genome_entities: HashMap<Span, usize> = genome
            .map(|genome| {
                genome
                    .entities
                    .iter()
                    .enumerate()
                    .map(|(index, entity)| (entity.name_span, index))
                    .collect()
            })
            .unwrap_or_default();
        let mut entities: Vec<EntitySymbol> = Vec::new();
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        let declared = reading
            .prd
            .entity_sections
            .iter()
            .flat_map(|section| &section.entities);
        for entity in declared.clone() {
            let index = entities.len();
            by_name.entry(entity.name.text.as_str()).or_insert(index);
            let genome_index = genome_entities.get(&entity.name.span).copied();
            let genome_fields: HashMap<Span, usize> = genome_index
                .and_then(|at| genome.map(|genome| &genome.entities[at].fields))
                .map(|fields| {
                    fields
                        .iter()
                        .enumerate()
                        .map(|(index, field)| (field.name_span, index))
                        .collect()
                })
                .unwrap_or_default();
            let mut fields: Vec<FieldSymbol> = entity
                .fields
                .iter()
                .map(|field| FieldSymbol {
                    name: field.name.text.clone(),
                    name_span: field.name.span,
                    type_span: field.type_name.span,
                    span: field.span,
                    genome: genome_fields.get(&field.name.span).copied(),
                    link: None,
                    enum_values: field
                        .enum_values
                        .iter()
                        .flatten()
                        .map(|value| value.text.clone())
                        .collect(),
                    uses: Vec::new(),
                })
                .collect();
            for group in &entity.unique_groups {
                for named in &group.fields {
                    if let Some(field) = fields.iter_mut().find(|f| f.name == named.text) {
                        field.uses.push(named.span);
                    }
                }
            }
            entities.push(EntitySymbol {
                name: entity.name.text.clone(),
                name_span: entity.name.span,
                span: entity.span,
                genome: genome_index,
                fields,
                links: Vec::new(),
                mentions: Vec::new(),
            });
        }
        // The genome may name an entity otherwise than the text (a plural
        // read as the singular): its names, to the entities as written.
        let mut by_genome_name: HashMap<&str, usize> = HashMap::new();
        if let Some(genome) = genome {
            for (at, symbol) in entities.iter().enumerate() {
                if let Some(index) = symbol.genome {
                    by_genome_name
                        .entry(genome.entities[index].name.as_str())
                        .or_insert(at);
                }
            }
        }
        // Links: the genome's where the language accepted the field, else a
        // type spelt exactly as a declared entity, so that navigation works
        // while other lines are still wrong.
        for (at, entity) in declared.enumerate() {
            for (field_at, field) in entity.fields.iter().enumerate() {
                let genome_field = entities[at].fields[field_at]
                    .genome
                    .zip(entities[at].genome)
                    .and_then(|(f, e)| genome.map(|g| &g.entities[e].fields[f]));
                let target = match genome_field.and_then(|f| f.reference.as_ref()) {
                    Some(reference) => by_genome_name.get(reference.entity.as_str()),
                    None if genome_field.is_none() => by_name.get(field.type_name.text.as_str()),
                    None => None,
                };
                if let Some(&target) = target {
                    entities[at].fields[field_at].link = Some(target);
                    entities[target].links.push(field.type_name.span);
                }
            }
        }
        let mut stories = Vec::new();
        if let Some(genome) = genome {
            let names: Vec<&str> = genome.entities.iter().map(|e| e.name.as_str()).collect();
            let words = lower::EntityWords::new(&names);
            for (index, story) in genome.user_stories.iter().enumerate() {
                stories.push(StorySymbol {
                    span: story.origin,
                    genome: Some(index),
                });
                let Some(story_text) = text.get(story.origin.range()) else {
                    continue;
                };
                for (range, name) in words.mentions_in(story_text) {
                    if let Some(&target) = by_genome_name.get(name.as_str()) {
                        let start = story.origin.start + range.start;
                        entities[target]
                            .mentions
                            .push(Span::new(start, story.origin.start + range.end));
                    }
                }
            }
        } else {
            stories.extend(reading.prd.user_stories.iter().map(|story| StorySymbol {
                span: story.span,
                genome: None,
            }));
        }
        Symbols { entities, stories }
    }

    /// The entity, field or story named at `offset` (a name's end counts,
    /// as the cursor sits there after typing it).
    pub fn at(&self, offset: usize) -> Option<Item> {
        let on = |span: &Span| span.start <= offset && offset <= span.end;
        for (e, entity) in self.entities.iter().enumerate() {
            if on(&entity.name_span)
                || entity.links.iter().any(on)
                || entity.mentions.iter().any(on)
            {
                return Some(Item::Entity(e));
            }
        }
        for (e, entity) in self.entities.iter().enumerate() {
            for (f, field) in entity.fields.iter().enumerate() {
                if on(&field.name_span) || field.uses.iter().any(on) {
                    return Some(Item::Field(e, f));
                }
            }
        }
        self.stories
            .iter()
            .position(|story| on(&story.span))
            .map(Item::Story)
    }

    /// The genome's entity of an entity symbol.
    pub fn genome_entity<'g>(&self, genome: &'g Genome, e: usize) -> Option<&'g genome::Entity> {
        self.entities[e].genome.map(|at| &genome.entities[at])
    }

    /// The field declared at `offset`'s line, if any: the entity and field.
    pub fn field_around(&self, offset: usize) -> Option<(usize, usize)> {
        self.entities.iter().enumerate().find_map(|(e, entity)| {
            entity
                .fields
                .iter()
                .position(|field| field.span.start <= offset && offset <= field.span.end)
                .map(|f| (e, f))
        })
    }
}
