//! Two reports compared cell by cell — two files, or two years of one body from the corpus —
//! with the carry-over checks between consecutive years: 上年结转 this year = 结转下年度 last
//! year (each applicant column), and 现行有效 this year = last year's 现行有效 + this year's
//! 制发 − 废止 (2021 template, 规章 and 行政规范性文件). Terminal, JSON and HTML output; the web
//! app calls the same functions.

use std::fmt::Write as _;

use gongkai_model::labels::{Applicant, Template, cell_label};
use gongkai_model::{Lang, Text, Value};
use rusqlite::Connection;
use serde::Serialize;

use crate::Error;
use crate::cells::table_keys;
use crate::rollup::Input;
use crate::summary::width;

/// One side of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The body.
    pub agency: String,
    /// The file.
    pub path: String,
    /// The year covered.
    pub year: Option<i32>,
    /// The template code.
    pub template: &'static str,
}

/// One cell in both reports.
#[derive(Debug, Clone, Serialize)]
pub struct CellPair {
    /// The canonical key.
    pub key: &'static str,
    /// The first report's value as printed (spec/cells.md), `None` when its template has no
    /// such cell.
    pub a: Option<String>,
    /// The second report's value.
    pub b: Option<String>,
    /// `b − a` when both are counts.
    pub difference: Option<i64>,
    /// Whether the two values differ (a cell only one template has counts as differing).
    pub changed: bool,
}

/// The result of a carry-over check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The figures agree.
    Holds,
    /// They do not.
    Broken,
    /// An operand is blank, a mark, unresolved or missing, or the templates do not have it.
    NotAssessable,
}

/// One carry-over check.
#[derive(Debug, Clone, Serialize)]
pub struct CarryCheck {
    /// What is checked (Chinese, English).
    pub what: Text,
    /// The cell of the second report checked.
    pub key: &'static str,
    /// The cells of both reports it is computed from: (`a` or `b`, key).
    pub operands: Vec<(&'static str, &'static str)>,
    /// The value expected from the operands.
    pub expected: Option<i64>,
    /// The value printed.
    pub found: Option<i64>,
    /// The verdict.
    pub verdict: Verdict,
}

/// A comparison of two reports.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The first (earlier) report.
    pub a: Side,
    /// The second report.
    pub b: Side,
    /// Every cell of either template, in key order (the first report's template first).
    pub cells: Vec<CellPair>,
    /// The carry-over checks (empty when the second report does not cover the year after the
    /// first; see `note`).
    pub checks: Vec<CarryCheck>,
    /// Why there are no carry-over checks, when there are none.
    pub note: Option<Text>,
}

/// Compares `a` (the earlier report) with `b`.
pub fn compare(a: &Input, b: &Input) -> Comparison {
    let keys_a = table_keys(a.template);
    let keys_b = table_keys(b.template);
    let mut keys: Vec<&'static str> = keys_a.to_vec();
    keys.extend(keys_b.iter().filter(|k| !keys_a.contains(k)));
    let cells = keys
        .into_iter()
        .map(|key| {
            let va = value(a, key);
            let vb = value(b, key);
            let difference = match (va, vb) {
                (Some(Value::Count(x)), Some(Value::Count(y))) => Some(y - x),
                _ => None,
            };
            CellPair {
                key,
                a: va.map(text),
                b: vb.map(text),
                difference,
                changed: va != vb,
            }
        })
        .collect();
    let consecutive = matches!((a.year, b.year), (Some(x), Some(y)) if y == x + 1);
    let (checks, note) = if consecutive {
        (carry_checks(a, b), None)
    } else {
        (
            Vec::new(),
            Some(Text::new(
                "两份报告不是相邻年度（或年度不明），不做结转核对",
                "the reports do not cover consecutive years (or a year is unknown): no carry-over checks",
            )),
        )
    };
    Comparison {
        a: side(a),
        b: side(b),
        cells,
        checks,
        note,
    }
}

fn side(i: &Input) -> Side {
    Side {
        agency: i.name.clone(),
        path: i.path.clone(),
        year: i.year,
        template: i.template.code(),
    }
}

/// The value of `key` in `input`; `None` when its template has no such key.
fn value<'a>(input: &'a Input, key: &str) -> Option<&'a Value> {
    table_keys(input.template)
        .iter()
        .position(|k| *k == key)
        .map(|i| input.values.get(i).unwrap_or(&Value::Missing))
}

