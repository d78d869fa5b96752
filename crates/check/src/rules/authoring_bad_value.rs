//! A001 `authoring-bad-value`: a value of an authoring file is not a number, blank or mark (or a bad [meta] value).

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule. The authoring-file reader (`gongkai-authoring`) finds these; the rule passes them on.
pub const RULE: Rule = Rule {
    code: Code::AuthoringBadValue,
    short: "A001",
    severity: Severity::Error,
    summary: (
        "填报文件中的值无法识别（不是数字、空白或记号，或 [meta] 的值不对）",
        "a value of an authoring file is not a number, blank or mark (or a bad [meta] value)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::AuthoringBadValue],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
填报文件（.toml）[cells] 中的值既不是数字，也不是表示空白的 \"\"，也不是 \"/\"、\"—\" 等记号；或 [meta] 中 year、published、template 的值不合格式。

## 为什么重要
无法识别的值不能印进报告，也无法核对勾稽关系；按空白或 0 处理都会改变报告的内容。

## 算式
无。

## 错误示例
\"review.total\" = \"十\"；year = \"二〇二四\"。

## 正确示例
\"review.total\" = 10；year = 2024。

## 不检查什么
数值本身是否合理（负数、小数、勾稽关系由规则集核对）。
";

const DOC_EN: &str = "\
## What it checks
A value under [cells] of an authoring file (.toml) is neither a number, nor \"\" for a blank, nor a mark such as \"/\" or \"—\"; or year, published or template in [meta] is malformed.

## Why it matters
A value that cannot be read can neither be printed nor checked; taking it as blank or zero would change what the report says.

## Arithmetic
None.

## Invalid example
\"review.total\" = \"十\"; year = \"二〇二四\".

## Valid example
\"review.total\" = 10; year = 2024.

## What it does not check
Whether the value is plausible (negative or fractional counts and the identities are the rule set's).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{edit, run_authoring, skeleton};

    #[test]
    fn fires_on_an_authoring_file_with_the_mistake() {
        let text = edit(
            &skeleton(),
            "\"review.total\" = \"\"",
            "\"review.total\" = \"十\"",
        );
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
