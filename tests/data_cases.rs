//! Data-driven cases: each tests/data/ok/<case>/input.md must compile
//! without errors, and its syntax tree and its manifest (and any warnings)
//! match the snapshots; each tests/data/err/<case>/input.md must produce
//! diagnostics, which match the rendered snapshot. Update snapshots with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test`.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use microcodegen::diagnostics::{has_errors, render_plain};
use microcodegen::span::Span;
use microcodegen::syntax::{self, Text};
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
    let tree = render_tree(&source);
    insta::with_settings!({snapshot_path => dir, prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("syntax", tree);
        insta::assert_snapshot!("manifest", snapshot);
    });
}

/// The syntax tree, one node a line, each span as `line:column-line:column`
/// (1-based, columns counted in characters).
fn render_tree(source: &str) -> String {
    let (prd, _) = syntax::parse(source);
    let at = |span: Span| -> String {
        let position = |offset: usize| {
            let before = &source[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let line = before.matches('\n').count() + 1;
            let column = source[line_start..offset].chars().count() + 1;
            format!("{line}:{column}")
        };
        format!("{}-{}", position(span.start), position(span.end))
    };
    let text = |text: &Text| format!("{:?} {}", text.text, at(text.span));
    let mut out = String::new();
    let mut line = |depth: usize, content: String| {
        writeln!(out, "{}{content}", "  ".repeat(depth)).expect("writing to a String cannot fail");
    };
    if let Some(title) = &prd.title {
        line(
            0,
            format!("title {} in {}", text(&title.text), at(title.span)),
        );
    }
    for heading in &prd.headings {
        line(
            0,
            format!(
                "heading {} {} in {}",
                heading.level,
                text(&heading.text),
                at(heading.span)
            ),
        );
    }
    for section in &prd.entity_sections {
        let near_miss = section.near_miss.map_or(String::new(), |spelling| {
            format!(" (resembles {spelling:?})")
        });
        line(
            0,
            format!(
                "section {}{near_miss} in {}",
                text(&section.heading),
                at(section.span)
            ),
        );
        for entity in &section.entities {
            let unreadable = match entity.unreadable_fields {
                0 => String::new(),
                n => format!(", {n} unreadable"),
            };
            let renamed = match &entity.renamed_from {
                Some(old) => format!(" was {}", text(old)),
                None => String::new(),
            };
            line(
                1,
                format!(
                    "entity {} {:?}{renamed}{unreadable} in {}",
                    text(&entity.name),
                    entity.shape,
                    at(entity.span)
                ),
            );
            for field in &entity.fields {
                line(
                    2,
                    format!(
                        "field {} type {} in {}",
                        text(&field.name),
                        text(&field.type_name),
                        at(field.span)
                    ),
                );
                if let Some(values) = &field.enum_values {
                    let values: Vec<String> = values.iter().map(text).collect();
                    line(3, format!("values {}", values.join(", ")));
                }
                for modifier in &field.modifiers {
                    let mut described =
                        format!("modifier {:?} {}", modifier.text, at(modifier.span));
                    if let (Some(key), Some(value)) = (&modifier.key, &modifier.value) {
                        write!(described, " key {} value {}", text(key), text(value))
                            .expect("writing to a String cannot fail");
                    }
                    line(3, described);
                }
            }
            for group in &entity.unique_groups {
                let fields: Vec<String> = group.fields.iter().map(text).collect();
                line(
                    2,
                    format!("unique {} in {}", fields.join(", "), at(group.span)),
                );
            }
        }
    }
    for story in &prd.user_stories {
        let benefit = story.benefit.as_ref().map_or(String::new(), |benefit| {
            format!(" so that {}", text(benefit))
        });
        line(
            0,
            format!(
                "story as {} want {}{benefit} in {}",
                text(&story.role),
                text(&story.goal),
                at(story.span)
            ),
        );
        for criterion in &story.criteria {
            line(1, format!("criterion {}", text(criterion)));
        }
    }
    for mention in &prd.integration_mentions {
        line(
            0,
            format!("mention {} {}", mention.vendor, at(mention.span)),
        );
    }
    out
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
