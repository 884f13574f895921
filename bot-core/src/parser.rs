//! The one text parser for the catalogue (Matrix, console, any text
//! transport): `circle create "Rust beginners" capacity:6`.
//!
//! Positional arguments fill options in declared order; `name:value` (or
//! `name: value`) sets one by name; double quotes (also “ ” and « ») group
//! words. Command and option names are accepted in English and in every
//! language mentorbot speaks. Typed arguments from platforms that parse
//! commands themselves (Discord) go through [`from_structured`], so both
//! routes validate the same way.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::catalogue::{
    self, CATALOGUE, CommandSpec, MAX_TEXT_CHARS, OptionKind, OptionSpec, choice_name, option_name,
};
use crate::i18n::{I18n, Locale, Text};
use crate::model::ArgValue;
use crate::suggest::closest;
use crate::timezone;
use crate::when::{self, When, WhenError};

/// What `<when>` arguments are read against: the moment, the reader's zone
/// and language (abbreviations of days count in it only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WhenContext {
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub lang: Option<Locale>,
}

/// A typed argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    /// A reference to a member as typed; the engine resolves it.
    User(String),
    Choice(&'static str),
    Timezone(Tz),
    Language(Locale),
    /// A time, with the words it was read from (to read them again in
    /// another person's zone).
    When(When, String),
    /// A length of time, in seconds.
    Duration(i64),
    /// Items, each with whether it was quoted (a quoted item is never a flag).
    List(Vec<(String, bool)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub spec: &'static CommandSpec,
    pub args: BTreeMap<&'static str, Value>,
}

impl Parsed {
    /// The value of option `name`. Asking for an option the command does
    /// not have is a mistake in the code (a misspelt name would silently
    /// read as absent): debug builds, and so every test, fail on it.
    fn get(&self, name: &str) -> Option<&Value> {
        debug_assert!(
            self.spec.options.iter().any(|o| o.name == name),
            "{:?} has no option {name:?}",
            self.spec.path
        );
        self.args.get(name)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Value::Text(s) | Value::User(s) => Some(s),
            _ => None,
        }
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn choice(&self, name: &str) -> Option<&'static str> {
        match self.get(name)? {
            Value::Choice(c) => Some(c),
            _ => None,
        }
    }

    pub fn timezone(&self, name: &str) -> Option<Tz> {
        match self.get(name)? {
            Value::Timezone(tz) => Some(*tz),
            _ => None,
        }
    }

    pub fn language(&self, name: &str) -> Option<Locale> {
        match self.get(name)? {
            Value::Language(l) => Some(*l),
            _ => None,
        }
    }

    pub fn when(&self, name: &str) -> Option<(&When, &str)> {
        match self.get(name)? {
            Value::When(when, words) => Some((when, words)),
            _ => None,
        }
    }

    pub fn list(&self, name: &str) -> &[(String, bool)] {
        match self.get(name) {
            Some(Value::List(items)) => items,
            _ => &[],
        }
    }

    pub fn duration(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            Value::Duration(seconds) => Some(*seconds),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    Empty,
    UnclosedQuote,
    UnknownCommand {
        input: String,
        suggestion: Option<&'static [&'static str]>,
    },
    /// A group (`circle`) without, or with a wrong, subcommand.
    IncompleteCommand {
        group: &'static [&'static str],
        got: Option<String>,
        suggestion: Option<&'static [&'static str]>,
    },
    MissingArgument {
        spec: &'static CommandSpec,
        option: &'static OptionSpec,
    },
    UnexpectedArgument {
        spec: &'static CommandSpec,
        extra: String,
    },
    UnknownOption {
        spec: &'static CommandSpec,
        name: String,
        suggestion: Option<&'static str>,
    },
    DuplicateOption {
        spec: &'static CommandSpec,
        option: &'static OptionSpec,
    },
    NotAnInteger {
        option: &'static OptionSpec,
        min: i64,
        max: i64,
        got: String,
    },
    TooLong {
        option: &'static OptionSpec,
        max: usize,
    },
    InvalidChoice {
        option: &'static OptionSpec,
        got: String,
        suggestion: Option<&'static str>,
    },
    UnknownTimezone {
        got: String,
        suggestion: Option<&'static str>,
    },
    UnknownLanguage {
        got: String,
    },
    When {
        error: WhenError,
        got: String,
        tz: Tz,
    },
    NotADuration {
        got: String,
    },
    TooManyItems {
        option: &'static OptionSpec,
        max: usize,
    },
}

