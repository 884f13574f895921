//! Circles and their members. Capacity is enforced in the database: a
//! trigger keeps `circles.member_count` in step with `circle_members`, and
//! the `CHECK (member_count BETWEEN 0 AND capacity)` makes an insert into a
//! full circle fail. Joining is one statement, serialized by the circle's row
//! lock on PostgreSQL and the single writer on SQLite.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, to_millis, with_pool};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CircleRow {
    pub id: i64,
    pub community_id: String,
    pub name: String,
    pub topic: Option<String>,
    pub kind: String,
    pub capacity: i64,
    pub member_count: i64,
    pub created_by: String,
    pub created_at: i64,
    pub archived_at: Option<i64>,
}

#[derive(Debug, sqlx::FromRow)]
struct CirclePageRow {
    #[sqlx(flatten)]
    circle: CircleRow,
    total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CircleMemberRow {
    pub user_id: String,
    pub display_name: String,
    pub role: String,
    pub joined_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCircle<'a> {
    pub community_id: &'a str,
    pub name: &'a str,
    pub name_key: &'a str,
    pub topic: Option<&'a str>,
    pub kind: &'a str,
    pub capacity: i64,
    pub created_by: &'a str,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddMemberOutcome {
    Added,
    AlreadyMember {
        role: String,
    },
    Full,
    /// The circle was archived (or never existed).
    Gone,
}

impl Store {
    /// Creates a circle; `None` when an active circle already has that name.
    pub async fn create_circle(
        &self,
        new: &NewCircle<'_>,
    ) -> Result<Option<CircleRow>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as::<_, CircleRow>(
                "INSERT INTO circles (community_id, name, name_key, topic, kind, capacity, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT DO NOTHING
                 RETURNING id, community_id, name, topic, kind, capacity, member_count,
                           created_by, created_at, archived_at",
            )
            .bind(new.community_id)
            .bind(new.name)
            .bind(new.name_key)
            .bind(new.topic)
            .bind(new.kind)
            .bind(new.capacity)
            .bind(new.created_by)
            .bind(to_millis(new.created_at))
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The active circle with this name key in a community.
    pub async fn circle_by_name(
        &self,
        community_id: &str,
        name_key: &str,
    ) -> Result<Option<CircleRow>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as::<_, CircleRow>(
                "SELECT id, community_id, name, topic, kind, capacity, member_count,
                        created_by, created_at, archived_at
                 FROM circles WHERE community_id = $1 AND name_key = $2 AND archived_at IS NULL",
            )
            .bind(community_id)
            .bind(name_key)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// A circle by id, archived or not.
    pub async fn circle_by_id(&self, id: i64) -> Result<Option<CircleRow>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as::<_, CircleRow>(
                "SELECT id, community_id, name, topic, kind, capacity, member_count,
                        created_by, created_at, archived_at
                 FROM circles WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Active circles of a community, by name.
    pub async fn list_circles(&self, community_id: &str) -> Result<Vec<CircleRow>, StoreError> {
        Ok(self.circles_page(community_id, i64::MAX, 0).await?.0)
    }

    /// One page of a community's active circles, by name, and how many
    /// there are in all.
    pub async fn circles_page(
        &self,
        community_id: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<CircleRow>, i64), StoreError> {
        let rows = with_pool!(self, pool => {
            sqlx::query_as::<_, CirclePageRow>(
                "SELECT id, community_id, name, topic, kind, capacity, member_count,
                        created_by, created_at, archived_at, COUNT(*) OVER () AS total
                 FROM circles WHERE community_id = $1 AND archived_at IS NULL
                 ORDER BY name_key LIMIT $2 OFFSET $3",
            )
            .bind(community_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await?
        });
        let total = match rows.first() {
            Some(row) => row.total,
            None => self.count_circles(community_id).await?,
        };
        Ok((rows.into_iter().map(|r| r.circle).collect(), total))
    }

    async fn count_circles(&self, community_id: &str) -> Result<i64, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM circles WHERE community_id = $1 AND archived_at IS NULL",
            )
            .bind(community_id)
            .fetch_one(pool)
            .await?
        }))
    }

    /// The names of a community's active circles (for suggestions).
    pub async fn circle_names(&self, community_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar::<_, String>(
                "SELECT name FROM circles WHERE community_id = $1 AND archived_at IS NULL
                 ORDER BY name_key",
            )
            .bind(community_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Members of a circle with their roles, hosts first.
    pub async fn circle_members(&self, circle_id: i64) -> Result<Vec<CircleMemberRow>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as::<_, CircleMemberRow>(
                "SELECT cm.user_id, m.display_name, cm.role, cm.joined_at
                 FROM circle_members cm
                 JOIN members m ON m.community_id = cm.community_id AND m.user_id = cm.user_id
                 WHERE cm.circle_id = $1
                 ORDER BY CASE cm.role WHEN 'host' THEN 0 WHEN 'mentor' THEN 1 ELSE 2 END,
                          m.display_key, cm.user_id",
            )
            .bind(circle_id)
            .fetch_all(pool)
            .await?
        }))
    }

    pub async fn circle_role(
        &self,
        circle_id: i64,
        user_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar::<_, String>(
                "SELECT role FROM circle_members WHERE circle_id = $1 AND user_id = $2",
            )
            .bind(circle_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Adds a member if the circle is active, not full, and they are not in it yet.
    pub async fn add_circle_member(
        &self,
        circle: &CircleRow,
        user_id: &str,
        role: &str,
        now: DateTime<Utc>,
    ) -> Result<AddMemberOutcome, StoreError> {
        let inserted = with_pool!(self, pool => {
            sqlx::query_scalar::<_, String>(
                "INSERT INTO circle_members (circle_id, community_id, user_id, role, joined_at)
                 SELECT id, community_id, $2, $3, $4 FROM circles
                 WHERE id = $1 AND archived_at IS NULL
                 ON CONFLICT (circle_id, user_id) DO NOTHING
                 RETURNING role",
            )
            .bind(circle.id)
            .bind(user_id)
            .bind(role)
            .bind(to_millis(now))
            .fetch_optional(pool)
            .await
        });
        match inserted {
            Ok(Some(_)) => Ok(AddMemberOutcome::Added),
            Ok(None) => Ok(match self.circle_role(circle.id, user_id).await? {
                Some(role) => AddMemberOutcome::AlreadyMember { role },
                None => AddMemberOutcome::Gone,
            }),
            Err(sqlx::Error::Database(error))
                if error.kind() == sqlx::error::ErrorKind::CheckViolation =>
            {
                // Full, unless they were already in (a conflict is checked
                // after the trigger's CHECK on some backends).
                Ok(match self.circle_role(circle.id, user_id).await? {
                    Some(role) => AddMemberOutcome::AlreadyMember { role },
                    None => AddMemberOutcome::Full,
                })
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Changes a member's role; false if they are not in the circle.
    pub async fn set_circle_role(
        &self,
        circle_id: i64,
        user_id: &str,
        role: &str,
    ) -> Result<bool, StoreError> {
        let done = with_pool!(self, pool => {
            sqlx::query("UPDATE circle_members SET role = $3 WHERE circle_id = $1 AND user_id = $2")
                .bind(circle_id)
                .bind(user_id)
                .bind(role)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Removes a member; false if they were not in the circle.
    pub async fn remove_circle_member(
        &self,
        circle_id: i64,
        user_id: &str,
    ) -> Result<bool, StoreError> {
        let removed = with_pool!(self, pool => {
            sqlx::query("DELETE FROM circle_members WHERE circle_id = $1 AND user_id = $2")
                .bind(circle_id)
                .bind(user_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(removed == 1)
    }

    /// Archives an active circle; false if it was already archived.
    pub async fn archive_circle(
        &self,
        circle_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = with_pool!(self, pool => {
            sqlx::query("UPDATE circles SET archived_at = $2 WHERE id = $1 AND archived_at IS NULL")
                .bind(circle_id)
                .bind(to_millis(now))
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
