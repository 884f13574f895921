//! A real homeserver for the Matrix tests and `mentorbot bench matrix`:
//! accounts registered through Synapse's admin API, and peer clients
//! (matrix-sdk) that join when invited and record every timeline event
//! they see, decrypted.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use hmac::{Hmac, Mac};
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::events::AnySyncTimelineEvent;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::{Client, Room};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// A running homeserver: its client URL and registration secret.
#[derive(Debug, Clone)]
pub struct Homeserver {
    pub url: String,
    secret: String,
}

impl Homeserver {
    /// The one `scripts/test.sh` started (`MENTORBOT_TEST_SYNAPSE_URL`, `…_SECRET`).
    pub fn from_env() -> Option<Self> {
        Some(Self {
            url: std::env::var("MENTORBOT_TEST_SYNAPSE_URL").ok()?,
            secret: std::env::var("MENTORBOT_TEST_SYNAPSE_SECRET").ok()?,
        })
    }

    pub fn new(url: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            secret: secret.into(),
        }
    }

    /// Registers `localpart` (shared-secret registration); returns the user id.
    pub async fn register(&self, localpart: &str, password: &str, admin: bool) -> Result<String> {
        let http = matrix_sdk::reqwest::Client::new();
        let endpoint = format!("{}/_synapse/admin/v1/register", self.url);
        let nonce: Value = serde_json::from_slice(
            &http
                .get(&endpoint)
                .send()
                .await
                .context("asking Synapse for a registration nonce")?
                .bytes()
                .await?,
        )?;
        let nonce = nonce["nonce"].as_str().context("no nonce")?.to_owned();
        let mut mac =
            Hmac::<sha1::Sha1>::new_from_slice(self.secret.as_bytes()).expect("HMAC takes any key");
        let kind = if admin { "admin" } else { "notadmin" };
        mac.update(format!("{nonce}\0{localpart}\0{password}\0{kind}").as_bytes());
        let digest: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let response = http
            .post(&endpoint)
            .header("content-type", "application/json")
            .body(
                json!({
                    "nonce": nonce, "username": localpart, "password": password,
                    "admin": admin, "mac": digest,
                })
                .to_string(),
            )
            .send()
            .await?;
        let status = response.status();
        let body: Value = serde_json::from_slice(&response.bytes().await?).unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("registering {localpart}: {status} {body}");
        }
        body["user_id"]
            .as_str()
            .map(str::to_owned)
            .context("no user_id in the registration answer")
    }
}

/// One timeline event a peer saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub room_id: String,
    pub event_id: String,
    pub sender: String,
    pub kind: String,
    pub content: Value,
    pub at: Instant,
}

impl Seen {
    pub fn body(&self) -> &str {
        self.content["body"].as_str().unwrap_or_default()
    }

    /// The event this one answers (`m.in_reply_to`, also inside a thread).
    pub fn in_reply_to(&self) -> Option<&str> {
        self.content["m.relates_to"]["m.in_reply_to"]["event_id"].as_str()
    }
}

/// A person's client: joins rooms it is invited to, records what it sees.
#[derive(Clone)]
pub struct Peer {
    pub client: Client,
    pub user_id: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    news: Arc<Notify>,
}

impl std::fmt::Debug for Peer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Peer")
            .field("user_id", &self.user_id)
            .finish()
    }
}

