//! End to end: emit an app from a hand-built genome and check it with
//! `tests/e2e/check_app.py` (ruff, compileall, migrations, `alembic check`,
//! the app's own tests, and a black-box HTTP run against uvicorn).
//!
//! SQLite always; PostgreSQL too when `MICROCODEGEN_TEST_POSTGRES_URL` is set
//! (an admin URL such as `postgresql://postgres@127.0.0.1:5432/postgres`; a
//! database is created and dropped per run). Needs python3 and access to
//! PyPI on the first run; the virtualenv is cached under the target dir.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use microcodegen::emit::{EmitOptions, emit};
use microcodegen::pack::write_dir;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The two checks share one virtualenv: run them one at a time.
static VENV_LOCK: Mutex<()> = Mutex::new(());

fn check(genome: &microcodegen::genome::Genome, name: &str) {
    let _guard = VENV_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let tmp = tempfile::tempdir().expect("temp dir");
    // MICROCODEGEN_E2E_OUT keeps the generated apps for inspection.
    let out = std::env::var_os("MICROCODEGEN_E2E_OUT").map(PathBuf::from);
    let app = out.as_deref().unwrap_or(tmp.path()).join(name);
    let options = EmitOptions::with_random_secrets().expect("OS randomness");
    write_dir(&emit(genome, &options), &app, true).expect("write the app");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/check_app.py");
    // MICROCODEGEN_E2E_VENV overrides where the virtualenv is cached.
    let venv = std::env::var_os("MICROCODEGEN_E2E_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("e2e-venv"));
    let mut cmd = Command::new("python3");
    cmd.arg(&script).arg(&app).arg(&venv);
    match std::env::var("MICROCODEGEN_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            eprintln!("e2e: PostgreSQL run enabled ({url})");
            cmd.arg("--postgres").arg(url);
        }
        _ => eprintln!(
            "e2e: MICROCODEGEN_TEST_POSTGRES_URL is not set: checking on SQLite only \
             (set it to e.g. postgresql://postgres@127.0.0.1:5432/postgres to add PostgreSQL)"
        ),
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run python3 (is it installed?): {e}"));
    assert!(status.success(), "check_app.py failed for {name}: {status}");
}

#[test]
fn generated_app_passes_check_app() {
    check(&common::full_genome(), "full_app");
}

#[test]
fn minimal_app_passes_check_app() {
    check(&common::minimal_genome(), "minimal_app");
}
