//! `mentorbot bench commands`: engine throughput for a realistic mix of
//! circle commands, beside the raw single-row insert transaction rate of the
//! same database measured in the same run.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use bot_core::metrics::Outcome;
use bot_core::{Actor, Engine, EngineConfig, Input, InputKind, Place, Store, SystemClock};

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
    super::on_each_database(options.postgres_url.as_deref(), |name, store| {
        measure(name, store, options)
    })
    .await
}

/// Raw inserts and commands are measured in alternating rounds, so a
/// machine that speeds up or slows down during the run affects both alike.
const ROUNDS: usize = 5;

async fn measure(name: &str, store: Store, options: &CommandsBench) -> Result<()> {
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    create_raw_table(&store).await?;
    let mut mix = CommandMix::set_up(&engine).await;
    let (mut raw_time, mut command_time) = (Duration::ZERO, Duration::ZERO);
    let mut inserted = 0;
    for round in 0..ROUNDS {
        let inserts = options.raw_inserts / ROUNDS;
        raw_time += raw_inserts(&store, inserted, inserts).await?;
        inserted += inserts;
        let commands = options.commands / ROUNDS + usize::from(round < options.commands % ROUNDS);
        command_time += mix.run(&engine, commands).await;
    }
    let failed = engine.metrics().count(Outcome::Failed);
    anyhow::ensure!(failed == 0, "{failed} commands failed during the benchmark");
    let raw = inserted as f64 / raw_time.as_secs_f64();
    let rate = options.commands as f64 / command_time.as_secs_f64();
    let refused = engine.metrics().count(Outcome::Refused) - mix.refused_before;
    println!("{name}_raw_insert_tx_per_s: {raw:.0} tx/s");
    println!("{name}_commands_per_s: {rate:.0} commands/s");
    println!("{name}_commands_refused: {refused} commands");
    println!("{name}_commands_to_raw_ratio: {:.2} x", rate / raw);
    store.close().await;
    Ok(())
}

pub(crate) async fn create_raw_table(store: &Store) -> Result<()> {
    let ddl = match store {
        Store::Sqlite(_) => {
            "CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL)"
        }
        Store::Postgres(_) => {
            "CREATE TABLE bench_raw (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, at BIGINT NOT NULL)"
        }
    };
    match store {
        Store::Sqlite(pool) => {
            sqlx::query(ddl).execute(pool).await?;
        }
        Store::Postgres(pool) => {
            sqlx::query(ddl).execute(pool).await?;
        }
    }
    Ok(())
}

/// Single-row inserts, each its own transaction, one after another.
pub(crate) async fn raw_inserts(store: &Store, first: usize, count: usize) -> Result<Duration> {
    let started = Instant::now();
    for i in first..first + count {
        let payload = format!("row {i}");
        let at = i as i64;
        let sql = "INSERT INTO bench_raw (payload, at) VALUES ($1, $2)";
        match store {
            Store::Sqlite(pool) => {
                sqlx::query(sql)
                    .bind(payload)
                    .bind(at)
                    .execute(pool)
                    .await?;
            }
            Store::Postgres(pool) => {
                sqlx::query(sql)
                    .bind(payload)
                    .bind(at)
                    .execute(pool)
                    .await?;
            }
        }
    }
    Ok(started.elapsed())
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
        files: Vec::new(),
    }
}

/// A community of 60 members and 20 circles of 10, then a mix of what
/// members do most: list and look at circles (55%), join and leave them
/// (35%), check their settings (5%), and (admins) add people (4%) and create
/// circles (1%). Like real members, they mostly join circles they are not in
/// and leave circles they are in; one in ten tries is a mistake (a circle
/// they are already in, or not in), which the bot refuses.
struct CommandMix {
    rng: Rng,
    created: usize,
    refused_before: u64,
    /// Which circles each member is in, as the bot confirmed.
    member_of: Vec<Vec<bool>>,
}

impl CommandMix {
    const MEMBERS: usize = 60;
    const CIRCLES: usize = 20;

    async fn set_up(engine: &Engine) -> Self {
        for member in 0..Self::MEMBERS {
            engine
                .handle(input(member, "settings show".to_owned()))
                .await;
        }
        for circle in 0..Self::CIRCLES {
            let line = format!("circle create \"Circle {circle}\" \"Topic {circle}\" capacity:10");
            engine.handle(input(0, line)).await;
        }
        Self {
            rng: Rng(0x2545_f491_4f6c_dd1d),
            created: 0,
            refused_before: engine.metrics().count(Outcome::Refused),
            member_of: vec![vec![false; Self::CIRCLES]; Self::MEMBERS],
        }
    }

    /// A circle `member` is in (`want == true`) or not in, if there is one;
    /// one time in ten any circle (a mistake).
    fn pick(&mut self, member: usize, want: bool) -> usize {
        let any = self.rng.below(Self::CIRCLES);
        if self.rng.below(10) == 0 {
            return any;
        }
        let matching: Vec<usize> = (0..Self::CIRCLES)
            .filter(|&c| self.member_of[member][c] == want)
            .collect();
        if matching.is_empty() {
            any
        } else {
            matching[self.rng.below(matching.len())]
        }
    }

    async fn run(&mut self, engine: &Engine, count: usize) -> Duration {
        let started = Instant::now();
        for _ in 0..count {
            let member = self.rng.below(Self::MEMBERS);
            let roll = self.rng.below(100);
            let (speaker, line, change) = match roll {
                0..=29 => (member, "circle list".to_owned(), None),
                30..=54 => {
                    let circle = self.rng.below(Self::CIRCLES);
                    (member, format!("circle info Circle {circle}"), None)
                }
                55..=74 => {
                    let circle = self.pick(member, false);
                    let line = format!("circle join Circle {circle}");
                    (member, line, Some((member, circle, true)))
                }
                75..=89 => {
                    let circle = self.pick(member, true);
                    let line = format!("circle leave Circle {circle}");
                    (member, line, Some((member, circle, false)))
                }
                90..=94 => (member, "settings show".to_owned(), None),
                95 => {
                    self.created += 1;
                    let name = format!("New circle {}", self.created);
                    (0, format!("circle create \"{name}\" capacity:12"), None)
                }
                _ => {
                    let circle = self.pick(member, false);
                    let line = format!("circle add \"Circle {circle}\" member{member}");
                    (0, line, Some((member, circle, true)))
                }
            };
            let refused = engine.metrics().count(Outcome::Refused);
            engine.handle(input(speaker, line)).await;
            if let Some((member, circle, joined)) = change
                && engine.metrics().count(Outcome::Refused) == refused
            {
                self.member_of[member][circle] = joined;
            }
        }
        started.elapsed()
    }
}
