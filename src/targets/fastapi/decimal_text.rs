//! The text form of a decimal field, as a regular expression of exactly
//! the texts the app accepts: an optional minus sign, the digits before
//! the point without leading zeros, at most `DECIMAL_SCALE` digits after
//! it, and a value within the field's bounds (`-0` is zero).
//!
//! JSON Schema cannot bound a number written as a string, so the bounds
//! are spelt out in the pattern itself, and the app checks a text against
//! the same pattern: a client (or a schema-driven tester) that follows
//! `openapi.yaml` never sends a text the app refuses, nor is a text the
//! pattern refuses ever taken.
//!
//! Only ASCII digits, and `[.]` for the point: the same set in every
//! regular-expression dialect that reads the schema, with no backslash to
//! escape in Python or YAML.

use serde_json::Number;

use crate::genome::{DECIMAL_PRECISION, DECIMAL_SCALE};

/// A decimal sent as a JSON number stays below 10 to this power: a binary
/// float keeps 15 significant digits, and the places take `DECIMAL_SCALE`
/// of them. Larger values are sent as text.
pub const NUMBER_DIGITS: u32 = 15 - DECIMAL_SCALE;

/// The JSON-schema keys of a decimal sent as a number beyond its field's
/// bounds: its step (`multipleOf`) and the limit of exact numbers.
pub fn number_keys() -> [(&'static str, f64); 3] {
    let limit = 10f64.powi(NUMBER_DIGITS as i32);
    [
        ("exclusiveMaximum", limit),
        ("exclusiveMinimum", -limit),
        ("multipleOf", 10f64.powi(-(DECIMAL_SCALE as i32))),
    ]
}

/// Units of the smallest step (10^-scale) in one.
fn unit() -> i128 {
    10i128.pow(DECIMAL_SCALE)
}

/// The largest value a decimal holds, in units.
fn largest() -> i128 {
    10i128.pow(DECIMAL_PRECISION) - 1
}

/// The text of any decimal the app can store, bounds aside.
pub fn shape_pattern() -> String {
    pattern(None, None)
}

/// The pattern of the texts of a decimal between `min` and `max`
/// (inclusive, either optional).
pub fn pattern(min: Option<&Number>, max: Option<&Number>) -> String {
    let low = min.map_or(-largest(), |n| to_units(n, Round::Up));
    let high = max.map_or(largest(), |n| to_units(n, Round::Down));
    let (low, high) = (low.max(-largest()), high.min(largest()));
    // No value fits: a pattern nothing matches.
    let nothing = "^[^\\s\\S]$".to_string();
    if low > high {
        return nothing;
    }
    // A text with a minus sign stands for minus its magnitude (`-0` is
    // zero), so its magnitudes are those whose negation is in range.
    let positive = (high >= 0).then(|| magnitudes(low.max(0), high));
    let negative = (low <= 0).then(|| magnitudes((-high).max(0), -low));
    match (positive, negative) {
        (Some(p), Some(n)) if p == n => format!("^-?{}$", group(&p)),
        (Some(p), Some(n)) => format!("^(?:{p}|-{})$", group(&n)),
        (Some(p), None) => format!("^{}$", group(&p)),
        (None, Some(n)) => format!("^-{}$", group(&n)),
        // Not reached: with low <= high, one is on its side of zero.
        (None, None) => nothing,
    }
}

#[derive(Clone, Copy)]
enum Round {
    Up,
    Down,
}

/// A bound in units of 10^-scale, rounded toward the inside of the range
/// (a value has at most `DECIMAL_SCALE` places) and clamped far outside it.
fn to_units(n: &Number, round: Round) -> i128 {
    let text = n.to_string();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().unwrap_or(0)),
        None => (text.as_str(), 0),
    };
    let negative = mantissa.starts_with('-');
    let digits = mantissa.trim_start_matches('-');
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    // The value is `all / 10^places`.
    let all: String = format!("{whole}{fraction}");
    let places = fraction.len() as i32 - exponent;
    let shift = DECIMAL_SCALE as i32 - places;
    let magnitude: i128 = all.trim_start_matches('0').chars().fold(0i128, |acc, c| {
        acc.saturating_mul(10)
            .saturating_add(i128::from(c.to_digit(10).unwrap_or(0)))
            .min(largest() * 10)
    });
    let signed = if negative { -magnitude } else { magnitude };
    if shift >= 0 {
        let factor = 10i128.checked_pow(shift as u32).unwrap_or(i128::MAX);
        return signed
            .saturating_mul(factor)
            .clamp(-largest() * 10, largest() * 10);
    }
    let divisor = 10i128.checked_pow((-shift) as u32).unwrap_or(i128::MAX);
    let (quotient, remainder) = (signed / divisor, signed % divisor);
    match round {
        Round::Up if remainder > 0 => quotient + 1,
        Round::Down if remainder < 0 => quotient - 1,
        _ => quotient,
    }
}

