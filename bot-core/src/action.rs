//! Stable action ids carried by buttons and selects.
//!
//! An action id holds everything needed to act on it (no in-memory lookup),
//! so a button sent before a restart still works after it. The encoding is
//! short (Discord limits `custom_id` to 100 characters) and versionless: new
//! actions get new prefixes, existing ones never change meaning.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    CircleJoin { circle_id: i64 },
    CircleLeave { circle_id: i64 },
    CircleInfo { circle_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a mentorbot action id: {0:?}")]
pub struct UnknownAction(pub String);

impl Action {
    pub fn encode(&self) -> String {
        self.to_string()
    }

    pub fn decode(raw: &str) -> Result<Self, UnknownAction> {
        let unknown = || UnknownAction(raw.to_owned());
        let mut parts = raw.split(':');
        let (Some(domain), Some(verb), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(unknown());
        };
        let id: i64 = id.parse().map_err(|_| unknown())?;
        if id <= 0 {
            return Err(unknown());
        }
        match (domain, verb) {
            ("circle", "join") => Ok(Self::CircleJoin { circle_id: id }),
            ("circle", "leave") => Ok(Self::CircleLeave { circle_id: id }),
            ("circle", "info") => Ok(Self::CircleInfo { circle_id: id }),
            _ => Err(unknown()),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CircleJoin { circle_id } => write!(f, "circle:join:{circle_id}"),
            Self::CircleLeave { circle_id } => write!(f, "circle:leave:{circle_id}"),
            Self::CircleInfo { circle_id } => write!(f, "circle:info:{circle_id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_id() {
        for action in [
            Action::CircleJoin { circle_id: 1 },
            Action::CircleLeave { circle_id: 42 },
            Action::CircleInfo {
                circle_id: i64::MAX,
            },
        ] {
            let id = action.encode();
            assert!(id.len() <= 100, "{id} is too long for a Discord custom_id");
            assert_eq!(Action::decode(&id), Ok(action));
        }
    }

    #[test]
    fn ids_are_stable_strings() {
        assert_eq!(
            Action::CircleJoin { circle_id: 7 }.encode(),
            "circle:join:7"
        );
    }

    #[test]
    fn malformed_ids_are_rejected() {
        for raw in [
            "",
            "circle",
            "circle:join",
            "circle:join:x",
            "circle:join:-1",
            "circle:join:1:2",
            "poll:join:1",
        ] {
            assert!(Action::decode(raw).is_err(), "{raw} decoded");
        }
    }
}
