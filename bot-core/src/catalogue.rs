//! The one command catalogue, declared as data.
//!
//! Discord slash commands, the text parser (Matrix, console) and `help` are
//! all generated from [`CATALOGUE`]. Adding a command means adding a
//! [`CommandSpec`] here, its strings to its capability's `.ftl` file in the three languages, and its
//! handler in `engine/`.
//!
//! Localization keys are derived from the data: `seg-<segment>` names a path
//! segment, `cmd-<path>` describes a command or group, `opt-<option>` names an
//! option and `optdesc-<option>` describes it, `choice-<option>-<value>`
//! names a choice.

use crate::i18n::{I18n, Locale};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandId {
    Help,
    CircleCreate,
    CircleJoin,
    CircleLeave,
    CircleList,
    CircleInfo,
    CircleAdd,
    CircleRemove,
    CircleHost,
    CircleArchive,
    SettingsShow,
    SettingsTimezone,
    SettingsLanguage,
    SettingsCommunityLanguage,
    SettingsCommunityTimezone,
    RemindMe,
    RemindHere,
    RemindCircle,
    RemindMember,
    RemindList,
    RemindCancel,
    RemindSnooze,
    RemindPause,
    RemindResume,
    Checkin,
    GoalSet,
    GoalList,
    GoalDone,
    CircleNudge,
    CircleThread,
    SettingsAway,
    SettingsBack,
    SettingsQuietHours,
    SettingsAvailability,
    SettingsPauseMatching,
    PollCreate,
    PollVote,
    PollClose,
    PollResults,
    PollList,
    PollExport,
    RoundProtocols,
    RoundProtocolShow,
    RoundProtocolAdd,
    RoundStart,
    RoundJoin,
    RoundLeave,
    RoundNext,
    RoundSkip,
    RoundPause,
    RoundResume,
    RoundExtend,
    RoundCancel,
    RoundNote,
    RoundCommit,
    RoundStatus,
    RoundHistory,
    PulseCreate,
    PulseQuestionAdd,
    PulseQuestionRemove,
    PulseShow,
    PulseSchedule,
    PulseAnswer,
    PulseResults,
    PulseList,
    PulsePause,
    PulseResume,
    PulseClose,
    PulseExport,
    CircleFeedback,
    FeedbackShow,
    FeedbackMine,
    StatsShow,
    StatsExport,
}

/// Who may run a command. Checked in the core, never in an adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Permission {
    Member,
    /// A host of the circle named in the command, or a community admin.
    CircleHost,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Text {
        max_chars: usize,
    },
    Integer {
        min: i64,
        max: i64,
    },
    /// A member: a mention, a platform id, or a display name.
    User,
    Choice(&'static [&'static str]),
    /// An IANA time zone name.
    Timezone,
    Language,
    /// A time or a recurrence (`tomorrow 9am`, `every monday 18:00`); in a
    /// text line it takes the longest run of words that reads as one.
    When,
    /// A length of time (`10m`, `2 hours`).
    Duration,
    /// Every remaining word or quoted phrase (a poll's options, vote
    /// numbers). Platforms that type arguments send them separated by `;`.
    List {
        max_items: usize,
        max_chars: usize,
    },
    /// A text file that comes with the command (`Input::files`): an
    /// attachment option on Discord, a file captioned with the command (or
    /// replied to with it) on Matrix. Never typed: always `named`.
    File,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    pub required: bool,
    /// Takes every remaining positional word, so names with spaces need no quotes.
    pub rest: bool,
    /// Adapters offer completions (Discord autocomplete).
    pub autocomplete: bool,
    /// Only given by name (`by:friday`) in a text line, so that positional
    /// words go to the options after it.
    pub named: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    pub id: CommandId,
    pub path: &'static [&'static str],
    pub options: &'static [OptionSpec],
    pub permission: Permission,
}

/// Groups whose name alone runs one of their commands in a typed line:
/// `stats` and `stats Rust` are `stats show …` (Discord, which cannot
/// have both, shows `/stats show`).
const DEFAULT_COMMANDS: &[(&str, CommandId)] = &[("stats", CommandId::StatsShow)];

