//! Tried as a hostile member would: no line crashes or hangs the bot, a
//! panic is one event's failure, the scheduler is supervised, and every
//! command checks who may run it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use bot_core::metrics::Outcome;
use bot_core::{
    Clock, Engine, EngineConfig, FakeClock, InputKind, Locale, Scheduler, SchedulerConfig,
    SchedulerStatus,
};
use chrono::{DateTime, TimeZone, Utc};

use crate::helpers::{Bot, COMMUNITY, Db, RecordingDelivery, TestDb, Who, plain};
use crate::http::get;
use crate::{bot_or_skip, on_both_databases};

/// Lines from the field that used to end the process, with what the reply says.
async fn hostile_lines_are_refused_and_change_nothing(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    bot.say(&ana, "help").await;
    let before = bot.snapshot().await;
    let leading_on = format!("remind me {}soonish x", "on ".repeat(30_000));
    let cases: Vec<(String, &str)> = vec![
        (
            "remind me in -9999999999999999 seconds x".into(),
            "does not count forward",
        ),
        (
            "remind me in -300000000 days x".into(),
            "does not count forward",
        ),
        (
            r#"poll create "Q" "a" "b" closes:"in -9999999999999999 s""#.into(),
            "does not count forward",
        ),
        (
            "remind me in 9999999999999999 seconds x".into(),
            "too far ahead",
        ),
        (
            "settings away until in -9223372036854775808 seconds".into(),
            "does not count forward",
        ),
        ("remind snooze 1 -5m".into(), "length of time"),
        ("circle join x\0y".into(), "NUL character"),
        (leading_on, "as a time"),
    ];
    for (line, expected) in &cases {
        let out = tokio::time::timeout(
            StdDuration::from_secs(20),
            bot.send(&ana, InputKind::Text(line.clone())),
        )
        .await
        .expect("answered in time");
        let text = plain(&out);
        let shown: String = line.chars().take(60).collect();
        assert!(text.contains(expected), "{shown} → {text}");
        assert!(out.iter().all(|o| o.message.ephemeral), "{shown}");
    }
    assert_eq!(bot.engine.metrics().count(Outcome::Failed), 0);
    assert_eq!(
        before,
        bot.snapshot().await,
        "a refusal changed the database"
    );
    // French and Dutch say it in their words.
    for (locale, phrase) in [(Locale::Fr, "ne compte pas"), (Locale::Nl, "telt niet")] {
        let who = Who::member("Ana").with_locale(locale);
        let text = bot.say(&who, "remind me in -5 minutes x").await;
        assert!(text.contains(phrase), "{locale}: {text}");
    }
}

/// The snapshot that "changes nothing" tests compare covers every table.
async fn the_snapshot_covers_every_table(db: Db) {
    let bot = bot_or_skip!(db);
    let tables = match bot.store() {
        bot_core::Store::Sqlite(pool) => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
        )
        .fetch_one(pool)
        .await
        .unwrap(),
        bot_core::Store::Postgres(pool) => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
               AND table_name NOT LIKE '\\_sqlx%'",
        )
        .fetch_one(pool)
        .await
        .unwrap(),
    };
    assert!(tables >= 14, "{tables}");
    assert_eq!(
        crate::helpers::snapshot_tables(bot.store()).await as i64,
        tables
    );
}

/// A clock that panics while armed: a real engine whose port fails the
/// hard way, as a bug in any handler would.
#[derive(Debug, Clone)]
struct ArmedClock {
    inner: FakeClock,
    armed: Arc<AtomicBool>,
}

impl Clock for ArmedClock {
    fn now(&self) -> DateTime<Utc> {
        assert!(!self.armed.load(Ordering::SeqCst), "the clock is armed");
        self.inner.now()
    }
}

async fn armed_engine(db: Db) -> Option<(Engine, Arc<AtomicBool>, TestDb)> {
    let db = TestDb::create(db).await?;
    let armed = Arc::new(AtomicBool::new(false));
    let clock = ArmedClock {
        inner: FakeClock::at(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()),
        armed: armed.clone(),
    };
    let engine = Engine::new(db.store().await, Arc::new(clock), EngineConfig::default());
    Some((engine, armed, db))
}

