//! The assessor's statistics of a corpus: per body and year 新收, 办结, 同意公开率, the share of
//! each 不予公开 / 无法提供 / 不予处理 reason, 复议 and 诉讼 with their 纠错率, timeliness, complete
//! tables, the change on the year before, and the position among peers.
//!
//! Every formula is written in the README ("统计 / Statistics") and tested with known answers.
//! Blank is not zero: a statistic one of whose cells is blank, a mark, unresolved or missing is
//! "not assessable", never 0. A rate carries its 95 % Wilson interval; peers are ranked by the
//! interval's lower bound and only with at least `min_count` cases, so that a body with two
//! requests is not ranked first.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_model::labels::{RequestGroup, Template, request_rows};
use gongkai_model::{Lang, Value};
use rusqlite::{Connection, params_from_iter};
use serde::Serialize;

use crate::Error;
use crate::agency::Kind;
use crate::cells::{table_keys, unpack};
use crate::summary::{Timeliness, aligned, deadline, parse_date, timeliness};

/// The normal quantile of the 95 % interval.
pub const Z: f64 = 1.96;

/// The default minimum of cases (办结 for the 同意公开率) for a body to be ranked among peers.
pub const MIN_COUNT: i64 = 20;

/// One report of the corpus as the statistics read it: the newest version of a body's year.
#[derive(Debug, Clone)]
pub struct Observation {
    /// The body as named in the report.
    pub agency: String,
    /// The body across years: the register's id, else the normalised name (`agency_group`).
    pub group: String,
    /// The file.
    pub path: String,
    /// The year covered.
    pub year: i32,
    /// The template of the tables.
    pub template: Template,
    /// The values in the order of `table_keys(template)`.
    pub values: Vec<Value>,
    /// Government or department (the register's, else guessed from the name).
    pub kind: Option<Kind>,
    /// The register's 行政区划代码.
    pub region: Option<String>,
    /// Published on time (by its 落款日期).
    pub timeliness: Timeliness,
}

impl Observation {
    /// The value of `key` (`Missing` when the template has no such key).
    pub fn value(&self, key: &str) -> &Value {
        table_keys(self.template)
            .iter()
            .position(|k| *k == key)
            .and_then(|i| self.values.get(i))
            .unwrap_or(&Value::Missing)
    }

    /// The count in `key`, or the key when the cell holds no count.
    pub fn count(&self, key: &'static str) -> Result<i64, Vec<&'static str>> {
        match self.value(key) {
            Value::Count(n) => Ok(*n),
            _ => Err(vec![key]),
        }
    }

    /// The sum of the counts in `keys`, or every key that holds no count.
    pub fn sum(&self, keys: &[&'static str]) -> Result<i64, Vec<&'static str>> {
        let mut total = 0i64;
        let mut bad = Vec::new();
        for k in keys {
            match self.count(k) {
                Ok(n) => total = total.saturating_add(n),
                Err(mut e) => bad.append(&mut e),
            }
        }
        if bad.is_empty() { Ok(total) } else { Err(bad) }
    }

    /// Whether every cell of the three tables was read: none missing or unresolved (a blank cell
    /// is what the report prints, and counts as read).
    pub fn tables_complete(&self) -> bool {
        !self
            .values
            .iter()
            .any(|v| matches!(v, Value::Missing | Value::Unresolved))
    }
}

/// A statistic: a number, a rate with its interval, a change, or why it cannot be computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Figure {
    /// A count as published (or a sum of published counts).
    Count {
        /// The count.
        value: i64,
    },
    /// `numerator / denominator` with its 95 % Wilson interval.
    Rate {
        /// The cases counted.
        numerator: i64,
        /// All cases.
        denominator: i64,
        /// The share, 0–1.
        value: f64,
        /// The interval's lower bound.
        low: f64,
        /// The interval's upper bound.
        high: f64,
    },
    /// The change on the year before.
    Change {
        /// Last year's count.
        previous: i64,
        /// This year's count.
        current: i64,
        /// `current − previous`.
        difference: i64,
        /// `current / previous`; none when `previous` is 0.
        ratio: Option<f64>,
    },
    /// Cannot be computed.
    NotAssessable {
        /// Why.
        why: Why,
    },
}

/// Why a statistic is not assessable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Why {
    /// These cells hold no count (blank, a mark, unresolved or missing). Blank is not zero.
    Cells {
        /// The keys.
        cells: Vec<&'static str>,
    },
    /// The denominator is 0: no case to take a share of.
    NoCases,
    /// The published numerator exceeds the denominator (or is negative): the report's own
    /// figures disagree, and `check` says where.
    Inconsistent,
    /// No report of the year before.
    NoPreviousYear,
}

impl Figure {
    /// `numerator / denominator` with its Wilson interval, or why not.
    pub fn rate(
        numerator: Result<i64, Vec<&'static str>>,
        denominator: Result<i64, Vec<&'static str>>,
    ) -> Figure {
        let (n, d) = match (numerator, denominator) {
            (Ok(n), Ok(d)) => (n, d),
            (a, b) => {
                let mut cells = a.err().unwrap_or_default();
                cells.extend(b.err().unwrap_or_default());
                return Figure::NotAssessable {
                    why: Why::Cells { cells },
                };
            }
        };
        if d <= 0 {
            return Figure::NotAssessable { why: Why::NoCases };
        }
        if n < 0 || n > d {
            return Figure::NotAssessable {
                why: Why::Inconsistent,
            };
        }
        let (low, high) = wilson(n, d, Z);
        Figure::Rate {
            numerator: n,
            denominator: d,
            value: n as f64 / d as f64,
            low,
            high,
        }
    }

