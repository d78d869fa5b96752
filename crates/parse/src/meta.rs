//! Title, issuing agency, year covered and the report's own date.

use gongkai_model::{Date, Meta, SourceId, Span, Spanned};

/// Lines a crawler puts before the body; only `标题:` is worth reading.
const CRAWLER_PREFIXES: &[&str] = &[
    "发布时间",
    "文号",
    "发布机构",
    "栏目",
    "原文链接",
    "本地目录",
    "页面链接",
    "来源",
    "索引号",
    "发文日期",
    "生成日期",
    "主题分类",
    "信息来源",
    "浏览次数",
    "访问量",
];

/// Reads the meta data of the report.
pub fn meta(text: &str, source: SourceId) -> Meta {
    let mut meta = Meta::default();
    if let Some((title, range)) = title(text) {
        let span = Span::new(source, range.start, range.end);
        if let Some((agency, year)) = agency_and_year(&title) {
            if !agency.is_empty() {
                meta.agency = Some(Spanned::new(agency, span));
            }
            meta.year = Some(Spanned::new(year, span));
        }
        meta.title = Some(Spanned::new(title, span));
    }
    if meta.year.is_none() {
        meta.year = period_year(text, source);
    }
    meta.published = published(text, source);
    meta
}

/// The lines of `text` from the top, as byte ranges without the line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = (start, content_end(text, start, end));
        start = end + 1;
        Some(line)
    })
}

/// The lines of `text` from the bottom: only the last few are read, so the text is not walked.
fn lines_rev(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    // The end of the line still to be returned; a final line break ends no extra line.
    let mut end = Some(text.strip_suffix('\n').map_or(text.len(), str::len));
    std::iter::from_fn(move || {
        let e = end?;
        let start = memchr::memrchr(b'\n', &text.as_bytes()[..e]).map_or(0, |i| i + 1);
        end = start.checked_sub(1);
        Some((start, content_end(text, start, e)))
    })
}

/// The end of a line's content: before a trailing `\r` (a CRLF line break).
fn content_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(['\n', '\r']).len()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The title: from the first non-blank lines up to the one holding 报告 (it can be broken over
/// up to four short lines), or a crawler's `标题:` line.
fn title(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut acc = String::new();
    let mut first: Option<usize> = None;
    let mut taken = 0;
    for (s, e) in lines(text).take(40) {
        let line = text[s..e].trim();
        if line.is_empty() || line.starts_with("====") {
            continue;
        }
        let lead = s + (text[s..e].len() - text[s..e].trim_start().len());
        if let Some(rest) = line
            .strip_prefix("标题:")
            .or_else(|| line.strip_prefix("标题："))
        {
            let start = lead + (line.len() - rest.len());
            return Some((squeeze(rest), start..lead + line.len()));
        }
        // Crawler lines, and a page number printed above the title (`- 1 -` of `pdftotext -raw`).
        if CRAWLER_PREFIXES.iter().any(|p| line.starts_with(p))
            || crate::token::is_page_footer(line)
        {
            continue;
        }
        let squeezed = squeeze(line.trim_matches(['#', '*', '>', '=', ' ']));
        if let Some(i) = squeezed
            .find("报告")
            .filter(|_| squeezed.chars().count() > 60)
        {
            // A body that starts with the title and runs on.
            if first.is_none() {
                let end = line_prefix_end(line, &squeezed[..i + "报告".len()]);
                return Some((squeezed[..i + "报告".len()].to_string(), lead..lead + end));
            }
            break;
        }
        if squeezed.chars().count() > 60 {
            break;
        }
        first.get_or_insert(lead);
        acc.push_str(&squeezed);
        taken += 1;
        if squeezed.contains("报告") || squeezed.contains("年报") {
            return Some((acc, first.unwrap_or(lead)..lead + line.len()));
        }
        if taken >= 4 {
            break;
        }
    }
    None
}

/// The byte length of the prefix of `line` whose non-space characters spell `squeezed`.
fn line_prefix_end(line: &str, squeezed: &str) -> usize {
    let mut want = squeezed.chars().count();
    for (i, c) in line.char_indices() {
        if want == 0 {
            return i;
        }
        if !c.is_whitespace() {
            want -= 1;
        }
    }
    line.len()
}

/// Splits a title into agency and year: `宜春市卫生健康委2020年政府信息公开工作年度报告`,
/// `2020年木兰县卫生健康局信息公开工作年度报告`, `关于…2021年度…的报告`.
pub fn agency_and_year(title: &str) -> Option<(String, i32)> {
    let bytes = title.as_bytes();
    let mut at = None;
    for i in 0..bytes.len().saturating_sub(3) {
        if bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && title[i + 4..].starts_with('年')
        {
            at = Some(i);
            break;
        }
    }
    let i = at?;
    let year: i32 = title[i..i + 4].parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let before = title[..i]
        .trim_start_matches("关于")
        .trim_end_matches("关于");
    let before = before.trim_end_matches('的').trim_end_matches(['(', '（']);
    let agency = if !before.is_empty() {
        before.to_string()
    } else {
        let after = title[i + 4 + '年'.len_utf8()..].trim_start_matches('度');
        let cut = [
            "政府信息公开",
            "信息公开",
            "政务公开",
            "年度报告",
            "工作报告",
            "报告",
        ]
        .iter()
        .filter_map(|m| after.find(m))
        .min()
        .unwrap_or(after.len());
        let mut a = after[..cut].trim_end_matches('的').to_string();
        if a.ends_with("人民") && after[cut..].starts_with("政府") {
            a.push_str("政府");
        }
        a
    };
    Some((agency, year))
}

/// The year of the statistics period: `统计期限自2020年1月1日起至2020年12月31日止`.
fn period_year(text: &str, source: SourceId) -> Option<Spanned<i32>> {
    let head = &text[..text.floor_char_boundary(6000)];
    // pdftotext spaces the date out (`2022 年 1 月 1 日`): match on the text without spaces.
    let (squeezed, map): (String, Vec<usize>) = head
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (c, i))
        .unzip();
    let mut from = 0;
    while let Some(i) = squeezed[from..].find("年1月1日") {
        let at = from + i;
        from = at + "年".len();
        let Some(start) = at.checked_sub(4) else {
            continue;
        };
        let Some(y) = squeezed.get(start..at) else {
            continue;
        };
        if let Ok(year) = y.parse::<i32>()
            && (1990..=2100).contains(&year)
        {
            // `map` holds the source offset of each character of `squeezed`, in order.
            let chars_before = squeezed[..start].chars().count();
            let src = map[chars_before];
            return Some(Spanned::new(year, Span::new(source, src, src + 4)));
        }
    }
    None
}

