//! Lowering's problems, in the order lowering finds them: the entity
//! section and the entities (`entities.rs`), their fields (`fields.rs`),
//! and the values their modifiers give (`values.rs`).

mod entities;
mod fields;
mod values;

use crate::diagnostics::{Code, Diagnostic};
use crate::problems::{LowerProblem, NameSource};
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
            | LowerProblem::InvalidRename { .. }
            | LowerProblem::EntityNameCollision { .. }
            | LowerProblem::RequiredSelfLink { .. }
            | LowerProblem::LinkCycle { .. }
            | LowerProblem::StoryWithoutEntity { .. } => entities::diagnostic(problem),
            LowerProblem::AppNameChosen { span, name, source } => app_name(span, name, source),
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
            | LowerProblem::DefaultNotMatchingPattern { .. }
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

/// Where the application's name came from, when not from the title.
fn app_name(span: Option<Span>, name: &str, source: NameSource) -> Diagnostic {
    let (message, label) = match source {
        NameSource::TitleWords => (
            format!("the app is named `{name}`, from the title without its generic words"),
            "the title names the document, not the product",
        ),
        NameSource::NameLine => (
            format!("the app is named `{name}`, from this line"),
            "the product's name",
        ),
        NameSource::FirstSubheading => (
            format!("the app is named `{name}`, from the first level-2 heading"),
            "the first level-2 heading",
        ),
        NameSource::FileName => (
            format!("the app is named `{name}`, from the file's name"),
            "",
        ),
        NameSource::Default => (
            format!("the app is named `{name}`: the PRD names no product"),
            "",
        ),
    };
    let diagnostic = match span {
        Some(span) => Diagnostic::new(Code::AppNameChosen, span, message).with_label(label),
        None => Diagnostic::whole_document(Code::AppNameChosen, message),
    };
    diagnostic.with_help("to choose the name, make it the title: `# Cookbook`")
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
