//! mentorbot's test kit: a fresh database per test on either backend, a bot
//! with a fake clock and a way to talk to it as any member, a recording
//! delivery port, a fake Discord speaking the gateway and REST protocol
//! ([`discord`]) and a real Synapse's accounts and peers ([`synapse`]).
//!
//! The shipped binary does not depend on it: the integration tests do, and
//! `mentorbot bench matrix` when built with the `testkit` feature.

// matrix-sdk's sync future is deeply nested.
#![recursion_limit = "256"]

pub mod discord;
pub mod synapse;

use std::sync::Arc;
use std::time::Duration;

use bot_core::model::markdown_to_plain;
use bot_core::{
    Actor, Engine, EngineConfig, FakeClock, InboundFile, Input, InputKind, Locale, Outgoing,
    Person, Place, Store, StoreOptions,
};
use chrono::{TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Stamps one `#[tokio::test]` per backend for an `async fn(Db)` scenario.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Db::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Db::Postgres).await;
                }
            }
        )+
    };
}

/// The PostgreSQL server tests create their scratch databases on.
pub fn postgres_server_url() -> String {
    std::env::var("MENTORBOT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Whether this is a CI run, where a missing service is a failure, not a
/// skip. `CI=true` and `CI=1` mean the same (as in `scripts/test.sh`).
pub fn in_ci() -> bool {
    means_ci(std::env::var("CI").ok().as_deref())
}

fn means_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

#[test]
fn ci_is_true_or_1() {
    for ci in ["true", "1", "TRUE", "True"] {
        assert!(means_ci(Some(ci)), "{ci}");
    }
    for not in [None, Some(""), Some("0"), Some("false"), Some("yes")] {
        assert!(!means_ci(not), "{not:?}");
    }
}

/// `MENTORBOT_REQUIRE_<SERVICE>=1` (set by `scripts/test.sh` when it found
/// the service), or CI: the tests of that service must run.
pub fn required(service: &str) -> bool {
    in_ci() || std::env::var(format!("MENTORBOT_REQUIRE_{service}")).is_ok_and(|v| v == "1")
}

fn postgres_required() -> bool {
    required("POSTGRES")
}

/// A database that exists for one test. PostgreSQL scratch databases are
/// dropped when this goes out of scope.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb").field("url", &self.url).finish()
    }
}

impl TestDb {
    /// A fresh database, or `None` when PostgreSQL is not reachable and not
    /// required (a loud message says so; with `CI=true` or `CI=1` it is a failure).
    pub async fn create(db: Db) -> Option<Self> {
        match db {
            Db::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = dir.path().join("test.db").display().to_string();
                Some(Self {
                    url,
                    _dir: Some(dir),
                    pg_name: None,
                })
            }
            Db::Postgres => {
                let server = postgres_server_url();
                let admin = match sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect(&server)
                    .await
                {
                    Ok(pool) => pool,
                    Err(error) => {
                        assert!(
                            !postgres_required(),
                            "PostgreSQL is required (CI, or MENTORBOT_REQUIRE_POSTGRES=1) but unreachable at {server}: {error}"
                        );
                        eprintln!("SKIPPED (PostgreSQL unreachable at {server}: {error})");
                        return None;
                    }
                };
                let name = format!(
                    "mentorbot_test_{}_{}",
                    std::process::id(),
                    NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                );
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name}"
                )))
                .execute(&admin)
                .await
                .expect("drop stale test database");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&admin)
                    .await
                    .expect("create test database");
                admin.close().await;
                Some(Self {
                    url: bot_core::store::with_database_name(&server, &name),
                    _dir: None,
                    pg_name: Some(name),
                })
            }
        }
    }

    pub async fn store(&self) -> Store {
        Store::connect(&self.url, &StoreOptions::default())
            .await
            .expect("connect and migrate")
    }
}

static NEXT_DB: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        let server = postgres_server_url();
        // Drop runs inside the test's runtime: use a thread with its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                if let Ok(admin) = sqlx::PgPool::connect(&server).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&admin)
                    .await;
                    admin.close().await;
                }
            });
        })
        .join();
    }
}

pub const COMMUNITY: &str = "test:community";

/// A bot on a fresh database, with a fake clock starting 2026-11-23 10:00 UTC.
#[derive(Debug)]
pub struct Bot {
    pub engine: Engine,
    pub clock: FakeClock,
    pub db: TestDb,
}

