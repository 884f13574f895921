//! A round's clock: its first phase, what steering does to it, the job that
//! warns and moves it on, and what each change announces.
//!
//! Every change goes through `Store::change_round`, guarded by the round's
//! tick: the job acts on the tick it was scheduled for, so a retry after a
//! lost delivery announces the change again under the same key (the
//! platform drops a duplicate) instead of advancing twice, and a phase a
//! moderator already ended is not ended again.

use chrono::{DateTime, Utc};

use super::plan::{self, Candidate, Mode, Position, Roles};
use super::protocol::{Produces, Protocol, Speakers};
use super::store::{
    ClockChange, PersonRole, RoleHistory, RoundEvent, RoundPerson, RoundRow, RoundState,
};
use super::{mode_of, protocol_of, view};
use crate::action::{Action, RoundRoleWanted};
use crate::engine::Engine;
use crate::engine::reader::Reader;
use crate::i18n::Text;
use crate::keys::MessageKey;
use crate::model::{ButtonStyle, Component, Message, Outgoing, Target};
use crate::scheduler::{Firing, Prepared};
use crate::store::{JobRow, StoreError, from_millis, to_millis};

/// How a moderator steers a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Steer {
    /// End the phase now and move on.
    Next,
    /// Leave the rest of the phase out (the same move as `Next`, for
    /// people who think of it that way).
    Skip,
    Pause,
    Resume,
    /// Give the phase more time (`round extend 2m`).
    Extend,
    Cancel,
}

/// Longest extension at once: an hour live, a week async.
const MAX_EXTEND_LIVE_MS: i64 = 3_600_000;
const MAX_EXTEND_ASYNC_MS: i64 = 7 * 86_400_000;

pub(crate) fn candidate(user_id: &str, history: &[RoleHistory]) -> Candidate {
    let past = history.iter().find(|h| h.user_id == user_id);
    Candidate {
        user_id: user_id.to_owned(),
        presented: past.and_then(|h| h.presented),
        moderated: past.and_then(|h| h.moderated),
        took_notes: past.and_then(|h| h.took_notes),
    }
}

/// Everyone with the role they hold and their place among case-givers.
pub(crate) fn people_of(
    roles: &Roles,
    everyone: impl Iterator<Item = String>,
) -> Vec<(String, PersonRole, Option<i64>)> {
    everyone
        .map(|user| {
            let role = if roles.moderator.as_deref() == Some(user.as_str()) {
                PersonRole::Moderator
            } else if roles.note_taker.as_deref() == Some(user.as_str()) {
                PersonRole::NoteTaker
            } else {
                PersonRole::Participant
            };
            let order = roles
                .case_givers
                .iter()
                .position(|c| *c == user)
                .and_then(|i| i64::try_from(i).ok());
            (user, role, order)
        })
        .collect()
}

/// A phase that starts at `now`: its end, whether its warning is already
/// behind it, and when the job is next due.
fn phase_from(
    protocol: &Protocol,
    mode: Mode,
    at: Position,
    now: i64,
    length_ms: Option<i64>,
) -> (i64, bool, i64) {
    let end = now + length_ms.unwrap_or_else(|| plan::phase_ms(protocol, mode, at));
    match plan::warning_at(mode, now, end) {
        Some(warn) => (end, false, warn),
        None => (end, true, end),
    }
}

/// The first phase of a round starting at `now` with `rotations` cases.
pub(crate) fn first_phase(
    protocol: &Protocol,
    mode: Mode,
    rotations: usize,
    now: DateTime<Utc>,
) -> ClockChange {
    let now = to_millis(now);
    let at = Position {
        rotation: 0,
        phase: 0,
    };
    let (end, warned, due) = phase_from(protocol, mode, at, now, None);
    ClockChange {
        state: RoundState::Running,
        rotations: i64::try_from(rotations.max(1)).unwrap_or(1),
        rotation: 0,
        phase: 0,
        phase_started_at: Some(now),
        phase_ends_at: Some(end),
        warned,
        remaining_ms: None,
        event: RoundEvent::Started,
        ended_at: None,
        due: Some(due),
    }
}

