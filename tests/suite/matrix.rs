//! The Matrix adapter end to end against a real Synapse (started by
//! `scripts/test.sh`): the bot and two people, each a real matrix-sdk
//! client, in plain and encrypted rooms, across a restart of the bot.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bot_core::{
    Attachment, Clock, Delivery, Engine, Image, Message, Outgoing, Scheduler, SchedulerConfig,
    Target,
};
use matrix_adapter::{Matrix, MatrixConfig};
use matrix_sdk::ruma::api::client::room::create_room::v3::Request as CreateRoom;
use matrix_sdk::ruma::events::AnyInitialStateEvent;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedUserId, UserId};
use serde_json::json;
use testkit::synapse::{Homeserver, Peer, RunningBot, Seen};

use crate::helpers::{Bot, Db};
use crate::on_both_databases;

const WAIT: Duration = Duration::from_secs(20);
const PASSWORD: &str = "correct horse battery staple";

/// The test Synapse, or a skip (a failure with `MENTORBOT_REQUIRE_SYNAPSE=1` or in CI).
fn homeserver() -> Option<Homeserver> {
    let found = Homeserver::from_env();
    if found.is_none() {
        assert!(
            !crate::helpers::required("SYNAPSE"),
            "Synapse is required (CI, or MENTORBOT_REQUIRE_SYNAPSE=1) but MENTORBOT_TEST_SYNAPSE_URL is not set"
        );
        eprintln!("SKIPPED: no Synapse (run scripts/test.sh, which starts one)");
    }
    found
}

fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

async fn start_bot(
    server: &Homeserver,
    engine: Engine,
    clock: Arc<dyn Clock>,
    user_id: &str,
    store_dir: &std::path::Path,
    allowed: Vec<String>,
) -> RunningBot {
    let config = MatrixConfig {
        homeserver_url: server.url.clone(),
        user_id: user_id.to_owned(),
        password: Some(PASSWORD.to_owned().into()),
        access_token: None,
        device_id: None,
        store_dir: Some(store_dir.display().to_string()),
        command_prefix: None,
        allowed_inviters: allowed,
    };
    RunningBot::start(engine, config, clock).await.unwrap()
}

/// Replies from `bot` to the event `to`, as `peer` saw them.
fn replies(peer: &Peer, bot: &str, to: &str) -> Vec<Seen> {
    peer.seen()
        .into_iter()
        .filter(|s| s.sender == bot && s.in_reply_to() == Some(to))
        .collect()
}

async fn answer(peer: &Peer, bot: &str, to: &str) -> Seen {
    let (bot, to) = (bot.to_owned(), to.to_owned());
    peer.wait_for("the bot's answer", WAIT, move |s| {
        s.sender == bot && s.in_reply_to() == Some(to.as_str())
    })
    .await
    .unwrap()
}

async fn joined(peer: &Peer, room: &str, user: &str) {
    peer.wait_joined(room, user).await.unwrap();
}

async fn create_room(peer: &Peer, invite: &[&str], encrypted: bool) -> String {
    create_room_with(peer, invite, encrypted, None, None).await
}

/// A room, optionally with `users` power levels and as a child of `space`.
async fn create_room_with(
    peer: &Peer,
    invite: &[&str],
    encrypted: bool,
    powers: Option<serde_json::Value>,
    space: Option<&str>,
) -> String {
    let mut request = CreateRoom::new();
    if let Some(users) = powers {
        request.power_level_content_override =
            Some(Raw::new(&json!({"users": users})).unwrap().cast_unchecked());
    }
    if let Some(space) = space {
        let parent: Raw<AnyInitialStateEvent> = Raw::new(&json!({
            "type": "m.space.parent",
            "state_key": space,
            "content": {"via": ["localhost"], "canonical": true},
        }))
        .unwrap()
        .cast_unchecked();
        request.initial_state.push(parent);
    }
    request.invite = invite
        .iter()
        .map(|u| <&UserId>::try_from(*u).unwrap().to_owned())
        .collect::<Vec<OwnedUserId>>();
    if encrypted {
        let event: Raw<AnyInitialStateEvent> = Raw::new(&json!({
            "type": "m.room.encryption",
            "state_key": "",
            "content": {"algorithm": "m.megolm.v1.aes-sha2"},
        }))
        .unwrap()
        .cast_unchecked();
        request.initial_state.push(event);
    }
    let room = peer.client.create_room(request).await.unwrap();
    room.room_id().to_string()
}

