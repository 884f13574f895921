//! The `mentorbot` binary as a new user runs it: the console with piped
//! input, in three languages, on both databases.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{Db, TestDb};

const DONE_WHEN: &str = "circle create \"Rust beginners\" capacity:3\n\
                         circle join \"Rust beginners\"\n\
                         circle list\n";

/// Runs `mentorbot console` with `stdin`, from a scratch working directory,
/// and returns (exit status, stdout, stderr).
fn console(db_url: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mentorbot"))
        .arg("console")
        .args(["--database-url", db_url])
        .args(args)
        .current_dir(dir.path())
        .env_remove("MENTORBOT__DATABASE__URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mentorbot");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

async fn done_when_in_three_languages(db: Db) {
    for (locale, expected) in [
        (
            "en",
            [
                "Circle Rust beginners created (0/3).",
                "You joined Rust beginners as mentee (1/3).",
                "1 circle:\n- Rust beginners — 1/3 members · group",
            ],
        ),
        (
            "fr",
            [
                "Cercle Rust beginners créé (0/3).",
                "Vous avez rejoint Rust beginners comme mentoré (1/3).",
                "1 cercle :\n- Rust beginners — 1/3 membres · groupe",
            ],
        ),
        (
            "nl",
            [
                "Kring Rust beginners aangemaakt (0/3).",
                "Je bent lid van Rust beginners als mentee (1/3).",
                "1 kring:\n- Rust beginners — 1/3 leden · groep",
            ],
        ),
    ] {
        let Some(test_db) = TestDb::create(db).await else {
            return;
        };
        let url = test_db.url.clone();
        let (code, stdout, stderr) =
            tokio::task::spawn_blocking(move || console(&url, &["--locale", locale], DONE_WHEN))
                .await
                .unwrap();
        assert_eq!(code, 0, "{locale}: {stderr}");
        for phrase in expected {
            assert!(
                stdout.contains(phrase),
                "{locale}: {phrase:?} not in\n{stdout}"
            );
        }
        assert!(
            !stdout.contains("**"),
            "markdown leaked into plain text:\n{stdout}"
        );
    }
}

async fn playing_several_members_and_typing_choices(db: Db) {
    let Some(test_db) = TestDb::create(db).await else {
        return;
    };
    let script = "# a comment line is skipped\n\
                  circle create Evening capacity:2\n\
                  as Bob\n\
                  1\n\
                  circle create Sneaky\n\
                  as Chloé\n\
                  circle info Evening\n\
                  1\n\
                  7\n\
                  as you\n\
                  circle info Evening\n\
                  as\n";
    let url = test_db.url.clone();
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || console(&url, &[], script))
        .await
        .unwrap();
    assert_eq!(code, 0, "{stderr}");
    let expect = [
        "Circle Evening created (0/2).",
        "  [1] Join",
        "Now typing as Bob.",
        "You joined Evening as mentee (1/2).",
        "Only community admins can use `circle create`.",
        "Now typing as Chloé.",
        "Members: Bob (mentee)",
        "You joined Evening as mentee (2/2).",
        "There is no choice 7: choose from 1 to 1.",
        "Now typing as you (admin).",
        "Members: Bob (mentee), Chloé (mentee)",
        "Usage: `as <name>`",
    ];
    let mut rest = stdout.as_str();
    for phrase in expect {
        let at = rest
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} missing or out of order in\n{stdout}"));
        rest = &rest[at + phrase.len()..];
    }
}

