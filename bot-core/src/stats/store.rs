//! The reads behind `stats`: a scope's circles and members, their activity,
//! meetings, rounds, goals and first joins, each for a period and the one
//! before it in one pass.

use crate::store::{Store, StoreError, with_pool};

/// The circles a scope covers ($1 community, $2 one circle or NULL, $3 the
/// host whose circles they are or NULL): active ones.
const SCOPE: &str = "SELECT c.id FROM circles c WHERE c.community_id = $1 AND c.archived_at IS NULL
    AND ($2 IS NULL OR c.id = $2)
    AND ($3 IS NULL OR EXISTS (SELECT 1 FROM circle_members h
        WHERE h.circle_id = c.id AND h.user_id = $3 AND h.role = 'host'))";

/// The same, archived circles included (who ever joined them).
const SCOPE_EVER: &str = "SELECT c.id FROM circles c WHERE c.community_id = $1
    AND ($2 IS NULL OR c.id = $2)
    AND ($3 IS NULL OR EXISTS (SELECT 1 FROM circle_members h
        WHERE h.circle_id = c.id AND h.user_id = $3 AND h.role = 'host'))";

/// What `stats` is about: a community, or some of its circles.
#[derive(Debug, Clone)]
pub struct Scope {
    pub community_id: String,
    pub circle_id: Option<i64>,
    /// Only the circles this member hosts.
    pub host: Option<String>,
}

impl Scope {
    /// Whether it is less than the whole community: activity then counts
    /// only where it happened in its circles.
    pub fn narrowed(&self) -> bool {
        self.circle_id.is_some() || self.host.is_some()
    }
}

/// Instants (epoch milliseconds) that bound the period and the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub prev_start: i64,
    pub start: i64,
    pub end: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScopeCircle {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub nudge_after_days: i64,
    pub last_checkin_at: Option<i64>,
    pub last_round_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScopeMember {
    pub circle_id: i64,
    pub user_id: String,
    pub role: String,
    pub joined_at: i64,
}

/// A member's latest activity before the period began, and before it ended.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Activity {
    pub user_id: String,
    pub before_start: Option<i64>,
    pub latest: Option<i64>,
}

/// A circle's meeting days in the period before, and in the period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Meetings {
    pub circle_id: i64,
    pub before: i64,
    pub now: i64,
}

/// Goals: (due, done) in the period before, and in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoalCounts {
    pub before_due: i64,
    pub before_done: i64,
    pub due: i64,
    pub done: i64,
}

