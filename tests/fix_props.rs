//! `check --fix` never makes a PRD worse: after its suggestions are
//! applied, no error code appears that was not reported before, and there
//! are no more errors than before. Checked on every case under
//! `tests/data`, and on documents made of the notations people write for
//! data models (section headings, entity lines, field lines), in any
//! order and combination.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;

use microcodegen::analyze;
use microcodegen::diagnostics::{Severity, apply_suggestions};

/// The error codes of a document, and how many errors it has.
fn errors(source: &str) -> (BTreeSet<String>, usize) {
    let analysis = analyze(source.as_bytes());
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    (
        errors.iter().map(|d| format!("{:?}", d.code)).collect(),
        errors.len(),
    )
}

/// What is wrong with `source` once fixed, if the fix made it worse.
fn made_worse(source: &str) -> Option<String> {
    let analysis = analyze(source.as_bytes());
    let (fixed, applied) = apply_suggestions(source, &analysis.diagnostics);
    if applied == 0 {
        return None;
    }
    let (codes_before, count_before) = errors(source);
    let (codes_after, count_after) = errors(&fixed);
    let new_codes: Vec<_> = codes_after.difference(&codes_before).collect();
    (!new_codes.is_empty() || count_after > count_before).then(|| {
        format!(
            "before ({count_before} errors, {codes_before:?}):\n{source}\nafter ({count_after} errors, {codes_after:?}):\n{fixed}"
        )
    })
}

#[test]
fn fixing_a_case_never_makes_it_worse() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut checked = 0;
    for kind in ["ok", "err"] {
        for entry in std::fs::read_dir(data.join(kind)).expect("tests/data is readable") {
            let input = entry.expect("an entry").path().join("input.md");
            let Ok(source) = std::fs::read_to_string(&input) else {
                continue;
            };
            checked += 1;
            if let Some(problem) = made_worse(&source) {
                panic!("{}:\n{problem}", input.display());
            }
        }
    }
    assert!(checked > 50, "only {checked} cases were read");
}

const SECTION_HEADINGS: &[&str] = &[
    "## Data Model",
    "## 🗂️ Key Entities (core)",
    "### 4. Database Schema",
    "## Entites",
    "## Entity",
    "# Models",
    "Entities:",
];

const ENTITY_LINES: &[&str] = &[
    "### Order",
    "### 8.2 Workout",
    "#### Invoice",
    "- **Member**",
    "**Booking**",
    "- Recipe: title (string, required)",
    "### Users",
    "### order_line",
    "- order-line: qty (integer)",
    "### Bookings",
    "**customers**",
    "- **walk_logs:**",
    "### groomers",
    "**feeding-slots**",
    "Class Trainer:",
    "Entity: Harness",
    "Main entity: Boarding",
    "### Sitter(s)",
    "**Dog** — the animals we board",
    "### Accounts",
    "### Order",
];

const FIELD_LINES: &[&str] = &[
    "- title: string, max 100 chars",
    "- blurb: text, up to 400 characters",
    "- qty: integer, > 0",
    "- price: decimal, > 0",
    "- paid: boolean, default false",
    "- state: string, defaults to \"draft\"",
    "- ratio: float, at least 0.5",
    "- weight: integer, min 0",
    "- flag: boolean, default maybe",
    "- code (PK)",
    "- batch (string, primary key)",
    "- id (uuid, PK)",
    "- id",
    "- created_at: timestamp",
    "- note: nullable",
    "- day: monday",
    "- total: number",
    "- crumb: strng",
    "- count: integr",
    "- status: enum: draft, paid, sent",
    "- shape (enum: round, long, required)",
    "- tier: enum: gold | silver",
    "- userId: string",
    "- firstName: string",
    "- first name: string",
    "- owner: User",
    "- project: Project",
    "- parent: Order",
    "- kind (enum(a, b), default=c)",
    "- size (integer, min=5, max 2)",
    "- label (string, unique, not unique)",
    "- body: text (requird)",
    "  - nested: string",
    "- customer_id (uuid, FK to customers)",
    "- order_id: uuid, references orders(id)",
    "- booking_id (integer)",
    "- walk_id (uuid, FK to walks)",
    "- email: email",
    "- password: string",
    "- role: enum(member, admin), default=member",
    "- is_admin (boolean, default=FALSE)",
    "- user_id (uuid, FK to users)",
];

fn document() -> impl Strategy<Value = String> {
    let entity = (
        prop::sample::select(ENTITY_LINES),
        prop::collection::vec(prop::sample::select(FIELD_LINES), 0..5),
    );
    (
        prop::sample::select(SECTION_HEADINGS),
        prop::collection::vec(entity, 1..4),
    )
        .prop_map(|(heading, entities)| {
            let mut lines = vec!["# Shop".to_string(), String::new(), heading.to_string()];
            for (entity, fields) in entities {
                lines.push(String::new());
                lines.push(entity.to_string());
                lines.extend(fields.iter().map(|field| field.to_string()));
            }
            lines.join("\n") + "\n"
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fixing_the_notations_never_makes_a_document_worse(source in document()) {
        if let Some(problem) = made_worse(&source) {
            prop_assert!(false, "{}", problem);
        }
    }
}
