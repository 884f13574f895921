//! The Discord adapter (serenity). It translates between Discord and
//! bot-core's `Input` / `Outgoing` model and holds no business rule.
//!
//! - [`commands`]: slash commands generated from the catalogue;
//! - [`translate`]: interactions → `Input`; [`render`]: `Message` → Discord JSON;
//! - [`bridge`]: one interaction end to end (first answer, deferral, followups);
//!   `chatter`: people's messages in a round's thread;
//! - [`delivery`]: scheduled sends (`bot_core::Delivery`);
//! - [`endpoint`]: HTTP interactions mode; [`Discord::run_gateway`]: gateway mode.

pub mod bridge;
mod chatter;
pub mod commands;
pub mod delivery;
pub mod endpoint;
pub mod render;
pub mod translate;

use std::ops::Range;
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use bot_core::{Clock, Engine};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serenity::all::{
    ApplicationId, Context, EventHandler, GatewayIntents, GuildId, Interaction, Ready,
};
use serenity::http::{Http, HttpBuilder};

pub use bridge::{Bridge, Responder};
pub use delivery::{DiscordDelivery, interaction_origin};

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
    /// Ask for the privileged Message Content intent (enable it for the
    /// application in Discord's developer portal first): messages in a
    /// round's thread then count as contributions with their text, not
    /// only as airtime.
    #[serde(default)]
    pub message_content: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscordMode {
    #[default]
    Gateway,
    Http,
}

/// Whether this build can connect to Discord.
pub const AVAILABLE: bool = true;

/// The intents the bot asks for; neither is privileged. Slash commands,
/// buttons and autocomplete arrive as interactions, which need none;
/// guild messages tell who speaks in a round's thread (without their text).
pub const INTENTS: GatewayIntents = GatewayIntents::GUILDS.union(GatewayIntents::GUILD_MESSAGES);

/// The intents for `config`: [`INTENTS`], and Message Content when asked for.
pub fn intents(config: &DiscordConfig) -> GatewayIntents {
    if config.message_content {
        INTENTS | GatewayIntents::MESSAGE_CONTENT
    } else {
        INTENTS
    }
}

/// Parses `discord.shards`: `"0-3/8"` (shards 0 to 3 of 8) or `"2/8"`.
pub fn parse_shards(raw: &str) -> Result<(Range<u32>, u32)> {
    let bad = || anyhow::anyhow!("discord.shards {raw:?} is not like \"0-3/8\" or \"2/8\"");
    let (range, total) = raw.trim().split_once('/').ok_or_else(bad)?;
    let total: u32 = total.trim().parse().map_err(|_| bad())?;
    let (first, last) = match range.split_once('-') {
        Some((a, b)) => (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        ),
        None => {
            let n: u32 = range.trim().parse().map_err(|_| bad())?;
            (n, n)
        }
    };
    if total == 0 || first > last || last >= total {
        bail!(bad());
    }
    Ok((first..last + 1, total))
}

/// A connected adapter: the REST client, the bridge, and the delivery.
#[derive(Debug, Clone)]
pub struct Discord {
    config: DiscordConfig,
    http: Arc<Http>,
    bridge: Bridge,
}

impl Discord {
    /// Builds the REST client. With `api_base_url` (tests, a proxy) serenity
    /// sends there, which it only does with its own rate limiter off; the
    /// bot's backoff ([`delivery::BACKOFF`]) then handles 429s.
    pub fn new(engine: Engine, config: DiscordConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let token = config.token.expose_secret();
        if token.trim().is_empty() {
            bail!("discord.token is empty");
        }
        let mut builder = HttpBuilder::new(token);
        if let Some(id) = config.application_id {
            builder = builder.application_id(ApplicationId::new(id));
        }
        if let Some(base) = &config.api_base_url {
            builder = builder
                .proxy(base.trim_end_matches('/'))
                .ratelimiter_disabled(true);
        }
        let http = Arc::new(builder.build());
        let delivery = DiscordDelivery::new(http.clone(), engine.clone(), clock);
        let bridge = Bridge::new(engine, http.clone(), delivery, config.admin_roles.clone());
        Ok(Self {
            config,
            http,
            bridge,
        })
    }

    /// How long the core may take before the first answer is deferred
    /// (default [`bridge::DEFER_AFTER`]; Discord allows 3 s).
    pub fn with_defer_after(mut self, after: std::time::Duration) -> Self {
        self.bridge.defer_after = after;
        self
    }

    pub fn http(&self) -> &Arc<Http> {
        &self.http
    }

    pub fn bridge(&self) -> &Bridge {
        &self.bridge
    }

    pub fn delivery(&self) -> DiscordDelivery {
        self.bridge.delivery.clone()
    }

