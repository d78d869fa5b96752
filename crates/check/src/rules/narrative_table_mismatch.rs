//! N001 `narrative-table-mismatch`: a number the text states about a table disagrees with it.

use gongkai_model::labels::{ActiveRow, RequestRow, Template};
use gongkai_model::{Applicant, Diagnostic, Label, Report, Severity, Span, Text};

use crate::narrative::{Squeezed, number_after};
use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    name: "narrative-table-mismatch",
    code: "N001",
    severity: Severity::Warning,
    summary: (
        "正文叙述的件数与表格不一致",
        "a number stated in the text disagrees with the table",
    ),
    doc: (DOC_ZH, DOC_EN),
    check,
};

const DOC_ZH: &str = "\
## 检查什么
正文中关于表格的数字：收到/受理/新收申请 N 件、上年结转 N 件、予以公开 N 件、结转下年度 N 件、行政复议 N 件、
行政诉讼 N 件、现行有效规范性文件 N 件，与对应单元格比较。

## 为什么重要
同一份报告的叙述和表格应一致；读者多先读叙述。不一致时至少有一处错（templates.md S4、S5）。

## 算式
- 新收/受理/收到申请 N 件 = 一、本年新收（总计），或 一 + 二（有的报告连同上年结转一起计）；
- 上年结转 N 件 = 二（总计）；结转下年度 N 件 = 四（总计）；
- 予以公开 N 件 = （一）予以公开（总计），或（一）+（二）；
- 行政复议 N 件 = 表四行政复议总计；行政诉讼 N 件 = 未经复议直接起诉总计 + 复议后起诉总计；
- 现行有效（行政）规范性文件 N 件 = 表二现行有效件数（2021 年模板）。

## 错误示例
叙述“受理政府信息公开申请 17 件”，表三本年新收总计 95。

## 正确示例
叙述与表三一致。

## 不检查什么
叙述中其他数字；没有“件”字的数字；表格单元格空白或未读出时不比较。
";

const DOC_EN: &str = "\
## What it checks
Numbers the text states about the tables — requests received (收到/受理/新收申请 N 件), carried over,
granted (予以公开), carried forward, administrative reviews (行政复议 N 件), lawsuits (行政诉讼 N 件),
normative documents in force — against the matching cells.

## Why it matters
A report's text and tables should agree; readers read the text first. A disagreement means at least one
of them is wrong (templates.md S4, S5).

## Arithmetic
- received N = 一 (总计), or 一 + 二 (some reports count carried-over requests too);
- carried over N = 二 (总计); carried forward N = 四 (总计);
- granted N = （一） (总计), or （一）+（二）;
- reviews N = table 四 行政复议 总计; lawsuits N = 未经复议直接起诉 总计 + 复议后起诉 总计;
- normative documents in force N = table 二 现行有效件数 (2021 template).

## Invalid example
The text says 受理政府信息公开申请 17 件; table 三's 一 (总计) is 95.

## Valid example
Text and table agree.

## What it does not check
Other numbers in the text; numbers without 件; blank or unread cells.
";

/// Cells whose sum a stated number may equal: (value, span) each.
type Sum = Vec<(i64, Span)>;

struct Claim {
    keywords: &'static [&'static str],
    what: (&'static str, &'static str),
    cells: fn(&Report) -> Vec<Sum>,
}

fn request(r: &Report, rows: &[RequestRow]) -> Option<Vec<(i64, Span)>> {
    let t = r.requests.as_ref()?;
    rows.iter()
        .map(|&row| {
            let data = t.row(row)?;
            let c = &data.cells[Applicant::Total as usize];
            Some((c.value.count()?, c.span))
        })
        .collect()
}

fn review(r: &Report, groups: &[usize]) -> Option<Vec<(i64, Span)>> {
    let t = r.reviews.as_ref()?;
    groups
        .iter()
        .map(|&g| Some((t.cells[g * 5 + 4].value.count()?, t.cells[g * 5 + 4].span)))
        .collect()
}

