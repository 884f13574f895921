//! A pulse run's clock: it opens (recipients, a send job each), each
//! recipient's questions and their one reminder, and its close.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::store::{PulseRow, PulseState, QuestionKind, QuestionRow, RunRow};
use super::{percent, pulse_reader, pulse_tz, recurrence_of, respondent, tally, templates};
use crate::action::Action;
use crate::engine::Engine;
use crate::engine::reader::quiet_until;
use crate::i18n::{Locale, Text};
use crate::keys::MessageKey;
use crate::model::{ButtonStyle, Component, Message, Outgoing, Target, escape_markdown};
use crate::scheduler::{Firing, Prepared};
use crate::store::{JobRow, StoreError, from_millis};
use crate::timezone::format_local;

/// One question as its recipient sees it: the words, and a button per
/// value (a text question: a button that opens a form, and the command).
fn question_message(
    engine: &Engine,
    locale: Locale,
    pulse: &PulseRow,
    run: &RunRow,
    question: &QuestionRow,
    total: usize,
    tz: Tz,
) -> Message {
    let i18n = engine.i18n();
    let mut text = String::new();
    if question.position == 1 {
        text.push_str(
            &i18n.render(
                locale,
                &Text::new("pulse-intro")
                    .arg("title", escape_markdown(&pulse.title))
                    .arg("count", total)
                    .arg("at", format_local(from_millis(run.closes_at), tz))
                    .arg("anonymous", if pulse.anonymous { "yes" } else { "no" })
                    .arg("k", pulse.min_answers),
            ),
        );
        text.push_str("\n\n");
    }
    text.push_str(
        &i18n.render(
            locale,
            &Text::new("pulse-question-header")
                .arg("n", question.position)
                .arg("total", total)
                .arg(
                    "question",
                    escape_markdown(&templates::words(i18n, locale, &question.prompt)),
                ),
        ),
    );
    let labels: Vec<String> = question
        .labels()
        .iter()
        .map(|l| templates::words(i18n, locale, l))
        .collect();
    let position = u8::try_from(question.position).unwrap_or(0);
    let button = |value: i64, label: String| Component::Button {
        action: Action::PulseAnswer {
            run_id: run.id,
            position,
            value: u8::try_from(value).unwrap_or(0),
        },
        label,
        style: ButtonStyle::Secondary,
    };
    let mut message;
    match question.kind {
        QuestionKind::Scale | QuestionKind::Nps => {
            let (low, high) = match question.kind {
                QuestionKind::Scale => (
                    labels.first().cloned().unwrap_or_default(),
                    labels.get(1).cloned().unwrap_or_default(),
                ),
                _ => (
                    i18n.t(locale, "pulse-nps-low"),
                    i18n.t(locale, "pulse-nps-high"),
                ),
            };
            let values = tally::values(question);
            let (first, last) = (values[0], values[values.len() - 1]);
            text.push('\n');
            text.push_str(
                &i18n.render(
                    locale,
                    &Text::new("pulse-scale-ends")
                        .arg("low", first)
                        .arg("lowlabel", escape_markdown(&low))
                        .arg("high", last)
                        .arg("highlabel", escape_markdown(&high)),
                ),
            );
            message = Message::text(text);
            for v in values {
                message = message.with_component(button(v, v.to_string()));
            }
        }
        QuestionKind::Choice | QuestionKind::Multi => {
            if question.kind == QuestionKind::Multi {
                text.push('\n');
                text.push_str(&i18n.t(locale, "pulse-multi-hint"));
            }
            message = Message::text(text);
            for (i, label) in labels.iter().enumerate() {
                let short: String = label.chars().take(70).collect();
                message =
                    message.with_component(button(i as i64 + 1, format!("{}. {short}", i + 1)));
            }
        }
        QuestionKind::Text => {
            text.push('\n');
            text.push_str(
                &i18n.render(
                    locale,
                    &Text::new("pulse-text-hint")
                        .arg("run", run.id)
                        .arg("n", question.position),
                ),
            );
            message = Message::text(text).with_component(Component::Button {
                action: Action::PulsePrompt {
                    run_id: run.id,
                    position,
                },
                label: i18n.t(locale, "pulse-text-button"),
                style: ButtonStyle::Primary,
            });
        }
    }
    message
}

