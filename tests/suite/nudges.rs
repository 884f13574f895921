//! Check-ins, goals, availability and the nudge ladder, with a fake clock.

use std::time::Duration as StdDuration;

use bot_core::{Action, Component, InputKind, Target};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::helpers::{COMMUNITY, Db, Who, plain};
use crate::{bot_or_skip, on_both_databases};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

/// A nudge by direct message; it falls back to the circle's place when DMs are closed.
fn direct(user: &str) -> Target {
    Target::Direct {
        community_id: COMMUNITY.to_owned(),
        user_id: user.to_owned(),
        fallback_channel: Some("general".to_owned()),
    }
}

async fn checkins_and_goals(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, r#"circle create "Rust beginners""#).await;
    let text = bot
        .say(&ada, "checkin Rust beginners met today, read chapter 3")
        .await;
    assert!(
        text.contains("Check-in #1 logged for Rust beginners"),
        "{text}"
    );
    assert!(text.contains("by 2026-12-07"), "{text}");
    let text = bot.say(&ada, "checkin felt stuck on lifetimes").await;
    assert_eq!(text, "Check-in #2 logged.");
    let text = bot.say(&ada, "checkin").await;
    assert!(text.starts_with("Tell me what to log"), "{text}");

    let text = bot.say(&ada, "goal set finish the Rust book").await;
    assert_eq!(
        text,
        "Goal #1 set: “finish the Rust book”. `goal done 1` when you reach it."
    );
    bot.say(&ada, "goal set mentor someone").await;
    let text = bot.say(&Who::member("Bob"), "goal done 1").await;
    assert!(text.starts_with("You have no open goal 1"), "{text}");
    let text = bot.say(&ada, "goal done #1").await;
    assert_eq!(
        text,
        "Well done! Goal #1 is reached: “finish the Rust book”"
    );
    let text = bot.say(&ada, "goal done 1").await;
    assert!(text.starts_with("You have no open goal 1"), "{text}");
    let text = bot.say(&ada, "goal list").await;
    assert_eq!(
        text,
        "2 goals:\n- #2 mentor someone\n- #1 finish the Rust book (done)"
    );
    let text = bot.say(&Who::member("Bob"), "goal list").await;
    assert!(text.starts_with("You have no goals yet"), "{text}");
}

async fn a_quiet_circle_climbs_the_ladder(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let bob = Who::member("Bob");
    let chloe = Who::member("Chloé");
    bot.say(&bob, "help").await;
    bot.say(&ada, "circle create Quiet").await;
    // This scenario counts every message; feedback after a check-in has its own.
    bot.say(&ada, "circle feedback Quiet off").await;
    bot.say(&ada, "circle host Quiet bob").await;
    bot.say(&chloe, "circle join Quiet").await;
    let text = bot.say(&bob, "circle nudge Quiet 7").await;
    assert!(text.contains("nudged after 7 days"), "{text}");
    let text = bot.say(&chloe, "circle nudge Quiet 1").await;
    assert!(text.contains("Only a host of Quiet"), "{text}");

    let (scheduler, delivery) = bot.scheduler("a");
    assert_eq!(
        scheduler
            .run_due(t0() + Duration::days(6))
            .await
            .unwrap()
            .fired,
        0
    );
    // Day 7: the circle is nudged in its own place.
    assert_eq!(
        scheduler
            .run_due(t0() + Duration::days(7))
            .await
            .unwrap()
            .fired,
        1
    );
    let sent = delivery.take();
    assert_eq!(
        sent[0].target,
        Target::Channel {
            community_id: COMMUNITY.to_owned(),
            channel_id: "general".to_owned()
        }
    );
    assert!(
        sent[0].message.text.contains("no check-in for 7 days"),
        "{}",
        sent[0].message.text
    );
    assert!(
        sent[0].message.text.contains("`!mentor checkin Quiet`"),
        "{}",
        sent[0].message.text
    );
    // Three days later: its host, by direct message.
    scheduler.run_due(t0() + Duration::days(10)).await.unwrap();
    let sent = delivery.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, direct("user:bob"));
    assert!(
        sent[0].message.text.contains("which you host"),
        "{}",
        sent[0].message.text
    );
    // Four days later: the admins.
    scheduler.run_due(t0() + Duration::days(14)).await.unwrap();
    let sent = delivery.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, direct("user:ada"));
    assert!(
        sent[0].message.text.contains("may need a new host"),
        "{}",
        sent[0].message.text
    );
    // And then nothing more until someone checks in.
    scheduler.run_due(t0() + Duration::days(40)).await.unwrap();
    assert!(delivery.take().is_empty());

    bot.clock.set(t0() + Duration::days(40));
    bot.say(&chloe, "checkin Quiet we met!").await;
    scheduler.run_due(t0() + Duration::days(46)).await.unwrap();
    assert!(delivery.take().is_empty(), "the check-in reset the clock");
    scheduler.run_due(t0() + Duration::days(47)).await.unwrap();
    let sent = delivery.take();
    assert_eq!(sent.len(), 1, "and the ladder starts again");
    assert!(matches!(sent[0].target, Target::Channel { .. }));
}

