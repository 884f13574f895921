//! The Discord adapter end to end: serenity itself (gateway and REST)
//! against an in-process server speaking Discord's protocol, the engine on
//! a real database, and the scheduler delivering through Discord's REST API.

use testkit::discord as fake;

use std::sync::Arc;
use std::time::Duration;

use bot_core::{Clock, I18n, Scheduler, SchedulerConfig};
use discord_adapter::{Discord, DiscordConfig, DiscordMode};
use fake::{CHANNEL, FakeDiscord, GUILD, THREAD};
use serde_json::{Value, json};
use tokio::sync::oneshot;

use crate::helpers::{Bot, Db};
use crate::on_both_databases;

/// Manage Server (`1 << 5`).
const MANAGE_GUILD: &str = "32";
const ADMIN_ROLE: &str = "300000000000000009";

#[derive(Clone, Copy)]
struct Member {
    id: &'static str,
    name: &'static str,
    permissions: &'static str,
    roles: &'static [&'static str],
    locale: &'static str,
}

const ADA: Member = Member {
    id: "100000000000000001",
    name: "Ada",
    permissions: MANAGE_GUILD,
    roles: &[],
    locale: "en-US",
};
const BOB: Member = Member {
    id: "100000000000000002",
    name: "Bob",
    permissions: "0",
    roles: &[],
    locale: "fr",
};
const CAROL: Member = Member {
    id: "100000000000000003",
    name: "Carol",
    permissions: "0",
    roles: &[],
    locale: "nl",
};
/// An admin through a configured role, without Manage Server.
const DAN: Member = Member {
    id: "100000000000000004",
    name: "Dan",
    permissions: "0",
    roles: &[ADMIN_ROLE],
    locale: "en-GB",
};

impl Member {
    fn json(&self) -> Value {
        fake::member(self.id, self.name, self.permissions, self.roles)
    }

    fn user(&self) -> Value {
        self.json()["user"].clone()
    }
}

struct Harness {
    bot: Bot,
    fake: FakeDiscord,
    discord: Discord,
    stop: Option<oneshot::Sender<()>>,
    gateway: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    tokens: std::sync::atomic::AtomicU64,
}

fn config(fake: &FakeDiscord, mode: DiscordMode, public_key: Option<String>) -> DiscordConfig {
    DiscordConfig {
        token: fake::TOKEN.to_owned().into(),
        application_id: Some(fake::APP.parse().unwrap()),
        public_key,
        mode,
        guild_ids: vec![GUILD.parse().unwrap()],
        admin_roles: vec![ADMIN_ROLE.to_owned()],
        api_base_url: Some(fake.base.clone()),
        shards: None,
        message_content: false,
    }
}

impl Harness {
    async fn new(db: Db, mode: DiscordMode, public_key: Option<String>) -> Option<Self> {
        let bot = Bot::spawn(db).await?;
        let fake = FakeDiscord::start_with_clock(Arc::new(bot.clock.clone())).await;
        let discord = Discord::new(
            bot.engine.clone(),
            config(&fake, mode, public_key),
            Arc::new(bot.clock.clone()),
        )
        .unwrap();
        Some(Self {
            bot,
            fake,
            discord,
            stop: None,
            gateway: None,
            tokens: std::sync::atomic::AtomicU64::new(1),
        })
    }

    fn deferring(mut self) -> Self {
        self.discord = self.discord.clone().with_defer_after(Duration::ZERO);
        self
    }

    async fn connect(&mut self) {
        let (stop, stopped) = oneshot::channel::<()>();
        let discord = self.discord.clone();
        self.gateway = Some(tokio::spawn(async move {
            discord
                .run_gateway(async {
                    let _ = stopped.await;
                })
                .await
        }));
        self.stop = Some(stop);
        self.fake
            .wait_for("IDENTIFY and READY", |f| (f.identified() > 0).then_some(()))
            .await;
    }

    async fn disconnect(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // (serenity waits up to 5 s for its shard runner to finish.)
        if let Some(gateway) = self.gateway.take() {
            tokio::time::timeout(Duration::from_secs(10), gateway)
                .await
                .expect("the gateway stops")
                .unwrap()
                .unwrap();
        }
        assert_eq!(
            self.fake.unknown(),
            Vec::<String>::new(),
            "unexpected REST calls"
        );
    }

    fn token(&self) -> String {
        let n = self
            .tokens
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        format!("tok-{}", 950_000_000_000_000_000u64 + n)
    }

    /// A slash command through the gateway; returns the callback body.
    async fn slash(&self, who: Member, name: &str, options: Value) -> Value {
        self.slash_in(who, name, options, json!({}), fake::text_channel())
            .await
    }

    async fn slash_in(
        &self,
        who: Member,
        name: &str,
        options: Value,
        resolved: Value,
        channel: Value,
    ) -> Value {
        let token = self.token();
        let interaction = fake::command_in(
            &token,
            who.json(),
            who.locale,
            name,
            options,
            resolved,
            channel,
        );
        assert_parses(&interaction);
        self.fake.dispatch("INTERACTION_CREATE", interaction);
        self.fake.callback(&token).await.body
    }

    async fn press(&self, who: Member, custom_id: &str, values: Option<Vec<&str>>) -> Value {
        self.press_in(who, fake::text_channel(), custom_id, values)
            .await
    }

    /// A component pressed on the latest message carrying it in `channel`
    /// (a channel object: a thread's, for a message in a thread).
    async fn press_in(
        &self,
        who: Member,
        channel: Value,
        custom_id: &str,
        values: Option<Vec<&str>>,
    ) -> Value {
        let token = self.token();
        let message = self
            .fake
            .messages_in(channel["id"].as_str().expect("a channel id"))
            .into_iter()
            .rev()
            .find(|m| m.body.to_string().contains(custom_id))
            .expect("a message carrying the component");
        let mut interaction = fake::component(
            &token,
            who.json(),
            custom_id,
            values,
            self.fake.message_json(&message),
        );
        interaction["channel_id"] = channel["id"].clone();
        interaction["channel"] = channel;
        assert_parses(&interaction);
        self.fake.dispatch("INTERACTION_CREATE", interaction);
        self.fake.callback(&token).await.body
    }

    fn scheduler(&self) -> Scheduler {
        Scheduler::new(
            self.bot.engine.clone(),
            Arc::new(self.discord.delivery()),
            "discord-test",
            SchedulerConfig::default(),
        )
    }

    async fn run_due(&self) -> bot_core::RunReport {
        self.scheduler()
            .run_due(self.bot.clock.now())
            .await
            .unwrap()
    }
}

