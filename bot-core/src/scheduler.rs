//! The scheduler: runs due jobs and delivers what they say.
//!
//! [`Scheduler::run_due`] is one step (tests call it with a fake clock);
//! [`Scheduler::run_until_stopped`] repeats it, sleeping until the next due
//! time, a new job, or shutdown. A step always finishes before shutdown is
//! honoured, so no job is left half-done.
//!
//! Delivery happens between claiming a job and recording its outcome. If
//! the process dies in between, the lease expires, the job is claimed again
//! with the same occurrence, and the resend carries the same idempotency key
//! (`j<job>o<occurrence>`), which the platform uses to drop the duplicate.
//! Jobs missed while the bot was down fire late (saying so) within the grace
//! window; older ones are folded into one summary per recipient.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::engine::Engine;
use crate::model::{Outgoing, Target};
use crate::store::{JobOutcome, JobRow, StoreError, from_millis};

/// Why a delivery did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Rate-limited or briefly unreachable: try again after this long.
    #[error("try again in {0:?}")]
    RetryAfter(StdDuration),
    /// The platform will never accept it (unknown channel, …).
    #[error("rejected: {0}")]
    Rejected(String),
}

/// The port adapters implement to send what the scheduler produces. It
/// must pass `Outgoing::idempotency_key` to the platform (Discord `nonce`
/// with `enforce_nonce`, Matrix transaction id).
pub trait Delivery: Send + Sync + 'static {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;
}

/// Sends `outgoing` now (not through the jobs table: an answer's message to
/// elsewhere), waiting out rate limits up to `attempts` times.
pub async fn deliver_now(
    delivery: &dyn Delivery,
    outgoing: &Outgoing,
    attempts: u32,
) -> Result<(), DeliveryError> {
    let mut last = DeliveryError::Rejected("no attempt".to_owned());
    for _ in 0..attempts.max(1) {
        match delivery.deliver(outgoing).await {
            Ok(()) => return Ok(()),
            Err(DeliveryError::RetryAfter(wait)) => {
                last = DeliveryError::RetryAfter(wait);
                tokio::time::sleep(wait).await;
            }
            Err(rejected) => return Err(rejected),
        }
    }
    Err(last)
}

#[derive(Debug, Clone)]
pub struct SchedulerConfig {
    /// How long a claimed job is reserved for its worker.
    pub lease: Duration,
    /// Jobs claimed per round trip.
    pub batch: i64,
    /// Jobs this late still fire (saying they are late); later ones are summarized.
    pub grace: Duration,
    /// The longest sleep, so jobs another process adds are seen in time.
    pub max_sleep: StdDuration,
    /// How long to wait before retrying a delivery that failed with no hint.
    pub retry: Duration,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            lease: Duration::seconds(60),
            batch: 200,
            grace: Duration::hours(1),
            max_sleep: StdDuration::from_secs(30),
            retry: Duration::seconds(30),
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub fired: usize,
    pub late: usize,
    pub summarized: usize,
    pub retried: usize,
    pub failed: usize,
    pub skipped: usize,
    pub postponed: usize,
}

/// One due job, ready to deliver.
#[derive(Debug, Clone)]
pub(crate) struct Firing {
    pub outgoing: Vec<Outgoing>,
    pub next: Option<DateTime<Utc>>,
    /// Who would get a summary if it was missed, and the line it adds.
    pub recipient: Target,
    pub locale: crate::i18n::Locale,
    pub summary_line: String,
    /// How many rungs the job's ladder step moves on (a nudge that skips a
    /// rung moves two).
    pub advance: i64,
}

#[derive(Debug)]
pub(crate) enum Prepared {
    Fire(Firing),
    /// Nothing to send (cancelled or paused since it was claimed).
    Skip,
    /// Not now: the recipients are in quiet hours (or away) until then.
    Postpone(DateTime<Utc>),
}

