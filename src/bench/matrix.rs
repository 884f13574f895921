//! `mentorbot bench matrix`: reply latency of the bot through a real
//! Synapse, beside the raw send-then-sync round trip between two people
//! measured in the same run. A command and its reply each cross the
//! homeserver once, so the ratio of the medians has a floor of 2.0.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use bot_core::{Engine, EngineConfig, SystemClock};
use matrix_adapter::MatrixConfig;
use matrix_sdk::ruma::api::client::room::create_room::v3::Request as CreateRoom;
use matrix_sdk::ruma::{OwnedUserId, UserId};

use testkit::synapse::{Homeserver, Peer, RunningBot};

#[derive(Debug, Clone)]
pub struct MatrixBench {
    pub commands: usize,
    /// `scripts/synapse.sh`, used when no homeserver is given in the environment.
    pub synapse_script: PathBuf,
}

const PASSWORD: &str = "bench password, long enough";
const WAIT: Duration = Duration::from_secs(30);

/// A Synapse this run started (stopped when dropped).
struct Started {
    dir: tempfile::TempDir,
    script: PathBuf,
}

impl Drop for Started {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.script)
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}

fn start_synapse(script: &PathBuf) -> Result<(Homeserver, Started)> {
    let dir = tempfile::tempdir()?;
    let output = std::process::Command::new(script)
        .arg("start")
        .arg(dir.path())
        .output()
        .with_context(|| format!("running {}", script.display()))?;
    if !output.status.success() {
        bail!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("export {name}=")))
            .map(str::to_owned)
    };
    let url = value("MENTORBOT_TEST_SYNAPSE_URL").context("no URL from synapse.sh")?;
    let secret = value("MENTORBOT_TEST_SYNAPSE_SECRET").context("no secret from synapse.sh")?;
    let started = Started {
        dir,
        script: script.clone(),
    };
    Ok((Homeserver::new(url, secret), started))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn run(bench: &MatrixBench) -> Result<()> {
    let (server, _started) = match Homeserver::from_env() {
        Some(server) => (server, None),
        None => {
            let (server, started) = start_synapse(&bench.synapse_script)?;
            (server, Some(started))
        }
    };
    let tag = format!(
        "{}-{}",
        std::process::id(),
        bot_core::Clock::now(&SystemClock).timestamp()
    );
    let bot_id = server
        .register(&format!("benchbot-{tag}"), PASSWORD, false)
        .await?;
    let alice = Peer::start(&server, &format!("alice-{tag}"), PASSWORD).await?;
    let bob = Peer::start(&server, &format!("bob-{tag}"), PASSWORD).await?;

    let dir = tempfile::tempdir()?;
    let store =
        crate::app::connect(&dir.path().join("bench.db").display().to_string(), None).await?;
    let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default());
    let config = MatrixConfig {
        homeserver_url: server.url.clone(),
        user_id: bot_id.clone(),
        password: Some(PASSWORD.to_owned().into()),
        access_token: None,
        device_id: None,
        store_dir: Some(dir.path().join("matrix").display().to_string()),
        command_prefix: None,
        allowed_inviters: Vec::new(),
    };

    let mut request = CreateRoom::new();
    request.invite = [bot_id.as_str(), bob.user_id.as_str()]
        .iter()
        .map(|u| <&UserId>::try_from(*u).map(ToOwned::to_owned))
        .collect::<Result<Vec<OwnedUserId>, _>>()?;
    let room = alice.client.create_room(request).await?;
    let room_id = room.room_id().to_string();
    // Everyone in before the bot starts, so its first command is the first thing it sees.
    bob.room(&room_id).await?;
    let (r, b) = (room_id.clone(), bob.user_id.clone());
    alice
        .wait_for("bob to join", WAIT, move |s| {
            s.room_id == r
                && s.kind == "m.room.member"
                && s.sender == b
                && s.content["membership"] == "join"
        })
        .await?;

    let running = RunningBot::start(engine.clone(), config, Arc::new(SystemClock)).await?;
    alice.wait_joined(&room_id, &bot_id).await?;
    let bob_room = bob.room(&room_id).await?;

    let mut replies = Vec::with_capacity(bench.commands);
    let mut raw = Vec::with_capacity(bench.commands);
    for i in 0..bench.commands {
        let started = Instant::now();
        let command = alice.say(&room, "!mentor circle list", None).await?;
        let bot = bot_id.clone();
        let reply = alice
            .wait_for("a reply", WAIT, move |s| {
                s.sender == bot && s.in_reply_to() == Some(command.as_str())
            })
            .await?;
        replies.push(millis(reply.at.saturating_duration_since(started)));

        let text = format!("ping {i} {tag}");
        let started = Instant::now();
        alice.say(&room, &text, None).await?;
        let seen = bob
            .wait_for("a ping", WAIT, move |s| s.body() == text)
            .await?;
        raw.push(millis(seen.at.saturating_duration_since(started)));
    }
    let _ = bob_room;
    running.stop().await?;

    let first = replies[0];
    replies.sort_by(f64::total_cmp);
    raw.sort_by(f64::total_cmp);
    let reply_median = percentile(&replies, 50.0);
    let raw_median = percentile(&raw, 50.0);
    println!("matrix_commands: {}", bench.commands);
    println!("matrix_first_reply_ms: {first:.1}");
    println!("matrix_reply_median_ms: {reply_median:.1}");
    println!("matrix_reply_p95_ms: {:.1}", percentile(&replies, 95.0));
    println!("matrix_send_sync_median_ms: {raw_median:.1}");
    println!("matrix_send_sync_p95_ms: {:.1}", percentile(&raw, 95.0));
    println!("matrix_ratio_of_medians: {:.2}", reply_median / raw_median);
    engine.store().close().await;
    Ok(())
}
