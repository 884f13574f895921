//! `<when>` in English, French and Dutch: "in 20 minutes", "tomorrow 9am",
//! "demain 9h", "morgen 9 uur", "next monday 18:00", "every monday 18:00",
//! "every 2 weeks on friday", "every weekday 8:30",
//! "first monday of each month 19:00", "2026-12-01 14:00".
//!
//! [`parse`] reads the longest leading run of words that names a time and
//! says how many it used, so the rest of a line is the reminder's text.
//! A day without a time means 09:00; a bare hour such as "at 5" is
//! ambiguous (05:00 or 17:00) and gets a question, not a guess.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use crate::i18n::Locale;
use crate::recurrence::{Recurrence, Rule, resolve_local};

#[derive(Debug, Clone, PartialEq)]
pub enum When {
    Once(DateTime<Utc>),
    Every(Recurrence),
}

#[derive(Debug, Clone, PartialEq)]
pub enum WhenError {
    /// Nothing at the start of the input names a time.
    Unrecognized,
    /// "at 5": which of these did they mean?
    AmbiguousHour {
        morning: NaiveTime,
        evening: NaiveTime,
    },
    /// A date that does not exist (2026-02-30) or an hour past 23.
    Impossible,
    InPast(DateTime<Utc>),
    /// Further out than reminders may reach (ten years).
    TooFar,
    /// "in -5 minutes": a length of time that counts backwards (or is zero).
    NotAhead,
}

const DEFAULT_TIME: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => panic!("09:00 exists"),
};

/// Lowercases and strips the accents French uses, so "à", "Août" and "a",
/// "aout" read alike.
pub(crate) fn fold(word: &str) -> String {
    word.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            other => other,
        })
        .collect()
}

fn is(word: &str, options: &[&str]) -> bool {
    options.contains(&word)
}

const IN: &[&str] = &["in", "dans", "over", "binnen"];
const EVERY: &[&str] = &[
    "every", "each", "chaque", "tous", "toutes", "elke", "iedere", "ieder", "elk",
];
const NEXT: &[&str] = &["next", "prochain", "prochaine", "volgende", "komende"];
const TODAY: &[&str] = &["today", "aujourd'hui", "vandaag"];
const TOMORROW: &[&str] = &["tomorrow", "demain", "morgen"];
const AT: &[&str] = &["at", "a", "om", "vers"];
const ON: &[&str] = &["on", "le", "op", "the", "les"];
const OF: &[&str] = &["of", "de", "du", "van"];
const EACH_MONTH: &[&str] = &[
    "each", "every", "the", "chaque", "elke", "iedere", "de", "le",
];
const MONTH: &[&str] = &["month", "mois", "maand"];
const DAY: &[&str] = &["day", "days", "jour", "jours", "dag", "dagen"];
const WEEKDAY_WORD: &[&str] = &[
    "weekday",
    "weekdays",
    "werkdag",
    "werkdagen",
    "weekdag",
    "weekdagen",
];
const UNTIL: &[&str] = &["until", "till", "jusqu'au", "jusqu'a", "tot"];
const ONE: &[&str] = &["a", "an", "one", "un", "une", "een"];

/// A day's name in any of the three languages (no word means another
/// thing in one of them), or an abbreviation in the reader's language only:
/// `do` is Thursday in Dutch and a verb in English, `mon` Monday in
/// English and "my" in French.
pub(crate) fn weekday(word: &str, lang: Option<Locale>) -> Option<Weekday> {
    let word = word
        .strip_suffix('s')
        .filter(|w| w.ends_with("day"))
        .unwrap_or(word);
    Some(match (word, lang) {
        ("monday" | "lundi" | "maandag", _) => Weekday::Mon,
        ("tuesday" | "mardi" | "dinsdag", _) => Weekday::Tue,
        ("wednesday" | "mercredi" | "woensdag", _) => Weekday::Wed,
        ("thursday" | "jeudi" | "donderdag", _) => Weekday::Thu,
        ("friday" | "vendredi" | "vrijdag", _) => Weekday::Fri,
        ("saturday" | "samedi" | "zaterdag", _) => Weekday::Sat,
        ("sunday" | "dimanche" | "zondag", _) => Weekday::Sun,
        ("mon", Some(Locale::En)) | ("lun", Some(Locale::Fr)) | ("ma", Some(Locale::Nl)) => {
            Weekday::Mon
        }
        ("tue", Some(Locale::En)) | ("mar", Some(Locale::Fr)) | ("di", Some(Locale::Nl)) => {
            Weekday::Tue
        }
        ("wed", Some(Locale::En)) | ("mer", Some(Locale::Fr)) | ("wo", Some(Locale::Nl)) => {
            Weekday::Wed
        }
        ("thu", Some(Locale::En)) | ("jeu", Some(Locale::Fr)) | ("do", Some(Locale::Nl)) => {
            Weekday::Thu
        }
        ("fri", Some(Locale::En)) | ("ven", Some(Locale::Fr)) | ("vr", Some(Locale::Nl)) => {
            Weekday::Fri
        }
        ("sat", Some(Locale::En)) | ("sam", Some(Locale::Fr)) | ("za", Some(Locale::Nl)) => {
            Weekday::Sat
        }
        ("sun", Some(Locale::En)) | ("dim", Some(Locale::Fr)) | ("zo", Some(Locale::Nl)) => {
            Weekday::Sun
        }
        _ => return None,
    })
}

