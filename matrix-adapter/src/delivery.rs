//! From the core to Matrix: posting messages (replies, threads, polls,
//! edits, attachments), direct rooms, named threads, late answers, and the
//! Delivery port.

use super::*;

/// A transaction id for a send: derived from the idempotency key, so a
/// retry is deduplicated by the homeserver.
pub fn transaction_id(key: &str) -> String {
    format!("mentorbot.{key}")
}

/// The transaction id of an attachment (`part`: image, file) sent with the
/// message of idempotency key `key`: one event of its own, one id per part.
pub fn attachment_transaction_id(key: &str, part: &str) -> String {
    format!("mentorbot.{key}.{part}")
}

/// What the inbox keeps about an event so that a late answer replies to it.
#[derive(serde::Serialize, Deserialize)]
pub(crate) struct EventOrigin {
    event: String,
    sender: String,
}

/// The `origin` the inbox keeps for an event from `sender`: a late answer
/// replies to `event`.
pub fn event_origin(event: &EventId, sender: &UserId) -> String {
    serde_json::to_string(&EventOrigin {
        event: event.to_string(),
        sender: sender.to_string(),
    })
    .unwrap_or_default()
}

/// Where in a room a message goes.
pub(crate) enum Placement {
    Plain,
    ReplyTo(String),
    Thread {
        root: String,
        reply_to: Option<String>,
    },
}

/// One file a message carries.
pub(crate) struct Part {
    /// Which of the message's files it is (part of its transaction id).
    tag: &'static str,
    name: String,
    mime: String,
    bytes: Vec<u8>,
    /// The text alternative.
    alt: Option<String>,
}

/// The files a message carries.
pub(crate) fn attachments(message: &bot_core::Message) -> Vec<Part> {
    let mut out = Vec::new();
    if let Some(image) = &message.image {
        out.push(Part {
            tag: "image",
            name: image.file_name.clone(),
            mime: "image/png".to_owned(),
            bytes: image.png.clone(),
            alt: Some(image.alt.clone()),
        });
    }
    if let Some(file) = &message.file {
        out.push(Part {
            tag: "file",
            name: file.file_name.clone(),
            mime: file.mime.clone(),
            bytes: file.bytes.clone(),
            alt: None,
        });
    }
    out
}

impl Delivery for MatrixDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        Box::pin(self.0.send(outgoing))
    }
}

impl Matrix {
    pub(crate) async fn send_with_retries(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        bot_core::scheduler::deliver_now(&self.delivery(), outgoing, SEND_ATTEMPTS).await
    }

    pub(crate) fn room(&self, room_id: &str) -> Result<Room, DeliveryError> {
        let id = RoomId::parse(room_id)
            .map_err(|_| DeliveryError::Rejected(format!("{room_id:?} is not a room id")))?;
        self.inner
            .client
            .get_room(&id)
            .ok_or_else(|| DeliveryError::Rejected(format!("not in room {room_id}")))
    }

    pub(crate) fn memory(&self) -> bot_core::PlatformMemory {
        self.inner.engine.memory(PLATFORM)
    }

    pub(crate) async fn remember(&self, key: &str, room: &Room, event: &OwnedEventId) {
        if let Err(error) = self
            .memory()
            .remember_sent(key, room.room_id().as_str(), event.as_str())
            .await
        {
            tracing::error!(%error, "could not remember a sent message");
        }
    }

    pub(crate) async fn send_raw(
        &self,
        room: &Room,
        event_type: &str,
        content: Value,
        key: Option<&str>,
    ) -> Result<OwnedEventId, matrix_sdk::Error> {
        let send = room.send_raw(event_type, content);
        let result = match key {
            Some(key) => {
                let txn: matrix_sdk::ruma::OwnedTransactionId = transaction_id(key).into();
                send.with_transaction_id(&txn).await?
            }
            None => send.await?,
        };
        Ok(result.response.event_id)
    }

