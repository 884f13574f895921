//! What an adapter keeps in the bot's database about its platform, through
//! one narrow handle ([`PlatformMemory`], from [`Engine::memory`]) rather
//! than the whole store: the platform ids of what it sent (by message key,
//! so a later `replaces` edits it), its own small state (sync tokens,
//! commands' fingerprints, a message's choices), the threads it opened for
//! named threads, refused direct messages, and who someone is in a
//! community. Every key is the platform's own (`<platform>:<key>`).

use chrono::{DateTime, Utc};

use crate::engine::Engine;
use crate::store::{MemberContext, SentMessage, StoreError};

/// The stored key of an adapter's state `key` on `platform`.
pub fn state_key(platform: &str, key: &str) -> String {
    format!("{platform}:{key}")
}

/// One platform's memory. Cheap to make and to clone.
#[derive(Debug, Clone)]
pub struct PlatformMemory {
    engine: Engine,
    platform: &'static str,
}

impl Engine {
    /// The memory of `platform` (`discord`, `matrix`).
    pub fn memory(&self, platform: &'static str) -> PlatformMemory {
        PlatformMemory {
            engine: self.clone(),
            platform,
        }
    }
}

impl PlatformMemory {
    /// Remembers the message sent under `key` (the first one wins: a resend
    /// that went through twice does not move it).
    pub async fn remember_sent(
        &self,
        key: &str,
        channel_id: &str,
        message_id: &str,
    ) -> Result<(), StoreError> {
        let sent = SentMessage {
            channel_id: channel_id.to_owned(),
            message_id: message_id.to_owned(),
        };
        self.engine
            .store()
            .record_sent(self.platform, key, &sent, self.engine.clock_now())
            .await
    }

    /// The message sent under `key`, if any.
    pub async fn sent(&self, key: &str) -> Result<Option<SentMessage>, StoreError> {
        self.engine.store().sent_message(self.platform, key).await
    }

    /// The key a message was sent under (a platform id seen in an event).
    pub async fn key_of(&self, message_id: &str) -> Result<Option<String>, StoreError> {
        self.engine
            .store()
            .sent_key(self.platform, message_id)
            .await
    }

    /// The adapter's own state under `key`.
    pub async fn state(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.engine
            .store()
            .adapter_state(&state_key(self.platform, key))
            .await
    }

    pub async fn set_state(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.engine
            .store()
            .set_adapter_state(&state_key(self.platform, key), value)
            .await
    }

    /// The platform id of the thread opened for the named thread `key` of
    /// `community_id` (see `Target::NamedThread`).
    pub async fn thread(
        &self,
        community_id: &str,
        key: &str,
    ) -> Result<Option<String>, StoreError> {
        self.state(&thread_key(community_id, key)).await
    }

    pub async fn set_thread(
        &self,
        community_id: &str,
        key: &str,
        thread_id: &str,
    ) -> Result<(), StoreError> {
        self.set_state(&named_key(community_id, thread_id), key)
            .await?;
        self.set_state(&thread_key(community_id, key), thread_id)
            .await
    }

    /// The key of the named thread whose platform id is `thread_id` (a
    /// message seen there may matter to the core: `InputKind::ThreadPost`).
    pub async fn named_thread(
        &self,
        community_id: &str,
        thread_id: &str,
    ) -> Result<Option<String>, StoreError> {
        self.state(&named_key(community_id, thread_id)).await
    }

    /// Records that a direct message to `user_id` was refused and where it
    /// went instead.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_fallback(
        &self,
        community_id: &str,
        user_id: &str,
        channel_id: Option<&str>,
        key: Option<&str>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.engine
            .store()
            .record_fallback(
                self.platform,
                community_id,
                user_id,
                channel_id,
                key,
                reason,
                now,
            )
            .await
    }

    /// The refused direct messages to `user_id` (their channel and reason).
    pub async fn fallbacks_of(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Vec<(Option<String>, String)>, StoreError> {
        self.engine
            .store()
            .fallbacks_of(community_id, user_id)
            .await
    }

    /// The language `user_id` reads in `community_id` (their setting, else
    /// the community's, else the bot's default).
    pub async fn locale_of(&self, community_id: &str, user_id: &str) -> crate::i18n::Locale {
        let known = self
            .member(community_id, user_id)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        crate::engine::reader::Reader::of_member(self.engine.config(), &known).locale
    }

    /// Who `user_id` is in `community_id`, as the bot knows them.
    pub async fn member(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Option<MemberContext>, StoreError> {
        self.engine
            .store()
            .member_context(community_id, user_id)
            .await
    }
}

fn thread_key(community_id: &str, key: &str) -> String {
    format!("thread:{community_id}:{key}")
}

fn named_key(community_id: &str, thread_id: &str) -> String {
    format!("named:{community_id}:{thread_id}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_keep_the_shape_adapters_stored() {
        assert_eq!(
            super::state_key("matrix", &super::thread_key("matrix:!r", "circle-3")),
            "matrix:thread:matrix:!r:circle-3"
        );
    }
}
