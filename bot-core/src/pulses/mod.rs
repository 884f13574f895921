//! Pulse surveys: a few questions asked again and again (runs), answered by
//! each recipient in their direct chat with the bot, with results that show
//! only what at least k people said. Anonymous pulses (the default) keep no
//! member id, no answer time and nothing readable with the database alone:
//! a keyed hash stands for the respondent and their answers are sealed
//! (`seal`), both keyed by the secret anonymous polls use, kept outside the
//! database.

mod feedback;
mod results;
mod run;
mod seal;
pub(crate) mod store;
mod tally;
mod templates;

pub(crate) use feedback::{
    after_meeting, mine as feedback_mine, show as feedback_show, switch as feedback_switch,
};
pub(crate) use results::{RunScores, export, results, run_answers, run_scores};

/// Opened answers by run: (the run's revision they were read at, them).
pub(crate) type AnswerCache = crate::cache::TtlCache<i64, (i64, std::sync::Arc<results::Opened>)>;

/// Runs whose opened answers are kept (the few being looked at), for ten
/// minutes: their revision tells when they are stale, the time bounds the
/// memory they hold.
pub(crate) fn answer_cache() -> AnswerCache {
    crate::cache::TtlCache::new(std::time::Duration::from_secs(600), 16)
}

use std::sync::Mutex;

use chrono_tz::Tz;

use crate::action::Action;
use crate::domain::circle;
use crate::engine::permissions::{hosts, owns};
use crate::engine::reader::Reader;
use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::{Locale, Text};
use crate::model::{Message, Outgoing, Prompt, escape_markdown};
use crate::parser::Parsed;
use crate::recurrence::Recurrence;
use crate::store::{StoreError, from_millis};
use crate::timezone::format_local;
use crate::when::When;
use seal::{Answer, Answers, Sealer};
use store::{
    AnswerOutcome, Audience, NewPulse, PulseRow, PulseSchedule, PulseState, QuestionKind,
    QuestionRow,
};

pub const MAX_QUESTIONS: i64 = 10;
pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_PROMPT_CHARS: usize = 300;
pub const MAX_OPTION_CHARS: usize = 80;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_TEXT_ANSWER_CHARS: usize = 1000;
/// The least k there is: fewer answers than this never show.
pub const MIN_K: i64 = 3;
/// How long a run stays open unless told (three days).
pub const DEFAULT_OPEN_HOURS: i64 = 72;
/// The one reminder, this long before a run closes (a day).
pub const DEFAULT_REMIND_HOURS: i64 = 24;
/// Pulses not yet closed, per member and per community.
const OPEN_PER_MEMBER: usize = 10;
const OPEN_PER_COMMUNITY: usize = 50;
/// Free-text answers shown in a result (all are in the export).
pub(super) const TEXTS_SHOWN: usize = 20;

const NO_REMINDER: &[&str] = &["none", "aucun", "geen"];

fn unknown(raw: impl std::fmt::Display) -> Failure {
    Failure::User(Text::new("pulse-unknown").arg("id", raw.to_string()))
}

fn parse_id(raw: &str) -> Result<i64, Failure> {
    raw.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| unknown(raw.trim()))
}

/// A pulse of the speaker's community that they may manage: its creator,
/// a host of its circle, or an admin. Others are told it is unknown, so
/// pulses cannot be probed.
async fn managed(engine: &Engine, ctx: &Ctx<'_>, raw: &str) -> Result<PulseRow, Failure> {
    let id = parse_id(raw)?;
    let Some(pulse) = engine.store().pulse(id).await? else {
        return Err(unknown(id));
    };
    if pulse.community_id != ctx.community() {
        return Err(unknown(id));
    }
    if owns(ctx, &pulse.creator_id) {
        return Ok(pulse);
    }
    if let Some(circle) = pulse.circle_id
        && pulse.audience == Audience::Circle
        && hosts(engine, ctx, circle).await?
    {
        return Ok(pulse);
    }
    Err(unknown(id))
}

