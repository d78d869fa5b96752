//! Synthetic corpora for the benchmark and the tests: reports of fictional bodies in both
//! templates, with varied numbers that keep identities I1–I4, rendered through `gongkai_render`
//! in every layout it writes (text with TABs, Markdown, HTML, DOCX); some with a broken total,
//! some files that are no report at all. Deterministic for a seed.

use std::fmt::Write as _;
use std::path::Path;

use gongkai_model::labels::{Applicant, ColumnKind, Template, active_rows, request_rows};
use gongkai_model::{Report, SourceId};

/// A small deterministic generator (SplitMix64): no dependency, same output everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// How a synthetic file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Plain text, tables as TAB-separated rows (text copied out of Word).
    Text,
    /// Markdown with pipe tables.
    Markdown,
    /// One HTML page.
    Html,
    /// A Word document.
    Docx,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 4] = [Layout::Text, Layout::Markdown, Layout::Html, Layout::Docx];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Layout::Text => "txt",
            Layout::Markdown => "md",
            Layout::Html => "html",
            Layout::Docx => "docx",
        }
    }
}

/// Fictional places (no real body is named).
const PLACES: &[&str] = &[
    "青禾县",
    "丰谷县",
    "云溪区",
    "石桥区",
    "临泉市",
    "宁川市",
    "北湖县",
    "南屏区",
    "柳河县",
    "松岭市",
    "白沙县",
    "东渡区",
];
/// Bodies under a place: departments (1月31日 deadline) and the government itself (3月31日).
const BODIES: &[&str] = &[
    "人民政府",
    "市场监督管理局",
    "卫生健康委员会",
    "教育局",
    "自然资源局",
    "生态环境局",
    "交通运输局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "农业农村局",
];

/// The agency and year of the `n`-th synthetic report: `n` walks through places, bodies and the
/// years 2019–2024, so that a corpus has one report per agency and year until it wraps.
pub fn agency_year(n: u64) -> (String, i32) {
    let bodies = BODIES.len() as u64;
    let places = PLACES.len() as u64;
    let years = 6;
    let body = BODIES[(n % bodies) as usize];
    let place = PLACES[((n / bodies) % places) as usize];
    let year = 2019 + ((n / (bodies * places)) % years) as i32;
    let copy = n / (bodies * places * years);
    let place = if copy == 0 {
        place.to_string()
    } else {
        // More bodies than the lists hold: numbered places, still fictional.
        format!(
            "{}{}{}",
            &place[..place.len() - 3],
            copy,
            &place[place.len() - 3..]
        )
    };
    (format!("{place}{body}"), year)
}

/// The authoring file (TOML) of a synthetic report: `seed` picks the numbers.
pub fn authoring_toml(seed: u64, agency: &str, year: i32) -> String {
    let template = if year >= 2021 {
        Template::Y2021
    } else {
        Template::Y2019
    };
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(8 * 1024);
    let (month, day) = (1 + rng.below(3) as u32, 1 + rng.below(28) as u32);
    let _ = write!(
        out,
        "[meta]\ntemplate = \"{}\"\nagency = \"{agency}\"\nyear = {year}\npublished = \"{}-{month:02}-{day:02}\"\n",
        template.code(),
        year + 1
    );
    let received: u64 = 5 + rng.below(200);
    let _ = write!(
        out,
        "\n[sections]\n\
         overview = '''\n{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。\n本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n'''\n\
         active = '''\n全年主动公开政府信息，及时回应社会关切。\n'''\n\
         requests = '''\n全年共办理政府信息公开申请，均在法定期限内答复。\n'''\n\
         reviews = '''\n全年政府信息公开行政复议、行政诉讼情况如下。\n'''\n\
         problems = '''\n公开内容的全面性还需加强。下一步将加强培训，规范答复。\n'''\n\
         other = '''\n本年度未收取信息处理费。\n'''\n\n[cells]\n"
    );
    active_cells(&mut out, &mut rng, template);
    request_cells(&mut out, &mut rng, template, received);
    review_cells(&mut out, &mut rng);
    out
}

fn active_cells(out: &mut String, rng: &mut Rng, template: Template) {
    for spec in active_rows(template) {
        for (col, _, kind) in spec.columns {
            let key = format!("active.{}.{col}", spec.key);
            let value = match kind {
                ColumnKind::Count => rng.below(60).to_string(),
                ColumnKind::Change => (rng.below(11) as i64 - 5).to_string(),
                ColumnKind::Amount => format!("{}.{:02}", rng.below(900), rng.below(100)),
            };
            let _ = writeln!(out, "\"{key}\" = {value}");
        }
        if template == Template::Y2019 && spec.key == "procurement" {
            let unit = rng.pick(&["万元", "元"]);
            let _ = writeln!(out, "\"active.procurement.amount_unit\" = \"{unit}\"");
        }
    }
}

