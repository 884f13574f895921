//! The repository contract: the same expectations of the store on SQLite
//! and on PostgreSQL.

use bot_core::domain::circle::{CircleKind, Role};
use bot_core::store::{AddMemberOutcome, NewCircle, RemoveMemberOutcome};
use bot_core::{Backend, Store};
use chrono::{Duration, TimeZone, Utc};

use crate::helpers::{Db, TestDb};
use crate::on_both_databases;

async fn store_or_skip(db: Db) -> Option<(TestDb, Store)> {
    let test_db = TestDb::create(db).await?;
    let store = test_db.store().await;
    let expected = match db {
        Db::Sqlite => Backend::Sqlite,
        Db::Postgres => Backend::Postgres,
    };
    assert_eq!(store.backend(), expected);
    Some((test_db, store))
}

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

fn circle<'a>(community: &'a str, name: &'a str, key: &'a str, capacity: i64) -> NewCircle<'a> {
    NewCircle {
        community_id: community,
        name,
        name_key: key,
        topic: Some("topic"),
        kind: CircleKind::Group,
        capacity,
        created_by: "u1",
        created_at: t0(),
    }
}

async fn members_and_settings(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    assert_eq!(store.member_context("c1", "u1").await.unwrap(), None);
    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    store
        .upsert_member("c1", "u2", "alice", None, t0())
        .await
        .unwrap();
    store
        .upsert_member("c2", "u1", "Alice elsewhere", None, t0())
        .await
        .unwrap();

    let context = store.member_context("c1", "u1").await.unwrap().unwrap();
    assert_eq!(context.display_name.as_deref(), Some("Alice"));
    assert_eq!(context.locale, None);
    let stranger = store.member_context("c1", "nobody").await.unwrap().unwrap();
    assert_eq!(stranger.display_name, None, "community known, member not");

    // Renames are kept; the same name twice changes nothing.
    store
        .upsert_member("c1", "u1", "Alice B", None, t0())
        .await
        .unwrap();
    store
        .upsert_member("c1", "u1", "Alice B", None, t0())
        .await
        .unwrap();
    assert_eq!(
        store
            .member("c1", "u1")
            .await
            .unwrap()
            .unwrap()
            .display_name,
        "Alice B"
    );
    let named = store.members_named("c1", "ALICE").await.unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].user_id, "u2");
    assert_eq!(
        store.member_names("c1").await.unwrap(),
        vec!["alice".to_owned(), "Alice B".to_owned()]
    );

    store
        .set_member_locale("c1", "u1", Some("fr"))
        .await
        .unwrap();
    store
        .set_member_timezone("c1", "u1", Some("Europe/Paris"))
        .await
        .unwrap();
    store.set_community_locale("c1", Some("nl")).await.unwrap();
    store
        .set_community_timezone("c1", Some("Europe/Amsterdam"))
        .await
        .unwrap();
    let context = store.member_context("c1", "u1").await.unwrap().unwrap();
    assert_eq!(context.locale.as_deref(), Some("fr"));
    assert_eq!(context.timezone.as_deref(), Some("Europe/Paris"));
    assert_eq!(context.community_locale.as_deref(), Some("nl"));
    assert_eq!(
        context.community_timezone.as_deref(),
        Some("Europe/Amsterdam")
    );
    // Another community is untouched.
    let other = store.community("c2").await.unwrap().unwrap();
    assert_eq!((other.locale, other.timezone), (None, None));
}

