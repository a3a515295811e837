//! The askama template structs, one per template under `templates/fastapi/`.

use askama::Template;

use crate::genome::{
    DECIMAL_PRECISION, DECIMAL_SCALE, EMAIL_MAX_LENGTH, STRING_MAX_LENGTH, URL_MAX_LENGTH,
};

use super::api::{Bounds, LIMIT, OFFSET, Resource, Route};
use super::escape;
use super::view::{
    EntityPagesView, EntityView, FieldView, ProfileView, StoryLinkView, StoryTestView,
};

/// Filters that escape PRD text for the language it lands in.
mod filters {
    use super::super::escape;

    #[askama::filter_fn]
    pub fn py_str(s: impl ToString, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::py_str(&s.to_string()))
    }

    #[askama::filter_fn]
    pub fn py_doc(s: impl ToString, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::py_doc(&s.to_string()))
    }

    #[askama::filter_fn]
    pub fn yaml_str(s: impl ToString, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::yaml_str(&s.to_string()))
    }

    /// A Python tuple of the items (see [`escape::py_tuple`]).
    #[askama::filter_fn]
    pub fn py_tuple(
        items: impl IntoIterator<Item = impl std::fmt::Display>,
        _: &dyn askama::Values,
    ) -> askama::Result<String> {
        Ok(escape::py_tuple(items))
    }

    #[askama::filter_fn]
    pub fn md(s: impl ToString, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(escape::md(&s.to_string()))
    }
}

/// Templates that print nothing from the genome.
macro_rules! static_templates {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[derive(Template)]
            #[template(path = $path, escape = "none")]
            pub struct $name;
        )*
    };
}

static_templates! {
    AlembicEnv => "fastapi/alembic/env.py",
    AlembicIni => "fastapi/alembic.ini",
    AlembicScript => "fastapi/alembic/script.py.mako",
    AppInit => "fastapi/app/__init__.py",
    CustomInit => "fastapi/app/custom/__init__.py",
    Crud => "fastapi/app/crud.py",
    Cursors => "fastapi/app/cursors.py",
    Database => "fastapi/app/database.py",
    Dockerfile => "fastapi/Dockerfile",
    DockerCompose => "fastapi/docker-compose.yml",
    DockerIgnore => "fastapi/dockerignore.txt",
    EnvExample => "fastapi/env.example.txt",
    Errors => "fastapi/app/errors.py",
    Headers => "fastapi/app/headers.py",
    GitIgnore => "fastapi/gitignore.txt",
    Limits => "fastapi/app/limits.py",
    MainPy => "fastapi/main.py",
    PyProject => "fastapi/pyproject.toml",
    Requests => "fastapi/app/requests.py",
    Requirements => "fastapi/requirements.txt",
    RequirementsDev => "fastapi/requirements-dev.txt",
    RoutersInit => "fastapi/app/routers/__init__.py",
    SchemasInit => "fastapi/app/schemas/__init__.py",
    Passwords => "fastapi/app/passwords.py",
    Security => "fastapi/app/security.py",
    TestsAccounts => "fastapi/tests/test_accounts.py",
    TestsSecurity => "fastapi/tests/test_security.py",
    Throttle => "fastapi/app/throttle.py",
    TestsConftest => "fastapi/tests/conftest.py",
    TestsPaging => "fastapi/tests/test_paging.py",
    TestsInit => "fastapi/tests/__init__.py",
    TestsLimits => "fastapi/tests/test_limits.py",
    TestsOpenapi => "fastapi/tests/test_openapi.py",
    TestsQueryPlans => "fastapi/tests/test_query_plans.py",
    BrowserInit => "fastapi/tests/browser/__init__.py",
    BrowserConftest => "fastapi/tests/browser/conftest.py",
    BrowserJourneys => "fastapi/tests/browser/journeys.py",
    BrowserTests => "fastapi/tests/browser/test_journeys.py",
    WebInit => "fastapi/app/web/__init__.py",
    WebCsrf => "fastapi/app/web/csrf.py",
    WebFields => "fastapi/app/web/fields.py",
    WebPages => "fastapi/app/web/pages.py",
}

