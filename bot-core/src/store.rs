//! The repository layer: one API over SQLite (the embedded default) and
//! PostgreSQL.
//!
//! Why an enum plus a dispatch macro rather than `sqlx::Any` or a generic
//! `Repo<DB>`: `Any` cannot decode several native types and slows large
//! reads, and a generic repository needs a wall of higher-ranked trait bounds
//! on every impl. The `with_pool!` macro stamps the same query code once per backend
//! (`write_tx!` likewise, and commits),
//! so every query is written once, is checked against both by the contract
//! suite, and the few dialect differences are explicit `match`es.
//!
//! Instants are stored as epoch milliseconds (`BIGINT`), identical on both.

mod inbox;
mod jobs;
mod members;
mod platform;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use crate::checkins::store::{DEFAULT_NUDGE_DAYS, GoalRow, GoalState, Recipient};
pub use crate::circles::store::{
    AddMemberOutcome, CircleMemberRow, CircleRow, NewCircle, RemoveMemberOutcome,
};
pub use crate::polls::store::{NewPoll, PollRow, Tally, VoteOutcome};
pub use crate::reminders::store::{NewReminder, RecipientKind, ReminderRow, ReminderState};
pub use crate::rounds::store::{
    ClockChange, NewRound, PersonRole, RoundEvent, RoundMode, RoundPerson, RoundRow, RoundState,
};
pub use inbox::{InboxRow, InboxState};
pub use jobs::{JobKind, JobOutcome, JobRow, Release, UnknownJobKind};
pub use members::{CommunityRow, MemberContext, MemberRow};
pub use platform::SentMessage;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A value kept as JSON (a received input, its answer) could not be encoded.
    #[error("could not encode a stored value")]
    Encoding(#[source] serde_json::Error),
    /// A pulse answer could not be sealed (no randomness for its nonce).
    #[error("could not seal an answer")]
    Sealing,
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL (expected postgres://…, sqlite:… or a file path)")]
    UnsupportedUrl,
    #[error("could not create the database directory {path}")]
    Directory {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool to one of the supported databases. Cloning is cheap.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of either backend:
/// `with_pool!(self, |pool| { … })`. (Written like a closure so that
/// `cargo fmt` formats the body; it is not one: `?` and `return` act on the
/// enclosing function.)
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => $body,
            $crate::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Runs `$body` in a write transaction on either backend and commits it:
/// `write_tx!(self, |tx| { …; Ok(value) })` is `Ok(value)` once committed.
/// The body never commits itself (a forgotten commit cannot happen); an
/// early `return` or `?` rolls back (the transaction is dropped). SQLite
/// takes the write lock up front (`BEGIN IMMEDIATE`) so concurrent writers
/// wait on the busy timeout instead of failing on a lock upgrade.
macro_rules! write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(pool) => {
                #[allow(unused_mut)]
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let value: Result<_, $crate::store::StoreError> = $body;
                let value = value?;
                $tx.commit().await?;
                Ok::<_, $crate::store::StoreError>(value)
            }
            $crate::store::Store::Postgres(pool) => {
                #[allow(unused_mut)]
                let mut $tx = pool.begin().await?;
                let value: Result<_, $crate::store::StoreError> = $body;
                let value = value?;
                $tx.commit().await?;
                Ok::<_, $crate::store::StoreError>(value)
            }
        }
    };
}
pub(crate) use write_tx;

/// A value read from the database that this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stored value {0:?}")]
pub struct UnknownValue(pub String);

/// A closed set of values stored as text (a state, a kind): `as_str` for
/// binding, `TryFrom<String>` for rows (`#[sqlx(try_from = "String")]`).
/// Code outside the store compares these, never strings.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::store::UnknownValue;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                match raw.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::store::UnknownValue(raw)),
                }
            }
        }
    };
}
pub(crate) use stored_enum;

