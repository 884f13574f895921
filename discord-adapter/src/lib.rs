//! The Discord adapter (serenity). It translates between Discord and
//! bot-core's `Input` / `Outgoing` model and holds no business rule.
//!
//! This crate currently holds the adapter's configuration and the slash
//! commands generated from the catalogue; the gateway client, registration
//! and the HTTP interactions endpoint arrive with their own issue.

pub mod commands;

use secrecy::SecretString;
use serde::Deserialize;

/// The `[discord]` table of `mentorbot.toml` (or `MENTORBOT__DISCORD__*`).
/// `Debug` never shows the token.
#[derive(Debug, Clone, Deserialize)]
pub struct DiscordConfig {
    pub token: SecretString,
    pub application_id: Option<u64>,
    /// Hex Ed25519 public key, for the HTTP interactions mode.
    pub public_key: Option<String>,
    #[serde(default)]
    pub mode: DiscordMode,
    #[serde(default)]
    pub guild_ids: Vec<u64>,
    #[serde(default)]
    pub admin_roles: Vec<String>,
    pub api_base_url: Option<String>,
    /// `"0-3/8"`: this process runs shards 0–3 of 8.
    pub shards: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscordMode {
    #[default]
    Gateway,
    Http,
}

/// Whether this build can connect to Discord yet.
pub const AVAILABLE: bool = false;
