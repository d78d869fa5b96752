//! Every word the web pages show, in Chinese (the default) and English: one place, like the
//! template labels in `gongkai_model::labels`. Templates never hold text of their own.

use gongkai_model::labels::Template;
use gongkai_model::{Format, Lang, Severity};

use crate::limits::format_size;

/// The fixed words of the pages in one language.
#[derive(Debug)]
pub struct Words {
    /// The `lang` attribute of the page.
    pub html_lang: &'static str,
    /// The site's name (header, window titles).
    pub site: &'static str,
    /// "Skip to content" link.
    pub skip: &'static str,
    /// The main navigation's accessible name.
    pub nav: &'static str,
    /// Navigation: the check page.
    pub nav_check: &'static str,
    /// Navigation: the API notes.
    pub nav_api: &'static str,
    /// The navigation link to the ledger.
    pub nav_ledger: &'static str,
    /// The link to the other language, written in that language.
    pub switch: &'static str,
    /// The other language's `lang` code.
    pub switch_lang: &'static str,
    /// The footer.
    pub footer: &'static str,
    /// The upload page's heading.
    pub index_title: &'static str,
    /// The upload page's first paragraph.
    pub index_intro: &'static str,
    /// The file input's label.
    pub file_label: &'static str,
    /// The submit button.
    pub check_button: &'static str,
    /// The box on the upload form of a signed-in user who may add to the corpus.
    pub add_label: &'static str,
    /// The hint under that box.
    pub add_hint: &'static str,
    /// The note on the result page once the upload is in the corpus (a link follows).
    pub added: &'static str,
    /// The link to the added report's corpus page.
    pub added_link: &'static str,
    /// The note when adding to the corpus failed (the reason follows).
    pub add_failed: &'static str,
    /// Heading: what the check shows.
    pub what_title: &'static str,
    /// What the check shows.
    pub what_items: [&'static str; 4],
    /// Heading of the API notes.
    pub api_title: &'static str,
    /// The API notes' first paragraph.
    pub api_intro: &'static str,
    /// Caption of the curl examples: check.
    pub api_check: &'static str,
    /// Caption of the curl examples: extract.
    pub api_extract: &'static str,
    /// Caption of the curl examples: English messages.
    pub api_english: &'static str,
    /// The result page's heading.
    pub result_title: &'static str,
    /// Fact labels of the result page.
    pub fact_file: &'static str,
    /// The document format.
    pub fact_format: &'static str,
    /// The template.
    pub fact_template: &'static str,
    /// The agency.
    pub fact_agency: &'static str,
    /// The year.
    pub fact_year: &'static str,
    /// The report's own date.
    pub fact_date: &'static str,
    /// A fact the report does not state.
    pub unknown: &'static str,
    /// Before what the reader noticed.
    pub reading_notes: &'static str,
    /// Heading of the unreadable-file message.
    pub unreadable_title: &'static str,
    /// What to do with an unreadable file.
    pub unreadable_help: &'static str,
    /// Heading of the downloads.
    pub downloads: &'static str,
    /// Under the downloads.
    pub downloads_note: &'static str,
    /// Download labels: DOCX, HTML, cells, model JSON, findings JSON.
    pub download_labels: [&'static str; 5],
    /// Heading of the identities.
    pub identities: &'static str,
    /// Identity table headers: identity, holds, fails, not assessable.
    pub identity_headers: [&'static str; 4],
    /// When the report has no table the identities apply to.
    pub no_identities: &'static str,
    /// Heading of the findings not on a cell.
    pub general: &'static str,
    /// Heading of the report as laid out.
    pub report: &'static str,
    /// Under the report heading.
    pub report_note: &'static str,
    /// Accessible name of the findings beside a table.
    pub table_findings: &'static str,
    /// A finding's link to its cell.
    pub go_to_cell: &'static str,
    /// The disclosure of a finding's other cells.
    pub operands: &'static str,
    /// Before a finding's help.
    pub help: &'static str,
    /// A finding's number, for screen readers ("finding").
    pub finding: &'static str,
    /// Heading of the form under a result.
    pub again: &'static str,
    /// The link back to the upload page.
    pub back: &'static str,
    /// Heading of the 404 page.
    pub not_found: &'static str,
    /// Body of the 404 page.
    pub not_found_text: &'static str,
}

/// 中文.
pub static ZH: Words = Words {
    html_lang: "zh-CN",
    site: "公开 · 年度报告核对",
    skip: "跳到正文",
    nav: "主导航",
    nav_check: "核对报告",
    nav_api: "接口",
    nav_ledger: "台账",
    switch: "English",
    switch_lang: "en",
    footer: "gongkai 公开：上传的文件只在内存中处理，处理完即丢弃，不保存——除非登录用户勾选“核对后加入语料库”。",
    index_title: "核对政府信息公开工作年度报告",
    index_intro: "上传一份年度报告，按国家模板（国办公开办函〔2019〕60号、〔2021〕30号）读出三张统计表，核对勾稽关系，把每个问题标在它所在的单元格上。",
    file_label: "报告文件",
    check_button: "核对",
    add_label: "核对后加入语料库",
    add_hint: "勾选后，这份文件在核对后保存到服务器的语料库中（记入审计日志）；不勾选则不保存。",
    added: "这份文件已加入语料库。",
    added_link: "在语料库中查看",
    add_failed: "未能加入语料库：",
    what_title: "核对结果包括",
    what_items: [
        "按国家模板排版的报告，有问题的单元格标出颜色，旁边是说明和原文中的位置（行号、页码或表格单元格）；",
        "勾稽关系 I1–I4 在每一列、每一行、每一组的核对结果；",
        "结构、单元格、正文与表格、发布期限等规则的发现；",
        "下载按模板重排的 Word 文档、网页、单元格 TSV 和 JSON。",
    ],
    api_title: "接口",
    api_intro: "同样的核对可以由程序调用：不需要登录，不需要 CSRF 令牌（接口不改变任何数据），上传的字段名为 file。",
    api_check: "核对：返回与 gongkai check --format json 相同的 JSON 数组",
    api_extract: "读取：返回与 gongkai extract --format json 相同的模型",
    api_english: "英文说明：加 ?lang=en",
    result_title: "核对结果",
    fact_file: "文件",
    fact_format: "格式",
    fact_template: "模板",
    fact_agency: "机关",
    fact_year: "年度",
    fact_date: "落款日期",
    unknown: "未读出",
    reading_notes: "读取时注意到",
    unreadable_title: "无法读取这个文件",
    unreadable_help: "请上传纯文本、网页（HTML）、Word（DOCX）或有文字层的 PDF；旧版 .doc、.wps 请先另存为 DOCX 或 PDF，扫描件需先做文字识别（OCR）。",
    downloads: "下载",
    downloads_note: "按国家模板重新排版；数字按原文输出，不作更正，空白仍为空白。",
    download_labels: [
        "Word 文档（DOCX）",
        "网页（HTML）",
        "单元格（TSV）",
        "模型（JSON）",
        "核对结果（JSON）",
    ],
    identities: "勾稽关系 I1–I4",
    identity_headers: ["关系", "成立", "不成立", "无法核对"],
    no_identities: "报告中没有可核对勾稽关系的表三、表四。",
    general: "其他发现",
    report: "报告（按国家模板排版）",
    report_note: "有问题的单元格标出颜色：红色为错误，黄色为警告，蓝色为提示；虚线框为相关的单元格。单元格中的编号链接到旁边的说明。",
    table_findings: "本表的发现",
    go_to_cell: "看单元格",
    operands: "相关单元格",
    help: "帮助：",
    finding: "发现",
    again: "核对另一份报告",
    back: "返回上传页面",
    not_found: "找不到这个页面",
    not_found_text: "地址可能有误。",
};

/// English.
pub static EN: Words = Words {
    html_lang: "en",
    site: "gongkai · annual report checker",
    skip: "Skip to content",
    nav: "Main",
    nav_check: "Check a report",
    nav_api: "API",
    nav_ledger: "Ledger",
    switch: "中文",
    switch_lang: "zh-CN",
    footer: "gongkai 公开: uploads are processed in memory, dropped when done, and never stored — unless a signed-in user ticks “Add to the corpus”.",
    index_title: "Check a government information disclosure annual report",
    index_intro: "Upload an annual report: its three tables are read in the national template (国办公开办函〔2019〕60号 and 〔2021〕30号), the template's identities are checked, and every problem is marked on its cell.",
    file_label: "Report file",
    check_button: "Check",
    add_label: "Add to the corpus after the check",
    add_hint: "When ticked, the file is kept in the server's corpus after the check (and the audit log says so); otherwise it is not stored.",
    added: "This file has been added to the corpus.",
    added_link: "See it in the corpus",
    add_failed: "Could not add it to the corpus: ",
    what_title: "The result shows",
    what_items: [
        "the report laid out in the national template, each cell with a problem coloured, with the explanation beside it and where it is in the original (line, page or table cell);",
        "identities I1–I4 at every column, row and group;",
        "the findings of the rules on structure, cells, text against tables and the publication deadline;",
        "downloads of the report in the template as Word, HTML, cells TSV and JSON.",
    ],
    api_title: "API",
    api_intro: "Programs can run the same check: no sign-in and no CSRF token (the API changes nothing); the upload's field is named file.",
    api_check: "Check: the JSON array of gongkai check --format json",
    api_extract: "Extract: the model, as gongkai extract --format json",
    api_english: "English messages: add ?lang=en",
    result_title: "Check result",
    fact_file: "File",
    fact_format: "Format",
    fact_template: "Template",
    fact_agency: "Agency",
    fact_year: "Year",
    fact_date: "Dated",
    unknown: "not found",
    reading_notes: "Noticed while reading",
    unreadable_title: "This file could not be read",
    unreadable_help: "Upload plain text, HTML, Word (DOCX) or a PDF with a text layer; save old .doc and .wps files as DOCX or PDF first, and run OCR on scans.",
    downloads: "Downloads",
    downloads_note: "Laid out in the national template; numbers as the report prints them, never corrected; blanks stay blank.",
    download_labels: [
        "Word (DOCX)",
        "Web page (HTML)",
        "Cells (TSV)",
        "Model (JSON)",
        "Findings (JSON)",
    ],
    identities: "Identities I1–I4",
    identity_headers: ["Identity", "Hold", "Fail", "Not assessable"],
    no_identities: "The report has no table 三 or 四 to check identities on.",
    general: "Other findings",
    report: "The report in the national template",
    report_note: "Cells with a problem are coloured: red for errors, yellow for warnings, blue for notes; a dashed frame marks the other cells involved. The number in a cell links to the explanation beside the table.",
    table_findings: "Findings in this table",
    go_to_cell: "go to the cell",
    operands: "Cells involved",
    help: "help: ",
    finding: "finding",
    again: "Check another report",
    back: "Back to the upload page",
    not_found: "Page not found",
    not_found_text: "The address may be wrong.",
};

/// The words of `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The `lang=` value of a language.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// The hint under the file input, with the size limit.
pub fn file_hint(lang: Lang, max_upload: u64) -> String {
    let size = format_size(max_upload);
    match lang {
        Lang::Zh => format!(
            "纯文本、网页（HTML）、Word（DOCX）或有文字层的 PDF，不超过 {size}。文件只在内存中核对，不保存。"
        ),
        Lang::En => format!(
            "Plain text, HTML, Word (DOCX) or a PDF with a text layer, up to {size}. The file is checked in memory and never stored."
        ),
    }
}

/// The limits, for the API notes.
pub fn limits_note(lang: Lang, max_upload: u64, checks: usize, seconds: u64) -> String {
    let size = format_size(max_upload);
    match lang {
        Lang::Zh => format!(
            "限制：单个上传不超过 {size}（超出时返回 HTTP 413）；同时核对 {checks} 份，其余排队；每份核对不超过 {seconds} 秒。"
        ),
        Lang::En => format!(
            "Limits: uploads up to {size} (larger ones get HTTP 413); {checks} checks at a time, the rest wait their turn; {seconds} seconds per check."
        ),
    }
}

/// How the document was read, for people.
pub fn format_name(format: &Format, lang: Lang) -> String {
    match (format, lang) {
        (Format::Text { encoding, .. }, Lang::Zh) => format!("纯文本（{encoding}）"),
        (Format::Text { encoding, .. }, Lang::En) => format!("plain text ({encoding})"),
        (Format::Html { encoding }, Lang::Zh) => format!("网页（{encoding}）"),
        (Format::Html { encoding }, Lang::En) => format!("HTML ({encoding})"),
        (Format::Docx, Lang::Zh) => "Word 文档（DOCX）".to_string(),
        (Format::Docx, Lang::En) => "Word document (DOCX)".to_string(),
        (Format::Pdf { pages }, Lang::Zh) => format!("PDF（{pages} 页）"),
        (Format::Pdf { pages }, Lang::En) => format!("PDF ({pages} pages)"),
        (Format::Doc, Lang::Zh) => "Word 97–2003 文档（DOC/WPS）".to_string(),
        (Format::Doc, Lang::En) => "Word 97–2003 document (DOC/WPS)".to_string(),
        (Format::Ofd { pages }, Lang::Zh) => format!("OFD 版式文件（{pages} 页）"),
        (Format::Ofd { pages }, Lang::En) => format!("OFD ({pages} pages)"),
        (
            Format::Scan {
                container, pages, ..
            },
            Lang::Zh,
        ) => {
            format!("扫描件（{container}，{pages} 页，文字识别）")
        }
        (
            Format::Scan {
                container, pages, ..
            },
            Lang::En,
        ) => {
            format!("scan ({container}, {pages} pages, recognised by OCR)")
        }
    }
}

/// The template, for people.
pub fn template_name(template: Option<Template>, lang: Lang) -> String {
    match (template, lang) {
        (Some(Template::Y2021), Lang::Zh) => "2021 年模板（国办公开办函〔2021〕30号）".to_string(),
        (Some(Template::Y2021), Lang::En) => "2021 template (国办公开办函〔2021〕30号)".to_string(),
        (Some(Template::Y2019), Lang::Zh) => "2019 年模板（国办公开办函〔2019〕60号）".to_string(),
        (Some(Template::Y2019), Lang::En) => "2019 template (国办公开办函〔2019〕60号)".to_string(),
        (Some(Template::Pre2019), Lang::Zh) => "2019 年以前的旧格式（无国家模板表格）".to_string(),
        (Some(Template::Pre2019), Lang::En) => "pre-2019 format (no template tables)".to_string(),
        (None, _) => words(lang).unknown.to_string(),
    }
}

/// The summary line of a result.
pub fn summary(lang: Lang, errors: usize, warnings: usize, notes: usize) -> String {
    match lang {
        Lang::Zh if errors + warnings + notes == 0 => "没有发现问题。".to_string(),
        Lang::En if errors + warnings + notes == 0 => "No problems found.".to_string(),
        Lang::Zh => format!("错误 {errors} 个，警告 {warnings} 个，提示 {notes} 个。"),
        Lang::En => format!("{errors} errors, {warnings} warnings, {notes} notes."),
    }
}

/// Where a finding is in the decoded text.
pub fn line_column(lang: Lang, line: usize, column: usize) -> String {
    match lang {
        Lang::Zh => format!("第 {line} 行第 {column} 列"),
        Lang::En => format!("line {line}, column {column}"),
    }
}

/// An identity that fails at one place.
pub fn mismatch(lang: Lang, scope: &str, lhs: i64, rhs: i64, difference: i64) -> String {
    match lang {
        Lang::Zh => format!("{scope}：{lhs} ≠ {rhs}（相差 {difference}）"),
        Lang::En => format!("{scope}: {lhs} ≠ {rhs} (difference {difference})"),
    }
}

/// The CSS class of a level.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}
