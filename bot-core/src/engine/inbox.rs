//! Every received command is answered, once: adapters record an input
//! before it is handled ([`Engine::handle_once`]) and settle it once its
//! answer is delivered ([`Engine::answered`]). What a process that died
//! left unanswered is delivered by the scheduler's `answer` job (see
//! [`crate::store::InboxRow`]).
//!
//! The `answer` job is the handling process's until [`ANSWER_GRACE`] after
//! the input came (renewed with each part it sends, [`Engine::part_sent`]),
//! so no other worker touches it while it answers; live sends give up
//! waiting on a platform long before that (`scheduler::LIVE_PATIENCE`).
//!
//! Windows that stay: a command whose own writes committed just before the
//! process died, and whose answer was not yet recorded (one statement
//! later), is handled again from its input (with the speaker's standing
//! as received); a part sent just before the process died, and not yet
//! recorded, is sent again.
//!
//! Votes are different: an input that votes would tie a person to a choice
//! (an anonymous poll promises nothing stored does), so a vote keeps only a
//! keyed hash of its event's key, with the day, to recognise a redelivery.
//! A process that dies while handling a vote loses it: the voter sees no
//! confirmation and votes again.

use chrono::Duration;

use super::Engine;
use crate::action::Action;
use crate::catalogue::{CommandId, CommandSpec};
use crate::model::{Input, InputKind, Outgoing, Target};
use crate::scheduler::{Firing, Prepared};
use crate::store::{InboxRow, JobRow, StoreError};

/// How long an answer may take before the scheduler assumes the process
/// handling it died and delivers it instead: far longer than any live
/// answer, short enough that a restart answers soon.
pub const ANSWER_GRACE: Duration = Duration::minutes(2);

/// How long after a live send failed the scheduler tries the rest.
const HAND_OVER_AFTER: Duration = Duration::seconds(30);

/// How long a received event's key is kept to recognise a redelivery: a
/// Matrix batch comes again when the process died in it, however long it
/// then stayed down (pruning runs with the scheduler, before the first
/// sync), so well beyond any outage worth resuming from.
pub const INBOX_MEMORY: Duration = Duration::days(7);

/// A recorded input, until its answer is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    id: i64,
}

impl Receipt {
    /// The delivery key of part `index` of the answer when it has none of
    /// its own: what the scheduler checks before sending it again.
    pub fn part_key(&self, index: usize, part: &Outgoing) -> String {
        part_key(self.id, index, part)
    }
}

fn part_key(id: i64, index: usize, part: &Outgoing) -> String {
    part.idempotency_key
        .clone()
        .unwrap_or_else(|| crate::keys::MessageKey::AnswerPart { inbox: id, index }.encode())
}

/// What [`Engine::handle_once`] did.
#[derive(Debug)]
pub enum Received {
    /// This event was received before (a redelivery): nothing to send.
    Before,
    /// The answer to send; `receipt` is `None` when the input could not be
    /// recorded (the database failed: the answer goes out all the same).
    Answer {
        receipt: Option<Receipt>,
        out: Vec<Outgoing>,
    },
}

impl Engine {
    /// Handles a platform event once: records it under `platform` and
    /// `event_key` (its id there), with `origin` (what the adapter needs to
    /// answer it later, see [`Target::Answer`]), handles it, and keeps the
    /// answer until [`Engine::answered`]. With `replies` false, answers to
    /// the input itself are dropped (only messages elsewhere go out).
    pub async fn handle_once(
        &self,
        platform: &str,
        event_key: &str,
        origin: Option<&str>,
        input: Input,
        replies: bool,
    ) -> Received {
        if self.is_vote(&input) {
            return self
                .handle_vote_once(platform, event_key, input, replies)
                .await;
        }
        let received = self
            .receive(platform, event_key, origin, &input, replies)
            .await;
        let receipt = match received {
            Ok(Some(receipt)) => Some(receipt),
            Ok(None) => {
                tracing::info!(platform, "an event received before: not handled again");
                return Received::Before;
            }
            Err(error) => {
                tracing::error!(error = %super::error_chain(&error), "could not record a received input");
                None
            }
        };
        let out = self.handle_for(input, replies).await;
        if let Some(receipt) = receipt
            && let Err(error) = self.keep_answer(receipt.id, &out).await
        {
            tracing::error!(error = %super::error_chain(&error), "could not keep an answer");
        }
        Received::Answer { receipt, out }
    }

