//! What a pulse tells: a run's figures per question (the k rule), the
//! trend over runs, a chart, and the CSV export.

use std::sync::Arc;

use super::seal::{Answer, Answers};
use super::store::{PulseRow, QuestionKind, QuestionRow, RunRow};
use super::tally::{Bands, QuestionFigures};
use super::{TEXTS_SHOWN, managed, percent, sealer, tally, templates, value_label};
use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::{Locale, Text};
use crate::model::{Attachment, Image, Message, Outgoing, escape_markdown};
use crate::parser::Parsed;
use crate::store::{StoreError, from_millis};
use crate::timezone::format_local;

/// A run's answers, opened (in memory only), by respondent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Opened {
    answers: Vec<Answers>,
    at: std::collections::HashMap<String, usize>,
}

impl Opened {
    fn set(&mut self, respondent: &str, answers: Answers) {
        match self.at.get(respondent) {
            Some(&i) => self.answers[i] = answers,
            None => {
                self.at.insert(respondent.to_owned(), self.answers.len());
                self.answers.push(answers);
            }
        }
    }
}

impl std::ops::Deref for Opened {
    type Target = [Answers];
    fn deref(&self) -> &[Answers] {
        &self.answers
    }
}

/// A run's answers, opened: from the engine's cache while the run's
/// revision says they are still the answers there are (its revision is read
/// before its answers, so a cached set is never older than its revision).
pub(crate) async fn run_answers(engine: &Engine, run: &RunRow) -> Result<Arc<Opened>, StoreError> {
    let cache = engine.pulse_answers();
    if let Some((revision, answers)) = cache.get(&run.id)
        && revision == run.revision
    {
        return Ok(answers);
    }
    let answers = Arc::new(open_answers(engine, run).await?);
    cache.put(run.id, (run.revision, answers.clone()));
    Ok(answers)
}

/// An answer this process just wrote, which took the run to `revision`:
/// the cached answers take it in place when they were the revision just
/// before (otherwise someone else wrote in between, and they are dropped to
/// be opened again).
pub(crate) fn remember_answer(
    engine: &Engine,
    run_id: i64,
    revision: i64,
    respondent: &str,
    answers: Answers,
) {
    let cache = engine.pulse_answers();
    let Some((cached, mut opened)) = cache.take(&run_id) else {
        return;
    };
    if cached + 1 != revision {
        return;
    }
    Arc::make_mut(&mut opened).set(respondent, answers);
    cache.put(run_id, (revision, opened));
}

async fn open_answers(engine: &Engine, run: &RunRow) -> Result<Opened, StoreError> {
    let sealer = sealer(engine);
    let rows = engine.store().pulse_responses(run.id).await?;
    let mut out = Opened {
        answers: Vec::with_capacity(rows.len()),
        at: std::collections::HashMap::with_capacity(rows.len()),
    };
    let mut unreadable = 0;
    for (who, sealed) in rows {
        match sealer.open(run.id, &who, &sealed) {
            Ok(answers) => out.set(&who, answers),
            Err(_) => unreadable += 1,
        }
    }
    if unreadable > 0 {
        // Another secret than the one they were sealed with (a restored
        // database without its secret): they cannot be read, by anyone.
        tracing::warn!(
            run = run.id,
            unreadable,
            "pulse answers sealed under another key"
        );
    }
    Ok(out)
}

pub(super) fn bands(pulse: &PulseRow) -> Bands {
    Bands {
        promoter_min: pulse.promoter_min,
        passive_min: pulse.passive_min,
    }
}

fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

