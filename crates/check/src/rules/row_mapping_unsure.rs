//! C008 `row-mapping-unsure`: rows of numbers whose place in the template is not sure.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::RowMappingUnsure,
    short: "C008",
    severity: Severity::Warning,
    summary: (
        "表格中有几行数字无法确定对应模板的哪一行",
        "rows of numbers that cannot be placed in the template for sure",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::RowMappingUnsure],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
表三中某几行数字的标签无法辨认（例如 `pdftotext -layout` 输出的窄标签列把“1.属于国家秘密”折成“1.属 / 于国 / 家秘 / 密”），\
这几行所在的区段里数字行又少于模板行，因而无法确定每行数字属于哪一行。这些数字按顺序暂放，标为不确定，不作为已读出的值，也不参与勾稽核对。

## 为什么重要
错放一行，数字看起来照常读出，实际却记在了别的行下（例如“属于国家秘密”的件数记成“其他法律行政法规禁止公开”）。\
汇总和比较会悄悄出错，勾稽关系也可能恰好成立而掩盖错误。宁可指出不确定，也不把错位的数字当作读出的值。

## 算式
在两个能辨认标签的行之间：数字行数 < 模板行数，且某行既无自身标签，也无邻近的标签片段指明其所属行。

## 错误示例
“二、上年结转政府信息公开申请数量”与“（三）不予公开 1.属于国家秘密”之间只有一行数字，标签无法辨认：它可能是“（一）予以公开”，也可能是“（二）部分公开”。

## 正确示例
每行标签完整，或以 DOCX、HTML、制表符分隔的文本提供报告。

## 不检查什么
数字个数与列数不符的行（见 short-row）；完全无法对应模板的行（见 unreadable-table）。
";

const DOC_EN: &str = "\
## What it checks
Rows of numbers in table 三 whose labels cannot be read (a narrow label column in `pdftotext -layout`
output wraps 1.属于国家秘密 as 1.属 / 于国 / 家秘 / 密) in a stretch of the table with fewer rows of numbers
than template rows, so that which row each belongs to is not known. The numbers are placed in order,
marked uncertain, not taken as read, and left out of the identities.

## Why it matters
A row placed one off looks read as usual but is counted under another row (the 属于国家秘密 count
under 其他法律行政法规禁止公开). Sums and comparisons go quietly wrong, and the identities may even hold
and hide it. Saying the placement is unsure is better than printing a shifted number as read.

## Arithmetic
Between two rows with readable labels: fewer rows of numbers than template rows, and a row with neither
its own label nor a fragment of one beside it naming its row.

## Invalid example
Only one row of numbers, with an unreadable label, between 二、上年结转政府信息公开申请数量 and
（三）不予公开 1.属于国家秘密: it may be （一）予以公开 or （二）部分公开.

## Valid example
Every row's label readable, or the report given as DOCX, HTML or TAB-separated text.

## What it does not check
Rows printing more or fewer numbers than columns (short-row); rows that fit no template row at all
(unreadable-table).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, drop_line, edit, run};

    /// The baseline with （一）'s label unreadable and （二） left out: one row of numbers for
    /// two template rows.
    fn one_row_for_two() -> String {
        let text = edit(
            BASELINE,
            "三、本年度办理结果\t（一）予以公开\t",
            "三、本年度办理结果\t甲\t",
        );
        drop_line(&text, "\t（二）部分公开")
    }

    #[test]
    fn fires_on_a_row_that_could_be_either_of_two() {
        let found = run(&RULE, &one_row_for_two());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("部分公开"), "{:?}", found[0]);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_when_the_unreadable_row_is_the_only_one_it_can_be() {
        // （一）'s label is unreadable, but it is the only row between 二 and （二).
        let text = edit(
            BASELINE,
            "三、本年度办理结果\t（一）予以公开\t",
            "三、本年度办理结果\t甲\t",
        );
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn silent_without_table_three() {
        let start = BASELINE.find("一、本年新收").unwrap();
        let end = BASELINE.find("四、结转下年度继续办理").unwrap();
        let text = format!("{}{}", &BASELINE[..start], &BASELINE[end..]);
        assert!(run(&RULE, &text).is_empty());
    }
}
