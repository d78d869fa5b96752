//! A004 `authoring-missing-table`: an authoring file has no [cells] table: the three tables cannot be written.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule. The authoring-file reader (`gongkai-authoring`) finds these; the rule passes them on.
pub const RULE: Rule = Rule {
    code: Code::AuthoringMissingTable,
    short: "A004",
    severity: Severity::Error,
    summary: (
        "填报文件缺少 [cells] 表：三张统计表无法生成",
        "an authoring file has no [cells] table: the three tables cannot be written",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::AuthoringMissingTable],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
填报文件没有 [cells] 表。

## 为什么重要
没有 [cells] 就没有统计表；生成的报告会缺少模板规定的三张表。

## 算式
无。

## 错误示例
只有 [meta] 和 [sections] 的文件。

## 正确示例
用 gongkai new 生成的完整文件。

## 不检查什么
各单元格（见 authoring-missing-key）。
";

const DOC_EN: &str = "\
## What it checks
The authoring file has no [cells] table.

## Why it matters
Without [cells] there are no tables; the rendered report would lack the template's three tables.

## Arithmetic
None.

## Invalid example
A file with only [meta] and [sections].

## Valid example
A complete file from gongkai new.

## What it does not check
Single cells (authoring-missing-key).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{run_authoring, skeleton};

    #[test]
    fn fires_on_an_authoring_file_with_the_mistake() {
        let text = skeleton()[..skeleton().find("[cells]").unwrap()].to_string();
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
