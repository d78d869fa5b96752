//! D001 `year-mismatch`: the title's year, the statistics period and the date disagree.

use gongkai_model::{Code, Diagnostic, Label, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::YearMismatch,
    short: "D001",
    severity: Severity::Warning,
    summary: (
        "标题年度、统计期限与落款日期不一致",
        "the title's year, the statistics period and the report's date disagree",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
- 标题中的年度与正文“统计期限自 YYYY 年 1 月 1 日起至 YYYY 年 12 月 31 日止”不同；
- 落款日期不晚于报告年度（报告只能在年度结束后编制）。

## 为什么重要
年度报告报告的是上一年度的工作（《政府信息公开条例》第四十九条、第五十条）。年度写错会让报告被归到错误的年份，
常见原因是沿用上一年的报告未改年份。

## 算式
标题年度 = 统计期限年度；落款日期 > 标题年度的 12 月 31 日。

## 错误示例
标题“2022 年政府信息公开工作年度报告”，正文“统计期限自 2021 年 1 月 1 日起”。

## 正确示例
标题、统计期限都为 2022 年，落款 2023 年 1 月。

## 不检查什么
发布是否逾期（见 late-publication）。
";

const DOC_EN: &str = "\
## What it checks
- The title's year differs from the statistics period stated in the text (统计期限自 YYYY 年 1 月 1 日…);
- the report's own date is not after the year it covers.

## Why it matters
An annual report covers the previous year (政府信息公开条例 articles 49–50). A wrong year files the report
under the wrong year; the usual cause is last year's report reused without updating the year.

## Arithmetic
title year = period year; date > 31 December of the title year.

## Invalid example
Title “2022 年…年度报告”, text “统计期限自 2021 年 1 月 1 日起”.

## Valid example
Title and period 2022, dated January 2023.

## What it does not check
Whether it was published late (late-publication).
";

/// Years of `YYYY年1月1日` in the first part of the text, with their spans: those written
/// `1月1日` first, then those written `1 月 1 日` after the last of them (the order in which
/// the first finding is chosen).
fn period_years(text: &str) -> Vec<(i32, usize, usize)> {
    let head = &text[..text.floor_char_boundary(8000)];
    // `contains` is a SIMD search and `find` is not: each spelling is looked for only while the
    // rest of the head has it (usually once, near the top).
    let all = |pattern: &str| {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(rest) = head.get(from..)
            && rest.contains(pattern)
            && let Some(i) = rest.find(pattern)
        {
            found.push(from + i);
            from += i + 1;
        }
        found
    };
    let tight = all("1月1日");
    let spaced = all("1 月 1 日");
    let after = tight.last().map_or(0, |&at| at + 1);
    let mut out = Vec::new();
    for at in tight
        .into_iter()
        .chain(spaced.into_iter().filter(|&at| at >= after))
    {
        let before = head[..at].trim_end().trim_end_matches('年').trim_end();
        if before.len() >= 4 && before.is_char_boundary(before.len() - 4) {
            let y = &before[before.len() - 4..];
            if let Ok(year) = y.parse::<i32>() {
                out.push((year, before.len() - 4, before.len()));
            }
        }
    }
    out
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let Some(year) = &r.meta.year else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some((p, s, e)) = period_years(ctx.text)
        .into_iter()
        .find(|(p, _, _)| *p != year.value)
    {
        out.push(
            super::finding(
                &RULE,
                Span::new(r.source, s, e),
                Text::new(
                    format!("统计期限写的是 {p} 年，标题却是 {} 年度", year.value),
                    format!(
                        "the statistics period says {p} but the title says {}",
                        year.value
                    ),
                ),
                Text::new(format!("{p} 年"), format!("{p}")),
            )
            .with_secondary(Label::new(
                year.span,
                Text::new(
                    format!("标题：{} 年", year.value),
                    format!("title: {}", year.value),
                ),
            )),
        );
    }
    if let Some(d) = &r.meta.published
        && d.value.year <= year.value
    {
        out.push(
            super::finding(
                &RULE,
                d.span,
                Text::new(
                    format!("落款日期 {} 不晚于报告年度 {} 年", d.value, year.value),
                    format!(
                        "the report is dated {}, not after the year it covers ({})",
                        d.value, year.value
                    ),
                ),
                Text::new("落款日期", "date"),
            )
            .with_secondary(Label::new(
                year.span,
                Text::new(
                    format!("标题：{} 年", year.value),
                    format!("title: {}", year.value),
                ),
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_on_a_stale_year() {
        let text = edit(BASELINE, "2023年1月20日", "2022年1月20日");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        let text = BASELINE.replacen("2022年1月1日", "2021年1月1日", 1);
        assert!(text != BASELINE);
        assert_eq!(run(&RULE, &text).len(), 1);
    }

    #[test]
    fn period_years_in_both_spellings() {
        let t = "统计期限自2022年1月1日起至2022年12月31日止；上年自 2021 年 1 月 1 日";
        assert_eq!(
            period_years(t)
                .into_iter()
                .map(|(y, s, e)| (y, &t[s..e]))
                .collect::<Vec<_>>(),
            vec![(2022, "2022"), (2021, "2021")]
        );
        // Spaced dates before the last tight one are not looked at.
        let t = "2020 年 1 月 1 日，2022年1月1日";
        assert_eq!(period_years(t).len(), 1);
        assert!(period_years("").is_empty());
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_year_stays_silent() {
        assert!(run(&RULE, "一、总体情况\n").is_empty());
    }
}
