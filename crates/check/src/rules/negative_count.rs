//! C003 `negative-count`: a count is negative where only 本年增/减 may be.

use gongkai_model::labels::ColumnKind;
use gongkai_model::{Code, Diagnostic, Severity, Text, Value};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::NegativeCount,
    short: "C003",
    severity: Severity::Error,
    summary: (
        "计数为负数（只有 2019 年表二的“本年增/减”可以为负）",
        "a count is negative (only the 2019 本年增/减 may be)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表格中为负数的计数。只有 2019 年模板表二的“本年增/减”列可以为负（减少用负值表示）。

## 为什么重要
件数、案件数、决定数不可能为负；负数通常是把“增/减”写进了别的列，或录入错误。

## 算式
单元格 ≥ 0（“本年增/减”除外）。

## 错误示例
“（一）予以公开 · 自然人”为 -2。

## 正确示例
“（一）予以公开 · 自然人”为 2；“行政许可 · 本年增/减”为 -14。

## 不检查什么
不检查“本年增/减”与上一年数量是否相符。
";

const DOC_EN: &str = "\
## What it checks
Negative counts. Only the 本年增/减 column of the 2019 table 二 may be negative (a decrease).

## Why it matters
Numbers of documents, requests, decisions or cases cannot be negative; a negative number usually means a
change was written in the wrong column, or a typing error.

## Arithmetic
cell ≥ 0 (except 本年增/减).

## Invalid example
（一）予以公开 · 自然人 is -2.

## Valid example
（一）予以公开 · 自然人 is 2; 行政许可 · 本年增/减 is -14.

## What it does not check
Whether 本年增/减 agrees with last year's numbers.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::all_cells(ctx.report)
        .filter(|(c, _, kind)| {
            *kind == ColumnKind::Count && matches!(c.value, Value::Count(n) if n < 0)
        })
        .map(|(c, label, _)| {
            super::finding(
                &RULE,
                c.span,
                Text::new(
                    format!("{label} 为负数 {}", c.value.canonical()),
                    format!("{label} is negative: {}", c.value.canonical()),
                ),
                Text::new("负数", "negative"),
            )
            .with_help(Text::new(
                "核对原始记录；件数不能为负",
                "check the records; counts cannot be negative",
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, BASELINE_2019, edit, run};

    #[test]
    fn fires_on_a_negative_count() {
        let text = edit(BASELINE, "行政强制\t12", "行政强制\t-12");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn silent_on_valid_reports_including_negative_changes() {
        assert!(run(&RULE, BASELINE).is_empty());
        assert!(BASELINE_2019.contains("\t-"));
        assert!(run(&RULE, BASELINE_2019).is_empty());
    }

    #[test]
    fn missing_numbers_marks_stay_silent() {
        let text = edit(BASELINE, "行政强制\t12", "行政强制\t-");
        assert!(run(&RULE, &text).is_empty());
    }
}
