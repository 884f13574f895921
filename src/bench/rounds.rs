//! `mentorbot bench rounds`: thousands of live rounds in flight at once,
//! with phases of one minute, run by the real scheduler on the system clock
//! while members add `round note`s through the engine.
//!
//! Prints: phase-change lateness p50/p99 (from the end a phase was due to
//! the announcement of the next), the `round note` rate beside the raw
//! single-row insert rate of the same database, and peak RSS.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bot_core::domain::circle::{CircleKind, Role};
use bot_core::store::{
    ClockChange, NewCircle, NewRound, PersonRole, RoundEvent, RoundMode, RoundState,
};
use bot_core::{
    Actor, Clock, Delivery, DeliveryError, Engine, EngineConfig, Input, InputKind, MessageKey,
    Outgoing, Place, Scheduler, SchedulerConfig, Store, SystemClock,
};

#[derive(Debug, Clone)]
pub struct RoundsBench {
    pub rounds: usize,
    /// How long the scheduler runs the rounds.
    pub run: Duration,
    pub notes: usize,
    pub raw_inserts: usize,
    pub postgres_url: Option<String>,
}

const COMMUNITY: &str = "bench:community";
const PHASE_MS: i64 = 60_000;
/// Four phases of one minute, everyone speaking.
const DEFINITION: &str =
    "size 3-3; One 1 everyone; Two 1 everyone ideas; Three 1 everyone; Four 1 everyone";

pub async fn run(options: &RoundsBench) -> Result<()> {
    super::on_each_database(options.postgres_url.as_deref(), |name, store| {
        measure(name, store, options)
    })
    .await?;
    println!(
        "peak_rss: {:.1} MB",
        super::scheduler::peak_rss_kib()? as f64 / 1024.0
    );
    Ok(())
}

/// When each round's current phase was due to end; a phase change's
/// lateness is its announcement's arrival minus that.
#[derive(Default)]
struct Stopwatch {
    due: Mutex<HashMap<i64, i64>>,
    lateness: Mutex<Vec<i64>>,
}

impl Delivery for Stopwatch {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        Box::pin(async move {
            let now = SystemClock.now().timestamp_millis();
            if let Some(MessageKey::RoundEvent { round, .. }) = outgoing
                .idempotency_key
                .as_deref()
                .and_then(MessageKey::decode)
            {
                let mut due = self.due.lock().expect("lock");
                if let Some(expected) = due.get_mut(&round) {
                    self.lateness.lock().expect("lock").push(now - *expected);
                    *expected = now + PHASE_MS;
                }
            }
            Ok(())
        })
    }
}

fn member(round: usize, seat: usize) -> String {
    format!("bench:{round}:{seat}")
}

fn note_input(user_id: String, text: String) -> Input {
    Input {
        actor: Actor {
            display_name: user_id.clone(),
            user_id,
            platform_locale: None,
            platform_timezone: None,
            is_admin: false,
        },
        place: Place {
            community_id: COMMUNITY.to_owned(),
            channel_id: "bench".to_owned(),
            thread_id: None,
        },
        kind: InputKind::Text(text),
        mentions: Vec::new(),
        prefix_optional: true,
        files: Vec::new(),
    }
}

