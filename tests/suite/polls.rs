//! Polls through the engine and the scheduler, on both databases.

use bot_core::{Action, InputKind, Target};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::helpers::{COMMUNITY, Db, Who, plain};
use crate::{bot_or_skip, on_both_databases};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

fn press(who: &Who, action: Action) -> bot_core::Input {
    who.input(InputKind::Action {
        action: action.encode(),
        values: vec![],
    })
}

async fn a_poll_from_creation_to_results(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let out = bot
        .send(
            &ada,
            InputKind::Text(
                r#"poll create "How useful was today's circle?" "Very" "Somewhat" "Not really""#
                    .into(),
            ),
        )
        .await;
    assert_eq!(
        out[0].idempotency_key.as_deref(),
        Some("p1"),
        "tallies edit it"
    );
    let text = plain(&out);
    assert!(
        text.starts_with("Poll #1: How useful was today's circle?"),
        "{text}"
    );
    assert_eq!(out[0].message.components.len(), 3);
    let view = out[0]
        .message
        .poll
        .as_ref()
        .expect("structured for native polls");
    assert_eq!(view.options.len(), 3);
    assert_eq!(view.options[1].1, "Somewhat");
    assert!(!view.multi && !view.closed);

    let (bob, chloe, dan) = (Who::member("Bob"), Who::member("Chloé"), Who::member("Dan"));
    let text = bot.say(&bob, "poll vote 1 1").await;
    assert!(text.starts_with("Your vote in poll #1: 1. Very."), "{text}");
    // A button still works after a restart: its id holds everything.
    let restarted = bot.restart().await;
    let text = plain(
        &restarted
            .handle(press(
                &chloe,
                Action::PollVote {
                    poll_id: 1,
                    option: 2,
                },
            ))
            .await,
    );
    assert!(text.contains("2. Somewhat"), "{text}");
    bot.say(&dan, "poll vote #1 1").await;
    // Chloé changes her mind; a single-choice poll keeps one vote each.
    let text = bot.say(&chloe, "poll vote 1 3").await;
    assert!(text.contains("3. Not really"), "{text}");
    let text = bot.say(&chloe, "poll vote 1 1 2").await;
    assert_eq!(text, "Poll #1 takes one choice.");

    // The live tally: one edit of the poll message, a few seconds later, with the latest counts.
    let (scheduler, delivery) = bot.scheduler("a");
    assert_eq!(
        scheduler
            .run_due(t0() + Duration::seconds(2))
            .await
            .unwrap()
            .fired,
        0
    );
    assert_eq!(
        scheduler
            .run_due(t0() + Duration::seconds(3))
            .await
            .unwrap()
            .fired,
        1
    );
    let sent = delivery.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].replaces.as_deref(), Some("p1"));
    let tally = bot_core::model::markdown_to_plain(&sent[0].message.text);
    assert!(tally.contains("1. Very — 2 votes (67%)"), "{tally}");
    assert!(tally.contains("2. Somewhat — 0 votes (0%)"), "{tally}");
    assert!(tally.contains("3. Not really — 1 vote (33%)"), "{tally}");
    assert!(tally.contains("3 voters"), "{tally}");

    let out = bot
        .send(&ada, InputKind::Text("poll results 1".into()))
        .await;
    let text = plain(&out);
    assert!(text.contains("1. Very — 2 votes (67%)"), "{text}");
    let image = out[0].message.image.as_ref().expect("a chart");
    assert_eq!(&image.png[..4], b"\x89PNG");
    assert_eq!(
        image.alt,
        "Bar chart of poll #1: Very: 2, Somewhat: 0, Not really: 1"
    );

    // Only its creator, a host of its circle or an admin closes it.
    let text = bot.say(&bob, "poll close 1").await;
    assert!(text.starts_with("Only the creator of poll #1"), "{text}");
    let out = bot.send(&ada, InputKind::Text("poll close 1".into())).await;
    assert_eq!(out.len(), 2, "final poll message and results");
    assert_eq!(out[0].replaces.as_deref(), Some("p1"));
    assert!(out[0].message.components.is_empty(), "no more buttons");
    assert!(out[0].message.poll.as_ref().unwrap().closed);
    let text = bot.say(&bob, "poll vote 1 2").await;
    assert_eq!(text, "Poll #1 is closed; votes are no longer taken.");
    let text = plain(
        &restarted
            .handle(press(
                &bob,
                Action::PollVote {
                    poll_id: 1,
                    option: 2,
                },
            ))
            .await,
    );
    assert_eq!(text, "Poll #1 is closed; votes are no longer taken.");
    assert!(bot.say(&ada, "poll close 1").await.contains("is closed"));

    let out = bot
        .send(&ada, InputKind::Text("poll export 1".into()))
        .await;
    let file = out[0].message.file.as_ref().expect("a CSV file");
    assert_eq!(
        String::from_utf8(file.bytes.clone()).unwrap(),
        "\u{feff}member,option,label\r\nBob,1,Very\r\nChloé,3,Not really\r\nDan,1,Very\r\n"
    );
}

