//! Peer-problem rounds: a member brings a case, peers respond in a fixed
//! protocol, and the bot keeps time, roles and turns. Commands here; the
//! round's clock (its job, every transition and announcement) in `run`;
//! protocols as data in `protocol`; fair roles and timing in `plan`.

mod chatter;
pub(crate) mod plan;
pub(crate) mod protocol;
mod run;
pub(crate) mod store;
mod view;

use chrono::{DateTime, Utc};

use self::plan::{Candidate, DEFAULT_PACE_MS, Mode};
use self::protocol::{MAX_NAME_CHARS, Protocol, parse_definition};
use self::store::{
    ClockChange, NewRound, PersonRole, RoundMode, RoundPerson, RoundRow, RoundState,
};
use crate::action::{Action, RoundRoleWanted};
use crate::domain::circle::{self, CircleKind, name_key};
use crate::engine::permissions::{belongs, hosts};
use crate::engine::{Ctx, Engine, Failure, Handled, members};
use crate::i18n::Text;
use crate::model::{ButtonStyle, Component, Message, Outgoing, escape_markdown};
use crate::parser::Parsed;
use crate::store::{CircleRow, to_millis};
use crate::suggest::closest;
use crate::timezone::format_local;
use crate::when::When;

pub(crate) use chatter::thread_post;
pub(crate) use run::Steer;

/// Longest note or commitment, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;
/// How far ahead a round may be scheduled.
const MAX_AHEAD_DAYS: i64 = 90;
/// The slowest and fastest async pace.
const MIN_PACE_MS: i64 = 3_600_000;
const MAX_PACE_MS: i64 = 14 * 86_400_000;
/// Most protocols one community may define.
const MAX_COMMUNITY_PROTOCOLS: usize = 50;
/// The protocol a round uses when none is named.
const DEFAULT_PROTOCOL: &str = "troika";

/// The protocol a round runs: built in, or the definition it was made with.
pub(crate) fn protocol_of(round: &RoundRow) -> Option<Protocol> {
    match (&round.definition, &round.protocol_name) {
        (Some(definition), Some(name)) => parse_definition(&round.protocol, name, definition).ok(),
        _ => Protocol::built_in(&round.protocol),
    }
}

pub(crate) fn mode_of(round: &RoundRow) -> Mode {
    match round.mode {
        RoundMode::Live => Mode::Live,
        RoundMode::Async => Mode::Async {
            pace_ms: round.pace_ms,
        },
    }
}

/// A protocol by its key or its name in any language, built in or the
/// community's own; refused with the list (and a suggestion) otherwise.
async fn find_protocol(
    engine: &Engine,
    ctx: &Ctx<'_>,
    raw: &str,
) -> Result<(Protocol, Option<(String, String)>), Failure> {
    let wanted = name_key(raw);
    let i18n = engine.i18n();
    let built_ins = Protocol::built_ins();
    if let Some(found) = built_ins.iter().find(|p| {
        p.key == wanted
            || crate::i18n::Locale::ALL
                .iter()
                .any(|&l| name_key(&p.name.show(i18n, l)) == wanted)
    }) {
        return Ok((found.clone(), None));
    }
    let own = engine.store().round_protocols(ctx.community()).await?;
    if let Some(row) = own.iter().find(|row| row.name_key == wanted) {
        let protocol = parse_definition(&row.name_key, &row.name, &row.definition)
            .map_err(|e| Failure::User(e.to_text()))?;
        return Ok((protocol, Some((row.name.clone(), row.definition.clone()))));
    }
    let mut names: Vec<String> = built_ins.iter().map(|p| p.key.clone()).collect();
    names.extend(own.iter().map(|row| row.name_key.clone()));
    let shown = escape_markdown(raw.trim());
    Err(Failure::User(
        match closest(&wanted, names.iter().map(String::as_str)) {
            Some(best) => Text::new("round-protocol-unknown-suggest")
                .arg("name", shown)
                .arg("suggestion", best),
            None => Text::new("round-protocol-unknown")
                .arg("name", shown)
                .arg("names", names.join(", ")),
        },
    ))
}

