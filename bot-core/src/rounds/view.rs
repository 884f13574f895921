//! What rounds say: a phase's announcement, the opening, the status, the
//! closing summary for the circle and the case-giver's private digest.

use chrono_tz::Tz;

use super::mode_of;
use super::plan::Mode;
use super::protocol::{Phase, Produces, Protocol, Speakers};
use super::store::{Airtime, CommitmentRow, NoteRow, PersonRole, RoundPerson, RoundRow};
use crate::i18n::{I18n, Locale, Text};
use crate::model::{clip, escape_markdown};
use crate::store::from_millis;
use crate::timezone::format_local;

fn speakers_key(speakers: Speakers) -> &'static str {
    match speakers {
        Speakers::Everyone => "round-speakers-everyone",
        Speakers::CaseGiver => "round-speakers-case-giver",
        Speakers::Consultants => "round-speakers-consultants",
        Speakers::Moderator => "round-speakers-moderator",
    }
}

fn produces_key(produces: Produces) -> Option<&'static str> {
    match produces {
        Produces::Nothing => None,
        Produces::Questions => Some("round-produces-questions"),
        Produces::Ideas => Some("round-produces-ideas"),
        Produces::Takeaways => Some("round-produces-takeaways"),
        Produces::Commitments => Some("round-produces-commitments"),
    }
}

/// One line of a protocol's phases: `2. Questions (5 min): consultants ask`.
pub(crate) fn phase_line(i18n: &I18n, locale: Locale, index: usize, phase: &Phase) -> String {
    let mut line = i18n.render(
        locale,
        &Text::new("round-phase-line")
            .arg("index", index as i64 + 1)
            .arg("name", escape_markdown(&phase.name.show(i18n, locale)))
            .arg("minutes", i64::from(phase.minutes))
            .arg("speakers", i18n.t(locale, speakers_key(phase.speakers))),
    );
    if phase.listening {
        line.push_str(" · ");
        line.push_str(&i18n.t(locale, "round-listening-short"));
    }
    if let Some(key) = produces_key(phase.produces) {
        line.push_str(" · ");
        line.push_str(&i18n.t(locale, key));
    }
    line
}

fn name_of(people: &[RoundPerson], user: Option<&str>) -> String {
    user.and_then(|u| people.iter().find(|p| p.user_id == u))
        .map(|p| escape_markdown(&p.display_name))
        .unwrap_or_else(|| "—".to_owned())
}

fn role_holder(people: &[RoundPerson], role: PersonRole) -> Option<&RoundPerson> {
    people.iter().find(|p| p.role == role)
}

