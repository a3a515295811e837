//! The grammar and the parser cannot drift apart: this test reads
//! `grammar/prd.ebnf` itself and checks it against the parser both ways.
//!
//! - Generated documents: documents are generated from the grammar's `Prd`
//!   production (seeded, so every run is the same), and the parser must
//!   find in each exactly the nodes the generator produced: the title and
//!   headings, the entity sections, their entities with their shapes,
//!   fields, types, enumeration values, modifiers and unique groups, the
//!   user stories and the vendor mentions, each with its span. The
//!   warnings the grammar says some lines get (W0002, W0005) are the only
//!   diagnostics, and lowering knows every type, modifier and key word the
//!   grammar lists. Every production must take part in some document.
//! - The cases and examples: in every ok case and example PRD, each node
//!   the parser reads is a sentence of the production of the same name.
//! - Every production is named by an ok case and an err case in
//!   `tests/data/productions.txt`.
//!
//! A few facts the grammar states in comments are encoded here, each where
//! it is used: which column of a field table holds which cell, and which
//! node of the syntax tree each production stands for.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::rc::Rc;

use microcodegen::diagnostics::Code;
use microcodegen::span::Span;
use microcodegen::syntax::{self, EntityShape, Prd};

// ---------- Reading the grammar ----------

#[derive(Debug, Clone)]
enum Expr {
    Alt(Vec<Expr>),
    Seq(Vec<Expr>),
    Opt(Box<Expr>),
    Star(Box<Expr>),
    Plus(Box<Expr>),
    /// `A - B`: what A matches and B does not.
    Except(Box<Expr>, Box<Expr>),
    Ref(usize),
    Lit(String),
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

struct Grammar {
    names: Vec<String>,
    rules: Vec<Expr>,
}

impl Grammar {
    fn index(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("the grammar has no production `{name}`"))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Define,
    Bar,
    Minus,
    Question,
    Star,
    Plus,
    Open,
    Close,
    Lit(String),
    Class(bool, Vec<(char, char)>),
}

fn hex_char(text: &str) -> char {
    let code = u32::from_str_radix(text, 16).expect("a hexadecimal code point");
    char::from_u32(code).expect("a valid code point")
}

fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let read_hex = |i: &mut usize| -> char {
        let start = *i + 2;
        let mut end = start;
        while end < chars.len() && chars[end].is_ascii_hexdigit() {
            end += 1;
        }
        *i = end;
        hex_char(&chars[start..end].iter().collect::<String>())
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let close = (i + 2..chars.len() - 1)
                .find(|&j| chars[j] == '*' && chars[j + 1] == '/')
                .expect("a closed comment");
            i = close + 2;
        } else if c == ':' {
            assert_eq!(chars[i..i + 3].iter().collect::<String>(), "::=");
            out.push(Token::Define);
            i += 3;
        } else if c == '"' || c == '\'' {
            let close = (i + 1..chars.len())
                .find(|&j| chars[j] == c)
                .expect("a closed string");
            out.push(Token::Lit(chars[i + 1..close].iter().collect()));
            i = close + 1;
        } else if c == '#' {
            out.push(Token::Lit(read_hex(&mut i).to_string()));
        } else if c == '[' {
            i += 1;
            let negated = chars[i] == '^';
            if negated {
                i += 1;
            }
            let mut ranges = Vec::new();
            while chars[i] != ']' {
                let low = if chars[i] == '#' && chars.get(i + 1) == Some(&'x') {
                    read_hex(&mut i)
                } else {
                    i += 1;
                    chars[i - 1]
                };
                if chars[i] == '-' && chars[i + 1] != ']' {
                    i += 1;
                    let high = if chars[i] == '#' && chars.get(i + 1) == Some(&'x') {
                        read_hex(&mut i)
                    } else {
                        i += 1;
                        chars[i - 1]
                    };
                    ranges.push((low, high));
                } else {
                    ranges.push((low, low));
                }
            }
            out.push(Token::Class(negated, ranges));
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Name(chars[start..i].iter().collect()));
        } else {
            out.push(match c {
                '|' => Token::Bar,
                '-' => Token::Minus,
                '?' => Token::Question,
                '*' => Token::Star,
                '+' => Token::Plus,
                '(' => Token::Open,
                ')' => Token::Close,
                _ => panic!("unexpected `{c}` in the grammar"),
            });
            i += 1;
        }
    }
    out
}

struct Reader {
    tokens: Vec<Token>,
    at: usize,
    names: Vec<String>,
}

impl Reader {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.at + ahead)
    }

    /// Whether the next tokens start the next production (`Name ::=`).
    fn at_definition(&self) -> bool {
        matches!(self.peek(0), Some(Token::Name(_))) && self.peek(1) == Some(&Token::Define)
    }

    fn alt(&mut self) -> Expr {
        let mut items = vec![self.seq()];
        while self.peek(0) == Some(&Token::Bar) {
            self.at += 1;
            items.push(self.seq());
        }
        if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::Alt(items)
        }
    }

    fn seq(&mut self) -> Expr {
        let mut items = Vec::new();
        while !self.at_definition()
            && matches!(
                self.peek(0),
                Some(Token::Name(_) | Token::Lit(_) | Token::Class(..) | Token::Open)
            )
        {
            items.push(self.except());
        }
        if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::Seq(items)
        }
    }

    fn except(&mut self) -> Expr {
        let base = self.postfix();
        if self.peek(0) == Some(&Token::Minus) {
            self.at += 1;
            let excluded = self.postfix();
            return Expr::Except(Box::new(base), Box::new(excluded));
        }
        base
    }

    fn postfix(&mut self) -> Expr {
        let mut expr = self.primary();
        loop {
            expr = match self.peek(0) {
                Some(Token::Question) => Expr::Opt(Box::new(expr)),
                Some(Token::Star) => Expr::Star(Box::new(expr)),
                Some(Token::Plus) => Expr::Plus(Box::new(expr)),
                _ => return expr,
            };
            self.at += 1;
        }
    }

    fn primary(&mut self) -> Expr {
        let token = self.peek(0).cloned().expect("an expression");
        self.at += 1;
        match token {
            Token::Name(name) => Expr::Ref(self.name_index(&name)),
            Token::Lit(text) => Expr::Lit(text),
            Token::Class(negated, ranges) => Expr::Class { negated, ranges },
            Token::Open => {
                let inner = self.alt();
                assert_eq!(self.peek(0), Some(&Token::Close), "a closing parenthesis");
                self.at += 1;
                inner
            }
            other => panic!("unexpected {other:?} in the grammar"),
        }
    }

    fn name_index(&mut self, name: &str) -> usize {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_string());
                self.names.len() - 1
            }
        }
    }
}

