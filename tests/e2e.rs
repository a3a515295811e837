//! End to end: generate apps and check each with `tests/e2e/check_app.py`
//! (ruff, compileall, `alembic upgrade head`, `alembic check`, the app's own
//! tests, and a black-box HTTP run against uvicorn).
//!
//! The apps come from every PRD in examples/, every tests/data/ok case
//! (through the `microcodegen` binary, as a user runs it), and two
//! hand-built genomes that reach corners the PRDs do not.
//!
//! The apps of [`HOSTILE`] also face `tests/e2e/hostile_input.py`: between
//! them they have every field type, bounded and unbounded numbers, required
//! texts, links to the same entity and profile fields.
//!
//! The apps of [`CONTRACT`] also face a schema-driven tester
//! (`tests/e2e/contract.py`, Schemathesis from PyPI in a virtualenv of its
//! own), which must find no response that breaks their openapi.yaml.
//!
//! The apps of [`BROWSER`] also run their browser tier (Chromium, which
//! `.ci/run` installs, with axe-core from `tests/axe/`, installed with
//! `npm ci` under the target directory).
//!
//! SQLite always; PostgreSQL too when `MICROCODEGEN_TEST_POSTGRES_URL` is set
//! (an admin URL such as `postgresql://postgres@127.0.0.1:5432/postgres`; a
//! database is created and dropped per app; the apps outside
//! [`POSTGRES_SUITE`] and the lists above get the migrations and the
//! black-box run there, their own suite on SQLite). Needs python3, and PyPI
//! on the first run: the virtualenv is cached under the target directory.
//!
//! A tier of its own: built only when `MICROCODEGEN_E2E=1` (see build.rs),
//! so plain `cargo test` stays offline and quick.
#![cfg(e2e_tier)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use microcodegen::pack::write_dir;
use microcodegen::targets::{DEFAULT, Secrets};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target"))
}

fn venv_dir() -> PathBuf {
    // MICROCODEGEN_E2E_VENV overrides where the virtualenv is cached.
    std::env::var_os("MICROCODEGEN_E2E_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("e2e-venv"))
}

fn check_app_command(app: &Path) -> Command {
    let mut cmd = Command::new("python3");
    cmd.arg(manifest_dir().join("tests/e2e/check_app.py"))
        .arg(app)
        .arg(venv_dir());
    cmd
}

/// Installs the apps' requirements once; every app has the same ones, so
/// the checks can then run side by side.
fn prepare_venv(app: &Path) {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        let status = check_app_command(app)
            .arg("--venv-only")
            .status()
            .map_err(|e| format!("cannot run python3 (is it installed?): {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("preparing the virtualenv failed: {status}"))
        }
    });
    if let Err(message) = ready {
        panic!("{message}");
    }
}

/// The apps checked with hostile input as well.
const HOSTILE: &[&str] = &[
    "full_app",
    "ok_all_types",
    "ok_v2_features",
    "ok_user_profile",
];

/// The apps held to their own openapi.yaml by a schema-driven tester
/// (`tests/e2e/contract.py`), on each database: between them every field
/// type, links (to other entities and to the same one), enumerations, a
/// unique group, bounded numbers and the account's profile.
const CONTRACT: &[&str] = &[
    "example_pet_clinic",
    "example_studio_planner",
    "ok_all_types",
    "ok_user_profile",
];

/// The apps whose browser tier runs: every bundled example, and PRDs of
/// the project's own that have, between them, links, enumerations, every
/// field type and profile fields.
const BROWSER: &[&str] = &[
    "example_bookshop",
    "example_conference",
    "example_fitness_log",
    "example_pet_clinic",
    "example_studio_planner",
    "ok_all_types",
    "ok_user_profile",
    "ok_v2_features",
];

/// The apps that also run their own test suite on PostgreSQL: every
/// bundled example and hand-built genome, the apps of [`HOSTILE`] and
/// [`BROWSER`], and the ok cases whose point is what is generated (links,
/// foreign keys, enumerations, unique groups, names that are SQL words,
/// every type spelling, limits, defaults, renames, tables, inferred types).
/// The other ok cases are there for how a PRD may be written; their apps
/// differ from these only in names, and get the migrations and the
/// black-box run on PostgreSQL, their own suite on SQLite.
const POSTGRES_SUITE: &[&str] = &[
    "ok_decl_foreign_keys",
    "ok_embedded_prisma",
    "ok_embedded_sql",
    "ok_enum_spellings",
    "ok_everyday_names",
    "ok_link_chains",
    "ok_link_circle",
    "ok_modifier_spellings",
    "ok_quoted_values",
    "ok_remarks_and_times",
    "ok_rename_remarks",
    "ok_type_word_spellings",
    "ok_unique_group_spellings",
    "ok_untyped_fields",
    "ok_v2_table",
];

/// The tester's virtualenv, under the target directory, installed once
/// from `tests/e2e/contract-requirements.txt` before the apps that use it
/// run side by side.
fn contract_venv(app: &Path) -> PathBuf {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        let venv = target_dir().join("contract-venv");
        let status = check_app_command(app)
            .arg("--contract")
            .arg(&venv)
            .arg("--venv-only")
            .status()
            .map_err(|e| format!("cannot run python3 (is it installed?): {e}"))?;
        if status.success() {
            Ok(venv)
        } else {
            Err(format!(
                "preparing the contract virtualenv failed: {status}"
            ))
        }
    });
    match ready {
        Ok(venv) => venv.clone(),
        Err(message) => panic!("{message}"),
    }
}

