//! S008 `missing-row`: table 二 or 三 is in the report, but a row of the template is not in it.

use gongkai_model::labels::{RequestRow, Template, active_rows, request_rows};
use gongkai_model::{Code, Diagnostic, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::MissingRow,
    short: "S008",
    severity: Severity::Warning,
    summary: (
        "表格中找不到模板规定的行（其单元格按空白输出）",
        "a row of the template is not in its table (its cells are printed empty)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表二（主动公开）和表三（收到和处理申请）中，模板规定的每一行是否都找到了。每张表汇总为一条，列出找不到的行。

## 为什么重要
找不到的行，其单元格只能按空白输出：可能是报告删去了这一行，也可能是这一行的版式特殊（标签与数字分开、
数字与单位隔开、扫描件中整行漏认）而没有读出。两种情况都不能当作“已读出、全为空白”，须对照原件核对。

## 算式
无。

## 错误示例
2019 年模板的表二没有“政府集中采购”一行。

## 正确示例
表二印出模板的全部行，没有发生的填 0。

## 不检查什么
整张表缺失（见 missing-table）；2021 年报告沿用 2019 年模板的一行“（六）其他处理”时，不算缺少
“（六）”下的三行（见 mixed-template）。
";

const DOC_EN: &str = "\
## What it checks
Whether every row of the template was found in table 二 (proactive disclosure) and table 三
(requests). One finding per table lists the rows not found.

## Why it matters
The cells of a row not found can only be printed empty: the report may have deleted the row, or the
row is laid out in a way that was not read (label apart from its numbers, a unit set apart from its
amount, a whole row lost on a scan). Neither is \"read, and blank\": compare with the original.

## Arithmetic
None.

## Invalid example
Table 二 of a 2019-template report has no 政府集中采购 row.

## Valid example
Table 二 prints every row of the template, 0 where nothing happened.

## What it does not check
A whole missing table (missing-table); a 2021 report that prints the 2019 template's single row
（六）其他处理 is not missing the three rows under （六） (see mixed-template).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    if let Some(t) = &r.active {
        let missing: Vec<&str> = active_rows(t.template)
            .iter()
            .filter(|s| t.row(s.row).is_none())
            .map(|s| s.label)
            .collect();
        out.extend(finding(t.span, "表二", "table 二", &missing));
    }
    if let (Some(t), Some(template)) = (&r.requests, r.template) {
        let has = |row: RequestRow| t.row(row).is_some();
        let other_2019 = has(RequestRow::Other);
        let other_2021 = has(RequestRow::OtherNoCorrection)
            || has(RequestRow::OtherNoFee)
            || has(RequestRow::OtherOther);
        let template = match template {
            Template::Pre2019 => return out,
            t => t,
        };
        let missing: Vec<&str> = request_rows(template)
            .filter(|s| match s.row {
                // Either form of （六） stands for the other.
                RequestRow::Other => !other_2019 && !other_2021,
                RequestRow::OtherNoCorrection | RequestRow::OtherNoFee | RequestRow::OtherOther => {
                    !other_2019 && !has(s.row)
                }
                row => !has(row),
            })
            .map(|s| s.label)
            .collect();
        out.extend(finding(t.span, "表三", "table 三", &missing));
    }
    out
}

fn finding(span: Span, zh: &str, en: &str, missing: &[&str]) -> Option<Diagnostic> {
    if missing.is_empty() {
        return None;
    }
    let rows = missing.join("、");
    let n = missing.len();
    Some(
        super::finding(
            &RULE,
            span,
            Text::new(
                format!("{zh}中找不到模板规定的 {n} 行：{rows}；其单元格按空白输出"),
                format!(
                    "{en} lacks {n} row(s) of the template: {}; their cells are printed empty",
                    missing.join(", ")
                ),
            ),
            Text::new(format!("{zh}中没有：{rows}"), format!("not in {en}: {rows}")),
        )
        .with_help(Text::new(
            "对照原件核对：若报告删去了这些行，请按模板补全（没有发生的填 0）；若原件印有这些行，说明其版式未能读出",
            "compare with the original: if the report left the rows out, restore them as the template has them \
             (0 where nothing happened); if the original prints them, their layout was not read",
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, drop_line, run};

    #[test]
    fn fires_for_a_row_left_out_of_table_two() {
        let text = drop_line(BASELINE, "行政强制");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("表二"), "{found:?}");
        assert!(found[0].message.zh.contains("1 行：行政强制"), "{found:?}");
    }

    #[test]
    fn fires_for_a_row_left_out_of_table_three() {
        let line = BASELINE.lines().find(|l| l.contains("2.重复申请")).unwrap();
        let text = BASELINE.replacen(&format!("{line}\n"), "", 1);
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .zh
                .contains("表三中找不到模板规定的 1 行：2.重复申请"),
            "{found:?}"
        );
    }

    #[test]
    fn missing_table_is_left_to_missing_table() {
        let i = BASELINE.find("三、收到和处理政府信息公开申请情况").unwrap();
        let j = BASELINE.find("四、政府信息公开行政复议").unwrap();
        let text = format!("{}{}", &BASELINE[..i], &BASELINE[j..]);
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn silent_when_a_2021_report_prints_the_single_2019_other_row() {
        let lines: Vec<&str> = BASELINE.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains("（六）其他处理\t1.申请人"))
            .unwrap();
        assert!(lines[at + 2].contains("3.其他"));
        let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        text.splice(
            at..at + 3,
            ["\t（六）其他处理\t2\t0\t0\t0\t0\t0\t2".to_string()],
        );
        let text = text.join("\n");
        assert!(run(&RULE, &text).is_empty(), "{:?}", run(&RULE, &text));
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
