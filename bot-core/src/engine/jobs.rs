//! The engine as the scheduler's [`Jobs`]: every job kind goes to the
//! capability that owns it (an exhaustive match: a new kind that is not
//! routed here does not compile).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::Engine;
use crate::i18n::Locale;
use crate::model::{Outgoing, Target};
use crate::scheduler::{BoxFuture, Jobs, Prepared, SchedulerStatus};
use crate::store::{JobKind, JobRow, Store, StoreError};

impl Jobs for Engine {
    fn store(&self) -> &Store {
        Engine::store(self)
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock_now()
    }

    fn prepare<'a>(
        &'a self,
        job: &'a JobRow,
        now: DateTime<Utc>,
        lateness: Duration,
    ) -> BoxFuture<'a, Result<Prepared, StoreError>> {
        Box::pin(async move {
            match job.kind {
                JobKind::Reminder => self.prepare_reminder(job, now, lateness).await,
                JobKind::Nudge => self.prepare_nudge(job, now).await,
                JobKind::PollTally | JobKind::PollClose => self.prepare_poll_job(job, now).await,
                JobKind::Answer => self.prepare_answer_job(job).await,
                JobKind::Round => self.prepare_round_job(job, now).await,
                JobKind::RoundCommitment => self.prepare_commitment_job(job).await,
                JobKind::PulseOpen => self.prepare_pulse_open(job, now).await,
                JobKind::PulseSend => self.prepare_pulse_send(job, now).await,
                JobKind::PulseClose => self.prepare_pulse_close(job, now).await,
            }
        })
    }

    fn ended<'a>(&'a self, job: &'a JobRow) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            match job.kind {
                JobKind::Answer => self.answer_job_ended(job).await,
                JobKind::Reminder
                | JobKind::Nudge
                | JobKind::PollTally
                | JobKind::PollClose
                | JobKind::Round
                | JobKind::RoundCommitment
                | JobKind::PulseOpen
                | JobKind::PulseSend
                | JobKind::PulseClose => Ok(()),
            }
        })
    }

    fn prune<'a>(&'a self, now: DateTime<Utc>) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            Engine::store(self)
                .prune_inbox(now - super::INBOX_MEMORY)
                .await?;
            Ok(())
        })
    }

    fn missed_summary(
        &self,
        target: Target,
        locale: Locale,
        lines: &[String],
        key: String,
    ) -> Outgoing {
        Engine::missed_summary(self, target, locale, lines, key)
    }

    fn set_status(&self, status: SchedulerStatus) {
        self.set_scheduler_status(status);
    }

    fn wake(&self) -> Arc<tokio::sync::Notify> {
        self.scheduler_wake()
    }
}
