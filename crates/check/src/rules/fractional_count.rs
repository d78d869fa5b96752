//! C007 `fractional-count`: a count cell holds a number with a fraction.

use gongkai_model::labels::ColumnKind;
use gongkai_model::{Code, Diagnostic, Severity, Text, Value};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::FractionalCount,
    short: "C007",
    severity: Severity::Error,
    summary: (
        "计数单元格填的是小数（件数、案件数只能是整数）",
        "a count cell holds a fraction (counts are whole numbers)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表格中只能填件数的单元格（表二除金额外的各列、表三、表四）填了带小数点的数，如 5.5。

## 为什么重要
件数、案件数、决定数都是整数；小数通常是把金额或百分比填错了格，或数字印错了。带小数的单元格也无法参与勾稽核对。

## 算式
单元格为整数（表二的“处理总金额”“收费金额”等金额列除外）。

## 错误示例
“（一）予以公开 · 自然人”为 4.5。

## 正确示例
“（一）予以公开 · 自然人”为 4；“行政事业性收费 · 收费金额（单位：万元）”为 12.36。

## 不检查什么
金额列的数值（见 fee-not-reported 等）；负数（见 negative-count）。
";

const DOC_EN: &str = "\
## What it checks
A cell that can only hold a count (every column of table 二 but its amounts, tables 三 and 四) holds a
number with a decimal point, such as 5.5.

## Why it matters
Numbers of documents, requests, decisions and cases are whole numbers; a fraction usually means an amount
or a percentage went into the wrong cell, or a misprint. Such a cell cannot take part in the identities.

## Arithmetic
cell is a whole number (except the amount columns of table 二, such as 收费金额).

## Invalid example
（一）予以公开 · 自然人 is 4.5.

## Valid example
（一）予以公开 · 自然人 is 4; 行政事业性收费 · 收费金额（单位：万元） is 12.36.

## What it does not check
Amount columns (fee-not-reported and others); negative counts (negative-count).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::all_cells(ctx.report)
        .filter(|(c, _, kind)| {
            *kind != ColumnKind::Amount && matches!(c.value, Value::Amount { .. })
        })
        .map(|(c, label, _)| {
            super::finding(
                &RULE,
                c.span,
                Text::new(
                    format!("{label} 是件数，却填了小数 {}", c.value.canonical()),
                    format!(
                        "{label} is a count but holds the fraction {}",
                        c.value.canonical()
                    ),
                ),
                Text::new("小数", "fraction"),
            )
            .with_help(Text::new(
                "核对原始记录，填写整数件数",
                "check the records and write the whole number",
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, BASELINE_2019, edit, run};

    #[test]
    fn fires_on_a_fraction_in_a_count_column() {
        let text = edit(BASELINE, "（一）予以公开\t4\t6", "（一）予以公开\t4.5\t6");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].primary.span.range()], "4.5");
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn silent_on_valid_reports_with_amounts() {
        assert!(run(&RULE, BASELINE).is_empty());
        // The 2019 example states a procurement amount with decimals: an amount column.
        assert!(run(&RULE, BASELINE_2019).is_empty());
    }

    #[test]
    fn missing_cells_and_marks_stay_silent() {
        let text = edit(BASELINE, "（一）予以公开\t4\t6", "（一）予以公开\t/\t");
        assert!(run(&RULE, &text).is_empty());
    }
}
