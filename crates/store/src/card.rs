//! Agency and region cards: one self-contained HTML page with inline SVG charts — the series
//! over the years, the shares of outcomes, review and litigation outcomes, the position among
//! peers with its interval — readable without JavaScript and printable on A4, Chinese labels.
//! [`agency_card`] and [`region_card`] return the page as a `String` for the CLI and the web.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_model::labels::{RequestGroup, request_rows};
use rusqlite::Connection;

use crate::Error;
use crate::outliers::{Outlier, outliers};
use crate::stats::{Figure, Filter, Observation, Peer, Row, compute, observations, total_key};

/// The colours of the categories, in order (colour-blind-safe Okabe–Ito).
const COLOURS: &[&str] = &[
    "#0072B2", "#56B4E9", "#D55E00", "#E69F00", "#CC79A7", "#999999", "#009E73",
];

/// The card of one body (its name as reported, the register's name or credit code): every
/// year of its series, and its place among the bodies of the same kind in the corpus.
pub fn agency_card(conn: &Connection, agency: &str, min_count: i64) -> Result<String, Error> {
    let own = observations(
        conn,
        &Filter {
            agency: Some(agency.to_string()),
            ..Filter::default()
        },
    )?;
    let Some(group) = own.first().map(|o| o.group.clone()) else {
        return Err(no_reports(agency));
    };
    let all = observations(conn, &Filter::default())?;
    let rows = compute(&all, min_count);
    let mine: Vec<&Observation> = all.iter().filter(|o| o.group == group).collect();
    let my_rows: Vec<&Row> = rows.iter().filter(|r| r.group == group).collect();
    let found: Vec<Outlier> = outliers(
        &mine.iter().map(|o| (*o).clone()).collect::<Vec<_>>(),
        &my_rows.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
    );
    let name = mine.last().map_or(agency.to_string(), |o| o.agency.clone());
    let mut page = head(&format!("{name} 政府信息公开数据卡片"));
    let years: Vec<i32> = mine.iter().map(|o| o.year).collect();
    let _ = writeln!(
        page,
        "<h1>{}</h1><p class=\"sub\">政府信息公开工作年度报告数据卡片 · {}–{} 年 · {} 份报告</p>",
        esc(&name),
        years.first().unwrap_or(&0),
        years.last().unwrap_or(&0),
        mine.len()
    );
    page.push_str("<section><h2>一、申请数量（新收与办结）</h2>");
    page.push_str(&series_chart(&mine));
    page.push_str("</section><section><h2>二、办理结果构成</h2>");
    page.push_str(&outcome_chart(&mine));
    page.push_str("</section><section><h2>三、行政复议、行政诉讼结果</h2>");
    page.push_str(&review_chart(&mine));
    page.push_str("</section><section><h2>四、同意公开率在同类机关中的位置</h2>");
    if let Some(last) = my_rows.last() {
        let peers: Vec<&Row> = rows
            .iter()
            .filter(|r| r.year == last.year && r.kind == last.kind)
            .collect();
        page.push_str(&peer_chart(&peers, Some(last.group.as_str()), min_count));
        let _ = writeln!(page, "<p>{}</p>", esc(&peer_sentence(last)));
    }
    page.push_str("</section><section><h2>五、逐年统计</h2>");
    page.push_str(&stats_table(&my_rows, false));
    page.push_str("</section>");
    page.push_str(&outlier_section("六、", &found));
    page.push_str(FOOT);
    Ok(page)
}

