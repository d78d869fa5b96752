//! N001 `narrative-table-mismatch`: a number the text states about a table disagrees with it.

use gongkai_model::labels::{ActiveRow, RequestRow, Template};
use gongkai_model::{Applicant, Code, Diagnostic, Label, Report, Severity, Span, Text};

use crate::narrative::{Squeezed, number_after};
use crate::{Context, Rule};

/// The rule.
pub const RULE: Rule = Rule {
    code: Code::NarrativeTableMismatch,
    short: "N001",
    severity: Severity::Warning,
    summary: (
        "正文叙述的件数与表格不一致",
        "a number stated in the text disagrees with the table",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: Some(check),
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

/// Every character of every claim's keywords, sorted: any other character (whitespace aside)
/// cannot be inside a keyword, so a keyword search may start right after it.
fn keyword_chars() -> &'static [char] {
    static CHARS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    CHARS.get_or_init(|| {
        let mut chars: Vec<char> = CLAIMS
            .iter()
            .flat_map(|c| c.keywords.iter().flat_map(|k| k.chars()))
            .collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    })
}

/// Characters squeezed out of the text (see [`Squeezed`]), or left out by [`number_after`]
/// between a number and its 件.
fn is_space(c: char) -> bool {
    // No character above U+3000 is whitespace: ideographs are settled without the Unicode table.
    c <= '\u{3000}' && c.is_whitespace()
}

/// Keyword characters looked at before the number a 件 closes: the ten characters
/// [`number_after`] may skip after a keyword, the longest keyword, and some slack.
const LOOK_BACK: usize = 32;

/// Where the search for the claim a 件 at byte `at` closes may start: before the number in
/// front of it and [`LOOK_BACK`] characters more (whitespace not counted, as the search runs on
/// squeezed text), then back to just after a character no keyword holds — so a search started
/// there finds exactly what a search of the whole text finds from there on.
fn window_start(text: &str, at: usize, floor: usize) -> usize {
    // Walking back stops at `floor` (the end of the window before, which this one then joins),
    // so no stretch of text is walked twice.
    let mut chars = text[floor..at]
        .char_indices()
        .rev()
        .map(|(i, c)| (floor + i, c))
        .peekable();
    // The whitespace and the number (digits and commas) before 件.
    while chars.next_if(|&(_, c)| is_space(c)).is_some() {}
    while chars
        .next_if(|&(_, c)| is_space(c) || c.is_ascii_digit() || c == ',')
        .is_some()
    {}
    let mut kept = 0;
    while kept < LOOK_BACK {
        match chars.next() {
            Some((_, c)) if !is_space(c) => kept += 1,
            Some(_) => {}
            None => return floor,
        }
    }
    let keyword = keyword_chars();
    for (i, c) in chars {
        if !is_space(c) && keyword.binary_search(&c).is_err() {
            return i + c.len_utf8();
        }
    }
    floor
}

/// The stretches of `text` a claim can be in: a claim ends in a number and 件, so only the text
/// before each 件 is searched (about a tenth of a report), in disjoint windows, in order.
fn windows(text: &str) -> Vec<std::ops::Range<usize>> {
    static JIAN: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let finder = JIAN.get_or_init(|| memchr::memmem::Finder::new("件"));
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for at in finder.find_iter(text.as_bytes()) {
        let start = window_start(text, at, out.last().map_or(0, |w| w.end));
        let end = at + '件'.len_utf8();
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// One number the text states: which claim, the value, the source range of its digits, and
/// where its keyword starts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stated {
    claim: usize,
    value: i64,
    digits: std::ops::Range<usize>,
    keyword: usize,
}

/// The numbers `text` states for each claim, in text order, searched in `windows` (disjoint, in
/// order) of the text squeezed of whitespace.
fn stated(text: &str, windows: impl IntoIterator<Item = std::ops::Range<usize>>) -> Vec<Stated> {
    let (ac, claim_of) = keywords();
    let mut out = Vec::new();
    for window in windows {
        let squeezed = Squeezed::new(&text[window.clone()]);
        for hit in ac.find_iter(&squeezed.text) {
            if let Some((value, digits)) = number_after(&squeezed.text, hit.end(), 10) {
                let at = squeezed.source(digits);
                let keyword = squeezed.source(hit.start()..hit.end()).start;
                out.push(Stated {
                    claim: claim_of[hit.pattern().as_usize()],
                    value,
                    digits: window.start + at.start..window.start + at.end,
                    keyword: window.start + keyword,
                });
            }
        }
    }
    out
}

/// Words that make a sentence speak of another body than the report's (an office acting for it,
/// its departments, the whole area, a part of it): such a number is not the table's.
const OTHER_BODY: &[&str] = &[
    "办公室",
    "政府办",
    "代表",
    "各部门",
    "各单位",
    "各乡镇",
    "各街道",
    "各级",
    "部门",
    "乡镇",
    "街道",
    "全区",
    "全市",
    "全县",
    "全省",
    "全旗",
    "系统",
    "下属",
    "所属",
    "其中",
    "中心",
    "分局",
];

/// Words that make a sentence speak of the report's own body.
const OWN_BODY: &[&str] = &[
    "本机关",
    "本局",
    "本委",
    "本办",
    "本单位",
    "本部门",
    "本级",
    "本院",
    "本厅",
    "我局",
    "我委",
    "我办",
    "我单位",
    "我院",
    "我厅",
];

/// Whether the sentence stating a number at `keyword` speaks of the report's own body and year:
/// the words of its sentence before the keyword name neither another body (unless it is the
/// report's own, by name or as 本局/我局 …) nor another year.
fn speaks_of_the_report(ctx: &Context, keyword: usize) -> bool {
    let text = ctx.text;
    let mut start = keyword.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    // Back to the start of the sentence, at most 80 characters (a clause after a comma still
    // belongs to its sentence).
    let mut from = start;
    for (i, c) in before.char_indices().rev().take(80) {
        if matches!(c, '。' | '；' | '！' | '？' | '：') {
            break;
        }
        from = i;
    }
    let prefix: String = before[from..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let year = ctx.report.meta.year.as_ref().map(|y| y.value);
    let b = prefix.as_bytes();
    for i in 0..b.len().saturating_sub(4) {
        let stated_year = b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && prefix[i + 4..].starts_with('年');
        if stated_year && year.is_some_and(|y| prefix[i..i + 4] != y.to_string()) {
            return false;
        }
    }
    // The report's own body (by name, or as 本局/我局 …) is taken out first: what is left must
    // name no other body.
    let mut rest = prefix;
    if let Some(name) = ctx.report.meta.agency.as_ref().map(|a| a.value.as_str())
        && !name.is_empty()
    {
        rest = rest.replace(name, "");
    }
    for own in OWN_BODY {
        rest = rest.replace(own, "");
    }
    !OTHER_BODY.iter().any(|w| rest.contains(w))
}

fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut options: Vec<Option<Vec<Sum>>> = vec![None; CLAIMS.len()];
    for Stated {
        claim: c,
        value,
        digits: at,
        keyword,
    } in stated(ctx.text, windows(ctx.text))
    {
        let claim = &CLAIMS[c];
        let options = options[c].get_or_insert_with(|| (claim.cells)(ctx.report));
        if options.is_empty()
            || options
                .iter()
                .any(|o| o.iter().map(|x| x.0).sum::<i64>() == value)
        {
            continue;
        }
        // Checked last: most statements agree with the table.
        if !speaks_of_the_report(ctx, keyword) {
            continue;
        }
        let table: i64 = options[0].iter().map(|x| x.0).sum();
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
    fn silent_when_the_sentence_speaks_of_another_body_or_year() {
        for (old, new) in [
            (
                "新收政府信息公开申请25件",
                "局办公室代表本局新收政府信息公开申请17件",
            ),
            (
                "新收政府信息公开申请25件",
                "全县各部门共新收政府信息公开申请95件",
            ),
            (
                "新收政府信息公开申请25件",
                "与2021年相比，2021年新收政府信息公开申请18件",
            ),
        ] {
            let text = edit(BASELINE, old, new);
            assert!(
                run(&RULE, &text).is_empty(),
                "{new}: {:?}",
                run(&RULE, &text)
            );
        }
        // The report's own body, by name or as 本局, is compared.
        for new in [
            "本局新收政府信息公开申请35件",
            "青禾县市场监督管理局新收政府信息公开申请35件",
        ] {
            let text = edit(BASELINE, "新收政府信息公开申请25件", new);
            assert_eq!(run(&RULE, &text).len(), 1, "{new}");
        }
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

    /// Searching only the windows before each 件 finds exactly what searching the whole text
    /// finds, on text made of keyword pieces, numbers, 件, whitespace and punctuation.
    #[test]
    fn windows_find_what_the_whole_text_holds() {
        let pieces: Vec<&str> = CLAIMS
            .iter()
            .flat_map(|c| c.keywords.iter().copied())
            .chain([
                "件",
                "件",
                "件",
                "1",
                "23",
                "4,5",
                "0",
                " ",
                "\n",
                "\u{3000}",
                "\u{a0}",
                "\u{2003}",
                "。",
                "，",
                "（",
                "共",
                "政府",
                "信息",
                "公开",
                "申请",
                "结转",
                "下年度",
                "行政",
                "复议",
                "诉讼",
                "现行",
                "有效",
                "的",
                "予以",
                "受理",
                "收到",
                "新收",
                "上年",
                "a",
                "；",
            ])
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut claims = 0;
        for _ in 0..4000 {
            let len = 1 + next(80);
            let mut text = String::new();
            for _ in 0..len {
                let p = pieces[next(pieces.len())];
                // Keywords are also cut in two, so that they come broken by whitespace.
                let chars = p.chars().count();
                if chars > 2 && next(3) == 0 {
                    let cut = p
                        .char_indices()
                        .nth(1 + next(chars - 1))
                        .map_or(p.len(), |c| c.0);
                    text.push_str(&p[..cut]);
                    text.push_str([" ", "\n", "\u{3000}"][next(3)]);
                    text.push_str(&p[cut..]);
                } else {
                    text.push_str(p);
                }
            }
            let whole = stated(&text, std::iter::once(0..text.len()));
            claims += whole.len();
            assert_eq!(stated(&text, windows(&text)), whole, "{text:?}");
        }
        assert!(claims > 300, "the texts state too few numbers: {claims}");
    }

    #[test]
    fn missing_cell_stays_silent() {
        let text = edit(
            BASELINE,
            "新收政府信息公开申请25件",
            "新收政府信息公开申请35件",
        );
        let text = edit(&text, "\t1\t25\n", "\t1\t\n");
        assert!(run(&RULE, &text).is_empty());
    }
}
