//! The core's `Message` as Matrix event content: a plain-text `body` and an
//! HTML `formatted_body`, buttons as numbered choices, polls as
//! `m.poll.start` / `m.poll.end`.

use bot_core::model::markdown_to_plain;
use bot_core::{Action, Component, Message, PollView};
use matrix_sdk::ruma::events::room::message::FormattedBody;
use serde_json::{Value, json};

/// Emoji a member can react with to pick choice n (1-based).
pub const KEYCAPS: [&str; 10] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"];

/// The choice a reaction key or a replied number stands for (1-based).
pub fn choice_number(raw: &str) -> Option<usize> {
    // Clients send keycaps with or without the emoji variation selector.
    let bare = |s: &str| s.trim().replace('\u{fe0f}', "");
    let raw = bare(raw);
    if let Some(i) = KEYCAPS.iter().position(|k| bare(k) == raw) {
        return Some(i + 1);
    }
    raw.trim_start_matches('#').parse().ok().filter(|n| *n >= 1)
}

/// The actions a message's buttons and select options carry, in the order
/// they are numbered.
pub fn choices(message: &Message) -> Vec<(Action, Option<String>, String)> {
    let mut out = Vec::new();
    for component in &message.components {
        match component {
            Component::Button { action, label, .. } => out.push((*action, None, label.clone())),
            Component::Select {
                action, options, ..
            } => {
                // A multiple-choice poll's select duplicates its buttons here.
                if message.poll.is_none() {
                    for option in options {
                        out.push((*action, Some(option.value.clone()), option.label.clone()));
                    }
                }
            }
        }
    }
    out
}

/// `m.room.message` content for `message`; `mention` names people who are
/// really mentioned (`m.mentions`).
pub fn message(message: &Message, mentions: &[String]) -> Value {
    let mut markdown = message.text.clone();
    for (name, value) in &message.fields {
        markdown.push_str(&format!("\n**{name}**: {value}"));
    }
    let numbered = choices(message);
    if !numbered.is_empty() {
        markdown.push('\n');
        for (i, (_, _, label)) in numbered.iter().enumerate() {
            let key = KEYCAPS.get(i).copied().unwrap_or("•");
            markdown.push_str(&format!(
                "\n{key} {}",
                bot_core::model::escape_markdown(label)
            ));
        }
    }
    let plain = markdown_to_plain(&markdown);
    let mut content = json!({"msgtype": "m.text", "body": plain});
    if let Some(html) = FormattedBody::markdown(&markdown) {
        content["format"] = json!("org.matrix.custom.html");
        content["formatted_body"] = json!(html.body);
    }
    content["m.mentions"] = json!({"user_ids": mentions});
    content
}

/// A native poll (`m.poll.start`) whose fallback text lists the options and
/// how to vote by command.
pub fn poll_start(view: &PollView, fallback: &str) -> Value {
    let answers: Vec<Value> = view
        .options
        .iter()
        .enumerate()
        .map(|(i, (_, label))| json!({"m.id": (i + 1).to_string(), "m.text": [{"body": label}]}))
        .collect();
    json!({
        "m.text": [{"body": markdown_to_plain(fallback)}],
        "m.poll": {
            "kind": "m.disclosed",
            "max_selections": if view.multi { view.options.len() } else { 1 },
            "question": {"m.text": [{"body": view.question}]},
            "answers": answers,
        },
    })
}

/// `m.poll.end` for a poll's start event, with the final counts.
pub fn poll_end(start_event: &str, text: &str, counts: &[(String, u64)]) -> Value {
    let results: serde_json::Map<String, Value> = counts
        .iter()
        .map(|(id, n)| (id.clone(), json!(n)))
        .collect();
    json!({
        "m.relates_to": {"rel_type": "m.reference", "event_id": start_event},
        "m.text": [{"body": markdown_to_plain(text)}],
        "m.poll.results": results,
    })
}

/// Puts `content` in a thread (and as a reply to `reply_to` when given).
pub fn in_thread(content: &mut Value, root: &str, reply_to: Option<&str>) {
    content["m.relates_to"] = json!({
        "rel_type": "m.thread",
        "event_id": root,
        "is_falling_back": reply_to.is_none(),
        "m.in_reply_to": {"event_id": reply_to.unwrap_or(root)},
    });
}

/// Makes `content` a reply to `event`.
pub fn as_reply(content: &mut Value, event: &str) {
    content["m.relates_to"] = json!({"m.in_reply_to": {"event_id": event}});
}

#[cfg(test)]
mod tests {
    use super::*;
    use bot_core::ButtonStyle;

    #[test]
    fn markdown_becomes_html_and_buttons_numbered_choices() {
        let message = Message::text("**Rust** (1/3)").with_component(Component::Button {
            action: Action::CircleJoin { circle_id: 1 },
            label: "Join".into(),
            style: ButtonStyle::Primary,
        });
        let content = super::message(&message, &["@ada:localhost".to_owned()]);
        assert_eq!(content["body"], "Rust (1/3)\n\n1️⃣ Join");
        assert!(
            content["formatted_body"]
                .as_str()
                .unwrap()
                .contains("<strong>Rust</strong>")
        );
        assert_eq!(content["m.mentions"]["user_ids"][0], "@ada:localhost");
        assert_eq!(choice_number("1️⃣"), Some(1));
        assert_eq!(choice_number("1\u{20e3}"), Some(1));
        assert_eq!(choice_number(" 2 "), Some(2));
        assert_eq!(choice_number("0"), None);
        assert_eq!(choice_number("x"), None);
    }

    #[test]
    fn polls_are_native_with_a_fallback() {
        let view = PollView {
            poll_id: 3,
            question: "Tea?".into(),
            options: vec![
                (
                    Action::PollVote {
                        poll_id: 3,
                        option: 1,
                    },
                    "Yes".into(),
                ),
                (
                    Action::PollVote {
                        poll_id: 3,
                        option: 2,
                    },
                    "No".into(),
                ),
            ],
            multi: false,
            closed: false,
            counts: None,
        };
        let start = poll_start(&view, "**Poll #3: Tea?**\n1. Yes\n2. No");
        assert_eq!(start["m.poll"]["answers"][1]["m.id"], "2");
        assert_eq!(start["m.poll"]["max_selections"], 1);
        assert_eq!(start["m.text"][0]["body"], "Poll #3: Tea?\n1. Yes\n2. No");
        let end = poll_end("$start", "Closed", &[("1".into(), 2), ("2".into(), 0)]);
        assert_eq!(end["m.poll.results"]["1"], 2);
        assert_eq!(end["m.relates_to"]["event_id"], "$start");
    }
}
