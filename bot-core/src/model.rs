//! The platform-neutral conversation model: what adapters hand to the engine
//! ([`Input`]) and what the engine hands back ([`Outgoing`]). Both serialize
//! (JSON), so a received input and its answer can be kept until delivered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::i18n::Locale;

/// Who is speaking. Adapters fill this from the platform event; the core
/// trusts `is_admin` because only the platform knows server permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Platform user id (Discord snowflake, Matrix user id, console name).
    pub user_id: String,
    pub display_name: String,
    /// The locale the platform reports for this person, if any.
    pub platform_locale: Option<Locale>,
    /// A time zone hint from the platform, if it has one (the console does).
    pub platform_timezone: Option<String>,
    /// Community admin (Discord: Manage Server or a configured role; Matrix:
    /// power level ≥ 50).
    pub is_admin: bool,
}

/// Where something happened or should go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Community id, platform-qualified (`discord:123`, `matrix:!room`, `console:local`).
    pub community_id: String,
    pub channel_id: String,
    pub thread_id: Option<String>,
}

/// A person the platform has already resolved (a Discord user option, a
/// Matrix mention), so the core can refer to people who have never spoken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub user_id: String,
    pub display_name: String,
}

/// An argument value already typed by the platform (Discord slash options).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArgValue {
    Text(String),
    Integer(i64),
}

/// What the person did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputKind {
    /// Raw chat text; the core decides whether it is a command (prefix) and parses it.
    Text(String),
    /// A command the platform already parsed (a slash command).
    Command {
        path: Vec<String>,
        args: BTreeMap<String, ArgValue>,
    },
    /// A button press or select choice, carrying the action id it was built with.
    Action { action: String, values: Vec<String> },
    /// A message that is no command, said in a thread the core named
    /// (`Target::NamedThread`'s `key`, which the adapter looked up from
    /// the platform's thread id): a round's thread counts who speaks. `text`
    /// is what was said where the bot may read it (Discord without the
    /// Message Content intent gives only the author).
    ThreadPost {
        thread_key: String,
        text: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    pub actor: Actor,
    pub place: Place,
    pub kind: InputKind,
    /// People resolved by the platform, referenced by user arguments.
    pub mentions: Vec<Person>,
    /// True when the transport needs no command prefix (console, DMs).
    pub prefix_optional: bool,
    /// Files that came with the command (a Discord attachment option, a
    /// Matrix file captioned with the command or replied to with it).
    #[serde(default)]
    pub files: Vec<InboundFile>,
}

/// The largest file a command reads (a protocol definition): adapters do
/// not fetch a larger one.
pub const MAX_INBOUND_FILE_BYTES: u64 = 16 * 1024;

/// A file someone gave with a command, as the adapter fetched it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundFile {
    pub name: String,
    /// Its size in bytes, as the platform states it.
    pub size: u64,
    /// Its text: `None` when it is larger than [`MAX_INBOUND_FILE_BYTES`],
    /// not UTF-8 text, or could not be fetched.
    pub text: Option<String>,
}

impl InboundFile {
    /// A file of `size` bytes named `name`, from what was fetched of it
    /// (`None`: not fetched).
    pub fn read(name: &str, size: u64, bytes: Option<Vec<u8>>) -> Self {
        let text = bytes
            .filter(|b| size <= MAX_INBOUND_FILE_BYTES && b.len() as u64 <= MAX_INBOUND_FILE_BYTES)
            .and_then(|b| String::from_utf8(b).ok())
            .map(|t| t.trim_start_matches('\u{feff}').to_owned())
            .filter(|t| !t.contains('\0'));
        Self {
            name: name.to_owned(),
            size,
            text,
        }
    }
}

/// Where an outgoing message goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// An answer to the input that caused it (interaction reply, same room).
    Reply,
    Channel {
        community_id: String,
        channel_id: String,
    },
    Thread {
        community_id: String,
        channel_id: String,
        thread_id: String,
    },
    /// A thread the core names by a stable `key` (a circle's discussion):
    /// the adapter creates it under `channel_id` on first use, titled
    /// `title`, and reuses it after (also after a restart).
    NamedThread {
        community_id: String,
        channel_id: String,
        key: String,
        title: String,
    },
    Direct {
        community_id: String,
        user_id: String,
        /// Where to mention the person instead when their direct messages
        /// are closed (a circle's place for a nudge).
        fallback_channel: Option<String>,
    },
    /// An answer to an input, sent later (by the scheduler, after the
    /// process that took the input died): as an answer where the platform
    /// still allows it, from what the adapter recorded about the input
    /// (`origin`: a Discord interaction's token while it is valid, a Matrix
    /// event to reply to), else `instead` (where the input was said, or
    /// the person's direct messages for a private answer; `ephemeral` and
    /// `prompt` do not apply there).
    Answer {
        origin: String,
        instead: Box<Target>,
        /// The first reply to the input: it may take the place of what the
        /// platform shows while the answer is awaited (Discord's
        /// "thinking…"); later ones never touch it.
        first: bool,
    },
}

impl Target {
    /// Where an answer to an input said at `place` by `user_id` goes when
    /// it can no longer be an answer: a private one to the person by direct
    /// message (never into the channel), any other where it was said.
    pub fn instead_of_reply(place: &Place, user_id: &str, private: bool) -> Target {
        let community_id = place.community_id.clone();
        if private {
            Target::Direct {
                community_id,
                user_id: user_id.to_owned(),
                fallback_channel: None,
            }
        } else if let Some(thread_id) = &place.thread_id {
            Target::Thread {
                community_id,
                channel_id: place.channel_id.clone(),
                thread_id: thread_id.clone(),
            }
        } else {
            Target::Channel {
                community_id,
                channel_id: place.channel_id.clone(),
            }
        }
    }

