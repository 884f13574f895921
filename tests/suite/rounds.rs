//! Peer-problem rounds end to end through the engine and the scheduler, on
//! a fake clock: a whole Troika with three rotations, a collegial case
//! consultation with moderator and note-taker, steering, a restart and a
//! lost delivery mid-round, an async round with nudges, a community's own
//! protocol, bad definitions and people without permission.

use bot_core::{Outgoing, Target};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::helpers::{Bot, COMMUNITY, Db, RecordingDelivery, Script, Who, plain};
use crate::{bot_or_skip, on_both_databases};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

fn thread(round: i64) -> Target {
    Target::NamedThread {
        community_id: COMMUNITY.to_owned(),
        channel_id: "general".to_owned(),
        key: format!("round-{round}"),
        title: String::new(),
    }
}

/// The messages for round `round`'s thread, as plain text.
fn in_thread(sent: &[Outgoing], round: i64) -> Vec<String> {
    let key = format!("round-{round}");
    sent.iter()
        .filter(|o| matches!(&o.target, Target::NamedThread { key: k, .. } if *k == key))
        .map(|o| bot_core::model::markdown_to_plain(&o.message.text))
        .collect()
}

fn direct_to(sent: &[Outgoing], user: &str) -> Vec<String> {
    sent.iter()
        .filter(|o| matches!(&o.target, Target::Direct { user_id, .. } if user_id == user))
        .map(|o| bot_core::model::markdown_to_plain(&o.message.text))
        .collect()
}

/// Runs the clock forward in `step`s to `until`, with the scheduler firing
/// whatever is due; returns everything delivered.
async fn run_until(
    bot: &Bot,
    scheduler: &bot_core::Scheduler,
    delivery: &RecordingDelivery,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    step: Duration,
) -> Vec<Outgoing> {
    let mut at = from;
    while at <= until {
        bot.clock.set(at);
        scheduler.run_due(at).await.unwrap();
        at += step;
    }
    delivery.take()
}

/// A facilitated circle "Case" with five members.
async fn case_circle(bot: &Bot, admin: &Who) -> Vec<Who> {
    bot.say(admin, "circle create Case").await;
    // These scenarios count every message; feedback after a round has its own.
    bot.say(admin, "circle feedback Case off").await;
    let people: Vec<Who> = ["Ana", "Bo", "Cy", "Di", "Ed"]
        .iter()
        .map(|n| Who::member(n))
        .collect();
    for who in &people {
        bot.say(who, "circle join Case").await;
    }
    people
}

async fn peer_circle(bot: &Bot, name: &str, people: &[&Who]) {
    let ada = Who::admin("Ada");
    bot.say(&ada, &format!("circle create {name} kind:peer"))
        .await;
    bot.say(&ada, &format!("circle feedback {name} off")).await;
    for who in people {
        let text = bot.say(who, &format!("circle join {name}")).await;
        assert!(text.contains("joined"), "{text}");
    }
}

