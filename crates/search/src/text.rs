//! Text processing shared by indexing, querying, verification and highlighting.
//!
//! Normalization happens in two steps so that highlighting can show the original text:
//!
//! 1. [`display_form`]: zero-width characters removed, then Unicode NFC. The result is
//!    visually identical to the input (canonically equivalent, minus invisible
//!    characters); it is what snippets show. NFC also puts Thai combining marks typed in
//!    either order (tone mark before or after a lower vowel) into one canonical order.
//! 2. A per-character fold: Thai digits ๐-๙ become 0-9, letters become lower case, runs
//!    of whitespace become one space (none at either end). Because it works one
//!    character at a time, [`Folded`] can keep, for each character it produces, the
//!    range of the display-form character it came from.
//!
//! [`normalize`] is both steps. Everything compared or hashed is normalized first.

use std::ops::Range;
use std::sync::LazyLock;

use icu_segmenter::WordSegmenter;
use icu_segmenter::WordSegmenterBorrowed;
use icu_segmenter::options::WordBreakInvariantOptions;
use unicode_normalization::UnicodeNormalization;

/// The ICU4X word segmenter with compiled data: the LSTM model for Thai (better than the
/// dictionary model, which splits inside syllables) and rules for other scripts.
static SEGMENTER: LazyLock<WordSegmenterBorrowed<'static>> =
    LazyLock::new(|| WordSegmenter::new_auto(WordBreakInvariantOptions::default()));

/// Characters that are invisible and only get in the way of matching.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// The text as shown in snippets: zero-width characters removed, then NFC.
pub fn display_form(s: &str) -> String {
    s.chars().filter(|c| !is_zero_width(*c)).nfc().collect()
}

/// The normalized form of `s`: NFC, Thai digits to 0-9, lower case, zero-width characters
/// removed, whitespace collapsed to single spaces and trimmed.
pub fn normalize(s: &str) -> String {
    let display = display_form(s);
    let mut out = String::with_capacity(display.len());
    fold(&display, |_, c| out.push(c));
    out
}

/// The per-character fold of a text already in [`display_form`]. Calls `emit` with the
/// source character's byte range and each character produced.
fn fold(display: &str, mut emit: impl FnMut(Range<usize>, char)) {
    let mut pending_space: Option<Range<usize>> = None;
    let mut started = false;
    for (i, c) in display.char_indices() {
        let range = i..i + c.len_utf8();
        if c.is_whitespace() {
            if started {
                pending_space = Some(match pending_space {
                    Some(r) => r.start..range.end,
                    None => range,
                });
            }
            continue;
        }
        if let Some(space) = pending_space.take() {
            emit(space, ' ');
        }
        started = true;
        let digit = prongsai_thai::digits::arabic_digit(c);
        if digit != c {
            emit(range, digit);
        } else {
            for lower in c.to_lowercase() {
                emit(range.clone(), lower);
            }
        }
    }
}

/// A text in [`display_form`] with its normalized form and the way back from one to the
/// other, for highlighting.
#[derive(Debug)]
pub struct Folded {
    /// The text as shown.
    pub display: String,
    /// `normalize(display)`.
    pub normalized: String,
    /// For each character of `normalized`: its byte offset there and the byte range in
    /// `display` of the character it came from.
    spans: Vec<(usize, Range<usize>)>,
}

impl Folded {
    pub fn new(s: &str) -> Self {
        let display = display_form(s);
        let mut normalized = String::with_capacity(display.len());
        let mut spans = Vec::with_capacity(display.len() / 2);
        fold(&display, |range, c| {
            spans.push((normalized.len(), range));
            normalized.push(c);
        });
        Self {
            display,
            normalized,
            spans,
        }
    }

    /// The range of `display` that a byte range of `normalized` came from. `range` must
    /// start and end on character boundaries of `normalized` and not be empty.
    pub fn to_display(&self, range: Range<usize>) -> Option<Range<usize>> {
        if range.is_empty() {
            return None;
        }
        let first = self
            .spans
            .binary_search_by_key(&range.start, |s| s.0)
            .ok()?;
        // The last character that starts before the end of the range.
        let last = match self.spans.binary_search_by_key(&range.end, |s| s.0) {
            Ok(i) | Err(i) => i.checked_sub(1)?,
        };
        let start = self.spans.get(first)?.1.start;
        let end = self.spans.get(last)?.1.end;
        (start < end).then_some(start..end)
    }

