//! Time zones: parsing what people type, and showing instants in the
//! reader's zone.

use chrono::{DateTime, LocalResult, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

use crate::suggest::closest;

/// Parses an IANA zone name, ignoring case and accepting spaces for
/// underscores; a bare city (`Paris`, `new york`) is accepted when exactly one
/// zone ends with it. On failure, returns the closest zone name, if any.
pub fn parse(raw: &str) -> Result<Tz, Option<&'static str>> {
    let cleaned = raw.trim().replace(' ', "_");
    if cleaned.is_empty() {
        return Err(None);
    }
    if let Ok(tz) = cleaned.parse::<Tz>() {
        return Ok(tz);
    }
    let lowered = cleaned.to_lowercase();
    if let Some(tz) = TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().to_lowercase() == lowered)
    {
        return Ok(*tz);
    }
    let mut by_city = TZ_VARIANTS.iter().filter(|tz| {
        tz.name()
            .rsplit('/')
            .next()
            .is_some_and(|city| city.to_lowercase() == lowered)
    });
    if let (Some(tz), None) = (by_city.next(), by_city.next()) {
        return Ok(*tz);
    }
    Err(closest(&cleaned, TZ_VARIANTS.iter().map(|tz| tz.name())))
}

/// An instant as the reader sees it: `2026-11-23 16:05 (Europe/Paris)`.
/// A local time that happens twice (the autumn fold) says which one:
/// `2026-10-25 02:30 (Europe/Amsterdam, UTC+01:00)`.
pub fn format_local(instant: DateTime<Utc>, tz: Tz) -> String {
    let local = instant.with_timezone(&tz);
    let stamp = local.format("%Y-%m-%d %H:%M");
    match tz.from_local_datetime(&local.naive_local()) {
        LocalResult::Ambiguous(..) => {
            format!("{stamp} ({}, UTC{})", tz.name(), local.format("%:z"))
        }
        _ => format!("{stamp} ({})", tz.name()),
    }
}

/// The times [`format_local`] wrote into `text`, as (byte range, instant),
/// so an adapter can show them natively (Discord's `<t:unix:F>` renders in
/// each reader's own zone).
pub fn find_local_times(text: &str) -> Vec<(std::ops::Range<usize>, DateTime<Utc>)> {
    local_times(text)
        .into_iter()
        .map(|(range, instant, _)| (range, instant))
        .collect()
}

