//! The reads behind `stats`: a scope's circles and members, their activity,
//! meetings, rounds, goals and first joins, each for a period and the one
//! before it in one pass.
//!
//! The reads that return a row per member or per circle return one row
//! instead, holding them all as JSON (`store::json_rows`).

use crate::store::{Store, StoreError, json_rows, parse_json, with_pool};

/// The circles a scope covers ($1 community, $2 one circle or NULL, $3 the
/// host whose circles they are or NULL): active ones.
const SCOPE: &str = "SELECT c.id FROM circles c WHERE c.community_id = $1 AND c.archived_at IS NULL
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
    /// Once read (`stats_circles`): the ids of a narrowed scope's circles.
    /// Interpolated into SQL as numbers (they come from the database, never
    /// from a member), so each query filters by a plain list instead of
    /// joining circles, which PostgreSQL plans badly before it has
    /// statistics.
    pub circle_ids: Option<Vec<i64>>,
}

impl Scope {
    /// Whether it is less than the whole community: activity then counts
    /// only where it happened in its circles.
    pub fn narrowed(&self) -> bool {
        self.circle_id.is_some() || self.host.is_some()
    }

    /// A narrowed scope's circles as an SQL list (`NULL` when it has none,
    /// which matches nothing); `None` for the whole community.
    fn ids(&self) -> Option<String> {
        if !self.narrowed() {
            return None;
        }
        let ids = self.circle_ids.as_deref().unwrap_or_default();
        if ids.is_empty() {
            return Some("NULL".to_owned());
        }
        Some(
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        )
    }

    /// `circle_id IN (…)`, or any circle for the whole community.
    fn circle_filter(&self) -> String {
        match self.ids() {
            Some(ids) => format!("circle_id IN ({ids})"),
            None => "circle_id IS NOT NULL".to_owned(),
        }
    }
}

/// Instants (epoch milliseconds) that bound the period and the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub prev_start: i64,
    pub start: i64,
    pub end: i64,
}

#[derive(Debug, Clone)]
pub struct ScopeCircle {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub nudge_after_days: i64,
    pub last_checkin_at: Option<i64>,
    pub last_round_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ScopeMember {
    pub circle_id: i64,
    pub user_id: String,
    pub role: String,
    pub joined_at: i64,
}

/// A member's latest activity before the period began, and before it ended.
#[derive(Debug, Clone)]
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

fn activity_rows(json: &str) -> Result<Vec<Activity>, StoreError> {
    let rows: Vec<(String, Option<i64>, Option<i64>)> = parse_json(json)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, before_start, latest)| Activity {
            user_id,
            before_start,
            latest,
        })
        .collect())
}

