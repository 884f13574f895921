//! The inbox: inputs received from a platform until their answer is
//! delivered.
//!
//! A platform does not send an event again because the process that took it
//! died (Discord never redelivers an interaction; Matrix redelivers a sync
//! batch only if its token was not saved). So an input is written here
//! before it is handled, with an `answer` job due a little later; its answer
//! is written beside it once handled; both are cleared (and the job
//! removed) when the answer is out. If the process dies in between, the job
//! comes due and the scheduler delivers the stored answer, or handles the
//! stored input first. The key stays a week so a redelivered event is
//! recognised and answered once.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, to_millis, with_pool, write_tx};

pub const ANSWER_JOB: &str = "answer";

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
    pub state: String,
    pub received_at: i64,
}

impl Store {
    /// Records a received input and its `answer` job (due at `due`) in one
    /// transaction. `None` when this platform's event was received before:
    /// a redelivery, to be dropped.
    #[allow(clippy::too_many_arguments)]
    pub async fn receive_input(
        &self,
        platform: &str,
        event_key: &str,
        origin: Option<&str>,
        input: &str,
        replies: bool,
        now: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let now = to_millis(now);
        write_tx!(self, tx => {
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
                "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                 VALUES ($1, $2, $3, 'pending', $4)",
            )
            .bind(ANSWER_JOB)
            .bind(id)
            .bind(to_millis(due))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Some(id))
        })
    }

    /// Keeps a handled input's answer until it is delivered.
    pub async fn record_answer(&self, id: i64, answer: &str) -> Result<(), StoreError> {
        with_pool!(self, pool => {
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
        Ok(with_pool!(self, pool => {
            sqlx::query_as::<_, InboxRow>(
                "SELECT id, platform, event_key, origin, input, answer, replies, state, received_at
                 FROM inbox WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The answer is out: what was said is forgotten (only the key stays,
    /// to recognise a redelivery), and the `answer` job goes unless a
    /// worker is running it (it then finds the entry answered, or is
    /// removed by this call when it finishes).
    pub async fn settle_input(&self, id: i64) -> Result<(), StoreError> {
        write_tx!(self, tx => {
            sqlx::query(
                "UPDATE inbox SET state = 'answered', origin = NULL, input = NULL, answer = NULL
                 WHERE id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM jobs WHERE kind = $1 AND ref_id = $2 AND state <> 'running'",
            )
            .bind(ANSWER_JOB)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Forgets answered keys received before `before`.
    pub async fn prune_inbox(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query("DELETE FROM inbox WHERE state = 'answered' AND received_at < $1")
                .bind(to_millis(before))
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// How many inputs wait for their answer to be delivered (for metrics
    /// and tests).
    pub async fn unanswered_inputs(&self) -> Result<i64, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM inbox WHERE state <> 'answered'")
                .fetch_one(pool)
                .await?
        }))
    }
}
