//! Index terms: every normalized word and gram becomes an ASCII token, a prefix letter
//! and 12 hex digits of its SHA-256 (see the crate documentation for why).

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::text;

/// Prefix of a word token.
pub const WORD_PREFIX: char = 'w';
/// Prefix of a gram token.
pub const GRAM_PREFIX: char = 'g';
/// Prefix of the organization token (SQLite only, column `scope`).
pub const ORGANIZATION_PREFIX: char = 'o';

/// Hex digits of the hash kept in a token: 48 bits. A collision only costs a candidate
/// that verification then drops.
const HASH_HEX_DIGITS: usize = 12;

/// The token of a normalized term: `prefix` and the first 12 hex digits of the SHA-256 of
/// its UTF-8 bytes. Stable across builds, platforms and Rust versions (unlike
/// `std`'s `DefaultHasher`), which an index kept on disk needs.
pub fn token(prefix: char, term: &str) -> String {
    let digest = Sha256::digest(term.as_bytes());
    let mut out = String::with_capacity(1 + HASH_HEX_DIGITS);
    out.push(prefix);
    for byte in digest.iter().take(HASH_HEX_DIGITS / 2) {
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The token of a word.
pub fn word_token(word: &str) -> String {
    token(WORD_PREFIX, word)
}

/// The token of a gram.
pub fn gram_token(gram: &str) -> String {
    token(GRAM_PREFIX, gram)
}

/// The token that scopes a SQLite FTS row to its organization.
pub fn organization_token(organization_id: i64) -> String {
    // `o12`; a negative id (never used) would still be one token: `on12`.
    if organization_id < 0 {
        format!("{ORGANIZATION_PREFIX}n{}", organization_id.unsigned_abs())
    } else {
        format!("{ORGANIZATION_PREFIX}{organization_id}")
    }
}

/// The index terms of one record, in order, with repetitions (they count for ranking).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    /// Word tokens: the title's words twice, then the body's.
    pub words: Vec<String>,
    /// Gram tokens: 2- and 3-grams of each run of adjacent words, the title's twice.
    pub grams: Vec<String>,
}

/// How many times the title's terms are indexed: the title weighs twice the body.
pub const TITLE_REPEAT: usize = 2;

impl Terms {
    /// The terms of a title and a body (both already capped by the caller).
    pub fn of(title: &str, body: &str) -> Self {
        let mut terms = Self::default();
        // Hashing is the costly part after segmentation; each distinct term once.
        let mut cache: HashMap<(char, String), String> = HashMap::new();
        let mut tok = |prefix: char, term: &str| -> String {
            cache
                .entry((prefix, term.to_owned()))
                .or_insert_with(|| token(prefix, term))
                .clone()
        };
        for (text, repeat) in [(title, TITLE_REPEAT), (body, 1)] {
            let normalized = text::normalize(text);
            let (words, runs) = text::segment(&normalized);
            let word_tokens: Vec<String> = words.iter().map(|w| tok(WORD_PREFIX, w)).collect();
            let gram_tokens: Vec<String> = runs
                .iter()
                .flat_map(|run| text::grams(run))
                .map(|g| tok(GRAM_PREFIX, &g))
                .collect();
            for _ in 0..repeat {
                terms.words.extend(word_tokens.iter().cloned());
                terms.grams.extend(gram_tokens.iter().cloned());
            }
        }
        terms
    }

    /// The PostgreSQL `tsvector` literal: word tokens with weight A, gram tokens with
    /// weight B. A token's positions are 1, 2, 3... for its occurrences (at most 256, the
    /// limit of a `tsvector`): `ts_rank` reads only how many there are and their weights.
    pub fn tsvector_literal(&self) -> String {
        const MAX_POSITIONS: usize = 256;
        let mut order: Vec<(&str, char)> = Vec::new();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (tokens, weight) in [(&self.words, 'A'), (&self.grams, 'B')] {
            for t in tokens {
                let n = counts.entry(t.as_str()).or_insert(0);
                if *n == 0 {
                    order.push((t.as_str(), weight));
                }
                *n += 1;
            }
        }
        let mut out = String::new();
        for (t, weight) in order {
            let n = counts.get(t).copied().unwrap_or(1).min(MAX_POSITIONS);
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
            out.push(':');
            for p in 1..=n {
                if p > 1 {
                    out.push(',');
                }
                let _ = write!(out, "{p}{weight}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_ascii() {
        let t = word_token("ทุจริต");
        assert_eq!(t.len(), 13);
        assert!(t.starts_with('w'));
        assert!(
            t[1..]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        // Pinned: a change of hash would silently break every stored index.
        assert_eq!(word_token("abc"), "wba7816bf8f01");
        assert_eq!(gram_token("abc"), "gba7816bf8f01");
        assert_ne!(word_token("ทุจริต"), word_token("ทุจริ"));
    }

    #[test]
    fn organization_tokens() {
        assert_eq!(organization_token(12), "o12");
        assert_eq!(organization_token(-3), "on3");
    }

    #[test]
    fn title_terms_count_twice() {
        let t = Terms::of("ทุจริต", "ทุจริต");
        let w = word_token("ทุจริต");
        assert_eq!(t.words.iter().filter(|x| **x == w).count(), 3);
        let g = gram_token("ทุจ");
        assert_eq!(t.grams.iter().filter(|x| **x == g).count(), 3);
    }

    #[test]
    fn grams_span_word_boundaries_within_a_run() {
        // ICU splits "ตำบลกุดจอก" into ตำบลกุด|จอก; the gram "ดจอ" crosses the break.
        let t = Terms::of("", "ตำบลกุดจอก");
        assert!(t.grams.contains(&gram_token("ดจอ")));
        // But not across a space.
        let t = Terms::of("", "ab cd");
        assert!(!t.grams.contains(&gram_token("bc")));
        assert!(!t.grams.contains(&gram_token("b c")));
    }

    #[test]
    fn tsvector_literal_has_weights_and_counts() {
        let t = Terms {
            words: vec!["wa".into(), "wb".into(), "wa".into()],
            grams: vec!["gx".into()],
        };
        assert_eq!(t.tsvector_literal(), "wa:1A,2A wb:1A gx:1B");
        let many = Terms {
            words: vec!["wa".into(); 300],
            grams: vec![],
        };
        assert_eq!(many.tsvector_literal().matches('A').count(), 256);
        assert_eq!(Terms::default().tsvector_literal(), "");
    }
}