async fn a_panicking_handler_is_that_events_failure(db: Db) {
    let Some((engine, armed, _db)) = armed_engine(db).await else {
        return;
    };
    let ana = Who::member("Ana");
    let say = |line: &str| engine.handle(ana.input(InputKind::Text(line.to_owned())));
    assert!(plain(&say("circle list").await).contains("no circles"));
    armed.store(true, Ordering::SeqCst);
    let out = say("remind me in 5 minutes x").await;
    assert_eq!(out.len(), 1);
    assert!(out[0].message.ephemeral);
    assert!(
        plain(&out).contains("Sorry, something went wrong"),
        "{}",
        plain(&out)
    );
    assert_eq!(engine.metrics().count(Outcome::Failed), 1);
    armed.store(false, Ordering::SeqCst);
    let text = plain(&say("remind me in 5 minutes x").await);
    assert!(text.contains("Reminder #1"), "the engine goes on: {text}");
}

/// Waits (bounded) until the engine reports `status`.
async fn status_becomes(engine: &Engine, status: SchedulerStatus) {
    tokio::time::timeout(StdDuration::from_secs(20), async {
        while engine.scheduler_status() != status {
            tokio::time::sleep(StdDuration::from_millis(5)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the scheduler never became {status:?}"));
}

async fn a_dead_scheduler_is_restarted_and_reported(db: Db) {
    let Some((engine, armed, _db)) = armed_engine(db).await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_http, http_stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(mentorbot::http::serve(
        listener,
        mentorbot::http::router(engine.clone()),
        async {
            let _ = http_stopped.await;
        },
    ));
    let delivery = Arc::new(RecordingDelivery::default());
    let config = SchedulerConfig {
        restart_after: StdDuration::from_millis(20),
        ..SchedulerConfig::default()
    };
    let scheduler = Scheduler::new(engine.clone(), delivery.clone(), "a", config);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let supervisor = tokio::spawn(async move {
        scheduler
            .run_supervised(async {
                let _ = stopped.await;
            })
            .await;
    });
    status_becomes(&engine, SchedulerStatus::Running).await;
    assert!(get(addr, "/healthz").await.starts_with("HTTP/1.1 200"));

    // The loop reads the clock every step: armed, it panics, again and again.
    armed.store(true, Ordering::SeqCst);
    engine.wake_scheduler();
    status_becomes(&engine, SchedulerStatus::Restarting).await;
    let health = get(addr, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 503"), "{health}");
    assert!(health.contains("scheduler not running"), "{health}");

    // Repaired, it runs again.
    armed.store(false, Ordering::SeqCst);
    status_becomes(&engine, SchedulerStatus::Running).await;
    let ana = Who::member("Ana");
    let out = engine
        .handle(ana.input(InputKind::Text("remind me in 1 second hi".into())))
        .await;
    assert!(plain(&out).contains("Reminder #1"), "{}", plain(&out));
    assert!(get(addr, "/healthz").await.starts_with("HTTP/1.1 200"));

    stop.send(()).unwrap();
    tokio::time::timeout(StdDuration::from_secs(20), supervisor)
        .await
        .expect("stops on shutdown")
        .unwrap();
    assert_eq!(engine.scheduler_status(), SchedulerStatus::Stopped);
    stop_http.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Roles for the permission table.
struct Cast {
    admin: Who,
    host: Who,
    member: Who,
    stranger: Who,
}

async fn cast(bot: &Bot) -> Cast {
    let cast = Cast {
        admin: Who::admin("Ada"),
        host: Who::member("Hana"),
        member: Who::member("Mo"),
        stranger: Who::member("Sam"),
    };
    let setup: &[(&Who, &str)] = &[
        (&cast.admin, "circle create Rust capacity:6"),
        (&cast.host, "circle join Rust"),
        (&cast.member, "circle join Rust"),
        (&cast.admin, "circle host Rust hana"),
        (
            &cast.admin,
            r#"poll create "Circle only?" "a" "b" circle:Rust"#,
        ),
        (&cast.stranger, "remind me in 3 hours sam's own"),
        (&cast.admin, "pulse create Staff pulse"),
        (&cast.admin, r#"pulse question add 1 scale "Workload?""#),
    ];
    for (who, line) in setup {
        let text = bot.say(who, line).await;
        assert!(!text.contains("Sorry"), "{line}: {text}");
    }
    // Made in another channel: a reminder and a poll there.
    for line in [
        "remind here in 2 hours private standup",
        r#"poll create "Elsewhere?" "x" "y""#,
    ] {
        let mut input = cast.admin.input(InputKind::Text(line.to_owned()));
        input.place.channel_id = "staff-room".to_owned();
        let text = plain(&bot.engine.handle(input).await);
        assert!(!text.contains("Sorry"), "{line}: {text}");
    }
    // And in a (private) thread of the general channel.
    for line in [
        "remind here in 2 hours thread secret",
        r#"poll create "Thread only?" "x" "y""#,
    ] {
        let mut input = cast.admin.input(InputKind::Text(line.to_owned()));
        input.place.thread_id = Some("private-thread".to_owned());
        let text = plain(&bot.engine.handle(input).await);
        assert!(!text.contains("Sorry"), "{line}: {text}");
    }
    cast
}

/// Every mutating or revealing command, run as member, host, admin and
/// stranger: a refusal is private and changes nothing; an allowed one runs.
async fn every_command_checks_who_may_run_it(db: Db) {
    let bot = bot_or_skip!(db);
    let c = cast(&bot).await;
    // Reminder #1 is Sam's, #2 the staff room's, #3 the thread's; poll #1
    // the circle's, #2 the staff room's, #3 the thread's.
    let table: Vec<(&Who, &str, bool)> = vec![
        (&c.stranger, "remind snooze 3 10m", false),
        (&c.stranger, "poll vote 3 1", false),
        (&c.stranger, "poll results 3", false),
        (&c.member, "poll export 3", false),
        (&c.stranger, "remind snooze 2 10m", false),
        (&c.stranger, "remind cancel 2", false),
        (&c.stranger, "remind pause 2", false),
        (&c.stranger, "poll vote 1 1", false),
        (&c.stranger, "poll results 1", false),
        (&c.stranger, "poll export 1", false),
        (&c.stranger, "poll close 1", false),
        (&c.stranger, "poll vote 2 1", false),
        (&c.stranger, "poll results 2", false),
        (&c.stranger, "checkin Rust we met", false),
        (&c.stranger, "circle add Rust sam", false),
        (&c.stranger, "circle remove Rust mo", false),
        (&c.stranger, "circle host Rust sam", false),
        (&c.stranger, "circle archive Rust", false),
        (&c.stranger, "circle nudge Rust 7", false),
        (&c.stranger, "circle thread Rust", false),
        (&c.stranger, "remind circle Rust in 1 hour x", false),
        (
            &c.stranger,
            "settings community timezone Europe/Paris",
            false,
        ),
        (&c.stranger, "settings community language fr", false),
        (&c.stranger, "circle create Mine", false),
        (&c.member, "circle archive Rust", false),
        (&c.member, "circle add Rust sam", false),
        (&c.member, "circle nudge Rust 7", false),
        (&c.member, "remind circle Rust in 1 hour x", false),
        (&c.member, "poll close 1", false),
        (&c.member, "poll export 1", false),
        (&c.member, "remind cancel 1", false),
        (&c.member, "settings community timezone Europe/Paris", false),
        (&c.host, "settings community timezone Europe/Paris", false),
        (&c.host, "circle create Another", false),
        (&c.host, "remind cancel 1", false),
        // Pulse #1 is the admin's draft; feedback is the circle's hosts'.
        (&c.stranger, "pulse results 1", false),
        (&c.stranger, "pulse show 1", false),
        (&c.stranger, "pulse schedule 1", false),
        (&c.stranger, "pulse question add 1 text \"x\"", false),
        (&c.stranger, "pulse question remove 1 1", false),
        (&c.stranger, "pulse close 1", false),
        (&c.stranger, "pulse export 1", false),
        (&c.stranger, "pulse answer 1 1 3", false),
        (&c.stranger, "circle feedback Rust off", false),
        (&c.stranger, "feedback show Rust", false),
        (&c.member, "pulse schedule 1", false),
        (&c.member, "pulse pause 1", false),
        (&c.member, "circle feedback Rust off", false),
        (&c.member, "feedback show Rust", false),
        (&c.host, "pulse schedule 1", false),
        (&c.host, "pulse close 1", false),
        // Programme figures: admins, and hosts for their own circles.
        (&c.stranger, "stats", false),
        (&c.stranger, "stats export", false),
        (&c.member, "stats", false),
        (&c.member, "stats Rust", false),
        (&c.member, "stats export Rust period:90d", false),
        (&c.host, "stats Rust period:term", true),
        (&c.host, "stats export", true),
        (&c.admin, "stats", true),
        (&c.admin, "pulse show 1", true),
        (&c.host, "circle feedback Rust off", true),
        (&c.member, "poll vote 1 1", true),
        (&c.member, "poll results 1", true),
        (&c.member, "checkin Rust we met", true),
        (&c.stranger, "remind snooze 1 10m", true),
        (&c.host, "remind circle Rust in 1 hour x", true),
        (&c.host, "circle nudge Rust 7", true),
        (&c.host, "poll export 1", true),
        (&c.host, "circle add Rust sam", true),
        (&c.admin, "poll results 2", true),
        (&c.admin, "remind cancel 1", true),
        (&c.admin, "settings community timezone Europe/Paris", true),
        (&c.admin, "circle archive Rust", true),
    ];
    // Completions offer only the polls the reader may see (before the host adds Sam).
    let seen = |user: &'static str| {
        let engine = bot.engine.clone();
        async move {
            engine
                .complete(
                    &bot_core::Place {
                        community_id: COMMUNITY.to_owned(),
                        channel_id: "general".to_owned(),
                        thread_id: None,
                    },
                    user,
                    &["poll", "vote"],
                    "id",
                    "",
                )
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.value)
                .collect::<Vec<_>>()
        }
    };
    assert!(seen("user:sam").await.is_empty());
    assert_eq!(seen("user:mo").await, ["1"]);
    for (who, line, allowed) in &table {
        let before = bot.snapshot().await;
        let refused = bot.engine.metrics().count(Outcome::Refused);
        let out = bot.send(who, InputKind::Text((*line).to_owned())).await;
        let text = plain(&out);
        let was_refused = bot.engine.metrics().count(Outcome::Refused) > refused;
        assert_eq!(!was_refused, *allowed, "{} {line}: {text}", who.name);
        if !allowed {
            assert!(out.iter().all(|o| o.message.ephemeral), "{line}: {text}");
            assert_eq!(
                before,
                bot.snapshot().await,
                "{} {line} changed something",
                who.name
            );
            assert!(!text.contains("private standup"), "{line}: {text}");
            assert!(!text.contains("Elsewhere"), "{line}: {text}");
            assert!(!text.contains("thread secret"), "{line}: {text}");
            assert!(!text.contains("Thread only"), "{line}: {text}");
        }
    }
    assert_eq!(bot.engine.metrics().count(Outcome::Failed), 0);
    // Nothing of the staff room leaks into the stranger's own list either.
    let text = bot.say(&c.stranger, "remind list").await;
    assert!(!text.contains("private standup"), "{text}");
    eprintln!("permission table: {} cases", table.len());
}

/// An admin flag follows the platform on every event, not only when a
/// display name changes.
async fn admin_rights_are_refreshed_from_every_event(db: Db) {
    let bot = bot_or_skip!(db);
    let admin_flag = |user: &'static str| {
        let store = bot.store().clone();
        async move {
            store
                .member_context(COMMUNITY, user)
                .await
                .unwrap()
                .and_then(|k| k.is_admin)
        }
    };
    bot.say(&Who::admin("Ada"), "circle list").await;
    assert_eq!(admin_flag("user:ada").await, Some(true));
    bot.say(&Who::member("Ada"), "circle list").await;
    assert_eq!(admin_flag("user:ada").await, Some(false), "lost admin");
    bot.say(&Who::member("Bob"), "circle list").await;
    bot.say(&Who::admin("Bob"), "circle list").await;
    assert_eq!(admin_flag("user:bob").await, Some(true), "gained admin");
}

/// Past a member's or a community's limit, a clear refusal that changes nothing.
async fn limits_refuse_clearly_and_change_nothing(db: Db) {
    let Some(test_db) = TestDb::create(db).await else {
        return;
    };
    let config = EngineConfig {
        limits: bot_core::Limits {
            reminders_per_member: 2,
            reminders_per_community: 3,
            open_polls_per_member: 1,
            open_polls_per_community: 2,
        },
        ..EngineConfig::default()
    };
    let clock = FakeClock::at(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap());
    let engine = Engine::new(test_db.store().await, Arc::new(clock), config);
    let say = |who: &Who, line: &str| {
        let input = who.input(InputKind::Text(line.to_owned()));
        let engine = engine.clone();
        async move { plain(&engine.handle(input).await) }
    };
    let (ana, bob, cem) = (Who::member("Ana"), Who::member("Bob"), Who::member("Cem"));
    for who in [&ana, &bob, &cem] {
        say(who, "help").await;
    }
    assert!(say(&ana, "remind me in 1 hour one").await.contains("#1"));
    assert!(say(&ana, "remind me in 2 hours two").await.contains("#2"));
    let before = crate::helpers::snapshot(engine.store()).await;
    let text = say(&ana, "remind me in 3 hours three").await;
    assert!(text.contains("You already keep 2 reminders"), "{text}");
    let text = say(&ana, "remind snooze 1 10m").await;
    assert!(text.contains("You already keep 2 reminders"), "{text}");
    assert_eq!(before, crate::helpers::snapshot(engine.store()).await);
    assert!(say(&bob, "remind me in 1 hour bob").await.contains("#3"));
    let before = crate::helpers::snapshot(engine.store()).await;
    let text = say(&bob, "remind me in 1 hour again").await;
    assert!(text.contains("already has 3 reminders"), "{text}");
    assert_eq!(before, crate::helpers::snapshot(engine.store()).await);
    say(&ana, "remind cancel 1").await;
    assert!(say(&bob, "remind me in 1 hour again").await.contains("#4"));

    assert!(
        say(&ana, r#"poll create "One?" "a" "b""#)
            .await
            .contains("#1")
    );
    let before = crate::helpers::snapshot(engine.store()).await;
    let text = say(&ana, r#"poll create "Two?" "a" "b""#).await;
    assert!(text.contains("You already have 1 open polls"), "{text}");
    assert_eq!(before, crate::helpers::snapshot(engine.store()).await);
    assert!(
        say(&bob, r#"poll create "Bob?" "a" "b""#)
            .await
            .contains("#2")
    );
    let before = crate::helpers::snapshot(engine.store()).await;
    let text = say(&cem, r#"poll create "Cem?" "a" "b""#).await;
    assert!(text.contains("already has 2 open polls"), "{text}");
    let fr = say(
        &cem.clone().with_locale(Locale::Fr),
        r#"poll create "Cem?" "a" "b""#,
    )
    .await;
    assert!(fr.contains("sondages ouverts"), "{fr}");
    assert_eq!(
        crate::helpers::without_people(&before),
        crate::helpers::without_people(&crate::helpers::snapshot(engine.store()).await)
    );
    assert_eq!(engine.metrics().count(Outcome::Failed), 0);
}

on_both_databases!(
    hostile_lines_are_refused_and_change_nothing,
    the_snapshot_covers_every_table,
    a_panicking_handler_is_that_events_failure,
    a_dead_scheduler_is_restarted_and_reported,
    every_command_checks_who_may_run_it,
    admin_rights_are_refreshed_from_every_event,
    limits_refuse_clearly_and_change_nothing,
);
