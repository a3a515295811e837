//! The command line: argument parsing, reading input, printing results and
//! choosing the exit status. The only place that prints or exits.
//!
//! Exit status: 0 when the PRD has no errors (warnings allowed), 1 when it
//! has errors, 2 for misuse of the command or trouble reading or writing.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use microcodegen::diagnostics::{self, CODES, Code, ColorMode, Diagnostic, Severity};
use microcodegen::evolve::{Change, Owner};
use microcodegen::files::FilePlan as _;
use microcodegen::genome::Genome;
use microcodegen::ownership::WithRecord;
use microcodegen::ownership::{OwnershipRecord, RECORD_PATH, content_hash};
use microcodegen::targets::{self, Secrets};
use microcodegen::update::{self, App, Disk};
use microcodegen::{Analysis, Counts, analyze_for_app, analyze_for_target, source_text};
use microcodegen::{lsp, pack};

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

    /// Write the app over a non-empty output directory: every generated file
    /// is replaced, nothing else is touched (the database, `.env`, the
    /// virtual environment and your own files stay). To follow a changed
    /// PRD in an app holding data, use `--update`.
    #[arg(long, requires = "out")]
    force: bool,

    /// Update the app in the `--out` directory to follow the PRD: write
    /// again the files microcodegen owns that you did not edit, put the new
    /// version of an edited one beside it (`FILE.new`), add a database
    /// migration with the PRD's changes, and touch nothing else.
    #[arg(long, requires = "out", conflicts_with_all = ["force", "emit"])]
    update: bool,

    /// With `--update`: drop the tables and columns of entities and fields
    /// the PRD no longer declares, with their data.
    #[arg(long, requires = "update")]
    allow_drop: bool,

    /// With `--update`: succeed even when edited files kept their edits
    /// and got their new version beside them.
    #[arg(long, requires = "update")]
    accept_conflicts: bool,

    /// Print what the PRD declares instead of generating the app.
    #[arg(long, value_enum, value_name = "WHAT")]
    emit: Option<Emit>,

    /// The kind of application to generate; the PRD is checked for it.
    #[arg(long, value_enum, default_value_t = Target::Fastapi, global = true)]
    target: Target,

    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,

    /// How to print diagnostics: for people, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    format: Format,

    /// Treat warnings as errors: the run fails if there are any.
    #[arg(long, global = true)]
    deny_warnings: bool,

    /// Also show the notes: how the PRD was read where it could be read
    /// more than one way (a type inferred, a name chosen, prose skipped).
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check a PRD and print its diagnostics, generating nothing.
    Check {
        /// The PRD to check (`-` reads standard input).
        #[arg(value_name = "PRD")]
        prd: PathBuf,

        /// Apply the fixes that can be made mechanically to the file, then
        /// check it again.
        #[arg(long)]
        fix: bool,

        /// Also check that the app generated in this directory follows the
        /// PRD: every change applied, no owned file edited, no migration
        /// missing. Exit status 1 lists what differs.
        #[arg(long, value_name = "APP", conflicts_with = "fix")]
        against: Option<PathBuf>,
    },
    /// Explain a diagnostic code, such as `E0003`; without one, list them.
    Explain {
        #[arg(value_name = "CODE")]
        code: Option<String>,
    },
    /// Serve the Language Server Protocol over standard input and output,
    /// so that an editor shows diagnostics as you type, offers quick fixes,
    /// hover, go to definition, references, rename and completion.
    ///
    /// Start it from the editor, not by hand (see the README for VS Code,
    /// Neovim and Helix). It exits with status 0 after the client's
    /// `shutdown` and `exit`, 1 when the client leaves without them.
    Lsp,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Text with the source line and a caret under the problem.
    Human,
    /// One JSON object per diagnostic per line (JSON Lines).
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Emit {
    /// The entities, fields, stories and integrations, as JSON.
    Manifest,
    /// The stack-neutral intermediate representation, as JSON.
    Genome,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// A FastAPI application: SQLAlchemy models, Pydantic schemas, Alembic
    /// migrations and pytest tests, on PostgreSQL or SQLite.
    Fastapi,
}

