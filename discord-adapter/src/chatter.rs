//! Messages people post in the threads the core named (a round's thread):
//! the core hears their author, and their text where Discord shows it
//! (with the privileged Message Content intent, `discord.message_content`;
//! without it Discord sends the message with its content empty).

use bot_core::{Actor, InputKind, Place, Received, Target};
use serenity::model::channel::{Message, MessageType};

use crate::bridge::Bridge;
use crate::translate::PLATFORM;

impl Bridge {
    /// A message created in a guild channel or thread. Only people's own
    /// messages in a named thread reach the core; the rest is not for it.
    pub async fn message(&self, message: Message) {
        if message.author.bot
            || message.webhook_id.is_some()
            || !matches!(
                message.kind,
                MessageType::Regular | MessageType::InlineReply
            )
        {
            return;
        }
        let Some(guild) = message.guild_id else {
            return;
        };
        let community_id = format!("{PLATFORM}:{guild}");
        let thread_id = message.channel_id.to_string();
        let memory = self.engine.memory(PLATFORM);
        let thread_key = match memory.named_thread(&community_id, &thread_id).await {
            Ok(Some(key)) => key,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(%error, "could not look up a thread");
                return;
            }
        };
        let display_name = message
            .member
            .as_ref()
            .and_then(|m| m.nick.clone())
            .or_else(|| message.author.global_name.clone())
            .unwrap_or_else(|| message.author.name.clone());
        let input = bot_core::Input {
            // A message event does not say what its author may do; the
            // core keeps what it knows of their rights.
            actor: Actor {
                user_id: message.author.id.to_string(),
                display_name,
                platform_locale: None,
                platform_timezone: None,
                is_admin: false,
            },
            place: Place {
                community_id,
                channel_id: thread_id.clone(),
                thread_id: Some(thread_id),
            },
            kind: InputKind::ThreadPost {
                thread_key,
                text: (!message.content.is_empty()).then(|| message.content.clone()),
            },
            mentions: Vec::new(),
            prefix_optional: false,
            files: Vec::new(),
        };
        let place = input.place.clone();
        let user_id = input.actor.user_id.clone();
        let key = format!("message:{}", message.id);
        let (receipt, out) = match self
            .engine
            .handle_once(PLATFORM, &key, None, input, true)
            .await
        {
            Received::Before => return,
            Received::Answer { receipt, out } => (receipt, out),
        };
        // A message has no private answer: what answers it privately goes
        // by direct message, the rest where the core sends it.
        let mut sent = Vec::with_capacity(out.len());
        for part in &out {
            let part = if part.target == Target::Reply {
                part.sent_to(Target::instead_of_reply(
                    &place,
                    &user_id,
                    part.message.ephemeral,
                ))
            } else {
                part.clone()
            };
            sent.push(self.send_elsewhere(&part).await);
        }
        if let Some(receipt) = receipt {
            self.engine.answered(receipt, &out, &sent).await;
        }
    }
}
