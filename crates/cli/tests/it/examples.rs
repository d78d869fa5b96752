//! The bundled synthetic examples: every expected cell, and exactly the spec's keys in order.

use crate::{gongkai, read_cells, root, score, scored_reports};

#[test]
fn every_example_gives_its_expected_cells() {
    let reports = scored_reports(&root().join("examples"), &["txt", "md"]);
    assert!(reports.len() >= 12, "examples are missing");
    let mut failures = Vec::new();
    for (report, truth) in &reports {
        let (right, total, wrong) = score(report, truth);
        if right != total {
            failures.push(format!(
                "{}: {right}/{total}\n  {}",
                report.display(),
                wrong.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cells_output_lists_the_template_keys_in_order() {
    for (report, _) in scored_reports(&root().join("examples"), &["txt", "md"]) {
        let out = gongkai(&["extract", report.to_str().unwrap()]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("key\tvalue\n"));
        let cells = read_cells(&text);
        let template = cells
            .iter()
            .find(|(k, _)| k == "meta.template")
            .unwrap()
            .1
            .clone();
        let keys: Vec<String> = cells.into_iter().map(|(k, _)| k).collect();
        let t = match template.as_str() {
            "2019" => gongkai_model::Template::Y2019,
            "2021" => gongkai_model::Template::Y2021,
            _ => gongkai_model::Template::Pre2019,
        };
        assert_eq!(keys, gongkai_model::cells::keys(t), "{}", report.display());
    }
}

#[test]
fn check_finds_exactly_the_published_errors() {
    let run = |name: &str| {
        let out = gongkai(&["check", "--format", "tsv", &format!("examples/{name}")]);
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, text) = run("error-outcome-total.txt");
    assert_eq!(code, Some(1));
    assert!(text.contains("request-outcome-total-mismatch"), "{text}");
    assert!(text.contains("request-row-total-mismatch"), "{text}");
    let (code, text) = run("error-review-total.txt");
    assert_eq!(code, Some(1));
    assert_eq!(
        text.matches("\treview-total-mismatch\t").count(),
        2,
        "{text}"
    );
    for clean in [
        "2021-tabbed.txt",
        "2019-cell-per-line.txt",
        "2021-layout.txt",
        "2019-crawled.txt",
        "error-blank-and-marks.txt",
    ] {
        let (code, text) = run(clean);
        assert_eq!(code, Some(0), "{clean}: {text}");
        assert!(
            !text.contains("\terror\t") && !text.contains("\t错误\t"),
            "{clean}: {text}"
        );
    }
}