/// The opening: protocol, circle, and who holds which role.
pub(crate) fn opening(
    i18n: &I18n,
    locale: Locale,
    round: &RoundRow,
    protocol: &Protocol,
    people: &[RoundPerson],
    circle: &str,
) -> String {
    let mut case_givers: Vec<&RoundPerson> =
        people.iter().filter(|p| p.case_order.is_some()).collect();
    case_givers.sort_by_key(|p| p.case_order);
    let mode = match mode_of(round) {
        Mode::Live => i18n.t(locale, "round-mode-live"),
        Mode::Async { pace_ms } => i18n.render(
            locale,
            &Text::new("round-mode-async").arg("hours", pace_ms / 3_600_000),
        ),
    };
    let mut text = i18n.render(
        locale,
        &Text::new("round-opening")
            .arg("id", round.id)
            .arg("protocol", protocol.name.show(i18n, locale))
            .arg("circle", escape_markdown(circle))
            .arg("mode", mode)
            .arg(
                "case-givers",
                case_givers
                    .iter()
                    .map(|p| escape_markdown(&p.display_name))
                    .collect::<Vec<_>>()
                    .join(" → "),
            )
            .arg(
                "people",
                people
                    .iter()
                    .map(|p| escape_markdown(&p.display_name))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
    );
    if let Some(moderator) = role_holder(people, PersonRole::Moderator) {
        text.push('\n');
        text.push_str(
            &i18n.render(
                locale,
                &Text::new("round-opening-moderator")
                    .arg("name", escape_markdown(&moderator.display_name)),
            ),
        );
    }
    if let Some(notes) = role_holder(people, PersonRole::NoteTaker) {
        text.push('\n');
        text.push_str(
            &i18n.render(
                locale,
                &Text::new("round-opening-note-taker")
                    .arg("name", escape_markdown(&notes.display_name)),
            ),
        );
    }
    if let Some(source) = protocol.source {
        text.push('\n');
        text.push_str(&i18n.render(
            locale,
            &Text::new("round-protocol-source").arg("source", source),
        ));
    }
    text
}

/// Last time's commitments, for the report-back that opens the round.
pub(crate) fn report_back(
    i18n: &I18n,
    locale: Locale,
    tz: Tz,
    commitments: &[CommitmentRow],
) -> String {
    let mut text = i18n.t(locale, "round-report-back");
    for c in commitments.iter().take(10) {
        text.push('\n');
        let line = match c.due_at {
            Some(at) => Text::new("round-report-back-line-due")
                .arg("name", escape_markdown(&c.display_name))
                .arg("text", escape_markdown(&clip(&c.body, 200)))
                .arg("at", format_local(from_millis(at), tz)),
            None => Text::new("round-report-back-line")
                .arg("name", escape_markdown(&c.display_name))
                .arg("text", escape_markdown(&clip(&c.body, 200))),
        };
        text.push_str(&i18n.render(locale, &line));
    }
    text
}

/// The announcement of the current phase: where the round is, who speaks,
/// what is asked, and when it ends.
pub(crate) fn phase(
    i18n: &I18n,
    locale: Locale,
    tz: Tz,
    round: &RoundRow,
    protocol: &Protocol,
    people: &[RoundPerson],
) -> String {
    let Some(phase) = protocol
        .phases
        .get(usize::try_from(round.phase).unwrap_or(0))
    else {
        return String::new();
    };
    let case_giver = super::run::case_giver_now(round, people)
        .map(|p| escape_markdown(&p.display_name))
        .unwrap_or_else(|| "—".to_owned());
    let mut text = String::new();
    if round.rotations > 1 {
        text.push_str(
            &i18n.render(
                locale,
                &Text::new("round-rotation")
                    .arg("rotation", round.rotation + 1)
                    .arg("rotations", round.rotations)
                    .arg("name", case_giver.as_str()),
            ),
        );
        text.push('\n');
    }
    let ends = round.phase_ends_at.map(from_millis);
    text.push_str(
        &i18n.render(
            locale,
            &Text::new("round-phase")
                .arg("index", round.phase + 1)
                .arg("count", protocol.phases.len() as i64)
                .arg("name", escape_markdown(&phase.name.show(i18n, locale)))
                .arg(
                    "ends",
                    ends.map(|at| format_local(at, tz)).unwrap_or_default(),
                )
                .arg("speakers", i18n.t(locale, speakers_key(phase.speakers))),
        ),
    );
    if phase.listening {
        text.push('\n');
        text.push_str(&i18n.render(
            locale,
            &Text::new("round-listening").arg("name", case_giver.as_str()),
        ));
    }
    if let Some(key) = produces_key(phase.produces) {
        text.push('\n');
        text.push_str(&i18n.render(
            locale,
            &Text::new("round-asked").arg("what", i18n.t(locale, key)),
        ));
    }
    if phase.speakers == Speakers::Moderator {
        text.push('\n');
        text.push_str(&i18n.render(
            locale,
            &Text::new("round-moderator-leads").arg(
                "name",
                name_of(
                    people,
                    role_holder(people, PersonRole::Moderator).map(|p| p.user_id.as_str()),
                ),
            ),
        ));
    }
    text
}

pub(crate) fn status(
    i18n: &I18n,
    locale: Locale,
    tz: Tz,
    round: &RoundRow,
    protocol: &Protocol,
    people: &[RoundPerson],
) -> String {
    let state = match round.state {
        super::store::RoundState::Scheduled => "round-state-scheduled",
        super::store::RoundState::Running => "round-state-running",
        super::store::RoundState::Paused => "round-state-paused",
        super::store::RoundState::Done => "round-state-done",
        super::store::RoundState::Cancelled => "round-state-cancelled",
    };
    let mut text = i18n.render(
        locale,
        &Text::new("round-status")
            .arg("id", round.id)
            .arg("protocol", protocol.name.show(i18n, locale))
            .arg("state", i18n.t(locale, state))
            .arg("starts", format_local(from_millis(round.starts_at), tz))
            .arg(
                "people",
                people
                    .iter()
                    .map(|p| escape_markdown(&p.display_name))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
    );
    match round.state {
        super::store::RoundState::Running => {
            text.push('\n');
            text.push_str(&phase(i18n, locale, tz, round, protocol, people));
        }
        super::store::RoundState::Paused => {
            text.push('\n');
            text.push_str(
                &i18n.render(
                    locale,
                    &Text::new("round-status-paused")
                        .arg("minutes", round.remaining_ms.unwrap_or(0) / 60_000),
                ),
            );
        }
        _ => {}
    }
    text
}

/// What the circle sees at the end: protocol, duration, airtime balance
/// and how many ideas (never what was said: that goes to the case-giver).
pub(crate) fn summary(
    i18n: &I18n,
    locale: Locale,
    round: &RoundRow,
    protocol: &Protocol,
    airtime: &[Airtime],
    ideas: usize,
) -> String {
    let minutes = (round.ended_at.unwrap_or(round.starts_at) - round.starts_at).max(0) / 60_000;
    let counts: Vec<i64> = airtime.iter().map(|a| a.notes).collect();
    let (most, least) = (
        counts.iter().copied().max().unwrap_or(0),
        counts.iter().copied().min().unwrap_or(0),
    );
    let mut text = i18n.render(
        locale,
        &Text::new("round-summary")
            .arg("id", round.id)
            .arg("protocol", protocol.name.show(i18n, locale))
            .arg("minutes", minutes)
            .arg("ideas", ideas as i64)
            .arg("most", most)
            .arg("least", least),
    );
    for person in airtime {
        text.push('\n');
        text.push_str(
            &i18n.render(
                locale,
                &Text::new("round-summary-airtime")
                    .arg("name", escape_markdown(&person.display_name))
                    .arg("notes", person.notes)
                    .arg("chars", person.chars),
            ),
        );
    }
    text
}

/// Longest message part: platforms refuse or cut longer ones (Discord: 2000).
const MAX_PART_CHARS: usize = 1900;

/// `text` in parts of at most [`MAX_PART_CHARS`], cut between lines (a line
/// longer than that is cut itself).
pub(crate) fn in_parts(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    for line in text.split('\n') {
        let mut line = line.to_owned();
        loop {
            let current = parts.last_mut().expect("one part at least");
            let room = MAX_PART_CHARS.saturating_sub(current.chars().count() + 1);
            if line.chars().count() <= room {
                if !current.is_empty() {
                    current.push('\n');
                }
                current.push_str(&line);
                break;
            }
            if current.is_empty() {
                let cut: String = line.chars().take(MAX_PART_CHARS).collect();
                line = line.chars().skip(MAX_PART_CHARS).collect();
                current.push_str(&cut);
            }
            parts.push(String::new());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// What was said in one closed phase of an async round, for its case-giver.
pub(crate) fn phase_notes(
    i18n: &I18n,
    locale: Locale,
    round: &RoundRow,
    phase: &str,
    notes: &[&NoteRow],
) -> Vec<String> {
    let mut text = i18n.render(
        locale,
        &Text::new("round-phase-notes")
            .arg("id", round.id)
            .arg("phase", escape_markdown(phase)),
    );
    for note in notes {
        text.push_str(&format!(
            "\n- {}: {}",
            escape_markdown(&note.display_name),
            escape_markdown(&note.body)
        ));
    }
    in_parts(&text)
}

/// The case-giver's private digest: what was said on their case, by phase,
/// and the question of what they take away (in parts, as long as it is).
pub(crate) fn digest(
    i18n: &I18n,
    locale: Locale,
    round: &RoundRow,
    protocol: &Protocol,
    notes: &[&NoteRow],
) -> Vec<String> {
    let mut text = i18n.render(
        locale,
        &Text::new("round-digest")
            .arg("id", round.id)
            .arg("protocol", protocol.name.show(i18n, locale)),
    );
    let mut current = None;
    for note in notes {
        if current != Some(note.phase) {
            current = Some(note.phase);
            let name = protocol
                .phases
                .get(usize::try_from(note.phase).unwrap_or(0))
                .map(|p| p.name.show(i18n, locale))
                .unwrap_or_default();
            text.push_str(&format!("\n**{}**", escape_markdown(&name)));
        }
        text.push_str(&format!(
            "\n- {}: {}",
            escape_markdown(&note.display_name),
            escape_markdown(&note.body)
        ));
    }
    if notes.is_empty() {
        text.push('\n');
        text.push_str(&i18n.t(locale, "round-digest-empty"));
    }
    text.push_str("\n\n");
    text.push_str(&i18n.t(locale, "round-digest-ask"));
    in_parts(&text)
}

#[cfg(test)]
mod tests {
    use super::in_parts;

    #[test]
    fn long_texts_come_in_parts_that_fit_a_message() {
        let line = "x".repeat(700);
        let text = [line.as_str(); 6].join("\n");
        let parts = in_parts(&text);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.chars().count() <= 1900));
        assert_eq!(parts.join("\n"), text, "nothing lost");
        let long = "é".repeat(4000);
        let parts = in_parts(&long);
        assert_eq!(parts.concat(), long);
        assert!(parts.iter().all(|p| p.chars().count() <= 1900));
        assert_eq!(in_parts("short"), ["short"]);
    }
}