    /// A count, or the cells that hold none.
    pub fn count(value: Result<i64, Vec<&'static str>>) -> Figure {
        match value {
            Ok(value) => Figure::Count { value },
            Err(cells) => Figure::NotAssessable {
                why: Why::Cells { cells },
            },
        }
    }

    /// The count, when this is one.
    pub fn as_count(&self) -> Option<i64> {
        match self {
            Figure::Count { value } => Some(*value),
            _ => None,
        }
    }

    /// The share, when this is a rate.
    pub fn as_rate(&self) -> Option<f64> {
        match self {
            Figure::Rate { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The cell text: a count, `85.0% [78.1–90.2]`, `+12 (×1.50)`, or 不可评估 / n/a.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Figure::Count { value } => value.to_string(),
            Figure::Rate {
                value, low, high, ..
            } => format!(
                "{:.1}% [{:.1}–{:.1}]",
                value * 100.0,
                low * 100.0,
                high * 100.0
            ),
            Figure::Change {
                difference, ratio, ..
            } => match ratio {
                Some(r) => format!("{difference:+} (×{r:.2})"),
                None => format!("{difference:+}"),
            },
            Figure::NotAssessable { .. } => match lang {
                Lang::Zh => "不可评估".into(),
                Lang::En => "n/a".into(),
            },
        }
    }

    /// A short value for TSV: the count, the share (4 decimals), the difference, or empty.
    pub fn tsv(&self) -> String {
        match self {
            Figure::Count { value } => value.to_string(),
            Figure::Rate { value, .. } => format!("{value:.4}"),
            Figure::Change { difference, .. } => difference.to_string(),
            Figure::NotAssessable { .. } => String::new(),
        }
    }
}

/// The Wilson score interval of `k` successes in `n` trials for the normal quantile `z`:
/// centre `(p + z²/2n) / (1 + z²/n)`, half-width `z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)`,
/// clamped to 0–1. `(0, 1)` when `n` is 0.
pub fn wilson(k: i64, n: i64, z: f64) -> (f64, f64) {
    if n <= 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).max(0.0).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// A body's place among its peers on the 同意公开率.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Peer {
    /// Ranked among `peers` other bodies of the same kind and year.
    Ranked {
        /// The peer group (`government`, `department`, `unknown`).
        group: String,
        /// 1 for the highest Wilson lower bound.
        rank: usize,
        /// The ranked bodies, this one included.
        of: usize,
        /// `100 × (B + E/2) / N`: B peers with a lower bound below this body's, E equal, N the
        /// other ranked peers.
        percentile: f64,
    },
    /// Fewer than the minimum of cases: not ranked.
    TooFew {
        /// The cases (办结).
        cases: i64,
        /// The minimum.
        min: i64,
    },
    /// No other ranked body in the group.
    Alone,
    /// The rate is not assessable.
    NotAssessable,
}

/// The statistics of one report (a body's year).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The body as named in the report.
    pub agency: String,
    /// The body across years (see [`Observation::group`]).
    pub group: String,
    /// The year covered.
    pub year: i32,
    /// The file.
    pub path: String,
    /// The template.
    pub template: &'static str,
    /// Government or department.
    pub kind: Option<&'static str>,
    /// The register's region code.
    pub region: Option<String>,
    /// 新收: `requests.received.total`.
    pub received: Figure,
    /// 办结: `requests.total.total` ((七)总计).
    pub closed: Figure,
    /// 同意公开率: (予以公开 + 部分公开) / 办结.
    pub granted_rate: Figure,
    /// The share of all 不予公开 reasons together in 办结.
    pub denied_rate: Figure,
    /// The share of all 无法提供 reasons together in 办结.
    pub unavailable_rate: Figure,
    /// The share of all 不予处理 reasons together in 办结.
    pub not_processed_rate: Figure,
    /// Each reason's share in 办结: (row key, label, share).
    pub reasons: Vec<Reason>,
    /// 行政复议 总计.
    pub review: Figure,
    /// 复议纠错率: 结果纠正 / (总计 − 尚未审结).
    pub review_corrected_rate: Figure,
    /// 行政诉讼 总计 (未经复议直接起诉 + 复议后起诉).
    pub litigation: Figure,
    /// 诉讼纠错率 over both kinds of suit: Σ结果纠正 / (Σ总计 − Σ尚未审结).
    pub litigation_corrected_rate: Figure,
    /// Published on time (by the 落款日期).
    pub timeliness: Timeliness,
    /// Every cell of the tables read.
    pub tables_complete: bool,
    /// 新收 against the year before.
    pub received_change: Figure,
    /// 办结 against the year before.
    pub closed_change: Figure,
    /// The place among peers on the 同意公开率.
    pub peer: Peer,
}

