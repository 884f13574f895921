//! The local console: a community in a terminal, running the real engine
//! and database. Interactive on a terminal; one command per line otherwise.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use bot_core::i18n::Text;
use bot_core::model::markdown_to_plain;
use std::future::Future;
use std::pin::Pin;

use bot_core::{
    Action, Actor, Component, Delivery, DeliveryError, Engine, Input, InputKind, Locale, Message,
    Outgoing, Place, Scheduler, SchedulerConfig, Target,
};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

pub const COMMUNITY_ID: &str = "console:local";
const CHANNEL_ID: &str = "console";
/// Who types when nobody has said `as <name>`: the community's admin.
pub const DEFAULT_SPEAKER: &str = "you";

#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    /// The locale the "platform" reports for every speaker.
    pub locale: Option<Locale>,
    /// The time zone the "platform" reports for every speaker.
    pub timezone: Option<String>,
    /// How long to keep running after the input ends.
    pub linger: Option<Duration>,
    /// Where images (charts) are saved.
    pub image_dir: PathBuf,
    /// Show a prompt before each line (a terminal).
    pub interactive: bool,
}

#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    is_admin: bool,
}

impl Speaker {
    fn user_id(&self) -> String {
        format!("console:{}", self.name.to_lowercase())
    }
}

/// One numbered choice from the last message that offered some.
#[derive(Debug, Clone)]
struct Choice {
    action: Action,
    value: Option<String>,
}

/// Delivers scheduled messages into the console, dropping a second send
/// with an idempotency key it has already shown (as a platform would).
#[derive(Debug)]
pub struct ConsoleDelivery {
    tx: mpsc::UnboundedSender<Outgoing>,
    seen: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl ConsoleDelivery {
    pub fn new() -> (Self, mpsc::UnboundedReceiver<Outgoing>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let delivery = Self {
            tx,
            seen: std::sync::Mutex::new(std::collections::HashSet::new()),
        };
        (delivery, rx)
    }
}

impl Delivery for ConsoleDelivery {
    fn deliver<'a>(
        &'a self,
        outgoing: &'a Outgoing,
    ) -> Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>> {
        Box::pin(async move {
            if let Some(key) = &outgoing.idempotency_key
                && !self.seen.lock().expect("seen lock").insert(key.clone())
            {
                return Ok(());
            }
            self.tx
                .send(outgoing.clone())
                .map_err(|_| DeliveryError::Rejected("the console has closed".to_owned()))
        })
    }
}

/// Runs the console on standard input with the scheduler beside it, until
/// the input ends (plus `linger`) or a shutdown signal.
pub async fn run_with_scheduler(
    engine: &Engine,
    options: ConsoleOptions,
    scheduler: SchedulerConfig,
) -> Result<()> {
    let (delivery, deliveries) = ConsoleDelivery::new();
    let scheduler = Scheduler::new(
        engine.clone(),
        std::sync::Arc::new(delivery),
        bot_core::scheduler::unique_owner("console"),
        scheduler,
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(async move {
        let mut stopped = stopped;
        scheduler
            .run_supervised(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            })
            .await;
    });
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let mut console = Console::new(engine, options, tokio::io::stdout());
    let result = tokio::select! {
        result = console.run(stdin, deliveries) => result,
        () = crate::app::shutdown_signal() => Ok(()),
    };
    let _ = stop.send(true);
    worker.await.context("the scheduler task failed")?;
    result
}

pub struct Console<'a, W> {
    engine: &'a Engine,
    options: ConsoleOptions,
    out: W,
    speaker: Speaker,
    choices: Vec<Choice>,
    images_saved: usize,
}

impl<W> std::fmt::Debug for Console<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console")
            .field("speaker", &self.speaker)
            .finish_non_exhaustive()
    }
}

impl<'a, W: AsyncWrite + Unpin> Console<'a, W> {
    pub fn new(engine: &'a Engine, options: ConsoleOptions, out: W) -> Self {
        Self {
            engine,
            options,
            out,
            speaker: Speaker {
                name: DEFAULT_SPEAKER.to_owned(),
                is_admin: true,
            },
            choices: Vec::new(),
            images_saved: 0,
        }
    }

    fn locale(&self) -> Locale {
        self.options
            .locale
            .unwrap_or(self.engine.config().default_locale)
    }

    fn say(&self, text: &Text) -> String {
        self.engine.i18n().render(self.locale(), text)
    }