/// A value as the cells format prints it, with the kinds that print nothing named.
fn text(v: &Value) -> String {
    match v {
        Value::Blank => String::new(),
        Value::Unresolved => "?".into(),
        Value::Missing => "missing".into(),
        Value::Amount { number, unit } => match unit {
            Some(u) => format!("{number}{}", u.label()),
            None => number.to_string(),
        },
        other => other.canonical(),
    }
}

fn static_key(key: &str) -> &'static str {
    for t in [Template::Y2021, Template::Y2019] {
        if let Some(k) = table_keys(t).iter().find(|k| **k == key) {
            return k;
        }
    }
    ""
}

fn carry_checks(a: &Input, b: &Input) -> Vec<CarryCheck> {
    let mut out = Vec::new();
    for col in Applicant::ALL {
        let forward = static_key(&format!("requests.carried_forward.{}", col.key()));
        let over = static_key(&format!("requests.carried_over.{}", col.key()));
        let expected = value(a, forward).and_then(count);
        let found = value(b, over).and_then(count);
        out.push(CarryCheck {
            what: Text::new(
                format!("上年结转（{}）= 上年度结转下年度", col.label()),
                format!("carried over ({}) = last year's carried forward", col.key()),
            ),
            key: over,
            operands: vec![("a", forward)],
            expected,
            found,
            verdict: verdict(expected, found),
        });
    }
    for (row, zh, en) in [
        ("rules", "规章", "rules"),
        ("normative", "行政规范性文件", "normative documents"),
    ] {
        let k = |col: &str| static_key(&format!("active.{row}.{col}"));
        let (stock, made, repealed) = (k("in_force"), k("made"), k("repealed"));
        let both_2021 = a.template == Template::Y2021 && b.template == Template::Y2021;
        let expected = if both_2021 {
            match (
                value(a, stock).and_then(count),
                value(b, made).and_then(count),
                value(b, repealed).and_then(count),
            ) {
                (Some(s), Some(m), Some(r)) => Some(s + m - r),
                _ => None,
            }
        } else {
            None
        };
        let found = if both_2021 {
            value(b, stock).and_then(count)
        } else {
            None
        };
        out.push(CarryCheck {
            what: Text::new(
                format!("{zh}现行有效件数 = 上年度现行有效 + 本年制发 − 本年废止"),
                format!("{en} in force = last year's in force + made − repealed this year"),
            ),
            key: stock,
            operands: vec![("a", stock), ("b", made), ("b", repealed)],
            expected,
            found,
            verdict: verdict(expected, found),
        });
    }
    out
}

fn count(v: &Value) -> Option<i64> {
    match v {
        Value::Count(n) => Some(*n),
        _ => None,
    }
}

fn verdict(expected: Option<i64>, found: Option<i64>) -> Verdict {
    match (expected, found) {
        (Some(e), Some(f)) if e == f => Verdict::Holds,
        (Some(_), Some(_)) => Verdict::Broken,
        _ => Verdict::NotAssessable,
    }
}

/// The newest reports of one body for two years from the database: the body by its name as
/// reported, the register's name or its credit code.
pub fn years_from_db(
    conn: &Connection,
    agency: &str,
    years: (i32, i32),
) -> Result<(Input, Input), Error> {
    let filter = crate::stats::Filter {
        agency: Some(agency.to_string()),
        ..Default::default()
    };
    let obs = crate::stats::observations(conn, &filter)?;
    let find = |year: i32| -> Result<Input, Error> {
        obs.iter()
            .find(|o| o.year == year)
            .map(|o| Input {
                name: o.agency.clone(),
                path: o.path.clone(),
                year: Some(o.year),
                template: o.template,
                values: o.values.clone(),
            })
            .ok_or_else(|| {
                Error::Refused(Text::new(
                    format!("数据库中没有“{agency}”{year}年度的报告"),
                    format!("no report of “{agency}” for {year} in the database"),
                ))
            })
    };
    Ok((find(years.0)?, find(years.1)?))
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::Holds, Lang::Zh) => "一致",
        (Verdict::Broken, Lang::Zh) => "不一致",
        (Verdict::NotAssessable, Lang::Zh) => "不可评估",
        (Verdict::Holds, Lang::En) => "holds",
        (Verdict::Broken, Lang::En) => "broken",
        (Verdict::NotAssessable, Lang::En) => "not assessable",
    }
}

fn side_line(s: &Side) -> String {
    format!(
        "{} {} ({}, {})",
        s.agency,
        s.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
        s.template,
        s.path
    )
}

