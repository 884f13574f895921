//! Polls: create, vote (buttons or `poll vote`), live tally, close, results
//! (text and chart), list, CSV export. Anonymous polls store a keyed hash
//! instead of the voter, with the key kept outside the database.

pub(crate) mod store;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::action::Action;
use crate::domain::circle;
use crate::engine::permissions::{belongs, hosts, owns};
use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::{Locale, Text};
use crate::keys::MessageKey;
use crate::model::{
    Attachment, ButtonStyle, Component, Image, Message, Outgoing, PollView, SelectOption, Target,
    escape_markdown,
};
use crate::parser::Parsed;
use crate::scheduler::{Firing, Prepared};
use crate::store::{JobRow, NewPoll, PollRow, StoreError, Tally, VoteOutcome, from_millis};
use crate::timezone::format_local;
use crate::when::When;

pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 20;
pub const MAX_OPTION_CHARS: usize = 200;
pub const MAX_QUESTION_CHARS: usize = 300;
/// A poll message's tally is edited at most this often.
const TALLY_EVERY: i64 = 3;

/// The words that switch a poll's modes, in any language.
const MULTI: &[&str] = &["multi", "multiple", "meerdere", "multiples"];
const ANONYMOUS: &[&str] = &["anonymous", "anonyme", "anoniem"];
const HIDE: &[&str] = &[
    "hide-results",
    "masquer-resultats",
    "masquer-résultats",
    "verberg-resultaten",
];

/// The key anonymous votes are hashed with. Keep it outside the database:
/// with the database alone, a vote cannot be traced back to a person.
#[derive(Clone)]
pub struct PollSecret(std::sync::Arc<[u8]>);

impl PollSecret {
    pub fn new(bytes: &[u8]) -> Self {
        Self(bytes.into())
    }

    /// A fresh random key from the operating system. An error when none can
    /// be read: a key that silently fell back to a constant would let
    /// anyone with the database recompute every anonymous voter's hash.
    pub fn random() -> std::io::Result<Self> {
        Self::from_source(std::path::Path::new("/dev/urandom"))
    }

    fn from_source(path: &std::path::Path) -> std::io::Result<Self> {
        let mut bytes = [0u8; 32];
        std::io::Read::read_exact(&mut std::fs::File::open(path)?, &mut bytes)?;
        Ok(Self::new(&bytes))
    }
}

impl PollSecret {
    /// A keyed hash of `text` (hex): what the database keeps instead of
    /// something that would tie a person to a choice.
    pub fn hash_hex(&self, text: &str) -> String {
        use hmac::Mac;
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(text.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl PollSecret {
    /// A 32-byte key for one purpose (`label`), derived from the secret:
    /// what one purpose's key reveals says nothing about another's.
    pub(crate) fn derive(&self, label: &str) -> [u8; 32] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(b"derive:");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// `N` random bytes from the operating system.
pub(crate) fn os_random<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom")?, &mut bytes)?;
    Ok(bytes)
}

impl std::fmt::Debug for PollSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PollSecret([REDACTED])")
    }
}

fn voter_key(engine: &Engine, poll: &PollRow, user_id: &str) -> String {
    if !poll.anonymous {
        return user_id.to_owned();
    }
    engine.config().poll_secret.hash_hex(&format!(
        "poll:{}:{}:{}",
        poll.id, poll.community_id, user_id
    ))
}

/// Binds a private ballot to the one person it was sent to: a keyed hash
/// (the anonymous-vote key, outside the database) of poll, community and
/// member, so a ballot action pressed by anyone else is refused.
fn ballot_tag(engine: &Engine, poll: &PollRow, user_id: &str) -> u64 {
    let mut mac = Hmac::<Sha256>::new_from_slice(&engine.config().poll_secret.0)
        .expect("HMAC takes keys of any length");
    mac.update(format!("ballot:{}:{}:{}", poll.id, poll.community_id, user_id).as_bytes());
    let bytes = mac.finalize().into_bytes();
    let mut first = [0u8; 8];
    first.copy_from_slice(&bytes[..8]);
    u64::from_be_bytes(first)
}

fn vote_action(poll: &PollRow, position: i64) -> Action {
    Action::PollVote {
        poll_id: poll.id,
        option: u8::try_from(position).unwrap_or(0),
    }
}

/// The language and zone a poll's public messages are written in (its
/// creator's when it was made), or the community's configured defaults.
fn poll_locale(engine: &Engine, poll: &PollRow) -> (Locale, Tz) {
    let reader =
        crate::engine::reader::Reader::stored(engine.config(), &poll.locale, &poll.timezone);
    (reader.locale, reader.tz)
}

fn bar(share: f64) -> String {
    let filled = (share * 20.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled.min(20)))
}

