//! The programme figures, worked out from what `store` read (pure), and
//! written out: lines of text, the chart's bars, the CSV.
//!
//! Definitions (also in `help stats` and the README). "In scope": the
//! community's active circles, or the named circle, or the circles a host
//! hosts. "Members": the people in those circles now who had joined by the
//! period's end. "Active": did something the bot records with their name in
//! the period: a check-in, taking part in a round or writing in it, setting
//! or reaching a goal (for one circle or a host's circles, only check-ins
//! and rounds of those circles count). A "meeting": a day (in the reader's
//! zone) on which a circle checked in or finished a round.

use std::collections::{HashMap, HashSet};

use super::store::{Activity, Bounds, GoalCounts, Meetings, ScopeCircle, ScopeMember};
use super::{RETENTION_GRACE_DAYS, RETENTION_WEEKS};
use crate::i18n::{I18n, Locale, Text};
use crate::pulses::RunScores;

const DAY: i64 = 86_400_000;

/// What the figures are computed from.
pub(super) struct Inputs<'a> {
    pub bounds: Bounds,
    pub circles: &'a [ScopeCircle],
    pub members: &'a [ScopeMember],
    pub activity: &'a [Activity],
    pub meetings: &'a [Meetings],
    /// Rounds held per circle.
    pub rounds: &'a [Meetings],
    pub goals: GoalCounts,
    /// (member, their first join) of those who may reach a mark.
    pub joins: &'a [(String, i64)],
    /// Pulse runs' scores: (opened in the period, not the one before; them).
    pub scores: &'a [(bool, RunScores)],
}

/// The figures of one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub days: f64,
    pub members: i64,
    pub active: i64,
    pub circles: i64,
    pub meetings: i64,
    pub circles_met: i64,
    pub rounds: i64,
    pub goals: i64,
    pub goals_done: i64,
    /// Per mark in [`RETENTION_WEEKS`]: (still active, reached the mark).
    pub retention: [(i64, i64); 3],
    pub satisfaction: Option<f64>,
    pub satisfaction_answers: i64,
    pub enps: Option<i64>,
    pub enps_answers: i64,
}

impl Figures {
    pub fn participation(&self) -> Option<f64> {
        ratio(self.active, self.members)
    }

    /// Meetings per circle per month (30 days).
    pub fn meetings_per_month(&self) -> Option<f64> {
        (self.circles > 0 && self.days > 0.0)
            .then(|| self.meetings as f64 / self.circles as f64 * 30.0 / self.days)
    }

    pub fn checkin_rate(&self) -> Option<f64> {
        ratio(self.circles_met, self.circles)
    }

    pub fn goal_completion(&self) -> Option<f64> {
        ratio(self.goals_done, self.goals)
    }

    pub fn retention(&self, mark: usize) -> Option<f64> {
        let (kept, reached) = self.retention[mark];
        ratio(kept, reached)
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Mentor load now: mentors are the mentors and hosts of circles with at
/// least one mentee.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Load {
    pub mentors: i64,
    pub mentees_mean: f64,
    pub mentees_max: i64,
    /// Meetings of their circles in the period.
    pub sessions_mean: f64,
    pub sessions_max: i64,
}

/// A circle that has not met for longer than its nudge period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub name: String,
    pub quiet_days: i64,
    pub nudge_days: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub before: Figures,
    pub now: Figures,
    pub load: Option<Load>,
    pub at_risk: Vec<Risk>,
}

