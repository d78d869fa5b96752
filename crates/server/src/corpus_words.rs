//! Every word of the corpus screens (语料库) in Chinese and English, kept apart from the check
//! pages' words (`words.rs`) so the two sets of screens can grow without touching each other.

use gongkai_model::Lang;

/// The fixed words of the corpus screens in one language.
#[derive(Debug)]
pub struct CorpusWords {
    /// Navigation: the corpus.
    pub nav: &'static str,
    /// The summary page's heading.
    pub summary_title: &'static str,
    /// Under the summary's heading.
    pub summary_intro: &'static str,
    /// Heading of the filter form.
    pub filter: &'static str,
    /// Filter: text in the file name or agency.
    pub search: &'static str,
    /// Filter: the year.
    pub year: &'static str,
    /// Any value (a select's first option).
    pub any: &'static str,
    /// Filter: the status.
    pub status: &'static str,
    /// Filter: late reports only.
    pub late_only: &'static str,
    /// Filter: files with errors only.
    pub errors_only: &'static str,
    /// Filter: show the register's bodies with no report for the year.
    pub show_missing: &'static str,
    /// The filter button.
    pub apply: &'static str,
    /// The link that clears the filters.
    pub clear: &'static str,
    /// Column headers of the summary table.
    pub columns: [&'static str; 10],
    /// The caption of the summary table (screen readers; sorting hint).
    pub caption: &'static str,
    /// Accessible name of a row's compare checkbox.
    pub select: &'static str,
    /// The compare button under the table.
    pub compare_selected: &'static str,
    /// Marks a copy of another file.
    pub copy_of: &'static str,
    /// Marks an older version.
    pub older: &'static str,
    /// When no row matches.
    pub no_rows: &'static str,
    /// Heading: bodies with no report.
    pub missing_title: &'static str,
    /// When `missing` is asked without a year.
    pub missing_needs_year: &'static str,
    /// When the register is empty.
    pub no_register: &'static str,
    /// When every body of the register has a report.
    pub none_missing: &'static str,
    /// Heading: bodies with more than one report.
    pub several_title: &'static str,
    /// Heading: files ingest did not take.
    pub skipped_title: &'static str,
    /// The report page's heading (before the agency).
    pub report_title: &'static str,
    /// Fact labels of a document: status, timeliness, version, size, source URL, fetched,
    /// stored path.
    pub facts: [&'static str; 7],
    /// The version's text: "版本 {n}，计入" etc.: counted.
    pub counted: &'static str,
    /// See `counted`: not counted.
    pub not_counted: &'static str,
    /// Heading: versions.
    pub versions: &'static str,
    /// Under the versions.
    pub versions_note: &'static str,
    /// This document (in a list of versions).
    pub this_one: &'static str,
    /// A link: compare with this one.
    pub compare_with: &'static str,
    /// A link: compare with last year's report.
    pub compare_last_year: &'static str,
    /// The link to the body's card.
    pub card: &'static str,
    /// Heading: findings stored.
    pub findings: &'static str,
    /// No findings.
    pub no_findings: &'static str,
    /// Heading: cells stored (when the file cannot be read again).
    pub cells: &'static str,
    /// Why the stored cells are shown rather than the report in the template.
    pub file_gone: &'static str,
    /// Where the source file now holds other content.
    pub file_changed: &'static str,
    /// Cell table headers: key, value, kind.
    pub cell_headers: [&'static str; 3],
    /// The compare page's heading.
    pub compare_title: &'static str,
    /// Under the compare heading.
    pub compare_intro: &'static str,
    /// When the compare page is not given two reports.
    pub compare_needs_two: &'static str,
    /// When the two reports are of different templates.
    pub compare_templates: &'static str,
    /// Compare table headers: key, A, B, difference.
    pub compare_headers: [&'static str; 2],
    /// Difference column.
    pub difference: &'static str,
    /// Filter: only differing cells.
    pub only_different: &'static str,
    /// Count of differing cells: "{n} 个单元格不同".
    pub differ: &'static str,
    /// The roll-up page's heading.
    pub rollup_title: &'static str,
    /// Under the roll-up heading.
    pub rollup_intro: &'static str,
    /// Roll-up form: the roll-up's name.
    pub rollup_name: &'static str,
    /// Roll-up form: the parent body.
    pub rollup_parent: &'static str,
    /// Roll-up form: the 行政区划 code.
    pub rollup_region: &'static str,
    /// Roll-up form button.
    pub rollup_button: &'static str,
    /// The default roll-up name.
    pub rollup_default_name: &'static str,
    /// Heading: the roll-up's inputs.
    pub inputs: &'static str,
    /// Heading: uncertain cells.
    pub uncertain: &'static str,
    /// Under uncertain cells.
    pub uncertain_note: &'static str,
    /// Roll-up downloads: authoring TOML, DOCX, JSON.
    pub rollup_downloads: [&'static str; 3],
    /// Under the roll-up downloads.
    pub rollup_downloads_note: &'static str,
    /// Heading: the roll-up in the template.
    pub rollup_report: &'static str,
    /// The roll-up could not be made.
    pub rollup_refused: &'static str,
    /// The server has no corpus.
    pub no_corpus: &'static str,
    /// No such document.
    pub no_document: &'static str,
    /// A database error.
    pub db_error: &'static str,
    /// Partial sum label in an uncertain cell.
    pub partial: &'static str,
}

/// 中文.
pub static ZH: CorpusWords = CorpusWords {
    nav: "语料库",
    summary_title: "语料库：报告汇总表",
    summary_intro: "每个文件一行：状态、机关、年度、模板、落款日期、是否逾期（第四十九条，以落款日期代发布日期）和发现的问题数。点列名排序；用下面的条件筛选。",
    filter: "筛选",
    search: "文件名或机关包含",
    year: "年度",
    any: "全部",
    status: "状态",
    late_only: "只看逾期",
    errors_only: "只看有错误的",
    show_missing: "列出名册中没有报告的机关（需选年度）",
    apply: "筛选",
    clear: "清除条件",
    columns: [
        "文件",
        "状态",
        "机关",
        "年度",
        "模板",
        "落款日期（代发布日期）",
        "是否逾期",
        "错误",
        "警告",
        "提示",
    ],
    caption: "报告汇总表（点列名按该列排序，再点一次倒序）",
    select: "选中以对比",
    compare_selected: "对比选中的两份报告",
    copy_of: "与此文件相同：",
    older: "旧版本，不计入",
    no_rows: "没有符合条件的文件。",
    missing_title: "名册中没有报告的机关",
    missing_needs_year: "请先选择年度，才能列出没有报告的机关。",
    no_register: "还没有导入机关名册（gongkai agencies import register.csv --db 数据库）。",
    none_missing: "名册中的机关都有报告。",
    several_title: "名册中有多份报告的机关",
    skipped_title: "入库时未收录的文件",
    report_title: "报告",
    facts: [
        "状态",
        "是否逾期（第四十九条）",
        "版本",
        "大小",
        "来源网址",
        "抓取日期",
        "入库路径",
    ],
    counted: "计入（最新版本）",
    not_counted: "不计入（有更新的版本）",
    versions: "同一机关同一年度的各版本",
    versions_note: "更正后重新发布的报告是新版本：最新的计入汇总，旧的仍可查看。",
    this_one: "（本页）",
    compare_with: "对比",
    compare_last_year: "与上一年度报告对比",
    card: "该机关的数据卡片（历年图表、同类位置）",
    findings: "发现的问题",
    no_findings: "没有发现问题。",
    cells: "入库的单元格",
    file_gone: "原文件已不在入库时的位置，下面是入库时保存的单元格和发现。",
    file_changed: "原位置的文件内容已经改变，下面是入库时保存的单元格和发现。",
    cell_headers: ["单元格", "数值", "类型"],
    compare_title: "两份报告对比",
    compare_intro: "按国家模板逐个单元格对比两份报告（同一机关的两个年度，或两个机关的同一年度）；不同的单元格标出颜色。",
    compare_needs_two: "请选择两份报告：在汇总表中勾选两行，或从报告页的链接进入。",
    compare_templates: "两份报告使用不同的模板，不能逐个单元格对比。",
    compare_headers: ["单元格", "差（右减左）"],
    difference: "差",
    only_different: "只看不同的单元格",
    differ: "个单元格不同",
    rollup_title: "汇总报告",
    rollup_intro: "把语料库中的报告（每个机关每个年度的最新版本）逐个单元格相加，得到同一模板的汇总报告。空白仍为空白；有的报告空白时按 0 计并列出；某个报告中无法读出或为“/”“—”的单元格，汇总结果不确定，留空并列出部分和。",
    rollup_name: "汇总报告的机关名称",
    rollup_parent: "上级机关（名册中的名称或统一社会信用代码，可不填）",
    rollup_region: "行政区划代码（可不填）",
    rollup_button: "汇总",
    rollup_default_name: "汇总",
    inputs: "参与汇总的报告",
    uncertain: "不确定的单元格",
    uncertain_note: "这些单元格在某些报告中没有数字，汇总表中留空；括号内为其余报告的合计。",
    rollup_downloads: [
        "编写文件（TOML，填写正文后用 gongkai render 生成）",
        "Word 文档（DOCX）",
        "汇总结果（JSON）",
    ],
    rollup_downloads_note: "汇总只相加表格中的数字；正文部分请在编写文件中填写。",
    rollup_report: "汇总报告（按国家模板排版）",
    rollup_refused: "无法汇总",
    no_corpus: "本服务没有语料库。请用 gongkai ingest 入库，再用 gongkai serve --corpus 数据库文件 启动。",
    no_document: "语料库中没有这份文件。",
    db_error: "读取语料库出错",
    partial: "部分和",
};

/// English.
pub static EN: CorpusWords = CorpusWords {
    nav: "Corpus",
    summary_title: "Corpus: summary of the reports",
    summary_intro: "One row per file: status, agency, year, template, the report's own date, late or not (article 49, the date standing in for the publication date) and the findings. Click a column header to sort; filter with the form below.",
    filter: "Filter",
    search: "File or agency contains",
    year: "Year",
    any: "all",
    status: "Status",
    late_only: "Late only",
    errors_only: "With errors only",
    show_missing: "List the register's bodies with no report (needs a year)",
    apply: "Filter",
    clear: "Clear",
    columns: [
        "File",
        "Status",
        "Agency",
        "Year",
        "Template",
        "Dated (for publication date)",
        "Late",
        "Errors",
        "Warnings",
        "Notes",
    ],
    caption: "Summary of the reports (click a column header to sort by it, again to reverse)",
    select: "select to compare",
    compare_selected: "Compare the two selected reports",
    copy_of: "copy of ",
    older: "older version, not counted",
    no_rows: "No file matches.",
    missing_title: "Bodies of the register with no report",
    missing_needs_year: "Choose a year to list the bodies with no report.",
    no_register: "No register of bodies has been imported (gongkai agencies import register.csv --db FILE).",
    none_missing: "Every body of the register has a report.",
    several_title: "Bodies of the register with more than one report",
    skipped_title: "Files the ingest did not take",
    report_title: "Report",
    facts: [
        "Status",
        "Late (article 49)",
        "Version",
        "Size",
        "Source URL",
        "Fetched",
        "Stored path",
    ],
    counted: "counted (newest version)",
    not_counted: "not counted (a newer version exists)",
    versions: "Versions of the same body and year",
    versions_note: "A corrected re-publication is a new version: the newest counts in roll-ups, the older stay visible.",
    this_one: "(this page)",
    compare_with: "compare",
    compare_last_year: "Compare with last year's report",
    card: "The body's card (charts over the years, place among peers)",
    findings: "Findings",
    no_findings: "No findings.",
    cells: "Cells stored",
    file_gone: "The file is no longer where it was ingested from: these are the cells and findings stored then.",
    file_changed: "The file at that place now holds other content: these are the cells and findings stored at ingest.",
    cell_headers: ["Cell", "Value", "Kind"],
    compare_title: "Two reports side by side",
    compare_intro: "Two reports compared cell by cell in the national template (one body's two years, or two bodies' same year); cells that differ are coloured.",
    compare_needs_two: "Choose two reports: tick two rows of the summary, or follow a link on a report's page.",
    compare_templates: "The two reports use different templates and cannot be compared cell by cell.",
    compare_headers: ["Cell", "Difference (right − left)"],
    difference: "difference",
    only_different: "Only cells that differ",
    differ: "cells differ",
    rollup_title: "Roll-up",
    rollup_intro: "The reports of the corpus (the newest version of each body and year) summed cell by cell into one report in the same template. Blank stays blank; a blank in some reports counts as 0 and those reports are named; a cell that some report leaves unread or marks “/” or “—” is uncertain: left empty, with the partial sum listed.",
    rollup_name: "Name of the body the roll-up is for",
    rollup_parent: "Parent body (name or credit code in the register; optional)",
    rollup_region: "Administrative division code (optional)",
    rollup_button: "Roll up",
    rollup_default_name: "Roll-up",
    inputs: "Reports rolled up",
    uncertain: "Uncertain cells",
    uncertain_note: "Some reports have no number in these cells; they are left empty in the roll-up. The partial sum of the others is in brackets.",
    rollup_downloads: [
        "Authoring file (TOML: write the text, then gongkai render)",
        "Word (DOCX)",
        "Roll-up (JSON)",
    ],
    rollup_downloads_note: "The roll-up sums the tables' numbers only; write the text sections in the authoring file.",
    rollup_report: "The roll-up in the national template",
    rollup_refused: "Cannot roll up",
    no_corpus: "This server has no corpus. Ingest reports with gongkai ingest, then start gongkai serve --corpus FILE.",
    no_document: "The corpus has no such file.",
    db_error: "Error reading the corpus",
    partial: "partial sum",
};

/// The corpus words of `lang`.
pub fn corpus_words(lang: Lang) -> &'static CorpusWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
