//! Time zones: parsing what people type, and showing instants in the
//! reader's zone.

use chrono::{DateTime, Utc};
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
pub fn format_local(instant: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} ({})",
        instant.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
        tz.name()
    )
}

/// The times [`format_local`] wrote into `text`, as (byte range, instant),
/// so an adapter can show them natively (Discord's `<t:unix:F>` renders in
/// each reader's own zone). A local time that occurs twice (a DST fold)
/// resolves to its first occurrence.
pub fn find_local_times(text: &str) -> Vec<(std::ops::Range<usize>, DateTime<Utc>)> {
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
                && let Ok(tz) = rest[..close].parse::<Tz>()
                && let Some(instant) = local.and_local_timezone(tz).earliest()
            {
                let end = i + STAMP + 2 + close + 1;
                found.push((i..end, instant.with_timezone(&Utc)));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found
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