    /// Handles `input`; without `replies`, only its messages elsewhere.
    async fn handle_for(&self, input: Input, replies: bool) -> Vec<Outgoing> {
        let mut out = self.handle(input).await;
        if !replies {
            out.retain(|o| o.target != Target::Reply);
        }
        out
    }

    /// Whether `input` casts a vote (a button, a select, a ballot, or the
    /// `poll vote` command).
    fn is_vote(&self, input: &Input) -> bool {
        match &input.kind {
            InputKind::Action { action, .. } => matches!(
                Action::decode(action),
                Ok(Action::PollVote { .. }
                    | Action::PulseAnswer { .. }
                    | Action::PulseText { .. }
                    | Action::PollChoose { .. }
                    | Action::BallotVote { .. }
                    | Action::BallotChoose { .. })
            ),
            InputKind::Command { path, .. } => [CommandId::PollVote, CommandId::PulseAnswer]
                .into_iter()
                .any(|id| path.iter().eq(CommandSpec::by_id(id).path)),
            InputKind::ThreadPost { .. } => false,
            InputKind::Text(text) => self
                .strip_prefix(text, input.prefix_optional)
                .and_then(|line| {
                    let at = crate::parser::WhenContext {
                        now: self.clock_now(),
                        tz: chrono_tz::Tz::UTC,
                        lang: input.actor.platform_locale,
                    };
                    super::parse_line(self.i18n(), &line, at).ok()
                })
                .is_some_and(|parsed| {
                    matches!(parsed.spec.id, CommandId::PollVote | CommandId::PulseAnswer)
                }),
        }
    }

