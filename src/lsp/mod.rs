//! `microcodegen lsp`: a Language Server Protocol server over standard
//! input and output, so that an editor shows the compiler's diagnostics as
//! a PRD is written, offers its fixes, and navigates its entities.
//!
//! [`Server`] is the protocol's state machine, message in, messages out,
//! with no input or output of its own (the tests drive it directly);
//! [`serve`] runs it over a connection's channels, which the CLI connects
//! to standard input and output. Each document is read again
//! only when a question needs it after a change: a burst of edits that
//! arrives together is read once, and its diagnostics published once.

mod document;
mod features;
mod position;

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CompletionOptions, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentSymbolParams, FoldingRangeParams,
    FoldingRangeProviderCapability, GotoDefinitionParams, GotoDefinitionResponse, HoverParams,
    HoverProviderCapability, InitializeParams, OneOf, Position, PrepareRenameResponse,
    PublishDiagnosticsParams, ReferenceParams, RenameOptions, RenameParams, ServerCapabilities,
    ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::targets::Target;
use document::Document;
pub use position::Encoding;

/// The server's state: the open documents, by address.
pub struct Server {
    encoding: Encoding,
    target: &'static dyn Target,
    documents: HashMap<String, (Uri, Document)>,
    /// Documents changed since their diagnostics were last published.
    changed: BTreeSet<String>,
}

impl Server {
    pub fn new(encoding: Encoding, target: &'static dyn Target) -> Self {
        Server {
            encoding,
            target,
            documents: HashMap::new(),
            changed: BTreeSet::new(),
        }
    }

    /// What the server can do, for the answer to `initialize`.
    pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(
                TextDocumentSyncKind::INCREMENTAL,
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["(".into(), ",".into(), "=".into(), "|".into()]),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        }
    }

    /// The answer to `initialize`'s request.
    pub fn initialize_result(encoding: Encoding) -> Value {
        serde_json::json!({
            "capabilities": Server::capabilities(encoding),
            "serverInfo": ServerInfo {
                name: "microcodegen".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            },
        })
    }

    /// Handles a notification from the client.
    pub fn notify(&mut self, notification: Notification) {
        // A malformed notification cannot be answered; it is ignored.
        let _ = catch_unwind(AssertUnwindSafe(|| self.notify_inner(notification)));
    }

    fn notify_inner(&mut self, notification: Notification) {
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                if let Some(params) = parse::<DidOpenTextDocumentParams>(notification.params) {
                    let document = params.text_document;
                    let key = document.uri.as_str().to_string();
                    let stem = file_stem(&key);
                    self.documents.insert(
                        key.clone(),
                        (
                            document.uri,
                            Document::new(document.text, document.version, stem),
                        ),
                    );
                    self.changed.insert(key);
                }
            }
            "textDocument/didChange" => {
                if let Some(params) = parse::<DidChangeTextDocumentParams>(notification.params) {
                    let key = params.text_document.uri.as_str().to_string();
                    if let Some((_, document)) = self.documents.get_mut(&key) {
                        for change in params.content_changes {
                            document.apply(change, self.encoding);
                        }
                        document.version = params.text_document.version;
                        self.changed.insert(key);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Some(params) = parse::<DidCloseTextDocumentParams>(notification.params) {
                    let key = params.text_document.uri.as_str().to_string();
                    if self.documents.remove(&key).is_some() {
                        // Published once more, empty, so the client clears them.
                        self.changed.insert(key);
                    }
                }
            }
            _ => {}
        }
    }

    /// The diagnostics of every document changed since the last call, as
    /// `textDocument/publishDiagnostics` notifications.
    pub fn publish(&mut self) -> Vec<Notification> {
        let changed = std::mem::take(&mut self.changed);
        changed
            .into_iter()
            .filter_map(|key| {
                let result = catch_unwind(AssertUnwindSafe(|| self.diagnostics_of(&key)));
                result.ok().flatten()
            })
            .map(|params| Notification::new("textDocument/publishDiagnostics".into(), params))
            .collect()
    }

    fn diagnostics_of(&mut self, key: &str) -> Option<PublishDiagnosticsParams> {
        match self.documents.get_mut(key) {
            Some((uri, document)) => {
                let version = document.version;
                let uri = uri.clone();
                let diagnostics = self.with_view(&uri, features::diagnostics)?;
                Some(PublishDiagnosticsParams::new(
                    uri,
                    diagnostics,
                    Some(version),
                ))
            }
            None => {
                let uri: Uri = key.parse().ok()?;
                Some(PublishDiagnosticsParams::new(uri, Vec::new(), None))
            }
        }
    }

    /// Answers a request from the client; never panics: a request it cannot
    /// read, or a failure inside, is an error answer.
    pub fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match catch_unwind(AssertUnwindSafe(|| self.request_inner(request))) {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "the server failed on this request".into(),
            ),
        }
    }

    fn request_inner(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        let target = self.target;
        let params = request.params;
        let value = match request.method.as_str() {
            "textDocument/hover" => {
                let p: HoverParams = params_of(params)?;
                let at = p.text_document_position_params;
                to_value(
                    self.at_position(&at, |view, offset| features::hover(view, offset, target)),
                )
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = params_of(params)?;
                let at = p.text_document_position_params;
                to_value(
                    self.at_position(&at, features::definition)
                        .map(GotoDefinitionResponse::Scalar),
                )
            }
            "textDocument/references" => {
                let p: ReferenceParams = params_of(params)?;
                let with_declaration = p.context.include_declaration;
                to_value(self.at_position(&p.text_document_position, |view, offset| {
                    Some(features::references(view, offset, with_declaration))
                }))
            }
            "textDocument/prepareRename" => {
                let p: TextDocumentPositionParams = params_of(params)?;
                to_value(self.at_position(&p, features::prepare_rename).map(
                    |(range, placeholder)| PrepareRenameResponse::RangeWithPlaceholder {
                        range,
                        placeholder,
                    },
                ))
            }
            "textDocument/rename" => {
                let p: RenameParams = params_of(params)?;
                let new_name = p.new_name;
                match self.at_position(&p.text_document_position, |view, offset| {
                    Some(features::rename(view, offset, &new_name))
                }) {
                    Some(Ok(edit)) => to_value(Some(edit)),
                    Some(Err(why)) => return Err((ErrorCode::InvalidParams, why)),
                    None => Value::Null,
                }
            }
            "textDocument/documentSymbol" => {
                let p: DocumentSymbolParams = params_of(params)?;
                to_value(self.with_view(&p.text_document.uri, features::document_symbols))
            }
            "textDocument/foldingRange" => {
                let p: FoldingRangeParams = params_of(params)?;
                to_value(self.with_view(&p.text_document.uri, features::folding_ranges))
            }
            "textDocument/completion" => {
                let p: CompletionParams = params_of(params)?;
                to_value(self.at_position(&p.text_document_position, |view, offset| {
                    Some(features::completion(view, offset))
                }))
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params_of(params)?;
                let range = p.range;
                to_value(self.with_view(&p.text_document.uri, |view| {
                    features::code_actions(view, range)
                }))
            }
            "shutdown" => Value::Null,
            method => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("`{method}` is not supported"),
                ));
            }
        };
        Ok(value)
    }

    /// Runs `answer` on the open document at `uri`; `None` when it is not
    /// open.
    fn with_view<T>(&mut self, uri: &Uri, answer: impl FnOnce(&features::View) -> T) -> Option<T> {
        let encoding = self.encoding;
        let target = self.target;
        let (uri, document) = self.documents.get_mut(uri.as_str())?;
        document.read(target);
        let document = &*document;
        let (reading, symbols) = document.read_already()?;
        let view = features::View {
            text: &document.text,
            document,
            reading,
            symbols,
            encoding,
            uri,
        };
        Some(answer(&view))
    }

    fn at_position<T>(
        &mut self,
        at: &TextDocumentPositionParams,
        answer: impl FnOnce(&features::View, usize) -> Option<T>,
    ) -> Option<T> {
        let position: Position = at.position;
        self.with_view(&at.text_document.uri, |view| {
            let offset = view
                .document
                .lines
                .offset(view.text, position, view.encoding);
            answer(view, offset)
        })
        .flatten()
    }
}