/// The card of a region (a 行政区划代码 of the register; 320800 takes all of 3208xx): the
/// bodies' series summed, and every body of the latest year with its interval.
pub fn region_card(conn: &Connection, code: &str, min_count: i64) -> Result<String, Error> {
    let all = observations(
        conn,
        &Filter {
            region: Some(code.to_string()),
            ..Filter::default()
        },
    )?;
    if all.is_empty() {
        return Err(Error::Refused(gongkai_model::Text::new(
            format!(
                "行政区划 {code} 内没有报告（名册中机关须有该区划代码，先用 gongkai agencies import 导入名册）"
            ),
            format!(
                "no report in region {code} (bodies get their region from the register: gongkai agencies import)"
            ),
        )));
    }
    let rows = compute(&all, min_count);
    let found = outliers(&all, &rows);
    let bodies: std::collections::BTreeSet<&str> = all.iter().map(|o| o.group.as_str()).collect();
    let mut page = head(&format!("行政区划 {code} 政府信息公开数据卡片"));
    let _ = writeln!(
        page,
        "<h1>行政区划 {} 政府信息公开数据卡片</h1><p class=\"sub\">{} 个机关 · {} 份报告</p>",
        esc(code),
        bodies.len(),
        all.len()
    );
    page.push_str("<section><h2>一、申请数量合计（新收与办结）</h2>");
    page.push_str(&series_chart(&all.iter().collect::<Vec<_>>()));
    page.push_str(
        "<p class=\"note\">合计只加有数字的报告；空白或无法读取的单元格不计为 0，相应年度标注“不完整”。</p>",
    );
    page.push_str("</section><section><h2>二、各机关同意公开率（最近年度，95% 区间）</h2>");
    if let Some(year) = rows.iter().map(|r| r.year).max() {
        let peers: Vec<&Row> = rows.iter().filter(|r| r.year == year).collect();
        let _ = writeln!(page, "<p>{year} 年</p>");
        page.push_str(&peer_chart(&peers, None, min_count));
        let latest: Vec<&Row> = peers;
        page.push_str("</section><section><h2>三、各机关统计（最近年度）</h2>");
        page.push_str(&stats_table(&latest, true));
    }
    page.push_str("</section>");
    page.push_str(&outlier_section("四、", &found));
    page.push_str(FOOT);
    Ok(page)
}

fn no_reports(agency: &str) -> Error {
    Error::Refused(gongkai_model::Text::new(
        format!("数据库中没有“{agency}”的报告"),
        format!("no report of “{agency}” in the database"),
    ))
}

fn esc(s: &str) -> String {
    gongkai_render::html::escape(s)
}

/// The pages' Content-Security-Policy: no script, no request of any kind, only the inline style
/// — so a browser shows them exactly as they are read without JavaScript.
pub(crate) const NO_SCRIPT: &str = "<meta http-equiv=\"Content-Security-Policy\" \
    content=\"default-src 'none'; style-src 'unsafe-inline'\">";

fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{NO_SCRIPT}\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{}</title>\n<style>\
         body{{font-family:\"Noto Sans CJK SC\",\"Noto Serif CJK SC\",\"Source Han Sans SC\",sans-serif;\
         margin:1.5em auto;max-width:190mm;color:#222;background:#fff}}\
         h1{{font-size:1.5em;margin:0}}h2{{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:1.2em}}\
         .sub,.note{{color:#555;font-size:.9em}}svg{{max-width:100%;height:auto}}\
         table{{border-collapse:collapse;font-size:.8em}}td,th{{border:1px solid #aaa;padding:2px 5px;text-align:right;white-space:nowrap}}\
         td:first-child{{white-space:normal}}.cells{{color:#666;font-size:.85em}}\
         td:first-child,th:first-child{{text-align:left}}section{{break-inside:avoid}}\
         @media print{{@page{{size:A4;margin:12mm}}body{{margin:0;max-width:none}}}}\
         </style></head><body>\n",
        esc(title)
    )
}

const FOOT: &str = "<p class=\"note\">数据来自各机关发布的年度报告，按报告所载数字计算，不以推算数字代替发布数字；\
    空白不是 0，无法计算的统计标注“不可评估”。公式见 gongkai README“统计”。由 gongkai 生成。</p>\n</body></html>\n";

/// A legend row of coloured squares.
fn legend(labels: &[&str]) -> String {
    let mut s = String::from("<p class=\"note\">");
    for (i, l) in labels.iter().enumerate() {
        let _ = write!(
            s,
            "<span style=\"color:{}\">■</span> {}　",
            COLOURS[i % COLOURS.len()],
            esc(l)
        );
    }
    s.push_str("</p>");
    s
}

