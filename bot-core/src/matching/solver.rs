//! The matching solver: forms circles, or mentor–mentee pairs, from a pool of
//! sign-ups. Pure: no I/O, no clock; its only randomness comes from its seed,
//! so the same sign-ups and seed always give the same plan.
//!
//! # Shape
//! The number of circles is the one whose sizes come closest to the middle of
//! the size range the programme asks for; sizes then differ by at most one.
//! A led programme (pairs, or circles with a mentor) puts exactly one mentor
//! in each circle and never more circles on a mentor than their capacity.
//! When the sign-ups cannot be split within the range, the people left over
//! are placed one per circle, beyond the range, where it hurts least (and are
//! told); places go by sign-up order when there are more people than places.
//!
//! # Score
//! Each circle has a quality in [0, 1] made of:
//! - availability (weight 0.3): the time every member shares each week, over
//!   twice the programme's minimum (2 h when it sets none), capped at 1;
//! - interests (weight 0.2): the interests each pair of members shares, on
//!   average, over two, capped at 1;
//! - novelty (weight 0.5): 1 / (1 + 2 × the sum of the pairs' history
//!   weights), a weight being 1 for a pairing in the latest run, falling to 0
//!   at the end of the history: one recent repeat costs a third of a
//!   circle's quality, and every repeat undone is worth something.
//!
//! A circle with less shared time than the minimum breaks a hard constraint:
//! while searching it counts `VIOLATION` below zero per member, and before the
//! plan is final it is repaired (the members who cost it the most time move
//! to a circle they fit) or dissolved. The search maximises the sum over
//! circles of size × quality; the plan's score is that sum over the people
//! placed, as a percentage.

use std::f64::consts::TAU;

/// Quarter hours in a week: availability is counted in them.
pub const QUARTERS: usize = 7 * 24 * 4;
const WORDS: usize = QUARTERS.div_ceil(64);
/// What breaking the shared-time minimum costs per member, while searching.
pub const VIOLATION: f64 = 10.0;
const EPSILON: f64 = 1e-9;

/// A week of availability, as quarter hours from Monday 00:00 UTC of the
/// matching week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week([u64; WORDS]);

impl Default for Week {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl Week {
    pub const EMPTY: Week = Week([0; WORDS]);

    pub fn all() -> Self {
        let mut week = Self::EMPTY;
        for quarter in 0..QUARTERS {
            week.set(quarter);
        }
        week
    }

    pub fn set(&mut self, quarter: usize) {
        if quarter < QUARTERS {
            self.0[quarter / 64] |= 1 << (quarter % 64);
        }
    }

    pub fn has(&self, quarter: usize) -> bool {
        quarter < QUARTERS && self.0[quarter / 64] & (1 << (quarter % 64)) != 0
    }

    pub fn and(&self, other: &Week) -> Week {
        let mut out = *self;
        for (word, theirs) in out.0.iter_mut().zip(other.0) {
            *word &= theirs;
        }
        out
    }

