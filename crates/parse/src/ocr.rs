//! Numbers read by OCR with a low confidence: each becomes an `ocr-uncertain-value` finding at
//! its cell, with the page, box and confidence the reader recorded (`Origin::OcrBox`), so that
//! a misread digit is checked against the scan rather than trusted. And numbers of a scan that
//! could not be placed for sure — a row that prints fewer or more numbers than its columns, a
//! table 四 whose fifteen cells were taken in order — are not printed as if read: on a scan a
//! lost or doubled cell is the recogniser's doing, so every cell of such a row is unresolved,
//! and one finding names each cell at its span.

use gongkai_model::source::OCR_CONFIDENT;
use gongkai_model::{
    Cell, Code, Diagnostic, Label, Origin, Report, Severity, Source, Span, Text, Value,
};

/// The page of a scan at `at`.
fn page(source: &Source, at: u32) -> u32 {
    match source.origin(at as usize) {
        Some(Origin::OcrBox { page, .. }) => page,
        _ => 0,
    }
}

/// On a scan, the rows whose numbers could not be placed in their columns for sure (the
/// findings `diags` already holds say which: short rows of tables 二 and 三, rows of table 三
/// placed on no evidence, a table 四 of more or fewer than fifteen numbers) lose their values:
/// each cell becomes [`Value::Unresolved`] (printed empty, used by no identity), and a finding
/// names every such cell at its span. Rows read from a text layer are left as they are.
pub fn unplaced_cells(
    source: &Source,
    report: &mut Report,
    diags: &[Diagnostic],
) -> Vec<Diagnostic> {
    if !source.has_recognised_text() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(table) = report.requests.as_mut() {
        for row in table.rows.iter_mut().filter(|r| r.uncertain) {
            let at = row.cells.iter().map(|c| c.span.start).min().unwrap_or(0);
            if source.is_recognised_at(at as usize) {
                out.extend(unplace(
                    source,
                    &mut row.cells,
                    "表三",
                    "table 三",
                    row.row.spec().label,
                ));
            }
        }
    }
    if let Some(table) = report.active.as_mut() {
        for row in table.rows.iter_mut() {
            let short = diags
                .iter()
                .any(|d| d.code == Code::ShortRow && d.primary.span == row.label);
            let at = row.cells.iter().map(|c| c.span.start).min().unwrap_or(0);
            if short && source.is_recognised_at(at as usize) {
                let name = source
                    .text
                    .get(row.label.start as usize..row.label.end as usize)
                    .unwrap_or("")
                    .trim();
                out.extend(unplace(source, &mut row.cells, "表二", "table 二", name));
            }
        }
    }
    if let Some(table) = report.reviews.as_mut() {
        let miscounted = diags
            .iter()
            .any(|d| d.code == Code::ReviewCellCount && d.primary.span == table.span);
        if miscounted && source.is_recognised_at(table.span.start as usize) {
            out.extend(unplace(
                source,
                &mut table.cells,
                "表四",
                "table 四",
                "复议诉讼",
            ));
        }
    }
    out
}

/// The cells of one unplaced row made unresolved, and the finding that names them; none when
/// the row holds no value.
fn unplace(
    source: &Source,
    cells: &mut [Cell],
    table: &str,
    table_en: &str,
    name: &str,
) -> Option<Diagnostic> {
    let read: Vec<Span> = cells
        .iter()
        .filter(|c| !matches!(c.value, Value::Blank | Value::Missing | Value::Unresolved))
        .map(|c| c.span)
        .collect();
    if read.is_empty() {
        return None;
    }
    for c in cells.iter_mut() {
        c.value = Value::Unresolved;
    }
    let page = page(source, read[0].start);
    let mut d = Diagnostic::new(
        Code::OcrUncertainValue,
        Severity::Warning,
        Text::new(
            format!(
                "扫描件第 {page} 页{table}“{name}”一行识别出的数字与表格的列对不上（漏认或多认了单元格），这一行的 {} 个单元格不作为已读出的值，请对照原件核对",
                cells.len()
            ),
            format!(
                "scanned page {page}, {table_en} row “{name}”: the numbers recognised do not line up with the columns (a cell lost or doubled); its {} cells are not taken as read; check them against the scan",
                cells.len()
            ),
        ),
        Label::new(read[0], Text::new("未能确定所在列", "column not sure")),
    );
    for c in cells.iter().skip(1).filter(|c| c.span != read[0]) {
        d = d.with_secondary(Label::new(c.span, Text::new("未能确定", "not sure")));
    }
    Some(d.with_help(Text::new(
        "对照扫描件逐格核对这一行；若扫描件本身不清楚，请向发布机关索取原件",
        "check this row cell by cell against the scan; if the scan itself is unclear, ask the publishing body for the original",
    )))
}

