//! Reading an authoring file back into a [`Report`] whose spans point into the TOML text: a
//! syntax error is an error, anything else a diagnostic beside what could be read.

use std::ops::Range;

use gongkai_model::labels::{
    Applicant, REVIEW_COLUMNS, ReviewGroup, SectionKind, Template, active_rows, request_rows,
};
use gongkai_model::{
    ActiveRowData, ActiveTable, Cell, Code, Date, Decimal, Diagnostic, Label, Meta, Report,
    RequestRowData, RequestTable, ReviewTable, Section, Severity, SourceId, Span, Spanned, Text,
    Unit, Value,
};
use toml::de::{DeTable, DeValue};

use crate::SyntaxError;
use crate::write::section_key;

/// Reads an authoring file. A TOML syntax error is an error; everything else (an unknown key, a
/// value that is not a number, a missing cell) becomes a diagnostic and the report is built
/// from what could be read.
pub fn parse(text: &str, source: SourceId) -> Result<(Report, Vec<Diagnostic>), SyntaxError> {
    let root = DeTable::parse(text).map_err(|e| SyntaxError {
        message: e.message().trim().to_string(),
        span: e.span(),
    })?;
    let mut r = Reader {
        source,
        diags: Vec::new(),
    };
    let root_span = r.span(root.span());
    let root = root.get_ref();
    for (key, _) in root.iter() {
        if !matches!(key.get_ref().as_ref(), "meta" | "sections" | "cells") {
            r.note(
                Code::AuthoringUnknownKey,
                r.span(key.span()),
                format!("未知的表 [{}]，已忽略", key.get_ref()),
                format!("unknown table [{}], ignored", key.get_ref()),
            );
        }
    }
    let meta_table = r.table(root, "meta", root_span);
    let (meta, template) = r.meta(meta_table, root_span);
    let section_table = r.table(root, "sections", root_span);
    let sections = r.sections(section_table);
    let cells = match root.get("cells") {
        Some(v) => {
            let mut flat = Vec::new();
            flatten(v, "", &mut flat);
            flat
        }
        None => {
            r.note(
                Code::AuthoringMissingTable,
                root_span,
                "填报文件缺少 [cells] 表：三张统计表无法生成",
                "the authoring file has no [cells] table: the three tables cannot be written",
            );
            Vec::new()
        }
    };
    let cells_span = root.get("cells").map_or(root_span, |v| r.span(v.span()));
    let mut used = vec![false; cells.len()];
    let active = r.active(&cells, &mut used, template, cells_span);
    let requests = r.requests(&cells, &mut used, template, cells_span);
    let reviews = r.reviews(&cells, &mut used, cells_span);
    for ((key, key_span, _), used) in cells.iter().zip(&used) {
        if !used {
            r.note(
                Code::AuthoringUnknownKey,
                r.span(key_span.clone()),
                format!(
                    "{} 模板没有单元格 {key}（键名见 spec/cells.md）",
                    template.code()
                ),
                format!(
                    "the {} template has no cell {key} (see spec/cells.md)",
                    template.code()
                ),
            );
        }
    }
    let report = Report {
        source,
        meta,
        template: Some(template),
        sections,
        active,
        requests,
        reviews,
    };
    Ok((report, r.diags))
}

/// A cell found in `[cells]`: its dotted key, the key's span and the value.
type Found<'a> = (String, Range<usize>, &'a toml::Spanned<DeValue<'a>>);

/// Flattens nested tables into dotted keys, so `"active.rules.made" = 1` and
/// `active.rules.made = 1` (or `[cells.active.rules]`) name the same cell.
fn flatten<'a>(value: &'a toml::Spanned<DeValue<'a>>, prefix: &str, out: &mut Vec<Found<'a>>) {
    let DeValue::Table(t) = value.get_ref() else {
        return;
    };
    for (k, v) in t.iter() {
        let key = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        match v.get_ref() {
            DeValue::Table(_) => flatten(v, &key, out),
            _ => out.push((key, k.span(), v)),
        }
    }
}

struct Reader {
    source: SourceId,
    diags: Vec<Diagnostic>,
}

