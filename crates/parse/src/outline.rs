//! The outline of a report: the six section headings and where each table lies.

use std::ops::Range;

use gongkai_model::SectionKind;

/// A section heading found in the text.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Which section.
    pub kind: SectionKind,
    /// Byte range of the heading text (numbering included).
    pub range: Range<usize>,
}

/// Where the three tables lie (byte ranges), when found.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    /// Table 二.
    pub active: Option<Range<usize>>,
    /// Table 三.
    pub requests: Option<Range<usize>>,
    /// Table 四.
    pub reviews: Option<Range<usize>>,
}

const NUMERALS: &str = "一二三四五六七八九十";

/// Finds the first numbered heading of each section kind, in text order.
pub fn headings(text: &str) -> Vec<Heading> {
    let (ac, sigs) = heading_automaton();
    // One pass finds the occurrences of the headings' first signature words, in text order.
    // Non-overlapping is enough: where two signatures overlap (存在的主要问题及改进), the later
    // one could only pass `numbering_before` if the earlier one did, as the numbering must come
    // before both.
    let hits: Vec<(usize, usize)> = ac
        .find_iter(text)
        .map(|h| (h.start(), h.pattern().as_usize()))
        .collect();
    let mut out: Vec<Heading> = Vec::new();
    for kind in SectionKind::ALL {
        let found = hits.iter().find_map(|&(at, p)| {
            let (k, words) = sigs[p];
            if k != kind {
                return None;
            }
            let first = words[0];
            let window = &text[at..text.floor_char_boundary(at + 60)];
            if !words[1..].iter().all(|s| window.contains(s)) {
                return None;
            }
            let start = numbering_before(text, at)?;
            let end = heading_end(text, first, at + first.len(), kind.heading());
            Some(Heading {
                kind,
                range: start..end,
            })
        });
        out.extend(found);
    }
    out.sort_by_key(|h| h.range.start);
    out
}

/// A signature of a section heading: its kind and the words that must all occur.
type HeadingSig = (SectionKind, &'static [&'static str]);

/// An automaton over the first word of every heading signature, built once (a dozen patterns).
/// One scan of the text replaces a `find` per signature, which rescanned absent alternatives
/// over the whole text; a leftmost search lets the automaton skip ahead with its prefilter.
fn heading_automaton() -> &'static (aho_corasick::AhoCorasick, Vec<HeadingSig>) {
    static AC: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<HeadingSig>)> =
        std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let sigs: Vec<HeadingSig> = SectionKind::ALL
            .into_iter()
            .flat_map(|k| k.signatures().iter().map(move |s| (k, *s)))
            .collect();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(sigs.iter().map(|(_, words)| words[0]))
            .expect("static patterns");
        (ac, sigs)
    })
}

/// The start of a top-level numbering (`二、`, `2、`, `二.`, `1、 `) shortly before `at`, with no
/// sentence punctuation in between.
fn numbering_before(text: &str, at: usize) -> Option<usize> {
    let mut chars = text[..at].char_indices().rev().peekable();
    let mut skipped = 0;
    while let Some((_, c)) = chars.next() {
        if matches!(c, '、' | '.' | '．' | '，' | ',') {
            let (start, first) = match chars.peek() {
                Some(&(j, d)) if NUMERALS.contains(d) || d.is_ascii_digit() => (j, d),
                _ => return None,
            };
            chars.next();
            let arabic = first.is_ascii_digit();
            let mut start = start;
            let mut len = 1;
            while let Some(&(j, d)) = chars.peek() {
                let same = if arabic {
                    d.is_ascii_digit()
                } else {
                    NUMERALS.contains(d)
                };
                if !same {
                    break;
                }
                start = j;
                len += 1;
                chars.next();
            }
            // Not a sub-heading （一）, not 第一, not the tail of a longer number.
            let prev = chars.peek().map(|&(_, p)| p);
            let bad_prev = matches!(prev, Some('（' | '(' | '第'))
                || (arabic && prev.is_some_and(|p| p.is_ascii_digit() || p == '.'));
            if len > 2 || bad_prev {
                return None;
            }
            return Some(start);
        }
        if matches!(c, '。' | '；' | '：' | '\n' | '）' | ')') || skipped > 14 {
            return None;
        }
        skipped += 1;
    }
    None
}