impl Store {
    pub async fn stats_circles(&self, scope: &Scope) -> Result<Vec<ScopeCircle>, StoreError> {
        let sql = format!(
            "SELECT c.id, c.name, c.created_at, c.nudge_after_days, c.last_checkin_at,
                    (SELECT MAX(r.ended_at) FROM rounds r
                     WHERE r.circle_id = c.id AND r.state = 'done') AS last_round_at
             FROM circles c WHERE c.id IN ({SCOPE}) ORDER BY c.name_key"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, ScopeCircle>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn stats_members(&self, scope: &Scope) -> Result<Vec<ScopeMember>, StoreError> {
        let sql = format!(
            "SELECT cm.circle_id, cm.user_id, cm.role, cm.joined_at FROM circle_members cm
             WHERE cm.circle_id IN ({SCOPE})"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, ScopeMember>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Each member's latest activity since `from`: check-ins, rounds taken
    /// part in and their notes, goals set or reached (the last only for the
    /// whole community: a goal belongs to no circle).
    pub async fn stats_activity(
        &self,
        scope: &Scope,
        from: i64,
        bounds: Bounds,
    ) -> Result<Vec<Activity>, StoreError> {
        let rounds = format!("SELECT r.id FROM rounds r WHERE r.circle_id IN ({SCOPE})");
        let sql = format!(
            "SELECT user_id, MAX(CASE WHEN at < $5 THEN at END) AS before_start,
                    MAX(at) AS latest
             FROM (
                SELECT user_id, created_at AS at FROM checkins
                 WHERE community_id = $1 AND created_at >= $4 AND created_at < $6
                   AND (NOT $7 OR circle_id IN ({SCOPE}))
                UNION ALL
                SELECT rp.user_id, rp.joined_at FROM round_people rp
                 WHERE rp.community_id = $1 AND rp.joined_at >= $4 AND rp.joined_at < $6
                   AND (NOT $7 OR rp.round_id IN ({rounds}))
                UNION ALL
                SELECT n.user_id, n.created_at FROM round_notes n
                 WHERE n.community_id = $1 AND n.created_at >= $4 AND n.created_at < $6
                   AND (NOT $7 OR n.round_id IN ({rounds}))
                UNION ALL
                SELECT g.user_id, g.created_at FROM goals g
                 WHERE NOT $7 AND g.community_id = $1 AND g.created_at >= $4 AND g.created_at < $6
                UNION ALL
                SELECT g.user_id, g.done_at FROM goals g
                 WHERE NOT $7 AND g.community_id = $1 AND g.done_at >= $4 AND g.done_at < $6
             ) a GROUP BY user_id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Activity>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .bind(from)
                .bind(bounds.start)
                .bind(bounds.end)
                .bind(scope.narrowed())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Meeting days per circle: days (shifted by `offset_ms` into the
    /// reader's zone) with a circle check-in or a round that ended.
    pub async fn stats_meetings(
        &self,
        scope: &Scope,
        bounds: Bounds,
        offset_ms: i64,
    ) -> Result<Vec<Meetings>, StoreError> {
        let sql = format!(
            "SELECT circle_id, SUM(CASE WHEN at < $5 THEN 1 ELSE 0 END) AS before,
                    SUM(CASE WHEN at >= $5 THEN 1 ELSE 0 END) AS now
             FROM (
                SELECT circle_id, MIN(at) AS at FROM (
                    SELECT circle_id, created_at AS at FROM checkins
                     WHERE community_id = $1 AND created_at >= $4 AND created_at < $6
                       AND circle_id IN ({SCOPE})
                    UNION ALL
                    SELECT circle_id, ended_at FROM rounds
                     WHERE community_id = $1 AND state = 'done' AND ended_at >= $4
                       AND ended_at < $6 AND circle_id IN ({SCOPE})
                ) m GROUP BY circle_id, (at + $7) / 86400000
             ) d GROUP BY circle_id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Meetings>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .bind(bounds.prev_start)
                .bind(bounds.start)
                .bind(bounds.end)
                .bind(offset_ms)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Rounds that ended (not cancelled): (before, now).
    pub async fn stats_rounds(
        &self,
        scope: &Scope,
        bounds: Bounds,
    ) -> Result<(i64, i64), StoreError> {
        let sql = format!(
            "SELECT COALESCE(SUM(CASE WHEN ended_at < $5 THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN ended_at >= $5 THEN 1 ELSE 0 END), 0)
             FROM rounds WHERE community_id = $1 AND state = 'done' AND ended_at >= $4
               AND ended_at < $6 AND circle_id IN ({SCOPE})"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .bind(bounds.prev_start)
                .bind(bounds.start)
                .bind(bounds.end)
                .fetch_one(pool)
                .await?
        }))
    }

    /// The goals of the scope's members: those open at some point in a
    /// period (set before its end, not reached before its start), and
    /// those reached in it.
    pub async fn stats_goals(
        &self,
        scope: &Scope,
        bounds: Bounds,
    ) -> Result<GoalCounts, StoreError> {
        let sql = format!(
            "SELECT
               COALESCE(SUM(CASE WHEN created_at < $5 AND (done_at IS NULL OR done_at >= $4)
                            THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN done_at >= $4 AND done_at < $5 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN done_at IS NULL OR done_at >= $5 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN done_at >= $5 AND done_at < $6 THEN 1 ELSE 0 END), 0)
             FROM goals
             WHERE community_id = $1 AND created_at < $6 AND (done_at IS NULL OR done_at >= $4)
               AND user_id IN (SELECT cm.user_id FROM circle_members cm
                               WHERE cm.circle_id IN ({SCOPE}))"
        );
        let (before_due, before_done, due, done) = with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64, i64, i64)>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .bind(bounds.prev_start)
                .bind(bounds.start)
                .bind(bounds.end)
                .fetch_one(pool)
                .await?
        });
        Ok(GoalCounts {
            before_due,
            before_done,
            due,
            done,
        })
    }

    /// When each member first joined one of the scope's circles (archived
    /// ones included), for those whose first join is in `[from, until)`.
    pub async fn stats_first_joins(
        &self,
        scope: &Scope,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = format!(
            "SELECT user_id, first FROM (
                SELECT user_id, MIN(joined_at) AS first FROM circle_joins
                 WHERE community_id = $1 AND circle_id IN ({SCOPE_EVER})
                 GROUP BY user_id
             ) j WHERE first >= $4 AND first < $5"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .bind(from)
                .bind(until)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The pulse runs (pulse id, run id) that opened in `[from, until)`:
    /// the community's, or those of the scope's circles.
    pub async fn stats_pulse_runs(
        &self,
        scope: &Scope,
        from: i64,
        until: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let sql = format!(
            "SELECT p.id, r.id FROM pulse_runs r JOIN pulses p ON p.id = r.pulse_id
             WHERE p.community_id = $1 AND r.opens_at >= $4 AND r.opens_at < $5
               AND (NOT $6 OR p.circle_id IN ({SCOPE}))
             ORDER BY r.id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .bind(from)
                .bind(until)
                .bind(scope.narrowed())
                .fetch_all(pool)
                .await?
        }))
    }
}
