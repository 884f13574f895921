//! An in-process server that speaks Discord's gateway (JSON over WebSocket:
//! HELLO, IDENTIFY → READY, heartbeats, dispatches) and the REST endpoints
//! the bot uses, with payloads shaped as in Discord's API documentation.
//! serenity itself, unmodified, talks to it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bot_core::{Clock, SystemClock};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use serenity::futures::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message as Frame;

/// The bot token the server accepts (distinctive, so a leak is easy to spot).
pub const TOKEN: &str = "test-token-c0ffee-5ecret";
pub const APP: &str = "600000000000000001";
pub const BOT: &str = "700000000000000001";
pub const GUILD: &str = "400000000000000001";
pub const CHANNEL: &str = "500000000000000001";
/// A thread inside `CHANNEL`.
pub const THREAD: &str = "500000000000000002";
const TIMESTAMP: &str = "2026-11-23T10:00:00.000000+00:00";
/// How long Discord remembers a message `nonce` for `enforce_nonce`: its
/// documentation says "a few minutes"; a resend after that is a new message.
pub const NONCE_WINDOW: chrono::Duration = chrono::Duration::minutes(5);
/// An interaction must get its first callback within 3 s (else 10062).
pub const CALLBACK_WINDOW: chrono::Duration = chrono::Duration::seconds(3);
/// An interaction token (its webhook: @original, followups) lives 15 minutes.
pub const TOKEN_LIFETIME: chrono::Duration = chrono::Duration::minutes(15);

/// A request the bot made, as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
    /// Uploaded files: (form field, file name, bytes).
    pub files: Vec<(String, String, Vec<u8>)>,
}

/// A message as Discord keeps it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: String,
    pub channel_id: String,
    pub body: Value,
    pub nonce: Option<String>,
    pub edits: u32,
    /// When Discord created it (on the fake's clock): the nonce window starts here.
    pub created_at: DateTime<Utc>,
}

/// An interaction as Discord tracks it for its token.
#[derive(Debug, Clone)]
struct Interaction {
    channel: String,
    received_at: DateTime<Utc>,
    /// A first callback (or HTTP response) was accepted.
    acknowledged: bool,
    /// The original response, once one exists: the message a type 4 or 5
    /// callback created, or for a component's type 6 or 7 the message the
    /// component is on. A modal (9) or autocomplete result (8) creates none.
    original: Option<String>,
    /// The message a component interaction came from.
    source_message: Option<String>,
    /// The original is a deferral's "thinking…" (type 5) not yet answered:
    /// the first followup replaces it, with the deferral's visibility.
    placeholder: bool,
}

#[derive(Debug, Default)]
struct Inner {
    requests: Vec<Recorded>,
    messages: Vec<Stored>,
    next_id: u64,
    /// Users whose direct messages are closed (50007).
    closed_dms: HashSet<String>,
    /// DM channel id → user id.
    dm_channels: HashMap<String, String>,
    interactions: HashMap<String, Interaction>,
    /// How many upcoming message creates answer 429.
    rate_limited: u32,
    identified: u32,
    unknown: Vec<String>,
    /// Threads the bot opened: (id, parent channel, name).
    threads: Vec<(String, String, String)>,
    /// How many upcoming thread creates succeed but lose their answer (502).
    lost_thread_answers: u32,
    /// How many upcoming interaction callbacks fail with a 500 (an outage
    /// at Discord: the interaction is not acknowledged).
    failed_callbacks: u32,
    /// The application may use the privileged Message Content intent
    /// (switched on in the developer portal).
    content_allowed: bool,
    /// The intents of every IDENTIFY, in order.
    intents: Vec<u64>,
    /// Files people attached, by their CDN path.
    cdn: HashMap<String, Vec<u8>>,
}

/// Gateway intent bits (Discord's documentation, "Gateway Intents").
const GUILD_MESSAGES: u64 = 1 << 9;
const DIRECT_MESSAGES: u64 = 1 << 12;
const MESSAGE_CONTENT: u64 = 1 << 15;

/// What a session with `intents` receives of a dispatch: messages only
/// with their intent, and their content only with Message Content (or
/// when they mention the bot), as Discord does; `None` when not at all.
fn as_seen(name: &str, mut data: Value, intents: u64) -> Option<Value> {
    if !matches!(name, "MESSAGE_CREATE" | "MESSAGE_UPDATE") {
        return Some(data);
    }
    let needed = if data["guild_id"].is_string() {
        GUILD_MESSAGES
    } else {
        DIRECT_MESSAGES
    };
    if intents & needed == 0 {
        return None;
    }
    let mentioned = data["mentions"]
        .as_array()
        .is_some_and(|m| m.iter().any(|u| u["id"] == BOT));
    if intents & MESSAGE_CONTENT == 0 && !mentioned && data["guild_id"].is_string() {
        data["content"] = json!("");
        data["embeds"] = json!([]);
        data["attachments"] = json!([]);
        data["components"] = json!([]);
    }
    Some(data)
}

