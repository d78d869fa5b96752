//! Nothing panics: random bytes, random text made of report fragments, and real reports
//! truncated, shuffled, or with lines deleted or duplicated. Every run also checks that
//! `cells()` lists exactly the keys of its template, in order (see `common::run`).

use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::{Sample, config, encode, lines, run, samples};

/// The bytes of `sample` after replacing its text by `text`, in the sample's own encoding
/// (UTF-8 when the encoding cannot represent the edited text, which does not happen for edits
/// that only move whole lines).
fn reencode(sample: &Sample, text: &str) -> Vec<u8> {
    encode(text, sample.enc).unwrap_or_else(|| text.as_bytes().to_vec())
}

/// Fragments of the sample reports (whitespace-separated words, and each word's first and
/// last few characters) plus separators, for generating text that looks like a report.
fn vocabulary() -> Vec<String> {
    let mut words: Vec<String> = [
        "\n", "\r\n", "\t", " ", "  ", "\u{3000}", "\u{0C}", "|", "||", "---", "-3-", "0", "1",
        "12", "+3", "-2", "382.5", "万元", "元", "/", "—", "（", "）", "(", ")", "、", "，", "。",
        "\u{FFFD}", "年", "月", "日", "2019", "2020", "2021", "2024", "一、", "二、", "三、",
        "四、", "五、", "六、", "七、",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for sample in samples() {
        for word in sample.text.split_whitespace() {
            let chars: Vec<char> = word.chars().collect();
            words.push(word.to_string());
            if chars.len() > 4 {
                words.push(chars[..chars.len() / 2].iter().collect());
                words.push(chars[chars.len() / 2..].iter().collect());
            }
        }
    }
    words.sort();
    words.dedup();
    words
}

/// Random text assembled from report fragments.
fn report_soup() -> impl Strategy<Value = String> {
    let vocab = vocabulary();
    proptest::collection::vec(any::<Index>(), 0..600).prop_map(move |picks| {
        picks
            .iter()
            .map(|i| vocab[i.index(vocab.len())].as_str())
            .collect()
    })
}

/// A sample index with its lines, shuffled.
fn shuffled_lines() -> impl Strategy<Value = (usize, Vec<String>)> {
    (0..samples().len())
        .prop_flat_map(|i| (Just(i), Just(lines(&samples()[i].text)).prop_shuffle()))
}

/// One line edit: delete (`false`) or duplicate (`true`) the line at an index.
fn edits() -> impl Strategy<Value = Vec<(Index, bool)>> {
    proptest::collection::vec((any::<Index>(), any::<bool>()), 1..40)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        run(&bytes);
    }

    #[test]
    fn random_chars_never_panic(chars in proptest::collection::vec(any::<char>(), 0..2048)) {
        let text: String = chars.into_iter().collect();
        run(text.as_bytes());
    }

    #[test]
    fn report_soup_never_panics(text in report_soup()) {
        run(text.as_bytes());
    }

    #[test]
    fn report_soup_in_gbk_and_utf16_never_panics(text in report_soup(), utf16 in any::<bool>()) {
        let enc = if utf16 { crate::common::Enc::Utf16LeBom } else { crate::common::Enc::Gbk };
        if let Some(bytes) = encode(&text, enc) {
            run(&bytes);
        }
    }

    #[test]
    fn truncated_reports_never_panic(sample in any::<Index>(), at in any::<Index>()) {
        let sample = &samples()[sample.index(samples().len())];
        let at = at.index(sample.bytes.len() + 1);
        run(&sample.bytes[..at]);
    }

    #[test]
    fn reports_cut_on_both_sides_never_panic(
        sample in any::<Index>(),
        a in any::<Index>(),
        b in any::<Index>(),
    ) {
        let sample = &samples()[sample.index(samples().len())];
        let (a, b) = (a.index(sample.bytes.len() + 1), b.index(sample.bytes.len() + 1));
        run(&sample.bytes[a.min(b)..a.max(b)]);
    }

    #[test]
    fn shuffled_reports_never_panic((i, lines) in shuffled_lines()) {
        let sample = &samples()[i];
        run(&reencode(sample, &lines.concat()));
    }

    #[test]
    fn reports_with_lines_deleted_or_duplicated_never_panic(
        sample in any::<Index>(),
        edits in edits(),
    ) {
        let sample = &samples()[sample.index(samples().len())];
        let mut lines = lines(&sample.text);
        for (at, duplicate) in edits {
            if lines.is_empty() {
                break;
            }
            let at = at.index(lines.len());
            if duplicate {
                let line = lines[at].clone();
                lines.insert(at, line);
            } else {
                lines.remove(at);
            }
        }
        run(&reencode(sample, &lines.concat()));
    }
}

/// Every sample as it is, and every prefix ending at each line break, reads without panicking.
#[test]
fn every_sample_and_every_line_prefix_reads() {
    for sample in samples() {
        assert!(
            run(&sample.bytes).is_some(),
            "{} was refused by extract",
            sample.name
        );
        let text = &sample.text;
        for (end, _) in text.match_indices('\n') {
            run(&text.as_bytes()[..end]);
        }
    }
}

/// Inputs the fuzzer found (`fuzz/regressions/`) go through the whole text path without a panic
/// or a runaway search.
#[test]
fn fuzz_regressions_read() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        run(&std::fs::read(entry.path()).unwrap());
        n += 1;
    }
    assert!(n >= 1, "no regression inputs in {}", dir.display());
}