impl ParseError {
    /// The localized explanation, naming commands and options as the reader
    /// would type them.
    pub fn to_text(&self, i18n: &I18n, locale: Locale) -> Text {
        let path = |p: &[&str]| {
            p.iter()
                .map(|s| catalogue::segment_name(i18n, locale, s))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let opt = |o: &OptionSpec| option_name(i18n, locale, o.name);
        match self {
            Self::Empty => Text::new("parse-empty"),
            Self::UnclosedQuote => Text::new("parse-unclosed-quote"),
            Self::UnknownCommand { input, suggestion } => match suggestion {
                Some(s) => Text::new("parse-unknown-command-suggest")
                    .arg("input", input)
                    .arg("suggestion", path(s)),
                None => Text::new("parse-unknown-command").arg("input", input),
            },
            Self::IncompleteCommand {
                group,
                got,
                suggestion,
            } => {
                let subcommands = CATALOGUE
                    .iter()
                    .filter(|c| c.path.len() > group.len() && c.path.starts_with(group))
                    .map(|c| catalogue::segment_name(i18n, locale, c.path[group.len()]))
                    .fold(Vec::<String>::new(), |mut acc, s| {
                        if !acc.contains(&s) {
                            acc.push(s);
                        }
                        acc
                    })
                    .join(", ");
                match (got, suggestion) {
                    (Some(got), Some(s)) => Text::new("parse-unknown-subcommand-suggest")
                        .arg("input", got)
                        .arg("suggestion", path(s)),
                    (Some(got), None) => Text::new("parse-unknown-subcommand")
                        .arg("input", got)
                        .arg("group", path(group))
                        .arg("subcommands", subcommands),
                    (None, _) => Text::new("parse-missing-subcommand")
                        .arg("group", path(group))
                        .arg("subcommands", subcommands),
                }
            }
            Self::MissingArgument { spec, option } => Text::new("parse-missing-argument")
                .arg("option", opt(option))
                .arg("usage", spec.usage(i18n, locale)),
            Self::UnexpectedArgument { spec, extra } => Text::new("parse-unexpected-argument")
                .arg("extra", extra)
                .arg("usage", spec.usage(i18n, locale)),
            Self::UnknownOption {
                spec,
                name,
                suggestion,
            } => match suggestion {
                Some(s) => Text::new("parse-unknown-option-suggest")
                    .arg("name", name)
                    .arg("suggestion", option_name(i18n, locale, s)),
                None => Text::new("parse-unknown-option")
                    .arg("name", name)
                    .arg("usage", spec.usage(i18n, locale)),
            },
            Self::DuplicateOption { option, .. } => {
                Text::new("parse-duplicate-option").arg("option", opt(option))
            }
            Self::NotAnInteger {
                option,
                min,
                max,
                got,
            } => Text::new("parse-not-an-integer")
                .arg("option", opt(option))
                .arg("min", *min)
                .arg("max", *max)
                .arg("got", got),
            Self::TooLong { option, max } => Text::new("parse-too-long")
                .arg("option", opt(option))
                .arg("max", *max),
            Self::InvalidChoice {
                option,
                got,
                suggestion,
            } => {
                let OptionKind::Choice(values) = option.kind else {
                    unreachable!("InvalidChoice is only built for choice options")
                };
                let allowed = values
                    .iter()
                    .map(|v| choice_name(i18n, locale, option.name, v))
                    .collect::<Vec<_>>()
                    .join(", ");
                let text = Text::new("parse-invalid-choice")
                    .arg("option", opt(option))
                    .arg("got", got)
                    .arg("allowed", allowed);
                match suggestion {
                    Some(s) => text.arg("suggestion", choice_name(i18n, locale, option.name, s)),
                    None => text.arg("suggestion", "-"),
                }
            }
            Self::UnknownTimezone { got, suggestion } => match suggestion {
                Some(s) => Text::new("parse-unknown-timezone-suggest")
                    .arg("got", got)
                    .arg("suggestion", *s),
                None => Text::new("parse-unknown-timezone").arg("got", got),
            },
            Self::UnknownLanguage { got } => Text::new("parse-unknown-language").arg("got", got),
            Self::When { error, got, tz } => match error {
                WhenError::Unrecognized => Text::new("when-unrecognized").arg("got", got),
                WhenError::AmbiguousHour { morning, evening } => Text::new("when-ambiguous")
                    .arg("morning", morning.format("%H:%M").to_string())
                    .arg("evening", evening.format("%H:%M").to_string()),
                WhenError::Impossible => Text::new("when-impossible").arg("got", got),
                WhenError::InPast(at) => {
                    Text::new("when-past").arg("at", timezone::format_local(*at, *tz))
                }
                WhenError::TooFar => Text::new("when-too-far"),
                WhenError::NotAhead => Text::new("when-not-ahead").arg("got", got),
            },
            Self::NotADuration { got } => Text::new("parse-not-a-duration").arg("got", got),
            Self::TooManyItems { option, max } => Text::new("parse-too-many-items")
                .arg("option", opt(option))
                .arg("max", *max),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    /// The token began with a quote, so it is never a `name:value` pair.
    quoted: bool,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '„' => Some('“'),
        '«' => Some('»'),
        _ => None,
    }
}

fn tokenize(line: &str) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(tokens);
        };
        let mut text = String::new();
        let quoted = closing_quote(first).is_some();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if let Some(close) = closing_quote(c) {
                let mut closed = false;
                while let Some(q) = chars.next() {
                    if q == close {
                        closed = true;
                        break;
                    }
                    if q == '\\' && chars.peek().is_some_and(|n| *n == close || *n == '\\') {
                        text.push(chars.next().expect("peeked"));
                    } else {
                        text.push(q);
                    }
                }
                if !closed {
                    return Err(ParseError::UnclosedQuote);
                }
            } else {
                text.push(c);
            }
        }
        tokens.push(Token { text, quoted });
    }
}

