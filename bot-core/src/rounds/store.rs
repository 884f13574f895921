//! Rounds, their people, notes and commitments, a community's own
//! protocols, and the job that keeps each round's time.

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError, stored_enum, to_millis, with_pool, write_tx};

/// The guarded update of a round's clock and the move of its job, inside
/// the caller's transaction (`$tx`); true when it moved. A command re-arms
/// the job even while a worker holds it (`$rearm`): that worker's lease is
/// gone, so it sends nothing stale and cannot overwrite the new due time.
/// The job's own change (`$rearm` false) leaves its row to the scheduler,
/// which finishes it with the next due time.
macro_rules! apply_change {
    ($tx:ident, $round:expr, $change:expr, $now:expr, $rearm:expr) => {{
        let (round, change, now): (&RoundRow, &ClockChange, DateTime<Utc>) =
            ($round, $change, $now);
        let moved = sqlx::query(
            "UPDATE rounds SET state = $3, rotations = $4, rotation = $5, phase = $6,
                    phase_started_at = $7, phase_ends_at = $8, warned = $9, remaining_ms = $10,
                    last_event = $11, ended_at = $12, tick = tick + 1
             WHERE id = $1 AND tick = $2",
        )
        .bind(round.id)
        .bind(round.tick)
        .bind(change.state.as_str())
        .bind(change.rotations)
        .bind(change.rotation)
        .bind(change.phase)
        .bind(change.phase_started_at)
        .bind(change.phase_ends_at)
        .bind(change.warned)
        .bind(change.remaining_ms)
        .bind(change.event.as_str())
        .bind(change.ended_at)
        .execute(&mut *$tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            let (state, due) = match change.due {
                Some(due) => ("pending", due),
                None => ("done", to_millis(now)),
            };
            sqlx::query(
                "INSERT INTO jobs (kind, ref_id, due_at, state, occurrence, updated_at)
                 VALUES ('round', $1, $3, $2, $4, $5)
                 ON CONFLICT (kind, ref_id) DO UPDATE
                 SET state = excluded.state, due_at = excluded.due_at,
                     occurrence = excluded.occurrence, attempts = 0, first_due_at = NULL,
                     lease_owner = NULL, lease_until = NULL, updated_at = excluded.updated_at
                 WHERE jobs.state <> 'running' OR $6",
            )
            .bind(round.id)
            .bind(state)
            .bind(due)
            .bind(round.tick + 1)
            .bind(to_millis(now))
            .bind($rearm)
            .execute(&mut *$tx)
            .await?;
        }
        moved
    }};
}

stored_enum! {
    /// Where a round is in its life.
    pub enum RoundState {
        Scheduled = "scheduled",
        Running = "running",
        Paused = "paused",
        Done = "done",
        Cancelled = "cancelled",
    }
}

stored_enum! {
    pub enum RoundMode {
        Live = "live",
        Async = "async",
    }
}

stored_enum! {
    /// The last change of a round's clock: what its announcement says
    /// (a retried job announces it again under the same key).
    pub enum RoundEvent {
        Created = "created",
        Started = "started",
        Warning = "warning",
        Phase = "phase",
        Paused = "paused",
        Resumed = "resumed",
        Extended = "extended",
        Finished = "finished",
        Cancelled = "cancelled",
        /// Someone took over a role from the proposal.
        Roles = "roles",
    }
}