fn position(round: &RoundRow) -> Position {
    Position {
        rotation: u32::try_from(round.rotation).unwrap_or(0),
        phase: u32::try_from(round.phase).unwrap_or(0),
    }
}

/// The change after the current phase: the next one, or the end.
fn moved_on(round: &RoundRow, protocol: &Protocol, now: i64, event: RoundEvent) -> ClockChange {
    let mode = mode_of(round);
    let rotations = u32::try_from(round.rotations).unwrap_or(1);
    let mut change = ClockChange::from_row(round);
    match plan::after(protocol, rotations, position(round)) {
        Some(next) => {
            let (end, warned, due) = phase_from(protocol, mode, next, now, None);
            change.state = RoundState::Running;
            change.rotation = i64::from(next.rotation);
            change.phase = i64::from(next.phase);
            change.phase_started_at = Some(now);
            change.phase_ends_at = Some(end);
            change.warned = warned;
            change.remaining_ms = None;
            change.event = event;
            change.due = Some(due);
        }
        None => {
            change.state = RoundState::Done;
            change.event = RoundEvent::Finished;
            change.ended_at = Some(now);
            change.due = None;
        }
    }
    change
}

/// What steering does to `round`, or why it cannot.
pub(crate) fn steered(
    round: &RoundRow,
    protocol: &Protocol,
    how: Steer,
    by_ms: Option<i64>,
    now: DateTime<Utc>,
) -> Result<ClockChange, Text> {
    let now = to_millis(now);
    let id = round.id;
    let mut change = ClockChange::from_row(round);
    match (how, round.state) {
        (_, RoundState::Done | RoundState::Cancelled) => Err(Text::new("round-over").arg("id", id)),
        (Steer::Cancel, _) => {
            change.state = RoundState::Cancelled;
            change.event = RoundEvent::Cancelled;
            change.ended_at = Some(now);
            change.due = None;
            Ok(change)
        }
        (_, RoundState::Scheduled) => Err(Text::new("round-not-started").arg("id", id)),
        (Steer::Next, RoundState::Running) => Ok(moved_on(round, protocol, now, RoundEvent::Phase)),
        (Steer::Skip, RoundState::Running) => Ok(moved_on(round, protocol, now, RoundEvent::Phase)),
        (Steer::Pause, RoundState::Running) => {
            change.state = RoundState::Paused;
            change.remaining_ms = Some((round.phase_ends_at.unwrap_or(now) - now).max(0));
            change.event = RoundEvent::Paused;
            change.due = None;
            Ok(change)
        }
        (Steer::Pause, RoundState::Paused) => Err(Text::new("round-already-paused").arg("id", id)),
        (Steer::Resume, RoundState::Paused) => {
            let left = round.remaining_ms.unwrap_or(0).max(1000);
            let start = round.phase_started_at.unwrap_or(now);
            let end = now + left;
            let warn = plan::warning_at(mode_of(round), start, end).filter(|w| *w > now);
            change.state = RoundState::Running;
            change.phase_ends_at = Some(end);
            change.remaining_ms = None;
            change.warned = warn.is_none();
            change.event = RoundEvent::Resumed;
            change.due = Some(warn.unwrap_or(end));
            Ok(change)
        }
        (Steer::Resume, RoundState::Running) => Err(Text::new("round-not-paused").arg("id", id)),
        (Steer::Extend, state) => {
            let by = by_ms.unwrap_or(0);
            let max = match mode_of(round) {
                Mode::Live => MAX_EXTEND_LIVE_MS,
                Mode::Async { .. } => MAX_EXTEND_ASYNC_MS,
            };
            if by < 1000 || by > max {
                return Err(Text::new("round-extend-range").arg("minutes", max / 60_000));
            }
            change.event = RoundEvent::Extended;
            if state == RoundState::Paused {
                change.remaining_ms = Some(round.remaining_ms.unwrap_or(0) + by);
                change.due = None;
                return Ok(change);
            }
            let start = round.phase_started_at.unwrap_or(now);
            let end = round.phase_ends_at.unwrap_or(now) + by;
            let warn = plan::warning_at(mode_of(round), start, end).filter(|w| *w > now);
            change.phase_ends_at = Some(end);
            change.warned = warn.is_none();
            change.due = Some(warn.unwrap_or(end));
            Ok(change)
        }
        (Steer::Next | Steer::Skip, RoundState::Paused) => {
            Ok(moved_on(round, protocol, now, RoundEvent::Phase))
        }
    }
}

