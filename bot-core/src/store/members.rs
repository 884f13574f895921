//! Communities and members.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, to_millis, with_pool, write_tx};
use crate::domain::circle::name_key;

#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct CommunityRow {
    pub id: String,
    pub locale: Option<String>,
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: String,
    pub display_name: String,
    pub locale: Option<String>,
    pub timezone: Option<String>,
}

/// Everything the engine needs about the speaker, read in one query.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberContext {
    pub community_locale: Option<String>,
    pub community_timezone: Option<String>,
    pub display_name: Option<String>,
    pub locale: Option<String>,
    pub timezone: Option<String>,
    pub is_admin: Option<bool>,
    /// The language the platform last said they use.
    pub platform_locale: Option<String>,
}

impl Store {
    /// The speaker's settings and their community's, or `None` if the
    /// community has never been seen.
    pub async fn member_context(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Option<MemberContext>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, MemberContext>(
                "SELECT c.locale AS community_locale, c.timezone AS community_timezone,
                        m.display_name, m.locale, m.timezone, m.is_admin, m.platform_locale
                 FROM communities c
                 LEFT JOIN members m ON m.community_id = c.id AND m.user_id = $2
                 WHERE c.id = $1",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Keeps the language the platform says a member uses.
    pub async fn set_platform_locale(
        &self,
        community_id: &str,
        user_id: &str,
        locale: &str,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE members SET platform_locale = $3 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(locale)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records that a person exists in a community (creating the community on
    /// first sight) and keeps their display name current.
    pub async fn upsert_member(
        &self,
        community_id: &str,
        user_id: &str,
        display_name: &str,
        is_admin: Option<bool>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = to_millis(now);
        let key = name_key(display_name);
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO communities (id, created_at) VALUES ($1, $2)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(community_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO members (community_id, user_id, display_name, display_key, is_admin,
                                      created_at, updated_at)
                 VALUES ($1, $2, $3, $4, COALESCE($6, FALSE), $5, $5)
                 ON CONFLICT (community_id, user_id) DO UPDATE
                 SET display_name = excluded.display_name, display_key = excluded.display_key,
                     is_admin = COALESCE($6, members.is_admin), updated_at = excluded.updated_at
                 WHERE members.display_name <> excluded.display_name
                    OR members.is_admin <> COALESCE($6, members.is_admin)",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(display_name)
            .bind(&key)
            .bind(now)
            .bind(is_admin)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })?;
        Ok(())
    }

    pub async fn community(&self, community_id: &str) -> Result<Option<CommunityRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, CommunityRow>(
                "SELECT id, locale, timezone FROM communities WHERE id = $1",
            )
            .bind(community_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn member(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Option<MemberRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, MemberRow>(
                "SELECT user_id, display_name, locale, timezone FROM members
                 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Members whose display name matches `name` ignoring case (several
    /// people may share one).
    pub async fn members_named(
        &self,
        community_id: &str,
        name: &str,
    ) -> Result<Vec<MemberRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, MemberRow>(
                "SELECT user_id, display_name, locale, timezone FROM members
                 WHERE community_id = $1 AND display_key = $2 ORDER BY user_id",
            )
            .bind(community_id)
            .bind(name_key(name))
            .fetch_all(pool)
            .await?
        }))
    }

    /// Every member's display name, for "did you mean" suggestions.
    pub async fn member_names(&self, community_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT display_name FROM members WHERE community_id = $1 ORDER BY display_key",
            )
            .bind(community_id)
            .fetch_all(pool)
            .await?
        }))
    }

    pub async fn set_member_locale(
        &self,
        community_id: &str,
        user_id: &str,
        locale: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE members SET locale = $3 WHERE community_id = $1 AND user_id = $2")
                .bind(community_id)
                .bind(user_id)
                .bind(locale)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn set_member_timezone(
        &self,
        community_id: &str,
        user_id: &str,
        timezone: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE members SET timezone = $3 WHERE community_id = $1 AND user_id = $2",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(timezone)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn set_community_locale(
        &self,
        community_id: &str,
        locale: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE communities SET locale = $2 WHERE id = $1")
                .bind(community_id)
                .bind(locale)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn set_community_timezone(
        &self,
        community_id: &str,
        timezone: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE communities SET timezone = $2 WHERE id = $1")
                .bind(community_id)
                .bind(timezone)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
