//! Scheduled sends (reminders, nudges, poll tallies) through Discord's REST
//! API: the core's idempotency key as `nonce` with `enforce_nonce`, edits
//! for `Outgoing::replaces`, direct messages with a mention in the
//! circle's place when a member's DMs are closed (50007).

use std::sync::Arc;
use std::time::Duration;

use bot_core::i18n::Text;
use bot_core::scheduler::Delivery;
use bot_core::{Clock, DeliveryError, Engine, Outgoing, Target};
use serde_json::{Value, json};
use serenity::http::{Http, HttpError};
use serenity::model::id::{ChannelId, GuildId, MessageId};

use crate::render;
use crate::translate::PLATFORM;

/// Discord's "Cannot send messages to this user".
pub const DMS_CLOSED: isize = 50007;
/// Discord's "Unknown Channel" (a deleted thread).
const UNKNOWN_CHANNEL: isize = 10003;
/// Public thread, archived after a week without messages.
const PUBLIC_THREAD: u8 = 11;
const ARCHIVE_AFTER_MINUTES: u32 = 10080;
/// Discord's answers meaning an interaction can no longer carry a reply:
/// Unknown Message (no original: the first callback never took), Unknown
/// Webhook (never acknowledged), Unknown interaction (the 3 s went by),
/// Invalid Webhook Token (its 15 minutes are over).
pub(crate) const UNKNOWN_MESSAGE: isize = 10008;
const UNKNOWN_WEBHOOK: isize = 10015;
const UNKNOWN_INTERACTION: isize = 10062;
const INVALID_WEBHOOK_TOKEN: isize = 50027;

pub(crate) fn interaction_gone(error: &serenity::Error) -> bool {
    error_code(error).is_some_and(|(_, code)| {
        matches!(
            code,
            UNKNOWN_MESSAGE | UNKNOWN_WEBHOOK | UNKNOWN_INTERACTION | INVALID_WEBHOOK_TOKEN
        )
    })
}

/// An interaction's token works for 15 minutes after Discord created it;
/// an answer due later (with a minute's margin) goes elsewhere at once.
const TOKEN_LIFETIME: chrono::Duration = chrono::Duration::minutes(14);

/// What the bridge records about an interaction so that the scheduler can
/// still answer it through its token (`Target::Answer`).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct InteractionOrigin {
    token: String,
    /// When the bot received it (epoch milliseconds).
    at: i64,
    /// How the bridge defers it when slow: 5 (a "thinking…" message: a
    /// command, a form) or 6 (a component: its message stays).
    deferral: u8,
}

/// A deferral that shows "thinking…" (its original is ours to remove).
const DEFERRED_MESSAGE: u8 = 5;

/// The `origin` the inbox keeps for an interaction the bridge defers with
/// callback type `deferral` when slow.
pub fn interaction_origin(
    token: &str,
    received: chrono::DateTime<chrono::Utc>,
    deferral: u8,
) -> String {
    serde_json::to_string(&InteractionOrigin {
        token: token.to_owned(),
        at: received.timestamp_millis(),
        deferral,
    })
    .unwrap_or_default()
}
/// How long to wait after a 429 serenity could not absorb, or a 5xx or
/// network failure. (In production serenity's rate limiter reads
/// `Retry-After` and waits itself; only what it gives back reaches here.)
pub const BACKOFF: Duration = Duration::from_secs(1);

/// A `nonce` is at most 25 characters: the core's keys fit (`j123o4`); a
/// longer one is shortened to a hash of itself, stable across retries.
pub fn nonce(key: &str) -> String {
    if key.len() <= 25 {
        key.to_owned()
    } else {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(key.as_bytes());
        let mut hex: String = digest.iter().take(13).map(|b| format!("{b:02x}")).collect();
        hex.truncate(25);
        hex
    }
}

/// A serenity error without anything secret in it (no URL: interaction
/// URLs carry the interaction token).
pub fn describe(error: &serenity::Error) -> String {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => format!(
            "Discord answered {} (code {}): {}",
            response.status_code.as_u16(),
            response.error.code,
            response.error.message
        ),
        serenity::Error::Http(HttpError::Request(e)) => {
            if e.is_timeout() {
                "the request to Discord timed out".to_owned()
            } else if e.is_connect() {
                "could not connect to Discord".to_owned()
            } else {
                "the request to Discord failed".to_owned()
            }
        }
        serenity::Error::Json(e) => format!("unexpected JSON from Discord: {e}"),
        serenity::Error::Gateway(serenity::gateway::GatewayError::DisallowedGatewayIntents) => {
            "Discord refused the Message Content intent: enable it for the application in \
             Discord's developer portal (Bot, Privileged Gateway Intents), or set \
             discord.message_content = false"
                .to_owned()
        }
        serenity::Error::Gateway(e) => format!("gateway: {e}"),
        _ => "a Discord client error".to_owned(),
    }
}

