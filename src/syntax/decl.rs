//! Parsers for the declarations inside one line: entity lines, fields,
//! modifiers and user stories.

use nom::IResult;
use nom::Input as _;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::{eof, opt, recognize};
use nom::error::ErrorKind;
use nom::multi::many0;

use super::ast::{Field, Modifier, Text, UserStory};
use super::lines::{Input, emphasis, skip, span_of, text_of, trim};
use crate::problems::{FieldFault, StoryFault, StoryFix};
use crate::span::Span;
use crate::vocabulary;

/// A name token: a letter or underscore, then letters, digits, underscores,
/// and hyphens between them (`due-date` is read whole so it can be
/// reported as one name).
fn name_token(input: Input) -> IResult<Input, Input> {
    recognize((
        take_while1(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        many0((
            char('-'),
            take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        )),
    ))
    .parse(input)
}

/// A type token: a letter, then letters, digits and underscores.
fn type_token(input: Input) -> IResult<Input, Input> {
    recognize((
        take_while1(|c: char| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

/// A name with optional emphasis around it (`**Task**`, `` `title` ``), and
/// a colon the emphasis may enclose (`**Task:**`).
fn emphasised_name(input: Input) -> IResult<Input, (Input, bool)> {
    let (start, open) = opt(emphasis).parse(input)?;
    let (mut input, mut name) = name_token(start)?;
    // Underscores are part of a name, so `_Task_` reads `Task_` whole: the
    // closing emphasis is given back.
    if let Some(open) = open.filter(|open| open.fragment().starts_with('_')) {
        let marks = open.fragment().len();
        let kept = name.fragment().len().saturating_sub(marks);
        if kept > 0 && name.fragment()[kept..] == **open.fragment() {
            input = skip(start, kept);
            name = name.take(kept);
        }
    }
    let (input, inner_colon) = opt(char(':')).parse(input)?;
    let input = match open {
        Some(open) => match tag::<_, _, nom::error::Error<Input>>(*open.fragment()).parse(input) {
            Ok((rest, _)) => rest,
            Err(_) => input,
        },
        None => input,
    };
    Ok((input, (name, inner_colon.is_some())))
}

/// A separator between a name and what follows it: `:`, an em or en dash,
/// or a hyphen with whitespace before it.
fn separator(input: Input) -> IResult<Input, Input> {
    let (after_space, spaces) = space0(input)?;
    if let Some(c) = after_space.fragment().chars().next() {
        if matches!(c, ':' | '—' | '–') {
            return Ok(after_space.take_split(c.len_utf8()));
        }
        if c == '-' && !spaces.fragment().is_empty() {
            let (rest, dash) = after_space.take_split(1);
            let (rest, _) = alt((space1, eof)).parse(rest)?;
            return Ok((rest, dash));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        ErrorKind::Tag,
    )))
}

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

pub(crate) fn entity_line(content: Input) -> EntityLine {
    let Ok((rest, (name, inner_colon))) = emphasised_name(content) else {
        return EntityLine::Prose;
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

/// Why a field declaration could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub span: Span,
    pub fault: FieldFault,
}

fn field_error(span: Span, fault: FieldFault) -> FieldError {
    FieldError { span, fault }
}

/// Where a list of modifiers ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ModifierEnd {
    /// At `)`: inside a field's parentheses.
    Paren,
    /// At the end of the line, or a dash that starts a description.
    Line,
    /// At the end of a table cell.
    Cell,
}

/// Where a keyed value in quotes opens in the modifier at the start of
/// `modifier`: the byte offset and character of a `"`, `'` or backtick
/// right after `key=` or `key:`. A quote anywhere else is an ordinary
/// character, so an apostrophe in a value (`default=it's`) opens nothing.
fn value_quote(modifier: &str) -> Option<(usize, char)> {
    let key = modifier.trim_start();
    let key_length = key
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
        .filter(|&length| length > 0)?;
    let value = key[key_length..]
        .trim_start()
        .strip_prefix(['=', ':'])?
        .trim_start();
    let quote = value
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    Some((modifier.len() - value.len(), quote))
}

/// The byte length of the modifier at the start of `fragment`: up to a
/// comma (or the end the mode says) outside a quoted value.
fn modifier_length(fragment: &str, end: ModifierEnd) -> Result<usize, usize> {
    let mut from = 0;
    if let Some((at, quote)) = value_quote(fragment) {
        let close = fragment[at + 1..].find(quote).ok_or(at)?;
        from = at + 1 + close + 1;
    }
    for (i, c) in fragment[from..].char_indices() {
        let i = from + i;
        match c {
            ',' => return Ok(i),
            ')' if end == ModifierEnd::Paren => return Ok(i),
            '—' | '–' if end == ModifierEnd::Line => return Ok(i),
            '-' if end == ModifierEnd::Line && hyphen_separates(fragment, i) => {
                return Ok(i - 1);
            }
            // A full stop that ends the line ends the sentence.
            '.' if end == ModifierEnd::Line && fragment[i + 1..].trim().is_empty() => {
                return Ok(i);
            }
            _ => {}
        }
    }
    Ok(fragment.len())
}

/// `key=value` or `key: value`: the key and the value without quotes.
fn key_value(raw: Input) -> (Option<Text>, Option<Text>) {
    let fragment = *raw.fragment();
    let Some(at) = fragment.find(['=', ':']) else {
        return (None, None);
    };
    let key = trim(raw.take(at));
    if key.fragment().is_empty()
        || !key
            .fragment()
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_')
    {
        return (None, None);
    }
    let mut value = trim(skip(raw, at + 1));
    let text = *value.fragment();
    for quote in ['"', '`', '\''] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            value = value.take(text.len() - 1);
            value = skip(value, 1);
            break;
        }
    }
    (Some(text_of(&key)), Some(text_of(&value)))
}

/// Reads modifiers separated by commas up to where `end` says, stopping
/// for `Line` at a dash that starts a description. Commas and parentheses
/// inside a quoted value belong to the modifier.
fn modifiers(mut input: Input, end: ModifierEnd) -> Result<(Input, Vec<Modifier>), FieldError> {
    let mut found = Vec::new();
    loop {
        let fragment = *input.fragment();
        let length = modifier_length(fragment, end).map_err(|at| {
            let start = input.location_offset() + at;
            field_error(Span::new(start, start + 1), FieldFault::UnclosedQuote)
        })?;
        let (rest, raw) = input.take_split(length);
        let raw = trim(raw);
        if raw.fragment().is_empty() {
            return Err(field_error(span_of(&raw), FieldFault::EmptyModifier));
        }
        let (key, value) = key_value(raw);
        found.push(Modifier {
            text: raw
                .fragment()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            span: span_of(&raw),
            key,
            value,
        });
        if rest.fragment().starts_with(',') {
            input = skip(rest, 1);
            continue;
        }
        // Most fields have one or two modifiers; a grown vector would hold
        // room for four in every field of the tree.
        found.shrink_to_fit();
        return Ok((rest, found));
    }
}

/// Whether a type word is `enum`, which takes a list of values.
fn is_enum_word(word: &Input) -> bool {
    word.fragment().eq_ignore_ascii_case("enum")
}

/// One enum value as written: trimmed, without quotes, backticks or the
/// backslash of a `\|` escaped in a table.
fn enum_value(piece: Input) -> Text {
    let mut piece = trim(piece);
    if let Some(stripped) = piece.fragment().strip_suffix('\\') {
        piece = trim(piece.take(stripped.len()));
    }
    let text = *piece.fragment();
    for quote in ['"', '`', '\''] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            piece = skip(piece.take(text.len() - 1), 1);
            break;
        }
    }
    text_of(&piece)
}