/// One reason's share.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// The row key (`denied.state_secret`).
    pub key: &'static str,
    /// The row label verbatim.
    pub label: &'static str,
    /// `requests.<key>.total / requests.total.total`.
    pub share: Figure,
}

/// Which reports the statistics cover.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only rows of this year (the year before is still read for the change).
    pub year: Option<i32>,
    /// The register's bodies in this 行政区划 (trailing `00` pairs widen it).
    pub region: Option<String>,
    /// Only this body (its name as reported, or the register's name or credit code).
    pub agency: Option<String>,
}

/// The statistics of a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The minimum of cases for a peer rank.
    pub min_count: i64,
    /// One row per body and year, sorted by body then year.
    pub rows: Vec<Row>,
}

/// The newest report of each body and year of the database within `filter`'s region and
/// agency (every year: the change needs the year before).
pub fn observations(conn: &Connection, filter: &Filter) -> Result<Vec<Observation>, Error> {
    let mut sql = String::from(
        "SELECT d.agency, d.agency_group, d.path, d.year, d.template, d.packed, d.published,
                a.kind, a.region_code, a.name
         FROM documents d LEFT JOIN agencies a ON a.id = d.agency_id
         WHERE d.status = 'report' AND d.latest = 1 AND d.packed IS NOT NULL
           AND d.year IS NOT NULL AND d.template IN ('2019', '2021')",
    );
    let mut args: Vec<String> = Vec::new();
    if let Some(region) = &filter.region {
        args.push(format!("{}%", region_prefix(region)));
        let _ = write!(sql, " AND a.region_code LIKE ?{}", args.len());
    }
    if let Some(agency) = &filter.agency {
        args.push(agency.trim().to_string());
        let n = args.len();
        let _ = write!(
            sql,
            " AND (d.agency = ?{n} OR a.name = ?{n} OR a.credit_code = ?{n}
                   OR d.agency_group = (SELECT agency_group FROM documents
                                        WHERE agency = ?{n} AND agency_group IS NOT NULL LIMIT 1))"
        );
    }
    sql.push_str(" ORDER BY d.agency_group, d.year, d.path");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Vec<u8>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (agency, group, path, year, template, packed, published, kind, region, reg_name) = row?;
        let template = if template == "2019" {
            Template::Y2019
        } else {
            Template::Y2021
        };
        let Some(values) = unpack(&packed) else {
            return Err(Error::Internal(format!("{path}: damaged packed cells")));
        };
        let agency = reg_name.or(agency).unwrap_or_else(|| path.clone());
        let kind = kind
            .as_deref()
            .and_then(Kind::parse)
            .or_else(|| kind_from_name(&agency, year));
        let limit = deadline(&agency, year, kind);
        let date = published.as_deref().and_then(parse_date);
        out.push(Observation {
            group: group.unwrap_or_else(|| agency.clone()),
            agency,
            path,
            year,
            template,
            values,
            kind,
            region,
            timeliness: timeliness(date, limit),
        });
    }
    Ok(out)
}

