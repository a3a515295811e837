//! Rendering diagnostics through codespan-reporting.

use std::io::{self, IsTerminal};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor};

use super::{Diagnostic, Severity};

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorMode {
    /// Colour when standard error is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    Always,
    Never,
}

fn to_codespan(file_name: &str, diagnostic: &Diagnostic) -> cs::Diagnostic<()> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = vec![
        cs::Label::primary((), diagnostic.primary.span.range())
            .with_message(diagnostic.primary.message.clone()),
    ];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        cs::Label::secondary((), label.span.range()).with_message(label.message.clone())
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
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders diagnostics as plain text, the way they appear on a terminal
/// without colour.
pub fn render_plain(file_name: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(file_name, source);
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        // Spans always lie within the source, so rendering cannot fail; if it
        // ever did, the message alone is still worth showing.
        match term::emit_into_string(&config, &file, &to_codespan(file_name, diagnostic)) {
            Ok(text) => out.push_str(&text),
            Err(_) => out.push_str(&format!(
                "{}[{}]: {}\n",
                severity_word(diagnostic.severity),
                diagnostic.code,
                diagnostic.message
            )),
        }
    }
    out
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
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
    let file = SimpleFile::new(file_name, source);
    let config = Config::default();
    let stream = termcolor::StandardStream::stderr(color);
    let mut lock = stream.lock();
    for diagnostic in diagnostics {
        term::emit_to_write_style(
            &mut lock,
            &config,
            &file,
            &to_codespan(file_name, diagnostic),
        )
        .map_err(io::Error::other)?;
    }
    Ok(())
}
