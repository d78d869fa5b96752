//! Meta-tests: unique codes and names, documented rules, every rule tested.

use std::collections::HashSet;

use gongkai_check::{RULES, rule, rule_of};
use gongkai_model::{Code, CodeKind};

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for r in RULES {
        assert!(seen.insert(r.name()), "duplicate name {}", r.name());
        assert!(seen.insert(r.short), "duplicate code {}", r.short);
        let (letter, digits) = r.short.split_at(1);
        assert!(
            letter.chars().all(|c| c.is_ascii_uppercase())
                && digits.len() == 3
                && digits.parse::<u32>().is_ok(),
            "{}",
            r.short
        );
        assert_eq!(rule(r.name()).map(|x| x.short), Some(r.short));
        assert_eq!(
            rule(&r.short.to_lowercase()).map(|x| x.name()),
            Some(r.name())
        );
        assert_eq!(rule_of(r.code).map(|x| x.short), Some(r.short));
        assert_ne!(
            r.code.kind(),
            CodeKind::Parser,
            "{} is a parser code",
            r.name()
        );
    }
}

#[test]
fn every_code_a_user_can_see_has_a_rule_and_parser_codes_have_none() {
    for code in Code::ALL {
        match code.kind() {
            CodeKind::Parser => assert!(rule_of(code).is_none(), "{code}"),
            _ => assert!(
                rule_of(code).is_some(),
                "{code} has no rule: `rules` and `explain` would not know it"
            ),
        }
    }
}

/// Every `Code::Name` written in the Rust sources under `dir`.
fn codes_used_in(dir: &std::path::Path, out: &mut std::collections::BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            codes_used_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let src = std::fs::read_to_string(&path).unwrap();
            for (i, _) in src.match_indices("Code::") {
                let name: String = src[i + 6..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    out.insert(name);
                }
            }
        }
    }
}

#[test]
fn every_code_the_parser_and_the_readers_emit_is_passed_on_by_a_rule() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut used = std::collections::BTreeSet::new();
    for dir in ["parse/src", "authoring/src"] {
        codes_used_in(&crates.join(dir), &mut used);
    }
    assert!(
        used.contains("ShortRow") && used.contains("AuthoringBadValue"),
        "{used:?}"
    );
    for name in &used {
        let code = Code::ALL
            .into_iter()
            .find(|c| format!("{c:?}") == *name)
            .unwrap_or_else(|| panic!("Code::{name} is no code"));
        assert!(
            RULES.iter().any(|r| r.forwards.contains(&code)),
            "Code::{name} is emitted but no rule passes it on: its findings would be lost"
        );
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
            assert!(r.doc.0.contains(h), "{}: {h}", r.name());
        }
        for h in en {
            assert!(r.doc.1.contains(h), "{}: {h}", r.name());
        }
        assert!(!r.summary.0.is_empty() && !r.summary.1.is_empty());
    }
}

/// The tests a rule file must have, by name: a case that fires (`fires_…`, or `notes_…` for a
/// rule whose finding is a note), a case that stays silent (`silent_…`), and — for a rule that
/// judges a report itself — a case with a missing or unreadable operand (`missing_…`), which
/// must stay silent or say "not assessable", never panic. Rules that only pass on what reading
/// found have no operands of their own.
#[test]
fn every_rule_has_its_own_file_with_tests() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for r in RULES {
        let file = dir.join(format!("{}.rs", r.name().replace('-', "_")));
        let src = std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("{} has no file {}", r.name(), file.display()));
        assert!(
            src.contains(&format!("code: Code::{:?},", r.code)),
            "{}",
            r.name()
        );
        assert!(src.contains("#[cfg(test)]"), "{} has no tests", r.name());
        let tests: Vec<&str> = src
            .split("#[test]")
            .skip(1)
            .filter_map(|t| t.split("fn ").nth(1))
            .collect();
        let has = |prefix: &str| tests.iter().any(|t| t.starts_with(prefix));
        assert!(
            has("fires_") || has("notes_"),
            "{} has no firing case (fn fires_…)",
            r.name()
        );
        assert!(
            has("silent_"),
            "{} has no silent case (fn silent_…)",
            r.name()
        );
        if r.check.is_some() {
            assert!(
                has("missing_"),
                "{} has no missing-operand case (fn missing_…)",
                r.name()
            );
        }
    }
}