/// The current phase's place in the whole round (rotations included).
pub(crate) fn phase_ordinal(round: &RoundRow) -> i64 {
    let phases = protocol_of(round).map_or(1, |p| p.phases.len() as i64);
    round.rotation * phases + round.phase
}

/// Who gives the case in the round's current rotation.
pub(crate) fn case_giver_now<'a>(
    round: &RoundRow,
    people: &'a [RoundPerson],
) -> Option<&'a RoundPerson> {
    people.iter().find(|p| p.case_order == Some(round.rotation))
}

/// Where a round's messages go: its own thread under the channel it was
/// started in (a Discord thread, a Matrix thread), named once.
pub(crate) fn thread_of(round: &RoundRow, title: String) -> Target {
    Target::NamedThread {
        community_id: round.community_id.clone(),
        channel_id: round.channel_id.clone(),
        key: format!("round-{}", round.id),
        title,
    }
}

/// The round's place's reader: its community's language and zone.
async fn place_reader(engine: &Engine, round: &RoundRow) -> Result<Reader, StoreError> {
    let community = engine.store().community(&round.community_id).await?;
    Ok(Reader::of_community(engine.config(), community.as_ref()))
}

/// What the round's last change says, in its thread (and privately where
/// it concerns one person), keyed by the change's tick.
pub(crate) async fn announce(
    engine: &Engine,
    round: &RoundRow,
    protocol: &Protocol,
    now: DateTime<Utc>,
) -> Result<Vec<Outgoing>, StoreError> {
    let store = engine.store();
    let place = place_reader(engine, round).await?;
    let (locale, tz) = (place.locale, place.tz);
    let i18n = engine.i18n();
    let people = store.round_people(round.id).await?;
    let circle = store.circle_by_id(round.circle_id).await?;
    let circle_name = circle.as_ref().map(|c| c.name.clone()).unwrap_or_default();
    let title = i18n.render(
        locale,
        &Text::new("round-thread-title")
            .arg("id", round.id)
            .arg("protocol", protocol.name.show(i18n, locale))
            .arg("circle", circle_name.as_str()),
    );
    let thread = thread_of(round, title);
    let key = |tick: i64| {
        Some(
            MessageKey::RoundEvent {
                round: round.id,
                tick,
            }
            .encode(),
        )
    };
    // The participants' own zones, for platforms that show a time in one.
    let zones: Vec<String> = store
        .round_zones(round.id)
        .await?
        .into_iter()
        .filter_map(|zone| crate::timezone::parse(&zone).ok())
        .filter(|zone| *zone != tz)
        .map(|zone| zone.name().to_owned())
        .collect();
    let post = |message: Message| Outgoing {
        target: thread.clone(),
        message: message.for_zones(zones.clone()),
        idempotency_key: key(round.tick),
        replaces: None,
    };
    let next_button = |message: Message| {
        message.with_component(Component::Button {
            action: Action::RoundNext {
                round_id: round.id,
                phase: phase_ordinal(round),
            },
            label: i18n.t(locale, "round-button-next"),
            style: ButtonStyle::Secondary,
        })
    };
    // While the first phase runs, anyone taking part may take over the
    // proposed roles.
    let take_buttons = |mut message: Message| {
        if round.rotation != 0 || round.phase != 0 {
            return message;
        }
        let mut offers = Vec::new();
        if !protocol.rotate {
            offers.push((RoundRoleWanted::Case, "round-button-take-case"));
        }
        if protocol.moderator {
            offers.push((RoundRoleWanted::Moderator, "round-button-take-moderator"));
        }
        if protocol.note_taker {
            offers.push((RoundRoleWanted::NoteTaker, "round-button-take-notes"));
        }
        for (role, label) in offers {
            message = message.with_component(Component::Button {
                action: Action::RoundTake {
                    round_id: round.id,
                    role,
                },
                label: i18n.t(locale, label),
                style: ButtonStyle::Secondary,
            });
        }
        message
    };
    let mut out = Vec::new();
    match round.last_event {
        RoundEvent::Created => {}
        RoundEvent::Roles => {
            let mut text = i18n.t(locale, "round-roles-changed");
            text.push('\n');
            text.push_str(&view::opening(
                i18n,
                locale,
                round,
                protocol,
                &people,
                &circle_name,
            ));
            out.push(post(take_buttons(next_button(Message::text(text)))));
        }
        RoundEvent::Started => {
            let mut text = view::opening(i18n, locale, round, protocol, &people, &circle_name);
            let reported = store
                .unreported_commitments(round.circle_id, round.id)
                .await?;
            if !reported.is_empty() {
                text.push_str("\n\n");
                text.push_str(&view::report_back(i18n, locale, tz, &reported));
                store
                    .mark_commitments_reported(
                        round.circle_id,
                        round.id,
                        &reported.iter().map(|c| c.id).collect::<Vec<_>>(),
                        now,
                    )
                    .await?;
            }
            text.push_str("\n\n");
            text.push_str(&view::phase(i18n, locale, tz, round, protocol, &people));
            out.push(post(take_buttons(next_button(Message::text(text)))));
        }
        RoundEvent::Phase | RoundEvent::Resumed | RoundEvent::Extended => {
            let mut text = String::new();
            let lead = match round.last_event {
                RoundEvent::Resumed => Some("round-resumed"),
                RoundEvent::Extended => Some("round-extended"),
                _ => None,
            };
            if let Some(lead) = lead {
                text.push_str(&i18n.t(locale, lead));
                text.push('\n');
            }
            let closed = (round.last_event == RoundEvent::Phase
                && matches!(mode_of(round), Mode::Async { .. }))
            .then(|| previous_phase(round, protocol))
            .flatten();
            let mut private = Vec::new();
            if let Some((rotation, phase)) = closed {
                private =
                    phase_closed(engine, round, protocol, &people, rotation, phase, &mut text)
                        .await?;
            }
            text.push_str(&view::phase(i18n, locale, tz, round, protocol, &people));
            out.push(post(next_button(Message::text(text))));
            out.extend(private);
        }
        RoundEvent::Warning => {
            let phase = protocol
                .phases
                .get(usize::try_from(round.phase).unwrap_or(0));
            let name = phase.map(|p| p.name.show(i18n, locale)).unwrap_or_default();
            let ends = round.phase_ends_at.map(from_millis).unwrap_or(now);
            match mode_of(round) {
                Mode::Live => out.push(post(Message::text(i18n.render(
                    locale,
                    &Text::new("round-warning").arg("phase", name.as_str()),
                )))),
                Mode::Async { .. } => {
                    // Nudge those who may speak now and have not.
                    let silent = store.silent_in_phase(round).await?;
                    let case_giver = case_giver_now(round, &people).map(|p| p.user_id.as_str());
                    for person in people.iter().filter(|p| silent.contains(&p.user_id)) {
                        let is_case_giver = case_giver == Some(person.user_id.as_str());
                        let speaks = phase.is_some_and(|p| match p.speakers {
                            Speakers::Everyone => true,
                            Speakers::CaseGiver => is_case_giver,
                            Speakers::Consultants => !is_case_giver,
                            Speakers::Moderator => person.role == PersonRole::Moderator,
                        });
                        if !speaks {
                            continue;
                        }
                        let reader = match store
                            .recipient(&round.community_id, &person.user_id)
                            .await?
                        {
                            Some(r) => Reader::of_recipient(&r, place),
                            None => place,
                        };
                        out.push(Outgoing {
                            target: Target::Direct {
                                community_id: round.community_id.clone(),
                                user_id: person.user_id.clone(),
                                fallback_channel: Some(round.channel_id.clone()),
                            },
                            message: Message::text(
                                i18n.render(
                                    reader.locale,
                                    &Text::new("round-async-nudge")
                                        .arg("id", round.id)
                                        .arg(
                                            "phase",
                                            phase
                                                .map(|p| p.name.show(i18n, reader.locale))
                                                .unwrap_or_default(),
                                        )
                                        .arg("at", crate::timezone::format_local(ends, reader.tz)),
                                ),
                            ),
                            idempotency_key: Some(
                                MessageKey::RoundNudge {
                                    round: round.id,
                                    tick: round.tick,
                                    who: person.user_id.clone(),
                                }
                                .encode(),
                            ),
                            replaces: None,
                        });
                    }
                }
            }
        }
        RoundEvent::Paused => out.push(post(Message::text(
            i18n.render(locale, &Text::new("round-paused").arg("id", round.id)),
        ))),
        RoundEvent::Cancelled => out.push(post(Message::text(
            i18n.render(locale, &Text::new("round-cancelled").arg("id", round.id)),
        ))),
        RoundEvent::Finished => {
            // A meeting: its circle is asked how it went (once, however
            // often this announcement is retried).
            crate::pulses::after_meeting(engine, round.circle_id, now).await?;
            let notes = store.round_notes(round.id).await?;
            let airtime = store.round_airtime(round.id).await?;
            let ideas = notes
                .iter()
                .filter(|n| {
                    protocol
                        .phases
                        .get(usize::try_from(n.phase).unwrap_or(0))
                        .is_some_and(|p| p.produces == Produces::Ideas)
                })
                .count();
            out.push(post(Message::text(view::summary(
                i18n, locale, round, protocol, &airtime, ideas,
            ))));
            // Each case-giver's private digest of what was said on their case.
            for person in people.iter().filter(|p| p.case_order.is_some()) {
                let rotation = person.case_order.unwrap_or(0);
                let reader = reader_of(engine, round, &person.user_id, place).await?;
                let mine: Vec<_> = notes.iter().filter(|n| n.rotation == rotation).collect();
                let parts = view::digest(i18n, reader.locale, round, protocol, &mine);
                out.extend(in_private(round, &person.user_id, parts, |part| {
                    MessageKey::RoundDigest {
                        round: round.id,
                        rotation,
                        part,
                    }
                }));
            }
        }
    }
    Ok(out)
}

