//! C001 `blank-cell`: a table cell is printed empty.

use gongkai_model::{Code, Diagnostic, Label, Severity, Text, Value};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::BlankCell,
    short: "C001",
    severity: Severity::Warning,
    summary: (
        "表格中有空白单元格（空白不等于 0）",
        "a table cell is blank (blank is not zero)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表二、表三、表四中印为空白的单元格。每张表汇总为一条，指出第一个空白格并列出其余位置。

## 为什么重要
模板要求每格填写数字，没有发生的填 0。空白无法与 0 区分：读者不知道是没有发生还是没有统计，
勾稽关系也无法核对（见 identity-not-assessable）。

## 算式
无。

## 错误示例
“规章”一行：本年制发件数 0，其余两格空白。

## 正确示例
“规章”一行：0、0、0。

## 不检查什么
不检查记号（见 non-numeric-mark）和整张表缺失（见 missing-table）。
";

const DOC_EN: &str = "\
## What it checks
Cells of tables 二, 三 and 四 printed empty. One finding per table points at the first blank cell and
lists the others.

## Why it matters
The template wants a number in every cell, 0 when nothing happened. A blank cannot be told from 0:
readers cannot know whether nothing happened or nothing was counted, and identities cannot be checked.

## Arithmetic
None.

## Invalid example
规章: 本年制发件数 0, the other two cells blank.

## Valid example
规章: 0, 0, 0.

## What it does not check
Marks (non-numeric-mark) and missing tables (missing-table).
";

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let blanks: Vec<_> = super::all_cells(ctx.report)
        .filter(|(c, _, _)| c.value == Value::Blank)
        .collect();
    let Some((first, label, _)) = blanks.first() else {
        return Vec::new();
    };
    let mut d = super::finding(
        &RULE,
        first.span,
        Text::new(
            format!("表格中有 {} 个空白单元格（空白不等于 0）", blanks.len()),
            format!("{} table cells are blank (blank is not zero)", blanks.len()),
        ),
        Text::new(format!("{label} 空白"), format!("{label} is blank")),
    )
    .with_help(Text::new(
        "没有发生的事项应填 0",
        "write 0 where nothing happened",
    ));
    for (c, label, _) in blanks.iter().skip(1).take(20) {
        d = d.with_secondary(Label::new(
            c.span,
            Text::new(format!("{label} 空白"), format!("{label} is blank")),
        ));
    }
    vec![d]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_on_blank_cells() {
        let text = edit(BASELINE, "规章\t0\t0\t0", "规章\t0\t\t");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("2 个"));
    }

    #[test]
    fn silent_on_a_valid_report() {
        assert!(run(&RULE, BASELINE).is_empty());
    }

    #[test]
    fn missing_tables_stay_silent() {
        assert!(run(&RULE, "无表格").is_empty());
    }
}
