//! Programme figures: `stats [circle] [period:30d|90d|term]` and
//! `stats export`, for admins (the whole community or any circle) and hosts
//! (their own circles). Every figure is defined in `help stats` and in the
//! README; [`figures::compute`] is where each is worked out.

mod figures;
pub(crate) mod store;

use chrono::{DateTime, Datelike, Duration, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::engine::permissions::require_host;
use crate::engine::{Ctx, Engine, Failure, Handled};
use crate::i18n::{Locale, Text};
use crate::model::{Attachment, Image, Message, Outgoing, escape_markdown};
use crate::parser::Parsed;
use crate::store::{StoreError, from_millis, to_millis};
use crate::timezone::format_local_date;
use figures::Report;
use store::{Bounds, Scope};

/// How far back retention looks for the activity that keeps someone
/// "still active" at their mark: the two weeks up to it, or later.
pub const RETENTION_GRACE_DAYS: i64 = 14;
/// The retention marks, in weeks after a member first joined.
pub const RETENTION_WEEKS: [i64; 3] = [4, 8, 12];
/// Circles at risk listed by name (all are counted, and all are exported).
const RISKS_SHOWN: usize = 10;

/// The period figures are taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(i64),
    /// Since the current school term began: 1 September, 1 January or
    /// 1 April, at midnight in the reader's zone.
    Term,
}

impl Period {
    fn parse(choice: Option<&str>) -> Self {
        match choice {
            Some("90d") => Self::Days(90),
            Some("term") => Self::Term,
            _ => Self::Days(30),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Days(90) => "90d",
            Self::Term => "term",
            Self::Days(_) => "30d",
        }
    }
}

/// The instant the current term began, in `tz`: the latest 1 September,
/// 1 January or 1 April at or before `now`.
pub fn term_start(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let year = now.with_timezone(&tz).year();
    let mut best: Option<DateTime<Utc>> = None;
    for (y, m) in [(year, 9), (year, 4), (year, 1), (year - 1, 9)] {
        // Midnight can be skipped by a DST change (never on these dates in
        // today's zones, but the rules are not ours): then the first
        // instant after it.
        let local = tz
            .with_ymd_and_hms(y, m, 1, 0, 0, 0)
            .earliest()
            .or_else(|| tz.with_ymd_and_hms(y, m, 1, 1, 0, 0).earliest());
        let Some(start) = local.map(|l| l.with_timezone(&Utc)) else {
            continue;
        };
        if start <= now && best.is_none_or(|b| start > b) {
            best = Some(start);
        }
    }
    best.unwrap_or(now - Duration::days(30))
}

/// The period's bounds (and the one before it, as long) for `now`.
pub fn bounds(period: Period, now: DateTime<Utc>, tz: Tz) -> Bounds {
    let start = match period {
        Period::Days(days) => now - Duration::days(days),
        Period::Term => term_start(now, tz),
    };
    let start = to_millis(start);
    // Up to now, now included (what happened this very millisecond too).
    let end = to_millis(now) + 1;
    let length = (end - start).max(Duration::days(1).num_milliseconds());
    Bounds {
        prev_start: start - length,
        start,
        end,
    }
}

/// Who may see which figures: admins the community's (or a circle's),
/// hosts their circles'.
async fn scope(
    engine: &Engine,
    ctx: &Ctx<'_>,
    parsed: &Parsed,
) -> Result<(Scope, String), Failure> {
    let i18n = engine.i18n();
    let named = parsed
        .text("circle")
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(raw) = named {
        let circle = crate::circles::resolve_fresh(engine, ctx, raw).await?;
        require_host(engine, ctx, &circle).await?;
        let label = i18n.render(
            ctx.locale,
            &Text::new("stats-scope-circle").arg("name", escape_markdown(&circle.name)),
        );
        return Ok((
            Scope {
                community_id: ctx.community().to_owned(),
                circle_id: Some(circle.id),
                host: None,
                circle_ids: None,
            },
            label,
        ));
    }
    if ctx.is_admin() {
        return Ok((
            Scope {
                community_id: ctx.community().to_owned(),
                circle_id: None,
                host: None,
                circle_ids: None,
            },
            i18n.t(ctx.locale, "stats-scope-community"),
        ));
    }
    let scope = Scope {
        community_id: ctx.community().to_owned(),
        circle_id: None,
        host: Some(ctx.user().to_owned()),
        circle_ids: None,
    };
    let hosted = engine.store().stats_circles(&scope).await?;
    if hosted.is_empty() {
        return Err(Failure::User(Text::new("stats-not-allowed")));
    }
    let label = i18n.render(
        ctx.locale,
        &Text::new("stats-scope-hosted").arg("count", hosted.len()),
    );
    Ok((scope, label))
}