fn pulse_reader(engine: &Engine, pulse: &PulseRow) -> Reader {
    Reader::stored(engine.config(), &pulse.locale, &pulse.timezone)
}

fn respondent(engine: &Engine, pulse: &PulseRow, run_id: i64, user_id: &str) -> String {
    if !pulse.anonymous {
        return user_id.to_owned();
    }
    engine
        .config()
        .poll_secret
        .hash_hex(&format!("pulse:{run_id}:{}:{user_id}", pulse.community_id))
}

fn sealer(engine: &Engine) -> Sealer {
    Sealer::new(&engine.config().poll_secret)
}

fn kind_name(engine: &Engine, locale: Locale, kind: QuestionKind) -> String {
    crate::catalogue::choice_name(engine.i18n(), locale, "type", kind.as_str())
}

fn state_name(engine: &Engine, locale: Locale, state: PulseState) -> String {
    let key = match state {
        PulseState::Draft => "pulse-state-draft",
        PulseState::Scheduled => "pulse-state-scheduled",
        PulseState::Paused => "pulse-state-paused",
        PulseState::Closed => "pulse-state-closed",
    };
    engine.i18n().t(locale, key)
}

// ---------------------------------------------------------------- commands

pub(crate) async fn create(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let title = circle::clean_text(parsed.text("title").unwrap_or_default(), MAX_TITLE_CHARS)
        .map_err(|e| e.to_text("title"))?;
    let anonymous = parsed.choice("privacy").is_none_or(|m| m != "named");
    let k = parsed.integer("k").unwrap_or(MIN_K);
    let promoter_min = parsed.integer("promoters").unwrap_or(9);
    let passive_min = parsed.integer("passives").unwrap_or(7);
    if !(1..=10).contains(&promoter_min)
        || !(1..=10).contains(&passive_min)
        || passive_min > promoter_min
    {
        return Err(Failure::User(Text::new("pulse-bad-bands")));
    }
    let questions = match parsed.choice("template") {
        Some(template) => templates::stored(template),
        None => Vec::new(),
    };
    let existing = engine.store().pulses_of(ctx.community()).await?;
    let open: Vec<&PulseRow> = existing
        .iter()
        .filter(|p| p.state != PulseState::Closed)
        .collect();
    if open.len() >= OPEN_PER_COMMUNITY
        || open.iter().filter(|p| p.creator_id == ctx.user()).count() >= OPEN_PER_MEMBER
    {
        return Err(Failure::User(Text::new("pulse-limit")));
    }
    let id = engine
        .store()
        .create_pulse(&NewPulse {
            community_id: ctx.community(),
            channel_id: &ctx.input.place.channel_id,
            creator_id: ctx.user(),
            title: &title,
            locale: ctx.locale.code(),
            timezone: ctx.tz.name(),
            anonymous,
            min_answers: k.max(MIN_K),
            promoter_min,
            passive_min,
            questions: &questions,
            created_at: ctx.now,
        })
        .await?;
    let text = Text::new("pulse-created")
        .arg("id", id)
        .arg("title", escape_markdown(&title))
        .arg("count", questions.len())
        .arg("anonymous", if anonymous { "yes" } else { "no" })
        .arg("k", k.max(MIN_K));
    let mut message = engine.say(ctx, &text);
    if !questions.is_empty() {
        message.text.push('\n');
        message.text.push_str(&questions_text(
            engine,
            ctx.locale,
            &question_rows(&questions),
        ));
    }
    Ok(vec![Outgoing::reply(message)])
}

fn question_rows(questions: &[(QuestionKind, String, String)]) -> Vec<QuestionRow> {
    questions
        .iter()
        .enumerate()
        .map(|(i, (kind, prompt, options))| QuestionRow {
            position: i as i64 + 1,
            kind: *kind,
            prompt: prompt.clone(),
            options: options.clone(),
        })
        .collect()
}