/// `(?:x)` when `x` has alternatives outside brackets, else `x`.
fn group(x: &str) -> String {
    let mut depth = 0i32;
    let alternatives = x.chars().any(|c| {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        c == '|' && depth == 0
    });
    if alternatives {
        format!("(?:{x})")
    } else {
        x.to_string()
    }
}

/// The texts of the magnitudes from `low` to `high` units (0 <= low <=
/// high), without a sign.
fn magnitudes(low: i128, high: i128) -> String {
    let scale = DECIMAL_SCALE as usize;
    let (low_whole, low_fraction) = (low / unit(), low % unit());
    let (high_whole, high_fraction) = (high / unit(), high % unit());
    let last_fraction = unit() - 1;
    let mut parts = Vec::new();
    let mut push = |whole_low: i128, whole_high: i128, fraction_low: i128, fraction_high: i128| {
        if whole_low > whole_high {
            return;
        }
        let whole = group(&wholes(whole_low, whole_high));
        parts.push(format!(
            "{whole}{}",
            fractions(fraction_low, fraction_high, scale)
        ));
    };
    if low_whole == high_whole {
        push(low_whole, low_whole, low_fraction, high_fraction);
    } else {
        // The first whole number from its lower fraction on, the whole
        // numbers between with any fraction, the last one up to its
        // upper fraction; a whole number with the full range of
        // fractions joins the middle.
        let first_full = if low_fraction == 0 {
            low_whole
        } else {
            push(low_whole, low_whole, low_fraction, last_fraction);
            low_whole + 1
        };
        let last_full = if high_fraction == last_fraction {
            high_whole
        } else {
            high_whole - 1
        };
        push(first_full, last_full, 0, last_fraction);
        if high_fraction != last_fraction {
            push(high_whole, high_whole, 0, high_fraction);
        }
    }
    parts.join("|")
}

/// Whole numbers from `low` to `high` written without leading zeros.
fn wholes(low: i128, high: i128) -> String {
    let mut parts = Vec::new();
    let mut from = low;
    if from == 0 {
        parts.push("0".to_string());
        from = 1;
    }
    // Widths whose every number is in range, as one class: `[1-9][0-9]{a,b}`.
    let mut full_widths: Option<(u32, u32)> = None;
    let mut width = from.to_string().len() as u32;
    while from <= high {
        let narrowest = 10i128.pow(width - 1);
        let widest = 10i128.pow(width) - 1;
        let to = high.min(widest);
        if from == narrowest && to == widest {
            full_widths = Some(full_widths.map_or((width, width), |(a, _)| (a, width)));
        } else {
            let (a, b) = (from.to_string(), to.to_string());
            parts.push(same_width(a.as_bytes(), b.as_bytes()));
        }
        from = to + 1;
        width += 1;
    }
    if let Some((a, b)) = full_widths {
        let tail = match (a - 1, b - 1) {
            (0, 0) => String::new(),
            (x, y) if x == y => any_digits(x as usize),
            (0, 1) => "[0-9]?".to_string(),
            (x, y) => format!("[0-9]{{{x},{y}}}"),
        };
        parts.push(format!("[1-9]{tail}"));
    }
    parts.join("|")
}

