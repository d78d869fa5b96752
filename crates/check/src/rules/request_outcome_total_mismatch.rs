//! I003 `request-outcome-total-mismatch`: （七）总计 = the outcome rows, in every column.

use gongkai_model::{Code, Diagnostic, Identity, Severity};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::RequestOutcomeTotalMismatch,
    short: "I003",
    severity: Severity::Error,
    summary: (
        "表三每列：（七）总计应等于（一）至（六）各办理结果之和",
        "table 三, each column: （七）总计 must equal the sum of the outcome rows （一）–（六）",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表三每一列：“三、本年度办理结果”的（七）总计，应等于（一）予以公开、（二）部分公开、（三）不予公开 1–8、
（四）无法提供 1–3、（五）不予处理 1–5、（六）其他处理（2021 年模板为其 1–3 三项）之和。

## 为什么重要
（七）总计只能是本年度各办理结果之和；模板没有（三）至（六）的小计行。不成立说明某项结果印错、漏印，或总计另算。

## 算式
（七）总计[列] = （一）+（二）+ Σ（三）1..8 + Σ（四）1..3 + Σ（五）1..5 + Σ（六）（2019 年一行，2021 年 1..3）

## 错误示例
自然人列：各办理结果之和为 19，（七）总计印为 17。

## 正确示例
自然人列：各办理结果之和为 17，（七）总计 17。

## 不检查什么
任一运算数空白、为记号或未读出时记为“无法核对”。不核对各行的总计列（见 request-row-total-mismatch）。
";

const DOC_EN: &str = "\
## What it checks
In every column of table 三, （七）总计 of 三、本年度办理结果 equals the sum of （一）予以公开,
（二）部分公开, （三）不予公开 1–8, （四）无法提供 1–3, （五）不予处理 1–5 and （六）其他处理 (one row in
the 2019 template, three in 2021).

## Why it matters
（七）总计 can only be the sum of the year's outcomes; the template has no subtotal rows for （三）–（六）.
A mismatch means an outcome is misprinted or missing, or the total was computed elsewhere.

## Arithmetic
（七）总计[c] = （一）+（二）+ Σ（三）1..8 + Σ（四）1..3 + Σ（五）1..5 + Σ（六）(1 row in 2019, 1..3 in 2021)

## Invalid example
自然人: the outcomes sum to 19, （七）总计 prints 17.

## Valid example
自然人: the outcomes sum to 17, （七）总计 17.

## What it does not check
A blank, mark or unread operand makes the column not assessable. Row totals are request-row-total-mismatch.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::identity_findings(ctx, &RULE, Identity::I3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_the_outcomes_do_not_add_up() {
        let text = edit(BASELINE, "（七）总计\t13\t7", "（七）总计\t11\t7");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("自然人"));
        assert!(found[0].secondary.len() >= 21);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_operand_mark_stays_silent() {
        let text = edit(BASELINE, "1.属于国家秘密\t0", "1.属于国家秘密\t/");
        assert!(run(&RULE, &text).is_empty());
    }
}
