//! Diagnostics: the one type every stage reports problems with, and its
//! rendering. This is the only module that knows about codespan-reporting.

mod codes;
mod excerpt;
mod fix;
mod messages;
mod render;

pub use codes::{CODES, Code, CodeInfo, explain, markdown_reference};
pub use fix::apply_suggestions;
#[cfg(test)]
pub(crate) use messages::one_of_each as one_problem_of_each_phase;
pub use render::{ColorMode, LineIndex, render_json, render_plain, render_to_stderr};

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// A span with a message, drawn under the source line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A replacement that fixes the problem mechanically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub span: Span,
    pub replacement: String,
}

/// One problem in a PRD.
///
/// Invariant: `primary.span` lies within the source the diagnostic was made
/// for, and so does every secondary label and suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub suggestion: Option<Suggestion>,
    /// The problem is with the document as a whole (nothing in it is the
    /// place to point at); the primary span is empty at offset 0.
    pub whole_document: bool,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity, pointing at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            suggestion: None,
            whole_document: false,
        }
    }

    /// A diagnostic about the whole document, such as a missing section.
    pub fn whole_document(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            whole_document: true,
            ..Diagnostic::new(code, Span::new(0, 0), message)
        }
    }

    /// The text drawn under the primary span.
    pub fn with_label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A machine-applicable fix: replace `span` with `replacement`.
    pub fn with_suggestion(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.suggestion = Some(Suggestion {
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Puts diagnostics in source order, keeping the order of those that start
/// at the same place.
pub fn sort_in_source_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.primary.span.start);
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
