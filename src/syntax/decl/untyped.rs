//! Fields written without a type: `- title`, `- title:`, or a name
//! followed by a description where the type goes (`- amount: the total
//! spent`). The field's type is left empty; lowering infers it from the
//! name and says so in a note.

use super::tokens::{emphasised_name, separator, type_token};
use crate::span::Span;
use crate::syntax::ast::{Field, Text};
use crate::syntax::lines::{Input, emphasis, text_of, trim};
use crate::vocabulary;

/// A field line without a type: its name alone (with a full stop or a
/// colon after it), or its name and a description of several words after
/// a separator. `None` when the line declares a type or is no such field,
/// so that the typed reading's error stands.
pub(crate) fn untyped_field(content: Input) -> Option<Field> {
    let (rest, (name, inner_colon)) = emphasised_name(content).ok()?;
    let emphasised = emphasis(content).is_ok();
    // The field ends after its name, or after the emphasis around it (and
    // the colon inside that emphasis); a bare colon is the separator.
    let name_end = if emphasised {
        rest.location_offset()
    } else {
        name.location_offset() + name.fragment().len()
    };
    let after = trim(rest);
    let text = *after.fragment();
    let declared = if text.is_empty() || text == "." {
        true
    } else if inner_colon && !emphasised {
        // `title:` read the colon as the name's: what follows is after it.
        is_description(after)
    } else {
        separator(rest).is_ok_and(|(after_separator, _)| {
            let described = trim(after_separator);
            described.fragment().is_empty() || is_description(described)
        })
    };
    declared.then(|| {
        let name = text_of(&name);
        Field {
            span: Span::new(content.location_offset(), name_end),
            type_name: Text {
                text: String::new(),
                span: Span::new(name_end, name_end),
            },
            name,
            enum_values: None,
            modifiers: Vec::new(),
        }
    })
}

/// Whether the text where a type goes is a description instead: at least
/// two words, the first of them not a type word as the language writes
/// it (`the total spent`, `Date it was paid`). `float required` stays a
/// typed field written wrong, and one word stays a type, known or not.
fn is_description(text: Input) -> bool {
    if text.fragment().split_whitespace().count() < 2 {
        return false;
    }
    let Ok((_, first)) = type_token(text) else {
        return false;
    };
    let first = *first.fragment();
    let type_word = vocabulary::TYPE_WORDS
        .iter()
        .any(|(word, _)| *word == first)
        || matches!(first, "enum" | "list" | "array" | "set");
    !type_word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(String, String)> {
        untyped_field(Input::new(line)).map(|field| {
            let span = field.span;
            (field.name.text, line[span.start..span.end].to_string())
        })
    }

    #[test]
    fn a_name_alone_or_with_a_colon_is_an_untyped_field() {
        for (line, name, spanned) in [
            ("title", "title", "title"),
            ("title.", "title", "title"),
            ("title:", "title", "title"),
            ("**title:**", "title", "**title:**"),
            ("`title`", "title", "`title`"),
        ] {
            assert_eq!(
                read(line),
                Some((name.to_string(), spanned.to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn a_description_where_the_type_goes_is_read_as_one() {
        for line in [
            "amount: the total spent",
            "spent_on: Day the money left the account",
            "notes — Anything the clerk adds",
            "due: Date by which it is paid",
            "colour - shown beside the name",
        ] {
            assert!(read(line).is_some(), "{line}");
        }
    }

    #[test]
    fn a_type_written_right_or_wrong_is_not_a_description() {
        for line in [
            "title: string",
            "title: strng",
            "weight: float required",
            "status: enum a b",
            "tags: list of words",
            "title string",
            "first name: string",
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }
}