fn segment_matches(i18n: &I18n, segment: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    segment == word
        || Locale::ALL
            .iter()
            .any(|&l| catalogue::segment_name(i18n, l, segment) == word)
}

fn option_matches(i18n: &I18n, option: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    option == word
        || Locale::ALL
            .iter()
            .any(|&l| option_name(i18n, l, option) == word)
}

/// `18:00`, `9:30`: a clock time, which has a colon but names no option.
fn is_clock(word: &str) -> bool {
    word.split_once(':').is_some_and(|(h, m)| {
        !h.is_empty()
            && h.len() <= 2
            && m.len() == 2
            && h.bytes().all(|b| b.is_ascii_digit())
            && m.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Resolves the command path at the start of `words`; returns the spec and
/// how many words it used.
fn resolve_path(i18n: &I18n, words: &[Token]) -> Result<(&'static CommandSpec, usize), ParseError> {
    let Some(first) = words.first() else {
        return Err(ParseError::Empty);
    };
    let mut depth = 0;
    let mut candidates: Vec<&'static CommandSpec> = CATALOGUE.iter().collect();
    loop {
        if let Some(done) = candidates
            .iter()
            .find(|c| c.path.len() == depth && depth > 0)
        {
            return Ok((done, depth));
        }
        let group: &'static [&'static str] = &candidates[0].path[..depth];
        // A group with a default command (`stats` is `stats show`) takes
        // what follows as that command's options unless it names another.
        let default = (depth == 1)
            .then(|| catalogue::default_command(group[0]))
            .flatten();
        let names_another = words.get(depth).filter(|w| !w.quoted).is_some_and(|w| {
            candidates
                .iter()
                .any(|c| segment_matches(i18n, c.path[depth], &w.text))
        });
        if let Some(spec) = default
            && !names_another
        {
            return Ok((spec, depth));
        }
        let Some(word) = words.get(depth).filter(|w| !w.quoted) else {
            return Err(ParseError::IncompleteCommand {
                group,
                got: None,
                suggestion: None,
            });
        };
        let next: Vec<_> = candidates
            .iter()
            .copied()
            .filter(|c| segment_matches(i18n, c.path[depth], &word.text))
            .collect();
        if next.is_empty() {
            let suggestion = suggest_path(i18n, &word.text, &candidates, depth);
            if depth == 0 {
                return Err(ParseError::UnknownCommand {
                    input: first.text.clone(),
                    suggestion,
                });
            }
            return Err(ParseError::IncompleteCommand {
                group,
                got: Some(word.text.clone()),
                suggestion,
            });
        }
        candidates = next;
        depth += 1;
    }
}

/// The command (or group) path whose segment at `depth` is closest to
/// `word`, in any language.
fn suggest_path(
    i18n: &I18n,
    word: &str,
    candidates: &[&'static CommandSpec],
    depth: usize,
) -> Option<&'static [&'static str]> {
    let mut names: Vec<(String, &'static [&'static str])> = Vec::new();
    for spec in candidates {
        let prefix = &spec.path[..=depth];
        let segment = spec.path[depth];
        names.push((segment.to_owned(), prefix));
        for &locale in &Locale::ALL {
            names.push((catalogue::segment_name(i18n, locale, segment), prefix));
        }
    }
    let best = closest(word, names.iter().map(|(name, _)| name.as_str()))?;
    names
        .iter()
        .find(|(name, _)| name == best)
        .map(|(_, prefix)| *prefix)
}

/// Parses a command line (without its prefix).
pub fn parse(i18n: &I18n, line: &str, at: WhenContext) -> Result<Parsed, ParseError> {
    let tokens = tokenize(line)?;
    let (spec, used) = resolve_path(i18n, &tokens)?;
    let mut named: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut positional: Vec<Token> = Vec::new();
    let mut rest = tokens[used..].iter().cloned();
    while let Some(token) = rest.next() {
        let split = (!token.quoted)
            .then(|| token.text.split_once(':'))
            .flatten()
            .filter(|(name, _)| {
                // `at:`, `case-giver:`: letters, with hyphens inside.
                !name.is_empty()
                    && name.chars().all(|c| c.is_alphabetic() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-')
            });
        let Some((name, value)) = split else {
            positional.push(token);
            continue;
        };
        let Some(option) = spec
            .options
            .iter()
            .find(|o| option_matches(i18n, o.name, name))
        else {
            let names = spec.options.iter().map(|o| o.name);
            if let Some(suggestion) = closest(name, names) {
                return Err(ParseError::UnknownOption {
                    spec,
                    name: name.to_owned(),
                    suggestion: Some(suggestion),
                });
            }
            positional.push(token);
            continue;
        };
        let mut value = if value.is_empty() {
            // `kind: group`: the value is the next word.
            match rest.next() {
                Some(next) => next.text,
                None => return Err(ParseError::MissingArgument { spec, option }),
            }
        } else {
            value.to_owned()
        };
        if option.kind == OptionKind::When {
            // `at:tomorrow 18:00`: the words after it that still read as
            // part of the time belong to it.
            let ahead: Vec<Token> = rest
                .clone()
                .take_while(|t| !t.quoted && !t.text.contains(':') || is_clock(&t.text))
                .take(6)
                .collect();
            if !ahead.is_empty() {
                let joined = std::iter::once(value.as_str())
                    .chain(ahead.iter().map(|t| t.text.as_str()))
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Ok((_, used)) = when::parse_in(&joined, at.now, at.tz, at.lang) {
                    let extra = used.saturating_sub(value.split_whitespace().count());
                    for token in ahead.iter().take(extra) {
                        value.push(' ');
                        value.push_str(&token.text);
                        rest.next();
                    }
                }
            }
        }
        if named.insert(option.name, value).is_some() {
            return Err(ParseError::DuplicateOption { spec, option });
        }
    }

    let mut raw: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut whens: BTreeMap<&'static str, Value> = BTreeMap::new();
    let mut positional = positional.into_iter().peekable();
    for option in spec.options {
        if let Some(value) = named.remove(option.name) {
            raw.insert(option.name, value);
            continue;
        }
        if positional.peek().is_none() || option.named {
            continue;
        }
        if option.kind == OptionKind::When {
            // The longest run of words that reads as a time; the rest is
            // for the options after it.
            let mut tokens: Vec<Token> = positional.by_ref().collect();
            let joined = tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let (when, used) =
                when::parse_in(&joined, at.now, at.tz, at.lang).map_err(|error| {
                    ParseError::When {
                        error,
                        got: joined.clone(),
                        tz: at.tz,
                    }
                })?;
            let mut words = 0;
            let mut taken = 0;
            for token in &tokens {
                let count = token.text.split_whitespace().count().max(1);
                if words + count > used {
                    break;
                }
                words += count;
                taken += 1;
            }
            let rest = tokens.split_off(taken);
            let text = tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            whens.insert(option.name, Value::When(when, text));
            positional = rest.into_iter().peekable();
            continue;
        }
        if let OptionKind::List {
            max_items,
            max_chars,
        } = option.kind
        {
            let items: Vec<(String, bool)> =
                positional.by_ref().map(|t| (t.text, t.quoted)).collect();
            whens.insert(
                option.name,
                list_value(option, items, max_items, max_chars)?,
            );
            continue;
        }
        if option.rest {
            let words: Vec<String> = positional.by_ref().map(|t| t.text).collect();
            raw.insert(option.name, words.join(" "));
        } else if let Some(token) = positional.next() {
            raw.insert(option.name, token.text);
        }
    }
    if let Some(extra) = positional.next() {
        return Err(ParseError::UnexpectedArgument {
            spec,
            extra: extra.text,
        });
    }
    let mut parsed = convert_all(i18n, spec, raw, at, &whens)?;
    parsed.args.extend(whens);
    Ok(parsed)
}

/// Validates arguments a platform already split (Discord slash options).
pub fn from_structured(
    i18n: &I18n,
    path: &[String],
    args: &BTreeMap<String, ArgValue>,
    at: WhenContext,
) -> Result<Parsed, ParseError> {
    let spec = CATALOGUE
        .iter()
        .find(|c| c.path.len() == path.len() && c.path.iter().zip(path).all(|(a, b)| a == b))
        .ok_or_else(|| ParseError::UnknownCommand {
            input: path.join(" "),
            suggestion: None,
        })?;
    let mut raw = BTreeMap::new();
    for (name, value) in args {
        let Some(option) = spec.options.iter().find(|o| o.name == name) else {
            return Err(ParseError::UnknownOption {
                spec,
                name: name.clone(),
                suggestion: None,
            });
        };
        let text = match value {
            ArgValue::Text(s) => s.clone(),
            ArgValue::Integer(n) => n.to_string(),
        };
        raw.insert(option.name, text);
    }
    convert_all(i18n, spec, raw, at, &BTreeMap::new())
}

fn convert_all(
    i18n: &I18n,
    spec: &'static CommandSpec,
    mut raw: BTreeMap<&'static str, String>,
    at: WhenContext,
    already: &BTreeMap<&'static str, Value>,
) -> Result<Parsed, ParseError> {
    let mut args = BTreeMap::new();
    for option in spec.options {
        match raw.remove(option.name) {
            Some(value) => {
                args.insert(option.name, convert(i18n, option, value, at)?);
            }
            None if option.required && !already.contains_key(option.name) => {
                return Err(ParseError::MissingArgument { spec, option });
            }
            None => {}
        }
    }
    Ok(Parsed { spec, args })
}

fn convert(
    i18n: &I18n,
    option: &'static OptionSpec,
    raw: String,
    at: WhenContext,
) -> Result<Value, ParseError> {
    let limit = match option.kind {
        OptionKind::Text { max_chars } => max_chars,
        _ => MAX_TEXT_CHARS,
    };
    if raw.chars().count() > limit {
        return Err(ParseError::TooLong { option, max: limit });
    }
    match option.kind {
        // What names the file (its content is in `Input::files`).
        OptionKind::Text { .. } | OptionKind::File => Ok(Value::Text(raw)),
        OptionKind::User => Ok(Value::User(raw)),
        OptionKind::Integer { min, max } => match raw.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Value::Integer(n)),
            _ => Err(ParseError::NotAnInteger {
                option,
                min,
                max,
                got: raw,
            }),
        },
        OptionKind::Choice(values) => {
            let lowered = raw.trim().to_lowercase();
            for value in values {
                let localized = Locale::ALL
                    .iter()
                    .map(|&l| choice_name(i18n, l, option.name, value).to_lowercase());
                if *value == lowered || localized.into_iter().any(|n| n == lowered) {
                    return Ok(Value::Choice(value));
                }
            }
            let suggestion = closest(&raw, values.iter().copied());
            Err(ParseError::InvalidChoice {
                option,
                got: raw,
                suggestion,
            })
        }
        OptionKind::Timezone => timezone::parse(&raw)
            .map(Value::Timezone)
            .map_err(|suggestion| ParseError::UnknownTimezone {
                got: raw,
                suggestion,
            }),
        OptionKind::Language => Locale::parse(&raw)
            .map(Value::Language)
            .ok_or(ParseError::UnknownLanguage { got: raw }),
        // `closes:2h`: a named value that is one length of time counts from
        // now (so "2h" is two hours here, not two o'clock).
        OptionKind::When
            if !raw.contains(char::is_whitespace) && when::parse_duration(&raw).is_some() =>
        {
            let seconds = when::parse_duration(&raw).unwrap_or_default();
            let at = at.now + chrono::Duration::seconds(seconds);
            Ok(Value::When(When::Once(at), raw))
        }
        OptionKind::When => match when::parse_in(&raw, at.now, at.tz, at.lang) {
            Ok((when, used)) if used == raw.split_whitespace().count() => {
                Ok(Value::When(when, raw))
            }
            Ok(_) => Err(ParseError::When {
                error: WhenError::Unrecognized,
                got: raw,
                tz: at.tz,
            }),
            Err(error) => Err(ParseError::When {
                error,
                got: raw,
                tz: at.tz,
            }),
        },
        OptionKind::List {
            max_items,
            max_chars,
        } => {
            // `Mon;Tue;"multi";multi`: a bare word may be a mode keyword
            // (a poll's `multi`); quotes make it plain text.
            let items = raw
                .split(';')
                .map(|item| {
                    let item = item.trim();
                    match item
                        .strip_prefix('"')
                        .and_then(|inner| inner.strip_suffix('"'))
                    {
                        Some(inner) => (inner.trim().to_owned(), true),
                        None => (item.to_owned(), false),
                    }
                })
                .filter(|(item, _)| !item.is_empty())
                .collect();
            list_value(option, items, max_items, max_chars)
        }
        OptionKind::Duration => match when::parse_duration(&raw) {
            Some(seconds) => Ok(Value::Duration(seconds)),
            None => Err(ParseError::NotADuration { got: raw }),
        },
    }
}

