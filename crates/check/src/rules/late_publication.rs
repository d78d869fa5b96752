//! D002 `late-publication`: the report's date is after the deadline of 条例第四十九条.

use gongkai_model::{Code, Date, Diagnostic, Severity, Text};

use crate::agency::{Deadline, deadline};
use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::LatePublication,
    short: "D002",
    severity: Severity::Warning,
    summary: (
        "落款日期晚于《政府信息公开条例》第四十九条规定的期限",
        "the report is dated after the deadline of article 49 of the 条例",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
报告的落款日期与《政府信息公开条例》第四十九条的期限比较：县级以上人民政府部门应在每年 1 月 31 日前公布上一年度
报告；县级以上地方人民政府的报告由其政府信息公开工作主管部门在 3 月 31 日前公布。期限按机关名称判断
（以“人民政府”结尾且含省、市、县、区、州等为政府，以局、委、办、厅、中心等结尾为部门）；无法判断时（如乡镇、
街道，或名称不明）给出提示并说明原因。

## 为什么重要
按期公开是条例的明确要求，也是政务公开考核的内容。

## 算式
落款日期 ≤ 期限（报告年度次年的 1 月 31 日或 3 月 31 日）。

## 错误示例
某县市场监督管理局 2022 年度报告落款 2023 年 2 月 15 日。

## 正确示例
落款 2023 年 1 月 20 日。

## 不检查什么
报告实际上网的时间（网页的“发布时间”不是报告的落款日期）；没有落款日期的报告不检查。
";

const DOC_EN: &str = "\
## What it checks
The report's own date against article 49 of the 政府信息公开条例: departments of governments at county
level and above publish last year's report by 31 January; local governments at county level and above by
31 March. The kind of agency is decided from its name (ending in 人民政府 with a 省/市/县/区/州 level →
government; ending in 局/委/办/厅/中心 … → department); when the name does not tell (townships, 街道,
no name) a note says so.

## Why it matters
Timely publication is an explicit duty of the 条例 and part of the assessments of 政务公开.

## Arithmetic
date ≤ deadline (31 January or 31 March of the year after the report's year).

## Invalid example
A county 市场监督管理局's 2022 report dated 15 February 2023.

## Valid example
Dated 20 January 2023.

## What it does not check
When the page went online (a web page's 发布时间 is not the report's date); reports without a date.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let (Some(date), Some(year)) = (&r.meta.published, &r.meta.year) else {
        return Vec::new();
    };
    let agency = r.meta.agency.as_ref().map_or("", |a| a.value.as_str());
    let (limit, kind_zh, kind_en): (Date, &str, &str) = match deadline(agency, year.value) {
        Deadline::Department(d) => (d, "政府部门", "a government department"),
        Deadline::Government(d) => (d, "地方人民政府", "a local government"),
        Deadline::Unknown => {
            let mut d = super::finding(
                &RULE,
                date.span,
                Text::new(
                    format!(
                        "无法从机关名称“{agency}”判断适用 1 月 31 日还是 3 月 31 日的期限，未核对是否逾期"
                    ),
                    format!(
                        "cannot tell from the name “{agency}” whether the 31 January or the 31 March deadline applies; timeliness not checked"
                    ),
                ),
                Text::new("落款日期", "date"),
            );
            d.severity = Severity::Note;
            return vec![d];
        }
    };
    if date.value <= limit {
        return Vec::new();
    }
    vec![super::finding(
        &RULE,
        date.span,
        Text::new(
            format!(
                "落款日期 {} 晚于期限 {limit}（“{agency}”为{kind_zh}，《政府信息公开条例》第四十九条）",
                date.value
            ),
            format!(
                "dated {}, after the deadline {limit} (“{agency}” is {kind_en}; article 49 of the 条例)",
                date.value
            ),
        ),
        Text::new(format!("期限 {limit}"), format!("deadline {limit}")),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_a_department_publishes_in_february() {
        let text = edit(BASELINE, "2023年1月20日", "2023年2月15日");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn silent_on_time_and_for_governments_in_march() {
        assert!(run(&RULE, BASELINE).is_empty());
        let text = BASELINE.replace("青禾县市场监督管理局", "青禾县人民政府");
        let text = edit(&text, "2023年1月20日", "2023年3月20日");
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn notes_when_the_kind_of_agency_cannot_be_told() {
        let text = BASELINE.replace("青禾县市场监督管理局", "白石镇人民政府");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Note);
    }

    #[test]
    fn missing_date_stays_silent() {
        let text = BASELINE.replace("2023年1月20日", "");
        assert!(run(&RULE, &text).is_empty());
    }
}
