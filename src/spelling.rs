//! Spelling distance, for "did you mean" suggestions: which known word a
//! misspelt one most likely stands for.

/// Damerau-Levenshtein distance (optimal string alignment), ignoring case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: at most one edit for short words, two for longer ones.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Very long words are never misspellings of short vocabulary words, and
    // the distance is quadratic in length.
    if word.chars().count() > 64 {
        return None;
    }
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(word, candidate);
            // An abbreviation (`uniq`, `bool`-like cut-offs) counts as close.
            let abbreviates = lower.len() >= 3 && candidate.starts_with(lower.as_str());
            (distance <= limit || abbreviates).then_some((distance, candidate))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(edit_distance("intger", "integer"), 1);
        assert_eq!(edit_distance("strnig", "string"), 1);
        assert_eq!(edit_distance("Entites", "entities"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_prefers_the_nearest_candidate() {
        let types = ["string", "integer", "date", "datetime", "decimal"];
        assert_eq!(closest("intger", types), Some("integer"));
        assert_eq!(closest("datetim", types), Some("datetime"));
        assert_eq!(closest("banana", types), None);
        assert_eq!(closest("uniq", ["unique", "indexed"]), Some("unique"));
    }
}
