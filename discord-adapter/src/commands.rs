//! Discord application commands generated from the core's catalogue: one
//! top-level command per first path word, subcommand groups and subcommands
//! below it, typed options, and French and Dutch localizations. The JSON is
//! the body of `PUT /applications/{id}/commands`.

use bot_core::catalogue::{
    self, CATALOGUE, CommandSpec, OptionKind, OptionSpec, choice_name, option_description,
    option_name,
};
use bot_core::{I18n, Locale};
use serde_json::{Value, json};

/// Discord's option types.
const SUB_COMMAND: u8 = 1;
const SUB_COMMAND_GROUP: u8 = 2;
const STRING: u8 = 3;
const INTEGER: u8 = 4;
const USER: u8 = 6;
const ATTACHMENT: u8 = 11;

/// Discord's locale codes for the languages mentorbot speaks beyond English.
const LOCALES: [(Locale, &str); 2] = [(Locale::Fr, "fr"), (Locale::Nl, "nl")];

/// Descriptions are at most 100 characters on Discord.
fn clip(text: String) -> String {
    bot_core::model::clip(&text, 100)
}

fn localized(i18n: &I18n, f: impl Fn(&I18n, Locale) -> String) -> Value {
    let mut map = serde_json::Map::new();
    for (locale, code) in LOCALES {
        map.insert(code.to_owned(), Value::String(f(i18n, locale)));
    }
    Value::Object(map)
}

fn option(i18n: &I18n, spec: &OptionSpec) -> Value {
    let name = spec.name;
    let mut out = json!({
        "name": option_name(i18n, Locale::En, name),
        "name_localizations": localized(i18n, |i, l| option_name(i, l, name)),
        "description": clip(option_description(i18n, Locale::En, name)),
        "description_localizations": localized(i18n, |i, l| clip(option_description(i, l, name))),
        "required": spec.required,
    });
    let obj = out.as_object_mut().expect("an object");
    match spec.kind {
        OptionKind::Integer { min, max } => {
            obj.insert("type".into(), json!(INTEGER));
            obj.insert("min_value".into(), json!(min));
            obj.insert("max_value".into(), json!(max));
        }
        OptionKind::User => {
            obj.insert("type".into(), json!(USER));
        }
        OptionKind::File => {
            obj.insert("type".into(), json!(ATTACHMENT));
        }
        OptionKind::Choice(values) => {
            obj.insert("type".into(), json!(STRING));
            let choices: Vec<Value> = values
                .iter()
                .map(|value| {
                    json!({
                        "name": choice_name(i18n, Locale::En, name, value),
                        "name_localizations": localized(i18n, |i, l| choice_name(i, l, name, value)),
                        "value": value,
                    })
                })
                .collect();
            obj.insert("choices".into(), Value::Array(choices));
        }
        OptionKind::Language => {
            obj.insert("type".into(), json!(STRING));
            let choices: Vec<Value> = Locale::ALL
                .iter()
                .map(|l| json!({"name": l.native_name(), "value": l.code()}))
                .collect();
            obj.insert("choices".into(), Value::Array(choices));
        }
        OptionKind::Text { max_chars } => {
            obj.insert("type".into(), json!(STRING));
            obj.insert("max_length".into(), json!(max_chars.min(6000)));
        }
        OptionKind::Timezone
        | OptionKind::When
        | OptionKind::Duration
        | OptionKind::List { .. } => {
            obj.insert("type".into(), json!(STRING));
        }
    }
    if spec.autocomplete && !matches!(spec.kind, OptionKind::Choice(_) | OptionKind::Language) {
        obj.insert("autocomplete".into(), json!(true));
    }
    out
}

fn named(i18n: &I18n, kind: u8, path: &[&str]) -> Value {
    let word = *path.last().expect("a path has a word");
    json!({
        "type": kind,
        "name": catalogue::segment_name(i18n, Locale::En, word),
        "name_localizations": localized(i18n, |i, l| catalogue::segment_name(i, l, word)),
        "description": clip(catalogue::group_description(i18n, Locale::En, path)),
        "description_localizations":
            localized(i18n, |i, l| clip(catalogue::group_description(i, l, path))),
    })
}