/// The questions as a list, in the reader's words.
fn questions_text(engine: &Engine, locale: Locale, questions: &[QuestionRow]) -> String {
    let i18n = engine.i18n();
    let mut lines = Vec::new();
    for q in questions {
        let labels: Vec<String> = q
            .labels()
            .iter()
            .map(|l| escape_markdown(&templates::words(i18n, locale, l)))
            .collect();
        let mut line = format!(
            "{}. {} ({})",
            q.position,
            escape_markdown(&templates::words(i18n, locale, &q.prompt)),
            kind_name(engine, locale, q.kind)
        );
        if !labels.is_empty() {
            line.push_str(&format!(": {}", labels.join(" / ")));
        }
        lines.push(line);
    }
    lines.join("\n")
}

pub(crate) async fn question_add(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if pulse.state != PulseState::Draft {
        return Err(Failure::User(
            Text::new("pulse-not-draft").arg("id", pulse.id),
        ));
    }
    let kind = match parsed.choice("type").unwrap_or("scale") {
        "nps" => QuestionKind::Nps,
        "choice" => QuestionKind::Choice,
        "multi" => QuestionKind::Multi,
        "text" => QuestionKind::Text,
        _ => QuestionKind::Scale,
    };
    let prompt = circle::clean_text(
        parsed.text("question").unwrap_or_default(),
        MAX_PROMPT_CHARS,
    )
    .map_err(|e| e.to_text("question"))?;
    let mut options: Vec<String> = Vec::new();
    for (item, _) in parsed.list("options") {
        let option = circle::clean_text(item, MAX_OPTION_CHARS).map_err(|e| e.to_text("option"))?;
        if options
            .iter()
            .any(|o| o.to_lowercase() == option.to_lowercase())
        {
            return Err(Failure::User(
                Text::new("poll-duplicate-option").arg("option", escape_markdown(&option)),
            ));
        }
        options.push(option);
    }
    let fits = match kind {
        QuestionKind::Scale => options.is_empty() || options.len() == 2,
        QuestionKind::Choice | QuestionKind::Multi => (2..=MAX_OPTIONS).contains(&options.len()),
        QuestionKind::Nps | QuestionKind::Text => options.is_empty(),
    };
    if !fits {
        return Err(Failure::User(
            Text::new("pulse-bad-options")
                .arg("kind", kind_name(engine, ctx.locale, kind))
                .arg("count", options.len()),
        ));
    }
    if kind == QuestionKind::Scale && options.is_empty() {
        options = vec![
            format!("{}pulse-tpl-low", templates::KEYED),
            format!("{}pulse-tpl-high", templates::KEYED),
        ];
    }
    let Some(position) = engine
        .store()
        .add_pulse_question(pulse.id, kind, &prompt, &options.join("\n"), MAX_QUESTIONS)
        .await?
    else {
        return Err(Failure::User(
            Text::new("pulse-too-many-questions").arg("max", MAX_QUESTIONS),
        ));
    };
    Ok(vec![Outgoing::reply(
        engine.say(
            ctx,
            &Text::new("pulse-question-added")
                .arg("id", pulse.id)
                .arg("n", position)
                .arg("kind", kind_name(engine, ctx.locale, kind)),
        ),
    )])
}

pub(crate) async fn question_remove(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if pulse.state != PulseState::Draft {
        return Err(Failure::User(
            Text::new("pulse-not-draft").arg("id", pulse.id),
        ));
    }
    let n = parsed.integer("number").unwrap_or(0);
    if !engine.store().remove_pulse_question(pulse.id, n).await? {
        return Err(Failure::User(
            Text::new("pulse-no-question")
                .arg("id", pulse.id)
                .arg("n", n),
        ));
    }
    Ok(vec![Outgoing::reply(
        engine.say(
            ctx,
            &Text::new("pulse-question-removed")
                .arg("id", pulse.id)
                .arg("n", n),
        ),
    )])
}