async fn a_troika_rotates_through_everyone(db: Db) {
    let bot = bot_or_skip!(db);
    let (ana, bo, cy) = (Who::member("Ana"), Who::member("Bo"), Who::member("Cy"));
    peer_circle(&bot, "Trio", &[&ana, &bo, &cy]).await;
    let out = bot
        .send(
            &ana,
            bot_core::InputKind::Text("round start Trio troika".into()),
        )
        .await;
    let text = plain(&out);
    assert!(
        text.contains("Round #1 (Troika consulting) has started for Trio"),
        "{text}"
    );
    let opening = in_thread(&out, 1);
    assert_eq!(opening.len(), 1, "{out:#?}");
    assert!(
        opening[0].contains("Case-giver: Ana → Bo → Cy"),
        "{}",
        opening[0]
    );
    assert!(opening[0].contains("Case 1 of 3: Ana"), "{}", opening[0]);
    assert!(
        opening[0].contains("Phase 1 of 5: Quiet moment"),
        "{}",
        opening[0]
    );
    assert!(
        opening[0].contains("until 2026-11-23 10:01 (UTC)"),
        "{}",
        opening[0]
    );

    let (scheduler, delivery) = bot.scheduler("a");
    // Rotation 1, phase 4 (the consultants advise while Ana listens) starts at 10:05.
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0(),
        t0() + Duration::minutes(5),
        Duration::seconds(30),
    )
    .await;
    let texts = in_thread(&sent, 1);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Phase 4 of 5: The client listens while the consultants advise")),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Ana only listens in this phase")),
        "{texts:#?}"
    );
    let said = bot
        .say(&bo, "round note try pairing with a colleague")
        .await;
    assert!(said.contains("Noted in round #1"), "{said}");
    let said = bot.say(&ana, "round note but I tried that").await;
    assert!(said.contains("A gentle reminder"), "{said}");

    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::seconds(330),
        t0() + Duration::minutes(40),
        Duration::seconds(30),
    )
    .await;
    let texts = in_thread(&sent, 1);
    let phases = texts.iter().filter(|t| t.contains("Phase ")).count();
    let warnings = texts
        .iter()
        .filter(|t| t.starts_with("One minute left"))
        .count();
    // 15 phases in all (the first announced by the command, 3 before 10:05:30);
    // a warning in every phase of two minutes or more (4 per rotation).
    assert_eq!(phases + 4, 15, "{texts:#?}");
    assert!(
        texts.iter().any(|t| t.contains("Case 3 of 3: Cy")),
        "{texts:#?}"
    );
    assert!(warnings >= 8, "{warnings}: {texts:#?}");
    let summary = texts
        .iter()
        .find(|t| t.contains("is done"))
        .expect("a summary");
    assert!(
        summary.contains("Round #1 (Troika consulting) is done after 36 min"),
        "{summary}"
    );
    assert!(summary.contains("Bo: 1 contribution"), "{summary}");
    assert!(
        !summary.contains("pairing"),
        "what was said stays private: {summary}"
    );
    // Ana's digest has what was said on her case; Bo's and Cy's are empty.
    let digest = direct_to(&sent, "user:ana");
    assert_eq!(digest.len(), 1, "{sent:#?}");
    assert!(
        digest[0].contains("Bo: try pairing with a colleague"),
        "{}",
        digest[0]
    );
    assert!(digest[0].contains("round commit"), "{}", digest[0]);
    assert_eq!(direct_to(&sent, "user:bo").len(), 1);
    // Nothing more after the end.
    let later = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::minutes(41),
        t0() + Duration::hours(3),
        Duration::minutes(10),
    )
    .await;
    assert!(later.is_empty(), "{later:#?}");

    // Ana commits; the next round opens with the report-back, and the
    // fairness rule now offers the case to whoever presented least recently.
    let said = bot
        .say(&ana, "round commit ask Bo to observe a lesson")
        .await;
    assert!(said.contains("Commitment noted for round #1"), "{said}");
    let text = bot.say(&bo, "round history Trio").await;
    assert!(text.contains("Ana (Troika consulting, round #1)"), "{text}");
    let out = bot
        .send(
            &cy,
            bot_core::InputKind::Text("round start Trio troika".into()),
        )
        .await;
    let opening = in_thread(&out, 2);
    assert!(opening[0].contains("Report-back"), "{}", opening[0]);
    assert!(
        opening[0].contains("Ana: ask Bo to observe a lesson"),
        "{}",
        opening[0]
    );
}

