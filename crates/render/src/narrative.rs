//! The narrative of a section as paragraphs: its body without the lines of its table, page
//! numbers and the signature block, with hard-wrapped lines joined again.
//!
//! A section body as parsed holds everything from its heading to the next one, tables included
//! (a report read from text has no other record of where a table's lines are). The table's
//! first line is found by the template's own header words, its last line by the span the parser
//! gave the table; what lies after it (a note under the table) is kept.

use gongkai_model::labels::{
    ACTIVE_CONTENT_HEADER, ACTIVE_ITEM_PREFIX, APPLICANT_HEADER, Applicant, LITIGATION_HEADER,
    REQUEST_TABLE_NOTE, REVIEW_COLUMNS, RequestRow, ReviewGroup, normalize_label,
};
use gongkai_model::{Section, Span};
use unicode_width::UnicodeWidthStr;

/// Which table a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Table 二.
    Active,
    /// Table 三.
    Requests,
    /// Table 四.
    Reviews,
}

/// A section's text around its table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    /// Paragraphs before the table (all of them when there is no table).
    pub before: Vec<String>,
    /// Paragraphs after the table.
    pub after: Vec<String>,
}

/// Splits a section body into the paragraphs before and after its table. `table` is the span
/// the parser gave the table (used where it lies in the body); `cut` is where the signature
/// block starts, when it is in this body.
pub fn narrative(
    section: &Section,
    table: Option<(TableKind, Span)>,
    cut: Option<usize>,
) -> Narrative {
    let body = &section.body.value;
    let base = section.body.span.start as usize;
    // Spans only mean something when the body's span covers exactly its text (a report read
    // from a document); an authored or generated body has no positions to compare.
    let positioned = is_positioned(section);
    let inside = |at: usize| {
        (positioned && at >= base && at - base <= body.len())
            .then(|| body.floor_char_boundary(at - base))
    };
    let end = cut.and_then(inside).unwrap_or(body.len());
    let body = &body[..end];
    let whole = || Narrative {
        before: paragraphs(body.lines(), positioned),
        after: Vec::new(),
    };
    let Some((kind, span)) = table else {
        return whole();
    };
    let span_start = inside(span.start as usize).filter(|&s| s < end);
    let Some(mut start) = table_start(kind, body, span_start) else {
        return whole();
    };
    // A table caption read back from HTML (the heading without its numbering) sits just above.
    let caption = section
        .kind
        .heading()
        .split_once('、')
        .map_or("", |(_, c)| c);
    let above = body[..start].trim_end_matches(['\n', '\r']);
    let line_start = above.rfind('\n').map_or(0, |i| i + 1);
    if !caption.is_empty() && above[line_start..].trim() == caption {
        start = line_start;
    }
    // The table ends with the span the parser gave it, at the end of a line.
    let stop = inside(span.end as usize)
        .filter(|&e| e > start && e <= end)
        .map_or(end, |e| body[e..].find('\n').map_or(end, |i| e + i));
    Narrative {
        before: paragraphs(body[..start].lines(), positioned),
        after: paragraphs(body[stop..].lines(), positioned),
    }
}

/// Where the table starts in `body`: the first line that starts with its header words, else
/// the parser's span (moved back over header words it left out), else — for text with no line
/// breaks — the first place where table 四's two top headers meet.
fn table_start(kind: TableKind, body: &str, span_start: Option<usize>) -> Option<usize> {
    if let Some((at, _)) = line_offsets(body)
        .into_iter()
        .find(|(_, l)| starts_table(kind, l))
    {
        return Some(at);
    }
    if let Some(s) = span_start {
        let marker: String = match kind {
            TableKind::Active => ACTIVE_ITEM_PREFIX.to_string(),
            TableKind::Requests => REQUEST_TABLE_NOTE.chars().take(5).collect(),
            TableKind::Reviews => ReviewGroup::Review.label().to_string(),
        };
        let from = body.floor_char_boundary(s.saturating_sub(30));
        return Some(body[from..s].rfind(&marker).map_or(s, |i| from + i));
    }
    if kind == TableKind::Reviews {
        let review = ReviewGroup::Review.label();
        return body.match_indices(review).map(|(i, _)| i).find(|&i| {
            body[i + review.len()..]
                .trim_start_matches(|c: char| c.is_whitespace() || c == '|')
                .starts_with(LITIGATION_HEADER)
        });
    }
    None
}

/// True when the section's body span covers exactly its text, so offsets can be compared.
pub fn is_positioned(section: &Section) -> bool {
    let span = section.body.span;
    (span.end - span.start) as usize == section.body.value.len() && !span.is_empty()
}

fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.push((at, line.trim_end_matches(['\n', '\r'])));
        at += line.len();
    }
    out
}