async fn anonymous_polls_keep_no_link_to_a_person(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(
        &ada,
        r#"poll create "Honest feedback?" "Good" "Bad, \"really\"" anonymous multi"#,
    )
    .await;
    for (who, line) in [
        ("Bob", "poll vote 1 1 2"),
        ("Chloé", "poll vote 1 2"),
        ("Dan", "poll vote 1 1"),
    ] {
        bot.say(&Who::member(who), line).await;
    }
    // Voting again replaces, never adds: duplicates are still prevented.
    bot.say(&Who::member("Bob"), "poll vote 1 2").await;
    // A button in a multiple-choice poll toggles its option.
    let text = plain(
        &bot.engine
            .handle(press(
                &Who::member("Dan"),
                Action::PollVote {
                    poll_id: 1,
                    option: 2,
                },
            ))
            .await,
    );
    assert!(text.contains("1. Good, 2. Bad"), "{text}");
    let text = bot.say(&ada, "poll results 1").await;
    assert!(text.contains("1. Good — 1 vote"), "{text}");
    assert!(text.contains("2. Bad, \"really\" — 3 votes"), "{text}");

    // Inspect every row of the poll's tables: no member id, no time.
    macro_rules! rows {
        ($pool:expr) => {{
            let votes: Vec<(String, i64, Option<i64>)> =
                sqlx::query_as("SELECT voter, position, voted_at FROM poll_votes")
                    .fetch_all($pool)
                    .await
                    .unwrap();
            let polls: Vec<(String, String)> =
                sqlx::query_as("SELECT question, creator_id FROM polls")
                    .fetch_all($pool)
                    .await
                    .unwrap();
            (votes, polls)
        }};
    }
    let (votes, polls) = match bot.store() {
        bot_core::Store::Sqlite(pool) => rows!(pool),
        bot_core::Store::Postgres(pool) => rows!(pool),
    };
    assert_eq!(votes.len(), 4);
    let members = ["user:bob", "user:chloé", "user:dan", "Bob", "Chloé", "Dan"];
    for (voter, _, at) in &votes {
        assert_eq!(voter.len(), 64, "a keyed hash, not an id: {voter}");
        assert!(members.iter().all(|m| !voter.contains(m)));
        assert_eq!(*at, None, "no time to match against logs");
    }
    assert_eq!(
        polls,
        [("Honest feedback?".to_owned(), "user:ada".to_owned())]
    );
    let out = bot
        .send(&ada, InputKind::Text("poll export 1".into()))
        .await;
    let csv = String::from_utf8(out[0].message.file.as_ref().unwrap().bytes.clone()).unwrap();
    assert_eq!(
        csv,
        "\u{feff}option,label,votes\r\n1,Good,1\r\n2,\"Bad, \"\"really\"\"\",3\r\n"
    );
}