/// Table 三 with I1–I3 holding: per applicant column, received + carried over = outcomes +
/// carried forward, outcomes spread over the outcome rows; the total column sums the others.
fn request_cells(out: &mut String, rng: &mut Rng, template: Template, received: u64) {
    let rows: Vec<_> = request_rows(template).collect();
    let mut grid = vec![[0u64; 7]; rows.len()];
    let outcome_rows: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].outcome).collect();
    let row_of = |key: &str| rows.iter().position(|r| r.key == key);
    let (Some(recv), Some(carried), Some(total), Some(forward)) = (
        row_of("received"),
        row_of("carried_over"),
        row_of("total"),
        row_of("carried_forward"),
    ) else {
        return;
    };
    #[allow(clippy::needless_range_loop)] // one column across several rows of `grid`
    for col in 0..6 {
        let r = if col == 0 {
            received
        } else {
            rng.below(received / 4 + 2)
        };
        let k = rng.below(4);
        let f = rng.below(r.min(3) + 1);
        let mut left = r + k - f;
        grid[recv][col] = r;
        grid[carried][col] = k;
        grid[forward][col] = f;
        // Most requests are granted; the rest spread thinly.
        while left > 0 {
            let take = 1 + rng.below(left.min(20));
            let row = if rng.below(3) == 0 {
                *rng.pick(&outcome_rows)
            } else {
                outcome_rows[0]
            };
            grid[row][col] += take;
            left -= take;
        }
        grid[total][col] = outcome_rows.iter().map(|&i| grid[i][col]).sum();
    }
    for (spec, row) in rows.iter().zip(&mut grid) {
        row[6] = row[..6].iter().sum();
        for col in Applicant::ALL {
            let _ = writeln!(
                out,
                "\"requests.{}.{}\" = {}",
                spec.key,
                col.key(),
                row[col as usize]
            );
        }
    }
}

fn review_cells(out: &mut String, rng: &mut Rng) {
    for group in ["review", "litigation_direct", "litigation_after_review"] {
        let v: Vec<u64> = (0..4).map(|_| rng.below(4)).collect();
        for (col, n) in ["upheld", "corrected", "other", "pending"].iter().zip(&v) {
            let _ = writeln!(out, "\"{group}.{col}\" = {n}");
        }
        let _ = writeln!(out, "\"{group}.total\" = {}", v.iter().sum::<u64>());
    }
}

/// The synthetic report of `seed` as a model (read back from its authoring file).
pub fn report(seed: u64, agency: &str, year: i32) -> Report {
    let toml = authoring_toml(seed, agency, year);
    gongkai_authoring::parse(&toml, SourceId(0))
        .map(|(r, _)| r)
        .unwrap_or_else(|_| unreachable_report())
}

fn unreachable_report() -> Report {
    // The generated TOML is always valid; an empty report keeps this function total.
    Report {
        source: SourceId(0),
        meta: Default::default(),
        template: None,
        sections: Vec::new(),
        active: None,
        requests: None,
        reviews: None,
    }
}

/// A synthetic report of `template` as Markdown (for unit tests).
pub fn report_markdown(seed: u64, template: Template) -> String {
    let year = if template == Template::Y2021 {
        2022
    } else {
        2020
    };
    gongkai_render::markdown(&report(seed, "青禾县市场监督管理局", year))
}

/// Markdown pipe tables as TAB-separated rows: the layout of text copied out of Word.
fn tabbed(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let t = line.trim();
        if t.starts_with('|') {
            if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                continue;
            }
            let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            out.push_str(&cells.join("\t"));
        } else {
            out.push_str(line.trim_start_matches('#').trim_start());
        }
        out.push('\n');
    }
    out
}

/// What a synthetic file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A report whose identities hold.
    Clean,
    /// A report with one total off by one (an identity fails).
    Broken,
    /// A page with no report in it.
    NotAReport,
}

/// The bytes of the `n`-th synthetic file of a corpus, in `layout`.
pub fn file(n: u64, layout: Layout, kind: Kind) -> Vec<u8> {
    let (agency, year) = agency_year(n);
    if kind == Kind::NotAReport {
        let text = format!(
            "{agency}关于开展{year}年度安全生产大检查的通知\n\n各有关单位：\n为切实做好安全生产工作，现将有关事项通知如下。请各单位高度重视，认真组织实施。\n\n联系人：办公室\n"
        );
        return match layout {
            Layout::Html => format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知</title></head><body><p>{}</p></body></html>",
                text.replace('\n', "</p><p>")
            )
            .into_bytes(),
            Layout::Docx => prose_docx(&text),
            _ => text.into_bytes(),
        };
    }
    let mut toml = authoring_toml(n, &agency, year);
    if kind == Kind::Broken {
        toml = toml.replacen(
            "\"requests.total.total\" = ",
            "\"requests.total.total\" = 1",
            1,
        );
    }
    let report = gongkai_authoring::parse(&toml, SourceId(0))
        .map(|(r, _)| r)
        .unwrap_or_else(|_| unreachable_report());
    match layout {
        Layout::Text => tabbed(&gongkai_render::markdown(&report)).into_bytes(),
        Layout::Markdown => gongkai_render::markdown(&report).into_bytes(),
        Layout::Html => gongkai_render::html(&report).into_bytes(),
        Layout::Docx => gongkai_render::docx(&report),
    }
}