/// Everything the figures are made of, read for a scope and a period.
async fn report(
    engine: &Engine,
    scope: &Scope,
    bounds: Bounds,
    tz: Tz,
) -> Result<Report, StoreError> {
    let store = engine.store();
    let day = Duration::days(1).num_milliseconds();
    let week = 7 * day;
    let offset_ms = i64::from(
        from_millis(bounds.end)
            .with_timezone(&tz)
            .offset()
            .fix()
            .local_minus_utc(),
    ) * 1000;
    let circles = store.stats_circles(scope).await?;
    let mut scope = scope.clone();
    scope.circle_ids = Some(circles.iter().map(|c| c.id).collect());
    let scope = &scope;
    let longest = RETENTION_WEEKS[RETENTION_WEEKS.len() - 1] * week;
    let shortest = RETENTION_WEEKS[0] * week;
    // Independent reads, run at once: each takes a connection of its own
    // (SQLite reads run side by side in WAL mode), so they share the cores.
    let (members, checkins, others, meetings, rounds, goals, joins) = tokio::try_join!(
        store.stats_members(scope),
        store.stats_checkin_activity(scope, bounds),
        store.stats_other_activity(
            scope,
            bounds.prev_start - RETENTION_GRACE_DAYS * day,
            bounds,
        ),
        store.stats_meetings(scope, bounds, offset_ms),
        store.stats_rounds(scope, bounds),
        store.stats_goals(scope, bounds),
        store.stats_first_joins(scope, bounds.prev_start - longest, bounds.end - shortest),
    )?;
    // The latest of each person's check-ins and other activity.
    let mut latest: std::collections::HashMap<String, store::Activity> = checkins
        .into_iter()
        .map(|a| (a.user_id.clone(), a))
        .collect();
    for other in others {
        let entry = latest
            .entry(other.user_id.clone())
            .or_insert_with(|| store::Activity {
                user_id: other.user_id.clone(),
                before_start: None,
                latest: None,
            });
        entry.before_start = entry.before_start.max(other.before_start);
        entry.latest = entry.latest.max(other.latest);
    }
    let activity: Vec<store::Activity> = latest.into_values().collect();
    let mut scores = Vec::new();
    for (pulse_id, run_id) in store
        .stats_pulse_runs(scope, bounds.prev_start, bounds.end)
        .await?
    {
        let opened = store.pulse_run(run_id).await?.map(|r| r.opens_at);
        let Some(opened) = opened else { continue };
        let run = crate::pulses::run_scores(engine, pulse_id, run_id).await?;
        scores.push((opened >= bounds.start, run));
    }
    Ok(figures::compute(&figures::Inputs {
        bounds,
        circles: &circles,
        members: &members,
        activity: &activity,
        meetings: &meetings,
        rounds: &rounds,
        goals,
        joins: &joins,
        scores: &scores,
    }))
}

fn period_label(engine: &Engine, locale: Locale, period: Period, bounds: Bounds, tz: Tz) -> String {
    let text = match period {
        Period::Days(days) => Text::new("stats-period-days").arg("days", days),
        Period::Term => Text::new("stats-period-term")
            .arg("since", format_local_date(from_millis(bounds.start), tz)),
    };
    engine.i18n().render(locale, &text)
}

