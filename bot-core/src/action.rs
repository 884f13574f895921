//! Stable action ids carried by buttons and selects.
//!
//! An action id holds everything needed to act on it (no in-memory lookup),
//! so a button sent before a restart still works after it. The encoding is
//! short (Discord limits `custom_id` to 100 characters) and versionless: new
//! actions get new prefixes, existing ones never change meaning.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    CircleJoin {
        circle_id: i64,
    },
    CircleLeave {
        circle_id: i64,
    },
    CircleInfo {
        circle_id: i64,
    },
    /// Remind the presser of a reminder's text again in `minutes`.
    ReminderSnooze {
        reminder_id: i64,
        minutes: u32,
    },
    /// Vote for (or, in a multiple-choice poll, toggle) an option.
    PollVote {
        poll_id: i64,
        option: u8,
    },
    /// Asks for a check-in note for a circle (a nudge's button).
    CheckinPrompt {
        circle_id: i64,
    },
    /// The note typed in answer: logs the circle's check-in.
    CheckinNote {
        circle_id: i64,
    },
    /// A select of a multiple-choice poll: the chosen values become the vote.
    PollChoose {
        poll_id: i64,
    },
    /// Asks for a private ballot by direct message (where votes in the
    /// poll's place would be public events, as on Matrix).
    PollBallot {
        poll_id: i64,
    },
    /// A vote on a private ballot. Only ever sent to one person, in their
    /// direct chat, by the bot: pressing it is that person voting. `tag`
    /// binds it to that person (a keyed hash of poll, community and member),
    /// so a forged or passed-on one is refused.
    BallotVote {
        poll_id: i64,
        option: u8,
        tag: u64,
    },
    /// A private ballot's whole selection at once (values: option numbers),
    /// as a native multiple-choice poll answers; `tag` as for `BallotVote`.
    BallotChoose {
        poll_id: i64,
        tag: u64,
    },
    /// Joins a round that has not started.
    RoundJoin {
        round_id: i64,
    },
    /// Ends the phase the presser saw (`phase`: its place in the whole
    /// round, counting from 0), so a press that arrives after the phase
    /// moved on changes nothing; a warning in between does not matter.
    RoundNext {
        round_id: i64,
        phase: i64,
    },
    /// Takes over a proposed role (the case, moderating, the notes) while
    /// the round is in its first phase: the presser and the holder swap.
    RoundTake {
        round_id: i64,
        role: RoundRoleWanted,
    },
    /// An answer to a pulse question: a scale's or score's value, a
    /// choice's position (toggled in a multiple-choice question). Only the
    /// run's recipients may give one (checked in the core).
    PulseAnswer {
        run_id: i64,
        position: u8,
        value: u8,
    },
    /// A text question's button: asks for the form.
    PulsePrompt {
        run_id: i64,
        position: u8,
    },
    /// The form's answer (the text is its value).
    PulseText {
        run_id: i64,
        position: u8,
    },
}

/// A role someone may take over from the bot's proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundRoleWanted {
    Case,
    Moderator,
    NoteTaker,
}

impl RoundRoleWanted {
    fn word(self) -> &'static str {
        match self {
            Self::Case => "case",
            Self::Moderator => "moderator",
            Self::NoteTaker => "notes",
        }
    }
}

/// Serialized as its encoded id, the same string buttons carry.
impl serde::Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::decode(&raw).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a mentorbot action id: {0:?}")]
pub struct UnknownAction(pub String);

impl Action {
    pub fn encode(&self) -> String {
        self.to_string()
    }

