//! Configuration: defaults, then `mentorbot.toml` (or `--config PATH`), then
//! environment variables `MENTORBOT__SECTION__KEY`.

use std::path::Path;

use anyhow::{Context, Result};
use bot_core::{EngineConfig, Locale, SchedulerConfig};
use discord_adapter::DiscordConfig;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use matrix_adapter::MatrixConfig;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub database: DatabaseConfig,
    pub bot: BotConfig,
    pub http: HttpConfig,
    pub log: LogConfig,
    pub scheduler: SchedulerSection,
    pub nudges: NudgesSection,
    pub polls: PollsSection,
    pub discord: Option<DiscordConfig>,
    pub matrix: Option<MatrixConfig>,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct DatabaseConfig {
    /// `postgres://…` for PostgreSQL; an `sqlite:` URL or a file path for SQLite.
    pub url: String,
    /// Pool size; unset picks the backend's default (PostgreSQL 8, SQLite 2).
    pub max_connections: Option<u32>,
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BotConfig {
    pub command_prefix: String,
    pub default_locale: String,
    pub default_timezone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpConfig {
    pub enabled: bool,
    pub listen: String,
    /// A second address for `/metrics` alone, which `listen` then stops
    /// serving: `listen` may face the internet (Discord's interactions),
    /// the metrics need not.
    #[serde(default)]
    pub metrics_listen: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter such as `info` or `mentorbot=debug,sqlx=warn`.
    pub filter: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SchedulerSection {
    /// Jobs missed while the bot was down still fire (late, saying so) if
    /// they are at most this late; older ones are summarized. `1h`, `30m`.
    pub grace: String,
}

/// The escalation ladder of a quiet circle's nudge (`3d`, `36h`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NudgesSection {
    /// After the nudge in the circle's place, when its hosts get a DM.
    pub host_after: String,
    /// After the hosts' DM, when the community's admins get one.
    pub admins_after: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PollsSection {
    /// The key anonymous votes are hashed with; created (32 random bytes,
    /// mode 0600) on first start. Keep it out of database backups you share.
    pub secret_file: String,
}

/// The defaults, as a serializable tree figment merges the file and the
/// environment onto.
#[derive(Debug, Serialize)]
struct Defaults {
    database: DatabaseConfig,
    bot: BotConfig,
    http: HttpConfig,
    log: LogConfig,
    scheduler: SchedulerSection,
    nudges: NudgesSection,
    polls: PollsSection,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            database: DatabaseConfig {
                url: "data/mentorbot.db".to_owned(),
                max_connections: None,
            },
            bot: BotConfig {
                command_prefix: "!mentor".to_owned(),
                default_locale: "en".to_owned(),
                default_timezone: "UTC".to_owned(),
            },
            http: HttpConfig {
                enabled: true,
                listen: "127.0.0.1:8080".to_owned(),
                metrics_listen: None,
            },
            log: LogConfig {
                format: "text".to_owned(),
                filter: "info,sqlx=warn".to_owned(),
            },
            scheduler: SchedulerSection {
                grace: "1h".to_owned(),
            },
            nudges: NudgesSection {
                host_after: "3d".to_owned(),
                admins_after: "4d".to_owned(),
            },
            polls: PollsSection {
                secret_file: "data/poll-secret".to_owned(),
            },
        }
    }
}

impl Config {
    /// Loads the layered configuration. An explicit `path` must exist; the
    /// default `mentorbot.toml` is optional.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Defaults::default()));
        match path {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "configuration file {} does not exist",
                    path.display()
                );
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("mentorbot.toml")),
        }
        figment = figment.merge(Env::prefixed("MENTORBOT__").split("__"));
        let config: Config = figment.extract().context("invalid configuration")?;
        config.engine()?;
        config.scheduler()?;
        Ok(config)
    }

    pub fn engine(&self) -> Result<EngineConfig> {
        let default_locale = Locale::parse(&self.bot.default_locale).with_context(|| {
            format!(
                "bot.default_locale {:?} is not one of en, fr, nl",
                self.bot.default_locale
            )
        })?;
        let default_timezone =
            bot_core::timezone::parse(&self.bot.default_timezone).map_err(|_| {
                anyhow::anyhow!(
                    "bot.default_timezone {:?} is not an IANA time zone",
                    self.bot.default_timezone
                )
            })?;
        let ladder = |key: &str, raw: &str| -> Result<chrono::Duration> {
            let duration = crate::cli::parse_duration(raw)
                .map_err(|e| anyhow::anyhow!("nudges.{key}: {e}"))?;
            chrono::Duration::from_std(duration)
                .with_context(|| format!("nudges.{key} is too long"))
        };
        Ok(EngineConfig {
            nudge_host_after: ladder("host_after", &self.nudges.host_after)?,
            nudge_admins_after: ladder("admins_after", &self.nudges.admins_after)?,
            // Read from `polls.secret_file` when the engine is built.
            poll_secret: bot_core::PollSecret::random()
                .context("reading a random key for anonymous votes")?,
            limits: bot_core::Limits::default(),
            command_prefix: self.bot.command_prefix.clone(),
            default_locale,
            default_timezone,
        })
    }
}

impl Config {
    pub fn scheduler(&self) -> Result<SchedulerConfig> {
        let grace = crate::cli::parse_duration(&self.scheduler.grace)
            .map_err(|e| anyhow::anyhow!("scheduler.grace: {e}"))?;
        Ok(SchedulerConfig {
            grace: chrono::Duration::from_std(grace).context("scheduler.grace is too long")?,
            ..SchedulerConfig::default()
        })
    }
}

