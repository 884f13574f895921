//! Message keys: the idempotency key of every message the core sends (its
//! `Outgoing::idempotency_key`, Discord's `nonce`, Matrix's transaction id)
//! and what `Outgoing::replaces` names. One type, one registry of prefixes:
//! the core builds keys with [`MessageKey::encode`] and adapters read them
//! back with [`MessageKey::decode`] (the Matrix adapter finds a poll's
//! message by its key). Keys stay short (Discord's nonce holds 25
//! characters; adapters hash a longer one) and never change meaning: a new
//! kind gets a new prefix.

use std::fmt;

/// One message the core sends, by what it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageKey {
    /// A reminder's occurrence (`j<job>o<occurrence>`).
    Reminder { job: i64, occurrence: i64 },
    /// A check-in nudge's occurrence, to one recipient: a member's id, or
    /// `place` for the circle's channel (`n<job>o<occurrence>-<who>`).
    Nudge {
        job: i64,
        occurrence: i64,
        who: String,
    },
    /// A poll's message, edited as it changes (`p<poll>`).
    Poll { poll: i64 },
    /// A poll's tally refresh (`p<poll>t<occurrence>`), replacing [`Poll`](Self::Poll).
    PollTally { poll: i64, occurrence: i64 },
    /// A poll's final state (`p<poll>c`), replacing [`Poll`](Self::Poll).
    PollClosed { poll: i64 },
    /// A closed poll's results announcement (`p<poll>r`).
    PollResults { poll: i64 },
    /// The summary of what one recipient missed, riding on a job
    /// (`s<job>o<occurrence>`).
    MissedSummary { job: i64, occurrence: i64 },
    /// Part `index` of the answer to a received input (`a<inbox>r<index>`).
    AnswerPart { inbox: i64, index: usize },
    /// The announcement of a round's clock change number `tick`, in its
    /// thread (`r<round>t<tick>`).
    RoundEvent { round: i64, tick: i64 },
    /// A direct message about a round's clock change `tick` to one person
    /// (`r<round>t<tick>-<who>`).
    RoundNudge { round: i64, tick: i64, who: String },
    /// Part `part` of the private digest of a round's rotation for its
    /// case-giver (`r<round>d<rotation>p<part>`).
    RoundDigest {
        round: i64,
        rotation: i64,
        part: i64,
    },
    /// Part `part` of what was said in an async round's phase that change
    /// `tick` closed, for its case-giver (`r<round>t<tick>p<part>`).
    RoundPhaseNotes { round: i64, tick: i64, part: i64 },
    /// A commitment's follow-up on its date (`c<commitment>`).
    CommitmentDue { commitment: i64 },
    /// Question `position` of a pulse run, to one recipient (their row in
    /// the run: `q<run>s<recipient>n<position>`).
    PulseQuestion {
        run: i64,
        recipient: i64,
        position: i64,
    },
    /// The one reminder of a run to a recipient (`q<run>s<recipient>r`).
    PulseReminder { run: i64, recipient: i64 },
    /// A run's closing summary to its pulse's creator (`q<run>c`).
    PulseClosed { run: i64 },
}

impl MessageKey {
    pub fn encode(&self) -> String {
        self.to_string()
    }

