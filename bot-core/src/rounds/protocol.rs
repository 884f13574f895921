//! Peer-consultation protocols as data: roles, ordered phases with time
//! boxes, who speaks in each, whether the case-giver only listens, and what
//! a phase produces. Built-in ones describe published methods in our own
//! words (their names live in `locales/<lang>/rounds.ftl`); a community's
//! own are read from a short text definition. Pure: no I/O.

use crate::i18n::{I18n, Locale, Text};

/// Most phases a protocol may have.
pub const MAX_PHASES: usize = 12;
/// Longest live time box, in minutes.
pub const MAX_MINUTES: u32 = 240;
/// Longest protocol or phase name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The largest group any protocol allows.
pub const MAX_GROUP: u32 = 20;

/// Who may speak in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speakers {
    Everyone,
    CaseGiver,
    Consultants,
    Moderator,
}

/// What a phase asks people to bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Produces {
    Nothing,
    Questions,
    Ideas,
    Takeaways,
    Commitments,
}

/// A name: a catalogue key (built-in protocols, shown in the reader's
/// language) or the words a community chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Key(&'static str),
    Literal(String),
}

impl Label {
    pub fn show(&self, i18n: &I18n, locale: Locale) -> String {
        match self {
            Self::Key(key) => i18n.t(locale, key),
            Self::Literal(words) => words.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub name: Label,
    /// The live time box; async rounds give every phase the round's pace.
    pub minutes: u32,
    pub speakers: Speakers,
    /// The case-giver only listens ("turns away").
    pub listening: bool,
    pub produces: Produces,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    /// `troika`, … for built-ins; the community's name key for their own.
    pub key: String,
    pub name: Label,
    pub min: u32,
    pub max: u32,
    pub moderator: bool,
    pub note_taker: bool,
    /// Everyone is the case-giver once, one rotation each (Troika, Wise crowds).
    pub rotate: bool,
    pub phases: Vec<Phase>,
    /// Where the method is described (never copied).
    pub source: Option<&'static str>,
}

impl Protocol {
    pub fn built_in(key: &str) -> Option<Self> {
        BUILT_IN
            .iter()
            .find(|b| b.key == key)
            .map(Builtin::protocol)
    }

    pub fn built_ins() -> Vec<Self> {
        BUILT_IN.iter().map(Builtin::protocol).collect()
    }

    /// Minutes of one rotation.
    pub fn minutes(&self) -> u32 {
        self.phases.iter().map(|p| p.minutes).sum()
    }

    /// The definition an admin can copy, change and add as their own, with
    /// built-in phase names in `locale`.
    pub fn definition(&self, i18n: &I18n, locale: Locale) -> String {
        let mut header = vec![format!("size {}-{}", self.min, self.max)];
        if self.moderator {
            header.push("moderator".to_owned());
        }
        if self.note_taker {
            header.push("note-taker".to_owned());
        }
        if self.rotate {
            header.push("rotate".to_owned());
        }
        let mut parts = vec![header.join(", ")];
        for phase in &self.phases {
            let mut words = vec![
                phase.name.show(i18n, locale).replace(';', ","),
                phase.minutes.to_string(),
                SPEAKER_WORDS
                    .iter()
                    .find(|(_, s)| *s == phase.speakers)
                    .map_or("everyone", |(w, _)| w[0])
                    .to_owned(),
            ];
            if phase.listening {
                words.push("listening".to_owned());
            }
            if let Some((w, _)) = PRODUCE_WORDS.iter().find(|(_, p)| *p == phase.produces) {
                words.push(w[0].to_owned());
            }
            parts.push(words.join(" "));
        }
        parts.join("; ")
    }
}

/// Why a definition was refused; phases are counted from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    NoPhases,
    TooManyPhases {
        count: usize,
    },
    BadSize {
        got: String,
    },
    UnknownSetting {
        got: String,
    },
    NeedsModerator,
    Phase {
        index: usize,
        name: String,
        problem: PhaseProblem,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhaseProblem {
    NoName,
    NameTooLong,
    NoMinutes,
    BadMinutes { got: String },
    NoSpeakers,
    UnknownWord { got: String },
}

impl DefinitionError {
    pub fn to_text(&self) -> Text {
        match self {
            Self::NoPhases => Text::new("round-def-no-phases"),
            Self::TooManyPhases { count } => Text::new("round-def-too-many")
                .arg("count", *count as i64)
                .arg("max", MAX_PHASES as i64),
            Self::BadSize { got } => Text::new("round-def-size")
                .arg("got", got.as_str())
                .arg("max", i64::from(MAX_GROUP)),
            Self::UnknownSetting { got } => Text::new("round-def-setting").arg("got", got.as_str()),
            Self::NeedsModerator => Text::new("round-def-needs-moderator"),
            Self::Phase {
                index,
                name,
                problem,
            } => {
                let key = match problem {
                    PhaseProblem::NoName => "round-def-phase-no-name",
                    PhaseProblem::NameTooLong => "round-def-phase-long-name",
                    PhaseProblem::NoMinutes => "round-def-phase-no-minutes",
                    PhaseProblem::BadMinutes { .. } => "round-def-phase-bad-minutes",
                    PhaseProblem::NoSpeakers => "round-def-phase-no-speakers",
                    PhaseProblem::UnknownWord { .. } => "round-def-phase-word",
                };
                let got = match problem {
                    PhaseProblem::BadMinutes { got } | PhaseProblem::UnknownWord { got } => {
                        got.as_str()
                    }
                    _ => "",
                };
                Text::new(key)
                    .arg("index", *index as i64)
                    .arg("name", name.as_str())
                    .arg("got", got)
                    .arg("max", i64::from(MAX_MINUTES))
                    .arg("chars", MAX_NAME_CHARS as i64)
            }
        }
    }
}

/// Keywords in the three languages; the first is what definitions show.
const SPEAKER_WORDS: &[(&[&str], Speakers)] = &[
    (
        &[
            "everyone",
            "all",
            "tous",
            "tout-le-monde",
            "iedereen",
            "allen",
        ],
        Speakers::Everyone,
    ),
    (
        &[
            "case-giver",
            "client",
            "presenter",
            "demandeur",
            "présentateur",
            "inbrenger",
            "casusinbrenger",
        ],
        Speakers::CaseGiver,
    ),
    (
        &[
            "consultants",
            "peers",
            "conseillers",
            "pairs",
            "adviseurs",
            "collega's",
            "collegas",
        ],
        Speakers::Consultants,
    ),
    (
        &[
            "moderator",
            "facilitator",
            "modérateur",
            "animateur",
            "gespreksleider",
        ],
        Speakers::Moderator,
    ),
];

const LISTENING_WORDS: &[&str] = &[
    "listening",
    "silent",
    "écoute",
    "silencieux",
    "luistert",
    "stil",
];

const PRODUCE_WORDS: &[(&[&str], Produces)] = &[
    (&["questions", "vragen"], Produces::Questions),
    (
        &[
            "ideas", "advice", "idées", "conseils", "ideeën", "ideeen", "advies",
        ],
        Produces::Ideas,
    ),
    (
        &["takeaways", "enseignements", "inzichten"],
        Produces::Takeaways,
    ),
    (
        &[
            "commitments",
            "actions",
            "engagements",
            "afspraken",
            "acties",
        ],
        Produces::Commitments,
    ),
];

const SIZE_WORDS: &[&str] = &["size", "taille", "grootte"];
const MODERATOR_WORDS: &[&str] = &["moderator", "modérateur", "gespreksleider", "facilitator"];
const NOTE_TAKER_WORDS: &[&str] = &["note-taker", "secrétaire", "notulist"];
const ROTATE_WORDS: &[&str] = &["rotate", "rotation", "tour", "roteren", "rouleren"];

fn lookup<T: Copy>(table: &[(&[&str], T)], word: &str) -> Option<T> {
    table
        .iter()
        .find(|(words, _)| words.iter().any(|w| w.eq_ignore_ascii_case(word)))
        .map(|(_, value)| *value)
}

fn is_one_of(words: &[&str], word: &str) -> bool {
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Reads a community's protocol: a header of settings, then one part per
/// phase, separated by `;`:
/// `size 3-6, moderator; Present 5 case-giver; Advice 10 consultants listening ideas`.
/// A phase is its name, its minutes, who speaks, then optionally
/// `listening` and what it produces (keywords in English, French or Dutch).
pub fn parse_definition(key: &str, name: &str, text: &str) -> Result<Protocol, DefinitionError> {
    let mut parts = text.split(';').map(str::trim).filter(|p| !p.is_empty());
    let header = parts.next().unwrap_or_default();
    let (mut min, mut max) = (2, 8);
    let (mut moderator, mut note_taker, mut rotate) = (false, false, false);
    let mut phase_parts: Vec<&str> = Vec::new();
    // The header is optional: a first part with a number after a name is a phase.
    if header_is_settings(header) {
        for setting in header.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let mut words = setting.split_whitespace();
            let first = words.next().unwrap_or_default();
            if is_one_of(SIZE_WORDS, first) {
                let got: String = words.collect::<Vec<_>>().join(" ");
                (min, max) = parse_size(&got).ok_or(DefinitionError::BadSize { got })?;
            } else if words.next().is_some() {
                // A setting other than the size is one word.
                return Err(DefinitionError::UnknownSetting {
                    got: setting.to_owned(),
                });
            } else if is_one_of(MODERATOR_WORDS, first) {
                moderator = true;
            } else if is_one_of(NOTE_TAKER_WORDS, first) {
                note_taker = true;
            } else if is_one_of(ROTATE_WORDS, first) {
                rotate = true;
            } else {
                return Err(DefinitionError::UnknownSetting {
                    got: setting.to_owned(),
                });
            }
        }
    } else if !header.is_empty() {
        phase_parts.push(header);
    }
    phase_parts.extend(parts);
    if phase_parts.is_empty() {
        return Err(DefinitionError::NoPhases);
    }
    if phase_parts.len() > MAX_PHASES {
        return Err(DefinitionError::TooManyPhases {
            count: phase_parts.len(),
        });
    }
    let phases = phase_parts
        .iter()
        .enumerate()
        .map(|(i, part)| parse_phase(i + 1, part))
        .collect::<Result<Vec<_>, _>>()?;
    if phases.iter().any(|p| p.speakers == Speakers::Moderator) && !moderator {
        return Err(DefinitionError::NeedsModerator);
    }
    Ok(Protocol {
        key: key.to_owned(),
        name: Label::Literal(name.to_owned()),
        min,
        max,
        moderator,
        note_taker,
        rotate,
        phases,
        source: None,
    })
}

/// Whether the first part is settings rather than a phase: `size 3-6`, or
/// settings of one word each (`moderator, rotate`). A phase has a number of
/// minutes after its name (`Tour de table 5 tous` is a phase).
fn header_is_settings(part: &str) -> bool {
    let first_word = part.split_whitespace().next().unwrap_or_default();
    if is_one_of(SIZE_WORDS, first_word) {
        return true;
    }
    part.split(',').all(|setting| {
        let words: Vec<&str> = setting.split_whitespace().collect();
        match words.as_slice() {
            [] => true,
            [size, ..] if is_one_of(SIZE_WORDS, size) => true,
            [one] => {
                is_one_of(MODERATOR_WORDS, one)
                    || is_one_of(NOTE_TAKER_WORDS, one)
                    || is_one_of(ROTATE_WORDS, one)
            }
            _ => false,
        }
    })
}

fn parse_size(raw: &str) -> Option<(u32, u32)> {
    let raw = raw.trim();
    let (a, b) = raw
        .split_once('-')
        .or_else(|| raw.split_once('–'))
        .unwrap_or((raw, raw));
    let (min, max): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (2 <= min && min <= max && max <= MAX_GROUP).then_some((min, max))
}

fn parse_phase(index: usize, part: &str) -> Result<Phase, DefinitionError> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let number_at = words.iter().position(|w| {
        w.trim_end_matches(['m', '\''])
            .bytes()
            .all(|b| b.is_ascii_digit())
            && w.as_bytes().first().is_some_and(u8::is_ascii_digit)
    });
    let name = words[..number_at.unwrap_or(words.len())].join(" ");
    let fail = |problem| DefinitionError::Phase {
        index,
        name: name.clone(),
        problem,
    };
    if name.is_empty() {
        return Err(fail(PhaseProblem::NoName));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(fail(PhaseProblem::NameTooLong));
    }
    let Some(at) = number_at else {
        return Err(fail(PhaseProblem::NoMinutes));
    };
    let raw_minutes = words[at];
    let minutes: u32 = raw_minutes
        .trim_end_matches(['m', '\''])
        .parse()
        .ok()
        .filter(|m| (1..=MAX_MINUTES).contains(m))
        .ok_or_else(|| {
            fail(PhaseProblem::BadMinutes {
                got: raw_minutes.to_owned(),
            })
        })?;
    let mut speakers = None;
    let mut listening = false;
    let mut produces = Produces::Nothing;
    for word in &words[at + 1..] {
        let word = word.trim_matches(',');
        if let Some(who) = lookup(SPEAKER_WORDS, word)
            && speakers.is_none()
        {
            speakers = Some(who);
        } else if is_one_of(LISTENING_WORDS, word) {
            listening = true;
        } else if let Some(what) = lookup(PRODUCE_WORDS, word) {
            produces = what;
        } else if matches!(word.to_lowercase().as_str(), "min" | "minutes" | "minuten") {
        } else {
            return Err(fail(PhaseProblem::UnknownWord {
                got: word.to_owned(),
            }));
        }
    }
    let speakers = speakers.ok_or_else(|| fail(PhaseProblem::NoSpeakers))?;
    Ok(Phase {
        name: Label::Literal(name.clone()),
        minutes,
        speakers,
        listening,
        produces,
    })
}

/// A built-in protocol as static data.
struct Builtin {
    key: &'static str,
    name: &'static str,
    min: u32,
    max: u32,
    moderator: bool,
    note_taker: bool,
    rotate: bool,
    source: &'static str,
    phases: &'static [(&'static str, u32, Speakers, bool, Produces)],
}

