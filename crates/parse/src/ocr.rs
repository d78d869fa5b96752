//! Numbers read by OCR with a low confidence: each becomes an `ocr-uncertain-value` finding at
//! its cell, with the page, box and confidence the reader recorded (`Origin::OcrBox`), so that
//! a misread digit is checked against the scan rather than trusted.

use gongkai_model::source::OCR_CONFIDENT;
use gongkai_model::{Cell, Diagnostic, Label, Origin, Report, Severity, Source, Text, Value};

/// The findings for the numeric cells of `report` whose text `source` read with a confidence
/// below [`OCR_CONFIDENT`].
pub fn uncertain_readings(source: &Source, report: &Report) -> Vec<Diagnostic> {
    if !source
        .origins
        .iter()
        .any(|m| matches!(m.origin, Origin::OcrBox { .. }))
    {
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
