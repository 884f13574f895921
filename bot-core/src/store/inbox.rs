//! The inbox: inputs received from a platform until their answer is
//! delivered.
//!
//! A platform does not send an event again because the process that took it
//! died (Discord never redelivers an interaction; Matrix redelivers a sync
//! batch only if its token was not saved). So an input is written here
//! before it is handled, with an `answer` job leased to the process that
//! handles it (`lease_owner`, until a little later, renewed while it
//! sends); its answer is written beside it once handled; both are cleared
//! (and the job removed) when the answer is out. If the process dies in
//! between, the lease runs out and the scheduler delivers the stored
//! answer, or handles the stored input first. The key stays a week so a
//! redelivered event is recognised and answered once. Votes keep no input
//! at all: only a keyed hash of their key (see `receive_key`).

use chrono::{DateTime, Utc};

use super::{JobKind, Store, StoreError, stored_enum, to_millis, with_pool, write_tx};

stored_enum! {
    /// How far an input got.
    pub enum InboxState {
        Received = "received",
        /// Its answer is kept, not yet (all) delivered.
        Handled = "handled",
        Answered = "answered",
    }
}

/// One received input, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InboxRow {
    pub id: i64,
    pub platform: String,
    pub event_key: String,
    /// What the adapter recorded to answer it later (see `Target::Answer`).
    pub origin: Option<String>,
    /// The input, serialized (cleared once answered).
    pub input: Option<String>,
    /// The answer, serialized, once handled (cleared once delivered).
    pub answer: Option<String>,
    /// Whether answers to the input itself are wanted (false: only messages
    /// elsewhere, as for a Matrix poll response the poll shows itself).
    pub replies: bool,
    #[sqlx(try_from = "String")]
    pub state: InboxState,
    pub received_at: i64,
}

impl Store {
    /// Records a received input and its `answer` job in one transaction: the
    /// job is `owner`'s until `due` (its lease), then due for any worker.
    /// `None` when this platform's event was received before: a
    /// redelivery, to be dropped.
    #[allow(clippy::too_many_arguments)]
    pub async fn receive_input(
        &self,
        platform: &str,
        event_key: &str,
        origin: Option<&str>,
        input: &str,
        replies: bool,
        owner: &str,
        now: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let now = to_millis(now);
        write_tx!(self, |tx| {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO inbox (platform, event_key, origin, input, replies, state, received_at)
                 VALUES ($1, $2, $3, $4, $5, 'received', $6)
                 ON CONFLICT (platform, event_key) DO NOTHING
                 RETURNING id",
            )
            .bind(platform)
            .bind(event_key)
            .bind(origin)
            .bind(input)
            .bind(replies)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                return Ok(None);
            };
            sqlx::query(
                "INSERT INTO jobs (kind, ref_id, due_at, state, lease_owner, lease_until,
                                   attempts, updated_at)
                 VALUES ($1, $2, $3, 'running', $4, $3, 1, $5)",
            )
            .bind(JobKind::Answer.as_str())
            .bind(id)
            .bind(to_millis(due))
            .bind(owner)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(Some(id))
        })
    }

    /// Records that a key was received, keeping nothing else: a vote's
    /// event (its input would tie a person to a choice). `key` is already
    /// a keyed hash of the platform's id, `day` the day it came (never a
    /// finer time). False when it was received before.
    pub async fn receive_key(
        &self,
        platform: &str,
        key: &str,
        day: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO inbox (platform, event_key, state, received_at)
                 VALUES ($1, $2, 'answered', $3)
                 ON CONFLICT (platform, event_key) DO NOTHING",
            )
            .bind(platform)
            .bind(key)
            .bind(to_millis(day))
            .execute(pool)
            .await?
            .rows_affected()
        }) == 1)
    }

    /// The process answering `id` is still at it (it sent a part): its
    /// lease on the answer job lasts until `until`.
    pub async fn still_answering(
        &self,
        id: i64,
        owner: &str,
        until: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET lease_until = $4
                 WHERE kind = $1 AND ref_id = $2 AND state = 'running' AND lease_owner = $3",
            )
            .bind(JobKind::Answer.as_str())
            .bind(id)
            .bind(owner)
            .bind(to_millis(until))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// `owner` sent what it could and gives the answer job to the
    /// scheduler, due at `due`.
    pub async fn hand_over_answer(
        &self,
        id: i64,
        owner: &str,
        due: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET state = 'pending', lease_owner = NULL, lease_until = NULL,
                        due_at = $4, attempts = 0
                 WHERE kind = $1 AND ref_id = $2 AND state = 'running' AND lease_owner = $3",
            )
            .bind(JobKind::Answer.as_str())
            .bind(id)
            .bind(owner)
            .bind(to_millis(due))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Keeps a handled input's answer until it is delivered.
    pub async fn record_answer(&self, id: i64, answer: &str) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE inbox SET answer = $2, state = 'handled'
                 WHERE id = $1 AND state <> 'answered'",
            )
            .bind(id)
            .bind(answer)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn inbox_entry(&self, id: i64) -> Result<Option<InboxRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, InboxRow>(
                "SELECT id, platform, event_key, origin, input, answer, replies, state, received_at
                 FROM inbox WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The answer is out (or will never be): what was said is forgotten
    /// (only the key stays, to recognise a redelivery), and the `answer`
    /// job goes, unless another worker took it over (the lease of `owner`
    /// ran out: it was taken for dead) and runs it.
    pub async fn settle_input(&self, id: i64, owner: &str) -> Result<(), StoreError> {
        write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE inbox SET state = 'answered', origin = NULL, input = NULL, answer = NULL
                 WHERE id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM jobs WHERE kind = $1 AND ref_id = $2
                   AND (state <> 'running' OR lease_owner = $3)",
            )
            .bind(JobKind::Answer.as_str())
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(())
    }

    /// Forgets every entry received before `before`, answered or not (an
    /// input nobody could answer in that long is given up, with its job),
    /// and the finished `answer` jobs.
    pub async fn prune_inbox(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        write_tx!(self, |tx| {
            sqlx::query(
                "DELETE FROM jobs WHERE kind = $1
                   AND (state IN ('done', 'failed', 'cancelled')
                        OR ref_id IN (SELECT id FROM inbox WHERE received_at < $2))",
            )
            .bind(JobKind::Answer.as_str())
            .bind(to_millis(before))
            .execute(&mut *tx)
            .await?;
            let gone = sqlx::query("DELETE FROM inbox WHERE received_at < $1")
                .bind(to_millis(before))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            Ok(gone)
        })
    }

    /// How many inputs wait for their answer to be delivered (for metrics
    /// and tests).
    pub async fn unanswered_inputs(&self) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM inbox WHERE state <> 'answered'")
                .fetch_one(pool)
                .await?
        }))
    }
}
