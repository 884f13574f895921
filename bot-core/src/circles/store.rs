//! Circles and their members. Capacity is enforced in the database: a
//! trigger keeps `circles.member_count` in step with `circle_members`, and
//! the `CHECK (member_count BETWEEN 0 AND capacity)` makes an insert into a
//! full circle fail. Joining is one statement, serialized by the circle's row
//! lock on PostgreSQL and the single writer on SQLite.
//!
//! sqlx's SQLite driver hands every result row from its worker thread to the
//! async side separately (a thread wake-up per row, ~10 µs), so the two
//! hottest multi-row reads (`circle list`, `circle info`) return one row
//! holding a JSON array, built with each dialect's JSON aggregate.

use chrono::{DateTime, Utc};

use crate::domain::circle::{CircleKind, Role};
use crate::store::{Store, StoreError, parse_json, to_millis, with_pool};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct CircleRow {
    pub id: i64,
    pub community_id: String,
    pub name: String,
    pub topic: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: CircleKind,
    pub capacity: i64,
    pub member_count: i64,
    pub created_by: String,
    pub created_at: i64,
    pub archived_at: Option<i64>,
}

/// A circle in a JSON page, with its place in the database's order.
#[derive(Debug, serde::Deserialize)]
struct PagedCircle {
    #[serde(flatten)]
    circle: CircleRow,
    ord: i64,
}

