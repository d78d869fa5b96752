//! Reports whose figures break sharply from the body's own series or from what a report can
//! plausibly say: a ten-fold jump on the year before, every closed request refused (100 %
//! 不予公开), a 行政复议 lost (结果纠正) in every year of a series of three or more. Each is
//! listed with the cells involved, for a person to look at — an outlier is a question, not a
//! finding of error.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_model::{Lang, Text};
use serde::Serialize;

use crate::stats::{Figure, Observation, Row};

/// The counts compared with the year before for a ten-fold jump: (cell, its name in Chinese, in
/// English) — the name is what a reader of the message sees, the cell is listed beside it.
pub const SERIES_KEYS: &[(&str, &str, &str)] = &[
    ("requests.received.total", "新收申请", "requests received"),
    ("requests.total.total", "办结申请", "requests closed"),
    ("review.total", "行政复议", "administrative reviews"),
    (
        "active.licensing.decisions",
        "行政许可决定",
        "licensing decisions",
    ),
    (
        "active.penalty.decisions",
        "行政处罚决定",
        "penalty decisions",
    ),
];

/// A jump is only reported when the larger of the two counts is at least this (3 → 30 is a
/// jump; 0 → 4 is not).
pub const JUMP_FLOOR: i64 = 10;

/// 100 % 不予公开 is only reported from this many closed requests on.
pub const ALL_DENIED_FLOOR: i64 = 3;

/// A review corrected every year is reported from this many years of series on.
pub const CORRECTED_YEARS: usize = 3;

/// What kind of break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A count ten times (or a tenth of) the year before's.
    TenfoldJump,
    /// Every closed request refused.
    AllDenied,
    /// 行政复议 结果纠正 in every year of the series.
    CorrectedEveryYear,
}