impl Store {
    pub async fn stats_circles(&self, scope: &Scope) -> Result<Vec<ScopeCircle>, StoreError> {
        let inner = format!(
            "SELECT c.id, c.name, c.name_key, c.created_at, c.nudge_after_days, c.last_checkin_at,
                    (SELECT MAX(r.ended_at) FROM rounds r
                     WHERE r.circle_id = c.id AND r.state = 'done') AS last_round_at
             FROM circles c WHERE c.id IN ({SCOPE})"
        );
        let sql = json_rows(
            self,
            "id, name, name_key, created_at, nudge_after_days, last_checkin_at, last_round_at",
            &inner,
        );
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .fetch_one(pool)
                .await?
        });
        type Row = (i64, String, String, i64, i64, Option<i64>, Option<i64>);
        let mut rows: Vec<Row> = parse_json(&json)?;
        rows.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
        Ok(rows
            .into_iter()
            .map(
                |(id, name, _, created_at, nudge_after_days, last_checkin_at, last_round_at)| {
                    ScopeCircle {
                        id,
                        name,
                        created_at,
                        nudge_after_days,
                        last_checkin_at,
                        last_round_at,
                    }
                },
            )
            .collect())
    }

    pub async fn stats_members(&self, scope: &Scope) -> Result<Vec<ScopeMember>, StoreError> {
        let inner = format!(
            "SELECT cm.circle_id, cm.user_id, cm.role, cm.joined_at FROM circle_members cm
             WHERE cm.circle_id IN ({SCOPE})"
        );
        let sql = json_rows(self, "circle_id, user_id, role, joined_at", &inner);
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(scope.circle_id)
                .bind(scope.host.as_deref())
                .fetch_one(pool)
                .await?
        });
        let rows: Vec<(i64, String, String, i64)> = parse_json(&json)?;
        Ok(rows
            .into_iter()
            .map(|(circle_id, user_id, role, joined_at)| ScopeMember {
                circle_id,
                user_id,
                role,
                joined_at,
            })
            .collect())
    }

    /// Each person who ever joined one of the scope's circles, with their
    /// latest check-in (in those circles, for a narrowed scope) before the
    /// period began and before it ended: two index lookups per person
    /// (`checkins_by_member`, newest first), however many check-ins there
    /// are.
    pub async fn stats_checkin_activity(
        &self,
        scope: &Scope,
        bounds: Bounds,
    ) -> Result<Vec<Activity>, StoreError> {
        let (joins, checkins) = match scope.ids() {
            Some(ids) => (
                format!("AND circle_id IN ({ids})"),
                format!("AND c.circle_id IN ({ids})"),
            ),
            None => (String::new(), String::new()),
        };
        let inner = format!(
            "SELECT j.user_id,
                (SELECT MAX(c.created_at) FROM checkins c WHERE c.community_id = $1
                   AND c.user_id = j.user_id AND c.created_at < $2 {checkins}) AS before_start,
                (SELECT MAX(c.created_at) FROM checkins c WHERE c.community_id = $1
                   AND c.user_id = j.user_id AND c.created_at < $3 {checkins}) AS latest
             FROM (SELECT DISTINCT user_id FROM circle_joins WHERE community_id = $1 {joins}) j"
        );
        let sql = json_rows(self, "user_id, before_start, latest", &inner);
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(bounds.start)
                .bind(bounds.end)
                .fetch_one(pool)
                .await?
        });
        activity_rows(&json)
    }

    /// Each member's latest other activity since `from`: rounds taken part
    /// in and their notes, goals set or reached (goals only for the whole
    /// community: a goal belongs to no circle).
    pub async fn stats_other_activity(
        &self,
        scope: &Scope,
        from: i64,
        bounds: Bounds,
    ) -> Result<Vec<Activity>, StoreError> {
        let (rounds, goals) = match scope.ids() {
            Some(ids) => (
                format!("AND round_id IN (SELECT r.id FROM rounds r WHERE r.circle_id IN ({ids}))"),
                "AND 1 = 0",
            ),
            None => (String::new(), ""),
        };
        let sql = format!(
            "SELECT user_id, MAX(CASE WHEN at < $3 THEN at END) AS before_start,
                    MAX(at) AS latest
             FROM (
                SELECT user_id, joined_at AS at FROM round_people
                 WHERE community_id = $1 AND joined_at >= $2 AND joined_at < $4 {rounds}
                UNION ALL
                SELECT user_id, created_at FROM round_notes
                 WHERE community_id = $1 AND created_at >= $2 AND created_at < $4 {rounds}
                UNION ALL
                SELECT user_id, created_at FROM goals
                 WHERE community_id = $1 AND created_at >= $2 AND created_at < $4 {goals}
                UNION ALL
                SELECT user_id, done_at FROM goals
                 WHERE community_id = $1 AND done_at >= $2 AND done_at < $4 {goals}
             ) a GROUP BY user_id"
        );
        let sql = json_rows(self, "user_id, before_start, latest", &sql);
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(from)
                .bind(bounds.start)
                .bind(bounds.end)
                .fetch_one(pool)
                .await?
        });
        activity_rows(&json)
    }

    /// Meeting days per circle: days (shifted by `offset_ms` into the
    /// reader's zone) with a circle check-in or a round that ended, counted
    /// per circle through `checkins_by_circle` (a day with meetings on both
    /// sides of the period's start counts in both periods).
    pub async fn stats_meetings(
        &self,
        scope: &Scope,
        bounds: Bounds,
        offset_ms: i64,
    ) -> Result<Vec<Meetings>, StoreError> {
        let circles = match scope.ids() {
            Some(ids) => format!("c.id IN ({ids})"),
            None => "c.community_id = $1 AND c.archived_at IS NULL".to_owned(),
        };
        let days = |from: &str, until: &str| {
            format!(
                "(SELECT COUNT(*) FROM (
                    SELECT (k.created_at + $5) / 86400000 AS d FROM checkins k
                     WHERE k.circle_id = c.id AND k.created_at >= {from} AND k.created_at < {until}
                    UNION
                    SELECT (r.ended_at + $5) / 86400000 FROM rounds r
                     WHERE r.circle_id = c.id AND r.state = 'done'
                       AND r.ended_at >= {from} AND r.ended_at < {until}) m)"
            )
        };
        let inner = format!(
            "SELECT c.id AS circle_id, {} AS before, {} AS now
             FROM circles c WHERE {circles} AND c.community_id = $1",
            days("$2", "$3"),
            days("$3", "$4"),
        );
        let sql = json_rows(self, "circle_id, before, now", &inner);
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(bounds.prev_start)
                .bind(bounds.start)
                .bind(bounds.end)
                .bind(offset_ms)
                .fetch_one(pool)
                .await?
        });
        let rows: Vec<(i64, i64, i64)> = parse_json(&json)?;
        Ok(rows
            .into_iter()
            .map(|(circle_id, before, now)| Meetings {
                circle_id,
                before,
                now,
            })
            .collect())
    }

    /// Rounds that ended (not cancelled), per circle: (before, now).
    pub async fn stats_rounds(
        &self,
        scope: &Scope,
        bounds: Bounds,
    ) -> Result<Vec<Meetings>, StoreError> {
        let circles = scope.circle_filter();
        let sql = format!(
            "SELECT circle_id, SUM(CASE WHEN ended_at < $3 THEN 1 ELSE 0 END) AS before,
                    SUM(CASE WHEN ended_at >= $3 THEN 1 ELSE 0 END) AS now
             FROM rounds WHERE community_id = $1 AND state = 'done' AND ended_at >= $2
               AND ended_at < $4 AND {circles}
             GROUP BY circle_id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Meetings>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(bounds.prev_start)
                .bind(bounds.start)
                .bind(bounds.end)
                .fetch_all(pool)
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
        let members = match scope.ids() {
            Some(ids) => format!(
                "user_id IN (SELECT cm.user_id FROM circle_members cm
                  WHERE cm.circle_id IN ({ids}))"
            ),
            None => "user_id IN (SELECT cm.user_id FROM circle_members cm
                  JOIN circles c ON c.id = cm.circle_id
                  WHERE cm.community_id = $1 AND c.archived_at IS NULL)"
                .to_owned(),
        };
        let sql = format!(
            "SELECT
               COALESCE(SUM(CASE WHEN created_at < $3 AND (done_at IS NULL OR done_at >= $2)
                            THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN done_at >= $2 AND done_at < $3 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN done_at IS NULL OR done_at >= $3 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN done_at >= $3 AND done_at < $4 THEN 1 ELSE 0 END), 0)
             FROM goals g
             WHERE community_id = $1 AND created_at < $4 AND (done_at IS NULL OR done_at >= $2)
               AND {members}"
        );
        let (before_due, before_done, due, done) = with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64, i64, i64)>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
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

    /// When each member first joined one of the scope's circles (for the
    /// whole community: any of its circles, archived ones included), for
    /// those whose first join is in `[from, until)`.
    pub async fn stats_first_joins(
        &self,
        scope: &Scope,
        from: i64,
        until: i64,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let circles = match scope.ids() {
            Some(ids) => format!("AND circle_id IN ({ids})"),
            None => String::new(),
        };
        let inner = format!(
            "SELECT user_id, first FROM (
                SELECT user_id, MIN(joined_at) AS first FROM circle_joins
                 WHERE community_id = $1 {circles}
                 GROUP BY user_id
             ) j WHERE first >= $2 AND first < $3"
        );
        let sql = json_rows(self, "user_id, first", &inner);
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(from)
                .bind(until)
                .fetch_one(pool)
                .await?
        });
        parse_json(&json)
    }

    /// The pulse runs (pulse id, run id) that opened in `[from, until)`:
    /// the community's, or those of the scope's circles; not the mentors'
    /// ratings of their mentees' progress, which are no one's satisfaction.
    pub async fn stats_pulse_runs(
        &self,
        scope: &Scope,
        from: i64,
        until: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let circles = match scope.ids() {
            Some(ids) => format!("AND p.circle_id IN ({ids})"),
            None => String::new(),
        };
        let sql = format!(
            "SELECT p.id, r.id FROM pulse_runs r JOIN pulses p ON p.id = r.pulse_id
             WHERE p.community_id = $1 AND r.opens_at >= $2 AND r.opens_at < $3 {circles}
               AND (p.feedback IS NULL OR p.feedback <> 'progress')
             ORDER BY r.id"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&scope.community_id)
                .bind(from)
                .bind(until)
                .fetch_all(pool)
                .await?
        }))
    }
}
