//! Properties that hold for any input: the compiler never panics, spans
//! stay within the source and inside their parents, diagnostics come in
//! source order, and the result is deterministic.

mod common;

use proptest::prelude::*;

use microcodegen::diagnostics::apply_suggestions;
use microcodegen::targets::DEFAULT;
use microcodegen::{analyze, analyze_for_app};

/// Lines that look like PRD lines, to reach deep into the parser more often
/// than uniformly random text would.
fn prd_like_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Title".to_string()),
        Just("## Entities".to_string()),
        Just("## 2. Data Models:".to_string()),
        Just("Entities:".to_string()),
        Just("### Comment".to_string()),
        Just("- **Task**".to_string()),
        Just("  - title: string (required)".to_string()),
        Just("\t* estimate — integer, indexed".to_string()),
        Just("- Project: name (string, required), description (text)".to_string()),
        Just("- As a user, I want to do things so that it works.".to_string()),
        Just("| a | b |".to_string()),
        Just("```".to_string()),
        Just("- Priority: string".to_string()),
        Just("- Each Task has a title".to_string()),
        Just("## Entites".to_string()),
        Just("## Data Model".to_string()),
        Just("- As a user I want to list tasks".to_string()),
        Just("- As an admin, I would like to see tasks.".to_string()),
        Just("As a caf\u{e9}\u{a0}owner I\u{2019}d like tasks".to_string()),
        Just("- Task: project (Projet), parent (Task)".to_string()),
        "[ \t]{0,6}[-*+]? ?[A-Za-z_*`(),:—–. |#-]{0,40}",
        "\\PC{0,30}",
    ]
}

fn prd_like_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prd_like_line(), 0..30),
        prop::bool::ANY,
    )
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let analysis = analyze(&bytes);
        if std::str::from_utf8(&bytes).is_err() || bytes.contains(&0) {
            prop_assert!(analysis.genome.is_none());
            prop_assert_eq!(analysis.diagnostics.len(), 1);
        }
    }

    #[test]
    fn arbitrary_text_keeps_spans_nested(text in "\\PC{0,300}") {
        common::assert_spans_nest(&text);
    }

    #[test]
    fn prd_like_text_keeps_spans_nested(text in prd_like_text()) {
        common::assert_spans_nest(&text);
    }

    #[test]
    fn analysis_is_deterministic(text in prd_like_text()) {
        let first = analyze(text.as_bytes());
        let second = analyze(text.as_bytes());
        prop_assert_eq!(first.diagnostics, second.diagnostics);
        prop_assert_eq!(first.genome, second.genome);
        prop_assert_eq!(first.manifest, second.manifest);
    }

    #[test]
    fn analysis_for_an_app_differs_only_by_the_manifest(text in prd_like_text()) {
        let full = analyze(text.as_bytes());
        let for_app = analyze_for_app(text.as_bytes(), DEFAULT, None);
        prop_assert_eq!(full.diagnostics, for_app.diagnostics);
        prop_assert_eq!(full.genome, for_app.genome);
        prop_assert!(for_app.manifest.is_none());
    }

    #[test]
    fn fixes_only_change_what_they_suggest(text in prd_like_text()) {
        let analysis = analyze(text.as_bytes());
        let (fixed, applied) = apply_suggestions(&text, &analysis.diagnostics);
        if applied == 0 {
            prop_assert_eq!(&fixed, &text);
        }
        // The fixed text is still a PRD the compiler reads without panicking,
        // with its spans nested.
        common::assert_spans_nest(&fixed);
        // A fix never introduces a suggestion at a place it fixed: applying
        // again changes less, and eventually nothing.
        let mut current = fixed;
        for _ in 0..8 {
            let again = analyze(current.as_bytes());
            let (next, applied) = apply_suggestions(&current, &again.diagnostics);
            if applied == 0 {
                break;
            }
            current = next;
        }
        let last = analyze(current.as_bytes());
        let (_, left) = apply_suggestions(&current, &last.diagnostics);
        prop_assert_eq!(left, 0, "fixes do not settle: {:?}", current);
    }
}
