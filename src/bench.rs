//! `mentorbot bench commands`: engine throughput for a realistic mix of
//! circle commands, beside the raw single-row insert transaction rate of the
//! same database measured in the same run. Prints `name: value unit` lines.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bot_core::metrics::Outcome;
use bot_core::{Actor, Engine, EngineConfig, Input, InputKind, Place, Store, SystemClock};

use crate::app::connect;

#[derive(Debug, Clone)]
pub struct CommandsBench {
    pub commands: usize,
    pub raw_inserts: usize,
    /// A server URL (its `postgres` database is used to create and drop a
    /// scratch database); `None` skips PostgreSQL.
    pub postgres_url: Option<String>,
}

/// A small deterministic generator, so every run issues the same mix.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

pub async fn run(options: &CommandsBench) -> Result<()> {
    let dir = tempfile::tempdir().context("creating a scratch directory")?;
    let sqlite_url = dir.path().join("bench.db").display().to_string();
    let store = connect(&sqlite_url, 8).await?;
    measure("sqlite", store, options).await?;

    if let Some(server) = &options.postgres_url {
        match ScratchPostgres::create(server).await {
            Ok(scratch) => {
                let store = connect(&scratch.url, 8).await?;
                let result = measure("postgres", store, options).await;
                scratch.drop_database().await?;
                result?;
            }
            Err(error) => println!("postgres_unavailable: {error:#}"),
        }
    }
    Ok(())
}

async fn measure(name: &str, store: Store, options: &CommandsBench) -> Result<()> {
    let raw = raw_insert_rate(&store, options.raw_inserts).await?;
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let (rate, refused) = command_rate(&engine, options.commands).await?;
    println!("{name}_raw_insert_tx_per_s: {raw:.0} tx/s");
    println!("{name}_commands_per_s: {rate:.0} commands/s");
    println!("{name}_commands_refused: {refused} commands");
    println!("{name}_commands_to_raw_ratio: {:.2} x", rate / raw);
    store.close().await;
    Ok(())
}

/// Single-row inserts, each its own transaction, one after another.
async fn raw_insert_rate(store: &Store, count: usize) -> Result<f64> {
    let started;
    match store {
        Store::Sqlite(pool) => {
            sqlx::query("CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL)")
                .execute(pool)
                .await?;
            started = Instant::now();
            for i in 0..count {
                sqlx::query("INSERT INTO bench_raw (payload, at) VALUES ($1, $2)")
                    .bind(format!("row {i}"))
                    .bind(i as i64)
                    .execute(pool)
                    .await?;
            }
        }
        Store::Postgres(pool) => {
            sqlx::query("CREATE TABLE bench_raw (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, at BIGINT NOT NULL)")
                .execute(pool)
                .await?;
            started = Instant::now();
            for i in 0..count {
                sqlx::query("INSERT INTO bench_raw (payload, at) VALUES ($1, $2)")
                    .bind(format!("row {i}"))
                    .bind(i as i64)
                    .execute(pool)
                    .await?;
            }
        }
    }
    Ok(count as f64 / started.elapsed().as_secs_f64())
}

fn input(member: usize, text: String) -> Input {
    Input {
        actor: Actor {
            user_id: format!("bench:{member}"),
            display_name: format!("member{member}"),
            platform_locale: None,
            platform_timezone: None,
            is_admin: member == 0,
        },
        place: Place {
            community_id: "bench:community".to_owned(),
            channel_id: "bench".to_owned(),
            thread_id: None,
        },
        kind: InputKind::Text(text),
        mentions: Vec::new(),
        prefix_optional: true,
    }
}

/// A community of 60 members and 20 circles, then a mix of what members do
/// most: list and look at circles (55%), join and leave them (35%), check
/// their settings (5%), and (admins) add people (4%) and create circles (1%).
async fn command_rate(engine: &Engine, count: usize) -> Result<(f64, u64)> {
    const MEMBERS: usize = 60;
    for member in 0..MEMBERS {
        engine
            .handle(input(member, "settings show".to_owned()))
            .await;
    }
    for circle in 0..20 {
        let line = format!("circle create \"Circle {circle}\" \"Topic {circle}\" capacity:40");
        engine.handle(input(0, line)).await;
    }
    let refused_before = engine.metrics().count(Outcome::Refused);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut created = 0;
    let started = Instant::now();
    for _ in 0..count {
        let member = rng.below(MEMBERS);
        let circle = rng.below(20);
        let (speaker, line) = match rng.below(100) {
            0..=29 => (member, "circle list".to_owned()),
            30..=54 => (member, format!("circle info Circle {circle}")),
            55..=74 => (member, format!("circle join Circle {circle}")),
            75..=89 => (member, format!("circle leave Circle {circle}")),
            90..=94 => (member, "settings show".to_owned()),
            95 => {
                created += 1;
                (
                    0,
                    format!("circle create \"New circle {created}\" capacity:12"),
                )
            }
            _ => (0, format!("circle add \"Circle {circle}\" member{member}")),
        };
        engine.handle(input(speaker, line)).await;
    }
    let elapsed = started.elapsed().max(Duration::from_micros(1));
    let refused = engine.metrics().count(Outcome::Refused) - refused_before;
    let failed = engine.metrics().count(Outcome::Failed);
    anyhow::ensure!(failed == 0, "{failed} commands failed during the benchmark");
    Ok((count as f64 / elapsed.as_secs_f64(), refused))
}

/// A throw-away PostgreSQL database for one benchmark run.
struct ScratchPostgres {
    admin: sqlx::PgPool,
    name: String,
    url: String,
}

impl ScratchPostgres {
    async fn create(server: &str) -> Result<Self> {
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
        let url = replace_database(server, &name);
        Ok(Self { admin, name, url })
    }

    async fn drop_database(self) -> Result<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&self.admin)
        .await?;
        Ok(())
    }
}

/// `postgres://u@h:5432/x?opt` with its database replaced by `name`.
pub fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|i| start + i))
        .unwrap_or(base.len());
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn replaces_only_the_database_name() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u:p@h/db?sslmode=disable", "y"),
            "postgres://u:p@h/y?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://h", "z"), "postgres://h/z");
    }
}