/// The values after `enum`, which `input` starts right after: `(a, b)`,
/// or `: a | b` up to where the modifiers start, or for `Line` a
/// description or a full stop ending the line.
/// Returns what follows, the values and where they end.
fn enum_values(input: Input, end: ModifierEnd) -> Result<(Input, Option<Vec<Text>>), FieldError> {
    let after = trim_start(input);
    let fragment = *after.fragment();
    if fragment.starts_with('(') {
        let inner = skip(after, 1);
        let Some(close) = inner.fragment().find(')') else {
            return Err(field_error(
                Span::new(after.location_offset(), after.location_offset() + 1),
                FieldFault::UnclosedEnumValues,
            ));
        };
        let (rest, body) = inner.take_split(close);
        return Ok((skip(rest, 1), Some(split_values(body, &[',', '|']))));
    }
    if !fragment.starts_with(':') {
        return Ok((input, None));
    }
    let body = skip(after, 1);
    let stops: &[char] = match end {
        ModifierEnd::Paren => &[',', ')'],
        ModifierEnd::Line => &['(', ','],
        ModifierEnd::Cell => &['('],
    };
    let fragment = *body.fragment();
    let mut length = fragment.find(stops).unwrap_or(fragment.len());
    if end == ModifierEnd::Line {
        if let Some(at) = description_start(&fragment[..length]) {
            length = at;
        } else if length == fragment.len() {
            if let Some(kept) = fragment.trim_end().strip_suffix('.') {
                length = kept.len();
            }
        }
    }
    let (rest, body) = body.take_split(length);
    Ok((rest, Some(split_values(body, &['|']))))
}