/// A payload serenity cannot read would be dropped silently: check first.
fn assert_parses(interaction: &Value) {
    if let Err(error) =
        serde_json::from_value::<serenity::model::application::Interaction>(interaction.clone())
    {
        panic!("serenity cannot read this interaction: {error}\n{interaction:#}");
    }
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

fn string(name: &str, value: &str) -> Value {
    json!({"type": 3, "name": name, "value": value})
}

fn content(callback: &Value) -> String {
    callback["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn custom_ids(callback: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for row in callback["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
    {
        for component in row["components"].as_array().into_iter().flatten() {
            ids.push(component["custom_id"].as_str().unwrap().to_owned());
        }
    }
    ids
}

const EPHEMERAL: u64 = 64;

async fn gateway_commands_buttons_selects_and_autocomplete(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    // Registration: the catalogue's JSON, localized, per configured guild, once.
    assert_eq!(h.discord.register_commands().await.unwrap(), 1);
    let puts: Vec<_> = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 1);
    assert_eq!(
        puts[0].path,
        format!(
            "/api/v10/applications/{}/guilds/{GUILD}/commands",
            fake::APP
        )
    );
    let expected = discord_adapter::commands::application_commands(&I18n::load());
    assert_eq!(puts[0].body, expected);
    let circle = puts[0]
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "circle")
        .unwrap();
    assert_eq!(circle["name_localizations"]["fr"], "cercle");
    assert_eq!(circle["name_localizations"]["nl"], "kring");
    assert_eq!(
        h.discord.register_commands().await.unwrap(),
        0,
        "unchanged: not sent again"
    );

    h.connect().await;

    // `/circle create` by an admin (Manage Server).
    let created = h
        .slash(
            ADA,
            "circle",
            sub(
                "create",
                json!([string("name", "Rust learners"), {"type": 4, "name": "capacity", "value": 3}]),
            ),
        )
        .await;
    assert_eq!(created["type"], 4);
    assert!(content(&created).contains("Rust learners"), "{created}");
    assert!(content(&created).contains("(0/3)"), "{created}");
    assert_eq!(created["data"]["allowed_mentions"]["parse"], json!([]));
    assert_eq!(custom_ids(&created), ["circle:join:1"]);

    // A member may not: a private refusal in their language, nothing created.
    let community = format!("discord:{GUILD}");
    let refused = h
        .slash(
            BOB,
            "circle",
            sub("create", json!([string("name", "Nope")])),
        )
        .await;
    assert_eq!(refused["data"]["flags"], EPHEMERAL);
    assert!(content(&refused).contains("Seuls les admins"), "{refused}");
    let circles = h.bot.store().list_circles(&community).await.unwrap();
    assert_eq!(circles.len(), 1, "nothing created");

    // An admin through a configured role may.
    let by_role = h
        .slash(
            DAN,
            "circle",
            sub("create", json!([string("name", "Book club")])),
        )
        .await;
    assert!(content(&by_role).contains("Book club"), "{by_role}");

    // `/circle list` in French.
    let list = h.slash(BOB, "circle", sub("list", json!([]))).await;
    let text = content(&list);
    assert!(
        text.contains("Rust learners") && text.contains("Book club"),
        "{text}"
    );
    assert!(text.contains("membres"), "French: {text}");

    // The Join button works (its custom_id is the core's action id).
    let joined = h.press(BOB, "circle:join:1", None).await;
    assert_eq!(joined["type"], 4);
    assert!(content(&joined).contains("Rust learners"), "{joined}");
    let members = h.bot.store().circle_members(1).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].user_id, BOB.id);

    // A circle's discussion thread: opened once under the circle's place, reused after.
    for _ in 0..2 {
        let opened = h
            .slash(
                ADA,
                "circle",
                sub("thread", json!([string("circle", "Rust learners")])),
            )
            .await;
        assert!(content(&opened).contains("Rust learners"), "{opened}");
    }
    let threads = h
        .fake
        .wait_for("two welcome messages in the thread", |f| {
            let threads = f.threads();
            (threads.len() == 1 && f.messages_in(&threads[0].0).len() == 2).then_some(threads)
        })
        .await;
    assert_eq!(threads[0].1, CHANNEL);
    assert_eq!(threads[0].2, "Rust learners");
    assert!(
        h.fake.messages_in(&threads[0].0)[0].body["content"]
            .as_str()
            .unwrap()
            .contains("discussion thread")
    );

    // Autocomplete for circle names.
    let token = h.token();
    let request = fake::autocomplete(
        &token,
        CAROL.json(),
        "circle",
        json!([{"type": 1, "name": "info", "options": [{"type": 3, "name": "circle", "value": "rus", "focused": true}]}]),
    );
    assert_parses(&request);
    h.fake.dispatch("INTERACTION_CREATE", request);
    let completion = h.fake.callback(&token).await.body;
    assert_eq!(completion["type"], 8);
    assert_eq!(
        completion["data"]["choices"],
        json!([{"name": "Rust learners", "value": "Rust learners"}])
    );

    // A multiple-choice poll: buttons and a select; the select sets the vote.
    let poll = h
        .slash(
            ADA,
            "poll",
            sub(
                "create",
                json!([
                    string("question", "Which days?"),
                    string("choices", "Mon;Tue;Wed;multi")
                ]),
            ),
        )
        .await;
    assert_eq!(
        custom_ids(&poll),
        [
            "poll:vote:1:1",
            "poll:vote:1:2",
            "poll:vote:1:3",
            "poll:choose:1"
        ]
    );
    let voted = h.press(BOB, "poll:choose:1", Some(vec!["1", "3"])).await;
    assert_eq!(voted["data"]["flags"], EPHEMERAL);
    assert!(content(&voted).contains("1. Mon, 3. Wed"), "{voted}");
    let toggled = h.press(CAROL, "poll:vote:1:2", None).await;
    assert!(content(&toggled).contains("2. Tue"), "{toggled}");
    // The live tally edits the poll message itself.
    let original = h
        .fake
        .messages_in(CHANNEL)
        .into_iter()
        .find(|m| m.body.to_string().contains("poll:choose:1"))
        .unwrap();
    h.bot.clock.advance(chrono::Duration::seconds(5));
    h.run_due().await;
    let edited = h
        .fake
        .messages_in(CHANNEL)
        .into_iter()
        .find(|m| m.id == original.id)
        .unwrap();
    assert_eq!(edited.edits, 1);
    let tally = edited.body["content"].as_str().unwrap();
    assert!(tally.contains("2 voters"), "{tally}");
    assert!(tally.contains("1. Mon — 1 vote (50%)"), "{tally}");
    let patch = h
        .fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(
        patch.path,
        format!("/api/v10/channels/{CHANNEL}/messages/{}", original.id)
    );

    // Results: text plus the chart, attached to the interaction's answer.
    let token = h.token();
    let results = fake::command_in(
        &token,
        BOB.json(),
        BOB.locale,
        "poll",
        sub("results", json!([string("id", "1")])),
        json!({}),
        fake::text_channel(),
    );
    h.fake.dispatch("INTERACTION_CREATE", results);
    let answer = h.fake.callback(&token).await;
    assert_eq!(answer.files.len(), 1, "{:?}", answer.body);
    assert!(answer.files[0].2.starts_with(b"\x89PNG"));
    assert_eq!(
        answer.body["data"]["embeds"][0]["image"]["url"],
        format!("attachment://{}", answer.files[0].1)
    );

    // Completions for poll ids, reminder ids and time zones too.
    for (command, option, typed, expected) in [
        (
            "poll",
            "id",
            "day",
            json!({"name": "#1 Which days?", "value": "1"}),
        ),
        (
            "settings",
            "zone",
            "europe/par",
            json!({"name": "Europe/Paris", "value": "Europe/Paris"}),
        ),
    ] {
        let token = h.token();
        let sub_name = if command == "poll" {
            "results"
        } else {
            "timezone"
        };
        let request = fake::autocomplete(
            &token,
            BOB.json(),
            command,
            json!([{"type": 1, "name": sub_name, "options": [{"type": 3, "name": option, "value": typed, "focused": true}]}]),
        );
        assert_parses(&request);
        h.fake.dispatch("INTERACTION_CREATE", request);
        let completion = h.fake.callback(&token).await.body;
        assert_eq!(completion["data"]["choices"][0], expected, "{completion}");
    }

    // A reminder set in a thread is delivered into that thread, with its nonce.
    let reminder = h
        .slash_in(
            BOB,
            "remind",
            sub(
                "here",
                json!([string("when", "in 10 minutes"), string("text", "stand up")]),
            ),
            json!({}),
            fake::thread_channel(),
        )
        .await;
    assert!(content(&reminder).contains("stand up"), "{reminder}");
    // The time shows as a Discord timestamp: each reader sees their own zone.
    let due = (h.bot.clock.now() + chrono::Duration::minutes(10)).timestamp();
    let text = content(&reminder);
    let shown: i64 = text
        .split("<t:")
        .nth(1)
        .and_then(|rest| rest.split(":F>").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no Discord timestamp in {text}"));
    assert!((shown - due).abs() < 60, "{shown} vs {due}");
    // Its id completes for its owner.
    let token = h.token();
    let request = fake::autocomplete(
        &token,
        BOB.json(),
        "remind",
        json!([{"type": 1, "name": "cancel", "options": [{"type": 3, "name": "id", "value": "", "focused": true}]}]),
    );
    h.fake.dispatch("INTERACTION_CREATE", request);
    let completion = h.fake.callback(&token).await.body;
    assert_eq!(
        completion["data"]["choices"],
        json!([{"name": "#1 stand up", "value": "1"}])
    );
    h.bot.clock.advance(chrono::Duration::minutes(11));
    h.run_due().await;
    // (The confirmation answered the interaction in the thread too.)
    let in_thread: Vec<_> = h
        .fake
        .messages_in(THREAD)
        .into_iter()
        .filter(|m| m.nonce.is_some())
        .collect();
    assert_eq!(in_thread.len(), 1);
    assert!(
        in_thread[0].body["content"]
            .as_str()
            .unwrap()
            .contains("stand up")
    );
    assert_eq!(in_thread[0].body["enforce_nonce"], true);
    assert!(in_thread[0].nonce.as_deref().unwrap().starts_with('j'));
    // Snooze buttons ride along.
    assert!(in_thread[0].body.to_string().contains("remind:snooze:"));

    h.disconnect().await;
}

on_both_databases!(gateway_commands_buttons_selects_and_autocomplete);

fn user_option(who: Member) -> (Value, Value) {
    (
        json!({"type": 6, "name": "member", "value": who.id}),
        json!({"users": {who.id: who.user()}}),
    )
}