/// axe-core's `axe.min.js`, installed from `tests/axe/` under the target
/// directory; installed again only when the lock file changed.
fn axe_core_js() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let source = manifest_dir().join("tests/axe");
            let dir = target_dir().join("axe-core");
            std::fs::create_dir_all(&dir).expect("the target directory is writable");
            let lock = std::fs::read(source.join("package-lock.json"))
                .expect("the lock file is committed");
            let installed = dir.join("node_modules/.installed-lock.json");
            if !std::fs::read(&installed).is_ok_and(|old| old == lock) {
                for file in ["package.json", "package-lock.json"] {
                    std::fs::copy(source.join(file), dir.join(file))
                        .expect("copy the package list");
                }
                let status = Command::new("npm")
                    .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                    .current_dir(&dir)
                    .status()
                    .unwrap_or_else(|e| {
                        panic!("cannot run npm (are Node and npm installed?): {e}")
                    });
                assert!(status.success(), "npm ci failed in {}", dir.display());
                std::fs::write(&installed, &lock).expect("note the installed lock file");
            }
            dir.join("node_modules/axe-core/axe.min.js")
        })
        .clone()
}

fn runs_its_suite_on_postgres(name: &str) -> bool {
    name.starts_with("example_")
        || ["full_app", "minimal_app"].contains(&name)
        || [HOSTILE, BROWSER, CONTRACT, POSTGRES_SUITE]
            .iter()
            .any(|list| list.contains(&name))
}

fn check(app: &Path) {
    prepare_venv(app);
    let mut cmd = check_app_command(app);
    let name = app.file_name().and_then(|name| name.to_str());
    if name.is_some_and(|name| HOSTILE.contains(&name)) {
        cmd.arg("--hostile");
    }
    if name.is_some_and(|name| BROWSER.contains(&name)) {
        cmd.arg("--browser").env("AXE_CORE_JS", axe_core_js());
    }
    if name.is_some_and(|name| CONTRACT.contains(&name)) {
        cmd.arg("--contract").arg(contract_venv(app));
    }
    match std::env::var("MICROCODEGEN_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            cmd.arg("--postgres").arg(url);
            if !name.is_some_and(runs_its_suite_on_postgres) {
                cmd.arg("--postgres-api-only");
            }
        }
        _ => eprintln!(
            "e2e: MICROCODEGEN_TEST_POSTGRES_URL is not set: checking {} on SQLite only \
             (set it to e.g. postgresql://postgres@127.0.0.1:5432/postgres to add PostgreSQL)",
            app.display()
        ),
    }
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 (is it installed?): {e}"));
    let log = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "check_app.py failed for {}:\n{log}{}",
        app.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("e2e: {} passed", app.display());
}

/// Where to put an app: a temporary directory, or MICROCODEGEN_E2E_OUT to
/// keep the apps for inspection.
fn app_dir(tmp: &tempfile::TempDir, name: &str) -> PathBuf {
    std::env::var_os("MICROCODEGEN_E2E_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf())
        .join(name)
}

fn check_genome(genome: &microcodegen::genome::Genome, name: &str) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let app = app_dir(&tmp, name);
    let secrets = Secrets::random().expect("OS randomness");
    write_dir(&DEFAULT.plan(genome, &secrets).files(), &app, true).expect("write the app");
    check(&app);
}

/// Generates the app for a PRD with the binary, as a user would, and checks it.
fn check_prd(prd: &Path, name: &str) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let app = app_dir(&tmp, name);
    let output = Command::new(env!("CARGO_BIN_EXE_microcodegen"))
        .arg(prd)
        .arg("--out")
        .arg(&app)
        .arg("--force")
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "generating {} failed:\n{}",
        prd.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    check(&app);
}

fn run_example(name: &str) {
    check_prd(
        &manifest_dir().join("examples").join(format!("{name}.md")),
        &format!("example_{name}"),
    );
}

fn run_ok_case(case: &str) {
    check_prd(
        &manifest_dir()
            .join("tests/data/ok")
            .join(case)
            .join("input.md"),
        &format!("ok_{case}"),
    );
}

#[test]
fn the_apps_named_in_the_lists_are_generated_here() {
    for name in HOSTILE.iter().chain(BROWSER).chain(POSTGRES_SUITE) {
        let found = match name.split_once('_') {
            Some(("ok", case)) => manifest_dir().join("tests/data/ok").join(case).is_dir(),
            Some(("example", example)) => manifest_dir()
                .join("examples")
                .join(format!("{example}.md"))
                .is_file(),
            _ => ["full_app", "minimal_app"].contains(name),
        };
        assert!(
            found,
            "{name} is in HOSTILE, BROWSER or POSTGRES_SUITE but no app of that name is checked"
        );
    }
}

#[test]
fn full_genome_app_passes() {
    check_genome(&common::full_genome(), "full_app");
}

#[test]
fn minimal_genome_app_passes() {
    check_genome(&common::minimal_genome(), "minimal_app");
}

include!(concat!(env!("OUT_DIR"), "/e2e_cases.rs"));
