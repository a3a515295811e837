//! The answers to an editor's questions about one document: diagnostics,
//! quick fixes, hover, definition, references, rename, the outline, folding
//! and completion. Each is a function of the document's text, what the
//! compiler reads in it and the position encoding; none can fail on any
//! text or position.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol,
    FoldingRange, FoldingRangeKind, Hover, HoverContents, Location, MarkupContent, MarkupKind,
    NumberOrString, Range, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use super::document::{Document, Item, Symbols};
use super::position::Encoding;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::genome::{self, FieldType, Genome};
use crate::span::Span;
use crate::targets::Target;
use crate::vocabulary;
use crate::{Reading, naming};

/// What every answer needs: the document, what is read in it, the client's
/// encoding and the document's address.
pub struct View<'a> {
    pub text: &'a str,
    pub document: &'a Document,
    pub reading: &'a Reading,
    pub symbols: &'a Symbols,
    pub encoding: Encoding,
    pub uri: &'a Uri,
}

impl View<'_> {
    fn range(&self, span: Span) -> Range {
        self.document.lines.range(self.text, span, self.encoding)
    }

    fn location(&self, span: Span) -> Location {
        Location::new(self.uri.clone(), self.range(span))
    }

    fn genome(&self) -> Option<&Genome> {
        self.reading.genome.as_ref()
    }
}

// ---------------------------------------------------------------- diagnostics

pub fn diagnostics(view: &View) -> Vec<LspDiagnostic> {
    view.reading
        .diagnostics
        .iter()
        .map(|diagnostic| to_lsp(view, diagnostic))
        .collect()
}

fn to_lsp(view: &View, diagnostic: &Diagnostic) -> LspDiagnostic {
    let mut message = diagnostic.message.clone();
    if !diagnostic.primary.message.is_empty() {
        message.push_str(&format!(": {}", diagnostic.primary.message));
    }
    for note in &diagnostic.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: view.location(label.span),
            message: label.message.clone(),
        })
        .collect();
    LspDiagnostic {
        range: view.range(diagnostic.primary.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            // How a line was read: shown quietly, as an editor shows hints.
            Severity::Note => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        source: Some("microcodegen".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    }
}

// ---------------------------------------------------------------- code actions

/// A quick fix for each suggestion of a diagnostic that touches `range`,
/// and one action that applies every suggestion of the file, as
/// `check --fix` does.
pub fn code_actions(view: &View, range: Range) -> Vec<CodeActionOrCommand> {
    let wanted = view.document.lines.span(view.text, range, view.encoding);
    let mut actions = Vec::new();
    let mut any = false;
    for diagnostic in &view.reading.diagnostics {
        let Some(suggestion) = &diagnostic.suggestion else {
            continue;
        };
        if view.text.get(suggestion.span.range()).is_none() {
            continue;
        }
        any = true;
        let span = diagnostic.primary.span;
        if span.end < wanted.start || wanted.end < span.start {
            continue;
        }
        let edit = TextEdit::new(view.range(suggestion.span), suggestion.replacement.clone());
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix_title(&view.text[suggestion.span.range()], &suggestion.replacement),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_lsp(view, diagnostic)]),
            edit: Some(edit_of(view.uri, vec![edit])),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    if any {
        let (fixed, applied) = diagnostics::apply_suggestions(view.text, &view.reading.diagnostics);
        if applied > 0 {
            let whole = TextEdit::new(view.range(Span::new(0, view.text.len())), fixed);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Apply every mechanical fix in the file ({applied} {})",
                    if applied == 1 { "fix" } else { "fixes" }
                ),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit_of(view.uri, vec![whole])),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

fn fix_title(written: &str, replacement: &str) -> String {
    let short = |text: &str| {
        let mut chars = text.chars();
        let head: String = chars.by_ref().take(40).collect();
        if chars.next().is_some() {
            format!("{head}…")
        } else {
            head
        }
    };
    match (written.is_empty(), replacement.is_empty()) {
        (true, _) => format!("Insert `{}`", short(replacement)),
        (false, true) => format!("Remove `{}`", short(written)),
        (false, false) => format!("Change `{}` to `{}`", short(written), short(replacement)),
    }
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

// ---------------------------------------------------------------- hover

/// What is at `offset`: an entity, field or story described, and the
/// explanation of each diagnostic there (what `microcodegen explain`
/// prints), so the code's meaning is one hover away.
pub fn hover(view: &View, offset: usize, target: &dyn Target) -> Option<Hover> {
    let described = view.symbols.at(offset).map(|item| match item {
        Item::Entity(e) => (describe_entity(view, e, target), None),
        Item::Field(e, f) => {
            let field = &view.symbols.entities[e].fields[f];
            (describe_field(view, e, f), Some(field.name_span))
        }
        Item::Story(s) => (
            describe_story(view, s, target),
            Some(view.symbols.stories[s].span),
        ),
    });
    let explained: Vec<String> = view
        .reading
        .diagnostics
        .iter()
        .filter(|d| !d.whole_document)
        .filter(|d| d.primary.span.start <= offset && offset <= d.primary.span.end)
        .filter_map(|d| diagnostics::CODES.iter().find(|info| info.code == d.code))
        .map(|info| format!("**{}**: {}\n\n{}", info.id, info.summary, info.explanation))
        .collect();
    let (mut text, span) = described.unwrap_or_default();
    for explanation in explained {
        if !text.is_empty() {
            text.push_str("\n\n---\n\n");
        }
        text.push_str(&explanation);
    }
    if text.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: span.map(|span| view.range(span)),
    })
}