async fn polls_close_by_themselves_and_can_hide_results(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let text = bot
        .say(
            &ada,
            r#"poll create "Next topic?" "Rust" "Go" hide-results closes:2h"#,
        )
        .await;
    assert!(text.contains("results hidden until it closes"), "{text}");
    assert!(text.contains("closes 2026-11-23 12:00 (UTC)"), "{text}");
    assert!(!text.contains("votes"), "no counts while hidden: {text}");
    bot.say(&Who::member("Bob"), "poll vote 1 2").await;
    let text = bot.say(&Who::member("Bob"), "poll results 1").await;
    assert_eq!(text, "The results of poll #1 are hidden until it closes.");
    let (scheduler, delivery) = bot.scheduler("a");
    assert_eq!(
        scheduler
            .run_due(t0() + Duration::minutes(119))
            .await
            .unwrap()
            .fired,
        0,
        "no tally while hidden"
    );
    assert_eq!(
        scheduler
            .run_due(t0() + Duration::hours(2))
            .await
            .unwrap()
            .fired,
        1
    );
    let sent = delivery.take();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|o| o.target
        == Target::Channel {
            community_id: COMMUNITY.to_owned(),
            channel_id: "general".to_owned()
        }));
    let results = bot_core::model::markdown_to_plain(&sent[1].message.text);
    assert!(
        results.contains("(closed)") && results.contains("2. Go — 1 vote (100%)"),
        "{results}"
    );
    let text = bot.say(&Who::member("Bob"), "poll vote 1 1").await;
    assert!(text.contains("is closed"), "{text}");
    let text = bot.say(&Who::member("Bob"), "poll list").await;
    assert!(text.starts_with("There are no open polls here"), "{text}");
}

/// A poll whose closing announcement is rate-limited (or lost in a crash)
/// still announces its results on the retry, once.
async fn a_poll_close_that_fails_to_deliver_is_announced_on_retry(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, r#"poll create "Retry?" "Yes" "No" closes:1h"#)
        .await;
    bot.say(&Who::member("Bob"), "poll vote 1 1").await;
    let (scheduler, delivery) = bot.scheduler("a");
    delivery.then(crate::helpers::Script::RetryAfter(
        std::time::Duration::from_secs(5),
    ));
    let close = t0() + Duration::hours(1);
    let report = scheduler.run_due(close).await.unwrap();
    assert_eq!((report.fired, report.retried), (0, 1));
    let text = bot.say(&Who::member("Bob"), "poll vote 1 2").await;
    assert!(text.contains("is closed"), "{text}");
    let report = scheduler
        .run_due(close + Duration::seconds(5))
        .await
        .unwrap();
    assert_eq!(report.fired, 1, "{report:?}");
    let texts = delivery.texts();
    assert!(
        texts.iter().any(|t| t.contains("1. Yes — 1 vote")),
        "{texts:?}"
    );
    assert!(
        scheduler
            .run_due(close + Duration::hours(1))
            .await
            .unwrap()
            .fired
            == 0
    );
}

