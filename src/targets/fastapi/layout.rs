//! Long lines of generated Python, laid out as `ruff format` lays them out.
//!
//! The templates are written as the formatter writes them for the names they
//! are tried with, but a statement that holds PRD names (a field's column, an
//! entity's URL, an enumeration's values) grows with them. Such a statement is
//! written on one line, and a line wider than [`LINE_LENGTH`] is split here
//! the way the formatter splits it: at its last brackets (the arguments on
//! one line of their own when they fit there, else one a line with a trailing
//! comma), or, for an expression with an operator, in parentheses with one
//! operand a line. Text inside a triple-quoted string, a line with a comment
//! and a line whose brackets close on another line are left as they are.

/// The width the app's `pyproject.toml` gives the formatter: its default, the
/// one the Python ecosystem reads and writes.
pub const LINE_LENGTH: usize = 88;

/// Spaces per indentation level.
const INDENT: usize = 4;

/// The lines of a Python file, split one by one; remembers whether a
/// triple-quoted string is open at the end of the last line it was given.
#[derive(Debug, Default)]
pub struct Layout {
    open_string: Option<&'static str>,
}

impl Layout {
    /// Appends `line` (without its line break) to `out`, split into lines
    /// of at most [`LINE_LENGTH`] where the formatter would split it, each
    /// followed by a line break.
    pub fn push_line(&mut self, line: &str, out: &mut String) {
        let inside_string = self.open_string.is_some();
        // Most lines are short and hold no triple quote: they need no scan
        // (a byte count bounds the width, which counts characters).
        if inside_string || has_triple_quote(line) {
            self.open_string = string_open_after(line, self.open_string);
        }
        if inside_string
            || self.open_string.is_some()
            || line.len() <= LINE_LENGTH
            || width(line) <= LINE_LENGTH
        {
            out.push_str(line);
            out.push('\n');
            return;
        }
        for split in split_line(line, false) {
            out.push_str(&split);
            out.push('\n');
        }
    }
}

/// `text` (a whole Python file) with its long lines split.
pub fn lay_out(text: &str) -> String {
    let mut layout = Layout::default();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if lines.peek().is_none() {
            // The text after the last line break (empty for a whole file).
            out.push_str(line);
        } else {
            layout.push_line(line, &mut out);
        }
    }
    out
}

/// Whether `line` holds `"""` or `'''`: one pass over its bytes, which
/// mostly finds no quote at all.
fn has_triple_quote(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b == b'"' || b == b'\'') && bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b)
    })
}

/// The width of a line as the formatter counts it (characters; generated
/// code escapes everything but printable ASCII in its string literals).
fn width(s: &str) -> usize {
    s.chars().count()
}

/// The triple quote still open after `line`, given the one open before it.
fn string_open_after(line: &str, mut open: Option<&'static str>) -> Option<&'static str> {
    let mut rest = line;
    loop {
        if let Some(quote) = open.take() {
            let Some(end) = rest.find(quote) else {
                return Some(quote);
            };
            rest = &rest[end + 3..];
        }
        match scan(rest) {
            Scan::OpenString(quote, after) => {
                open = Some(quote);
                rest = after;
            }
            _ => return None,
        }
    }
}

/// What a line holds, at the top level of its brackets.
#[derive(Debug, Default)]
struct Shape {
    /// Every bracket pair opened and closed on the line: (open, close) byte
    /// offsets, and the depth of the pair (0 at the top).
    pairs: Vec<(usize, usize, usize)>,
    /// Byte offsets of the commas at depth 1 inside each pair, by opening
    /// offset.
    commas: Vec<(usize, usize)>,
}

enum Scan<'a> {
    /// Strings and brackets all close on the line.
    Whole(Shape),
    /// A triple-quoted string opens and does not close; the text after its
    /// opening quotes.
    OpenString(&'static str, &'a str),
    /// A comment, or brackets that do not close on the line.
    Other,
}

