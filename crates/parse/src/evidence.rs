//! Whether a text is an annual report at all, and what it says of itself when its title does not.
//!
//! A report must show at least two kinds of its own evidence: a 年度报告 title (or the sentence
//! announcing it), two of the six numbered section headings (or the old outline of a pre-2019
//! report), a template table's header words, and the statistics-period sentence. A cited
//! 国办公开办函 only helps pick the template; the file name is never looked at.

use gongkai_model::labels::{PRE2019_MARKERS, Template};
use gongkai_model::{Meta, SourceId, Span, Spanned};

use crate::outline::Heading;

/// The kinds of evidence found in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// A 年度报告 title, or a sentence announcing the report (现公布……年度报告).
    pub title: bool,
    /// Distinct numbered section headings of the 2019/2021 outline found.
    pub sections: usize,
    /// The old outline of a pre-2019 report (概述, 依申请公开政府信息情况, 收费及减免 …).
    pub old_outline: bool,
    /// Header words of a template table (table 二's columns, table 三's rows, table 四's results).
    pub table: bool,
    /// The statistics-period sentence (统计期限自……年1月1日起).
    pub period: bool,
}

impl Evidence {
    /// How many kinds of evidence there are (the outline counts once, old or new).
    pub fn kinds(&self) -> usize {
        usize::from(self.title)
            + usize::from(self.sections >= 2 || self.old_outline)
            + usize::from(self.table)
            + usize::from(self.period)
    }

    /// Whether the text is a report: two kinds of evidence at least.
    pub fn is_report(&self) -> bool {
        self.kinds() >= 2
    }
}

/// Gathers the evidence. `table` says whether a template table was recognised by its words.
pub fn gather(text: &str, meta: &Meta, headings: &[Heading], table: bool) -> Evidence {
    let head = squeezed_head(text, 8000);
    let title = meta
        .title
        .as_ref()
        .is_some_and(|t| is_report_title(&t.value))
        || announcement(text).is_some();
    let old_outline = PRE2019_MARKERS.iter().filter(|m| head.contains(*m)).count() >= 2;
    Evidence {
        title,
        sections: headings.len(),
        old_outline,
        table,
        period: period_sentence(&head),
    }
}

/// A title that names an annual disclosure report: it speaks of 公开 and ends in 年度报告 (or
/// 年报, 工作报告), perhaps followed by a bracketed note (（更正版）); a sentence is no title.
pub fn is_report_title(title: &str) -> bool {
    let mut t = title.trim_end_matches(['》', '”', '"', ' ', '\u{3000}']);
    if let Some(open) = t.rfind(['（', '('])
        && t.ends_with(['）', ')'])
    {
        t = &t[..open];
    }
    !t.contains(['。', '；', '！', '？'])
        && t.contains("公开")
        && ["年度报告", "年报", "工作报告"]
            .iter()
            .any(|e| t.ends_with(e))
}

/// The first `limit` bytes of `text` without whitespace (pdftotext spaces words out).
fn squeezed_head(text: &str, limit: usize) -> String {
    let mut end = limit.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].chars().filter(|c| !c.is_whitespace()).collect()
}

/// Words that introduce the statistics period.
const PERIOD_WORDS: &[&str] = &[
    "统计期限",
    "统计时限",
    "统计期间",
    "统计时间",
    "统计区间",
    "统计时段",
];

/// Whether the squeezed head holds the statistics-period sentence: a period word followed
/// closely by a 1 January date.
fn period_sentence(head: &str) -> bool {
    PERIOD_WORDS.iter().any(|w| {
        head.match_indices(w).any(|(i, _)| {
            let after = &head[i + w.len()..];
            let window: String = after.chars().take(24).collect();
            window.contains("年1月1日")
        })
    })
}

/// Verbs that announce the report in a sentence: 现公布……年度报告, 现将……年度报告予以公布.
const ANNOUNCE: &[&str] = &[
    "现公布",
    "现予公布",
    "特公布",
    "现将",
    "现发布",
    "予以公布",
    "向社会公布",
];

/// The report's name as announced in its own text (现公布XX2021年政府信息公开工作年度报告), with
/// its byte range in `text`: the words between the verb and 年度报告, in the first 3,000 bytes.
pub fn announcement(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut end = 3000.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    for (at, verb) in ANNOUNCE
        .iter()
        .flat_map(|v| head.match_indices(v))
        .collect::<Vec<_>>()
    {
        let from = at + verb.len();
        let rest = &head[from..];
        let sentence_end = rest.find(['。', '；', '\n']).unwrap_or(rest.len());
        let sentence = &rest[..sentence_end];
        let Some(i) = sentence.find("年度报告") else {
            continue;
        };
        let name = sentence[..i + "年度报告".len()].trim_start_matches(['《', '“', '"']);
        let start = from + (sentence.len() - sentence.trim_start_matches(['《', '“', '"']).len());
        let squeezed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        if is_report_title(&squeezed) {
            return Some((squeezed, start..start + name.len()));
        }
    }
    None
}