/// What is stored for an anonymous poll reveals no order and no time:
/// the rows sit in key order (SQLite) or are rewritten in key order in one
/// transaction (PostgreSQL: heap position and `xmin`), and once it closes
/// its live-tally job says only when the poll began.
async fn anonymous_votes_reveal_no_order_or_time(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, r#"poll create "Order?" "a" "b" anonymous"#)
        .await;
    let voters: Vec<String> = (0..16).map(|i| format!("Voter{i:02}")).collect();
    for (i, name) in voters.iter().enumerate() {
        bot.clock.advance(Duration::minutes(3));
        let line = format!("poll vote 1 {}", 1 + i % 2);
        let text = bot.say(&Who::member(name), &line).await;
        assert!(text.contains("Your vote"), "{text}");
    }
    let (scheduler, _delivery) = bot.scheduler("a");
    scheduler.run_due(bot.engine.clock_now()).await.unwrap();
    bot.say(&ada, "poll close 1").await;
    let created = t0().timestamp_millis();
    match bot.store() {
        bot_core::Store::Sqlite(pool) => {
            // voted_at is in no index: this reads the table's own b-tree.
            let stored: Vec<String> = sqlx::query_as::<_, (String, Option<i64>)>(
                "SELECT voter, voted_at FROM poll_votes",
            )
            .fetch_all(pool)
            .await
            .unwrap()
            .into_iter()
            .map(|(voter, voted_at)| {
                assert_eq!(voted_at, None);
                voter
            })
            .collect();
            assert_sorted(&stored, "stored in key order, not arrival order");
            let rowid = sqlx::query("SELECT rowid FROM poll_votes")
                .fetch_all(pool)
                .await;
            assert!(rowid.is_err(), "no rowid to sort arrivals by");
        }
        bot_core::Store::Postgres(pool) => {
            let stored: Vec<(String, String)> =
                sqlx::query_as("SELECT voter, xmin::text FROM poll_votes ORDER BY ctid")
                    .fetch_all(pool)
                    .await
                    .unwrap();
            assert_sorted(&stored, "heap order is key order");
            assert!(
                stored.iter().all(|(_, xmin)| *xmin == stored[0].1),
                "one writing transaction for every row: {stored:?}"
            );
        }
    }
    let times = tally_job_times(bot.store()).await;
    assert_eq!(times, [(created, created)]);
}

/// The poll-tally jobs' (due_at, updated_at), on either backend.
async fn tally_job_times(store: &bot_core::Store) -> Vec<(i64, i64)> {
    let sql = "SELECT due_at, updated_at FROM jobs WHERE kind = 'poll_tally'";
    match store {
        bot_core::Store::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
        bot_core::Store::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
    }
}

fn assert_sorted<T: Ord + Clone + std::fmt::Debug>(stored: &[T], what: &str) {
    let mut sorted = stored.to_vec();
    sorted.sort();
    assert_eq!(stored.len(), 16);
    assert_eq!(stored, sorted.as_slice(), "{what}");
}