fn read_grammar() -> Grammar {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/prd.ebnf");
    let source = std::fs::read_to_string(path).expect("grammar/prd.ebnf is readable");
    let mut reader = Reader {
        tokens: tokens(&source),
        at: 0,
        names: Vec::new(),
    };
    let mut rules: BTreeMap<usize, Expr> = BTreeMap::new();
    while reader.at < reader.tokens.len() {
        let Some(Token::Name(name)) = reader.peek(0).cloned() else {
            panic!("expected a production at token {}", reader.at);
        };
        reader.at += 2;
        let index = reader.name_index(&name);
        let expr = reader.alt();
        assert!(
            rules.insert(index, expr).is_none(),
            "`{name}` is defined twice"
        );
    }
    let names = reader.names;
    let undefined: Vec<&String> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| !rules.contains_key(i))
        .map(|(_, n)| n)
        .collect();
    assert!(undefined.is_empty(), "used but not defined: {undefined:?}");
    Grammar {
        names,
        rules: rules.into_values().collect(),
    }
}

// ---------- Matching ----------

/// Whether a literal matches at the start of `text`, and its length there:
/// ignoring ASCII case unless the literal has a capital letter.
fn literal_at(literal: &str, text: &str) -> Option<usize> {
    let exact = literal.chars().any(|c| c.is_ascii_uppercase());
    let mut length = 0;
    let mut chars = text.chars();
    for expected in literal.chars() {
        let found = chars.next()?;
        let same = if exact {
            found == expected
        } else {
            found.eq_ignore_ascii_case(&expected)
        };
        if !same {
            return None;
        }
        length += found.len_utf8();
    }
    Some(length)
}

fn in_class(c: char, negated: bool, ranges: &[(char, char)]) -> bool {
    ranges.iter().any(|&(low, high)| low <= c && c <= high) != negated
}

/// The set of positions where an expression can end, started at a given
/// position of one text; memoised per production and position.
struct Matcher<'a> {
    grammar: &'a Grammar,
    text: &'a str,
    memo: HashMap<(usize, usize), Rc<Vec<usize>>>,
}

impl<'a> Matcher<'a> {
    fn new(grammar: &'a Grammar, text: &'a str) -> Self {
        Matcher {
            grammar,
            text,
            memo: HashMap::new(),
        }
    }

    fn ends(&mut self, expr: &Expr, at: usize) -> Vec<usize> {
        match expr {
            Expr::Lit(literal) => literal_at(literal, &self.text[at..])
                .map(|length| vec![at + length])
                .unwrap_or_default(),
            Expr::Class { negated, ranges } => match self.text[at..].chars().next() {
                Some(c) if in_class(c, *negated, ranges) => vec![at + c.len_utf8()],
                _ => Vec::new(),
            },
            Expr::Ref(rule) => {
                if let Some(found) = self.memo.get(&(*rule, at)) {
                    return found.as_ref().clone();
                }
                let grammar = self.grammar;
                let found = self.ends(&grammar.rules[*rule], at);
                self.memo.insert((*rule, at), Rc::new(found.clone()));
                found
            }
            Expr::Alt(items) => {
                let mut all = BTreeSet::new();
                for item in items {
                    all.extend(self.ends(item, at));
                }
                all.into_iter().collect()
            }
            Expr::Seq(items) => {
                let mut positions = BTreeSet::from([at]);
                for item in items {
                    let mut next = BTreeSet::new();
                    for position in positions {
                        next.extend(self.ends(item, position));
                    }
                    if next.is_empty() {
                        return Vec::new();
                    }
                    positions = next;
                }
                positions.into_iter().collect()
            }
            Expr::Opt(inner) => {
                let mut all: BTreeSet<usize> = self.ends(inner, at).into_iter().collect();
                all.insert(at);
                all.into_iter().collect()
            }
            Expr::Star(inner) => self.repeat(inner, vec![at]),
            Expr::Plus(inner) => {
                let first = self.ends(inner, at);
                self.repeat(inner, first)
            }
            Expr::Except(base, excluded) => {
                let excluded: BTreeSet<usize> = self.ends(excluded, at).into_iter().collect();
                self.ends(base, at)
                    .into_iter()
                    .filter(|end| !excluded.contains(end))
                    .collect()
            }
        }
    }

    fn repeat(&mut self, inner: &Expr, start: Vec<usize>) -> Vec<usize> {
        let mut seen: BTreeSet<usize> = start.iter().copied().collect();
        let mut frontier = start;
        while let Some(position) = frontier.pop() {
            for end in self.ends(inner, position) {
                if end > position && seen.insert(end) {
                    frontier.push(end);
                }
            }
        }
        seen.into_iter().collect()
    }
}

/// Whether the whole text is a sentence of the expression.
fn is_sentence(grammar: &Grammar, expr: &Expr, text: &str) -> bool {
    Matcher::new(grammar, text)
        .ends(expr, 0)
        .contains(&text.len())
}

// ---------- Generating ----------

/// splitmix64: a small deterministic generator, so the documents are the
/// same on every run and every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut pick = self.below(weights.iter().sum());
        for (i, &weight) in weights.iter().enumerate() {
            if pick < weight {
                return i;
            }
            pick -= weight;
        }
        unreachable!("the pick is below the sum of the weights")
    }
}

/// The characters character classes are sampled from: letters without the
/// vowels a, e, i and o, so that free text never spells a vendor's name by
/// chance (a mention comes only from IntegrationMention; the grammar's
/// other words get into free text on purpose, see `repetition`); digits;
/// whitespace; and punctuation the language gives a meaning to somewhere,
/// and some it does not.
const POOL: &str = "bcdfghjklmnpqrstuvwxyzBCDFGHJKLMNPQRSTUVWXYZ0123456789 \t,.:;()-*_#|\"'`!?=+/@&\\~<>[]{}^$%é日🚀—–";

#[derive(Debug, Clone, Copy)]
struct Node {
    rule: usize,
    start: usize,
    end: usize,
    parent: Option<usize>,
}

struct Generator<'g> {
    grammar: &'g Grammar,
    rng: Rng,
    out: String,
    nodes: Vec<Node>,
    open: Vec<usize>,
    /// The cell production of each column of the table being generated.
    columns: Vec<usize>,
    /// Productions that took part in rejecting a candidate on the right of
    /// `-`: they are exercised without being generated.
    rejected_by: BTreeSet<usize>,
    pool: Vec<char>,
    /// The grammar's quoted strings but the vendors' names, which would be
    /// mentions wherever they stood.
    words: Vec<String>,
}