async fn nobody_away_is_nudged_and_quiet_hours_are_kept(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let bob = Who::member("Bob");
    bot.say(&bob, "help").await;
    bot.say(&ada, "circle create Away capacity:2").await;
    bot.say(&ada, "circle host Away bob").await;
    let text = bot.say(&bob, "settings away until 2026-12-31").await;
    assert!(text.contains("away until 2026-12-31 09:00 (UTC)"), "{text}");
    let text = bot.say(&bob, "settings away every monday").await;
    assert!(text.contains("Give one date"), "{text}");

    let (scheduler, delivery) = bot.scheduler("a");
    // Day 14: every member is away, so the nudge waits for the first return.
    let report = scheduler.run_due(t0() + Duration::days(14)).await.unwrap();
    assert_eq!((report.fired, report.postponed), (0, 1));
    let back = Utc.with_ymd_and_hms(2026, 12, 31, 9, 0, 0).unwrap();
    assert_eq!(
        scheduler
            .run_due(back - Duration::minutes(1))
            .await
            .unwrap()
            .fired,
        0
    );
    assert_eq!(scheduler.run_due(back).await.unwrap().fired, 1);
    assert!(delivery.take()[0].message.text.contains("no check-in for"));

    // Quiet hours hold a reminder until they end, in the member's zone.
    bot.clock.set(t0());
    bot.say(&bob, "settings back").await;
    bot.say(&bob, "settings timezone Europe/Paris").await;
    let text = bot.say(&bob, "settings quiet-hours 22:00-08:00").await;
    assert_eq!(
        text,
        "Quiet hours set to 22:00-08:00 (Europe/Paris): messages for you wait until they end."
    );
    let text = bot.say(&bob, "settings quiet-hours whenever").await;
    assert!(text.contains("is not a range of hours"), "{text}");
    // 23:30 in Paris.
    let text = bot.say(&bob, "remind me today 23:30 sleep").await;
    assert!(text.contains("2026-11-23 23:30 (Europe/Paris)"), "{text}");
    let late = Utc.with_ymd_and_hms(2026, 11, 23, 22, 30, 0).unwrap();
    let report = scheduler.run_due(late).await.unwrap();
    assert_eq!((report.fired, report.postponed), (0, 1));
    // 08:00 in Paris is 07:00 UTC.
    let morning = Utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).unwrap();
    assert_eq!(
        scheduler
            .run_due(morning - Duration::minutes(1))
            .await
            .unwrap()
            .fired,
        0
    );
    assert_eq!(scheduler.run_due(morning).await.unwrap().fired, 1);
    let sent = delivery.take();
    // A personal reminder falls back to the channel where it was set.
    assert_eq!(
        sent[0].target,
        Target::Direct {
            community_id: COMMUNITY.to_owned(),
            user_id: "user:bob".to_owned(),
            fallback_channel: Some("general".to_owned()),
        }
    );
    assert!(
        sent[0].message.text.starts_with("Reminder: sleep"),
        "{}",
        sent[0].message.text
    );
    let text = bot.say(&bob, "settings quiet-hours off").await;
    assert!(text.starts_with("Quiet hours are off"), "{text}");
}

