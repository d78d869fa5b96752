//! A003 `authoring-missing-key`: an authoring file lacks a cell or a [meta] key (taken as not filled in).

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule. The authoring-file reader (`gongkai-authoring`) finds these; the rule passes them on.
pub const RULE: Rule = Rule {
    code: Code::AuthoringMissingKey,
    short: "A003",
    severity: Severity::Warning,
    summary: (
        "填报文件缺少单元格或 [meta] 中的项（按未填写处理）",
        "an authoring file lacks a cell or a [meta] key (taken as not filled in)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::AuthoringMissingKey],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
[cells] 中缺少模板的某个单元格（按未填写处理，生成的报告中为空），或 [meta] 没有写 template（按年度选择模板）。

## 为什么重要
删掉的行在生成的报告中成为空白格，读者无法区分“没有填”和“为 0”。

## 算式
无。

## 错误示例
删去了 \"review.total\" 一行。

## 正确示例
保留 gongkai new 生成的每一行，没有的填 0。

## 不检查什么
已写出但为空白（\"\"）的单元格（见 blank-cell）。
";

const DOC_EN: &str = "\
## What it checks
A cell of the template is missing from [cells] (taken as not filled in: blank in the rendered report), or [meta] has no template (chosen by the year).

## Why it matters
A deleted line becomes a blank cell in the rendered report; readers cannot tell 'not filled in' from zero.

## Arithmetic
None.

## Invalid example
The line \"review.total\" was deleted.

## Valid example
Keep every line gongkai new writes; write 0 where nothing happened.

## What it does not check
Cells written as blank (\"\"): blank-cell.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{drop_line, run_authoring, skeleton};

    #[test]
    fn fires_on_an_authoring_file_with_the_mistake() {
        let text = drop_line(&skeleton(), "\"review.total\" = ");
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
