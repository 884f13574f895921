//! Building the engine from configuration, and `mentorbot run`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use bot_core::i18n::Text;
use bot_core::{Engine, Store, StoreOptions, SystemClock};
use tokio::sync::watch;

use crate::config::{Config, redact_url};
use crate::console::ConsoleOptions;

pub async fn connect(url: &str, max_connections: Option<u32>) -> Result<Store> {
    let options = StoreOptions {
        max_connections,
        ..StoreOptions::default()
    };
    Store::connect(url, &options)
        .await
        .with_context(|| format!("opening the database {}", redact_url(url)))
}

pub async fn build(config: &Config, database_url: Option<&str>) -> Result<Engine> {
    let url = database_url.unwrap_or(&config.database.url);
    let store = connect(url, config.database.max_connections).await?;
    let mut engine_config = config.engine()?;
    engine_config.poll_secret = poll_secret(std::path::Path::new(&config.polls.secret_file))?;
    Ok(Engine::new(store, Arc::new(SystemClock), engine_config))
}

/// Reads the anonymous-poll key, creating it on first use.
fn poll_secret(path: &std::path::Path) -> Result<bot_core::PollSecret> {
    if let Ok(bytes) = std::fs::read(path) {
        anyhow::ensure!(
            bytes.len() >= 16,
            "{} is too short to be a key",
            path.display()
        );
        return Ok(bot_core::PollSecret::new(&bytes));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut bytes = [0u8; 32];
    std::io::Read::read_exact(
        &mut std::fs::File::open("/dev/urandom").context("opening /dev/urandom")?,
        &mut bytes,
    )
    .context("reading /dev/urandom")?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    std::io::Write::write_all(&mut file, &bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(bot_core::PollSecret::new(&bytes))
}

/// rustls 0.23 is built with two crypto providers here (matrix-sdk's and
/// serenity's dependencies each enable one), so a TLS client that names none
/// would panic: choose one, once, before any connection.
pub fn install_tls_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Sends each scheduled message through the platform its community is on.
struct PlatformDelivery {
    discord: Option<discord_adapter::DiscordDelivery>,
    matrix: Option<matrix_adapter::MatrixDelivery>,
}

impl bot_core::Delivery for PlatformDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a bot_core::Outgoing,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), bot_core::DeliveryError>> + Send + 'a>>
    {
        let community = outgoing.target.community_id().unwrap_or_default();
        match (community.split(':').next(), &self.discord, &self.matrix) {
            (Some("discord"), Some(discord), _) => discord.deliver(outgoing),
            (Some("matrix"), _, Some(matrix)) => matrix.deliver(outgoing),
            _ => {
                let why = format!("no platform configured for community {community:?}");
                Box::pin(async move { Err(bot_core::DeliveryError::Rejected(why)) })
            }
        }
    }
}

/// `mentorbot run`: the HTTP listener, the configured platforms, or the
/// local console when no platform is configured.
pub async fn run(config: Config) -> Result<()> {
    let engine = build(&config, None).await?;
    let discord = match &config.discord {
        Some(discord) => Some(
            discord_adapter::Discord::new(engine.clone(), discord.clone(), Arc::new(SystemClock))
                .context("setting up Discord")?,
        ),
        None => None,
    };
    let matrix = match &config.matrix {
        Some(matrix) => Some(
            matrix_adapter::Matrix::connect(engine.clone(), matrix.clone(), Arc::new(SystemClock))
                .await
                .context("setting up Matrix")?,
        ),
        None => None,
    };
    let http_mode = config
        .discord
        .as_ref()
        .is_some_and(|d| d.mode == discord_adapter::DiscordMode::Http);
    let (stop_tx, mut stop_rx) = watch::channel(false);
    let http = if config.http.enabled || http_mode {
        let endpoint = match (http_mode, &discord) {
            (true, Some(discord)) => Some(discord.endpoint()?),
            _ => None,
        };
        let with_endpoint = endpoint.is_some();
        let mut rx = stop_tx.subscribe();
        let shutdown = async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        let listening =
            crate::http::start(&config.http, engine.clone(), endpoint, shutdown).await?;
        if with_endpoint {
            tracing::info!(
                path = discord_adapter::endpoint::PATH,
                "Discord interactions endpoint ready"
            );
        }
        Some(listening)
    } else {
        None
    };

    let result = if discord.is_some() || matrix.is_some() {
        run_platforms(
            &engine,
            discord.as_ref(),
            http_mode,
            matrix.as_ref(),
            config.scheduler()?,
        )
        .await
    } else {
        let locale = engine.config().default_locale;
        eprintln!(
            "{}",
            engine.i18n().render(locale, &Text::new("run-no-platform"))
        );
        let options = ConsoleOptions {
            locale: None,
            timezone: None,
            linger: None,
            image_dir: PathBuf::from("data/images"),
            interactive: std::io::stdin().is_terminal(),
        };
        tokio::select! {
            result = crate::console::run_with_scheduler(&engine, options, config.scheduler()?) => result,
            _ = stop_rx.wait_for(|stop| *stop) => Ok(()),
        }
    };
    let _ = stop_tx.send(true);
    if let Some(http) = http {
        http.stopped().await?;
    }
    engine.store().close().await;
    result
}

/// The platforms: Discord's commands registered, the scheduler delivering
/// through each, Discord's gateway (unless in HTTP mode) and Matrix's sync,
/// until a signal.
async fn run_platforms(
    engine: &Engine,
    discord: Option<&discord_adapter::Discord>,
    http_mode: bool,
    matrix: Option<&matrix_adapter::Matrix>,
    scheduler: bot_core::SchedulerConfig,
) -> Result<()> {
    if let Some(discord) = discord {
        discord.register_commands().await?;
    }
    let delivery = PlatformDelivery {
        discord: discord.map(discord_adapter::Discord::delivery),
        matrix: matrix.map(matrix_adapter::Matrix::delivery),
    };
    let scheduler = bot_core::Scheduler::new(
        engine.clone(),
        Arc::new(delivery),
        bot_core::scheduler::unique_owner("bot"),
        scheduler,
    );
    let (stop, stopped) = watch::channel(false);
    let mut stopped_scheduler = stopped.clone();
    let worker = tokio::spawn(async move {
        scheduler
            .run_supervised(async move {
                let _ = stopped_scheduler.wait_for(|stop| *stop).await;
            })
            .await;
    });
    let until_stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let gateway = async {
        match discord {
            Some(discord) if !http_mode => {
                discord.run_gateway(until_stopped(stopped.clone())).await
            }
            // Nothing to run: wait with the others.
            _ => {
                until_stopped(stopped.clone()).await;
                Ok(())
            }
        }
    };
    let sync = async {
        match matrix {
            Some(matrix) => matrix.run(until_stopped(stopped.clone())).await,
            None => {
                until_stopped(stopped.clone()).await;
                Ok(())
            }
        }
    };
    let platforms = async { tokio::try_join!(gateway, sync).map(|_| ()) };
    let result = tokio::select! {
        result = platforms => result,
        () = shutdown_signal() => Ok(()),
    };
    let _ = stop.send(true);
    worker.await.context("the scheduler task failed")?;
    result
}