fn list_value(
    option: &'static OptionSpec,
    items: Vec<(String, bool)>,
    max_items: usize,
    max_chars: usize,
) -> Result<Value, ParseError> {
    if items.len() > max_items {
        return Err(ParseError::TooManyItems {
            option,
            max: max_items,
        });
    }
    if items
        .iter()
        .any(|(item, _)| item.chars().count() > max_chars)
    {
        return Err(ParseError::TooLong {
            option,
            max: max_chars,
        });
    }
    Ok(Value::List(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::CommandId;

    fn at() -> WhenContext {
        WhenContext {
            now: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 23, 9, 0, 0).unwrap(),
            tz: Tz::Europe__Paris,
            lang: Some(Locale::En),
        }
    }

    fn p(line: &str) -> Result<Parsed, ParseError> {
        parse(&I18n::load(), line, at())
    }

    #[test]
    fn positional_named_and_quoted_arguments() {
        let parsed = p(r#"circle create "Rust beginners" capacity:6"#).unwrap();
        assert_eq!(parsed.spec.id, CommandId::CircleCreate);
        assert_eq!(parsed.text("name"), Some("Rust beginners"));
        assert_eq!(parsed.integer("capacity"), Some(6));
        assert_eq!(parsed.text("topic"), None);

        let parsed = p(r#"circle create Rust "ownership & borrowing" 4 kind: peer"#).unwrap();
        assert_eq!(parsed.text("topic"), Some("ownership & borrowing"));
        assert_eq!(parsed.integer("capacity"), Some(4));
        assert_eq!(parsed.choice("kind"), Some("peer"));

        let parsed = p("circle create name:“Les profs” capacité:3 type:pairs").unwrap();
        assert_eq!(parsed.text("name"), Some("Les profs"));
        assert_eq!(parsed.integer("capacity"), Some(3));
        assert_eq!(parsed.choice("kind"), Some("peer"));
    }

    #[test]
    fn rest_options_take_the_remaining_words() {
        let parsed = p("circle join Rust beginners").unwrap();
        assert_eq!(parsed.text("circle"), Some("Rust beginners"));
        let parsed = p("CIRCLE Info   \"a  b\"").unwrap();
        assert_eq!(parsed.text("circle"), Some("a  b"));
    }

    #[test]
    fn localized_command_names_are_accepted() {
        assert_eq!(
            p("cercle rejoindre X").unwrap().spec.id,
            CommandId::CircleJoin
        );
        assert_eq!(p("kring lijst").unwrap().spec.id, CommandId::CircleList);
        assert_eq!(
            p("paramètres communauté langue nl").unwrap().spec.id,
            CommandId::SettingsCommunityLanguage
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(p("   "), Err(ParseError::Empty));
        assert_eq!(p(r#"circle create "Rust"#), Err(ParseError::UnclosedQuote));
        match p("cirle list") {
            Err(ParseError::UnknownCommand { suggestion, .. }) => {
                assert_eq!(suggestion, Some(&["circle"][..]));
            }
            other => panic!("{other:?}"),
        }
        match p("circle jion x") {
            Err(ParseError::IncompleteCommand { suggestion, .. }) => {
                assert_eq!(suggestion, Some(&["circle", "join"][..]));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            p("circle"),
            Err(ParseError::IncompleteCommand { got: None, .. })
        ));
        assert!(matches!(
            p("circle create"),
            Err(ParseError::MissingArgument { option, .. }) if option.name == "name"
        ));
        assert!(matches!(
            p("circle create x capacity:0"),
            Err(ParseError::NotAnInteger { .. })
        ));
        assert!(matches!(
            p("circle create x capacity:10000"),
            Err(ParseError::NotAnInteger { .. })
        ));
        assert!(matches!(
            p("circle create x capacity:6 capacity:7"),
            Err(ParseError::DuplicateOption { .. })
        ));
        assert!(matches!(
            p("circle create x capcity:6"),
            Err(ParseError::UnknownOption {
                suggestion: Some("capacity"),
                ..
            })
        ));
        assert!(matches!(
            p("circle create x kind:grup"),
            Err(ParseError::InvalidChoice {
                suggestion: Some("group"),
                ..
            })
        ));
        assert!(matches!(
            p("circle list 1 2"),
            Err(ParseError::UnexpectedArgument { .. })
        ));
        let long = "x".repeat(101);
        assert!(matches!(
            p(&format!("circle create {long}")),
            Err(ParseError::TooLong { max: 100, .. })
        ));
        assert!(matches!(
            p("settings timezone Europe/Pari"),
            Err(ParseError::UnknownTimezone {
                suggestion: Some("Europe/Paris"),
                ..
            })
        ));
    }

    #[test]
    fn every_error_renders_in_every_language() {
        let i18n = I18n::load();
        let inputs = [
            "",
            "\"",
            "zzz",
            "cirle",
            "circle",
            "circle jion",
            "circle frobnicate",
            "circle create",
            "circle list x",
            "circle create x capcity:3",
            "circle create x capacity:1 capacity:2",
            "circle create x capacity:abc",
            "circle create x kind:zzz",
            "settings timezone Mars/Olympus",
            "settings timezone Europe/Pari",
            "settings language klingon",
        ];
        for input in inputs {
            let err = p(input).expect_err(input);
            for locale in Locale::ALL {
                let text = err.to_text(&i18n, locale);
                assert!(i18n.has(locale, text.key), "{locale} lacks {}", text.key);
                let rendered = i18n.render(locale, &text);
                assert!(!rendered.contains("{$"), "{rendered}");
                assert!(!rendered.contains("Unknown variable"), "{rendered}");
            }
        }
    }

    #[test]
    fn structured_arguments_are_validated_like_text() {
        let i18n = I18n::load();
        let mut args = BTreeMap::new();
        args.insert("name".to_owned(), ArgValue::Text("Rust".into()));
        args.insert("capacity".to_owned(), ArgValue::Integer(0));
        let path = vec!["circle".to_owned(), "create".to_owned()];
        assert!(matches!(
            from_structured(&i18n, &path, &args, at()),
            Err(ParseError::NotAnInteger { .. })
        ));
        args.insert("capacity".to_owned(), ArgValue::Integer(6));
        let parsed = from_structured(&i18n, &path, &args, at()).unwrap();
        assert_eq!(parsed.integer("capacity"), Some(6));
    }

    #[test]
    fn structured_lists_keep_bare_keywords_apart_from_quoted_text() {
        let i18n = I18n::load();
        let mut args = BTreeMap::new();
        args.insert("question".to_owned(), ArgValue::Text("Days?".into()));
        args.insert(
            "choices".to_owned(),
            ArgValue::Text(r#"Mon; "multi" ;;multi"#.into()),
        );
        let path = vec!["poll".to_owned(), "create".to_owned()];
        let parsed = from_structured(&i18n, &path, &args, at()).unwrap();
        assert_eq!(
            parsed.list("choices"),
            [
                ("Mon".to_owned(), false),
                ("multi".to_owned(), true),
                ("multi".to_owned(), false)
            ]
        );
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let i18n = I18n::load();
        let samples = [
            "circle create \u{0}",
            "«",
            "„x",
            "circle create \"\\",
            "::::",
            "circle create :",
            "circle add x y z w",
            "help help help",
            "settings community",
            "\u{202e}circle list",
            "circle create 🦀 capacity:-1",
            "circle create x kind:",
            "a:b:c",
        ];
        for s in samples {
            let _ = parse(&i18n, s, at());
        }
        // A cheap deterministic fuzz over a small alphabet.
        let alphabet = [
            'c', 'i', 'r', 'l', 'e', ' ', '"', ':', '«', '»', '\\', '1', 'x',
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let mut line = String::from("circle ");
            for _ in 0..(state % 24) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                line.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            let _ = parse(&i18n, &line, at());
        }
    }
}