fn percent(count: i64, voters: i64) -> i64 {
    if voters == 0 {
        0
    } else {
        (count * 100 + voters / 2) / voters
    }
}

/// The poll message: question, options, tally (unless hidden), modes, and a
/// button per option.
fn render_poll(
    engine: &Engine,
    poll: &PollRow,
    options: &[(i64, String)],
    tally: &Tally,
    now: DateTime<Utc>,
) -> Message {
    let (locale, tz) = poll_locale(engine, poll);
    let i18n = engine.i18n();
    let open = poll.is_open(now);
    let show = !poll.hide_results || !open;
    let mut text = i18n.render(
        locale,
        &Text::new("poll-header")
            .arg("id", poll.id)
            .arg("question", escape_markdown(&poll.question)),
    );
    for (position, label) in options {
        let count = tally.count(*position);
        text.push('\n');
        if show {
            text.push_str(
                &i18n.render(
                    locale,
                    &Text::new("poll-option-tally")
                        .arg("n", *position)
                        .arg("label", escape_markdown(label))
                        .arg("count", count)
                        .arg("percent", percent(count, tally.voters)),
                ),
            );
        } else {
            text.push_str(&format!("{position}. {}", escape_markdown(label)));
        }
    }
    let mut modes = vec![i18n.render(locale, &Text::new("poll-voters").arg("count", tally.voters))];
    if poll.multi {
        modes.push(i18n.t(locale, "poll-mode-multi"));
    }
    if poll.anonymous {
        modes.push(i18n.t(locale, "poll-mode-anonymous"));
    }
    if poll.hide_results && open {
        modes.push(i18n.t(locale, "poll-mode-hidden"));
    }
    match (open, poll.closes_at, poll.closed_at) {
        (true, Some(at), _) => modes.push(i18n.render(
            locale,
            &Text::new("poll-closes").arg("at", format_local(from_millis(at), tz)),
        )),
        (false, _, at) => modes.push(i18n.render(
            locale,
            &Text::new("poll-closed").arg(
                "at",
                format_local(
                    from_millis(at.or(poll.closes_at).unwrap_or(poll.created_at)),
                    tz,
                ),
            ),
        )),
        _ => {}
    }
    text.push('\n');
    text.push_str(&modes.join(" · "));
    let mut message = Message::text(text);
    let private = poll.anonymous || poll.hide_results;
    message.poll = Some(PollView {
        poll_id: poll.id,
        question: poll.question.clone(),
        options: options
            .iter()
            .map(|(position, label)| (vote_action(poll, *position), label.clone()))
            .collect(),
        multi: poll.multi,
        closed: !open,
        counts: show.then(|| options.iter().map(|(p, _)| tally.count(*p)).collect()),
        private,
        ballot: (private && open).then(|| {
            (
                Action::PollBallot { poll_id: poll.id },
                i18n.t(locale, "poll-ballot-offer"),
            )
        }),
        is_ballot: false,
        choose: poll
            .multi
            .then_some(Action::PollChoose { poll_id: poll.id }),
    });
    if open {
        message.text.push('\n');
        message
            .text
            .push_str(&i18n.render(locale, &Text::new("poll-how-to-vote").arg("id", poll.id)));
        for (position, label) in options {
            let short: String = label.chars().take(70).collect();
            message = message.with_component(Component::Button {
                action: vote_action(poll, *position),
                label: format!("{position}. {short}"),
                style: ButtonStyle::Secondary,
            });
        }
        if poll.multi {
            // Several options in one go (a button toggles one).
            message = message.with_component(Component::Select {
                action: Action::PollChoose { poll_id: poll.id },
                placeholder: i18n.t(locale, "poll-choose"),
                options: options
                    .iter()
                    .map(|(position, label)| SelectOption {
                        value: position.to_string(),
                        label: format!(
                            "{position}. {}",
                            label.chars().take(90).collect::<String>()
                        ),
                    })
                    .collect(),
                min_values: 0,
                max_values: u8::try_from(options.len()).unwrap_or(20),
            });
        }
    }
    message
}

