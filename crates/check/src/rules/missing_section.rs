//! S002 `missing-section`: one of the six sections has no heading.

use gongkai_model::labels::Template;
use gongkai_model::{Code, Diagnostic, SectionKind, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::MissingSection,
    short: "S002",
    severity: Severity::Warning,
    summary: (
        "报告缺少模板规定的六个部分之一",
        "one of the template's six sections is missing",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
年度报告应有六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；
四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。
找不到某一部分带序号的标题时报告。

## 为什么重要
《政府信息公开条例》第五十条列出年度报告的内容，国办公开办函〔2021〕30号要求“不能遗漏”。

## 算式
无。

## 错误示例
报告没有“五、存在的主要问题及改进情况”。

## 正确示例
六个部分齐全，标题带序号。

## 不检查什么
不检查各部分的内容（见 empty-problems-section、fee-not-reported）；pre-2019 旧式报告不检查。
";

const DOC_EN: &str = "\
## What it checks
A report has six sections: 一、总体情况, 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况,
四、政府信息公开行政复议、行政诉讼情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项. A section
whose numbered heading cannot be found is reported.

## Why it matters
Article 50 of the 政府信息公开条例 lists this content; 国办公开办函〔2021〕30号 says it must not be left out.

## Arithmetic
None.

## Invalid example
The report has no 五、存在的主要问题及改进情况.

## Valid example
All six sections with numbered headings.

## What it does not check
The sections' content (empty-problems-section, fee-not-reported); pre-2019 reports.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    if !matches!(r.template, Some(Template::Y2019 | Template::Y2021)) {
        return Vec::new();
    }
    SectionKind::ALL
        .into_iter()
        .filter(|k| !r.sections.iter().any(|s| s.kind == *k))
        .map(|k| {
            let at = r
                .sections
                .iter()
                .rfind(|s| s.kind < k)
                .map_or(Span::empty(r.source, 0), |s| s.heading.span);
            super::finding(
                &RULE,
                at,
                Text::new(
                    format!("报告缺少“{}”这一部分", k.heading()),
                    format!("the report has no section “{}”", k.heading()),
                ),
                Text::new("应在此后", "expected after this"),
            )
            .with_help(Text::new(
                format!("补上带序号的标题“{}”及其内容", k.heading()),
                format!("add the numbered heading “{}” and its content", k.heading()),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_a_heading_is_missing() {
        let text = edit(BASELINE, "五、存在的主要问题及改进情况\n", "");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("五、存在的主要问题"));
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_report_stays_silent() {
        assert!(run(&RULE, "").is_empty());
    }
}