pub(crate) async fn protocols(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let i18n = engine.i18n();
    let mut text = i18n.t(ctx.locale, "round-protocols-header");
    for protocol in Protocol::built_ins() {
        text.push('\n');
        text.push_str(
            &i18n.render(
                ctx.locale,
                &Text::new("round-protocols-line")
                    .arg("name", protocol.name.show(i18n, ctx.locale))
                    .arg("key", protocol.key.as_str())
                    .arg("min", i64::from(protocol.min))
                    .arg("max", i64::from(protocol.max))
                    .arg("minutes", i64::from(protocol.minutes()))
                    .arg(
                        "about",
                        protocol::description_key(&protocol.key)
                            .map(|key| i18n.t(ctx.locale, key))
                            .unwrap_or_default(),
                    )
                    .arg("source", protocol.source.unwrap_or_default()),
            ),
        );
    }
    let own = engine.store().round_protocols(ctx.community()).await?;
    if !own.is_empty() {
        text.push_str("\n\n");
        text.push_str(&i18n.t(ctx.locale, "round-protocols-own"));
        for row in own {
            if let Ok(protocol) = parse_definition(&row.name_key, &row.name, &row.definition) {
                text.push('\n');
                text.push_str(
                    &i18n.render(
                        ctx.locale,
                        &Text::new("round-protocols-own-line")
                            .arg("name", escape_markdown(&row.name))
                            .arg("min", i64::from(protocol.min))
                            .arg("max", i64::from(protocol.max))
                            .arg("minutes", i64::from(protocol.minutes())),
                    ),
                );
            }
        }
    }
    text.push_str("\n\n");
    text.push_str(&i18n.render(
        ctx.locale,
        &Text::new("round-protocols-footer").arg("prefix", ctx.prefix.as_str()),
    ));
    Ok(vec![Outgoing::reply(Message::text(text))])
}

pub(crate) async fn protocol_show(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let (protocol, _) =
        find_protocol(engine, ctx, parsed.text("protocol").unwrap_or_default()).await?;
    let i18n = engine.i18n();
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("round-protocol-show-header")
            .arg(
                "name",
                escape_markdown(&protocol.name.show(i18n, ctx.locale)),
            )
            .arg("min", i64::from(protocol.min))
            .arg("max", i64::from(protocol.max))
            .arg("minutes", i64::from(protocol.minutes())),
    );
    for (index, phase) in protocol.phases.iter().enumerate() {
        text.push('\n');
        text.push_str(&view::phase_line(i18n, ctx.locale, index, phase));
    }
    if let Some(source) = protocol.source {
        text.push('\n');
        text.push_str(&i18n.render(
            ctx.locale,
            &Text::new("round-protocol-source").arg("source", source),
        ));
    }
    text.push_str("\n\n");
    text.push_str(
        &i18n.render(
            ctx.locale,
            &Text::new("round-protocol-copy")
                .arg("prefix", ctx.prefix.as_str())
                .arg("definition", protocol.definition(i18n, ctx.locale)),
        ),
    );
    Ok(vec![Outgoing::reply(Message::text(text))])
}

/// The definition typed with `round protocol add`, or else the text file
/// that came with it (one phase per line; `#` starts a comment line).
fn definition_given(ctx: &Ctx<'_>, parsed: &Parsed) -> Result<String, Failure> {
    let typed = parsed.text("definition").unwrap_or_default().trim();
    if !typed.is_empty() {
        return Ok(typed.to_owned());
    }
    let Some(file) = ctx.input.files.first() else {
        return Err(Failure::User(
            Text::new("round-protocol-needs-definition").arg("prefix", ctx.prefix.as_str()),
        ));
    };
    let Some(text) = &file.text else {
        return Err(Failure::User(
            Text::new("round-protocol-file-unreadable")
                .arg("file", escape_markdown(&file.name))
                .arg("kib", (crate::model::MAX_INBOUND_FILE_BYTES / 1024) as i64),
        ));
    };
    Ok(file_definition(text))
}

