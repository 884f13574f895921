//! `help` and `help <command>`, generated from the catalogue.

use super::{Ctx, Engine, Failure, Handled};
use crate::catalogue::{
    self, CATALOGUE, CommandSpec, OptionKind, choice_name, option_description, option_name,
};
use crate::i18n::{Locale, Text};
use crate::model::{Message, Outgoing};
use crate::parser;

fn line(engine: &Engine, ctx: &Ctx<'_>, spec: &CommandSpec) -> String {
    format!(
        "- `{}{}` — {}",
        ctx.prefix,
        spec.usage(engine.i18n(), ctx.locale),
        spec.description(engine.i18n(), ctx.locale)
    )
}

pub(crate) fn overview(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let i18n = engine.i18n();
    let header = match ctx.prefix.trim_end() {
        "" => Text::new("help-header"),
        prefix => Text::new("help-header-prefix").arg("prefix", prefix),
    };
    let mut text = i18n.render(ctx.locale, &header);
    // One line per top-level command or group, so the overview fits in one
    // chat message; `help <group>` lists a group's commands.
    let mut seen: Vec<&str> = Vec::new();
    for spec in CATALOGUE {
        let top = spec.path[0];
        if seen.contains(&top) {
            continue;
        }
        seen.push(top);
        text.push('\n');
        if spec.path.len() == 1 {
            text.push_str(&line(engine, ctx, spec));
            continue;
        }
        let mut subcommands: Vec<String> = Vec::new();
        for sub in CATALOGUE.iter().filter(|c| c.path[0] == top) {
            let name = catalogue::segment_name(i18n, ctx.locale, sub.path[1]);
            if !subcommands.contains(&name) {
                subcommands.push(name);
            }
        }
        text.push_str(&format!(
            "- `{}{} …` — {}: {}",
            ctx.prefix,
            catalogue::segment_name(i18n, ctx.locale, top),
            catalogue::group_description(i18n, ctx.locale, &[top]),
            subcommands.join(", ")
        ));
    }
    text.push('\n');
    text.push_str(&i18n.render(
        ctx.locale,
        &Text::new("help-footer").arg("help", format!("{}{}", ctx.prefix, help_word(engine, ctx))),
    ));
    Ok(vec![Outgoing::reply(Message::text(text).private())])
}

fn help_word(engine: &Engine, ctx: &Ctx<'_>) -> String {
    catalogue::segment_name(engine.i18n(), ctx.locale, "help")
}

fn segment_matches(engine: &Engine, segment: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    segment == word
        || Locale::ALL
            .iter()
            .any(|&l| catalogue::segment_name(engine.i18n(), l, segment) == word)
}

pub(crate) fn help(engine: &Engine, ctx: &Ctx<'_>, topic: Option<&str>) -> Handled {
    let Some(topic) = topic.map(str::trim).filter(|t| !t.is_empty()) else {
        return overview(engine, ctx);
    };
    let words: Vec<&str> = topic.split_whitespace().collect();
    let matching: Vec<&CommandSpec> = CATALOGUE
        .iter()
        .filter(|spec| {
            words.len() <= spec.path.len()
                && words
                    .iter()
                    .zip(spec.path.iter())
                    .all(|(w, s)| segment_matches(engine, s, w))
        })
        .collect();
    let i18n = engine.i18n();
    match matching.as_slice() {
        [] => {
            // Reuse the parser's diagnosis ("did you mean …").
            let error = parser::parse(i18n, topic, ctx.when_context())
                .err()
                .map(|e| e.to_text(i18n, ctx.locale))
                .unwrap_or_else(|| Text::new("parse-unknown-command").arg("input", topic));
            Err(Failure::User(error))
        }
        [spec] if spec.path.len() == words.len() => {
            let mut text = detail(engine, ctx, spec);
            definitions(engine, ctx, spec, &mut text);
            Ok(vec![Outgoing::reply(Message::text(text).private())])
        }
        specs => {
            let mut text = String::new();
            for spec in specs {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&line(engine, ctx, spec));
            }
            if let Some(spec) = specs.first() {
                definitions(engine, ctx, spec, &mut text);
            }
            Ok(vec![Outgoing::reply(Message::text(text).private())])
        }
    }
}

/// What the programme figures mean, under the help of `stats` and its
/// commands.
fn definitions(engine: &Engine, ctx: &Ctx<'_>, spec: &CommandSpec, text: &mut String) {
    if spec.path[0] == "stats" {
        text.push_str("\n\n");
        text.push_str(&engine.i18n().t(ctx.locale, "stats-definitions"));
    }
}

fn detail(engine: &Engine, ctx: &Ctx<'_>, spec: &CommandSpec) -> String {
    let i18n = engine.i18n();
    let mut text = format!(
        "`{}{}`\n{}",
        ctx.prefix,
        spec.usage(i18n, ctx.locale),
        spec.description(i18n, ctx.locale)
    );
    for option in spec.options {
        let mut described = format!(
            "\n- `{}` — {}",
            option_name(i18n, ctx.locale, option.name),
            option_description(i18n, ctx.locale, option.name)
        );
        match option.kind {
            OptionKind::Choice(values) => {
                let names: Vec<String> = values
                    .iter()
                    .map(|v| choice_name(i18n, ctx.locale, option.name, v))
                    .collect();
                described.push_str(&format!(" ({})", names.join(", ")));
            }
            OptionKind::Integer { min, max } => described.push_str(&format!(" ({min}–{max})")),
            _ => {}
        }
        text.push_str(&described);
    }
    text.push('\n');
    text.push_str(&i18n.t(ctx.locale, "help-named-options"));
    text
}
