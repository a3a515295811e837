//! Applying machine-applicable suggestions to the source text: the pure
//! half of `check --fix` (the CLI does the file handling).

use super::Diagnostic;

/// The source with every non-overlapping suggestion applied, and how many
/// were applied. Suggestions are taken in span order; one that overlaps an
/// earlier one (or inserts at the same place) is left for the next run.
pub fn apply_suggestions(source: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    let mut suggestions: Vec<_> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.suggestion.as_ref())
        .filter(|suggestion| {
            suggestion.span.start <= suggestion.span.end
                && source.is_char_boundary(suggestion.span.start)
                && source.is_char_boundary(suggestion.span.end)
                && suggestion.span.end <= source.len()
                && source.get(suggestion.span.range()) != Some(suggestion.replacement.as_str())
        })
        .collect();
    suggestions.sort_by_key(|suggestion| (suggestion.span.start, suggestion.span.end));
    let mut out = String::with_capacity(source.len());
    let mut copied = 0;
    let mut applied = 0;
    let mut last: Option<(usize, usize)> = None;
    for suggestion in suggestions {
        let (start, end) = (suggestion.span.start, suggestion.span.end);
        if let Some((last_start, last_end)) = last
            && (start < last_end || (start == last_start && start == last_end))
        {
            continue;
        }
        out.push_str(&source[copied..start]);
        out.push_str(&suggestion.replacement);
        copied = end;
        applied += 1;
        last = Some((start, end));
    }
    out.push_str(&source[copied..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::span::Span;

    fn suggest(start: usize, end: usize, replacement: &str) -> Diagnostic {
        Diagnostic::new(Code::UnknownType, Span::new(start, end), "x")
            .with_suggestion(Span::new(start, end), replacement)
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let source = "abc def ghi";
        let diagnostics = [
            suggest(8, 11, "GHI"),
            suggest(0, 3, "ABC"),
            suggest(1, 5, "overlapping"),
            suggest(7, 7, ","),
            suggest(7, 7, ";"),
        ];
        let (fixed, applied) = apply_suggestions(source, &diagnostics);
        assert_eq!(fixed, "ABC def, GHI");
        assert_eq!(applied, 3);
    }

    #[test]
    fn nothing_to_apply_leaves_the_text_alone() {
        let (fixed, applied) = apply_suggestions("é", &[suggest(0, 1, "x"), suggest(0, 2, "é")]);
        assert_eq!((fixed.as_str(), applied), ("é", 0));
    }
}
