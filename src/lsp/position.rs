//! Positions as the client counts them: a line and a character offset in
//! the encoding negotiated at start-up (UTF-16 code units unless the client
//! offers UTF-8 or UTF-32), turned into the byte offsets the compiler's
//! spans use, and back.
//!
//! A position past the end of its line or of the document is clamped to
//! the end, and one inside a character (half of a surrogate pair, a byte
//! in the middle of a UTF-8 sequence) to the character's start: a client's
//! mistake never panics and never splits a character.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::span::Span;

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use with a client offering `offered` (in its order
    /// of preference): UTF-8 when offered, as the compiler's own, else the
    /// first one known, else UTF-16, the protocol's default.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            return Encoding::Utf8;
        }
        offered
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// The length of `c` in this encoding's units.
    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// The start of every line of a text (lines end at `\n`, as in the
/// compiler's own diagnostics).
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, byte)| byte == b'\n')
                .map(|(at, _)| at + 1),
        );
        Lines { starts }
    }

    /// The byte range of line `line` without its line break, or `None` past
    /// the last line.
    fn line(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line)?;
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        // A `\r` before the `\n` belongs to the line break.
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Some((start, end))
    }

    /// The byte offset of `position`, clamped to the text.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some((start, end)) = self.line(text, position.line as usize) else {
            return text.len();
        };
        let mut units = 0u32;
        for (at, c) in text[start..end].char_indices() {
            let next = units.saturating_add(encoding.units(c));
            if next > position.character {
                return start + at;
            }
            units = next;
        }
        end
    }

    /// The position of byte `offset` (clamped to the text, and to the start
    /// of the character it falls in).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character = match encoding {
            Encoding::Utf8 => (offset - start) as u32,
            _ => text[start..offset].chars().map(|c| encoding.units(c)).sum(),
        };
        Position::new(line as u32, character)
    }

    pub fn range(&self, text: &str, span: Span, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }

    /// The span of `range`, its ends in order.
    pub fn span(&self, text: &str, range: Range, encoding: Encoding) -> Span {
        let start = self.offset(text, range.start, encoding);
        let end = self.offset(text, range.end, encoding);
        Span::new(start.min(end), start.max(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Café\r\n- Réservation: nom (strng)\n😀x\n";

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let lines = Lines::new(TEXT);
        let strng = TEXT.find("strng").unwrap();
        assert_eq!(
            lines.position(TEXT, strng, Encoding::Utf16),
            Position::new(1, 20)
        );
        assert_eq!(
            lines.position(TEXT, strng, Encoding::Utf8),
            Position::new(1, 21)
        );
        let x = TEXT.find('x').unwrap();
        assert_eq!(
            lines.position(TEXT, x, Encoding::Utf16),
            Position::new(2, 2)
        );
        assert_eq!(
            lines.position(TEXT, x, Encoding::Utf32),
            Position::new(2, 1)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for offset in (0..=TEXT.len()).filter(|&at| TEXT.is_char_boundary(at)) {
                let position = lines.position(TEXT, offset, encoding);
                let back = lines.offset(TEXT, position, encoding);
                // Offsets on a line break's `\r` come back at the line's end.
                assert!(
                    back == offset || (TEXT.as_bytes()[offset] == b'\n' && back == offset - 1),
                    "{encoding:?} {offset} -> {position:?} -> {back}"
                );
            }
        }
    }

    #[test]
    fn positions_out_of_range_are_clamped_to_a_character_start() {
        let lines = Lines::new(TEXT);
        assert_eq!(
            lines.offset(TEXT, Position::new(99, 0), Encoding::Utf16),
            TEXT.len()
        );
        // Past the end of line 0: its end, before the `\r\n`.
        assert_eq!(
            lines.offset(TEXT, Position::new(0, 500), Encoding::Utf16),
            TEXT.find('\r').unwrap()
        );
        // Between the two halves of the emoji's surrogate pair.
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(
            lines.offset(TEXT, Position::new(2, 1), Encoding::Utf16),
            emoji
        );
        // A byte inside `é`.
        let e = TEXT.find('é').unwrap();
        assert_eq!(
            lines.position(TEXT, e + 1, Encoding::Utf8),
            lines.position(TEXT, e, Encoding::Utf8)
        );
    }

    #[test]
    fn utf8_is_chosen_when_offered_and_utf16_otherwise() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf32
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::new("latin-1")])),
            Encoding::Utf16
        );
    }
}
