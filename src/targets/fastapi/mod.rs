//! The FastAPI target: renders a [`Genome`] into a FastAPI application
//! (SQLAlchemy models, Pydantic schemas, Alembic migrations, tests), on
//! PostgreSQL or SQLite.
//!
//! Rendering is pure and deterministic: the same genome and secrets give
//! the same bytes, and only `.env` depends on the secrets.

mod api;
mod decimal_text;
mod escape;
mod layout;
pub mod names;
mod openapi;
pub(crate) mod problems;
mod revision;
mod templates;
mod types;
mod view;
mod yaml;

use std::collections::HashMap;
use std::io::{self, Write as _};

use askama::Template;

use crate::diagnostics::Diagnostic;
use crate::evolve::GenomeDiff;
use crate::files::FilePlan;
use crate::genome::{Entity, Genome};
use crate::targets::{Migration, Secrets, Target};

pub use escape::{json_str, md, py_doc, py_str, yaml_str};

use templates as t;
use view::{EntityPagesView, EntityView, Links, ProfileView, entity_views, from_import};

/// The Alembic revision id of the initial migration.
pub const INITIAL_REVISION: &str = "0001_initial";

/// The FastAPI target.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastApi;

impl Target for FastApi {
    fn check(&self, genome: &Genome) -> Vec<Diagnostic> {
        names::check(genome)
    }

    fn plan<'a>(&self, genome: &'a Genome, secrets: &Secrets) -> Box<dyn FilePlan + 'a> {
        Box::new(Plan::new(genome, secrets))
    }

    fn run_command(&self) -> &'static str {
        "python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt && alembic upgrade head && uvicorn main:app"
    }

    fn entity_places(&self, entity: &Entity) -> Vec<String> {
        let url = view::url_path(entity);
        vec![
            format!("table `{}`", entity.plural_name),
            format!("`GET {url}`, `POST {url}`"),
            format!("`GET`, `PUT`, `PATCH`, `DELETE` `{url}/{{item_id}}`"),
        ]
    }

    fn schema_version(&self) -> u32 {
        revision::SCHEMA_VERSION
    }

    fn migrations_dir(&self) -> &'static str {
        "alembic/versions"
    }

    fn read_migration(&self, text: &str) -> Option<Migration> {
        // The two assignments every Alembic revision starts with.
        let value = |key: &str| {
            text.lines().find_map(|line| {
                let rest = line.strip_prefix(key)?.trim_start();
                let rest = rest.strip_prefix(':').map_or(rest, |typed| {
                    typed.split_once('=').map_or("", |(_, value)| value)
                });
                let rest = rest.trim_start().strip_prefix('=').unwrap_or(rest).trim();
                Some(rest.trim_matches(|c| c == '"' || c == '\'').to_string())
            })
        };
        let revision = value("revision")?;
        let follows = value("down_revision").filter(|r| r != "None" && !r.is_empty());
        Some(Migration { revision, follows })
    }

    fn migration(
        &self,
        old: &Genome,
        old_schema: u32,
        new: &Genome,
        diff: &GenomeDiff,
        head: &str,
        number: u32,
    ) -> Option<(String, Vec<u8>)> {
        let id = format!("{number:04}_prd_update");
        let bytes = revision::render(old, old_schema, new, diff, &id, head)?;
        let text = String::from_utf8(bytes).ok()?;
        Some((
            format!("alembic/versions/{id}.py"),
            layout::lay_out(&text).into_bytes(),
        ))
    }
}

/// The secrets written to `.env`.
struct DotEnvSecrets {
    /// Signs the access tokens (`SECRET_KEY`): 256 bits.
    secret_key: String,
    /// Password of the PostgreSQL service in docker-compose.yml: 128 bits.
    postgres_password: String,
}

impl DotEnvSecrets {
    fn new(secrets: &Secrets) -> Self {
        DotEnvSecrets {
            secret_key: secrets.hex(0..32),
            postgres_password: secrets.hex(32..48),
        }
    }
}

