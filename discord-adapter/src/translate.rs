//! Discord interactions as the core's `Input`: who (with locale and admin
//! rights from the interaction itself), where (threads included), and what.

use std::collections::BTreeMap;

use bot_core::{Actor, ArgValue, I18n, Input, InputKind, Locale, Person, Place};
use serenity::model::application::{
    ActionRowComponent, CommandDataOption, CommandDataOptionValue, CommandDataResolved,
    CommandInteraction, ComponentInteraction, ComponentInteractionDataKind, ModalInteraction,
};
use serenity::model::channel::{Attachment, ChannelType, PartialChannel};
use serenity::model::guild::Member;
use serenity::model::id::{ChannelId, GuildId};
use serenity::model::user::User;

use crate::commands;

/// The platform prefix of community ids (`discord:<guild>`).
pub const PLATFORM: &str = "discord";

/// Discord's locale codes (`en-US`, `fr`, `nl`, `es-ES` …) as the core's languages.
pub fn locale(code: &str) -> Option<Locale> {
    Locale::parse(code)
}

pub fn community_id(guild_id: Option<GuildId>, user: &User) -> String {
    match guild_id {
        Some(guild) => format!("{PLATFORM}:{guild}"),
        // A direct message with the bot is a community of one.
        None => format!("{PLATFORM}:dm:{}", user.id),
    }
}

/// Community admin: Manage Server (or Administrator) in the interaction's
/// member permissions, or one of the configured roles.
pub fn actor(user: &User, member: Option<&Member>, locale: &str, admin_roles: &[String]) -> Actor {
    let is_admin = member.is_some_and(|m| {
        m.permissions
            .is_some_and(|p| p.manage_guild() || p.administrator())
            || m.roles
                .iter()
                .any(|role| admin_roles.iter().any(|a| a == &role.to_string()))
    });
    let display_name = member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone());
    Actor {
        user_id: user.id.to_string(),
        display_name,
        platform_locale: self::locale(locale),
        platform_timezone: None,
        is_admin,
    }
}

pub fn place(
    guild_id: Option<GuildId>,
    user: &User,
    channel_id: ChannelId,
    channel: Option<&PartialChannel>,
) -> Place {
    let thread = channel.filter(|c| {
        matches!(
            c.kind,
            ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
        )
    });
    match thread.and_then(|t| t.parent_id) {
        Some(parent) => Place {
            community_id: community_id(guild_id, user),
            channel_id: parent.to_string(),
            thread_id: Some(channel_id.to_string()),
        },
        None => Place {
            community_id: community_id(guild_id, user),
            channel_id: channel_id.to_string(),
            thread_id: None,
        },
    }
}

/// The parts every interaction shares: who, where, and in which language.
#[allow(clippy::too_many_arguments)]
fn input(
    user: &User,
    member: Option<&Member>,
    locale: &str,
    guild_id: Option<GuildId>,
    channel_id: ChannelId,
    channel: Option<&PartialChannel>,
    admin_roles: &[String],
    kind: InputKind,
    mentions: Vec<Person>,
) -> Input {
    Input {
        actor: actor(user, member, locale, admin_roles),
        place: place(guild_id, user, channel_id, channel),
        kind,
        mentions,
        prefix_optional: true,
        files: Vec::new(),
    }
}

/// The names down to the subcommand, and the subcommand's own options.
pub fn flatten<'a>(
    name: &str,
    options: &'a [CommandDataOption],
) -> (Vec<String>, &'a [CommandDataOption]) {
    let mut names = vec![name.to_owned()];
    let mut current = options;
    loop {
        match current.first().map(|o| (&o.name, &o.value)) {
            Some((
                name,
                CommandDataOptionValue::SubCommand(inner)
                | CommandDataOptionValue::SubCommandGroup(inner),
            )) => {
                names.push(name.clone());
                current = inner;
            }
            _ => return (names, current),
        }
    }
}

fn person(user: &User, resolved: &CommandDataResolved) -> Person {
    let nick = resolved.members.get(&user.id).and_then(|m| m.nick.clone());
    Person {
        user_id: user.id.to_string(),
        display_name: nick
            .or_else(|| user.global_name.clone())
            .unwrap_or_else(|| user.name.clone()),
    }
}

