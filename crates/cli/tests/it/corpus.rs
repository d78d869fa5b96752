//! The shared corpus of real reports (`../shared/corpus`), when it is beside the repository:
//! every seed exactly, at least 99% of all cells of the text reports.

use crate::{gongkai, root, score, scored_reports};

/// `../shared/corpus`, or `skipped: …` (a failure under `GONGKAI_REQUIRE_ALL=1`).
fn corpus() -> Option<std::path::PathBuf> {
    let dir = root().join("../shared/corpus");
    gongkai_testkit::require("../shared/corpus", dir.is_dir()).then_some(dir)
}

#[test]
fn seeds_are_read_exactly() {
    let Some(dir) = corpus() else { return };
    let reports = scored_reports(&dir.join("seeds"), &["txt"]);
    assert!(!reports.is_empty());
    for (report, truth) in reports {
        let (right, total, wrong) = score(&report, &truth);
        assert_eq!(
            right,
            total,
            "{}:\n  {}",
            report.display(),
            wrong.join("\n  ")
        );
    }
}

#[test]
fn real_text_reports_score_at_least_99_percent() {
    let Some(dir) = corpus() else { return };
    let mut reports = scored_reports(&dir.join("seeds"), &["txt"]);
    reports.extend(scored_reports(&dir.join("real"), &["txt"]));
    let (mut right, mut total) = (0, 0);
    for (report, truth) in &reports {
        let (r, t, _) = score(report, truth);
        right += r;
        total += t;
    }
    let pct = 100.0 * right as f64 / total as f64;
    assert!(pct >= 99.0, "{right}/{total} = {pct:.2}%");
}

/// Issue #12's check on real reports: the real PDFs of the corpus turned into the hard text
/// layouts (`pdftotext -layout` and `-raw`, as reports are pasted and crawled from them), each
/// scored against the PDF's hand-read cells: at least 99.5 % of all cells.
#[test]
fn real_reports_in_the_hard_layouts_score_at_least_99_5_percent() {
    let Some(dir) = corpus() else { return };
    if !gongkai_testkit::require("pdftotext", crate::has_program("pdftotext")) {
        return;
    }
    let scratch = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-layouts");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let pdfs = scored_reports(&dir.join("real"), &["pdf"]);
    assert!(pdfs.len() >= 3, "{pdfs:?}");
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    for (pdf, truth) in &pdfs {
        for how in ["-layout", "-raw"] {
            let stem = pdf.file_stem().unwrap().to_string_lossy();
            let text = scratch.join(format!("{stem}{how}.txt"));
            let done = std::process::Command::new("pdftotext")
                .args([how, "-enc", "UTF-8"])
                .arg(pdf)
                .arg(&text)
                .status()
                .unwrap();
            assert!(done.success(), "pdftotext {how} {}", pdf.display());
            let (r, t, wrong) = score(&text, truth);
            right += r;
            total += t;
            misses.extend(wrong.into_iter().map(|w| format!("{stem}{how}: {w}")));
        }
    }
    let pct = 100.0 * right as f64 / total as f64;
    assert!(
        right * 1000 >= total * 995,
        "{right}/{total} = {pct:.2}%:\n{}",
        misses.join("\n")
    );
}

#[test]
fn identity_errors_only_where_the_corpus_has_them() {
    let Some(dir) = corpus() else { return };
    let identity = [
        "request-flow-mismatch",
        "request-row-total-mismatch",
        "request-outcome-total-mismatch",
        "review-total-mismatch",
    ];
    let out = gongkai(&[
        "check",
        "--format",
        "tsv",
        dir.join("real/hongze-2023.txt").to_str().unwrap(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("\treview-total-mismatch\t"), "{text}");
    let mut clean: Vec<std::path::PathBuf> = [
        "real/hongze-2024.txt",
        "real/huaian-2024.txt",
        "real/hongze-2024-raw.txt",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    clean.extend(
        scored_reports(&dir.join("seeds"), &["txt"])
            .into_iter()
            .map(|(p, _)| p),
    );
    for file in clean {
        let out = gongkai(&["check", "--format", "tsv", file.to_str().unwrap()]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !identity.iter().any(|c| text.contains(c)),
            "{}: {text}",
            file.display()
        );
    }
}

#[test]
fn key_lists_match_the_shared_spec() {
    let spec = root().join("../shared/spec");
    if !spec.is_dir() {
        return;
    }
    for (file, t) in [
        ("cells-2019.tsv", gongkai_model::Template::Y2019),
        ("cells-2021.tsv", gongkai_model::Template::Y2021),
    ] {
        let text = std::fs::read_to_string(spec.join(file)).unwrap();
        let want: Vec<&str> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next())
            .filter(|k| !k.is_empty())
            .collect();
        assert_eq!(gongkai_model::cells::keys(t), want, "{file}");
    }
}
