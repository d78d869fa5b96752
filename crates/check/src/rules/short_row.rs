//! C004 `short-row`: a row prints fewer (or more) numbers than its columns.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::ShortRow,
    short: "C004",
    severity: Severity::Warning,
    summary: (
        "某行印出的数字个数与列数不符",
        "a row prints fewer or more numbers than its columns",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::ShortRow],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
表格某行印出的数字少于（或多于）列数，又没有位置信息说明缺的是哪一列。这些数字按从左到右存入，但不参与勾稽核对。

## 为什么重要
少印一格会让后面的数字全部错位：读者无法知道哪一列缺失。勾稽关系若照常计算会得出虚假的结论。

## 算式
无。

## 错误示例
表三“二、上年结转政府信息公开申请数量”一行只有 6 个数字。

## 正确示例
7 个数字，没有的填 0。

## 不检查什么
以制表符分隔、空位明确的空白单元格（见 blank-cell）。
";

const DOC_EN: &str = "\
## What it checks
A row prints fewer (or more) numbers than it has columns, and nothing shows which column is missing.
The numbers are kept from the left but identities do not use them.

## Why it matters
One missing cell shifts every number after it; readers cannot tell which column is missing, and
identities computed as usual would mislead.

## Arithmetic
None.

## Invalid example
The row 二、上年结转政府信息公开申请数量 of table 三 prints six numbers.

## Valid example
Seven numbers, 0 where nothing happened.

## What it does not check
Blank cells whose position is clear (blank-cell).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_on_a_row_with_six_numbers() {
        let text = edit(
            BASELINE,
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t7",
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2",
        );
        assert_eq!(run(&RULE, &text).len(), 1);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_on_an_explicit_blank() {
        let text = edit(
            BASELINE,
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t7",
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t",
        );
        assert!(run(&RULE, &text).is_empty());
    }
}
