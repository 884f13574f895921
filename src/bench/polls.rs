//! `mentorbot bench polls`: the time to record 100 000 votes across 1 000
//! polls (each vote a `poll vote` command through the engine), and the time
//! to compute one poll's results (text and chart) with 100 000 votes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use bot_core::metrics::Outcome;
use bot_core::{Actor, Engine, EngineConfig, Input, InputKind, Place, Store, SystemClock};

#[derive(Debug, Clone)]
pub struct PollsBench {
    pub polls: usize,
    pub votes: usize,
    pub big_poll_votes: i64,
    pub postgres_url: Option<String>,
}

pub async fn run(options: &PollsBench) -> Result<()> {
    super::on_each_database(options.postgres_url.as_deref(), |name, store| {
        measure(name, store, options)
    })
    .await
}

fn input(user: usize, text: String) -> Input {
    Input {
        actor: Actor {
            user_id: format!("bench:{user}"),
            display_name: format!("voter{user}"),
            platform_locale: None,
            platform_timezone: None,
            is_admin: user == 0,
        },
        place: Place {
            community_id: "bench".to_owned(),
            channel_id: "polls".to_owned(),
            thread_id: None,
        },
        kind: InputKind::Text(text),
        mentions: Vec::new(),
        prefix_optional: true,
        files: Vec::new(),
    }
}

async fn measure(name: &str, store: Store, options: &PollsBench) -> Result<()> {
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    for _ in 0..options.polls {
        let line = r#"poll create "Benchmark?" "One" "Two" "Three" "Four""#.to_owned();
        engine.handle(input(0, line)).await;
    }
    let voters = options.votes.div_ceil(options.polls).max(1);
    let started = Instant::now();
    for i in 0..options.votes {
        let poll = i % options.polls + 1;
        let voter = i / options.polls % voters + 1;
        let line = format!("poll vote {poll} {}", i % 4 + 1);
        engine.handle(input(voter, line)).await;
    }
    let elapsed = started.elapsed();
    let failed = engine.metrics().count(Outcome::Failed) + engine.metrics().count(Outcome::Refused);
    anyhow::ensure!(failed == 0, "{failed} votes were not recorded");
    println!(
        "{name}_record_votes: {:.2} s for {} votes across {} polls",
        elapsed.as_secs_f64(),
        options.votes,
        options.polls
    );
    println!(
        "{name}_votes_per_s: {:.0} votes/s",
        options.votes as f64 / elapsed.as_secs_f64()
    );

    // One poll with many votes, written in bulk.
    engine
        .handle(input(
            0,
            r#"poll create "Big?" "One" "Two" "Three" "Four""#.to_owned(),
        ))
        .await;
    let big = options.polls as i64 + 1;
    let sql = "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $2)
               INSERT INTO poll_votes (poll_id, voter, position) SELECT $1, 'v' || i, i % 4 + 1 FROM seq";
    // The bulk insert bypasses the vote transaction: set the voter count it keeps.
    let voters = "UPDATE polls SET voters = $2 WHERE id = $1";
    macro_rules! fill {
        ($pool:expr) => {{
            sqlx::query(sql)
                .bind(big)
                .bind(options.big_poll_votes)
                .execute($pool)
                .await?;
            sqlx::query(voters)
                .bind(big)
                .bind(options.big_poll_votes)
                .execute($pool)
                .await?;
        }};
    }
    match &store {
        Store::Sqlite(pool) => fill!(pool),
        Store::Postgres(pool) => {
            fill!(pool);
            sqlx::query("VACUUM ANALYZE poll_votes")
                .execute(pool)
                .await?;
        }
    }
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let out = engine.handle(input(0, format!("poll results {big}"))).await;
        times.push(started.elapsed());
        anyhow::ensure!(
            out.first().is_some_and(|o| o.message.image.is_some()),
            "no chart in the results"
        );
    }
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}_results_{}_votes_median: {:.1} ms",
        options.big_poll_votes,
        ms(times[times.len() / 2])
    );
    println!(
        "{name}_results_{}_votes_max: {:.1} ms",
        options.big_poll_votes,
        ms(times[times.len() - 1])
    );
    store.close().await;
    Ok(())
}
