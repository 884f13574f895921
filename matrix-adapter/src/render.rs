//! The core's `Message` as Matrix event content: a plain-text `body` and an
//! HTML `formatted_body`, buttons as numbered choices, polls as
//! `m.poll.start` / `m.poll.end`.

use bot_core::model::markdown_to_plain;
use bot_core::{Action, Component, Message, PollView};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
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
    // A room's readers live in several zones; Matrix shows one text to all.
    let mut markdown = bot_core::timezone::also_in(&message.text, &message.reader_zones);
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
    if let Some(html) = html(&markdown) {
        content["format"] = json!("org.matrix.custom.html");
        content["formatted_body"] = json!(html);
    }
    content["m.mentions"] = json!({"user_ids": mentions});
    content
}

/// The markdown subset as Matrix HTML, or `None` when nothing in it is
/// formatted. The core writes no HTML, links or images, so any in the text
/// came from a user (a circle name, a note): they come out as escaped text,
/// never as tags, links or pills.
pub fn html(markdown: &str) -> Option<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut formatted = false;
    let mut blocks = 0;
    let mut events = Vec::new();
    let mut autolink: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        // An autolink (`<https://…>`) is shown as it was typed.
        if let Some(typed) = &mut autolink {
            match event {
                Event::End(TagEnd::Link) => {
                    typed.push('>');
                    events.push(Event::Text(unescape(typed).into()));
                    autolink = None;
                }
                Event::Text(text) => typed.push_str(&text),
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(unescape(&raw).into()),
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                autolink = Some("<".to_owned());
                continue;
            }
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image) => continue,
            Event::SoftBreak => Event::HardBreak,
            event @ (Event::Text(_) | Event::HardBreak | Event::End(TagEnd::Paragraph)) => event,
            other => {
                formatted |= !matches!(other, Event::Start(Tag::Paragraph));
                other
            }
        };
        if matches!(event, Event::Start(Tag::Paragraph)) {
            blocks += 1;
        }
        events.push(event);
    }
    // Several paragraphs need their <p>s; one alone is inline (as the spec asks).
    let inline = blocks == 1
        && matches!(events.first(), Some(Event::Start(Tag::Paragraph)))
        && matches!(events.last(), Some(Event::End(TagEnd::Paragraph)));
    if !formatted && (inline || events.is_empty()) {
        return None;
    }
    if inline {
        events.pop();
        events.remove(0);
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    Some(out)
}