/// Quiet hours 22:00–02:30 in Paris end inside the autumn fold of
/// 2026-10-25 (02:30 reads twice). A step at 02:10 on the second pass must
/// postpone to the later 02:30 and return, not spin on an end in the past;
/// and the scheduler loop stops on shutdown.
async fn quiet_hours_ending_in_the_autumn_fold_postpone_forward(db: Db) {
    let bot = bot_or_skip!(db);
    let bob = Who::member("Bob");
    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 10, 24, 12, 0, 0).unwrap());
    bot.say(&bob, "settings timezone Europe/Paris").await;
    bot.say(&bob, "settings quiet-hours 22:00-02:30").await;
    let text = bot.say(&bob, "remind me in 13 hours 10 minutes x").await;
    assert!(text.contains("Reminder #1"), "{text}");
    let text = bot.say(&bob, "remind me 2026-10-25 01:00 fold").await;
    assert!(text.contains("Reminder #2"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    // 02:10 CET, the second pass through the fold.
    let second_pass = Utc.with_ymd_and_hms(2026, 10, 25, 1, 10, 0).unwrap();
    bot.clock.set(second_pass);
    let report = tokio::time::timeout(StdDuration::from_secs(20), scheduler.run_due(second_pass))
        .await
        .expect("the step returns")
        .unwrap();
    assert_eq!((report.fired, report.postponed), (0, 2));
    let rows = bot
        .store()
        .reminders_of(COMMUNITY, "user:bob")
        .await
        .unwrap();
    let end = Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap();
    for row in &rows {
        assert_eq!(bot_core::store::from_millis(row.due_at.unwrap()), end);
    }
    assert_eq!(scheduler.run_due(end).await.unwrap().fired, 2);
    assert_eq!(delivery.take().len(), 2);

    // The loop itself at that instant: it settles and honours shutdown.
    bot.say(&bob, "remind me in 1 minute again").await;
    bot.clock.set(second_pass + Duration::days(364));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let run = tokio::spawn({
        let scheduler = scheduler.clone();
        async move {
            scheduler
                .run_until_stopped(async {
                    let _ = stopped.await;
                })
                .await;
        }
    });
    tokio::time::sleep(StdDuration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::timeout(StdDuration::from_secs(20), run)
        .await
        .expect("the loop stops on shutdown")
        .unwrap();
}

async fn archived_circles_are_not_nudged(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, "circle create Gone").await;
    bot.say(&ada, "circle archive Gone").await;
    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(t0() + Duration::days(30)).await.unwrap();
    assert!(delivery.take().is_empty());
}

/// A circle's recurring reminder stops when the circle is archived.
async fn reminders_of_archived_circles_stop(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, "circle create Ending").await;
    let text = bot
        .say(&ada, "remind circle Ending every day 12:00 meet")
        .await;
    assert!(text.contains("Reminder #1"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    let noon = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    assert_eq!(scheduler.run_due(noon).await.unwrap().fired, 1);
    delivery.take();
    bot.say(&ada, "circle archive Ending").await;
    let report = scheduler.run_due(noon + Duration::days(1)).await.unwrap();
    assert_eq!((report.fired, report.skipped), (0, 1));
    assert!(delivery.take().is_empty());
    assert!(
        scheduler
            .run_due(noon + Duration::days(2))
            .await
            .unwrap()
            .fired
            == 0
    );
}

on_both_databases!(
    checkins_and_goals,
    a_quiet_circle_climbs_the_ladder,
    nobody_away_is_nudged_and_quiet_hours_are_kept,
    quiet_hours_ending_in_the_autumn_fold_postpone_forward,
    archived_circles_are_not_nudged,
    reminders_of_archived_circles_stop,
);

async fn a_circle_with_a_thread_is_nudged_there(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let bob = Who::member("Bob");
    bot.say(&ada, "circle create Threaded").await;
    bot.say(&bob, "circle join Threaded").await;
    // Only its hosts and admins may open it; a refusal changes nothing.
    let before = bot.snapshot().await;
    let text = bot.say(&bob, "circle thread Threaded").await;
    assert!(text.contains("Only a host of"), "{text}");
    assert_eq!(bot.snapshot().await, before);

    let out = bot
        .send(&ada, InputKind::Text("circle thread Threaded".into()))
        .await;
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(
        out[0].message.text.contains("**Threaded** is open"),
        "{}",
        out[0].message.text
    );
    let thread = Target::NamedThread {
        community_id: COMMUNITY.to_owned(),
        channel_id: "general".to_owned(),
        key: "circle-1".to_owned(),
        title: "Threaded".to_owned(),
    };
    assert_eq!(out[1].target, thread);
    assert!(out[1].message.text.contains("`!mentor checkin Threaded`"));

    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(t0() + Duration::days(14)).await.unwrap();
    let sent = delivery.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, thread);
    assert!(
        sent[0].message.text.contains("no check-in for 14 days"),
        "{}",
        sent[0].message.text
    );

    // Its "Check in" button asks for a note; the answer logs the check-in.
    let Component::Button { action, .. } = &sent[0].message.components[0] else {
        panic!("a check-in button");
    };
    assert_eq!(*action, Action::CheckinPrompt { circle_id: 1 });
    let out = bot
        .send(
            &bob,
            InputKind::Action {
                action: action.encode(),
                values: vec![],
            },
        )
        .await;
    let prompt = out[0].message.prompt.clone().expect("a prompt");
    assert!(
        out[0].message.text.contains("`!mentor checkin Threaded …`"),
        "{}",
        out[0].message.text
    );
    assert_eq!(prompt.action, Action::CheckinNote { circle_id: 1 });
    let before = bot.snapshot().await;
    let text = plain(
        &bot.send(
            &bob,
            InputKind::Action {
                action: "checkin:note:99".into(),
                values: vec!["x".into()],
            },
        )
        .await,
    );
    assert!(text.contains("no longer"), "{text}");
    assert_eq!(bot.snapshot().await, before);
    let text = plain(
        &bot.send(
            &bob,
            InputKind::Action {
                action: prompt.action.encode(),
                values: vec!["Met, planned May".into()],
            },
        )
        .await,
    );
    assert!(text.contains("logged for Threaded"), "{text}");
    assert!(bot.snapshot().await.contains("Met, planned May"));
}

on_both_databases!(a_circle_with_a_thread_is_nudged_there);
