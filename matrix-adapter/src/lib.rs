//! The Matrix adapter (matrix-sdk). It translates between Matrix events and
//! bot-core's `Input` / `Outgoing` model and holds no business rule.
//!
//! This crate currently holds the adapter's configuration; the sync loop,
//! polls, DMs and encrypted rooms arrive with their own issue.

use secrecy::SecretString;
use serde::Deserialize;

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

/// Whether this build can connect to Matrix yet.
pub const AVAILABLE: bool = false;