async fn matrix_rooms_polls_threads_dms_encryption_and_restart(db: Db) {
    let Some(server) = homeserver() else {
        return;
    };
    let Some(bot) = Bot::spawn(db).await else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(bot.clock.clone());
    let alice_name = unique("alice");
    let bob_name = unique("bob");
    let bot_name = unique("mentorbot");
    let bot_id = server.register(&bot_name, PASSWORD, false).await.unwrap();
    let alice = Peer::start(&server, &alice_name, PASSWORD).await.unwrap();
    let bob = Peer::start(&server, &bob_name, PASSWORD).await.unwrap();
    let eve = Peer::start(&server, &unique("eve"), PASSWORD)
        .await
        .unwrap();
    let store_dir = tempfile::tempdir().unwrap();
    let allowed = vec![format!("@{alice_name}:*"), format!("@{bob_name}:*")];
    let running = start_bot(
        &server,
        bot.engine.clone(),
        clock.clone(),
        &bot_id,
        store_dir.path(),
        allowed.clone(),
    )
    .await;
    let device = running.matrix.client().device_id().unwrap().to_owned();

    // Someone not allowed to invite the bot: declined.
    let elsewhere = create_room(&eve, &[&bot_id], false).await;
    let (room_id, bot_user) = (elsewhere.clone(), bot_id.clone());
    eve.wait_for("the bot to decline", WAIT, move |s| {
        s.room_id == room_id
            && s.kind == "m.room.member"
            && s.sender == bot_user
            && s.content["membership"] == "leave"
    })
    .await
    .unwrap();

    // Invite → join; alice created the room (room version 12: a creator, so
    // an admin), bob is a moderator (power level 50), eve a plain member.
    let room_id = create_room_with(
        &alice,
        &[&bot_id, &bob.user_id, &eve.user_id],
        false,
        Some(json!({bob.user_id.clone(): 50})),
        None,
    )
    .await;
    joined(&alice, &room_id, &bot_id).await;
    joined(&alice, &room_id, &bob.user_id).await;
    joined(&alice, &room_id, &eve.user_id).await;
    let room = alice.room(&room_id).await.unwrap();

    let create = alice
        .say(&room, "!mentor circle create Rust capacity:4", None)
        .await
        .unwrap();
    let created = answer(&alice, &bot_id, &create).await;
    assert!(created.body().contains("Rust"), "{:?}", created.content);
    assert!(
        created.content["formatted_body"]
            .as_str()
            .unwrap()
            .contains("<strong>Rust</strong>"),
        "{:?}",
        created.content
    );
    assert_eq!(
        created.content["m.mentions"]["user_ids"],
        json!([alice.user_id])
    );
    assert!(
        created.body().contains("1️⃣"),
        "a numbered Join choice: {}",
        created.body()
    );
    let list = alice.say(&room, "!mentor circle list", None).await.unwrap();
    let listed = answer(&alice, &bot_id, &list).await;
    assert!(listed.body().contains("Rust — 0/4"), "{}", listed.body());
    // Plain chat is not a command.
    alice.say(&room, "hello everyone", None).await.unwrap();

    // Power level 50 makes an admin; a plain member is refused privately
    // (by direct message) and nothing changes.
    let bob_room = bob.room(&room_id).await.unwrap();
    let books = bob
        .say(&bob_room, "!mentor circle create Books", None)
        .await
        .unwrap();
    assert!(answer(&bob, &bot_id, &books).await.body().contains("Books"));
    let eve_room = eve.room(&room_id).await.unwrap();
    eve.say(&eve_room, "!mentor circle create Nope", None)
        .await
        .unwrap();
    let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
    let refusal = eve
        .wait_for("a private refusal", WAIT, move |s| {
            s.sender == bot_user
                && s.room_id != main_room
                && s.body().contains("Only community admins")
        })
        .await
        .unwrap();
    assert!(
        refusal.body().contains("circle create"),
        "{}",
        refusal.body()
    );
    let community = format!("matrix:{room_id}");
    let names: Vec<String> = bot
        .store()
        .list_circles(&community)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Books", "Rust"]);

    // A message the bot cannot decrypt: it says so, once per room.
    for _ in 0..2 {
        room.send_raw(
            "m.room.encrypted",
            json!({"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEnB1bm55",
                   "device_id": "NOPE", "sender_key": "bm9wZQ", "session_id": "bm9wZQ"}),
        )
        .await
        .unwrap();
    }
    let bot_user = bot_id.clone();
    alice
        .wait_for("the undecryptable notice", WAIT, move |s| {
            s.sender == bot_user && s.body().contains("could not decrypt")
        })
        .await
        .unwrap();

    // Bob joins the circle by reacting 1️⃣ to the numbered choice.
    bob_room
        .send_raw(
            "m.reaction",
            json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": created.event_id, "key": "1️⃣"}}),
        )
        .await
        .unwrap();
    let store = bot.store().clone();
    wait_until("Bob in the circle", || async {
        store.circle_members(1).await.unwrap().len() == 1
    })
    .await;

    // A command in a thread is answered in the thread.
    let root = alice.say(&room, "Round 1", None).await.unwrap();
    let in_thread = alice
        .say(&room, "!mentor circle info Rust", Some(&root))
        .await
        .unwrap();
    let threaded = answer(&alice, &bot_id, &in_thread).await;
    assert_eq!(threaded.content["m.relates_to"]["rel_type"], "m.thread");
    assert_eq!(threaded.content["m.relates_to"]["event_id"], root.as_str());
    assert!(threaded.body().contains(&bob_name), "{}", threaded.body());

    // A native poll; both vote with m.poll.response (one stable, one unstable).
    let create_poll = alice
        .say(
            &room,
            r#"!mentor poll create "Tea or coffee?" "Tea" "Coffee""#,
            None,
        )
        .await
        .unwrap();
    let bot_user = bot_id.clone();
    let start = alice
        .wait_for("m.poll.start", WAIT, move |s| {
            s.sender == bot_user && s.kind == "m.poll.start"
        })
        .await
        .unwrap();
    let _ = create_poll;
    assert_eq!(
        start.content["m.poll"]["answers"][1]["m.text"][0]["body"],
        "Coffee"
    );
    assert!(
        start.content["m.text"][0]["body"]
            .as_str()
            .unwrap()
            .contains("poll vote 1")
    );
    room.send_raw(
        "m.poll.response",
        json!({"m.relates_to": {"rel_type": "m.reference", "event_id": start.event_id}, "m.selections": ["1"]}),
    )
    .await
    .unwrap();
    bob_room
        .send_raw(
            "org.matrix.msc3381.poll.response",
            json!({"m.relates_to": {"rel_type": "m.reference", "event_id": start.event_id},
                   "org.matrix.msc3381.poll.response": {"answers": ["2"]}}),
        )
        .await
        .unwrap();
    wait_until("two votes", || async {
        store.tally(1).await.unwrap().voters == 2
    })
    .await;
    let tally = store.tally(1).await.unwrap();
    assert_eq!((tally.count(1), tally.count(2)), (1, 1));
    let close = alice
        .say(&room, "!mentor poll close 1", None)
        .await
        .unwrap();
    let bot_user = bot_id.clone();
    let end = alice
        .wait_for("m.poll.end", WAIT, move |s| {
            s.sender == bot_user && s.kind == "m.poll.end"
        })
        .await
        .unwrap();
    assert_eq!(end.content["m.poll.results"], json!({"1": 1, "2": 1}));
    assert_eq!(
        end.content["m.relates_to"]["event_id"],
        start.event_id.as_str()
    );
    let _ = close;
    // Nobody's vote was announced in the room.
    assert!(
        !alice
            .seen()
            .iter()
            .any(|s| s.room_id == room_id && s.body().contains("Your vote")),
        "votes are private"
    );

    // A reminder delivered into the room, once.
    let remind = alice
        .say(
            &room,
            r#"!mentor remind here in 10 minutes "stand up""#,
            None,
        )
        .await
        .unwrap();
    answer(&alice, &bot_id, &remind).await;
    let scheduler = |matrix: &Matrix, engine: &Engine| {
        Scheduler::new(
            engine.clone(),
            Arc::new(matrix.delivery()),
            "matrix-test",
            SchedulerConfig::default(),
        )
    };
    bot.clock.advance(chrono::Duration::minutes(11));
    let fired = scheduler(&running.matrix, &bot.engine)
        .run_due(bot.clock.now())
        .await
        .unwrap();
    assert_eq!(fired.fired, 1);
    let bot_user = bot_id.clone();
    let reminder = alice
        .wait_for("the reminder", WAIT, move |s| {
            s.sender == bot_user
                && s.body().starts_with("Reminder from")
                && s.body().contains("stand up")
        })
        .await
        .unwrap();
    // Its choices work by replying with a number: 1 = snooze 10 minutes.
    room.send_raw(
        "m.room.message",
        json!({"msgtype": "m.text", "body": "1",
               "m.relates_to": {"m.in_reply_to": {"event_id": reminder.event_id}}}),
    )
    .await
    .unwrap();
    let bot_user = bot_id.clone();
    alice
        .wait_for("the snooze", WAIT, move |s| {
            s.sender == bot_user && s.body().contains("remind you again")
        })
        .await
        .unwrap();
    assert_eq!(
        alice
            .seen()
            .iter()
            .filter(|s| s.sender == bot_id && s.body().contains("could not decrypt"))
            .count(),
        1,
        "said once"
    );

    // A nudge by direct message to the circle's host.
    let host = alice
        .say(
            &room,
            &format!("!mentor circle host Rust {}", bob.user_id),
            None,
        )
        .await
        .unwrap();
    answer(&alice, &bot_id, &host).await;
    let nudge = alice
        .say(&room, "!mentor circle nudge Rust 1", None)
        .await
        .unwrap();
    answer(&alice, &bot_id, &nudge).await;
    bot.clock
        .advance(chrono::Duration::days(1) + chrono::Duration::hours(1));
    scheduler(&running.matrix, &bot.engine)
        .run_due(bot.clock.now())
        .await
        .unwrap();
    bot.clock.advance(chrono::Duration::days(3));
    let report = scheduler(&running.matrix, &bot.engine)
        .run_due(bot.clock.now())
        .await
        .unwrap();
    assert_eq!((report.fired, report.failed), (1, 0), "{report:?}");
    let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
    let dm = bob
        .wait_for("the nudge by DM", WAIT, move |s| {
            s.sender == bot_user && s.room_id != main_room && s.body().contains("which you host")
        })
        .await
        .unwrap();
    let dm_room = bob.room(&dm.room_id).await.unwrap();
    assert!(dm_room.is_direct().await.unwrap_or(false) || dm_room.joined_members_count() <= 2);

    // An encrypted room, end to end.
    let secret_room_id = create_room(&alice, &[&bot_id], true).await;
    joined(&alice, &secret_room_id, &bot_id).await;
    let secret_room = alice.room(&secret_room_id).await.unwrap();
    assert!(
        secret_room
            .latest_encryption_state()
            .await
            .unwrap()
            .is_encrypted()
    );
    let ask = alice
        .say(&secret_room, "!mentor circle list", None)
        .await
        .unwrap();
    let reply = answer(&alice, &bot_id, &ask).await;
    // (A community is a room: this one has no circles yet.)
    assert!(
        reply.body().contains("no circles yet"),
        "{:?}",
        reply.content
    );

    // A restart resumes from the bot's last sync: a command sent just before
    // the stop and one sent while it is down are answered once each, nothing
    // answered before is answered again, and what was scheduled arrives once.
    // The bot's own record of how far its handlers got (kept after each
    // batch): rewound below, as a process that died mid-batch leaves it.
    let handled_key = matrix_adapter::handled_sync_key(device.as_str());
    let early_token = bot
        .store()
        .adapter_state(&handled_key)
        .await
        .unwrap()
        .expect("the handled sync token is kept");
    let later = alice
        .say(
            &room,
            r#"!mentor remind here in 5 minutes "after the restart""#,
            None,
        )
        .await
        .unwrap();
    answer(&alice, &bot_id, &later).await;
    // Either the stop lets the sync in hand finish, or the restart's first
    // sync brings it: answered once either way.
    let just_before_stop = alice.say(&room, "!mentor circle list", None).await.unwrap();
    running.stop().await.unwrap();
    let while_down = alice.say(&room, "!mentor circle list", None).await.unwrap();
    // As if the process had died with its handlers behind the SDK's own
    // token: the restart resumes from the bot's token, Synapse delivers
    // everything since again, and each event is received once.
    assert_ne!(
        bot.store().adapter_state(&handled_key).await.unwrap(),
        Some(early_token.clone())
    );
    bot.store()
        .set_adapter_state(&handled_key, &early_token)
        .await
        .unwrap();
    let engine = bot.restart().await;
    let running = start_bot(
        &server,
        engine.clone(),
        clock.clone(),
        &bot_id,
        store_dir.path(),
        allowed.clone(),
    )
    .await;
    assert_eq!(
        running.matrix.client().device_id().unwrap(),
        device,
        "the same device (and keys) after a restart"
    );
    answer(&alice, &bot_id, &while_down).await;
    answer(&alice, &bot_id, &just_before_stop).await;
    // The marker: sent after the first sync, so answered after anything
    // that sync (re)delivered.
    let after = alice
        .say(&room, "!mentor circle info Rust", None)
        .await
        .unwrap();
    answer(&alice, &bot_id, &after).await;
    for command in [
        &create,
        &list,
        &in_thread,
        &remind,
        &host,
        &nudge,
        &later,
        &just_before_stop,
        &while_down,
        &after,
    ] {
        let answers = replies(&alice, &bot_id, command);
        assert_eq!(
            answers.len(),
            1,
            "answered once: {command}: {:?}",
            answers
                .iter()
                .map(|a| a.content.clone())
                .collect::<Vec<_>>()
        );
    }
    // A command a process received and died on before answering it: the
    // scheduler answers it in the room, in reply to it, once the grace is
    // over. (The event: a line the running bot ignores, standing for it.)
    let died_on_event = alice.say(&room, "about to ask", None).await.unwrap();
    let died_on = bot_core::Input {
        actor: bot_core::Actor {
            user_id: alice.user_id.clone(),
            display_name: alice_name.clone(),
            platform_locale: None,
            platform_timezone: None,
            is_admin: true,
        },
        place: bot_core::Place {
            community_id: format!("matrix:{room_id}"),
            channel_id: room_id.clone(),
            thread_id: None,
        },
        kind: bot_core::InputKind::Text(r#"remind here in 1 hour "left unanswered""#.to_owned()),
        mentions: Vec::new(),
        prefix_optional: true,
        files: Vec::new(),
    };
    let now = bot.clock.now();
    engine
        .store()
        .receive_input(
            matrix_adapter::PLATFORM,
            &died_on_event,
            Some(&matrix_adapter::event_origin(
                <&matrix_sdk::ruma::EventId>::try_from(died_on_event.as_str()).unwrap(),
                <&UserId>::try_from(alice.user_id.as_str()).unwrap(),
            )),
            &serde_json::to_string(&died_on).unwrap(),
            true,
            "a-process-that-died",
            now,
            now + bot_core::ANSWER_GRACE,
        )
        .await
        .unwrap()
        .expect("a new event");
    bot.clock.advance(chrono::Duration::minutes(6));
    let fired = scheduler(&running.matrix, &engine)
        .run_due(bot.clock.now())
        .await
        .unwrap();
    assert_eq!(fired.fired, 2, "the reminder and the answer: {fired:?}");
    let owed = answer(&alice, &bot_id, &died_on_event).await;
    assert!(
        owed.body().contains("left unanswered"),
        "{:?}",
        owed.content
    );
    let bot_user = bot_id.clone();
    alice
        .wait_for("the reminder after the restart", WAIT, move |s| {
            s.sender == bot_user
                && s.body().contains("after the restart")
                && s.body().starts_with("Reminder from")
        })
        .await
        .unwrap();
    // The marker: asked after the delivery returned.
    let marker = alice.say(&room, "!mentor circle list", None).await.unwrap();
    answer(&alice, &bot_id, &marker).await;
    let delivered = alice
        .seen()
        .iter()
        .filter(|s| {
            s.sender == bot_id
                && s.body().starts_with("Reminder from")
                && s.body().contains("after the restart")
        })
        .count();
    assert_eq!(delivered, 1);
    let owed = alice
        .seen()
        .iter()
        .filter(|s| s.sender == bot_id && s.body().contains("left unanswered"))
        .count();
    assert_eq!(owed, 1);
    running.stop().await.unwrap();

    // A fresh store (a new device, no sync token): what was said before
    // this bot's first sync is history and is not answered.
    let before_fresh = alice.say(&room, "!mentor circle list", None).await.unwrap();
    let fresh_dir = tempfile::tempdir().unwrap();
    let running = start_bot(
        &server,
        engine.clone(),
        clock.clone(),
        &bot_id,
        fresh_dir.path(),
        allowed,
    )
    .await;
    let marker = alice.say(&room, "!mentor circle list", None).await.unwrap();
    answer(&alice, &bot_id, &marker).await;
    assert!(
        replies(&alice, &bot_id, &before_fresh).is_empty(),
        "history answered"
    );
    running.stop().await.unwrap();
}

/// A space (`m.space`) created by `owner`, with `invite` invited.
async fn create_space(owner: &Peer, invite: &[&str]) -> String {
    let mut request = CreateRoom::new();
    request.creation_content = Some(
        Raw::new(&json!({"type": "m.space"}))
            .unwrap()
            .cast_unchecked(),
    );
    request.invite = invite
        .iter()
        .map(|u| <&UserId>::try_from(*u).unwrap().to_owned())
        .collect();
    let space = owner.client.create_room(request).await.unwrap();
    space.room_id().to_string()
}

/// The circles of a community, by name.
async fn circle_names(bot: &Bot, community: &str) -> Vec<String> {
    let mut names: Vec<String> = bot
        .store()
        .list_circles(&format!("matrix:{community}"))
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

/// A space is one community across the rooms it vouches for: those it lists
/// (`m.space.child`) and those whose `m.space.parent` was set by someone who
/// could list them. A stranger's room naming the space as its parent is a
/// community of its own, and its creator is no admin of the space's.
async fn matrix_a_space_is_the_rooms_it_vouches_for(db: Db) {
    let Some(server) = homeserver() else {
        return;
    };
    let Some(bot) = Bot::spawn(db).await else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(bot.clock.clone());
    let bot_id = server
        .register(&unique("mentorbot"), PASSWORD, false)
        .await
        .unwrap();
    let alice = Peer::start(&server, &unique("alice"), PASSWORD)
        .await
        .unwrap();
    let bob = Peer::start(&server, &unique("bob"), PASSWORD)
        .await
        .unwrap();
    let mallory = Peer::start(&server, &unique("mallory"), PASSWORD)
        .await
        .unwrap();
    let store_dir = tempfile::tempdir().unwrap();
    // The default: everyone on the homeserver may invite the bot.
    let running = start_bot(
        &server,
        bot.engine.clone(),
        clock,
        &bot_id,
        store_dir.path(),
        Vec::new(),
    )
    .await;

    // Alice's space, which the bot is in; bob is a member with no power there.
    let space = create_space(&alice, &[&bot_id, &bob.user_id]).await;
    joined(&alice, &space, &bot_id).await;
    joined(&alice, &space, &bob.user_id).await;
    // Alice's room names the space as its parent, and she could list it.
    let linked = create_room_with(&alice, &[&bot_id], false, None, Some(&space)).await;
    // Bob's room names it too; bob could not list it, but alice does.
    let listed =
        create_room_with(&bob, &[&bot_id, &alice.user_id], false, None, Some(&space)).await;
    alice
        .room(&space)
        .await
        .unwrap()
        .send_state_event_raw("m.space.child", &listed, json!({"via": ["localhost"]}))
        .await
        .unwrap();
    // Mallory is not in the space; her room names it as its parent anyway.
    let forged = create_room_with(&mallory, &[&bot_id], false, None, Some(&space)).await;
    joined(&alice, &linked, &bot_id).await;
    joined(&bob, &listed, &bot_id).await;
    joined(&bob, &listed, &alice.user_id).await;
    joined(&mallory, &forged, &bot_id).await;

    let linked_room = alice.room(&linked).await.unwrap();
    let made = alice
        .say(&linked_room, "!mentor circle create Spaced", None)
        .await
        .unwrap();
    assert!(
        answer(&alice, &bot_id, &made)
            .await
            .body()
            .contains("Spaced")
    );

    // Mallory is an admin of her own room, so of its community, not of the space's.
    let forged_room = mallory.room(&forged).await.unwrap();
    let made = mallory
        .say(&forged_room, "!mentor circle create Forged", None)
        .await
        .unwrap();
    assert!(
        answer(&mallory, &bot_id, &made)
            .await
            .body()
            .contains("Forged")
    );
    let list = mallory
        .say(&forged_room, "!mentor circle list", None)
        .await
        .unwrap();
    let listing = answer(&mallory, &bot_id, &list).await;
    assert!(listing.body().contains("Forged"), "{}", listing.body());
    assert!(!listing.body().contains("Spaced"), "{}", listing.body());

    // Alice is a plain member of bob's room: her admin rights come from the space.
    let listed_by_alice = alice.room(&listed).await.unwrap();
    let made = alice
        .say(&listed_by_alice, "!mentor circle create Listed", None)
        .await
        .unwrap();
    assert!(
        answer(&alice, &bot_id, &made)
            .await
            .body()
            .contains("Listed")
    );
    let listed_room = bob.room(&listed).await.unwrap();
    let list = bob
        .say(&listed_room, "!mentor circle list", None)
        .await
        .unwrap();
    let listing = answer(&bob, &bot_id, &list).await;
    assert!(
        listing.body().contains("Spaced") && listing.body().contains("Listed"),
        "{}",
        listing.body()
    );
    assert_eq!(circle_names(&bot, &space).await, ["Listed", "Spaced"]);
    assert_eq!(circle_names(&bot, &forged).await, ["Forged"]);
    running.stop().await.unwrap();
}

/// A scheduled message with a chart and a CSV file, delivered twice (a
/// lease that expired, a retry after a lost answer): Synapse keeps one
/// event per part, because each carries a transaction id from the key.
async fn matrix_a_resent_attachment_is_one_event(db: Db) {
    let Some(server) = homeserver() else {
        return;
    };
    let Some(bot) = Bot::spawn(db).await else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(bot.clock.clone());
    let bot_id = server
        .register(&unique("mentorbot"), PASSWORD, false)
        .await
        .unwrap();
    let alice = Peer::start(&server, &unique("alice"), PASSWORD)
        .await
        .unwrap();
    let store_dir = tempfile::tempdir().unwrap();
    let running = start_bot(
        &server,
        bot.engine.clone(),
        clock,
        &bot_id,
        store_dir.path(),
        Vec::new(),
    )
    .await;
    let room_id = create_room(&alice, &[&bot_id], false).await;
    joined(&alice, &room_id, &bot_id).await;
    // Alice may see the join before the bot's client has taken it in.
    let id = matrix_sdk::ruma::RoomId::parse(&room_id).unwrap();
    let client = running.matrix.client().clone();
    wait_until("the bot in the room", || async {
        client
            .get_room(&id)
            .is_some_and(|room| room.state() == matrix_sdk::RoomState::Joined)
    })
    .await;
    let target = Target::Channel {
        community_id: format!("matrix:{room_id}"),
        channel_id: room_id.clone(),
    };
    let mut message = Message::text("Results");
    message.image = Some(Image {
        png: b"\x89PNG\r\n\x1a\nnot really a chart".to_vec(),
        alt: "Tea 1, Coffee 1".to_owned(),
        file_name: "results.png".to_owned(),
    });
    message.file = Some(Attachment {
        file_name: "results.csv".to_owned(),
        mime: "text/csv".to_owned(),
        bytes: b"answer,votes\nTea,1\nCoffee,1\n".to_vec(),
    });
    let outgoing = Outgoing {
        target: target.clone(),
        message,
        idempotency_key: Some(unique("j1o1")),
        replaces: None,
    };
    let delivery = running.matrix.delivery();
    delivery.deliver(&outgoing).await.unwrap();
    delivery.deliver(&outgoing).await.unwrap();
    // The marker: sent after both deliveries returned.
    let marker = Outgoing {
        target,
        message: Message::text("marker"),
        idempotency_key: Some(unique("marker")),
        replaces: None,
    };
    delivery.deliver(&marker).await.unwrap();
    let bot_user = bot_id.clone();
    alice
        .wait_for("the marker", WAIT, move |s| {
            s.sender == bot_user && s.body() == "marker"
        })
        .await
        .unwrap();
    let sent: Vec<String> = alice
        .seen()
        .iter()
        .filter(|s| s.room_id == room_id && s.sender == bot_id && s.kind == "m.room.message")
        .map(|s| {
            format!(
                "{} {}",
                s.content["msgtype"].as_str().unwrap_or_default(),
                s.body()
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            "m.text Results",
            "m.image Tea 1, Coffee 1",
            "m.file results.csv",
            "m.text marker"
        ],
        "one event per part"
    );
    running.stop().await.unwrap();
}

/// Every event of a room's timeline, read back from the homeserver
/// (`/messages`), oldest first, as JSON.
async fn whole_timeline(room: &matrix_sdk::Room) -> Vec<serde_json::Value> {
    use matrix_sdk::room::MessagesOptions;
    let mut events = Vec::new();
    let mut from = None;
    loop {
        let mut options = MessagesOptions::backward();
        options.limit = 100u32.into();
        options.from = from.take();
        let page = room.messages(options).await.unwrap();
        for event in &page.chunk {
            events.push(serde_json::from_str(event.raw().json().get()).unwrap());
        }
        match page.end {
            Some(end) if !page.chunk.is_empty() => from = Some(end),
            _ => break,
        }
    }
    events.reverse();
    events
}

/// The bot's poll made by the command `create`: its answer, or a native
/// poll (which is not a reply).
async fn poll_in_room(peer: &Peer, bot: &str, create: &str) -> Seen {
    let (bot, create) = (bot.to_owned(), create.to_owned());
    peer.wait_for("the poll", WAIT, move |s| {
        s.sender == bot && (s.kind == "m.poll.start" || s.in_reply_to() == Some(create.as_str()))
    })
    .await
    .unwrap()
}

/// Anonymous and hidden-results polls: the room shows the question and a
/// ballot to ask for; the ballot comes by direct message as a native poll
/// and is answered there, so nothing in the room tells who voted what.
async fn matrix_private_polls_are_answered_in_direct_chats(db: Db) {
    let Some(server) = homeserver() else {
        return;
    };
    let Some(bot) = Bot::spawn(db).await else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(bot.clock.clone());
    let alice_name = unique("alice");
    let bot_id = server
        .register(&unique("mentorbot"), PASSWORD, false)
        .await
        .unwrap();
    let alice = Peer::start(&server, &alice_name, PASSWORD).await.unwrap();
    let bob = Peer::start(&server, &unique("bob"), PASSWORD)
        .await
        .unwrap();
    let carol = Peer::start(&server, &unique("carol"), PASSWORD)
        .await
        .unwrap();
    let store_dir = tempfile::tempdir().unwrap();
    let running = start_bot(
        &server,
        bot.engine.clone(),
        clock,
        &bot_id,
        store_dir.path(),
        vec![format!("@{alice_name}:*")],
    )
    .await;
    let room_id = create_room(&alice, &[&bot_id, &bob.user_id, &carol.user_id], false).await;
    joined(&alice, &room_id, &bot_id).await;
    joined(&alice, &room_id, &bob.user_id).await;
    joined(&alice, &room_id, &carol.user_id).await;
    let room = alice.room(&room_id).await.unwrap();
    let bob_room = bob.room(&room_id).await.unwrap();
    let carol_room = carol.room(&room_id).await.unwrap();
    let store = bot.store().clone();

    // Asks for `voter`'s ballot of the poll `message` (a reply "1" or a
    // 1️⃣ reaction), waits for it in their direct chat and answers `option`.
    let vote = async |voter: &Peer,
                      in_room: &matrix_sdk::Room,
                      message: &str,
                      react: bool,
                      option: &str,
                      kind: &str| {
        if react {
            in_room
                .send_raw(
                    "m.reaction",
                    json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": message, "key": "1️⃣"}}),
                )
                .await
                .unwrap();
        } else {
            in_room
                .send_raw(
                    "m.room.message",
                    json!({"msgtype": "m.text", "body": "1",
                           "m.relates_to": {"m.in_reply_to": {"event_id": message}}}),
                )
                .await
                .unwrap();
        }
        let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
        let ballot = voter
            .wait_for("a ballot in the direct chat", WAIT, move |s| {
                s.sender == bot_user && s.room_id != main_room && s.kind == "m.poll.start"
            })
            .await
            .unwrap();
        assert_eq!(
            ballot.content["m.poll"]["kind"], kind,
            "{:?}",
            ballot.content
        );
        assert_eq!(
            ballot.content["m.poll"]["answers"][1]["m.text"][0]["body"],
            "B"
        );
        let direct = voter.room(&ballot.room_id).await.unwrap();
        direct
            .send_raw(
                "m.poll.response",
                json!({"m.relates_to": {"rel_type": "m.reference", "event_id": ballot.event_id},
                       "m.selections": [option]}),
            )
            .await
            .unwrap();
        ballot
    };

    // Anonymous: not a native poll in the room, one choice (the ballot).
    let create = alice
        .say(
            &room,
            r#"!mentor poll create "Secret?" "A" "B" anonymous"#,
            None,
        )
        .await
        .unwrap();
    let poll = poll_in_room(&alice, &bot_id, &create).await;
    assert_eq!(poll.kind, "m.room.message", "{:?}", poll.content);
    assert!(poll.body().contains("Secret?"), "{}", poll.body());
    assert!(poll.body().contains("1️⃣ Vote privately"), "{}", poll.body());
    assert!(
        !poll.body().contains("2️⃣"),
        "no public vote choices: {}",
        poll.body()
    );
    assert!(!poll.body().contains("poll vote"), "{}", poll.body());
    let ballot = vote(&bob, &bob_room, &poll.event_id, false, "1", "m.disclosed").await;
    vote(
        &carol,
        &carol_room,
        &poll.event_id,
        true,
        "2",
        "m.disclosed",
    )
    .await;
    wait_until("two anonymous votes", || async {
        store.tally(1).await.unwrap().voters == 2
    })
    .await;
    // Bob changes his mind on his ballot.
    bob.room(&ballot.room_id)
        .await
        .unwrap()
        .send_raw(
            "org.matrix.msc3381.poll.response",
            json!({"m.relates_to": {"rel_type": "m.reference", "event_id": ballot.event_id},
                   "org.matrix.msc3381.poll.response": {"answers": ["2"]}}),
        )
        .await
        .unwrap();
    wait_until("bob's changed vote", || async {
        store.tally(1).await.unwrap().count(2) == 2
    })
    .await;
    let results = alice
        .say(&room, "!mentor poll results 1", None)
        .await
        .unwrap();
    let shown = answer(&alice, &bot_id, &results).await;
    assert!(shown.body().contains("2 voters"), "{}", shown.body());

    // Hidden results: the ballot does not show counts (m.undisclosed).
    let create = alice
        .say(
            &room,
            r#"!mentor poll create "Hidden?" "A" "B" hide-results"#,
            None,
        )
        .await
        .unwrap();
    let hidden = poll_in_room(&alice, &bot_id, &create).await;
    assert_eq!(hidden.kind, "m.room.message", "{:?}", hidden.content);
    assert!(
        hidden.body().contains("1️⃣ Vote privately"),
        "{}",
        hidden.body()
    );
    let second = |peer: &Peer| {
        let (bot_user, main_room, first) =
            (bot_id.clone(), room_id.clone(), ballot.event_id.clone());
        let peer = peer.clone();
        async move {
            peer.wait_for("the second ballot", WAIT, move |s| {
                s.sender == bot_user
                    && s.room_id != main_room
                    && s.kind == "m.poll.start"
                    && s.event_id != first
                    && s.content["m.poll"]["question"]["m.text"][0]["body"] == "Hidden?"
            })
            .await
            .unwrap()
        }
    };
    for (voter, in_room, react, option) in [
        (&bob, &bob_room, true, "1"),
        (&carol, &carol_room, false, "2"),
    ] {
        if react {
            in_room
                .send_raw(
                    "m.reaction",
                    json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": hidden.event_id, "key": "1️⃣"}}),
                )
                .await
                .unwrap();
        } else {
            in_room
                .send_raw(
                    "m.room.message",
                    json!({"msgtype": "m.text", "body": "1",
                           "m.relates_to": {"m.in_reply_to": {"event_id": hidden.event_id}}}),
                )
                .await
                .unwrap();
        }
        let ballot = second(voter).await;
        assert_eq!(
            ballot.content["m.poll"]["kind"], "m.undisclosed",
            "{:?}",
            ballot.content
        );
        voter
            .room(&ballot.room_id)
            .await
            .unwrap()
            .send_raw(
                "m.poll.response",
                json!({"m.relates_to": {"rel_type": "m.reference", "event_id": ballot.event_id},
                       "m.selections": [option]}),
            )
            .await
            .unwrap();
    }
    wait_until("two hidden votes", || async {
        store.tally(2).await.unwrap().voters == 2
    })
    .await;

    // Several choices: a ballot's response carries the whole selection,
    // which replaces the earlier one (Action::BallotChoose).
    let create = alice
        .say(
            &room,
            r#"!mentor poll create "Several?" "A" "B" "C" anonymous multi"#,
            None,
        )
        .await
        .unwrap();
    let several = poll_in_room(&alice, &bot_id, &create).await;
    bob_room
        .send_raw(
            "m.room.message",
            json!({"msgtype": "m.text", "body": "1",
                   "m.relates_to": {"m.in_reply_to": {"event_id": several.event_id}}}),
        )
        .await
        .unwrap();
    let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
    let multi_ballot = bob
        .wait_for("the multiple-choice ballot", WAIT, move |s| {
            s.sender == bot_user
                && s.room_id != main_room
                && s.kind == "m.poll.start"
                && s.content["m.poll"]["question"]["m.text"][0]["body"] == "Several?"
        })
        .await
        .unwrap();
    assert_eq!(multi_ballot.content["m.poll"]["max_selections"], 3);
    let direct = bob.room(&multi_ballot.room_id).await.unwrap();
    for (selection, counts) in [(vec!["1", "3"], [1, 0, 1]), (vec!["2"], [0, 1, 0])] {
        direct
            .send_raw(
                "m.poll.response",
                json!({"m.relates_to": {"rel_type": "m.reference", "event_id": multi_ballot.event_id},
                       "m.selections": selection}),
            )
            .await
            .unwrap();
        let store = store.clone();
        wait_until("the whole selection counted", move || {
            let store = store.clone();
            async move {
                let tally = store.tally(3).await.unwrap();
                tally.voters == 1 && (1..=3).all(|p| tally.count(p) == counts[p as usize - 1])
            }
        })
        .await;
    }
    let close = alice
        .say(&room, "!mentor poll close 2", None)
        .await
        .unwrap();
    let bot_user = bot_id.clone();
    let closed = alice
        .wait_for("the closed poll's edit", WAIT, move |s| {
            s.sender == bot_user
                && s.content["m.relates_to"]["rel_type"] == "m.replace"
                && s.content["m.relates_to"]["event_id"] == hidden.event_id.as_str()
        })
        .await
        .unwrap();
    assert!(
        closed.content["m.new_content"]["body"]
            .as_str()
            .unwrap()
            .contains("50%"),
        "the closed poll shows its counts: {:?}",
        closed.content
    );
    let bot_user = bot_id.clone();
    let results = alice
        .wait_for("the results", WAIT, move |s| {
            s.sender == bot_user && s.body().starts_with("Results of poll #2")
        })
        .await
        .unwrap();
    assert!(results.body().contains("2 voters"), "{}", results.body());
    let _ = close;
    let tally = store.tally(2).await.unwrap();
    assert_eq!((tally.count(1), tally.count(2)), (1, 1));

    // The room, read back from the homeserver: no native poll, no poll
    // response, and from the voters nothing but their ballot requests.
    let timeline = whole_timeline(&room).await;
    assert!(timeline.len() > 10, "{timeline:#?}");
    for event in &timeline {
        let kind = event["type"].as_str().unwrap_or_default();
        assert!(
            !kind.contains("poll"),
            "a poll event in the room: {event:#}"
        );
        let sender = event["sender"].as_str().unwrap_or_default();
        if sender == bob.user_id || sender == carol.user_id {
            let content = &event["content"];
            let fine = match kind {
                "m.room.member" => true,
                "m.reaction" => content["m.relates_to"]["key"] == "1️⃣",
                "m.room.message" => content["body"] == "1",
                _ => false,
            };
            assert!(fine, "a voter's event in the room: {event:#}");
        }
    }
    running.stop().await.unwrap();
}

/// The bot's event in `thread` (`m.thread` on `root`) whose body has `needle`.
async fn in_thread(peer: &Peer, bot: &str, root: &str, needle: &str) -> Seen {
    let (bot, root, needle) = (bot.to_owned(), root.to_owned(), needle.to_owned());
    peer.wait_for(&format!("“{needle}” in the thread"), WAIT, move |s| {
        s.sender == bot
            && s.content["m.relates_to"]["rel_type"] == "m.thread"
            && s.content["m.relates_to"]["event_id"] == root.as_str()
            && s.body().contains(&needle)
    })
    .await
    .unwrap()
}

/// A peer-problem round in a room: started by a peer with a command, it
/// runs in its own Matrix thread (a root event titled for the round, the
/// announcements as `m.thread` relations to it); `round next` said by
/// another peer in that thread moves it on there, and so does the
/// scheduler when the time comes.
async fn matrix_a_round_runs_in_its_own_thread(db: Db) {
    let Some(server) = homeserver() else {
        return;
    };
    let Some(bot) = Bot::spawn(db).await else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(bot.clock.clone());
    let alice_name = unique("alice");
    let bob_name = unique("bob");
    let carol_name = unique("carol");
    let bot_id = server
        .register(&unique("mentorbot"), PASSWORD, false)
        .await
        .unwrap();
    let alice = Peer::start(&server, &alice_name, PASSWORD).await.unwrap();
    let bob = Peer::start(&server, &bob_name, PASSWORD).await.unwrap();
    let carol = Peer::start(&server, &carol_name, PASSWORD).await.unwrap();
    let store_dir = tempfile::tempdir().unwrap();
    let running = start_bot(
        &server,
        bot.engine.clone(),
        clock,
        &bot_id,
        store_dir.path(),
        vec![format!("@{alice_name}:*")],
    )
    .await;
    let room_id = create_room(&alice, &[&bot_id, &bob.user_id, &carol.user_id], false).await;
    joined(&alice, &room_id, &bot_id).await;
    joined(&alice, &room_id, &bob.user_id).await;
    joined(&alice, &room_id, &carol.user_id).await;
    let room = alice.room(&room_id).await.unwrap();
    let bob_room = bob.room(&room_id).await.unwrap();
    let carol_room = carol.room(&room_id).await.unwrap();

    let create = alice
        .say(&room, "!mentor circle create Trio kind:peer", None)
        .await
        .unwrap();
    let created = answer(&alice, &bot_id, &create).await;
    assert!(created.body().contains("Trio"), "{}", created.body());
    for (peer, in_room) in [(&alice, &room), (&bob, &bob_room), (&carol, &carol_room)] {
        let join = peer
            .say(in_room, "!mentor circle join Trio", None)
            .await
            .unwrap();
        let joined = answer(peer, &bot_id, &join).await;
        assert!(joined.body().contains("joined"), "{}", joined.body());
    }

    // A protocol from a file: captioned with the command, or replied to with it.
    let definition = "size 3-6\nSketch 5 case-giver\nAdvice 8 consultants listening ideas\n";
    let file = alice
        .send_file(
            &room,
            "ours.txt",
            definition.as_bytes(),
            Some("!mentor round protocol add Ours"),
        )
        .await
        .unwrap();
    let added = answer(&alice, &bot_id, &file).await;
    assert!(
        added
            .body()
            .contains("Protocol Ours added: 2 phases, 13 min per case"),
        "{}",
        added.body()
    );
    let bare = alice
        .send_file(&room, "theirs.txt", definition.as_bytes(), None)
        .await
        .unwrap();
    let reply = alice
        .reply(&room, "!mentor round protocol add Theirs", &bare)
        .await
        .unwrap();
    let added = answer(&alice, &bot_id, &reply).await;
    assert!(
        added.body().contains("Protocol Theirs added: 2 phases"),
        "{}",
        added.body()
    );
    assert!(
        replies(&alice, &bot_id, &bare).is_empty(),
        "a file alone is no command"
    );

    // Carol reads times in Paris: the thread, one text for all, shows both.
    carol
        .say(&carol_room, "!mentor settings timezone Europe/Paris", None)
        .await
        .unwrap();
    let bot_user = bot_id.clone();
    carol
        .wait_for("the zone is set", WAIT, move |s| {
            s.sender == bot_user && s.body().contains("Europe/Paris")
        })
        .await
        .unwrap();

    // Bob, a plain member of the peer circle, starts a round.
    let start = bob
        .say(&bob_room, "!mentor round start Trio troika", None)
        .await
        .unwrap();
    let started = answer(&bob, &bot_id, &start).await;
    assert!(
        started
            .body()
            .contains("Round #1 (Troika consulting) has started for Trio"),
        "{}",
        started.body()
    );
    let bot_user = bot_id.clone();
    let opening = alice
        .wait_for("the round's opening in a thread", WAIT, move |s| {
            s.sender == bot_user
                && s.content["m.relates_to"]["rel_type"] == "m.thread"
                && s.body().contains("Phase 1 of 5")
        })
        .await
        .unwrap();
    assert_eq!(opening.room_id, room_id, "in the room it was started in");
    let body = opening.body();
    assert!(
        body.contains("Round #1: Troika consulting in Trio (live)"),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "Case-giver: {alice_name} → {bob_name} → {carol_name}"
        )),
        "{body}"
    );
    assert!(
        body.contains(
            "Phase 1 of 5: Quiet moment: your challenge and the help you want, until 2026-11-23 10:01 (UTC) · 11:01 (Europe/Paris)"
        ),
        "{body}"
    );
    assert!(body.contains("1️⃣ Next phase"), "{body}");
    // The thread's root: the bot's own event in the room, titled for the round.
    let root = opening.content["m.relates_to"]["event_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let root_event = alice
        .seen()
        .into_iter()
        .find(|s| s.event_id == root)
        .expect("the thread's root was seen");
    assert_eq!(
        (root_event.sender.as_str(), root_event.room_id.as_str()),
        (bot_id.as_str(), room_id.as_str())
    );
    assert_eq!(root_event.body(), "🧵 Round #1: Troika consulting (Trio)");
    assert!(root_event.content["m.relates_to"].is_null());

    // Carol says `round next` in the round's thread: a private "Done.",
    // and phase 2 (two minutes from now) in the same thread.
    let next = carol
        .say(&carol_room, "!mentor round next", Some(&root))
        .await
        .unwrap();
    let second = in_thread(&alice, &bot_id, &root, "Phase 2 of 5").await;
    assert!(
        second.body().starts_with(&format!(
            "Case 1 of 3: {alice_name}\nPhase 2 of 5: The client describes the challenge, until 2026-11-23 10:02 (UTC)"
        )),
        "{}",
        second.body()
    );
    let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
    carol
        .wait_for("a private “Done.”", WAIT, move |s| {
            s.sender == bot_user && s.room_id != main_room && s.body() == "Done."
        })
        .await
        .unwrap();
    assert!(
        replies(&carol, &bot_id, &next).is_empty(),
        "nothing said about it in the room"
    );

    // The scheduler, delivering through Matrix, warns in the same thread.
    bot.clock.advance(chrono::Duration::minutes(1));
    let report = Scheduler::new(
        bot.engine.clone(),
        Arc::new(running.matrix.delivery()),
        "matrix-test",
        SchedulerConfig::default(),
    )
    .run_due(bot.clock.now())
    .await
    .unwrap();
    assert_eq!((report.fired, report.failed), (1, 0), "{report:?}");
    let warning = in_thread(&alice, &bot_id, &root, "One minute left").await;
    assert_eq!(
        warning.body(),
        "One minute left in “The client describes the challenge”."
    );
    // One thread: every announcement of the round relates to its root.
    let announced: Vec<Seen> = alice
        .seen()
        .into_iter()
        .filter(|s| s.sender == bot_id && s.room_id == room_id && s.body().contains("Phase "))
        .collect();
    assert_eq!(announced.len(), 2, "{announced:#?}");
    for event in &announced {
        assert_eq!(event.content["m.relates_to"]["rel_type"], "m.thread");
        assert_eq!(event.content["m.relates_to"]["event_id"], root.as_str());
    }

    // Plain messages in the thread count: Bob's idea is a contribution.
    let idea = bob
        .say(&bob_room, "try a seating plan", Some(&root))
        .await
        .unwrap();
    // Phase 4, where Alice (the case-giver) only listens.
    for phase in ["Phase 3 of 5", "Phase 4 of 5"] {
        carol
            .say(&carol_room, "!mentor round next", Some(&root))
            .await
            .unwrap();
        in_thread(&alice, &bot_id, &root, phase).await;
    }
    let spoke = alice
        .say(&room, "but I tried that already", Some(&root))
        .await
        .unwrap();
    let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
    let reminder = alice
        .wait_for("a private listening reminder", WAIT, move |s| {
            s.sender == bot_user
                && s.room_id != main_room
                && s.body().contains("A gentle reminder for round #1")
        })
        .await
        .unwrap();
    assert!(
        reminder.body().contains("you only listen"),
        "{}",
        reminder.body()
    );
    alice
        .say(&room, "sorry, listening now", Some(&root))
        .await
        .unwrap();
    // Once the status (asked after) is answered, the second message has
    // been handled: still one reminder, and none in the room.
    alice
        .say(&room, "!mentor round status", Some(&root))
        .await
        .unwrap();
    let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
    alice
        .wait_for("the private status", WAIT, move |s| {
            s.sender == bot_user && s.room_id != main_room && s.body().contains("Phase 4 of 5")
        })
        .await
        .unwrap();
    let reminders = alice
        .seen()
        .into_iter()
        .filter(|s| s.sender == bot_id && s.body().contains("A gentle reminder"))
        .count();
    assert_eq!(reminders, 1);
    for said in [&idea, &spoke] {
        assert!(
            replies(&alice, &bot_id, said).is_empty(),
            "no answer in the room"
        );
    }
    let airtime = bot.store().round_airtime(1).await.unwrap();
    let of = |name: &str| {
        airtime
            .iter()
            .find(|a| a.display_name == name)
            .map(|a| (a.notes, a.chars))
    };
    assert_eq!(of(&bob_name), Some((1, 18)), "{airtime:?}");
    assert_eq!(of(&alice_name).map(|(n, _)| n), Some(2), "{airtime:?}");
    let notes = bot.store().round_notes(1).await.unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.body == "try a seating plan" && n.phase == 1),
        "{notes:?}"
    );
    running.stop().await.unwrap();
}

