//! The web pages' view of each entity: where its pages are, the input of
//! each field, and the user stories the dashboard links to.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::genome::{DECIMAL_SCALE, FieldType, Genome, UserStory};
use crate::targets::fastapi::escape::{py_str, py_tuple};

use super::{EntityView, FieldView, ProfileView};

/// Paths the app serves itself, which an entity's pages must not take.
const RESERVED_PATHS: &[&str] = &[
    "account",
    "api",
    "docs",
    "openapi.json",
    "redoc",
    "sign-in",
    "sign-out",
    "sign-up",
    "static",
];

/// How many fields a list page shows beside each row's label.
const LIST_FIELDS: usize = 4;

/// One entity's pages.
pub struct EntityPagesView<'a> {
    pub e: &'a EntityView<'a>,
    /// The Python constant that holds them (`TREATMENT_NOTE_PAGES`).
    pub constant: String,
    /// `/treatment-notes`.
    pub path: String,
    /// `"title"`, or `None` when the entity has no text field to name a row by.
    pub label_field: String,
    /// One `FieldSpec(...)` expression per field.
    pub fields: Vec<String>,
    /// The tuple of the fields shown in the list: `("name", "due")`.
    pub list_fields: String,
}

/// The path of an entity's pages: its plural, hyphenated, unless the app
/// serves that path itself.
pub fn page_path(e: &EntityView) -> String {
    let segment = e.plural.replace('_', "-");
    if RESERVED_PATHS.contains(&segment.as_str()) {
        format!("/my-{segment}")
    } else {
        format!("/{segment}")
    }
}

/// The field's name in words with a capital first letter: `due_date` is
/// "Due date", and a link `project` (column `project_id`) is "Project".
pub fn field_label(f: &FieldView) -> String {
    let words = f.source.name.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The field that names a row: the first required `string`, else the first `string`.
fn label_field<'a>(e: &'a EntityView) -> Option<&'a FieldView<'a>> {
    let strings = || {
        e.fields
            .iter()
            .filter(|f| f.field_type == FieldType::String)
    };
    strings().find(|f| f.required).or_else(|| strings().next())
}

fn kind(t: FieldType) -> &'static str {
    match t {
        FieldType::String => "STRING",
        FieldType::Text => "TEXT",
        FieldType::Integer => "INTEGER",
        FieldType::Float => "FLOAT",
        FieldType::Decimal => "DECIMAL",
        FieldType::Boolean => "BOOLEAN",
        FieldType::Date => "DATE",
        FieldType::DateTime => "DATETIME",
        FieldType::Uuid => "UUID",
        FieldType::Json => "JSON",
        FieldType::Email => "EMAIL",
        FieldType::Url => "URL",
        FieldType::Enum => "ENUM",
        FieldType::Reference => "LINK",
    }
}

/// The text an input shows for a default value.
fn default_text(f: &FieldView) -> Option<String> {
    let value = f.source.default.as_ref()?;
    Some(match (f.field_type, value) {
        (FieldType::Json, v) => v.to_string(),
        (_, serde_json::Value::String(s)) => s.clone(),
        (_, serde_json::Value::Bool(b)) => if *b { "on" } else { "" }.to_string(),
        (_, v) => v.to_string(),
    })
}

/// `FieldSpec(...)`: the field's input and its limits. Written into one
/// string: a large app has tens of thousands of fields.
fn field_spec(f: &FieldView) -> String {
    let t = f.field_type;
    let mut out = String::with_capacity(128);
    let _ = write!(
        out,
        "FieldSpec({}, {}, Kind.{}, required={}",
        py_str(f.name),
        py_str(&field_label(f)),
        kind(t),
        if f.required { "True" } else { "False" }
    );
    if let Some(default) = default_text(f) {
        let _ = write!(out, ", default={}", py_str(&default));
    }
    let is_number = matches!(
        t,
        FieldType::Integer | FieldType::Float | FieldType::Decimal
    );
    let is_text = matches!(
        t,
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url
    );
    if is_text {
        if let Some(min) = &f.source.min {
            let _ = write!(out, ", min_length={min}");
        }
        if let Some(max) = f.source.max_length() {
            let _ = write!(out, ", max_length={max}");
        }
    }
    if is_number {
        if let Some(min) = &f.source.min {
            let _ = write!(out, ", minimum={}", py_str(&min.to_string()));
        }
        if let Some(max) = &f.source.max {
            let _ = write!(out, ", maximum={}", py_str(&max.to_string()));
        }
        let step = match t {
            FieldType::Integer => "1".to_string(),
            FieldType::Decimal => format!("0.{}1", "0".repeat(DECIMAL_SCALE as usize - 1)),
            _ => "any".to_string(),
        };
        let _ = write!(out, ", step={}", py_str(&step));
    }
    if t == FieldType::Enum {
        let choices = py_tuple(f.source.enum_values.iter().map(|v| py_str(v)));
        let _ = write!(out, ", choices={choices}");
    }
    if t == FieldType::Reference {
        let _ = write!(out, ", link={}", py_str(f.ref_class()));
    }
    if let Some(example) = &f.source.pattern_example {
        let _ = write!(out, ", example={}", py_str(example));
    }
    out.push(')');
    out
}

