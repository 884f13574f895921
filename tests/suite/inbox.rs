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
            "a-process-that-died",
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
    assert_eq!(row.state, bot_core::store::InboxState::Answered);
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

/// The process answering keeps the answer while it sends (each part it
/// sends renews its lease); one that stops sending is taken for dead, and
/// the scheduler sends only what it had not sent.
async fn the_answering_process_keeps_its_answer_while_it_sends(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, "circle create Threaded").await;
    let t = bot_core::Clock::now(&bot.clock);
    let (scheduler, delivery) = bot.scheduler("other-process");
    let mut receipts = Vec::new();
    for key in ["alive", "dead"] {
        let received = bot
            .engine
            .handle_once(
                PLATFORM,
                key,
                None,
                ada.input(text("circle thread Threaded")),
                true,
            )
            .await;
        let Received::Answer { receipt, out } = received else {
            panic!("first reception");
        };
        assert_eq!(out.len(), 2);
        receipts.push((receipt.unwrap(), out));
    }
    // Both send their first part at 90 s; only "alive" goes on.
    bot.clock.set(t + Duration::seconds(90));
    for (receipt, out) in &receipts {
        bot.engine.part_sent(*receipt, 0, &out[0]).await;
    }
    // Past the first grace: both leases were renewed.
    let report = scheduler.run_due(t + Duration::seconds(150)).await.unwrap();
    assert_eq!(report.fired, 0, "{report:?}");
    bot.clock.set(t + Duration::seconds(160));
    let (receipt, out) = &receipts[0];
    bot.engine.answered(*receipt, out, &[true, true]).await;
    // "dead" never finished: after its renewed lease the rest goes out, once.
    let report = scheduler.run_due(t + Duration::seconds(215)).await.unwrap();
    assert_eq!(report.fired, 1, "{report:?}");
    let sent = delivery.take();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].target, receipts[1].1[1].target);
    assert_eq!(
        scheduler
            .run_due(t + Duration::hours(1))
            .await
            .unwrap()
            .fired,
        0
    );
    assert!(delivery.take().is_empty());
    assert_eq!(bot.store().unanswered_inputs().await.unwrap(), 0);
}

/// An entry that cannot be read back (a format from another version) is
/// given up and cleared, not kept with what it held.
async fn an_unreadable_entry_is_cleared(db: Db) {
    let bot = bot_or_skip!(db);
    let now = bot_core::Clock::now(&bot.clock);
    bot.store()
        .receive_input(
            PLATFORM,
            "old",
            Some("a secret token"),
            "{not the input format",
            true,
            "a-process-that-died",
            now,
            now + bot_core::ANSWER_GRACE,
        )
        .await
        .unwrap()
        .unwrap();
    let (scheduler, delivery) = bot.scheduler("a");
    let report = scheduler
        .run_due(now + bot_core::ANSWER_GRACE + Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(report.skipped, 1, "{report:?}");
    assert!(delivery.take().is_empty());
    let snapshot = bot.snapshot().await;
    let inbox = snapshot.lines().find(|l| l.starts_with("inbox: ")).unwrap();
    assert!(!inbox.contains("secret"), "{inbox}");
    assert!(!inbox.contains("input format"), "{inbox}");
    assert!(
        !snapshot.contains("'answer'"),
        "no answer job left: {snapshot}"
    );
}

/// A vote keeps no trace of the voter or the choice: not the input, not
/// the platform's key, not a time finer than the day; a redelivered vote
/// is still recognised.
async fn a_vote_keeps_no_trace_of_the_voter(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let bob = Who::member("Bob");
    bot.say(&ada, r#"poll create "Honest?" "Yes" "No" anonymous"#)
        .await;
    let press = |who: &Who| {
        who.input(InputKind::Action {
            action: Action::PollVote {
                poll_id: 1,
                option: 2,
            }
            .encode(),
            values: Vec::new(),
        })
    };
    bot.clock
        .set(bot_core::Clock::now(&bot.clock) + Duration::minutes(7));
    let first = bot
        .engine
        .handle_once(PLATFORM, "$vote-event", None, press(&bob), true)
        .await;
    assert!(
        matches!(first, Received::Answer { receipt: None, .. }),
        "{first:?}"
    );
    let again = bot
        .engine
        .handle_once(PLATFORM, "$vote-event", None, press(&bob), true)
        .await;
    assert!(matches!(again, Received::Before), "{again:?}");
    // Typed, the same.
    let typed = bot
        .engine
        .handle_once(
            PLATFORM,
            "$typed-vote",
            None,
            ada.input(text("poll vote 1 1")),
            true,
        )
        .await;
    assert!(
        matches!(typed, Received::Answer { receipt: None, .. }),
        "{typed:?}"
    );
    let results = bot.say(&ada, "poll results 1").await;
    assert!(results.contains("2 voters"), "{results}");

    let snapshot = bot.snapshot().await;
    let inbox = snapshot.lines().find(|l| l.starts_with("inbox: ")).unwrap();
    for trace in [
        "user:bob",
        "user:ada",
        "$vote-event",
        "$typed-vote",
        "poll:vote",
        "vote 1",
    ] {
        assert!(!inbox.contains(trace), "{trace} in {inbox}");
    }
    assert!(!snapshot.contains("'answer'"), "no answer job: {snapshot}");
    let midnight = bot_core::Clock::now(&bot.clock)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    assert_eq!(inbox.matches(&midnight.to_string()).count(), 2, "{inbox}");
}

/// With what the adapter recorded (`origin`), a late reply is still an
/// answer to the input (`Target::Answer`), private as it was, with where it
/// goes instead; only the first reply may replace a placeholder.
async fn a_late_reply_is_still_an_answer(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, r#"poll create "Hidden?" "x" "y" hide-results"#)
        .await;
    let bob = Who::member("Bob");
    let press = bob.input(InputKind::Action {
        action: Action::PollBallot { poll_id: 1 }.encode(),
        values: Vec::new(),
    });
    let received = bot
        .engine
        .handle_once(PLATFORM, "ev", Some("what the adapter keeps"), press, true)
        .await;
    let Received::Answer { out, .. } = received else {
        panic!("first reception");
    };
    let (scheduler, delivery) = bot.scheduler("a");
    let later = bot_core::Clock::now(&bot.clock) + bot_core::ANSWER_GRACE + Duration::seconds(1);
    assert_eq!(scheduler.run_due(later).await.unwrap().fired, 1);
    let sent = delivery.take();
    assert_eq!(sent.len(), out.len());
    assert_eq!(
        sent[0].target,
        Target::Answer {
            origin: "what the adapter keeps".to_owned(),
            instead: Box::new(Target::Direct {
                community_id: COMMUNITY.to_owned(),
                user_id: "user:bob".to_owned(),
                fallback_channel: None,
            }),
            first: true,
        }
    );
    assert!(sent[0].message.ephemeral, "the adapter keeps it private");
    assert_eq!(sent[1].target, out[1].target, "not a reply: as it was");
}

on_both_databases!(
    the_answering_process_keeps_its_answer_while_it_sends,
    an_unreadable_entry_is_cleared,
    a_vote_keeps_no_trace_of_the_voter,
    a_late_reply_is_still_an_answer,
    a_command_received_by_a_process_that_died_is_answered,
    a_kept_answer_is_sent_without_handling_again,
    a_redelivered_event_is_handled_once,
    an_answered_command_leaves_only_its_key,
    only_the_unsent_parts_of_an_answer_go_out,
);
