//! Check-ins, goals, members' availability, and the nudge job each circle has.

use chrono::{DateTime, Utc};

stored_enum! {
    /// Whether a goal is still ahead.
    pub enum GoalState {
        Open = "open",
        Done = "done",
    }
}

use crate::domain::circle::RecipientRole;
use crate::store::{Store, StoreError, stored_enum, to_millis, with_pool, write_tx};

/// Days without a check-in before a new circle is nudged: the default of
/// `circles.nudge_after_days` (migration 0003; a contract test keeps the
/// two equal).
pub const DEFAULT_NUDGE_DAYS: i64 = 14;

/// (Re)starts a circle's nudge at the bottom of its ladder. The occurrence
/// moves on, so the next sends get fresh idempotency keys.
const NUDGE_UPSERT: &str = "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
     VALUES ('nudge', $1, $2, 'pending', $3)
     ON CONFLICT (kind, ref_id) DO UPDATE
     SET due_at = excluded.due_at, state = 'pending', step = 0,
         occurrence = jobs.occurrence + 1, attempts = 0,
         lease_owner = NULL, lease_until = NULL, updated_at = excluded.updated_at";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: i64,
    pub body: String,
    #[sqlx(try_from = "String")]
    pub state: GoalState,
    pub created_at: i64,
}

/// Someone a nudge may go to, with what decides whether and when.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recipient {
    pub user_id: String,
    pub display_name: String,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub away_until: Option<i64>,
    pub quiet_hours: Option<String>,
    /// The circle role for circle members, `Admin` for admins, `Member`
    /// for a member reached as such.
    #[sqlx(try_from = "String")]
    pub role: RecipientRole,
}

impl Store {
    /// Logs a check-in; a circle's check-in also pushes its nudge back to
    /// `nudge_due` and restarts the escalation ladder. One transaction.
    pub async fn record_checkin(
        &self,
        community_id: &str,
        circle_id: Option<i64>,
        user_id: &str,
        note: Option<&str>,
        now: DateTime<Utc>,
        nudge_due: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        write_tx!(self, |tx| {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO checkins (community_id, circle_id, user_id, note, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(community_id)
            .bind(circle_id)
            .bind(user_id)
            .bind(note)
            .bind(to_millis(now))
            .fetch_one(&mut *tx)
            .await?;
            if let Some(circle) = circle_id {
                sqlx::query("UPDATE circles SET last_checkin_at = $2 WHERE id = $1")
                    .bind(circle)
                    .bind(to_millis(now))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(NUDGE_UPSERT)
                    .bind(circle)
                    .bind(to_millis(nudge_due))
                    .bind(to_millis(now))
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(id)
        })
    }

    /// Schedules (or reschedules) a circle's first nudge.
    pub async fn schedule_nudge(
        &self,
        circle_id: i64,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(NUDGE_UPSERT)
                .bind(circle_id)
                .bind(to_millis(due))
                .bind(to_millis(now))
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Stops a circle's nudges (it was archived).
    pub async fn cancel_nudge(&self, circle_id: i64) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE jobs SET state = 'cancelled' WHERE kind = 'nudge' AND ref_id = $1")
                .bind(circle_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn set_nudge_days(&self, circle_id: i64, days: i64) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE circles SET nudge_after_days = $2 WHERE id = $1")
                .bind(circle_id)
                .bind(days)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// A circle's nudge settings: (days without a check-in, last check-in,
    /// home channel). A new circle has [`DEFAULT_NUDGE_DAYS`].
    pub async fn nudge_settings(
        &self,
        circle_id: i64,
    ) -> Result<Option<(i64, Option<i64>, Option<String>)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, Option<i64>, Option<String>)>(
                "SELECT nudge_after_days, last_checkin_at, channel_id FROM circles WHERE id = $1",
            )
            .bind(circle_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Whether a circle posts in its discussion thread.
    pub async fn circle_thread(&self, circle_id: i64) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, bool>("SELECT discussion_thread FROM circles WHERE id = $1")
                .bind(circle_id)
                .fetch_optional(pool)
                .await?
        })
        .unwrap_or(false))
    }

    pub async fn set_circle_thread(&self, circle_id: i64, on: bool) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE circles SET discussion_thread = $2 WHERE id = $1")
                .bind(circle_id)
                .bind(on)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn set_circle_channel(
        &self,
        circle_id: i64,
        channel_id: &str,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE circles SET channel_id = $2 WHERE id = $1")
                .bind(circle_id)
                .bind(channel_id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// A circle's members, as nudge recipients.
    pub async fn circle_recipients(&self, circle_id: i64) -> Result<Vec<Recipient>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Recipient>(
                "SELECT m.user_id, m.display_name, COALESCE(m.locale, m.platform_locale) AS locale, m.timezone, m.away_until,
                        m.quiet_hours, cm.role
                 FROM circle_members cm
                 JOIN members m ON m.community_id = cm.community_id AND m.user_id = cm.user_id
                 WHERE cm.circle_id = $1 ORDER BY m.user_id",
            )
            .bind(circle_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The community's admins, as nudge recipients.
    pub async fn admin_recipients(&self, community_id: &str) -> Result<Vec<Recipient>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Recipient>(
                "SELECT user_id, display_name, COALESCE(locale, platform_locale) AS locale, timezone,
                        away_until, quiet_hours,
                        'admin' AS role
                 FROM members WHERE community_id = $1 AND is_admin ORDER BY user_id",
            )
            .bind(community_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// One member as a delivery recipient (quiet hours, zone, language).
    pub async fn recipient(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Option<Recipient>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Recipient>(
                "SELECT user_id, display_name, COALESCE(locale, platform_locale) AS locale, timezone,
                        away_until, quiet_hours,
                        'member' AS role
                 FROM members WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn set_member_admin(
        &self,
        community_id: &str,
        user_id: &str,
        is_admin: bool,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE members SET is_admin = $3 WHERE community_id = $1 AND user_id = $2 AND is_admin <> $3")
                .bind(community_id)
                .bind(user_id)
                .bind(is_admin)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn set_away(
        &self,
        community_id: &str,
        user_id: &str,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE members SET away_until = $3 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(until.map(to_millis))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn set_quiet_hours(
        &self,
        community_id: &str,
        user_id: &str,
        hours: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE members SET quiet_hours = $3 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(hours)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn add_goal(
        &self,
        community_id: &str,
        user_id: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO goals (community_id, user_id, body, state, created_at)
                 VALUES ($1, $2, $3, 'open', $4) RETURNING id",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(body)
            .bind(to_millis(now))
            .fetch_one(pool)
            .await?
        }))
    }

    /// A member's goals, open ones first.
    pub async fn goals(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Vec<GoalRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, GoalRow>(
                "SELECT id, body, state, created_at FROM goals
                 WHERE community_id = $1 AND user_id = $2
                 ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, id LIMIT 50",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Marks one of a member's open goals done; its text, or `None`.
    pub async fn complete_goal(
        &self,
        community_id: &str,
        user_id: &str,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "UPDATE goals SET state = 'done', done_at = $4
                 WHERE id = $3 AND community_id = $1 AND user_id = $2 AND state = 'open'
                 RETURNING body",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(id)
            .bind(to_millis(now))
            .fetch_optional(pool)
            .await?
        }))
    }
}
