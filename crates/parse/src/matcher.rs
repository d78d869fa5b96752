//! Recognising template labels in normalised text by their signatures.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use gongkai_model::labels::{ACTIVE_ROWS_2019, ActiveRow, REQUEST_ROWS, RequestGroup, RequestRow};

/// What a piece of label text of table 三 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestMatch {
    /// The data row, when a row's own label is there.
    pub leaf: Option<RequestRow>,
    /// Byte offset (in the normalised text) where the leaf's signature starts.
    pub at: usize,
    /// A group label (三、本年度办理结果, （三）不予公开 …) that is there.
    pub group: Option<RequestGroup>,
}

/// A DFA: about a millisecond to build, once per process, and the fastest to search — labels are
/// matched hundreds of times per report, so batches gain far more than one file pays.
fn automaton(patterns: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns)
        .expect("static patterns")
}

enum Target {
    Row(RequestRow),
    Group(RequestGroup),
}

fn request_automaton() -> &'static (AhoCorasick, Vec<Target>) {
    static AC: OnceLock<(AhoCorasick, Vec<Target>)> = OnceLock::new();
    AC.get_or_init(|| {
        let mut pats = Vec::new();
        let mut targets = Vec::new();
        for spec in REQUEST_ROWS {
            for sig in spec.signatures {
                pats.push(*sig);
                targets.push(Target::Row(spec.row));
            }
        }
        for g in [
            RequestGroup::Outcomes,
            RequestGroup::Denied,
            RequestGroup::Unavailable,
            RequestGroup::NotProcessed,
        ] {
            for sig in g.signatures() {
                pats.push(*sig);
                targets.push(Target::Group(g));
            }
        }
        (automaton(&pats), targets)
    })
}

/// Matches normalised label text against the rows of table 三. When several rows match (a
/// line holding a group label and a row label), the one closest to the end wins: the row's own
/// label sits next to its numbers.
pub fn match_request(norm: &str) -> RequestMatch {
    let mut m = RequestMatch::default();
    if norm.is_empty() {
        return m; // rows of values only (labels on other lines)
    }
    let (ac, targets) = request_automaton();
    for hit in ac.find_overlapping_iter(norm) {
        match targets[hit.pattern().as_usize()] {
            Target::Group(g) => m.group = Some(g),
            Target::Row(row) => {
                if row == RequestRow::Granted && norm[..hit.start()].ends_with('不') {
                    continue; // （三）不予以公开 is the group, not （一）予以公开
                }
                if m.leaf.is_none() || hit.start() >= m.at {
                    m.leaf = Some(row);
                    m.at = hit.start();
                }
            }
        }
    }
    if m.leaf.is_none() {
        m.leaf = bare_label(norm);
    }
    m
}

/// Rows whose label is too short for a signature: `（六）其他`, `3.其他`, a bare `总计`.
fn bare_label(norm: &str) -> Option<RequestRow> {
    let t = norm.trim_end_matches(['.', ':', ')']);
    if t.ends_with("(六)其他") || t.ends_with("六.其他") {
        return Some(RequestRow::Other);
    }
    if t == "其他" || t.ends_with("3.其他") || t.ends_with("3其他") || t.ends_with("(3)其他")
    {
        return Some(RequestRow::OtherOther);
    }
    if t == "总计" || t == "合计" || t.ends_with("(七)合计") {
        return Some(RequestRow::Total);
    }
    None
}

fn active_automaton() -> &'static (AhoCorasick, Vec<ActiveRow>) {
    static AC: OnceLock<(AhoCorasick, Vec<ActiveRow>)> = OnceLock::new();
    AC.get_or_init(|| {
        let mut pats = Vec::new();
        let mut rows = Vec::new();
        for spec in ACTIVE_ROWS_2019 {
            for sig in spec.signatures {
                pats.push(*sig);
                rows.push(spec.row);
            }
        }
        (automaton(&pats), rows)
    })
}