/// The name of the file at `uri` without its extension (`%20` and the like
/// decoded), as the command line passes a PRD's file name.
fn file_stem(uri: &str) -> Option<String> {
    let path = uri.split(['?', '#']).next()?;
    let name = path.rsplit('/').next()?;
    let mut bytes = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        let escaped = (byte == b'%')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(decoded) => {
                bytes.push(decoded);
                rest = &tail[2..];
            }
            None => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    let name = String::from_utf8_lossy(&bytes).into_owned();
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name,
    };
    (!stem.is_empty()).then_some(stem)
}

fn parse<T: DeserializeOwned>(params: Value) -> Option<T> {
    serde_json::from_value(params).ok()
}

fn params_of<T: DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|error| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters: {error}"),
        )
    })
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// How a session with a client ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown` then `exit`, as the protocol asks.
    Clean,
    /// `exit` without `shutdown`, or the client went away.
    Abrupt,
}

/// Serves one client over `connection` until it exits.
pub fn serve(connection: &Connection, target: &'static dyn Target) -> Result<Ending, String> {
    let (id, params) = match connection.initialize_start() {
        Ok(started) => started,
        Err(error) if error.channel_is_disconnected() => return Ok(Ending::Abrupt),
        Err(error) => return Err(error.to_string()),
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    connection
        .initialize_finish(id, Server::initialize_result(encoding))
        .map_err(|error| error.to_string())?;
    let mut server = Server::new(encoding, target);
    let send = |message: Message| connection.sender.send(message).is_ok();
    while let Ok(first) = connection.receiver.recv() {
        // Everything that has already arrived is handled before the
        // diagnostics are published, so a burst of edits is read once.
        let mut batch = vec![first];
        batch.extend(connection.receiver.try_iter());
        for message in batch {
            match message {
                Message::Request(request) => {
                    if request.method == "shutdown" {
                        return match connection.handle_shutdown(&request) {
                            Ok(_) => Ok(Ending::Clean),
                            Err(_) => Ok(Ending::Abrupt),
                        };
                    }
                    if !send(server.request(request).into()) {
                        return Ok(Ending::Abrupt);
                    }
                }
                Message::Notification(notification) if notification.method == "exit" => {
                    return Ok(Ending::Abrupt);
                }
                Message::Notification(notification) => server.notify(notification),
                Message::Response(_) => {}
            }
        }
        for notification in server.publish() {
            if !send(notification.into()) {
                return Ok(Ending::Abrupt);
            }
        }
    }
    Ok(Ending::Abrupt)
}
