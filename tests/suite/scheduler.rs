//! The scheduler and reminders, driven by a fake clock and `run_due(now)`:
//! nothing here sleeps until a deadline.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use bot_core::store::NewReminder;
use bot_core::{Action, Component, InputKind, Scheduler, SchedulerConfig, Target};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

use crate::helpers::{COMMUNITY, Db, RecordingDelivery, Script, Who};
use crate::{bot_or_skip, on_both_databases};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

/// Runs one scheduler step at `at` and says how many jobs fired.
async fn fired_at(scheduler: &Scheduler, at: DateTime<Utc>) -> usize {
    scheduler.run_due(at).await.unwrap().fired
}

async fn job_states(bot: &crate::helpers::Bot) -> Vec<(String, i64)> {
    bot.store().job_counts().await.unwrap()
}

async fn a_reminder_fires_once_at_its_time(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let text = bot.say(&ana, r#"remind me in 20 minutes "stretch""#).await;
    assert_eq!(
        text,
        "Reminder #1 set for you: 2026-11-23 10:20 (UTC). “stretch”"
    );
    let (scheduler, delivery) = bot.scheduler("a");
    let report = scheduler
        .run_due(t0() + Duration::minutes(19))
        .await
        .unwrap();
    assert_eq!(report.fired, 0);
    let report = scheduler
        .run_due(t0() + Duration::minutes(20))
        .await
        .unwrap();
    assert_eq!(report.fired, 1);
    let sent = delivery.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].target,
        Target::Direct {
            community_id: COMMUNITY.to_owned(),
            user_id: "user:ana".to_owned(),
            // Where it was set: a closed DM falls back there, with a mention.
            fallback_channel: Some("general".to_owned()),
        }
    );
    assert_eq!(sent[0].idempotency_key.as_deref(), Some("j1o0"));
    assert!(
        sent[0].idempotency_key.as_ref().unwrap().len() <= 25,
        "Discord nonce limit"
    );
    assert_eq!(
        bot_core::model::markdown_to_plain(&sent[0].message.text),
        "Reminder: stretch"
    );
    assert_eq!(sent[0].message.components.len(), 3, "snooze choices");
    let report = scheduler.run_due(t0() + Duration::hours(5)).await.unwrap();
    assert_eq!(report.fired, 0, "never twice");
    assert!(delivery.take().is_empty());
    assert_eq!(job_states(&bot).await, [("done".to_owned(), 1)]);
    let text = bot.say(&ana, "remind list").await;
    assert!(text.starts_with("You have no reminders"), "{text}");
}

