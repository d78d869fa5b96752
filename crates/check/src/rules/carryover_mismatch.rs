//! Y001 `carryover-mismatch`: 上年结转 of year N ≠ 结转下年度 of year N−1, per column.

use gongkai_model::labels::RequestRow;
use gongkai_model::{Applicant, Code, Diagnostic, Label, Severity, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::CarryoverMismatch,
    short: "Y001",
    severity: Severity::Warning,
    summary: (
        "本年“上年结转”与上一年度报告的“结转下年度继续办理”不一致",
        "this year's carried-over requests differ from last year's carried-forward ones",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
同一机关相邻两个年度的报告在同一次检查中时（机关名称宽松匹配：淮安市洪泽区人民政府与洪泽区人民政府视为同一机关），
本年表三“二、上年结转政府信息公开申请数量”每一列，应等于上一年度表三“四、结转下年度继续办理”的同一列。

## 为什么重要
结转的申请是同一批申请：上一年度结转下来多少，本年度就接手多少（templates.md S1）。不一致说明某一年的数字有误，
或有申请被遗漏。

## 算式
二、上年结转[列]（N 年） = 四、结转下年度继续办理[列]（N−1 年）

## 错误示例
2023 年度报告四为 5，2024 年度报告二为 3。

## 正确示例
两者都为 5。

## 不检查什么
不在同一次检查中的上一年度报告；任一单元格空白或未读出时不比较。
";

const DOC_EN: &str = "\
## What it checks
When reports of one agency for consecutive years are checked in one run (names matched loosely:
淮安市洪泽区人民政府 and 洪泽区人民政府 are one agency), each column of this year's 二、上年结转 in table 三
equals the same column of last year's 四、结转下年度继续办理.

## Why it matters
Carried-over requests are the same requests: what last year carried forward, this year takes over
(templates.md S1). A difference means one year's numbers are wrong or requests were lost.

## Arithmetic
二[c] (year N) = 四[c] (year N−1)

## Invalid example
The 2023 report carries forward 5; the 2024 report carries over 3.

## Valid example
Both 5.

## What it does not check
Last year's report when it is not in the same run; blank or unread cells.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let (Some(prev), Some(now)) = (
        ctx.previous.and_then(|p| p.requests.as_ref()),
        ctx.report.requests.as_ref(),
    ) else {
        return Vec::new();
    };
    let (Some(over), Some(forward)) = (
        now.row(RequestRow::CarriedOver),
        prev.row(RequestRow::CarriedForward),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for col in Applicant::ALL {
        let (a, b) = (&over.cells[col as usize], &forward.cells[col as usize]);
        let (Some(x), Some(y)) = (a.value.count(), b.value.count()) else {
            continue;
        };
        if x == y {
            continue;
        }
        out.push(
            super::finding(
                &RULE,
                a.span,
                Text::new(
                    format!("“{}”列：本年上年结转为 {x}，上一年度报告结转下年度为 {y}", col.label()),
                    format!("column {}: carried over this year {x}, carried forward in last year's report {y}", col.label()),
                ),
                Text::new(format!("上年结转 = {x}"), format!("carried over = {x}")),
            )
            .with_secondary(Label::new(b.span, Text::new(format!("上一年度：结转下年度 = {y}"), format!("last year: carried forward = {y}")))),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit};
    use gongkai_model::SourceId;

    fn run_pair(prev: &str, now: &str) -> Vec<Diagnostic> {
        let (p, _) = gongkai_parse::parse_text(prev, SourceId(1));
        let (n, d) = gongkai_parse::parse_text(now, SourceId(0));
        let ids = gongkai_model::check_identities(&n);
        let ctx = Context {
            report: &n,
            text: now,
            parse_diagnostics: &d,
            identities: &ids,
            previous: Some(&p),
        };
        crate::run(&RULE, &ctx)
    }

    fn next_year(carried_over: &str) -> String {
        let t = BASELINE.replace("2022年", "2023年");
        edit(
            &t,
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t7",
            carried_over,
        )
    }

    #[test]
    fn fires_when_the_years_do_not_chain() {
        let now = next_year("二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t7");
        // Last year carried forward 2, 1, 0, 0, 2, 0, 5.
        let found = run_pair(BASELINE, &now);
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn silent_when_they_chain() {
        let now = next_year("二、上年结转政府信息公开申请数量\t2\t1\t0\t0\t2\t0\t5");
        assert!(run_pair(BASELINE, &now).is_empty());
    }

    #[test]
    fn missing_last_year_or_blank_operands_stay_silent() {
        let now = next_year("二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t");
        assert!(run_pair(BASELINE, &now).is_empty());
        let (n, d) = gongkai_parse::parse_text(BASELINE, SourceId(0));
        let ctx = Context {
            report: &n,
            text: BASELINE,
            parse_diagnostics: &d,
            identities: &[],
            previous: None,
        };
        assert!(crate::run(&RULE, &ctx).is_empty());
    }
}