async fn a_reminder_arrives_while_lingering(db: Db) {
    let Some(test_db) = TestDb::create(db).await else {
        return;
    };
    let url = test_db.url.clone();
    let started = std::time::Instant::now();
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || {
        console(
            &url,
            &["--linger", "4s"],
            "remind me in 2 seconds \"stand up\"\n",
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(started.elapsed() >= std::time::Duration::from_secs(4));
    assert!(stdout.contains("Reminder #1 set for you"), "{stdout}");
    assert_eq!(stdout.matches("Reminder: stand up").count(), 1, "{stdout}");
    assert!(stdout.contains("[1] Snooze 10 min"), "{stdout}");
}

async fn a_poll_played_by_several_members(db: Db) {
    let Some(test_db) = TestDb::create(db).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("charts");
    let script = "poll create \"How useful was today?\" \"Very\" \"Somewhat\" \"Not really\"\n\
                  as Bob\n1\n\
                  as Chloé\npoll vote 1 2\n\
                  as Dan\npoll vote 1 1\n\
                  as Chloé\npoll vote 1 3\n\
                  as you\npoll results 1\n";
    let url = test_db.url.clone();
    let image_dir = images.display().to_string();
    // The live tally is due 3 s after the first vote: lingering 8 s leaves
    // room for a loaded machine (CI runs the suite on two cores).
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || {
        console(&url, &["--image-dir", &image_dir, "--linger", "8s"], script)
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Your vote in poll #1: 1. Very."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Your vote in poll #1: 3. Not really."),
        "{stdout}"
    );
    let results = stdout.split("Results of poll #1").nth(1).expect("results");
    assert!(results.contains("1. Very — 2 votes (67%)"), "{results}");
    assert!(results.contains("2. Somewhat — 0 votes (0%)"), "{results}");
    assert!(
        results.contains("3. Not really — 1 vote (33%)"),
        "{results}"
    );
    let line = results
        .lines()
        .find(|l| l.starts_with("[image: "))
        .expect("the chart's path and alt text");
    assert!(
        line.ends_with("— Bar chart of poll #1: Very: 2, Somewhat: 0, Not really: 1]"),
        "{line}"
    );
    let path = line
        .trim_start_matches("[image: ")
        .split(" — ")
        .next()
        .unwrap();
    let png = std::fs::read(path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // The live tally arrived while lingering, as an update of the poll.
    assert!(
        stdout.matches("1. Very — 2 votes (67%)").count() >= 2,
        "{stdout}"
    );
}

/// A whole Troika played in the console: three members, every phase moved
/// on by hand, a contribution, the summary and the case-giver's digest.
async fn a_round_played_by_three_members(db: Db) {
    let Some(test_db) = TestDb::create(db).await else {
        return;
    };
    let mut script = String::from(
        "circle create Trio kind:peer\n\
         as Ana\ncircle join Trio\n\
         as Bo\ncircle join Trio\n\
         as Cy\ncircle join Trio\n\
         round start Trio troika\n\
         round next\nround next\nround next\n\
         as Bo\nround note try pairing with a colleague\n\
         as Cy\n",
    );
    // Eleven phases to the last one, and one more to finish.
    for _ in 0..12 {
        script.push_str("round next\n");
    }
    script.push_str("round status round:1\n");
    let url = test_db.url.clone();
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || console(&url, &[], &script))
        .await
        .unwrap();
    assert_eq!(code, 0, "{stderr}");
    let expect = [
        "Round #1 (Troika consulting) has started for Trio",
        "Case-giver: Ana → Bo → Cy",
        "Phase 1 of 5",
        "Phase 4 of 5: The client listens while the consultants advise",
        "Noted in round #1",
        "Case 2 of 3: Bo",
        "Case 3 of 3: Cy",
        "Phase 5 of 5: The client says what helped",
        "Round #1 (Troika consulting) is done",
        "Bo: 1 contribution",
        "Your digest of round #1",
        "Bo: try pairing with a colleague",
        "Round #1: Troika consulting, done",
    ];
    let mut rest = stdout.as_str();
    for phrase in expect {
        let at = rest
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} missing or out of order in\n{stdout}"));
        rest = &rest[at + phrase.len()..];
    }
}

crate::on_both_databases!(
    a_poll_played_by_several_members,
    a_round_played_by_three_members,
    a_reminder_arrives_while_lingering,
    done_when_in_three_languages,
    playing_several_members_and_typing_choices,
);

#[test]
fn version_and_bad_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_mentorbot"))
        .arg("version")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("mentorbot {}\n", env!("CARGO_PKG_VERSION"))
    );
    let dir = tempfile::tempdir().unwrap();
    for (args, phrase) in [
        (
            &["console", "--locale", "de"][..],
            "--locale \"de\": use en, fr or nl",
        ),
        (
            &["console", "--tz", "Europe/Pari"][..],
            "did you mean Europe/Paris?",
        ),
        (&["console", "--linger", "soon"][..], "not a duration"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_mentorbot"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(phrase), "{args:?}: {stderr}");
    }
}

/// The shipped binary leaves the test kit out: `bench matrix` says how to
/// build it in, instead of failing obscurely or starting a homeserver.
#[test]
fn bench_matrix_asks_for_the_test_kit() {
    if cfg!(feature = "testkit") {
        return;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_mentorbot"))
        .args(["bench", "matrix", "--commands", "1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--features testkit"), "{stderr}");
}

fn run_with_env(env: &[(&str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mentorbot"))
        .arg("run")
        .current_dir(dir.path())
        .env("MENTORBOT__HTTP__LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "trace")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), all)
}

#[test]
fn tokens_and_passwords_never_reach_the_output() {
    let (ok, all) = run_with_env(&[("MENTORBOT__DISCORD__TOKEN", "super-secret-token-value")]);
    assert!(!ok);
    assert!(all.contains("Discord"), "{all}");
    assert!(!all.contains("super-secret-token-value"), "{all}");

    let (ok, all) = run_with_env(&[(
        "MENTORBOT__DATABASE__URL",
        "postgres://bot:hunter2@127.0.0.1:1/none",
    )]);
    assert!(!ok);
    assert!(all.contains("postgres://bot:***@127.0.0.1:1/none"), "{all}");
    assert!(!all.contains("hunter2"), "{all}");
}

#[test]
fn run_without_a_platform_explains_and_runs_the_console() {
    let (ok, all) = run_with_env(&[("MENTORBOT__DATABASE__URL", "bot.db")]);
    assert!(ok, "{all}");
    assert!(all.contains("No chat platform is configured"), "{all}");
    assert!(all.contains("MENTORBOT__DISCORD__TOKEN"), "{all}");
    assert!(all.contains("mentorbot console"), "{all}");
}

/// SIGTERM stops the console and its scheduler cleanly (exit 0) even while
/// standard input is still open.
#[test]
fn sigterm_shuts_down_cleanly() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("term.db").display().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mentorbot"))
        .args(["console", "--database-url", &db])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"remind me in 1 hour later\n").unwrap();
    stdin.flush().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("Reminder #1 set for you"), "{first}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    drop(stdin);
    assert_eq!(code, Some(0));
}