async fn wait_until<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A pulse on Matrix: each person gets the questions in their direct chat
/// with the bot and answers there (a number in reply to a question, a
/// typed `pulse answer` for text); the results go to the manager's direct
/// chat. Read back from the homeserver, the shared room holds nothing that
/// says who answered, let alone what.
async fn matrix_pulse_answers_stay_in_direct_chats(db: Db) {
    let Some(server) = homeserver() else {
        return;
    };
    let Some(bot) = Bot::spawn(db).await else {
        return;
    };
    let clock: Arc<dyn Clock> = Arc::new(bot.clock.clone());
    let alice_name = unique("alice");
    let bot_id = server
        .register(&unique("mentorbot"), PASSWORD, false)
        .await
        .unwrap();
    let alice = Peer::start(&server, &alice_name, PASSWORD).await.unwrap();
    let bob = Peer::start(&server, &unique("bob"), PASSWORD)
        .await
        .unwrap();
    let carol = Peer::start(&server, &unique("carol"), PASSWORD)
        .await
        .unwrap();
    let store_dir = tempfile::tempdir().unwrap();
    let running = start_bot(
        &server,
        bot.engine.clone(),
        clock,
        &bot_id,
        store_dir.path(),
        vec![format!("@{alice_name}:*")],
    )
    .await;
    let room_id = create_room(&alice, &[&bot_id, &bob.user_id, &carol.user_id], false).await;
    for who in [&bot_id, &bob.user_id, &carol.user_id] {
        joined(&alice, &room_id, who).await;
    }
    let room = alice.room(&room_id).await.unwrap();
    for peer in [&bob, &carol] {
        let their_room = peer.room(&room_id).await.unwrap();
        let said = peer
            .say(&their_room, "!mentor poll list", None)
            .await
            .unwrap();
        answer(peer, &bot_id, &said).await;
    }
    for line in [
        "!mentor pulse create Weekly",
        r#"!mentor pulse question add 1 scale "How was the week?""#,
        r#"!mentor pulse question add 1 text "What helped?""#,
        "!mentor pulse schedule 1",
    ] {
        let said = alice.say(&room, line, None).await.unwrap();
        let reply = answer(&alice, &bot_id, &said).await;
        assert!(!reply.body().contains("Sorry"), "{line}: {}", reply.body());
    }
    let report = Scheduler::new(
        bot.engine.clone(),
        Arc::new(running.matrix.delivery()),
        "matrix-test",
        SchedulerConfig::default(),
    )
    .run_due(bot.clock.now())
    .await
    .unwrap();
    assert_eq!(report.failed, 0, "{report:?}");

    // Each person's questions, in their direct chat.
    let question = async |peer: &Peer, needle: &'static str| {
        let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
        peer.wait_for(needle, WAIT, move |s| {
            s.sender == bot_user && s.room_id != main_room && s.body().contains(needle)
        })
        .await
        .unwrap()
    };
    let saved = async |peer: &Peer, needle: String| {
        let (bot_user, main_room) = (bot_id.clone(), room_id.clone());
        peer.wait_for("the answer saved", WAIT, move |s| {
            s.sender == bot_user && s.room_id != main_room && s.body().contains(&needle)
        })
        .await
        .unwrap()
    };
    let mut direct_rooms = Vec::new();
    for (peer, score) in [(&alice, "5"), (&bob, "4"), (&carol, "2")] {
        let first = question(peer, "How was the week?").await;
        assert!(
            first.body().contains("5️⃣ 5"),
            "numbered choices: {}",
            first.body()
        );
        let second = question(peer, "What helped?").await;
        assert_eq!(second.room_id, first.room_id);
        let direct = peer.room(&first.room_id).await.unwrap();
        let members = direct
            .members(matrix_sdk::RoomMemberships::JOIN | matrix_sdk::RoomMemberships::INVITE)
            .await
            .unwrap();
        let mut ids: Vec<String> = members.iter().map(|m| m.user_id().to_string()).collect();
        ids.sort();
        let mut expected = vec![peer.user_id.clone(), bot_id.clone()];
        expected.sort();
        assert_eq!(ids, expected, "a direct chat: the person and the bot");
        peer.reply(&direct, score, &first.event_id).await.unwrap();
        saved(peer, format!("Saved for Weekly, question 1: {score}.")).await;
        direct_rooms.push(first.room_id.clone());
    }
    let carol_direct = carol.room(&direct_rooms[2]).await.unwrap();
    carol
        .say(&carol_direct, "pulse answer 1 2 the readings", None)
        .await
        .unwrap();
    saved(&carol, "question 2: “the readings”".to_owned()).await;

    // The results: asked for in the room, answered in Alice's direct chat.
    let said = alice
        .say(&room, "!mentor pulse results 1", None)
        .await
        .unwrap();
    let results = saved(&alice, "3 of 3 answered".to_owned()).await;
    assert!(
        results.body().contains("mean 3.7"),
        "(5 + 4 + 2) / 3: {}",
        results.body()
    );
    let _ = said;

    let timeline = whole_timeline(&room).await;
    for event in &timeline {
        let sender = event["sender"].as_str().unwrap_or_default();
        let kind = event["type"].as_str().unwrap_or_default();
        let body = event["content"]["body"].as_str().unwrap_or_default();
        if sender == bob.user_id || sender == carol.user_id {
            let fine = kind == "m.room.member"
                || (kind == "m.room.message" && body == "!mentor poll list");
            assert!(fine, "a respondent's event in the room: {event:#}");
        }
        if sender == bot_id {
            for secret in ["Saved for", "the readings", "answered"] {
                assert!(!body.contains(secret), "in the room: {event:#}");
            }
        }
    }
    running.stop().await.unwrap();
}

on_both_databases!(
    matrix_pulse_answers_stay_in_direct_chats,
    matrix_rooms_polls_threads_dms_encryption_and_restart,
    matrix_a_space_is_the_rooms_it_vouches_for,
    matrix_a_resent_attachment_is_one_event,
    matrix_private_polls_are_answered_in_direct_chats,
    matrix_a_round_runs_in_its_own_thread,
);