    /// Learns the application id from Discord when the config has none.
    async fn application_id(&self) -> Result<ApplicationId> {
        if let Some(id) = self.http.application_id() {
            return Ok(id);
        }
        let info = self
            .http
            .get_current_application_info()
            .await
            .map_err(|e| anyhow::anyhow!(delivery::describe(&e)))
            .context("asking Discord for the application id")?;
        self.http.set_application_id(info.id);
        Ok(info.id)
    }

    /// Registers the slash commands per configured guild, or globally, unless
    /// exactly these were registered before. Returns how many scopes were sent.
    pub async fn register_commands(&self) -> Result<usize> {
        let app = self.application_id().await?;
        let engine = &self.bridge.engine;
        let commands = commands::application_commands(engine.i18n());
        let fingerprint = commands::fingerprint(&commands);
        let scopes: Vec<Option<u64>> = if self.config.guild_ids.is_empty() {
            vec![None]
        } else {
            self.config.guild_ids.iter().copied().map(Some).collect()
        };
        let mut sent = 0;
        for scope in scopes {
            let key = match scope {
                Some(guild) => format!("commands:{app}:guild:{guild}"),
                None => format!("commands:{app}:global"),
            };
            let memory = engine.memory(translate::PLATFORM);
            if memory.state(&key).await?.as_deref() == Some(fingerprint.as_str()) {
                tracing::info!(scope = %key, "slash commands unchanged; not registering again");
                continue;
            }
            let registered = match scope {
                Some(guild) => {
                    self.http
                        .create_guild_commands(GuildId::new(guild), &commands)
                        .await
                }
                None => self.http.create_global_commands(&commands).await,
            }
            .map_err(|e| anyhow::anyhow!(delivery::describe(&e)))
            .with_context(|| format!("registering slash commands ({key})"))?;
            tracing::info!(scope = %key, commands = registered.len(), "registered slash commands");
            memory.set_state(&key, &fingerprint).await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// The HTTP interactions endpoint, for `discord.mode = "http"`.
    pub fn endpoint(&self) -> Result<axum::Router> {
        let key = self
            .config
            .public_key
            .as_deref()
            .context("discord.mode = \"http\" needs discord.public_key")?;
        let verifier = endpoint::verifier(key).map_err(anyhow::Error::msg)?;
        Ok(endpoint::router(self.bridge.clone(), verifier))
    }

    /// Connects to the gateway (the configured shards) until `shutdown`.
    pub async fn run_gateway(&self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let app = self.application_id().await?;
        let http = match &self.config.api_base_url {
            Some(base) => HttpBuilder::new(self.config.token.expose_secret())
                .proxy(base.trim_end_matches('/'))
                .ratelimiter_disabled(true),
            None => HttpBuilder::new(self.config.token.expose_secret()),
        }
        .application_id(app)
        .build();
        // `ClientBuilder::token` would replace this Http and drop the proxy.
        let mut client = serenity::all::ClientBuilder::new_with_http(http, intents(&self.config))
            .application_id(app)
            .event_handler(Handler {
                bridge: self.bridge.clone(),
            })
            .await
            .map_err(|e| anyhow::anyhow!(delivery::describe(&e)))
            .context("starting the Discord client")?;
        let manager = client.shard_manager.clone();
        let (range, total) = match &self.config.shards {
            Some(raw) => parse_shards(raw)?,
            None => (0..1, 1),
        };
        tokio::select! {
            result = client.start_shard_range(range, total) => {
                result.map_err(|e| anyhow::anyhow!(delivery::describe(&e))).context("Discord gateway")?;
            }
            () = shutdown => {
                manager.shutdown_all().await;
            }
        }
        Ok(())
    }
}

struct Handler {
    bridge: Bridge,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        tracing::info!(
            user = %ready.user.name,
            guilds = ready.guilds.len(),
            shard = ?ready.shard.map(|s| (s.id.0, s.total)),
            "connected to Discord"
        );
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        self.bridge.handle(interaction, Responder::Rest).await;
    }

    async fn message(&self, _ctx: Context, message: serenity::model::channel::Message) {
        self.bridge.message(message).await;
    }
}

#[cfg(test)]
mod tests {
    use super::parse_shards;

    #[test]
    fn shard_ranges_parse_and_bad_ones_are_refused() {
        assert_eq!(parse_shards("0-3/8").unwrap(), (0..4, 8));
        assert_eq!(parse_shards(" 2 / 8 ").unwrap(), (2..3, 8));
        assert_eq!(parse_shards("0/1").unwrap(), (0..1, 1));
        for bad in ["", "3", "4-2/8", "0-8/8", "1/0", "a-b/c", "0-3/"] {
            let error = parse_shards(bad).unwrap_err().to_string();
            assert!(error.contains("discord.shards"), "{bad}: {error}");
        }
    }
}
