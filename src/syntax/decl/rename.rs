//! The remark that says an entity was renamed: `(was Customer)` right
//! after its name, in any shape the entity is declared in (`### Client
//! (was Customer)`, `**Client** (was Customer)`, `Client (was Customer):
//! name (string)`). An update renames the old table instead of dropping it.

use super::tokens::{name_token, trim_start};
use crate::syntax::lines::{Input, skip};

/// The old name in a `(was Name)` remark at the start of `rest` (after
/// spaces), and the input after the remark; `None` when `rest` does not
/// start with one.
pub(crate) fn rename_remark(rest: Input) -> Option<(Input, Input)> {
    let open = trim_start(rest);
    let inner = open.fragment().strip_prefix('(')?;
    let keyword = inner.get(..3)?;
    if !keyword.eq_ignore_ascii_case("was") {
        return None;
    }
    let after_keyword = skip(open, 4);
    let name_at = trim_start(after_keyword);
    if name_at.location_offset() == after_keyword.location_offset() {
        return None;
    }
    let (after_name, name) = name_token(name_at).ok()?;
    let close = trim_start(after_name);
    close
        .fragment()
        .starts_with(')')
        .then(|| (name, skip(close, 1)))
}

/// `rest` without a `(was Name)` remark at its start.
pub(crate) fn skip_rename_remark(rest: Input) -> Input {
    rename_remark(rest).map_or(rest, |(_, after)| after)
}

/// The old name a declaration line gives its entity named `name` (a part
/// of `declaration`): the remark after the name and its closing emphasis.
pub(crate) fn renamed_from<'a>(declaration: Input<'a>, name: Input<'a>) -> Option<Input<'a>> {
    let name_end = name.location_offset() + name.fragment().len();
    let after = name_end.checked_sub(declaration.location_offset())?;
    let rest = declaration.fragment().get(after..)?;
    let marks = rest.len() - rest.trim_start_matches(['*', '_', '`', ':']).len();
    let rest = skip(declaration, after + marks);
    let rest = ["(s)", "(es)"]
        .iter()
        .find(|mark| rest.fragment().starts_with(*mark))
        .map_or(rest, |mark| skip(rest, mark.len()));
    rename_remark(rest).map(|(old, _)| old)
}

#[cfg(test)]
mod tests {
    use nom::Input as _;

    use super::*;

    #[test]
    fn reads_the_old_name_in_the_remark() {
        for (text, old, after) in [
            (" (was Customer)", Some("Customer"), ""),
            (
                "(WAS  Customer ): name (string)",
                Some("Customer"),
                ": name (string)",
            ),
            (" (was: Customer)", None, ""),
            (" (wasCustomer)", None, ""),
            (" (was Customer", None, ""),
            (" (the people we serve)", None, ""),
        ] {
            let found = rename_remark(Input::new(text));
            assert_eq!(found.map(|(name, _)| *name.fragment()), old, "{text}");
            if let Some((_, rest)) = found {
                assert_eq!(*rest.fragment(), after, "{text}");
            }
        }
    }

    #[test]
    fn finds_the_remark_after_a_name_in_emphasis() {
        for line in [
            "Client (was Customer)",
            "**Client** (was Customer)",
            "`Client` (was Customer): name (string)",
            "Client(s) (was Customer)",
        ] {
            let declaration = Input::new(line);
            let start = line.find("Client").expect("the line names Client");
            let name = skip(declaration, start).take("Client".len());
            let old = renamed_from(declaration, name).map(|old| *old.fragment());
            assert_eq!(old, Some("Customer"), "{line}");
        }
    }
}