    pub fn quarters(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// Where in the week this availability sits, as an angle: people whose
    /// weeks sit close together are tried together first.
    fn angle(&self) -> f64 {
        let (mut x, mut y) = (0.0, 0.0);
        for quarter in 0..QUARTERS {
            if self.has(quarter) {
                let a = TAU * quarter as f64 / QUARTERS as f64;
                x += a.cos();
                y += a.sin();
            }
        }
        y.atan2(x)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Mentor,
    /// A mentee, or a peer.
    Member,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub role: Role,
    /// A mentor's circles (pairs: mentees) at most.
    pub capacity: u32,
    /// Interest ids, sorted, without repeats.
    pub interests: Vec<u32>,
    pub week: Week,
}

#[derive(Debug, Clone)]
pub struct Problem {
    /// Each circle has one mentor (pairs, and mentored circles).
    pub led: bool,
    /// Sizes count everyone, the mentor included.
    pub size_min: usize,
    pub size_max: usize,
    /// Shared time every circle needs, in quarter hours per week.
    pub min_quarters: u32,
    /// In sign-up order.
    pub people: Vec<Person>,
    /// Pairs (indices into `people`) that were together before, with a
    /// weight in (0, 1].
    pub history: Vec<(usize, usize, f64)>,
    pub seed: u64,
}

/// Why someone has no place in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unplaced {
    /// Too few sign-ups for a circle of the smallest size.
    TooFew { needed: usize, signed_up: usize },
    /// A led programme with no mentor.
    NoMentor,
    /// Every mentor place is taken.
    MentorPlaces { places: u32, mentees: usize },
    /// No circle shares the minimum time with them.
    Availability { needed_quarters: u32 },
    /// A mentor every circle already has one for.
    SpareMentor,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    /// The mentor first, in a led programme.
    pub members: Vec<usize>,
    pub shared_quarters: u32,
    pub quality: f64,
    /// Who was placed beyond the size asked for.
    pub odd: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub circles: Vec<Circle>,
    pub unplaced: Vec<(usize, Unplaced)>,
    /// 0–100: the placed people's average circle quality.
    pub score: f64,
}

impl Plan {
    pub fn placed(&self) -> usize {
        self.circles.iter().map(|c| c.members.len()).sum()
    }
}

/// How the people are to be split: who takes part, and how big each circle is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Mentor slots, one per circle, in circle order (led programmes).
    pub mentors: Vec<usize>,
    /// Mentor places not used, a mentor once per place.
    pub spare: Vec<usize>,
    /// Everyone else who has a place.
    pub members: Vec<usize>,
    /// Members (not counting the mentor) per circle: the first `large`
    /// circles take `base + 1`.
    pub circles: usize,
    pub base: usize,
    pub large: usize,
    pub unplaced: Vec<(usize, Unplaced)>,
}

impl Shape {
    /// Members (not counting a mentor) circle `c` takes.
    pub fn members_of(&self, c: usize) -> usize {
        self.base + usize::from(c < self.large)
    }
}

/// Splits the sign-ups into circles of balanced sizes (see the module docs).
pub fn shape(problem: &Problem) -> Shape {
    let lead = usize::from(problem.led);
    let size_min = problem.size_min.max(lead + 1).max(2);
    let size_max = problem.size_max.max(size_min);
    let (lo, hi) = (size_min - lead, size_max - lead);
    let mut shape = Shape {
        mentors: Vec::new(),
        spare: Vec::new(),
        members: Vec::new(),
        circles: 0,
        base: 0,
        large: 0,
        unplaced: Vec::new(),
    };
    let (mentors, members): (Vec<usize>, Vec<usize>) = (0..problem.people.len())
        .partition(|&i| problem.led && problem.people[i].role == Role::Mentor);
    let mentors: Vec<usize> = mentors
        .into_iter()
        .filter(|&m| {
            let keep = problem.people[m].capacity > 0;
            if !keep {
                shape.unplaced.push((m, Unplaced::SpareMentor));
            }
            keep
        })
        .collect();
    let places: u32 = mentors.iter().map(|&m| problem.people[m].capacity).sum();
    let everyone = problem.people.len();
    if problem.led && places == 0 {
        for &m in &members {
            shape.unplaced.push((m, Unplaced::NoMentor));
        }
        return shape;
    }
    if members.len() < lo {
        let unplaced = mentors.iter().chain(&members).map(|&i| {
            (
                i,
                Unplaced::TooFew {
                    needed: size_min,
                    signed_up: everyone,
                },
            )
        });
        shape.unplaced.extend(unplaced);
        shape.unplaced.sort_by_key(|&(i, _)| i);
        return shape;
    }
    let n = members.len();
    let middle = (lo + hi) as f64 / 2.0;
    let ideal = ((n as f64 / middle).round() as usize).max(1);
    let fewest = n.div_ceil(hi);
    let most = n / lo;
    let mut circles = if fewest <= most {
        ideal.clamp(fewest, most)
    } else {
        most
    };
    if problem.led {
        circles = circles.min(places as usize);
    }
    // One person beyond the range per circle, except where the mentor's
    // capacity counts mentees (pairs).
    let odd_allowed = !(problem.led && hi == 1);
    let room = circles * hi + if odd_allowed { circles } else { 0 };
    let taken = n.min(room);
    for &left in &members[taken..] {
        let why = if problem.led && circles == places as usize && n > circles * hi {
            Unplaced::MentorPlaces { places, mentees: n }
        } else {
            Unplaced::TooFew {
                needed: size_min,
                signed_up: n - taken,
            }
        };
        shape.unplaced.push((left, why));
    }
    shape.members = members[..taken].to_vec();
    shape.circles = circles;
    shape.base = taken / circles;
    shape.large = taken % circles;
    if problem.led {
        // Each mentor once before anyone twice, in sign-up order.
        let mut slots = Vec::new();
        let most_places = mentors
            .iter()
            .map(|&m| problem.people[m].capacity)
            .max()
            .unwrap_or(0);
        for round in 0..most_places {
            for &m in &mentors {
                if problem.people[m].capacity > round {
                    slots.push(m);
                }
            }
        }
        shape.spare = slots.split_off(circles);
        shape.mentors = slots;
        for &m in &mentors {
            if !shape.mentors.contains(&m) {
                shape.unplaced.push((m, Unplaced::SpareMentor));
            }
        }
    }
    shape.unplaced.sort_by_key(|&(i, _)| i);
    shape
}

/// Scores circles; shared by the search and by anyone checking it.
#[derive(Debug)]
pub struct Scorer<'a> {
    problem: &'a Problem,
    /// Each person's history, sorted by the other person.
    history: Vec<Vec<(usize, f64)>>,
    /// Interests as bits, when there are at most 64 of them.
    masks: Option<Vec<u64>>,
    comfort: f64,
}

