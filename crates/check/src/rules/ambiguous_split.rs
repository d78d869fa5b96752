//! C005 `ambiguous-split`: digits run together and split into cells in more than one way.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::AmbiguousSplit,
    short: "C005",
    severity: Severity::Warning,
    summary: (
        "单元格数字连写在一起，无法唯一拆分",
        "cell digits run together and cannot be split in exactly one way",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::AmbiguousSplit],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
网页抓取的文本常把一行的单元格连写在一起（如 `640020470`）。gongkai 按列数、数字格式（无前导零）和勾稽关系
（表三每行 I2，再以 I1、I3 跨行核对；表四 I4）拆分；仍有不止一种拆法时，这些单元格留空并报告。

## 为什么重要
猜测会把错误的数字写进数据集。表二没有勾稽关系，`3960181` 可拆成 396,0,181 或 39,60,181 等多种，只能对照原文。

## 算式
表三：总计 = 六类之和；表四：总计 = 四种结果之和。

## 错误示例
表二“行政许可”一行印为 `3960181`。

## 正确示例
单元格之间有分隔：`396 0 181`。

## 不检查什么
能唯一拆分的连写不报告。
";

const DOC_EN: &str = "\
## What it checks
Crawled web text often runs a row's cells together (`640020470`). gongkai splits such runs by the
column count, number form (no leading zeros) and the identities (I2 per row of table 三, then I1 and I3
across rows; I4 for table 四). When more than one split remains, the cells are left unresolved and
reported.

## Why it matters
Guessing would put wrong numbers in a dataset. Table 二 has no identity: `3960181` could be 396,0,181 or
39,60,181 and more; only the original can tell.

## Arithmetic
Table 三: 总计 = the six columns; table 四: 总计 = the four results.

## Invalid example
Table 二's 行政许可 row printed as `3960181`.

## Valid example
Cells delimited: `396 0 181`.

## What it does not check
Runs that split in exactly one way are not reported.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, run};

    fn crawled(licensing: &str) -> String {
        let body = format!(
            "某局2019年政府信息公开工作年度报告 {}一、总体情况略。二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件000第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可{licensing}其他对外管理服务事项000三、收到和处理政府信息公开申请情况",
            "x".repeat(400)
        );
        body
    }

    #[test]
    fn fires_on_an_ambiguous_run() {
        assert_eq!(run(&RULE, &crawled("3960181")).len(), 1);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_on_a_forced_split() {
        assert!(run(&RULE, &crawled("000")).is_empty());
    }
}
