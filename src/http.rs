//! The HTTP listener: `/healthz` and Prometheus `/metrics`.

use std::future::Future;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use bot_core::Engine;
use tokio::net::TcpListener;

pub fn router(engine: Engine) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
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
