//! F003 `not-a-report`: the file is no government information disclosure annual report.

use gongkai_model::{Code, Severity};

use crate::Rule;

/// The rule. The parser decides from the text's own evidence; the rule passes the finding on,
/// and the rule set then says nothing else about the file.
pub const RULE: Rule = Rule {
    code: Code::NotAReport,
    short: "F003",
    severity: Severity::Error,
    summary: (
        "文件不是政府信息公开工作年度报告（空文件、登录页、其他文章等）",
        "the file is no government information disclosure annual report (empty, a login page, other prose …)",
    ),
    doc: (DOC_ZH, DOC_EN),
    forwards: &[Code::NotAReport],
    check: None,
};

const DOC_ZH: &str = "\
## 检查什么
文件能读取，但不是年度报告。年度报告至少要有下列证据中的两种：标题是“……年度报告”（或正文中“现公布……年度报告”
一句），六个部分中至少两个带序号的标题（或 2019 年以前旧式报告的提纲），模板统计表的表头文字，统计期限一句
（“本报告所列数据的统计期限自……年1月1日起……”）。引用的国办公开办函只用来判断模板，文件名从不作为依据。
空文件、网站的登录页或栏目页、无关的文章都会报告。

## 为什么重要
汇总数百份下载的文件时，不是报告的文件若显示“0 个错误”，就会被当作已核对的报告漏掉。

## 算式
证据种类数 ≥ 2。

## 错误示例
一个只有“用户登录 / 密码 / 验证码”的网页；一个空文件。

## 正确示例
标题为“青禾县市场监督管理局2024年政府信息公开工作年度报告”、有六个部分和三张表的报告。

## 不检查什么
报告是否完整（见 missing-section、missing-table）；文件损坏（见 damaged-file）。
";

const DOC_EN: &str = "\
## What it checks
The file can be read but is no annual report. A report shows at least two kinds of its own evidence: a
……年度报告 title (or the sentence 现公布……年度报告), two of the six numbered section headings (or the outline of
a pre-2019 report), a template table's header words, the statistics-period sentence (本报告所列数据的统计期限
自……年1月1日起……). A cited 国办公开办函 only helps pick the template; the file name never counts. Empty files,
a site's login or listing page, unrelated prose are reported.

## Why it matters
When hundreds of downloaded files are checked, a file that is no report must not show '0 errors' and slip
through as a checked report.

## Arithmetic
kinds of evidence ≥ 2.

## Invalid example
A page holding only 用户登录 / 密码 / 验证码; an empty file.

## Valid example
A report titled 青禾县市场监督管理局2024年政府信息公开工作年度报告 with its six sections and three tables.

## What it does not check
Whether the report is complete (missing-section, missing-table); damaged files (damaged-file).
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::support::{BASELINE, run};

    #[test]
    fn fires_on_empty_files_login_pages_and_prose() {
        for text in [
            "",
            "用户登录\n用户名\n密码\n验证码\n忘记密码？\n",
            "关于开展2024年度安全生产检查的通知\n各单位：为做好安全生产工作，现将有关事项通知如下。\n",
        ] {
            let found = run(&RULE, text);
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            assert_eq!(found[0].severity, Severity::Error);
        }
    }

    #[test]
    fn silent_on_a_report_even_without_its_title() {
        assert!(run(&RULE, BASELINE).is_empty());
        let untitled = &BASELINE[BASELINE.find('\n').unwrap()..];
        assert!(run(&RULE, untitled).is_empty());
    }
}
