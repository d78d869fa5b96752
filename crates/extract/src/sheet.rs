//! Spreadsheets as rows of strings, for tables people keep in Excel or WPS (an agency's 台账):
//! CSV as Excel writes it (GBK — what 另存为 CSV writes on a Chinese Windows — or UTF-8 with a
//! BOM, UTF-16 text; quoted fields with `""` and line breaks inside, CRLF), and the first
//! worksheet of an XLSX (shared and inline strings, numbers as written, cells formatted as dates
//! as `YYYY-MM-DD`). Nothing is interpreted: a row is the strings of its cells, with the row
//! number a user sees in Excel.
//!
//! The same limits as the document readers apply: file size, ZIP entries, inflated part sizes,
//! XML depth, no DTDs, and the grid ([`MAX_TABLE_COLUMNS`] columns, [`MAX_GRID_POSITIONS`] cells).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::limits::{
    Limit, MAX_GRID_POSITIONS, MAX_INFLATED_TOTAL, MAX_PART_SIZE, MAX_TABLE_COLUMNS, MAX_XML_DEPTH,
    MAX_ZIP_ENTRIES,
};
use crate::{Error, ErrorKind, MAX_FILE_SIZE};

/// A table read from a spreadsheet file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// How it was read: `CSV (GBK)`, `CSV (UTF-8)`, `XLSX (台账)` — the sheet's name.
    pub format: String,
    /// The rows, in order; empty rows are left out.
    pub rows: Vec<SheetRow>,
}

/// One row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The row number as Excel shows it (1-based; for CSV, the record's number).
    pub number: u32,
    /// The cells' text from column A on, trimmed of nothing (an empty cell is `""`).
    pub cells: Vec<String>,
}

/// Reads a CSV or XLSX file (told apart by content, not by name).
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, Error> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(Error::new(ErrorKind::TooLarge { size: bytes.len() }));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return xlsx(bytes);
    }
    if bytes.starts_with(crate::ole::MAGIC) {
        return Err(Error::new(ErrorKind::LegacyOffice { format: "XLS/ET" }));
    }
    csv(bytes)
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

fn csv(bytes: &[u8]) -> Result<Sheet, Error> {
    let (text, encoding) = decode(bytes)?;
    let delimiter = delimiter(&text);
    let mut rows = Vec::new();
    let mut cells = 0usize;
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut number = 1u32;
    let mut chars = text.char_indices().peekable();
    let mut quote_start = 0;
    while let Some((at, c)) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                quote_start = at;
                at_field_start = false;
            }
            c if c == delimiter => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                record.push(std::mem::take(&mut field));
                push_row(&mut rows, &mut cells, number, std::mem::take(&mut record))?;
                number += 1;
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(Error {
            kind: ErrorKind::Damaged {
                format: "CSV",
                detail: format!("a quoted field opened in record {number} is never closed"),
            },
            position: Some(quote_start as u64),
        });
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        push_row(&mut rows, &mut cells, number, record)?;
    }
    Ok(Sheet {
        format: format!("CSV ({encoding})"),
        rows,
    })
}

/// Keeps a row that has any text, within the grid limits.
fn push_row(
    rows: &mut Vec<SheetRow>,
    cells: &mut usize,
    number: u32,
    record: Vec<String>,
) -> Result<(), Error> {
    if record.len() > MAX_TABLE_COLUMNS {
        return Err(limit(Limit::TableSize));
    }
    *cells += record.len();
    if *cells > MAX_GRID_POSITIONS {
        return Err(limit(Limit::TableSize));
    }
    if record.iter().any(|c| !c.trim().is_empty()) {
        rows.push(SheetRow {
            number,
            cells: record,
        });
    }
    Ok(())
}

/// The text and the name of its encoding: a BOM first, then UTF-8 if valid, else GBK (whose
/// decoder reads GB18030, a superset).
fn decode(bytes: &[u8]) -> Result<(String, &'static str), Error> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(undecodable(enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(undecodable("GBK"));
    }
    Ok((text.into_owned(), "GBK"))
}

fn undecodable(encoding: &str) -> Error {
    Error::new(ErrorKind::Damaged {
        format: "CSV",
        detail: format!("not valid {encoding} text (nor UTF-8 or GBK)"),
    })
}

/// A comma unless the first line has tabs and no comma outside quotes (Excel's 文本文件).
fn delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let (mut commas, mut tabs) = (0, 0);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > 0 && commas == 0 { '\t' } else { ',' }
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