    /// The key `raw` stands for, if the core made it.
    pub fn decode(raw: &str) -> Option<Self> {
        let (prefix, rest) = raw.split_at_checked(1)?;
        let number = |s: &str| -> Option<i64> {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let pair = |s: &str, sep: char| -> Option<(i64, i64)> {
            let (a, b) = s.split_once(sep)?;
            Some((number(a)?, number(b)?))
        };
        match prefix {
            "j" => pair(rest, 'o').map(|(job, occurrence)| Self::Reminder { job, occurrence }),
            "n" => {
                let (numbers, who) = rest.split_once('-')?;
                let (job, occurrence) = pair(numbers, 'o')?;
                (!who.is_empty()).then(|| Self::Nudge {
                    job,
                    occurrence,
                    who: who.to_owned(),
                })
            }
            "p" => {
                if let Some(poll) = number(rest) {
                    return Some(Self::Poll { poll });
                }
                if let Some(poll) = rest.strip_suffix('c').and_then(number) {
                    return Some(Self::PollClosed { poll });
                }
                if let Some(poll) = rest.strip_suffix('r').and_then(number) {
                    return Some(Self::PollResults { poll });
                }
                pair(rest, 't').map(|(poll, occurrence)| Self::PollTally { poll, occurrence })
            }
            "s" => pair(rest, 'o').map(|(job, occurrence)| Self::MissedSummary { job, occurrence }),
            "r" => {
                // The person's id first: it may hold any letter.
                if let Some((numbers, who)) = rest.split_once('-') {
                    let (round, tick) = pair(numbers, 't')?;
                    return (!who.is_empty()).then(|| Self::RoundNudge {
                        round,
                        tick,
                        who: who.to_owned(),
                    });
                }
                if let Some((round, rest)) = rest.split_once('d') {
                    let round = number(round)?;
                    let (rotation, part) = pair(rest, 'p')?;
                    return Some(Self::RoundDigest {
                        round,
                        rotation,
                        part,
                    });
                }
                if let Some((numbers, part)) = rest.split_once('p') {
                    let (round, tick) = pair(numbers, 't')?;
                    return Some(Self::RoundPhaseNotes {
                        round,
                        tick,
                        part: number(part)?,
                    });
                }
                pair(rest, 't').map(|(round, tick)| Self::RoundEvent { round, tick })
            }
            "c" => number(rest).map(|commitment| Self::CommitmentDue { commitment }),
            "q" => {
                if let Some(run) = rest.strip_suffix('c').and_then(number) {
                    return Some(Self::PulseClosed { run });
                }
                let (run, rest) = rest.split_once('s')?;
                let run = number(run)?;
                if let Some(recipient) = rest.strip_suffix('r').and_then(number) {
                    return Some(Self::PulseReminder { run, recipient });
                }
                let (recipient, position) = pair(rest, 'n')?;
                Some(Self::PulseQuestion {
                    run,
                    recipient,
                    position,
                })
            }
            "a" => {
                let (inbox, index) = pair(rest, 'r')?;
                Some(Self::AnswerPart {
                    inbox,
                    index: usize::try_from(index).ok()?,
                })
            }
            _ => None,
        }
    }
}

impl fmt::Display for MessageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Reminder { job, occurrence } => write!(f, "j{job}o{occurrence}"),
            Self::Nudge {
                job,
                occurrence,
                who,
            } => write!(f, "n{job}o{occurrence}-{who}"),
            Self::Poll { poll } => write!(f, "p{poll}"),
            Self::PollTally { poll, occurrence } => write!(f, "p{poll}t{occurrence}"),
            Self::PollClosed { poll } => write!(f, "p{poll}c"),
            Self::PollResults { poll } => write!(f, "p{poll}r"),
            Self::MissedSummary { job, occurrence } => write!(f, "s{job}o{occurrence}"),
            Self::AnswerPart { inbox, index } => write!(f, "a{inbox}r{index}"),
            Self::RoundEvent { round, tick } => write!(f, "r{round}t{tick}"),
            Self::RoundNudge { round, tick, who } => write!(f, "r{round}t{tick}-{who}"),
            Self::RoundDigest {
                round,
                rotation,
                part,
            } => write!(f, "r{round}d{rotation}p{part}"),
            Self::RoundPhaseNotes { round, tick, part } => write!(f, "r{round}t{tick}p{part}"),
            Self::CommitmentDue { commitment } => write!(f, "c{commitment}"),
            Self::PulseQuestion {
                run,
                recipient,
                position,
            } => write!(f, "q{run}s{recipient}n{position}"),
            Self::PulseReminder { run, recipient } => write!(f, "q{run}s{recipient}r"),
            Self::PulseClosed { run } => write!(f, "q{run}c"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MessageKey;

    fn every_kind(n: i64) -> Vec<MessageKey> {
        vec![
            MessageKey::Reminder {
                job: n,
                occurrence: n + 1,
            },
            MessageKey::Nudge {
                job: n,
                occurrence: 2,
                who: "@ana-b:example.org".to_owned(),
            },
            MessageKey::Nudge {
                job: n,
                occurrence: 0,
                who: "place".to_owned(),
            },
            MessageKey::Poll { poll: n },
            MessageKey::PollTally {
                poll: n,
                occurrence: 3,
            },
            MessageKey::PollClosed { poll: n },
            MessageKey::PollResults { poll: n },
            MessageKey::MissedSummary {
                job: n,
                occurrence: 4,
            },
            MessageKey::AnswerPart { inbox: n, index: 1 },
            MessageKey::RoundEvent { round: n, tick: 2 },
            MessageKey::RoundNudge {
                round: n,
                tick: 2,
                who: "@ana-b:example.org".to_owned(),
            },
            MessageKey::RoundNudge {
                round: n,
                tick: 3,
                who: "@ed-p:d.example".to_owned(),
            },
            MessageKey::RoundPhaseNotes {
                round: n,
                tick: 2,
                part: 0,
            },
            MessageKey::RoundDigest {
                round: n,
                rotation: 0,
                part: 1,
            },
            MessageKey::CommitmentDue { commitment: n },
            MessageKey::PulseQuestion {
                run: n,
                recipient: n + 2,
                position: 10,
            },
            MessageKey::PulseReminder {
                run: n,
                recipient: 3,
            },
            MessageKey::PulseClosed { run: n },
        ]
    }

    #[test]
    fn keys_read_back_as_what_they_are_and_never_collide() {
        let mut seen = std::collections::HashSet::new();
        for n in [1, 7, 12, 123, 9_999_999_999] {
            for key in every_kind(n) {
                let raw = key.encode();
                assert_eq!(MessageKey::decode(&raw), Some(key.clone()), "{raw}");
                assert!(seen.insert(raw.clone()), "two keys are {raw}");
            }
        }
        // The shapes stored before this type existed read the same.
        assert_eq!(
            MessageKey::decode("j12o3"),
            Some(MessageKey::Reminder {
                job: 12,
                occurrence: 3
            })
        );
        assert_eq!(MessageKey::decode("p7"), Some(MessageKey::Poll { poll: 7 }));
        for other in [
            "", "p", "px", "p-1", "x12", "j12", "n1o2-", "a1r", "p1t", "circle-3", "r1", "r1t2-",
            "r1d2", "c", "r1t2p", "r1p2", "q", "q1", "q1s", "q1s2", "q1s2n", "qc", "q1sr",
        ] {
            assert_eq!(MessageKey::decode(other), None, "{other}");
        }
    }

    #[test]
    fn keys_fit_a_discord_nonce() {
        let key = MessageKey::PollTally {
            poll: 9_999_999_999,
            occurrence: 99_999,
        };
        assert!(key.encode().len() <= 25);
    }
}
