//! A member's availability: weekly windows in their own zone
//! ("mon-thu 18:00-21:00, sat 10:00-12:00"), and the quarter hours they cover
//! in one particular UTC week (so a DST change in that week is honoured).

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

use super::solver::{QUARTERS, Week};
use crate::i18n::Locale;
use crate::when::{fold, weekday};

/// At most this many windows (after day ranges are spread), and this long an input.
pub const MAX_WINDOWS: usize = 50;
pub const MAX_INPUT: usize = 500;
const DAY_MINUTES: u16 = 24 * 60;

/// One day's window, in minutes of the local day; `end` may be 24:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub day: Weekday,
    pub start: u16,
    pub end: u16,
}

/// Weekly windows, each within one local day, sorted, without overlaps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Availability(Vec<Window>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AvailabilityError {
    #[error("no window")]
    Empty,
    #[error("too long")]
    TooLong,
    #[error("too many windows")]
    TooMany,
    #[error("not a day: {0}")]
    Day(String),
    #[error("not a time range: {0}")]
    Range(String),
    #[error("a window without a time range: {0}")]
    NoRange(String),
}

fn day_index(day: Weekday) -> u8 {
    day.num_days_from_monday() as u8
}

fn day_from(index: u8) -> Weekday {
    Weekday::try_from(index % 7).unwrap_or(Weekday::Mon)
}

/// "18:00", "18h", "18h30", "9u30", "9", "24:00" as minutes of the day.
fn minutes(raw: &str) -> Option<u16> {
    let t = raw.to_lowercase().replace(['h', 'u'], ":");
    let t = t.trim_end_matches(':');
    let (h, m) = t.split_once(':').unwrap_or((t, "0"));
    let m = if m.is_empty() { "0" } else { m };
    if h.is_empty() || h.len() > 2 || m.len() > 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    let total = h.checked_mul(60)?.checked_add(m)?;
    (m < 60 && total <= DAY_MINUTES).then_some(total)
}

fn range(raw: &str) -> Option<(u16, u16)> {
    let (a, b) = raw.split_once(['-', '–'])?;
    let (start, end) = (minutes(a)?, minutes(b)?);
    (start != end && start < DAY_MINUTES).then_some((start, end))
}

/// "mon", "mon-thu", "fri-mon", "mon/wed/fri": the days, in order.
fn days(raw: &str, locale: Locale) -> Option<Vec<Weekday>> {
    let mut out = Vec::new();
    for part in raw.split('/') {
        let day = |w: &str| weekday(&fold(w.trim_end_matches('.')), Some(locale));
        match part.split_once(['-', '–']) {
            Some((a, b)) => {
                let (a, b) = (day_index(day(a)?), day_index(day(b)?));
                let span = (b + 7 - a) % 7;
                out.extend((0..=span).map(|i| day_from(a + i)));
            }
            None => out.push(day(part)?),
        }
    }
    Some(out)
}

impl Availability {
    /// Reads windows written in `locale` (day names in any of the three
    /// languages, abbreviations in the reader's own). A window that runs past
    /// midnight continues on the next day.
    pub fn parse(raw: &str, locale: Locale) -> Result<Self, AvailabilityError> {
        if raw.chars().count() > MAX_INPUT {
            return Err(AvailabilityError::TooLong);
        }
        let mut windows = Vec::new();
        for item in raw
            .split([',', ';'])
            .map(str::trim)
            .filter(|i| !i.is_empty())
        {
            // Day words first, then one or more time ranges ("18:00 - 21:00"
            // may be written with spaces).
            let words: Vec<&str> = item.split_whitespace().collect();
            let split = words
                .iter()
                .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                .ok_or_else(|| AvailabilityError::NoRange(item.to_owned()))?;
            let day_words = words[..split].join("");
            let days = days(&day_words, locale)
                .filter(|d| !d.is_empty())
                .ok_or_else(|| AvailabilityError::Day(words[..split].join(" ")))?;
            let times = words[split..].join(" ");
            let compact = times.replace(" - ", "-").replace(" – ", "-");
            for part in compact.split_whitespace() {
                let (start, end) =
                    range(part).ok_or_else(|| AvailabilityError::Range(part.to_owned()))?;
                for &day in &days {
                    if start < end {
                        windows.push(Window { day, start, end });
                    } else {
                        windows.push(Window {
                            day,
                            start,
                            end: DAY_MINUTES,
                        });
                        if end > 0 {
                            windows.push(Window {
                                day: day.succ(),
                                start: 0,
                                end,
                            });
                        }
                    }
                    if windows.len() > MAX_WINDOWS {
                        return Err(AvailabilityError::TooMany);
                    }
                }
            }
        }
        if windows.is_empty() {
            return Err(AvailabilityError::Empty);
        }
        Ok(Self::merged(windows))
    }

