//! Pulses, their questions, runs, recipients and sealed responses.

use chrono::{DateTime, Utc};

use crate::store::{
    Store, StoreError, json_rows, parse_json, stored_enum, to_millis, with_pool, write_tx,
};

stored_enum! {
    /// Where a pulse stands.
    pub enum PulseState {
        /// Being written: questions may change, nothing is sent.
        Draft = "draft",
        Scheduled = "scheduled",
        Paused = "paused",
        Closed = "closed",
    }
}

stored_enum! {
    /// What a question asks for.
    pub enum QuestionKind {
        /// 1 to 5, with labelled ends.
        Scale = "scale",
        /// 0 to 10, read as promoters, passives and detractors.
        Nps = "nps",
        /// One of the listed options.
        Choice = "choice",
        /// Any of the listed options.
        Multi = "multi",
        /// Free text (up to 1 000 characters).
        Text = "text",
    }
}

stored_enum! {
    /// Who a pulse goes to.
    pub enum Audience {
        Community = "community",
        Circle = "circle",
        /// Everyone holding a role in an active circle.
        Role = "role",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PulseRow {
    pub id: i64,
    pub community_id: String,
    pub channel_id: String,
    pub creator_id: String,
    pub title: String,
    pub locale: String,
    pub timezone: String,
    pub anonymous: bool,
    pub min_answers: i64,
    pub promoter_min: i64,
    pub passive_min: i64,
    #[sqlx(try_from = "String")]
    pub audience: Audience,
    pub circle_id: Option<i64>,
    pub role: Option<String>,
    pub open_for_ms: i64,
    pub remind_before_ms: Option<i64>,
    pub recurrence: Option<String>,
    pub next_run_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub state: PulseState,
    /// A circle's feedback after its meetings: `session` (its mentees and
    /// peers asked) or `progress` (its mentors and hosts asked).
    pub feedback: Option<String>,
    pub created_at: i64,
}

const PULSE_COLUMNS: &str = "id, community_id, channel_id, creator_id, title, locale, timezone,
    anonymous, min_answers, promoter_min, passive_min, audience, circle_id, role, open_for_ms,
    remind_before_ms, recurrence, next_run_at, state, feedback, created_at";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuestionRow {
    pub position: i64,
    #[sqlx(try_from = "String")]
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: String,
}

impl QuestionRow {
    /// The option labels (a scale's two end labels), in order.
    pub fn labels(&self) -> Vec<&str> {
        self.options.lines().filter(|l| !l.is_empty()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub pulse_id: i64,
    pub number: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
    /// How many times its answers were written (`set_pulse_response`): what
    /// tells a process its opened answers are stale (`run_answers`).
    pub revision: i64,
}

const RUN_COLUMNS: &str = "id, pulse_id, number, opens_at, closes_at, closed_at, revision";

impl RunRow {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.closed_at.is_none() && self.closes_at > to_millis(now)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RunRecipient {
    pub id: i64,
    pub run_id: i64,
    pub community_id: String,
    pub user_id: String,
    pub fallback_channel: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPulse<'a> {
    pub community_id: &'a str,
    pub channel_id: &'a str,
    pub creator_id: &'a str,
    pub title: &'a str,
    pub locale: &'a str,
    pub timezone: &'a str,
    pub anonymous: bool,
    pub min_answers: i64,
    pub promoter_min: i64,
    pub passive_min: i64,
    pub questions: &'a [(QuestionKind, String, String)],
    pub created_at: DateTime<Utc>,
}

/// When and to whom a pulse runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulseSchedule<'a> {
    pub audience: Audience,
    pub circle_id: Option<i64>,
    pub role: Option<&'a str>,
    pub open_for_ms: i64,
    pub remind_before_ms: Option<i64>,
    pub recurrence: Option<&'a str>,
    pub first_run: DateTime<Utc>,
}

/// Whether an answer went in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    /// Written: the run's revision is now this.
    Recorded { revision: i64 },
    /// The run closed (or never was).
    Closed,
}

impl Store {
    /// Creates a draft pulse with its questions.
    pub async fn create_pulse(&self, new: &NewPulse<'_>) -> Result<i64, StoreError> {
        write_tx!(self, |tx| {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO pulses (community_id, channel_id, creator_id, title, locale, timezone,
                                     anonymous, min_answers, promoter_min, passive_min,
                                     open_for_ms, state, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 259200000, 'draft', $11)
                 RETURNING id",
            )
            .bind(new.community_id)
            .bind(new.channel_id)
            .bind(new.creator_id)
            .bind(new.title)
            .bind(new.locale)
            .bind(new.timezone)
            .bind(new.anonymous)
            .bind(new.min_answers)
            .bind(new.promoter_min)
            .bind(new.passive_min)
            .bind(to_millis(new.created_at))
            .fetch_one(&mut *tx)
            .await?;
            for (i, (kind, prompt, options)) in new.questions.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO pulse_questions (pulse_id, position, kind, prompt, options)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(i as i64 + 1)
                .bind(kind.as_str())
                .bind(prompt)
                .bind(options)
                .execute(&mut *tx)
                .await?;
            }
            Ok(id)
        })
    }

    pub async fn pulse(&self, id: i64) -> Result<Option<PulseRow>, StoreError> {
        let sql = format!("SELECT {PULSE_COLUMNS} FROM pulses WHERE id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, PulseRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A community's pulses, newest first (at most 50).
    pub async fn pulses_of(&self, community_id: &str) -> Result<Vec<PulseRow>, StoreError> {
        let sql = format!(
            "SELECT {PULSE_COLUMNS} FROM pulses WHERE community_id = $1 ORDER BY id DESC LIMIT 50"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, PulseRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(community_id)
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn pulse_questions(&self, pulse_id: i64) -> Result<Vec<QuestionRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, QuestionRow>(
                "SELECT position, kind, prompt, options FROM pulse_questions
                 WHERE pulse_id = $1 ORDER BY position",
            )
            .bind(pulse_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Adds a question at the end of a draft; `None` when the pulse already
    /// has `max` questions or is no longer a draft.
    pub async fn add_pulse_question(
        &self,
        pulse_id: i64,
        kind: QuestionKind,
        prompt: &str,
        options: &str,
        max: i64,
    ) -> Result<Option<i64>, StoreError> {
        write_tx!(self, |tx| {
            let count = sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM pulse_questions q JOIN pulses p ON p.id = q.pulse_id
                 WHERE q.pulse_id = $1",
            )
            .bind(pulse_id)
            .fetch_one(&mut *tx)
            .await?;
            let draft = sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM pulses WHERE id = $1 AND state = 'draft'",
            )
            .bind(pulse_id)
            .fetch_one(&mut *tx)
            .await?;
            if count >= max || draft == 0 {
                tx.rollback().await?;
                return Ok(None);
            }
            sqlx::query(
                "INSERT INTO pulse_questions (pulse_id, position, kind, prompt, options)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(pulse_id)
            .bind(count + 1)
            .bind(kind.as_str())
            .bind(prompt)
            .bind(options)
            .execute(&mut *tx)
            .await?;
            Ok(Some(count + 1))
        })
    }

    /// Removes question `position` of a draft and closes the gap; false when
    /// there is no such question or the pulse is no longer a draft.
    pub async fn remove_pulse_question(
        &self,
        pulse_id: i64,
        position: i64,
    ) -> Result<bool, StoreError> {
        write_tx!(self, |tx| {
            let removed = sqlx::query(
                "DELETE FROM pulse_questions WHERE pulse_id = $1 AND position = $2
                   AND pulse_id IN (SELECT id FROM pulses WHERE state = 'draft')",
            )
            .bind(pulse_id)
            .bind(position)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if removed == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            // One at a time upwards, so no two rows ever share a position.
            let later = sqlx::query_scalar::<_, i64>(
                "SELECT position FROM pulse_questions WHERE pulse_id = $1 AND position > $2
                 ORDER BY position",
            )
            .bind(pulse_id)
            .bind(position)
            .fetch_all(&mut *tx)
            .await?;
            for p in later {
                sqlx::query(
                    "UPDATE pulse_questions SET position = $3 WHERE pulse_id = $1 AND position = $2",
                )
                .bind(pulse_id)
                .bind(p)
                .bind(p - 1)
                .execute(&mut *tx)
                .await?;
            }
            Ok(true)
        })
    }

    /// Schedules a draft (or a paused pulse): its audience, window and first
    /// run, and the job that opens each run.
    pub async fn schedule_pulse(
        &self,
        pulse_id: i64,
        schedule: &PulseSchedule<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE pulses SET audience = $2, circle_id = $3, role = $4, open_for_ms = $5,
                        remind_before_ms = $6, recurrence = $7, next_run_at = $8, state = 'scheduled'
                 WHERE id = $1",
            )
            .bind(pulse_id)
            .bind(schedule.audience.as_str())
            .bind(schedule.circle_id)
            .bind(schedule.role)
            .bind(schedule.open_for_ms)
            .bind(schedule.remind_before_ms)
            .bind(schedule.recurrence)
            .bind(to_millis(schedule.first_run))
            .execute(&mut *tx)
            .await?;
            sqlx::query(PULSE_OPEN_UPSERT)
                .bind(pulse_id)
                .bind(to_millis(schedule.first_run))
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Pauses a scheduled pulse (no new runs; an open run stays open) or
    /// resumes a paused one (its next run at `next`, or none).
    pub async fn set_pulse_paused(
        &self,
        pulse_id: i64,
        paused: bool,
        next: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        write_tx!(self, |tx| {
            let (from, to) = if paused {
                ("scheduled", "paused")
            } else {
                ("paused", "scheduled")
            };
            let changed = sqlx::query(
                "UPDATE pulses SET state = $3, next_run_at = $4 WHERE id = $1 AND state = $2",
            )
            .bind(pulse_id)
            .bind(from)
            .bind(to)
            .bind(next.map(to_millis))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            if paused {
                sqlx::query(
                    "UPDATE jobs SET state = 'cancelled', updated_at = $2
                     WHERE kind = 'pulse_open' AND ref_id = $1 AND state = 'pending'",
                )
                .bind(pulse_id)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            } else if let Some(at) = next {
                sqlx::query(PULSE_OPEN_UPSERT)
                    .bind(pulse_id)
                    .bind(to_millis(at))
                    .bind(to_millis(now))
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(true)
        })
    }

    /// Closes a pulse for good: no more runs, and an open run closes now.
    /// The runs it closed (their results follow).
    pub async fn close_pulse(
        &self,
        pulse_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        write_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE pulses SET state = 'closed', next_run_at = NULL
                 WHERE id = $1 AND state <> 'closed'",
            )
            .bind(pulse_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                tx.rollback().await?;
                return Ok(None);
            }
            sqlx::query(
                "UPDATE jobs SET state = 'cancelled', updated_at = $2
                 WHERE kind = 'pulse_open' AND ref_id = $1 AND state = 'pending'",
            )
            .bind(pulse_id)
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await?;
            let runs = sqlx::query_scalar::<_, i64>(
                "SELECT id FROM pulse_runs WHERE pulse_id = $1 AND closed_at IS NULL",
            )
            .bind(pulse_id)
            .fetch_all(&mut *tx)
            .await?;
            // The close jobs fire now: they close the runs and tell the creator.
            for run in &runs {
                sqlx::query(
                    "UPDATE jobs SET due_at = $2, updated_at = $2
                     WHERE kind = 'pulse_close' AND ref_id = $1 AND state = 'pending'",
                )
                .bind(run)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            }
            Ok(Some(runs))
        })
    }

    /// Opens run `number` of a pulse (due at `opens_at`) for `recipients`
    /// (member, fallback channel): the run, a send job per recipient, the
    /// run's close job, and the pulse's next run (`next`, or none). An
    /// earlier run still open closes now. Idempotent: a retry finds the run
    /// made and changes nothing. The run's id.
    pub async fn open_pulse_run(
        &self,
        pulse_id: i64,
        opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
        recipients: &[(String, String, Option<String>)],
        next: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        write_tx!(self, |tx| {
            if let Some(id) = sqlx::query_scalar::<_, i64>(
                "SELECT id FROM pulse_runs WHERE pulse_id = $1 AND opens_at = $2",
            )
            .bind(pulse_id)
            .bind(to_millis(opens_at))
            .fetch_optional(&mut *tx)
            .await?
            {
                tx.rollback().await?;
                return Ok(id);
            }
            let earlier = sqlx::query_scalar::<_, i64>(
                "SELECT id FROM pulse_runs WHERE pulse_id = $1 AND closed_at IS NULL",
            )
            .bind(pulse_id)
            .fetch_all(&mut *tx)
            .await?;
            for run in earlier {
                sqlx::query(
                    "UPDATE jobs SET due_at = $2, updated_at = $2
                     WHERE kind = 'pulse_close' AND ref_id = $1 AND state = 'pending'",
                )
                .bind(run)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            }
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO pulse_runs (pulse_id, number, opens_at, closes_at)
                 VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM pulse_runs WHERE pulse_id = $1),
                         $2, $3)
                 RETURNING id",
            )
            .bind(pulse_id)
            .bind(to_millis(opens_at))
            .bind(to_millis(closes_at))
            .fetch_one(&mut *tx)
            .await?;
            for (community, user, fallback) in recipients {
                let recipient = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO pulse_recipients (run_id, community_id, user_id, fallback_channel)
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(id)
                .bind(community)
                .bind(user)
                .bind(fallback)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                     VALUES ('pulse_send', $1, $2, 'pending', $2)",
                )
                .bind(recipient)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                 VALUES ('pulse_close', $1, $2, 'pending', $3)",
            )
            .bind(id)
            .bind(to_millis(closes_at))
            .bind(to_millis(now))
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE pulses SET next_run_at = $2 WHERE id = $1")
                .bind(pulse_id)
                .bind(next.map(to_millis))
                .execute(&mut *tx)
                .await?;
            Ok(id)
        })
    }

    pub async fn pulse_run(&self, run_id: i64) -> Result<Option<RunRow>, StoreError> {
        let sql = format!("SELECT {RUN_COLUMNS} FROM pulse_runs WHERE id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RunRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(run_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A pulse's runs, in order.
    pub async fn pulse_runs(&self, pulse_id: i64) -> Result<Vec<RunRow>, StoreError> {
        let sql =
            format!("SELECT {RUN_COLUMNS} FROM pulse_runs WHERE pulse_id = $1 ORDER BY number");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RunRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(pulse_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Closes a run; false if it was closed already.
    pub async fn close_pulse_run(
        &self,
        run_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query("UPDATE pulse_runs SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL")
                .bind(run_id)
                .bind(to_millis(now))
                .execute(pool)
                .await?
                .rows_affected()
                == 1
        }))
    }

    pub async fn pulse_recipient(&self, id: i64) -> Result<Option<RunRecipient>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RunRecipient>(
                "SELECT id, run_id, community_id, user_id, fallback_channel FROM pulse_recipients
                 WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Whether `user_id` was asked in run `run_id`.
    pub async fn pulse_recipient_of(
        &self,
        run_id: i64,
        user_id: &str,
    ) -> Result<Option<RunRecipient>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RunRecipient>(
                "SELECT id, run_id, community_id, user_id, fallback_channel FROM pulse_recipients
                 WHERE run_id = $1 AND user_id = $2",
            )
            .bind(run_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// How many people a run was sent to.
    pub async fn pulse_recipient_count(&self, run_id: i64) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pulse_recipients WHERE run_id = $1")
                .bind(run_id)
                .fetch_one(pool)
                .await?
        }))
    }

    /// One respondent's sealed answers.
    pub async fn pulse_response(
        &self,
        run_id: i64,
        respondent: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT sealed FROM pulse_responses WHERE run_id = $1 AND respondent = $2",
            )
            .bind(run_id)
            .bind(respondent)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Every response of a run: (respondent, sealed), in key order.
    /// Read as one JSON row (`store::json_rows`): a run may have ten
    /// thousand.
    pub async fn pulse_responses(&self, run_id: i64) -> Result<Vec<(String, String)>, StoreError> {
        let sql = json_rows(
            self,
            "respondent, sealed",
            "SELECT respondent, sealed FROM pulse_responses WHERE run_id = $1",
        );
        let json: String = with_pool!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(run_id)
                .fetch_one(pool)
                .await?
        });
        let mut rows: Vec<(String, String)> = parse_json(&json)?;
        rows.sort_unstable();
        Ok(rows)
    }

    /// How many people answered a run.
    pub async fn pulse_respondent_count(&self, run_id: i64) -> Result<i64, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pulse_responses WHERE run_id = $1")
                .bind(run_id)
                .fetch_one(pool)
                .await?
        }))
    }

    /// Replaces a respondent's sealed answers while the run is open. `seal`
    /// gets the sealed answers read in the same transaction (none yet) and
    /// returns the new ones (`None`: they could not be sealed, nothing is
    /// written), so concurrent answers by one person (two
    /// buttons pressed at once) apply one after the other.
    pub async fn set_pulse_response<F>(
        &self,
        run_id: i64,
        respondent: &str,
        now: DateTime<Utc>,
        seal: F,
    ) -> Result<AnswerOutcome, StoreError>
    where
        F: Fn(Option<&str>) -> Option<String>,
    {
        write_tx!(self, |tx| {
            // Locks the run's row (PostgreSQL; SQLite's write transaction
            // is exclusive already) while it is open.
            let revision = sqlx::query_scalar::<_, i64>(
                "UPDATE pulse_runs SET revision = revision + 1 WHERE id = $1 AND closed_at IS NULL
                   AND closes_at > $2 RETURNING revision",
            )
            .bind(run_id)
            .bind(to_millis(now))
            .fetch_optional(&mut *tx)
            .await?;
            let Some(revision) = revision else {
                tx.rollback().await?;
                return Ok(AnswerOutcome::Closed);
            };
            let before = sqlx::query_scalar::<_, String>(
                "SELECT sealed FROM pulse_responses WHERE run_id = $1 AND respondent = $2",
            )
            .bind(run_id)
            .bind(respondent)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(sealed) = seal(before.as_deref()) else {
                tx.rollback().await?;
                return Err(StoreError::Sealing);
            };
            sqlx::query(
                "INSERT INTO pulse_responses (run_id, respondent, sealed) VALUES ($1, $2, $3)
                 ON CONFLICT (run_id, respondent) DO UPDATE SET sealed = excluded.sealed",
            )
            .bind(run_id)
            .bind(respondent)
            .bind(&sealed)
            .execute(&mut *tx)
            .await?;
            Ok(AnswerOutcome::Recorded { revision })
        })
    }

    /// The members a pulse goes to: (user id, their circle's place or the
    /// pulse's channel for a closed DM).
    pub async fn pulse_audience(
        &self,
        pulse: &PulseRow,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        Ok(with_pool!(self, |pool| {
            match pulse.audience {
                Audience::Community => sqlx::query_as::<_, (String, Option<String>)>(
                    "SELECT user_id, NULL FROM members WHERE community_id = $1 ORDER BY user_id",
                )
                .bind(&pulse.community_id)
                .fetch_all(pool)
                .await?,
                Audience::Circle => {
                    sqlx::query_as::<_, (String, Option<String>)>(
                        "SELECT cm.user_id, c.channel_id FROM circle_members cm
                     JOIN circles c ON c.id = cm.circle_id
                     WHERE cm.circle_id = $1 AND c.archived_at IS NULL
                       AND ($2 IS NULL
                            OR ($2 = 'session' AND cm.role IN ('mentee', 'peer'))
                            OR ($2 = 'progress' AND cm.role IN ('mentor', 'host')))
                     ORDER BY cm.user_id",
                    )
                    .bind(pulse.circle_id)
                    .bind(pulse.feedback.as_deref())
                    .fetch_all(pool)
                    .await?
                }
                Audience::Role => {
                    sqlx::query_as::<_, (String, Option<String>)>(
                        "SELECT cm.user_id, MIN(c.channel_id) FROM circle_members cm
                     JOIN circles c ON c.id = cm.circle_id
                     WHERE cm.community_id = $1 AND cm.role = $2 AND c.archived_at IS NULL
                     GROUP BY cm.user_id ORDER BY cm.user_id",
                    )
                    .bind(&pulse.community_id)
                    .bind(&pulse.role)
                    .fetch_all(pool)
                    .await?
                }
            }
        }))
    }

    /// The roles a member holds in a community's active circles (or in one
    /// circle).
    pub async fn member_roles(
        &self,
        community_id: &str,
        user_id: &str,
        circle_id: Option<i64>,
    ) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT DISTINCT cm.role FROM circle_members cm
                 JOIN circles c ON c.id = cm.circle_id
                 WHERE cm.community_id = $1 AND cm.user_id = $2 AND c.archived_at IS NULL
                   AND ($3 IS NULL OR cm.circle_id = $3)",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(circle_id)
            .fetch_all(pool)
            .await?
        }))
    }
}

