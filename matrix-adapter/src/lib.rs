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
//!
//! Inside: `session` (the client and its saved session), `sync` (the sync
//! loop and the bot's own sync token), `inbound` (events to the core),
//! `delivery` (the core's messages to Matrix), `errors`.

mod delivery;
mod errors;
mod inbound;
pub mod render;
mod session;
mod sync;

pub use delivery::{attachment_transaction_id, event_origin, transaction_id};
pub use errors::BACKOFF;
pub use sync::{handled_sync_key, sync_forever};

use delivery::Placement;
use errors::{classify, describe};

use std::collections::HashSet;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use bot_core::i18n::Text;
use bot_core::{
    Actor, Clock, Delivery, DeliveryError, Engine, InboundFile, Input, InputKind,
    MAX_INBOUND_FILE_BYTES, Outgoing, Place, Receipt, Received, Target,
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
    FileMessageEventContent, MessageType, OriginalSyncRoomMessageEvent, Relation,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbound::isolated;

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