stored_enum! {
    /// The role someone holds for a whole round (case-givers are marked by
    /// their place in the rotation).
    pub enum PersonRole {
        Participant = "participant",
        Moderator = "moderator",
        NoteTaker = "note-taker",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoundRow {
    pub id: i64,
    pub community_id: String,
    pub circle_id: i64,
    pub channel_id: String,
    pub protocol: String,
    pub protocol_name: Option<String>,
    pub definition: Option<String>,
    #[sqlx(try_from = "String")]
    pub mode: RoundMode,
    pub pace_ms: i64,
    #[sqlx(try_from = "String")]
    pub state: RoundState,
    pub starts_at: i64,
    pub asked_case_giver: Option<String>,
    pub rotations: i64,
    pub rotation: i64,
    pub phase: i64,
    pub phase_started_at: Option<i64>,
    pub phase_ends_at: Option<i64>,
    pub warned: bool,
    pub remaining_ms: Option<i64>,
    pub tick: i64,
    #[sqlx(try_from = "String")]
    pub last_event: RoundEvent,
    pub started_by: String,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

/// Commitments with their author's name, for a `WHERE` to follow.
macro_rules! commitments_from {
    () => {
        "SELECT c.id, c.round_id, c.community_id, c.circle_id, c.user_id,
                COALESCE(m.display_name, c.user_id) AS display_name, c.body, c.due_at
         FROM round_commitments c
         LEFT JOIN members m ON m.community_id = c.community_id AND m.user_id = c.user_id"
    };
}

/// Most contributions one round keeps (notes and thread messages): far
/// beyond a real round, short of a flood.
pub const MAX_ROUND_NOTES: i64 = 5000;

const ROUND_COLUMNS: &str = "id, community_id, circle_id, channel_id, protocol, protocol_name,
    definition, mode, pace_ms, state, starts_at, asked_case_giver, rotations, rotation, phase,
    phase_started_at, phase_ends_at, warned, remaining_ms, tick, last_event, started_by,
    created_at, ended_at";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoundPerson {
    pub user_id: String,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub role: PersonRole,
    pub case_order: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoteRow {
    pub user_id: String,
    pub display_name: String,
    pub rotation: i64,
    pub phase: i64,
    pub body: String,
}

/// How much one person said in a round.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Airtime {
    pub user_id: String,
    pub display_name: String,
    pub notes: i64,
    pub chars: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProtocolRow {
    pub name: String,
    pub name_key: String,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommitmentRow {
    pub id: i64,
    pub round_id: i64,
    pub community_id: String,
    pub circle_id: i64,
    pub user_id: String,
    pub display_name: String,
    pub body: String,
    pub due_at: Option<i64>,
}

/// What this circle's people last did in its rounds (milliseconds).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RoleHistory {
    pub user_id: String,
    pub presented: Option<i64>,
    pub moderated: Option<i64>,
    pub took_notes: Option<i64>,
}

/// One presentation in a circle's history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Presented {
    pub round_id: i64,
    pub protocol: String,
    pub protocol_name: Option<String>,
    pub display_name: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRound<'a> {
    pub community_id: &'a str,
    pub circle_id: i64,
    pub channel_id: &'a str,
    pub protocol: &'a str,
    pub protocol_name: Option<&'a str>,
    pub definition: Option<&'a str>,
    pub mode: RoundMode,
    pub pace_ms: i64,
    pub starts_at: DateTime<Utc>,
    pub asked_case_giver: Option<&'a str>,
    pub started_by: &'a str,
    pub created_at: DateTime<Utc>,
}

/// A new state of a round's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockChange {
    pub state: RoundState,
    pub rotations: i64,
    pub rotation: i64,
    pub phase: i64,
    pub phase_started_at: Option<i64>,
    pub phase_ends_at: Option<i64>,
    pub warned: bool,
    pub remaining_ms: Option<i64>,
    pub event: RoundEvent,
    pub ended_at: Option<i64>,
    /// When the round's job is next due; `None` stops it (paused, ended).
    pub due: Option<i64>,
}

impl ClockChange {
    /// The round as it stands, to change a field or two.
    pub fn from_row(round: &RoundRow) -> Self {
        Self {
            state: round.state,
            rotations: round.rotations,
            rotation: round.rotation,
            phase: round.phase,
            phase_started_at: round.phase_started_at,
            phase_ends_at: round.phase_ends_at,
            warned: round.warned,
            remaining_ms: round.remaining_ms,
            event: round.last_event,
            ended_at: round.ended_at,
            due: None,
        }
    }
}

impl Store {
    /// Adds a community's own protocol; false when one has that name.
    pub async fn add_round_protocol(
        &self,
        community_id: &str,
        name: &str,
        name_key: &str,
        definition: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let added = with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO round_protocols (community_id, name, name_key, definition, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (community_id, name_key) DO NOTHING",
            )
            .bind(community_id)
            .bind(name)
            .bind(name_key)
            .bind(definition)
            .bind(by)
            .bind(to_millis(now))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(added == 1)
    }

    pub async fn round_protocols(
        &self,
        community_id: &str,
    ) -> Result<Vec<ProtocolRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, ProtocolRow>(
                "SELECT name, name_key, definition FROM round_protocols
                 WHERE community_id = $1 ORDER BY name_key",
            )
            .bind(community_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A round, its people and its job, in one transaction. A round that
    /// starts now is created `running` at its first phase by the caller's
    /// `first` change; one `at:` a later time waits, `scheduled`.
    pub async fn create_round(
        &self,
        new: &NewRound<'_>,
        people: &[(String, PersonRole, Option<i64>)],
        first: &ClockChange,
    ) -> Result<i64, StoreError> {
        write_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO rounds (community_id, circle_id, channel_id, protocol, protocol_name,
                        definition, mode, pace_ms, state, starts_at, asked_case_giver, rotations,
                        rotation, phase, phase_started_at, phase_ends_at, warned, last_event,
                        started_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                         $17, $18, $19, $20)
                 RETURNING id",
            )
            .bind(new.community_id)
            .bind(new.circle_id)
            .bind(new.channel_id)
            .bind(new.protocol)
            .bind(new.protocol_name)
            .bind(new.definition)
            .bind(new.mode.as_str())
            .bind(new.pace_ms)
            .bind(first.state.as_str())
            .bind(to_millis(new.starts_at))
            .bind(new.asked_case_giver)
            .bind(first.rotations)
            .bind(first.rotation)
            .bind(first.phase)
            .bind(first.phase_started_at)
            .bind(first.phase_ends_at)
            .bind(first.warned)
            .bind(first.event.as_str())
            .bind(new.started_by)
            .bind(to_millis(new.created_at))
            .fetch_one(&mut *tx)
            .await?;
            for (user, role, case_order) in people {
                sqlx::query(
                    "INSERT INTO round_people (round_id, community_id, user_id, role, case_order, joined_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(new.community_id)
                .bind(user)
                .bind(role.as_str())
                .bind(*case_order)
                .bind(to_millis(new.created_at))
                .execute(&mut *tx)
                .await?;
            }
            if let Some(due) = first.due {
                sqlx::query(
                    "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                     VALUES ('round', $1, $2, 'pending', $3)",
                )
                .bind(id)
                .bind(due)
                .bind(to_millis(new.created_at))
                .execute(&mut *tx)
                .await?;
            }
            Ok(id)
        })
    }

    pub async fn round(&self, id: i64) -> Result<Option<RoundRow>, StoreError> {
        let sql = format!("SELECT {ROUND_COLUMNS} FROM rounds WHERE id = $1");
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The rounds of `community_id` not over yet that `user_id` is in, and
    /// with `hosted`, those in circles they host too; newest first.
    pub async fn open_rounds_of(
        &self,
        community_id: &str,
        user_id: &str,
        hosted: bool,
    ) -> Result<Vec<RoundRow>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS} FROM rounds r
             WHERE r.community_id = $1 AND r.state IN ('scheduled', 'running', 'paused')
               AND (EXISTS (SELECT 1 FROM round_people p WHERE p.round_id = r.id AND p.user_id = $2)
                    OR $3 AND EXISTS (SELECT 1 FROM circle_members m WHERE m.circle_id = r.circle_id
                               AND m.user_id = $2 AND m.role = 'host'))
             ORDER BY r.id DESC LIMIT 20"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(community_id)
                .bind(user_id)
                .bind(hosted)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Rounds waiting to start in circles `user_id` belongs to.
    pub async fn waiting_rounds_for(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Vec<RoundRow>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS} FROM rounds r
             WHERE r.community_id = $1 AND r.state = 'scheduled'
               AND EXISTS (SELECT 1 FROM circle_members m WHERE m.circle_id = r.circle_id
                           AND m.user_id = $2)
             ORDER BY r.id DESC LIMIT 20"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(community_id)
                .bind(user_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The latest round that ran in which `user_id` gave a case.
    pub async fn latest_case_round(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<Option<RoundRow>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS} FROM rounds r
             WHERE r.community_id = $1 AND r.state IN ('running', 'paused', 'done')
               AND EXISTS (SELECT 1 FROM round_people p WHERE p.round_id = r.id
                           AND p.user_id = $2 AND p.case_order IS NOT NULL)
             ORDER BY r.id DESC LIMIT 1"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(community_id)
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The circle's round not over yet, if any.
    pub async fn open_round_in(&self, circle_id: i64) -> Result<Option<RoundRow>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS} FROM rounds
             WHERE circle_id = $1 AND state IN ('scheduled', 'running', 'paused')
             ORDER BY id DESC LIMIT 1"
        );
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(circle_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn round_people(&self, round_id: i64) -> Result<Vec<RoundPerson>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoundPerson>(
                "SELECT p.user_id, COALESCE(m.display_name, p.user_id) AS display_name, p.role,
                        p.case_order
                 FROM round_people p
                 LEFT JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id
                 WHERE p.round_id = $1 ORDER BY p.joined_at, p.user_id",
            )
            .bind(round_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Joins a scheduled round; false if it is not waiting or they are in.
    pub async fn join_round(
        &self,
        round: &RoundRow,
        user_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let added = with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO round_people (round_id, community_id, user_id, role, joined_at)
                 SELECT id, community_id, $2, 'participant', $3 FROM rounds
                 WHERE id = $1 AND state = 'scheduled'
                 ON CONFLICT (round_id, user_id) DO NOTHING",
            )
            .bind(round.id)
            .bind(user_id)
            .bind(to_millis(now))
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(added == 1)
    }

    /// Leaves a scheduled round; false if it started or they were not in.
    pub async fn leave_round(&self, round_id: i64, user_id: &str) -> Result<bool, StoreError> {
        let removed = with_pool!(self, |pool| {
            sqlx::query(
                "DELETE FROM round_people WHERE round_id = $1 AND user_id = $2
                   AND EXISTS (SELECT 1 FROM rounds WHERE id = $1 AND state = 'scheduled')",
            )
            .bind(round_id)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(removed == 1)
    }

    /// Gives a round that is starting its roles (replacing who joined with
    /// the assignment) and its first phase, if it is still at `tick`.
    pub async fn start_round(
        &self,
        round: &RoundRow,
        people: &[(String, PersonRole, Option<i64>)],
        change: &ClockChange,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        write_tx!(self, |tx| {
            // Only the round's own job starts it.
            if !apply_change!(tx, round, change, now, false) {
                tx.rollback().await?;
                return Ok(false);
            }
            for (user, role, case_order) in people {
                sqlx::query(
                    "INSERT INTO round_people (round_id, community_id, user_id, role, case_order, joined_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (round_id, user_id) DO UPDATE
                     SET role = excluded.role, case_order = excluded.case_order",
                )
                .bind(round.id)
                .bind(&round.community_id)
                .bind(user)
                .bind(role.as_str())
                .bind(*case_order)
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            }
            Ok(true)
        })
    }

    /// Moves a round's clock if nobody moved it since it read `round.tick`
    /// (so two moderators pressing "next" at once advance it once), and
    /// its job with it. One transaction. `by_command`: a person moved it
    /// (not the round's own job), so the job is re-armed even mid-delivery.
    pub async fn change_round(
        &self,
        round: &RoundRow,
        change: &ClockChange,
        now: DateTime<Utc>,
        by_command: bool,
    ) -> Result<bool, StoreError> {
        write_tx!(self, |tx| {
            if !apply_change!(tx, round, change, now, by_command) {
                tx.rollback().await?;
                return Ok(false);
            }
            Ok(true)
        })
    }

    /// Hands `role` to `taker`, and `taker`'s own role and place among
    /// case-givers to whoever held it, while the round is still in its
    /// first phase and at `round.tick`; one transaction. False otherwise.
    pub async fn swap_round_roles(
        &self,
        round: &RoundRow,
        taker: &str,
        holder: &str,
    ) -> Result<bool, StoreError> {
        write_tx!(self, |tx| {
            let moved = sqlx::query(
                "UPDATE rounds SET tick = tick + 1, last_event = 'roles'
                 WHERE id = $1 AND tick = $2 AND state = 'running' AND rotation = 0 AND phase = 0",
            )
            .bind(round.id)
            .bind(round.tick)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
            // Swap (role, case_order) between the two rows.
            let rows: Vec<(String, String, Option<i64>)> = sqlx::query_as(
                "SELECT user_id, role, case_order FROM round_people
                 WHERE round_id = $1 AND user_id IN ($2, $3)",
            )
            .bind(round.id)
            .bind(taker)
            .bind(holder)
            .fetch_all(&mut *tx)
            .await?;
            if rows.len() != 2 {
                tx.rollback().await?;
                return Ok(false);
            }
            for (user, _, _) in &rows {
                let (_, role, order) = rows
                    .iter()
                    .find(|(other, _, _)| other != user)
                    .expect("two rows");
                sqlx::query(
                    "UPDATE round_people SET role = $3, case_order = $4
                     WHERE round_id = $1 AND user_id = $2",
                )
                .bind(round.id)
                .bind(user)
                .bind(role)
                .bind(*order)
                .execute(&mut *tx)
                .await?;
            }
            // The job keeps acting on the round's tick.
            sqlx::query(
                "UPDATE jobs SET occurrence = $2 WHERE kind = 'round' AND ref_id = $1
                   AND state <> 'running'",
            )
            .bind(round.id)
            .bind(round.tick + 1)
            .execute(&mut *tx)
            .await?;
            Ok(true)
        })
    }

    /// Records a contribution; false (nothing recorded) when the round
    /// holds [`MAX_ROUND_NOTES`] already.
    pub async fn add_round_note(
        &self,
        round: &RoundRow,
        user_id: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO round_notes (round_id, community_id, user_id, rotation, phase, body, chars, created_at)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8
                 WHERE (SELECT COUNT(*) FROM round_notes WHERE round_id = $1) < $9",
            )
            .bind(round.id)
            .bind(&round.community_id)
            .bind(user_id)
            .bind(round.rotation)
            .bind(round.phase)
            .bind(body)
            .bind(i64::try_from(body.chars().count()).unwrap_or(i64::MAX))
            .bind(to_millis(now))
            .bind(MAX_ROUND_NOTES)
            .execute(pool)
            .await?
            .rows_affected()
        }) == 1)
    }

    /// The zones the round's people have set (each once; those who set
    /// none read the community's).
    pub async fn round_zones(&self, round_id: i64) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT DISTINCT m.timezone FROM round_people p
                 JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id
                 WHERE p.round_id = $1 AND m.timezone IS NOT NULL
                 ORDER BY m.timezone",
            )
            .bind(round_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Whether `user_id` is yet to be reminded to listen in phase
    /// `ordinal` (of all the round's phases), claiming the reminder if so.
    pub async fn claim_listening_reminder(
        &self,
        round_id: i64,
        user_id: &str,
        ordinal: i64,
    ) -> Result<bool, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query(
                "UPDATE round_people SET listen_reminded = $3
                 WHERE round_id = $1 AND user_id = $2
                   AND (listen_reminded IS NULL OR listen_reminded <> $3)",
            )
            .bind(round_id)
            .bind(user_id)
            .bind(ordinal)
            .execute(pool)
            .await?
            .rows_affected()
        }) == 1)
    }

    /// What was said in the round, by phase (thread messages the bot could
    /// not read count as airtime only, not here).
    pub async fn round_notes(&self, round_id: i64) -> Result<Vec<NoteRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, NoteRow>(
                "SELECT n.user_id, COALESCE(m.display_name, n.user_id) AS display_name, n.rotation,
                        n.phase, n.body
                 FROM round_notes n
                 LEFT JOIN members m ON m.community_id = n.community_id AND m.user_id = n.user_id
                 WHERE n.round_id = $1 AND n.body <> '' ORDER BY n.rotation, n.phase, n.id",
            )
            .bind(round_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Who said how much, everyone in the round included (zero if silent).
    pub async fn round_airtime(&self, round_id: i64) -> Result<Vec<Airtime>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Airtime>(
                "SELECT p.user_id, COALESCE(m.display_name, p.user_id) AS display_name,
                        COUNT(n.id) AS notes, CAST(COALESCE(SUM(n.chars), 0) AS BIGINT) AS chars
                 FROM round_people p
                 LEFT JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id
                 LEFT JOIN round_notes n ON n.round_id = p.round_id AND n.user_id = p.user_id
                 WHERE p.round_id = $1
                 GROUP BY p.user_id, m.display_name, p.joined_at
                 ORDER BY p.joined_at, p.user_id",
            )
            .bind(round_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Who in the round has said nothing in its current phase.
    pub async fn silent_in_phase(&self, round: &RoundRow) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT p.user_id FROM round_people p
                 WHERE p.round_id = $1 AND NOT EXISTS (
                     SELECT 1 FROM round_notes n WHERE n.round_id = p.round_id
                       AND n.user_id = p.user_id AND n.rotation = $2 AND n.phase = $3)
                 ORDER BY p.user_id",
            )
            .bind(round.id)
            .bind(round.rotation)
            .bind(round.phase)
            .fetch_all(pool)
            .await?
        }))
    }

    /// What this circle's people last did in its rounds that ran.
    pub async fn round_role_history(&self, circle_id: i64) -> Result<Vec<RoleHistory>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, RoleHistory>(
                "SELECT p.user_id,
                        MAX(CASE WHEN p.case_order IS NOT NULL THEN r.starts_at END) AS presented,
                        MAX(CASE WHEN p.role = 'moderator' THEN r.starts_at END) AS moderated,
                        MAX(CASE WHEN p.role = 'note-taker' THEN r.starts_at END) AS took_notes
                 FROM round_people p JOIN rounds r ON r.id = p.round_id
                 WHERE r.circle_id = $1 AND r.state IN ('running', 'paused', 'done')
                 GROUP BY p.user_id",
            )
            .bind(circle_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Who presented in this circle's rounds, newest first.
    pub async fn round_history(
        &self,
        circle_id: i64,
        limit: i64,
    ) -> Result<Vec<Presented>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, Presented>(
                "SELECT r.id AS round_id, r.protocol, r.protocol_name,
                        COALESCE(m.display_name, p.user_id) AS display_name, r.starts_at AS at
                 FROM rounds r JOIN round_people p ON p.round_id = r.id
                 LEFT JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id
                 WHERE r.circle_id = $1 AND p.case_order IS NOT NULL
                   AND r.state IN ('running', 'paused', 'done')
                 ORDER BY r.starts_at DESC, r.id DESC, p.case_order LIMIT $2",
            )
            .bind(circle_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// A commitment, with a follow-up job on its date when it has one.
    pub async fn add_commitment(
        &self,
        round: &RoundRow,
        user_id: &str,
        body: &str,
        due: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        write_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO round_commitments (round_id, community_id, circle_id, user_id, body, due_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(round.id)
            .bind(&round.community_id)
            .bind(round.circle_id)
            .bind(user_id)
            .bind(body)
            .bind(due.map(to_millis))
            .bind(to_millis(now))
            .fetch_one(&mut *tx)
            .await?;
            if let Some(due) = due {
                sqlx::query(
                    "INSERT INTO jobs (kind, ref_id, due_at, state, updated_at)
                     VALUES ('round_commitment', $1, $2, 'pending', $3)",
                )
                .bind(id)
                .bind(to_millis(due))
                .bind(to_millis(now))
                .execute(&mut *tx)
                .await?;
            }
            Ok(id)
        })
    }

    pub async fn commitment(&self, id: i64) -> Result<Option<CommitmentRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, CommitmentRow>(concat!(commitments_from!(), " WHERE c.id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The circle's commitments from earlier rounds not yet reported back
    /// (oldest first), and those round `before_round` reported already (a
    /// retried opening says the same).
    pub async fn unreported_commitments(
        &self,
        circle_id: i64,
        before_round: i64,
    ) -> Result<Vec<CommitmentRow>, StoreError> {
        Ok(with_pool!(self, |pool| {
            sqlx::query_as::<_, CommitmentRow>(concat!(
                commitments_from!(),
                " WHERE c.circle_id = $1 AND c.round_id < $2
                    AND (c.reported_at IS NULL OR c.reported_in = $2)
                  ORDER BY c.id LIMIT 50"
            ))
            .bind(circle_id)
            .bind(before_round)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Commitments `ids` were reported back in round `round_id`'s opening.
    pub async fn mark_commitments_reported(
        &self,
        circle_id: i64,
        round_id: i64,
        ids: &[i64],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        write_tx!(self, |tx| {
            for id in ids {
                sqlx::query(
                    "UPDATE round_commitments SET reported_at = $3, reported_in = $2
                     WHERE circle_id = $1 AND id = $4 AND reported_at IS NULL",
                )
                .bind(circle_id)
                .bind(round_id)
                .bind(to_millis(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }
}
