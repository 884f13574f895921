//! The built-in pulse templates, in our own words. Their questions are kept
//! as catalogue keys (behind [`KEYED`], a character no typed text holds), so
//! each recipient reads them in their own language.

use super::store::QuestionKind;
use crate::i18n::{I18n, Locale};

/// Marks a stored question or option that is a catalogue key.
pub const KEYED: char = '\u{1}';

pub const TEMPLATES: &[&str] = &[
    "mentee-checkup",
    "mentor-load",
    "session-feedback",
    "mentee-progress",
    "enps",
];

/// A template's questions: (kind, prompt key, option keys).
fn questions(template: &str) -> &'static [(QuestionKind, &'static str, &'static [&'static str])] {
    use QuestionKind::*;
    match template {
        "mentee-checkup" => &[
            (
                Scale,
                "pulse-tpl-checkup-helping",
                &["pulse-tpl-not-at-all", "pulse-tpl-a-great-deal"],
            ),
            (
                Scale,
                "pulse-tpl-checkup-confident",
                &["pulse-tpl-not-confident", "pulse-tpl-very-confident"],
            ),
            (
                Choice,
                "pulse-tpl-checkup-need",
                &[
                    "pulse-tpl-need-time",
                    "pulse-tpl-need-resources",
                    "pulse-tpl-need-peers",
                    "pulse-tpl-need-nothing",
                ],
            ),
            (Text, "pulse-tpl-checkup-anything", &[]),
        ],
        "mentor-load" => &[
            (
                Scale,
                "pulse-tpl-load-manageable",
                &["pulse-tpl-far-too-much", "pulse-tpl-very-manageable"],
            ),
            (
                Scale,
                "pulse-tpl-load-energy",
                &["pulse-tpl-none-left", "pulse-tpl-plenty"],
            ),
            (Text, "pulse-tpl-load-easier", &[]),
        ],
        "session-feedback" => &[
            (
                Scale,
                "pulse-tpl-session-useful",
                &["pulse-tpl-not-useful", "pulse-tpl-very-useful"],
            ),
            (
                Choice,
                "pulse-tpl-session-on-time",
                &["pulse-tpl-yes", "pulse-tpl-roughly", "pulse-tpl-no"],
            ),
            (Text, "pulse-tpl-session-change", &[]),
        ],
        "mentee-progress" => &[
            (
                Scale,
                "pulse-tpl-progress-goals",
                &["pulse-tpl-stuck", "pulse-tpl-strong-progress"],
            ),
            (
                Scale,
                "pulse-tpl-progress-engaged",
                &["pulse-tpl-not-engaged", "pulse-tpl-fully-engaged"],
            ),
            (Text, "pulse-tpl-progress-next", &[]),
        ],
        "enps" => &[
            (Nps, "pulse-tpl-enps-recommend", &[]),
            (Text, "pulse-tpl-enps-reason", &[]),
        ],
        _ => &[],
    }
}

/// A template's questions as stored: (kind, prompt, options one per line).
pub fn stored(template: &str) -> Vec<(QuestionKind, String, String)> {
    questions(template)
        .iter()
        .map(|(kind, prompt, options)| {
            (
                *kind,
                format!("{KEYED}{prompt}"),
                options
                    .iter()
                    .map(|o| format!("{KEYED}{o}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })
        .collect()
}

/// A stored question or option as the reader reads it.
pub fn words(i18n: &I18n, locale: Locale, stored: &str) -> String {
    match stored.strip_prefix(KEYED) {
        Some(key) => keys()
            .into_iter()
            .find(|k| *k == key)
            .map_or_else(|| key.to_owned(), |k| i18n.t(locale, k)),
        None => stored.to_owned(),
    }
}

/// Every catalogue key the templates name (the i18n tests check them).
pub fn keys() -> Vec<&'static str> {
    // A typed scale question's default end labels.
    let mut out = vec!["pulse-tpl-low", "pulse-tpl-high"];
    for template in TEMPLATES {
        for (_, prompt, options) in questions(template) {
            out.push(*prompt);
            out.extend(options.iter().copied());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_questions_whose_words_exist_in_every_language() {
        let i18n = I18n::load();
        for template in TEMPLATES {
            assert!(!stored(template).is_empty(), "{template}");
        }
        for locale in Locale::ALL {
            for key in keys() {
                assert!(i18n.has(locale, key), "{locale}: missing {key}");
            }
        }
        let (_, prompt, _) = &stored("enps")[0];
        assert_ne!(
            words(&i18n, Locale::Fr, prompt),
            words(&i18n, Locale::En, prompt)
        );
    }
}