/// The account's profile fields as the profile page's `FieldSpec`s.
pub fn profile_specs(p: &ProfileView) -> Vec<String> {
    p.fields.iter().map(field_spec).collect()
}

impl<'a> EntityPagesView<'a> {
    pub fn new(e: &'a EntityView<'a>) -> Self {
        let label = label_field(e);
        let shown = e
            .fields
            .iter()
            .filter(|f| label.is_none_or(|l| l.name != f.name))
            .filter(|f| !matches!(f.field_type, FieldType::Text | FieldType::Json))
            .take(LIST_FIELDS)
            .map(|f| py_str(f.name));
        EntityPagesView {
            e,
            constant: format!("{}_PAGES", e.snake.to_uppercase()),
            path: page_path(e),
            label_field: label.map_or("None".to_string(), |f| py_str(f.name)),
            fields: e.fields.iter().map(field_spec).collect(),
            list_fields: py_tuple(shown),
        }
    }
}

/// What a story asks of the pages, by the verb its goal starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryAction {
    Create,
    List,
    Edit,
    Delete,
}

impl StoryAction {
    /// The action of a goal, from its first word; `None` for a verb of
    /// another kind.
    pub fn of_goal(goal: &str) -> Option<StoryAction> {
        let verb = goal.split_whitespace().next()?.to_lowercase();
        Some(match verb.as_str() {
            "create" | "add" | "book" | "record" | "log" | "register" => StoryAction::Create,
            "see" | "view" | "list" | "browse" | "track" | "find" => StoryAction::List,
            "update" | "edit" | "mark" | "change" | "set" => StoryAction::Edit,
            "delete" | "remove" | "cancel" | "archive" => StoryAction::Delete,
            _ => return None,
        })
    }
}

/// The entities by name, for finding the one a story names first: a
/// story is looked up once per page and test, and a PRD may have
/// thousands of entities.
struct EntitiesByName<'v, 'g>(HashMap<&'v str, &'v EntityView<'g>>);

impl<'v, 'g> EntitiesByName<'v, 'g> {
    fn new(entities: &'v [EntityView<'g>]) -> Self {
        EntitiesByName(entities.iter().map(|e| (e.name.as_str(), e)).collect())
    }

    /// The first entity the story names that the app has.
    fn first_named(&self, story: &UserStory) -> Option<&'v EntityView<'g>> {
        story
            .entities
            .iter()
            .find_map(|name| self.0.get(name.as_str()).copied())
    }
}

/// A story on the dashboard: its sentence and the page it links to.
pub struct StoryLinkView {
    pub sentence: String,
    /// `"/visits/new"`, or `None`.
    pub path: String,
}

/// The stories as the dashboard lists them: each links to the first page of
/// the entities it names (the create page when it asks to create one).
pub fn story_links(
    stories: &[UserStory],
    entities: &[EntityView],
    sentence: impl Fn(&UserStory) -> String,
) -> Vec<StoryLinkView> {
    let by_name = EntitiesByName::new(entities);
    stories
        .iter()
        .map(|s| {
            let path = by_name.first_named(s).map_or("None".to_string(), |e| {
                let path = page_path(e);
                if StoryAction::of_goal(&s.goal) == Some(StoryAction::Create) {
                    py_str(&format!("{path}/new"))
                } else {
                    py_str(&path)
                }
            });
            StoryLinkView {
                sentence: py_str(&sentence(s)),
                path,
            }
        })
        .collect()
}

/// The longest description the home page shows, in characters; a longer
/// one is cut at a word.
const SUMMARY_CHARACTERS: usize = 400;

/// What the signed-out home page says of the app: the PRD's first
/// paragraph (cut at a word past 400 characters), or, when it has none,
/// "Keep track of your pets, visits and vaccines."
pub fn summary(genome: &Genome) -> String {
    match genome.description.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => shortened(text, SUMMARY_CHARACTERS),
        _ => keep_track_of(genome),
    }
}

/// `text`, or its words up to `limit` characters and an ellipsis.
fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(limit).collect();
    }
    out.push('…');
    out
}

