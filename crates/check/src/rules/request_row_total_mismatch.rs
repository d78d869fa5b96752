//! I002 `request-row-total-mismatch`: 总计 = the six applicant columns, in every row of table 三.

use gongkai_model::{Code, Diagnostic, Identity, Severity};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::RequestRowTotalMismatch,
    short: "I002",
    severity: Severity::Error,
    summary: (
        "表三每行：总计应等于自然人与五类法人或其他组织之和",
        "table 三, each row: 总计 must equal the sum of the six applicant columns",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表三每一行的“总计”列，应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。

## 为什么重要
模板中标为“总计”的单元格只能是本行各申请人类别之和（国办公开办函〔2021〕30号附件表三的列结构：
申请人情况 = 自然人 + 法人或其他组织五类 + 总计）。不成立说明某一格印错或总计是另算的。

## 算式
总计[行] = 自然人[行] + 商业企业[行] + 科研机构[行] + 社会公益组织[行] + 法律服务机构[行] + 其他[行]

## 错误示例
（一）予以公开：4、6、0、0、0、0，总计 12 —— 10 ≠ 12。

## 正确示例
（一）予以公开：4、6、0、0、0、0，总计 10。

## 不检查什么
有空白、记号或未读出的单元格的行记为“无法核对”；印出的数字少于列数的行不核对（列位置不确定）。
";

const DOC_EN: &str = "\
## What it checks
In every row of table 三, the 总计 column equals the sum of 自然人, 商业企业, 科研机构, 社会公益组织,
法律服务机构 and 其他.

## Why it matters
A cell labelled 总计 can only be the sum of its row's applicant columns (the column structure of table 三
in the annex to 国办公开办函〔2021〕30号). A mismatch means a cell is misprinted or the total was
computed elsewhere.

## Arithmetic
总计[r] = 自然人[r] + 商业企业[r] + 科研机构[r] + 社会公益组织[r] + 法律服务机构[r] + 其他[r]

## Invalid example
（一）予以公开: 4, 6, 0, 0, 0, 0 with 总计 12 — 10 ≠ 12.

## Valid example
（一）予以公开: 4, 6, 0, 0, 0, 0 with 总计 10.

## What it does not check
Rows with a blank, mark or unread cell are not assessable; rows printing fewer numbers than columns
are skipped (their column positions are uncertain).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    super::identity_findings(ctx, &RULE, Identity::I2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_a_row_total_is_wrong() {
        let text = edit(
            BASELINE,
            "（一）予以公开\t4\t6\t0\t0\t0\t0\t10",
            "（一）予以公开\t4\t6\t0\t0\t0\t0\t12",
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("予以公开"));
        assert_eq!(found[0].secondary.len(), 6);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_total_stays_silent() {
        let text = edit(
            BASELINE,
            "（一）予以公开\t4\t6\t0\t0\t0\t0\t10",
            "（一）予以公开\t4\t6\t0\t0\t0\t0\t",
        );
        assert!(run(&RULE, &text).is_empty());
    }
}
