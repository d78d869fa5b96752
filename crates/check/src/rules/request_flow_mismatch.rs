//! I001 `request-flow-mismatch`: 一 + 二 = （七）总计 + 四 in every column of table 三.

use gongkai_model::{Code, Diagnostic, Identity, Severity};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::RequestFlowMismatch,
    short: "I001",
    severity: Severity::Error,
    summary: (
        "表三每列：一、本年新收 + 二、上年结转 应等于 （七）总计 + 四、结转下年度继续办理",
        "table 三, each column: received + carried over must equal （七）总计 + carried forward",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表三（收到和处理政府信息公开申请情况）每一列（自然人、五类法人或其他组织、总计）：
本年新收的申请加上年结转的申请，应等于本年办理完毕的（（七）总计）加结转下年度继续办理的。

## 为什么重要
这是模板本身印在表三左上角的勾稽关系：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”
（国办公开办函〔2021〕30号、〔2019〕60号附件）。不成立说明有申请被漏计或重复计算。

## 算式
一[列] + 二[列] = 三（七）总计[列] + 四[列]

## 错误示例
自然人列：一 = 13，二 = 2，（七）总计 = 13，四 = 3 —— 15 ≠ 16。

## 正确示例
自然人列：一 = 13，二 = 2，（七）总计 = 13，四 = 2 —— 15 = 15。

## 不检查什么
任一运算数空白、为记号或未读出时，该列记为“无法核对”（见 identity-not-assessable），不报错。
不检查跨年度的结转（见 carryover-mismatch）。
";

const DOC_EN: &str = "\
## What it checks
In every column of table 三 (requests received and processed): requests received this year plus
those carried over from last year equal those processed this year (（七）总计) plus those carried
forward to next year.

## Why it matters
The template prints this identity in the corner cell of table 三: “第一项加第二项之和，等于第三项加第四项之和”
(annex to 国办公开办函〔2021〕30号 and 〔2019〕60号). If it fails, requests were lost or counted twice.

## Arithmetic
一[c] + 二[c] = 三（七）总计[c] + 四[c]

## Invalid example
自然人: 一 = 13, 二 = 2, （七）总计 = 13, 四 = 3 — 15 ≠ 16.

## Valid example
自然人: 一 = 13, 二 = 2, （七）总计 = 13, 四 = 2 — 15 = 15.

## What it does not check
A blank, mark or unread operand makes the column “not assessable” (identity-not-assessable), not an
error. Carry-over across years is carryover-mismatch.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::identity_findings(ctx, &RULE, Identity::I1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_a_column_does_not_balance() {
        let text = edit(
            BASELINE,
            "四、结转下年度继续办理\t2\t1",
            "四、结转下年度继续办理\t3\t1",
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("自然人"));
        assert_eq!(found[0].secondary.len(), 3);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_operand_blank_stays_silent() {
        let text = edit(
            BASELINE,
            "四、结转下年度继续办理\t2\t1",
            "四、结转下年度继续办理\t\t1",
        );
        assert!(run(&RULE, &text).is_empty());
    }
}
