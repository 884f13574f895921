//! `mentorbot bench pulses`: a ten-question pulse sent to 10 000 members
//! (the fan-out through the scheduler: deliveries per second and the time
//! to the last one), every member answering every question through the
//! engine (100 000 answers, beside the raw insert rate of the same
//! database), and the run's results with all of them.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use bot_core::metrics::Outcome;
use bot_core::{
    Action, Actor, Clock, Delivery, DeliveryError, Engine, EngineConfig, Input, InputKind,
    Outgoing, Place, Scheduler, SchedulerConfig, Store, SystemClock,
};

#[derive(Debug, Clone)]
pub struct PulsesBench {
    pub members: usize,
    pub questions: usize,
    pub raw_inserts: usize,
    pub checkins: usize,
    pub postgres_url: Option<String>,
}

pub async fn run(options: &PulsesBench) -> Result<()> {
    super::on_each_database(options.postgres_url.as_deref(), |name, store| {
        measure(name, store, options)
    })
    .await
}

/// Counts what the scheduler hands over.
#[derive(Default)]
struct Counter(AtomicUsize);

impl Delivery for Counter {
    fn deliver<'a>(
        &'a self,
        _outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Box::pin(async { Ok(()) })
    }
}

fn input(user: usize, kind: InputKind) -> Input {
    Input {
        actor: Actor {
            user_id: format!("bench:{user}"),
            display_name: format!("member{user}"),
            platform_locale: None,
            platform_timezone: None,
            is_admin: user == 0,
        },
        place: Place {
            community_id: "bench".to_owned(),
            channel_id: "pulses".to_owned(),
            thread_id: None,
        },
        kind,
        mentions: Vec::new(),
        prefix_optional: true,
        files: Vec::new(),
    }
}

async fn say(engine: &Engine, line: &str) -> Result<()> {
    let out = engine
        .handle(input(0, InputKind::Text(line.to_owned())))
        .await;
    let refused =
        engine.metrics().count(Outcome::Refused) + engine.metrics().count(Outcome::Failed);
    anyhow::ensure!(refused == 0, "{line:?} was refused: {:?}", out.first());
    Ok(())
}

