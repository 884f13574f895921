//! Check-ins, goals, availability (away, quiet hours) and circle nudges.

pub(crate) mod store;

use chrono::{DateTime, Duration, Utc};

use crate::action::Action;
use crate::domain::circle::{self, RecipientRole, Role, name_key};
pub use crate::engine::reader::parse_quiet_hours;
use crate::engine::reader::{Reader, is_away, quiet_until};
use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::{Locale, Text};
use crate::model::{ButtonStyle, Component, Message, Outgoing, Prompt, Target, escape_markdown};
use crate::parser::Parsed;
use crate::scheduler::{Firing, Prepared};
use crate::store::{CircleRow, DEFAULT_NUDGE_DAYS, JobRow, Recipient, from_millis};
use crate::timezone::{format_local, format_local_date};
use crate::when::When;

pub const MAX_NOTE_CHARS: usize = 2000;

fn reply(message: Message) -> Handled {
    Ok(vec![Outgoing::reply(message)])
}

pub(crate) async fn checkin(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let store = engine.store();
    let first = parsed.text("circle").unwrap_or_default();
    let rest = parsed.text("note").unwrap_or_default();
    // The longest run of leading words that names a circle is the circle
    // (names may have spaces: `checkin Rust beginners met today`); without
    // one, the whole text is a personal note.
    let words: Vec<&str> = first
        .split_whitespace()
        .chain(rest.split_whitespace())
        .collect();
    let names = store.circle_names(ctx.community()).await?;
    let keys: Vec<String> = names.iter().map(|n| name_key(n)).collect();
    let taken = (1..=words.len().min(12))
        .rev()
        .find(|&k| keys.contains(&name_key(&words[..k].join(" "))))
        .unwrap_or(0);
    let circle = match taken {
        0 => None,
        k => {
            store
                .circle_by_name(ctx.community(), &name_key(&words[..k].join(" ")))
                .await?
        }
    };
    let note = match words[taken..].join(" ").trim() {
        "" => None,
        text => Some(circle::clean_text(text, MAX_NOTE_CHARS).map_err(|e| e.to_text("note"))?),
    };
    if circle.is_none() && note.is_none() {
        return Err(Failure::User(Text::new("checkin-empty")));
    }
    record(engine, ctx, circle.as_ref(), note.as_deref()).await
}

/// Logs a check-in (a circle's, or a personal note) and restarts the
/// circle's nudge clock.
async fn record(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle: Option<&CircleRow>,
    note: Option<&str>,
) -> Handled {
    let store = engine.store();
    // Only the circle's own people (or an admin) restart its nudge clock.
    if let Some(c) = circle
        && !crate::engine::permissions::belongs(engine, ctx, c.id).await?
    {
        return Err(Failure::User(
            Text::new("checkin-not-member").arg("name", escape_markdown(&c.name)),
        ));
    }
    let days = match &circle {
        Some(c) => store
            .nudge_settings(c.id)
            .await?
            .map_or(DEFAULT_NUDGE_DAYS, |s| s.0),
        None => DEFAULT_NUDGE_DAYS,
    };
    let next = ctx.now + Duration::days(days);
    let id = store
        .record_checkin(
            ctx.community(),
            circle.map(|c| c.id),
            ctx.user(),
            note,
            ctx.now,
            next,
        )
        .await?;
    if let Some(c) = circle {
        // A meeting: its people are asked how it went (each direction).
        crate::pulses::after_meeting(engine, c.id, ctx.now).await?;
    }
    engine.wake_scheduler();
    let text = match circle {
        Some(c) => Text::new("checkin-circle")
            .arg("id", id)
            .arg("name", escape_markdown(&c.name))
            .arg("next", format_local_date(next, ctx.tz)),
        None => Text::new("checkin-personal").arg("id", id),
    };
    reply(engine.say(ctx, &text))
}

/// How to check in for `circle`, as the reader types it (`!mentor checkin Rust`).
fn checkin_command(engine: &Engine, locale: Locale, circle: &str) -> String {
    format!(
        "{} {} {circle}",
        engine.config().command_prefix,
        crate::catalogue::segment_name(engine.i18n(), locale, "checkin"),
    )
}

