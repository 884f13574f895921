//! One interaction, from Discord to the core and back, the same in gateway
//! and HTTP mode: the first answer (immediate, or deferred when the core
//! takes longer than [`DEFER_AFTER`]), followups, and anything the core
//! sends elsewhere.

use std::sync::Arc;
use std::time::Duration;

use bot_core::scheduler::DeliveryError;
use bot_core::{Engine, InboundFile, MAX_INBOUND_FILE_BYTES, Outgoing, Received, Target};
use serde_json::{Value, json};
use serenity::builder::CreateAttachment;
use serenity::http::Http;
use serenity::model::application::{CommandInteraction, ComponentInteraction, Interaction};
use serenity::model::channel::Attachment;
use serenity::model::id::InteractionId;
use tokio::sync::oneshot;

use crate::delivery::{
    DiscordDelivery, UNKNOWN_MESSAGE, describe, error_code, interaction_gone, interaction_origin,
};
use crate::render::{self, EPHEMERAL};
use crate::translate::{self, PLATFORM};

/// How long fetching an attached file may take.
const FETCH_WITHIN: Duration = Duration::from_secs(10);

/// An attachment's text, fetched from Discord's CDN when it is small enough.
async fn fetch(file: &Attachment) -> InboundFile {
    let size = u64::from(file.size);
    let bytes = if size <= MAX_INBOUND_FILE_BYTES {
        match tokio::time::timeout(FETCH_WITHIN, file.download()).await {
            Ok(Ok(bytes)) => Some(bytes),
            Ok(Err(error)) => {
                tracing::warn!(error = %describe(&error), "could not fetch an attached file");
                None
            }
            Err(_) => {
                tracing::warn!("fetching an attached file timed out");
                None
            }
        }
    } else {
        None
    };
    InboundFile::read(&file.filename, size, bytes)
}

/// Discord wants a first answer within 3 s; past this the bot defers.
pub const DEFER_AFTER: Duration = Duration::from_secs(2);
/// How often a send elsewhere is retried after a rate limit before giving up.
const SEND_ATTEMPTS: u32 = 5;
/// In HTTP mode the first answer rides in our HTTP response, which Discord
/// may not have read yet when we ask for the original: ask a few times.
const ORIGINAL_ATTEMPTS: u32 = 5;
const ORIGINAL_PAUSE: Duration = Duration::from_millis(200);

fn is_unknown_original(error: &serenity::Error) -> bool {
    error_code(error).is_some_and(|(_, code)| code == UNKNOWN_MESSAGE)
}

/// Where an interaction happened and who caused it: where its answer goes
/// when the interaction cannot carry it any more.
struct Origin {
    place: bot_core::Place,
    user_id: String,
}

/// Interaction callback types.
const PONG: u8 = 1;
const MESSAGE: u8 = 4;
const DEFERRED_MESSAGE: u8 = 5;
const DEFERRED_UPDATE: u8 = 6;
const AUTOCOMPLETE_RESULT: u8 = 8;

/// Where the first answer goes: a REST callback (gateway mode), or the body
/// of the HTTP response to Discord's POST (HTTP mode, which cannot carry files).
#[derive(Debug)]
pub enum Responder {
    Rest,
    Http(Option<oneshot::Sender<Value>>),
}

#[derive(Clone)]
pub struct Bridge {
    pub(crate) engine: Engine,
    pub(crate) http: Arc<Http>,
    pub(crate) delivery: DiscordDelivery,
    pub(crate) admin_roles: Arc<Vec<String>>,
    pub(crate) defer_after: Duration,
}

impl std::fmt::Debug for Bridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bridge").finish_non_exhaustive()
    }
}

struct Call<'a> {
    id: InteractionId,
    token: &'a str,
    responder: Responder,
}