#[derive(Debug, Clone)]
pub struct FakeDiscord {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
    /// Discord's notion of now: the test's clock, so windows move with it.
    clock: Arc<dyn Clock>,
    dispatch: broadcast::Sender<(String, Value)>,
}

fn user(id: &str, name: &str, bot: bool) -> Value {
    json!({
        "id": id, "username": name, "discriminator": "0", "global_name": name,
        "avatar": null, "bot": bot, "banner": null, "accent_color": null,
        "public_flags": 0, "flags": 0,
    })
}

pub fn bot_user() -> Value {
    user(BOT, "mentorbot", true)
}

impl FakeDiscord {
    /// A fake on the wall clock (for a bot process that uses it too).
    pub async fn start() -> Self {
        Self::start_with_clock(Arc::new(SystemClock)).await
    }

    /// A fake whose windows (nonces, callbacks, tokens) follow `clock`.
    pub async fn start_with_clock(clock: Arc<dyn Clock>) -> Self {
        let rest = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gateway = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", rest.local_addr().unwrap());
        let (dispatch, _) = broadcast::channel(64);
        let fake = Self {
            base,
            inner: Arc::new(Mutex::new(Inner {
                next_id: 900_000_000_000_000_000,
                ..Inner::default()
            })),
            clock,
            dispatch,
        };
        let ws_url = format!("ws://{}", gateway.local_addr().unwrap());
        let app = Router::new()
            .fallback(rest_handler)
            .with_state((fake.clone(), ws_url));
        tokio::spawn(async move {
            axum::serve(rest, app).await.unwrap();
        });
        let gw = fake.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = gateway.accept().await {
                tokio::spawn(gw.clone().gateway_session(stream));
            }
        });
        fake
    }

    fn next_id(&self) -> String {
        let mut inner = self.inner.lock().unwrap();
        inner.next_id += 1;
        inner.next_id.to_string()
    }

    pub fn close_dms_of(&self, user_id: &str) {
        self.inner
            .lock()
            .unwrap()
            .closed_dms
            .insert(user_id.to_owned());
    }

    pub fn rate_limit_next(&self, count: u32) {
        self.inner.lock().unwrap().rate_limited = count;
    }

    /// The next `count` thread creates happen at Discord, but the bot gets
    /// a 502 instead of the thread (a lost answer).
    pub fn lose_next_thread_answers(&self, count: u32) {
        self.inner.lock().unwrap().lost_thread_answers = count;
    }

    /// The next `count` interaction callbacks answer 500 and take nothing.
    pub fn fail_next_callbacks(&self, count: u32) {
        self.inner.lock().unwrap().failed_callbacks = count;
    }

    /// Whether `token`'s original was still a deferral's placeholder;
    /// it is not any more.
    fn answer_placeholder(&self, token: &str) -> bool {
        let mut inner = self.inner.lock().unwrap();
        inner
            .interactions
            .get_mut(token)
            .is_some_and(|entry| std::mem::replace(&mut entry.placeholder, false))
    }

    fn take_failed_callback(&self) -> bool {
        let mut inner = self.inner.lock().unwrap();
        let fail = inner.failed_callbacks > 0;
        inner.failed_callbacks = inner.failed_callbacks.saturating_sub(1);
        fail
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }

    pub fn messages_in(&self, channel: &str) -> Vec<Stored> {
        self.inner
            .lock()
            .unwrap()
            .messages
            .iter()
            .filter(|m| m.channel_id == channel)
            .cloned()
            .collect()
    }

    /// The DM channel the bot opened with `user_id`, if any.
    pub fn dm_channel_of(&self, user_id: &str) -> Option<String> {
        self.inner
            .lock()
            .unwrap()
            .dm_channels
            .iter()
            .find(|(_, u)| *u == user_id)
            .map(|(c, _)| c.clone())
    }

    /// Paths the server did not know: the bot must never call one.
    pub fn unknown(&self) -> Vec<String> {
        self.inner.lock().unwrap().unknown.clone()
    }

    pub fn threads(&self) -> Vec<(String, String, String)> {
        self.inner.lock().unwrap().threads.clone()
    }

    /// A file a member attaches to a command: Discord's attachment object
    /// (for an interaction's `resolved.attachments`), served by the CDN.
    pub fn attach(&self, name: &str, content_type: &str, bytes: &[u8]) -> Value {
        let id = self.next_id();
        let path = format!("/attachments/{CHANNEL}/{id}/{name}");
        self.inner
            .lock()
            .unwrap()
            .cdn
            .insert(path.clone(), bytes.to_vec());
        json!({
            "id": id, "filename": name, "size": bytes.len(), "content_type": content_type,
            "url": format!("{}{path}?ex=6745d1c0&is=674480c0&hm=0f", self.base),
            "proxy_url": format!("{}{path}", self.base),
            "ephemeral": true,
        })
    }

    /// Lets the application use the Message Content intent.
    pub fn allow_message_content(&self) {
        self.inner.lock().unwrap().content_allowed = true;
    }

    /// The intents each IDENTIFY asked for.
    pub fn intents(&self) -> Vec<u64> {
        self.inner.lock().unwrap().intents.clone()
    }

    /// A member (`user_id`, `name`) posts `content` in `channel` (a thread
    /// too) of the guild: Discord's MESSAGE_CREATE, shaped per session's
    /// intents. Returns the message's id.
    pub fn member_posts(&self, channel: &str, user_id: &str, name: &str, content: &str) -> String {
        let id = self.next_id();
        self.dispatch(
            "MESSAGE_CREATE",
            json!({
                "id": id, "channel_id": channel, "guild_id": GUILD,
                "author": user(user_id, name, false),
                "member": {
                    "nick": null, "avatar": null, "roles": [], "joined_at": TIMESTAMP,
                    "premium_since": null, "deaf": false, "mute": false, "flags": 0,
                    "pending": false,
                },
                "content": content, "timestamp": TIMESTAMP, "edited_timestamp": null,
                "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
                "attachments": [], "embeds": [], "pinned": false, "type": 0, "flags": 0,
                "components": [], "nonce": null,
            }),
        );
        id
    }

    pub fn identified(&self) -> u32 {
        self.inner.lock().unwrap().identified
    }

    /// Waits (up to 10 s) until `check` finds something.
    pub async fn wait_for<T>(&self, what: &str, check: impl Fn(&Self) -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(found) = check(self) {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; requests: {:#?}",
                self.requests()
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The interaction callback the bot sent for `token`.
    pub async fn callback(&self, token: &str) -> Recorded {
        let suffix = format!("/{token}/callback");
        self.wait_for("an interaction callback", |fake| {
            fake.requests()
                .into_iter()
                .find(|r| r.path.ends_with(&suffix))
        })
        .await
    }

    /// Sends a dispatch to every connected gateway session.
    pub fn dispatch(&self, event: &str, data: Value) {
        self.dispatch_late(event, data, chrono::Duration::zero());
    }

    /// Sends a dispatch that Discord created `late` ago (a slow gateway, a
    /// busy bot): its 3-second callback window is already partly used.
    pub fn dispatch_late(&self, event: &str, data: Value, late: chrono::Duration) {
        if let Some(token) = data.get("token").and_then(Value::as_str) {
            self.register_interaction(
                token,
                data["channel_id"].as_str().unwrap_or_default(),
                data["message"]["id"].as_str(),
                late,
            );
        }
        self.dispatch
            .send((event.to_owned(), data))
            .expect("a gateway session is connected");
    }

    /// Registers an interaction that arrives over HTTP rather than the gateway.
    pub fn expect_interaction(&self, token: &str, channel: &str) {
        self.register_interaction(token, channel, None, chrono::Duration::zero());
    }

    fn register_interaction(
        &self,
        token: &str,
        channel: &str,
        source_message: Option<&str>,
        late: chrono::Duration,
    ) {
        let received_at = self.clock.now() - late;
        self.inner.lock().unwrap().interactions.insert(
            token.to_owned(),
            Interaction {
                channel: channel.to_owned(),
                received_at,
                acknowledged: false,
                original: None,
                source_message: source_message.map(str::to_owned),
                placeholder: false,
            },
        );
    }

    /// What Discord does with the bot's HTTP response to an interaction
    /// (HTTP mode): the same as with a REST callback. The test calls this
    /// with the body it got back, as Discord reads the response.
    pub fn answered_over_http(&self, token: &str, response: &Value) {
        if let Err(refused) = self.acknowledge(token, response) {
            panic!("Discord would refuse this HTTP response: {refused:?}");
        }
    }

    /// The first answer to an interaction (REST callback or HTTP response).
    fn acknowledge(&self, token: &str, body: &Value) -> Result<(), Refusal> {
        let now = self.clock.now();
        let Some(known) = self.inner.lock().unwrap().interactions.get(token).cloned() else {
            return Err(Refusal(StatusCode::NOT_FOUND, 10062, "Unknown interaction"));
        };
        if now - known.received_at > CALLBACK_WINDOW {
            return Err(Refusal(StatusCode::NOT_FOUND, 10062, "Unknown interaction"));
        }
        if known.acknowledged {
            return Err(Refusal(
                StatusCode::BAD_REQUEST,
                40060,
                "Interaction has already been acknowledged.",
            ));
        }
        let original = match body["type"].as_u64().unwrap_or(0) {
            4 => Some(self.store_message(&known.channel, body["data"].clone()).id),
            5 => {
                let data = json!({"content": "", "flags": body["data"]["flags"]});
                Some(self.store_message(&known.channel, data).id)
            }
            6 => known.source_message.clone(),
            7 => {
                let source = known.source_message.clone();
                if let Some(id) = &source {
                    self.edit_message(id, &body["data"]);
                }
                source
            }
            _ => None,
        };
        let mut inner = self.inner.lock().unwrap();
        let entry = inner.interactions.get_mut(token).expect("registered above");
        entry.acknowledged = true;
        entry.original = original;
        entry.placeholder = body["type"].as_u64() == Some(5);
        Ok(())
    }

    /// The interaction behind a webhook token, as its webhook routes see it:
    /// unknown (10015), or expired after 15 minutes (401, 50027).
    fn webhook(&self, token: &str) -> Result<Interaction, Refusal> {
        let known = self.inner.lock().unwrap().interactions.get(token).cloned();
        let Some(known) = known else {
            return Err(Refusal(StatusCode::NOT_FOUND, 10015, "Unknown Webhook"));
        };
        if self.clock.now() - known.received_at > TOKEN_LIFETIME {
            return Err(Refusal(
                StatusCode::UNAUTHORIZED,
                50027,
                "Invalid Webhook Token",
            ));
        }
        Ok(known)
    }

    async fn gateway_session(self, stream: tokio::net::TcpStream) {
        let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
            return;
        };
        let mut events = self.dispatch.subscribe();
        let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}, "s": null, "t": null});
        if ws.send(Frame::text(hello.to_string())).await.is_err() {
            return;
        }
        let mut seq = 0u64;
        let mut ready = false;
        let mut intents = 0u64;
        loop {
            tokio::select! {
                frame = ws.next() => {
                    let Some(Ok(frame)) = frame else { return };
                    if let Frame::Close(_) = frame {
                        let _ = ws.close(None).await;
                        return;
                    }
                    let Ok(text) = frame.to_text() else { continue };
                    let Ok(payload) = serde_json::from_str::<Value>(text) else { continue };
                    match payload["op"].as_u64() {
                        Some(1) => {
                            let ack = json!({"op": 11, "d": null, "s": null, "t": null});
                            let _ = ws.send(Frame::text(ack.to_string())).await;
                        }
                        Some(2) => {
                            intents = payload["d"]["intents"].as_u64().unwrap_or(0);
                            let allowed = {
                                let mut inner = self.inner.lock().unwrap();
                                inner.intents.push(intents);
                                inner.content_allowed
                            };
                            if intents & MESSAGE_CONTENT != 0 && !allowed {
                                let close = tokio_tungstenite::tungstenite::protocol::CloseFrame {
                                    code: 4014.into(),
                                    reason: "Disallowed intent(s).".into(),
                                };
                                let _ = ws.close(Some(close)).await;
                                return;
                            }
                            let shard = payload["d"]["shard"].clone();
                            let shard = if shard.is_array() { shard } else { json!([0, 1]) };
                            seq += 1;
                            let ready_event = json!({
                                "op": 0, "s": seq, "t": "READY",
                                "d": {
                                    "v": 10,
                                    "user": {
                                        "id": BOT, "username": "mentorbot", "discriminator": "0",
                                        "global_name": null, "avatar": null, "bot": true,
                                        "verified": true, "mfa_enabled": false, "flags": 0,
                                        "email": null,
                                    },
                                    "guilds": [{"id": GUILD, "unavailable": true}],
                                    "session_id": "fake-session",
                                    "resume_gateway_url": "ws://127.0.0.1:1",
                                    "shard": shard,
                                    "application": {"id": APP, "flags": 0},
                                },
                            });
                            let _ = ws.send(Frame::text(ready_event.to_string())).await;
                            ready = true;
                            self.inner.lock().unwrap().identified += 1;
                        }
                        _ => {}
                    }
                }
                event = events.recv(), if ready => {
                    let Ok((name, data)) = event else { return };
                    let Some(data) = as_seen(&name, data, intents) else { continue };
                    seq += 1;
                    let frame = json!({"op": 0, "s": seq, "t": name, "d": data});
                    if ws.send(Frame::text(frame.to_string())).await.is_err() {
                        return;
                    }
                }
            }
        }
    }

    /// Discord's message object for what the bot sent.
    fn message_object(&self, stored: &Stored, files: &[(String, String, Vec<u8>)]) -> Value {
        let body = &stored.body;
        let attachments: Vec<Value> = files
            .iter()
            .map(|(_, name, bytes)| {
                json!({
                    "id": self.next_id(), "filename": name, "size": bytes.len(),
                    "url": format!("https://cdn.discordapp.com/attachments/{}/{name}", stored.channel_id),
                    "proxy_url": format!("https://media.discordapp.net/attachments/{}/{name}", stored.channel_id),
                    "content_type": "image/png",
                })
            })
            .collect();
        let embeds: Vec<Value> = body["embeds"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|mut e| {
                e["type"] = json!("rich");
                e
            })
            .collect();
        json!({
            "id": stored.id, "channel_id": stored.channel_id, "author": bot_user(),
            "content": body["content"].as_str().unwrap_or_default(),
            "timestamp": TIMESTAMP, "edited_timestamp": if stored.edits > 0 { json!(TIMESTAMP) } else { Value::Null },
            "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": attachments, "embeds": embeds, "pinned": false, "type": 0,
            "flags": body["flags"].as_u64().unwrap_or(0),
            "components": body["components"].as_array().cloned().unwrap_or_default(),
            "nonce": stored.nonce,
        })
    }

    fn store_message(&self, channel: &str, body: Value) -> Stored {
        let nonce = body["nonce"].as_str().map(str::to_owned);
        let enforce = body["enforce_nonce"].as_bool().unwrap_or(false);
        let now = self.clock.now();
        let mut inner = self.inner.lock().unwrap();
        if enforce
            && let Some(existing) = inner.messages.iter().find(|m| {
                m.channel_id == channel
                    && m.nonce.is_some()
                    && m.nonce == nonce
                    && now - m.created_at < NONCE_WINDOW
            })
        {
            return existing.clone();
        }
        inner.next_id += 1;
        let stored = Stored {
            id: inner.next_id.to_string(),
            channel_id: channel.to_owned(),
            body,
            nonce,
            edits: 0,
            created_at: now,
        };
        inner.messages.push(stored.clone());
        stored
    }

    fn edit_message(&self, id: &str, body: &Value) -> Option<Stored> {
        let mut inner = self.inner.lock().unwrap();
        let message = inner.messages.iter_mut().find(|m| m.id == id)?;
        if let (Some(target), Some(patch)) = (message.body.as_object_mut(), body.as_object()) {
            // Whether a message is ephemeral is set when it is created: an
            // edit cannot change it.
            for (k, v) in patch.iter().filter(|(k, _)| *k != "flags") {
                target.insert(k.clone(), v.clone());
            }
        }
        message.edits += 1;
        Some(message.clone())
    }
}

