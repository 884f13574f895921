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

use crate::i18n::Locale;
use crate::isolate::error_chain;
use crate::model::{Outgoing, Target};
use crate::store::{JobOutcome, JobRow, Release, Store, StoreError, from_millis};

/// A boxed future, for the object-safe [`Jobs`] trait.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the scheduler needs of the bot (the engine implements it): the
/// store, the time, what a due job sends, and the bookkeeping around it.
/// The scheduler knows no capability; the engine knows every job kind.
pub trait Jobs: Send + Sync + 'static {
    fn store(&self) -> &Store;
    fn now(&self) -> DateTime<Utc>;
    /// What a claimed job sends now (or why not), `lateness` after it was
    /// first due.
    fn prepare<'a>(
        &'a self,
        job: &'a JobRow,
        now: DateTime<Utc>,
        lateness: Duration,
    ) -> BoxFuture<'a, Result<Prepared, StoreError>>;
    /// A job is done with (delivered for good, refused, or nothing to send).
    fn ended<'a>(&'a self, job: &'a JobRow) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Once an hour: forget what no job will ask about again.
    fn prune<'a>(&'a self, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), StoreError>>;
    /// One message for everything a recipient missed while the bot was down.
    fn missed_summary(
        &self,
        target: Target,
        locale: Locale,
        lines: &[String],
        key: String,
    ) -> Outgoing;
    fn set_status(&self, status: SchedulerStatus);
    /// Notified when a job is added or changed.
    fn wake(&self) -> Arc<tokio::sync::Notify>;
}

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

/// How long a live answer waits on a platform, in all, before it leaves
/// the message to the scheduler: well within the answer job's lease
/// (`ANSWER_GRACE` in the engine), so the two never send the same answer.
pub const LIVE_PATIENCE: StdDuration = StdDuration::from_secs(60);

/// Sends `outgoing` now (not through the jobs table: an answer's message to
/// elsewhere), waiting out rate limits up to `attempts` times and
/// [`LIVE_PATIENCE`] in all.
pub async fn deliver_now(
    delivery: &dyn Delivery,
    outgoing: &Outgoing,
    attempts: u32,
) -> Result<(), DeliveryError> {
    let mut last = DeliveryError::Rejected("no attempt".to_owned());
    let mut waited = StdDuration::ZERO;
    for _ in 0..attempts.max(1) {
        match delivery.deliver(outgoing).await {
            Ok(()) => return Ok(()),
            Err(DeliveryError::RetryAfter(wait)) => {
                last = DeliveryError::RetryAfter(wait);
                waited += wait;
                if waited > LIVE_PATIENCE {
                    break;
                }
                tokio::time::sleep(wait).await;
            }
            Err(rejected) => return Err(rejected),
        }
    }
    Err(last)
}

/// How long recorded deliveries are remembered: far longer than any retry.
const DELIVERY_MEMORY_DAYS: i64 = 30;

/// How a job's messages went.
#[derive(Debug)]
enum Sent {
    All,
    /// Given back to retry later.
    Later,
    /// The platform will never take it.
    Refused(String),
}

/// The wait before a retry: the platform's hint, or longer when the job has
/// failed before (doubling from one second per attempt, capped at an hour);
/// always at least a second, so a step never spins on one job.
fn retry_delay(hint: StdDuration, attempts: i64, fallback: Duration) -> Duration {
    // A platform's hint is honoured up to the cap too: an absurd one must
    // neither park a job for years nor overflow the time arithmetic.
    let hint = Duration::from_std(hint)
        .unwrap_or(fallback)
        .min(Duration::hours(1));
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 12)).unwrap_or(12);
    let backoff = Duration::seconds(1_i64 << doublings).min(Duration::hours(1));
    hint.max(backoff).max(Duration::seconds(1))
}