/// Grouped bars per category (year) for a few series; a `None` is drawn as 不可评估.
fn bars(categories: &[String], series: &[&str], data: &[Vec<Option<i64>>]) -> String {
    let (w, h, left, bottom, top) = (680.0, 220.0, 40.0, 24.0, 16.0);
    let max = data
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (w - left) / categories.len().max(1) as f64;
    let bar = (slot * 0.8 / series.len().max(1) as f64).min(40.0);
    let plot = h - bottom - top;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\">"
    );
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{w}\" y2=\"{y}\" stroke=\"#888\"/>\
         <line x1=\"{left}\" y1=\"{top}\" x2=\"{w}\" y2=\"{top}\" stroke=\"#ccc\" stroke-dasharray=\"3,3\"/>\
         <text x=\"{x}\" y=\"{t}\" font-size=\"10\" text-anchor=\"end\">{max}</text>\
         <text x=\"{x}\" y=\"{y}\" font-size=\"10\" text-anchor=\"end\">0</text>",
        y = h - bottom,
        x = left - 4.0,
        t = top + 4.0,
        max = max as i64
    );
    for (c, cat) in categories.iter().enumerate() {
        let x0 = left + slot * c as f64 + slot * 0.1;
        for (k, _) in series.iter().enumerate() {
            let x = x0 + bar * k as f64;
            match data.get(k).and_then(|d| d.get(c)).copied().flatten() {
                Some(v) => {
                    let bh = plot * v as f64 / max;
                    let _ = write!(
                        s,
                        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\"/>\
                         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{v}</text>",
                        h - bottom - bh,
                        bar - 2.0,
                        COLOURS[k % COLOURS.len()],
                        x + bar / 2.0 - 1.0,
                        h - bottom - bh - 2.0
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"middle\" fill=\"#b00020\">不可评估</text>",
                        x + bar / 2.0,
                        h - bottom - 4.0
                    );
                }
            }
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            left + slot * c as f64 + slot / 2.0,
            h - 8.0,
            esc(cat)
        );
    }
    s.push_str("</svg>");
    s + &legend(series)
}

/// One horizontal 100 % bar per row, split into the shares of `labels`; `None` rows print
/// why they are not assessable.
fn stacked(rows: &[(String, Option<Vec<i64>>)], labels: &[&str]) -> String {
    let (w, rh, left) = (680.0, 22.0, 110.0);
    let h = rh * rows.len() as f64 + 8.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\">"
    );
    for (i, (name, parts)) in rows.iter().enumerate() {
        let y = 4.0 + rh * i as f64;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + rh * 0.65,
            esc(name)
        );
        let total: i64 = parts.as_ref().map_or(0, |p| p.iter().sum());
        match parts {
            Some(p) if total > 0 => {
                let mut x = left;
                for (k, v) in p.iter().enumerate() {
                    let bw = (w - left - 4.0) * *v as f64 / total as f64;
                    if bw <= 0.0 {
                        continue;
                    }
                    let _ = write!(
                        s,
                        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{} {v}</title></rect>",
                        rh - 4.0,
                        COLOURS[k % COLOURS.len()],
                        esc(labels.get(k).copied().unwrap_or(""))
                    );
                    if bw > 34.0 {
                        let _ = write!(
                            s,
                            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#fff\" text-anchor=\"middle\">{:.0}%</text>",
                            x + bw / 2.0,
                            y + rh * 0.6,
                            100.0 * *v as f64 / total as f64
                        );
                    }
                    x += bw;
                }
            }
            Some(_) => {
                let _ = write!(
                    s,
                    "<text x=\"{left}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">无案件</text>",
                    y + rh * 0.65
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{left}\" y=\"{:.1}\" font-size=\"10\" fill=\"#b00020\">不可评估（有空白或无法读取的单元格）</text>",
                    y + rh * 0.65
                );
            }
        }
    }
    s.push_str("</svg>");
    s + &legend(labels)
}

/// 新收 and 办结 per year; for a region, the sums with the years that have a blank marked.
fn series_chart(obs: &[&Observation]) -> String {
    let mut by_year: BTreeMap<i32, [(i64, bool); 2]> = BTreeMap::new();
    for o in obs {
        let e = by_year.entry(o.year).or_insert([(0, true); 2]);
        for (i, key) in ["requests.received.total", "requests.total.total"]
            .iter()
            .enumerate()
        {
            match o.count(key) {
                Ok(n) => e[i].0 += n,
                Err(_) => e[i].1 = false,
            }
        }
    }
    let cats: Vec<String> = by_year
        .iter()
        .map(|(y, v)| {
            if v.iter().all(|x| x.1) {
                y.to_string()
            } else {
                format!("{y}（不完整）")
            }
        })
        .collect();
    let single = obs.len() == by_year.len();
    let data: Vec<Vec<Option<i64>>> = (0..2)
        .map(|i| {
            by_year
                .values()
                .map(|v| (v[i].1 || !single).then_some(v[i].0))
                .collect()
        })
        .collect();
    bars(&cats, &["新收", "办结"], &data)
}