/// A JSON body (axum's own `Json` needs a feature the bot does not use).
struct Json(Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.0.to_string(),
        )
            .into_response()
    }
}

/// A refusal with Discord's error body: HTTP status, JSON code, message.
#[derive(Debug)]
struct Refusal(StatusCode, u32, &'static str);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.0, self.1, self.2)
    }
}

fn error(status: StatusCode, code: u32, message: &str) -> Response {
    (status, Json(json!({"message": message, "code": code}))).into_response()
}

/// Splits a `multipart/form-data` body into `payload_json` and files.
fn multipart(content_type: &str, body: &[u8]) -> (Value, Vec<(String, String, Vec<u8>)>) {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .unwrap_or_default()
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut payload = Value::Null;
    let mut files = Vec::new();
    let text = body;
    let positions: Vec<usize> = text
        .windows(delimiter.len())
        .enumerate()
        .filter(|(_, w)| *w == delimiter.as_bytes())
        .map(|(i, _)| i)
        .collect();
    for pair in positions.windows(2) {
        let part = &text[pair[0] + delimiter.len()..pair[1]];
        let Some(split) = part.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..split]).to_string();
        let mut content = &part[split + 4..];
        if content.ends_with(b"\r\n") {
            content = &content[..content.len() - 2];
        }
        let field = |key: &str| {
            headers
                .split(';')
                .find_map(|h| h.trim().strip_prefix(&format!("{key}=\"")))
                .map(|v| v.trim_end_matches(['"', '\r', '\n']).to_owned())
        };
        let name = field("name").unwrap_or_default();
        let name = name.split('"').next().unwrap_or_default().to_owned();
        if name == "payload_json" {
            payload = serde_json::from_slice(content).unwrap_or(Value::Null);
        } else if let Some(file_name) = field("filename") {
            let file_name = file_name.split('"').next().unwrap_or_default().to_owned();
            files.push((name, file_name, content.to_vec()));
        }
    }
    (payload, files)
}

