//! Entity names: well formed, each declared once, and distinct from every
//! other once snake_cased, lower-cased or made plural.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic};
use crate::naming;
use crate::span::Span;
use crate::syntax;

/// The names taken so far, to report duplicates and collisions.
#[derive(Default)]
pub(super) struct NameRegistry {
    /// Keyed by exact name, snake_case name, lower-cased name and plural.
    exact: HashMap<String, Span>,
    folded: HashMap<String, (String, Span)>,
}

/// Checks an entity's name and takes it: false when it is malformed, taken
/// already, or collides with one taken.
pub(super) fn check_and_register(
    name: &syntax::Text,
    names: &mut NameRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if !check_entity_name(name, diagnostics) {
        return false;
    }
    let snake_name = naming::snake_case(&name.text);
    let plural_name = naming::plural(&snake_name);
    register_entity(name, &snake_name, &plural_name, names, diagnostics)
}

fn check_entity_name(name: &syntax::Text, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let text = name.text.as_str();
    let well_formed = text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let length = text.chars().count();
    if !well_formed || !(2..=41).contains(&length) {
        let pascal = naming::pascal_case(text);
        let mut diagnostic = Diagnostic::new(
            Code::InvalidEntityName,
            name.span,
            format!("`{text}` is not a valid entity name"),
        )
        .with_label(if length > 41 {
            "longer than 41 characters"
        } else if length < 2 {
            "shorter than 2 characters"
        } else {
            "not a capitalised identifier"
        });
        let fits = (2..=41).contains(&pascal.chars().count());
        diagnostic = if well_formed || !fits {
            diagnostic.with_help("an entity name has 2 to 41 letters and digits and starts with a capital, such as `OrderItem`")
        } else {
            diagnostic
                .with_help(format!("write it as one capitalised word: `{pascal}`"))
                .with_suggestion(name.span, pascal)
        };
        diagnostics.push(diagnostic);
        return false;
    }
    true
}

fn register_entity(
    name: &syntax::Text,
    snake_name: &str,
    plural_name: &str,
    names: &mut NameRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(first) = names.exact.get(&name.text) {
        diagnostics.push(
            Diagnostic::new(
                Code::DuplicateEntity,
                name.span,
                format!("the entity `{}` is declared twice", name.text),
            )
            .with_label("declared again here")
            .with_secondary(*first, "first declared here")
            .with_help("merge the two declarations into one, or rename one of the entities"),
        );
        return false;
    }
    let keys = [
        snake_name.to_string(),
        name.text.to_lowercase(),
        format!("plural:{plural_name}"),
    ];
    for key in &keys {
        if let Some((other, first)) = names.folded.get(key) {
            diagnostics.push(
                Diagnostic::new(
                    Code::NameCollision,
                    name.span,
                    format!("the entities `{}` and `{other}` would get the same name in the generated code", name.text),
                )
                .with_label(format!("becomes `{snake_name}`, like `{other}`"))
                .with_secondary(*first, format!("`{other}` declared here"))
                .with_note("module, table and URL names are lower snake_case, so names that differ only in case or underscores collide")
                .with_help("rename one of the entities, or merge them if they are the same thing"),
            );
            return false;
        }
    }
    names.exact.insert(name.text.clone(), name.span);
    for key in keys {
        names.folded.insert(key, (name.text.clone(), name.span));
    }
    true
}
