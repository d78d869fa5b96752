//! S004 `mixed-template`: tables of the 2019 and the 2021 template mixed, or the wrong one for the year.

use gongkai_model::labels::{RequestRow, Template};
use gongkai_model::{Code, Diagnostic, Severity, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::MixedTemplate,
    short: "S004",
    severity: Severity::Warning,
    summary: (
        "表格混用 2019 年与 2021 年模板，或模板与报告年度不符",
        "tables mix the 2019 and 2021 templates, or do not match the report's year",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::OldLabelIn2021Table],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
- 2021 年及以后的报告使用了 2019 年模板的表二（本年新制作数量、上一年项目数量、政府集中采购等），或 2019、2020 年的
  报告使用了 2021 年模板；
- 表二与表三分属不同模板（如 2019 年表二配 2021 年表三的（六）1–3 三行）；
- 2021 年模板的表三把“（六）其他处理”印成一行（2019 年写法），其三个子项无法读出。

## 为什么重要
国办公开办函〔2021〕30号自 2021 年度报告起替换了〔2019〕60号的格式；混用使数据无法与其他机关、其他年度比较，
部分单元格也无法对应到规范单元格。

## 算式
无。

## 错误示例
2022 年度报告的表二列名为“本年新制作数量 / 本年新公开数量 / 对外公开总数量”。

## 正确示例
2022 年度报告的表二列名为“本年制发件数 / 本年废止件数 / 现行有效件数”。

## 不检查什么
不逐字核对标签（见 label-typo）。
";

const DOC_EN: &str = "\
## What it checks
- A report for 2021 or later uses the 2019 table 二 (本年新制作数量, 上一年项目数量, 政府集中采购 …), or a
  2019/2020 report uses the 2021 one;
- tables 二 and 三 follow different templates;
- a 2021 table 三 prints （六）其他处理 as one row (the 2019 layout), so its three sub-rows cannot be read.

## Why it matters
国办公开办函〔2021〕30号 replaced the 〔2019〕60号 format from the 2021 reports on; mixing them makes the
numbers incomparable across agencies and years and leaves some canonical cells unreadable.

## Arithmetic
None.

## Invalid example
A 2022 report whose table 二 has the columns 本年新制作数量 / 本年新公开数量 / 对外公开总数量.

## Valid example
A 2022 report whose table 二 has 本年制发件数 / 本年废止件数 / 现行有效件数.

## What it does not check
Label wording (label-typo).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    let year = r.meta.year.as_ref().map(|y| y.value);
    if let (Some(t), Some(y)) = (&r.active, year) {
        let expected = if y >= 2021 {
            Template::Y2021
        } else {
            Template::Y2019
        };
        if y >= 2019 && t.template != expected {
            out.push(
                super::finding(
                    &RULE,
                    t.span,
                    Text::new(
                        format!("{y} 年度的报告，表二却使用了 {} 年模板", t.template.code()),
                        format!(
                            "a report for {y} with table 二 in the {} template",
                            t.template.code()
                        ),
                    ),
                    Text::new("表二", "table 二"),
                )
                .with_help(Text::new(
                    format!("{y} 年度报告应使用 {} 年模板", expected.code()),
                    format!("a {y} report should use the {} template", expected.code()),
                )),
            );
        }
    }
    if let (Some(a), Some(q)) = (&r.active, &r.requests) {
        let q2021 = q.rows.iter().any(|x| {
            matches!(
                x.row,
                RequestRow::OtherNoCorrection | RequestRow::OtherNoFee
            )
        });
        if a.template == Template::Y2019 && q2021 {
            out.push(super::finding(
                &RULE,
                q.span,
                Text::new("表二是 2019 年模板，表三却是 2021 年模板（（六）分三项）", "table 二 follows the 2019 template but table 三 the 2021 one (（六） in three rows)"),
                Text::new("表三", "table 三"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, BASELINE_2019, edit, run};

    #[test]
    fn fires_on_a_2019_table_in_a_2022_report() {
        let text = edit(
            BASELINE_2019,
            "2020年政府信息公开工作年度报告",
            "2022年政府信息公开工作年度报告",
        );
        let found = run(&RULE, &text);
        assert!(
            found.iter().any(|d| d.message.zh.contains("2019 年模板")),
            "{found:?}"
        );
    }

    #[test]
    fn fires_on_a_single_other_row_in_a_2021_table() {
        let i = BASELINE.find("\t（六）其他处理").unwrap();
        let j = BASELINE.find("\t（七）总计").unwrap();
        let text = format!(
            "{}\t（六）其他处理\t2\t0\t0\t0\t0\t0\t2\n{}",
            &BASELINE[..i],
            &BASELINE[j..]
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn silent_on_valid_reports() {
        assert!(run(&RULE, BASELINE).is_empty());
        assert!(run(&RULE, BASELINE_2019).is_empty());
    }

    #[test]
    fn missing_year_stays_silent() {
        let text = edit(
            BASELINE,
            "青禾县市场监督管理局2022年政府信息公开工作年度报告",
            "政府信息公开工作年度报告",
        );
        let text = text.replace("2022年1月1日", "").replace("2022年", "");
        assert!(run(&RULE, &text).is_empty());
    }
}