async fn a_collegial_consultation_is_moderated(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let people = case_circle(&bot, &ada).await;
    // A facilitated circle: members do not start rounds, hosts and admins do.
    let before = bot.snapshot().await;
    let text = bot.say(&people[0], "round start Case collegial").await;
    assert!(text.contains("Only the hosts of Case"), "{text}");
    assert_eq!(bot.snapshot().await, before);

    let out = bot
        .send(
            &ada,
            bot_core::InputKind::Text("round start Case collegial case-giver:Di".into()),
        )
        .await;
    let opening = in_thread(&out, 1);
    assert!(
        opening[0].contains("Collegial case consultation"),
        "{}",
        opening[0]
    );
    assert!(opening[0].contains("Case-giver: Di"), "{}", opening[0]);
    assert!(opening[0].contains("Moderator: Ana"), "{}", opening[0]);
    assert!(opening[0].contains("Note-taker: Bo"), "{}", opening[0]);
    assert!(
        opening[0].contains("Ana leads this phase"),
        "{}",
        opening[0]
    );

    // Only the moderator, a host or an admin steers.
    let text = bot.say(&people[2], "round next").await;
    assert!(text.contains("Only round #1's moderator"), "{text}");
    // Two people pressing the phase's "next" button at once advance it once:
    // the button carries the round's clock as they saw it.
    let ana = &people[0];
    let button = out
        .iter()
        .flat_map(|o| &o.message.components)
        .find_map(|c| match c {
            bot_core::Component::Button { action, .. } => Some(action.encode()),
            _ => None,
        })
        .expect("a next button");
    assert_eq!(button, "round:next:1:1");
    let press = |who: &Who| {
        who.input(bot_core::InputKind::Action {
            action: button.clone(),
            values: Vec::new(),
        })
    };
    let (a, b) = tokio::join!(
        bot.engine.handle(press(ana)),
        bot.engine.handle(press(&ada))
    );
    let (a, b) = (plain(&a), plain(&b));
    let moved = [&a, &b]
        .iter()
        .filter(|t| t.contains("Phase 2 of 6"))
        .count();
    assert_eq!(moved, 1, "{a}\n---\n{b}");
    assert!(
        a.contains("moved on") || b.contains("moved on"),
        "{a}\n---\n{b}"
    );
    let status = bot.say(ana, "round status").await;
    assert!(status.contains("Phase 2 of 6"), "{status}");

    // Pause: the clock stops; nothing fires while it is paused.
    bot.clock.set(t0() + Duration::minutes(4));
    let text = bot.say(ana, "round pause").await;
    assert!(text.contains("is paused"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::minutes(4),
        t0() + Duration::minutes(60),
        Duration::minutes(1),
    )
    .await;
    assert!(in_thread(&sent, 1).is_empty(), "{sent:#?}");
    let status = bot.say(ana, "round status").await;
    assert!(status.contains("Paused with 6 min left"), "{status}");
    // Resume at 11:00 with the 6 minutes that were left, then 2 more.
    bot.clock.set(t0() + Duration::minutes(60));
    let text = bot.say(ana, "round resume").await;
    assert!(text.contains("until 2026-11-23 11:06 (UTC)"), "{text}");
    let text = bot.say(ana, "round extend 2m").await;
    assert!(text.contains("until 2026-11-23 11:08 (UTC)"), "{text}");
    let text = bot.say(ana, "round extend 3h").await;
    assert!(text.contains("from one second to 60 minutes"), "{text}");
    // The extended end is when the job moves it on, not before.
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::minutes(60),
        t0() + Duration::seconds(3600 + 7 * 60 + 30),
        Duration::seconds(30),
    )
    .await;
    assert!(
        !in_thread(&sent, 1)
            .iter()
            .any(|t| t.contains("Phase 3 of 6")),
        "{sent:#?}"
    );
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::seconds(3600 + 8 * 60),
        t0() + Duration::seconds(3600 + 8 * 60 + 30),
        Duration::seconds(30),
    )
    .await;
    assert!(
        in_thread(&sent, 1)
            .iter()
            .any(|t| t.contains("Phase 3 of 6: The key question")),
        "{sent:#?}"
    );
    let text = bot.say(ana, "round skip").await;
    assert!(text.contains("Phase 4 of 6"), "{text}");
    let text = bot.say(ana, "round cancel").await;
    assert!(text.contains("Round #1 is cancelled"), "{text}");
    let text = bot.say(ana, "round next round:1").await;
    assert!(text.contains("Round #1 is over"), "{text}");
}