/// The outcome counts of a report: 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理.
fn outcomes(o: &Observation) -> Option<Vec<i64>> {
    let group = |g: RequestGroup| -> Vec<&'static str> {
        request_rows(o.template)
            .filter(|s| s.group == Some(g))
            .map(|s| total_key(s.key))
            .collect()
    };
    let other: Vec<&'static str> = request_rows(o.template)
        .filter(|s| s.key == "other" || s.group == Some(RequestGroup::Other))
        .map(|s| total_key(s.key))
        .collect();
    Some(vec![
        o.count("requests.granted.total").ok()?,
        o.count("requests.partly_granted.total").ok()?,
        o.sum(&group(RequestGroup::Denied)).ok()?,
        o.sum(&group(RequestGroup::Unavailable)).ok()?,
        o.sum(&group(RequestGroup::NotProcessed)).ok()?,
        o.sum(&other).ok()?,
    ])
}

fn outcome_chart(obs: &[&Observation]) -> String {
    let rows: Vec<(String, Option<Vec<i64>>)> = obs
        .iter()
        .map(|o| (format!("{} 年", o.year), outcomes(o)))
        .collect();
    stacked(
        &rows,
        &[
            "予以公开",
            "部分公开",
            "不予公开",
            "无法提供",
            "不予处理",
            "其他处理",
        ],
    )
}

fn review_chart(obs: &[&Observation]) -> String {
    let mut rows = Vec::new();
    for o in obs {
        for (name, groups) in [
            ("复议", &["review"][..]),
            (
                "诉讼",
                &["litigation_direct", "litigation_after_review"][..],
            ),
        ] {
            let parts: Option<Vec<i64>> = ["upheld", "corrected", "other", "pending"]
                .iter()
                .map(|col| {
                    let keys: Vec<&'static str> = groups
                        .iter()
                        .map(|g| crate::stats::review_key(g, col))
                        .collect();
                    o.sum(&keys).ok()
                })
                .collect();
            rows.push((format!("{} 年 {name}", o.year), parts));
        }
    }
    stacked(&rows, &["结果维持", "结果纠正", "其他结果", "尚未审结"])
}

/// The rates of `peers` as points with their 95 % intervals, sorted by the lower bound; the
/// body of `group` highlighted. Bodies below the minimum are listed apart.
fn peer_chart(peers: &[&Row], group: Option<&str>, min_count: i64) -> String {
    let mut ranked: Vec<(&Row, f64, f64, f64)> = peers
        .iter()
        .filter_map(|r| match r.granted_rate {
            Figure::Rate {
                value,
                low,
                high,
                denominator,
                ..
            } if denominator >= min_count => Some((*r, value, low, high)),
            _ => None,
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then_with(|| a.0.agency.cmp(&b.0.agency))
    });
    const MAX: usize = 40;
    if ranked.len() > MAX {
        // Keep the body itself among the first ones shown.
        let me = group.and_then(|g| ranked.iter().position(|r| r.0.group == g));
        let keep = me.map(|i| ranked[i]);
        ranked.truncate(MAX - 1);
        if let Some(k) = keep
            && !ranked.iter().any(|r| r.0.group == k.0.group)
        {
            ranked.push(k);
        }
    }
    let (w, rh, left, right) = (680.0, 16.0, 200.0, 20.0);
    let h = rh * ranked.len() as f64 + 30.0;
    let x = |v: f64| left + (w - left - right) * v;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\">"
    );
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = write!(
            s,
            "<line x1=\"{0:.1}\" y1=\"4\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{0:.1}\" y=\"{2:.1}\" font-size=\"9\" text-anchor=\"middle\">{3:.0}%</text>",
            x(t),
            h - 18.0,
            h - 6.0,
            t * 100.0
        );
    }
    for (i, (r, v, lo, hi)) in ranked.iter().enumerate() {
        let y = 12.0 + rh * i as f64;
        let me = group == Some(r.group.as_str());
        let colour = if me { "#D55E00" } else { "#0072B2" };
        let weight = if me { "bold" } else { "normal" };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" font-weight=\"{weight}\">{}</text>\
             <line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{colour}\"><title>{:.1}% [{:.1}–{:.1}]</title></circle>",
            left - 6.0,
            y + 3.5,
            esc(&r.agency),
            x(*lo),
            x(*hi),
            x(*v),
            v * 100.0,
            lo * 100.0,
            hi * 100.0
        );
    }
    s.push_str("</svg>");
    let few: Vec<String> = peers
        .iter()
        .filter_map(|r| match &r.peer {
            Peer::TooFew { cases, .. } => Some(format!("{}（{cases} 件）", r.agency)),
            _ => None,
        })
        .collect();
    let _ = write!(
        s,
        "<p class=\"note\">点为同意公开率，横线为 95% Wilson 区间；按区间下限排序。办结少于 {min_count} 件的机关不参加排名{}。</p>",
        if few.is_empty() {
            String::new()
        } else {
            format!("：{}", esc(&few.join("、")))
        }
    );
    s
}