/// What one generated file is made from; rendered on demand by [`Plan::write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    DockerIgnore,
    DotEnv,
    EnvExample,
    GitIgnore,
    Architecture,
    Dockerfile,
    GenomeJson,
    Readme,
    AlembicIni,
    AlembicEnv,
    AlembicScript,
    InitialRevision,
    AppInit,
    CustomInit,
    Config,
    Crud,
    Cursors,
    Database,
    Errors,
    Limits,
    Requests,
    Headers,
    AppMain,
    ModelsInit,
    ModelsUser,
    RoutersInit,
    RoutersAuth,
    SchemasInit,
    SchemasAuth,
    SchemasProfile,
    SchemasTypes,
    Passwords,
    Security,
    Throttle,
    Model(usize),
    Router(usize),
    Schema(usize),
    Test(usize),
    DockerCompose,
    MainPy,
    OpenApi,
    PyProject,
    RequirementsDev,
    Requirements,
    TestsInit,
    TestsConftest,
    TestsAccounts,
    TestsAuth,
    TestsFactories,
    TestsLimits,
    TestsOpenapi,
    TestsSecurity,
    TestsQueryPlans,
    TestsPaging,
    TestsPages,
    BrowserStories,
    BrowserInit,
    BrowserConftest,
    BrowserJourneys,
    BrowserTests,
    WebInit,
    WebCsrf,
    WebFields,
    WebPages,
    WebEntities,
    /// One of [`t::WEB_ASSETS`].
    WebAsset(usize),
}

impl Job {
    /// Whether the file grows with the number of entities (the rest are
    /// one entity's worth or constant).
    fn is_large(self) -> bool {
        matches!(
            self,
            Job::Architecture
                | Job::GenomeJson
                | Job::Readme
                | Job::InitialRevision
                | Job::AppMain
                | Job::ModelsInit
                | Job::OpenApi
                | Job::TestsFactories
                | Job::WebEntities
        )
    }
}

/// The application for a genome, planned but not yet rendered (see
/// [`FilePlan`]): the views of every entity, and the sorted list of paths.
struct Plan<'a> {
    genome: &'a Genome,
    secrets: DotEnvSecrets,
    entities: Vec<EntityView<'a>>,
    profile: ProfileView<'a>,
    openapi: openapi::Layout,
    files: Vec<(String, Job)>,
}