/// Where a description after a dash starts: at an em or en dash, or at a
/// hyphen with whitespace before it and whitespace or nothing after it.
fn description_start(text: &str) -> Option<usize> {
    text.char_indices().find_map(|(i, c)| match c {
        '—' | '–' => Some(i),
        '-' if hyphen_separates(text, i) => Some(i - 1),
        _ => None,
    })
}

/// Whether the hyphen at `i` separates a description, as in
/// `title: string - shown in lists`.
fn hyphen_separates(text: &str, i: usize) -> bool {
    let after = &text[i + 1..];
    text[..i].ends_with([' ', '\t']) && (after.is_empty() || after.starts_with([' ', '\t']))
}

/// Splits at any of `separators`, slicing forwards.
fn split_values(body: Input, separators: &[char]) -> Vec<Text> {
    let mut values = Vec::new();
    let mut rest = body;
    loop {
        match rest.fragment().find(|c: char| separators.contains(&c)) {
            Some(at) => {
                let (after, piece) = rest.take_split(at);
                values.push(enum_value(piece));
                rest = skip(after, 1);
            }
            None => {
                values.push(enum_value(rest));
                return values;
            }
        }
    }
}

/// After a complete field: nothing, a full stop, or a description after a
/// dash or colon.
fn expect_end(rest: Input) -> Result<(), FieldError> {
    let trimmed = trim(rest);
    let text = *trimmed.fragment();
    if text.is_empty() || text == "." {
        return Ok(());
    }
    if separator(rest).is_ok() {
        return Ok(());
    }
    if text.starts_with('(') {
        return Err(field_error(
            span_of(&trimmed),
            FieldFault::SecondModifierList,
        ));
    }
    Err(field_error(
        span_of(&trimmed),
        FieldFault::TextAfterDeclaration,
    ))
}

/// A field on a line of its own: `name: type (modifiers)`,
/// `name — type, modifiers` or `name (type, modifiers)`.
pub(crate) fn field_line(content: Input) -> Result<Field, FieldError> {
    let whole = span_of(&content);
    let Ok((rest, (name, inner_colon))) = emphasised_name(content) else {
        return Err(field_error(whole, FieldFault::NoName));
    };
    let name_text = text_of(&name);
    let after_name = trim(rest);
    if !inner_colon && after_name.fragment().starts_with('(') {
        let (rest, field) = parenthesised_field(whole.start, name_text, skip(after_name, 1))?;
        expect_end(rest)?;
        return Ok(field);
    }
    let after_sep = if inner_colon {
        rest
    } else {
        match separator(rest) {
            Ok((after, _)) => after,
            Err(_) => {
                let after = trim(rest);
                let at_end = after.fragment().is_empty();
                let span = if at_end {
                    name_text.span
                } else {
                    span_of(&after)
                };
                return Err(field_error(
                    span,
                    FieldFault::NoSeparator {
                        name: name_text.text,
                        at_end,
                    },
                ));
            }
        }
    };
    let after_sep = trim_start(after_sep);
    let (rest, type_name) =
        type_token(after_sep).map_err(|_| missing_type(&name_text, &after_sep))?;
    let (rest, enum_values) = if is_enum_word(&type_name) {
        enum_values(rest, ModifierEnd::Line)?
    } else {
        (rest, None)
    };
    let type_name = text_of(&type_name);
    // The type and its values, without the whitespace before a
    // description.
    let declared = &after_sep.fragment()[..rest.location_offset() - after_sep.location_offset()];
    let values_end = after_sep.location_offset() + declared.trim_end().len();
    let rest_trimmed = trim_start(rest);
    let (rest, modifiers, end) = if rest_trimmed.fragment().starts_with('(') {
        let (rest, modifiers) = modifiers(skip(rest_trimmed, 1), ModifierEnd::Paren)?;
        let rest = close_paren(rest, &name_text)?;
        let end = rest.location_offset();
        (rest, modifiers, end)
    } else if rest_trimmed.fragment().starts_with(',') {
        let (rest, modifiers) = modifiers(skip(rest_trimmed, 1), ModifierEnd::Line)?;
        let end = modifiers.last().map_or(values_end, |m| m.span.end);
        (rest, modifiers, end)
    } else {
        (rest, Vec::new(), values_end)
    };
    expect_end(rest)?;
    let end = end.max(values_end);
    Ok(Field {
        span: Span::new(whole.start, end),
        name: name_text,
        type_name,
        enum_values,
        modifiers,
    })
}