/// The phase before the round's current one (rotation, phase), if any.
fn previous_phase(round: &RoundRow, protocol: &Protocol) -> Option<(i64, i64)> {
    if round.phase > 0 {
        Some((round.rotation, round.phase - 1))
    } else if round.rotation > 0 {
        let last = i64::try_from(protocol.phases.len()).ok()? - 1;
        Some((round.rotation - 1, last))
    } else {
        None
    }
}

/// An async phase closed: the thread hears how many spoke (`lead`, before
/// the next phase), and the case-giver gets what was said in it, to answer
/// in the phases to come; the rest of the circle sees only the counts.
async fn phase_closed(
    engine: &Engine,
    round: &RoundRow,
    protocol: &Protocol,
    people: &[RoundPerson],
    rotation: i64,
    phase: i64,
    lead: &mut String,
) -> Result<Vec<Outgoing>, StoreError> {
    let store = engine.store();
    let i18n = engine.i18n();
    let place = place_reader(engine, round).await?;
    let notes = store.round_notes(round.id).await?;
    let said: Vec<&super::store::NoteRow> = notes
        .iter()
        .filter(|n| n.rotation == rotation && n.phase == phase)
        .collect();
    let mut speakers: Vec<&str> = said.iter().map(|n| n.user_id.as_str()).collect();
    speakers.sort_unstable();
    speakers.dedup();
    let name = |locale| {
        protocol
            .phases
            .get(usize::try_from(phase).unwrap_or(usize::MAX))
            .map(|p| p.name.show(i18n, locale))
            .unwrap_or_default()
    };
    lead.push_str(
        &i18n.render(
            place.locale,
            &Text::new("round-phase-closed")
                .arg("phase", name(place.locale))
                .arg("notes", said.len() as i64)
                .arg("people", speakers.len() as i64),
        ),
    );
    lead.push('\n');
    let Some(case_giver) = people.iter().find(|p| p.case_order == Some(rotation)) else {
        return Ok(Vec::new());
    };
    let others: Vec<&super::store::NoteRow> = said
        .into_iter()
        .filter(|n| n.user_id != case_giver.user_id)
        .collect();
    if others.is_empty() {
        return Ok(Vec::new());
    }
    let reader = reader_of(engine, round, &case_giver.user_id, place).await?;
    let parts = view::phase_notes(i18n, reader.locale, round, &name(reader.locale), &others);
    Ok(in_private(round, &case_giver.user_id, parts, |part| {
        MessageKey::RoundPhaseNotes {
            round: round.id,
            tick: round.tick,
            part,
        }
    }))
}

