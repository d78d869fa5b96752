//! C006 `unreadable-table`: parts of a table could not be matched to the template.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::UnreadableTable,
    short: "C006",
    severity: Severity::Warning,
    summary: (
        "表格的部分行或数字无法对应到模板",
        "rows or numbers of a table could not be matched to the template",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[
        Code::UnmatchedRow,
        Code::DetachedValues,
        Code::ReviewCellCount,
        Code::RequestSubtotalColumn,
    ],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
读取表格时无法对应到模板的部分：认不出的行、模板没有的小计行或小计列（如“法人或其他组织”小计）、
与标签分离而行数对不上的数字、表四的数字个数不是 15。

## 为什么重要
这些数字没有读入规范单元格；若是报告自行增删了行列，也不符合模板（国办公开办函〔2021〕30号附件）。

## 算式
无。

## 错误示例
表三在“（三）不予公开”下加了一行小计。

## 正确示例
只有模板规定的行和列。

## 不检查什么
不检查能读入的单元格的数值。
";

const DOC_EN: &str = "\
## What it checks
Parts of a table that could not be matched to the template: unrecognised rows, subtotal rows or columns
the template does not have (e.g. a 法人或其他组织 subtotal), numbers detached from their labels whose
row count does not fit, a table 四 without 15 numbers.

## Why it matters
These numbers are not in the canonical cells; rows or columns added or dropped by the report also depart
from the template (annex to 国办公开办函〔2021〕30号).

## Arithmetic
None.

## Invalid example
Table 三 adds a subtotal row under （三）不予公开.

## Valid example
Only the template's rows and columns.

## What it does not check
The values of the cells that were read.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_on_a_subtotal_row() {
        let text = edit(
            BASELINE,
            "\t（三）不予公开\t1.属于国家秘密",
            "\t（三）不予公开小计\t1\t1\t0\t0\t2\t0\t4\n\t\t1.属于国家秘密",
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_without_tables() {
        assert!(run(&RULE, "").is_empty());
    }
}
