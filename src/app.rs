//! Building the engine from configuration, and `mentorbot run`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
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

/// `mentorbot run`: the HTTP listener, the configured platform, or the local
/// console when no platform is configured.
pub async fn run(config: Config) -> Result<()> {
    if config.matrix.is_some() && !matrix_adapter::AVAILABLE {
        bail!("[matrix] is configured, but this build has no Matrix adapter yet");
    }
    let engine = build(&config, None).await?;
    let discord = match &config.discord {
        Some(discord) => Some(
            discord_adapter::Discord::new(engine.clone(), discord.clone(), Arc::new(SystemClock))
                .context("setting up Discord")?,
        ),
        None => None,
    };
    let http_mode = config
        .discord
        .as_ref()
        .is_some_and(|d| d.mode == discord_adapter::DiscordMode::Http);
    let (stop_tx, mut stop_rx) = watch::channel(false);
    let http = if config.http.enabled || http_mode {
        let listener = tokio::net::TcpListener::bind(&config.http.listen)
            .await
            .with_context(|| format!("listening on {}", config.http.listen))?;
        let mut router = crate::http::router(engine.clone());
        if let (true, Some(discord)) = (http_mode, &discord) {
            router = router.merge(discord.endpoint()?);
            tracing::info!(
                path = discord_adapter::endpoint::PATH,
                "Discord interactions endpoint ready"
            );
        }
        tracing::info!(address = %config.http.listen, "HTTP listener ready");
        let mut rx = stop_tx.subscribe();
        let shutdown = async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        Some(tokio::spawn(crate::http::serve(listener, router, shutdown)))
    } else {
        None
    };

    let result = match &discord {
        Some(discord) => run_discord(&engine, discord, http_mode, config.scheduler()?).await,
        None => {
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
        }
    };
    let _ = stop_tx.send(true);
    if let Some(http) = http {
        http.await.context("HTTP task panicked")??;
    }
    engine.store().close().await;
    result
}

/// Discord: commands registered, the scheduler delivering through REST, and
/// the gateway (or, in HTTP mode, the listener alone) until a signal.
async fn run_discord(
    engine: &Engine,
    discord: &discord_adapter::Discord,
    http_mode: bool,
    scheduler: bot_core::SchedulerConfig,
) -> Result<()> {
    discord.register_commands().await?;
    let scheduler = bot_core::Scheduler::new(
        engine.clone(),
        Arc::new(discord.delivery()),
        format!("discord-{}", std::process::id()),
        scheduler,
    );
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(async move {
        let mut stopped = stopped;
        scheduler
            .run_until_stopped(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            })
            .await;
    });
    let result = if http_mode {
        shutdown_signal().await;
        Ok(())
    } else {
        discord.run_gateway(shutdown_signal()).await
    };
    let _ = stop.send(true);
    worker.await.context("the scheduler task failed")?;
    result
}
