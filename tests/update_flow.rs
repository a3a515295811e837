//! End to end: an app holding data follows its PRD through four versions
//! (`tests/e2e/update/v1.md` to `v4.md`), updated with `--update` and
//! migrated with Alembic, on SQLite and, when
//! `MICROCODEGEN_TEST_POSTGRES_URL` is set, on PostgreSQL; see
//! `tests/e2e/update_flow.py` for what each step checks.
//!
//! In the end-to-end tier: built only when `MICROCODEGEN_E2E=1`.
#![cfg(e2e_tier)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn venv_dir() -> PathBuf {
    std::env::var_os("MICROCODEGEN_E2E_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| manifest_dir().join("target"))
                .join("e2e-venv")
        })
}

#[test]
fn an_app_holding_data_follows_four_versions_of_its_prd() {
    let binary = env!("CARGO_BIN_EXE_microcodegen");
    let tmp = tempfile::tempdir().expect("temp dir");
    let first = tmp.path().join("v1");
    let generated = Command::new(binary)
        .arg(manifest_dir().join("tests/e2e/update/v1.md"))
        .arg("--out")
        .arg(&first)
        .status()
        .expect("runs the compiler");
    assert!(generated.success(), "generating v1 failed");
    // The virtualenv with the apps' requirements, as the other e2e tests make it.
    let venv = venv_dir();
    let prepared = Command::new("python3")
        .arg(manifest_dir().join("tests/e2e/check_app.py"))
        .arg(&first)
        .arg(&venv)
        .arg("--venv-only")
        .status()
        .expect("python3 runs");
    assert!(prepared.success(), "preparing the virtualenv failed");

    let mut flow = Command::new(venv.join("bin/python"));
    flow.arg(manifest_dir().join("tests/e2e/update_flow.py"))
        .arg(binary)
        .arg(&venv);
    match std::env::var("MICROCODEGEN_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            flow.arg("--postgres").arg(url);
        }
        _ => eprintln!("update_flow: MICROCODEGEN_TEST_POSTGRES_URL is not set: SQLite only"),
    }
    let status = flow.status().expect("the flow runs");
    assert!(
        status.success(),
        "tests/e2e/update_flow.py failed: {status}"
    );
}