impl Bot {
    pub async fn spawn(db: Db) -> Option<Self> {
        let db = TestDb::create(db).await?;
        let store = db.store().await;
        let clock = FakeClock::at(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap());
        let engine = Engine::new(store, Arc::new(clock.clone()), EngineConfig::default());
        Some(Self { engine, clock, db })
    }

    /// A second engine on the same database, as after a restart (or
    /// another process): the same configuration, its secret included, as
    /// the operator's configuration and secret file give it.
    pub async fn restart(&self) -> Engine {
        Engine::new(
            self.db.store().await,
            Arc::new(self.clock.clone()),
            self.engine.config().clone(),
        )
    }

    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    /// Sends `text` as `who` (a plain member) and returns the raw outgoing messages.
    pub async fn send(&self, who: &Who, kind: InputKind) -> Vec<Outgoing> {
        self.engine.handle(who.input(kind)).await
    }

    /// Sends a command line as `who` and returns every reply's plain text.
    pub async fn say(&self, who: &Who, line: &str) -> String {
        let out = self.send(who, InputKind::Text(line.to_owned())).await;
        plain(&out)
    }

    /// A snapshot of every table's rows, to prove a refusal changed nothing.
    pub async fn snapshot(&self) -> String {
        snapshot(self.store()).await
    }
}

pub fn plain(out: &[Outgoing]) -> String {
    out.iter()
        .map(|o| markdown_to_plain(&o.message.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Someone talking to the bot.
#[derive(Debug, Clone)]
pub struct Who {
    pub id: String,
    pub name: String,
    pub admin: bool,
    pub locale: Option<Locale>,
    pub mentions: Vec<Person>,
    pub prefix_optional: bool,
    /// Files that come with what they say next.
    pub files: Vec<InboundFile>,
}

impl Who {
    pub fn member(name: &str) -> Self {
        Self {
            id: format!("user:{}", name.to_lowercase()),
            name: name.to_owned(),
            admin: false,
            locale: None,
            mentions: Vec::new(),
            prefix_optional: true,
            files: Vec::new(),
        }
    }

    pub fn admin(name: &str) -> Self {
        Self {
            admin: true,
            ..Self::member(name)
        }
    }

    /// Attaches a text file named `name` to what they say next.
    pub fn with_file(mut self, name: &str, text: &str) -> Self {
        self.files.push(InboundFile::read(
            name,
            text.len() as u64,
            Some(text.as_bytes().to_vec()),
        ));
        self
    }

    pub fn with_locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }

    pub fn input(&self, kind: InputKind) -> Input {
        Input {
            actor: Actor {
                user_id: self.id.clone(),
                display_name: self.name.clone(),
                platform_locale: self.locale,
                platform_timezone: None,
                is_admin: self.admin,
            },
            place: Place {
                community_id: COMMUNITY.to_owned(),
                channel_id: "general".to_owned(),
                thread_id: None,
            },
            kind,
            mentions: self.mentions.clone(),
            prefix_optional: self.prefix_optional,
            files: self.files.clone(),
        }
    }
}

/// Every row of every table (but sqlx's own), as text: a refusal that
/// changed anything anywhere shows up as a difference.
pub async fn snapshot(store: &Store) -> String {
    let mut out = String::new();
    match store {
        Store::Sqlite(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                   AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT {row} FROM \"{table}\" ORDER BY 1"
                )))
                .fetch_all(pool)
                .await
                .unwrap();
                out.push_str(&format!("{table}: {rows:?}\n"));
            }
        }
        Store::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                   AND table_name NOT LIKE '\\_sqlx%' ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for table in tables {
                let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT t::text FROM \"{table}\" t ORDER BY 1"
                )))
                .fetch_all(pool)
                .await
                .unwrap();
                out.push_str(&format!("{table}: {rows:?}\n"));
            }
        }
    }
    out
}

/// A snapshot without the tables of people and communities, for tests where
/// a newcomer's first words record them (and nothing else may change).
pub fn without_people(snapshot: &str) -> Vec<&str> {
    snapshot
        .lines()
        .filter(|line| !line.starts_with("members:") && !line.starts_with("communities:"))
        .collect()
}

/// The tables [`snapshot`] covers, to check it covers them all.
pub async fn snapshot_tables(store: &Store) -> usize {
    snapshot(store).await.lines().count()
}