    /// Posts one outgoing message into `room`.
    pub(crate) async fn post(
        &self,
        room: &Room,
        outgoing: &Outgoing,
        placement: Placement,
        mentions: &[String],
    ) -> Result<(), matrix_sdk::Error> {
        let message = &outgoing.message;
        let mut private_poll = false;
        let key = outgoing.idempotency_key.as_deref();
        let memory = self.memory();
        let earlier = match &outgoing.replaces {
            Some(replaces) => memory.sent(replaces).await.ok().flatten(),
            None => None,
        };
        let shown;
        let mut message = message;
        if let Some(view) = message.poll.as_ref().filter(|v| v.is_ballot) {
            return self.post_ballot(room, outgoing, view).await;
        }
        if let Some(view) = message.poll.as_ref().filter(|v| v.private) {
            // While it is open its room message is not edited: a count that
            // moves just after someone asked for a ballot (a room event with
            // their name) would tell what they chose. The close shows all.
            if earlier.is_some() && !view.closed {
                return Ok(());
            }
            // Not a native poll: its answers would be room events naming
            // their senders. Text (edited in place at the close) with the
            // private ballot as its one choice.
            shown = render::private_poll(message, view, &self.how_to_vote(view.poll_id));
            message = &shown;
            private_poll = true;
        }
        if let Some(view) = &message.poll {
            match (&earlier, view.closed) {
                // The poll shows its live tally natively.
                (Some(_), false) => return Ok(()),
                (Some(start), true) => {
                    let counts: Vec<(String, u64)> = view
                        .counts
                        .clone()
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                        .map(|(i, n)| ((i + 1).to_string(), u64::try_from(*n).unwrap_or(0)))
                        .collect();
                    let end = render::poll_end(&start.message_id, &message.text, &counts);
                    self.send_raw(room, "m.poll.end", end, key).await?;
                    return Ok(());
                }
                (None, false) => {
                    let start = render::poll_start(view, &message.text);
                    let event = self.send_raw(room, "m.poll.start", start, key).await?;
                    if let Some(key) = key {
                        self.remember(key, room, &event).await;
                    }
                    return Ok(());
                }
                (None, true) => {}
            }
        }
        let mut content = render::message(message, mentions);
        match &placement {
            Placement::Thread { root, reply_to } => {
                render::in_thread(&mut content, root, reply_to.as_deref());
            }
            Placement::ReplyTo(event) => render::as_reply(&mut content, event),
            Placement::Plain => {}
        }
        if let Some(earlier) = &earlier {
            // An edit of the earlier message (m.replace).
            let new_content = content.clone();
            content["m.new_content"] = new_content;
            content["body"] = json!(format!(
                "* {}",
                content["body"].as_str().unwrap_or_default()
            ));
            content["m.relates_to"] =
                json!({"rel_type": "m.replace", "event_id": earlier.message_id});
        }
        let event = self.send_raw(room, "m.room.message", content, key).await?;
        if let Some(key) = key {
            self.remember(key, room, &event).await;
        }
        if private_poll && earlier.is_none() {
            // A poll response to it would be public: it is never counted.
            let state = format!("private-poll:{event}");
            if let Err(error) = memory.set_state(&state, "1").await {
                tracing::error!(%error, "could not remember a private poll");
            }
        }
        let choices = render::choices(message);
        if !choices.is_empty() {
            let stored: Vec<(String, Option<String>)> = choices
                .into_iter()
                .map(|(action, value, _)| (action.encode(), value))
                .collect();
            let state = format!("choices:{event}");
            if let Err(error) = memory
                .set_state(&state, &serde_json::to_string(&stored).unwrap_or_default())
                .await
            {
                tracing::error!(%error, "could not remember a message's choices");
            }
        }
        for Part {
            tag,
            name,
            mime,
            bytes,
            alt,
        } in attachments(message)
        {
            // The text alternative travels as the caption.
            let caption = alt.map(|alt| {
                matrix_sdk::ruma::events::room::message::TextMessageEventContent::plain(alt)
            });
            let mut config = matrix_sdk::attachment::AttachmentConfig::new().caption(caption);
            // A resend uploads the file again, but its event is deduplicated.
            if let Some(key) = key {
                config = config.txn_id(attachment_transaction_id(key, tag).into());
            }
            let mime: mime::Mime = mime.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
            room.send_attachment(name, &mime, bytes, config).await?;
        }
        Ok(())
    }

    /// The core's line on how to vote (by button or command, in the room),
    /// in each language: not shown with a private poll.
    pub(crate) fn how_to_vote(&self, poll_id: i64) -> Vec<String> {
        let i18n = self.inner.engine.i18n();
        bot_core::i18n::Locale::ALL
            .iter()
            .map(|locale| i18n.render(*locale, &Text::new("poll-how-to-vote").arg("id", poll_id)))
            .collect()
    }

    /// Someone's private ballot, in their direct room: a native poll
    /// (`m.undisclosed` when the results are hidden) whose answers are the
    /// ballot's votes. Its event keeps the votes, the person and the
    /// community the ballot is for (the poll's, not the direct room's).
    pub(crate) async fn post_ballot(
        &self,
        room: &Room,
        outgoing: &Outgoing,
        view: &bot_core::PollView,
    ) -> Result<(), matrix_sdk::Error> {
        let Target::Direct {
            community_id,
            user_id,
            ..
        } = &outgoing.target
        else {
            tracing::warn!("a ballot not addressed to one person is not sent");
            return Ok(());
        };
        let start = render::poll_start(view, &outgoing.message.text);
        let key = outgoing.idempotency_key.as_deref();
        let event = self.send_raw(room, "m.poll.start", start, key).await?;
        let ballot = Ballot {
            community_id: community_id.clone(),
            user_id: user_id.clone(),
            votes: view.options.iter().map(|(a, _)| a.encode()).collect(),
            multi: view.multi,
            choose: view.choose.map(|a| a.encode()),
            room_id: Some(room.room_id().to_string()),
        };
        let state = format!("ballot:{event}");
        if let Err(error) = self
            .memory()
            .set_state(&state, &serde_json::to_string(&ballot).unwrap_or_default())
            .await
        {
            tracing::error!(%error, "could not remember a ballot");
        }
        Ok(())
    }

