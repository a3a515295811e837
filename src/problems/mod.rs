//! The problems each phase finds, as typed values: what is wrong, where, and
//! the words and names involved, with no prose. `diagnostics::messages`
//! turns each into a [`Diagnostic`](crate::diagnostics::Diagnostic) beside
//! the table of codes, so a problem's message, labels, help and explanation
//! are read in one place.

mod lower;
mod syntax;
mod target;

pub use lower::{LowerProblem, Measure, SectionNear};
pub use syntax::{FieldFault, StoryFault, StoryFix, SyntaxProblem};
pub use target::TargetProblem;
