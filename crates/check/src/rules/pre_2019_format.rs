//! S005 `pre-2019-format`: the report follows the older, pre-2019 outline with no national tables.

use gongkai_model::labels::Template;
use gongkai_model::{Code, Diagnostic, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::Pre2019Format,
    short: "S005",
    severity: Severity::Warning,
    summary: (
        "报告采用 2019 年以前的旧格式，没有国家模板的统计表",
        "the report uses the pre-2019 format, without the national tables",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
报告采用 2008 年以来的旧式提纲（概述 / 主动公开 / 依申请公开 / 收费及减免 / 复议诉讼 / 问题 / 其他），
没有 2019、2021 年模板的三张统计表。

## 为什么重要
自 2019 年度报告起，须按国办公开办函〔2019〕60号（2021 年度起〔2021〕30号）的统一格式编制。旧格式报告的数字
无法读入规范单元格，也无法核对勾稽关系。2019 年以前的报告本就是旧格式，此时仅作提示。

## 算式
无。

## 错误示例
2020 年度报告仍写“一、概述 … 四、政府信息公开的收费及减免情况”。

## 正确示例
2020 年度报告按 2019 年模板编制六个部分和三张表。

## 不检查什么
不读取旧格式报告叙述中的数字。
";

const DOC_EN: &str = "\
## What it checks
The report follows the 2008-era outline (概述 / 主动公开 / 依申请公开 / 收费及减免 / 复议诉讼 / 问题 / 其他)
and has none of the three tables of the 2019 and 2021 templates.

## Why it matters
From the 2019 reports on, the format of 国办公开办函〔2019〕60号 (from 2021, 〔2021〕30号) is mandatory.
An old-format report yields no canonical cells and no identity can be checked. For a report covering a
year before 2019 the old format was right: then this is only a note.

## Arithmetic
None.

## Invalid example
A 2020 report still headed 一、概述 … 四、政府信息公开的收费及减免情况.

## Valid example
A 2020 report with the six sections and three tables of the 2019 template.

## What it does not check
Numbers in the old report's prose are not read.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    if r.template != Some(Template::Pre2019) {
        return Vec::new();
    }
    let year = r.meta.year.as_ref().map(|y| y.value);
    let span = r
        .meta
        .title
        .as_ref()
        .map_or(Span::empty(r.source, 0), |t| t.span);
    let mut d = super::finding(
        &RULE,
        span,
        Text::new(
            "报告采用 2019 年以前的旧格式，没有国家模板的统计表，不输出表格单元格",
            "the report uses the pre-2019 format without the national tables; no table cells are output",
        ),
        Text::new("旧式报告", "pre-2019 report"),
    );
    if year.is_some_and(|y| y < 2019) {
        d.severity = Severity::Note;
    } else {
        d = d.with_help(Text::new(
            "2019 年度起应按国办公开办函〔2019〕60号或〔2021〕30号的格式编制",
            "from the 2019 reports on, use the format of 国办公开办函〔2019〕60号 or 〔2021〕30号",
        ));
    }
    vec![d]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, run};

    const OLD: &str = "某县人民政府2016年政府信息公开工作年度报告\n一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n四、政府信息公开的收费及减免情况\n五、因政府信息公开申请提起行政复议、行政诉讼的情况\n";

    #[test]
    fn fires_on_an_old_report() {
        let found = run(&RULE, OLD);
        assert_eq!(found.len(), 1);
        let found = run(&RULE, &OLD.replace("2016年", "2020年"));
        assert_eq!(found.len(), 1);
        assert!(found[0].help.is_some());
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_text_stays_silent() {
        assert!(run(&RULE, "").is_empty());
    }
}