/// Where answering in the poll's place would be public (Matrix rooms), an
/// anonymous or hidden poll offers a private ballot: it goes by direct
/// message, and voting on it counts as the presser's vote.
async fn private_ballots_go_by_direct_message(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let bob = Who::member("Bob");
    let out = bot
        .send(
            &ada,
            InputKind::Text(r#"poll create "Secret?" "A" "B" anonymous"#.into()),
        )
        .await;
    let view = out[0].message.poll.clone().expect("a poll view");
    assert!(view.private && !view.is_ballot);
    assert_eq!(
        view.ballot.as_ref().map(|(a, l)| (*a, l.as_str())),
        Some((Action::PollBallot { poll_id: 1 }, "Vote privately"))
    );
    let out = bot
        .send(
            &ada,
            InputKind::Text(r#"poll create "Open?" "x" "y""#.into()),
        )
        .await;
    let view = out[0].message.poll.clone().unwrap();
    assert!(
        !view.private && view.ballot.is_none(),
        "a public poll needs none"
    );
    let out = bot
        .send(
            &ada,
            InputKind::Text(r#"poll create "Hidden?" "x" "y" hide-results"#.into()),
        )
        .await;
    assert!(out[0].message.poll.as_ref().unwrap().private);

    // Bob asks from the poll's channel: a private note here, the ballot by DM.
    let out = bot
        .engine
        .handle(press(&bob, Action::PollBallot { poll_id: 1 }))
        .await;
    assert_eq!(out.len(), 2, "{}", plain(&out));
    assert!(out[0].message.ephemeral);
    assert!(plain(&out[..1]).contains("private ballot for poll #1"));
    assert_eq!(
        out[1].target,
        Target::Direct {
            community_id: COMMUNITY.to_owned(),
            user_id: "user:bob".to_owned(),
            fallback_channel: None,
        }
    );
    let ballot = out[1].message.poll.clone().unwrap();
    assert!(ballot.is_ballot && ballot.private);
    let bobs_b = ballot.options[1].0;
    let Action::BallotVote {
        poll_id: 1,
        option: 2,
        tag,
    } = bobs_b
    else {
        panic!("{bobs_b:?}")
    };
    // Bob's ballot is his: pressed (or forged) by someone else in the same
    // channel and community, it is refused and nothing changes.
    let before = bot.snapshot().await;
    let text = plain(&bot.engine.handle(press(&Who::member("Cem"), bobs_b)).await);
    assert!(text.contains("There is no poll 1"), "{text}");
    let forged = Action::BallotVote {
        poll_id: 1,
        option: 1,
        tag: tag ^ 1,
    };
    let text = plain(&bot.engine.handle(press(&bob, forged)).await);
    assert!(text.contains("There is no poll 1"), "{text}");
    assert_eq!(
        crate::helpers::without_people(&before),
        crate::helpers::without_people(&bot.snapshot().await)
    );
    // Voting from the direct chat, for the poll's community.
    let mut vote = press(&bob, bobs_b);
    vote.place.channel_id = "dm-with-bob".to_owned();
    let text = plain(&bot.engine.handle(vote).await);
    assert!(text.contains("Your vote in poll #1: 2. B"), "{text}");
    let text = bot.say(&ada, "poll results 1").await;
    assert!(text.contains("2. B — 1 vote"), "{text}");
    // The ballot shows the reader's own choice, to them alone.
    let out = bot
        .engine
        .handle(press(&bob, Action::PollBallot { poll_id: 1 }))
        .await;
    assert!(plain(&out[1..]).contains("2. B ✓"), "{}", plain(&out));

    // A multiple-choice ballot also takes a whole selection at once (what a
    // native poll's answer carries), replacing the earlier one.
    bot.say(
        &ada,
        r#"poll create "Several?" "p" "q" "r" anonymous multi"#,
    )
    .await;
    let out = bot
        .engine
        .handle(press(&bob, Action::PollBallot { poll_id: 4 }))
        .await;
    let ballot = out[1].message.poll.clone().unwrap();
    let choose_action = ballot
        .choose
        .expect("a multiple-choice ballot sets a selection");
    assert!(matches!(
        choose_action,
        Action::BallotChoose { poll_id: 4, .. }
    ));
    for (values, expected) in [(vec!["1", "3"], "1. p, 3. r"), (vec!["2"], "2. q")] {
        let mut choose = bob.input(InputKind::Action {
            action: choose_action.encode(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        });
        choose.place.channel_id = "dm-with-bob".to_owned();
        let text = plain(&bot.engine.handle(choose).await);
        assert!(text.contains(expected), "{values:?}: {text}");
    }
    let text = bot.say(&ada, "poll results 4").await;
    assert!(
        text.contains("2. q — 1 vote") && text.contains("1. p — 0 votes"),
        "{text}"
    );

    // Nobody gets a ballot for a poll they cannot see, nor votes on one
    // from another community.
    let mut elsewhere = press(&Who::member("Cem"), Action::PollBallot { poll_id: 1 });
    elsewhere.place.channel_id = "staff-room".to_owned();
    let out = bot.engine.handle(elsewhere).await;
    assert_eq!(out.len(), 1);
    assert!(
        plain(&out).contains("There is no poll 1"),
        "{}",
        plain(&out)
    );
    let before = bot.snapshot().await;
    let mut foreign = press(&bob, bobs_b);
    foreign.place.community_id = "test:other".to_owned();
    let text = plain(&bot.engine.handle(foreign).await);
    assert!(text.contains("There is no poll 1"), "{text}");
    assert_eq!(
        crate::helpers::without_people(&before),
        crate::helpers::without_people(&bot.snapshot().await)
    );
}

async fn bad_poll_input_changes_nothing(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, r#"poll create "Keep?" "Yes" "No""#).await;
    let before = bot.snapshot().await;
    let many: String = (1..=21).map(|i| format!(" \"o{i}\"")).collect();
    let long = format!(r#"poll create "Q" "a" "{}""#, "x".repeat(201));
    for (line, expected) in [
        (
            r#"poll create "Lonely?" "Yes""#.to_owned(),
            "needs 2 to 20 options, not 1",
        ),
        (
            format!("poll create \"Crowded?\"{many}"),
            "needs 2 to 20 options, not 21",
        ),
        (
            r#"poll create "Twice?" "Yes" "yes""#.to_owned(),
            "The option “yes” is there twice",
        ),
        (
            r#"poll create "" "a" "b""#.to_owned(),
            "The question can't be empty",
        ),
        (long, "at most 200 characters"),
        (
            r#"poll create "When?" "a" "b" closes:yesterday"#.to_owned(),
            "can't read",
        ),
        (
            "poll vote 1 0".to_owned(),
            "`0` is not an option: choose numbers from 1 to 2",
        ),
        ("poll vote 1 21".to_owned(), "`21` is not an option"),
        ("poll vote 9 1".to_owned(), "There is no poll 9 here"),
        ("poll close 9".to_owned(), "There is no poll 9 here"),
    ] {
        let text = bot.say(&ada, &line).await;
        assert!(text.contains(expected), "{line}: {text}");
    }
    let text = bot.say(&Who::member("Bob"), "poll close 1").await;
    assert!(text.starts_with("Only the creator"), "{text}");
    let after = bot.snapshot().await;
    assert_eq!(
        crate::helpers::without_people(&before),
        crate::helpers::without_people(&after)
    );
    for locale in [bot_core::Locale::Fr, bot_core::Locale::Nl] {
        let text = bot
            .say(&ada.clone().with_locale(locale), r#"poll create "Q" "a""#)
            .await;
        assert!(!text.contains("needs 2 to 20"), "{locale}: {text}");
        assert!(text.contains("20"), "{locale}: {text}");
    }
}

/// A poll whose stored language or zone cannot be read (a row from an older
/// version, say) is written in the community's configured defaults, not in
/// English and UTC.
async fn a_poll_without_a_language_uses_the_configured_defaults(db: Db) {
    let bot = bot_or_skip!(db);
    let config = bot_core::EngineConfig {
        default_locale: bot_core::Locale::Fr,
        default_timezone: chrono_tz::Tz::Europe__Paris,
        ..bot_core::EngineConfig::default()
    };
    let engine = bot_core::Engine::new(
        bot.db.store().await,
        std::sync::Arc::new(bot.clock.clone()),
        config,
    );
    let options = ["Oui".to_owned(), "Non".to_owned()];
    bot.store()
        .upsert_member(COMMUNITY, "user:ada", "Ada", None, t0())
        .await
        .unwrap();
    bot.store()
        .create_poll(&bot_core::store::NewPoll {
            community_id: COMMUNITY,
            channel_id: "general",
            thread_id: None,
            circle_id: None,
            creator_id: "user:ada",
            question: "Sortie ?",
            locale: "",
            timezone: "",
            options: &options,
            multi: false,
            anonymous: false,
            hide_results: false,
            closes_at: Some(t0() + Duration::hours(2)),
            created_at: t0(),
        })
        .await
        .unwrap();
    // Its close, announced in the channel, is written in French.
    let (scheduler, delivery) = crate::helpers::scheduler_for(&engine, &bot.clock, "a");
    let report = scheduler.run_due(t0() + Duration::hours(2)).await.unwrap();
    assert!(report.fired >= 1, "{report:?}");
    let text = delivery.texts().join("\n");
    assert!(text.contains("sondage"), "{text}");
    assert!(!text.contains("Poll #1"), "{text}");
}

on_both_databases!(
    a_poll_without_a_language_uses_the_configured_defaults,
    a_poll_from_creation_to_results,
    anonymous_polls_keep_no_link_to_a_person,
    polls_close_by_themselves_and_can_hide_results,
    a_poll_close_that_fails_to_deliver_is_announced_on_retry,
    anonymous_votes_reveal_no_order_or_time,
    private_ballots_go_by_direct_message,
    bad_poll_input_changes_nothing,
);