fn describe_entity(view: &View, e: usize, target: &dyn Target) -> String {
    let symbol = &view.symbols.entities[e];
    let mut out = format!("**{}**, an entity", symbol.name);
    let Some(entity) = view
        .genome()
        .and_then(|genome| view.symbols.genome_entity(genome, e))
    else {
        out.push_str(" (not read: see the diagnostics on its declaration)");
        return out;
    };
    out.push_str(&format!(
        " ({} {})\n\n",
        entity.fields.len(),
        if entity.fields.len() == 1 {
            "field"
        } else {
            "fields"
        }
    ));
    for field in &entity.fields {
        out.push_str(&format!("- `{}`: {}\n", field.name, field_summary(field)));
    }
    for group in &entity.unique_together {
        out.push_str(&format!("- unique together: {}\n", group.fields.join(", ")));
    }
    out.push('\n');
    for place in target.entity_places(entity) {
        out.push_str(&format!("- {place}\n"));
    }
    out
}

fn describe_field(view: &View, e: usize, f: usize) -> String {
    let entity = &view.symbols.entities[e];
    let symbol = &entity.fields[f];
    let field = view.genome().and_then(|genome| {
        let entity = view.symbols.genome_entity(genome, e)?;
        symbol.genome.map(|at| &entity.fields[at])
    });
    match field {
        Some(field) => format!(
            "`{}` of **{}**: {}\n\ncolumn `{}`",
            field.name,
            entity.name,
            field_summary(field),
            field.column()
        ),
        None => format!(
            "`{}` of **{}** (not read: see the diagnostics on its line)",
            symbol.name, entity.name
        ),
    }
}