    pub fn decode(raw: &str) -> Result<Self, UnknownAction> {
        let unknown = || UnknownAction(raw.to_owned());
        let parts: Vec<&str> = raw.split(':').collect();
        let number = |i: usize| -> Result<i64, UnknownAction> {
            let n: i64 = parts
                .get(i)
                .ok_or_else(unknown)?
                .parse()
                .map_err(|_| unknown())?;
            if n <= 0 { Err(unknown()) } else { Ok(n) }
        };
        match parts.as_slice() {
            ["circle", "join", _] => Ok(Self::CircleJoin {
                circle_id: number(2)?,
            }),
            ["circle", "leave", _] => Ok(Self::CircleLeave {
                circle_id: number(2)?,
            }),
            ["circle", "info", _] => Ok(Self::CircleInfo {
                circle_id: number(2)?,
            }),
            ["remind", "snooze", _, _] => Ok(Self::ReminderSnooze {
                reminder_id: number(2)?,
                minutes: u32::try_from(number(3)?)
                    .ok()
                    .filter(|m| *m <= 7 * 24 * 60)
                    .ok_or_else(unknown)?,
            }),
            ["poll", "vote", _, _] => Ok(Self::PollVote {
                poll_id: number(2)?,
                option: u8::try_from(number(3)?)
                    .ok()
                    .filter(|o| *o <= 20)
                    .ok_or_else(unknown)?,
            }),
            ["checkin", "prompt", _] => Ok(Self::CheckinPrompt {
                circle_id: number(2)?,
            }),
            ["checkin", "note", _] => Ok(Self::CheckinNote {
                circle_id: number(2)?,
            }),
            ["poll", "choose", _] => Ok(Self::PollChoose {
                poll_id: number(2)?,
            }),
            ["poll", "ballot", _] => Ok(Self::PollBallot {
                poll_id: number(2)?,
            }),
            ["poll", "bchoose", _, tag] => Ok(Self::BallotChoose {
                poll_id: number(2)?,
                tag: u64::from_str_radix(tag, 16).map_err(|_| unknown())?,
            }),
            ["poll", "bvote", _, _, tag] => Ok(Self::BallotVote {
                poll_id: number(2)?,
                option: u8::try_from(number(3)?)
                    .ok()
                    .filter(|o| *o <= 20)
                    .ok_or_else(unknown)?,
                tag: u64::from_str_radix(tag, 16).map_err(|_| unknown())?,
            }),
            ["round", "join", _] => Ok(Self::RoundJoin {
                round_id: number(2)?,
            }),
            // The phase is stored one up: ids carry positive numbers only.
            ["round", "next", _, _] => Ok(Self::RoundNext {
                round_id: number(2)?,
                phase: number(3)? - 1,
            }),
            ["round", "take", _, role] => Ok(Self::RoundTake {
                round_id: number(2)?,
                role: [
                    RoundRoleWanted::Case,
                    RoundRoleWanted::Moderator,
                    RoundRoleWanted::NoteTaker,
                ]
                .into_iter()
                .find(|r| r.word() == *role)
                .ok_or_else(unknown)?,
            }),
            // A value may be 0 (a score): stored one up, as ids are positive.
            ["pulse", "answer", _, _, _] => Ok(Self::PulseAnswer {
                run_id: number(2)?,
                position: question(number(3)?).ok_or_else(unknown)?,
                value: u8::try_from(number(4)? - 1)
                    .ok()
                    .filter(|v| *v <= 20)
                    .ok_or_else(unknown)?,
            }),
            ["pulse", "prompt", _, _] => Ok(Self::PulsePrompt {
                run_id: number(2)?,
                position: question(number(3)?).ok_or_else(unknown)?,
            }),
            ["pulse", "text", _, _] => Ok(Self::PulseText {
                run_id: number(2)?,
                position: question(number(3)?).ok_or_else(unknown)?,
            }),
            _ => Err(unknown()),
        }
    }
}

