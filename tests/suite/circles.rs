//! Circle scenarios through the whole engine, on both databases.

use bot_core::{Action, Component, InputKind, Locale, Person, Target};

use crate::helpers::{Db, Who, plain};
use crate::{bot_or_skip, on_both_databases};

async fn create_join_list(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    let out = bot
        .send(
            &admin,
            InputKind::Text(r#"circle create "Rust beginners" capacity:3"#.to_owned()),
        )
        .await;
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].target, Target::Reply);
    let text = plain(&out);
    assert!(
        text.contains("Rust beginners") && text.contains("(0/3)"),
        "{text}"
    );
    // The reply offers a Join button whose action id decodes after the fact.
    let Some(Component::Button { action, .. }) = out[0].message.components.first() else {
        panic!("no join button: {:?}", out[0].message)
    };
    assert!(matches!(
        Action::decode(&action.encode()),
        Ok(Action::CircleJoin { .. })
    ));

    let text = bot.say(&admin, r#"circle join "Rust beginners""#).await;
    assert!(text.contains("(1/3)"), "{text}");
    let text = bot.say(&Who::member("Bob"), "circle list").await;
    assert!(text.contains("1 circle"), "{text}");
    assert!(text.contains("Rust beginners — 1/3"), "{text}");
}

async fn capacity_roles_and_leaving(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    bot.say(&admin, "circle create Peers capacity:2 kind:peer")
        .await;
    let text = bot.say(&Who::member("Bob"), "circle join peers").await;
    assert!(text.contains("as peer (1/2)"), "{text}");
    let text = bot.say(&Who::member("Bob"), "circle join Peers").await;
    assert!(text.contains("already in Peers (as peer)"), "{text}");
    bot.say(&Who::member("Chloé"), "circle join Peers").await;
    let before = bot.snapshot().await;
    let text = bot.say(&Who::member("Dan"), "circle join Peers").await;
    assert!(text.contains("Peers is full (2/2)"), "{text}");
    // Dan became a known member, but nothing about the circle changed.
    let after = bot.snapshot().await;
    assert_eq!(
        crate::helpers::without_people(&before),
        crate::helpers::without_people(&after)
    );

    let text = bot.say(&Who::member("Bob"), "circle info Peers").await;
    assert!(text.contains("Bob (peer), Chloé (peer)"), "{text}");
    assert!(text.contains("2/2"), "{text}");
    assert!(text.contains("Created on 2026-11-23"), "{text}");

    let text = bot.say(&Who::member("Bob"), "circle leave Peers").await;
    assert!(text.contains("You left Peers (1/2)"), "{text}");
    let text = bot.say(&Who::member("Bob"), "circle leave Peers").await;
    assert!(text.contains("You are not in Peers"), "{text}");
    let text = bot.say(&Who::member("Dan"), "circle join Peers").await;
    assert!(text.contains("(2/2)"), "{text}");
}

