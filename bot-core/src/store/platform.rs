//! What adapters remember about the platform: the ids of sent messages,
//! small facts (registered command fingerprints), and refused direct messages.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, to_millis, with_pool};

/// Where a message sent under an idempotency key landed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SentMessage {
    pub channel_id: String,
    pub message_id: String,
}

impl Store {
    /// Remembers the platform id of a message sent under `key` (the first one wins).
    pub async fn record_sent(
        &self,
        platform: &str,
        key: &str,
        sent: &SentMessage,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO sent_messages (platform, idempotency_key, channel_id, message_id, sent_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, idempotency_key) DO NOTHING",
            )
            .bind(platform)
            .bind(key)
            .bind(&sent.channel_id)
            .bind(&sent.message_id)
            .bind(to_millis(now))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn sent_message(
        &self,
        platform: &str,
        key: &str,
    ) -> Result<Option<SentMessage>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, SentMessage>(
                "SELECT channel_id, message_id FROM sent_messages
                 WHERE platform = $1 AND idempotency_key = $2",
            )
            .bind(platform)
            .bind(key)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The key a platform message was sent under (a Matrix poll's start event).
    pub async fn sent_key(
        &self,
        platform: &str,
        message_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT idempotency_key FROM sent_messages WHERE platform = $1 AND message_id = $2",
            )
            .bind(platform)
            .bind(message_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    pub async fn adapter_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>("SELECT value FROM adapter_state WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn set_adapter_state(&self, key: &str, value: &str) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO adapter_state (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records that a direct message to `user_id` was refused and where the
    /// person was mentioned instead (`None`: nowhere to fall back to).
    #[allow(clippy::too_many_arguments)]
    pub async fn record_fallback(
        &self,
        platform: &str,
        community_id: &str,
        user_id: &str,
        channel_id: Option<&str>,
        key: Option<&str>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO delivery_fallbacks
                   (platform, community_id, user_id, channel_id, idempotency_key, reason, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(platform)
            .bind(community_id)
            .bind(user_id)
            .bind(channel_id)
            .bind(key)
            .bind(reason)
            .bind(to_millis(now))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The refused direct messages recorded for a member: (channel mentioned in, reason).
    pub async fn fallbacks_of(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Vec<(Option<String>, String)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, (Option<String>, String)>(
                "SELECT channel_id, reason FROM delivery_fallbacks
                 WHERE community_id = $1 AND user_id = $2 ORDER BY at",
            )
            .bind(community_id)
            .bind(user_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