const CLAIMS: &[Claim] = &[
    Claim {
        keywords: &[
            "新收政府信息公开申请",
            "受理政府信息公开申请",
            "收到政府信息公开申请",
            "受理依申请公开",
            "收到依申请公开",
        ],
        what: ("收到的申请", "requests received"),
        cells: |r| {
            [
                request(r, &[RequestRow::Received]),
                request(r, &[RequestRow::Received, RequestRow::CarriedOver]),
            ]
            .into_iter()
            .flatten()
            .collect()
        },
    },
    Claim {
        keywords: &["上年结转"],
        what: ("上年结转的申请", "requests carried over"),
        cells: |r| request(r, &[RequestRow::CarriedOver]).into_iter().collect(),
    },
    Claim {
        keywords: &["结转下年度继续办理", "结转下年度", "结转至下年度"],
        what: ("结转下年度的申请", "requests carried forward"),
        cells: |r| {
            request(r, &[RequestRow::CarriedForward])
                .into_iter()
                .collect()
        },
    },
    Claim {
        keywords: &["予以公开"],
        what: ("予以公开的申请", "requests granted"),
        cells: |r| {
            [
                request(r, &[RequestRow::Granted]),
                request(r, &[RequestRow::Granted, RequestRow::PartlyGranted]),
            ]
            .into_iter()
            .flatten()
            .collect()
        },
    },
    Claim {
        keywords: &["行政复议"],
        what: ("行政复议案件", "administrative reviews"),
        cells: |r| review(r, &[0]).into_iter().collect(),
    },
    Claim {
        keywords: &["行政诉讼"],
        what: ("行政诉讼案件", "lawsuits"),
        cells: |r| review(r, &[1, 2]).into_iter().collect(),
    },
    Claim {
        keywords: &[
            "现行有效规范性文件",
            "现行有效的规范性文件",
            "现行有效行政规范性文件",
            "现行有效的行政规范性文件",
        ],
        what: ("现行有效的规范性文件", "normative documents in force"),
        cells: |r| {
            let Some(t) = r.active.as_ref().filter(|t| t.template == Template::Y2021) else {
                return Vec::new();
            };
            let Some(row) = t.row(ActiveRow::Normative) else {
                return Vec::new();
            };
            row.cells
                .get(2)
                .and_then(|c| Some(vec![(c.value.count()?, c.span)]))
                .into_iter()
                .collect()
        },
    },
];

/// One automaton over every claim's keywords (longest match first), built once: the text is
/// scanned in one pass, not once per keyword.
fn keywords() -> &'static (aho_corasick::AhoCorasick, Vec<usize>) {
    static AC: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<usize>)> =
        std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let (words, claims): (Vec<&str>, Vec<usize>) = CLAIMS
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.keywords.iter().map(move |k| (*k, i)))
            .unzip();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .expect("static patterns");
        (ac, claims)
    })
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let squeezed = Squeezed::new(ctx.text);
    let (ac, claim_of) = keywords();
    let mut options: Vec<Option<Vec<Sum>>> = vec![None; CLAIMS.len()];
    for hit in ac.find_iter(&squeezed.text) {
        let c = claim_of[hit.pattern().as_usize()];
        let claim = &CLAIMS[c];
        let Some((value, digits)) = number_after(&squeezed.text, hit.end(), 10) else {
            continue;
        };
        let options = options[c].get_or_insert_with(|| (claim.cells)(ctx.report));
        if options.is_empty()
            || options
                .iter()
                .any(|o| o.iter().map(|x| x.0).sum::<i64>() == value)
        {
            continue;
        }
        let table: i64 = options[0].iter().map(|x| x.0).sum();
        let at = squeezed.source(digits);
        let mut d = super::finding(
            &RULE,
            Span::new(ctx.report.source, at.start, at.end),
            Text::new(
                format!("正文说{}为 {value} 件，表格为 {table} 件", claim.what.0),
                format!(
                    "the text states {value} {} but the table has {table}",
                    claim.what.1
                ),
            ),
            Text::new(format!("正文：{value} 件"), format!("text: {value}")),
        );
        for (v, span) in &options[0] {
            d = d.with_secondary(Label::new(
                *span,
                Text::new(format!("表格：{v}"), format!("table: {v}")),
            ));
        }
        out.push(d.with_help(Text::new(
            "核对叙述与表格，改正其中错误的一处",
            "check the text against the table and correct whichever is wrong",
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_when_the_text_disagrees() {
        let text = edit(
            BASELINE,
            "新收政府信息公开申请25件",
            "新收政府信息公开申请35件",
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.zh.contains("35"));
    }

    #[test]
    fn silent_on_a_valid_report_and_on_new_plus_carried_over() {
        assert!(
            run(&RULE, BASELINE).is_empty(),
            "{:?}",
            run(&RULE, BASELINE)
        );
        let text = edit(
            BASELINE,
            "新收政府信息公开申请25件",
            "新收政府信息公开申请32件",
        );
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn finds_statements_broken_over_lines() {
        let text = edit(
            BASELINE,
            "新收政府信息公开申请25件",
            "新收政府信\n息公开申请 35\n件",
        );
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].primary.span.range()], "35");
    }

    #[test]
    fn silent_when_the_cell_is_blank() {
        let text = edit(
            BASELINE,
            "新收政府信息公开申请25件",
            "新收政府信息公开申请35件",
        );
        let text = edit(&text, "\t1\t25\n", "\t1\t\n");
        assert!(run(&RULE, &text).is_empty());
    }
}
