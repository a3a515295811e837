//! Grammar-driven properties: a generator of valid PRD documents (the three
//! entity shapes and the bare label and inline lines, field tables, every
//! field form, every type and modifier spelling, enumerations, keyed
//! modifiers with quoted and bare values, links between entities, unique
//! groups, stories with and without a benefit, vendor mentions, code fences
//! and prose), a printer to Markdown, and the properties:
//!
//! - parsing the printed document gives back the model (the AST without
//!   spans), with no diagnostics;
//! - lowering it gives the manifest the model declares, and the unique
//!   groups it declares;
//! - generating the app is deterministic, and the ZIP holds the same bytes
//!   as the directory.

use std::collections::BTreeMap;
use std::io::Read as _;

use proptest::prelude::*;
use serde_json::Value;

use microcodegen::genome::FieldType;
use microcodegen::syntax::{self, EntityShape, Prd};
use microcodegen::targets::{DEFAULT, Secrets};
use microcodegen::vocabulary::{self, MODIFIER_WORDS, TYPE_WORDS};

// ---------- The model ----------

#[derive(Debug, Clone)]
struct Doc {
    title: Option<String>,
    overview: Vec<Block>,
    sections: Vec<Section>,
    stories: Vec<Story>,
}

/// Something outside the entity section: prose (perhaps naming a vendor) or
/// a code fence whose lines look like declarations and must be ignored.
#[derive(Debug, Clone)]
enum Block {
    Prose(String, Option<&'static str>),
    Fence(&'static str),
}

#[derive(Debug, Clone)]
struct Section {
    /// Index into `SECTION_HEADINGS`.
    heading: usize,
    entities: Vec<EntityM>,
}

#[derive(Debug, Clone)]
struct EntityM {
    name: String,
    form: EntityForm,
    fields: Vec<FieldM>,
    /// Emphasis around the name, where the form allows it.
    emphasis: &'static str,
    marker: &'static str,
    unique_groups: Vec<UniqueM>,
    /// A `(was NAME_old)` remark after the name.
    renamed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum EntityForm {
    /// `- Name: a (t), b (t)`
    Inline {
        sep: &'static str,
        list_sep: &'static str,
        full_stop: bool,
    },
    /// `Name: a (t), b (t)` on a line of its own.
    InlineLine,
    /// `- Name` with sub-bullets; `trailer` is prose after the name.
    Bullet { trailer: &'static str },
    /// A bare `Name:` line with field items under it.
    Label,
    /// `### Name` with field items under it.
    Heading { numbered: bool },
    /// `### Name: a (t)`, then more field items.
    HeadingInline,
    /// `### Name`, then a table with a row for each field; `header` picks
    /// the column names from `TABLE_HEADERS`.
    Table { header: usize },
}

/// Table headers: the name, type and constraints columns, and perhaps a
/// column the parser does not read.
const TABLE_HEADERS: &[&[&str]] = &[
    &["Field", "Type", "Constraints"],
    &["Name", "Data Type", "Modifiers", "Notes"],
    &["**Attribute**", "Kind", "Rules"],
];

#[derive(Debug, Clone)]
struct FieldM {
    name: String,
    kind: TypeM,
    /// Each modifier as the AST keeps it (whitespace collapsed), and as
    /// printed (with extra whitespace or quotes): the words, then the
    /// keyed ones.
    modifiers: Vec<(String, String)>,
    /// What the keyed modifiers set.
    keyed: Vec<Keyed>,
    /// How a field item is written (ignored for inline fields).
    style: FieldStyle,
    description: Option<&'static str>,
}

#[derive(Debug, Clone)]
enum TypeM {
    /// A type word as spelt.
    Word(String),
    /// `enum` as spelt, its values, and how they are written.
    Enum {
        spelt: String,
        values: Vec<String>,
        form: EnumForm,
    },
    /// A link to an entity declared earlier: an index into the entities
    /// before this one until `make_names_unique` resolves it to a name.
    Link(usize),
    LinkTo(String),
}

#[derive(Debug, Clone, Copy)]
enum EnumForm {
    /// `enum: a | b`
    Colon,
    /// `enum(a, b)` or `enum(a | b)`
    Paren(&'static str),
}

/// What a keyed modifier sets, as the manifest shows it.
#[derive(Debug, Clone, PartialEq)]
enum Keyed {
    Default(Value),
    Min(i64),
    Max(i64),
    Pattern(String),
}

/// A unique group: two of the entity's fields (indexes, made distinct and
/// in range by `make_names_unique`) and how the line is spelt.
#[derive(Debug, Clone)]
struct UniqueM {
    fields: (usize, usize),
    spelling: usize,
}

#[derive(Debug, Clone, Copy)]
enum FieldStyle {
    /// `name: type (mods)`
    ColonParen,
    /// `name — type, mods`
    DashComma,
    /// `name (type, mods)`
    Paren,
    /// `**name**: type (mods)`
    Emphasised,
}

#[derive(Debug, Clone)]
struct Story {
    role: String,
    goal: String,
    benefit: Option<String>,
    article: &'static str,
    to: bool,
    marker: &'static str,
    full_stop: bool,
}

const SECTION_HEADINGS: &[&str] = &[
    "## Entities",
    "## Data Models",
    "## 2. Domain Models:",
    "# Entity List",
    "### Entity Data Model",
    "## ENTITY DATA MODELS",
    "Entities:",
    "## **Entities**",
    "## 🚀 Data Model (core)",
    "#### 5.2 Key Entities - the rest",
    "# schema",
];

const VENDORS: &[(&str, &str)] = &[
    ("stripe", "Stripe"),
    ("auth0", "Auth0"),
    ("clerk", "clerk"),
    ("supabase", "SUPABASE"),
    ("sendgrid", "SendGrid"),
    ("postmark", "Postmark"),
    ("twilio", "Twilio"),
    ("datadog", "Datadog"),
    ("segment", "Segment"),
];

/// Words for prose, titles and stories: no vendor, type or section word.
const WORDS: &[&str] = &[
    "the", "team", "clinic", "owners", "visits", "ledger", "quick", "brown", "fox", "café",
    "naïve", "über", "日本", "plan", "weekly", "reports", "tracker", "garden", "library",
];

/// Characters that go into titles and story text as they are.
const ODD: &[&str] = &[
    "\"",
    "'",
    "`",
    "\\",
    "{{",
    "}}",
    "{%",
    "%}",
    "$",
    "&",
    "<",
    ">",
    "</script>",
    "|",
    "#",
    "🚀",
    "\u{200f}",
    "«",
    "»",
    "“",
    "”",
    ":",
    "*",
    "@",
    "=",
    "[",
    "]",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => prop::sample::select(ODD).prop_map(str::to_string),
    ]
}

/// A run of words separated by single spaces, not starting or ending with
/// characters the parser trims.
fn phrase(max: usize) -> impl Strategy<Value = String> {
    (
        prop::sample::select(WORDS),
        prop::collection::vec(word(), 0..max),
        prop::sample::select(WORDS),
    )
        .prop_map(|(first, middle, last)| {
            let mut words = vec![first.to_string()];
            words.extend(middle);
            words.push(last.to_string());
            words.join(" ")
        })
}

/// Whether `word` is a vendor's name, which the parser reads as a mention
/// wherever it stands as a word of its own (`twilio` in `twilio_sid`).
fn names_a_vendor(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    microcodegen::vocabulary::VENDORS
        .iter()
        .any(|(name, ..)| *name == lower)
}

/// Entity names; none is a vendor's name, which would also be a mention.
fn entity_name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{2,9}([A-Z][a-z0-9]{0,6})?"
        .prop_filter("a vendor's name", |name| !names_a_vendor(name))
}

/// Field names; no word of one (between underscores) is a vendor's name.
fn field_name() -> impl Strategy<Value = String> {
    "[a-z]{1,9}(_[a-z0-9]{1,5}){0,2}".prop_filter("holds a vendor's name", |name| {
        !name.split('_').any(names_a_vendor)
    })
}

/// A spelling of `word` in mixed case.
fn recase(word: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<bool>(), word.len()).prop_map(move |upper| {
        word.chars()
            .zip(upper)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

fn spelt_modifier(word: &'static str) -> impl Strategy<Value = (String, String)> {
    (recase(word), "[ ]{1,3}").prop_map(|(word, gap)| (word.clone(), word.replace(' ', &gap)))
}

fn modifier() -> impl Strategy<Value = (String, String)> {
    prop::sample::select(MODIFIER_WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>())
        .prop_flat_map(spelt_modifier)
}

/// Modifier words that mostly agree with each other (each says whether
/// the field is required, unique or indexed at most once), and now and
/// then any words, which may contradict each other.
fn modifiers() -> impl Strategy<Value = Vec<(String, String)>> {
    use microcodegen::vocabulary::ModifierMeaning;
    let agreeing = prop::collection::vec(prop::sample::select(MODIFIER_WORDS.to_vec()), 0..4)
        .prop_flat_map(|mut chosen| {
            let slot = |meaning: &ModifierMeaning| std::mem::discriminant(meaning);
            let mut seen = Vec::new();
            chosen.retain(|(_, meaning)| {
                let fresh = !seen.contains(&slot(meaning));
                seen.push(slot(meaning));
                fresh
            });
            chosen
                .into_iter()
                .map(|(word, _)| spelt_modifier(word))
                .collect::<Vec<_>>()
        });
    prop_oneof![
        9 => agreeing,
        1 => prop::collection::vec(modifier(), 0..4),
    ]
}

/// Patterns with a value that matches them and fits the length limits
/// `keyed_text` gives (5 characters). Some have commas and parentheses,
/// which a quoted value keeps.
const PATTERNS: &[(&str, &str)] = &[
    ("^[a-z]+$", "hello"),
    ("^[A-Z]{2},[0-9]+$", "AB,12"),
    ("^(ab|cd)[a-z]*$", "abxyz"),
    ("^[a-z]{2}-[0-9]{2}$", "ab-12"),
];

/// A keyed modifier as the AST keeps it and as printed, and what it sets.
type KeyedModifier = ((String, String), Keyed);

/// A keyed modifier as printed: the key in one of its spellings and case,
/// `=` or `:`, and the value, quoted when it must be and sometimes when it
/// need not.
fn keyed_modifier(
    key: &'static [&'static str],
    value: String,
    keyed: Keyed,
) -> impl Strategy<Value = KeyedModifier> {
    let must_quote = value.contains([',', '(', ')', ' ']);
    (
        prop::sample::select(key).prop_flat_map(recase),
        prop::sample::select(&["=", ": ", " = ", ":"][..]),
        prop::sample::select(if must_quote {
            &["\"", "'", "`"][..]
        } else {
            &["", "", "\"", "'", "`"][..]
        }),
    )
        .prop_map(move |(key, separator, quote)| {
            let printed = format!("{key}{separator}{quote}{value}{quote}");
            let text = printed.split_whitespace().collect::<Vec<_>>().join(" ");
            ((text, printed), keyed.clone())
        })
}

const MIN_KEYS: &[&str] = &["min", "minimum", "min_length", "minlength"];
const MAX_KEYS: &[&str] = &["max", "maximum", "max_length", "maxlength"];

/// Keyed modifiers that fit a field of type `field_type`: limits and a
/// default in them for an integer; length limits, a pattern and a default
/// matching both for a string or text; a default for a boolean.
fn keyed_for(field_type: FieldType) -> BoxedStrategy<Vec<KeyedModifier>> {
    let one = |key: &'static [&'static str], value: String, keyed: Keyed| {
        keyed_modifier(key, value, keyed).boxed()
    };
    let chosen = |options: Vec<Option<BoxedStrategy<KeyedModifier>>>| {
        options
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .prop_shuffle()
            .boxed()
    };
    match field_type {
        FieldType::Integer => (0i64..5, 0i64..10, 0i64..10, any::<[bool; 3]>())
            .prop_flat_map(
                move |(min, span, offset, [with_min, with_max, with_default])| {
                    let max = min + span;
                    let default = min + offset.min(span);
                    chosen(vec![
                        with_min.then(|| one(MIN_KEYS, min.to_string(), Keyed::Min(min))),
                        with_max.then(|| one(MAX_KEYS, max.to_string(), Keyed::Max(max))),
                        with_default.then(|| {
                            one(
                                &["default"],
                                default.to_string(),
                                Keyed::Default(default.into()),
                            )
                        }),
                    ])
                },
            )
            .boxed(),
        FieldType::String | FieldType::Text => {
            (1i64..=5, 5i64..20, 0..PATTERNS.len(), any::<[bool; 4]>())
                .prop_flat_map(
                    move |(min, max, pattern, [with_min, with_max, with_pattern, with_default])| {
                        let (pattern, example) = PATTERNS[pattern];
                        chosen(vec![
                            with_min.then(|| one(MIN_KEYS, min.to_string(), Keyed::Min(min))),
                            with_max.then(|| one(MAX_KEYS, max.to_string(), Keyed::Max(max))),
                            with_pattern.then(|| {
                                one(
                                    &["pattern", "regex"],
                                    pattern.into(),
                                    Keyed::Pattern(pattern.into()),
                                )
                            }),
                            with_default.then(|| {
                                one(&["default"], example.into(), Keyed::Default(example.into()))
                            }),
                        ])
                    },
                )
                .boxed()
        }
        FieldType::Boolean => prop::option::of(any::<bool>())
            .prop_flat_map(move |default| {
                chosen(vec![default.map(|value| {
                    one(
                        &["default"],
                        value.to_string(),
                        Keyed::Default(value.into()),
                    )
                })])
            })
            .boxed(),
        _ => Just(Vec::new()).boxed(),
    }
}

/// A type and the keyed modifiers that fit it.
fn typed() -> impl Strategy<Value = (TypeM, Vec<KeyedModifier>)> {
    let word = prop::sample::select(TYPE_WORDS.to_vec()).prop_flat_map(|(word, field_type)| {
        let field_type = FieldType::from_canonical_name(field_type).expect("a canonical type name");
        // A time of day is text with a pattern of its own, which its
        // default must match.
        let keyed = if word == "time" {
            prop::option::of(prop::sample::select(&["07:45", "23:59:30"][..]))
                .prop_flat_map(|default| match default {
                    Some(value) => {
                        keyed_modifier(&["default"], value.into(), Keyed::Default(value.into()))
                            .prop_map(|keyed| vec![keyed])
                            .boxed()
                    }
                    None => Just(Vec::new()).boxed(),
                })
                .boxed()
        } else {
            keyed_for(field_type)
        };
        (recase(word), keyed).prop_map(|(spelt, keyed)| (TypeM::Word(spelt), keyed))
    });
    let enumeration = (
        recase("enum"),
        prop::collection::btree_set(
            "[a-z]{2,6}".prop_filter("a vendor's name", |value| !names_a_vendor(value)),
            2..5,
        ),
        prop_oneof![
            Just(EnumForm::Colon),
            Just(EnumForm::Paren(", ")),
            Just(EnumForm::Paren(" | ")),
        ],
        any::<Option<prop::sample::Index>>(),
    )
        .prop_flat_map(|(spelt, values, form, default)| {
            let values: Vec<String> = values.into_iter().collect();
            let keyed = match default {
                Some(index) => {
                    let value = index.get(&values).clone();
                    keyed_modifier(&["default"], value.clone(), Keyed::Default(value.into()))
                        .prop_map(|keyed| vec![keyed])
                        .boxed()
                }
                None => Just(Vec::new()).boxed(),
            };
            (
                Just(TypeM::Enum {
                    spelt,
                    values,
                    form,
                }),
                keyed,
            )
        });
    prop_oneof![
        6 => word,
        2 => enumeration,
        2 => any::<usize>().prop_map(|raw| (TypeM::Link(raw), Vec::new())),
    ]
}

fn field() -> impl Strategy<Value = FieldM> {
    (
        field_name(),
        typed(),
        modifiers(),
        prop_oneof![
            Just(FieldStyle::ColonParen),
            Just(FieldStyle::DashComma),
            Just(FieldStyle::Paren),
            Just(FieldStyle::Emphasised),
        ],
        prop::option::of(prop::sample::select(
            &["shown in lists", "what the owners call it", "free text"][..],
        )),
    )
        .prop_map(|(name, (kind, keyed), mut modifiers, style, description)| {
            let (printed, keyed): (Vec<_>, Vec<_>) = keyed.into_iter().unzip();
            modifiers.extend(printed);
            FieldM {
                name,
                kind,
                modifiers,
                keyed,
                style,
                description,
            }
        })
}

fn entity_form() -> impl Strategy<Value = EntityForm> {
    prop_oneof![
        (
            prop::sample::select(&[": ", " — ", " – ", " - ", ":"][..]),
            prop::sample::select(&[", ", "; ", ","][..]),
            any::<bool>()
        )
            .prop_map(|(sep, list_sep, full_stop)| EntityForm::Inline {
                sep,
                list_sep,
                full_stop
            }),
        Just(EntityForm::InlineLine),
        prop::sample::select(
            &[
                "",
                ":",
                " (core records)",
                ": what customers see",
                " - the records"
            ][..]
        )
        .prop_map(|trailer| EntityForm::Bullet { trailer }),
        Just(EntityForm::Label),
        any::<bool>().prop_map(|numbered| EntityForm::Heading { numbered }),
        Just(EntityForm::HeadingInline),
        (0..TABLE_HEADERS.len()).prop_map(|header| EntityForm::Table { header }),
    ]
}

fn unique_group() -> impl Strategy<Value = UniqueM> {
    (any::<(usize, usize)>(), 0..UNIQUE_SPELLINGS.len())
        .prop_map(|(fields, spelling)| UniqueM { fields, spelling })
}

/// Ways to write a unique group of two fields.
const UNIQUE_SPELLINGS: &[&str] = &[
    "unique: ({a}, {b})",
    "unique together: {a}, {b}",
    "unique ({a} + {b})",
    "unique {a} and {b}",
    "Unique: `{a}`, `{b}`.",
];

fn entity() -> impl Strategy<Value = EntityM> {
    (
        entity_name(),
        entity_form(),
        prop::collection::vec(field(), 1..5),
        prop::sample::select(&["", "**", "*", "`"][..]),
        prop::sample::select(&["-", "*", "+", "1.", "2)"][..]),
        prop::collection::vec(unique_group(), 0..2),
        any::<bool>(),
    )
        .prop_map(
            |(name, form, fields, emphasis, marker, unique_groups, renamed)| EntityM {
                name,
                form,
                fields,
                emphasis,
                marker,
                unique_groups,
                renamed,
            },
        )
}

fn story() -> impl Strategy<Value = Story> {
    (
        phrase(4),
        phrase(6),
        prop::option::of(phrase(5)),
        prop::sample::select(&["a", "an", "A", "AN"][..]),
        any::<bool>(),
        prop::sample::select(&["", "- ", "* ", "3. "][..]),
        any::<bool>(),
    )
        .prop_map(
            |(role, goal, benefit, article, to, marker, full_stop)| Story {
                role,
                goal,
                benefit,
                article,
                to,
                marker,
                full_stop,
            },
        )
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (phrase(8), prop::option::of(prop::sample::select(VENDORS)))
            .prop_map(|(text, vendor)| Block::Prose(text, vendor.map(|(_, spelt)| spelt))),
        prop::sample::select(
            &[
                "```\n## Entities\n- Fake: name (string)\nWe pay with Stripe.\n```",
                "~~~~ text\n- As a ghost, I want to be ignored.\n```\n~~~~",
            ][..]
        )
        .prop_map(Block::Fence),
    ]
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::option::of(phrase(5)),
        prop::collection::vec(block(), 0..4),
        prop::collection::vec(
            (
                0..SECTION_HEADINGS.len(),
                prop::collection::vec(entity(), 1..5),
            ),
            1..3,
        ),
        prop::collection::vec(story(), 0..4),
    )
        .prop_map(|(title, overview, sections, stories)| {
            let mut doc = Doc {
                title,
                overview,
                sections: sections
                    .into_iter()
                    .map(|(heading, entities)| Section { heading, entities })
                    .collect(),
                stories,
            };
            make_names_unique(&mut doc);
            doc
        })
}

/// Makes entity names unique (also once snake_cased, lower-cased or
/// pluralised) and field names unique within their entity, by a suffix;
/// points each link at an entity declared before its own (so links never
/// go round in a circle), or makes it a string in the first entity; keeps
/// patterns with a `|` out of tables; and makes each unique group name two
/// different fields that are not `json`, or drops it.
fn make_names_unique(doc: &mut Doc) {
    let mut names: Vec<String> = Vec::new();
    for section in &mut doc.sections {
        for entity in &mut section.entities {
            entity.name = format!("{}Q{}", entity.name, letters(names.len()));
            let in_table = matches!(entity.form, EntityForm::Table { .. });
            for (i, field) in entity.fields.iter_mut().enumerate() {
                field.name = format!("{}_f{i}", field.name);
                if let TypeM::Link(raw) = field.kind {
                    field.kind = match names.len() {
                        0 => TypeM::Word("string".into()),
                        n => TypeM::LinkTo(names[raw % n].clone()),
                    };
                }
                if in_table {
                    let words = field.modifiers.len() - field.keyed.len();
                    for (keyed, (text, printed)) in
                        field.keyed.iter_mut().zip(&mut field.modifiers[words..])
                    {
                        if let Keyed::Pattern(pattern) = keyed
                            && pattern.contains('|')
                        {
                            *text = text.replace(pattern.as_str(), "^[a-z]+$");
                            *printed = printed.replace(pattern.as_str(), "^[a-z]+$");
                            *pattern = "^[a-z]+$".into();
                        }
                    }
                }
            }
            let groupable: Vec<usize> = (0..entity.fields.len())
                .filter(|&i| canonical_type(&entity.fields[i]) != Some(FieldType::Json))
                .collect();
            if groupable.len() < 2 {
                entity.unique_groups.clear();
            }
            for group in &mut entity.unique_groups {
                let first = group.fields.0 % groupable.len();
                let second = (first + 1 + group.fields.1 % (groupable.len() - 1)) % groupable.len();
                group.fields = (groupable[first], groupable[second]);
            }
            names.push(entity.name.clone());
        }
    }
}

/// The field's type as lowering reads it, `None` for a link.
fn canonical_type(field: &FieldM) -> Option<FieldType> {
    match &field.kind {
        TypeM::Word(word) => vocabulary::field_type(word).and_then(FieldType::from_canonical_name),
        TypeM::Enum { .. } => Some(FieldType::Enum),
        TypeM::Link(_) | TypeM::LinkTo(_) => None,
    }
}

fn letters(mut n: usize) -> String {
    let mut s = String::new();
    loop {
        s.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return s;
        }
    }
}

