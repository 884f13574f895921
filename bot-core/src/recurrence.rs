//! Recurrence rules, computed in local time (DST safe).
//!
//! A recurrence is a rule plus a local wall time plus the reader's IANA zone;
//! every next occurrence is found by walking local dates and resolving the
//! wall time in the zone, never by adding a fixed number of seconds.
//!
//! Policy for wall times the zone skips or repeats:
//! - a time that does not exist (the spring-forward gap, e.g. 02:30 on
//!   2026-03-29 in Europe/Paris) fires as if the clock had not jumped, i.e.
//!   shifted forward by the gap (03:30 local);
//! - a time that occurs twice (the autumn fall-back) fires once, at its
//!   first occurrence.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "every", rename_all = "snake_case")]
pub enum Rule {
    /// Every `interval` days.
    Days { interval: u32 },
    /// Monday to Friday.
    Weekdays,
    /// Every `interval` weeks on `weekday`.
    Weeks { interval: u32, weekday: Weekday },
    /// The `nth` (1–4, or -1 for the last) `weekday` of every month.
    MonthlyNth { nth: i8, weekday: Weekday },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub rule: Rule,
    /// The local wall time of every occurrence.
    pub time: NaiveTime,
    /// The local date intervals count from.
    pub anchor: NaiveDate,
}

/// The instant a local wall time names in `tz`, under the module's policy.
pub fn resolve_local(date: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // In a gap: use the offset in force just before it.
            let before = (1..=26)
                .find_map(
                    |h| match tz.from_local_datetime(&(naive - Duration::hours(h))) {
                        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t),
                        LocalResult::None => None,
                    },
                )
                .map(|t| t.offset().fix())
                .unwrap_or_else(|| tz.offset_from_utc_datetime(&naive).fix());
            (naive - Duration::seconds(i64::from(before.local_minus_utc()))).and_utc()
        }
    }
}

/// The first instant strictly after `after` that reads `time` on `date` in
/// `tz`: in the autumn fold the later of the two readings when the earlier
/// one has passed; `None` when every reading has passed.
pub fn resolve_local_after(
    date: NaiveDate,
    time: NaiveTime,
    tz: Tz,
    after: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let candidates = match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        LocalResult::Ambiguous(first, second) => {
            vec![first.with_timezone(&Utc), second.with_timezone(&Utc)]
        }
        LocalResult::None => vec![resolve_local(date, time, tz)],
    };
    candidates.into_iter().find(|t| *t > after)
}

impl Recurrence {
    fn matches(&self, date: NaiveDate) -> bool {
        match self.rule {
            Rule::Days { interval } => {
                let days = (date - self.anchor).num_days();
                days >= 0 && days % i64::from(interval.max(1)) == 0
            }
            Rule::Weekdays => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            Rule::Weeks { interval, weekday } => {
                if date.weekday() != weekday || date < self.anchor {
                    return false;
                }
                let week = |d: NaiveDate| {
                    (d - Duration::days(i64::from(d.weekday().num_days_from_monday())))
                        .num_days_from_ce()
                };
                let weeks = (week(date) - week(self.anchor)) / 7;
                weeks % i64::from(interval.max(1)) as i32 == 0
            }
            Rule::MonthlyNth { nth, weekday } => {
                if date.weekday() != weekday {
                    return false;
                }
                if nth < 0 {
                    (date + Duration::days(7)).month() != date.month()
                } else {
                    (date.day0() / 7) as i8 + 1 == nth
                }
            }
        }
    }

