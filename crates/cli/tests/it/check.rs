//! `gongkai check`, `rules`, `explain`: formats, exit codes, folders, levels, label fixes.

use crate::{gongkai, has_program, root};

const IDENTITY_CODES: [&str; 4] = [
    "request-flow-mismatch",
    "request-row-total-mismatch",
    "request-outcome-total-mismatch",
    "review-total-mismatch",
];

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn explain_works_for_every_listed_rule() {
    let out = gongkai(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout(&out);
    let rows: Vec<&str> = list.lines().collect();
    assert_eq!(rows.len(), gongkai_check::RULES.len());
    for row in rows {
        let mut cols = row.split('\t');
        let (code, name) = (cols.next().unwrap(), cols.next().unwrap());
        for key in [code, name] {
            let zh = gongkai(&["explain", key]);
            assert_eq!(zh.status.code(), Some(0), "{key}");
            assert!(stdout(&zh).contains("## 检查什么"), "{key}");
            let en = gongkai(&["--lang", "en", "explain", key]);
            assert!(stdout(&en).contains("## What it checks"), "{key}");
        }
    }
    assert_eq!(gongkai(&["explain", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn a_folder_is_checked_in_a_stable_order_with_a_summary() {
    let a = gongkai(&["check", "--format", "tsv", "examples"]);
    let b = gongkai(&["check", "--format", "tsv", "examples"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(
        a.status.code(),
        Some(1),
        "the examples include published errors"
    );
    let text = stdout(&a);
    assert!(
        text.contains("examples/error-outcome-total.txt\t"),
        "{text}"
    );
    assert!(text.contains("\tI003\t"));
    let summary = String::from_utf8(a.stderr).unwrap();
    assert!(summary.contains("共检查 13 个文件"), "{summary}");
    let terminal = stdout(&gongkai(&["check", "examples"]));
    assert!(
        terminal
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("共检查 13 个文件")
    );
}

#[test]
fn json_findings_have_stable_fields() {
    let out = gongkai(&[
        "check",
        "--format",
        "json",
        "examples/error-review-total.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "review-total-mismatch")
        .unwrap();
    for key in [
        "file",
        "code",
        "short_code",
        "severity",
        "message",
        "primary",
        "secondary",
        "help",
    ] {
        assert!(f.get(key).is_some(), "{key}");
    }
    assert_eq!(f["severity"], "error");
    assert_eq!(f["short_code"], "I004");
    assert!(f["primary"]["line"].as_u64().unwrap() > 0);
    assert_eq!(f["secondary"].as_array().unwrap().len(), 4);
}

#[test]
fn exit_codes_follow_the_deny_level() {
    assert_eq!(
        gongkai(&["check", "examples/2021-tabbed.txt"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        gongkai(&[
            "check",
            "--deny",
            "warning",
            "examples/error-blank-and-marks.txt"
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        gongkai(&["check", "examples/error-blank-and-marks.txt"])
            .status
            .code(),
        Some(0)
    );
    let off = gongkai(&[
        "check",
        "--level",
        "review-total-mismatch=off",
        "examples/error-review-total.txt",
    ]);
    assert_eq!(off.status.code(), Some(0), "{}", stdout(&off));
    assert_eq!(
        gongkai(&["check", "--level", "nonsense=off", "examples"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn unreadable_files_give_exit_2_and_the_batch_goes_on() {
    let out = gongkai(&["check", "missing.txt", "examples/error-review-total.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr.clone())
            .unwrap()
            .contains("无法读取文件 missing.txt")
    );
    assert!(stdout(&out).contains("review-total-mismatch"));
}

#[test]
fn gongkai_toml_sets_levels() {
    let dir = std::env::temp_dir().join(format!("gongkai-toml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("examples/error-review-total.txt"),
        dir.join("r.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.join("gongkai.toml"),
        "[rules]\nreview-total-mismatch = \"warning\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "r.txt"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("警告[I004"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn fix_rewrites_labels_not_numbers_with_a_patch_and_checks_again() {
    let dir = std::env::temp_dir().join(format!("gongkai-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let original = std::fs::read_to_string(root().join("examples/2021-tabbed.txt")).unwrap();
    let broken = original.replacen("2.其他法律行政法规禁止公开", "2.其他法律行政止公开", 1);
    let path = dir.join("r.txt");
    std::fs::write(&path, &broken).unwrap();
    let p = path.to_str().unwrap();
    let dry = gongkai(&["check", "--fix", "--dry-run", p]);
    assert!(
        stdout(&dry).contains("+\t\t2.其他法律行政法规禁止公开"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    let fixed = gongkai(&["check", "--fix", p]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // The re-check does not report what was fixed.
    assert!(!stdout(&fixed).contains("label-typo"), "{}", stdout(&fixed));
    // The diff printed first is a patch that `patch` applies to the broken file.
    let diff_end = stdout(&dry).find("警告[").unwrap_or(stdout(&dry).len());
    let patch_text = stdout(&dry)[..diff_end].to_string();
    std::fs::write(&path, &broken).unwrap();
    if crate::require("patch", has_program("patch")) {
        let mut child = std::process::Command::new("patch")
            .arg(&path)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(patch_text.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success(), "{patch_text}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn carryover_is_checked_across_years_in_one_run() {
    let dir = std::env::temp_dir().join(format!("gongkai-years-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let last = std::fs::read_to_string(root().join("examples/2021-tabbed.txt")).unwrap();
    let this = last
        .replace("2022年", "2023年")
        .replace("2023年1月20日", "2024年1月20日")
        .replace("青禾县市场监督管理局", "某省青禾县市场监督管理局");
    std::fs::write(dir.join("2022.txt"), &last).unwrap();
    std::fs::write(dir.join("2023.txt"), &this).unwrap();
    let out = gongkai(&["check", "--format", "tsv", dir.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.contains("carryover-mismatch"), "{text}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn identity_codes_are_only_where_published_errors_are() {
    let out = gongkai(&["check", "--format", "tsv", "examples"]);
    let text = stdout(&out);
    for line in text.lines() {
        if IDENTITY_CODES.iter().any(|c| line.contains(c)) {
            assert!(line.starts_with("examples/error-"), "{line}");
        }
    }
}

#[test]
fn authoring_file_errors_are_findings() {
    let dir = std::env::temp_dir().join(format!("gongkai-toml-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let skeleton = stdout(&gongkai(&["new"]));
    let bad = skeleton.replace("\"review.upheld\" = \"\"", "\"review.upheld\" = \"七\"");
    let path = dir.join("report.toml");
    std::fs::write(&path, bad).unwrap();
    let out = gongkai(&["check", "--format", "tsv", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("\tauthoring-bad-value\t"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn gongkai_toml_in_every_toml_spelling_and_bad_levels_exit_2_in_the_users_language() {
    let dir = std::env::temp_dir().join(format!("gongkai-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = std::fs::read_to_string(root().join("examples/2021-label-variants.txt")).unwrap();
    std::fs::write(dir.join("r.txt"), report).unwrap();
    let run = |config: &str, lang: &str| {
        std::fs::write(dir.join("gongkai.toml"), config).unwrap();
        std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["--lang", lang, "check", "--format", "tsv", "r.txt"])
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    assert!(stdout(&run("", "zh")).contains("label-typo"));
    for config in [
        "[rules]\nlabel-typo = 'off'\n",
        "[ rules ]\nlabel-typo = \"off\"\n",
        "rules = { label-typo = \"off\" }\n",
    ] {
        let out = run(config, "zh");
        assert!(
            !stdout(&out).contains("label-typo"),
            "{config}: {}",
            stdout(&out)
        );
    }
    for (config, line) in [
        ("[rules]\nlabel-typo = \"loud\"\n", 2),
        ("rules = { label-typo = \"loud\" }\n", 1),
        ("[ rules ]\n\nlabel-typo = 'loud'\n", 3),
    ] {
        let zh = run(config, "zh");
        assert_eq!(zh.status.code(), Some(2), "{config}");
        let err = String::from_utf8_lossy(&zh.stderr);
        assert!(
            err.starts_with("错误：") && err.contains(&format!("第 {line} 行")),
            "{err}"
        );
        let en = run(config, "en");
        assert_eq!(en.status.code(), Some(2), "{config}");
        let err = String::from_utf8_lossy(&en.stderr);
        assert!(
            err.starts_with("error: ") && err.contains(&format!("line {line}")),
            "{err}"
        );
        assert!(stdout(&en).is_empty());
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_authoring_files_values_are_judged_once_by_the_rule_set() {
    let dir = std::env::temp_dir().join(format!("gongkai-judge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let skeleton = stdout(&gongkai(&[
        "new",
        "--agency",
        "青禾县市场监督管理局",
        "--year",
        "2024",
    ]));
    let path = dir.join("report.toml");
    let with = |old: &str, new: &str| {
        assert!(skeleton.contains(old), "{old}");
        std::fs::write(&path, skeleton.replacen(old, new, 1)).unwrap();
        let out = gongkai(&["check", "--format", "tsv", path.to_str().unwrap()]);
        let codes: Vec<String> = stdout(&out)
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(4).map(str::to_string))
            // What an empty skeleton has anyway: blank cells, empty sections.
            .filter(|c| {
                ![
                    "blank-cell",
                    "identity-not-assessable",
                    "empty-problems-section",
                    "fee-not-reported",
                ]
                .contains(&c.as_str())
            })
            .collect();
        (out.status.code(), codes)
    };
    // One negative count: one finding, from the rule set.
    let (code, codes) = with("\"review.upheld\" = \"\"", "\"review.upheld\" = -12");
    assert_eq!((code, codes), (Some(1), vec!["negative-count".to_string()]));
    // A fractional count is an error.
    let (code, codes) = with("\"review.upheld\" = \"\"", "\"review.upheld\" = 5.5");
    assert_eq!(
        (code, codes),
        (Some(1), vec!["fractional-count".to_string()])
    );
    // No agency: a finding, and no untitled document is rendered.
    let (code, codes) = with("agency = \"青禾县市场监督管理局\"", "agency = \"\"");
    assert_eq!(
        (code, codes),
        (Some(1), vec!["missing-agency-or-year".to_string()])
    );
    let out = gongkai(&["render", "--to", "html", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn every_code_check_can_print_is_listed_by_rules_and_explained() {
    let rules = stdout(&gongkai(&["rules"]));
    for code in gongkai_model::Code::ALL {
        if code.kind() == gongkai_model::CodeKind::Parser {
            continue;
        }
        assert!(
            rules.contains(&format!("\t{code}\t")),
            "{code} not in `rules`"
        );
        let out = gongkai(&["explain", code.as_str()]);
        assert_eq!(out.status.code(), Some(0), "{code}");
        assert!(stdout(&out).contains("## "), "{code}");
    }
}
