//! The ER diagram of every generated ARCHITECTURE.md, read by Mermaid's own
//! parser (the `mermaid` package from the npm registry, run with Node):
//! it must parse, hold every entity with its columns, and draw every link as
//! an edge with its cardinality.
//!
//! The diagrams come from every example PRD and ok case, the two
//! hand-built genomes, and a PRD whose names are words of Mermaid's own.
//!
//! Part of the end-to-end tier (built only with `MICROCODEGEN_E2E=1`): the
//! first run installs the package with `npm ci` (from the committed lock
//! file in `tests/mermaid/`) into the target directory, which needs the
//! registry once.
#![cfg(e2e_tier)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use microcodegen::genome::Genome;
use microcodegen::targets::{DEFAULT, Secrets};
use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target"))
}

/// `tests/mermaid/` copied under the target directory with its packages
/// installed; installed again only when the lock file changed.
fn checker() -> PathBuf {
    let source = manifest_dir().join("tests/mermaid");
    let dir = target_dir().join("mermaid-check");
    fs::create_dir_all(&dir).expect("the target directory is writable");
    let lock = fs::read(source.join("package-lock.json")).expect("the lock file is committed");
    let installed = dir.join("node_modules/.installed-lock.json");
    let fresh = fs::read(&installed).is_ok_and(|old| old == lock);
    for file in ["package.json", "package-lock.json", "check.mjs"] {
        fs::copy(source.join(file), dir.join(file)).expect("copy the checker");
    }
    if !fresh {
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm (are Node and npm installed?): {e}"));
        assert!(status.success(), "npm ci failed in {}", dir.display());
        fs::write(&installed, &lock).expect("note the installed lock file");
    }
    dir.join("check.mjs")
}

/// The Mermaid block of the generated ARCHITECTURE.md.
fn diagram(genome: &Genome) -> String {
    let files = DEFAULT
        .plan(genome, &Secrets::insecure_fixed_for_tests())
        .files();
    let architecture = files
        .iter()
        .find(|f| f.path == "ARCHITECTURE.md")
        .expect("ARCHITECTURE.md is generated");
    let text = std::str::from_utf8(&architecture.contents).expect("UTF-8");
    let start = text.find("```mermaid\n").expect("a Mermaid block") + "```mermaid\n".len();
    let end = start + text[start..].find("\n```").expect("the block ends");
    text[start..=end].to_string()
}

fn genome_of(prd: &Path) -> Genome {
    let bytes = fs::read(prd).expect("the PRD is readable");
    microcodegen::analyze(&bytes)
        .genome
        .unwrap_or_else(|| panic!("{} has no errors", prd.display()))
}

/// Names that are words of Mermaid's diagram language, or its keys.
const MERMAID_WORDS: &str = "# Words\n\n## Entities\n\
    - One: pk (string, unique), fk (integer), uk (text, required), to (string)\n\
    - Many: one (One, required), only (One), end (string), style (string)\n\
    - Zero: many (Many), parent (Zero), class_def (string), u (string)\n";

/// (name, genome) of every diagram the test reads.
fn genomes() -> Vec<(String, Genome)> {
    let mut genomes = vec![
        ("full_genome".to_string(), common::full_genome()),
        ("minimal_genome".to_string(), common::minimal_genome()),
        (
            "mermaid_words".to_string(),
            microcodegen::analyze(MERMAID_WORDS.as_bytes())
                .genome
                .expect("the PRD has no errors"),
        ),
    ];
    let mut prds: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(manifest_dir().join("examples")).expect("examples/") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|ext| ext == "md") {
            prds.push(path);
        }
    }
    for entry in fs::read_dir(manifest_dir().join("tests/data/ok")).expect("tests/data/ok/") {
        prds.push(entry.expect("a directory entry").path().join("input.md"));
    }
    prds.sort();
    for prd in prds {
        let name = prd
            .strip_prefix(manifest_dir())
            .unwrap_or(&prd)
            .display()
            .to_string();
        genomes.push((name, genome_of(&prd)));
    }
    genomes
}

