//! A search query: its words, and the match expression each engine receives.

use crate::terms::{gram_token, organization_token, word_token};
use crate::text;

/// Characters of a query that are read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// Distinct words of a query that are used; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 12;

/// One word of a query and the terms that find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    /// The normalized word, looked for as a substring during verification.
    pub text: String,
    pub word_token: String,
    /// The 3-gram tokens of the word (distinct), or its one 2-gram when it has two
    /// characters, or none when it has one.
    pub gram_tokens: Vec<String>,
}

/// The words of a query: [`text::words`] of its first [`MAX_QUERY_CHARS`] characters,
/// without repeats, at most [`MAX_QUERY_WORDS`].
pub fn parse(query: &str) -> Vec<QueryWord> {
    let query = text::truncate_chars(query, MAX_QUERY_CHARS);
    let mut out: Vec<QueryWord> = Vec::new();
    for word in text::words(query) {
        if out.len() == MAX_QUERY_WORDS {
            break;
        }
        if out.iter().any(|q| q.text == word) {
            continue;
        }
        let grams: Vec<String> = text::grams(&word);
        let n = word.chars().count();
        let mut gram_tokens: Vec<String> = Vec::new();
        for g in grams.iter().filter(|g| {
            let len = g.chars().count();
            if n >= 3 { len == 3 } else { len == 2 }
        }) {
            let t = gram_token(g);
            if !gram_tokens.contains(&t) {
                gram_tokens.push(t);
            }
        }
        out.push(QueryWord {
            word_token: word_token(&word),
            text: word,
            gram_tokens,
        });
    }
    out
}

/// One clause per word: the word's token, or all its gram tokens.
fn clauses(words: &[QueryWord], and: &str, or: &str) -> String {
    let mut parts = Vec::with_capacity(words.len());
    for w in words {
        if w.gram_tokens.is_empty() {
            parts.push(w.word_token.clone());
        } else {
            parts.push(format!("{}{or}({})", w.word_token, w.gram_tokens.join(and)));
        }
    }
    parts
        .into_iter()
        .map(|p| format!("({p})"))
        .collect::<Vec<_>>()
        .join(or)
}

/// The SQLite FTS5 `MATCH` expression: the organization's token in column `scope`, and
/// any clause. Tokens are lower-case ASCII letters and digits, which FTS5 reads as
/// barewords (they can never be the keywords `AND`, `OR`, `NOT`, which are upper case).
pub fn fts5_match(organization_id: i64, words: &[QueryWord]) -> String {
    format!(
        "(scope : {}) AND ({})",
        organization_token(organization_id),
        clauses(words, " AND ", " OR ")
    )
}

/// The PostgreSQL `tsquery` text: any clause.
pub fn tsquery(words: &[QueryWord]) -> String {
    clauses(words, " & ", " | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_capped_and_distinct() {
        let q = parse("ทุจริต ทุจริต ABC abc");
        let texts: Vec<&str> = q.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, vec!["ทุจริต", "abc"]);
        let many = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(parse(&many).len(), MAX_QUERY_WORDS);
        let long = "ก".repeat(1000);
        assert!(
            parse(&long)
                .iter()
                .all(|w| w.text.chars().count() <= MAX_QUERY_CHARS)
        );
        assert!(parse("  ,.;!  ").is_empty());
        assert!(parse("").is_empty());
    }

    #[test]
    fn gram_clauses_by_length() {
        let q = parse("a ab abcd");
        assert!(q[0].gram_tokens.is_empty());
        assert_eq!(q[1].gram_tokens, vec![gram_token("ab")]);
        assert_eq!(q[2].gram_tokens, vec![gram_token("abc"), gram_token("bcd")]);
    }

    #[test]
    fn expressions() {
        let q = parse("a abc");
        let (a, abc, g) = (word_token("a"), word_token("abc"), gram_token("abc"));
        assert_eq!(tsquery(&q), format!("({a}) | ({abc} | ({g}))"));
        assert_eq!(
            fts5_match(7, &q),
            format!("(scope : o7) AND (({a}) OR ({abc} OR ({g})))")
        );
    }
}
