//! Language and time zone: personal choices, platform hints and community
//! defaults, resolved in that order.

use bot_core::Locale;

use crate::helpers::{Db, Who};
use crate::{bot_or_skip, on_both_databases};

async fn personal_settings(db: Db) {
    let bot = bot_or_skip!(db);
    let bob = Who::member("Bob");
    let text = bot.say(&bob, "settings timezone Europe/Paris").await;
    // The fake clock is 10:00 UTC on 2026-11-23: 11:00 in Paris.
    assert_eq!(
        text,
        "Your time zone is now Europe/Paris. It is 2026-11-23 11:00 (Europe/Paris) there."
    );
    let text = bot.say(&bob, "settings timezone new york").await;
    assert!(
        text.contains("America/New_York") && text.contains("05:00"),
        "{text}"
    );
    let text = bot.say(&bob, "settings timezone Europe/Pari").await;
    assert!(text.contains("Did you mean `Europe/Paris`?"), "{text}");

    let text = bot.say(&bob, "settings language fr").await;
    assert_eq!(text, "Je vous parlerai en Français.");
    let text = bot.say(&bob, "circle list").await;
    assert!(text.starts_with("Il n'y a pas encore de cercle"), "{text}");
    let text = bot.say(&bob, "paramètres afficher").await;
    assert!(text.contains("Langue : Français"), "{text}");
    assert!(text.contains("Fuseau horaire : America/New_York"), "{text}");
    let text = bot.say(&bob, "settings language klingon").await;
    assert!(text.contains("Je ne parle pas encore `klingon`"), "{text}");
}

async fn locale_resolution_order(db: Db) {
    let bot = bot_or_skip!(db);
    let admin = Who::admin("Ada");
    // Default: English.
    assert!(
        bot.say(&Who::member("Eve"), "circle list")
            .await
            .starts_with("There are no circles")
    );
    // Community default: Dutch.
    let text = bot.say(&admin, "settings community language nl").await;
    assert!(text.contains("Nederlands"), "{text}");
    assert!(
        bot.say(&Who::member("Eve"), "circle list")
            .await
            .starts_with("Er zijn nog geen kringen")
    );
    // The platform's locale beats the community default.
    let eve_fr = Who::member("Eve").with_locale(Locale::Fr);
    assert!(
        bot.say(&eve_fr, "circle list")
            .await
            .starts_with("Il n'y a pas encore")
    );
    // The member's own choice beats everything.
    bot.say(&eve_fr, "settings language en").await;
    assert!(
        bot.say(&eve_fr, "circle list")
            .await
            .starts_with("There are no circles")
    );

    let text = bot
        .say(&admin, "settings community timezone Europe/Amsterdam")
        .await;
    assert!(
        text.contains("Europe/Amsterdam") && text.contains("11:00"),
        "{text}"
    );
    let text = bot.say(&Who::member("Finn"), "settings show").await;
    assert!(text.contains("Europe/Amsterdam"), "{text}");
}

async fn community_settings_need_an_admin(db: Db) {
    let bot = bot_or_skip!(db);
    let bob = Who::member("Bob");
    bot.say(&bob, "help").await;
    let before = bot.snapshot().await;
    let text = bot.say(&bob, "settings community language fr").await;
    assert_eq!(
        text,
        "Only community admins can use `settings community language`."
    );
    let text = bot
        .say(&bob, "settings community timezone Europe/Paris")
        .await;
    assert!(text.contains("Only community admins"), "{text}");
    assert_eq!(before, bot.snapshot().await);
}

/// Weekly availability for matching: set in the member's language and
/// zone, shown back, refused clearly when wrong (and nothing changes),
/// cleared; matching paused and resumed.
async fn availability_for_matching(db: Db) {
    let bot = bot_or_skip!(db);
    let bob = Who::member("Bob");
    let text = bot.say(&bob, "settings availability").await;
    assert!(
        text.starts_with("You have not said when you are available"),
        "{text}"
    );
    bot.say(&bob, "settings timezone Europe/Paris").await;
    let text = bot
        .say(
            &bob,
            r#"settings availability "mon-thu 18:00-21:00, sat 10:00-12:00""#,
        )
        .await;
    assert_eq!(
        text,
        "Your availability (Europe/Paris): Monday 18:00–21:00, Tuesday 18:00–21:00, \
         Wednesday 18:00–21:00, Thursday 18:00–21:00, Saturday 10:00–12:00, 14 h a week. \
         Matching uses it to find circles whose members share time."
    );
    let before = bot.snapshot().await;
    for (line, expected) in [
        (
            "settings availability blursday 9-10",
            "`blursday` is not a day",
        ),
        (
            "settings availability mon 25:00-26:00",
            "`25:00-26:00` is not a range of hours",
        ),
        ("settings availability mon", "`mon` has no hours"),
        ("settings availability ,,,", "No window there"),
    ] {
        let text = bot.say(&bob, line).await;
        assert!(text.starts_with(expected), "{line}: {text}");
    }
    let long = format!("settings availability {}", "mon 9-10, ".repeat(60));
    let text = bot.say(&bob, &long).await;
    assert!(
        text.contains("is too long: at most 500 characters"),
        "{text}"
    );
    assert_eq!(before, bot.snapshot().await, "bad windows change nothing");
    let text = bot.say(&bob, "settings availability").await;
    assert!(
        text.contains("Saturday 10:00–12:00, 14 h a week."),
        "{text}"
    );
    // In French, with French day names; a window past midnight.
    let claire = Who::member("Claire").with_locale(Locale::Fr);
    let text = bot.say(&claire, "settings availability sam 22h-1h30").await;
    assert!(
        text.contains("samedi 22:00–24:00, dimanche 00:00–01:30, 3,5 h par semaine"),
        "{text}"
    );
    let text = bot.say(&bob, "settings pause-matching on").await;
    assert!(text.starts_with("Matching runs leave you out"), "{text}");
    let text = bot.say(&bob, "settings availability").await;
    assert!(text.contains("You are leaving matching runs out"), "{text}");
    bot.say(&bob, "settings pause-matching off").await;
    let text = bot.say(&bob, "settings availability off").await;
    assert!(text.starts_with("Your availability is cleared"), "{text}");
    let text = bot.say(&bob, "settings availability").await;
    assert!(text.starts_with("You have not said"), "{text}");
}

on_both_databases!(
    personal_settings,
    locale_resolution_order,
    community_settings_need_an_admin,
    availability_for_matching,
);