fn audience_text(
    engine: &Engine,
    locale: Locale,
    pulse: &PulseRow,
    circle: Option<&str>,
) -> String {
    let i18n = engine.i18n();
    match pulse.audience {
        Audience::Community => i18n.t(locale, "pulse-audience-community"),
        Audience::Circle => i18n.render(
            locale,
            &Text::new("pulse-audience-circle")
                .arg("circle", escape_markdown(circle.unwrap_or("?"))),
        ),
        Audience::Role => i18n.render(
            locale,
            &Text::new("pulse-audience-role").arg(
                "role",
                crate::catalogue::choice_name(
                    i18n,
                    locale,
                    "to",
                    pulse.role.as_deref().unwrap_or(""),
                ),
            ),
        ),
    }
}

pub(crate) async fn show(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    let store = engine.store();
    let questions = store.pulse_questions(pulse.id).await?;
    let circle = match pulse.circle_id {
        Some(id) => store.circle_by_id(id).await?.map(|c| c.name),
        None => None,
    };
    let i18n = engine.i18n();
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("pulse-show-header")
            .arg("id", pulse.id)
            .arg("title", escape_markdown(&pulse.title))
            .arg("state", state_name(engine, ctx.locale, pulse.state))
            .arg("anonymous", if pulse.anonymous { "yes" } else { "no" })
            .arg("k", pulse.min_answers),
    );
    if pulse.state != PulseState::Draft {
        text.push('\n');
        text.push_str(&audience_text(
            engine,
            ctx.locale,
            &pulse,
            circle.as_deref(),
        ));
        if let Some(rule) = recurrence_of(&pulse) {
            text.push_str(" · ");
            text.push_str(&crate::reminders::describe_rule(
                engine,
                ctx.locale,
                &rule,
                pulse_tz(&pulse),
            ));
        }
        if let Some(at) = pulse.next_run_at {
            text.push('\n');
            text.push_str(&i18n.render(
                ctx.locale,
                &Text::new("pulse-next-run").arg("at", format_local(from_millis(at), ctx.tz)),
            ));
        }
    }
    text.push('\n');
    if questions.is_empty() {
        text.push_str(&i18n.render(
            ctx.locale,
            &Text::new("pulse-no-questions").arg("id", pulse.id),
        ));
    } else {
        text.push_str(&questions_text(engine, ctx.locale, &questions));
    }
    Ok(vec![Outgoing::reply(Message::text(text).private())])
}

fn recurrence_of(pulse: &PulseRow) -> Option<Recurrence> {
    serde_json::from_str(pulse.recurrence.as_deref()?).ok()
}

fn pulse_tz(pulse: &PulseRow) -> Tz {
    pulse.timezone.parse().unwrap_or(Tz::UTC)
}