/// "Keep track of your pets, visits and vaccines."
fn keep_track_of(genome: &Genome) -> String {
    let names: Vec<&str> = genome
        .entities
        .iter()
        .map(|e| e.plural_label.as_str())
        .collect();
    let listed = match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    format!("Keep track of your {listed}.")
}

impl StoryAction {
    /// The name of the flow in `tests/browser/journeys.py`.
    pub fn flow(self) -> &'static str {
        match self {
            StoryAction::Create => "create",
            StoryAction::List => "list",
            StoryAction::Edit => "edit",
            StoryAction::Delete => "delete",
        }
    }

    /// The page the flow ends on, for the traceability table.
    fn page(self, path: &str) -> String {
        match self {
            StoryAction::Create => format!("`{path}/new`"),
            StoryAction::List => format!("`{path}`"),
            StoryAction::Edit => format!("`{path}/{{id}}/edit`"),
            StoryAction::Delete => format!("`{path}/{{id}}/delete`"),
        }
    }
}

/// A user story as an acceptance test, or why it is not one.
pub struct StoryTestView {
    /// The story as one sentence (plain text).
    pub sentence: String,
    /// The test function; empty when the story has no test.
    pub test: String,
    /// The flow (`create`, `list`, `edit`, `delete`).
    pub flow: &'static str,
    /// The entity's name, whose pages the test uses.
    pub entity: String,
    /// The pages, as Markdown code spans; empty without a test.
    pub page: String,
    /// Why the story has no test; empty when it has one.
    pub reason: String,
}

/// `book_a_visit`: the goal's words, as a Python name.
fn goal_slug(goal: &str) -> String {
    let mut slug = String::new();
    for c in goal.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_');
    let cut = slug.char_indices().nth(60).map_or(slug.len(), |(at, _)| at);
    slug[..cut].trim_end_matches('_').to_string()
}

/// Every story: the acceptance test it becomes, by the verb its goal starts
/// with and the first entity it names, or the reason it becomes none.
pub fn story_tests(
    stories: &[UserStory],
    entities: &[EntityView],
    sentence: impl Fn(&UserStory) -> String,
) -> Vec<StoryTestView> {
    let by_name = EntitiesByName::new(entities);
    let mut taken: Vec<String> = Vec::new();
    stories
        .iter()
        .map(|s| {
            let page = by_name.first_named(s);
            let action = StoryAction::of_goal(&s.goal);
            let mut view = StoryTestView {
                sentence: sentence(s),
                test: String::new(),
                flow: "",
                entity: String::new(),
                page: String::new(),
                reason: String::new(),
            };
            match (action, page) {
                (_, None) => view.reason = "it names no entity".to_string(),
                (None, Some(_)) => {
                    view.reason = format!(
                        "its goal does not start with a verb of creating, seeing, changing or deleting (\"{}\")",
                        s.goal.split_whitespace().next().unwrap_or_default()
                    );
                }
                (Some(action), Some(p)) => {
                    let base = format!("test_{}", goal_slug(&s.goal));
                    let mut name = base.clone();
                    let mut n = 2;
                    while taken.contains(&name) {
                        name = format!("{base}_{n}");
                        n += 1;
                    }
                    taken.push(name.clone());
                    view.test = name;
                    view.flow = action.flow();
                    view.entity = p.name.clone();
                    view.page = action.page(&page_path(p));
                }
            }
            view
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_map_to_actions_by_their_first_verb() {
        assert_eq!(
            StoryAction::of_goal("book a visit"),
            Some(StoryAction::Create)
        );
        assert_eq!(
            StoryAction::of_goal("View the day's visits"),
            Some(StoryAction::List)
        );
        assert_eq!(
            StoryAction::of_goal("mark a task done"),
            Some(StoryAction::Edit)
        );
        assert_eq!(
            StoryAction::of_goal("archive old notes"),
            Some(StoryAction::Delete)
        );
        assert_eq!(StoryAction::of_goal("approve a request"), None);
    }

    #[test]
    fn goals_become_python_names() {
        assert_eq!(
            goal_slug("see my pet's vaccination history"),
            "see_my_pet_s_vaccination_history"
        );
        assert_eq!(goal_slug("Book a visit!"), "book_a_visit");
    }

    #[test]
    fn a_long_description_is_cut_at_a_word() {
        let text = "word ".repeat(200);
        let cut = shortened(text.trim(), 400);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= 401);
        assert_eq!(shortened("A short one.", 400), "A short one.");
        // One word longer than the limit is cut inside the word.
        assert_eq!(shortened(&"x".repeat(10), 4), "xxxx…");
    }
}