/// Options for opening a store.
/// `SELECT columns FROM (inner)` as one row holding a JSON array of arrays
/// (each dialect's JSON aggregate), for reads of many rows: sqlx's SQLite
/// driver hands every result row across threads on its own, which for tens
/// of thousands of rows costs more than the query. Read it back with
/// [`parse_json`].
pub(crate) fn json_rows(store: &Store, columns: &str, inner: &str) -> String {
    match store {
        Store::Sqlite(_) => format!(
            "SELECT COALESCE(json_group_array(json_array({columns})), '[]') FROM ({inner}) t"
        ),
        Store::Postgres(_) => format!(
            "SELECT COALESCE(json_agg(json_build_array({columns})), '[]')::text FROM ({inner}) t"
        ),
    }
}

/// A JSON value a query built, as a decode error when it does not fit.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

/// How much of an SQLite file reads may map (256 MiB): address space, not
/// memory; the pages stay the OS cache's.
const MMAP_BYTES: u64 = 256 * 1024 * 1024;

/// The WAL size (pages) at which a commit checkpoints by itself: far above
/// what the background checkpoints let it reach.
const AUTOCHECKPOINT_PAGES: u32 = 10_000;
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// WAL checkpoints off the command path. With SQLite's own automatic
/// checkpoint, the commit that takes the WAL past 1 000 pages copies it into
/// the database file and syncs it, tens of milliseconds that land on
/// whichever command wrote then. Here a PASSIVE checkpoint (it waits for no
/// reader or writer) runs every quarter second on its own task, until the
/// pool is closed.
fn checkpoint_in_background(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    break;
                }
                tracing::debug!(%error, "background checkpoint");
            }
        }
    });
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Pool size; `None` picks the backend's default: 8 for PostgreSQL, 2
    /// for SQLite. SQLite has one writer, and two connections already let a
    /// read run beside a write; more only spread the per-connection page and
    /// statement caches thin (sequential commands measured 0.46× the raw
    /// insert rate with 8 connections, 0.53× with 4, 0.6× with 2).
    pub max_connections: Option<u32>,
    pub busy_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: None,
            busy_timeout: Duration::from_secs(5),
        }
    }
}

impl Store {
    /// Connects to `url` and applies pending migrations.
    ///
    /// `postgres://` and `postgresql://` select PostgreSQL; `sqlite:` URLs and
    /// plain paths select an SQLite file (created if missing, WAL, foreign
    /// keys on, busy timeout).
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let connect = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections.unwrap_or(8))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(connect)
                .await?;
            Store::Postgres(pool)
        } else {
            let connect = sqlite_options(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(options.busy_timeout)
                // Reads map the file instead of copying each page out of
                // the OS cache (a tenth of `stats` over a million check-ins
                // went to those copies); writes still go through the WAL.
                .pragma("mmap_size", MMAP_BYTES.to_string())
                // Checkpoints run in the background (`checkpoint_in_background`);
                // this is only the backstop.
                .pragma("wal_autocheckpoint", AUTOCHECKPOINT_PAGES.to_string());
            if let Some(parent) = connect.get_filename().parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::Directory {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(options.max_connections.unwrap_or(2))
                .connect_with(connect)
                .await?;
            checkpoint_in_background(pool.clone());
            Store::Sqlite(pool)
        };
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Store::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite(_) => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await);
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }
}

fn sqlite_options(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(SqliteConnectOptions::from_str(url)?)
    } else if url.contains("://") {
        Err(StoreError::UnsupportedUrl)
    } else {
        Ok(SqliteConnectOptions::new().filename(url))
    }
}

pub fn to_millis(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

pub fn from_millis(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `postgres://u@h:5432/x?opt` with its database replaced by `name`.
pub fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|i| start + i))
        .unwrap_or(base.len());
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[cfg(test)]
mod database_name_tests {
    use super::with_database_name;

    #[test]
    fn replaces_only_the_database_name() {
        assert_eq!(
            with_database_name("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database_name("postgres://u:p@h/db?sslmode=disable", "y"),
            "postgres://u:p@h/y?sslmode=disable"
        );
        assert_eq!(with_database_name("postgres://h", "z"), "postgres://h/z");
    }
}
