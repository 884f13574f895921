//! HTTP interactions mode: Discord POSTs each interaction to the bot's
//! listener, signed with the application's Ed25519 key. A bad or missing
//! signature gets 401 and runs nothing, and so does a correctly signed
//! request that is stale (its timestamp outside [`WINDOW_SECS`] of the
//! engine's clock) or a replay (an interaction already accepted); PING gets
//! PONG.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::interactions_endpoint::Verifier;
use serenity::model::application::Interaction;
use tokio::sync::oneshot;

use crate::bridge::{Bridge, Responder};

/// The path Discord's "Interactions Endpoint URL" points at.
pub const PATH: &str = "/discord/interactions";

/// How far a request's `X-Signature-Timestamp` may be from the engine's
/// clock, either way. Discord sends an interaction once, as it happens, and
/// wants the first answer within 3 s, so anything older is a replay (and a
/// bot whose clock is this far off has worse problems).
pub const WINDOW_SECS: i64 = 5 * 60;

#[derive(Clone)]
struct Endpoint {
    bridge: Bridge,
    verifier: Arc<Verifier>,
    seen: Arc<Seen>,
}

/// The interactions accepted within the last window, so that a signed
/// request captured and posted again runs nothing. The signature covers the
/// timestamp, so a replay carries the original one and is refused as stale
/// once the window has passed it: an id need only be kept until then. That
/// bounds the set by one window of Discord's own traffic (nobody else can add
/// to it without the application's key), with no cap that would let an old
/// entry be evicted and replayed.
#[derive(Debug, Default)]
struct Seen(Mutex<HashMap<u64, i64>>);

impl Seen {
    /// Records interaction `id`, signed at `signed_at` (Unix seconds); false
    /// when it was accepted before. Forgets what can no longer be replayed.
    fn first_time(&self, id: u64, signed_at: i64, now: i64) -> bool {
        let mut seen = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.retain(|_, at| *at + WINDOW_SECS >= now);
        match seen.entry(id) {
            Entry::Occupied(_) => false,
            Entry::Vacant(entry) => {
                entry.insert(signed_at);
                true
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// Parses the application's public key (64 hex digits).
pub fn verifier(public_key_hex: &str) -> Result<Verifier, String> {
    let hex = public_key_hex.trim();
    if hex.len() != 64 {
        return Err("discord.public_key must be 64 hex digits".to_owned());
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
            .map_err(|_| "discord.public_key must be 64 hex digits".to_owned())?;
    }
    Verifier::try_new(key).map_err(|_| "discord.public_key is not a valid Ed25519 key".to_owned())
}

pub fn router(bridge: Bridge, verifier: Verifier) -> Router {
    Router::new()
        .route(PATH, post(interaction))
        .with_state(Endpoint {
            bridge,
            verifier: Arc::new(verifier),
            seen: Arc::default(),
        })
}

async fn interaction(
    State(endpoint): State<Endpoint>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return (StatusCode::UNAUTHORIZED, "missing signature").into_response();
    };
    if endpoint
        .verifier
        .verify(signature, timestamp, &body)
        .is_err()
    {
        tracing::warn!("refused an interaction with a bad signature");
        return (StatusCode::UNAUTHORIZED, "invalid request signature").into_response();
    }
    // Checked after the signature, which vouches for the timestamp.
    let now = endpoint.bridge.engine.clock_now().timestamp();
    let Some(signed_at) = timestamp
        .parse::<i64>()
        .ok()
        .filter(|at| at.abs_diff(now) <= WINDOW_SECS.unsigned_abs())
    else {
        tracing::warn!(
            timestamp,
            now,
            "refused a signed interaction with a stale timestamp"
        );
        return (StatusCode::UNAUTHORIZED, "stale request timestamp").into_response();
    };
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(interaction) => interaction,
        Err(error) => {
            tracing::warn!(%error, "an interaction we could not read");
            return (StatusCode::BAD_REQUEST, "unreadable interaction").into_response();
        }
    };
    // A PING changes nothing (Discord sends them to check the endpoint), so
    // only what could act is refused a second time.
    let id = interaction.id();
    if !matches!(interaction, Interaction::Ping(_))
        && !endpoint.seen.first_time(id.get(), signed_at, now)
    {
        tracing::warn!(interaction = %id, "refused a replayed interaction");
        return (StatusCode::UNAUTHORIZED, "interaction already handled").into_response();
    }
    let (tx, rx) = oneshot::channel();
    // The rest (followups, sends elsewhere) continues after the answer is returned.
    tokio::spawn(async move {
        endpoint
            .bridge
            .handle(interaction, Responder::Http(Some(tx)))
            .await;
    });
    match rx.await {
        Ok(answer) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            answer.to_string(),
        )
            .into_response(),
        Err(_) => StatusCode::NO_CONTENT.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Seen, WINDOW_SECS};

    #[test]
    fn an_id_is_refused_again_until_its_timestamp_is_stale_then_forgotten() {
        let seen = Seen::default();
        let t = 1_795_428_000;
        assert!(seen.first_time(1, t, t));
        assert!(!seen.first_time(1, t, t), "the same interaction again");
        assert!(!seen.first_time(1, t, t + WINDOW_SECS), "still replayable");
        assert!(seen.first_time(2, t, t + WINDOW_SECS));
        assert_eq!(seen.len(), 2);
        // Once `t` is outside the window, a replay fails the timestamp check,
        // so the ids can go.
        assert!(seen.first_time(3, t + WINDOW_SECS + 1, t + WINDOW_SECS + 1));
        assert_eq!(seen.len(), 1, "bounded by the window");
    }
}