/// The suffix after the whole number for fractions from `low` to `high`
/// (in units of the last place, `width` places): none at all when a zero
/// fraction is allowed, else a point and one to `width` digits whose value,
/// padded with zeros, is in range.
fn fractions(low: i128, high: i128, width: usize) -> String {
    let mut alternatives = Vec::new();
    for written in 1..=width {
        // A fraction of `written` digits `d` stands for d * 10^(width - written).
        let step = 10i128.pow((width - written) as u32);
        let (from, to) = ((low + step - 1) / step, high / step);
        if from > to {
            continue;
        }
        let a = format!("{from:0written$}");
        let b = format!("{to:0written$}");
        alternatives.push(same_width(a.as_bytes(), b.as_bytes()));
    }
    // Zeros only (an upper bound that is a whole number): `0{1,n}`.
    if alternatives.iter().all(|a| a.bytes().all(|b| b == b'0')) && !alternatives.is_empty() {
        alternatives = vec![format!("0{{1,{}}}", alternatives.len())];
    }
    let any = format!("[.][0-9]{{1,{width}}}");
    let body = if low == 0 && high == 10i128.pow(width as u32) - 1 {
        any
    } else if alternatives.is_empty() {
        String::new()
    } else {
        format!("[.]{}", group(&alternatives.join("|")))
    };
    match (low == 0, body.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("(?:{body})?"),
        (false, _) => body,
    }
}

/// Digit strings of one width from `low` to `high` (as wide as each other).
fn same_width(low: &[u8], high: &[u8]) -> String {
    let Some((&first_low, rest_low)) = low.split_first() else {
        return String::new();
    };
    let (&first_high, rest_high) = high.split_first().unwrap_or((&b'9', &[]));
    let n = rest_low.len();
    let all_zeros = rest_low.iter().all(|&d| d == b'0');
    let all_nines = rest_high.iter().all(|&d| d == b'9');
    if first_low == first_high {
        return format!("{}{}", first_low as char, same_width(rest_low, rest_high));
    }
    let mut parts = Vec::new();
    // The lower first digit (when the rest is not free), the digits between
    // with anything after, the upper first digit (when the rest is not free).
    let middle_from = if all_zeros { first_low } else { first_low + 1 };
    let middle_to = if all_nines {
        first_high
    } else {
        first_high - 1
    };
    if !all_zeros {
        let nines = vec![b'9'; n];
        parts.push(format!(
            "{}{}",
            first_low as char,
            group(&same_width(rest_low, &nines))
        ));
    }
    if middle_from <= middle_to {
        parts.push(format!(
            "{}{}",
            digit_class(middle_from, middle_to),
            any_digits(n)
        ));
    }
    if !all_nines {
        let zeros = vec![b'0'; n];
        parts.push(format!(
            "{}{}",
            first_high as char,
            group(&same_width(&zeros, rest_high))
        ));
    }
    parts.join("|")
}

fn digit_class(from: u8, to: u8) -> String {
    match to - from {
        0 => (from as char).to_string(),
        1 => format!("[{}{}]", from as char, to as char),
        _ => format!("[{}-{}]", from as char, to as char),
    }
}

