//! The core's `Message` as Discord JSON: content, an embed for fields and
//! images, action rows of buttons and selects whose `custom_id` is the
//! core's action id, attachments, and the ephemeral flag.

use bot_core::{ButtonStyle, Component, Message};
use serde_json::{Value, json};
use serenity::builder::CreateAttachment;

/// Discord's limits.
const MAX_CONTENT: usize = 2000;
const MAX_ROWS: usize = 5;
const BUTTONS_PER_ROW: usize = 5;
const MAX_FIELDS: usize = 25;
const MAX_FIELD_NAME: usize = 256;
const MAX_FIELD_VALUE: usize = 1024;
const MAX_LABEL: usize = 80;
const MAX_SELECT_OPTIONS: usize = 25;
/// `flags` bit for a message only its reader sees.
pub const EPHEMERAL: u64 = 1 << 6;

use bot_core::model::clip;

/// Times the core wrote for one reader (`2026-11-23 18:00 (Europe/Paris)`)
/// become Discord timestamps, which every reader sees in their own zone.
pub fn native_times(text: &str) -> String {
    let found = bot_core::timezone::find_local_times(text);
    if found.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, instant) in found {
        out.push_str(&text[last..range.start]);
        out.push_str(&format!("<t:{}:F>", instant.timestamp()));
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// A message body for `POST /channels/{id}/messages`, an interaction
/// callback's `data`, a followup or an edit, and the files it attaches.
#[derive(Debug)]
pub struct Rendered {
    pub body: Value,
    pub files: Vec<CreateAttachment>,
}

/// Renders `message`; `mention` prefixes a real mention of that user id
/// (and allows only that one to ping).
pub fn message(message: &Message, mention: Option<&str>) -> Rendered {
    let mut content = String::new();
    if let Some(user) = mention {
        content.push_str(&format!("<@{user}> "));
    }
    content.push_str(&native_times(&message.text));
    let mut body = json!({
        "content": clip(&content, MAX_CONTENT),
        "components": components(&message.components),
        "allowed_mentions": match mention {
            Some(user) => json!({"parse": [], "users": [user]}),
            None => json!({"parse": []}),
        },
    });
    let obj = body.as_object_mut().expect("an object");
    let mut embeds = Vec::new();
    if !message.fields.is_empty() {
        let fields: Vec<Value> = message
            .fields
            .iter()
            .take(MAX_FIELDS)
            .map(|(name, value)| {
                json!({
                    "name": clip(name, MAX_FIELD_NAME),
                    "value": clip(&native_times(value), MAX_FIELD_VALUE),
                    "inline": false,
                })
            })
            .collect();
        embeds.push(json!({"fields": fields}));
    }
    let mut files = Vec::new();
    let mut attachments = Vec::new();
    if let Some(image) = &message.image {
        // The chart shows inside an embed; its alt text is the attachment's
        // description, which screen readers announce.
        embeds.push(json!({"image": {"url": format!("attachment://{}", image.file_name)}}));
        attachments.push(
            json!({"id": 0, "filename": image.file_name, "description": clip(&image.alt, 1024)}),
        );
        let mut file = CreateAttachment::bytes(image.png.clone(), image.file_name.clone());
        file.description = Some(clip(&image.alt, 1024));
        files.push(file);
    } else if let Some(file) = &message.file {
        attachments.push(json!({"id": 0, "filename": file.file_name}));
        files.push(CreateAttachment::bytes(
            file.bytes.clone(),
            file.file_name.clone(),
        ));
    }
    obj.insert("embeds".into(), Value::Array(embeds));
    if !attachments.is_empty() {
        obj.insert("attachments".into(), Value::Array(attachments));
    }
    if message.ephemeral {
        obj.insert("flags".into(), json!(EPHEMERAL));
    }
    Rendered { body, files }
}

/// A prompt as a modal callback (`type` 9) with one paragraph input.
pub fn modal(prompt: &bot_core::Prompt) -> Value {
    json!({
        "type": 9,
        "data": {
            "custom_id": prompt.action.encode(),
            "title": clip(&prompt.title, 45),
            "components": [{
                "type": 1,
                "components": [{
                    "type": 4,
                    "custom_id": "text",
                    "style": 2,
                    "label": clip(&prompt.label, 45),
                    "max_length": prompt.max_chars.min(4000),
                    "required": true,
                }],
            }],
        },
    })
}

fn style(style: ButtonStyle) -> u8 {
    match style {
        ButtonStyle::Primary => 1,
        ButtonStyle::Secondary => 2,
        ButtonStyle::Danger => 4,
    }
}

/// Buttons fill rows of five; a select takes a row of its own.
fn components(components: &[Component]) -> Value {
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut buttons: Vec<Value> = Vec::new();
    let flush = |rows: &mut Vec<Vec<Value>>, buttons: &mut Vec<Value>| {
        if !buttons.is_empty() {
            rows.push(std::mem::take(buttons));
        }
    };
    for component in components {
        match component {
            Component::Button {
                action,
                label,
                style: s,
            } => {
                if buttons.len() == BUTTONS_PER_ROW {
                    flush(&mut rows, &mut buttons);
                }
                buttons.push(json!({
                    "type": 2,
                    "style": style(*s),
                    "label": clip(label, MAX_LABEL),
                    "custom_id": action.encode(),
                }));
            }
            Component::Select {
                action,
                placeholder,
                options,
                min_values,
                max_values,
            } => {
                flush(&mut rows, &mut buttons);
                let options: Vec<Value> = options
                    .iter()
                    .take(MAX_SELECT_OPTIONS)
                    .map(|o| json!({"label": clip(&o.label, 100), "value": o.value}))
                    .collect();
                let max = usize::from(*max_values).min(options.len()).max(1);
                rows.push(vec![json!({
                    "type": 3,
                    "custom_id": action.encode(),
                    "placeholder": clip(placeholder, 150),
                    "min_values": (*min_values).min(max as u8),
                    "max_values": max,
                    "options": options,
                })]);
            }
        }
    }
    flush(&mut rows, &mut buttons);
    rows.truncate(MAX_ROWS);
    Value::Array(
        rows.into_iter()
            .map(|row| json!({"type": 1, "components": row}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use bot_core::{Action, Image, SelectOption};

    #[test]
    fn buttons_fill_rows_of_five_and_selects_take_their_own_row() {
        let mut message = Message::text("Pick").private();
        for circle_id in 1..=7 {
            message = message.with_component(Component::Button {
                action: Action::CircleJoin { circle_id },
                label: format!("Join {circle_id}"),
                style: ButtonStyle::Primary,
            });
        }
        message = message.with_component(Component::Select {
            action: Action::PollVote {
                poll_id: 3,
                option: 0,
            },
            placeholder: "Vote".into(),
            options: vec![SelectOption {
                value: "1".into(),
                label: "A".into(),
            }],
            min_values: 1,
            max_values: 3,
        });
        let rendered = super::message(&message, None);
        let rows = rendered.body["components"].as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["components"].as_array().unwrap().len(), 5);
        assert_eq!(rows[1]["components"].as_array().unwrap().len(), 2);
        assert_eq!(rows[0]["components"][0]["custom_id"], "circle:join:1");
        assert_eq!(rows[2]["components"][0]["type"], 3);
        assert_eq!(rows[2]["components"][0]["max_values"], 1);
        assert_eq!(rendered.body["flags"], EPHEMERAL);
        assert_eq!(rendered.body["allowed_mentions"]["parse"], json!([]));
    }

    #[test]
    fn times_become_discord_timestamps() {
        assert_eq!(
            native_times("Due 2026-11-23 18:00 (Europe/Paris), ok"),
            "Due <t:1795453200:F>, ok"
        );
        assert_eq!(native_times("no time here"), "no time here");
    }

    #[test]
    fn an_image_is_attached_with_its_alt_text_and_a_mention_pings_only_its_person() {
        let mut message = Message::text("Results");
        message.image = Some(Image {
            png: vec![1, 2, 3],
            alt: "Bar chart: A 2".into(),
            file_name: "poll-1.png".into(),
        });
        let rendered = super::message(&message, Some("42"));
        assert_eq!(rendered.files.len(), 1);
        assert_eq!(rendered.body["content"], "<@42> Results");
        assert_eq!(rendered.body["allowed_mentions"]["users"], json!(["42"]));
        assert_eq!(
            rendered.body["attachments"][0]["description"],
            "Bar chart: A 2"
        );
        assert_eq!(
            rendered.body["embeds"][0]["image"]["url"],
            "attachment://poll-1.png"
        );
        assert!(rendered.body.get("flags").is_none());
    }
}
