//! HTML for results: escaped text with the query's words in `<mark>`.
//!
//! Matching is done on normalized text ([`Folded`]) and mapped back, so the reader sees
//! the original characters (`๒๕๖๖` marked for the query `2566`, `Hello` for `hello`).

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use crate::text::Folded;

/// About how many characters of the body a snippet shows.
pub const SNIPPET_CHARS: usize = 160;
/// Characters kept before the first match, when the body is longer than a snippet.
const CONTEXT_BEFORE: usize = 50;
/// How far a cut may move to fall on a space.
const SLACK: usize = 24;

/// Appends `s` HTML-escaped, each run of whitespace as one space.
fn escape_into(s: &str, out: &mut String) {
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `s` HTML-escaped (`&`, `<`, `>`, `"`, `'`).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

/// `text[window]` escaped, with the parts inside `marks` (sorted, disjoint, on character
/// boundaries) wrapped in `<mark>`.
fn render(text: &str, window: Range<usize>, marks: &[Range<usize>], out: &mut String) {
    let mut at = window.start;
    for mark in marks {
        let start = mark.start.max(at);
        let end = mark.end.min(window.end);
        if start >= end {
            continue;
        }
        escape_into(text.get(at..start).unwrap_or(""), out);
        out.push_str("<mark>");
        escape_into(text.get(start..end).unwrap_or(""), out);
        out.push_str("</mark>");
        at = end;
    }
    if at < window.end {
        escape_into(text.get(at..window.end).unwrap_or(""), out);
    }
}

/// The whole of `text`, escaped, with every occurrence of each (normalized) word marked.
pub fn mark_html(text: &str, words: &[String]) -> String {
    let folded = Folded::new(text);
    let marks = folded.find_all(words);
    let display = folded.display.as_str();
    let start = display.len() - display.trim_start().len();
    let end = display.trim_end().len().max(start);
    let mut out = String::with_capacity(display.len() + 16);
    render(display, start..end, &marks, &mut out);
    out
}

/// About [`SNIPPET_CHARS`] characters of `body` around the first occurrence of any of the
/// (normalized) words, or from the start when none occurs; escaped, with every
/// occurrence marked and `…` where the body was cut.
pub fn snippet_html(body: &str, words: &[String]) -> String {
    let folded = Folded::new(body);
    let marks = folded.find_all(words);
    let display = folded.display.as_str();
    // Byte offset of each character, and the end.
    let bounds: Vec<usize> = display
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(display.len()))
        .collect();
    let chars: Vec<char> = display.chars().collect();
    let n = chars.len();
    let char_at = |byte: usize| bounds.binary_search(&byte).unwrap_or_else(|i| i).min(n);
    let (first, first_end) = match marks.first() {
        Some(m) => (char_at(m.start), char_at(m.end)),
        None => (0, 0),
    };
    let (mut start, mut end) = if n <= SNIPPET_CHARS {
        (0, n)
    } else {
        let start = first.saturating_sub(CONTEXT_BEFORE);
        let end = (start + SNIPPET_CHARS).min(n);
        (end.saturating_sub(SNIPPET_CHARS).min(start), end)
    };
    let is_space = |i: usize| chars.get(i).is_some_and(|c| c.is_whitespace());
    let is_mark = |i: usize| chars.get(i).is_some_and(|c| is_combining_mark(*c));
    if start > 0 {
        // Cut after a space near the start, if there is one before the match.
        if let Some(space) = (start..(start + SLACK).min(first)).find(|i| is_space(*i)) {
            start = space + 1;
        }
        // Never begin with a mark cut off from its base character.
        while start < first && is_mark(start) {
            start += 1;
        }
    }
    if end < n {
        // Cut at a space near the end, if there is one after the match.
        let lowest = end.saturating_sub(SLACK).max(first_end);
        if let Some(space) = (lowest..end).rev().find(|i| is_space(*i)) {
            end = space;
        }
        // Keep a base character's marks with it.
        while end < n && is_mark(end) {
            end += 1;
        }
    }
    while start < end && is_space(start) {
        start += 1;
    }
    while end > start && is_space(end - 1) {
        end -= 1;
    }
    let (Some(&from), Some(&to)) = (bounds.get(start), bounds.get(end)) else {
        return String::new();
    };
    let visible = |c: &char| !c.is_whitespace();
    let mut out = String::with_capacity(to.saturating_sub(from) + 32);
    if chars
        .get(..start)
        .is_some_and(|cut| cut.iter().any(visible))
    {
        out.push('…');
    }
    render(display, from..to, &marks, &mut out);
    if chars.get(end..).is_some_and(|cut| cut.iter().any(visible)) {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| crate::text::normalize(s)).collect()
    }

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape_html(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn marks_in_original_characters() {
        assert_eq!(
            mark_html("ประกาศ ปี ๒๕๖๖ <b>", &w(&["2566"])),
            "ประกาศ ปี <mark>๒๕๖๖</mark> &lt;b&gt;"
        );
        assert_eq!(
            mark_html("Hello HELLO", &w(&["hello"])),
            "<mark>Hello</mark> <mark>HELLO</mark>"
        );
        assert_eq!(mark_html("abc", &[]), "abc");
    }

    #[test]
    fn short_bodies_are_whole() {
        assert_eq!(
            snippet_html("มาตรการป้องกันการทุจริตและประพฤติมิชอบ", &w(&["ทุจริต"])),
            "มาตรการป้องกันการ<mark>ทุจริต</mark>และประพฤติมิชอบ"
        );
        assert_eq!(snippet_html("", &w(&["x"])), "");
        assert_eq!(snippet_html("  a\n\n b  ", &[]), "a b");
    }

    #[test]
    fn long_bodies_are_cut_around_the_first_match() {
        let before = "คำนำ ".repeat(60);
        let after = " ท้ายเรื่อง".repeat(60);
        let body = format!("{before}เรื่องร้องเรียนการทุจริต{after}");
        let s = snippet_html(&body, &w(&["ทุจริต"]));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>ทุจริต</mark>"), "{s}");
        let shown = s.chars().count() - "<mark></mark>".len();
        assert!((100..=200).contains(&shown), "{shown}: {s}");
        // Cut on spaces: no partial word at either end.
        assert!(s.starts_with("…คำนำ"), "{s}");
        assert!(s.ends_with("ท้ายเรื่อง…"), "{s}");
    }

    #[test]
    fn no_match_shows_the_start() {
        let body = "ก".repeat(500);
        let s = snippet_html(&body, &w(&["ข"]));
        assert!(s.starts_with('ก') && s.ends_with('…'), "{s}");
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
    }

    #[test]
    fn marks_are_not_separated_from_their_base() {
        // Every character a base with a mark: a cut must not start on the mark.
        let body = "กุ".repeat(300);
        let s = snippet_html(&format!("{body}ทุจริต{body}"), &w(&["ทุจริต"]));
        let first = s.chars().nth(1);
        assert_eq!(first, Some('ก'), "{s}");
        assert!(!s.contains("ก…"), "{s}");
    }
}