async fn rest_handler(
    State((fake, ws_url)): State<(FakeDiscord, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    // The CDN: files people attached, fetched without the bot's token.
    if path.starts_with("/attachments/") {
        let file = fake.inner.lock().unwrap().cdn.get(&path).cloned();
        return match (method.as_str(), file) {
            ("GET", Some(bytes)) => (StatusCode::OK, bytes).into_response(),
            _ => (
                StatusCode::NOT_FOUND,
                "This content is no longer available.",
            )
                .into_response(),
        };
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (body, files) = if content_type.starts_with("multipart/form-data") {
        multipart(&content_type, &body)
    } else {
        (
            serde_json::from_slice(&body).unwrap_or(Value::Null),
            Vec::new(),
        )
    };
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(format!("Bot {TOKEN}").as_str())
        && !path.contains("/interactions/")
        && !path.starts_with("/api/v10/webhooks/")
    {
        return error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized");
    }
    fake.inner.lock().unwrap().requests.push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
        files: files.clone(),
    });
    let segments: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => Json(json!({"url": ws_url})).into_response(),
        ("GET", ["gateway", "bot"]) => Json(json!({
            "url": ws_url, "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
        }))
        .into_response(),
        ("PUT", ["applications", app, "commands"] | ["applications", app, "guilds", _, "commands"]) => {
            let guild = segments.get(3).filter(|_| segments.len() == 5).copied();
            let commands: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut command| {
                    let obj = command.as_object_mut().unwrap();
                    obj.insert("id".into(), json!(fake.next_id()));
                    obj.insert("application_id".into(), json!(app));
                    obj.insert("version".into(), json!(fake.next_id()));
                    obj.insert("default_member_permissions".into(), Value::Null);
                    obj.insert("nsfw".into(), json!(false));
                    obj.entry("type").or_insert(json!(1));
                    if let Some(guild) = guild {
                        obj.insert("guild_id".into(), json!(guild));
                    }
                    command
                })
                .collect();
            Json(Value::Array(commands)).into_response()
        }
        ("POST", ["interactions", _, _, "callback"]) if fake.take_failed_callback() => {
            error(StatusCode::INTERNAL_SERVER_ERROR, 0, "500: Internal Server Error")
        }
        ("POST", ["interactions", _, token, "callback"]) => match fake.acknowledge(token, &body) {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(refused) => refused.into_response(),
        },
        ("DELETE", ["webhooks", _, token, "messages", "@original"]) => {
            let known = match fake.webhook(token) {
                Ok(known) => known,
                Err(refused) => return refused.into_response(),
            };
            let Some(id) = known.original else {
                return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
            };
            let mut inner = fake.inner.lock().unwrap();
            inner.messages.retain(|m| m.id != id);
            if let Some(entry) = inner.interactions.get_mut(*token) {
                entry.original = None;
                entry.placeholder = false;
            }
            StatusCode::NO_CONTENT.into_response()
        }
        ("GET" | "PATCH", ["webhooks", _, token, "messages", "@original"]) => {
            let known = match fake.webhook(token) {
                Ok(known) => known,
                Err(refused) => return refused.into_response(),
            };
            // Before a callback that creates it, there is no original.
            let Some(id) = known.original else {
                return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
            };
            let stored = if method == Method::PATCH {
                fake.answer_placeholder(token);
                fake.edit_message(&id, &body)
            } else {
                fake.inner.lock().unwrap().messages.iter().find(|m| m.id == id).cloned()
            };
            match stored {
                Some(stored) => Json(fake.message_object(&stored, &files)).into_response(),
                None => error(StatusCode::NOT_FOUND, 10008, "Unknown Message"),
            }
        }
        ("POST", ["webhooks", _, token]) => {
            let known = match fake.webhook(token) {
                Ok(known) => known,
                Err(refused) => return refused.into_response(),
            };
            // The interaction's webhook exists once the interaction is acknowledged.
            if !known.acknowledged {
                return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
            }
            // After a deferral, the first followup is the answer: it takes
            // the place (and the visibility) of the "thinking…" message.
            if let (true, Some(original)) = (fake.answer_placeholder(token), &known.original)
                && let Some(stored) = fake.edit_message(original, &body)
            {
                return Json(fake.message_object(&stored, &files)).into_response();
            }
            let stored = fake.store_message(&known.channel, body);
            Json(fake.message_object(&stored, &files)).into_response()
        }
        ("POST", ["users", "@me", "channels"]) => {
            let Some(recipient) = body["recipient_id"].as_str().map(str::to_owned) else {
                return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
            };
            let existing = fake.dm_channel_of(&recipient);
            let id = existing.unwrap_or_else(|| {
                let id = fake.next_id();
                fake.inner
                    .lock()
                    .unwrap()
                    .dm_channels
                    .insert(id.clone(), recipient.clone());
                id
            });
            Json(json!({
                "id": id, "type": 1, "last_message_id": null, "flags": 0,
                "recipients": [user(&recipient, "member", false)],
            }))
            .into_response()
        }
        ("POST", ["channels", channel, "messages"]) => {
            {
                let mut inner = fake.inner.lock().unwrap();
                if inner.rate_limited > 0 {
                    inner.rate_limited -= 1;
                    drop(inner);
                    return (
                        StatusCode::TOO_MANY_REQUESTS,
                        [
                            ("retry-after", "1"),
                            ("x-ratelimit-limit", "5"),
                            ("x-ratelimit-remaining", "0"),
                            ("x-ratelimit-reset-after", "0.4"),
                            ("x-ratelimit-bucket", "fake-bucket"),
                            ("x-ratelimit-scope", "user"),
                        ],
                        Json(json!({
                            "message": "You are being rate limited.",
                            "retry_after": 0.4,
                            "global": false,
                        })),
                    )
                        .into_response();
                }
                if let Some(user) = inner.dm_channels.get(*channel)
                    && inner.closed_dms.contains(user)
                {
                    drop(inner);
                    return error(StatusCode::FORBIDDEN, 50007, "Cannot send messages to this user");
                }
            }
            if body["nonce"].as_str().is_some_and(|n| n.len() > 25) {
                return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
            }
            let stored = fake.store_message(channel, body);
            Json(fake.message_object(&stored, &files)).into_response()
        }
        ("POST", ["channels", parent, "threads"]) => {
            let id = fake.next_id();
            let name = body["name"].as_str().unwrap_or_default().to_owned();
            let lost = {
                let mut inner = fake.inner.lock().unwrap();
                inner.threads.push((id.clone(), parent.to_string(), name));
                let lost = inner.lost_thread_answers > 0;
                inner.lost_thread_answers = inner.lost_thread_answers.saturating_sub(1);
                lost
            };
            if lost {
                return error(StatusCode::BAD_GATEWAY, 0, "502: Bad Gateway");
            }
            Json(fake.thread_object(&id)).into_response()
        }
        // List Active Guild Threads: `threads` (channel objects) and `members`
        // (a thread member object for each thread the bot has joined).
        ("GET", ["guilds", guild, "threads", "active"]) if *guild == GUILD => {
            let ids: Vec<String> = fake.threads().into_iter().map(|(id, _, _)| id).collect();
            let threads: Vec<Value> = ids.iter().map(|id| fake.thread_object(id)).collect();
            let members: Vec<Value> = threads.iter().map(|t| t["member"].clone()).collect();
            let threads: Vec<Value> = threads
                .into_iter()
                .map(|mut t| {
                    t.as_object_mut().unwrap().remove("member");
                    t
                })
                .collect();
            Json(json!({"threads": threads, "members": members})).into_response()
        }
        ("PATCH", ["channels", _, "messages", message]) => match fake.edit_message(message, &body) {
            Some(stored) => Json(fake.message_object(&stored, &files)).into_response(),
            None => error(StatusCode::NOT_FOUND, 10008, "Unknown Message"),
        },
        _ => {
            fake.inner
                .lock()
                .unwrap()
                .unknown
                .push(format!("{method} {path}"));
            error(StatusCode::NOT_FOUND, 0, "404: Not Found")
        }
    }
}