/// One refused delivery of a recurring reminder skips that occurrence only.
async fn a_refused_occurrence_does_not_end_a_recurrence(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let text = bot
        .say(&ana, "remind here every day 12:00 water the plants")
        .await;
    assert!(text.contains("Reminder #1"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    delivery.then(Script::Reject);
    let noon = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    let report = scheduler.run_due(noon).await.unwrap();
    assert_eq!((report.fired, report.failed), (0, 1));
    assert!(delivery.take().is_empty());
    let rows = bot.store().reminders_of(COMMUNITY, &ana.id).await.unwrap();
    assert_eq!(
        rows[0].due_at.map(bot_core::store::from_millis),
        Some(noon + Duration::days(1)),
        "the next occurrence is still scheduled"
    );
    assert_eq!(fired_at(&scheduler, noon + Duration::days(1)).await, 1);
    assert_eq!(delivery.take().len(), 1);
}

/// A job's first message went out, its second was rate-limited for ten
/// minutes; by the retry the platform has forgotten the first key. The
/// record of sends recognises it, so it is not posted twice.
async fn a_resend_after_the_platform_forgot_the_key_is_recognised(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, r#"poll create "Forget?" "Yes" "No" closes:1h"#)
        .await;
    let (scheduler, delivery) = bot.scheduler("a");
    delivery.then(Script::Deliver);
    delivery.then(Script::RetryAfter(StdDuration::from_secs(600)));
    let close = t0() + Duration::hours(1);
    bot.clock.set(close);
    let report = scheduler.run_due(close).await.unwrap();
    assert_eq!(report.retried, 1, "{report:?}");
    assert_eq!(delivery.texts().len(), 1, "the final state went out");
    let later = close + Duration::minutes(11);
    bot.clock.set(later);
    assert!(later - close > crate::helpers::DEDUPE_WINDOW);
    let report = scheduler.run_due(later).await.unwrap();
    assert_eq!(report.fired, 1, "{report:?}");
    let sent = delivery.take();
    let keys: Vec<_> = sent.iter().map(|o| o.idempotency_key.clone()).collect();
    assert_eq!(
        keys,
        [Some("p1c".to_owned()), Some("p1r".to_owned())],
        "each once"
    );
}

/// A retried occurrence is delivered however late (saying so), never folded
/// into a "missed" summary: only an occurrence never tried is summarized.
async fn a_long_retried_occurrence_is_still_delivered(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    bot.say(&ana, "remind me in 1 minute stand up").await;
    let (scheduler, delivery) = bot.scheduler("a");
    // Discord says wait two hours; the bot waits its one-hour cap.
    delivery.then(Script::RetryAfter(StdDuration::from_secs(7200)));
    let due = t0() + Duration::minutes(1);
    assert_eq!(scheduler.run_due(due).await.unwrap().retried, 1);
    let rows = bot.store().reminders_of(COMMUNITY, &ana.id).await.unwrap();
    assert_eq!(
        rows[0].due_at.map(bot_core::store::from_millis),
        Some(due + Duration::hours(1))
    );
    let report = scheduler
        .run_due(due + Duration::hours(1) + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!((report.fired, report.summarized), (1, 0), "{report:?}");
    let texts = delivery.texts();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].starts_with("Reminder: stand up"), "{texts:?}");
    assert!(texts[0].contains("Late by 61 minutes"), "{texts:?}");
}

/// A platform that takes 40 s per send, and lets a second process run
/// while the first is in the middle of its batch.
struct SlowPlatform {
    clock: bot_core::FakeClock,
    calls: std::sync::Mutex<Vec<String>>,
    other: std::sync::OnceLock<Scheduler>,
    interleave_after: usize,
}

impl bot_core::Delivery for SlowPlatform {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a bot_core::Outgoing,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), bot_core::DeliveryError>> + Send + 'a>>
    {
        Box::pin(async move {
            let count = {
                let mut calls = self.calls.lock().unwrap();
                calls.push(outgoing.idempotency_key.clone().unwrap_or_default());
                calls.len()
            };
            self.clock.advance(Duration::seconds(40));
            if count == self.interleave_after
                && let Some(other) = self.other.get()
            {
                let now = bot_core::Clock::now(&self.clock);
                Box::pin(other.run_due(now)).await.unwrap();
            }
            Ok(())
        })
    }
}

/// A batch outlives its 60 s lease on a slow platform; another process
/// takes over the expired jobs. Leases are renewed (or found lost) before
/// each send and sends are recorded, so no job is sent by both.
async fn a_slow_batch_is_not_sent_twice_by_two_processes(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    for n in 1..=4 {
        bot.say(&ana, &format!("remind me in 1 minute note {n}"))
            .await;
    }
    let due = t0() + Duration::minutes(1);
    bot.clock.set(due);
    let platform = Arc::new(SlowPlatform {
        clock: bot.clock.clone(),
        calls: std::sync::Mutex::default(),
        other: std::sync::OnceLock::new(),
        interleave_after: 2,
    });
    let a = Scheduler::new(
        bot.engine.clone(),
        platform.clone(),
        "a",
        SchedulerConfig::default(),
    );
    let b = Scheduler::new(
        bot.restart().await,
        platform.clone(),
        "b",
        SchedulerConfig::default(),
    );
    let _ = platform.other.set(b);
    a.run_due(due).await.unwrap();
    let calls = platform.calls.lock().unwrap().clone();
    let mut unique = calls.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(calls.len(), 4, "every job sent exactly once: {calls:?}");
    assert_eq!(unique.len(), 4, "{calls:?}");
    assert_eq!(job_states(&bot).await, [("done".to_owned(), 4)]);
}

