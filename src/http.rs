//! The HTTP listener: `/healthz` and Prometheus `/metrics`, and Discord's
//! interactions endpoint in its HTTP mode. With `http.metrics_listen`,
//! `/metrics` is served only on that second listener, so it can stay off
//! the public one.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use bot_core::Engine;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::HttpConfig;

/// `/healthz` and `/metrics` together.
pub fn router(engine: Engine) -> Router {
    health_router(engine.clone()).merge(metrics_router(engine))
}

pub fn health_router(engine: Engine) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(engine)
}

pub fn metrics_router(engine: Engine) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(engine)
}

async fn healthz(State(engine): State<Engine>) -> impl IntoResponse {
    if engine.scheduler_status() == bot_core::SchedulerStatus::Restarting {
        tracing::warn!("health check: the scheduler is not running");
        return (StatusCode::SERVICE_UNAVAILABLE, "scheduler not running\n");
    }
    match engine.store().ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::warn!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}

async fn metrics(State(engine): State<Engine>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        engine.metrics().render(),
    )
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
        .context("HTTP listener failed")
}

/// The listeners of `mentorbot run`, serving until the shutdown given to
/// [`start`].
#[derive(Debug)]
pub struct Listening {
    /// `http.listen`, as bound (a port 0 resolved).
    pub addr: SocketAddr,
    /// `http.metrics_listen`, when set.
    pub metrics_addr: Option<SocketAddr>,
    tasks: Vec<JoinHandle<Result<()>>>,
}

impl Listening {
    /// Waits for every listener to finish after the shutdown.
    pub async fn stopped(self) -> Result<()> {
        for task in self.tasks {
            task.await.context("HTTP task panicked")??;
        }
        Ok(())
    }
}

/// Binds `http.listen` for `/healthz`, the `extra` routes (Discord's
/// endpoint) and `/metrics`, unless `http.metrics_listen` is set: then
/// `/metrics` is only served there. Both stop when `shutdown` resolves.
pub async fn start(
    config: &HttpConfig,
    engine: Engine,
    extra: Option<Router>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<Listening> {
    let bind = |address: String| async move {
        let listener = TcpListener::bind(&address)
            .await
            .with_context(|| format!("listening on {address}"))?;
        let bound = listener.local_addr().context("the listener's address")?;
        anyhow::Ok((listener, bound))
    };
    let (main, addr) = bind(config.listen.clone()).await?;
    let separate = match &config.metrics_listen {
        Some(address) => Some(bind(address.clone()).await?),
        None => None,
    };
    let mut router = match separate {
        Some(_) => health_router(engine.clone()),
        None => router(engine.clone()),
    };
    if let Some(extra) = extra {
        router = router.merge(extra);
    }

    let (stop, stopped) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop.send(true);
    });
    let until_stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    tracing::info!(address = %addr, "HTTP listener ready");
    let mut tasks = vec![tokio::spawn(serve(
        main,
        router,
        until_stopped(stopped.clone()),
    ))];
    let metrics_addr = match separate {
        Some((listener, bound)) => {
            tracing::info!(address = %bound, "metrics listener ready");
            tasks.push(tokio::spawn(serve(
                listener,
                metrics_router(engine),
                until_stopped(stopped),
            )));
            Some(bound)
        }
        None => None,
    };
    Ok(Listening {
        addr,
        metrics_addr,
        tasks,
    })
}
