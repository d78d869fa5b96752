//! A002 `authoring-unknown-key`: an authoring file names a cell, section or table the template does not have (its content would be lost).

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule. The authoring-file reader (`gongkai-authoring`) finds these; the rule passes them on.
pub const RULE: Rule = Rule {
    code: Code::AuthoringUnknownKey,
    short: "A002",
    severity: Severity::Error,
    summary: (
        "填报文件中有模板没有的单元格、部分或表（其内容不会印出）",
        "an authoring file names a cell, section or table the template does not have (its content would be lost)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::AuthoringUnknownKey],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
[cells] 中的键不是该模板的规范键（见 spec/cells.md），[sections] 中的键不是六个部分之一，或文件有 [meta]、[sections]、[cells] 以外的表。

## 为什么重要
拼错的键名会让填写的数字或正文悄悄丢失：生成的报告里那一格是空白。

## 算式
无。

## 错误示例
\"requests.recieved.natural\" = 13（received 拼错）。

## 正确示例
\"requests.received.natural\" = 13。

## 不检查什么
值本身（见 authoring-bad-value）。
";

const DOC_EN: &str = "\
## What it checks
A key under [cells] is no canonical key of the template (spec/cells.md), a key under [sections] is not one of the six sections, or the file has a table other than [meta], [sections] and [cells].

## Why it matters
A misspelt key silently loses what was written: the rendered report shows that cell blank.

## Arithmetic
None.

## Invalid example
\"requests.recieved.natural\" = 13 (received misspelt).

## Valid example
\"requests.received.natural\" = 13.

## What it does not check
The values themselves (authoring-bad-value).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{run_authoring, skeleton};

    #[test]
    fn fires_on_an_authoring_file_with_the_mistake() {
        let text = skeleton() + "\"requests.nonsense\" = 1\n";
        let found = run_authoring(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, RULE.code);
        assert_eq!(found[0].severity, RULE.severity);
    }

    #[test]
    fn silent_on_a_complete_skeleton() {
        assert!(run_authoring(&RULE, &skeleton()).is_empty());
    }
}