/// The JSON error code of a failed request, if Discord gave one.
pub fn error_code(error: &serenity::Error) -> Option<(u16, isize)> {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            Some((response.status_code.as_u16(), response.error.code))
        }
        _ => None,
    }
}

/// Maps a failed send to what the scheduler should do.
pub fn classify(error: &serenity::Error) -> DeliveryError {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            if status == 429 || status >= 500 {
                DeliveryError::RetryAfter(BACKOFF)
            } else {
                DeliveryError::Rejected(describe(error))
            }
        }
        serenity::Error::Http(HttpError::Request(_)) => DeliveryError::RetryAfter(BACKOFF),
        _ => DeliveryError::Rejected(describe(error)),
    }
}

fn snowflake(raw: &str) -> Result<u64, DeliveryError> {
    raw.parse::<u64>()
        .ok()
        .filter(|id| *id != 0)
        .ok_or_else(|| DeliveryError::Rejected(format!("{raw:?} is not a Discord id")))
}

/// The reason recorded in `delivery_fallbacks` for a closed DM.
const DMS_CLOSED_REASON: &str = "dms-closed";
/// Told once per community, with the first mention in a channel instead of a DM.
const DMS_CLOSED_NOTICE: &str = "dm-closed-notice";

#[derive(Clone)]
pub struct DiscordDelivery {
    http: Arc<Http>,
    engine: Engine,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for DiscordDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscordDelivery").finish_non_exhaustive()
    }
}

impl DiscordDelivery {
    /// The engine gives the store, and the catalogue for the one line the
    /// adapter adds itself (the closed-DM notice).
    pub fn new(http: Arc<Http>, engine: Engine, clock: Arc<dyn Clock>) -> Self {
        Self {
            http,
            engine,
            clock,
        }
    }

    fn memory(&self) -> bot_core::PlatformMemory {
        self.engine.memory(PLATFORM)
    }

    async fn remember(&self, key: Option<&str>, message: &serenity::model::channel::Message) {
        if let Some(key) = key
            && let Err(error) = self
                .memory()
                .remember_sent(
                    key,
                    &message.channel_id.to_string(),
                    &message.id.to_string(),
                )
                .await
        {
            tracing::error!(%error, key, "could not remember a sent message");
        }
    }

    /// Posts into a channel (or thread), or edits the message `replaces` names.
    async fn post(
        &self,
        channel: u64,
        outgoing: &Outgoing,
        mention: Option<&str>,
    ) -> Result<(), serenity::Error> {
        let rendered = render::message(&outgoing.message, mention);
        let mut body = rendered.body;
        if let Some(replaces) = &outgoing.replaces
            && let Ok(Some(earlier)) = self.memory().sent(replaces).await
            && let (Ok(c), Ok(m)) = (
                earlier.channel_id.parse::<u64>(),
                earlier.message_id.parse::<u64>(),
            )
        {
            match self
                .http
                .edit_message(
                    ChannelId::new(c),
                    MessageId::new(m),
                    &body,
                    rendered.files.clone(),
                )
                .await
            {
                Ok(_) => return Ok(()),
                Err(error)
                    if error_code(&error).is_some_and(|(_, code)| code == UNKNOWN_MESSAGE) =>
                {
                    // Deleted meanwhile: post it anew below.
                }
                Err(error) => return Err(error),
            }
        }
        if outgoing.replaces.is_none()
            && let Some(key) = &outgoing.idempotency_key
            && let Ok(Some(_)) = self.memory().sent(key).await
        {
            // Delivered and recorded before (a retry after the send went
            // through): Discord's nonce check only covers a few minutes.
            tracing::info!(key, "already delivered; not sending again");
            return Ok(());
        }
        if let Some(key) = &outgoing.idempotency_key {
            let obj = body.as_object_mut().expect("an object");
            obj.insert("nonce".into(), Value::String(nonce(key)));
            obj.insert("enforce_nonce".into(), Value::Bool(true));
        }
        let message = self
            .http
            .send_message(ChannelId::new(channel), rendered.files, &body)
            .await?;
        self.remember(outgoing.idempotency_key.as_deref(), &message)
            .await;
        Ok(())
    }

