//! The jobs table and the reminders it schedules.
//!
//! A worker claims due jobs with a lease (PostgreSQL: `FOR UPDATE SKIP
//! LOCKED`, so several processes share the table; SQLite: one writer),
//! delivers, then records the outcome and the next occurrence in one
//! transaction. A job whose worker died keeps its lease until it expires and
//! is then claimed again with the same occurrence, so its idempotency key is
//! unchanged and the platform drops the duplicate send.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, to_millis, with_pool, write_tx};

/// What a job does. Each kind belongs to a capability, which prepares it
/// (the engine matches every kind: a new one cannot be forgotten). Stored
/// as its name; a worker only claims the kinds it knows, so a job a newer
/// version added waits for that version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// A reminder's next occurrence (`ref_id`: the reminder).
    Reminder,
    /// A circle's check-in nudge (`ref_id`: the circle).
    Nudge,
    /// A poll's debounced tally refresh (`ref_id`: the poll).
    PollTally,
    /// A poll closing at its time (`ref_id`: the poll).
    PollClose,
    /// An input's answer a process may not have delivered (`ref_id`: the
    /// inbox entry).
    Answer,
    /// A round's next clock change: a warning or a phase's end (`ref_id`:
    /// the round; `occurrence`: the round's tick it acts on).
    Round,
    /// A round commitment's follow-up on its date (`ref_id`: the commitment).
    RoundCommitment,
    /// A pulse's next run opens (`ref_id`: the pulse).
    PulseOpen,
    /// A pulse run's questions to one recipient, then their one reminder
    /// (`step` 1) (`ref_id`: the recipient's row in the run).
    PulseSend,
    /// A pulse run closes (`ref_id`: the run).
    PulseClose,
}

impl JobKind {
    pub const ALL: [JobKind; 10] = [
        JobKind::Reminder,
        JobKind::Nudge,
        JobKind::PollTally,
        JobKind::PollClose,
        JobKind::Answer,
        JobKind::Round,
        JobKind::RoundCommitment,
        JobKind::PulseOpen,
        JobKind::PulseSend,
        JobKind::PulseClose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Reminder => "reminder",
            JobKind::Nudge => "nudge",
            JobKind::PollTally => "poll_tally",
            JobKind::PollClose => "poll_close",
            JobKind::Answer => "answer",
            JobKind::Round => "round",
            JobKind::RoundCommitment => "round_commitment",
            JobKind::PulseOpen => "pulse_open",
            JobKind::PulseSend => "pulse_send",
            JobKind::PulseClose => "pulse_close",
        }
    }
}

/// The names of every [`JobKind`], as SQL (a test keeps them in step).
macro_rules! known_kinds {
    () => {
        "'reminder', 'nudge', 'poll_tally', 'poll_close', 'answer', 'round', 'round_commitment', \
         'pulse_open', 'pulse_send', 'pulse_close'"
    };
}

/// A job kind this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job kind {0:?}")]
pub struct UnknownJobKind(pub String);

impl TryFrom<String> for JobKind {
    type Error = UnknownJobKind;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        JobKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or(UnknownJobKind(raw))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: JobKind,
    pub ref_id: i64,
    pub occurrence: i64,
    /// The rung of an escalation ladder (nudges); 0 for other jobs.
    pub step: i64,
    pub due_at: i64,
    /// When this occurrence was first due: retries keep it, so lateness
    /// and "missed" summaries count from it.
    pub first_due: i64,
    pub attempts: i64,
}

/// Why a claimed job is given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// The platform asked to wait: the occurrence is as late as it was.
    Retry,
    /// Quiet hours or away: the occurrence is moved, not late.
    Postpone,
}

/// What happened to a job after its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOutcome {
    /// Delivered; done for good.
    Done,
    /// Delivered; the next occurrence is due then.
    Next(DateTime<Utc>),
}

