//! Polls, their options and votes.

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError, to_millis, with_pool, write_tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PollRow {
    pub id: i64,
    pub community_id: String,
    pub channel_id: String,
    pub thread_id: Option<String>,
    pub circle_id: Option<i64>,
    pub creator_id: String,
    pub question: String,
    pub locale: String,
    pub timezone: String,
    pub multi: bool,
    pub anonymous: bool,
    pub hide_results: bool,
    pub closes_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub created_at: i64,
}

impl PollRow {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.closed_at.is_none() && self.closes_at.is_none_or(|at| at > to_millis(now))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPoll<'a> {
    pub community_id: &'a str,
    pub channel_id: &'a str,
    pub thread_id: Option<&'a str>,
    pub circle_id: Option<i64>,
    pub creator_id: &'a str,
    pub question: &'a str,
    pub locale: &'a str,
    pub timezone: &'a str,
    pub options: &'a [String],
    pub multi: bool,
    pub anonymous: bool,
    pub hide_results: bool,
    pub closes_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Counts per option (1-based positions, every option present) and how many
/// people voted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub counts: Vec<(i64, i64)>,
    pub voters: i64,
}

impl Tally {
    /// Votes for the option at `position`.
    pub fn count(&self, position: i64) -> i64 {
        self.counts
            .iter()
            .find(|(p, _)| *p == position)
            .map_or(0, |c| c.1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    Recorded,
    Closed,
}

impl Store {
    /// Creates a poll, its options and (when it closes by itself) its close job.
    pub async fn create_poll(&self, new: &NewPoll<'_>) -> Result<i64, StoreError> {
        write_tx!(self, |tx| {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO polls (community_id, channel_id, thread_id, circle_id, creator_id,
                                    question, multi, anonymous, hide_results, closes_at, created_at,
                                    locale, timezone)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(new.community_id)
            .bind(new.channel_id)
            .bind(new.thread_id)
            .bind(new.circle_id)
            .bind(new.creator_id)
            .bind(new.question)
            .bind(new.multi)
            .bind(new.anonymous)
            .bind(new.hide_results)
            .bind(new.closes_at.map(to_millis))
            .bind(to_millis(new.created_at))
            .bind(new.locale)
            .bind(new.timezone)
            .fetch_one(&mut *tx)
            .await?;
            for (i, label) in new.options.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO poll_options (poll_id, position, label) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(i as i64 + 1)
                .bind(label)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(at) = new.closes_at {
                sqlx::query(
                    "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                     VALUES ('poll_close', $1, $2, 'pending', $3)",
                )
                .bind(id)
                .bind(to_millis(at))
                .bind(to_millis(new.created_at))
                .execute(&mut *tx)
                .await?;
            }
            Ok(id)
        })
    }

    pub async fn poll(&self, id: i64) -> Result<Option<PollRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, PollRow>(
                "SELECT id, community_id, channel_id, thread_id, circle_id, creator_id, question, locale, timezone,
                        multi, anonymous, hide_results, closes_at, closed_at, created_at
                 FROM polls WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Open polls in a channel (from a thread: its own and the channel's),
    /// newest first.
    pub async fn open_polls(
        &self,
        community_id: &str,
        channel_id: &str,
        thread_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<PollRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, PollRow>(
                "SELECT id, community_id, channel_id, thread_id, circle_id, creator_id, question, locale, timezone,
                        multi, anonymous, hide_results, closes_at, closed_at, created_at
                 FROM polls
                 WHERE community_id = $1 AND channel_id = $2 AND closed_at IS NULL
                   AND (closes_at IS NULL OR closes_at > $3)
                   AND (thread_id IS NULL OR thread_id = $4)
                 ORDER BY id DESC LIMIT 25",
            )
            .bind(community_id)
            .bind(channel_id)
            .bind(to_millis(now))
            .bind(thread_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Open polls in a community at `now`: (created by `creator_id`, all).
    pub async fn open_poll_counts(
        &self,
        community_id: &str,
        creator_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(i64, i64), StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT COALESCE(SUM(CASE WHEN creator_id = $2 THEN 1 ELSE 0 END), 0), COUNT(*)
                 FROM polls WHERE community_id = $1 AND closed_at IS NULL
                   AND (closes_at IS NULL OR closes_at > $3)",
            )
            .bind(community_id)
            .bind(creator_id)
            .bind(to_millis(now))
            .fetch_one(pool)
            .await?
        }))
    }

    /// The newest polls a member may see (their channel's, their circles',
    /// their own) as (id, question, still open), for completions.
    pub async fn recent_polls(
        &self,
        community_id: &str,
        user_id: &str,
        channel_id: &str,
        thread_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<(i64, String, bool)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, String, bool)>(
                "SELECT id, question, closed_at IS NULL FROM polls p
                 WHERE community_id = $1
                   AND (creator_id = $2
                        OR (circle_id IS NULL AND channel_id = $3
                            AND (thread_id IS NULL OR thread_id = $5))
                        OR circle_id IN (SELECT circle_id FROM circle_members WHERE user_id = $2))
                 ORDER BY id DESC LIMIT $4",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(channel_id)
            .bind(limit)
            .bind(thread_id)
            .fetch_all(pool)
            .await?
        }))
    }

    pub async fn poll_options(&self, poll_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT position, label FROM poll_options WHERE poll_id = $1 ORDER BY position",
            )
            .bind(poll_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Replaces a voter's choice with `positions`, if the poll is still open.
    ///
    /// An anonymous poll's rows must not tell who voted when, not even by
    /// their order: SQLite keeps them in key order (`WITHOUT ROWID`, and the
    /// voter is a keyed hash); PostgreSQL's heap keeps arrival order and
    /// each row's inserting transaction (`xmin`), so there the poll's rows
    /// are rewritten in key order, in one transaction, with every vote.
    pub async fn set_vote(
        &self,
        poll_id: i64,
        voter: &str,
        positions: &[i64],
        voted_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<VoteOutcome, StoreError> {
        let rewrite = voted_at.is_none() && matches!(self, Store::Postgres(_));
        write_tx!(self, |tx| {
            // Locks the poll's row while open: votes on one poll serialize,
            // so its voter count stays exact.
            let open = sqlx::query(
                "UPDATE polls SET voters = voters WHERE id = $1 AND closed_at IS NULL
                   AND (closes_at IS NULL OR closes_at > $2)",
            )
            .bind(poll_id)
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if open == 0 {
                tx.rollback().await?;
                return Ok(VoteOutcome::Closed);
            }
            let had = sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM poll_votes WHERE poll_id = $1 AND voter = $2",
            )
            .bind(poll_id)
            .bind(voter)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM poll_votes WHERE poll_id = $1 AND voter = $2")
                .bind(poll_id)
                .bind(voter)
                .execute(&mut *tx)
                .await?;
            for position in positions {
                sqlx::query(
                    "INSERT INTO poll_votes (poll_id, voter, position, voted_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(poll_id)
                .bind(voter)
                .bind(position)
                .bind(voted_at.map(to_millis))
                .execute(&mut *tx)
                .await?;
            }
            if rewrite {
                sqlx::query(
                    "WITH old AS (DELETE FROM poll_votes WHERE poll_id = $1 RETURNING voter, position)
                     INSERT INTO poll_votes (poll_id, voter, position)
                     SELECT $1, voter, position FROM old ORDER BY voter, position",
                )
                .bind(poll_id)
                .execute(&mut *tx)
                .await?;
            }
            let delta = i64::from(!positions.is_empty()) - i64::from(had > 0);
            if delta != 0 {
                sqlx::query("UPDATE polls SET voters = voters + $2 WHERE id = $1")
                    .bind(poll_id)
                    .bind(delta)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(VoteOutcome::Recorded)
        })
    }

    /// A voter's current choice.
    pub async fn vote_of(&self, poll_id: i64, voter: &str) -> Result<Vec<i64>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT position FROM poll_votes WHERE poll_id = $1 AND voter = $2 ORDER BY position",
            )
            .bind(poll_id)
            .bind(voter)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Counts per option (an index-only count on PostgreSQL) and the
    /// poll's voter count.
    pub async fn tally(&self, poll_id: i64) -> Result<Tally, StoreError> {
        let (counted, voters, options) = with_pool!(self, |pool| {
            let counted = sqlx::query_as::<_, (i64, i64)>(
                "SELECT position, COUNT(*) FROM poll_votes WHERE poll_id = $1
                 GROUP BY position ORDER BY position",
            )
            .bind(poll_id)
            .fetch_all(pool)
            .await?;
            let (voters, options) = sqlx::query_as::<_, (i64, i64)>(
                "SELECT voters, (SELECT COUNT(*) FROM poll_options WHERE poll_id = $1)
                 FROM polls WHERE id = $1",
            )
            .bind(poll_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or((0, 0));
            (counted, voters, options)
        });
        let counts = (1..=options)
            .map(|p| (p, counted.iter().find(|(q, _)| *q == p).map_or(0, |c| c.1)))
            .collect();
        Ok(Tally { counts, voters })
    }

    /// Closes an open poll; false if it was already closed.
    pub async fn close_poll(&self, poll_id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let closed = with_pool!(self, |pool| {
            sqlx::query("UPDATE polls SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL")
                .bind(poll_id)
                .bind(to_millis(now))
                .execute(pool)
                .await?
                .rows_affected()
        });
        if closed == 1 {
            with_pool!(self, |pool| {
                sqlx::query(
                    "UPDATE jobs SET state = 'cancelled'
                     WHERE kind IN ('poll_close', 'poll_tally') AND ref_id = $1 AND state = 'pending'",
                )
                .bind(poll_id)
                .execute(pool)
                .await?;
                // An anonymous poll's live tally ran just after votes: once
                // it is closed, its times say only when the poll began.
                sqlx::query(
                    "UPDATE jobs SET due_at = p.created_at, updated_at = p.created_at
                     FROM polls p
                     WHERE jobs.kind = 'poll_tally' AND jobs.ref_id = $1 AND p.id = $1
                       AND p.anonymous AND jobs.state <> 'running'",
                )
                .bind(poll_id)
                .execute(pool)
                .await?;
            });
        }
        Ok(closed == 1)
    }

    /// Asks for the poll message's tally to be refreshed at `due`, unless a
    /// refresh is already waiting (that one will show the latest votes).
    pub async fn schedule_tally(
        &self,
        poll_id: i64,
        due: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                 VALUES ('poll_tally', $1, $2, 'pending', $3)
                 ON CONFLICT (kind, ref_id) DO UPDATE
                 SET state = 'pending', due_at = excluded.due_at, updated_at = excluded.updated_at,
                     occurrence = jobs.occurrence + 1, lease_owner = NULL, lease_until = NULL
                 WHERE jobs.state <> 'pending'",
            )
            .bind(poll_id)
            .bind(to_millis(due))
            .bind(to_millis(now))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Every vote of a non-anonymous poll: (voter id, display name, option).
    pub async fn poll_ballots(
        &self,
        poll_id: i64,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (String, String, i64)>(
                "SELECT v.voter, COALESCE(m.display_name, v.voter), v.position
                 FROM poll_votes v
                 JOIN polls p ON p.id = v.poll_id
                 LEFT JOIN members m ON m.community_id = p.community_id AND m.user_id = v.voter
                 WHERE v.poll_id = $1 AND NOT p.anonymous
                 ORDER BY v.voter, v.position",
            )
            .bind(poll_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
