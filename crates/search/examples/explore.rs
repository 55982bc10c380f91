use icu_segmenter::{WordSegmenter, options::WordBreakInvariantOptions};
#[expect(
    clippy::print_stdout,
    reason = "an example whose output is what it prints"
)]
fn main() {
    let seg = WordSegmenter::new_auto(WordBreakInvariantOptions::default());
    for arg in std::env::args().skip(1) {
        let mut it = seg.segment_str(&arg);
        let mut prev = 0;
        let mut out = Vec::new();
        while let Some(b) = it.next() {
            if b == 0 {
                continue;
            }
            out.push(format!(
                "{}{}",
                &arg[prev..b],
                if it.is_word_like() { "" } else { "(x)" }
            ));
            prev = b;
        }
        println!("{}", out.join("|"));
    }
}