/// A definition file as one line: its phase lines joined with `;`.
fn file_definition(text: &str) -> String {
    text.lines()
        .map(|line| line.trim().trim_end_matches(';').trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) async fn protocol_add(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let name = circle::clean_text(parsed.text("name").unwrap_or_default(), MAX_NAME_CHARS)
        .map_err(|e| e.to_text("name"))?;
    let key = name_key(&name);
    let i18n = engine.i18n();
    if Protocol::built_ins().iter().any(|p| {
        p.key == key
            || crate::i18n::Locale::ALL
                .iter()
                .any(|&l| name_key(&p.name.show(i18n, l)) == key)
    }) {
        return Err(Failure::User(
            Text::new("round-protocol-taken").arg("name", escape_markdown(&name)),
        ));
    }
    let definition = definition_given(ctx, parsed)?;
    let definition = definition.as_str();
    let protocol =
        parse_definition(&key, &name, definition).map_err(|e| Failure::User(e.to_text()))?;
    let store = engine.store();
    if store.round_protocols(ctx.community()).await?.len() >= MAX_COMMUNITY_PROTOCOLS {
        return Err(Failure::User(
            Text::new("round-protocol-limit").arg("max", MAX_COMMUNITY_PROTOCOLS as i64),
        ));
    }
    if !store
        .add_round_protocol(
            ctx.community(),
            &name,
            &key,
            definition,
            ctx.user(),
            ctx.now,
        )
        .await?
    {
        return Err(Failure::User(
            Text::new("round-protocol-taken").arg("name", escape_markdown(&name)),
        ));
    }
    Ok(vec![Outgoing::reply(
        engine.say(
            ctx,
            &Text::new("round-protocol-added")
                .arg("name", escape_markdown(&name))
                .arg("phases", protocol.phases.len() as i64)
                .arg("minutes", i64::from(protocol.minutes())),
        ),
    )])
}

/// Whether the speaker may start a round in `circle`: any member of a peer
/// circle (peer groups have no facilitator), else its hosts and admins.
async fn may_start(engine: &Engine, ctx: &Ctx<'_>, circle: &CircleRow) -> Result<bool, Failure> {
    Ok(if circle.kind == CircleKind::Peer {
        belongs(engine, ctx, circle.id).await?
    } else {
        hosts(engine, ctx, circle.id).await?
    })
}

pub(crate) async fn start(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle =
        crate::circles::resolve_fresh(engine, ctx, parsed.text("circle").unwrap_or_default())
            .await?;
    if !may_start(engine, ctx, &circle).await? {
        return Err(Failure::User(
            Text::new("round-start-permission").arg("circle", escape_markdown(&circle.name)),
        ));
    }
    let (protocol, own) = find_protocol(
        engine,
        ctx,
        parsed.text("protocol").unwrap_or(DEFAULT_PROTOCOL),
    )
    .await?;
    // A pace alone means async; with `mode:live` it is a contradiction.
    let mode = match (parsed.choice("mode"), parsed.duration("pace")) {
        (Some("live"), Some(_)) => return Err(Failure::User(Text::new("round-pace-live"))),
        (Some("async"), _) | (None, Some(_)) => RoundMode::Async,
        _ => RoundMode::Live,
    };
    let pace_ms = match parsed.duration("pace") {
        Some(seconds) => {
            let ms = seconds.saturating_mul(1000);
            if !(MIN_PACE_MS..=MAX_PACE_MS).contains(&ms) {
                return Err(Failure::User(Text::new("round-pace-range")));
            }
            ms
        }
        None => DEFAULT_PACE_MS,
    };
    let store = engine.store();
    if let Some(open) = store.open_round_in(circle.id).await? {
        return Err(Failure::User(
            Text::new("round-already-open")
                .arg("circle", escape_markdown(&circle.name))
                .arg("id", open.id),
        ));
    }
    let members = store.circle_members(circle.id).await?;
    let asked = match parsed.text("case-giver") {
        Some(raw) => {
            let member = members::resolve(engine, ctx, raw).await?;
            if !members.iter().any(|m| m.user_id == member.user_id) {
                return Err(Failure::User(
                    Text::new("round-case-giver-not-member")
                        .arg("member", escape_markdown(&member.display_name))
                        .arg("circle", escape_markdown(&circle.name)),
                ));
            }
            Some(member.user_id)
        }
        None => None,
    };
    let at = match parsed.when("at") {
        Some((When::Once(at), _)) => {
            if *at > ctx.now + chrono::Duration::days(MAX_AHEAD_DAYS) {
                return Err(Failure::User(
                    Text::new("round-at-too-far").arg("days", MAX_AHEAD_DAYS),
                ));
            }
            Some(*at)
        }
        Some((When::Every(_), _)) => return Err(Failure::User(Text::new("round-at-once"))),
        None => None,
    };
    let mode_plan = match mode {
        RoundMode::Live => Mode::Live,
        RoundMode::Async => Mode::Async { pace_ms },
    };
    let (own_name, own_definition) = match &own {
        Some((name, definition)) => (Some(name.as_str()), Some(definition.as_str())),
        None => (None, None),
    };
    let new = NewRound {
        community_id: ctx.community(),
        circle_id: circle.id,
        channel_id: &ctx.input.place.channel_id,
        protocol: &protocol.key,
        protocol_name: own_name,
        definition: own_definition,
        mode,
        pace_ms,
        starts_at: at.unwrap_or(ctx.now),
        asked_case_giver: asked.as_deref(),
        started_by: ctx.user(),
        created_at: ctx.now,
    };
    if let Some(at) = at {
        // People join until it starts; the starter is in if they belong.
        let mut people = Vec::new();
        if members.iter().any(|m| m.user_id == ctx.user()) {
            people.push((ctx.user().to_owned(), PersonRole::Participant, None));
        }
        let waiting = ClockChange {
            state: RoundState::Scheduled,
            rotations: 1,
            rotation: 0,
            phase: 0,
            phase_started_at: None,
            phase_ends_at: None,
            warned: false,
            remaining_ms: None,
            event: store::RoundEvent::Created,
            ended_at: None,
            due: Some(to_millis(at)),
        };
        let id = store.create_round(&new, &people, &waiting).await?;
        engine.wake_scheduler();
        let message = engine
            .say(
                ctx,
                &Text::new("round-scheduled")
                    .arg("id", id)
                    .arg("protocol", protocol.name.show(engine.i18n(), ctx.locale))
                    .arg("circle", escape_markdown(&circle.name))
                    .arg("at", format_local(at, ctx.tz))
                    .arg("min", i64::from(protocol.min))
                    .arg("max", i64::from(protocol.max))
                    .arg("prefix", ctx.prefix.as_str()),
            )
            .with_component(Component::Button {
                action: Action::RoundJoin { round_id: id },
                label: engine.i18n().t(ctx.locale, "round-button-join"),
                style: ButtonStyle::Primary,
            });
        return Ok(vec![Outgoing::reply(message)]);
    }
    let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
    if count < protocol.min || count > protocol.max {
        return Err(Failure::User(
            Text::new("round-size")
                .arg("circle", escape_markdown(&circle.name))
                .arg("count", i64::from(count))
                .arg("protocol", protocol.name.show(engine.i18n(), ctx.locale))
                .arg("min", i64::from(protocol.min))
                .arg("max", i64::from(protocol.max))
                .arg("prefix", ctx.prefix.as_str()),
        ));
    }
    let history = store.round_role_history(circle.id).await?;
    let candidates: Vec<Candidate> = members
        .iter()
        .map(|m| run::candidate(&m.user_id, &history))
        .collect();
    let roles = plan::assign(&protocol, &candidates, asked.as_deref());
    let people = run::people_of(&roles, members.iter().map(|m| m.user_id.clone()));
    let first = run::first_phase(&protocol, mode_plan, roles.case_givers.len(), ctx.now);
    let id = store.create_round(&new, &people, &first).await?;
    engine.wake_scheduler();
    let round = store
        .round(id)
        .await?
        .ok_or(Failure::User(Text::new("round-gone")))?;
    let mut out = run::announce(engine, &round, &protocol, ctx.now).await?;
    out.insert(
        0,
        Outgoing::reply(
            engine.say(
                ctx,
                &Text::new("round-started")
                    .arg("id", id)
                    .arg("protocol", protocol.name.show(engine.i18n(), ctx.locale))
                    .arg("circle", escape_markdown(&circle.name)),
            ),
        ),
    );
    Ok(out)
}

/// The round a command names (`round:<id>`), or the speaker's only open one.
async fn resolve(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Result<RoundRow, Failure> {
    if let Some(id) = parsed.integer("round") {
        return by_id(engine, ctx, id).await;
    }
    let open = engine
        .store()
        .open_rounds_of(ctx.community(), ctx.user(), true)
        .await?;
    match open.as_slice() {
        [] => Err(Failure::User(Text::new("round-none-open"))),
        [only] => Ok(only.clone()),
        several => Err(which("round-which", &several.iter().collect::<Vec<_>>())),
    }
}

async fn by_id(engine: &Engine, ctx: &Ctx<'_>, id: i64) -> Result<RoundRow, Failure> {
    match engine.store().round(id).await? {
        Some(round) if round.community_id == ctx.community() => Ok(round),
        _ => Err(Failure::User(Text::new("round-unknown").arg("id", id))),
    }
}

pub(crate) async fn join(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let round = resolve_waiting(engine, ctx, parsed).await?;
    join_round(engine, ctx, round).await
}

pub(crate) async fn join_by_id(engine: &Engine, ctx: &Ctx<'_>, id: i64) -> Handled {
    let round = by_id(engine, ctx, id).await?;
    join_round(engine, ctx, round).await
}

/// The round to join: `round:<id>`, or the one waiting in a circle of the
/// speaker's.
async fn resolve_waiting(
    engine: &Engine,
    ctx: &Ctx<'_>,
    parsed: &Parsed,
) -> Result<RoundRow, Failure> {
    if parsed.integer("round").is_some() {
        return resolve(engine, ctx, parsed).await;
    }
    let waiting = engine
        .store()
        .waiting_rounds_for(ctx.community(), ctx.user())
        .await?;
    match waiting.as_slice() {
        [] => Err(Failure::User(Text::new("round-none-waiting"))),
        [only] => Ok(only.clone()),
        several => Err(which("round-which", &several.iter().collect::<Vec<_>>())),
    }
}

async fn join_round(engine: &Engine, ctx: &Ctx<'_>, round: RoundRow) -> Handled {
    let store = engine.store();
    if round.state != RoundState::Scheduled {
        return Err(Failure::User(
            Text::new("round-join-started").arg("id", round.id),
        ));
    }
    if !belongs(engine, ctx, round.circle_id).await?
        || store
            .circle_role(round.circle_id, ctx.user())
            .await?
            .is_none()
    {
        return Err(Failure::User(
            Text::new("round-join-not-member").arg("id", round.id),
        ));
    }
    let protocol = protocol_of(&round).ok_or(Failure::User(Text::new("round-gone")))?;
    let people = store.round_people(round.id).await?;
    if people.iter().any(|p| p.user_id == ctx.user()) {
        return Err(Failure::User(
            Text::new("round-join-already").arg("id", round.id),
        ));
    }
    if u32::try_from(people.len()).unwrap_or(u32::MAX) >= protocol.max {
        return Err(Failure::User(
            Text::new("round-join-full")
                .arg("id", round.id)
                .arg("max", i64::from(protocol.max)),
        ));
    }
    if !store.join_round(&round, ctx.user(), ctx.now).await? {
        return Err(Failure::User(
            Text::new("round-join-started").arg("id", round.id),
        ));
    }
    Ok(vec![Outgoing::reply(
        engine.say(
            ctx,
            &Text::new("round-joined")
                .arg("id", round.id)
                .arg("count", people.len() as i64 + 1)
                .arg("min", i64::from(protocol.min))
                .arg("max", i64::from(protocol.max))
                .arg(
                    "at",
                    format_local(crate::store::from_millis(round.starts_at), ctx.tz),
                ),
        ),
    )])
}

pub(crate) async fn leave(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let round = resolve(engine, ctx, parsed).await?;
    if round.state != RoundState::Scheduled {
        return Err(Failure::User(
            Text::new("round-leave-started").arg("id", round.id),
        ));
    }
    if !engine.store().leave_round(round.id, ctx.user()).await? {
        return Err(Failure::User(
            Text::new("round-leave-not-in").arg("id", round.id),
        ));
    }
    Ok(vec![Outgoing::reply(
        engine.say(ctx, &Text::new("round-left").arg("id", round.id)),
    )])
}

/// Whether the speaker steers `round`: its moderator, a host of its circle,
/// an admin, or, in a round without a moderator in a peer circle, anyone
/// taking part.
async fn may_steer(
    engine: &Engine,
    ctx: &Ctx<'_>,
    round: &RoundRow,
    people: &[RoundPerson],
) -> Result<bool, Failure> {
    if hosts(engine, ctx, round.circle_id).await? {
        return Ok(true);
    }
    let me = people.iter().find(|p| p.user_id == ctx.user());
    if me.is_some_and(|p| p.role == PersonRole::Moderator) {
        return Ok(true);
    }
    let moderated = people.iter().any(|p| p.role == PersonRole::Moderator);
    let peer = engine
        .store()
        .circle_by_id(round.circle_id)
        .await?
        .is_some_and(|c| c.kind == CircleKind::Peer);
    Ok(me.is_some() && peer && !moderated)
}

pub(crate) async fn steer(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed, how: Steer) -> Handled {
    let round = resolve(engine, ctx, parsed).await?;
    let by_ms = (how == Steer::Extend)
        .then(|| parsed.duration("by"))
        .flatten()
        .map(|s| s.saturating_mul(1000));
    steer_round(engine, ctx, round, how, by_ms).await
}

pub(crate) async fn next_by_button(
    engine: &Engine,
    ctx: &Ctx<'_>,
    round_id: i64,
    phase: i64,
) -> Handled {
    let round = by_id(engine, ctx, round_id).await?;
    if !matches!(round.state, RoundState::Running | RoundState::Paused)
        || run::phase_ordinal(&round) != phase
    {
        return Err(Failure::User(
            Text::new("round-moved-on").arg("id", round.id),
        ));
    }
    steer_round(engine, ctx, round, Steer::Next, None).await
}

async fn steer_round(
    engine: &Engine,
    ctx: &Ctx<'_>,
    round: RoundRow,
    how: Steer,
    by_ms: Option<i64>,
) -> Handled {
    let people = engine.store().round_people(round.id).await?;
    if !may_steer(engine, ctx, &round, &people).await? {
        return Err(Failure::User(
            Text::new("round-steer-permission").arg("id", round.id),
        ));
    }
    // A round whose protocol no longer reads can still be cancelled.
    let protocol = match (protocol_of(&round), how) {
        (Some(protocol), _) => protocol,
        (None, Steer::Cancel) => {
            Protocol::built_in(DEFAULT_PROTOCOL).ok_or(Failure::User(Text::new("round-gone")))?
        }
        (None, _) => return Err(Failure::User(Text::new("round-gone"))),
    };
    let change = run::steered(&round, &protocol, how, by_ms, ctx.now).map_err(Failure::User)?;
    if !engine
        .store()
        .change_round(&round, &change, ctx.now, true)
        .await?
    {
        return Err(Failure::User(
            Text::new("round-moved-on").arg("id", round.id),
        ));
    }
    engine.wake_scheduler();
    announce_change(engine, ctx, round.id, &protocol).await
}

/// Takes over a role from the proposal while the first phase runs: the
/// presser and whoever holds it swap what they hold.
pub(crate) async fn take_role(
    engine: &Engine,
    ctx: &Ctx<'_>,
    round_id: i64,
    role: RoundRoleWanted,
) -> Handled {
    let round = by_id(engine, ctx, round_id).await?;
    if round.state != RoundState::Running || round.rotation != 0 || round.phase != 0 {
        return Err(Failure::User(
            Text::new("round-take-late").arg("id", round.id),
        ));
    }
    let store = engine.store();
    let people = store.round_people(round.id).await?;
    if !people.iter().any(|p| p.user_id == ctx.user()) {
        return Err(Failure::User(
            Text::new("round-note-not-in").arg("id", round.id),
        ));
    }
    let holder = people.iter().find(|p| match role {
        RoundRoleWanted::Case => p.case_order == Some(0),
        RoundRoleWanted::Moderator => p.role == PersonRole::Moderator,
        RoundRoleWanted::NoteTaker => p.role == PersonRole::NoteTaker,
    });
    let Some(holder) = holder else {
        return Err(Failure::User(
            Text::new("round-take-none").arg("id", round.id),
        ));
    };
    if holder.user_id == ctx.user() {
        return Err(Failure::User(
            Text::new("round-take-already").arg("id", round.id),
        ));
    }
    let protocol = protocol_of(&round).ok_or(Failure::User(Text::new("round-gone")))?;
    if role == RoundRoleWanted::Case && protocol.rotate {
        return Err(Failure::User(
            Text::new("round-take-none").arg("id", round.id),
        ));
    }
    if !store
        .swap_round_roles(&round, ctx.user(), &holder.user_id)
        .await?
    {
        return Err(Failure::User(
            Text::new("round-moved-on").arg("id", round.id),
        ));
    }
    announce_change(engine, ctx, round.id, &protocol).await
}

/// After a person changed a round: what the change announces, and a
/// private word to them that it is done.
async fn announce_change(
    engine: &Engine,
    ctx: &Ctx<'_>,
    round_id: i64,
    protocol: &Protocol,
) -> Handled {
    let moved = engine
        .store()
        .round(round_id)
        .await?
        .ok_or(Failure::User(Text::new("round-gone")))?;
    let mut out = run::announce(engine, &moved, protocol, ctx.now).await?;
    out.push(Outgoing::reply(
        engine
            .say(ctx, &Text::new("round-steered").arg("id", round_id))
            .private(),
    ));
    Ok(out)
}

/// "Which one?": the rounds' numbers, for `key`.
fn which(key: &'static str, rounds: &[&RoundRow]) -> Failure {
    Failure::User(
        Text::new(key).arg(
            "ids",
            rounds
                .iter()
                .map(|r| format!("#{}", r.id))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    )
}

fn clean_note(raw: &str) -> Result<String, Failure> {
    circle::clean_text(raw, MAX_NOTE_CHARS).map_err(|e| Failure::User(e.to_text("note")))
}

pub(crate) async fn note(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let body = clean_note(parsed.text("text").unwrap_or_default())?;
    let store = engine.store();
    let round = match parsed.integer("round") {
        Some(id) => by_id(engine, ctx, id).await?,
        None => {
            let open = store
                .open_rounds_of(ctx.community(), ctx.user(), false)
                .await?;
            let running: Vec<&RoundRow> = open
                .iter()
                .filter(|r| matches!(r.state, RoundState::Running | RoundState::Paused))
                .collect();
            match running.as_slice() {
                [] => return Err(Failure::User(Text::new("round-none-running"))),
                [only] => (*only).clone(),
                several => return Err(which("round-note-which", several)),
            }
        }
    };
    if !matches!(round.state, RoundState::Running | RoundState::Paused) {
        return Err(Failure::User(Text::new("round-none-running")));
    }
    let people = store.round_people(round.id).await?;
    let Some(me) = people.iter().find(|p| p.user_id == ctx.user()) else {
        return Err(Failure::User(
            Text::new("round-note-not-in").arg("id", round.id),
        ));
    };
    let protocol = protocol_of(&round).ok_or(Failure::User(Text::new("round-gone")))?;
    if !store
        .add_round_note(&round, ctx.user(), &body, ctx.now)
        .await?
    {
        return Err(Failure::User(
            Text::new("round-notes-full")
                .arg("id", round.id)
                .arg("max", store::MAX_ROUND_NOTES),
        ));
    }
    let phase = protocol
        .phases
        .get(usize::try_from(round.phase).unwrap_or(0));
    let listening =
        phase.is_some_and(|p| p.listening) && run::case_giver_now(&round, &people) == Some(me);
    let key = if listening {
        "round-noted-listening"
    } else {
        "round-noted"
    };
    Ok(vec![Outgoing::reply(
        engine
            .say(
                ctx,
                &Text::new(key).arg("id", round.id).arg(
                    "phase",
                    phase
                        .map(|p| p.name.show(engine.i18n(), ctx.locale))
                        .unwrap_or_default(),
                ),
            )
            .private(),
    )])
}

pub(crate) async fn commit(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let body = clean_note(parsed.text("text").unwrap_or_default())?;
    let due: Option<DateTime<Utc>> = match parsed.when("by") {
        Some((When::Once(at), _)) => Some(*at),
        Some((When::Every(_), _)) => return Err(Failure::User(Text::new("round-at-once"))),
        None => None,
    };
    let store = engine.store();
    let Some(round) = store.latest_case_round(ctx.community(), ctx.user()).await? else {
        return Err(Failure::User(Text::new("round-commit-no-case")));
    };
    store
        .add_commitment(&round, ctx.user(), &body, due, ctx.now)
        .await?;
    if due.is_some() {
        engine.wake_scheduler();
    }
    let text = match due {
        Some(at) => Text::new("round-committed-by")
            .arg("id", round.id)
            .arg("at", format_local(at, ctx.tz)),
        None => Text::new("round-committed").arg("id", round.id),
    };
    Ok(vec![Outgoing::reply(engine.say(ctx, &text).private())])
}

pub(crate) async fn status(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let round = resolve(engine, ctx, parsed).await?;
    // A round is its circle's business: others learn nothing of it.
    if !belongs(engine, ctx, round.circle_id).await? {
        return Err(Failure::User(
            Text::new("round-unknown").arg("id", round.id),
        ));
    }
    let protocol = protocol_of(&round).ok_or(Failure::User(Text::new("round-gone")))?;
    let people = engine.store().round_people(round.id).await?;
    let text = view::status(
        engine.i18n(),
        ctx.locale,
        ctx.tz,
        &round,
        &protocol,
        &people,
    );
    Ok(vec![Outgoing::reply(Message::text(text).private())])
}

pub(crate) async fn history(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle =
        crate::circles::resolve(engine, ctx, parsed.text("circle").unwrap_or_default()).await?;
    if !belongs(engine, ctx, circle.id).await? {
        return Err(Failure::User(
            Text::new("round-members-only").arg("circle", escape_markdown(&circle.name)),
        ));
    }
    let presented = engine.store().round_history(circle.id, 30).await?;
    let i18n = engine.i18n();
    if presented.is_empty() {
        return Ok(vec![Outgoing::reply(engine.say(
            ctx,
            &Text::new("round-history-empty").arg("circle", escape_markdown(&circle.name)),
        ))]);
    }
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("round-history-header").arg("circle", escape_markdown(&circle.name)),
    );
    for row in presented {
        let protocol = match &row.protocol_name {
            Some(name) => escape_markdown(name),
            None => Protocol::built_in(&row.protocol)
                .map(|p| p.name.show(i18n, ctx.locale))
                .unwrap_or(row.protocol.clone()),
        };
        text.push('\n');
        text.push_str(
            &i18n.render(
                ctx.locale,
                &Text::new("round-history-line")
                    .arg(
                        "date",
                        crate::timezone::format_local_date(
                            crate::store::from_millis(row.at),
                            ctx.tz,
                        ),
                    )
                    .arg("name", escape_markdown(&row.display_name))
                    .arg("protocol", protocol)
                    .arg("id", row.round_id),
            ),
        );
    }
    Ok(vec![Outgoing::reply(Message::text(text))])
}