    /// The community a target is in (none for a live reply).
    pub fn community_id(&self) -> Option<&str> {
        match self {
            Target::Reply => None,
            Target::Channel { community_id, .. }
            | Target::Thread { community_id, .. }
            | Target::NamedThread { community_id, .. }
            | Target::Direct { community_id, .. } => Some(community_id),
            Target::Answer { instead, .. } => instead.community_id(),
        }
    }
}

/// A button or select. Its `action` is a stable, decodable id, so it still
/// works after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Component {
    Button {
        action: Action,
        label: String,
        style: ButtonStyle,
    },
    Select {
        action: Action,
        placeholder: String,
        options: Vec<SelectOption>,
        min_values: u8,
        max_values: u8,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Danger,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
}

/// A PNG image with its text alternative (never an image without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub png: Vec<u8>,
    pub alt: String,
    pub file_name: String,
}

/// A poll as structured data, for platforms with native polls (Matrix
/// `m.poll.start`): the same poll the text and buttons show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollView {
    pub poll_id: i64,
    pub question: String,
    /// Each option's vote action and label, in order.
    pub options: Vec<(Action, String)>,
    pub multi: bool,
    pub closed: bool,
    /// Votes per option, in order, when results may be shown.
    pub counts: Option<Vec<i64>>,
    /// Nobody may learn who chose what (anonymous), or the counts are
    /// hidden until it closes. Where an answer in the poll's place would be a
    /// public event (a Matrix room), adapters show the question and offer
    /// `ballot` instead of the options.
    pub private: bool,
    /// The private ballot: asks for the poll by direct message.
    pub ballot: Option<(Action, String)>,
    /// This view is someone's private ballot (sent to them alone); its
    /// options are [`Action::BallotVote`]s.
    pub is_ballot: bool,
    /// For a multiple-choice poll, the action that sets the whole selection
    /// at once (values: option numbers): [`Action::PollChoose`], or on a
    /// ballot [`Action::BallotChoose`].
    pub choose: Option<Action>,
}

/// A request for free text (Discord: a modal). Its answer comes back as an
/// `InputKind::Action` with `action` and the text as the only value.
/// Platforms without forms show the message's text, which says how to
/// answer with a command instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub action: Action,
    /// A short title (adapters clip it to their platform's limit).
    pub title: String,
    pub label: String,
    pub max_chars: u16,
}

/// A file to attach (a CSV export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub file_name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// A platform-neutral message. `text` uses a small markdown subset:
/// `**bold**`, `*italic*`, `` `code` ``, and `- ` list lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Message {
    pub text: String,
    pub fields: Vec<(String, String)>,
    pub components: Vec<Component>,
    pub image: Option<Image>,
    pub file: Option<Attachment>,
    pub poll: Option<PollView>,
    /// Asks the reader for free text.
    pub prompt: Option<Prompt>,
    /// Shown only to the person it answers (ephemeral on Discord, a DM on Matrix).
    pub ephemeral: bool,
    /// The zones of the people it is for (IANA names), where they differ
    /// from the zone its times are written in: a platform that cannot show
    /// a time in each reader's own zone (Matrix) shows it in these too
    /// (`timezone::also_in`); Discord's timestamps need none.
    #[serde(default)]
    pub reader_zones: Vec<String>,
}

impl Message {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    pub fn private(mut self) -> Self {
        self.ephemeral = true;
        self
    }

    pub fn with_component(mut self, component: Component) -> Self {
        self.components.push(component);
        self
    }

    pub fn for_zones(mut self, zones: Vec<String>) -> Self {
        self.reader_zones = zones;
        self
    }

    pub fn with_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub target: Target,
    pub message: Message,
    /// Per-occurrence key the adapter passes to the platform to dedupe sends
    /// (Discord `nonce`, Matrix transaction id). Replies have none.
    pub idempotency_key: Option<String>,
    /// The idempotency key of an earlier message this one updates in place
    /// (a poll's live tally edits the poll message). Adapters keep the
    /// platform id of what they sent under its key; where a platform cannot
    /// edit, they post it as a new message.
    pub replaces: Option<String>,
}

impl Outgoing {
    /// This message as a plain one sent to `target`: no form (its text
    /// says how to answer with a command instead), and not ephemeral (a
    /// private one is private by where it goes).
    pub fn sent_to(&self, target: Target) -> Self {
        let mut plain = self.clone();
        plain.target = target;
        plain.message.prompt = None;
        plain.message.ephemeral = false;
        plain
    }

    pub fn reply(message: Message) -> Self {
        Self {
            target: Target::Reply,
            message,
            idempotency_key: None,
            replaces: None,
        }
    }
}

/// Escapes the markdown subset so user-provided text (names, topics) shows
/// literally and cannot restyle a reply.
pub fn escape_markdown(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if matches!(c, '*' | '_' | '`' | '~' | '|' | '\\' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Shortens `text` to at most `max` characters, ending with `…` when cut
/// (platform limits on names, labels and descriptions).
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

/// Renders the markdown subset as plain text (console, plain-text fallbacks).
pub fn markdown_to_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_markdown_renders_back_to_the_original_text() {
        let raw = "C++ *and* `Rust` [beta] \\o/ 1*2";
        let escaped = escape_markdown(raw);
        assert_ne!(escaped, raw);
        assert_eq!(markdown_to_plain(&escaped), raw);
        assert_eq!(markdown_to_plain("**Rust** (1/3)"), "Rust (1/3)");
    }
}