/// The pages' Jinja templates and style sheet, written as they are: Jinja's
/// syntax is askama's, so they are not askama templates.
pub const WEB_ASSETS: &[(&str, &str)] = &[
    (
        "app/web/static/app.css",
        include_str!("../../../templates/fastapi/app/web/static/app.css"),
    ),
    (
        "app/web/templates/base.html",
        include_str!("../../../templates/fastapi/app/web/templates/base.html"),
    ),
    (
        "app/web/templates/delete.html",
        include_str!("../../../templates/fastapi/app/web/templates/delete.html"),
    ),
    (
        "app/web/templates/detail.html",
        include_str!("../../../templates/fastapi/app/web/templates/detail.html"),
    ),
    (
        "app/web/templates/error.html",
        include_str!("../../../templates/fastapi/app/web/templates/error.html"),
    ),
    (
        "app/web/templates/form.html",
        include_str!("../../../templates/fastapi/app/web/templates/form.html"),
    ),
    (
        "app/web/templates/home.html",
        include_str!("../../../templates/fastapi/app/web/templates/home.html"),
    ),
    (
        "app/web/templates/list.html",
        include_str!("../../../templates/fastapi/app/web/templates/list.html"),
    ),
    (
        "app/web/templates/macros.html",
        include_str!("../../../templates/fastapi/app/web/templates/macros.html"),
    ),
    (
        "app/web/templates/password.html",
        include_str!("../../../templates/fastapi/app/web/templates/password.html"),
    ),
    (
        "app/web/templates/profile.html",
        include_str!("../../../templates/fastapi/app/web/templates/profile.html"),
    ),
    (
        "app/web/templates/sign_in.html",
        include_str!("../../../templates/fastapi/app/web/templates/sign_in.html"),
    ),
    (
        "app/web/templates/sign_up.html",
        include_str!("../../../templates/fastapi/app/web/templates/sign_up.html"),
    ),
];

/// `tests/test_pages.py`: the pages through the test client; the tests of
/// the rules an entity may not have (unique values, links) only when some
/// entity has them.
#[derive(Template)]
#[template(path = "fastapi/tests/test_pages.py", escape = "none")]
pub struct TestsPages {
    pub has_unique: bool,
    pub has_links: bool,
}

/// `tests/browser/test_stories.py`: a test per user story that maps to a flow.
#[derive(Template)]
#[template(path = "fastapi/tests/browser/test_stories.py", escape = "none")]
pub struct BrowserStories<'a> {
    pub stories: &'a [StoryTestView],
}

/// `app/web/entities.py`: every entity's pages.
#[derive(Template)]
#[template(path = "fastapi/app/web/entities.py", escape = "none")]
pub struct WebEntities<'a> {
    pub imports: String,
    pub pages: Vec<EntityPagesView<'a>>,
    pub summary: String,
    pub stories: Vec<StoryLinkView>,
    /// The profile page's fields; none when the account has no profile fields.
    pub profile: Vec<String>,
}

impl WebEntities<'_> {
    /// Whether any field is written out, naming its `Kind`: an app whose
    /// entities have no fields and whose account has no profile names none.
    pub fn names_a_kind(&self) -> bool {
        !self.profile.is_empty() || self.pages.iter().any(|page| !page.fields.is_empty())
    }

    /// Every entity's pages, by the name of their constant.
    pub fn constants(&self) -> Vec<&str> {
        self.pages.iter().map(|w| w.constant.as_str()).collect()
    }

    /// `StoryLink(sentence, path)` of every story.
    pub fn story_links(&self) -> Vec<String> {
        self.stories
            .iter()
            .map(|s| format!("StoryLink({}, {})", s.sentence, s.path))
            .collect()
    }
}

#[derive(Template)]
#[template(path = "fastapi/env.txt", escape = "none")]
pub struct DotEnv<'a> {
    pub secret_key: &'a str,
    pub postgres_password: &'a str,
}

