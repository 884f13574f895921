//! The Matrix adapter (matrix-sdk). It translates between Matrix events and
//! bot-core's `Input` / `Outgoing` model and holds no business rule.
//!
//! - [`Matrix::connect`]: login or a restored session (device and keys kept
//!   in `store_dir`);
//! - [`Matrix::run`]: on a fresh store `sync_once` first (history is not
//!   answered), after a restart resume from the stored sync token; then
//!   invites, commands, replies and reactions to numbered choices, poll
//!   responses, undecryptable messages, until shutdown ([`Matrix::ready`]
//!   once the first sync is done);
//! - [`MatrixDelivery`]: the scheduler's `Delivery` port (transaction ids
//!   from idempotency keys, DMs, threads, native polls);
//! - [`render`]: `Message` → event content.

pub mod render;

use std::collections::HashSet;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use bot_core::i18n::Text;
use bot_core::store::SentMessage;
use bot_core::{
    Actor, Clock, Delivery, DeliveryError, Engine, Input, InputKind, Outgoing, Place, Receipt,
    Received, Target,
};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::events::poll::response::OriginalSyncPollResponseEvent;
use matrix_sdk::ruma::events::poll::unstable_response::OriginalSyncUnstablePollResponseEvent;
use matrix_sdk::ruma::events::reaction::OriginalSyncReactionEvent;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation,
};
use matrix_sdk::ruma::events::room::power_levels::UserPowerLevel;
use matrix_sdk::ruma::{EventId, OwnedEventId, OwnedRoomId, OwnedUserId, RoomId, UserId};
use matrix_sdk::store::RoomLoadSettings;
use matrix_sdk::{Client, Room, RoomState, SessionMeta, SessionTokens};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

/// The `[matrix]` table of `mentorbot.toml` (or `MENTORBOT__MATRIX__*`).
/// `Debug` never shows the password or the access token.
#[derive(Debug, Clone, Deserialize)]
pub struct MatrixConfig {
    pub homeserver_url: String,
    pub user_id: String,
    pub password: Option<SecretString>,
    pub access_token: Option<SecretString>,
    pub device_id: Option<String>,
    pub store_dir: Option<String>,
    pub command_prefix: Option<String>,
    #[serde(default)]
    pub allowed_inviters: Vec<String>,
}

/// Whether this build can connect to Matrix.
pub const AVAILABLE: bool = true;
pub const PLATFORM: &str = "matrix";
/// Power level from which a member is a community admin.
pub const ADMIN_POWER: i64 = 50;
/// How long to wait after a failed send that gave no hint.
pub const BACKOFF: Duration = Duration::from_secs(1);
const SEND_ATTEMPTS: u32 = 5;
/// How long a shutdown waits for the sync in hand (and its handlers).
pub const STOP_GRACE: Duration = Duration::from_secs(5);

/// `@*:example.org` style patterns; `*` matches any run of characters.
pub fn matches_pattern(pattern: &str, user: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == user;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !user.starts_with(first) || !user.ends_with(last) || user.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &user[first.len()..user.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// A transaction id for a send: derived from the idempotency key, so a
/// retry is deduplicated by the homeserver.
pub fn transaction_id(key: &str) -> String {
    format!("mentorbot.{key}")
}

/// The transaction id of an attachment (`part`: image, file) sent with the
/// message of idempotency key `key`: one event of its own, one id per part.
pub fn attachment_transaction_id(key: &str, part: &str) -> String {
    format!("mentorbot.{key}.{part}")
}

fn describe(error: &matrix_sdk::Error) -> String {
    match error.as_client_api_error() {
        Some(api) => format!("homeserver answered {}: {:?}", api.status_code, api.body),
        None => error.to_string(),
    }
}

fn classify(error: &matrix_sdk::Error) -> DeliveryError {
    match error.client_api_error_kind() {
        Some(ErrorKind::LimitExceeded(data)) => {
            let wait = match &data.retry_after {
                Some(matrix_sdk::ruma::api::error::RetryAfter::Delay(d)) => *d,
                _ => BACKOFF,
            };
            DeliveryError::RetryAfter(wait)
        }
        Some(_) => match error.as_client_api_error() {
            Some(api) if api.status_code.is_server_error() => DeliveryError::RetryAfter(BACKOFF),
            _ => DeliveryError::Rejected(describe(error)),
        },
        None => DeliveryError::RetryAfter(BACKOFF),
    }
}

/// Syncs until an error persists: like `Client::sync`, but without its
/// one-second pause between syncs that arrive less than a second apart (a
/// burst of commands would wait a second each). Errors back off 1 s → 30 s.
pub async fn sync_forever(
    client: &Client,
    mut settings: SyncSettings,
) -> Result<(), matrix_sdk::Error> {
    let mut backoff = Duration::from_secs(1);
    loop {
        let result = client.sync_once(settings.clone()).await;
        if let Some(wait) = after_sync(result, &mut settings, &mut backoff)? {
            tokio::time::sleep(wait).await;
        }
    }
}

/// What one sync's result means for a sync loop: on success the next
/// token; on an error worth retrying, how long to wait first (backing off
/// 1 s → 30 s); an unknown token (logged out) ends the loop.
fn after_sync(
    result: Result<matrix_sdk::sync::SyncResponse, matrix_sdk::Error>,
    settings: &mut SyncSettings,
    backoff: &mut Duration,
) -> Result<Option<Duration>, matrix_sdk::Error> {
    match result {
        Ok(response) => {
            *settings = settings.clone().token(response.next_batch);
            *backoff = Duration::from_secs(1);
            Ok(None)
        }
        Err(error) => {
            if error
                .client_api_error_kind()
                .is_some_and(|k| matches!(k, ErrorKind::UnknownToken(_)))
            {
                return Err(error);
            }
            tracing::warn!(error = %describe(&error), "sync failed; retrying");
            let wait = *backoff;
            *backoff = (*backoff * 2).min(Duration::from_secs(30));
            Ok(Some(wait))
        }
    }
}

/// The token of the last sync the store took in (none on a fresh store).
async fn stored_sync_token(client: &Client) -> Option<String> {
    use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};
    match client
        .state_store()
        .get_kv_data(StateStoreDataKey::SyncToken)
        .await
    {
        Ok(Some(StateStoreDataValue::SyncToken(token))) => Some(token),
        _ => None,
    }
}

/// Where the token of the last sync batch whose handlers all ran is kept,
/// for this device (a fresh store is a new device, and starts afresh).
pub fn handled_sync_key(device_id: &str) -> String {
    format!("{PLATFORM}:sync-handled:{device_id}")
}

/// Runs one event's handling; a panic in it is logged and ends only that
/// event's handling.
async fn isolated(what: &'static str, handling: impl Future<Output = ()>) {
    if let Err(panic) = bot_core::isolate::catch_unwind(handling).await {
        tracing::error!(event = what, %panic, "handling a Matrix event panicked; syncing goes on");
    }
}

struct Inner {
    client: Client,
    engine: Engine,
    clock: Arc<dyn Clock>,
    prefix: String,
    allowed: Vec<String>,
    warned_undecryptable: Mutex<HashSet<OwnedRoomId>>,
    /// A multiple-choice ballot's last answers, by its event.
    ballot_answers: Mutex<std::collections::HashMap<OwnedEventId, Vec<usize>>>,
    /// `true` once the first sync is done.
    ready: tokio::sync::watch::Sender<bool>,
}

/// A logged-in Matrix account, ready to sync.
#[derive(Clone)]
pub struct Matrix {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Matrix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matrix").finish_non_exhaustive()
    }
}

