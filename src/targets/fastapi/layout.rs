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
//!
//! A line to split is read in one pass for its shape (brackets, commas,
//! strings and the places where an operator is written), and every question
//! its split asks is answered from that shape; each shorter line the split
//! makes is read the same way in its turn. The lines are written straight
//! to the output, built in buffers kept from line to line.

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
    work: Work,
}

/// Buffers a split needs at each level, kept for the next line.
#[derive(Debug, Default)]
struct Work {
    lines: Vec<String>,
    shapes: Vec<Shape>,
}

impl Layout {
    /// Lays out `text`, whole lines each ended by a line break. When every
    /// line stays as it is (most often), writes nothing and returns
    /// `false`: `text` is its own layout. Otherwise appends the whole
    /// laid-out text to `out` and returns `true`.
    pub fn lay_out_lines(&mut self, text: &str, out: &mut String) -> bool {
        let bytes = text.as_bytes();
        let mut quotes = TripleQuotes::new(bytes);
        // `text[copied..start]` is not yet in `out`.
        let (mut copied, mut start, mut changed) = (0, 0, false);
        for end in memchr::memchr_iter(b'\n', bytes) {
            let line = &text[start..end];
            // Most lines are short and hold no triple quote: they need no
            // scan (a byte count bounds the width, which counts characters).
            let stays = if self.open_string.is_none() && !quotes.within(start, end) {
                line.len() <= LINE_LENGTH || width(line) <= LINE_LENGTH
            } else {
                self.stays(line)
            };
            if !stays {
                out.push_str(&text[copied..start]);
                split_line(line, false, &mut self.work, out);
                (copied, changed) = (end + 1, true);
            }
            start = end + 1;
        }
        if changed {
            out.push_str(&text[copied..]);
        }
        changed
    }

    /// Whether `line` stays as it is (updating the open triple-quoted
    /// string).
    fn stays(&mut self, line: &str) -> bool {
        let inside_string = self.open_string.is_some();
        if inside_string || has_triple_quote(line) {
            self.open_string = string_open_after(line, self.open_string);
        }
        inside_string
            || self.open_string.is_some()
            || line.len() <= LINE_LENGTH
            || width(line) <= LINE_LENGTH
    }
}

/// Where the next `"""` and `'''` are in a text read line by line: each
/// searched for again only once a line holding it has been read, so the
/// text is read once for each.
struct TripleQuotes<'a> {
    text: &'a [u8],
    next: [usize; 2],
}

impl<'a> TripleQuotes<'a> {
    const QUOTES: [&'static [u8]; 2] = [b"\"\"\"", b"'''"];

    fn new(text: &'a [u8]) -> Self {
        let next = Self::QUOTES.map(|quote| find_from(text, quote, 0));
        TripleQuotes { text, next }
    }

    /// Whether the line `start..end` holds a triple quote (lines are asked
    /// for in order, not necessarily all of them).
    fn within(&mut self, start: usize, end: usize) -> bool {
        let mut found = false;
        for (next, quote) in self.next.iter_mut().zip(Self::QUOTES) {
            if *next < start {
                *next = find_from(self.text, quote, start);
            }
            if *next < end {
                found = true;
                *next = find_from(self.text, quote, end);
            }
        }
        found
    }
}

/// Where `needle` is first found in `text` at or after `from`, or
/// `usize::MAX`.
fn find_from(text: &[u8], needle: &[u8], from: usize) -> usize {
    memchr::memmem::find(&text[from..], needle).map_or(usize::MAX, |at| from + at)
}

/// `text` (a whole Python file) with its long lines split.
pub fn lay_out(text: &str) -> String {
    let mut layout = Layout::default();
    let complete = text.rfind('\n').map_or(0, |last| last + 1);
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    if !layout.lay_out_lines(&text[..complete], &mut out) {
        out.push_str(&text[..complete]);
    }
    // The text after the last line break (empty for a whole file).
    out.push_str(&text[complete..]);
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
    let mut shape = Shape::default();
    loop {
        if let Some(quote) = open.take() {
            let Some(end) = rest.find(quote) else {
                return Some(quote);
            };
            rest = &rest[end + 3..];
        }
        match scan(rest, &mut shape) {
            Scan::OpenString(quote, after) => {
                open = Some(quote);
                rest = after;
            }
            _ => return None,
        }
    }
}

/// The binary operators the formatter splits an expression at, each with a
/// space on either side as generated code writes it.
const OPERATORS: [&str; 15] = [
    " if ", " else ", " or ", " and ", " not in ", " is not ", " == ", " != ", " <= ", " >= ",
    " < ", " > ", " in ", " is ", " | ",
];

/// [`OPERATORS`] by precedence, lowest first: indices into it, in the
/// order they are looked for (a longer operator before one it holds).
const LEVELS: [&[u8]; 5] = [
    &[0, 1],
    &[2],
    &[3],
    &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    &[14],
];

/// What a line holds, read in one pass.
#[derive(Debug, Default)]
struct Shape {
    /// Every bracket pair opened and closed on the line: (open, close) byte
    /// offsets, and the depth of the pair (0 at the top), in the order they
    /// close.
    pairs: Vec<(usize, usize, usize)>,
    /// The pairs at depth 0, in order: a byte is inside brackets when it is
    /// inside one of them.
    top: Vec<(usize, usize)>,
    /// Byte offsets of the commas at depth 1 inside each pair, by opening
    /// offset, in the order they are written.
    commas: Vec<(usize, usize)>,
    /// Byte ranges of the string literals, in order.
    strings: Vec<(usize, usize)>,
    /// Every place an operator is written, inside brackets and strings too:
    /// (offset, index into [`OPERATORS`]), in order.
    operators: Vec<(usize, u8)>,
    /// Brackets still open while the line is read.
    stack: Vec<usize>,
}

impl Shape {
    fn clear(&mut self) {
        self.pairs.clear();
        self.top.clear();
        self.commas.clear();
        self.strings.clear();
        self.operators.clear();
        self.stack.clear();
    }

