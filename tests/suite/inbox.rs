//! Every received command is answered once: the inbox keeps an input from
//! its arrival until its answer is delivered, so a process that dies in
//! between loses nothing (the scheduler answers it), and an event a
//! platform delivers again is not handled twice.

use bot_core::{Action, InputKind, Received, Target};
use chrono::Duration;

use crate::helpers::{COMMUNITY, Db, Who, plain};
use crate::{bot_or_skip, on_both_databases};

const PLATFORM: &str = "test";

fn text(line: &str) -> InputKind {
    InputKind::Text(line.to_owned())
}

/// A process that recorded an input and died before handling it: the
/// scheduler handles it once the grace is over and answers in the channel.
async fn a_command_received_by_a_process_that_died_is_answered(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let input = ana.input(text(r#"remind me in 1 hour "call the school""#));
    let json = serde_json::to_string(&input).unwrap();
    let now = bot_core::Clock::now(&bot.clock);
    let id = bot
        .store()
        .receive_input(
            PLATFORM,
            "ev1",
            None,
            &json,
            true,
            now,
            now + bot_core::ANSWER_GRACE,
        )
        .await
        .unwrap()
        .expect("first reception");
    assert!(bot.store().inbox_entry(id).await.unwrap().is_some());
    // Nothing was handled: no reminder yet.
    assert!(
        bot.store()
            .reminders_of(COMMUNITY, "user:ana")
            .await
            .unwrap()
            .is_empty()
    );

    // Another process starts; within the grace it leaves the input alone
    // (the first one may still be answering it).
    let engine = bot.restart().await;
    let (scheduler, delivery) = crate::helpers::scheduler_for(&engine, &bot.clock, "b");
    let report = scheduler
        .run_due(now + Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(report.fired, 0);
    assert!(delivery.take().is_empty());

    // After it, the input is handled and answered where it was said.
    let later = now + bot_core::ANSWER_GRACE + Duration::seconds(1);
    bot.clock.set(later);
    let report = scheduler.run_due(later).await.unwrap();
    assert_eq!(report.fired, 1, "{report:?}");
    assert_eq!(report.summarized, 0, "an answer is not a missed reminder");
    let sent = delivery.take();
    assert_eq!(sent.len(), 1, "{sent:?}");
    // The confirmation was private: by direct message, never in the channel.
    assert_eq!(
        sent[0].target,
        Target::Direct {
            community_id: COMMUNITY.to_owned(),
            user_id: "user:ana".to_owned(),
            fallback_channel: None,
        }
    );
    assert!(
        plain(&sent).starts_with("Reminder #1 set for you"),
        "{}",
        plain(&sent)
    );
    let reminders = bot
        .store()
        .reminders_of(COMMUNITY, "user:ana")
        .await
        .unwrap();
    assert_eq!(reminders.len(), 1);

    // Answered for good: what was said is forgotten, and nothing more goes out.
    let row = bot.store().inbox_entry(id).await.unwrap().unwrap();
    assert_eq!(row.state, "answered");
    assert_eq!((row.input, row.answer), (None, None));
    assert_eq!(bot.store().unanswered_inputs().await.unwrap(), 0);
    let report = scheduler.run_due(later + Duration::hours(2)).await.unwrap();
    // (The reminder itself fires now, by direct message; no second answer.)
    let sent = delivery.take();
    assert!(
        sent.iter()
            .all(|o| !matches!(o.target, Target::Channel { .. })),
        "{sent:?}"
    );
    assert_eq!(report.fired, 1);
    assert_eq!(
        bot.store()
            .reminders_of(COMMUNITY, "user:ana")
            .await
            .unwrap()
            .len(),
        0,
        "the one-off reminder fired and is done"
    );
}

/// A process that handled a command and died before its answer went out:
/// the kept answer is sent, and the command is not carried out again.
async fn a_kept_answer_is_sent_without_handling_again(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let first = bot
        .engine
        .handle_once(
            PLATFORM,
            "ev1",
            None,
            ada.input(text("circle create Readers")),
            true,
        )
        .await;
    let Received::Answer { receipt, out } = first else {
        panic!("first reception");
    };
    assert!(receipt.is_some());
    assert!(plain(&out).contains("Readers"), "{}", plain(&out));
    // ...and the process dies here, before sending.

    let (scheduler, delivery) = bot.scheduler("b");
    let later = bot_core::Clock::now(&bot.clock) + bot_core::ANSWER_GRACE + Duration::seconds(1);
    let report = scheduler.run_due(later).await.unwrap();
    assert_eq!(report.fired, 1, "{report:?}");
    let sent = delivery.take();
    assert_eq!(plain(&sent), plain(&out), "the answer as it was given");
    // A second handling would have said the circle exists already.
    let text = bot.say(&ada, "circle list").await;
    assert_eq!(text.matches("Readers").count(), 1, "{text}");
    assert!(
        scheduler
            .run_due(later + Duration::hours(1))
            .await
            .unwrap()
            .fired
            == 0
    );
    assert!(delivery.take().is_empty());
}

/// The same event delivered twice (a sync batch again after a restart) is
/// handled once; the same key from another platform is another event.
async fn a_redelivered_event_is_handled_once(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let line = r#"remind me in 1 hour "stretch""#;
    let first = bot
        .engine
        .handle_once(PLATFORM, "$event", None, ana.input(text(line)), true)
        .await;
    let Received::Answer { receipt, out } = first else {
        panic!("first reception");
    };
    bot.engine
        .answered(receipt.unwrap(), &out, &vec![true; out.len()])
        .await;
    let again = bot
        .engine
        .handle_once(PLATFORM, "$event", None, ana.input(text(line)), true)
        .await;
    assert!(matches!(again, Received::Before), "{again:?}");
    assert_eq!(
        bot.store()
            .reminders_of(COMMUNITY, "user:ana")
            .await
            .unwrap()
            .len(),
        1
    );
    let other = bot
        .engine
        .handle_once("other", "$event", None, ana.input(text(line)), true)
        .await;
    assert!(matches!(other, Received::Answer { .. }));
    assert_eq!(
        bot.store()
            .reminders_of(COMMUNITY, "user:ana")
            .await
            .unwrap()
            .len(),
        2
    );

    // A settled key is remembered for a while (`INBOX_MEMORY`), then forgotten.
    let (scheduler, _delivery) = bot.scheduler("a");
    scheduler
        .run_due(bot_core::Clock::now(&bot.clock) + Duration::minutes(1))
        .await
        .unwrap();
    let snapshot = bot.snapshot().await;
    assert!(
        snapshot.contains("$event"),
        "kept to recognise a redelivery"
    );
    let after_memory =
        bot_core::Clock::now(&bot.clock) + bot_core::INBOX_MEMORY + Duration::hours(2);
    // (The entry from "other" was never settled by its adapter: its answer
    // job delivers it in this step, and the next hour's pruning forgets it.)
    scheduler.run_due(after_memory).await.unwrap();
    scheduler
        .run_due(after_memory + Duration::hours(1))
        .await
        .unwrap();
    let snapshot = bot.snapshot().await;
    assert!(snapshot.contains("\ninbox: []\n"), "{snapshot}");
}

/// An answered command leaves no trace of what was said, and no job.
async fn an_answered_command_leaves_only_its_key(db: Db) {
    let bot = bot_or_skip!(db);
    let ana = Who::member("Ana");
    let secret = "my private worry about the inspection";
    let received = bot
        .engine
        .handle_once(
            PLATFORM,
            "ev-private",
            None,
            ana.input(text(&format!(r#"remind me in 1 hour "{secret}""#))),
            true,
        )
        .await;
    let Received::Answer { receipt, out } = received else {
        panic!("first reception");
    };
    let receipt = receipt.unwrap();
    bot.engine
        .answered(receipt, &out, &vec![true; out.len()])
        .await;
    let snapshot = bot.snapshot().await;
    let line = |table: &str| -> String {
        snapshot
            .lines()
            .find(|l| l.starts_with(&format!("{table}: ")))
            .unwrap_or_else(|| panic!("no {table} in {snapshot}"))
            .to_owned()
    };
    let inbox = line("inbox");
    assert!(inbox.contains("ev-private"), "{inbox}");
    assert!(!inbox.contains("inspection"), "{inbox}");
    assert!(!inbox.contains("user:ana"), "{inbox}");
    assert!(!line("jobs").contains("answer"), "{}", line("jobs"));
    let (scheduler, delivery) = bot.scheduler("a");
    let report = scheduler
        .run_due(bot_core::Clock::now(&bot.clock) + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(report.fired, 0);
    assert!(delivery.take().is_empty());
}

/// Parts the adapter sent are not sent again; the rest go out, and a
/// private reply goes to the person by direct message.
async fn only_the_unsent_parts_of_an_answer_go_out(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, "circle create Threaded").await;
    let received = bot
        .engine
        .handle_once(
            PLATFORM,
            "ev2",
            None,
            ada.input(text("circle thread Threaded")),
            true,
        )
        .await;
    let Received::Answer { receipt, out } = received else {
        panic!("first reception");
    };
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(matches!(out[1].target, Target::NamedThread { .. }));
    // The reply went out; the thread's message did not (rate-limited).
    bot.engine
        .answered(receipt.unwrap(), &out, &[true, false])
        .await;
    let (scheduler, delivery) = bot.scheduler("a");
    let later = bot_core::Clock::now(&bot.clock) + bot_core::ANSWER_GRACE + Duration::seconds(1);
    assert_eq!(scheduler.run_due(later).await.unwrap().fired, 1);
    let sent = delivery.take();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].target, out[1].target);
    assert_eq!(sent[0].message.text, out[1].message.text);

    // A private answer the person never got comes by direct message.
    bot.say(&ada, r#"poll create "Hidden?" "x" "y" hide-results"#)
        .await;
    let bob = Who::member("Bob");
    let press = bob.input(InputKind::Action {
        action: Action::PollBallot { poll_id: 1 }.encode(),
        values: Vec::new(),
    });
    let received = bot
        .engine
        .handle_once(PLATFORM, "ev3", None, press, true)
        .await;
    let Received::Answer { out, .. } = received else {
        panic!("first reception");
    };
    assert!(out[0].message.ephemeral, "{out:?}");
    let later = later + bot_core::ANSWER_GRACE * 2;
    assert_eq!(scheduler.run_due(later).await.unwrap().fired, 1);
    let sent = delivery.take();
    assert_eq!(sent.len(), out.len());
    let direct = Target::Direct {
        community_id: COMMUNITY.to_owned(),
        user_id: "user:bob".to_owned(),
        fallback_channel: None,
    };
    assert_eq!(sent[0].target, direct, "never into the channel");
    assert!(!sent[0].message.ephemeral);
    assert_eq!(sent[0].message.text, out[0].message.text);
}

on_both_databases!(
    a_command_received_by_a_process_that_died_is_answered,
    a_kept_answer_is_sent_without_handling_again,
    a_redelivered_event_is_handled_once,
    an_answered_command_leaves_only_its_key,
    only_the_unsent_parts_of_an_answer_go_out,
);