/// The statistics of the database within `filter`. With an agency, its rows are still ranked
/// among all its peers of the region (the agency narrows the rows, not the peers).
pub fn stats(conn: &Connection, filter: &Filter, min_count: i64) -> Result<Stats, Error> {
    let obs = observations(conn, filter)?;
    let mut rows = if filter.agency.is_some() {
        let groups: Vec<&str> = obs.iter().map(|o| o.group.as_str()).collect();
        let peers = Filter {
            agency: None,
            ..filter.clone()
        };
        let mut all = compute(&observations(conn, &peers)?, min_count);
        all.retain(|r| groups.contains(&r.group.as_str()));
        all
    } else {
        compute(&obs, min_count)
    };
    if let Some(y) = filter.year {
        rows.retain(|r| r.year == y);
    }
    Ok(Stats { min_count, rows })
}

/// The statistics of `observations` (peers are the observations of the same year and kind).
/// Rows are sorted by body, then year.
pub fn compute(observations: &[Observation], min_count: i64) -> Vec<Row> {
    let mut by_group: BTreeMap<(&str, i32), &Observation> = BTreeMap::new();
    for o in observations {
        by_group.insert((o.group.as_str(), o.year), o);
    }
    let mut rows: Vec<Row> = by_group
        .values()
        .map(|o| row(o, by_group.get(&(o.group.as_str(), o.year - 1)).copied()))
        .collect();
    rank(&mut rows, min_count);
    rows
}

/// The peer group of a row.
fn peer_group(kind: Option<&'static str>) -> &'static str {
    kind.unwrap_or("unknown")
}

/// Ranks the rows of each year and peer group by the Wilson lower bound of the 同意公开率.
fn rank(rows: &mut [Row], min_count: i64) {
    let mut groups: BTreeMap<(i32, &'static str), Vec<(usize, f64)>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Figure::Rate {
            denominator, low, ..
        } = r.granted_rate
            && denominator >= min_count
        {
            groups
                .entry((r.year, peer_group(r.kind)))
                .or_default()
                .push((i, low));
        }
    }
    for r in rows.iter_mut() {
        r.peer = match r.granted_rate {
            Figure::Rate { denominator, .. } if denominator < min_count => Peer::TooFew {
                cases: denominator,
                min: min_count,
            },
            Figure::Rate { .. } => Peer::Alone,
            _ => Peer::NotAssessable,
        };
    }
    for ((_, group), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let others = (members.len() - 1) as f64;
        for &(i, low) in &members {
            let below = members.iter().filter(|(_, l)| *l < low).count() as f64;
            let equal = members.iter().filter(|(_, l)| *l == low).count() as f64 - 1.0;
            let above = members.iter().filter(|(_, l)| *l > low).count();
            rows[i].peer = Peer::Ranked {
                group: group.to_string(),
                rank: above + 1,
                of: members.len(),
                percentile: 100.0 * (below + equal / 2.0) / others,
            };
        }
    }
}

fn row(o: &Observation, previous: Option<&Observation>) -> Row {
    const CLOSED: &str = "requests.total.total";
    const RECEIVED: &str = "requests.received.total";
    let closed = o.count(CLOSED);
    let reason_keys = |group: RequestGroup| -> Vec<&'static str> {
        request_rows(o.template)
            .filter(|s| s.group == Some(group))
            .map(|s| total_key(s.key))
            .collect()
    };
    let reasons = request_rows(o.template)
        .filter(|s| {
            matches!(
                s.group,
                Some(RequestGroup::Denied | RequestGroup::Unavailable | RequestGroup::NotProcessed)
            )
        })
        .map(|s| Reason {
            key: s.key,
            label: s.label,
            share: Figure::rate(o.count(total_key(s.key)), closed.clone()),
        })
        .collect();
    let corrected_rate = |groups: &[&str]| {
        let keys = |col: &str| -> Vec<&'static str> {
            groups.iter().map(|g| review_key(g, col)).collect()
        };
        let corrected = o.sum(&keys("corrected"));
        let total = o.sum(&keys("total"));
        let pending = o.sum(&keys("pending"));
        let decided = match (total, pending) {
            (Ok(t), Ok(p)) => Ok(t - p),
            (t, p) => {
                let mut cells = t.err().unwrap_or_default();
                cells.extend(p.err().unwrap_or_default());
                Err(cells)
            }
        };
        Figure::rate(corrected, decided)
    };
    let change = |key: &'static str| match previous {
        None => Figure::NotAssessable {
            why: Why::NoPreviousYear,
        },
        Some(p) => match (p.count(key), o.count(key)) {
            (Ok(previous), Ok(current)) => Figure::Change {
                previous,
                current,
                difference: current - previous,
                ratio: (previous != 0).then(|| current as f64 / previous as f64),
            },
            (a, b) => {
                let mut cells = a.err().unwrap_or_default();
                cells.extend(b.err().unwrap_or_default());
                Figure::NotAssessable {
                    why: Why::Cells { cells },
                }
            }
        },
    };
    const LITIGATION: [&str; 2] = ["litigation_direct", "litigation_after_review"];
    Row {
        agency: o.agency.clone(),
        group: o.group.clone(),
        year: o.year,
        path: o.path.clone(),
        template: o.template.code(),
        kind: o.kind.map(Kind::as_str),
        region: o.region.clone(),
        received: Figure::count(o.count(RECEIVED)),
        closed: Figure::count(closed.clone()),
        granted_rate: Figure::rate(
            o.sum(&["requests.granted.total", "requests.partly_granted.total"]),
            closed.clone(),
        ),
        denied_rate: Figure::rate(o.sum(&reason_keys(RequestGroup::Denied)), closed.clone()),
        unavailable_rate: Figure::rate(
            o.sum(&reason_keys(RequestGroup::Unavailable)),
            closed.clone(),
        ),
        not_processed_rate: Figure::rate(
            o.sum(&reason_keys(RequestGroup::NotProcessed)),
            closed.clone(),
        ),
        reasons,
        review: Figure::count(o.count("review.total")),
        review_corrected_rate: corrected_rate(&["review"]),
        litigation: Figure::count(
            o.sum(&["litigation_direct.total", "litigation_after_review.total"]),
        ),
        litigation_corrected_rate: corrected_rate(&LITIGATION),
        timeliness: o.timeliness,
        tables_complete: o.tables_complete(),
        received_change: change(RECEIVED),
        closed_change: change(CLOSED),
        peer: Peer::NotAssessable,
    }
}