/// The field types' aliases, with the language's limits.
#[derive(Template)]
#[template(path = "fastapi/app/schemas/types.py", escape = "none")]
pub struct SchemasTypes {
    pub string_max: u32,
    pub email_max: u32,
    pub url_max: u32,
    pub precision: u32,
    pub scale: u32,
    /// `NOT_BLANK_PATTERN` as a Python string literal.
    pub not_blank_pattern: String,
    /// The text of any decimal, as a Python string literal.
    pub decimal_text: String,
    pub whole_digits: u32,
    /// Decimals sent as JSON numbers stay below 10 to this power.
    pub number_digits: u32,
}

impl SchemasTypes {
    pub fn new() -> Self {
        SchemasTypes {
            string_max: STRING_MAX_LENGTH,
            email_max: EMAIL_MAX_LENGTH,
            url_max: URL_MAX_LENGTH,
            precision: DECIMAL_PRECISION,
            scale: DECIMAL_SCALE,
            not_blank_pattern: escape::py_str(super::types::NOT_BLANK_PATTERN),
            decimal_text: escape::py_str(&super::decimal_text::shape_pattern()),
            whole_digits: DECIMAL_PRECISION - DECIMAL_SCALE,
            number_digits: super::decimal_text::NUMBER_DIGITS,
        }
    }
}

#[derive(Template)]
#[template(path = "fastapi/app/config.py", escape = "none")]
pub struct Config<'a> {
    pub solution_name: &'a str,
    pub api_description: &'static str,
}

#[derive(Template)]
#[template(path = "fastapi/app/main.py", escape = "none")]
pub struct AppMain<'a> {
    pub entities: &'a [EntityView<'a>],
    pub router_import: String,
}

#[derive(Template)]
#[template(path = "fastapi/app/models/__init__.py", escape = "none")]
pub struct ModelsInit {
    pub import_lines: Vec<String>,
    pub all_names: String,
}

#[derive(Template)]
#[template(path = "fastapi/app/models/entity.py", escape = "none")]
pub struct ModelEntity<'a> {
    pub e: &'a EntityView<'a>,
}

impl ModelEntity<'_> {
    /// `(UniqueConstraint(...), CheckConstraint(...))`: the table's
    /// constraints as one tuple on one line (a long one is split as the
    /// formatter splits it when the file is written).
    pub fn table_args(&self) -> String {
        let mut args: Vec<String> = self
            .e
            .uniques
            .iter()
            .filter(|u| !u.caseless())
            .map(|u| format!("UniqueConstraint({})", u.constraint_columns()))
            .collect();
        args.extend(self.e.checks.iter().map(|(name, sql)| {
            format!("CheckConstraint({}, name=\"{name}\")", escape::py_str(sql))
        }));
        args.extend(
            self.e
                .indexes
                .iter()
                .map(|i| format!("Index(\"{}\", {})", i.name, i.quoted_columns())),
        );
        escape::py_tuple(args)
    }
}

#[derive(Template)]
#[template(path = "fastapi/app/schemas/entity.py", escape = "none")]
pub struct SchemaEntity<'a> {
    pub e: &'a EntityView<'a>,
}

#[derive(Template)]
#[template(path = "fastapi/app/routers/entity.py", escape = "none")]
pub struct RouterEntity<'a> {
    pub e: &'a EntityView<'a>,
    pub r: Resource<'a>,
    pub list: Route,
    pub create: Route,
    pub get: Route,
    pub replace: Route,
    pub update: Route,
    pub delete: Route,
    pub limit: Bounds,
    pub offset: Bounds,
}

impl<'a> RouterEntity<'a> {
    /// The router of `e`'s resource.
    pub fn new(e: &'a EntityView<'a>) -> Self {
        let r = Resource::new(e);
        let [list, create, get, replace, update, delete] = r.routes();
        RouterEntity {
            e,
            r,
            list,
            create,
            get,
            replace,
            update,
            delete,
            limit: LIMIT,
            offset: OFFSET,
        }
    }
}

#[derive(Template)]
#[template(path = "fastapi/tests/test_entity.py", escape = "none")]
pub struct TestEntity<'a> {
    pub e: &'a EntityView<'a>,
}

#[derive(Template)]
#[template(path = "fastapi/alembic/versions/initial.py", escape = "none")]
pub struct InitialRevision<'a> {
    pub revision: &'a str,
    pub p: &'a ProfileView<'a>,
    pub entities: Vec<&'a EntityView<'a>>,
    pub entities_reversed: Vec<&'a EntityView<'a>>,
    /// (table, link) of the links whose foreign key is added after every
    /// table exists.
    pub deferred: Vec<(&'a str, &'a FieldView<'a>)>,
}

