//! Circle commands: create, join, leave, list, info, add, remove, host, archive.

pub(crate) mod store;

use crate::action::Action;
use crate::catalogue::{CommandId, CommandSpec, choice_name};
use crate::domain::circle::{
    self, CircleKind, CircleName, DEFAULT_CAPACITY, MAX_TOPIC_CHARS, Role, name_key,
};
use crate::engine::{Ctx, Engine, Failure, Handled, members};
use crate::i18n::Text;
use crate::model::{ButtonStyle, Component, Message, Outgoing, escape_markdown};
use crate::parser::Parsed;
use crate::store::{AddMemberOutcome, CircleRow, NewCircle, RemoveMemberOutcome};
use crate::suggest::closest;
use crate::timezone::format_local_date;

fn bold_name(circle: &CircleRow) -> String {
    escape_markdown(&circle.name)
}

/// The command as the reader would type it (`!mentor cercle rejoindre`).
fn command(engine: &Engine, ctx: &Ctx<'_>, id: CommandId) -> String {
    format!(
        "{}{}",
        ctx.prefix,
        CommandSpec::by_id(id).localized_path(engine.i18n(), ctx.locale)
    )
}

fn role_name(engine: &Engine, ctx: &Ctx<'_>, role: &str) -> String {
    choice_name(engine.i18n(), ctx.locale, "role", role)
}

fn button(engine: &Engine, ctx: &Ctx<'_>, action: Action, key: &'static str) -> Component {
    Component::Button {
        action,
        label: engine.i18n().t(ctx.locale, key),
        style: match action {
            Action::CircleLeave { .. } => ButtonStyle::Secondary,
            _ => ButtonStyle::Primary,
        },
    }
}

fn reply(message: Message) -> Handled {
    Ok(vec![Outgoing::reply(message)])
}

/// The active circle named `raw` here, or a helpful refusal. May come from
/// the engine's short-lived cache: callers act on it with statements that
/// re-check the circle is active and use [`resolve_fresh`] when it is not.
pub(crate) async fn resolve(
    engine: &Engine,
    ctx: &Ctx<'_>,
    raw: &str,
) -> Result<CircleRow, Failure> {
    let key = (ctx.community().to_owned(), name_key(raw));
    if let Some(circle) = engine.circle_cache().get(&key) {
        return Ok(circle);
    }
    resolve_fresh(engine, ctx, raw).await
}

/// [`resolve`], read from the database.
pub(crate) async fn resolve_fresh(
    engine: &Engine,
    ctx: &Ctx<'_>,
    raw: &str,
) -> Result<CircleRow, Failure> {
    let store = engine.store();
    let key = (ctx.community().to_owned(), name_key(raw));
    engine.circle_cache().remove(&key);
    if let Some(circle) = store.circle_by_name(&key.0, &key.1).await? {
        engine.circle_cache().put(key, circle.clone());
        return Ok(circle);
    }
    let names = store.circle_names(ctx.community()).await?;
    let shown = escape_markdown(raw.trim());
    let text = match closest(raw, names.iter().map(String::as_str)) {
        Some(best) => Text::new("circle-unknown-suggest")
            .arg("name", shown)
            .arg("suggestion", escape_markdown(best)),
        None => Text::new("circle-unknown")
            .arg("name", shown)
            .arg("list", command(engine, ctx, CommandId::CircleList)),
    };
    Err(Failure::User(text))
}

/// What happened to an action on a circle that may have been archived
/// since it was looked up.
enum Attempt {
    Done(Vec<Outgoing>),
    Gone,
}

fn gone() -> Failure {
    Failure::User(Text::new("circle-gone"))
}