fn limit(limit: Limit) -> Error {
    Error::new(ErrorKind::Limit { limit })
}

fn damaged(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Damaged {
        format: "XLSX",
        detail: detail.into(),
    })
}

/// The archive, read part by part with every inflated byte counted.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    names: HashMap<String, usize>,
    inflated: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, Error> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(limit(Limit::ZipEntries {
                count: archive.len(),
            }));
        }
        let mut names = HashMap::new();
        for i in 0..archive.len() {
            if let Some(Ok(name)) = archive.name_for_index(i) {
                names.insert(name.trim_start_matches('/').to_ascii_lowercase(), i);
            }
        }
        Ok(Package {
            archive,
            names,
            inflated: 0,
        })
    }

    fn read(&mut self, part: &str) -> Result<Option<String>, Error> {
        let Some(&index) = self
            .names
            .get(&part.trim_start_matches('/').to_ascii_lowercase())
        else {
            return Ok(None);
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| damaged(format!("{part}: {e}")))?;
        let mut buf = Vec::new();
        entry
            .take(MAX_PART_SIZE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| damaged(format!("{part}: {e}")))?;
        if buf.len() as u64 > MAX_PART_SIZE {
            return Err(limit(Limit::PartSize {
                part: part.to_string(),
            }));
        }
        self.inflated += buf.len() as u64;
        if self.inflated > MAX_INFLATED_TOTAL {
            return Err(limit(Limit::InflatedTotal));
        }
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| damaged(format!("{part} is not UTF-8")))
    }
}

fn xlsx(bytes: &[u8]) -> Result<Sheet, Error> {
    let mut package = Package::open(bytes)?;
    let Some(workbook) = package.read("xl/workbook.xml")? else {
        let format = if package.names.contains_key("word/document.xml") {
            "DOCX"
        } else {
            "ZIP"
        };
        return Err(Error::new(ErrorKind::NotDocx { format }));
    };
    let (sheet_name, rel_id, date1904) = first_sheet(&workbook)?;
    let rels = package
        .read("xl/_rels/workbook.xml.rels")?
        .ok_or_else(|| damaged("missing xl/_rels/workbook.xml.rels"))?;
    let target = relationship_target(&rels, &rel_id)?
        .ok_or_else(|| damaged(format!("no relationship {rel_id} for the first sheet")))?;
    let path = if let Some(abs) = target.strip_prefix('/') {
        abs.to_string()
    } else {
        format!("xl/{target}")
    };
    let shared = match package.read("xl/sharedStrings.xml")? {
        Some(t) => shared_strings(&t)?,
        None => Vec::new(),
    };
    let dates = match package.read("xl/styles.xml")? {
        Some(t) => date_styles(&t)?,
        None => Vec::new(),
    };
    let sheet = package
        .read(&path)?
        .ok_or_else(|| damaged(format!("missing sheet part {path}")))?;
    let rows = worksheet(&sheet, &shared, &dates, date1904)?;
    Ok(Sheet {
        format: format!("XLSX ({sheet_name})"),
        rows,
    })
}

/// Pulls events, refusing DTDs and capping depth; `None` at the end.
struct Events<'a> {
    reader: Reader<&'a [u8]>,
    part: &'static str,
    depth: usize,
}

enum Ev<'a> {
    Start(BytesStart<'a>, bool),
    End,
    Text(String),
}

impl<'a> Events<'a> {
    fn new(text: &'a str, part: &'static str) -> Events<'a> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().trim_text(false);
        Events {
            reader,
            part,
            depth: 0,
        }
    }

    fn next(&mut self) -> Result<Option<Ev<'a>>, Error> {
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|e| damaged(format!("{}: {e}", self.part)))?;
            return Ok(Some(match event {
                Event::Start(s) => {
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(limit(Limit::XmlDepth {
                            part: self.part.to_string(),
                        }));
                    }
                    Ev::Start(s, false)
                }
                Event::Empty(s) => Ev::Start(s, true),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End
                }
                Event::Text(t) => Ev::Text(t.xml10_content().into_owned()),
                Event::CData(t) => Ev::Text(t.into_inner().into_owned()),
                Event::GeneralRef(r) => {
                    let text = if r.is_char_ref() {
                        r.resolve_char_ref().ok().flatten().map(String::from)
                    } else {
                        let name: &str = &r;
                        Some(
                            match name {
                                "amp" => "&",
                                "lt" => "<",
                                "gt" => ">",
                                "quot" => "\"",
                                "apos" => "'",
                                other => return Ok(Some(Ev::Text(format!("&{other};")))),
                            }
                            .to_string(),
                        )
                    };
                    match text {
                        Some(t) => Ev::Text(t),
                        None => continue,
                    }
                }
                Event::DocType(_) => {
                    return Err(limit(Limit::XmlDoctype {
                        part: self.part.to_string(),
                    }));
                }
                Event::Eof => return Ok(None),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            }));
        }
    }
}