pub(crate) async fn schedule(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if pulse.state != PulseState::Draft {
        return Err(Failure::User(
            Text::new("pulse-not-draft").arg("id", pulse.id),
        ));
    }
    let store = engine.store();
    if store.pulse_questions(pulse.id).await?.is_empty() {
        return Err(Failure::User(
            Text::new("pulse-no-questions").arg("id", pulse.id),
        ));
    }
    let (audience, circle, role) = match (parsed.text("circle"), parsed.choice("to")) {
        (Some(raw), _) => {
            let found = crate::circles::resolve_fresh(engine, ctx, raw).await?;
            crate::engine::permissions::require_host(engine, ctx, &found).await?;
            (Audience::Circle, Some(found), None)
        }
        (None, Some(role)) if role != "community" => {
            if !ctx.is_admin() {
                return Err(Failure::User(Text::new("pulse-admin-audience")));
            }
            (Audience::Role, None, Some(role))
        }
        _ => {
            if !ctx.is_admin() {
                return Err(Failure::User(Text::new("pulse-admin-audience")));
            }
            (Audience::Community, None, None)
        }
    };
    let open_for = parsed.duration("open").unwrap_or(DEFAULT_OPEN_HOURS * 3600);
    if !(3600..=90 * 86_400).contains(&open_for) {
        return Err(Failure::User(Text::new("pulse-bad-window")));
    }
    let remind_before = match parsed.text("remind") {
        Some(raw) if NO_REMINDER.contains(&raw.trim().to_lowercase().as_str()) => None,
        Some(raw) => {
            let seconds = crate::when::parse_duration(raw)
                .ok_or_else(|| Failure::User(Text::new("pulse-bad-remind")))?;
            if seconds <= 0 || seconds >= open_for {
                return Err(Failure::User(Text::new("pulse-bad-remind")));
            }
            Some(seconds)
        }
        None => Some((DEFAULT_REMIND_HOURS * 3600).min(open_for / 2)),
    };
    let (first, recurrence) = match parsed.when("when") {
        Some((When::Once(at), _)) => (*at, None),
        Some((When::Every(rule), _)) => {
            let first = rule
                .next_after(ctx.now, ctx.tz)
                .ok_or_else(|| Failure::User(Text::new("pulse-bad-window")))?;
            // A run must close before the next one opens.
            if let Some(second) = rule.next_after(first, ctx.tz)
                && (second - first).num_seconds() < open_for
            {
                return Err(Failure::User(Text::new("pulse-overlap")));
            }
            (first, Some(*rule))
        }
        None => (ctx.now, None),
    };
    let recurrence_json = recurrence.map(|r| serde_json::to_string(&r).expect("serializes"));
    store
        .schedule_pulse(
            pulse.id,
            &PulseSchedule {
                audience,
                circle_id: circle.as_ref().map(|c| c.id),
                role,
                open_for_ms: open_for * 1000,
                remind_before_ms: remind_before.map(|s| s * 1000),
                recurrence: recurrence_json.as_deref(),
                first_run: first,
            },
            ctx.now,
        )
        .await?;
    engine.wake_scheduler();
    let pulse = store.pulse(pulse.id).await?.expect("exists");
    let mut text = engine.i18n().render(
        ctx.locale,
        &Text::new("pulse-scheduled")
            .arg("id", pulse.id)
            .arg("title", escape_markdown(&pulse.title))
            .arg(
                "audience",
                audience_text(
                    engine,
                    ctx.locale,
                    &pulse,
                    circle.as_ref().map(|c| c.name.as_str()),
                ),
            )
            .arg("at", format_local(first, ctx.tz))
            .arg("hours", open_for / 3600),
    );
    if let Some(rule) = &recurrence {
        text.push_str(" · ");
        text.push_str(&crate::reminders::describe_rule(
            engine, ctx.locale, rule, ctx.tz,
        ));
    }
    Ok(vec![Outgoing::reply(Message::text(text))])
}

pub(crate) async fn pause(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if !engine
        .store()
        .set_pulse_paused(pulse.id, true, None, ctx.now)
        .await?
    {
        return Err(Failure::User(
            Text::new("pulse-not-scheduled").arg("id", pulse.id),
        ));
    }
    Ok(vec![Outgoing::reply(
        engine.say(ctx, &Text::new("pulse-paused").arg("id", pulse.id)),
    )])
}

pub(crate) async fn resume(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    // The next run after now: runs missed while paused are not made up.
    let next = recurrence_of(&pulse).and_then(|r| r.next_after(ctx.now, pulse_tz(&pulse)));
    if !engine
        .store()
        .set_pulse_paused(pulse.id, false, next, ctx.now)
        .await?
    {
        return Err(Failure::User(
            Text::new("pulse-not-paused").arg("id", pulse.id),
        ));
    }
    engine.wake_scheduler();
    let text = match next {
        Some(at) => Text::new("pulse-resumed")
            .arg("id", pulse.id)
            .arg("at", format_local(at, ctx.tz)),
        None => Text::new("pulse-resumed-no-run").arg("id", pulse.id),
    };
    Ok(vec![Outgoing::reply(engine.say(ctx, &text))])
}

