//! T001 `fee-not-reported`: a 2021-template report does not say whether 信息处理费 was collected.

use gongkai_model::labels::Template;
use gongkai_model::{Code, Diagnostic, SectionKind, Severity, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::FeeNotReported,
    short: "T001",
    severity: Severity::Warning,
    summary: (
        "2021 年模板的第六部分未说明信息处理费收取情况",
        "section 六 of a 2021-template report does not report the 信息处理费",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
2021 年模板的报告，“六、其他需要报告的事项”应说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况
（包括未收取，如“全年收取信息处理费 0 元”）。该部分没有提到“处理费”或收费时报告。

## 为什么重要
国办公开办函〔2021〕30号的模板在第六部分注明“收取信息处理费情况在此处报告”。

## 算式
无。

## 错误示例
“六、其他需要报告的事项　无。”

## 正确示例
“六、其他需要报告的事项　本年度未收取信息处理费。”

## 不检查什么
2019 年模板的报告；缺少第六部分（见 missing-section）。
";

const DOC_EN: &str = "\
## What it checks
In a 2021-template report, section 六、其他需要报告的事项 must state the 信息处理费 collected under the
《政府信息公开信息处理费管理办法》 (also when none was: “全年收取信息处理费 0 元”). Reported when the
section mentions neither 处理费 nor a fee.

## Why it matters
The template of 国办公开办函〔2021〕30号 annotates section 六: “收取信息处理费情况在此处报告”.

## Arithmetic
None.

## Invalid example
“六、其他需要报告的事项　无。”

## Valid example
“六、其他需要报告的事项　本年度未收取信息处理费。”

## What it does not check
2019-template reports; a missing section 六 (missing-section).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    if r.template != Some(Template::Y2021) {
        return Vec::new();
    }
    let Some(s) = r.sections.iter().find(|s| s.kind == SectionKind::Other) else {
        return Vec::new();
    };
    let body = &s.body.value;
    if ["处理费", "收费", "收取", "费用"]
        .iter()
        .any(|k| body.contains(k))
    {
        return Vec::new();
    }
    vec![
        super::finding(
            &RULE,
            s.heading.span,
            Text::new(
                "第六部分未说明信息处理费的收取情况",
                "section 六 does not report the 信息处理费 collected",
            ),
            Text::new("此部分", "this section"),
        )
        .with_help(Text::new(
            "写明本年度收取信息处理费的情况，未收取也应写明",
            "state the 信息处理费 collected this year, also when none was",
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, BASELINE_2019, run};

    fn without_fee(base: &str) -> String {
        let i = base.find("六、其他需要报告的事项").unwrap();
        let j = base[i..].find('\n').unwrap() + i + 1;
        let k = base[j..].find('\n').unwrap() + j;
        format!("{}无。{}", &base[..j], &base[k..])
    }

    #[test]
    fn fires_when_section_six_is_silent_on_fees() {
        assert_eq!(run(&RULE, &without_fee(BASELINE)).len(), 1);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_on_a_2019_report() {
        assert!(run(&RULE, &without_fee(BASELINE_2019)).is_empty());
    }

    #[test]
    fn missing_section_six_stays_silent() {
        let i = BASELINE.find("六、其他需要报告的事项").unwrap();
        assert!(run(&RULE, &BASELINE[..i]).is_empty());
    }
}
