//! Rendering diagnostics through codespan-reporting.

use std::io::{self, IsTerminal, Write};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, Config, termcolor};

use serde::Serialize;

use super::excerpt::Excerpt;
use super::{Diagnostic, Severity};
use crate::span::Span;

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorMode {
    /// Colour when standard error is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    Always,
    Never,
}

/// A diagnostic in codespan-reporting's terms, with the excerpt of the
/// source it shows (spans moved into the excerpt).
fn to_codespan<'a>(
    file_name: &'a str,
    source: &str,
    index: &LineIndex,
    diagnostic: &Diagnostic,
) -> (Excerpt<'a>, cs::Diagnostic<()>) {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let spans: Vec<Span> = if diagnostic.whole_document {
        Vec::new()
    } else {
        std::iter::once(diagnostic.primary.span)
            .chain(diagnostic.secondary.iter().map(|label| label.span))
            .collect()
    };
    let excerpt = Excerpt::new(file_name, source, index, &spans);
    let range = |span: Span| excerpt.map(index, span.start)..excerpt.map(index, span.end);
    let mut labels = vec![
        cs::Label::primary((), range(diagnostic.primary.span))
            .with_message(diagnostic.primary.message.clone()),
    ];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        cs::Label::secondary((), range(label.span)).with_message(label.message.clone())
    }));
    let mut notes = diagnostic.notes.clone();
    if diagnostic.whole_document {
        // No line is the place to point at, and quoting the first line of
        // an arbitrary document (which may be megabytes long) helps nobody.
        labels.clear();
        notes.insert(0, format!("in {file_name}"));
    }
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes);
    (excerpt, diagnostic)
}

/// Renders diagnostics as plain text, the way they appear on a terminal
/// without colour.
pub fn render_plain(file_name: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(file_name, source, &index, diagnostic));
    }
    out
}

/// One diagnostic as plain text.
fn render_one(file_name: &str, source: &str, index: &LineIndex, diagnostic: &Diagnostic) -> String {
    let (excerpt, rendered) = to_codespan(file_name, source, index, diagnostic);
    // Spans always lie within the source, so rendering cannot fail; if it
    // ever did, the message alone is still worth showing.
    match term::emit_into_string(&Config::default(), &excerpt, &rendered) {
        Ok(text) => text,
        Err(_) => format!(
            "{}[{}]: {}\n",
            severity_word(diagnostic.severity),
            diagnostic.code,
            diagnostic.message
        ),
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Renders diagnostics to standard error, in colour when `mode` allows it.
pub fn render_to_stderr(
    file_name: &str,
    source: &str,
    diagnostics: &[Diagnostic],
    mode: ColorMode,
) -> io::Result<()> {
    let color = match mode {
        ColorMode::Always => termcolor::ColorChoice::Always,
        ColorMode::Never => termcolor::ColorChoice::Never,
        ColorMode::Auto => {
            if io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            {
                termcolor::ColorChoice::Auto
            } else {
                termcolor::ColorChoice::Never
            }
        }
    };
    let index = LineIndex::new(source);
    let config = Config::default();
    let stream = termcolor::StandardStream::stderr(color);
    let mut lock = stream.lock();
    for diagnostic in diagnostics {
        // Standard error is unbuffered: one write per diagnostic, not one
        // per piece of it.
        let mut buffer = if !termcolor::WriteColor::supports_color(&lock) {
            termcolor::Buffer::no_color()
        } else {
            termcolor::Buffer::ansi()
        };
        let (excerpt, rendered) = to_codespan(file_name, source, &index, diagnostic);
        term::emit_to_write_style(&mut buffer, &config, &excerpt, &rendered)
            .map_err(io::Error::other)?;
        lock.write_all(buffer.as_slice())?;
    }
    Ok(())
}

/// Byte offsets to 1-based lines and columns, computed once per source.
///
/// Columns count characters (Unicode scalar values) and lines end at `\n`,
/// exactly as codespan-reporting counts them, so the JSON output and the
/// `file:line:column` of the text output always agree.
pub struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        LineIndex {
            source,
            starts: codespan_reporting::files::line_starts(source).collect(),
        }
    }

    /// The 0-based index of the line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1) - 1
    }

    /// The bytes of a line, its line break included.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.source.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.source.len());
        start..end
    }

    /// The 1-based line and column of a byte offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        // `starts[0]` is 0, so at least one start is at or before `offset`.
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .source
            .get(start..offset)
            .map_or(0, |text| text.chars().count());
        (line, column + 1)
    }
}

/// A span in the JSON output.
#[derive(Serialize)]
struct JsonSpan<'a> {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    /// `None` for a problem with the document as a whole.
    primary: Option<JsonSpan<'a>>,
    secondary: Vec<JsonSpan<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
    suggestion: Option<JsonSuggestion<'a>>,
    /// The diagnostic as the text output shows it, without colour.
    rendered: String,
}

fn json_span<'a>(index: &LineIndex, span: Span, label: &'a str) -> JsonSpan<'a> {
    let (line, column) = index.locate(span.start);
    let (end_line, end_column) = index.locate(span.end);
    JsonSpan {
        start: span.start,
        end: span.end,
        line,
        column,
        end_line,
        end_column,
        label,
    }
}

/// Renders diagnostics as JSON Lines: one object per diagnostic, each on a
/// line of its own, with byte offsets and 1-based lines and columns.
pub fn render_json(file_name: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let whole = diagnostic.whole_document;
        let object = JsonDiagnostic {
            code: diagnostic.code.as_str(),
            severity: severity_word(diagnostic.severity),
            message: &diagnostic.message,
            file: file_name,
            primary: (!whole)
                .then(|| json_span(&index, diagnostic.primary.span, &diagnostic.primary.message)),
            secondary: diagnostic
                .secondary
                .iter()
                .map(|label| json_span(&index, label.span, &label.message))
                .collect(),
            notes: &diagnostic.notes,
            help: diagnostic.help.as_deref(),
            suggestion: diagnostic.suggestion.as_ref().map(|suggestion| {
                let (line, column) = index.locate(suggestion.span.start);
                JsonSuggestion {
                    start: suggestion.span.start,
                    end: suggestion.span.end,
                    line,
                    column,
                    replacement: &suggestion.replacement,
                }
            }),
            rendered: render_one(file_name, source, &index, diagnostic),
        };
        // Plain strings and numbers always serialise; the fallback keeps the
        // one-object-per-line promise even so.
        match serde_json::to_string(&object) {
            Ok(line) => out.push_str(&line),
            Err(_) => out.push_str(&format!(
                "{{\"code\":\"{}\",\"severity\":\"{}\"}}",
                diagnostic.code,
                severity_word(diagnostic.severity)
            )),
        }
        out.push('\n');
    }
    out
}