fn any_digits(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "[0-9]".to_string(),
        _ => format!("[0-9]{{{n}}}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Number {
        serde_json::from_str(text).expect("a JSON number")
    }

    /// Whether the app takes `text` for a decimal between the bounds: its
    /// shape, then its value.
    fn accepted(shape: &regex::Regex, text: &str, low: Option<f64>, high: Option<f64>) -> bool {
        if !shape.is_match(text) {
            return false;
        }
        let value: f64 = text.parse().unwrap();
        low.is_none_or(|l| value >= l - 1e-9) && high.is_none_or(|h| value <= h + 1e-9)
    }

    /// Texts around the interesting values: every value on a grid of
    /// hundredths and a few of ten-thousandths, written with 0 to 4
    /// places, signed both ways, with leading zeros.
    fn texts() -> Vec<String> {
        let mut texts = Vec::new();
        for hundredths in -30_500i64..=30_500 {
            if hundredths % 37 != 0 && hundredths.abs() > 1_000 {
                continue;
            }
            let value = hundredths as f64 / 100.0;
            for places in 0..=4 {
                texts.push(format!("{value:.places$}"));
            }
        }
        for extra in [
            "0.0001", "0.00015", "199.9999", "200.0001", "-0", "-0.0", "00", "01", "1.", ".5",
            "+1", "1e2", " 1", "1 ", "0.5\n",
        ] {
            texts.push(extra.to_string());
        }
        texts
    }

    fn check(min: Option<&str>, max: Option<&str>) {
        let (low, high) = (min.map(number), max.map(number));
        let written = pattern(low.as_ref(), high.as_ref());
        let re = regex::Regex::new(&written).unwrap();
        let shape = regex::Regex::new(r"^-?(0|[1-9][0-9]{0,13})(\.[0-9]{1,4})?$").unwrap();
        let bound = |n: Option<&str>| n.map(|t| t.parse::<f64>().unwrap());
        // Every text near each bound, besides the grid.
        let mut near = texts();
        for b in [bound(min), bound(max)].into_iter().flatten() {
            for delta in [0.0, 0.0001, -0.0001, 0.01, -0.01, 1.0, -1.0, 0.5, -0.5] {
                for places in 0..=4 {
                    near.push(format!("{:.places$}", b + delta));
                }
            }
        }
        for text in near {
            assert_eq!(
                re.is_match(&text),
                accepted(&shape, &text, bound(min), bound(max)),
                "{text:?} between {min:?} and {max:?}: {written}"
            );
        }
    }

    #[test]
    fn the_pattern_takes_exactly_the_texts_in_range() {
        for (min, max) in [
            (None, None),
            (Some("0"), Some("200")),
            (Some("0"), None),
            (None, Some("0")),
            (Some("0.01"), Some("99.99")),
            (Some("-12.5"), Some("7.25")),
            (Some("-300"), Some("-0.5")),
            (Some("1"), Some("1")),
            (Some("0.0001"), Some("0.0009")),
            (Some("1.5"), Some("1.75")),
            (Some("-5"), Some("250")),
            (Some("10"), Some("100")),
        ] {
            check(min, max);
        }
    }

    #[test]
    fn the_shape_bounds_the_digits() {
        let re = regex::Regex::new(&shape_pattern()).unwrap();
        assert!(re.is_match("99999999999999.9999"));
        assert!(re.is_match("-99999999999999.9999"));
        assert!(!re.is_match("100000000000000"));
        assert!(!re.is_match("1.00001"));
        assert!(!re.is_match(""));
        assert!(!re.is_match("-"));
        assert!(!re.is_match("+1"));
        assert!(!re.is_match("01"));
        assert_eq!(
            shape_pattern(),
            "^-?(?:0|[1-9][0-9]{0,13})(?:[.][0-9]{1,4})?$"
        );
    }

    #[test]
    fn bounds_round_toward_the_inside() {
        assert_eq!(to_units(&number("0.00015"), Round::Up), 2);
        assert_eq!(to_units(&number("0.00015"), Round::Down), 1);
        assert_eq!(to_units(&number("-0.00015"), Round::Up), -1);
        assert_eq!(to_units(&number("-0.00015"), Round::Down), -2);
        assert_eq!(to_units(&number("1e3"), Round::Down), 10_000_000);
        assert_eq!(to_units(&number("2.5e-3"), Round::Down), 25);
    }

    #[test]
    fn bounds_that_leave_no_value_give_a_pattern_nothing_matches() {
        let written = pattern(Some(&number("0.00011")), Some(&number("0.00019")));
        let re = regex::Regex::new(&written).unwrap();
        for text in texts() {
            assert!(!re.is_match(&text), "{text}");
        }
    }
}
