//! Lowering's problems, in the order lowering finds them: the entity
//! section and the entities (`entities.rs`), their fields (`fields.rs`),
//! and the values their modifiers give (`values.rs`).

mod entities;
mod fields;
mod values;

use crate::diagnostics::Diagnostic;
use crate::problems::LowerProblem;
use crate::span::Span;
use crate::spelling;

impl From<LowerProblem<'_>> for Diagnostic {
    fn from(problem: LowerProblem<'_>) -> Self {
        // Every variant is named here, so that a new one cannot go without
        // its prose; each part's own match ends where this one dispatches.
        match problem {
            LowerProblem::NoEntitySection { .. }
            | LowerProblem::MisspeltEntitySection { .. }
            | LowerProblem::EmptyEntitySection { .. }
            | LowerProblem::InvalidEntityName { .. }
            | LowerProblem::DuplicateEntity { .. }
            | LowerProblem::EntityNameCollision { .. }
            | LowerProblem::RequiredSelfLink { .. }
            | LowerProblem::LinkCycle { .. }
            | LowerProblem::StoryWithoutEntity { .. } => entities::diagnostic(problem),
            LowerProblem::DuplicateField { .. }
            | LowerProblem::EntityWithoutFields { .. }
            | LowerProblem::ProfileFieldLink { .. }
            | LowerProblem::ProfileFieldRequired { .. }
            | LowerProblem::ProfileFieldUnique { .. }
            | LowerProblem::ProfileUniqueGroup { .. }
            | LowerProblem::LinkColumnTaken { .. }
            | LowerProblem::UniqueGroupRepeats { .. }
            | LowerProblem::UniqueGroupUnknownField { .. }
            | LowerProblem::UniqueGroupTooSmall { .. }
            | LowerProblem::UniqueGroupJson { .. }
            | LowerProblem::UnknownType { .. }
            | LowerProblem::UnknownKey { .. }
            | LowerProblem::UnknownModifier { .. }
            | LowerProblem::ModifierInWords { .. }
            | LowerProblem::StrictLowerBound { .. }
            | LowerProblem::ModifierAsType { .. }
            | LowerProblem::PrimaryKeyField { .. }
            | LowerProblem::ConflictingModifiers { .. }
            | LowerProblem::InvalidFieldName { .. }
            | LowerProblem::ProvidedField { .. }
            | LowerProblem::OwnerColumnField { .. }
            | LowerProblem::LinkInOwnerColumn { .. }
            | LowerProblem::LinkToAccount { .. }
            | LowerProblem::UnknownEntity { .. } => fields::diagnostic(problem),
            LowerProblem::EnumWithoutValues { .. }
            | LowerProblem::EmptyEnumValue { .. }
            | LowerProblem::InvalidEnumValue { .. }
            | LowerProblem::RepeatedEnumValue { .. }
            | LowerProblem::TooFewEnumValues { .. }
            | LowerProblem::CommaSeparatedEnum { .. }
            | LowerProblem::BoundNotApplicable { .. }
            | LowerProblem::InvalidBound { .. }
            | LowerProblem::StringBoundTooLarge { .. }
            | LowerProblem::InvertedRange { .. }
            | LowerProblem::DefaultNotOfType { .. }
            | LowerProblem::DefaultOutsideLimits { .. }
            | LowerProblem::DefaultNotListed { .. }
            | LowerProblem::DefaultNotSupported { .. }
            | LowerProblem::PatternNotApplicable { .. }
            | LowerProblem::EmptyPattern { .. }
            | LowerProblem::InvalidPattern { .. } => values::diagnostic(problem),
        }
    }
}

/// Labels `diagnostic` with the candidate closest to `word`, as a
/// machine-applicable replacement of `span`, or with `otherwise` when none
/// is close enough.
fn did_you_mean<'a>(
    diagnostic: Diagnostic,
    span: Span,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> Diagnostic {
    match spelling::closest(word, candidates) {
        Some(near) => diagnostic
            .with_label(format!("did you mean `{near}`?"))
            .with_suggestion(span, near),
        None => diagnostic.with_label(otherwise),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;
    use crate::problems::LowerProblem;
    use crate::span::Span;

    /// A misspelt word is answered with the nearest candidate the problem
    /// carries, as a fix.
    #[test]
    fn spelling_suggestions_come_from_the_candidates() {
        let at = Span::new(10, 15);
        let diagnostic = Diagnostic::from(LowerProblem::UnknownType {
            span: at,
            written: "strng",
            field: "title",
        });
        assert_eq!(diagnostic.primary.message, "did you mean `string`?");
        let suggestion = diagnostic.suggestion.expect("a fix");
        assert_eq!(
            (suggestion.span, suggestion.replacement.as_str()),
            (at, "string")
        );
        let values = ["todo".to_string(), "done".to_string()];
        let far = Diagnostic::from(LowerProblem::DefaultNotListed {
            span: at,
            value: "archived",
            field: "status",
            values: &values,
        });
        assert_eq!(far.primary.message, "not a listed value");
        assert_eq!(far.suggestion, None);
    }
}