fn local(s: &BytesStart<'_>) -> String {
    s.local_name().into_inner().to_string()
}

fn attr(s: &BytesStart<'_>, name: &str) -> Option<String> {
    s.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .map(|a| a.value.into_owned())
}

/// The first sheet's name and relationship id, and whether dates count from 1904.
fn first_sheet(workbook: &str) -> Result<(String, String, bool), Error> {
    let mut ev = Events::new(workbook, "xl/workbook.xml");
    let mut date1904 = false;
    while let Some(e) = ev.next()? {
        if let Ev::Start(s, _) = e {
            match local(&s).as_str() {
                "workbookPr" => {
                    date1904 = matches!(attr(&s, "date1904").as_deref(), Some("1" | "true"));
                }
                "sheet" => {
                    let name = attr(&s, "name").unwrap_or_default();
                    let id = attr(&s, "id").ok_or_else(|| damaged("a sheet without r:id"))?;
                    return Ok((name, id, date1904));
                }
                _ => {}
            }
        }
    }
    Err(damaged("the workbook lists no sheet"))
}

fn relationship_target(rels: &str, id: &str) -> Result<Option<String>, Error> {
    let mut ev = Events::new(rels, "xl/_rels/workbook.xml.rels");
    while let Some(e) = ev.next()? {
        if let Ev::Start(s, _) = e
            && local(&s) == "Relationship"
            && attr(&s, "Id").as_deref() == Some(id)
        {
            return Ok(attr(&s, "Target"));
        }
    }
    Ok(None)
}

/// The shared strings, each the concatenation of its `t` elements (runs included, phonetic
/// runs `rPh` left out).
fn shared_strings(text: &str) -> Result<Vec<String>, Error> {
    let mut ev = Events::new(text, "xl/sharedStrings.xml");
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    while let Some(e) = ev.next()? {
        match e {
            Ev::Start(s, empty) => {
                let name = local(&s);
                if name == "si" {
                    out.push(String::new());
                }
                if !empty {
                    stack.push(name);
                }
            }
            Ev::End => {
                stack.pop();
            }
            Ev::Text(t) => {
                let in_text = stack.last().is_some_and(|n| n == "t");
                let phonetic = stack.iter().any(|n| n == "rPh");
                if in_text
                    && !phonetic
                    && let Some(s) = out.last_mut()
                {
                    s.push_str(&t);
                }
            }
        }
    }
    Ok(out)
}

/// For each cell format (`cellXfs` index), whether it shows a date.
fn date_styles(text: &str) -> Result<Vec<bool>, Error> {
    let mut ev = Events::new(text, "xl/styles.xml");
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    while let Some(e) = ev.next()? {
        match e {
            Ev::Start(s, empty) => {
                let name = local(&s);
                match name.as_str() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) =
                            (attr(&s, "numFmtId"), attr(&s, "formatCode"))
                            && let Ok(id) = id.parse()
                        {
                            custom.insert(id, is_date_format(&code));
                        }
                    }
                    "xf" if stack.last().is_some_and(|p| p == "cellXfs") => {
                        let id: u32 = attr(&s, "numFmtId")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                        out.push(custom.get(&id).copied().unwrap_or_else(|| builtin_date(id)));
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Ev::End => {
                stack.pop();
            }
            Ev::Text(_) => {}
        }
    }
    Ok(out)
}

/// Built-in number formats that show a date (ECMA-376 18.8.30, and the CJK ones Excel and WPS
/// use in Chinese locales: 27–36, 50–58).
fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=17 | 22 | 27..=36 | 50..=58)
}