async fn a_restart_and_a_lost_delivery_change_nothing(db: Db) {
    let bot = bot_or_skip!(db);
    let (ana, bo, cy) = (Who::member("Ana"), Who::member("Bo"), Who::member("Cy"));
    peer_circle(&bot, "Trio", &[&ana, &bo, &cy]).await;
    bot.say(&ana, "round start Trio troika").await;
    let (scheduler, delivery) = bot.scheduler("a");
    // Phase 2 is due at 10:01; its announcement reaches the platform but the
    // answer is lost: the retry sends it again under the same key.
    delivery.then(Script::AcceptThenFail);
    bot.clock.set(t0() + Duration::minutes(1));
    scheduler
        .run_due(t0() + Duration::minutes(1))
        .await
        .unwrap();
    scheduler
        .run_due(t0() + Duration::seconds(66))
        .await
        .unwrap();
    let texts = in_thread(&delivery.take(), 1);
    assert_eq!(
        texts.iter().filter(|t| t.contains("Phase 2 of 5")).count(),
        1,
        "{texts:#?}"
    );
    let status = bot.say(&bo, "round status").await;
    assert!(status.contains("Phase 2 of 5"), "advanced once: {status}");

    // A restart in the middle of phase 2 (it ends at 10:03): a new engine
    // and scheduler on the same database resume with the time that is left.
    let engine = bot.restart().await;
    let (scheduler, delivery) = testkit::scheduler_for(&engine, &bot.clock, "b");
    for at in [90, 100, 110, 119] {
        scheduler
            .run_due(t0() + Duration::seconds(at))
            .await
            .unwrap();
    }
    assert!(
        delivery.take().is_empty(),
        "nothing before the warning at 10:02"
    );
    scheduler
        .run_due(t0() + Duration::seconds(120))
        .await
        .unwrap();
    let texts = delivery.texts();
    assert_eq!(
        texts,
        ["One minute left in “The client describes the challenge”."]
    );
    scheduler
        .run_due(t0() + Duration::seconds(180))
        .await
        .unwrap();
    let texts = in_thread(&delivery.take(), 1);
    assert_eq!(texts.len(), 2, "{texts:#?}");
    assert!(
        texts[1].contains("Phase 3 of 5: Clarifying questions"),
        "{texts:#?}"
    );
    let _ = thread(1);
}