async fn weekly_reminders_keep_local_time_across_dst(db: Db) {
    let bot = bot_or_skip!(db);
    for (i, (zone, start)) in [
        (
            "America/New_York",
            Utc.with_ymd_and_hms(2026, 10, 20, 12, 0, 0).unwrap(),
        ),
        (
            "Europe/Paris",
            Utc.with_ymd_and_hms(2026, 10, 13, 12, 0, 0).unwrap(),
        ),
        (
            "Australia/Sydney",
            Utc.with_ymd_and_hms(2026, 9, 22, 12, 0, 0).unwrap(),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        bot.clock.set(start);
        let who = Who::member(&format!("Member{i}"));
        bot.say(&who, &format!("settings timezone {zone}")).await;
        let text = bot.say(&who, "remind me every monday 18:00 standup").await;
        assert!(text.contains("every Monday at 18:00"), "{text}");
        let tz: Tz = zone.parse().unwrap();
        let (scheduler, delivery) = bot.scheduler(zone);
        let mut offsets = Vec::new();
        for _ in 0..4 {
            let row = bot.store().reminders_of(COMMUNITY, &who.id).await.unwrap();
            let due = bot_core::store::from_millis(row[0].due_at.unwrap());
            let local = due.with_timezone(&tz);
            assert_eq!(
                local.format("%a %H:%M").to_string(),
                "Mon 18:00",
                "{zone}: {local}"
            );
            offsets.push(local.format("%z").to_string());
            bot.clock.set(due);
            assert_eq!(fired_at(&scheduler, due).await, 1);
        }
        assert_eq!(delivery.take().len(), 4);
        assert_ne!(
            offsets.first(),
            offsets.last(),
            "{zone}: the run spans a DST change"
        );
        let id = bot.store().reminders_of(COMMUNITY, &who.id).await.unwrap()[0].id;
        let text = bot.say(&who, &format!("remind cancel {id}")).await;
        assert!(text.contains("cancelled"), "{text}");
    }
}

async fn a_restart_loses_nothing_and_sends_nothing_twice(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    for minutes in [5, 10, 15] {
        bot.say(
            &ana,
            &format!("remind me in {minutes} minutes note {minutes}"),
        )
        .await;
    }
    // The platform, shared by both runs: it is what drops duplicates.
    let platform = Arc::new(RecordingDelivery::default());
    let first = Scheduler::new(
        bot.engine.clone(),
        platform.clone(),
        "first",
        SchedulerConfig::default(),
    );
    assert_eq!(fired_at(&first, t0() + Duration::minutes(5)).await, 1);
    drop(first);

    // Down from 10:05 to 10:15: the restarted bot catches up.
    let restarted = bot.restart().await;
    let second = Scheduler::new(
        restarted,
        platform.clone(),
        "second",
        SchedulerConfig::default(),
    );
    assert_eq!(fired_at(&second, t0() + Duration::minutes(15)).await, 2);
    assert_eq!(
        platform.texts(),
        [
            "Reminder: note 5",
            "Reminder: note 10\n(Late by 5 minutes: I was offline.)",
            "Reminder: note 15"
        ]
    );
    assert_eq!(fired_at(&second, t0() + Duration::minutes(30)).await, 0);
}

async fn a_crash_between_send_and_record_does_not_duplicate(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Ana"), "remind me in 1 minute water")
        .await;
    let (scheduler, delivery) = bot.scheduler("a");
    delivery.then(Script::AcceptThenFail);
    let due = t0() + Duration::minutes(1);
    let report = scheduler.run_due(due).await.unwrap();
    assert_eq!((report.fired, report.retried), (0, 1));
    assert_eq!(delivery.texts(), ["Reminder: water"], "the platform got it");
    // Retried with the same idempotency key: the platform drops the copy.
    let report = scheduler.run_due(due + Duration::seconds(5)).await.unwrap();
    assert_eq!(report.fired, 1);
    assert_eq!(delivery.texts(), ["Reminder: water"]);
    assert_eq!(job_states(&bot).await, [("done".to_owned(), 1)]);
}

async fn an_expired_lease_is_taken_over(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Ana"), "remind me in 1 minute tea")
        .await;
    let due = t0() + Duration::minutes(1);
    // A worker claims the job and dies.
    let claimed = bot
        .store()
        .claim_due(due, "dead", due + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let (scheduler, delivery) = bot.scheduler("alive");
    assert_eq!(fired_at(&scheduler, due + Duration::seconds(30)).await, 0);
    assert_eq!(fired_at(&scheduler, due + Duration::seconds(61)).await, 1);
    assert_eq!(
        delivery.texts(),
        ["Reminder: tea\n(Late by 1 minute: I was offline.)"]
    );
    assert_eq!(
        delivery.take()[0].idempotency_key.as_deref(),
        Some(format!("j{}o0", claimed[0].id).as_str()),
        "the same occurrence, so the same key"
    );
}

async fn rate_limits_delay_but_never_drop(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Ana"), "remind me in 1 minute breathe")
        .await;
    let (scheduler, delivery) = bot.scheduler("a");
    delivery.then(Script::RetryAfter(StdDuration::from_secs(30)));
    let due = t0() + Duration::minutes(1);
    let report = scheduler.run_due(due).await.unwrap();
    assert_eq!((report.fired, report.retried), (0, 1));
    assert!(delivery.texts().is_empty());
    assert_eq!(fired_at(&scheduler, due + Duration::seconds(29)).await, 0);
    assert_eq!(fired_at(&scheduler, due + Duration::seconds(30)).await, 1);
    assert_eq!(delivery.texts(), ["Reminder: breathe"]);
}

async fn an_immediate_retry_waits_at_least_a_second(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Ana"), "remind me in 1 minute ping")
        .await;
    let (scheduler, delivery) = bot.scheduler("a");
    delivery.then(Script::RetryAfter(StdDuration::ZERO));
    let due = t0() + Duration::minutes(1);
    let report = scheduler.run_due(due).await.unwrap();
    assert_eq!(
        (report.fired, report.retried),
        (0, 1),
        "one try per step, no spinning"
    );
    assert_eq!(fired_at(&scheduler, due + Duration::seconds(1)).await, 1);
    assert_eq!(delivery.texts(), ["Reminder: ping"]);
}

async fn missed_reminders_fire_late_or_are_summarized(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    for (minutes, text) in [(10, "alpha"), (15, "beta"), (100, "gamma")] {
        bot.say(&ana, &format!("remind me in {minutes} minutes {text}"))
            .await;
    }
    let (scheduler, delivery) = bot.scheduler("a");
    // The bot was down until 110 minutes later; the grace window is an hour.
    let report = scheduler
        .run_due(t0() + Duration::minutes(110))
        .await
        .unwrap();
    assert_eq!((report.fired, report.late, report.summarized), (1, 1, 2));
    let texts = delivery.texts();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts.contains(&"Reminder: gamma\n(Late by 10 minutes: I was offline.)".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.contains(
            &"While I was offline, you missed 2 reminders:\n- 2026-11-23 10:10 (UTC): alpha\n- 2026-11-23 10:15 (UTC): beta"
                .to_owned()
        ),
        "{texts:?}"
    );
    assert_eq!(job_states(&bot).await, [("done".to_owned(), 3)]);
    assert_eq!(
        scheduler.run_due(t0() + Duration::hours(5)).await.unwrap(),
        Default::default()
    );
}

async fn two_schedulers_fire_a_thousand_jobs_exactly_once(db: Db) {
    let bot = bot_or_skip!(db);
    bot.say(&Who::member("Ana"), "help").await;
    let store = bot.store();
    for i in 0..1000 {
        store
            .create_reminder(&NewReminder {
                community_id: COMMUNITY,
                creator_id: "user:ana",
                recipient_kind: bot_core::store::RecipientKind::Member,
                recipient_id: "user:ana",
                thread_id: None,
                circle_id: None,
                body: &format!("job {i}"),
                recurrence: None,
                timezone: "UTC",
                created_at: t0(),
                first_due: t0() + Duration::seconds(i % 50),
                origin_channel: None,
            })
            .await
            .unwrap();
    }
    let counting = Arc::new(CountingDelivery::default());
    let config = || SchedulerConfig {
        batch: 50,
        ..SchedulerConfig::default()
    };
    let a = Scheduler::new(bot.engine.clone(), counting.clone(), "a", config());
    let b = Scheduler::new(bot.restart().await, counting.clone(), "b", config());
    let now = t0() + Duration::minutes(1);
    let (ra, rb) = tokio::join!(a.run_due(now), b.run_due(now));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.fired + rb.fired, 1000, "{ra:?} {rb:?}");
    let keys = counting.keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 1000, "every send counted, duplicates included");
    let distinct: std::collections::HashSet<_> = keys.iter().collect();
    assert_eq!(distinct.len(), 1000, "no job was sent twice");
    assert_eq!(
        bot.store().job_counts().await.unwrap(),
        [("done".to_owned(), 1000)]
    );
}