// ---------- The printer ----------

fn print_modifiers(field: &FieldM) -> Vec<String> {
    field
        .modifiers
        .iter()
        .map(|(_, printed)| printed.clone())
        .collect()
}

/// The type as written; in a table cell an enumeration's `|` is `\|`.
fn print_type(field: &FieldM, in_table: bool) -> String {
    match &field.kind {
        TypeM::Word(word) => word.clone(),
        TypeM::LinkTo(name) => name.clone(),
        TypeM::Link(_) => unreachable!("links are resolved before printing"),
        TypeM::Enum {
            spelt,
            values,
            form,
        } => {
            let bar = if in_table { " \\| " } else { " | " };
            match form {
                EnumForm::Colon => format!("{spelt}: {}", values.join(bar)),
                EnumForm::Paren(separator) => {
                    let separator = if *separator == " | " { bar } else { separator };
                    format!("{spelt}({})", values.join(separator))
                }
            }
        }
    }
}

/// `name (type, mods)`, as in inline lists.
fn inline_field(field: &FieldM) -> String {
    let mut parts = vec![print_type(field, false)];
    parts.extend(print_modifiers(field));
    format!("{} ({})", field.name, parts.join(", "))
}

fn field_item(field: &FieldM) -> String {
    let mods = print_modifiers(field);
    let paren = if mods.is_empty() {
        String::new()
    } else {
        format!(" ({})", mods.join(", "))
    };
    let type_text = print_type(field, false);
    let mut line = match field.style {
        FieldStyle::ColonParen => format!("{}: {type_text}{paren}", field.name),
        FieldStyle::DashComma => {
            let mut line = format!("{} — {type_text}", field.name);
            for m in &mods {
                line.push_str(", ");
                line.push_str(m);
            }
            line
        }
        FieldStyle::Paren => inline_field(field),
        FieldStyle::Emphasised => format!("**{}**: {type_text}{paren}", field.name),
    };
    if let Some(description) = field.description {
        line.push_str(" - ");
        line.push_str(description);
    }
    line
}