/// `requests.<row>.total` as a static key of the template lists.
pub fn total_key(row: &str) -> &'static str {
    static_key(&format!("requests.{row}.total"))
}

/// `<group>.<column>` of table 四 as a static key.
pub fn review_key(group: &str, column: &str) -> &'static str {
    static_key(&format!("{group}.{column}"))
}

/// The static key equal to `key` from the template key lists (`""` when there is none, which
/// reads as a missing cell).
fn static_key(key: &str) -> &'static str {
    for t in [Template::Y2021, Template::Y2019] {
        if let Some(k) = table_keys(t).iter().find(|k| **k == key) {
            return k;
        }
    }
    ""
}

/// The kind of body from its name (第四十九条's two deadlines), when the name tells.
pub fn kind_from_name(agency: &str, year: i32) -> Option<Kind> {
    match gongkai_check::deadline(agency, year) {
        gongkai_check::Deadline::Department(_) => Some(Kind::Department),
        gongkai_check::Deadline::Government(_) => Some(Kind::Government),
        gongkai_check::Deadline::Unknown => None,
    }
}

/// A region code without its trailing `00` pairs: the prefix of the codes under it.
pub fn region_prefix(code: &str) -> String {
    let mut prefix = code.trim().to_string();
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix.truncate(prefix.len() - 2);
    }
    prefix
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

fn peer_text(p: &Peer, lang: Lang) -> String {
    match (p, lang) {
        (
            Peer::Ranked {
                rank,
                of,
                percentile,
                ..
            },
            Lang::Zh,
        ) => format!("第{rank}/{of}（P{percentile:.0}）"),
        (
            Peer::Ranked {
                rank,
                of,
                percentile,
                ..
            },
            Lang::En,
        ) => format!("{rank}/{of} (P{percentile:.0})"),
        (Peer::TooFew { cases, min }, Lang::Zh) => format!("样本不足（{cases}<{min}）"),
        (Peer::TooFew { cases, min }, Lang::En) => format!("too few ({cases}<{min})"),
        (Peer::Alone, Lang::Zh) => "无同类".into(),
        (Peer::Alone, Lang::En) => "no peers".into(),
        (Peer::NotAssessable, Lang::Zh) => "不可评估".into(),
        (Peer::NotAssessable, Lang::En) => "n/a".into(),
    }
}

const HEAD_ZH: [&str; 14] = [
    "机关",
    "年度",
    "新收",
    "办结",
    "同意公开率 [95%区间]",
    "同类排名",
    "不予公开",
    "无法提供",
    "不予处理",
    "复议",
    "复议纠错率",
    "诉讼",
    "诉讼纠错率",
    "按时 / 表格完整 / 新收同比",
];
const HEAD_EN: [&str; 14] = [
    "body",
    "year",
    "received",
    "closed",
    "granted [95% CI]",
    "peer rank",
    "denied",
    "unavailable",
    "not processed",
    "reviews",
    "review corrected",
    "suits",
    "suit corrected",
    "on time / complete / received y/y",
];

