//! The engine: `Input` in, `Vec<Outgoing>` out. Every business rule and
//! every permission check lives here or below, never in an adapter.

mod complete;
mod help;
mod inbox;
mod jobs;
pub(crate) mod members;
pub(crate) mod permissions;
pub(crate) mod reader;

pub use crate::polls::PollSecret;
pub use complete::{Completion, MAX_COMPLETIONS};
pub use inbox::{ANSWER_GRACE, INBOX_MEMORY, Receipt, Received};

use crate::{checkins, circles, polls, pulses, reminders, rounds, settings};

use std::sync::Arc;
use std::time::Instant;

use chrono_tz::Tz;

use crate::action::Action;
use crate::cache::TtlCache;
use crate::catalogue::{CommandId, Permission};
use crate::clock::Clock;
use crate::i18n::{I18n, Locale, Text};
pub(crate) use crate::isolate::error_chain;
use crate::metrics::{Metrics, Outcome};
use crate::model::{Input, InputKind, Message, Outgoing};
use crate::parser::{self, Parsed};
use crate::store::{CircleRow, MemberContext, Store, StoreError};

/// How long cached speaker settings and circle lookups are trusted.
const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);
const CACHE_ENTRIES: usize = 10_000;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// What starts a command in a chat room (`!mentor`).
    pub command_prefix: String,
    /// The last fallback language, after the member's, the platform's and
    /// the community's.
    pub default_locale: Locale,
    pub default_timezone: Tz,
    /// The escalation ladder of a quiet circle's nudge: after the nudge in
    /// its place, how long until its hosts get a direct message, then how
    /// long until the community's admins do.
    pub nudge_host_after: chrono::Duration,
    pub nudge_admins_after: chrono::Duration,
    /// The key anonymous poll votes are hashed with (kept outside the database).
    pub poll_secret: PollSecret,
    /// How much one member and one community may keep scheduled or open.
    pub limits: Limits,
}

/// Caps on what members create, so nobody grows the tables without bound:
/// past one, a clear refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Active or paused reminders one member created.
    pub reminders_per_member: i64,
    pub reminders_per_community: i64,
    /// Open polls one member created.
    pub open_polls_per_member: i64,
    pub open_polls_per_community: i64,
}

impl Limits {
    /// Refuses one more of something past a member's cap (`keys.0`) or the
    /// community's (`keys.1`); `counts` is (the member's, the community's).
    pub(crate) fn check(
        counts: (i64, i64),
        caps: (i64, i64),
        keys: (&'static str, &'static str),
    ) -> Result<(), Failure> {
        if counts.0 >= caps.0 {
            return Err(Failure::User(Text::new(keys.0).arg("max", caps.0)));
        }
        if counts.1 >= caps.1 {
            return Err(Failure::User(Text::new(keys.1).arg("max", caps.1)));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            reminders_per_member: 100,
            reminders_per_community: 10_000,
            open_polls_per_member: 20,
            open_polls_per_community: 500,
        }
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            command_prefix: "!mentor".to_owned(),
            default_locale: Locale::En,
            default_timezone: Tz::UTC,
            nudge_host_after: chrono::Duration::days(3),
            nudge_admins_after: chrono::Duration::days(4),
            // Refuses rather than hashing votes with a key anyone could guess.
            poll_secret: PollSecret::random()
                .expect("reading a random key for anonymous votes from the OS"),
            limits: Limits::default(),
        }
    }
}

/// The platform-agnostic bot. Cheap to clone; share it between adapters.
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    clock: Arc<dyn Clock>,
    i18n: Arc<I18n>,
    config: EngineConfig,
    metrics: Arc<Metrics>,
    /// Speakers' settings, so a burst of commands does not re-read them.
    contexts: TtlCache<(String, String), MemberContext>,
    /// Circles by (community, name key). Users of a cached circle act by id
    /// with SQL that re-checks it is active, and re-resolve when it is not.
    circles: TtlCache<(String, String), CircleRow>,
    /// Pulse runs' answers, opened, by run (see `pulses::run_answers`).
    pulse_answers: pulses::AnswerCache,
    /// Wakes the scheduler when a job is added or changed.
    wake: Arc<tokio::sync::Notify>,
    /// A supervised scheduler's state: 0 stopped, 1 running, 2 restarting.
    scheduler_status: std::sync::atomic::AtomicU8,
    /// Whose lease an answer being given live is (see `inbox`).
    live_owner: String,
}

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The person's input or permissions: explained to them, nothing changed.
    User(Text),
    /// Our side failed: logged with its cause, apologized for.
    Internal(StoreError),
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Self::Internal(error)
    }
}

