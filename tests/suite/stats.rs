//! Programme figures (`stats`) against a scenario whose every number is
//! worked out by hand below, on both databases.
//!
//! The figures are asked for at T = 2026-12-20 12:00 UTC over the last 30
//! days: the period is [11-20 12:00, 12-20 12:00) and the one before it
//! [10-21 12:00, 11-20 12:00). Everyone is in UTC.

use bot_core::{InputKind, Outgoing};
use chrono::{DateTime, TimeZone, Utc};

use crate::helpers::{Bot, Db, Who, plain};
use crate::{bot_or_skip, on_both_databases};

fn at(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

/// Says `line` as `who` at `when`.
async fn at_say(bot: &Bot, when: DateTime<Utc>, who: &Who, line: &str) -> String {
    bot.clock.set(when);
    bot.say(who, line).await
}

/// Opens the pulse runs due by now.
async fn open_runs(bot: &Bot) {
    use bot_core::Clock;
    let (scheduler, _delivery) = bot.scheduler("stats");
    scheduler.run_due(bot.clock.now()).await.unwrap();
}

struct People {
    ada: Who,
    hana: Who,
    mo: Who,
    ann: Who,
    ben: Who,
    cas: Who,
    dee: Who,
    eli: Who,
    fay: Who,
    gus: Who,
    ivy: Who,
    jo: Who,
}

/// The programme, from September to December.
///
/// Circles: North (group; Hana hosts, Mo mentors, Ann, Ben and Cas are
/// mentees), South (peer: Dee, Eli, Fay), West (group, from 1 November: Gus
/// mentors Ivy; never meets), Old (Jo, who left it on 1 October; archived).
async fn programme(bot: &Bot) -> People {
    let p = People {
        ada: Who::admin("Ada"),
        hana: Who::member("Hana"),
        mo: Who::member("Mo"),
        ann: Who::member("Ann"),
        ben: Who::member("Ben"),
        cas: Who::member("Cas"),
        dee: Who::member("Dee"),
        eli: Who::member("Eli"),
        fay: Who::member("Fay"),
        gus: Who::member("Gus"),
        ivy: Who::member("Ivy"),
        jo: Who::member("Jo"),
    };
    bot.clock.set(at(9, 1, 9));
    for who in [
        &p.ada, &p.hana, &p.mo, &p.ann, &p.ben, &p.cas, &p.dee, &p.eli, &p.fay, &p.gus, &p.ivy,
        &p.jo,
    ] {
        bot.say(who, "settings show").await;
    }
    let ada = &p.ada;
    for line in [
        "circle create North",
        "circle create South kind:peer",
        "circle create Old",
    ] {
        at_say(bot, at(9, 1, 10), ada, line).await;
    }
    for name in ["North", "South", "Old"] {
        // Feedback after meetings is its own feature; these pulses would
        // only add runs without answers here.
        bot.say(ada, &format!("circle feedback {name} off")).await;
    }
    // First joins on 2 September: 12 weeks later (25 November) is in the
    // period, 8 weeks later (28 October) in the one before.
    bot.clock.set(at(9, 2, 10));
    for line in [
        "circle host North Hana",
        "circle add North Mo mentor",
        "circle add North Ann mentee",
        "circle add North Ben mentee",
    ] {
        let text = bot.say(ada, line).await;
        assert!(
            !text.contains("don't") && !text.contains("not"),
            "{line}: {text}"
        );
    }
    bot.say(&p.dee, "circle join South").await;
    bot.say(&p.eli, "circle join South").await;
    // Jo: first joined 5 September (12 weeks: 28 November; 8 weeks: 31
    // October), left on 1 October, never active since.
    at_say(bot, at(9, 5, 10), &p.jo, "circle join Old").await;
    at_say(bot, at(10, 1, 9), &p.jo, "circle leave Old").await;
    at_say(bot, at(10, 2, 9), ada, "circle archive Old").await;
    // Cas: joined 1 October (4 weeks: 29 October; 8 weeks: 26 November).
    at_say(bot, at(10, 1, 10), ada, "circle add North Cas mentee").await;
    // Ann's goal, set before either period, reached in the period.
    at_say(bot, at(10, 10, 10), &p.ann, "goal set Plan a unit").await;
    // Cas: a goal set and reached in the period before.
    at_say(bot, at(10, 25, 10), &p.cas, "goal set Observe a lesson").await;
    // Fay joins South on 28 October (4 weeks: 25 November).
    at_say(bot, at(10, 28, 10), &p.fay, "circle join South").await;
    // The period before: North meets on 28 October (Ann) and 5 November
    // (Hana), South on 10 November (Eli).
    at_say(bot, at(10, 28, 10), &p.ann, "checkin North first meeting").await;
    // West from 1 November; Gus and Ivy join (4 weeks: 29 November).
    at_say(bot, at(11, 1, 10), ada, "circle create West").await;
    bot.say(ada, "circle feedback West off").await;
    bot.say(ada, "circle add West Gus mentor").await;
    bot.say(ada, "circle add West Ivy mentee").await;
    at_say(bot, at(11, 5, 10), &p.hana, "checkin North").await;
    let text = at_say(bot, at(11, 5, 11), &p.cas, "goal done 2").await;
    assert!(text.contains("reached"), "{text}");
    // A pulse in the period before: a scale question answered by 3 (shown:
    // mean 3.0) and a 0–10 question answered by 2 (hidden by k = 3: it must
    // not count in eNPS).
    at_say(bot, at(11, 9, 10), ada, "pulse create Autumn check").await;
    bot.say(ada, "pulse question add 1 scale \"How is it going?\"")
        .await;
    bot.say(ada, "pulse question add 1 nps \"Would you recommend it?\"")
        .await;
    let text = bot.say(ada, "pulse schedule 1").await;
    assert!(!text.contains("not"), "{text}");
    open_runs(bot).await;
    for (who, scale) in [(&p.ann, 2), (&p.ben, 3), (&p.eli, 4)] {
        let text = bot.say(who, &format!("pulse answer 1 1 {scale}")).await;
        assert!(text.starts_with("Saved"), "{text}");
    }
    for who in [&p.ann, &p.ben] {
        bot.say(who, "pulse answer 1 2 0").await;
    }
    at_say(bot, at(11, 10, 10), &p.eli, "checkin South").await;

    // The period.
    at_say(bot, at(11, 25, 10), &p.hana, "checkin North").await;
    at_say(bot, at(11, 25, 15), &p.hana, "checkin North same day").await;
    at_say(bot, at(11, 25, 16), &p.ben, "goal set Try peer feedback").await;
    let text = at_say(bot, at(11, 30, 10), &p.ann, "goal done 1").await;
    assert!(text.contains("reached"), "{text}");
    // South holds a round on 1 December (Dee, Eli and Fay take part) and
    // checks in the same day: one meeting.
    let text = at_say(bot, at(12, 1, 10), &p.dee, "round start South troika").await;
    assert!(text.contains("has started"), "{text}");
    let mut done = false;
    for _ in 0..40 {
        if bot.say(ada, "round next round:1").await.contains("is done") {
            done = true;
            break;
        }
    }
    assert!(done, "the round ends");
    at_say(bot, at(12, 1, 18), &p.dee, "checkin South after the round").await;
    at_say(bot, at(12, 5, 10), &p.ivy, "goal set Read the handbook").await;
    at_say(bot, at(12, 9, 10), &p.hana, "checkin North").await;
    at_say(bot, at(12, 9, 11), &p.mo, "checkin North").await;
    at_say(bot, at(12, 10, 9), &p.ivy, "goal done 4").await;
    // A pulse in the period: scale 4, 5, 3, 2 (mean 3.5); scores 10, 9, 6
    // (2 promoters, 1 detractor of 3: +33).
    at_say(bot, at(12, 10, 10), ada, "pulse create Winter check").await;
    bot.say(ada, "pulse question add 2 scale \"How is it going?\"")
        .await;
    bot.say(ada, "pulse question add 2 nps \"Would you recommend it?\"")
        .await;
    bot.say(ada, "pulse schedule 2").await;
    open_runs(bot).await;
    for (who, scale) in [(&p.ann, 4), (&p.ben, 5), (&p.dee, 3), (&p.eli, 2)] {
        let text = bot.say(who, &format!("pulse answer 2 1 {scale}")).await;
        assert!(text.starts_with("Saved"), "{text}");
    }
    for (who, score) in [(&p.ann, 10), (&p.ben, 9), (&p.dee, 6)] {
        bot.say(who, &format!("pulse answer 2 2 {score}")).await;
    }
    at_say(bot, at(12, 15, 10), &p.ben, "checkin North").await;
    bot.clock.set(at(12, 20, 12));
    p
}

fn stats_reply(out: &[Outgoing]) -> &Outgoing {
    out.iter()
        .find(|o| o.message.text.contains("Programme figures"))
        .unwrap_or_else(|| panic!("no figures: {out:#?}"))
}

async fn every_figure_matches_the_scenario_worked_out_by_hand(db: Db) {
    let bot = bot_or_skip!(db);
    let p = programme(&bot).await;

    let out = bot.send(&p.ada, InputKind::Text("stats".to_owned())).await;
    let reply = stats_reply(&out);
    let text = plain(std::slice::from_ref(reply));
    assert!(
        text.contains(
            "Programme figures: the whole community, the last 30 days (2026-11-20 to 2026-12-20)"
        ),
        "{text}"
    );
    // Members now who had joined by the end: Hana, Mo, Ann, Ben, Cas, Dee,
    // Eli, Fay, Gus, Ivy (Jo left) = 10. Active in the period: Hana, Mo
    // (check-ins), Ann (goal reached), Ben (goal set, check-in), Dee, Eli,
    // Fay (the round), Ivy (goals) = 8. Before: Ann, Hana (check-ins), Cas
    // (goal), Eli (check-in) = 4 of the same 10.
    assert!(
        text.contains("Participation: 8 of 10 members active (80%) — up 40 points from 40%"),
        "{text}"
    );
    // Circles: North, South, West (Old is archived). Meeting days: North
    // 25 Nov (twice), 9 Dec (Hana and Mo), 15 Dec = 3; South 1 Dec (round
    // and check-in) = 1: 4 / 3 circles = 1.3 a month. Before: North 28 Oct,
    // 5 Nov; South 10 Nov: 3 / 3 = 1.0.
    assert!(
        text.contains(
            "Meetings per circle per month: 1.3 (4 meetings in 3 circles) — up 0.3 from 1.0"
        ),
        "{text}"
    );
    // North and South met, West did not, in both periods.
    assert!(
        text.contains("Check-in rate: 2 of 3 circles checked in (67%) — as in the period before"),
        "{text}"
    );
    assert!(text.contains("Rounds held: 1 — up 1 from 0"), "{text}");
    // Open at some point in the period: Ann's (reached 30 Nov), Ben's
    // (open), Ivy's (reached 10 Dec) = 3, 2 reached. Before: Ann's (open
    // then) and Cas's (reached 5 Nov) = 2, 1 reached.
    assert!(
        text.contains("Goal completion: 2 of 3 goals reached (67%) — up 17 points from 50%"),
        "{text}"
    );
    // 4 weeks in the period: Fay (mark 25 Nov; the round), Ivy (29 Nov;
    // goals), Gus (29 Nov; nothing) = 2 of 3. Before: Cas (29 Oct; goal 25
    // Oct, inside the two weeks before) = 1 of 1.
    // 8 weeks: Cas (26 Nov; last active 5 Nov, more than two weeks before)
    // = 0 of 1. Before: the six of 2 September (28 Oct) and Jo (31 Oct):
    // Hana, Ann, Eli active since 14 October = 3 of 7 (43%).
    // 12 weeks: the six of 2 September (25 Nov) and Jo (28 Nov): all six but
    // Jo = 6 of 7 (86%); nobody reached it in the period before.
    assert!(
        text.contains(
            "Retention: at 4 weeks 67% (2 of 3) — down 33 points from 100%; \
             at 8 weeks 0% (0 of 1) — down 43 points from 43%; \
             at 12 weeks 86% (6 of 7) — nothing to compare with in the period before"
        ),
        "{text}"
    );
    // Scale answers 4, 5, 3, 2 (3.5); before 2, 3, 4 (3.0).
    assert!(
        text.contains("Satisfaction: 3.5 of 5 (4 answers to scale questions) — up 0.5 from 3.0"),
        "{text}"
    );
    // 10, 9, 6: +33. Before: two answers only, hidden by k = 3, so none.
    assert!(
        text.contains("eNPS: +33 (3 answers) — nothing to compare with in the period before"),
        "{text}"
    );
    // Mentors: Hana and Mo (North: 3 mentees, 3 meetings), Gus (West: 1
    // mentee, none): 7/3 = 2.3 mentees, 6/3 = 2.0 sessions.
    assert!(
        text.contains(
            "Mentor load: 3 mentors, 2.3 mentees per mentor (most: 3), \
             2.0 sessions per mentor in the period (most: 3)"
        ),
        "{text}"
    );
    // West: created 1 Nov, never met (49 days); South: last met 1 Dec
    // 18:00 (18 days); both past their 14 days. North met 5 days ago.
    assert!(text.contains("Circles at risk: 2"), "{text}");
    let west = text.find("West: 49 days without a meeting (nudged after 14)");
    let south = text.find("South: 18 days without a meeting (nudged after 14)");
    assert!(west.is_some() && south.is_some() && west < south, "{text}");
    assert!(!text.contains("North:"), "{text}");
    let image = reply.message.image.as_ref().expect("a chart");
    assert_eq!(&image.png[..4], b"\x89PNG");
    assert!(
        image.alt.contains("Participation: 80% (was 40%)")
            && image.alt.contains("Goal completion: 67% (was 50%)")
            && image.alt.contains("Retention 12 weeks: 86%"),
        "{}",
        image.alt
    );

    // The export says the same, with what each figure is made of.
    let out = bot
        .send(&p.ada, InputKind::Text("stats export".to_owned()))
        .await;
    let file = out
        .iter()
        .find_map(|o| o.message.file.as_ref())
        .expect("a CSV");
    let csv = String::from_utf8(file.bytes.clone()).unwrap();
    for row in [
        "participation,0.8000,8,10,0.4000,4,10,2026-11-20,2026-12-20",
        "meetings_per_circle_per_month,1.3333,4,3,1.0000,3,3,",
        "checkin_rate,0.6667,2,3,0.6667,2,3,",
        "rounds_held,1.0000,1,,0.0000,0,,",
        "goal_completion,0.6667,2,3,0.5000,1,2,",
        "retention_4w,0.6667,2,3,1.0000,1,1,",
        "retention_8w,0.0000,0,1,0.4286,3,7,",
        "retention_12w,0.8571,6,7,,0,0,",
        "satisfaction,3.5000,,4,3.0000,,3,",
        "enps,33.0000,,3,,,0,",
        "mentees_per_mentor,2.3333,",
        "circles_at_risk,2.0000,2,3,",
        "West,49,14",
        "South,18,14",
    ] {
        assert!(csv.contains(row), "{row} in\n{csv}");
    }

    // A host sees their own circle: North's people are Hana, Mo, Ann, Ben
    // and Cas; only North's check-ins count there: Hana, Mo, Ben in the
    // period (3 of 5), Ann and Hana before (2 of 5). 12 weeks: Hana, Mo,
    // Ben active since 11 Nov in North, Ann not (her goal is hers, not
    // North's) = 3 of 4.
    let text = bot.say(&p.hana, "stats").await;
    assert!(
        text.contains("Programme figures: the circle you host, the last 30 days"),
        "{text}"
    );
    assert!(
        text.contains("Participation: 3 of 5 members active (60%) — up 20 points from 40%"),
        "{text}"
    );
    assert!(text.contains("at 12 weeks 75% (3 of 4)"), "{text}");
    assert_eq!(
        bot.say(&p.hana, "stats North")
            .await
            .replace("circle North", "the circle you host"),
        text,
        "naming the circle shows the same figures"
    );

    // Nobody else sees figures, and asking changes nothing.
    let before = bot.snapshot().await;
    let text = bot.say(&p.ann, "stats").await;
    assert!(text.contains("for admins, and for hosts"), "{text}");
    let text = bot.say(&p.ann, "stats North").await;
    assert!(text.contains("Only a host of North"), "{text}");
    let text = bot.say(&p.ada, "stats Nowhere").await;
    assert!(text.contains("no circle"), "{text}");
    let text = bot.say(&p.ada, "stats period:forever").await;
    assert!(text.contains("30d"), "the periods there are: {text}");
    assert_eq!(bot.snapshot().await, before);

    // 90 days: [9-21 12:00, 12-20 12:00). 8-week marks in it: 28 Oct (the
    // six of 2 September, all active since), 31 Oct (Jo, never), 26 Nov
    // (Cas, not since 12 Nov) = 6 of 8.
    let text = bot.say(&p.ada, "stats period:90d").await;
    assert!(
        text.contains("the last 90 days (2026-09-21 to 2026-12-20)"),
        "{text}"
    );
    assert!(text.contains("at 8 weeks 75% (6 of 8)"), "{text}");
    // The term began on 1 September.
    let text = bot.say(&p.ada, "stats period:term").await;
    assert!(text.contains("this term (since 2026-09-01)"), "{text}");

    // The definitions are in the help, in the reader's language.
    let text = bot.say(&p.ada, "help stats").await;
    assert!(text.contains("Retention at 4, 8, 12 weeks:"), "{text}");
    let text = bot
        .say(
            &p.ada.clone().with_locale(bot_core::Locale::Fr),
            "aide stats",
        )
        .await;
    assert!(text.contains("Rétention à 4, 8 et 12 semaines"), "{text}");
}

on_both_databases!(every_figure_matches_the_scenario_worked_out_by_hand);
