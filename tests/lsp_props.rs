//! The language server under random edits: thousands of incremental
//! changes at random positions (out of range ones included), with random
//! questions between them, never make it panic or fail a request, and its
//! last diagnostics are the command line's on the final text.
//!
//! The test keeps its own copy of the document, edited by a plain reading
//! of the protocol (UTF-16 columns, clamped to the line and the text), so
//! the server's text is checked against an independent model.

use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use lsp_server::{Notification, Request, RequestId};
use microcodegen::lsp::{Encoding, Server};
use microcodegen::{analyze_for_target, targets};
use proptest::prelude::*;
use serde_json::{Value, json};

const URI: &str = "file:///work/edits.md";

const START: &str = "# Tide Tables\n\n## Entities\n\n- Port: name (string, required), depth (decimal, min=0)\n- Tide: port (Port, required), at (datetime), kind (enum: high | low, default=high)\n\n## User stories\n\n- As a skipper, I want to see the tides of a port, so that I can plan.\n";

/// Pieces of text the edits insert: declarations, their punctuation, and
/// characters of every UTF-8 length (the emoji is a UTF-16 surrogate pair).
const PIECES: &[&str] = &[
    "",
    "x",
    "(",
    ")",
    ",",
    ":",
    "|",
    "\n",
    "\r\n",
    "- ",
    "## ",
    "**",
    "é",
    "😀",
    "中",
    "required",
    "unique",
    "max=3",
    "default=low",
    "Port",
    "Tide",
    "integr",
    "- Berth: code (string)\n",
    "| name | type |\n",
    "enum: a | b",
    "As a ",
];

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

#[derive(Debug, Clone)]
enum Step {
    Edit {
        start: (u32, u32),
        end: (u32, u32),
        text: String,
    },
    Ask {
        method: &'static str,
        at: (u32, u32),
    },
}

fn position() -> impl Strategy<Value = (u32, u32)> {
    // Mostly inside the text, sometimes far past its end.
    prop_oneof![
        8 => (0u32..14, 0u32..90),
        1 => (0u32..1000, 0u32..100_000),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let edit = (
        position(),
        0u32..3,
        0u32..40,
        prop::collection::vec(0..PIECES.len(), 0..3),
    )
        .prop_map(|(start, lines, width, pieces)| Step::Edit {
            start,
            end: (
                start.0 + lines,
                if lines == 0 { start.1 + width } else { width },
            ),
            text: pieces.into_iter().map(|i| PIECES[i]).collect(),
        });
    let ask = (
        prop::sample::select(vec![
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/references",
            "textDocument/completion",
            "textDocument/prepareRename",
            "textDocument/rename",
            "textDocument/codeAction",
            "textDocument/documentSymbol",
            "textDocument/foldingRange",
        ]),
        position(),
    )
        .prop_map(|(method, at)| Step::Ask { method, at });
    prop_oneof![4 => edit, 1 => ask]
}

/// The byte offset of a UTF-16 position, as the protocol defines it:
/// clamped to the end of its line (before `\r\n`) and of the text, and to
/// the start of a character it falls inside.
fn offset(text: &str, (line, character): (u32, u32)) -> usize {
    let mut line_start = 0;
    for _ in 0..line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len(),
        }
    }
    let rest = &text[line_start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    let mut units = 0;
    for (at, c) in line_text.char_indices() {
        units += c.len_utf16() as u32;
        if units > character {
            return line_start + at;
        }
    }
    line_start + line_text.len()
}

fn utf16_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": {"line": start.0, "character": start.1},
        "end": {"line": end.0, "character": end.1},
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_never_break_the_server(steps in prop::collection::vec(step(), 40..80)) {
        HOOK.call_once(|| {
            let default = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                PANICS.fetch_add(1, Ordering::SeqCst);
                default(info);
            }));
        });
        let mut server = Server::new(Encoding::Utf16, targets::DEFAULT);
        server.notify(Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": START}}),
        ));
        let mut text = START.to_string();
        let mut version = 1;
        let mut id = 0;
        let mut last = Vec::new();
        for step in steps {
            match step {
                Step::Edit { start, end, text: inserted } => {
                    version += 1;
                    let (from, to) = (offset(&text, start), offset(&text, end));
                    text.replace_range(from.min(to)..from.max(to), &inserted);
                    server.notify(Notification::new(
                        "textDocument/didChange".into(),
                        json!({
                            "textDocument": {"uri": URI, "version": version},
                            "contentChanges": [{"range": range(start, end), "text": inserted}],
                        }),
                    ));
                }
                Step::Ask { method, at } => {
                    id += 1;
                    let context = match method {
                        "textDocument/references" => json!({"includeDeclaration": true}),
                        "textDocument/codeAction" => json!({"diagnostics": []}),
                        _ => Value::Null,
                    };
                    let response = server.request(Request::new(
                        RequestId::from(id),
                        method.into(),
                        json!({
                            "textDocument": {"uri": URI},
                            "position": {"line": at.0, "character": at.1},
                            "range": range(at, at),
                            "context": context,
                            "newName": "Harbour",
                        }),
                    ));
                    // Rename may refuse a place with nothing to rename; no
                    // request may fail inside the server.
                    if let Err(error) = &response.response_result {
                        prop_assert_ne!(error.code, lsp_server::ErrorCode::InternalError as i32);
                        prop_assert_eq!(method, "textDocument/rename");
                    }
                }
            }
            for published in server.publish() {
                last = published.params["diagnostics"].as_array().cloned().unwrap_or_default();
                prop_assert_eq!(&published.params["version"], &json!(version));
            }
        }
        prop_assert_eq!(PANICS.load(Ordering::SeqCst), 0);
        // The last diagnostics are the command line's on the final text.
        let expected = analyze_for_target(text.as_bytes(), targets::DEFAULT, Some("edits")).diagnostics;
        prop_assert_eq!(last.len(), expected.len(), "{:?}", text);
        for (published, cli) in last.iter().zip(&expected) {
            prop_assert_eq!(published["code"].as_str(), Some(cli.code.as_str()));
            let message = published["message"].as_str().unwrap_or_default();
            prop_assert!(message.starts_with(&cli.message), "{} / {}", message, cli.message);
            prop_assert_eq!(&published["range"]["start"], &utf16_position(&text, cli.primary.span.start));
            prop_assert_eq!(&published["range"]["end"], &utf16_position(&text, cli.primary.span.end));
        }
    }
}
