//! Turns each folder under tests/data/{ok,err} into a test function, so a
//! new case is a new folder and each case passes or fails on its own; and
//! each example PRD and ok case into an end-to-end test. Sets `e2e_tier`
//! when `MICROCODEGEN_E2E=1`, which builds the end-to-end, hostile-app and diagram
//! tests.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    // The slow tiers (generated apps installed and run with Python) are
    // compiled only when asked for: plain `cargo test` stays offline.
    println!("cargo::rustc-check-cfg=cfg(e2e_tier)");
    println!("cargo:rerun-if-env-changed=MICROCODEGEN_E2E");
    if env::var("MICROCODEGEN_E2E").is_ok_and(|value| value == "1") {
        println!("cargo:rustc-cfg=e2e_tier");
    }
    println!("cargo:rerun-if-changed=tests/data");
    println!("cargo:rerun-if-changed=examples");
    let mut data_cases = String::new();
    let mut e2e_cases = String::new();
    for kind in ["ok", "err"] {
        let dir = Path::new("tests/data").join(kind);
        println!("cargo:rerun-if-changed={}", dir.display());
        for case in names(&dir, |path| path.join("input.md").is_file()) {
            let test = format!("{kind}_{}", ident(&case));
            writeln!(
                data_cases,
                "#[test]\nfn {test}() {{\n    run_{kind}_case({case:?});\n}}\n"
            )
            .expect("writing to a String cannot fail");
            if kind == "ok" {
                writeln!(
                    e2e_cases,
                    "#[test]\nfn {test}() {{\n    run_ok_case({case:?});\n}}\n"
                )
                .expect("writing to a String cannot fail");
            }
        }
    }
    for file in names(Path::new("examples"), |path| {
        path.extension().is_some_and(|ext| ext == "md")
    }) {
        let name = file.trim_end_matches(".md");
        writeln!(
            e2e_cases,
            "#[test]\nfn example_{}() {{\n    run_example({name:?});\n}}\n",
            ident(name)
        )
        .expect("writing to a String cannot fail");
    }
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("data_cases.rs"), data_cases).expect("OUT_DIR is writable");
    fs::write(Path::new(&out_dir).join("e2e_cases.rs"), e2e_cases).expect("OUT_DIR is writable");
}

/// The sorted names of the entries of `dir` that satisfy `keep`.
fn names(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| keep(&entry.path()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

fn ident(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