/// Matches normalised label text against the rows of table 二 (the last match wins).
/// Returns the row and the byte offset of its signature.
pub fn match_active(norm: &str) -> Option<(ActiveRow, usize)> {
    let (ac, rows) = active_automaton();
    let mut best: Option<(ActiveRow, usize)> = None;
    for hit in ac.find_overlapping_iter(norm) {
        let row = rows[hit.pattern().as_usize()];
        // 本年收费金额 is a column header, not the 行政事业性收费 row.
        if best.is_none_or(|(_, at)| hit.start() >= at) {
            best = Some((row, hit.start()));
        }
    }
    best
}

/// Every signature hit of table 三 (rows and groups) in `norm`, as (start, end, row).
pub fn request_hits(norm: &str) -> Vec<(usize, usize, Option<RequestRow>)> {
    let (ac, targets) = request_automaton();
    let mut out: Vec<(usize, usize, Option<RequestRow>)> = ac
        .find_iter(norm)
        .map(|h| {
            let row = match targets[h.pattern().as_usize()] {
                Target::Row(r) => Some(r),
                Target::Group(_) => None,
            };
            (h.start(), h.end(), row)
        })
        .filter(|&(s, _, row)| !(row == Some(RequestRow::Granted) && norm[..s].ends_with('不')))
        .collect();
    out.sort_by_key(|h| h.0);
    out
}

/// Every signature hit of table 二 in `norm`, as (start, end, row).
pub fn active_hits(norm: &str) -> Vec<(usize, usize, ActiveRow)> {
    let (ac, rows) = active_automaton();
    ac.find_iter(norm)
        .map(|h| (h.start(), h.end(), rows[h.pattern().as_usize()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::labels::normalize_label;

    fn leaf(s: &str) -> Option<RequestRow> {
        match_request(&normalize_label(s)).leaf
    }

    #[test]
    fn row_labels_and_their_variants() {
        assert_eq!(
            leaf("一、本年新收政府信息公开申请数里"),
            Some(RequestRow::Received)
        );
        assert_eq!(
            leaf("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)"),
            Some(RequestRow::PartlyGranted)
        );
        assert_eq!(
            leaf("（三）不予公开 1.属于国家秘密"),
            Some(RequestRow::DeniedStateSecret)
        );
        assert_eq!(
            leaf("2.其他法律行政止公开"),
            Some(RequestRow::DeniedLawProhibited)
        );
        assert_eq!(leaf("（三）不予以公开"), None);
        assert_eq!(
            leaf("（六）其他处理 1、申请人无正当理由逾期不补正"),
            Some(RequestRow::OtherNoCorrection)
        );
        assert_eq!(leaf("(六) 其他"), Some(RequestRow::Other));
        assert_eq!(leaf("3、其他"), Some(RequestRow::OtherOther));
        assert_eq!(leaf("（七）总计"), Some(RequestRow::Total));
        assert_eq!(
            leaf("5.要求行政机关确认或重 新出具"),
            Some(RequestRow::NotProcessedConfirmation)
        );
        assert_eq!(leaf("正、行政机关不再处理其政府信"), None);
        assert_eq!(
            leaf("本  2.其他法律行政法规禁止公开"),
            Some(RequestRow::DeniedLawProhibited)
        );
        assert_eq!(
            leaf("四、结转下年度继续办理"),
            Some(RequestRow::CarriedForward)
        );
        assert_eq!(
            match_request(&normalize_label("（三）不予公开")).group,
            Some(RequestGroup::Denied)
        );
    }

    #[test]
    fn active_labels() {
        let m = |s: &str| match_active(&normalize_label(s)).map(|x| x.0);
        assert_eq!(m("行政规范性文件"), Some(ActiveRow::Normative));
        assert_eq!(m("規範性檔案"), Some(ActiveRow::Normative));
        assert_eq!(m("其他对外管理服务事项"), Some(ActiveRow::OtherServices));
        assert_eq!(m("行政事业性收费"), Some(ActiveRow::Fees));
        assert_eq!(m("政府集中采购"), Some(ActiveRow::Procurement));
    }
}
