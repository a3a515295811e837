//! The problems each phase of the front end (and an update) finds, as typed values: what is
//! wrong, where, and the words and names involved, with no prose (a target
//! reports its own problems, in its own module). `diagnostics::messages`
//! turns each into a [`Diagnostic`](crate::diagnostics::Diagnostic) beside
//! the table of codes, so a problem's message, labels, help and explanation
//! are read in one place.

mod embedded;
mod inference;
mod lower;
mod syntax;
mod update;

pub use embedded::{BuiltInColumn, EmbeddedProblem, NameKind, Notation, SkippedBlock, UnreadPart};
pub use inference::{Inference, RenameReason, TypeRule};
pub use lower::{LowerProblem, Measure, NameSource, RenameFault, SectionNear};
pub use syntax::{FieldFault, StoryFault, StoryFix, SyntaxProblem};
pub use update::UpdateProblem;