async fn circles_names_and_archive(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    store
        .upsert_member("c2", "u1", "Alice", None, t0())
        .await
        .unwrap();
    let rust = store
        .create_circle(&circle("c1", "Rust", "rust", 3))
        .await
        .unwrap()
        .expect("created");
    assert_eq!(rust.member_count, 0);
    assert_eq!(rust.created_at, t0().timestamp_millis());
    // The engine's fallback and the column's default are one value.
    let (days, last, _) = store.nudge_settings(rust.id).await.unwrap().unwrap();
    assert_eq!(days, bot_core::store::DEFAULT_NUDGE_DAYS);
    assert_eq!(last, None);
    assert!(
        store
            .create_circle(&circle("c1", "RUST", "rust", 3))
            .await
            .unwrap()
            .is_none(),
        "names are unique per community ignoring case"
    );
    let elsewhere = store
        .create_circle(&circle("c2", "Rust", "rust", 3))
        .await
        .unwrap();
    assert!(elsewhere.is_some(), "another community may reuse the name");
    store
        .create_circle(&circle("c1", "Ada", "ada", 3))
        .await
        .unwrap()
        .unwrap();

    let names: Vec<_> = store
        .list_circles("c1")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Ada", "Rust"]);
    assert_eq!(
        store
            .circle_by_name("c1", "rust")
            .await
            .unwrap()
            .map(|c| c.id),
        Some(rust.id)
    );

    assert!(store.archive_circle(rust.id, t0()).await.unwrap());
    assert!(
        !store.archive_circle(rust.id, t0()).await.unwrap(),
        "only once"
    );
    assert_eq!(store.circle_by_name("c1", "rust").await.unwrap(), None);
    assert!(
        store
            .circle_by_id(rust.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_some()
    );
    assert_eq!(
        store
            .add_circle_member(&rust, "u1", Role::Mentee, t0())
            .await
            .unwrap(),
        AddMemberOutcome::Gone
    );
    let again = store
        .create_circle(&circle("c1", "Rust", "rust", 3))
        .await
        .unwrap()
        .expect("an archived circle frees its name");
    assert!(again.id > rust.id, "ids are never reused");
}

async fn circle_membership_and_capacity(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    for (id, name) in [("u1", "Alice"), ("u2", "Bob"), ("u3", "Chloé")] {
        store
            .upsert_member("c1", id, name, None, t0())
            .await
            .unwrap();
    }
    let c = store
        .create_circle(&circle("c1", "Pair", "pair", 2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store
            .add_circle_member(&c, "u2", Role::Mentee, t0())
            .await
            .unwrap(),
        AddMemberOutcome::Added {
            count: 1,
            capacity: 2
        }
    );
    assert_eq!(
        store
            .add_circle_member(&c, "u1", Role::Host, t0() + Duration::minutes(1))
            .await
            .unwrap(),
        AddMemberOutcome::Added {
            count: 2,
            capacity: 2
        }
    );
    assert_eq!(
        store
            .add_circle_member(&c, "u1", Role::Mentor, t0())
            .await
            .unwrap(),
        AddMemberOutcome::AlreadyMember { role: Role::Host }
    );
    assert_eq!(
        store
            .add_circle_member(&c, "u3", Role::Mentee, t0())
            .await
            .unwrap(),
        AddMemberOutcome::Full
    );
    let members = store.circle_members(c.id).await.unwrap();
    let listed: Vec<_> = members
        .iter()
        .map(|m| (m.display_name.as_str(), m.role.as_str()))
        .collect();
    assert_eq!(
        listed,
        [("Alice", "host"), ("Bob", "mentee")],
        "hosts first"
    );
    assert_eq!(
        store
            .circle_by_id(c.id)
            .await
            .unwrap()
            .unwrap()
            .member_count,
        2
    );

    assert!(
        store
            .set_circle_role(c.id, "u2", Role::Mentor)
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_circle_role(c.id, "u3", Role::Mentor)
            .await
            .unwrap()
    );
    assert_eq!(
        store.circle_role(c.id, "u2").await.unwrap(),
        Some(Role::Mentor)
    );

    let (listed, members) = store.circle_with_members(c.id).await.unwrap().unwrap();
    assert_eq!(listed.member_count, 2);
    assert_eq!(members, store.circle_members(c.id).await.unwrap());

    assert_eq!(
        store.remove_circle_member(c.id, "u2").await.unwrap(),
        RemoveMemberOutcome::Removed {
            count: 1,
            capacity: 2
        }
    );
    assert_eq!(
        store.remove_circle_member(c.id, "u2").await.unwrap(),
        RemoveMemberOutcome::NotMember
    );
    assert_eq!(
        store
            .circle_by_id(c.id)
            .await
            .unwrap()
            .unwrap()
            .member_count,
        1
    );
    assert_eq!(
        store
            .add_circle_member(&c, "u3", Role::Mentee, t0())
            .await
            .unwrap(),
        AddMemberOutcome::Added {
            count: 2,
            capacity: 2
        },
        "a freed seat can be taken"
    );

    // An archived circle is read-only and shows as gone.
    assert!(store.archive_circle(c.id, t0()).await.unwrap());
    assert_eq!(
        store.remove_circle_member(c.id, "u3").await.unwrap(),
        RemoveMemberOutcome::Gone
    );
    assert_eq!(store.circle_with_members(c.id).await.unwrap(), None);
    let empty = store
        .create_circle(&circle("c1", "Empty", "empty", 2))
        .await
        .unwrap()
        .unwrap();
    let (_, members) = store.circle_with_members(empty.id).await.unwrap().unwrap();
    assert!(members.is_empty());
}

async fn concurrent_joins_respect_capacity(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    for i in 0..24 {
        store
            .upsert_member("c1", &format!("u{i}"), &format!("M{i}"), None, t0())
            .await
            .unwrap();
    }
    let c = store
        .create_circle(&circle("c1", "Popular", "popular", 5))
        .await
        .unwrap()
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            store
                .add_circle_member(&c, &format!("u{i}"), Role::Peer, t0())
                .await
                .unwrap()
        }));
    }
    let mut added = 0;
    let mut full = 0;
    for task in tasks {
        match task.await.unwrap() {
            AddMemberOutcome::Added { .. } => added += 1,
            AddMemberOutcome::Full => full += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((added, full), (5, 19));
    assert_eq!(store.circle_members(c.id).await.unwrap().len(), 5);
    assert_eq!(
        store
            .circle_by_id(c.id)
            .await
            .unwrap()
            .unwrap()
            .member_count,
        5
    );
}

async fn migrations_are_idempotent_and_data_survives_reconnect(db: Db) {
    let Some((test_db, store)) = store_or_skip(db).await else {
        return;
    };
    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    store
        .create_circle(&circle("c1", "Kept", "kept", 4))
        .await
        .unwrap()
        .unwrap();
    store.close().await;
    let reopened = test_db.store().await;
    reopened.migrate().await.unwrap();
    assert_eq!(reopened.list_circles("c1").await.unwrap().len(), 1);
    reopened.ping().await.unwrap();
}

async fn text_round_trips_exactly(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    for (i, name) in [
        "Robert'); DROP TABLE circles;--",
        "🦀 Rustaceans",
        "מעגל מנטורים",
        "C:\\path\\%_wild",
    ]
    .iter()
    .enumerate()
    {
        let key = format!("k{i}");
        let created = store
            .create_circle(&circle("c1", name, &key, 4))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            &store.circle_by_id(created.id).await.unwrap().unwrap().name,
            name
        );
    }
    assert_eq!(store.list_circles("c1").await.unwrap().len(), 4);
}

