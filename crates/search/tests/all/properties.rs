//! No input makes the text functions panic, and their results keep their promises.

use prongsai_search::highlight::{SNIPPET_CHARS, mark_html, snippet_html};
use prongsai_search::text::{Folded, grams, normalize, words};
use proptest::prelude::*;

/// Thai, Latin, digits (both kinds), whitespace, zero-width and HTML-special characters.
const THAI_ISH: &str = "[ก-๛a-zA-Z0-9 \n\t\u{200B}\u{FEFF}<>&\"'.,!]{0,400}";

/// What is left of snippet HTML once the marks are taken out has nothing unescaped.
fn assert_safe_html(html: &str) {
    assert_eq!(
        html.matches("<mark>").count(),
        html.matches("</mark>").count()
    );
    let bare = html.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !bare.contains(['<', '>', '"', '\'']),
        "unescaped character in {html:?}"
    );
}

proptest! {
    #[test]
    fn normalize_never_panics_and_is_clean(s in any::<String>()) {
        let n = normalize(&s);
        prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "));
        let zero_width = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];
        prop_assert!(!n.contains(zero_width), "zero width in {:?}", n);
        let thai_digit = |c: char| ('\u{0E50}'..='\u{0E59}').contains(&c);
        prop_assert!(!n.contains(thai_digit), "Thai digit in {:?}", n);
        prop_assert!(!n.contains(|c: char| c.is_whitespace() && c != ' '), "space in {:?}", n);
    }

    #[test]
    fn normalize_is_idempotent_on_thai_text(s in THAI_ISH) {
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        prop_assert!(!n.contains(|c: char| c.is_ascii_uppercase()));
    }

    #[test]
    fn folded_agrees_with_normalize(s in any::<String>()) {
        prop_assert_eq!(Folded::new(&s).normalized, normalize(&s));
    }

    #[test]
    fn words_are_pieces_of_the_normalized_text(s in any::<String>()) {
        let n = normalize(&s);
        for w in words(&s) {
            prop_assert!(!w.is_empty());
            prop_assert!(!w.contains(char::is_whitespace));
            prop_assert!(n.contains(&w), "{w:?} not in {n:?}");
        }
    }

    #[test]
    fn thai_words_are_pieces_too(s in THAI_ISH) {
        let n = normalize(&s);
        for w in words(&s) {
            prop_assert!(n.contains(&w));
            // (An apostrophe, a full stop or a comma can be inside a word: don't, 1,000.)
            prop_assert!(!w.contains([' ', '<', '>', '&', '"', '!']), "{:?}", w);
        }
    }

    #[test]
    fn grams_cover_the_word(s in any::<String>()) {
        let g = grams(&s);
        let n = s.chars().count();
        let expected = if n < 2 { 0 } else { (n - 1) + (n - 2) };
        prop_assert_eq!(g.len(), expected);
        for gram in &g {
            let len = gram.chars().count();
            prop_assert!(len == 2 || len == 3);
            prop_assert!(s.contains(gram.as_str()));
        }
    }

    #[test]
    fn snippets_never_panic_and_are_escaped(body in any::<String>(), query in any::<String>()) {
        let needles = words(&query);
        assert_safe_html(&snippet_html(&body, &needles));
        assert_safe_html(&mark_html(&body, &needles));
    }

    #[test]
    fn thai_snippets_mark_what_they_find(body in THAI_ISH, query in THAI_ISH) {
        let needles = words(&query);
        let snippet = snippet_html(&body, &needles);
        assert_safe_html(&snippet);
        let shown = snippet
            .replace("<mark>", "")
            .replace("</mark>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        // A cut can move past the marks that follow it; a few at most in this alphabet.
        prop_assert!(shown.chars().count() <= SNIPPET_CHARS + 2 + 10, "{:?}", snippet);
        let found = needles.iter().any(|w| normalize(&body).contains(w.as_str()));
        prop_assert_eq!(found, snippet.contains("<mark>"), "{:?} {:?}", needles, snippet);
    }

    #[test]
    fn arbitrary_marks_and_needles(body in any::<String>(), needle in any::<String>()) {
        // Needles that are not words (spaces, marks alone) must not break anything.
        assert_safe_html(&snippet_html(&body, &[normalize(&needle), needle.clone()]));
    }
}
