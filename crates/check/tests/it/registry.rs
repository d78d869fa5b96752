//! Meta-tests: unique codes and names, documented rules, every rule tested.

use std::collections::HashSet;

use gongkai_check::{RULES, rule};

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for r in RULES {
        assert!(seen.insert(r.name), "duplicate name {}", r.name);
        assert!(seen.insert(r.code), "duplicate code {}", r.code);
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
            "{}",
            r.name
        );
        let (letter, digits) = r.code.split_at(1);
        assert!(
            letter.chars().all(|c| c.is_ascii_uppercase())
                && digits.len() == 3
                && digits.parse::<u32>().is_ok(),
            "{}",
            r.code
        );
        assert_eq!(rule(r.name).map(|x| x.code), Some(r.code));
        assert_eq!(rule(&r.code.to_lowercase()).map(|x| x.name), Some(r.name));
    }
}

#[test]
fn every_doc_has_its_headings() {
    let zh = [
        "## 检查什么",
        "## 为什么重要",
        "## 算式",
        "## 错误示例",
        "## 正确示例",
        "## 不检查什么",
    ];
    let en = [
        "## What it checks",
        "## Why it matters",
        "## Arithmetic",
        "## Invalid example",
        "## Valid example",
        "## What it does not check",
    ];
    for r in RULES {
        for h in zh {
            assert!(r.doc.0.contains(h), "{}: {h}", r.name);
        }
        for h in en {
            assert!(r.doc.1.contains(h), "{}: {h}", r.name);
        }
        assert!(!r.summary.0.is_empty() && !r.summary.1.is_empty());
    }
}

#[test]
fn every_rule_has_its_own_file_with_tests() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for r in RULES {
        let file = dir.join(format!("{}.rs", r.name.replace('-', "_")));
        let src = std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("{} has no file {}", r.name, file.display()));
        assert!(src.contains(&format!("name: \"{}\"", r.name)), "{}", r.name);
        assert!(src.contains("#[cfg(test)]"), "{} has no tests", r.name);
        let tests = src.matches("#[test]").count();
        assert!(
            tests >= 3,
            "{} has {tests} tests; a firing, a silent and a missing-operand case are needed",
            r.name
        );
        assert!(
            src.contains("fn fires_") || src.contains("fn notes_"),
            "{} has no firing case",
            r.name
        );
        assert!(src.contains("fn silent_"), "{} has no silent case", r.name);
    }
}