impl Reader {
    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.source, r.start, r.end)
    }

    /// A reading problem. Its level is the one its rule gives it (a missing cell is taken as
    /// not filled in; anything that loses or cannot place what the file says is an error); the
    /// rule set passes it on.
    fn note(&mut self, code: Code, span: Span, zh: impl Into<String>, en: impl Into<String>) {
        let (zh, en) = (zh.into(), en.into());
        let severity = match code {
            Code::AuthoringMissingKey => Severity::Warning,
            _ => Severity::Error,
        };
        let label = Label::new(span, Text::new(zh.clone(), en.clone()));
        self.diags
            .push(Diagnostic::new(code, severity, Text::new(zh, en), label));
    }

    fn table<'a>(
        &mut self,
        root: &'a DeTable<'a>,
        name: &str,
        at: Span,
    ) -> Option<&'a DeTable<'a>> {
        match root.get(name).map(|v| v.get_ref()) {
            Some(DeValue::Table(t)) => Some(t),
            Some(_) => {
                self.note(
                    Code::AuthoringBadValue,
                    at,
                    format!("{name} 应为一个表 [{name}]"),
                    format!("{name} must be a table [{name}]"),
                );
                None
            }
            None => None,
        }
    }

    fn meta(&mut self, t: Option<&DeTable<'_>>, at: Span) -> (Meta, Template) {
        let mut meta = Meta::default();
        let get = |k: &str| t.and_then(|t| t.get(k));
        let text = |v: &toml::Spanned<DeValue<'_>>| match v.get_ref() {
            DeValue::String(s) => Some(s.trim().to_string()),
            DeValue::Integer(i) => Some(i.as_str().to_string()),
            _ => None,
        };
        if let Some(v) = get("agency")
            && let Some(s) = text(v).filter(|s| !s.is_empty())
        {
            meta.agency = Some(Spanned::new(s, self.span(v.span())));
        }
        if let Some(v) = get("title")
            && let Some(s) = text(v).filter(|s| !s.is_empty())
        {
            meta.title = Some(Spanned::new(s, self.span(v.span())));
        }
        if let Some(v) = get("year") {
            match text(v).as_deref().map(|s| (s, s.parse::<i32>())) {
                Some(("", _)) => {}
                Some((_, Ok(y))) if (1990..=2100).contains(&y) => {
                    meta.year = Some(Spanned::new(y, self.span(v.span())));
                }
                _ => self.note(
                    Code::AuthoringBadValue,
                    self.span(v.span()),
                    "year 应为报告年度，如 2024",
                    "year must be the year reported on, e.g. 2024",
                ),
            }
        }
        if let Some(v) = get("published") {
            let date = match v.get_ref() {
                DeValue::Datetime(dt) => dt.date.map(|d| (d.year as i32, d.month, d.day)),
                DeValue::String(s) => parse_date(s.trim()),
                _ => None,
            };
            match date.and_then(|(y, m, d)| Date::new(y, u32::from(m), u32::from(d))) {
                Some(d) => meta.published = Some(Spanned::new(d, self.span(v.span()))),
                None if text(v).is_some_and(|s| s.is_empty()) => {}
                None => self.note(
                    Code::AuthoringBadValue,
                    self.span(v.span()),
                    "published 应为落款日期 YYYY-MM-DD，如 2025-01-20",
                    "published must be the date signed, YYYY-MM-DD, e.g. 2025-01-20",
                ),
            }
        }
        let by_year = match meta.year.as_ref().map(|y| y.value) {
            Some(y) if y < 2021 => Template::Y2019,
            _ => Template::Y2021,
        };
        let template = match get("template") {
            Some(v) => match text(v).as_deref() {
                Some("2019") => Template::Y2019,
                Some("2021") => Template::Y2021,
                _ => {
                    self.note(
                        Code::AuthoringBadValue,
                        self.span(v.span()),
                        "template 应为 \"2021\" 或 \"2019\"",
                        "template must be \"2021\" or \"2019\"",
                    );
                    by_year
                }
            },
            None => {
                self.note(
                    Code::AuthoringMissingKey,
                    at,
                    format!("[meta] 未写 template，按年度用 {} 模板", by_year.code()),
                    format!(
                        "[meta] has no template; using the {} template by the year",
                        by_year.code()
                    ),
                );
                by_year
            }
        };
        (meta, template)
    }

    fn sections(&mut self, t: Option<&DeTable<'_>>) -> Vec<Section> {
        let Some(t) = t else { return Vec::new() };
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let name = k.get_ref().as_ref();
            let Some(kind) = SectionKind::ALL
                .into_iter()
                .find(|&s| section_key(s) == name)
            else {
                self.note(
                Code::AuthoringUnknownKey,
                    self.span(k.span()),
                    format!("[sections] 中的 {name} 不是六个部分之一（overview、active、requests、reviews、problems、other），已忽略"),
                    format!("{name} in [sections] is not one of the six sections (overview, active, requests, reviews, problems, other); ignored"),
                );
                continue;
            };
            let DeValue::String(body) = v.get_ref() else {
                self.note(
                    Code::AuthoringBadValue,
                    self.span(v.span()),
                    format!("{name} 应为文字（用 ''' 括起）"),
                    format!("{name} must be text (between ''')"),
                );
                continue;
            };
            out.push(Section {
                kind,
                heading: Spanned::new(kind.heading().to_string(), self.span(k.span())),
                body: Spanned::new(body.trim().to_string(), self.span(v.span())),
            });
        }
        out.sort_by_key(|s| s.kind);
        out
    }

    /// The cell under `key`, or `Missing` (with a warning) when the file does not have it.
    fn cell(&mut self, cells: &[Found<'_>], used: &mut [bool], key: &str, at: Span) -> Cell {
        let Some(i) = cells.iter().position(|(k, _, _)| k == key) else {
            self.note(
                Code::AuthoringMissingKey,
                at,
                format!("[cells] 缺少单元格 {key}，按未填写处理"),
                format!("[cells] has no cell {key}; taken as not filled in"),
            );
            return Cell::missing(at);
        };
        used[i] = true;
        let (_, _, v) = &cells[i];
        let span = self.span(v.span());
        let value = match cell_value(v.get_ref()) {
            Ok(value) => value,
            Err(()) => {
                self.note(
                    Code::AuthoringBadValue,
                    span,
                    format!("{key} 的值无法识别：应为数字、\"\"（空白）或 \"/\" 等记号"),
                    format!("{key}: not a number, \"\" (blank) or a mark such as \"/\""),
                );
                Value::Missing
            }
        };
        Cell { value, span }
    }

    fn active(
        &mut self,
        cells: &[Found<'_>],
        used: &mut [bool],
        template: Template,
        at: Span,
    ) -> Option<ActiveTable> {
        if !cells.iter().any(|(k, _, _)| k.starts_with("active.")) {
            return None;
        }
        let mut rows = Vec::new();
        for spec in active_rows(template) {
            let cells_of_row: Vec<Cell> = spec
                .columns
                .iter()
                .map(|(col, _, _)| {
                    self.cell(cells, used, &format!("active.{}.{col}", spec.key), at)
                })
                .collect();
            rows.push(ActiveRowData {
                row: spec.row,
                label: row_span(&cells_of_row, at),
                split: None,
                cells: cells_of_row,
            });
        }
        let amount_unit = self.amount_unit(cells, used, template);
        Some(ActiveTable {
            template,
            span: at,
            rows,
            amount_unit,
        })
    }

    /// The 2019 procurement amount's unit, stated apart from the number.
    fn amount_unit(
        &mut self,
        cells: &[Found<'_>],
        used: &mut [bool],
        template: Template,
    ) -> Option<Spanned<Unit>> {
        let key = "active.procurement.amount_unit";
        let i = cells.iter().position(|(k, _, _)| k == key)?;
        if template != Template::Y2019 {
            return None;
        }
        used[i] = true;
        let (_, _, v) = &cells[i];
        let span = self.span(v.span());
        match v.get_ref() {
            DeValue::String(s) => match s.trim() {
                "" => None,
                "万元" => Some(Spanned::new(Unit::WanYuan, span)),
                "元" => Some(Spanned::new(Unit::Yuan, span)),
                _ => {
                    self.note(
                        Code::AuthoringBadValue,
                        span,
                        format!("{key} 应为 \"万元\"、\"元\" 或 \"\""),
                        format!("{key} must be \"万元\", \"元\" or \"\""),
                    );
                    None
                }
            },
            _ => {
                self.note(
                    Code::AuthoringBadValue,
                    span,
                    format!("{key} 应为 \"万元\"、\"元\" 或 \"\""),
                    format!("{key} must be \"万元\", \"元\" or \"\""),
                );
                None
            }
        }
    }

    fn requests(
        &mut self,
        cells: &[Found<'_>],
        used: &mut [bool],
        template: Template,
        at: Span,
    ) -> Option<RequestTable> {
        if !cells.iter().any(|(k, _, _)| k.starts_with("requests.")) {
            return None;
        }
        let mut rows = Vec::new();
        for spec in request_rows(template) {
            let row: Vec<Cell> = Applicant::ALL
                .iter()
                .map(|a| {
                    let key = format!("requests.{}.{}", spec.key, a.key());
                    self.cell(cells, used, &key, at)
                })
                .collect();
            let label = row_span(&row, at);
            let Ok(cells) = <[Cell; 7]>::try_from(row) else {
                continue;
            };
            rows.push(RequestRowData {
                row: spec.row,
                label,
                cells,
                uncertain: false,
            });
        }
        Some(RequestTable { span: at, rows })
    }

    fn reviews(&mut self, cells: &[Found<'_>], used: &mut [bool], at: Span) -> Option<ReviewTable> {
        let prefixes: Vec<String> = ReviewGroup::ALL
            .iter()
            .map(|g| format!("{}.", g.key()))
            .collect();
        if !cells
            .iter()
            .any(|(k, _, _)| prefixes.iter().any(|p| k.starts_with(p.as_str())))
        {
            return None;
        }
        let mut all = Vec::new();
        for group in ReviewGroup::ALL {
            for (col, _) in REVIEW_COLUMNS {
                let key = format!("{}.{col}", group.key());
                all.push(self.cell(cells, used, &key, at));
            }
        }
        let cells = <[Cell; 15]>::try_from(all).ok()?;
        Some(ReviewTable { span: at, cells })
    }
}

/// The span covering a row's cells (the row's "label" in the model).
fn row_span(cells: &[Cell], at: Span) -> Span {
    cells
        .iter()
        .map(|c| c.span)
        .filter(|s| !s.is_empty())
        .reduce(Span::cover)
        .unwrap_or(at)
}

/// `YYYY-MM-DD`, `YYYY.M.D`, `YYYY/M/D` or `YYYY年M月D日`.
fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let parts: Vec<&str> = s
        .split(['-', '.', '/', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [y, m, d] => Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)),
        _ => None,
    }
}

/// A cell value: an integer is a count, a float an exact amount (its digits as written), a
/// string a number (with 元/万元, `+`, thousands separators), a mark, or blank when empty.
fn cell_value(v: &DeValue<'_>) -> Result<Value, ()> {
    match v {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let n = match i.radix() {
                10 => digits.parse::<i64>().map_err(|_| ())?,
                r => {
                    let body = digits.get(2..).ok_or(())?;
                    i64::from_str_radix(body, r).map_err(|_| ())?
                }
            };
            Ok(Value::Count(n))
        }
        DeValue::Float(f) => {
            let number = Decimal::parse(&f.as_str().replace('_', "")).ok_or(())?;
            Ok(Value::Amount { number, unit: None })
        }
        DeValue::String(s) => text_value(s.trim()),
        _ => Err(()),
    }
}

fn text_value(s: &str) -> Result<Value, ()> {
    if s.is_empty() {
        return Ok(Value::Blank);
    }
    let (body, unit) = if let Some(b) = s.strip_suffix(Unit::WanYuan.label()) {
        (b.trim(), Some(Unit::WanYuan))
    } else if let Some(b) = s.strip_suffix(Unit::Yuan.label()) {
        (b.trim(), Some(Unit::Yuan))
    } else {
        (s, None)
    };
    let plain: String = body
        .trim_start_matches('+')
        .chars()
        .filter(|&c| c != ',')
        .collect();
    if let Some(number) = Decimal::parse(&plain) {
        return Ok(match (unit, number.scale, body.contains('.')) {
            (None, 0, false) => match number.to_integer() {
                Some(n) => Value::Count(n),
                None => Value::Amount { number, unit },
            },
            _ => Value::Amount { number, unit },
        });
    }
    // Marks: punctuation such as `/`, `—`, `×`, `…`, or the words reports print for "none".
    let symbols = s.chars().count() <= 4 && !s.chars().any(char::is_alphanumeric);
    if symbols || matches!(s, "无" | "空" | "x" | "X") {
        return Ok(Value::Mark(s.to_string()));
    }
    Err(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values() {
        assert_eq!(text_value("+12"), Ok(Value::Count(12)));
        assert_eq!(text_value("3,985,758"), Ok(Value::Count(3985758)));
        assert_eq!(
            text_value("382.5万元"),
            Ok(Value::Amount {
                number: Decimal::parse("382.5").unwrap(),
                unit: Some(Unit::WanYuan)
            })
        );
        assert_eq!(text_value("—"), Ok(Value::Mark("—".into())));
        assert_eq!(text_value("无"), Ok(Value::Mark("无".into())));
        assert!(text_value("1 2").is_err());
        assert!(text_value("abc").is_err());
    }
}
