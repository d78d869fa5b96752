//! S003 `sections-out-of-order`: the six sections are not in template order.

use gongkai_model::{Code, Diagnostic, Severity, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::SectionsOutOfOrder,
    short: "S003",
    severity: Severity::Warning,
    summary: (
        "六个部分的顺序与模板不同",
        "the six sections are not in the template's order",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
六个部分应按一至六的顺序出现。某部分出现在序号更大的部分之后时报告。

## 为什么重要
国办公开办函〔2019〕60号、〔2021〕30号规定了统一的结构，便于公众查阅和上级汇总比较。

## 算式
无。

## 错误示例
“五、存在的主要问题及改进情况”写在“四、政府信息公开行政复议、行政诉讼情况”之前。

## 正确示例
一、二、三、四、五、六依次出现。

## 不检查什么
不检查标题的序号是否连续，也不检查缺少的部分（见 missing-section）。
";

const DOC_EN: &str = "\
## What it checks
The six sections appear in the order 一 to 六. A section that comes after a later one is reported.

## Why it matters
国办公开办函〔2019〕60号 and 〔2021〕30号 fix one structure so that readers and supervisors can find
and compare content.

## Arithmetic
None.

## Invalid example
五、存在的主要问题及改进情况 comes before 四、政府信息公开行政复议、行政诉讼情况.

## Valid example
一 to 六 in order.

## What it does not check
Numbering gaps, and missing sections (missing-section).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let s = &ctx.report.sections;
    let mut out = Vec::new();
    for (i, sec) in s.iter().enumerate() {
        if let Some(later) = s[..i].iter().find(|p| p.kind > sec.kind) {
            out.push(
                super::finding(
                    &RULE,
                    sec.heading.span,
                    Text::new(
                        format!("“{}”出现在“{}”之后", sec.heading.value, later.heading.value),
                        format!(
                            "“{}” comes after “{}”",
                            sec.heading.value, later.heading.value
                        ),
                    ),
                    Text::new("顺序不对", "out of order"),
                )
                .with_secondary(gongkai_model::Label::new(
                    later.heading.span,
                    Text::new("序号更大的部分", "the later section"),
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, run};

    #[test]
    fn fires_when_five_comes_before_four() {
        let i = BASELINE.find("四、政府信息公开行政复议").unwrap();
        let j = BASELINE.find("五、存在的主要问题").unwrap();
        let k = BASELINE.find("六、其他需要报告").unwrap();
        let text = format!(
            "{}{}{}{}",
            &BASELINE[..i],
            &BASELINE[j..k],
            &BASELINE[i..j],
            &BASELINE[k..]
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_sections_stay_silent() {
        assert!(run(&RULE, "只有一段文字").is_empty());
    }
}