/// A field's type and modifiers in words: `string, required, at most 80`.
fn field_summary(field: &genome::Field) -> String {
    let mut parts = vec![match (&field.reference, field.field_type) {
        (Some(reference), _) => format!("link to **{}**", reference.entity),
        (None, FieldType::Enum) => format!("one of {}", field.enum_values.join(", ")),
        (None, field_type) => field_type.canonical_name().to_string(),
    }];
    parts.push(
        if field.required {
            "required"
        } else {
            "optional"
        }
        .to_string(),
    );
    if field.unique {
        parts.push("unique".to_string());
    }
    if field.indexed && field.reference.is_none() {
        parts.push("indexed".to_string());
    }
    let text = matches!(
        field.field_type,
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url
    );
    let (at_least, at_most) = if text {
        ("at least {} characters", "at most {} characters")
    } else {
        ("at least {}", "at most {}")
    };
    if let Some(min) = &field.min {
        parts.push(at_least.replace("{}", &min.to_string()));
    }
    if let Some(max) = &field.max {
        parts.push(at_most.replace("{}", &max.to_string()));
    }
    if let Some(pattern) = &field.pattern {
        parts.push(format!("matching `{pattern}`"));
    }
    if let Some(default) = &field.default {
        parts.push(format!("default {default}"));
    }
    if let Some(reference) = &field.reference {
        parts.push(match reference.on_delete {
            genome::OnDelete::Restrict => "its row cannot be deleted while linked".to_string(),
            genome::OnDelete::SetNull => "cleared when its row is deleted".to_string(),
        });
    }
    parts.join(", ")
}

fn describe_story(view: &View, s: usize, target: &dyn Target) -> String {
    let Some((genome, story)) = view.genome().and_then(|genome| {
        view.symbols.stories[s]
            .genome
            .map(|at| (genome, &genome.user_stories[at]))
    }) else {
        return "A user story (not traced: see the diagnostics)".to_string();
    };
    let mut out = format!("User story of the **{}**", story.role);
    if story.entities.is_empty() {
        out.push_str(": it names no entity.");
        return out;
    }
    out.push_str(", traced to:\n\n");
    for name in &story.entities {
        if let Some(entity) = genome.entities.iter().find(|e| &e.name == name) {
            out.push_str(&format!(
                "- **{}**: {}\n",
                entity.name,
                target.entity_places(entity).join("; ")
            ));
        }
    }
    out
}

// ---------------------------------------------------------------- navigation

/// Where the entity or field at `offset` is declared.
pub fn definition(view: &View, offset: usize) -> Option<Location> {
    match view.symbols.at(offset)? {
        Item::Entity(e) => Some(view.location(view.symbols.entities[e].name_span)),
        Item::Field(e, f) => Some(view.location(view.symbols.entities[e].fields[f].name_span)),
        Item::Story(_) => None,
    }
}

/// Every place that names the entity or field at `offset`.
pub fn references(view: &View, offset: usize, with_declaration: bool) -> Vec<Location> {
    let mut spans = match view.symbols.at(offset) {
        Some(Item::Entity(e)) => {
            let entity = &view.symbols.entities[e];
            let mut spans = entity.links.clone();
            spans.extend(&entity.mentions);
            if with_declaration {
                spans.push(entity.name_span);
            }
            spans
        }
        Some(Item::Field(e, f)) => {
            let field = &view.symbols.entities[e].fields[f];
            let mut spans = field.uses.clone();
            if with_declaration {
                spans.push(field.name_span);
            }
            spans
        }
        Some(Item::Story(_)) | None => Vec::new(),
    };
    spans.sort();
    spans.dedup();
    spans.into_iter().map(|span| view.location(span)).collect()
}

/// The name a rename at `offset` would change, and its range.
pub fn prepare_rename(view: &View, offset: usize) -> Option<(Range, String)> {
    let spans = rename_spans(view, offset)?.0;
    let at = spans
        .iter()
        .find(|span| span.start <= offset && offset <= span.end)
        .copied()
        .or_else(|| spans.first().copied())?;
    Some((view.range(at), view.text.get(at.range())?.to_string()))
}

