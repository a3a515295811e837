//! Lowering's problems with the fields of an entity: their declarations,
//! the account's profile fields, unique groups, types, modifiers, names,
//! and the entities they link to.

use super::did_you_mean;
use crate::diagnostics::{Code, Diagnostic};
use crate::problems::LowerProblem;
use crate::span::Span;
use crate::{spelling, vocabulary};

/// The diagnostic of a problem with a field; `From` in `mod.rs`
/// sends only those here.
pub(super) fn diagnostic(problem: LowerProblem<'_>) -> Diagnostic {
    match problem {
        LowerProblem::DuplicateField {
            span,
            entity,
            field,
            first,
        } => Diagnostic::new(
            Code::DuplicateField,
            span,
            format!("`{entity}` declares the field `{field}` twice"),
        )
        .with_label("declared again here")
        .with_secondary(first, "first declared here")
        .with_help("remove one of the declarations, or rename one of the fields"),
        LowerProblem::EntityWithoutFields { span, entity } => Diagnostic::new(
            Code::EntityWithoutFields,
            span,
            format!("the entity `{entity}` declares no fields"),
        )
        .with_label("no fields follow this entity")
        .with_help(format!(
            "add fields, either on the same line, `{entity}: title (string, required)`, or as indented list items under it, `  - title: string (required)`"
        )),
        LowerProblem::ProfileFieldLink { span, field, to } => Diagnostic::new(
            Code::InvalidProfileField,
            span,
            format!("the profile field `{field}` links to `{to}`"),
        )
        .with_label("a profile field cannot link to an entity")
        .with_note("every row of an entity already belongs to a user; a link from the account to one of them is not supported")
        .with_help(format!(
            "put the link on `{to}` instead, or store a name in a `string` field"
        )),
        LowerProblem::ProfileFieldRequired {
            span,
            field,
            type_name,
        } => Diagnostic::new(
            Code::InvalidProfileField,
            span,
            format!("the profile field `{field}` is required but has no default"),
        )
        .with_label("registration could not fill this in")
        .with_note("registration only takes an e-mail address and a password; profile fields are set later with `PATCH /api/auth/me`")
        .with_help(format!(
            "give it a default, such as `{field} ({type_name}, required, default=...)`, or make it optional"
        )),
        LowerProblem::ProfileFieldUnique { span, field } => Diagnostic::new(
            Code::InvalidProfileField,
            span,
            format!("the profile field `{field}` cannot be unique"),
        )
        .with_label("unique across every account")
        .with_note(SHARED_USERS_TABLE)
        .with_help("remove `unique`; `indexed` is allowed"),
        LowerProblem::ProfileUniqueGroup { span } => Diagnostic::new(
            Code::InvalidProfileField,
            span,
            "a unique group cannot be declared on `User`",
        )
        .with_label("unique across every account")
        .with_note(SHARED_USERS_TABLE)
        .with_help("remove the unique group"),
        LowerProblem::LinkColumnTaken {
            span,
            field,
            column,
            other,
        } => Diagnostic::new(
            Code::NameCollision,
            span,
            format!("the link `{field}` is stored in `{column}`, which is also a field"),
        )
        .with_label(format!("becomes the column `{column}`"))
        .with_secondary(other, "the other field")
        .with_help("rename one of the two fields"),
        LowerProblem::UniqueGroupRepeats { span, name } => Diagnostic::new(
            Code::InvalidUniqueGroup,
            span,
            format!("`{name}` is listed twice in this unique group"),
        )
        .with_label("listed again here")
        .with_help("list each field once"),
        LowerProblem::UniqueGroupUnknownField {
            span,
            name_span,
            name,
            entity,
            fields,
        } => did_you_mean(
            Diagnostic::new(
                Code::InvalidUniqueGroup,
                span,
                format!("`{name}` is not a field of `{entity}`"),
            ),
            name_span,
            name,
            fields.iter().copied(),
            "no such field",
        )
        .with_help(format!(
            "a unique group names fields of the entity above it: {}",
            listed(fields)
        )),
        LowerProblem::UniqueGroupTooSmall { span } => Diagnostic::new(
            Code::InvalidUniqueGroup,
            span,
            "a unique group needs at least two fields",
        )
        .with_label("only one field here")
        .with_help("for one field, add `unique` to its modifiers instead"),
        LowerProblem::UniqueGroupJson { span } => Diagnostic::new(
            Code::InvalidUniqueGroup,
            span,
            "a `json` field cannot be part of a unique group",
        )
        .with_label("JSON values cannot be compared")
        .with_help("leave the json field out of the group"),
        LowerProblem::UnknownType {
            span,
            written,
            field,
        } => {
            let diagnostic = Diagnostic::new(
                Code::UnknownType,
                span,
                format!("unknown type `{written}` for the field `{field}`"),
            );
            let types = "the types are: string, text, integer, float, decimal, boolean, date, datetime, uuid, json, email, url, enum, or an entity's name";
            // `→ kennels.id` naming no entity of the document.
            if let Some(table) = written
                .strip_prefix('\u{2192}')
                .or_else(|| written.strip_prefix("->"))
                .map(|after| after.trim_start())
                .and_then(|after| after.get(..after.len().saturating_sub(3)))
            {
                return diagnostic
                    .with_label(format!("no entity is named by the table `{table}`"))
                    .with_help(format!(
                        "a key reference links to the entity its table names (`{table}` in the singular, capitalised); declare that entity, or write the link with an entity's name as the type"
                    ));
            }
            match near_type(written) {
                Some(near) => diagnostic
                    .with_label(format!("did you mean `{near}`?"))
                    .with_suggestion(span, near)
                    .with_help(types),
                None if written.starts_with(|c: char| c.is_ascii_lowercase()) => diagnostic
                    .with_label("not a known type")
                    .with_help(format!(
                        "{types}; if `{written}` is one of the values the field takes, list them all as an enumeration: `{field}: enum({written}, ...)`"
                    )),
                None => diagnostic.with_label("not a known type").with_help(types),
            }
        }
        LowerProblem::PrimaryKeyField {
            span,
            field,
            as_type,
        } => {
            let code = if as_type {
                Code::UnknownType
            } else {
                Code::UnknownModifier
            };
            let diagnostic = Diagnostic::new(
                code,
                span,
                format!("`{field}` is said to be the primary key, but every entity's primary key is its own `id`"),
            )
            .with_label("every entity has the primary key `id`");
            if as_type {
                diagnostic.with_help(format!(
                    "give `{field}` its type, and mark it `unique` if no two rows may share it: `{field}: string (unique)`"
                ))
            } else {
                diagnostic
                    .with_help(format!(
                        "mark `{field}` `unique` if no two rows may share it"
                    ))
                    .with_suggestion(span, "unique")
            }
        }
        LowerProblem::ModifierAsType {
            span,
            written,
            field,
        } => Diagnostic::new(
            Code::UnknownType,
            span,
            format!("`{written}` is a modifier, but it is written where the type of `{field}` goes"),
        )
        .with_label("a modifier, not a type")
        .with_help(format!(
            "write the type first and the modifier after it, for example `{field}: string ({written})`"
        )),
        LowerProblem::ModifierInWords {
            span,
            written,
            field,
            key,
            value,
            fits,
        } => {
            let keyed = format!("{key}={value}");
            let diagnostic = unknown_modifier(span, written, field);
            if fits {
                diagnostic
                    .with_label(format!("write `{keyed}`"))
                    .with_help(format!(
                        "limits and defaults are written with their key: `{keyed}`"
                    ))
                    .with_suggestion(span, keyed)
            } else {
                diagnostic
                    .with_label(format!("`{keyed}` would be written like this"))
                    .with_help(format!(
                        "limits and defaults are written `min=`, `max=` and `default=`, with a value the field's type takes; `{keyed}` does not suit this field's type"
                    ))
            }
        }
        LowerProblem::StrictLowerBound {
            span,
            written,
            field,
            bound,
            whole_min,
        } => {
            let diagnostic = unknown_modifier(span, written, field);
            match whole_min {
                Some(min) => diagnostic
                    .with_label(format!("for a whole number, this is `min={min}`"))
                    .with_help(format!(
                        "a lower bound is written `min=`, and includes its value: `min={min}`"
                    ))
                    .with_suggestion(span, format!("min={min}")),
                None => diagnostic
                    .with_label("`min=` includes its value")
                    .with_help(format!(
                        "a lower bound is written `min=`, and includes its value: write `min={bound}` if `{bound}` itself is allowed, or the smallest value that is"
                    )),
            }
        }
        LowerProblem::UnknownKey {
            span,
            written,
            field,
            keys,
        } => did_you_mean(
            unknown_modifier(span, written, field),
            span,
            written,
            keys.iter().copied(),
            "not a known modifier",
        )
        .with_help("the modifiers with a value are `default=`, `min=`, `max=` and `pattern=`"),
        LowerProblem::UnknownModifier {
            span,
            written,
            field,
        } => did_you_mean(
            unknown_modifier(span, written, field),
            span,
            written,
            vocabulary::MODIFIER_WORDS.iter().map(|(word, _)| *word),
            "not a known modifier",
        )
        .with_help("the modifiers are `required` (or `not null`), `optional`, `unique` and `indexed` (or `index`)"),
        LowerProblem::ConflictingModifiers {
            span,
            field,
            what,
            written,
            first,
            first_written,
        } => Diagnostic::new(
            Code::ConflictingModifiers,
            span,
            format!("the field `{field}` is both {what} and not {what}"),
        )
        .with_label("contradicts the earlier modifier")
        .with_secondary(first, "first said here")
        .with_help(format!(
            "keep either `{}` or `{written}`, whichever describes the field",
            first_written.unwrap_or("the first")
        )),
        LowerProblem::InvalidFieldName { span, name, fix } => {
            let diagnostic = Diagnostic::new(
                Code::InvalidFieldName,
                span,
                format!("the field name `{name}` is not lower snake_case"),
            )
            .with_label("field names are lowercase words joined by underscores");
            match fix {
                Some(fix) => diagnostic
                    .with_help(format!("write `{fix}`"))
                    .with_suggestion(span, fix),
                None => diagnostic.with_help(
                    "start with a lowercase letter, then use lowercase letters, digits and underscores",
                ),
            }
        }
        LowerProblem::ProvidedField { span, name } => Diagnostic::new(
            Code::ManagedFieldIgnored,
            span,
            format!("`{name}` is provided automatically"),
        )
        .with_label("every entity already has this field; this declaration is ignored")
        .with_note("each entity gets `id`, `created_at` and `updated_at`, filled in by the generated app")
        .with_help("remove this field from the PRD"),
        LowerProblem::OwnerColumnField { span, name } => Diagnostic::new(
            Code::ManagedFieldConflict,
            span,
            format!("a field cannot be named `{name}`"),
        )
        .with_label(format!(
            "`{name}` is taken: it is the ownership column that ties each row to its user"
        ))
        .with_help("choose another name, such as `assignee_id` or `author_id`"),
        LowerProblem::LinkInOwnerColumn { span, name, column } => Diagnostic::new(
            Code::ManagedFieldConflict,
            span,
            format!("the link `{name}` would be stored in `{column}`"),
        )
        .with_label(format!("`{column}` is the owner's column"))
        .with_help("name the link after its role, such as `assignee` or `author`"),
        LowerProblem::LinkToAccount {
            span,
            field,
            written,
        } => Diagnostic::new(
            Code::UnknownEntity,
            span,
            format!("the field `{field}` links to `{written}`, the signed-in account"),
        )
        .with_label("accounts cannot be linked to")
        .with_note("every row already belongs to the signed-in user, and one user cannot see another")
        .with_help("drop the field: the owner is recorded automatically; to name another person, store their name or e-mail address in a `string` or `email` field"),
        LowerProblem::UnknownEntity {
            span,
            field,
            written,
            entities,
        } => {
            let diagnostic = Diagnostic::new(
                Code::UnknownEntity,
                span,
                format!(
                    "the field `{field}` links to `{written}`, which is not an entity of this PRD"
                ),
            );
            // Only a difference of case is fixed mechanically: a
            // misspelt name may as well be an entity the author forgot
            // to declare.
            let same_but_case = entities
                .iter()
                .find(|name| name.eq_ignore_ascii_case(written))
                .copied();
            let near = same_but_case
                .or_else(|| spelling::closest(written, entities.iter().copied()));
            let diagnostic = match (near, same_but_case) {
                (Some(name), Some(_)) => diagnostic
                    .with_label(format!("did you mean `{name}`?"))
                    .with_suggestion(span, name),
                (Some(name), None) => diagnostic.with_label(format!("did you mean `{name}`?")),
                (None, _) => diagnostic.with_label("no entity has this name"),
            };
            let names = listed(&entities[..entities.len().min(8)]);
            diagnostic.with_help(if names.is_empty() {
                "a capitalised type links to an entity; declare the entity, or use one of the types"
                    .to_string()
            } else {
                format!("a capitalised type links to an entity; the entities are {names}")
            })
        }
        other => unreachable!("{other:?} is not about the fields"),
    }
}

/// Why nothing of the account's profile may be unique, said of a field and
/// of a group alike.
const SHARED_USERS_TABLE: &str = "the users table is shared by all accounts: a conflict would tell one user what another has chosen";

fn unknown_modifier(span: Span, written: &str, field: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownModifier,
        span,
        format!("unknown modifier `{written}` on the field `{field}`"),
    )
}

/// The type word `written` is probably a misspelling of: one edit for a
/// short word, more only for a longer one (`monday` is not `money`).
fn near_type(written: &str) -> Option<&'static str> {
    let lower = written.to_ascii_lowercase();
    let allowed = (lower.chars().count() / 4).max(1);
    vocabulary::TYPE_WORDS
        .iter()
        .map(|&(word, _)| (crate::spelling::edit_distance(&lower, word), word))
        .filter(|&(distance, _)| distance <= allowed)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, word)| word)
}

/// Names in backticks, separated by commas.
fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