    async fn direct(
        &self,
        community_id: &str,
        user_id: &str,
        fallback: Option<&str>,
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let recipient = snowflake(user_id)?;
        let sent = match self
            .http
            .create_private_channel(&json!({ "recipient_id": recipient.to_string() }))
            .await
        {
            Ok(channel) => self.post(channel.id.get(), outgoing, None).await,
            Err(error) => Err(error),
        };
        let error = match sent {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        if error_code(&error).is_none_or(|(_, code)| code != DMS_CLOSED) {
            return Err(classify(&error));
        }
        // Their DMs are closed: mention them where the circle meets, and
        // keep a record so admins can see who is not reachable privately.
        if let Some(channel) = fallback {
            let mut in_channel = outgoing.clone();
            in_channel.replaces = None;
            if let Some(key) = &mut in_channel.idempotency_key {
                // Its own nonce: the channel never saw this key.
                key.push('f');
            }
            if !self.told_dms_closed(community_id, user_id).await {
                let notice = self.notice(community_id, user_id).await;
                in_channel.message.text = format!("{}\n\n{notice}", in_channel.message.text);
            }
            self.post(snowflake(channel)?, &in_channel, Some(user_id))
                .await
                .map_err(|e| classify(&e))?;
            tracing::info!(
                user = user_id,
                channel,
                "direct messages closed: mentioned in the channel instead"
            );
        }
        if let Err(e) = self
            .memory()
            .record_fallback(
                community_id,
                user_id,
                fallback,
                outgoing.idempotency_key.as_deref(),
                DMS_CLOSED_REASON,
                self.clock.now(),
            )
            .await
        {
            tracing::error!(error = %e, "could not record a refused direct message");
        }
        match fallback {
            Some(_) => Ok(()),
            None => Err(DeliveryError::Rejected(describe(&error))),
        }
    }

    /// Whether the person was already mentioned in a channel because their
    /// DMs are closed (and so told why, with that first mention).
    async fn told_dms_closed(&self, community_id: &str, user_id: &str) -> bool {
        match self.memory().fallbacks_of(community_id, user_id).await {
            Ok(rows) => rows
                .iter()
                .any(|(channel, reason)| channel.is_some() && reason == DMS_CLOSED_REASON),
            Err(error) => {
                // Unknown: better not to repeat the notice.
                tracing::error!(%error, "reading refused direct messages");
                true
            }
        }
    }

    /// The closed-DM notice in the person's language (their setting, else
    /// the community's, else the default).
    async fn notice(&self, community_id: &str, user_id: &str) -> String {
        let locale = self.memory().locale_of(community_id, user_id).await;
        self.engine
            .i18n()
            .render(locale, &Text::new(DMS_CLOSED_NOTICE))
    }

    /// Posts in the thread the core knows by `key`, creating it on first
    /// use (and again if it was deleted).
    async fn named_thread(
        &self,
        community_id: &str,
        channel_id: &str,
        key: &str,
        title: &str,
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let known = self
            .memory()
            .thread(community_id, key)
            .await
            .map_err(|error| {
                tracing::error!(%error, "reading a thread id");
                DeliveryError::RetryAfter(BACKOFF)
            })?;
        if let Some(thread) = known.as_deref().and_then(|t| t.parse::<u64>().ok()) {
            match self.post(thread, outgoing, None).await {
                Ok(()) => return Ok(()),
                Err(error) if error_code(&error).is_some_and(|(_, c)| c == UNKNOWN_CHANNEL) => {
                    tracing::info!(key, "the thread was deleted; opening it again");
                }
                Err(error) => return Err(classify(&error)),
            }
        }
        let name: String = title.chars().take(100).collect();
        let parent = ChannelId::new(snowflake(channel_id)?);
        let thread = match self.existing_thread(community_id, parent, &name).await? {
            Some(thread) => thread,
            None => {
                self.http
                    .create_thread(
                        parent,
                        &json!({"name": name, "type": PUBLIC_THREAD, "auto_archive_duration": ARCHIVE_AFTER_MINUTES}),
                        None,
                    )
                    .await
                    .map_err(|e| classify(&e))?
                    .id
            }
        };
        if let Err(error) = self
            .memory()
            .set_thread(community_id, key, &thread.to_string())
            .await
        {
            tracing::error!(%error, "could not remember a thread");
        }
        self.post(thread.get(), outgoing, None)
            .await
            .map_err(|e| classify(&e))
    }

    /// An active thread the bot opened under `parent` with exactly this
    /// name: one whose creation went through although its answer was lost
    /// (or the process stopped before keeping its id). Reusing it makes
    /// opening a thread idempotent. (An archived one is not listed; a new
    /// thread is opened then, as after a deletion.)
    async fn existing_thread(
        &self,
        community_id: &str,
        parent: ChannelId,
        name: &str,
    ) -> Result<Option<ChannelId>, DeliveryError> {
        // Threads live in guilds (`discord:<guild>`); nothing to look for elsewhere.
        let Some(guild) = community_id
            .strip_prefix(PLATFORM)
            .and_then(|rest| rest.strip_prefix(':'))
            .and_then(|raw| raw.parse::<u64>().ok())
            .filter(|id| *id != 0)
        else {
            return Ok(None);
        };
        let active = self
            .http
            .get_guild_active_threads(GuildId::new(guild))
            .await
            .map_err(|e| classify(&e))?;
        // `members` lists the threads the bot has joined (it joins the ones
        // it opens): a member's thread of the same name is not taken over.
        let joined: Vec<ChannelId> = active.members.iter().map(|m| m.id).collect();
        Ok(active
            .threads
            .into_iter()
            .filter(|t| t.parent_id == Some(parent) && t.name == name && joined.contains(&t.id))
            .map(|t| t.id)
            .min())
    }

    pub async fn send(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match &outgoing.target {
            Target::Answer {
                origin,
                instead,
                first,
            } => self.answer(origin, instead, *first, outgoing).await,
            _ => self.send_to(outgoing).await,
        }
    }

    /// A late answer to an interaction: a followup through its token while
    /// that is valid and the interaction was acknowledged (it replaces a
    /// deferral's "thinking…"), else `instead`.
    async fn answer(
        &self,
        origin: &str,
        instead: &Target,
        first: bool,
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        if let Ok(origin) = serde_json::from_str::<InteractionOrigin>(origin)
            && self.clock.now().timestamp_millis() - origin.at < TOKEN_LIFETIME.num_milliseconds()
        {
            // The first followup after a "thinking…" deferral replaces it,
            // public as it is: a private first answer removes it first (or
            // its own earlier copy, sent just before a crash, which this
            // one repeats). Later parts never touch the original. (Before
            // any acknowledgement there is no webhook: it goes elsewhere.)
            let removed = if first
                && outgoing.message.ephemeral
                && origin.deferral == DEFERRED_MESSAGE
            {
                match self
                    .http
                    .delete_original_interaction_response(&origin.token)
                    .await
                {
                    Ok(()) => Ok(()),
                    Err(error) if error_code(&error).is_some_and(|(_, c)| c == UNKNOWN_MESSAGE) => {
                        Ok(())
                    }
                    Err(error) => Err(error),
                }
            } else {
                Ok(())
            };
            let sent = match removed {
                Ok(()) => {
                    let rendered = render::message(&outgoing.message, None);
                    self.http
                        .create_followup_message(&origin.token, &rendered.body, rendered.files)
                        .await
                }
                Err(error) => Err(error),
            };
            match sent {
                Ok(message) => {
                    self.remember(outgoing.idempotency_key.as_deref(), &message)
                        .await;
                    return Ok(());
                }
                // Never acknowledged (the process died within its 3 s), or
                // expired: it goes elsewhere.
                Err(error) if interaction_gone(&error) => {}
                Err(error) => return Err(classify(&error)),
            }
        }
        self.send_to(&outgoing.sent_to(instead.clone())).await
    }

    async fn send_to(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match &outgoing.target {
            Target::Reply => Err(DeliveryError::Rejected(
                "a reply needs the interaction it answers".to_owned(),
            )),
            Target::Answer { .. } => Err(DeliveryError::Rejected(
                "an answer cannot be sent instead of an answer".to_owned(),
            )),
            Target::Channel { channel_id, .. } => self
                .post(snowflake(channel_id)?, outgoing, None)
                .await
                .map_err(|e| classify(&e)),
            // A Discord thread is a channel of its own.
            Target::Thread { thread_id, .. } => self
                .post(snowflake(thread_id)?, outgoing, None)
                .await
                .map_err(|e| classify(&e)),
            Target::NamedThread {
                community_id,
                channel_id,
                key,
                title,
            } => {
                self.named_thread(community_id, channel_id, key, title, outgoing)
                    .await
            }
            Target::Direct {
                community_id,
                user_id,
                fallback_channel,
            } => {
                self.direct(community_id, user_id, fallback_channel.as_deref(), outgoing)
                    .await
            }
        }
    }
}

impl Delivery for DiscordDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        Box::pin(self.send(outgoing))
    }
}

#[cfg(test)]
mod tests {
    use super::nonce;

    #[test]
    fn nonces_fit_discords_limit_and_are_stable() {
        assert_eq!(nonce("j12o3"), "j12o3");
        let long = "x".repeat(40);
        assert_eq!(nonce(&long).len(), 25);
        assert_eq!(nonce(&long), nonce(&long));
        assert_ne!(nonce(&long), nonce(&"y".repeat(40)));
    }
}