impl<'a> Scorer<'a> {
    pub fn new(problem: &'a Problem) -> Self {
        let mut history = vec![Vec::new(); problem.people.len()];
        for &(a, b, weight) in &problem.history {
            if a != b && a < history.len() && b < history.len() {
                history[a].push((b, weight.clamp(0.0, 1.0)));
                history[b].push((a, weight.clamp(0.0, 1.0)));
            }
        }
        for list in &mut history {
            list.sort_by_key(|&(other, _)| other);
            // The same pair twice counts once, at its heaviest.
            list.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 = kept.1.max(later.1);
                }
                same
            });
        }
        let masks = problem
            .people
            .iter()
            .all(|p| p.interests.iter().all(|&i| i < 64))
            .then(|| {
                problem
                    .people
                    .iter()
                    .map(|p| p.interests.iter().fold(0u64, |m, &i| m | (1 << i)))
                    .collect()
            });
        let comfort = f64::from((2 * problem.min_quarters).max(8));
        Self {
            problem,
            history,
            masks,
            comfort,
        }
    }

    /// How much two people were together before (0 never, 1 just now).
    pub fn history(&self, a: usize, b: usize) -> f64 {
        let list = &self.history[a];
        match list.binary_search_by_key(&b, |&(other, _)| other) {
            Ok(i) => list[i].1,
            Err(_) => 0.0,
        }
    }

    pub fn common_interests(&self, a: usize, b: usize) -> u32 {
        if let Some(masks) = &self.masks {
            return (masks[a] & masks[b]).count_ones();
        }
        let (x, y) = (
            &self.problem.people[a].interests,
            &self.problem.people[b].interests,
        );
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    pub fn shared(&self, members: &[usize]) -> Week {
        let mut iter = members.iter();
        let Some(&first) = iter.next() else {
            return Week::EMPTY;
        };
        iter.fold(self.problem.people[first].week, |w, &m| {
            w.and(&self.problem.people[m].week)
        })
    }

    /// A circle's quality in [0, 1] and its shared quarter hours.
    pub fn quality(&self, members: &[usize]) -> (f64, u32) {
        let shared = self.shared(members).quarters();
        let availability = (f64::from(shared) / self.comfort).min(1.0);
        let (mut pairs, mut common, mut repeats) = (0u32, 0u32, 0.0);
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                pairs += 1;
                common += self.common_interests(a, b);
                repeats += self.history(a, b);
            }
        }
        let interests = if pairs == 0 {
            0.0
        } else {
            (f64::from(common) / f64::from(pairs) / 2.0).min(1.0)
        };
        let novelty = 1.0 / (1.0 + 2.0 * repeats);
        (0.3 * availability + 0.2 * interests + 0.5 * novelty, shared)
    }

    /// What a circle adds to the search's objective.
    pub fn value(&self, members: &[usize]) -> f64 {
        let (quality, shared) = self.quality(members);
        let size = members.len() as f64;
        if shared < self.problem.min_quarters {
            size * (quality - VIOLATION)
        } else {
            size * quality
        }
    }
}