/// A guild member as an interaction carries it.
pub fn member(user_id: &str, name: &str, permissions: &str, roles: &[&str]) -> Value {
    json!({
        "user": user(user_id, name, false),
        "nick": null, "avatar": null, "banner": null, "roles": roles,
        "joined_at": TIMESTAMP, "premium_since": null, "deaf": false, "mute": false,
        "flags": 0, "pending": false, "permissions": permissions,
        "communication_disabled_until": null,
    })
}

fn base_interaction(kind: u8, token: &str, member: Value, locale: &str, channel: Value) -> Value {
    json!({
        "id": token.trim_start_matches("tok-"),
        "application_id": APP,
        "type": kind,
        "guild_id": GUILD,
        "channel_id": channel["id"],
        "channel": channel,
        "member": member,
        "token": token,
        "version": 1,
        "locale": locale,
        "guild_locale": "en-US",
        "app_permissions": "2248473465835073",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD},
        "context": 0,
        "attachment_size_limit": 26214400,
    })
}

pub fn text_channel() -> Value {
    json!({"id": CHANNEL, "type": 0, "name": "general", "guild_id": GUILD, "permissions": "2248473465835073", "nsfw": false, "parent_id": null})
}

pub fn thread_channel() -> Value {
    json!({
        "id": THREAD, "type": 11, "name": "round 1", "guild_id": GUILD,
        "parent_id": CHANNEL, "permissions": "2248473465835073",
        "thread_metadata": {"archived": false, "auto_archive_duration": 1440, "archive_timestamp": TIMESTAMP, "locked": false},
    })
}