/// A pulse question's position (1–10).
fn question(n: i64) -> Option<u8> {
    u8::try_from(n).ok().filter(|p| (1..=10).contains(p))
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CircleJoin { circle_id } => write!(f, "circle:join:{circle_id}"),
            Self::CircleLeave { circle_id } => write!(f, "circle:leave:{circle_id}"),
            Self::CircleInfo { circle_id } => write!(f, "circle:info:{circle_id}"),
            Self::ReminderSnooze {
                reminder_id,
                minutes,
            } => write!(f, "remind:snooze:{reminder_id}:{minutes}"),
            Self::PollVote { poll_id, option } => write!(f, "poll:vote:{poll_id}:{option}"),
            Self::PollChoose { poll_id } => write!(f, "poll:choose:{poll_id}"),
            Self::PollBallot { poll_id } => write!(f, "poll:ballot:{poll_id}"),
            Self::BallotVote {
                poll_id,
                option,
                tag,
            } => write!(f, "poll:bvote:{poll_id}:{option}:{tag:016x}"),
            Self::BallotChoose { poll_id, tag } => write!(f, "poll:bchoose:{poll_id}:{tag:016x}"),
            Self::CheckinPrompt { circle_id } => write!(f, "checkin:prompt:{circle_id}"),
            Self::CheckinNote { circle_id } => write!(f, "checkin:note:{circle_id}"),
            Self::RoundJoin { round_id } => write!(f, "round:join:{round_id}"),
            Self::RoundNext { round_id, phase } => write!(f, "round:next:{round_id}:{}", phase + 1),
            Self::RoundTake { round_id, role } => {
                write!(f, "round:take:{round_id}:{}", role.word())
            }
            Self::PulseAnswer {
                run_id,
                position,
                value,
            } => write!(
                f,
                "pulse:answer:{run_id}:{position}:{}",
                u16::from(*value) + 1
            ),
            Self::PulsePrompt { run_id, position } => write!(f, "pulse:prompt:{run_id}:{position}"),
            Self::PulseText { run_id, position } => write!(f, "pulse:text:{run_id}:{position}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_id() {
        for action in [
            Action::CircleJoin { circle_id: 1 },
            Action::CircleLeave { circle_id: 42 },
            Action::CircleInfo {
                circle_id: i64::MAX,
            },
            Action::ReminderSnooze {
                reminder_id: 3,
                minutes: 60,
            },
            Action::PollVote {
                poll_id: 9,
                option: 20,
            },
            Action::PollChoose { poll_id: 9 },
            Action::PollBallot { poll_id: 9 },
            Action::BallotVote {
                poll_id: 9,
                option: 3,
                tag: u64::MAX,
            },
            Action::BallotChoose { poll_id: 9, tag: 0 },
            Action::CheckinPrompt { circle_id: 4 },
            Action::CheckinNote { circle_id: 4 },
            Action::RoundJoin { round_id: 5 },
            Action::RoundNext {
                round_id: 5,
                phase: 0,
            },
            Action::RoundTake {
                round_id: 5,
                role: RoundRoleWanted::Case,
            },
            Action::RoundTake {
                round_id: 5,
                role: RoundRoleWanted::NoteTaker,
            },
            Action::PulseAnswer {
                run_id: 8,
                position: 10,
                value: 0,
            },
            Action::PulseAnswer {
                run_id: 8,
                position: 1,
                value: 20,
            },
            Action::PulsePrompt {
                run_id: 8,
                position: 3,
            },
            Action::PulseText {
                run_id: 8,
                position: 3,
            },
        ] {
            let id = action.encode();
            assert!(id.len() <= 100, "{id} is too long for a Discord custom_id");
            assert_eq!(Action::decode(&id), Ok(action));
        }
    }

    #[test]
    fn ids_are_stable_strings() {
        assert_eq!(
            Action::CircleJoin { circle_id: 7 }.encode(),
            "circle:join:7"
        );
    }

    #[test]
    fn malformed_ids_are_rejected() {
        for raw in [
            "",
            "circle",
            "circle:join",
            "circle:join:x",
            "circle:join:-1",
            "circle:join:1:2",
            "poll:join:1",
            "remind:snooze:1",
            "remind:snooze:1:0",
            "remind:snooze:1:99999",
            "poll:choose:0",
            "poll:choose:1:2",
            "poll:ballot:0",
            "poll:bvote:1:21:00",
            "poll:bvote:1:2",
            "poll:bvote:1:2:xyz",
            "poll:bchoose:1",
            "round:join:0",
            "round:next:1",
            "round:next:1:0",
            "round:take:1:crown",
            "round:take:0:case",
        ] {
            assert!(Action::decode(raw).is_err(), "{raw} decoded");
        }
    }
}
