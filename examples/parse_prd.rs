//! Parses a PRD and prints what it read, and nothing else: the parse stage
//! alone, for instruction counts under `valgrind --tool=callgrind`
//! (docs/performance.md): `cargo build --release --example parse_prd`, then
//! `target/release/examples/parse_prd prd.md`.

use microcodegen::syntax;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_prd PRD.md");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("parse_prd: cannot read {path}: {error}");
            std::process::exit(2);
        }
    };
    let source = match syntax::decode(&bytes) {
        Ok(source) => source,
        Err(diagnostic) => {
            eprintln!("parse_prd: {}", diagnostic.message);
            std::process::exit(1);
        }
    };
    let (prd, diagnostics) = syntax::parse(source);
    let entities: usize = prd.entity_sections.iter().map(|s| s.entities.len()).sum();
    let fields: usize = prd
        .entity_sections
        .iter()
        .flat_map(|s| &s.entities)
        .map(|e| e.fields.len())
        .sum();
    println!(
        "{entities} entities, {fields} fields, {} stories, {} diagnostics",
        prd.user_stories.len(),
        diagnostics.len()
    );
}