impl Call<'_> {
    async fn callback(
        &mut self,
        http: &Http,
        body: Value,
        files: Vec<CreateAttachment>,
    ) -> Result<(), serenity::Error> {
        match &mut self.responder {
            Responder::Rest => {
                http.create_interaction_response(self.id, self.token, &body, files)
                    .await
            }
            Responder::Http(sender) => {
                if let Some(sender) = sender.take() {
                    let _ = sender.send(body);
                }
                Ok(())
            }
        }
    }

    fn can_attach(&self) -> bool {
        matches!(self.responder, Responder::Rest)
    }

    /// How often to ask for the original before believing it is missing.
    fn original_attempts(&self) -> u32 {
        match self.responder {
            // A callback that succeeded has created it.
            Responder::Rest => 1,
            Responder::Http(_) => ORIGINAL_ATTEMPTS,
        }
    }
}

impl Bridge {
    pub fn new(
        engine: Engine,
        http: Arc<Http>,
        delivery: DiscordDelivery,
        admin_roles: Vec<String>,
    ) -> Self {
        Self {
            engine,
            http,
            delivery,
            admin_roles: Arc::new(admin_roles),
            defer_after: DEFER_AFTER,
        }
    }

    /// Handles one interaction to the end. Failures are logged, never
    /// returned: there is nobody to return them to.
    pub async fn handle(&self, interaction: Interaction, responder: Responder) {
        match interaction {
            Interaction::Ping(ping) => {
                let mut call = Call {
                    id: ping.id,
                    token: &ping.token,
                    responder,
                };
                let _ = call
                    .callback(&self.http, json!({"type": PONG}), Vec::new())
                    .await;
            }
            Interaction::Command(command) => self.command(&command, responder).await,
            Interaction::Autocomplete(command) => self.autocomplete(&command, responder).await,
            Interaction::Component(component) => self.component(&component, responder).await,
            Interaction::Modal(modal) => {
                let input = translate::modal(&modal, &self.admin_roles);
                let call = Call {
                    id: modal.id,
                    token: &modal.token,
                    responder,
                };
                self.run(input, Vec::new(), call, DEFERRED_MESSAGE).await;
            }
            other => {
                tracing::debug!(kind = ?other.kind(), "ignoring an interaction kind the core has no use for");
            }
        }
    }

    async fn command(&self, interaction: &CommandInteraction, responder: Responder) {
        let input = translate::command(self.engine.i18n(), interaction, &self.admin_roles);
        let call = Call {
            id: interaction.id,
            token: &interaction.token,
            responder,
        };
        let files = translate::attachments(interaction);
        self.run(input, files, call, DEFERRED_MESSAGE).await;
    }

    async fn component(&self, interaction: &ComponentInteraction, responder: Responder) {
        let input = translate::component(interaction, &self.admin_roles);
        let call = Call {
            id: interaction.id,
            token: &interaction.token,
            responder,
        };
        self.run(input, Vec::new(), call, DEFERRED_UPDATE).await;
    }

