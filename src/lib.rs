//! microcodegen: a compiler from a Markdown PRD to a FastAPI application.

pub mod genome;
pub mod syntax;