/// Platform memory: sent messages by key (and back), adapter state (last
/// write wins), refused direct messages.
async fn platform_state(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    use bot_core::store::SentMessage;
    let sent = SentMessage {
        channel_id: "c1".to_owned(),
        message_id: "m1".to_owned(),
    };
    assert_eq!(store.sent_message("discord", "p1").await.unwrap(), None);
    store
        .record_sent("discord", "p1", &sent, t0())
        .await
        .unwrap();
    assert_eq!(
        store.sent_message("discord", "p1").await.unwrap(),
        Some(sent.clone())
    );
    assert_eq!(
        store.sent_message("matrix", "p1").await.unwrap(),
        None,
        "per platform"
    );
    assert_eq!(
        store.sent_key("discord", "m1").await.unwrap().as_deref(),
        Some("p1")
    );
    // The first message sent under a key is the one (a resend that went
    // through twice does not move it).
    let again = SentMessage {
        channel_id: "c1".to_owned(),
        message_id: "m2".to_owned(),
    };
    store
        .record_sent("discord", "p1", &again, t0())
        .await
        .unwrap();
    assert_eq!(
        store.sent_message("discord", "p1").await.unwrap(),
        Some(sent)
    );

    assert_eq!(store.adapter_state("k").await.unwrap(), None);
    store.set_adapter_state("k", "one").await.unwrap();
    store.set_adapter_state("k", "two").await.unwrap();
    assert_eq!(
        store.adapter_state("k").await.unwrap().as_deref(),
        Some("two")
    );

    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    store
        .record_fallback(
            "discord",
            "c1",
            "u1",
            Some("chan"),
            Some("j1o0"),
            "dms-closed",
            t0(),
        )
        .await
        .unwrap();
    let fallbacks = store.fallbacks_of("c1", "u1").await.unwrap();
    assert_eq!(fallbacks.len(), 1, "{fallbacks:?}");
    assert!(store.fallbacks_of("c1", "u2").await.unwrap().is_empty());
}

