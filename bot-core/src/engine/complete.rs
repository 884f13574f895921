//! Completions for an option someone is typing (Discord autocomplete):
//! circle names, poll and reminder ids, time zones.

use super::Engine;
use crate::store::StoreError;

/// Discord shows at most 25 choices, each name and value ≤ 100 characters.
pub const MAX_COMPLETIONS: usize = 25;
const MAX_CHARS: usize = 100;

/// One suggestion: what the person sees, and the value the command gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub value: String,
}

fn clip(text: &str) -> String {
    crate::model::clip(text, MAX_CHARS)
}

/// Candidates containing `partial` (ignoring case), those starting with it first.
fn rank(partial: &str, candidates: impl IntoIterator<Item = Completion>) -> Vec<Completion> {
    let needle = partial.trim().to_lowercase();
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for candidate in candidates {
        let label = candidate.label.to_lowercase();
        let value = candidate.value.to_lowercase();
        if needle.is_empty() || label.starts_with(&needle) || value.starts_with(&needle) {
            starts.push(candidate);
        } else if label.contains(&needle) {
            contains.push(candidate);
        }
        if starts.len() >= MAX_COMPLETIONS {
            break;
        }
    }
    starts.extend(contains);
    starts.truncate(MAX_COMPLETIONS);
    starts
}

impl Engine {
    /// Suggestions for `option` of the command at `path` (English segments)
    /// while `user_id` types `partial` at `place`: only what they may see.
    /// Unknown options have none.
    pub async fn complete(
        &self,
        place: &crate::model::Place,
        user_id: &str,
        path: &[&str],
        option: &str,
        partial: &str,
    ) -> Result<Vec<Completion>, StoreError> {
        let store = self.store();
        let community_id = place.community_id.as_str();
        let candidates: Vec<Completion> = match (path.first().copied(), option) {
            (_, "circle") => store
                .circle_names(community_id)
                .await?
                .into_iter()
                .map(|name| Completion {
                    label: clip(&name),
                    value: clip(&name),
                })
                .collect(),
            (Some("poll"), "id") => store
                .recent_polls(
                    community_id,
                    user_id,
                    &place.channel_id,
                    place.thread_id.as_deref(),
                    200,
                )
                .await?
                .into_iter()
                .map(|(id, question, open)| Completion {
                    label: clip(&format!("#{id} {question}{}", if open { "" } else { " ✓" })),
                    value: id.to_string(),
                })
                .collect(),
            (Some("pulse"), "id") => {
                // The pulses they made, and those of the circles they host.
                let mut out = Vec::new();
                for pulse in store.pulses_of(community_id).await? {
                    let hosted = match pulse.circle_id {
                        Some(circle) if pulse.creator_id != user_id => {
                            store.circle_role(circle, user_id).await?
                                == Some(crate::domain::circle::Role::Host)
                        }
                        _ => false,
                    };
                    if pulse.creator_id == user_id || hosted {
                        out.push(Completion {
                            label: clip(&format!("#{} {}", pulse.id, pulse.title)),
                            value: pulse.id.to_string(),
                        });
                    }
                }
                out
            }
            (Some("remind"), "id") => store
                .reminders_of(community_id, user_id)
                .await?
                .into_iter()
                .map(|row| Completion {
                    label: clip(&format!("#{} {}", row.id, row.body)),
                    value: row.id.to_string(),
                })
                .collect(),
            (_, "zone") => chrono_tz::TZ_VARIANTS
                .iter()
                .map(|tz| Completion {
                    label: tz.name().to_owned(),
                    value: tz.name().to_owned(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(rank(partial, candidates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Completion {
        Completion {
            label: s.to_owned(),
            value: s.to_owned(),
        }
    }

    #[test]
    fn prefix_matches_come_first_and_the_list_is_capped() {
        let ranked = rank("par", [c("Europe/Paris"), c("Parents"), c("Spare")]);
        let labels: Vec<_> = ranked.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Parents", "Europe/Paris", "Spare"]);
        let many = rank("", (0..100).map(|i| c(&i.to_string())));
        assert_eq!(many.len(), MAX_COMPLETIONS);
        assert_eq!(clip(&"x".repeat(150)).chars().count(), MAX_CHARS);
    }
}
