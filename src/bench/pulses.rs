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

    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let out = engine
            .handle(input(0, InputKind::Text("pulse results 1".to_owned())))
            .await;
        times.push(started.elapsed());
        let text = out
            .first()
            .map(|o| o.message.text.clone())
            .unwrap_or_default();
        anyhow::ensure!(
            text.contains(&format!(
                "{} of {} answered",
                options.members, options.members
            )),
            "unexpected results: {text}"
        );
    }
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}_results_{answers}_answers_median: {:.1} ms",
        ms(times[times.len() / 2])
    );
    println!(
        "{name}_results_{answers}_answers_p99: {:.1} ms",
        ms(times[times.len() - 1])
    );
    store.close().await;
    Ok(())
}
