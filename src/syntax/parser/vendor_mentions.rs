//! Vendor mentions: the integrations a PRD names anywhere outside code.

use crate::span::Span;
use crate::syntax::ast::IntegrationMention;
use crate::syntax::lines::Input;
use crate::vocabulary;

use super::Parser;

impl Parser {
    pub(super) fn mentions(&mut self, line: Input) {
        let fragment = *line.fragment();
        let bytes = fragment.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let word = &fragment[start..i];
            // A word glued to other letters (`Stripe` in `Stripeless`) is
            // already excluded by the run; non-ASCII letters end a run, so
            // they must not touch it either.
            let touches_letter = fragment[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                || fragment[i..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if touches_letter || word.len() > 8 {
                continue;
            }
            let lower = word.to_ascii_lowercase();
            if let Some(&(vendor, display, _)) =
                vocabulary::VENDORS.iter().find(|(name, ..)| *name == lower)
            {
                if vocabulary::VENDORS_NEEDING_CAPITAL.contains(&vendor) && word != display {
                    continue;
                }
                let offset = line.location_offset();
                self.prd.integration_mentions.push(IntegrationMention {
                    vendor,
                    span: Span::new(offset + start, offset + i),
                });
            }
        }
    }
}