pub(crate) async fn close(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    let Some(runs) = engine.store().close_pulse(pulse.id, ctx.now).await? else {
        return Err(Failure::User(
            Text::new("pulse-is-closed").arg("id", pulse.id),
        ));
    };
    if !runs.is_empty() {
        engine.wake_scheduler();
    }
    Ok(vec![Outgoing::reply(
        engine.say(
            ctx,
            &Text::new("pulse-closed")
                .arg("id", pulse.id)
                .arg("runs", runs.len()),
        ),
    )])
}

pub(crate) async fn list(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let store = engine.store();
    let mut lines = Vec::new();
    for pulse in store.pulses_of(ctx.community()).await? {
        let mine = owns(ctx, &pulse.creator_id)
            || match pulse.circle_id {
                Some(c) if pulse.audience == Audience::Circle => hosts(engine, ctx, c).await?,
                _ => false,
            };
        if !mine {
            continue;
        }
        let runs = store.pulse_runs(pulse.id).await?;
        let mut line = engine.i18n().render(
            ctx.locale,
            &Text::new("pulse-list-line")
                .arg("id", pulse.id)
                .arg("title", escape_markdown(&pulse.title))
                .arg("state", state_name(engine, ctx.locale, pulse.state))
                .arg("runs", runs.len()),
        );
        if let Some(run) = runs.last().filter(|r| r.is_open(ctx.now)) {
            let answered = store.pulse_respondent_count(run.id).await?;
            let asked = store.pulse_recipient_count(run.id).await?;
            line.push_str(&format!(
                " · {}",
                engine.i18n().render(
                    ctx.locale,
                    &Text::new("pulse-list-open")
                        .arg("answered", answered)
                        .arg("asked", asked)
                        .arg("at", format_local(from_millis(run.closes_at), ctx.tz)),
                )
            ));
        }
        lines.push(format!("- {line}"));
    }
    if lines.is_empty() {
        return Ok(vec![Outgoing::reply(
            engine.say(ctx, &Text::new("pulse-list-empty")).private(),
        )]);
    }
    let mut text = engine.i18n().render(
        ctx.locale,
        &Text::new("pulse-list-header").arg("count", lines.len()),
    );
    text.push('\n');
    text.push_str(&lines.join("\n"));
    Ok(vec![Outgoing::reply(Message::text(text).private())])
}

// ---------------------------------------------------------------- answering

/// What an answer carries.
pub(crate) enum Pick {
    /// A button: a scale's or score's value, a choice's position (in a
    /// multiple-choice question it toggles).
    Value(i64),
    /// A typed answer: the text, or for a question with values the numbers.
    Typed(String),
}