impl<'a> Plan<'a> {
    /// Plans the application for `genome`; files sorted by path.
    fn new(genome: &'a Genome, secrets: &Secrets) -> Self {
        let links = Links::new(genome);
        let entities = entity_views(genome, &links);
        let profile = ProfileView::new(genome, &links);
        let openapi = openapi::Layout::new(&entities, &profile);
        let mut files: Vec<(String, Job)> = vec![
            (".dockerignore".into(), Job::DockerIgnore),
            (".env".into(), Job::DotEnv),
            (".env.example".into(), Job::EnvExample),
            (".gitignore".into(), Job::GitIgnore),
            ("ARCHITECTURE.md".into(), Job::Architecture),
            ("Dockerfile".into(), Job::Dockerfile),
            ("GENOME.json".into(), Job::GenomeJson),
            ("README.md".into(), Job::Readme),
            ("alembic.ini".into(), Job::AlembicIni),
            ("alembic/env.py".into(), Job::AlembicEnv),
            ("alembic/script.py.mako".into(), Job::AlembicScript),
            (
                format!("alembic/versions/{INITIAL_REVISION}.py"),
                Job::InitialRevision,
            ),
            ("app/__init__.py".into(), Job::AppInit),
            ("app/config.py".into(), Job::Config),
            ("app/crud.py".into(), Job::Crud),
            ("app/cursors.py".into(), Job::Cursors),
            ("app/custom/__init__.py".into(), Job::CustomInit),
            ("app/database.py".into(), Job::Database),
            ("app/errors.py".into(), Job::Errors),
            ("app/headers.py".into(), Job::Headers),
            ("app/limits.py".into(), Job::Limits),
            ("app/main.py".into(), Job::AppMain),
            ("app/models/__init__.py".into(), Job::ModelsInit),
            ("app/models/user.py".into(), Job::ModelsUser),
            ("app/passwords.py".into(), Job::Passwords),
            ("app/routers/__init__.py".into(), Job::RoutersInit),
            ("app/routers/auth.py".into(), Job::RoutersAuth),
            ("app/requests.py".into(), Job::Requests),
            ("app/schemas/__init__.py".into(), Job::SchemasInit),
            ("app/schemas/auth.py".into(), Job::SchemasAuth),
            ("app/schemas/types.py".into(), Job::SchemasTypes),
            ("app/security.py".into(), Job::Security),
            ("app/throttle.py".into(), Job::Throttle),
            ("app/web/__init__.py".into(), Job::WebInit),
            ("app/web/csrf.py".into(), Job::WebCsrf),
            ("app/web/entities.py".into(), Job::WebEntities),
            ("app/web/fields.py".into(), Job::WebFields),
            ("app/web/pages.py".into(), Job::WebPages),
            ("docker-compose.yml".into(), Job::DockerCompose),
            ("main.py".into(), Job::MainPy),
            ("openapi.yaml".into(), Job::OpenApi),
            ("pyproject.toml".into(), Job::PyProject),
            ("requirements-dev.txt".into(), Job::RequirementsDev),
            ("requirements.txt".into(), Job::Requirements),
            ("tests/__init__.py".into(), Job::TestsInit),
            ("tests/browser/__init__.py".into(), Job::BrowserInit),
            ("tests/browser/conftest.py".into(), Job::BrowserConftest),
            ("tests/browser/journeys.py".into(), Job::BrowserJourneys),
            ("tests/browser/test_journeys.py".into(), Job::BrowserTests),
            ("tests/conftest.py".into(), Job::TestsConftest),
            ("tests/factories.py".into(), Job::TestsFactories),
            ("tests/test_accounts.py".into(), Job::TestsAccounts),
            ("tests/test_auth.py".into(), Job::TestsAuth),
            ("tests/test_limits.py".into(), Job::TestsLimits),
            ("tests/test_openapi.py".into(), Job::TestsOpenapi),
            ("tests/test_pages.py".into(), Job::TestsPages),
            ("tests/test_paging.py".into(), Job::TestsPaging),
            ("tests/test_query_plans.py".into(), Job::TestsQueryPlans),
            ("tests/test_security.py".into(), Job::TestsSecurity),
        ];
        files.extend(
            t::WEB_ASSETS
                .iter()
                .enumerate()
                .map(|(i, (path, _))| ((*path).to_string(), Job::WebAsset(i))),
        );
        if !story_test_views(genome, &entities)
            .iter()
            .all(|s| s.test.is_empty())
        {
            files.push(("tests/browser/test_stories.py".into(), Job::BrowserStories));
        }
        if !profile.fields.is_empty() {
            files.push(("app/schemas/profile.py".into(), Job::SchemasProfile));
        }
        files.reserve(entities.len() * 4);
        for (i, e) in entities.iter().enumerate() {
            files.push((format!("app/models/{}.py", e.snake), Job::Model(i)));
            files.push((format!("app/routers/{}.py", e.snake), Job::Router(i)));
            files.push((format!("app/schemas/{}.py", e.snake), Job::Schema(i)));
            files.push((format!("tests/test_{}.py", e.snake), Job::Test(i)));
        }
        // Stable, so a (never expected) duplicate path keeps its order.
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Plan {
            genome,
            secrets: DotEnvSecrets::new(secrets),
            entities,
            profile,
            openapi,
            files,
        }
    }
}