async fn an_async_round_with_its_own_protocol_nudges(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let (ana, bo) = (Who::member("Ana"), Who::member("Bo"));
    // A member may not add protocols; bad definitions say which phase is wrong.
    let text = bot
        .say(&ana, "round protocol add Quick Share 5 case-giver")
        .await;
    assert!(text.contains("admin"), "{text}");
    bot.say(&ada, "round protocols").await;
    let before = bot.snapshot().await;
    for (definition, expected) in [
        (
            "size 2-4; Share 5 case-giver; Advice ten consultants",
            "Phase 2 (“Advice ten consultants”) has no number of minutes",
        ),
        (
            "size 2-4; Share 5 case-giver; Advice 10 consultants loudly",
            "Phase 2 (“Advice”): “loudly” is not understood",
        ),
        (
            "size 2-4; Share 5",
            "Phase 1 (“Share”) does not say who speaks",
        ),
        (
            "size 1-40; Share 5 everyone",
            "“size 1-40” is not a group size",
        ),
        (
            "size 2-4; Lead 5 moderator",
            "the settings have no `moderator`",
        ),
    ] {
        let text = bot
            .say(&ada, &format!("round protocol add Quick {definition}"))
            .await;
        assert!(text.contains(expected), "{definition}: {text}");
    }
    assert_eq!(bot.snapshot().await, before, "a refusal changes nothing");
    let text = bot
        .say(&ada, "round protocol add Quick size 2-4; Share 5 case-giver; Advice 10 consultants listening ideas; Close 5 case-giver takeaways")
        .await;
    assert!(
        text.contains("Protocol Quick added: 3 phases, 20 min per case"),
        "{text}"
    );
    let text = bot
        .say(&ada, "round protocol add quick Share 5 everyone")
        .await;
    assert!(text.contains("exists already"), "{text}");
    let text = bot.say(&ana, "round protocols").await;
    assert!(
        text.contains("Troika consulting (`troika`): 3–4 people"),
        "{text}"
    );
    assert!(text.contains("Quick: 2–4 people, 20 min"), "{text}");
    let text = bot.say(&ana, "round protocol show troika").await;
    assert!(text.contains("size 3-4, rotate; Quiet moment"), "{text}");

    peer_circle(&bot, "Duo", &[&ana, &bo]).await;
    let text = bot.say(&ana, "round start Duo Quick pace:1d").await;
    assert!(text.contains("async, 24 h per phase"), "{text}");
    assert!(text.contains("until 2026-11-24 10:00 (UTC)"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    // Three quarters into the first day, the case-giver, who has not shared, is nudged.
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0(),
        t0() + Duration::hours(19),
        Duration::hours(1),
    )
    .await;
    let to_ana = direct_to(&sent, "user:ana");
    assert_eq!(to_ana.len(), 1, "{sent:#?}");
    assert!(
        to_ana[0].contains("closes 2026-11-24 10:00 (UTC)"),
        "{}",
        to_ana[0]
    );
    assert!(
        direct_to(&sent, "user:bo").is_empty(),
        "Bo does not speak in this phase"
    );
    // Day 2: Bo advises in writing, so only... nobody silent is nudged but Bo.
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::hours(20),
        t0() + Duration::hours(30),
        Duration::hours(1),
    )
    .await;
    assert!(
        in_thread(&sent, 1)
            .iter()
            .any(|t| t.contains("Phase 2 of 3: Advice")),
        "{sent:#?}"
    );
    bot.say(&bo, "round note start with one small change").await;
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::hours(31),
        t0() + Duration::hours(72),
        Duration::hours(1),
    )
    .await;
    assert!(
        direct_to(&sent, "user:bo")
            .iter()
            .all(|t| !t.contains("Advice")),
        "Bo contributed"
    );
    let texts = in_thread(&sent, 1);
    let third = texts
        .iter()
        .find(|t| t.contains("Phase 3 of 3: Close"))
        .unwrap_or_else(|| panic!("{texts:#?}"));
    // Each async phase closes with what it gathered: counts for the
    // thread, the words for the case-giver, who answers in the next phase.
    assert!(
        third.starts_with("“Advice” is closed: 1 contribution from 1 person."),
        "{third}"
    );
    assert!(!third.contains("small change"), "{third}");
    let to_ana = direct_to(&sent, "user:ana");
    let notes = to_ana
        .iter()
        .find(|t| t.contains("What was said in “Advice” of round #1"))
        .unwrap_or_else(|| panic!("{to_ana:#?}"));
    assert!(notes.contains("Bo: start with one small change"), "{notes}");
    assert!(
        texts.iter().any(|t| t.contains("is done after 4320 min")),
        "{texts:#?}"
    );
}

