//! `mentorbot bench scheduler`: a million pending reminders, then the real
//! scheduler (system clock, `run_until_stopped`) firing jobs due now and
//! jobs due during the run, then ten idle seconds.
//!
//! Prints: bulk insert rate, fire throughput, firing lateness p50/p99 for
//! jobs due during the run, peak RSS, and CPU used while idle.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bot_core::{
    Delivery, DeliveryError, Engine, EngineConfig, Outgoing, Scheduler, SchedulerConfig, Store,
    SystemClock,
};
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub struct SchedulerBench {
    pub pending: i64,
    /// Jobs already due when the scheduler starts (throughput).
    pub due_now: i64,
    /// Jobs falling due while it runs (lateness).
    pub due_during: i64,
    /// Over how long the `due_during` jobs are spread.
    pub spread: Duration,
    pub idle: Duration,
    pub postgres_url: Option<String>,
}

pub async fn run(options: &SchedulerBench) -> Result<()> {
    super::on_each_database(options.postgres_url.as_deref(), |name, store| {
        measure(name, store, options)
    })
    .await?;
    println!("peak_rss: {:.1} MB", peak_rss_kib()? as f64 / 1024.0);
    Ok(())
}

/// Records when each job's message arrives; its text carries its due time.
#[derive(Default)]
struct Stopwatch {
    arrivals: Mutex<Vec<(i64, i64)>>,
    expected: Mutex<usize>,
    all_in: Notify,
}

impl Delivery for Stopwatch {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        Box::pin(async move {
            let now = bot_core::Clock::now(&SystemClock).timestamp_millis();
            let due = outgoing
                .message
                .text
                .split("due=")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(now);
            let mut arrivals = self.arrivals.lock().expect("lock");
            arrivals.push((due, now));
            if arrivals.len() >= *self.expected.lock().expect("lock") {
                self.all_in.notify_one();
            }
            Ok(())
        })
    }
}

/// Inserts `count` reminders with their jobs, `batch` rows per transaction,
/// due `first_due + i * step` milliseconds.
async fn bulk_insert(store: &Store, count: i64, first_due: i64, step: i64) -> Result<()> {
    const BATCH: i64 = 20_000;
    let now = bot_core::Clock::now(&SystemClock).timestamp_millis();
    let mut done = 0;
    while done < count {
        let n = BATCH.min(count - done);
        let reminders =
            "WITH RECURSIVE seq(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM seq WHERE i < $2)
             INSERT INTO reminders (community_id, creator_id, recipient_kind, recipient_id, body,
                                    timezone, state, created_at)
             SELECT 'bench', 'bench:u', 'member', 'bench:u', 'due=' || ($3 + i * $4), 'UTC',
                    'active', $5
             FROM seq";
        let jobs = "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
             SELECT 'reminder', id, $1 + (id - $2 - 1) * $3, 'pending', $4 FROM reminders WHERE id > $2";
        macro_rules! insert {
            ($tx:expr) => {{
                let mut tx = $tx;
                let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM reminders")
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query(reminders)
                    .bind(done)
                    .bind(done + n - 1)
                    .bind(first_due)
                    .bind(step)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                // Reminder ids are consecutive within the batch: due times follow them.
                sqlx::query(jobs)
                    .bind(first_due + done * step)
                    .bind(before)
                    .bind(step)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }};
        }
        match store {
            // Take the write lock up front: the scheduler writes meanwhile.
            Store::Sqlite(pool) => insert!(pool.begin_with("BEGIN IMMEDIATE").await?),
            Store::Postgres(pool) => insert!(pool.begin().await?),
        }
        done += n;
    }
    Ok(())
}

