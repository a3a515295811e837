//! Lowering's problems with the values of a field: the values of an
//! enumeration and the keyed modifiers `min`, `max`, `default` and
//! `pattern`.

use super::did_you_mean;
use crate::diagnostics::{Code, Diagnostic};
use crate::genome::FieldType;
use crate::problems::{LowerProblem, Measure};
use crate::span::Span;

/// The diagnostic of a problem with a field's values; `From` in `mod.rs`
/// sends only those here.
pub(super) fn diagnostic(problem: LowerProblem<'_>) -> Diagnostic {
    match problem {
        LowerProblem::EnumWithoutValues { span, field } => Diagnostic::new(
            Code::InvalidEnum,
            span,
            format!("the enumeration `{field}` lists no values"),
        )
        .with_label("expected the values after `enum`")
        .with_help(format!(
            "list the values after a colon, separated by `|`: `{field} (enum: todo | doing | done)`"
        )),
        LowerProblem::EmptyEnumValue { span, field } => Diagnostic::new(
            Code::InvalidEnum,
            span,
            format!("the enumeration `{field}` has an empty value"),
        )
        .with_label("expected a value here")
        .with_help("remove the extra `|`, or write the missing value"),
        LowerProblem::InvalidEnumValue {
            span,
            value,
            max_length,
        } => Diagnostic::new(
            Code::InvalidEnum,
            span,
            format!("`{value}` is not a valid enumeration value"),
        )
        .with_label("not a word")
        .with_help(format!(
            "a value is a word of letters, digits, `_`, `-` and `.`, at most {max_length} characters, such as `in_progress`"
        )),
        LowerProblem::RepeatedEnumValue {
            span,
            field,
            value,
            first,
        } => Diagnostic::new(
            Code::InvalidEnum,
            span,
            format!("the enumeration `{field}` lists `{value}` twice"),
        )
        .with_label("listed again here")
        .with_secondary(first, "first listed here")
        .with_help("remove one of them"),
        LowerProblem::CommaSeparatedEnum { span, field, values } => {
            let written = format!("enum({})", values.join(", "));
            Diagnostic::new(
                Code::InvalidEnum,
                span,
                format!("the values of the enumeration `{field}` are separated by commas after `enum:`"),
            )
            .with_label(format!("write `{written}`"))
            .with_help(format!(
                "after `enum:` the values are separated by `|`, and a comma starts the modifiers; in parentheses they may be separated by commas: `{written}`"
            ))
            .with_suggestion(span, written)
        }
        LowerProblem::TooFewEnumValues { span, field } => Diagnostic::new(
            Code::InvalidEnum,
            span,
            format!("the enumeration `{field}` has fewer than two values"),
        )
        .with_label("an enumeration offers a choice")
        .with_help("list at least two values, or use a `string` field"),
        LowerProblem::BoundNotApplicable {
            span,
            key,
            field,
            field_type,
        } => Diagnostic::new(
            Code::InvalidConstraint,
            span,
            format!(
                "`{key}` does not apply to the {} field `{field}`",
                field_type.canonical_name()
            ),
        )
        .with_label(format!(
            "not a limit a {} can have",
            field_type.canonical_name()
        ))
        .with_help("`min` and `max` limit numbers (`integer`, `float`, `decimal`) and the length of `string` and `text` fields"),
        LowerProblem::InvalidBound {
            span,
            key,
            value,
            field,
            measure,
        } => {
            let (what, example) = match measure {
                Measure::Length => (
                    "a length: a whole number of characters, 0 or more",
                    "max=80",
                ),
                Measure::WholeNumber => ("a whole number", "min=1"),
                Measure::Number => ("a number", "min=0.5"),
            };
            Diagnostic::new(
                Code::InvalidConstraint,
                span,
                format!("`{value}` is not a valid `{key}` for the field `{field}`"),
            )
            .with_label(format!("expected {what}"))
            .with_help(format!("write {what}, such as `{example}`"))
        }
        LowerProblem::StringBoundTooLarge { span, most } => Diagnostic::new(
            Code::InvalidConstraint,
            span,
            format!("a `string` holds at most {most} characters"),
        )
        .with_label(format!("more than {most}"))
        .with_help("lower the limit, or make the field `text` for longer values"),
        LowerProblem::InvertedRange {
            span,
            field,
            low,
            high,
            low_span,
        } => Diagnostic::new(
            Code::InvalidConstraint,
            span,
            format!("the field `{field}` has `max` below `min`"),
        )
        .with_label(format!("{high} is less than {low}"))
        .with_secondary(low_span, "the minimum")
        .with_help("swap the two limits, or correct one of them"),
        LowerProblem::DefaultNotOfType {
            span,
            value,
            field,
            field_type,
        } => {
            let expected = match field_type {
                FieldType::Integer => "a whole number, such as `default=0`",
                FieldType::Float => "a number, such as `default=1.5`",
                FieldType::Decimal => {
                    "a number with at most 4 decimals, such as `default=9.99`"
                }
                _ => "`true` or `false`",
            };
            invalid_default(
                span,
                value,
                field,
                format!("not a valid {} value", field_type.canonical_name()),
                format!("write {expected}"),
            )
        }
        LowerProblem::DefaultOutsideLimits {
            span,
            value,
            field,
            length,
        } => invalid_default(
            span,
            value,
            field,
            format!(
                "{} outside the field's limits",
                if length { "its length is" } else { "it is" }
            ),
            "choose a default that satisfies `min` and `max`".into(),
        ),
        LowerProblem::DefaultNotMatchingPattern {
            span,
            value,
            field,
            pattern,
        } => invalid_default(
            span,
            value,
            field,
            format!("does not match the field's pattern `{pattern}`"),
            "choose a default that the pattern accepts, or leave the default out".into(),
        ),
        LowerProblem::DefaultNotListed {
            span,
            value,
            field,
            values,
        } => did_you_mean(
            Diagnostic::new(
                Code::InvalidDefault,
                span,
                format!("the default `{value}` is not one of the values of `{field}`"),
            ),
            span,
            value,
            values.iter().map(String::as_str),
            "not a listed value",
        )
        .with_help(format!(
            "the values are {}",
            values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        LowerProblem::DefaultNotSupported { span, field_type } => Diagnostic::new(
            Code::InvalidDefault,
            span,
            format!(
                "a {} field cannot have a default",
                field_type.canonical_name()
            ),
        )
        .with_label("defaults are not supported for this type")
        .with_help("defaults are for `string`, `text`, `integer`, `float`, `decimal`, `boolean` and `enum` fields; remove this one"),
        LowerProblem::PatternNotApplicable {
            span,
            field,
            field_type,
        } => Diagnostic::new(
            Code::InvalidPattern,
            span,
            format!(
                "`pattern` does not apply to the {} field `{field}`",
                field_type.canonical_name()
            ),
        )
        .with_label("only text is matched against a pattern")
        .with_help("`pattern` applies to `string` and `text` fields"),
        LowerProblem::EmptyPattern { span } => {
            Diagnostic::new(Code::InvalidPattern, span, "the pattern is empty")
                .with_label("expected a regular expression")
                .with_help(
                    "write the pattern in quotes or backticks, such as pattern=\"^[A-Z]{3}$\"",
                )
        }
        LowerProblem::InvalidPattern { span, error } => Diagnostic::new(
            Code::InvalidPattern,
            span,
            "the pattern is not a valid regular expression",
        )
        .with_label(error)
        .with_help("fix the regular expression; put it in quotes or backticks so that commas and parentheses stay part of it"),
        other => unreachable!("{other:?} is not about the values"),
    }
}

fn invalid_default(
    span: Span,
    value: &str,
    field: &str,
    label: String,
    help: String,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidDefault,
        span,
        format!("`{value}` is not a valid default for the field `{field}`"),
    )
    .with_label(label)
    .with_help(help)
}