/// A slash command (`type` 2): `name`, then nested subcommand options.
pub fn command_in(
    token: &str,
    member: Value,
    locale: &str,
    name: &str,
    options: Value,
    resolved: Value,
    channel: Value,
) -> Value {
    let mut interaction = base_interaction(2, token, member, locale, channel);
    interaction["data"] = json!({
        "id": "800000000000000001", "name": name, "type": 1, "guild_id": GUILD,
        "options": options, "resolved": resolved,
    });
    interaction
}

/// An autocomplete request (`type` 4) with one focused option.
pub fn autocomplete(token: &str, member: Value, name: &str, options: Value) -> Value {
    let mut interaction = base_interaction(4, token, member, "en-US", text_channel());
    interaction["data"] = json!({"id": "800000000000000001", "name": name, "type": 1, "guild_id": GUILD, "options": options});
    interaction
}

/// A button press (`values` empty) or select choice (`type` 3) on `message`.
pub fn component(
    token: &str,
    member: Value,
    custom_id: &str,
    values: Option<Vec<&str>>,
    message: Value,
) -> Value {
    let mut interaction = base_interaction(3, token, member, "en-US", text_channel());
    interaction["data"] = match values {
        None => json!({"custom_id": custom_id, "component_type": 2}),
        Some(values) => json!({"custom_id": custom_id, "component_type": 3, "values": values}),
    };
    interaction["message"] = message;
    interaction
}

