//! S007 `missing-agency-or-year`: the report does not say whose it is or which year it covers.

use gongkai_model::{Code, Diagnostic, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::MissingAgencyOrYear,
    short: "S007",
    severity: Severity::Error,
    summary: (
        "报告没有写明机关名称或报告年度",
        "the report does not name its agency or the year it covers",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
报告的标题（或正文中“现公布……年度报告”、统计期限等句子）、填报文件的 [meta] 中找不到机关名称或报告年度。

## 为什么重要
年度报告由各行政机关按年度编制公布（《政府信息公开条例》第四十九条、第五十条）；不写明机关和年度的报告
无法归档、汇总，也无法判断是否按期公布。

## 算式
无。

## 错误示例
填报文件 [meta] 中 agency = \"\"；标题只有“政府信息公开工作年度报告”。

## 正确示例
“青禾县市场监督管理局2024年政府信息公开工作年度报告”。

## 不检查什么
机关名称是否规范、年度与落款日期是否相符（见 year-mismatch）。
";

const DOC_EN: &str = "\
## What it checks
Neither the title (nor sentences such as 现公布……年度报告 or the statistics period), nor an authoring file's
[meta], gives the agency's name or the year reported on.

## Why it matters
Each body compiles and publishes its report for a year (articles 49 and 50 of the 政府信息公开条例); a report
that does not say whose and which year cannot be filed, rolled up, or checked for timeliness.

## Arithmetic
None.

## Invalid example
An authoring file with agency = \"\" in [meta]; a title that is only 政府信息公开工作年度报告.

## Valid example
青禾县市场监督管理局2024年政府信息公开工作年度报告.

## What it does not check
Whether the name is the official one, or whether the year fits the date (year-mismatch).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let meta = &ctx.report.meta;
    let (zh, en) = match (meta.agency.is_some(), meta.year.is_some()) {
        (true, true) => return Vec::new(),
        (false, true) => (
            "报告没有写明机关名称",
            "the report does not name its agency",
        ),
        (true, false) => (
            "报告没有写明报告年度",
            "the report does not say which year it covers",
        ),
        (false, false) => (
            "报告没有写明机关名称和报告年度",
            "the report names neither its agency nor the year it covers",
        ),
    };
    let at = meta
        .title
        .as_ref()
        .map(|t| t.span)
        .or_else(|| meta.agency.as_ref().map(|a| a.span))
        .or_else(|| meta.year.as_ref().map(|y| y.span))
        .unwrap_or(Span::new(ctx.report.source, 0, 0));
    vec![
        super::finding(&RULE, at, Text::new(zh, en), Text::new("标题", "title")).with_help(
            Text::new(
                "在标题中写明“机关名称＋年度＋政府信息公开工作年度报告”（填报文件填写 [meta] 的 agency 和 year）",
                "state “agency + year + 政府信息公开工作年度报告” in the title (agency and year in an authoring file's [meta])",
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_the_title_names_no_agency() {
        let text = edit(
            BASELINE,
            "青禾县市场监督管理局2022年政府信息公开工作年度报告",
            "政府信息公开工作年度报告",
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_everything_is_one_finding_at_the_start() {
        let found = run(&RULE, "");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].primary.span.start, 0);
    }
}
