//! The supervisor's summary: one row per file path, sorted, no timestamps — status, agency,
//! year, template, 落款日期, late or not under 第四十九条, findings — and, against a register and a
//! year, the bodies with no report or with more than one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gongkai_check::Deadline;
use gongkai_model::{Date, Lang};
use rusqlite::Connection;
use serde::Serialize;

use crate::Error;
use crate::agency::{Agency, Kind, Register};
use crate::status::Status;

/// Whether a report was published in time (条例第四十九条), judged by its 落款日期, which stands
/// in for the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timeliness {
    /// Dated on or before the deadline.
    OnTime,
    /// Dated after the deadline.
    Late,
    /// The kind of body (department or government) or the date is unknown.
    CannotDecide,
    /// Not a report: nothing to judge.
    NotApplicable,
}

impl Timeliness {
    /// The cell text.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Timeliness::OnTime, Lang::Zh) => "按时",
            (Timeliness::Late, Lang::Zh) => "逾期",
            (Timeliness::CannotDecide, Lang::Zh) => "无法判断",
            (Timeliness::OnTime, Lang::En) => "on time",
            (Timeliness::Late, Lang::En) => "late",
            (Timeliness::CannotDecide, Lang::En) => "cannot decide",
            (Timeliness::NotApplicable, _) => "",
        }
    }
}

/// The deadline of a report covering `year`: from the register's kind of body when known, else
/// from the name (`gongkai_check::deadline`).
pub fn deadline(agency: &str, year: i32, kind: Option<Kind>) -> Option<Date> {
    match kind {
        Some(Kind::Department) => Date::new(year + 1, 1, 31),
        Some(Kind::Government) => Date::new(year + 1, 3, 31),
        None => match gongkai_check::deadline(agency, year) {
            Deadline::Department(d) | Deadline::Government(d) => Some(d),
            Deadline::Unknown => None,
        },
    }
}

/// Timeliness from the 落款日期 and the deadline.
pub fn timeliness(published: Option<Date>, deadline: Option<Date>) -> Timeliness {
    match (published, deadline) {
        (Some(p), Some(d)) if p > d => Timeliness::Late,
        (Some(_), Some(_)) => Timeliness::OnTime,
        _ => Timeliness::CannotDecide,
    }
}

/// One file path.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The path as stored.
    pub file: String,
    /// What it is.
    pub status: Status,
    /// The issuing body as the report names it.
    pub agency: Option<String>,
    /// The year covered.
    pub year: Option<i32>,
    /// `2019`, `2021` or `pre2019`.
    pub template: Option<String>,
    /// 落款日期 (stands in for the publication date).
    pub published: Option<String>,
    /// Against the 第四十九条 deadline.
    pub timeliness: Timeliness,
    /// Findings by level.
    pub errors: u32,
    /// See `errors`.
    pub warnings: u32,
    /// See `errors`.
    pub notes: u32,
    /// The path this file is a copy of, when it is one.
    pub copy_of: Option<String>,
    /// For a report: its version among the body's reports of that year, and whether it counts.
    pub version: Option<u32>,
    /// See `version`.
    pub latest: bool,
}

/// A body of the expected register with no report, or with more than one, for the year.
#[derive(Debug, Clone, Serialize)]
pub struct Expected {
    /// The body's name.
    pub agency: String,
    /// Its credit code.
    pub credit_code: Option<String>,
    /// The report files found for it (empty: none).
    pub files: Vec<String>,
}

/// The whole summary.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// One row per path, sorted.
    pub rows: Vec<Row>,
    /// Files the ingests did not take, with the reason.
    pub skipped: Vec<(String, String)>,
    /// With `--expect`: bodies without a report for the year.
    pub missing: Option<Vec<Expected>>,
    /// With `--expect`: bodies with more than one report for the year.
    pub more_than_one: Option<Vec<Expected>>,
}

