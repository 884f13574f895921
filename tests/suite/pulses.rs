//! Pulse surveys through the engine and the scheduler, on both databases:
//! runs on a recurrence, private answers by direct message, reminders to
//! those who have not answered, the k rule, and what the database keeps.

use bot_core::{Action, Component, InputKind, Outgoing, Target};
use chrono::{DateTime, TimeZone, Utc};

use crate::helpers::{Bot, Db, Who, plain};
use crate::{bot_or_skip, on_both_databases};

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .or_else(|| {
            Utc.with_ymd_and_hms(2026, 12, day - 30, hour, 0, 0)
                .single()
        })
        .unwrap()
}

fn press(who: &Who, action: Action, values: Vec<String>) -> bot_core::Input {
    who.input(InputKind::Action {
        action: action.encode(),
        values,
    })
}

/// What `user` was sent by direct message.
fn dms_to<'a>(sent: &'a [Outgoing], user: &Who) -> Vec<&'a Outgoing> {
    sent.iter()
        .filter(|o| matches!(&o.target, Target::Direct { user_id, .. } if *user_id == user.id))
        .collect()
}

/// Presses the button of question `n` that carries `value`, as `who`, in
/// the message they were sent; returns the reply's text.
async fn pick(bot: &Bot, who: &Who, sent: &[Outgoing], n: usize, value: u8) -> String {
    let dms = dms_to(sent, who);
    let message = &dms[n - 1].message;
    let action = message
        .components
        .iter()
        .find_map(|c| match c {
            Component::Button {
                action: action @ Action::PulseAnswer { value: v, .. },
                ..
            } if *v == value => Some(*action),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no button {value} on question {n}: {message:?}"));
    plain(&bot.engine.handle(press(who, action, vec![])).await)
}

async fn everyone_speaks(bot: &Bot, people: &[&Who]) {
    for who in people {
        bot.say(who, "settings show").await;
    }
}

async fn a_recurring_pulse_over_three_runs_shows_its_trend(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let (bob, chloe, dan, eve) = (
        Who::member("Bob"),
        Who::member("Chloé"),
        Who::member("Dan"),
        Who::member("Eve"),
    );
    everyone_speaks(&bot, &[&ada, &bob, &chloe, &dan, &eve]).await;
    let text = bot
        .say(&ada, "pulse create template:mentee-checkup Term check-up")
        .await;
    assert!(
        text.starts_with("Pulse #1 Term check-up drafted (anonymous"),
        "{text}"
    );
    assert!(text.contains("4 questions"), "{text}");
    assert!(
        text.contains("1. How much is mentoring helping you at the moment? (scale 1–5): not at all / a great deal"),
        "{text}"
    );
    // Every Monday at 09:00 (the community's zone: UTC), open two days,
    // a reminder one day before it closes.
    // Completions offer the pulses one manages, to them alone.
    let place = ada.input(InputKind::Text(String::new())).place;
    let offered = bot
        .engine
        .complete(&place, &ada.id, &["pulse", "results"], "id", "")
        .await
        .unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(
        (offered[0].label.as_str(), offered[0].value.as_str()),
        ("#1 Term check-up", "1")
    );
    let offered = bot
        .engine
        .complete(&place, &bob.id, &["pulse", "results"], "id", "")
        .await
        .unwrap();
    assert!(offered.is_empty(), "{offered:?}");
    let text = bot
        .say(
            &ada,
            "pulse schedule 1 open:2d remind:1d every monday 09:00",
        )
        .await;
    assert!(text.contains("First run 2026-11-30 09:00"), "{text}");
    assert!(text.contains("open for 48 hours"), "{text}");

    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(at(30, 8)).await.unwrap();
    assert!(delivery.take().is_empty(), "nothing before the first run");
    scheduler.run_due(at(30, 9)).await.unwrap();
    let sent = delivery.take();
    for who in [&ada, &bob, &chloe, &dan, &eve] {
        let dms = dms_to(&sent, who);
        assert_eq!(dms.len(), 4, "{}: one message per question", who.name);
        assert!(
            dms[0].message.text.contains("**Term check-up**"),
            "{:?}",
            dms[0]
        );
        assert!(dms[0].message.text.contains("open until 2026-12-02 09:00"));
        assert_eq!(dms[0].message.components.len(), 5, "a scale: 1 to 5");
        assert_eq!(dms[2].message.components.len(), 4, "a choice: its options");
        assert_eq!(
            dms[3].message.components.len(),
            1,
            "a text question: the form's button"
        );
    }
    assert_eq!(sent.len(), 20, "5 people × 4 questions, nothing else");

    // Answers in any order; a late one; a changed one.
    bot.clock.set(at(30, 10));
    let text = pick(&bot, &bob, &sent, 1, 4).await;
    assert!(
        text.starts_with("Saved for Term check-up, question 1: 4. 1 of 4 answered"),
        "{text}"
    );
    pick(&bot, &chloe, &sent, 3, 2).await;
    pick(&bot, &chloe, &sent, 1, 5).await;
    pick(&bot, &dan, &sent, 1, 3).await;
    // The reminder, a day before it closes, goes to those with no answer.
    scheduler.run_due(at(31, 9)).await.unwrap();
    let mut reminded: Vec<String> = delivery
        .take()
        .iter()
        .map(|o| match &o.target {
            Target::Direct { user_id, .. } => user_id.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    reminded.sort();
    assert_eq!(reminded, vec![ada.id.clone(), eve.id.clone()]);
    bot.clock.set(at(31, 12));
    let text = pick(&bot, &eve, &sent, 1, 2).await;
    assert!(text.contains("question 1: 2"), "{text}");
    bot.clock.set(at(31, 13));
    pick(&bot, &bob, &sent, 1, 5).await;
    // 5, 5, 3, 2: mean 3.75, median 4.
    let text = bot.say(&ada, "pulse results 1").await;
    assert!(
        text.contains("run 1 of 1 (open until 2026-12-02 09:00 (UTC)): 4 of 5 answered (80%)"),
        "{text}"
    );
    assert!(text.contains("4 answers · mean 3.8 · median 4.0"), "{text}");
    assert!(text.contains("5 — █████░░░░░ 2 answers (50%)"), "{text}");
    assert!(
        text.contains("Hidden until at least 3 people answer (1 so far)"),
        "the choice question: {text}"
    );

    // It closes on time; its creator hears the response rate.
    bot.clock.set(at(32, 9));
    scheduler.run_due(at(32, 9)).await.unwrap();
    let closing = delivery.texts().join("\n");
    delivery.take();
    assert!(
        closing.contains("Run 1 of pulse #1 Term check-up has closed: 4 of 5 answered (80%)"),
        "{closing}"
    );
    let text = pick(&bot, &dan, &sent, 1, 1).await;
    assert_eq!(
        text,
        "Term check-up is closed: answers are no longer taken."
    );

    // Two more runs: 3, 3, 4 (mean 3.3), then 5, 4, 5 (mean 4.7).
    for (day, values) in [(37, [3u8, 3, 4]), (44, [5, 4, 5])] {
        bot.clock.set(at(day, 9));
        scheduler.run_due(at(day, 9)).await.unwrap();
        bot.clock.set(at(day, 10));
        let sent = delivery.take();
        assert_eq!(sent.len(), 20, "{day}");
        for (who, value) in [&bob, &chloe, &dan].into_iter().zip(values) {
            let text = pick(&bot, who, &sent, 1, value).await;
            assert!(text.starts_with("Saved"), "{text}");
        }
        bot.clock.set(at(day + 2, 9));
        scheduler.run_due(at(day + 2, 9)).await.unwrap();
        delivery.take();
    }
    let out = bot
        .send(&ada, InputKind::Text("pulse results 1".into()))
        .await;
    let text = plain(&out);
    assert!(
        text.contains("run 3 of 3 (closed 2026-12-16 09:00 (UTC)): 3 of 5 answered (60%)"),
        "{text}"
    );
    assert!(
        text.contains("1. run 1 3.8 · run 2 3.3 · run 3 4.7 — up 1.3 since run 2"),
        "{text}"
    );
    let image = out[0].message.image.as_ref().expect("a trend chart");
    assert_eq!(&image.png[..4], b"\x89PNG");
    assert!(
        image
            .alt
            .ends_with("by run: run 1: 3.8, run 2: 3.3, run 3: 4.7"),
        "{}",
        image.alt
    );
    let text = bot.say(&ada, "pulse results 1 2").await;
    assert!(text.contains("run 2 of 3"), "{text}");
    assert!(text.contains("— down 0.4 since run 1"), "{text}");
    // The results are its managers' only.
    let text = bot.say(&bob, "pulse results 1").await;
    assert_eq!(text, "There is no pulse #1 that you manage here.");
}

/// Results of a question, and of a group inside it, show only with k
/// answers, and never so that a hidden group can be worked out.
async fn k_anonymity_hides_small_counts_and_small_groups(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let people: Vec<Who> = (1..=10).map(|i| Who::member(&format!("P{i}"))).collect();
    everyone_speaks(&bot, &people.iter().collect::<Vec<_>>()).await;
    bot.say(&ada, "circle create Writers").await;
    // Two of the ten are mentors in a circle; the others have no role.
    for p in &people[..2] {
        let text = bot
            .say(&ada, &format!("circle add Writers {} mentor", p.name))
            .await;
        assert!(!text.contains("isn't"), "{text}");
    }
    bot.say(&ada, "pulse create Load").await;
    bot.say(
        &ada,
        r#"pulse question add 1 scale "How is your load?" "heavy" "light""#,
    )
    .await;
    bot.say(&ada, "pulse schedule 1").await;
    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(at(23, 10)).await.unwrap();
    let sent = delivery.take();
    assert_eq!(sent.len(), 11, "the ten, and Ada");

    pick(&bot, &people[2], &sent, 1, 4).await;
    pick(&bot, &people[3], &sent, 1, 2).await;
    let text = bot.say(&ada, "pulse results 1").await;
    assert!(
        text.contains("Hidden until at least 3 people answer (2 so far)"),
        "{text}"
    );
    assert!(!text.contains("mean"), "{text}");
    pick(&bot, &people[4], &sent, 1, 3).await;
    let text = bot.say(&ada, "pulse results 1").await;
    assert!(text.contains("3 answers · mean 3.0 · median 3.0"), "{text}");
    // A changed answer, given through another process on the same
    // database: the results this one has opened (and keeps) are stale, and
    // it knows from the run's revision.
    let other = bot.restart().await;
    let text = plain(
        &other
            .handle(people[4].input(InputKind::Text("pulse answer 1 1 1".into())))
            .await,
    );
    assert!(text.starts_with("Saved"), "{text}");
    let text = bot.say(&ada, "pulse results 1").await;
    assert!(text.contains("3 answers · mean 2.3 · median 2.0"), "{text}");
    pick(&bot, &people[4], &sent, 1, 3).await;

    // All ten: 8 members and 2 mentors. Showing the members' figure would
    // give the mentors' away (the total minus it), so neither shows.
    for p in people[5..].iter().chain(&people[..2]) {
        pick(&bot, p, &sent, 1, 5).await;
    }
    let text = bot.say(&ada, "pulse results 1").await;
    assert!(text.contains("10 answers"), "{text}");
    assert!(
        text.contains("By role: other roles hidden (fewer than 3 answers each"),
        "{text}"
    );
    assert!(!text.contains("mentors 5.0"), "{text}");
    assert!(!text.contains("members 4"), "{text}");
}

/// An anonymous answer adds one opaque row and changes nothing else: no
/// member id, no time, no readable answer anywhere in the database.
async fn anonymous_answers_leave_no_trace_in_the_database(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let (bob, chloe) = (Who::member("Bob"), Who::member("Chloé"));
    everyone_speaks(&bot, &[&ada, &bob, &chloe]).await;
    bot.say(&ada, "pulse create Honest").await;
    bot.say(&ada, r#"pulse question add 1 nps "Recommend us?""#)
        .await;
    bot.say(&ada, r#"pulse question add 1 text "Why?""#).await;
    bot.say(&ada, "pulse schedule 1").await;
    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(at(23, 10)).await.unwrap();
    let sent = delivery.take();
    // A score of 0 is a button too.
    assert_eq!(dms_to(&sent, &bob)[0].message.components.len(), 11);

    let before = bot.snapshot().await;
    bot.clock.set(at(23, 11));
    let text = pick(&bot, &bob, &sent, 1, 0).await;
    assert!(text.contains("question 1: 0"), "{text}");
    // The form's answer, through the inbox as the platforms send it.
    let secret = "ZEBRA-CROSSING-7731";
    let received = bot
        .engine
        .handle_once(
            "test",
            "event-1",
            None,
            press(
                &bob,
                Action::PulseText {
                    run_id: 1,
                    position: 2,
                },
                vec![format!("because {secret}")],
            ),
            true,
        )
        .await;
    let bot_core::Received::Answer { out, .. } = received else {
        panic!("answered")
    };
    assert!(plain(&out).contains("2 of 2 answered"), "{}", plain(&out));
    let after = bot.snapshot().await;
    assert!(!after.contains(secret), "the text is nowhere readable");
    // The snapshot has a line per table: only three changed. The response
    // row (respondent hash, sealed answers), the hashed key of the received
    // event, and the run's count of answer writes (its revision); nothing
    // in them names Bob or the hour.
    let changed: Vec<&str> = after
        .lines()
        .filter(|line| !before.lines().any(|b| b == *line))
        .collect();
    let tables: Vec<&str> = changed
        .iter()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        tables,
        vec!["inbox", "pulse_responses", "pulse_runs"],
        "{changed:#?}"
    );
    let hour = at(23, 11).timestamp_millis().to_string();
    for line in &changed {
        assert!(!line.contains(&bob.id) && !line.contains("Bob"), "{line}");
        assert!(!line.contains(&hour), "{line}");
    }
    assert!(before.contains("pulse_responses: []"), "{before}");
    // The same event again is not counted again.
    let again = bot
        .engine
        .handle_once(
            "test",
            "event-1",
            None,
            press(
                &bob,
                Action::PulseText {
                    run_id: 1,
                    position: 2,
                },
                vec!["changed".into()],
            ),
            true,
        )
        .await;
    assert!(matches!(again, bot_core::Received::Before), "{again:?}");
    // With three answers the texts show, in an order of their own.
    pick(&bot, &chloe, &sent, 1, 9).await;
    bot.say(&chloe, "pulse answer 1 2 more time to plan").await;
    bot.say(&ada, "pulse answer 1 1 10").await;
    bot.say(&ada, "pulse answer 1 2 it works").await;
    let text = bot.say(&ada, "pulse results 1").await;
    // 0 detractor, 9 and 10 promoters: (2 − 1) / 3 = +33.
    assert!(text.contains("eNPS +33"), "{text}");
    assert!(text.contains(&format!("“because {secret}”")), "{text}");
    assert!(text.contains("“more time to plan”"), "{text}");
}

/// Circle pulses go to the circle's people, with its place for closed DMs;
/// the wrong people and bad answers are refused and change nothing.
async fn bad_pulse_input_changes_nothing(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let (bob, chloe) = (Who::member("Bob"), Who::member("Chloé"));
    everyone_speaks(&bot, &[&ada, &bob, &chloe]).await;
    bot.say(&ada, "circle create Writers").await;
    bot.say(&bob, "circle join Writers").await;
    bot.say(&chloe, "circle join Writers").await;
    bot.say(&ada, "pulse create Circle pulse").await;
    bot.say(
        &ada,
        r#"pulse question add 1 choice "Best day?" "Mon" "Tue""#,
    )
    .await;
    let before = bot.snapshot().await;
    for (who, line, expected) in [
        (
            &bob,
            "pulse schedule 1",
            "There is no pulse #1 that you manage here.",
        ),
        (
            &bob,
            "pulse question add 1 nps \"x\"",
            "There is no pulse #1 that you manage here.",
        ),
        (
            &ada,
            "pulse question add 1 choice \"Only one?\" \"a\"",
            "A one choice question takes",
        ),
        (
            &ada,
            "pulse question add 1 nps \"x\" \"a\" \"b\"",
            "A score 0–10 question takes",
        ),
        (&ada, "pulse question add 1 text \"\"", "can't be empty"),
        (
            &ada,
            "pulse question remove 1 5",
            "Pulse #1 has no question 5.",
        ),
        (
            &ada,
            "pulse schedule 1 open:10m",
            "A run stays open between 1 hour and 90 days.",
        ),
        (&ada, "pulse schedule 1 remind:4d", "The reminder comes"),
        (
            &ada,
            "pulse schedule 1 open:3d every day 09:00",
            "Runs this close together would overlap",
        ),
        (&ada, "pulse create k:2 Too small", "k"),
        (
            &ada,
            "pulse results 9",
            "There is no pulse #9 that you manage here.",
        ),
        (&ada, "pulse results 1", "Pulse #1 has not run yet."),
        (&ada, "pulse pause 1", "Pulse #1 is not scheduled"),
        (
            &bob,
            "pulse answer 1 1 1",
            "This pulse run (#1) was not sent to you.",
        ),
    ] {
        let text = bot.say(who, line).await;
        assert!(text.contains(expected), "{line}: {text}");
    }
    assert_eq!(bot.snapshot().await, before, "refusals change nothing");

    // A host sends it to their circle: the DM falls back to its place.
    let text = bot.say(&ada, "circle host Writers Chloé").await;
    assert!(text.contains("Chloé"), "{text}");
    let text = bot.say(&ada, "pulse schedule 1 circle:Writers").await;
    assert!(text.contains("To: circle Writers"), "{text}");
    let (scheduler, delivery) = bot.scheduler("a");
    scheduler.run_due(at(23, 10)).await.unwrap();
    let sent = delivery.take();
    let to: Vec<&str> = sent
        .iter()
        .map(|o| match &o.target {
            Target::Direct {
                user_id,
                fallback_channel,
                ..
            } => {
                assert!(fallback_channel.is_some(), "{o:?}");
                user_id.as_str()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    let mut to = to;
    to.sort_unstable();
    assert_eq!(
        to,
        vec![bob.id.as_str(), chloe.id.as_str()],
        "the circle's people"
    );

    let before = bot.snapshot().await;
    for (who, line, expected) in [
        (
            &ada,
            "pulse question add 1 nps \"late\"",
            "has been scheduled",
        ),
        (
            &bob,
            "pulse answer 1 1 3",
            "Question 1 takes a number from 1 to 2.",
        ),
        (&bob, "pulse answer 1 7 1", "Pulse #1 has no question 7."),
        (
            &bob,
            "pulse answer 1 1 one",
            "Question 1 takes a number from 1 to 2.",
        ),
        (
            &ada,
            "pulse answer 1 1 1",
            "This pulse run (#1) was not sent to you.",
        ),
        (
            &chloe,
            "pulse answer 2 1 1",
            "This pulse run (#2) was not sent to you.",
        ),
    ] {
        let text = bot.say(who, line).await;
        assert!(text.contains(expected), "{line}: {text}");
    }
    assert_eq!(bot.snapshot().await, before, "refusals change nothing");
    let text = bot.say(&bob, "pulse answer 1 1 2").await;
    assert!(text.contains("question 1: Tue"), "{text}");
}

/// A circle's check-in asks its mentees about the session and its mentor
/// about their mentees' progress; the mentor reads what mentees said once
/// three did; hosts and admins read the circle's; it can be switched off.
async fn feedback_after_a_meeting_goes_both_ways(db: Db) {
    let bot = bot_or_skip!(db);
    let ada = Who::admin("Ada");
    let mia = Who::member("Mia");
    let mentees: Vec<Who> = ["Noor", "Omar", "Pia"].map(Who::member).to_vec();
    everyone_speaks(&bot, &[&ada, &mia, &mentees[0], &mentees[1], &mentees[2]]).await;
    bot.say(&ada, "circle create Writers").await;
    bot.say(&ada, "circle add Writers Mia mentor").await;
    for m in &mentees {
        bot.say(m, "circle join Writers").await;
    }
    let (scheduler, delivery) = bot.scheduler("a");
    let text = bot.say(&mentees[0], "checkin Writers").await;
    assert!(text.contains("Writers"), "{text}");
    scheduler.run_due(at(23, 10)).await.unwrap();
    let sent = delivery.take();
    for m in &mentees {
        let dms = dms_to(&sent, m);
        assert_eq!(dms.len(), 3, "{}: the session questions", m.name);
        assert!(
            dms[0].message.text.contains("Session feedback: Writers"),
            "{:?}",
            dms[0]
        );
    }
    let to_mia = dms_to(&sent, &mia);
    assert_eq!(to_mia.len(), 3, "the progress questions");
    assert!(
        to_mia[0]
            .message
            .text
            .contains("How are your mentees progressing")
    );
    assert!(dms_to(&sent, &ada).is_empty(), "not in the circle");
    assert_eq!(sent.len(), 12);

    // Another meeting the same day asks nothing new.
    bot.clock.set(at(23, 12));
    bot.say(&mentees[1], "checkin Writers").await;
    scheduler.run_due(at(23, 12)).await.unwrap();
    assert!(delivery.take().is_empty());

    let text = bot.say(&mia, "feedback mine").await;
    assert!(
        text.contains("Hidden until at least 3 people answer (0 so far)"),
        "{text}"
    );
    pick(&bot, &mentees[0], &sent, 1, 4).await;
    pick(&bot, &mentees[1], &sent, 1, 5).await;
    pick(&bot, &mia, &sent, 1, 2).await;
    let text = bot.say(&mia, "feedback mine").await;
    assert!(text.contains("1 meeting, 2 answers"), "{text}");
    assert!(text.contains("(2 so far)"), "{text}");
    pick(&bot, &mentees[2], &sent, 1, 3).await;
    let text = bot.say(&mia, "feedback mine").await;
    assert!(text.contains("3 answers · mean 4.0 · median 4.0"), "{text}");
    // A mentee cannot read it; the circle's admin reads both directions.
    let text = bot.say(&mentees[0], "feedback show Writers").await;
    assert!(text.contains("host"), "{text}");
    let out = bot
        .send(&ada, InputKind::Text("feedback show Writers".into()))
        .await;
    assert_eq!(out.len(), 2, "session and progress");
    let session = bot_core::model::markdown_to_plain(&out[0].message.text);
    assert!(session.contains("3 of 3 answered"), "{session}");
    let progress = bot_core::model::markdown_to_plain(&out[1].message.text);
    assert!(progress.contains("1 of 1 answered"), "{progress}");
    assert!(
        progress.contains("Hidden until at least 3"),
        "one mentor: {progress}"
    );

    // The runs close without telling the circle's creator.
    scheduler.run_due(at(26, 11)).await.unwrap();
    assert!(delivery.take().is_empty());
    // Switched off, a meeting asks nothing.
    let text = bot.say(&ada, "circle feedback Writers off").await;
    assert!(text.contains("no longer"), "{text}");
    bot.clock.set(at(27, 10));
    bot.say(&mentees[0], "checkin Writers").await;
    scheduler.run_due(at(27, 10)).await.unwrap();
    assert!(delivery.take().is_empty());
    let text = bot.say(&mentees[0], "circle feedback Writers on").await;
    assert!(text.contains("host"), "only hosts switch it: {text}");
}

on_both_databases!(
    feedback_after_a_meeting_goes_both_ways,
    a_recurring_pulse_over_three_runs_shows_its_trend,
    k_anonymity_hides_small_counts_and_small_groups,
    anonymous_answers_leave_no_trace_in_the_database,
    bad_pulse_input_changes_nothing,
);