impl From<Text> for Failure {
    fn from(text: Text) -> Self {
        Self::User(text)
    }
}

pub(crate) type Handled = Result<Vec<Outgoing>, Failure>;

/// Who is speaking, where, and how to talk back to them.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub input: &'a Input,
    pub locale: Locale,
    pub tz: Tz,
    /// How the reader types a command here: `!mentor ` or nothing.
    pub prefix: String,
    /// The engine's clock when the input arrived.
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Ctx<'_> {
    pub fn community(&self) -> &str {
        &self.input.place.community_id
    }

    pub fn user(&self) -> &str {
        &self.input.actor.user_id
    }

    pub fn is_admin(&self) -> bool {
        self.input.actor.is_admin
    }

    pub fn when_context(&self) -> parser::WhenContext {
        parser::WhenContext {
            now: self.now,
            tz: self.tz,
            lang: Some(self.locale),
        }
    }
}

impl Engine {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: EngineConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                clock,
                i18n: Arc::new(I18n::load()),
                config,
                metrics: Arc::new(Metrics::default()),
                contexts: TtlCache::new(CACHE_TTL, CACHE_ENTRIES),
                circles: TtlCache::new(CACHE_TTL, CACHE_ENTRIES),
                pulse_answers: pulses::answer_cache(),
                wake: Arc::new(tokio::sync::Notify::new()),
                scheduler_status: std::sync::atomic::AtomicU8::new(0),
                live_owner: crate::scheduler::unique_owner("live"),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn i18n(&self) -> &I18n {
        &self.inner.i18n
    }