/// The report's own date: a line holding only a date (or a signature and a date) near the end,
/// else right under the title.
fn published(text: &str, source: SourceId) -> Option<Spanned<Date>> {
    let nonblank = |&(s, e): &(usize, usize)| !text[s..e].trim().is_empty();
    let tail = lines_rev(text).filter(nonblank).take(12);
    let head = lines(text).filter(nonblank).take(6);
    for (s, e) in tail.chain(head) {
        let mut line = text[s..e].trim();
        let mut lead = s + (text[s..e].len() - text[s..e].trim_start().len());
        if line.chars().count() > 60 {
            // Crawled text runs the signature and date onto the last sentence.
            match line.rfind(['。', '；']) {
                Some(i) => {
                    let cut = i + '。'.len_utf8();
                    lead += cut;
                    line = &line[cut..];
                }
                None => continue,
            }
        }
        if CRAWLER_PREFIXES.iter().any(|p| line.starts_with(p)) {
            continue;
        }
        if let Some((date, len)) = trailing_date(line) {
            let end = lead + line.len();
            return Some(Spanned::new(date, Span::new(source, end - len, end)));
        }
    }
    None
}

/// A date at the end of `line` (the line holds nothing else but a signature), with the byte
/// length of the date text.
fn trailing_date(line: &str) -> Option<(Date, usize)> {
    let t = line.trim_end_matches([')', '）']);
    let close = line.len() - t.len();
    // 2021年1月25日 / 二〇二一年一月二十五日, spaces allowed (pdftotext).
    if let Some(body) = t.strip_suffix('日') {
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        let mut parts = Vec::new();
        let mut end = body.len();
        let mut k = chars.len();
        let mut start = body.len();
        for sep in ['月', '年'] {
            let mut j = k;
            while j > 0 && chars[j - 1].1 != sep {
                j -= 1;
            }
            if j == 0 {
                return None;
            }
            parts.push(body[chars[j - 1].0 + sep.len_utf8()..end].to_string());
            end = chars[j - 1].0;
            k = j - 1;
        }
        // The year: up to four digits or numerals right before 年.
        let mut j = k;
        let mut taken = 0;
        while j > 0 && taken < 6 && (is_year_char(chars[j - 1].1) || chars[j - 1].1 == ' ') {
            j -= 1;
            taken += 1;
        }
        start = start.min(if j < chars.len() {
            chars[j].0
        } else {
            body.len()
        });
        let year_text = &body[start..end];
        let year = number(year_text, true)?;
        let month = number(&parts[1], false)?;
        let day = number(&parts[0], false)?;
        let date = Date::new(year as i32, month, day)?;
        if !(2000..=2100).contains(&date.year) {
            return None;
        }
        let prefix = &t[..start];
        let prefix = prefix.trim_end().trim_start_matches(['(', '（']);
        if prefix.chars().count() > 30 || prefix.contains(['。', '，', '：', ':']) {
            return None;
        }
        return Some((date, t.len() - start + close));
    }
    // 2021-01-25, 2021.1.25, 2021/1/25 alone on the line.
    let s = t.trim();
    let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
    if parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let date = Date::new(
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        )?;
        return (2000..=2100)
            .contains(&date.year)
            .then_some((date, s.len()));
    }
    None
}