/// Runs `attempt` on the circle named `raw`; if a cached lookup turns out
/// to be archived, looks the name up again and retries once.
macro_rules! with_circle {
    ($engine:expr, $ctx:expr, $raw:expr, |$circle:ident| $attempt:expr) => {{
        let $circle = resolve($engine, $ctx, $raw).await?;
        match $attempt? {
            Attempt::Done(out) => Ok(out),
            Attempt::Gone => {
                let $circle = resolve_fresh($engine, $ctx, $raw).await?;
                match $attempt? {
                    Attempt::Done(out) => Ok(out),
                    Attempt::Gone => Err(gone()),
                }
            }
        }
    }};
}

/// Runs `attempt` on the circle a button names.
macro_rules! with_circle_id {
    ($engine:expr, $ctx:expr, $id:expr, |$circle:ident| $attempt:expr) => {{
        let $circle = by_id($engine, $ctx, $id).await?;
        match $attempt? {
            Attempt::Done(out) => Ok(out),
            Attempt::Gone => Err(gone()),
        }
    }};
}

/// A circle by id from a button, only within the community it belongs to.
async fn by_id(engine: &Engine, ctx: &Ctx<'_>, id: i64) -> Result<CircleRow, Failure> {
    match engine.store().circle_by_id(id).await? {
        Some(circle) if circle.community_id == ctx.community() && circle.archived_at.is_none() => {
            Ok(circle)
        }
        _ => Err(Failure::User(Text::new("circle-gone"))),
    }
}

use crate::engine::permissions::require_host;

pub(crate) async fn create(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let name = CircleName::parse(parsed.text("name").unwrap_or_default())
        .map_err(|e| e.to_text("name"))?;
    let topic = match parsed.text("topic") {
        Some(raw) if !raw.trim().is_empty() => {
            Some(circle::clean_text(raw, MAX_TOPIC_CHARS).map_err(|e| e.to_text("topic"))?)
        }
        _ => None,
    };
    let capacity = parsed.integer("capacity").unwrap_or(DEFAULT_CAPACITY);
    let kind = parsed
        .choice("kind")
        .and_then(CircleKind::parse)
        .unwrap_or(CircleKind::Group);
    let key = name.key();
    let created = engine
        .store()
        .create_circle(&NewCircle {
            community_id: ctx.community(),
            name: name.as_str(),
            name_key: &key,
            topic: topic.as_deref(),
            kind,
            capacity,
            created_by: ctx.user(),
            created_at: engine.now(),
        })
        .await?;
    let Some(circle) = created else {
        return Err(Failure::User(
            Text::new("circle-name-taken").arg("name", escape_markdown(name.as_str())),
        ));
    };
    // Its home is where it was created; it is nudged there when it goes quiet.
    let store = engine.store();
    store
        .set_circle_channel(circle.id, &ctx.input.place.channel_id)
        .await?;
    let first_nudge = engine.now() + chrono::Duration::days(circle::DEFAULT_NUDGE_DAYS);
    store
        .schedule_nudge(circle.id, first_nudge, engine.now())
        .await?;
    engine.wake_scheduler();
    let text = Text::new("circle-created")
        .arg("name", bold_name(&circle))
        .arg("count", circle.member_count)
        .arg("capacity", circle.capacity)
        .arg("add", command(engine, ctx, CommandId::CircleAdd))
        .arg("join", command(engine, ctx, CommandId::CircleJoin));
    reply(engine.say(ctx, &text).with_component(button(
        engine,
        ctx,
        Action::CircleJoin {
            circle_id: circle.id,
        },
        "button-join",
    )))
}

pub(crate) async fn join(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("circle").unwrap_or_default();
    with_circle!(engine, ctx, raw, |circle| join_circle(engine, ctx, &circle)
        .await)
}

pub(crate) async fn join_by_id(engine: &Engine, ctx: &Ctx<'_>, id: i64) -> Handled {
    with_circle_id!(engine, ctx, id, |circle| join_circle(engine, ctx, &circle)
        .await)
}

