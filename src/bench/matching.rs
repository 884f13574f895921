//! `bench matching`: the solver on a cohort of sign-ups (a tenth mentors of
//! capacity 1–3, the rest mentees, in four zones, with interests), twice:
//! the second run with the first one's pairings as history.

use std::time::Instant;

use anyhow::Result;
use bot_core::matching::availability::{Availability, matching_week};
use bot_core::matching::solver::{Person, Problem, Rng, Role, Scorer, solve};
use chrono::{TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug)]
pub struct MatchingBench {
    pub signups: usize,
    pub size_min: usize,
    pub size_max: usize,
    /// Shared hours a week every circle needs.
    pub hours: u32,
}

const ZONES: [&str; 4] = [
    "Europe/Paris",
    "Europe/London",
    "America/Montreal",
    "Europe/Amsterdam",
];
const WINDOWS: [&str; 6] = [
    "mon-thu 18:00-21:00, sat 10:00-12:00",
    "tue/thu 19:00-22:00",
    "mon-fri 12:00-13:30, sat 09:00-13:00",
    "wed 17:00-20:00, sat 14:00-18:00",
    "mon/wed/fri 20:00-22:00, sun 10:00-12:00",
    "sat 09:00-17:00",
];

fn cohort(options: &MatchingBench) -> Result<Problem> {
    // The solver's own generator: every run measures the same cohort.
    let mut g = Rng(2026);
    let week = matching_week(
        Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0)
            .single()
            .unwrap_or_default(),
    );
    let mut people = Vec::with_capacity(options.signups);
    for i in 0..options.signups {
        let zone: Tz = ZONES[g.below(4)].parse().map_err(anyhow::Error::msg)?;
        let availability =
            Availability::parse(WINDOWS[g.below(WINDOWS.len())], bot_core::i18n::Locale::En)?;
        let mut interests: Vec<u32> = (0..4).map(|_| g.below(20) as u32).collect();
        interests.sort_unstable();
        interests.dedup();
        let mentor = i % 10 == 0;
        people.push(Person {
            role: if mentor { Role::Mentor } else { Role::Member },
            capacity: if mentor { 1 + g.below(3) as u32 } else { 0 },
            interests,
            week: availability.week(zone, week),
        });
    }
    Ok(Problem {
        led: true,
        size_min: options.size_min,
        size_max: options.size_max,
        min_quarters: options.hours * 4,
        people,
        history: Vec::new(),
        seed: 1,
    })
}

pub fn run(options: &MatchingBench) -> Result<()> {
    let mut problem = cohort(options)?;
    let n = options.signups;
    for run in 1..=2 {
        let started = Instant::now();
        let plan = solve(&problem);
        let took = started.elapsed();
        let scorer = Scorer::new(&problem);
        let mut repeats = 0;
        let mut pairs = Vec::new();
        for circle in &plan.circles {
            for (i, &a) in circle.members.iter().enumerate() {
                for &b in &circle.members[i + 1..] {
                    if scorer.history(a, b) > 0.0 {
                        repeats += 1;
                    }
                    pairs.push((a, b, 1.0));
                }
            }
        }
        let meeting = plan
            .circles
            .iter()
            .filter(|c| c.shared_quarters >= problem.min_quarters)
            .count();
        println!(
            "matching_{n}_signups_run{run}_solve: {:.1} ms",
            took.as_secs_f64() * 1000.0
        );
        println!(
            "matching_{n}_signups_run{run}_circles: {} circles",
            plan.circles.len()
        );
        println!(
            "matching_{n}_signups_run{run}_score: {:.1} /100",
            plan.score
        );
        println!(
            "matching_{n}_signups_run{run}_circles_meeting_every_hard_constraint: {:.1} %",
            100.0 * meeting as f64 / plan.circles.len().max(1) as f64
        );
        let placed = n - plan.unplaced.len();
        println!(
            "matching_{n}_signups_run{run}_placed: {:.1} % ({placed} of {n})",
            100.0 * placed as f64 / n as f64,
        );
        let mut why = std::collections::BTreeMap::new();
        for (_, reason) in &plan.unplaced {
            let name = format!("{reason:?}");
            let name = name.split([' ', '{']).next().unwrap_or_default().to_owned();
            *why.entry(name).or_insert(0) += 1;
        }
        for (reason, count) in why {
            println!("matching_{n}_signups_run{run}_unplaced_{reason}: {count} people");
        }
        println!("matching_{n}_signups_run{run}_repeats: {repeats} pairings");
        problem.history.extend(pairs);
        problem.seed += 1;
    }
    Ok(())
}