/// Whether this process's scheduler loop runs (for `/healthz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedulerStatus {
    /// No supervised loop was started (or it was stopped on shutdown).
    Stopped,
    Running,
    /// It panicked and waits to be started again.
    Restarting,
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
    /// How long a supervised loop that panicked waits before it restarts.
    pub restart_after: StdDuration,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            lease: Duration::seconds(60),
            batch: 200,
            grace: Duration::hours(1),
            max_sleep: StdDuration::from_secs(30),
            retry: Duration::seconds(30),
            restart_after: StdDuration::from_secs(1),
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
pub struct Firing {
    pub outgoing: Vec<Outgoing>,
    pub next: Option<DateTime<Utc>>,
    /// Who would get a summary if it was missed, and the line it adds.
    pub recipient: Target,
    pub locale: Locale,
    pub summary_line: String,
    /// How many rungs the job's ladder step moves on (a nudge that skips a
    /// rung moves two).
    pub advance: i64,
    /// Whether it joins a "missed while away" summary when late beyond the
    /// grace window (an answer to a command is sent as it is, however late).
    pub summarize: bool,
    /// Its messages stand alone (an answer's parts): one the platform
    /// refuses is given up and the others still go.
    pub partial: bool,
}

/// What a due job comes to.
#[derive(Debug)]
pub enum Prepared {
    Fire(Firing),
    /// Nothing to send (cancelled or paused since it was claimed).
    Skip,
    /// Not now: the recipients are in quiet hours (or away) until then.
    Postpone(DateTime<Utc>),
}

/// A lease owner no other process shares, even in containers where every
/// process is pid 1: `<prefix>-<pid>-<64 random bits>`.
// The wall clock here is entropy, not a time anyone sees.
#[allow(clippy::disallowed_methods)]
pub fn unique_owner(prefix: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is keyed from the OS's randomness once per process.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{prefix}-{}-{:016x}", std::process::id(), hasher.finish())
}