async fn direct_messages_fallbacks_and_rate_limits(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.connect().await;
    let community = format!("discord:{GUILD}");
    h.fake.close_dms_of(CAROL.id);

    h.slash(
        ADA,
        "circle",
        sub("create", json!([string("name", "Mentors")])),
    )
    .await;
    // This scenario counts every send; feedback after a check-in has its own.
    let off = h
        .slash(
            ADA,
            "circle",
            sub(
                "feedback",
                json!([string("circle", "Mentors"), string("switch", "off")]),
            ),
        )
        .await;
    assert!(content(&off).contains("no longer"), "{off}");
    for who in [BOB, CAROL] {
        for command in ["add", "host"] {
            let (member, resolved) = user_option(who);
            let answer = h
                .slash_in(
                    ADA,
                    "circle",
                    sub(command, json!([string("circle", "Mentors"), member])),
                    resolved,
                    fake::text_channel(),
                )
                .await;
            assert!(content(&answer).contains(who.name), "{answer}");
        }
    }
    let nudge = h
        .slash(
            ADA,
            "circle",
            sub(
                "nudge",
                json!([string("circle", "Mentors"), {"type": 4, "name": "days", "value": 1}]),
            ),
        )
        .await;
    assert_eq!(nudge["type"], 4);

    // A quiet day: the circle's place is nudged.
    h.bot
        .clock
        .advance(chrono::Duration::days(1) + chrono::Duration::hours(1));
    assert_eq!(h.run_due().await.fired, 1);
    let nudged = |h: &Harness| -> Vec<fake::Stored> {
        h.fake
            .messages_in(CHANNEL)
            .into_iter()
            .filter(|m| m.nonce.as_deref().is_some_and(|n| n.starts_with('n')))
            .collect()
    };
    assert_eq!(nudged(&h).len(), 1);

    // Three days on: the hosts by direct message. Carol's DMs are closed
    // (50007): she is mentioned in the circle's place instead, and it is recorded.
    h.bot.clock.advance(chrono::Duration::days(3));
    let report = h.run_due().await;
    assert_eq!((report.fired, report.failed), (1, 0), "{report:?}");
    let bob_dm = h.fake.dm_channel_of(BOB.id).expect("a DM channel with Bob");
    let to_bob = h.fake.messages_in(&bob_dm);
    assert_eq!(to_bob.len(), 1);
    assert!(
        to_bob[0].body["content"]
            .as_str()
            .unwrap()
            .contains("Mentors")
    );
    assert_eq!(to_bob[0].body["enforce_nonce"], true);
    let carol_dm = h
        .fake
        .dm_channel_of(CAROL.id)
        .expect("a DM channel was tried");
    assert!(h.fake.messages_in(&carol_dm).is_empty());
    let fallback = nudged(&h);
    assert_eq!(fallback.len(), 2, "the channel nudge and Carol's mention");
    let mention = fallback[1].body["content"].as_str().unwrap();
    assert!(
        mention.starts_with(&format!("<@{}> ", CAROL.id)),
        "{mention}"
    );
    assert_eq!(
        fallback[1].body["allowed_mentions"]["users"],
        json!([CAROL.id])
    );
    assert_eq!(
        h.bot
            .store()
            .fallbacks_of(&community, CAROL.id)
            .await
            .unwrap(),
        [(Some(CHANNEL.to_owned()), "dms-closed".to_owned())]
    );
    assert!(
        h.bot
            .store()
            .fallbacks_of(&community, BOB.id)
            .await
            .unwrap()
            .is_empty()
    );

    // The channel nudge's "Check in" button opens a form; its answer logs
    // the circle's check-in.
    let form = h.press(BOB, "checkin:prompt:1", None).await;
    assert_eq!(form["type"], 9, "{form}");
    assert_eq!(form["data"]["custom_id"], "checkin:note:1");
    assert_eq!(form["data"]["components"][0]["components"][0]["type"], 4);
    let token = h.token();
    let submit = fake::modal_submit(
        &token,
        BOB.json(),
        "checkin:note:1",
        "We met and planned March",
    );
    assert_parses(&submit);
    h.fake.dispatch("INTERACTION_CREATE", submit);
    let logged = h.fake.callback(&token).await.body;
    assert!(content(&logged).contains("Mentors"), "{logged}");
    let checkins = h.bot.snapshot().await;
    assert!(checkins.contains("We met and planned March"), "{checkins}");

    // A 429: retried after the wait, delivered once, with the same nonce.
    h.slash(
        ADA,
        "remind",
        sub(
            "here",
            json!([string("when", "in 5 minutes"), string("text", "Break time")]),
        ),
    )
    .await;
    h.fake.rate_limit_next(1);
    h.bot.clock.advance(chrono::Duration::minutes(6));
    let first = h.run_due().await;
    assert_eq!((first.fired, first.retried), (0, 1), "{first:?}");
    let breaks = |h: &Harness| {
        h.fake
            .messages_in(CHANNEL)
            .into_iter()
            .filter(|m| {
                m.body["content"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Break time")
                    && m.nonce.is_some()
            })
            .count()
    };
    assert_eq!(breaks(&h), 0);
    // Not before the wait is over…
    assert_eq!(h.run_due().await.fired, 0);
    h.bot.clock.advance(chrono::Duration::seconds(2));
    assert_eq!(h.run_due().await.fired, 1);
    assert_eq!(breaks(&h), 1);
    let attempts: Vec<_> = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == "POST"
                && r.body.to_string().contains("Break time")
                && r.body["nonce"].is_string()
        })
        .collect();
    assert_eq!(attempts.len(), 2, "one refused, one accepted");
    assert_eq!(attempts[0].body["nonce"], attempts[1].body["nonce"]);

    // A resend of what Discord already has (a crash between send and
    // record) carries the same nonce, so Discord keeps one message.
    let resend = bot_core::Outgoing {
        target: bot_core::Target::Channel {
            community_id: community.clone(),
            channel_id: CHANNEL.to_owned(),
        },
        message: bot_core::Message::text("Break time (again)"),
        idempotency_key: attempts[0].body["nonce"].as_str().map(str::to_owned),
        replaces: None,
    };
    h.discord.delivery().send(&resend).await.unwrap();
    assert_eq!(breaks(&h), 1, "deduplicated by nonce");

    // A direct message with no place to fall back to is refused, and recorded.
    let nowhere = bot_core::Outgoing {
        target: bot_core::Target::Direct {
            community_id: community.clone(),
            user_id: CAROL.id.to_owned(),
            fallback_channel: None,
        },
        message: bot_core::Message::text("hello"),
        idempotency_key: Some("x1".to_owned()),
        replaces: None,
    };
    assert!(matches!(
        h.discord.delivery().send(&nowhere).await,
        Err(bot_core::DeliveryError::Rejected(_))
    ));
    assert_eq!(
        h.bot
            .store()
            .fallbacks_of(&community, CAROL.id)
            .await
            .unwrap()
            .len(),
        2
    );

    h.disconnect().await;
}

on_both_databases!(direct_messages_fallbacks_and_rate_limits);

/// A raw HTTP/1.1 POST; returns the status code and body.
async fn post(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A key pair made for one test, as Discord makes one per application.
fn signing_key() -> ed25519_dalek::SigningKey {
    let mut seed = [0u8; 32];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom").unwrap(), &mut seed)
        .unwrap();
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// The harness's interactions endpoint on a real socket.
async fn serve_endpoint(h: &Harness) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = h.discord.endpoint().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// POSTs `body` to the endpoint signed as Discord signs it, at `timestamp`.
async fn post_signed(
    addr: std::net::SocketAddr,
    key: &ed25519_dalek::SigningKey,
    body: &str,
    timestamp: &str,
) -> (u16, String) {
    use ed25519_dalek::Signer;
    let signature = hex(&key.sign(format!("{timestamp}{body}").as_bytes()).to_bytes());
    post(
        addr,
        discord_adapter::endpoint::PATH,
        &[
            ("X-Signature-Ed25519", &signature),
            ("X-Signature-Timestamp", timestamp),
        ],
        body.as_bytes(),
    )
    .await
}

async fn http_interactions_are_verified(db: Db) {
    use ed25519_dalek::Signer;
    let key = signing_key();
    let public = hex(key.verifying_key().as_bytes());
    let Some(h) = Harness::new(db, DiscordMode::Http, Some(public)).await else {
        return;
    };
    let addr = serve_endpoint(&h).await;
    let path = discord_adapter::endpoint::PATH;
    // The bot's (fake) clock: 2026-11-23 10:00 UTC.
    let signed = |body: &str| {
        let timestamp = "1795428000".to_owned();
        let signature = key.sign(format!("{timestamp}{body}").as_bytes());
        (hex(&signature.to_bytes()), timestamp)
    };
    let send = |body: Value| {
        let body = body.to_string();
        let key = &key;
        async move { post_signed(addr, key, &body, "1795428000").await }
    };

    // PING → PONG.
    let ping = json!({"id": "960000000000000001", "application_id": fake::APP, "type": 1, "token": "tok-ping", "version": 1});
    assert_parses(&ping);
    let (status, body) = send(ping.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"type": 1})
    );

    // A command signed by someone else, or not at all: 401, nothing runs.
    let create = fake::command_in(
        "tok-960000000000000002",
        ADA.json(),
        "en-US",
        "circle",
        sub("create", json!([string("name", "Signed circle")])),
        json!({}),
        fake::text_channel(),
    );
    assert_parses(&create);
    let before = h.bot.snapshot().await;
    let (signature, timestamp) = signed(&ping.to_string());
    let forged = post(
        addr,
        path,
        &[
            ("X-Signature-Ed25519", &signature),
            ("X-Signature-Timestamp", &timestamp),
        ],
        create.to_string().as_bytes(),
    )
    .await;
    assert_eq!(forged.0, 401);
    let unsigned = post(addr, path, &[], create.to_string().as_bytes()).await;
    assert_eq!(unsigned.0, 401);
    let garbage = post(
        addr,
        path,
        &[
            ("X-Signature-Ed25519", "zz"),
            ("X-Signature-Timestamp", "1"),
        ],
        create.to_string().as_bytes(),
    )
    .await;
    assert_eq!(garbage.0, 401);
    assert_eq!(
        h.bot.snapshot().await,
        before,
        "a refused request changes nothing"
    );
    assert!(h.fake.requests().is_empty(), "and calls nothing");

    // Signed: the answer is the HTTP response itself.
    h.fake.expect_interaction("tok-960000000000000002", CHANNEL);
    let (status, body) = send(create).await;
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    h.fake.answered_over_http("tok-960000000000000002", &answer);
    assert_eq!(answer["type"], 4);
    assert!(content(&answer).contains("Signed circle"), "{answer}");
    assert_eq!(
        h.bot
            .store()
            .list_circles(&format!("discord:{GUILD}"))
            .await
            .unwrap()
            .len(),
        1
    );

    // A chart cannot ride in a JSON response: deferred, then the original
    // is edited with the image attached.
    for (token, who, command) in [
        (
            "tok-960000000000000003",
            ADA,
            sub(
                "create",
                json!([string("question", "Tea?"), string("choices", "Yes;No")]),
            ),
        ),
        (
            "tok-960000000000000004",
            ADA,
            sub("vote", json!([string("id", "1"), string("choices", "1")])),
        ),
        (
            "tok-960000000000000005",
            BOB,
            sub("results", json!([string("id", "1")])),
        ),
    ] {
        h.fake.expect_interaction(token, CHANNEL);
        let interaction = fake::command_in(
            token,
            who.json(),
            who.locale,
            "poll",
            command,
            json!({}),
            fake::text_channel(),
        );
        let (status, body) = send(interaction).await;
        assert_eq!(status, 200, "{body}");
        let answer: Value = serde_json::from_str(&body).unwrap();
        h.fake.answered_over_http(token, &answer);
        if token.ends_with('5') {
            assert_eq!(answer["type"], 5, "{answer}");
        }
    }
    let edit = h
        .fake
        .wait_for("the deferred answer's edit", |f| {
            f.requests().into_iter().find(|r| {
                r.method == "PATCH"
                    && r.path
                        .ends_with("/tok-960000000000000005/messages/@original")
            })
        })
        .await;
    // The poll went out in an HTTP response, which Discord reads before the
    // bot can ask for its id; the bot asked until it could.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while h
        .bot
        .store()
        .sent_message("discord", "p1")
        .await
        .unwrap()
        .is_none()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the poll's message id is kept for its tally"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(edit.files.len(), 1, "the chart is attached");
    assert!(edit.files[0].1.ends_with(".png"));
    assert!(edit.files[0].2.starts_with(b"\x89PNG"));
    assert!(
        edit.body["attachments"][0]["description"]
            .as_str()
            .unwrap()
            .contains("1"),
        "alt text: {}",
        edit.body
    );
    assert_eq!(h.fake.unknown(), Vec::<String>::new());
}

