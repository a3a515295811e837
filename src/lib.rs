//! microcodegen: a compiler from a Markdown product requirements document
//! (PRD) to a complete FastAPI application.
//!
//! The pipeline is a chain of free functions, one module per stage:
//! [`syntax::decode`] and [`syntax::parse`] read the text into a spanned
//! tree, [`lower::lower`] checks it and builds the [`genome::Genome`], a
//! [`targets::Target`] checks the genome for its stack and plans the
//! application's files, and [`pack`] writes them. No stage before the CLI
//! prints anything or touches the file system.

mod cores;
pub mod diagnostics;
pub mod evolve;
pub mod files;
pub mod genome;
pub mod lower;
pub mod lsp;
pub mod manifest;
pub mod naming;
pub mod ownership;
pub mod pack;
mod problems;
pub mod span;
pub mod spelling;
pub mod syntax;
pub mod targets;
pub mod update;
pub mod vocabulary;

use diagnostics::Diagnostic;
use files::GeneratedFile;
use genome::Genome;
use manifest::Manifest;
use targets::{Secrets, Target};

/// The result of reading and checking a PRD.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The genome, present only when there are no errors.
    pub genome: Option<Genome>,
    /// The manifest, present only when there are no errors.
    pub manifest: Option<Manifest>,
    /// Every problem found, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// What was read, errors or not.
    pub counts: Counts,
}

/// How much of a PRD was read: what `check` sums up in its last line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entities of the genome; an entity named `User` is the account's
    /// profile and is not counted.
    pub entities: usize,
    /// Fields of those entities and of the account's profile, links included.
    pub fields: usize,
    pub links: usize,
    pub stories: usize,
}

impl Counts {
    fn of(genome: &Genome) -> Self {
        let fields = || {
            genome
                .entities
                .iter()
                .flat_map(|entity| &entity.fields)
                .chain(&genome.user_fields)
        };
        Counts {
            entities: genome.entities.len(),
            fields: fields().count(),
            links: fields().filter(|field| field.reference.is_some()).count(),
            stories: genome.user_stories.len(),
        }
    }
}

/// Reads, parses and lowers a PRD, and checks it for the default target.
/// Never panics, whatever the bytes.
pub fn analyze(bytes: &[u8]) -> Analysis {
    analyze_for_target(bytes, targets::DEFAULT, None)
}

/// Reads, parses and lowers a PRD, and checks it for `target`.
/// `file_stem` is the name of the file it was read from without its
/// extension, which names the app when the PRD does not. Never panics,
/// whatever the bytes.
pub fn analyze_for_target(bytes: &[u8], target: &dyn Target, file_stem: Option<&str>) -> Analysis {
    analyze_with(bytes, target, true, file_stem)
}

/// [`analyze_for_target`] without building the manifest, which generating
/// an app does not need: the same diagnostics and genome, with less memory.
pub fn analyze_for_app(bytes: &[u8], target: &dyn Target, file_stem: Option<&str>) -> Analysis {
    analyze_with(bytes, target, false, file_stem)
}

fn analyze_with(
    bytes: &[u8],
    target: &dyn Target,
    with_manifest: bool,
    file_stem: Option<&str>,
) -> Analysis {
    let source = match syntax::decode(bytes) {
        Ok(source) => source,
        Err(diagnostic) => {
            return Analysis {
                genome: None,
                manifest: None,
                diagnostics: vec![*diagnostic],
                counts: Counts::default(),
            };
        }
    };
    let (mut prd, diagnostics) = syntax::parse(source);
    prd.file_stem = file_stem.map(str::to_string);
    let (genome, manifest, lowering_diagnostics) = if with_manifest {
        let (lowered, found) = lower::lower(&prd);
        (lowered.genome, Some(lowered.manifest), found)
    } else {
        let (genome, found) = lower::lower_genome(&prd);
        (genome, None, found)
    };
    let diagnostics = gather(diagnostics, &genome, lowering_diagnostics, target);
    let ok = !diagnostics::has_errors(&diagnostics);
    Analysis {
        counts: Counts::of(&genome),
        genome: ok.then_some(genome),
        manifest: manifest.filter(|_| ok),
        diagnostics,
    }
}

/// Every problem of a run in source order: the parser's, the target's
/// and the lowering's.
fn gather(
    mut diagnostics: Vec<Diagnostic>,
    genome: &Genome,
    lowering_diagnostics: Vec<Diagnostic>,
    target: &dyn Target,
) -> Vec<Diagnostic> {
    // Before the language's: at one place, that the target cannot take a
    // name at all comes first.
    diagnostics.extend(target.check(genome));
    diagnostics.extend(lowering_diagnostics);
    diagnostics::sort_in_source_order(&mut diagnostics);
    diagnostics
}