fn is_year_char(c: char) -> bool {
    c.is_ascii_digit() || "〇○零一二三四五六七八九Ｏ０１２３４５６７８９".contains(c)
}

/// Reads Arabic or Chinese numerals: digit by digit for a year, with 十 for months and days.
fn number(s: &str, year: bool) -> Option<u32> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '○' | '零' | 'Ｏ' | 'O' | '０' => 0,
            '一' | '１' => 1,
            '二' | '２' => 2,
            '三' | '３' => 3,
            '四' | '４' => 4,
            '五' | '５' => 5,
            '六' | '６' => 6,
            '七' | '７' => 7,
            '八' | '８' => 8,
            '九' | '９' => 9,
            _ => return None,
        })
    };
    if year {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?));
    }
    match s.split_once('十') {
        Some((tens, ones)) => {
            let t = if tens.is_empty() {
                1
            } else {
                digit(tens.chars().next()?)?
            };
            let o = if ones.is_empty() {
                0
            } else {
                digit(ones.chars().next()?)?
            };
            Some(t * 10 + o)
        }
        None if s.chars().count() == 1 => digit(s.chars().next()?),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_before_or_after_the_year() {
        let a = |t: &str| agency_and_year(t).unwrap();
        assert_eq!(
            a("宜春市卫生健康委2020年政府信息公开工作年度报告"),
            ("宜春市卫生健康委".into(), 2020)
        );
        assert_eq!(
            a("2020年木兰县卫生健康局信息公开工作年度报告"),
            ("木兰县卫生健康局".into(), 2020)
        );
        assert_eq!(
            a("平潭综合实验区2019年度政府信息公开工作年度报告"),
            ("平潭综合实验区".into(), 2019)
        );
        assert_eq!(
            a("2021年度青山县人民政府信息公开工作年度报告"),
            ("青山县人民政府".into(), 2021)
        );
        assert_eq!(
            a("关于白石镇2022年政府信息公开工作年度报告"),
            ("白石镇".into(), 2022)
        );
    }

    #[test]
    fn titles_over_several_lines() {
        let t = "\n同江市卫生健康局2020年政府信息\n\n公开工作年度报告\n一、总体情况\n";
        let m = meta(t, SourceId(0));
        assert_eq!(m.agency.unwrap().value, "同江市卫生健康局");
        assert_eq!(m.year.unwrap().value, 2020);
    }

    #[test]
    fn a_page_number_above_the_title_is_no_part_of_it() {
        // `pdftotext -raw` prints the first page's number before its first line.
        let t = "- 1 -\n同江市卫生健康局\n2020 年政府信息公开工作年度报告\n一、总体情况\n";
        let m = meta(t, SourceId(0));
        assert_eq!(m.agency.unwrap().value, "同江市卫生健康局");
        assert_eq!(m.year.unwrap().value, 2020);
    }

    #[test]
    fn dates_in_every_form() {
        let d = |s: &str| trailing_date(s).map(|(d, _)| d.to_string());
        assert_eq!(d("2021年1月25日").as_deref(), Some("2021-01-25"));
        assert_eq!(d("2021 年 1 月 14 日").as_deref(), Some("2021-01-14"));
        assert_eq!(d("二〇二一年一月二十五日").as_deref(), Some("2021-01-25"));
        assert_eq!(d("某某局    2022年3月1日").as_deref(), Some("2022-03-01"));
        assert_eq!(d("（2022年3月31日）").as_deref(), Some("2022-03-31"));
        assert_eq!(d("2022-03-01").as_deref(), Some("2022-03-01"));
        assert_eq!(d("截至2022年3月1日，共收到申请。"), None);
        assert_eq!(d("2021年2月30日"), None);
    }

    #[test]
    fn the_period_gives_the_year_even_spaced_out() {
        let t = "报告\n本报告统计期限自 2022 年 1 月 1 日起至 2022 年 12 月 31 日止。\n";
        assert_eq!(period_year(t, SourceId(0)).map(|y| y.value), Some(2022));
        let t = "统计期限自2020年1月1日起";
        assert_eq!(period_year(t, SourceId(0)).map(|y| y.value), Some(2020));
    }

    #[test]
    fn crawler_publication_time_is_not_the_report_date() {
        let t = "标题: 某区2019年政府信息公开工作年度报告\n发布时间: 2020-01-20 15:22\n正文";
        let m = meta(t, SourceId(0));
        assert!(m.published.is_none());
        assert_eq!(m.agency.unwrap().value, "某区");
    }
}
