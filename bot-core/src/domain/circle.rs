//! Mentoring circles: validated names, kinds and roles.

use std::fmt;

use crate::i18n::Text;

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_TOPIC_CHARS: usize = 300;
pub const DEFAULT_CAPACITY: i64 = 8;
/// Days without a check-in before a circle is nudged, unless set per circle.
pub const DEFAULT_NUDGE_DAYS: i64 = 14;

/// Why a piece of free text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    /// Control characters, and invisible bidirectional or zero-width
    /// formatting that could make one name look like another.
    #[error("contains an invisible or control character")]
    InvalidCharacter,
}

impl TextError {
    /// `what` selects the noun in the message (`name`, `topic`).
    pub fn to_text(self, what: &'static str) -> Text {
        match self {
            Self::Empty => Text::new("text-empty").arg("what", what),
            Self::TooLong { max } => Text::new("text-too-long").arg("what", what).arg("max", max),
            Self::InvalidCharacter => Text::new("text-invalid-character").arg("what", what),
        }
    }
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Trims, collapses runs of white space, and rejects empty, overlong or
/// invisible-character text. Emoji and right-to-left scripts are welcome.
pub fn clean_text(raw: &str, max: usize) -> Result<String, TextError> {
    if raw.chars().any(is_forbidden) {
        return Err(TextError::InvalidCharacter);
    }
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(TextError::Empty);
    }
    if cleaned.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(cleaned)
}

/// A circle's display name; unique per community ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CircleName(String);

impl CircleName {
    pub fn parse(raw: &str) -> Result<Self, TextError> {
        clean_text(raw, MAX_NAME_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form names are compared and kept unique by.
    pub fn key(&self) -> String {
        name_key(&self.0)
    }
}

impl fmt::Display for CircleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Case-insensitive comparison key for names as typed.
pub fn name_key(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum CircleKind {
    /// Facilitated group mentoring: mentors with mentees.
    Group,
    /// Peers mentoring each other.
    Peer,
    /// Team mentoring: several mentors with one team.
    Team,
}

impl CircleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Group => "group",
            Self::Peer => "peer",
            Self::Team => "team",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "group" => Some(Self::Group),
            "peer" => Some(Self::Peer),
            "team" => Some(Self::Team),
            _ => None,
        }
    }

    /// The role someone gets when they join on their own.
    pub fn default_role(self) -> Role {
        match self {
            Self::Group | Self::Team => Role::Mentee,
            Self::Peer => Role::Peer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum Role {
    Host,
    Mentor,
    Mentee,
    Peer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Host => "host",
            Self::Mentor => "mentor",
            Self::Mentee => "mentee",
            Self::Peer => "peer",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "host" => Some(Self::Host),
            "mentor" => Some(Self::Mentor),
            "mentee" => Some(Self::Mentee),
            "peer" => Some(Self::Peer),
            _ => None,
        }
    }
}

/// Stored circle kinds and roles come back typed (`#[sqlx(try_from = "String")]`).
macro_rules! stored_as_text {
    ($($ty:ty),+) => {$(
        impl TryFrom<String> for $ty {
            type Error = crate::store::UnknownValue;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw).ok_or(crate::store::UnknownValue(raw))
            }
        }
    )+};
}
stored_as_text!(CircleKind, Role);

/// Whom a delivery goes to: a member in their circle role (nudges), an
/// admin of the community (who may belong to no circle), or a member as
/// such (their own reminders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientRole {
    Circle(Role),
    Admin,
    Member,
}

impl TryFrom<String> for RecipientRole {
    type Error = crate::store::UnknownValue;

    /// The store's queries name the pseudo-roles `admin` and `member`.
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        match raw.as_str() {
            "admin" => Ok(Self::Admin),
            "member" => Ok(Self::Member),
            _ => Role::try_from(raw).map(Self::Circle),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_kinds_and_roles_come_back_typed() {
        for kind in [CircleKind::Group, CircleKind::Peer, CircleKind::Team] {
            assert_eq!(CircleKind::try_from(kind.as_str().to_owned()), Ok(kind));
        }
        for role in [Role::Host, Role::Mentor, Role::Mentee, Role::Peer] {
            assert_eq!(Role::try_from(role.as_str().to_owned()), Ok(role));
            assert_eq!(
                RecipientRole::try_from(role.as_str().to_owned()),
                Ok(RecipientRole::Circle(role))
            );
        }
        assert_eq!(
            RecipientRole::try_from("admin".to_owned()),
            Ok(RecipientRole::Admin)
        );
        assert_eq!(
            RecipientRole::try_from("member".to_owned()),
            Ok(RecipientRole::Member)
        );
        assert!(RecipientRole::try_from("owner".to_owned()).is_err());
        assert!(CircleKind::try_from("club".to_owned()).is_err());
    }

    #[test]
    fn names_are_cleaned_and_bad_ones_refused() {
        assert_eq!(
            CircleName::parse("  Rust   beginners ").unwrap().as_str(),
            "Rust beginners"
        );
        assert_eq!(
            CircleName::parse("Rust Beginners").unwrap().key(),
            "rust beginners"
        );
        assert_eq!(CircleName::parse("   "), Err(TextError::Empty));
        assert_eq!(
            CircleName::parse(&"x".repeat(101)),
            Err(TextError::TooLong { max: 100 })
        );
        assert!(CircleName::parse(&"é".repeat(100)).is_ok());
        assert_eq!(
            CircleName::parse("a\u{7}b"),
            Err(TextError::InvalidCharacter)
        );
        assert_eq!(
            CircleName::parse("evil\u{202E}txt"),
            Err(TextError::InvalidCharacter)
        );
        assert_eq!(
            CircleName::parse("zero\u{200B}width"),
            Err(TextError::InvalidCharacter)
        );
        assert!(CircleName::parse("🦀 Rustaceans").is_ok());
        assert!(CircleName::parse("מעגל מנטורים").is_ok());
        assert!(CircleName::parse("Robert'); DROP TABLE circles;--").is_ok());
    }
}