/// The answer as `Answer` for `question`, given what was there before.
fn apply(question: &QuestionRow, pick: &Pick, before: Option<&Answer>) -> Result<Answer, Failure> {
    let allowed = tally::values(question);
    let bad = || {
        Failure::User(
            Text::new("pulse-bad-answer")
                .arg("n", question.position)
                .arg("min", allowed.first().copied().unwrap_or(0))
                .arg("max", allowed.last().copied().unwrap_or(0)),
        )
    };
    match (question.kind, pick) {
        (QuestionKind::Text, Pick::Typed(text)) => {
            let text =
                circle::clean_text(text, MAX_TEXT_ANSWER_CHARS).map_err(|e| e.to_text("answer"))?;
            Ok(Answer::Text(text))
        }
        (QuestionKind::Text, Pick::Value(_)) => Err(Failure::User(Text::new("action-unknown"))),
        (QuestionKind::Multi, Pick::Value(v)) => {
            if !allowed.contains(v) {
                return Err(bad());
            }
            let mut current = match before {
                Some(Answer::Picked(values)) => values.clone(),
                _ => Vec::new(),
            };
            match current.iter().position(|c| c == v) {
                Some(i) => {
                    current.remove(i);
                }
                None => current.push(*v),
            }
            current.sort_unstable();
            Ok(Answer::Picked(current))
        }
        (_, Pick::Value(v)) => {
            if !allowed.contains(v) {
                return Err(bad());
            }
            Ok(Answer::Picked(vec![*v]))
        }
        (kind, Pick::Typed(raw)) => {
            let mut values = Vec::new();
            for word in raw.split([',', ' ', ';']).filter(|w| !w.is_empty()) {
                let v: i64 = word.trim_start_matches('#').parse().map_err(|_| bad())?;
                if !allowed.contains(&v) {
                    return Err(bad());
                }
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            if values.is_empty() || (kind != QuestionKind::Multi && values.len() != 1) {
                return Err(bad());
            }
            values.sort_unstable();
            Ok(Answer::Picked(values))
        }
    }
}

/// The group a respondent's answers count in: their most responsible role
/// among the pulse's circles (host, mentor, mentee, peer), else member.
async fn group_of(engine: &Engine, pulse: &PulseRow, user_id: &str) -> Result<String, StoreError> {
    let circle = (pulse.audience == Audience::Circle)
        .then_some(pulse.circle_id)
        .flatten();
    let roles = engine
        .store()
        .member_roles(&pulse.community_id, user_id, circle)
        .await?;
    Ok(["host", "mentor", "mentee", "peer"]
        .into_iter()
        .find(|r| roles.iter().any(|have| have == r))
        .unwrap_or("member")
        .to_owned())
}

/// One answer, from a button, a form or `pulse answer`: only someone the
/// run was sent to may give it, while it is open; it replaces their earlier
/// answer to that question.
pub(crate) async fn answer(
    engine: &Engine,
    ctx: &Ctx<'_>,
    run_id: i64,
    position: i64,
    pick: Pick,
) -> Handled {
    let store = engine.store();
    let not_asked = || Failure::User(Text::new("pulse-not-asked").arg("run", run_id));
    let Some(run) = store.pulse_run(run_id).await? else {
        return Err(not_asked());
    };
    if store
        .pulse_recipient_of(run.id, ctx.user())
        .await?
        .is_none()
    {
        return Err(not_asked());
    }
    let pulse = store.pulse(run.pulse_id).await?.ok_or_else(not_asked)?;
    let questions = store.pulse_questions(pulse.id).await?;
    let question = questions
        .iter()
        .find(|q| q.position == position)
        .ok_or_else(|| {
            Failure::User(
                Text::new("pulse-no-question")
                    .arg("id", pulse.id)
                    .arg("n", position),
            )
        })?;
    if !run.is_open(ctx.now) {
        return Err(Failure::User(
            Text::new("pulse-run-closed").arg("title", escape_markdown(&pulse.title)),
        ));
    }
    let who = respondent(engine, &pulse, run.id, ctx.user());
    let group = group_of(engine, &pulse, ctx.user()).await?;
    let sealer = sealer(engine);
    // Checked before the write so a bad answer is refused with its reason.
    let previous = match store.pulse_response(run.id, &who).await? {
        Some(sealed) => sealer.open(run.id, &who, &sealed).ok(),
        None => None,
    };
    apply(
        question,
        &pick,
        previous.as_ref().and_then(|p| p.by_question.get(&position)),
    )?;
    let after: Mutex<Option<Answers>> = Mutex::new(None);
    let outcome = store
        .set_pulse_response(run.id, &who, ctx.now, |before| {
            let mut answers = before
                .and_then(|sealed| sealer.open(run.id, &who, sealed).ok())
                .unwrap_or_else(|| Answers {
                    group: group.clone(),
                    ..Answers::default()
                });
            let current = answers.by_question.get(&position);
            match apply(question, &pick, current) {
                Ok(Answer::Picked(values)) if values.is_empty() => {
                    answers.by_question.remove(&position);
                }
                Ok(answer) => {
                    answers.by_question.insert(position, answer);
                }
                Err(_) => {}
            }
            let sealed = sealer.seal(run.id, &who, &answers).ok();
            *after
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(answers);
            sealed
        })
        .await?;
    let AnswerOutcome::Recorded { revision } = outcome else {
        return Err(Failure::User(
            Text::new("pulse-run-closed").arg("title", escape_markdown(&pulse.title)),
        ));
    };
    let answers = after
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .unwrap_or_default();
    results::remember_answer(engine, run.id, revision, &who, answers.clone());
    let i18n = engine.i18n();
    let shown = match answers.by_question.get(&position) {
        Some(Answer::Picked(values)) => values
            .iter()
            .map(|v| value_label(engine, ctx.locale, question, *v))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Answer::Text(text)) => format!("“{}”", escape_markdown(&crate::model::clip(text, 80))),
        None => i18n.t(ctx.locale, "pulse-answer-cleared"),
    };
    let text = Text::new("pulse-answered")
        .arg("title", escape_markdown(&pulse.title))
        .arg("n", position)
        .arg("answer", shown)
        .arg("done", answers.by_question.len())
        .arg("total", questions.len())
        .arg("at", format_local(from_millis(run.closes_at), ctx.tz));
    Ok(vec![Outgoing::reply(engine.say(ctx, &text).private())])
}

