//! User stories, and lines that look like one but are not.

use nom::IResult;
use nom::Input as _;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::opt;

use crate::problems::{StoryFault, StoryFix};
use crate::span::Span;
use crate::syntax::ast::UserStory;
use crate::syntax::lines::{Input, emphasis, skip, span_of, text_of, trim};

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
    // `I want !!`, `*... I want !*`: a goal is left before the marks that
    // end the sentence (and its closing emphasis), or there is no story.
    // A goal may end in marks of its own (`I want to approve ....`).
    let goal_text = body
        .fragment()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?' | '*' | '_'));
    if goal_text.trim().is_empty() {
        return None;
    }
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
        criteria: Vec::new(),
    })
}

/// The words an acceptance criterion opens with.
const CRITERION_WORDS: &[&str] = &["given", "when", "then", "and", "but"];

/// A line of an acceptance criterion (`Given a booked class, when I cancel
/// it, then the seat is freed`, `**Then** the seat is freed`): its text
/// without list marker and surrounding whitespace; `None` for other lines.
pub(crate) fn acceptance_criterion(content: Input) -> Option<Input> {
    let text = without_opening_emphasis(content.fragment()).to_ascii_lowercase();
    // The word, perhaps emphasis and a comma, then more words.
    let opens = CRITERION_WORDS.iter().any(|word| {
        text.strip_prefix(word).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['*', '_', '`', ',']);
            rest.starts_with([' ', '\t']) && !rest.trim().is_empty()
        })
    });
    opens.then(|| trim(content))
}

/// `Acceptance criteria:` (in emphasis or not) on a line of its own.
pub(crate) fn is_criteria_label(content: Input) -> bool {
    let words = without_opening_emphasis(content.fragment())
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | ':'))
        .to_ascii_lowercase();
    words.split_whitespace().collect::<Vec<_>>() == ["acceptance", "criteria"]
        && !words.starts_with(char::is_whitespace)
}

/// The text after one emphasis mark at its start, if any: more marks
/// would be something else, such as a code fence.
fn without_opening_emphasis(text: &str) -> &str {
    ["**", "__", "*", "_", "`"]
        .iter()
        .find_map(|mark| text.strip_prefix(mark))
        .unwrap_or(text)
}

/// `As a ` or `As an `, emphasis allowed around the words: how a story
/// opens, whether or not the rest of the line reads as one.
fn story_opening(input: Input) -> IResult<Input, ()> {
    let (rest, _) = (
        opt(emphasis),
        tag_no_case("as"),
        space1,
        alt((tag_no_case("an"), tag_no_case("a"))),
        opt(emphasis),
        space1,
    )
        .parse(input)?;
    Ok((rest, ()))
}

/// `As a <role>,` up to the comma, or `As a <role> I want` without one,
/// whichever comes first; returns the role.
fn story_role(input: Input) -> IResult<Input, Input> {
    let (rest, _) = (story_opening, opt(emphasis)).parse(input)?;
    // Emphasis opens right before the role's first word, and the role
    // does not start with another mark.
    if rest.fragment().starts_with([' ', '\t', '*', '_', '`']) {
        return Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Space,
        )));
    }
    let text = rest.fragment().to_ascii_lowercase();
    let comma = text.find(',');
    // `I want` as words of their own, after whitespace (and emphasis).
    // One emphasis mark may open right before `I want`; the role ends
    // before it.
    let role_end = |at: usize| {
        let before = &text[..at];
        ["**", "__", "*", "_", "`"]
            .iter()
            .find_map(|mark| before.strip_suffix(mark))
            .unwrap_or(before)
            .len()
    };
    let want = text.match_indices("i want").map(|(at, _)| at).find(|&at| {
        let after = text[at + "i want".len()..].chars().next();
        text[..role_end(at)].ends_with([' ', '\t']) && !after.is_some_and(char::is_alphanumeric)
    });
    match (comma, want) {
        (Some(comma), want) if want.is_none_or(|want| comma < want) => {
            let (rest, role) = take_while1(|c| c != ',').parse(rest)?;
            let (rest, _) = char(',').parse(rest)?;
            Ok((rest, role))
        }
        (_, Some(want)) if want > 0 => Ok((skip(rest, role_end(want)), rest.take(role_end(want)))),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Char,
        ))),
    }
}

/// ` I want [to] `, with optional emphasis around `I want` or `I want to`.
fn story_want(input: Input) -> IResult<Input, ()> {
    let (rest, _) = (
        space0,
        opt(emphasis),
        tag_no_case("i want"),
        opt(emphasis),
        space1,
    )
        .parse(input)?;
    // `to` before the goal is dropped, unless it is the whole goal (`I
    // want to so that ...`).
    let to: IResult<Input, _> = (tag_no_case("to"), opt(emphasis), space1).parse(rest);
    match to {
        Ok((after, _))
            if !after
                .fragment()
                .get(.."so that ".len())
                .is_some_and(|start| start.eq_ignore_ascii_case("so that ")) =>
        {
            Ok((after, ()))
        }
        _ => Ok((rest, ())),
    }
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

/// A story clause without surrounding whitespace and emphasis, nor the
/// comma that ends it (`I want to list cakes, so that ...`): that belongs
/// to the sentence.
fn clean_clause(input: Input) -> Input {
    let input = trim(input);
    let fragment = *input.fragment();
    let kept = fragment.trim_end_matches(['*', '_', '.']).trim_end();
    let kept = kept.strip_suffix(',').map_or(kept, str::trim_end);
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
    let (rest, _) = story_opening(content).ok()?;
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
    let phrase_span = Span::new(base + at, base + at + phrase.len());
    // With `I want` the comma may be left out; another phrase is what
    // keeps the line from being a story.
    let (span, fault, fix) = if phrase.eq_ignore_ascii_case("i want") {
        (span_of(&trim(content)), StoryFault::NotRead, None)
    } else {
        let fix = same_meaning.then_some((phrase_span, StoryFix::IWant));
        (phrase_span, StoryFault::NotIWant, fix)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goal_ends_before_the_mark_that_ends_the_sentence() {
        assert!(user_story(Input::new("As a cook, I want !!")).is_none());
        assert!(user_story(Input::new("*As a cook, I want !*")).is_none());
        let story = user_story(Input::new("As a cook, I want to approve ....")).unwrap();
        assert_eq!(story.goal.text, "approve");
        let story = user_story(Input::new("*As a cook, I want to bake.*")).unwrap();
        assert_eq!(story.goal.text, "bake");
        let story = user_story(Input::new("As a cook, I want to bake!")).unwrap();
        assert_eq!(story.goal.text, "bake");
    }
}