#[derive(Clone)]
pub struct Scheduler {
    engine: Engine,
    delivery: Arc<dyn Delivery>,
    owner: String,
    config: SchedulerConfig,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("owner", &self.owner)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Scheduler {
    /// `owner` names this worker in leases; make it unique per process.
    pub fn new(
        engine: Engine,
        delivery: Arc<dyn Delivery>,
        owner: impl Into<String>,
        config: SchedulerConfig,
    ) -> Self {
        Self {
            engine,
            delivery,
            owner: owner.into(),
            config,
        }
    }

    /// Runs every job due at `now`, then returns.
    pub async fn run_due(&self, now: DateTime<Utc>) -> Result<RunReport, StoreError> {
        let store = self.engine.store();
        store.reclaim_expired(now).await?;
        let mut report = RunReport::default();
        loop {
            let jobs = store
                .claim_due(now, &self.owner, now + self.config.lease, self.config.batch)
                .await?;
            if jobs.is_empty() {
                return Ok(report);
            }
            let mut missed: Vec<(JobRow, Firing)> = Vec::new();
            for job in jobs {
                let lateness = now - from_millis(job.due_at);
                match self.engine.prepare_job(&job, now, lateness).await? {
                    Prepared::Skip => {
                        self.finish(&job, None, 1, now).await?;
                        report.skipped += 1;
                    }
                    Prepared::Postpone(until) => {
                        let note = "postponed: quiet hours or away";
                        store.release_job(&job, &self.owner, until, note).await?;
                        report.postponed += 1;
                    }
                    Prepared::Fire(firing) if lateness > self.config.grace => {
                        missed.push((job, firing));
                    }
                    Prepared::Fire(firing) => {
                        let late = lateness > Duration::minutes(1);
                        let sent = self
                            .deliver(&job, &firing.outgoing, now, &mut report)
                            .await?;
                        if sent {
                            self.finish(&job, firing.next, firing.advance, now).await?;
                            report.fired += 1;
                            report.late += usize::from(late);
                        }
                    }
                }
            }
            self.summarize(missed, now, &mut report).await?;
        }
    }

    /// Sends every message of a job; on failure gives the job back (to
    /// retry with the same key) or marks it failed. True when all went out.
    async fn deliver(
        &self,
        job: &JobRow,
        outgoing: &[Outgoing],
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> Result<bool, StoreError> {
        let store = self.engine.store();
        for out in outgoing {
            match self.delivery.deliver(out).await {
                Ok(()) => {}
                Err(DeliveryError::RetryAfter(after)) => {
                    // At least a second later, so a step never spins on one job.
                    let after = Duration::from_std(after)
                        .unwrap_or(self.config.retry)
                        .max(Duration::seconds(1));
                    let error = format!("retry after {after}");
                    store
                        .release_job(job, &self.owner, now + after, &error)
                        .await?;
                    report.retried += 1;
                    return Ok(false);
                }
                Err(DeliveryError::Rejected(reason)) => {
                    tracing::warn!(job = job.id, %reason, "delivery rejected");
                    store.fail_job(job, &self.owner, &reason).await?;
                    report.failed += 1;
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    async fn finish(
        &self,
        job: &JobRow,
        next: Option<DateTime<Utc>>,
        advance: i64,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let outcome = next.map_or(JobOutcome::Done, JobOutcome::Next);
        if !self
            .engine
            .store()
            .finish_job(job, &self.owner, outcome, advance, now)
            .await?
        {
            tracing::warn!(
                job = job.id,
                "lease lost before recording; another worker owns it"
            );
        }
        Ok(())
    }

    /// One message per recipient for everything missed beyond the grace window.
    async fn summarize(
        &self,
        missed: Vec<(JobRow, Firing)>,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> Result<(), StoreError> {
        let mut groups: Vec<(Target, Vec<(JobRow, Firing)>)> = Vec::new();
        for (job, firing) in missed {
            match groups.iter_mut().find(|(t, _)| *t == firing.recipient) {
                Some((_, group)) => group.push((job, firing)),
                None => groups.push((firing.recipient.clone(), vec![(job, firing)])),
            }
        }
        for (target, group) in groups {
            let first = group[0].0.clone();
            let lines: Vec<String> = group.iter().map(|(_, f)| f.summary_line.clone()).collect();
            let summary = self.engine.missed_summary(
                target,
                group[0].1.locale,
                &lines,
                format!("s{}o{}", first.id, first.occurrence),
            );
            // The summary rides on the first job: if it cannot go out, that
            // job is given back (or failed) by `deliver`, and the others wait.
            let sent = self
                .deliver(&first, std::slice::from_ref(&summary), now, report)
                .await?;
            for (job, firing) in group {
                if sent {
                    self.finish(&job, firing.next, firing.advance, now).await?;
                    report.summarized += 1;
                } else if job.id != first.id {
                    let error = "summary not delivered";
                    self.engine
                        .store()
                        .release_job(&job, &self.owner, now + self.config.retry, error)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Runs steps until `shutdown` resolves: after each, sleeps until the
    /// next job is due (at most `max_sleep`) or a new job is scheduled.
    pub async fn run_until_stopped(&self, shutdown: impl Future<Output = ()>) {
        let mut shutdown = std::pin::pin!(shutdown);
        let wake = self.engine.scheduler_wake();
        loop {
            let now = self.engine.clock_now();
            if let Err(error) = self.run_due(now).await {
                tracing::error!(error = %crate::engine::error_chain(&error), "scheduler step failed");
            }
            let sleep = match self.engine.store().next_wakeup().await {
                Ok(Some(next)) => (from_millis(next) - self.engine.clock_now())
                    .to_std()
                    .unwrap_or(StdDuration::ZERO)
                    // A job another worker holds locked can look due; do not spin.
                    .max(StdDuration::from_millis(5))
                    .min(self.config.max_sleep),
                Ok(None) => self.config.max_sleep,
                Err(error) => {
                    tracing::error!(error = %crate::engine::error_chain(&error), "scheduler: reading the next due time failed");
                    self.config.max_sleep
                }
            };
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                () = wake.notified() => {}
                () = &mut shutdown => return,
            }
        }
    }
}