/// A PRD read and checked with everything kept, errors or not: the tree as
/// written and the genome of what the language accepted. An editor asks
/// questions of it while the text is still wrong in places.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub prd: syntax::Prd,
    pub genome: Option<Genome>,
    /// The same diagnostics, in the same order, as [`analyze_for_target`].
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and checks a PRD for `target`, keeping the tree and the genome
/// even when there are errors; `file_stem` as for [`analyze_for_target`].
/// Never panics, whatever the bytes.
pub fn read_for_target(bytes: &[u8], target: &dyn Target, file_stem: Option<&str>) -> Reading {
    let source = match syntax::decode(bytes) {
        Ok(source) => source,
        Err(diagnostic) => {
            return Reading {
                diagnostics: vec![*diagnostic],
                ..Reading::default()
            };
        }
    };
    let (mut prd, diagnostics) = syntax::parse(source);
    prd.file_stem = file_stem.map(str::to_string);
    let (genome, lowering_diagnostics) = lower::lower_genome(&prd);
    let diagnostics = gather(diagnostics, &genome, lowering_diagnostics, target);
    Reading {
        prd,
        genome: Some(genome),
        diagnostics,
    }
}

/// The result of the whole pipeline in memory: diagnostics, and the
/// application's files and ZIP archive when the PRD has no errors.
#[derive(Debug, Clone)]
pub struct Compilation {
    pub analysis: Analysis,
    /// The generated files, sorted by path; present only without errors.
    pub files: Option<Vec<GeneratedFile>>,
    /// The same files as a ZIP archive; present only without errors.
    pub zip: Option<Vec<u8>>,
}

/// Reads, checks and generates an application from a PRD for `target`,
/// ZIP included, without touching the file system. Never panics, whatever
/// the bytes.
pub fn compile(
    bytes: &[u8],
    target: &dyn Target,
    secrets: &Secrets,
) -> std::io::Result<Compilation> {
    let analysis = analyze_for_target(bytes, target, None);
    let files = analysis
        .genome
        .as_ref()
        .map(|genome| (target.plan(genome, secrets).files(), &genome.bundle_id));
    let zip = files
        .as_ref()
        .map(|(files, folder)| pack::zip_bytes(files, folder))
        .transpose()?;
    let files = files.map(|(files, _)| files);
    Ok(Compilation {
        analysis,
        files,
        zip,
    })
}

/// The text diagnostics point into: the input itself when it is UTF-8,
/// otherwise the input with invalid bytes replaced.
pub fn source_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// PRDs shared by the unit tests of several stages.
#[cfg(test)]
mod test_prds {
    /// A valid PRD of `count` entities of two fields each.
    pub fn many_entities(count: usize) -> String {
        let mut prd = String::from("# Many\n\n## Entities\n\n");
        for i in 0..count {
            prd.push_str(&format!(
                "- Thing{i}: name (string, required), size (integer)\n"
            ));
        }
        prd
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::diagnostics::{CODES, Code, Diagnostic};

    /// One problem of every kind, of every phase and of the target.
    fn one_of_each() -> Vec<Diagnostic> {
        crate::diagnostics::one_problem_of_each_phase()
            .into_iter()
            .chain(crate::targets::fastapi::problems::one_of_each())
            .collect()
    }

    /// The mapping from problems to codes is total: no code of the table
    /// is left without a problem, of a phase or of a target, that reports
    /// it.
    #[test]
    fn every_code_is_reported_by_some_problem() {
        let reported: BTreeSet<Code> = one_of_each().iter().map(|d| d.code).collect();
        let missing: Vec<&str> = CODES
            .iter()
            .filter(|info| !reported.contains(&info.code))
            .map(|info| info.id)
            .collect();
        assert!(missing.is_empty(), "no problem reports {missing:?}");
    }

    /// Every problem says what is wrong and what to do: a message, a label
    /// under the place it points at, and a help line.
    #[test]
    fn every_problem_has_a_message_a_label_and_help() {
        for diagnostic in one_of_each() {
            let code = diagnostic.code.as_str();
            assert!(!diagnostic.message.is_empty(), "{code}: no message");
            assert!(
                diagnostic.whole_document || !diagnostic.primary.message.is_empty(),
                "{code}: no label"
            );
            assert!(
                diagnostic
                    .help
                    .as_deref()
                    .is_some_and(|help| !help.is_empty()),
                "{code}: no help"
            );
        }
    }
}
