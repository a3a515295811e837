//! The command line: argument parsing, reading input, printing results and
//! choosing the exit status. The only place that prints or exits.
//!
//! Exit status: 0 when the PRD has no errors (warnings allowed), 1 when it
//! has errors, 2 for misuse of the command or trouble reading or writing.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use microcodegen::diagnostics::{self, ColorMode, Diagnostic, Severity};
use microcodegen::emit::{EmitOptions, Plan};
use microcodegen::pack;
use microcodegen::{Analysis, analyze, source_text};

#[derive(Parser, Debug)]
#[command(
    name = "microcodegen",
    version,
    about = "Compile a Markdown PRD into a complete FastAPI application",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// The PRD to compile (`-` reads standard input).
    #[arg(required = true, value_name = "PRD")]
    prd: Option<PathBuf>,

    /// Write the application into this directory instead of writing a ZIP
    /// archive to standard output.
    #[arg(long, value_name = "DIR", conflicts_with = "emit")]
    out: Option<PathBuf>,

    /// Replace the contents of a non-empty output directory.
    #[arg(long, requires = "out")]
    force: bool,

    /// Print what the PRD declares instead of generating the app.
    #[arg(long, value_enum, value_name = "WHAT")]
    emit: Option<Emit>,

    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a PRD and print its diagnostics, generating nothing.
    Check {
        /// The PRD to check (`-` reads standard input).
        #[arg(value_name = "PRD")]
        prd: PathBuf,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Emit {
    /// The entities, fields, stories and integrations, as JSON.
    Manifest,
    /// The stack-neutral intermediate representation, as JSON.
    Genome,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Color {
    Auto,
    Always,
    Never,
}

/// A failure that is not the PRD's fault: one line, exit status 2.
struct Failure(String);

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure(error.to_string())
    }
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    match execute(cli) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("microcodegen: {message}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Help and version go to standard output and are not failures.
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    let first = rendered
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ");
    eprintln!("microcodegen: {first} (see `microcodegen --help`)");
    ExitCode::from(2)
}

fn execute(cli: Cli) -> Result<ExitCode, Failure> {
    let color = match cli.color {
        Color::Auto => ColorMode::Auto,
        Color::Always => ColorMode::Always,
        Color::Never => ColorMode::Never,
    };
    if let Some(Command::Check { prd }) = cli.command {
        let input = Input::read(&prd)?;
        let analysis = analyze(&input.bytes);
        report(&input, &analysis.diagnostics, color, true)?;
        return Ok(status(&analysis));
    }
    let Some(prd) = cli.prd else {
        return Err(Failure("missing the PRD to compile".into()));
    };
    if cli.emit.is_none() && cli.out.is_none() && io::stdout().is_terminal() {
        return Err(Failure(
            "refusing to write a ZIP archive to a terminal; redirect it (`> app.zip`) or use `--out DIR`".into(),
        ));
    }
    let input = Input::read(&prd)?;
    let analysis = analyze(&input.bytes);
    report(&input, &analysis.diagnostics, color, false)?;
    if let Some(emit) = cli.emit {
        let json = match (emit, &analysis.manifest, &analysis.genome) {
            (Emit::Manifest, Some(manifest), _) => serde_json::to_string_pretty(manifest),
            (Emit::Genome, _, Some(genome)) => serde_json::to_string_pretty(genome),
            _ => return Ok(status(&analysis)),
        }
        .map_err(|error| Failure(error.to_string()))?;
        write_stdout(format!("{json}\n").as_bytes())?;
        return Ok(status(&analysis));
    }
    let Some(genome) = &analysis.genome else {
        return Ok(status(&analysis));
    };
    let options = EmitOptions::with_random_secrets().map_err(|error| {
        Failure(format!(
            "cannot get random bytes for the app's secrets: {error}"
        ))
    })?;
    let plan = Plan::new(genome, &options);
    match &cli.out {
        Some(dir) => {
            pack::write_dir_plan(&plan, dir, cli.force).map_err(|error| match error.kind() {
                io::ErrorKind::AlreadyExists => Failure(error.to_string()),
                _ => Failure(format!(
                    "cannot write `{}`: {}",
                    dir.display(),
                    io_reason(&error)
                )),
            })?
        }
        None => {
            let stdout = io::stdout().lock();
            match pack::write_zip_plan(&plan, stdout) {
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {}
                other => {
                    other.map(drop).map_err(|error| {
                        Failure(format!("cannot write the ZIP archive: {error}"))
                    })?;
                }
            }
        }
    }
    Ok(status(&analysis))
}

fn status(analysis: &Analysis) -> ExitCode {
    if diagnostics::has_errors(&analysis.diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The PRD's bytes and the name diagnostics call it by.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

impl Input {
    fn read(path: &PathBuf) -> Result<Input, Failure> {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|error| Failure(format!("cannot read standard input: {error}")))?;
            return Ok(Input {
                name: "<stdin>".into(),
                bytes,
            });
        }
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(Failure(format!("cannot read `{name}`: it is a directory")));
        }
        let bytes = std::fs::read(path)
            .map_err(|error| Failure(format!("cannot read `{name}`: {}", io_reason(&error))))?;
        Ok(Input { name, bytes })
    }
}

/// The reason of an IO error without the operating system's error number.
fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn report(
    input: &Input,
    diagnostics: &[Diagnostic],
    color: ColorMode,
    summary: bool,
) -> Result<(), Failure> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    let source = source_text(&input.bytes);
    diagnostics::render_to_stderr(&input.name, &source, diagnostics, color)?;
    if summary {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diagnostics.len() - errors;
        eprintln!(
            "{}: {}, {}",
            input.name,
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    Ok(())
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => {
            other.map_err(|error| Failure(format!("cannot write to standard output: {error}")))
        }
    }
}