/// A member in a circle's JSON member list, with its place in the
/// database's order.
#[derive(Debug, serde::Deserialize)]
struct ListedMember {
    #[serde(flatten)]
    member: CircleMemberRow,
    ord: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct CircleMemberRow {
    pub user_id: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub joined_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCircle<'a> {
    pub community_id: &'a str,
    pub name: &'a str,
    pub name_key: &'a str,
    pub topic: Option<&'a str>,
    pub kind: CircleKind,
    pub capacity: i64,
    pub created_by: &'a str,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddMemberOutcome {
    /// Added; the circle now has `count` of `capacity` members.
    Added {
        count: i64,
        capacity: i64,
    },
    AlreadyMember {
        role: Role,
    },
    Full,
    /// The circle was archived (or never existed).
    Gone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoveMemberOutcome {
    /// Removed; the circle now has `count` of `capacity` members.
    Removed {
        count: i64,
        capacity: i64,
    },
    NotMember,
    /// The circle was archived (or never existed).
    Gone,
}

#[derive(Debug, sqlx::FromRow)]
struct CircleWithMembersRow {
    #[sqlx(flatten)]
    circle: CircleRow,
    members: String,
}

impl Store {
    /// Creates a circle; `None` when an active circle already has that name.
    pub async fn create_circle(
        &self,
        new: &NewCircle<'_>,
    ) -> Result<Option<CircleRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
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
            .bind(new.kind.as_str())
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
        Ok(with_pool!(self, |pool| {
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
        Ok(with_pool!(self, |pool| {
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
        macro_rules! sql {
            ($open:literal, $close:literal) => {
                concat!(
                    "SELECT (SELECT COUNT(*) FROM circles
                             WHERE community_id = $1 AND archived_at IS NULL),
                            (SELECT ",
                    $open,
                    "'id', id, 'community_id', community_id, 'name', name,
                     'ord', ord, 'topic', topic, 'kind', kind,
                     'capacity', capacity, 'member_count', member_count,
                     'created_by', created_by, 'created_at', created_at,
                     'archived_at', archived_at",
                    $close,
                    " FROM (SELECT *, row_number() OVER (ORDER BY name_key) AS ord
                            FROM circles
                            WHERE community_id = $1 AND archived_at IS NULL
                            ORDER BY name_key LIMIT $2 OFFSET $3) AS page)"
                )
            };
        }
        let sql = match self {
            Store::Sqlite(_) => sql!("json_group_array(json_object(", "))"),
            Store::Postgres(_) => {
                sql!("COALESCE(json_agg(json_build_object(", ")), '[]')::text")
            }
        };
        let (total, page): (i64, String) = with_pool!(self, |pool| {
            sqlx::query_as(sql)
                .bind(community_id)
                .bind(limit)
                .bind(offset)
                .fetch_one(pool)
                .await?
        });
        let mut page: Vec<PagedCircle> = parse_json(&page)?;
        page.sort_by_key(|p| p.ord);
        Ok((page.into_iter().map(|p| p.circle).collect(), total))
    }

    /// The names of a community's active circles (for suggestions).
    pub async fn circle_names(&self, community_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
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
        Ok(with_pool!(self, |pool| {
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
    ) -> Result<Option<Role>, StoreError> {
        let stored = with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT role FROM circle_members WHERE circle_id = $1 AND user_id = $2",
            )
            .bind(circle_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        stored
            .map(Role::try_from)
            .transpose()
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
    }

    /// An active circle and its members (hosts first), in one query.
    pub async fn circle_with_members(
        &self,
        circle_id: i64,
    ) -> Result<Option<(CircleRow, Vec<CircleMemberRow>)>, StoreError> {
        macro_rules! sql {
            ($open:literal, $close:literal) => {
                concat!(
                    "SELECT c.id, c.community_id, c.name, c.topic, c.kind, c.capacity,
                            c.member_count, c.created_by, c.created_at, c.archived_at,
                            (SELECT ",
                    $open,
                    "'user_id', user_id, 'display_name', display_name,
                     'role', role, 'joined_at', joined_at, 'ord', ord",
                    $close,
                    " FROM (SELECT cm.user_id, m.display_name, cm.role, cm.joined_at,
                                   row_number() OVER (ORDER BY CASE cm.role WHEN 'host' THEN 0
                                       WHEN 'mentor' THEN 1 ELSE 2 END,
                                       m.display_key, cm.user_id) AS ord
                            FROM circle_members cm
                            JOIN members m ON m.community_id = cm.community_id
                                          AND m.user_id = cm.user_id
                            WHERE cm.circle_id = c.id) AS listed) AS members
                     FROM circles c WHERE c.id = $1 AND c.archived_at IS NULL"
                )
            };
        }
        let sql = match self {
            Store::Sqlite(_) => sql!("json_group_array(json_object(", "))"),
            Store::Postgres(_) => {
                sql!("COALESCE(json_agg(json_build_object(", ")), '[]')::text")
            }
        };
        let row: Option<CircleWithMembersRow> = with_pool!(self, |pool| {
            sqlx::query_as(sql)
                .bind(circle_id)
                .fetch_optional(pool)
                .await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let mut members: Vec<ListedMember> = parse_json(&row.members)?;
        members.sort_by_key(|m| m.ord);
        let members = members.into_iter().map(|m| m.member).collect();
        Ok(Some((row.circle, members)))
    }

    /// Adds a member if the circle is active, not full, and they are not in it yet.
    pub async fn add_circle_member(
        &self,
        circle: &CircleRow,
        user_id: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<AddMemberOutcome, StoreError> {
        // The RETURNING sub-selects read the circle as it was before the
        // trigger counted the new member, on both databases.
        let inserted = with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "INSERT INTO circle_members (circle_id, community_id, user_id, role, joined_at)
                 SELECT id, community_id, $2, $3, $4 FROM circles
                 WHERE id = $1 AND archived_at IS NULL
                 ON CONFLICT (circle_id, user_id) DO NOTHING
                 RETURNING (SELECT member_count FROM circles WHERE id = $1) + 1,
                           (SELECT capacity FROM circles WHERE id = $1)",
            )
            .bind(circle.id)
            .bind(user_id)
            .bind(role.as_str())
            .bind(to_millis(now))
            .fetch_optional(pool)
            .await
        });
        match inserted {
            Ok(Some((count, capacity))) => Ok(AddMemberOutcome::Added { count, capacity }),
            Ok(None) => Ok(match self.circle_role(circle.id, user_id).await? {
                Some(role) => AddMemberOutcome::AlreadyMember { role },
                None => AddMemberOutcome::Gone,
            }),
            // A conflicting row is skipped before the trigger runs, so a
            // failed capacity check means they were not in the circle yet.
            Err(sqlx::Error::Database(error))
                if error.kind() == sqlx::error::ErrorKind::CheckViolation =>
            {
                Ok(AddMemberOutcome::Full)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Changes a member's role; false if they are not in the circle.
    pub async fn set_circle_role(
        &self,
        circle_id: i64,
        user_id: &str,
        role: Role,
    ) -> Result<bool, StoreError> {
        let done = with_pool!(self, |pool| {
            sqlx::query("UPDATE circle_members SET role = $3 WHERE circle_id = $1 AND user_id = $2")
                .bind(circle_id)
                .bind(user_id)
                .bind(role.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Removes a member from an active circle.
    pub async fn remove_circle_member(
        &self,
        circle_id: i64,
        user_id: &str,
    ) -> Result<RemoveMemberOutcome, StoreError> {
        let removed = with_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "DELETE FROM circle_members
                 WHERE circle_id = $1 AND user_id = $2
                   AND EXISTS (SELECT 1 FROM circles WHERE id = $1 AND archived_at IS NULL)
                 RETURNING (SELECT member_count FROM circles WHERE id = $1) - 1,
                           (SELECT capacity FROM circles WHERE id = $1)",
            )
            .bind(circle_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        if let Some((count, capacity)) = removed {
            return Ok(RemoveMemberOutcome::Removed { count, capacity });
        }
        Ok(match self.circle_by_id(circle_id).await? {
            Some(circle) if circle.archived_at.is_none() => RemoveMemberOutcome::NotMember,
            _ => RemoveMemberOutcome::Gone,
        })
    }

    /// Archives an active circle; false if it was already archived.
    pub async fn archive_circle(
        &self,
        circle_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = with_pool!(self, |pool| {
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