/// Builds the summary of the database; with `expect`, also the register's bodies with no report
/// or more than one for `year`.
pub fn summary(conn: &Connection, expect: Option<(&[Agency], i32)>) -> Result<Report, Error> {
    let register = Register::load(conn)?;
    let kinds: BTreeMap<i64, Kind> = register
        .agencies
        .iter()
        .filter_map(|a| Some((a.id, a.kind?)))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT d.path, d.status, d.agency, d.year, d.template, d.published, d.errors,
                d.warnings, d.notes, o.path, d.version, d.latest, d.agency_id
         FROM documents d LEFT JOIN documents o ON o.id = d.duplicate_of
         WHERE d.current = 1 ORDER BY d.path",
    )?;
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(1)?;
        let agency: Option<String> = r.get(2)?;
        let year: Option<i32> = r.get(3)?;
        let published: Option<String> = r.get(5)?;
        let agency_id: Option<i64> = r.get(12)?;
        let status = Status::parse(&status).unwrap_or(Status::Unreadable);
        let timeliness = if status == Status::Report {
            let date = published.as_deref().and_then(parse_date);
            let kind = agency_id.and_then(|id| kinds.get(&id).copied());
            let limit = match (&agency, year) {
                (Some(a), Some(y)) => deadline(a, y, kind),
                _ => None,
            };
            timeliness(date, limit)
        } else {
            Timeliness::NotApplicable
        };
        Ok(Row {
            file: r.get(0)?,
            status,
            agency,
            year,
            template: r.get(4)?,
            published,
            timeliness,
            errors: r.get(6)?,
            warnings: r.get(7)?,
            notes: r.get(8)?,
            copy_of: r.get(9)?,
            version: r.get(10)?,
            latest: r.get(11)?,
        })
    })?;
    let rows: Vec<Row> = rows.collect::<Result<_, _>>()?;
    let skipped = conn
        .prepare("SELECT path, reason FROM skipped ORDER BY path")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let (missing, more_than_one) = match expect {
        Some((agencies, year)) => {
            let (m, t) = expected(&rows, agencies, year);
            (Some(m), Some(t))
        }
        None => (None, None),
    };
    Ok(Report {
        rows,
        skipped,
        missing,
        more_than_one,
    })
}

pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Date::new(y, m, d)
}

/// Which bodies of `agencies` have no report for `year` among `rows`, and which have several
/// (copies of one file count once).
fn expected(rows: &[Row], agencies: &[Agency], year: i32) -> (Vec<Expected>, Vec<Expected>) {
    let register = Register::new(agencies.to_vec());
    let mut found: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for row in rows {
        if row.status != Status::Report || row.year != Some(year) || row.copy_of.is_some() {
            continue;
        }
        if let Some(m) = row.agency.as_deref().and_then(|a| register.find(a)) {
            found.entry(m.index()).or_default().push(row.file.clone());
        }
    }
    let mut missing = Vec::new();
    let mut several = Vec::new();
    for (i, a) in register.agencies.iter().enumerate() {
        let files = found.remove(&i).unwrap_or_default();
        let e = Expected {
            agency: a.name.clone(),
            credit_code: a.credit_code.clone(),
            files,
        };
        match e.files.len() {
            0 => missing.push(e),
            1 => {}
            _ => several.push(e),
        }
    }
    (missing, several)
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

fn headers(lang: Lang) -> [&'static str; 10] {
    match lang {
        Lang::Zh => [
            "文件",
            "状态",
            "机关",
            "年度",
            "模板",
            "落款日期（代发布日期）",
            "是否逾期（第四十九条）",
            "错误",
            "警告",
            "提示",
        ],
        Lang::En => [
            "file",
            "status",
            "agency",
            "year",
            "template",
            "dated (for publication date)",
            "late (article 49)",
            "errors",
            "warnings",
            "notes",
        ],
    }
}

fn fields(row: &Row, lang: Lang) -> [String; 10] {
    let status = match lang {
        Lang::Zh => row.status.label_zh(),
        Lang::En => row.status.as_str(),
    };
    let mut file = row.file.clone();
    if let Some(orig) = &row.copy_of {
        let _ = match lang {
            Lang::Zh => write!(file, "（与 {orig} 相同）"),
            Lang::En => write!(file, " (copy of {orig})"),
        };
    } else if row.version.is_some() && !row.latest {
        file.push_str(match lang {
            Lang::Zh => "（旧版本，不计入）",
            Lang::En => " (older version, not counted)",
        });
    }
    [
        file,
        status.to_string(),
        row.agency.clone().unwrap_or_default(),
        row.year.map(|y| y.to_string()).unwrap_or_default(),
        row.template.clone().unwrap_or_default(),
        row.published.clone().unwrap_or_default(),
        row.timeliness.label(lang).to_string(),
        row.errors.to_string(),
        row.warnings.to_string(),
        row.notes.to_string(),
    ]
}

/// Tab-separated: a header row, then one row per path (the machine-readable form: statuses and
/// timeliness untranslated).
pub fn tsv(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("file\tstatus\tagency\tyear\ttemplate\tpublished\ttimeliness\terrors\twarnings\tnotes\tcopy_of\tversion\tlatest\n");
    for r in &report.rows {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            clean(&r.file),
            r.status.as_str(),
            clean(r.agency.as_deref().unwrap_or("")),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.template.as_deref().unwrap_or(""),
            r.published.as_deref().unwrap_or(""),
            serde_json::to_value(r.timeliness)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            r.errors,
            r.warnings,
            r.notes,
            r.copy_of.as_deref().map(clean).unwrap_or_default(),
            r.version.map(|v| v.to_string()).unwrap_or_default(),
            u8::from(r.latest),
        );
    }
    for (label, list) in [
        ("missing", &report.missing),
        ("more-than-one", &report.more_than_one),
    ] {
        for e in list.iter().flatten() {
            let _ = writeln!(
                out,
                "{}\t{label}\t{}\t\t\t\t\t\t\t\t\t\t",
                e.files.join(" "),
                e.agency
            );
        }
    }
    out
}