#[derive(Template)]
#[template(path = "fastapi/alembic/versions/revision.py", escape = "none")]
pub struct Revision<'a> {
    pub revision: &'a str,
    pub down_revision: &'a str,
    /// What changed, counted by kind.
    pub summary: &'a str,
    pub up: super::revision::Direction<'a>,
    pub down: super::revision::Direction<'a>,
}

#[derive(Template)]
#[template(path = "fastapi/README.md", escape = "none")]
pub struct Readme<'a> {
    pub solution_name: &'a str,
    pub entity_count: usize,
    pub entities: &'a [EntityView<'a>],
    pub p: &'a ProfileView<'a>,
    /// The optional links that close a circle of links (`Team.captain`),
    /// comma-separated; empty when there is none.
    pub circle_links: String,
}

pub struct StoryView {
    pub role: String,
    pub goal: String,
    pub benefit: String,
    /// The story as one sentence, for the traceability table.
    pub sentence: String,
    /// The linked entities' names, comma-separated.
    pub entities: String,
    /// The linked entities' endpoints, as Markdown code spans.
    pub endpoints: String,
    /// The pages its acceptance test uses, as Markdown code spans; empty
    /// when it has none.
    pub page: String,
    /// Its acceptance test in `tests/browser/test_stories.py`, or why it has none.
    pub test: String,
    /// Its acceptance criteria, as written.
    pub criteria: Vec<String>,
}

pub struct ArchimateView {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
}

pub struct IntegrationView {
    pub display_name: String,
    pub category: &'static str,
}

#[derive(Template)]
#[template(path = "fastapi/ARCHITECTURE.md", escape = "none")]
pub struct Architecture<'a> {
    pub solution_name: &'a str,
    pub entities: &'a [EntityView<'a>],
    /// The account, first in the diagram.
    pub p: &'a ProfileView<'a>,
    pub archimate: Vec<ArchimateView>,
    pub stories: Vec<StoryView>,
    pub integrations: Vec<IntegrationView>,
}

/// `tests/factories.py`: the rows of every entity the generated tests can
/// create, with the rows they link to. A large app's is several megabytes,
/// written entity by entity.
#[derive(Template)]
#[template(path = "fastapi/tests/factories.py", escape = "none")]
pub struct TestsFactories<'a> {
    pub entities: &'a [EntityView<'a>],
}

/// Templates that print the account's profile fields.
macro_rules! profile_templates {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[derive(Template)]
            #[template(path = $path, escape = "none")]
            pub struct $name<'a> {
                pub p: &'a ProfileView<'a>,
            }
        )*
    };
}

profile_templates! {
    ModelsUser => "fastapi/app/models/user.py",
    RoutersAuth => "fastapi/app/routers/auth.py",
    SchemasAuth => "fastapi/app/schemas/auth.py",
    SchemasProfile => "fastapi/app/schemas/profile.py",
    TestsAuth => "fastapi/tests/test_auth.py",
}

/// `paths` entry of an entity's collection: list and create.
#[derive(Template)]
#[template(path = "fastapi/openapi/collection_path.yaml", escape = "none")]
pub struct CollectionPath<'a> {
    pub r: Resource<'a>,
    pub list: Route,
    pub create: Route,
    pub page_ref: String,
    pub create_ref: String,
    pub response_ref: String,
    pub limit: Bounds,
    pub offset: Bounds,
    pub security: &'static [&'static str],
}

/// `paths` entry of one of an entity's items: read, replace, change and
/// delete.
#[derive(Template)]
#[template(path = "fastapi/openapi/item_path.yaml", escape = "none")]
pub struct ItemPath<'a> {
    pub r: Resource<'a>,
    pub url: String,
    pub delete: Route,
    pub get: Route,
    pub update: Route,
    pub replace: Route,
    pub create_ref: String,
    pub update_ref: String,
    pub response_ref: String,
    pub security: &'static [&'static str],
}