fn table_row(field: &FieldM, columns: usize) -> String {
    let mut cells = vec![
        field.name.clone(),
        print_type(field, true),
        print_modifiers(field).join(", "),
    ];
    cells.resize(columns, String::new());
    format!("| {} |", cells.join(" | "))
}

fn unique_line(entity: &EntityM, group: &UniqueM) -> String {
    UNIQUE_SPELLINGS[group.spelling]
        .replace("{a}", &entity.fields[group.fields.0].name)
        .replace("{b}", &entity.fields[group.fields.1].name)
}

fn print_entity(entity: &EntityM, level: usize, out: &mut Vec<String>) {
    // An entity's heading is deeper than its section's.
    let marks = "#".repeat(level.max(2) + 1);
    let inline_marks = "#".repeat(level.max(3) + 1);
    // Generated names have no underscore, so an old name never is another
    // entity's.
    let remark = if entity.renamed {
        format!(" (was {}_old)", entity.name)
    } else {
        String::new()
    };
    let name = format!("{}{remark}", entity.name);
    let emphasised = format!("{0}{1}{0}{remark}", entity.emphasis, entity.name);
    let inline_list = |list_sep: &str| {
        entity
            .fields
            .iter()
            .map(inline_field)
            .collect::<Vec<_>>()
            .join(list_sep)
    };
    // Under a list item, the entity's other lines are indented deeper.
    let mut item_prefix = "- ";
    match entity.form {
        EntityForm::Inline {
            sep,
            list_sep,
            full_stop,
        } => {
            out.push(format!(
                "{} {emphasised}{sep}{}{}",
                entity.marker,
                inline_list(list_sep),
                if full_stop { "." } else { "" }
            ));
            item_prefix = "  - ";
        }
        EntityForm::InlineLine => out.push(format!("{name}: {}", inline_list(", "))),
        EntityForm::Bullet { trailer } => {
            out.push(format!("{} {emphasised}{trailer}", entity.marker));
            for (i, field) in entity.fields.iter().enumerate() {
                let indent = if i % 2 == 0 { "  " } else { "\t" };
                out.push(format!("{indent}- {}", field_item(field)));
            }
            item_prefix = "  - ";
        }
        EntityForm::Label => {
            out.push(format!("{emphasised}:"));
            for field in &entity.fields {
                out.push(format!("* {}", field_item(field)));
            }
            item_prefix = "* ";
        }
        EntityForm::Heading { numbered } => {
            let number = if numbered { "3.1 " } else { "" };
            out.push(format!("{marks} {number}{name}"));
            for (i, field) in entity.fields.iter().enumerate() {
                let indent = if i % 2 == 0 { "" } else { "    " };
                out.push(format!("{indent}- {}", field_item(field)));
            }
        }
        EntityForm::HeadingInline => {
            let (first, rest) = entity.fields.split_first().expect("at least one field");
            out.push(format!("{inline_marks} {name}: {}", inline_field(first)));
            for field in rest {
                out.push(format!("- {}", field_item(field)));
            }
        }
        EntityForm::Table { header } => {
            let columns = TABLE_HEADERS[header];
            out.push(format!("{marks} {name}"));
            out.push(String::new());
            out.push(format!("| {} |", columns.join(" | ")));
            out.push(format!("|{}", "---|".repeat(columns.len())));
            for field in &entity.fields {
                out.push(table_row(field, columns.len()));
            }
            out.push(String::new());
        }
    }
    for group in &entity.unique_groups {
        out.push(format!("{item_prefix}{}", unique_line(entity, group)));
    }
}