impl Engine {
    /// A pulse's next run opens: its recipients now, a send job each, the
    /// close job, and the run after (a recurring pulse).
    pub(crate) async fn prepare_pulse_open(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(pulse) = store.pulse(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        if pulse.state != PulseState::Scheduled {
            return Ok(Prepared::Skip);
        }
        let due = from_millis(job.due_at);
        let tz = pulse_tz(&pulse);
        let next = recurrence_of(&pulse).and_then(|r| r.next_after(due.max(now), tz));
        let audience = store.pulse_audience(&pulse).await?;
        let recipients: Vec<(String, String, Option<String>)> = audience
            .into_iter()
            .map(|(user, place)| {
                (
                    pulse.community_id.clone(),
                    user,
                    place.or_else(|| {
                        (!pulse.channel_id.is_empty()).then(|| pulse.channel_id.clone())
                    }),
                )
            })
            .collect();
        let closes = due.max(now) + Duration::milliseconds(pulse.open_for_ms);
        store
            .open_pulse_run(pulse.id, due, closes, &recipients, next, now)
            .await?;
        self.wake_scheduler();
        let reader = pulse_reader(self, &pulse);
        let creator = Target::Direct {
            community_id: pulse.community_id.clone(),
            user_id: pulse.creator_id.clone(),
            fallback_channel: None,
        };
        Ok(Prepared::Fire(Firing {
            outgoing: Vec::new(),
            next,
            recipient: creator,
            locale: reader.locale,
            summary_line: String::new(),
            advance: 1,
            summarize: false,
            partial: true,
        }))
    }

    /// One recipient's questions (step 0), or the one reminder (step 1)
    /// when they have not answered.
    pub(crate) async fn prepare_pulse_send(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(recipient) = store.pulse_recipient(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        let Some(run) = store.pulse_run(recipient.run_id).await? else {
            return Ok(Prepared::Skip);
        };
        let Some(pulse) = store.pulse(run.pulse_id).await? else {
            return Ok(Prepared::Skip);
        };
        if !run.is_open(now) {
            return Ok(Prepared::Skip);
        }
        let (reader, person) = self
            .member_reader(&pulse.community_id, &recipient.user_id)
            .await?;
        if let Some(p) = &person
            && let Some(until) = quiet_until(p, now, reader.tz)
            && until < from_millis(run.closes_at)
        {
            return Ok(Prepared::Postpone(until));
        }
        let target = Target::Direct {
            community_id: pulse.community_id.clone(),
            user_id: recipient.user_id.clone(),
            fallback_channel: recipient.fallback_channel.clone(),
        };
        let i18n = self.i18n();
        let firing = |outgoing: Vec<Outgoing>, next: Option<DateTime<Utc>>| {
            Prepared::Fire(Firing {
                outgoing,
                next,
                recipient: target.clone(),
                locale: reader.locale,
                summary_line: String::new(),
                advance: 1,
                summarize: false,
                partial: false,
            })
        };
        if job.step == 0 {
            let questions = store.pulse_questions(pulse.id).await?;
            let outgoing = questions
                .iter()
                .map(|q| Outgoing {
                    target: target.clone(),
                    message: question_message(
                        self,
                        reader.locale,
                        &pulse,
                        &run,
                        q,
                        questions.len(),
                        reader.tz,
                    ),
                    idempotency_key: Some(
                        MessageKey::PulseQuestion {
                            run: run.id,
                            recipient: recipient.id,
                            position: q.position,
                        }
                        .encode(),
                    ),
                    replaces: None,
                })
                .collect();
            let remind_at = pulse
                .remind_before_ms
                .map(|ms| from_millis(run.closes_at - ms))
                .filter(|at| *at > now);
            return Ok(firing(outgoing, remind_at));
        }
        // The reminder: only to those who have not answered anything.
        let who = respondent(self, &pulse, run.id, &recipient.user_id);
        if store.pulse_response(run.id, &who).await?.is_some() {
            return Ok(Prepared::Skip);
        }
        let text = i18n.render(
            reader.locale,
            &Text::new("pulse-reminder")
                .arg("title", escape_markdown(&pulse.title))
                .arg("at", format_local(from_millis(run.closes_at), reader.tz)),
        );
        Ok(firing(
            vec![Outgoing {
                target: target.clone(),
                message: Message::text(text),
                idempotency_key: Some(
                    MessageKey::PulseReminder {
                        run: run.id,
                        recipient: recipient.id,
                    }
                    .encode(),
                ),
                replaces: None,
            }],
            None,
        ))
    }

    /// A run closes: its creator hears how many answered and where to read
    /// the results.
    pub(crate) async fn prepare_pulse_close(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(run) = store.pulse_run(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        let Some(pulse) = store.pulse(run.pulse_id).await? else {
            return Ok(Prepared::Skip);
        };
        let closed_here = store.close_pulse_run(run.id, now).await?;
        // A circle's feedback after each meeting is read with `feedback
        // show`, not announced to whoever made the circle.
        if (!closed_here && job.attempts <= 1) || pulse.feedback.is_some() {
            return Ok(Prepared::Skip);
        }
        let answered = store.pulse_respondent_count(run.id).await?;
        let asked = store.pulse_recipient_count(run.id).await?;
        let (reader, _) = self
            .member_reader(&pulse.community_id, &pulse.creator_id)
            .await?;
        let target = Target::Direct {
            community_id: pulse.community_id.clone(),
            user_id: pulse.creator_id.clone(),
            fallback_channel: None,
        };
        let text = self.i18n().render(
            reader.locale,
            &Text::new("pulse-run-closed-summary")
                .arg("id", pulse.id)
                .arg("title", escape_markdown(&pulse.title))
                .arg("run", run.number)
                .arg("answered", answered)
                .arg("asked", asked)
                .arg("percent", percent(answered, asked)),
        );
        Ok(Prepared::Fire(Firing {
            outgoing: vec![Outgoing {
                target: target.clone(),
                message: Message::text(text.clone()),
                idempotency_key: Some(MessageKey::PulseClosed { run: run.id }.encode()),
                replaces: None,
            }],
            next: None,
            recipient: target,
            locale: reader.locale,
            summary_line: text,
            advance: 1,
            summarize: true,
            partial: false,
        }))
    }
}