/// An aligned table for the terminal (CJK characters count two columns), then the bodies
/// expected and the files skipped.
pub fn table(report: &Report, lang: Lang) -> String {
    let head = headers(lang).map(str::to_string);
    let rows: Vec<[String; 10]> = report.rows.iter().map(|r| fields(r, lang)).collect();
    let mut out = aligned(&head, &rows);
    let count = |s: Status| report.rows.iter().filter(|r| r.status == s).count();
    let late = report
        .rows
        .iter()
        .filter(|r| r.timeliness == Timeliness::Late)
        .count();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "共 {} 个文件：报告 {}，非报告 {}，文件损坏 {}，无法读取 {}；逾期 {}（按落款日期）",
            report.rows.len(),
            count(Status::Report),
            count(Status::NotAReport),
            count(Status::Damaged),
            count(Status::Unreadable),
            late
        ),
        Lang::En => writeln!(
            out,
            "{} files: {} reports, {} not reports, {} damaged, {} unreadable; {} late (by the date on the report)",
            report.rows.len(),
            count(Status::Report),
            count(Status::NotAReport),
            count(Status::Damaged),
            count(Status::Unreadable),
            late
        ),
    };
    let sections = [
        (&report.missing, "没有报告的机关", "bodies with no report"),
        (
            &report.more_than_one,
            "报告多于一份的机关",
            "bodies with more than one report",
        ),
    ];
    for (list, zh, en) in sections {
        if let Some(list) = list {
            let _ = writeln!(
                out,
                "\n{}（{}）：",
                if lang == Lang::Zh { zh } else { en },
                list.len()
            );
            for e in list {
                let code = e
                    .credit_code
                    .as_deref()
                    .map(|c| format!(" {c}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {}{code}  {}", e.agency, e.files.join("  "));
            }
        }
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n{}（{}）：",
            if lang == Lang::Zh {
                "跳过的文件"
            } else {
                "files skipped"
            },
            report.skipped.len()
        );
        for (path, reason) in &report.skipped {
            let _ = writeln!(out, "  {path}\t{}", skip_label(reason, lang));
        }
    }
    out
}

fn skip_label(reason: &str, lang: Lang) -> String {
    use crate::walk::SkipReason::*;
    [
        Image,
        Spreadsheet,
        NestedArchive,
        Hidden,
        SymlinkLoop,
        TooLarge,
        Unreadable,
        Other,
    ]
    .into_iter()
    .find(|r| r.as_str() == reason)
    .map_or(reason.to_string(), |r| {
        let (zh, en) = r.text();
        (if lang == Lang::Zh { zh } else { en }).to_string()
    })
}

/// Display width: CJK and other wide characters count two columns.
/// `head` and `rows` as columns padded to their widest field (CJK characters count two
/// columns), two spaces apart, one line each.
pub(crate) fn aligned<const N: usize>(head: &[String; N], rows: &[[String; N]]) -> String {
    let mut widths = head.clone().map(|h| width(&h));
    for r in rows {
        for (w, f) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(f));
        }
    }
    let mut out = String::new();
    for r in std::iter::once(head).chain(rows) {
        let mut line = String::new();
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

pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        parse_date(s)
    }

    #[test]
    fn deadlines_follow_article_49() {
        // Departments: 31 January; governments' own reports: 31 March.
        let dept = deadline("青禾县教育局", 2023, None);
        assert_eq!(dept, d("2024-01-31"));
        assert_eq!(deadline("青禾县人民政府", 2023, None), d("2024-03-31"));
        // The register's kind wins over the name.
        assert_eq!(
            deadline("青禾县人民政府", 2023, Some(Kind::Department)),
            d("2024-01-31")
        );
        assert_eq!(deadline("白石镇人民政府", 2023, None), None);
        assert_eq!(timeliness(d("2024-02-01"), dept), Timeliness::Late);
        assert_eq!(timeliness(d("2024-01-31"), dept), Timeliness::OnTime);
        assert_eq!(timeliness(None, dept), Timeliness::CannotDecide);
        assert_eq!(timeliness(d("2024-01-01"), None), Timeliness::CannotDecide);
    }
}