/// How `user_id` reads: their own language and zone, else the place's.
async fn reader_of(
    engine: &Engine,
    round: &RoundRow,
    user_id: &str,
    place: Reader,
) -> Result<Reader, StoreError> {
    Ok(
        match engine
            .store()
            .recipient(&round.community_id, user_id)
            .await?
        {
            Some(r) => Reader::of_recipient(&r, place),
            None => place,
        },
    )
}

/// `parts` to `user_id` by direct message, part `n` keyed by `key(n)`.
fn in_private(
    round: &RoundRow,
    user_id: &str,
    parts: Vec<String>,
    key: impl Fn(i64) -> MessageKey,
) -> Vec<Outgoing> {
    parts
        .into_iter()
        .enumerate()
        .map(|(part, text)| Outgoing {
            target: Target::Direct {
                community_id: round.community_id.clone(),
                user_id: user_id.to_owned(),
                fallback_channel: None,
            },
            message: Message::text(text),
            idempotency_key: Some(key(i64::try_from(part).unwrap_or(i64::MAX)).encode()),
            replaces: None,
        })
        .collect()
}

/// When the round's job should next look at it, from the round as it is.
fn planned_due(round: &RoundRow) -> Option<i64> {
    match round.state {
        RoundState::Scheduled => Some(round.starts_at),
        RoundState::Running => {
            let end = round.phase_ends_at?;
            if round.warned {
                return Some(end);
            }
            let start = round.phase_started_at.unwrap_or(end);
            Some(plan::warning_at(mode_of(round), start, end).unwrap_or(end))
        }
        RoundState::Paused | RoundState::Done | RoundState::Cancelled => None,
    }
}

