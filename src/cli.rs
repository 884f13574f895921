//! The command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use bot_core::Locale;
use clap::{Parser, Subcommand};

use crate::bench::commands::CommandsBench;
use crate::bench::scheduler::SchedulerBench;
use crate::config::{Config, redact_url};
use crate::console::ConsoleOptions;

#[derive(Debug, Parser)]
#[command(
    name = "mentorbot",
    version,
    about = "A self-hosted bot for mentorship communities"
)]
pub struct Cli {
    /// Configuration file (default: ./mentorbot.toml if it exists).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the bot: configured platforms, HTTP /healthz and /metrics, or the
    /// local console when no platform is configured.
    Run,
    /// Apply database migrations and exit.
    Migrate,
    /// A local community in this terminal, with the real engine and database.
    Console(ConsoleArgs),
    /// Print the version.
    Version,
    /// Benchmarks that print `name: value unit` lines.
    Bench {
        #[command(subcommand)]
        which: BenchCommand,
    },
}

#[derive(Debug, clap::Args)]
struct ConsoleArgs {
    /// Database URL (overrides database.url).
    #[arg(long)]
    database_url: Option<String>,
    /// Language the console reports for every speaker (en, fr, nl).
    #[arg(long)]
    locale: Option<String>,
    /// Time zone the console reports for every speaker (IANA name).
    #[arg(long)]
    tz: Option<String>,
    /// Keep running this long after the input ends (e.g. 10s, 2m), so
    /// scheduled messages can still arrive.
    #[arg(long, value_parser = parse_duration)]
    linger: Option<Duration>,
    /// Where images such as charts are saved.
    #[arg(long, default_value = "data/images")]
    image_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Commands per second for a mix of circle commands, on SQLite and PostgreSQL.
    Commands {
        #[arg(long, default_value_t = 20_000)]
        commands: usize,
        #[arg(long, default_value_t = 20_000)]
        raw_inserts: usize,
        /// PostgreSQL server to create a scratch database on.
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
        postgres_url: String,
        /// Measure SQLite only.
        #[arg(long)]
        no_postgres: bool,
    },
    /// A million pending reminders: insert rate, fire throughput, firing
    /// lateness, peak RSS and idle CPU.
    Scheduler {
        #[arg(long, default_value_t = 1_000_000)]
        pending: i64,
        #[arg(long, default_value_t = 20_000)]
        due_now: i64,
        #[arg(long, default_value_t = 2_000)]
        due_during: i64,
        /// Seconds over which the jobs due during the run are spread.
        #[arg(long, default_value_t = 10)]
        spread: u64,
        /// Idle seconds over which CPU use is measured.
        #[arg(long, default_value_t = 10)]
        idle: u64,
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
        postgres_url: String,
        /// Measure SQLite only.
        #[arg(long)]
        no_postgres: bool,
    },
    /// Recording 100 000 votes across 1 000 polls, and one poll's results
    /// with 100 000 votes.
    Polls {
        #[arg(long, default_value_t = 1_000)]
        polls: usize,
        #[arg(long, default_value_t = 100_000)]
        votes: usize,
        #[arg(long, default_value_t = 100_000)]
        big_poll_votes: i64,
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
        postgres_url: String,
        /// Measure SQLite only.
        #[arg(long)]
        no_postgres: bool,
    },
    /// A pulse of ten questions to 10 000 members: the fan-out, 100 000
    /// answers beside the raw insert rate, and the results with all of them.
    Pulses {
        #[arg(long, default_value_t = 10_000)]
        members: usize,
        #[arg(long, default_value_t = 10)]
        questions: usize,
        #[arg(long, default_value_t = 5_000)]
        raw_inserts: usize,
        /// Check-ins (over the last year) behind the `stats` measurement.
        #[arg(long, default_value_t = 1_000_000)]
        checkins: usize,
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
        postgres_url: String,
        /// Measure SQLite only.
        #[arg(long)]
        no_postgres: bool,
    },
    /// Live rounds in flight with one-minute phases: phase-change lateness
    /// p50/p99, the `round note` rate beside the raw insert rate, peak RSS.
    Rounds {
        #[arg(long, default_value_t = 10_000)]
        rounds: usize,
        /// How long the scheduler runs them (at least two phase changes each).
        #[arg(long, default_value = "150s", value_parser = parse_duration)]
        run: Duration,
        #[arg(long, default_value_t = 5_000)]
        notes: usize,
        #[arg(long, default_value_t = 5_000)]
        raw_inserts: usize,
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
        postgres_url: String,
        /// Measure SQLite only.
        #[arg(long)]
        no_postgres: bool,
    },
    /// The matching solver on 10 000 sign-ups into circles of 4–6 (a tenth
    /// mentors), twice, the second time with the first's pairings as history.
    Matching {
        #[arg(long, default_value_t = 10_000)]
        signups: usize,
        #[arg(long, default_value_t = 4)]
        size_min: usize,
        #[arg(long, default_value_t = 6)]
        size_max: usize,
        /// Shared hours a week each circle needs.
        #[arg(long, default_value_t = 1)]
        hours: u32,
    },
    /// Reply latency through a real Synapse (median, p95) beside the raw
    /// send-then-sync round trip between two people, and their ratio.
    /// Uses MENTORBOT_TEST_SYNAPSE_URL/_SECRET, or starts one with scripts/synapse.sh.
    Matrix {
        #[arg(long, default_value_t = 100)]
        commands: usize,
        #[arg(long, default_value = "scripts/synapse.sh")]
        synapse_script: PathBuf,
    },
}