/// The circle a check-in button names, if it still exists.
async fn live_circle(engine: &Engine, circle_id: i64, ctx: &Ctx<'_>) -> Result<CircleRow, Failure> {
    match engine.store().circle_by_id(circle_id).await? {
        Some(c) if c.archived_at.is_none() && c.community_id == ctx.community() => Ok(c),
        _ => Err(Failure::User(Text::new("action-unknown"))),
    }
}

/// A nudge's "Check in" button: asks for the note (a form where the
/// platform has one; the text says how to answer with a command otherwise).
pub(crate) async fn prompt(engine: &Engine, ctx: &Ctx<'_>, circle_id: i64) -> Handled {
    let found = live_circle(engine, circle_id, ctx).await?;
    let i18n = engine.i18n();
    let command = format!("{} …", checkin_command(engine, ctx.locale, &found.name));
    let mut message = engine
        .say(
            ctx,
            &Text::new("checkin-prompt-text")
                .arg("name", escape_markdown(&found.name))
                .arg("checkin", command),
        )
        .private();
    let title = i18n.render(
        ctx.locale,
        &Text::new("checkin-prompt-title").arg("name", found.name.as_str()),
    );
    message.prompt = Some(Prompt {
        action: Action::CheckinNote { circle_id },
        title,
        label: i18n.t(ctx.locale, "checkin-prompt-label"),
        max_chars: MAX_NOTE_CHARS as u16,
    });
    reply(message)
}

/// The note typed in answer to [`prompt`].
pub(crate) async fn note(
    engine: &Engine,
    ctx: &Ctx<'_>,
    circle_id: i64,
    text: Option<&str>,
) -> Handled {
    let found = live_circle(engine, circle_id, ctx).await?;
    let note = match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => {
            Some(circle::clean_text(text, MAX_NOTE_CHARS).map_err(|e| e.to_text("note"))?)
        }
        None => None,
    };
    record(engine, ctx, Some(&found), note.as_deref()).await
}

pub(crate) async fn goal_set(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let body = circle::clean_text(parsed.text("goal").unwrap_or_default(), 500)
        .map_err(|e| e.to_text("goal"))?;
    let id = engine
        .store()
        .add_goal(ctx.community(), ctx.user(), &body, ctx.now)
        .await?;
    let text = Text::new("goal-set")
        .arg("id", id)
        .arg("text", escape_markdown(&body));
    reply(engine.say(ctx, &text).private())
}

pub(crate) async fn goal_list(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let goals = engine.store().goals(ctx.community(), ctx.user()).await?;
    if goals.is_empty() {
        return reply(engine.say(ctx, &Text::new("goal-list-empty")).private());
    }
    let i18n = engine.i18n();
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("goal-list-header").arg("count", goals.len()),
    );
    for goal in &goals {
        let line = Text::new("goal-line")
            .arg("id", goal.id)
            .arg("text", escape_markdown(&goal.body))
            .arg(
                "done",
                if goal.state == crate::store::GoalState::Done {
                    "yes"
                } else {
                    "no"
                },
            );
        text.push_str("\n- ");
        text.push_str(&i18n.render(ctx.locale, &line));
    }
    reply(Message::text(text).private())
}

pub(crate) async fn goal_done(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("id").unwrap_or_default().trim();
    let unknown = || Failure::User(Text::new("goal-unknown").arg("id", raw));
    let id: i64 = raw.trim_start_matches('#').parse().map_err(|_| unknown())?;
    let body = engine
        .store()
        .complete_goal(ctx.community(), ctx.user(), id, ctx.now)
        .await?
        .ok_or_else(unknown)?;
    let text = Text::new("goal-done")
        .arg("id", id)
        .arg("text", escape_markdown(&body));
    reply(engine.say(ctx, &text).private())
}

/// The circle a command names, if the speaker hosts it or is an admin.
async fn hosted_circle(
    engine: &Engine,
    ctx: &Ctx<'_>,
    parsed: &Parsed,
) -> Result<CircleRow, Failure> {
    let raw = parsed.text("circle").unwrap_or_default();
    let found = crate::circles::resolve_fresh(engine, ctx, raw).await?;
    crate::engine::permissions::require_host(engine, ctx, &found).await?;
    Ok(found)
}