fn with_options(mut node: Value, options: Vec<Value>) -> Value {
    node.as_object_mut()
        .expect("an object")
        .insert("options".into(), Value::Array(options));
    node
}

fn leaf(i18n: &I18n, spec: &CommandSpec, kind: u8) -> Value {
    // Discord lists required options first; an option the text parser takes
    // only by name (`by:`) may stand before them in the catalogue.
    let (required, optional): (Vec<_>, Vec<_>) = spec.options.iter().partition(|o| o.required);
    let options = required
        .into_iter()
        .chain(optional)
        .map(|o| option(i18n, o))
        .collect();
    with_options(named(i18n, kind, spec.path), options)
}

/// Every command of the catalogue, shaped for Discord.
pub fn application_commands(i18n: &I18n) -> Value {
    let mut tops: Vec<&str> = Vec::new();
    for spec in CATALOGUE {
        if !tops.contains(&spec.path[0]) {
            tops.push(spec.path[0]);
        }
    }
    let commands: Vec<Value> = tops
        .iter()
        .map(|top| {
            let specs: Vec<&CommandSpec> = CATALOGUE.iter().filter(|c| c.path[0] == *top).collect();
            if let [spec] = specs.as_slice()
                && spec.path.len() == 1
            {
                // A chat-input command (type 1) with its own options.
                return leaf(i18n, spec, 1);
            }
            let mut children: Vec<Value> = Vec::new();
            let mut groups: Vec<&str> = Vec::new();
            for spec in &specs {
                match spec.path.len() {
                    2 => children.push(leaf(i18n, spec, SUB_COMMAND)),
                    _ if groups.contains(&spec.path[1]) => {}
                    _ => {
                        groups.push(spec.path[1]);
                        let subs = specs
                            .iter()
                            .filter(|c| c.path.len() == 3 && c.path[1] == spec.path[1])
                            .map(|c| leaf(i18n, c, SUB_COMMAND))
                            .collect();
                        children.push(with_options(
                            named(i18n, SUB_COMMAND_GROUP, &spec.path[..2]),
                            subs,
                        ));
                    }
                }
            }
            with_options(named(i18n, 1, &[top]), children)
        })
        .collect();
    Value::Array(commands)
}

/// The catalogue command a Discord interaction names (its command,
/// group and subcommand names, in English as Discord sends them).
pub fn resolve(i18n: &I18n, names: &[String]) -> Option<&'static CommandSpec> {
    CATALOGUE.iter().find(|spec| {
        spec.path.len() == names.len()
            && spec
                .path
                .iter()
                .zip(names)
                .all(|(segment, name)| catalogue::segment_name(i18n, Locale::En, segment) == *name)
    })
}

/// The catalogue option an interaction's option name stands for.
pub fn option_spec(
    i18n: &I18n,
    spec: &'static CommandSpec,
    name: &str,
) -> Option<&'static OptionSpec> {
    spec.options
        .iter()
        .find(|o| option_name(i18n, Locale::En, o.name) == name)
}

