//! Table 二 flattened into run-together digits (as crawlers print it), made from a bundled
//! synthetic report: the digits are split only on evidence — the narrative, last year's report
//! of the same agency in the same run — or left unresolved, never guessed; a reading with blank
//! cells must be ruled out as well.

use std::path::{Path, PathBuf};

use crate::{gongkai, read_cells, root};

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("layout_sources")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn cells(path: &Path) -> Vec<(String, String)> {
    let out = gongkai(&["extract", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_cells(&String::from_utf8_lossy(&out.stdout))
}

/// The bundled 2021 report with table 二's 行政规范性文件 row printed as `made repealed in_force`,
/// for `year`, its section 二 flattened onto one line with the cells run together (as a
/// crawler prints it) when `flat`, and its narrative about the row replaced by `narrative`.
fn report_2021(year: i32, row: (i64, i64, i64), narrative: &str, flat: bool) -> String {
    let base = std::fs::read_to_string(root().join("examples/2021-tabbed.txt")).unwrap();
    let base = base
        .replace(
            "行政规范性文件\t2\t1\t9",
            &format!("行政规范性文件\t{}\t{}\t{}", row.0, row.1, row.2),
        )
        .replace("其中制发行政规范性文件2件，废止1件。", narrative)
        .replace("2022年", &format!("{year}年"))
        .replace("2023年1月20日", &format!("{}年1月20日", year + 1));
    if !flat {
        return base;
    }
    let start = base.find("二、主动公开政府信息情况").unwrap();
    let end = base.find("三、收到和处理政府信息公开申请情况").unwrap();
    let section: String = base[start..end]
        .chars()
        .filter(|&c| c != '\n' && c != '\t')
        .collect();
    format!("{}{section}\n{}", &base[..start], &base[end..])
}

fn normative(cells: &[(String, String)]) -> Vec<String> {
    ["made", "repealed", "in_force"]
        .iter()
        .map(|c| {
            let key = format!("active.normative.{c}");
            cells
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn run_together_cells_split_only_on_evidence() {
    let dir = scratch("runs");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let stated = write(
        "stated.txt",
        &report_2021(
            2022,
            (12, 3, 240),
            "其中制发行政规范性文件12件，废止3件。",
            true,
        ),
    );
    let silent = write("silent.txt", &report_2021(2022, (12, 3, 240), "", true));
    let apart = write("apart.txt", &report_2021(2022, (12, 3, 240), "", false));
    // Cells printed apart need no evidence.
    assert_eq!(normative(&cells(&apart)), ["12", "3", "240"]);
    // The narrative states two of the three cells: one split agrees.
    assert_eq!(normative(&cells(&stated)), ["12", "3", "240"]);
    // No evidence: the cells stay unresolved (empty), never guessed.
    assert_eq!(normative(&cells(&silent)), ["", "", ""]);
    // Every other cell of table 二 is read as from the apart report.
    let active = |c: Vec<(String, String)>| {
        c.into_iter()
            .filter(|(k, _)| k.starts_with("active.") && !k.starts_with("active.normative."))
            .collect::<Vec<_>>()
    };
    assert_eq!(active(cells(&silent)), active(cells(&apart)));

    // The JSON model records the digits as published and what chose the split.
    let out = gongkai(&["extract", "--format", "json", stated.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json
        .pointer("/report/active/rows")
        .unwrap()
        .as_array()
        .unwrap();
    let row = rows.iter().find(|r| r["row"] == "normative").unwrap();
    let split = &row["split"];
    assert_eq!(
        split["candidates"].as_u64().map(|n| n > 1),
        Some(true),
        "{split}"
    );
    assert_eq!(split["resolved_by"][0]["kind"], "narrative", "{split}");
    let run = &split["run"];
    let text = std::fs::read_to_string(&stated).unwrap();
    let (a, b) = (
        run["start"].as_u64().unwrap() as usize,
        run["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "123240");

    // `check` notes the evidence, and no longer calls the run ambiguous.
    let out = gongkai(&["check", "--format", "tsv", stated.to_str().unwrap()]);
    let found = String::from_utf8_lossy(&out.stdout);
    assert!(found.contains("\tsplit-chosen\t"), "{found}");
    assert!(!found.contains("\tambiguous-split\t"), "{found}");
    let out = gongkai(&["check", "--format", "tsv", silent.to_str().unwrap()]);
    let found = String::from_utf8_lossy(&out.stdout);
    assert!(found.contains("\tambiguous-split\t"), "{found}");
    assert!(!found.contains("\tsplit-chosen\t"), "{found}");
}

/// `gongkai check --format tsv` of `files`.
fn check_tsv(files: &[&Path]) -> String {
    let mut args = vec!["check", "--format", "tsv"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    String::from_utf8_lossy(&gongkai(&args).stdout).into_owned()
}

#[test]
fn a_contradicting_narrative_decides_nothing() {
    let dir = scratch("contradiction");
    let path = dir.join("2022.txt");
    // No split of 123240 has 99 documents made.
    let text = report_2021(
        2022,
        (12, 3, 240),
        "其中制发行政规范性文件99件，废止3件。",
        true,
    );
    std::fs::write(&path, text).unwrap();
    assert_eq!(normative(&cells(&path)), ["", "", ""]);
    let found = check_tsv(&[&path]);
    assert!(found.contains("\tambiguous-split\t"), "{found}");
    assert!(!found.contains("\tsplit-chosen\t"), "{found}");
}

#[test]
fn a_blank_cell_reading_keeps_the_run_unresolved() {
    let dir = scratch("blank");
    let write = |name: &str, narrative: &str| {
        let path = dir.join(name);
        let text = report_2021(2022, (5, 0, 12), narrative, true);
        std::fs::write(&path, text).unwrap();
        path
    };
    // 5012 splits into three cells one way only (5, 0, 12), but also as 50 and 12 with 制发 or
    // 废止 blank. The narrative's 现行有效 12 rules out none of them.
    let unsure = write("unsure.txt", "其中现行有效行政规范性文件12件。");
    assert_eq!(normative(&cells(&unsure)), ["", "", ""]);
    let found = check_tsv(&[&unsure]);
    assert!(found.contains("\tambiguous-split\t"), "{found}");
    assert!(!found.contains("\tsplit-chosen\t"), "{found}");
    // A number for the cell each blank reading leaves empty rules them out.
    let sure = write("sure.txt", "其中制发行政规范性文件5件，废止0件。");
    assert_eq!(normative(&cells(&sure)), ["5", "0", "12"]);
    let found = check_tsv(&[&sure]);
    assert!(found.contains("\tsplit-chosen\t"), "{found}");
    assert!(!found.contains("\tambiguous-split\t"), "{found}");
}

#[test]
fn last_years_report_in_the_same_run_splits_the_run() {
    let dir = scratch("previous");
    let last = dir.join("2021.txt");
    let now = dir.join("2022.txt");
    std::fs::write(&last, report_2021(2021, (5, 1, 231), "", false)).unwrap();
    // 制发 12 alone leaves 12, 3, 240 and 12, 32, 40 and 12, 324, 0 (and readings with 废止 or
    // 现行有效 blank).
    std::fs::write(
        &now,
        report_2021(2022, (12, 3, 240), "其中制发行政规范性文件12件。", true),
    )
    .unwrap();
    let (last_path, now_path) = (last.as_path(), now.as_path());
    let (last, now) = (last.to_str().unwrap(), now.to_str().unwrap());
    // Alone, this year's report has too little evidence.
    assert_eq!(normative(&cells(now_path)), ["", "", ""]);
    // With last year's: 231 + 12 − 3 = 240 holds for one split only.
    let out = gongkai(&["extract", last, now]);
    let text = String::from_utf8_lossy(&out.stdout);
    let mine: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{now}\t")))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(normative(&mine), ["12", "3", "240"], "{text}");
    // Both years in one `check` run: a note on this year's report, none left ambiguous.
    let found = check_tsv(&[last_path, now_path]);
    let notes: Vec<&str> = found
        .lines()
        .filter(|l| l.contains("\tsplit-chosen\t"))
        .collect();
    assert_eq!(notes.len(), 1, "{found}");
    assert!(notes[0].starts_with(now), "{found}");
    assert!(!found.contains("\tambiguous-split\t"), "{found}");
    // Order does not matter.
    assert!(check_tsv(&[now_path, last_path]).contains("\tsplit-chosen\t"));
    // The note names the evidence: the narrative's sentence and last year's file.
    let out = gongkai(&["check", "--lang", "en", last, now]);
    let shown = String::from_utf8_lossy(&out.stdout);
    let at = shown
        .find("split-chosen")
        .unwrap_or_else(|| panic!("{shown}"));
    let note = &shown[at..];
    let note = &note[..note.find("\n\n").unwrap_or(note.len())];
    assert!(note.contains("last year's report"), "{note}");
    assert!(note.contains("text: 本年制发件数 = 12"), "{note}");
    assert!(note.contains(&format!("::: {last}:11:")), "{note}");
    assert!(note.contains("last year: 231"), "{note}");
}
