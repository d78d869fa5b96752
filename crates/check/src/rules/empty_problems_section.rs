//! T002 `empty-problems-section`: section 五 is empty or just 无.

use gongkai_model::labels::Template;
use gongkai_model::{Code, Diagnostic, SectionKind, Severity, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::EmptyProblemsSection,
    short: "T002",
    severity: Severity::Warning,
    summary: (
        "2021 年模板的第五部分为空或只写“无”",
        "section 五 of a 2021-template report is empty or just 无",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
2021 年模板的报告，“五、存在的主要问题及改进情况”为空、只写“无”“暂无”，或不足十个字。

## 为什么重要
国办公开办函〔2021〕30号要求报告本年度存在的主要问题和上一年度问题的改进情况；“无”不是一个回答。

## 算式
无。

## 错误示例
“五、存在的主要问题及改进情况　无。”

## 正确示例
列出问题和改进措施。

## 不检查什么
内容的质量；2019 年模板的报告。
";

const DOC_EN: &str = "\
## What it checks
In a 2021-template report, section 五、存在的主要问题及改进情况 is empty, just 无/暂无, or under ten
characters.

## Why it matters
国办公开办函〔2021〕30号 asks for the year's main problems and how last year's were addressed; “无” is no
answer.

## Arithmetic
None.

## Invalid example
“五、存在的主要问题及改进情况　无。”

## Valid example
The problems and the measures taken.

## What it does not check
The quality of the content; 2019-template reports.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    if r.template != Some(Template::Y2021) {
        return Vec::new();
    }
    let Some(s) = r.sections.iter().find(|s| s.kind == SectionKind::Problems) else {
        return Vec::new();
    };
    // Fewer than ten characters of words (which covers “无”, “暂无”, “没有”, “无问题” and nothing
    // at all) is an empty section; counting stops at ten rather than copying the whole section.
    let words = s
        .body
        .value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"。，、；：".contains(*c))
        .take(10)
        .count();
    if words >= 10 {
        return Vec::new();
    }
    vec![
        super::finding(
            &RULE,
            s.heading.span,
            Text::new(
                "第五部分没有写存在的问题及改进情况",
                "section 五 states no problems and no improvements",
            ),
            Text::new("此部分", "this section"),
        )
        .with_help(Text::new(
            "写明本年度存在的主要问题、上年度问题的改进情况和下一步措施",
            "state this year's main problems, how last year's were addressed, and next steps",
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, run};

    fn problems(base: &str, body: &str) -> String {
        let i = base.find("五、存在的主要问题及改进情况\n").unwrap()
            + "五、存在的主要问题及改进情况\n".len();
        let j = base.find("六、其他需要报告的事项").unwrap();
        format!("{}{body}\n{}", &base[..i], &base[j..])
    }

    #[test]
    fn fires_on_wu() {
        assert_eq!(run(&RULE, &problems(BASELINE, "无。")).len(), 1);
        assert_eq!(run(&RULE, &problems(BASELINE, "")).len(), 1);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_section_stays_silent() {
        let i = BASELINE.find("五、存在的主要问题").unwrap();
        assert!(run(&RULE, &BASELINE[..i]).is_empty());
    }
}