/// Counts every delivery call, with no de-duplication.
#[derive(Debug, Default)]
struct CountingDelivery {
    keys: std::sync::Mutex<Vec<String>>,
}

impl bot_core::Delivery for CountingDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a bot_core::Outgoing,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), bot_core::DeliveryError>> + Send + 'a>>
    {
        Box::pin(async move {
            let key = outgoing.idempotency_key.clone().unwrap_or_default();
            self.keys.lock().unwrap().push(key);
            // Give the other scheduler a chance to run meanwhile.
            tokio::task::yield_now().await;
            Ok(())
        })
    }
}

async fn snoozing_from_the_button_and_the_command(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    bot.say(&ana, "remind me in 1 minute call mum").await;
    let (scheduler, delivery) = bot.scheduler("a");
    let at = t0() + Duration::minutes(1);
    bot.clock.set(at);
    scheduler.run_due(at).await.unwrap();
    let fired = delivery.take();
    let Some(Component::Button { action, label, .. }) = fired[0].message.components.first() else {
        panic!("no snooze button")
    };
    assert_eq!(label, "Snooze 10 min");
    assert!(matches!(action, Action::ReminderSnooze { minutes: 10, .. }));
    let press = ana.input(InputKind::Action {
        action: action.encode(),
        values: vec![],
    });
    let text = crate::helpers::plain(&bot.engine.handle(press).await);
    assert_eq!(
        text,
        "I'll remind you again on 2026-11-23 10:11 (UTC) (#2)."
    );
    assert_eq!(fired_at(&scheduler, at + Duration::minutes(10)).await, 1);
    assert_eq!(delivery.texts(), ["Reminder: call mum"]);

    let text = bot.say(&ana, "remind snooze 2 2 hours").await;
    assert_eq!(
        text,
        "I'll remind you again on 2026-11-23 12:01 (UTC) (#3)."
    );
    let text = bot.say(&ana, "remind snooze 2 soon").await;
    assert!(text.contains("not a length of time"), "{text}");
    let text = bot.say(&Who::member("Bob"), "remind snooze 2 10m").await;
    assert_eq!(text, "You have no reminder 2. `remind list` shows yours.");
}