impl FilePlan for Plan<'_> {
    fn count(&self) -> usize {
        self.files.len()
    }

    fn path(&self, i: usize) -> &str {
        &self.files[i].0
    }

    /// The files that grow with the number of entities; [`Plan::write`]
    /// writes them in pieces, and every other file in one piece.
    fn is_large(&self, i: usize) -> bool {
        self.files[i].1.is_large()
    }

    /// `.env`, which holds the secrets.
    fn is_private(&self, i: usize) -> bool {
        self.files[i].1 == Job::DotEnv
    }

    /// `.env` (its secrets) and the package for the user's own endpoints.
    fn is_seed(&self, i: usize) -> bool {
        matches!(self.files[i].1, Job::DotEnv | Job::CustomInit)
    }

    /// Writes the contents of file `i` to `out`, in pieces; large files are
    /// never held whole.
    fn write(&self, i: usize, out: &mut dyn io::Write) -> io::Result<()> {
        if self.files[i].0.ends_with(".py") {
            let mut laid_out = LaidOut::new(out);
            self.write_job(i, &mut laid_out)?;
            return laid_out.finish();
        }
        self.write_job(i, out)
    }
}

impl Plan<'_> {
    /// Writes file `i` as its template or writer makes it.
    fn write_job(&self, i: usize, out: &mut dyn io::Write) -> io::Result<()> {
        let entities = &self.entities[..];
        let genome = self.genome;
        let p = &self.profile;
        match self.files[i].1 {
            Job::DockerIgnore => small(&t::DockerIgnore, out),
            Job::DotEnv => small(
                &t::DotEnv {
                    secret_key: &self.secrets.secret_key,
                    postgres_password: &self.secrets.postgres_password,
                },
                out,
            ),
            Job::EnvExample => small(&t::EnvExample, out),
            Job::GitIgnore => small(&t::GitIgnore, out),
            Job::Architecture => large(&architecture(genome, entities, p), out),
            Job::Dockerfile => small(&t::Dockerfile, out),
            Job::GenomeJson => genome_json(genome, out),
            Job::Readme => large(
                &t::Readme {
                    solution_name: &genome.solution_name,
                    entity_count: entities.len(),
                    entities,
                    p,
                    circle_links: entities
                        .iter()
                        .flat_map(|e| {
                            e.references()
                                .filter(|r| r.deferred)
                                .map(|r| format!("`{}.{}`", e.name, r.source.name))
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                },
                out,
            ),
            Job::AlembicIni => small(&t::AlembicIni, out),
            Job::AlembicEnv => small(&t::AlembicEnv, out),
            Job::AlembicScript => small(&t::AlembicScript, out),
            Job::InitialRevision => {
                let order = view::migration_order(entities);
                let deferred = order
                    .iter()
                    .flat_map(|e| {
                        e.references()
                            .filter(|r| r.deferred)
                            .map(|r| (e.table.as_str(), r))
                    })
                    .collect();
                large(
                    &t::InitialRevision {
                        revision: INITIAL_REVISION,
                        p,
                        entities_reversed: order.iter().rev().copied().collect(),
                        entities: order,
                        deferred,
                    },
                    out,
                )
            }
            Job::AppInit => small(&t::AppInit, out),
            Job::Config => small(
                &t::Config {
                    solution_name: &genome.solution_name,
                    api_description: api::API_DESCRIPTION,
                },
                out,
            ),
            Job::Crud => small(&t::Crud, out),
            Job::Cursors => small(&t::Cursors, out),
            Job::Database => small(&t::Database, out),
            Job::Errors => small(&t::Errors, out),
            Job::Limits => small(&t::Limits, out),
            Job::Requests => small(&t::Requests, out),
            Job::Headers => small(&t::Headers, out),
            Job::AppMain => large(&app_main(entities), out),
            Job::ModelsInit => large(&models_init(entities), out),
            Job::ModelsUser => small(&t::ModelsUser { p }, out),
            Job::RoutersInit => small(&t::RoutersInit, out),
            Job::CustomInit => small(&t::CustomInit, out),
            Job::RoutersAuth => small(&t::RoutersAuth { p }, out),
            Job::SchemasInit => small(&t::SchemasInit, out),
            Job::SchemasAuth => small(&t::SchemasAuth { p }, out),
            Job::SchemasProfile => small(&t::SchemasProfile { p }, out),
            Job::SchemasTypes => small(&t::SchemasTypes::new(), out),
            Job::Passwords => small(&t::Passwords, out),
            Job::Security => small(&t::Security, out),
            Job::Throttle => small(&t::Throttle, out),
            Job::Model(e) => small(&t::ModelEntity { e: &entities[e] }, out),
            Job::Router(e) => small(&t::RouterEntity::new(&entities[e]), out),
            Job::Schema(e) => small(&t::SchemaEntity { e: &entities[e] }, out),
            Job::Test(e) => small(&t::TestEntity { e: &entities[e] }, out),
            Job::DockerCompose => small(&t::DockerCompose, out),
            Job::MainPy => small(&t::MainPy, out),
            Job::OpenApi => (0..self.openapi.parts())
                .try_for_each(|part| self.openapi.write_part(genome, entities, part, out)),
            Job::PyProject => small(&t::PyProject, out),
            Job::RequirementsDev => small(&t::RequirementsDev, out),
            Job::Requirements => small(&t::Requirements, out),
            Job::TestsInit => small(&t::TestsInit, out),
            Job::TestsConftest => small(&t::TestsConftest, out),
            Job::TestsAuth => small(&t::TestsAuth { p }, out),
            Job::TestsFactories => large(&t::TestsFactories { entities }, out),
            Job::TestsLimits => small(&t::TestsLimits, out),
            Job::TestsOpenapi => small(&t::TestsOpenapi, out),
            Job::TestsAccounts => small(&t::TestsAccounts, out),
            Job::TestsSecurity => small(&t::TestsSecurity, out),
            Job::TestsQueryPlans => small(&t::TestsQueryPlans, out),
            Job::TestsPaging => small(&t::TestsPaging, out),
            Job::TestsPages => small(
                &t::TestsPages {
                    has_unique: genome.entities.iter().any(has_filled_unique_group),
                    has_links: genome
                        .entities
                        .iter()
                        .any(|e| e.fields.iter().any(|f| f.reference.is_some())),
                },
                out,
            ),
            Job::BrowserInit => small(&t::BrowserInit, out),
            Job::BrowserStories => small(
                &t::BrowserStories {
                    stories: &story_test_views(genome, entities),
                },
                out,
            ),
            Job::BrowserConftest => small(&t::BrowserConftest, out),
            Job::BrowserJourneys => small(&t::BrowserJourneys, out),
            Job::BrowserTests => small(&t::BrowserTests, out),
            Job::WebInit => small(&t::WebInit, out),
            Job::WebCsrf => small(&t::WebCsrf, out),
            Job::WebFields => small(&t::WebFields, out),
            Job::WebPages => small(&t::WebPages, out),
            Job::WebEntities => large(&web_entities(genome, entities, p), out),
            Job::WebAsset(i) => out.write_all(t::WEB_ASSETS[i].1.as_bytes()),
        }
    }
}

/// Appends `template` to `buf`, ending with a line break. Askama drops the
/// last line break of every template file; a text that is not empty gets
/// it back here (and in [`large`]).
fn render_text(template: &impl Template, buf: &mut String) -> io::Result<()> {
    let start = buf.len();
    template
        .render_into(buf)
        .map_err(|error| io::Error::other(error.to_string()))?;
    if buf.len() > start && !buf.ends_with('\n') {
        buf.push('\n');
    }
    Ok(())
}

/// Renders a small template into a per-thread buffer and writes it in one
/// piece (askama's `write_into` would write each fragment separately).
fn small(template: &impl Template, out: &mut dyn io::Write) -> io::Result<()> {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        render_text(template, buffer)?;
        out.write_all(buffer.as_bytes())
    })
}

