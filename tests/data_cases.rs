//! Data-driven cases: each tests/data/ok/<case>/input.md must compile
//! without errors, and its manifest (and any warnings) match the snapshot;
//! each tests/data/err/<case>/input.md must produce diagnostics, which
//! match the rendered snapshot. Update snapshots with `cargo insta review`
//! or `INSTA_UPDATE=always cargo test`.

mod common;

use std::path::PathBuf;

use microcodegen::diagnostics::{has_errors, render_plain};
use microcodegen::{analyze, source_text};

fn case_dir(kind: &str, case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(kind)
        .join(case)
}

fn read_case(kind: &str, case: &str) -> (PathBuf, Vec<u8>) {
    let dir = case_dir(kind, case);
    let bytes = std::fs::read(dir.join("input.md")).expect("the case has an input.md");
    (dir, bytes)
}

fn run_ok_case(case: &str) {
    let (dir, bytes) = read_case("ok", case);
    let analysis = analyze(&bytes);
    let source = source_text(&bytes);
    let rendered = render_plain("input.md", &source, &analysis.diagnostics);
    assert!(
        !has_errors(&analysis.diagnostics),
        "{case} has errors:\n{rendered}"
    );
    common::assert_spans_nest(&source);
    let manifest =
        serde_json::to_string_pretty(&analysis.manifest).expect("the manifest serialises");
    let snapshot = if rendered.is_empty() {
        manifest
    } else {
        format!("{manifest}\n\n{rendered}")
    };
    insta::with_settings!({snapshot_path => dir, prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("manifest", snapshot);
    });
}

fn run_err_case(case: &str) {
    let (dir, bytes) = read_case("err", case);
    let analysis = analyze(&bytes);
    assert!(
        !analysis.diagnostics.is_empty(),
        "{case} produced no diagnostics"
    );
    let source = source_text(&bytes);
    common::assert_spans_nest(&source);
    let rendered = render_plain("input.md", &source, &analysis.diagnostics);
    insta::with_settings!({snapshot_path => dir, prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("diagnostics", rendered);
    });
}

include!(concat!(env!("OUT_DIR"), "/data_cases.rs"));
