//! The `(was Customer)` remarks on entities: each names an old name no
//! other entity claims and the PRD no longer declares, so an update can
//! rename that table and nothing else. Whether the app had such an entity
//! is the update's to check: the PRD alone does not know.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::problems::{LowerProblem, RenameFault};
use crate::span::Span;
use crate::syntax::Prd;

pub(super) fn check_rename_remarks(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) {
    let entities = || prd.entity_sections.iter().flat_map(|s| &s.entities);
    let declared: HashMap<&str, Span> = entities()
        .map(|e| (e.name.text.as_str(), e.name.span))
        .collect();
    let mut claimed: HashMap<&str, Span> = HashMap::new();
    for entity in entities() {
        let Some(old) = &entity.renamed_from else {
            continue;
        };
        let fault = if old.text == entity.name.text {
            Some(RenameFault::SameName)
        } else if let Some(&first) = claimed.get(old.text.as_str()) {
            Some(RenameFault::ClaimedTwice { first })
        } else {
            declared
                .get(old.text.as_str())
                .map(|&declared| RenameFault::StillDeclared { declared })
        };
        claimed.entry(&old.text).or_insert(old.span);
        if let Some(fault) = fault {
            diagnostics.push(
                LowerProblem::InvalidRename {
                    span: old.span,
                    entity: &entity.name.text,
                    old: &old.text,
                    fault,
                }
                .into(),
            );
        }
    }
}
