//! The encoding of a report does not change what is read from it: each UTF-8 example, re-encoded
//! as GBK or as UTF-16LE with a BOM, yields exactly the cells of the original.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::{Enc, config, encode, lines, run, samples};

fn cells_of(bytes: &[u8], what: &str) -> Vec<(String, String)> {
    run(bytes).unwrap_or_else(|| panic!("{what} was refused by extract"))
}

/// Differences between two cell lists, for a readable failure message.
fn diff(a: &[(String, String)], b: &[(String, String)]) -> String {
    let mut out = String::new();
    for (x, y) in a.iter().zip(b) {
        if x != y {
            out.push_str(&format!("  {}: {:?} vs {}: {:?}\n", x.0, x.1, y.0, y.1));
        }
    }
    if a.len() != b.len() {
        out.push_str(&format!("  {} cells vs {}\n", a.len(), b.len()));
    }
    out
}

fn check_same_cells(name: &str, text: &str) {
    let original = cells_of(text.as_bytes(), name);
    for enc in [Enc::Gbk, Enc::Utf16LeBom] {
        let Some(bytes) = encode(text, enc) else {
            // A character GBK cannot represent: the re-encoded text would differ.
            continue;
        };
        let what = format!("{name} as {enc:?}");
        let got = cells_of(&bytes, &what);
        assert!(
            got == original,
            "{what} reads differently from the UTF-8 original:\n{}",
            diff(&original, &got)
        );
    }
}

/// The UTF-8 examples of the repo.
#[test]
fn utf8_examples_read_the_same_in_gbk_and_utf16() {
    let mut checked = 0;
    for sample in samples().iter().filter(|s| s.example && s.enc == Enc::Utf8) {
        check_same_cells(&sample.name, &sample.text);
        checked += 1;
    }
    assert!(checked > 0, "no UTF-8 example found");
}

/// The UTF-8 reports of the shared corpus (skipped, saying so, when it is absent).
#[test]
fn utf8_corpus_reports_read_the_same_in_gbk_and_utf16() {
    if gongkai_testkit::shared().is_none() {
        return;
    }
    for sample in samples()
        .iter()
        .filter(|s| !s.example && s.enc == Enc::Utf8)
    {
        check_same_cells(&sample.name, &sample.text);
    }
}

proptest! {
    #![proptest_config(config())]

    /// The same holds after deleting a few lines of an example (keeping most of the text so the
    /// encoding stays detectable).
    #[test]
    fn edited_examples_read_the_same_in_gbk_and_utf16(
        sample in any::<Index>(),
        deletions in proptest::collection::vec(any::<Index>(), 0..8),
    ) {
        let utf8: Vec<_> = samples().iter().filter(|s| s.example && s.enc == Enc::Utf8).collect();
        let sample = utf8[sample.index(utf8.len())];
        let mut lines = lines(&sample.text);
        for at in deletions {
            if lines.len() > 1 {
                lines.remove(at.index(lines.len()));
            }
        }
        check_same_cells(&sample.name, &lines.concat());
    }
}