async fn measure(name: &str, store: Store, options: &SchedulerBench) -> Result<()> {
    // Everyone the reminders are for exists, as in real use.
    store
        .upsert_member(
            "bench",
            "bench:u",
            "Bench",
            None,
            bot_core::Clock::now(&SystemClock),
        )
        .await?;

    let start = bot_core::Clock::now(&SystemClock).timestamp_millis();
    let far = start + 86_400_000;
    let began = Instant::now();
    bulk_insert(&store, options.pending, far, 30_000).await?;
    let insert_rate = options.pending as f64 / began.elapsed().as_secs_f64();
    println!("{name}_insert_rate: {insert_rate:.0} reminders/s");

    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let stopwatch = Arc::new(Stopwatch::default());
    let scheduler = Scheduler::new(
        engine.clone(),
        stopwatch.clone(),
        format!("bench-{name}"),
        SchedulerConfig::default(),
    );
    let (stop, worker) = super::run_in_background(&scheduler);

    // Throughput: jobs already due.
    *stopwatch.expected.lock().expect("lock") = options.due_now as usize;
    let now = bot_core::Clock::now(&SystemClock).timestamp_millis();
    let began = Instant::now();
    bulk_insert(&store, options.due_now, now - 1000, 0).await?;
    engine.wake_scheduler();
    stopwatch_wait(&stopwatch, Duration::from_secs(600)).await?;
    let throughput = options.due_now as f64 / began.elapsed().as_secs_f64();
    println!("{name}_fire_throughput: {throughput:.0} jobs/s");

    // Lateness: jobs falling due while the scheduler sleeps between them.
    stopwatch.arrivals.lock().expect("lock").clear();
    *stopwatch.expected.lock().expect("lock") = options.due_during as usize;
    let first = bot_core::Clock::now(&SystemClock).timestamp_millis() + 2000;
    let step = (options.spread.as_millis() as i64 / options.due_during.max(1)).max(1);
    bulk_insert(&store, options.due_during, first, step).await?;
    engine.wake_scheduler();
    stopwatch_wait(&stopwatch, options.spread + Duration::from_secs(60)).await?;
    let mut lateness: Vec<i64> = stopwatch
        .arrivals
        .lock()
        .expect("lock")
        .iter()
        .map(|(due, at)| at - due)
        .collect();
    lateness.sort_unstable();
    let pick = |q: f64| lateness[((lateness.len() as f64 - 1.0) * q).round() as usize];
    println!("{name}_lateness_p50: {} ms", pick(0.50));
    println!("{name}_lateness_p99: {} ms", pick(0.99));

    // Idle: a million pending, none due soon.
    let cpu_before = cpu_time()?;
    let idle_began = Instant::now();
    tokio::time::sleep(options.idle).await;
    let cpu = cpu_time()? - cpu_before;
    let share = cpu.as_secs_f64() / idle_began.elapsed().as_secs_f64() * 100.0;
    println!("{name}_idle_cpu: {share:.2} % of a core");
    let pending: i64 = match &store {
        Store::Sqlite(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'pending'")
                .fetch_one(pool)
                .await?
        }
        Store::Postgres(pool) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'pending'")
                .fetch_one(pool)
                .await?
        }
    };
    println!("{name}_pending_while_idle: {pending} jobs");

    let _ = stop.send(true);
    worker.await.context("scheduler task")?;
    store.close().await;
    Ok(())
}

async fn stopwatch_wait(stopwatch: &Stopwatch, limit: Duration) -> Result<()> {
    let expected = *stopwatch.expected.lock().expect("lock");
    let deadline = Instant::now() + limit;
    while stopwatch.arrivals.lock().expect("lock").len() < expected {
        let left = deadline.saturating_duration_since(Instant::now());
        anyhow::ensure!(!left.is_zero(), "jobs did not all fire within {limit:?}");
        let _ = tokio::time::timeout(
            left.min(Duration::from_millis(200)),
            stopwatch.all_in.notified(),
        )
        .await;
    }
    Ok(())
}

/// User plus system CPU time of this process.
fn cpu_time() -> Result<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // Fields after the command name start at state (3); utime is 14, stime 15.
    let total = ticks(11) + ticks(12);
    Ok(Duration::from_millis(total * 10))
}

/// The process's peak resident set (VmHWM), in KiB.
pub(crate) fn peak_rss_kib() -> Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .context("no VmHWM in /proc/self/status")
}