/// Streams a large template to `out`, fragment by fragment, ending it with
/// a line break as [`render_text`] does.
fn large(template: &impl Template, out: &mut dyn io::Write) -> io::Result<()> {
    // The template writes fragment by fragment; a buffer turns that into
    // a few large writes.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let mut out = LastByte {
        out: &mut buffered,
        last: None,
    };
    Template::write_into(template, &mut out)?;
    if !matches!(out.last, Some(b'\n') | None) {
        out.write_all(b"\n")?;
    }
    buffered
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// A writer of Python code that splits its long lines as the formatter
/// does (see [`layout`]), taking them one complete line at a time.
struct LaidOut<'a> {
    out: &'a mut dyn io::Write,
    layout: layout::Layout,
    /// The start of a line not yet complete.
    pending: Vec<u8>,
    lines: String,
}

impl<'a> LaidOut<'a> {
    fn new(out: &'a mut dyn io::Write) -> Self {
        LaidOut {
            out,
            layout: layout::Layout::default(),
            pending: Vec::new(),
            lines: String::new(),
        }
    }

    /// Writes what follows the last line break.
    fn finish(self) -> io::Result<()> {
        self.out.write_all(&self.pending)
    }
}

impl LaidOut<'_> {
    /// Lays out whole lines, each ended by a line break, and writes them.
    fn write_lines(&mut self, complete: &[u8]) -> io::Result<()> {
        let text = std::str::from_utf8(complete)
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
        self.lines.clear();
        if self.layout.lay_out_lines(text, &mut self.lines) {
            self.out.write_all(self.lines.as_bytes())
        } else {
            // Every line as it is: written without a copy.
            self.out.write_all(complete)
        }
    }
}

