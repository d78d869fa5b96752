//! I005 `identity-not-assessable`: an identity has a blank, mark or unread operand.

use gongkai_model::{Code, Diagnostic, Identity, Outcome, Severity, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::IdentityNotAssessable,
    short: "I005",
    severity: Severity::Note,
    summary: (
        "勾稽关系因空白、记号或未读出的单元格而无法核对",
        "an identity cannot be checked because an operand is blank, a mark or unread",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
I1–I4 中有运算数为空白、记号（如 /、—）、连写无法拆分或未读出时，该处关系无法核对。每个关系汇总为一条提示，
列出无法核对的列、行或组。

## 为什么重要
空白不是 0：把空白当作 0 会制造虚假的错误，也会掩盖真实的错误。模板要求每个单元格填写数字（没有发生的填 0）。

## 算式
同 I1–I4；只是不能计算。

## 错误示例
“（一）予以公开”一行的总计空白：I2 在这一行无法核对。

## 正确示例
该格填 0 或实际数字。

## 不检查什么
不推断空白单元格的值。
";

const DOC_EN: &str = "\
## What it checks
Where an operand of I1–I4 is blank, a mark (/, —), run-together digits that could not be split, or
unread, that identity cannot be checked. One note per identity lists the columns, rows or groups.

## Why it matters
Blank is not zero: treating a blank as 0 would invent errors and hide real ones. The template expects a
number in every cell (0 when nothing happened).

## Arithmetic
As I1–I4; it just cannot be computed.

## Invalid example
The 总计 of （一）予以公开 is blank: I2 cannot be checked on that row.

## Valid example
The cell holds 0 or the actual number.

## What it does not check
It never guesses the value of a blank cell.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let checks = ctx.identities;
    let mut out = Vec::new();
    for id in [Identity::I1, Identity::I2, Identity::I3, Identity::I4] {
        let open: Vec<_> = checks
            .iter()
            .filter(|c| c.identity == id && c.outcome == Outcome::NotAssessable)
            .collect();
        let Some(first) = open.first() else { continue };
        let operand = first
            .lhs
            .iter()
            .chain(&first.rhs)
            .find(|o| o.value.is_none())
            .unwrap_or(&first.lhs[0]);
        let scopes_zh: Vec<&str> = open.iter().map(|c| &*c.scope.zh).collect();
        let scopes_en: Vec<&str> = open.iter().map(|c| &*c.scope.en).collect();
        out.push(super::finding(
            &RULE,
            operand.span,
            Text::new(
                format!(
                    "{id:?}（{}）有 {} 处无法核对：{}",
                    what(id).0,
                    open.len(),
                    scopes_zh.join("、")
                ),
                format!(
                    "{id:?} ({}) cannot be checked at {}: {}",
                    what(id).1,
                    open.len(),
                    scopes_en.join(", ")
                ),
            ),
            Text::new(
                format!("{} 没有数字", operand.label),
                format!("{} has no number", operand.label),
            ),
        ));
    }
    out
}

/// The identity in words.
fn what(id: Identity) -> (&'static str, &'static str) {
    match id {
        Identity::I1 => (
            "表三 一 + 二 = （七）总计 + 四",
            "table 三: 一 + 二 = （七）总计 + 四",
        ),
        Identity::I2 => (
            "表三 总计 = 六类申请人之和",
            "table 三: 总计 = the six applicant columns",
        ),
        Identity::I3 => (
            "表三 （七）总计 = 各办理结果之和",
            "table 三: （七）总计 = the outcome rows",
        ),
        Identity::I4 => (
            "表四 总计 = 四种结果之和",
            "table 四: 总计 = the four results",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_once_per_identity_with_a_blank_operand() {
        let text = edit(
            BASELINE,
            "（一）予以公开\t4\t6\t0\t0\t0\t0\t10",
            "（一）予以公开\t4\t6\t0\t0\t0\t0\t",
        );
        let found = run(&RULE, &text);
        // I2 on that row, I3 on the 总计 column.
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_tables_stay_silent() {
        assert!(
            run(
                &RULE,
                "某局2022年政府信息公开工作年度报告\n一、总体情况\n无。"
            )
            .is_empty()
        );
    }
}
