//! Benchmarks that print `name: value unit` lines. Run them from a release
//! build: `cargo run --release -- bench commands|scheduler|polls|pulses|rounds|matching|matrix`.

pub mod commands;
pub mod matching;
#[cfg(feature = "testkit")]
pub mod matrix;
pub mod polls;
pub mod pulses;
pub mod rounds;
pub mod scheduler;

use std::time::Duration;

use anyhow::{Context, Result};

/// Runs `measure` on a scratch SQLite file, then on a scratch PostgreSQL
/// database when a server is given (saying so when it is unreachable).
pub(crate) async fn on_each_database<F, Fut>(
    postgres_url: Option<&str>,
    mut measure: F,
) -> Result<()>
where
    F: FnMut(&'static str, bot_core::Store) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let dir = tempfile::tempdir().context("creating a scratch directory")?;
    let sqlite_url = dir.path().join("bench.db").display().to_string();
    measure("sqlite", crate::app::connect(&sqlite_url, None).await?).await?;
    if let Some(server) = postgres_url {
        match ScratchPostgres::create(server).await {
            Ok(scratch) => {
                let store = crate::app::connect(&scratch.url, None).await?;
                let result = measure("postgres", store).await;
                scratch.drop_database().await?;
                result?;
            }
            Err(error) => println!("postgres_unavailable: {error:#}"),
        }
    }
    Ok(())
}

/// The real scheduler loop on its own task, until `true` is sent on the
/// returned channel (then await the handle).
pub(crate) fn run_in_background(
    scheduler: &bot_core::Scheduler,
) -> (
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<()>,
) {
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let scheduler = scheduler.clone();
    let worker = tokio::spawn(async move {
        scheduler
            .run_until_stopped(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
    });
    (stop, worker)
}

/// A throw-away PostgreSQL database for one benchmark run.
pub(crate) struct ScratchPostgres {
    admin: sqlx::PgPool,
    name: String,
    pub(crate) url: String,
}

impl ScratchPostgres {
    pub(crate) async fn create(server: &str) -> Result<Self> {
        let admin = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect(server)
            .await
            .context("connecting to PostgreSQL")?;
        let name = format!("mentorbot_bench_{}", std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .execute(&admin)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await?;
        let url = bot_core::store::with_database_name(server, &name);
        Ok(Self { admin, name, url })
    }

    pub(crate) async fn drop_database(self) -> Result<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&self.admin)
        .await?;
        Ok(())
    }
}