/// Reads the strings and brackets of one line of code.
fn scan(code: &str) -> Scan<'_> {
    let bytes = code.as_bytes();
    let mut shape = Shape::default();
    let mut stack: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => return Scan::Other,
            quote @ (b'"' | b'\'') => {
                let triple = bytes.get(i..i + 3) == Some(&[quote; 3][..]);
                if triple {
                    let delimiter = if quote == b'"' { "\"\"\"" } else { "'''" };
                    match code[i + 3..].find(delimiter) {
                        Some(end) => i += 3 + end + 3,
                        None => return Scan::OpenString(delimiter, &code[i + 3..]),
                    }
                    continue;
                }
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return Scan::Other;
                }
                i += 1;
                continue;
            }
            b'(' | b'[' | b'{' => stack.push(i),
            b')' | b']' | b'}' => {
                let Some(open) = stack.pop() else {
                    return Scan::Other;
                };
                shape.pairs.push((open, i, stack.len()));
            }
            b',' => {
                if let Some(&open) = stack.last() {
                    shape.commas.push((open, i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    if stack.is_empty() {
        Scan::Whole(shape)
    } else {
        Scan::Other
    }
}

/// `line` split as the formatter splits it, or as it is when this module
/// does not know how. An `enclosed` line is inside brackets opened on an
/// earlier line, where an expression may go on over several lines as it is.
fn split_line(line: &str, enclosed: bool) -> Vec<String> {
    if width(line) <= LINE_LENGTH {
        return vec![line.to_string()];
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let code = &line[indent..];
    let Scan::Whole(shape) = scan(code) else {
        return vec![line.to_string()];
    };
    let pad = " ".repeat(indent);
    if let Some(lines) = split_import(&pad, code) {
        return lines;
    }
    if let Some(lines) = split_annotation(&pad, code, &shape) {
        return lines;
    }
    if enclosed && let Some(lines) = split_operands(&pad, code, &shape) {
        return lines;
    }
    let statement = Statement::read(code, &shape);
    if let Some(expression_start) = statement.parenthesize_from
        && let Some(lines) = parenthesize(&pad, code, expression_start, &shape)
    {
        return lines;
    }
    let Some((open, close)) = split_pair(code, &shape, statement.keyword_def) else {
        return vec![line.to_string()];
    };
    if width(&pad) + width(&code[..=open]) > LINE_LENGTH
        && let Some(value_start) = assignment_value(code, &shape)
        && value_start <= open
    {
        return split_long_target(&pad, code, &shape, value_start);
    }
    split_at_pair(&pad, code, &shape, open, close)
}

/// `from module import name, other` in parentheses, one name a line, as
/// both the formatter and the import sorter write it.
fn split_import(pad: &str, code: &str) -> Option<Vec<String>> {
    let (module, names) = code.strip_prefix("from ")?.split_once(" import ")?;
    if names.starts_with('(') {
        return None;
    }
    let mut lines = vec![format!("{pad}from {module} import (")];
    lines.extend(
        names
            .split(',')
            .map(|name| format!("{pad}{}{},", " ".repeat(INDENT), name.trim())),
    );
    lines.push(format!("{pad})"));
    Some(lines)
}

/// An assignment whose target (with its annotation) leaves no room for the
/// value's opening bracket: the value in parentheses of its own when the
/// target fits before them, else the annotation split at its brackets.
fn split_long_target(pad: &str, code: &str, shape: &Shape, value_start: usize) -> Vec<String> {
    let inner_pad = format!("{pad}{}", " ".repeat(INDENT));
    let target = &code[..value_start];
    if width(pad) + width(target) < LINE_LENGTH {
        let mut lines = vec![format!("{pad}{target}(")];
        lines.extend(split_line(
            &format!("{inner_pad}{}", &code[value_start..]),
            true,
        ));
        lines.push(format!("{pad})"));
        return lines;
    }
    let annotation_end = value_start - 3;
    let annotation = shape
        .pairs
        .iter()
        .find(|&&(_, close, depth)| depth == 0 && close + 1 == annotation_end);
    match annotation {
        Some(&(open, close, _)) => split_at_pair(pad, code, shape, open, close),
        None => vec![format!("{pad}{code}")],
    }
}

/// An annotated assignment of a value that cannot be split (`name:
/// Annotated[...] | None = None`) split in its annotation: in parentheses
/// when it has an operator, else at its last brackets.
fn split_annotation(pad: &str, code: &str, shape: &Shape) -> Option<Vec<String>> {
    let value_start = assignment_value(code, shape)?;
    // A name, a number or a string: nothing the formatter could split.
    let atom = !shape.pairs.iter().any(|&(open, _, _)| open >= value_start)
        && top_level_operators(code, value_start, shape).is_empty();
    let annotation_start = code[..value_start].find(": ")? + 2;
    let annotation_end = value_start - 3;
    if !atom || annotation_start > annotation_end {
        return None;
    }
    let annotation = &code[annotation_start..annotation_end];
    if !top_level_operators(&code[..annotation_end], annotation_start, shape).is_empty() {
        let inner_pad = format!("{pad}{}", " ".repeat(INDENT));
        let mut lines = vec![format!("{pad}{}(", &code[..annotation_start])];
        lines.extend(split_line(&format!("{inner_pad}{annotation}"), true));
        lines.push(format!("{pad}){}", &code[annotation_end..]));
        return Some(lines);
    }
    let &(open, close, _) = shape
        .pairs
        .iter()
        .find(|&&(_, close, depth)| depth == 0 && close + 1 == annotation_end)?;
    Some(split_at_pair(pad, code, shape, open, close))
}

/// The statement a line holds, as far as its layout goes.
struct Statement {
    /// Where the expression the formatter would parenthesize starts: the
    /// value of `assert`, `return` or an assignment, when it has an operator
    /// at its top level or does not end with brackets.
    parenthesize_from: Option<usize>,
    /// `def` or `class`: the first brackets are the ones to split.
    keyword_def: bool,
}

impl Statement {
    fn read(code: &str, shape: &Shape) -> Self {
        let keyword_def = ["def ", "async def ", "class "]
            .iter()
            .any(|k| code.starts_with(k));
        let start = ["assert ", "return "]
            .iter()
            .find(|k| code.starts_with(*k))
            .map(|k| k.len())
            .or_else(|| assignment_value(code, shape));
        let parenthesize_from = start.filter(|&start| {
            let value = &code[start..];
            let operators = top_level_operators(code, start, shape);
            let ends_in_brackets = |from: usize| ends_in_own_brackets(code, from, shape);
            match operators[..] {
                _ if value.starts_with('(') => false,
                [] => !ends_in_brackets(start),
                // One operator before brackets: the formatter splits those.
                [(at, operator)] => !ends_in_brackets(at + operator.len()),
                _ => true,
            }
        });
        Statement {
            parenthesize_from,
            keyword_def,
        }
    }
}

/// Whether `code[from..]` ends with brackets the formatter may split there:
/// a literal or a call's arguments, not empty (a subscript is not split).
fn ends_in_own_brackets(code: &str, from: usize, shape: &Shape) -> bool {
    let last = code.len() - 1;
    shape
        .pairs
        .iter()
        .find(|&&(open, close, _)| close == last && open >= from)
        .is_some_and(|&(open, close, _)| {
            close > open + 1 && (code.as_bytes()[open] != b'[' || is_literal(code, open))
        })
}

/// Where the value of an assignment (`name = value`, `name: T = value`)
/// starts.
fn assignment_value(code: &str, shape: &Shape) -> Option<usize> {
    let at = code.find(" = ")?;
    if inside_brackets(at, shape) {
        return None;
    }
    Some(at + 3)
}

fn inside_brackets(at: usize, shape: &Shape) -> bool {
    shape
        .pairs
        .iter()
        .any(|&(open, close, _)| open < at && at < close)
}

/// The top-level binary operators of `code[start..]` of the lowest
/// precedence present, as (offset, operator) pairs.
fn top_level_operators(code: &str, start: usize, shape: &Shape) -> Vec<(usize, &'static str)> {
    const LEVELS: [&[&str]; 5] = [
        &[" if ", " else "],
        &[" or "],
        &[" and "],
        &[
            " not in ", " is not ", " == ", " != ", " <= ", " >= ", " < ", " > ", " in ", " is ",
        ],
        &[" | "],
    ];
    let strings = string_spans(code);
    for level in LEVELS {
        let mut found: Vec<(usize, &'static str)> = Vec::new();
        for operator in level {
            for (at, _) in code[start..].match_indices(operator) {
                let at = start + at;
                let taken = found
                    .iter()
                    .any(|&(other, op)| at < other + op.len() && other < at + operator.len());
                if !taken
                    && !inside_brackets(at, shape)
                    && !strings.iter().any(|&(s, e)| s <= at && at < e)
                {
                    found.push((at, operator));
                }
            }
        }
        if !found.is_empty() {
            found.sort_unstable();
            return found;
        }
    }
    Vec::new()
}

/// Byte ranges of the string literals of a line whose strings all close.
fn string_spans(code: &str) -> Vec<(usize, usize)> {
    let bytes = code.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let quote = bytes[i];
        if quote == b'"' || quote == b'\'' {
            let start = i;
            let triple = bytes.get(i..i + 3) == Some(&[quote; 3][..]);
            if triple {
                let delimiter = if quote == b'"' { "\"\"\"" } else { "'''" };
                i = code[i + 3..]
                    .find(delimiter)
                    .map_or(bytes.len(), |end| i + 3 + end + 3);
            } else {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            spans.push((start, i.min(bytes.len())));
        } else {
            i += 1;
        }
    }
    spans
}

/// `prefix (` + the expression on its own line + `)`; when the expression
/// does not fit there either, one operand a line, each after its operator.
/// `None` when the formatter would leave the line as it is.
fn parenthesize(pad: &str, code: &str, start: usize, shape: &Shape) -> Option<Vec<String>> {
    let value = &code[start..];
    let inner_pad = format!("{pad}{}", " ".repeat(INDENT));
    let operators = top_level_operators(code, start, shape);
    let fits = inner_pad.len() + width(value) <= LINE_LENGTH;
    if operators.is_empty() && !fits {
        return None;
    }
    let mut lines = vec![format!("{pad}{}(", &code[..start])];
    lines.extend(split_line(&format!("{inner_pad}{value}"), true));
    lines.push(format!("{pad})"));
    Some(lines)
}

/// An expression inside brackets with operators at its top level, one
/// operand a line, each after its operator.
fn split_operands(pad: &str, code: &str, shape: &Shape) -> Option<Vec<String>> {
    if let Some(lines) = split_comprehension(pad, code, shape) {
        return Some(lines);
    }
    let operators = top_level_operators(code, 0, shape);
    if operators.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    let mut from = 0;
    let mut leading = "";
    for &(at, operator) in &operators {
        lines.extend(split_line(
            &format!("{pad}{leading}{}", &code[from..at]),
            true,
        ));
        leading = operator.trim_start();
        from = at + operator.len();
    }
    lines.extend(split_line(
        &format!("{pad}{leading}{}", &code[from..]),
        true,
    ));
    Some(lines)
}

/// The body of a comprehension, its element and each `for` and `if` clause
/// on a line of its own.
fn split_comprehension(pad: &str, code: &str, shape: &Shape) -> Option<Vec<String>> {
    let strings = string_spans(code);
    let top = |at: &usize| {
        !inside_brackets(*at, shape) && !strings.iter().any(|&(s, e)| s <= *at && *at < e)
    };
    let first_for = code.match_indices(" for ").map(|(at, _)| at).find(top)?;
    let mut cuts: Vec<usize> = code[first_for..]
        .match_indices(" for ")
        .chain(code[first_for..].match_indices(" if "))
        .map(|(at, _)| first_for + at)
        .filter(top)
        .collect();
    cuts.sort_unstable();
    let mut lines = Vec::new();
    let mut from = 0;
    for cut in cuts {
        lines.extend(split_line(&format!("{pad}{}", &code[from..cut]), true));
        from = cut + 1;
    }
    lines.extend(split_line(&format!("{pad}{}", &code[from..]), true));
    Some(lines)
}

/// The bracket pair to split: the first of a `def` or `class`, else the
/// last pair at the top level that is not empty.
fn split_pair(code: &str, shape: &Shape, keyword_def: bool) -> Option<(usize, usize)> {
    let mut top: Vec<(usize, usize)> = shape
        .pairs
        .iter()
        .filter(|&&(_, _, depth)| depth == 0)
        .map(|&(open, close, _)| (open, close))
        .collect();
    top.sort_unstable();
    if keyword_def {
        return top.first().copied();
    }
    let &(_, last_close) = top.last()?;
    let tail = code[last_close + 1..].trim();
    if !(tail.is_empty() || tail == ":" || tail == ",") {
        return None;
    }
    let has_items = |&(open, close): &(usize, usize)| {
        shape.commas.iter().any(|&(o, _)| o == open) || close > open + 1
    };
    top.iter().rev().find(|p| has_items(p)).copied()
}

/// Whether the pair opened at `open` is a literal (list, dict, set, tuple
/// or parentheses) rather than a call's arguments or a subscript.
fn is_literal(code: &str, open: usize) -> bool {
    let before = code[..open].trim_end();
    let keyword = [
        "in", "return", "assert", "not", "and", "or", "if", "else", "yield",
    ]
    .iter()
    .any(|k| {
        before.ends_with(k)
            && before[..before.len() - k.len()]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    });
    keyword
        || before.chars().last().is_none_or(|c| {
            !(c.is_alphanumeric() || c == '_' || matches!(c, ')' | ']' | '"' | '\''))
        })
}

/// The line split at the brackets `open`..`close`: the items on one line of
/// their own when they fit there (and are not a literal's several items or
/// end with a trailing comma), else one item a line, each with a comma.
fn split_at_pair(pad: &str, code: &str, shape: &Shape, open: usize, close: usize) -> Vec<String> {
    let inner_pad = format!("{pad}{}", " ".repeat(INDENT));
    let head = format!("{pad}{}", &code[..=open]);
    let tail = split_tail(pad, &code[close..]);
    let body = code[open + 1..close].trim();
    let mut cuts: Vec<usize> = shape
        .commas
        .iter()
        .filter(|&&(o, _)| o == open)
        .map(|&(_, at)| at)
        .collect();
    cuts.sort_unstable();
    let mut items = Vec::new();
    let mut from = open + 1;
    for cut in cuts {
        items.push(code[from..cut].trim());
        from = cut + 1;
    }
    let last = code[from..close].trim();
    let magic_comma = !items.is_empty() && last.is_empty();
    if !last.is_empty() {
        items.push(last);
    }
    let subscript = code.as_bytes()[open] == b'[' && !is_literal(code, open);
    let one_per_line = magic_comma || (items.len() > 1 && is_literal(code, open));
    let mut lines = vec![head];
    if !one_per_line && inner_pad.len() + width(body) <= LINE_LENGTH || items.len() < 2 {
        lines.extend(split_line(&format!("{inner_pad}{body}"), true));
    } else {
        for item in &items {
            let comma = if subscript && items.len() == 1 {
                ""
            } else {
                ","
            };
            lines.extend(split_line(&format!("{inner_pad}{item}{comma}"), true));
        }
    }
    lines.extend(tail);
    lines
}

/// The closing bracket and what follows it (`] = relationship(...)`), split
/// as the statement it ends would be.
fn split_tail(pad: &str, tail: &str) -> Vec<String> {
    // Read in place of the bracket, a name of the same width makes it a
    // statement of its own.
    let mut lines = split_line(&format!("{pad}_{}", &tail[1..]), false);
    lines[0].replace_range(pad.len()..pad.len() + 1, &tail[..1]);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> String {
        lay_out(&format!("{line}\n"))
    }

    #[test]
    fn a_line_that_fits_is_kept() {
        let line = "    name: Mapped[str] = mapped_column(String(255), index=True)";
        assert_eq!(split(line), format!("{line}\n"));
    }

    #[test]
    fn a_call_puts_its_arguments_on_one_line_when_they_fit_there() {
        let line = format!(
            "    {}: Mapped[str | None] = mapped_column(String(255), index=True)",
            "a".repeat(40)
        );
        assert_eq!(
            split(&line),
            format!(
                "    {}: Mapped[str | None] = mapped_column(\n        String(255), index=True\n    )\n",
                "a".repeat(40)
            )
        );
    }

    #[test]
    fn a_call_puts_one_argument_a_line_when_they_do_not_fit() {
        let line = format!(
            "Index(\"uq_{0}\", Row.user_id, func.lower(Row.{0}), unique=True)",
            "b".repeat(30)
        );
        assert_eq!(
            split(&line),
            format!(
                "Index(\n    \"uq_{0}\",\n    Row.user_id,\n    func.lower(Row.{0}),\n    unique=True,\n)\n",
                "b".repeat(30)
            )
        );
    }

    #[test]
    fn a_literal_with_several_items_puts_one_a_line() {
        let names: Vec<String> = (0..8).map(|i| format!("\"field_number_{i}\"")).collect();
        let line = format!("REQUIRED: list[str] = [{}]", names.join(", "));
        let expected: String = names.iter().map(|n| format!("    {n},\n")).collect();
        assert_eq!(
            split(&line),
            format!("REQUIRED: list[str] = [\n{expected}]\n")
        );
    }

    #[test]
    fn a_comparison_is_parenthesized_one_operand_a_line_each_split_in_turn() {
        let line = format!(
            "    assert client.get(f\"{{URL}}/{{row['id']}}\", headers=auth_headers).json()[\"{}\"] == parent",
            "c".repeat(30)
        );
        assert_eq!(
            split(&line),
            format!(
                "    assert (\n        client.get(f\"{{URL}}/{{row['id']}}\", headers=auth_headers).json()[\n            \"{}\"\n        ]\n        == parent\n    )\n",
                "c".repeat(30)
            )
        );
    }

    #[test]
    fn an_import_puts_one_name_a_line() {
        let module = format!("app.models.{}", "e".repeat(50));
        assert_eq!(
            split(&format!("    from {module} import {}", "E".repeat(40))),
            format!(
                "    from {module} import (\n        {},\n    )\n",
                "E".repeat(40)
            )
        );
    }

    #[test]
    fn a_target_too_long_for_the_bracket_parenthesizes_the_value() {
        let name = "f".repeat(39);
        assert_eq!(
            split(&format!(
                "    {name}: Mapped[CalendarDate | None] = mapped_column(Date())"
            )),
            format!(
                "    {name}: Mapped[CalendarDate | None] = (\n        mapped_column(Date())\n    )\n"
            )
        );
    }

    #[test]
    fn a_target_too_long_for_its_line_splits_its_annotation() {
        let name = "g".repeat(40);
        let class = "G".repeat(41);
        assert_eq!(
            split(&format!(
                "    {name}: Mapped[\"{class}\"] = relationship(foreign_keys=[{name}_id])"
            )),
            format!(
                "    {name}: Mapped[\n        \"{class}\"\n    ] = relationship(foreign_keys=[{name}_id])\n"
            )
        );
    }

    #[test]
    fn a_comprehension_puts_each_clause_on_a_line() {
        let class = "H".repeat(41);
        assert_eq!(
            split(&format!(
                "        items=[{class}Response.model_validate(row) for row in rows],"
            )),
            format!(
                "        items=[\n            {class}Response.model_validate(row)\n            for row in rows\n        ],\n"
            )
        );
    }

    #[test]
    fn strings_comments_and_open_brackets_are_left_alone() {
        let text = format!(
            "\"\"\"A docstring\n{0}\n\"\"\"\nx = 1  # {0}\nfoo({0},\n",
            "d ".repeat(50)
        );
        assert_eq!(lay_out(&text), text);
    }
}
