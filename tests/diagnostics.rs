//! The diagnostics as a whole: the generated reference in
//! docs/diagnostics.md, a test case for every code, help on every
//! diagnostic, and JSON output that agrees with the text output.

use std::path::{Path, PathBuf};

use microcodegen::diagnostics::{CODES, markdown_reference, render_json, render_plain};
use microcodegen::{analyze, source_text};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every err case: its name and its input bytes.
fn err_cases() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("tests/data/err");
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("tests/data/err exists")
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let bytes = std::fs::read(entry.path().join("input.md")).ok()?;
            Some((entry.file_name().to_string_lossy().into_owned(), bytes))
        })
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    cases
}

#[test]
fn docs_diagnostics_md_is_generated_from_the_code_table() {
    let path = root().join("docs/diagnostics.md");
    let expected = markdown_reference();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|value| value == "1") {
        std::fs::write(&path, &expected).expect("docs/diagnostics.md is writable");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md differs from the code table in src/diagnostics/codes.rs; run `UPDATE_DOCS=1 cargo test --test diagnostics` and review the diff"
    );
}

#[test]
fn every_code_has_an_err_case_that_reports_it() {
    let snapshots: Vec<String> = err_cases()
        .iter()
        .filter_map(|(case, _)| {
            std::fs::read_to_string(
                Path::new(&root().join("tests/data/err").join(case)).join("diagnostics.snap"),
            )
            .ok()
        })
        .collect();
    // An update's codes compare an app with a changed PRD: tests/update.rs
    // has a case for each.
    let missing: Vec<&str> = CODES
        .iter()
        .filter(|info| !info.code.needs_an_app())
        .map(|info| info.id)
        .filter(|id| {
            let tag = format!("[{id}]");
            !snapshots.iter().any(|snapshot| snapshot.contains(&tag))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "no tests/data/err case reports {missing:?}"
    );
}

#[test]
fn every_diagnostic_has_a_label_and_a_help_line() {
    for (case, bytes) in err_cases() {
        for diagnostic in analyze(&bytes).diagnostics {
            assert!(
                diagnostic
                    .help
                    .as_deref()
                    .is_some_and(|help| !help.trim().is_empty()),
                "{case}: {} has no help line",
                diagnostic.code
            );
            if !diagnostic.whole_document {
                assert!(
                    !diagnostic.primary.message.is_empty(),
                    "{case}: {} has no primary label",
                    diagnostic.code
                );
            }
        }
    }
}

/// The `file:line:column` that codespan prints under the message.
fn text_location(rendered: &str) -> Option<(usize, usize)> {
    let line = rendered
        .lines()
        .find(|line| line.trim_start().starts_with("┌─ "))?;
    let mut parts = line.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((line, column))
}

#[test]
fn json_lines_parse_and_agree_with_the_text_output() {
    for (case, bytes) in err_cases() {
        let analysis = analyze(&bytes);
        let source = source_text(&bytes);
        let json = render_json("input.md", &source, &analysis.diagnostics);
        let lines: Vec<&str> = json.lines().collect();
        assert_eq!(lines.len(), analysis.diagnostics.len(), "{case}");
        for (line, diagnostic) in lines.iter().zip(&analysis.diagnostics) {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("{case}: {error}: {line}"));
            let text = render_plain("input.md", &source, std::slice::from_ref(diagnostic));
            assert_eq!(value["rendered"], text.as_str(), "{case}");
            assert_eq!(value["code"], diagnostic.code.as_str(), "{case}");
            assert_eq!(value["file"], "input.md");
            if diagnostic.whole_document {
                assert!(value["primary"].is_null(), "{case}");
                continue;
            }
            let primary = &value["primary"];
            let located = (
                primary["line"].as_u64().map(|n| n as usize),
                primary["column"].as_u64().map(|n| n as usize),
            );
            let expected = text_location(&text)
                .unwrap_or_else(|| panic!("{case}: no location in the text:\n{text}"));
            assert_eq!(
                located,
                (Some(expected.0), Some(expected.1)),
                "{case}:\n{text}"
            );
            assert_eq!(primary["start"], diagnostic.primary.span.start, "{case}");
            if let Some(suggestion) = &diagnostic.suggestion {
                assert_eq!(
                    value["suggestion"]["replacement"],
                    suggestion.replacement.as_str()
                );
            }
        }
    }
}

