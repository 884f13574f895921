//! Bad input gets a clear, localized message and changes nothing.

use bot_core::metrics::Outcome;
use bot_core::{InputKind, Locale};

use crate::helpers::{Db, Who};
use crate::{bot_or_skip, on_both_databases};

/// Each line with a phrase its English reply must contain.
const BAD: &[(&str, &str)] = &[
    (r#"circle create """#, "The name can't be empty"),
    ("circle create \"   \"", "The name can't be empty"),
    ("circle create", "`name` is missing"),
    (
        "circle create \"bad\u{7}name\"",
        "invisible or control character",
    ),
    (
        "circle create \"evil\u{202E}txt\"",
        "invisible or control character",
    ),
    (
        "circle create \"zero\u{200B}width\"",
        "invisible or control character",
    ),
    ("circle create Rust capacity:0", "from 1 to 500, not `0`"),
    (
        "circle create Rust capacity:10000",
        "from 1 to 500, not `10000`",
    ),
    ("circle create Rust capacity:six", "whole number"),
    ("circle create Rust capacity:6 capacity:7", "given twice"),
    (
        "circle create Rust kind:club",
        "Choose one of: group, peer, team",
    ),
    ("circle create Rust topic:\"\u{1}\"", "The topic contains"),
    ("circle create \"Rust beginners", "A quote is not closed"),
    ("circle frobnicate", "Choose one of: create, join"),
    ("circel list", "Did you mean `circle`?"),
    ("circle list 1 2", "I didn't expect `2`"),
    ("circle list 0", "from 1 to 1000, not `0`"),
    ("circle list 2", "There is no page 2: the list has 1"),
    ("circle join", "`circle` is missing"),
    ("circle join Nowhere", "There is no circle named Nowhere"),
    (
        "circle add Existing Nobody",
        "I don't know a member called Nobody",
    ),
    (
        "circle add Existing Bob overlord",
        "Choose one of: mentor, mentee, peer, host",
    ),
    ("settings timezone Mars/Olympus", "not a time zone I know"),
    ("settings language de", "I don't speak `de` yet"),
    ("help nothing-here", "I don't know the command"),
];

async fn bad_input_changes_nothing(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    bot.say(&admin, "circle create Existing capacity:4").await;
    bot.say(&Who::member("Bob"), "circle join Existing").await;
    let before = bot.snapshot().await;
    let refused_before = bot.engine.metrics().count(Outcome::Refused);

    let long_name = format!("circle create \"{}\"", "n".repeat(101));
    let long_topic = format!("circle create Fine \"{}\"", "t".repeat(301));
    let huge = format!("circle create {}", "x".repeat(100_000));
    let mut cases: Vec<(String, &str)> = BAD.iter().map(|(l, e)| ((*l).to_owned(), *e)).collect();
    cases.push((long_name, "too long: at most 100 characters"));
    cases.push((long_topic, "too long: at most 300 characters"));
    cases.push((huge, "too long"));

    for (line, expected) in &cases {
        let out = bot.send(&admin, InputKind::Text(line.clone())).await;
        assert_eq!(out.len(), 1, "{line}");
        assert!(
            out[0].message.ephemeral,
            "errors are shown only to the sender: {line}"
        );
        let text = bot_core::model::markdown_to_plain(&out[0].message.text);
        assert!(text.contains(expected), "{line:?} → {text}");
        assert!(
            !text.contains("Sorry, something went wrong"),
            "{line:?} → {text}"
        );
    }
    assert_eq!(
        before,
        bot.snapshot().await,
        "a refusal changed the database"
    );
    let refused = bot.engine.metrics().count(Outcome::Refused) - refused_before;
    assert_eq!(refused as usize, cases.len());
    assert_eq!(bot.engine.metrics().count(Outcome::Failed), 0);

    // The same refusals in French and Dutch name the same problem.
    for (locale, phrase) in [
        (Locale::Fr, "doit être un nombre entier"),
        (Locale::Nl, "moet een geheel getal"),
    ] {
        let who = Who::admin("Ada").with_locale(locale);
        let text = bot.say(&who, "circle create Rust capacity:0").await;
        assert!(text.contains(phrase), "{locale}: {text}");
        let text = bot.say(&who, "circle create \"\"").await;
        assert!(!text.contains("can't be empty"), "{locale}: {text}");
    }
    // Only that Ada's client reads Dutch is remembered (for what is sent
    // to her later): nothing the refused commands asked for.
    let others = |snapshot: &str| -> Vec<String> {
        snapshot
            .lines()
            .filter(|l| !l.starts_with("members:"))
            .map(str::to_owned)
            .collect()
    };
    let after = bot.snapshot().await;
    assert_eq!(others(&before), others(&after));
    let ada = bot
        .store()
        .member_context(crate::helpers::COMMUNITY, "user:ada")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            ada.display_name.as_deref(),
            ada.is_admin,
            ada.locale.as_deref()
        ),
        (Some("Ada"), Some(true), None)
    );
    assert_eq!(ada.platform_locale.as_deref(), Some("nl"));
}

async fn odd_but_valid_names_are_kept_exactly(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    for name in [
        "Robert'); DROP TABLE circles;--",
        "🦀 Rustaceans",
        "מעגל מנטורים",
        "100% *bold* _claims_",
    ] {
        let text = bot.say(&admin, &format!("circle create \"{name}\"")).await;
        assert!(text.contains(name), "{name}: {text}");
        let text = bot.say(&admin, &format!("circle info {name}")).await;
        assert!(text.starts_with(name), "{name}: {text}");
    }
    let text = bot.say(&admin, "circle list").await;
    assert!(text.starts_with("4 circles:"), "{text}");
}

on_both_databases!(
    bad_input_changes_nothing,
    odd_but_valid_names_are_kept_exactly
);
