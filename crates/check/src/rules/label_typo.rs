//! S006 `label-typo`: a row label differs from the template's by a typo.

use gongkai_model::labels::{REQUEST_ROWS, Template, active_rows, normalize_char, normalize_label};
use gongkai_model::{Applicability, Code, Diagnostic, Edit, Fix, Report, Severity, Span, Text};

use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::LabelTypo,
    short: "S006",
    severity: Severity::Warning,
    summary: (
        "表格行标签与模板用字不同（错字、漏字）",
        "a row label differs from the template's wording by a typo",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
};

const DOC_ZH: &str = "\
## 检查什么
表二、表三的行标签与模板逐字比较（忽略空格、全半角括号和序号写法），相差一两个字时报告，并给出模板原文。
`gongkai check --fix-labels` 可据此改正文本报告中的标签（只改标签，从不改数字）。

## 为什么重要
标签是模板规定的文字（国办公开办函〔2019〕60号、〔2021〕30号附件）；错字会让检索、汇总和机器读取出错，
也说明报告未经仔细校对。

## 算式
无。

## 错误示例
“一、本年新收政府信息公开申请数里”；“2.其他法律行政止公开”。

## 正确示例
“一、本年新收政府信息公开申请数量”；“2.其他法律行政法规禁止公开”。

## 不检查什么
不检查被拆成多行或与数字分离的标签；不把 2019 年旧标签当作错字（见 mixed-template）；扫描件中识别出的标签
不检查（与模板不同的多是识别误差，而不是报告的用字）。
";

const DOC_EN: &str = "\
## What it checks
Row labels of tables 二 and 三 are compared with the template's wording (ignoring spaces, bracket width
and numbering style); a difference of one or two characters is reported with the template's text.
`gongkai check --fix-labels` rewrites such labels in a text report (labels only, never a number).

## Why it matters
The labels are template text (annexes to 国办公开办函〔2019〕60号 and 〔2021〕30号); typos break search,
aggregation and machine reading, and show the report was not proofread.

## Arithmetic
None.

## Invalid example
“一、本年新收政府信息公开申请数里”, “2.其他法律行政止公开”.

## Valid example
“一、本年新收政府信息公开申请数量”, “2.其他法律行政法规禁止公开”.

## What it does not check
Labels wrapped over lines or detached from their numbers; 2019 labels in a 2021 table (mixed-template);
labels recognised on a scan (where they differ from the template, it is mostly the recogniser's reading,
not the report's wording).
";

/// A label that differs from the template's by a typo: where its words are, what is printed
/// there, and the template's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typo {
    /// The printed words (numbering excluded).
    pub span: Span,
    /// What is printed.
    pub printed: String,
    /// The template's words.
    pub template: String,
}

/// A template label's words (numbering excluded), normalised once per process: every report
/// compares its labels with the same few dozen.
struct Wording {
    /// The template's words as printed.
    words: &'static str,
    /// The words in matching form (`normalize_label`).
    normalized: String,
    /// Characters in `normalized`.
    chars: usize,
}

impl Wording {
    fn new(label: &'static str) -> Self {
        let words = &label[numbering_len(label)..];
        let normalized = normalize_label(words);
        Wording {
            words,
            chars: normalized.chars().count(),
            normalized,
        }
    }
}

/// The wordings of table 三's rows (by `RequestRow`) and of table 二's rows in each template
/// (by position in `active_rows`).
struct Wordings {
    requests: Vec<Wording>,
    active_2019: Vec<Wording>,
    active_2021: Vec<Wording>,
}

fn wordings() -> &'static Wordings {
    static WORDINGS: std::sync::OnceLock<Wordings> = std::sync::OnceLock::new();
    WORDINGS.get_or_init(|| {
        let active = |t| {
            active_rows(t)
                .iter()
                .map(|s| Wording::new(s.label))
                .collect()
        };
        Wordings {
            requests: REQUEST_ROWS.iter().map(|s| Wording::new(s.label)).collect(),
            active_2019: active(Template::Y2019),
            active_2021: active(Template::Y2021),
        }
    })
}

/// Every label typo of the report's tables 二 and 三.
pub fn typos(report: &Report, text: &str) -> Vec<Typo> {
    let w = wordings();
    let mut out = Vec::new();
    if let Some(t) = &report.requests {
        out.extend(
            t.rows
                .iter()
                .filter_map(|r| typo(text, r.label, w.requests.get(r.row as usize)?)),
        );
    }
    if let Some(t) = &report.active {
        let specs = active_rows(t.template);
        let wordings: &[Wording] = match t.template {
            Template::Y2019 => &w.active_2019,
            Template::Y2021 => &w.active_2021,
            Template::Pre2019 => &[],
        };
        for r in &t.rows {
            if let Some(i) = specs.iter().position(|s| s.row == r.row)
                && !specs[i].label.ends_with("规范性文件")
                && let Some(found) = wordings.get(i).and_then(|w| typo(text, r.label, w))
            {
                out.push(found);
            }
        }
    }
    out
}

