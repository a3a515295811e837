//! The words that open an entity section: a heading such as
//! `## 5. 🗂️ Data Model (core)` or a line of its own such as `Entities:`.
//! Both give the slice of the section's name, which is the section's
//! heading text.

use nom::Input as _;

use super::super::lines::{Input, emphasis, skip, strip_number, trim};
use crate::vocabulary;

/// The section name of a heading's text: after an optional number and
/// emoji, a section name (perhaps in emphasis, perhaps with a colon),
/// perhaps followed by a qualifier, `(core)` or `- members`.
pub(super) fn heading_name(text: Input) -> Option<Input> {
    let words = strip_appendix(strip_emoji(trim(strip_number(text))));
    if let Some(name) = qualified_name(words) {
        return Some(name);
    }
    // `**5.2 Database Schema (MySQL)**`: the emphasis holds the number and
    // the qualifier too.
    let inner = whole_emphasis(words)?;
    qualified_name(strip_emoji(trim(strip_number(inner))))
}

/// The section name that `words` is, perhaps after a leading qualifier
/// (`High-Level Database Schema`) and perhaps before a trailing one.
fn qualified_name(words: Input) -> Option<Input> {
    section_words(words)
        .or_else(|| without_qualifier(words))
        .or_else(|| {
            let rest = without_leading_qualifier(words)?;
            section_words(rest).or_else(|| without_qualifier(rest))
        })
}

/// The words after a leading qualifier of the vocabulary and the blank
/// after it.
fn without_leading_qualifier(words: Input) -> Option<Input> {
    let fragment = *words.fragment();
    let qualifier = vocabulary::SECTION_LEADING_QUALIFIERS.iter().find(|q| {
        fragment.len() > q.len()
            && fragment.is_char_boundary(q.len())
            && fragment[..q.len()].eq_ignore_ascii_case(q)
            && fragment[q.len()..].starts_with([' ', '\t'])
    })?;
    Some(trim(skip(words, qualifier.len())))
}

/// The text inside `**...**` or `__...__` around all of `words`.
fn whole_emphasis(words: Input) -> Option<Input> {
    let fragment = *words.fragment();
    let mark = ["**", "__"].into_iter().find(|mark| {
        fragment.len() > 2 * mark.len() && fragment.starts_with(mark) && fragment.ends_with(mark)
    })?;
    let inner = skip(words, mark.len());
    Some(trim(inner.take(fragment.len() - 2 * mark.len())))
}

/// The section name of a line of its own: the name, with no qualifier.
pub(super) fn label_name(content: Input) -> Option<Input> {
    let words = strip_emoji(trim(strip_number(content)));
    balanced_emphasis(words.fragment()).then(|| section_words(words))?
}

/// Whether the emphasis marks a line opens with close it (`**Entities:**`,
/// `_Schema_`), so that a line such as `_ schema` stays prose.
fn balanced_emphasis(text: &str) -> bool {
    let marks = |c: char| matches!(c, '*' | '_' | '`');
    let opening: String = text.chars().take_while(|&c| marks(c)).collect();
    let end = text.trim_end().trim_end_matches(':');
    let closing_len = end.len() - end.trim_end_matches(marks).len();
    let closing: String = end[end.len() - closing_len..].chars().rev().collect();
    opening == closing
}

/// An appendix's name and the colon after it (`Appendix B: `,
/// `Appendix 2: `), at the start of `text`: the section's name follows.
fn strip_appendix(text: Input) -> Input {
    let fragment = *text.fragment();
    let Some(head) = fragment
        .get(..8)
        .filter(|head| head.eq_ignore_ascii_case("appendix"))
    else {
        return text;
    };
    let rest = &fragment[head.len()..];
    let spaced = rest.trim_start_matches([' ', '\t']);
    let label = spaced.len().saturating_sub(
        spaced
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
            .len(),
    );
    let after = &spaced[label..];
    if spaced.len() == rest.len()
        || label == 0
        || label > 3
        || !after.starts_with(':')
        || !after[1..].starts_with([' ', '\t'])
    {
        return text;
    }
    trim(skip(text, fragment.len() - after.len() + 1))
}

/// A pictograph and the whitespace after it, at the start of `text`.
fn strip_emoji(text: Input) -> Input {
    let fragment = *text.fragment();
    let mut chars = fragment.char_indices();
    let Some((_, first)) = chars.next() else {
        return text;
    };
    if !is_pictograph(first) {
        return text;
    }
    let mut at = first.len_utf8();
    if fragment[at..].starts_with('\u{FE0F}') {
        at += '\u{FE0F}'.len_utf8();
    }
    let rest = &fragment[at..];
    let blank = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if blank == 0 {
        return text;
    }
    skip(text, at + blank)
}