/// The scheduler's way out to Matrix.
#[derive(Clone, Debug)]
pub struct MatrixDelivery(Matrix);

impl Matrix {
    /// Builds the client with its persistent store, then restores the saved
    /// session (same device, same keys) or logs in and saves it.
    pub async fn connect(
        engine: Engine,
        config: MatrixConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let store_dir = PathBuf::from(config.store_dir.as_deref().unwrap_or("data/matrix"));
        std::fs::create_dir_all(&store_dir)
            .with_context(|| format!("creating {}", store_dir.display()))?;
        let user_id = UserId::parse(&config.user_id)
            .with_context(|| format!("matrix.user_id {:?} is not a Matrix id", config.user_id))?;
        let client = Client::builder()
            .homeserver_url(&config.homeserver_url)
            .sqlite_store(&store_dir, None)
            .build()
            .await
            .context("building the Matrix client")?;
        let session_file = store_dir.join("session.json");
        let auth = client.matrix_auth();
        if let Ok(saved) = std::fs::read(&session_file) {
            let session: MatrixSession = serde_json::from_slice(&saved)
                .with_context(|| format!("reading {}", session_file.display()))?;
            auth.restore_session(session, RoomLoadSettings::default())
                .await
                .context("restoring the saved Matrix session")?;
        } else if let Some(token) = &config.access_token {
            let device = config
                .device_id
                .as_deref()
                .context("matrix.access_token needs matrix.device_id (the device it belongs to)")?;
            let session = MatrixSession {
                meta: SessionMeta {
                    user_id: user_id.clone(),
                    device_id: device.into(),
                },
                tokens: SessionTokens {
                    access_token: token.expose_secret().to_owned(),
                    refresh_token: None,
                },
            };
            auth.restore_session(session, RoomLoadSettings::default())
                .await
                .context("using matrix.access_token")?;
            save_session(&client, &session_file)?;
        } else if let Some(password) = &config.password {
            let mut login = auth
                .login_username(&user_id, password.expose_secret())
                .initial_device_display_name("mentorbot");
            if let Some(device) = &config.device_id {
                login = login.device_id(device);
            }
            login
                .send()
                .await
                .map_err(|e| anyhow::anyhow!(describe(&e)))
                .context("logging in to Matrix")?;
            save_session(&client, &session_file)?;
        } else {
            bail!("[matrix] needs password or access_token");
        }
        let prefix = config
            .command_prefix
            .clone()
            .unwrap_or_else(|| engine.config().command_prefix.clone());
        let allowed = if config.allowed_inviters.is_empty() {
            vec![format!("@*:{}", user_id.server_name())]
        } else {
            config.allowed_inviters.clone()
        };
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                engine,
                clock,
                prefix,
                allowed,
                warned_undecryptable: Mutex::new(HashSet::new()),
                ballot_answers: Mutex::default(),
                ready: tokio::sync::watch::Sender::new(false),
            }),
        })
    }

    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    pub fn delivery(&self) -> MatrixDelivery {
        MatrixDelivery(self.clone())
    }

    fn own_user(&self) -> Option<OwnedUserId> {
        self.inner.client.user_id().map(ToOwned::to_owned)
    }

    /// Resolves once the first sync is done: from then on every event that
    /// reaches the homeserver is handled (or, on a fresh store, was history).
    pub async fn ready(&self) {
        let mut ready = self.inner.ready.subscribe();
        // The sender lives as long as `self`, so this cannot fail.
        let _ = ready.wait_for(|ready| *ready).await;
    }

    /// Handles events until `shutdown`. On a fresh store the first sync
    /// runs without handlers (nothing sent before the bot's first start is
    /// answered); with a stored sync token the first sync resumes from it
    /// with handlers on, so what was said while the bot was down is
    /// answered once. The SDK stores its token before handlers run, so a
    /// process that dies mid-batch would lose the rest of it: the bot keeps
    /// its own token of the last batch whose handlers all ran, resumes from
    /// that, and each event is received once (`Engine::handle_once`), so
    /// nothing is lost and nothing answered twice. A shutdown lets the
    /// batch in hand finish.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let client = &self.inner.client;
        let handled = match self.handled_key() {
            Some(key) => self
                .inner
                .engine
                .store()
                .adapter_state(&key)
                .await
                .ok()
                .flatten(),
            None => None,
        };
        let resuming = handled.is_some() || stored_sync_token(client).await.is_some();
        if resuming {
            self.register_handlers();
            // Invitations seen by the last run but perhaps not acted on.
            self.consider_pending_invites();
        }
        let since = match handled {
            Some(token) => SyncSettings::default().token(token),
            None => SyncSettings::default(),
        };
        let first = client
            .sync_once(since)
            .await
            .map_err(|e| anyhow::anyhow!(describe(&e)))
            .context("first sync with the homeserver")?;
        self.handled_through(&first.next_batch).await;
        if !resuming {
            // Invitations that arrived before the bot's first start.
            self.consider_pending_invites();
            self.register_handlers();
        }
        self.inner.ready.send_replace(true);
        tracing::info!(user = ?self.own_user(), resuming, "connected to Matrix");
        let settings = SyncSettings::default()
            .token(first.next_batch)
            .timeout(Duration::from_secs(30));
        self.sync_until(settings, shutdown)
            .await
            .map_err(|e| anyhow::anyhow!(describe(&e)))
            .context("syncing with the homeserver")
    }

    fn handled_key(&self) -> Option<String> {
        self.inner
            .client
            .device_id()
            .map(|device| handled_sync_key(device.as_str()))
    }

    /// Every handler of the batch up to `token` has run.
    async fn handled_through(&self, token: &str) {
        let Some(key) = self.handled_key() else {
            return;
        };
        if let Err(error) = self
            .inner
            .engine
            .store()
            .set_adapter_state(&key, token)
            .await
        {
            tracing::warn!(%error, "could not keep the sync token");
        }
    }

    fn consider_pending_invites(&self) {
        for room in self.inner.client.invited_rooms() {
            let me = self.clone();
            tokio::spawn(async move { me.consider_invite(room, None).await });
        }
    }

    /// [`sync_forever`] until `shutdown`. A sync cancelled after its
    /// response was stored would lose that batch's events, so on shutdown
    /// the long poll is woken (an account-data write) and the sync in hand
    /// finishes, within [`STOP_GRACE`].
    async fn sync_until(
        &self,
        mut settings: SyncSettings,
        shutdown: impl Future<Output = ()>,
    ) -> Result<(), matrix_sdk::Error> {
        let client = &self.inner.client;
        let mut shutdown = std::pin::pin!(shutdown);
        let mut backoff = Duration::from_secs(1);
        loop {
            let mut sync = std::pin::pin!(client.sync_once(settings.clone()));
            let result = tokio::select! {
                result = &mut sync => result,
                () = &mut shutdown => {
                    self.wake_sync().await;
                    if tokio::time::timeout(STOP_GRACE, sync).await.is_err() {
                        tracing::warn!("the last sync did not finish before shutdown");
                    }
                    return Ok(());
                }
            };
            if let Ok(response) = &result {
                self.handled_through(&response.next_batch).await;
            }
            if let Some(wait) = after_sync(result, &mut settings, &mut backoff)? {
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = &mut shutdown => return Ok(()),
                }
            }
        }
    }

    /// Makes the homeserver answer a pending long poll now: any change of
    /// the account's own data ends it.
    async fn wake_sync(&self) {
        use matrix_sdk::ruma::events::GlobalAccountDataEventType;
        static WAKES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WAKES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let content = json!({"stopping": self.inner.clock.now().timestamp_millis(), "n": n});
        let Ok(raw) = matrix_sdk::ruma::serde::Raw::new(&content) else {
            return;
        };
        let account = self.inner.client.account();
        let write = account.set_account_data_raw(
            GlobalAccountDataEventType::from("org.mentorbot.wake"),
            raw.cast_unchecked(),
        );
        match tokio::time::timeout(STOP_GRACE, write).await {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => {
                tracing::warn!(error = %describe(&error), "waking the last sync before shutdown");
            }
            Err(_) => tracing::warn!("waking the last sync before shutdown timed out"),
        }
    }

    /// Every handler's work runs under [`isolated`]: matrix-sdk awaits
    /// handlers inside the sync, so a panic would otherwise end the sync
    /// task, and Matrix with it, for everyone.
    fn register_handlers(&self) {
        let client = &self.inner.client;
        let me = self.clone();
        client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
            let me = me.clone();
            isolated("invite", async move {
                if Some(&ev.state_key) == me.own_user().as_ref()
                    && ev.content.membership == MembershipState::Invite
                {
                    tokio::spawn(async move { me.consider_invite(room, Some(ev.sender)).await });
                }
            })
        });
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
            let me = me.clone();
            isolated("message", async move { me.on_message(ev, room).await })
        });
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncPollResponseEvent, room: Room| {
            let me = me.clone();
            isolated("poll response", async move {
                let answers = ev.content.selections.to_vec();
                let start = ev.content.relates_to.event_id;
                me.on_poll_response(&room, &ev.event_id, ev.sender, start, answers)
                    .await;
            })
        });
        let me = self.clone();
        client.add_event_handler(
            move |ev: OriginalSyncUnstablePollResponseEvent, room: Room| {
                let me = me.clone();
                isolated("poll response", async move {
                    let answers = ev.content.poll_response.answers.clone();
                    let start = ev.content.relates_to.event_id;
                    me.on_poll_response(&room, &ev.event_id, ev.sender, start, answers)
                        .await;
                })
            },
        );
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncReactionEvent, room: Room| {
            let me = me.clone();
            isolated("reaction", async move {
                let annotation = ev.content.relates_to;
                if let Some(n) = render::choice_number(&annotation.key) {
                    me.on_choice(
                        &room,
                        &ev.event_id,
                        ev.sender,
                        &annotation.event_id,
                        n,
                        None,
                    )
                    .await;
                }
            })
        });
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncRoomEncryptedEvent, room: Room| {
            let me = me.clone();
            isolated("undecryptable", async move {
                me.on_undecryptable(ev, room).await
            })
        });
    }

    async fn consider_invite(&self, room: Room, inviter: Option<OwnedUserId>) {
        let inviter = match inviter {
            Some(inviter) => Some(inviter),
            None => room
                .invite_details()
                .await
                .ok()
                .and_then(|d| d.inviter)
                .map(|m| m.user_id().to_owned()),
        };
        let allowed = inviter.as_ref().is_some_and(|user| {
            self.inner
                .allowed
                .iter()
                .any(|p| matches_pattern(p, user.as_str()))
        });
        if !allowed {
            tracing::info!(room = %room.room_id(), inviter = ?inviter, "declining an invitation from someone not in matrix.allowed_inviters");
            let _ = room.leave().await;
            return;
        }
        // The homeserver may not be ready for the join yet: retry a little.
        for attempt in 0..5u32 {
            match room.join().await {
                Ok(()) => {
                    tracing::info!(room = %room.room_id(), "joined on invitation");
                    return;
                }
                Err(error) => {
                    tracing::warn!(error = %describe(&error), attempt, "joining a room");
                    tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempt))).await;
                }
            }
        }
    }

    /// Who spoke: display name from the room; admin rights from the space
    /// that vouches for it, or from the room when it is its own community.
    async fn actor(&self, room: &Room, user: &UserId, community: &Community) -> Actor {
        let member = room.get_member(user).await.ok().flatten();
        let display_name = member
            .as_ref()
            .and_then(|m| m.display_name().map(str::to_owned))
            .unwrap_or_else(|| user.localpart().to_owned());
        // In a space, admin rights are the space's: a member who made (or
        // moderates) one listed room is not thereby an admin of them all.
        let is_admin = match &community.space {
            Some(space) => is_admin_level(space.power_levels_or_default().await.for_user(user)),
            None => member.is_some_and(|m| is_admin_level(m.power_level())),
        };
        Actor {
            user_id: user.to_string(),
            display_name,
            platform_locale: None,
            platform_timezone: None,
            is_admin,
        }
    }

    /// The community a room belongs to: a space it names as its parent
    /// (`m.space.parent`, a canonical one first) if that space vouches for
    /// the room, or else the room itself. Anyone can create a room naming
    /// any space as its parent, so the link alone proves nothing; only a
    /// space the bot has joined can be checked.
    async fn community(&self, room: &Room) -> Community {
        use matrix_sdk::deserialized_responses::RawSyncOrStrippedState;
        use matrix_sdk::ruma::events::space::parent::SpaceParentEventContent;
        let mut parents: Vec<(bool, OwnedRoomId, OwnedUserId)> = Vec::new();
        if let Ok(events) = room
            .get_state_events_static::<SpaceParentEventContent>()
            .await
        {
            for event in events {
                let RawSyncOrStrippedState::Sync(raw) = event else {
                    continue;
                };
                let Ok(json) = serde_json::from_str::<Value>(raw.json().get()) else {
                    continue;
                };
                let space = json["state_key"]
                    .as_str()
                    .and_then(|s| RoomId::parse(s).ok());
                let sender = json["sender"].as_str().and_then(|s| UserId::parse(s).ok());
                if let (true, Some(space), Some(sender)) = (has_via(&json), space, sender) {
                    let canonical = json["content"]["canonical"].as_bool().unwrap_or(false);
                    parents.push((!canonical, space, sender));
                }
            }
        }
        parents.sort();
        for (_, space_id, sender) in parents {
            let Some(space) = self
                .inner
                .client
                .get_room(&space_id)
                .filter(|space| space.state() == RoomState::Joined)
            else {
                tracing::debug!(room = %room.room_id(), space = %space_id, "a parent space the bot is not in: the room is its own community");
                continue;
            };
            if vouches_for(&space, room.room_id(), &sender).await {
                return Community {
                    id: format!("{PLATFORM}:{space_id}"),
                    space: Some(space),
                };
            }
            tracing::debug!(room = %room.room_id(), space = %space_id, %sender, "a parent space that does not list the room: the room is its own community");
        }
        Community {
            id: format!("{PLATFORM}:{}", room.room_id()),
            space: None,
        }
    }

    /// What the engine needs to hear from `sender` in `room`.
    async fn input(
        &self,
        room: &Room,
        sender: &UserId,
        thread: Option<&OwnedEventId>,
        kind: InputKind,
    ) -> Input {
        let community = self.community(room).await;
        Input {
            actor: self.actor(room, sender, &community).await,
            place: Place {
                community_id: community.id,
                channel_id: room.room_id().to_string(),
                thread_id: thread.map(ToString::to_string),
            },
            kind,
            mentions: Vec::new(),
            prefix_optional: true,
        }
    }

    async fn on_message(&self, ev: OriginalSyncRoomMessageEvent, room: Room) {
        if Some(&ev.sender) == self.own_user().as_ref() || room.state() != RoomState::Joined {
            return;
        }
        tracing::trace!(event = %ev.event_id, "message seen");
        let MessageType::Text(text) = &ev.content.msgtype else {
            return;
        };
        // The reply fallback (quoted lines) is not part of what was typed.
        let body: String = text
            .body
            .lines()
            .skip_while(|l| l.starts_with("> "))
            .skip_while(|l| l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let (thread, replied_to) = match &ev.content.relates_to {
            Some(Relation::Thread(thread)) => (
                Some(thread.event_id.clone()),
                thread.in_reply_to.as_ref().map(|r| r.event_id.clone()),
            ),
            Some(Relation::Reply(reply)) => (None, Some(reply.in_reply_to.event_id.clone())),
            _ => (None, None),
        };
        // A number in reply to a message with numbered choices presses one.
        if let (Some(target), Some(n)) = (&replied_to, render::choice_number(&body))
            && self
                .on_choice(
                    &room,
                    &ev.event_id,
                    ev.sender.clone(),
                    target,
                    n,
                    thread.as_ref(),
                )
                .await
        {
            return;
        }
        let trimmed = body.trim_start();
        let line = match trimmed.get(..self.inner.prefix.len()) {
            Some(head)
                if head.eq_ignore_ascii_case(&self.inner.prefix)
                    && trimmed[self.inner.prefix.len()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace) =>
            {
                trimmed[self.inner.prefix.len()..].trim().to_owned()
            }
            _ if room.active_members_count() <= 2 && room.is_direct().await.unwrap_or(false) => {
                trimmed.trim().to_owned()
            }
            _ => return,
        };
        let input = self
            .input(&room, &ev.sender, thread.as_ref(), InputKind::Text(line))
            .await;
        let community = input.place.community_id.clone();
        tracing::debug!(event = %ev.event_id, "command received");
        let Some((receipt, out)) = self
            .handle(ev.event_id.as_str(), &ev.event_id, input, true)
            .await
        else {
            return;
        };
        tracing::debug!(event = %ev.event_id, "command handled");
        let to = Answering {
            room: &room,
            community: &community,
            sender: &ev.sender,
            event: &ev.event_id,
            thread: thread.as_ref(),
        };
        self.answer(&to, out, true, receipt).await;
        tracing::debug!(event = %ev.event_id, "command answered");
    }

    /// Presses choice `n` of the message `target`, if it has numbered choices.
    async fn on_choice(
        &self,
        room: &Room,
        by: &EventId,
        sender: OwnedUserId,
        target: &OwnedEventId,
        n: usize,
        thread: Option<&OwnedEventId>,
    ) -> bool {
        if Some(&sender) == self.own_user().as_ref() {
            return false;
        }
        if let Some(ballot) = self.ballot(target.as_str()).await {
            self.on_ballot(room, by, &sender, target, &ballot, &[n], true)
                .await;
            return true;
        }
        let key = format!("{PLATFORM}:choices:{target}");
        let Ok(Some(stored)) = self.inner.engine.store().adapter_state(&key).await else {
            return false;
        };
        let choices: Vec<(String, Option<String>)> =
            serde_json::from_str(&stored).unwrap_or_default();
        let Some((action, value)) = choices.get(n - 1).cloned() else {
            return false;
        };
        let kind = InputKind::Action {
            action,
            values: value.into_iter().collect(),
        };
        let input = self.input(room, &sender, thread, kind).await;
        let community = input.place.community_id.clone();
        let Some((receipt, out)) = self.handle(by.as_str(), target, input, true).await else {
            return true;
        };
        let to = Answering {
            room,
            community: &community,
            sender: &sender,
            event: target,
            thread,
        };
        self.answer(&to, out, true, receipt).await;
        true
    }

    async fn on_poll_response(
        &self,
        room: &Room,
        by: &EventId,
        sender: OwnedUserId,
        start: OwnedEventId,
        answers: Vec<String>,
    ) {
        if Some(&sender) == self.own_user().as_ref() {
            return;
        }
        if let Some(ballot) = self.ballot(start.as_str()).await {
            // A response carries the whole selection: set it as a whole.
            if let (true, Some(choose)) = (ballot.multi, &ballot.choose) {
                let kind = InputKind::Action {
                    action: choose.clone(),
                    values: answers,
                };
                self.cast_ballot(room, by.as_str(), &sender, &start, &ballot, kind, false)
                    .await;
                return;
            }
            let numbers = self.ballot_numbers(&start, &ballot, &answers);
            self.on_ballot(room, by, &sender, &start, &ballot, &numbers, false)
                .await;
            return;
        }
        let store = self.inner.engine.store();
        let private = format!("{PLATFORM}:private-poll:{start}");
        if let Ok(Some(_)) = store.adapter_state(&private).await {
            tracing::info!(%sender, "a poll response to a private poll's room message: not counted");
            return;
        }
        let key = match self
            .inner
            .engine
            .store()
            .sent_key(PLATFORM, start.as_str())
            .await
        {
            Ok(Some(key)) => key,
            _ => return,
        };
        let Some(bot_core::MessageKey::Poll { poll: poll_id }) = bot_core::MessageKey::decode(&key)
        else {
            return;
        };
        let kind = InputKind::Action {
            action: bot_core::Action::PollChoose { poll_id }.encode(),
            values: answers,
        };
        let input = self.input(room, &sender, None, kind).await;
        let community = input.place.community_id.clone();
        // The poll shows the voter their choice (and whether it is closed)
        // itself: answers to the voter are not repeated; messages elsewhere go out.
        let Some((receipt, out)) = self.handle(by.as_str(), &start, input, false).await else {
            return;
        };
        let to = Answering {
            room,
            community: &community,
            sender: &sender,
            event: &start,
            thread: None,
        };
        self.answer(&to, out, false, receipt).await;
    }

    /// The answers of a response to a ballot as the votes it stands for.
    /// One choice: the (first) answer. Several: each vote toggles one, so
    /// the options that changed since this ballot's last response (kept in
    /// memory only: a vote is not written down here).
    fn ballot_numbers(
        &self,
        start: &OwnedEventId,
        ballot: &Ballot,
        answers: &[String],
    ) -> Vec<usize> {
        let picked: Vec<usize> = answers.iter().filter_map(|a| a.parse().ok()).collect();
        if !ballot.multi {
            return picked.into_iter().take(1).collect();
        }
        let mut last = self.inner.ballot_answers.lock().expect("not poisoned");
        let before = last
            .insert(start.clone(), picked.clone())
            .unwrap_or_default();
        let mut changed: Vec<usize> = picked
            .iter()
            .filter(|n| !before.contains(n))
            .chain(before.iter().filter(|n| !picked.contains(n)))
            .copied()
            .collect();
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    async fn on_undecryptable(&self, ev: OriginalSyncRoomEncryptedEvent, room: Room) {
        if Some(&ev.sender) == self.own_user().as_ref() {
            return;
        }
        let first = self
            .inner
            .warned_undecryptable
            .lock()
            .expect("not poisoned")
            .insert(room.room_id().to_owned());
        tracing::warn!(room = %room.room_id(), sender = %ev.sender, "could not decrypt a message");
        if !first {
            return;
        }
        let locale = self.inner.engine.config().default_locale;
        let text = self
            .inner
            .engine
            .i18n()
            .render(locale, &Text::new("matrix-cannot-decrypt"));
        let content = render::message(&bot_core::Message::text(text), &[]);
        if let Err(error) = room.send_raw("m.room.message", content).await {
            tracing::warn!(error = %describe(&error), "saying a message could not be decrypted");
        }
    }

    /// Sends what the engine answered: replies into the room (a thread
    /// stays a thread), private ones by direct message, the rest where they go.
    /// Handles one event once (see [`Engine::handle_once`]); `None` when it
    /// was received before.
    /// A late answer replies to `reply_to`, as a live one does.
    async fn handle(
        &self,
        event_key: &str,
        reply_to: &EventId,
        input: Input,
        replies: bool,
    ) -> Option<(Option<Receipt>, Vec<Outgoing>)> {
        let sender = UserId::parse(&input.actor.user_id).ok();
        let origin = sender.map(|sender| event_origin(reply_to, &sender));
        match self
            .inner
            .engine
            .handle_once(PLATFORM, event_key, origin.as_deref(), input, replies)
            .await
        {
            Received::Before => None,
            Received::Answer { receipt, out } => Some((receipt, out)),
        }
    }

    async fn answer(
        &self,
        to: &Answering<'_>,
        out: Vec<Outgoing>,
        reply: bool,
        receipt: Option<Receipt>,
    ) {
        let Answering {
            room,
            community,
            sender,
            event: to,
            thread,
        } = *to;
        let mut sent = Vec::with_capacity(out.len());
        let last = out.len().saturating_sub(1);
        for (index, outgoing) in out.iter().enumerate() {
            let result = if outgoing.target == Target::Reply {
                if outgoing.message.ephemeral {
                    let direct = Outgoing {
                        target: Target::Direct {
                            community_id: community.to_owned(),
                            user_id: sender.to_string(),
                            fallback_channel: None,
                        },
                        ..outgoing.clone()
                    };
                    self.send_with_retries(&direct).await
                } else {
                    let placement = match thread {
                        Some(root) => Placement::Thread {
                            root: root.to_string(),
                            reply_to: Some(to.to_string()),
                        },
                        None if reply => Placement::ReplyTo(to.to_string()),
                        None => Placement::Plain,
                    };
                    self.post(room, outgoing, placement, &[sender.to_string()])
                        .await
                        .map_err(|e| classify(&e))
                }
            } else {
                self.send_with_retries(outgoing).await
            };
            // Refused is done with (trying again would not help); a send
            // that kept failing is left to the scheduler.
            sent.push(match result {
                Ok(()) => true,
                Err(error @ DeliveryError::Rejected(_)) => {
                    tracing::warn!(%error, "a message to Matrix was refused");
                    true
                }
                Err(error) => {
                    tracing::warn!(%error, "a message to Matrix was not sent; the scheduler sends it later");
                    false
                }
            });
            if let (Some(receipt), true, true) = (receipt, sent[index], index < last) {
                self.inner.engine.part_sent(receipt, index, outgoing).await;
            }
        }
        if let Some(receipt) = receipt {
            self.inner.engine.answered(receipt, &out, &sent).await;
        }
    }

    async fn send_with_retries(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        bot_core::scheduler::deliver_now(&self.delivery(), outgoing, SEND_ATTEMPTS).await
    }

    async fn room(&self, room_id: &str) -> Result<Room, DeliveryError> {
        let id = RoomId::parse(room_id)
            .map_err(|_| DeliveryError::Rejected(format!("{room_id:?} is not a room id")))?;
        self.inner
            .client
            .get_room(&id)
            .ok_or_else(|| DeliveryError::Rejected(format!("not in room {room_id}")))
    }

    async fn remember(&self, key: &str, room: &Room, event: &OwnedEventId) {
        let sent = SentMessage {
            channel_id: room.room_id().to_string(),
            message_id: event.to_string(),
        };
        if let Err(error) = self
            .inner
            .engine
            .store()
            .record_sent(PLATFORM, key, &sent, self.inner.clock.now())
            .await
        {
            tracing::error!(%error, "could not remember a sent message");
        }
    }

    async fn send_raw(
        &self,
        room: &Room,
        event_type: &str,
        content: Value,
        key: Option<&str>,
    ) -> Result<OwnedEventId, matrix_sdk::Error> {
        let send = room.send_raw(event_type, content);
        let result = match key {
            Some(key) => {
                let txn: matrix_sdk::ruma::OwnedTransactionId = transaction_id(key).into();
                send.with_transaction_id(&txn).await?
            }
            None => send.await?,
        };
        Ok(result.response.event_id)
    }

    /// Posts one outgoing message into `room`.
    async fn post(
        &self,
        room: &Room,
        outgoing: &Outgoing,
        placement: Placement,
        mentions: &[String],
    ) -> Result<(), matrix_sdk::Error> {
        let message = &outgoing.message;
        let mut private_poll = false;
        let key = outgoing.idempotency_key.as_deref();
        let store = self.inner.engine.store();
        let earlier = match &outgoing.replaces {
            Some(replaces) => store.sent_message(PLATFORM, replaces).await.ok().flatten(),
            None => None,
        };
        let shown;
        let mut message = message;
        if let Some(view) = message.poll.as_ref().filter(|v| v.is_ballot) {
            return self.post_ballot(room, outgoing, view).await;
        }
        if let Some(view) = message.poll.as_ref().filter(|v| v.private) {
            // While it is open its room message is not edited: a count that
            // moves just after someone asked for a ballot (a room event with
            // their name) would tell what they chose. The close shows all.
            if earlier.is_some() && !view.closed {
                return Ok(());
            }
            // Not a native poll: its answers would be room events naming
            // their senders. Text (edited in place at the close) with the
            // private ballot as its one choice.
            shown = render::private_poll(message, view, &self.how_to_vote(view.poll_id));
            message = &shown;
            private_poll = true;
        }
        if let Some(view) = &message.poll {
            match (&earlier, view.closed) {
                // The poll shows its live tally natively.
                (Some(_), false) => return Ok(()),
                (Some(start), true) => {
                    let counts: Vec<(String, u64)> = view
                        .counts
                        .clone()
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                        .map(|(i, n)| ((i + 1).to_string(), u64::try_from(*n).unwrap_or(0)))
                        .collect();
                    let end = render::poll_end(&start.message_id, &message.text, &counts);
                    self.send_raw(room, "m.poll.end", end, key).await?;
                    return Ok(());
                }
                (None, false) => {
                    let start = render::poll_start(view, &message.text);
                    let event = self.send_raw(room, "m.poll.start", start, key).await?;
                    if let Some(key) = key {
                        self.remember(key, room, &event).await;
                    }
                    return Ok(());
                }
                (None, true) => {}
            }
        }
        let mut content = render::message(message, mentions);
        match &placement {
            Placement::Thread { root, reply_to } => {
                render::in_thread(&mut content, root, reply_to.as_deref());
            }
            Placement::ReplyTo(event) => render::as_reply(&mut content, event),
            Placement::Plain => {}
        }
        if let Some(earlier) = &earlier {
            // An edit of the earlier message (m.replace).
            let new_content = content.clone();
            content["m.new_content"] = new_content;
            content["body"] = json!(format!(
                "* {}",
                content["body"].as_str().unwrap_or_default()
            ));
            content["m.relates_to"] =
                json!({"rel_type": "m.replace", "event_id": earlier.message_id});
        }
        let event = self.send_raw(room, "m.room.message", content, key).await?;
        if let Some(key) = key {
            self.remember(key, room, &event).await;
        }
        if private_poll && earlier.is_none() {
            // A poll response to it would be public: it is never counted.
            let state = format!("{PLATFORM}:private-poll:{event}");
            if let Err(error) = store.set_adapter_state(&state, "1").await {
                tracing::error!(%error, "could not remember a private poll");
            }
        }
        let choices = render::choices(message);
        if !choices.is_empty() {
            let stored: Vec<(String, Option<String>)> = choices
                .into_iter()
                .map(|(action, value, _)| (action.encode(), value))
                .collect();
            let state = format!("{PLATFORM}:choices:{event}");
            if let Err(error) = store
                .set_adapter_state(&state, &serde_json::to_string(&stored).unwrap_or_default())
                .await
            {
                tracing::error!(%error, "could not remember a message's choices");
            }
        }
        for Part {
            tag,
            name,
            mime,
            bytes,
            alt,
        } in attachments(message)
        {
            // The text alternative travels as the caption.
            let caption = alt.map(|alt| {
                matrix_sdk::ruma::events::room::message::TextMessageEventContent::plain(alt)
            });
            let mut config = matrix_sdk::attachment::AttachmentConfig::new().caption(caption);
            // A resend uploads the file again, but its event is deduplicated.
            if let Some(key) = key {
                config = config.txn_id(attachment_transaction_id(key, tag).into());
            }
            let mime: mime::Mime = mime.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
            room.send_attachment(name, &mime, bytes, config).await?;
        }
        Ok(())
    }

    /// The core's line on how to vote (by button or command, in the room),
    /// in each language: not shown with a private poll.
    fn how_to_vote(&self, poll_id: i64) -> Vec<String> {
        let i18n = self.inner.engine.i18n();
        bot_core::i18n::Locale::ALL
            .iter()
            .map(|locale| i18n.render(*locale, &Text::new("poll-how-to-vote").arg("id", poll_id)))
            .collect()
    }

    /// Someone's private ballot, in their direct room: a native poll
    /// (`m.undisclosed` when the results are hidden) whose answers are the
    /// ballot's votes. Its event keeps the votes, the person and the
    /// community the ballot is for (the poll's, not the direct room's).
    async fn post_ballot(
        &self,
        room: &Room,
        outgoing: &Outgoing,
        view: &bot_core::PollView,
    ) -> Result<(), matrix_sdk::Error> {
        let Target::Direct {
            community_id,
            user_id,
            ..
        } = &outgoing.target
        else {
            tracing::warn!("a ballot not addressed to one person is not sent");
            return Ok(());
        };
        let start = render::poll_start(view, &outgoing.message.text);
        let key = outgoing.idempotency_key.as_deref();
        let event = self.send_raw(room, "m.poll.start", start, key).await?;
        let ballot = Ballot {
            community_id: community_id.clone(),
            user_id: user_id.clone(),
            votes: view.options.iter().map(|(a, _)| a.encode()).collect(),
            multi: view.multi,
            choose: view.choose.map(|a| a.encode()),
            room_id: Some(room.room_id().to_string()),
        };
        let state = format!("{PLATFORM}:ballot:{event}");
        if let Err(error) = self
            .inner
            .engine
            .store()
            .set_adapter_state(&state, &serde_json::to_string(&ballot).unwrap_or_default())
            .await
        {
            tracing::error!(%error, "could not remember a ballot");
        }
        Ok(())
    }

    /// The ballot sent as `event`, if it is one.
    async fn ballot(&self, event: &str) -> Option<Ballot> {
        let state = format!("{PLATFORM}:ballot:{event}");
        let stored = self
            .inner
            .engine
            .store()
            .adapter_state(&state)
            .await
            .ok()??;
        serde_json::from_str(&stored).ok()
    }

    /// Votes `n` (1-based) on the ballot `event`, as `sender` if it is
    /// theirs, in the community it was sent for.
    #[allow(clippy::too_many_arguments)]
    async fn on_ballot(
        &self,
        room: &Room,
        by: &EventId,
        sender: &OwnedUserId,
        event: &OwnedEventId,
        ballot: &Ballot,
        numbers: &[usize],
        reply: bool,
    ) {
        for (i, n) in numbers.iter().enumerate() {
            let Some(action) = n.checked_sub(1).and_then(|i| ballot.votes.get(i)) else {
                continue;
            };
            let kind = InputKind::Action {
                action: action.clone(),
                values: Vec::new(),
            };
            // One event can cast several votes: each is received once.
            // (By its place, not its option: a key names no choice.)
            let key = format!("{by}#{i}");
            self.cast_ballot(room, &key, sender, event, ballot, kind, reply)
                .await;
        }
    }

    /// One ballot action, as `sender` if the ballot is theirs, in the
    /// community it was sent for.
    #[allow(clippy::too_many_arguments)]
    async fn cast_ballot(
        &self,
        room: &Room,
        key: &str,
        sender: &OwnedUserId,
        event: &OwnedEventId,
        ballot: &Ballot,
        kind: InputKind,
        reply: bool,
    ) {
        if ballot.user_id != sender.as_str() {
            tracing::info!(%sender, "a ballot answered by someone it was not sent to: ignored");
            return;
        }
        if ballot
            .room_id
            .as_deref()
            .is_some_and(|id| id != room.room_id().as_str())
        {
            tracing::info!(%sender, "a ballot answered from another room: ignored");
            return;
        }
        let mut input = self.input(room, sender, None, kind).await;
        input.place.community_id = ballot.community_id.clone();
        // Who they are in the poll's community, not in the direct room
        // (where everyone has full power): no admin rights from a DM.
        let known = self
            .inner
            .engine
            .store()
            .member_context(&ballot.community_id, sender.as_str())
            .await
            .ok()
            .flatten();
        input.actor.is_admin = known.as_ref().and_then(|k| k.is_admin).unwrap_or(false);
        if let Some(name) = known.and_then(|k| k.display_name) {
            input.actor.display_name = name;
        }
        // The native ballot shows the choice itself: without `reply`, only
        // messages elsewhere go out.
        let Some((receipt, out)) = self.handle(key, event, input, reply).await else {
            return;
        };
        let to = Answering {
            room,
            community: &ballot.community_id,
            sender,
            event,
            thread: None,
        };
        self.answer(&to, out, reply, receipt).await;
    }

    /// The direct room with `user`, created (and marked `m.direct`) if none.
    async fn direct_room(&self, user: &str) -> Result<Room, DeliveryError> {
        let user = UserId::parse(user)
            .map_err(|_| DeliveryError::Rejected(format!("{user:?} is not a Matrix id")))?;
        let client = &self.inner.client;
        if let Some(room) = client
            .get_dm_rooms(&user)
            .find(|r| r.state() == RoomState::Joined)
        {
            return Ok(room);
        }
        client.create_dm(&user).await.map_err(|e| classify(&e))
    }

    async fn named_thread_root(
        &self,
        room: &Room,
        community_id: &str,
        key: &str,
        title: &str,
    ) -> Result<String, DeliveryError> {
        let state = format!("{PLATFORM}:thread:{community_id}:{key}");
        let store = self.inner.engine.store();
        if let Ok(Some(root)) = store.adapter_state(&state).await {
            return Ok(root);
        }
        let content = render::message(
            &bot_core::Message::text(format!(
                "🧵 **{}**",
                bot_core::model::escape_markdown(title)
            )),
            &[],
        );
        let root = self
            .send_raw(
                room,
                "m.room.message",
                content,
                Some(&format!("{key}-root")),
            )
            .await
            .map_err(|e| classify(&e))?;
        if let Err(error) = store.set_adapter_state(&state, root.as_str()).await {
            tracing::error!(%error, "could not remember a thread");
        }
        Ok(root.to_string())
    }

    /// Sends a scheduled (or otherwise addressed) message.
    pub async fn send(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match &outgoing.target {
            Target::Answer {
                origin, instead, ..
            } => self.answer_late(origin, instead, outgoing).await,
            _ => self.send_to(outgoing).await,
        }
    }

    /// A late answer (the process that took the event died): a reply to
    /// that event, in its thread if it was in one; a private one by direct
    /// message, as live.
    async fn answer_late(
        &self,
        origin: &str,
        instead: &Target,
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let origin = serde_json::from_str::<EventOrigin>(origin).ok();
        if let (Some(origin), false) = (origin, outgoing.message.ephemeral) {
            let placement = match instead {
                Target::Thread { thread_id, .. } => Some(Placement::Thread {
                    root: thread_id.clone(),
                    reply_to: Some(origin.event.clone()),
                }),
                Target::Channel { .. } => Some(Placement::ReplyTo(origin.event.clone())),
                _ => None,
            };
            if let (
                Some(placement),
                Target::Channel { channel_id, .. } | Target::Thread { channel_id, .. },
            ) = (placement, instead)
            {
                let room = self.room(channel_id).await?;
                return self
                    .post(
                        &room,
                        outgoing,
                        placement,
                        std::slice::from_ref(&origin.sender),
                    )
                    .await
                    .map_err(|e| classify(&e));
            }
        }
        let mut elsewhere = outgoing.clone();
        elsewhere.target = instead.clone();
        elsewhere.message.prompt = None;
        elsewhere.message.ephemeral = false;
        self.send_to(&elsewhere).await
    }

    async fn send_to(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match &outgoing.target {
            Target::Reply => Err(DeliveryError::Rejected(
                "a reply needs the message it answers".to_owned(),
            )),
            Target::Answer { .. } => Err(DeliveryError::Rejected(
                "an answer cannot be sent instead of an answer".to_owned(),
            )),
            Target::Channel { channel_id, .. } => {
                let room = self.room(channel_id).await?;
                self.post(&room, outgoing, Placement::Plain, &[])
                    .await
                    .map_err(|e| classify(&e))
            }
            Target::Thread {
                channel_id,
                thread_id,
                ..
            } => {
                let room = self.room(channel_id).await?;
                let placement = Placement::Thread {
                    root: thread_id.clone(),
                    reply_to: None,
                };
                self.post(&room, outgoing, placement, &[])
                    .await
                    .map_err(|e| classify(&e))
            }
            Target::NamedThread {
                community_id,
                channel_id,
                key,
                title,
            } => {
                let room = self.room(channel_id).await?;
                let root = self
                    .named_thread_root(&room, community_id, key, title)
                    .await?;
                let placement = Placement::Thread {
                    root,
                    reply_to: None,
                };
                self.post(&room, outgoing, placement, &[])
                    .await
                    .map_err(|e| classify(&e))
            }
            Target::Direct { user_id, .. } => {
                let room = self.direct_room(user_id).await?;
                self.post(
                    &room,
                    outgoing,
                    Placement::Plain,
                    std::slice::from_ref(user_id),
                )
                .await
                .map_err(|e| classify(&e))
            }
        }
    }
}

/// What the inbox keeps about an event so that a late answer replies to it.
#[derive(serde::Serialize, Deserialize)]
struct EventOrigin {
    event: String,
    sender: String,
}

/// The `origin` the inbox keeps for an event from `sender`: a late answer
/// replies to `event`.
pub fn event_origin(event: &EventId, sender: &UserId) -> String {
    serde_json::to_string(&EventOrigin {
        event: event.to_string(),
        sender: sender.to_string(),
    })
    .unwrap_or_default()
}

/// A private ballot as sent (kept in `adapter_state` under its event).
#[derive(serde::Serialize, Deserialize)]
struct Ballot {
    /// The poll's community: the vote is cast there, not in the direct room's.
    community_id: String,
    /// The one person it was sent to.
    user_id: String,
    /// Each answer's action (`poll:bvote:…`), in order.
    votes: Vec<String>,
    /// Several choices: each vote toggles one.
    multi: bool,
    /// Several choices: the action that sets the whole selection at once
    /// (`poll:bchoose:…`), which a native poll's response carries.
    #[serde(default)]
    choose: Option<String>,
    /// The direct room it was sent in: answers count only from there.
    #[serde(default)]
    room_id: Option<String>,
}

/// The community a room belongs to.
struct Community {
    id: String,
    /// The space that vouches for the room: its admins are the community's.
    space: Option<Room>,
}

/// The message the engine's answers answer, and where it was said.
struct Answering<'a> {
    room: &'a Room,
    community: &'a str,
    sender: &'a UserId,
    event: &'a OwnedEventId,
    thread: Option<&'a OwnedEventId>,
}