/// One outlier.
#[derive(Debug, Clone, Serialize)]
pub struct Outlier {
    /// The body.
    pub agency: String,
    /// The year (the last year of a series).
    pub year: i32,
    /// The report's file.
    pub path: String,
    /// What kind.
    pub kind: Kind,
    /// The cells involved: (year, key, value).
    pub cells: Vec<(i32, &'static str, i64)>,
    /// What it is, in both languages.
    pub message: Text,
}

/// The outliers among `observations` (their statistics `rows` from `stats::compute`), sorted by
/// body, year and kind.
pub fn outliers(observations: &[Observation], rows: &[Row]) -> Vec<Outlier> {
    let mut series: BTreeMap<&str, Vec<&Observation>> = BTreeMap::new();
    for o in observations {
        series.entry(o.group.as_str()).or_default().push(o);
    }
    let mut out = Vec::new();
    for list in series.values_mut() {
        list.sort_by_key(|o| o.year);
        for pair in list.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.year != a.year + 1 {
                continue;
            }
            for &(key, zh, en) in SERIES_KEYS {
                let (Ok(x), Ok(y)) = (a.count(key), b.count(key)) else {
                    continue;
                };
                if x.max(y) >= JUMP_FLOOR && (y >= 10 * x || x >= 10 * y) {
                    out.push(Outlier {
                        agency: b.agency.clone(),
                        year: b.year,
                        path: b.path.clone(),
                        kind: Kind::TenfoldJump,
                        cells: vec![(a.year, key, x), (b.year, key, y)],
                        message: Text::new(
                            format!(
                                "{zh}从 {} 年的 {x} 件变为 {} 年的 {y} 件（十倍以上）",
                                a.year, b.year
                            ),
                            format!(
                                "{en} went from {x} in {} to {y} in {} (ten-fold or more)",
                                a.year, b.year
                            ),
                        ),
                    });
                }
            }
        }
        let corrected: Vec<(i32, i64)> = list
            .iter()
            .filter_map(|o| o.count("review.corrected").ok().map(|n| (o.year, n)))
            .collect();
        let consecutive = corrected.windows(2).all(|w| w[1].0 == w[0].0 + 1);
        if corrected.len() >= CORRECTED_YEARS && consecutive && corrected.iter().all(|c| c.1 > 0) {
            let last = list
                .iter()
                .rev()
                .find(|o| o.count("review.corrected").is_ok());
            if let Some(last) = last {
                let (first, end) = (corrected[0].0, corrected[corrected.len() - 1].0);
                out.push(Outlier {
                    agency: last.agency.clone(),
                    year: last.year,
                    path: last.path.clone(),
                    kind: Kind::CorrectedEveryYear,
                    cells: corrected
                        .iter()
                        .map(|&(y, n)| (y, "review.corrected", n))
                        .collect(),
                    message: Text::new(
                        format!("{first}—{end} 年每年都有行政复议被纠正"),
                        format!("a review was corrected in every year from {first} to {end}"),
                    ),
                });
            }
        }
    }
    for r in rows {
        if let Figure::Rate {
            numerator,
            denominator,
            ..
        } = r.denied_rate
            && numerator == denominator
            && denominator >= ALL_DENIED_FLOOR
        {
            out.push(Outlier {
                agency: r.agency.clone(),
                year: r.year,
                path: r.path.clone(),
                kind: Kind::AllDenied,
                cells: vec![
                    (r.year, "requests.total.total", denominator),
                    (r.year, "requests.denied.*.total", numerator),
                ],
                message: Text::new(
                    format!("办结的 {denominator} 件申请全部不予公开"),
                    format!("all {denominator} closed requests were refused (不予公开)"),
                ),
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.agency, a.year, a.kind, &a.cells).cmp(&(&b.agency, b.year, b.kind, &b.cells))
    });
    out
}

/// For the terminal: one outlier a line with its cells.
pub fn terminal(list: &[Outlier], lang: Lang) -> String {
    let mut out = String::new();
    for o in list {
        let cells: Vec<String> = o
            .cells
            .iter()
            .map(|(y, k, v)| format!("{y} {k}={v}"))
            .collect();
        let _ = writeln!(
            out,
            "{} {}  {}\n    {}  [{}]",
            o.agency,
            o.year,
            match lang {
                Lang::Zh => &o.message.zh,
                Lang::En => &o.message.en,
            },
            o.path,
            cells.join(", ")
        );
    }
    let _ = match lang {
        Lang::Zh => writeln!(out, "共 {} 处异常值（供人工核实，不等于错误）", list.len()),
        Lang::En => writeln!(
            out,
            "{} outliers (for a person to look at; not errors as such)",
            list.len()
        ),
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{MIN_COUNT, compute};

    fn obs(agency: &str, year: i32, counts: &[(&str, i64)]) -> Observation {
        crate::stats::tests::obs(agency, year, counts)
    }

    #[test]
    fn jumps_all_denied_and_corrected_every_year() {
        let denied: Vec<(&str, i64)> =
            gongkai_model::labels::request_rows(gongkai_model::labels::Template::Y2021)
                .filter(|s| s.group == Some(gongkai_model::labels::RequestGroup::Denied))
                .map(|s| (crate::stats::total_key(s.key), 0))
                .collect();
        let mut all_denied = denied.clone();
        all_denied[0].1 = 4;
        all_denied.push(("requests.total.total", 4));
        all_denied.push(("requests.received.total", 4));
        let o = vec![
            obs(
                "甲局",
                2021,
                &[("requests.received.total", 3), ("review.corrected", 1)],
            ),
            obs(
                "甲局",
                2022,
                &[("requests.received.total", 30), ("review.corrected", 2)],
            ),
            obs(
                "甲局",
                2023,
                &[("requests.received.total", 29), ("review.corrected", 1)],
            ),
            // 0 → 4 is below the floor; the 2023 report refuses all 4.
            obs(
                "乙局",
                2022,
                &[("requests.received.total", 0), ("review.corrected", 1)],
            ),
            obs("乙局", 2023, &all_denied),
        ];
        let rows = compute(&o, MIN_COUNT);
        let list = outliers(&o, &rows);
        let kinds: Vec<(&str, i32, Kind)> = list
            .iter()
            .map(|x| (x.agency.as_str(), x.year, x.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("乙局", 2023, Kind::AllDenied),
                ("甲局", 2022, Kind::TenfoldJump),
                ("甲局", 2023, Kind::CorrectedEveryYear),
            ]
        );
        assert_eq!(
            list[1].cells,
            vec![
                (2021, "requests.received.total", 3),
                (2022, "requests.received.total", 30)
            ]
        );
        let t = terminal(&list, Lang::Zh);
        assert!(t.contains("共 3 处异常值"), "{t}");
    }

    #[test]
    fn blank_cells_raise_nothing() {
        // Blank review cells and blank reasons: no outlier (blank is not zero).
        let o = vec![
            obs("丙局", 2021, &[("requests.received.total", 1)]),
            obs("丙局", 2022, &[("requests.received.total", 5)]),
            obs("丙局", 2023, &[("requests.total.total", 5)]),
        ];
        let rows = compute(&o, MIN_COUNT);
        assert!(outliers(&o, &rows).is_empty());
    }
}
