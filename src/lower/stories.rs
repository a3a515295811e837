//! User stories (and the entities each names), vendor mentions, and the
//! architecture model's elements.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::genome::{
    ArchimateElement, ArchimateKind, Entity, Integration, IntegrationCategory, UserStory,
};
use crate::naming;
use crate::problems::LowerProblem;
use crate::span::Span;
use crate::syntax::{self, Prd};
use crate::vocabulary;

/// The words by which a story can name each entity: its name, singular or
/// plural, as one word (`OrderItem`, `orderitems`) or as separate words
/// (`order item`, `Order-Items`, `order_items`), in any case.
pub struct EntityWords {
    /// The entity names, in declaration order, each once.
    names: Vec<String>,
    /// Every spelling, as lowercase words, and the entity it names; the
    /// first entity declared with a spelling keeps it.
    by_spelling: HashMap<Vec<String>, String>,
    /// The number of words in the longest spelling.
    longest_spelling: usize,
}

impl EntityWords {
    pub fn new(names: &[&str]) -> Self {
        let mut by_spelling: HashMap<Vec<String>, String> = HashMap::new();
        let mut longest_spelling = 0;
        let mut seen = HashSet::new();
        let mut unique_names = Vec::new();
        for name in names {
            if !seen.insert(*name) {
                continue;
            }
            unique_names.push(name.to_string());
            let snake = naming::snake_case(name);
            let plural = naming::plural(&snake);
            for spelling in [
                words(&naming::label(&snake)),
                words(&naming::label(&plural)),
                vec![snake.replace('_', "")],
                vec![plural.replace('_', "")],
            ] {
                if spelling.is_empty() {
                    continue;
                }
                longest_spelling = longest_spelling.max(spelling.len());
                by_spelling
                    .entry(spelling)
                    .or_insert_with(|| name.to_string());
            }
        }
        EntityWords {
            names: unique_names,
            by_spelling,
            longest_spelling,
        }
    }

    /// The entities `text` names, in order of first mention, each once.
    fn named_in(&self, text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for (_, name) in self.mentions_in(text) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
        found
    }

    /// Where `text` names entities: each mention's byte range and entity,
    /// left to right. Words are read taking the longest spelling that
    /// matches, so "order items" names `OrderItem` and not also `Order`.
    /// Each word costs at most one lookup per possible spelling length,
    /// whatever the number of entities.
    pub fn mentions_in(&self, text: &str) -> Vec<(Range<usize>, String)> {
        let (ranges, words): (Vec<Range<usize>>, Vec<String>) =
            word_spans(text).into_iter().unzip();
        let mut found = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let longest = (1..=self.longest_spelling.min(words.len() - at))
                .rev()
                .find_map(|length| {
                    self.by_spelling
                        .get(&words[at..at + length])
                        .map(|name| (name, length))
                });
            match longest {
                Some((name, length)) => {
                    found.push((ranges[at].start..ranges[at + length - 1].end, name.clone()));
                    at += length;
                }
                None => at += 1,
            }
        }
        found
    }
}

/// Lowercase words (runs of letters and digits) and where each is.
fn word_spans(text: &str) -> Vec<(Range<usize>, String)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                spans.push((from..at, text[from..at].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// Lowercase words: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

pub(super) fn lower_story(
    story: &syntax::UserStory,
    entity_words: &EntityWords,
    diagnostics: &mut Vec<Diagnostic>,
) -> UserStory {
    let first_word = story
        .goal
        .text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The role is left out: a "project manager" is a person, and naming
    // one does not make the story about projects.
    let text = match &story.benefit {
        Some(benefit) => format!("{} {}", story.goal.text, benefit.text),
        None => story.goal.text.clone(),
    };
    let entities = entity_words.named_in(&text);
    if entities.is_empty() && !entity_words.names.is_empty() {
        diagnostics.push(
            LowerProblem::StoryWithoutEntity {
                span: story.goal.span,
                entities: &entity_words.names,
            }
            .into(),
        );
    }
    UserStory {
        role: story.role.text.clone(),
        goal: story.goal.text.clone(),
        benefit: story.benefit.as_ref().map(|benefit| benefit.text.clone()),
        is_workflow: vocabulary::WORKFLOW_VERBS.contains(&first_word.as_str()),
        entities,
        acceptance_criteria: story
            .criteria
            .iter()
            .map(|criterion| criterion.text.clone())
            .collect(),
        origin: story.span,
    }
}

/// One integration per vendor mentioned, in the vendor table's order, each
/// pointing at its first mention.
pub(super) fn lower_integrations(prd: &Prd) -> Vec<Integration> {
    vocabulary::VENDORS
        .iter()
        .filter_map(|&(vendor, display_name, category)| {
            let mention = prd
                .integration_mentions
                .iter()
                .find(|mention| mention.vendor == vendor)?;
            Some(Integration {
                name: vendor.to_string(),
                display_name: display_name.to_string(),
                category: IntegrationCategory::from_name(category)
                    .expect("the vendor table names only known categories"),
                origin: mention.span,
            })
        })
        .collect()
}

pub(super) fn archimate(
    solution_name: &str,
    prd: &Prd,
    entities: &[Entity],
    stories: &[UserStory],
    integrations: &[Integration],
) -> Vec<ArchimateElement> {
    let mut elements = vec![ArchimateElement {
        id: "application-component".to_string(),
        kind: ArchimateKind::ApplicationComponent,
        name: solution_name.to_string(),
        origin: prd
            .title
            .as_ref()
            .map_or(Span::default(), |title| title.span),
    }];
    elements.extend(entities.iter().map(|entity| ArchimateElement {
        id: format!("data-object-{}", entity.snake_name.replace('_', "-")),
        kind: ArchimateKind::DataObject,
        name: entity.name.clone(),
        origin: entity.origin,
    }));
    elements.extend(
        stories
            .iter()
            .enumerate()
            .filter(|(_, story)| story.is_workflow)
            .map(|(index, story)| ArchimateElement {
                id: format!("business-process-{}", index + 1),
                kind: ArchimateKind::BusinessProcess,
                name: story.goal.clone(),
                origin: story.origin,
            }),
    );
    elements.extend(integrations.iter().map(|integration| ArchimateElement {
        id: format!("application-service-{}", integration.name),
        kind: ArchimateKind::ApplicationService,
        name: integration.display_name.clone(),
        origin: integration.origin,
    }));
    elements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_name_entities_singular_or_plural_in_any_case() {
        let words = EntityWords::new(&["OrderItem", "Category", "Person", "Order"]);
        for (text, expected) in [
            ("add order items to a basket", vec!["OrderItem"]),
            ("edit an OrderItem", vec!["OrderItem"]),
            ("remove one order item", vec!["OrderItem"]),
            ("export Order-Items and order_items", vec!["OrderItem"]),
            ("list categories of people", vec!["Category", "Person"]),
            (
                "see people, then orders, then a category",
                vec!["Person", "Order", "Category"],
            ),
            ("cross the border", vec![]),
            ("reorder things", vec![]),
        ] {
            assert_eq!(words.named_in(text), expected, "{text}");
        }
    }
}