impl Builtin {
    fn protocol(&self) -> Protocol {
        Protocol {
            key: self.key.to_owned(),
            name: Label::Key(self.name),
            min: self.min,
            max: self.max,
            moderator: self.moderator,
            note_taker: self.note_taker,
            rotate: self.rotate,
            phases: self
                .phases
                .iter()
                .map(|&(name, minutes, speakers, listening, produces)| Phase {
                    name: Label::Key(name),
                    minutes,
                    speakers,
                    listening,
                    produces,
                })
                .collect(),
            source: Some(self.source),
        }
    }
}

use Produces as P;
use Speakers as S;

/// The methods of `PROTOCOLS.md`, with their usual minutes.
const BUILT_IN: &[Builtin] = &[
    Builtin {
        key: "troika",
        name: "round-protocol-troika",
        min: 3,
        max: 4,
        moderator: false,
        note_taker: false,
        rotate: true,
        source: "https://www.liberatingstructures.com/",
        phases: &[
            ("round-phase-troika-1", 1, S::Everyone, false, P::Nothing),
            ("round-phase-troika-2", 2, S::CaseGiver, false, P::Nothing),
            (
                "round-phase-troika-3",
                2,
                S::Consultants,
                false,
                P::Questions,
            ),
            ("round-phase-troika-4", 5, S::Consultants, true, P::Ideas),
            ("round-phase-troika-5", 2, S::CaseGiver, false, P::Takeaways),
        ],
    },
    Builtin {
        key: "wise-crowds",
        name: "round-protocol-wise-crowds",
        min: 4,
        max: 7,
        moderator: false,
        note_taker: false,
        rotate: true,
        source: "https://www.liberatingstructures.com/",
        phases: &[
            (
                "round-phase-wise-crowds-1",
                2,
                S::CaseGiver,
                false,
                P::Nothing,
            ),
            (
                "round-phase-wise-crowds-2",
                3,
                S::Consultants,
                false,
                P::Questions,
            ),
            (
                "round-phase-wise-crowds-3",
                8,
                S::Consultants,
                true,
                P::Ideas,
            ),
            (
                "round-phase-wise-crowds-4",
                2,
                S::CaseGiver,
                false,
                P::Takeaways,
            ),
        ],
    },
    Builtin {
        key: "collegial",
        name: "round-protocol-collegial",
        min: 5,
        max: 9,
        moderator: true,
        note_taker: true,
        rotate: false,
        source: "https://www.kollegiale-beratung.de/",
        phases: &[
            (
                "round-phase-collegial-1",
                5,
                S::Moderator,
                false,
                P::Nothing,
            ),
            (
                "round-phase-collegial-2",
                10,
                S::CaseGiver,
                false,
                P::Questions,
            ),
            (
                "round-phase-collegial-3",
                5,
                S::CaseGiver,
                false,
                P::Nothing,
            ),
            (
                "round-phase-collegial-4",
                5,
                S::Moderator,
                false,
                P::Nothing,
            ),
            (
                "round-phase-collegial-5",
                10,
                S::Consultants,
                true,
                P::Ideas,
            ),
            (
                "round-phase-collegial-6",
                7,
                S::CaseGiver,
                false,
                P::Takeaways,
            ),
        ],
    },
    Builtin {
        key: "action-learning",
        name: "round-protocol-action-learning",
        min: 4,
        max: 8,
        moderator: true,
        note_taker: false,
        rotate: false,
        source: "https://wial.org/",
        phases: &[
            (
                "round-phase-action-learning-1",
                5,
                S::CaseGiver,
                false,
                P::Nothing,
            ),
            (
                "round-phase-action-learning-2",
                2,
                S::CaseGiver,
                false,
                P::Nothing,
            ),
            (
                "round-phase-action-learning-3",
                8,
                S::Consultants,
                false,
                P::Questions,
            ),
            (
                "round-phase-action-learning-4",
                12,
                S::Consultants,
                false,
                P::Questions,
            ),
            (
                "round-phase-action-learning-5",
                2,
                S::CaseGiver,
                false,
                P::Takeaways,
            ),
            (
                "round-phase-action-learning-6",
                5,
                S::Everyone,
                false,
                P::Ideas,
            ),
            (
                "round-phase-action-learning-7",
                2,
                S::CaseGiver,
                false,
                P::Commitments,
            ),
        ],
    },
    Builtin {
        key: "incident",
        name: "round-protocol-incident",
        min: 3,
        max: 8,
        moderator: true,
        note_taker: false,
        rotate: false,
        source: "https://eenmeesterinleren.nl/de-incidentmethode/",
        phases: &[
            ("round-phase-incident-1", 5, S::Everyone, false, P::Nothing),
            (
                "round-phase-incident-2",
                10,
                S::CaseGiver,
                false,
                P::Nothing,
            ),
            (
                "round-phase-incident-3",
                15,
                S::Consultants,
                false,
                P::Questions,
            ),
            ("round-phase-incident-4", 10, S::Consultants, true, P::Ideas),
            ("round-phase-incident-5", 10, S::Consultants, true, P::Ideas),
            (
                "round-phase-incident-6",
                10,
                S::CaseGiver,
                false,
                P::Commitments,
            ),
        ],
    },
    Builtin {
        key: "consultancy",
        name: "round-protocol-consultancy",
        min: 5,
        max: 10,
        moderator: true,
        note_taker: false,
        rotate: false,
        source: "https://www.nsrfharmony.org/",
        phases: &[
            (
                "round-phase-consultancy-1",
                8,
                S::CaseGiver,
                false,
                P::Nothing,
            ),
            (
                "round-phase-consultancy-2",
                5,
                S::Consultants,
                false,
                P::Questions,
            ),
            (
                "round-phase-consultancy-3",
                10,
                S::Consultants,
                false,
                P::Questions,
            ),
            (
                "round-phase-consultancy-4",
                15,
                S::Consultants,
                true,
                P::Ideas,
            ),
            (
                "round-phase-consultancy-5",
                5,
                S::CaseGiver,
                false,
                P::Takeaways,
            ),
            (
                "round-phase-consultancy-6",
                5,
                S::Everyone,
                false,
                P::Nothing,
            ),
        ],
    },
    Builtin {
        key: "tuning",
        name: "round-protocol-tuning",
        min: 5,
        max: 13,
        moderator: true,
        note_taker: false,
        rotate: false,
        source: "https://www.nsrfharmony.org/",
        phases: &[
            ("round-phase-tuning-1", 3, S::Moderator, false, P::Nothing),
            ("round-phase-tuning-2", 15, S::CaseGiver, false, P::Nothing),
            (
                "round-phase-tuning-3",
                5,
                S::Consultants,
                false,
                P::Questions,
            ),
            ("round-phase-tuning-4", 10, S::Everyone, false, P::Nothing),
            ("round-phase-tuning-5", 2, S::Everyone, false, P::Nothing),
            ("round-phase-tuning-6", 12, S::Consultants, true, P::Ideas),
            ("round-phase-tuning-7", 5, S::CaseGiver, false, P::Takeaways),
            ("round-phase-tuning-8", 4, S::Everyone, false, P::Nothing),
        ],
    },
];