pub(super) fn compute(input: &Inputs<'_>) -> Report {
    let b = input.bounds;
    let periods = [(b.prev_start, b.start), (b.start, b.end)];
    let latest: HashMap<&str, &Activity> = input
        .activity
        .iter()
        .map(|a| (a.user_id.as_str(), a))
        .collect();
    let meetings: HashMap<i64, &Meetings> =
        input.meetings.iter().map(|m| (m.circle_id, m)).collect();
    let mut out = [Figures::default(), Figures::default()];
    for (i, (start, end)) in periods.into_iter().enumerate() {
        let f = &mut out[i];
        let now = i == 1;
        f.days = (end - start) as f64 / DAY as f64;
        // The latest activity before this period's end.
        let last = |user: &str| -> Option<i64> {
            latest
                .get(user)
                .and_then(|a| if now { a.latest } else { a.before_start })
        };
        let members: HashSet<&str> = input
            .members
            .iter()
            .filter(|m| m.joined_at < end)
            .map(|m| m.user_id.as_str())
            .collect();
        f.members = members.len() as i64;
        f.active = members
            .iter()
            .filter(|u| last(u).is_some_and(|at| at >= start))
            .count() as i64;
        let circles: Vec<&ScopeCircle> = input
            .circles
            .iter()
            .filter(|c| c.created_at < end)
            .collect();
        f.circles = circles.len() as i64;
        for c in &circles {
            let held = meetings
                .get(&c.id)
                .map_or(0, |m| if now { m.now } else { m.before });
            f.meetings += held;
            if held > 0 {
                f.circles_met += 1;
            }
        }
        let ids: HashSet<i64> = circles.iter().map(|c| c.id).collect();
        f.rounds = input
            .rounds
            .iter()
            .filter(|r| ids.contains(&r.circle_id))
            .map(|r| if now { r.now } else { r.before })
            .sum();
        (f.goals, f.goals_done) = if now {
            (input.goals.due, input.goals.done)
        } else {
            (input.goals.before_due, input.goals.before_done)
        };
        for (mark, weeks) in RETENTION_WEEKS.iter().enumerate() {
            for (user, first) in input.joins {
                let at = first + weeks * 7 * DAY;
                if at < start || at >= end {
                    continue;
                }
                f.retention[mark].1 += 1;
                if last(user).is_some_and(|a| a >= at - RETENTION_GRACE_DAYS * DAY) {
                    f.retention[mark].0 += 1;
                }
            }
        }
        let runs = input.scores.iter().filter(|(in_now, _)| *in_now == now);
        let (mut sum, mut count, mut promoters, mut detractors, mut scored) = (0, 0, 0, 0, 0);
        for (_, run) in runs {
            sum += run.scale.iter().sum::<i64>();
            count += run.scale.len() as i64;
            if let Some(bands) = run.bands {
                promoters += run.nps.iter().filter(|v| **v >= bands.promoter_min).count() as i64;
                detractors += run.nps.iter().filter(|v| **v < bands.passive_min).count() as i64;
                scored += run.nps.len() as i64;
            }
        }
        f.satisfaction_answers = count;
        f.satisfaction = (count > 0).then(|| sum as f64 / count as f64);
        f.enps_answers = scored;
        f.enps = (scored > 0).then(|| rounded_percent(promoters - detractors, scored));
    }
    let [before, now] = out;
    Report {
        load: load(input, &meetings),
        at_risk: at_risk(input.circles, b.end),
        before,
        now,
    }
}

/// `part / whole` in percent, rounded half away from zero.
fn rounded_percent(part: i64, whole: i64) -> i64 {
    let scaled = part * 100;
    if scaled >= 0 {
        (scaled + whole / 2) / whole
    } else {
        -((-scaled + whole / 2) / whole)
    }
}

fn load(input: &Inputs<'_>, meetings: &HashMap<i64, &Meetings>) -> Option<Load> {
    let mut mentees_of_circle: HashMap<i64, HashSet<&str>> = HashMap::new();
    for m in input.members.iter().filter(|m| m.role == "mentee") {
        mentees_of_circle
            .entry(m.circle_id)
            .or_default()
            .insert(m.user_id.as_str());
    }
    let mut mentors: HashMap<&str, (HashSet<&str>, HashSet<i64>)> = HashMap::new();
    for m in input
        .members
        .iter()
        .filter(|m| m.role == "mentor" || m.role == "host")
    {
        let Some(mentees) = mentees_of_circle.get(&m.circle_id) else {
            continue;
        };
        let entry = mentors.entry(m.user_id.as_str()).or_default();
        entry.0.extend(mentees.iter().copied());
        entry.1.insert(m.circle_id);
    }
    if mentors.is_empty() {
        return None;
    }
    let n = mentors.len() as f64;
    let mentees: Vec<i64> = mentors.values().map(|(m, _)| m.len() as i64).collect();
    let sessions: Vec<i64> = mentors
        .values()
        .map(|(_, circles)| {
            circles
                .iter()
                .map(|c| meetings.get(c).map_or(0, |m| m.now))
                .sum()
        })
        .collect();
    Some(Load {
        mentors: mentors.len() as i64,
        mentees_mean: mentees.iter().sum::<i64>() as f64 / n,
        mentees_max: mentees.iter().copied().max().unwrap_or(0),
        sessions_mean: sessions.iter().sum::<i64>() as f64 / n,
        sessions_max: sessions.iter().copied().max().unwrap_or(0),
    })
}