/// The command a group's name alone runs, if it has one.
pub fn default_command(group: &str) -> Option<&'static CommandSpec> {
    let (_, id) = DEFAULT_COMMANDS.iter().find(|(g, _)| *g == group)?;
    CATALOGUE.iter().find(|spec| spec.id == *id)
}

/// Longest text argument the parser accepts; domain types are stricter.
pub const MAX_TEXT_CHARS: usize = 2000;

const fn req(name: &'static str, kind: OptionKind) -> OptionSpec {
    OptionSpec {
        name,
        kind,
        required: true,
        rest: false,
        autocomplete: false,
        named: false,
    }
}

const fn opt(name: &'static str, kind: OptionKind) -> OptionSpec {
    OptionSpec {
        required: false,
        ..req(name, kind)
    }
}

/// The circle a command acts on; takes the rest of the line when last.
const fn circle(rest: bool) -> OptionSpec {
    OptionSpec {
        rest,
        autocomplete: true,
        ..req("circle", OptionKind::Text { max_chars: 100 })
    }
}

pub const CIRCLE_KINDS: &[&str] = &["group", "peer", "team"];
pub const CIRCLE_ROLES: &[&str] = &["mentor", "mentee", "peer", "host"];
pub const LANGUAGE_CODES: &[&str] = &["en", "fr", "nl"];
pub const ROUND_MODES: &[&str] = &["live", "async"];
pub const PULSE_TEMPLATES: &[&str] = &[
    "mentee-checkup",
    "mentor-load",
    "session-feedback",
    "mentee-progress",
    "enps",
];
pub const PULSE_PRIVACY: &[&str] = &["anonymous", "named"];
pub const PULSE_TYPES: &[&str] = &["scale", "nps", "choice", "multi", "text"];
pub const PULSE_AUDIENCES: &[&str] = &["community", "mentor", "mentee", "host", "peer"];

pub const STATS_PERIODS: &[&str] = &["30d", "90d", "term"];

/// `stats [circle] [period:…]`.
const STATS_OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        named: true,
        ..opt("period", OptionKind::Choice(STATS_PERIODS))
    },
    OptionSpec {
        required: false,
        ..circle(true)
    },
];

/// The pulse a command acts on.
const PULSE_ID: OptionSpec = OptionSpec {
    autocomplete: true,
    ..req("id", OptionKind::Text { max_chars: 20 })
};

const fn named(option: OptionSpec) -> OptionSpec {
    OptionSpec {
        named: true,
        ..option
    }
}

/// The round a command acts on, when the speaker has more than one.
const ROUND_ID: OptionSpec = opt(
    "round",
    OptionKind::Integer {
        min: 1,
        max: i64::MAX,
    },
);
const PROTOCOL: OptionSpec = OptionSpec {
    autocomplete: true,
    ..req("protocol", OptionKind::Text { max_chars: 60 })
};
const NOTE_TEXT: OptionSpec = OptionSpec {
    rest: true,
    ..req("text", OptionKind::Text { max_chars: 1000 })
};

const WHEN: OptionSpec = req("when", OptionKind::When);
const REMINDER_TEXT: OptionSpec = OptionSpec {
    rest: true,
    ..req("text", OptionKind::Text { max_chars: 1000 })
};
const REMINDER_ID: OptionSpec = OptionSpec {
    autocomplete: true,
    ..req("id", OptionKind::Text { max_chars: 20 })
};

const TIMEZONE: OptionSpec = OptionSpec {
    autocomplete: true,
    rest: true,
    ..req("zone", OptionKind::Timezone)
};