async fn join_circle(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle: &CircleRow,
) -> Result<Attempt, Failure> {
    let role = circle.kind.default_role();
    let outcome = engine
        .store()
        .add_circle_member(circle, ctx.user(), role, engine.now())
        .await?;
    let name = bold_name(circle);
    match outcome {
        AddMemberOutcome::Added { count, capacity } => Ok(Attempt::Done(vec![Outgoing::reply(
            engine.say(
                ctx,
                &Text::new("circle-joined")
                    .arg("name", name)
                    .arg("role", role_name(engine, ctx, role.as_str()))
                    .arg("count", count)
                    .arg("capacity", capacity),
            ),
        )])),
        AddMemberOutcome::AlreadyMember { role } => Err(Failure::User(
            Text::new("circle-already-member")
                .arg("name", name)
                .arg("role", role_name(engine, ctx, role.as_str())),
        )),
        AddMemberOutcome::Full => Err(Failure::User(
            Text::new("circle-full")
                .arg("name", name)
                .arg("capacity", circle.capacity),
        )),
        AddMemberOutcome::Gone => Ok(Attempt::Gone),
    }
}

pub(crate) async fn leave(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("circle").unwrap_or_default();
    with_circle!(engine, ctx, raw, |circle| leave_circle(
        engine, ctx, &circle
    )
    .await)
}

pub(crate) async fn leave_by_id(engine: &Engine, ctx: &Ctx<'_>, id: i64) -> Handled {
    with_circle_id!(engine, ctx, id, |circle| leave_circle(engine, ctx, &circle)
        .await)
}

async fn leave_circle(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle: &CircleRow,
) -> Result<Attempt, Failure> {
    let name = bold_name(circle);
    match engine
        .store()
        .remove_circle_member(circle.id, ctx.user())
        .await?
    {
        RemoveMemberOutcome::Removed { count, capacity } => {
            Ok(Attempt::Done(vec![Outgoing::reply(
                engine.say(
                    ctx,
                    &Text::new("circle-left")
                        .arg("name", name)
                        .arg("count", count)
                        .arg("capacity", capacity),
                ),
            )]))
        }
        RemoveMemberOutcome::NotMember => Err(Failure::User(
            Text::new("circle-not-member").arg("name", name),
        )),
        RemoveMemberOutcome::Gone => Ok(Attempt::Gone),
    }
}

/// Circles shown per page of `circle list`: a page stays well within one
/// chat message (Discord allows 2000 characters) and one screen.
const PAGE_SIZE: i64 = 10;

