//! Matching: members' weekly availability and their pause, and the pure
//! solver that forms circles or pairs from a programme's sign-ups, with a
//! reason for every placement.

pub mod availability;
pub mod solver;
pub(crate) mod store;

use availability::{Availability, AvailabilityError};
use chrono::Weekday;

use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::Text;
use crate::model::Outgoing;
use crate::parser::Parsed;

const OFF: &[&str] = &["off", "none", "aucune", "aucun", "non", "uit", "geen"];

fn reply(message: crate::model::Message) -> Handled {
    Ok(vec![Outgoing::reply(message)])
}

fn day_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "weekday-mon",
        Weekday::Tue => "weekday-tue",
        Weekday::Wed => "weekday-wed",
        Weekday::Thu => "weekday-thu",
        Weekday::Fri => "weekday-fri",
        Weekday::Sat => "weekday-sat",
        Weekday::Sun => "weekday-sun",
    }
}

/// Windows as the reader reads them: "Monday 18:00–21:00, Saturday …".
fn windows_text(engine: &Engine, ctx: &Ctx<'_>, availability: &Availability) -> String {
    availability
        .windows()
        .iter()
        .map(|w| {
            format!(
                "{} {:02}:{:02}–{:02}:{:02}",
                engine.i18n().t(ctx.locale, day_key(w.day)),
                w.start / 60,
                w.start % 60,
                w.end / 60,
                w.end % 60
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Hours with their decimals as the reader writes them (3.5, 3,5).
fn hours_text(ctx: &Ctx<'_>, hours: f64) -> String {
    let text = if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours:.2}").trim_end_matches('0').to_owned()
    };
    match ctx.locale {
        crate::i18n::Locale::En => text,
        crate::i18n::Locale::Fr | crate::i18n::Locale::Nl => text.replace('.', ","),
    }
}

/// `settings availability [windows|off]`: sets, clears or shows the weekly
/// windows matching counts on, in the member's own zone.
pub(crate) async fn availability_command(
    engine: &Engine,
    ctx: &Ctx<'_>,
    parsed: &Parsed,
) -> Handled {
    let store = engine.store();
    // The parser has already taken off any quotes around them.
    let raw = parsed.text("windows").unwrap_or_default().trim();
    if raw.is_empty() {
        let (stored, paused) = store.availability(ctx.community(), ctx.user()).await?;
        let paused = if paused {
            engine.i18n().t(ctx.locale, "availability-paused-note")
        } else {
            String::new()
        };
        let text = match stored.as_deref().and_then(Availability::decode) {
            Some(a) => Text::new("availability-show")
                .arg("windows", windows_text(engine, ctx, &a))
                .arg("hours", hours_text(ctx, a.hours()))
                .arg("timezone", ctx.tz.name())
                .arg("paused", paused),
            None => Text::new("availability-none").arg("paused", paused),
        };
        return reply(engine.say(ctx, &text).private());
    }
    if OFF.contains(&raw.to_lowercase().as_str()) {
        store
            .set_availability(ctx.community(), ctx.user(), None)
            .await?;
        return reply(
            engine
                .say(ctx, &Text::new("availability-cleared"))
                .private(),
        );
    }
    let parsed = Availability::parse(raw, ctx.locale).map_err(|error| {
        Failure::User(match error {
            AvailabilityError::Empty => Text::new("availability-empty"),
            AvailabilityError::TooLong => {
                Text::new("availability-too-long").arg("max", availability::MAX_INPUT)
            }
            AvailabilityError::TooMany => {
                Text::new("availability-too-many").arg("max", availability::MAX_WINDOWS)
            }
            AvailabilityError::Day(got) => Text::new("availability-bad-day").arg("got", got),
            AvailabilityError::Range(got) => Text::new("availability-bad-range").arg("got", got),
            AvailabilityError::NoRange(got) => Text::new("availability-no-range").arg("got", got),
        })
    })?;
    store
        .set_availability(ctx.community(), ctx.user(), Some(&parsed.encode()))
        .await?;
    let text = Text::new("availability-set")
        .arg("windows", windows_text(engine, ctx, &parsed))
        .arg("hours", hours_text(ctx, parsed.hours()))
        .arg("timezone", ctx.tz.name());
    reply(engine.say(ctx, &text).private())
}

/// `settings pause-matching on|off`: leaves the member out of matching runs
/// (their sign-ups stay) until they resume.
pub(crate) async fn pause_command(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let on = parsed.choice("switch") == Some("on");
    engine
        .store()
        .set_matching_paused(ctx.community(), ctx.user(), on)
        .await?;
    let key = if on {
        "matching-paused"
    } else {
        "matching-resumed"
    };
    reply(engine.say(ctx, &Text::new(key)).private())
}
