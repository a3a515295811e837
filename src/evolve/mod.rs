//! Evolving an app when its PRD changes: the difference between the genome
//! an app was generated from and the new one, as plain data a target turns
//! into a migration.

mod conversions;
mod diff;
mod refusals;

pub use conversions::{Conversion, conversion};
pub use diff::{Alteration, Change, GenomeDiff, Owner, alterations, diff};
pub use refusals::refusals;
