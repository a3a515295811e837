//! Entity names: well formed, each declared once, and distinct from every
//! other once snake_cased, lower-cased or made plural.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::naming;
use crate::problems::LowerProblem;
use crate::span::Span;
use crate::syntax;

/// The names taken so far, to report duplicates and collisions.
#[derive(Default)]
pub(super) struct NameRegistry {
    /// Keyed by exact name, snake_case name, lower-cased name and plural.
    exact: HashMap<String, Span>,
    folded: HashMap<String, (String, Span)>,
    /// How many entities of the PRD have each name once written as an
    /// entity name and snake_cased: a malformed name is offered its fix
    /// only when no other entity would then have the same.
    spellings: HashMap<String, usize>,
}

impl NameRegistry {
    /// A registry for the entities named `names`.
    pub(super) fn for_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut spellings = HashMap::new();
        for name in names {
            *spellings
                .entry(naming::snake_case(&naming::pascal_case(name)))
                .or_insert(0) += 1;
        }
        NameRegistry {
            spellings,
            ..NameRegistry::default()
        }
    }
}

/// Checks an entity's name and takes it: false when it is malformed, taken
/// already, or collides with one taken.
pub(super) fn check_and_register(
    name: &syntax::Text,
    names: &mut NameRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if !check_entity_name(name, names, diagnostics) {
        return false;
    }
    let snake_name = naming::snake_case(&name.text);
    let plural_name = naming::plural(&snake_name);
    register_entity(name, &snake_name, &plural_name, names, diagnostics)
}

fn check_entity_name(
    name: &syntax::Text,
    names: &NameRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let text = name.text.as_str();
    let well_formed = text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let length = text.chars().count();
    if !well_formed || !(2..=41).contains(&length) {
        let pascal = naming::pascal_case(text);
        let fits = (2..=41).contains(&pascal.chars().count())
            && names
                .spellings
                .get(&naming::snake_case(&pascal))
                .is_none_or(|&count| count <= 1);
        diagnostics.push(
            LowerProblem::InvalidEntityName {
                span: name.span,
                name: text,
                length,
                fix: (!well_formed && fits).then_some(pascal),
            }
            .into(),
        );
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
            LowerProblem::DuplicateEntity {
                span: name.span,
                name: &name.text,
                first: *first,
            }
            .into(),
        );
        return false;
    }
    // `Kennels` beside `Kennel` (a plural is read as the singular unless
    // the singular is taken): one entity written twice.
    let singular = naming::singular(snake_name);
    let keys = [
        snake_name.to_string(),
        name.text.to_lowercase(),
        format!("plural:{plural_name}"),
        format!("singular:{}", singular.as_deref().unwrap_or(snake_name)),
    ];
    for key in &keys {
        if let Some((other, first)) = names.folded.get(key) {
            diagnostics.push(
                LowerProblem::EntityNameCollision {
                    span: name.span,
                    name: &name.text,
                    snake: snake_name,
                    other,
                    first: *first,
                }
                .into(),
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
