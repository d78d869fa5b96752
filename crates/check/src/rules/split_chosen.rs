//! C009 `split-chosen`: run-together digits of table 二 split one way because evidence ruled out
//! the others — a note saying which evidence chose the split.

use gongkai_model::labels::active_rows;
use gongkai_model::{Code, Diagnostic, Label, Severity, SplitEvidence, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::SplitChosen,
    short: "C009",
    severity: Severity::Note,
    summary: (
        "连写的数字按正文、上一年度报告或各列关系确定了拆分",
        "run-together digits were split as the text, last year's report or the columns' relations decide",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表二没有勾稽关系，连写的数字（`行政规范性文件123240`）常有多种拆法。只有当其他依据排除了其余拆法时才拆分，
并在此说明依据：报告正文的叙述（“本年制发行政规范性文件12件，废止3件，现行有效240件”）；同一次检查中同一机关
上一年度的报告（上年现行有效 + 本年制发 − 本年废止 = 本年现行有效；2019 年模板：上年对外公开总数量 + 本年新公开
= 对外公开总数量，上一年项目数量 = 上年的上一年项目数量 + 本年增/减）；各列之间必然成立的关系（现行有效 ≥ 制发 −
废止，对外公开总数量 ≥ 本年新公开数量，上一年项目数量 + 本年增/减 ≥ 0）。

## 为什么重要
拆分是对所印数字的一种读法，不是原文。说明依据，读者才能判断是否可信，并对照原文核对。

## 算式
现行有效（N 年） = 现行有效（N−1 年） + 本年制发 − 本年废止。

## 错误示例
`行政规范性文件123240`，正文写“现行有效240件”：只有 12、3、240 一种拆法与之相符，按此拆分并提示。

## 正确示例
单元格之间有分隔（`12 3 240`），无须拆分，不提示。

## 不检查什么
依据不足、仍有多种拆法的连写（由 ambiguous-split 报告）；依据互相矛盾时不拆分。
";

const DOC_EN: &str = "\
## What it checks
Table 二 has no identity, so run-together digits (`行政规范性文件123240`) often split several ways. They
are split only when other evidence rules out every other split, and this note says which: the report's
own text (本年制发行政规范性文件12件，废止3件，现行有效240件); last year's report of the same agency in the
same run (last year's 现行有效 + 制发 − 废止 = 现行有效; 2019 template: last year's 对外公开总数量 + 本年新公开 =
对外公开总数量, 上一年项目数量 = last year's 上一年项目数量 + 本年增/减); relations that always hold (现行有效 ≥
制发 − 废止, 对外公开总数量 ≥ 本年新公开数量, 上一年项目数量 + 本年增/减 ≥ 0).

## Why it matters
A split is a reading of the printed digits, not what the page prints. Naming the evidence lets a reader
judge it and check it against the original.

## Arithmetic
现行有效 (year N) = 现行有效 (year N−1) + 本年制发 − 本年废止.

## Invalid example
`行政规范性文件123240` with the text saying 现行有效240件: only 12, 3, 240 agrees, so that split is taken
and noted.

## Valid example
Cells printed apart (`12 3 240`) need no split and get no note.

## What it does not check
Runs the evidence does not narrow to one split (ambiguous-split reports them); evidence that
contradicts every split chooses nothing.
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let Some(table) = &ctx.report.active else {
        return Vec::new();
    };
    let specs = active_rows(table.template);
    let mut out = Vec::new();
    for row in &table.rows {
        let (Some(choice), Some(spec)) = (&row.split, specs.iter().find(|s| s.row == row.row))
        else {
            continue;
        };
        let column_label = |key: &str| {
            spec.columns
                .iter()
                .find(|c| c.0 == key)
                .map_or(key.to_string(), |c| c.1.to_string())
        };
        let mut why = (Vec::new(), Vec::new());
        let mut secondary = Vec::new();
        for e in &choice.resolved_by {
            match e {
                SplitEvidence::Narrative {
                    column,
                    value,
                    span,
                } => {
                    let c = column_label(column);
                    why.0.push(format!("正文所述{c} {value} 件"));
                    why.1.push(format!("the text's {c} = {value}"));
                    secondary.push(Label::new(
                        *span,
                        Text::new(
                            format!("正文：{c} = {value}"),
                            format!("text: {c} = {value}"),
                        ),
                    ));
                }
                SplitEvidence::PreviousYear {
                    column,
                    value,
                    span,
                } => {
                    let c = column_label(column);
                    why.0
                        .push(format!("上一年度报告（据此{c}应为 {value} 加减本年变化）"));
                    why.1
                        .push(format!("last year's report ({c} carries on from {value})"));
                    secondary.push(Label::new(
                        *span,
                        Text::new(format!("上一年度：{value}"), format!("last year: {value}")),
                    ));
                }
                SplitEvidence::Ordering => {
                    why.0.push("各列之间必然成立的关系".to_string());
                    why.1.push("the relations between the columns".to_string());
                }
            }
        }
        let values: Vec<String> = row.cells.iter().map(|c| c.value.canonical()).collect();
        let digits = ctx
            .text
            .get(choice.run.start as usize..choice.run.end as usize)
            .unwrap_or("");
        let mut d = super::finding(
            &RULE,
            choice.run,
            Text::new(
                format!(
                    "表二“{}”一行的数字连写为 {digits}（{} 种拆法），依据{}拆分为 {}",
                    spec.label,
                    choice.candidates,
                    why.0.join("、"),
                    values.join("、")
                ),
                format!(
                    "table 二 row “{}”: the digits run together ({digits}, {} splits); split as {} by {}",
                    spec.label,
                    choice.candidates,
                    values.join(", "),
                    why.1.join(", ")
                ),
            ),
            Text::new("连写的数字", "digits run together"),
        )
        .with_help(Text::new(
            "拆分是对所印数字的读法，请对照原始网页或文件核对",
            "the split is a reading of the printed digits; check it against the original",
        ));
        for label in secondary {
            d = d.with_secondary(label);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, run};

    fn crawled(narrative: &str, normative: &str) -> String {
        format!(
            "某局2019年政府信息公开工作年度报告 {}一、总体情况{narrative}二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件{normative}第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可000其他对外管理服务事项000三、收到和处理政府信息公开申请情况",
            "x".repeat(400)
        )
    }

    #[test]
    fn fires_when_the_narrative_chooses_the_split() {
        let text = crawled("本年新制作规范性文件12件，对外公开总数240件。", "123240");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Note);
        assert!(
            found[0].message.zh.contains("12、3、240"),
            "{}",
            found[0].message.zh
        );
        assert!(
            found[0].message.zh.contains("正文所述"),
            "{}",
            found[0].message.zh
        );
        assert_eq!(found[0].secondary.len(), 2);
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn silent_without_evidence_or_on_a_forced_split() {
        // Still ambiguous: ambiguous-split reports it, this rule has nothing to say.
        assert!(run(&RULE, &crawled("情况略。", "123240")).is_empty());
        assert!(run(&RULE, &crawled("情况略。", "338")).is_empty());
        // Evidence that contradicts every split chooses nothing.
        assert!(run(&RULE, &crawled("本年新制作规范性文件99件。", "123240")).is_empty());
    }

    #[test]
    fn silent_when_a_blank_cell_still_fits() {
        // 对外公开总数 10: 5, 6, 10 agrees, and so does 56, 10 with 本年新公开 blank.
        assert!(run(&RULE, &crawled("规范性文件对外公开总数10件。", "5610")).is_empty());
        // Once 本年新公开 is stated too, no blank reading is left.
        let found = run(
            &RULE,
            &crawled("新公开规范性文件6件，对外公开总数10件。", "5610"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.zh.contains("5、6、10"),
            "{}",
            found[0].message.zh
        );
    }

    #[test]
    fn missing_table_stays_silent() {
        let text = crawled("本年新制作规范性文件12件，对外公开总数240件。", "123240");
        let start = text.find("二、主动公开").unwrap();
        let end = text.find("三、收到和处理").unwrap();
        let text = format!("{}{}", &text[..start], &text[end..]);
        assert!(run(&RULE, &text).is_empty());
    }
}