/// Takes agency and year from the report's own announcing sentence (现公布XX2021年……年度报告)
/// when the title does not give them, or when what was taken for a title is no report title
/// (a salutation and a sentence). The year otherwise comes from the statistics period.
pub fn fill_meta(text: &str, meta: &mut Meta, source: SourceId) {
    let titled = meta
        .title
        .as_ref()
        .is_some_and(|t| is_report_title(&t.value));
    if titled && meta.agency.is_some() && meta.year.is_some() {
        return;
    }
    if let Some((name, range)) = announcement(text)
        && let Some((agency, year)) = crate::meta::agency_and_year(&name)
    {
        let span = Span::new(source, range.start, range.end);
        if (meta.agency.is_none() || !titled) && !agency.is_empty() {
            meta.agency = Some(Spanned::new(agency, span));
        }
        if meta.year.is_none() || !titled {
            meta.year = Some(Spanned::new(year, span));
        }
    }
}

/// The template a cited 国办公开办函 names: 〔2021〕30号 → 2021, 〔2019〕60号 → 2019.
pub fn cited_template(text: &str) -> Option<Template> {
    let head = squeezed_head(text, 8000);
    let cites = |year: &str, number: &str| {
        ["〔", "[", "（", "(", "【"].iter().any(|open| {
            ["〕", "]", "）", ")", "】"]
                .iter()
                .any(|close| head.contains(&format!("办函{open}{year}{close}{number}号")))
        })
    };
    if cites("2021", "30") {
        Some(Template::Y2021)
    } else if cites("2019", "60") {
        Some(Template::Y2019)
    } else {
        None
    }
}

/// Header words of the statistics table of the pre-2019 reports (指标名称 / 计量单位 / 历年累计).
const OLD_TABLE_WORDS: &[&str] = &["指标名称", "统计指标", "计量单位", "历年累计", "统计数"];

/// Whether the text holds the old statistics table of a pre-2019 report.
pub fn old_statistics_table(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    OLD_TABLE_WORDS
        .iter()
        .filter(|w| squeezed.contains(*w))
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_announcing_sentence_names_the_report() {
        let t = "各有关单位：\n现公布白石镇人民政府2021年政府信息公开工作年度报告。\n一、总体情况";
        let (name, range) = announcement(t).unwrap();
        assert_eq!(name, "白石镇人民政府2021年政府信息公开工作年度报告");
        assert_eq!(&t[range], name);
        let mut meta = Meta::default();
        fill_meta(t, &mut meta, SourceId(0));
        assert_eq!(meta.agency.unwrap().value, "白石镇人民政府");
        assert_eq!(meta.year.unwrap().value, 2021);
        assert!(announcement("现公布招聘结果如下。").is_none());
    }

    #[test]
    fn the_period_sentence_and_the_cited_notice() {
        assert!(period_sentence(&squeezed_head(
            "本报告所列数据的统计期限自 2021 年 1 月 1 日起至 2021 年 12 月 31 日止。",
            8000
        )));
        assert!(!period_sentence(
            "本条例自2019年5月15日起施行。2021年1月1日"
        ));
        assert_eq!(
            cited_template("按照国办公开办函〔2021〕30号要求"),
            Some(Template::Y2021)
        );
        assert_eq!(
            cited_template("依据国办公开办函[2019]60号"),
            Some(Template::Y2019)
        );
        assert_eq!(cited_template("国办发〔2021〕30号"), None);
    }

    #[test]
    fn report_titles_and_sentences_that_are_none() {
        assert!(is_report_title(
            "青禾县市场监督管理局2024年政府信息公开工作年度报告"
        ));
        assert!(is_report_title("2020年木兰县卫生健康局信息公开工作年报"));
        assert!(is_report_title(
            "某县人民政府2023年政府信息公开工作年度报告（更正版）"
        ));
        assert!(!is_report_title(
            "gongkai读取、核对中国政府信息公开工作年度报告（政府信息公开工作年度报告）。它按国家模板"
        ));
        assert!(!is_report_title("关于开展安全生产检查的通知"));
    }

    #[test]
    fn two_kinds_make_a_report_one_does_not() {
        let e = Evidence {
            title: true,
            ..Evidence::default()
        };
        assert!(!e.is_report());
        let e = Evidence {
            title: true,
            period: true,
            ..Evidence::default()
        };
        assert!(e.is_report());
        let e = Evidence {
            sections: 1,
            table: true,
            ..Evidence::default()
        };
        assert!(!e.is_report());
        assert!(old_statistics_table("指标名称\t计量单位\t统计数"));
    }
}
