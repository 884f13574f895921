//! A respondent's answers to one run, sealed: encrypted and authenticated
//! (ChaCha20-Poly1305) under a key derived from the secret kept outside the
//! database, bound to their row (run and respondent) so a sealed value moved
//! to another row does not open.
//!
//! The sealed plaintext is a small versioned binary form (its first byte is
//! the version, 1); answers sealed before it, as JSON (first byte `{`), still
//! open. Reading it is bounded: every length is checked against the bytes
//! that remain, and anything malformed is refused, never a panic.

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
        let plain = answers.to_plain();
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
        for &byte in nonce.iter().chain(sealed.iter()) {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
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
        Answers::from_plain(&plain).ok_or(SealError::Open)
    }
}

/// The first byte of the binary plaintext, version 1.
const BINARY_V1: u8 = 1;
const TAG_PICKED: u8 = 0;
const TAG_TEXT: u8 = 1;

impl Answers {
    fn to_plain(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.group.len() + 4 * self.by_question.len());
        out.push(BINARY_V1);
        put_bytes(&mut out, self.group.as_bytes());
        put_varint(&mut out, self.by_question.len() as u64);
        for (&position, answer) in &self.by_question {
            put_varint(&mut out, zigzag(position));
            match answer {
                Answer::Picked(values) => {
                    out.push(TAG_PICKED);
                    put_varint(&mut out, values.len() as u64);
                    for &value in values {
                        put_varint(&mut out, zigzag(value));
                    }
                }
                Answer::Text(text) => {
                    out.push(TAG_TEXT);
                    put_bytes(&mut out, text.as_bytes());
                }
            }
        }
        out
    }

    fn from_plain(plain: &[u8]) -> Option<Self> {
        match plain.first() {
            Some(&BINARY_V1) => Reader { rest: &plain[1..] }.answers(),
            Some(b'{') => serde_json::from_slice(plain).ok(),
            _ => None,
        }
    }
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads the binary plaintext; every method refuses (None) rather than read
/// past the end or accept a value that could not have been written.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of things that each take at least one more byte.
    fn count(&mut self) -> Option<usize> {
        let count = usize::try_from(self.varint()?).ok()?;
        (count <= self.rest.len()).then_some(count)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.varint()?).ok()?;
        if len > self.rest.len() {
            return None;
        }
        let (taken, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(taken)
    }

    fn text(&mut self) -> Option<String> {
        std::str::from_utf8(self.bytes()?).ok().map(str::to_owned)
    }

    fn answers(mut self) -> Option<Answers> {
        let group = self.text()?;
        let mut by_question = BTreeMap::new();
        for _ in 0..self.count()? {
            let position = unzigzag(self.varint()?);
            let answer = match self.byte()? {
                TAG_PICKED => {
                    let count = self.count()?;
                    let mut values = Vec::with_capacity(count);
                    for _ in 0..count {
                        values.push(unzigzag(self.varint()?));
                    }
                    Answer::Picked(values)
                }
                TAG_TEXT => Answer::Text(self.text()?),
                _ => return None,
            };
            if by_question.insert(position, answer).is_some() {
                return None;
            }
        }
        self.rest
            .is_empty()
            .then_some(Answers { group, by_question })
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

fn from_hex(raw: &str) -> Option<Vec<u8>> {
    let digits = raw.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(pair[1])?))
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

    fn roundtrip(answers: &Answers) {
        let plain = answers.to_plain();
        assert_eq!(plain[0], BINARY_V1);
        assert_eq!(Answers::from_plain(&plain).as_ref(), Some(answers));
    }

    #[test]
    fn the_binary_form_keeps_every_kind_of_answer() {
        roundtrip(&Answers::default());
        roundtrip(&answers());
        let mut a = Answers {
            group: "mentoré·e — ümlaut 🙂".to_owned(),
            ..Answers::default()
        };
        a.by_question.insert(-3, Answer::Picked(vec![]));
        a.by_question
            .insert(0, Answer::Picked(vec![0, 1, 2, 9, 10]));
        a.by_question
            .insert(5, Answer::Picked(vec![i64::MIN, -1, i64::MAX, 300]));
        a.by_question.insert(6, Answer::Text(String::new()));
        a.by_question
            .insert(i64::MAX, Answer::Text("é".repeat(1000)));
        roundtrip(&a);
    }

    #[test]
    fn answers_sealed_as_json_still_open() {
        let sealer = Sealer::new(&PollSecret::new(b"one key"));
        let json = serde_json::to_vec(&answers()).unwrap();
        let nonce = [7u8; NONCE];
        let aad = Sealer::bound_to(3, "who");
        let body = sealer
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &json,
                    aad: aad.as_bytes(),
                },
            )
            .unwrap();
        let hex: String = nonce
            .iter()
            .chain(body.iter())
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(sealer.open(3, "who", &hex).unwrap(), answers());
    }

    #[test]
    fn a_malformed_plaintext_is_refused_never_a_panic() {
        let full = answers().to_plain();
        for cut in 0..full.len() {
            assert_eq!(Answers::from_plain(&full[..cut]), None, "cut at {cut}");
        }
        let mut trailing = full.clone();
        trailing.push(0);
        assert_eq!(Answers::from_plain(&trailing), None);
        // An unknown version, an unknown tag, a length past the end, a
        // varint that never ends or overflows, a position twice.
        assert_eq!(Answers::from_plain(&[2, 0, 0]), None);
        assert_eq!(Answers::from_plain(&[1, 0, 1, 2, 9]), None);
        assert_eq!(Answers::from_plain(&[1, 200, 1, b'x']), None);
        assert_eq!(Answers::from_plain(&[1, 0, 1, 2, 1, 0xff, 0xff]), None);
        let mut endless = vec![1, 0, 1, 2, 0, 1];
        endless.extend([0xff; 11]);
        assert_eq!(Answers::from_plain(&endless), None);
        assert_eq!(Answers::from_plain(&[1, 0, 2, 2, 0, 0, 2, 0, 0]), None);
        assert_eq!(
            Answers::from_plain(&[1, 2, 0xc3, 0x28, 0]),
            None,
            "not UTF-8"
        );
        // Every byte string up to three bytes long, and some noise.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let _ = Answers::from_plain(&[1, a, b]);
                let _ = Answers::from_plain(&[1, 0, a, b]);
            }
        }
        assert_eq!(Answers::from_plain(&[1, 0, 0]), Some(Answers::default()));
    }

    #[test]
    fn hex_is_checked_digit_by_digit() {
        assert_eq!(from_hex("00ff7aA0"), Some(vec![0, 255, 0x7a, 0xa0]));
        assert_eq!(from_hex(""), Some(vec![]));
        assert_eq!(from_hex("0"), None);
        assert_eq!(from_hex("0g"), None);
        assert_eq!(from_hex("+f"), None);
        assert_eq!(from_hex("é0"), None);
    }

    #[test]
    fn the_same_answers_never_seal_the_same_way() {
        let sealer = Sealer::new(&PollSecret::new(b"k"));
        let a = sealer.seal(1, "r", &answers()).unwrap();
        let b = sealer.seal(1, "r", &answers()).unwrap();
        assert_ne!(a, b, "a fresh nonce each time");
    }
}