fn is_admin_level(level: UserPowerLevel) -> bool {
    match level {
        // Room version 12: creators are not in m.room.power_levels and outrank everyone.
        UserPowerLevel::Infinite => true,
        UserPowerLevel::Int(level) => i64::from(level) >= ADMIN_POWER,
        _ => false,
    }
}

/// A space link (`m.space.parent` or `m.space.child`) without `via` has been removed.
fn has_via(event: &Value) -> bool {
    event["content"]["via"]
        .as_array()
        .is_some_and(|via| !via.is_empty())
}

/// Whether `space` vouches for `room`, whose `m.space.parent` link `sender`
/// set: the space lists the room (`m.space.child`), or `sender` could.
async fn vouches_for(space: &Room, room: &RoomId, sender: &UserId) -> bool {
    use matrix_sdk::deserialized_responses::RawSyncOrStrippedState;
    use matrix_sdk::ruma::events::StateEventType;
    use matrix_sdk::ruma::events::space::child::SpaceChildEventContent;
    let listed = match space
        .get_state_event_static_for_key::<SpaceChildEventContent, _>(room)
        .await
    {
        Ok(Some(RawSyncOrStrippedState::Sync(raw))) => {
            serde_json::from_str::<Value>(raw.json().get()).is_ok_and(|json| has_via(&json))
        }
        _ => false,
    };
    listed
        || space
            .power_levels_or_default()
            .await
            .user_can_send_state(sender, StateEventType::SpaceChild)
}