/// The spans a rename at `offset` changes, and whether it names an entity.
fn rename_spans(view: &View, offset: usize) -> Option<(Vec<Span>, bool)> {
    match view.symbols.at(offset)? {
        Item::Entity(e) => {
            let entity = &view.symbols.entities[e];
            let mut spans = entity.links.clone();
            spans.push(entity.name_span);
            // Every other declaration of the same name is renamed too, so a
            // rename never turns a duplicate into two different entities.
            spans.extend(
                view.symbols
                    .entities
                    .iter()
                    .filter(|other| other.name == entity.name)
                    .map(|other| other.name_span),
            );
            spans.sort();
            spans.dedup();
            Some((spans, true))
        }
        Item::Field(e, f) => {
            let field = &view.symbols.entities[e].fields[f];
            let mut spans = field.uses.clone();
            spans.push(field.name_span);
            spans.sort();
            Some((spans, false))
        }
        Item::Story(_) => None,
    }
}

/// The edit that renames the entity or field at `offset` to `new_name`, or
/// why it cannot.
pub fn rename(view: &View, offset: usize, new_name: &str) -> Result<WorkspaceEdit, String> {
    let (spans, is_entity) = rename_spans(view, offset)
        .ok_or_else(|| "there is no entity or field to rename here".to_string())?;
    let valid = if is_entity {
        new_name.starts_with(|c: char| c.is_ascii_uppercase())
            && new_name.chars().all(|c| c.is_ascii_alphanumeric())
    } else {
        new_name.starts_with(|c: char| c.is_ascii_lowercase())
            && new_name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if !valid {
        return Err(if is_entity {
            format!(
                "`{new_name}` is not an entity name: use PascalCase letters and digits, such as `OrderItem`"
            )
        } else {
            format!("`{new_name}` is not a field name: use snake_case, such as `due_date`")
        });
    }
    let edits = spans
        .into_iter()
        .map(|span| TextEdit::new(view.range(span), new_name.to_string()))
        .collect();
    Ok(edit_of(view.uri, edits))
}

// ---------------------------------------------------------------- outline

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given.
pub fn document_symbols(view: &View) -> Vec<DocumentSymbol> {
    view.symbols
        .entities
        .iter()
        .map(|entity| DocumentSymbol {
            name: entity.name.clone(),
            detail: Some("entity".to_string()),
            kind: SymbolKind::CLASS,
            tags: None,
            deprecated: None,
            range: view.range(entity.span.cover(entity.name_span)),
            selection_range: view.range(entity.name_span),
            children: Some(
                entity
                    .fields
                    .iter()
                    .map(|field| DocumentSymbol {
                        name: field.name.clone(),
                        detail: view.text.get(field.type_span.range()).map(str::to_string),
                        kind: SymbolKind::FIELD,
                        tags: None,
                        deprecated: None,
                        range: view.range(field.span.cover(field.name_span)),
                        selection_range: view.range(field.name_span),
                        children: None,
                    })
                    .collect(),
            ),
        })
        .collect()
}

/// Each entity's declaration, and each entity section, when it spans
/// several lines.
pub fn folding_ranges(view: &View) -> Vec<FoldingRange> {
    let sections = view.reading.prd.entity_sections.iter().map(|s| s.span);
    let entities = view.symbols.entities.iter().map(|e| e.span);
    sections
        .chain(entities)
        .filter_map(|span| {
            let range = view.range(span);
            (range.end.line > range.start.line).then(|| FoldingRange {
                start_line: range.start.line,
                end_line: range.end.line,
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            })
        })
        .collect()
}

// ---------------------------------------------------------------- completion

/// What can be written at `offset`: a type (or an entity to link to) in a
/// field's type position, a modifier after it, an enumeration value after
/// `default=`.
pub fn completion(view: &View, offset: usize) -> Vec<CompletionItem> {
    let line_start = view.text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let before = &view.text[line_start..offset];
    match position_kind(view.text, line_start, before) {
        Some(Slot::Type) => type_items(view),
        Some(Slot::Modifier) => modifier_items(),
        Some(Slot::DefaultValue) => {
            let Some((e, f)) = view.symbols.field_around(offset) else {
                return Vec::new();
            };
            view.symbols.entities[e].fields[f]
                .enum_values
                .iter()
                .filter(|value| !value.is_empty())
                .map(|value| CompletionItem {
                    label: value.clone(),
                    kind: Some(CompletionItemKind::ENUM_MEMBER),
                    detail: Some("enumeration value".to_string()),
                    ..CompletionItem::default()
                })
                .collect()
        }
        None => Vec::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Type,
    Modifier,
    DefaultValue,
}

/// Which slot of a field the text `before` the cursor on its line ends in.
fn position_kind(text: &str, line_start: usize, before: &str) -> Option<Slot> {
    if before.trim_start().starts_with('|') {
        return table_slot(text, line_start, before);
    }
    // Inside the parentheses after a field's name: `name (type, modifier`.
    let open = before.rfind('(')?;
    let inside = &before[open + 1..];
    if inside.contains(')') || before[..open].trim().is_empty() {
        return None;
    }
    let Some(comma) = inside.rfind(',') else {
        return Some(Slot::Type);
    };
    let item = inside[comma + 1..].trim_start().to_ascii_lowercase();
    if item.starts_with("default=") || item.starts_with("default:") {
        Some(Slot::DefaultValue)
    } else if item.contains('=') || item.contains(':') {
        None
    } else {
        Some(Slot::Modifier)
    }
}

/// In a field table: the cell the cursor is in, by its column's header.
fn table_slot(text: &str, line_start: usize, before: &str) -> Option<Slot> {
    let cell = before.matches('|').count().checked_sub(1)?;
    // The header is the first of the table's consecutive `|` lines.
    let mut header = &text[line_start..];
    let mut start = line_start;
    while start > 0 {
        let previous_start = text[..start - 1].rfind('\n').map_or(0, |at| at + 1);
        let previous = &text[previous_start..start - 1];
        if !previous.trim_start().starts_with('|') {
            break;
        }
        header = previous;
        start = previous_start;
    }
    let header_cell = header
        .trim()
        .trim_start_matches('|')
        .split('|')
        .nth(cell)?
        .trim()
        .to_ascii_lowercase();
    match header_cell.as_str() {
        "type" => Some(Slot::Type),
        "modifiers" | "constraints" => Some(Slot::Modifier),
        _ => None,
    }
}

fn type_items(view: &View) -> Vec<CompletionItem> {
    let mut types: Vec<&str> = vocabulary::TYPE_WORDS
        .iter()
        .map(|&(_, canonical)| canonical)
        .collect();
    types.push("enum");
    types.sort_unstable();
    types.dedup();
    let mut items: Vec<CompletionItem> = types
        .into_iter()
        .map(|name| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::TYPE_PARAMETER),
            detail: Some("field type".to_string()),
            ..CompletionItem::default()
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for entity in &view.symbols.entities {
        if seen.insert(entity.name.as_str()) {
            items.push(CompletionItem {
                label: entity.name.clone(),
                kind: Some(CompletionItemKind::CLASS),
                detail: Some(format!(
                    "link to a {}",
                    naming::label(&naming::snake_case(&entity.name))
                )),
                ..CompletionItem::default()
            });
        }
    }
    items
}

fn modifier_items() -> Vec<CompletionItem> {
    let words = ["required", "optional", "unique", "indexed"]
        .into_iter()
        .map(|word| CompletionItem {
            label: word.to_string(),
            kind: Some(CompletionItemKind::KEYWORD),
            detail: Some("modifier".to_string()),
            ..CompletionItem::default()
        });
    let keyed = [
        ("max=", "the largest value, or the longest text"),
        ("min=", "the smallest value, or the shortest text"),
        (
            "default=",
            "the value a create that leaves the field out stores",
        ),
        ("pattern=", "a regular expression the text must match"),
    ]
    .into_iter()
    .map(|(key, what)| CompletionItem {
        label: key.to_string(),
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some(what.to_string()),
        ..CompletionItem::default()
    });
    words.chain(keyed).collect()
}