fn shown(v: &Option<String>, lang: Lang) -> String {
    match (v.as_deref(), lang) {
        (None, Lang::Zh) => "（无此项）".into(),
        (None, Lang::En) => "(no such cell)".into(),
        (Some(""), Lang::Zh) => "（空白）".into(),
        (Some(""), Lang::En) => "(blank)".into(),
        (Some(s), _) => s.into(),
    }
}

/// For the terminal: the carry-over checks, then the cells that differ (the equal ones
/// counted), aligned with CJK width.
pub fn terminal(c: &Comparison, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    let _ = writeln!(out, "A: {}", side_line(&c.a));
    let _ = writeln!(out, "B: {}", side_line(&c.b));
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        if zh {
            "结转核对："
        } else {
            "Carry-over checks:"
        }
    );
    if let Some(note) = &c.note {
        let _ = writeln!(out, "  {}", if zh { &note.zh } else { &note.en });
    }
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    for k in &c.checks {
        let _ = writeln!(
            out,
            "  [{}] {}: {} {} / {} {}  ({})",
            verdict_label(k.verdict, lang),
            if zh { &k.what.zh } else { &k.what.en },
            if zh { "应为" } else { "expected" },
            num(k.expected),
            if zh { "实为" } else { "found" },
            num(k.found),
            k.key
        );
    }
    out.push('\n');
    let changed: Vec<&CellPair> = c.cells.iter().filter(|p| p.changed).collect();
    let _ = writeln!(
        out,
        "{}",
        if zh {
            format!(
                "不同的单元格 {} 个（相同 {} 个）：",
                changed.len(),
                c.cells.len() - changed.len()
            )
        } else {
            format!(
                "{} cells differ ({} equal):",
                changed.len(),
                c.cells.len() - changed.len()
            )
        }
    );
    // The template's name of the cell closes each line (in Chinese: the labels are the form's).
    let rows: Vec<[String; 5]> = changed
        .iter()
        .map(|p| {
            [
                p.key.to_string(),
                shown(&p.a, lang),
                shown(&p.b, lang),
                p.difference.map(|d| format!("{d:+}")).unwrap_or_default(),
                cell_label(p.key).unwrap_or_default(),
            ]
        })
        .collect();
    let head = if zh {
        ["单元格", "A", "B", "变化", "名称"]
    } else {
        ["cell", "A", "B", "change", "label"]
    }
    .map(str::to_string);
    let mut widths = head.clone().map(|h| width(&h));
    for r in &rows {
        for (w, f) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(f));
        }
    }
    for r in std::iter::once(&head).chain(&rows) {
        let mut line = String::from("  ");
        for (i, (f, w)) in r.iter().zip(widths).enumerate() {
            line.push_str(f);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(w - width(f) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One self-contained HTML page (Chinese labels, English in brackets where helpful): the two
/// reports, the carry-over checks, every cell with the differing ones marked.
pub fn html(c: &Comparison) -> String {
    let e = gongkai_render::html::escape;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{}<title>报告对比</title>\n<style>\
         body{{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;margin:2em;color:#222}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #999;padding:2px 8px;text-align:right}}\
         td:first-child,th:first-child{{text-align:left}}tr.changed td{{background:#fff3cd}}\
         .key{{color:#666;font-size:.8em}}.broken{{color:#b00020;font-weight:bold}}.holds{{color:#1b5e20}}\
         @media print{{@page{{size:A4;margin:15mm}}body{{margin:0}}}}</style></head><body>\n",
        crate::card::NO_SCRIPT
    );
    let _ = writeln!(out, "<h1>报告对比</h1>");
    let _ = writeln!(
        out,
        "<p>A：{}<br>B：{}</p>",
        e(&side_line(&c.a)),
        e(&side_line(&c.b))
    );
    let _ = writeln!(out, "<h2>结转核对</h2>");
    if let Some(n) = &c.note {
        let _ = writeln!(out, "<p>{}</p>", e(&n.zh));
    }
    if !c.checks.is_empty() {
        out.push_str("<table><tr><th>核对</th><th>应为</th><th>实为</th><th>结果</th></tr>\n");
        for k in &c.checks {
            let class = match k.verdict {
                Verdict::Holds => "holds",
                Verdict::Broken => "broken",
                Verdict::NotAssessable => "",
            };
            let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>",
                e(&k.what.zh),
                num(k.expected),
                num(k.found),
                verdict_label(k.verdict, Lang::Zh)
            );
        }
        out.push_str("</table>\n");
    }
    let changed = c.cells.iter().filter(|p| p.changed).count();
    let _ = writeln!(
        out,
        "<h2>逐项对比</h2><p>不同的单元格 {changed} 个（相同 {} 个），已用底色标出。</p>",
        c.cells.len() - changed
    );
    out.push_str("<table><tr><th>单元格</th><th>A</th><th>B</th><th>变化</th></tr>\n");
    for p in &c.cells {
        let _ = writeln!(
            out,
            "<tr{}><td>{}<br><span class=\"key\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if p.changed { " class=\"changed\"" } else { "" },
            e(&cell_label(p.key).unwrap_or_default()),
            e(p.key),
            e(&shown(&p.a, Lang::Zh)),
            e(&shown(&p.b, Lang::Zh)),
            p.difference.map(|d| format!("{d:+}")).unwrap_or_default()
        );
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(year: i32, template: Template, counts: &[(&str, i64)]) -> Input {
        let keys = table_keys(template);
        let mut values = vec![Value::Blank; keys.len()];
        for (k, n) in counts {
            let i = keys.iter().position(|x| x == k).expect(k);
            values[i] = Value::Count(*n);
        }
        Input {
            name: "青禾县教育局".into(),
            path: format!("{year}.txt"),
            year: Some(year),
            template,
            values,
        }
    }

    #[test]
    fn carry_over_checks_hold_break_and_are_not_assessable() {
        let a = input(
            2022,
            Template::Y2021,
            &[
                ("requests.carried_forward.natural", 3),
                ("requests.carried_forward.total", 4),
                ("active.rules.in_force", 10),
                ("active.normative.in_force", 20),
            ],
        );
        let b = input(
            2023,
            Template::Y2021,
            &[
                ("requests.carried_over.natural", 3),
                ("requests.carried_over.total", 5),
                ("active.rules.made", 2),
                ("active.rules.repealed", 1),
                ("active.rules.in_force", 11),
                ("active.normative.made", 4),
                ("active.normative.repealed", 0),
                ("active.normative.in_force", 25),
            ],
        );
        let c = compare(&a, &b);
        let get = |key: &str| c.checks.iter().find(|k| k.key == key).unwrap();
        assert_eq!(get("requests.carried_over.natural").verdict, Verdict::Holds);
        let total = get("requests.carried_over.total");
        assert_eq!(total.verdict, Verdict::Broken);
        assert_eq!((total.expected, total.found), (Some(4), Some(5)));
        // Blank on either side: not assessable, never 0 = 0.
        assert_eq!(
            get("requests.carried_over.legal").verdict,
            Verdict::NotAssessable
        );
        assert_eq!(get("active.rules.in_force").verdict, Verdict::Holds); // 10 + 2 − 1
        let n = get("active.normative.in_force");
        assert_eq!((n.expected, n.found), (Some(24), Some(25)));
        assert_eq!(n.verdict, Verdict::Broken);
        let diff = c
            .cells
            .iter()
            .find(|p| p.key == "active.rules.in_force")
            .unwrap();
        assert_eq!(diff.difference, Some(1));
        assert!(diff.changed);
        let same = c
            .cells
            .iter()
            .find(|p| p.key == "requests.carried_over.natural")
            .unwrap();
        assert!(same.changed); // blank in A, 3 in B
        let t = terminal(&c, Lang::Zh);
        assert!(t.contains("[不一致] 行政规范性文件现行有效件数"), "{t}");
        let en = terminal(&c, Lang::En);
        assert!(en.contains("[broken]"), "{en}");
        let h = html(&c);
        assert!(h.contains("<td class=\"broken\">不一致</td>"), "{h}");
    }

    #[test]
    fn different_templates_and_years_apart() {
        let a = input(2020, Template::Y2019, &[("active.rules.total", 5)]);
        let b = input(2021, Template::Y2021, &[("active.rules.in_force", 5)]);
        let c = compare(&a, &b);
        // The stock check needs both reports in the 2021 template.
        let k = c
            .checks
            .iter()
            .find(|k| k.key == "active.rules.in_force")
            .unwrap();
        assert_eq!(k.verdict, Verdict::NotAssessable);
        // A key only one template has: present on one side only.
        let only = c
            .cells
            .iter()
            .find(|p| p.key == "active.rules.total")
            .unwrap();
        assert_eq!((only.a.as_deref(), only.b.as_deref()), (Some("5"), None));
        let far = compare(&input(2019, Template::Y2019, &[]), &b);
        assert!(far.checks.is_empty());
        assert!(far.note.is_some());
    }
}