fn peer_sentence(r: &Row) -> String {
    match &r.peer {
        Peer::Ranked {
            rank,
            of,
            percentile,
            ..
        } => format!(
            "{} 年同意公开率 {}，在 {of} 个同类机关中按区间下限排第 {rank} 位（百分位 {percentile:.0}）。",
            r.year,
            r.granted_rate.text(gongkai_model::Lang::Zh)
        ),
        Peer::TooFew { cases, min } => format!(
            "{} 年办结 {cases} 件，少于 {min} 件，不参加同类排名。",
            r.year
        ),
        Peer::Alone => format!("{} 年没有可比的同类机关。", r.year),
        Peer::NotAssessable => format!("{} 年同意公开率不可评估。", r.year),
    }
}

/// The statistics table; the body's column only on a region's card (an agency's card is one body).
fn stats_table(rows: &[&Row], with_agency: bool) -> String {
    let mut s = String::from("<table><tr>");
    if with_agency {
        s.push_str("<th>机关</th>");
    }
    s.push_str(
        "<th>年度</th><th>新收</th><th>办结</th><th>同意公开率 [95%区间]</th>\
         <th>不予公开</th><th>复议</th><th>复议纠错率</th><th>诉讼</th><th>诉讼纠错率</th><th>按时</th><th>表格完整</th></tr>\n",
    );
    let zh = gongkai_model::Lang::Zh;
    let share = |f: &Figure| match f {
        Figure::Rate { value, .. } => format!("{:.1}%", value * 100.0),
        other => other.text(zh),
    };
    for r in rows {
        s.push_str("<tr>");
        if with_agency {
            let _ = write!(s, "<td>{}</td>", esc(&r.agency));
        }
        let _ = writeln!(
            s,
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.year,
            r.received.text(zh),
            r.closed.text(zh),
            r.granted_rate.text(zh),
            share(&r.denied_rate),
            r.review.text(zh),
            share(&r.review_corrected_rate),
            r.litigation.text(zh),
            share(&r.litigation_corrected_rate),
            match r.timeliness.label(zh) {
                "" => "-",
                t => t,
            },
            if r.tables_complete { "是" } else { "否" }
        );
    }
    s.push_str("</table>");
    s
}

/// The outliers' section, numbered `number` (“六、”) after the sections before it.
fn outlier_section(number: &str, list: &[Outlier]) -> String {
    let mut s = format!("<section><h2>{number}异常值（供核实）</h2>");
    if list.is_empty() {
        s.push_str("<p>未发现。</p>");
    } else {
        s.push_str("<ul>");
        for o in list {
            let cells: Vec<String> = o
                .cells
                .iter()
                .map(|(y, k, v)| {
                    // The template's own name of the cell, for people; the key for tools.
                    let name =
                        gongkai_model::labels::cell_label(k).unwrap_or_else(|| k.to_string());
                    format!("{y} 年 {name}（{k}）= {v}")
                })
                .collect();
            let _ = write!(
                s,
                "<li>{} {} 年：{} <span class=\"cells\">（{}）</span></li>",
                esc(&o.agency),
                o.year,
                esc(&o.message.zh),
                esc(&cells.join("，"))
            );
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlier_cells_are_named_as_the_template_names_them() {
        let found = Outlier {
            agency: "青禾县市场监督管理局".to_string(),
            year: 2024,
            path: "a.docx".to_string(),
            kind: crate::outliers::Kind::TenfoldJump,
            cells: vec![(2024, "requests.received.total", 318)],
            message: gongkai_model::Text::new("新收申请数猛增", "received requests jumped"),
        };
        let section = outlier_section("六、", &[found]);
        assert!(
            section.contains("2024 年 表三 一、本年新收政府信息公开申请数量（总计）"),
            "{section}"
        );
        assert!(section.contains("requests.received.total"), "{section}");
    }
}
