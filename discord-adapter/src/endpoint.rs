//! HTTP interactions mode: Discord POSTs each interaction to the bot's
//! listener, signed with the application's Ed25519 key. A bad or missing
//! signature gets 401 and runs nothing; PING gets PONG.

use std::sync::Arc;

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

#[derive(Clone)]
struct Endpoint {
    bridge: Bridge,
    verifier: Arc<Verifier>,
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
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(interaction) => interaction,
        Err(error) => {
            tracing::warn!(%error, "an interaction we could not read");
            return (StatusCode::BAD_REQUEST, "unreadable interaction").into_response();
        }
    };
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