/// The grammar does not recurse, so generation never nests deeper than
/// this.
const MAX_DEPTH: usize = 80;

/// The quoted strings of the grammar but the vendors' names.
fn literals(grammar: &Grammar) -> Vec<String> {
    fn collect(expr: &Expr, into: &mut BTreeSet<String>) {
        match expr {
            Expr::Lit(text) => {
                into.insert(text.clone());
            }
            Expr::Alt(items) | Expr::Seq(items) => items.iter().for_each(|i| collect(i, into)),
            Expr::Opt(inner) | Expr::Star(inner) | Expr::Plus(inner) => collect(inner, into),
            Expr::Except(base, excluded) => {
                collect(base, into);
                collect(excluded, into);
            }
            Expr::Ref(_) | Expr::Class { .. } => {}
        }
    }
    let vendors = grammar.index("VendorName");
    let mut words = BTreeSet::new();
    for (rule, expr) in grammar.rules.iter().enumerate() {
        if rule != vendors {
            collect(expr, &mut words);
        }
    }
    words.into_iter().collect()
}

impl<'g> Generator<'g> {
    fn new(grammar: &'g Grammar, seed: u64) -> Self {
        Generator {
            grammar,
            rng: Rng(seed),
            out: String::new(),
            nodes: Vec::new(),
            open: Vec::new(),
            columns: Vec::new(),
            rejected_by: BTreeSet::new(),
            pool: POOL.chars().collect(),
            words: literals(grammar),
        }
    }

    fn mark(&self) -> (usize, usize) {
        (self.out.len(), self.nodes.len())
    }

    fn rollback(&mut self, (out, nodes): (usize, usize)) {
        self.out.truncate(out);
        self.nodes.truncate(nodes);
    }

    /// Generates a sentence of `expr`; `false` when no attempt satisfied
    /// an exclusion, with nothing written.
    fn generate(&mut self, expr: &Expr, depth: usize) -> bool {
        assert!(
            depth < MAX_DEPTH,
            "the grammar nests deeper than {MAX_DEPTH}"
        );
        match expr {
            Expr::Lit(literal) => {
                let recase = literal.chars().all(|c| !c.is_ascii_uppercase())
                    && literal.chars().any(|c| c.is_ascii_alphabetic())
                    && self.rng.below(4) == 0;
                if recase {
                    for c in literal.chars() {
                        let upper = self.rng.below(2) == 0;
                        self.out
                            .push(if upper { c.to_ascii_uppercase() } else { c });
                    }
                } else {
                    self.out.push_str(literal);
                }
                true
            }
            Expr::Class { negated, ranges } => {
                let choices: Vec<char> = self
                    .pool
                    .iter()
                    .copied()
                    .filter(|&c| in_class(c, *negated, ranges))
                    .collect();
                assert!(!choices.is_empty(), "no pool character fits {expr:?}");
                let c = choices[self.rng.below(choices.len())];
                self.out.push(c);
                true
            }
            Expr::Ref(rule) => self.production(*rule, depth),
            Expr::Alt(items) => {
                // The first alternative, usually the plainest, weighs as
                // much as two others; if one fails, the others are tried.
                let mut weights: Vec<usize> = vec![1; items.len()];
                weights[0] = 2;
                let mut order = Vec::new();
                while order.len() < items.len() {
                    let pick = self.rng.weighted(&weights);
                    weights[pick] = 0;
                    order.push(pick);
                }
                order
                    .into_iter()
                    .any(|i| self.attempt(|g| g.generate(&items[i], depth + 1)))
            }
            Expr::Seq(items) => {
                let mark = self.mark();
                let done = items.iter().all(|item| self.generate(item, depth + 1));
                if !done {
                    self.rollback(mark);
                }
                done
            }
            Expr::Opt(inner) => {
                if self.rng.below(2) == 0 {
                    self.attempt(|g| g.generate(inner, depth + 1));
                }
                true
            }
            Expr::Star(inner) => {
                let count = self.rng.weighted(&[4, 4, 3, 1]);
                for i in 0..count {
                    if !self.repetition(inner, depth, i == 0) {
                        break;
                    }
                }
                true
            }
            Expr::Plus(inner) => {
                let count = 1 + self.rng.weighted(&[4, 3, 1]);
                if !self.repetition(inner, depth, true) {
                    return false;
                }
                for _ in 1..count {
                    if !self.repetition(inner, depth, false) {
                        break;
                    }
                }
                true
            }
            Expr::Except(base, excluded) => {
                // Now and then a sentence of the excluded side is tried as
                // a candidate first: one that the base also matches shows
                // the exclusion takes something away, and which part of it.
                if self.rng.below(3) == 0 {
                    let mark = self.mark();
                    if self.generate(excluded, depth + 1) {
                        let text = self.out[mark.0..].to_string();
                        if is_sentence(self.grammar, base, &text) {
                            self.note_rejection(excluded, &text);
                        }
                    }
                    self.rollback(mark);
                }
                for _ in 0..24 {
                    let mark = self.mark();
                    if self.generate(base, depth + 1) {
                        let text = self.out[mark.0..].to_string();
                        if !is_sentence(self.grammar, excluded, &text) {
                            return true;
                        }
                        self.note_rejection(excluded, &text);
                    }
                    self.rollback(mark);
                }
                false
            }
        }
    }

    /// One repetition of `inner`. A run of characters of a class now and
    /// then holds one of the grammar's own words or marks instead (`as a`,
    /// `unique`, a fence, `|`), most often at its start, so that the
    /// exclusions that keep free text from reading as a declaration are
    /// put to work.
    fn repetition(&mut self, inner: &Expr, depth: usize, first: bool) -> bool {
        if let Expr::Class { negated, ranges } = inner
            && self.rng.below(if first { 4 } else { 8 }) == 0
        {
            let fitting: Vec<&String> = self
                .words
                .iter()
                .filter(|word| !word.is_empty())
                .filter(|word| word.chars().all(|c| in_class(c, *negated, ranges)))
                .collect();
            if !fitting.is_empty() {
                let word = fitting[self.rng.below(fitting.len())].clone();
                self.out.push_str(&word);
                return true;
            }
        }
        self.attempt(|g| g.generate(inner, depth + 1))
    }