/// A submitted modal (`type` 5) with one text input.
pub fn modal_submit(token: &str, member: Value, custom_id: &str, text: &str) -> Value {
    let mut interaction = base_interaction(5, token, member, "en-US", text_channel());
    interaction["data"] = json!({
        "custom_id": custom_id,
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": text}]}],
    });
    interaction
}

impl FakeDiscord {
    /// Discord's channel object for a thread the bot opened (public, started
    /// without a message, the bot its owner and only member).
    fn thread_object(&self, id: &str) -> Value {
        let (_, parent, name) = self
            .threads()
            .into_iter()
            .find(|(t, _, _)| t == id)
            .expect("a thread the bot opened");
        json!({
            "id": id, "type": 11, "guild_id": GUILD, "parent_id": parent,
            "name": name, "owner_id": BOT, "last_message_id": null,
            "rate_limit_per_user": 0, "flags": 0, "message_count": 0, "member_count": 1,
            "total_message_sent": 0,
            "thread_metadata": {
                "archived": false, "auto_archive_duration": 10080,
                "archive_timestamp": TIMESTAMP, "locked": false, "create_timestamp": TIMESTAMP,
            },
            "member": {"id": id, "user_id": BOT, "join_timestamp": TIMESTAMP, "flags": 1},
        })
    }

    /// The message object of a stored message (for a component interaction's `message`).
    pub fn message_json(&self, stored: &Stored) -> Value {
        self.message_object(stored, &[])
    }
}
