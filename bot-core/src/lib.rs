//! mentorbot's platform-agnostic core.
//!
//! Adapters turn platform events into [`Input`]s, call [`Engine::handle`],
//! and deliver the returned [`Outgoing`] messages. Nothing here knows about
//! Discord or Matrix types. `ARCHITECTURE.md` at the repository root is the map.

pub mod action;
mod cache;
pub mod catalogue;
pub mod chart;
mod checkins;
mod circles;
pub mod clock;
pub mod domain;
pub mod engine;
pub mod i18n;
pub mod isolate;
pub mod keys;
pub mod matching;
pub mod metrics;
pub mod model;
pub mod parser;
pub mod platform;
mod polls;
mod pulses;
pub mod recurrence;
mod reminders;
mod rounds;
pub use rounds::store::MAX_ROUND_NOTES;
pub mod scheduler;
mod settings;
mod stats;
pub mod store;
pub mod suggest;
pub mod timezone;
pub mod when;

pub use action::Action;
pub use clock::{Clock, FakeClock, SystemClock};
pub use engine::{
    ANSWER_GRACE, Completion, Engine, EngineConfig, INBOX_MEMORY, Limits, PollSecret, Receipt,
    Received,
};
pub use i18n::{I18n, Locale};
pub use keys::MessageKey;
pub use model::{
    Actor, ArgValue, Attachment, ButtonStyle, Component, Image, InboundFile, Input, InputKind,
    MAX_INBOUND_FILE_BYTES, Message, Outgoing, Person, Place, PollView, Prompt, SelectOption,
    Target,
};
pub use platform::PlatformMemory;
pub use scheduler::{
    Delivery, DeliveryError, Jobs, RunReport, Scheduler, SchedulerConfig, SchedulerStatus,
};
pub use store::{Backend, Store, StoreError, StoreOptions};