    /// Runs one generation step, undoing what it wrote if it fails.
    fn attempt(&mut self, step: impl FnOnce(&mut Self) -> bool) -> bool {
        let mark = self.mark();
        let done = step(self);
        if !done {
            self.rollback(mark);
        }
        done
    }

    fn production(&mut self, rule: usize, depth: usize) -> bool {
        let name = self.grammar.names[rule].as_str();
        let index = self.nodes.len();
        self.nodes.push(Node {
            rule,
            start: self.out.len(),
            end: self.out.len(),
            parent: self.open.last().copied(),
        });
        self.open.push(index);
        let grammar = self.grammar;
        let done = match name {
            "TableField" => self.table_row(rule, depth),
            // A header must name the field and type columns: tried until
            // one does.
            "TableHeader" => (0..64).any(|_| {
                let mark = self.mark();
                let done = self.generate(&grammar.rules[rule], depth + 1);
                self.nodes[index].end = self.out.len();
                done && self.table_header(index) || {
                    self.rollback(mark);
                    false
                }
            }),
            _ => self.generate(&grammar.rules[rule], depth + 1),
        };
        self.open.pop();
        if !done {
            self.nodes.truncate(index);
            return false;
        }
        self.nodes[index].end = self.out.len();
        if name == "FieldTable" {
            self.columns.clear();
        }
        true
    }

    /// The grammar says a table header names a NameColumn and a
    /// TypeColumn, and each column once except ConstraintsColumn; this
    /// records the cell production of each column (`NameColumn` is read
    /// by a `NameCell`), for the rows.
    fn table_header(&mut self, header: usize) -> bool {
        let columns: Vec<&str> = self
            .children(header)
            .into_iter()
            .map(|child| self.grammar.names[self.nodes[child].rule].as_str())
            .filter(|name| name.ends_with("Column"))
            .collect();
        let once = [
            "NameColumn",
            "TypeColumn",
            "RequiredColumn",
            "DefaultColumn",
        ];
        let valid = ["NameColumn", "TypeColumn"]
            .iter()
            .all(|needed| columns.contains(needed))
            && once
                .iter()
                .all(|kind| columns.iter().filter(|c| *c == kind).count() <= 1);
        if !valid {
            return false;
        }
        self.columns = columns
            .iter()
            .map(|column| {
                let cell = column.replace("Column", "Cell");
                self.grammar.index(&cell)
            })
            .collect();
        true
    }

    /// A row with a cell of each column's kind; it must also be a sentence
    /// of the TableField production.
    fn table_row(&mut self, rule: usize, depth: usize) -> bool {
        if self.columns.is_empty() {
            // Outside a table, as where a Field may be anything but a row.
            return false;
        }
        let start = self.out.len();
        self.out.push('|');
        for cell in self.columns.clone() {
            if !self.production(cell, depth + 1) {
                return false;
            }
            self.out.push('|');
        }
        let row = self.out[start..].to_string();
        assert!(
            is_sentence(self.grammar, &self.grammar.rules[rule], &row),
            "a generated row is not a TableField: {row:?}"
        );
        true
    }

    fn children(&self, parent: usize) -> Vec<usize> {
        (parent + 1..self.nodes.len())
            .filter(|&i| self.nodes[i].parent == Some(parent))
            .collect()
    }

    /// Records the productions that rejected a candidate: those of the
    /// excluded alternatives that match it, and the ones those cannot
    /// match without.
    fn note_rejection(&mut self, excluded: &Expr, text: &str) {
        match excluded {
            Expr::Ref(rule) => {
                let grammar = self.grammar;
                if is_sentence(grammar, &grammar.rules[*rule], text) {
                    self.rejected_by.insert(*rule);
                    self.note_rejection(&grammar.rules[*rule], text);
                }
            }
            Expr::Alt(items) => {
                for item in items {
                    if is_sentence(self.grammar, item, text) {
                        self.note_rejection(item, text);
                    }
                }
            }
            Expr::Seq(items) => {
                for item in items {
                    let required = match item {
                        Expr::Plus(inner) => inner.as_ref(),
                        other => other,
                    };
                    if let Expr::Ref(rule) = required {
                        self.rejected_by.insert(*rule);
                    }
                }
            }
            _ => {}
        }
    }
}

// ---------- What a document should parse to ----------

type Piece = (String, Span);

/// The parts of a syntax tree the grammar decides, with spans.
#[derive(Debug, PartialEq)]
struct TreeView {
    title: Option<Piece>,
    headings: Vec<HeadingView>,
    sections: Vec<SectionView>,
    stories: Vec<StoryView>,
    mentions: Vec<Piece>,
}

#[derive(Debug, PartialEq)]
struct HeadingView {
    level: usize,
    span: Span,
    /// `None` where the grammar does not name the heading's text (an
    /// entity's heading, whose name is checked with the entity).
    text: Option<Piece>,
}

#[derive(Debug, PartialEq)]
struct SectionView {
    heading: Piece,
    entities: Vec<EntityView>,
}

#[derive(Debug, PartialEq)]
struct EntityView {
    name: Piece,
    shape: EntityShape,
    fields: Vec<FieldView>,
    unique_groups: Vec<(Span, Vec<Piece>)>,
}

#[derive(Debug, PartialEq)]
struct FieldView {
    span: Span,
    name: Piece,
    type_name: Piece,
    enum_values: Option<Vec<Piece>>,
    modifiers: Vec<ModifierView>,
}

#[derive(Debug, PartialEq)]
struct ModifierView {
    text: String,
    span: Span,
    key: Option<Piece>,
    value: Option<Piece>,
}

#[derive(Debug, PartialEq)]
struct StoryView {
    span: Span,
    role: Piece,
    goal: Piece,
    benefit: Option<Piece>,
}

fn text_piece(text: &syntax::Text) -> Piece {
    (text.text.clone(), text.span)
}