fn share(f: &Figure, lang: Lang) -> String {
    match f {
        Figure::Rate { value, .. } => format!("{:.1}%", value * 100.0),
        other => other.text(lang),
    }
}

fn table_fields(r: &Row, lang: Lang) -> [String; 14] {
    let yes = |b: bool| match (b, lang) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    };
    let on_time = match r.timeliness.label(lang) {
        "" => "-",
        s => s,
    };
    [
        r.agency.clone(),
        r.year.to_string(),
        r.received.text(lang),
        r.closed.text(lang),
        r.granted_rate.text(lang),
        peer_text(&r.peer, lang),
        share(&r.denied_rate, lang),
        share(&r.unavailable_rate, lang),
        share(&r.not_processed_rate, lang),
        r.review.text(lang),
        share(&r.review_corrected_rate, lang),
        r.litigation.text(lang),
        share(&r.litigation_corrected_rate, lang),
        format!(
            "{on_time} / {} / {}",
            yes(r.tables_complete),
            r.received_change.text(lang)
        ),
    ]
}

/// An aligned table for the terminal (CJK characters count two columns), with the minimum
/// count and the formulas' reference at the end.
pub fn table(stats: &Stats, lang: Lang) -> String {
    let head = match lang {
        Lang::Zh => HEAD_ZH,
        Lang::En => HEAD_EN,
    }
    .map(str::to_string);
    let rows: Vec<[String; 14]> = stats.rows.iter().map(|r| table_fields(r, lang)).collect();
    let mut out = aligned(&head, &rows);
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "共 {} 行。同类排名按同意公开率 95% Wilson 区间下限，仅含办结不少于 {} 件的同年同类机关；公式见 README“统计”。",
            stats.rows.len(),
            stats.min_count
        ),
        Lang::En => writeln!(
            out,
            "{} rows. Peer rank by the lower bound of the 95% Wilson interval of the granted rate, among bodies of the same kind and year with at least {} closed; formulas in the README, \"Statistics\".",
            stats.rows.len(),
            stats.min_count
        ),
    };
    out
}