pub static CATALOGUE: &[CommandSpec] = &[
    CommandSpec {
        id: CommandId::Help,
        path: &["help"],
        options: &[OptionSpec {
            rest: true,
            ..opt("command", OptionKind::Text { max_chars: 100 })
        }],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::CircleCreate,
        path: &["circle", "create"],
        options: &[
            req("name", OptionKind::Text { max_chars: 100 }),
            opt("topic", OptionKind::Text { max_chars: 300 }),
            opt("capacity", OptionKind::Integer { min: 1, max: 500 }),
            opt("kind", OptionKind::Choice(CIRCLE_KINDS)),
        ],
        permission: Permission::Admin,
    },
    CommandSpec {
        id: CommandId::CircleJoin,
        path: &["circle", "join"],
        options: &[circle(true)],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::CircleLeave,
        path: &["circle", "leave"],
        options: &[circle(true)],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::CircleList,
        path: &["circle", "list"],
        options: &[opt("page", OptionKind::Integer { min: 1, max: 1000 })],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::CircleInfo,
        path: &["circle", "info"],
        options: &[circle(true)],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::CircleAdd,
        path: &["circle", "add"],
        options: &[
            circle(false),
            req("member", OptionKind::User),
            opt("role", OptionKind::Choice(CIRCLE_ROLES)),
        ],
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::CircleRemove,
        path: &["circle", "remove"],
        options: &[circle(false), req("member", OptionKind::User)],
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::CircleHost,
        path: &["circle", "host"],
        options: &[circle(false), req("member", OptionKind::User)],
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::CircleArchive,
        path: &["circle", "archive"],
        options: &[circle(true)],
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::SettingsShow,
        path: &["settings", "show"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsTimezone,
        path: &["settings", "timezone"],
        options: &[TIMEZONE],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsLanguage,
        path: &["settings", "language"],
        options: &[req("language", OptionKind::Language)],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsCommunityLanguage,
        path: &["settings", "community", "language"],
        options: &[req("language", OptionKind::Language)],
        permission: Permission::Admin,
    },
    CommandSpec {
        id: CommandId::SettingsCommunityTimezone,
        path: &["settings", "community", "timezone"],
        options: &[TIMEZONE],
        permission: Permission::Admin,
    },
    CommandSpec {
        id: CommandId::CircleThread,
        path: &["circle", "thread"],
        options: &[circle(true)],
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::CircleNudge,
        path: &["circle", "nudge"],
        options: &[
            circle(false),
            req("days", OptionKind::Integer { min: 1, max: 365 }),
        ],
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::SettingsAway,
        path: &["settings", "away"],
        options: &[OptionSpec {
            rest: true,
            ..req("until", OptionKind::When)
        }],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsBack,
        path: &["settings", "back"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsQuietHours,
        path: &["settings", "quiet-hours"],
        options: &[OptionSpec {
            rest: true,
            ..req("hours", OptionKind::Text { max_chars: 40 })
        }],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsAvailability,
        path: &["settings", "availability"],
        options: &[OptionSpec {
            rest: true,
            ..opt(
                "windows",
                OptionKind::Text {
                    max_chars: crate::matching::availability::MAX_INPUT,
                },
            )
        }],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::SettingsPauseMatching,
        path: &["settings", "pause-matching"],
        options: &[req("switch", OptionKind::Choice(&["on", "off"]))],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::Checkin,
        path: &["checkin"],
        options: &[
            OptionSpec {
                autocomplete: true,
                ..opt("circle", OptionKind::Text { max_chars: 100 })
            },
            OptionSpec {
                rest: true,
                ..opt("note", OptionKind::Text { max_chars: 2000 })
            },
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::GoalSet,
        path: &["goal", "set"],
        options: &[OptionSpec {
            rest: true,
            ..req("goal", OptionKind::Text { max_chars: 500 })
        }],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::GoalList,
        path: &["goal", "list"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::GoalDone,
        path: &["goal", "done"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PollCreate,
        path: &["poll", "create"],
        options: &[
            req("question", OptionKind::Text { max_chars: 300 }),
            req(
                "choices",
                OptionKind::List {
                    max_items: 23,
                    max_chars: 200,
                },
            ),
            opt("closes", OptionKind::When),
            OptionSpec {
                autocomplete: true,
                ..opt("circle", OptionKind::Text { max_chars: 100 })
            },
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PollVote,
        path: &["poll", "vote"],
        options: &[
            REMINDER_ID,
            req(
                "choices",
                OptionKind::List {
                    max_items: 20,
                    max_chars: 4,
                },
            ),
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PollClose,
        path: &["poll", "close"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PollResults,
        path: &["poll", "results"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PollList,
        path: &["poll", "list"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PollExport,
        path: &["poll", "export"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseCreate,
        path: &["pulse", "create"],
        options: &[
            named(opt("template", OptionKind::Choice(PULSE_TEMPLATES))),
            named(opt("privacy", OptionKind::Choice(PULSE_PRIVACY))),
            named(opt("k", OptionKind::Integer { min: 3, max: 100 })),
            named(opt("promoters", OptionKind::Integer { min: 1, max: 10 })),
            named(opt("passives", OptionKind::Integer { min: 1, max: 10 })),
            OptionSpec {
                rest: true,
                ..req("title", OptionKind::Text { max_chars: 120 })
            },
        ],
        // Any member drafts; who it may go to is checked when scheduled.
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseQuestionAdd,
        path: &["pulse", "question", "add"],
        options: &[
            PULSE_ID,
            req("type", OptionKind::Choice(PULSE_TYPES)),
            req("question", OptionKind::Text { max_chars: 300 }),
            opt(
                "options",
                OptionKind::List {
                    max_items: 20,
                    max_chars: 80,
                },
            ),
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseQuestionRemove,
        path: &["pulse", "question", "remove"],
        options: &[
            PULSE_ID,
            req("number", OptionKind::Integer { min: 1, max: 10 }),
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseShow,
        path: &["pulse", "show"],
        options: &[PULSE_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseSchedule,
        path: &["pulse", "schedule"],
        options: &[
            PULSE_ID,
            named(opt("to", OptionKind::Choice(PULSE_AUDIENCES))),
            named(OptionSpec {
                autocomplete: true,
                ..opt("circle", OptionKind::Text { max_chars: 100 })
            }),
            named(opt("open", OptionKind::Duration)),
            named(opt("remind", OptionKind::Text { max_chars: 20 })),
            opt("when", OptionKind::When),
        ],
        // Admins for the community or a role; a circle's hosts for it.
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseAnswer,
        path: &["pulse", "answer"],
        options: &[
            req(
                "run",
                OptionKind::Integer {
                    min: 1,
                    max: i64::MAX,
                },
            ),
            req("number", OptionKind::Integer { min: 1, max: 10 }),
            OptionSpec {
                rest: true,
                ..req("answer", OptionKind::Text { max_chars: 1000 })
            },
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseResults,
        path: &["pulse", "results"],
        options: &[
            PULSE_ID,
            opt(
                "run",
                OptionKind::Integer {
                    min: 1,
                    max: i64::MAX,
                },
            ),
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseList,
        path: &["pulse", "list"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulsePause,
        path: &["pulse", "pause"],
        options: &[PULSE_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseResume,
        path: &["pulse", "resume"],
        options: &[PULSE_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseClose,
        path: &["pulse", "close"],
        options: &[PULSE_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::PulseExport,
        path: &["pulse", "export"],
        options: &[PULSE_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::CircleFeedback,
        path: &["circle", "feedback"],
        options: &[
            circle(false),
            req("switch", OptionKind::Choice(&["on", "off"])),
        ],
        // Its hosts and admins (checked once the circle is known).
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::FeedbackShow,
        path: &["feedback", "show"],
        options: &[circle(true)],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::FeedbackMine,
        path: &["feedback", "mine"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::StatsShow,
        path: &["stats", "show"],
        options: STATS_OPTIONS,
        // Admins, and hosts for their circles (checked with the scope).
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::StatsExport,
        path: &["stats", "export"],
        options: STATS_OPTIONS,
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundProtocols,
        path: &["round", "protocols"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundProtocolShow,
        path: &["round", "protocol", "show"],
        options: &[PROTOCOL],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundProtocolAdd,
        path: &["round", "protocol", "add"],
        options: &[
            req("name", OptionKind::Text { max_chars: 60 }),
            OptionSpec {
                named: true,
                ..opt("file", OptionKind::File)
            },
            OptionSpec {
                rest: true,
                ..opt("definition", OptionKind::Text { max_chars: 2000 })
            },
        ],
        permission: Permission::Admin,
    },
    CommandSpec {
        id: CommandId::RoundStart,
        path: &["round", "start"],
        options: &[
            circle(false),
            OptionSpec {
                required: false,
                ..PROTOCOL
            },
            opt("mode", OptionKind::Choice(ROUND_MODES)),
            opt("case-giver", OptionKind::User),
            opt("at", OptionKind::When),
            opt("pace", OptionKind::Duration),
        ],
        // Hosts and admins; any member of a peer circle (checked in rounds).
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundJoin,
        path: &["round", "join"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundLeave,
        path: &["round", "leave"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundNext,
        path: &["round", "next"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundSkip,
        path: &["round", "skip"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundPause,
        path: &["round", "pause"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundResume,
        path: &["round", "resume"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundExtend,
        path: &["round", "extend"],
        options: &[req("by", OptionKind::Duration), ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundCancel,
        path: &["round", "cancel"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundNote,
        path: &["round", "note"],
        options: &[
            OptionSpec {
                named: true,
                ..ROUND_ID
            },
            NOTE_TEXT,
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundCommit,
        path: &["round", "commit"],
        options: &[
            OptionSpec {
                named: true,
                ..opt("by", OptionKind::When)
            },
            NOTE_TEXT,
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundStatus,
        path: &["round", "status"],
        options: &[ROUND_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RoundHistory,
        path: &["round", "history"],
        options: &[circle(true)],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindMe,
        path: &["remind", "me"],
        options: &[WHEN, REMINDER_TEXT],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindHere,
        path: &["remind", "here"],
        options: &[WHEN, REMINDER_TEXT],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindCircle,
        path: &["remind", "circle"],
        options: &[circle(false), WHEN, REMINDER_TEXT],
        // Hosts of that circle or admins, checked once the circle is known.
        permission: Permission::CircleHost,
    },
    CommandSpec {
        id: CommandId::RemindMember,
        path: &["remind", "member"],
        options: &[req("member", OptionKind::User), WHEN, REMINDER_TEXT],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindList,
        path: &["remind", "list"],
        options: &[],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindCancel,
        path: &["remind", "cancel"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindSnooze,
        path: &["remind", "snooze"],
        options: &[
            REMINDER_ID,
            OptionSpec {
                rest: true,
                ..req("duration", OptionKind::Duration)
            },
        ],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindPause,
        path: &["remind", "pause"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
    CommandSpec {
        id: CommandId::RemindResume,
        path: &["remind", "resume"],
        options: &[REMINDER_ID],
        permission: Permission::Member,
    },
];

impl CommandSpec {
    pub fn by_id(id: CommandId) -> &'static CommandSpec {
        CATALOGUE
            .iter()
            .find(|c| c.id == id)
            .expect("every CommandId is in the catalogue")
    }

    /// `circle create`, as typed in English.
    pub fn english_path(&self) -> String {
        self.path.join(" ")
    }

    /// The path in `locale` (`cercle créer`).
    pub fn localized_path(&self, i18n: &I18n, locale: Locale) -> String {
        self.path
            .iter()
            .map(|segment| segment_name(i18n, locale, segment))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn description(&self, i18n: &I18n, locale: Locale) -> String {
        group_description(i18n, locale, self.path)
    }

    /// `circle create <name> [topic] [capacity] [kind]`, localized.
    pub fn usage(&self, i18n: &I18n, locale: Locale) -> String {
        let mut out = self.localized_path(i18n, locale);
        for option in self.options {
            let name = option_name(i18n, locale, option.name);
            if option.required {
                out.push_str(&format!(" <{name}>"));
            } else {
                out.push_str(&format!(" [{name}]"));
            }
        }
        out
    }

    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }
}

fn lookup(i18n: &I18n, locale: Locale, key: &str) -> Option<String> {
    i18n.lookup(locale, key)
}

/// A path segment's name in `locale`; the English segment when untranslated.
pub fn segment_name(i18n: &I18n, locale: Locale, segment: &str) -> String {
    lookup(i18n, locale, &format!("seg-{segment}")).unwrap_or_else(|| segment.to_owned())
}

/// The description of a command or command group, by its English path.
pub fn group_description(i18n: &I18n, locale: Locale, path: &[&str]) -> String {
    let key = format!("cmd-{}", path.join("-"));
    lookup(i18n, locale, &key).unwrap_or(key)
}

pub fn option_name(i18n: &I18n, locale: Locale, option: &str) -> String {
    lookup(i18n, locale, &format!("opt-{option}")).unwrap_or_else(|| option.to_owned())
}

pub fn option_description(i18n: &I18n, locale: Locale, option: &str) -> String {
    let key = format!("optdesc-{option}");
    lookup(i18n, locale, &key).unwrap_or(key)
}

pub fn choice_name(i18n: &I18n, locale: Locale, option: &str, value: &str) -> String {
    lookup(i18n, locale, &format!("choice-{option}-{value}")).unwrap_or_else(|| value.to_owned())
}

/// Every group path (`circle`, `settings community`) that has subcommands.
pub fn groups() -> Vec<&'static [&'static str]> {
    let mut out: Vec<&'static [&'static str]> = Vec::new();
    for spec in CATALOGUE {
        for len in 1..spec.path.len() {
            let prefix = &spec.path[..len];
            if !out.contains(&prefix) {
                out.push(prefix);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn is_discord_name(name: &str) -> bool {
        let count = name.chars().count();
        (1..=32).contains(&count)
            && name
                .chars()
                .all(|c| c == '-' || c == '_' || c.is_alphanumeric())
            && name.to_lowercase() == name
    }

    #[test]
    fn paths_and_ids_are_unique_and_groups_are_not_commands() {
        let mut paths = HashSet::new();
        let mut ids = HashSet::new();
        for spec in CATALOGUE {
            assert!(paths.insert(spec.path), "duplicate path {:?}", spec.path);
            assert!(ids.insert(spec.id), "duplicate id {:?}", spec.id);
        }
        for group in groups() {
            assert!(
                !paths.contains(group),
                "{group:?} is both a command and a group"
            );
        }
    }

    #[test]
    fn options_are_well_formed() {
        for spec in CATALOGUE {
            let mut seen_optional = false;
            for (i, option) in spec.options.iter().enumerate() {
                assert!(
                    !(seen_optional && option.required),
                    "{:?}: required option after an optional one",
                    spec.path
                );
                seen_optional |= !option.required && !option.named;
                if option.rest {
                    assert_eq!(i, spec.options.len() - 1, "{:?}: rest not last", spec.path);
                }
            }
        }
    }

    #[test]
    fn every_name_is_localized_and_valid_as_a_discord_name() {
        let i18n = I18n::load();
        for locale in Locale::ALL {
            for spec in CATALOGUE {
                for segment in spec.path {
                    let key = format!("seg-{segment}");
                    assert!(i18n.has(locale, &key), "{locale}: missing {key}");
                    assert!(is_discord_name(&segment_name(&i18n, locale, segment)));
                }
                let key = format!("cmd-{}", spec.path.join("-"));
                assert!(i18n.has(locale, &key), "{locale}: missing {key}");
                for option in spec.options {
                    for key in [
                        format!("opt-{}", option.name),
                        format!("optdesc-{}", option.name),
                    ] {
                        assert!(i18n.has(locale, &key), "{locale}: missing {key}");
                    }
                    assert!(is_discord_name(&option_name(&i18n, locale, option.name)));
                    if let OptionKind::Choice(values) = option.kind {
                        for value in values {
                            let key = format!("choice-{}-{value}", option.name);
                            assert!(i18n.has(locale, &key), "{locale}: missing {key}");
                        }
                    }
                }
            }
            for group in groups() {
                let key = format!("cmd-{}", group.join("-"));
                assert!(i18n.has(locale, &key), "{locale}: missing {key}");
            }
        }
    }

    #[test]
    fn localized_segment_names_do_not_collide() {
        // The parser accepts a segment in any language, so the union of all
        // languages must stay unambiguous at every depth.
        let i18n = I18n::load();
        let mut meaning = std::collections::HashMap::new();
        for locale in Locale::ALL {
            for spec in CATALOGUE {
                for depth in 0..spec.path.len() {
                    let parent = spec.path[..depth].to_vec();
                    let word = segment_name(&i18n, locale, spec.path[depth]);
                    let english = spec.path[depth];
                    if let Some(previous) = meaning.insert((parent.clone(), word.clone()), english)
                    {
                        assert_eq!(
                            previous, english,
                            "{locale}: {word:?} under {parent:?} means {previous} and {english}"
                        );
                    }
                }
            }
        }
    }
}