on_both_databases!(http_interactions_are_verified);

fn create_circle(token: &str, name: &str) -> Value {
    let interaction = fake::command_in(
        token,
        ADA.json(),
        ADA.locale,
        "circle",
        sub("create", json!([string("name", name)])),
        json!({}),
        fake::text_channel(),
    );
    assert_parses(&interaction);
    interaction
}

/// A signed request is only good once, and only for a few minutes: a stale
/// timestamp or a second delivery of the same interaction gets 401 and runs
/// nothing.
async fn http_interactions_refuse_stale_and_replayed_requests(db: Db) {
    use discord_adapter::endpoint::WINDOW_SECS;
    let key = signing_key();
    let public = hex(key.verifying_key().as_bytes());
    let Some(h) = Harness::new(db, DiscordMode::Http, Some(public)).await else {
        return;
    };
    let addr = serve_endpoint(&h).await;
    let now = h.bot.clock.now().timestamp();
    let circles = || async {
        h.bot
            .store()
            .list_circles(&format!("discord:{GUILD}"))
            .await
            .unwrap()
            .len()
    };

    // Correctly signed, but too old or too far ahead.
    let before = h.bot.snapshot().await;
    let stale = create_circle("tok-960000000000000011", "Stale circle").to_string();
    for at in [
        now - WINDOW_SECS - 1,
        now + WINDOW_SECS + 1,
        now - 86_400,
        0,
    ] {
        let (status, body) = post_signed(addr, &key, &stale, &at.to_string()).await;
        assert_eq!(status, 401, "signed at {at} (now {now}): {body}");
    }
    let (status, _) = post_signed(addr, &key, &stale, "soon").await;
    assert_eq!(status, 401, "a timestamp that is not a number");
    assert_eq!(
        h.bot.snapshot().await,
        before,
        "a stale request changes nothing"
    );
    assert!(h.fake.requests().is_empty(), "and calls nothing");

    // At the edge of the window it is accepted, once.
    let token = "tok-960000000000000012";
    h.fake.expect_interaction(token, CHANNEL);
    let create = create_circle(token, "Replayed circle").to_string();
    let at = (now - WINDOW_SECS).to_string();
    let (status, body) = post_signed(addr, &key, &create, &at).await;
    assert_eq!(status, 200, "{body}");
    h.fake
        .answered_over_http(token, &serde_json::from_str(&body).unwrap());
    assert!(body.contains("Replayed circle"), "{body}");
    assert_eq!(circles().await, 1);
    let after = h.bot.snapshot().await;
    let calls = h.fake.requests().len();

    // The same signed request again, and the same interaction signed anew.
    let (status, body) = post_signed(addr, &key, &create, &at).await;
    assert_eq!(status, 401, "a replay: {body}");
    let (status, body) = post_signed(addr, &key, &create, &now.to_string()).await;
    assert_eq!(status, 401, "the same interaction id: {body}");
    // After the window the replay is stale (and its id may be forgotten).
    h.bot.clock.advance(chrono::Duration::seconds(1));
    let (status, _) = post_signed(addr, &key, &create, &at).await;
    assert_eq!(status, 401, "a replay past the window");
    assert_eq!(circles().await, 1, "the circle was created once");
    assert_eq!(h.bot.snapshot().await, after, "a replay changes nothing");
    assert_eq!(h.fake.requests().len(), calls, "and calls nothing");

    // Two deliveries at once: exactly one runs.
    let token = "tok-960000000000000013";
    h.fake.expect_interaction(token, CHANNEL);
    let twice = create_circle(token, "Raced circle").to_string();
    let stamp = h.bot.clock.now().timestamp().to_string();
    let (a, b) = tokio::join!(
        post_signed(addr, &key, &twice, &stamp),
        post_signed(addr, &key, &twice, &stamp)
    );
    for (status, body) in [&a, &b] {
        if *status == 200 {
            h.fake
                .answered_over_http(token, &serde_json::from_str(body).unwrap());
        }
    }
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 401], "{a:?} {b:?}");
    assert_eq!(circles().await, 2);

    // PING is not an action: Discord may check the endpoint with it again.
    let ping = json!({"id": "960000000000000014", "application_id": fake::APP, "type": 1, "token": "tok-ping", "version": 1}).to_string();
    for _ in 0..2 {
        let (status, body) = post_signed(addr, &key, &ping, &stamp).await;
        assert_eq!((status, body.as_str()), (200, r#"{"type":1}"#));
    }
    assert_eq!(h.fake.unknown(), Vec::<String>::new());
}

on_both_databases!(http_interactions_refuse_stale_and_replayed_requests);

async fn slow_answers_are_deferred_then_delivered(db: Db) {
    let Some(h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    let mut h = h.deferring();
    h.connect().await;
    // A command: "thinking…" first, then the original is edited.
    let token = h.token();
    let interaction = fake::command_in(
        &token,
        ADA.json(),
        ADA.locale,
        "circle",
        sub("create", json!([string("name", "Patient circle")])),
        json!({}),
        fake::text_channel(),
    );
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    assert_eq!(h.fake.callback(&token).await.body, json!({"type": 5}));
    let edit = h
        .fake
        .wait_for("the original answer's edit", |f| {
            f.requests().into_iter().find(|r| {
                r.method == "PATCH" && r.path.ends_with(&format!("/{token}/messages/@original"))
            })
        })
        .await;
    assert!(
        edit.body["content"]
            .as_str()
            .unwrap()
            .contains("Patient circle"),
        "{}",
        edit.body
    );
    assert!(
        h.fake.messages_in(CHANNEL)[0].body["content"]
            .as_str()
            .unwrap()
            .contains("Patient circle")
    );
    // A button: acknowledged first (type 6), then answered by a followup.
    let pressed = h.press(BOB, "circle:join:1", None).await;
    assert_eq!(pressed, json!({"type": 6}));
    let followup = h
        .fake
        .wait_for("the followup", |f| {
            f.requests().into_iter().find(|r| {
                r.method == "POST"
                    && r.path
                        .starts_with(&format!("/api/v10/webhooks/{}/", fake::APP))
            })
        })
        .await;
    assert!(
        followup.body["content"]
            .as_str()
            .unwrap()
            .contains("Patient circle"),
        "{}",
        followup.body
    );
    assert_eq!(h.bot.store().circle_members(1).await.unwrap().len(), 1);
    h.disconnect().await;
}

on_both_databases!(slow_answers_are_deferred_then_delivered);

fn channel_text(text: &str, key: &str) -> bot_core::Outgoing {
    bot_core::Outgoing {
        target: bot_core::Target::Channel {
            community_id: format!("discord:{GUILD}"),
            channel_id: CHANNEL.to_owned(),
        },
        message: bot_core::Message::text(text),
        idempotency_key: Some(key.to_owned()),
        replaces: None,
    }
}

fn texts_in(fake: &FakeDiscord, channel: &str, needle: &str) -> Vec<String> {
    fake.messages_in(channel)
        .into_iter()
        .filter_map(|m| m.body["content"].as_str().map(str::to_owned))
        .filter(|c| c.contains(needle))
        .collect()
}

/// The fake forgets what Discord forgets (a nonce after a few minutes, an
/// interaction token after 15) and has no original response before one is
/// created; the adapter does not rely on Discord's memory to avoid
/// sending a scheduled message twice.
async fn discord_forgets_and_the_bot_does_not_repeat_itself(db: Db) {
    use discord_adapter::delivery::error_code;
    let Some(h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    let http = h.discord.http().clone();
    let raw = |nonce: &str| json!({"content": "raw", "nonce": nonce, "enforce_nonce": true});
    let channel = serenity::model::id::ChannelId::new(CHANNEL.parse().unwrap());

    // Within the window Discord drops a duplicate nonce; after it, it does not.
    http.send_message(channel, Vec::new(), &raw("n-raw"))
        .await
        .unwrap();
    h.bot.clock.advance(chrono::Duration::minutes(4));
    http.send_message(channel, Vec::new(), &raw("n-raw"))
        .await
        .unwrap();
    assert_eq!(texts_in(&h.fake, CHANNEL, "raw").len(), 1);
    h.bot.clock.advance(chrono::Duration::minutes(2));
    http.send_message(channel, Vec::new(), &raw("n-raw"))
        .await
        .unwrap();
    assert_eq!(
        texts_in(&h.fake, CHANNEL, "raw").len(),
        2,
        "nonce forgotten"
    );

    // A scheduled message delivered and recorded, then delivered again long
    // after (a retry whose outcome was lost): still one message.
    let once = channel_text("Only once", "j77o1");
    h.discord.delivery().send(&once).await.unwrap();
    h.bot.clock.advance(chrono::Duration::minutes(30));
    h.discord.delivery().send(&once).await.unwrap();
    assert_eq!(texts_in(&h.fake, CHANNEL, "Only once").len(), 1);

    // @original before any callback: Unknown Message; the token's webhook
    // after 15 minutes: 401 Invalid Webhook Token.
    let token = "tok-980000000000000001";
    h.fake.expect_interaction(token, CHANNEL);
    let before = http.get_original_interaction_response(token).await;
    assert_eq!(
        before.as_ref().err().and_then(error_code),
        Some((404, 10008)),
        "{before:?}"
    );
    let followup = http
        .create_followup_message(token, &json!({"content": "early"}), Vec::new())
        .await;
    assert_eq!(
        followup.err().as_ref().and_then(error_code),
        Some((404, 10015))
    );
    h.bot.clock.advance(chrono::Duration::minutes(16));
    let after = http.get_original_interaction_response(token).await;
    assert_eq!(
        after.err().as_ref().and_then(error_code),
        Some((401, 50027))
    );
    assert_eq!(h.fake.unknown(), Vec::<String>::new());
}

on_both_databases!(discord_forgets_and_the_bot_does_not_repeat_itself);

/// When the interaction cannot carry its answer (the deferral came too late
/// and Discord has no original, or the token expired), the answer is sent
/// where the interaction happened, or privately if it was private.
async fn answers_are_not_lost_without_an_original(db: Db) {
    let Some(h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    let mut h = h.deferring();
    h.connect().await;
    for (late, name) in [
        (chrono::Duration::seconds(4), "Late circle"),
        (chrono::Duration::minutes(16), "Later circle"),
    ] {
        let token = h.token();
        let interaction = fake::command_in(
            &token,
            ADA.json(),
            ADA.locale,
            "circle",
            sub("create", json!([string("name", name)])),
            json!({}),
            fake::text_channel(),
        );
        h.fake
            .dispatch_late("INTERACTION_CREATE", interaction, late);
        let found = h
            .fake
            .wait_for("the answer in the channel", |f| {
                texts_in(f, CHANNEL, name).into_iter().next()
            })
            .await;
        assert!(found.contains(name), "{found}");
    }
    // The deferral was refused, so the edit found no original, and the
    // followup no webhook.
    let paths: Vec<String> = h
        .fake
        .requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("PATCH ") && p.ends_with("/messages/@original")),
        "{paths:#?}"
    );
    assert_eq!(
        h.bot
            .store()
            .list_circles(&format!("discord:{GUILD}"))
            .await
            .unwrap()
            .len(),
        2
    );

    // A private answer (an error) goes by direct message, not to the channel.
    let token = h.token();
    let interaction = fake::command_in(
        &token,
        BOB.json(),
        BOB.locale,
        "circle",
        sub("info", json!([string("circle", "Nowhere")])),
        json!({}),
        fake::text_channel(),
    );
    let in_channel = h.fake.messages_in(CHANNEL).len();
    h.fake.dispatch_late(
        "INTERACTION_CREATE",
        interaction,
        chrono::Duration::seconds(4),
    );
    let dm = h
        .fake
        .wait_for("a direct message to Bob", |f| {
            let channel = f.dm_channel_of(BOB.id)?;
            f.messages_in(&channel).into_iter().next()
        })
        .await;
    assert!(dm.body.to_string().contains("Nowhere"), "{}", dm.body);
    assert_eq!(
        dm.body["flags"].as_u64().unwrap_or(0) & 64,
        0,
        "{}",
        dm.body
    );
    assert_eq!(h.fake.messages_in(CHANNEL).len(), in_channel);
    h.disconnect().await;
}

on_both_databases!(answers_are_not_lost_without_an_original);

/// An answer Discord did not take (its callback failed in an outage) is
/// not lost: the scheduler posts it in the channel once the grace is over,
/// once. The same interaction delivered twice is handled once.
async fn an_answer_discord_did_not_take_is_delivered_later(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.connect().await;
    h.fake.fail_next_callbacks(1);
    let token = h.token();
    let interaction = fake::command_in(
        &token,
        ADA.json(),
        ADA.locale,
        "circle",
        sub("create", json!([string("name", "Outage circle")])),
        json!({}),
        fake::text_channel(),
    );
    h.fake.dispatch("INTERACTION_CREATE", interaction.clone());
    h.fake.callback(&token).await;
    assert!(texts_in(&h.fake, CHANNEL, "Outage circle").is_empty());

    // Within the grace the bot that took it may still be answering.
    assert_eq!(h.run_due().await.fired, 0);
    let start = h.bot.clock.now();
    h.bot
        .clock
        .set(start + bot_core::ANSWER_GRACE + chrono::Duration::seconds(1));
    let report = h.run_due().await;
    assert_eq!(report.fired, 1, "{report:?}");
    let found = texts_in(&h.fake, CHANNEL, "Outage circle");
    assert_eq!(found.len(), 1, "{found:?}");
    h.bot.clock.set(start + chrono::Duration::hours(1));
    assert_eq!(h.run_due().await.fired, 0);
    assert_eq!(texts_in(&h.fake, CHANNEL, "Outage circle").len(), 1);

    // The same interaction comes again (a gateway replay): it is handled
    // to the end (awaited here) and nothing is done twice.
    let again: serenity::model::application::Interaction =
        serde_json::from_value(interaction).unwrap();
    h.discord
        .bridge()
        .handle(again, discord_adapter::Responder::Rest)
        .await;
    let suffix = format!("/{token}/callback");
    let callbacks = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with(&suffix))
        .count();
    assert_eq!(callbacks, 1, "the redelivery was not answered");
    let circles = h
        .bot
        .store()
        .list_circles(&format!("discord:{GUILD}"))
        .await
        .unwrap();
    assert_eq!(circles.len(), 1);
    assert_eq!(h.bot.store().unanswered_inputs().await.unwrap(), 0);
    h.disconnect().await;
}

on_both_databases!(an_answer_discord_did_not_take_is_delivered_later);

/// The state a process leaves when it deferred an interaction ("thinking…")
/// and died before answering: the inbox holds the input, the interaction
/// its token. `late` is how long ago Discord created it.
async fn died_after_deferring(
    h: &Harness,
    who: Member,
    line: &str,
    late: chrono::Duration,
) -> String {
    let token = h.token();
    h.fake.expect_interaction(&token, CHANNEL);
    h.fake.answered_over_http(&token, &json!({"type": 5}));
    let input = bot_core::Input {
        actor: bot_core::Actor {
            user_id: who.id.to_owned(),
            display_name: who.name.to_owned(),
            platform_locale: bot_core::Locale::parse(who.locale),
            platform_timezone: None,
            is_admin: who.permissions == MANAGE_GUILD,
        },
        place: bot_core::Place {
            community_id: format!("discord:{GUILD}"),
            channel_id: CHANNEL.to_owned(),
            thread_id: None,
        },
        kind: bot_core::InputKind::Text(line.to_owned()),
        mentions: Vec::new(),
        prefix_optional: true,
        files: Vec::new(),
    };
    let received = h.bot.clock.now() - late;
    h.bot
        .store()
        .receive_input(
            "discord",
            token.trim_start_matches("tok-"),
            Some(&discord_adapter::interaction_origin(&token, received, 5)),
            &serde_json::to_string(&input).unwrap(),
            true,
            "a-process-that-died",
            received,
            received + bot_core::ANSWER_GRACE,
        )
        .await
        .unwrap()
        .expect("a new interaction");
    token
}

fn webhook_posts(h: &Harness, token: &str) -> Vec<Value> {
    let path = format!("/api/v10/webhooks/{}/{token}", fake::APP);
    h.fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .map(|r| r.body)
        .collect()
}

/// After a crash, an interaction's answer goes through its token while that
/// is valid (replacing the "thinking…"; a private one removes that first and
/// comes as an ephemeral followup), and in the channel once it is not.
async fn a_deferred_interaction_is_answered_after_a_crash(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.connect().await;
    let fresh = died_after_deferring(
        &h,
        ADA,
        "circle create \"Token circle\"",
        chrono::Duration::seconds(1),
    )
    .await;
    let expired = died_after_deferring(
        &h,
        ADA,
        "circle create \"Expired circle\"",
        chrono::Duration::minutes(20),
    )
    .await;
    let private =
        died_after_deferring(&h, BOB, "circle info Nowhere", chrono::Duration::seconds(1)).await;
    let start = h.bot.clock.now();
    h.bot
        .clock
        .set(start + bot_core::ANSWER_GRACE + chrono::Duration::seconds(1));
    let report = h.run_due().await;
    assert_eq!(report.fired, 3, "{report:?}");

    // Through the token: the deferral's placeholder became the answer.
    assert_eq!(webhook_posts(&h, &fresh).len(), 1);
    let answered = texts_in(&h.fake, CHANNEL, "Token circle");
    assert_eq!(answered.len(), 1, "{answered:?}");
    // (Only the expired one's "thinking…" is left: its token cannot remove it.)
    let placeholders = h
        .fake
        .messages_in(CHANNEL)
        .iter()
        .filter(|m| m.body["content"] == "")
        .count();
    assert_eq!(placeholders, 1);
    // Its token had expired: straight into the channel.
    assert!(webhook_posts(&h, &expired).is_empty());
    assert_eq!(texts_in(&h.fake, CHANNEL, "Expired circle").len(), 1);
    // Private: the public "thinking…" removed, then an ephemeral followup,
    // never a public message.
    let posts = webhook_posts(&h, &private);
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "{}",
        posts[0]
    );
    for message in h.fake.messages_in(CHANNEL) {
        let flags = message.body["flags"].as_u64().unwrap_or(0);
        let text = message.body["content"].as_str().unwrap_or_default();
        assert!(
            flags & 64 == 64 || !text.contains("Nowhere"),
            "a private answer in public: {}",
            message.body
        );
    }
    assert!(h.fake.dm_channel_of(BOB.id).is_none());

    // Once: a later step sends nothing more.
    h.bot.clock.set(start + chrono::Duration::hours(1));
    assert_eq!(h.run_due().await.fired, 0);
    assert_eq!(texts_in(&h.fake, CHANNEL, "Token circle").len(), 1);
    assert_eq!(h.bot.store().unanswered_inputs().await.unwrap(), 0);
    // The tokens (credentials for 15 minutes) are not kept once answered.
    let snapshot = h.bot.snapshot().await;
    let inbox = snapshot.lines().find(|l| l.starts_with("inbox: ")).unwrap();
    assert!(!inbox.contains("tok-"), "{inbox}");
    assert!(inbox.contains(fresh.trim_start_matches("tok-")), "{inbox}");
    h.disconnect().await;
}

