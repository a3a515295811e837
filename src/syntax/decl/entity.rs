//! What a line in the entity section declares, judged by its shape.

use nom::Parser;
use nom::character::complete::{char, space0};
use nom::combinator::opt;

use super::rename::skip_rename_remark;
use super::tokens::{emphasised_name, name_token, separator, trim_start, type_token};
use crate::syntax::lines::{Input, emphasis, skip, trim};
use crate::vocabulary;

/// What a line in the entity section declares, judged by its shape.
#[derive(Debug)]
pub(crate) enum EntityLine<'a> {
    /// `Task`, `**Task**`, `Task: prose`: an entity whose fields, if any,
    /// follow on the lines below.
    Header { name: Input<'a> },
    /// `Project: name (string), ...`: an entity with fields on its line.
    Inline { name: Input<'a>, fields: Input<'a> },
    /// `Priority: string`, `title (string)`: a field.
    FieldLike,
    /// Anything else: prose.
    Prose,
}

fn starts_with_uppercase(input: &Input) -> bool {
    input
        .fragment()
        .starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether the text starts like an inline field: a name, then `(`.
fn looks_like_field_list(input: Input) -> bool {
    let attempt = (opt(emphasis), name_token, opt(emphasis), space0, char('(')).parse(input);
    attempt.is_ok()
}

/// Whether the text is one word where a field's type goes: alone, or
/// followed by one of `follows` (`string`, `strng (required)`,
/// `Customer, indexed`, `enum: a | b`), or by a description after a dash
/// when `described` (`string - shown in lists`). Any word counts, not only
/// known types, so a misspelt type is still read as a field and reported
/// by name; a description of an entity takes more than one word.
fn is_type_like(input: Input, follows: &[char], described: bool) -> bool {
    let Ok((rest, _)) = type_token(input) else {
        return false;
    };
    let text = rest.fragment().trim_start();
    text.is_empty() || text.starts_with(follows) || (described && separator(rest).is_ok())
}

/// The word that introduces an entity's name in some PRDs: `Class Tag:`,
/// `Entity: Tag`, `Main entity: Recipe`. It is skipped only when a
/// capitalised name follows, so a field named `class` stays a field.
pub(crate) fn skip_declaration_word(content: Input) -> Input {
    const WORDS: &[&str] = &["main entity:", "entity:", "class"];
    let text = content.fragment();
    for word in WORDS {
        let Some(head) = text.get(..word.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(word) {
            continue;
        }
        let after = trim_start(skip(content, word.len()));
        let spaced = after.location_offset() > content.location_offset() + word.len();
        let named = after
            .fragment()
            .trim_start_matches(['*', '_', '`'])
            .starts_with(|c: char| c.is_ascii_uppercase());
        if spaced && named {
            return after;
        }
    }
    content
}

/// `(s)` or `(es)` right after a name (`Member(s)`): the name is an
/// entity's, written so as to read as singular or plural.
fn skip_plural_mark(rest: Input) -> Input {
    for mark in ["(s)", "(es)"] {
        let start = rest.fragment().get(..mark.len());
        if start.is_some_and(|start| start.eq_ignore_ascii_case(mark)) {
            return skip(rest, mark.len());
        }
    }
    rest
}

/// A lower-case name alone on its line with emphasis around it
/// (`**customers**`, `**order_items:**`): the line's shape says it names an
/// entity, though the name is not capitalised.
pub(crate) fn lowercase_header(content: Input) -> Option<Input> {
    if emphasis(content).is_err() {
        return None;
    }
    lowercase_name_alone(content)
}

/// A lower-case name followed by a colon, alone on a line of prose and
/// without emphasis (`patients:`): a table's label in a plain-text schema.
pub(crate) fn lowercase_label(content: Input) -> Option<Input> {
    if emphasis(content).is_ok() || !content.fragment().trim_end().ends_with(':') {
        return None;
    }
    lowercase_name_alone(content)
}

/// Words that label the list below them rather than name an entity
/// (`fields` over an entity's field items).
const LIST_LABELS: &[&str] = &["attributes", "columns", "fields", "properties"];

/// One to three lower-case words alone on a line of prose, without
/// emphasis, colon or sentence punctuation (`crumb`, `order line`): an
/// entity's name when field list items follow it directly.
pub(crate) fn lowercase_phrase(content: Input) -> Option<Input> {
    let name = trim(content);
    let text = *name.fragment();
    let words: Vec<&str> = text.split_whitespace().collect();
    let plausible = (1..=3).contains(&words.len())
        && words.iter().copied().all(is_lowercase_word)
        && !LIST_LABELS.contains(&text)
        && vocabulary::field_type(text).is_none();
    plausible.then_some(name)
}

/// A lower-case word of two letters or more, its parts joined by `_` or
/// `-` (`crumb`, `order_line`, `pre-bake`).
fn is_lowercase_word(word: &str) -> bool {
    let lower_or_digit = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word.len() >= 2
        && word
            .split(['_', '-'])
            .all(|part| !part.is_empty() && part.chars().all(lower_or_digit))
}

/// A lower-case name alone, with or without emphasis and a colon
/// (`### customers`; `### order-items` too, whose name lowering reports).
pub(crate) fn lowercase_name_alone(content: Input) -> Option<Input> {
    let (rest, (name, _)) = emphasised_name(content).ok()?;
    let rest = rest.fragment().trim();
    let alone = rest.is_empty() || rest == ":";
    let lower = name
        .fragment()
        .starts_with(|c: char| c.is_ascii_lowercase());
    (alone && lower).then_some(name)
}

/// A lower-case name followed by a remark in parentheses that is no type
/// (`### bids (offers on a lot)`): in a heading, it names an entity.
pub(crate) fn lowercase_with_remark(content: Input) -> Option<Input> {
    let (rest, (name, inner_colon)) = emphasised_name(content).ok()?;
    let rest_text = rest.fragment().trim();
    if inner_colon
        || !name
            .fragment()
            .starts_with(|c: char| c.is_ascii_lowercase())
        || !rest_text.starts_with('(')
        || !rest_text.ends_with(')')
    {
        return None;
    }
    let inner = trim_start(skip(trim_start(rest), 1));
    (!is_type_like(inner, &[')', ',', ':', '('], false)).then_some(name)
}

/// A name in bold or italics followed by a remark without a separator
/// (`**Project** the work we track`): on a line of its own, the header of
/// the entity whose fields follow, its remark prose. Returns the name and
/// the remark. A type word alone after the name is a field's type
/// (`**Status** string`), and text after a separator or in parentheses is
/// read by [`entity_line`], so neither is a remark here.
pub(crate) fn remarked_name(content: Input) -> Option<(Input, Input)> {
    let (_, open) = emphasis(content).ok()?;
    if open.fragment().starts_with('`') {
        return None;
    }
    let (rest, (name, inner_colon)) = emphasised_name(content).ok()?;
    // The emphasis closes right after the name: `**Project the work**` is
    // a sentence in bold.
    let name_end = name.location_offset() + name.fragment().len();
    let closed = rest.location_offset() == name_end + open.fragment().len();
    if inner_colon
        || !closed
        || !starts_with_uppercase(&name)
        || !rest.fragment().starts_with([' ', '\t'])
    {
        return None;
    }
    let remark = trim(rest);
    let text = *remark.fragment();
    let words = text.starts_with(|c: char| c.is_ascii_alphabetic());
    // One lower-case word that is no type (`**Invoice** sent`) is a remark
    // too: a type word there would make the line a field's.
    let one_word = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_lowercase())
        && vocabulary::field_type(text).is_none()
        && text != "enum";
    (words && (one_word || !is_type_like(remark, &['(', ')', ',', '.', ':'], true)))
        .then_some((name, remark))
}

pub(crate) fn entity_line(content: Input) -> EntityLine {
    let content = skip_declaration_word(content);
    let Ok((rest, (name, inner_colon))) = emphasised_name(content) else {
        return EntityLine::Prose;
    };
    let rest = if inner_colon {
        rest
    } else {
        skip_plural_mark(rest)
    };
    let rest_text = rest.fragment().trim();
    if !starts_with_uppercase(&name) {
        let declares = inner_colon || rest_text.starts_with('(') || separator(rest).is_ok();
        return if declares {
            EntityLine::FieldLike
        } else {
            EntityLine::Prose
        };
    }
    // `Client (was Customer)`: the remark is read with the entity.
    let rest = if inner_colon {
        rest
    } else {
        skip_rename_remark(rest)
    };
    let rest_text = rest.fragment().trim();
    if rest_text.is_empty() || rest_text == ":" {
        return EntityLine::Header { name };
    }
    let after = if inner_colon {
        Some(trim(rest))
    } else {
        separator(rest).ok().map(|(after, _)| trim(after))
    };
    if let Some(after) = after {
        if after.fragment().is_empty() {
            return EntityLine::Header { name };
        }
        if looks_like_field_list(after) {
            return EntityLine::Inline {
                name,
                fields: after,
            };
        }
        if is_type_like(after, &['(', ',', '.', ':'], true) {
            return EntityLine::FieldLike;
        }
        return EntityLine::Header { name };
    }
    if rest_text.starts_with('(') {
        let inner = trim_start(skip(trim_start(rest), 1));
        if is_type_like(inner, &[')', ',', ':', '('], false) {
            return EntityLine::FieldLike;
        }
        return EntityLine::Header { name };
    }
    EntityLine::Prose
}

/// `order-line: qty (integer), ...`: a name that is not capitalised, then
/// a list of fields whose first type is a type word. Whether this is an
/// entity or a field (`due_date: date (required)`) is told by what is in
/// the parentheses: a type for an entity's field, a modifier for a field.
pub(crate) fn misnamed_inline_entity(content: Input) -> Option<(Input, Input)> {
    let (rest, (name, inner_colon)) = emphasised_name(content).ok()?;
    let after = if inner_colon {
        rest
    } else {
        separator(rest).ok()?.0
    };
    let after = trim(after);
    if !looks_like_field_list(after) {
        return None;
    }
    let inner = after.fragment().split_once('(')?.1.trim_start();
    let first_word: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    vocabulary::field_type(&first_word)?;
    Some((name, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lowercase_phrase_is_one_to_three_plain_words() {
        for (line, name) in [
            ("crumb", Some("crumb")),
            ("oven racks ", Some("oven racks")),
            ("order_line", Some("order_line")),
            ("the loaves we sell", None),
            ("crumb:", None),
            ("**crumb**", None),
            ("Crumb", None),
            ("fields", None),
            ("string", None),
            ("a loaf.", None),
            ("s", None),
            ("pre-bake", Some("pre-bake")),
            ("crumb_", None),
        ] {
            let found = lowercase_phrase(Input::new(line)).map(|name| *name.fragment());
            assert_eq!(found, name, "{line}");
        }
    }
}