    /// Every occurrence of every needle (normalized, non-empty) as ranges of `display`,
    /// sorted and merged where they overlap or touch.
    pub fn find_all(&self, needles: &[String]) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = needles
            .iter()
            .filter(|n| !n.is_empty())
            .flat_map(|n| {
                self.normalized
                    .match_indices(n.as_str())
                    .filter_map(|(i, m)| self.to_display(i..i + m.len()))
            })
            .collect();
        found.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// Splits normalized text into word-like segments (letters, digits; no spaces or
/// punctuation) and runs (maximal sequences of adjacent word-like segments, such as a
/// Thai phrase written without spaces). Both borrow from `normalized`.
pub(crate) fn segment(normalized: &str) -> (Vec<&str>, Vec<&str>) {
    let mut words = Vec::new();
    let mut runs = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut prev = 0;
    let mut breaks = SEGMENTER.segment_str(normalized);
    while let Some(at) = breaks.next() {
        if at == 0 {
            continue;
        }
        if breaks.is_word_like() {
            // A word-like segment can still hold a space: a combining mark after a
            // space extends it (UAX #29, rule WB4). Such a space ends the run.
            let mut from = prev;
            for (i, part) in normalized
                .get(prev..at)
                .unwrap_or("")
                .split(' ')
                .enumerate()
            {
                if i > 0
                    && let Some(start) = run_start.take()
                {
                    runs.push(normalized.get(start..from - 1).unwrap_or(""));
                }
                if !part.is_empty() {
                    words.push(part);
                    run_start.get_or_insert(from);
                }
                from += part.len() + 1;
            }
        } else if let Some(start) = run_start.take() {
            runs.push(normalized.get(start..prev).unwrap_or(""));
        }
        prev = at;
    }
    if let Some(start) = run_start {
        runs.push(normalized.get(start..prev).unwrap_or(""));
    }
    (words, runs)
}

/// The normalized word-like segments of `s`, in order (ICU4X word segmentation).
pub fn words(s: &str) -> Vec<String> {
    let normalized = normalize(s);
    segment(&normalized)
        .0
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Character 2-grams then 3-grams of `word` (of its chars, so Thai combining vowels and
/// tone marks count as characters). Empty for words shorter than 2 characters.
pub fn grams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(2 * chars.len());
    for n in [2, 3] {
        out.extend(chars.windows(n).map(|w| w.iter().collect::<String>()));
    }
    out
}

/// The first `max` characters of `s`.
pub(crate) fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_digits_case_zero_width_and_spaces() {
        assert_eq!(
            normalize("  ปี ๒๕๖๖\n\tHELLO\u{200B}World  "),
            "ปี 2566 helloworld"
        );
        assert_eq!(normalize("a \u{FEFF} b"), "a b");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" \u{200B} "), "");
    }

    #[test]
    fn normalize_puts_thai_marks_in_canonical_order() {
        // Mai ek (U+0E48) typed before sara u (U+0E38), and after it.
        assert_eq!(
            normalize("ก\u{0E48}\u{0E38}"),
            normalize("ก\u{0E38}\u{0E48}")
        );
        // And composes Latin letters.
        assert_eq!(normalize("e\u{301}"), "é");
        // Even across a removed zero-width character.
        assert_eq!(normalize("e\u{200B}\u{301}"), "é");
    }

    #[test]
    fn words_are_word_like_segments() {
        let w = words("มาตรการป้องกันการทุจริต, และ Hello  world! ๒๕๖๖");
        assert!(w.contains(&"ทุจริต".to_owned()), "{w:?}");
        assert!(w.contains(&"hello".to_owned()), "{w:?}");
        assert!(w.contains(&"2566".to_owned()), "{w:?}");
        assert!(
            w.iter()
                .all(|w| !w.contains(' ') && !w.contains(',') && !w.contains('!'))
        );
        assert!(words(" ,.!? ").is_empty());
    }

    #[test]
    fn runs_join_adjacent_words() {
        let n = normalize("ป้องกันการทุจริต และ abc-def");
        let (words, runs) = segment(&n);
        assert!(words.len() >= 5, "{words:?}");
        assert_eq!(runs, vec!["ป้องกันการทุจริต", "และ", "abc", "def"]);
    }

    #[test]
    fn a_space_inside_a_word_like_segment_splits_it() {
        // A combining mark after a space joins the space's segment (UAX #29, WB4).
        let n = normalize("এ\u{2000}\u{730}x ab");
        let (words, runs) = segment(&n);
        assert!(words.iter().all(|w| !w.contains(' ')), "{words:?}");
        assert!(
            runs.iter().all(|r| !r.contains(' ') && !r.is_empty()),
            "{runs:?}"
        );
        assert!(runs.contains(&"ab"), "{runs:?}");
    }

    proptest::proptest! {
        #[test]
        fn segments_are_clean(s in proptest::prelude::any::<String>()) {
            let n = normalize(&s);
            let (words, runs) = segment(&n);
            for piece in words.iter().chain(runs.iter()) {
                proptest::prop_assert!(!piece.is_empty() && !piece.contains(' '), "{:?}", piece);
            }
            // Every word lies inside a run.
            for w in &words {
                proptest::prop_assert!(runs.iter().any(|r| r.contains(w)), "{:?}", w);
            }
        }
    }

    #[test]
    fn grams_of_words() {
        assert!(grams("").is_empty());
        assert!(grams("ก").is_empty());
        assert_eq!(grams("ab"), vec!["ab"]);
        assert_eq!(grams("abcd"), vec!["ab", "bc", "cd", "abc", "bcd"]);
        // Marks count as characters.
        assert_eq!(grams("กุด"), vec!["กุ", "ุด", "กุด"]);
    }

    #[test]
    fn folded_maps_back_to_display() {
        let f = Folded::new("  ปี ๒๕๖๖  ABC\u{200B}def");
        assert_eq!(f.normalized, "ปี 2566 abcdef");
        let ranges = f.find_all(&["2566".to_owned(), "cd".to_owned()]);
        let shown: Vec<&str> = ranges.iter().map(|r| &f.display[r.clone()]).collect();
        assert_eq!(shown, vec!["๒๕๖๖", "Cd"]);
    }

    #[test]
    fn folded_merges_overlaps() {
        let f = Folded::new("aaaa");
        assert_eq!(f.find_all(&["aa".to_owned()]), vec![0..4]);
        assert!(f.find_all(&[String::new()]).is_empty());
    }

    #[test]
    fn truncation_is_by_chars() {
        assert_eq!(truncate_chars("กขค", 2), "กข");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