on_both_databases!(a_deferred_interaction_is_answered_after_a_crash);

/// A slow private answer (deferred publicly, as nobody knows yet that it
/// will be private) stays private: the public "thinking…" is removed and
/// the answer comes as an ephemeral followup, not as an edit of it.
async fn a_slow_private_answer_stays_private(db: Db) {
    let Some(h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    let mut h = h.deferring();
    h.connect().await;
    let token = h.token();
    let interaction = fake::command_in(
        &token,
        BOB.json(),
        BOB.locale,
        "circle",
        sub("info", json!([string("circle", "Nowhere")])),
        json!({}),
        fake::text_channel(),
    );
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    assert_eq!(h.fake.callback(&token).await.body, json!({"type": 5}));
    let posts = h
        .fake
        .wait_for("the private followup", |f| {
            let path = format!("/api/v10/webhooks/{}/{token}", fake::APP);
            f.requests()
                .into_iter()
                .find(|r| r.method == "POST" && r.path == path)
        })
        .await;
    assert_eq!(
        posts.body["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "{}",
        posts.body
    );
    for message in h.fake.messages_in(CHANNEL) {
        let flags = message.body["flags"].as_u64().unwrap_or(0);
        let text = message.body["content"].as_str().unwrap_or_default();
        assert!(
            flags & 64 == 64 || !text.contains("Nowhere"),
            "a private answer in public: {}",
            message.body
        );
    }
    assert!(
        h.fake
            .requests()
            .iter()
            .any(|r| r.method == "DELETE" && r.path.ends_with("/messages/@original"))
    );
    h.disconnect().await;
}

on_both_databases!(a_slow_private_answer_stays_private);

/// A named thread whose creation went through at Discord while its answer
/// was lost is found again, not opened twice.
async fn named_threads_are_opened_once(db: Db) {
    let Some(h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    let delivery = h.discord.delivery();
    let welcome = |n: u32| bot_core::Outgoing {
        target: bot_core::Target::NamedThread {
            community_id: format!("discord:{GUILD}"),
            channel_id: CHANNEL.to_owned(),
            key: "circle-9".to_owned(),
            title: "Rust learners".to_owned(),
        },
        message: bot_core::Message::text(format!("Welcome {n}")),
        idempotency_key: Some(format!("w{n}")),
        replaces: None,
    };
    h.fake.lose_next_thread_answers(1);
    assert!(matches!(
        delivery.send(&welcome(1)).await,
        Err(bot_core::DeliveryError::RetryAfter(_))
    ));
    assert_eq!(h.fake.threads().len(), 1, "created at Discord");
    delivery.send(&welcome(1)).await.unwrap();
    delivery.send(&welcome(2)).await.unwrap();
    let threads = h.fake.threads();
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(
        (threads[0].1.as_str(), threads[0].2.as_str()),
        (CHANNEL, "Rust learners")
    );
    let posted: Vec<String> = h
        .fake
        .messages_in(&threads[0].0)
        .into_iter()
        .map(|m| m.body["content"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(posted, ["Welcome 1", "Welcome 2"]);
    // Its id is kept: the third send did not look for it again.
    let lookups = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/threads/active"))
        .count();
    assert_eq!(lookups, 2, "before each create attempt only");
    assert_eq!(h.fake.unknown(), Vec::<String>::new());
}

on_both_databases!(named_threads_are_opened_once);

/// Three peers of a round, plain members who speak English.
const ANA: Member = Member {
    id: "100000000000000011",
    name: "Ana",
    permissions: "0",
    roles: &[],
    locale: "en-US",
};
const BO: Member = Member {
    id: "100000000000000012",
    name: "Bo",
    permissions: "0",
    roles: &[],
    locale: "en-US",
};
const CY: Member = Member {
    id: "100000000000000013",
    name: "Cy",
    permissions: "0",
    roles: &[],
    locale: "en-US",
};

/// What everyone sees in `channel`: its messages but private answers.
fn public_in(fake: &FakeDiscord, channel: &str) -> Vec<fake::Stored> {
    fake.messages_in(channel)
        .into_iter()
        .filter(|m| m.body["flags"].as_u64().unwrap_or(0) & EPHEMERAL == 0)
        .collect()
}

/// A peer-problem round through serenity: `/round start` opens the round's
/// own thread under the channel and announces it there, the "Next phase"
/// button (pressed in the thread) moves it on, a stale press changes
/// nothing, and the scheduler keeps time in the same thread.
async fn a_round_runs_in_its_own_discord_thread(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.connect().await;
    let t0 = h.bot.clock.now();
    let created = h
        .slash(
            ADA,
            "circle",
            sub(
                "create",
                json!([string("name", "Trio"), string("kind", "peer")]),
            ),
        )
        .await;
    assert!(content(&created).contains("Trio"), "{created}");
    for who in [ANA, BO, CY] {
        let joined = h
            .slash(
                who,
                "circle",
                sub("join", json!([string("circle", "Trio")])),
            )
            .await;
        assert!(content(&joined).contains("joined"), "{joined}");
    }

    // Cy reads times in Paris; Discord shows every reader their own time
    // already, so the text names no other zone.
    h.slash(
        CY,
        "settings",
        sub("timezone", json!([string("zone", "Europe/Paris")])),
    )
    .await;

    // Any member of a peer circle starts a round.
    let started = h
        .slash(
            ANA,
            "round",
            sub(
                "start",
                json!([string("circle", "Trio"), string("protocol", "troika")]),
            ),
        )
        .await;
    assert_eq!(started["type"], 4);
    assert!(
        content(&started).contains("Round #1 (Troika consulting) has started for Trio"),
        "{started}"
    );
    let (thread, name) = h
        .fake
        .wait_for("the round's opening in its thread", |f| {
            let threads = f.threads();
            let (id, parent, name) = threads.first()?.clone();
            assert_eq!(
                parent, CHANNEL,
                "a thread under the channel it was started in"
            );
            (!public_in(f, &id).is_empty()).then_some((id, name))
        })
        .await;
    assert_eq!(name, "Round #1: Troika consulting (Trio)");
    let opening = public_in(&h.fake, &thread);
    assert_eq!(opening.len(), 1, "{opening:#?}");
    let text = opening[0].body["content"].as_str().unwrap();
    assert!(
        text.contains("**Round #1: Troika consulting** in Trio (live)"),
        "{text}"
    );
    assert!(text.contains("Case-giver: Ana → Bo → Cy"), "{text}");
    assert!(!text.contains("Europe/Paris"), "{text}");
    assert!(text.contains("Case 1 of 3: Ana"), "{text}");
    assert!(
        text.contains(&format!(
            "**Phase 1 of 5: Quiet moment: your challenge and the help you want**, until <t:{}:F>",
            (t0 + chrono::Duration::minutes(1)).timestamp()
        )),
        "{text}"
    );
    assert_eq!(
        custom_ids(&json!({"data": opening[0].body})),
        ["round:next:1:1"]
    );
    assert!(
        texts_in(&h.fake, CHANNEL, "Phase 1 of 5").is_empty(),
        "the phases are in the thread, not the channel"
    );

    // Bo presses "Next phase" in the thread: a private "Done.", and phase 2
    // (two minutes from now) in the same thread, with its own button.
    let mut in_thread = fake::thread_channel();
    in_thread["id"] = json!(thread);
    in_thread["name"] = json!(name);
    let pressed = h
        .press_in(BO, in_thread.clone(), "round:next:1:1", None)
        .await;
    assert_eq!(pressed["type"], 4, "{pressed}");
    assert_eq!(pressed["data"]["flags"], EPHEMERAL, "{pressed}");
    assert_eq!(content(&pressed), "Done.");
    let second = h
        .fake
        .wait_for("phase 2 in the thread", |f| {
            public_in(f, &thread).get(1).cloned()
        })
        .await;
    let text = second.body["content"].as_str().unwrap();
    assert!(
        text.starts_with(&format!(
            "Case 1 of 3: Ana\n**Phase 2 of 5: The client describes the challenge**, until <t:{}:F>",
            (t0 + chrono::Duration::minutes(2)).timestamp()
        )),
        "{text}"
    );
    assert_eq!(
        custom_ids(&json!({"data": second.body})),
        ["round:next:1:2"]
    );

    // The first button again (Cy had not seen the round move on): nothing moves.
    let stale = h.press_in(CY, in_thread, "round:next:1:1", None).await;
    assert_eq!(stale["data"]["flags"], EPHEMERAL, "{stale}");
    assert!(
        content(&stale).contains("Round #1 moved on in the meantime"),
        "{stale}"
    );

    // The scheduler, delivering through Discord's REST API, keeps time in the thread.
    h.bot.clock.advance(chrono::Duration::seconds(59));
    let early = h.run_due().await;
    assert_eq!((early.fired, early.failed), (0, 0), "{early:?}");
    h.bot.clock.advance(chrono::Duration::seconds(1));
    let warned = h.run_due().await;
    assert_eq!((warned.fired, warned.failed), (1, 0), "{warned:?}");
    h.bot.clock.advance(chrono::Duration::minutes(1));
    let moved = h.run_due().await;
    assert_eq!((moved.fired, moved.failed), (1, 0), "{moved:?}");
    let posted: Vec<String> = public_in(&h.fake, &thread)
        .iter()
        .map(|m| m.body["content"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(posted.len(), 4, "{posted:#?}");
    assert_eq!(
        posted[2],
        "One minute left in “The client describes the challenge”."
    );
    assert!(
        posted[3].starts_with(&format!(
            "Case 1 of 3: Ana\n**Phase 3 of 5: Clarifying questions**, until <t:{}:F>",
            (t0 + chrono::Duration::minutes(4)).timestamp()
        )),
        "{}",
        posted[3]
    );
    let last = public_in(&h.fake, &thread).pop().unwrap();
    assert_eq!(custom_ids(&json!({"data": last.body})), ["round:next:1:3"]);
    // One thread, opened once; nothing about the round in the channel but
    // the answer to `/round start`.
    assert_eq!(h.fake.threads().len(), 1, "{:?}", h.fake.threads());
    let creates = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/threads"))
        .count();
    assert_eq!(creates, 1);
    assert_eq!(texts_in(&h.fake, CHANNEL, "Round #1").len(), 1);
    assert!(texts_in(&h.fake, CHANNEL, "Phase ").is_empty());

    // People's messages in the thread: without the Message Content intent
    // Discord shows the bot who spoke, not what they said (airtime only).
    assert_eq!(h.fake.intents(), [discord_adapter::INTENTS.bits()]);
    h.fake
        .member_posts(&thread, BO.id, BO.name, "try a seating plan");
    assert_eq!(airtime_reaches(&h, BO.id, 1).await, 0);
    assert!(h.bot.store().round_notes(1).await.unwrap().is_empty());
    // Phase 4: Ana, the case-giver, listens; speaking there earns her one
    // private reminder by direct message, whatever she posts after.
    let mut in_thread = fake::thread_channel();
    in_thread["id"] = json!(thread);
    in_thread["name"] = json!(name);
    h.press_in(BO, in_thread, "round:next:1:3", None).await;
    h.fake
        .wait_for("phase 4 in the thread", |f| {
            (!texts_in(f, &thread, "Phase 4 of 5").is_empty()).then_some(())
        })
        .await;
    h.fake
        .member_posts(&thread, ANA.id, ANA.name, "but I tried that");
    let reminder = h
        .fake
        .wait_for("Ana's private reminder", |f| {
            let dm = f.dm_channel_of(ANA.id)?;
            texts_in(f, &dm, "A gentle reminder for round #1")
                .into_iter()
                .next()
        })
        .await;
    assert!(reminder.contains("you only listen"), "{reminder}");
    h.fake.member_posts(&thread, ANA.id, ANA.name, "sorry");
    airtime_reaches(&h, ANA.id, 2).await;
    let dm = h.fake.dm_channel_of(ANA.id).unwrap();
    assert_eq!(texts_in(&h.fake, &dm, "A gentle reminder").len(), 1);
    assert!(texts_in(&h.fake, &thread, "A gentle reminder").is_empty());
    // The bot's own messages in the thread are not anybody's airtime.
    let airtime = h.bot.store().round_airtime(1).await.unwrap();
    assert_eq!(airtime.len(), 3, "{airtime:?}");

    h.disconnect().await;
}

/// `/round protocol add` with the definition as an attached text file
/// (Discord's attachment option, fetched from its CDN); a file too large
/// or not text is refused with a clear message and adds nothing.
async fn a_protocol_comes_from_an_attached_file(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.connect().await;
    let add = |name: &str, file: &Value| {
        let id = file["id"].as_str().unwrap().to_owned();
        let options = json!([{"type": 2, "name": "protocol", "options": [{
            "type": 1, "name": "add", "options": [
                string("name", name),
                {"type": 11, "name": "file", "value": id},
            ],
        }]}]);
        (options, json!({"attachments": {id: file}}))
    };
    let definition = "# our shortened intervision\nsize 3-6, moderator\nSketch 5 case-giver;\n\nQuestions 5 consultants questions\nAdvice 8 consultants listening ideas\n";
    let file = h.fake.attach(
        "intervision.txt",
        "text/plain; charset=utf-8",
        definition.as_bytes(),
    );
    let (options, resolved) = add("Ours", &file);
    let added = h
        .slash_in(ADA, "round", options, resolved, fake::text_channel())
        .await;
    assert!(
        content(&added).contains("Protocol **Ours** added: 3 phases, 18 min per case"),
        "{added}"
    );
    let fetched = h
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/attachments/"))
        .count();
    assert_eq!(fetched, 0, "the CDN is not the API: no token, not recorded");
    let listed = h
        .slash(
            ADA,
            "round",
            json!([{"type": 1, "name": "protocols", "options": []}]),
        )
        .await;
    assert!(content(&listed).contains("Ours"), "{listed}");

    // Too large, or not text: refused, nothing added.
    let big = h
        .fake
        .attach("big.txt", "text/plain", &vec![b'a'; 20 * 1024]);
    let binary = h.fake.attach(
        "photo.png",
        "image/png",
        &[0x89, b'P', b'N', b'G', 0xff, 0xfe, 0],
    );
    for (name, file) in [("Big", &big), ("Photo", &binary)] {
        let (options, resolved) = add(name, file);
        let refused = h
            .slash_in(ADA, "round", options, resolved, fake::text_channel())
            .await;
        assert_eq!(refused["data"]["flags"], EPHEMERAL, "{refused}");
        assert!(content(&refused).contains("could not read"), "{refused}");
        assert!(content(&refused).contains("16 KiB"), "{refused}");
    }
    let listed = h
        .slash(
            ADA,
            "round",
            json!([{"type": 1, "name": "protocols", "options": []}]),
        )
        .await;
    assert!(!content(&listed).contains("Big"), "{listed}");
    h.disconnect().await;
}

/// Waits until `user` has `notes` contributions in round #1; their characters.
async fn airtime_reaches(h: &Harness, user: &str, notes: i64) -> i64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let airtime = h.bot.store().round_airtime(1).await.unwrap();
        if let Some(a) = airtime
            .iter()
            .find(|a| a.user_id == user && a.notes >= notes)
        {
            return a.chars;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{user} never reached {notes} contributions: {airtime:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// With `discord.message_content` the bot asks for the privileged intent:
/// refused (not enabled for the application) it says what to do; granted,
/// a message in a round's thread counts with its text.
async fn thread_messages_are_read_with_message_content(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    let mut wanting = config(&h.fake, DiscordMode::Gateway, None);
    wanting.message_content = true;
    h.discord = Discord::new(h.bot.engine.clone(), wanting, Arc::new(h.bot.clock.clone())).unwrap();
    let refused = tokio::time::timeout(
        Duration::from_secs(20),
        h.discord.run_gateway(std::future::pending()),
    )
    .await
    .expect("a refused intent ends the gateway")
    .unwrap_err();
    let said = format!("{refused:#}");
    assert!(said.contains("Message Content intent"), "{said}");
    assert!(said.contains("discord.message_content = false"), "{said}");
    assert!(!said.contains(fake::TOKEN), "{said}");

    h.fake.allow_message_content();
    h.connect().await;
    let wanted = discord_adapter::INTENTS | serenity::all::GatewayIntents::MESSAGE_CONTENT;
    assert_eq!(h.fake.intents().last(), Some(&wanted.bits()));
    h.slash(
        ADA,
        "circle",
        sub(
            "create",
            json!([string("name", "Trio"), string("kind", "peer")]),
        ),
    )
    .await;
    for who in [ANA, BO, CY] {
        h.slash(
            who,
            "circle",
            sub("join", json!([string("circle", "Trio")])),
        )
        .await;
    }
    h.slash(
        ANA,
        "round",
        sub("start", json!([string("circle", "Trio")])),
    )
    .await;
    let thread = h
        .fake
        .wait_for("the round's thread", |f| {
            f.threads().first().map(|(id, _, _)| id.clone())
        })
        .await;
    h.fake
        .member_posts(&thread, BO.id, BO.name, "try a seating plan");
    // The same words in the channel, outside the thread, are no one's round.
    h.fake
        .member_posts(CHANNEL, CY.id, CY.name, "lunch anyone?");
    assert_eq!(airtime_reaches(&h, BO.id, 1).await, 18);
    let notes = h.bot.store().round_notes(1).await.unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].body, "try a seating plan");
    h.disconnect().await;
}

on_both_databases!(
    a_round_runs_in_its_own_discord_thread,
    thread_messages_are_read_with_message_content,
    a_protocol_comes_from_an_attached_file,
);

/// A reminder's DM to someone whose DMs are closed goes to the channel it
/// was set in, mentioning them; they are told why once per community.
async fn closed_dms_fall_back_with_one_notice(db: Db) {
    let Some(h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.fake.close_dms_of(BOB.id);
    let other_channel = "500000000000000077";
    let remind = |community: &str, channel: &str, key: &str| bot_core::Outgoing {
        target: bot_core::Target::Direct {
            community_id: community.to_owned(),
            user_id: BOB.id.to_owned(),
            fallback_channel: Some(channel.to_owned()),
        },
        message: bot_core::Message::text(format!("Stretch {key}")),
        idempotency_key: Some(key.to_owned()),
        replaces: None,
    };
    let community = format!("discord:{GUILD}");
    let elsewhere = "discord:400000000000000077";
    let notice = h.bot.engine.i18n().render(
        bot_core::Locale::En,
        &bot_core::i18n::Text::new("dm-closed-notice"),
    );
    let delivery = h.discord.delivery();
    for key in ["r1", "r2"] {
        delivery
            .send(&remind(&community, CHANNEL, key))
            .await
            .unwrap();
    }
    delivery
        .send(&remind(elsewhere, other_channel, "r3"))
        .await
        .unwrap();
    let dm = h.fake.dm_channel_of(BOB.id).expect("a DM was tried");
    assert!(h.fake.messages_in(&dm).is_empty());
    let here = texts_in(&h.fake, CHANNEL, "Stretch");
    assert_eq!(here.len(), 2, "{here:?}");
    for text in &here {
        assert!(text.starts_with(&format!("<@{}> ", BOB.id)), "{text}");
    }
    assert!(here[0].contains(&notice), "told the first time: {here:?}");
    assert!(!here[1].contains(&notice), "only once: {here:?}");
    let there = texts_in(&h.fake, other_channel, "Stretch");
    assert_eq!(there.len(), 1);
    assert!(there[0].contains(&notice), "once per community: {there:?}");
    assert_eq!(
        h.bot
            .store()
            .fallbacks_of(&community, BOB.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

on_both_databases!(closed_dms_fall_back_with_one_notice);

impl Harness {
    /// A component pressed in `who`'s direct messages with the bot (no
    /// guild, no member: the user, and the DM channel).
    async fn press_dm(&self, who: Member, custom_id: &str) -> Value {
        let dm = self.fake.dm_channel_of(who.id).expect("a DM channel");
        let token = self.token();
        let message = self
            .fake
            .messages_in(&dm)
            .into_iter()
            .rev()
            .find(|m| m.body.to_string().contains(custom_id))
            .unwrap_or_else(|| panic!("no message in the DM carries {custom_id}"));
        let mut interaction = fake::component(
            &token,
            who.json(),
            custom_id,
            None,
            self.fake.message_json(&message),
        );
        in_dm(&mut interaction, who, &dm);
        assert_parses(&interaction);
        self.fake.dispatch("INTERACTION_CREATE", interaction);
        self.fake.callback(&token).await.body
    }
}

/// Makes a guild interaction one from `who`'s DM channel `dm`.
fn in_dm(interaction: &mut Value, who: Member, dm: &str) {
    let object = interaction.as_object_mut().unwrap();
    object.remove("guild_id");
    object.remove("member");
    object.insert("user".into(), who.user());
    object.insert("channel_id".into(), json!(dm));
    object.insert(
        "channel".into(),
        json!({"id": dm, "type": 1, "last_message_id": null, "recipients": [who.user()]}),
    );
    object.insert("context".into(), json!(1));
    object.insert("locale".into(), json!(who.locale));
}

/// A pulse on Discord: questions by DM with buttons, in each member's
/// language; the text question through a modal; answers acknowledged
/// privately; a closed DM falls back to a mention in the channel, where a
/// press is still a private interaction. Nothing public says who answered
/// what.
async fn a_pulse_is_answered_privately_on_discord(db: Db) {
    let Some(mut h) = Harness::new(db, DiscordMode::Gateway, None).await else {
        return;
    };
    h.connect().await;
    for who in [ADA, BOB, CAROL] {
        h.slash(who, "settings", sub("show", json!([]))).await;
    }
    let created = h
        .slash(
            ADA,
            "pulse",
            sub(
                "create",
                json!([
                    string("title", "After the session"),
                    string("template", "session-feedback")
                ]),
            ),
        )
        .await;
    assert!(content(&created).contains("Pulse #1"), "{created}");
    let scheduled = h
        .slash(ADA, "pulse", sub("schedule", json!([string("id", "1")])))
        .await;
    assert!(content(&scheduled).contains("scheduled"), "{scheduled}");
    h.fake.close_dms_of(CAROL.id);
    let report = h.run_due().await;
    assert_eq!(report.failed, 0, "{report:?}");

    // Bob reads French; each question is its own message with its buttons.
    let bob_dm = h.fake.dm_channel_of(BOB.id).expect("Bob's DM");
    let to_bob = h.fake.messages_in(&bob_dm);
    assert_eq!(to_bob.len(), 3, "three questions");
    let first = to_bob[0].body["content"].as_str().unwrap();
    assert!(first.contains("After the session"), "{first}");
    assert!(first.contains("Anonyme"), "in French: {first}");
    let ids: Vec<String> = to_bob[0].body["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap().clone())
        .map(|c| c["custom_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        (1..=5)
            .map(|v| format!("pulse:answer:1:1:{}", v + 1))
            .collect::<Vec<_>>()
    );
    let answer = h.press_dm(BOB, "pulse:answer:1:1:5").await;
    assert_eq!(answer["type"], 4, "{answer}");
    assert_eq!(answer["data"]["flags"], 64, "private: {answer}");
    assert!(content(&answer).contains("1 sur 3"), "in French: {answer}");

    // The text question: a button opens the form, the form answers.
    let form = h.press_dm(BOB, "pulse:prompt:1:3").await;
    assert_eq!(form["type"], 9, "{form}");
    assert_eq!(form["data"]["custom_id"], "pulse:text:1:3");
    let token = h.token();
    let mut submit = fake::modal_submit(
        &token,
        BOB.json(),
        "pulse:text:1:3",
        "Moins de diapositives",
    );
    in_dm(&mut submit, BOB, &bob_dm);
    assert_parses(&submit);
    h.fake.dispatch("INTERACTION_CREATE", submit);
    let saved = h.fake.callback(&token).await.body;
    assert_eq!(saved["data"]["flags"], 64, "{saved}");
    assert!(content(&saved).contains("Moins de diapositives"), "{saved}");

    // Carol's DMs are closed: she is mentioned where the pulse was made,
    // and her press there is answered to her alone.
    let mentions = texts_in(&h.fake, CHANNEL, "After the session");
    assert!(
        mentions
            .iter()
            .any(|m| m.starts_with(&format!("<@{}> ", CAROL.id))),
        "{mentions:?}"
    );
    let carol = h.press(CAROL, "pulse:answer:1:1:4", None).await;
    assert_eq!(carol["data"]["flags"], 64, "{carol}");
    let ada = h.press_dm(ADA, "pulse:answer:1:1:2").await;
    assert_eq!(ada["data"]["flags"], 64, "{ada}");

    let results = h
        .slash(ADA, "pulse", sub("results", json!([string("id", "1")])))
        .await;
    let text = content(&results);
    assert!(text.contains("3 of 3 answered"), "{results}");
    assert!(text.contains("mean 2.7"), "(4 + 3 + 1) / 3: {results}");
    assert_eq!(
        results["data"]["flags"], 64,
        "results are the manager's: {results}"
    );
    // Nothing public names an answer (Carol's own acknowledgement there
    // is ephemeral: only she sees it).
    for message in h.fake.messages_in(CHANNEL) {
        if message.body["flags"].as_u64().is_some_and(|f| f & 64 != 0) {
            continue;
        }
        let body = message.body.to_string();
        assert!(!body.contains("Moins de diapositives"), "{body}");
        assert!(!body.contains("Saved"), "{body}");
    }

    // The programme's figures: `/stats show` (Discord cannot have both
    // `/stats` and `/stats export`), private to the admin, with the chart
    // attached; the pulse's scale answers are its satisfaction.
    let token = h.token();
    let stats = fake::command_in(
        &token,
        ADA.json(),
        ADA.locale,
        "stats",
        sub("show", json!([string("period", "90d")])),
        json!({}),
        fake::text_channel(),
    );
    assert_parses(&stats);
    h.fake.dispatch("INTERACTION_CREATE", stats);
    let answer = h.fake.callback(&token).await;
    assert_eq!(answer.body["data"]["flags"], 64, "{:?}", answer.body);
    let text = content(&answer.body);
    assert!(text.contains("the last 90 days"), "{text}");
    assert!(text.contains("Satisfaction: 2.7 of 5 (3 answers"), "{text}");
    // No circle here, so no rate to draw: no chart (the engine's test has
    // one).
    assert!(answer.files.is_empty(), "{:?}", answer.body);
    h.disconnect().await;
}

on_both_databases!(a_pulse_is_answered_privately_on_discord);

/// `mentorbot run` with `[discord]` set through the environment: it
/// registers the commands, connects, answers, delivers what it schedules,
/// stops cleanly on SIGTERM, and never prints its token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentorbot_run_serves_discord() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    // To files: a trace log would fill a pipe nobody reads and block the bot.
    let log = dir.path().join("output.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_mentorbot"))
        .arg("run")
        .current_dir(dir.path())
        .env("MENTORBOT__DATABASE__URL", "sqlite://bot.db")
        .env("MENTORBOT__HTTP__LISTEN", "127.0.0.1:0")
        .env("MENTORBOT__DISCORD__TOKEN", fake::TOKEN)
        .env("MENTORBOT__DISCORD__APPLICATION_ID", fake::APP)
        .env("MENTORBOT__DISCORD__API_BASE_URL", &fake.base)
        .env("MENTORBOT__DISCORD__GUILD_IDS", format!("[{GUILD}]"))
        .env("MENTORBOT__DISCORD__SHARDS", "0/1")
        .env("RUST_LOG", "trace")
        .stdin(std::process::Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    fake.wait_for("READY", |f| (f.identified() > 0).then_some(()))
        .await;
    assert!(
        fake.requests().iter().any(|r| r.method == "PUT"
            && r.path
                == format!(
                    "/api/v10/applications/{}/guilds/{GUILD}/commands",
                    fake::APP
                )),
        "commands registered at start"
    );
    let token = "tok-970000000000000001";
    let interaction = fake::command_in(
        token,
        BOB.json(),
        "en-US",
        "remind",
        sub(
            "here",
            json!([
                string("when", "in 2 seconds"),
                string("text", "from the binary")
            ]),
        ),
        json!({}),
        fake::text_channel(),
    );
    fake.dispatch("INTERACTION_CREATE", interaction);
    let answer = fake.callback(token).await.body;
    assert!(content(&answer).contains("from the binary"), "{answer}");
    // Its own scheduler delivers through Discord.
    let delivered = fake
        .wait_for("the reminder", |f| {
            f.messages_in(CHANNEL)
                .into_iter()
                .find(|m| m.nonce.is_some() && m.body.to_string().contains("from the binary"))
        })
        .await;
    assert_eq!(delivered.body["enforce_nonce"], true);

    let pid = child.id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut child = child;
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("stops after SIGTERM")
        .unwrap();
    let all = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{all}");
    assert!(all.contains("connected to Discord"), "{all}");
    assert!(!all.contains(fake::TOKEN), "the token leaked:\n{all}");
    assert_eq!(fake.unknown(), Vec::<String>::new());
}