/// Arrows, symbols, dingbats and the emoji planes: what people put before
/// a heading's words.
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// The section name that `words` is, in emphasis or not, with or
/// without a colon.
fn section_words(words: Input) -> Option<Input> {
    let name = unwrap_words(words);
    vocabulary::is_section_heading(name.fragment()).then_some(name)
}

/// The section name before a qualifier at the end of `words`.
fn without_qualifier(words: Input) -> Option<Input> {
    let fragment = *words.fragment();
    // `Data Model (core entities)`
    if let Some(inner_end) = fragment.strip_suffix(')').map(str::len)
        && let Some(open) = fragment[..inner_end].rfind('(')
    {
        let inner = &fragment[open + 1..inner_end];
        let before = &fragment[..open];
        if !inner.contains(['(', ')', '#'])
            && before.ends_with([' ', '\t'])
            && let Some(name) = section_words(trim(words.take(before.len())))
        {
            return Some(name);
        }
    }
    // `Data Model - members`, `Entities — the core`
    for (at, dash) in fragment.char_indices() {
        if !matches!(dash, '-' | '\u{2014}' | '\u{2013}') {
            continue;
        }
        let before = &fragment[..at];
        let after = &fragment[at + dash.len_utf8()..];
        if !before.ends_with([' ', '\t']) || !after.starts_with([' ', '\t']) {
            continue;
        }
        if !is_heading_words(after.trim_start()) {
            continue;
        }
        if let Some(name) = section_words(trim(words.take(before.len()))) {
            return Some(name);
        }
    }
    None
}

/// Whether `text` is the words of a heading as the grammar's
/// `HeadingWords` has them: no emphasis or number at the start, no
/// emphasis, colon or closing `#`s at the end.
fn is_heading_words(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if matches!(first, '*' | '_' | '`') || text.chars().all(|c| c == '#') {
        return false;
    }
    if strip_number(Input::new(text)).fragment().len() != text.len() {
        return false;
    }
    if text.ends_with(['*', '_', '`', ':']) {
        return false;
    }
    let without_closing = text.trim_end_matches('#');
    without_closing.len() == text.len() || !without_closing.ends_with([' ', '\t'])
}

/// Heading words without emphasis around them or a colon at the end.
pub(super) fn unwrap_words(text: Input) -> Input {
    let mut text = trim(text);
    loop {
        let fragment = *text.fragment();
        let stripped = fragment
            .trim_end_matches(':')
            .trim_end_matches(['*', '_', '`'])
            .trim_end_matches(':')
            .trim_end();
        let mut changed = stripped.len() != fragment.len();
        text = text.take(stripped.len());
        if let Ok((rest, _)) = emphasis(text) {
            text = trim(rest);
            changed = true;
        }
        if !changed || text.fragment().is_empty() {
            return text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str) -> Option<String> {
        heading_name(Input::new(text)).map(|name| name.fragment().to_string())
    }

    #[test]
    fn section_headings_are_found_under_numbers_emoji_and_qualifiers() {
        for (text, expected) in [
            ("Data Model", Some("Data Model")),
            ("5.1 DATA MODEL", Some("DATA MODEL")),
            ("🗂️ Key Entities", Some("Key Entities")),
            ("🗂 Core  Entities", Some("Core  Entities")),
            ("Database Schema (Supabase)", Some("Database Schema")),
            ("**Schema** (minimal)", Some("Schema")),
            ("Entities - members", Some("Entities")),
            ("Domain Model — the core", Some("Domain Model")),
            ("Data Model (a (b))", None),
            ("Data Model -members", None),
            ("Data Model - **x**", None),
            ("Data Modelling", None),
            ("The Data Model", None),
            ("🗂️Data Model", None),
            (
                "**5.2 High-Level Database Schema (MySQL)**",
                Some("Database Schema"),
            ),
            ("Proposed Data Model", Some("Data Model")),
            ("**Data Model** (core)", Some("Data Model")),
            ("High-Level", None),
            ("High-LevelSchema", None),
            ("Appendix B: Data Model (Simplified)", Some("Data Model")),
            ("appendix 2: Entities", Some("Entities")),
            ("Appendix: Data Model", None),
            ("Appendix Beta: Data Model", None),
            ("Appendix B:Data Model", None),
        ] {
            assert_eq!(heading(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn a_label_takes_no_qualifier() {
        assert!(label_name(Input::new("Entities:")).is_some());
        assert!(label_name(Input::new("Entities (core)")).is_none());
    }
}
