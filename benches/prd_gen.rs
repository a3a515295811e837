//! A generator of PRDs for benchmarks: `entities` entities of eight fields
//! each, covering every field type and modifier, in all three entity shapes,
//! plus one user story per ten entities and a vendor mention.
//!
//! Shared by the benchmarks (`benches/pipeline.rs`) and by
//! `cargo run --release --example gen_prd -- N` (no microcodegen CLI needed).
//! References between entities and enums do not exist in the language yet;
//! when they do, every fourth entity should gain one of each here.

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
fn field(i: usize, j: usize) -> (String, &'static str, &'static str) {
    let name = format!("{}_{}", WORDS[(i + j) % WORDS.len()], j);
    let ty = TYPES[(i * 8 + j) % TYPES.len()];
    let modifiers = MODIFIERS[(i + 3 * j) % MODIFIERS.len()];
    (name, ty, modifiers)
}

/// A PRD with `entities` entities of 8 fields each.
pub fn prd(entities: usize) -> String {
    let mut s = String::with_capacity(entities * 300 + 1_000);
    let _ = writeln!(s, "# Benchmark Workspace {entities}\n");
    s.push_str("A generated PRD for measuring the compiler. Payments go through Stripe.\n\n");
    s.push_str("## Entities\n\n");
    for i in 0..entities {
        let name = entity_name(i);
        let fields: Vec<_> = (0..8).map(|j| field(i, j)).collect();
        match i % 3 {
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
            // Bold name, fields as nested list items.
            1 => {
                let _ = writeln!(s, "- **{name}**");
                for (n, t, m) in &fields {
                    if m.is_empty() {
                        let _ = writeln!(s, "  - {n}: {t}");
                    } else {
                        let _ = writeln!(s, "  - {n}: {t} ({m})");
                    }
                }
                s.push('\n');
            }
            // Heading, fields as a list.
            _ => {
                let _ = writeln!(s, "### {name}");
                for (n, t, m) in &fields {
                    if m.is_empty() {
                        let _ = writeln!(s, "- {n}: {t}");
                    } else {
                        let _ = writeln!(s, "- {n}: {t} ({m})");
                    }
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
