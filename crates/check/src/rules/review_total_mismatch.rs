//! I004 `review-total-mismatch`: each 总计 of table 四 = its four results.

use gongkai_model::{Code, Diagnostic, Identity, Severity};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::ReviewTotalMismatch,
    short: "I004",
    severity: Severity::Error,
    summary: (
        "表四每组：总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
        "table 四, each group: 总计 must equal upheld + corrected + other + pending",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表四（政府信息公开行政复议、行政诉讼情况）的三组——行政复议、未经复议直接起诉、复议后起诉——
每组的“总计”应等于结果维持、结果纠正、其他结果、尚未审结之和。

## 为什么重要
模板中每组的“总计”只能是该组四种结果之和。常见错误是把总计印成 0（例如一份 2023 年报告行政复议
结果维持 10、结果纠正 1，总计却为 0）。

## 算式
总计[组] = 结果维持[组] + 结果纠正[组] + 其他结果[组] + 尚未审结[组]

## 错误示例
行政复议：1、0、0、1，总计 0。

## 正确示例
行政复议：1、0、0、1，总计 2。

## 不检查什么
任一运算数空白或未读出时记为“无法核对”。不核对叙述中的复议、诉讼件数（见 narrative-table-mismatch）。
";

const DOC_EN: &str = "\
## What it checks
In table 四 (administrative review and litigation), each of the three groups — 行政复议, 未经复议直接起诉
and 复议后起诉 — has a 总计 equal to the sum of 结果维持, 结果纠正, 其他结果 and 尚未审结.

## Why it matters
A group's 总计 can only be the sum of its four results. A common error prints the totals as 0 (one 2023
report has review results 10 and 1 with a total of 0).

## Arithmetic
总计[g] = 结果维持[g] + 结果纠正[g] + 其他结果[g] + 尚未审结[g]

## Invalid example
行政复议: 1, 0, 0, 1 with 总计 0.

## Valid example
行政复议: 1, 0, 0, 1 with 总计 2.

## What it does not check
A blank or unread operand makes the group not assessable. Case counts stated in the narrative are
narrative-table-mismatch.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::identity_findings(ctx, &RULE, Identity::I4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_a_total_is_printed_as_zero() {
        let text = edit(BASELINE, "1\t0\t0\t1\t2\t0", "1\t0\t0\t1\t0\t0");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("行政复议"));
        assert_eq!(found[0].secondary.len(), 4);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_result_stays_silent() {
        let text = edit(BASELINE, "1\t0\t0\t1\t2\t0", "1\t\t0\t1\t2\t0");
        assert!(run(&RULE, &text).is_empty());
    }
}