/// Every catalogue key the built-ins name (their own test checks them).
#[cfg(test)]
fn built_in_keys() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().flat_map(|b| {
        std::iter::once(b.name)
            .chain(std::iter::once(b.key_description()))
            .chain(b.phases.iter().map(|p| p.0))
    })
}

#[cfg(test)]
impl Builtin {
    fn key_description(&self) -> &'static str {
        DESCRIPTIONS
            .iter()
            .find(|(key, _)| *key == self.key)
            .map_or("", |(_, text)| *text)
    }
}

/// One line on what each built-in is for.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("troika", "round-about-troika"),
    ("wise-crowds", "round-about-wise-crowds"),
    ("collegial", "round-about-collegial"),
    ("action-learning", "round-about-action-learning"),
    ("incident", "round-about-incident"),
    ("consultancy", "round-about-consultancy"),
    ("tuning", "round-about-tuning"),
];

/// The catalogue key of a built-in's one-line description.
pub fn description_key(key: &str) -> Option<&'static str> {
    DESCRIPTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_follow_the_published_shapes() {
        let troika = Protocol::built_in("troika").unwrap();
        assert_eq!((troika.min, troika.max, troika.rotate), (3, 4, true));
        assert_eq!(
            troika.phases.iter().map(|p| p.minutes).collect::<Vec<_>>(),
            [1, 2, 2, 5, 2]
        );
        assert!(troika.phases[3].listening);
        let wise = Protocol::built_in("wise-crowds").unwrap();
        assert_eq!(wise.minutes(), 15);
        let collegial = Protocol::built_in("collegial").unwrap();
        assert!(collegial.moderator && collegial.note_taker);
        assert_eq!((collegial.min, collegial.max), (5, 9));
        assert_eq!(Protocol::built_ins().len(), 7);
        for protocol in Protocol::built_ins() {
            assert!(protocol.min >= 2 && protocol.min <= protocol.max);
            assert!(!protocol.phases.is_empty() && protocol.phases.len() <= MAX_PHASES);
            assert!(
                protocol.moderator
                    || protocol
                        .phases
                        .iter()
                        .all(|p| p.speakers != Speakers::Moderator),
                "{}",
                protocol.key
            );
        }
    }

    #[test]
    fn every_built_in_name_exists_in_every_language() {
        let i18n = I18n::load();
        for locale in [Locale::En, Locale::Fr, Locale::Nl] {
            for key in built_in_keys() {
                assert!(i18n.has(locale, key), "{locale:?} lacks {key}");
            }
        }
    }

    #[test]
    fn a_definition_reads_in_three_languages() {
        let en = parse_definition(
            "clinic",
            "Clinic",
            "size 3-6, moderator; Present 5 case-giver; Questions 5m consultants questions; \
             Advice 10 consultants listening ideas; Closing 3 case-giver takeaways",
        )
        .unwrap();
        assert_eq!((en.min, en.max, en.moderator), (3, 6, true));
        assert_eq!(en.phases.len(), 4);
        assert_eq!(en.phases[2].speakers, Speakers::Consultants);
        assert!(en.phases[2].listening);
        assert_eq!(en.phases[2].produces, Produces::Ideas);
        let fr = parse_definition(
            "c",
            "C",
            "taille 4-5; Exposé 5 demandeur; Conseils 10 conseillers écoute idées",
        )
        .unwrap();
        assert_eq!((fr.min, fr.max), (4, 5));
        assert!(fr.phases[1].listening);
        let nl = parse_definition(
            "c",
            "C",
            "Casus 5 inbrenger; Advies 10 adviseurs luistert ideeën",
        )
        .unwrap();
        assert_eq!((nl.min, nl.max), (2, 8), "the default size");
        assert_eq!(nl.phases[1].produces, Produces::Ideas);
    }

    #[test]
    fn a_bad_definition_points_at_the_phase() {
        let phase = |text: &str| match parse_definition("x", "X", text) {
            Err(DefinitionError::Phase { index, problem, .. }) => (index, problem),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(
            phase("Present 5 case-giver; Advice ten consultants"),
            (2, PhaseProblem::NoMinutes)
        );
        assert_eq!(
            phase("Present 5 case-giver; Advice 0 consultants"),
            (
                2,
                PhaseProblem::BadMinutes {
                    got: "0".to_owned()
                }
            )
        );
        assert_eq!(
            phase("Present 500 case-giver"),
            (
                1,
                PhaseProblem::BadMinutes {
                    got: "500".to_owned()
                }
            )
        );
        assert_eq!(phase("Present 5"), (1, PhaseProblem::NoSpeakers));
        assert_eq!(
            phase("Present 5 case-giver; Q 3 consultants loudly"),
            (
                2,
                PhaseProblem::UnknownWord {
                    got: "loudly".to_owned()
                }
            )
        );
        assert_eq!(phase("5 case-giver"), (1, PhaseProblem::NoName));
        // A first phase whose name starts like a setting is still a phase.
        let round_table =
            parse_definition("x", "X", "Tour de table 5 tous; Idées 10 conseillers idées").unwrap();
        assert!(!round_table.rotate);
        assert_eq!(round_table.phases.len(), 2);
        assert_eq!(
            parse_definition("x", "X", "size 3-6, rotate twice; A 5 everyone"),
            Err(DefinitionError::UnknownSetting {
                got: "rotate twice".to_owned()
            })
        );
        assert_eq!(
            parse_definition("x", "X", "size 1-30; A 5 everyone"),
            Err(DefinitionError::BadSize {
                got: "1-30".to_owned()
            })
        );
        assert_eq!(
            parse_definition("x", "X", " ; "),
            Err(DefinitionError::NoPhases)
        );
        assert_eq!(
            parse_definition("x", "X", "A 5 moderator"),
            Err(DefinitionError::NeedsModerator)
        );
        let many = vec!["A 1 everyone"; MAX_PHASES + 1].join("; ");
        assert!(matches!(
            parse_definition("x", "X", &many),
            Err(DefinitionError::TooManyPhases { .. })
        ));
    }

    #[test]
    fn a_built_in_copies_into_a_definition_that_reads_back() {
        let i18n = I18n::load();
        for (protocol, locale) in Protocol::built_ins()
            .into_iter()
            .flat_map(|p| Locale::ALL.into_iter().map(move |l| (p.clone(), l)))
        {
            let text = protocol.definition(&i18n, locale);
            let copy = parse_definition(&protocol.key, "Copie", &text)
                .unwrap_or_else(|e| panic!("{}: {text}: {e:?}", protocol.key));
            assert_eq!(
                (
                    copy.min,
                    copy.max,
                    copy.moderator,
                    copy.note_taker,
                    copy.rotate
                ),
                (
                    protocol.min,
                    protocol.max,
                    protocol.moderator,
                    protocol.note_taker,
                    protocol.rotate
                ),
                "{text}"
            );
            for (a, b) in copy.phases.iter().zip(&protocol.phases) {
                assert_eq!(
                    (a.minutes, a.speakers, a.listening, a.produces),
                    (b.minutes, b.speakers, b.listening, b.produces),
                    "{text}"
                );
            }
        }
    }
}