/// Polls: options in order, one ballot per voter (a new vote replaces it),
/// exact counts, no vote once closed.
async fn polls_votes_and_tallies(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    use bot_core::store::{NewPoll, VoteOutcome};
    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    let options = ["Yes".to_owned(), "No".to_owned(), "Maybe".to_owned()];
    let id = store
        .create_poll(&NewPoll {
            community_id: "c1",
            channel_id: "chan",
            thread_id: None,
            circle_id: None,
            creator_id: "u1",
            question: "Q?",
            locale: "en",
            timezone: "UTC",
            options: &options,
            multi: true,
            anonymous: false,
            hide_results: false,
            closes_at: None,
            created_at: t0(),
        })
        .await
        .unwrap();
    assert_eq!(
        store.poll_options(id).await.unwrap(),
        vec![
            (1, "Yes".to_owned()),
            (2, "No".to_owned()),
            (3, "Maybe".to_owned())
        ]
    );
    let at = Some(t0());
    assert_eq!(
        store.set_vote(id, "u1", &[1, 3], at, t0()).await.unwrap(),
        VoteOutcome::Recorded
    );
    assert_eq!(
        store.set_vote(id, "u2", &[1], at, t0()).await.unwrap(),
        VoteOutcome::Recorded
    );
    assert_eq!(
        store.set_vote(id, "u2", &[2], at, t0()).await.unwrap(),
        VoteOutcome::Recorded
    );
    let tally = store.tally(id).await.unwrap();
    assert_eq!(tally.voters, 2);
    assert_eq!((tally.count(1), tally.count(2), tally.count(3)), (1, 1, 1));
    assert_eq!(store.vote_of(id, "u1").await.unwrap(), vec![1, 3]);
    // Withdrawing (an empty vote) leaves no ballot.
    store.set_vote(id, "u1", &[], at, t0()).await.unwrap();
    assert_eq!(store.tally(id).await.unwrap().voters, 1);
    assert!(
        store
            .close_poll(id, t0() + Duration::minutes(1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .close_poll(id, t0() + Duration::minutes(2))
            .await
            .unwrap(),
        "once"
    );
    assert_eq!(
        store
            .set_vote(id, "u3", &[1], at, t0() + Duration::minutes(3))
            .await
            .unwrap(),
        VoteOutcome::Closed
    );
}

/// Check-ins and goals: a check-in moves the circle's last check-in; goals
/// are one person's and complete once.
async fn checkins_and_goals(db: Db) {
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    store
        .upsert_member("c1", "u1", "Alice", None, t0())
        .await
        .unwrap();
    let circle = store
        .create_circle(&circle("c1", "Rust", "rust", 3))
        .await
        .unwrap()
        .expect("created");
    store
        .record_checkin(
            "c1",
            Some(circle.id),
            "u1",
            Some("met"),
            t0(),
            t0() + Duration::days(14),
        )
        .await
        .unwrap();
    let (_, last, _) = store.nudge_settings(circle.id).await.unwrap().unwrap();
    assert_eq!(last, Some(t0().timestamp_millis()));

    let goal = store
        .add_goal("c1", "u1", "Read a book", t0())
        .await
        .unwrap();
    let goals = store.goals("c1", "u1").await.unwrap();
    assert_eq!(goals.len(), 1);
    assert_eq!(goals[0].state, bot_core::store::GoalState::Open);
    assert!(
        store.goals("c1", "u2").await.unwrap().is_empty(),
        "one person's"
    );
    assert!(
        store
            .complete_goal("c1", "u2", goal, t0())
            .await
            .unwrap()
            .is_none(),
        "not theirs"
    );
    assert_eq!(
        store
            .complete_goal("c1", "u1", goal, t0())
            .await
            .unwrap()
            .as_deref(),
        Some("Read a book")
    );
    assert!(
        store
            .complete_goal("c1", "u1", goal, t0())
            .await
            .unwrap()
            .is_none(),
        "once"
    );
    assert_eq!(
        store.goals("c1", "u1").await.unwrap()[0].state,
        bot_core::store::GoalState::Done
    );
}

async fn rounds_and_their_clock(db: Db) {
    use bot_core::store::{ClockChange, NewRound, PersonRole, RoundEvent, RoundMode, RoundState};
    let Some((_db, store)) = store_or_skip(db).await else {
        return;
    };
    for (id, name) in [("u1", "Alice"), ("u2", "Bob"), ("u3", "Chloé")] {
        store
            .upsert_member("c1", id, name, None, t0())
            .await
            .unwrap();
    }
    let c = store
        .create_circle(&circle("c1", "Case", "case", 8))
        .await
        .unwrap()
        .unwrap();
    for id in ["u1", "u2"] {
        store
            .add_circle_member(&c, id, Role::Peer, t0())
            .await
            .unwrap();
    }
    // A community's own protocol: one name each.
    assert!(
        store
            .add_round_protocol("c1", "Quick", "quick", "A 5 everyone", "u1", t0())
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_round_protocol("c1", "QUICK", "quick", "B 5 everyone", "u2", t0())
            .await
            .unwrap()
    );
    assert_eq!(
        store.round_protocols("c1").await.unwrap()[0].definition,
        "A 5 everyone"
    );
    assert!(store.round_protocols("c2").await.unwrap().is_empty());

    // Planned: people join and leave until it starts.
    let new = NewRound {
        community_id: "c1",
        circle_id: c.id,
        channel_id: "ch",
        protocol: "troika",
        protocol_name: None,
        definition: None,
        mode: RoundMode::Live,
        pace_ms: 86_400_000,
        starts_at: t0() + Duration::hours(1),
        asked_case_giver: None,
        started_by: "u1",
        created_at: t0(),
    };
    let waiting = ClockChange {
        state: RoundState::Scheduled,
        rotations: 1,
        rotation: 0,
        phase: 0,
        phase_started_at: None,
        phase_ends_at: None,
        warned: false,
        remaining_ms: None,
        event: RoundEvent::Created,
        ended_at: None,
        due: Some((t0() + Duration::hours(1)).timestamp_millis()),
    };
    let id = store
        .create_round(
            &new,
            &[("u1".to_owned(), PersonRole::Participant, None)],
            &waiting,
        )
        .await
        .unwrap();
    let round = store.round(id).await.unwrap().unwrap();
    assert_eq!((round.state, round.tick), (RoundState::Scheduled, 0));
    assert_eq!(
        store.open_round_in(c.id).await.unwrap().map(|r| r.id),
        Some(id)
    );
    assert_eq!(store.waiting_rounds_for("c1", "u2").await.unwrap().len(), 1);
    assert!(
        store
            .waiting_rounds_for("c1", "u3")
            .await
            .unwrap()
            .is_empty(),
        "not in the circle"
    );
    assert!(store.join_round(&round, "u2", t0()).await.unwrap());
    assert!(!store.join_round(&round, "u2", t0()).await.unwrap(), "once");
    assert!(store.leave_round(id, "u2").await.unwrap());
    assert!(!store.leave_round(id, "u2").await.unwrap());
    assert!(store.join_round(&round, "u2", t0()).await.unwrap());

    // Starting gives roles; a change made from a stale tick is refused.
    let mut running = waiting.clone();
    running.state = RoundState::Running;
    running.phase_started_at = Some(t0().timestamp_millis());
    running.phase_ends_at = Some(t0().timestamp_millis() + 60_000);
    running.event = RoundEvent::Started;
    running.due = Some(t0().timestamp_millis() + 60_000);
    let people = [
        ("u1".to_owned(), PersonRole::Moderator, None),
        ("u2".to_owned(), PersonRole::Participant, Some(0)),
    ];
    assert!(
        store
            .start_round(&round, &people, &running, t0())
            .await
            .unwrap()
    );
    assert!(
        !store
            .start_round(&round, &people, &running, t0())
            .await
            .unwrap(),
        "stale tick"
    );
    let round = store.round(id).await.unwrap().unwrap();
    assert_eq!(
        (round.state, round.tick, round.last_event),
        (RoundState::Running, 1, RoundEvent::Started)
    );
    let listed = store.round_people(id).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|p| (p.display_name.as_str(), p.role, p.case_order))
            .collect::<Vec<_>>(),
        [
            ("Alice", PersonRole::Moderator, None),
            ("Bob", PersonRole::Participant, Some(0))
        ]
    );
    assert!(
        !store.join_round(&round, "u3", t0()).await.unwrap(),
        "started"
    );
    let jobs = store.job_counts().await.unwrap();
    assert!(
        jobs.iter().any(|(state, n)| state == "pending" && *n == 1),
        "{jobs:?}"
    );

    // Notes, airtime (everyone, the silent included) and who is silent.
    for body in ["café ☕", "again"] {
        assert!(
            store
                .add_round_note(&round, "u2", body, t0())
                .await
                .unwrap()
        );
    }
    let airtime = store.round_airtime(id).await.unwrap();
    assert_eq!(
        airtime
            .iter()
            .map(|a| (a.user_id.as_str(), a.notes, a.chars))
            .collect::<Vec<_>>(),
        [("u1", 0, 0), ("u2", 2, 11)]
    );
    assert_eq!(store.silent_in_phase(&round).await.unwrap(), ["u1"]);
    assert_eq!(store.round_notes(id).await.unwrap()[0].body, "café ☕");
    assert_eq!(
        store.open_rounds_of("c1", "u2", false).await.unwrap().len(),
        1
    );
    assert!(
        store
            .open_rounds_of("c1", "u3", true)
            .await
            .unwrap()
            .is_empty()
    );

    // The end: the history and the role history count it; commitments wait
    // for the circle's next round.
    let mut done = ClockChange::from_row(&round);
    done.state = RoundState::Done;
    done.event = RoundEvent::Finished;
    done.ended_at = Some(t0().timestamp_millis() + 60_000);
    assert!(store.change_round(&round, &done, t0(), true).await.unwrap());
    assert!(
        !store.change_round(&round, &done, t0(), true).await.unwrap(),
        "once"
    );
    assert!(store.open_round_in(c.id).await.unwrap().is_none());
    let history = store.round_history(c.id, 10).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].display_name, "Bob");
    let roles = store.round_role_history(c.id).await.unwrap();
    let bob = roles.iter().find(|r| r.user_id == "u2").unwrap();
    assert!(bob.presented.is_some() && bob.moderated.is_none());
    let alice = roles.iter().find(|r| r.user_id == "u1").unwrap();
    assert!(alice.moderated.is_some() && alice.presented.is_none());
    let case = store.latest_case_round("c1", "u2").await.unwrap().unwrap();
    assert_eq!(case.id, id);
    assert!(store.latest_case_round("c1", "u1").await.unwrap().is_none());
    let commitment = store
        .add_commitment(&case, "u2", "try it", Some(t0() + Duration::days(7)), t0())
        .await
        .unwrap();
    assert_eq!(
        store.commitment(commitment).await.unwrap().unwrap().body,
        "try it"
    );
    assert_eq!(
        store
            .unreported_commitments(c.id, id + 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .unreported_commitments(c.id, id)
            .await
            .unwrap()
            .is_empty(),
        "only earlier rounds"
    );
    store
        .mark_commitments_reported(c.id, id + 1, &[commitment], t0())
        .await
        .unwrap();
    // The round that reported it shows it again (a retried opening); a
    // later one does not.
    assert_eq!(
        store
            .unreported_commitments(c.id, id + 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .unreported_commitments(c.id, id + 2)
            .await
            .unwrap()
            .is_empty()
    );

    // A round keeps at most MAX_ROUND_NOTES contributions: then no more.
    let held = store.round_notes(id).await.unwrap().len() as i64;
    let max = bot_core::MAX_ROUND_NOTES;
    for n in held..max {
        assert!(
            store.add_round_note(&round, "u1", "x", t0()).await.unwrap(),
            "{n}"
        );
    }
    assert!(
        !store
            .add_round_note(&round, "u1", "one more", t0())
            .await
            .unwrap()
    );
    assert_eq!(store.round_notes(id).await.unwrap().len() as i64, max);
}

on_both_databases!(
    rounds_and_their_clock,
    platform_state,
    polls_votes_and_tallies,
    checkins_and_goals,
    members_and_settings,
    circles_names_and_archive,
    circle_membership_and_capacity,
    concurrent_joins_respect_capacity,
    migrations_are_idempotent_and_data_survives_reconnect,
    text_round_trips_exactly,
);

/// Both dialects' migrations build the same schema: the same tables, each
/// with the same columns, nullable alike (types differ by dialect: INTEGER
/// and BIGINT, say).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_dialects_have_the_same_tables_and_columns() {
    let Some(sqlite_db) = TestDb::create(Db::Sqlite).await else {
        return;
    };
    let Some(postgres_db) = TestDb::create(Db::Postgres).await else {
        return;
    };
    type Schema = std::collections::BTreeSet<(String, String, bool)>;
    let sqlite: Schema = match sqlite_db.store().await {
        Store::Sqlite(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                   AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            let mut out = Schema::new();
            for table in tables {
                let columns: Vec<(String, bool, bool)> = sqlx::query_as(
                    "SELECT name, \"notnull\" = 1, pk > 0 FROM pragma_table_info($1)",
                )
                .bind(&table)
                .fetch_all(&pool)
                .await
                .unwrap();
                for (column, not_null, key) in columns {
                    // SQLite lets a primary key column be NULL unless declared otherwise.
                    out.insert((table.clone(), column, not_null || key));
                }
            }
            out
        }
        Store::Postgres(_) => unreachable!(),
    };
    let postgres: Schema = match postgres_db.store().await {
        Store::Postgres(pool) => sqlx::query_as::<_, (String, String, bool)>(
            "SELECT table_name::text, column_name::text, is_nullable = 'NO'
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect(),
        Store::Sqlite(_) => unreachable!(),
    };
    assert!(sqlite.len() > 50, "{sqlite:?}");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
}