/// Where in a room a message goes.
enum Placement {
    Plain,
    ReplyTo(String),
    Thread {
        root: String,
        reply_to: Option<String>,
    },
}

/// One file a message carries.
struct Part {
    /// Which of the message's files it is (part of its transaction id).
    tag: &'static str,
    name: String,
    mime: String,
    bytes: Vec<u8>,
    /// The text alternative.
    alt: Option<String>,
}

/// The files a message carries.
fn attachments(message: &bot_core::Message) -> Vec<Part> {
    let mut out = Vec::new();
    if let Some(image) = &message.image {
        out.push(Part {
            tag: "image",
            name: image.file_name.clone(),
            mime: "image/png".to_owned(),
            bytes: image.png.clone(),
            alt: Some(image.alt.clone()),
        });
    }
    if let Some(file) = &message.file {
        out.push(Part {
            tag: "file",
            name: file.file_name.clone(),
            mime: file.mime.clone(),
            bytes: file.bytes.clone(),
            alt: None,
        });
    }
    out
}

fn save_session(client: &Client, path: &std::path::Path) -> Result<()> {
    let session = client
        .matrix_auth()
        .session()
        .context("the Matrix session is missing after login")?;
    let json = serde_json::to_vec(&session)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("saving {}", path.display()))?;
    std::io::Write::write_all(&mut file, &json)?;
    Ok(())
}

