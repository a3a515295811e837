//! The application's name: the title, unless it only says what kind of
//! document this is (`Product Requirements Document`, `PRD`, `Spec`); then
//! the title's other words, a `Product name:` line, the first level-2
//! heading or the file's name, each choice reported as a note.

use crate::diagnostics::Diagnostic;
use crate::problems::{LowerProblem, NameSource};
use crate::span::Span;
use crate::syntax::Prd;

use super::DEFAULT_SOLUTION_NAME;

/// Phrases that name the kind of document, not the product, longest first
/// so that `product requirements document` goes before `requirements`.
const GENERIC_PHRASES: &[&[&str]] = &[
    &["software", "requirements", "specification"],
    &["product", "requirements", "document"],
    &["product", "requirement", "document"],
    &["product", "requirements", "doc"],
    &["technical", "specification"],
    &["technical", "spec"],
    &["functional", "specification"],
    &["feature", "specification"],
    &["feature", "spec"],
    &["product", "specification"],
    &["product", "requirements"],
    &["product", "spec"],
    &["requirements", "document"],
    &["design", "document"],
    &["requirements"],
    &["specification"],
    &["spec"],
    &["prd"],
    &["srs"],
];

/// Words that only join the generic phrase to the name (`PRD for Cookbook`)
/// or say which draft it is (`v2`).
fn is_filler(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "for"
            | "of"
            | "the"
            | "a"
            | "an"
            | "draft"
            | "mvp"
            | "version"
            | "enhanced"
            | "updated"
            | "revised"
            | "final"
    ) || is_version(&lower)
}

/// `v2`, `1.0`, `v0.3.1`, `2024`.
fn is_version(word: &str) -> bool {
    let digits = word.strip_prefix('v').unwrap_or(word);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A word of the title without the punctuation around it; empty for a
/// separator or a pictograph.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The title's words once the generic phrases and the words around them
/// are gone: `None` when the title has no generic phrase (it is the name),
/// `Some("")` when nothing is left.
fn without_generic_words(title: &str) -> Option<String> {
    // A full-width colon joins words without a space (`PRD：Cookbook`).
    let title = title.replace('\u{ff1a}', " \u{ff1a} ");
    let words: Vec<&str> = title.split_whitespace().collect();
    let lower: Vec<String> = words
        .iter()
        .map(|word| bare(word).to_ascii_lowercase())
        .collect();
    let mut generic = vec![false; words.len()];
    let mut found = false;
    let mut at = 0;
    while at < words.len() {
        let phrase = GENERIC_PHRASES.iter().find(|phrase| {
            lower
                .get(at..at + phrase.len())
                .is_some_and(|run| run.iter().zip(phrase.iter()).all(|(a, b)| a == b))
        });
        match phrase {
            Some(phrase) => {
                generic[at..at + phrase.len()].fill(true);
                found = true;
                at += phrase.len();
            }
            None => at += 1,
        }
    }
    if !found {
        return None;
    }
    let kept: Vec<&str> = words
        .iter()
        .zip(&generic)
        .filter(|(word, generic)| !**generic && !bare(word).is_empty())
        .map(|(word, _)| *word)
        .collect();
    // Fillers only at the ends: `Plan of the Day` keeps its `of`.
    let start = kept.iter().position(|word| !is_filler(bare(word)));
    let end = kept.iter().rposition(|word| !is_filler(bare(word)));
    let name = match (start, end) {
        (Some(start), Some(end)) => kept[start..=end].join(" "),
        _ => String::new(),
    };
    let trimmed = name.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(');
    // `(PRD)` leaves an unmatched bracket behind.
    let trimmed = trimmed.trim_matches(|c: char| matches!(c, '(' | ')'));
    Some(trimmed.trim().to_string())
}

/// Level-2 headings that are a document's parts, not a product.
fn is_generic_heading(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    // A section number may stay inside emphasis (`**1. Introduction**`):
    // a numbered heading is a part of the document.
    if lower.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let lower = lower.trim();
    without_generic_words(lower).is_some_and(|rest| rest.is_empty())
        || matches!(
            lower,
            "overview"
                | "introduction"
                | "summary"
                | "executive summary"
                | "background"
                | "table of contents"
                | "contents"
                | "purpose"
                | "goals"
                | "problem statement"
                | "vision"
                | "context"
                | "scope"
                | "document control"
                | "revision history"
        )
}

/// The application's name, and the note saying where it came from when it
/// is not the title as written.
pub(super) fn app_name(prd: &Prd, diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut chosen = |name: String, span: Option<Span>, source: NameSource| {
        diagnostics.push(
            LowerProblem::AppNameChosen {
                span,
                name: &name,
                source,
            }
            .into(),
        );
        name
    };
    if let Some(title) = &prd.title {
        match without_generic_words(&title.text.text) {
            None => return title.text.text.clone(),
            Some(rest) if !rest.is_empty() => {
                return chosen(rest, Some(title.text.span), NameSource::TitleWords);
            }
            Some(_) => {}
        }
    }
    if let Some(line) = &prd.name_line {
        return chosen(line.text.clone(), Some(line.span), NameSource::NameLine);
    }
    let title_span = prd.title.as_ref().map(|title| title.span);
    // The front matter only: after the data model, a heading is a part of
    // the document (`## Notes`), never the product.
    let front_end = prd
        .entity_sections
        .first()
        .map_or(prd.span.end, |section| section.span.start);
    if let Some(heading) = prd.headings.iter().find(|heading| {
        heading.level == 2
            && heading.span.start < front_end
            && !heading.text.text.is_empty()
            && !is_generic_heading(&heading.text.text)
            && title_span.is_none_or(|title| heading.span.start > title.start)
    }) {
        return chosen(
            heading.text.text.clone(),
            Some(heading.text.span),
            NameSource::FirstSubheading,
        );
    }
    if let Some(stem) = prd
        .file_stem
        .as_deref()
        .filter(|stem| !stem.trim().is_empty())
    {
        return chosen(stem.to_string(), None, NameSource::FileName);
    }
    if prd.title.is_some() {
        return chosen(
            DEFAULT_SOLUTION_NAME.into(),
            title_span,
            NameSource::Default,
        );
    }
    DEFAULT_SOLUTION_NAME.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_words_leave_the_product_name() {
        for (title, left) in [
            ("Cookbook", None),
            ("Plan of the Day", None),
            ("PRD: Cookbook", Some("Cookbook")),
            ("Cookbook PRD", Some("Cookbook")),
            ("Product Requirements Document", Some("")),
            ("📋 Technical Specification v2.1", Some("")),
            (
                "Product Requirements Document (PRD) — Seed Swap",
                Some("Seed Swap"),
            ),
            ("PRD for the Bench Log app", Some("Bench Log app")),
            ("1. Requirements", Some("")),
            ("Spec - Tide Tables", Some("Tide Tables")),
            ("Enhanced Product Requirements Document (PRD)", Some("")),
            ("Feature Specification: Kiln Log", Some("Kiln Log")),
            ("PRD：茶室", Some("茶室")),
        ] {
            assert_eq!(without_generic_words(title).as_deref(), left, "{title}");
        }
    }
}
