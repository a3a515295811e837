//! `microcodegen lsp` driven as an editor drives it: the binary started,
//! JSON-RPC messages framed with `Content-Length` over its standard input
//! and output, every answer waited for with a time limit.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);
const URI: &str = "file:///tmp/harbour/prd.md";

/// A PRD with two mistakes, each with a fix: a misspelt modifier, and a
/// misspelt type on a line whose text before it has accented letters and
/// an emoji (4 bytes in UTF-8, 2 units in UTF-16).
const PRD: &str = r#"# Harbour Moorings

A marina office keeps track of boats and their berths.

## Entities

- Boat: name (string, required), owner_email (email, unqiue), length (decimal, min=1)
- Berth: code (string, required, unique), boat (Boat), tariff (enum: day | week, default=day)
- Visit: note (string, default="Déjà vu 😀 ok"), nights (integr), berth (Berth, required)

## User stories

- As a harbour master, I want to assign a berth to a boat, so that visitors are not turned away.
"#;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
}

impl Client {
    /// Starts the server and initializes it, offering `encodings`.
    fn start(encodings: &[&str]) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_microcodegen"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take().expect("a piped stdin");
        let stdout = child.stdout.take().expect("a piped stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 1,
            pending: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {"general": {"positionEncodings": encodings}},
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .expect("the server reads");
        self.stdin.flush().expect("the server reads");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its answer: the result, or the error
    /// object under `"error"`.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    return json!({"error": error});
                }
                return message["result"].clone();
            }
            self.pending.push(message);
        }
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(WAIT)
            .expect("the server answers in time")
    }

    /// The diagnostics published for the document at `version`.
    fn diagnostics(&mut self, version: i64) -> Vec<Value> {
        loop {
            let found = self.pending.iter().position(|message| {
                message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["uri"] == URI
                    && message["params"]["version"] == json!(version)
            });
            if let Some(at) = found {
                let message = self.pending.remove(at);
                return message["params"]["diagnostics"]
                    .as_array()
                    .expect("a list of diagnostics")
                    .clone();
            }
            let message = self.receive();
            self.pending.push(message);
        }
    }

    fn open(&mut self, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.diagnostics(1)
    }

    fn at(&mut self, method: &str, line: u32, character: u32, extra: Value) -> Value {
        let mut params = json!({
            "textDocument": {"uri": URI},
            "position": {"line": line, "character": character},
        });
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.request(method, params)
    }

    /// Shuts the server down as the protocol asks and returns its status.
    fn shut_down(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin);
        let status = self.child.wait().expect("the server exits");
        let mut stderr = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            err.read_to_string(&mut stderr).expect("stderr reads");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        status.code().expect("an exit status")
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().expect("a code"))
        .collect()
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

/// The line and UTF-16 column of `needle`'s first occurrence in `text`.
fn utf16_position(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).expect("the needle is in the text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u32;
    (line, text[line_start..at].encode_utf16().count() as u32)
}