/// [`find_local_times`] with the zone each time was written in.
fn local_times(text: &str) -> Vec<(std::ops::Range<usize>, DateTime<Utc>, Tz)> {
    const STAMP: usize = "2026-11-23 10:00".len();
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + STAMP + 4 <= bytes.len() {
        let at_boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if at_boundary && bytes[i].is_ascii_digit() && text.is_char_boundary(i + STAMP) {
            let stamp = &text[i..i + STAMP];
            if let Ok(local) = chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M")
                && let Some(rest) = text[i + STAMP..].strip_prefix(" (")
                && let Some(close) = rest.find(')')
                && let Some((tz, instant)) = resolve(local, &rest[..close])
            {
                let end = i + STAMP + 2 + close + 1;
                found.push((i..end, instant, tz));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The instant a local time stands for in `zone` (`Europe/Amsterdam`, or
/// in a fold `Europe/Amsterdam, UTC+01:00`; without the offset, the first).
fn resolve(local: chrono::NaiveDateTime, zone: &str) -> Option<(Tz, DateTime<Utc>)> {
    let (name, offset) = match zone.split_once(", UTC") {
        Some((name, offset)) => (name, Some(offset)),
        None => (zone, None),
    };
    let tz = name.parse::<Tz>().ok()?;
    let instant = match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => at,
        LocalResult::Ambiguous(first, second) => match offset {
            Some(offset) if second.format("%:z").to_string() == offset => second,
            _ => first,
        },
        LocalResult::None => return None,
    };
    Some((tz, instant.with_timezone(&Utc)))
}

/// `text` with every time [`format_local`] wrote also shown in `zones`
/// (the readers' own, for a platform that cannot show a time in each
/// reader's zone): `2026-11-23 10:01 (UTC) · 11:01 (Europe/Paris)`; the
/// date too where it differs.
pub fn also_in(text: &str, zones: &[String]) -> String {
    let zones: Vec<Tz> = zones.iter().filter_map(|z| z.parse().ok()).collect();
    if zones.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for (range, instant, written) in local_times(text) {
        out.push_str(&text[last..range.end]);
        let day = instant.with_timezone(&written).date_naive();
        let mut shown = vec![written];
        for &zone in &zones {
            if shown.contains(&zone) {
                continue;
            }
            shown.push(zone);
            let local = instant.with_timezone(&zone);
            let format = if local.date_naive() == day {
                "%H:%M"
            } else {
                "%Y-%m-%d %H:%M"
            };
            out.push_str(&format!(" · {} ({})", local.format(format), zone.name()));
        }
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The date part only, in the reader's zone.
pub fn format_local_date(instant: DateTime<Utc>, tz: Tz) -> String {
    instant.with_timezone(&tz).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn both_times_of_the_autumn_fold_read_back() {
        let amsterdam: Tz = "Europe/Amsterdam".parse().unwrap();
        // 2026-10-25 02:30 happens at 00:30 and at 01:30 UTC.
        for hour in [0, 1] {
            let instant = Utc.with_ymd_and_hms(2026, 10, 25, hour, 30, 0).unwrap();
            let shown = format_local(instant, amsterdam);
            assert!(
                shown.starts_with("2026-10-25 02:30 (Europe/Amsterdam, UTC+0"),
                "{shown}"
            );
            let text = format!("at {shown}.");
            let found = find_local_times(&text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].1, instant, "{text}");
            assert_eq!(&text[found[0].0.clone()], shown);
        }
        let plain = Utc.with_ymd_and_hms(2026, 10, 25, 3, 30, 0).unwrap();
        assert_eq!(
            format_local(plain, amsterdam),
            "2026-10-25 04:30 (Europe/Amsterdam)"
        );
    }

    #[test]
    fn times_are_also_shown_in_the_readers_zones() {
        let utc = Tz::UTC;
        let [paris, auckland, utc_name] =
            ["Europe/Paris", "Pacific/Auckland", "UTC"].map(str::to_owned);
        let instant = Utc.with_ymd_and_hms(2026, 11, 23, 12, 1, 0).unwrap();
        let text = format!("Phase 2, until {}. Go.", format_local(instant, utc));
        assert_eq!(
            also_in(
                &text,
                &[
                    paris.clone(),
                    utc_name,
                    auckland,
                    paris.clone(),
                    "Mars/Base".into()
                ]
            ),
            "Phase 2, until 2026-11-23 12:01 (UTC) · 13:01 (Europe/Paris) · 2026-11-24 01:01 (Pacific/Auckland). Go."
        );
        assert_eq!(also_in(&text, &[]), text);
        assert_eq!(also_in("no time here", &[paris]), "no time here");
    }

    #[test]
    fn times_written_for_a_reader_are_found_again() {
        let instant = Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap();
        let shown = format_local(instant, Tz::Europe__Paris);
        let text = format!(
            "Reminder set for {shown}, and café at {}.",
            format_local(instant, Tz::UTC)
        );
        let found = find_local_times(&text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].0.clone()], shown);
        assert_eq!(found[0].1, instant);
        assert_eq!(found[1].1, instant);
        assert!(
            find_local_times("2026-13-01 10:00 (UTC) or 2026-11-23 10:00 (Mars/Base)").is_empty()
        );
    }

    #[test]
    fn parses_names_cities_and_suggests() {
        assert_eq!(parse("Europe/Paris"), Ok(Tz::Europe__Paris));
        assert_eq!(parse("europe/amsterdam"), Ok(Tz::Europe__Amsterdam));
        assert_eq!(parse("America/New York"), Ok(Tz::America__New_York));
        assert_eq!(parse("paris"), Ok(Tz::Europe__Paris));
        assert_eq!(parse("UTC"), Ok(Tz::UTC));
        assert_eq!(parse("Europe/Pari"), Err(Some("Europe/Paris")));
        assert_eq!(parse(""), Err(None));
        assert!(parse("Mars/Olympus_Mons_Base").is_err());
    }

    #[test]
    fn formats_in_the_readers_zone_across_dst() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 10, 12, 0, 0).unwrap();
        assert_eq!(
            format_local(winter, Tz::Europe__Paris),
            "2026-01-10 13:00 (Europe/Paris)"
        );
        assert_eq!(
            format_local(summer, Tz::Europe__Paris),
            "2026-07-10 14:00 (Europe/Paris)"
        );
    }
}