/// Markdown leaves backslash escapes in raw HTML and autolinks; without
/// them the text is what the user typed.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek().copied() {
            Some(next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A private poll (anonymous, or results hidden) as a room shows it: a
/// vote there would be a room event naming its sender, so the room gets
/// the question as text (counts only when the core shows them) and one
/// numbered choice, the private ballot; the options are not choices, and
/// the core's line on voting by button or command (`how_to_vote`, as
/// rendered in each language) is left out.
pub fn private_poll(message: &Message, view: &PollView, how_to_vote: &[String]) -> Message {
    let text = message
        .text
        .lines()
        .filter(|line| !how_to_vote.iter().any(|h| h == line))
        .collect::<Vec<_>>()
        .join("\n");
    let mut shown = Message {
        text,
        fields: message.fields.clone(),
        ..Message::default()
    };
    if let Some((action, label)) = &view.ballot {
        shown = shown.with_component(Component::Button {
            action: *action,
            label: label.clone(),
            style: bot_core::ButtonStyle::Primary,
        });
    }
    shown
}

/// A native poll (`m.poll.start`) whose fallback text lists the options and
/// how to vote by command. Its live counts show (`m.disclosed`), except on
/// a private ballot of a poll whose results are hidden until it closes
/// (`m.undisclosed`).
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
            "kind": if view.private && view.counts.is_none() { "m.undisclosed" } else { "m.disclosed" },
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
    fn html_in_user_text_is_escaped_not_rendered() {
        let name = "<a href=https://evil.example>x</a> <b>";
        let message = Message::text(format!(
            "Created **{}** (0/4)",
            bot_core::model::escape_markdown(name)
        ))
        .with_component(Component::Button {
            action: Action::CircleJoin { circle_id: 1 },
            label: "<img src=x> <https://evil.example>".into(),
            style: ButtonStyle::Primary,
        });
        let content = super::message(&message, &["@ada:localhost".to_owned()]);
        let html = content["formatted_body"].as_str().unwrap();
        assert!(
            html.contains(
                "<strong>&lt;a href=https://evil.example&gt;x&lt;/a&gt; &lt;b&gt;</strong>"
            ),
            "{html}"
        );
        for tag in ["<a", "<b>", "<img", "\\"] {
            assert!(!html.contains(tag), "{tag} in {html}");
        }
        assert!(
            html.contains("1️⃣ &lt;img src=x&gt; &lt;https://evil.example&gt;"),
            "{html}"
        );
        assert!(
            content["body"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Created {name} (0/4)"))
        );
        assert_eq!(content["m.mentions"]["user_ids"], json!(["@ada:localhost"]));

        // Links and HTML blocks written in the text itself are text too.
        let html = super::html(
            "<div onclick=x>hi</div>\n\n[pill](https://matrix.to/#/@ada:localhost) **ok**",
        )
        .unwrap();
        assert_eq!(
            html,
            "<p>&lt;div onclick=x&gt;hi&lt;/div&gt;\n</p>\n<p>pill <strong>ok</strong></p>\n"
        );
    }

    #[test]
    fn plain_text_has_no_html_and_formatting_survives() {
        assert_eq!(html("just words\nover two lines"), None);
        assert_eq!(html("a <b> c"), None, "nothing formatted: body alone");
        assert_eq!(
            html("**Rust** and *more* `code`\nnext").as_deref(),
            Some("<strong>Rust</strong> and <em>more</em> <code>code</code><br />\nnext")
        );
        assert_eq!(
            html("Circles:\n- **A** 1/3\n- B &amp; C").as_deref(),
            Some(
                "<p>Circles:</p>\n<ul>\n<li><strong>A</strong> 1/3</li>\n<li>B &amp; C</li>\n</ul>\n"
            )
        );
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
            private: false,
            ballot: None,
            is_ballot: false,
            choose: None,
        };
        let start = poll_start(&view, "**Poll #3: Tea?**\n1. Yes\n2. No");
        assert_eq!(start["m.poll"]["answers"][1]["m.id"], "2");
        assert_eq!(start["m.poll"]["max_selections"], 1);
        assert_eq!(start["m.text"][0]["body"], "Poll #3: Tea?\n1. Yes\n2. No");
        assert_eq!(start["m.poll"]["kind"], "m.disclosed");
        let end = poll_end("$start", "Closed", &[("1".into(), 2), ("2".into(), 0)]);
        assert_eq!(end["m.poll.results"]["1"], 2);
        assert_eq!(end["m.relates_to"]["event_id"], "$start");
    }

    #[test]
    fn a_private_poll_in_a_room_offers_only_its_ballot() {
        let vote = |option| Action::PollVote { poll_id: 4, option };
        let view = PollView {
            poll_id: 4,
            question: "Secret?".into(),
            options: vec![(vote(1), "A".into()), (vote(2), "B".into())],
            multi: false,
            closed: false,
            counts: None,
            private: true,
            ballot: Some((Action::PollBallot { poll_id: 4 }, "Vote privately".into())),
            is_ballot: false,
            choose: None,
        };
        let how = "Vote with the buttons, or `poll vote 4 <number>`.".to_owned();
        let mut message = Message::text(format!("**Poll #4: Secret?**\n1. A\n2. B\n{how}"));
        for option in [1, 2] {
            message = message.with_component(Component::Button {
                action: vote(option),
                label: format!("{option}."),
                style: ButtonStyle::Secondary,
            });
        }
        message.poll = Some(view.clone());
        let shown = private_poll(&message, &view, &[how]);
        assert!(shown.poll.is_none());
        let numbered = choices(&shown);
        assert_eq!(numbered.len(), 1, "the ballot is the only choice");
        assert_eq!(numbered[0].0, Action::PollBallot { poll_id: 4 });
        let content = super::message(&shown, &[]);
        assert_eq!(
            content["body"],
            "Poll #4: Secret?\n1. A\n2. B\n\n1️⃣ Vote privately"
        );

        // The ballot itself: hidden counts → undisclosed.
        let ballot = PollView {
            is_ballot: true,
            ballot: None,
            ..view
        };
        assert_eq!(poll_start(&ballot, "b")["m.poll"]["kind"], "m.undisclosed");
        let shown_counts = PollView {
            counts: Some(vec![0, 0]),
            ..ballot
        };
        assert_eq!(
            poll_start(&shown_counts, "b")["m.poll"]["kind"],
            "m.disclosed"
        );
    }
}