fn typo(text: &str, span: Span, want: &Wording) -> Option<Typo> {
    let printed = text.get(span.range())?;
    // The row's own label is the last cell of the label run.
    // Searched as bytes: the separators are ASCII, which never occurs inside a multi-byte
    // character, and this runs for every label of every report.
    let bytes = printed.as_bytes();
    let cell_start = memchr::memrchr2(b'\t', b'|', bytes).map_or(0, |i| i + 1);
    let cell_start = memchr::memmem::rfind(&bytes[cell_start..], b"  ")
        .map_or(cell_start, |i| cell_start + i + 2);
    let cell = &printed[cell_start..];
    let lead = cell.len() - cell.trim_start().len();
    let cell = cell.trim();
    let core_at = numbering_len(cell);
    let core = &cell[core_at..];
    let lb = want.chars;
    // Most labels are printed as the template has them, or differ only in spacing or bracket
    // width; many others are fragments of a label wrapped over lines (normalising never adds
    // characters, so a core this short normalises shorter still). Those are settled without
    // building the normalised string.
    if core == want.words
        || core.chars().count() * 10 < lb * 7
        || core
            .chars()
            .filter_map(normalize_char)
            .eq(want.normalized.chars())
    {
        return None;
    }
    let (a, b) = (normalize_label(core), want.normalized.as_str());
    let la = a.chars().count();
    // A label wrapped over lines or cut short is printed in part: that is no typo.
    if la * 10 < lb * 7 || lb < 4 || b.starts_with(a.as_str()) || b.ends_with(a.as_str()) {
        return None;
    }
    let d = distance(&a, b);
    if d == 0 || d > (lb / 4).max(1) {
        return None;
    }
    let start = span.start as usize + cell_start + lead + core_at;
    Some(Typo {
        span: Span::new(span.source, start, start + core.len()),
        printed: core.to_string(),
        template: want.words.to_string(),
    })
}

/// The byte length of a leading numbering: `一、`, `（一）`, `(一)`, `1.`, `1、`, `1，`, `1. `.
fn numbering_len(s: &str) -> usize {
    let mut chars = s.char_indices().peekable();
    let Some(&(_, first)) = chars.peek() else {
        return 0;
    };
    let numeral = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
            )
    };
    if matches!(first, '（' | '(') {
        chars.next();
        while chars.peek().is_some_and(|&(_, c)| numeral(c)) {
            chars.next();
        }
        return match chars.next() {
            Some((i, c @ ('）' | ')'))) => i + c.len_utf8(),
            _ => 0,
        };
    }
    if !numeral(first) {
        return 0;
    }
    while chars.peek().is_some_and(|&(_, c)| numeral(c)) {
        chars.next();
    }
    // `6 .属于`: a space before the separator (a scan's reading).
    while chars.peek().is_some_and(|&(_, c)| c == ' ') {
        chars.next();
    }
    match chars.next() {
        Some((i, c @ ('、' | '.' | '．' | '，' | ','))) => {
            let mut end = i + c.len_utf8();
            while s[end..].starts_with(' ') {
                end += 1;
            }
            end
        }
        // An Arabic ordinal printed (or recognised on a scan) without its full stop: `1属于国家秘密`.
        Some((i, c)) if first.is_ascii_digit() && !c.is_ascii() => i,
        _ => 0,
    }
}

/// Edit distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    typos(ctx.report, ctx.text)
        .into_iter()
        .map(|t| {
            super::finding(
                &RULE,
                t.span,
                Text::new(
                    format!("标签“{}”与模板不同，应为“{}”", t.printed, t.template),
                    format!(
                        "label “{}” differs from the template: “{}”",
                        t.printed, t.template
                    ),
                ),
                Text::new(
                    format!("应为“{}”", t.template),
                    format!("should be “{}”", t.template),
                ),
            )
            .with_help(Text::new(
                "改正标签；文本报告可用 gongkai check --fix 自动改正",
                "correct the label; for a text report, gongkai check --fix does it",
            ))
            .with_fix(Fix {
                message: Text::new(
                    format!("改为模板用字“{}”", t.template),
                    format!("use the template's wording “{}”", t.template),
                ),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: t.span,
                    replacement: t.template.clone(),
                }],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, edit, run};

    #[test]
    fn fires_on_typos_with_the_fix() {
        let text = edit(BASELINE, "申请数量\t13", "申请数里\t13");
        let text = edit(&text, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开");
        let found = run(&RULE, &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message.zh.contains("本年新收政府信息公开申请数量"));
        let span = found[1].primary.span;
        assert_eq!(&text[span.range()], "其他法律行政止公开");
        let fixes = found.iter().filter_map(|d| d.fix.as_ref());
        let (fixed, applied) = gongkai_model::apply_fixes(&text, fixes);
        assert_eq!((fixed.as_str(), applied), (BASELINE, 2));
    }

    #[test]
    fn silent_on_a_valid_report_and_on_spacing_variants() {
        assert!(run(&RULE, BASELINE).is_empty());
        let text = edit(BASELINE, "（一）予以公开", "(一) 予以 公开");
        assert!(run(&RULE, &text).is_empty());
        // An ordinal without its full stop (as a scan is often recognised) is no typo.
        let text = edit(
            BASELINE,
            "2.其他法律行政法规禁止公开",
            "2其他法律行政法规禁止公开",
        );
        assert!(run(&RULE, &text).is_empty());
    }

    #[test]
    fn missing_or_wrapped_labels_stay_silent() {
        assert!(run(&RULE, "").is_empty());
        assert!(
            typo(
                "（二）部分公开（区分处理的，只计这一情 形，不",
                Span::new(gongkai_model::SourceId(0), 0, 67),
                &Wording::new("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
            )
            .is_none()
        );
        assert_eq!(numbering_len("（一）予以公开"), "（一）".len());
        assert_eq!(numbering_len("1. 属于"), 3);
        assert_eq!(numbering_len("予以公开"), 0);
        assert_eq!(numbering_len("1属于"), 1);
        assert_eq!(numbering_len("6 .属于"), 3);
        assert_eq!(numbering_len("一本年"), 0);
    }
}