/// Returns early from a test when its database is unavailable and optional.
#[macro_export]
macro_rules! bot_or_skip {
    ($db:expr) => {
        match $crate::Bot::spawn($db).await {
            Some(bot) => bot,
            None => return,
        }
    };
}

/// A delivery port that records what it is given, drops a resend with a key
/// it has seen (as Discord and Matrix do), and can be told to fail.
/// Like the real platforms, it forgets a key after [`DEDUPE_WINDOW`] of the
/// clock it is given (Discord's nonce check spans a few minutes).
#[derive(Debug, Default)]
pub struct RecordingDelivery {
    pub sent: std::sync::Mutex<Vec<Outgoing>>,
    seen: std::sync::Mutex<std::collections::HashMap<String, chrono::DateTime<Utc>>>,
    script: std::sync::Mutex<std::collections::VecDeque<Script>>,
    clock: Option<FakeClock>,
}

/// How long the recording delivery (like Discord's nonce check) remembers a key.
pub const DEDUPE_WINDOW: chrono::Duration = chrono::Duration::minutes(5);

#[derive(Debug, Clone, Copy)]
pub enum Script {
    /// Rate-limited: nothing is sent; retry after this long.
    RetryAfter(Duration),
    /// Refused for good (an unknown channel, a blocked DM): nothing is sent.
    Reject,
    /// Delivered as usual (to place a later step).
    Deliver,
    /// The platform accepts the message but the answer is lost (a crash or
    /// a dropped connection between send and record).
    AcceptThenFail,
}

impl RecordingDelivery {
    /// One whose memory of keys lasts [`DEDUPE_WINDOW`] on `clock`.
    pub fn forgetful(clock: FakeClock) -> Self {
        Self {
            clock: Some(clock),
            ..Self::default()
        }
    }

    pub fn then(&self, step: Script) {
        self.script.lock().unwrap().push_back(step);
    }

    pub fn texts(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|o| markdown_to_plain(&o.message.text))
            .collect()
    }

    pub fn take(&self) -> Vec<Outgoing> {
        std::mem::take(&mut *self.sent.lock().unwrap())
    }
}

impl bot_core::Delivery for RecordingDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), bot_core::DeliveryError>> + Send + 'a>>
    {
        Box::pin(async move {
            let step = self.script.lock().unwrap().pop_front();
            match step {
                Some(Script::RetryAfter(after)) => {
                    return Err(bot_core::DeliveryError::RetryAfter(after));
                }
                Some(Script::Reject) => {
                    return Err(bot_core::DeliveryError::Rejected("Unknown Channel".into()));
                }
                _ => {}
            }
            let now = self.clock.as_ref().map(bot_core::Clock::now);
            let fresh = match &outgoing.idempotency_key {
                Some(key) => {
                    let mut seen = self.seen.lock().unwrap();
                    let remembered = seen.get(key).is_some_and(|at| match now {
                        Some(now) => now - *at < DEDUPE_WINDOW,
                        None => true,
                    });
                    if !remembered {
                        seen.insert(key.clone(), now.unwrap_or(chrono::DateTime::UNIX_EPOCH));
                    }
                    !remembered
                }
                None => true,
            };
            if fresh {
                self.sent.lock().unwrap().push(outgoing.clone());
            }
            match step {
                Some(Script::AcceptThenFail) => {
                    Err(bot_core::DeliveryError::RetryAfter(Duration::from_secs(5)))
                }
                _ => Ok(()),
            }
        })
    }
}

impl Bot {
    /// A scheduler for this bot's engine with a recording delivery.
    pub fn scheduler(&self, owner: &str) -> (bot_core::Scheduler, Arc<RecordingDelivery>) {
        scheduler_for(&self.engine, &self.clock, owner)
    }
}

/// A scheduler for `engine` (another process, say) with a recording delivery.
pub fn scheduler_for(
    engine: &Engine,
    clock: &FakeClock,
    owner: &str,
) -> (bot_core::Scheduler, Arc<RecordingDelivery>) {
    let delivery = Arc::new(RecordingDelivery::forgetful(clock.clone()));
    let scheduler = bot_core::Scheduler::new(
        engine.clone(),
        delivery.clone(),
        owner,
        bot_core::SchedulerConfig::default(),
    );
    (scheduler, delivery)
}
