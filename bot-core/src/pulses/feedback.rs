//! Two-way feedback after a circle meets (a check-in, or a round that
//! ended): its mentees and peers are asked about the session, its mentors
//! and hosts about their mentees' progress. Each is a pulse of the circle's
//! own (anonymous, k = 3), run once per meeting. A mentor reads what was
//! said of the sessions they led once k people said it; hosts read their
//! circle's.

use chrono::{DateTime, Duration, Utc};

use super::seal::Answers;
use super::store::{NewPulse, PulseRow};
use super::{MIN_K, results, tally, templates};
use crate::engine::permissions::require_host;
use crate::engine::reader::Reader;
use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::Text;
use crate::model::{Message, Outgoing, escape_markdown};
use crate::parser::Parsed;
use crate::store::{StoreError, from_millis};

/// The two directions: (kind, template, title key).
const KINDS: [(&str, &str, &str); 2] = [
    ("session", "session-feedback", "feedback-title-session"),
    ("progress", "mentee-progress", "feedback-title-progress"),
];
/// A second meeting this soon after the last asks nothing new.
const QUIET_HOURS: i64 = 12;
/// How long each feedback run stays open, and its reminder.
const OPEN_HOURS: i64 = 72;
const REMIND_HOURS: i64 = 24;
/// What `feedback mine` looks back over.
const MINE_DAYS: i64 = 90;

/// After circle `circle_id` met: open a feedback run in each direction,
/// unless feedback is off for it or it was asked less than
/// [`QUIET_HOURS`] ago.
pub(crate) async fn after_meeting(
    engine: &Engine,
    circle_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let store = engine.store();
    let Some(circle) = store.circle_by_id(circle_id).await? else {
        return Ok(());
    };
    if circle.archived_at.is_some() || !store.circle_feedback(circle_id).await? {
        return Ok(());
    }
    let community = store.community(&circle.community_id).await?;
    let reader = Reader::of_community(engine.config(), community.as_ref());
    let channel = store
        .nudge_settings(circle_id)
        .await?
        .and_then(|s| s.2)
        .unwrap_or_default();
    let mut armed = false;
    for (kind, template, title) in KINDS {
        let pulse = match store.feedback_pulse(circle_id, kind).await? {
            Some(pulse) => pulse,
            None => {
                let title = engine.i18n().render(
                    reader.locale,
                    &Text::new(title).arg("circle", circle.name.as_str()),
                );
                let questions = templates::stored(template);
                let id = store
                    .create_feedback_pulse(
                        &NewPulse {
                            community_id: &circle.community_id,
                            channel_id: &channel,
                            creator_id: &circle.created_by,
                            title: &title,
                            locale: reader.locale.code(),
                            timezone: reader.tz.name(),
                            anonymous: true,
                            min_answers: MIN_K,
                            promoter_min: 9,
                            passive_min: 7,
                            questions: &questions,
                            created_at: now,
                        },
                        circle_id,
                        kind,
                        OPEN_HOURS * 3_600_000,
                        REMIND_HOURS * 3_600_000,
                    )
                    .await?;
                store.pulse(id).await?.expect("just made")
            }
        };
        let recent = store
            .pulse_runs(pulse.id)
            .await?
            .last()
            .is_some_and(|r| from_millis(r.opens_at) > now - Duration::hours(QUIET_HOURS));
        if recent || pulse.state != super::store::PulseState::Scheduled {
            continue;
        }
        store.run_pulse_now(pulse.id, now).await?;
        armed = true;
    }
    if armed {
        engine.wake_scheduler();
    }
    Ok(())
}

/// `circle feedback <circle> on|off` (its hosts, admins).
pub(crate) async fn switch(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle =
        crate::circles::resolve_fresh(engine, ctx, parsed.text("circle").unwrap_or_default())
            .await?;
    require_host(engine, ctx, &circle).await?;
    let on = parsed.choice("switch") != Some("off");
    engine.store().set_circle_feedback(circle.id, on).await?;
    let key = if on { "feedback-on" } else { "feedback-off" };
    Ok(vec![Outgoing::reply(engine.say(
        ctx,
        &Text::new(key).arg("circle", escape_markdown(&circle.name)),
    ))])
}

/// `feedback show <circle>`: the latest run of each direction (hosts,
/// admins), with the k rule and the trend.
pub(crate) async fn show(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let circle =
        crate::circles::resolve_fresh(engine, ctx, parsed.text("circle").unwrap_or_default())
            .await?;
    require_host(engine, ctx, &circle).await?;
    let store = engine.store();
    let mut out = Vec::new();
    for (kind, _, _) in KINDS {
        let Some(pulse) = store.feedback_pulse(circle.id, kind).await? else {
            continue;
        };
        if store.pulse_runs(pulse.id).await?.is_empty() {
            continue;
        }
        let message = results::run_results(engine, ctx, &pulse, None).await?;
        out.push(Outgoing::reply(message.private()));
    }
    if out.is_empty() {
        return Err(Failure::User(
            Text::new("feedback-none").arg("circle", escape_markdown(&circle.name)),
        ));
    }
    Ok(out)
}

/// `feedback mine`: what mentees said of the sessions of the circles the
/// speaker mentors or hosts, over the last [`MINE_DAYS`] days, pooled, and
/// only what at least k people said.
pub(crate) async fn mine(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let store = engine.store();
    let since = ctx.now - Duration::days(MINE_DAYS);
    let runs = store
        .feedback_runs_about(ctx.community(), ctx.user(), since)
        .await?;
    let mut answers: Vec<Answers> = Vec::new();
    let mut pulse: Option<PulseRow> = None;
    for run in &runs {
        answers.extend(super::run_answers(engine, run).await?.iter().cloned());
        if pulse.is_none() {
            pulse = store.pulse(run.pulse_id).await?;
        }
    }
    let Some(pulse) = pulse else {
        return Err(Failure::User(Text::new("feedback-mine-none")));
    };
    let i18n = engine.i18n();
    let k = MIN_K;
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("feedback-mine-header")
            .arg("days", MINE_DAYS)
            .arg("runs", runs.len())
            .arg("count", answers.len()),
    );
    let questions = store.pulse_questions(pulse.id).await?;
    let refs: Vec<&Answers> = answers.iter().collect();
    for question in &questions {
        let figures = tally::figures(question, &refs, results::bands(&pulse));
        text.push_str(&format!(
            "\n\n**{}**",
            escape_markdown(&templates::words(i18n, ctx.locale, &question.prompt))
        ));
        for line in results::figures_text(engine, ctx.locale, question, &figures, k) {
            text.push('\n');
            text.push_str(&line);
        }
    }
    Ok(vec![Outgoing::reply(Message::text(text).private())])
}
