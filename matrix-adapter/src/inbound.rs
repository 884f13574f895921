//! Events from Matrix to the core: messages (commands, numbered choices),
//! reactions, poll responses, ballots, invitations, undecryptable events;
//! who is speaking, in which community, with what rights.

use super::*;

/// Runs one event's handling; a panic in it is logged and ends only that
/// event's handling.
pub(crate) async fn isolated(what: &'static str, handling: impl Future<Output = ()>) {
    if let Err(panic) = bot_core::isolate::catch_unwind(handling).await {
        tracing::error!(event = what, %panic, "handling a Matrix event panicked; syncing goes on");
    }
}

/// The community a room belongs to.
pub(crate) struct Community {
    id: String,
    /// The space that vouches for the room: its admins are the community's.
    space: Option<Room>,
}

/// The message the engine's answers answer, and where it was said.
pub(crate) struct Answering<'a> {
    room: &'a Room,
    community: &'a str,
    sender: &'a UserId,
    event: &'a OwnedEventId,
    thread: Option<&'a OwnedEventId>,
}

pub(crate) fn is_admin_level(level: UserPowerLevel) -> bool {
    match level {
        // Room version 12: creators are not in m.room.power_levels and outrank everyone.
        UserPowerLevel::Infinite => true,
        UserPowerLevel::Int(level) => i64::from(level) >= ADMIN_POWER,
        _ => false,
    }
}

/// A space link (`m.space.parent` or `m.space.child`) without `via` has been removed.
pub(crate) fn has_via(event: &Value) -> bool {
    event["content"]["via"]
        .as_array()
        .is_some_and(|via| !via.is_empty())
}

/// Whether `space` vouches for `room`, whose `m.space.parent` link `sender`
/// set: the space lists the room (`m.space.child`), or `sender` could.
pub(crate) async fn vouches_for(space: &Room, room: &RoomId, sender: &UserId) -> bool {
    use matrix_sdk::deserialized_responses::RawSyncOrStrippedState;
    use matrix_sdk::ruma::events::StateEventType;
    use matrix_sdk::ruma::events::space::child::SpaceChildEventContent;
    let listed = match space
        .get_state_event_static_for_key::<SpaceChildEventContent, _>(room)
        .await
    {
        Ok(Some(RawSyncOrStrippedState::Sync(raw))) => {
            serde_json::from_str::<Value>(raw.json().get()).is_ok_and(|json| has_via(&json))
        }
        _ => false,
    };
    listed
        || space
            .power_levels_or_default()
            .await
            .user_can_send_state(sender, StateEventType::SpaceChild)
}