    pub(crate) fn pulse_answers(&self) -> &pulses::AnswerCache {
        &self.inner.pulse_answers
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    /// Forgets cached speaker settings after this engine changed them.
    pub(crate) fn settings_changed(&self, community_id: &str, user_id: Option<&str>) {
        let contexts = &self.inner.contexts;
        match user_id {
            Some(user) => contexts.remove(&(community_id.to_owned(), user.to_owned())),
            None => contexts.retain(|(community, _)| community != community_id),
        }
    }

    pub(crate) fn circle_cache(&self) -> &TtlCache<(String, String), CircleRow> {
        &self.inner.circles
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    /// The engine's clock (a fake one in tests).
    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub(crate) fn scheduler_wake(&self) -> Arc<tokio::sync::Notify> {
        self.inner.wake.clone()
    }

    /// Whether a supervised scheduler loop runs in this process.
    pub fn scheduler_status(&self) -> crate::scheduler::SchedulerStatus {
        use crate::scheduler::SchedulerStatus;
        match self
            .inner
            .scheduler_status
            .load(std::sync::atomic::Ordering::Acquire)
        {
            1 => SchedulerStatus::Running,
            2 => SchedulerStatus::Restarting,
            _ => SchedulerStatus::Stopped,
        }
    }

    pub(crate) fn set_scheduler_status(&self, status: crate::scheduler::SchedulerStatus) {
        use crate::scheduler::SchedulerStatus;
        let value = match status {
            SchedulerStatus::Stopped => 0,
            SchedulerStatus::Running => 1,
            SchedulerStatus::Restarting => 2,
        };
        self.inner
            .scheduler_status
            .store(value, std::sync::atomic::Ordering::Release);
    }

    /// Tells the scheduler that jobs were added or changed, so it looks
    /// again now rather than at its next planned wake-up.
    pub fn wake_scheduler(&self) {
        self.inner.wake.notify_one();
    }

    /// Handles one input. Never fails: problems become localized replies,
    /// and internal errors are logged with their cause.
    pub async fn handle(&self, mut input: Input) -> Vec<Outgoing> {
        let started = Instant::now();
        // A NUL cannot be stored (PostgreSQL refuses it in text) and means
        // nothing in a name the platform gave.
        input.actor.display_name.retain(|c| c != '\0');
        for person in &mut input.mentions {
            person.display_name.retain(|c| c != '\0');
        }
        // One event's panic is that event's failure, not the adapter's task.
        let (outcome, out) = match crate::isolate::catch_unwind(self.handle_inner(&input)).await {
            Ok(done) => done,
            Err(panic) => {
                tracing::error!(
                    panic = %panic,
                    community = %input.place.community_id,
                    "internal error: a handler panicked"
                );
                let locale = input
                    .actor
                    .platform_locale
                    .unwrap_or(self.config().default_locale);
                let apology = Message::text(self.i18n().t(locale, "internal-error")).private();
                (Outcome::Failed, vec![Outgoing::reply(apology)])
            }
        };
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.inner.metrics.record(outcome, micros);
        out
    }

    async fn handle_inner(&self, input: &Input) -> (Outcome, Vec<Outgoing>) {
        let command_line = match &input.kind {
            InputKind::Text(text) => match self.strip_prefix(text, input.prefix_optional) {
                Some(line) => Some(line),
                None => return (Outcome::Ignored, Vec::new()),
            },
            _ => None,
        };
        let ctx = match self.context(input).await {
            Ok(ctx) => ctx,
            Err(error) => {
                return (
                    Outcome::Failed,
                    self.internal_error(Locale::En, &error, "loading the member"),
                );
            }
        };
        if carries_nul(&input.kind) {
            let text = Text::new("input-nul");
            return (
                Outcome::Refused,
                vec![Outgoing::reply(
                    Message::text(self.i18n().render(ctx.locale, &text)).private(),
                )],
            );
        }
        let result = match (&input.kind, command_line) {
            (_, Some(line)) if line.trim().is_empty() => help::overview(self, &ctx),
            (_, Some(line)) => match parse_line(self.i18n(), &line, ctx.when_context()) {
                Ok(parsed) => self.dispatch(&ctx, &parsed).await,
                Err(error) => Err(Failure::User(error.to_text(self.i18n(), ctx.locale))),
            },
            (InputKind::Command { path, args }, None) => {
                match parser::from_structured(self.i18n(), path, args, ctx.when_context()) {
                    Ok(parsed) => self.dispatch(&ctx, &parsed).await,
                    Err(error) => Err(Failure::User(error.to_text(self.i18n(), ctx.locale))),
                }
            }
            (InputKind::Action { action, values }, None) => match Action::decode(action) {
                Ok(action) => self.act(&ctx, action, values).await,
                Err(_) => Err(Failure::User(Text::new("action-unknown"))),
            },
            (InputKind::ThreadPost { thread_key, text }, None) => {
                return rounds::thread_post(self, &ctx, thread_key, text.as_deref()).await;
            }
            (InputKind::Text(_), None) => unreachable!("text inputs always carry a line"),
        };
        match result {
            Ok(out) => (Outcome::Ok, out),
            Err(Failure::User(text)) => (
                Outcome::Refused,
                vec![Outgoing::reply(
                    Message::text(self.i18n().render(ctx.locale, &text)).private(),
                )],
            ),
            Err(Failure::Internal(error)) => (
                Outcome::Failed,
                self.internal_error(ctx.locale, &error, "handling a command"),
            ),
        }
    }

    fn internal_error(&self, locale: Locale, error: &StoreError, doing: &str) -> Vec<Outgoing> {
        let chain = error_chain(error);
        tracing::error!(error = %chain, "internal error while {doing}");
        vec![Outgoing::reply(
            Message::text(self.i18n().t(locale, "internal-error")).private(),
        )]
    }

    /// The command line without its prefix, or `None` if the text is not
    /// addressed to the bot.
    fn strip_prefix(&self, text: &str, optional: bool) -> Option<String> {
        let trimmed = text.trim_start();
        let prefix = self.inner.config.command_prefix.as_str();
        if !prefix.is_empty()
            && let Some(head) = trimmed.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
        {
            let rest = &trimmed[prefix.len()..];
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return Some(rest.trim().to_owned());
            }
        }
        optional.then(|| trimmed.trim_end().to_owned())
    }

    /// Loads (or records) the speaker and resolves their locale and zone.
    async fn context<'a>(&self, input: &'a Input) -> Result<Ctx<'a>, StoreError> {
        let store = self.store();
        let place = &input.place;
        let actor = &input.actor;
        let cache = &self.inner.contexts;
        let key = (place.community_id.clone(), actor.user_id.clone());
        // A thread post carries no rights (a Discord message event does not
        // say what its author may do): it keeps what is known.
        let rights =
            (!matches!(input.kind, InputKind::ThreadPost { .. })).then_some(actor.is_admin);
        let known = match cache.get(&key) {
            Some(known)
                if known.display_name.as_deref() == Some(actor.display_name.as_str())
                    && (rights.is_none() || known.is_admin == rights) =>
            {
                known
            }
            _ => {
                let mut known = store
                    .member_context(&place.community_id, &actor.user_id)
                    .await?;
                // Admin rights are refreshed from every event, so someone who
                // lost them stops getting admin nudges and a new admin starts.
                let stale = known.as_ref().is_none_or(|k| {
                    k.display_name.as_deref() != Some(actor.display_name.as_str())
                        || (rights.is_some() && k.is_admin != rights)
                });
                if stale {
                    store
                        .upsert_member(
                            &place.community_id,
                            &actor.user_id,
                            &actor.display_name,
                            rights,
                            self.now(),
                        )
                        .await?;
                    known = store
                        .member_context(&place.community_id, &actor.user_id)
                        .await?;
                }
                let known = known.unwrap_or_default();
                cache.put(key.clone(), known.clone());
                known
            }
        };
        // What the platform says they read (a Discord client's language),
        // kept for what is sent to them later.
        let mut known = known;
        if let Some(said) = actor.platform_locale
            && known.display_name.is_some()
            && known.platform_locale.as_deref() != Some(said.code())
        {
            store
                .set_platform_locale(&place.community_id, &actor.user_id, said.code())
                .await?;
            known.platform_locale = Some(said.code().to_owned());
            cache.put(key, known.clone());
        }
        let config = &self.inner.config;
        let reader::Reader { locale, tz } = reader::Reader::of_speaker(
            config,
            &known,
            actor.platform_locale,
            actor.platform_timezone.as_deref(),
        );
        let prefix = if input.prefix_optional {
            String::new()
        } else {
            format!("{} ", config.command_prefix)
        };
        Ok(Ctx {
            input,
            locale,
            tz,
            prefix,
            now: self.now(),
        })
    }

    async fn dispatch(&self, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
        if parsed.spec.permission == Permission::Admin && !ctx.is_admin() {
            return Err(Failure::User(Text::new("permission-admin").arg(
                "command",
                parsed.spec.localized_path(self.i18n(), ctx.locale),
            )));
        }
        match parsed.spec.id {
            CommandId::Help => help::help(self, ctx, parsed.text("command")),
            CommandId::CircleCreate => circles::create(self, ctx, parsed).await,
            CommandId::CircleJoin => circles::join(self, ctx, parsed).await,
            CommandId::CircleLeave => circles::leave(self, ctx, parsed).await,
            CommandId::CircleList => circles::list(self, ctx, parsed).await,
            CommandId::CircleInfo => circles::info(self, ctx, parsed).await,
            CommandId::CircleAdd => circles::add(self, ctx, parsed).await,
            CommandId::CircleRemove => circles::remove(self, ctx, parsed).await,
            CommandId::CircleHost => circles::host(self, ctx, parsed).await,
            CommandId::CircleArchive => circles::archive(self, ctx, parsed).await,
            CommandId::SettingsShow => settings::show(self, ctx).await,
            CommandId::SettingsTimezone => settings::timezone(self, ctx, parsed).await,
            CommandId::SettingsLanguage => settings::language(self, ctx, parsed).await,
            CommandId::SettingsCommunityLanguage => {
                settings::community_language(self, ctx, parsed).await
            }
            CommandId::SettingsCommunityTimezone => {
                settings::community_timezone(self, ctx, parsed).await
            }
            CommandId::RemindMe => reminders::create(self, ctx, parsed, reminders::To::Me).await,
            CommandId::RemindHere => {
                reminders::create(self, ctx, parsed, reminders::To::Here).await
            }
            CommandId::RemindCircle => {
                reminders::create(self, ctx, parsed, reminders::To::Circle).await
            }
            CommandId::RemindMember => {
                reminders::create(self, ctx, parsed, reminders::To::Member).await
            }
            CommandId::RemindList => reminders::list(self, ctx).await,
            CommandId::RemindCancel => reminders::cancel(self, ctx, parsed).await,
            CommandId::RemindSnooze => reminders::snooze(self, ctx, parsed).await,
            CommandId::RemindPause => reminders::pause(self, ctx, parsed).await,
            CommandId::RemindResume => reminders::resume(self, ctx, parsed).await,
            CommandId::Checkin => checkins::checkin(self, ctx, parsed).await,
            CommandId::GoalSet => checkins::goal_set(self, ctx, parsed).await,
            CommandId::GoalList => checkins::goal_list(self, ctx).await,
            CommandId::GoalDone => checkins::goal_done(self, ctx, parsed).await,
            CommandId::CircleNudge => checkins::circle_nudge(self, ctx, parsed).await,
            CommandId::CircleThread => checkins::circle_thread(self, ctx, parsed).await,
            CommandId::SettingsAway => checkins::away(self, ctx, parsed).await,
            CommandId::SettingsBack => checkins::back(self, ctx).await,
            CommandId::SettingsQuietHours => checkins::quiet_hours(self, ctx, parsed).await,
            CommandId::SettingsAvailability => {
                crate::matching::availability_command(self, ctx, parsed).await
            }
            CommandId::SettingsPauseMatching => {
                crate::matching::pause_command(self, ctx, parsed).await
            }
            CommandId::PollCreate => polls::create(self, ctx, parsed).await,
            CommandId::PollVote => polls::vote(self, ctx, parsed).await,
            CommandId::PollClose => polls::close(self, ctx, parsed).await,
            CommandId::PollResults => polls::results(self, ctx, parsed).await,
            CommandId::PollList => polls::list(self, ctx).await,
            CommandId::PollExport => polls::export(self, ctx, parsed).await,
            CommandId::RoundProtocols => rounds::protocols(self, ctx).await,
            CommandId::RoundProtocolShow => rounds::protocol_show(self, ctx, parsed).await,
            CommandId::RoundProtocolAdd => rounds::protocol_add(self, ctx, parsed).await,
            CommandId::RoundStart => rounds::start(self, ctx, parsed).await,
            CommandId::RoundJoin => rounds::join(self, ctx, parsed).await,
            CommandId::RoundLeave => rounds::leave(self, ctx, parsed).await,
            CommandId::RoundNext => rounds::steer(self, ctx, parsed, rounds::Steer::Next).await,
            CommandId::RoundSkip => rounds::steer(self, ctx, parsed, rounds::Steer::Skip).await,
            CommandId::RoundPause => rounds::steer(self, ctx, parsed, rounds::Steer::Pause).await,
            CommandId::RoundResume => rounds::steer(self, ctx, parsed, rounds::Steer::Resume).await,
            CommandId::RoundExtend => rounds::steer(self, ctx, parsed, rounds::Steer::Extend).await,
            CommandId::RoundCancel => rounds::steer(self, ctx, parsed, rounds::Steer::Cancel).await,
            CommandId::RoundNote => rounds::note(self, ctx, parsed).await,
            CommandId::RoundCommit => rounds::commit(self, ctx, parsed).await,
            CommandId::RoundStatus => rounds::status(self, ctx, parsed).await,
            CommandId::RoundHistory => rounds::history(self, ctx, parsed).await,
            CommandId::PulseCreate => pulses::create(self, ctx, parsed).await,
            CommandId::PulseQuestionAdd => pulses::question_add(self, ctx, parsed).await,
            CommandId::PulseQuestionRemove => pulses::question_remove(self, ctx, parsed).await,
            CommandId::PulseShow => pulses::show(self, ctx, parsed).await,
            CommandId::PulseSchedule => pulses::schedule(self, ctx, parsed).await,
            CommandId::PulseAnswer => pulses::answer_command(self, ctx, parsed).await,
            CommandId::PulseResults => pulses::results(self, ctx, parsed).await,
            CommandId::PulseList => pulses::list(self, ctx).await,
            CommandId::PulsePause => pulses::pause(self, ctx, parsed).await,
            CommandId::PulseResume => pulses::resume(self, ctx, parsed).await,
            CommandId::PulseClose => pulses::close(self, ctx, parsed).await,
            CommandId::PulseExport => pulses::export(self, ctx, parsed).await,
            CommandId::CircleFeedback => pulses::feedback_switch(self, ctx, parsed).await,
            CommandId::FeedbackShow => pulses::feedback_show(self, ctx, parsed).await,
            CommandId::FeedbackMine => pulses::feedback_mine(self, ctx).await,
            CommandId::StatsShow => crate::stats::show(self, ctx, parsed).await,
            CommandId::StatsExport => crate::stats::export(self, ctx, parsed).await,
        }
    }

    async fn act(&self, ctx: &Ctx<'_>, action: Action, values: &[String]) -> Handled {
        match action {
            Action::CircleJoin { circle_id } => circles::join_by_id(self, ctx, circle_id).await,
            Action::CircleLeave { circle_id } => circles::leave_by_id(self, ctx, circle_id).await,
            Action::CircleInfo { circle_id } => circles::info_by_id(self, ctx, circle_id).await,
            Action::ReminderSnooze {
                reminder_id,
                minutes,
            } => reminders::snooze_button(self, ctx, reminder_id, minutes).await,
            Action::PollVote { poll_id, option } => {
                polls::vote_button(self, ctx, poll_id, option).await
            }
            Action::PollChoose { poll_id } => polls::vote_select(self, ctx, poll_id, values).await,
            Action::PollBallot { poll_id } => polls::ballot(self, ctx, poll_id).await,
            Action::BallotVote {
                poll_id,
                option,
                tag,
            } => polls::ballot_vote(self, ctx, poll_id, option, tag).await,
            Action::BallotChoose { poll_id, tag } => {
                polls::ballot_choose(self, ctx, poll_id, tag, values).await
            }
            Action::CheckinPrompt { circle_id } => checkins::prompt(self, ctx, circle_id).await,
            Action::CheckinNote { circle_id } => {
                checkins::note(self, ctx, circle_id, values.first().map(String::as_str)).await
            }
            Action::RoundJoin { round_id } => rounds::join_by_id(self, ctx, round_id).await,
            Action::RoundNext { round_id, phase } => {
                rounds::next_by_button(self, ctx, round_id, phase).await
            }
            Action::RoundTake { round_id, role } => {
                rounds::take_role(self, ctx, round_id, role).await
            }
            Action::PulseAnswer {
                run_id,
                position,
                value,
            } => {
                let pick = pulses::Pick::Value(i64::from(value));
                pulses::answer(self, ctx, run_id, i64::from(position), pick).await
            }
            Action::PulsePrompt { run_id, position } => {
                pulses::prompt(self, ctx, run_id, i64::from(position)).await
            }
            Action::PulseText { run_id, position } => {
                let typed = values.first().cloned().unwrap_or_default();
                let pick = pulses::Pick::Typed(typed);
                pulses::answer(self, ctx, run_id, i64::from(position), pick).await
            }
        }
    }

    /// A reply in the reader's language.
    pub(crate) fn say(&self, ctx: &Ctx<'_>, text: &Text) -> Message {
        Message::text(self.i18n().render(ctx.locale, text))
    }
}

