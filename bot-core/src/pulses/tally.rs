//! Figures from a run's answers (pure): per question the number who
//! answered, the distribution, mean, median and eNPS, and what the k rule
//! lets be shown.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::seal::{Answer, Answers};
use super::store::{QuestionKind, QuestionRow};

/// How scores of 0–10 are read: promoters from `promoter_min`, passives
/// from `passive_min`, detractors below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub promoter_min: i64,
    pub passive_min: i64,
}

/// One question's figures over a set of answers.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionFigures {
    pub position: i64,
    pub kind: QuestionKind,
    /// How many answered it.
    pub answered: i64,
    /// Count per value (scale 1–5, score 0–10, option positions), every
    /// possible value present, in order.
    pub counts: Vec<(i64, i64)>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Promoters minus detractors, in percent of those who answered.
    pub enps: Option<i64>,
    /// Free-text answers, in an order that says nothing about who wrote
    /// them or when (by a hash of the text).
    pub texts: Vec<String>,
}

/// The values a question can take.
pub fn values(question: &QuestionRow) -> Vec<i64> {
    match question.kind {
        QuestionKind::Scale => (1..=5).collect(),
        QuestionKind::Nps => (0..=10).collect(),
        QuestionKind::Choice | QuestionKind::Multi => {
            (1..=question.labels().len() as i64).collect()
        }
        QuestionKind::Text => Vec::new(),
    }
}

pub fn figures(question: &QuestionRow, answers: &[&Answers], bands: Bands) -> QuestionFigures {
    let possible = values(question);
    let mut counts: BTreeMap<i64, i64> = possible.iter().map(|v| (*v, 0)).collect();
    let mut picked_one = Vec::new();
    let mut texts = Vec::new();
    let mut answered = 0;
    for person in answers {
        match person.by_question.get(&question.position) {
            Some(Answer::Picked(values)) if !values.is_empty() => {
                answered += 1;
                for v in values {
                    if let Some(c) = counts.get_mut(v) {
                        *c += 1;
                    }
                }
                if let [one] = values.as_slice() {
                    picked_one.push(*one);
                }
            }
            Some(Answer::Text(text)) if !text.trim().is_empty() => {
                answered += 1;
                texts.push(text.clone());
            }
            _ => {}
        }
    }
    let numeric = matches!(question.kind, QuestionKind::Scale | QuestionKind::Nps);
    let (mean, median) = if numeric && !picked_one.is_empty() {
        picked_one.sort_unstable();
        let n = picked_one.len();
        let mean = picked_one.iter().sum::<i64>() as f64 / n as f64;
        let median = if n % 2 == 1 {
            picked_one[n / 2] as f64
        } else {
            (picked_one[n / 2 - 1] + picked_one[n / 2]) as f64 / 2.0
        };
        (Some(mean), Some(median))
    } else {
        (None, None)
    };
    let enps = (question.kind == QuestionKind::Nps && !picked_one.is_empty()).then(|| {
        let n = picked_one.len() as i64;
        let promoters = picked_one
            .iter()
            .filter(|v| **v >= bands.promoter_min)
            .count() as i64;
        let detractors = picked_one
            .iter()
            .filter(|v| **v < bands.passive_min)
            .count() as i64;
        // Rounded half away from zero, as percentages are read.
        let diff = (promoters - detractors) * 100;
        if diff >= 0 {
            (diff + n / 2) / n
        } else {
            -((-diff + n / 2) / n)
        }
    });
    texts.sort_by_cached_key(|t| Sha256::digest(t.as_bytes()));
    QuestionFigures {
        position: question.position,
        kind: question.kind,
        answered,
        counts: counts.into_iter().collect(),
        mean,
        median,
        enps,
        texts,
    }
}