impl Delivery for MatrixDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        Box::pin(self.0.send(outgoing))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_patterns() {
        assert!(matches_pattern("@*:example.org", "@alice:example.org"));
        assert!(!matches_pattern(
            "@*:example.org",
            "@alice:example.org.evil"
        ));
        assert!(matches_pattern("@alice:example.org", "@alice:example.org"));
        assert!(!matches_pattern(
            "@alice:example.org",
            "@alicia:example.org"
        ));
        assert!(matches_pattern("@*-bot:*", "@x-bot:h"));
        assert!(!matches_pattern("@*-bot:*", "@x:h"));
        assert!(matches_pattern("*", "@any:one"));
    }

    #[tokio::test]
    async fn a_panicking_handler_ends_only_its_own_event() {
        let mut handled = Vec::new();
        for n in [1_u8, 2, 3] {
            isolated("test", async {
                tokio::task::yield_now().await;
                assert_ne!(n, 2, "event 2 is broken");
                handled.push(n);
            })
            .await;
        }
        assert_eq!(handled, [1, 3]);
    }

    #[test]
    fn transaction_ids_are_stable_per_key() {
        assert_eq!(transaction_id("j1o2"), transaction_id("j1o2"));
        assert_ne!(transaction_id("j1o2"), transaction_id("j1o3"));
        let parts = [
            transaction_id("j1o2"),
            attachment_transaction_id("j1o2", "image"),
            attachment_transaction_id("j1o2", "file"),
        ];
        assert!(
            parts
                .iter()
                .all(|p| parts.iter().filter(|q| *q == p).count() == 1)
        );
        assert_ne!(
            attachment_transaction_id("j1o2", "image"),
            attachment_transaction_id("j1o3", "image")
        );
    }
}