fn trim_start(input: Input) -> Input {
    let fragment = *input.fragment();
    skip(input, fragment.len() - fragment.trim_start().len())
}

fn missing_type(name: &Text, at: &Input) -> FieldError {
    let found = at.fragment().chars().next();
    let span = match found {
        Some(c) => Span::new(at.location_offset(), at.location_offset() + c.len_utf8()),
        None => Span::new(at.location_offset(), at.location_offset()),
    };
    field_error(
        span,
        FieldFault::NoType {
            name: name.text.clone(),
        },
    )
}

fn close_paren<'a>(rest: Input<'a>, name: &Text) -> Result<Input<'a>, FieldError> {
    if rest.fragment().starts_with(')') {
        Ok(skip(rest, 1))
    } else {
        Err(field_error(
            Span::new(rest.location_offset(), rest.location_offset()),
            FieldFault::UnclosedModifiers {
                name: name.text.clone(),
            },
        ))
    }
}

/// `(type, modifier, ...)` after a field name; `input` starts after `(`.
/// The field's span starts at `start`, where its declaration does (at
/// the emphasis around the name, if any).
fn parenthesised_field<'a>(
    start: usize,
    name: Text,
    input: Input<'a>,
) -> Result<(Input<'a>, Field), FieldError> {
    let input = trim_start(input);
    let (rest, type_name) = type_token(input).map_err(|_| missing_type(&name, &input))?;
    let (rest, enum_values) = if is_enum_word(&type_name) {
        enum_values(rest, ModifierEnd::Paren)?
    } else {
        (rest, None)
    };
    let type_name = text_of(&type_name);
    let rest = trim_start(rest);
    let (rest, modifiers) = if rest.fragment().starts_with(',') {
        modifiers(skip(rest, 1), ModifierEnd::Paren)?
    } else {
        (rest, Vec::new())
    };
    if !rest.fragment().starts_with(')') {
        let at = trim(rest);
        if at.fragment().is_empty() {
            return Err(close_paren(rest, &name)
                .err()
                .unwrap_or_else(|| missing_type(&name, &rest)));
        }
        return Err(field_error(
            span_of(&at),
            FieldFault::TextInParentheses { name: name.text },
        ));
    }
    let rest = skip(rest, 1);
    let end = rest.location_offset();
    Ok((
        rest,
        Field {
            span: Span::new(start, end),
            name,
            type_name,
            enum_values,
            modifiers,
        },
    ))
}

/// The fields on an entity's own line: `name (type, ...), other (type)`.
/// Every item is read even when an earlier one fails.
pub(crate) fn inline_fields(input: Input) -> Vec<Result<Field, FieldError>> {
    let mut results = Vec::new();
    for item in split_top_level(input) {
        let item = trim(item);
        let item = match item.fragment().strip_suffix('.') {
            Some(stripped) => trim(item.take(stripped.len())),
            None => item,
        };
        if item.fragment().is_empty() {
            continue;
        }
        results.push(inline_field(item));
    }
    results
}