/// Tab-separated: one row per body and year, every statistic including each reason's share
/// (shares as fractions with four decimals; not assessable is empty).
pub fn tsv(stats: &Stats) -> String {
    let mut out = String::from(
        "agency\tyear\ttemplate\tkind\tregion\treceived\tclosed\tgranted_rate\tgranted_low\tgranted_high\tpeer_rank\tpeer_of\tpeer_percentile\tdenied_rate\tunavailable_rate\tnot_processed_rate\treview\treview_corrected_rate\tlitigation\tlitigation_corrected_rate\ton_time\ttables_complete\treceived_change\tclosed_change",
    );
    // The reason columns: the 2021 rows (2019 has the same reasons).
    let reason_keys: Vec<&str> = request_rows(Template::Y2021)
        .filter(|s| {
            matches!(
                s.group,
                Some(RequestGroup::Denied | RequestGroup::Unavailable | RequestGroup::NotProcessed)
            )
        })
        .map(|s| s.key)
        .collect();
    for k in &reason_keys {
        let _ = write!(out, "\tshare.{k}");
    }
    out.push('\n');
    for r in &stats.rows {
        let (low, high) = match r.granted_rate {
            Figure::Rate { low, high, .. } => (format!("{low:.4}"), format!("{high:.4}")),
            _ => (String::new(), String::new()),
        };
        let (rank, of, pct) = match &r.peer {
            Peer::Ranked {
                rank,
                of,
                percentile,
                ..
            } => (rank.to_string(), of.to_string(), format!("{percentile:.1}")),
            _ => Default::default(),
        };
        let on_time = match r.timeliness {
            Timeliness::OnTime => "yes",
            Timeliness::Late => "no",
            _ => "",
        };
        let _ = write!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{low}\t{high}\t{rank}\t{of}\t{pct}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{on_time}\t{}\t{}\t{}",
            r.agency.replace(['\t', '\n'], " "),
            r.year,
            r.template,
            r.kind.unwrap_or(""),
            r.region.as_deref().unwrap_or(""),
            r.received.tsv(),
            r.closed.tsv(),
            r.granted_rate.tsv(),
            r.denied_rate.tsv(),
            r.unavailable_rate.tsv(),
            r.not_processed_rate.tsv(),
            r.review.tsv(),
            r.review_corrected_rate.tsv(),
            r.litigation.tsv(),
            r.litigation_corrected_rate.tsv(),
            r.tables_complete,
            r.received_change.tsv(),
            r.closed_change.tsv(),
        );
        for k in &reason_keys {
            let v = r
                .reasons
                .iter()
                .find(|x| x.key == *k)
                .map(|x| x.share.tsv())
                .unwrap_or_default();
            let _ = write!(out, "\t{v}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A 2021 observation whose cells are all blank but the given counts.
    pub(crate) fn obs(agency: &str, year: i32, counts: &[(&str, i64)]) -> Observation {
        let keys = table_keys(Template::Y2021);
        let mut values = vec![Value::Blank; keys.len()];
        for (k, n) in counts {
            let i = keys.iter().position(|x| x == k).expect(k);
            values[i] = Value::Count(*n);
        }
        Observation {
            agency: agency.into(),
            group: agency.into(),
            path: format!("{agency}-{year}.txt"),
            year,
            template: Template::Y2021,
            values,
            kind: Some(Kind::Department),
            region: None,
            timeliness: Timeliness::OnTime,
        }
    }

    fn requests(closed: i64, granted: i64, partly: i64) -> Vec<(&'static str, i64)> {
        vec![
            ("requests.received.total", closed),
            ("requests.total.total", closed),
            ("requests.granted.total", granted),
            ("requests.partly_granted.total", partly),
        ]
    }

    #[test]
    fn wilson_interval_has_known_values() {
        // 8 of 10 at 95 %: the textbook interval [0.4902, 0.9433].
        let (lo, hi) = wilson(8, 10, Z);
        assert!((lo - 0.4902).abs() < 1e-4, "{lo}");
        assert!((hi - 0.9433).abs() < 1e-4, "{hi}");
        // 2 of 2: the point estimate is 1, the interval is wide.
        let (lo, hi) = wilson(2, 2, Z);
        assert!((lo - 0.3424).abs() < 1e-4, "{lo}");
        assert_eq!(hi, 1.0);
        // 0 of 50.
        let (lo, hi) = wilson(0, 50, Z);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.0714).abs() < 1e-4, "{hi}");
        assert_eq!(wilson(0, 0, Z), (0.0, 1.0));
    }

    #[test]
    fn granted_rate_and_reason_shares_have_known_answers() {
        let mut c = requests(40, 25, 5);
        c.push(("requests.denied.state_secret.total", 2));
        c.push(("requests.denied.process.total", 2));
        c.push(("requests.unavailable.not_held.total", 6));
        c.push(("requests.denied.law_prohibited.total", 0));
        let rows = compute(&[obs("甲局", 2023, &c)], MIN_COUNT);
        let r = &rows[0];
        assert_eq!(r.received, Figure::Count { value: 40 });
        assert_eq!(r.closed, Figure::Count { value: 40 });
        assert_eq!(r.granted_rate.as_rate(), Some(0.75));
        // Other 不予公开 reasons are blank: the group share is not assessable, not 4/40.
        assert!(matches!(
            r.denied_rate,
            Figure::NotAssessable {
                why: Why::Cells { .. }
            }
        ));
        let secret = r
            .reasons
            .iter()
            .find(|x| x.key == "denied.state_secret")
            .unwrap();
        assert_eq!(secret.share.as_rate(), Some(0.05));
        let law = r
            .reasons
            .iter()
            .find(|x| x.key == "denied.law_prohibited")
            .unwrap();
        assert_eq!(law.share.as_rate(), Some(0.0));
        let blank = r.reasons.iter().find(|x| x.key == "denied.query").unwrap();
        assert_eq!(
            blank.share,
            Figure::NotAssessable {
                why: Why::Cells {
                    cells: vec!["requests.denied.query.total"]
                }
            }
        );
        // Reason rows are those of the template: 8 + 3 + 5.
        assert_eq!(r.reasons.len(), 16);
    }

    #[test]
    fn blank_operands_and_zero_cases_are_not_assessable() {
        let o = obs("乙局", 2023, &[("requests.total.total", 10)]);
        let r = &compute(&[o], MIN_COUNT)[0];
        assert_eq!(
            r.granted_rate,
            Figure::NotAssessable {
                why: Why::Cells {
                    cells: vec!["requests.granted.total", "requests.partly_granted.total"]
                }
            }
        );
        assert_eq!(r.peer, Peer::NotAssessable);
        let o = obs("丙局", 2023, &requests(0, 0, 0));
        let r = &compute(&[o], MIN_COUNT)[0];
        assert_eq!(r.granted_rate, Figure::NotAssessable { why: Why::NoCases });
        let o = obs("丁局", 2023, &requests(5, 6, 0));
        let r = &compute(&[o], MIN_COUNT)[0];
        assert_eq!(
            r.granted_rate,
            Figure::NotAssessable {
                why: Why::Inconsistent
            }
        );
    }

    #[test]
    fn corrected_rates_leave_out_pending_cases() {
        let c = [
            ("review.corrected", 2),
            ("review.total", 7),
            ("review.pending", 3),
            ("litigation_direct.corrected", 1),
            ("litigation_direct.total", 3),
            ("litigation_direct.pending", 0),
            ("litigation_after_review.corrected", 0),
            ("litigation_after_review.total", 1),
            ("litigation_after_review.pending", 0),
        ];
        let r = &compute(&[obs("戊局", 2023, &c)], MIN_COUNT)[0];
        assert_eq!(r.review, Figure::Count { value: 7 });
        assert_eq!(r.review_corrected_rate.as_rate(), Some(0.5)); // 2 / (7 − 3)
        assert_eq!(r.litigation, Figure::Count { value: 4 });
        assert_eq!(r.litigation_corrected_rate.as_rate(), Some(0.25)); // 1 / (4 − 0)
        // All pending: no decided case.
        let c = [
            ("review.corrected", 0),
            ("review.total", 2),
            ("review.pending", 2),
        ];
        let r = &compute(&[obs("戊局", 2023, &c)], MIN_COUNT)[0];
        assert_eq!(
            r.review_corrected_rate,
            Figure::NotAssessable { why: Why::NoCases }
        );
    }

    #[test]
    fn change_on_the_year_before() {
        let a = obs("己局", 2022, &requests(10, 5, 0));
        let b = obs("己局", 2023, &requests(25, 5, 0));
        let rows = compute(&[b, a], MIN_COUNT);
        assert_eq!(rows[0].year, 2022);
        assert_eq!(
            rows[0].received_change,
            Figure::NotAssessable {
                why: Why::NoPreviousYear
            }
        );
        assert_eq!(
            rows[1].received_change,
            Figure::Change {
                previous: 10,
                current: 25,
                difference: 15,
                ratio: Some(2.5)
            }
        );
    }

    #[test]
    fn peers_are_ranked_by_the_lower_bound_with_a_minimum_count() {
        // A: 2 of 2 (100 %) but too few cases. By the point estimate D (95 %) would lead B
        // (90 %); by the lower bound B leads: B 0.7864, D 0.7639, C 0.7391, E 0.4038.
        let o = [
            obs("A局", 2023, &requests(2, 2, 0)),
            obs("B局", 2023, &requests(50, 45, 0)),
            obs("C局", 2023, &requests(200, 160, 0)),
            obs("D局", 2023, &requests(20, 19, 0)),
            obs("E局", 2023, &requests(100, 50, 0)),
        ];
        let rows = compute(&o, MIN_COUNT);
        let peer = |name: &str| rows.iter().find(|r| r.agency == name).unwrap().peer.clone();
        assert_eq!(peer("A局"), Peer::TooFew { cases: 2, min: 20 });
        let ranked = |rank: usize, percentile: f64| Peer::Ranked {
            group: "department".into(),
            rank,
            of: 4,
            percentile,
        };
        assert_eq!(peer("B局"), ranked(1, 100.0));
        assert_eq!(peer("D局"), ranked(2, 200.0 / 3.0));
        assert_eq!(peer("C局"), ranked(3, 100.0 / 3.0));
        assert_eq!(peer("E局"), ranked(4, 0.0));
        // With a minimum of 60, only C and E remain; the others are too few.
        let rows = compute(&o, 60);
        let d = rows.iter().find(|r| r.agency == "D局").unwrap();
        assert_eq!(d.peer, Peer::TooFew { cases: 20, min: 60 });
        let c = rows.iter().find(|r| r.agency == "C局").unwrap();
        assert!(matches!(c.peer, Peer::Ranked { rank: 1, of: 2, .. }));
        // Alone in a group: not ranked.
        let rows = compute(&o[1..2], MIN_COUNT);
        assert_eq!(rows[0].peer, Peer::Alone);
    }

    #[test]
    fn tables_complete_means_no_missing_or_unresolved_cell() {
        let mut o = obs("庚局", 2023, &requests(10, 5, 5));
        assert!(o.tables_complete());
        o.values[3] = Value::Unresolved;
        assert!(!o.tables_complete());
    }
}