impl Store {
    /// A circle's feedback pulse of `kind` (`session`, `progress`).
    pub async fn feedback_pulse(
        &self,
        circle_id: i64,
        kind: &str,
    ) -> Result<Option<PulseRow>, StoreError> {
        let sql = format!(
            "SELECT {PULSE_COLUMNS} FROM pulses WHERE circle_id = $1 AND feedback = $2
             ORDER BY id LIMIT 1"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, PulseRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(circle_id)
                .bind(kind)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Makes a circle's feedback pulse of `kind` with its questions: sent
    /// to the circle after each meeting (no recurrence of its own).
    pub async fn create_feedback_pulse(
        &self,
        new: &NewPulse<'_>,
        circle_id: i64,
        kind: &str,
        open_for_ms: i64,
        remind_before_ms: i64,
    ) -> Result<i64, StoreError> {
        let id = self.create_pulse(new).await?;
        with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE pulses SET audience = 'circle', circle_id = $2, feedback = $3,
                        open_for_ms = $4, remind_before_ms = $5, state = 'scheduled'
                 WHERE id = $1",
            )
            .bind(id)
            .bind(circle_id)
            .bind(kind)
            .bind(open_for_ms)
            .bind(remind_before_ms)
            .execute(pool)
            .await?;
        });
        Ok(id)
    }

    /// Opens a run of a scheduled pulse now (its open job, due at `now`).
    pub async fn run_pulse_now(&self, pulse_id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        write_tx!(self, |tx| {
            sqlx::query("UPDATE pulses SET next_run_at = $2 WHERE id = $1")
                .bind(pulse_id)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            sqlx::query(PULSE_OPEN_UPSERT)
                .bind(pulse_id)
                .bind(to_millis(now))
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    /// Whether a circle's people are asked for feedback after meetings.
    pub async fn circle_feedback(&self, circle_id: i64) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, bool>("SELECT feedback FROM circles WHERE id = $1")
                .bind(circle_id)
                .fetch_optional(pool)
                .await?
                .unwrap_or(false)
        }))
    }

    pub async fn set_circle_feedback(&self, circle_id: i64, on: bool) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE circles SET feedback = $2 WHERE id = $1")
                .bind(circle_id)
                .bind(on)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The session-feedback runs, opened since `since`, of the circles
    /// where `user_id` mentors or hosts: the feedback on their mentoring.
    pub async fn feedback_runs_about(
        &self,
        community_id: &str,
        user_id: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<RunRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RunRow>(
                "SELECT r.id, r.pulse_id, r.number, r.opens_at, r.closes_at, r.closed_at, r.revision
                 FROM pulse_runs r
                 JOIN pulses p ON p.id = r.pulse_id
                 JOIN circle_members cm ON cm.circle_id = p.circle_id
                 WHERE p.community_id = $1 AND p.feedback = 'session' AND cm.user_id = $2
                   AND cm.role IN ('mentor', 'host') AND r.opens_at >= $3
                 ORDER BY r.id",
            )
            .bind(community_id)
            .bind(user_id)
            .bind(to_millis(since))
            .fetch_all(pool)
            .await?
        }))
    }
}

/// (Re)arms the job that opens a pulse's next run.
const PULSE_OPEN_UPSERT: &str = "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
     VALUES ('pulse_open', $1, $2, 'pending', $3)
     ON CONFLICT (kind, ref_id) DO UPDATE
     SET due_at = excluded.due_at, state = 'pending', occurrence = jobs.occurrence + 1,
         attempts = 0, lease_owner = NULL, lease_until = NULL, updated_at = excluded.updated_at";
