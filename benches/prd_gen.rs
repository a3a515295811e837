//! A generator of PRDs for benchmarks: `entities` entities of eight fields
//! each, covering every field type and modifier, links between entities,
//! enumerations with defaults, bounds and unique groups, in all four entity
//! shapes, plus one user story per ten entities and a vendor mention.
//!
//! Shared by the benchmarks (`benches/pipeline.rs`) and by
//! `cargo run --release --example gen_prd -- N` (no microcodegen CLI needed).

use std::fmt::Write;

/// Entity counts the benchmarks and docs/performance.md use.
#[allow(dead_code)] // used by the benchmarks, not by the example
pub const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

const TYPES: [&str; 12] = [
    "string", "text", "integer", "float", "decimal", "boolean", "date", "datetime", "uuid", "json",
    "email", "url",
];

const MODIFIERS: [&str; 5] = ["", "required", "unique", "indexed", "required, unique"];

const WORDS: [&str; 16] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa",
];

/// The entity name for index `i`: a capitalised identifier, unique per `i`.
fn entity_name(i: usize) -> String {
    let mut name = String::from("Item");
    let mut n = i;
    loop {
        let word = WORDS[n % WORDS.len()];
        name.push_str(&word[..1].to_ascii_uppercase());
        name.push_str(&word[1..]);
        n /= WORDS.len();
        if n == 0 {
            break;
        }
    }
    name
}

/// A field: name, type and modifiers, deterministic in `(i, j)`.
///
/// A third of the entities link to the entity before them (alternately
/// required and optional), every fifth has an enumeration with a default
/// and every seventh a bounded integer.
fn field(i: usize, j: usize) -> (String, String, String) {
    let name = format!("{}_{}", WORDS[(i + j) % WORDS.len()], j);
    let (ty, modifiers) = match j {
        7 if i % 3 == 1 => (
            entity_name(i - 1),
            if i.is_multiple_of(2) {
                "required"
            } else {
                "optional"
            }
            .to_string(),
        ),
        6 if i % 5 == 2 => (
            "enum(low, medium, high)".to_string(),
            "required, default=medium".to_string(),
        ),
        2 if i % 7 == 3 => ("integer".to_string(), "min=0, max=1000".to_string()),
        _ => (
            TYPES[(i * 8 + j) % TYPES.len()].to_string(),
            MODIFIERS[(i + 3 * j) % MODIFIERS.len()].to_string(),
        ),
    };
    (name, ty, modifiers)
}

/// `name: type (modifiers)`, or `name: type` without modifiers.
fn list_field((name, ty, modifiers): &(String, String, String)) -> String {
    if modifiers.is_empty() {
        format!("{name}: {ty}")
    } else {
        format!("{name}: {ty} ({modifiers})")
    }
}

/// A PRD with `entities` entities of 8 fields each.
pub fn prd(entities: usize) -> String {
    let mut s = String::with_capacity(entities * 330 + 1_000);
    let _ = writeln!(s, "# Benchmark Workspace {entities}\n");
    s.push_str("A generated PRD for measuring the compiler. Payments go through Stripe.\n\n");
    s.push_str("## Entities\n\n");
    for i in 0..entities {
        let name = entity_name(i);
        let fields: Vec<_> = (0..8).map(|j| field(i, j)).collect();
        // Two fields that are never `json`, for a unique group.
        let unique_group =
            (i % 6 == 1).then(|| format!("unique: ({}, {})", fields[0].0, fields[3].0));
        match i % 4 {
            // Inline: `- Name: a (string, required), ...`
            0 => {
                let list: Vec<String> = fields
                    .iter()
                    .map(|(n, t, m)| {
                        if m.is_empty() {
                            format!("{n} ({t})")
                        } else {
                            format!("{n} ({t}, {m})")
                        }
                    })
                    .collect();
                let _ = writeln!(s, "- {name}: {}\n", list.join(", "));
            }
            // Bold name with fields as nested list items, or a heading with
            // fields as a list.
            1 | 2 => {
                let (head, bullet) = if i % 4 == 1 {
                    (format!("- **{name}**"), "  - ")
                } else {
                    (format!("### {name}"), "- ")
                };
                let _ = writeln!(s, "{head}");
                let items = fields.iter().map(list_field).chain(unique_group);
                for item in items {
                    let _ = writeln!(s, "{bullet}{item}");
                }
                s.push('\n');
            }
            // Heading, fields as a table.
            _ => {
                let _ = writeln!(s, "### {name}\n");
                s.push_str("| Field | Type | Constraints |\n| --- | --- | --- |\n");
                for (n, t, m) in &fields {
                    let _ = writeln!(s, "| {n} | {t} | {m} |");
                }
                s.push('\n');
            }
        }
    }
    s.push_str("## User Stories\n\n");
    for i in (0..entities).step_by(10) {
        let _ = writeln!(
            s,
            "- As a planner, I want to record each {} so that the team can find it later.",
            entity_name(i)
        );
    }
    s
}