fn print_story(story: &Story) -> String {
    let mut line = format!(
        "{}As {} {}, I want {}{}",
        story.marker,
        story.article,
        story.role,
        if story.to { "to " } else { "" },
        story.goal
    );
    if let Some(benefit) = &story.benefit {
        line.push_str(" so that ");
        line.push_str(benefit);
    }
    if story.full_stop {
        line.push('.');
    }
    line
}

fn print(doc: &Doc) -> String {
    let mut out = Vec::new();
    if let Some(title) = &doc.title {
        out.push(format!("# {title}"));
        out.push(String::new());
    }
    for block in &doc.overview {
        match block {
            Block::Prose(text, vendor) => match vendor {
                Some(vendor) => out.push(format!("{text}, with {vendor} for the rest.")),
                None => out.push(format!("{text}.")),
            },
            Block::Fence(fence) => out.push((*fence).to_string()),
        }
        out.push(String::new());
    }
    for section in &doc.sections {
        let heading = SECTION_HEADINGS[section.heading];
        // A line of its own counts as a level-2 heading.
        let level = match heading.chars().take_while(|&c| c == '#').count() {
            0 => 2,
            level => level,
        };
        out.push(heading.to_string());
        out.push(String::new());
        for entity in &section.entities {
            print_entity(entity, level, &mut out);
            out.push(String::new());
        }
        // A heading of the section's level or a higher one ends it.
        out.push(format!("{} Notes", "#".repeat(level.min(2))));
        out.push(String::new());
    }
    if !doc.stories.is_empty() {
        out.push("## User Stories".to_string());
        for story in &doc.stories {
            out.push(print_story(story));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

// ---------- What the model says the parser must find ----------

/// A field as the parser must find it: name, type, enumeration values and
/// modifiers as written.
type FieldFound = (String, String, Option<Vec<String>>, Vec<String>);

/// An entity as the parser must find it: name, shape, fields and unique
/// groups.
type EntityFound = (String, EntityShape, Vec<FieldFound>, Vec<Vec<String>>);

#[derive(Debug, PartialEq)]
struct Shape {
    title: Option<String>,
    sections: Vec<Vec<EntityFound>>,
    stories: Vec<(String, String, Option<String>)>,
    vendors: Vec<String>,
}

fn expected(doc: &Doc) -> Shape {
    Shape {
        title: doc.title.clone(),
        sections: doc
            .sections
            .iter()
            .map(|section| {
                section
                    .entities
                    .iter()
                    .map(|entity| {
                        let shape = match entity.form {
                            EntityForm::Inline { .. } | EntityForm::InlineLine => {
                                EntityShape::Inline
                            }
                            EntityForm::Bullet { .. } | EntityForm::Label => EntityShape::Bullet,
                            EntityForm::Heading { .. }
                            | EntityForm::HeadingInline
                            | EntityForm::Table { .. } => EntityShape::Heading,
                        };
                        let fields = entity
                            .fields
                            .iter()
                            .map(|f| {
                                let (type_name, values) = match &f.kind {
                                    TypeM::Word(word) => (word.clone(), None),
                                    TypeM::LinkTo(name) => (name.clone(), None),
                                    TypeM::Link(_) => unreachable!("links are resolved"),
                                    TypeM::Enum { spelt, values, .. } => {
                                        (spelt.clone(), Some(values.clone()))
                                    }
                                };
                                (
                                    f.name.clone(),
                                    type_name,
                                    values,
                                    f.modifiers.iter().map(|(m, _)| m.clone()).collect(),
                                )
                            })
                            .collect();
                        let groups = entity
                            .unique_groups
                            .iter()
                            .map(|group| {
                                vec![
                                    entity.fields[group.fields.0].name.clone(),
                                    entity.fields[group.fields.1].name.clone(),
                                ]
                            })
                            .collect();
                        let name = if entity.renamed {
                            format!("{0} was {0}_old", entity.name)
                        } else {
                            entity.name.clone()
                        };
                        (name, shape, fields, groups)
                    })
                    .collect()
            })
            .collect(),
        stories: doc
            .stories
            .iter()
            .map(|s| (s.role.clone(), s.goal.clone(), s.benefit.clone()))
            .collect(),
        vendors: doc
            .overview
            .iter()
            .filter_map(|block| match block {
                Block::Prose(_, Some(vendor)) => Some(vendor.to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
    }
}

fn found(prd: &Prd) -> Shape {
    Shape {
        title: prd.title.as_ref().map(|t| t.text.text.clone()),
        sections: prd
            .entity_sections
            .iter()
            .map(|section| {
                section
                    .entities
                    .iter()
                    .map(|entity| {
                        let fields = entity
                            .fields
                            .iter()
                            .map(|f| {
                                (
                                    f.name.text.clone(),
                                    f.type_name.text.clone(),
                                    f.enum_values.as_ref().map(|values| {
                                        values.iter().map(|v| v.text.clone()).collect()
                                    }),
                                    f.modifiers.iter().map(|m| m.text.clone()).collect(),
                                )
                            })
                            .collect();
                        let groups = entity
                            .unique_groups
                            .iter()
                            .map(|group| group.fields.iter().map(|f| f.text.clone()).collect())
                            .collect();
                        let name = match &entity.renamed_from {
                            Some(old) => format!("{} was {}", entity.name.text, old.text),
                            None => entity.name.text.clone(),
                        };
                        (name, entity.shape, fields, groups)
                    })
                    .collect()
            })
            .collect(),
        stories: prd
            .user_stories
            .iter()
            .map(|s| {
                (
                    s.role.text.clone(),
                    s.goal.text.clone(),
                    s.benefit.as_ref().map(|b| b.text.clone()),
                )
            })
            .collect(),
        vendors: prd
            .integration_mentions
            .iter()
            .map(|m| m.vendor.to_string())
            .collect(),
    }
}

/// The field's flags (required, unique, indexed), or `None` when two of
/// its modifiers contradict each other.
fn flags(field: &FieldM) -> Option<(bool, bool, bool)> {
    use microcodegen::vocabulary::{self as v, ModifierMeaning as M};
    let mut slots: [Option<bool>; 3] = [None; 3];
    let words = field.modifiers.len() - field.keyed.len();
    for (text, _) in &field.modifiers[..words] {
        let (slot, value) = match v::modifier(text).expect("a modifier spelling") {
            M::Required(value) => (0, value),
            M::Unique(value) => (1, value),
            M::Indexed(value) => (2, value),
        };
        match slots[slot] {
            Some(earlier) if earlier != value => return None,
            _ => slots[slot] = Some(value),
        }
    }
    let [required, unique, indexed] = slots.map(|slot| slot.unwrap_or(false));
    Some((required, unique, indexed))
}

/// Every field name that the language or the default target refuses
/// whatever its entity.
fn refused_field_name(name: &str) -> bool {
    use microcodegen::targets::fastapi::names as fastapi;
    use microcodegen::vocabulary as v;
    v::PROVIDED_FIELDS.contains(&name)
        || name == v::OWNER_COLUMN
        || fastapi::CONFLICTING_FIELDS.iter().any(|(n, ..)| *n == name)
        || fastapi::PYTHON_KEYWORDS.contains(&name)
        || fastapi::RESERVED_FIELD_NAMES.contains(&name)
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn parse_of_print_is_the_model(doc in doc()) {
        let text = print(&doc);
        let (prd, diagnostics) = syntax::parse(&text);
        prop_assert!(diagnostics.is_empty(), "{text}\n{diagnostics:#?}");
        prop_assert_eq!(found(&prd), expected(&doc), "{}", text);
    }

    #[test]
    fn lowering_gives_the_declared_manifest(doc in doc()) {
        let text = print(&doc);
        let analysis = microcodegen::analyze(text.as_bytes());
        let refused = doc
            .sections
            .iter()
            .flat_map(|s| &s.entities)
            .flat_map(|e| &e.fields)
            .any(|f| refused_field_name(&f.name) || flags(f).is_none());
        if refused {
            prop_assert!(analysis.genome.is_none());
            return Ok(());
        }
        let manifest = analysis.manifest.expect("a valid document lowers");
        let names: Vec<&str> = manifest.entities.iter().map(|e| e.name.as_str()).collect();
        let declared: Vec<&str> = doc
            .sections
            .iter()
            .flat_map(|s| &s.entities)
            .map(|e| e.name.as_str())
            .collect();
        prop_assert_eq!(names, declared);
        for (entity, model) in manifest
            .entities
            .iter()
            .zip(doc.sections.iter().flat_map(|s| &s.entities))
        {
            for (field, model) in entity.fields.iter().zip(&model.fields) {
                prop_assert_eq!(&field.name, &model.name);
                let link = match &model.kind {
                    TypeM::LinkTo(name) => Some(name.clone()),
                    _ => None,
                };
                let canonical = canonical_type(model).unwrap_or(FieldType::Reference).canonical_name();
                prop_assert_eq!(field.field_type.as_str(), canonical);
                let (required, unique, indexed) = flags(model).expect("no conflict");
                prop_assert_eq!(
                    (field.required, field.unique, field.indexed),
                    (required, unique, indexed || link.is_some())
                );
                prop_assert_eq!(&field.references, &link);
                let values = match &model.kind {
                    TypeM::Enum { values, .. } => values.clone(),
                    _ => Vec::new(),
                };
                prop_assert_eq!(&field.values, &values);
                let mut keyed = Vec::new();
                keyed.extend(field.default.clone().map(Keyed::Default));
                keyed.extend(field.min.as_ref().and_then(|n| n.as_i64()).map(Keyed::Min));
                keyed.extend(field.max.as_ref().and_then(|n| n.as_i64()).map(Keyed::Max));
                keyed.extend(field.pattern.clone().map(Keyed::Pattern));
                let mut declared = model.keyed.clone();
                // `time` is text checked by the time-of-day pattern, unless
                // the field declares its own.
                let time_word = matches!(&model.kind, TypeM::Word(word) if word.eq_ignore_ascii_case("time"));
                if time_word && !declared.iter().any(|k| matches!(k, Keyed::Pattern(_))) {
                    declared.push(Keyed::Pattern(vocabulary::TIME_OF_DAY_PATTERN.to_string()));
                }
                let order = |k: &Keyed| match k {
                    Keyed::Default(_) => 0,
                    Keyed::Min(_) => 1,
                    Keyed::Max(_) => 2,
                    Keyed::Pattern(_) => 3,
                };
                declared.sort_by_key(order);
                prop_assert_eq!(keyed, declared);
            }
        }
        let genome = analysis.genome.expect("a valid document has a genome");
        for (entity, model) in genome
            .entities
            .iter()
            .zip(doc.sections.iter().flat_map(|s| &s.entities))
        {
            let groups: Vec<Vec<String>> = entity
                .unique_together
                .iter()
                .map(|group| group.fields.clone())
                .collect();
            let declared: Vec<Vec<String>> = model
                .unique_groups
                .iter()
                .map(|group| {
                    vec![
                        model.fields[group.fields.0].name.clone(),
                        model.fields[group.fields.1].name.clone(),
                    ]
                })
                .collect();
            prop_assert_eq!(groups, declared);
        }
        prop_assert_eq!(manifest.solution_name, doc.title.clone().unwrap_or("Generated App".into()));
    }
}

/// Almost every document is valid and becomes a whole app, which takes far
/// longer than parsing it; a quarter of the cases still generate some
/// hundreds of apps.
fn generation_cases() -> u32 {
    (cases() / 4).max(1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(generation_cases()))]

    #[test]
    fn generation_is_deterministic_and_zip_matches_files(doc in doc()) {
        let text = print(&doc);
        let secrets = Secrets::insecure_fixed_for_tests();
        let first = microcodegen::compile(text.as_bytes(), DEFAULT, &secrets).expect("packs");
        let second = microcodegen::compile(text.as_bytes(), DEFAULT, &secrets).expect("packs");
        prop_assert_eq!(&first.files, &second.files);
        prop_assert_eq!(&first.zip, &second.zip);
        let (Some(files), Some(zip), Some(genome)) = (first.files, first.zip, &first.analysis.genome) else {
            prop_assert!(first.analysis.genome.is_none());
            return Ok(());
        };
        // Every entry is under one folder, named after the app.
        let folder = format!("{}/", genome.bundle_id);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a ZIP");
        let mut entries = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("an entry");
            let name = entry.name().expect("a UTF-8 name").to_string();
            prop_assert!(!name.starts_with('/') && !name.split('/').any(|s| s == ".." || s.is_empty()));
            let Some(name) = name.strip_prefix(&folder).map(str::to_string) else {
                return Err(TestCaseError::fail(format!("{name} is not under {folder}")));
            };
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("readable");
            entries.insert(name, bytes);
        }
        let expected: BTreeMap<String, Vec<u8>> =
            files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
        prop_assert_eq!(&entries, &expected);
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let dir = tmp.path().join("app");
        microcodegen::pack::write_dir(&files, &dir, false).expect("writes");
        let mut on_disk = BTreeMap::new();
        let mut pending = vec![dir.clone()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current).expect("readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(&dir).expect("inside").to_string_lossy().replace('\\', "/");
                    on_disk.insert(relative, std::fs::read(&path).expect("readable"));
                }
            }
        }
        prop_assert_eq!(on_disk, entries);
    }
}

/// A description where a type goes: two or more words, the first not a
/// type word, so the field is read without a type.
fn type_description() -> impl Strategy<Value = String> {
    ("[A-Z][a-z]{2,8}", prop::collection::vec("[a-z]{1,8}", 1..5)).prop_map(|(first, rest)| {
        let mut words = vec![first];
        words.extend(rest);
        words.join(" ")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases() / 4))]

    /// A field item with no type (its name alone, with a colon, or with a
    /// description where the type goes) is read with an empty type right
    /// after its name, and lowering gives it a type with a note.
    #[test]
    fn an_untyped_field_gets_a_type_and_a_note(
        name in field_name().prop_filter("a name every entity has", |name| {
            !refused_field_name(name)
                && !name.ends_with("_id")
                && !matches!(name.as_str(), "crate" | "crates" | "unique")
        }),
        description in type_description(),
        form in 0usize..4,
    ) {
        let item = match form {
            0 => name.clone(),
            1 => format!("{name}:"),
            2 => format!("{name}: {description}"),
            _ => format!("{name} - {description}"),
        };
        let text = format!("# Shed\n\n## Entities\n\n- **Crate**\n  - {item}\n");
        let (prd, diagnostics) = syntax::parse(&text);
        prop_assert!(diagnostics.is_empty(), "{text}\n{diagnostics:#?}");
        let field = &prd.entity_sections[0].entities[0].fields[0];
        prop_assert_eq!(&field.name.text, &name);
        prop_assert!(field.type_name.text.is_empty(), "{}", text);
        prop_assert_eq!(field.type_name.span.start, field.name.span.end);
        let analysis = microcodegen::analyze(text.as_bytes());
        prop_assert!(
            !microcodegen::diagnostics::has_errors(&analysis.diagnostics),
            "{text}\n{:#?}",
            analysis.diagnostics
        );
        let notes = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "N0013")
            .count();
        prop_assert_eq!(notes, 1, "{}", text);
        let manifest = analysis.manifest.expect("a document without errors has a manifest");
        let read = &manifest.entities[0].fields[0];
        prop_assert_eq!(&read.name, &name);
        prop_assert!(TYPE_WORDS.iter().any(|(_, canonical)| *canonical == read.field_type), "{}", text);
    }
}