/// Which groups of a breakdown may be shown: each needs `k` answers, and
/// when the hidden ones together hold fewer than `k` (so that the total
/// minus the shown groups would give them away), the smallest shown groups
/// are hidden too until they do. Input: (group, answers); output: the
/// groups shown.
pub fn shown_groups(groups: &[(String, i64)], k: i64) -> Vec<String> {
    let mut sorted: Vec<&(String, i64)> = groups.iter().filter(|(_, n)| *n > 0).collect();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut hidden: i64 = sorted.iter().filter(|(_, n)| *n < k).map(|(_, n)| n).sum();
    let mut shown: Vec<&(String, i64)> = sorted.iter().copied().filter(|(_, n)| *n >= k).collect();
    while hidden > 0 && hidden < k && !shown.is_empty() {
        hidden += shown.remove(0).1;
    }
    let mut names: Vec<String> = shown.iter().map(|(g, _)| g.clone()).collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, options: &str) -> QuestionRow {
        QuestionRow {
            position: 1,
            kind,
            prompt: "q".to_owned(),
            options: options.to_owned(),
        }
    }

    fn picked(v: &[i64]) -> Answers {
        let mut a = Answers::default();
        a.by_question.insert(1, Answer::Picked(v.to_vec()));
        a
    }

    const BANDS: Bands = Bands {
        promoter_min: 9,
        passive_min: 7,
    };

    #[test]
    fn scale_figures_by_hand() {
        let people = [picked(&[4]), picked(&[5]), picked(&[2]), picked(&[4])];
        let refs: Vec<&Answers> = people.iter().collect();
        let f = figures(&question(QuestionKind::Scale, "low\nhigh"), &refs, BANDS);
        assert_eq!(f.answered, 4);
        assert_eq!(f.counts, vec![(1, 0), (2, 1), (3, 0), (4, 2), (5, 1)]);
        assert_eq!(f.mean, Some(3.75));
        assert_eq!(f.median, Some(4.0));
        assert_eq!(f.enps, None);
    }

    #[test]
    fn enps_counts_promoters_minus_detractors() {
        // 10, 9 promoters; 8, 7 passives; 6, 0 detractors; 3 more promoters.
        let people: Vec<Answers> = [10, 9, 8, 7, 6, 0, 9, 9, 10]
            .iter()
            .map(|v| picked(&[*v]))
            .collect();
        let refs: Vec<&Answers> = people.iter().collect();
        let f = figures(&question(QuestionKind::Nps, ""), &refs, BANDS);
        // 5 promoters, 2 detractors of 9: 33.3 → 33.
        assert_eq!(f.enps, Some(33));
        let strict = Bands {
            promoter_min: 10,
            passive_min: 9,
        };
        // 2 promoters, 4 detractors (8, 7, 6, 0) of 9: −22.2 → −22.
        assert_eq!(
            figures(&question(QuestionKind::Nps, ""), &refs, strict).enps,
            Some(-22)
        );
    }

    #[test]
    fn multiple_choice_counts_each_pick_and_each_person_once() {
        let people = [picked(&[1, 2]), picked(&[2]), picked(&[])];
        let refs: Vec<&Answers> = people.iter().collect();
        let f = figures(&question(QuestionKind::Multi, "a\nb\nc"), &refs, BANDS);
        assert_eq!(f.answered, 2);
        assert_eq!(f.counts, vec![(1, 1), (2, 2), (3, 0)]);
        assert_eq!(f.mean, None);
    }

    #[test]
    fn texts_come_in_an_order_of_their_own() {
        let mut people = Vec::new();
        for t in ["zeta", "alpha", "mid"] {
            let mut a = Answers::default();
            a.by_question.insert(1, Answer::Text(t.to_owned()));
            people.push(a);
        }
        let refs: Vec<&Answers> = people.iter().collect();
        let forward = figures(&question(QuestionKind::Text, ""), &refs, BANDS).texts;
        let backward: Vec<&Answers> = people.iter().rev().collect();
        assert_eq!(
            figures(&question(QuestionKind::Text, ""), &backward, BANDS).texts,
            forward
        );
    }

    #[test]
    fn a_small_group_is_hidden_and_cannot_be_worked_out_from_the_total() {
        let g = |name: &str, n: i64| (name.to_owned(), n);
        // 8 mentees, 2 mentors in a total of 10: showing mentees would give
        // the mentors' answers away (total minus mentees), so neither shows.
        assert!(shown_groups(&[g("mentee", 8), g("mentor", 2)], 3).is_empty());
        assert_eq!(
            shown_groups(&[g("mentee", 5), g("mentor", 2), g("host", 3)], 3),
            vec!["mentee".to_owned()]
        );
        assert_eq!(
            shown_groups(&[g("mentee", 5), g("mentor", 3)], 3),
            vec!["mentee".to_owned(), "mentor".to_owned()]
        );
        assert_eq!(
            shown_groups(&[g("mentee", 5), g("mentor", 1), g("host", 2)], 3),
            vec!["mentee".to_owned()],
            "hidden together hold 3: enough"
        );
    }
}