impl io::Write for LaidOut<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Only the new bytes can hold the last line break.
        let Some(last) = memchr::memrchr(b'\n', buf) else {
            self.pending.extend_from_slice(buf);
            return Ok(buf.len());
        };
        let (mut complete, rest) = buf.split_at(last + 1);
        if !self.pending.is_empty() {
            // The line begun earlier, completed; the lines after it are
            // laid out where they are.
            let first = memchr::memchr(b'\n', complete).unwrap_or(last);
            let mut pending = std::mem::take(&mut self.pending);
            pending.extend_from_slice(&complete[..=first]);
            let written = self.write_lines(&pending);
            pending.clear();
            self.pending = pending;
            written?;
            complete = &complete[first + 1..];
        }
        if !complete.is_empty() {
            self.write_lines(complete)?;
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A writer that remembers the last byte written through it.
struct LastByte<'a> {
    out: &'a mut dyn io::Write,
    last: Option<u8>,
}

impl io::Write for LastByte<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf)?;
        if written > 0 {
            self.last = Some(buf[written - 1]);
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The genome as pretty-printed JSON, with a final newline.
fn genome_json(genome: &Genome, out: &mut dyn io::Write) -> io::Result<()> {
    // The serializer writes token by token; a buffer turns that into a few
    // large writes.
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, genome)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn app_main<'a>(entities: &'a [EntityView<'a>]) -> t::AppMain<'a> {
    let mut modules: Vec<&str> = entities.iter().map(|e| e.snake.as_str()).collect();
    modules.push("auth");
    t::AppMain {
        entities,
        router_import: from_import("app.routers", &modules),
    }
}

fn models_init(entities: &[EntityView]) -> t::ModelsInit {
    let mut pairs: Vec<(&str, &str)> = entities
        .iter()
        .map(|e| (e.snake.as_str(), e.name.as_str()))
        .collect();
    pairs.push(("user", "User"));
    pairs.sort();
    let import_lines = pairs
        .iter()
        .map(|(m, c)| from_import(&format!("app.models.{m}"), &[c]))
        .collect();
    let mut names: Vec<&str> = pairs.iter().map(|(_, c)| *c).collect();
    names.sort();
    let all_names = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    t::ModelsInit {
        import_lines,
        all_names,
    }
}

/// `As an auditor, I want to read order items`: the parser keeps the role
/// and the goal without `a`/`an` and `to`.
fn story_sentence(role: &str, goal: &str) -> String {
    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("As {article} {role}, I want to {goal}")
}

/// The endpoints that serve a story's entities, for the traceability table.
fn story_endpoints(names: &[String], entities: &HashMap<&str, &EntityView>) -> String {
    let endpoints: Vec<String> = names
        .iter()
        .filter_map(|name| entities.get(name.as_str()))
        .map(|e| format!("`GET/POST {0}`, `GET/PUT/PATCH/DELETE {0}/{{id}}`", e.url))
        .collect();
    if endpoints.is_empty() {
        "none".to_string()
    } else {
        endpoints.join(", ")
    }
}

fn architecture<'a>(
    genome: &'a Genome,
    entities: &'a [EntityView],
    p: &'a ProfileView,
) -> t::Architecture<'a> {
    let tests = story_test_views(genome, entities);
    let mut by_name: HashMap<&str, &EntityView> = HashMap::with_capacity(entities.len());
    for entity in entities {
        by_name.entry(entity.name.as_str()).or_insert(entity);
    }
    t::Architecture {
        solution_name: &genome.solution_name,
        entities,
        p,
        archimate: genome
            .archimate_elements
            .iter()
            .map(|a| t::ArchimateView {
                id: a.id.clone(),
                kind: a.kind.as_str(),
                name: a.name.clone(),
            })
            .collect(),
        stories: genome
            .user_stories
            .iter()
            .zip(&tests)
            .map(|(s, test)| t::StoryView {
                role: s.role.clone(),
                goal: s.goal.clone(),
                benefit: s.benefit.clone().unwrap_or_default(),
                sentence: story_sentence(&s.role, &s.goal),
                entities: if s.entities.is_empty() {
                    "none".to_string()
                } else {
                    s.entities.join(", ")
                },
                endpoints: story_endpoints(&s.entities, &by_name),
                page: test.page.clone(),
                test: if test.test.is_empty() {
                    format!("none: {}", md(&test.reason))
                } else {
                    format!("`{}`", test.test)
                },
                criteria: s.acceptance_criteria.clone(),
            })
            .collect(),
        integrations: genome
            .integrations
            .iter()
            .map(|i| t::IntegrationView {
                display_name: i.display_name.clone(),
                category: i.category.as_str(),
            })
            .collect(),
    }
}

