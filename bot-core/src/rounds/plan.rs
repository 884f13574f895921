//! A round's pure logic: who takes which role (fairly, from who did what
//! least recently), where the round goes after a phase, and when its
//! phases end and warn. No I/O.

use super::protocol::Protocol;

/// One minute's warning before a live phase ends (when the phase is long
/// enough for a warning to mean something).
pub const LIVE_WARNING_MS: i64 = 60_000;
/// Default length of an async phase: a day.
pub const DEFAULT_PACE_MS: i64 = 86_400_000;

/// A round's place: which rotation (whose case) and which phase of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub rotation: u32,
    pub phase: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Live,
    /// Each phase stays open for `pace_ms`.
    Async {
        pace_ms: i64,
    },
}

/// Where the round goes after `at`: the next phase, the first phase of the
/// next rotation, or the end.
pub fn after(protocol: &Protocol, rotations: u32, at: Position) -> Option<Position> {
    let phases = u32::try_from(protocol.phases.len()).unwrap_or(u32::MAX);
    if at.phase + 1 < phases {
        Some(Position {
            rotation: at.rotation,
            phase: at.phase + 1,
        })
    } else if at.rotation + 1 < rotations {
        Some(Position {
            rotation: at.rotation + 1,
            phase: 0,
        })
    } else {
        None
    }
}

/// How long the phase at `at` lasts, in milliseconds.
pub fn phase_ms(protocol: &Protocol, mode: Mode, at: Position) -> i64 {
    match mode {
        Mode::Live => protocol
            .phases
            .get(at.phase as usize)
            .map_or(60_000, |p| i64::from(p.minutes) * 60_000),
        Mode::Async { pace_ms } => pace_ms,
    }
}

/// When a phase running from `start` to `end` gets its warning (live: a
/// minute before, async: at three quarters, when the nudge has time to
/// work), if it gets one.
pub fn warning_at(mode: Mode, start: i64, end: i64) -> Option<i64> {
    let length = end - start;
    match mode {
        Mode::Live => (length >= 2 * LIVE_WARNING_MS).then_some(end - LIVE_WARNING_MS),
        Mode::Async { .. } => (length >= 4 * LIVE_WARNING_MS).then_some(start + length * 3 / 4),
    }
}

/// Someone taking part, with what they last did in this circle's rounds
/// (milliseconds; `None`: never).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: String,
    pub presented: Option<i64>,
    pub moderated: Option<i64>,
    pub took_notes: Option<i64>,
}

/// The roles of a round: case-givers in rotation order (one unless the
/// protocol rotates), and the moderator and note-taker when it has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    pub case_givers: Vec<String>,
    pub moderator: Option<String>,
    pub note_taker: Option<String>,
}

/// The fair proposal: whoever presented least recently (never first) gives
/// the case, and the moderator and note-taker go to whoever did them least
/// recently among the others. Ties keep the order people joined in.
/// `case_giver` is someone asked for by name.
pub fn assign(protocol: &Protocol, people: &[Candidate], case_giver: Option<&str>) -> Roles {
    fn least_recent<'a>(
        people: &'a [Candidate],
        taken: &[&str],
        when: impl Fn(&Candidate) -> Option<i64>,
    ) -> Option<&'a Candidate> {
        people
            .iter()
            .filter(|c| !taken.contains(&c.user_id.as_str()))
            .min_by_key(|c| when(c).map_or((0, 0), |at| (1, at)))
    }
    let mut case_givers: Vec<String> = Vec::new();
    if let Some(chosen) = case_giver {
        case_givers.push(chosen.to_owned());
    }
    let rotations = if protocol.rotate { people.len() } else { 1 };
    while case_givers.len() < rotations {
        let taken: Vec<&str> = case_givers.iter().map(String::as_str).collect();
        match least_recent(people, &taken, |c| c.presented) {
            Some(next) => case_givers.push(next.user_id.clone()),
            None => break,
        }
    }
    // With rotations everyone gives a case; the moderator is still whoever
    // moderated least recently, and the role is held for the whole round.
    let first: Vec<&str> = if protocol.rotate {
        Vec::new()
    } else {
        case_givers.iter().map(String::as_str).collect()
    };
    let moderator = protocol
        .moderator
        .then(|| least_recent(people, &first, |c| c.moderated))
        .flatten()
        .map(|c| c.user_id.clone());
    let mut taken = first.clone();
    if let Some(m) = &moderator {
        taken.push(m);
    }
    let note_taker = protocol
        .note_taker
        .then(|| least_recent(people, &taken, |c| c.took_notes))
        .flatten()
        .map(|c| c.user_id.clone());
    Roles {
        case_givers,
        moderator,
        note_taker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, presented: Option<i64>, moderated: Option<i64>) -> Candidate {
        Candidate {
            user_id: id.to_owned(),
            presented,
            moderated,
            took_notes: None,
        }
    }

    #[test]
    fn a_troika_rotates_through_everyone_least_recent_first() {
        let troika = Protocol::built_in("troika").unwrap();
        let people = [
            person("ana", Some(300), None),
            person("bo", None, None),
            person("cy", Some(100), None),
        ];
        let roles = assign(&troika, &people, None);
        assert_eq!(roles.case_givers, ["bo", "cy", "ana"]);
        assert_eq!((roles.moderator, roles.note_taker), (None, None));
        let mut at = Position {
            rotation: 0,
            phase: 0,
        };
        let mut steps = 1;
        while let Some(next) = after(&troika, 3, at) {
            at = next;
            steps += 1;
        }
        assert_eq!(steps, 15, "three rotations of five phases");
        assert_eq!(
            at,
            Position {
                rotation: 2,
                phase: 4
            }
        );
    }

    #[test]
    fn moderator_and_note_taker_go_to_others_who_did_them_least_recently() {
        let collegial = Protocol::built_in("collegial").unwrap();
        let people = [
            person("ana", Some(1), Some(5)),
            person("bo", Some(2), None),
            person("cy", None, Some(1)),
            person("di", Some(3), Some(2)),
            person("ed", Some(4), Some(9)),
        ];
        let roles = assign(&collegial, &people, None);
        assert_eq!(roles.case_givers, ["cy"]);
        assert_eq!(roles.moderator.as_deref(), Some("bo"));
        // Nobody took notes yet: the first who joined among the rest.
        assert_eq!(roles.note_taker.as_deref(), Some("ana"));
        let asked = assign(&collegial, &people, Some("ed"));
        assert_eq!(asked.case_givers, ["ed"]);
        assert_ne!(asked.moderator.as_deref(), Some("ed"));
    }

    #[test]
    fn phases_end_and_warn_by_mode() {
        let troika = Protocol::built_in("troika").unwrap();
        let second = Position {
            rotation: 0,
            phase: 1,
        };
        assert_eq!(phase_ms(&troika, Mode::Live, second), 120_000);
        assert_eq!(warning_at(Mode::Live, 0, 120_000), Some(60_000));
        assert_eq!(warning_at(Mode::Live, 0, 60_000), None, "too short to warn");
        let slow = Mode::Async {
            pace_ms: DEFAULT_PACE_MS,
        };
        assert_eq!(phase_ms(&troika, slow, second), DEFAULT_PACE_MS);
        assert_eq!(
            warning_at(slow, 0, DEFAULT_PACE_MS),
            Some(DEFAULT_PACE_MS * 3 / 4)
        );
    }
}
