//! Counters the engine keeps, rendered in Prometheus' text format.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// How a handled input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Bad input or a refused permission: answered with an explanation.
    Refused,
    /// Something failed on our side (logged with its cause).
    Failed,
    /// Not addressed to the bot (no prefix).
    Ignored,
}

#[derive(Debug, Default)]
pub struct Metrics {
    ok: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
    ignored: AtomicU64,
    handle_micros: AtomicU64,
}

impl Metrics {
    pub fn record(&self, outcome: Outcome, micros: u64) {
        let counter = match outcome {
            Outcome::Ok => &self.ok,
            Outcome::Refused => &self.refused,
            Outcome::Failed => &self.failed,
            Outcome::Ignored => &self.ignored,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        self.handle_micros.fetch_add(micros, Ordering::Relaxed);
    }

    pub fn count(&self, outcome: Outcome) -> u64 {
        match outcome {
            Outcome::Ok => &self.ok,
            Outcome::Refused => &self.refused,
            Outcome::Failed => &self.failed,
            Outcome::Ignored => &self.ignored,
        }
        .load(Ordering::Relaxed)
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP mentorbot_inputs_total Inputs handled by the engine, by outcome.\n");
        out.push_str("# TYPE mentorbot_inputs_total counter\n");
        for (label, outcome) in [
            ("ok", Outcome::Ok),
            ("refused", Outcome::Refused),
            ("failed", Outcome::Failed),
            ("ignored", Outcome::Ignored),
        ] {
            let _ = writeln!(
                out,
                "mentorbot_inputs_total{{outcome=\"{label}\"}} {}",
                self.count(outcome)
            );
        }
        out.push_str(
            "# HELP mentorbot_handle_seconds_total Time spent handling inputs.\n\
             # TYPE mentorbot_handle_seconds_total counter\n",
        );
        let micros = self.handle_micros.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "mentorbot_handle_seconds_total {}.{:06}",
            micros / 1_000_000,
            micros % 1_000_000
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let metrics = Metrics::default();
        metrics.record(Outcome::Ok, 1_500_000);
        metrics.record(Outcome::Refused, 250);
        let text = metrics.render();
        assert!(
            text.contains("mentorbot_inputs_total{outcome=\"ok\"} 1\n"),
            "{text}"
        );
        assert!(text.contains("mentorbot_inputs_total{outcome=\"refused\"} 1\n"));
        assert!(text.contains("mentorbot_inputs_total{outcome=\"failed\"} 0\n"));
        assert!(
            text.contains("mentorbot_handle_seconds_total 1.500250\n"),
            "{text}"
        );
    }
}