async fn measure(name: &str, store: Store, options: &RoundsBench) -> Result<()> {
    super::commands::create_raw_table(&store).await?;
    let raw_time = super::commands::raw_inserts(&store, 0, options.raw_inserts).await?;
    let raw = options.raw_inserts as f64 / raw_time.as_secs_f64();
    println!("{name}_raw_insert_tx_per_s: {raw:.0} tx/s");

    // Rounds of three; once all exist, their first phases are set to end
    // spread over the coming minute.
    let set_up = Instant::now();
    let now = SystemClock.now();
    let parked = now.timestamp_millis() + 86_400_000;
    let stopwatch = Arc::new(Stopwatch::default());
    let mut ids = Vec::with_capacity(options.rounds);
    for i in 0..options.rounds {
        for seat in 0..3 {
            store
                .upsert_member(COMMUNITY, &member(i, seat), &member(i, seat), None, now)
                .await?;
        }
        let circle_name = format!("bench circle {i}");
        let circle = store
            .create_circle(&NewCircle {
                community_id: COMMUNITY,
                name: &circle_name,
                name_key: &circle_name,
                topic: None,
                kind: CircleKind::Peer,
                capacity: 3,
                created_by: "bench",
                created_at: now,
            })
            .await?
            .context("creating a circle")?;
        for seat in 0..3 {
            store
                .add_circle_member(&circle, &member(i, seat), Role::Peer, now)
                .await?;
        }
        let end = parked;
        let first = ClockChange {
            state: RoundState::Running,
            rotations: 1,
            rotation: 0,
            phase: 0,
            phase_started_at: Some(end - PHASE_MS),
            phase_ends_at: Some(end),
            warned: true,
            remaining_ms: None,
            event: RoundEvent::Started,
            ended_at: None,
            due: Some(end),
        };
        let people: Vec<_> = (0..3)
            .map(|seat| {
                (
                    member(i, seat),
                    PersonRole::Participant,
                    (seat == 0).then_some(0),
                )
            })
            .collect();
        let id = store
            .create_round(
                &NewRound {
                    community_id: COMMUNITY,
                    circle_id: circle.id,
                    channel_id: "bench",
                    protocol: "bench",
                    protocol_name: Some("Bench"),
                    definition: Some(DEFINITION),
                    mode: RoundMode::Live,
                    pace_ms: PHASE_MS,
                    starts_at: now,
                    asked_case_giver: None,
                    started_by: "bench",
                    created_at: now,
                },
                &people,
                &first,
            )
            .await?;
        ids.push(id);
    }
    println!(
        "{name}_set_up: {} rounds in {:.1} s",
        options.rounds,
        set_up.elapsed().as_secs_f64()
    );
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    // The command's own rate, before the rounds' clocks start.
    let idle_rate = add_notes(&engine, options.notes, options.rounds, 0).await?;
    println!("{name}_round_note_per_s: {idle_rate:.0} notes/s");
    println!("{name}_round_note_to_raw_ratio: {:.2} x", idle_rate / raw);

    let base = SystemClock.now().timestamp_millis() + 5_000;
    let count = options.rounds.max(1) as i64;
    let first_id = ids.first().copied().unwrap_or(1);
    let offset = |id: i64| (id - first_id) * PHASE_MS / count;
    schedule_first_ends(&store, base, first_id, count).await?;
    {
        let mut due = stopwatch.due.lock().expect("lock");
        for id in &ids {
            due.insert(*id, base + offset(*id));
        }
    }

    let scheduler = Scheduler::new(
        engine.clone(),
        stopwatch.clone(),
        format!("bench-{name}"),
        SchedulerConfig::default(),
    );
    let (stop, worker) = super::run_in_background(&scheduler);

    // And while the rounds run, the scheduler moving them on.
    let began = Instant::now();
    let busy_rate = add_notes(&engine, options.notes, options.rounds, options.notes).await?;
    println!("{name}_round_note_while_running_per_s: {busy_rate:.0} notes/s");

    let left = options.run.saturating_sub(began.elapsed());
    tokio::time::sleep(left).await;
    let _ = stop.send(true);
    worker.await.context("scheduler task")?;

    let mut lateness = stopwatch.lateness.lock().expect("lock").clone();
    anyhow::ensure!(!lateness.is_empty(), "no phase changed");
    lateness.sort_unstable();
    let pick = |q: f64| lateness[((lateness.len() as f64 - 1.0) * q).round() as usize];
    println!("{name}_rounds_in_flight: {} rounds", options.rounds);
    println!("{name}_phase_changes: {} changes", lateness.len());
    println!("{name}_phase_change_lateness_p50: {} ms", pick(0.50));
    println!("{name}_phase_change_lateness_p99: {} ms", pick(0.99));
    store.close().await;
    Ok(())
}

/// Sets every round's first phase to end at `base` plus its share of a
/// minute, and its job with it (the bench's own shortcut past set-up time).
async fn schedule_first_ends(store: &Store, base: i64, first_id: i64, count: i64) -> Result<()> {
    let rounds = "UPDATE rounds SET phase_ends_at = $1 + (id - $2) * 60000 / $3,
                         phase_started_at = $1 + (id - $2) * 60000 / $3 - 60000";
    let jobs =
        "UPDATE jobs SET due_at = (SELECT phase_ends_at FROM rounds WHERE rounds.id = jobs.ref_id)
                WHERE kind = 'round'";
    match store {
        Store::Sqlite(pool) => {
            sqlx::query(rounds)
                .bind(base)
                .bind(first_id)
                .bind(count)
                .execute(pool)
                .await?;
            sqlx::query(jobs).execute(pool).await?;
        }
        Store::Postgres(pool) => {
            sqlx::query(rounds)
                .bind(base)
                .bind(first_id)
                .bind(count)
                .execute(pool)
                .await?;
            sqlx::query(jobs).execute(pool).await?;
        }
    }
    Ok(())
}

/// `count` `round note` commands through the engine, spread over the
/// rounds' participants; the rate per second.
async fn add_notes(engine: &Engine, count: usize, rounds: usize, first: usize) -> Result<f64> {
    let began = Instant::now();
    for k in first..first + count {
        let round = k % rounds.max(1);
        let out = engine
            .handle(note_input(
                member(round, 1 + k % 2),
                format!("round note idea number {k}"),
            ))
            .await;
        anyhow::ensure!(
            out.iter().any(|o| o.message.text.contains("Noted")),
            "a note was refused: {:?}",
            out.first().map(|o| &o.message.text)
        );
    }
    Ok(count as f64 / began.elapsed().as_secs_f64())
}