/// True when `line` is the first line of the table: its first header words.
fn starts_table(kind: TableKind, line: &str) -> bool {
    let t = normalize_label(line.trim_start_matches(|c: char| c.is_whitespace() || c == '|'));
    let starts = |label: &str| t.starts_with(&normalize_label(label));
    match kind {
        TableKind::Active => starts(ACTIVE_ITEM_PREFIX) || starts(ACTIVE_CONTENT_HEADER),
        TableKind::Requests => {
            let note: String = REQUEST_TABLE_NOTE.chars().take(6).collect();
            starts(&note)
                || starts(APPLICANT_HEADER)
                || starts(Applicant::Natural.label())
                || starts(RequestRow::Received.spec().label)
        }
        TableKind::Reviews => {
            let short = line.split_whitespace().count() > 1 || t.chars().count() <= 12;
            (starts(ReviewGroup::Review.label()) && (short || t.contains(LITIGATION_HEADER)))
                || starts(REVIEW_COLUMNS[0].1)
        }
    }
}

/// True for a page number line: `-3-`, `- 3 -`, `—3—`, `第3页`, `第 3 页 共 5 页`.
pub fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 12 {
        return false;
    }
    let dashes = ['-', '—', '－', '–'];
    let inner = t.trim_start_matches(dashes).trim_end_matches(dashes);
    if inner.len() + 2 <= t.len() && !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit())
    {
        return true;
    }
    t.strip_prefix('第').is_some_and(|r| {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && r[digits..].starts_with('页')
    })
}

/// Sentence-final punctuation: a line ending in one ends its paragraph.
const FINAL: &[char] = &['。', '！', '？', '；', '：', '.', '!', '?', ';', ':'];

/// Lines to paragraphs: a blank line ends a paragraph, and so does every line, except — when
/// `reflow` — a line that looks hard-wrapped (about as wide as the text's usual full line, not
/// ending a sentence), which is joined with the next. Widths count CJK characters double, as
/// they print in a Chinese document.
pub fn paragraphs<'a>(lines: impl Iterator<Item = &'a str>, reflow: bool) -> Vec<String> {
    // A page break (a page number, a form feed) and the blank lines around it are not a
    // paragraph break.
    let mut kept: Vec<&str> = Vec::new();
    let mut after_break = false;
    for raw in lines {
        let line = raw.trim();
        if is_page_number(line) || raw.starts_with('\u{c}') {
            while kept.last().is_some_and(|l| l.is_empty()) {
                kept.pop();
            }
            after_break = true;
            if is_page_number(line) {
                continue;
            }
        }
        if line.is_empty() && after_break {
            continue;
        }
        // The `##` of a Markdown heading is left in the body before it (the heading is found
        // by its numbering).
        if !line.is_empty() && line.chars().all(|c| c == '#') {
            continue;
        }
        after_break = false;
        kept.push(line);
    }
    let lines = kept;
    // As the line prints in a Chinese document: quotes, dashes and ellipses are wide there too.
    let width = |l: &str| l.width_cjk();
    // The usual width of a full line: the median of the lines that are not short.
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|l| width(l))
        .filter(|&w| w >= 30)
        .collect();
    widths.sort_unstable();
    let usual = widths.get(widths.len() / 2).copied();
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        if line.is_empty() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(last) if open => last.push_str(line),
            _ => out.push(line.to_string()),
        }
        open = reflow && usual.is_some_and(|u| width(line) * 10 >= u * 8) && !line.ends_with(FINAL);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_wrapped_lines_join_and_sentences_stay_apart() {
        let text = "本机关认真贯彻落实条例要求，全年主动公开政府信息一千余条，依申请公开办理规\n\n- 3 -\n\u{c}范有序。\n（一）主动公开\n全年公开信息。\n\n- 4 -\n";
        assert_eq!(
            paragraphs(text.lines(), true),
            vec![
                "本机关认真贯彻落实条例要求，全年主动公开政府信息一千余条，依申请公开办理规范有序。",
                "（一）主动公开",
                "全年公开信息。"
            ]
        );
    }

    #[test]
    fn short_lines_stay_apart() {
        let text = "一是加强领导\n二是完善制度\n\n三是强化监督";
        assert_eq!(
            paragraphs(text.lines(), true),
            vec!["一是加强领导", "二是完善制度", "三是强化监督"]
        );
        assert!(paragraphs("".lines(), true).is_empty());
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number(" - 3 - "));
        assert!(is_page_number("—12—"));
        assert!(is_page_number("第 3 页 共 5 页"));
        assert!(!is_page_number("-3"));
        assert!(!is_page_number("2023"));
    }

    #[test]
    fn table_starts() {
        assert!(starts_table(TableKind::Active, "第二十条第（一）项"));
        assert!(starts_table(
            TableKind::Active,
            "| 第二十条第（一）项 | | | |"
        ));
        assert!(starts_table(
            TableKind::Requests,
            "\t（本列数据的勾稽关系为：第一项"
        ));
        assert!(starts_table(
            TableKind::Reviews,
            "行政复议\t\t\t\t\t行政诉讼"
        ));
        assert!(starts_table(
            TableKind::Reviews,
            "      行政复议             行政诉讼"
        ));
        assert!(!starts_table(
            TableKind::Reviews,
            "行政复议方面，本机关全年被申请行政复议2件，均已审结。"
        ));
    }
}