/// A slash command as a structured command of the catalogue. Names Discord
/// sends that the catalogue does not know pass through as they are, so the
/// core refuses them with its own localized message.
pub fn command(i18n: &I18n, interaction: &CommandInteraction, admin_roles: &[String]) -> Input {
    let data = &interaction.data;
    let (names, options) = flatten(&data.name, &data.options);
    let spec = commands::resolve(i18n, &names);
    let path = match spec {
        Some(spec) => spec.path.iter().map(|s| (*s).to_owned()).collect(),
        None => names,
    };
    let mut args = BTreeMap::new();
    let mut mentions = Vec::new();
    for option in options {
        let name = spec
            .and_then(|spec| commands::option_spec(i18n, spec, &option.name))
            .map_or_else(|| option.name.clone(), |o| o.name.to_owned());
        let value = match &option.value {
            CommandDataOptionValue::String(s) => ArgValue::Text(s.clone()),
            CommandDataOptionValue::Integer(n) => ArgValue::Integer(*n),
            CommandDataOptionValue::User(id) => {
                if let Some(user) = data.resolved.users.get(id) {
                    mentions.push(person(user, &data.resolved));
                }
                ArgValue::Text(id.to_string())
            }
            CommandDataOptionValue::Autocomplete { value, .. } => ArgValue::Text(value.clone()),
            CommandDataOptionValue::Boolean(b) => ArgValue::Text(b.to_string()),
            CommandDataOptionValue::Number(n) => ArgValue::Text(n.to_string()),
            CommandDataOptionValue::Attachment(id) => ArgValue::Text(
                data.resolved
                    .attachments
                    .get(id)
                    .map_or_else(|| id.to_string(), |a| a.filename.clone()),
            ),
            other => ArgValue::Text(format!("{other:?}")),
        };
        args.insert(name, value);
    }
    input(
        &interaction.user,
        interaction.member.as_deref(),
        &interaction.locale,
        interaction.guild_id,
        interaction.channel_id,
        interaction.channel.as_ref(),
        admin_roles,
        InputKind::Command { path, args },
        mentions,
    )
}

/// The files given in a command's attachment options (fetched by the bridge).
pub fn attachments(interaction: &CommandInteraction) -> Vec<Attachment> {
    let data = &interaction.data;
    let (_, options) = flatten(&data.name, &data.options);
    options
        .iter()
        .filter_map(|option| match &option.value {
            CommandDataOptionValue::Attachment(id) => data.resolved.attachments.get(id).cloned(),
            _ => None,
        })
        .collect()
}

/// A button press or select choice: its `custom_id` is the core's action id.
pub fn component(interaction: &ComponentInteraction, admin_roles: &[String]) -> Input {
    let values = match &interaction.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.clone(),
        _ => Vec::new(),
    };
    input(
        &interaction.user,
        interaction.member.as_ref(),
        &interaction.locale,
        interaction.guild_id,
        interaction.channel_id,
        interaction.channel.as_ref(),
        admin_roles,
        InputKind::Action {
            action: interaction.data.custom_id.clone(),
            values,
        },
        Vec::new(),
    )
}

/// A submitted form (modal): its `custom_id` is the core's action id, the
/// texts typed are the values.
pub fn modal(interaction: &ModalInteraction, admin_roles: &[String]) -> Input {
    let values = interaction
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .filter_map(|component| match component {
            ActionRowComponent::InputText(input) => input.value.clone(),
            _ => None,
        })
        .collect();
    input(
        &interaction.user,
        interaction.member.as_ref(),
        &interaction.locale,
        interaction.guild_id,
        interaction.channel_id,
        interaction.channel.as_ref(),
        admin_roles,
        InputKind::Action {
            action: interaction.data.custom_id.clone(),
            values,
        },
        Vec::new(),
    )
}

/// What an autocomplete request asks: the catalogue path, the option's
/// catalogue name and what has been typed so far.
pub fn autocomplete(
    i18n: &I18n,
    interaction: &CommandInteraction,
) -> Option<(Vec<&'static str>, &'static str, String)> {
    let data = &interaction.data;
    let (names, _) = flatten(&data.name, &data.options);
    let spec = commands::resolve(i18n, &names)?;
    let focused = data.autocomplete()?;
    let option = commands::option_spec(i18n, spec, focused.name)?;
    Some((spec.path.to_vec(), option.name, focused.value.to_owned()))
}