/// The end of a heading: the signature plus as much of the template's heading as follows it,
/// then the rest of the line when that is a short variant (`四、行政复议和行政诉讼情况`) rather
/// than running text.
fn heading_end(text: &str, sig: &str, sig_end: usize, canonical: &str) -> usize {
    let mut end = sig_end;
    if let Some(i) = canonical.find(sig) {
        let rest = &canonical[i + sig.len()..];
        let matched = rest
            .chars()
            .zip(text[sig_end..].chars())
            .take_while(|(a, b)| a == b)
            .count();
        end += rest
            .chars()
            .take(matched)
            .map(char::len_utf8)
            .sum::<usize>();
        if matched == rest.chars().count() {
            return end;
        }
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let tail = text[end..line_end].trim_end();
    if tail.chars().count() <= 15 && !tail.contains(['。', '，', '；', '：', ':']) {
        end += tail.len();
    }
    end
}

/// Locates the tables, from the headings and the tables' own header words.
pub fn regions(text: &str, headings: &[Heading]) -> Regions {
    let sec = |k: SectionKind| {
        headings
            .iter()
            .find(|h| h.kind == k)
            .map(|h| h.range.clone())
    };
    let find = |from: usize, needles: &[&str]| -> Option<usize> {
        needles
            .iter()
            // memmem's SIMD search: these words are looked for over most of the text.
            .filter_map(|n| {
                memchr::memmem::find(&text.as_bytes()[from..], n.as_bytes()).map(|i| from + i)
            })
            .min()
    };
    let active_from = sec(SectionKind::Active).map_or(0, |r| r.end);
    let active_start = find(active_from, &["第二十条", "信息内容"])
        .or_else(|| sec(SectionKind::Active).map(|r| r.end));
    let requests_from = active_start
        .or(sec(SectionKind::Requests).map(|r| r.end))
        .unwrap_or(0);
    // The table's own header words first: a narrative before the table can name its rows.
    let requests_start = find(requests_from, &["申请人情况", "勾稽关系"])
        .or_else(|| find(requests_from, &["本年新收", "新收政府信息"]));
    let reviews_heading = sec(SectionKind::Reviews).map(|r| r.start);
    let reviews_start = match requests_start {
        Some(r3) => {
            let after_rows = find(r3, &["结转下年", "下年度继续"]).unwrap_or(r3);
            reviews_heading
                .filter(|&h| h > after_rows)
                .or_else(|| find(after_rows, &["行政复议", "复议"]))
        }
        None => reviews_heading.or_else(|| find(requests_from, &["结果维持"])),
    };
    let problems = sec(SectionKind::Problems).map(|r| r.start);
    let mut regions = Regions::default();
    if let Some(a) = active_start {
        let end = [requests_start, sec(SectionKind::Requests).map(|r| r.start)]
            .into_iter()
            .flatten()
            .filter(|&e| e > a)
            .min()
            .or(reviews_start.filter(|&e| e > a))
            .unwrap_or(text.len());
        regions.active = Some(line_start(text, a)..end);
    }
    if let Some(r) = requests_start {
        let end = reviews_start
            .filter(|&e| e > r)
            .or(problems.filter(|&e| e > r))
            .unwrap_or(text.len());
        regions.requests = Some(line_start(text, r)..end);
    }
    if let Some(v) = reviews_start {
        let end = problems.filter(|&e| e > v).unwrap_or(text.len());
        regions.reviews = Some(v..end);
    }
    regions
}

/// The start of the line holding `at`, unless the line is very long (run-together text).
fn line_start(text: &str, at: usize) -> usize {
    let ls = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if at - ls > 200 { at } else { ls }
}

/// True when the line holding `at` is very long: text crawled from a web page with its line
/// breaks lost, where cells run together.
pub fn is_long_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    end - start > 400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings_only() {
        let t = "标题\n1、 总体情况\n（一）主动公开情况\n二、主动公开政府信息情况\n五、政府信息公开工作存在的主要问题及改进情况\n六、其他需要报告的事项\n无";
        let h = headings(t);
        let kinds: Vec<_> = h.iter().map(|h| h.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SectionKind::Overview,
                SectionKind::Active,
                SectionKind::Problems,
                SectionKind::Other
            ]
        );
        assert_eq!(&t[h[0].range.clone()], "1、 总体情况");
    }

    #[test]
    fn inline_headings_in_crawled_text() {
        let t = "报告包括总体情况等六个部分。一、总体情况2019年，我区……四、政府信息公开行政复议、行政诉讼情况行政复议";
        let h = headings(t);
        assert_eq!(h.len(), 2);
        assert_eq!(&t[h[0].range.clone()], "一、总体情况");
        assert_eq!(
            &t[h[1].range.clone()],
            "四、政府信息公开行政复议、行政诉讼情况"
        );
    }
}
