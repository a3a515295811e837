//! The syntax layer: the AST and the parser.
//!
//! Parsing never fails: it returns a tree and the problems it found, and
//! recovers at the next line. No nom type leaves this module.

mod ast;
mod decl;
mod embedded;
mod lines;
mod parser;

pub use ast::*;

use crate::diagnostics::Diagnostic;
use crate::problems::SyntaxProblem;
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
        let at = error.valid_up_to();
        Box::new(Diagnostic::from(SyntaxProblem::InvalidUtf8 {
            // The invalid bytes become one U+FFFD in the lossy text.
            span: Span::new(at, at + '\u{fffd}'.len_utf8()),
            valid: at,
            invalid: error.error_len().unwrap_or(bytes.len() - at),
            length: bytes.len(),
        }))
    })?;
    if let Some(at) = text.find('\0') {
        return Err(Box::new(
            SyntaxProblem::NulByte {
                span: Span::new(at, at + 1),
            }
            .into(),
        ));
    }
    Ok(text)
}