fn inline_field(item: Input) -> Result<Field, FieldError> {
    let whole = span_of(&item);
    let Ok((rest, (name, _))) = emphasised_name(item) else {
        return Err(field_error(whole, FieldFault::NotInlineField));
    };
    let name = text_of(&name);
    let rest = trim_start(rest);
    if !rest.fragment().starts_with('(') {
        let at_end = rest.fragment().is_empty();
        return Err(field_error(
            if at_end {
                name.span
            } else {
                span_of(&trim(rest))
            },
            FieldFault::NoInlineType {
                name: name.text,
                at_end,
            },
        ));
    }
    let (rest, field) = parenthesised_field(whole.start, name, skip(rest, 1))?;
    let leftover = trim(rest);
    if !leftover.fragment().is_empty() {
        return Err(field_error(
            span_of(&leftover),
            FieldFault::TextAfterInlineField,
        ));
    }
    Ok(field)
}

/// Splits at commas and semicolons outside parentheses.
///
/// Each piece is sliced from the rest of the input in turn, which keeps the
/// located input's line counting linear in the length of the line.
fn split_top_level(input: Input) -> Vec<Input> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut rest = input;
    let mut piece_start = 0;
    // The quote that opens the keyed value of the modifier being read inside
    // the parentheses, if it has one: any other quote is an ordinary
    // character.
    let mut value_opens: Option<(usize, char)> = None;
    let mut quote: Option<char> = None;
    let fragment = *input.fragment();
    let opens_after = |i: usize| value_quote(&fragment[i + 1..]).map(|(at, q)| (i + 1 + at, q));
    for (i, c) in fragment.char_indices() {
        if let Some(open) = quote {
            if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' if depth > 0 && value_opens == Some((i, c)) => quote = Some(c),
            '(' => {
                depth += 1;
                value_opens = opens_after(i);
            }
            ',' if depth > 0 => value_opens = opens_after(i),
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                let (after, piece) = rest.take_split(i - piece_start);
                pieces.push(piece);
                rest = skip(after, 1);
                piece_start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(rest);
    pieces
}

/// `As a <role>, I want [to] <goal> [so that <benefit>].`, after any list
/// marker and with optional emphasis around `As a`.
pub(crate) fn user_story(content: Input) -> Option<UserStory> {
    let start = content.location_offset();
    let (rest, role) = story_role(content).ok()?;
    let role = trim(role);
    let role_text = role.fragment().trim_end_matches(['*', '_']).trim_end();
    if role_text.is_empty() || role_text.len() > 80 {
        return None;
    }
    let role = role.take(role_text.len());
    let (rest, _) = story_want(rest).ok()?;
    let sentence = sentence_end(rest.fragment());
    let body = rest.take(sentence);
    let lower = body.fragment().to_ascii_lowercase();
    let (goal, benefit) = match lower.find(" so that ") {
        Some(at) => {
            let goal = body.take(at);
            let benefit = skip(body, at + " so that ".len());
            (goal, Some(benefit))
        }
        None => (body, None),
    };
    let goal = clean_clause(goal);
    if goal.fragment().is_empty() {
        return None;
    }
    let benefit = benefit
        .map(clean_clause)
        .filter(|b| !b.fragment().is_empty());
    let end = benefit
        .as_ref()
        .map_or(span_of(&goal).end, |b| span_of(b).end);
    Some(UserStory {
        role: text_of(&role),
        goal: text_of(&goal),
        benefit: benefit.as_ref().map(text_of),
        span: Span::new(start, end),
    })
}

/// `As a <role>,` up to the comma; returns the role.
fn story_role(input: Input) -> IResult<Input, Input> {
    let (rest, _) = (
        opt(emphasis),
        tag_no_case("as"),
        space1,
        alt((tag_no_case("an"), tag_no_case("a"))),
        opt(emphasis),
        space1,
        opt(emphasis),
    )
        .parse(input)?;
    let (rest, role) = take_while1(|c| c != ',').parse(rest)?;
    let (rest, _) = char(',').parse(rest)?;
    Ok((rest, role))
}

/// ` I want [to] `, with optional emphasis before `I`.
fn story_want(input: Input) -> IResult<Input, ()> {
    let (rest, _) = (
        space0,
        opt(emphasis),
        tag_no_case("i want"),
        space1,
        opt((tag_no_case("to"), space1)),
    )
        .parse(input)?;
    Ok((rest, ()))
}

/// The length of the first sentence: up to a full stop, question or
/// exclamation mark followed by whitespace or the end.
fn sentence_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
        {
            return i;
        }
    }
    text.len()
}