/// A value as the reader reads it: a number, or a choice's label.
fn value_label(engine: &Engine, locale: Locale, question: &QuestionRow, value: i64) -> String {
    match question.kind {
        QuestionKind::Choice | QuestionKind::Multi => question
            .labels()
            .get(usize::try_from(value - 1).unwrap_or(usize::MAX))
            .map(|l| escape_markdown(&templates::words(engine.i18n(), locale, l)))
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// `pulse answer <run> <question> <answer>`: where there are no buttons or
/// forms (a text answer on Matrix, the console).
pub(crate) async fn answer_command(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let run = parsed.integer("run").unwrap_or(0);
    let position = parsed.integer("number").unwrap_or(0);
    let typed = parsed.text("answer").unwrap_or_default().to_owned();
    answer(engine, ctx, run, position, Pick::Typed(typed)).await
}

/// A text question's button: the form to type the answer in.
pub(crate) async fn prompt(engine: &Engine, ctx: &Ctx<'_>, run_id: i64, position: i64) -> Handled {
    let store = engine.store();
    let not_asked = || Failure::User(Text::new("pulse-not-asked").arg("run", run_id));
    let run = store.pulse_run(run_id).await?.ok_or_else(not_asked)?;
    if store
        .pulse_recipient_of(run.id, ctx.user())
        .await?
        .is_none()
    {
        return Err(not_asked());
    }
    let pulse = store.pulse(run.pulse_id).await?.ok_or_else(not_asked)?;
    let question = store
        .pulse_questions(pulse.id)
        .await?
        .into_iter()
        .find(|q| q.position == position && q.kind == QuestionKind::Text)
        .ok_or_else(|| Failure::User(Text::new("action-unknown")))?;
    let i18n = engine.i18n();
    let words = templates::words(i18n, ctx.locale, &question.prompt);
    let mut message = engine.say(
        ctx,
        &Text::new("pulse-prompt-text")
            .arg("run", run.id)
            .arg("n", position),
    );
    message.prompt = Some(Prompt {
        action: Action::PulseText {
            run_id: run.id,
            position: u8::try_from(position).unwrap_or(0),
        },
        title: crate::model::clip(&pulse.title, 45),
        label: crate::model::clip(&words, 45),
        max_chars: MAX_TEXT_ANSWER_CHARS as u16,
    });
    Ok(vec![Outgoing::reply(message.private())])
}

pub(super) fn percent(count: i64, of: i64) -> i64 {
    if of == 0 {
        0
    } else {
        (count * 100 + of / 2) / of
    }
}