    fn inside_brackets(&self, at: usize) -> bool {
        let after = self.top.partition_point(|&(open, _)| open < at);
        after > 0 && at < self.top[after - 1].1
    }

    fn inside_string(&self, at: usize) -> bool {
        let after = self.strings.partition_point(|&(start, _)| start <= at);
        after > 0 && at < self.strings[after - 1].1
    }

    fn at_top(&self, at: usize) -> bool {
        !self.inside_brackets(at) && !self.inside_string(at)
    }
}

enum Scan<'a> {
    /// Strings and brackets all close on the line.
    Whole,
    /// A triple-quoted string opens and does not close; the text after its
    /// opening quotes.
    OpenString(&'static str, &'a str),
    /// A comment, or brackets that do not close on the line.
    Other,
}

/// Reads the strings and brackets of one line of code into `shape`, and,
/// when they all close, the places of its operators.
fn scan<'a>(code: &'a str, shape: &mut Shape) -> Scan<'a> {
    shape.clear();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => return Scan::Other,
            quote @ (b'"' | b'\'') => {
                let start = i;
                let triple = bytes.get(i..i + 3) == Some(&[quote; 3][..]);
                if triple {
                    let delimiter = if quote == b'"' { "\"\"\"" } else { "'''" };
                    match code[i + 3..].find(delimiter) {
                        Some(end) => i += 3 + end + 3,
                        None => return Scan::OpenString(delimiter, &code[i + 3..]),
                    }
                    shape.strings.push((start, i));
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
                shape.strings.push((start, i));
                continue;
            }
            b'(' | b'[' | b'{' => shape.stack.push(i),
            b')' | b']' | b'}' => {
                let Some(open) = shape.stack.pop() else {
                    return Scan::Other;
                };
                let depth = shape.stack.len();
                shape.pairs.push((open, i, depth));
                if depth == 0 {
                    shape.top.push((open, i));
                }
            }
            b',' => {
                if let Some(&open) = shape.stack.last() {
                    shape.commas.push((open, i));
                }
            }
            b' ' => {
                if let Some(&next) = bytes.get(i + 1)
                    && matches!(
                        next,
                        b'i' | b'e' | b'o' | b'a' | b'n' | b'=' | b'!' | b'<' | b'>' | b'|'
                    )
                {
                    for (index, operator) in OPERATORS.iter().enumerate() {
                        if bytes[i..].starts_with(operator.as_bytes()) {
                            shape.operators.push((i, index as u8));
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if shape.stack.is_empty() {
        Scan::Whole
    } else {
        Scan::Other
    }
}

/// Writes `line` to `out`, split as the formatter splits it, or as it is
/// when this module does not know how. An `enclosed` line is inside
/// brackets opened on an earlier line, where an expression may go on over
/// several lines as it is.
fn split_line(line: &str, enclosed: bool, work: &mut Work, out: &mut String) {
    if line.len() <= LINE_LENGTH || width(line) <= LINE_LENGTH {
        push(out, 0, &[line]);
        return;
    }
    let pad = line.len() - line.trim_start_matches(' ').len();
    let code = &line[pad..];
    let mut shape = work.shapes.pop().unwrap_or_default();
    if let Scan::Whole = scan(code, &mut shape) {
        split_code(pad, code, &shape, enclosed, work, out);
    } else {
        push(out, 0, &[line]);
    }
    work.shapes.push(shape);
}

/// [`split_line`] for a line that reads whole, `code` after `pad` spaces.
fn split_code(
    pad: usize,
    code: &str,
    shape: &Shape,
    enclosed: bool,
    work: &mut Work,
    out: &mut String,
) {
    if split_import(pad, code, out) || split_annotation(pad, code, shape, work, out) {
        return;
    }
    if enclosed && split_operands(pad, code, shape, work, out) {
        return;
    }
    let statement = Statement::read(code, shape);
    if let Some((start, ref operators)) = statement.parenthesize
        && parenthesize(pad, code, start, operators, work, out)
    {
        return;
    }
    let Some((open, close)) = split_pair(code, shape, statement.keyword_def) else {
        push(out, pad, &[code]);
        return;
    };
    if pad + width(&code[..=open]) > LINE_LENGTH
        && let Some(value_start) = assignment_value(code, shape)
        && value_start <= open
    {
        return split_long_target(pad, code, shape, value_start, work, out);
    }
    split_at_pair(pad, code, shape, open, close, work, out);
}

/// Appends one line: `pad` spaces, `parts` and a line break.
fn push(out: &mut String, pad: usize, parts: &[&str]) {
    push_spaces(out, pad);
    for part in parts {
        out.push_str(part);
    }
    out.push('\n');
}

fn push_spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = count;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.push_str(&SPACES[..now]);
        left -= now;
    }
}

/// Splits the line made of `pad` spaces and `parts` (see [`split_line`]),
/// built in a buffer kept for the next.
fn split_parts(pad: usize, parts: &[&str], enclosed: bool, work: &mut Work, out: &mut String) {
    let mut line = work.lines.pop().unwrap_or_default();
    line.clear();
    push_spaces(&mut line, pad);
    for part in parts {
        line.push_str(part);
    }
    split_line(&line, enclosed, work, out);
    work.lines.push(line);
}

/// `from module import name, other` in parentheses, one name a line, as
/// both the formatter and the import sorter write it.
fn split_import(pad: usize, code: &str, out: &mut String) -> bool {
    let Some((module, names)) = code
        .strip_prefix("from ")
        .and_then(|rest| rest.split_once(" import "))
    else {
        return false;
    };
    if names.starts_with('(') {
        return false;
    }
    push(out, pad, &["from ", module, " import ("]);
    for name in names.split(',') {
        push(out, pad + INDENT, &[name.trim(), ","]);
    }
    push(out, pad, &[")"]);
    true
}

/// An assignment whose target (with its annotation) leaves no room for the
/// value's opening bracket: the value in parentheses of its own when the
/// target fits before them, else the annotation split at its brackets.
fn split_long_target(
    pad: usize,
    code: &str,
    shape: &Shape,
    value_start: usize,
    work: &mut Work,
    out: &mut String,
) {
    let target = &code[..value_start];
    if pad + width(target) < LINE_LENGTH {
        push(out, pad, &[target, "("]);
        split_parts(pad + INDENT, &[&code[value_start..]], true, work, out);
        push(out, pad, &[")"]);
        return;
    }
    let annotation_end = value_start - 3;
    let annotation = shape
        .top
        .iter()
        .find(|&&(_, close)| close + 1 == annotation_end);
    match annotation {
        Some(&(open, close)) => split_at_pair(pad, code, shape, open, close, work, out),
        None => push(out, pad, &[code]),
    }
}

/// An annotated assignment of a value that cannot be split (`name:
/// Annotated[...] | None = None`) split in its annotation: in parentheses
/// when it has an operator, else at its last brackets.
fn split_annotation(
    pad: usize,
    code: &str,
    shape: &Shape,
    work: &mut Work,
    out: &mut String,
) -> bool {
    let Some(value_start) = assignment_value(code, shape) else {
        return false;
    };
    // A name, a number or a string: nothing the formatter could split.
    let atom = !shape.pairs.iter().any(|&(open, _, _)| open >= value_start)
        && top_level_operators(code.len(), value_start, shape).is_empty();
    // A call (`Decimal("0.0")`) after a target too long to put the value
    // in parentheses of its own, whose opening bracket comes past the
    // line's end: splitting the value would not make the line fit, so the
    // formatter splits the annotation, as for an atom.
    let call_past_the_end = pad + width(&code[..value_start]) >= LINE_LENGTH
        && top_level_operators(code.len(), value_start, shape).is_empty()
        && shape
            .pairs
            .iter()
            .filter(|&&(open, _, _)| open >= value_start)
            .min_by_key(|&&(open, _, _)| open)
            .is_some_and(|&(open, close, _)| {
                close == code.len() - 1 && pad + width(&code[..=open]) > LINE_LENGTH
            });
    let Some(colon) = memchr::memmem::find(&code.as_bytes()[..value_start], b": ") else {
        return false;
    };
    let annotation_start = colon + 2;
    let annotation_end = value_start - 3;
    if !(atom || call_past_the_end) || annotation_start > annotation_end {
        return false;
    }
    if !top_level_operators(annotation_end, annotation_start, shape).is_empty() {
        if pad + width(&code[..value_start]) < LINE_LENGTH {
            // The target fits before an opening parenthesis: the formatter
            // puts the value in parentheses of its own rather than split
            // the annotation.
            push(out, pad, &[&code[..value_start], "("]);
            push(out, pad + INDENT, &[&code[value_start..]]);
            push(out, pad, &[")"]);
            return true;
        }
        push(out, pad, &[&code[..annotation_start], "("]);
        let annotation = &code[annotation_start..annotation_end];
        split_parts(pad + INDENT, &[annotation], true, work, out);
        push(out, pad, &[")", &code[annotation_end..]]);
        return true;
    }
    let Some(&(open, close)) = shape
        .top
        .iter()
        .find(|&&(_, close)| close + 1 == annotation_end)
    else {
        return false;
    };
    split_at_pair(pad, code, shape, open, close, work, out);
    true
}

/// The statement a line holds, as far as its layout goes.
struct Statement {
    /// Where the expression the formatter would parenthesize starts (the
    /// value of `assert`, `return` or an assignment, when it has an operator
    /// at its top level or does not end with brackets), with its top-level
    /// operators.
    parenthesize: Option<(usize, Vec<(usize, &'static str)>)>,
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
        let parenthesize = start.and_then(|start| {
            let value = &code[start..];
            let operators = top_level_operators(code.len(), start, shape);
            let ends_in_brackets = |from: usize| ends_in_own_brackets(code, from, shape);
            let parenthesized = match operators[..] {
                _ if value.starts_with('(') => false,
                [] => !ends_in_brackets(start),
                // One operator before brackets: the formatter splits those.
                [(at, operator)] => !ends_in_brackets(at + operator.len()),
                _ => true,
            };
            parenthesized.then_some((start, operators))
        });
        Statement {
            parenthesize,
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
    // A byte search: this is asked several times of every line split.
    let at = memchr::memmem::find(code.as_bytes(), b" = ")?;
    if shape.inside_brackets(at) {
        return None;
    }
    Some(at + 3)
}

/// The top-level binary operators written wholly in `start..end`, of the
/// lowest precedence present, as (offset, operator) pairs. An operator is
/// looked for as a text search would find it, leftmost first and not
/// overlapping the last one found, wherever it is; those inside brackets
/// or strings, or overlapping one of the same precedence, are then dropped.
fn top_level_operators(end: usize, start: usize, shape: &Shape) -> Vec<(usize, &'static str)> {
    let from = shape.operators.partition_point(|&(at, _)| at < start);
    let candidates = &shape.operators[from..];
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    for level in LEVELS {
        for &index in level {
            let operator = OPERATORS[usize::from(index)];
            let mut search_from = start;
            for &(at, _) in candidates.iter().filter(|&&(_, i)| i == index) {
                if at < search_from || at + operator.len() > end {
                    continue;
                }
                search_from = at + operator.len();
                let taken = found
                    .iter()
                    .any(|&(other, op)| at < other + op.len() && other < at + operator.len());
                if !taken && shape.at_top(at) {
                    found.push((at, operator));
                }
            }
        }
        if !found.is_empty() {
            found.sort_unstable();
            return found;
        }
    }
    found
}

/// `prefix (` + the expression on its own line + `)`; when the expression
/// does not fit there either, one operand a line, each after its operator.
/// Writes nothing when the formatter would leave the line as it is.
fn parenthesize(
    pad: usize,
    code: &str,
    start: usize,
    operators: &[(usize, &str)],
    work: &mut Work,
    out: &mut String,
) -> bool {
    let value = &code[start..];
    let fits = pad + INDENT + width(value) <= LINE_LENGTH;
    if operators.is_empty() && !fits {
        return false;
    }
    push(out, pad, &[&code[..start], "("]);
    split_parts(pad + INDENT, &[value], true, work, out);
    push(out, pad, &[")"]);
    true
}

/// An expression inside brackets with operators at its top level, one
/// operand a line, each after its operator.
fn split_operands(
    pad: usize,
    code: &str,
    shape: &Shape,
    work: &mut Work,
    out: &mut String,
) -> bool {
    if split_comprehension(pad, code, shape, work, out) {
        return true;
    }
    let operators = top_level_operators(code.len(), 0, shape);
    if operators.is_empty() {
        return false;
    }
    let mut from = 0;
    let mut leading = "";
    for &(at, operator) in &operators {
        split_parts(pad, &[leading, &code[from..at]], true, work, out);
        leading = operator.trim_start();
        from = at + operator.len();
    }
    split_parts(pad, &[leading, &code[from..]], true, work, out);
    true
}

/// The body of a comprehension, its element and each `for` and `if` clause
/// on a line of its own.
fn split_comprehension(
    pad: usize,
    code: &str,
    shape: &Shape,
    work: &mut Work,
    out: &mut String,
) -> bool {
    let top = |at: &usize| shape.at_top(*at);
    let Some(first_for) = code.match_indices(" for ").map(|(at, _)| at).find(top) else {
        return false;
    };
    let mut cuts: Vec<usize> = code[first_for..]
        .match_indices(" for ")
        .chain(code[first_for..].match_indices(" if "))
        .map(|(at, _)| first_for + at)
        .filter(top)
        .collect();
    cuts.sort_unstable();
    let mut from = 0;
    for cut in cuts {
        split_parts(pad, &[&code[from..cut]], true, work, out);
        from = cut + 1;
    }
    split_parts(pad, &[&code[from..]], true, work, out);
    true
}

/// The bracket pair to split: the first of a `def` or `class`, else the
/// last pair at the top level that is not empty.
fn split_pair(code: &str, shape: &Shape, keyword_def: bool) -> Option<(usize, usize)> {
    if keyword_def {
        return shape.top.first().copied();
    }
    let &(_, last_close) = shape.top.last()?;
    let tail = code[last_close + 1..].trim();
    if !(tail.is_empty() || tail == ":" || tail == ",") {
        return None;
    }
    let has_items = |&(open, close): &(usize, usize)| {
        shape.commas.iter().any(|&(o, _)| o == open) || close > open + 1
    };
    shape.top.iter().rev().find(|p| has_items(p)).copied()
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
fn split_at_pair(
    pad: usize,
    code: &str,
    shape: &Shape,
    open: usize,
    close: usize,
    work: &mut Work,
    out: &mut String,
) {
    let inner_pad = pad + INDENT;
    push(out, pad, &[&code[..=open]]);
    let body = code[open + 1..close].trim();
    let cuts = shape
        .commas
        .iter()
        .filter(|&&(o, _)| o == open)
        .map(|&(_, at)| at);
    let last = match cuts.clone().next_back() {
        Some(cut) => code[cut + 1..close].trim(),
        None => code[open + 1..close].trim(),
    };
    let before_last = cuts.clone().count();
    let magic_comma = before_last > 0 && last.is_empty();
    let items = before_last + usize::from(!last.is_empty());
    let subscript = code.as_bytes()[open] == b'[' && !is_literal(code, open);
    let one_per_line = magic_comma || (items > 1 && is_literal(code, open));
    if !one_per_line && inner_pad + width(body) <= LINE_LENGTH || items < 2 {
        split_parts(inner_pad, &[body], true, work, out);
    } else {
        let comma = if subscript && items == 1 { "" } else { "," };
        let mut from = open + 1;
        for cut in cuts {
            split_parts(inner_pad, &[code[from..cut].trim(), comma], true, work, out);
            from = cut + 1;
        }
        if !last.is_empty() {
            split_parts(inner_pad, &[last, comma], true, work, out);
        }
    }
    split_tail(pad, &code[close..], work, out);
}

/// The closing bracket and what follows it (`] = relationship(...)`), split
/// as the statement it ends would be.
fn split_tail(pad: usize, tail: &str, work: &mut Work, out: &mut String) {
    // Read in place of the bracket, a name of the same width makes it a
    // statement of its own.
    let first_line = out.len();
    split_parts(pad, &["_", &tail[1..]], false, work, out);
    out.replace_range(first_line + pad..first_line + pad + 1, &tail[..1]);
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
    fn a_call_is_split_at_its_own_commas_not_those_of_the_brackets_inside() {
        let line = format!(
            "Index(\"uq_{0}\", [Row.user_id, Row.{0}], func.lower(Row.{0}), unique=True)",
            "k".repeat(20)
        );
        assert_eq!(
            split(&line),
            format!(
                "Index(\n    \"uq_{0}\",\n    [Row.user_id, Row.{0}],\n    func.lower(Row.{0}),\n    unique=True,\n)\n",
                "k".repeat(20)
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
    fn an_atom_after_an_annotation_with_an_operator_goes_in_parentheses_when_the_target_fits() {
        let target = r#"    species: Literal["dog", "cat", "rabbit", "bird", "other"] | SkipJsonSchema[None] = "#;
        assert_eq!(target.len() + 1, LINE_LENGTH);
        assert_eq!(
            split(&format!("{target}None")),
            format!("{target}(\n        None\n    )\n")
        );
        // One character more, and the annotation is what is split.
        let longer = target.replace("other", "others");
        assert!(split(&format!("{longer}None")).starts_with("    species: (\n"));
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
    fn a_call_after_a_long_annotation_leaves_the_annotation_to_split() {
        let pattern = "9".repeat(40);
        let line = format!(
            "    budget: Annotated[Decimal, DecimalWithin(ge=Decimal(\"0\"), text=\"{pattern}\")] | None = Decimal(\"0.0\")"
        );
        assert_eq!(
            split(&line),
            format!(
                "    budget: (\n        Annotated[\n            Decimal,\n            DecimalWithin(\n                ge=Decimal(\"0\"), text=\"{pattern}\"\n            ),\n        ]\n        | None\n    ) = Decimal(\"0.0\")\n"
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

    /// Lines given a few at a time are laid out as the whole text is: a
    /// triple-quoted string opened in one group is still open in the next,
    /// and a group where nothing is split is left to the caller.
    #[test]
    fn lines_given_in_groups_are_laid_out_as_the_whole_text() {
        let long = format!(
            "    {}: Mapped[str | None] = mapped_column(String(255), index=True)",
            "a".repeat(40)
        );
        let text = format!(
            "x = 1\n\"\"\"Doc\n{long}\n'''inside'''\n\"\"\"\n{long}\ny = '''a''' + \"\"\"b\"\"\"\n{long}\n'''\n{long}\n'''\n{long}\n"
        );
        let whole = lay_out(&text);
        // Split three times, left whole twice (inside strings).
        assert_eq!(whole.matches(&format!("{long}\n")).count(), 2);
        assert_eq!(whole.matches("mapped_column(\n").count(), 3);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for group in 1..=lines.len() {
            let mut layout = Layout::default();
            let mut out = String::new();
            for chunk in lines.chunks(group) {
                let chunk = chunk.concat();
                let mut laid_out = String::new();
                if layout.lay_out_lines(&chunk, &mut laid_out) {
                    assert_ne!(laid_out, chunk);
                    out.push_str(&laid_out);
                } else {
                    assert!(laid_out.is_empty());
                    out.push_str(&chunk);
                }
            }
            assert_eq!(out, whole, "{group} lines at a time");
        }
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