/// `stats [circle] [period:…]`: the figures in words, each with its change
/// from the period before, and a chart of the rates.
pub(crate) async fn show(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let (scope, label) = scope(engine, ctx, parsed).await?;
    let period = Period::parse(parsed.choice("period"));
    let bounds = bounds(period, ctx.now, ctx.tz);
    let report = report(engine, &scope, bounds, ctx.tz).await?;
    let i18n = engine.i18n();
    let locale = ctx.locale;
    let mut text = i18n.render(
        locale,
        &Text::new("stats-header")
            .arg("scope", label)
            .arg(
                "period",
                period_label(engine, locale, period, bounds, ctx.tz),
            )
            .arg("from", format_local_date(from_millis(bounds.start), ctx.tz))
            .arg("to", format_local_date(from_millis(bounds.end), ctx.tz)),
    );
    for line in figures::lines(i18n, locale, &report) {
        text.push_str("\n- ");
        text.push_str(&line);
    }
    let at_risk = &report.at_risk;
    for risk in at_risk.iter().take(RISKS_SHOWN) {
        text.push_str("\n  - ");
        text.push_str(
            &i18n.render(
                locale,
                &Text::new("stats-at-risk-line")
                    .arg("name", escape_markdown(&risk.name))
                    .arg("days", risk.quiet_days)
                    .arg("nudge", risk.nudge_days),
            ),
        );
    }
    if at_risk.len() > RISKS_SHOWN {
        text.push_str("\n  - ");
        text.push_str(&i18n.render(
            locale,
            &Text::new("stats-at-risk-more").arg("count", at_risk.len() - RISKS_SHOWN),
        ));
    }
    text.push('\n');
    text.push_str(&i18n.render(
        locale,
        &Text::new("stats-footer").arg("help", format!("{}help stats", ctx.prefix)),
    ));
    let mut message = Message::text(text);
    let bars = figures::rate_bars(i18n, locale, &report);
    if !bars.is_empty() {
        let title = i18n.t(locale, "stats-chart-title");
        let alt = i18n.render(
            locale,
            &Text::new("stats-chart-alt").arg(
                "values",
                bars.iter()
                    .map(|(label, _, written)| format!("{label}: {written}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
        match crate::chart::scaled_chart(&title, &bars, 100.0) {
            Ok(png) => {
                message.image = Some(Image {
                    png,
                    alt,
                    file_name: format!("stats-{}.png", period.key()),
                });
            }
            Err(error) => tracing::warn!(%error, "chart rendering failed"),
        }
    }
    Ok(vec![Outgoing::reply(message.private())])
}

/// `stats export [circle] [period:…]`: every figure with its numerator,
/// denominator and the period before, and the circles at risk, as CSV.
pub(crate) async fn export(engine: &Engine, ctx: &Ctx<'_>, parsed: &Parsed) -> Handled {
    let (scope, _) = scope(engine, ctx, parsed).await?;
    let period = Period::parse(parsed.choice("period"));
    let bounds = bounds(period, ctx.now, ctx.tz);
    let report = report(engine, &scope, bounds, ctx.tz).await?;
    let mut csv = String::from(crate::polls::UTF8_BOM);
    csv.push_str(&figures::csv(
        &report,
        &format_local_date(from_millis(bounds.start), ctx.tz),
        &format_local_date(from_millis(bounds.end), ctx.tz),
    ));
    let mut message = engine.say(ctx, &Text::new("stats-exported"));
    message.file = Some(Attachment {
        file_name: format!("stats-{}.csv", period.key()),
        mime: "text/csv".to_owned(),
        bytes: csv.into_bytes(),
    });
    Ok(vec![Outgoing::reply(message.private())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_starts_on_the_first_of_september_january_or_april_locally() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        // 1 September 00:00 in Paris is 31 August 22:00 UTC.
        assert_eq!(term_start(at(2026, 12, 3, 12), paris), at(2026, 8, 31, 22));
        assert_eq!(term_start(at(2027, 2, 10, 12), paris), at(2026, 12, 31, 23));
        assert_eq!(term_start(at(2027, 6, 30, 12), paris), at(2027, 3, 31, 22));
        // Just before midnight on 31 August, Paris: still the April term.
        assert_eq!(term_start(at(2026, 8, 31, 21), paris), at(2026, 3, 31, 22));
    }

    #[test]
    fn the_period_before_is_as_long_as_the_period() {
        let utc: Tz = "UTC".parse().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let b = bounds(Period::Days(30), now, utc);
        assert_eq!(b.end - b.start, b.start - b.prev_start);
        // Now included: a millisecond more.
        assert_eq!(b.end - b.start, Duration::days(30).num_milliseconds() + 1);
    }
}