async fn bad_round_commands_change_nothing(db: Db) {
    let bot = bot_or_skip!(db);
    let (ana, bo) = (Who::member("Ana"), Who::member("Bo"));
    peer_circle(&bot, "Duo", &[&ana, &bo]).await;
    let before = bot.snapshot().await;
    for (line, expected) in [
        ("round start Nowhere", "no circle"),
        (
            "round start Duo troika",
            "Duo has 2 members, and Troika consulting is for 3–4",
        ),
        ("round start Duo trioka", "Did you mean troika?"),
        (
            "round start Duo troika pace:2h mode:live",
            "A pace is for async rounds",
        ),
        (
            "round start Duo troika at:every monday 10:00",
            "A round starts once",
        ),
        ("round start Duo troika mode:sometimes", "sometimes"),
        ("round next", "You are in no round"),
        ("round note hello", "You are in no round that is under way"),
        ("round commit do better", "You have not given a case"),
        ("round status round:99", "There is no round #99"),
    ] {
        let text = bot.say(&ana, line).await;
        assert!(
            text.to_lowercase().contains(&expected.to_lowercase()),
            "{line}: {text}"
        );
    }
    assert_eq!(bot.snapshot().await, before);

    // Planned ahead: people join until it starts, and too few cancel it.
    let text = bot
        .say(&ana, "round start Duo troika at:tomorrow 18:00")
        .await;
    assert!(
        text.contains("Round #1 (Troika consulting) for Duo starts 2026-11-24 18:00 (UTC)"),
        "{text}"
    );
    let text = bot.say(&bo, "round join").await;
    assert!(text.contains("You are in round #1 (2 of 3–4)"), "{text}");
    let text = bot.say(&bo, "round join").await;
    assert!(text.contains("already"), "{text}");
    let text = bot.say(&Who::member("Zed"), "round join round:1").await;
    assert!(text.contains("for its circle's members"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(t0() + Duration::hours(32)).await.unwrap();
    let texts = in_thread(&delivery.take(), 1);
    assert_eq!(texts, ["Round #1 is cancelled."], "two of at least three");
}

async fn the_next_button_outlives_a_warning_and_a_pause(db: Db) {
    let bot = bot_or_skip!(db);
    let (ana, bo, cy) = (Who::member("Ana"), Who::member("Bo"), Who::member("Cy"));
    peer_circle(&bot, "Trio", &[&ana, &bo, &cy]).await;
    bot.say(&ana, "round start Trio troika").await;
    let (scheduler, delivery) = bot.scheduler("a");
    // Phase 2 at 10:01, its warning at 10:02: the warning moves the round's
    // clock, yet the phase's button still ends the phase.
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0(),
        t0() + Duration::minutes(2),
        Duration::seconds(30),
    )
    .await;
    let texts = in_thread(&sent, 1);
    assert!(
        texts
            .last()
            .is_some_and(|t| t.starts_with("One minute left")),
        "{texts:#?}"
    );
    let press = |who: &Who, id: &str| {
        who.input(bot_core::InputKind::Action {
            action: id.to_owned(),
            values: Vec::new(),
        })
    };
    let text = plain(&bot.engine.handle(press(&bo, "round:next:1:2")).await);
    assert!(
        text.contains("Phase 3 of 5: Clarifying questions"),
        "{text}"
    );
    let text = plain(&bot.engine.handle(press(&cy, "round:next:1:2")).await);
    assert!(
        text.contains("moved on"),
        "a second press of the same button: {text}"
    );
    // Moving on from a pause runs the next phase in full.
    bot.say(&bo, "round pause").await;
    let text = bot.say(&bo, "round next").await;
    assert!(text.contains("Phase 4 of 5"), "{text}");
    assert!(text.contains("until 2026-11-23 10:07 (UTC)"), "{text}");
    let status = bot.say(&cy, "round status").await;
    assert!(status.contains("under way"), "{status}");
    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::seconds(150),
        t0() + Duration::minutes(7),
        Duration::seconds(30),
    )
    .await;
    let texts = in_thread(&sent, 1);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("One minute left in “The client listens")),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("Phase 5 of 5")),
        "{texts:#?}"
    );
    // Outsiders learn nothing of the round.
    let outsider = Who::member("Zed");
    let text = bot.say(&outsider, "round status round:1").await;
    assert!(text.contains("There is no round #1"), "{text}");
    let text = bot.say(&outsider, "round history Trio").await;
    assert!(text.contains("Only Trio's members"), "{text}");
}

