//! microcodegen: a compiler from a Markdown PRD to a FastAPI application.

pub mod emit;
pub mod genome;
pub mod pack;
pub mod syntax;