/// `10s`, `500ms`, `2m`, `1h`, or a plain number of seconds.
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{raw:?} is not a duration such as 10s, 500ms or 2m"))?;
    let duration = match unit.trim() {
        "" | "s" => Duration::from_secs(number),
        "ms" => Duration::from_millis(number),
        "m" | "min" => Duration::from_secs(number * 60),
        "h" => Duration::from_secs(number * 3600),
        "d" => Duration::from_secs(number * 86_400),
        other => {
            return Err(format!(
                "unknown duration unit {other:?} (use ms, s, m or h)"
            ));
        }
    };
    Ok(duration)
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log.filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if config.log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

pub async fn main() -> Result<()> {
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    init_logging(&config);
    match cli.command {
        Command::Run => crate::app::run(config).await,
        Command::Migrate => {
            crate::app::connect(&config.database.url, Some(1)).await?;
            println!("Migrations applied to {}", redact_url(&config.database.url));
            Ok(())
        }
        Command::Console(args) => console(config, args).await,
        Command::Version => {
            println!("mentorbot {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Command::Bench {
            which:
                BenchCommand::Commands {
                    commands,
                    raw_inserts,
                    postgres_url,
                    no_postgres,
                },
        } => {
            crate::bench::commands::run(&CommandsBench {
                commands,
                raw_inserts,
                postgres_url: (!no_postgres).then_some(postgres_url),
            })
            .await
        }
        Command::Bench {
            which:
                BenchCommand::Matrix {
                    commands,
                    synapse_script,
                },
        } => {
            anyhow::ensure!(commands > 0, "--commands must be at least 1");
            bench_matrix(commands, synapse_script).await
        }
        Command::Bench {
            which:
                BenchCommand::Rounds {
                    rounds,
                    run,
                    notes,
                    raw_inserts,
                    postgres_url,
                    no_postgres,
                },
        } => {
            anyhow::ensure!(rounds > 0, "--rounds must be at least 1");
            anyhow::ensure!(raw_inserts > 0, "--raw-inserts must be at least 1");
            crate::bench::rounds::run(&crate::bench::rounds::RoundsBench {
                rounds,
                run,
                notes,
                raw_inserts,
                postgres_url: (!no_postgres).then_some(postgres_url),
            })
            .await
        }
        Command::Bench {
            which:
                BenchCommand::Polls {
                    polls,
                    votes,
                    big_poll_votes,
                    postgres_url,
                    no_postgres,
                },
        } => {
            crate::bench::polls::run(&crate::bench::polls::PollsBench {
                polls,
                votes,
                big_poll_votes,
                postgres_url: (!no_postgres).then_some(postgres_url),
            })
            .await
        }
        Command::Bench {
            which:
                BenchCommand::Pulses {
                    members,
                    questions,
                    raw_inserts,
                    checkins,
                    postgres_url,
                    no_postgres,
                },
        } => {
            crate::bench::pulses::run(&crate::bench::pulses::PulsesBench {
                members,
                questions: questions.clamp(1, 10),
                raw_inserts,
                checkins,
                postgres_url: (!no_postgres).then_some(postgres_url),
            })
            .await
        }
        Command::Bench {
            which:
                BenchCommand::Matching {
                    signups,
                    size_min,
                    size_max,
                    hours,
                },
        } => crate::bench::matching::run(&crate::bench::matching::MatchingBench {
            signups,
            size_min,
            size_max,
            hours,
        }),
        Command::Bench {
            which:
                BenchCommand::Scheduler {
                    pending,
                    due_now,
                    due_during,
                    spread,
                    idle,
                    postgres_url,
                    no_postgres,
                },
        } => {
            crate::bench::scheduler::run(&SchedulerBench {
                pending,
                due_now,
                due_during,
                spread: Duration::from_secs(spread),
                idle: Duration::from_secs(idle),
                postgres_url: (!no_postgres).then_some(postgres_url),
            })
            .await
        }
    }
}

async fn console(config: Config, args: ConsoleArgs) -> Result<()> {
    let locale = match args.locale.as_deref() {
        Some(raw) => Some(
            Locale::parse(raw).with_context(|| format!("--locale {raw:?}: use en, fr or nl"))?,
        ),
        None => None,
    };
    let timezone = match args.tz.as_deref() {
        Some(raw) => match bot_core::timezone::parse(raw) {
            Ok(tz) => Some(tz.name().to_owned()),
            Err(Some(suggestion)) => {
                bail!("--tz {raw:?} is not a time zone; did you mean {suggestion}?")
            }
            Err(None) => bail!("--tz {raw:?} is not an IANA time zone such as Europe/Paris"),
        },
        None => None,
    };
    let engine = crate::app::build(&config, args.database_url.as_deref()).await?;
    let options = ConsoleOptions {
        locale,
        timezone,
        linger: args.linger,
        image_dir: args.image_dir,
        interactive: std::io::stdin().is_terminal(),
    };
    crate::console::run_with_scheduler(&engine, options, config.scheduler()?).await?;
    engine.store().close().await;
    Ok(())
}

/// `bench matrix` drives a real Synapse with the test kit's peers, which the
/// shipped binary does not carry.
#[cfg(feature = "testkit")]
async fn bench_matrix(commands: usize, synapse_script: PathBuf) -> Result<()> {
    crate::bench::matrix::run(&crate::bench::matrix::MatrixBench {
        commands,
        synapse_script,
    })
    .await
}

#[cfg(not(feature = "testkit"))]
#[allow(
    clippy::unused_async,
    reason = "the same signature as with the test kit"
)]
async fn bench_matrix(_commands: usize, _synapse_script: PathBuf) -> Result<()> {
    anyhow::bail!(
        "`mentorbot bench matrix` needs the test kit, which this build leaves out: \
         run `cargo run --release --features testkit -- bench matrix`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("3d"), Ok(Duration::from_secs(3 * 86_400)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 parsecs").is_err());
    }
}