    /// The direct room with `user`, created (and marked `m.direct`) if none.
    pub(crate) async fn direct_room(&self, user: &str) -> Result<Room, DeliveryError> {
        let user = UserId::parse(user)
            .map_err(|_| DeliveryError::Rejected(format!("{user:?} is not a Matrix id")))?;
        let client = &self.inner.client;
        if let Some(room) = client
            .get_dm_rooms(&user)
            .find(|r| r.state() == RoomState::Joined)
        {
            return Ok(room);
        }
        client.create_dm(&user).await.map_err(|e| classify(&e))
    }

    pub(crate) async fn named_thread_root(
        &self,
        room: &Room,
        community_id: &str,
        key: &str,
        title: &str,
    ) -> Result<String, DeliveryError> {
        let memory = self.memory();
        if let Ok(Some(root)) = memory.thread(community_id, key).await {
            return Ok(root);
        }
        let content = render::message(
            &bot_core::Message::text(format!(
                "🧵 **{}**",
                bot_core::model::escape_markdown(title)
            )),
            &[],
        );
        let root = self
            .send_raw(
                room,
                "m.room.message",
                content,
                Some(&format!("{key}-root")),
            )
            .await
            .map_err(|e| classify(&e))?;
        if let Err(error) = memory.set_thread(community_id, key, root.as_str()).await {
            tracing::error!(%error, "could not remember a thread");
        }
        Ok(root.to_string())
    }

    /// Sends a scheduled (or otherwise addressed) message.
    pub async fn send(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match &outgoing.target {
            Target::Answer {
                origin, instead, ..
            } => self.answer_late(origin, instead, outgoing).await,
            _ => self.send_to(outgoing).await,
        }
    }

    /// A late answer (the process that took the event died): a reply to
    /// that event, in its thread if it was in one; a private one by direct
    /// message, as live.
    pub(crate) async fn answer_late(
        &self,
        origin: &str,
        instead: &Target,
        outgoing: &Outgoing,
    ) -> Result<(), DeliveryError> {
        let origin = serde_json::from_str::<EventOrigin>(origin).ok();
        if let (Some(origin), false) = (origin, outgoing.message.ephemeral) {
            let placement = match instead {
                Target::Thread { thread_id, .. } => Some(Placement::Thread {
                    root: thread_id.clone(),
                    reply_to: Some(origin.event.clone()),
                }),
                Target::Channel { .. } => Some(Placement::ReplyTo(origin.event.clone())),
                _ => None,
            };
            if let (
                Some(placement),
                Target::Channel { channel_id, .. } | Target::Thread { channel_id, .. },
            ) = (placement, instead)
            {
                let room = self.room(channel_id)?;
                return self
                    .post(
                        &room,
                        outgoing,
                        placement,
                        std::slice::from_ref(&origin.sender),
                    )
                    .await
                    .map_err(|e| classify(&e));
            }
        }
        self.send_to(&outgoing.sent_to(instead.clone())).await
    }

    pub(crate) async fn send_to(&self, outgoing: &Outgoing) -> Result<(), DeliveryError> {
        match &outgoing.target {
            Target::Reply => Err(DeliveryError::Rejected(
                "a reply needs the message it answers".to_owned(),
            )),
            Target::Answer { .. } => Err(DeliveryError::Rejected(
                "an answer cannot be sent instead of an answer".to_owned(),
            )),
            Target::Channel { channel_id, .. } => {
                let room = self.room(channel_id)?;
                self.post(&room, outgoing, Placement::Plain, &[])
                    .await
                    .map_err(|e| classify(&e))
            }
            Target::Thread {
                channel_id,
                thread_id,
                ..
            } => {
                let room = self.room(channel_id)?;
                let placement = Placement::Thread {
                    root: thread_id.clone(),
                    reply_to: None,
                };
                self.post(&room, outgoing, placement, &[])
                    .await
                    .map_err(|e| classify(&e))
            }
            Target::NamedThread {
                community_id,
                channel_id,
                key,
                title,
            } => {
                let room = self.room(channel_id)?;
                let root = self
                    .named_thread_root(&room, community_id, key, title)
                    .await?;
                let placement = Placement::Thread {
                    root,
                    reply_to: None,
                };
                self.post(&room, outgoing, placement, &[])
                    .await
                    .map_err(|e| classify(&e))
            }
            Target::Direct { user_id, .. } => {
                let room = self.direct_room(user_id).await?;
                self.post(
                    &room,
                    outgoing,
                    Placement::Plain,
                    std::slice::from_ref(user_id),
                )
                .await
                .map_err(|e| classify(&e))
            }
        }
    }
}
