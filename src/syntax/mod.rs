//! The syntax layer: the AST and the parser.
//!
//! Parsing never fails: it returns a tree and the problems it found, and
//! recovers at the next line. No nom type leaves this module.

mod ast;
mod decl;
mod lines;
mod parser;

pub use ast::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::span::Span;

/// Parses PRD text into its syntax tree.
pub fn parse(source: &str) -> (Prd, Vec<Diagnostic>) {
    parser::parse_document(source)
}

/// Checks that the input is text the compiler can read: UTF-8 without NUL
/// bytes. A byte-order mark is allowed and is skipped by the parser.
///
/// On failure the diagnostic points into the lossily decoded text, which
/// agrees with the input up to the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        Box::new({
            let at = error.valid_up_to();
            let bad = error.error_len().unwrap_or(bytes.len() - at);
            Diagnostic::new(
                Code::InvalidUtf8,
                // The invalid bytes become one U+FFFD in the lossy text.
                Span::new(at, at + '\u{fffd}'.len_utf8()),
                format!(
                    "the input is not valid UTF-8 text (byte {} of {})",
                    at + 1,
                    bytes.len()
                ),
            )
            .with_label(format!(
                "{bad} invalid byte{} here",
                if bad == 1 { "" } else { "s" }
            ))
            .with_help(
                "save the PRD as UTF-8 text; most editors offer this under \"Save with encoding\"",
            )
        })
    })?;
    if let Some(at) = text.find('\0') {
        return Err(Box::new(
            Diagnostic::new(
                Code::NulByte,
                Span::new(at, at + 1),
                format!("the input contains a NUL byte (byte {})", at + 1),
            )
            .with_label("NUL byte here")
            .with_help("a PRD is a plain text file; this looks like a binary file"),
        ));
    }
    Ok(text)
}
