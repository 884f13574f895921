//! What people say in a round's thread without a command: where the bot
//! can read it (Matrix; Discord with the Message Content intent) it is a
//! contribution like `round note`; where it sees only the author, it still
//! counts as airtime. A case-giver who speaks while the phase wants them
//! listening gets one private, gentle reminder for that phase.

use super::store::RoundState;
use super::{MAX_NOTE_CHARS, protocol_of, run};
use crate::engine::{Ctx, Engine};
use crate::i18n::Text;
use crate::metrics::Outcome;
use crate::model::Outgoing;
use crate::store::StoreError;

/// The round a named thread belongs to (`round-<id>`, see `run::thread_of`).
fn round_of(thread_key: &str) -> Option<i64> {
    let id = thread_key.strip_prefix("round-")?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.parse().ok())
        .flatten()
}

/// What was said, as a note: whitespace folded, clipped to a note's length
/// (a long message is still one contribution), or empty when the platform
/// gave no text.
fn as_note(text: Option<&str>) -> String {
    let folded = text
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match folded.char_indices().nth(MAX_NOTE_CHARS) {
        Some((cut, _)) => folded[..cut].to_owned(),
        None => folded,
    }
}

/// A message in the thread named `thread_key`. Never answers but with the
/// listening reminder: a chat line is not a command.
pub(crate) async fn thread_post(
    engine: &Engine,
    ctx: &Ctx<'_>,
    thread_key: &str,
    text: Option<&str>,
) -> (Outcome, Vec<Outgoing>) {
    let Some(round_id) = round_of(thread_key) else {
        return (Outcome::Ignored, Vec::new());
    };
    match posted(engine, ctx, round_id, text).await {
        Ok(Some(out)) => (Outcome::Ok, out),
        Ok(None) => (Outcome::Ignored, Vec::new()),
        Err(error) => {
            tracing::error!(
                error = %crate::engine::error_chain(&error),
                round = round_id,
                "internal error while counting a thread message"
            );
            (Outcome::Failed, Vec::new())
        }
    }
}

async fn posted(
    engine: &Engine,
    ctx: &Ctx<'_>,
    round_id: i64,
    text: Option<&str>,
) -> Result<Option<Vec<Outgoing>>, StoreError> {
    let store = engine.store();
    let Some(round) = store.round(round_id).await? else {
        return Ok(None);
    };
    // Only a running phase collects; the thread of another community's
    // round is not this one's, whatever an adapter was told.
    if round.community_id != ctx.community() || round.state != RoundState::Running {
        return Ok(None);
    }
    let people = store.round_people(round.id).await?;
    let Some(me) = people.iter().find(|p| p.user_id == ctx.user()) else {
        return Ok(None);
    };
    let Some(protocol) = protocol_of(&round) else {
        return Ok(None);
    };
    // Past the round's limit a message is not counted (and not answered).
    if !store
        .add_round_note(&round, ctx.user(), &as_note(text), ctx.now)
        .await?
    {
        return Ok(None);
    }
    let Some(phase) = protocol
        .phases
        .get(usize::try_from(round.phase).unwrap_or(usize::MAX))
    else {
        return Ok(Some(Vec::new()));
    };
    if !phase.listening || run::case_giver_now(&round, &people) != Some(me) {
        return Ok(Some(Vec::new()));
    }
    if !store
        .claim_listening_reminder(round.id, ctx.user(), run::phase_ordinal(&round))
        .await?
    {
        return Ok(Some(Vec::new()));
    }
    let reminder = engine
        .say(
            ctx,
            &Text::new("round-listening-reminder")
                .arg("id", round.id)
                .arg("phase", phase.name.show(engine.i18n(), ctx.locale)),
        )
        .private();
    Ok(Some(vec![Outgoing::reply(reminder)]))
}

#[cfg(test)]
mod tests {
    use super::{as_note, round_of};

    #[test]
    fn only_round_threads_are_rounds() {
        assert_eq!(round_of("round-12"), Some(12));
        for other in [
            "round-",
            "round-1x",
            "circle-3",
            "round--1",
            "round-99999999999999999999",
        ] {
            assert_eq!(round_of(other), None, "{other}");
        }
    }

    #[test]
    fn a_post_becomes_a_clipped_folded_note() {
        assert_eq!(as_note(Some("  an idea:\n\ttry it  ")), "an idea: try it");
        assert_eq!(as_note(None), "");
        assert_eq!(as_note(Some("a\u{7}b")), "ab");
        let long = "é".repeat(super::MAX_NOTE_CHARS + 50);
        assert_eq!(as_note(Some(&long)).chars().count(), super::MAX_NOTE_CHARS);
    }
}
