//! Targets: the back ends that turn a genome into an application.
//!
//! A [`Target`] checks a genome against what its stack can express (the
//! names its languages and libraries reserve, its database's limits) and
//! plans the files of the application. Nothing outside `targets` names a
//! particular target except the CLI, which maps `--target` to one: `lib`
//! calls [`Target::check`] and [`Target::plan`], and `pack` writes any
//! [`FilePlan`].

pub mod fastapi;

use std::fmt;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::evolve::GenomeDiff;
use crate::files::FilePlan;
use crate::genome::{Entity, Genome};

/// A back end.
pub trait Target {
    /// What this target cannot generate from `genome`, as diagnostics.
    ///
    /// It runs on every genome lowering builds, also on one lowering found
    /// errors in: that genome holds only what the language accepted, so a
    /// run reports the language's problems and the target's together. It
    /// must stay linear in the size of the genome.
    fn check(&self, genome: &Genome) -> Vec<Diagnostic>;

    /// The application for `genome`, which passed the language's checks
    /// and [`Target::check`]. Only files holding secrets depend on
    /// `secrets`.
    fn plan<'a>(&self, genome: &'a Genome, secrets: &Secrets) -> Box<dyn FilePlan + 'a>;

    /// The shell commands, run in the folder of a generated app, that
    /// install and start it: what to do next, as its README says.
    fn run_command(&self) -> &'static str;

    /// Where the rows of `entity` live in the app and how they are
    /// reached (its table, its routes), one line each, for people reading
    /// the PRD: an editor shows them over the entity's name.
    fn entity_places(&self, entity: &Entity) -> Vec<String>;

    /// The version of the rules by which this target makes a database
    /// schema from a genome, beyond what the genome names (which indexes
    /// a table has, for one). It goes up when those rules change, so that
    /// an update of an app made by older rules migrates its database to
    /// the new ones as well as to the new genome.
    fn schema_version(&self) -> u32;

    /// The folder of the app's database migrations. Its files are the
    /// app's history: a migration is written once and never again.
    fn migrations_dir(&self) -> &'static str;

    /// The revision a migration file declares, and the one it follows
    /// (`None` for the first); `None` when `text` is not a migration.
    fn read_migration(&self, text: &str) -> Option<Migration>;

    /// The migration `number`, after the revision `head`, that takes the
    /// database of an app generated from `old` by the schema rules
    /// `old_schema` (a [`Target::schema_version`]) to the schema of `new`
    /// by the current rules (`diff` is the genomes'): its path and
    /// contents. `None` when that changes nothing in the database.
    fn migration(
        &self,
        old: &Genome,
        old_schema: u32,
        new: &Genome,
        diff: &GenomeDiff,
        head: &str,
        number: u32,
    ) -> Option<(String, Vec<u8>)>;
}

/// What a migration file says of its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub revision: String,
    pub follows: Option<String>,
}

/// The target used unless another is chosen.
pub const DEFAULT: &dyn Target = &fastapi::FastApi;

/// Random bytes from which a target makes the secrets of the generated
/// app, such as a token-signing key or a database password; each secret
/// is made from bytes of its own.
#[derive(Clone, PartialEq, Eq)]
pub struct Secrets {
    bytes: [u8; Secrets::LEN],
}

impl Secrets {
    /// The number of bytes: enough for every secret of every target.
    pub const LEN: usize = 64;

    /// Fresh bytes from the operating system's random source.
    pub fn random() -> Result<Self, getrandom::Error> {
        let mut bytes = [0; Secrets::LEN];
        getrandom::fill(&mut bytes)?;
        Ok(Secrets { bytes })
    }

    /// Fixed, public bytes (all zero), for tests and snapshots only.
    pub fn insecure_fixed_for_tests() -> Self {
        Secrets {
            bytes: [0; Secrets::LEN],
        }
    }

    /// The bytes in `range`, as two lowercase hexadecimal digits each.
    pub fn hex(&self, range: Range<usize>) -> String {
        self.bytes[range]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Secrets are never printed, not even in a debug message.
impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets").finish_non_exhaustive()
    }
}
