//! The syntax layer: spans, the AST and the parser.

mod span;

pub use span::Span;