pub(crate) async fn list(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let page = parsed.integer("page").unwrap_or(1);
    let (circles, total) = engine
        .store()
        .circles_page(ctx.community(), PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await?;
    if total == 0 {
        let create = command(engine, ctx, CommandId::CircleCreate);
        return reply(engine.say(ctx, &Text::new("circle-list-empty").arg("create", create)));
    }
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    if circles.is_empty() {
        return Err(Failure::User(
            Text::new("circle-list-no-page")
                .arg("page", page)
                .arg("pages", pages),
        ));
    }
    let i18n = engine.i18n();
    let header = if pages == 1 {
        Text::new("circle-list-header").arg("count", total)
    } else {
        Text::new("circle-list-header-page")
            .arg("count", total)
            .arg("page", page)
            .arg("pages", pages)
    };
    let mut text = i18n.render(ctx.locale, &header);
    let kinds: Vec<(&str, String)> = crate::catalogue::CIRCLE_KINDS
        .iter()
        .map(|kind| (*kind, choice_name(i18n, ctx.locale, "kind", kind)))
        .collect();
    for circle in &circles {
        let kind = kinds
            .iter()
            .find(|(k, _)| *k == circle.kind.as_str())
            .map_or(circle.kind.as_str(), |(_, name)| name.as_str());
        let line = Text::new("circle-list-line")
            .arg("name", bold_name(circle))
            .arg("count", circle.member_count)
            .arg("capacity", circle.capacity)
            .arg("kind", kind)
            .arg(
                "topic",
                circle
                    .topic
                    .as_deref()
                    .map(|t| format!(" — {}", escape_markdown(t)))
                    .unwrap_or_default(),
            );
        text.push_str("\n- ");
        text.push_str(i18n.render(ctx.locale, &line).trim_end());
    }
    if page < pages {
        text.push('\n');
        let next = format!(
            "{} {}",
            command(engine, ctx, CommandId::CircleList),
            page + 1
        );
        text.push_str(&i18n.render(ctx.locale, &Text::new("circle-list-more").arg("next", next)));
    }
    reply(Message::text(text))
}

pub(crate) async fn info(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("circle").unwrap_or_default();
    with_circle!(engine, ctx, raw, |circle| describe(engine, ctx, circle.id)
        .await)
}

pub(crate) async fn info_by_id(engine: &Engine, ctx: &Ctx<'_>, id: i64) -> Handled {
    with_circle_id!(engine, ctx, id, |circle| describe(engine, ctx, circle.id)
        .await)
}

async fn describe(engine: &Engine, ctx: &Ctx<'_>, circle_id: i64) -> Result<Attempt, Failure> {
    let Some((circle, members)) = engine.store().circle_with_members(circle_id).await? else {
        return Ok(Attempt::Gone);
    };
    let i18n = engine.i18n();
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("circle-info-header")
            .arg("name", bold_name(&circle))
            .arg(
                "kind",
                choice_name(i18n, ctx.locale, "kind", circle.kind.as_str()),
            )
            .arg("count", circle.member_count)
            .arg("capacity", circle.capacity),
    );
    if let Some(topic) = &circle.topic {
        text.push('\n');
        text.push_str(&i18n.render(
            ctx.locale,
            &Text::new("circle-info-topic").arg("topic", escape_markdown(topic)),
        ));
    }
    text.push('\n');
    if members.is_empty() {
        text.push_str(&i18n.t(ctx.locale, "circle-info-no-members"));
    } else {
        let listed = members
            .iter()
            .map(|m| {
                format!(
                    "{} ({})",
                    escape_markdown(&m.display_name),
                    role_name(engine, ctx, m.role.as_str())
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        text.push_str(&i18n.render(
            ctx.locale,
            &Text::new("circle-info-members").arg("members", listed),
        ));
    }
    text.push('\n');
    let created = crate::store::from_millis(circle.created_at);
    text.push_str(&i18n.render(
        ctx.locale,
        &Text::new("circle-info-created").arg("date", format_local_date(created, ctx.tz)),
    ));
    let is_member = members.iter().any(|m| m.user_id == ctx.user());
    let action = if is_member {
        (
            Action::CircleLeave {
                circle_id: circle.id,
            },
            "button-leave",
        )
    } else {
        (
            Action::CircleJoin {
                circle_id: circle.id,
            },
            "button-join",
        )
    };
    Ok(Attempt::Done(vec![Outgoing::reply(
        Message::text(text).with_component(button(engine, ctx, action.0, action.1)),
    )]))
}

/// Hosts' commands read the circle fresh: they are rare, and a permission
/// check deserves current data.
pub(crate) async fn add(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle = resolve_fresh(engine, ctx, parsed.text("circle").unwrap_or_default()).await?;
    require_host(engine, ctx, &circle).await?;
    let member = members::resolve(engine, ctx, parsed.text("member").unwrap_or_default()).await?;
    let role = parsed
        .choice("role")
        .and_then(Role::parse)
        .unwrap_or_else(|| circle.kind.default_role());
    let outcome = engine
        .store()
        .add_circle_member(&circle, &member.user_id, role, engine.now())
        .await?;
    let who = escape_markdown(&member.display_name);
    let name = bold_name(&circle);
    match outcome {
        AddMemberOutcome::Added { count, capacity } => reply(
            engine.say(
                ctx,
                &Text::new("circle-added")
                    .arg("member", who)
                    .arg("name", name)
                    .arg("role", role_name(engine, ctx, role.as_str()))
                    .arg("count", count)
                    .arg("capacity", capacity),
            ),
        ),
        AddMemberOutcome::AlreadyMember { role: current } if current != role => {
            engine
                .store()
                .set_circle_role(circle.id, &member.user_id, role)
                .await?;
            reply(
                engine.say(
                    ctx,
                    &Text::new("circle-role-changed")
                        .arg("member", who)
                        .arg("name", name)
                        .arg("role", role_name(engine, ctx, role.as_str())),
                ),
            )
        }
        AddMemberOutcome::AlreadyMember { role } => Err(Failure::User(
            Text::new("circle-member-already")
                .arg("member", who)
                .arg("name", name)
                .arg("role", role_name(engine, ctx, role.as_str())),
        )),
        AddMemberOutcome::Full => Err(Failure::User(
            Text::new("circle-full")
                .arg("name", name)
                .arg("capacity", circle.capacity),
        )),
        AddMemberOutcome::Gone => Err(gone()),
    }
}

pub(crate) async fn remove(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle = resolve_fresh(engine, ctx, parsed.text("circle").unwrap_or_default()).await?;
    require_host(engine, ctx, &circle).await?;
    let member = members::resolve(engine, ctx, parsed.text("member").unwrap_or_default()).await?;
    let who = escape_markdown(&member.display_name);
    let name = bold_name(&circle);
    match engine
        .store()
        .remove_circle_member(circle.id, &member.user_id)
        .await?
    {
        RemoveMemberOutcome::Removed { count, capacity } => reply(
            engine.say(
                ctx,
                &Text::new("circle-removed")
                    .arg("member", who)
                    .arg("name", name)
                    .arg("count", count)
                    .arg("capacity", capacity),
            ),
        ),
        RemoveMemberOutcome::NotMember => Err(Failure::User(
            Text::new("circle-member-not-in")
                .arg("member", who)
                .arg("name", name),
        )),
        RemoveMemberOutcome::Gone => Err(gone()),
    }
}

pub(crate) async fn host(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle = resolve_fresh(engine, ctx, parsed.text("circle").unwrap_or_default()).await?;
    require_host(engine, ctx, &circle).await?;
    let member = members::resolve(engine, ctx, parsed.text("member").unwrap_or_default()).await?;
    let who = escape_markdown(&member.display_name);
    let name = bold_name(&circle);
    let store = engine.store();
    let host = Role::Host;
    match store
        .add_circle_member(&circle, &member.user_id, host, engine.now())
        .await?
    {
        AddMemberOutcome::Added { .. } => {}
        AddMemberOutcome::AlreadyMember { role } if role == host => {
            return Err(Failure::User(
                Text::new("circle-already-host")
                    .arg("member", who)
                    .arg("name", name),
            ));
        }
        AddMemberOutcome::AlreadyMember { .. } => {
            store
                .set_circle_role(circle.id, &member.user_id, host)
                .await?;
        }
        AddMemberOutcome::Full => {
            return Err(Failure::User(
                Text::new("circle-full")
                    .arg("name", name)
                    .arg("capacity", circle.capacity),
            ));
        }
        AddMemberOutcome::Gone => return Err(gone()),
    }
    reply(
        engine.say(
            ctx,
            &Text::new("circle-host-set")
                .arg("member", who)
                .arg("name", name),
        ),
    )
}

pub(crate) async fn archive(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("circle").unwrap_or_default();
    let circle = resolve_fresh(engine, ctx, raw).await?;
    require_host(engine, ctx, &circle).await?;
    let archived = engine
        .store()
        .archive_circle(circle.id, engine.now())
        .await?;
    engine
        .circle_cache()
        .remove(&(ctx.community().to_owned(), name_key(raw)));
    if !archived {
        return Err(gone());
    }
    engine.store().cancel_nudge(circle.id).await?;
    reply(engine.say(
        ctx,
        &Text::new("circle-archived").arg("name", bold_name(&circle)),
    ))
}