    /// The first occurrence strictly after `after`.
    pub fn next_after(&self, after: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let start = after.with_timezone(&tz).date_naive().max(self.anchor) - Duration::days(1);
        // Eight years covers every rule (a 4-weekly rule, a monthly rule).
        (0..3000)
            .map(|i| start + Duration::days(i))
            .filter(|date| self.matches(*date))
            .map(|date| resolve_local(date, self.time, tz))
            .find(|instant| *instant > after)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn local(tz: Tz, instant: DateTime<Utc>) -> String {
        instant
            .with_timezone(&tz)
            .format("%a %Y-%m-%d %H:%M %Z")
            .to_string()
    }

    fn weekly(weekday: Weekday, h: u32, m: u32, anchor: NaiveDate) -> Recurrence {
        Recurrence {
            rule: Rule::Weeks {
                interval: 1,
                weekday,
            },
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            anchor,
        }
    }

    /// Every occurrence fires at the same local wall time on both sides of
    /// each DST change, in three hemispheres' rules.
    #[test]
    fn weekly_reminders_keep_their_local_time_across_dst() {
        for (tz, spring, autumn) in [
            (Tz::Europe__Paris, (2026, 3, 29), (2026, 10, 25)),
            (Tz::America__New_York, (2026, 3, 8), (2026, 11, 1)),
            (Tz::Australia__Sydney, (2026, 10, 4), (2026, 4, 5)),
        ] {
            for (y, m, d) in [spring, autumn] {
                let change = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                let rule = weekly(Weekday::Mon, 18, 0, change - Duration::days(30));
                let mut at = resolve_local(change - Duration::days(15), NaiveTime::MIN, tz);
                let mut offsets = Vec::new();
                for _ in 0..4 {
                    at = rule.next_after(at, tz).unwrap();
                    let shown = at.with_timezone(&tz);
                    assert_eq!(shown.format("%a %H:%M").to_string(), "Mon 18:00", "{tz}");
                    offsets.push(shown.offset().fix().local_minus_utc());
                }
                assert!(
                    offsets.first() != offsets.last(),
                    "{tz}: the run should span the change {change}: {offsets:?}"
                );
            }
        }
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward_by_the_gap() {
        let tz = Tz::Europe__Paris;
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let t = resolve_local(day, NaiveTime::from_hms_opt(2, 30, 0).unwrap(), tz);
        assert_eq!(local(tz, t), "Sun 2026-03-29 03:30 CEST");
        let tz = Tz::America__New_York;
        let day = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let t = resolve_local(day, NaiveTime::from_hms_opt(2, 15, 0).unwrap(), tz);
        assert_eq!(local(tz, t), "Sun 2026-03-08 03:15 EDT");
    }

    #[test]
    fn a_repeated_autumn_time_fires_once_at_its_first_occurrence() {
        let tz = Tz::Europe__Paris;
        let day = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let rule = Recurrence {
            rule: Rule::Days { interval: 1 },
            time: NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            anchor: day - Duration::days(3),
        };
        let first = rule.next_after(utc(2026, 10, 24, 12, 0), tz).unwrap();
        assert_eq!(local(tz, first), "Sun 2026-10-25 02:30 CEST");
        let next = rule.next_after(first, tz).unwrap();
        assert_eq!(
            local(tz, next),
            "Mon 2026-10-26 02:30 CET",
            "not 02:30 CET the same night"
        );
    }

    #[test]
    fn weekdays_intervals_and_monthly_rules() {
        let tz = Tz::Europe__Amsterdam;
        let anchor = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(); // a Monday
        let weekdays = Recurrence {
            rule: Rule::Weekdays,
            time: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            anchor,
        };
        let fri = resolve_local(
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            tz,
        );
        assert_eq!(
            local(tz, weekdays.next_after(fri, tz).unwrap()),
            "Mon 2026-11-30 08:30 CET"
        );

        let fortnightly = Recurrence {
            rule: Rule::Weeks {
                interval: 2,
                weekday: Weekday::Fri,
            },
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            anchor,
        };
        let first = fortnightly
            .next_after(utc(2026, 11, 23, 12, 0), tz)
            .unwrap();
        assert_eq!(local(tz, first), "Fri 2026-11-27 09:00 CET");
        let second = fortnightly.next_after(first, tz).unwrap();
        assert_eq!(local(tz, second), "Fri 2026-12-11 09:00 CET");

        let first_monday = Recurrence {
            rule: Rule::MonthlyNth {
                nth: 1,
                weekday: Weekday::Mon,
            },
            time: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
            anchor,
        };
        let a = first_monday
            .next_after(utc(2026, 11, 23, 12, 0), tz)
            .unwrap();
        assert_eq!(local(tz, a), "Mon 2026-12-07 19:00 CET");
        let b = first_monday.next_after(a, tz).unwrap();
        assert_eq!(local(tz, b), "Mon 2027-01-04 19:00 CET");

        let last_friday = Recurrence {
            rule: Rule::MonthlyNth {
                nth: -1,
                weekday: Weekday::Fri,
            },
            time: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            anchor,
        };
        let c = last_friday
            .next_after(utc(2026, 11, 23, 12, 0), tz)
            .unwrap();
        assert_eq!(local(tz, c), "Fri 2026-11-27 17:00 CET");

        let every_third_day = Recurrence {
            rule: Rule::Days { interval: 3 },
            time: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            anchor,
        };
        let d = every_third_day
            .next_after(utc(2026, 11, 23, 12, 0), tz)
            .unwrap();
        assert_eq!(local(tz, d), "Thu 2026-11-26 07:00 CET");
    }

    #[test]
    fn rules_survive_serialization() {
        let rule = weekly(
            Weekday::Mon,
            18,
            0,
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        );
        let json = serde_json::to_string(&rule).unwrap();
        assert_eq!(serde_json::from_str::<Recurrence>(&json).unwrap(), rule);
    }
}