/// What a diagram holds: (entity, its attribute names) of each entity, and
/// (parent, child, label, parent's side, child's side) of each edge.
type Diagram = (BTreeSet<(String, Vec<String>)>, BTreeSet<[String; 5]>);

/// What the diagram of `genome` must hold.
fn expected(genome: &Genome) -> Diagram {
    let mut entities = BTreeSet::new();
    let mut account = vec!["id", "email", "password_hash", "token_version"];
    account.extend(genome.user_fields.iter().map(|f| f.column()));
    account.extend(["created_at", "updated_at"]);
    entities.insert((
        "User".to_string(),
        account.into_iter().map(str::to_string).collect(),
    ));
    let mut edges = BTreeSet::new();
    let edge = |parent: &str, child: &str, label: &str, one: &str| {
        [parent, child, label, one, "ZERO_OR_MORE"].map(str::to_string)
    };
    for entity in &genome.entities {
        let mut columns = vec!["id", "user_id"];
        columns.extend(entity.fields.iter().map(|f| f.column()));
        columns.extend(["created_at", "updated_at"]);
        entities.insert((
            entity.name.clone(),
            columns.into_iter().map(str::to_string).collect(),
        ));
        edges.insert(edge("User", &entity.name, "owns", "ONLY_ONE"));
        for field in &entity.fields {
            if let Some(link) = &field.reference {
                let one = if field.required {
                    "ONLY_ONE"
                } else {
                    "ZERO_OR_ONE"
                };
                edges.insert(edge(&link.entity, &entity.name, &field.name, one));
            }
        }
    }
    (entities, edges)
}

/// What Mermaid read from one diagram, in the shape of [`expected`].
fn read(summary: &Value) -> Diagram {
    let text = |value: &Value| value.as_str().expect("a string").to_string();
    let entities = summary["entities"]
        .as_object()
        .expect("entities")
        .iter()
        .map(|(name, attributes)| {
            let names = attributes.as_array().expect("attribute names");
            (name.clone(), names.iter().map(text).collect())
        })
        .collect();
    let edges = summary["relationships"]
        .as_array()
        .expect("relationships")
        .iter()
        .map(|r| ["parent", "child", "label", "parent_side", "child_side"].map(|key| text(&r[key])))
        .collect();
    (entities, edges)
}

#[test]
fn every_er_diagram_parses_with_mermaid_and_draws_every_link() {
    let script = checker();
    let dir = tempfile::tempdir().expect("temp dir");
    let genomes = genomes();
    let mut files = Vec::with_capacity(genomes.len());
    for (at, (_, genome)) in genomes.iter().enumerate() {
        let file = dir.path().join(format!("{at}.mmd"));
        fs::write(&file, diagram(genome)).expect("write the diagram");
        files.push(file);
    }
    let output = Command::new("node")
        .arg(&script)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summaries: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(
        summaries.len(),
        genomes.len(),
        "one summary per diagram:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut failures = Vec::new();
    let mut edges_seen = 0;
    for ((name, genome), summary) in genomes.iter().zip(&summaries) {
        if let Some(error) = summary.get("error") {
            failures.push(format!("{name}: Mermaid cannot parse the diagram: {error}"));
            continue;
        }
        assert_eq!(summary["type"], "er", "{name}: an ER diagram");
        let (entities, edges) = read(summary);
        let (want_entities, want_edges) = expected(genome);
        if entities != want_entities {
            failures.push(format!(
                "{name}: Mermaid read the entities\n{entities:?}\nnot\n{want_entities:?}"
            ));
        }
        if edges != want_edges {
            failures.push(format!(
                "{name}: Mermaid read the edges\n{edges:?}\nnot\n{want_edges:?}"
            ));
        }
        edges_seen += edges.len();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(output.status.success(), "the checker failed:\n{stdout}");
    assert!(edges_seen > genomes.len(), "the diagrams have links too");
}