/// Results as text (count, percentage and a bar per option) and as a chart
/// whose alt text states every count.
fn render_results(
    engine: &Engine,
    poll: &PollRow,
    options: &[(i64, String)],
    tally: &Tally,
    now: DateTime<Utc>,
    locale: Locale,
) -> Message {
    let i18n = engine.i18n();
    let state = if poll.is_open(now) { "open" } else { "closed" };
    let mut text = i18n.render(
        locale,
        &Text::new("poll-results-header")
            .arg("id", poll.id)
            .arg("question", escape_markdown(&poll.question))
            .arg("state", state)
            .arg("count", tally.voters),
    );
    let mut bars = Vec::new();
    for (position, label) in options {
        let count = tally.count(*position);
        let share = if tally.voters == 0 {
            0.0
        } else {
            count as f64 / tally.voters as f64
        };
        text.push('\n');
        text.push_str(&format!(
            "{position}. {} — {} {}",
            escape_markdown(label),
            i18n.render(
                locale,
                &Text::new("poll-count")
                    .arg("count", count)
                    .arg("percent", percent(count, tally.voters))
            ),
            bar(share)
        ));
        bars.push((label.clone(), count));
    }
    let alt = i18n.render(
        locale,
        &Text::new("poll-chart-alt").arg("id", poll.id).arg(
            "counts",
            bars.iter()
                .map(|(label, count)| format!("{label}: {count}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    );
    let mut message = Message::text(text);
    match crate::chart::bar_chart(&poll.question, &bars) {
        Ok(png) => {
            message.image = Some(Image {
                png,
                alt,
                file_name: format!("poll-{}.png", poll.id),
            });
        }
        Err(error) => tracing::warn!(%error, poll = poll.id, "chart rendering failed"),
    }
    message
}

async fn find(engine: &Engine, ctx: &Ctx<'_>, raw: &str) -> Result<PollRow, Failure> {
    let unknown = || Failure::User(Text::new("poll-unknown").arg("id", raw.trim()));
    let id: i64 = raw
        .trim()
        .trim_start_matches('#')
        .parse()
        .map_err(|_| unknown())?;
    match engine.store().poll(id).await? {
        Some(poll)
            if poll.community_id == ctx.community() && may_see(engine, ctx, &poll).await? =>
        {
            Ok(poll)
        }
        // Unseen polls are unknown, so their ids cannot be probed.
        _ => Err(unknown()),
    }
}

/// Who may read, vote on or manage a poll at all: a circle's poll its
/// members, any other poll those in its channel; its creator and admins always.
async fn may_see(engine: &Engine, ctx: &Ctx<'_>, poll: &PollRow) -> Result<bool, StoreError> {
    if owns(ctx, &poll.creator_id) {
        return Ok(true);
    }
    Ok(match poll.circle_id {
        Some(circle) => belongs(engine, ctx, circle).await?,
        None => {
            let place = &ctx.input.place;
            // A thread's poll is its thread's: not seen from the parent channel.
            poll.channel_id == place.channel_id
                && (poll.thread_id.is_none() || poll.thread_id == place.thread_id)
        }
    })
}

/// Whether the reader is where the poll was posted (its channel and thread).
fn in_its_place(ctx: &Ctx<'_>, poll: &PollRow) -> bool {
    let place = &ctx.input.place;
    poll.channel_id == place.channel_id && poll.thread_id == place.thread_id
}

/// The creator, a host of the poll's circle, or an admin.
async fn may_manage(engine: &Engine, ctx: &Ctx<'_>, poll: &PollRow) -> Result<bool, StoreError> {
    if owns(ctx, &poll.creator_id) {
        return Ok(true);
    }
    Ok(match poll.circle_id {
        Some(circle) => hosts(engine, ctx, circle).await?,
        None => false,
    })
}

pub(crate) async fn create(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let question = circle::clean_text(
        parsed.text("question").unwrap_or_default(),
        MAX_QUESTION_CHARS,
    )
    .map_err(|e| e.to_text("question"))?;
    let (mut multi, mut anonymous, mut hide) = (false, false, false);
    let mut options: Vec<String> = Vec::new();
    for (item, quoted) in parsed.list("choices") {
        let word = item.to_lowercase();
        match (quoted, word.as_str()) {
            (false, w) if MULTI.contains(&w) => multi = true,
            (false, w) if ANONYMOUS.contains(&w) => anonymous = true,
            (false, w) if HIDE.contains(&w) => hide = true,
            _ => {
                let option =
                    circle::clean_text(item, MAX_OPTION_CHARS).map_err(|e| e.to_text("option"))?;
                if options
                    .iter()
                    .any(|o| o.to_lowercase() == option.to_lowercase())
                {
                    return Err(Failure::User(
                        Text::new("poll-duplicate-option").arg("option", escape_markdown(&option)),
                    ));
                }
                options.push(option);
            }
        }
    }
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
        return Err(Failure::User(
            Text::new("poll-option-count").arg("count", options.len()),
        ));
    }
    let closes_at = match parsed.when("closes") {
        Some((When::Once(at), _)) => Some(*at),
        Some((When::Every(_), _)) => return Err(Failure::User(Text::new("poll-closes-once"))),
        None => None,
    };
    let circle_id = match parsed.text("circle") {
        Some(raw) => Some(crate::circles::resolve_fresh(engine, ctx, raw).await?.id),
        None => None,
    };
    let limits = engine.config().limits;
    let counts = engine
        .store()
        .open_poll_counts(ctx.community(), ctx.user(), ctx.now)
        .await?;
    crate::engine::Limits::check(
        counts,
        (
            limits.open_polls_per_member,
            limits.open_polls_per_community,
        ),
        ("limit-polls-member", "limit-polls-community"),
    )?;
    let place = &ctx.input.place;
    let id = engine
        .store()
        .create_poll(&NewPoll {
            community_id: ctx.community(),
            channel_id: &place.channel_id,
            thread_id: place.thread_id.as_deref(),
            circle_id,
            creator_id: ctx.user(),
            question: &question,
            locale: ctx.locale.code(),
            timezone: ctx.tz.name(),
            options: &options,
            multi,
            anonymous,
            hide_results: hide,
            closes_at,
            created_at: ctx.now,
        })
        .await?;
    if closes_at.is_some() {
        engine.wake_scheduler();
    }
    let poll = engine.store().poll(id).await?.expect("just created");
    let options = engine.store().poll_options(id).await?;
    let tally = engine.store().tally(id).await?;
    Ok(vec![Outgoing {
        target: Target::Reply,
        message: render_poll(engine, &poll, &options, &tally, ctx.now),
        // Later tallies edit this message.
        idempotency_key: Some(MessageKey::Poll { poll: id }.encode()),
        replaces: None,
    }])
}

fn parse_choices(items: &[(String, bool)], count: usize) -> Result<Vec<i64>, Failure> {
    let mut choices = Vec::new();
    for (item, _) in items {
        let n: i64 = item
            .trim_start_matches('#')
            .parse()
            .ok()
            .filter(|n| (1..=count as i64).contains(n))
            .ok_or_else(|| {
                Failure::User(
                    Text::new("poll-bad-choice")
                        .arg("got", item.as_str())
                        .arg("count", count),
                )
            })?;
        if !choices.contains(&n) {
            choices.push(n);
        }
    }
    if choices.is_empty() {
        return Err(Failure::User(
            Text::new("poll-bad-choice")
                .arg("got", "-")
                .arg("count", count),
        ));
    }
    Ok(choices)
}

pub(crate) async fn vote(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let poll = find(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    let options = engine.store().poll_options(poll.id).await?;
    let choices = parse_choices(parsed.list("choices"), options.len())?;
    if !poll.multi && choices.len() > 1 {
        return Err(Failure::User(
            Text::new("poll-single-choice").arg("id", poll.id),
        ));
    }
    record(engine, ctx, &poll, &options, choices).await
}

/// "Vote privately": the poll, as the reader's own ballot, by direct
/// message; only for someone who may see the poll, from where they see it.
pub(crate) async fn ballot(engine: &Engine, ctx: &Ctx<'_>, poll_id: i64) -> Handled {
    let poll = find(engine, ctx, &poll_id.to_string()).await?;
    if !poll.is_open(ctx.now) {
        return Err(Failure::User(
            Text::new("poll-is-closed").arg("id", poll.id),
        ));
    }
    let store = engine.store();
    let options = store.poll_options(poll.id).await?;
    let tally = store.tally(poll.id).await?;
    let mine = store
        .vote_of(poll.id, &voter_key(engine, &poll, ctx.user()))
        .await?;
    let mut text = engine.i18n().render(
        ctx.locale,
        &Text::new("poll-ballot-header")
            .arg("id", poll.id)
            .arg("question", escape_markdown(&poll.question)),
    );
    for (position, label) in &options {
        let chosen = if mine.contains(position) { " ✓" } else { "" };
        text.push_str(&format!("\n{position}. {}{chosen}", escape_markdown(label)));
    }
    let mut message = Message::text(text);
    let show = !poll.hide_results;
    let tag = ballot_tag(engine, &poll, ctx.user());
    let ballot_vote = |position: i64| Action::BallotVote {
        poll_id: poll.id,
        option: u8::try_from(position).unwrap_or(0),
        tag,
    };
    message.poll = Some(PollView {
        poll_id: poll.id,
        question: poll.question.clone(),
        options: options
            .iter()
            .map(|(position, label)| (ballot_vote(*position), label.clone()))
            .collect(),
        multi: poll.multi,
        closed: false,
        counts: show.then(|| options.iter().map(|(p, _)| tally.count(*p)).collect()),
        private: true,
        ballot: None,
        is_ballot: true,
        choose: poll.multi.then_some(Action::BallotChoose {
            poll_id: poll.id,
            tag,
        }),
    });
    for (position, label) in &options {
        let short: String = label.chars().take(70).collect();
        message = message.with_component(Component::Button {
            action: ballot_vote(*position),
            label: format!("{position}. {short}"),
            style: ButtonStyle::Secondary,
        });
    }
    let direct = Outgoing {
        target: Target::Direct {
            community_id: poll.community_id.clone(),
            user_id: ctx.user().to_owned(),
            fallback_channel: None,
        },
        message,
        idempotency_key: None,
        replaces: None,
    };
    let sent = engine.say(ctx, &Text::new("poll-ballot-sent").arg("id", poll.id));
    Ok(vec![Outgoing::reply(sent.private()), direct])
}

/// A vote on a private ballot. The ballot went to one person's direct chat
/// only, so the place is that chat, not the poll's: the poll must be of the
/// community the ballot was sent for.
pub(crate) async fn ballot_vote(
    engine: &Engine,
    ctx: &Ctx<'_>,
    poll_id: i64,
    option: u8,
    tag: u64,
) -> Handled {
    let poll = ballot_poll(engine, ctx, poll_id, tag).await?;
    press_option(engine, ctx, &poll, option).await
}

/// The poll a ballot is for: of the community the ballot was sent for, and
/// the ballot the presser's own (its tag).
async fn ballot_poll(
    engine: &Engine,
    ctx: &Ctx<'_>,
    poll_id: i64,
    tag: u64,
) -> Result<PollRow, Failure> {
    match engine.store().poll(poll_id).await? {
        Some(poll)
            if poll.community_id == ctx.community()
                && ballot_tag(engine, &poll, ctx.user()) == tag =>
        {
            Ok(poll)
        }
        _ => Err(Failure::User(Text::new("poll-unknown").arg("id", poll_id))),
    }
}

/// A private ballot's whole selection (a native multiple-choice answer).
pub(crate) async fn ballot_choose(
    engine: &Engine,
    ctx: &Ctx<'_>,
    poll_id: i64,
    tag: u64,
    values: &[String],
) -> Handled {
    let poll = ballot_poll(engine, ctx, poll_id, tag).await?;
    let options = engine.store().poll_options(poll.id).await?;
    let choices = selection(&poll, &options, values)?;
    record(engine, ctx, &poll, &options, choices).await
}

/// Option numbers chosen in a select (or a native poll's answer) as a vote.
fn selection(
    poll: &PollRow,
    options: &[(i64, String)],
    values: &[String],
) -> Result<Vec<i64>, Failure> {
    let mut choices = Vec::new();
    for value in values {
        let option: i64 = value
            .parse()
            .ok()
            .filter(|o| options.iter().any(|(p, _)| p == o))
            .ok_or_else(|| Failure::User(Text::new("action-unknown")))?;
        if !choices.contains(&option) {
            choices.push(option);
        }
    }
    if !poll.multi && choices.len() != 1 {
        return Err(Failure::User(
            Text::new("poll-single-choice").arg("id", poll.id),
        ));
    }
    Ok(choices)
}

pub(crate) async fn vote_button(
    engine: &Engine,
    ctx: &Ctx<'_>,
    poll_id: i64,
    option: u8,
) -> Handled {
    let poll = find(engine, ctx, &poll_id.to_string()).await?;
    press_option(engine, ctx, &poll, option).await
}

/// One option pressed (a button, or a ballot's answer): the vote, or in a
/// multiple-choice poll that option toggled in the presser's vote.
async fn press_option(engine: &Engine, ctx: &Ctx<'_>, poll: &PollRow, option: u8) -> Handled {
    let options = engine.store().poll_options(poll.id).await?;
    let option = i64::from(option);
    if !options.iter().any(|(p, _)| *p == option) {
        return Err(Failure::User(Text::new("action-unknown")));
    }
    let choices = if poll.multi {
        let mut current = engine
            .store()
            .vote_of(poll.id, &voter_key(engine, poll, ctx.user()))
            .await?;
        match current.iter().position(|p| *p == option) {
            Some(i) => {
                current.remove(i);
            }
            None => current.push(option),
        }
        current
    } else {
        vec![option]
    };
    record(engine, ctx, poll, &options, choices).await
}

/// A select's values (option numbers) become the whole vote; choosing
/// nothing in a multiple-choice poll clears it.
pub(crate) async fn vote_select(
    engine: &Engine,
    ctx: &Ctx<'_>,
    poll_id: i64,
    values: &[String],
) -> Handled {
    let poll = find(engine, ctx, &poll_id.to_string()).await?;
    let options = engine.store().poll_options(poll.id).await?;
    let choices = selection(&poll, &options, values)?;
    record(engine, ctx, &poll, &options, choices).await
}

async fn record(
    engine: &Engine,
    ctx: &Ctx<'_>,
    poll: &PollRow,
    options: &[(i64, String)],
    choices: Vec<i64>,
) -> Handled {
    let voter = voter_key(engine, poll, ctx.user());
    let voted_at = (!poll.anonymous).then_some(ctx.now);
    match engine
        .store()
        .set_vote(poll.id, &voter, &choices, voted_at, ctx.now)
        .await?
    {
        VoteOutcome::Closed => {
            return Err(Failure::User(
                Text::new("poll-is-closed").arg("id", poll.id),
            ));
        }
        VoteOutcome::Recorded => {}
    }
    if !poll.hide_results {
        engine
            .store()
            .schedule_tally(poll.id, ctx.now + Duration::seconds(TALLY_EVERY), ctx.now)
            .await?;
        engine.wake_scheduler();
    }
    let labels: Vec<String> = choices
        .iter()
        .filter_map(|c| options.iter().find(|(p, _)| p == c))
        .map(|(p, l)| format!("{p}. {}", escape_markdown(l)))
        .collect();
    let text = if labels.is_empty() {
        Text::new("poll-vote-cleared").arg("id", poll.id)
    } else {
        Text::new("poll-voted")
            .arg("id", poll.id)
            .arg("choices", labels.join(", "))
    };
    // Your vote is yours to see.
    Ok(vec![Outgoing::reply(engine.say(ctx, &text).private())])
}

pub(crate) async fn close(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let poll = find(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if !may_manage(engine, ctx, &poll).await? {
        return Err(Failure::User(
            Text::new("poll-not-yours").arg("id", poll.id),
        ));
    }
    if !engine.store().close_poll(poll.id, ctx.now).await? {
        return Err(Failure::User(
            Text::new("poll-is-closed").arg("id", poll.id),
        ));
    }
    closing_messages(engine, poll.id, ctx.now, Some(ctx.locale))
        .await
        .map_err(Failure::from)
}

/// When a poll closes: its message shows the final state, and the results
/// (text and chart) follow.
async fn closing_messages(
    engine: &Engine,
    poll_id: i64,
    now: DateTime<Utc>,
    reader: Option<Locale>,
) -> Result<Vec<Outgoing>, StoreError> {
    let store = engine.store();
    let poll = store.poll(poll_id).await?.expect("exists");
    let options = store.poll_options(poll.id).await?;
    let tally = store.tally(poll.id).await?;
    let (locale, _) = poll_locale(engine, &poll);
    let target = poll_target(&poll);
    Ok(vec![
        Outgoing {
            target: target.clone(),
            message: render_poll(engine, &poll, &options, &tally, now),
            idempotency_key: Some(MessageKey::PollClosed { poll: poll.id }.encode()),
            replaces: Some(MessageKey::Poll { poll: poll.id }.encode()),
        },
        Outgoing {
            target,
            message: render_results(
                engine,
                &poll,
                &options,
                &tally,
                now,
                reader.unwrap_or(locale),
            ),
            idempotency_key: Some(MessageKey::PollResults { poll: poll.id }.encode()),
            replaces: None,
        },
    ])
}

fn poll_target(poll: &PollRow) -> Target {
    match &poll.thread_id {
        Some(thread) => Target::Thread {
            community_id: poll.community_id.clone(),
            channel_id: poll.channel_id.clone(),
            thread_id: thread.clone(),
        },
        None => Target::Channel {
            community_id: poll.community_id.clone(),
            channel_id: poll.channel_id.clone(),
        },
    }
}

pub(crate) async fn results(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let poll = find(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if poll.hide_results && poll.is_open(ctx.now) && !may_manage(engine, ctx, &poll).await? {
        return Err(Failure::User(
            Text::new("poll-results-hidden").arg("id", poll.id),
        ));
    }
    let options = engine.store().poll_options(poll.id).await?;
    let tally = engine.store().tally(poll.id).await?;
    let message = render_results(engine, &poll, &options, &tally, ctx.now, ctx.locale);
    // Shown to everyone only where the poll itself is; elsewhere (a circle
    // member asking in another channel) to the reader alone.
    let message = if in_its_place(ctx, &poll) {
        message
    } else {
        message.private()
    };
    Ok(vec![Outgoing::reply(message)])
}

pub(crate) async fn list(engine: &Engine, ctx: &Ctx<'_>) -> Handled {
    let place = &ctx.input.place;
    let polls = engine
        .store()
        .open_polls(
            ctx.community(),
            &place.channel_id,
            place.thread_id.as_deref(),
            ctx.now,
        )
        .await?;
    if polls.is_empty() {
        return Ok(vec![Outgoing::reply(
            engine.say(ctx, &Text::new("poll-list-empty")),
        )]);
    }
    let i18n = engine.i18n();
    let mut text = i18n.render(
        ctx.locale,
        &Text::new("poll-list-header").arg("count", polls.len()),
    );
    for poll in &polls {
        text.push_str(&format!(
            "\n- #{} {}",
            poll.id,
            escape_markdown(&poll.question)
        ));
    }
    Ok(vec![Outgoing::reply(Message::text(text))])
}

/// RFC 4180: quote a field that holds a comma, a quote or a line break.
/// A field a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) is neutralized with a leading `'`.
pub(crate) fn csv_field(raw: &str) -> String {
    let neutral = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A byte order mark first: spreadsheet programs then read the file as
/// UTF-8 and show accents as they are.
pub(crate) const UTF8_BOM: &str = "\u{feff}";

pub(crate) async fn export(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let poll = find(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    if !may_manage(engine, ctx, &poll).await? {
        return Err(Failure::User(
            Text::new("poll-not-yours").arg("id", poll.id),
        ));
    }
    let store = engine.store();
    let options = store.poll_options(poll.id).await?;
    let mut csv = String::from(UTF8_BOM);
    if poll.anonymous {
        // Counts only: an anonymous poll has no ballots to give.
        let tally = store.tally(poll.id).await?;
        csv.push_str("option,label,votes\r\n");
        for (position, label) in &options {
            let count = tally.count(*position);
            csv.push_str(&format!("{position},{},{count}\r\n", csv_field(label)));
        }
    } else {
        csv.push_str("member,option,label\r\n");
        for (_, name, position) in store.poll_ballots(poll.id).await? {
            let label = options
                .iter()
                .find(|(p, _)| *p == position)
                .map_or("", |o| o.1.as_str());
            csv.push_str(&format!(
                "{},{position},{}\r\n",
                csv_field(&name),
                csv_field(label)
            ));
        }
    }
    let mut message = engine.say(ctx, &Text::new("poll-exported").arg("id", poll.id));
    message.file = Some(Attachment {
        file_name: format!("poll-{}.csv", poll.id),
        mime: "text/csv".to_owned(),
        bytes: csv.into_bytes(),
    });
    Ok(vec![Outgoing::reply(message.private())])
}

impl Engine {
    /// A poll's scheduled work: refresh its tally, or close it.
    pub(crate) async fn prepare_poll_job(
        &self,
        job: &JobRow,
        now: DateTime<Utc>,
    ) -> Result<Prepared, StoreError> {
        let store = self.store();
        let Some(poll) = store.poll(job.ref_id).await? else {
            return Ok(Prepared::Skip);
        };
        let (locale, _) = poll_locale(self, &poll);
        let outgoing = if job.kind == crate::store::JobKind::PollClose {
            // Closing and announcing are one step: a retry (or a restart
            // after a crash mid-delivery) of the job that closed the poll
            // announces it again under the same keys, which the platform
            // drops if the first announcement did go out.
            let closed_here = store.close_poll(poll.id, now).await?;
            if !closed_here && job.attempts <= 1 {
                return Ok(Prepared::Skip);
            }
            closing_messages(self, poll.id, now, None).await?
        } else {
            if !poll.is_open(now) {
                return Ok(Prepared::Skip);
            }
            let options = store.poll_options(poll.id).await?;
            let tally = store.tally(poll.id).await?;
            vec![Outgoing {
                target: poll_target(&poll),
                message: render_poll(self, &poll, &options, &tally, now),
                idempotency_key: Some(
                    MessageKey::PollTally {
                        poll: poll.id,
                        occurrence: job.occurrence,
                    }
                    .encode(),
                ),
                replaces: Some(MessageKey::Poll { poll: poll.id }.encode()),
            }]
        };
        Ok(Prepared::Fire(Firing {
            outgoing,
            next: None,
            recipient: poll_target(&poll),
            locale,
            summary_line: self.i18n().render(
                locale,
                &Text::new("poll-header")
                    .arg("id", poll.id)
                    .arg("question", escape_markdown(&poll.question)),
            ),
            advance: 1,
            summarize: true,
            partial: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_that_cannot_be_read_is_an_error_not_zeros() {
        let missing = std::path::Path::new("/nonexistent/mentorbot-random");
        assert!(PollSecret::from_source(missing).is_err());
        let empty = std::path::Path::new("/dev/null");
        assert!(PollSecret::from_source(empty).is_err(), "a short read");
        let a = PollSecret::random().unwrap();
        let b = PollSecret::random().unwrap();
        assert_ne!(a.0, b.0);
        assert!(a.0.iter().any(|&byte| byte != 0));
    }

    #[test]
    fn csv_fields_follow_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn csv_fields_are_never_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("a=b"), "a=b");
    }

    #[test]
    fn percentages_round_and_bars_scale() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(bar(0.5).chars().filter(|c| *c == '█').count(), 10);
        assert_eq!(bar(1.0).chars().count(), 20);
    }
}