/// SplitMix64: small, fast, and the same on every machine (the solver's
/// seed, and the instances its tests and `bench matching` make).
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Circles being searched: members (mentor first when led) and values.
#[derive(Clone)]
struct State {
    circles: Vec<Vec<usize>>,
    values: Vec<f64>,
    spare: Vec<usize>,
}

impl State {
    fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

/// Problems this small are searched whole, from several starts.
const SMALL: usize = 24;
const RESTARTS: u64 = 6;
const KICKS: usize = 20;
const NEIGHBOURS: usize = 4;
const RANDOM_NEIGHBOURS: usize = 2;
const PASSES: usize = 12;

/// The circles the search settles on (before repair), with the shape.
pub fn search(problem: &Problem) -> (Shape, Vec<Vec<usize>>, Vec<usize>) {
    let shape = shape(problem);
    if shape.circles == 0 {
        return (shape, Vec::new(), Vec::new());
    }
    let scorer = Scorer::new(problem);
    let mut rng = Rng(problem.seed);
    let small = shape.members.len() + shape.mentors.len() <= SMALL;
    let starts = if small { RESTARTS } else { 1 };
    let mut best: Option<State> = None;
    for start in 0..starts {
        let mut state = initial(problem, &scorer, &shape, &mut rng, start);
        improve(problem, &scorer, &mut state, &mut rng, small);
        if small {
            // Iterated local search: shake the circles a little, search
            // again, keep what is better.
            for _ in 0..KICKS {
                let mut trial = state.clone();
                kick(problem, &scorer, &mut trial, &mut rng);
                improve(problem, &scorer, &mut trial, &mut rng, true);
                if trial.total() > state.total() + EPSILON {
                    state = trial;
                }
            }
        } else if !problem.history.is_empty() {
            untangle(problem, &scorer, &mut state, &mut rng);
        }
        if best
            .as_ref()
            .is_none_or(|b| state.total() > b.total() + EPSILON)
        {
            best = Some(state);
        }
    }
    let best = best.expect("at least one start");
    (shape, best.circles, best.spare)
}

fn initial(
    problem: &Problem,
    scorer: &Scorer<'_>,
    shape: &Shape,
    rng: &mut Rng,
    start: u64,
) -> State {
    let angle = |i: &usize| problem.people[*i].week.angle();
    let mut members = shape.members.clone();
    let mut mentors = shape.mentors.clone();
    if start == 0 {
        // People whose weeks sit together, side by side; among people
        // whose weeks sit alike, in an order the seed decides (so another
        // run does not start from the same circles).
        let tie = |i: usize| {
            Rng(problem.seed ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d)).next_u64()
        };
        let order = |list: &mut Vec<usize>| {
            let mut keyed: Vec<(f64, u64, usize)> =
                list.iter().map(|i| (angle(i), tie(*i), *i)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            *list = keyed.into_iter().map(|(_, _, i)| i).collect();
        };
        order(&mut members);
        order(&mut mentors);
    } else {
        rng.shuffle(&mut members);
        rng.shuffle(&mut mentors);
    }
    let mut circles = Vec::with_capacity(shape.circles);
    let mut next = members.into_iter();
    for c in 0..shape.circles {
        let mut circle = Vec::with_capacity(shape.members_of(c) + 2);
        if let Some(&mentor) = mentors.get(c).filter(|_| problem.led) {
            circle.push(mentor);
        }
        circle.extend(next.by_ref().take(shape.members_of(c)));
        circles.push(circle);
    }
    let values = circles.iter().map(|c| scorer.value(c)).collect();
    State {
        circles,
        values,
        spare: shape.spare.clone(),
    }
}

/// Local search: swaps of members, of mentors, a mentor for a spare place,
/// and moves from a larger circle to a smaller one, taken whenever they
/// raise the objective, until a pass changes nothing.
fn improve(problem: &Problem, scorer: &Scorer<'_>, state: &mut State, rng: &mut Rng, small: bool) {
    let k = state.circles.len();
    let first = usize::from(problem.led);
    let mut dirty = vec![true; k];
    let mut a = Vec::new();
    let mut b = Vec::new();
    for _ in 0..if small { usize::MAX } else { PASSES } {
        let mut changed = vec![false; k];
        let mut any = false;
        for c in 0..k {
            let mut others: Vec<usize> = if small {
                (0..k).filter(|&d| d != c).collect()
            } else {
                let mut near: Vec<usize> =
                    (1..=NEIGHBOURS.min(k - 1)).map(|s| (c + s) % k).collect();
                for _ in 0..RANDOM_NEIGHBOURS {
                    near.push(rng.below(k));
                }
                near
            };
            others.retain(|&d| d != c && (dirty[c] || dirty[d]));
            for d in others {
                // Member swaps.
                let mut i = first;
                while i < state.circles[c].len() {
                    let mut j = first;
                    while j < state.circles[d].len() {
                        a.clone_from(&state.circles[c]);
                        b.clone_from(&state.circles[d]);
                        std::mem::swap(&mut a[i], &mut b[j]);
                        if try_take(scorer, state, c, d, &a, &b) {
                            changed[c] = true;
                            changed[d] = true;
                            any = true;
                        }
                        j += 1;
                    }
                    i += 1;
                }
                // Mentor swaps.
                if problem.led && state.circles[c][0] != state.circles[d][0] {
                    a.clone_from(&state.circles[c]);
                    b.clone_from(&state.circles[d]);
                    std::mem::swap(&mut a[0], &mut b[0]);
                    if try_take(scorer, state, c, d, &a, &b) {
                        changed[c] = true;
                        changed[d] = true;
                        any = true;
                    }
                }
                // A move from a larger circle to a smaller one keeps sizes
                // within one of each other.
                if state.circles[c].len() == state.circles[d].len() + 1 {
                    let mut i = first;
                    while i < state.circles[c].len() {
                        a.clone_from(&state.circles[c]);
                        b.clone_from(&state.circles[d]);
                        b.push(a.remove(i));
                        if try_take(scorer, state, c, d, &a, &b) {
                            changed[c] = true;
                            changed[d] = true;
                            any = true;
                            break;
                        }
                        i += 1;
                    }
                }
            }
            // A mentor with a place to spare, instead of this one (a few,
            // in a large problem).
            if problem.led && !state.spare.is_empty() {
                let tries: Vec<usize> = if small {
                    (0..state.spare.len()).collect()
                } else {
                    (0..RANDOM_NEIGHBOURS)
                        .map(|_| rng.below(state.spare.len()))
                        .collect()
                };
                for s in tries {
                    let candidate = state.spare[s];
                    if state.circles[c][0] == candidate {
                        continue;
                    }
                    a.clone_from(&state.circles[c]);
                    a[0] = candidate;
                    let value = scorer.value(&a);
                    if value > state.values[c] + EPSILON {
                        state.spare[s] = state.circles[c][0];
                        state.circles[c].clone_from(&a);
                        state.values[c] = value;
                        changed[c] = true;
                        any = true;
                    }
                }
            }
        }
        if !any {
            break;
        }
        dirty = changed;
    }
}

/// Two random exchanges of members (or of mentors) between circles.
fn kick(problem: &Problem, scorer: &Scorer<'_>, state: &mut State, rng: &mut Rng) {
    let k = state.circles.len();
    if k < 2 {
        return;
    }
    let first = usize::from(problem.led);
    for _ in 0..2 {
        let c = rng.below(k);
        let d = (c + 1 + rng.below(k - 1)) % k;
        let (lc, ld) = (state.circles[c].len(), state.circles[d].len());
        let swap_mentors = problem.led && rng.below(4) == 0;
        let (i, j) = if swap_mentors || lc <= first || ld <= first {
            (0, 0)
        } else {
            (first + rng.below(lc - first), first + rng.below(ld - first))
        };
        if !problem.led && (lc == 0 || ld == 0) {
            continue;
        }
        let (x, y) = (state.circles[c][i], state.circles[d][j]);
        state.circles[c][i] = y;
        state.circles[d][j] = x;
        state.values[c] = scorer.value(&state.circles[c]);
        state.values[d] = scorer.value(&state.circles[d]);
    }
}

/// Circles this many, at random, are tried for each member of a repeated
/// pairing that the neighbourhood search left in place.
const UNTANGLE_TRIES: usize = 40;
const UNTANGLE_PASSES: usize = 4;
/// Up to this many circles, every one is tried.
const UNTANGLE_EVERY: usize = 400;

/// A large problem's neighbourhood is small: for the circles that still
/// hold a pairing from the history, each member of it is also tried against
/// circles anywhere.
fn untangle(problem: &Problem, scorer: &Scorer<'_>, state: &mut State, rng: &mut Rng) {
    let k = state.circles.len();
    let first = usize::from(problem.led);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..UNTANGLE_PASSES {
        let mut any = false;
        for c in 0..k {
            let repeated: Vec<usize> = (first..state.circles[c].len())
                .filter(|&i| {
                    let m = state.circles[c][i];
                    state.circles[c]
                        .iter()
                        .any(|&o| o != m && scorer.history(m, o) > 0.0)
                })
                .collect();
            for i in repeated {
                let every = k <= UNTANGLE_EVERY;
                let tries = if every { k } else { UNTANGLE_TRIES };
                for t in 0..tries {
                    let d = if every { t } else { rng.below(k) };
                    if d == c || state.circles[d].len() <= first {
                        continue;
                    }
                    let members = first..state.circles[d].len();
                    let js: Vec<usize> = if every {
                        members.collect()
                    } else {
                        vec![first + rng.below(members.len())]
                    };
                    let mut taken = false;
                    for j in js {
                        a.clone_from(&state.circles[c]);
                        b.clone_from(&state.circles[d]);
                        std::mem::swap(&mut a[i], &mut b[j]);
                        if try_take(scorer, state, c, d, &a, &b) {
                            taken = true;
                            break;
                        }
                    }
                    if taken {
                        any = true;
                        break;
                    }
                }
            }
        }
        if !any {
            break;
        }
    }
}

fn try_take(
    scorer: &Scorer<'_>,
    state: &mut State,
    c: usize,
    d: usize,
    a: &[usize],
    b: &[usize],
) -> bool {
    let (va, vb) = (scorer.value(a), scorer.value(b));
    if va + vb > state.values[c] + state.values[d] + EPSILON {
        state.circles[c].clear();
        state.circles[c].extend_from_slice(a);
        state.circles[d].clear();
        state.circles[d].extend_from_slice(b);
        state.values[c] = va;
        state.values[d] = vb;
        true
    } else {
        false
    }
}

/// The plan: the search's circles, with every circle that lacks the shared
/// time repaired or dissolved, and the odd ones marked.
pub fn solve(problem: &Problem) -> Plan {
    let (shape, mut circles, spare) = search(problem);
    let scorer = Scorer::new(problem);
    let mut unplaced = shape.unplaced.clone();
    let first = usize::from(problem.led);
    let lead = first;
    let size_min = problem.size_min.max(lead + 1).max(2);
    let size_max = problem.size_max.max(size_min);
    let min = problem.min_quarters;
    let mut homeless = Vec::new();
    let mut kept = Vec::new();
    let mut short = Vec::new();
    // Whoever costs a circle the most shared time steps out.
    let step_out = |circle: &mut Vec<usize>| -> usize {
        let out = (first..circle.len())
            .max_by_key(|&i| {
                let mut rest = circle.clone();
                rest.remove(i);
                (
                    scorer.shared(&rest).quarters(),
                    std::cmp::Reverse(circle[i]),
                )
            })
            .expect("a circle with members");
        circle.remove(out)
    };
    for mut circle in circles.drain(..) {
        while scorer.shared(&circle).quarters() < min && circle.len() > size_min {
            homeless.push(step_out(&mut circle));
        }
        if scorer.shared(&circle).quarters() < min {
            short.push(circle);
        } else {
            kept.push(circle);
        }
    }
    // A circle that is still short of shared time at its smallest loses its
    // blockers anyway and borrows members from circles that can spare one;
    // if that fails, it is dissolved and its members placed elsewhere.
    for mut circle in short {
        while scorer.shared(&circle).quarters() < min && circle.len() > first + 1 {
            homeless.push(step_out(&mut circle));
        }
        while scorer.shared(&circle).quarters() >= min && circle.len() < size_min {
            let mut best: Option<(usize, usize, f64)> = None;
            for (c, other) in kept.iter().enumerate() {
                if other.len() <= size_min {
                    continue;
                }
                for j in first..other.len() {
                    let mut with = circle.clone();
                    with.push(other[j]);
                    if scorer.shared(&with).quarters() < min {
                        continue;
                    }
                    let mut without = other.clone();
                    without.remove(j);
                    let gain = scorer.value(&with) + scorer.value(&without) - scorer.value(other);
                    if best.is_none_or(|(_, _, g)| gain > g + EPSILON) {
                        best = Some((c, j, gain));
                    }
                }
            }
            let Some((c, j, _)) = best else { break };
            circle.push(kept[c].remove(j));
        }
        if circle.len() >= size_min && scorer.shared(&circle).quarters() >= min {
            kept.push(circle);
        } else {
            if problem.led {
                unplaced.push((circle[0], Unplaced::SpareMentor));
            }
            homeless.extend_from_slice(&circle[first..]);
        }
    }
    // In a circle beyond the size asked for, the odd one is whoever it
    // misses least.
    let mut odd: Vec<Option<usize>> = kept
        .iter()
        .map(|c| {
            (c.len() > size_max).then(|| {
                let at = (first..c.len())
                    .max_by(|&i, &j| {
                        let without = |at: usize| {
                            let mut rest = c.clone();
                            rest.remove(at);
                            scorer.value(&rest)
                        };
                        without(i).total_cmp(&without(j)).then(i.cmp(&j))
                    })
                    .expect("a circle beyond its size has members");
                c[at]
            })
        })
        .collect();
    let odd_allowed = !(problem.led && size_max - lead == 1);
    // Mentor places still free, for pairs of one mentor and one mentee.
    let mut free: Vec<usize> = spare;
    free.extend(
        unplaced
            .iter()
            .filter(|&&(_, why)| why == Unplaced::SpareMentor)
            .map(|&(i, _)| i)
            .filter(|&i| problem.people[i].capacity > 0),
    );
    homeless.sort_unstable();
    for person in homeless {
        let best = (0..kept.len())
            .filter(|&c| {
                let room = kept[c].len() < size_max
                    || (odd_allowed && odd[c].is_none() && kept[c].len() == size_max);
                room && scorer
                    .shared(&kept[c])
                    .and(&problem.people[person].week)
                    .quarters()
                    >= min
            })
            .map(|c| {
                let mut with = kept[c].clone();
                with.push(person);
                (c, scorer.value(&with) - scorer.value(&kept[c]))
            })
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        match best {
            Some((c, _)) => {
                kept[c].push(person);
                if kept[c].len() > size_max {
                    odd[c] = Some(person);
                }
            }
            None => {
                let pair = (problem.led && size_min == 2)
                    .then(|| {
                        free.iter().position(|&m| {
                            let used = kept.iter().filter(|c| c[0] == m).count();
                            used < problem.people[m].capacity as usize
                                && scorer.shared(&[m, person]).quarters() >= min
                        })
                    })
                    .flatten();
                match pair {
                    Some(at) => {
                        kept.push(vec![free.remove(at), person]);
                        odd.push(None);
                    }
                    None => unplaced.push((
                        person,
                        Unplaced::Availability {
                            needed_quarters: min,
                        },
                    )),
                }
            }
        }
    }
    // A led programme's mentors who lost every circle.
    if problem.led {
        unplaced
            .retain(|&(i, why)| why != Unplaced::SpareMentor || !kept.iter().any(|c| c[0] == i));
        for &m in &shape.mentors {
            let placed = kept.iter().any(|c| c[0] == m);
            let told = unplaced.iter().any(|&(i, _)| i == m);
            if !placed && !told {
                unplaced.push((m, Unplaced::SpareMentor));
            }
        }
    }
    unplaced.sort_by_key(|&(i, _)| i);
    unplaced.dedup_by_key(|&mut (i, _)| i);
    let mut total = 0.0;
    let mut people = 0usize;
    let circles: Vec<Circle> = kept
        .into_iter()
        .zip(odd)
        .map(|(members, odd)| {
            let (quality, shared_quarters) = scorer.quality(&members);
            total += quality * members.len() as f64;
            people += members.len();
            Circle {
                members,
                shared_quarters,
                quality,
                odd,
            }
        })
        .collect();
    Plan {
        circles,
        unplaced,
        score: if people == 0 {
            0.0
        } else {
            100.0 * total / people as f64
        },
    }
}

#[cfg(test)]
#[path = "solver_tests.rs"]
mod tests;
