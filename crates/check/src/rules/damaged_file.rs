//! F002 `damaged-file`: the file is damaged or cut short; what could be read was read.

use gongkai_model::{Code, Diagnostic, Severity};

use crate::Rule;

/// The rule. The finding comes from reading: the reader marks a file it read only in part (the
/// parser passes that on), and whoever reads a file that is damaged beyond reading builds the
/// finding with [`finding`].
pub const RULE: Rule = Rule {
    code: Code::DamagedFile,
    short: "F002",
    severity: Severity::Error,
    summary: (
        "文件已损坏或不完整（如下载中断的 PDF）：只读出了一部分或完全读不出",
        "the file is damaged or cut short (e.g. an interrupted download): only part of it, or nothing, could be read",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::DamagedFile],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
文件格式可以识别，但文件本身不完整或已损坏：PDF 缺少文件结尾（下载中断）、DOCX 压缩包残缺或缺少正文部分等。
说明中写明缺少什么。能读出的部分照常读出、照常核对，但结果不完整。

## 为什么重要
不完整的文件不能当作“核对通过”：缺失的页面可能正好是统计表。也不能把它当作扫描件或“不是报告”：
需要做的是重新下载完整的文件。

## 算式
无。

## 错误示例
一份在 50% 处中断的 PDF：前几页可读，统计表所在的页面缺失。

## 正确示例
完整下载的同一份 PDF。

## 不检查什么
完全无法识别的文件（见 unreadable-file）；格式完整但内容不是年度报告的文件（见 not-a-report）。
";

const DOC_EN: &str = "\
## What it checks
The file's format is recognised but the file is incomplete or damaged: a PDF without its end (an interrupted
download), a DOCX whose archive is cut short or lacks its main part. The message names what is missing.
What can be read is read and checked, but the result is incomplete.

## Why it matters
An incomplete file must never pass as checked: the missing pages may be the very tables. Nor is it a scan
or 'no report': what it needs is downloading the whole file again.

## Arithmetic
None.

## Invalid example
A PDF cut off at half its length: the first pages read, the pages with the tables are missing.

## Valid example
The same PDF downloaded whole.

## What it does not check
Files in no recognised format (unreadable-file); complete files that are no report (not-a-report).
";

/// The finding for a file damaged beyond reading; `zh` and `en` say what is wrong (with the
/// file and the place, when known).
pub fn finding(zh: impl Into<String>, en: impl Into<String>) -> Diagnostic {
    super::reading_finding(&RULE, zh.into(), en.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;

    fn run_source(source: &gongkai_model::Source) -> Vec<Diagnostic> {
        let (report, diags) = gongkai_parse::parse(source, gongkai_model::SourceId(0));
        let identities = gongkai_model::check_identities(&report);
        let ctx = Context {
            report: &report,
            text: &source.text,
            parse_diagnostics: &diags,
            identities: &identities,
            previous: None,
        };
        crate::run(&RULE, &ctx)
    }

    #[test]
    fn fires_on_a_source_read_only_in_part() {
        let mut source = gongkai_model::Source::from_text("a.pdf", super::super::support::BASELINE);
        source.damage = Some(gongkai_model::Warning {
            position: Some(1000),
            zh: "PDF 文件不完整".into(),
            en: "the PDF is incomplete".into(),
        });
        let found = run_source(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].message.zh.contains("不完整"));
    }

    #[test]
    fn silent_on_a_whole_file() {
        let source = gongkai_model::Source::from_text("a.txt", super::super::support::BASELINE);
        assert!(run_source(&source).is_empty());
    }
}