    fn merged(mut windows: Vec<Window>) -> Self {
        windows.sort_by_key(|w| (day_index(w.day), w.start, w.end));
        let mut out: Vec<Window> = Vec::with_capacity(windows.len());
        for w in windows {
            match out.last_mut() {
                Some(last) if last.day == w.day && w.start <= last.end => {
                    last.end = last.end.max(w.end);
                }
                _ => out.push(w),
            }
        }
        Self(out)
    }

    pub fn windows(&self) -> &[Window] {
        &self.0
    }

    /// Hours a week.
    pub fn hours(&self) -> f64 {
        self.0
            .iter()
            .map(|w| f64::from(w.end - w.start))
            .sum::<f64>()
            / 60.0
    }

    /// The stored form: English day abbreviations, one window per day.
    pub fn encode(&self) -> String {
        self.0
            .iter()
            .map(|w| format!("{} {}-{}", english(w.day), hh_mm(w.start), hh_mm(w.end)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn decode(stored: &str) -> Option<Self> {
        Self::parse(stored, Locale::En).ok()
    }

    /// The quarter hours these windows cover in the week that starts at
    /// `week_start` (a Monday, 00:00 UTC), read in `tz` on the dates of that
    /// week: a window in a DST gap starts when the clock resumes; in the
    /// autumn fold, at its first occurrence.
    pub fn week(&self, tz: Tz, week_start: DateTime<Utc>) -> Week {
        let mut week = Week::EMPTY;
        let local_start = week_start.with_timezone(&tz).date_naive();
        let week_end = week_start + Duration::days(7);
        for offset in -1..=8 {
            let date = local_start + Duration::days(offset);
            for w in self.0.iter().filter(|w| w.day == date.weekday()) {
                let (Some(from), Some(until)) =
                    (instant(tz, date, w.start), instant(tz, date, w.end))
                else {
                    continue;
                };
                let from = from.max(week_start);
                let until = until.min(week_end);
                if from >= until {
                    continue;
                }
                let quarter = 15 * 60 * 1000;
                let first = (from - week_start).num_milliseconds().div_euclid(quarter)
                    + i64::from((from - week_start).num_milliseconds().rem_euclid(quarter) != 0);
                let last = (until - week_start).num_milliseconds().div_euclid(quarter);
                for q in first.max(0)..last.min(QUARTERS as i64) {
                    week.set(q as usize);
                }
            }
        }
        week
    }
}

/// The instant a local wall time on `date` names in `tz`.
fn instant(tz: Tz, date: NaiveDate, minutes: u16) -> Option<DateTime<Utc>> {
    let midnight: NaiveDateTime = date.and_hms_opt(0, 0, 0)?;
    let wall = midnight + Duration::minutes(i64::from(minutes));
    // In a gap, step forward to the first wall time that exists.
    for step in 0..=8 {
        match tz.from_local_datetime(&(wall + Duration::minutes(15 * step))) {
            LocalResult::Single(t) => return Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, _) => return Some(first.with_timezone(&Utc)),
            LocalResult::None => {}
        }
    }
    None
}

fn english(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn hh_mm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Monday 00:00 UTC of the week after `now`'s: the week a match is made for.
pub fn matching_week(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        + Duration::days(7);
    Utc.from_utc_datetime(&monday.and_hms_opt(0, 0, 0).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(raw: &str) -> Availability {
        Availability::parse(raw, Locale::En).unwrap()
    }

    #[test]
    fn windows_read_in_three_languages_and_encode_plainly() {
        let a = en("mon-thu 18:00-21:00, sat 10:00-12:00");
        assert_eq!(a.windows().len(), 5);
        assert_eq!(a.hours(), 14.0);
        assert_eq!(
            a.encode(),
            "mon 18:00-21:00, tue 18:00-21:00, wed 18:00-21:00, thu 18:00-21:00, sat 10:00-12:00"
        );
        assert_eq!(Availability::decode(&a.encode()), Some(a.clone()));
        let fr = Availability::parse("lun-jeu 18h-21h, samedi 10h - 12h", Locale::Fr).unwrap();
        assert_eq!(fr, a);
        let nl = Availability::parse("ma-do 18u-21u; zaterdag 10:00-12:00", Locale::Nl).unwrap();
        assert_eq!(nl, a);
        // Past midnight, around the week's end, lists, overlaps merged.
        let late = en("sun 22:00-01:30");
        assert_eq!(late.encode(), "mon 00:00-01:30, sun 22:00-24:00");
        assert_eq!(en("fri-mon 9-10").windows().len(), 4);
        assert_eq!(en("mon/wed 9:00-10:00 14:00-15:00").windows().len(), 4);
        assert_eq!(en("mon 9-11, mon 10-12").encode(), "mon 09:00-12:00");
    }

    #[test]
    fn bad_windows_are_named() {
        let err = |raw: &str| Availability::parse(raw, Locale::En).unwrap_err();
        assert_eq!(err(""), AvailabilityError::Empty);
        assert_eq!(
            err("blursday 9-10"),
            AvailabilityError::Day("blursday".into())
        );
        assert_eq!(
            err("mon 25:00-26:00"),
            AvailabilityError::Range("25:00-26:00".into())
        );
        assert_eq!(
            err("mon 9:60-10"),
            AvailabilityError::Range("9:60-10".into())
        );
        assert_eq!(err("mon 10-10"), AvailabilityError::Range("10-10".into()));
        assert_eq!(err("mon"), AvailabilityError::NoRange("mon".into()));
        assert_eq!(err("18:00-19:00"), AvailabilityError::Day(String::new()));
        assert_eq!(err(&"mon 9-10, ".repeat(60)), AvailabilityError::TooLong);
        assert_eq!(
            err("mon-sun 1-2 3-4 5-6 7-8 9-10 11-12 13-14 15-16"),
            AvailabilityError::TooMany
        );
        // Abbreviations count in the reader's language only.
        assert!(Availability::parse("mon 9-10", Locale::Fr).is_err());
        assert!(Availability::parse("lundi 9-10", Locale::En).is_ok());
    }

    #[test]
    fn a_week_is_read_in_local_time_across_dst() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let montreal: Tz = "America/Montreal".parse().unwrap();
        let a = en("mon 18:00-21:00");
        // A week in January: Paris is UTC+1, so 17:00-20:00 UTC.
        let january = Utc.with_ymd_and_hms(2027, 1, 4, 0, 0, 0).unwrap();
        let w = a.week(paris, january);
        assert_eq!(w.quarters(), 12);
        assert!(w.has(17 * 4) && !w.has(16 * 4 + 3) && w.has(20 * 4 - 1) && !w.has(20 * 4));
        // The same window in July: UTC+2.
        let july = Utc.with_ymd_and_hms(2027, 7, 5, 0, 0, 0).unwrap();
        assert!(a.week(paris, july).has(16 * 4));
        // Montreal's Monday evening runs into Tuesday in UTC.
        let m = a.week(montreal, january);
        assert!(m.has(23 * 4) && m.has(26 * 4 - 1) && !m.has(26 * 4));
        assert_eq!(w.and(&m).quarters(), 0);
        // The week Europe's clocks go back (Sunday 2027-10-31 03:00 → 02:00):
        // 02:00-04:00 that night lasts three hours.
        let fold_week = Utc.with_ymd_and_hms(2027, 10, 25, 0, 0, 0).unwrap();
        let night = en("sun 02:00-04:00").week(paris, fold_week);
        assert_eq!(night.quarters(), 12);
        // The week they go forward (2027-03-28 02:00 → 03:00): 02:00-04:00
        // lasts one hour.
        let gap_week = Utc.with_ymd_and_hms(2027, 3, 22, 0, 0, 0).unwrap();
        assert_eq!(en("sun 02:00-04:00").week(paris, gap_week).quarters(), 4);
        // Sunday evening in Montreal: the one before the week is Monday
        // morning UTC, in it; the last one is past the week's end.
        let sunday = en("sun 20:00-23:00").week(montreal, january);
        assert_eq!(sunday.quarters(), 12);
        assert!(sunday.has(4) && sunday.has(16 - 1) && !sunday.has(16));
    }

    #[test]
    fn the_matching_week_is_the_next_monday_in_utc() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 15, 0, 0).unwrap();
        assert_eq!(
            matching_week(now),
            Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap()
        );
        let monday = Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap();
        assert_eq!(
            matching_week(monday),
            Utc.with_ymd_and_hms(2026, 12, 14, 0, 0, 0).unwrap()
        );
    }
}