/// The URL with any password replaced, safe to print or log: the one in the
/// user info, and the values of query parameters that carry secrets
/// (`password`, `sslpassword`, `token`, `access_token`, …).
///
/// The user info ends at the *last* `@` before the query, so an unescaped `@`
/// (or `/`) in a password is still hidden rather than shown as a host.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let query_at = rest.find(['?', '#']).unwrap_or(rest.len());
    let (before_query, query) = rest.split_at(query_at);
    let authority = match before_query.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => before_query.to_owned(),
        },
        None => before_query.to_owned(),
    };
    format!("{scheme}://{authority}{}", redact_query(query))
}

/// `?a=1&password=x#f` → `?a=1&password=***#f`.
fn redact_query(query: &str) -> String {
    let Some(params) = query.strip_prefix('?') else {
        return query.to_owned();
    };
    let (params, fragment) = match params.find('#') {
        Some(at) => params.split_at(at),
        None => (params, ""),
    };
    let params: Vec<String> = params
        .split('&')
        .map(|param| match param.split_once('=') {
            Some((key, _)) if is_secret_key(key) => format!("{key}=***"),
            _ => param.to_owned(),
        })
        .collect();
    format!("?{}{fragment}", params.join("&"))
}

/// Errs on the side of hiding: `password`, `sslpassword`, `passwd`, `pwd`,
/// `token`, `access_token`, `secret`, `api_key`, …
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "pass",
        "pwd",
        "token",
        "secret",
        "key",
        "auth",
        "credential",
    ]
    .iter()
    .any(|word| key.contains(word))
}

#[cfg(test)]
// figment::Jail's closures must return figment's (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact_url("postgres://bot:s3cret@db:5432/mentorbot"),
            "postgres://bot:***@db:5432/mentorbot"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(redact_url("data/mentorbot.db"), "data/mentorbot.db");
        assert_eq!(
            redact_url("sqlite://data/bot.db?mode=rwc"),
            "sqlite://data/bot.db?mode=rwc"
        );
    }

    #[test]
    fn a_password_containing_at_signs_is_redacted_whole() {
        let redacted = redact_url("postgres://user:p@ss@host/db");
        assert_eq!(redacted, "postgres://user:***@host/db");
        let redacted = redact_url("postgres://user:a@b/c@d@host:5432/db?sslmode=require");
        assert_eq!(redacted, "postgres://user:***@host:5432/db?sslmode=require");
    }

    #[test]
    fn secrets_in_the_query_are_redacted() {
        assert_eq!(
            redact_url("postgres://bot@db/mentorbot?password=s3cret"),
            "postgres://bot@db/mentorbot?password=***"
        );
        assert_eq!(
            redact_url(
                "postgres://bot@db/m?sslmode=verify-full&sslpassword=k3y&application_name=bot"
            ),
            "postgres://bot@db/m?sslmode=verify-full&sslpassword=***&application_name=bot"
        );
        assert_eq!(
            redact_url("https://example.org/x?token=t0k&access_token=a11&PassWord=p#frag"),
            "https://example.org/x?token=***&access_token=***&PassWord=***#frag"
        );
        assert_eq!(
            redact_url("postgres://u:pw@h/db?password=other"),
            "postgres://u:***@h/db?password=***"
        );
        for url in [
            "postgres://bot@db/m?password=s3cret",
            "postgres://user:p@ss@host/db?sslpassword=s3cret",
            "postgres://h/db?access_token=s3cret&x=1",
        ] {
            assert!(!redact_url(url).contains("s3cret"), "{url}");
            assert!(!redact_url(url).contains("ss@"), "{url}");
        }
    }

    #[test]
    fn layers_defaults_file_and_environment_and_hides_tokens() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "mentorbot.toml",
                r#"
                [bot]
                default_locale = "fr"
                [discord]
                token = "file-token-123"
                guild_ids = [1, 2]
                "#,
            )?;
            jail.set_env("MENTORBOT__DATABASE__URL", "postgres://u:pw@h/db");
            jail.set_env("MENTORBOT__DISCORD__TOKEN", "env-token-456");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.database.url, "postgres://u:pw@h/db");
            assert_eq!(config.bot.default_locale, "fr");
            assert_eq!(config.bot.command_prefix, "!mentor");
            let discord = config.discord.as_ref().expect("discord table");
            assert_eq!(discord.token.expose_secret(), "env-token-456");
            assert_eq!(discord.guild_ids, vec![1, 2]);
            let debug = format!("{config:?}");
            assert!(!debug.contains("env-token-456"), "{debug}");
            assert!(!debug.contains("file-token-123"), "{debug}");
            assert!(!debug.contains(":pw@"), "{debug}");
            Ok(())
        });
    }

    #[test]
    fn metrics_listen_is_unset_by_default_and_read_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.http.metrics_listen, None);
            jail.set_env("MENTORBOT__HTTP__METRICS_LISTEN", "127.0.0.1:9100");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                config.http.metrics_listen.as_deref(),
                Some("127.0.0.1:9100")
            );
            Ok(())
        });
    }

    #[test]
    fn rejects_an_unknown_language_or_zone() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("MENTORBOT__BOT__DEFAULT_LOCALE", "de");
            let error = Config::load(None).expect_err("de is not supported");
            assert!(format!("{error:#}").contains("default_locale"));
            jail.set_env("MENTORBOT__BOT__DEFAULT_LOCALE", "en");
            jail.set_env("MENTORBOT__BOT__DEFAULT_TIMEZONE", "Mars/Base");
            assert!(Config::load(None).is_err());
            Ok(())
        });
    }
}
