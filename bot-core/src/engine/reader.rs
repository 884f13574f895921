//! The reader of a message, worked out in one place: the language and zone
//! it is written in (their own settings, then what the platform says of a
//! speaker, then their community's defaults, then the bot's), and when they
//! do not want it now (quiet hours, away).

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use super::EngineConfig;
use crate::i18n::Locale;
use crate::recurrence::resolve_local_after;
use crate::store::{CommunityRow, MemberContext, Recipient};

/// The language and zone someone reads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reader {
    pub locale: Locale,
    pub tz: Tz,
}

impl Reader {
    /// The first language and zone that can be read, in order of the
    /// candidates given, else the bot's defaults.
    fn first(
        config: &EngineConfig,
        locales: &[Option<&str>],
        platform_locale: Option<Locale>,
        zones: &[Option<&str>],
    ) -> Self {
        let locale = locales
            .first()
            .copied()
            .flatten()
            .and_then(Locale::parse)
            .or(platform_locale)
            .or_else(|| {
                locales
                    .iter()
                    .skip(1)
                    .flatten()
                    .find_map(|raw| Locale::parse(raw))
            })
            .unwrap_or(config.default_locale);
        let tz = zones
            .iter()
            .flatten()
            .find_map(|name| name.parse::<Tz>().ok())
            .unwrap_or(config.default_timezone);
        Self { locale, tz }
    }

    /// Someone speaking now: their settings, then the platform's word on
    /// them (a Discord client's language, the console's zone), then their
    /// community's.
    pub(crate) fn of_speaker(
        config: &EngineConfig,
        known: &MemberContext,
        platform_locale: Option<Locale>,
        platform_timezone: Option<&str>,
    ) -> Self {
        Self::first(
            config,
            &[known.locale.as_deref(), known.community_locale.as_deref()],
            platform_locale,
            &[
                known.timezone.as_deref(),
                platform_timezone,
                known.community_timezone.as_deref(),
            ],
        )
    }

    /// A member who is not speaking (a reminder's recipient): their
    /// settings, then the language the platform last said they use, then
    /// their community's.
    pub(crate) fn of_member(config: &EngineConfig, known: &MemberContext) -> Self {
        let platform = known.platform_locale.as_deref().and_then(Locale::parse);
        Self::of_speaker(config, known, platform, None)
    }

    /// A community's place (a channel): its defaults.
    pub(crate) fn of_community(config: &EngineConfig, community: Option<&CommunityRow>) -> Self {
        let community = community.cloned().unwrap_or_default();
        Self::first(
            config,
            &[community.locale.as_deref()],
            None,
            &[community.timezone.as_deref()],
        )
    }

    /// Something stored with its own language and zone (a poll, written in
    /// its creator's), else the bot's defaults.
    pub(crate) fn stored(config: &EngineConfig, locale: &str, tz: &str) -> Self {
        Self::first(config, &[Some(locale)], None, &[Some(tz)])
    }

    /// A recipient of a community's message: their own settings, else the
    /// community's (`place`).
    pub(crate) fn of_recipient(recipient: &Recipient, place: Reader) -> Self {
        Self {
            locale: recipient
                .locale
                .as_deref()
                .and_then(Locale::parse)
                .unwrap_or(place.locale),
            tz: zone_of(recipient, place.tz),
        }
    }
}

impl super::Engine {
    /// A member of a community as the reader of what is sent to them
    /// later: their settings over the community's (the community's alone
    /// when they are not known), and their row for quiet hours and away.
    pub(crate) async fn member_reader(
        &self,
        community_id: &str,
        user_id: &str,
    ) -> Result<(Reader, Option<Recipient>), crate::store::StoreError> {
        let store = self.store();
        let community = store.community(community_id).await?;
        let place = Reader::of_community(self.config(), community.as_ref());
        let person = store.recipient(community_id, user_id).await?;
        let reader = match &person {
            Some(p) => Reader::of_recipient(p, place),
            None => place,
        };
        Ok((reader, person))
    }
}

/// "22:00-08:00" → (22:00, 08:00); also "22h-8h", "22:00 - 08:00".
pub fn parse_quiet_hours(raw: &str) -> Option<(NaiveTime, NaiveTime)> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let (a, b) = compact.split_once(['-', '–'])?;
    let time = |t: &str| -> Option<NaiveTime> {
        let t = t.to_lowercase().replace(['h', 'u'], ":");
        let t = t.trim_end_matches(':');
        let (h, m) = t.split_once(':').unwrap_or((t, "0"));
        let m = if m.is_empty() { "0" } else { m };
        NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
    };
    let (start, end) = (time(a)?, time(b)?);
    (start != end).then_some((start, end))
}

pub(crate) fn zone_of(recipient: &Recipient, fallback: Tz) -> Tz {
    recipient
        .timezone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .unwrap_or(fallback)
}

/// When `recipient`'s quiet hours end, if `now` falls inside them.
pub(crate) fn quiet_until(
    recipient: &Recipient,
    now: DateTime<Utc>,
    fallback: Tz,
) -> Option<DateTime<Utc>> {
    let (start, end) = parse_quiet_hours(recipient.quiet_hours.as_deref()?)?;
    let tz = zone_of(recipient, fallback);
    let local = now.with_timezone(&tz);
    let time = local.time();
    let today = local.date_naive();
    let inside = if start < end {
        time >= start && time < end
    } else {
        time >= start || time < end
    };
    if !inside {
        return None;
    }
    let end_date = if start > end && time >= start {
        today + Duration::days(1)
    } else {
        today
    };
    // Inside the autumn fold the end may read twice: the one still ahead.
    resolve_local_after(end_date, end, tz, now)
}

pub(crate) fn is_away(recipient: &Recipient, now: DateTime<Utc>) -> bool {
    recipient
        .away_until
        .is_some_and(|until| until > now.timestamp_millis())
}