#[test]
fn json_columns_count_characters_not_bytes() {
    let source = "# Café ☕\n\n## Entities\n- Note: body (text)\n\n- As a café ☕ owner I would like to read notes.\n";
    let analysis = analyze(source.as_bytes());
    let json = render_json("x.md", source, &analysis.diagnostics);
    let value: serde_json::Value =
        serde_json::from_str(json.lines().next().expect("one diagnostic")).expect("JSON");
    assert_eq!(value["code"], "W0005");
    assert_eq!(value["primary"]["line"], 6);
    // `- As a café ☕ owner ` is 20 characters but 23 bytes.
    assert_eq!(value["primary"]["column"], 21);
    // `I would like` is 12 characters.
    assert_eq!(value["primary"]["end_column"], 33);
    assert_eq!(
        value["primary"]["start"].as_u64(),
        source.find("I would").map(|at| at as u64)
    );
}

/// What `explain` shows must be true: each code's wrong example, read as a
/// PRD, reports that code, and its right example does not.
#[test]
fn every_explanation_s_examples_behave_as_it_says() {
    let mut problems = Vec::new();
    // An update's examples are two PRDs: tests/update.rs runs them.
    for info in CODES.iter().filter(|info| !info.code.needs_an_app()) {
        let codes_of = |example: &str| -> Vec<&'static str> {
            analyze(&example_bytes(example))
                .diagnostics
                .iter()
                .map(|diagnostic| diagnostic.code.as_str())
                .collect()
        };
        let wrong = codes_of(info.wrong);
        if !wrong.contains(&info.id) {
            problems.push(format!(
                "{}: the wrong example reports {wrong:?}, not {}",
                info.id, info.id
            ));
        }
        let right = codes_of(info.right);
        if right.contains(&info.id) {
            problems.push(format!(
                "{}: the right example reports {}",
                info.id, info.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The bytes an explanation's example stands for. Examples are text, so
/// three notations show what text cannot: `<byte 0xHH>` is that byte,
/// `<NUL>` a zero byte, and a line `(... N entity lines in all)` or
/// `(... at most N entity lines)` continues the entity list up to N lines.
/// Any other line in parentheses is a remark for the reader.
fn example_bytes(example: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut entity_lines = 0usize;
    for line in example.lines() {
        if let Some(remark) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) {
            if let Some(count) = remark.strip_prefix("... ").and_then(entity_line_count) {
                for i in entity_lines..count {
                    bytes.extend(format!("- Entity{}: name (string)\n", i + 1).bytes());
                }
            }
            continue;
        }
        if line.starts_with("- Entity") {
            entity_lines += 1;
        }
        let mut rest = line;
        while let Some(at) = rest.find('<') {
            bytes.extend(rest[..at].bytes());
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("<NUL>") {
                bytes.push(0);
                rest = after;
            } else if let Some(hex) = rest.strip_prefix("<byte 0x") {
                let byte = u8::from_str_radix(&hex[..2], 16).expect("two hex digits");
                bytes.push(byte);
                rest = hex[2..].strip_prefix('>').expect("`>` after the byte");
            } else {
                bytes.push(b'<');
                rest = &rest[1..];
            }
        }
        bytes.extend(rest.bytes());
        bytes.push(b'\n');
    }
    bytes
}

/// `20,001 entity lines in all` or `at most 20,000 entity lines`: the count.
fn entity_line_count(remark: &str) -> Option<usize> {
    let remark = remark.strip_prefix("at most ").unwrap_or(remark);
    let (number, rest) = remark.split_once(' ')?;
    rest.starts_with("entity lines")
        .then(|| number.replace(',', "").parse().ok())
        .flatten()
}

#[test]
fn example_notations_stand_for_the_bytes_they_name() {
    assert_eq!(example_bytes("Caf<byte 0xE9>"), b"Caf\xe9\n");
    assert_eq!(example_bytes("(a remark)\n#<NUL> a<b"), b"#\0 a<b\n");
    let listed = example_bytes("## E\n- Entity1: name (string)\n(... 3 entity lines in all)");
    assert_eq!(
        String::from_utf8(listed).expect("text"),
        "## E\n- Entity1: name (string)\n- Entity2: name (string)\n- Entity3: name (string)\n"
    );
}