impl Store {
    /// Makes leases that expired claimable again (their worker died).
    pub async fn reclaim_expired(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET state = 'pending', lease_owner = NULL, lease_until = NULL
                 WHERE state = 'running' AND lease_until < $1",
            )
            .bind(to_millis(now))
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// Claims up to `limit` due jobs for `owner` until `lease_until`.
    pub async fn claim_due(
        &self,
        now: DateTime<Utc>,
        owner: &str,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<JobRow>, StoreError> {
        let (now, until) = (to_millis(now), to_millis(lease_until));
        // The dialects differ only in how the due rows are locked.
        macro_rules! claim {
            ($lock:literal) => {
                concat!(
                    "UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = $2,
                            attempts = attempts + 1, updated_at = $3
                     WHERE id IN (SELECT id FROM jobs WHERE state = 'pending' AND due_at <= $3
                                    AND kind IN (",
                    known_kinds!(),
                    ")
                                  ORDER BY due_at LIMIT $4 ",
                    $lock,
                    ") RETURNING id, kind, ref_id, occurrence, step, due_at,
                       COALESCE(first_due_at, due_at) AS first_due, attempts"
                )
            };
        }
        let sql = match self {
            Store::Sqlite(_) => claim!(""),
            Store::Postgres(_) => claim!("FOR UPDATE SKIP LOCKED"),
        };
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, JobRow>(sql)
                .bind(owner)
                .bind(until)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Records a delivered occurrence: the job is done or due again (with
    /// the next occurrence number), and the reminder counts it; one
    /// transaction. False when `owner` no longer holds the lease (another
    /// worker took over; its send carried the same idempotency key).
    pub async fn finish_job(
        &self,
        job: &JobRow,
        owner: &str,
        outcome: JobOutcome,
        advance: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let (state, due) = match outcome {
            JobOutcome::Done => ("done", job.due_at),
            JobOutcome::Next(at) => ("pending", to_millis(at)),
        };
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE jobs SET state = $3, due_at = $4, occurrence = occurrence + 1, step = step + $6,
                        lease_owner = NULL, lease_until = NULL, attempts = 0, updated_at = $5,
                        first_due_at = NULL
                 WHERE id = $1 AND state = 'running' AND lease_owner = $2",
            )
            .bind(job.id)
            .bind(owner)
            .bind(state)
            .bind(due)
            .bind(to_millis(now))
            .bind(advance)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            if job.kind == JobKind::Reminder {
                sqlx::query(
                    "UPDATE reminders SET fired = fired + 1,
                            state = CASE WHEN $2 = 'done' AND state = 'active' THEN 'done' ELSE state END
                     WHERE id = $1",
                )
                .bind(job.ref_id)
                .bind(state)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })?;
        Ok(true)
    }

    /// Gives a claimed job back to be tried again at `retry_at` with the same
    /// occurrence (so the same idempotency key). A retry keeps the time it
    /// was first due; a postponement (quiet hours) moves it.
    pub async fn release_job(
        &self,
        job: &JobRow,
        owner: &str,
        retry_at: DateTime<Utc>,
        error: &str,
        release: Release,
    ) -> Result<(), StoreError> {
        // A postponement is no failed attempt: it keeps no lateness and
        // leaves the backoff where a first try starts.
        let (first_due, attempts) = match release {
            Release::Retry => (Some(job.first_due), job.attempts),
            Release::Postpone => (None, 0),
        };
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET state = 'pending', due_at = $3, lease_owner = NULL,
                        lease_until = NULL, last_error = $4, first_due_at = $5, attempts = $6
                 WHERE id = $1 AND state = 'running' AND lease_owner = $2",
            )
            .bind(job.id)
            .bind(owner)
            .bind(to_millis(retry_at))
            .bind(error)
            .bind(first_due)
            .bind(attempts)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Extends `owner`'s lease on a claimed job; false when it lost it
    /// (it expired and another worker took the job), so it must not send.
    pub async fn renew_lease(
        &self,
        job: &JobRow,
        owner: &str,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET lease_until = $3
                 WHERE id = $1 AND state = 'running' AND lease_owner = $2 AND occurrence = $4",
            )
            .bind(job.id)
            .bind(owner)
            .bind(to_millis(until))
            .bind(job.occurrence)
            .execute(pool)
            .await?
            .rows_affected()
        }) == 1)
    }

    /// Whether a message with this idempotency key already reached its platform.
    pub async fn was_delivered(&self, key: &str) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM deliveries WHERE idempotency_key = $1",
            )
            .bind(key)
            .fetch_one(pool)
            .await?
        }) > 0)
    }

    /// Records that a message with this key reached its platform.
    pub async fn record_delivery(&self, key: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO deliveries (idempotency_key, sent_at) VALUES ($1, $2)
                 ON CONFLICT (idempotency_key) DO NOTHING",
            )
            .bind(key)
            .bind(to_millis(at))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Forgets deliveries recorded before `before` (no job waits that long).
    pub async fn prune_deliveries(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query("DELETE FROM deliveries WHERE sent_at < $1")
                .bind(to_millis(before))
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// Marks a job that can never be delivered, keeping the reason.
    pub async fn fail_job(&self, job: &JobRow, owner: &str, error: &str) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_until = NULL,
                        last_error = $3
                 WHERE id = $1 AND lease_owner = $2",
            )
            .bind(job.id)
            .bind(owner)
            .bind(error)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// When the scheduler next has something to do: the earliest pending due
    /// time or lease expiry.
    pub async fn next_wakeup(&self) -> Result<Option<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT MIN(t) FROM (
                     SELECT MIN(due_at) AS t FROM jobs WHERE state = 'pending'
                     UNION ALL
                     SELECT MIN(lease_until) AS t FROM jobs WHERE state = 'running'
                 ) AS wakeups",
            )
            .fetch_one(pool)
            .await?
        }))
    }

    /// How many jobs are in each state (for metrics and tests).
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::JobKind;

    #[test]
    fn every_kind_is_claimed_and_named_once() {
        let claimed = known_kinds!();
        assert_eq!(claimed.split(',').count(), JobKind::ALL.len());
        for kind in JobKind::ALL {
            assert!(
                claimed.contains(&format!("'{}'", kind.as_str())),
                "{kind:?}"
            );
            assert_eq!(JobKind::try_from(kind.as_str().to_owned()), Ok(kind));
        }
        assert!(JobKind::try_from("later_kind".to_owned()).is_err());
    }
}