    /// Reads commands until the input ends, then lingers if asked to,
    /// showing scheduled messages from `deliveries` as they arrive.
    pub async fn run<R: AsyncBufRead + Unpin>(
        &mut self,
        input: R,
        mut deliveries: mpsc::UnboundedReceiver<Outgoing>,
    ) -> Result<()> {
        if self.options.interactive {
            let welcome = self.say(&Text::new("console-welcome").arg("name", DEFAULT_SPEAKER));
            self.write_line(&welcome).await?;
        }
        let mut lines = input.lines();
        loop {
            if self.options.interactive {
                let prompt = format!("{}> ", self.speaker.name);
                self.out.write_all(prompt.as_bytes()).await?;
                self.out.flush().await?;
            }
            tokio::select! {
                line = lines.next_line() => {
                    let Some(line) = line.context("reading standard input")? else {
                        break;
                    };
                    if !self.line(&line).await? {
                        break;
                    }
                }
                Some(outgoing) = deliveries.recv() => {
                    if self.options.interactive {
                        self.out.write_all(b"\n").await?;
                    }
                    self.show(outgoing).await?;
                }
            }
        }
        if let Some(linger) = self.options.linger {
            let deadline = tokio::time::sleep(linger);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    () = &mut deadline => break,
                    Some(outgoing) = deliveries.recv() => self.show(outgoing).await?,
                }
            }
        }
        self.out.flush().await?;
        Ok(())
    }

    /// Handles one line; false when the person asked to quit.
    pub async fn line(&mut self, line: &str) -> Result<bool> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(true);
        }
        if matches!(line, "quit" | "exit") {
            return Ok(false);
        }
        if let Some(rest) = line.strip_prefix("as ").or((line == "as").then_some("")) {
            self.switch(rest).await?;
            return Ok(true);
        }
        let kind = match line.parse::<usize>() {
            Ok(n) if !self.choices.is_empty() => match self.choices.get(n.wrapping_sub(1)) {
                Some(choice) => InputKind::Action {
                    action: choice.action.encode(),
                    values: choice.value.iter().cloned().collect(),
                },
                None => {
                    let text = self.say(
                        &Text::new("console-choice-unknown")
                            .arg("number", n)
                            .arg("count", self.choices.len()),
                    );
                    self.write_line(&text).await?;
                    return Ok(true);
                }
            },
            _ => InputKind::Text(line.to_owned()),
        };
        let input = Input {
            actor: Actor {
                user_id: self.speaker.user_id(),
                display_name: self.speaker.name.clone(),
                platform_locale: self.options.locale,
                platform_timezone: self.options.timezone.clone(),
                is_admin: self.speaker.is_admin,
            },
            place: Place {
                community_id: COMMUNITY_ID.to_owned(),
                channel_id: CHANNEL_ID.to_owned(),
                thread_id: None,
            },
            kind,
            mentions: Vec::new(),
            prefix_optional: true,
            files: Vec::new(),
        };
        let outgoing = self.engine.handle(input).await;
        for message in outgoing {
            self.show(message).await?;
        }
        Ok(true)
    }

    /// `as <name> [admin]`: who types from now on.
    async fn switch(&mut self, rest: &str) -> Result<()> {
        let mut words: Vec<&str> = rest.split_whitespace().collect();
        let is_admin = words.last() == Some(&"admin") && words.len() > 1;
        if is_admin {
            words.pop();
        }
        let name = words.join(" ");
        let name = name.trim_matches('"');
        if name.is_empty() {
            let text = self.say(&Text::new("console-as-usage"));
            return self.write_line(&text).await;
        }
        self.speaker = Speaker {
            name: name.to_owned(),
            is_admin: is_admin || name == DEFAULT_SPEAKER,
        };
        let key = if self.speaker.is_admin {
            "console-as-admin"
        } else {
            "console-as"
        };
        let text = self.say(&Text::new(key).arg("name", name));
        self.write_line(&text).await
    }

    async fn show(&mut self, outgoing: Outgoing) -> Result<()> {
        let Outgoing {
            target, message, ..
        } = outgoing;
        if let Target::Direct { user_id, .. } = &target
            && *user_id != self.speaker.user_id()
        {
            let to = user_id.strip_prefix("console:").unwrap_or(user_id);
            let header = self.say(&Text::new("console-direct").arg("name", to));
            self.write_line(&header).await?;
        }
        if let Target::NamedThread { title, .. } = &target {
            let header = self.say(&Text::new("console-thread").arg("title", title.as_str()));
            self.write_line(&header).await?;
        }
        let text = self.render(message).await?;
        self.write_line(&text).await
    }

    async fn render(&mut self, message: Message) -> Result<String> {
        let mut text = markdown_to_plain(&message.text);
        for (name, value) in &message.fields {
            text.push_str(&format!(
                "\n{}: {}",
                markdown_to_plain(name),
                markdown_to_plain(value)
            ));
        }
        if !message.components.is_empty() {
            self.choices.clear();
            for component in &message.components {
                match component {
                    Component::Button { action, label, .. } => {
                        self.choices.push(Choice {
                            action: *action,
                            value: None,
                        });
                        text.push_str(&format!("\n  [{}] {label}", self.choices.len()));
                    }
                    Component::Select {
                        action,
                        placeholder,
                        options,
                        ..
                    } => {
                        text.push_str(&format!("\n  {placeholder}"));
                        for option in options {
                            self.choices.push(Choice {
                                action: *action,
                                value: Some(option.value.clone()),
                            });
                            text.push_str(&format!(
                                "\n  [{}] {}",
                                self.choices.len(),
                                option.label
                            ));
                        }
                    }
                }
            }
        }
        if let Some(file) = message.file {
            let path = self.save(&file.file_name, &file.bytes).await?;
            text.push_str(&format!("\n[file: {}]", path.display()));
        }
        if let Some(image) = message.image {
            let path = self.save(&image.file_name, &image.png).await?;
            text.push_str(&format!("\n[image: {} — {}]", path.display(), image.alt));
        }
        Ok(text)
    }

    /// Saves an attachment under the image directory, named so that files
    /// from different runs and messages never collide.
    async fn save(&mut self, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let dir = &self.options.image_dir;
        tokio::fs::create_dir_all(dir)
            .await
            .with_context(|| format!("creating {}", dir.display()))?;
        self.images_saved += 1;
        let path = dir.join(format!(
            "{}-{}-{file_name}",
            std::process::id(),
            self.images_saved
        ));
        tokio::fs::write(&path, bytes)
            .await
            .with_context(|| format!("saving {}", path.display()))?;
        Ok(path)
    }

    async fn write_line(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).await?;
        self.out.write_all(b"\n").await?;
        self.out.flush().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use bot_core::{
        ButtonStyle, EngineConfig, Image, SelectOption, Store, StoreOptions, SystemClock,
    };

    use super::*;

    #[tokio::test]
    async fn renders_choices_images_and_direct_messages_as_plain_text() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("console.db").display().to_string();
        let store = Store::connect(&db, &StoreOptions::default()).await.unwrap();
        let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default());
        let options = ConsoleOptions {
            locale: None,
            timezone: None,
            linger: None,
            image_dir: dir.path().join("images"),
            interactive: false,
        };
        let mut out = Vec::new();
        let mut console = Console::new(&engine, options, &mut out);
        let message = Message {
            text: "**Results**".to_owned(),
            fields: vec![("Votes".to_owned(), "3".to_owned())],
            components: vec![
                Component::Button {
                    action: Action::CircleJoin { circle_id: 1 },
                    label: "Join".to_owned(),
                    style: ButtonStyle::Primary,
                },
                Component::Select {
                    action: Action::CircleInfo { circle_id: 2 },
                    placeholder: "Pick one".to_owned(),
                    options: vec![SelectOption {
                        value: "a".to_owned(),
                        label: "Option A".to_owned(),
                    }],
                    min_values: 1,
                    max_values: 1,
                },
            ],
            image: Some(Image {
                png: b"\x89PNG fake".to_vec(),
                alt: "Bar chart: A 2, B 1".to_owned(),
                file_name: "chart.png".to_owned(),
            }),
            file: None,
            poll: None,
            prompt: None,
            ephemeral: false,
            reader_zones: Vec::new(),
        };
        console
            .show(Outgoing {
                target: Target::Direct {
                    community_id: COMMUNITY_ID.to_owned(),
                    user_id: "console:bob".to_owned(),
                    fallback_channel: None,
                },
                message,
                idempotency_key: None,
                replaces: None,
            })
            .await
            .unwrap();
        assert_eq!(console.choices.len(), 2);
        assert_eq!(console.choices[1].value.as_deref(), Some("a"));
        drop(console);
        let text = String::from_utf8(out).unwrap();
        let image = dir
            .path()
            .join("images")
            .join(format!("{}-1-chart.png", std::process::id()));
        assert_eq!(std::fs::read(&image).unwrap(), b"\x89PNG fake");
        assert_eq!(
            text,
            format!(
                "Direct message to bob:\nResults\nVotes: 3\n  [1] Join\n  Pick one\n  [2] Option A\n[image: {} — Bar chart: A 2, B 1]\n",
                image.display()
            )
        );
    }
}
