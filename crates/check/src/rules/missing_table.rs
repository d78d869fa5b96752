//! S001 `missing-table`: table 二, 三 or 四 is not in the report.

use gongkai_model::labels::Template;
use gongkai_model::{Code, Diagnostic, SectionKind, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::MissingTable,
    short: "S001",
    severity: Severity::Error,
    summary: (
        "报告缺少模板规定的统计表（以图片发布的表格也算缺失）",
        "a table of the template is missing (a table published as an image counts as missing)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
2019、2021 年模板的报告应有三张表：表二（主动公开政府信息情况）、表三（收到和处理政府信息公开申请情况）、
表四（政府信息公开行政复议、行政诉讼情况）。找不到某张表时报告。

## 为什么重要
《政府信息公开条例》第五十条规定年度报告应包括这些内容；国办公开办函〔2019〕60号、〔2021〕30号规定了表格格式。
以图片发布的表格无法检索、无法核对，视为缺失，而不是全为 0。

## 算式
无。

## 错误示例
“四、政府信息公开行政复议、行政诉讼情况”下只有一句“（表格见图片）”。

## 正确示例
以文字表格发布全部 15 个数字。

## 不检查什么
pre-2019 旧式报告（见 pre-2019-format）。表格存在但部分单元格读不出时见 unreadable-table。
";

const DOC_EN: &str = "\
## What it checks
A report in the 2019 or 2021 template has three tables: 二 (proactive disclosure), 三 (requests) and
四 (administrative review and litigation). A table that cannot be found is reported.

## Why it matters
Article 50 of the 政府信息公开条例 requires this content; 国办公开办函〔2019〕60号 and 〔2021〕30号 fix
the tables. A table published as an image cannot be searched or checked: it is missing, not zeros.

## Arithmetic
None.

## Invalid example
Section 四 holds only “（表格见图片）”.

## Valid example
The 15 numbers of table 四 are published as a text table.

## What it does not check
Pre-2019 reports (pre-2019-format). A table that is present but partly unreadable is unreadable-table.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    if !matches!(r.template, Some(Template::Y2019 | Template::Y2021)) {
        return Vec::new();
    }
    let at = |kind: SectionKind| {
        r.sections
            .iter()
            .find(|s| s.kind == kind)
            .map_or(Span::empty(r.source, 0), |s| s.heading.span)
    };
    let mut out = Vec::new();
    let tables = [
        (
            r.active.is_none(),
            SectionKind::Active,
            "表二（主动公开政府信息情况）",
            "table 二 (proactive disclosure)",
        ),
        (
            r.requests.is_none(),
            SectionKind::Requests,
            "表三（收到和处理政府信息公开申请情况）",
            "table 三 (requests received and processed)",
        ),
        (
            r.reviews.is_none(),
            SectionKind::Reviews,
            "表四（政府信息公开行政复议、行政诉讼情况）",
            "table 四 (administrative review and litigation)",
        ),
    ];
    for (missing, kind, zh, en) in tables {
        if missing {
            out.push(
                super::finding(
                    &RULE,
                    at(kind),
                    Text::new(format!("报告缺少{zh}；其单元格按空白输出"), format!("the report has no {en}; its cells are printed empty")),
                    Text::new("表格应在这一部分", "the table belongs in this section"),
                )
                .with_help(Text::new(
                    "以文字表格发布该表；若表格是图片，请向发布机关索取可检索的版本",
                    "publish the table as a text table; if it is an image, ask the agency for a searchable version",
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
    fn fires_when_table_four_is_an_image() {
        let i = BASELINE.find("行政复议\t").unwrap();
        let j = BASELINE.find("五、存在的主要问题").unwrap();
        let text = format!("{}（表格见图片）\n{}", &BASELINE[..i], &BASELINE[j..]);
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("表四"));
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_on_a_pre_2019_report() {
        let text = "某县人民政府2016年政府信息公开工作年度报告\n一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n四、政府信息公开的收费及减免情况\n";
        assert!(run(&RULE, text).is_empty());
    }

    #[test]
    fn missing_report_stays_silent() {
        assert!(run(&RULE, "").is_empty());
    }
}