#[test]
fn a_session_in_utf16_reports_fixes_navigates_renames_and_completes() {
    let (mut client, initialized) = Client::start(&["utf-16"]);
    assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(initialized["serverInfo"]["name"], "microcodegen");

    let diagnostics = client.open(PRD);
    assert_eq!(codes(&diagnostics), ["E0013", "E0003"]);
    assert_eq!(diagnostics[0]["range"], range(6, 53, 59));
    // The emoji before `integr` counts 2 units and `é`, `à` one each.
    assert_eq!(diagnostics[1]["range"], range(8, 57, 63));
    assert_eq!(diagnostics[1]["severity"], 1);
    assert!(
        diagnostics[1]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown type `integr`") && m.contains("help:")),
        "{diagnostics:?}"
    );

    // Hovering over a mistake explains its code.
    let explained = client.at("textDocument/hover", 8, 59, json!({}));
    let shown = explained["contents"]["value"].as_str().expect("markdown");
    assert!(
        shown.contains("**E0003**: a field has a type the compiler does not know"),
        "{shown}"
    );

    // The quick fix for the type, applied as the editor applies it.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": range(8, 58, 58),
            "context": {"diagnostics": []},
        }),
    );
    let actions = actions.as_array().expect("a list of actions");
    let quick_fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(quick_fix["title"], "Change `integr` to `integer`");
    assert_eq!(quick_fix["isPreferred"], true);
    let edit = &quick_fix["edit"]["changes"][URI][0];
    assert_eq!(edit["range"], range(8, 57, 63));
    assert_eq!(edit["newText"], "integer");
    assert!(
        actions.iter().any(|a| a["kind"] == "source.fixAll"
            && a["title"].as_str().is_some_and(|t| t.contains("2 fixes"))),
        "{actions:?}"
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": edit["range"], "text": "integer"}],
        }),
    );
    assert_eq!(codes(&client.diagnostics(2)), ["E0013"]);
    // The other one, as an incremental edit of a few characters.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 3},
            "contentChanges": [{"range": range(6, 55, 57), "text": "iq"}],
        }),
    );
    assert!(client.diagnostics(3).is_empty());
    let fixed = PRD
        .replace("integr)", "integer)")
        .replace("unqiue", "unique");

    // Hover over the entity a link names: its fields and routes.
    let (line, column) = utf16_position(&fixed, "Boat),");
    let hover = client.at("textDocument/hover", line, column + 2, json!({}));
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        shown.starts_with("**Boat**, an entity (3 fields)"),
        "{shown}"
    );
    assert!(
        shown.contains("- `owner_email`: email, optional, unique"),
        "{shown}"
    );
    assert!(shown.contains("table `boats`"), "{shown}");
    assert!(shown.contains("/api/boats"), "{shown}");
    // Over a field: its column and limits.
    let (line, column) = utf16_position(&fixed, "berth (Berth");
    let hover = client.at("textDocument/hover", line, column + 1, json!({}));
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(shown.contains("link to **Berth**"), "{shown}");
    assert!(shown.contains("column `berth_id`"), "{shown}");
    // Over the story: the entities it is traced to.
    let (line, column) = utf16_position(&fixed, "assign a berth");
    let hover = client.at("textDocument/hover", line, column, json!({}));
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        shown.contains("**Berth**") && shown.contains("**Boat**"),
        "{shown}"
    );

    // Go to definition from the link to its declaration.
    let (line, column) = utf16_position(&fixed, "Boat),");
    let definition = client.at("textDocument/definition", line, column, json!({}));
    assert_eq!(definition["uri"], URI);
    assert_eq!(definition["range"], range(6, 2, 6));

    // References: the declaration, the link, and the story's mention.
    let references = client.at(
        "textDocument/references",
        6,
        3,
        json!({"context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = references
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["range"]["start"]["line"].as_u64().expect("a line"))
        .collect();
    assert_eq!(lines, [6, 7, 12]);

    // Rename the entity: its declaration and the link change, the story's
    // prose does not; a name that is not PascalCase is refused.
    let refused = client.at("textDocument/rename", 6, 3, json!({"newName": "my boat"}));
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("PascalCase"))
    );
    let prepared = client.at("textDocument/prepareRename", 6, 3, json!({}));
    assert_eq!(prepared["placeholder"], "Boat");
    let renamed = client.at("textDocument/rename", 6, 3, json!({"newName": "Vessel"}));
    let edits = renamed["changes"][URI].as_array().expect("edits");
    let ranges: Vec<&Value> = edits.iter().map(|e| &e["range"]).collect();
    let link = utf16_position(&fixed, "Boat),");
    assert_eq!(
        ranges,
        [&range(6, 2, 6), &range(link.0, link.1, link.1 + 4)]
    );

    // Complete a type inside a field's parentheses, then a modifier, then
    // an enumeration value after `default=`.
    let (line, column) = utf16_position(&fixed, "decimal, min=1");
    let types = client.at("textDocument/completion", line, column, json!({}));
    let labels: Vec<&str> = types
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["label"].as_str().expect("a label"))
        .collect();
    assert!(
        labels.contains(&"decimal") && labels.contains(&"datetime"),
        "{labels:?}"
    );
    assert!(labels.contains(&"Berth"), "{labels:?}");
    let modifiers = client.at("textDocument/completion", line, column + 9, json!({}));
    assert!(modifiers.to_string().contains("\"max=\""), "{modifiers}");
    let (line, column) = utf16_position(&fixed, "default=day");
    let values = client.at("textDocument/completion", line, column + 8, json!({}));
    let labels: Vec<&str> = values
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["label"].as_str().expect("a label"))
        .collect();
    assert_eq!(labels, ["day", "week"]);

    // The outline.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Boat", "Berth", "Visit"]);
    assert_eq!(symbols[2]["children"][1]["name"], "nights");

    // A position far out of the text is answered, not failed on.
    let nothing = client.at("textDocument/hover", 9999, 9999, json!({}));
    assert_eq!(nothing, Value::Null);

    assert_eq!(client.shut_down(), 0);
}

#[test]
fn utf8_positions_count_bytes_when_the_client_offers_them() {
    let (mut client, initialized) = Client::start(&["utf-16", "utf-8"]);
    assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-8");
    let diagnostics = client.open(PRD);
    assert_eq!(diagnostics[1]["range"], range(8, 61, 67));
    // An edit in UTF-8 units, right after the emoji.
    let emoji_end = PRD
        .lines()
        .nth(8)
        .expect("line 9")
        .find("😀")
        .expect("the emoji")
        + 4;
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": range(8, emoji_end as u32, emoji_end as u32), "text": "!"}],
        }),
    );
    let diagnostics = client.diagnostics(2);
    assert_eq!(diagnostics[1]["range"], range(8, 62, 68));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_client_that_leaves_without_shutdown_ends_the_server_with_status_1() {
    let (mut client, _) = Client::start(&[]);
    client.open("# Empty\n");
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn help_describes_the_command() {
    let output = Command::new(env!("CARGO_BIN_EXE_microcodegen"))
        .args(["lsp", "--help"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Language Server Protocol"), "{help}");
}
