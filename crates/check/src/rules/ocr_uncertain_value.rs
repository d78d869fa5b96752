//! F004 `ocr-uncertain-value`: a number read from a scan with a low confidence.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule. The parser finds these on a source read by OCR (each number's confidence is in its
/// `Origin::OcrBox`); the rule passes them on.
pub const RULE: Rule = Rule {
    code: Code::OcrUncertainValue,
    short: "F004",
    severity: Severity::Warning,
    summary: (
        "扫描件中识别出的数字置信度低，须对照原件核对",
        "a number recognised in a scan has a low confidence: check it against the scan",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::OcrUncertainValue],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
扫描件（图片文件、没有文字层的 PDF 或 OFD 页面）经文字识别（OCR）读出的数字，识别置信度低于 80% 的，
逐格报告：页码、单元格位置和置信度。扫描件中数字个数与列数对不上的行（漏认或多认了单元格）整行不作为
已读出的值，也逐格报告。

## 为什么重要
识别错一个数字，勾稽关系和汇总就会出错；而且错得“像真的一样”。置信度低的数字不能当作已读准，
必须对照原件核对。

## 算式
识别置信度 < 80%。

## 错误示例
第 2 页表三“（一）予以公开 · 自然人”识别为“8”，置信度 41%（原件为“3”）。

## 正确示例
以文字层发布的 PDF 或 DOCX：数字原样读出，不需要识别。

## 不检查什么
置信度高但仍然识别错的数字由勾稽关系发现（见 request-flow-mismatch 等）；识别为空白的单元格见 blank-cell。
";

const DOC_EN: &str = "\
## What it checks
Numbers read by OCR from a scan (an image file, a PDF or OFD page without a text layer) whose recognition
confidence is below 80 %, each with its page, cell and confidence. A row of a scan whose numbers do
not line up with its columns (a cell lost or doubled) is not taken as read, and its cells are named too.

## Why it matters
One misread digit breaks the identities and the roll-ups, and it looks like a real number. A number read
with low confidence must not be taken as read: it has to be checked against the scan.

## Arithmetic
recognition confidence < 80 %.

## Invalid example
On page 2, table 三's （一）予以公开 · 自然人 is read as 8 with a confidence of 41 % (the scan shows 3).

## Valid example
A PDF with a text layer, or a DOCX: the numbers are read as they are, no recognition needed.

## What it does not check
Numbers misread with a high confidence are caught by the identities (request-flow-mismatch and the
others); cells recognised as blank are blank-cell's.
";

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::Source;

    /// The baseline report as if every character had been recognised with `confidence`.
    fn scanned(confidence: u8) -> Source {
        Source::recognised_text("scan.png", super::super::support::BASELINE, 1, confidence)
    }

    fn run_source(source: &Source) -> Vec<gongkai_model::Diagnostic> {
        let (report, diags) = gongkai_parse::parse(source, gongkai_model::SourceId(0));
        let identities = gongkai_model::check_identities(&report);
        let ctx = crate::Context {
            report: &report,
            text: &source.text,
            parse_diagnostics: &diags,
            identities: &identities,
            previous: None,
        };
        crate::run(&RULE, &ctx)
    }

    #[test]
    fn fires_on_every_number_read_with_low_confidence() {
        let found = run_source(&scanned(41));
        assert!(found.len() > 100, "{}", found.len());
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
        assert!(
            found[0].message.zh.contains("41%"),
            "{}",
            found[0].message.zh
        );
    }

    #[test]
    fn silent_when_confident_or_not_scanned() {
        assert!(run_source(&scanned(95)).is_empty());
        let text = Source::from_text("a.txt", super::super::support::BASELINE);
        assert!(run_source(&text).is_empty());
    }
}