async fn proposed_roles_can_be_taken_over(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let people = case_circle(&bot, &ada).await;
    let out = bot
        .send(
            &ada,
            bot_core::InputKind::Text("round start Case collegial case-giver:Di".into()),
        )
        .await;
    let buttons: Vec<String> = out
        .iter()
        .flat_map(|o| &o.message.components)
        .filter_map(|c| match c {
            bot_core::Component::Button { action, .. } => Some(action.encode()),
            _ => None,
        })
        .collect();
    assert_eq!(
        buttons,
        [
            "round:next:1:1",
            "round:take:1:case",
            "round:take:1:moderator",
            "round:take:1:notes"
        ]
    );
    let press = |who: &Who, id: &str| {
        who.input(bot_core::InputKind::Action {
            action: id.to_owned(),
            values: Vec::new(),
        })
    };
    // Cy brings the case instead of Di; Ed moderates instead of Ana.
    let text = plain(
        &bot.engine
            .handle(press(&people[2], "round:take:1:case"))
            .await,
    );
    assert!(text.contains("Roles changed"), "{text}");
    assert!(text.contains("Case-giver: Cy"), "{text}");
    let text = plain(
        &bot.engine
            .handle(press(&people[4], "round:take:1:moderator"))
            .await,
    );
    assert!(text.contains("Moderator: Ed"), "{text}");
    assert!(text.contains("Case-giver: Cy"), "{text}");
    let text = plain(
        &bot.engine
            .handle(press(&people[4], "round:take:1:moderator"))
            .await,
    );
    assert!(text.contains("is yours already"), "{text}");
    let text = plain(
        &bot.engine
            .handle(press(&Who::member("Zed"), "round:take:1:notes"))
            .await,
    );
    assert!(text.contains("not taking part"), "{text}");
    // Ed now steers; Ana no longer does.
    let text = bot.say(&people[0], "round next").await;
    assert!(text.contains("Only round #1's moderator"), "{text}");
    let text = bot.say(&people[4], "round next").await;
    assert!(text.contains("Phase 2 of 6"), "{text}");
    let text = plain(
        &bot.engine
            .handle(press(&people[0], "round:take:1:case"))
            .await,
    );
    assert!(
        text.contains("settled once its first phase is over"),
        "{text}"
    );
    // The digest at the end goes to Cy, who brought the case.
    let status = bot.say(&people[3], "round status").await;
    assert!(status.contains("Phase 2 of 6"), "{status}");
}

/// `round protocol add <name>` reads its definition from a text file given
/// with it (one phase per line, `#` comments); without one, or with one
/// that is no text, it says what to do and adds nothing.
async fn a_protocol_comes_from_a_file(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    bot.say(&ada, "round protocols").await;
    let before = bot.snapshot().await;
    let text = bot.say(&ada, "round protocol add Ours").await;
    assert!(text.contains("attach it as a text file"), "{text}");
    let unreadable = Who {
        files: vec![bot_core::InboundFile::read("big.txt", 20_000, None)],
        ..ada.clone()
    };
    let text = bot.say(&unreadable, "round protocol add Ours").await;
    assert!(text.contains("I could not read “big.txt”"), "{text}");
    assert!(text.contains("16 KiB"), "{text}");
    let bad = ada.clone().with_file(
        "bad.txt",
        "size 3-6\nSketch 5 case-giver\nAdvice eight consultants\n",
    );
    let text = bot.say(&bad, "round protocol add Ours").await;
    assert!(
        text.contains("Phase 2"),
        "the error points at the phase: {text}"
    );
    assert_eq!(bot.snapshot().await, before, "nothing added");

    let good = ada.clone().with_file(
        "ours.txt",
        "\u{feff}# a short intervision\r\nsize 3-6, moderator\r\nSketch 5 case-giver;\r\n\r\nAdvice 8 consultants listening ideas\r\n",
    );
    let text = bot.say(&good, "round protocol add Ours").await;
    assert!(
        text.contains("Protocol Ours added: 2 phases, 13 min per case"),
        "{text}"
    );
    let shown = bot.say(&ada, "round protocol show Ours").await;
    assert!(
        shown.contains(
            "size 3-6, moderator; Sketch 5 case-giver; Advice 8 consultants listening ideas"
        ),
        "{shown}"
    );
    // A typed definition wins over a file.
    let both = ada.with_file("x.txt", "nonsense");
    let text = bot
        .say(&both, "round protocol add Mine size 3-5; Talk 4 everyone")
        .await;
    assert!(text.contains("Protocol Mine added: 1 phase,"), "{text}");
}

fn post(round: i64, text: Option<&str>) -> bot_core::InputKind {
    bot_core::InputKind::ThreadPost {
        thread_key: format!("round-{round}"),
        text: text.map(str::to_owned),
    }
}