/// A fingerprint of what would be registered, so an unchanged catalogue is
/// not registered again.
pub fn fingerprint(commands: &Value) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(commands.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_name(name: &str) -> bool {
        let n = name.chars().count();
        (1..=32).contains(&n)
            && name
                .chars()
                .all(|c| c == '-' || c == '_' || c.is_alphanumeric())
            && name.to_lowercase() == name
    }

    fn check(node: &Value, depth: usize, reached: &mut Vec<String>, prefix: &str) {
        let name = node["name"].as_str().expect("a name");
        assert!(valid_name(name), "invalid name {name:?}");
        let description = node["description"].as_str().expect("a description");
        assert!(
            (1..=100).contains(&description.chars().count()),
            "{name}: {description}"
        );
        for (code, value) in node["name_localizations"].as_object().expect("localized") {
            assert!(valid_name(value.as_str().unwrap()), "{code}: {value}");
        }
        let path = format!("{prefix}{name}");
        let options = node["options"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        assert!(options.len() <= 25, "{path}: more than 25 options");
        let kind = node["type"].as_u64().unwrap_or(1);
        if depth > 0 && kind == u64::from(SUB_COMMAND)
            || depth == 0 && options.iter().all(|o| o["type"].as_u64().unwrap() > 2)
        {
            reached.push(path.clone());
            let mut seen_optional = false;
            for option in options {
                let required = option["required"].as_bool().unwrap();
                assert!(
                    !(seen_optional && required),
                    "{path}: required after optional"
                );
                seen_optional |= !required;
                check_option(option, &path);
            }
        } else {
            for child in options {
                check(child, depth + 1, reached, &format!("{path} "));
            }
        }
    }

    fn check_option(option: &Value, path: &str) {
        let name = option["name"].as_str().unwrap();
        assert!(valid_name(name), "{path}: option {name:?}");
        let description = option["description"].as_str().unwrap();
        assert!(
            (1..=100).contains(&description.chars().count()),
            "{path} {name}"
        );
        for choice in option["choices"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            assert!((1..=100).contains(&choice["name"].as_str().unwrap().chars().count()));
        }
    }

    #[test]
    fn every_catalogue_command_is_a_valid_slash_command() {
        let i18n = I18n::load();
        let commands = application_commands(&i18n);
        let commands = commands.as_array().unwrap();
        assert!(commands.len() <= 100, "Discord allows 100 global commands");
        let mut reached = Vec::new();
        for command in commands {
            assert_eq!(command["type"], 1);
            check(command, 0, &mut reached, "");
        }
        let mut expected: Vec<String> = CATALOGUE.iter().map(|c| c.path.join(" ")).collect();
        reached.sort();
        expected.sort();
        assert_eq!(
            reached, expected,
            "every command is reachable as a slash command"
        );
        // And every name Discord will send back leads to its catalogue command and options.
        for spec in CATALOGUE {
            let names: Vec<String> = spec
                .path
                .iter()
                .map(|s| catalogue::segment_name(&i18n, Locale::En, s))
                .collect();
            assert_eq!(resolve(&i18n, &names).map(|s| s.id), Some(spec.id));
            for option in spec.options {
                let name = option_name(&i18n, Locale::En, option.name);
                assert_eq!(
                    option_spec(&i18n, spec, &name).map(|o| o.name),
                    Some(option.name)
                );
            }
        }
    }

    #[test]
    fn localizations_and_types_are_carried() {
        let i18n = I18n::load();
        let commands = application_commands(&i18n);
        let circle = commands
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "circle")
            .unwrap();
        assert_eq!(circle["name_localizations"]["fr"], "cercle");
        assert_eq!(circle["name_localizations"]["nl"], "kring");
        let create = circle["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "create")
            .unwrap();
        assert_eq!(create["type"], SUB_COMMAND);
        let capacity = &create["options"][2];
        assert_eq!(capacity["name"], "capacity");
        assert_eq!(capacity["type"], INTEGER);
        assert_eq!(
            (capacity["min_value"].clone(), capacity["max_value"].clone()),
            (json!(1), json!(500))
        );
        assert_eq!(capacity["name_localizations"]["fr"], "capacité");
        let kind = &create["options"][3];
        assert_eq!(kind["choices"][1]["value"], "peer");
        assert_eq!(kind["choices"][1]["name_localizations"]["nl"], "peers");
        let join = circle["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "join")
            .unwrap();
        assert_eq!(join["options"][0]["autocomplete"], true);
        let settings = commands
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "settings")
            .unwrap();
        let community = settings["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "community")
            .unwrap();
        assert_eq!(community["type"], SUB_COMMAND_GROUP);
        assert_eq!(community["options"].as_array().unwrap().len(), 2);
    }
}