impl Target {
    fn target(self) -> &'static dyn targets::Target {
        match self {
            Target::Fastapi => &targets::fastapi::FastApi,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Color {
    Auto,
    Always,
    Never,
}

/// `microcodegen lsp`: one client over standard input and output.
fn serve_language_server(target: &'static dyn targets::Target) -> Result<ExitCode, Failure> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let ending = lsp::serve(&connection, target).map_err(Failure)?;
    drop(connection);
    // The reader fails when the client closes the stream mid-message; the
    // session is over either way.
    let _ = io_threads.join();
    Ok(match ending {
        lsp::Ending::Clean => ExitCode::SUCCESS,
        lsp::Ending::Abrupt => ExitCode::FAILURE,
    })
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
    // clap's whole message: which argument is missing or unexpected, the
    // closest spelling, and the usage line.
    let _ = error.print();
    ExitCode::from(2)
}

/// How diagnostics are reported in this run.
#[derive(Clone, Copy)]
struct Reporting {
    color: ColorMode,
    format: Format,
    deny_warnings: bool,
    verbose: bool,
}

fn execute(cli: Cli) -> Result<ExitCode, Failure> {
    let reporting = Reporting {
        color: match cli.color {
            Color::Auto => ColorMode::Auto,
            Color::Always => ColorMode::Always,
            Color::Never => ColorMode::Never,
        },
        format: cli.format,
        deny_warnings: cli.deny_warnings,
        verbose: cli.verbose,
    };
    let target = cli.target.target();
    match cli.command {
        Some(Command::Check {
            prd,
            fix: false,
            against: None,
        }) => {
            let input = Input::read(&prd)?;
            let analysis = analyze_for_target(&input.bytes, target, input.stem.as_deref());
            report(&input, &analysis, reporting, true)?;
            return Ok(status(&analysis, reporting));
        }
        Some(Command::Check {
            prd,
            against: Some(app),
            ..
        }) => {
            let input = Input::read(&prd)?;
            let analysis = analyze_for_app(&input.bytes, target, input.stem.as_deref());
            // What differs is this run's report, listed below; no summary
            // line of what was read comes between.
            report(&input, &analysis, reporting, false)?;
            let Some(genome) = analysis
                .genome
                .as_ref()
                .filter(|_| !failed(&analysis, reporting))
            else {
                return Ok(status(&analysis, reporting));
            };
            return check_against(genome, &app, target);
        }
        Some(Command::Check { prd, fix: true, .. }) => {
            return check_and_fix(&prd, target, reporting);
        }
        Some(Command::Explain { code }) => return explain(code.as_deref()),
        Some(Command::Lsp) => {
            return serve_language_server(target);
        }
        None => {}
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
    // The manifest is only printed; an app is generated from the genome.
    let analysis = if cli.emit == Some(Emit::Manifest) {
        analyze_for_target(&input.bytes, target, input.stem.as_deref())
    } else {
        analyze_for_app(&input.bytes, target, input.stem.as_deref())
    };
    report(&input, &analysis, reporting, false)?;
    // An update points its refusals at the PRD.
    let input_name = input.name.clone();
    let source = if cli.update {
        source_text(&input.bytes).into_owned()
    } else {
        String::new()
    };
    drop(input);
    if failed(&analysis, reporting) {
        return Ok(status(&analysis, reporting));
    }
    if let Some(emit) = cli.emit {
        let json = match (emit, &analysis.manifest, &analysis.genome) {
            (Emit::Manifest, Some(manifest), _) => serde_json::to_string_pretty(manifest),
            (Emit::Genome, _, Some(genome)) => serde_json::to_string_pretty(genome),
            _ => return Ok(status(&analysis, reporting)),
        }
        .map_err(|error| Failure(error.to_string()))?;
        write_stdout(format!("{json}\n").as_bytes())?;
        return Ok(status(&analysis, reporting));
    }
    let Some(genome) = &analysis.genome else {
        return Ok(status(&analysis, reporting));
    };
    let secrets = Secrets::random().map_err(|error| {
        Failure(format!(
            "cannot get random bytes for the app's secrets: {error}"
        ))
    })?;
    if cli.update
        && let Some(dir) = &cli.out
    {
        let options = UpdateOptions {
            allow_drop: cli.allow_drop,
            accept_conflicts: cli.accept_conflicts,
            reporting,
        };
        return update_app(&input_name, &source, genome, dir, target, &secrets, options);
    }
    let plan = target.plan(genome, &secrets);
    let head = update::planned_head(target, &*plan);
    let plan = WithRecord::new(plan, head, target.schema_version());
    // Where the app went and how to run it, for the line a successful run
    // ends with; nothing when the reader closed the pipe early.
    let written = match &cli.out {
        Some(dir) => {
            // Ctrl-C while writing removes the staged files instead of
            // leaving them behind.
            let _ = ctrlc::set_handler(pack::interrupt);
            pack::write_dir_plan(&plan, dir, cli.force).map_err(|error| match error.kind() {
                io::ErrorKind::AlreadyExists | io::ErrorKind::Interrupted => {
                    Failure(error.to_string())
                }
                _ => Failure(format!(
                    "cannot write `{}`: {}",
                    dir.display(),
                    io_reason(&error)
                )),
            })?;
            let dir = shell_word(&dir.to_string_lossy());
            Some(format!("to {dir}; run it with: cd {dir} && "))
        }
        None => {
            let stdout = io::stdout().lock();
            match pack::write_zip_plan(&plan, &genome.bundle_id, stdout) {
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => None,
                other => {
                    other.map(drop).map_err(|error| {
                        Failure(format!("cannot write the ZIP archive: {error}"))
                    })?;
                    Some(format!(
                        "as a ZIP archive to standard output, in the folder {0}/; \
                         unzip it and run it with: cd {0} && ",
                        genome.bundle_id
                    ))
                }
            }
        }
    };
    if let Some(written) = written
        && reporting.format == Format::Human
    {
        eprintln!(
            "microcodegen: wrote the {} app ({} files) {written}{}",
            printable(&genome.solution_name),
            plan.count(),
            target.run_command(),
        );
    }
    // The process ends here: freeing a large app's views and genome one
    // small allocation at a time would only delay the exit.
    std::mem::forget(plan);
    let code = status(&analysis, reporting);
    std::mem::forget(analysis);
    Ok(code)
}

/// `text` as one word for a POSIX shell: as it is when that is safe, in
/// single quotes otherwise.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./+@%:,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// PRD text made safe for a terminal: control and invisible formatting
/// characters (which could move the cursor or reorder the line) escaped.
fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let hidden = c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            let escaped: Vec<char> = if hidden {
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// Whether the diagnostics fail the run: errors do, and warnings do too
/// under `--deny-warnings`; notes never do.
fn failed(analysis: &Analysis, reporting: Reporting) -> bool {
    diagnostics::has_errors(&analysis.diagnostics)
        || (reporting.deny_warnings
            && analysis
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Warning))
}

fn status(analysis: &Analysis, reporting: Reporting) -> ExitCode {
    if failed(analysis, reporting) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `explain CODE`: the code's explanation on standard output; without a
/// code, the list of codes.
fn explain(code: Option<&str>) -> Result<ExitCode, Failure> {
    let Some(text) = code else {
        let list: String = CODES
            .iter()
            .map(|info| format!("{}  {}\n", info.id, info.summary))
            .collect();
        write_stdout(list.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    match Code::parse(text) {
        Some(code) => {
            write_stdout(diagnostics::explain(code.info()).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = match Code::closest(text) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => "; `microcodegen explain` lists the codes".to_string(),
            };
            Err(Failure(format!(
                "unknown diagnostic code `{}`{hint}",
                text.trim()
            )))
        }
    }
}

/// `check --fix`: applies every machine-applicable suggestion in one pass,
/// replaces the file atomically, then reports what is left.
fn check_and_fix(
    path: &Path,
    target: &dyn targets::Target,
    reporting: Reporting,
) -> Result<ExitCode, Failure> {
    if path.as_os_str() == "-" {
        return Err(Failure(
            "`--fix` rewrites a file, so it cannot read standard input; give the PRD's path".into(),
        ));
    }
    let input = Input::read(path)?;
    let analysis = analyze_for_target(&input.bytes, target, input.stem.as_deref());
    // Only text that decoded cleanly is rewritten: the lossy text would
    // replace the undecodable bytes.
    let fixed = match std::str::from_utf8(&input.bytes) {
        Ok(source) => diagnostics::apply_suggestions(source, &analysis.diagnostics),
        Err(_) => (String::new(), 0),
    };
    let (text, applied) = fixed;
    if applied == 0 {
        report(&input, &analysis, reporting, true)?;
        return Ok(status(&analysis, reporting));
    }
    replace_file(path, text.as_bytes()).map_err(|error| {
        Failure(format!(
            "cannot write `{}`: {}",
            path.display(),
            io_reason(&error)
        ))
    })?;
    if reporting.format == Format::Human {
        eprintln!("{}: applied {}", input.name, plural(applied, "fix"));
    }
    let input = Input {
        name: input.name,
        bytes: text.into_bytes(),
        stem: input.stem,
    };
    let analysis = analyze_for_target(&input.bytes, target, input.stem.as_deref());
    report(&input, &analysis, reporting, true)?;
    Ok(status(&analysis, reporting))
}

/// Replaces `path` with `bytes` by writing a new file beside it and
/// renaming it over the old one, so an interrupted run leaves either the
/// old file or the new one, never half of each. Keeps the permissions. A
/// symbolic link stays a link: the file it points at is the one replaced.
fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let resolved;
    let path = if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        resolved = std::fs::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map_or_else(|| "prd".into(), |name| name.to_string_lossy().into_owned());
    let permissions = std::fs::metadata(path)?.permissions();
    let temp = dir.join(format!(".{file_name}.fix-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::set_permissions(&temp, permissions)?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// The PRD's bytes, the name diagnostics call it by, and the file's name
/// without its extension (none for standard input).
struct Input {
    name: String,
    bytes: Vec<u8>,
    stem: Option<String>,
}

impl Input {
    fn read(path: &Path) -> Result<Input, Failure> {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|error| Failure(format!("cannot read standard input: {error}")))?;
            return Ok(Input {
                name: "<stdin>".into(),
                bytes,
                stem: None,
            });
        }
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(Failure(format!("cannot read `{name}`: it is a directory")));
        }
        let bytes = std::fs::read(path)
            .map_err(|error| Failure(format!("cannot read `{name}`: {}", io_reason(&error))))?;
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned());
        Ok(Input { name, bytes, stem })
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

/// Prints the diagnostics: every one as JSON Lines; for people, the notes
/// only under `--verbose`, and with `summary` a last line saying what was
/// read and what was found.
fn report(
    input: &Input,
    analysis: &Analysis,
    reporting: Reporting,
    summary: bool,
) -> Result<(), Failure> {
    let source = source_text(&input.bytes);
    if reporting.format == Format::Json {
        // JSON Lines only: no summary line, which would not parse.
        let lines = diagnostics::render_json(&input.name, &source, &analysis.diagnostics);
        io::stderr().lock().write_all(lines.as_bytes())?;
        return Ok(());
    }
    let shown: Vec<Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| reporting.verbose || d.severity != Severity::Note)
        .cloned()
        .collect();
    diagnostics::render_to_stderr(&input.name, &source, &shown, reporting.color)?;
    if summary {
        eprintln!(
            "{}: {}",
            input.name,
            summary_line(analysis.counts, &analysis.diagnostics, reporting.verbose)
        );
    }
    Ok(())
}

/// `read 5 entities, 31 fields, 4 links, 6 stories; 0 errors, 1 warning,
/// 9 notes (check --verbose)`: what was read, then what was found, and how
/// to see the notes when they are hidden.
fn summary_line(counts: Counts, diagnostics: &[Diagnostic], verbose: bool) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let mut line = format!(
        "read {}, {}, {}, {}; {}, {}",
        plural(counts.entities, "entity"),
        plural(counts.fields, "field"),
        plural(counts.links, "link"),
        plural(counts.stories, "story"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    );
    let notes = count(Severity::Note);
    if notes > 0 {
        line.push_str(&format!(", {}", plural(notes, "note")));
        if !verbose {
            line.push_str(" (check --verbose)");
        }
    }
    line
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        return format!("1 {word}");
    }
    match word.strip_suffix('y') {
        Some(stem) => format!("{count} {stem}ies"),
        None if word.ends_with('x') => format!("{count} {word}es"),
        None => format!("{count} {word}s"),
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

/// What `--update` may do besides writing the files it owns.
#[derive(Clone, Copy)]
struct UpdateOptions {
    allow_drop: bool,
    accept_conflicts: bool,
    /// How the update's own diagnostics are reported.
    reporting: Reporting,
}

/// The app in `dir` as the compiler left it: its genome, its ownership
/// record, its migrations.
fn read_app(dir: &Path, target: &dyn targets::Target) -> Result<App, Failure> {
    let shown = dir.display();
    let read = |relative: &str| {
        std::fs::read(dir.join(relative)).map_err(|error| {
            Failure(format!(
                "cannot read `{}`: {}; is `{shown}` an app microcodegen generated? (`--force` writes one over it)",
                dir.join(relative).display(),
                io_reason(&error)
            ))
        })
    };
    let genome: Genome = serde_json::from_slice(&read("GENOME.json")?)
        .map_err(|error| Failure(format!("cannot read `{shown}/GENOME.json`: {error}")))?;
    let record = OwnershipRecord::from_bytes(&read(RECORD_PATH)?)
        .map_err(|error| Failure(format!("cannot read `{shown}/{RECORD_PATH}`: {error}")))?;
    let mut migrations = std::collections::BTreeMap::new();
    let folder = target.migrations_dir();
    if let Ok(entries) = std::fs::read_dir(dir.join(folder)) {
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !entry.file_type()?.is_file() || name.starts_with('.') || !name.ends_with(".py") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path())?;
            if let Some(migration) = target.read_migration(&text) {
                migrations.insert(format!("{folder}/{name}"), migration);
            }
        }
    }
    Ok(App {
        genome,
        record,
        migrations,
    })
}

/// The app's files on disk, hashed when asked.
struct AppDir<'a>(&'a Path);

impl Disk for AppDir<'_> {
    fn hash(&self, path: &str) -> Option<String> {
        std::fs::read(self.0.join(path))
            .ok()
            .map(|bytes| content_hash(&bytes))
    }
}

fn update_app(
    prd_name: &str,
    source: &str,
    genome: &Genome,
    dir: &Path,
    target: &dyn targets::Target,
    secrets: &Secrets,
    options: UpdateOptions,
) -> Result<ExitCode, Failure> {
    let app = read_app(dir, target)?;
    let update = update::plan_update(
        target,
        genome,
        &app,
        &AppDir(dir),
        secrets,
        options.allow_drop,
    );
    let reporting = options.reporting;
    if reporting.format == Format::Json {
        let lines = diagnostics::render_json(prd_name, source, &update.problems);
        io::stderr().lock().write_all(lines.as_bytes())?;
    } else {
        diagnostics::render_to_stderr(prd_name, source, &update.problems, reporting.color)?;
    }
    let refused = diagnostics::has_errors(&update.problems)
        || (reporting.deny_warnings && !update.problems.is_empty());
    if refused {
        eprintln!(
            "microcodegen: `{}` was not changed ({})",
            dir.display(),
            plural(update.problems.len(), "problem")
        );
        return Ok(ExitCode::from(1));
    }
    let cannot = |error: io::Error| {
        Failure(format!(
            "cannot update `{}`: {}",
            dir.display(),
            io_reason(&error)
        ))
    };
    pack::write_into(&update.writes, dir).map_err(cannot)?;
    pack::remove_from(&update.removals, dir).map_err(cannot)?;
    for change in &update.diff.changes {
        eprintln!("  {}", describe(change));
    }
    for conflict in &update.conflicts {
        match &conflict.new_version {
            Some(beside) => eprintln!(
                "conflict: `{}` was edited by hand and kept; its new version is `{beside}`",
                conflict.path
            ),
            None => eprintln!(
                "conflict: `{}` is no longer generated, but was edited by hand and kept",
                conflict.path
            ),
        }
    }
    let written = update.writes.len().saturating_sub(1);
    let migration = match &update.migration {
        Some(path) => format!("; migration `{path}`: run `alembic upgrade head` to apply it"),
        None => "; the database schema did not change".into(),
    };
    eprintln!(
        "microcodegen: updated `{}`: {}, {} removed{migration}",
        dir.display(),
        plural(written, "file"),
        update.removals.len()
    );
    if !update.conflicts.is_empty() && !options.accept_conflicts {
        eprintln!(
            "microcodegen: {}: merge each `.new` file into its original (or pass --accept-conflicts)",
            plural(update.conflicts.len(), "conflict")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `check PRD --against APP`: every way the app differs from its PRD.
fn check_against(
    genome: &Genome,
    dir: &Path,
    target: &dyn targets::Target,
) -> Result<ExitCode, Failure> {
    let app = read_app(dir, target)?;
    let drift = update::drift(genome, &app, &AppDir(dir));
    if drift.is_empty() {
        eprintln!("microcodegen: `{}` follows the PRD", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    for change in &drift.diff.changes {
        eprintln!("not applied: {} (run with --update)", describe(change));
    }
    for path in &drift.edited {
        eprintln!(
            "edited by hand: `{path}` (microcodegen owns it; move the change to `app/custom/`)"
        );
    }
    for path in &drift.missing {
        eprintln!("missing: `{path}`");
    }
    if let Some((recorded, found)) = &drift.migration_head {
        let name = |head: &Option<String>| head.clone().unwrap_or_else(|| "none".into());
        eprintln!(
            "migrations: the app's schema is at `{}`, but its migrations end at `{}`",
            name(recorded),
            name(found)
        );
    }
    Ok(ExitCode::from(1))
}

fn owner_name(owner: &Owner) -> String {
    match owner {
        Owner::Entity(entity) => format!("`{entity}`"),
        Owner::Profile => "the account's profile".into(),
    }
}

/// One change of the PRD, for people.
fn describe(change: &Change) -> String {
    match change {
        Change::AddEntity { entity } => format!("entity `{entity}` added"),
        Change::DropEntity { entity } => format!("entity `{entity}` dropped"),
        Change::RenameEntity { from, to } => format!("entity `{from}` renamed `{to}`"),
        Change::AddField { owner, field } => {
            format!("field `{field}` added to {}", owner_name(owner))
        }
        Change::DropField { owner, field } => {
            format!("field `{field}` dropped from {}", owner_name(owner))
        }
        Change::RenameField { owner, from, to } => {
            format!("field `{from}` of {} renamed `{to}`", owner_name(owner))
        }
        Change::AlterField { owner, field, .. } => {
            format!("field `{field}` of {} changed", owner_name(owner))
        }
        Change::AddUniqueGroup { entity, fields } => {
            format!("unique group ({}) added to `{entity}`", fields.join(", "))
        }
        Change::DropUniqueGroup { entity, fields } => {
            format!(
                "unique group ({}) dropped from `{entity}`",
                fields.join(", ")
            )
        }
    }
}