impl Peer {
    /// Registers (if needed) and logs in `localpart`, then syncs in the background.
    pub async fn start(server: &Homeserver, localpart: &str, password: &str) -> Result<Self> {
        install_tls_provider();
        let user_id = match server.register(localpart, password, false).await {
            Ok(id) => id,
            Err(_) => format!("@{localpart}:localhost"),
        };
        let client = Client::builder()
            .homeserver_url(&server.url)
            .build()
            .await
            .context("building a peer client")?;
        client
            .matrix_auth()
            .login_username(&user_id, password)
            .initial_device_display_name(localpart)
            .send()
            .await
            .with_context(|| format!("logging in {user_id}"))?;
        let peer = Self {
            client: client.clone(),
            user_id: user_id.clone(),
            seen: Arc::default(),
            news: Arc::default(),
        };
        let me = user_id.clone();
        client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
            let me = me.clone();
            async move {
                if ev.state_key.as_str() == me && ev.content.membership == MembershipState::Invite {
                    tokio::spawn(async move {
                        for attempt in 0..5u64 {
                            if room.join().await.is_ok() {
                                return;
                            }
                            tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
                        }
                    });
                }
            }
        });
        let (seen, news) = (peer.seen.clone(), peer.news.clone());
        client.add_event_handler(move |ev: Raw<AnySyncTimelineEvent>, room: Room| {
            let (seen, news) = (seen.clone(), news.clone());
            async move {
                let at = Instant::now();
                let Ok(json) = serde_json::from_str::<Value>(ev.json().get()) else {
                    return;
                };
                seen.lock().expect("not poisoned").push(Seen {
                    room_id: room.room_id().to_string(),
                    event_id: json["event_id"].as_str().unwrap_or_default().to_owned(),
                    sender: json["sender"].as_str().unwrap_or_default().to_owned(),
                    kind: json["type"].as_str().unwrap_or_default().to_owned(),
                    content: json["content"].clone(),
                    at,
                });
                news.notify_waiters();
            }
        });
        let syncing = client.clone();
        tokio::spawn(async move {
            let _ = matrix_adapter::sync_forever(
                &syncing,
                SyncSettings::default().timeout(Duration::from_secs(30)),
            )
            .await;
        });
        Ok(peer)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }

    /// Waits until an event matching `check` has been seen.
    pub async fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&Seen) -> bool,
    ) -> Result<Seen> {
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.news.notified();
            if let Some(found) = self.seen().into_iter().find(|s| check(s)) {
                return Ok(found);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let kinds: Vec<String> = self
                    .seen()
                    .iter()
                    .map(|s| format!("{} {} {:?}", s.kind, s.sender, s.body()))
                    .collect();
                bail!(
                    "{} timed out waiting for {what}; saw {kinds:#?}",
                    self.user_id
                );
            }
            let _ = tokio::time::timeout(left.min(Duration::from_millis(200)), notified).await;
        }
    }

    /// Waits until `user` has joined `room` (as this peer sees it).
    pub async fn wait_joined(&self, room: &str, user: &str) -> Result<()> {
        let (room, user) = (room.to_owned(), user.to_owned());
        self.wait_for(
            &format!("{user} to join"),
            Duration::from_secs(30),
            move |s| {
                s.room_id == room
                    && s.kind == "m.room.member"
                    && s.sender == user
                    && s.content["membership"] == "join"
            },
        )
        .await
        .map(|_| ())
    }

    /// The room with this id, once this peer's client knows it.
    pub async fn room(&self, room_id: &str) -> Result<Room> {
        let id = matrix_sdk::ruma::RoomId::parse(room_id)?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(room) = self.client.get_room(&id) {
                return Ok(room);
            }
            if Instant::now() > deadline {
                bail!("{} never saw room {room_id}", self.user_id);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Uploads `bytes` as the text file `name` and sends it to `room`
    /// (`caption`: a text with it, as the spec's media captions); returns
    /// its event id.
    pub async fn send_file(
        &self,
        room: &Room,
        name: &str,
        bytes: &[u8],
        caption: Option<&str>,
    ) -> Result<String> {
        let token = self.client.access_token().context("logged in")?;
        let url = format!(
            "{}/_matrix/media/v3/upload?filename={name}",
            self.client.homeserver().as_str().trim_end_matches('/')
        );
        let uploaded = matrix_sdk::reqwest::Client::new()
            .post(url)
            .bearer_auth(token)
            .header("content-type", "text/plain")
            .body(bytes.to_vec())
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let uploaded: Value = serde_json::from_slice(&uploaded)?;
        let content = json!({
            "msgtype": "m.file", "body": caption.unwrap_or(name), "filename": name,
            "url": uploaded["content_uri"],
            "info": {"size": bytes.len(), "mimetype": "text/plain"},
        });
        let sent = room.send_raw("m.room.message", content).await?;
        Ok(sent.response.event_id.to_string())
    }

    /// Sends a text message in reply to `event`; returns its event id.
    pub async fn reply(&self, room: &Room, text: &str, event: &str) -> Result<String> {
        let content = json!({
            "msgtype": "m.text", "body": text,
            "m.relates_to": {"m.in_reply_to": {"event_id": event}},
        });
        let sent = room.send_raw("m.room.message", content).await?;
        Ok(sent.response.event_id.to_string())
    }

    /// Sends a text message (optionally in a thread); returns its event id.
    pub async fn say(&self, room: &Room, text: &str, thread_root: Option<&str>) -> Result<String> {
        let mut content = json!({"msgtype": "m.text", "body": text});
        if let Some(root) = thread_root {
            content["m.relates_to"] = json!({
                "rel_type": "m.thread", "event_id": root, "is_falling_back": true,
                "m.in_reply_to": {"event_id": root},
            });
        }
        let sent = room.send_raw("m.room.message", content).await?;
        Ok(sent.response.event_id.to_string())
    }
}

/// How long [`RunningBot::start`] waits for the bot's first sync.
const READY_WITHIN: Duration = Duration::from_secs(30);

/// The bot, connected and syncing in the background until [`RunningBot::stop`].
pub struct RunningBot {
    pub matrix: matrix_adapter::Matrix,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<()>>,
}

impl std::fmt::Debug for RunningBot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningBot").finish_non_exhaustive()
    }
}

impl RunningBot {
    pub async fn start(
        engine: bot_core::Engine,
        config: matrix_adapter::MatrixConfig,
        clock: Arc<dyn bot_core::Clock>,
    ) -> Result<Self> {
        install_tls_provider();
        let matrix = matrix_adapter::Matrix::connect(engine, config, clock).await?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = matrix.clone();
        let mut task = tokio::spawn(async move {
            running
                .run(async {
                    let _ = stopped.await;
                })
                .await
        });
        // Until the first sync is done, what people say may still count as
        // history (on a fresh store): a test must not speak before.
        tokio::select! {
            () = matrix.ready() => {}
            ended = &mut task => {
                ended.context("the bot task panicked")??;
                bail!("the bot stopped before its first sync");
            }
            () = tokio::time::sleep(READY_WITHIN) => bail!("the bot's first sync took over {READY_WITHIN:?}"),
        }
        Ok(Self { matrix, stop, task })
    }

    /// Stops syncing and waits for the bot to finish (the sync in hand
    /// and its handlers included).
    pub async fn stop(self) -> Result<()> {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .context("the bot did not stop")?
            .context("the bot task panicked")?
    }
}

/// The TLS provider matrix-sdk's HTTP client needs (as the binary installs at start).
fn install_tls_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