impl Matrix {
    /// Every handler's work runs under [`isolated`]: matrix-sdk awaits
    /// handlers inside the sync, so a panic would otherwise end the sync
    /// task, and Matrix with it, for everyone.
    pub(crate) fn register_handlers(&self) {
        let client = &self.inner.client;
        let me = self.clone();
        client.add_event_handler(move |ev: StrippedRoomMemberEvent, room: Room| {
            let me = me.clone();
            isolated("invite", async move {
                if Some(&ev.state_key) == me.own_user().as_ref()
                    && ev.content.membership == MembershipState::Invite
                {
                    tokio::spawn(async move { me.consider_invite(room, Some(ev.sender)).await });
                }
            })
        });
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncRoomMessageEvent, room: Room| {
            let me = me.clone();
            isolated("message", async move { me.on_message(ev, room).await })
        });
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncPollResponseEvent, room: Room| {
            let me = me.clone();
            isolated("poll response", async move {
                let answers = ev.content.selections.to_vec();
                let start = ev.content.relates_to.event_id;
                me.on_poll_response(&room, &ev.event_id, ev.sender, start, answers)
                    .await;
            })
        });
        let me = self.clone();
        client.add_event_handler(
            move |ev: OriginalSyncUnstablePollResponseEvent, room: Room| {
                let me = me.clone();
                isolated("poll response", async move {
                    let answers = ev.content.poll_response.answers.clone();
                    let start = ev.content.relates_to.event_id;
                    me.on_poll_response(&room, &ev.event_id, ev.sender, start, answers)
                        .await;
                })
            },
        );
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncReactionEvent, room: Room| {
            let me = me.clone();
            isolated("reaction", async move {
                let annotation = ev.content.relates_to;
                if let Some(n) = render::choice_number(&annotation.key) {
                    me.on_choice(
                        &room,
                        &ev.event_id,
                        ev.sender,
                        &annotation.event_id,
                        n,
                        None,
                    )
                    .await;
                }
            })
        });
        let me = self.clone();
        client.add_event_handler(move |ev: OriginalSyncRoomEncryptedEvent, room: Room| {
            let me = me.clone();
            isolated("undecryptable", async move {
                me.on_undecryptable(ev, room).await;
            })
        });
    }

    pub(crate) async fn consider_invite(&self, room: Room, inviter: Option<OwnedUserId>) {
        let inviter = match inviter {
            Some(inviter) => Some(inviter),
            None => room
                .invite_details()
                .await
                .ok()
                .and_then(|d| d.inviter)
                .map(|m| m.user_id().to_owned()),
        };
        let allowed = inviter.as_ref().is_some_and(|user| {
            self.inner
                .allowed
                .iter()
                .any(|p| matches_pattern(p, user.as_str()))
        });
        if !allowed {
            tracing::info!(room = %room.room_id(), inviter = ?inviter, "declining an invitation from someone not in matrix.allowed_inviters");
            let _ = room.leave().await;
            return;
        }
        // The homeserver may not be ready for the join yet: retry a little.
        for attempt in 0..5u32 {
            match room.join().await {
                Ok(()) => {
                    tracing::info!(room = %room.room_id(), "joined on invitation");
                    return;
                }
                Err(error) => {
                    tracing::warn!(error = %describe(&error), attempt, "joining a room");
                    tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempt))).await;
                }
            }
        }
    }

    /// Who spoke: display name from the room; admin rights from the space
    /// that vouches for it, or from the room when it is its own community.
    pub(crate) async fn actor(&self, room: &Room, user: &UserId, community: &Community) -> Actor {
        let member = room.get_member(user).await.ok().flatten();
        let display_name = member
            .as_ref()
            .and_then(|m| m.display_name().map(str::to_owned))
            .unwrap_or_else(|| user.localpart().to_owned());
        // In a space, admin rights are the space's: a member who made (or
        // moderates) one listed room is not thereby an admin of them all.
        let is_admin = match &community.space {
            Some(space) => is_admin_level(space.power_levels_or_default().await.for_user(user)),
            None => member.is_some_and(|m| is_admin_level(m.power_level())),
        };
        Actor {
            user_id: user.to_string(),
            display_name,
            platform_locale: None,
            platform_timezone: None,
            is_admin,
        }
    }

    /// The community a room belongs to: a space it names as its parent
    /// (`m.space.parent`, a canonical one first) if that space vouches for
    /// the room, or else the room itself. Anyone can create a room naming
    /// any space as its parent, so the link alone proves nothing; only a
    /// space the bot has joined can be checked.
    pub(crate) async fn community(&self, room: &Room) -> Community {
        use matrix_sdk::deserialized_responses::RawSyncOrStrippedState;
        use matrix_sdk::ruma::events::space::parent::SpaceParentEventContent;
        let mut parents: Vec<(bool, OwnedRoomId, OwnedUserId)> = Vec::new();
        if let Ok(events) = room
            .get_state_events_static::<SpaceParentEventContent>()
            .await
        {
            for event in events {
                let RawSyncOrStrippedState::Sync(raw) = event else {
                    continue;
                };
                let Ok(json) = serde_json::from_str::<Value>(raw.json().get()) else {
                    continue;
                };
                let space = json["state_key"]
                    .as_str()
                    .and_then(|s| RoomId::parse(s).ok());
                let sender = json["sender"].as_str().and_then(|s| UserId::parse(s).ok());
                if let (true, Some(space), Some(sender)) = (has_via(&json), space, sender) {
                    let canonical = json["content"]["canonical"].as_bool().unwrap_or(false);
                    parents.push((!canonical, space, sender));
                }
            }
        }
        parents.sort();
        for (_, space_id, sender) in parents {
            let Some(space) = self
                .inner
                .client
                .get_room(&space_id)
                .filter(|space| space.state() == RoomState::Joined)
            else {
                tracing::debug!(room = %room.room_id(), space = %space_id, "a parent space the bot is not in: the room is its own community");
                continue;
            };
            if vouches_for(&space, room.room_id(), &sender).await {
                return Community {
                    id: format!("{PLATFORM}:{space_id}"),
                    space: Some(space),
                };
            }
            tracing::debug!(room = %room.room_id(), space = %space_id, %sender, "a parent space that does not list the room: the room is its own community");
        }
        Community {
            id: format!("{PLATFORM}:{}", room.room_id()),
            space: None,
        }
    }

    /// What the engine needs to hear from `sender` in `room`.
    pub(crate) async fn input(
        &self,
        room: &Room,
        sender: &UserId,
        thread: Option<&OwnedEventId>,
        kind: InputKind,
    ) -> Input {
        let community = self.community(room).await;
        Input {
            actor: self.actor(room, sender, &community).await,
            place: Place {
                community_id: community.id,
                channel_id: room.room_id().to_string(),
                thread_id: thread.map(ToString::to_string),
            },
            kind,
            mentions: Vec::new(),
            prefix_optional: true,
            files: Vec::new(),
        }
    }

    pub(crate) async fn on_message(&self, ev: OriginalSyncRoomMessageEvent, room: Room) {
        if Some(&ev.sender) == self.own_user().as_ref() || room.state() != RoomState::Joined {
            return;
        }
        tracing::trace!(event = %ev.event_id, "message seen");
        // A text, or a file whose caption is the command (its definition).
        let (typed, mut file) = match &ev.content.msgtype {
            MessageType::Text(text) => (text.body.as_str(), None),
            MessageType::File(file) => match file.caption() {
                Some(caption) => (caption, Some(file.clone())),
                None => return,
            },
            _ => return,
        };
        // The reply fallback (quoted lines) is not part of what was typed.
        let body: String = typed
            .lines()
            .skip_while(|l| l.starts_with("> "))
            .skip_while(|l| l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let (thread, replied_to) = match &ev.content.relates_to {
            Some(Relation::Thread(thread)) => (
                Some(thread.event_id.clone()),
                thread.in_reply_to.as_ref().map(|r| r.event_id.clone()),
            ),
            Some(Relation::Reply(reply)) => (None, Some(reply.in_reply_to.event_id.clone())),
            _ => (None, None),
        };
        // A number in reply to a message with numbered choices presses one.
        if let (Some(target), Some(n)) = (&replied_to, render::choice_number(&body))
            && self
                .on_choice(
                    &room,
                    &ev.event_id,
                    ev.sender.clone(),
                    target,
                    n,
                    thread.as_ref(),
                )
                .await
        {
            return;
        }
        let trimmed = body.trim_start();
        let line = match trimmed.get(..self.inner.prefix.len()) {
            Some(head)
                if head.eq_ignore_ascii_case(&self.inner.prefix)
                    && trimmed[self.inner.prefix.len()..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace) =>
            {
                trimmed[self.inner.prefix.len()..].trim().to_owned()
            }
            _ if room.active_members_count() <= 2 && room.is_direct().await.unwrap_or(false) => {
                trimmed.trim().to_owned()
            }
            _ => {
                if let Some(root) = &thread {
                    self.on_thread_post(&room, &ev, root, &body).await;
                }
                return;
            }
        };
        // A command in reply to a file reads that file.
        if file.is_none()
            && let Some(target) = &replied_to
        {
            file = self.file_event(&room, target).await;
        }
        let mut input = self
            .input(&room, &ev.sender, thread.as_ref(), InputKind::Text(line))
            .await;
        if let Some(file) = &file {
            input.files.push(self.fetch_file(file).await);
        }
        let community = input.place.community_id.clone();
        tracing::debug!(event = %ev.event_id, "command received");
        let Some((receipt, out)) = self
            .handle(ev.event_id.as_str(), &ev.event_id, input, true)
            .await
        else {
            return;
        };
        tracing::debug!(event = %ev.event_id, "command handled");
        let to = Answering {
            room: &room,
            community: &community,
            sender: &ev.sender,
            event: &ev.event_id,
            thread: thread.as_ref(),
        };
        self.answer(&to, out, true, receipt).await;
        tracing::debug!(event = %ev.event_id, "command answered");
    }

    /// The file that event `id` of `room` carries, if it is a file.
    async fn file_event(&self, room: &Room, id: &EventId) -> Option<FileMessageEventContent> {
        let event = room.load_or_fetch_event(id, None).await.ok()?;
        let json: Value = serde_json::from_str(event.raw().json().get()).ok()?;
        if json["type"] != "m.room.message" || json["content"]["msgtype"] != "m.file" {
            return None;
        }
        serde_json::from_value(json["content"].clone()).ok()
    }

    /// A file's text, downloaded (and decrypted in an encrypted room) when
    /// it is small enough to be a command's input.
    async fn fetch_file(&self, file: &FileMessageEventContent) -> InboundFile {
        let size = file
            .info
            .as_ref()
            .and_then(|i| i.size)
            .map_or(u64::MAX, u64::from);
        let bytes = if size <= MAX_INBOUND_FILE_BYTES {
            match self.inner.client.media().get_file(file, false).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    tracing::warn!(%error, "could not fetch a file");
                    None
                }
            }
        } else {
            None
        };
        InboundFile::read(file.filename(), size, bytes)
    }

    /// A message that is no command in a thread: the core hears it when
    /// the thread is one it named (a round's, which counts who speaks).
    async fn on_thread_post(
        &self,
        room: &Room,
        ev: &OriginalSyncRoomMessageEvent,
        root: &OwnedEventId,
        body: &str,
    ) {
        let community = self.community(room).await;
        let memory = self.inner.engine.memory(PLATFORM);
        let thread_key = match memory.named_thread(&community.id, root.as_str()).await {
            Ok(Some(key)) => key,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(%error, "could not look up a thread");
                return;
            }
        };
        let kind = InputKind::ThreadPost {
            thread_key,
            text: Some(body.to_owned()),
        };
        let input = self.input(room, &ev.sender, Some(root), kind).await;
        let Some((receipt, out)) = self
            .handle(ev.event_id.as_str(), &ev.event_id, input, true)
            .await
        else {
            return;
        };
        let to = Answering {
            room,
            community: &community.id,
            sender: &ev.sender,
            event: &ev.event_id,
            thread: Some(root),
        };
        self.answer(&to, out, true, receipt).await;
    }

    /// Presses choice `n` of the message `target`, if it has numbered choices.
    pub(crate) async fn on_choice(
        &self,
        room: &Room,
        by: &EventId,
        sender: OwnedUserId,
        target: &OwnedEventId,
        n: usize,
        thread: Option<&OwnedEventId>,
    ) -> bool {
        if Some(&sender) == self.own_user().as_ref() {
            return false;
        }
        if let Some(ballot) = self.ballot(target.as_str()).await {
            self.on_ballot(room, by, &sender, target, &ballot, &[n], true)
                .await;
            return true;
        }
        let key = format!("choices:{target}");
        let Ok(Some(stored)) = self.memory().state(&key).await else {
            return false;
        };
        let choices: Vec<(String, Option<String>)> =
            serde_json::from_str(&stored).unwrap_or_default();
        let Some((action, value)) = choices.get(n - 1).cloned() else {
            return false;
        };
        let kind = InputKind::Action {
            action,
            values: value.into_iter().collect(),
        };
        let input = self.input(room, &sender, thread, kind).await;
        let community = input.place.community_id.clone();
        let Some((receipt, out)) = self.handle(by.as_str(), target, input, true).await else {
            return true;
        };
        let to = Answering {
            room,
            community: &community,
            sender: &sender,
            event: target,
            thread,
        };
        self.answer(&to, out, true, receipt).await;
        true
    }

    pub(crate) async fn on_poll_response(
        &self,
        room: &Room,
        by: &EventId,
        sender: OwnedUserId,
        start: OwnedEventId,
        answers: Vec<String>,
    ) {
        if Some(&sender) == self.own_user().as_ref() {
            return;
        }
        if let Some(ballot) = self.ballot(start.as_str()).await {
            // A response carries the whole selection: set it as a whole.
            if let (true, Some(choose)) = (ballot.multi, &ballot.choose) {
                let kind = InputKind::Action {
                    action: choose.clone(),
                    values: answers,
                };
                self.cast_ballot(room, by.as_str(), &sender, &start, &ballot, kind, false)
                    .await;
                return;
            }
            let numbers = self.ballot_numbers(&start, &ballot, &answers);
            self.on_ballot(room, by, &sender, &start, &ballot, &numbers, false)
                .await;
            return;
        }
        let memory = self.memory();
        let private = format!("private-poll:{start}");
        if let Ok(Some(_)) = memory.state(&private).await {
            tracing::info!(%sender, "a poll response to a private poll's room message: not counted");
            return;
        }
        let Ok(Some(key)) = memory.key_of(start.as_str()).await else {
            return;
        };
        let Some(bot_core::MessageKey::Poll { poll: poll_id }) = bot_core::MessageKey::decode(&key)
        else {
            return;
        };
        let kind = InputKind::Action {
            action: bot_core::Action::PollChoose { poll_id }.encode(),
            values: answers,
        };
        let input = self.input(room, &sender, None, kind).await;
        let community = input.place.community_id.clone();
        // The poll shows the voter their choice (and whether it is closed)
        // itself: answers to the voter are not repeated; messages elsewhere go out.
        let Some((receipt, out)) = self.handle(by.as_str(), &start, input, false).await else {
            return;
        };
        let to = Answering {
            room,
            community: &community,
            sender: &sender,
            event: &start,
            thread: None,
        };
        self.answer(&to, out, false, receipt).await;
    }

    /// The answers of a response to a ballot as the votes it stands for.
    /// One choice: the (first) answer. Several: each vote toggles one, so
    /// the options that changed since this ballot's last response (kept in
    /// memory only: a vote is not written down here).
    pub(crate) fn ballot_numbers(
        &self,
        start: &OwnedEventId,
        ballot: &Ballot,
        answers: &[String],
    ) -> Vec<usize> {
        let picked: Vec<usize> = answers.iter().filter_map(|a| a.parse().ok()).collect();
        if !ballot.multi {
            return picked.into_iter().take(1).collect();
        }
        let mut last = self.inner.ballot_answers.lock().expect("not poisoned");
        let before = last
            .insert(start.clone(), picked.clone())
            .unwrap_or_default();
        let mut changed: Vec<usize> = picked
            .iter()
            .filter(|n| !before.contains(n))
            .chain(before.iter().filter(|n| !picked.contains(n)))
            .copied()
            .collect();
        changed.sort_unstable();
        changed.dedup();
        changed
    }

    pub(crate) async fn on_undecryptable(&self, ev: OriginalSyncRoomEncryptedEvent, room: Room) {
        if Some(&ev.sender) == self.own_user().as_ref() {
            return;
        }
        let first = self
            .inner
            .warned_undecryptable
            .lock()
            .expect("not poisoned")
            .insert(room.room_id().to_owned());
        tracing::warn!(room = %room.room_id(), sender = %ev.sender, "could not decrypt a message");
        if !first {
            return;
        }
        let locale = self.inner.engine.config().default_locale;
        let text = self
            .inner
            .engine
            .i18n()
            .render(locale, &Text::new("matrix-cannot-decrypt"));
        let content = render::message(&bot_core::Message::text(text), &[]);
        if let Err(error) = room.send_raw("m.room.message", content).await {
            tracing::warn!(error = %describe(&error), "saying a message could not be decrypted");
        }
    }

    /// Sends what the engine answered: replies into the room (a thread
    /// stays a thread), private ones by direct message, the rest where they go.
    /// Handles one event once (see [`Engine::handle_once`]); `None` when it
    /// was received before.
    /// A late answer replies to `reply_to`, as a live one does.
    pub(crate) async fn handle(
        &self,
        event_key: &str,
        reply_to: &EventId,
        input: Input,
        replies: bool,
    ) -> Option<(Option<Receipt>, Vec<Outgoing>)> {
        let sender = UserId::parse(&input.actor.user_id).ok();
        let origin = sender.map(|sender| event_origin(reply_to, &sender));
        match self
            .inner
            .engine
            .handle_once(PLATFORM, event_key, origin.as_deref(), input, replies)
            .await
        {
            Received::Before => None,
            Received::Answer { receipt, out } => Some((receipt, out)),
        }
    }

    pub(crate) async fn answer(
        &self,
        to: &Answering<'_>,
        out: Vec<Outgoing>,
        reply: bool,
        receipt: Option<Receipt>,
    ) {
        let Answering {
            room,
            community,
            sender,
            event: to,
            thread,
        } = *to;
        let mut sent = Vec::with_capacity(out.len());
        let last = out.len().saturating_sub(1);
        for (index, outgoing) in out.iter().enumerate() {
            let result = if outgoing.target == Target::Reply {
                if outgoing.message.ephemeral {
                    let direct = Outgoing {
                        target: Target::Direct {
                            community_id: community.to_owned(),
                            user_id: sender.to_string(),
                            fallback_channel: None,
                        },
                        ..outgoing.clone()
                    };
                    self.send_with_retries(&direct).await
                } else {
                    let placement = match thread {
                        Some(root) => Placement::Thread {
                            root: root.to_string(),
                            reply_to: Some(to.to_string()),
                        },
                        None if reply => Placement::ReplyTo(to.to_string()),
                        None => Placement::Plain,
                    };
                    self.post(room, outgoing, placement, &[sender.to_string()])
                        .await
                        .map_err(|e| classify(&e))
                }
            } else {
                self.send_with_retries(outgoing).await
            };
            // Refused is done with (trying again would not help); a send
            // that kept failing is left to the scheduler.
            sent.push(match result {
                Ok(()) => true,
                Err(error @ DeliveryError::Rejected(_)) => {
                    tracing::warn!(%error, "a message to Matrix was refused");
                    true
                }
                Err(error) => {
                    tracing::warn!(%error, "a message to Matrix was not sent; the scheduler sends it later");
                    false
                }
            });
            if let (Some(receipt), true, true) = (receipt, sent[index], index < last) {
                self.inner.engine.part_sent(receipt, index, outgoing).await;
            }
        }
        if let Some(receipt) = receipt {
            self.inner.engine.answered(receipt, &out, &sent).await;
        }
    }

    /// The ballot sent as `event`, if it is one.
    pub(crate) async fn ballot(&self, event: &str) -> Option<Ballot> {
        let state = format!("ballot:{event}");
        let stored = self.memory().state(&state).await.ok()??;
        serde_json::from_str(&stored).ok()
    }

    /// Votes `n` (1-based) on the ballot `event`, as `sender` if it is
    /// theirs, in the community it was sent for.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn on_ballot(
        &self,
        room: &Room,
        by: &EventId,
        sender: &OwnedUserId,
        event: &OwnedEventId,
        ballot: &Ballot,
        numbers: &[usize],
        reply: bool,
    ) {
        for (i, n) in numbers.iter().enumerate() {
            let Some(action) = n.checked_sub(1).and_then(|i| ballot.votes.get(i)) else {
                continue;
            };
            let kind = InputKind::Action {
                action: action.clone(),
                values: Vec::new(),
            };
            // One event can cast several votes: each is received once.
            // (By its place, not its option: a key names no choice.)
            let key = format!("{by}#{i}");
            self.cast_ballot(room, &key, sender, event, ballot, kind, reply)
                .await;
        }
    }

    /// One ballot action, as `sender` if the ballot is theirs, in the
    /// community it was sent for.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn cast_ballot(
        &self,
        room: &Room,
        key: &str,
        sender: &OwnedUserId,
        event: &OwnedEventId,
        ballot: &Ballot,
        kind: InputKind,
        reply: bool,
    ) {
        if ballot.user_id != sender.as_str() {
            tracing::info!(%sender, "a ballot answered by someone it was not sent to: ignored");
            return;
        }
        if ballot
            .room_id
            .as_deref()
            .is_some_and(|id| id != room.room_id().as_str())
        {
            tracing::info!(%sender, "a ballot answered from another room: ignored");
            return;
        }
        let mut input = self.input(room, sender, None, kind).await;
        input.place.community_id = ballot.community_id.clone();
        // Who they are in the poll's community, not in the direct room
        // (where everyone has full power): no admin rights from a DM.
        let known = self
            .memory()
            .member(&ballot.community_id, sender.as_str())
            .await
            .ok()
            .flatten();
        input.actor.is_admin = known.as_ref().and_then(|k| k.is_admin).unwrap_or(false);
        if let Some(name) = known.and_then(|k| k.display_name) {
            input.actor.display_name = name;
        }
        // The native ballot shows the choice itself: without `reply`, only
        // messages elsewhere go out.
        let Some((receipt, out)) = self.handle(key, event, input, reply).await else {
            return;
        };
        let to = Answering {
            room,
            community: &ballot.community_id,
            sender,
            event,
            thread: None,
        };
        self.answer(&to, out, reply, receipt).await;
    }
}
