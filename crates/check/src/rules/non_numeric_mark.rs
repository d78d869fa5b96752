//! C002 `non-numeric-mark`: a count cell holds a mark such as `/` or `—` instead of a number.

use gongkai_model::{Code, Diagnostic, Severity, Text, Value};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::NonNumericMark,
    short: "C002",
    severity: Severity::Warning,
    summary: (
        "计数单元格填的是 /、— 等记号而不是数字",
        "a count cell holds a mark such as / or — instead of a number",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表格中填写 /、—、－、无 等记号的单元格。记号原样保存在规范单元格中。

## 为什么重要
模板的单元格是数字；记号的含义因机关而异（0？不适用？未统计？），无法比较，也使勾稽关系无法核对。

## 算式
无。

## 错误示例
“行政强制”一行的本年增/减填“/”。

## 正确示例
填 0 或实际数字。

## 不检查什么
不检查空白单元格（见 blank-cell）。
";

const DOC_EN: &str = "\
## What it checks
Cells holding a mark such as /, —, －, 无. The mark is kept verbatim in the canonical cells.

## Why it matters
Template cells are numbers; a mark means different things to different agencies (0? not applicable?
not counted?), cannot be compared, and makes identities not assessable.

## Arithmetic
None.

## Invalid example
行政强制 · 本年增/减 holds “/”.

## Valid example
0 or the actual number.

## What it does not check
Blank cells (blank-cell).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::all_cells(ctx.report)
        .filter_map(|(c, label, _)| {
            let Value::Mark(m) = &c.value else {
                return None;
            };
            Some(
                super::finding(
                    &RULE,
                    c.span,
                    Text::new(
                        format!("{label} 填的是记号“{m}”而不是数字"),
                        format!("{label} holds the mark “{m}” instead of a number"),
                    ),
                    Text::new("记号", "mark"),
                )
                .with_help(Text::new("填 0 或实际数字", "write 0 or the actual number")),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_on_a_mark() {
        let text = edit(BASELINE, "行政强制\t12", "行政强制\t—");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("行政强制"));
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_blank_cells_stay_silent() {
        let text = edit(BASELINE, "行政强制\t12", "行政强制\t");
        assert!(run(&RULE, &text).is_empty());
    }
}