/// A story clause without surrounding whitespace and emphasis.
fn clean_clause(input: Input) -> Input {
    let input = trim(input);
    let fragment = *input.fragment();
    let kept = fragment.trim_end_matches(['*', '_', '.']).trim_end();
    trim(input.take(kept.len()))
}

/// Why a line that starts like a user story is not read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoryShapeError {
    pub span: Span,
    pub fault: StoryFault,
    /// A replacement that makes the line a story (checked by reading the
    /// replaced line again).
    pub fix: Option<(Span, StoryFix)>,
}

/// The ways a story says "I want" that are not the grammar's; the first
/// ones mean the same, so replacing them is safe.
const WANT_PHRASES: &[(&str, bool)] = &[
    ("i want", true),
    ("i would like", true),
    ("i'd like", true),
    ("i\u{2019}d like", true),
    ("i would love", true),
    ("i need", false),
    ("i wish", false),
    ("i can", false),
    ("we want", false),
    ("we need", false),
];

/// A line that opens like a user story (`As a <role>` and a phrase such as
/// `I want` or `I would like`) but does not parse as one, with the reason.
/// `None` for lines that are stories or do not look like one.
pub(crate) fn story_like(content: Input) -> Option<StoryShapeError> {
    if user_story(content).is_some() {
        return None;
    }
    let (rest, _) = (
        opt(emphasis),
        tag_no_case("as"),
        space1,
        alt((tag_no_case("an"), tag_no_case("a"))),
        opt(emphasis),
        space1,
    )
        .parse(content)
        .ok()?;
    let base = rest.location_offset();
    let text = *rest.fragment();
    // ASCII lowercasing keeps byte offsets.
    let lower = text.to_ascii_lowercase();
    let (at, phrase, same_meaning) = WANT_PHRASES
        .iter()
        .filter_map(|&(phrase, same)| {
            find_words(&lower, phrase).map(|at| (at, &text[at..at + phrase.len()], same))
        })
        .min_by_key(|&(at, ..)| at)?;
    let role = text[..at].trim_end();
    if role.trim_end_matches(',').trim().is_empty() {
        return None;
    }
    let role_end = base + role.len();
    let phrase_span = Span::new(base + at, base + at + phrase.len());
    let has_comma = role.ends_with(',');
    let is_want = phrase.eq_ignore_ascii_case("i want");
    let (span, fault) = if has_comma {
        if is_want {
            (span_of(&trim(content)), StoryFault::NotRead)
        } else {
            (phrase_span, StoryFault::NotIWant)
        }
    } else {
        // The whitespace may be wider than one byte (a no-break space).
        let last_word = role
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        (Span::new(base + last_word, role_end), StoryFault::NoComma)
    };
    let fix = match (has_comma, is_want, same_meaning) {
        (false, true, _) => Some((Span::new(role_end, role_end), StoryFix::Comma)),
        (true, false, true) => Some((phrase_span, StoryFix::IWant)),
        (false, false, true) => Some((
            Span::new(role_end, phrase_span.end),
            StoryFix::CommaAndIWant,
        )),
        _ => None,
    };
    // Offer the replacement only when the replaced line reads as a story.
    let fix = fix.filter(|(span, fix)| {
        let line_start = content.location_offset();
        let line = *content.fragment();
        let (Some(before), Some(after)) = (
            line.get(..span.start - line_start),
            line.get(span.end - line_start..),
        ) else {
            return false;
        };
        let fixed = format!("{before}{}{after}", fix.replacement());
        user_story(Input::new(&fixed)).is_some()
    });
    Some(StoryShapeError { span, fault, fix })
}