/// `app/web/entities.py`: the pages of every entity, and the dashboard's stories.
fn web_entities<'a>(
    genome: &'a Genome,
    entities: &'a [EntityView<'a>],
    p: &ProfileView,
) -> t::WebEntities<'a> {
    let pages: Vec<EntityPagesView> = entities.iter().map(EntityPagesView::new).collect();
    let mut modules: Vec<String> = entities
        .iter()
        .flat_map(|e| {
            [
                format!("import app.routers.{}", e.snake),
                format!("import app.schemas.{}", e.snake),
            ]
        })
        .collect();
    modules.sort();
    let stories = view::story_links(&genome.user_stories, entities, |s| {
        story_sentence(&s.role, &s.goal)
    });
    t::WebEntities {
        imports: modules.join("\n"),
        pages,
        summary: view::summary(genome),
        stories,
        profile: view::profile_specs(p),
    }
}

/// The user stories as browser tests (see [`view::story_tests`]).
fn story_test_views(genome: &Genome, entities: &[EntityView]) -> Vec<view::StoryTestView> {
    view::story_tests(&genome.user_stories, entities, |s| {
        story_sentence(&s.role, &s.goal)
    })
}

/// Whether a row made of an entity's required fields and defaults (what
/// the generated factories fill) sets every field of one of its unique
/// groups, single unique fields included: the pages' duplicate test needs
/// such a group.
fn has_filled_unique_group(entity: &crate::genome::Entity) -> bool {
    let filled = |name: &str| {
        entity
            .fields
            .iter()
            .any(|f| f.name == name && (f.required || f.default.is_some()))
    };
    entity.fields.iter().any(|f| f.unique && filled(&f.name))
        || entity
            .unique_together
            .iter()
            .any(|group| group.fields.iter().all(|name| filled(name)))
}