/// The findings for the numeric cells of `report` whose text `source` read with a confidence
/// below [`OCR_CONFIDENT`].
pub fn uncertain_readings(source: &Source, report: &Report) -> Vec<Diagnostic> {
    if !source.has_recognised_text() {
        return Vec::new();
    }
    let active = report
        .active
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()));
    let requests = report
        .requests
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()));
    let reviews = report.reviews.iter().flat_map(|t| t.cells.iter());
    active
        .chain(requests)
        .chain(reviews)
        .filter_map(|cell| finding(source, cell))
        .collect()
}

fn finding(source: &Source, cell: &Cell) -> Option<Diagnostic> {
    if !matches!(cell.value, Value::Count(_) | Value::Amount { .. }) {
        return None;
    }
    let Some(Origin::OcrBox {
        page, confidence, ..
    }) = source.origin(cell.span.start as usize)
    else {
        return None;
    };
    if confidence >= OCR_CONFIDENT {
        return None;
    }
    let printed = source
        .text
        .get(cell.span.start as usize..cell.span.end as usize)
        .unwrap_or("");
    Some(
        Diagnostic::new(
            gongkai_model::Code::OcrUncertainValue,
            Severity::Warning,
            Text::new(
                format!("扫描件第 {page} 页识别出的数字“{printed}”置信度低（{confidence}%），请对照原件核对"),
                format!("the number “{printed}” recognised on scanned page {page} has a low confidence ({confidence}%); check it against the scan"),
            ),
            Label::new(
                cell.span,
                Text::new(
                    format!("识别置信度 {confidence}%"),
                    format!("recognition confidence {confidence}%"),
                ),
            ),
        )
        .with_help(Text::new(
            "对照扫描件核对这个数字；若扫描件本身不清楚，请向发布机关索取原件",
            "compare the number with the scan; if the scan itself is unclear, ask the publishing body for the original",
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::SourceId;
    use gongkai_model::labels::RequestRow;

    /// The tabbed example with the carried-over row printing six numbers (one cell lost).
    fn short_row_text() -> String {
        include_str!("../../../examples/2021-tabbed.txt").replace(
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t0\t1\t2\t7",
            "二、上年结转政府信息公开申请数量\t2\t2\t0\t1\t2\t7",
        )
    }

    fn scan(text: &str) -> Source {
        Source::recognised_text("scan.png", text, 3, 96)
    }

    #[test]
    fn a_short_row_of_a_scan_is_not_read_and_each_cell_is_named() {
        let text = short_row_text();
        assert_ne!(text, include_str!("../../../examples/2021-tabbed.txt"));
        let (report, diags) = crate::parse(&scan(&text), SourceId(0));
        let row = report
            .requests
            .as_ref()
            .and_then(|t| t.row(RequestRow::CarriedOver))
            .unwrap();
        assert!(row.cells.iter().all(|c| c.value == Value::Unresolved));
        let d = diags
            .iter()
            .find(|d| d.code == Code::OcrUncertainValue)
            .expect("a finding");
        assert!(d.message.zh.contains("第 3 页"), "{}", d.message.zh);
        let named: Vec<Span> = std::iter::once(&d.primary)
            .chain(&d.secondary)
            .map(|l| l.span)
            .collect();
        assert!(row.cells.iter().all(|c| named.contains(&c.span)));
        // The row before it keeps its numbers.
        let received = report
            .requests
            .as_ref()
            .and_then(|t| t.row(RequestRow::Received))
            .unwrap();
        assert_eq!(received.cells[0].value, Value::Count(13));
    }

    #[test]
    fn a_short_row_of_a_text_layer_keeps_its_numbers() {
        let (report, diags) =
            crate::parse(&Source::from_text("a.txt", &short_row_text()), SourceId(0));
        let row = report
            .requests
            .as_ref()
            .and_then(|t| t.row(RequestRow::CarriedOver))
            .unwrap();
        assert!(row.uncertain);
        assert_eq!(row.cells[0].value, Value::Count(2));
        assert!(diags.iter().all(|d| d.code != Code::OcrUncertainValue));
    }
}