/// The byte offset of `phrase` in `text` as whole words.
fn find_words(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `unique: (project, title)`, `unique together: project, title`,
/// `unique (project + title)` or `unique project and title`: a group of
/// fields unique together. `None` when the line is something else, such as
/// a field named `unique`.
pub(crate) fn unique_group(content: Input) -> Option<super::ast::UniqueGroup> {
    let content = trim(content);
    let (rest, _) = word_no_case(content, "unique")?;
    let mut rest = trim_start(rest);
    let mut marked = false;
    if let Some((after, _)) = word_no_case(rest, "together") {
        rest = trim_start(after);
        marked = true;
    }
    if rest.fragment().starts_with(':') {
        rest = trim_start(skip(rest, 1));
        marked = true;
    }
    let body = if rest.fragment().starts_with('(') {
        let inner = skip(rest, 1);
        let close = inner.fragment().find(')')?;
        if !inner.fragment()[close + 1..]
            .trim()
            .trim_end_matches('.')
            .is_empty()
        {
            return None;
        }
        inner.take(close)
    } else {
        let text = rest.fragment().trim_end();
        rest.take(text.trim_end_matches('.').len())
    };
    if !marked && body.fragment().is_empty() {
        return None;
    }
    let mut names = Vec::new();
    let mut piece_rest = body;
    loop {
        let (piece, after) = match unique_separator(piece_rest.fragment()) {
            Some((at, len)) => {
                let (after, piece) = piece_rest.take_split(at);
                (piece, Some(skip(after, len)))
            }
            None => (piece_rest, None),
        };
        let piece = trim(piece);
        let stripped = piece.fragment().trim_start_matches(['`', '*', '_']).len();
        let piece = skip(piece, piece.fragment().len() - stripped);
        let kept = piece.fragment().trim_end_matches(['`', '*', '_']).len();
        names.push(text_of(&piece.take(kept)));
        match after {
            Some(after) => piece_rest = after,
            None => break,
        }
    }
    let first = names.first()?;
    let first_word = first.text.split_whitespace().next().unwrap_or_default();
    if vocabulary::field_type(first_word).is_some() || first_word.eq_ignore_ascii_case("enum") {
        return None;
    }
    Some(super::ast::UniqueGroup {
        fields: names,
        span: span_of(&content),
    })
}

/// `word`, ignoring case, as a whole word at the start of the input.
fn word_no_case<'a>(input: Input<'a>, word: &str) -> Option<(Input<'a>, Input<'a>)> {
    let (rest, found) = tag_no_case::<_, _, nom::error::Error<Input>>(word)
        .parse(input)
        .ok()?;
    let boundary = !rest
        .fragment()
        .starts_with(|c: char| c.is_alphanumeric() || c == '_');
    boundary.then_some((rest, found))
}

/// Where the next name of a unique group starts: the byte offset and
/// length of the first `,`, `+` or whitespace-separated `and`.
fn unique_separator(text: &str) -> Option<(usize, usize)> {
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == ',' || c == '+' {
            return Some((i, 1));
        }
        if previous.is_some_and(char::is_whitespace) && c.eq_ignore_ascii_case(&'a') {
            let after = &text[i..];
            let is_and = after.len() >= 3
                && after.is_char_boundary(3)
                && after[..3].eq_ignore_ascii_case("and")
                && after[3..].starts_with(char::is_whitespace);
            if is_and {
                let start = text[..i].trim_end().len();
                let end = i + 3 + (after[3..].len() - after[3..].trim_start().len());
                return Some((start, end - start));
            }
        }
        previous = Some(c);
    }
    None
}

/// The cells of a table row, without the outer pipes; `\|` does not end a
/// cell.
pub(crate) fn table_cells(line: Input) -> Vec<Input> {
    let line = trim(line);
    let line = match line.fragment().strip_prefix('|') {
        Some(_) => skip(line, 1),
        None => line,
    };
    let mut cells = Vec::new();
    let mut rest = line;
    loop {
        let fragment = *rest.fragment();
        let bytes = fragment.as_bytes();
        let at = (0..bytes.len()).find(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'));
        match at {
            Some(at) => {
                let (after, cell) = rest.take_split(at);
                cells.push(cell);
                rest = skip(after, 1);
            }
            None => {
                if !fragment.trim().is_empty() {
                    cells.push(rest);
                }
                return cells;
            }
        }
    }
}

/// Whether a row is a table's delimiter row (`|---|:--:|`).
pub(crate) fn is_delimiter_row(cells: &[Input]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|cell| {
            let text = cell.fragment().trim();
            !text.is_empty() && text.chars().all(|c| matches!(c, '-' | ':' | ' '))
        })
}

