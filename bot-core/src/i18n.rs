//! Localization with Fluent. Every user-visible string is a key in
//! `locales/<lang>/<capability>.ftl` (`core` for what capabilities share);
//! unit tests fail when a key or a placeholder is missing in any language,
//! sits in another capability's file there, or is used in the code without
//! being defined.

use std::fmt;
use std::str::FromStr;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The languages mentorbot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    En,
    Fr,
    Nl,
}

/// Serialized as its code (`en`, `fr`, `nl`).
impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).ok_or_else(|| serde::de::Error::custom(format!("unknown locale {raw:?}")))
    }
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fr, Locale::Nl];

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::Nl => "nl",
        }
    }

    /// The language's own name, for menus.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
            Self::Nl => "Nederlands",
        }
    }

    /// Accepts language tags (`fr`, `fr-FR`, `nl_BE`, `en-US`) and the
    /// languages' names in any of the three languages.
    pub fn parse(raw: &str) -> Option<Self> {
        let lowered = raw.trim().to_lowercase();
        let primary = lowered
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_owned();
        match primary.as_str() {
            "en" | "english" | "anglais" | "engels" => Some(Self::En),
            "fr" | "french" | "français" | "francais" | "frans" => Some(Self::Fr),
            "nl" | "dutch" | "néerlandais" | "neerlandais" | "nederlands" => Some(Self::Nl),
            _ => None,
        }
    }

    /// This language's catalogue, one file per capability
    /// (`locales/<lang>/<capability>.ftl`).
    fn sources(self) -> &'static [(&'static str, &'static str)] {
        macro_rules! catalogue {
            ($lang:literal) => {
                &[
                    (
                        "core",
                        include_str!(concat!("../locales/", $lang, "/core.ftl")),
                    ),
                    (
                        "circles",
                        include_str!(concat!("../locales/", $lang, "/circles.ftl")),
                    ),
                    (
                        "settings",
                        include_str!(concat!("../locales/", $lang, "/settings.ftl")),
                    ),
                    (
                        "reminders",
                        include_str!(concat!("../locales/", $lang, "/reminders.ftl")),
                    ),
                    (
                        "checkins",
                        include_str!(concat!("../locales/", $lang, "/checkins.ftl")),
                    ),
                    (
                        "polls",
                        include_str!(concat!("../locales/", $lang, "/polls.ftl")),
                    ),
                    (
                        "rounds",
                        include_str!(concat!("../locales/", $lang, "/rounds.ftl")),
                    ),
                    (
                        "pulses",
                        include_str!(concat!("../locales/", $lang, "/pulses.ftl")),
                    ),
                    (
                        "stats",
                        include_str!(concat!("../locales/", $lang, "/stats.ftl")),
                    ),
                    (
                        "matching",
                        include_str!(concat!("../locales/", $lang, "/matching.ftl")),
                    ),
                ]
            };
        }
        match self {
            Self::En => catalogue!("en"),
            Self::Fr => catalogue!("fr"),
            Self::Nl => catalogue!("nl"),
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Locale {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::parse(s).ok_or(())
    }
}

/// An argument of a localized text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Self::Str(v.to_owned())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Self::Str(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Self::Str(v.clone())
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Self::Num(v)
    }
}
impl From<usize> for Arg {
    fn from(v: usize) -> Self {
        Self::Num(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Arg {
    fn from(v: u32) -> Self {
        Self::Num(i64::from(v))
    }
}

/// A localizable text: a catalogue key plus its arguments, rendered later in
/// the reader's locale.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Text {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

/// The loaded catalogues of all languages. Cheap to share behind an `Arc`.
pub struct I18n {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

impl fmt::Debug for I18n {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("I18n").finish_non_exhaustive()
    }
}

impl I18n {
    /// Loads the embedded catalogues. Panics only if an embedded `.ftl` file
    /// does not parse, which the unit tests rule out.
    pub fn load() -> Self {
        let bundles = Locale::ALL
            .iter()
            .map(|&locale| {
                let lang: LanguageIdentifier = locale.code().parse().expect("static language tag");
                let mut bundle = FluentBundle::new_concurrent(vec![lang]);
                // Chat clients render the isolation marks as stray characters.
                bundle.set_use_isolating(false);
                for (capability, source) in locale.sources() {
                    let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(
                        |(_, errors)| panic!("{locale}/{capability}.ftl: {errors:?}"),
                    );
                    // A key defined twice (in two capabilities) is an error.
                    bundle
                        .add_resource(resource)
                        .unwrap_or_else(|errors| panic!("{locale}/{capability}.ftl: {errors:?}"));
                }
                (locale, bundle)
            })
            .collect();
        Self { bundles }
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .expect("every locale is loaded")
            .1
    }

    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundle(locale).has_message(key)
    }

    /// Renders `text` in `locale`, falling back to English and then to the
    /// bare key (logged) so a reply is never lost to a catalogue gap.
    pub fn render(&self, locale: Locale, text: &Text) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &text.args {
            match value {
                Arg::Str(s) => args.set(*name, FluentValue::from(s.as_str())),
                Arg::Num(n) => args.set(*name, FluentValue::from(*n)),
            }
        }
        for candidate in [locale, Locale::En] {
            let bundle = self.bundle(candidate);
            if let Some(pattern) = bundle.get_message(text.key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(key = text.key, %candidate, ?errors, "localization error");
                }
                return out.into_owned();
            }
        }
        tracing::error!(key = text.key, "missing localization key");
        text.key.to_owned()
    }