pub(crate) async fn circle_nudge(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let store = engine.store();
    let found = hosted_circle(engine, ctx, parsed).await?;
    let days = parsed.integer("days").expect("required by the catalogue");
    store.set_nudge_days(found.id, days).await?;
    let last = store
        .nudge_settings(found.id)
        .await?
        .and_then(|s| s.1)
        .unwrap_or(found.created_at);
    let due = (from_millis(last) + Duration::days(days)).max(ctx.now);
    store.schedule_nudge(found.id, due, ctx.now).await?;
    engine.wake_scheduler();
    let text = Text::new("nudge-set")
        .arg("name", escape_markdown(&found.name))
        .arg("days", days)
        .arg("next", format_local_date(due, ctx.tz));
    reply(engine.say(ctx, &text))
}

/// The circle's discussion thread: the key adapters know it by.
pub(crate) fn thread_target(found: &CircleRow, channel: &str) -> Target {
    Target::NamedThread {
        community_id: found.community_id.clone(),
        channel_id: channel.to_owned(),
        key: format!("circle-{}", found.id),
        title: found.name.clone(),
    }
}

/// `circle thread <circle>`: opens (or reopens) the circle's discussion
/// thread in its place; from then on its nudges go there.
pub(crate) async fn circle_thread(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let store = engine.store();
    let found = hosted_circle(engine, ctx, parsed).await?;
    let channel = match store.nudge_settings(found.id).await?.and_then(|s| s.2) {
        Some(channel) => channel,
        None => {
            let here = ctx.input.place.channel_id.clone();
            store.set_circle_channel(found.id, &here).await?;
            here
        }
    };
    store.set_circle_thread(found.id, true).await?;
    let name = escape_markdown(&found.name);
    let checkin = checkin_command(engine, ctx.locale, &found.name);
    let welcome = Outgoing {
        target: thread_target(&found, &channel),
        message: engine.say(
            ctx,
            &Text::new("circle-thread-welcome")
                .arg("name", name.as_str())
                .arg("checkin", checkin),
        ),
        idempotency_key: None,
        replaces: None,
    };
    let mut out = reply(engine.say(
        ctx,
        &Text::new("circle-thread-opened").arg("name", name.as_str()),
    ))?;
    out.push(welcome);
    Ok(out)
}

pub(crate) async fn away(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let (when, _) = parsed.when("until").expect("required by the catalogue");
    let When::Once(until) = when else {
        return Err(Failure::User(Text::new("away-not-recurring")));
    };
    engine
        .store()
        .set_away(ctx.community(), ctx.user(), Some(*until))
        .await?;
    let text = Text::new("away-set").arg("until", format_local(*until, ctx.tz));
    reply(engine.say(ctx, &text).private())
}

pub(crate) async fn back(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    engine
        .store()
        .set_away(ctx.community(), ctx.user(), None)
        .await?;
    reply(engine.say(ctx, &Text::new("away-cleared")).private())
}

pub(crate) async fn quiet_hours(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("hours").unwrap_or_default().trim();
    if matches!(
        raw.to_lowercase().as_str(),
        "off" | "none" | "aucune" | "non" | "uit" | "geen"
    ) {
        engine
            .store()
            .set_quiet_hours(ctx.community(), ctx.user(), None)
            .await?;
        return reply(engine.say(ctx, &Text::new("quiet-cleared")).private());
    }
    let Some((start, end)) = parse_quiet_hours(raw) else {
        return Err(Failure::User(Text::new("quiet-invalid").arg("got", raw)));
    };
    let stored = format!("{}-{}", start.format("%H:%M"), end.format("%H:%M"));
    engine
        .store()
        .set_quiet_hours(ctx.community(), ctx.user(), Some(&stored))
        .await?;
    let text = Text::new("quiet-set")
        .arg("hours", stored)
        .arg("timezone", ctx.tz.name());
    reply(engine.say(ctx, &text).private())
}

