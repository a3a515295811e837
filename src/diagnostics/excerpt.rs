//! The part of the source a diagnostic shows: the lines its labels touch,
//! each long line cut to a window around its labels with `...` where it is
//! cut (as rustc does). A megabyte-long line is then neither copied into the
//! output nor scanned to its end for every diagnostic, while line and column
//! numbers stay those of the whole source.

use std::collections::BTreeSet;
use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use super::render::LineIndex;
use crate::span::Span;

/// A line longer than this many bytes is shown as a window.
const LONG_LINE: usize = 400;
/// Characters shown on each side of the labels of a long line.
const CONTEXT: usize = 60;
/// The most characters of a long line one label is shown over.
const WIDEST_LABEL: usize = 120;
const CUT: &str = "...";

/// The lines of one diagnostic, as codespan-reporting reads them: the text
/// holds only those lines, but line indices, numbers and columns are the
/// source's own.
pub(super) struct Excerpt<'a> {
    name: &'a str,
    text: String,
    /// Sorted by `index`, which is also the order of `range`.
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// The line's 0-based index in the source.
    index: usize,
    /// The line in `text`, line break included.
    range: Range<usize>,
    /// The bytes of the source line that are shown.
    shown: Range<usize>,
    /// Where `shown.start` lands in `text`.
    at: usize,
    /// The source line's end (before its line break).
    end: usize,
    /// Characters of the source line before `shown.start`.
    column: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpt of `source` that shows `spans`.
    pub(super) fn new(name: &'a str, source: &str, index: &LineIndex, spans: &[Span]) -> Self {
        let mut wanted = BTreeSet::new();
        for span in spans {
            // codespan-reporting walks every line of a label that spans
            // several, as it shows their left edge.
            wanted.extend(index.line_of(span.start)..=index.line_of(span.end));
        }
        // A single line between two shown lines is shown rather than elided.
        let gaps: Vec<usize> = wanted
            .iter()
            .zip(wanted.iter().skip(1))
            .filter(|&(&a, &b)| b == a + 2)
            .map(|(&a, _)| a + 1)
            .collect();
        wanted.extend(gaps);

        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            lines: Vec::with_capacity(wanted.len()),
        };
        for line in wanted {
            let range = index.line_range(line);
            let end = range.start + source[range.clone()].trim_end_matches(['\n', '\r']).len();
            let points: Vec<usize> = spans
                .iter()
                .flat_map(|span| [span.start, span.end])
                .filter(|point| (range.start..=end).contains(point))
                .collect();
            let shown = if end - range.start <= LONG_LINE {
                range.start..end
            } else {
                window(source, range.start..end, &points)
            };
            let start = excerpt.text.len();
            if shown.start > range.start {
                excerpt.text.push_str(CUT);
            }
            let at = excerpt.text.len();
            excerpt.text.push_str(&source[shown.clone()]);
            if shown.end < end {
                excerpt.text.push_str(CUT);
            }
            excerpt.text.push_str(&source[end..range.end]);
            excerpt.lines.push(ExcerptLine {
                index: line,
                range: start..excerpt.text.len(),
                column: if shown.start > range.start {
                    source[range.start..shown.start].chars().count()
                } else {
                    0
                },
                shown,
                at,
                end,
            });
        }
        excerpt
    }

    /// Where a source offset is shown in the excerpt; an offset in the cut
    /// part of a line lands on the cut.
    pub(super) fn map(&self, index: &LineIndex, offset: usize) -> usize {
        let line_index = index.line_of(offset);
        let Ok(found) = self
            .lines
            .binary_search_by_key(&line_index, |line| line.index)
        else {
            return 0;
        };
        let line = &self.lines[found];
        if offset >= line.end && line.shown.end == line.end {
            // At the end of the line or in its line break.
            return (line.at + (line.shown.end - line.shown.start) + (offset - line.end))
                .min(line.range.end);
        }
        line.at + (offset.clamp(line.shown.start, line.shown.end) - line.shown.start)
    }

    fn line(&self, line_index: usize) -> Result<&ExcerptLine, Error> {
        self.lines
            .binary_search_by_key(&line_index, |line| line.index)
            .map(|found| &self.lines[found])
            .map_err(|_| Error::LineTooLarge {
                given: line_index,
                max: self.lines.last().map_or(0, |line| line.index),
            })
    }
}

