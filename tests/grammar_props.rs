//! Grammar-driven properties: a generator of valid PRD documents covering
//! every production of `grammar/prd.ebnf` (the three entity shapes and the
//! bare label and inline lines, every field form, every type and modifier
//! spelling, stories with and without a benefit, vendor mentions, code
//! fences and prose), a printer to Markdown, and the properties:
//!
//! - parsing the printed document gives back the model (the AST without
//!   spans), with no diagnostics;
//! - lowering it gives the manifest the model declares;
//! - generating the app is deterministic, and the ZIP holds the same bytes
//!   as the directory.

use std::collections::BTreeMap;
use std::io::Read as _;

use proptest::prelude::*;

use microcodegen::syntax::{self, EntityShape, Prd};
use microcodegen::targets::{DEFAULT, Secrets};
use microcodegen::vocabulary::{MODIFIER_WORDS, TYPE_WORDS};

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
}

#[derive(Debug, Clone)]
struct FieldM {
    name: String,
    type_word: String,
    /// Each modifier as the AST keeps it (whitespace collapsed), and as
    /// printed (with extra whitespace).
    modifiers: Vec<(String, String)>,
    /// How a field item is written (ignored for inline fields).
    style: FieldStyle,
    description: Option<&'static str>,
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

fn entity_name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{2,9}([A-Z][a-z0-9]{0,6})?"
}

