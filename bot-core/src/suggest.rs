//! "Did you mean …?" for everything a person names: commands, circles,
//! options, choices, time zones.

/// The candidate closest to `input`, if it is close enough to be a typo.
/// Case is ignored; ties keep the first candidate.
pub fn closest<'a, I, S>(input: &str, candidates: I) -> Option<S>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str> + 'a,
{
    let needle = input.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let mut best: Option<(f64, S)> = None;
    for candidate in candidates {
        let hay = candidate.as_ref().to_lowercase();
        let score = if hay == needle {
            1.0
        } else {
            let similarity = strsim::normalized_damerau_levenshtein(&needle, &hay);
            // A prefix ("rust" for "rust beginners") is a strong hint too.
            if hay.starts_with(&needle) && needle.chars().count() >= 3 {
                similarity.max(0.75)
            } else {
                similarity
            }
        };
        if score >= 0.6 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_prefixes_but_not_strangers() {
        let names = ["Rust beginners", "Python pros", "Teachers"];
        assert_eq!(closest("Rust begginers", names), Some("Rust beginners"));
        assert_eq!(closest("rust", names), Some("Rust beginners"));
        assert_eq!(closest("TEACHERS", names), Some("Teachers"));
        assert_eq!(closest("Gardening", names), None);
        assert_eq!(closest("", names), None);
    }
}