#[derive(Clone)]
pub struct Scheduler {
    jobs: Arc<dyn Jobs>,
    delivery: Arc<dyn Delivery>,
    owner: String,
    config: SchedulerConfig,
    /// The hour (since the epoch) the record of sends was last pruned.
    pruned_hour: Arc<std::sync::atomic::AtomicI64>,
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
        jobs: impl Jobs,
        delivery: Arc<dyn Delivery>,
        owner: impl Into<String>,
        config: SchedulerConfig,
    ) -> Self {
        Self {
            jobs: Arc::new(jobs),
            delivery,
            owner: owner.into(),
            config,
            pruned_hour: Arc::new(std::sync::atomic::AtomicI64::new(i64::MIN)),
        }
    }

    /// Runs every job due at `now`, then returns.
    pub async fn run_due(&self, now: DateTime<Utc>) -> Result<RunReport, StoreError> {
        let store = self.jobs.store();
        store.reclaim_expired(now).await?;
        // Once an hour is enough to keep the record of sends small.
        let hour = now.timestamp() / 3600;
        if self
            .pruned_hour
            .swap(hour, std::sync::atomic::Ordering::Relaxed)
            != hour
        {
            store
                .prune_deliveries(now - Duration::days(DELIVERY_MEMORY_DAYS))
                .await?;
            self.jobs.prune(now).await?;
        }
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
                let lateness = now - from_millis(job.first_due);
                // A job whose preparation panics fails alone, with the reason
                // kept; the step goes on with the others.
                let prepared = match crate::isolate::catch_unwind(
                    self.jobs.prepare(&job, now, lateness),
                )
                .await
                {
                    Ok(prepared) => prepared?,
                    Err(panic) => {
                        tracing::error!(job = job.id, %panic, "preparing a job panicked");
                        store
                            .fail_job(&job, &self.owner, &format!("panicked: {panic}"))
                            .await?;
                        self.ended(&job).await?;
                        report.failed += 1;
                        continue;
                    }
                };
                match prepared {
                    Prepared::Skip => {
                        self.finish(&job, None, 1, now).await?;
                        self.ended(&job).await?;
                        report.skipped += 1;
                    }
                    Prepared::Postpone(until) => {
                        // Always forward: a postponement to the past would be
                        // claimed again at once, and this step would spin.
                        let until = until.max(now + Duration::seconds(1));
                        let note = "postponed: quiet hours or away";
                        store
                            .release_job(&job, &self.owner, until, note, Release::Postpone)
                            .await?;
                        report.postponed += 1;
                    }
                    // Only an occurrence never tried is summarized as missed;
                    // one that was retried (rate limits) is still delivered.
                    Prepared::Fire(firing)
                        if firing.summarize
                            && lateness > self.config.grace
                            && job.first_due == job.due_at =>
                    {
                        missed.push((job, firing));
                    }
                    Prepared::Fire(firing) => {
                        let late = lateness > Duration::minutes(1);
                        let next = firing.next.map(|n| n.max(now + Duration::seconds(1)));
                        match self
                            .deliver(&job, &firing.outgoing, firing.partial, now, &mut report)
                            .await?
                        {
                            Sent::All => {
                                self.finish(&job, next, firing.advance, now).await?;
                                self.ended(&job).await?;
                                report.fired += 1;
                                report.late += usize::from(late);
                            }
                            Sent::Later => {}
                            // One refused occurrence (a deleted channel, a
                            // blocked DM) does not end a recurrence.
                            Sent::Refused(reason) => match next {
                                Some(next) => {
                                    self.finish(&job, Some(next), firing.advance, now).await?;
                                    tracing::warn!(job = job.id, %reason, "occurrence refused; the recurrence goes on");
                                }
                                None => {
                                    store.fail_job(&job, &self.owner, &reason).await?;
                                    self.ended(&job).await?;
                                }
                            },
                        }
                    }
                }
            }
            self.summarize(missed, now, &mut report).await?;
        }
    }

    /// Sends every message of a job; when the platform asks to wait, gives
    /// the job back (to retry with the same key) after the longer of its
    /// hint and an exponential backoff on the job's attempts (capped).
    async fn deliver(
        &self,
        job: &JobRow,
        outgoing: &[Outgoing],
        partial: bool,
        now: DateTime<Utc>,
        report: &mut RunReport,
    ) -> Result<Sent, StoreError> {
        let store = self.jobs.store();
        for out in outgoing {
            // The lease was taken for the whole batch: renew it before each
            // send, and send nothing if another worker took the job, or it
            // was re-armed (a new occurrence), meanwhile.
            let until = self.jobs.now().max(now) + self.config.lease;
            if !store.renew_lease(job, &self.owner, until).await? {
                tracing::warn!(
                    job = job.id,
                    "lease lost before sending; another worker owns it"
                );
                return Ok(Sent::Later);
            }
            // Recorded sends are recognised long after the platform forgot
            // the key. (Looked up on every attempt: a job's attempts restart
            // after a postponement, so they cannot tell a first send.)
            if let Some(key) = &out.idempotency_key
                && store.was_delivered(key).await?
            {
                continue;
            }
            let result = crate::isolate::catch_unwind(self.delivery.deliver(out))
                .await
                .unwrap_or_else(|panic| Err(DeliveryError::Rejected(format!("panicked: {panic}"))));
            match result {
                Ok(()) => {
                    if let Some(key) = &out.idempotency_key {
                        store.record_delivery(key, now).await?;
                    }
                }
                Err(DeliveryError::RetryAfter(after)) => {
                    let after = retry_delay(after, job.attempts, self.config.retry);
                    let error = format!("retry after {after}");
                    store
                        .release_job(job, &self.owner, now + after, &error, Release::Retry)
                        .await?;
                    report.retried += 1;
                    return Ok(Sent::Later);
                }
                Err(DeliveryError::Rejected(reason)) if partial => {
                    tracing::warn!(job = job.id, %reason, "one message refused; the others go");
                    report.failed += 1;
                    if let Some(key) = &out.idempotency_key {
                        store.record_delivery(key, now).await?;
                    }
                }
                Err(DeliveryError::Rejected(reason)) => {
                    tracing::warn!(job = job.id, %reason, "delivery rejected");
                    report.failed += 1;
                    return Ok(Sent::Refused(reason));
                }
            }
        }
        Ok(Sent::All)
    }

    /// A job delivered for good, refused, or with nothing to send.
    async fn ended(&self, job: &JobRow) -> Result<(), StoreError> {
        self.jobs.ended(job).await
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
            .jobs
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
            let summary = self.jobs.missed_summary(
                target,
                group[0].1.locale,
                &lines,
                crate::keys::MessageKey::MissedSummary {
                    job: first.id,
                    occurrence: first.occurrence,
                }
                .encode(),
            );
            // The summary rides on the first job: if it cannot go out, that
            // job is given back (or failed) by `deliver`, and the others wait.
            let sent = match self
                .deliver(&first, std::slice::from_ref(&summary), false, now, report)
                .await?
            {
                Sent::All => true,
                Sent::Later => false,
                Sent::Refused(reason) => {
                    self.jobs
                        .store()
                        .fail_job(&first, &self.owner, &reason)
                        .await?;
                    false
                }
            };
            for (job, firing) in group {
                if sent {
                    self.finish(&job, firing.next, firing.advance, now).await?;
                    report.summarized += 1;
                } else if job.id != first.id {
                    let error = "summary not delivered";
                    self.jobs
                        .store()
                        .release_job(
                            &job,
                            &self.owner,
                            now + self.config.retry,
                            error,
                            Release::Retry,
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// [`Scheduler::run_until_stopped`] in a task of its own, restarted
    /// (after `restart_after`) whenever it panics, until `shutdown`. The
    /// engine's [`Engine::scheduler_status`](crate::Engine::scheduler_status) says whether it is running, for
    /// `/healthz`.
    pub async fn run_supervised(&self, shutdown: impl Future<Output = ()>) {
        let mut shutdown = std::pin::pin!(shutdown);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        loop {
            let worker = self.clone();
            let mut stopped = stopped.clone();
            let mut task = tokio::spawn(async move {
                worker
                    .run_until_stopped(async move {
                        let _ = stopped.wait_for(|stop| *stop).await;
                    })
                    .await;
            });
            let joined = tokio::select! {
                joined = &mut task => joined,
                () = &mut shutdown => {
                    let _ = stop.send(true);
                    let _ = task.await;
                    self.jobs.set_status(SchedulerStatus::Stopped);
                    return;
                }
            };
            match joined {
                Ok(()) => {
                    self.jobs.set_status(SchedulerStatus::Stopped);
                    return;
                }
                Err(error) => {
                    let why = match error.try_into_panic() {
                        Ok(payload) => crate::isolate::panic_message(payload.as_ref()),
                        Err(error) => error.to_string(),
                    };
                    tracing::error!(panic = %why, "the scheduler loop died; restarting it");
                    self.jobs.set_status(SchedulerStatus::Restarting);
                }
            }
            tokio::select! {
                () = tokio::time::sleep(self.config.restart_after) => {}
                () = &mut shutdown => {
                    self.jobs.set_status(SchedulerStatus::Stopped);
                    return;
                }
            }
        }
    }

    /// Runs steps until `shutdown` resolves: after each, sleeps until the
    /// next job is due (at most `max_sleep`) or a new job is scheduled.
    pub async fn run_until_stopped(&self, shutdown: impl Future<Output = ()>) {
        let mut shutdown = std::pin::pin!(shutdown);
        let wake = self.jobs.wake();
        loop {
            let now = self.jobs.now();
            match self.run_due(now).await {
                // Running means a step went through, not merely started.
                Ok(_) => self.jobs.set_status(SchedulerStatus::Running),
                Err(error) => {
                    tracing::error!(error = %error_chain(&error), "scheduler step failed");
                }
            }
            let sleep = match self.jobs.store().next_wakeup().await {
                Ok(Some(next)) => (from_millis(next) - self.jobs.now())
                    .to_std()
                    .unwrap_or(StdDuration::ZERO)
                    // A job another worker holds locked can look due; do not spin.
                    .max(StdDuration::from_millis(5))
                    .min(self.config.max_sleep),
                Ok(None) => self.config.max_sleep,
                Err(error) => {
                    tracing::error!(error = %error_chain(&error), "scheduler: reading the next due time failed");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_honour_the_hint_and_back_off_exponentially_with_a_cap() {
        let fallback = Duration::seconds(30);
        let secs = |s| StdDuration::from_secs(s);
        assert_eq!(retry_delay(secs(5), 1, fallback), Duration::seconds(5));
        assert_eq!(retry_delay(secs(0), 1, fallback), Duration::seconds(1));
        assert_eq!(retry_delay(secs(1), 4, fallback), Duration::seconds(8));
        assert_eq!(retry_delay(secs(20), 4, fallback), Duration::seconds(20));
        assert_eq!(retry_delay(secs(1), 60, fallback), Duration::hours(1));
        assert_eq!(retry_delay(secs(1), i64::MAX, fallback), Duration::hours(1));
        assert_eq!(retry_delay(StdDuration::MAX, 1, fallback), fallback);
        let years = StdDuration::from_secs(10_u64.pow(13));
        assert_eq!(retry_delay(years, 1, fallback), Duration::hours(1));
    }
}