fn field_name() -> impl Strategy<Value = String> {
    "[a-z]{1,9}(_[a-z0-9]{1,5}){0,2}"
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

fn modifier() -> impl Strategy<Value = (String, String)> {
    prop::sample::select(MODIFIER_WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>())
        .prop_flat_map(|word| (recase(word), "[ ]{1,3}"))
        .prop_map(|(word, gap)| (word.clone(), word.replace(' ', &gap)))
}

fn field() -> impl Strategy<Value = FieldM> {
    (
        field_name(),
        prop::sample::select(TYPE_WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>())
            .prop_flat_map(recase),
        prop::collection::vec(modifier(), 0..4),
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
        .prop_map(|(name, type_word, modifiers, style, description)| FieldM {
            name,
            type_word,
            modifiers,
            style,
            description,
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
                " - records"
            ][..]
        )
        .prop_map(|trailer| EntityForm::Bullet { trailer }),
        Just(EntityForm::Label),
        any::<bool>().prop_map(|numbered| EntityForm::Heading { numbered }),
        Just(EntityForm::HeadingInline),
    ]
}

fn entity() -> impl Strategy<Value = EntityM> {
    (
        entity_name(),
        entity_form(),
        prop::collection::vec(field(), 1..5),
        prop::sample::select(&["", "**", "*", "`"][..]),
        prop::sample::select(&["-", "*", "+", "1.", "2)"][..]),
    )
        .prop_map(|(name, form, fields, emphasis, marker)| EntityM {
            name,
            form,
            fields,
            emphasis,
            marker,
        })
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
/// pluralised) and field names unique within their entity, by a suffix.
fn make_names_unique(doc: &mut Doc) {
    let mut index = 0usize;
    for section in &mut doc.sections {
        for entity in &mut section.entities {
            entity.name = format!("{}Q{}", entity.name, letters(index));
            index += 1;
            for (i, field) in entity.fields.iter_mut().enumerate() {
                field.name = format!("{}_f{i}", field.name);
            }
        }
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

/// `name (type, mods)`, as in inline lists.
fn inline_field(field: &FieldM) -> String {
    let mut parts = vec![field.type_word.clone()];
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
    let mut line = match field.style {
        FieldStyle::ColonParen => format!("{}: {}{paren}", field.name, field.type_word),
        FieldStyle::DashComma => {
            let mut line = format!("{} — {}", field.name, field.type_word);
            for m in &mods {
                line.push_str(", ");
                line.push_str(m);
            }
            line
        }
        FieldStyle::Paren => inline_field(field),
        FieldStyle::Emphasised => format!("**{}**: {}{paren}", field.name, field.type_word),
    };
    if let Some(description) = field.description {
        line.push_str(" - ");
        line.push_str(description);
    }
    line
}

fn print_entity(entity: &EntityM, out: &mut Vec<String>) {
    let emphasised = format!("{0}{1}{0}", entity.emphasis, entity.name);
    let inline_list = |list_sep: &str| {
        entity
            .fields
            .iter()
            .map(inline_field)
            .collect::<Vec<_>>()
            .join(list_sep)
    };
    match entity.form {
        EntityForm::Inline {
            sep,
            list_sep,
            full_stop,
        } => out.push(format!(
            "{} {emphasised}{sep}{}{}",
            entity.marker,
            inline_list(list_sep),
            if full_stop { "." } else { "" }
        )),
        EntityForm::InlineLine => out.push(format!("{}: {}", entity.name, inline_list(", "))),
        EntityForm::Bullet { trailer } => {
            out.push(format!("{} {emphasised}{trailer}", entity.marker));
            for (i, field) in entity.fields.iter().enumerate() {
                let indent = if i % 2 == 0 { "  " } else { "\t" };
                out.push(format!("{indent}- {}", field_item(field)));
            }
        }
        EntityForm::Label => {
            out.push(format!("{emphasised}:"));
            for field in &entity.fields {
                out.push(format!("* {}", field_item(field)));
            }
        }
        EntityForm::Heading { numbered } => {
            let number = if numbered { "3.1 " } else { "" };
            out.push(format!("### {number}{}", entity.name));
            for (i, field) in entity.fields.iter().enumerate() {
                let indent = if i % 2 == 0 { "" } else { "    " };
                out.push(format!("{indent}- {}", field_item(field)));
            }
        }
        EntityForm::HeadingInline => {
            let (first, rest) = entity.fields.split_first().expect("at least one field");
            out.push(format!("#### {}: {}", entity.name, inline_field(first)));
            for field in rest {
                out.push(format!("- {}", field_item(field)));
            }
        }
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
        out.push(SECTION_HEADINGS[section.heading].to_string());
        out.push(String::new());
        for entity in &section.entities {
            print_entity(entity, &mut out);
            out.push(String::new());
        }
        out.push("## Notes".to_string());
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

/// An entity as the parser must find it: name, shape, and each field's
/// name, type and modifiers as written.
type EntityFound = (String, EntityShape, Vec<(String, String, Vec<String>)>);

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
                            EntityForm::Heading { .. } | EntityForm::HeadingInline => {
                                EntityShape::Heading
                            }
                        };
                        let fields = entity
                            .fields
                            .iter()
                            .map(|f| {
                                (
                                    f.name.clone(),
                                    f.type_word.clone(),
                                    f.modifiers.iter().map(|(m, _)| m.clone()).collect(),
                                )
                            })
                            .collect();
                        (entity.name.clone(), shape, fields)
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
                                    f.modifiers.iter().map(|m| m.text.clone()).collect(),
                                )
                            })
                            .collect();
                        (entity.name.text.clone(), entity.shape, fields)
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
    for (text, _) in &field.modifiers {
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
                let canonical =
                    microcodegen::vocabulary::field_type(&model.type_word).expect("a type word");
                prop_assert_eq!(field.field_type.as_str(), canonical);
                let (required, unique, indexed) = flags(model).expect("no conflict");
                prop_assert_eq!((field.required, field.unique, field.indexed), (required, unique, indexed));
            }
        }
        prop_assert_eq!(manifest.solution_name, doc.title.clone().unwrap_or("Generated App".into()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn generation_is_deterministic_and_zip_matches_files(doc in doc()) {
        let text = print(&doc);
        let secrets = Secrets::insecure_fixed_for_tests();
        let first = microcodegen::compile(text.as_bytes(), DEFAULT, &secrets).expect("packs");
        let second = microcodegen::compile(text.as_bytes(), DEFAULT, &secrets).expect("packs");
        prop_assert_eq!(&first.files, &second.files);
        prop_assert_eq!(&first.zip, &second.zip);
        let (Some(files), Some(zip)) = (first.files, first.zip) else {
            prop_assert!(first.analysis.genome.is_none());
            return Ok(());
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a ZIP");
        let mut entries = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("an entry");
            let name = entry.name().expect("a UTF-8 name").to_string();
            prop_assert!(!name.starts_with('/') && !name.split('/').any(|s| s == ".." || s.is_empty()));
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