async fn measure(name: &str, store: Store, options: &PulsesBench) -> Result<()> {
    let engine = Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    say(&engine, "poll list").await?;
    let now = SystemClock.now();
    for user in 1..options.members {
        store
            .upsert_member(
                "bench",
                &format!("bench:{user}"),
                &format!("member{user}"),
                None,
                now,
            )
            .await?;
    }
    say(&engine, "pulse create Bench pulse").await?;
    for n in 0..options.questions {
        say(
            &engine,
            &format!(r#"pulse question add 1 scale "Question {n}?""#),
        )
        .await?;
    }
    say(&engine, "pulse schedule 1").await?;

    // The fan-out: the run opens, then every member's questions go.
    let counter = Arc::new(Counter::default());
    let scheduler = Scheduler::new(
        engine.clone(),
        counter.clone(),
        "bench",
        SchedulerConfig::default(),
    );
    let started = Instant::now();
    scheduler.run_due(SystemClock.now()).await?;
    let elapsed = started.elapsed();
    let sent = counter.0.load(Ordering::Relaxed);
    anyhow::ensure!(
        sent == options.members * options.questions,
        "{sent} messages for {} members",
        options.members
    );
    println!(
        "{name}_fanout_last_delivery: {:.2} s for {sent} messages to {} members",
        elapsed.as_secs_f64(),
        options.members
    );
    println!(
        "{name}_fanout_per_s: {:.0} messages/s",
        sent as f64 / elapsed.as_secs_f64()
    );

    // Every member answers every question (a button each).
    let answers = options.members * options.questions;
    let started = Instant::now();
    for user in 0..options.members {
        for position in 1..=options.questions {
            let action = Action::PulseAnswer {
                run_id: 1,
                position: u8::try_from(position)?,
                value: u8::try_from((user + position) % 5 + 1)?,
            };
            engine
                .handle(input(
                    user,
                    InputKind::Action {
                        action: action.encode(),
                        values: Vec::new(),
                    },
                ))
                .await;
        }
    }
    let elapsed = started.elapsed();
    let failed = engine.metrics().count(Outcome::Failed) + engine.metrics().count(Outcome::Refused);
    anyhow::ensure!(failed == 0, "{failed} answers were not recorded");
    let rate = answers as f64 / elapsed.as_secs_f64();
    super::commands::create_raw_table(&store).await?;
    let raw_time = super::commands::raw_inserts(&store, 0, options.raw_inserts).await?;
    let raw = options.raw_inserts as f64 / raw_time.as_secs_f64();
    println!(
        "{name}_record_answers: {:.2} s for {answers} answers",
        elapsed.as_secs_f64()
    );
    println!("{name}_answers_per_s: {rate:.0} answers/s");
    println!("{name}_raw_insert_tx_per_s: {raw:.0} tx/s");
    println!("{name}_answers_to_raw_ratio: {:.2} x", rate / raw);

    // Results: the first time this process opens every sealed answer;
    // then it keeps them while the run's revision says they are current.
    let expected = format!("{} of {} answered", options.members, options.members);
    let results = || timed(&engine, "pulse results 1", &expected);
    let first = results().await?;
    let mut times = Vec::new();
    for _ in 0..100 {
        times.push(results().await?);
    }
    println!(
        "{name}_results_{answers}_answers_first: {:.1} ms (opens every answer)",
        ms(first)
    );
    print_percentiles(&format!("{name}_results_{answers}_answers"), &mut times);
    // One more answer through this process: the answers it keeps take it
    // in place.
    engine
        .handle(input(
            1,
            InputKind::Action {
                action: Action::PulseAnswer {
                    run_id: 1,
                    position: 1,
                    value: 3,
                }
                .encode(),
                values: Vec::new(),
            },
        ))
        .await;
    println!(
        "{name}_results_{answers}_answers_after_a_change: {:.1} ms",
        ms(results().await?)
    );

    stats(name, &store, &engine, options).await?;
    store.close().await;
    Ok(())
}

/// How long the admin's command `line` takes; its reply must contain
/// `expected`.
async fn timed(engine: &Engine, line: &str, expected: &str) -> Result<Duration> {
    let started = Instant::now();
    let out = engine
        .handle(input(0, InputKind::Text(line.to_owned())))
        .await;
    let took = started.elapsed();
    let text = out
        .first()
        .map(|o| o.message.text.clone())
        .unwrap_or_default();
    anyhow::ensure!(text.contains(expected), "{line}: unexpected reply: {text}");
    Ok(took)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_percentiles(label: &str, times: &mut [Duration]) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!("{label}_p50: {:.1} ms", ms(at(0.5)));
    println!("{label}_p99: {:.1} ms", ms(at(0.99)));
}

/// `stats` for the whole community: its members in circles of five (a
/// mentor and four mentees, joined over the last year), a year of
/// check-ins, and goals, loaded in bulk; then the command, timed.
async fn stats(name: &str, store: &Store, engine: &Engine, options: &PulsesBench) -> Result<()> {
    let now = SystemClock.now().timestamp_millis();
    let day: i64 = 86_400_000;
    let members = options.members.max(5) as i64;
    let circles = members / 5;
    let checkins = options.checkins as i64;
    let goals = members * 2;
    let started = Instant::now();
    let statements = [
        format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             INSERT INTO circles (community_id, name, name_key, kind, capacity, created_by, created_at)
             SELECT 'bench', 'Circle ' || i, 'circle ' || i, 'group', 10, 'bench:0', {created}
             FROM n",
            last = circles - 1,
            created = now - 400 * day,
        ),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             INSERT INTO circle_members (circle_id, community_id, user_id, role, joined_at)
             SELECT (SELECT MIN(id) FROM circles WHERE community_id = 'bench') + i / 5, 'bench',
                    'bench:' || i, CASE WHEN i % 5 = 0 THEN 'mentor' ELSE 'mentee' END,
                    {now} - (i % 365) * {day}
             FROM n",
            last = circles * 5 - 1,
        ),
        // Check-in i: circle i % circles, by one of its five, spread over
        // the last year.
        format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             INSERT INTO checkins (community_id, circle_id, user_id, note, created_at)
             SELECT 'bench', (SELECT MIN(id) FROM circles WHERE community_id = 'bench') + i % {circles},
                    'bench:' || ((i % {circles}) * 5 + (i / {circles}) % 5), NULL,
                    {now} - i * {step}
             FROM n",
            last = checkins - 1,
            step = (365 * day) / checkins.max(1),
        ),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             INSERT INTO goals (community_id, user_id, body, state, created_at, done_at)
             SELECT 'bench', 'bench:' || (i % {members}), 'A goal',
                    CASE WHEN i % 3 = 0 THEN 'done' ELSE 'open' END,
                    {now} - (i % 200) * {day},
                    CASE WHEN i % 3 = 0 THEN {now} - (i % 100) * {day} END
             FROM n",
            last = goals - 1,
        ),
    ];
    for sql in &statements {
        match store {
            Store::Sqlite(pool) => {
                sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                    .execute(pool)
                    .await?;
            }
            Store::Postgres(pool) => {
                sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                    .execute(pool)
                    .await?;
            }
        }
    }
    println!(
        "{name}_stats_load: {:.1} s for {members} members in {circles} circles, {checkins} check-ins, {goals} goals",
        started.elapsed().as_secs_f64()
    );
    let expected = format!("of {members} members active");
    let first = timed(engine, "stats", &expected).await?;
    let mut times = vec![first];
    for _ in 1..20 {
        times.push(timed(engine, "stats", &expected).await?);
    }
    println!("{name}_stats_first: {:.1} ms", ms(first));
    print_percentiles(
        &format!("{name}_stats_{members}_members_{checkins}_checkins"),
        &mut times,
    );
    Ok(())
}
