//! The line that names the product: `Product name: Cookbook`,
//! `**Name:** Cookbook`.

use nom::Input as _;

use crate::syntax::lines::{Input, trim};

/// The words before the colon that say a line names the product.
const NAME_LABELS: &[&str] = &[
    "product name",
    "name",
    "app name",
    "application name",
    "project name",
];

/// The name a `Product name: ...` line gives, without emphasis, quotes or a
/// full stop; `None` for any other line.
pub(crate) fn product_name_line(content: Input) -> Option<Input> {
    let fragment = *content.fragment();
    let colon = fragment.find(':')?;
    let label = fragment[..colon]
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`'))
        .to_ascii_lowercase();
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if !NAME_LABELS.contains(&label.as_str()) {
        return None;
    }
    let value = content.take_from(colon + 1);
    let leading = value.fragment().len()
        - value
            .fragment()
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '"'))
            .len();
    let value = value.take_from(leading);
    let kept = value
        .fragment()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '"' | '.'))
        .len();
    let value = trim(value.take(kept));
    // A name is a few words, not a sentence.
    let words = value.fragment().split_whitespace().count();
    (words > 0 && words <= 6 && value.fragment().chars().count() <= 60).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_name_after_the_label_in_emphasis_or_not() {
        for (line, name) in [
            ("Product name: Cookbook", Some("Cookbook")),
            ("**Product Name:** Plot Keeper.", Some("Plot Keeper")),
            ("**Name**: `Seed Swap`", Some("Seed Swap")),
            ("App name: \"Bench Log\"", Some("Bench Log")),
            ("Name:", None),
            ("Owner: Dana", None),
            (
                "Name: a tool that lets the members of a club share every seed they keep",
                None,
            ),
        ] {
            let found = product_name_line(Input::new(line)).map(|value| *value.fragment());
            assert_eq!(found, name, "{line}");
        }
    }
}