fn ordinal(word: &str) -> Option<i8> {
    Some(match word {
        "first" | "1st" | "premier" | "premiere" | "1er" | "1re" | "eerste" => 1,
        "second" | "2nd" | "deuxieme" | "2e" | "seconde" | "tweede" => 2,
        "third" | "3rd" | "troisieme" | "3e" | "derde" => 3,
        "fourth" | "4th" | "quatrieme" | "4e" | "vierde" => 4,
        "last" | "dernier" | "derniere" | "laatste" => -1,
        _ => return None,
    })
}

/// Seconds in one of a relative duration's units.
fn unit_seconds(word: &str) -> Option<i64> {
    Some(match word {
        "s" | "sec" | "secs" | "second" | "seconds" | "seconde" | "secondes" | "seconden" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" | "minuut" | "minuten" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" | "uur" | "uren" => 3600,
        "d" | "day" | "days" | "jour" | "jours" | "dag" | "dagen" => 86_400,
        "w" | "week" | "weeks" | "semaine" | "semaines" | "weken" => 604_800,
        _ => return None,
    })
}

fn is_weeks(word: &str) -> bool {
    unit_seconds(word) == Some(604_800)
}

/// "20" + "minutes", or "20min" in one word.
fn amount_and_unit(words: &[String]) -> Option<(i64, i64, usize)> {
    let first = words.first()?;
    let split = first
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(first.len());
    if split > 0 && split < first.len() {
        let n: i64 = first[..split].parse().ok()?;
        return Some((n, unit_seconds(&first[split..])?, 1));
    }
    let n: i64 = if is(first, ONE) {
        1
    } else {
        first.parse().ok()?
    };
    Some((n, unit_seconds(words.get(1)?)?, 2))
}

/// A length of time: "10m", "10 min", "2 hours", "1d", "une heure".
pub fn parse_duration(input: &str) -> Option<i64> {
    let words: Vec<String> = input.split_whitespace().map(fold).collect();
    let (n, unit, used) = amount_and_unit(&words)?;
    let seconds = n.checked_mul(unit)?;
    (used == words.len() && seconds > 0 && seconds <= 3660 * 86_400).then_some(seconds)
}

enum TimeRead {
    At(NaiveTime, usize),
    Ambiguous(NaiveTime, NaiveTime),
    Impossible,
    None,
}