    async fn autocomplete(&self, interaction: &CommandInteraction, responder: Responder) {
        let mut call = Call {
            id: interaction.id,
            token: &interaction.token,
            responder,
        };
        let choices = match translate::autocomplete(self.engine.i18n(), interaction) {
            Some((path, option, typed)) => {
                let place = translate::place(
                    interaction.guild_id,
                    &interaction.user,
                    interaction.channel_id,
                    interaction.channel.as_ref(),
                );
                match self
                    .engine
                    .complete(
                        &place,
                        &interaction.user.id.to_string(),
                        &path,
                        option,
                        &typed,
                    )
                    .await
                {
                    Ok(found) => found,
                    Err(error) => {
                        tracing::error!(%error, "completing an option");
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        let choices: Vec<Value> = choices
            .into_iter()
            .map(|c| json!({"name": c.label, "value": c.value}))
            .collect();
        let body = json!({"type": AUTOCOMPLETE_RESULT, "data": {"choices": choices}});
        if let Err(error) = call.callback(&self.http, body, Vec::new()).await {
            tracing::warn!(error = %describe(&error), "answering an autocomplete request");
        }
    }

    /// Handles `input` to the end; `files` (attachment options) are fetched
    /// while Discord waits, so a slow download is covered by the deferral.
    async fn run(
        &self,
        mut input: bot_core::Input,
        files: Vec<Attachment>,
        mut call: Call<'_>,
        defer_kind: u8,
    ) {
        let origin = Origin {
            place: input.place.clone(),
            user_id: input.actor.user_id.clone(),
        };
        // Recorded before it is handled: if this process dies before the
        // answer is out, the scheduler delivers it (in the channel, or by
        // direct message when private).
        let key = call.id.to_string();
        let later = interaction_origin(call.token, self.engine.clock_now(), defer_kind);
        let work = async {
            for file in &files {
                input.files.push(fetch(file).await);
            }
            self.engine
                .handle_once(PLATFORM, &key, Some(&later), input, true)
                .await
        };
        tokio::pin!(work);
        let mut deferred = false;
        let handled = tokio::select! {
            // The timer first: a zero `defer_after` always defers (tokio's
            // zero sleep can still be pending on its first poll).
            biased;
            () = async {
                if !self.defer_after.is_zero() {
                    tokio::time::sleep(self.defer_after).await;
                }
            } => {
                deferred = true;
                if let Err(error) = call.callback(&self.http, json!({"type": defer_kind}), Vec::new()).await {
                    tracing::warn!(error = %describe(&error), "deferring an interaction");
                }
                work.await
            }
            out = &mut work => out,
        };
        let (receipt, outgoing) = match handled {
            Received::Before => return,
            Received::Answer { receipt, out } => (receipt, out),
        };
        let mut sent = vec![false; outgoing.len()];
        let mut first = true;
        let last = outgoing.len().saturating_sub(1);
        for (index, reply) in outgoing.iter().enumerate() {
            if reply.target != Target::Reply {
                continue;
            }
            let result = if first {
                first = false;
                self.first_reply(&mut call, reply, deferred, defer_kind)
                    .await
            } else {
                self.followup(call.token, reply).await
            };
            sent[index] = match result {
                Ok(()) => true,
                Err(error) if interaction_gone(&error) => {
                    tracing::warn!(error = %describe(&error), "the interaction cannot carry its answer; sending it instead");
                    self.send_instead(&origin, reply).await
                }
                Err(error) => {
                    tracing::warn!(error = %describe(&error), "answering an interaction; the scheduler sends it later");
                    false
                }
            };
            if !sent[index] {
                // The rest of the answer waits too, in order: a followup
                // now could take the place of a public "thinking…".
                break;
            }
            if let (Some(receipt), true) = (receipt, index < last) {
                self.engine.part_sent(receipt, index, reply).await;
            }
        }
        if first && !deferred {
            // Nothing to say (an ignored input): acknowledge so Discord does not show an error.
            let _ = call
                .callback(&self.http, json!({"type": DEFERRED_UPDATE}), Vec::new())
                .await;
        }
        for (index, part) in outgoing.iter().enumerate() {
            if part.target != Target::Reply {
                sent[index] = self.send_elsewhere(part).await;
                if let (Some(receipt), true, true) = (receipt, sent[index], index < last) {
                    self.engine.part_sent(receipt, index, part).await;
                }
            }
        }
        if let Some(receipt) = receipt {
            self.engine.answered(receipt, &outgoing, &sent).await;
        }
    }

    async fn first_reply(
        &self,
        call: &mut Call<'_>,
        reply: &Outgoing,
        deferred: bool,
        defer_kind: u8,
    ) -> Result<(), serenity::Error> {
        if let (Some(prompt), false) = (&reply.message.prompt, deferred) {
            // A form can only be the first answer; deferred, the text (which
            // says how to answer with a command) goes instead.
            return call
                .callback(&self.http, render::modal(prompt), Vec::new())
                .await;
        }
        let rendered = render::message(&reply.message, None);
        if deferred && defer_kind == DEFERRED_UPDATE {
            return self.followup(call.token, reply).await;
        }
        if deferred && reply.message.ephemeral {
            // The deferral's "thinking…" is public, and an edit (or the
            // first followup, which replaces it) cannot make it private:
            // remove it, then answer privately.
            match self
                .http
                .delete_original_interaction_response(call.token)
                .await
            {
                Ok(()) => {}
                Err(error) if is_unknown_original(&error) => {}
                Err(error) => return Err(error),
            }
            return self.followup(call.token, reply).await;
        }
        if deferred || (!rendered.files.is_empty() && !call.can_attach()) {
            if !deferred {
                let flags = if reply.message.ephemeral {
                    EPHEMERAL
                } else {
                    0
                };
                call.callback(
                    &self.http,
                    json!({"type": DEFERRED_MESSAGE, "data": {"flags": flags}}),
                    Vec::new(),
                )
                .await?;
            }
            let mut attempt = 1;
            let message = loop {
                match self
                    .http
                    .edit_original_interaction_response(
                        call.token,
                        &rendered.body,
                        rendered.files.clone(),
                    )
                    .await
                {
                    Err(error)
                        if is_unknown_original(&error) && attempt < call.original_attempts() =>
                    {
                        attempt += 1;
                        tokio::time::sleep(ORIGINAL_PAUSE).await;
                    }
                    // No original to edit (the deferral never reached
                    // Discord): a followup, or failing that `run` sends it.
                    Err(error) if is_unknown_original(&error) => {
                        return self.followup(call.token, reply).await;
                    }
                    other => break other?,
                }
            };
            self.remember(reply, &message).await;
            return Ok(());
        }
        call.callback(
            &self.http,
            json!({"type": MESSAGE, "data": rendered.body}),
            rendered.files,
        )
        .await?;
        if reply.idempotency_key.is_some() {
            // Later edits (a poll's tally) need the message's id.
            let mut attempt = 1;
            let message = loop {
                match self
                    .http
                    .get_original_interaction_response(call.token)
                    .await
                {
                    Err(error)
                        if is_unknown_original(&error) && attempt < call.original_attempts() =>
                    {
                        attempt += 1;
                        tokio::time::sleep(ORIGINAL_PAUSE).await;
                    }
                    Err(error) => {
                        // Delivered; only later edits will post anew.
                        tracing::warn!(error = %describe(&error), "could not read back an answer's id");
                        return Ok(());
                    }
                    Ok(message) => break message,
                }
            };
            self.remember(reply, &message).await;
        }
        Ok(())
    }

    async fn followup(&self, token: &str, reply: &Outgoing) -> Result<(), serenity::Error> {
        let rendered = render::message(&reply.message, None);
        let message = self
            .http
            .create_followup_message(token, &rendered.body, rendered.files)
            .await?;
        self.remember(reply, &message).await;
        Ok(())
    }

    async fn remember(&self, reply: &Outgoing, message: &serenity::model::channel::Message) {
        let Some(key) = &reply.idempotency_key else {
            return;
        };
        if let Err(error) = self
            .engine
            .memory(PLATFORM)
            .remember_sent(
                key,
                &message.channel_id.to_string(),
                &message.id.to_string(),
            )
            .await
        {
            tracing::error!(%error, "could not remember a sent message");
        }
    }

    /// An answer the interaction can no longer carry goes where the
    /// interaction happened; a private one goes to the person by direct
    /// message rather than into the channel.
    async fn send_instead(&self, origin: &Origin, reply: &Outgoing) -> bool {
        let target =
            Target::instead_of_reply(&origin.place, &origin.user_id, reply.message.ephemeral);
        self.send_elsewhere(&reply.sent_to(target)).await
    }

    /// Sends a message elsewhere; false when it should be tried again later
    /// (rate-limited beyond our patience). A message Discord refuses is
    /// done with: trying again would not help.
    pub(crate) async fn send_elsewhere(&self, outgoing: &Outgoing) -> bool {
        match bot_core::scheduler::deliver_now(&self.delivery, outgoing, SEND_ATTEMPTS).await {
            Ok(()) => true,
            Err(error @ DeliveryError::Rejected(_)) => {
                tracing::warn!(%error, "a message to Discord was refused");
                true
            }
            Err(error) => {
                tracing::warn!(%error, "a message to Discord was not sent; the scheduler sends it later");
                false
            }
        }
    }
}