/// Circles whose last meeting (check-in or finished round; their creation
/// if they never met) is longer ago than their nudge period, the quietest
/// first.
fn at_risk(circles: &[ScopeCircle], now: i64) -> Vec<Risk> {
    let mut out: Vec<Risk> = circles
        .iter()
        .filter_map(|c| {
            let last = c
                .last_checkin_at
                .into_iter()
                .chain(c.last_round_at)
                .max()
                .unwrap_or(c.created_at);
            let quiet = now - last;
            (quiet > c.nudge_after_days * DAY).then(|| Risk {
                name: c.name.clone(),
                quiet_days: quiet / DAY,
                nudge_days: c.nudge_after_days,
            })
        })
        .collect();
    out.sort_by(|a, b| b.quiet_days.cmp(&a.quiet_days).then(a.name.cmp(&b.name)));
    out
}

// ------------------------------------------------------------------ words

fn pct(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

fn dec(value: f64) -> String {
    format!("{value:.1}")
}

/// " — up 10 points from 50%" and the like: the change from the period
/// before, in the figure's own unit.
fn change(
    i18n: &I18n,
    locale: Locale,
    before: Option<f64>,
    now: Option<f64>,
    write: impl Fn(f64) -> String,
    delta: impl Fn(f64) -> String,
    same: impl Fn(f64, f64) -> bool,
) -> String {
    let text = match (before, now) {
        (Some(b), Some(n)) if same(b, n) => Text::new("stats-change-same"),
        (Some(b), Some(n)) => Text::new(if n > b {
            "stats-change-up"
        } else {
            "stats-change-down"
        })
        .arg("by", delta((n - b).abs()))
        .arg("was", write(b)),
        (Some(_), None) | (None, _) => Text::new("stats-change-none"),
    };
    format!(" — {}", i18n.render(locale, &text))
}

fn percent_change(i18n: &I18n, locale: Locale, before: Option<f64>, now: Option<f64>) -> String {
    change(
        i18n,
        locale,
        before,
        now,
        |v| format!("{}%", pct(v)),
        |d| i18n.render(locale, &Text::new("stats-points").arg("count", pct(d))),
        |b, n| pct(b) == pct(n),
    )
}

fn number_change(i18n: &I18n, locale: Locale, before: Option<f64>, now: Option<f64>) -> String {
    change(i18n, locale, before, now, dec, dec, |b, n| dec(b) == dec(n))
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// The figures as lines of text, each with its change.
pub(super) fn lines(i18n: &I18n, locale: Locale, report: &Report) -> Vec<String> {
    let (b, n) = (&report.before, &report.now);
    let mut out = Vec::new();
    let render = |text: Text| i18n.render(locale, &text);
    let percent_of = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| pct(v).to_string());
    out.push(
        render(
            Text::new("stats-participation")
                .arg("active", n.active)
                .arg("members", n.members)
                .arg("percent", percent_of(n.participation())),
        ) + &percent_change(i18n, locale, b.participation(), n.participation()),
    );
    out.push(
        render(
            Text::new("stats-meetings")
                .arg(
                    "rate",
                    n.meetings_per_month().map_or_else(|| "—".to_owned(), dec),
                )
                .arg("meetings", n.meetings)
                .arg("circles", n.circles),
        ) + &number_change(i18n, locale, b.meetings_per_month(), n.meetings_per_month()),
    );
    out.push(
        render(
            Text::new("stats-checkin-rate")
                .arg("met", n.circles_met)
                .arg("circles", n.circles)
                .arg("percent", percent_of(n.checkin_rate())),
        ) + &percent_change(i18n, locale, b.checkin_rate(), n.checkin_rate()),
    );
    out.push(
        render(Text::new("stats-rounds").arg("count", n.rounds))
            + &change(
                i18n,
                locale,
                Some(b.rounds as f64),
                Some(n.rounds as f64),
                |v| (v as i64).to_string(),
                |d| (d as i64).to_string(),
                |b, n| b == n,
            ),
    );
    out.push(
        render(
            Text::new("stats-goals")
                .arg("done", n.goals_done)
                .arg("goals", n.goals)
                .arg("percent", percent_of(n.goal_completion())),
        ) + &percent_change(i18n, locale, b.goal_completion(), n.goal_completion()),
    );
    let parts: Vec<String> = RETENTION_WEEKS
        .iter()
        .enumerate()
        .map(|(i, weeks)| {
            let (kept, reached) = n.retention[i];
            let part = match n.retention(i) {
                Some(r) => render(
                    Text::new("stats-retention-part")
                        .arg("weeks", *weeks)
                        .arg("percent", pct(r))
                        .arg("kept", kept)
                        .arg("reached", reached),
                ),
                None => render(Text::new("stats-retention-nobody").arg("weeks", *weeks)),
            };
            part + &percent_change(i18n, locale, b.retention(i), n.retention(i))
        })
        .collect();
    out.push(render(
        Text::new("stats-retention").arg("parts", parts.join("; ")),
    ));
    out.push(match n.satisfaction {
        Some(mean) => {
            render(
                Text::new("stats-satisfaction")
                    .arg("mean", dec(mean))
                    .arg("count", n.satisfaction_answers),
            ) + &number_change(i18n, locale, b.satisfaction, n.satisfaction)
        }
        None => render(Text::new("stats-satisfaction-none")),
    });
    out.push(match n.enps {
        Some(enps) => {
            render(
                Text::new("stats-enps")
                    .arg("enps", signed(enps))
                    .arg("count", n.enps_answers),
            ) + &change(
                i18n,
                locale,
                b.enps.map(|v| v as f64),
                Some(enps as f64),
                |v| signed(v as i64),
                |d| (d as i64).to_string(),
                |b, n| b == n,
            )
        }
        None => render(Text::new("stats-enps-none")),
    });
    out.push(match &report.load {
        Some(load) => render(
            Text::new("stats-load")
                .arg("mentors", load.mentors)
                .arg("mentees", dec(load.mentees_mean))
                .arg("mentees_max", load.mentees_max)
                .arg("sessions", dec(load.sessions_mean))
                .arg("sessions_max", load.sessions_max),
        ),
        None => render(Text::new("stats-load-none")),
    });
    out.push(render(
        Text::new("stats-at-risk").arg("count", report.at_risk.len()),
    ));
    out
}

/// The rates, for the chart: (label, percent, written with the period
/// before).
pub(super) fn rate_bars(
    i18n: &I18n,
    locale: Locale,
    report: &Report,
) -> Vec<(String, f64, String)> {
    let (b, n) = (&report.before, &report.now);
    let mut rates: Vec<(String, Option<f64>, Option<f64>)> = vec![
        (
            i18n.t(locale, "stats-bar-participation"),
            n.participation(),
            b.participation(),
        ),
        (
            i18n.t(locale, "stats-bar-checkin-rate"),
            n.checkin_rate(),
            b.checkin_rate(),
        ),
        (
            i18n.t(locale, "stats-bar-goals"),
            n.goal_completion(),
            b.goal_completion(),
        ),
    ];
    for (i, weeks) in RETENTION_WEEKS.iter().enumerate() {
        rates.push((
            i18n.render(
                locale,
                &Text::new("stats-bar-retention").arg("weeks", *weeks),
            ),
            n.retention(i),
            b.retention(i),
        ));
    }
    rates
        .into_iter()
        .filter_map(|(label, now, before)| {
            let now = now?;
            let written = match before {
                Some(before) => i18n.render(
                    locale,
                    &Text::new("stats-bar-value-was")
                        .arg("percent", pct(now))
                        .arg("was", pct(before)),
                ),
                None => format!("{}%", pct(now)),
            };
            Some((label, pct(now) as f64, written))
        })
        .collect()
}

/// The figures as CSV rows: what each is, its value, what it is made of,
/// and the same for the period before; then the circles at risk.
pub(super) fn csv(report: &Report, from: &str, to: &str) -> String {
    let (b, n) = (&report.before, &report.now);
    let mut csv = String::from(
        "figure,value,numerator,denominator,previous_value,previous_numerator,previous_denominator,period_start,period_end\r\n",
    );
    let num = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.4}"));
    let mut row =
        |name: &str, v: (Option<f64>, String, String), p: (Option<f64>, String, String)| {
            csv.push_str(&format!(
                "{name},{},{},{},{},{},{},{from},{to}\r\n",
                num(v.0),
                v.1,
                v.2,
                num(p.0),
                p.1,
                p.2
            ));
        };
    let s = |v: i64| v.to_string();
    row(
        "participation",
        (n.participation(), s(n.active), s(n.members)),
        (b.participation(), s(b.active), s(b.members)),
    );
    row(
        "meetings_per_circle_per_month",
        (n.meetings_per_month(), s(n.meetings), s(n.circles)),
        (b.meetings_per_month(), s(b.meetings), s(b.circles)),
    );
    row(
        "checkin_rate",
        (n.checkin_rate(), s(n.circles_met), s(n.circles)),
        (b.checkin_rate(), s(b.circles_met), s(b.circles)),
    );
    row(
        "rounds_held",
        (Some(n.rounds as f64), s(n.rounds), String::new()),
        (Some(b.rounds as f64), s(b.rounds), String::new()),
    );
    row(
        "goal_completion",
        (n.goal_completion(), s(n.goals_done), s(n.goals)),
        (b.goal_completion(), s(b.goals_done), s(b.goals)),
    );
    for (i, weeks) in RETENTION_WEEKS.iter().enumerate() {
        row(
            &format!("retention_{weeks}w"),
            (n.retention(i), s(n.retention[i].0), s(n.retention[i].1)),
            (b.retention(i), s(b.retention[i].0), s(b.retention[i].1)),
        );
    }
    row(
        "satisfaction",
        (n.satisfaction, String::new(), s(n.satisfaction_answers)),
        (b.satisfaction, String::new(), s(b.satisfaction_answers)),
    );
    row(
        "enps",
        (n.enps.map(|v| v as f64), String::new(), s(n.enps_answers)),
        (b.enps.map(|v| v as f64), String::new(), s(b.enps_answers)),
    );
    if let Some(load) = &report.load {
        let none = || (None, String::new(), String::new());
        for (name, value) in [
            ("mentors", load.mentors as f64),
            ("mentees_per_mentor", load.mentees_mean),
            ("mentees_per_mentor_max", load.mentees_max as f64),
            ("sessions_per_mentor", load.sessions_mean),
            ("sessions_per_mentor_max", load.sessions_max as f64),
        ] {
            row(name, (Some(value), String::new(), String::new()), none());
        }
    }
    row(
        "circles_at_risk",
        (
            Some(report.at_risk.len() as f64),
            s(report.at_risk.len() as i64),
            s(n.circles),
        ),
        (None, String::new(), String::new()),
    );
    csv.push_str("\r\ncircle_at_risk,days_without_meeting,nudge_after_days\r\n");
    for risk in &report.at_risk {
        csv.push_str(&format!(
            "{},{},{}\r\n",
            crate::polls::csv_field(&risk.name),
            risk.quiet_days,
            risk.nudge_days
        ));
    }
    csv
}