fn hm(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A time of day: "18:00", "9am", "9 pm", "9h", "18h30", "9 uur", "9u30",
/// optionally after "at", "à", "om".
fn time_of_day(words: &[String]) -> TimeRead {
    let lead = usize::from(words.first().is_some_and(|w| is(w, AT)));
    let Some(word) = words.get(lead) else {
        return TimeRead::None;
    };
    let next = words.get(lead + 1).map(String::as_str);
    match word.as_str() {
        "noon" | "midi" | "middag" => {
            return TimeRead::At(NaiveTime::from_hms_opt(12, 0, 0).expect("noon"), lead + 1);
        }
        "midnight" | "minuit" | "middernacht" => return TimeRead::At(NaiveTime::MIN, lead + 1),
        _ => {}
    }
    let (body, mut suffix) = match word.find(|c: char| !c.is_ascii_digit() && c != ':') {
        Some(i) => (&word[..i], &word[i..]),
        None => (word.as_str(), ""),
    };
    if body.is_empty() {
        return TimeRead::None;
    }
    let mut used = lead + 1;
    if suffix.is_empty() && matches!(next, Some("am" | "pm" | "uur" | "h")) {
        suffix = next.unwrap_or_default();
        used += 1;
    }
    let (hour, minute) = match body.split_once(':') {
        Some((h, m)) => match (h.parse::<u32>(), m.parse::<u32>()) {
            (Ok(h), Ok(m)) if m < 60 && !h.to_string().is_empty() => (h, Some(m)),
            _ => return TimeRead::Impossible,
        },
        None => match body.parse::<u32>() {
            Ok(h) if body.len() <= 2 => (h, None),
            _ => return TimeRead::None,
        },
    };
    let with_minutes = |rest: &str| -> Option<u32> {
        if rest.is_empty() {
            Some(minute.unwrap_or(0))
        } else if minute.is_none() {
            rest.parse::<u32>().ok().filter(|m| *m < 60)
        } else {
            None
        }
    };
    let time = match suffix {
        "am" | "pm" => {
            if !(1..=12).contains(&hour) {
                return TimeRead::Impossible;
            }
            let h = (hour % 12) + if suffix == "pm" { 12 } else { 0 };
            hm(h, minute.unwrap_or(0))
        }
        "" if minute.is_some() => hm(hour, minute.unwrap_or(0)),
        "" => {
            if hour > 23 {
                return TimeRead::None;
            }
            if (1..=12).contains(&hour) {
                let morning = hm(hour % 12, 0).expect("valid hour");
                let evening = hm(hour % 12 + 12, 0).expect("valid hour");
                return TimeRead::Ambiguous(morning, evening);
            }
            hm(hour, 0)
        }
        s if s.starts_with('h') => match with_minutes(&s[1..]) {
            Some(m) => hm(hour, m),
            None => return TimeRead::None,
        },
        s if s.starts_with('u') && !s.starts_with("uur") => match with_minutes(&s[1..]) {
            Some(m) => hm(hour, m),
            None => return TimeRead::None,
        },
        "uur" => hm(hour, minute.unwrap_or(0)),
        _ => return TimeRead::None,
    };
    match time {
        Some(t) => TimeRead::At(t, used),
        None => TimeRead::Impossible,
    }
}

/// An optional time after a day: (time, words used).
fn optional_time(words: &[String]) -> Result<(NaiveTime, usize), WhenError> {
    match time_of_day(words) {
        TimeRead::At(t, n) => Ok((t, n)),
        TimeRead::Ambiguous(morning, evening) => Err(WhenError::AmbiguousHour { morning, evening }),
        TimeRead::Impossible => Err(WhenError::Impossible),
        TimeRead::None => Ok((DEFAULT_TIME, 0)),
    }
}

fn iso_date(word: &str) -> Option<Result<(NaiveDate, Option<NaiveTime>), WhenError>> {
    let (date, time) = match word.split_once('t') {
        Some((d, t)) => (d, Some(t)),
        None => (word, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || !parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
    {
        return None;
    }
    let (Ok(y), Ok(m), Ok(d)) = (parts[0].parse(), parts[1].parse(), parts[2].parse()) else {
        return None;
    };
    let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
        return Some(Err(WhenError::Impossible));
    };
    let time = match time {
        None => None,
        Some(t) => match NaiveTime::parse_from_str(t, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => return Some(Err(WhenError::Impossible)),
        },
    };
    Some(Ok((date, time)))
}

/// Parses the time at the start of `input` for a reader in `tz` at `now`;
/// returns it and how many whitespace-separated words it used.
pub fn parse(input: &str, now: DateTime<Utc>, tz: Tz) -> Result<(When, usize), WhenError> {
    parse_in(input, now, tz, None)
}

/// [`parse`] as a reader of `lang` writes: with that language's
/// abbreviations of days (`lang` none: only words no language reads
/// otherwise).
pub fn parse_in(
    input: &str,
    now: DateTime<Utc>,
    tz: Tz,
    lang: Option<Locale>,
) -> Result<(When, usize), WhenError> {
    let words: Vec<String> = input.split_whitespace().map(fold).collect();
    let (when, used) = parse_words(&words, now, tz, lang)?;
    if let When::Once(at) = when {
        if at <= now {
            return Err(WhenError::InPast(at));
        }
        if at > now + Duration::days(3660) {
            return Err(WhenError::TooFar);
        }
    }
    Ok((when, used))
}

fn parse_words(
    w: &[String],
    now: DateTime<Utc>,
    tz: Tz,
    lang: Option<Locale>,
) -> Result<(When, usize), WhenError> {
    // "until friday", "jusqu'au 2026-12-24", "tot maandag", "on december 24",
    // "le 24 décembre", "op 24 december": the same time. A loop, not
    // recursion: a line may start with thousands of them.
    let skipped = w
        .iter()
        .take(w.len().saturating_sub(1))
        .take_while(|x| is(x, UNTIL) || is(x, &["on", "le", "op"]))
        .count();
    parse_after_lead(&w[skipped..], now, tz, lang).map(|(when, used)| (when, used + skipped))
}

fn parse_after_lead(
    w: &[String],
    now: DateTime<Utc>,
    tz: Tz,
    lang: Option<Locale>,
) -> Result<(When, usize), WhenError> {
    let first = w.first().ok_or(WhenError::Unrecognized)?.as_str();
    let today = now.with_timezone(&tz).date_naive();

    // in 20 minutes / dans 2 heures / over 3 dagen
    if is(first, IN) {
        let (n, unit, used) = amount_and_unit(&w[1..]).ok_or(WhenError::Unrecognized)?;
        // Checked: the amount is anyone's number, up to i64's ends.
        let seconds = n.checked_mul(unit).ok_or(if n < 0 {
            WhenError::NotAhead
        } else {
            WhenError::TooFar
        })?;
        if seconds <= 0 {
            return Err(WhenError::NotAhead);
        }
        if seconds > 3660 * 86_400 {
            return Err(WhenError::TooFar);
        }
        let at = Duration::try_seconds(seconds)
            .and_then(|d| now.checked_add_signed(d))
            .ok_or(WhenError::TooFar)?;
        return Ok((When::Once(at), 1 + used));
    }

    // every … / chaque … / tous les … / elke …
    if is(first, EVERY) {
        let mut i = 1;
        if w.get(i).is_some_and(|x| is(x, &["les", "the"])) {
            i += 1;
        }
        return every(w, i, today, lang).map(|(r, used)| (When::Every(r), used));
    }

    // first monday of each month 19:00
    if let Some(nth) = ordinal(first) {
        return monthly(w, 0, nth, today, lang).map(|(r, used)| (When::Every(r), used));
    }

    // 2026-12-01 14:00, 2026-12-01T14:00
    if let Some(date) = iso_date(first) {
        let (date, time) = date?;
        let (time, used) = match time {
            Some(t) => (t, 0),
            None => optional_time(&w[1..])?,
        };
        return Ok((When::Once(resolve_local(date, time, tz)), 1 + used));
    }

    // 24 december [2026] [time]; december 24th [2026] [time]
    if let Some((date, used)) = day_and_month(w, today)? {
        let (time, more) = optional_time(&w[used..])?;
        return Ok((When::Once(resolve_local(date, time, tz)), used + more));
    }

    // today / tomorrow [time]; next monday [time]; monday [next] [time]
    let day = if is(first, TODAY) {
        Some((today, 1))
    } else if is(first, TOMORROW) {
        Some((today + Duration::days(1), 1))
    } else if is(first, NEXT) {
        let wd = w
            .get(1)
            .and_then(|x| weekday(x, lang))
            .ok_or(WhenError::Unrecognized)?;
        Some((next_weekday(today, wd), 2))
    } else if let Some(wd) = weekday(first, lang) {
        let used = 1 + usize::from(w.get(1).is_some_and(|x| is(x, NEXT)));
        Some((next_weekday(today, wd), used))
    } else {
        None
    };
    if let Some((date, used)) = day {
        let (time, more) = optional_time(&w[used..])?;
        return Ok((When::Once(resolve_local(date, time, tz)), used + more));
    }

    // A bare time: its next occurrence.
    match time_of_day(w) {
        TimeRead::At(time, used) => {
            let at = resolve_local(today, time, tz);
            let at = if at > now {
                at
            } else {
                resolve_local(today + Duration::days(1), time, tz)
            };
            Ok((When::Once(at), used))
        }
        TimeRead::Ambiguous(morning, evening) => Err(WhenError::AmbiguousHour { morning, evening }),
        TimeRead::Impossible => Err(WhenError::Impossible),
        TimeRead::None => Err(WhenError::Unrecognized),
    }
}

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    Some(match word {
        "january" | "jan" | "janvier" | "janv" | "januari" => 1,
        "february" | "feb" | "fevrier" | "fevr" | "februari" => 2,
        "march" | "mar" | "mars" | "maart" | "mrt" => 3,
        "april" | "apr" | "avril" | "avr" => 4,
        "may" | "mai" | "mei" => 5,
        "june" | "jun" | "juin" | "juni" => 6,
        "july" | "jul" | "juillet" | "juil" | "juli" => 7,
        "august" | "aug" | "aout" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" => 9,
        "october" | "oct" | "octobre" | "oktober" | "okt" => 10,
        "november" | "nov" | "novembre" => 11,
        "december" | "dec" | "decembre" => 12,
        _ => return None,
    })
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th")
        .trim_end_matches("er")
        .trim_end_matches('e');
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// "24 december [2026]" or "december 24th [2026]": the date and the words
/// used; without a year, its next occurrence from `today`.
fn day_and_month(w: &[String], today: NaiveDate) -> Result<Option<(NaiveDate, usize)>, WhenError> {
    let (Some(a), Some(b)) = (w.first(), w.get(1)) else {
        return Ok(None);
    };
    let ((Some(day), Some(month), _, _) | (_, _, Some(month), Some(day))) =
        (day_number(a), month(b), month(a), day_number(b))
    else {
        return Ok(None);
    };
    let year = w
        .get(2)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (2000..=2200).contains(y));
    let used = 2 + usize::from(year.is_some());
    let date = match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).ok_or(WhenError::Impossible)?,
        None => match NaiveDate::from_ymd_opt(today.year(), month, day) {
            Some(d) if d >= today => d,
            _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day)
                .ok_or(WhenError::Impossible)?,
        },
    };
    Ok(Some((date, used)))
}