/// The bytes of the long line `line` to show around `points`: from a little
/// before the first to a little after the last, on character boundaries.
fn window(source: &str, line: Range<usize>, points: &[usize]) -> Range<usize> {
    let first = points.iter().copied().min().unwrap_or(line.start);
    let last = points.iter().copied().max().unwrap_or(first);
    let last = last.min(forward(source, first, line.end, WIDEST_LABEL));
    let start = backward(source, line.start, first, CONTEXT);
    let end = forward(source, last, line.end, CONTEXT);
    start..end
}

/// The offset `count` characters before `from`, not before `floor`.
fn backward(source: &str, floor: usize, from: usize, count: usize) -> usize {
    source[floor..from]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(floor, |(offset, _)| floor + offset)
}

/// The offset `count` characters after `from`, not after `ceiling`.
fn forward(source: &str, from: usize, ceiling: usize, count: usize) -> usize {
    source[from..ceiling]
        .char_indices()
        .nth(count)
        .map_or(ceiling, |(offset, _)| from + offset)
}

impl<'e> Files<'e> for Excerpt<'_> {
    type FileId = ();
    type Name = &'e str;
    type Source = &'e str;

    fn name(&'e self, (): ()) -> Result<&'e str, Error> {
        Ok(self.name)
    }

    fn source(&'e self, (): ()) -> Result<&'e str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'e self, (): (), byte_index: usize) -> Result<usize, Error> {
        let found = self
            .lines
            .partition_point(|line| line.range.start <= byte_index)
            .max(1);
        Ok(self.lines.get(found - 1).map_or(0, |line| line.index))
    }

    fn line_range(&'e self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        self.line(line_index).map(|line| line.range.clone())
    }

    fn column_number(
        &'e self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let line = self.line(line_index)?;
        let shown = self
            .text
            .get(line.at..byte_index.clamp(line.at, line.range.end))
            .map_or(0, |text| text.chars().count());
        Ok(line.column + shown + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt_of<'a>(source: &'a str, spans: &[Span]) -> (Excerpt<'a>, LineIndex<'a>) {
        let index = LineIndex::new(source);
        (Excerpt::new("prd.md", source, &index, spans), index)
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_own_numbers() {
        let source = "# T\n\n- A: x (strng)\n- B: y (int)\n";
        let at = source.find("strng").expect("present");
        let span = Span::new(at, at + 5);
        let (excerpt, index) = excerpt_of(source, &[span]);
        assert_eq!(excerpt.text, "- A: x (strng)\n");
        let mapped = excerpt.map(&index, span.start);
        assert_eq!(&excerpt.text[mapped..mapped + 5], "strng");
        assert_eq!(
            excerpt.location((), mapped).expect("located").line_number,
            3
        );
        assert_eq!(
            excerpt.location((), mapped).expect("located").column_number,
            9
        );
    }

    #[test]
    fn a_long_line_is_cut_around_its_label_and_keeps_its_columns() {
        let source = format!("# T\n- A: {}bad{}\n", "é".repeat(5_000), "x".repeat(5_000));
        let at = source.find("bad").expect("present");
        let span = Span::new(at, at + 3);
        let (excerpt, index) = excerpt_of(&source, &[span]);
        assert!(excerpt.text.starts_with("...é"), "{}", excerpt.text);
        assert!(excerpt.text.ends_with("x...\n"), "{}", excerpt.text);
        assert!(excerpt.text.chars().count() < 2 * CONTEXT + 20);
        let mapped = excerpt.map(&index, span.start);
        assert_eq!(&excerpt.text[mapped..mapped + 3], "bad");
        let location = excerpt.location((), mapped).expect("located");
        assert_eq!((location.line_number, location.column_number), (2, 5_006));
    }

    #[test]
    fn one_line_between_two_labels_is_kept_and_more_are_not() {
        let source = "a\nb\nc\nd\ne\nf\n";
        let spans = [Span::new(0, 1), Span::new(4, 5), Span::new(10, 11)];
        let (excerpt, _) = excerpt_of(source, &spans);
        assert_eq!(excerpt.text, "a\nb\nc\nf\n");
        assert!(excerpt.line_range((), 3).is_err());
    }
}