/// What is due at `now` for a round whose clock reads `round`, if anything.
async fn due_change(
    engine: &Engine,
    round: &RoundRow,
    protocol: &Protocol,
    now: i64,
) -> Result<Option<(ClockChange, Option<Vec<(String, PersonRole, Option<i64>)>>)>, StoreError> {
    match round.state {
        RoundState::Scheduled if now >= round.starts_at => {
            let store = engine.store();
            let joined = store.round_people(round.id).await?;
            let count = u32::try_from(joined.len()).unwrap_or(u32::MAX);
            if count < protocol.min {
                let mut change = ClockChange::from_row(round);
                change.state = RoundState::Cancelled;
                change.event = RoundEvent::Cancelled;
                change.ended_at = Some(now);
                return Ok(Some((change, None)));
            }
            let history = store.round_role_history(round.circle_id).await?;
            let candidates: Vec<Candidate> = joined
                .iter()
                .map(|p| candidate(&p.user_id, &history))
                .collect();
            let asked = round
                .asked_case_giver
                .as_deref()
                .filter(|a| joined.iter().any(|p| p.user_id == *a));
            let roles = plan::assign(protocol, &candidates, asked);
            let people = people_of(&roles, joined.iter().map(|p| p.user_id.clone()));
            let change = first_phase(
                protocol,
                mode_of(round),
                roles.case_givers.len(),
                from_millis(now),
            );
            Ok(Some((change, Some(people))))
        }
        RoundState::Running => {
            let end = round.phase_ends_at.unwrap_or(now);
            if now >= end {
                return Ok(Some((
                    moved_on(round, protocol, now, RoundEvent::Phase),
                    None,
                )));
            }
            let start = round.phase_started_at.unwrap_or(now);
            match plan::warning_at(mode_of(round), start, end) {
                Some(warn) if !round.warned && now >= warn => {
                    let mut change = ClockChange::from_row(round);
                    change.warned = true;
                    change.event = RoundEvent::Warning;
                    change.due = Some(end);
                    Ok(Some((change, None)))
                }
                _ => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

impl Engine {
    /// A round's job: warn, end the phase, start the round, or announce
    /// again what an earlier attempt of this occurrence changed.
    pub(crate) async fn prepare_round_job(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(mut round) = store.round(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        let Some(protocol) = protocol_of(&round) else {
            return Ok(Prepared::Skip);
        };
        let place = place_reader(self, &round).await?;
        let fire = |outgoing: Vec<Outgoing>, round: &RoundRow| {
            Prepared::Fire(Firing {
                next: planned_due(round).map(from_millis),
                recipient: thread_of(round, String::new()),
                locale: place.locale,
                summary_line: String::new(),
                advance: 0,
                summarize: false,
                partial: true,
                outgoing,
            })
        };
        if round.tick != job.occurrence {
            // This occurrence's change was made already: by an attempt of
            // this job whose delivery was lost (announce it again, the
            // platform drops what did arrive), or by a moderator (whose
            // command announced it): plan from the round as it is.
            let again = round.tick == job.occurrence + 1 && job.attempts > 1;
            let outgoing = if again {
                announce(self, &round, &protocol, now).await?
            } else {
                Vec::new()
            };
            return Ok(match planned_due(&round) {
                Some(_) => fire(outgoing, &round),
                None if outgoing.is_empty() => Prepared::Skip,
                None => fire(outgoing, &round),
            });
        }
        let Some((change, people)) = due_change(self, &round, &protocol, to_millis(now)).await?
        else {
            // Not due yet (a clock moved by hand): look again when it is.
            return Ok(match planned_due(&round) {
                Some(_) => fire(Vec::new(), &round),
                None => Prepared::Skip,
            });
        };
        let moved = match &people {
            Some(people) => store.start_round(&round, people, &change, now).await?,
            None => store.change_round(&round, &change, now, false).await?,
        };
        if moved {
            round = store.round(round.id).await?.unwrap_or(round);
        } else if let Some(fresh) = store.round(round.id).await? {
            // Someone moved it in between: plan from what they did.
            return Ok(match planned_due(&fresh) {
                Some(_) => fire(Vec::new(), &fresh),
                None => Prepared::Skip,
            });
        }
        let outgoing = announce(self, &round, &protocol, now).await?;
        Ok(fire(outgoing, &round))
    }

    /// A commitment's date: remind its author privately.
    pub(crate) async fn prepare_commitment_job(
        &self,
        job: &JobRow,
    ) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(commitment) = store.commitment(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        let (reader, _) = self
            .member_reader(&commitment.community_id, &commitment.user_id)
            .await?;
        let target = Target::Direct {
            community_id: commitment.community_id.clone(),
            user_id: commitment.user_id.clone(),
            fallback_channel: None,
        };
        let text = self.i18n().render(
            reader.locale,
            &Text::new("round-commitment-due")
                .arg("id", commitment.round_id)
                .arg("text", crate::model::escape_markdown(&commitment.body)),
        );
        Ok(Prepared::Fire(Firing {
            outgoing: vec![Outgoing {
                target: target.clone(),
                message: Message::text(text.clone()),
                idempotency_key: Some(
                    MessageKey::CommitmentDue {
                        commitment: commitment.id,
                    }
                    .encode(),
                ),
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