fn parsed_view(prd: &Prd) -> TreeView {
    TreeView {
        title: prd.title.as_ref().map(|title| text_piece(&title.text)),
        headings: prd
            .headings
            .iter()
            .map(|heading| HeadingView {
                level: usize::from(heading.level),
                span: heading.span,
                text: Some(text_piece(&heading.text)),
            })
            .collect(),
        sections: prd
            .entity_sections
            .iter()
            .map(|section| SectionView {
                heading: text_piece(&section.heading),
                entities: section
                    .entities
                    .iter()
                    .map(|entity| EntityView {
                        name: text_piece(&entity.name),
                        shape: entity.shape,
                        fields: entity
                            .fields
                            .iter()
                            .map(|field| FieldView {
                                span: field.span,
                                name: text_piece(&field.name),
                                type_name: text_piece(&field.type_name),
                                enum_values: field
                                    .enum_values
                                    .as_ref()
                                    .map(|values| values.iter().map(text_piece).collect()),
                                modifiers: field
                                    .modifiers
                                    .iter()
                                    .map(|modifier| ModifierView {
                                        text: modifier.text.clone(),
                                        span: modifier.span,
                                        key: modifier.key.as_ref().map(text_piece),
                                        value: modifier.value.as_ref().map(text_piece),
                                    })
                                    .collect(),
                            })
                            .collect(),
                        unique_groups: entity
                            .unique_groups
                            .iter()
                            .map(|group| {
                                (group.span, group.fields.iter().map(text_piece).collect())
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        stories: prd
            .user_stories
            .iter()
            .map(|story| StoryView {
                span: story.span,
                role: text_piece(&story.role),
                goal: text_piece(&story.goal),
                benefit: story.benefit.as_ref().map(text_piece),
            })
            .collect(),
        mentions: prd
            .integration_mentions
            .iter()
            .map(|mention| (mention.vendor.to_string(), mention.span))
            .collect(),
    }
}

/// A generated document and the productions it was generated with.
struct Derivation<'g> {
    grammar: &'g Grammar,
    text: String,
    nodes: Vec<Node>,
}

/// The productions of an entity section, one for each level of heading
/// that opens it.
const SECTIONS: &[&str] = &[
    "EntitySection",
    "TopSection",
    "DeepSection",
    "DeeperSection",
];

/// The lines that are headings to the parser, and so in `Prd::headings`.
const HEADING_LINES: &[&str] = &[
    "TitleLine",
    "HeadingLine",
    "SectionHeadingLine",
    "EntityHeadingLine",
    "InlineEntityHeadingLine",
    "UnrecognisedHeadingLine",
    "LowerEntityHeadingLine",
];

impl Derivation<'_> {
    fn name(&self, node: usize) -> &str {
        &self.grammar.names[self.nodes[node].rule]
    }

    fn span(&self, node: usize) -> Span {
        Span::new(self.nodes[node].start, self.nodes[node].end)
    }

    fn piece(&self, node: usize) -> Piece {
        let span = self.span(node);
        (self.text[span.range()].to_string(), span)
    }

    /// The span without whitespace around it, as the parser gives a line.
    fn trimmed(&self, node: usize) -> Span {
        let span = self.span(node);
        let text = &self.text[span.range()];
        let start = span.start + (text.len() - text.trim_start().len());
        Span::new(start, start + text.trim().len())
    }

    fn is_within(&self, node: usize, ancestor: usize) -> bool {
        let mut at = self.nodes[node].parent;
        while let Some(parent) = at {
            if parent == ancestor {
                return true;
            }
            at = self.nodes[parent].parent;
        }
        false
    }

    /// The nodes named `name` inside `within` (or anywhere), in order.
    fn all(&self, name: &str, within: Option<usize>) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&node| self.name(node) == name)
            .filter(|&node| within.is_none_or(|ancestor| self.is_within(node, ancestor)))
            .collect()
    }

    fn first(&self, name: &str, within: usize) -> Option<usize> {
        self.all(name, Some(within)).into_iter().next()
    }

    fn children(&self, parent: usize) -> Vec<usize> {
        (parent + 1..self.nodes.len())
            .filter(|&node| self.nodes[node].parent == Some(parent))
            .collect()
    }

    fn line_of(&self, node: usize) -> usize {
        1 + self.text[..self.nodes[node].start].matches('\n').count()
    }

    fn view(&self) -> TreeView {
        let heading_text = |line: usize| -> Option<Piece> {
            match self.name(line) {
                "TitleLine" | "HeadingLine" => self
                    .first("HeadingWords", line)
                    .and_then(|words| self.first("Text", words))
                    .map(|text| self.piece(text)),
                "SectionHeadingLine" => {
                    self.first("SectionName", line).map(|name| self.piece(name))
                }
                _ => None,
            }
        };
        TreeView {
            title: self
                .all("Title", None)
                .first()
                .and_then(|&title| self.first("HeadingWords", title))
                .and_then(|words| self.first("Text", words))
                .map(|text| self.piece(text)),
            headings: (0..self.nodes.len())
                .filter(|&node| HEADING_LINES.contains(&self.name(node)))
                .map(|line| {
                    let span = self.trimmed(line);
                    HeadingView {
                        level: self.text[span.range()]
                            .chars()
                            .take_while(|&c| c == '#')
                            .count(),
                        span,
                        text: heading_text(line),
                    }
                })
                .collect(),
            sections: (0..self.nodes.len())
                .filter(|&node| SECTIONS.contains(&self.name(node)))
                .map(|section| SectionView {
                    heading: self
                        .piece(self.first("SectionName", section).expect("a section name")),
                    entities: self
                        .all("Entity", Some(section))
                        .into_iter()
                        .map(|entity| self.entity(entity))
                        .collect(),
                })
                .collect(),
            stories: self
                .all("UserStory", None)
                .into_iter()
                .map(|story| StoryView {
                    span: self.span(story),
                    role: self.piece(self.first("Role", story).expect("a role")),
                    goal: self.piece(self.first("Goal", story).expect("a goal")),
                    benefit: self.first("Benefit", story).map(|b| self.piece(b)),
                })
                .collect(),
            mentions: self
                .all("IntegrationMention", None)
                .into_iter()
                .map(|mention| {
                    let (text, span) = self.piece(mention);
                    (text.to_ascii_lowercase(), span)
                })
                .collect(),
        }
    }

    fn entity(&self, entity: usize) -> EntityView {
        let mut form = self.children(entity)[0];
        if self.name(form) == "WrittenEntity" {
            form = self.children(form)[0];
        }
        let shape = match self.name(form) {
            "BulletEntity" | "LabelEntity" | "RemarkedEntity" | "LowerLabelEntity"
            | "LowerBulletEntity" | "BareLowerEntity" => EntityShape::Bullet,
            "InlineEntity" | "InlineEntityLine" | "ColumnListEntity" => EntityShape::Inline,
            "HeadingEntity" | "LowerHeadingEntity" => EntityShape::Heading,
            other => panic!("an Entity of an unknown form: {other}"),
        };
        EntityView {
            name: self.piece(
                self.first("EntityName", entity)
                    .or_else(|| self.first("BareLowerName", entity))
                    .or_else(|| self.first("LowerEntityName", entity))
                    .expect("a name"),
            ),
            shape,
            // A field without its list marker is reported, not read.
            fields: {
                let mut fields = self.all("Field", Some(entity));
                fields.extend(self.all("UntypedField", Some(entity)));
                fields.extend(self.all("Column", Some(entity)));
                fields.sort_unstable();
                fields
            }
            .into_iter()
            .filter(|&field| {
                !self
                    .all("UnmarkedField", Some(entity))
                    .into_iter()
                    .any(|unmarked| self.is_within(field, unmarked))
            })
            .map(|field| self.field(field))
            .collect(),
            unique_groups: self
                .all("UniqueGroup", Some(entity))
                .into_iter()
                .map(|group| {
                    let names = self
                        .all("FieldName", Some(group))
                        .into_iter()
                        .map(|name| self.piece(name))
                        .collect();
                    (self.span(group), names)
                })
                .collect(),
        }
    }

    fn field(&self, field: usize) -> FieldView {
        if self.name(field) == "UntypedField" {
            return self.untyped_field(field);
        }
        if self.name(field) == "Column" {
            return self.column(field);
        }
        let form = self.children(field)[0];
        let type_node = match self.name(form) {
            "TableField" => self.first("CellType", form),
            _ => self.first("FieldType", form),
        }
        .expect("a type");
        let values = self
            .children(type_node)
            .into_iter()
            .find(|&child| matches!(self.name(child), "EnumValues" | "CellEnumValues"));
        let type_end = values.map_or(self.nodes[type_node].end, |values| self.nodes[values].start);
        let type_text = self.text[self.nodes[type_node].start..type_end].trim_end();
        let type_start = self.nodes[type_node].start;
        // A table row's modifiers come in the order the parser reads its
        // cells: the type cell's, each constraints cell's, then the
        // Required and Default cells'.
        let modifiers = match self.name(form) {
            "TableField" => {
                let mut ordered = Vec::new();
                for kind in ["TypeCell", "ConstraintsCell"] {
                    for cell in self.all(kind, Some(form)) {
                        ordered.extend(
                            self.all("Modifier", Some(cell))
                                .into_iter()
                                .map(|m| self.modifier(m)),
                        );
                    }
                }
                for word in ["RequiredYes", "RequiredNo"] {
                    for node in self.all(word, Some(form)) {
                        ordered.push(ModifierView {
                            text: if word == "RequiredYes" {
                                "required"
                            } else {
                                "optional"
                            }
                            .to_string(),
                            span: self.span(node),
                            key: None,
                            value: None,
                        });
                    }
                }
                for entry in self.all("DefaultEntry", Some(form)) {
                    let (value, span) = self.piece(entry);
                    ordered.push(ModifierView {
                        text: format!("default={value}"),
                        span,
                        key: Some(("default".to_string(), span)),
                        value: Some((value, span)),
                    });
                }
                ordered
            }
            _ => self
                .all("Modifier", Some(form))
                .into_iter()
                .map(|m| self.modifier(m))
                .collect(),
        };
        FieldView {
            span: self.trimmed(field),
            name: self.piece(self.first("FieldName", form).expect("a field name")),
            type_name: (
                type_text.to_string(),
                Span::new(type_start, type_start + type_text.len()),
            ),
            enum_values: values.map(|values| {
                self.all("EnumValue", Some(values))
                    .into_iter()
                    .map(|value| self.piece(value))
                    .collect()
            }),
            modifiers,
        }
    }

    /// A field written without a type: the type the parser keeps is
    /// empty, right after the name (lowering infers it).
    fn untyped_field(&self, field: usize) -> FieldView {
        let name = self
            .first("FieldName", field)
            .or_else(|| self.first("CamelFieldName", field))
            .expect("a field name");
        let end = self.nodes[field].end;
        FieldView {
            span: self.trimmed(field),
            name: self.piece(name),
            type_name: (String::new(), Span::new(end, end)),
            enum_values: None,
            modifiers: Vec::new(),
        }
    }

    /// A column of a column list: untyped unless it is an enumeration,
    /// whose type is the `ENUM` word before its values.
    fn column(&self, column: usize) -> FieldView {
        let name = self
            .first("FieldName", column)
            .or_else(|| self.first("CamelFieldName", column))
            .expect("a column name");
        let name_end = self.nodes[name].end;
        let enumeration = self.first("ColumnEnum", column);
        FieldView {
            span: self.trimmed(column),
            name: self.piece(name),
            type_name: match enumeration.and_then(|e| self.first("ColumnEnumWord", e)) {
                Some(word) => ("enum".to_string(), self.span(word)),
                None => (String::new(), Span::new(name_end, name_end)),
            },
            enum_values: enumeration.map(|e| {
                self.all("EnumValue", Some(e))
                    .into_iter()
                    .map(|value| self.piece(value))
                    .collect()
            }),
            modifiers: self
                .all("ColumnModifier", Some(column))
                .into_iter()
                .map(|m| self.modifier(m))
                .collect(),
        }
    }

    fn modifier(&self, modifier: usize) -> ModifierView {
        let (text, span) = self.piece(modifier);
        let value = self.first("ModifierValue", modifier).map(|value| {
            let (text, span) = self.piece(value);
            let quoted = text.len() >= 2
                && ['"', '\'', '`']
                    .iter()
                    .any(|&q| text.starts_with(q) && text.ends_with(q));
            if quoted {
                (
                    text[1..text.len() - 1].to_string(),
                    Span::new(span.start + 1, span.end - 1),
                )
            } else {
                (text, span)
            }
        });
        ModifierView {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            span,
            key: self
                .first("ModifierKey", modifier)
                .map(|key| self.piece(key)),
            value,
        }
    }

    /// The warnings the grammar says its lines get, by line.
    fn warnings(&self) -> Vec<(&'static str, usize)> {
        let prose_lines: BTreeSet<usize> = self
            .all("SectionProse", None)
            .into_iter()
            .map(|node| self.line_of(node))
            .collect();
        let mut warnings: Vec<(&'static str, usize)> = (0..self.nodes.len())
            .filter_map(|node| {
                let code = match self.name(node) {
                    "UnrecognisedItem" | "UnrecognisedHeadingLine" => "W0002",
                    "StoryLike" => "W0005",
                    "UnmarkedField" => "W0020",
                    // A paragraph is reported once, at its first line.
                    "SectionProse" if !prose_lines.contains(&(self.line_of(node) - 1)) => "N0030",
                    "ColumnEtc" | "EntityRemark" => "N0030",
                    "SkippedCodeBlock" => "N0003",
                    _ => return None,
                };
                Some((code, self.line_of(node)))
            })
            .collect();
        warnings.sort_by_key(|&(code, line)| (line, code));
        warnings
    }

    /// Spans of the words lowering must know.
    fn vocabulary_words(&self) -> Vec<Span> {
        ["TypeWord", "ModifierWord", "ModifierKey"]
            .iter()
            .flat_map(|name| self.all(name, None))
            .map(|node| self.span(node))
            .collect()
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    1 + text[..offset].matches('\n').count()
}

/// Where two renderings first differ, with the lines around it.
fn first_difference(expected: &str, found: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let found: Vec<&str> = found.lines().collect();
    let at = (0..expected.len().max(found.len()))
        .find(|&i| expected.get(i) != found.get(i))
        .unwrap_or(0);
    let around = |lines: &[&str]| {
        lines[at.saturating_sub(12).min(lines.len())..(at + 16).min(lines.len())].join("\n")
    };
    format!(
        "expected (from the grammar):\n{}\nfound (by the parser):\n{}",
        around(&expected),
        around(&found)
    )
}

/// Checks one generated document; `Err` says how the parser disagrees.
fn check_document(derivation: &Derivation) -> Result<(), String> {
    let text = &derivation.text;
    let (prd, diagnostics) = syntax::parse(text);
    let expected = derivation.view();
    let mut found = parsed_view(&prd);
    if found.headings.len() == expected.headings.len() {
        for (found, expected) in found.headings.iter_mut().zip(&expected.headings) {
            if expected.text.is_none() {
                found.text = None;
            }
        }
    }
    if found != expected {
        return Err(format!(
            "the parser read another tree:\n{}",
            first_difference(&format!("{expected:#?}"), &format!("{found:#?}"))
        ));
    }
    let mut warnings: Vec<(&'static str, usize)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), line_at(text, d.primary.span.start)))
        .collect();
    warnings.sort_by_key(|&(code, line)| (line, code));
    let expected_warnings = derivation.warnings();
    if warnings != expected_warnings {
        return Err(format!(
            "the parser reported {warnings:?}, the grammar says {expected_warnings:?}\n{diagnostics:#?}"
        ));
    }
    let words = derivation.vocabulary_words();
    let analysis = microcodegen::analyze(text.as_bytes());
    for diagnostic in &analysis.diagnostics {
        let unknown = matches!(diagnostic.code, Code::UnknownType | Code::UnknownModifier);
        if unknown
            && words
                .iter()
                .any(|word| word.contains(diagnostic.primary.span))
        {
            return Err(format!(
                "lowering does not know a word the grammar lists: {}",
                diagnostic.message
            ));
        }
    }
    Ok(())
}

/// The productions of schemas embedded in code blocks and of the data
/// model's blocks: the parser renames and translates what they declare
/// (`seed_packets` is the entity `SeedPacket`, `VARCHAR` the type
/// `string`), so a generated document's derivation cannot say which nodes
/// the parser finds; these productions are checked against the cases and
/// examples instead (every node read from them is a sentence of its
/// production), not generated. So are those of a document pasted without
/// Markdown, which has no headings, where every generated document has, of
/// a section heading with a leading qualifier or all in bold, and
/// those of fields named in words, which the parser tries only where the
/// field rules fail.
const CASES_ONLY: &[&str] = &[
    "SchemaBlock",
    "SchemaFenceName",
    "SchemaEntityName",
    "SchemaName",
    "SchemaField",
    "SchemaUniqueGroup",
    "JsonMember",
    "JsonString",
    "JsonWord",
    "TreeField",
    "TreeValue",
    "TreeFenceName",
    "TreeBranchLine",
    "SqlColumn",
    "SqlType",
    "SqlTypeWord",
    "SqlConstraint",
    "SqlDefault",
    "SqlLiteral",
    "SqlUnread",
    "PrismaField",
    "PrismaType",
    "PrismaAttribute",
    "TypeScriptMember",
    "TypeScriptType",
    "TypeScriptPart",
    "ConvexValidator",
    "MermaidAttribute",
    "MermaidKey",
    "MermaidRelationship",
    "MermaidEnd",
    "ModelBlockWords",
    "ModelBlockLabelLine",
    "NumberedTitleSection",
    "NumberedTitle",
    "NumberedEntityLine",
    "PlainField",
    "SectionTitle",
    "SectionLed",
    "SectionLeading",
    "PhraseFieldItem",
    "PhraseField",
    "PhraseName",
    "PhraseWord",
    "PhraseLabel",
    "PhraseRemark",
    "SentenceWord",
    "SentenceItem",
    "RelationshipLine",
    "EnumerationLine",
    "EnumerationValue",
];

/// How many documents are generated; each takes a few milliseconds.
const DOCUMENTS: u64 = 700;

#[test]
fn documents_generated_from_the_grammar_parse_to_their_derivation() {
    let grammar = read_grammar();
    let root = Expr::Ref(grammar.index("Prd"));
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    let mut generated = 0;
    for seed in 0..DOCUMENTS {
        let mut generator = Generator::new(&grammar, seed);
        if !generator.generate(&root, 0) {
            continue;
        }
        generated += 1;
        covered.extend(generator.nodes.iter().map(|node| node.rule));
        covered.extend(generator.rejected_by.iter().copied());
        let derivation = Derivation {
            grammar: &grammar,
            text: generator.out,
            nodes: generator.nodes,
        };
        if let Err(problem) = check_document(&derivation) {
            failures.push(format!("document {seed}:\n{}\n{problem}", derivation.text));
        }
    }
    assert!(
        generated * 10 >= DOCUMENTS * 9,
        "only {generated} of {DOCUMENTS} documents could be generated"
    );
    if let Some(first) = failures.first() {
        panic!(
            "{} of {generated} generated documents are not read as the grammar says; the first:\n{first}",
            failures.len()
        );
    }
    let never: Vec<&str> = (0..grammar.names.len())
        .filter(|rule| {
            !covered.contains(rule) && !CASES_ONLY.contains(&grammar.names[*rule].as_str())
        })
        .map(|rule| grammar.names[rule].as_str())
        .collect();
    assert!(
        never.is_empty(),
        "these productions took part in none of {generated} documents: {never:?}"
    );
}

// ---------- The cases and examples ----------

/// Every valid PRD the project has: the ok cases and the examples.
fn valid_documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = Vec::new();
    let ok = root.join("tests/data/ok");
    for entry in std::fs::read_dir(&ok).expect("tests/data/ok is readable") {
        let path = entry.expect("an entry").path().join("input.md");
        let bytes = std::fs::read(&path).expect("an ok case has an input.md");
        documents.push((
            relative(root, &path),
            String::from_utf8(bytes).expect("ok cases are UTF-8"),
        ));
    }
    for entry in std::fs::read_dir(root.join("examples")).expect("examples is readable") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|ext| ext == "md") {
            let text = std::fs::read_to_string(&path).expect("an example is UTF-8");
            documents.push((relative(root, &path), text));
        }
    }
    documents.sort();
    documents
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Each node of the tree with the production its text must be a sentence
/// of. A modifier from a table's Required or Default cell is written as
/// the cell's word or value.
fn nodes_and_productions(prd: &Prd) -> Vec<(&'static str, Span)> {
    let mut found = Vec::new();
    if let Some(title) = &prd.title {
        found.push(("Title", title.span));
    }
    for heading in &prd.headings {
        found.push(("Heading", heading.span));
    }
    for section in &prd.entity_sections {
        // A document whose data model is only its schemas has a section
        // with no heading.
        if !section.heading.text.is_empty() {
            found.push(("SectionName", section.heading.span));
        }
        for entity in &section.entities {
            if entity.shape == EntityShape::Embedded {
                found.push(("SchemaEntityName", entity.name.span));
            } else {
                found.push((
                    "EntityName | LowerEntityName | BareLowerName",
                    entity.name.span,
                ));
            }
            for field in &entity.fields {
                // A link read from a relationship spans the relationship,
                // and its name and type are the other entity's name.
                if field.name.span == field.type_name.span {
                    found.push(("RelationshipLine | MermaidRelationship", field.span));
                    continue;
                }
                if entity.shape == EntityShape::Embedded {
                    found.push(("SchemaField", field.span));
                    found.push(("SchemaName", field.name.span));
                    continue;
                }
                // A column of a column list is its own production.
                if field.type_name.text.is_empty() {
                    found.push((
                        "UntypedField | Column | PhraseField | PhraseName",
                        field.span,
                    ));
                    found.push(("FieldName | CamelFieldName | PhraseName", field.name.span));
                } else {
                    found.push(("Field | Column", field.span));
                    found.push(("FieldName", field.name.span));
                }
                for value in field.enum_values.iter().flatten() {
                    found.push(("EnumValue", value.span));
                }
                for modifier in &field.modifiers {
                    found.push((
                        "Modifier | RequiredYes | RequiredNo | DefaultEntry",
                        modifier.span,
                    ));
                    if let Some(key) = modifier
                        .key
                        .as_ref()
                        .filter(|key| key.span != modifier.span)
                    {
                        found.push(("ModifierKey", key.span));
                    }
                }
            }
            for group in &entity.unique_groups {
                if entity.shape == EntityShape::Embedded {
                    found.push(("SchemaUniqueGroup", group.span));
                } else {
                    found.push(("UniqueGroup", group.span));
                }
            }
        }
    }
    for story in &prd.user_stories {
        found.push(("UserStory", story.span));
        found.push(("Role", story.role.span));
        found.push(("Goal", story.goal.span));
        if let Some(benefit) = &story.benefit {
            found.push(("Benefit", benefit.span));
        }
    }
    for mention in &prd.integration_mentions {
        found.push(("IntegrationMention", mention.span));
    }
    found
}

#[test]
fn every_node_of_the_cases_and_examples_is_a_sentence_of_its_production() {
    let grammar = read_grammar();
    let mut problems = Vec::new();
    for (path, text) in valid_documents() {
        let (prd, _) = syntax::parse(&text);
        for (productions, span) in nodes_and_productions(&prd) {
            let expr = Expr::Alt(
                productions
                    .split(" | ")
                    .map(|name| Expr::Ref(grammar.index(name)))
                    .collect(),
            );
            let written = &text[span.range()];
            if !is_sentence(&grammar, &expr, written) {
                problems.push(format!(
                    "{path}:{}: {written:?} is not a {productions}",
                    line_at(&text, span.start)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------- Every production has an ok case and an err case ----------

/// Productions no text can get wrong, so no err case shows them: the
/// pieces every line is made of, and the vendors' names (a word that is
/// not one is prose).
const NO_ERR_CASE: &[&str] = &[
    "BOM",
    "LineEnd",
    "BlankLine",
    "Indent",
    "WS",
    "Char_",
    "Text",
    "Word",
    "IntegrationMention",
    "VendorName",
];

#[test]
fn every_production_has_an_ok_case_and_an_err_case() {
    let grammar = read_grammar();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let index = std::fs::read_to_string(data.join("productions.txt"))
        .expect("tests/data/productions.txt is readable");
    let mut listed = BTreeMap::new();
    let mut problems = Vec::new();
    for line in index
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let parsed = line.split_once(':').and_then(|(name, cases)| {
            let (ok, err) = cases.split_once('|')?;
            Some((name.trim(), ok.trim(), err.trim()))
        });
        let Some((name, ok, err)) = parsed else {
            problems.push(format!("not `production: ok case | err case`: {line:?}"));
            continue;
        };
        if listed
            .insert(name.to_string(), (ok.to_string(), err.to_string()))
            .is_some()
        {
            problems.push(format!("{name} is listed twice"));
        }
    }
    for name in &grammar.names {
        let Some((ok, err)) = listed.remove(name) else {
            problems.push(format!("{name} has no line"));
            continue;
        };
        let input = data.join("ok").join(&ok).join("input.md");
        match std::fs::read_to_string(&input) {
            Ok(text) => {
                let rule = Expr::Ref(grammar.index(name));
                let mut matcher = Matcher::new(&grammar, &text);
                let found = text
                    .char_indices()
                    .any(|(at, _)| matcher.ends(&rule, at).iter().any(|&end| end > at));
                if !found {
                    problems.push(format!("the ok case {ok} has no {name}"));
                }
            }
            Err(_) => problems.push(format!("{name}: there is no ok case {ok}")),
        }
        let exempt = NO_ERR_CASE.contains(&name.as_str());
        if exempt != (err == "-") {
            problems.push(format!(
                "{name}: `-` is for exactly the productions of NO_ERR_CASE, not {err:?}"
            ));
        } else if !exempt && !data.join("err").join(&err).join("input.md").is_file() {
            problems.push(format!("{name}: there is no err case {err}"));
        }
    }
    for name in listed.keys() {
        problems.push(format!("{name} is not a production of the grammar"));
    }
    assert!(
        problems.is_empty(),
        "tests/data/productions.txt:\n{}",
        problems.join("\n")
    );
}