/// The next date after `today` that falls on `wd` (a week ahead if today is one).
fn next_weekday(today: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead =
        (7 + wd.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
    today + Duration::days(if ahead == 0 { 7 } else { ahead })
}

fn every(
    w: &[String],
    mut i: usize,
    today: NaiveDate,
    lang: Option<Locale>,
) -> Result<(Recurrence, usize), WhenError> {
    let word = w.get(i).ok_or(WhenError::Unrecognized)?.as_str();
    let rule;
    if let Some(nth) = ordinal(word) {
        return monthly(w, i, nth, today, lang);
    } else if let Some(wd) = weekday(word, lang) {
        rule = Rule::Weeks {
            interval: 1,
            weekday: wd,
        };
        i += 1;
    } else if is(word, WEEKDAY_WORD) {
        rule = Rule::Weekdays;
        i += 1;
    } else if is(word, &["jour", "jours"])
        && w.get(i + 1)
            .is_some_and(|x| is(x, &["ouvrable", "ouvrables", "ouvre", "ouvres"]))
    {
        rule = Rule::Weekdays;
        i += 2;
    } else if is(word, &["jour", "jours"])
        && w.get(i + 1).is_some_and(|x| x == "de")
        && w.get(i + 2).is_some_and(|x| x == "semaine")
    {
        rule = Rule::Weekdays;
        i += 3;
    } else if is(word, DAY) {
        rule = Rule::Days { interval: 1 };
        i += 1;
    } else if let Ok(n) = word.parse::<u32>() {
        if !(1..=52).contains(&n) {
            return Err(WhenError::Impossible);
        }
        let unit = w.get(i + 1).ok_or(WhenError::Unrecognized)?;
        if is(unit, DAY) {
            rule = Rule::Days { interval: n };
            i += 2;
        } else if is_weeks(unit) {
            i += 2;
            if w.get(i).is_some_and(|x| is(x, ON)) {
                i += 1;
            }
            let wd = w
                .get(i)
                .and_then(|x| weekday(x, lang))
                .ok_or(WhenError::Unrecognized)?;
            rule = Rule::Weeks {
                interval: n,
                weekday: wd,
            };
            i += 1;
        } else {
            return Err(WhenError::Unrecognized);
        }
    } else {
        return Err(WhenError::Unrecognized);
    }
    let (time, more) = optional_time(&w[i..])?;
    Ok((
        Recurrence {
            rule,
            time,
            anchor: today,
        },
        i + more,
    ))
}

/// "<nth> <weekday> of each month [time]" starting at `w[i]` (the ordinal).
fn monthly(
    w: &[String],
    mut i: usize,
    nth: i8,
    today: NaiveDate,
    lang: Option<Locale>,
) -> Result<(Recurrence, usize), WhenError> {
    let wd = w
        .get(i + 1)
        .and_then(|x| weekday(x, lang))
        .ok_or(WhenError::Unrecognized)?;
    i += 2;
    if w.get(i).is_some_and(|x| is(x, OF)) {
        i += 1;
    }
    while w.get(i).is_some_and(|x| is(x, EACH_MONTH)) {
        i += 1;
    }
    if !w.get(i).is_some_and(|x| is(x, MONTH)) {
        return Err(WhenError::Unrecognized);
    }
    i += 1;
    let (time, more) = optional_time(&w[i..])?;
    Ok((
        Recurrence {
            rule: Rule::MonthlyNth { nth, weekday: wd },
            time,
            anchor: today,
        },
        i + more,
    ))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    /// Monday 2026-11-23 10:00 in Paris.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    fn once(input: &str) -> (String, usize) {
        let tz = Tz::Europe__Paris;
        match parse(input, now(), tz) {
            Ok((When::Once(at), used)) => (
                at.with_timezone(&tz)
                    .format("%a %Y-%m-%d %H:%M:%S")
                    .to_string(),
                used,
            ),
            other => panic!("{input}: {other:?}"),
        }
    }

    fn every(input: &str) -> (Recurrence, usize) {
        match parse(input, now(), Tz::Europe__Paris) {
            Ok((When::Every(r), used)) => (r, used),
            other => panic!("{input}: {other:?}"),
        }
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn one_off_times_in_three_languages() {
        assert_eq!(
            once("in 20 minutes stand up"),
            ("Mon 2026-11-23 10:20:00".into(), 3)
        );
        assert_eq!(once("in 5 seconds"), ("Mon 2026-11-23 10:00:05".into(), 3));
        assert_eq!(once("dans 2 heures"), ("Mon 2026-11-23 12:00:00".into(), 3));
        assert_eq!(once("over 3 dagen"), ("Thu 2026-11-26 10:00:00".into(), 3));
        assert_eq!(once("in an hour"), ("Mon 2026-11-23 11:00:00".into(), 3));
        assert_eq!(once("in 90min"), ("Mon 2026-11-23 11:30:00".into(), 2));
        assert_eq!(
            once("tomorrow 9am call"),
            ("Tue 2026-11-24 09:00:00".into(), 2)
        );
        assert_eq!(
            once("tomorrow at 9:30 pm"),
            ("Tue 2026-11-24 21:30:00".into(), 4)
        );
        assert_eq!(once("demain 9h"), ("Tue 2026-11-24 09:00:00".into(), 2));
        assert_eq!(
            once("demain à 18h30"),
            ("Tue 2026-11-24 18:30:00".into(), 3)
        );
        assert_eq!(once("morgen 9 uur"), ("Tue 2026-11-24 09:00:00".into(), 3));
        assert_eq!(
            once("morgen om 9u30"),
            ("Tue 2026-11-24 09:30:00".into(), 3)
        );
        assert_eq!(
            once("next monday 18:00"),
            ("Mon 2026-11-30 18:00:00".into(), 3)
        );
        assert_eq!(
            once("lundi prochain 18h"),
            ("Mon 2026-11-30 18:00:00".into(), 3)
        );
        assert_eq!(
            once("volgende maandag 18:00"),
            ("Mon 2026-11-30 18:00:00".into(), 3)
        );
        assert_eq!(once("friday"), ("Fri 2026-11-27 09:00:00".into(), 1));
        assert_eq!(
            once("2026-12-01 14:00"),
            ("Tue 2026-12-01 14:00:00".into(), 2)
        );
        assert_eq!(
            once("2026-12-01T14:00"),
            ("Tue 2026-12-01 14:00:00".into(), 1)
        );
        assert_eq!(once("today 18:00"), ("Mon 2026-11-23 18:00:00".into(), 2));
        assert_eq!(once("18:00"), ("Mon 2026-11-23 18:00:00".into(), 1));
        assert_eq!(
            once("8:00"),
            ("Tue 2026-11-24 08:00:00".into(), 1),
            "already past today"
        );
        assert_eq!(
            once("until 2026-12-24"),
            ("Thu 2026-12-24 09:00:00".into(), 2)
        );
        assert_eq!(
            once("jusqu'au 2026-12-24"),
            ("Thu 2026-12-24 09:00:00".into(), 2)
        );
        assert_eq!(once("tot vrijdag"), ("Fri 2026-11-27 09:00:00".into(), 2));
        assert_eq!(
            once("24 december 14:00 gift"),
            ("Thu 2026-12-24 14:00:00".into(), 3)
        );
        assert_eq!(
            once("le 24 décembre à 18h"),
            ("Thu 2026-12-24 18:00:00".into(), 5)
        );
        assert_eq!(
            once("op 1 januari 2027 om 10 uur"),
            ("Fri 2027-01-01 10:00:00".into(), 7)
        );
        assert_eq!(
            once("december 1st at noon"),
            ("Tue 2026-12-01 12:00:00".into(), 4)
        );
        assert_eq!(
            once("on jan 5"),
            ("Tue 2027-01-05 09:00:00".into(), 3),
            "next year"
        );
        assert_eq!(once("tomorrow midi"), ("Tue 2026-11-24 12:00:00".into(), 2));
    }

    #[test]
    fn recurrences_in_three_languages() {
        let (r, used) = every("every monday 18:00 team sync");
        assert_eq!(
            (r.rule, r.time, used),
            (
                Rule::Weeks {
                    interval: 1,
                    weekday: Weekday::Mon
                },
                t(18, 0),
                3
            )
        );
        let (r, _) = every("chaque lundi 18h");
        assert_eq!(
            r.rule,
            Rule::Weeks {
                interval: 1,
                weekday: Weekday::Mon
            }
        );
        let (r, _) = every("elke maandag 18:00");
        assert_eq!(
            (r.rule, r.time),
            (
                Rule::Weeks {
                    interval: 1,
                    weekday: Weekday::Mon
                },
                t(18, 0)
            )
        );
        let (r, used) = every("every 2 weeks on friday");
        assert_eq!(
            (r.rule, r.time, used),
            (
                Rule::Weeks {
                    interval: 2,
                    weekday: Weekday::Fri
                },
                t(9, 0),
                5
            )
        );
        let (r, _) = every("toutes les 2 semaines le vendredi");
        assert_eq!(
            r.rule,
            Rule::Weeks {
                interval: 2,
                weekday: Weekday::Fri
            }
        );
        let (r, _) = every("elke 2 weken op vrijdag");
        assert_eq!(
            r.rule,
            Rule::Weeks {
                interval: 2,
                weekday: Weekday::Fri
            }
        );
        let (r, used) = every("every weekday 8:30");
        assert_eq!((r.rule, r.time, used), (Rule::Weekdays, t(8, 30), 3));
        let (r, _) = every("tous les jours ouvrables 8h30");
        assert_eq!((r.rule, r.time), (Rule::Weekdays, t(8, 30)));
        let (r, _) = every("elke werkdag 8:30");
        assert_eq!(r.rule, Rule::Weekdays);
        let (r, used) = every("first monday of each month 19:00");
        assert_eq!(
            (r.rule, r.time, used),
            (
                Rule::MonthlyNth {
                    nth: 1,
                    weekday: Weekday::Mon
                },
                t(19, 0),
                6
            )
        );
        let (r, _) = every("premier lundi de chaque mois 19h");
        assert_eq!(
            r.rule,
            Rule::MonthlyNth {
                nth: 1,
                weekday: Weekday::Mon
            }
        );
        let (r, _) = every("eerste maandag van elke maand 19:00");
        assert_eq!(
            r.rule,
            Rule::MonthlyNth {
                nth: 1,
                weekday: Weekday::Mon
            }
        );
        let (r, _) = every("every last friday of the month 17:00");
        assert_eq!(
            r.rule,
            Rule::MonthlyNth {
                nth: -1,
                weekday: Weekday::Fri
            }
        );
        let (r, _) = every("every day 7:00");
        assert_eq!(r.rule, Rule::Days { interval: 1 });
        let (r, _) = every("every 3 days");
        assert_eq!(r.rule, Rule::Days { interval: 3 });
    }

    #[test]
    fn ambiguity_and_impossibility_are_reported() {
        let tz = Tz::Europe__Paris;
        assert_eq!(
            parse("tomorrow at 5", now(), tz),
            Err(WhenError::AmbiguousHour {
                morning: t(5, 0),
                evening: t(17, 0)
            })
        );
        assert!(matches!(
            parse("2026-02-30 10:00", now(), tz),
            Err(WhenError::Impossible)
        ));
        assert!(matches!(
            parse("31 february 2027", now(), tz),
            Err(WhenError::Impossible)
        ));
        assert!(matches!(
            parse("tomorrow 25:00", now(), tz),
            Err(WhenError::Impossible)
        ));
        assert!(matches!(
            parse("tomorrow 13pm", now(), tz),
            Err(WhenError::Impossible)
        ));
        assert!(matches!(
            parse("2025-01-01 10:00", now(), tz),
            Err(WhenError::InPast(_))
        ));
        assert!(matches!(
            parse("today 8:00", now(), tz),
            Err(WhenError::InPast(_))
        ));
        assert!(matches!(
            parse("in 999999 weeks", now(), tz),
            Err(WhenError::TooFar)
        ));
        assert!(matches!(
            parse("soonish", now(), tz),
            Err(WhenError::Unrecognized)
        ));
        assert!(matches!(parse("", now(), tz), Err(WhenError::Unrecognized)));
        assert!(matches!(
            parse("every", now(), tz),
            Err(WhenError::Unrecognized)
        ));
        assert!(matches!(
            parse("every 0 weeks on monday", now(), tz),
            Err(WhenError::Impossible)
        ));
    }

    #[test]
    fn day_abbreviations_count_in_their_language_only() {
        let tz = Tz::Europe__Paris;
        let thursday = |input: &str, lang| match parse_in(input, now(), tz, lang) {
            Ok((When::Once(at), _)) => Some(at.with_timezone(&tz).weekday()),
            _ => None,
        };
        // `do` is a Dutch Thursday and an English verb.
        assert_eq!(thursday("do 18:00", Some(Locale::Nl)), Some(Weekday::Thu));
        assert_eq!(thursday("do laundry", Some(Locale::En)), None);
        assert_eq!(thursday("do 18:00", Some(Locale::Fr)), None);
        assert_eq!(thursday("do 18:00", None), None);
        // `mon` is English for Monday and French for "my".
        assert_eq!(thursday("mon 9:00", Some(Locale::En)), Some(Weekday::Mon));
        assert_eq!(thursday("mon rendez-vous", Some(Locale::Fr)), None);
        assert_eq!(thursday("lun 9:00", Some(Locale::Fr)), Some(Weekday::Mon));
        // Full names are read in every language.
        for lang in [None, Some(Locale::En), Some(Locale::Fr), Some(Locale::Nl)] {
            assert_eq!(thursday("donderdag 18:00", lang), Some(Weekday::Thu));
            assert_eq!(thursday("jeudi 18:00", lang), Some(Weekday::Thu));
            assert_eq!(thursday("thursday 18:00", lang), Some(Weekday::Thu));
        }
        let every = |input: &str, lang| parse_in(input, now(), tz, lang).ok().map(|(w, _)| w);
        assert!(matches!(
            every("elke do 18:00", Some(Locale::Nl)),
            Some(When::Every(Recurrence {
                rule: Rule::Weeks {
                    weekday: Weekday::Thu,
                    ..
                },
                ..
            }))
        ));
        assert!(every("every do 18:00", Some(Locale::En)).is_none());
    }

    #[test]
    fn out_of_range_amounts_are_errors_not_panics() {
        let tz = Tz::Europe__Paris;
        for input in [
            "in -9999999999999999 seconds x",
            "in -300000000 days",
            "in -9999999999999999 s",
            "in -5 minutes",
            "in 0 minutes",
            "dans -1 heure",
            "over -9223372036854775808 seconden",
        ] {
            assert_eq!(parse(input, now(), tz), Err(WhenError::NotAhead), "{input}");
        }
        for input in [
            "in 9999999999999999 seconds",
            "in 9223372036854775807 weeks",
            "in 300000000 days",
        ] {
            assert_eq!(parse(input, now(), tz), Err(WhenError::TooFar), "{input}");
        }
    }

    /// Thousands of leading "on"/"until" words are read in a loop: no stack
    /// depth grows with the input.
    #[test]
    fn many_leading_words_do_not_recurse() {
        for lead in ["on ", "le ", "op ", "until ", "tot "] {
            let input = format!("{}friday", lead.repeat(200_000));
            let (when, used) = parse(&input, now(), Tz::Europe__Paris).expect("a time");
            assert!(matches!(when, When::Once(_)));
            assert_eq!(used, 200_001);
        }
        let only = "on ".repeat(100_000);
        assert_eq!(
            parse(&only, now(), Tz::Europe__Paris),
            Err(WhenError::Unrecognized)
        );
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let words = [
            "in",
            "every",
            "2",
            "weeks",
            "on",
            "friday",
            "at",
            "9",
            "pm",
            "am",
            ":",
            "18:00",
            "h",
            "first",
            "of",
            "month",
            "tomorrow",
            "demain",
            "9h",
            "99:99",
            "2026-13-01",
            "-1",
            "uur",
            "u30",
            "18h61",
            "chaque",
            "jour",
            "ouvrable",
            "next",
            "lundi",
            "1e9",
            "0:",
        ];
        let mut state: u64 = 0x853c_49e6_748f_ea9b;
        for _ in 0..20_000 {
            let mut line = Vec::new();
            for _ in 0..(state % 7) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                line.push(words[(state >> 33) as usize % words.len()]);
            }
            let _ = parse(&line.join(" "), now(), Tz::Australia__Sydney);
        }
    }
}