fn bar(share: f64) -> String {
    let filled = (share * 10.0).round().clamp(0.0, 10.0) as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

/// A question's figures as lines of text (or why they are hidden).
pub(super) fn figures_text(
    engine: &Engine,
    locale: Locale,
    question: &QuestionRow,
    figures: &QuestionFigures,
    k: i64,
) -> Vec<String> {
    let i18n = engine.i18n();
    if figures.answered < k {
        return vec![
            i18n.render(
                locale,
                &Text::new("pulse-hidden")
                    .arg("k", k)
                    .arg("count", figures.answered),
            ),
        ];
    }
    let mut lines = Vec::new();
    if let (Some(mean), Some(median)) = (figures.mean, figures.median) {
        let mut line = i18n.render(
            locale,
            &Text::new("pulse-mean-median")
                .arg("count", figures.answered)
                .arg("mean", one_decimal(mean))
                .arg("median", one_decimal(median)),
        );
        if let Some(enps) = figures.enps {
            line.push_str(" · ");
            line.push_str(&i18n.render(locale, &Text::new("pulse-enps").arg("enps", signed(enps))));
        }
        lines.push(line);
    } else {
        lines.push(i18n.render(
            locale,
            &Text::new("pulse-answered-count").arg("count", figures.answered),
        ));
    }
    if question.kind == QuestionKind::Text {
        for text in figures.texts.iter().take(TEXTS_SHOWN) {
            lines.push(format!("- “{}”", escape_markdown(text)));
        }
        if figures.texts.len() > TEXTS_SHOWN {
            lines.push(i18n.render(
                locale,
                &Text::new("pulse-more-texts").arg("count", figures.texts.len() - TEXTS_SHOWN),
            ));
        }
        return lines;
    }
    for (value, count) in &figures.counts {
        let share = *count as f64 / figures.answered.max(1) as f64;
        lines.push(format!(
            "{} — {} {}",
            value_label(engine, locale, question, *value),
            bar(share),
            i18n.render(
                locale,
                &Text::new("pulse-count")
                    .arg("count", *count)
                    .arg("percent", percent(*count, figures.answered)),
            )
        ));
    }
    lines
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// The headline figure of a run for a question: its mean (scale), its eNPS
/// (score), when k people answered.
fn headline(figures: &QuestionFigures, k: i64) -> Option<f64> {
    if figures.answered < k {
        return None;
    }
    match figures.kind {
        QuestionKind::Nps => figures.enps.map(|e| e as f64),
        QuestionKind::Scale => figures.mean,
        _ => None,
    }
}

/// `pulse results <id> [run]`: a run's figures per question (and per
/// group where k allows), the trend over runs, and a chart.
pub(crate) async fn results(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    let message = run_results(engine, ctx, &pulse, parsed.integer("run")).await?;
    Ok(vec![Outgoing::reply(message.private())])
}

/// A run's results (the latest unless `number` names one), with the trend
/// over the runs up to it.
pub(super) async fn run_results(
    engine: &Engine,
    ctx: &Ctx<'_>,
    pulse: &PulseRow,
    number: Option<i64>,
) -> Result<Message, Failure> {
    let pulse = pulse.clone();
    let store = engine.store();
    let runs = store.pulse_runs(pulse.id).await?;
    let Some(last) = runs.last() else {
        return Err(Failure::User(
            Text::new("pulse-no-runs").arg("id", pulse.id),
        ));
    };
    let run = match number {
        Some(n) => runs.iter().find(|r| r.number == n).ok_or_else(|| {
            Failure::User(Text::new("pulse-no-run").arg("id", pulse.id).arg("run", n))
        })?,
        None => last,
    };
    let questions = store.pulse_questions(pulse.id).await?;
    let k = pulse.min_answers;
    let i18n = engine.i18n();
    let locale = ctx.locale;
    let answers = run_answers(engine, run).await?;
    let refs: Vec<&Answers> = answers.iter().collect();
    let asked = store.pulse_recipient_count(run.id).await?;
    let state = if run.is_open(ctx.now) {
        "open"
    } else {
        "closed"
    };
    let mut text = i18n.render(
        locale,
        &Text::new("pulse-results-header")
            .arg("id", pulse.id)
            .arg("title", escape_markdown(&pulse.title))
            .arg("run", run.number)
            .arg("runs", runs.len())
            .arg("state", state)
            .arg(
                "at",
                format_local(from_millis(run.closed_at.unwrap_or(run.closes_at)), ctx.tz),
            )
            .arg("answered", answers.len() as i64)
            .arg("asked", asked)
            .arg("percent", percent(answers.len() as i64, asked)),
    );
    // Groups for the breakdown: those k allows (and that cannot be worked
    // out from the others).
    let mut groups: Vec<(String, i64)> = Vec::new();
    for a in answers.iter() {
        match groups.iter_mut().find(|(g, _)| *g == a.group) {
            Some(entry) => entry.1 += 1,
            None => groups.push((a.group.clone(), 1)),
        }
    }
    let shown_groups = tally::shown_groups(&groups, k);
    for question in &questions {
        let figures = tally::figures(question, &refs, bands(&pulse));
        text.push_str(&format!(
            "\n\n**{}. {}**",
            question.position,
            escape_markdown(&templates::words(i18n, locale, &question.prompt))
        ));
        for line in figures_text(engine, locale, question, &figures, k) {
            text.push('\n');
            text.push_str(&line);
        }
        if groups.len() > 1
            && figures.answered >= k
            && matches!(question.kind, QuestionKind::Scale | QuestionKind::Nps)
        {
            let mut parts = Vec::new();
            for group in &shown_groups {
                let members: Vec<&Answers> = answers.iter().filter(|a| &a.group == group).collect();
                let f = tally::figures(question, &members, bands(&pulse));
                if f.answered < k {
                    continue;
                }
                if let Some(value) = headline(&f, k) {
                    parts.push(format!(
                        "{} {} (n={})",
                        crate::catalogue::choice_name(i18n, locale, "to", group),
                        if question.kind == QuestionKind::Nps {
                            signed(value as i64)
                        } else {
                            one_decimal(value)
                        },
                        f.answered
                    ));
                }
            }
            if shown_groups.len() < groups.len() {
                parts.push(i18n.render(locale, &Text::new("pulse-groups-hidden").arg("k", k)));
            }
            text.push('\n');
            text.push_str(&i18n.render(
                locale,
                &Text::new("pulse-by-group").arg("groups", parts.join(" · ")),
            ));
        }
    }
    // The trend: each scale or score question's headline over the runs.
    let mut chart_bars: Vec<(String, f64, String)> = Vec::new();
    let mut chart_title = String::new();
    if runs.len() > 1 {
        text.push_str("\n\n");
        text.push_str(&i18n.t(locale, "pulse-trend-header"));
        for question in questions
            .iter()
            .filter(|q| matches!(q.kind, QuestionKind::Scale | QuestionKind::Nps))
        {
            let mut series: Vec<(i64, Option<f64>)> = Vec::new();
            for r in runs.iter().filter(|r| r.number <= run.number) {
                let answers = run_answers(engine, r).await?;
                let refs: Vec<&Answers> = answers.iter().collect();
                let f = tally::figures(question, &refs, bands(&pulse));
                series.push((r.number, headline(&f, k)));
            }
            let written = |v: f64| {
                if question.kind == QuestionKind::Nps {
                    signed(v.round() as i64)
                } else {
                    one_decimal(v)
                }
            };
            let line: Vec<String> = series
                .iter()
                .map(|(n, v)| {
                    format!(
                        "{} {}",
                        i18n.render(locale, &Text::new("pulse-run-label").arg("run", *n)),
                        v.map_or_else(|| "—".to_owned(), written)
                    )
                })
                .collect();
            text.push_str(&format!("\n{}. {}", question.position, line.join(" · ")));
            let known: Vec<(i64, f64)> = series
                .iter()
                .filter_map(|(n, v)| v.map(|v| (*n, v)))
                .collect();
            if let [.., (before_n, before), (now_n, now)] = known.as_slice() {
                let delta = now - before;
                let key = if delta.abs() < 0.05 {
                    "pulse-change-same"
                } else if delta > 0.0 {
                    "pulse-change-up"
                } else {
                    "pulse-change-down"
                };
                text.push_str(" — ");
                text.push_str(
                    &i18n.render(
                        locale,
                        &Text::new(key)
                            .arg(
                                "by",
                                written(delta.abs()).trim_start_matches('+').to_owned(),
                            )
                            .arg("from", *before_n)
                            .arg("to", *now_n),
                    ),
                );
            }
            if chart_bars.is_empty() {
                chart_title = templates::words(i18n, locale, &question.prompt);
                chart_bars = series
                    .iter()
                    .map(|(n, v)| {
                        (
                            i18n.render(locale, &Text::new("pulse-run-label").arg("run", *n)),
                            v.unwrap_or(0.0),
                            v.map_or_else(|| "—".to_owned(), written),
                        )
                    })
                    .collect();
            }
        }
    }
    let mut message = Message::text(text);
    if !chart_bars.is_empty() {
        let alt = i18n.render(
            locale,
            &Text::new("pulse-chart-alt")
                .arg("question", chart_title.clone())
                .arg(
                    "values",
                    chart_bars
                        .iter()
                        .map(|(label, _, written)| format!("{label}: {written}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
        );
        match crate::chart::value_chart(&chart_title, &chart_bars) {
            Ok(png) => {
                message.image = Some(Image {
                    png,
                    alt,
                    file_name: format!("pulse-{}-trend.png", pulse.id),
                });
            }
            Err(error) => tracing::warn!(%error, pulse = pulse.id, "chart rendering failed"),
        }
    }
    Ok(message)
}

/// `pulse export <id>`: every run's figures as CSV (counts per value, and
/// free texts once k answered); a named pulse's answers per member.
pub(crate) async fn export(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let pulse = managed(engine, ctx, parsed.text("id").unwrap_or_default()).await?;
    let store = engine.store();
    let questions = store.pulse_questions(pulse.id).await?;
    let i18n = engine.i18n();
    let k = pulse.min_answers;
    let mut csv = String::from(crate::polls::UTF8_BOM);
    csv.push_str("run,opened,question,kind,value,label,count,answered,asked\r\n");
    for run in store.pulse_runs(pulse.id).await? {
        let answers = run_answers(engine, &run).await?;
        let refs: Vec<&Answers> = answers.iter().collect();
        let asked = store.pulse_recipient_count(run.id).await?;
        let opened = crate::timezone::format_local_date(from_millis(run.opens_at), ctx.tz);
        for question in &questions {
            let f = tally::figures(question, &refs, bands(&pulse));
            let prompt =
                crate::polls::csv_field(&templates::words(i18n, ctx.locale, &question.prompt));
            let row = |value: &str, label: &str, count: &str| {
                format!(
                    "{},{opened},{prompt},{},{value},{},{count},{},{asked}\r\n",
                    run.number,
                    question.kind.as_str(),
                    crate::polls::csv_field(label),
                    f.answered
                )
            };
            if f.answered < k {
                csv.push_str(&row("", "", ""));
                continue;
            }
            if question.kind == QuestionKind::Text {
                for t in &f.texts {
                    csv.push_str(&row("", t, ""));
                }
            } else {
                for (value, count) in &f.counts {
                    let label = match question.kind {
                        QuestionKind::Choice | QuestionKind::Multi => {
                            value_label(engine, ctx.locale, question, *value)
                        }
                        _ => String::new(),
                    };
                    csv.push_str(&row(&value.to_string(), &label, &count.to_string()));
                }
            }
        }
    }
    if !pulse.anonymous {
        // A named pulse: who answered what, as they were told it would be.
        csv.push_str("\r\nrun,member,question,answer\r\n");
        for run in store.pulse_runs(pulse.id).await? {
            let sealer = sealer(engine);
            for (who, sealed) in store.pulse_responses(run.id).await? {
                let Ok(answers) = sealer.open(run.id, &who, &sealed) else {
                    continue;
                };
                let name = store
                    .member(&pulse.community_id, &who)
                    .await?
                    .map_or_else(|| who.clone(), |m| m.display_name);
                for (position, answer) in &answers.by_question {
                    let Some(question) = questions.iter().find(|q| q.position == *position) else {
                        continue;
                    };
                    let written = match answer {
                        Answer::Text(t) => t.clone(),
                        Answer::Picked(values) => values
                            .iter()
                            .map(|v| value_label(engine, ctx.locale, question, *v))
                            .collect::<Vec<_>>()
                            .join("; "),
                    };
                    csv.push_str(&format!(
                        "{},{},{position},{}\r\n",
                        run.number,
                        crate::polls::csv_field(&name),
                        crate::polls::csv_field(&written)
                    ));
                }
            }
        }
    }
    let mut message = engine.say(ctx, &Text::new("pulse-exported").arg("id", pulse.id));
    message.file = Some(Attachment {
        file_name: format!("pulse-{}.csv", pulse.id),
        mime: "text/csv".to_owned(),
        bytes: csv.into_bytes(),
    });
    Ok(vec![Outgoing::reply(message.private())])
}

/// What a run adds to the programme figures (`stats`): the values given to
/// its scale questions and to its 0–10 questions, each question only when
/// at least k people answered it, with the pulse's bands.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RunScores {
    pub scale: Vec<i64>,
    pub nps: Vec<i64>,
    pub bands: Option<Bands>,
}

pub(crate) async fn run_scores(
    engine: &Engine,
    pulse_id: i64,
    run_id: i64,
) -> Result<RunScores, StoreError> {
    let store = engine.store();
    let (Some(pulse), Some(run)) = (store.pulse(pulse_id).await?, store.pulse_run(run_id).await?)
    else {
        return Ok(RunScores::default());
    };
    let questions = store.pulse_questions(pulse.id).await?;
    let answers = run_answers(engine, &run).await?;
    let refs: Vec<&Answers> = answers.iter().collect();
    let mut scores = RunScores {
        bands: Some(bands(&pulse)),
        ..RunScores::default()
    };
    for question in &questions {
        let into = match question.kind {
            QuestionKind::Scale => &mut scores.scale,
            QuestionKind::Nps => &mut scores.nps,
            _ => continue,
        };
        let figures = tally::figures(question, &refs, bands(&pulse));
        if figures.answered < pulse.min_answers {
            continue;
        }
        for (value, count) in figures.counts {
            into.extend(std::iter::repeat_n(value, count as usize));
        }
    }
    Ok(scores)
}