/// Cell text without emphasis or backticks around it.
fn unemphasised(cell: Input) -> Input {
    let cell = trim(cell);
    let text = *cell.fragment();
    let start = text.len() - text.trim_start_matches(['`', '*', '_']).len();
    let cell = skip(cell, start);
    let kept = cell.fragment().trim_end_matches(['`', '*', '_']).len();
    trim(cell.take(kept))
}

/// The cells of one table row that declare a field.
pub(crate) struct TableRowCells<'a> {
    pub row: Span,
    pub name: Input<'a>,
    pub type_cell: Input<'a>,
    pub constraints: Vec<Input<'a>>,
    pub required: Option<Input<'a>>,
    pub default: Option<Input<'a>>,
}

/// A field from a table row; a cell that cannot be read is the error's span.
pub(crate) fn table_field(cells: TableRowCells) -> Result<Field, FieldError> {
    let name_cell = trim(cells.name);
    if name_cell.fragment().is_empty() {
        return Err(field_error(
            Span::new(name_cell.location_offset(), name_cell.location_offset()),
            FieldFault::EmptyNameCell,
        ));
    }
    let (rest, (name, _)) = emphasised_name(name_cell)
        .map_err(|_| field_error(span_of(&name_cell), FieldFault::NotANameCell))?;
    let leftover = trim(rest);
    if !leftover.fragment().is_empty() {
        return Err(field_error(
            span_of(&leftover),
            FieldFault::TextAfterNameCell,
        ));
    }
    let name = text_of(&name);
    let type_cell = unemphasised(cells.type_cell);
    let (rest, type_name) = type_token(type_cell).map_err(|_| missing_type(&name, &type_cell))?;
    let (rest, enum_values) = if is_enum_word(&type_name) {
        enum_values(rest, ModifierEnd::Cell)?
    } else {
        (rest, None)
    };
    let type_name = text_of(&type_name);
    let rest = trim(rest);
    let mut found = Vec::new();
    if rest.fragment().starts_with('(') {
        let (after, modifiers) = modifiers(skip(rest, 1), ModifierEnd::Paren)?;
        close_paren(after, &name)?;
        found.extend(modifiers);
    } else if !rest.fragment().is_empty() {
        return Err(field_error(
            span_of(&rest),
            FieldFault::TextAfterTypeCell { name: name.text },
        ));
    }
    for cell in cells.constraints {
        let cell = trim(cell);
        let text = cell.fragment().trim();
        if text.is_empty() || matches!(text, "-" | "—" | "–") {
            continue;
        }
        let (_, modifiers) = modifiers(cell, ModifierEnd::Cell)?;
        found.extend(modifiers);
    }
    if let Some(cell) = cells.required {
        let cell = unemphasised(cell);
        let text = cell.fragment().to_ascii_lowercase();
        let word = match text.as_str() {
            "" | "-" | "—" | "–" => None,
            "yes" | "y" | "true" | "x" | "✓" | "✔" | "required" => Some("required"),
            "no" | "n" | "false" | "optional" => Some("optional"),
            _ => {
                return Err(field_error(span_of(&cell), FieldFault::UnclearRequiredCell));
            }
        };
        if let Some(word) = word {
            found.push(Modifier {
                text: word.to_string(),
                span: span_of(&cell),
                key: None,
                value: None,
            });
        }
    }
    if let Some(cell) = cells.default {
        let cell = trim(cell);
        let text = cell.fragment().trim();
        if !text.is_empty() && !matches!(text, "-" | "—" | "–") {
            let value = unemphasised(cell);
            found.push(Modifier {
                text: format!("default={}", value.fragment()),
                span: span_of(&cell),
                key: Some(Text {
                    text: "default".into(),
                    span: span_of(&cell),
                }),
                value: Some(text_of(&value)),
            });
        }
    }
    Ok(Field {
        name,
        type_name,
        enum_values,
        modifiers: found,
        span: cells.row,
    })
}
