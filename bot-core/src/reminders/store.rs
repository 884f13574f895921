//! The reminders table: one-off and recurring reminders, each with its
//! row in `jobs` (kind `reminder`).

use chrono::{DateTime, Utc};

use crate::store::{JobKind, Store, StoreError, stored_enum, to_millis, with_pool, write_tx};

stored_enum! {
    /// Where a reminder stands.
    pub enum ReminderState {
        Active = "active",
        Paused = "paused",
        /// A one-off that fired.
        Done = "done",
        Cancelled = "cancelled",
    }
}

stored_enum! {
    /// Who a reminder goes to: a member (by direct message), or a channel
    /// (or thread; a circle's reminder is its channel's).
    pub enum RecipientKind {
        Member = "member",
        Channel = "channel",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReminderRow {
    pub id: i64,
    pub community_id: String,
    pub creator_id: String,
    #[sqlx(try_from = "String")]
    pub recipient_kind: RecipientKind,
    pub recipient_id: String,
    pub thread_id: Option<String>,
    pub circle_id: Option<i64>,
    pub body: String,
    pub recurrence: Option<String>,
    pub timezone: String,
    #[sqlx(try_from = "String")]
    pub state: ReminderState,
    pub fired: i64,
    pub created_at: i64,
    /// Where a personal reminder was set: it goes there, with a mention,
    /// when the person's direct messages are closed.
    pub origin_channel: Option<String>,
    /// The next time it fires (the job's due time), if it is scheduled.
    pub due_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder<'a> {
    pub community_id: &'a str,
    pub creator_id: &'a str,
    pub recipient_kind: RecipientKind,
    pub recipient_id: &'a str,
    pub thread_id: Option<&'a str>,
    pub circle_id: Option<i64>,
    pub body: &'a str,
    pub recurrence: Option<&'a str>,
    pub timezone: &'a str,
    pub created_at: DateTime<Utc>,
    pub first_due: DateTime<Utc>,
    pub origin_channel: Option<&'a str>,
}

impl Store {
    /// Creates a reminder and its job in one transaction.
    pub async fn create_reminder(&self, new: &NewReminder<'_>) -> Result<i64, StoreError> {
        let now = to_millis(new.created_at);
        write_tx!(self, |tx| {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO reminders (community_id, creator_id, recipient_kind, recipient_id,
                     thread_id, circle_id, body, recurrence, timezone, state, created_at,
                     origin_channel)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11)
                 RETURNING id",
            )
            .bind(new.community_id)
            .bind(new.creator_id)
            .bind(new.recipient_kind.as_str())
            .bind(new.recipient_id)
            .bind(new.thread_id)
            .bind(new.circle_id)
            .bind(new.body)
            .bind(new.recurrence)
            .bind(new.timezone)
            .bind(now)
            .bind(new.origin_channel)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                 VALUES ($1, $2, $3, 'pending', $4)",
            )
            .bind(JobKind::Reminder.as_str())
            .bind(id)
            .bind(to_millis(new.first_due))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(id)
        })
    }

    pub async fn reminder(&self, id: i64) -> Result<Option<ReminderRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, ReminderRow>(
                "SELECT r.id, r.community_id, r.creator_id, r.recipient_kind, r.recipient_id,
                        r.thread_id, r.circle_id, r.body, r.recurrence, r.timezone, r.state,
                        r.fired, r.created_at, r.origin_channel,
                        CASE WHEN j.state IN ('pending', 'running') THEN j.due_at END AS due_at
                 FROM reminders r LEFT JOIN jobs j ON j.kind = 'reminder' AND j.ref_id = r.id
                 WHERE r.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Active and paused reminders a member created or receives, soonest first.
    pub async fn reminders_of(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Vec<ReminderRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, ReminderRow>(
                "SELECT r.id, r.community_id, r.creator_id, r.recipient_kind, r.recipient_id,
                        r.thread_id, r.circle_id, r.body, r.recurrence, r.timezone, r.state,
                        r.fired, r.created_at, r.origin_channel,
                        CASE WHEN j.state IN ('pending', 'running') THEN j.due_at END AS due_at
                 FROM reminders r LEFT JOIN jobs j ON j.kind = 'reminder' AND j.ref_id = r.id
                 WHERE r.community_id = $1 AND (r.creator_id = $2 OR r.recipient_id = $2)
                   AND r.state IN ('active', 'paused')
                 ORDER BY CASE WHEN r.state = 'active' THEN 0 ELSE 1 END, j.due_at, r.id
                 LIMIT 50",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Sets a reminder's state and its job's together: `cancelled`, `paused`,
    /// or `active` again with the job due at `due`.
    pub async fn set_reminder_state(
        &self,
        id: i64,
        state: ReminderState,
        due: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let job_state = match state {
            ReminderState::Active => "pending",
            ReminderState::Paused => "paused",
            ReminderState::Done | ReminderState::Cancelled => "cancelled",
        };
        write_tx!(self, |tx| {
            sqlx::query("UPDATE reminders SET state = $2 WHERE id = $1")
                .bind(id)
                .bind(state.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE jobs SET state = $3, due_at = COALESCE($4, due_at), updated_at = $5,
                        lease_owner = NULL, lease_until = NULL
                 WHERE kind = 'reminder' AND ref_id = $1 AND state <> $2",
            )
            .bind(id)
            .bind("done")
            .bind(job_state)
            .bind(due.map(to_millis))
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(())
    }

    /// Active or paused reminders in a community: (created by `creator_id`, all).
    pub async fn reminder_counts(
        &self,
        community_id: &str,
        creator_id: &str,
    ) -> Result<(i64, i64), StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT COALESCE(SUM(CASE WHEN creator_id = $2 THEN 1 ELSE 0 END), 0), COUNT(*)
                 FROM reminders WHERE community_id = $1 AND state IN ('active', 'paused')",
            )
            .bind(community_id)
            .bind(creator_id)
            .fetch_one(pool)
            .await?
        }))
    }
}
