//! Personal and community settings: language and time zone.

use crate::engine::{Ctx, Engine, Handled};
use crate::i18n::Text;
use crate::model::{Message, Outgoing};
use crate::parser::Parsed;
use crate::timezone::format_local;

pub(crate) async fn show(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let known = engine
        .store()
        .member_context(ctx.community(), ctx.user())
        .await?
        .unwrap_or_default();
    let i18n = engine.i18n();
    let unset = i18n.t(ctx.locale, "settings-unset");
    let or_unset = |value: Option<String>| value.unwrap_or_else(|| unset.clone());
    let text = Text::new("settings-show")
        .arg("locale", ctx.locale.native_name())
        .arg("timezone", ctx.tz.name())
        .arg("now", format_local(engine.now(), ctx.tz))
        .arg("own_locale", or_unset(known.locale))
        .arg("own_timezone", or_unset(known.timezone))
        .arg("community_locale", or_unset(known.community_locale))
        .arg("community_timezone", or_unset(known.community_timezone));
    // Personal data: only for the person asking.
    Ok(vec![Outgoing::reply(engine.say(ctx, &text).private())])
}

pub(crate) async fn timezone(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let tz = parsed.timezone("zone").expect("required by the catalogue");
    engine
        .store()
        .set_member_timezone(ctx.community(), ctx.user(), Some(tz.name()))
        .await?;
    engine.settings_changed(ctx.community(), Some(ctx.user()));
    let text = Text::new("settings-timezone-set")
        .arg("timezone", tz.name())
        .arg("now", format_local(engine.now(), tz));
    Ok(vec![Outgoing::reply(engine.say(ctx, &text).private())])
}

pub(crate) async fn language(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let locale = parsed
        .language("language")
        .expect("required by the catalogue");
    engine
        .store()
        .set_member_locale(ctx.community(), ctx.user(), Some(locale.code()))
        .await?;
    engine.settings_changed(ctx.community(), Some(ctx.user()));
    // Confirmed in the newly chosen language.
    let text = engine.i18n().render(
        locale,
        &Text::new("settings-language-set").arg("language", locale.native_name()),
    );
    Ok(vec![Outgoing::reply(Message::text(text).private())])
}

pub(crate) async fn community_language(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let locale = parsed
        .language("language")
        .expect("required by the catalogue");
    engine
        .store()
        .set_community_locale(ctx.community(), Some(locale.code()))
        .await?;
    engine.settings_changed(ctx.community(), None);
    let text = Text::new("settings-community-language-set").arg("language", locale.native_name());
    Ok(vec![Outgoing::reply(engine.say(ctx, &text))])
}

pub(crate) async fn community_timezone(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let tz = parsed.timezone("zone").expect("required by the catalogue");
    engine
        .store()
        .set_community_timezone(ctx.community(), Some(tz.name()))
        .await?;
    engine.settings_changed(ctx.community(), None);
    let text = Text::new("settings-community-timezone-set")
        .arg("timezone", tz.name())
        .arg("now", format_local(engine.now(), tz));
    Ok(vec![Outgoing::reply(engine.say(ctx, &text))])
}