/// Whether a custom format shows a date: it has y, m (outside a time) or d outside quotes,
/// brackets and escapes.
fn is_date_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'y' | 'Y' | 'd' | 'D' | '年' | '日' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// The worksheet's rows: cells placed by their reference, gaps filled with "".
fn worksheet(
    text: &str,
    shared: &[String],
    dates: &[bool],
    date1904: bool,
) -> Result<Vec<SheetRow>, Error> {
    let mut ev = Events::new(text, "worksheet");
    let mut rows: Vec<SheetRow> = Vec::new();
    let mut total = 0usize;
    let mut row_number = 0u32;
    let mut row: Vec<String> = Vec::new();
    let mut next_col = 0usize;
    // The cell being read: column, type, style, its value text.
    let mut cell: Option<(usize, String, usize, String)> = None;
    let mut in_value = false;
    let mut in_row = false;
    let mut stack: Vec<String> = Vec::new();
    while let Some(e) = ev.next()? {
        match e {
            Ev::Start(s, empty) => {
                let name = local(&s);
                match name.as_str() {
                    "row" => {
                        row_number = attr(&s, "r")
                            .and_then(|r| r.parse().ok())
                            .unwrap_or(row_number + 1);
                        row.clear();
                        next_col = 0;
                        in_row = !empty;
                        if empty {
                            continue;
                        }
                    }
                    "c" if in_row => {
                        let col = attr(&s, "r")
                            .and_then(|r| column_of(&r))
                            .unwrap_or(next_col);
                        if col >= MAX_TABLE_COLUMNS {
                            return Err(limit(Limit::TableSize));
                        }
                        next_col = col + 1;
                        let kind = attr(&s, "t").unwrap_or_default();
                        let style = attr(&s, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                        if empty {
                            place(&mut row, col, String::new());
                            continue;
                        }
                        cell = Some((col, kind, style, String::new()));
                    }
                    "v" | "t" if cell.is_some() => in_value = !empty,
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Ev::End => {
                let name = stack.pop().unwrap_or_default();
                match name.as_str() {
                    "v" | "t" => in_value = false,
                    "c" => {
                        if let Some((col, kind, style, raw)) = cell.take() {
                            let value = cell_text(&kind, &raw, style, shared, dates, date1904);
                            place(&mut row, col, value);
                        }
                    }
                    "row" => {
                        in_row = false;
                        total += row.len();
                        if total > MAX_GRID_POSITIONS {
                            return Err(limit(Limit::TableSize));
                        }
                        if row.iter().any(|c| !c.trim().is_empty()) {
                            rows.push(SheetRow {
                                number: row_number,
                                cells: std::mem::take(&mut row),
                            });
                        }
                    }
                    _ => {}
                }
            }
            Ev::Text(t) => {
                if in_value && let Some(c) = cell.as_mut() {
                    c.3.push_str(&t);
                }
            }
        }
    }
    Ok(rows)
}

fn place(row: &mut Vec<String>, col: usize, value: String) {
    if row.len() <= col {
        row.resize(col + 1, String::new());
    }
    row[col] = value;
}

/// `C12` → column 2 (0-based).
fn column_of(reference: &str) -> Option<usize> {
    let letters: Vec<u8> = reference
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic())
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for b in letters {
        n = n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    Some(n - 1)
}

fn cell_text(
    kind: &str,
    raw: &str,
    style: usize,
    shared: &[String],
    dates: &[bool],
    date1904: bool,
) -> String {
    match kind {
        "s" => raw
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i).cloned())
            .unwrap_or_default(),
        "str" | "inlineStr" | "e" => raw.to_string(),
        "b" => if raw.trim() == "1" { "TRUE" } else { "FALSE" }.to_string(),
        _ if dates.get(style).copied().unwrap_or(false) => {
            serial_date(raw.trim(), date1904).unwrap_or_else(|| raw.to_string())
        }
        _ => raw.trim().to_string(),
    }
}

/// An Excel date serial as `YYYY-MM-DD` (the time of day dropped). The 1900 system counts
/// 1900-02-29, which never was: serials from 61 on are one day ahead.
fn serial_date(raw: &str, date1904: bool) -> Option<String> {
    let serial: f64 = raw.parse().ok()?;
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    // Days since 1970-01-01 of serial 0 (1899-12-31, or 1904-01-01 in the 1904 system).
    let epoch_offset = if date1904 {
        -24_107
    } else if days >= 61 {
        -25_569
    } else {
        -25_568
    };
    let (y, m, d) = civil(days + epoch_offset);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Howard Hinnant's `civil_from_days`.
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(sheet: &Sheet) -> Vec<(u32, Vec<&str>)> {
        sheet
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn csv_as_excel_writes_it() {
        let text = "编号,申请内容,收到日期\r\n1,\"关于\"\"某项目\"\"的批复，\r\n及附件\",2024/3/5\r\n,,\r\n2,普通,2024年3月6日";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for (bytes, enc) in [
            (gbk.to_vec(), "CSV (GBK)"),
            (
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                "CSV (UTF-8)",
            ),
        ] {
            let sheet = read_sheet(&bytes).unwrap();
            assert_eq!(sheet.format, enc);
            assert_eq!(
                cells(&sheet),
                [
                    (1, vec!["编号", "申请内容", "收到日期"]),
                    (2, vec!["1", "关于\"某项目\"的批复，\r\n及附件", "2024/3/5"]),
                    (4, vec!["2", "普通", "2024年3月6日"]),
                ]
            );
        }
        let tabs = read_sheet("a\t\"b,c\"\n1\t2".as_bytes()).unwrap();
        assert_eq!(cells(&tabs), [(1, vec!["a", "b,c"]), (2, vec!["1", "2"])]);
        let open = read_sheet(b"a,\"b\n").unwrap_err();
        assert!(matches!(
            open.kind,
            ErrorKind::Damaged { format: "CSV", .. }
        ));
    }

    #[test]
    fn dates_from_serials_and_formats() {
        assert_eq!(serial_date("45356", false).as_deref(), Some("2024-03-05"));
        assert_eq!(serial_date("1", false).as_deref(), Some("1900-01-01"));
        assert_eq!(serial_date("59", false).as_deref(), Some("1900-02-28"));
        assert_eq!(serial_date("61", false).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_date("43894", true).as_deref(), Some("2024-03-05"));
        assert_eq!(
            serial_date("45356.75", false).as_deref(),
            Some("2024-03-05")
        );
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(is_date_format("yyyy/m/d;@"));
        assert!(!is_date_format("0.00_);[Red]\\(0.00\\)"));
        assert!(!is_date_format("\"d\"0"));
        assert!(builtin_date(14) && !builtin_date(2));
        assert_eq!(column_of("C12"), Some(2));
        assert_eq!(column_of("AA1"), Some(26));
    }

    /// A minimal XLSX as Excel lays it out: a workbook naming its first sheet, shared strings
    /// (one with rich-text runs and a phonetic run), a custom date format, gaps between cells.
    fn xlsx_bytes() -> Vec<u8> {
        use std::io::Write;
        let parts = [
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="台账" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Target="worksheets/sheet2.xml" Type="x"/><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>"#,
            ),
            (
                "xl/sharedStrings.xml",
                r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>编号</t></si><si><t>收到日期</t></si><si><r><t>关于</t></r><r><rPr><b/></rPr><t xml:space="preserve">某 &amp; 项目</t></r><rPh><t>かな</t></rPh></si><si/></sst>"#,
            ),
            (
                "xl/styles.xml",
                r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"><alignment horizontal="center"/></xf><xf numFmtId="14"/></cellXfs></styleSheet>"#,
            ),
            (
                "xl/worksheets/sheet1.xml",
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="3"><c r="A3"><v>7</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" s="1"><v>45356</v></c><c r="D3" s="2"><v>45357</v></c><c r="E3" t="inlineStr"><is><t>是</t></is></c><c r="F3" t="s"><v>3</v></c></row><row r="4"/></sheetData></worksheet>"#,
            ),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn the_first_worksheet_of_an_xlsx() {
        let sheet = read_sheet(&xlsx_bytes()).unwrap();
        assert_eq!(sheet.format, "XLSX (台账)");
        assert_eq!(
            cells(&sheet),
            [
                (1, vec!["编号", "", "收到日期"]),
                (
                    3,
                    vec!["7", "关于某 & 项目", "2024-03-05", "2024-03-06", "是", ""]
                ),
            ]
        );
    }

    #[test]
    fn hostile_or_foreign_files_are_refused() {
        let mut docx = xlsx_bytes();
        docx.truncate(docx.len() / 2);
        assert!(matches!(
            read_sheet(&docx).unwrap_err().kind,
            ErrorKind::Damaged { .. }
        ));
        let ole = [crate::ole::MAGIC, &[0u8; 512]].concat();
        assert!(matches!(
            read_sheet(&ole).unwrap_err().kind,
            ErrorKind::LegacyOffice { .. }
        ));
        let (invalid, _, _) = encoding_rs::UTF_16LE.encode("a");
        assert!(read_sheet(&[0xFF, 0xFE, invalid[0]]).is_err());
        let wide = ",".repeat(MAX_TABLE_COLUMNS + 1).into_bytes();
        assert!(matches!(
            read_sheet(&wide).unwrap_err().kind,
            ErrorKind::Limit {
                limit: Limit::TableSize
            }
        ));
    }
}