async fn cancel_pause_and_resume(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let text = bot.say(&ana, "remind me every day 9:00 journal").await;
    assert!(text.contains("next on 2026-11-24 09:00 (UTC)"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");

    // Someone else can neither see nor touch it.
    let bob = Who::member("Bob");
    for line in ["remind cancel 1", "remind pause 1", "remind resume #1"] {
        let text = bot.say(&bob, line).await;
        assert_eq!(
            text,
            format!(
                "You have no reminder {}. `remind list` shows yours.",
                line.rsplit(' ').next().unwrap()
            )
        );
    }

    let text = bot.say(&ana, "remind pause 1").await;
    assert!(text.contains("is paused"), "{text}");
    let day = Duration::days(1);
    assert_eq!(fired_at(&scheduler, t0() + day).await, 0);
    bot.clock.set(t0() + day + day);
    let text = bot.say(&ana, "remind resume 1").await;
    assert_eq!(text, "Reminder #1 resumed, next on 2026-11-26 09:00 (UTC).");
    let text = bot.say(&ana, "remind list").await;
    assert!(
        text.contains("#1 · every day at 09:00 (UTC), next on 2026-11-26 09:00 (UTC) · journal"),
        "{text}"
    );
    let due = t0() + day * 3 - Duration::hours(1);
    assert_eq!(fired_at(&scheduler, due).await, 1);
    let text = bot.say(&ana, "remind cancel #1").await;
    assert_eq!(text, "Reminder #1 cancelled: “journal”");
    assert_eq!(fired_at(&scheduler, t0() + day * 10).await, 0);
    assert_eq!(delivery.texts(), ["Reminder: journal"]);

    bot.say(&ana, "remind me in 5 minutes once").await;
    let text = bot.say(&ana, "remind pause 2").await;
    assert!(text.contains("happens only once"), "{text}");
}

async fn reminding_others_uses_their_zone_and_their_language(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::member("Ada");
    let bob = Who::member("Bob");
    bot.say(&bob, "settings timezone America/New_York").await;
    bot.say(&bob, "settings language fr").await;
    let text = bot
        .say(&ada, "remind member Bob tomorrow 9am review the plan")
        .await;
    // 09:00 in New York is 14:00 UTC, which Ada (UTC) sees.
    assert_eq!(
        text,
        "Reminder #1 set for Bob: 2026-11-24 14:00 (UTC). “review the plan”"
    );
    let text = bot.say(&ada, "remind bob in 2 days short form").await;
    assert!(text.starts_with("Reminder #2 set for Bob"), "{text}");
    let text = bot.say(&ada, "remind bob at 5 ambiguous").await;
    assert!(text.contains("05:00 or 17:00"), "{text}");
    let text = bot.say(&ada, "remind lsit").await;
    assert!(text.contains("Did you mean `remind list`?"), "{text}");
    bot.say(&ada, "remind cancel 2").await;
    let text = bot.say(&ada, "remind here in 1 hour stand-up").await;
    assert!(text.contains("set for this channel"), "{text}");

    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(t0() + Duration::hours(1)).await.unwrap();
    scheduler.run_due(t0() + Duration::hours(28)).await.unwrap();
    let sent = delivery.take();
    assert_eq!(sent.len(), 2);
    let to_bob = sent
        .iter()
        .find(|o| matches!(&o.target, Target::Direct { user_id, .. } if user_id == "user:bob"))
        .expect("a direct message to Bob");
    assert!(
        to_bob
            .message
            .text
            .starts_with("Rappel de **Ada** : review the plan"),
        "{}",
        to_bob.message.text
    );
    assert!(sent.iter().any(|o| o.target
        == Target::Channel {
            community_id: COMMUNITY.to_owned(),
            channel_id: "general".to_owned()
        }));
}

async fn bad_times_are_explained(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let before = bot.snapshot().await;
    for (line, expected) in [
        (
            "remind me tomorrow at 5 call",
            "Did you mean 05:00 or 17:00?",
        ),
        (
            "remind me 2025-01-01 10:00 late",
            "already passed (2025-01-01 10:00 (UTC))",
        ),
        ("remind me 2026-02-30 10:00 x", "not a real date or time"),
        (
            "remind me someday maybe",
            "I can't read `someday maybe` as a time",
        ),
        ("remind me in 5 minutes", "`text` is missing"),
        ("remind me in 999999 weeks x", "too far ahead"),
        (
            "remind circle Nowhere in 5 minutes x",
            "There is no circle named Nowhere",
        ),
        (
            "remind member Ghost in 5 minutes x",
            "I don't know a member called Ghost",
        ),
        ("remind cancel 99", "You have no reminder 99"),
    ] {
        let text = bot.say(&ana, line).await;
        assert!(text.contains(expected), "{line}: {text}");
    }
    let long = format!("remind me in 5 minutes {}", "x".repeat(1001));
    assert!(
        bot.say(&ana, &long)
            .await
            .contains("at most 1000 characters")
    );
    assert_eq!(
        crate::helpers::without_people(&before),
        crate::helpers::without_people(&bot.snapshot().await)
    );
    assert!(bot.store().job_counts().await.unwrap().is_empty());
    let text = bot
        .say(
            &ana.clone().with_locale(bot_core::Locale::Nl),
            "herinner mij morgen om 5 bellen",
        )
        .await;
    assert!(text.contains("Bedoel je 05:00 of 17:00?"), "{text}");
}

on_both_databases!(
    a_refused_occurrence_does_not_end_a_recurrence,
    a_resend_after_the_platform_forgot_the_key_is_recognised,
    a_long_retried_occurrence_is_still_delivered,
    a_slow_batch_is_not_sent_twice_by_two_processes,
    a_reminder_fires_once_at_its_time,
    weekly_reminders_keep_local_time_across_dst,
    a_restart_loses_nothing_and_sends_nothing_twice,
    a_crash_between_send_and_record_does_not_duplicate,
    an_expired_lease_is_taken_over,
    rate_limits_delay_but_never_drop,
    an_immediate_retry_waits_at_least_a_second,
    missed_reminders_fire_late_or_are_summarized,
    two_schedulers_fire_a_thousand_jobs_exactly_once,
    snoozing_from_the_button_and_the_command,
    cancel_pause_and_resume,
    reminding_others_uses_their_zone_and_their_language,
    bad_times_are_explained,
);
