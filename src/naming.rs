//! Deriving names: snake_case, plurals, labels and slugs.

/// `OrderItem` -> `order_item`, `HTTPRequest` -> `http_request`,
/// `Order_item` -> `order_item`, `due-date` -> `due_date`.
pub fn snake_case(name: &str) -> String {
    // One pass and one allocation: names of every entity and field come
    // here, several times each.
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' || c == '_' || c == ' ' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        } else {
            if c.is_uppercase()
                && let Some(previous) = previous
            {
                let next_is_lower = chars.peek().is_some_and(|n| n.is_lowercase());
                let boundary = previous.is_lowercase()
                    || previous.is_ascii_digit()
                    || (previous.is_uppercase() && next_is_lower);
                if boundary && !out.ends_with('_') {
                    out.push('_');
                }
            }
            out.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    let kept = out.trim_end_matches('_').len();
    out.truncate(kept);
    out
}

/// `order_item` -> `OrderItem`.
pub fn pascal_case(name: &str) -> String {
    name.split(['_', '-', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// The English plural of a snake_case name, inflecting its last word.
pub fn plural(snake: &str) -> String {
    let (head, last) = match snake.rfind('_') {
        Some(at) => snake.split_at(at + 1),
        None => ("", snake),
    };
    format!("{head}{}", plural_word(last))
}

fn plural_word(word: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("person", "people"),
        ("child", "children"),
        ("man", "men"),
        ("woman", "women"),
        ("mouse", "mice"),
        ("goose", "geese"),
        ("foot", "feet"),
        ("tooth", "teeth"),
        ("datum", "data"),
        ("criterion", "criteria"),
        ("analysis", "analyses"),
    ];
    const UNCHANGED: &[&str] = &[
        "series",
        "species",
        "news",
        "data",
        "information",
        "equipment",
        "feedback",
        "metadata",
    ];
    if let Some((_, plural)) = IRREGULAR.iter().find(|(singular, _)| *singular == word) {
        return (*plural).to_string();
    }
    if UNCHANGED.contains(&word) {
        return word.to_string();
    }
    let ends_with_consonant_y = word.ends_with('y')
        && word
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'));
    if ends_with_consonant_y {
        return format!("{}ies", &word[..word.len() - 1]);
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| word.ends_with(end))
    {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// The singular of a snake_case name whose last word is an English plural
/// (`order_items` -> `order_item`, `categories` -> `category`), or `None`
/// when the last word does not read as a plural. A candidate counts only
/// when [`plural`] gives the word back, so `status`, `address` and `news`
/// stay as they are.
pub fn singular(snake: &str) -> Option<String> {
    let (head, last) = match snake.rfind('_') {
        Some(at) => snake.split_at(at + 1),
        None => ("", snake),
    };
    // Words ending in `s` that are singular although `plural` would accept
    // them with the `s` removed.
    const SINGULAR_ENDING_IN_S: &[&str] = &["canvas", "gas", "alias", "atlas", "bias", "lens"];
    // `news`, `series`: the same word in both numbers.
    if SINGULAR_ENDING_IN_S.contains(&last) || plural_word(last) == last {
        return None;
    }
    if let Some((_, singular)) = IRREGULAR_PLURALS.iter().find(|(plural, _)| *plural == last) {
        return Some(format!("{head}{singular}"));
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let candidate = if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if last.ends_with("sses")
        || ["xes", "zes", "ches", "shes"]
            .iter()
            .any(|end| last.ends_with(end))
    {
        last[..last.len() - 2].to_string()
    } else if let Some(stem) = last.strip_suffix("uses") {
        // `statuses`, `buses`, but `houses`, `causes`.
        match stem.chars().last() {
            Some(c) if !vowel(c) => format!("{stem}us"),
            _ => format!("{stem}use"),
        }
    } else if let Some(stem) = last.strip_suffix('s')
        && !["ss", "us", "is"].iter().any(|end| last.ends_with(end))
    {
        stem.to_string()
    } else {
        return None;
    };
    (!candidate.is_empty() && candidate != last && plural_word(&candidate) == last)
        .then(|| format!("{head}{candidate}"))
}

/// Plurals [`singular`] cannot undo by rule, with their singulars.
const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("criteria", "criterion"),
    ("analyses", "analysis"),
    ("movies", "movie"),
    ("cookies", "cookie"),
    ("calories", "calorie"),
    ("pies", "pie"),
    ("ties", "tie"),
    ("zombies", "zombie"),
    ("selfies", "selfie"),
];

/// `order_item` -> `order item`.
pub fn label(snake: &str) -> String {
    snake.replace('_', " ")
}

/// A lowercase, hyphen-separated ASCII slug of at most 63 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
        if out.len() >= 63 {
            break;
        }
    }
    out.truncate(63);
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "generated-app".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words() {
        for (name, expected) in [
            ("OrderItem", "order_item"),
            ("Order_item", "order_item"),
            ("HTTPRequest", "http_request"),
            ("firstName", "first_name"),
            ("due-date", "due_date"),
            ("Item2Box", "item2_box"),
            ("task", "task"),
        ] {
            assert_eq!(snake_case(name), expected, "{name}");
        }
    }

    #[test]
    fn plurals_follow_english_spelling() {
        for (word, expected) in [
            ("task", "tasks"),
            ("category", "categories"),
            ("day", "days"),
            ("status", "statuses"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("order_item", "order_items"),
            ("sales_person", "sales_people"),
            ("branch", "branches"),
        ] {
            assert_eq!(plural(word), expected, "{word}");
        }
    }

    #[test]
    fn singulars_undo_plurals_and_leave_singular_words() {
        for (word, expected) in [
            ("bookings", Some("booking")),
            ("categories", Some("category")),
            ("boxes", Some("box")),
            ("branches", Some("branch")),
            ("order_items", Some("order_item")),
            ("users", Some("user")),
            ("people", Some("person")),
            ("statuses", Some("status")),
            ("houses", Some("house")),
            ("expenses", Some("expense")),
            ("addresses", Some("address")),
            ("movies", Some("movie")),
            ("status", None),
            ("address", None),
            ("news", None),
            ("canvas", None),
            ("booking", None),
            ("s", None),
        ] {
            assert_eq!(singular(word).as_deref(), expected, "{word}");
        }
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Task Manager SaaS"), "task-manager-saas");
        assert_eq!(slug("Café \"Quotes\" & Co."), "caf-quotes-co");
        assert_eq!(slug("!!!"), "generated-app");
        assert!(slug(&"word ".repeat(40)).len() <= 63);
    }

    #[test]
    fn pascal_case_joins_words() {
        assert_eq!(pascal_case("order_item"), "OrderItem");
        assert_eq!(pascal_case("due-date"), "DueDate");
    }
}