/// A Word document holding only paragraphs of prose.
fn prose_docx(text: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut body = String::new();
    for line in text.lines() {
        let _ = write!(
            body,
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            gongkai_render::html::escape(line)
        );
    }
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        (
            "word/document.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in parts {
        if zip
            .start_file(name, zip::write::SimpleFileOptions::default())
            .and_then(|()| zip.write_all(xml.as_bytes()).map_err(Into::into))
            .is_err()
        {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The layout and kind of the `n`-th file of a corpus: layouts in turn; about one in 50
/// broken and one in 100 not a report, spread over the layouts.
pub fn plan(n: u64) -> (Layout, Kind) {
    let layout = Layout::ALL[(n % 4) as usize];
    let kind = if n % 97 == 96 {
        Kind::NotAReport
    } else if n % 53 == 7 {
        Kind::Broken
    } else {
        Kind::Clean
    };
    (layout, kind)
}

/// The relative path of the `n`-th file of a corpus (a hundred files a folder).
pub fn file_name(n: u64, layout: Layout) -> String {
    format!("{:04}/{n:07}.{}", n / 100, layout.extension())
}

/// Writes files `range` of a corpus under `dir` on `threads` threads; returns the number written.
pub fn write_corpus(
    dir: &Path,
    range: std::ops::Range<u64>,
    threads: usize,
) -> std::io::Result<u64> {
    let next = std::sync::atomic::AtomicU64::new(range.start);
    let failed = std::sync::Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if n >= range.end {
                        break;
                    }
                    let (layout, kind) = plan(n);
                    let path = dir.join(file_name(n, layout));
                    let result = path
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .and_then(|()| std::fs::write(&path, file(n, layout, kind)));
                    if let Err(e) = result
                        && let Ok(mut f) = failed.lock()
                    {
                        *f = Some(e);
                        break;
                    }
                }
            });
        }
    });
    match failed.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(range.end - range.start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], name: &str) -> (Report, Vec<gongkai_model::IdentityCheck>) {
        let source = gongkai_extract::extract(bytes, name).unwrap();
        let (r, _) = gongkai_parse::parse(&source, SourceId(0));
        let ids = gongkai_model::check_identities(&r);
        (r, ids)
    }

    #[test]
    fn every_layout_reads_back_with_identities_holding() {
        for n in [0u64, 1, 2, 3, 150, 151, 700, 703, 900, 9001] {
            for layout in Layout::ALL {
                let bytes = file(n, layout, Kind::Clean);
                let (r, ids) = read(&bytes, &format!("f.{}", layout.extension()));
                let (agency, year) = agency_year(n);
                assert_eq!(
                    r.meta.agency.as_ref().map(|a| a.value.as_str()),
                    Some(agency.as_str()),
                    "{layout:?} {n}"
                );
                assert_eq!(r.meta.year.as_ref().map(|y| y.value), Some(year));
                let want = report(n, &agency, year);
                assert_eq!(
                    gongkai_model::cells::cells(&r),
                    gongkai_model::cells::cells(&want),
                    "{layout:?} {n}"
                );
                assert!(
                    ids.iter()
                        .all(|c| !matches!(c.outcome, gongkai_model::Outcome::Mismatch { .. })),
                    "{layout:?} {n}"
                );
            }
        }
    }

    #[test]
    fn a_broken_report_breaks_an_identity() {
        let bytes = file(7, Layout::Markdown, Kind::Broken);
        let (_, ids) = read(&bytes, "f.md");
        assert!(
            ids.iter()
                .any(|c| matches!(c.outcome, gongkai_model::Outcome::Mismatch { .. }))
        );
    }

    #[test]
    fn non_reports_are_readable_and_hold_no_table() {
        for layout in Layout::ALL {
            let bytes = file(96, layout, Kind::NotAReport);
            let source = gongkai_extract::extract(&bytes, "x").unwrap();
            let (r, _) = gongkai_parse::parse(&source, SourceId(0));
            assert!(r.requests.is_none() && r.template.is_none(), "{layout:?}");
        }
        let kinds: std::collections::BTreeSet<_> = (0..400)
            .map(plan)
            .filter(|(_, k)| *k == Kind::NotAReport)
            .map(|(l, _)| l.extension())
            .collect();
        assert_eq!(kinds.len(), 4, "non-reports in every layout");
    }

    #[test]
    fn agencies_and_years_do_not_repeat_within_a_cycle() {
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..(12 * 12 * 6 * 2) {
            assert!(seen.insert(agency_year(n)), "{n}");
        }
    }
}
