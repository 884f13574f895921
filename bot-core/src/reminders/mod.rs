//! Reminders: `remind me|here|circle|member`, `remind list|cancel|snooze|
//! pause|resume`, snooze buttons, and what the scheduler sends when one is due.

pub(crate) mod store;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::action::Action;
use crate::domain::circle;
use crate::engine::permissions::owns;
use crate::engine::reader::Reader;
use crate::engine::{Ctx, Engine, Failure, Handled, members};
use crate::i18n::{Locale, Text};
use crate::model::{ButtonStyle, Component, Message, Outgoing, Target, escape_markdown};
use crate::parser::Parsed;
use crate::recurrence::{Recurrence, Rule};
use crate::scheduler::{Firing, Prepared};
use crate::store::{JobRow, NewReminder, ReminderRow, from_millis};
use crate::store::{RecipientKind, ReminderState};
use crate::timezone::format_local;
use crate::when::{self, When};

pub const MAX_TEXT_CHARS: usize = 1000;
/// The snooze choices offered on every delivered reminder, in minutes.
const SNOOZES: [(u32, &str); 3] = [
    (10, "button-snooze-10m"),
    (60, "button-snooze-1h"),
    (24 * 60, "button-snooze-tomorrow"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum To {
    Me,
    Here,
    Circle,
    Member,
}

fn weekday_key(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "weekday-mon",
        chrono::Weekday::Tue => "weekday-tue",
        chrono::Weekday::Wed => "weekday-wed",
        chrono::Weekday::Thu => "weekday-thu",
        chrono::Weekday::Fri => "weekday-fri",
        chrono::Weekday::Sat => "weekday-sat",
        chrono::Weekday::Sun => "weekday-sun",
    }
}

/// "every Monday at 18:00 (Europe/Paris)", in `locale`.
pub(crate) fn describe_rule(engine: &Engine, locale: Locale, rec: &Recurrence, tz: Tz) -> String {
    let i18n = engine.i18n();
    let time = rec.time.format("%H:%M").to_string();
    let text = match rec.rule {
        Rule::Days { interval } => Text::new("rule-days").arg("n", interval),
        Rule::Weekdays => Text::new("rule-weekdays"),
        Rule::Weeks { interval, weekday } => Text::new("rule-weeks")
            .arg("n", interval)
            .arg("weekday", i18n.t(locale, weekday_key(weekday))),
        Rule::MonthlyNth { nth, weekday } => Text::new("rule-monthly")
            .arg("nth", i64::from(nth))
            .arg("weekday", i18n.t(locale, weekday_key(weekday))),
    };
    let rule = i18n.render(locale, &text.arg("time", time));
    format!("{rule} ({})", tz.name())
}

/// When a reminder fires, as its reader sees it.
fn schedule_text(engine: &Engine, ctx: &Ctx<'_>, row: &ReminderRow) -> String {
    let tz: Tz = row.timezone.parse().unwrap_or(Tz::UTC);
    let next = row.due_at.map(|due| format_local(from_millis(due), ctx.tz));
    match row
        .recurrence
        .as_deref()
        .and_then(|r| serde_json::from_str::<Recurrence>(r).ok())
    {
        Some(rec) => {
            let rule = describe_rule(engine, ctx.locale, &rec, tz);
            match next {
                Some(next) => engine.i18n().render(
                    ctx.locale,
                    &Text::new("remind-recurring-next")
                        .arg("rule", rule)
                        .arg("next", next),
                ),
                None => rule,
            }
        }
        None => next.unwrap_or_else(|| engine.i18n().t(ctx.locale, "remind-not-scheduled")),
    }
}

fn reply(message: Message) -> Handled {
    Ok(vec![Outgoing::reply(message)])
}

/// Refuses a new reminder past the member's or the community's limit.
async fn within_limits(engine: &Engine, ctx: &Ctx<'_>) -> Result<(), Failure> {
    let limits = engine.config().limits;
    let counts = engine
        .store()
        .reminder_counts(ctx.community(), ctx.user())
        .await?;
    crate::engine::Limits::check(
        counts,
        (limits.reminders_per_member, limits.reminders_per_community),
        ("limit-reminders-member", "limit-reminders-community"),
    )
}

pub(crate) async fn create(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed, to: To) -> Handled {
    let body = circle::clean_text(parsed.text("text").unwrap_or_default(), MAX_TEXT_CHARS)
        .map_err(|e| e.to_text("text"))?;
    let (when, words) = parsed.when("when").expect("required by the catalogue");
    let store = engine.store();
    let place = &ctx.input.place;
    let (kind, recipient_id, thread_id, circle_id, tz, who) = match to {
        To::Me => (
            RecipientKind::Member,
            ctx.user().to_owned(),
            None,
            None,
            ctx.tz,
            None,
        ),
        To::Here => (
            RecipientKind::Channel,
            place.channel_id.clone(),
            place.thread_id.clone(),
            None,
            ctx.tz,
            None,
        ),
        To::Circle => {
            let raw = parsed.text("circle").unwrap_or_default();
            let found = crate::circles::resolve_fresh(engine, ctx, raw).await?;
            crate::engine::permissions::require_host(engine, ctx, &found).await?;
            (
                RecipientKind::Channel,
                place.channel_id.clone(),
                place.thread_id.clone(),
                Some(found.id),
                ctx.tz,
                Some(escape_markdown(&found.name)),
            )
        }
        To::Member => {
            let member =
                members::resolve(engine, ctx, parsed.text("member").unwrap_or_default()).await?;
            // Times are read in the recipient's own zone.
            let known = store
                .member_context(ctx.community(), &member.user_id)
                .await?
                .unwrap_or_default();
            let tz = Reader::of_member(engine.config(), &known).tz;
            (
                RecipientKind::Member,
                member.user_id,
                None,
                None,
                tz,
                Some(escape_markdown(&member.display_name)),
            )
        }
    };
    let when = if tz == ctx.tz {
        when.clone()
    } else {
        when::parse_in(words, ctx.now, tz, Some(ctx.locale))
            .map(|(w, _)| w)
            .map_err(|error| {
                Failure::User(
                    crate::parser::ParseError::When {
                        error,
                        got: words.to_owned(),
                        tz,
                    }
                    .to_text(engine.i18n(), ctx.locale),
                )
            })?
    };
    let (first_due, recurrence) = match &when {
        When::Once(at) => (*at, None),
        When::Every(rec) => match rec.next_after(ctx.now, tz) {
            Some(next) => (
                next,
                Some(serde_json::to_string(rec).expect("serializable")),
            ),
            None => return Err(Failure::User(Text::new("when-too-far"))),
        },
    };
    within_limits(engine, ctx).await?;
    let id = store
        .create_reminder(&NewReminder {
            community_id: ctx.community(),
            creator_id: ctx.user(),
            recipient_kind: kind,
            recipient_id: &recipient_id,
            thread_id: thread_id.as_deref(),
            circle_id,
            body: &body,
            recurrence: recurrence.as_deref(),
            timezone: tz.name(),
            created_at: ctx.now,
            first_due,
            // A personal reminder falls back to where it was set.
            origin_channel: (to == To::Me).then_some(place.channel_id.as_str()),
        })
        .await?;
    engine.wake_scheduler();
    let at = match &when {
        When::Once(at) => format_local(*at, ctx.tz),
        When::Every(rec) => engine.i18n().render(
            ctx.locale,
            &Text::new("remind-recurring-next")
                .arg("rule", describe_rule(engine, ctx.locale, rec, tz))
                .arg("next", format_local(first_due, ctx.tz)),
        ),
    };
    let key = match to {
        To::Me => "remind-set-me",
        To::Here => "remind-set-here",
        To::Circle => "remind-set-circle",
        To::Member => "remind-set-member",
    };
    let text = Text::new(key)
        .arg("id", id)
        .arg("at", at)
        .arg("text", escape_markdown(&body))
        .arg("who", who.unwrap_or_default());
    let message = engine.say(ctx, &text);
    reply(if to == To::Me {
        message.private()
    } else {
        message
    })
}

/// `#12`, `12` or `r12` → 12.
fn reminder_id(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let digits = raw.trim_start_matches(['#', 'r', 'R']);
    digits.parse().ok().filter(|id| *id > 0)
}

/// A reminder the speaker may act on: theirs, addressed to them, or (for
/// admins) any in this community. Others are "not found", never "forbidden",
/// so reminders cannot be probed.
async fn owned(engine: &Engine, ctx: &Ctx<'_>, raw: &str) -> Result<ReminderRow, Failure> {
    let not_found = || Failure::User(Text::new("remind-unknown").arg("id", raw.trim()));
    let id = reminder_id(raw).ok_or_else(not_found)?;
    let row = engine.store().reminder(id).await?.ok_or_else(not_found)?;
    let mine = owns(ctx, &row.creator_id) || row.recipient_id == ctx.user();
    if row.community_id != ctx.community()
        || !mine
        || matches!(row.state, ReminderState::Done | ReminderState::Cancelled)
    {
        return Err(not_found());
    }
    Ok(row)
}

pub(crate) async fn list(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let rows = engine
        .store()
        .reminders_of(ctx.community(), ctx.user())
        .await?;
    let i18n = engine.i18n();
    if rows.is_empty() {
        return reply(engine.say(ctx, &Text::new("remind-list-empty")).private());
    }
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("remind-list-header").arg("count", rows.len()),
    );
    for row in &rows {
        let line = Text::new("remind-list-line")
            .arg("id", row.id)
            .arg("when", schedule_text(engine, ctx, row))
            .arg("text", escape_markdown(&row.body))
            .arg(
                "paused",
                if row.state == ReminderState::Paused {
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

pub(crate) async fn cancel(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let row = owned(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    engine
        .store()
        .set_reminder_state(row.id, ReminderState::Cancelled, None, ctx.now)
        .await?;
    engine.wake_scheduler();
    reply(
        engine
            .say(
                ctx,
                &Text::new("remind-cancelled")
                    .arg("id", row.id)
                    .arg("text", escape_markdown(&row.body)),
            )
            .private(),
    )
}

pub(crate) async fn pause(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let row = owned(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if row.recurrence.is_none() {
        return Err(Failure::User(
            Text::new("remind-pause-one-off").arg("id", row.id),
        ));
    }
    if row.state == ReminderState::Paused {
        return Err(Failure::User(
            Text::new("remind-already-paused").arg("id", row.id),
        ));
    }
    engine
        .store()
        .set_reminder_state(row.id, ReminderState::Paused, None, ctx.now)
        .await?;
    engine.wake_scheduler();
    reply(
        engine
            .say(ctx, &Text::new("remind-paused").arg("id", row.id))
            .private(),
    )
}

pub(crate) async fn resume(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let row = owned(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    let rec = row
        .recurrence
        .as_deref()
        .and_then(|r| serde_json::from_str::<Recurrence>(r).ok());
    let (Some(rec), ReminderState::Paused) = (rec, row.state) else {
        return Err(Failure::User(
            Text::new("remind-not-paused").arg("id", row.id),
        ));
    };
    let tz: Tz = row.timezone.parse().unwrap_or(Tz::UTC);
    let next = rec
        .next_after(ctx.now, tz)
        .ok_or_else(|| Failure::User(Text::new("when-too-far")))?;
    engine
        .store()
        .set_reminder_state(row.id, ReminderState::Active, Some(next), ctx.now)
        .await?;
    engine.wake_scheduler();
    let text = Text::new("remind-resumed")
        .arg("id", row.id)
        .arg("next", format_local(next, ctx.tz));
    reply(engine.say(ctx, &text).private())
}

pub(crate) async fn snooze(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let raw = parsed.text("id").unwrap_or_default();
    let seconds = parsed
        .duration("duration")
        .expect("required by the catalogue");
    snooze_for(engine, ctx, raw, Duration::seconds(seconds)).await
}

pub(crate) async fn snooze_button(
    engine: &Engine,
    ctx: &Ctx<'_>,
    reminder_id: i64,
    minutes: u32,
) -> Handled {
    snooze_for(
        engine,
        ctx,
        &reminder_id.to_string(),
        Duration::minutes(i64::from(minutes)),
    )
    .await
}

/// Reminds the speaker of a reminder's text again after `delay`, as a new
/// one-off reminder (a recurring one keeps its own schedule). A delivered
/// one-off can be snoozed too.
async fn snooze_for(engine: &Engine, ctx: &Ctx<'_>, raw: &str, delay: Duration) -> Handled {
    let not_found = || Failure::User(Text::new("remind-unknown").arg("id", raw.trim()));
    let id = reminder_id(raw).ok_or_else(not_found)?;
    let row = engine.store().reminder(id).await?.ok_or_else(not_found)?;
    let mine = owns(ctx, &row.creator_id) || row.recipient_id == ctx.user();
    // A channel's reminder is snoozed by those who saw it: from its channel.
    let place = &ctx.input.place;
    let addressed_here = row.recipient_kind == RecipientKind::Channel
        && row.recipient_id == place.channel_id
        && (row.thread_id.is_none() || row.thread_id == place.thread_id);
    if row.community_id != ctx.community()
        || !(mine || addressed_here)
        || row.state == ReminderState::Cancelled
    {
        return Err(not_found());
    }
    within_limits(engine, ctx).await?;
    let due = ctx.now + delay;
    let new_id = engine
        .store()
        .create_reminder(&NewReminder {
            community_id: ctx.community(),
            creator_id: ctx.user(),
            recipient_kind: RecipientKind::Member,
            recipient_id: ctx.user(),
            thread_id: None,
            circle_id: row.circle_id,
            body: &row.body,
            recurrence: None,
            timezone: ctx.tz.name(),
            created_at: ctx.now,
            first_due: due,
            origin_channel: Some(ctx.input.place.channel_id.as_str()),
        })
        .await?;
    engine.wake_scheduler();
    let text = Text::new("remind-snoozed")
        .arg("id", new_id)
        .arg("at", format_local(due, ctx.tz));
    reply(engine.say(ctx, &text).private())
}

impl Engine {
    /// Builds what a due reminder job sends, in its recipient's language.
    /// A reminder's due occurrence.
    pub(crate) async fn prepare_reminder(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
        lateness: Duration,
    ) -> Result<Prepared, crate::store::StoreError> {
        let store = self.store();
        let Some(row) = store.reminder(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        if row.state != ReminderState::Active {
            return Ok(Prepared::Skip);
        }
        // A circle's reminders end with the circle.
        if let Some(circle_id) = row.circle_id
            && store
                .circle_by_id(circle_id)
                .await?
                .is_none_or(|c| c.archived_at.is_some())
        {
            return Ok(Prepared::Skip);
        }
        let known = match row.recipient_kind {
            RecipientKind::Member => {
                store
                    .member_context(&row.community_id, &row.recipient_id)
                    .await?
            }
            _ => store.member_context(&row.community_id, "").await?,
        }
        .unwrap_or_default();
        let Reader {
            locale,
            tz: reader_tz,
        } = Reader::of_member(self.config(), &known);
        if row.recipient_kind == RecipientKind::Member
            && let Some(person) = store
                .recipient(&row.community_id, &row.recipient_id)
                .await?
            && let Some(until) = crate::engine::reader::quiet_until(&person, now, reader_tz)
        {
            return Ok(Prepared::Postpone(until));
        }
        let i18n = self.i18n();
        let from = if row.creator_id == row.recipient_id {
            None
        } else {
            store
                .member(&row.community_id, &row.creator_id)
                .await?
                .map(|m| escape_markdown(&m.display_name))
        };
        let body = escape_markdown(&row.body);
        let mut text = match &from {
            Some(from) => i18n.render(
                locale,
                &Text::new("remind-fire-from")
                    .arg("from", from.as_str())
                    .arg("text", body.as_str()),
            ),
            None => i18n.render(locale, &Text::new("remind-fire").arg("text", body.as_str())),
        };
        if lateness > Duration::minutes(1) {
            text.push('\n');
            text.push_str(&i18n.render(
                locale,
                &Text::new("remind-late").arg("minutes", lateness.num_minutes()),
            ));
        }
        let recipient = match row.recipient_kind {
            RecipientKind::Member => Target::Direct {
                community_id: row.community_id.clone(),
                user_id: row.recipient_id.clone(),
                fallback_channel: row.origin_channel.clone(),
            },
            _ => match &row.thread_id {
                Some(thread) => Target::Thread {
                    community_id: row.community_id.clone(),
                    channel_id: row.recipient_id.clone(),
                    thread_id: thread.clone(),
                },
                None => Target::Channel {
                    community_id: row.community_id.clone(),
                    channel_id: row.recipient_id.clone(),
                },
            },
        };
        let mut message = Message::text(text);
        for (minutes, key) in SNOOZES {
            message = message.with_component(Component::Button {
                action: Action::ReminderSnooze {
                    reminder_id: row.id,
                    minutes,
                },
                label: i18n.t(locale, key),
                style: ButtonStyle::Secondary,
            });
        }
        let tz: Tz = row.timezone.parse().unwrap_or(Tz::UTC);
        let due = from_millis(job.first_due);
        let next = row
            .recurrence
            .as_deref()
            .and_then(|r| serde_json::from_str::<Recurrence>(r).ok())
            .and_then(|rec| rec.next_after(now.max(due), tz));
        let summary_line = i18n.render(
            locale,
            &Text::new("remind-missed-line")
                .arg("at", format_local(due, reader_tz))
                .arg("text", body.as_str()),
        );
        Ok(Prepared::Fire(Firing {
            outgoing: vec![Outgoing {
                target: recipient.clone(),
                message,
                idempotency_key: Some(
                    crate::keys::MessageKey::Reminder {
                        job: job.id,
                        occurrence: job.occurrence,
                    }
                    .encode(),
                ),
                replaces: None,
            }],
            next,
            recipient,
            locale,
            summary_line,
            advance: 1,
            summarize: true,
            partial: false,
        }))
    }

    /// One message listing what a recipient missed while the bot was down.
    pub(crate) fn missed_summary(
        &self,
        target: Target,
        locale: Locale,
        lines: &[String],
        key: String,
    ) -> Outgoing {
        let i18n = self.i18n();
        let mut text = i18n.render(
            locale,
            &Text::new("remind-missed-header").arg("count", lines.len()),
        );
        for line in lines {
            text.push_str("\n- ");
            text.push_str(line);
        }
        Outgoing {
            target,
            message: Message::text(text),
            idempotency_key: Some(key),
            replaces: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reminder_id;

    #[test]
    fn reminder_ids_are_read_leniently() {
        assert_eq!(reminder_id("#12"), Some(12));
        assert_eq!(reminder_id("12"), Some(12));
        assert_eq!(reminder_id(" r7 "), Some(7));
        assert_eq!(reminder_id("#0"), None);
        assert_eq!(reminder_id("twelve"), None);
    }
}