impl Engine {
    /// What a circle's nudge says at the current step of its ladder:
    /// 0 in the circle's place, 1 its hosts by DM, 2 the admins by DM.
    pub(crate) async fn prepare_nudge(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
    ) -> Result<Prepared, crate::store::StoreError> {
        let store = self.store();
        let Some(found) = store.circle_by_id(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        if found.archived_at.is_some() {
            return Ok(Prepared::Skip);
        }
        let (days, last, channel) =
            store
                .nudge_settings(found.id)
                .await?
                .unwrap_or((DEFAULT_NUDGE_DAYS, None, None));
        let members = store.circle_recipients(found.id).await?;
        let config = self.config();
        // Nobody away is nudged: a circle whose members are all away waits.
        if !members.is_empty() && members.iter().all(|m| is_away(m, now)) {
            let back = members
                .iter()
                .filter_map(|m| m.away_until)
                .min()
                .map(from_millis);
            return Ok(Prepared::Postpone(back.unwrap_or(now + Duration::days(1))));
        }
        let community = store.community(&found.community_id).await?;
        let place = Reader::of_community(config, community.as_ref());
        let (community_locale, community_tz) = (place.locale, place.tz);
        let quiet_days = (now - from_millis(last.unwrap_or(found.created_at)))
            .num_days()
            .max(days);
        let name = escape_markdown(&found.name);
        let i18n = self.i18n();
        let checkin_command = checkin_command(self, community_locale, &found.name);
        let mut stage = job.step;
        let hosts: Vec<Recipient> = members
            .iter()
            .filter(|m| m.role == RecipientRole::Circle(Role::Host) && !is_away(m, now))
            .cloned()
            .collect();
        if stage == 0 && channel.is_none() {
            stage = 1;
        }
        if stage == 1 && hosts.is_empty() {
            stage = 2;
        }
        // Keyed by recipient, not position: the list is read again on a
        // retry and may have changed, and sends are remembered by key.
        let key = |who: &str| {
            crate::keys::MessageKey::Nudge {
                job: job.id,
                occurrence: job.occurrence,
                who: who.to_owned(),
            }
            .encode()
        };
        let (outgoing, recipients): (Vec<Outgoing>, Vec<Recipient>) = match stage {
            0 => {
                let text = i18n.render(
                    community_locale,
                    &Text::new("nudge-circle")
                        .arg("name", name.as_str())
                        .arg("days", quiet_days)
                        .arg("checkin", checkin_command.as_str()),
                );
                let channel = channel.clone().unwrap_or_default();
                let target = if store.circle_thread(found.id).await? {
                    thread_target(&found, &channel)
                } else {
                    Target::Channel {
                        community_id: found.community_id.clone(),
                        channel_id: channel,
                    }
                };
                let button = Component::Button {
                    action: Action::CheckinPrompt {
                        circle_id: found.id,
                    },
                    label: i18n.t(community_locale, "button-checkin"),
                    style: ButtonStyle::Primary,
                };
                (
                    vec![Outgoing {
                        target,
                        message: Message::text(text).with_component(button),
                        idempotency_key: Some(key("place")),
                        replaces: None,
                    }],
                    Vec::new(),
                )
            }
            _ => {
                let people = if stage == 1 {
                    hosts
                } else {
                    store
                        .admin_recipients(&found.community_id)
                        .await?
                        .into_iter()
                        .filter(|a| !is_away(a, now))
                        .collect()
                };
                let key_name = if stage == 1 {
                    "nudge-host"
                } else {
                    "nudge-admin"
                };
                let out = people
                    .iter()
                    .map(|person| {
                        let locale = Reader::of_recipient(person, place).locale;
                        let text = i18n.render(
                            locale,
                            &Text::new(key_name)
                                .arg("name", name.as_str())
                                .arg("days", quiet_days),
                        );
                        Outgoing {
                            target: Target::Direct {
                                community_id: found.community_id.clone(),
                                user_id: person.user_id.clone(),
                                fallback_channel: channel.clone(),
                            },
                            message: Message::text(text),
                            idempotency_key: Some(key(&person.user_id)),
                            replaces: None,
                        }
                    })
                    .collect();
                (out, people)
            }
        };
        // Nothing reaches anyone inside their quiet hours: wait for the last to end.
        if let Some(until) = recipients
            .iter()
            .filter_map(|r| quiet_until(r, now, community_tz))
            .max()
        {
            return Ok(Prepared::Postpone(until));
        }
        let next = match stage {
            0 => Some(now + config.nudge_host_after),
            1 => Some(now + config.nudge_admins_after),
            _ => None,
        };
        Ok(Prepared::Fire(Firing {
            outgoing,
            next,
            recipient: Target::Channel {
                community_id: found.community_id.clone(),
                channel_id: channel.unwrap_or_default(),
            },
            locale: community_locale,
            summary_line: i18n.render(
                community_locale,
                &Text::new("nudge-circle")
                    .arg("name", name.as_str())
                    .arg("days", quiet_days)
                    .arg("checkin", checkin_command.as_str()),
            ),
            advance: stage - job.step + 1,
            summarize: true,
            partial: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone};
    use chrono_tz::Tz;

    use super::*;

    fn recipient(quiet: &str, tz: &str) -> Recipient {
        Recipient {
            user_id: "u".into(),
            display_name: "U".into(),
            locale: None,
            timezone: Some(tz.into()),
            away_until: None,
            quiet_hours: Some(quiet.into()),
            role: RecipientRole::Circle(Role::Mentee),
        }
    }

    #[test]
    fn quiet_hours_parse_and_wrap_past_midnight() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_quiet_hours("22:00-08:00"), Some((t(22, 0), t(8, 0))));
        assert_eq!(parse_quiet_hours("22h - 7h30"), Some((t(22, 0), t(7, 30))));
        assert_eq!(parse_quiet_hours("13:00-14:00"), Some((t(13, 0), t(14, 0))));
        assert_eq!(parse_quiet_hours("10:00-10:00"), None);
        assert_eq!(parse_quiet_hours("late"), None);
        assert_eq!(parse_quiet_hours("25:00-08:00"), None);

        let paris = recipient("22:00-08:00", "Europe/Paris");
        // 23:30 in Paris (22:30 UTC): quiet until 08:00 the next morning.
        let night = Utc.with_ymd_and_hms(2026, 11, 23, 22, 30, 0).unwrap();
        assert_eq!(
            quiet_until(&paris, night, Tz::UTC),
            Some(Utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).unwrap())
        );
        // 06:00 in Paris: quiet until 08:00 the same day.
        let early = Utc.with_ymd_and_hms(2026, 11, 24, 5, 0, 0).unwrap();
        assert_eq!(
            quiet_until(&paris, early, Tz::UTC),
            Some(Utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).unwrap())
        );
        let noon = Utc.with_ymd_and_hms(2026, 11, 24, 11, 0, 0).unwrap();
        assert_eq!(quiet_until(&paris, noon, Tz::UTC), None);
    }

    /// 22:00–02:30 in Paris on 2026-10-25: 02:30 reads twice (00:30 and
    /// 01:30 UTC). During the second pass the end still ahead is 01:30 UTC.
    #[test]
    fn quiet_hours_ending_in_the_autumn_fold_end_ahead() {
        let paris = recipient("22:00-02:30", "Europe/Paris");
        // 02:10 CEST, the first pass: ends at the first 02:30.
        let first = Utc.with_ymd_and_hms(2026, 10, 25, 0, 10, 0).unwrap();
        assert_eq!(
            quiet_until(&paris, first, Tz::UTC),
            Some(Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap())
        );
        // 02:10 CET, the second pass.
        let second = Utc.with_ymd_and_hms(2026, 10, 25, 1, 10, 0).unwrap();
        let until = quiet_until(&paris, second, Tz::UTC).expect("still quiet");
        assert_eq!(until, Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap());
        for minute in 0..240 {
            let now =
                Utc.with_ymd_and_hms(2026, 10, 24, 22, 0, 0).unwrap() + Duration::minutes(minute);
            if let Some(until) = quiet_until(&paris, now, Tz::UTC) {
                assert!(until > now, "{now}: {until}");
            }
        }
    }
}