/// Parses a command line; `remind <member> <when> <text>` is short for
/// `remind member <member> …` when the word after `remind` is no subcommand
/// and looks like none.
fn parse_line(
    i18n: &I18n,
    line: &str,
    at: parser::WhenContext,
) -> Result<Parsed, parser::ParseError> {
    match parser::parse(i18n, line, at) {
        Err(parser::ParseError::IncompleteCommand {
            group: ["remind"],
            got: Some(_),
            suggestion: None,
        }) => {
            let rest = line
                .trim_start()
                .split_once(char::is_whitespace)
                .map_or("", |(_, r)| r);
            let member = crate::catalogue::segment_name(i18n, Locale::En, "member");
            let retry = format!("remind {member} {rest}");
            match parser::parse(i18n, &retry, at) {
                // A time that cannot be read says more than "no such subcommand".
                Err(error @ parser::ParseError::When { .. }) => Err(error),
                Err(_) => parser::parse(i18n, line, at),
                ok => ok,
            }
        }
        other => other,
    }
}

/// Whether anything the person typed holds a NUL character.
fn carries_nul(kind: &InputKind) -> bool {
    match kind {
        InputKind::Text(text) => text.contains('\0'),
        InputKind::Command { path, args } => {
            path.iter().any(|p| p.contains('\0'))
                || args.iter().any(|(name, value)| {
                    name.contains('\0')
                        || matches!(value, crate::model::ArgValue::Text(t) if t.contains('\0'))
                })
        }
        InputKind::Action { action, values } => {
            action.contains('\0') || values.iter().any(|v| v.contains('\0'))
        }
        InputKind::ThreadPost { thread_key, text } => {
            thread_key.contains('\0') || text.as_ref().is_some_and(|t| t.contains('\0'))
        }
    }
}
