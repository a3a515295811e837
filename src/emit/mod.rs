//! The back end: renders a [`Genome`] into the files of a FastAPI application.
//!
//! [`emit`] is pure and deterministic: the same genome and options give the
//! same bytes. Only `.env` depends on the options (its secrets).

mod escape;
mod openapi;
mod templates;
mod view;
mod yaml;

use std::fmt;

use askama::Template;

use crate::genome::Genome;

pub use escape::{json_str, md, py_doc, py_str, yaml_str};

use templates as t;
use view::{EntityView, entity_views, from_import};

/// The Alembic revision id of the initial migration.
pub const INITIAL_REVISION: &str = "0001_initial";

/// One file of the generated application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative, `/`-separated path (`app/models/order_item.py`).
    pub path: String,
    pub contents: Vec<u8>,
}

/// Settings that are not in the genome: the secrets written to `.env`.
#[derive(Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// Signs the access tokens (`SECRET_KEY`).
    pub secret_key: String,
    /// Password of the PostgreSQL service in docker-compose.yml.
    pub postgres_password: String,
}

impl fmt::Debug for EmitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmitOptions").finish_non_exhaustive()
    }
}

fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

impl EmitOptions {
    /// Fresh secrets from the operating system's random source: a 256-bit
    /// secret key and a 128-bit database password, hex-encoded.
    pub fn with_random_secrets() -> Result<Self, getrandom::Error> {
        Ok(EmitOptions {
            secret_key: random_hex(32)?,
            postgres_password: random_hex(16)?,
        })
    }

    /// Fixed, public placeholder secrets, for tests and snapshots only.
    pub fn insecure_fixed_for_tests() -> Self {
        EmitOptions {
            secret_key: "0".repeat(64),
            postgres_password: "0".repeat(32),
        }
    }
}

struct Out(Vec<GeneratedFile>);

impl Out {
    fn add(&mut self, path: impl Into<String>, template: &dyn DynRender) {
        let contents = template.render_bytes();
        self.0.push(GeneratedFile {
            path: path.into(),
            contents,
        });
    }

    fn add_text(&mut self, path: impl Into<String>, text: String) {
        self.0.push(GeneratedFile {
            path: path.into(),
            contents: text.into_bytes(),
        });
    }
}

trait DynRender {
    fn render_bytes(&self) -> Vec<u8>;
}

impl<T: Template> DynRender for T {
    fn render_bytes(&self) -> Vec<u8> {
        // Rendering into a String only fails if a filter fails, and ours never do.
        self.render()
            .expect("templates render infallibly")
            .into_bytes()
    }
}

/// Renders the application for `genome`, files sorted by path.
pub fn emit(genome: &Genome, options: &EmitOptions) -> Vec<GeneratedFile> {
    let entities = entity_views(genome);
    let profile = view::ProfileView::new(genome);
    let p = &profile;
    let mut out = Out(Vec::new());

    out.add(".dockerignore", &t::DockerIgnore);
    out.add(
        ".env",
        &t::DotEnv {
            secret_key: &options.secret_key,
            postgres_password: &options.postgres_password,
        },
    );
    out.add(".env.example", &t::EnvExample);
    out.add(".gitignore", &t::GitIgnore);
    out.add("ARCHITECTURE.md", &architecture(genome, &entities));
    out.add("Dockerfile", &t::Dockerfile);
    out.add_text("GENOME.json", genome_json(genome));
    out.add(
        "README.md",
        &t::Readme {
            solution_name: &genome.solution_name,
            entity_count: entities.len(),
            entities: &entities,
            p,
        },
    );
    out.add("alembic.ini", &t::AlembicIni);
    out.add("alembic/env.py", &t::AlembicEnv);
    out.add("alembic/script.py.mako", &t::AlembicScript);
    out.add(
        format!("alembic/versions/{INITIAL_REVISION}.py"),
        &t::InitialRevision {
            revision: INITIAL_REVISION,
            p,
            entities: view::migration_order(&entities),
            entities_reversed: view::migration_order(&entities).into_iter().rev().collect(),
        },
    );
    out.add("app/__init__.py", &t::AppInit);
    out.add(
        "app/config.py",
        &t::Config {
            solution_name: &genome.solution_name,
        },
    );
    out.add("app/crud.py", &t::Crud);
    out.add("app/database.py", &t::Database);
    out.add("app/errors.py", &t::Errors);
    out.add("app/main.py", &app_main(&entities));
    out.add("app/models/__init__.py", &models_init(&entities));
    out.add("app/models/user.py", &t::ModelsUser { p });
    out.add("app/routers/__init__.py", &t::RoutersInit);
    out.add("app/routers/auth.py", &t::RoutersAuth { p });
    out.add("app/schemas/__init__.py", &t::SchemasInit);
    out.add("app/schemas/auth.py", &t::SchemasAuth { p });
    if !p.fields.is_empty() {
        out.add("app/schemas/profile.py", &t::SchemasProfile { p });
    }
    out.add("app/schemas/types.py", &t::SchemasTypes);
    out.add("app/security.py", &t::Security);
    for e in &entities {
        out.add(format!("app/models/{}.py", e.snake), &t::ModelEntity { e });
        out.add(
            format!("app/routers/{}.py", e.snake),
            &t::RouterEntity { e },
        );
        out.add(
            format!("app/schemas/{}.py", e.snake),
            &t::SchemaEntity { e },
        );
        out.add(format!("tests/test_{}.py", e.snake), &t::TestEntity { e });
    }
    out.add("docker-compose.yml", &t::DockerCompose);
    out.add("main.py", &t::MainPy);
    out.add_text(
        "openapi.yaml",
        yaml::to_yaml(&openapi::document(genome, &entities)),
    );
    out.add("pyproject.toml", &t::PyProject);
    out.add("requirements-dev.txt", &t::RequirementsDev);
    out.add("requirements.txt", &t::Requirements);
    out.add("tests/__init__.py", &t::TestsInit);
    out.add("tests/conftest.py", &t::TestsConftest);
    out.add("tests/test_auth.py", &t::TestsAuth { p });
    out.add_text("tests/factories.py", view::factories(&entities));
    out.add("tests/test_openapi.py", &t::TestsOpenapi);

    let mut files = out.0;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The genome as pretty-printed JSON, with a final newline.
fn genome_json(genome: &Genome) -> String {
    let mut s = serde_json::to_string_pretty(genome).expect("the genome serializes");
    s.push('\n');
    s
}

fn app_main(entities: &[EntityView]) -> t::AppMain<'_> {
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
fn story_endpoints(names: &[String], entities: &[EntityView]) -> String {
    let endpoints: Vec<String> = names
        .iter()
        .filter_map(|name| entities.iter().find(|e| &e.name == name))
        .map(|e| format!("`GET/POST {0}`, `GET/PUT/PATCH/DELETE {0}/{{id}}`", e.url))
        .collect();
    if endpoints.is_empty() {
        "none".to_string()
    } else {
        endpoints.join(", ")
    }
}

fn architecture<'a>(genome: &'a Genome, entities: &'a [EntityView]) -> t::Architecture<'a> {
    t::Architecture {
        solution_name: &genome.solution_name,
        entities,
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
            .map(|s| t::StoryView {
                role: s.role.clone(),
                goal: s.goal.clone(),
                benefit: s.benefit.clone().unwrap_or_default(),
                sentence: story_sentence(&s.role, &s.goal),
                entities: if s.entities.is_empty() {
                    "none".to_string()
                } else {
                    s.entities.join(", ")
                },
                endpoints: story_endpoints(&s.entities, entities),
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
