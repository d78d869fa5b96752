//! F001 `unreadable-file`: the file could not be read at all.

use gongkai_model::{Code, Diagnostic, Severity};

use crate::Rule;

/// The rule. Its findings come from reading, not from a report: whoever reads the file (the
/// command line, the corpus, the web server) builds them with [`finding`].
pub const RULE: Rule = Rule {
    code: Code::UnreadableFile,
    short: "F001",
    severity: Severity::Error,
    summary: (
        "文件无法读取（不是可识别的文档格式，或无法打开）",
        "the file cannot be read (no document format gongkai reads, or it cannot be opened)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
文件完全无法读取：打不开、不是 gongkai 能识别的文档格式（文本、网页、DOCX、PDF、填报文件），
是加密文档或旧版 .xls 等，或超出防护上限（解压炸弹、超大表格）。错误说明给出原因和位置。

## 为什么重要
无法读取的文件不能当作“核对通过”：汇总数百份报告时，它们必须单独列出，逐一处理。

## 算式
无。

## 错误示例
一个只有二进制数据、扩展名为 .txt 的文件；一份加密的 DOCX。

## 正确示例
同一份报告另存为 DOCX、PDF 或文本。

## 不检查什么
能读出一部分的损坏文件、不是年度报告的文件由其他规则报告。
";

const DOC_EN: &str = "\
## What it checks
The file cannot be read at all: it cannot be opened, is in no format gongkai reads (text, HTML, DOCX, PDF,
authoring file), is encrypted or an old .xls, or breaks a safety limit (zip bomb, giant table). The
message gives the reason and the place.

## Why it matters
A file that cannot be read must never pass as checked: in a batch of hundreds of reports it has to be
listed and dealt with.

## Arithmetic
None.

## Invalid example
Binary data named .txt; an encrypted DOCX.

## Valid example
The same report saved as DOCX, PDF or text.

## What it does not check
Damaged files that can be partly read, and files that are no report, are reported by other rules.
";

/// The finding for a file that could not be read; `zh` and `en` say why (with the file and the
/// place, when known).
pub fn finding(zh: impl Into<String>, en: impl Into<String>) -> Diagnostic {
    super::reading_finding(&RULE, zh.into(), en.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_on_bytes_no_reader_takes() {
        let err = gongkai_extract::extract(&[0u8, 1, 2, 3, 0, 5].repeat(200), "noise.bin")
            .expect_err("binary noise is no document");
        let d = finding(err.message(false), err.message(true));
        assert_eq!(d.code, Code::UnreadableFile);
        assert_eq!(d.severity, Severity::Error);
        assert!(!d.message.zh.is_empty() && !d.message.en.is_empty());
    }

    #[test]
    fn silent_on_a_readable_file() {
        assert!(
            gongkai_extract::extract(super::super::support::BASELINE.as_bytes(), "a.txt").is_ok()
        );
    }
}