/// What people say in a round's thread without a command counts: read
/// text as a contribution, an unread message as airtime; the case-giver
/// who speaks while listening is reminded once per phase, privately.
async fn thread_posts_count_and_remind_the_listener(db: Db) {
    let bot = bot_or_skip!(db);
    let (ana, bo, cy) = (Who::member("Ana"), Who::member("Bo"), Who::member("Cy"));
    peer_circle(&bot, "Trio", &[&ana, &bo, &cy]).await;
    bot.say(&ana, "round start Trio troika").await;
    // Phase 1 (a quiet moment) is not a listening phase: no reminder.
    assert!(bot.send(&ana, post(1, Some("hello all"))).await.is_empty());
    let (scheduler, delivery) = bot.scheduler("a");
    run_until(
        &bot,
        &scheduler,
        &delivery,
        t0(),
        t0() + Duration::minutes(5),
        Duration::seconds(30),
    )
    .await;
    assert!(
        bot.send(&bo, post(1, Some("  try a\nseating plan ")))
            .await
            .is_empty()
    );
    assert!(bot.send(&cy, post(1, None)).await.is_empty());
    // Someone outside the round, another thread, a thread that is no round's.
    let dan = Who::member("Dan");
    assert!(bot.send(&dan, post(1, Some("me too"))).await.is_empty());
    assert!(bot.send(&bo, post(99, Some("lost"))).await.is_empty());
    let other = bot_core::InputKind::ThreadPost {
        thread_key: "circle-1".into(),
        text: Some("chat".into()),
    };
    assert!(bot.send(&bo, other).await.is_empty());
    // Ana listens in phase 4: one private reminder, not one per message.
    let out = bot.send(&ana, post(1, Some("but I tried that"))).await;
    assert_eq!(out.len(), 1, "{out:#?}");
    assert!(out[0].message.ephemeral, "the reminder is private");
    assert_eq!(out[0].target, Target::Reply);
    let text = plain(&out);
    assert!(text.contains("A gentle reminder for round #1"), "{text}");
    assert!(text.contains("you only listen"), "{text}");
    assert!(bot.send(&ana, post(1, Some("really"))).await.is_empty());
    // A post carries no rights: an admin's standing is kept.
    let ada = Who::admin("Ada");
    bot.say(&ada, "round status").await;
    let plain_ada = Who::member("Ada");
    bot.send(&plain_ada, post(1, Some("admin here"))).await;
    let known = bot
        .store()
        .member_context(COMMUNITY, &ada.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(known.is_admin, Some(true));

    let sent = run_until(
        &bot,
        &scheduler,
        &delivery,
        t0() + Duration::seconds(330),
        t0() + Duration::minutes(40),
        Duration::seconds(30),
    )
    .await;
    let texts = in_thread(&sent, 1);
    let summary = texts
        .iter()
        .find(|t| t.contains("is done"))
        .expect("a summary");
    assert!(
        summary.contains("Bo: 1 contribution (18 characters)"),
        "{summary}"
    );
    assert!(
        summary.contains("Cy: 1 contribution (0 characters)"),
        "{summary}"
    );
    assert!(summary.contains("Ana: 3 contributions"), "{summary}");
    assert!(!summary.contains("Dan"), "{summary}");
    let digest = direct_to(&sent, "user:ana");
    assert_eq!(digest.len(), 1, "{sent:#?}");
    assert!(
        digest[0].contains("Bo: try a seating plan"),
        "{}",
        digest[0]
    );
    assert!(
        !digest[0].contains("Cy:"),
        "an unread message is no idea: {}",
        digest[0]
    );
    assert!(!digest[0].contains("me too"), "{}", digest[0]);
}

on_both_databases!(
    thread_posts_count_and_remind_the_listener,
    a_protocol_comes_from_a_file,
    proposed_roles_can_be_taken_over,
    the_next_button_outlives_a_warning_and_a_pause,
    a_troika_rotates_through_everyone,
    a_collegial_consultation_is_moderated,
    a_restart_and_a_lost_delivery_change_nothing,
    an_async_round_with_its_own_protocol_nudges,
    bad_round_commands_change_nothing,
);