    /// An argument-less message by a key built at run time (catalogue names).
    pub fn lookup(&self, locale: Locale, key: &str) -> Option<String> {
        let bundle = self.bundle(locale);
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, None, &mut errors)
                .into_owned(),
        )
    }

    pub fn t(&self, locale: Locale, key: &'static str) -> String {
        self.render(locale, &Text::new(key))
    }

    /// The raw catalogue sources of a locale, by capability (for tools and
    /// the completeness tests).
    pub fn sources(locale: Locale) -> &'static [(&'static str, &'static str)] {
        locale.sources()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// key → (its capability's file, the variables it references).
    fn catalogue(locale: Locale) -> BTreeMap<String, (&'static str, BTreeSet<String>)> {
        let mut out = BTreeMap::new();
        for (capability, source) in locale.sources() {
            let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(_, errors)| {
                panic!("{locale}/{capability}.ftl does not parse: {errors:?}")
            });
            for entry in resource.body {
                if let ast::Entry::Message(message) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &message.value {
                        collect_pattern(value, &mut vars);
                    }
                    let previous = out.insert(message.id.name.to_owned(), (*capability, vars));
                    assert!(
                        previous.is_none(),
                        "{locale}: duplicate key {}",
                        message.id.name
                    );
                }
            }
        }
        out
    }

    fn collect_pattern(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                collect_expression(expression, vars);
            }
        }
    }

    fn collect_expression(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                collect_inline(selector, vars);
                for variant in variants {
                    collect_pattern(&variant.value, vars);
                }
            }
            ast::Expression::Inline(inline) => collect_inline(inline, vars),
        }
    }

    fn collect_inline(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => collect_expression(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for arg in &arguments.positional {
                    collect_inline(arg, vars);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let english = catalogue(Locale::En);
        assert!(english.len() > 50, "the English catalogue looks truncated");
        for locale in [Locale::Fr, Locale::Nl] {
            let other = catalogue(locale);
            let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{locale} lacks {missing:?}");
            let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(
                extra.is_empty(),
                "{locale} has keys English lacks: {extra:?}"
            );
            for (key, (capability, vars)) in &english {
                assert_eq!(
                    vars, &other[key].1,
                    "{locale}: placeholders of {key} differ from English"
                );
                assert_eq!(
                    capability, &other[key].0,
                    "{locale}: {key} is in another capability's file than in English"
                );
            }
        }
    }

    /// Every key the code names literally (`Text::new("…")`, `.t(…, "…")`)
    /// exists: a typo would show the raw key to the reader.
    #[test]
    fn every_key_the_code_uses_exists() {
        fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path.display().to_string(), text));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "src",
            "../src",
            "../discord-adapter/src",
            "../matrix-adapter/src",
        ] {
            sources(&root.join(dir), &mut files);
        }
        let english = catalogue(Locale::En);
        let mut used = 0;
        let mut missing = Vec::new();
        for (path, text) in &files {
            for opening in ["Text::new(\"", ".t(locale, \"", ".t(ctx.locale, \""] {
                for (at, _) in text.match_indices(opening) {
                    let rest = &text[at + opening.len()..];
                    let key: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    // A key built at run time (`format!`) is checked where it is built.
                    if key.is_empty() || !rest[key.len()..].starts_with('"') {
                        continue;
                    }
                    used += 1;
                    if !english.contains_key(&key) {
                        missing.push(format!("{path}: {key}"));
                    }
                }
            }
        }
        assert!(used > 100, "only {used} keys found: is the scan broken?");
        assert!(
            missing.is_empty(),
            "keys used but not defined: {missing:#?}"
        );
    }

    #[test]
    fn catalogues_load_and_render_arguments() {
        let i18n = I18n::load();
        let text = Text::new("circle-created")
            .arg("name", "Rust")
            .arg("count", 0_i64)
            .arg("capacity", 6_i64);
        let en = i18n.render(Locale::En, &text);
        let fr = i18n.render(Locale::Fr, &text);
        let nl = i18n.render(Locale::Nl, &text);
        assert!(en.contains("Rust") && en.contains("0/6"), "{en}");
        assert!(
            fr.contains("Rust") && fr.contains("0/6") && fr != en,
            "{fr}"
        );
        assert!(
            nl.contains("Rust") && nl.contains("0/6") && nl != en,
            "{nl}"
        );
    }

    #[test]
    fn locale_parsing_accepts_tags_and_names() {
        assert_eq!(Locale::parse("fr-FR"), Some(Locale::Fr));
        assert_eq!(Locale::parse("nl_BE"), Some(Locale::Nl));
        assert_eq!(Locale::parse("English"), Some(Locale::En));
        assert_eq!(Locale::parse("Français"), Some(Locale::Fr));
        assert_eq!(Locale::parse("de"), None);
        assert_eq!(Locale::parse(""), None);
    }
}