#[cfg(test)]
mod rate_limits {
    use super::*;
    use matrix_sdk::ruma::api::EndpointError;
    use matrix_sdk::ruma::api::error::FromHttpResponseError;

    fn answered(status: u16, body: &str) -> matrix_sdk::Error {
        let response = http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap();
        let api = matrix_sdk::RumaApiError::from_http_response(response);
        let http_error = matrix_sdk::HttpError::from(FromHttpResponseError::Server(api));
        matrix_sdk::Error::Http(Box::new(http_error))
    }

    #[test]
    fn limit_exceeded_is_retried_after_the_servers_wait_and_refusals_are_final() {
        let limited = answered(
            429,
            r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":1500}"#,
        );
        assert_eq!(
            classify(&limited),
            DeliveryError::RetryAfter(Duration::from_millis(1500))
        );
        let no_hint = answered(429, r#"{"errcode":"M_LIMIT_EXCEEDED","error":"slow"}"#);
        assert_eq!(classify(&no_hint), DeliveryError::RetryAfter(BACKOFF));
        let forbidden = answered(403, r#"{"errcode":"M_FORBIDDEN","error":"not in room"}"#);
        assert!(matches!(classify(&forbidden), DeliveryError::Rejected(_)));
        let down = answered(502, r#"{"errcode":"M_UNKNOWN","error":"bad gateway"}"#);
        assert_eq!(classify(&down), DeliveryError::RetryAfter(BACKOFF));
    }
}