    /// A vote, handled once: only a keyed hash of its key is kept.
    async fn handle_vote_once(
        &self,
        platform: &str,
        event_key: &str,
        input: Input,
        replies: bool,
    ) -> Received {
        let hashed = self
            .config()
            .poll_secret
            .hash_hex(&format!("inbox:{platform}:{event_key}"));
        let now = self.clock_now();
        let day = now
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .map_or(now, |midnight| midnight.and_utc());
        match self.store().receive_key(platform, &hashed, day).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::info!(platform, "a vote received before: not counted again");
                return Received::Before;
            }
            Err(error) => {
                tracing::error!(error = %super::error_chain(&error), "could not record a received vote");
            }
        }
        let out = self.handle_for(input, replies).await;
        Received::Answer { receipt: None, out }
    }

    async fn receive(
        &self,
        platform: &str,
        event_key: &str,
        origin: Option<&str>,
        input: &Input,
        replies: bool,
    ) -> Result<Option<Receipt>, StoreError> {
        let json = serde_json::to_string(input).map_err(StoreError::Encoding)?;
        let now = self.clock_now();
        let id = self
            .store()
            .receive_input(
                platform,
                event_key,
                origin,
                &json,
                replies,
                &self.inner.live_owner,
                now,
                now + ANSWER_GRACE,
            )
            .await?;
        Ok(id.map(|id| Receipt { id }))
    }

    async fn keep_answer(&self, id: i64, out: &[Outgoing]) -> Result<(), StoreError> {
        let json = serde_json::to_string(out).map_err(StoreError::Encoding)?;
        self.store().record_answer(id, &json).await
    }

    /// Part `index` of the answer to `receipt` went out and more follow:
    /// it is recorded (never sent again) and this process keeps the answer
    /// for another [`ANSWER_GRACE`].
    pub async fn part_sent(&self, receipt: Receipt, index: usize, part: &Outgoing) {
        let now = self.clock_now();
        let store = self.store();
        let result = async {
            store
                .record_delivery(&receipt.part_key(index, part), now)
                .await?;
            store
                .still_answering(receipt.id, &self.inner.live_owner, now + ANSWER_GRACE)
                .await
        }
        .await;
        if let Err(error) = result {
            tracing::error!(error = %super::error_chain(&error), "could not record a sent part");
        }
    }

    /// The answer to `receipt` is delivered. `sent` says which parts went
    /// out (by index); those that did not are handed to the scheduler,
    /// which sends them (through `Target::Answer`) a little later.
    pub async fn answered(&self, receipt: Receipt, out: &[Outgoing], sent: &[bool]) {
        let owner = &self.inner.live_owner;
        let result = if sent.iter().all(|s| *s) {
            self.store().settle_input(receipt.id, owner).await
        } else {
            self.hand_over(receipt, out, sent).await
        };
        if let Err(error) = result {
            tracing::error!(error = %super::error_chain(&error), "could not settle an answered input");
        }
    }

    async fn hand_over(
        &self,
        receipt: Receipt,
        out: &[Outgoing],
        sent: &[bool],
    ) -> Result<(), StoreError> {
        let now = self.clock_now();
        for (index, part) in out.iter().enumerate() {
            if sent.get(index).copied().unwrap_or(false) {
                self.store()
                    .record_delivery(&receipt.part_key(index, part), now)
                    .await?;
            }
        }
        self.store()
            .hand_over_answer(receipt.id, &self.inner.live_owner, now + HAND_OVER_AFTER)
            .await?;
        self.wake_scheduler();
        Ok(())
    }

    /// The scheduler's `answer` job: the answer a process that died did
    /// not deliver, handled now from the stored input if it was not yet.
    pub(crate) async fn prepare_answer_job(&self, job: &JobRow) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(row) = store.inbox_entry(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        if row.state == crate::store::InboxState::Answered {
            return Ok(Prepared::Skip);
        }
        let Some(input) = row
            .input
            .as_deref()
            .and_then(|json| serde_json::from_str::<Input>(json).ok())
        else {
            tracing::error!(job = job.id, "an unanswered input that cannot be read back");
            return Ok(Prepared::Skip);
        };
        let out = match row
            .answer
            .as_deref()
            .and_then(|json| serde_json::from_str::<Vec<Outgoing>>(json).ok())
        {
            Some(out) => out,
            None => {
                tracing::warn!(
                    job = job.id,
                    platform = %row.platform,
                    "answering an input a stopped process received"
                );
                let out = self.handle_for(input.clone(), row.replies).await;
                self.keep_answer(row.id, &out).await?;
                out
            }
        };
        Ok(Prepared::Fire(answer_firing(&row, &input, out)))
    }

    /// After the scheduler is done with a job (delivered, refused, or
    /// nothing to send): the entry is settled, whatever it held.
    pub(crate) async fn answer_job_ended(&self, job: &JobRow) -> Result<(), StoreError> {
        self.store().settle_input(job.ref_id, "").await
    }
}

/// An answer goes as an answer where the adapter still can place one
/// (`Target::Answer`), else where the input came from; a private one to the
/// person by direct message, never into the channel.
fn answer_firing(row: &InboxRow, input: &Input, out: Vec<Outgoing>) -> Firing {
    let place = &input.place;
    let first_reply = out.iter().position(|o| o.target == Target::Reply);
    let outgoing = out
        .into_iter()
        .enumerate()
        .map(|(index, mut part)| {
            part.idempotency_key = Some(part_key(row.id, index, &part));
            if part.target != Target::Reply {
                return part;
            }
            let instead =
                Target::instead_of_reply(place, &input.actor.user_id, part.message.ephemeral);
            match &row.origin {
                Some(origin) => {
                    part.target = Target::Answer {
                        origin: origin.clone(),
                        instead: Box::new(instead),
                        first: first_reply == Some(index),
                    };
                    part
                }
                None => part.sent_to(instead),
            }
        })
        .collect();
    Firing {
        outgoing,
        next: None,
        recipient: Target::Reply,
        locale: input
            .actor
            .platform_locale
            .unwrap_or(crate::i18n::Locale::En),
        summary_line: String::new(),
        advance: 1,
        summarize: false,
        partial: true,
    }
}
