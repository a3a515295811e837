//! Fields named in words, without a type, as a list item under an entity:
//! `- Product name`, several on one item (`- Shelf ID, opening hours`), with
//! a remark in parentheses (`- Genre (picked by staff)`), or a label
//! followed by the fields it groups (`- Dates (opened, closed)`). Each name
//! of one to three words becomes a field whose type lowering infers from
//! it; remarks and labels are prose.

use nom::Input as _;

use crate::span::Span;
use crate::syntax::ast::{Field, Text};
use crate::syntax::lines::{Input, skip, span_of, text_of, trim};
use crate::vocabulary;

use super::columns::split_top_level;

/// The most words a field's name may have: more make a sentence.
const MAX_WORDS: usize = 3;

/// Words that make a phrase a sentence rather than a name.
const SENTENCE_WORDS: &[&str] = &[
    "a", "an", "and", "by", "for", "from", "in", "is", "of", "or", "per", "the", "to", "with",
];

/// What a list item of named fields declares.
pub(crate) struct PhraseFields {
    pub fields: Vec<Field>,
    /// Remarks in parentheses and labels of grouped fields: prose.
    pub prose: Vec<Span>,
    /// Whether the item is a label and the fields it groups.
    pub grouped: bool,
}

/// The fields the item `content` names, or `None` when it is not such a
/// list: a part is not a name of one to three words, or the item is one
/// word alone (read as a field, typed or not, elsewhere).
pub(crate) fn phrase_fields(content: Input) -> Option<PhraseFields> {
    let parts = split_top_level(content);
    let mut read = PhraseFields {
        fields: Vec::new(),
        prose: Vec::new(),
        grouped: false,
    };
    let single = parts.len() == 1;
    for part in parts {
        let part = trim(part);
        let text = *part.fragment();
        let (words, inner) = match text.find('(') {
            Some(open) if text.ends_with(')') => (
                trim(part.take(open)),
                Some(trim(skip(part, open + 1).take(text.len() - open - 2))),
            ),
            _ => (part, None),
        };
        if !is_name_phrase(words.fragment(), false) {
            return None;
        }
        match inner {
            // `Dates (opened, closed)`: a label and the fields it groups.
            Some(inner) if single && inner.fragment().contains(',') => {
                let grouped = split_top_level(inner);
                if !grouped
                    .iter()
                    .all(|name| is_name_phrase(trim(*name).fragment(), true))
                {
                    return None;
                }
                read.grouped = true;
                read.prose.push(span_of(&words));
                read.fields
                    .extend(grouped.into_iter().map(|name| field(trim(name))));
            }
            Some(inner) => {
                // `cost (decimal)` is a typed field, written right or wrong.
                let first = inner
                    .fragment()
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if vocabulary::field_type(&first).is_some()
                    || vocabulary::modifier(&first).is_some()
                    || first == "enum"
                {
                    return None;
                }
                read.prose.push(span_of(&inner));
                read.fields.push(field(words));
            }
            None => read.fields.push(field(words)),
        }
    }
    let one_word = read.fields.len() == 1 && read.prose.is_empty() && {
        let name = &read.fields[0].name.text;
        !name.contains(' ')
    };
    (!one_word).then_some(read)
}

/// A field named by `words`, without a type.
fn field(words: Input) -> Field {
    let span = span_of(&words);
    Field {
        name: text_of(&words),
        type_name: Text {
            text: String::new(),
            span: Span::new(span.end, span.end),
        },
        enum_values: None,
        modifiers: Vec::new(),
        span,
    }
}

/// One to three words of letters and digits, each starting with a letter,
/// none of them a modifier, a word of a sentence, or a type word unless
/// `type_words` (the names a label groups: `date` is a name there).
fn is_name_phrase(text: &str, type_words: bool) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= MAX_WORDS
        && words.iter().all(|word| {
            let lower = word.to_ascii_lowercase();
            word.starts_with(|c: char| c.is_ascii_alphabetic())
                && word.chars().all(|c| c.is_ascii_alphanumeric())
                && !SENTENCE_WORDS.contains(&lower.as_str())
                && (type_words || vocabulary::field_type(&lower).is_none())
                && vocabulary::modifier(&lower).is_none()
        })
}

/// The fields a label groups, when `content` reads as a field whose name
/// is capitalised (which no field's name is): `Dates (date, closed)`.
pub(crate) fn grouped_fields(content: Input, field: &Field) -> Option<PhraseFields> {
    if !field
        .name
        .text
        .starts_with(|c: char| c.is_ascii_uppercase())
    {
        return None;
    }
    phrase_fields(content).filter(|read| read.grouped)
}

/// Whether a list item is a sentence: more words than a name has, or a
/// word of a sentence, and no `:` or `(` that would make it a field
/// written wrong.
pub(crate) fn is_sentence_item(content: Input) -> bool {
    let text = *content.fragment();
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    !text.contains([':', '(', '='])
        && words.len() > 1
        && (words.len() > MAX_WORDS || words.iter().any(|w| SENTENCE_WORDS.contains(&w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(Vec<String>, Vec<String>)> {
        phrase_fields(Input::new(line)).map(|read| {
            (
                read.fields.into_iter().map(|f| f.name.text).collect(),
                read.prose
                    .into_iter()
                    .map(|span| line[span.start..span.end].to_string())
                    .collect(),
            )
        })
    }

    #[test]
    fn names_in_words_are_fields() {
        assert_eq!(
            read("Opening hours"),
            Some((vec!["Opening hours".into()], vec![]))
        );
        assert_eq!(
            read("Shelf ID, opening hours, Notes"),
            Some((
                vec!["Shelf ID".into(), "opening hours".into(), "Notes".into()],
                vec![]
            ))
        );
        assert_eq!(
            read("Genre (picked by staff)"),
            Some((vec!["Genre".into()], vec!["picked by staff".into()]))
        );
        assert_eq!(
            read("Dates (opened, last closed)"),
            Some((
                vec!["opened".into(), "last closed".into()],
                vec!["Dates".into()]
            ))
        );
    }

    #[test]
    fn a_label_groups_names_that_may_be_type_words() {
        assert_eq!(
            read("Dates (date, closed on)"),
            Some((
                vec!["date".into(), "closed on".into()],
                vec!["Dates".into()]
            ))
        );
    }

    #[test]
    fn sentences_types_and_single_words_are_not() {
        for line in [
            "Room for three more shelves",
            "name string",
            "weight float",
            "Shelf",
            "Dates (opened, on the day it closed)",
            "Dates (date, required)",
            "The genre",
            "title: string",
            "cost (decimal)",
            "cost (required)",
        ] {
            assert!(read(line).is_none(), "{line}");
        }
        assert!(is_sentence_item(Input::new("Room for three more shelves")));
        assert!(is_sentence_item(Input::new("shelves and bins")));
        assert!(!is_sentence_item(Input::new("Swapped on")));
        assert!(!is_sentence_item(Input::new("name string")));
        assert!(!is_sentence_item(Input::new("colour: blue or green")));
    }
}
