//! Turns each folder under tests/data/{ok,err} into a test function, so a
//! new case is a new folder and each case passes or fails on its own.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=tests/data");
    let mut out = String::new();
    for kind in ["ok", "err"] {
        let dir = Path::new("tests/data").join(kind);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut cases: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().join("input.md").is_file())
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        cases.sort();
        for case in cases {
            let ident: String = case
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            writeln!(
                out,
                "#[test]\nfn {kind}_{ident}() {{\n    run_{kind}_case({case:?});\n}}\n"
            )
            .expect("writing to a String cannot fail");
        }
    }
    let target = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("data_cases.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