async fn hosts_manage_members_and_others_cannot(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    let bob = Who::member("Bob");
    let chloe = Who::member("Chloé");
    bot.say(&admin, r#"circle create "Teachers" "Classroom practice" 6"#)
        .await;
    bot.say(&bob, "settings show").await;
    bot.say(&chloe, "settings show").await;

    // A plain member cannot manage the circle; nothing changes.
    let before = bot.snapshot().await;
    for line in [
        "circle add Teachers Chloé",
        "circle host Teachers Bob",
        "circle remove Teachers Chloé",
        "circle archive Teachers",
        "circle create Mine",
    ] {
        let text = bot.say(&bob, line).await;
        assert!(
            text.contains("Only a host of Teachers or an admin")
                || text.contains("Only community admins"),
            "{line}: {text}"
        );
    }
    assert_eq!(before, bot.snapshot().await);

    let text = bot.say(&admin, "circle host Teachers bob").await;
    assert!(text.contains("Bob now hosts Teachers"), "{text}");
    // Now Bob hosts, so he can add and remove.
    let text = bot.say(&bob, "circle add Teachers chloé mentor").await;
    assert!(
        text.contains("Added Chloé to Teachers as mentor (2/6)"),
        "{text}"
    );
    let text = bot.say(&bob, "circle add Teachers Chloé mentee").await;
    assert!(text.contains("Chloé is now mentee in Teachers"), "{text}");
    let text = bot.say(&bob, "circle add Teachers Chloé mentee").await;
    assert!(text.contains("already in Teachers (as mentee)"), "{text}");
    let text = bot.say(&bob, "circle info Teachers").await;
    assert!(text.contains("Topic: Classroom practice"), "{text}");
    assert!(text.contains("Bob (host), Chloé (mentee)"), "{text}");
    let text = bot.say(&bob, "circle remove Teachers Chloé").await;
    assert!(text.contains("Removed Chloé from Teachers (1/6)"), "{text}");
    let text = bot.say(&bob, "circle remove Teachers Chloé").await;
    assert!(text.contains("Chloé is not in Teachers"), "{text}");
    let text = bot.say(&bob, "circle host Teachers Bob").await;
    assert!(text.contains("already hosts"), "{text}");

    let text = bot.say(&bob, "circle archive Teachers").await;
    assert!(text.contains("Teachers is archived"), "{text}");
    let text = bot.say(&chloe, "circle join Teachers").await;
    assert!(text.contains("There is no circle named Teachers"), "{text}");
    let text = bot.say(&chloe, "circle list").await;
    assert!(text.contains("no circles yet"), "{text}");
}

async fn members_are_found_by_mention_id_and_name(db: Db) {
    let bot = bot_or_skip!(db);
    let mut admin = Who::admin("Ada");
    bot.say(&admin, "circle create Ops").await;
    bot.say(&Who::member("Bob"), "help").await;

    // Someone who never spoke, resolved by the platform (a Discord mention).
    admin.mentions = vec![Person {
        user_id: "998877".to_owned(),
        display_name: "Zoë".to_owned(),
    }];
    let text = bot.say(&admin, "circle add Ops <@998877> mentor").await;
    assert!(text.contains("Added Zoë to Ops as mentor"), "{text}");
    admin.mentions.clear();
    let text = bot.say(&admin, "circle add Ops user:bob").await;
    assert!(text.contains("Added Bob to Ops as mentee"), "{text}");
    let text = bot.say(&admin, "circle add Ops Bobby").await;
    assert!(text.contains("Did you mean Bob?"), "{text}");
    let text = bot.say(&admin, "circle add Ops Xavier").await;
    assert!(
        text.contains("I don't know a member called Xavier"),
        "{text}"
    );

    // Two people with one display name: ask for a mention.
    let other_bob = Who {
        id: "user:bob2".to_owned(),
        ..Who::member("Bob")
    };
    bot.say(&other_bob, "help").await;
    let text = bot.say(&admin, "circle remove Ops bob").await;
    assert!(text.contains("2 members are called bob"), "{text}");
}

async fn unknown_circles_get_a_suggestion(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    bot.say(&admin, r#"circle create "Rust beginners""#).await;
    let text = bot.say(&admin, "circle join Rust begginers").await;
    assert_eq!(
        text,
        "There is no circle named Rust begginers. Did you mean Rust beginners?"
    );
    let text = bot.say(&admin, "circle info Gardening").await;
    assert!(text.contains("`circle list` shows them all"), "{text}");
    let text = bot.say(&admin, r#"circle create "rust BEGINNERS""#).await;
    assert!(text.contains("already exists"), "{text}");
}

async fn buttons_work_after_a_restart(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    let out = bot
        .send(&admin, InputKind::Text("circle create Evening".to_owned()))
        .await;
    let Some(Component::Button { action, .. }) = out[0].message.components.first() else {
        panic!("no button")
    };
    let id = action.encode();

    // A new engine on the same database: nothing is kept in memory.
    let restarted = bot.restart().await;
    let press = Who::member("Bob").input(InputKind::Action {
        action: id.clone(),
        values: vec![],
    });
    let text = plain(&restarted.handle(press).await);
    assert!(
        text.contains("You joined Evening as mentee (1/8)"),
        "{text}"
    );

    // Info offers Leave to a member, and Leave works through its id too.
    let out = restarted
        .handle(Who::member("Bob").input(InputKind::Text("circle info Evening".to_owned())))
        .await;
    let Some(Component::Button { action, .. }) = out[0].message.components.first() else {
        panic!("no button")
    };
    assert!(matches!(action, Action::CircleLeave { .. }));
    let text = plain(
        &restarted
            .handle(Who::member("Bob").input(InputKind::Action {
                action: action.encode(),
                values: vec![],
            }))
            .await,
    );
    assert!(text.contains("You left Evening"), "{text}");

    let text = plain(
        &restarted
            .handle(Who::member("Bob").input(InputKind::Action {
                action: "circle:join:999999".to_owned(),
                values: vec![],
            }))
            .await,
    );
    assert!(text.contains("archived"), "{text}");
    let text = plain(
        &restarted
            .handle(Who::member("Bob").input(InputKind::Action {
                action: "garbage".to_owned(),
                values: vec![],
            }))
            .await,
    );
    assert!(text.contains("no longer works"), "{text}");
}

async fn replies_follow_the_readers_language(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada").with_locale(Locale::Fr);
    let text = bot
        .say(&admin, r#"circle create "Rust beginners" capacity:3"#)
        .await;
    assert!(
        text.starts_with("Cercle Rust beginners créé (0/3)"),
        "{text}"
    );
    let nl = Who::member("Bram").with_locale(Locale::Nl);
    let text = bot.say(&nl, "kring deelnemen Rust beginners").await;
    assert_eq!(text, "Je bent lid van Rust beginners als mentee (1/3).");
    let text = bot.say(&Who::member("Eve"), "circle list").await;
    assert!(text.starts_with("1 circle:"), "{text}");
}

async fn commands_need_the_prefix_in_rooms(db: Db) {
    let bot = bot_or_skip!(db);
    let mut room = Who::admin("Ada");
    room.prefix_optional = false;
    assert!(
        bot.send(&room, InputKind::Text("circle list".to_owned()))
            .await
            .is_empty()
    );
    assert!(
        bot.send(&room, InputKind::Text("!mentorship".to_owned()))
            .await
            .is_empty()
    );
    let text = bot.say(&room, "!mentor circle list").await;
    assert!(text.contains("no circles yet"), "{text}");
    assert!(text.contains("`!mentor circle create`"), "{text}");
    let text = bot.say(&room, "!MENTOR").await;
    assert!(text.contains("start each with `!mentor`"), "{text}");
}

async fn another_process_archiving_and_reusing_a_name_is_seen(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    bot.say(&admin, "circle create Night capacity:4").await;
    // This engine now has "Night" cached.
    let text = bot.say(&Who::member("Bob"), "circle join Night").await;
    assert!(text.contains("(1/4)"), "{text}");

    // A second process on the same database archives it and reuses the name.
    let other = bot.restart().await;
    for line in ["circle archive Night", "circle create Night capacity:2"] {
        other
            .handle(admin.input(InputKind::Text(line.to_owned())))
            .await;
    }

    // The first engine acts on the new circle, not the archived one.
    let text = bot.say(&Who::member("Chloé"), "circle join Night").await;
    assert!(text.contains("You joined Night as mentee (1/2)"), "{text}");
    let text = bot.say(&Who::member("Bob"), "circle info Night").await;
    assert!(text.contains("Members: Chloé (mentee)"), "{text}");
    let text = bot.say(&Who::member("Chloé"), "circle leave Night").await;
    assert!(text.contains("You left Night (0/2)"), "{text}");
}

async fn long_lists_are_paged(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    for i in 0..23 {
        bot.say(&admin, &format!("circle create \"Circle {i:02}\""))
            .await;
    }
    let text = bot.say(&admin, "circle list").await;
    assert!(text.starts_with("23 circles (page 1 of 3):"), "{text}");
    assert!(
        text.contains("Circle 00") && text.contains("Circle 09"),
        "{text}"
    );
    assert!(!text.contains("Circle 10"), "{text}");
    assert!(
        text.ends_with("`circle list 2` shows the next page."),
        "{text}"
    );
    let text = bot.say(&admin, "circle list page:3").await;
    assert!(
        text.contains("Circle 22") && !text.contains("Circle 19"),
        "{text}"
    );
    assert!(!text.contains("next page"), "{text}");
    let text = bot.say(&admin, "circle list 4").await;
    assert_eq!(text, "There is no page 4: the list has 3.");
}

on_both_databases!(
    another_process_archiving_and_reusing_a_name_is_seen,
    long_lists_are_paged,
    create_join_list,
    capacity_roles_and_leaving,
    hosts_manage_members_and_others_cannot,
    members_are_found_by_mention_id_and_name,
    unknown_circles_get_a_suggestion,
    buttons_work_after_a_restart,
    replies_follow_the_readers_language,
    commands_need_the_prefix_in_rooms,
);

/// Every help text fits in one Discord message (2000 characters), in every
/// language, with the room prefix.
#[tokio::test]
async fn every_help_text_fits_in_one_message() {
    let Some(bot) = crate::helpers::Bot::spawn(Db::Sqlite).await else {
        return;
    };
    let mut topics: Vec<String> = vec![String::new()];
    for spec in bot_core::catalogue::CATALOGUE {
        for len in 1..=spec.path.len() {
            topics.push(spec.path[..len].join(" "));
        }
    }
    topics.dedup();
    for locale in [Locale::En, Locale::Fr, Locale::Nl] {
        let mut who = Who::admin("Ada").with_locale(locale);
        who.prefix_optional = false;
        for topic in &topics {
            let out = bot
                .send(&who, InputKind::Text(format!("!mentor help {topic}")))
                .await;
            assert_eq!(out.len(), 1);
            let text = &out[0].message.text;
            assert!(
                text.chars().count() <= 2000,
                "{locale} help {topic}: {} characters",
                text.chars().count()
            );
            assert!(!text.contains("cmd-") && !text.contains("seg-"), "{text}");
        }
    }
}
