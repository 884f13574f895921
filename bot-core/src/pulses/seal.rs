//! A respondent's answers to one run, sealed: encrypted and authenticated
//! (ChaCha20-Poly1305) under a key derived from the secret kept outside the
//! database, bound to their row (run and respondent) so a sealed value moved
//! to another row does not open.

use std::collections::BTreeMap;

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};
use serde::{Deserialize, Serialize};

use crate::polls::{PollSecret, os_random};

/// One question's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// The values picked: a scale's or score's number, choice positions.
    Picked(Vec<i64>),
    Text(String),
}

/// Everything one person answered in one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    /// The group their answers count in for breakdowns (their role), fixed
    /// at their first answer.
    #[serde(rename = "g")]
    pub group: String,
    /// By question position.
    #[serde(rename = "a")]
    pub by_question: BTreeMap<i64, Answer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("no randomness for a nonce")]
    Random,
    #[error("a sealed answer does not open (another key, another row, or damaged)")]
    Open,
}

const NONCE: usize = 12;

pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl Sealer {
    pub fn new(secret: &PollSecret) -> Self {
        let key = secret.derive("pulse-answers");
        Self {
            cipher: ChaCha20Poly1305::new(&key.into()),
        }
    }

    fn bound_to(run_id: i64, respondent: &str) -> String {
        format!("pulse:{run_id}:{respondent}")
    }

    /// Hex of a fresh random nonce followed by the ciphertext.
    pub fn seal(
        &self,
        run_id: i64,
        respondent: &str,
        answers: &Answers,
    ) -> Result<String, SealError> {
        let nonce: [u8; NONCE] = os_random().map_err(|_| SealError::Random)?;
        let plain = serde_json::to_vec(answers).expect("answers always serialize");
        let aad = Self::bound_to(run_id, respondent);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError::Open)?;
        let mut out = String::with_capacity((NONCE + sealed.len()) * 2);
        for byte in nonce.iter().chain(sealed.iter()) {
            out.push_str(&format!("{byte:02x}"));
        }
        Ok(out)
    }

    pub fn open(&self, run_id: i64, respondent: &str, sealed: &str) -> Result<Answers, SealError> {
        let bytes = from_hex(sealed).ok_or(SealError::Open)?;
        if bytes.len() < NONCE {
            return Err(SealError::Open);
        }
        let (nonce, body) = bytes.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().map_err(|_| SealError::Open)?;
        let aad = Self::bound_to(run_id, respondent);
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError::Open)?;
        serde_json::from_slice(&plain).map_err(|_| SealError::Open)
    }
}

fn from_hex(raw: &str) -> Option<Vec<u8>> {
    if !raw.len().is_multiple_of(2) {
        return None;
    }
    (0..raw.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(raw.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> Answers {
        let mut a = Answers {
            group: "mentee".to_owned(),
            ..Answers::default()
        };
        a.by_question.insert(1, Answer::Picked(vec![4]));
        a.by_question
            .insert(2, Answer::Text("plus de temps".to_owned()));
        a
    }

    #[test]
    fn sealed_answers_open_only_with_their_key_and_row() {
        let sealer = Sealer::new(&PollSecret::new(b"one key"));
        let sealed = sealer.seal(7, "abc", &answers()).unwrap();
        assert!(!sealed.contains("temps") && !sealed.contains("mentee"));
        assert_eq!(sealer.open(7, "abc", &sealed).unwrap(), answers());
        assert_eq!(sealer.open(8, "abc", &sealed), Err(SealError::Open));
        assert_eq!(sealer.open(7, "abd", &sealed), Err(SealError::Open));
        let other = Sealer::new(&PollSecret::new(b"another key"));
        assert_eq!(other.open(7, "abc", &sealed), Err(SealError::Open));
        assert_eq!(sealer.open(7, "abc", "zz"), Err(SealError::Open));
        assert_eq!(sealer.open(7, "abc", &sealed[..30]), Err(SealError::Open));
    }

    #[test]
    fn the_same_answers_never_seal_the_same_way() {
        let sealer = Sealer::new(&PollSecret::new(b"k"));
        let a = sealer.seal(1, "r", &answers()).unwrap();
        let b = sealer.seal(1, "r", &answers()).unwrap();
        assert_ne!(a, b, "a fresh nonce each time");
    }
}
